// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap_requests: the requests on a stopped tracee's stop, through
 * libptrap, each case run under two variants of FIXTURE(req):
 *
 *   stub_pool  real ptrace(2) (PTRAP_OPEN_STUBPOOL): the ground truth;
 *   module     /dev/ptrap (PTRAP_OPEN_MODULE): SKIPs when it is absent.
 *
 * siginfo (GETSIGINFO/SETSIGINFO, and what a handler receives), the blocked
 * mask (GETSIGMASK/SETSIGMASK), the event message, PTRACE_GET_SYSCALL_INFO
 * and its truncation rule, the user area (PEEKUSER/POKEUSER), the FP and
 * XSTATE register sets, and the event stops and auto-attached children of
 * the fork/exec/exit options. Values are compared bit for bit with what
 * ptrace(2) gives, in places with a reference taken by raw ptrace(2) in
 * this process. Cases that need an option the module does not implement
 * yet SKIP on the module, saying so.
 *
 * Tracees are this binary re-executed as "--req-..." (below) or
 * "--child-..." (ptrap_util.h). Synchronisation is by pipes only; every
 * wait on a record is bounded (PT_TIMEOUT_MS).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <pthread.h>
#include <stddef.h>
#include <cpuid.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
/* After <sys/ptrace.h>: the other order breaks glibc's header. */
#include <linux/ptrace.h>
#include <linux/audit.h>

#define PT_FIXTURE req
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

/* The kernel's struct user (asm/user_64.h) is glibc's plus these two. */
#define KUSER_SIZE	(sizeof(struct user) + 16)
#define UREG(r)		offsetof(struct user, regs.r)
#define UDR(n)		(offsetof(struct user, u_debugreg) + 8 * (n))

/* PTRACE_GET_SYSCALL_INFO sizes: op NONE, EXIT, ENTRY. */
#define SCI_NONE	offsetof(struct ptrace_syscall_info, entry)
#define SCI_EXIT	(offsetof(struct ptrace_syscall_info, exit.is_error) + 1)
#define SCI_ENTRY	offsetof(struct ptrace_syscall_info, seccomp.ret_data)

/* The FXSAVE area: xmm registers from byte 160, 16 bytes each. */
#define FX_XMM(n)	(160 + 16 * (n))
#define XSTATE_BV_OFF	512

/* "@mode" (a full "--req-x" or "--child-x"), with numbers or descriptors. */
#define SPAWN0(opts, mode) \
	spawn_mode(_metadata, self, (opts), (mode), 0, NULL, 0)
#define SPAWN_ARG(opts, mode, v) \
	spawn_mode(_metadata, self, (opts), (mode), 1, (int[]){ (v) }, 0)
#define SPAWN1(opts, mode, fd) \
	spawn_mode(_metadata, self, (opts), (mode), 1, (int[]){ (fd) }, 1)
#define SPAWN2(opts, mode, fd1, fd2) \
	spawn_mode(_metadata, self, (opts), (mode), 2, \
		   (int[]){ (fd1), (fd2) }, 1)

/* Resume with SYSCALL once and expect a syscall stop of @kind. */
static void step_syscall(struct __test_metadata *_metadata, struct ptrap *p,
			 pid_t tid, unsigned int kind, unsigned int status,
			 struct ptrap_stop *out)
{
	ASSERT_EQ(0, ptrap_resume(p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC_ON(p, *out);
	ASSERT_STOP(*out, kind, status, tid);
}

/* Resume @tid with @sig (CONT); expect its EXITED record with @code. */
static void cont_to_exit(struct __test_metadata *_metadata, struct ptrap *p,
			 pid_t tid, int sig, int code)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, ptrap_resume(p, tid, PTRAP_RESUME_CONT, sig));
	NEXT_REC_ON(p, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(code), tid);
}

/* Resume with CONT and expect a signal-delivery-stop for @sig. */
static void cont_to_signal(struct __test_metadata *_metadata,
			   struct ptrap *p, pid_t tid, int sig,
			   struct ptrap_stop *out)
{
	ASSERT_EQ(0, ptrap_resume(p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC_ON(p, *out);
	ASSERT_STOP(*out, PTRAP_STOP_SIGNAL, ST_STOP(sig), tid);
}

/*
 * Resume @tid, whose child has ended, and expect it to exit with @code:
 * ptrace(2) stops it first for the SIGCHLD, ignored by default as it is.
 */
static void cont_to_exit_after_child(struct __test_metadata *_metadata,
				     FIXTURE_DATA(req) *self, pid_t tid,
				     int code)
{
	struct ptrap_stop st;
	siginfo_t si;

	cont_to_signal(_metadata, self->p, tid, SIGCHLD, &st);
	rec_siginfo(&st, &si);
	EXPECT_EQ(SIGCHLD, si.si_signo);
	EXPECT_EQ(CLD_EXITED, si.si_code);
	cont_to_exit(_metadata, self->p, tid, 0, code);
}

/*
 * Options the module may not implement yet: set them at the current stop,
 * or SKIP on the module if it refuses them (issue 3 adds them there).
 */
#define NEED_OPTIONS(tid, opts) do { \
	int __r = ptrap_setoptions(self->p, (tid), \
				   (opts) | PTRAP_O_EXITKILL); \
	if (__r == -EINVAL && self->module) \
		SKIP(return, "module: options %#llx not implemented yet", \
		     (unsigned long long)(opts)); \
	ASSERT_EQ(0, __r); \
} while (0)

/* ---- tracee programs: this binary with argv[1] = "--req-..." ---- */

/* What the "siginfo" tracee's handlers report: the signal and its info. */
struct req_sig_report {
	int32_t sig;
	int32_t pad;
	siginfo_t si;
};

static int req_rfd = -1;

static void req_handler(int sig, siginfo_t *si, void *uc)
{
	struct req_sig_report rep;

	(void)uc;
	memset(&rep, 0, sizeof(rep));
	rep.sig = sig;
	rep.si = *si;
	if (pt_write_all(req_rfd, &rep, sizeof(rep)))
		_exit(119);
}

static void req_catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = req_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

static uint64_t req_mask_now(void)
{
	uint64_t m = 0;

	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, sizeof(m));
	return m;
}

static int req_have_avx(void)
{
	return __builtin_cpu_supports("avx");
}

/*
 * getppid by a syscall instruction of our own, then xmm14, xmm15 (and
 * ymm14 with AVX) stored at once: nothing between the stop and the
 * stores touches them.
 */
static void req_syscall_xmm(unsigned char x14[16], unsigned char x15[16],
			    unsigned char y14[32], int avx)
{
	long nr = SYS_getppid;

	if (avx)
		__asm__ volatile("syscall\n\t"
				 "movdqu %%xmm14, (%1)\n\t"
				 "movdqu %%xmm15, (%2)\n\t"
				 "vmovdqu %%ymm14, (%3)"
				 : "+a"(nr)
				 : "r"(x14), "r"(x15), "r"(y14)
				 : "rcx", "r11", "memory");
	else
		__asm__ volatile("syscall\n\t"
				 "movdqu %%xmm14, (%1)\n\t"
				 "movdqu %%xmm15, (%2)"
				 : "+a"(nr)
				 : "r"(x14), "r"(x15)
				 : "rcx", "r11", "memory");
}

static void *req_thread_fn(void *arg)
{
	(void)arg;
	syscall(SYS_getppid);
	return NULL;
}

/*
 * Tracee programs. Descriptor arguments are inherited across exec.
 *   --req-siginfo RFD    SA_SIGINFO handlers for SIGUSR1 and SIGUSR2
 *                        report (struct req_sig_report); raise(SIGUSR1);
 *                        marker; exit 0
 *   --req-mask RFD       block SIGUSR1 and SIGHUP; report the mask;
 *                        marker; report the mask again; exit 0
 *   --req-pending        block SIGUSR1; raise(SIGUSR1) (pending); marker;
 *                        exit 0
 *   --req-suspend RFD    handler for SIGUSR2 (reports); block SIGUSR1 and
 *                        SIGUSR2; write 'r'; sigsuspend({SIGUSR1});
 *                        write 'd'; exit 0
 *   --req-xmm RFD        the marker by its own syscall instruction, then
 *                        report xmm14, xmm15, ymm14 (zero without AVX)
 *   --req-fork RFD       fork; the child exits 5; report the child's pid
 *                        and wait status; exit 0
 *   --req-vfork          vfork; the child exits 6; exit 0
 *   --req-thread         a thread that calls getppid and ends; exit 0
 *   --req-exec           execve this binary as "--child-exit 4"
 */
static int req_child_main(int argc, char **argv)
{
	const char *mode = argv[1];

	if (argc < 2 || strncmp(mode, "--req-", 6))
		return -1;
	mode += 6;
	if (argc >= 3)
		req_rfd = atoi(argv[2]);

	if (!strcmp(mode, "siginfo") && argc >= 3) {
		req_catch(SIGUSR1);
		req_catch(SIGUSR2);
		raise(SIGUSR1);
		pt_marker();
		return 0;
	}
	if (!strcmp(mode, "mask") && argc >= 3) {
		sigset_t set;
		uint64_t m;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigaddset(&set, SIGHUP);
		sigprocmask(SIG_BLOCK, &set, NULL);
		m = req_mask_now();
		if (pt_write_all(req_rfd, &m, sizeof(m)))
			return 120;
		pt_marker();
		m = req_mask_now();
		if (pt_write_all(req_rfd, &m, sizeof(m)))
			return 120;
		return 0;
	}
	if (!strcmp(mode, "pending")) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		raise(SIGUSR1);
		pt_marker();
		return 0;
	}
	if (!strcmp(mode, "suspend") && argc >= 3) {
		sigset_t set;

		req_catch(SIGUSR2);
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigaddset(&set, SIGUSR2);
		sigprocmask(SIG_BLOCK, &set, NULL);
		if (pt_write_all(req_rfd, "r", 1))
			return 120;
		sigdelset(&set, SIGUSR2);
		sigsuspend(&set);
		if (pt_write_all(req_rfd, "d", 1))
			return 120;
		return 0;
	}
	if (!strcmp(mode, "xmm") && argc >= 3) {
		unsigned char v[64] = { 0 };

		req_syscall_xmm(v, v + 16, v + 32, req_have_avx());
		if (pt_write_all(req_rfd, v, sizeof(v)))
			return 120;
		return 0;
	}
	if (!strcmp(mode, "fork") && argc >= 3) {
		int32_t rep[2];
		pid_t pid = fork();

		if (pid == 0)
			_exit(5);
		rep[0] = pid;
		rep[1] = -1;
		while (pid > 0 && waitpid(pid, &rep[1], 0) < 0 &&
		       errno == EINTR)
			;
		if (pt_write_all(req_rfd, rep, sizeof(rep)))
			return 120;
		return 0;
	}
	if (!strcmp(mode, "vfork")) {
		pid_t pid = vfork();
		int status;

		if (pid == 0)
			_exit(6);
		while (pid > 0 && waitpid(pid, &status, 0) < 0 &&
		       errno == EINTR)
			;
		return 0;
	}
	if (!strcmp(mode, "thread")) {
		pthread_t th;

		if (pthread_create(&th, NULL, req_thread_fn, NULL))
			return 121;
		pthread_join(th, NULL);
		return 0;
	}
	if (!strcmp(mode, "exec")) {
		char *args[] = { argv[0], "--child-exit", "4", NULL };

		execv("/proc/self/exe", args);
		return 122;
	}
	return 125;
}


/* The siginfo ptrace(2) gives at a stop that reports no signal. */
static void trap_info(siginfo_t *si, int code, pid_t tid)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = SIGTRAP;
	si->si_code = code;
	si->si_pid = tid;
	si->si_uid = getuid();
}

/* A siginfo as sigqueue(2) makes one, with our own values. */
static void queue_info(siginfo_t *si, int sig)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = SI_QUEUE;
	si->si_pid = 4242;
	si->si_uid = 77;
	si->si_value.sival_ptr = (void *)0x1122334455667788UL;
}

/* Does /proc/self/task/@tid exist: is @tid a thread of this process? */
static int our_thread(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d", tid);
	return access(path, F_OK) == 0;
}

/* ================= GETSIGINFO ================= */

TEST_F(req, getsiginfo_signal_stop)
{
	struct ptrap_stop st;
	siginfo_t si, rec;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "--child-raise", SIGUSR1);
	cont_to_signal(_metadata, self->p, tid, SIGUSR1, &st);
	memset(&si, 0x5a, sizeof(si));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &si));
	/* The stop's siginfo is the record's, all 128 bytes. */
	rec_siginfo(&st, &rec);
	EXPECT_EQ(0, memcmp(&si, &rec, sizeof(si)));
	EXPECT_EQ(SIGUSR1, si.si_signo);
	EXPECT_EQ(SI_TKILL, si.si_code);
	EXPECT_EQ(0, si.si_errno);
	EXPECT_EQ(tid, si.si_pid);
	EXPECT_EQ(getuid(), si.si_uid);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, getsiginfo_exec_stop)
{
	siginfo_t si, want;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "--child-exit", 0);
	/* The post-exec SIGTRAP, sent by the tracee to itself. */
	memset(&si, 0x5a, sizeof(si));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &si));
	trap_info(&want, SI_USER, tid);
	EXPECT_EQ(0, memcmp(&want, &si, sizeof(si)))
		TH_LOG("signo %d code %#x pid %d uid %d", si.si_signo,
		       si.si_code, si.si_pid, si.si_uid);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, getsiginfo_syscall_sysgood)
{
	struct ptrap_stop st;
	siginfo_t si, want;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN1(PTRAP_O_TRACESYSGOOD, "--child-getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSGOOD, &st);
	/* As ptrace_notify() makes it: SIGTRAP | 0x80, from the tracee. */
	trap_info(&want, SIGTRAP | 0x80, tid);
	memset(&si, 0x5a, sizeof(si));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &si));
	EXPECT_EQ(0, memcmp(&want, &si, sizeof(si)))
		TH_LOG("code %#x pid %d", si.si_code, si.si_pid);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSGOOD, &st);
	memset(&si, 0x5a, sizeof(si));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &si));
	EXPECT_EQ(0, memcmp(&want, &si, sizeof(si)))
		TH_LOG("code %#x pid %d", si.si_code, si.si_pid);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, getsiginfo_syscall_plain)
{
	struct ptrap_stop st;
	siginfo_t si, want;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN1(0, "--child-getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	/* Without TRACESYSGOOD the code is plain SIGTRAP. */
	trap_info(&want, SIGTRAP, tid);
	memset(&si, 0x5a, sizeof(si));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &si));
	EXPECT_EQ(0, memcmp(&want, &si, sizeof(si)))
		TH_LOG("code %#x pid %d", si.si_code, si.si_pid);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

/* ================= SETSIGINFO ================= */

/* Spawn the "siginfo" tracee and run it to its SIGUSR1 stop. */
static pid_t siginfo_tracee(struct __test_metadata *_metadata,
			    FIXTURE_DATA(req) *self, int *rfd)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	mkpipe(_metadata, self, rp);
	tid = SPAWN1(0, "--req-siginfo", rp[1]);
	cont_to_signal(_metadata, self->p, tid, SIGUSR1, &st);
	*rfd = rp[0];
	return tid;
}

TEST_F(req, setsiginfo_handler_receives)
{
	struct req_sig_report rep;
	siginfo_t info, back;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = siginfo_tracee(_metadata, self, &rfd);
	queue_info(&info, SIGUSR1);
	ASSERT_EQ(0, ptrap_setsiginfo(self->p, tid, &info));
	memset(&back, 0x5a, sizeof(back));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &back));
	EXPECT_EQ(0, memcmp(&info, &back, sizeof(info)));
	cont_to_exit(_metadata, self->p, tid, SIGUSR1, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rfd, &rep, sizeof(rep)));
	EXPECT_EQ(SIGUSR1, rep.sig);
	/* The handler gets exactly the siginfo that was set. */
	EXPECT_EQ(0, memcmp(&info, &rep.si, sizeof(info)))
		TH_LOG("code %d pid %d uid %d", rep.si.si_code,
		       rep.si.si_pid, rep.si.si_uid);
}

TEST_F(req, setsiginfo_other_signal)
{
	struct req_sig_report rep;
	siginfo_t info;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = siginfo_tracee(_metadata, self, &rfd);
	/* A siginfo for SIGUSR2, and resumed with SIGUSR2: delivered so. */
	queue_info(&info, SIGUSR2);
	ASSERT_EQ(0, ptrap_setsiginfo(self->p, tid, &info));
	cont_to_exit(_metadata, self->p, tid, SIGUSR2, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rfd, &rep, sizeof(rep)));
	EXPECT_EQ(SIGUSR2, rep.sig);
	EXPECT_EQ(0, memcmp(&info, &rep.si, sizeof(info)))
		TH_LOG("code %d pid %d", rep.si.si_code, rep.si.si_pid);
}

TEST_F(req, setsiginfo_resumed_with_another)
{
	struct req_sig_report rep;
	siginfo_t info;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = siginfo_tracee(_metadata, self, &rfd);
	/*
	 * Resumed with a signal the siginfo is not for: the set siginfo is
	 * dropped and the signal comes from the tracer, SI_USER.
	 */
	queue_info(&info, SIGUSR1);
	ASSERT_EQ(0, ptrap_setsiginfo(self->p, tid, &info));
	cont_to_exit(_metadata, self->p, tid, SIGUSR2, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rfd, &rep, sizeof(rep)));
	EXPECT_EQ(SIGUSR2, rep.sig);
	EXPECT_EQ(SIGUSR2, rep.si.si_signo);
	EXPECT_EQ(SI_USER, rep.si.si_code);
	EXPECT_EQ(getuid(), rep.si.si_uid);
	/* The tracer: the stub pool's tracer thread, or the opener. */
	EXPECT_TRUE(our_thread(rep.si.si_pid)) TH_LOG("si_pid %d",
						      rep.si.si_pid);
}

TEST_F(req, setsiginfo_then_suppressed)
{
	siginfo_t info;
	size_t got = 0;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = siginfo_tracee(_metadata, self, &rfd);
	queue_info(&info, SIGUSR1);
	ASSERT_EQ(0, ptrap_setsiginfo(self->p, tid, &info));
	/* Resumed with no signal: nothing is delivered, no handler runs. */
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(0, pt_wait_eof(rfd, &got));
	EXPECT_EQ(0, got);
}

TEST_F(req, setsiginfo_layouts)
{
	siginfo_t info, back;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = siginfo_tracee(_metadata, self, &rfd);
	/*
	 * An si_code the kernel has no layout for (SIGTRAP | 0x80 for
	 * SIGUSR1): the bytes past the kernel's siginfo must be zero.
	 */
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGUSR1;
	info.si_code = SIGTRAP | 0x80;
	((unsigned char *)&info)[100] = 1;
	EXPECT_EQ(-E2BIG, ptrap_setsiginfo(self->p, tid, &info));
	((unsigned char *)&info)[100] = 0;
	((unsigned char *)&info)[20] = 9;
	ASSERT_EQ(0, ptrap_setsiginfo(self->p, tid, &info));
	memset(&back, 0x5a, sizeof(back));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &back));
	EXPECT_EQ(0, memcmp(&info, &back, sizeof(info)));
	/* A known layout: the tail is ignored, and reads back as zero. */
	queue_info(&info, SIGUSR1);
	((unsigned char *)&info)[100] = 1;
	ASSERT_EQ(0, ptrap_setsiginfo(self->p, tid, &info));
	memset(&back, 0x5a, sizeof(back));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &back));
	EXPECT_EQ(0, ((unsigned char *)&back)[100]);
	((unsigned char *)&info)[100] = 0;
	EXPECT_EQ(0, memcmp(&info, &back, sizeof(info)));
	EXPECT_EQ(-EFAULT, ptrap_setsiginfo(self->p, tid, NULL));
	EXPECT_EQ(-EFAULT, ptrap_getsiginfo(self->p, tid, NULL));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

/* ================= requests need a stop ================= */

TEST_F(req, requests_need_stop)
{
	struct ptrace_syscall_info sci;
	struct ptrap_stop st;
	siginfo_t si;
	uint64_t v = 0;
	size_t size = sizeof(sci);
	int rp[2];
	pid_t tid, me = getpid();

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN1(0, "--child-spin", rp[1]);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	memset(&si, 0, sizeof(si));
	/* Running: ESRCH, whatever the arguments. */
	EXPECT_EQ(-ESRCH, ptrap_getsiginfo(self->p, tid, &si));
	EXPECT_EQ(-ESRCH, ptrap_setsiginfo(self->p, tid, &si));
	EXPECT_EQ(-ESRCH, ptrap_getsigmask(self->p, tid, &v, 8));
	EXPECT_EQ(-ESRCH, ptrap_getsigmask(self->p, tid, &v, 7));
	EXPECT_EQ(-ESRCH, ptrap_setsigmask(self->p, tid, &v, 8));
	EXPECT_EQ(-ESRCH, ptrap_setsigmask(self->p, tid, &v, 9));
	EXPECT_EQ(-ESRCH, ptrap_geteventmsg(self->p, tid, &v));
	EXPECT_EQ(-ESRCH, ptrap_get_syscall_info(self->p, tid, &sci, &size));
	EXPECT_EQ(-ESRCH, ptrap_peekuser(self->p, tid, UREG(rax), &v));
	EXPECT_EQ(-ESRCH, ptrap_peekuser(self->p, tid, 3, &v));
	EXPECT_EQ(-ESRCH, ptrap_pokeuser(self->p, tid, UREG(rax), 0));
	/* Not a tracee at all. */
	EXPECT_EQ(-ESRCH, ptrap_getsiginfo(self->p, me, &si));
	EXPECT_EQ(-ESRCH, ptrap_getsigmask(self->p, me, &v, 8));
	EXPECT_EQ(-ESRCH, ptrap_geteventmsg(self->p, me, &v));
	EXPECT_EQ(-ESRCH, ptrap_get_syscall_info(self->p, me, &sci, &size));
	EXPECT_EQ(-ESRCH, ptrap_peekuser(self->p, me, 0, &v));
	EXPECT_EQ(-ESRCH, ptrap_pokeuser(self->p, 0x7fffffff, 0, 0));
	EXPECT_EQ(sizeof(sci), size);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, SIGKILL, tid);
}

/* ================= GETSIGMASK / SETSIGMASK ================= */

#define SIGBIT(s)	(1ULL << ((s) - 1))
#define UNBLOCKABLE	(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* The "mask" tracee at its marker's entry stop; its first report read. */
static pid_t mask_tracee(struct __test_metadata *_metadata,
			 FIXTURE_DATA(req) *self, int *rfd, uint64_t *first)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	mkpipe(_metadata, self, rp);
	tid = SPAWN1(0, "--req-mask", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	ASSERT_EQ(sizeof(*first), pt_read_full(rp[0], first, sizeof(*first)));
	*rfd = rp[0];
	return tid;
}

TEST_F(req, getsigmask)
{
	uint64_t first, m = 0x5a5a;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = mask_tracee(_metadata, self, &rfd, &first);
	EXPECT_EQ(SIGBIT(SIGUSR1) | SIGBIT(SIGHUP),
		  first & (SIGBIT(SIGUSR1) | SIGBIT(SIGHUP)));
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &m, sizeof(m)));
	EXPECT_EQ(first, m);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(sizeof(m), pt_read_full(rfd, &m, sizeof(m)));
	EXPECT_EQ(first, m);
}

TEST_F(req, setsigmask_all)
{
	uint64_t first, m = ~0ULL, back = 0;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = mask_tracee(_metadata, self, &rfd, &first);
	ASSERT_EQ(0, ptrap_setsigmask(self->p, tid, &m, sizeof(m)));
	/* SIGKILL and SIGSTOP can never be blocked. */
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &back, sizeof(back)));
	EXPECT_EQ(~UNBLOCKABLE, back);
	EXPECT_EQ(0xfffffffffffbfeffULL, back);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	/* The tracee sees the new mask itself. */
	ASSERT_EQ(sizeof(m), pt_read_full(rfd, &m, sizeof(m)));
	EXPECT_EQ(~UNBLOCKABLE, m);
}

TEST_F(req, setsigmask_kill_stop_only)
{
	uint64_t first, m = UNBLOCKABLE, back = 1;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = mask_tracee(_metadata, self, &rfd, &first);
	ASSERT_EQ(0, ptrap_setsigmask(self->p, tid, &m, sizeof(m)));
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &back, sizeof(back)));
	EXPECT_EQ(0, back);
	m = SIGBIT(SIGTERM) | SIGBIT(SIGRTMIN) | SIGBIT(64);
	ASSERT_EQ(0, ptrap_setsigmask(self->p, tid, &m, sizeof(m)));
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &back, sizeof(back)));
	EXPECT_EQ(m, back);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(sizeof(back), pt_read_full(rfd, &back, sizeof(back)));
	EXPECT_EQ(m, back);
}

TEST_F(req, sigmask_bad_size)
{
	static const size_t sizes[] = { 0, 1, 4, 7, 9, 16, 128, SIZE_MAX };
	uint64_t first, m = 0, back;
	size_t i;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = mask_tracee(_metadata, self, &rfd, &first);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		EXPECT_EQ(-EINVAL, ptrap_getsigmask(self->p, tid, &back,
						    sizes[i]))
			TH_LOG("size %zu", sizes[i]);
		EXPECT_EQ(-EINVAL, ptrap_setsigmask(self->p, tid, &m,
						    sizes[i]))
			TH_LOG("size %zu", sizes[i]);
	}
	EXPECT_EQ(-EFAULT, ptrap_getsigmask(self->p, tid, NULL, 8));
	EXPECT_EQ(-EFAULT, ptrap_setsigmask(self->p, tid, NULL, 8));
	/* Nothing changed. */
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &back, sizeof(back)));
	EXPECT_EQ(first, back);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(sizeof(back), pt_read_full(rfd, &back, sizeof(back)));
	EXPECT_EQ(first, back);
}

TEST_F(req, setsigmask_unblocks_pending)
{
	struct ptrap_stop st;
	uint64_t m = 0;
	siginfo_t si;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN0(0, "--req-pending");
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSCALL, &st);
	EXPECT_EQ(SYS_getppid, st.nr);
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &m, sizeof(m)));
	EXPECT_EQ(SIGBIT(SIGUSR1), m & SIGBIT(SIGUSR1));
	/* Unblock the pending SIGUSR1: delivered on the way out. */
	m = 0;
	ASSERT_EQ(0, ptrap_setsigmask(self->p, tid, &m, sizeof(m)));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), tid);
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &si));
	EXPECT_EQ(SIGUSR1, si.si_signo);
	EXPECT_EQ(SI_TKILL, si.si_code);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, getsigmask_in_sigsuspend)
{
	const uint64_t both = SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2);
	struct req_sig_report rep;
	struct ptrap_stop st;
	uint64_t m = 0;
	char c = 0;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN1(0, "--req-suspend", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_rt_sigsuspend,
		       ST_SYSCALL, &st);
	ASSERT_EQ(1, pt_read_full(rp[0], &c, 1));
	ASSERT_EQ('r', c);
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &m, sizeof(m)));
	EXPECT_EQ(both, m & both);
	/* SIGUSR2 is blocked until sigsuspend() lets it in. */
	ASSERT_EQ(0, syscall(SYS_tgkill, tid, tid, SIGUSR2));
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSCALL, &st);
	EXPECT_EQ(-514, st.retval);	/* -ERESTARTNOHAND */
	/*
	 * Inside sigsuspend() the blocked mask is its argument, but ptrace
	 * shows the mask it will restore (saved_sigmask).
	 */
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &m, sizeof(m)));
	EXPECT_EQ(both, m & both);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR2), tid);
	ASSERT_EQ(0, ptrap_getsigmask(self->p, tid, &m, sizeof(m)));
	EXPECT_EQ(both, m & both);
	cont_to_exit(_metadata, self->p, tid, SIGUSR2, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	EXPECT_EQ(SIGUSR2, rep.sig);
	ASSERT_EQ(1, pt_read_full(rp[0], &c, 1));
	EXPECT_EQ('d', c);
}

/* ================= GETEVENTMSG ================= */

TEST_F(req, geteventmsg_stops)
{
	struct ptrap_stop st;
	uint64_t msg = 99;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	/* Exec and signal stops: 0. */
	tid = siginfo_tracee(_metadata, self, &rfd);
	ASSERT_EQ(0, ptrap_geteventmsg(self->p, tid, &msg));
	EXPECT_EQ(0, msg);
	/* Syscall stops: PTRACE_EVENTMSG_SYSCALL_ENTRY and _EXIT. */
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	msg = 99;
	ASSERT_EQ(0, ptrap_geteventmsg(self->p, tid, &msg));
	EXPECT_EQ(PTRACE_EVENTMSG_SYSCALL_ENTRY, msg);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSCALL, &st);
	msg = 99;
	ASSERT_EQ(0, ptrap_geteventmsg(self->p, tid, &msg));
	EXPECT_EQ(PTRACE_EVENTMSG_SYSCALL_EXIT, msg);
	EXPECT_EQ(-EFAULT, ptrap_geteventmsg(self->p, tid, NULL));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, geteventmsg_exec_stop)
{
	uint64_t msg = 99;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "--child-exit", 0);
	ASSERT_EQ(0, ptrap_geteventmsg(self->p, tid, &msg));
	EXPECT_EQ(0, msg);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

/* ================= GET_SYSCALL_INFO ================= */

static void get_sci(struct __test_metadata *_metadata, struct ptrap *p,
		    pid_t tid, struct ptrace_syscall_info *sci, size_t want)
{
	size_t size = sizeof(*sci);
	int r;

	memset(sci, 0xaa, sizeof(*sci));
	r = ptrap_get_syscall_info(p, tid, sci, &size);
	ASSERT_EQ(0, r) TH_LOG("get_syscall_info: %s", strerror(-r));
	ASSERT_EQ(want, size) TH_LOG("op %d", sci->op);
}

/* The bytes of @sci from @from on are still the 0xaa of get_sci(). */
static int untouched_from(const struct ptrace_syscall_info *sci, size_t from)
{
	const unsigned char *b = (const unsigned char *)sci;
	size_t i;

	for (i = from; i < sizeof(*sci); i++)
		if (b[i] != 0xaa)
			return 0;
	return 1;
}

TEST_F(req, syscall_info_entry_exit)
{
	struct ptrace_syscall_info sci;
	struct ptrap_stop st;
	int wp[2], rp[2], i;
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN2(PTRAP_O_TRACESYSGOOD, "--child-write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSGOOD, &st);
	get_sci(_metadata, self->p, tid, &sci, SCI_ENTRY);
	EXPECT_EQ(PTRACE_SYSCALL_INFO_ENTRY, sci.op);
	EXPECT_EQ(0, sci.pad[0] | sci.pad[1] | sci.pad[2]);
	EXPECT_EQ(AUDIT_ARCH_X86_64, sci.arch);
	EXPECT_EQ(st.ip, sci.instruction_pointer);
	EXPECT_EQ(st.sp, sci.stack_pointer);
	EXPECT_EQ(SYS_write, sci.entry.nr);
	for (i = 0; i < 6; i++)
		EXPECT_EQ(st.args[i], sci.entry.args[i]) TH_LOG("arg %d", i);
	EXPECT_TRUE(untouched_from(&sci, SCI_ENTRY));

	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSGOOD, &st);
	get_sci(_metadata, self->p, tid, &sci, SCI_EXIT);
	EXPECT_EQ(PTRACE_SYSCALL_INFO_EXIT, sci.op);
	EXPECT_EQ(AUDIT_ARCH_X86_64, sci.arch);
	EXPECT_EQ(st.ip, sci.instruction_pointer);
	EXPECT_EQ(st.sp, sci.stack_pointer);
	EXPECT_EQ(5, sci.exit.rval);
	EXPECT_EQ(0, sci.exit.is_error);
	EXPECT_TRUE(untouched_from(&sci, SCI_EXIT));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, syscall_info_exit_error)
{
	struct ptrace_syscall_info sci;
	struct pt_write_report rep;
	struct ptrap_stop st;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN2(PTRAP_O_TRACESYSGOOD, "--child-write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSGOOD, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSGOOD, &st);
	/* An error return, as the registers say: rval -errno, is_error. */
	ASSERT_EQ(0, ptrap_pokeuser(self->p, tid, UREG(rax),
				    (uint64_t)-EPERM));
	get_sci(_metadata, self->p, tid, &sci, SCI_EXIT);
	EXPECT_EQ(PTRACE_SYSCALL_INFO_EXIT, sci.op);
	EXPECT_EQ(-EPERM, sci.exit.rval);
	EXPECT_EQ(1, sci.exit.is_error);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	EXPECT_EQ(-1, rep.n);
	EXPECT_EQ(EPERM, rep.err);
}

TEST_F(req, syscall_info_without_sysgood)
{
	struct ptrace_syscall_info sci;
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN1(0, "--child-getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	/* ptrace tells syscall stops by si_code SIGTRAP | 0x80 only. */
	get_sci(_metadata, self->p, tid, &sci, SCI_NONE);
	EXPECT_EQ(PTRACE_SYSCALL_INFO_NONE, sci.op);
	EXPECT_EQ(AUDIT_ARCH_X86_64, sci.arch);
	EXPECT_EQ(st.ip, sci.instruction_pointer);
	EXPECT_EQ(st.sp, sci.stack_pointer);
	EXPECT_TRUE(untouched_from(&sci, SCI_NONE));
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSCALL, &st);
	get_sci(_metadata, self->p, tid, &sci, SCI_NONE);
	EXPECT_EQ(PTRACE_SYSCALL_INFO_NONE, sci.op);
	/* With the option set at this stop, the next ones are described. */
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_TRACESYSGOOD |
				      PTRAP_O_EXITKILL));
	get_sci(_metadata, self->p, tid, &sci, SCI_NONE);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_ENTER,
		     ST_SYSGOOD, &st);
	get_sci(_metadata, self->p, tid, &sci, SCI_ENTRY);
	EXPECT_EQ(SYS_write, sci.entry.nr);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, syscall_info_other_stops)
{
	struct ptrace_syscall_info sci;
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(PTRAP_O_TRACESYSGOOD, "--child-raise", SIGUSR1);
	/* The exec stop and a signal stop: no syscall to describe. */
	get_sci(_metadata, self->p, tid, &sci, SCI_NONE);
	EXPECT_EQ(PTRACE_SYSCALL_INFO_NONE, sci.op);
	EXPECT_EQ(AUDIT_ARCH_X86_64, sci.arch);
	EXPECT_NE(0, sci.instruction_pointer);
	cont_to_signal(_metadata, self->p, tid, SIGUSR1, &st);
	get_sci(_metadata, self->p, tid, &sci, SCI_NONE);
	EXPECT_EQ(PTRACE_SYSCALL_INFO_NONE, sci.op);
	EXPECT_EQ(st.ip, sci.instruction_pointer);
	EXPECT_EQ(st.sp, sci.stack_pointer);
	EXPECT_TRUE(untouched_from(&sci, SCI_NONE));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, syscall_info_truncation)
{
	static const size_t sizes[] = { 1, 4, 8, 23, 24, 25, 40, 79 };
	struct ptrace_syscall_info full, part;
	unsigned char big[256];
	struct ptrap_stop st;
	size_t i, size;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN1(PTRAP_O_TRACESYSGOOD, "--child-getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSGOOD, &st);
	get_sci(_metadata, self->p, tid, &full, SCI_ENTRY);
	/* Any size: at most that much written, the full size returned. */
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(&part, 0xaa, sizeof(part));
		size = sizes[i];
		ASSERT_EQ(0, ptrap_get_syscall_info(self->p, tid, &part,
						    &size));
		EXPECT_EQ(SCI_ENTRY, size);
		EXPECT_EQ(0, memcmp(&full, &part, sizes[i]))
			TH_LOG("size %zu", sizes[i]);
		EXPECT_TRUE(untouched_from(&part, sizes[i]))
			TH_LOG("size %zu", sizes[i]);
	}
	/* Size 0: nothing written, a NULL buffer is fine. */
	size = 0;
	ASSERT_EQ(0, ptrap_get_syscall_info(self->p, tid, NULL, &size));
	EXPECT_EQ(SCI_ENTRY, size);
	/* Larger than the struct: the rest is left alone. */
	memset(big, 0xaa, sizeof(big));
	size = sizeof(big);
	ASSERT_EQ(0, ptrap_get_syscall_info(self->p, tid,
					    (struct ptrace_syscall_info *)big,
					    &size));
	EXPECT_EQ(SCI_ENTRY, size);
	EXPECT_EQ(0, memcmp(&full, big, SCI_ENTRY));
	EXPECT_EQ(0xaa, big[SCI_ENTRY]);
	EXPECT_EQ(0xaa, big[sizeof(big) - 1]);
	size = 8;
	EXPECT_EQ(-EFAULT, ptrap_get_syscall_info(self->p, tid, NULL, &size));
	EXPECT_EQ(-EFAULT, ptrap_get_syscall_info(self->p, tid, &part, NULL));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, syscall_info_follows_siginfo)
{
	struct ptrace_syscall_info sci;
	struct ptrap_stop st;
	siginfo_t si;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN1(PTRAP_O_TRACESYSGOOD, "--child-getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSGOOD, &st);
	/* ptrace goes by the siginfo's si_code, even one set by SETSIGINFO. */
	trap_info(&si, SIGTRAP, tid);
	ASSERT_EQ(0, ptrap_setsiginfo(self->p, tid, &si));
	get_sci(_metadata, self->p, tid, &sci, SCI_NONE);
	EXPECT_EQ(PTRACE_SYSCALL_INFO_NONE, sci.op);
	trap_info(&si, SIGTRAP | 0x80, tid);
	ASSERT_EQ(0, ptrap_setsiginfo(self->p, tid, &si));
	get_sci(_metadata, self->p, tid, &sci, SCI_ENTRY);
	EXPECT_EQ(SYS_getppid, sci.entry.nr);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSGOOD, &st);
	get_sci(_metadata, self->p, tid, &sci, SCI_EXIT);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

/* ================= PEEKUSER / POKEUSER ================= */

/* The "write" tracee at write's entry stop. */
static pid_t write_tracee(struct __test_metadata *_metadata,
			  FIXTURE_DATA(req) *self, int *wfd, int *rfd)
{
	struct ptrap_stop st;
	int wp[2], rp[2];
	pid_t tid;

	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN2(0, "--child-write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSCALL, &st);
	*wfd = wp[0];
	*rfd = rp[0];
	return tid;
}

TEST_F(req, peekuser_regs)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	const uint64_t *w = (const uint64_t *)&regs;
	uint64_t v;
	size_t off;
	pid_t tid;
	int wfd, rfd;

	NEED_SESSION();
	tid = write_tracee(_metadata, self, &wfd, &rfd);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	for (off = 0; off < sizeof(regs); off += 8) {
		v = 0x5a5a;
		ASSERT_EQ(0, ptrap_peekuser(self->p, tid, off, &v));
		EXPECT_EQ(w[off / 8], v) TH_LOG("offset %zu", off);
	}
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UREG(orig_rax), &v));
	EXPECT_EQ(SYS_write, v);
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UREG(rax), &v));
	EXPECT_EQ((uint64_t)-ENOSYS, v);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UREG(rax), &v));
	EXPECT_EQ(5, v);
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UREG(rip), &v));
	EXPECT_EQ(st.ip, v);
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UREG(rsp), &v));
	EXPECT_EQ(st.sp, v);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, pokeuser_skips_syscall)
{
	struct pt_write_report rep;
	size_t junk = 0;
	uint64_t v;
	pid_t tid;
	int wfd, rfd;

	NEED_SESSION();
	tid = write_tracee(_metadata, self, &wfd, &rfd);
	/* orig_rax -1 skips the syscall; rax is what the tracee sees. */
	ASSERT_EQ(0, ptrap_pokeuser(self->p, tid, UREG(orig_rax), -1ULL));
	ASSERT_EQ(0, ptrap_pokeuser(self->p, tid, UREG(rax), 42));
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UREG(orig_rax), &v));
	EXPECT_EQ(-1ULL, v);
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UREG(rax), &v));
	EXPECT_EQ(42, v);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rfd, &rep, sizeof(rep)));
	EXPECT_EQ(42, rep.n);
	ASSERT_EQ(0, pt_wait_eof(wfd, &junk));
	EXPECT_EQ(0, junk);
}

TEST_F(req, pokeuser_changes_argument)
{
	struct pt_write_report rep;
	char buf[8] = { 0 };
	size_t more = 0;
	pid_t tid;
	int wfd, rfd;

	NEED_SESSION();
	tid = write_tracee(_metadata, self, &wfd, &rfd);
	ASSERT_EQ(0, ptrap_pokeuser(self->p, tid, UREG(rdx), 3));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(3, pt_read_full(wfd, buf, 3));
	EXPECT_EQ(0, memcmp(buf, "hel", 3));
	ASSERT_EQ(0, pt_wait_eof(wfd, &more));
	EXPECT_EQ(0, more);
	ASSERT_EQ(sizeof(rep), pt_read_full(rfd, &rep, sizeof(rep)));
	EXPECT_EQ(3, rep.n);
}

TEST_F(req, peekuser_area)
{
	uint64_t v;
	size_t off;
	pid_t tid;
	int wfd, rfd, n;

	NEED_SESSION();
	tid = write_tracee(_metadata, self, &wfd, &rfd);
	/* Past the registers: 0, but for the debug registers. */
	for (off = sizeof(struct user_regs_struct); off < UDR(0); off += 8) {
		v = 0x5a5a;
		ASSERT_EQ(0, ptrap_peekuser(self->p, tid, off, &v));
		EXPECT_EQ(0, v) TH_LOG("offset %zu", off);
	}
	/* No breakpoints set: dr6 reads as its reserved bits. */
	for (n = 0; n < 8; n++) {
		v = 0x5a5a;
		ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UDR(n), &v));
		EXPECT_EQ(n == 6 ? 0xffff0ff0ULL : 0, v) TH_LOG("dr%d", n);
	}
	/* The kernel's struct user goes 16 bytes past glibc's. */
	EXPECT_EQ(912, sizeof(struct user));
	for (off = sizeof(struct user); off < KUSER_SIZE; off += 8) {
		v = 0x5a5a;
		EXPECT_EQ(0, ptrap_peekuser(self->p, tid, off, &v));
		EXPECT_EQ(0, v);
	}
	EXPECT_EQ(-EIO, ptrap_peekuser(self->p, tid, KUSER_SIZE, &v));
	EXPECT_EQ(-EIO, ptrap_peekuser(self->p, tid, KUSER_SIZE + 8, &v));
	EXPECT_EQ(-EIO, ptrap_peekuser(self->p, tid, 1ULL << 40, &v));
	EXPECT_EQ(-EIO, ptrap_peekuser(self->p, tid, -8ULL, &v));
	EXPECT_EQ(-EIO, ptrap_peekuser(self->p, tid, 3, &v));
	EXPECT_EQ(-EIO, ptrap_peekuser(self->p, tid, UREG(rax) + 4, &v));
	EXPECT_EQ(-EIO, ptrap_peekuser(self->p, tid, UDR(7) + 1, &v));
	EXPECT_EQ(-EFAULT, ptrap_peekuser(self->p, tid, 0, NULL));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, pokeuser_refused)
{
	struct user_regs_struct before, after;
	uint64_t v;
	pid_t tid;
	int wfd, rfd, r;

	NEED_SESSION();
	tid = write_tracee(_metadata, self, &wfd, &rfd);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &before));
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid, 3, 0));
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid, UREG(rdx) + 4, 0));
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid,
				       sizeof(struct user_regs_struct), 0));
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid, UDR(0) - 8, 0));
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid, sizeof(struct user), 0));
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid, KUSER_SIZE, 0));
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid, -8ULL, 0));
	/* Values the kernel refuses: a bad selector, a bad base. */
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid, UREG(cs), 0x1234));
	EXPECT_EQ(-EIO, ptrap_pokeuser(self->p, tid, UREG(fs_base),
				       1ULL << 63));
	/*
	 * The debug registers: ptrace sets them; the module does not
	 * (documented deviation: it would have to register breakpoints).
	 */
	r = ptrap_pokeuser(self->p, tid, UDR(7), 0);
	EXPECT_EQ(self->module ? -EIO : 0, r);
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UDR(7), &v));
	EXPECT_EQ(0, v);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &after));
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

/* ================= FP and XSTATE register sets ================= */

static void fill(unsigned char *p, size_t n, unsigned char seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + 13 * i);
}

/*
 * The XSTATE size ptrace(2) gives, by ptrace in this process (a child of
 * ours that stops itself), for comparison: > 0, or -errno.
 */
static long ref_xstate_len(void)
{
	static unsigned char buf[65536];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	int status;
	long ret;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) == 0)
			raise(SIGSTOP);
		_exit(0);
	}
	ret = -ECHILD;
	if (waitpid(pid, &status, __WALL) == pid && WIFSTOPPED(status)) {
		ret = ptrace(PTRACE_GETREGSET, pid, NT_X86_XSTATE, &iov);
		ret = ret < 0 ? -errno : (long)iov.iov_len;
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR)
		;
	return ret;
}

/* Offset of the AVX (ymm upper halves) state in the XSAVE layout. */
static unsigned int avx_offset(void)
{
	unsigned int a, b, c, d;

	__cpuid_count(0xd, 2, a, b, c, d);
	(void)a;
	(void)c;
	(void)d;
	return b;
}

/* The "xmm" tracee at its own getppid's entry stop. */
static pid_t xmm_tracee(struct __test_metadata *_metadata,
			FIXTURE_DATA(req) *self, int *rfd)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	mkpipe(_metadata, self, rp);
	tid = SPAWN1(0, "--req-xmm", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	*rfd = rp[0];
	return tid;
}

TEST_F(req, fpregs_roundtrip)
{
	unsigned char fx[512 + 64], back[512], pat[16], rep[64];
	uint16_t fcw;
	uint32_t mxcsr;
	size_t len;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = xmm_tracee(_metadata, self, &rfd);
	len = sizeof(fx);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_PRFPREG, fx, &len));
	ASSERT_EQ(512, len);
	ASSERT_EQ(512, sizeof(struct user_fpregs_struct));
	/* A fresh process: the default control words. */
	memcpy(&fcw, fx, 2);
	memcpy(&mxcsr, fx + 24, 4);
	EXPECT_EQ(0x37f, fcw);
	EXPECT_EQ(0x1f80, mxcsr);
	fill(pat, sizeof(pat), 0x31);
	memcpy(fx + FX_XMM(15), pat, sizeof(pat));
	len = 512;
	ASSERT_EQ(0, ptrap_setregset(self->p, tid, NT_PRFPREG, fx, &len));
	EXPECT_EQ(512, len);
	len = sizeof(back);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_PRFPREG, back, &len));
	ASSERT_EQ(512, len);
	EXPECT_EQ(0, memcmp(fx, back, 512));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rfd, rep, sizeof(rep)));
	/* The tracee runs on with the new xmm15. */
	EXPECT_EQ(0, memcmp(rep + 16, pat, sizeof(pat)));
}

TEST_F(req, fpregs_lengths)
{
	unsigned char fx[512], part[64];
	size_t len;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = xmm_tracee(_metadata, self, &rfd);
	len = sizeof(fx);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_PRFPREG, fx, &len));
	memset(part, 0x5a, sizeof(part));
	len = 16;
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_PRFPREG, part, &len));
	EXPECT_EQ(16, len);
	EXPECT_EQ(0, memcmp(fx, part, 16));
	EXPECT_EQ(0x5a, part[16]);
	len = 7;
	EXPECT_EQ(-EINVAL, ptrap_getregset(self->p, tid, NT_PRFPREG, part,
					   &len));
	/* Only the whole FXSAVE area may be set (ptrace: EINVAL). */
	len = 16;
	EXPECT_EQ(-EINVAL, ptrap_setregset(self->p, tid, NT_PRFPREG, fx,
					   &len));
	len = 511;
	EXPECT_EQ(-EINVAL, ptrap_setregset(self->p, tid, NT_PRFPREG, fx,
					   &len));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

TEST_F(req, xstate_roundtrip)
{
	static unsigned char xs[65536], back[65536];
	unsigned char pat[16], hi[16], rep[64];
	int avx = __builtin_cpu_supports("avx");
	unsigned int avx_off = avx ? avx_offset() : 0;
	uint64_t bv;
	long ref;
	size_t len, full;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	ref = ref_xstate_len();
	ASSERT_LT(0, ref) TH_LOG("ptrace GETREGSET XSTATE: %s",
				 strerror(-ref));
	tid = xmm_tracee(_metadata, self, &rfd);
	len = sizeof(xs);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_X86_XSTATE, xs, &len));
	/* The size ptrace gives, on this machine. */
	EXPECT_EQ((size_t)ref, len);
	ASSERT_LE(576, len);
	full = len;
	fill(pat, sizeof(pat), 0x47);
	fill(hi, sizeof(hi), 0x93);
	memcpy(xs + FX_XMM(14), pat, sizeof(pat));
	memcpy(&bv, xs + XSTATE_BV_OFF, 8);
	bv |= 2;			/* SSE state present */
	if (avx && avx_off + 16 * 15 <= full) {
		bv |= 4;		/* AVX state present */
		memcpy(xs + avx_off + 16 * 14, hi, sizeof(hi));
	}
	memcpy(xs + XSTATE_BV_OFF, &bv, 8);
	len = full;
	ASSERT_EQ(0, ptrap_setregset(self->p, tid, NT_X86_XSTATE, xs, &len));
	EXPECT_EQ(full, len);
	len = sizeof(back);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_X86_XSTATE, back,
				     &len));
	ASSERT_EQ(full, len);
	EXPECT_EQ(0, memcmp(back + FX_XMM(14), pat, sizeof(pat)));
	if (bv & 4)
		EXPECT_EQ(0, memcmp(back + avx_off + 16 * 14, hi,
				    sizeof(hi)));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rfd, rep, sizeof(rep)));
	EXPECT_EQ(0, memcmp(rep, pat, sizeof(pat)));
	if (bv & 4) {
		EXPECT_EQ(0, memcmp(rep + 32, pat, sizeof(pat)));
		EXPECT_EQ(0, memcmp(rep + 48, hi, sizeof(hi)));
	}
}

TEST_F(req, xstate_lengths)
{
	static unsigned char xs[65536];
	unsigned char part[64];
	size_t len, full;
	pid_t tid;
	int rfd;

	NEED_SESSION();
	tid = xmm_tracee(_metadata, self, &rfd);
	len = sizeof(xs);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_X86_XSTATE, xs, &len));
	full = len;
	memset(part, 0x5a, sizeof(part));
	len = 24;
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_X86_XSTATE, part,
				     &len));
	EXPECT_EQ(24, len);
	EXPECT_EQ(0, memcmp(xs, part, 24));
	EXPECT_EQ(0x5a, part[24]);
	len = 12;
	EXPECT_EQ(-EINVAL, ptrap_getregset(self->p, tid, NT_X86_XSTATE, part,
					   &len));
	/* Only the whole XSAVE area may be set (ptrace: EFAULT). */
	len = 512;
	EXPECT_EQ(-EFAULT, ptrap_setregset(self->p, tid, NT_X86_XSTATE, xs,
					   &len));
	len = full - 8;
	EXPECT_EQ(-EFAULT, ptrap_setregset(self->p, tid, NT_X86_XSTATE, xs,
					   &len));
	/* Set whole and unchanged: fine. */
	len = full;
	EXPECT_EQ(0, ptrap_setregset(self->p, tid, NT_X86_XSTATE, xs, &len));
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

/* ================= event stops and auto-attached children ================= */

TEST_F(req, event_fork)
{
	struct ptrace_syscall_info sci;
	struct ptrap_stop ps, cs;
	size_t size = sizeof(sci);
	int32_t rep[2];
	uint64_t msg = 0;
	siginfo_t si;
	pid_t tid, child;
	int rp[2];

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN1(0, "--req-fork", rp[1]);
	NEED_OPTIONS(tid, PTRAP_O_TRACEFORK);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC(ps);
	/* The first record may be the child's: find the parent's. */
	if (ps.tid != tid) {
		cs = ps;
		NEXT_REC(ps);
	} else {
		memset(&cs, 0, sizeof(cs));
	}
	ASSERT_STOP(ps, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_FORK), tid);
	child = ps.msg;
	ASSERT_LT(0, child);
	ASSERT_EQ(0, ptrap_geteventmsg(self->p, tid, &msg));
	EXPECT_EQ((uint64_t)child, msg);
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &si));
	EXPECT_EQ(SIGTRAP, si.si_signo);
	EXPECT_EQ(SIGTRAP | (PTRAP_EVENT_FORK << 8), si.si_code);
	ASSERT_EQ(0, ptrap_get_syscall_info(self->p, tid, &sci, &size));
	EXPECT_EQ(SCI_NONE, size);
	/* The child: auto-attached, stopped by SIGSTOP, our tracee. */
	if (!cs.kind)
		NEXT_REC(cs);
	ASSERT_STOP(cs, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), child);
	EXPECT_EQ(child, cs.tgid);
	ASSERT_EQ(0, ptrap_geteventmsg(self->p, child, &msg));
	EXPECT_EQ(0, msg);
	cont_to_exit(_metadata, self->p, child, 0, 5);
	cont_to_exit_after_child(_metadata, self, tid, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], rep, sizeof(rep)));
	EXPECT_EQ(child, rep[0]);
	EXPECT_EQ(ST_EXIT(5), (unsigned int)rep[1]);
}

/* A forked child that forks a grandchild (which exits 0) per byte. */
static pid_t start_forker(struct __test_metadata *_metadata,
			  FIXTURE_DATA(req) *self, int *to)
{
	int a[2];
	pid_t pid;

	ASSERT_EQ(0, pipe2(a, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char c;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		while (read(a[0], &c, 1) == 1) {
			pid_t gc = fork();

			if (gc == 0)
				_exit(0);
			while (gc > 0 && waitpid(gc, NULL, 0) < 0 &&
			       errno == EINTR)
				;
		}
		_exit(0);
	}
	close(a[0]);
	track_pid(self, pid);
	*to = track_fd(self, a[1]);
	return pid;
}

TEST_F(req, event_fork_seized)
{
	struct ptrap_stop ps, cs;
	uint64_t msg;
	siginfo_t si;
	pid_t pid, gc;
	int to, r;

	NEED_SESSION();
	pid = start_forker(_metadata, self, &to);
	r = ptrap_seize(self->p, pid, PTRAP_O_TRACEFORK);
	if (r == -EINVAL && self->module)
		SKIP(return, "module: TRACEFORK not implemented yet");
	ASSERT_EQ(0, r);
	ASSERT_EQ(0, pt_write_all(to, "f", 1));
	NEXT_REC(ps);
	if (ps.tid != pid) {
		cs = ps;
		NEXT_REC(ps);
	} else {
		memset(&cs, 0, sizeof(cs));
	}
	ASSERT_STOP(ps, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_FORK), pid);
	gc = ps.msg;
	ASSERT_LT(0, gc);
	if (!cs.kind)
		NEXT_REC(cs);
	/* Seized-ness is inherited: the child starts in PTRACE_EVENT_STOP. */
	ASSERT_STOP(cs, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_STOP), gc);
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, gc, &si));
	EXPECT_EQ(SIGTRAP, si.si_signo);
	EXPECT_EQ(SIGTRAP | (PTRAP_EVENT_STOP << 8), si.si_code);
	cont_to_exit(_metadata, self->p, gc, 0, 0);
	/* ptrace stops it for the SIGCHLD (see above). */
	cont_to_signal(_metadata, self->p, pid, SIGCHLD, &ps);
	ASSERT_EQ(0, ptrap_resume(self->p, pid, PTRAP_RESUME_CONT, 0));
	/* It waits for the next byte: running, nothing to report. */
	EXPECT_EQ(-ESRCH, ptrap_geteventmsg(self->p, pid, &msg));
}

TEST_F(req, event_exec)
{
	struct ptrap_stop st;
	uint64_t msg = 0;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN0(0, "--req-exec");
	NEED_OPTIONS(tid, PTRAP_O_TRACEEXEC);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_EXEC), tid);
	/* The message is the former tid: the same, single-threaded. */
	EXPECT_EQ((uint64_t)tid, st.msg);
	ASSERT_EQ(0, ptrap_geteventmsg(self->p, tid, &msg));
	EXPECT_EQ((uint64_t)tid, msg);
	/* With TRACEEXEC there is no SIGTRAP after the exec. */
	cont_to_exit(_metadata, self->p, tid, 0, 4);
}

TEST_F(req, event_exit)
{
	struct ptrace_syscall_info sci;
	struct ptrap_stop st;
	size_t size = sizeof(sci);
	uint64_t msg = 0;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "--child-exit", 7);
	NEED_OPTIONS(tid, PTRAP_O_TRACEEXIT);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_EXIT), tid);
	/* The message is the wait status it will exit with. */
	EXPECT_EQ(ST_EXIT(7), st.msg);
	ASSERT_EQ(0, ptrap_geteventmsg(self->p, tid, &msg));
	EXPECT_EQ(ST_EXIT(7), msg);
	ASSERT_EQ(0, ptrap_get_syscall_info(self->p, tid, &sci, &size));
	EXPECT_EQ(SCI_NONE, size);
	cont_to_exit(_metadata, self->p, tid, 0, 7);
}

TEST_F(req, event_vfork)
{
	struct ptrap_stop st;
	int pstep = 0, cstep = 0, i;
	uint64_t msg = 0;
	pid_t tid, child = 0;

	NEED_SESSION();
	tid = SPAWN0(0, "--req-vfork");
	NEED_OPTIONS(tid, PTRAP_O_TRACEVFORK | PTRAP_O_TRACEVFORKDONE);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	/*
	 * Each tracee's records in their order, the two interleaved as they
	 * come (ptrace: the VFORK stop first; the module: once the child has
	 * let go, README), every stop resumed at once. Parent: VFORK,
	 * VFORK_DONE (both with the child's tid), SIGCHLD, exit 0. Child:
	 * SIGSTOP, exit 6.
	 */
	for (i = 0; i < 6; i++) {
		NEXT_REC(st);
		if (st.tid == tid) {
			switch (pstep++) {
			case 0:
				ASSERT_STOP(st, PTRAP_STOP_EVENT,
					    ST_EVENT(PTRAP_EVENT_VFORK), tid);
				ASSERT_LT(0, (pid_t)st.msg);
				ASSERT_TRUE(!child || child == (pid_t)st.msg);
				child = st.msg;
				break;
			case 1:
				ASSERT_STOP(st, PTRAP_STOP_EVENT,
					    ST_EVENT(PTRAP_EVENT_VFORK_DONE),
					    tid);
				EXPECT_EQ((uint64_t)child, st.msg);
				ASSERT_EQ(0, ptrap_geteventmsg(self->p, tid,
							       &msg));
				EXPECT_EQ((uint64_t)child, msg);
				break;
			case 2:
				ASSERT_STOP(st, PTRAP_STOP_SIGNAL,
					    ST_STOP(SIGCHLD), tid);
				break;
			default:
				ASSERT_STOP(st, PTRAP_STOP_EXITED, 0, tid);
				continue;
			}
		} else {
			ASSERT_TRUE(!child || st.tid == child)
				TH_LOG(REC_FMT, REC_ARGS(st));
			child = st.tid;
			if (cstep++ == 0) {
				ASSERT_STOP(st, PTRAP_STOP_SIGNAL,
					    ST_STOP(SIGSTOP), child);
			} else {
				ASSERT_STOP(st, PTRAP_STOP_EXITED,
					    ST_EXIT(6), child);
				continue;
			}
		}
		ASSERT_EQ(0, ptrap_resume(self->p, st.tid, PTRAP_RESUME_CONT,
					  0));
	}
	EXPECT_EQ(4, pstep);
	EXPECT_EQ(2, cstep);
}

TEST_F(req, event_clone_thread)
{
	struct ptrap_stop ps, ts;
	pid_t tid, thr;

	NEED_SESSION();
	tid = SPAWN0(0, "--req-thread");
	NEED_OPTIONS(tid, PTRAP_O_TRACECLONE);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC(ps);
	if (ps.tid != tid) {
		ts = ps;
		NEXT_REC(ps);
	} else {
		memset(&ts, 0, sizeof(ts));
	}
	ASSERT_STOP(ps, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_CLONE), tid);
	thr = ps.msg;
	ASSERT_LT(0, thr);
	ASSERT_NE(tid, thr);
	if (!ts.kind)
		NEXT_REC(ts);
	/* A new thread of the same process, with its own stops. */
	ASSERT_STOP(ts, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), thr);
	EXPECT_EQ(tid, ts.tgid);
	cont_to_exit(_metadata, self->p, thr, 0, 0);
	cont_to_exit(_metadata, self->p, tid, 0, 0);
}

PT_HARNESS_MAIN(req_child_main)
