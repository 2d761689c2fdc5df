// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: single-stepping (PTRAP_RESUME_SINGLESTEP, _SYSEMU_SINGLESTEP).
 *
 * ptrace(2) steps a tracee with user_enable_single_step(), which modules
 * cannot call. What it does is small, and every piece of it is a flag of
 * the task that the rest of the kernel acts on by itself:
 *
 *   - X86_EFLAGS_TF in the user registers: the CPU traps (#DB) after the
 *     next instruction, and exc_debug_user() sends SIGTRAP (TRAP_TRACE,
 *     si_addr the next instruction) to the task;
 *   - TIF_FORCED_TF: TF is the debugger's, not the program's; the regset
 *     code (getreg/putreg of arch/x86/kernel/ptrace.c, behind GETREGSET and
 *     PEEKUSER) hides it from the flags it shows and keeps it when flags
 *     are written, and handle_signal() takes it out of a signal frame;
 *   - TIF_SINGLESTEP: handle_signal() turns stepping off before it sets up
 *     a handler's frame and then reports the step into the handler
 *     (ptrace_notify(), a no-op for a task that is not ptraced: ptrap
 *     makes that stop itself, see ptrap_step_note_handler());
 *   - SYSCALL_WORK_SYSCALL_EXIT_TRAP: a syscall instruction traps in the
 *     kernel with TF masked, so syscall_exit_work() sends the step's
 *     SIGTRAP (TRAP_BRKPT) at the syscall's exit instead.
 *
 * ptrap sets and clears them exactly as user_enable_single_step() and
 * user_disable_single_step() do, but always from the tracee's own context
 * (its task work, leaving a stop), so that they never race with it running.
 * The one difference is SYSEMU_SINGLESTEP, for which ptrace also sets
 * SYSCALL_WORK_SYSCALL_EMU, which suppresses the exit trap: ptrap leaves
 * SYSCALL_EXIT_TRAP clear in that mode instead.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/thread_info.h>
#include <linux/uaccess.h>
#include <linux/ptrace.h>
#include <asm/trapnr.h>

#include "ptrap.h"

/* An instruction is at most 15 bytes long. */
#define PTRAP_MAX_INSN_LEN	15

bool ptrap_step_mode(u32 mode)
{
	return mode == PTRAP_RESUME_SINGLESTEP ||
	       mode == PTRAP_RESUME_SYSEMU_SINGLESTEP;
}

/*
 * is_setting_trap_flag() of arch/x86/kernel/step.c for current: is the
 * next instruction a popf or an iret (behind prefixes), which may set TF
 * itself? Code segments are taken as zero-based (LDT code segments with a
 * base, which step.c's convert_ip_to_linear() honours, are not).
 */
static bool ptrap_insn_sets_tf(struct pt_regs *regs)
{
	unsigned long ip = regs->ip;
	unsigned int i;
	u8 op;

	for (i = 0; i < PTRAP_MAX_INSN_LEN; i++) {
		if (get_user(op, (const u8 __user *)(ip + i)))
			return false;
		switch (op) {
		case 0x9d:	/* popf */
		case 0xcf:	/* iret */
			return true;
		case 0x66: case 0x67:	/* operand and address size */
		case 0x26: case 0x2e: case 0x36: case 0x3e:
		case 0x64: case 0x65:	/* segment overrides */
		case 0xf0: case 0xf2: case 0xf3:	/* lock, repeats */
			continue;
		case 0x40 ... 0x4f:
			if (!user_64bit_mode(regs))
				return false;	/* inc/dec, not REX */
			continue;
		default:
			return false;
		}
	}
	return false;
}

/**
 * ptrap_step_enable() - step the tracee after it leaves its stop
 * @t: the tracee (current), leaving a stop.
 * @mode: PTRAP_RESUME_SINGLESTEP or PTRAP_RESUME_SYSEMU_SINGLESTEP.
 *
 * enable_single_step() of arch/x86/kernel/step.c, in the tracee's context.
 */
static void ptrap_step_enable(struct ptrap_tracee *t, u32 mode)
{
	struct pt_regs *regs = current_pt_regs();
	unsigned long oflags;

	/* A step into the kernel left TF clear and TIF_SINGLESTEP set. */
	if (test_thread_flag(TIF_SINGLESTEP))
		regs->flags |= X86_EFLAGS_TF;
	set_thread_flag(TIF_SINGLESTEP);
	/* ptrace's SYSCALL_EMU would mute the exit trap for SYSEMU_SINGLESTEP. */
	if (mode == PTRAP_RESUME_SINGLESTEP)
		set_syscall_work(SYSCALL_EXIT_TRAP);
	else
		clear_syscall_work(SYSCALL_EXIT_TRAP);
	t->stepping = true;

	oflags = regs->flags;
	regs->flags |= X86_EFLAGS_TF;
	/* A popf or iret sets TF as it likes: then TF is not ours. */
	if (ptrap_insn_sets_tf(regs)) {
		clear_thread_flag(TIF_FORCED_TF);
		return;
	}
	/* TF set already: ours from the last step, or the program's own. */
	if (oflags & X86_EFLAGS_TF)
		return;
	set_thread_flag(TIF_FORCED_TF);
}

/**
 * ptrap_step_disable() - stop stepping the tracee
 * @t: the tracee (current).
 *
 * user_disable_single_step() in the tracee's context: TF goes only if ptrap
 * set it. Nothing happens if ptrap never stepped the tracee, so that the
 * flags of a task ptrace(2) attached to meanwhile stay as ptrace set them.
 */
void ptrap_step_disable(struct ptrap_tracee *t)
{
	if (!t->stepping)
		return;
	t->stepping = false;
	t->step_handler = false;
	clear_thread_flag(TIF_SINGLESTEP);
	clear_syscall_work(SYSCALL_EXIT_TRAP);
	if (test_and_clear_thread_flag(TIF_FORCED_TF))
		current_pt_regs()->flags &= ~X86_EFLAGS_TF;
}

/**
 * ptrap_step_resume() - apply a resume mode as the tracee leaves a stop
 * @t: the tracee (current).
 * @mode: the mode it was resumed with (CONT for a detach or a release).
 *
 * At the point where ptrace_resume() would, before the tracee does
 * anything of what the stop leads to.
 */
void ptrap_step_resume(struct ptrap_tracee *t, u32 mode)
{
	if (ptrap_step_mode(mode))
		ptrap_step_enable(t, mode);
	else
		ptrap_step_disable(t);
}

/**
 * ptrap_step_syscall_skipped() - the sys_enter probe skips a syscall
 * @t: the tracee (current), probe context.
 *
 * The exit of a syscall the probe skipped to stop at its entry (or at the
 * exit event) is not one ptrace would see: no step trap for it. The stop
 * sets the trap again for the mode it is left in.
 */
void ptrap_step_syscall_skipped(struct ptrap_tracee *t)
{
	if (t->stepping)
		clear_syscall_work(SYSCALL_EXIT_TRAP);
}

/**
 * ptrap_step_syscall_trap() - the trap ptrace makes at a syscall's exit
 *
 * For a syscall that was not executed after its entry stop (SYSEMU, or
 * skipped by the supervisor) when the tracee is resumed with SINGLESTEP:
 * ptrace's syscall_exit_work() reports the step then, as
 * user_single_step_report() (SIGTRAP, TRAP_BRKPT, at the instruction after
 * the syscall). The exit has passed already here, so send it as that would
 * have: forced (not blocked, not ignored), as force_sig_fault() does.
 */
void ptrap_step_syscall_trap(void)
{
	struct task_struct *tsk = current;
	struct k_sigaction *ka;
	kernel_siginfo_t info;

	clear_siginfo(&info);
	info.si_signo = SIGTRAP;
	info.si_code = TRAP_BRKPT;
	info.si_addr = (void __user *)current_pt_regs()->ip;
	tsk->thread.trap_nr = X86_TRAP_DB;
	tsk->thread.error_code = 0;

	spin_lock_irq(&tsk->sighand->siglock);
	ka = &tsk->sighand->action[SIGTRAP - 1];
	if (sigismember(&tsk->blocked, SIGTRAP) ||
	    ka->sa.sa_handler == SIG_IGN) {
		ka->sa.sa_handler = SIG_DFL;
		sigdelset(&tsk->blocked, SIGTRAP);
		recalc_sigpending();
	}
	spin_unlock_irq(&tsk->sighand->siglock);
	send_sig_info(SIGTRAP, &info, tsk);
}

/**
 * ptrap_step_note_handler() - a signal is about to be delivered
 * @t: the tracee (current), signal_deliver probe.
 * @ka: the signal's action.
 *
 * If ptrap steps the tracee and the signal goes to a handler,
 * handle_signal() disables stepping, sets up the handler's frame and, for
 * a ptraced task, stops it there (ptrace_notify(SIGTRAP), a SIGTRAP stop
 * with si_code SIGTRAP). Remember to make that stop (ptrap_step_handler_stop()).
 */
void ptrap_step_note_handler(struct ptrap_tracee *t, struct k_sigaction *ka)
{
	__sighandler_t h = ka->sa.sa_handler;

	if (!t->stepping || !test_thread_flag(TIF_SINGLESTEP) ||
	    h == SIG_DFL || h == SIG_IGN)
		return;
	t->step_handler = true;
	t->step_handler_ip = (unsigned long)h;
}

/**
 * ptrap_step_handler_stop() - is the step into a handler to be reported now
 * @t: the tracee (current), in its task work.
 *
 * True once handle_signal() has set up the frame: stepping is off and the
 * instruction pointer is at the handler (a frame that could not be set up
 * gets SIGSEGV and no stop, as with ptrace).
 */
bool ptrap_step_handler_stop(struct ptrap_tracee *t)
{
	if (!t->step_handler || test_thread_flag(TIF_SINGLESTEP))
		return false;
	t->step_handler = false;
	return current_pt_regs()->ip == t->step_handler_ip;
}

/**
 * ptrap_step_is_trap() - is this the SIGTRAP of a step?
 * @sig: a signal.
 * @info: its siginfo.
 *
 * A step's trap (TRAP_TRACE; TRAP_BRKPT at a syscall's exit) is the
 * tracer's business, and deadly to the program: when the session lets a
 * stepping tracee go at its stop (or before it could stop), it is taken
 * back rather than delivered, as the stub pool's PTRACE_DETACH without a
 * signal does.
 */
bool ptrap_step_is_trap(int sig, const kernel_siginfo_t *info)
{
	return sig == SIGTRAP &&
	       (info->si_code == TRAP_TRACE || info->si_code == TRAP_BRKPT);
}
