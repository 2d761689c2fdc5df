// SPDX-License-Identifier: GPL-2.0
/*
 * The per-tracee syscall filter (ptrap_set_syscall_filter(),
 * PTRAP_IOC_SET_SYSCALL_FILTER): in SYSCALL and SYSEMU modes only the
 * syscalls of the filter stop, at entry and exit; the others run (their
 * effects show), executed even in SYSEMU mode; events do not depend on it;
 * children inherit it; it can be changed at a stop and cleared; bad
 * arguments are refused. Both variants: the stub pool emulates the filter
 * over real ptrace, the module implements it; the records must be the same.
 */
#define _GNU_SOURCE
#include <sys/user.h>
#include <sys/ioctl.h>

#define PT_FIXTURE flt
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

/* ---- tracee programs of this suite: "--flt-..." ---- */

/* A syscall's raw result: -errno on failure. */
static long raw(long r)
{
	return r == -1 ? -errno : r;
}

/*
 * --flt-prog WFD GFD: read a byte from GFD (the gate), then getpid,
 * getppid, gettid, getsid(0); write the four results to WFD; exit_group(7).
 * getppid and getsid are what the tests filter: start-up code issues
 * neither.
 */
static int flt_prog(char **argv)
{
	int wfd = atoi(argv[2]), gfd = atoi(argv[3]);
	long r[4];
	char c;

	if (read(gfd, &c, 1) != 1)
		return 120;
	r[0] = raw(syscall(SYS_getpid));
	r[1] = raw(syscall(SYS_getppid));
	r[2] = raw(syscall(SYS_gettid));
	r[3] = raw(syscall(SYS_getsid, 0));
	if (write(wfd, r, sizeof(r)) != sizeof(r))
		return 121;
	syscall(SYS_exit_group, 7);
	return 122;
}

/*
 * --flt-fork WFD GFD: read the gate; fork; the child calls getppid,
 * getsid(0) and exits 3; the parent calls getppid, waits for it, writes
 * its pid to WFD and exits 7.
 */
static int flt_fork(char **argv)
{
	int wfd = atoi(argv[2]), gfd = atoi(argv[3]), st;
	pid_t pid;
	char c;

	if (read(gfd, &c, 1) != 1)
		return 120;
	pid = fork();
	if (pid == 0) {
		syscall(SYS_getppid);
		syscall(SYS_getsid, 0);
		syscall(SYS_exit_group, 3);
	}
	syscall(SYS_getppid);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 3)
		return 121;
	if (write(wfd, &pid, sizeof(pid)) != sizeof(pid))
		return 122;
	syscall(SYS_exit_group, 7);
	return 123;
}

static int flt_child_main(int argc, char **argv)
{
	if (argc < 2 || strncmp(argv[1], "--flt-", 6))
		return -1;
	if (argc < 4)
		return 124;
	if (!strcmp(argv[1], "--flt-prog"))
		return flt_prog(argv);
	if (!strcmp(argv[1], "--flt-fork"))
		return flt_fork(argv);
	return 125;
}

/* ---- helpers ---- */

#define BIT(nr)	(1ULL << ((nr) % 64))

/* A filter of @n syscalls (64-bit words, FILTER_BITS bits). */
#define FILTER_BITS	512

static void mkfilter(uint64_t *bm, int n, const long *nrs)
{
	int i;

	memset(bm, 0, FILTER_BITS / 8);
	for (i = 0; i < n; i++)
		bm[nrs[i] / 64] |= BIT(nrs[i]);
}

/* Spawn @mode WFD GFD with @opts; *@rfd, *@gfd: our ends. */
static pid_t spawn_gated(struct __test_metadata *_metadata, PT_DATA *self,
			 uint64_t opts, const char *mode, int *rfd, int *gfd)
{
	int out[2], gate[2];
	pid_t tid;

	mkpipe(_metadata, self, out);
	mkpipe(_metadata, self, gate);
	*rfd = out[0];
	*gfd = gate[1];
	tid = spawn_mode(_metadata, self, opts, mode, 2,
			 (int[]){ out[1], gate[0] }, 1);
	return tid;
}

/* Install @n syscalls as @tid's filter. */
#define SET_FILTER(tid, ...) do { \
	static const long __nrs[] = { __VA_ARGS__ }; \
	uint64_t __bm[FILTER_BITS / 64]; \
	mkfilter(__bm, sizeof(__nrs) / sizeof(__nrs[0]), __nrs); \
	ASSERT_EQ(0, ptrap_set_syscall_filter(self->p, (tid), __bm, \
					      FILTER_BITS)); \
} while (0)

/* Resume @tid with @mode and expect a syscall stop @kind of @nr. */
#define EXPECT_SC(tid, mode, k_, nr_, st) do { \
	ASSERT_EQ(0, ptrap_resume(self->p, (tid), (mode), 0)); \
	NEXT_OF((tid), (st)); \
	ASSERT_STOP((st), (k_), ST_SYSCALL, (tid)); \
	ASSERT_EQ((nr_), (st).nr) TH_LOG(REC_FMT, REC_ARGS(st)); \
} while (0)

#define EXPECT_END(tid, mode, code) do { \
	struct ptrap_stop __e; \
	ASSERT_EQ(0, ptrap_resume(self->p, (tid), (mode), 0)); \
	NEXT_OF((tid), __e); \
	ASSERT_STOP(__e, PTRAP_STOP_EXITED, ST_EXIT(code), (tid)); \
} while (0)

static void read_results(struct __test_metadata *_metadata, int rfd,
			 long r[4])
{
	ASSERT_EQ(4 * (ssize_t)sizeof(long), read(rfd, r, 4 * sizeof(long)));
}

/* ---- cases ---- */

/* SYSCALL: only getppid and getsid stop, entry and exit; the rest runs. */
TEST_F(flt, syscall_only_filtered_stop)
{
	struct ptrap_stop st;
	int rfd, gfd;
	long r[4];
	pid_t tid;

	NEED_SESSION();
	tid = spawn_gated(_metadata, self, 0, "--flt-prog", &rfd, &gfd);
	SET_FILTER(tid, SYS_getppid, SYS_getsid);
	GO(gfd);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_getppid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_getppid, st);
	ASSERT_EQ(getpid(), st.retval);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_getsid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_getsid, st);
	EXPECT_END(tid, PTRAP_RESUME_SYSCALL, 7);
	read_results(_metadata, rfd, r);
	EXPECT_EQ(tid, r[0]);
	EXPECT_EQ(getpid(), r[1]);
	EXPECT_EQ(tid, r[2]);
	EXPECT_EQ(getsid(0), r[3]);
}

/*
 * SYSEMU: the filtered syscalls stop at entry and are emulated; the others
 * (getpid, gettid, write, exit_group) are executed, not emulated.
 */
TEST_F(flt, sysemu_unfiltered_executed)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	int rfd, gfd;
	long r[4];
	pid_t tid;

	NEED_SESSION();
	tid = spawn_gated(_metadata, self, 0, "--flt-prog", &rfd, &gfd);
	SET_FILTER(tid, SYS_getppid, SYS_getsid);
	GO(gfd);
	EXPECT_SC(tid, PTRAP_RESUME_SYSEMU, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_getppid, st);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	regs.rax = 4242;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	EXPECT_SC(tid, PTRAP_RESUME_SYSEMU, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_getsid, st);
	EXPECT_END(tid, PTRAP_RESUME_SYSEMU, 7);
	read_results(_metadata, rfd, r);
	EXPECT_EQ(tid, r[0]);
	EXPECT_EQ(4242, r[1]);
	EXPECT_EQ(tid, r[2]);
	EXPECT_EQ(-ENOSYS, r[3]);
}

/* An empty filter: no syscall stops; CONT-like, but still SYSCALL mode. */
TEST_F(flt, empty_filter)
{
	uint64_t bm[1] = { 0 };
	int rfd, gfd;
	long r[4];
	pid_t tid;

	NEED_SESSION();
	tid = spawn_gated(_metadata, self, 0, "--flt-prog", &rfd, &gfd);
	ASSERT_EQ(0, ptrap_set_syscall_filter(self->p, tid, bm, 0));
	GO(gfd);
	EXPECT_END(tid, PTRAP_RESUME_SYSCALL, 7);
	read_results(_metadata, rfd, r);
	EXPECT_EQ(getpid(), r[1]);
}

/* GET reads the filter back; clearing it makes every syscall stop again. */
TEST_F(flt, get_and_clear)
{
	uint64_t bm[FILTER_BITS / 64], want[FILTER_BITS / 64];
	struct ptrap_stop st;
	size_t nbits;
	int rfd, gfd;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_gated(_metadata, self, 0, "--flt-prog", &rfd, &gfd);
	nbits = FILTER_BITS;
	ASSERT_EQ(0, ptrap_get_syscall_filter(self->p, tid, bm, &nbits));
	EXPECT_EQ(0, nbits);
	SET_FILTER(tid, SYS_getppid);
	mkfilter(want, 1, (long[]){ SYS_getppid });
	nbits = FILTER_BITS;
	memset(bm, 0xff, sizeof(bm));
	ASSERT_EQ(1, ptrap_get_syscall_filter(self->p, tid, bm, &nbits));
	EXPECT_EQ(FILTER_BITS, nbits);
	EXPECT_EQ(0, memcmp(bm, want, sizeof(bm)));
	/* A short buffer gets the start; the size is the whole. */
	nbits = 64;
	memset(bm, 0, sizeof(bm));
	ASSERT_EQ(1, ptrap_get_syscall_filter(self->p, tid, bm, &nbits));
	EXPECT_EQ(FILTER_BITS, nbits);
	EXPECT_EQ(want[0], bm[0]);
	EXPECT_EQ(0, bm[1]);

	GO(gfd);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_getppid, st);
	ASSERT_EQ(0, ptrap_set_syscall_filter(self->p, tid, NULL, 0));
	nbits = FILTER_BITS;
	ASSERT_EQ(0, ptrap_get_syscall_filter(self->p, tid, bm, &nbits));
	EXPECT_EQ(0, nbits);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_getppid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_gettid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_gettid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_getsid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_getsid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_write, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_write, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_exit_group, st);
	EXPECT_END(tid, PTRAP_RESUME_SYSCALL, 7);
}

/*
 * Changed at a syscall-enter-stop: that syscall's exit still stops (its
 * entry did), then the new filter applies.
 */
TEST_F(flt, change_at_stop)
{
	struct ptrap_stop st;
	int rfd, gfd;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_gated(_metadata, self, 0, "--flt-prog", &rfd, &gfd);
	SET_FILTER(tid, SYS_getppid);
	GO(gfd);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_getppid, st);
	SET_FILTER(tid, SYS_gettid);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_getppid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_gettid, st);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_gettid, st);
	EXPECT_END(tid, PTRAP_RESUME_SYSCALL, 7);
}

/*
 * An auto-attached child inherits the filter: the fork's clone does not
 * stop (filtered out, no exit stop after the FORK event either), the
 * child stops at getppid and getsid only.
 */
TEST_F(flt, child_inherits)
{
	uint64_t bm[FILTER_BITS / 64], want[FILTER_BITS / 64];
	struct ptrap_stop st;
	int rfd, gfd, i;
	size_t nbits;
	pid_t tid, child, wpid;

	NEED_SESSION();
	tid = spawn_gated(_metadata, self, PTRAP_O_TRACEFORK, "--flt-fork",
			  &rfd, &gfd);
	SET_FILTER(tid, SYS_getppid, SYS_getsid);
	mkfilter(want, 2, (long[]){ SYS_getppid, SYS_getsid });
	GO(gfd);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_FORK, tid, st.msg);
	child = st.msg;
	ASSERT_LT(0, child);
	track_foreign(self, child);
	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_ENTER,
		  SYS_getppid, st);

	NEXT_OF(child, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), child);
	nbits = FILTER_BITS;
	ASSERT_EQ(1, ptrap_get_syscall_filter(self->p, child, bm, &nbits));
	EXPECT_EQ(FILTER_BITS, nbits);
	EXPECT_EQ(0, memcmp(bm, want, sizeof(bm)));
	for (i = 0; i < 2; i++) {
		long nr = i ? SYS_getsid : SYS_getppid;

		EXPECT_SC(child, PTRAP_RESUME_SYSCALL,
			  PTRAP_STOP_SYSCALL_ENTER, nr, st);
		EXPECT_SC(child, PTRAP_RESUME_SYSCALL,
			  PTRAP_STOP_SYSCALL_EXIT, nr, st);
	}
	EXPECT_END(child, PTRAP_RESUME_SYSCALL, 3);

	EXPECT_SC(tid, PTRAP_RESUME_SYSCALL, PTRAP_STOP_SYSCALL_EXIT,
		  SYS_getppid, st);
	/* The child's end: SIGCHLD (wait4 does not stop). */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCHLD), tid);
	EXPECT_END(tid, PTRAP_RESUME_SYSCALL, 7);
	ASSERT_EQ(sizeof(wpid), read(rfd, &wpid, sizeof(wpid)));
	EXPECT_EQ(child, wpid);
}

/*
 * Events do not depend on the filter: with an empty one, exec (EXEC
 * event) and exit_group (EXIT event) are reported, SYSCALL and SYSEMU.
 */
static void events_case(struct __test_metadata *_metadata, PT_DATA *self,
			unsigned int mode)
{
	char *args[] = { "--child-exec", "6", NULL };
	uint64_t bm[1] = { 0 };
	struct ptrap_stop st;
	pid_t tid;

	tid = spawn_args(_metadata, self,
			 PTRAP_O_TRACEEXEC | PTRAP_O_TRACEEXIT, args, NULL, 0);
	ASSERT_EQ(0, ptrap_set_syscall_filter(self->p, tid, bm, 64));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, mode, 0));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, tid, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, mode, 0));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, ST_EXIT(6));
	EXPECT_END(tid, mode, 6);
}

TEST_F(flt, events_unaffected_syscall)
{
	NEED_SESSION();
	events_case(_metadata, self, PTRAP_RESUME_SYSCALL);
}

TEST_F(flt, events_unaffected_sysemu)
{
	NEED_SESSION();
	events_case(_metadata, self, PTRAP_RESUME_SYSEMU);
}

/* EINVAL, ESRCH and EFAULT, as both backends give them. */
TEST_F(flt, bad_arguments)
{
	uint64_t bm[FILTER_BITS / 64] = { 0 };
	struct ptrap_stop st;
	size_t nbits;
	int rfd, gfd;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_gated(_metadata, self, 0, "--flt-prog", &rfd, &gfd);
	EXPECT_EQ(-EINVAL, ptrap_set_syscall_filter(self->p, tid, bm, 63));
	EXPECT_EQ(-EINVAL, ptrap_set_syscall_filter(self->p, tid, bm, 65));
	EXPECT_EQ(-EINVAL, ptrap_set_syscall_filter(self->p, tid, bm,
		  PTRAP_SYSCALL_FILTER_MAX_BITS + 64));
	EXPECT_EQ(0, ptrap_set_syscall_filter(self->p, tid, bm,
		  PTRAP_SYSCALL_FILTER_MAX_BITS / 2));
	EXPECT_EQ(-EFAULT, ptrap_set_syscall_filter(self->p, tid,
		  (const uint64_t *)8, 64));
	EXPECT_EQ(-EFAULT, ptrap_set_syscall_filter(self->p, tid, NULL, 64));
	nbits = 100;
	EXPECT_EQ(-EINVAL, ptrap_get_syscall_filter(self->p, tid, bm, &nbits));
	nbits = 64;
	EXPECT_EQ(-EFAULT, ptrap_get_syscall_filter(self->p, tid,
		  (uint64_t *)8, &nbits));
	EXPECT_EQ(-ESRCH, ptrap_set_syscall_filter(self->p, getpid(), bm, 64));

	/* Running (blocked on its gate): ESRCH, before EFAULT. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_set_syscall_filter(self->p, tid, bm, 64));
	EXPECT_EQ(-ESRCH, ptrap_set_syscall_filter(self->p, tid,
		  (const uint64_t *)8, 64));
	nbits = 64;
	EXPECT_EQ(-ESRCH, ptrap_get_syscall_filter(self->p, tid, bm, &nbits));
	GO(gfd);
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
}

/* Module variant: the raw request's own checks. */
TEST_F(flt, raw_ioctl)
{
	uint64_t bm[PTRAP_SYSCALL_FILTER_MAX_BYTES / 8 + 1] = { 0 };
	struct ptrap_syscall_filter_args a;
	char big[64];
	int rfd, gfd, fd;
	pid_t tid;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the raw ioctl");
	tid = spawn_gated(_metadata, self, 0, "--flt-prog", &rfd, &gfd);
	fd = ptrap_fd(self->p);
	ASSERT_LE(0, fd);
#define RAW(cmd, f, p, l) ({ \
	memset(&a, 0, sizeof(a)); \
	a.tid = tid; a.flags = (f); a.bitmap = (uintptr_t)(p); a.len = (l); \
	ioctl(fd, (cmd), &a) ? -errno : 0; })
	EXPECT_EQ(0, RAW(PTRAP_IOC_SET_SYSCALL_FILTER, 0, bm, 8));
	EXPECT_EQ(-EINVAL, RAW(PTRAP_IOC_SET_SYSCALL_FILTER, 0, bm, 7));
	EXPECT_EQ(-EINVAL, RAW(PTRAP_IOC_SET_SYSCALL_FILTER, 0, bm,
			       PTRAP_SYSCALL_FILTER_MAX_BYTES + 8));
	EXPECT_EQ(0, RAW(PTRAP_IOC_SET_SYSCALL_FILTER, 0, bm,
			 PTRAP_SYSCALL_FILTER_MAX_BYTES));
	EXPECT_EQ(-EINVAL, RAW(PTRAP_IOC_SET_SYSCALL_FILTER, 2, bm, 8));
	EXPECT_EQ(-EINVAL, RAW(PTRAP_IOC_SET_SYSCALL_FILTER, 1U << 31, bm, 8));
	EXPECT_EQ(-EINVAL, RAW(PTRAP_IOC_SET_SYSCALL_FILTER,
			       PTRAP_SYSCALL_FILTER_NONE, bm, 0));
	EXPECT_EQ(-EINVAL, RAW(PTRAP_IOC_SET_SYSCALL_FILTER,
			       PTRAP_SYSCALL_FILTER_NONE, NULL, 8));
	EXPECT_EQ(-EFAULT, RAW(PTRAP_IOC_SET_SYSCALL_FILTER, 0, NULL, 8));
	EXPECT_EQ(0, RAW(PTRAP_IOC_GET_SYSCALL_FILTER, 0, bm, 16));
	EXPECT_EQ(PTRAP_SYSCALL_FILTER_MAX_BYTES, a.len);
	EXPECT_EQ(0, a.flags);
	EXPECT_EQ(0, RAW(PTRAP_IOC_SET_SYSCALL_FILTER,
			 PTRAP_SYSCALL_FILTER_NONE, NULL, 0));
	EXPECT_EQ(0, RAW(PTRAP_IOC_GET_SYSCALL_FILTER, 0, bm, 16));
	EXPECT_EQ(0, a.len);
	EXPECT_EQ(PTRAP_SYSCALL_FILTER_NONE, a.flags);
	EXPECT_EQ(-EINVAL, RAW(PTRAP_IOC_GET_SYSCALL_FILTER, 1, bm, 16));
	EXPECT_EQ(-EINVAL, RAW(PTRAP_IOC_GET_SYSCALL_FILTER, 0, bm, 12));
	/* Size-versioned: a short struct is refused, a zero tail taken. */
	EXPECT_EQ(-1, ioctl(fd, _IOC(_IOC_WRITE, PTRAP_IOC_MAGIC, 0x16, 16),
			    &a));
	EXPECT_EQ(EINVAL, errno);
	memset(big, 0, sizeof(big));
	memcpy(big, &(struct ptrap_syscall_filter_args){
		.tid = tid, .bitmap = (uintptr_t)bm, .len = 8 }, sizeof(a));
	EXPECT_EQ(0, ioctl(fd, _IOC(_IOC_WRITE, PTRAP_IOC_MAGIC, 0x16,
				    sizeof(big)), big));
	big[40] = 1;
	EXPECT_EQ(-1, ioctl(fd, _IOC(_IOC_WRITE, PTRAP_IOC_MAGIC, 0x16,
				     sizeof(big)), big));
	EXPECT_EQ(E2BIG, errno);
#undef RAW
}

PT_HARNESS_MAIN(flt_child_main)
