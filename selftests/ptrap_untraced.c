// SPDX-License-Identifier: GPL-2.0
/*
 * The untraced fast path (module/hooks.c): while the module's syscall
 * probes are registered and nothing else uses the sys_enter/sys_exit
 * tracepoints, only tracees keep SYSCALL_WORK_SYSCALL_TRACEPOINT. Nothing
 * in /proc shows that bit, so the cases look at behaviour:
 *
 *   - a process started (untraced) after the probes were registered, then
 *     seized, stops at every syscall in SYSCALL mode, and so does the
 *     child it forks (auto-attached): both variants, the stub pool being
 *     the ground truth;
 *   - module only: with the parameter untraced_fastpath off, a foreign
 *     probe (the ftrace event raw_syscalls/sys_enter) sees an untraced
 *     process's syscalls at once; on again, the fast path is back;
 *   - module only: a foreign probe registered after ours sees an untraced
 *     process's syscalls within the re-check period (1 s; bounded wait),
 *     and GET_STATUS says the fast path is off for a foreign probe.
 *
 * The module-only cases need tracefs (mounted here if it is not) and
 * root; they SKIP without. The foreign-probe case leaves the fast path
 * off until the module's probes are unregistered (probe_idle_secs after
 * the last tracee): it runs last.
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#define PT_FIXTURE untraced
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

#define UT_MAGIC	0x5eed1e55UL
#define UT_TRACEFS	"/sys/kernel/tracing"
#define UT_EVENT	UT_TRACEFS "/events/raw_syscalls/sys_enter/enable"
#define UT_PARAM	"/sys/module/ptrap/parameters/untraced_fastpath"
/* The module's re-check period is 1 s: this is ample, and bounded. */
#define UT_FOREIGN_MS	5000

/* ---- the module's state, from GET_STATUS ---- */

/* One generic netlink request with no attribute; the answer in @buf. */
static int ut_nl_talk(int fd, uint16_t family, uint8_t cmd, const void *attr,
		      size_t alen, char *buf, size_t len)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char a[64];
	} req;
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	ssize_t n;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen);
	req.n.nlmsg_type = family;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.g.cmd = cmd;
	req.g.version = family == GENL_ID_CTRL ? 1 : PTRAP_GENL_VERSION;
	memcpy(req.a, attr, alen);
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
		return -errno;
	n = recv(fd, buf, len, 0);
	if (n < 0)
		return -errno;
	if (n < (ssize_t)NLMSG_HDRLEN || !NLMSG_OK(h, (size_t)n))
		return -EBADMSG;
	if (h->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(h))->error ?: -EBADMSG;
	return 0;
}

/* The payload of attribute @type in the answer in @buf, or NULL. */
static void *ut_nl_attr(char *buf, int type)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) +
					      GENL_HDRLEN);
	int rem = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return (char *)a + NLA_HDRLEN;
	return NULL;
}

/* enum ptrap_untraced_fastpath now, or -errno. */
static int ut_fastpath_state(void)
{
	static char buf[8192];
	struct {
		struct nlattr a;
		char name[8];
	} fam;
	uint16_t family;
	uint8_t *v;
	int fd, r;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	memset(&fam, 0, sizeof(fam));
	fam.a.nla_type = CTRL_ATTR_FAMILY_NAME;
	fam.a.nla_len = NLA_HDRLEN + sizeof(PTRAP_GENL_NAME);
	memcpy(fam.name, PTRAP_GENL_NAME, sizeof(PTRAP_GENL_NAME));
	r = ut_nl_talk(fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, &fam,
		       NLA_ALIGN(fam.a.nla_len), buf, sizeof(buf));
	if (r)
		goto out;
	r = -ENOENT;
	if (!ut_nl_attr(buf, CTRL_ATTR_FAMILY_ID))
		goto out;
	family = *(uint16_t *)ut_nl_attr(buf, CTRL_ATTR_FAMILY_ID);
	r = ut_nl_talk(fd, family, PTRAP_CMD_GET_STATUS, NULL, 0, buf,
		       sizeof(buf));
	if (r)
		goto out;
	v = ut_nl_attr(buf, PTRAP_A_UNTRACED_FASTPATH);
	r = v ? *v : -ENOENT;
out:
	close(fd);
	return r;
}

static const char *ut_state_name(int s)
{
	switch (s) {
	case PTRAP_UNTRACED_FASTPATH_OFF:
		return "off";
	case PTRAP_UNTRACED_FASTPATH_ACTIVE:
		return "active";
	case PTRAP_UNTRACED_FASTPATH_FOREIGN:
		return "foreign";
	default:
		return strerror(-s);
	}
}

/* ---- tracefs ---- */

static int ut_write(const char *path, const char *s, int flags)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -EIO;
}

/* Whether the ftrace syscall event is there (mounting tracefs if need be). */
static int ut_tracefs(void)
{
	if (access(UT_EVENT, W_OK) == 0)
		return 0;
	mount("nodev", UT_TRACEFS, "tracefs", 0, NULL);
	return access(UT_EVENT, W_OK) == 0 ? 0 : -errno;
}

/* Record the sys_enter events of @pid only, from an empty buffer. */
static int ut_trace_on(pid_t pid)
{
	char s[32];
	int r;

	snprintf(s, sizeof(s), "%d\n", (int)pid);
	r = ut_write(UT_TRACEFS "/set_event_pid", s, O_TRUNC);
	if (!r)
		r = ut_write(UT_TRACEFS "/trace", "", O_TRUNC);
	if (!r)
		r = ut_write(UT_EVENT, "1\n", 0);
	return r;
}

static void ut_trace_off(void)
{
	ut_write(UT_EVENT, "0\n", 0);
	ut_write(UT_TRACEFS "/set_event_pid", "", O_TRUNC);
	ut_write(UT_TRACEFS "/trace", "", O_TRUNC);
}

/* Whether the trace buffer holds a getppid(UT_MAGIC) entry. */
static int ut_trace_has_magic(void)
{
	static char buf[1 << 16];
	char want[64];
	size_t len = 0;
	ssize_t n;
	int fd, found;

	snprintf(want, sizeof(want), "NR %d (%lx,", SYS_getppid, UT_MAGIC);
	fd = open(UT_TRACEFS "/trace", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (len < sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	found = strstr(buf, want) != NULL;
	return found;
}

/* ---- an untraced process making a marked syscall on demand ---- */

struct ut_proc {
	pid_t pid;
	int to, from;
};

/*
 * Fork (from the test process: untraced, so with the bit cleared while
 * the fast path is active) a child that, for each byte it reads, makes a
 * getppid(UT_MAGIC) and writes the byte back; 'q' or EOF ends it.
 */
static void ut_start(struct __test_metadata *_metadata,
		     FIXTURE_DATA(untraced) *self, struct ut_proc *u)
{
	int a[2], b[2];

	mkpipe(_metadata, self, a);
	mkpipe(_metadata, self, b);
	u->pid = fork();
	ASSERT_LE(0, u->pid);
	if (u->pid == 0) {
		char c;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		while (read(a[0], &c, 1) == 1 && c != 'q') {
			syscall(SYS_getppid, UT_MAGIC, 0, 0, 0, 0, 0);
			if (write(b[1], &c, 1) != 1)
				_exit(101);
		}
		_exit(0);
	}
	track_pid(self, u->pid);
	u->to = a[1];
	u->from = b[0];
	close_fd(self, a[0]);
	close_fd(self, b[1]);
}

/* One marked syscall of @u, done when this returns. */
static int ut_poke(struct ut_proc *u)
{
	char c = 'p';

	if (pt_write_all(u->to, &c, 1))
		return -EPIPE;
	return pt_read_full(u->from, &c, 1) == 1 ? 0 : -EPIPE;
}

/*
 * Module variant only, as root, with tracefs: a tracee of the session
 * (so that the probes are registered) and the fast path's state.
 */
static int ut_module_setup(struct __test_metadata *_metadata,
			   FIXTURE_DATA(untraced) *self)
{
	char *args[] = { "--child-exit", "0", NULL };
	int r;

	if (!self->module)
		SKIP(return -1, "module only: the stub pool registers no probe");
	if (geteuid() != 0)
		SKIP(return -1, "needs root (tracefs, module parameters)");
	r = ut_tracefs();
	if (r)
		SKIP(return -1, "no ftrace syscall event at %s: %s", UT_EVENT,
		     strerror(-r));
	if (access(UT_PARAM, W_OK))
		SKIP(return -1, "no %s: %s", UT_PARAM, strerror(errno));
	spawn_args(_metadata, self, 0, args, NULL, 0);
	return ut_fastpath_state();
}

/* ---- the untraced tracee-to-be ---- */

/*
 * --ut-spin: fork (from the test process, after the probes are
 * registered) a child that says 's', spins in user space until *@go, then
 * calls getppid() twice, forks a child that calls getppid() and exits
 * with 5, and exits with 7.
 */
static pid_t ut_spinner(struct __test_metadata *_metadata,
			FIXTURE_DATA(untraced) *self, volatile int **go)
{
	volatile int *g;
	int p[2];
	pid_t pid;
	char c = 0;

	g = mmap(NULL, PT_PAGE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, g);
	*g = 0;
	mkpipe(_metadata, self, p);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (write(p[1], "s", 1) != 1)
			_exit(102);
		while (!*g)
			;
		syscall(SYS_getppid);
		syscall(SYS_getppid);
		if (fork() == 0) {
			syscall(SYS_getppid);
			_exit(5);
		}
		_exit(7);
	}
	track_pid(self, pid);
	ASSERT_EQ(1, pt_read_full(p[0], &c, 1));
	ASSERT_EQ('s', c);
	*go = g;
	return pid;
}

/* The previous stop was an entry to getppid: its exit, then the next. */
static void ut_getppid_exit(struct __test_metadata *_metadata,
			    FIXTURE_DATA(untraced) *self, pid_t tid)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	ASSERT_EQ(SYS_getppid, st.nr);
}

/*
 * Probes registered (a tracee exists), then a process is started
 * untraced, then seized: it stops at each of its syscalls, and so does
 * the child it forks (auto-attached).
 */
TEST_F(untraced, seize_after_probes)
{
	char *args[] = { "--child-exit", "0", NULL };
	struct ptrap_stop st;
	volatile int *go;
	pid_t pid, kid;

	NEED_SESSION();
	/* The first tracee: registers the module's probes. */
	spawn_args(_metadata, self, 0, args, NULL, 0);
	if (self->module)
		TH_LOG("untraced fast path: %s",
		       ut_state_name(ut_fastpath_state()));
	pid = ut_spinner(_metadata, self, &go);
	seize(_metadata, self, pid, PTRAP_O_TRACEFORK);
	ASSERT_EQ(0, interrupt(_metadata, self, pid));
	NEXT_OF(pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP, pid);
	*go = 1;

	/* Its first syscall after the spin: getppid, entry then exit. */
	ASSERT_EQ(0, ptrap_resume(self->p, pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, pid);
	ASSERT_EQ(SYS_getppid, st.nr);
	ut_getppid_exit(_metadata, self, pid);
	ASSERT_EQ(0, ptrap_resume(self->p, pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, pid);
	ASSERT_EQ(SYS_getppid, st.nr);
	ut_getppid_exit(_metadata, self, pid);

	/* On to the fork: its event-stop, and the child's first stop. */
	ASSERT_EQ(0, ptrap_resume(self->p, pid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_FORK), pid);
	kid = (pid_t)st.msg;
	ASSERT_LT(0, kid);
	track_foreign(self, kid);
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP, kid);
	/* The parent first: the child's end would send it SIGCHLD. */
	CONT_TO_EXIT(pid, 7);

	/* The child's syscalls (the C library's first) up to getppid. */
	run_to_syscall(_metadata, self, kid, SYS_getppid, ST_SYSCALL, &st);
	ut_getppid_exit(_metadata, self, kid);
	CONT_TO_EXIT(kid, 5);
}

/*
 * Module only. Parameter off: every thread is back on the slow path at
 * once, so a foreign probe sees an untraced process's syscalls without
 * waiting for the re-check. On again (the foreign probe gone): active.
 */
TEST_F(untraced, parameter_off)
{
	struct ut_proc u;
	int state, seen, r;

	NEED_SESSION();
	state = ut_module_setup(_metadata, self);
	if (state < 0)
		return;
	if (state != PTRAP_UNTRACED_FASTPATH_ACTIVE)
		SKIP(return, "fast path %s, not active (a foreign probe since the probes were registered?)",
		     ut_state_name(state));
	ASSERT_EQ(0, ut_write(UT_PARAM, "N\n", 0));
	state = ut_fastpath_state();
	ut_start(_metadata, self, &u);
	r = ut_trace_on(u.pid);
	if (!r)
		r = ut_poke(&u);
	/* No waiting: the bit must be set already. */
	seen = ut_trace_has_magic();
	ut_trace_off();
	ASSERT_EQ(0, ut_write(UT_PARAM, "Y\n", 0));
	ASSERT_EQ(0, r) TH_LOG("tracing pid %d: %s", u.pid, strerror(-r));
	ASSERT_EQ(PTRAP_UNTRACED_FASTPATH_OFF, state)
		TH_LOG("with the parameter off: %s", ut_state_name(state));
	ASSERT_TRUE(seen) TH_LOG("ftrace missed getppid(%#lx) of %d",
				 UT_MAGIC, u.pid);
	state = ut_fastpath_state();
	ASSERT_EQ(PTRAP_UNTRACED_FASTPATH_ACTIVE, state)
		TH_LOG("with the parameter back on: %s", ut_state_name(state));
}

/*
 * Module only. A foreign probe registered after ours: within the
 * re-check period an untraced process's syscalls reach it, and the fast
 * path says so. Leaves the fast path off until the probes go: last.
 */
TEST_F(untraced, foreign_probe)
{
	long end = pt_now_ms() + UT_FOREIGN_MS;
	struct ut_proc u;
	int state, seen = 0, r;

	NEED_SESSION();
	state = ut_module_setup(_metadata, self);
	if (state < 0)
		return;
	if (state != PTRAP_UNTRACED_FASTPATH_ACTIVE)
		SKIP(return, "fast path %s, not active (a foreign probe since the probes were registered?)",
		     ut_state_name(state));
	ut_start(_metadata, self, &u);
	r = ut_trace_on(u.pid);
	/* Bounded: a marked syscall, a look at the buffer, a pause. */
	while (!r && !seen && pt_now_ms() < end) {
		r = ut_poke(&u);
		seen = ut_trace_has_magic();
		if (!seen)
			poll(NULL, 0, 50);
	}
	ut_trace_off();
	ASSERT_EQ(0, r) TH_LOG("tracing pid %d: %s", u.pid, strerror(-r));
	ASSERT_TRUE(seen) TH_LOG("ftrace missed getppid(%#lx) of %d for %d ms",
				 UT_MAGIC, u.pid, UT_FOREIGN_MS);
	state = ut_fastpath_state();
	ASSERT_EQ(PTRAP_UNTRACED_FASTPATH_FOREIGN, state)
		TH_LOG("after a foreign probe: %s", ut_state_name(state));
}

PT_HARNESS_MAIN(pt_no_child_main)
