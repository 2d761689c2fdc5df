// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "ptrap" (uapi/linux/ptrap.h), spoken raw over
 * a NETLINK_GENERIC socket: every command, the policy's scope levels and
 * limits, privilege checks, malformed requests (refused with an extended
 * ACK, the module unharmed), DETACH_SESSION with tracees in every kind of
 * stop, counters that add up, the events of a scripted session (a child
 * auto-attached by TRACEFORK included), dumps flagged NLM_F_DUMP_INTR when
 * what they show changes under them, the ids of a session in another pid
 * namespace, and the audit records of a policy change and a DETACH_SESSION.
 *
 * Needs the module; on a host without it every case SKIPs. Runs as root
 * (the VM); cases drop privileges in forked children. Every case restores
 * the policy it changed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/ptrap.h>

#include "kselftest_harness.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define NL_BUF		65536
#define TMO_MS		10000

/* ---- raw generic netlink ---- */

struct nlreq {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char attrs[1024];
};

struct nlans {
	int err;		/* errno of the answer, 0 for an ACK */
	char msg[256];		/* extended ACK message */
	int nmsgs;		/* answers (not counting the ACK/DONE) */
	bool intr;		/* a message had NLM_F_DUMP_INTR */
	/* the attributes of the last answer */
	struct nlattr *tb[PTRAP_A_MAX + 1];
	char last[8192];
};

static int nl_family = -1;
static int nl_events_grp = -1;
static unsigned int nl_seq = 1;

static int nl_socket(void)
{
	int fd, one = 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd >= 0)
		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

static void nl_init(struct nlreq *r, int family, uint8_t cmd, int flags)
{
	memset(r, 0, sizeof(*r));
	r->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->nlh.nlmsg_type = family;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->nlh.nlmsg_seq = nl_seq++;
	r->genl.cmd = cmd;
	r->genl.version = PTRAP_GENL_VERSION;
}

static struct nlattr *nl_put(struct nlreq *r, int type, const void *data,
			     int len)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->nlh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void nl_put_u8(struct nlreq *r, int type, uint8_t v)
{
	nl_put(r, type, &v, 1);
}

static void nl_put_u32(struct nlreq *r, int type, uint32_t v)
{
	nl_put(r, type, &v, 4);
}

static struct nlattr *nl_nest(struct nlreq *r, int type)
{
	return nl_put(r, type | NLA_F_NESTED, NULL, 0);
}

static void nl_nest_end(struct nlreq *r, struct nlattr *a)
{
	a->nla_len = (char *)r + r->nlh.nlmsg_len - (char *)a;
}

static void nl_parse(struct nlattr **tb, int max, void *data, int len)
{
	struct nlattr *a;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	for (a = data; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	     a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		int t = a->nla_type & NLA_TYPE_MASK;

		if (t <= max)
			tb[t] = a;
	}
}

#define NLA_DATA(a)	((void *)((char *)(a) + NLA_HDRLEN))
#define NLA_LEN(a)	((a)->nla_len - NLA_HDRLEN)
#define NLA_U8(a)	(*(uint8_t *)NLA_DATA(a))
#define NLA_U32(a)	(*(uint32_t *)NLA_DATA(a))
#define NLA_U64(a)	(*(uint64_t *)NLA_DATA(a))

static void nl_nested(struct nlattr **tb, int max, struct nlattr *nest)
{
	nl_parse(tb, max, NLA_DATA(nest), NLA_LEN(nest));
}

typedef void (*nl_each_fn)(struct nlattr **tb, void *arg);

/*
 * Send @r on @fd, collect the answers (each one's top attributes to @each)
 * up to the ACK, error or DONE. Returns 0 or -1 (transport error).
 */
static int nl_talk(int fd, struct nlreq *r, struct nlans *ans,
		   nl_each_fn each, void *arg)
{
	static char buf[NL_BUF];
	struct nlmsghdr *nlh;
	int len;

	memset(ans, 0, sizeof(*ans));
	if (send(fd, r, r->nlh.nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, TMO_MS) != 1)
			return -1;
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0)
			return -1;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != r->nlh.nlmsg_seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				ans->intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);
				struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
				int off = sizeof(*e);

				ans->err = -e->error;
				if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
					if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
						off += e->msg.nlmsg_len - sizeof(e->msg);
					nl_parse(tb, NLMSGERR_ATTR_MAX,
						 (char *)e + off,
						 nlh->nlmsg_len - NLMSG_HDRLEN - off);
					if (tb[NLMSGERR_ATTR_MSG])
						snprintf(ans->msg, sizeof(ans->msg),
							 "%s", (char *)NLA_DATA(tb[NLMSGERR_ATTR_MSG]));
				}
				/* A dump's ACK comes after its DONE only if asked. */
				return 0;
			}
			ans->nmsgs++;
			len -= 0;
			memcpy(ans->last, nlh, nlh->nlmsg_len < sizeof(ans->last) ?
			       nlh->nlmsg_len : sizeof(ans->last));
			nl_parse(ans->tb, PTRAP_A_MAX,
				 ans->last + NLMSG_HDRLEN + GENL_HDRLEN,
				 nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
			if (each)
				each(ans->tb, arg);
		}
	}
}

/* Resolve the family and its events group (once). 0, or -1 if absent. */
static int nl_resolve(void)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *g, *gt[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct nlreq r;
	struct nlans *ans;
	int fd, rem, ret = -1;

	if (nl_family > 0)
		return 0;
	fd = nl_socket();
	ans = malloc(sizeof(*ans));
	if (fd < 0 || !ans)
		goto out;
	nl_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	r.genl.version = 1;
	nl_put(&r, CTRL_ATTR_FAMILY_NAME, PTRAP_GENL_NAME,
	       sizeof(PTRAP_GENL_NAME));
	if (nl_talk(fd, &r, ans, NULL, NULL) || ans->err || !ans->nmsgs)
		goto out;
	nl_parse(tb, CTRL_ATTR_MAX,
		 ans->last + NLMSG_HDRLEN + GENL_HDRLEN,
		 ((struct nlmsghdr *)ans->last)->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_MCAST_GROUPS])
		goto out;
	nl_family = *(uint16_t *)NLA_DATA(tb[CTRL_ATTR_FAMILY_ID]);
	g = NLA_DATA(tb[CTRL_ATTR_MCAST_GROUPS]);
	for (rem = NLA_LEN(tb[CTRL_ATTR_MCAST_GROUPS]); rem >= NLA_HDRLEN;
	     rem -= NLA_ALIGN(g->nla_len),
	     g = (struct nlattr *)((char *)g + NLA_ALIGN(g->nla_len))) {
		nl_nested(gt, CTRL_ATTR_MCAST_GRP_MAX, g);
		if (gt[CTRL_ATTR_MCAST_GRP_NAME] && gt[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(NLA_DATA(gt[CTRL_ATTR_MCAST_GRP_NAME]),
			    PTRAP_GENL_MCGRP_EVENTS))
			nl_events_grp = NLA_U32(gt[CTRL_ATTR_MCAST_GRP_ID]);
	}
	ret = nl_events_grp > 0 ? 0 : -1;
out:
	free(ans);
	if (fd >= 0)
		close(fd);
	return ret;
}

/* One request with no attribute: the answer's errno. */
static int nl_simple(int fd, uint8_t cmd, struct nlans *ans)
{
	struct nlreq r;

	nl_init(&r, nl_family, cmd, 0);
	if (nl_talk(fd, &r, ans, NULL, NULL))
		return -1;
	return ans->err;
}

struct policy {
	int scope;
	int64_t max_sessions, max_tracees;
	int force_exitkill;
};

#define POLICY_KEEP	{ -1, -1, -1, -1 }

static int nl_set_policy(int fd, struct policy p, struct nlans *ans)
{
	struct nlattr *n;
	struct nlreq r;

	nl_init(&r, nl_family, PTRAP_CMD_SET_POLICY, 0);
	n = nl_nest(&r, PTRAP_A_POLICY);
	if (p.scope >= 0)
		nl_put_u8(&r, PTRAP_POLICY_A_SCOPE, p.scope);
	if (p.max_sessions >= 0)
		nl_put_u32(&r, PTRAP_POLICY_A_MAX_SESSIONS_PER_USER, p.max_sessions);
	if (p.max_tracees >= 0)
		nl_put_u32(&r, PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION, p.max_tracees);
	if (p.force_exitkill >= 0)
		nl_put_u8(&r, PTRAP_POLICY_A_FORCE_EXITKILL, p.force_exitkill);
	nl_nest_end(&r, n);
	if (nl_talk(fd, &r, ans, NULL, NULL))
		return -1;
	return ans->err;
}

static int nl_get_policy(int fd, struct policy *p)
{
	struct nlattr *tb[PTRAP_POLICY_A_MAX + 1];
	struct nlans ans;

	if (nl_simple(fd, PTRAP_CMD_GET_POLICY, &ans) || !ans.tb[PTRAP_A_POLICY])
		return -1;
	nl_nested(tb, PTRAP_POLICY_A_MAX, ans.tb[PTRAP_A_POLICY]);
	p->scope = NLA_U8(tb[PTRAP_POLICY_A_SCOPE]);
	p->max_sessions = NLA_U32(tb[PTRAP_POLICY_A_MAX_SESSIONS_PER_USER]);
	p->max_tracees = NLA_U32(tb[PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION]);
	p->force_exitkill = NLA_U8(tb[PTRAP_POLICY_A_FORCE_EXITKILL]);
	return 0;
}

/* The default policy, which every case leaves behind. */
static void policy_restore(void)
{
	struct policy p = { 0, 0, 0, 0 };
	struct nlans ans;
	int fd = nl_socket();

	if (fd >= 0) {
		nl_set_policy(fd, p, &ans);
		close(fd);
	}
}

/* ---- stats ---- */

struct stats {
	uint64_t cnt[PTRAP_CNT_MAX + 1];
	uint64_t lat[PTRAP_LATENCY_BUCKETS];
	uint64_t since;
};

static int nl_get_stats(int fd, struct stats *st)
{
	struct nlattr *s[PTRAP_STATS_A_MAX + 1], *a;
	struct nlans ans;
	int rem;

	memset(st, 0, sizeof(*st));
	if (nl_simple(fd, PTRAP_CMD_GET_STATS, &ans) || !ans.tb[PTRAP_A_STATS])
		return -1;
	nl_nested(s, PTRAP_STATS_A_MAX, ans.tb[PTRAP_A_STATS]);
	if (!s[PTRAP_STATS_A_COUNTERS] || !s[PTRAP_STATS_A_LATENCY] ||
	    !s[PTRAP_STATS_A_SINCE])
		return -1;
	st->since = NLA_U64(s[PTRAP_STATS_A_SINCE]);
	a = NLA_DATA(s[PTRAP_STATS_A_COUNTERS]);
	for (rem = NLA_LEN(s[PTRAP_STATS_A_COUNTERS]); rem >= NLA_HDRLEN;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type <= PTRAP_CNT_MAX && a->nla_type > PTRAP_CNT_PAD)
			st->cnt[a->nla_type] = NLA_U64(a);
	a = NLA_DATA(s[PTRAP_STATS_A_LATENCY]);
	for (rem = NLA_LEN(s[PTRAP_STATS_A_LATENCY]); rem >= NLA_HDRLEN;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type >= 1 && a->nla_type <= PTRAP_LATENCY_BUCKETS)
			st->lat[a->nla_type - 1] = NLA_U64(a);
	return 0;
}

/* ---- the dumps ---- */

struct srow {
	uint32_t id, pid, uid, tracees;
	uint8_t detached;
	char comm[16];
};

struct trow {
	uint32_t tid, tgid, session;
	uint8_t state, stop, seized;
	uint64_t options;
};

struct rows {
	int n;
	struct srow s[512];
	struct trow t[64];
};

static void take_session(struct nlattr **tb, void *arg)
{
	struct nlattr *a[PTRAP_SESSION_A_MAX + 1];
	struct rows *r = arg;
	struct srow *s;

	if (!tb[PTRAP_A_SESSION] || r->n >= 512)
		return;
	nl_nested(a, PTRAP_SESSION_A_MAX, tb[PTRAP_A_SESSION]);
	s = &r->s[r->n++];
	s->id = NLA_U32(a[PTRAP_SESSION_A_ID]);
	s->pid = NLA_U32(a[PTRAP_SESSION_A_PID]);
	s->uid = NLA_U32(a[PTRAP_SESSION_A_UID]);
	s->tracees = NLA_U32(a[PTRAP_SESSION_A_TRACEES]);
	s->detached = NLA_U8(a[PTRAP_SESSION_A_DETACHED]);
	snprintf(s->comm, sizeof(s->comm), "%s",
		 (char *)NLA_DATA(a[PTRAP_SESSION_A_COMM]));
}

static void take_tracee(struct nlattr **tb, void *arg)
{
	struct nlattr *a[PTRAP_TRACEE_A_MAX + 1];
	struct rows *r = arg;
	struct trow *t;

	if (!tb[PTRAP_A_TRACEE] || r->n >= 64)
		return;
	nl_nested(a, PTRAP_TRACEE_A_MAX, tb[PTRAP_A_TRACEE]);
	t = &r->t[r->n++];
	t->tid = NLA_U32(a[PTRAP_TRACEE_A_TID]);
	t->tgid = NLA_U32(a[PTRAP_TRACEE_A_TGID]);
	t->session = NLA_U32(a[PTRAP_TRACEE_A_SESSION_ID]);
	t->state = NLA_U8(a[PTRAP_TRACEE_A_STATE]);
	t->stop = a[PTRAP_TRACEE_A_STOP] ? NLA_U8(a[PTRAP_TRACEE_A_STOP]) : 0;
	t->options = NLA_U64(a[PTRAP_TRACEE_A_OPTIONS]);
	t->seized = NLA_U8(a[PTRAP_TRACEE_A_SEIZED]);
}

static int dump_sessions(int fd, struct rows *r)
{
	struct nlans ans;
	struct nlreq q;

	r->n = 0;
	nl_init(&q, nl_family, PTRAP_CMD_GET_SESSIONS, NLM_F_DUMP);
	if (nl_talk(fd, &q, &ans, take_session, r))
		return -1;
	return ans.err;
}

static int dump_tracees(int fd, uint32_t session, struct rows *r)
{
	struct nlans ans;
	struct nlreq q;

	r->n = 0;
	nl_init(&q, nl_family, PTRAP_CMD_GET_TRACEES, NLM_F_DUMP);
	if (session)
		nl_put_u32(&q, PTRAP_A_SESSION_ID, session);
	if (nl_talk(fd, &q, &ans, take_tracee, r))
		return -1;
	return ans.err;
}

/* The id of the newest session opened by this process. */
static uint32_t my_session(int fd)
{
	static struct rows r;
	uint32_t id = 0;
	int i;

	if (dump_sessions(fd, &r))
		return 0;
	for (i = 0; i < r.n; i++)
		if (r.s[i].pid == (uint32_t)getpid() && r.s[i].id > id)
			id = r.s[i].id;
	return id;
}

/* ---- tracees ---- */

/*
 * A child that calls getppid() until its pipe has data, then exits 0.
 * Returns once the child has closed every other descriptor: a tracee
 * stopped before that would hold the caller's session files, and closing
 * them would not end the session (nor let the tracee go).
 */
static pid_t spin_child(int *wfd)
{
	int p[2], ready[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	if (pipe2(ready, O_CLOEXEC)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		/* Only the pipe: no session file may stay open in here. */
		if (dup2(p[0], 100) != 100 || dup2(ready[1], 101) != 101)
			_exit(2);
		syscall(SYS_close_range, 3, 99, 0);
		syscall(SYS_close_range, 102, ~0U, 0);
		if (write(101, "r", 1) != 1)
			_exit(3);
		close(101);
		fcntl(100, F_SETFL, O_NONBLOCK);
		for (;;) {
			syscall(SYS_getppid);
			if (read(100, &c, 1) == 1)
				_exit(0);
		}
	}
	close(p[0]);
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1) {
		close(ready[0]);
		close(p[1]);
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		return -1;
	}
	close(ready[0]);
	*wfd = p[1];
	return pid;
}

static int pt_ioc(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static int seize(int fd, pid_t tid, uint64_t options)
{
	struct ptrap_attach_args a = { .tid = tid, .options = options };

	return pt_ioc(fd, PTRAP_IOC_SEIZE, &a);
}

static int interrupt(int fd, pid_t tid)
{
	struct ptrap_tracee_args a = { .tid = tid };

	return pt_ioc(fd, PTRAP_IOC_INTERRUPT, &a);
}

static int resume(int fd, pid_t tid, uint32_t mode)
{
	struct ptrap_resume_args a = { .tid = tid, .mode = mode };

	return pt_ioc(fd, PTRAP_IOC_RESUME, &a);
}

/* Read one record, waiting at most TMO_MS. 0 or -1. */
static int next_record(int fd, struct ptrap_stop *st)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, TMO_MS) != 1)
		return -1;
	return read(fd, st, sizeof(*st)) == sizeof(*st) ? 0 : -1;
}

/* Wait for @pid's end, at most TMO_MS; its status, or -1. */
static int reap(pid_t pid)
{
	int i, status;

	for (i = 0; i < TMO_MS / 10; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* Tell the spin child to exit (it may be dead: SIGPIPE is ignored). */
static int finish(pid_t pid, int wfd)
{
	signal(SIGPIPE, SIG_IGN);
	if (write(wfd, "x", 1) != 1 && errno != EPIPE)
		return -1;
	close(wfd);
	return reap(pid);
}

/* Drop @cap from the effective set only (the permitted set stays). */
static int drop_effective(int cap)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[cap / 32].effective &= ~(1u << (cap % 32));
	return syscall(SYS_capset, &h, d);
}

#define NEED_MODULE()							\
	do {								\
		if (nl_resolve())					\
			SKIP(return, "the ptrap module is not loaded");	\
	} while (0)

/* ---- the cases ---- */

/* PTRAP_MEMORY_A_@what of a GET_STATUS answer, or ~0 if absent. */
static uint64_t status_memory(int fd, int what)
{
	struct nlattr *tb[PTRAP_MEMORY_A_MAX + 1];
	struct nlans ans;

	if (nl_simple(fd, PTRAP_CMD_GET_STATUS, &ans) ||
	    !ans.tb[PTRAP_A_MEMORY])
		return ~0ULL;
	nl_nested(tb, PTRAP_MEMORY_A_MAX, ans.tb[PTRAP_A_MEMORY]);
	return tb[what] ? NLA_U64(tb[what]) : ~0ULL;
}

/*
 * PTRAP_MEMORY_A_@what once the frees of earlier tracees (after an RCU
 * grace period) are done: the same reading across a grace period.
 */
static uint64_t settled_memory(int fd, int what)
{
	uint64_t a, b = status_memory(fd, what);
	int i;

	for (i = 0; i < 50; i++) {
		a = b;
		/* MEMBARRIER_CMD_GLOBAL: waits for an RCU grace period. */
		syscall(SYS_membarrier, 1, 0, 0);
		b = status_memory(fd, what);
		if (a == b)
			break;
	}
	return b;
}

/*
 * @what's memory once it is @want, or what it is after 10 s: objects are
 * freed from RCU callbacks, which may run well after a grace period ends
 * (settled_memory() can see two equal values before they do).
 */
static uint64_t memory_reaches(int fd, int what, uint64_t want)
{
	struct timespec t0, t;
	uint64_t v;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((v = status_memory(fd, what)) != want) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= 10)
			break;
		syscall(SYS_membarrier, 1, 0, 0);
	}
	return v;
}

static uint64_t settled_tracee_memory(int fd)
{
	return settled_memory(fd, PTRAP_MEMORY_A_TRACEES);
}

TEST(status)
{
	struct nlattr *tb[PTRAP_POLICY_A_MAX + 1];
	struct utsname u;
	struct nlans ans;
	uint64_t mem_s, mem_t;
	uint32_t before;
	int fd, dev, w;
	pid_t kid;

	NEED_MODULE();
	fd = nl_socket();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nl_simple(fd, PTRAP_CMD_GET_STATUS, &ans));
	ASSERT_NE(NULL, ans.tb[PTRAP_A_VERSION]);
	EXPECT_STREQ("0.1.0", (char *)NLA_DATA(ans.tb[PTRAP_A_VERSION]));
	ASSERT_EQ(0, uname(&u));
	EXPECT_STREQ(u.release, (char *)NLA_DATA(ans.tb[PTRAP_A_KERNEL_RELEASE]));
	ASSERT_NE(NULL, ans.tb[PTRAP_A_POLICY]);
	nl_nested(tb, PTRAP_POLICY_A_MAX, ans.tb[PTRAP_A_POLICY]);
	EXPECT_NE(NULL, tb[PTRAP_POLICY_A_SCOPE]);
	EXPECT_NE(NULL, ans.tb[PTRAP_A_PROBES]);
	before = NLA_U32(ans.tb[PTRAP_A_SESSIONS]);

	mem_s = status_memory(fd, PTRAP_MEMORY_A_SESSIONS);
	mem_t = settled_tracee_memory(fd);
	ASSERT_NE(~0ULL, mem_s);
	ASSERT_NE(~0ULL, mem_t);
	ASSERT_NE(~0ULL, status_memory(fd, PTRAP_MEMORY_A_FILTERS));

	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	ASSERT_EQ(0, nl_simple(fd, PTRAP_CMD_GET_STATUS, &ans));
	EXPECT_EQ(before + 1, NLA_U32(ans.tb[PTRAP_A_SESSIONS]));
	/* A session's object, and a tracee's: each well under a page. */
	EXPECT_LT(mem_s, status_memory(fd, PTRAP_MEMORY_A_SESSIONS));
	EXPECT_GE(mem_s + 4096, status_memory(fd, PTRAP_MEMORY_A_SESSIONS));
	kid = spin_child(&w);
	ASSERT_LT(0, kid);
	ASSERT_EQ(0, seize(dev, kid, 0));
	EXPECT_LT(mem_t, status_memory(fd, PTRAP_MEMORY_A_TRACEES));
	EXPECT_GE(mem_t + 4096, status_memory(fd, PTRAP_MEMORY_A_TRACEES));
	close(dev);
	EXPECT_EQ(0, finish(kid, w));
	ASSERT_EQ(0, nl_simple(fd, PTRAP_CMD_GET_STATUS, &ans));
	EXPECT_EQ(before, NLA_U32(ans.tb[PTRAP_A_SESSIONS]));
	close(fd);
}

TEST(policy_get_set)
{
	struct policy p, set = { 1, 7, 9, 1 };
	struct nlans ans;
	int fd;

	NEED_MODULE();
	fd = nl_socket();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nl_set_policy(fd, set, &ans));
	/* The answer is the policy in force. */
	ASSERT_NE(NULL, ans.tb[PTRAP_A_POLICY]);
	ASSERT_EQ(0, nl_get_policy(fd, &p));
	EXPECT_EQ(1, p.scope);
	EXPECT_EQ(7, p.max_sessions);
	EXPECT_EQ(9, p.max_tracees);
	EXPECT_EQ(1, p.force_exitkill);
	/* A partial set keeps the rest. */
	set = (struct policy)POLICY_KEEP;
	set.max_tracees = 3;
	ASSERT_EQ(0, nl_set_policy(fd, set, &ans));
	ASSERT_EQ(0, nl_get_policy(fd, &p));
	EXPECT_EQ(1, p.scope);
	EXPECT_EQ(7, p.max_sessions);
	EXPECT_EQ(3, p.max_tracees);
	policy_restore();
	ASSERT_EQ(0, nl_get_policy(fd, &p));
	EXPECT_EQ(0, p.scope);
	EXPECT_EQ(0, p.max_sessions);
	close(fd);
}

/* A malformed request: refused with @err and an extended ACK message. */
static void expect_refused(struct __test_metadata *_metadata, int fd,
			   struct nlreq *r, int err, const char *what)
{
	struct nlans ans;

	ASSERT_EQ(0, nl_talk(fd, r, &ans, NULL, NULL)) TH_LOG("%s", what);
	EXPECT_EQ(err, ans.err) TH_LOG("%s", what);
	EXPECT_NE(0, ans.msg[0]) TH_LOG("%s: no extack message", what);
}

TEST(malformed)
{
	struct nlreq r;
	struct nlattr *n;
	struct nlans ans;
	struct policy p;
	uint64_t big = 5;
	int fd;

	NEED_MODULE();
	fd = nl_socket();
	ASSERT_LE(0, fd);

	nl_init(&r, nl_family, PTRAP_CMD_SET_POLICY, 0);
	n = nl_nest(&r, PTRAP_A_POLICY);
	nl_put_u8(&r, PTRAP_POLICY_A_SCOPE, 4);
	nl_nest_end(&r, n);
	expect_refused(_metadata, fd, &r, ERANGE, "scope 4");

	nl_init(&r, nl_family, PTRAP_CMD_SET_POLICY, 0);
	n = nl_nest(&r, PTRAP_A_POLICY);
	nl_put_u32(&r, PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION, PTRAP_LIMIT_MAX + 1);
	nl_nest_end(&r, n);
	expect_refused(_metadata, fd, &r, ERANGE, "limit out of range");

	nl_init(&r, nl_family, PTRAP_CMD_SET_POLICY, 0);
	n = nl_nest(&r, PTRAP_A_POLICY);
	nl_put(&r, PTRAP_POLICY_A_SCOPE, &big, 8);
	nl_nest_end(&r, n);
	expect_refused(_metadata, fd, &r, EINVAL, "scope of the wrong size");

	nl_init(&r, nl_family, PTRAP_CMD_SET_POLICY, 0);
	n = nl_nest(&r, PTRAP_A_POLICY);
	nl_put_u8(&r, PTRAP_POLICY_A_MAX + 1, 1);
	nl_nest_end(&r, n);
	expect_refused(_metadata, fd, &r, EINVAL, "unknown policy attribute");

	nl_init(&r, nl_family, PTRAP_CMD_SET_POLICY, 0);
	n = nl_nest(&r, PTRAP_A_POLICY);
	nl_nest_end(&r, n);
	expect_refused(_metadata, fd, &r, EINVAL, "empty policy");

	nl_init(&r, nl_family, PTRAP_CMD_SET_POLICY, 0);
	expect_refused(_metadata, fd, &r, EINVAL, "no policy");

	nl_init(&r, nl_family, PTRAP_CMD_SET_POLICY, 0);
	nl_put_u8(&r, PTRAP_A_POLICY, 1);
	expect_refused(_metadata, fd, &r, EINVAL, "policy not a nest");

	nl_init(&r, nl_family, PTRAP_CMD_GET_STATUS, 0);
	nl_put_u32(&r, PTRAP_A_MAX + 1, 1);
	expect_refused(_metadata, fd, &r, EINVAL, "unknown attribute");

	nl_init(&r, nl_family, PTRAP_CMD_GET_STATUS, 0);
	nl_put_u32(&r, PTRAP_A_SESSIONS, 1);
	expect_refused(_metadata, fd, &r, EINVAL, "an answer-only attribute");

	nl_init(&r, nl_family, PTRAP_CMD_GET_STATUS, 0);
	nl_put_u32(&r, PTRAP_A_SESSION_ID, 1);
	expect_refused(_metadata, fd, &r, EINVAL, "attribute of another command");

	nl_init(&r, nl_family, PTRAP_CMD_DETACH_SESSION, 0);
	nl_put_u32(&r, PTRAP_A_SESSION_ID, 0);
	expect_refused(_metadata, fd, &r, ERANGE, "session id 0");

	nl_init(&r, nl_family, PTRAP_CMD_DETACH_SESSION, 0);
	expect_refused(_metadata, fd, &r, EINVAL, "detach without a session");

	nl_init(&r, nl_family, PTRAP_CMD_DETACH_SESSION, 0);
	nl_put_u32(&r, PTRAP_A_SESSION_ID, 0x7fffffff);
	expect_refused(_metadata, fd, &r, ENOENT, "no such session");

	nl_init(&r, nl_family, PTRAP_CMD_GET_TRACEES, NLM_F_DUMP);
	nl_put_u8(&r, PTRAP_A_SESSION_ID, 1);
	expect_refused(_metadata, fd, &r, EINVAL, "dump filter of the wrong size");

	/* A truncated attribute: its length runs past the message. */
	nl_init(&r, nl_family, PTRAP_CMD_GET_POLICY, 0);
	n = nl_put(&r, PTRAP_A_SESSION_ID, &big, 4);
	n->nla_len = 64;
	ASSERT_EQ(0, nl_talk(fd, &r, &ans, NULL, NULL));
	EXPECT_NE(0, ans.err);

	/* Unknown command. */
	nl_init(&r, nl_family, PTRAP_CMD_MAX + 1, 0);
	ASSERT_EQ(0, nl_talk(fd, &r, &ans, NULL, NULL));
	EXPECT_EQ(EOPNOTSUPP, ans.err);

	/* The module is unharmed and the policy unchanged. */
	ASSERT_EQ(0, nl_get_policy(fd, &p));
	EXPECT_EQ(0, p.scope);
	ASSERT_EQ(0, nl_simple(fd, PTRAP_CMD_GET_STATUS, &ans));
	close(fd);
}

/* In a child without CAP_NET_ADMIN (@how: 0 capset, 1 setuid(65534)). */
static int unprivileged_child(int how)
{
	struct policy p = { 1, -1, -1, -1 };
	struct nlans ans;
	struct nlreq r;
	int fd;

	if (how == 0 ? drop_effective(CAP_NET_ADMIN) :
	    setresuid(65534, 65534, 65534))
		return 10;
	fd = nl_socket();
	if (fd < 0)
		return 11;
	if (nl_set_policy(fd, p, &ans) != EPERM || !ans.msg[0])
		return 12;
	if (nl_simple(fd, PTRAP_CMD_RESET_STATS, &ans) != EPERM || !ans.msg[0])
		return 13;
	nl_init(&r, nl_family, PTRAP_CMD_DETACH_SESSION, 0);
	nl_put_u32(&r, PTRAP_A_SESSION_ID, 1);
	if (nl_talk(fd, &r, &ans, NULL, NULL) || ans.err != EPERM)
		return 14;
	/* Reading is open to all. */
	if (nl_simple(fd, PTRAP_CMD_GET_STATUS, &ans) ||
	    nl_simple(fd, PTRAP_CMD_GET_STATS, &ans) ||
	    nl_simple(fd, PTRAP_CMD_GET_POLICY, &ans))
		return 15;
	return 0;
}

TEST(unprivileged_eperm)
{
	struct policy p;
	int how, status, fd;
	pid_t pid;

	NEED_MODULE();
	for (how = 0; how < 2; how++) {
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0)
			_exit(unprivileged_child(how));
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("how %d", how);
	}
	fd = nl_socket();
	ASSERT_EQ(0, nl_get_policy(fd, &p));
	EXPECT_EQ(0, p.scope);
	close(fd);
}

/*
 * Child: become @uid (if not 0), drop CAP_SYS_PTRACE unless @cap, open a
 * session and SEIZE @target and a child of its own. Exit code: bit 0 set
 * if the open failed with EPERM, bit 1 if seizing @target failed with
 * EPERM, bit 2 if seizing its own child failed with EPERM; 100+ on other
 * errors.
 */
static int scope_child(pid_t target, uid_t uid, bool cap)
{
	int dev, ret = 0, err, wfd;
	pid_t own;

	if (uid && setresuid(uid, uid, uid))
		return 100;
	if (uid)
		prctl(PR_SET_DUMPABLE, 1);
	if (!cap && !uid && drop_effective(CAP_SYS_PTRACE))
		return 101;
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		if (errno == EPERM)
			return 1;
		/* Not the policy's answer: say what it was. */
		fprintf(stderr, "# scope_child: open(%s) as uid %u: %s\n",
			PTRAP_DEVICE_PATH, (unsigned int)getuid(),
			strerror(errno));
		return 102;
	}
	err = seize(dev, target, 0);
	if (err == -EPERM)
		ret |= 2;
	else if (err)
		return 103;
	own = spin_child(&wfd);
	if (own < 0)
		return 104;
	err = seize(dev, own, 0);
	if (err == -EPERM)
		ret |= 4;
	else if (err)
		return 105;
	close(dev);
	if (finish(own, wfd) != 0)
		return 106;
	return ret;
}

static int run_scope(int scope, uid_t uid, bool cap)
{
	struct policy p = { scope, -1, -1, -1 };
	struct nlans ans;
	int fd, wfd, status, ready[2];
	pid_t target, tracer;
	char c;

	fd = nl_socket();
	if (nl_set_policy(fd, p, &ans))
		return -1;
	close(fd);
	if (pipe2(ready, O_CLOEXEC))
		return -1;
	target = fork();
	if (target == 0) {
		close(ready[0]);
		if (uid && setresuid(uid, uid, uid))
			_exit(1);
		prctl(PR_SET_DUMPABLE, 1);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		close(ready[1]);
		pause();
		_exit(0);
	}
	/*
	 * Not before the target has its uid and is dumpable again: the
	 * classic access check would refuse it for the wrong reason.
	 */
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		close(ready[0]);
		kill(target, SIGKILL);
		waitpid(target, NULL, 0);
		policy_restore();
		return -2;
	}
	close(ready[0]);
	tracer = fork();
	if (tracer == 0)
		_exit(scope_child(target, uid, cap));
	waitpid(tracer, &status, 0);
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	(void)wfd;
	policy_restore();
	return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

TEST(scope_levels)
{
	struct stats a, b;
	int fd;

	NEED_MODULE();
	fd = nl_socket();
	ASSERT_EQ(0, nl_get_stats(fd, &a));
	/* Root without CAP_SYS_PTRACE in its effective set. */
	EXPECT_EQ(0, run_scope(0, 0, false));
	EXPECT_EQ(2, run_scope(1, 0, false));	/* sibling refused */
	EXPECT_EQ(6, run_scope(2, 0, false));	/* everything refused */
	EXPECT_EQ(1, run_scope(3, 0, false));	/* no session at all */
	/* With CAP_SYS_PTRACE. */
	EXPECT_EQ(0, run_scope(1, 0, true));
	EXPECT_EQ(0, run_scope(2, 0, true));
	EXPECT_EQ(1, run_scope(3, 0, true));
	/* A real uid change: both sides uid 65534, no capability. */
	EXPECT_EQ(0, run_scope(0, 65534, false));
	EXPECT_EQ(2, run_scope(1, 65534, false));
	EXPECT_EQ(6, run_scope(2, 65534, false));
	EXPECT_EQ(1, run_scope(3, 65534, false));
	ASSERT_EQ(0, nl_get_stats(fd, &b));
	EXPECT_EQ(a.cnt[PTRAP_CNT_REFUSED_SCOPE] + 6,
		  b.cnt[PTRAP_CNT_REFUSED_SCOPE]);
	EXPECT_EQ(a.cnt[PTRAP_CNT_REFUSED_DISABLED] + 3,
		  b.cnt[PTRAP_CNT_REFUSED_DISABLED]);
	close(fd);
}

TEST(classic_access_refused)
{
	struct stats a, b;
	int fd, dev, status;
	pid_t pid;

	NEED_MODULE();
	fd = nl_socket();
	ASSERT_EQ(0, nl_get_stats(fd, &a));
	/* uid 65534 may not trace root's processes (init here: pid 1). */
	pid = fork();
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534))
			_exit(1);
		dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			fprintf(stderr, "# open(%s) as uid 65534: %s\n",
				PTRAP_DEVICE_PATH, strerror(errno));
			_exit(3);
		}
		_exit(seize(dev, getppid(), 0) == -EPERM ? 0 : 2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("1 setresuid, 2 seize, 3 open");
	ASSERT_EQ(0, nl_get_stats(fd, &b));
	EXPECT_EQ(a.cnt[PTRAP_CNT_REFUSED_ACCESS] + 1,
		  b.cnt[PTRAP_CNT_REFUSED_ACCESS]);
	close(fd);
}

TEST(limits)
{
	struct policy p = { -1, 2, 1, 1 };
	struct nlans ans;
	struct rows *r;
	int fd, d1, d2, d3, wa, wb;
	pid_t a, b;

	NEED_MODULE();
	r = calloc(1, sizeof(*r));
	fd = nl_socket();
	ASSERT_EQ(0, nl_set_policy(fd, p, &ans));
	d1 = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	d2 = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	d3 = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	EXPECT_LE(0, d1);
	EXPECT_LE(0, d2);
	EXPECT_EQ(-1, d3);
	EXPECT_EQ(EUSERS, errno);

	a = spin_child(&wa);
	b = spin_child(&wb);
	EXPECT_EQ(0, seize(d1, a, 0));
	EXPECT_EQ(-ENOSPC, seize(d1, b, 0));
	/* Another session has room of its own. */
	EXPECT_EQ(0, seize(d2, b, 0));
	/* force-exitkill added EXITKILL. */
	ASSERT_EQ(0, dump_tracees(fd, 0, r));
	ASSERT_EQ(2, r->n);
	EXPECT_TRUE(r->t[0].options & PTRAP_O_EXITKILL);
	EXPECT_TRUE(r->t[1].options & PTRAP_O_EXITKILL);
	policy_restore();
	/* Closing kills them (EXITKILL). */
	close(d1);
	close(d2);
	EXPECT_EQ(SIGKILL, WTERMSIG(reap(a)));
	EXPECT_EQ(SIGKILL, WTERMSIG(reap(b)));
	close(wa);
	close(wb);
	close(fd);
	free(r);
}

TEST(dumps)
{
	struct ptrap_stop st;
	struct rows *r;
	int fd, dev, i, wa, wb, many[300], n = 0;
	uint32_t id;
	pid_t a, b;
	bool seen_a = false, seen_b = false;

	NEED_MODULE();
	r = calloc(1, sizeof(*r));
	fd = nl_socket();
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	id = my_session(fd);
	ASSERT_NE(0, id);
	a = spin_child(&wa);
	b = spin_child(&wb);
	ASSERT_EQ(0, seize(dev, a, PTRAP_O_TRACESYSGOOD));
	ASSERT_EQ(0, seize(dev, b, 0));
	ASSERT_EQ(0, interrupt(dev, a));
	ASSERT_EQ(0, next_record(dev, &st));
	ASSERT_EQ(a, st.tid);

	ASSERT_EQ(0, dump_tracees(fd, id, r));
	ASSERT_EQ(2, r->n);
	for (i = 0; i < r->n; i++) {
		EXPECT_EQ(id, r->t[i].session);
		EXPECT_TRUE(r->t[i].seized);
		if (r->t[i].tid == (uint32_t)a) {
			seen_a = true;
			EXPECT_EQ(PTRAP_TRACEE_STOPPED, r->t[i].state);
			EXPECT_EQ(st.kind, r->t[i].stop);
			EXPECT_EQ(PTRAP_O_TRACESYSGOOD, r->t[i].options);
			EXPECT_EQ(a, r->t[i].tgid);
		} else if (r->t[i].tid == (uint32_t)b) {
			seen_b = true;
			EXPECT_EQ(PTRAP_TRACEE_RUNNING, r->t[i].state);
		}
	}
	EXPECT_TRUE(seen_a && seen_b);
	/* A filter on another session shows nothing. */
	ASSERT_EQ(0, dump_tracees(fd, id + 100000, r));
	EXPECT_EQ(0, r->n);

	/* Many sessions: the dump spans several messages, each once. */
	for (n = 0; n < 300; n++) {
		many[n] = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (many[n] < 0)
			break;
	}
	ASSERT_EQ(300, n);
	ASSERT_EQ(0, dump_sessions(fd, r));
	EXPECT_EQ(301, r->n);
	for (i = 1; i < r->n; i++)
		EXPECT_LT(r->s[i - 1].id, r->s[i].id);
	for (i = 0; i < r->n; i++) {
		if (r->s[i].id != id)
			continue;
		EXPECT_EQ(getpid(), r->s[i].pid);
		EXPECT_EQ(0, r->s[i].uid);
		EXPECT_EQ(2, r->s[i].tracees);
		EXPECT_EQ(0, r->s[i].detached);
	}
	for (i = 0; i < n; i++)
		close(many[i]);

	close(dev);
	EXPECT_EQ(0, finish(a, wa));
	EXPECT_EQ(0, finish(b, wb));
	close(fd);
	free(r);
}

TEST(detach_session)
{
	struct ptrap_attach_args at;
	struct ptrap_stop st;
	struct stats s0, s1;
	struct nlans ans;
	struct nlreq q;
	struct rows *r;
	int fd, dev, i, w[6], status;
	pid_t c[6];
	uint32_t id;

	NEED_MODULE();
	r = calloc(1, sizeof(*r));
	fd = nl_socket();
	ASSERT_EQ(0, nl_get_stats(fd, &s0));
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	id = my_session(fd);
	for (i = 0; i < 6; i++)
		c[i] = spin_child(&w[i]);
	/* 0: event-stop (INTERRUPT) */
	ASSERT_EQ(0, seize(dev, c[0], 0));
	ASSERT_EQ(0, interrupt(dev, c[0]));
	ASSERT_EQ(0, next_record(dev, &st));
	EXPECT_EQ(PTRAP_STOP_EVENT, st.kind);
	/* 1: syscall-enter-stop */
	ASSERT_EQ(0, seize(dev, c[1], 0));
	ASSERT_EQ(0, interrupt(dev, c[1]));
	ASSERT_EQ(0, next_record(dev, &st));
	ASSERT_EQ(0, resume(dev, c[1], PTRAP_RESUME_SYSCALL));
	ASSERT_EQ(0, next_record(dev, &st));
	EXPECT_EQ(PTRAP_STOP_SYSCALL_ENTER, st.kind);
	/* 2: signal-delivery-stop (ATTACH's SIGSTOP) */
	at = (struct ptrap_attach_args){ .tid = c[2] };
	ASSERT_EQ(0, pt_ioc(dev, PTRAP_IOC_ATTACH, &at));
	ASSERT_EQ(0, next_record(dev, &st));
	EXPECT_EQ(PTRAP_STOP_SIGNAL, st.kind);
	/* 3: stopped, with EXITKILL: dies */
	ASSERT_EQ(0, seize(dev, c[3], PTRAP_O_EXITKILL));
	ASSERT_EQ(0, interrupt(dev, c[3]));
	ASSERT_EQ(0, next_record(dev, &st));
	/* 4: running */
	ASSERT_EQ(0, seize(dev, c[4], 0));
	/* 5: syscall-exit-stop */
	ASSERT_EQ(0, seize(dev, c[5], 0));
	ASSERT_EQ(0, interrupt(dev, c[5]));
	ASSERT_EQ(0, next_record(dev, &st));
	ASSERT_EQ(0, resume(dev, c[5], PTRAP_RESUME_SYSCALL));
	ASSERT_EQ(0, next_record(dev, &st));
	EXPECT_EQ(PTRAP_STOP_SYSCALL_ENTER, st.kind);
	ASSERT_EQ(0, resume(dev, c[5], PTRAP_RESUME_SYSCALL));
	ASSERT_EQ(0, next_record(dev, &st));
	EXPECT_EQ(PTRAP_STOP_SYSCALL_EXIT, st.kind);

	nl_init(&q, nl_family, PTRAP_CMD_DETACH_SESSION, 0);
	nl_put_u32(&q, PTRAP_A_SESSION_ID, id);
	ASSERT_EQ(0, nl_talk(fd, &q, &ans, NULL, NULL));
	ASSERT_EQ(0, ans.err);

	/* The session's fd: requests fail, reading gives end of file. */
	EXPECT_EQ(-ENXIO, interrupt(dev, c[4]));
	EXPECT_EQ(-ENXIO, seize(dev, c[4], 0));
	EXPECT_EQ(0, read(dev, &st, sizeof(st)));
	ASSERT_EQ(0, dump_tracees(fd, id, r));
	EXPECT_EQ(0, r->n);
	ASSERT_EQ(0, dump_sessions(fd, r));
	for (i = 0; i < r->n; i++) {
		if (r->s[i].id == id) {
			EXPECT_EQ(1, r->s[i].detached);
			EXPECT_EQ(0, r->s[i].tracees);
		}
	}
	/* Nobody stuck: each runs on and exits when told; 3 was killed. */
	for (i = 0; i < 6; i++) {
		status = finish(c[i], w[i]);
		if (i == 3) {
			EXPECT_TRUE(WIFSIGNALED(status));
			EXPECT_EQ(SIGKILL, WTERMSIG(status));
		} else {
			EXPECT_EQ(0, status) TH_LOG("child %d", i);
		}
	}
	close(dev);
	ASSERT_EQ(0, nl_get_stats(fd, &s1));
	EXPECT_EQ(s0.cnt[PTRAP_CNT_SESSION_DETACH] + 1,
		  s1.cnt[PTRAP_CNT_SESSION_DETACH]);
	close(fd);
	free(r);
}

/*
 * A register page (PTRAP_IOC_MAP_REGS) is counted in GET_STATUS while its
 * tracee lives; DETACH_SESSION leaves a mapped page readable, refuses new
 * pages and mappings (ENXIO), and the count goes back once the tracee is
 * freed.
 */
TEST(regs_page_memory_and_revoke)
{
	struct ptrap_map_regs_args m = { 0 };
	struct ptrap_regs_page *pg;
	struct ptrap_stop st;
	struct nlans ans;
	struct nlreq q;
	uint64_t mem0;
	int fd, dev, w;
	uint32_t id;
	void *again;
	pid_t c;

	NEED_MODULE();
	fd = nl_socket();
	mem0 = settled_memory(fd, PTRAP_MEMORY_A_REGS_PAGES);
	ASSERT_NE(~0ULL, mem0);
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	id = my_session(fd);
	c = spin_child(&w);
	ASSERT_LT(0, c);
	ASSERT_EQ(0, seize(dev, c, 0));
	ASSERT_EQ(0, interrupt(dev, c));
	ASSERT_EQ(0, next_record(dev, &st));
	m.tid = c;
	ASSERT_EQ(0, pt_ioc(dev, PTRAP_IOC_MAP_REGS, &m));
	EXPECT_EQ(mem0 + 4096, status_memory(fd, PTRAP_MEMORY_A_REGS_PAGES));
	/* Once per tracee. */
	ASSERT_EQ(0, pt_ioc(dev, PTRAP_IOC_MAP_REGS, &m));
	EXPECT_EQ(mem0 + 4096, status_memory(fd, PTRAP_MEMORY_A_REGS_PAGES));
	pg = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, dev,
		  (off_t)m.offset);
	ASSERT_NE(MAP_FAILED, pg);
	EXPECT_EQ(c, pg->tid);
	EXPECT_EQ(PTRAP_REGS_STOPPED, pg->flags);
	EXPECT_EQ(st.ip, pg->regs.rip);
	/* A dirty page is not loaded when the session lets the tracee go. */
	pg->regs.cs = 0;
	pg->dirty = 1;

	nl_init(&q, nl_family, PTRAP_CMD_DETACH_SESSION, 0);
	nl_put_u32(&q, PTRAP_A_SESSION_ID, id);
	ASSERT_EQ(0, nl_talk(fd, &q, &ans, NULL, NULL));
	ASSERT_EQ(0, ans.err);

	EXPECT_EQ(-ENXIO, pt_ioc(dev, PTRAP_IOC_MAP_REGS, &m));
	again = mmap(NULL, 4096, PROT_READ, MAP_SHARED, dev, (off_t)m.offset);
	EXPECT_EQ(MAP_FAILED, again);
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(c, pg->tid);
	EXPECT_EQ(0, finish(c, w));
	EXPECT_EQ(1, pg->dirty);
	pg->regs.rax = 1;
	/* The tracee went with its session's revocation: so did its count. */
	EXPECT_EQ(mem0, memory_reaches(fd, PTRAP_MEMORY_A_REGS_PAGES, mem0));
	EXPECT_EQ(0, munmap(pg, 4096));
	close(dev);
	close(fd);
}

/* The state letter of @pid in /proc/<pid>/stat, or '?'. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Wait (bounded) until @pid's state letter is @want. */
static int wait_state(pid_t pid, char want)
{
	int i;

	for (i = 0; i < TMO_MS / 10; i++) {
		if (proc_state(pid) == want)
			return 0;
		usleep(10000);
	}
	return -1;
}

/*
 * SIGSTOP to seized @pid: take its signal-delivery-stop, deliver the
 * signal, take the group-stop. 0 or -1.
 */
static int to_group_stop(int dev, pid_t pid)
{
	struct ptrap_resume_args ra = {
		.tid = pid, .mode = PTRAP_RESUME_CONT, .sig = SIGSTOP,
	};
	struct ptrap_stop st;

	if (kill(pid, SIGSTOP) || next_record(dev, &st) ||
	    st.tid != pid || st.kind != PTRAP_STOP_SIGNAL)
		return -1;
	if (pt_ioc(dev, PTRAP_IOC_RESUME, &ra) || next_record(dev, &st) ||
	    st.tid != pid || st.kind != PTRAP_STOP_GROUP)
		return -1;
	return 0;
}

/*
 * DETACH_SESSION with a tracee in a group-stop and one listening (LISTEN):
 * as after PTRACE_DETACH, both stay in the job-control stop the process
 * is in, stopped ('T') but parked nowhere, and SIGCONT lets them run on.
 */
TEST(detach_session_jobctl)
{
	struct ptrap_tracee_args ta;
	struct nlans ans;
	struct nlreq q;
	struct rows *r;
	int fd, dev, i, w[2];
	pid_t c[2];
	uint32_t id;

	NEED_MODULE();
	r = calloc(1, sizeof(*r));
	fd = nl_socket();
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	id = my_session(fd);
	for (i = 0; i < 2; i++) {
		c[i] = spin_child(&w[i]);
		ASSERT_LT(0, c[i]);
		ASSERT_EQ(0, seize(dev, c[i], 0));
		ASSERT_EQ(0, to_group_stop(dev, c[i])) TH_LOG("child %d", i);
	}
	/* 1 listens. */
	ta = (struct ptrap_tracee_args){ .tid = c[1] };
	ASSERT_EQ(0, pt_ioc(dev, PTRAP_IOC_LISTEN, &ta));
	ASSERT_EQ(0, dump_tracees(fd, id, r));
	ASSERT_EQ(2, r->n);
	for (i = 0; i < r->n; i++) {
		if (r->t[i].tid == (uint32_t)c[0]) {
			EXPECT_EQ(PTRAP_TRACEE_STOPPED, r->t[i].state);
			EXPECT_EQ(PTRAP_STOP_GROUP, r->t[i].stop);
		} else {
			EXPECT_EQ(PTRAP_TRACEE_LISTENING, r->t[i].state);
		}
	}

	nl_init(&q, nl_family, PTRAP_CMD_DETACH_SESSION, 0);
	nl_put_u32(&q, PTRAP_A_SESSION_ID, id);
	ASSERT_EQ(0, nl_talk(fd, &q, &ans, NULL, NULL));
	ASSERT_EQ(0, ans.err);
	ASSERT_EQ(0, dump_tracees(fd, id, r));
	EXPECT_EQ(0, r->n);

	for (i = 0; i < 2; i++) {
		/* In the group's stop, as a plain stopped process. */
		EXPECT_EQ(0, wait_state(c[i], 'T'))
			TH_LOG("child %d state %c", i, proc_state(c[i]));
		ASSERT_EQ(0, kill(c[i], SIGCONT));
		EXPECT_EQ(0, finish(c[i], w[i])) TH_LOG("child %d", i);
	}
	close(dev);
	close(fd);
	free(r);
}

TEST(counters_add_up)
{
	uint64_t kinds[PTRAP_STOP_DETACHED + 1] = { 0 };
	uint64_t resumes = 0, lat = 0;
	struct ptrap_stop st;
	struct stats s;
	struct nlans ans;
	int fd, dev, wfd, i;
	pid_t a;

	NEED_MODULE();
	fd = nl_socket();
	ASSERT_EQ(0, nl_simple(fd, PTRAP_CMD_RESET_STATS, &ans));
	ASSERT_EQ(0, nl_get_stats(fd, &s));
	for (i = PTRAP_CNT_STOP_SIGNAL; i <= PTRAP_CNT_MAX; i++)
		EXPECT_EQ(0, s.cnt[i]) TH_LOG("counter %d after reset", i);

	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	a = spin_child(&wfd);
	ASSERT_EQ(0, seize(dev, a, PTRAP_O_TRACESYSGOOD));
	ASSERT_EQ(0, interrupt(dev, a));
	ASSERT_EQ(0, next_record(dev, &st));
	kinds[st.kind]++;
	/* 40 syscall stops, then let it finish its loop. */
	for (i = 0; i < 40; i++) {
		ASSERT_EQ(0, resume(dev, a, PTRAP_RESUME_SYSCALL));
		resumes++;
		ASSERT_EQ(0, next_record(dev, &st));
		ASSERT_GE(PTRAP_STOP_EVENT, st.kind);
		kinds[st.kind]++;
	}
	ASSERT_EQ(0, write(wfd, "x", 1) == 1 ? 0 : -1);
	for (;;) {
		ASSERT_EQ(0, resume(dev, a, PTRAP_RESUME_SYSCALL));
		resumes++;
		ASSERT_EQ(0, next_record(dev, &st));
		if (st.kind == PTRAP_STOP_EXITED || st.kind == PTRAP_STOP_KILLED)
			break;
		kinds[st.kind]++;
	}
	EXPECT_EQ(0, reap(a));
	close(wfd);
	close(dev);

	ASSERT_EQ(0, nl_get_stats(fd, &s));
	EXPECT_EQ(kinds[PTRAP_STOP_SIGNAL], s.cnt[PTRAP_CNT_STOP_SIGNAL]);
	EXPECT_EQ(kinds[PTRAP_STOP_GROUP], s.cnt[PTRAP_CNT_STOP_GROUP]);
	EXPECT_EQ(kinds[PTRAP_STOP_SYSCALL_ENTER],
		  s.cnt[PTRAP_CNT_STOP_SYSCALL_ENTER]);
	EXPECT_EQ(kinds[PTRAP_STOP_SYSCALL_EXIT],
		  s.cnt[PTRAP_CNT_STOP_SYSCALL_EXIT]);
	EXPECT_EQ(kinds[PTRAP_STOP_EVENT], s.cnt[PTRAP_CNT_STOP_EVENT]);
	EXPECT_EQ(1, s.cnt[PTRAP_CNT_EVENT_STOP]);
	EXPECT_EQ(resumes, s.cnt[PTRAP_CNT_RESUME_SYSCALL]);
	EXPECT_EQ(0, s.cnt[PTRAP_CNT_RESUME_CONT]);
	EXPECT_EQ(1, s.cnt[PTRAP_CNT_ATTACH]);
	for (i = 0; i < PTRAP_LATENCY_BUCKETS; i++)
		lat += s.lat[i];
	EXPECT_EQ(resumes, lat);
	EXPECT_LT(40, kinds[PTRAP_STOP_SYSCALL_ENTER] +
		  kinds[PTRAP_STOP_SYSCALL_EXIT]);
	close(fd);
}

/* Events on a socket in the events group, read as (type, session, tid). */
struct ev {
	int type;
	uint32_t session, tid, reason;
	uint32_t pid;		/* SESSION_OPEN: the session's process */
};

static int next_event(int fd, struct ev *e)
{
	static char buf[NL_BUF];
	static int len, off;
	struct nlattr *tb[PTRAP_A_MAX + 1];
	struct nlmsghdr *nlh;

	for (;;) {
		if (off >= len) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			if (poll(&p, 1, TMO_MS) != 1)
				return -1;
			len = recv(fd, buf, sizeof(buf), 0);
			off = 0;
			if (len <= 0)
				return -1;
		}
		nlh = (struct nlmsghdr *)(buf + off);
		if (!NLMSG_OK(nlh, len - off)) {
			off = len;
			continue;
		}
		off += NLMSG_ALIGN(nlh->nlmsg_len);
		if (nlh->nlmsg_type != nl_family)
			continue;
		nl_parse(tb, PTRAP_A_MAX, (char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN,
			 nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
		if (!tb[PTRAP_A_EVENT_TYPE])
			continue;
		e->type = NLA_U8(tb[PTRAP_A_EVENT_TYPE]);
		e->session = tb[PTRAP_A_SESSION_ID] ? NLA_U32(tb[PTRAP_A_SESSION_ID]) : 0;
		e->tid = tb[PTRAP_A_TID] ? NLA_U32(tb[PTRAP_A_TID]) : 0;
		e->reason = tb[PTRAP_A_REASON] ? NLA_U8(tb[PTRAP_A_REASON]) : 0;
		e->pid = 0;
		if (tb[PTRAP_A_SESSION]) {
			struct nlattr *a[PTRAP_SESSION_A_MAX + 1];

			nl_nested(a, PTRAP_SESSION_A_MAX, tb[PTRAP_A_SESSION]);
			if (a[PTRAP_SESSION_A_PID])
				e->pid = NLA_U32(a[PTRAP_SESSION_A_PID]);
		}
		return 0;
	}
}

TEST(events_in_order)
{
	struct policy p = { -1, 5, -1, -1 };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct ptrap_tracee_args d;
	struct ptrap_stop st;
	struct nlans ans;
	struct ev e;
	int fd, mon, dev, wfd, grp;
	uint32_t id;
	pid_t a;

	NEED_MODULE();
	fd = nl_socket();
	mon = nl_socket();
	grp = nl_events_grp;
	ASSERT_EQ(0, bind(mon, (struct sockaddr *)&sa, sizeof(sa)));
	ASSERT_EQ(0, setsockopt(mon, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				&grp, sizeof(grp)));
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	id = my_session(fd);
	a = spin_child(&wfd);
	ASSERT_EQ(0, seize(dev, a, 0));
	EXPECT_EQ(-EPERM, seize(dev, 1, 0));		/* init: refused */
	ASSERT_EQ(0, interrupt(dev, a));
	ASSERT_EQ(0, next_record(dev, &st));
	d = (struct ptrap_tracee_args){ .tid = a };
	ASSERT_EQ(0, pt_ioc(dev, PTRAP_IOC_DETACH, &d));
	close(dev);
	ASSERT_EQ(0, nl_set_policy(fd, p, &ans));
	policy_restore();

	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_SESSION_OPEN, e.type);
	EXPECT_EQ(id, e.session);
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_ATTACH, e.type);
	EXPECT_EQ(id, e.session);
	EXPECT_EQ(a, e.tid);
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_REFUSED, e.type);
	EXPECT_EQ(1, e.tid);
	EXPECT_EQ(PTRAP_REFUSED_ACCESS, e.reason);
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_DETACH, e.type);
	EXPECT_EQ(a, e.tid);
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_SESSION_CLOSE, e.type);
	EXPECT_EQ(id, e.session);
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_POLICY, e.type);
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_POLICY, e.type);

	EXPECT_EQ(0, finish(a, wfd));
	close(mon);
	close(fd);
}

/* A socket in the events group, or -1. */
static int events_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = nl_socket(), grp = nl_events_grp;

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The next event of @type for @session (others are skipped). 0 or -1. */
static int next_event_of(int fd, int type, uint32_t session, struct ev *e)
{
	while (!next_event(fd, e))
		if (e->type == type && e->session == session)
			return 0;
	return -1;
}

/*
 * A child that waits for a byte on its pipe, forks a grandchild that exits
 * at once, reaps it and exits 0. Like spin_child(), it keeps no other
 * descriptor.
 */
static pid_t fork_child(int *wfd)
{
	int p[2];
	pid_t pid, g;
	char c;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		if (dup2(p[0], 100) != 100)
			_exit(2);
		syscall(SYS_close_range, 3, 99, 0);
		syscall(SYS_close_range, 101, ~0U, 0);
		if (read(100, &c, 1) != 1)
			_exit(3);
		g = fork();
		if (g == 0)
			_exit(0);
		if (g < 0 || waitpid(g, NULL, 0) != g)
			_exit(4);
		_exit(0);
	}
	close(p[0]);
	if (pid < 0) {
		close(p[1]);
		return -1;
	}
	*wfd = p[1];
	return pid;
}

/*
 * A child auto-attached by TRACEFORK is announced (ATTACH, its thread id)
 * after its parent's ATTACH and before the session's close.
 */
TEST(events_auto_attach)
{
	struct ptrap_stop st;
	int fd, mon, dev, wfd, i;
	pid_t f, g = 0;
	uint32_t id;
	struct ev e;

	NEED_MODULE();
	fd = nl_socket();
	mon = events_socket();
	ASSERT_LE(0, mon);
	f = fork_child(&wfd);		/* before the session: no fd to inherit */
	ASSERT_LT(0, f);
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	id = my_session(fd);
	ASSERT_NE(0, id);
	ASSERT_EQ(0, seize(dev, f, PTRAP_O_TRACEFORK));
	ASSERT_EQ(1, write(wfd, "x", 1));
	close(wfd);
	/* The parent's FORK event-stop (the child's own stop may come first). */
	for (i = 0; i < 3 && !g; i++) {
		ASSERT_EQ(0, next_record(dev, &st));
		if (st.tid == f && st.kind == PTRAP_STOP_EVENT &&
		    (st.status >> 16) == PTRAP_EVENT_FORK)
			g = st.msg;
	}
	ASSERT_LT(0, g);
	close(dev);			/* both let go */
	EXPECT_EQ(0, reap(f));

	ASSERT_EQ(0, next_event_of(mon, PTRAP_NL_EVENT_SESSION_OPEN, id, &e));
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_ATTACH, e.type);
	EXPECT_EQ(id, e.session);
	EXPECT_EQ(f, e.tid);
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_ATTACH, e.type);
	EXPECT_EQ(id, e.session);
	EXPECT_EQ(g, e.tid);
	ASSERT_EQ(0, next_event(mon, &e));
	EXPECT_EQ(PTRAP_NL_EVENT_SESSION_CLOSE, e.type);
	EXPECT_EQ(id, e.session);
	close(mon);
	close(fd);
}

/* dump_split() on @fd. */
static int dump_split_on(int fd, uint8_t cmd, uint32_t session,
			 int (*between)(void *), void *arg, int *rows,
			 int *reads, bool *intr)
{
	static char buf[8192];
	struct nlmsghdr *nlh;
	struct nlreq q;
	int len;

	*rows = 0;
	*reads = 0;
	*intr = false;
	nl_init(&q, nl_family, cmd, NLM_F_DUMP);
	if (session)
		nl_put_u32(&q, PTRAP_A_SESSION_ID, session);
	if (send(fd, &q, q.nlh.nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, TMO_MS) != 1)
			return -1;
		len = recv(fd, buf, sizeof(buf), 0);
		if (len <= 0)
			return -1;
		if ((*reads)++ == 0 && between && between(arg))
			return -1;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != q.nlh.nlmsg_seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				*intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return -1;
			(*rows)++;
		}
	}
}

/*
 * A dump of @cmd (@session: PTRAP_A_SESSION_ID if not 0) on a new socket,
 * read 8 KiB at a time (the kernel sizes the parts after the reads, from
 * about 4 KiB for the first), with @between called after the first read:
 * the kernel has built the dump's second part by then, so a change made by
 * @between shows in the third part (or the DONE). *@rows: the objects;
 * *@reads: the reads; *@intr: a message carried NLM_F_DUMP_INTR. 0 or -1.
 */
static int dump_split(uint8_t cmd, uint32_t session, int (*between)(void *),
		      void *arg, int *rows, int *reads, bool *intr)
{
	int fd = nl_socket(), ret;

	if (fd < 0)
		return -1;
	ret = dump_split_on(fd, cmd, session, between, arg, rows, reads, intr);
	close(fd);
	return ret;
}

struct change {
	int dev;
	pid_t tid;
	int what;	/* 0 interrupt, 1 set options, 2 resume, 3 seize */
};

static int make_change(void *arg)
{
	struct change *c = arg;
	struct ptrap_options_args o = {
		.tid = c->tid, .options = PTRAP_O_TRACESYSGOOD,
	};
	struct ptrap_stop st;

	switch (c->what) {
	case 0:
		if (interrupt(c->dev, c->tid) || next_record(c->dev, &st))
			return -1;
		return st.tid == c->tid ? 0 : -1;
	case 1:
		return pt_ioc(c->dev, PTRAP_IOC_SETOPTIONS, &o);
	case 2:
		return resume(c->dev, c->tid, PTRAP_RESUME_CONT);
	default:
		return seize(c->dev, c->tid, 0);
	}
}

#define SLEEPERS	120

/*
 * NLM_F_DUMP_INTR: a dump that spans a change of what it shows (a tracee's
 * stop, its options, its release; a session's tracee count) says so; one
 * that spans none does not.
 */
TEST(dump_intr)
{
	static const char *const what[] = {
		"stop", "options", "resume", "attach",
	};
	pid_t kids[SLEEPERS + 1];
	int fd, dev, i, rows, reads, many[300], n;
	struct change c;
	uint32_t id;
	bool intr;

	NEED_MODULE();
	fd = nl_socket();
	/* Forked before the session is opened: they hold no session file. */
	for (i = 0; i <= SLEEPERS; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			syscall(SYS_close_range, 3, ~0U, 0);
			for (;;)
				pause();
		}
		ASSERT_LT(0, kids[i]);
	}
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	id = my_session(fd);
	ASSERT_NE(0, id);
	for (i = 0; i < SLEEPERS; i++)
		ASSERT_EQ(0, seize(dev, kids[i], 0));

	/* Unchanged: no flag, every tracee once, in several parts. */
	ASSERT_EQ(0, dump_split(PTRAP_CMD_GET_TRACEES, id, NULL, NULL,
				&rows, &reads, &intr));
	EXPECT_EQ(SLEEPERS, rows);
	EXPECT_LE(3, reads);
	EXPECT_FALSE(intr);

	c = (struct change){ .dev = dev, .tid = kids[0] };
	for (c.what = 0; c.what < 3; c.what++) {
		ASSERT_EQ(0, dump_split(PTRAP_CMD_GET_TRACEES, id,
					make_change, &c, &rows, &reads, &intr))
			TH_LOG("change: %s", what[c.what]);
		EXPECT_LE(3, reads);
		EXPECT_TRUE(intr) TH_LOG("change: %s", what[c.what]);
	}

	/* The sessions dump: a new tracee changes the session's count. */
	for (n = 0; n < 300; n++) {
		many[n] = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (many[n] < 0)
			break;
	}
	ASSERT_EQ(300, n);
	ASSERT_EQ(0, dump_split(PTRAP_CMD_GET_SESSIONS, 0, NULL, NULL,
				&rows, &reads, &intr));
	EXPECT_LE(301, rows);
	EXPECT_LE(3, reads);
	EXPECT_FALSE(intr);
	c = (struct change){ .dev = dev, .tid = kids[SLEEPERS], .what = 3 };
	ASSERT_EQ(0, dump_split(PTRAP_CMD_GET_SESSIONS, 0, make_change, &c,
				&rows, &reads, &intr));
	EXPECT_LE(3, reads);
	EXPECT_TRUE(intr) TH_LOG("change: %s", what[c.what]);
	for (i = 0; i < n; i++)
		close(many[i]);

	close(dev);
	for (i = 0; i <= SLEEPERS; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	close(fd);
}

/*
 * Pid 1 of a new pid namespace: opens a session, seizes a child (its pid
 * 2), checks that records and answers number them in this namespace, then
 * writes the session id to @wfd and waits for a byte on @rfd.
 * Exit status 0, or which check failed.
 */
static int pidns_child(int rfd, int wfd)
{
	static struct rows r;
	struct ptrap_stop st;
	int fd, dev, gw;
	uint32_t id;
	pid_t g;
	char c;

	if (getpid() != 1)
		return 10;
	fd = nl_socket();
	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0 || dev < 0)
		return 11;
	g = spin_child(&gw);
	if (g <= 1 || seize(dev, g, 0))
		return 12;
	if (interrupt(dev, g) || next_record(dev, &st) || st.tid != g)
		return 13;
	id = my_session(fd);		/* found by its pid here: 1 */
	if (!id)
		return 14;
	if (dump_tracees(fd, id, &r) || r.n != 1 || r.t[0].tid != (uint32_t)g ||
	    r.t[0].tgid != (uint32_t)g)
		return 15;
	if (write(wfd, &id, sizeof(id)) != sizeof(id) || read(rfd, &c, 1) != 1)
		return 16;
	close(dev);
	return finish(g, gw) == 0 ? 0 : 17;
}

/* The child of @pid (the first listed), or -1. */
static pid_t child_of(pid_t pid)
{
	char path[64];
	FILE *f;
	int c = -1;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid, pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &c) != 1)
		c = -1;
	fclose(f);
	return c;
}

/*
 * A session in another pid namespace: answers give the caller's ids (the
 * session's own inside, the initial namespace's outside), events those of
 * the initial pid namespace.
 */
TEST(pid_namespace_ids)
{
	int fd, mon, to[2], from[2], status;
	struct pollfd p;
	struct rows *r;
	uint32_t id;
	pid_t c, g;
	struct ev e;
	bool seen = false;
	int i;

	NEED_MODULE();
	fd = nl_socket();
	mon = events_socket();
	ASSERT_LE(0, mon);
	r = calloc(1, sizeof(*r));
	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, pipe2(to, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(from, O_CLOEXEC));
	if (unshare(CLONE_NEWPID))
		SKIP(return, "unshare(CLONE_NEWPID): %s", strerror(errno));
	c = fork();
	if (c == 0) {
		close(to[1]);
		close(from[0]);
		_exit(pidns_child(to[0], from[1]));
	}
	ASSERT_LT(0, c);
	close(to[0]);
	close(from[1]);
	p = (struct pollfd){ .fd = from[0], .events = POLLIN };
	ASSERT_EQ(1, poll(&p, 1, TMO_MS));
	if (read(from[0], &id, sizeof(id)) != sizeof(id)) {
		waitpid(c, &status, 0);
		ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("in the namespace");
	}
	g = child_of(c);
	ASSERT_LT(1, g);

	/* Answers, asked from the initial pid namespace. */
	ASSERT_EQ(0, dump_tracees(fd, id, r));
	ASSERT_EQ(1, r->n);
	EXPECT_EQ(g, r->t[0].tid);
	EXPECT_EQ(g, r->t[0].tgid);
	ASSERT_EQ(0, dump_sessions(fd, r));
	for (i = 0; i < r->n; i++) {
		if (r->s[i].id == id) {
			seen = true;
			EXPECT_EQ(c, r->s[i].pid);
		}
	}
	EXPECT_TRUE(seen);

	/* Events: the initial pid namespace's ids. */
	ASSERT_EQ(0, next_event_of(mon, PTRAP_NL_EVENT_SESSION_OPEN, id, &e));
	EXPECT_EQ(c, e.pid);
	ASSERT_EQ(0, next_event_of(mon, PTRAP_NL_EVENT_ATTACH, id, &e));
	EXPECT_EQ(g, e.tid);

	ASSERT_EQ(1, write(to[1], "x", 1));
	ASSERT_EQ(c, waitpid(c, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	free(r);
	close(mon);
	close(fd);
}

/*
 * Read the kernel log records available on @kfd; true if one has every
 * string of @want (NULL-terminated).
 */
static bool kmsg_has(int kfd, const char *const *want)
{
	char rec[2048];
	const char *const *w;
	ssize_t n;

	for (;;) {
		n = read(kfd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten: go on */
		if (n <= 0)
			return false;
		rec[n] = '\0';
		for (w = want; *w && strstr(rec, *w); w++)
			;
		if (!*w)
			return true;
	}
}

/* Up to 8 s: run @act, then look for @want in the kernel log. */
static bool audited(int kfd, int (*act)(void *), void *arg,
		    const char *const *want)
{
	int i, j;

	/* printk_ratelimit() may drop the printed record: act again. */
	for (i = 0; i < 8; i++) {
		if (act(arg))
			return false;
		for (j = 0; j < 10; j++) {
			if (kmsg_has(kfd, want))
				return true;
			usleep(100000);
		}
	}
	return false;
}

static int set_sessions_4242(void *arg)
{
	struct policy p = { -1, 4242, -1, -1 };
	struct nlans ans;

	return nl_set_policy(*(int *)arg, p, &ans);
}

static char detach_want[32];

static int detach_one(void *arg)
{
	struct nlans ans;
	struct nlreq r;
	uint32_t id;
	int dev, ret = -1;

	dev = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	id = my_session(*(int *)arg);
	if (dev >= 0 && id) {
		snprintf(detach_want, sizeof(detach_want), " session=%u ", id);
		nl_init(&r, nl_family, PTRAP_CMD_DETACH_SESSION, 0);
		nl_put_u32(&r, PTRAP_A_SESSION_ID, id);
		if (!nl_talk(*(int *)arg, &r, &ans, NULL, NULL) && !ans.err)
			ret = 0;
	}
	if (dev >= 0)
		close(dev);
	return ret;
}

/*
 * SET_POLICY and DETACH_SESSION are audited. With no audit daemon (the
 * VM) the kernel prints the records: "audit: type=1305 ... op=ptrap_policy
 * ..." and "audit: type=1316 ... op=ptrap_detach_session ...".
 */
TEST(audit_records)
{
	const char *const policy_want[] = {
		"audit: type=1305 ", " op=ptrap_policy ",
		" max_sessions_per_user=4242 ", " res=1", NULL,
	};
	const char *const detach_want_all[] = {
		"audit: type=1316 ", " op=ptrap_detach_session ", detach_want,
		" tracees=0 ", " res=1", NULL,
	};
	char cmdline[4096] = "";
	int fd, kfd, cf;
	ssize_t n;

	NEED_MODULE();
	cf = open("/proc/cmdline", O_RDONLY);
	if (cf >= 0) {
		n = read(cf, cmdline, sizeof(cmdline) - 1);
		cmdline[n > 0 ? n : 0] = '\0';
		close(cf);
	}
	if (strstr(cmdline, "audit=0"))
		SKIP(return, "audit=0 on the kernel command line");
	kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kfd < 0)
		SKIP(return, "/dev/kmsg: %s", strerror(errno));
	lseek(kfd, 0, SEEK_END);
	fd = nl_socket();

	EXPECT_TRUE(audited(kfd, set_sessions_4242, &fd, policy_want));
	policy_restore();
	EXPECT_TRUE(audited(kfd, detach_one, &fd, detach_want_all));
	close(kfd);
	close(fd);
}

TEST_HARNESS_MAIN
