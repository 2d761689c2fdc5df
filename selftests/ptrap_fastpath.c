// SPDX-License-Identifier: GPL-2.0
/*
 * One system call per round trip: ptrap_resume_wait()
 * (PTRAP_IOC_RESUME_WAIT) resumes a tracee and takes the next record, of
 * that tracee (PTRAP_RESUME_WAIT_SAME) or of any. Syscall round trips,
 * two tracees (the other's records stay queued, in order), final records,
 * errors before the resume (nothing resumed, nothing waited for), a signal
 * interrupting the wait. Both variants: the stub pool (ptrace + waitpid)
 * is the ground truth. Module only: the raw ioctl (timeout, EFAULT, size
 * versions, flags).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#define PT_FIXTURE fp
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

/* ---- tracee programs of this suite: "--fp-..." ---- */

/* --fp-loop N: N getppid()s, then exit_group(7). */
static int fp_loop(char **argv)
{
	int i, n = atoi(argv[2]);

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	syscall(SYS_exit_group, 7);
	return 122;
}

/* --fp-gate GFD: read a byte from GFD, then exit_group(7). */
static int fp_gate(char **argv)
{
	int gfd = atoi(argv[2]);
	char c;

	if (read(gfd, &c, 1) != 1)
		return 120;
	syscall(SYS_exit_group, 7);
	return 122;
}

static int fp_child_main(int argc, char **argv)
{
	if (argc < 2 || strncmp(argv[1], "--fp-", 5))
		return -1;
	if (argc < 3)
		return 124;
	if (!strcmp(argv[1], "--fp-loop"))
		return fp_loop(argv);
	if (!strcmp(argv[1], "--fp-gate"))
		return fp_gate(argv);
	return 125;
}

/* ---- helpers ---- */

static pid_t spawn_loop(struct __test_metadata *_metadata, PT_DATA *self,
			int n)
{
	return spawn_mode(_metadata, self, 0, "--fp-loop", 1, (int[]){ n }, 0);
}

/* Spawn --fp-gate; *@gfd: the gate's write end. */
static pid_t spawn_gate(struct __test_metadata *_metadata, PT_DATA *self,
			int *gfd)
{
	int gate[2];

	mkpipe(_metadata, self, gate);
	*gfd = gate[1];
	return spawn_mode(_metadata, self, 0, "--fp-gate", 1,
			  (int[]){ gate[0] }, 1);
}

/*
 * Drive --fp-loop @n with resume_wait(SYSCALL, @flags) to its end: enter
 * and exit stops alternate, all of @tid; @n getppid pairs; then EXITED 7.
 */
static void round_trips(struct __test_metadata *_metadata, PT_DATA *self,
			pid_t tid, int n, unsigned int flags)
{
	struct ptrap_stop st;
	int enters = 0, getppids = 0, i;
	long nr = -1;

	for (i = 0; i < 1000; i++) {
		memset(&st, 0xa5, sizeof(st));
		ASSERT_EQ(0, ptrap_resume_wait(self->p, tid,
					       PTRAP_RESUME_SYSCALL, 0, flags,
					       &st));
		ASSERT_EQ(tid, st.tid) TH_LOG(REC_FMT, REC_ARGS(st));
		if (st.kind == PTRAP_STOP_EXITED)
			break;
		ASSERT_EQ(ST_SYSCALL, st.status) TH_LOG(REC_FMT, REC_ARGS(st));
		if (enters % 2 == 0) {
			ASSERT_EQ(PTRAP_STOP_SYSCALL_ENTER, st.kind);
			nr = st.nr;
			if (nr == SYS_getppid)
				getppids++;
		} else {
			ASSERT_EQ(PTRAP_STOP_SYSCALL_EXIT, st.kind);
			ASSERT_EQ(nr, st.nr);
			if (nr == SYS_getppid)
				ASSERT_EQ(getpid(), st.retval);
		}
		enters++;
	}
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
	/* The exit_group entry stop has no exit stop. */
	EXPECT_EQ(1, enters % 2);
	EXPECT_EQ(n, getppids);
	/* The final record freed the tracee. */
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT,
					    0, flags, &st));
	NO_REC();
}

/* Resume @tid with SYSCALL; once its record is ready, return. */
static void resume_queued(struct __test_metadata *_metadata, PT_DATA *self,
			  pid_t tid)
{
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(1, pt_poll1(ptrap_fd(self->p), POLLIN, PT_TIMEOUT_MS));
}

/* ---- cases ---- */

TEST_F(fp, round_trips_same)
{
	pid_t tid;

	NEED_SESSION();
	tid = spawn_loop(_metadata, self, 5);
	round_trips(_metadata, self, tid, 5, PTRAP_RESUME_WAIT_SAME);
}

TEST_F(fp, round_trips_any)
{
	pid_t tid;

	NEED_SESSION();
	tid = spawn_loop(_metadata, self, 5);
	round_trips(_metadata, self, tid, 5, 0);
}

/*
 * SAME: with records of b and then c queued, a's round trip returns a's
 * record; b's and c's then come out of ptrap_wait() in order.
 */
TEST_F(fp, same_leaves_others_queued)
{
	struct ptrap_stop st;
	pid_t a, b, c;

	NEED_SESSION();
	a = spawn_loop(_metadata, self, 1);
	b = spawn_loop(_metadata, self, 1);
	c = spawn_loop(_metadata, self, 1);
	resume_queued(_metadata, self, b);
	ASSERT_EQ(0, ptrap_resume(self->p, c, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, ptrap_resume_wait(self->p, a, PTRAP_RESUME_SYSCALL, 0,
				       PTRAP_RESUME_WAIT_SAME, &st));
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, a);
	ASSERT_EQ(0, wait_rec(self->p, &st, PT_TIMEOUT_MS));
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, b);
	ASSERT_EQ(0, wait_rec(self->p, &st, PT_TIMEOUT_MS));
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, c);
	NO_REC();
	/* SAME again: b's and c's next records queue while a runs on. */
	ASSERT_EQ(0, ptrap_resume(self->p, b, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, ptrap_resume(self->p, c, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, ptrap_resume_wait(self->p, a, PTRAP_RESUME_SYSCALL, 0,
				       PTRAP_RESUME_WAIT_SAME, &st));
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, a);
	ASSERT_EQ(0, ptrap_resume_wait(self->p, a, PTRAP_RESUME_CONT, 0,
				       PTRAP_RESUME_WAIT_SAME, &st));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), a);
	NEXT_OF(b, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, b);
	NEXT_OF(c, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, c);
	CONT_TO_EXIT(b, 7);
	CONT_TO_EXIT(c, 7);
	NO_REC();
}

/* Without SAME: the session's oldest record, another tracee's here. */
TEST_F(fp, any_takes_oldest)
{
	struct ptrap_stop st;
	pid_t a, b;

	NEED_SESSION();
	a = spawn_loop(_metadata, self, 1);
	b = spawn_loop(_metadata, self, 1);
	resume_queued(_metadata, self, b);
	ASSERT_EQ(0, ptrap_resume_wait(self->p, a, PTRAP_RESUME_SYSCALL, 0,
				       0, &st));
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, b);
	ASSERT_EQ(0, wait_rec(self->p, &st, PT_TIMEOUT_MS));
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, a);
	/* Both stopped: each round trip now returns the resumed one's. */
	ASSERT_EQ(0, ptrap_resume_wait(self->p, a, PTRAP_RESUME_CONT, 0, 0,
				       &st));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), a);
	ASSERT_EQ(0, ptrap_resume_wait(self->p, b, PTRAP_RESUME_CONT, 0, 0,
				       &st));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), b);
	NO_REC();
}

/* The final record through resume_wait, from the post-exec stop. */
TEST_F(fp, exited)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_loop(_metadata, self, 0);
	ASSERT_EQ(0, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT, 0,
				       PTRAP_RESUME_WAIT_SAME, &st));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
	EXPECT_EQ(-ESRCH, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT,
					    0, 0, &st));
	NO_REC();
}

/*
 * Refused before the resume: not stopped, not a tracee, bad mode, signal
 * or flags. Nothing is waited for and a stopped tracee stays stopped.
 */
TEST_F(fp, errors_before_resume)
{
	struct ptrap_stop st;
	pid_t tid, run;
	int gfd;

	NEED_SESSION();
	tid = spawn_loop(_metadata, self, 0);
	run = spawn_gate(_metadata, self, &gfd);
	ASSERT_EQ(0, ptrap_resume(self->p, run, PTRAP_RESUME_CONT, 0));
	/* Running (blocked on its gate): ESRCH at once, no wait. */
	EXPECT_EQ(-ESRCH, ptrap_resume_wait(self->p, run, PTRAP_RESUME_CONT,
					    0, PTRAP_RESUME_WAIT_SAME, &st));
	EXPECT_EQ(-ESRCH, ptrap_resume_wait(self->p, run, PTRAP_RESUME_CONT,
					    0, 0, &st));
	EXPECT_EQ(-ESRCH, ptrap_resume_wait(self->p, getpid(),
					    PTRAP_RESUME_CONT, 0, 0, &st));
	EXPECT_EQ(-EINVAL, ptrap_resume_wait(self->p, tid, 99, 0, 0, &st));
	EXPECT_EQ(-EIO, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT,
					  1000, 0, &st));
	EXPECT_EQ(-EINVAL, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT,
					     0, 2, &st));
	EXPECT_EQ(-EINVAL, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT,
					     0, 1u << 31, &st));
	EXPECT_EQ(-EFAULT, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT,
					     0, 0, NULL));
	NO_REC();
	/* Still stopped: a good call goes through. */
	ASSERT_EQ(0, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT, 0,
				       PTRAP_RESUME_WAIT_SAME, &st));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
	GO(gfd);
	NEXT_OF(run, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), run);
	NO_REC();
}

static void fp_handler(int sig)
{
	(void)sig;
}

struct kicker {
	pthread_t target;
	int sig;
};

static void *kick(void *arg)
{
	struct kicker *k = arg;

	usleep(200 * 1000);
	pthread_kill(k->target, k->sig);
	return NULL;
}

/*
 * A handled signal ends the wait with EINTR, SA_RESTART or not (the resume
 * cannot be repeated): the tracee was resumed, its record comes later.
 */
static void interrupted(struct __test_metadata *_metadata, PT_DATA *self,
			int sa_flags, unsigned int flags)
{
	struct sigaction sa = { .sa_handler = fp_handler }, old;
	struct kicker k = { .target = pthread_self(), .sig = SIGUSR1 };
	struct ptrap_stop st;
	pthread_t thr;
	pid_t tid;
	long t0;
	int gfd;

	tid = spawn_gate(_metadata, self, &gfd);
	sa.sa_flags = sa_flags;
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, &old));
	ASSERT_EQ(0, pthread_create(&thr, NULL, kick, &k));
	t0 = pt_now_ms();
	EXPECT_EQ(-EINTR, ptrap_resume_wait(self->p, tid, PTRAP_RESUME_CONT,
					    0, flags, &st));
	EXPECT_LE(150, pt_now_ms() - t0);
	pthread_join(thr, NULL);
	sigaction(SIGUSR1, &old, NULL);
	/* Resumed: running, not stopped. */
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NO_REC();
	GO(gfd);
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
}

TEST_F(fp, signal_interrupts_same)
{
	NEED_SESSION();
	interrupted(_metadata, self, 0, PTRAP_RESUME_WAIT_SAME);
}

TEST_F(fp, signal_interrupts_any)
{
	NEED_SESSION();
	interrupted(_metadata, self, 0, 0);
}

TEST_F(fp, signal_interrupts_sa_restart)
{
	NEED_SESSION();
	interrupted(_metadata, self, SA_RESTART, PTRAP_RESUME_WAIT_SAME);
}

/* ---- the raw ioctl (module) ---- */

static int rw(int fd, unsigned long cmd, void *a)
{
	return ioctl(fd, cmd, a) ? -errno : 0;
}

#define RW_ARGS(t, m, f, out, ns) (struct ptrap_resume_wait_args){ \
	.tid = (t), .mode = (m), .flags = (f), \
	.stop = (uintptr_t)(out), .timeout_ns = (ns) }

/* A timeout: ETIMEDOUT after it (0: at once), the tracee resumed. */
TEST_F(fp, raw_timeout)
{
	struct ptrap_resume_wait_args a;
	struct ptrap_stop st;
	pid_t t1, t2;
	int g1, g2, fd;
	long t0;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the raw ioctl");
	fd = ptrap_fd(self->p);
	t1 = spawn_gate(_metadata, self, &g1);
	t2 = spawn_gate(_metadata, self, &g2);
	a = RW_ARGS(t1, PTRAP_RESUME_CONT, PTRAP_RESUME_WAIT_SAME, &st, 0);
	EXPECT_EQ(-ETIMEDOUT, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, t1, PTRAP_RESUME_CONT, 0));
	a = RW_ARGS(t2, PTRAP_RESUME_CONT, 0, &st, 150 * 1000 * 1000LL);
	t0 = pt_now_ms();
	EXPECT_EQ(-ETIMEDOUT, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	EXPECT_LE(140, pt_now_ms() - t0);
	EXPECT_GT(PT_TIMEOUT_MS, pt_now_ms() - t0);
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, t2, PTRAP_RESUME_CONT, 0));
	NO_REC();
	GO(g1);
	NEXT_OF(t1, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), t1);
	GO(g2);
	NEXT_OF(t2, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), t2);
}

/* A timeout long enough: the record comes before it. */
TEST_F(fp, raw_timeout_record)
{
	struct ptrap_resume_wait_args a;
	struct ptrap_stop st;
	pid_t tid;
	int fd;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the raw ioctl");
	fd = ptrap_fd(self->p);
	tid = spawn_loop(_metadata, self, 0);
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, PTRAP_RESUME_WAIT_SAME, &st,
		    5000 * 1000 * 1000LL);
	ASSERT_EQ(0, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
	NO_REC();
}

/*
 * A buffer that cannot be written: EFAULT before the resume (the tracee
 * stays stopped, nothing is taken).
 */
TEST_F(fp, raw_efault)
{
	struct ptrap_resume_wait_args a;
	struct ptrap_stop st;
	void *ro;
	pid_t tid;
	int fd;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the raw ioctl");
	fd = ptrap_fd(self->p);
	tid = spawn_loop(_metadata, self, 0);
	/* Two pages: writable, then read-only. */
	ro = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, mprotect((char *)ro + 4096, 4096, PROT_READ));
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, 0, 8, -1);
	EXPECT_EQ(-EFAULT, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, 0, (char *)ro + 4096, -1);
	EXPECT_EQ(-EFAULT, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	/* Straddling the end of the writable page. */
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, 0,
		    (char *)ro + 4096 - sizeof(st) / 2, -1);
	EXPECT_EQ(-EFAULT, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	munmap(ro, 8192);
	NO_REC();
	/* Still stopped: its post-exec stop. */
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, 0, &st, -1);
	ASSERT_EQ(0, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
}

/* Flags, size versions and the request's direction. */
TEST_F(fp, raw_args)
{
	struct ptrap_resume_wait_args a;
	struct ptrap_stop st;
	char big[64];
	pid_t tid;
	int fd;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the raw ioctl");
	fd = ptrap_fd(self->p);
	tid = spawn_loop(_metadata, self, 0);
	ASSERT_EQ(32, sizeof(a));
	ASSERT_EQ(32, PTRAP_RESUME_WAIT_SIZE_VER0);
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, 2, &st, -1);
	EXPECT_EQ(-EINVAL, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, 1u << 31, &st, -1);
	EXPECT_EQ(-EINVAL, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	a = RW_ARGS(tid, 5, 0, &st, -1);
	EXPECT_EQ(-EINVAL, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, 0, &st, -1);
	a.sig = 65;
	EXPECT_EQ(-EIO, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	a = RW_ARGS(0, PTRAP_RESUME_CONT, 0, &st, -1);
	EXPECT_EQ(-ESRCH, rw(fd, PTRAP_IOC_RESUME_WAIT, &a));
	/* Short: refused. */
	a = RW_ARGS(tid, PTRAP_RESUME_CONT, 0, &st, -1);
	EXPECT_EQ(-EINVAL, rw(fd, _IOC(_IOC_READ | _IOC_WRITE,
				       PTRAP_IOC_MAGIC, 0x18, 24), &a));
	/* Other directions are other (unknown) requests. */
	EXPECT_EQ(-ENOTTY, rw(fd, _IOC(_IOC_WRITE, PTRAP_IOC_MAGIC, 0x18,
				       sizeof(a)), &a));
	EXPECT_EQ(-ENOTTY, rw(fd, _IOC(_IOC_READ, PTRAP_IOC_MAGIC, 0x18,
				       sizeof(a)), &a));
	/* A non-zero unknown tail: E2BIG, and nothing happened. */
	memset(big, 0, sizeof(big));
	memcpy(big, &a, sizeof(a));
	big[40] = 1;
	EXPECT_EQ(-E2BIG, rw(fd, _IOC(_IOC_READ | _IOC_WRITE,
				      PTRAP_IOC_MAGIC, 0x18, sizeof(big)),
			     big));
	NO_REC();
	/* A zero tail: taken. */
	big[40] = 0;
	memset(&st, 0xa5, sizeof(st));
	ASSERT_EQ(0, rw(fd, _IOC(_IOC_READ | _IOC_WRITE, PTRAP_IOC_MAGIC,
				 0x18, sizeof(big)), big));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
	/* Not written back. */
	EXPECT_EQ(0, memcmp(big, &a, sizeof(a)));
	NO_REC();
}

PT_HARNESS_MAIN(fp_child_main)
