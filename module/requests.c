// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: requests on what a stopped tracee is stopped with. Each is the
 * equivalent of a ptrace(2) request and answers as it does on the same
 * kernel:
 *
 *   GETSIGINFO, SETSIGINFO  the stop's siginfo (PTRACE_GETSIGINFO/SETSIGINFO)
 *   GETSIGMASK, SETSIGMASK  the blocked mask (PTRACE_GETSIGMASK/SETSIGMASK)
 *   GETEVENTMSG             the stop's message (PTRACE_GETEVENTMSG)
 *   GET_SYSCALL_INFO        the system call stopped in (PTRACE_GET_SYSCALL_INFO)
 *   PEEKUSER, POKEUSER      a word of struct user (PTRACE_PEEKUSR/POKEUSR)
 *
 * Each freezes the tracee in its stop (op_lock) around the kernel-side
 * access only; user memory is copied with no lock held. Errors come in
 * ptrace's order: ESRCH (not in a stop) first, then the request's own.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/signal.h>
#include <linux/ptrace.h>
#include <linux/regset.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <linux/uaccess.h>
#include <linux/elf.h>
#include <asm/syscall.h>
#include <asm/user.h>
#include <asm/debugreg.h>

#include "ptrap.h"
#include "requests.h"

/* The part of siginfo_t beyond the kernel's kernel_siginfo_t. */
#define PTRAP_SI_EXPANSION_SIZE	(sizeof(siginfo_t) - sizeof(kernel_siginfo_t))

/* The debug registers in struct user, as arch/x86/kernel/ptrace.c. */
#define PTRAP_USER_DR_FIRST	offsetof(struct user, u_debugreg[0])
#define PTRAP_USER_DR_LAST	offsetof(struct user, u_debugreg[7])

/*
 * Freeze @t, check that it is stopped and let go again: for requests that
 * must copy from the caller before they change the tracee but report a
 * tracee that is not stopped first, as ptrace(2) does.
 */
static int ptrap_check_stopped(struct ptrap_tracee *t)
{
	int ret = ptrap_tracee_lock_stopped(t);

	if (!ret)
		mutex_unlock(&t->op_lock);
	return ret;
}

/* The kind of the stop @t is frozen in; caller holds op_lock. */
static u32 ptrap_stop_kind(struct ptrap_tracee *t)
{
	u32 kind;

	spin_lock(&t->session->lock);
	kind = t->report.kind;
	spin_unlock(&t->session->lock);
	return kind;
}

/**
 * ptrap_getsiginfo() - PTRAP_IOC_GETSIGINFO
 * @t: the tracee.
 * @buf: the caller's siginfo_t, all 128 bytes written (the part beyond the
 *	kernel's siginfo zeroed), as copy_siginfo_to_user().
 *
 * Return: 0, -ESRCH (not in a stop), -EINVAL (the stop has no siginfo),
 * -EFAULT, -EINTR.
 */
int ptrap_getsiginfo(struct ptrap_tracee *t, siginfo_t __user *buf)
{
	siginfo_t info;
	int ret;

	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	if (t->has_stop_info)
		copy_siginfo_to_external(&info, &t->stop_info);
	else
		ret = -EINVAL;
	mutex_unlock(&t->op_lock);
	if (ret)
		return ret;
	return copy_to_user(buf, &info, sizeof(info)) ? -EFAULT : 0;
}

/* kernel/signal.c's known_siginfo_layout(), which is not exported. */
static bool ptrap_known_siginfo_layout(unsigned int sig, int code)
{
	static const unsigned char limit[] = {
		[SIGILL] = NSIGILL, [SIGFPE] = NSIGFPE, [SIGSEGV] = NSIGSEGV,
		[SIGBUS] = NSIGBUS, [SIGTRAP] = NSIGTRAP, [SIGCHLD] = NSIGCHLD,
		[SIGPOLL] = NSIGPOLL, [SIGSYS] = NSIGSYS,
	};

	if (code == SI_KERNEL)
		return true;
	if (code > SI_USER) {
		if (sig_specific_sicodes(sig))
			return sig < ARRAY_SIZE(limit) && code <= limit[sig];
		return code <= NSIGPOLL;
	}
	return code >= SI_DETHREAD || code == SI_ASYNCNL;
}

/*
 * copy_siginfo_from_user(), which is not exported: the kernel's part, and
 * for a layout the kernel does not know the rest must be zero (E2BIG), so
 * that GETSIGINFO gives back exactly what was set.
 */
static int ptrap_siginfo_from_user(kernel_siginfo_t *info,
				   const siginfo_t __user *buf)
{
	const char __user *expansion = (const char __user *)buf +
				       sizeof(kernel_siginfo_t);
	char tail[PTRAP_SI_EXPANSION_SIZE];
	size_t i;

	if (copy_from_user(info, buf, sizeof(*info)))
		return -EFAULT;
	if (ptrap_known_siginfo_layout(info->si_signo, info->si_code))
		return 0;
	if (copy_from_user(tail, expansion, sizeof(tail)))
		return -EFAULT;
	for (i = 0; i < sizeof(tail); i++)
		if (tail[i])
			return -E2BIG;
	return 0;
}

/**
 * ptrap_setsiginfo() - PTRAP_IOC_SETSIGINFO
 * @t: the tracee.
 * @buf: the caller's siginfo_t.
 *
 * Replaces the stop's siginfo whatever it holds (signal number included),
 * as PTRACE_SETSIGINFO. At a signal-delivery-stop the tracee delivers it if
 * resumed with its signal number (tracee.c).
 *
 * Return: 0, -ESRCH, -EFAULT, -E2BIG (non-zero bytes beyond a siginfo
 * layout the kernel does not know), -EINVAL (the stop has no siginfo),
 * -EINTR.
 */
int ptrap_setsiginfo(struct ptrap_tracee *t, const siginfo_t __user *buf)
{
	kernel_siginfo_t info;
	int ret;

	ret = ptrap_check_stopped(t);
	if (ret)
		return ret;
	ret = ptrap_siginfo_from_user(&info, buf);
	if (ret)
		return ret;
	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	if (t->has_stop_info) {
		copy_siginfo(&t->stop_info, &info);
		t->stop_info_changed = true;
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&t->op_lock);
	return ret;
}

/**
 * ptrap_getsigmask() - PTRAP_IOC_GETSIGMASK
 * @t: the tracee.
 * @buf: the caller's 64-bit mask.
 * @size: must be sizeof(sigset_t), 8.
 *
 * As PTRACE_GETSIGMASK: the mask a sigsuspend(2)-like call will restore
 * (saved_sigmask) while one is pending, else the blocked mask.
 *
 * Return: 0, -ESRCH, -EINVAL (@size), -EFAULT, -EINTR.
 */
int ptrap_getsigmask(struct ptrap_tracee *t, void __user *buf, u64 size)
{
	struct task_struct *task = t->task;
	sigset_t mask;
	int ret;

	BUILD_BUG_ON(sizeof(sigset_t) != 8);
	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	if (size != sizeof(sigset_t)) {
		mutex_unlock(&t->op_lock);
		return -EINVAL;
	}
	/* Frozen in a stop, the tracee cannot exit: ->sighand stays. */
	spin_lock_irq(&task->sighand->siglock);
	if (test_tsk_restore_sigmask(task))
		mask = task->saved_sigmask;
	else
		ptrap_signal_user_blocked(t, task, &mask);
	spin_unlock_irq(&task->sighand->siglock);
	mutex_unlock(&t->op_lock);
	return copy_to_user(buf, &mask, sizeof(mask)) ? -EFAULT : 0;
}

/* Is a signal pending for @task that @blocked lets through? Siglock held. */
static bool ptrap_unblocked_pending(struct task_struct *task,
				    const sigset_t *blocked)
{
	const sigset_t *own = &task->pending.signal;
	const sigset_t *shared = &task->signal->shared_pending.signal;
	int i;

	for (i = 0; i < _NSIG_WORDS; i++)
		if ((own->sig[i] | shared->sig[i]) & ~blocked->sig[i])
			return true;
	return false;
}

/**
 * ptrap_setsigmask() - PTRAP_IOC_SETSIGMASK
 * @t: the tracee.
 * @buf: the caller's 64-bit mask.
 * @size: must be sizeof(sigset_t), 8.
 *
 * As PTRACE_SETSIGMASK: SIGKILL and SIGSTOP are taken out, and a pending
 * sigsuspend(2)-like restore of the old mask is cancelled. A signal the new
 * mask unblocks is delivered (after its signal-delivery-stop) once the
 * tracee leaves the stop: ptrace's tracee recalculates its pending state
 * after every stop, ours is parked inside get_signal(), which only looks
 * for signals if TIF_SIGPENDING says so.
 *
 * Return: 0, -ESRCH, -EINVAL (@size), -EFAULT, -EINTR.
 */
int ptrap_setsigmask(struct ptrap_tracee *t, const void __user *buf, u64 size)
{
	struct task_struct *task = t->task;
	sigset_t mask;
	int ret;

	ret = ptrap_check_stopped(t);
	if (ret)
		return ret;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, buf, sizeof(mask)))
		return -EFAULT;
	sigdelsetmask(&mask, sigmask(SIGKILL) | sigmask(SIGSTOP));

	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	spin_lock_irq(&task->sighand->siglock);
	/* Signals ptrap holds back stay so; those the new mask blocks are its. */
	sigandnsets(&t->async_held, &t->async_held, &mask);
	sigorsets(&task->blocked, &mask, &t->async_held);
	if (ptrap_unblocked_pending(task, &mask))
		set_tsk_thread_flag(task, TIF_SIGPENDING);
	spin_unlock_irq(&task->sighand->siglock);
	clear_tsk_restore_sigmask(task);
	mutex_unlock(&t->op_lock);
	return 0;
}

/**
 * ptrap_geteventmsg() - PTRAP_IOC_GETEVENTMSG
 * @t: the tracee.
 * @msg: receives the message of the stop, as PTRACE_GETEVENTMSG gives it:
 *	the event message at an event-stop, PTRACE_EVENTMSG_SYSCALL_ENTRY or
 *	PTRACE_EVENTMSG_SYSCALL_EXIT at a syscall-enter- or -exit-stop
 *	(ptrace's tracee leaves those there), 0 at other stops.
 *
 * Return: 0, -ESRCH, -EINTR.
 */
int ptrap_geteventmsg(struct ptrap_tracee *t, u64 *msg)
{
	int ret;

	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	spin_lock(&t->session->lock);
	switch (t->report.kind) {
	case PTRAP_STOP_SYSCALL_ENTER:
		*msg = PTRACE_EVENTMSG_SYSCALL_ENTRY;
		break;
	case PTRAP_STOP_SYSCALL_EXIT:
		*msg = PTRACE_EVENTMSG_SYSCALL_EXIT;
		break;
	default:
		*msg = t->report.msg;
		break;
	}
	spin_unlock(&t->session->lock);
	mutex_unlock(&t->op_lock);
	return 0;
}

/* kernel/ptrace.c's ptrace_get_syscall_info_entry(). */
static unsigned long ptrap_syscall_info_entry(struct task_struct *task,
					      struct pt_regs *regs,
					      struct ptrace_syscall_info *info)
{
	unsigned long args[ARRAY_SIZE(info->entry.args)];
	int i;

	info->op = PTRACE_SYSCALL_INFO_ENTRY;
	info->entry.nr = syscall_get_nr(task, regs);
	syscall_get_arguments(task, regs, args);
	for (i = 0; i < ARRAY_SIZE(args); i++)
		info->entry.args[i] = args[i];
	return offsetofend(struct ptrace_syscall_info, entry.args);
}

/* kernel/ptrace.c's ptrace_get_syscall_info_exit(). */
static unsigned long ptrap_syscall_info_exit(struct task_struct *task,
					     struct pt_regs *regs,
					     struct ptrace_syscall_info *info)
{
	info->op = PTRACE_SYSCALL_INFO_EXIT;
	info->exit.rval = syscall_get_error(task, regs);
	info->exit.is_error = !!info->exit.rval;
	if (!info->exit.is_error)
		info->exit.rval = syscall_get_return_value(task, regs);
	return offsetofend(struct ptrace_syscall_info, exit.is_error);
}

/**
 * ptrap_get_syscall_info() - PTRAP_IOC_GET_SYSCALL_INFO
 * @t: the tracee.
 * @buf: the caller's struct ptrace_syscall_info.
 * @size: in: the size of @buf, at most that much is written; out: the size
 *	of the whole information.
 *
 * As PTRACE_GET_SYSCALL_INFO, which tells a syscall stop by its siginfo's
 * si_code being SIGTRAP | 0x80: the entry or exit of a system call is
 * described only at a syscall stop taken with PTRAP_O_TRACESYSGOOD (and
 * whose siginfo SETSIGINFO left so); otherwise op is
 * PTRACE_SYSCALL_INFO_NONE, with the architecture and the instruction and
 * stack pointers only.
 *
 * Return: 0, -ESRCH, -EFAULT, -EINTR.
 */
int ptrap_get_syscall_info(struct ptrap_tracee *t, void __user *buf,
			   u64 *size)
{
	struct task_struct *task = t->task;
	struct ptrace_syscall_info info;
	unsigned long actual;
	struct pt_regs *regs;
	bool sysgood;
	u32 kind;
	int ret;

	memset(&info, 0, sizeof(info));
	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	regs = task_pt_regs(task);
	info.op = PTRACE_SYSCALL_INFO_NONE;
	info.arch = syscall_get_arch(task);
	info.instruction_pointer = instruction_pointer(regs);
	info.stack_pointer = user_stack_pointer(regs);
	actual = offsetof(struct ptrace_syscall_info, entry);
	sysgood = t->has_stop_info && t->stop_info.si_code == (SIGTRAP | 0x80);
	kind = ptrap_stop_kind(t);
	if (sysgood && kind == PTRAP_STOP_SYSCALL_ENTER)
		actual = ptrap_syscall_info_entry(task, regs, &info);
	else if (sysgood && kind == PTRAP_STOP_SYSCALL_EXIT)
		actual = ptrap_syscall_info_exit(task, regs, &info);
	mutex_unlock(&t->op_lock);

	if (copy_to_user(buf, &info, min_t(u64, actual, *size)))
		return -EFAULT;
	*size = actual;
	return 0;
}

/* arch/x86/kernel/ptrace.c's ptrace_get_debugreg(); caller holds op_lock. */
static unsigned long ptrap_get_debugreg(struct task_struct *task, int n)
{
	struct thread_struct *thread = &task->thread;
	struct perf_event *bp;

	if (n < HBP_NUM) {
		/* Only ptrace(2) sets these, never while we have the task. */
		bp = READ_ONCE(thread->ptrace_bps[n]);
		return bp ? counter_arch_bp(bp)->address : 0;
	}
	if (n == 6)
		return thread->virtual_dr6 ^ DR6_RESERVED;
	if (n == 7)
		return thread->ptrace_dr7;
	return 0;
}

/*
 * The general registers as one regset of unsigned longs in the layout of
 * struct user_regs_struct, or NULL (a 32-bit tracee has another layout).
 */
static const struct user_regset *ptrap_user_regset(struct ptrap_tracee *t)
{
	const struct user_regset *rs = ptrap_find_regset(t, NT_PRSTATUS);

	if (!rs || rs->size != sizeof(unsigned long) ||
	    rs->n * rs->size != sizeof(struct user_regs_struct))
		return NULL;
	return rs;
}

/* A word offset in the kernel's struct user, as PTRACE_PEEKUSR checks it. */
static bool ptrap_user_offset_ok(u64 offset)
{
	return !(offset & (sizeof(unsigned long) - 1)) &&
	       offset < sizeof(struct user);
}

/**
 * ptrap_peekuser() - PTRAP_IOC_PEEKUSER
 * @t: the tracee.
 * @offset: byte offset in the kernel's struct user (asm/user_64.h; 16
 *	bytes longer than glibc's <sys/user.h> one).
 * @value: receives the word.
 *
 * As PTRACE_PEEKUSR: a general register (through the NT_PRSTATUS regset,
 * as ptrace reads it), a debug register, or 0 for the rest of the area.
 *
 * Return: 0, -ESRCH, -EIO (offset unaligned or past the area; 32-bit
 * tracee), -EINTR.
 */
int ptrap_peekuser(struct ptrap_tracee *t, u64 offset, u64 *value)
{
	unsigned long regs[sizeof(struct user_regs_struct) /
			   sizeof(unsigned long)];
	const struct user_regset *rs;
	int ret;

	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	if (!ptrap_user_offset_ok(offset)) {
		ret = -EIO;
	} else if (offset < sizeof(struct user_regs_struct)) {
		/* A dirty register page is what the registers are. */
		ret = ptrap_regs_load(t);
		if (ret)
			goto out_unlock;
		rs = ptrap_user_regset(t);
		if (!rs) {
			ret = -EIO;
		} else {
			/* fs_base, gs_base: saved when it leaves the CPU. */
			ptrap_wait_off_cpu(t);
			ret = regset_get(t->task, rs, offset + sizeof(long),
					 regs);
			if (ret >= 0) {
				*value = regs[offset / sizeof(long)];
				ret = 0;
			}
		}
	} else if (offset >= PTRAP_USER_DR_FIRST &&
		   offset <= PTRAP_USER_DR_LAST) {
		*value = ptrap_get_debugreg(t->task,
					    (offset - PTRAP_USER_DR_FIRST) /
					    sizeof(long));
	} else {
		*value = 0;
	}
out_unlock:
	mutex_unlock(&t->op_lock);
	return ret;
}

/**
 * ptrap_pokeuser() - PTRAP_IOC_POKEUSER
 * @t: the tracee.
 * @offset: byte offset in the kernel's struct user.
 * @value: the word to write.
 *
 * As PTRACE_POKEUSR for the general registers, through the NT_PRSTATUS
 * regset (which refuses what ptrace refuses: bad segment selectors,
 * non-canonical bases). Writing the debug registers would mean registering
 * hardware breakpoints as ptrace does: not done, EIO (ptrace accepts
 * them); the rest of the area is EIO as with ptrace.
 *
 * Return: 0, -ESRCH, -EIO, -EPERM, -EINTR.
 */
int ptrap_pokeuser(struct ptrap_tracee *t, u64 offset, u64 value)
{
	const struct user_regset *rs;
	unsigned long word = value;
	int ret;

	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	rs = ptrap_user_regset(t);
	if (!ptrap_user_offset_ok(offset) ||
	    offset >= sizeof(struct user_regs_struct) || !rs || !rs->set) {
		ret = -EIO;
	} else {
		/* The page first, then it shows the word written. */
		ret = ptrap_regs_load(t);
		if (!ret) {
			ptrap_wait_off_cpu(t);
			ret = rs->set(t->task, rs, offset, sizeof(word), &word,
				      NULL);
		}
		if (!ret)
			ptrap_regs_refresh(t);
	}
	mutex_unlock(&t->op_lock);
	return ret;
}
