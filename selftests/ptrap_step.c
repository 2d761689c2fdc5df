// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap_step: PTRAP_RESUME_SINGLESTEP and PTRAP_RESUME_SYSEMU_SINGLESTEP
 * (x86-64), through libptrap, each case run under two variants of
 * FIXTURE(step):
 *
 *   stub_pool  real ptrace(2) (PTRAP_OPEN_STUBPOOL): the ground truth;
 *   module     /dev/ptrap (PTRAP_OPEN_MODULE): SKIPs when it is absent.
 *
 * The tracee is this binary re-executed as "--step-run RFD": it sends
 * itself SIGUSR2 by a syscall instruction of its own, which is followed by
 * a known sequence of instructions (st_run below), so that the
 * signal-delivery-stop for SIGUSR2 is at st_l0 and every later instruction
 * pointer is known relative to it. What the sequence computed (the flags
 * pushf saw, getppid's result, a handler having run) is reported through
 * a pipe when it is done, so that a stray trap (a SIGTRAP that kills the
 * tracee) shows as a missing report.
 *
 * What ptrace(2) shows, and the module must too: a step is a SIGTRAP
 * signal-delivery-stop with si_code TRAP_TRACE and si_addr the next
 * instruction; over a syscall instruction the stop comes at the syscall's
 * exit with si_code TRAP_BRKPT; into a signal handler it comes at the
 * handler's first instruction with si_code SIGTRAP (ptrace_notify()). The
 * trap flag the step sets is hidden from GETREGSET and PEEKUSER, not from
 * pushf.
 *
 * Synchronisation is by pipes only; every wait on a record is bounded
 * (PT_TIMEOUT_MS).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "ptrap_util.h"
#include "ptrap.h"
#include <linux/ptrap.h>
#include "kselftest_harness.h"
#include "ptrap_records.h"


#define X86_TF		0x100UL
#define UREG(r)		offsetof(struct user, regs.r)

#define MAX_KIDS	4
#define MAX_FDS		8

/* ---- the tracee's instruction sequence ---- */

/*
 * st_run(pid, out): kill(pid, SIGUSR2) by its own syscall instruction,
 * then st_l0 .. st_l9 (lengths in the comments); stores the flags pushf
 * saw, getppid's result and edx to out[0..2]. Uses caller-saved registers
 * only; r9 keeps @out over the syscalls (which clobber rcx and r11).
 */
extern void st_run(long pid, uint64_t *out);
extern const char st_l0[], st_l1[], st_l2[], st_l3[], st_l4[], st_l5[],
	st_l6[], st_l7[], st_l8[], st_l9[];

__asm__(
	"	.text\n"
	"	.globl st_run\n"
	"	.type st_run, @function\n"
	"st_run:\n"
	"	mov %rsi, %r9\n"
	"	mov $62, %eax\n"		/* SYS_kill */
	"	mov $12, %esi\n"		/* SIGUSR2 */
	"	syscall\n"
	"	.globl st_l0\n"
	"st_l0:	nop\n"				/* 1 */
	"	.globl st_l1\n"
	"st_l1:	mov $0x1234, %ecx\n"		/* 5 */
	"	.globl st_l2\n"
	"st_l2:	lea 1(%rcx), %edx\n"		/* 3 */
	"	.globl st_l3\n"
	"st_l3:	mov $110, %eax\n"		/* 5: SYS_getppid */
	"	.globl st_l4\n"
	"st_l4:	syscall\n"			/* 2 */
	"	.globl st_l5\n"
	"st_l5:	mov %rax, %r10\n"		/* 3 */
	"	.globl st_l6\n"
	"st_l6:	pushfq\n"			/* 1 */
	"	.globl st_l7\n"
	"st_l7:	pop %r8\n"			/* 2 */
	"	.globl st_l8\n"
	"st_l8:	nop\n"				/* 1 */
	"	.globl st_l9\n"
	"st_l9:	mov %r8, (%r9)\n"
	"	mov %r10, 8(%r9)\n"
	"	mov %rdx, 16(%r9)\n"
	"	ret\n"
	"	.size st_run, .-st_run\n");

/* What the tracee reports once st_run() is done. */
struct st_report {
	uint64_t flags;		/* what pushf pushed */
	uint64_t ax;		/* getppid's result (or the emulated one) */
	uint64_t dx;		/* 0x1235 */
	uint64_t handled;	/* SIGUSR1 handler runs */
};

static volatile sig_atomic_t st_handled;

static void st_handler(int sig)
{
	(void)sig;
	st_handled++;
}

/*
 *   --step-run RFD   handler for SIGUSR1; st_run(); report; exit 0
 */
static int step_child_main(int argc, char **argv)
{
	struct st_report rep;
	struct sigaction sa;
	uint64_t out[3];
	int rfd;

	if (argc < 3 || strcmp(argv[1], "--step-run"))
		return -1;
	rfd = atoi(argv[2]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = st_handler;
	sigaction(SIGUSR1, &sa, NULL);
	st_run(getpid(), out);
	memset(&rep, 0, sizeof(rep));
	rep.flags = out[0];
	rep.ax = out[1];
	rep.dx = out[2];
	rep.handled = st_handled;
	if (pt_write_all(rfd, &rep, sizeof(rep)))
		return 120;
	return 0;
}

/* ---- records (and ptrap_records.h) ---- */

#define NO_REC() do { \
	struct ptrap_stop __st; \
	memset(&__st, 0, sizeof(__st)); \
	ASSERT_EQ(-EAGAIN, ptrap_wait(self->p, &__st, 1)) \
		TH_LOG("unexpected " REC_FMT, REC_ARGS(__st)); \
} while (0)

/* ---- fixture ---- */

FIXTURE(step) {
	struct ptrap *p;
	int skip;
	int module;
	int nkids, nfds;
	pid_t kids[MAX_KIDS];
	int fds[MAX_FDS];
	int rfd;		/* the tracee's report pipe */
	uint64_t l0;		/* st_l0 in the tracee */
};

FIXTURE_VARIANT(step) {
	unsigned int open_flags;
	const char *name;
};

FIXTURE_VARIANT_ADD(step, stub_pool) {
	.open_flags = PTRAP_OPEN_STUBPOOL,
	.name = "stub-pool",
};

FIXTURE_VARIANT_ADD(step, module) {
	.open_flags = PTRAP_OPEN_MODULE,
	.name = "module",
};

FIXTURE_SETUP(step)
{
	int r;

	pt_self_exe();
	self->rfd = -1;
	self->module = !!(variant->open_flags & PTRAP_OPEN_MODULE);
	r = ptrap_open(&self->p, variant->open_flags);
	if (r == -ENOENT && self->module) {
		self->skip = 1;
		SKIP(return, "ptrap module not loaded: /dev/ptrap absent");
	}
	ASSERT_EQ(0, r) TH_LOG("ptrap_open(%s): %s", variant->name,
			       strerror(-r));
	ASSERT_STREQ(variant->name, ptrap_backend_name(self->p));
}

FIXTURE_TEARDOWN(step)
{
	int i;

	for (i = 0; i < self->nkids; i++)
		if (pt_unreaped_child(self->kids[i]))
			kill(self->kids[i], SIGKILL);
	ptrap_close(self->p);
	for (i = 0; i < self->nkids; i++)
		pt_kill_reap(self->kids[i]);
	for (i = 0; i < self->nfds; i++)
		if (self->fds[i] >= 0)
			close(self->fds[i]);
}

/* The 6.1 harness runs the body after a SKIP in FIXTURE_SETUP. */
#define NEED_SESSION() do { if (self->skip) return; } while (0)

/* Where label @l is in the tracee (the same binary: same offsets). */
#define AT(l)	(self->l0 + (uint64_t)((uintptr_t)(l) - (uintptr_t)st_l0))

/*
 * Spawn "--step-run" with @opts, take the post-exec SIGTRAP, run it to its
 * SIGUSR2 (at st_l0) and leave it stopped there.
 */
static pid_t spawn_at_l0(struct __test_metadata *_metadata,
			 FIXTURE_DATA(step) *self, uint64_t opts)
{
	struct ptrap_stop st;
	char num[16];
	char *argv[4];
	pid_t tid = -1;
	int rp[2], r;

	ASSERT_EQ(0, pipe2(rp, O_CLOEXEC));
	self->fds[self->nfds++] = rp[0];
	self->rfd = rp[0];
	fcntl(rp[1], F_SETFD, 0);
	snprintf(num, sizeof(num), "%d", rp[1]);
	argv[0] = (char *)pt_self_exe();
	argv[1] = "--step-run";
	argv[2] = num;
	argv[3] = NULL;
	r = ptrap_spawn(self->p, argv[0], argv, NULL, opts, &tid);
	close(rp[1]);
	ASSERT_EQ(0, r) TH_LOG("ptrap_spawn: %s", strerror(-r));
	ASSERT_LT(0, tid);
	if (self->nkids < MAX_KIDS)
		self->kids[self->nkids++] = tid;
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR2), tid);
	self->l0 = st.ip;
	ASSERT_NE(0, self->l0);
	return tid;
}

#define SPAWN()		spawn_at_l0(_metadata, self, PTRAP_O_EXITKILL)

/* The general registers at the current stop; the record's ip agrees. */
static void get_regs(struct __test_metadata *_metadata,
		     FIXTURE_DATA(step) *self, pid_t tid,
		     struct user_regs_struct *regs)
{
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, regs));
}

/*
 * Resume @tid with @mode and @sig and expect a step's SIGTRAP stop at
 * @ip, with si_code @code (si_addr @ip too for the hardware's codes).
 */
static void step_to(struct __test_metadata *_metadata,
		    FIXTURE_DATA(step) *self, pid_t tid, unsigned int mode,
		    int sig, uint64_t ip, int code)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	siginfo_t si, gsi;

	ASSERT_EQ(0, ptrap_resume(self->p, tid, mode, sig));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), tid);
	EXPECT_EQ(ip, st.ip) TH_LOG("ip %#llx, expected %#llx (l0 %#llx)",
				    (unsigned long long)st.ip,
				    (unsigned long long)ip,
				    (unsigned long long)self->l0);
	memcpy(&si, st.siginfo, sizeof(si));
	EXPECT_EQ(SIGTRAP, si.si_signo);
	EXPECT_EQ(0, si.si_errno);
	EXPECT_EQ(code, si.si_code);
	if (code == TRAP_TRACE || code == TRAP_BRKPT) {
		EXPECT_EQ(ip, (uint64_t)(uintptr_t)si.si_addr);
	} else {
		/* ptrace_notify(): from the tracee itself. */
		EXPECT_EQ(tid, si.si_pid);
		EXPECT_EQ(getuid(), si.si_uid);
	}
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, tid, &gsi));
	EXPECT_EQ(0, memcmp(&si, &gsi, sizeof(si)));
	get_regs(_metadata, self, tid, &regs);
	ASSERT_EQ(ip, regs.rip);
	EXPECT_EQ(0, regs.eflags & X86_TF);
}

#define STEP(ip, code) \
	step_to(_metadata, self, tid, PTRAP_RESUME_SINGLESTEP, 0, (ip), (code))

/* Take the tracee's report: it has run st_run() to its end. */
static void take_report(struct __test_metadata *_metadata,
			FIXTURE_DATA(step) *self, struct st_report *rep)
{
	ssize_t n = pt_read_full(self->rfd, rep, sizeof(*rep));

	ASSERT_EQ((ssize_t)sizeof(*rep), n)
		TH_LOG("no report from the tracee (%zd): killed by a stray trap?",
		       n);
}

/* Resume with CONT; the tracee runs to its end: report, then EXITED 0. */
static void cont_to_end(struct __test_metadata *_metadata,
			FIXTURE_DATA(step) *self, pid_t tid,
			struct st_report *rep)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), tid);
	take_report(_metadata, self, rep);
}

/* ================= cases ================= */

/* One step from a signal-delivery-stop: one instruction (a 1-byte nop). */
TEST_F(step, one_instruction)
{
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	STEP(AT(st_l1), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(0x1235, rep.dx);
}

/* Consecutive steps over instructions of different lengths. */
TEST_F(step, consecutive)
{
	struct user_regs_struct regs;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	STEP(AT(st_l1), TRAP_TRACE);
	STEP(AT(st_l2), TRAP_TRACE);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_EQ(0x1234, regs.rcx);
	STEP(AT(st_l3), TRAP_TRACE);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_EQ(0x1235, regs.rdx);
	STEP(AT(st_l4), TRAP_TRACE);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_EQ(SYS_getppid, regs.rax);
	cont_to_end(_metadata, self, tid, &rep);
}

/* Over a syscall instruction: no syscall stop, the trap at its exit. */
TEST_F(step, over_syscall)
{
	struct user_regs_struct regs;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	STEP(AT(st_l1), TRAP_TRACE);
	STEP(AT(st_l2), TRAP_TRACE);
	STEP(AT(st_l3), TRAP_TRACE);
	STEP(AT(st_l4), TRAP_TRACE);
	STEP(AT(st_l5), TRAP_BRKPT);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_EQ(SYS_getppid, regs.orig_rax);
	EXPECT_LT(0, (long)regs.rax);
	STEP(AT(st_l6), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(regs.rax, rep.ax);
}

/* SINGLESTEP from a syscall-enter-stop: the syscall runs, then the trap. */
TEST_F(step, from_syscall_enter)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL |
						     PTRAP_O_TRACESYSGOOD));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSGOOD, tid);
	ASSERT_EQ(SYS_getppid, st.nr);
	ASSERT_EQ(AT(st_l5), st.ip);
	STEP(AT(st_l5), TRAP_BRKPT);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_LT(0, (long)regs.rax);
	STEP(AT(st_l6), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(regs.rax, rep.ax);
}

/* SINGLESTEP from a syscall-exit-stop: the next instruction. */
TEST_F(step, from_syscall_exit)
{
	struct ptrap_stop st;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL |
						     PTRAP_O_TRACESYSGOOD));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSGOOD, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSGOOD, tid);
	ASSERT_EQ(AT(st_l5), st.ip);
	STEP(AT(st_l6), TRAP_TRACE);
	STEP(AT(st_l7), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(0x1235, rep.dx);
}

/*
 * SYSEMU_SINGLESTEP: ordinary instructions step; the syscall instruction
 * stops at its entry and is not executed (ax is what the supervisor
 * leaves); resumed again, the next stop is after the next instruction.
 */
TEST_F(step, sysemu_singlestep)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL |
						     PTRAP_O_TRACESYSGOOD));
	step_to(_metadata, self, tid, PTRAP_RESUME_SYSEMU_SINGLESTEP, 0,
		AT(st_l1), TRAP_TRACE);
	step_to(_metadata, self, tid, PTRAP_RESUME_SYSEMU_SINGLESTEP, 0,
		AT(st_l2), TRAP_TRACE);
	step_to(_metadata, self, tid, PTRAP_RESUME_SYSEMU_SINGLESTEP, 0,
		AT(st_l3), TRAP_TRACE);
	step_to(_metadata, self, tid, PTRAP_RESUME_SYSEMU_SINGLESTEP, 0,
		AT(st_l4), TRAP_TRACE);
	ASSERT_EQ(0, ptrap_resume(self->p, tid,
				  PTRAP_RESUME_SYSEMU_SINGLESTEP, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSGOOD, tid);
	ASSERT_EQ(SYS_getppid, st.nr);
	ASSERT_EQ(AT(st_l5), st.ip);
	get_regs(_metadata, self, tid, &regs);
	regs.rax = 777;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	step_to(_metadata, self, tid, PTRAP_RESUME_SYSEMU_SINGLESTEP, 0,
		AT(st_l6), TRAP_TRACE);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_EQ(777, regs.r10);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(777, rep.ax);
}

/*
 * SINGLESTEP from the entry stop of SYSEMU_SINGLESTEP: the syscall stays
 * emulated, and the step is reported at its exit (TRAP_BRKPT).
 */
TEST_F(step, sysemu_entry_then_singlestep)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL |
						     PTRAP_O_TRACESYSGOOD));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSEMU, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSGOOD, tid);
	ASSERT_EQ(SYS_getppid, st.nr);
	get_regs(_metadata, self, tid, &regs);
	regs.rax = 4321;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	STEP(AT(st_l5), TRAP_BRKPT);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_EQ(4321, regs.rax);
	STEP(AT(st_l6), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(4321, rep.ax);
}

/*
 * SYSEMU_SINGLESTEP from the entry stop of SYSCALL: the syscall still runs
 * (it was not entered in SYSEMU mode), its exit is no step of its own, and
 * the next stop is after the next instruction.
 */
TEST_F(step, sysemu_singlestep_from_syscall_enter)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL |
						     PTRAP_O_TRACESYSGOOD));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSGOOD, tid);
	ASSERT_EQ(SYS_getppid, st.nr);
	step_to(_metadata, self, tid, PTRAP_RESUME_SYSEMU_SINGLESTEP, 0,
		AT(st_l6), TRAP_TRACE);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_LT(0, (long)regs.r10);
	EXPECT_EQ(regs.rax, regs.r10);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(regs.r10, rep.ax);
}

/*
 * The supervisor skips the syscall at its entry stop (orig_rax -1) and
 * steps: not executed, ax as it left it, the step reported at the exit.
 */
TEST_F(step, skipped_syscall_then_step)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL |
						     PTRAP_O_TRACESYSGOOD));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSGOOD, tid);
	get_regs(_metadata, self, tid, &regs);
	regs.orig_rax = -1;
	regs.rax = 99;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	STEP(AT(st_l5), TRAP_BRKPT);
	get_regs(_metadata, self, tid, &regs);
	EXPECT_EQ(99, regs.rax);
	STEP(AT(st_l6), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(99, rep.ax);
}

/*
 * The trap flag of a step is hidden from the flags the supervisor reads
 * (GETREGSET, PEEKUSER), not from the tracee's own pushf; after CONT it is
 * gone.
 */
TEST_F(step, tf_hidden)
{
	struct user_regs_struct regs, rs;
	struct st_report rep;
	uint64_t fl;
	size_t len;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	STEP(AT(st_l1), TRAP_TRACE);
	memset(&rs, 0, sizeof(rs));
	len = sizeof(rs);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_PRSTATUS, &rs, &len));
	ASSERT_EQ(sizeof(rs), len);
	EXPECT_EQ(0, rs.eflags & X86_TF);
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid, UREG(eflags), &fl));
	EXPECT_EQ(0, fl & X86_TF);
	EXPECT_EQ(rs.eflags, fl);
	/* Writing the flags back keeps the step going. */
	ASSERT_EQ(0, ptrap_pokeuser(self->p, tid, UREG(eflags), fl));
	STEP(AT(st_l2), TRAP_TRACE);
	get_regs(_metadata, self, tid, &regs);
	regs.rip = AT(st_l6);
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	STEP(AT(st_l7), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
	/* pushf ran with TF set: ptrace does not hide it there. */
	EXPECT_EQ(X86_TF, rep.flags & X86_TF);
}

/* CONT after steps: no further trap, and the flags are clean again. */
TEST_F(step, cont_after_step)
{
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	STEP(AT(st_l1), TRAP_TRACE);
	STEP(AT(st_l2), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
	NO_REC();
	EXPECT_EQ(0, rep.flags & X86_TF);
	EXPECT_EQ(0x1235, rep.dx);
	EXPECT_LT(0, (long)rep.ax);
}

/* SYSCALL after a step: syscall stops only, no trap after instructions. */
TEST_F(step, syscall_after_step)
{
	struct ptrap_stop st;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL |
						     PTRAP_O_TRACESYSGOOD));
	STEP(AT(st_l1), TRAP_TRACE);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSGOOD, tid);
	ASSERT_EQ(SYS_getppid, st.nr);
	ASSERT_EQ(AT(st_l5), st.ip);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSGOOD, tid);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(0, rep.flags & X86_TF);
}

/*
 * A signal given with SINGLESTEP goes to its handler, and the tracee stops
 * at the handler's first instruction (SIGTRAP, si_code SIGTRAP); the
 * handler then runs and returns normally.
 */
TEST_F(step, signal_into_handler)
{
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	step_to(_metadata, self, tid, PTRAP_RESUME_SINGLESTEP, SIGUSR1,
		AT(st_handler), SIGTRAP);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(1, rep.handled);
	EXPECT_EQ(0, rep.flags & X86_TF);
}

/* From the handler stop, stepping goes on inside the handler. */
TEST_F(step, step_in_handler)
{
	struct ptrap_stop st;
	struct st_report rep;
	siginfo_t si;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	STEP(AT(st_l1), TRAP_TRACE);
	/* A signal from a step's stop replaces the SIGTRAP. */
	step_to(_metadata, self, tid, PTRAP_RESUME_SINGLESTEP, SIGUSR1,
		AT(st_handler), SIGTRAP);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SINGLESTEP, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), tid);
	memcpy(&si, st.siginfo, sizeof(si));
	EXPECT_EQ(TRAP_TRACE, si.si_code);
	EXPECT_EQ(st.ip, (uint64_t)(uintptr_t)si.si_addr);
	EXPECT_LT(AT(st_handler), st.ip);
	EXPECT_GT(AT(st_handler) + 16, st.ip);
	cont_to_end(_metadata, self, tid, &rep);
	EXPECT_EQ(1, rep.handled);
}

/* SIGKILL while stepping: killed at once. */
TEST_F(step, kill_while_stepping)
{
	struct ptrap_stop st;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	STEP(AT(st_l1), TRAP_TRACE);
	STEP(AT(st_l2), TRAP_TRACE);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, SIGKILL, tid);
	EXPECT_EQ(0, pt_read_full(self->rfd, &rep, sizeof(rep)));
}

/* Detach at a step's stop: the process runs on normally, no stray trap. */
TEST_F(step, detach_while_stepping)
{
	struct st_report rep;
	siginfo_t si;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_at_l0(_metadata, self, 0);
	STEP(AT(st_l1), TRAP_TRACE);
	STEP(AT(st_l2), TRAP_TRACE);
	ASSERT_EQ(0, ptrap_detach(self->p, tid, 0));
	take_report(_metadata, self, &rep);
	EXPECT_EQ(0, rep.flags & X86_TF);
	EXPECT_EQ(0x1235, rep.dx);
	NO_REC();
	if (pt_wait_exit_nowait(tid, &si) == 0) {
		EXPECT_EQ(CLD_EXITED, si.si_code);
		EXPECT_EQ(0, si.si_status);
	}
}

/* Close the session at a step's stop: the same as a detach. */
TEST_F(step, close_while_stepping)
{
	struct st_report rep;
	siginfo_t si;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_at_l0(_metadata, self, 0);
	STEP(AT(st_l1), TRAP_TRACE);
	ptrap_close(self->p);
	self->p = NULL;
	take_report(_metadata, self, &rep);
	EXPECT_EQ(0, rep.flags & X86_TF);
	if (pt_wait_exit_nowait(tid, &si) == 0) {
		EXPECT_EQ(CLD_EXITED, si.si_code);
		EXPECT_EQ(0, si.si_status);
	}
}

/* Unknown modes: EINVAL, and the tracee stays in its stop. */
TEST_F(step, bad_mode)
{
	struct ptrap_resume_args a;
	struct st_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN();
	EXPECT_EQ(-EINVAL, ptrap_resume(self->p, tid, 5, 0));
	EXPECT_EQ(-EINVAL, ptrap_resume(self->p, tid, ~0u, 0));
	if (self->module) {
		/* The module itself, past the library's check. */
		memset(&a, 0, sizeof(a));
		a.tid = tid;
		a.mode = PTRAP_RESUME_SYSEMU_SINGLESTEP + 1;
		errno = 0;
		EXPECT_EQ(-1, ioctl(ptrap_fd(self->p), PTRAP_IOC_RESUME, &a));
		EXPECT_EQ(EINVAL, errno);
	}
	STEP(AT(st_l1), TRAP_TRACE);
	cont_to_end(_metadata, self, tid, &rep);
}

PT_HARNESS_MAIN(step_child_main)
