// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: signal-delivery-stops.
 *
 * The tracee's task work runs at the start of get_signal(), before the
 * kernel dequeues anything. It peeks at the signal get_signal() is about to
 * take, reports it, and carries out the supervisor's decision: leave it
 * pending to be delivered, drop it, or replace it by another. Everything
 * here runs in the tracee's own context.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/pid_namespace.h>

#include "ptrap.h"

/* Signals get_signal() takes first (kernel/signal.c's SYNCHRONOUS_MASK). */
#define PTRAP_SYNCHRONOUS_MASK \
	(sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | \
	 sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))

static int ptrap_next_in(struct sigpending *pending, const sigset_t *blocked)
{
	unsigned long x = pending->signal.sig[0] & ~blocked->sig[0];
	int i;

	if (x & PTRAP_SYNCHRONOUS_MASK)
		x &= PTRAP_SYNCHRONOUS_MASK;
	if (x)
		return __ffs(x) + 1;
	for (i = 1; i < _NSIG_WORDS; i++) {
		x = pending->signal.sig[i] & ~blocked->sig[i];
		if (x)
			return i * _NSIG_BPW + __ffs(x) + 1;
	}
	return 0;
}

static void ptrap_fill_info(struct sigpending *pending, int sig,
			    kernel_siginfo_t *info)
{
	struct sigqueue *q;

	list_for_each_entry(q, &pending->list, list) {
		if (q->info.si_signo == sig) {
			copy_siginfo(info, &q->info);
			return;
		}
	}
	/* Queued without a siginfo: the kernel delivers this (collect_signal). */
	clear_siginfo(info);
	info->si_signo = sig;
	info->si_code = SI_USER;
}

/* The slot of an ignored signal kept for @t, or NULL. Under siglock. */
static struct ptrap_ignored_sig *ptrap_ignored_slot(struct ptrap_tracee *t,
						    int sig)
{
	int i;

	for (i = 0; i < PTRAP_IGNORED_SLOTS; i++)
		if (t->ignored[i].sig == sig)
			return &t->ignored[i];
	return NULL;
}

/**
 * ptrap_signal_is_ignored() - whether @sig's disposition discards it
 * @task: the receiving task.
 * @sig: the signal.
 */
bool ptrap_signal_is_ignored(struct task_struct *task, int sig)
{
	void __user *handler = task->sighand->action[sig - 1].sa.sa_handler;

	return handler == SIG_IGN ||
	       (handler == SIG_DFL && sig_kernel_ignore(sig));
}

/**
 * ptrap_signal_keep_ignored() - queue a signal the kernel discarded
 * @t: the tracee.
 * @task: its task, the target of the signal.
 * @sig: the signal.
 * @info: its siginfo, or SEND_SIG_NOINFO / SEND_SIG_PRIV.
 * @group: sent to the thread group.
 *
 * prepare_signal() drops a signal whose disposition ignores it, unless the
 * target is ptraced: ptrace reports it at a signal-delivery-stop. Put it
 * back in the pending set, keeping its siginfo in the tracee, so that the
 * tracee stops for it; delivering it then discards it, as the kernel would
 * have. Called from the signal_generate probe with @task's siglock held.
 */
void ptrap_signal_keep_ignored(struct ptrap_tracee *t,
			       struct task_struct *task, int sig,
			       struct kernel_siginfo *info, bool group)
{
	struct sigpending *pending = group ? &task->signal->shared_pending :
					     &task->pending;
	struct ptrap_ignored_sig *slot;

	lockdep_assert_held(&task->sighand->siglock);
	if (sig >= SIGRTMIN || (task->signal->flags & SIGNAL_GROUP_EXIT) ||
	    sigismember(&pending->signal, sig) ||
	    !ptrap_signal_is_ignored(task, sig))
		return;
	slot = ptrap_ignored_slot(t, sig) ?: ptrap_ignored_slot(t, 0);
	if (slot) {
		slot->sig = sig;
		if (info == SEND_SIG_NOINFO || info == SEND_SIG_PRIV) {
			clear_siginfo(&slot->info);
			slot->info.si_signo = sig;
			slot->info.si_code = info == SEND_SIG_PRIV ?
					     SI_KERNEL : SI_USER;
		} else {
			copy_siginfo(&slot->info, info);
		}
	}
	sigaddset(&pending->signal, sig);
	set_tsk_thread_flag(task, TIF_SIGPENDING);
}

/**
 * ptrap_signal_forget_ignored() - @sig was dequeued by get_signal()
 * @t: the tracee (current).
 * @sig: the signal.
 *
 * Called from the signal_deliver probe, siglock held.
 */
void ptrap_signal_forget_ignored(struct ptrap_tracee *t, int sig)
{
	struct ptrap_ignored_sig *slot = ptrap_ignored_slot(t, sig);

	lockdep_assert_held(&current->sighand->siglock);
	if (slot)
		slot->sig = 0;
}

/**
 * ptrap_signal_peek() - the signal get_signal() would deliver next
 * @t: the tracee (current).
 * @info: receives its siginfo.
 *
 * Private signals before shared ones, synchronous ones first, as
 * get_signal() does. SIGKILL is never reported.
 *
 * Return: the signal number, or 0 if none is deliverable.
 */
int ptrap_signal_peek(struct ptrap_tracee *t, kernel_siginfo_t *info)
{
	struct ptrap_ignored_sig *slot;
	struct task_struct *tsk = current;
	struct sigpending *pending = &tsk->pending;
	int sig;

	spin_lock_irq(&tsk->sighand->siglock);
	sig = ptrap_next_in(pending, &tsk->blocked);
	if (!sig) {
		pending = &tsk->signal->shared_pending;
		sig = ptrap_next_in(pending, &tsk->blocked);
	}
	if (sig == SIGKILL || (tsk->signal->flags & SIGNAL_GROUP_EXIT))
		sig = 0;
	slot = sig ? ptrap_ignored_slot(t, sig) : NULL;
	if (slot)
		copy_siginfo(info, &slot->info);
	else if (sig)
		ptrap_fill_info(pending, sig, info);
	spin_unlock_irq(&tsk->sighand->siglock);
	return sig;
}

/**
 * ptrap_signal_drop() - discard one pending instance of @sig
 * @t: the tracee (current).
 * @sig: the signal reported at the signal-delivery-stop.
 */
void ptrap_signal_drop(struct ptrap_tracee *t, int sig)
{
	struct ptrap_ignored_sig *slot;
	struct task_struct *tsk = current;
	kernel_siginfo_t info;
	enum pid_type type;
	unsigned long armed;
	sigset_t mask;

	sigfillset(&mask);
	sigdelset(&mask, sig);
	spin_lock_irq(&tsk->sighand->siglock);
	armed = tsk->jobctl & JOBCTL_STOP_DEQUEUED;
#ifdef PTRAP_DEQUEUE_SIGNAL_TAKES_TASK
	dequeue_signal(tsk, &mask, &info, &type);
#else
	dequeue_signal(&mask, &info, &type);
#endif
	/*
	 * Dequeuing a stop signal arms a group-stop: leave that as it was
	 * (armed by the signal-delivery-stop, see jobctl.c).
	 */
	tsk->jobctl = (tsk->jobctl & ~JOBCTL_STOP_DEQUEUED) | armed;
	slot = ptrap_ignored_slot(t, sig);
	if (slot)
		slot->sig = 0;
	spin_unlock_irq(&tsk->sighand->siglock);
}

/**
 * ptrap_signal_replace() - deliver @sig instead of @old
 * @t: the tracee (current).
 * @old: the signal reported at the stop, dropped.
 * @sig: the signal to deliver in its place, as sent by the supervisor.
 *
 * As ptrace(2), the new signal's siginfo says SI_USER from the tracer.
 */
void ptrap_signal_replace(struct ptrap_tracee *t, int old, int sig)
{
	kernel_siginfo_t info;

	ptrap_signal_drop(t, old);
	clear_siginfo(&info);
	info.si_signo = sig;
	info.si_code = SI_USER;
	info.si_pid = t->session->opener_tgid;
	info.si_uid = from_kuid_munged(current_user_ns(),
				       t->session->cred->uid);
	t->pass_sig = sig;
	send_sig_info(sig, &info, current);
}

/**
 * ptrap_signal_hold_async() - keep a signal from another task for the
 *	tracee's task work
 * @t: the tracee @task.
 * @task: the target of @sig; its siglock is held (signal_generate probe).
 * @sig: the signal, not SIGKILL.
 *
 * The probe runs once the kernel has queued @sig and woken @task. A @task
 * that is inside get_signal() already, past the point where task works run
 * (brought there by another signal or task work), would dequeue @sig
 * itself, without its signal-delivery-stop (a SIGSTOP would stop it in
 * the kernel, unreported). So @sig is blocked for @task until its task
 * work, queued with it, gives it back (ptrap_signal_release_async()) and
 * reports it. The tracee cannot see the difference: it does not return
 * to user mode before its task work has run.
 */
void ptrap_signal_hold_async(struct ptrap_tracee *t, struct task_struct *task,
			     int sig)
{
	lockdep_assert_held(&task->sighand->siglock);
	if (sig == SIGKILL || sigismember(&task->blocked, sig))
		return;
	sigaddset(&task->blocked, sig);
	sigaddset(&t->async_held, sig);
}

/**
 * ptrap_signal_release_async() - give back what ptrap_signal_hold_async()
 *	blocked
 * @t: the tracee (current), in its task work.
 */
void ptrap_signal_release_async(struct ptrap_tracee *t)
{
	struct task_struct *tsk = current;

	/* A bit set meanwhile comes with another run of the task work. */
	if (sigisemptyset(&t->async_held))
		return;
	spin_lock_irq(&tsk->sighand->siglock);
	/*
	 * While every signal is held for a reissued syscall, they stay
	 * blocked: ptrap_signals_restore() gives back the tracee's own mask.
	 */
	if (!t->signals_held)
		sigandnsets(&tsk->blocked, &tsk->blocked, &t->async_held);
	sigemptyset(&t->async_held);
	recalc_sigpending();
	spin_unlock_irq(&tsk->sighand->siglock);
}

/**
 * ptrap_signal_user_blocked() - the tracee's own blocked mask
 * @t: the tracee.
 * @task: its task; the caller holds its siglock.
 * @mask: receives @task's blocked mask without the signals ptrap holds
 *	for a while (ptrap_signal_hold_async()).
 */
void ptrap_signal_user_blocked(struct ptrap_tracee *t,
			       struct task_struct *task, sigset_t *mask)
{
	lockdep_assert_held(&task->sighand->siglock);
	sigandnsets(mask, &task->blocked, &t->async_held);
}

/**
 * ptrap_signal_unfatal() - undo the kernel's shortcut for a fatal signal
 * @task: the tracee the signal was sent to.
 * @sig: the signal, not SIGKILL.
 * @group: it was sent to the whole process (shared pending set).
 *
 * complete_signal() turns a signal whose default action kills the process
 * without a core dump straight into SIGKILL for the whole thread group,
 * unless the target is ptraced: no signal-delivery-stop would ever be
 * seen. A tracee must stop first, so put things back as they were before
 * that shortcut: no group exit, no SIGKILL; the signal itself stays
 * pending and get_signal() takes the default action if the supervisor
 * lets it through.
 *
 * The shortcut woke every thread of the group. Without it, only the
 * thread chosen to take the signal is woken, and ptrace(2) (which stops a
 * thread after it has dequeued the signal) lets none of the others take
 * it meanwhile; so a signal sent to the whole process goes to the tracee's
 * own queue here, unless the tracee blocks it (then another thread takes
 * it, as the kernel would have chosen).
 *
 * Called from the signal_generate probe, right after complete_signal(),
 * with the target's siglock held.
 */
void ptrap_signal_unfatal(struct task_struct *task, int sig, bool group)
{
	struct signal_struct *signal = task->signal;
	struct sigqueue *q, *n;
	struct task_struct *t;

	lockdep_assert_held(&task->sighand->siglock);
	if (signal->flags != SIGNAL_GROUP_EXIT ||
	    signal->group_exit_code != sig || signal->group_exec_task ||
	    signal->core_state)
		return;
	signal->flags = 0;
	signal->group_exit_code = 0;
	for_each_thread(task, t)
		sigdelset(&t->pending.signal, SIGKILL);

	if (!group || thread_group_empty(task) ||
	    sigismember(&task->blocked, sig) ||
	    !sigismember(&signal->shared_pending.signal, sig))
		return;
	list_for_each_entry_safe(q, n, &signal->shared_pending.list, list)
		if (q->info.si_signo == sig)
			list_move_tail(&q->list, &task->pending.list);
	sigdelset(&signal->shared_pending.signal, sig);
	sigaddset(&task->pending.signal, sig);
}

/**
 * ptrap_signal_fatal_pending() - SIGKILL pending, read under siglock
 *
 * The lockless fatal_signal_pending() may see the SIGKILL that
 * ptrap_signal_unfatal() is about to take back.
 */
bool ptrap_signal_fatal_pending(void)
{
	bool fatal;

	spin_lock_irq(&current->sighand->siglock);
	fatal = __fatal_signal_pending(current);
	spin_unlock_irq(&current->sighand->siglock);
	return fatal;
}

/**
 * ptrap_signal_take_kill() - take a pending SIGKILL out of current's set
 *
 * For the exit event of a SIGKILL death only: the caller puts it back.
 */
void ptrap_signal_take_kill(void)
{
	spin_lock_irq(&current->sighand->siglock);
	sigdelset(&current->pending.signal, SIGKILL);
	recalc_sigpending();
	spin_unlock_irq(&current->sighand->siglock);
}

/**
 * ptrap_signal_group_exit() - begin current's group exit, as do_group_exit()
 * @t: the tracee (current).
 * @status: the wait(2) status every thread of the process is to exit with.
 *
 * ptrace reports the exit event of exit_group() or of a fatal signal from
 * do_exit(), once the group exit has begun: every other thread is being
 * killed (and reports its own exit event), and a SIGKILL sent then is
 * dropped by prepare_signal(). ptrap reports it earlier, at the exit
 * syscall's entry or before the signal is delivered; to be in the same
 * state, it begins the group exit first. do_group_exit() and
 * zap_other_threads() are not exported, so send current a SIGKILL: its
 * complete_signal() begins a group exit with status SIGKILL and kills every
 * other thread; the signal_generate probe, still under the siglock, gives
 * it @status and takes current's own SIGKILL back
 * (ptrap_signal_group_exit_fixup()). current then exits with @status,
 * through get_signal()'s group exit or its exit syscall issued again.
 * If a group exit (or an exec's) is under way already, the SIGKILL is
 * dropped and nothing changes.
 */
void ptrap_signal_group_exit(struct ptrap_tracee *t, int status)
{
	t->group_exit_status = status;
	t->group_exit_started = false;
	t->group_exit_starting = true;
	send_sig_info(SIGKILL, SEND_SIG_PRIV, current);
	t->group_exit_starting = false;
}

/**
 * ptrap_signal_group_exit_fixup() - complete ptrap_signal_group_exit()
 * @t: the tracee (current), target of the SIGKILL just generated.
 *
 * Called from the signal_generate probe, right after complete_signal(),
 * with current's siglock held: no other thread can have seen the group
 * exit's status yet (do_group_exit() and get_signal() read it after taking
 * the siglock once).
 */
void ptrap_signal_group_exit_fixup(struct ptrap_tracee *t)
{
	struct signal_struct *signal = current->signal;

	lockdep_assert_held(&current->sighand->siglock);
	if (signal->flags != SIGNAL_GROUP_EXIT ||
	    signal->group_exit_code != SIGKILL || signal->group_exec_task ||
	    signal->core_state)
		return;
	signal->group_exit_code = t->group_exit_status;
	sigdelset(&current->pending.signal, SIGKILL);
	recalc_sigpending();
	t->group_exit_started = true;
}

/**
 * ptrap_signal_last_exit() - current, the last live thread, is to exit
 * @status: its wait(2) status.
 *
 * As synchronize_group_exit() at the start of do_exit(): the exit of the
 * last thread that is not exiting yet is the group's exit, with its
 * status; a SIGKILL sent from now on is dropped, as ptrace's exit event
 * sees it.
 */
void ptrap_signal_last_exit(int status)
{
	struct signal_struct *signal = current->signal;

	spin_lock_irq(&current->sighand->siglock);
	if (signal->quick_threads == 1 &&
	    !(signal->flags & SIGNAL_GROUP_EXIT) && !signal->group_exec_task) {
		signal->flags = SIGNAL_GROUP_EXIT;
		signal->group_exit_code = status;
		signal->group_stop_count = 0;
	}
	spin_unlock_irq(&current->sighand->siglock);
}

/**
 * ptrap_signal_dying_status() - the status current is being killed with
 *
 * For the exit event of a thread that dies because SIGKILL is pending: the
 * group exit's status (that of exit_group() or of the fatal signal),
 * 0 when an exec in another thread kills it, else SIGKILL; the status
 * do_group_exit() will give it.
 */
int ptrap_signal_dying_status(void)
{
	struct signal_struct *signal = current->signal;
	int status = SIGKILL;

	spin_lock_irq(&current->sighand->siglock);
	if (signal->flags & SIGNAL_GROUP_EXIT)
		status = signal->group_exit_code;
	else if (signal->group_exec_task)
		status = 0;
	spin_unlock_irq(&current->sighand->siglock);
	return status;
}

/**
 * ptrap_signal_exit_status() - the status an exited thread is reported with
 * @task: the thread, in do_exit() (exit probe).
 *
 * As wait_task_zombie(): the group exit's status if there is one, else the
 * thread's own.
 */
int ptrap_signal_exit_status(struct task_struct *task)
{
	struct signal_struct *signal = task->signal;

	return (READ_ONCE(signal->flags) & SIGNAL_GROUP_EXIT) ?
	       READ_ONCE(signal->group_exit_code) : task->exit_code;
}

/**
 * ptrap_signal_valid() - whether @sig may be given to resume or detach
 */
bool ptrap_signal_valid(u32 sig)
{
	return sig < _NSIG;
}
