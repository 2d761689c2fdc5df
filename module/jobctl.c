// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: group-stop (job control) of tracees.
 *
 * A thread that is not ptraced enters a group-stop in do_signal_stop(),
 * which puts it in TASK_STOPPED: only SIGCONT and SIGKILL end that, and a
 * module can neither report it nor let the supervisor resume the thread
 * from it. So when a tracee is to take part in a group-stop, ptrap does the
 * bookkeeping of do_signal_stop() itself, on the same fields and under the
 * same siglock (the rest of the group stops as usual, the real parent gets
 * CLD_STOPPED and sees the stop with wait(WUNTRACED), SIGCONT continues the
 * group as usual) and parks the tracee in a stop of its own instead, as
 * ptrace(2) turns a group-stop into a ptrace-stop.
 *
 * Everything here is called by the tracee itself (its task work) unless
 * said otherwise.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/jobctl.h>
#include <linux/sched/cputime.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>
#include <linux/wait.h>
#include <linux/cred.h>

#include "ptrap.h"

/*
 * As the kernel's lock_task_sighand(), which is not exported: @t's siglock,
 * or NULL if @t has been released. sighand_struct is SLAB_TYPESAFE_BY_RCU.
 */
static struct sighand_struct *ptrap_lock_sighand(struct task_struct *t,
						 unsigned long *flags)
{
	struct sighand_struct *sighand;

	rcu_read_lock();
	for (;;) {
		sighand = rcu_dereference(t->sighand);
		if (!sighand)
			break;
		spin_lock_irqsave(&sighand->siglock, *flags);
		if (likely(sighand == rcu_access_pointer(t->sighand)))
			break;
		spin_unlock_irqrestore(&sighand->siglock, *flags);
	}
	rcu_read_unlock();
	return sighand;
}

/* As the kernel's wake_up_state(), which is not exported. */
static int ptrap_wake_up_state(struct task_struct *p, unsigned int state)
{
	struct wait_queue_entry wqe = { .private = p };

	return default_wake_function(&wqe, state, 0, NULL);
}

/* As the kernel's signal_wake_up(t, false). Caller holds t's siglock. */
static void ptrap_signal_wake_up(struct task_struct *t)
{
	lockdep_assert_held(&t->sighand->siglock);
	set_tsk_thread_flag(t, TIF_SIGPENDING);
	if (!ptrap_wake_up_state(t, TASK_INTERRUPTIBLE))
		kick_process(t);
}

/* As the kernel's task_set_jobctl_pending() for stop bits. Under siglock. */
static bool ptrap_set_stop_pending(struct task_struct *t, unsigned long mask)
{
	lockdep_assert_held(&t->sighand->siglock);
	if (fatal_signal_pending(t) || (t->flags & PF_EXITING))
		return false;
	t->jobctl &= ~JOBCTL_STOP_SIGMASK;
	t->jobctl |= mask;
	return true;
}

/*
 * As the kernel's task_participate_group_stop(): current takes part in the
 * group-stop in progress. Returns true if that completes a fresh group
 * stop, whose end the real parent must then be told of. Under siglock.
 */
static bool ptrap_participate(struct task_struct *tsk)
{
	struct signal_struct *sig = tsk->signal;
	bool consume = tsk->jobctl & JOBCTL_STOP_CONSUME;

	lockdep_assert_held(&tsk->sighand->siglock);
	tsk->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOP_CONSUME |
			 JOBCTL_STOP_DEQUEUED);
	if (!consume)
		return false;
	if (!WARN_ON_ONCE(sig->group_stop_count == 0))
		sig->group_stop_count--;
	if (!sig->group_stop_count && !(sig->flags & SIGNAL_STOP_STOPPED)) {
		signal_set_stop_flags(sig, SIGNAL_STOP_STOPPED);
		return true;
	}
	return false;
}

/*
 * Whether current's process group is orphaned (POSIX): then SIGTSTP,
 * SIGTTIN and SIGTTOU do not stop it (the kernel's is_current_pgrp_orphaned,
 * which is not exported; the pid lists are walked under RCU instead of
 * tasklist_lock, as for any reader that can live with a racing fork).
 */
static bool ptrap_pgrp_orphaned(void)
{
	struct pid *pgrp;
	struct task_struct *p, *parent;
	bool orphaned = true;

	rcu_read_lock();
	pgrp = task_pgrp(current);
	do_each_pid_task(pgrp, PIDTYPE_PGID, p) {
		parent = rcu_dereference(p->real_parent);
		if ((p->exit_state && thread_group_empty(p)) ||
		    is_global_init(parent))
			continue;
		if (task_pgrp(parent) != pgrp &&
		    task_session(parent) == task_session(p)) {
			orphaned = false;
			goto out;
		}
	} while_each_pid_task(pgrp, PIDTYPE_PGID, p);
out:
	rcu_read_unlock();
	return orphaned;
}

/*
 * Tell the real parent of current's process that the group stopped, as the
 * kernel's do_notify_parent_cldstop(current, false, CLD_STOPPED): SIGCHLD
 * unless it ignores it or asked for SA_NOCLDSTOP, and a wake-up of its
 * wait(2) callers in any case.
 */
static void ptrap_notify_parent_stopped(void)
{
	struct task_struct *leader = current->group_leader;
	struct sighand_struct *sighand;
	struct task_struct *parent;
	struct k_sigaction *ka;
	kernel_siginfo_t info;
	unsigned long flags;
	u64 utime, stime;
	bool send = false;

	clear_siginfo(&info);
	info.si_signo = SIGCHLD;
	info.si_code = CLD_STOPPED;
	rcu_read_lock();
	parent = rcu_dereference(leader->real_parent);
	get_task_struct(parent);
	info.si_pid = task_pid_nr_ns(leader, task_active_pid_ns(parent));
	info.si_uid = from_kuid_munged(task_cred_xxx(parent, user_ns),
				       task_uid(leader));
	rcu_read_unlock();
	task_cputime_adjusted(leader, &utime, &stime);
	info.si_utime = div_u64(utime, NSEC_PER_SEC / USER_HZ);
	info.si_stime = div_u64(stime, NSEC_PER_SEC / USER_HZ);
	info.si_status = leader->signal->group_exit_code & 0x7f;

	sighand = ptrap_lock_sighand(parent, &flags);
	if (sighand) {
		ka = &sighand->action[SIGCHLD - 1];
		send = ka->sa.sa_handler != SIG_IGN &&
		       !(ka->sa.sa_flags & SA_NOCLDSTOP);
		spin_unlock_irqrestore(&sighand->siglock, flags);
	}
	if (send)
		send_sig_info(SIGCHLD, &info, parent);
	/* Even without SIGCHLD, wait(2) callers must look again. */
	__wake_up_sync_key(&parent->signal->wait_chldexit, TASK_INTERRUPTIBLE,
			   leader);
	put_task_struct(parent);
}

/*
 * Start a group-stop for @signr, as the first part of do_signal_stop():
 * every other thread of the group that is not stopped already gets the
 * stop pending and is woken to take part; threads that are tracees stop
 * through their task work, the others in do_signal_stop(). Under siglock.
 */
static void ptrap_group_stop_start(int signr)
{
	unsigned long gstop = JOBCTL_STOP_PENDING | JOBCTL_STOP_CONSUME;
	struct signal_struct *sig = current->signal;
	struct ptrap_tracee *other;
	struct task_struct *t;

	lockdep_assert_held(&current->sighand->siglock);
	if (!(sig->flags & SIGNAL_STOP_STOPPED))
		sig->group_exit_code = signr;
	sig->group_stop_count = 0;
	if (ptrap_set_stop_pending(current, signr | gstop))
		sig->group_stop_count++;

	rcu_read_lock();
	for_each_thread(current, t) {
		if (t == current || task_is_stopped(t) ||
		    !ptrap_set_stop_pending(t, signr | gstop))
			continue;
		sig->group_stop_count++;
		ptrap_signal_wake_up(t);
		other = ptrap_tracee_find(t);
		if (other)
			ptrap_queue_work(other);
	}
	rcu_read_unlock();
}

/**
 * ptrap_group_stop() - take part in a group-stop, as do_signal_stop() would
 * @signr: the stop signal the supervisor let through (its default action is
 *	to stop), or 0 to join a group-stop another thread started.
 *
 * The caller has taken the signal out of the pending set; it parks the
 * tracee in a group-stop if this returns a signal. No stop when SIGCONT
 * came since the signal was reported, when the group is exiting, or, for
 * SIGTSTP, SIGTTIN and SIGTTOU, when the process group is orphaned: the
 * signal is simply used up, as in get_signal().
 *
 * Return: the group-stop's signal, or 0 if there is no stop.
 */
int ptrap_group_stop(int signr)
{
	struct task_struct *tsk = current;
	struct signal_struct *sig = tsk->signal;
	bool notify;

	if (signr && signr != SIGSTOP && ptrap_pgrp_orphaned())
		return 0;

	spin_lock_irq(&tsk->sighand->siglock);
	if (!(tsk->jobctl & JOBCTL_STOP_PENDING)) {
		if (!signr || !(tsk->jobctl & JOBCTL_STOP_DEQUEUED) ||
		    (sig->flags & SIGNAL_GROUP_EXIT) || sig->group_exec_task) {
			spin_unlock_irq(&tsk->sighand->siglock);
			return 0;
		}
		ptrap_group_stop_start(signr);
		if (!(tsk->jobctl & JOBCTL_STOP_PENDING)) {
			/* SIGKILL came meanwhile. */
			spin_unlock_irq(&tsk->sighand->siglock);
			return 0;
		}
	}
	signr = tsk->jobctl & JOBCTL_STOP_SIGMASK;
	notify = ptrap_participate(tsk);
	spin_unlock_irq(&tsk->sighand->siglock);

	if (notify)
		ptrap_notify_parent_stopped();
	return signr ?: SIGSTOP;
}

/**
 * ptrap_group_stopped_sig() - the signal a PTRAP_EVENT_STOP reports
 *
 * As ptrace's do_jobctl_trap(): the group-stop's signal while the group is
 * stopped (or stopping), else SIGTRAP.
 */
int ptrap_group_stopped_sig(void)
{
	struct signal_struct *sig = current->signal;
	int signr = SIGTRAP;

	spin_lock_irq(&current->sighand->siglock);
	if (sig->group_stop_count || (sig->flags & SIGNAL_STOP_STOPPED))
		signr = (current->jobctl & JOBCTL_STOP_SIGMASK) ?: SIGSTOP;
	spin_unlock_irq(&current->sighand->siglock);
	return signr;
}

/**
 * ptrap_signal_stop_dequeued() - a signal-delivery-stop is being reported
 *
 * As ptrace_signal(): mark that a stop signal given at the end of the stop
 * may start a group-stop, unless SIGCONT comes meanwhile (which clears the
 * mark, see prepare_signal()).
 */
void ptrap_signal_stop_dequeued(void)
{
	spin_lock_irq(&current->sighand->siglock);
	current->jobctl |= JOBCTL_STOP_DEQUEUED;
	spin_unlock_irq(&current->sighand->siglock);
}

/**
 * ptrap_group_restop() - a tracee leaves its session while its group is
 *	stopped
 *
 * As ptrace's __ptrace_unlink(): the thread stops again (in the kernel's
 * do_signal_stop(), on its way through get_signal()) until SIGCONT.
 */
void ptrap_group_restop(void)
{
	struct task_struct *tsk = current;
	struct signal_struct *sig = tsk->signal;

	spin_lock_irq(&tsk->sighand->siglock);
	if (!(tsk->flags & PF_EXITING) && !fatal_signal_pending(tsk) &&
	    !(sig->flags & SIGNAL_GROUP_EXIT) &&
	    ((sig->flags & SIGNAL_STOP_STOPPED) || sig->group_stop_count)) {
		tsk->jobctl |= JOBCTL_STOP_PENDING;
		if (!(tsk->jobctl & JOBCTL_STOP_SIGMASK))
			tsk->jobctl |= SIGSTOP;
		set_tsk_thread_flag(tsk, TIF_SIGPENDING);
	}
	spin_unlock_irq(&tsk->sighand->siglock);
}

/**
 * ptrap_group_cld_kick() - the task work is done: let get_signal() go on
 *
 * The real parent learns that a stopped group continued (CLD_CONTINUED,
 * set by SIGCONT) from get_signal() of a thread of the group, past the
 * point where it runs task works, and only if a signal is pending. With
 * ptrace the tracee is in get_signal() already; here the SIGCONT may have
 * been used up in a stop: make get_signal() go on and tell the parent.
 */
void ptrap_group_cld_kick(void)
{
	if (READ_ONCE(current->signal->flags) & SIGNAL_CLD_MASK)
		set_thread_flag(TIF_SIGPENDING);
}

/**
 * ptrap_attach_stopped() - bring a thread in TASK_STOPPED to its task work
 * @t: the new tracee, published already.
 *
 * Called by the attaching supervisor. As ptrace_attach() does for a stopped
 * thread, the tracee reports the group-stop at once: it is woken out of
 * do_signal_stop() with every signal (but SIGKILL) blocked, so that
 * get_signal() takes nothing on its way to the task work, which restores
 * the mask and reports the stop (@t->attach_gstop).
 *
 * Return: true if the thread was stopped.
 */
bool ptrap_attach_stopped(struct ptrap_tracee *t)
{
	struct task_struct *task = t->task;
	struct sighand_struct *sighand;
	unsigned long flags;
	bool stopped = false;

	sighand = ptrap_lock_sighand(task, &flags);
	if (!sighand)
		return false;
	if (task_is_stopped(task) && !fatal_signal_pending(task)) {
		ptrap_signal_user_blocked(t, task, &t->held_blocked);
		t->signals_held = true;
		t->attach_gstop = true;
		siginitsetinv(&task->blocked, sigmask(SIGKILL));
		task->jobctl &= ~JOBCTL_STOPPED;
		stopped = true;
	}
	spin_unlock_irqrestore(&sighand->siglock, flags);
	if (stopped) {
		ptrap_queue_work(t);
		ptrap_wake_up_state(task, __TASK_STOPPED);
	}
	return stopped;
}

/**
 * ptrap_sigcont_notify() - SIGCONT was sent to @task's process
 * @task: the receiving thread; its siglock is held (signal_generate probe).
 *
 * As ptrace_trap_notify() from prepare_signal(): every seized tracee of the
 * process reports a PTRAP_EVENT_STOP (a listening one at once, the others
 * when they next can).
 */
void ptrap_sigcont_notify(struct task_struct *task)
{
	struct ptrap_tracee *t;
	struct task_struct *th;

	lockdep_assert_held(&task->sighand->siglock);
	if (task->signal->flags & SIGNAL_GROUP_EXIT)
		return;
	for_each_thread(task, th) {
		t = ptrap_tracee_find(th);
		if (!t || !t->seized)
			continue;
		set_bit(PTRAP_TF_INTERRUPT, &t->flags);
		ptrap_queue_work(t);
		wake_up(&t->park_wq);
	}
}
