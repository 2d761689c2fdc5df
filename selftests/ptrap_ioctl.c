// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap_ioctl: the raw /dev/ptrap interface, without libptrap: every ioctl
 * with bad pointers, short, oversized and malformed structs, bad command
 * numbers and flags; read(2)/poll(2) semantics of the record stream; tids
 * that are dead or belong to another session. After all of it the module
 * must still trace (the last fixture).
 *
 * Everything SKIPs with a reason when /dev/ptrap is absent. Tracees are
 * this binary re-executed as "--child-..." after PTRAP_IOC_TRACEME, or
 * forked echo children; all are children of the test, killed and reaped
 * in teardown. Every wait on a record is bounded by poll(2).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <linux/ptrap.h>

#include "ptrap_util.h"
#include "kselftest_harness.h"

#define REC		((ssize_t)sizeof(struct ptrap_stop))
#define ST_STOP(sig)	((unsigned int)(((sig) << 8) | 0x7f))
#define ST_EXIT(code)	((unsigned int)((code) << 8))
#define MAX_KIDS	8
#define ARGBUF		(16384 + 64)
#define KERNEL_PTR	((void *)0xffffffff81000000UL)

static const char *skip_reason = "ptrap module not loaded: /dev/ptrap absent";

/* Per-test state shared by every fixture of this file. */
struct devctx {
	int fd;			/* the session under test */
	int fd2;		/* a second session, when a case needs one */
	int skip;
	int nkids;
	pid_t kids[MAX_KIDS];
	pid_t tracee;		/* stopped at its post-exec SIGTRAP */
	struct ptrap_stop first;
	pid_t echo;		/* an untraced forked child, blocked in read() */
	int echo_to, echo_from;
	struct user_regs_struct regs;
	unsigned char mem[64];
	siginfo_t si;		/* GETSIGINFO/SETSIGINFO buffer */
	uint64_t mask;		/* GETSIGMASK/SETSIGMASK buffer */
	unsigned char sci[128];	/* GET_SYSCALL_INFO buffer */
	uint64_t uval;		/* POKEUSER's value: the word there already */
	unsigned char arg[ARGBUF] __attribute__((aligned(16)));
};

static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

static void track(struct devctx *c, pid_t pid)
{
	if (pid > 0 && c->nkids < MAX_KIDS)
		c->kids[c->nkids++] = pid;
}

/* Take one record, bounded: 0, -ETIMEDOUT, -errno, -EIO on a bad size. */
static int read_rec(int fd, struct ptrap_stop *st)
{
	ssize_t n;
	int r = pt_poll1(fd, POLLIN, PT_TIMEOUT_MS);

	if (r == 0)
		return -ETIMEDOUT;
	if (r < 0)
		return r;
	n = read(fd, st, sizeof(*st));
	if (n < 0)
		return -errno;
	return n == REC ? 0 : -EIO;
}

#define REC_FMT "record kind=%u status=%#x tid=%d tgid=%d nr=%lld retval=%lld"
#define REC_ARGS(st) (st).kind, (st).status, (st).tid, (st).tgid, \
	(long long)(st).nr, (long long)(st).retval

#define NEXT_REC(fd, st) do { \
	int __r = read_rec((fd), &(st)); \
	ASSERT_EQ(0, __r) TH_LOG("no record within %d ms: %s", \
				 PT_TIMEOUT_MS, strerror(-__r)); \
} while (0)

#define ASSERT_STOP(st, k, s, t) do { \
	ASSERT_EQ((__u32)(k), (st).kind) TH_LOG(REC_FMT, REC_ARGS(st)); \
	ASSERT_EQ((__u32)(s), (st).status) TH_LOG(REC_FMT, REC_ARGS(st)); \
	ASSERT_EQ((__s32)(t), (st).tid) TH_LOG(REC_FMT, REC_ARGS(st)); \
} while (0)

/* Nothing is ready on @fd right now. */
#define NO_REC(fd) ASSERT_EQ(0, pt_poll1((fd), POLLIN, 0))

static int c_open(struct __test_metadata *_metadata, struct devctx *c)
{
	pt_self_exe();
	c->fd = c->fd2 = -1;
	c->echo = 0;
	c->echo_to = c->echo_from = -1;
	c->fd = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (c->fd < 0 && errno == ENOENT) {
		c->skip = 1;
		return -1;
	}
	ASSERT_LE(0, c->fd) TH_LOG("open %s: %s", PTRAP_DEVICE_PATH,
				   strerror(errno));
	return 0;
}

static void c_teardown(struct devctx *c)
{
	int i;

	for (i = 0; i < c->nkids; i++)
		if (pt_unreaped_child(c->kids[i]))
			kill(c->kids[i], SIGKILL);
	if (c->fd >= 0)
		close(c->fd);
	if (c->fd2 >= 0)
		close(c->fd2);
	for (i = 0; i < c->nkids; i++)
		pt_kill_reap(c->kids[i]);
	if (c->echo_to >= 0)
		close(c->echo_to);
	if (c->echo_from >= 0)
		close(c->echo_from);
}

/*
 * fork; the child does PTRAP_IOC_TRACEME on @fd and executes
 * "--child-@mode @arg". Returns its pid once the post-exec SIGTRAP record
 * was read from @fd (and checked), or -errno of TRACEME/execve.
 */
static pid_t raw_spawn(struct __test_metadata *_metadata, struct devctx *c,
		       int fd, uint64_t opts, const char *mode,
		       const char *arg)
{
	char modearg[64];
	char *argv[] = { (char *)pt_self_exe(), modearg, (char *)arg, NULL };
	struct ptrap_stop st;
	int ep[2], err = 0;
	ssize_t n;
	pid_t pid;

	snprintf(modearg, sizeof(modearg), "--child-%s", mode);
	ASSERT_EQ(0, pipe2(ep, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct ptrap_traceme_args a = { .options = opts };

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (ioctl(fd, PTRAP_IOC_TRACEME, &a) == 0)
			execv(argv[0], argv);
		err = errno;
		if (write(ep[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	track(c, pid);
	close(ep[1]);
	n = pt_read_full(ep[0], &err, sizeof(err));
	close(ep[0]);
	if (n == sizeof(err))
		return -err;
	ASSERT_EQ(0, n) TH_LOG("spawn pipe: %zd", n);
	NEXT_REC(fd, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), pid);
	if (c->tracee == pid || !c->tracee)
		c->first = st;
	return pid;
}

static void resume(struct __test_metadata *_metadata, int fd, pid_t tid,
		   unsigned int mode, unsigned int sig)
{
	struct ptrap_resume_args a = { .tid = tid, .mode = mode, .sig = sig };
	int r = xioctl(fd, PTRAP_IOC_RESUME, &a);

	ASSERT_EQ(0, r) TH_LOG("RESUME(%d, mode %u): %s", tid, mode,
			       strerror(-r));
}

/* From a stop, SYSCALL-resume until the entry stop of @nr. */
static void raw_run_to(struct __test_metadata *_metadata, int fd, pid_t tid,
		       long nr, struct ptrap_stop *st)
{
	int i;

	for (i = 0; i < 4000; i++) {
		resume(_metadata, fd, tid, PTRAP_RESUME_SYSCALL, 0);
		NEXT_REC(fd, *st);
		ASSERT_EQ(tid, st->tid);
		if (st->kind == PTRAP_STOP_SYSCALL_ENTER && st->nr == nr)
			return;
		ASSERT_TRUE(st->kind == PTRAP_STOP_SYSCALL_ENTER ||
			    st->kind == PTRAP_STOP_SYSCALL_EXIT)
			TH_LOG(REC_FMT, REC_ARGS(*st));
	}
	ASSERT_TRUE(0) TH_LOG("no syscall %ld within 4000 stops", nr);
}

static void cont_to_exit(struct __test_metadata *_metadata, int fd,
			 pid_t tid, int code)
{
	struct ptrap_stop st;

	resume(_metadata, fd, tid, PTRAP_RESUME_CONT, 0);
	NEXT_REC(fd, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(code), tid);
}

/* An untraced forked echo child (see pt_echo_loop). */
static void start_echo(struct __test_metadata *_metadata, struct devctx *c)
{
	int a[2], b[2];
	char ch = 0;

	ASSERT_EQ(0, pipe2(a, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(b, O_CLOEXEC));
	c->echo = fork();
	ASSERT_LE(0, c->echo);
	if (c->echo == 0) {
		int fd;

		for (fd = 3; fd < 1024; fd++)
			if (fd != a[0] && fd != b[1])
				close(fd);
		pt_echo_loop(a[0], b[1]);
	}
	track(c, c->echo);
	close(a[0]);
	close(b[1]);
	c->echo_to = a[1];
	c->echo_from = b[0];
	ASSERT_EQ(0, pt_write_all(c->echo_to, "a", 1));
	ASSERT_EQ(1, pt_read_full(c->echo_from, &ch, 1));
	ASSERT_EQ('a', ch);
}

static int echo_rt(struct devctx *c, char ch)
{
	char r = 0;

	if (pt_write_all(c->echo_to, &ch, 1))
		return -EPIPE;
	if (pt_read_full(c->echo_from, &r, 1) != 1)
		return -EPIPE;
	return r == ch ? 0 : -EBADMSG;
}

/* ====== the ioctl table: one variant per request ====== */

struct ioc_desc {
	unsigned long cmd;	/* as in <linux/ptrap.h> */
	unsigned int nr, dir, size0;
	int has_tid;		/* tid at offset 0 */
	int needs_stop;		/* ESRCH unless the tracee is stopped */
	int target;		/* 0 the stopped tracee, 1 the echo child */
	int bad1_off, bad1_len;	/* a field whose bad value means EINVAL */
	uint64_t bad1_val;
	int bad2_off, bad2_len;	/* another one */
	uint64_t bad2_val;
	int running_err;	/* on a running tracee of this session */
	int foreign_err;	/* on another session's tracee */
};

#define FLAGS31		(1ULL << 31)
#define OPT40		(1ULL << 40)

#define V_ATTACH(seize) \
	.cmd = (seize) ? PTRAP_IOC_SEIZE : PTRAP_IOC_ATTACH, \
	.nr = (seize) ? 2 : 1, .dir = _IOC_WRITE, \
	.size0 = PTRAP_ATTACH_SIZE_VER0, .has_tid = 1, .target = 1, \
	.bad1_off = 4, .bad1_len = 4, .bad1_val = FLAGS31, \
	.bad2_off = 8, .bad2_len = 8, .bad2_val = OPT40, \
	.running_err = -EPERM, .foreign_err = -EPERM
#define V_TRACEE(n, kill) \
	.cmd = (kill) ? PTRAP_IOC_KILL : PTRAP_IOC_DETACH, \
	.nr = (n), .dir = _IOC_WRITE, .size0 = PTRAP_TRACEE_SIZE_VER0, \
	.has_tid = 1, .needs_stop = !(kill), \
	.bad1_off = 8, .bad1_len = 4, .bad1_val = FLAGS31, \
	.bad2_off = (kill) ? 4 : 8, .bad2_len = 4, \
	.bad2_val = (kill) ? SIGKILL : 1, \
	.running_err = (kill) ? 0 : -ESRCH, .foreign_err = -ESRCH
#define V_REGSET(n, set) \
	.cmd = (set) ? PTRAP_IOC_SETREGSET : PTRAP_IOC_GETREGSET, \
	.nr = (n), .dir = _IOC_READ | _IOC_WRITE, \
	.size0 = PTRAP_REGSET_SIZE_VER0, .has_tid = 1, .needs_stop = 1, \
	.bad1_off = 4, .bad1_len = 4, .bad1_val = 0x7fff, \
	.bad2_off = 16, .bad2_len = 8, .bad2_val = 7, \
	.running_err = -ESRCH, .foreign_err = -ESRCH
#define V_MEM(n, wr) \
	.cmd = (wr) ? PTRAP_IOC_WRITEMEM : PTRAP_IOC_READMEM, \
	.nr = (n), .dir = _IOC_READ | _IOC_WRITE, \
	.size0 = PTRAP_MEM_SIZE_VER0, .has_tid = 1, .needs_stop = 1, \
	.bad1_off = 4, .bad1_len = 4, .bad1_val = FLAGS31, \
	.bad2_off = 4, .bad2_len = 4, .bad2_val = 1, \
	.running_err = -ESRCH, .foreign_err = -ESRCH

/*
 * The requests on a stop: { tid, flags, ... }; flags must be 0 (bad1: a
 * high bit, bad2: bit 0, unless a variant names another bad field).
 */
#define V_STOPREQ2(n, c, d, sz, b2off, b2len, b2val) \
	.cmd = (c), .nr = (n), .dir = (d), .size0 = (sz), .has_tid = 1, \
	.needs_stop = 1, \
	.bad1_off = 4, .bad1_len = 4, .bad1_val = FLAGS31, \
	.bad2_off = (b2off), .bad2_len = (b2len), .bad2_val = (b2val), \
	.running_err = -ESRCH, .foreign_err = -ESRCH
#define V_STOPREQ(n, c, d, sz) V_STOPREQ2(n, c, d, sz, 4, 4, 1)

#define V_ALL_TID(F) \
	FIXTURE_VARIANT_ADD(F, attach) { .d = { V_ATTACH(0) } }; \
	FIXTURE_VARIANT_ADD(F, seize) { .d = { V_ATTACH(1) } }; \
	FIXTURE_VARIANT_ADD(F, detach) { .d = { V_TRACEE(4, 0) } }; \
	FIXTURE_VARIANT_ADD(F, kill) { .d = { V_TRACEE(5, 1) } }; \
	FIXTURE_VARIANT_ADD(F, resume) { .d = { \
		.cmd = PTRAP_IOC_RESUME, .nr = 6, .dir = _IOC_WRITE, \
		.size0 = PTRAP_RESUME_SIZE_VER0, .has_tid = 1, \
		.needs_stop = 1, \
		.bad1_off = 12, .bad1_len = 4, .bad1_val = FLAGS31, \
		.bad2_off = 4, .bad2_len = 4, .bad2_val = 99, \
		.running_err = -ESRCH, .foreign_err = -ESRCH } }; \
	FIXTURE_VARIANT_ADD(F, setoptions) { .d = { \
		.cmd = PTRAP_IOC_SETOPTIONS, .nr = 7, .dir = _IOC_WRITE, \
		.size0 = PTRAP_OPTIONS_SIZE_VER0, .has_tid = 1, \
		.needs_stop = 1, \
		.bad1_off = 4, .bad1_len = 4, .bad1_val = FLAGS31, \
		.bad2_off = 8, .bad2_len = 8, .bad2_val = OPT40, \
		.running_err = -ESRCH, .foreign_err = -ESRCH } }; \
	FIXTURE_VARIANT_ADD(F, getregset) { .d = { V_REGSET(8, 0) } }; \
	FIXTURE_VARIANT_ADD(F, setregset) { .d = { V_REGSET(9, 1) } }; \
	FIXTURE_VARIANT_ADD(F, readmem) { .d = { V_MEM(10, 0) } }; \
	FIXTURE_VARIANT_ADD(F, writemem) { .d = { V_MEM(11, 1) } }; \
	FIXTURE_VARIANT_ADD(F, getsiginfo) { .d = { \
		V_STOPREQ(0x0e, PTRAP_IOC_GETSIGINFO, _IOC_WRITE, \
			  PTRAP_SIGINFO_SIZE_VER0) } }; \
	FIXTURE_VARIANT_ADD(F, setsiginfo) { .d = { \
		V_STOPREQ(0x0f, PTRAP_IOC_SETSIGINFO, _IOC_WRITE, \
			  PTRAP_SIGINFO_SIZE_VER0) } }; \
	FIXTURE_VARIANT_ADD(F, getsigmask) { .d = { \
		V_STOPREQ2(0x10, PTRAP_IOC_GETSIGMASK, _IOC_WRITE, \
			   PTRAP_SIGMASK_SIZE_VER0, 16, 8, 7) } }; \
	FIXTURE_VARIANT_ADD(F, setsigmask) { .d = { \
		V_STOPREQ2(0x11, PTRAP_IOC_SETSIGMASK, _IOC_WRITE, \
			   PTRAP_SIGMASK_SIZE_VER0, 16, 8, 16) } }; \
	FIXTURE_VARIANT_ADD(F, geteventmsg) { .d = { \
		V_STOPREQ(0x12, PTRAP_IOC_GETEVENTMSG, \
			  _IOC_READ | _IOC_WRITE, PTRAP_EVENTMSG_SIZE_VER0) } }; \
	FIXTURE_VARIANT_ADD(F, get_syscall_info) { .d = { \
		V_STOPREQ(0x13, PTRAP_IOC_GET_SYSCALL_INFO, \
			  _IOC_READ | _IOC_WRITE, \
			  PTRAP_SYSCALL_INFO_SIZE_VER0) } }; \
	FIXTURE_VARIANT_ADD(F, peekuser) { .d = { \
		V_STOPREQ(0x14, PTRAP_IOC_PEEKUSER, _IOC_READ | _IOC_WRITE, \
			  PTRAP_USER_SIZE_VER0) } }; \
	FIXTURE_VARIANT_ADD(F, pokeuser) { .d = { \
		V_STOPREQ(0x15, PTRAP_IOC_POKEUSER, _IOC_WRITE, \
			  PTRAP_USER_SIZE_VER0) } }; \
	FIXTURE_VARIANT_ADD(F, set_syscall_filter) { .d = { \
		V_STOPREQ2(0x16, PTRAP_IOC_SET_SYSCALL_FILTER, _IOC_WRITE, \
			   PTRAP_SYSCALL_FILTER_SIZE_VER0, 16, 8, 7) } }; \
	FIXTURE_VARIANT_ADD(F, get_syscall_filter) { .d = { \
		V_STOPREQ2(0x17, PTRAP_IOC_GET_SYSCALL_FILTER, \
			   _IOC_READ | _IOC_WRITE, \
			   PTRAP_SYSCALL_FILTER_SIZE_VER0, 16, 8, 7) } }

FIXTURE(ioc) {
	struct devctx c;
};

FIXTURE_VARIANT(ioc) {
	struct ioc_desc d;
};

V_ALL_TID(ioc);
FIXTURE_VARIANT_ADD(ioc, traceme) { .d = {
	.cmd = PTRAP_IOC_TRACEME, .nr = 3, .dir = _IOC_WRITE,
	.size0 = PTRAP_TRACEME_SIZE_VER0,
	.bad1_off = 0, .bad1_len = 4, .bad1_val = FLAGS31,
	.bad2_off = 8, .bad2_len = 8, .bad2_val = OPT40,
} };

/*
 * Everything a valid VER0 argument needs: a tracee stopped at its
 * post-exec SIGTRAP, or an untraced child to attach to, and buffers.
 * Only the cases that need the request to get past argument checking
 * call this: the others must not depend on tracing working at all.
 */
static void need_target(struct __test_metadata *_metadata, struct devctx *c,
			const struct ioc_desc *v)
{
	if (v->has_tid) {
		c->tracee = raw_spawn(_metadata, c, c->fd, 0, "exit", "0");
		ASSERT_LT(0, c->tracee);
	}
	if (v->target == 1)
		start_echo(_metadata, c);
	if (v->cmd == PTRAP_IOC_SETREGSET) {
		struct ptrap_regset_args a = {
			.tid = c->tracee, .note_type = NT_PRSTATUS,
			.buf = (uintptr_t)&c->regs, .len = sizeof(c->regs),
		};

		ASSERT_EQ(0, xioctl(c->fd, PTRAP_IOC_GETREGSET, &a));
	}
	if (v->cmd == PTRAP_IOC_WRITEMEM) {
		struct ptrap_mem_args a = {
			.tid = c->tracee, .addr = c->first.ip,
			.buf = (uintptr_t)c->mem, .len = 16,
		};

		ASSERT_EQ(0, xioctl(c->fd, PTRAP_IOC_READMEM, &a));
		ASSERT_EQ(16, a.done);
	}
	if (v->cmd == PTRAP_IOC_SETSIGINFO) {
		struct ptrap_siginfo_args a = {
			.tid = c->tracee, .buf = (uintptr_t)&c->si,
		};

		ASSERT_EQ(0, xioctl(c->fd, PTRAP_IOC_GETSIGINFO, &a));
	}
	if (v->cmd == PTRAP_IOC_SETSIGMASK) {
		struct ptrap_sigmask_args a = {
			.tid = c->tracee, .buf = (uintptr_t)&c->mask,
			.size = sizeof(c->mask),
		};

		ASSERT_EQ(0, xioctl(c->fd, PTRAP_IOC_GETSIGMASK, &a));
	}
	if (v->cmd == PTRAP_IOC_POKEUSER) {
		struct ptrap_user_args a = {
			.tid = c->tracee,
			.offset = offsetof(struct user_regs_struct, r15),
		};

		ASSERT_EQ(0, xioctl(c->fd, PTRAP_IOC_PEEKUSER, &a));
		c->uval = a.value;
	}
}

/* Write a valid VER0 argument for @v into @buf (zeroed beyond). */
static void ioc_valid(struct devctx *c, const struct ioc_desc *v,
		      void *buf, size_t size)
{
	memset(buf, 0, size);
	switch (_IOC_NR(v->cmd)) {
	case 1: case 2: {
		struct ptrap_attach_args *a = buf;

		a->tid = c->echo;
		break;
	}
	case 3:
		break;
	case 4: case 5: {
		struct ptrap_tracee_args *a = buf;

		a->tid = c->tracee;
		break;
	}
	case 6: {
		struct ptrap_resume_args *a = buf;

		a->tid = c->tracee;
		a->mode = PTRAP_RESUME_CONT;
		break;
	}
	case 7: {
		struct ptrap_options_args *a = buf;

		a->tid = c->tracee;
		a->options = PTRAP_O_TRACESYSGOOD;
		break;
	}
	case 8: case 9: {
		struct ptrap_regset_args *a = buf;

		a->tid = c->tracee;
		a->note_type = NT_PRSTATUS;
		a->buf = (uintptr_t)&c->regs;
		a->len = sizeof(c->regs);
		break;
	}
	case 10: case 11: {
		struct ptrap_mem_args *a = buf;

		a->tid = c->tracee;
		a->addr = c->first.ip;
		a->buf = (uintptr_t)c->mem;
		a->len = 16;
		break;
	}
	case 0x0e: case 0x0f: {
		struct ptrap_siginfo_args *a = buf;

		a->tid = c->tracee;
		a->buf = (uintptr_t)&c->si;
		break;
	}
	case 0x10: case 0x11: {
		struct ptrap_sigmask_args *a = buf;

		a->tid = c->tracee;
		a->buf = (uintptr_t)&c->mask;
		a->size = sizeof(c->mask);
		break;
	}
	case 0x12: {
		struct ptrap_eventmsg_args *a = buf;

		a->tid = c->tracee;
		break;
	}
	case 0x13: {
		struct ptrap_syscall_info_args *a = buf;

		a->tid = c->tracee;
		a->buf = (uintptr_t)c->sci;
		a->size = sizeof(c->sci);
		break;
	}
	case 0x14: case 0x15: {
		struct ptrap_user_args *a = buf;

		a->tid = c->tracee;
		a->offset = offsetof(struct user_regs_struct, r15);
		a->value = c->uval;
		break;
	}
	case 0x16: case 0x17: {
		/* SET: an empty filter; GET: into no buffer. */
		struct ptrap_syscall_filter_args *a = buf;

		a->tid = c->tracee;
		break;
	}
	}
}

/*
 * Issue @cmd with @arg on c->fd. TRACEME is issued from a forked child
 * (it would make this process a tracee); the result comes back by pipe.
 */
static int ioc_do(struct devctx *c, const struct ioc_desc *v,
		  unsigned long cmd, void *arg)
{
	int p[2], r = -EIO;
	pid_t pid;

	if (_IOC_NR(v->cmd) != 3)
		return xioctl(c->fd, cmd, arg);
	if (pipe2(p, O_CLOEXEC))
		return -EIO;
	pid = fork();
	if (pid == 0) {
		r = xioctl(c->fd, cmd, arg);
		if (write(p[1], &r, sizeof(r)) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (pid > 0) {
		track(c, pid);
		if (pt_read_full(p[0], &r, sizeof(r)) != sizeof(r))
			r = -EIO;
	}
	close(p[0]);
	return r;
}

static unsigned long with_size(const struct ioc_desc *v, unsigned int size)
{
	return _IOC(v->dir, PTRAP_IOC_MAGIC, v->nr, size);
}

FIXTURE_SETUP(ioc)
{
	if (c_open(_metadata, &self->c))
		SKIP(return, "%s", skip_reason);
}

FIXTURE_TEARDOWN(ioc)
{
	c_teardown(&self->c);
}

#define NEED_DEV() do { if (self->c.skip) return; } while (0)

TEST_F(ioc, number_matches_header)
{
	NEED_DEV();
	ASSERT_EQ(variant->d.cmd, with_size(&variant->d, variant->d.size0));
	EXPECT_EQ(PTRAP_IOC_MAGIC, _IOC_TYPE(variant->d.cmd));
}

TEST_F(ioc, valid_ver0)
{
	NEED_DEV();
	need_target(_metadata, &self->c, &variant->d);
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0);
	EXPECT_EQ(0, ioc_do(&self->c, &variant->d, variant->d.cmd, self->c.arg));
}

TEST_F(ioc, null_pointer)
{
	NEED_DEV();
	EXPECT_EQ(-EFAULT, ioc_do(&self->c, &variant->d, variant->d.cmd, NULL));
}

TEST_F(ioc, garbage_pointer)
{
	void *page;

	NEED_DEV();
	EXPECT_EQ(-EFAULT, ioc_do(&self->c, &variant->d, variant->d.cmd,
				  (void *)1));
	page = mmap(NULL, PT_PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	ASSERT_EQ(0, munmap(page, PT_PAGE));
	EXPECT_EQ(-EFAULT, ioc_do(&self->c, &variant->d, variant->d.cmd, page));
}

TEST_F(ioc, kernel_pointer)
{
	NEED_DEV();
	EXPECT_EQ(-EFAULT, ioc_do(&self->c, &variant->d, variant->d.cmd,
				  KERNEL_PTR));
}

TEST_F(ioc, straddling_pointer)
{
	unsigned char *m;

	NEED_DEV();
	/* The struct starts 8 bytes before an unmapped page. */
	m = mmap(NULL, 2 * PT_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, munmap(m + PT_PAGE, PT_PAGE));
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0);
	memcpy(m + PT_PAGE - 8, self->c.arg, 8);
	EXPECT_EQ(-EFAULT, ioc_do(&self->c, &variant->d, variant->d.cmd,
				  m + PT_PAGE - 8));
	munmap(m, PT_PAGE);
}

TEST_F(ioc, short_struct)
{
	NEED_DEV();
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0);
	EXPECT_EQ(-EINVAL, ioc_do(&self->c, &variant->d,
				  with_size(&variant->d, variant->d.size0 - 8),
				  self->c.arg));
	EXPECT_EQ(-EINVAL, ioc_do(&self->c, &variant->d,
				  with_size(&variant->d, variant->d.size0 - 1),
				  self->c.arg));
	EXPECT_EQ(-EINVAL, ioc_do(&self->c, &variant->d, with_size(&variant->d, 1),
				  self->c.arg));
}

TEST_F(ioc, zero_size)
{
	NEED_DEV();
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0);
	EXPECT_EQ(-EINVAL, ioc_do(&self->c, &variant->d, with_size(&variant->d, 0),
				  self->c.arg));
}

TEST_F(ioc, oversized_nonzero_tail)
{
	NEED_DEV();
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0 + 8);
	self->c.arg[variant->d.size0 + 7] = 1;
	EXPECT_EQ(-E2BIG, ioc_do(&self->c, &variant->d,
				 with_size(&variant->d, variant->d.size0 + 8),
				 self->c.arg));
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0 + 1);
	self->c.arg[variant->d.size0] = 0x80;
	EXPECT_EQ(-E2BIG, ioc_do(&self->c, &variant->d,
				 with_size(&variant->d, variant->d.size0 + 1),
				 self->c.arg));
}

TEST_F(ioc, oversized_zero_tail)
{
	NEED_DEV();
	need_target(_metadata, &self->c, &variant->d);
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0 + 64);
	EXPECT_EQ(0, ioc_do(&self->c, &variant->d,
			    with_size(&variant->d, variant->d.size0 + 64),
			    self->c.arg));
}

TEST_F(ioc, oversized_max)
{
	unsigned int max = (1u << _IOC_SIZEBITS) - 1;

	NEED_DEV();
	need_target(_metadata, &self->c, &variant->d);
	ASSERT_LE(max, ARGBUF);
	ioc_valid(&self->c, &variant->d, self->c.arg, max);
	EXPECT_EQ(0, ioc_do(&self->c, &variant->d, with_size(&variant->d, max),
			    self->c.arg));
}

static void set_field(void *buf, int off, int len, uint64_t val)
{
	if (len == 4) {
		uint32_t v32 = (uint32_t)val;

		memcpy((char *)buf + off, &v32, 4);
	} else {
		memcpy((char *)buf + off, &val, 8);
	}
}

TEST_F(ioc, bad_field_1)
{
	NEED_DEV();
	need_target(_metadata, &self->c, &variant->d);
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0);
	set_field(self->c.arg, variant->d.bad1_off, variant->d.bad1_len,
		  variant->d.bad1_val);
	EXPECT_EQ(-EINVAL, ioc_do(&self->c, &variant->d, variant->d.cmd,
				  self->c.arg));
}

TEST_F(ioc, bad_field_2)
{
	NEED_DEV();
	need_target(_metadata, &self->c, &variant->d);
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0);
	set_field(self->c.arg, variant->d.bad2_off, variant->d.bad2_len,
		  variant->d.bad2_val);
	EXPECT_EQ(-EINVAL, ioc_do(&self->c, &variant->d, variant->d.cmd,
				  self->c.arg));
}

TEST_F(ioc, wrong_direction)
{
	unsigned int other = variant->d.dir == _IOC_WRITE ?
			     _IOC_READ : _IOC_WRITE;

	NEED_DEV();
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0);
	EXPECT_EQ(-ENOTTY, ioc_do(&self->c, &variant->d,
				  _IOC(other, PTRAP_IOC_MAGIC, variant->d.nr,
				       variant->d.size0), self->c.arg));
	EXPECT_EQ(-ENOTTY, ioc_do(&self->c, &variant->d,
				  _IOC(_IOC_NONE, PTRAP_IOC_MAGIC,
				       variant->d.nr, 0), self->c.arg));
}

TEST_F(ioc, wrong_magic)
{
	NEED_DEV();
	ioc_valid(&self->c, &variant->d, self->c.arg, variant->d.size0);
	EXPECT_EQ(-ENOTTY, ioc_do(&self->c, &variant->d,
				  _IOC(variant->d.dir, PTRAP_IOC_MAGIC + 1,
				       variant->d.nr, variant->d.size0),
				  self->c.arg));
}

/* ====== tid semantics, for the requests that name a tracee ====== */

FIXTURE(ioc_tid) {
	struct devctx c;
};

FIXTURE_VARIANT(ioc_tid) {
	struct ioc_desc d;
};

V_ALL_TID(ioc_tid);

FIXTURE_SETUP(ioc_tid)
{
	if (c_open(_metadata, &self->c))
		SKIP(return, "%s", skip_reason);
}

FIXTURE_TEARDOWN(ioc_tid)
{
	c_teardown(&self->c);
}

static int tid_call(struct devctx *c, const struct ioc_desc *v,
		    pid_t tid)
{
	ioc_valid(c, v, c->arg, v->size0);
	memcpy(c->arg, &tid, sizeof(tid));
	return xioctl(c->fd, v->cmd, c->arg);
}

TEST_F(ioc_tid, dead_tid)
{
	pid_t dead;

	NEED_DEV();
	dead = pt_dead_pid();
	ASSERT_LT(0, dead);
	EXPECT_EQ(-ESRCH, tid_call(&self->c, &variant->d, dead));
}

TEST_F(ioc_tid, exited_tracee)
{
	pid_t t;

	NEED_DEV();
	/* A tracee of this session whose EXITED record was read. */
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "4");
	ASSERT_LT(0, t);
	cont_to_exit(_metadata, self->c.fd, t, 4);
	/* Reaped: a zombie would be EPERM for ptrace(PTRACE_ATTACH). */
	ASSERT_LE(0, pt_reap(t));
	EXPECT_EQ(-ESRCH, tid_call(&self->c, &variant->d, t));
}

TEST_F(ioc_tid, nonexistent_tids)
{
	NEED_DEV();
	EXPECT_EQ(-ESRCH, tid_call(&self->c, &variant->d, 0x7fffffff));
	EXPECT_EQ(-ESRCH, tid_call(&self->c, &variant->d, 0));
	EXPECT_EQ(-ESRCH, tid_call(&self->c, &variant->d, -5));
}

TEST_F(ioc_tid, other_sessions_tracee)
{
	struct ptrap_stop st;
	pid_t t;

	NEED_DEV();
	self->c.fd2 = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->c.fd2);
	t = raw_spawn(_metadata, &self->c, self->c.fd2, 0, "exit", "8");
	ASSERT_LT(0, t);
	EXPECT_EQ(variant->d.foreign_err, tid_call(&self->c, &variant->d, t));
	/* Untouched: still stopped in the other session, which runs it. */
	NO_REC(self->c.fd);
	cont_to_exit(_metadata, self->c.fd2, t, 8);
	NO_REC(self->c.fd);
	(void)st;
}

TEST_F(ioc_tid, running_tracee)
{
	struct ptrap_stop st;
	pid_t t;
	int r;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "spin", "1");
	ASSERT_LT(0, t);
	resume(_metadata, self->c.fd, t, PTRAP_RESUME_CONT, 0);
	r = tid_call(&self->c, &variant->d, t);
	EXPECT_EQ(variant->d.running_err, r);
	if (_IOC_NR(variant->d.cmd) == 5 && r == 0) {
		NEXT_REC(self->c.fd, st);
		ASSERT_STOP(st, PTRAP_STOP_KILLED, SIGKILL, t);
	} else {
		NO_REC(self->c.fd);
	}
}

/* ====== the record stream and the rest ====== */

FIXTURE(dev) {
	struct devctx c;
};

FIXTURE_SETUP(dev)
{
	if (c_open(_metadata, &self->c))
		SKIP(return, "%s", skip_reason);
}

FIXTURE_TEARDOWN(dev)
{
	c_teardown(&self->c);
}

TEST_F(dev, unknown_commands)
{
	/* 0x1a: the first number after the last request (MAP_REGS). */
	static const unsigned int nrs[] = { 0x00, 0x1a, 0x40, 0x7f, 0xff };
	unsigned int i;

	NEED_DEV();
	memset(self->c.arg, 0, 256);
	for (i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		EXPECT_EQ(-ENOTTY, xioctl(self->c.fd,
					  _IOW(PTRAP_IOC_MAGIC, nrs[i],
					       struct ptrap_attach_args),
					  self->c.arg)) TH_LOG("nr %#x", nrs[i]);
		EXPECT_EQ(-ENOTTY, xioctl(self->c.fd,
					  _IO(PTRAP_IOC_MAGIC, nrs[i]),
					  self->c.arg)) TH_LOG("nr %#x", nrs[i]);
	}
	EXPECT_EQ(-ENOTTY, xioctl(self->c.fd, _IO('T', 1), self->c.arg));
	EXPECT_EQ(-ENOTTY, xioctl(self->c.fd, 0, NULL));
	EXPECT_EQ(-ENOTTY, xioctl(self->c.fd, 0xffffffffu, self->c.arg));
}

TEST_F(dev, read_short_buffer)
{
	struct ptrap_stop st;
	char small[REC];
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "raise", "10");
	ASSERT_LT(0, t);
	resume(_metadata, self->c.fd, t, PTRAP_RESUME_CONT, 0);
	/* A record is ready now; too small a buffer never gets part of it. */
	ASSERT_EQ(1, pt_poll1(self->c.fd, POLLIN, PT_TIMEOUT_MS));
	errno = 0;
	EXPECT_EQ(-1, read(self->c.fd, small, REC - 1));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, read(self->c.fd, small, 1));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, read(self->c.fd, small, 0));
	EXPECT_EQ(EINVAL, errno);
	/* The record is still there, whole. */
	NEXT_REC(self->c.fd, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), t);
}

TEST_F(dev, read_nonblock_eagain)
{
	struct ptrap_stop st;
	int fd;

	NEED_DEV();
	fd = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	ASSERT_LE(0, fd);
	errno = 0;
	EXPECT_EQ(-1, read(fd, &st, sizeof(st)));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
	/* fcntl(O_NONBLOCK) on an open session works the same. */
	ASSERT_EQ(0, fcntl(self->c.fd, F_SETFL, O_NONBLOCK));
	errno = 0;
	EXPECT_EQ(-1, read(self->c.fd, &st, sizeof(st)));
	EXPECT_EQ(EAGAIN, errno);
}

TEST_F(dev, poll_readiness)
{
	struct pollfd pfd = { .fd = self->c.fd, .events = POLLIN };
	struct ptrap_stop st;
	pid_t t;

	NEED_DEV();
	pfd.fd = self->c.fd;
	ASSERT_EQ(0, poll(&pfd, 1, 0));
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "2");
	ASSERT_LT(0, t);
	NO_REC(self->c.fd);
	resume(_metadata, self->c.fd, t, PTRAP_RESUME_CONT, 0);
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, PT_TIMEOUT_MS));
	EXPECT_TRUE(pfd.revents & POLLIN);
	NEXT_REC(self->c.fd, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(2), t);
	NO_REC(self->c.fd);
}

TEST_F(dev, epoll_readiness)
{
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct ptrap_stop st;
	int ep;
	pid_t t;

	NEED_DEV();
	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->c.fd, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "1");
	ASSERT_LT(0, t);
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	resume(_metadata, self->c.fd, t, PTRAP_RESUME_CONT, 0);
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, PT_TIMEOUT_MS));
	EXPECT_TRUE(out.events & EPOLLIN);
	NEXT_REC(self->c.fd, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(1), t);
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	close(ep);
}

/*
 * Two TRACEME'd children that exit without exec: once both are zombies,
 * both EXITED records are queued.
 */
static void two_exited(struct __test_metadata *_metadata, struct devctx *c,
		       pid_t *a, pid_t *b)
{
	pid_t pids[2];
	siginfo_t si;
	int i;

	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			struct ptrap_traceme_args ta = { 0 };

			if (ioctl(c->fd, PTRAP_IOC_TRACEME, &ta))
				_exit(100);
			_exit(20 + i);
		}
		track(c, pids[i]);
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, pt_wait_exit_nowait(pids[i], &si));
		ASSERT_EQ(CLD_EXITED, si.si_code);
		ASSERT_EQ(20 + i, si.si_status);
	}
	*a = pids[0];
	*b = pids[1];
}

TEST_F(dev, read_several_records)
{
	struct ptrap_stop st[3];
	ssize_t n;
	pid_t a, b;

	NEED_DEV();
	two_exited(_metadata, &self->c, &a, &b);
	ASSERT_EQ(1, pt_poll1(self->c.fd, POLLIN, PT_TIMEOUT_MS));
	n = read(self->c.fd, st, sizeof(st));
	ASSERT_EQ(2 * REC, n) TH_LOG("read returned %zd", n);
	if (st[0].tid == b) {
		struct ptrap_stop t = st[0];

		st[0] = st[1];
		st[1] = t;
	}
	ASSERT_STOP(st[0], PTRAP_STOP_EXITED, ST_EXIT(20), a);
	ASSERT_STOP(st[1], PTRAP_STOP_EXITED, ST_EXIT(21), b);
	EXPECT_EQ(a, st[0].tgid);
	NO_REC(self->c.fd);
}

TEST_F(dev, read_never_partial)
{
	unsigned char buf[REC + REC / 2];
	struct ptrap_stop st;
	ssize_t n;
	pid_t a, b;

	NEED_DEV();
	two_exited(_metadata, &self->c, &a, &b);
	ASSERT_EQ(1, pt_poll1(self->c.fd, POLLIN, PT_TIMEOUT_MS));
	n = read(self->c.fd, buf, sizeof(buf));
	ASSERT_EQ(REC, n);
	memcpy(&st, buf, sizeof(st));
	EXPECT_TRUE(st.tid == a || st.tid == b);
	n = read(self->c.fd, buf, sizeof(buf));
	ASSERT_EQ(REC, n);
	NO_REC(self->c.fd);
}

TEST_F(dev, regset_bad_note_and_len)
{
	struct user_regs_struct regs;
	unsigned char big[512];
	struct ptrap_regset_args a;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "0");
	ASSERT_LT(0, t);
	memset(&a, 0, sizeof(a));
	a.tid = t;
	a.buf = (uintptr_t)&regs;
	a.len = sizeof(regs);
	a.note_type = 0x200;	/* NT_386_TLS: a regset, not served */
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	a.note_type = 3;	/* NT_PRPSINFO: no regset */
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	a.note_type = 0;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	a.note_type = NT_PRSTATUS;
	a.len = 7;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	a.len = sizeof(regs) - 1;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &a));
	/* Larger than the set: cut to it. Smaller: exactly what was asked. */
	a.buf = (uintptr_t)big;
	a.len = sizeof(big);
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	EXPECT_EQ(sizeof(regs), a.len);
	a.len = 16;
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	EXPECT_EQ(16, a.len);
	/* A bad user buffer. */
	a.buf = 0;
	a.len = sizeof(regs);
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	a.buf = (uintptr_t)KERNEL_PTR;
	a.len = sizeof(regs);
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &a));
	cont_to_exit(_metadata, self->c.fd, t, 0);
}

TEST_F(dev, mem_edges)
{
	struct pt_mem_report rep;
	struct ptrap_mem_args a;
	struct ptrap_stop st;
	unsigned char buf[64];
	char rfd[16];
	int rp[2];
	pid_t t;

	NEED_DEV();
	ASSERT_EQ(0, pipe(rp));
	snprintf(rfd, sizeof(rfd), "%d", rp[1]);
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "mem", rfd);
	close(rp[1]);
	ASSERT_LT(0, t);
	raw_run_to(_metadata, self->c.fd, t, SYS_getppid, &st);
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	close(rp[0]);

	memset(&a, 0, sizeof(a));
	a.tid = t;
	a.buf = (uintptr_t)buf;
	/* len 0: success, nothing done */
	a.addr = rep.addr;
	a.len = 0;
	a.done = 99;
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_READMEM, &a));
	EXPECT_EQ(0, a.done);
	/* short: 16 bytes before the hole */
	a.addr = rep.addr + 2 * PT_PAGE - 16;
	a.len = sizeof(buf);
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_READMEM, &a));
	EXPECT_EQ(16, a.done);
	EXPECT_EQ(PT_PATTERN(2 * PT_PAGE - 16), buf[0]);
	/* the tracee's first byte inaccessible: EIO */
	a.addr = rep.addr + 2 * PT_PAGE;
	EXPECT_EQ(-EIO, xioctl(self->c.fd, PTRAP_IOC_READMEM, &a));
	EXPECT_EQ(-EIO, xioctl(self->c.fd, PTRAP_IOC_WRITEMEM, &a));
	/* our buffer inaccessible: EFAULT */
	a.addr = rep.addr;
	a.buf = 0;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_READMEM, &a));
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_WRITEMEM, &a));
	a.buf = (uintptr_t)KERNEL_PTR;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_READMEM, &a));
	/* Nothing was changed in the tracee by any of it. */
	cont_to_exit(_metadata, self->c.fd, t, 16);
}

TEST_F(dev, resume_bad_mode)
{
	struct ptrap_resume_args a = { .mode = 5 };
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "3");
	ASSERT_LT(0, t);
	a.tid = t;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_RESUME, &a));
	a.mode = 0xffffffff;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_RESUME, &a));
	NO_REC(self->c.fd);
	cont_to_exit(_metadata, self->c.fd, t, 3);
}

TEST_F(dev, traceme_twice)
{
	int p[2], res[2] = { 1, 1 };
	pid_t pid;

	NEED_DEV();
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct ptrap_traceme_args a = { 0 };

		res[0] = xioctl(self->c.fd, PTRAP_IOC_TRACEME, &a);
		res[1] = xioctl(self->c.fd, PTRAP_IOC_TRACEME, &a);
		if (write(p[1], res, sizeof(res)) < 0)
			_exit(1);
		_exit(0);
	}
	track(&self->c, pid);
	close(p[1]);
	ASSERT_EQ(sizeof(res), pt_read_full(p[0], res, sizeof(res)));
	close(p[0]);
	EXPECT_EQ(0, res[0]);
	EXPECT_EQ(-EPERM, res[1]);
}

TEST_F(dev, traceme_under_ptrace)
{
	int p[2], res = 1;
	pid_t pid;

	NEED_DEV();
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct ptrap_traceme_args a = { 0 };

		/* Traced by real ptrace(2) (by our parent) first. */
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(2);
		res = xioctl(self->c.fd, PTRAP_IOC_TRACEME, &a);
		if (write(p[1], &res, sizeof(res)) < 0)
			_exit(1);
		_exit(0);
	}
	track(&self->c, pid);
	close(p[1]);
	ASSERT_EQ(sizeof(res), pt_read_full(p[0], &res, sizeof(res)));
	close(p[0]);
	EXPECT_EQ(-EPERM, res);
}

TEST_F(dev, attach_refusals)
{
	struct ptrap_attach_args a = { 0 };
	pid_t kt = pt_find_kthread();

	NEED_DEV();
	a.tid = getpid();
	EXPECT_EQ(-EPERM, xioctl(self->c.fd, PTRAP_IOC_ATTACH, &a));
	EXPECT_EQ(-EPERM, xioctl(self->c.fd, PTRAP_IOC_SEIZE, &a));
	a.tid = 1;
	EXPECT_EQ(-EPERM, xioctl(self->c.fd, PTRAP_IOC_ATTACH, &a));
	EXPECT_EQ(-EPERM, xioctl(self->c.fd, PTRAP_IOC_SEIZE, &a));
	if (kt) {
		a.tid = kt;
		EXPECT_EQ(-EPERM, xioctl(self->c.fd, PTRAP_IOC_ATTACH, &a));
		EXPECT_EQ(-EPERM, xioctl(self->c.fd, PTRAP_IOC_SEIZE, &a));
	}
	NO_REC(self->c.fd);
}

TEST_F(dev, attach_ptraced)
{
	struct ptrap_attach_args a = { 0 };
	int status;

	NEED_DEV();
	start_echo(_metadata, &self->c);
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, self->c.echo, 0, 0));
	a.tid = self->c.echo;
	EXPECT_EQ(-EPERM, xioctl(self->c.fd, PTRAP_IOC_ATTACH, &a));
	EXPECT_EQ(-EPERM, xioctl(self->c.fd, PTRAP_IOC_SEIZE, &a));
	/* Stop it (PTRACE_INTERRUPT) so that ptrace can let go of it. */
	ASSERT_EQ(0, ptrace(PTRACE_INTERRUPT, self->c.echo, 0, 0));
	ASSERT_EQ(self->c.echo, waitpid(self->c.echo, &status, __WALL));
	ASSERT_TRUE(WIFSTOPPED(status));
	ASSERT_EQ(0, ptrace(PTRACE_DETACH, self->c.echo, 0, 0));
	/* Once ptrace let go, the session may have it. */
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_SEIZE, &a));
	EXPECT_EQ(0, echo_rt(&self->c, 'p'));
}

TEST_F(dev, kill_nonzero_sig)
{
	struct ptrap_tracee_args a = { .sig = SIGTERM };
	struct ptrap_stop st;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "0");
	ASSERT_LT(0, t);
	a.tid = t;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_KILL, &a));
	NO_REC(self->c.fd);
	a.sig = 0;
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_KILL, &a));
	NEXT_REC(self->c.fd, st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, SIGKILL, t);
}

TEST_F(dev, fd_shared_with_process)
{
	struct ptrap_stop st;
	pid_t t, helper;
	int status;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "6");
	ASSERT_LT(0, t);
	/* Another process holding the same open file resumes the tracee. */
	helper = fork();
	ASSERT_LE(0, helper);
	if (helper == 0) {
		struct ptrap_resume_args a = { .tid = t };

		_exit(xioctl(self->c.fd, PTRAP_IOC_RESUME, &a) ? 1 : 0);
	}
	track(&self->c, helper);
	status = pt_reap(helper);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	NEXT_REC(self->c.fd, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(6), t);
}

TEST_F(dev, dup_keeps_session)
{
	pid_t t;
	int d;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, PTRAP_O_EXITKILL,
		      "exit", "7");
	ASSERT_LT(0, t);
	d = fcntl(self->c.fd, F_DUPFD_CLOEXEC, 0);
	ASSERT_LE(0, d);
	/* Closing one descriptor of the open file ends nothing. */
	close(self->c.fd);
	self->c.fd = d;
	cont_to_exit(_metadata, self->c.fd, t, 7);
}

static int wait_child(pid_t pid, int *status)
{
	int pfd = syscall(SYS_pidfd_open, pid, 0);
	int s;

	if (pfd >= 0) {
		int r = pt_poll1(pfd, POLLIN, PT_TIMEOUT_MS);

		close(pfd);
		if (r == 0)
			return -ETIMEDOUT;
	}
	s = pt_reap(pid);
	if (s < 0)
		return s;
	*status = s;
	return 0;
}

TEST_F(dev, close_detaches)
{
	int status = 0;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "9");
	ASSERT_LT(0, t);
	close(self->c.fd);
	self->c.fd = -1;
	ASSERT_EQ(0, wait_child(t, &status));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(9, WEXITSTATUS(status));
}

TEST_F(dev, close_exitkill)
{
	int status = 0;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, PTRAP_O_EXITKILL,
		      "exit", "9");
	ASSERT_LT(0, t);
	close(self->c.fd);
	self->c.fd = -1;
	ASSERT_EQ(0, wait_child(t, &status));
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
}

TEST_F(dev, close_with_records_pending)
{
	pid_t a, b;

	NEED_DEV();
	/* Two EXITED records never read; closing must free them quietly. */
	two_exited(_metadata, &self->c, &a, &b);
	ASSERT_EQ(1, pt_poll1(self->c.fd, POLLIN, PT_TIMEOUT_MS));
	close(self->c.fd);
	self->c.fd = -1;
}

TEST_F(dev, sessions_independent)
{
	struct ptrap_stop st;
	pid_t a, b;

	NEED_DEV();
	self->c.fd2 = open(PTRAP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->c.fd2);
	a = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "1");
	b = raw_spawn(_metadata, &self->c, self->c.fd2, 0, "exit", "2");
	ASSERT_LT(0, a);
	ASSERT_LT(0, b);
	resume(_metadata, self->c.fd2, b, PTRAP_RESUME_CONT, 0);
	NEXT_REC(self->c.fd2, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(2), b);
	NO_REC(self->c.fd);
	resume(_metadata, self->c.fd, a, PTRAP_RESUME_CONT, 0);
	NEXT_REC(self->c.fd, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(1), a);
	NO_REC(self->c.fd2);
}

/* ====== the requests on a stop, with bad arguments ====== */

TEST_F(dev, siginfo_buffers)
{
	struct ptrap_siginfo_args a;
	siginfo_t si;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "0");
	ASSERT_LT(0, t);
	memset(&a, 0, sizeof(a));
	a.tid = t;
	a.buf = 0;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GETSIGINFO, &a));
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETSIGINFO, &a));
	a.buf = (uintptr_t)KERNEL_PTR;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GETSIGINFO, &a));
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETSIGINFO, &a));
	a.buf = (uintptr_t)&si;
	memset(&si, 0x5a, sizeof(si));
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GETSIGINFO, &a));
	/* The post-exec SIGTRAP, as in the record, all 128 bytes. */
	EXPECT_EQ(0, memcmp(&si, self->c.first.siginfo, sizeof(si)));
	EXPECT_EQ(SIGTRAP, si.si_signo);
	/* Unknown layout, non-zero tail: E2BIG; zero tail: taken. */
	si.si_code = 0x7777;
	((unsigned char *)&si)[127] = 1;
	EXPECT_EQ(-E2BIG, xioctl(self->c.fd, PTRAP_IOC_SETSIGINFO, &a));
	((unsigned char *)&si)[127] = 0;
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_SETSIGINFO, &a));
	cont_to_exit(_metadata, self->c.fd, t, 0);
}

TEST_F(dev, siginfo_tail_unmapped)
{
	struct ptrap_siginfo_args a;
	unsigned char *m;
	siginfo_t si;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "0");
	ASSERT_LT(0, t);
	m = mmap(NULL, 2 * PT_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, munmap(m + PT_PAGE, PT_PAGE));
	memset(&a, 0, sizeof(a));
	a.tid = t;
	/* The kernel's part (48 bytes) mapped, the rest not. */
	a.buf = (uintptr_t)(m + PT_PAGE - 48);
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;		/* known: the tail is not read */
	memcpy(m + PT_PAGE - 48, &si, 48);
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_SETSIGINFO, &a));
	si.si_code = 0x7777;		/* unknown: the tail must be read */
	memcpy(m + PT_PAGE - 48, &si, 48);
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETSIGINFO, &a));
	/* GETSIGINFO writes all 128 bytes. */
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GETSIGINFO, &a));
	munmap(m, PT_PAGE);
	cont_to_exit(_metadata, self->c.fd, t, 0);
}

TEST_F(dev, sigmask_sizes)
{
	static const uint64_t sizes[] = { 0, 1, 4, 7, 9, 16, 128, ~0ULL };
	struct ptrap_sigmask_args a;
	uint64_t m = 0, back = 1;
	size_t i;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "0");
	ASSERT_LT(0, t);
	memset(&a, 0, sizeof(a));
	a.tid = t;
	a.buf = (uintptr_t)&m;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		a.size = sizes[i];
		EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_GETSIGMASK,
					  &a)) TH_LOG("size %llu",
						      (unsigned long long)a.size);
		EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_SETSIGMASK,
					  &a)) TH_LOG("size %llu",
						      (unsigned long long)a.size);
	}
	a.size = 8;
	a.buf = 0;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GETSIGMASK, &a));
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETSIGMASK, &a));
	a.buf = (uintptr_t)KERNEL_PTR;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GETSIGMASK, &a));
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETSIGMASK, &a));
	/* SIGKILL and SIGSTOP never stay blocked. */
	m = ~0ULL;
	a.buf = (uintptr_t)&m;
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_SETSIGMASK, &a));
	a.buf = (uintptr_t)&back;
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GETSIGMASK, &a));
	EXPECT_EQ(0xfffffffffffbfeffULL, back);
	m = 0;
	a.buf = (uintptr_t)&m;
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_SETSIGMASK, &a));
	cont_to_exit(_metadata, self->c.fd, t, 0);
}

TEST_F(dev, eventmsg_and_syscall_info)
{
	struct ptrap_syscall_info_args s;
	struct ptrap_eventmsg_args e;
	unsigned char buf[128];
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "0");
	ASSERT_LT(0, t);
	memset(&e, 0, sizeof(e));
	e.tid = t;
	e.msg = 99;
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GETEVENTMSG, &e));
	EXPECT_EQ(0, e.msg);
	/* At the exec stop: op NONE, 24 bytes. Size 0: nothing written. */
	memset(&s, 0, sizeof(s));
	s.tid = t;
	s.buf = 0;
	s.size = 0;
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GET_SYSCALL_INFO, &s));
	EXPECT_EQ(24, s.size);
	s.size = 8;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GET_SYSCALL_INFO,
				  &s));
	s.buf = (uintptr_t)KERNEL_PTR;
	s.size = sizeof(buf);
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GET_SYSCALL_INFO,
				  &s));
	memset(buf, 0xaa, sizeof(buf));
	s.buf = (uintptr_t)buf;
	s.size = sizeof(buf);
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GET_SYSCALL_INFO, &s));
	EXPECT_EQ(24, s.size);
	EXPECT_EQ(0, buf[0]);		/* PTRACE_SYSCALL_INFO_NONE */
	EXPECT_EQ(0, memcmp(buf + 8, &self->c.first.ip, 8));
	EXPECT_EQ(0, memcmp(buf + 16, &self->c.first.sp, 8));
	EXPECT_EQ(0xaa, buf[24]);
	/* Truncated: 5 bytes. */
	memset(buf, 0xaa, sizeof(buf));
	s.size = 5;
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GET_SYSCALL_INFO, &s));
	EXPECT_EQ(24, s.size);
	EXPECT_EQ(0, buf[0]);
	EXPECT_EQ(0xaa, buf[5]);
	cont_to_exit(_metadata, self->c.fd, t, 0);
}

TEST_F(dev, user_area_offsets)
{
	static const uint64_t bad[] = { 1, 3, 7, 100, 928, 936, 4096,
					1ULL << 32, ~0ULL, ~7ULL };
	struct ptrap_user_args a;
	size_t i;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "0");
	ASSERT_LT(0, t);
	memset(&a, 0, sizeof(a));
	a.tid = t;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a.offset = bad[i];
		EXPECT_EQ(-EIO, xioctl(self->c.fd, PTRAP_IOC_PEEKUSER, &a))
			TH_LOG("offset %#llx", (unsigned long long)bad[i]);
		EXPECT_EQ(-EIO, xioctl(self->c.fd, PTRAP_IOC_POKEUSER, &a))
			TH_LOG("offset %#llx", (unsigned long long)bad[i]);
	}
	a.offset = offsetof(struct user_regs_struct, rip);
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_PEEKUSER, &a));
	EXPECT_EQ(self->c.first.ip, a.value);
	a.offset = offsetof(struct user_regs_struct, rsp);
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_PEEKUSER, &a));
	EXPECT_EQ(self->c.first.sp, a.value);
	/* The kernel's struct user ends at 928: 920 is its last word. */
	a.offset = 920;
	a.value = 99;
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_PEEKUSER, &a));
	EXPECT_EQ(0, a.value);
	EXPECT_EQ(-EIO, xioctl(self->c.fd, PTRAP_IOC_POKEUSER, &a));
	cont_to_exit(_metadata, self->c.fd, t, 0);
}

TEST_F(dev, regset_fp_xstate)
{
	static unsigned char big[65536];
	struct ptrap_regset_args a;
	uint64_t full;
	pid_t t;

	NEED_DEV();
	t = raw_spawn(_metadata, &self->c, self->c.fd, 0, "exit", "0");
	ASSERT_LT(0, t);
	memset(&a, 0, sizeof(a));
	a.tid = t;
	a.buf = (uintptr_t)big;
	a.note_type = NT_PRFPREG;
	a.len = sizeof(big);
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	EXPECT_EQ(512, a.len);
	a.len = 513;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	a.len = 256;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &a));
	a.len = 512;
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &a));
	EXPECT_EQ(512, a.len);
	a.buf = 0;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &a));

	a.buf = (uintptr_t)big;
	a.note_type = NT_X86_XSTATE;
	a.len = sizeof(big);
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	full = a.len;
	EXPECT_LE(576, full);
	a.len = 4;
	EXPECT_EQ(-EINVAL, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &a));
	/* Not the whole area: EFAULT, as ptrace(2). */
	a.len = 512;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &a));
	a.len = full;
	EXPECT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &a));
	a.buf = (uintptr_t)KERNEL_PTR;
	EXPECT_EQ(-EFAULT, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &a));
	cont_to_exit(_metadata, self->c.fd, t, 0);
}

/* ====== last: after all of the above, the module still traces ====== */

FIXTURE(zz_final) {
	struct devctx c;
};

FIXTURE_SETUP(zz_final)
{
	if (c_open(_metadata, &self->c))
		SKIP(return, "%s", skip_reason);
}

FIXTURE_TEARDOWN(zz_final)
{
	c_teardown(&self->c);
}

TEST_F(zz_final, module_still_works)
{
	struct ptrap_regset_args ra;
	struct user_regs_struct regs;
	struct ptrap_stop st;
	int64_t seen = 0;
	char rfd[16];
	int rp[2];
	pid_t t;

	NEED_DEV();
	ASSERT_EQ(0, pipe(rp));
	snprintf(rfd, sizeof(rfd), "%d", rp[1]);
	t = raw_spawn(_metadata, &self->c, self->c.fd,
		      PTRAP_O_TRACESYSGOOD | PTRAP_O_EXITKILL, "getpid", rfd);
	close(rp[1]);
	ASSERT_LT(0, t);
	raw_run_to(_metadata, self->c.fd, t, SYS_getpid, &st);
	ASSERT_EQ(ST_STOP(SIGTRAP | 0x80), st.status);
	resume(_metadata, self->c.fd, t, PTRAP_RESUME_SYSCALL, 0);
	NEXT_REC(self->c.fd, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_STOP(SIGTRAP | 0x80), t);
	ASSERT_EQ(t, st.retval);
	memset(&ra, 0, sizeof(ra));
	ra.tid = t;
	ra.note_type = NT_PRSTATUS;
	ra.buf = (uintptr_t)&regs;
	ra.len = sizeof(regs);
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_GETREGSET, &ra));
	regs.rax = 1001;
	ASSERT_EQ(0, xioctl(self->c.fd, PTRAP_IOC_SETREGSET, &ra));
	cont_to_exit(_metadata, self->c.fd, t, 0);
	ASSERT_EQ(sizeof(seen), pt_read_full(rp[0], &seen, sizeof(seen)));
	close(rp[0]);
	EXPECT_EQ(1001, seen);
}

PT_HARNESS_MAIN(pt_no_child_main)
