// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap_signals: a system call cut short by a signal, and synchronous
 * faults, written once against libptrap and run under the two variants of
 * FIXTURE(sig) (ptrap_fixture.h): stub_pool, real ptrace(2), the ground
 * truth; module, /dev/ptrap.
 *
 *   restart  the syscall-exit-stop of a syscall interrupted by a signal
 *            shows the kernel's restart value (-ERESTARTSYS for read(2),
 *            -ERESTARTNOHAND for pause(2), -ERESTART_RESTARTBLOCK for
 *            nanosleep(2), -ERESTARTNOINTR for FUTEX_LOCK_PI); with the
 *            signal suppressed the syscall is issued again (nanosleep
 *            through restart_syscall(2)); the supervisor may change the
 *            value, and the tracee then sees what it was given;
 *   faults   a SIGSEGV from a bad access, suppressed, faults again at the
 *            same instruction; delivered, it kills (or runs the handler);
 *            the supervisor may move the instruction pointer past the
 *            faulting instruction instead.
 *
 * Tracees are this binary re-executed as "--sig-..." (below); each writes
 * a struct sig_report to a pipe before it ends. Synchronisation is by
 * pipes and by /proc/<pid>/syscall (to know that a tracee sleeps in its
 * syscall before the signal is sent), never by sleeping.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/ucontext.h>
#include <sys/user.h>

#define PT_FIXTURE sig
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

/* The kernel's restart values (include/linux/errno.h), as ptrace shows. */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

/* What a tracee tells at its end. */
struct sig_report {
	int64_t ret;		/* the syscall's return value */
	int64_t err;		/* errno after it */
	int64_t handled;	/* signals its handler took */
	uint64_t fault_at;	/* --sig-segv: the faulting instruction */
	uint64_t fault_after;	/* and the next one */
};

/* ---- tracee programs of this suite: "--sig-..." ---- */

static volatile sig_atomic_t sig_handled;
extern char sig_fault_at[], sig_fault_after[];

static void sig_usr1(int sig)
{
	(void)sig;
	sig_handled++;
}

/* SIGSEGV handler: step over the faulting instruction. */
static void sig_segv(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *ctx = uc;

	(void)sig;
	(void)si;
	sig_handled++;
	ctx->uc_mcontext.gregs[REG_RIP] = (greg_t)sig_fault_after;
}

static void __attribute__((noinline)) sig_fault(void)
{
	__asm__ volatile(".globl sig_fault_at\n"
			 "sig_fault_at: movb $0, (%%rax)\n"
			 ".globl sig_fault_after\n"
			 "sig_fault_after:\n"
			 : : "a"(0L) : "memory");
}

/* Take the PI lock (uncontended: the tid in the word) and keep it. */
static void *sig_owner(void *arg)
{
	uint32_t *lock = arg;

	__atomic_store_n(lock, (uint32_t)syscall(SYS_gettid),
			 __ATOMIC_RELEASE);
	for (;;)
		pause();
	return NULL;
}

static int sig_send(int fd, struct sig_report *rep)
{
	rep->handled = sig_handled;
	return pt_write_all(fd, rep, sizeof(*rep)) ? 120 : 0;
}

/*
 * --sig-MODE RFD GFD: with a SIGUSR1 handler (SA_RESTART unset) and no
 * core dumps, do one thing and report it on RFD:
 *   pause      pause(2)
 *   nanosleep  nanosleep(2) for 100 s
 *   read       read(2) from GFD (never written)
 *   futexpi    FUTEX_LOCK_PI on a lock that another thread holds
 *   segv       write to address 0 (no SIGSEGV handler)
 *   segvh      the same with a SIGSEGV handler that steps over it
 */
static int sig_child_main(int argc, char **argv)
{
	struct sig_report rep = { 0 };
	struct rlimit nocore = { 0, 0 };
	struct sigaction sa;
	const char *mode;
	int rfd, gfd;

	if (argc < 4 || strncmp(argv[1], "--sig-", 6))
		return -1;
	mode = argv[1] + 6;
	rfd = atoi(argv[2]);
	gfd = atoi(argv[3]);
	setrlimit(RLIMIT_CORE, &nocore);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sig_usr1;
	sigaction(SIGUSR1, &sa, NULL);

	errno = 0;
	if (!strcmp(mode, "pause")) {
		rep.ret = pause();
	} else if (!strcmp(mode, "nanosleep")) {
		struct timespec ts = { 100, 0 };

		rep.ret = syscall(SYS_nanosleep, &ts, NULL);
	} else if (!strcmp(mode, "read")) {
		char c;

		rep.ret = read(gfd, &c, 1);
	} else if (!strcmp(mode, "futexpi")) {
		static uint32_t lock;
		pthread_t th;

		/* Held by a thread of ours that never lets go. */
		if (pthread_create(&th, NULL, sig_owner, &lock))
			return 126;
		while (!__atomic_load_n(&lock, __ATOMIC_ACQUIRE))
			sched_yield();
		rep.ret = syscall(SYS_futex, &lock, FUTEX_LOCK_PI_PRIVATE, 0,
				  NULL, NULL, 0);
	} else if (!strcmp(mode, "segv") || !strcmp(mode, "segvh")) {
		if (!strcmp(mode, "segvh")) {
			sa.sa_handler = NULL;
			sa.sa_sigaction = sig_segv;
			sa.sa_flags = SA_SIGINFO;
			sigaction(SIGSEGV, &sa, NULL);
		}
		rep.fault_at = (uintptr_t)sig_fault_at;
		rep.fault_after = (uintptr_t)sig_fault_after;
		sig_fault();
	} else {
		return 125;
	}
	rep.err = errno;
	return sig_send(rfd, &rep);
}

/* ---- helpers ---- */

/*
 * Spawn "--sig-@mode" with a report pipe and a pipe that is never written
 * (for read; kept open here); *@rfd: the report's read end.
 */
static pid_t spawn_sig(struct __test_metadata *_metadata, PT_DATA *self,
		       const char *mode, int *rfd)
{
	int rep[2], rd[2];
	char mbuf[32];

	mkpipe(_metadata, self, rep);
	mkpipe(_metadata, self, rd);
	*rfd = rep[0];
	snprintf(mbuf, sizeof(mbuf), "--sig-%s", mode);
	return spawn_mode(_metadata, self, 0, mbuf, 2,
			  (int[]){ rep[1], rd[0] }, 1);
}

/* The tracee's report, once it has written it. */
static void take_report(struct __test_metadata *_metadata, int rfd,
			struct sig_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	ASSERT_LT(0, pt_poll1(rfd, POLLIN, PT_TIMEOUT_MS));
	ASSERT_EQ(sizeof(*rep), pt_read_full(rfd, rep, sizeof(*rep)));
}

/* @tid, running, ends with exit code 0. */
#define ASSERT_EXITED(tid) do { \
	struct ptrap_stop __e; \
	NEXT_OF((tid), __e); \
	ASSERT_STOP(__e, PTRAP_STOP_EXITED, ST_EXIT(0), (tid)); \
} while (0)

/*
 * Run @tid to the entry of syscall @nr, let it in, and once it sleeps
 * there send SIGUSR1: the next stop is the syscall's exit, with @restart.
 */
static void interrupt_in(struct __test_metadata *_metadata, PT_DATA *self,
			 pid_t tid, long nr, long restart)
{
	struct ptrap_stop st;

	run_to_syscall(_metadata, self, tid, nr, ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, wait_proc_syscall(tid, nr));
	ASSERT_EQ(0, kill(tid, SIGUSR1));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	ASSERT_EQ(nr, st.nr);
	ASSERT_EQ(-restart, st.retval) TH_LOG(REC_FMT, REC_ARGS(st));
}

/* From the exit stop: SIGUSR1's signal-delivery-stop comes next. */
static void to_usr1_stop(struct __test_metadata *_metadata, PT_DATA *self,
			 pid_t tid)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), tid);
}

/* Suppressed: the syscall is issued again, its entry stop is @nr's. */
static void suppress_to_reentry(struct __test_metadata *_metadata,
				PT_DATA *self, pid_t tid, long nr)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, tid);
	ASSERT_EQ(nr, st.nr) TH_LOG(REC_FMT, REC_ARGS(st));
}

/* ================= restart values ================= */

TEST_F(sig, restart_read_erestartsys)
{
	struct ptrap_stop st;
	struct sig_report rep;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "read", &rfd);
	interrupt_in(_metadata, self, tid, SYS_read, ERESTARTSYS);
	to_usr1_stop(_metadata, self, tid);
	suppress_to_reentry(_metadata, self, tid, SYS_read);
	/* Interrupted again, and delivered: the handler runs, EINTR. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, wait_proc_syscall(tid, SYS_read));
	ASSERT_EQ(0, kill(tid, SIGUSR1));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	EXPECT_EQ(-ERESTARTSYS, st.retval);
	to_usr1_stop(_metadata, self, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGUSR1));
	take_report(_metadata, rfd, &rep);
	EXPECT_EQ(-1, rep.ret);
	EXPECT_EQ(EINTR, rep.err);
	EXPECT_EQ(1, rep.handled);
	ASSERT_EXITED(tid);
}

TEST_F(sig, restart_pause_erestartnohand)
{
	struct ptrap_stop st;
	struct sig_report rep;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "pause", &rfd);
	interrupt_in(_metadata, self, tid, SYS_pause, ERESTARTNOHAND);
	to_usr1_stop(_metadata, self, tid);
	/* No handler runs: pause() starts again. */
	suppress_to_reentry(_metadata, self, tid, SYS_pause);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, wait_proc_syscall(tid, SYS_pause));
	ASSERT_EQ(0, kill(tid, SIGUSR1));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	ASSERT_EQ(-ERESTARTNOHAND, st.retval);
	/* Delivered to the handler: pause() returns EINTR. */
	to_usr1_stop(_metadata, self, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGUSR1));
	take_report(_metadata, rfd, &rep);
	EXPECT_EQ(-1, rep.ret);
	EXPECT_EQ(EINTR, rep.err);
	EXPECT_EQ(1, rep.handled);
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), tid);
}

TEST_F(sig, restart_nanosleep_restartblock)
{
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "nanosleep", &rfd);
	interrupt_in(_metadata, self, tid, SYS_nanosleep,
		     ERESTART_RESTARTBLOCK);
	to_usr1_stop(_metadata, self, tid);
	/* Issued again as restart_syscall(2). */
	suppress_to_reentry(_metadata, self, tid, SYS_restart_syscall);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
}

TEST_F(sig, restart_futex_pi_erestartnointr)
{
	struct ptrap_stop st;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "futexpi", &rfd);
	interrupt_in(_metadata, self, tid, SYS_futex, ERESTARTNOINTR);
	to_usr1_stop(_metadata, self, tid);
	suppress_to_reentry(_metadata, self, tid, SYS_futex);
	/* Even with its handler run, FUTEX_LOCK_PI starts again. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, wait_proc_syscall(tid, SYS_futex));
	ASSERT_EQ(0, kill(tid, SIGUSR1));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	EXPECT_EQ(-ERESTARTNOINTR, st.retval);
	to_usr1_stop(_metadata, self, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGUSR1));
	ASSERT_EQ(0, wait_proc_syscall(tid, SYS_futex));
	EXPECT_EQ(0, pt_poll1(rfd, POLLIN, 0));
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
}

TEST_F(sig, restart_value_changed_to_eintr)
{
	struct user_regs_struct regs;
	struct sig_report rep;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "read", &rfd);
	interrupt_in(_metadata, self, tid, SYS_read, ERESTARTSYS);
	/* At the exit stop the supervisor makes it a plain EINTR. */
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ(-ERESTARTSYS, (long)regs.rax);
	regs.rax = -EINTR;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	to_usr1_stop(_metadata, self, tid);
	/* Suppressed, and still no restart: read() returns EINTR. */
	CONT_TO_EXIT(tid, 0);
	take_report(_metadata, rfd, &rep);
	EXPECT_EQ(-1, rep.ret);
	EXPECT_EQ(EINTR, rep.err);
	EXPECT_EQ(0, rep.handled);
}

TEST_F(sig, restart_value_set_on_plain_error)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "pause", &rfd);
	interrupt_in(_metadata, self, tid, SYS_pause, ERESTARTNOHAND);
	/* Made -ERESTARTNOINTR: restarted even with its handler run. */
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	regs.rax = -ERESTARTNOINTR;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	to_usr1_stop(_metadata, self, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL,
				  SIGUSR1));
	/* The handler's rt_sigreturn, then pause() again. */
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, tid);
	ASSERT_EQ(SYS_rt_sigreturn, st.nr) TH_LOG(REC_FMT, REC_ARGS(st));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	suppress_to_reentry(_metadata, self, tid, SYS_pause);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
}

/* ================= synchronous faults ================= */

/* Run the segv tracee to its SIGSEGV stop; its report tells where. */
static void to_segv(struct __test_metadata *_metadata, PT_DATA *self,
		    pid_t tid, uint64_t *at)
{
	struct ptrap_stop st;
	siginfo_t si;

	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSEGV), tid);
	rec_siginfo(&st, &si);
	EXPECT_EQ(SIGSEGV, si.si_signo);
	EXPECT_EQ(SEGV_MAPERR, si.si_code);
	EXPECT_EQ(NULL, si.si_addr);
	*at = st.ip;
}

/* Where the tracee's faulting instruction is: from its own symbols. */
#define FAULT_AT	((uint64_t)(uintptr_t)sig_fault_at)
#define FAULT_AFTER	((uint64_t)(uintptr_t)sig_fault_after)

TEST_F(sig, segv_suppressed_faults_again)
{
	struct ptrap_stop st;
	uint64_t at, again;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "segv", &rfd);
	to_segv(_metadata, self, tid, &at);
	/* A static binary: the tracee's addresses are ours. */
	EXPECT_EQ(FAULT_AT, at);
	to_segv(_metadata, self, tid, &again);
	EXPECT_EQ(at, again);
	/* Delivered: no handler, it kills (no core: RLIMIT_CORE 0). */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGSEGV));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGSEGV), tid);
}

TEST_F(sig, segv_delivered_to_handler)
{
	struct sig_report rep;
	uint64_t at;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "segvh", &rfd);
	to_segv(_metadata, self, tid, &at);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGSEGV));
	take_report(_metadata, rfd, &rep);
	EXPECT_EQ(1, rep.handled);
	EXPECT_EQ(at, rep.fault_at);
	ASSERT_EXITED(tid);
}

TEST_F(sig, segv_stepped_over_by_supervisor)
{
	struct user_regs_struct regs;
	struct sig_report rep;
	uint64_t at;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "segv", &rfd);
	to_segv(_metadata, self, tid, &at);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ(at, regs.rip);
	regs.rip = FAULT_AFTER;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	/* Suppressed and moved on: it runs to its end. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	take_report(_metadata, rfd, &rep);
	EXPECT_EQ(0, rep.handled);
	ASSERT_EXITED(tid);
}

TEST_F(sig, segv_replaced_by_sigusr1)
{
	struct ptrap_stop st;
	uint64_t at;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = spawn_sig(_metadata, self, "segv", &rfd);
	to_segv(_metadata, self, tid, &at);
	/* Replaced: its handler runs, and the instruction faults again. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGUSR1));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSEGV), tid);
	EXPECT_EQ(at, st.ip);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
}

PT_HARNESS_MAIN(sig_child_main)
