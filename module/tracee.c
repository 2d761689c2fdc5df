// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: the tracee state machine.
 *
 * A tracee stops only in its own context, in process context: the probes
 * (hooks.c) note what happened and queue the tracee's task work with
 * TWA_SIGNAL; the work runs at the start of get_signal() on the way back to
 * user mode, reports the stop to the session and parks the thread until
 * the supervisor releases it. SIGKILL always wakes a parked tracee, once
 * any request in flight on it (op_lock) is done.
 *
 * A syscall-enter-stop is taken by skipping the syscall in the sys_enter
 * probe (orig_ax = -1); if the supervisor lets the syscall run, the
 * instruction pointer is rewound over the two-byte syscall instruction and
 * the syscall is issued again, without stopping a second time.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/hashtable.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/pid_namespace.h>
#include <linux/freezer.h>
#include <linux/poll.h>
#include <linux/ptrace.h>
#include <asm/syscall.h>
#include <asm/ptrace.h>
#include <asm/unistd.h>
#include <linux/sched/mm.h>

#include "ptrap.h"

#define PTRAP_HASH_BITS	8
#define PTRAP_SYSCALL_INSN_LEN	2	/* syscall, int $0x80: both two bytes */

/* Readers: RCU (the probes). Writers hold ptrap_hash_lock. */
static DEFINE_HASHTABLE(ptrap_tracee_hash, PTRAP_HASH_BITS);
/* Protects writes to ptrap_tracee_hash and the PTRAP_TF_HASHED bits. */
static DEFINE_SPINLOCK(ptrap_hash_lock);

enum ptrap_park_result {
	PTRAP_PARK_RESUMED,	/* the supervisor resumed or detached it */
	PTRAP_PARK_UNREPORTED,	/* detached or released before it could stop */
	PTRAP_PARK_KILLED,	/* woken by SIGKILL */
};

/**
 * ptrap_tracee_find() - the tracee record of a task
 * @task: any task.
 *
 * Caller holds rcu_read_lock() (or runs in a probe). The record may be on
 * its way out; take a reference with refcount_inc_not_zero() to keep it.
 */
struct ptrap_tracee *ptrap_tracee_find(struct task_struct *task)
{
	struct ptrap_tracee *t;

	hash_for_each_possible_rcu(ptrap_tracee_hash, t, hnode,
				   (unsigned long)task)
		if (t->task == task)
			return t;
	return NULL;
}

/* Free a tracee struct that ptrap_tracee_alloc() made. */
static void ptrap_tracee_kfree(struct ptrap_tracee *t)
{
	ptrap_mem_sub(PTRAP_MEM_TRACEE, t);
	kfree(t);
}

static void ptrap_tracee_free_rcu(struct rcu_head *rcu)
{
	struct ptrap_tracee *t = container_of(rcu, struct ptrap_tracee, rcu);

	put_task_struct(t->task);
	ptrap_session_put(t->session);
	ptrap_filter_put(rcu_dereference_protected(t->filter, true));
	ptrap_regs_free(t);
	ptrap_tracee_kfree(t);
	ptrap_hooks_put();
	module_put(THIS_MODULE);
}

void ptrap_tracee_put(struct ptrap_tracee *t)
{
	if (refcount_dec_and_test(&t->ref))
		call_rcu(&t->rcu, ptrap_tracee_free_rcu);
}

static void ptrap_tracee_unhash(struct ptrap_tracee *t)
{
	bool was_hashed;

	spin_lock(&ptrap_hash_lock);
	was_hashed = test_and_clear_bit(PTRAP_TF_HASHED, &t->flags);
	if (was_hashed)
		hash_del_rcu(&t->hnode);
	spin_unlock(&ptrap_hash_lock);
	if (was_hashed) {
		ptrap_admin_changed();
		ptrap_tracee_put(t);
	}
}

static void ptrap_work_fn(struct callback_head *cb);

/**
 * ptrap_queue_work() - make the tracee run its task work soon
 * @t: the tracee; the caller holds a reference or runs in a probe that
 *	found @t under RCU.
 *
 * Any context. The work holds a reference until it has run.
 */
void ptrap_queue_work(struct ptrap_tracee *t)
{
	if (test_and_set_bit(PTRAP_TF_WORK_QUEUED, &t->flags))
		return;
	if (!refcount_inc_not_zero(&t->ref)) {
		clear_bit(PTRAP_TF_WORK_QUEUED, &t->flags);
		return;
	}
	if (task_work_add(t->task, &t->twork, TWA_SIGNAL)) {
		/* The task is exiting; its exit is reported by the probe. */
		clear_bit(PTRAP_TF_WORK_QUEUED, &t->flags);
		ptrap_tracee_put(t);
	}
}

static void ptrap_fill_common(struct ptrap_tracee *t, struct ptrap_stop *rep,
			      u32 kind, u32 status)
{
	struct pt_regs *regs = current_pt_regs();

	memset(rep, 0, sizeof(*rep));
	rep->kind = kind;
	rep->status = status;
	rep->tid = t->tid;
	rep->tgid = t->tgid;
	rep->nr = -1;
	rep->ip = instruction_pointer(regs);
	rep->sp = user_stack_pointer(regs);
}

static u32 ptrap_stopcode(int sig)
{
	return ((u32)sig << 8) | 0x7f;
}

/*
 * The siginfo of a stop that reports no signal, as ptrace_do_notify()
 * makes it: the stop's signal (SIGTRAP, or the group-stop's signal of a
 * PTRAP_EVENT_STOP), si_code the stop's code, from the tracee itself.
 */
static void ptrap_set_trap_info(struct ptrap_tracee *t, u32 status)
{
	kernel_siginfo_t *info = &t->stop_info;

	clear_siginfo(info);
	info->si_signo = (status >> 8) & 0x7f;
	info->si_code = status >> 8;
	info->si_pid = task_pid_vnr(current);
	info->si_uid = from_kuid_munged(current_user_ns(), current_uid());
	t->has_stop_info = true;
	t->stop_info_changed = false;
}

static u32 ptrap_syscall_stopcode(struct ptrap_tracee *t)
{
	u64 options;

	spin_lock(&t->session->lock);
	options = t->options;
	spin_unlock(&t->session->lock);
	return ptrap_stopcode(SIGTRAP |
			      ((options & PTRAP_O_TRACESYSGOOD) ? 0x80 : 0));
}

/**
 * ptrap_publish() - make @rep the tracee's stop, readable by the session
 * @t: the tracee (current).
 * @rep: the record.
 *
 * Any context of the tracee's own, the fork probe included; takes
 * session->lock. The tracee counts as stopped from here on: requests may
 * work on it, so it must not return to user mode before it has parked on
 * the stop (ptrap_park_wait()).
 *
 * Return: false if the tracee has left the session (nothing published).
 */
static bool ptrap_publish(struct ptrap_tracee *t, const struct ptrap_stop *rep)
{
	struct ptrap_session *s = t->session;

	/* Before the stop can be seen: the page is read after the record. */
	ptrap_regs_publish(t);
	spin_lock(&s->lock);
	if (test_bit(PTRAP_TF_DETACHED, &t->flags)) {
		spin_unlock(&s->lock);
		return false;
	}
	t->report = *rep;
	t->seq++;
	ptrap_regs_published(t);
	t->state = PTRAP_STOPPED;
	t->resumed = false;
	t->detach = false;
	/* Counted before anyone can read it; the latency starts here. */
	t->stop_time = ptrap_stats_stop(rep);
	list_add_tail(&t->ready_node, &s->ready);
	ptrap_admin_changed();		/* the tracees dump shows the stop */
	spin_unlock(&s->lock);
	wake_up_interruptible_poll(&s->read_wq, EPOLLIN | EPOLLRDNORM);
	return true;
}

/**
 * ptrap_park_wait() - wait until the supervisor releases the published stop
 * @t: the tracee (current), its stop published by ptrap_publish().
 * @mode: receives the resume mode.
 * @sig: receives the signal given with the release.
 *
 * Sleeps killable; a request in flight on the tracee (op_lock) finishes
 * before the tracee leaves, even when it was woken by SIGKILL. Returns at
 * once if the stop was released already.
 */
static enum ptrap_park_result ptrap_park_wait(struct ptrap_tracee *t,
					      u32 *mode, u32 *sig)
{
	struct ptrap_session *s = t->session;
	enum ptrap_park_result res;
	bool released, detach;
	u64 spin = ptrap_spin_deadline();

	/*
	 * A release that comes at once is taken without sleeping; but not
	 * while a request waits for us to leave the CPU (op_lock held), nor
	 * if the last release came from this CPU: the supervisor would need
	 * it to make the next.
	 */
	while (!READ_ONCE(t->resumed) && !mutex_is_locked(&t->op_lock) &&
	       READ_ONCE(t->resumer_cpu) != raw_smp_processor_id() &&
	       ptrap_spin_on(spin))
		;
	/*
	 * A SIGKILL seen here may be one that ptrap_signal_unfatal() takes
	 * back: only a confirmed one ends the stop. At the exit event of a
	 * SIGKILL death the tracee is dying already, and another SIGKILL
	 * changes nothing, as with ptrace.
	 */
	while (wait_event_state(t->park_wq, READ_ONCE(t->resumed),
				(TASK_KILLABLE | TASK_NOLOAD | TASK_FREEZABLE))) {
		if (!ptrap_signal_fatal_pending())
			continue;
		if (!t->kill_exit_reported)
			break;
		ptrap_signal_take_kill();
	}

	/* Let a request in flight finish with our registers in place. */
	mutex_lock(&t->op_lock);
	spin_lock(&s->lock);
	list_del_init(&t->ready_node);
	ptrap_regs_stop_ended(t);
	if (t->state == PTRAP_STOPPED) {
		t->state = PTRAP_RUNNING;
		/* Shown running since the release already, but for these. */
		if (!t->resumed || t->resume_mode == PTRAP_RESUME_LISTEN)
			ptrap_admin_changed();
	}
	released = test_bit(PTRAP_TF_DETACHED, &t->flags) && !t->detach;
	if (!t->resumed)
		res = PTRAP_PARK_KILLED;
	else if (released)
		res = PTRAP_PARK_UNREPORTED;
	else
		res = PTRAP_PARK_RESUMED;
	*mode = t->resume_mode;
	*sig = t->resume_sig;
	detach = t->detach;
	t->topts = t->options;
	spin_unlock(&s->lock);
	mutex_unlock(&t->op_lock);

	if (res == PTRAP_PARK_RESUMED)
		ptrap_stats_resumed(*mode, detach, t->stop_time);

	if (res != PTRAP_PARK_KILLED)
		t->mode = *mode;
	/* Step or not from here on, as ptrace_resume() decides it. */
	if (res == PTRAP_PARK_RESUMED)
		ptrap_step_resume(t, *mode);
	else if (res == PTRAP_PARK_UNREPORTED)
		ptrap_step_disable(t);
	return res;
}

/**
 * ptrap_park() - publish a stop and wait until the supervisor releases it
 * @t: the tracee (current).
 * @rep: the record to publish.
 * @mode: receives the resume mode.
 * @sig: receives the signal given with the release.
 *
 * See ptrap_publish() and ptrap_park_wait().
 */
static enum ptrap_park_result ptrap_park(struct ptrap_tracee *t,
					 const struct ptrap_stop *rep,
					 u32 *mode, u32 *sig)
{
	if (!ptrap_publish(t, rep)) {
		ptrap_step_disable(t);
		return PTRAP_PARK_UNREPORTED;
	}
	return ptrap_park_wait(t, mode, sig);
}

/**
 * ptrap_reissue() - issue the syscall stopped at entry again, from user mode
 * @t: the tracee (current).
 * @regs: its user registers.
 * @nr: the syscall number to issue.
 *
 * If the supervisor moved the instruction pointer during the stop, the
 * syscall is still issued from where it was made and returns to the new
 * address (the sys_exit probe redirects it), as with ptrace.
 */
static void ptrap_reissue(struct ptrap_tracee *t, struct pt_regs *regs,
			  long nr)
{
	t->redirect_ip = regs->ip != t->stop_ip ? regs->ip : 0;
	t->reissue = true;
	t->reissue_ip = t->stop_ip;
	t->reissue_nr = nr;
	regs->ax = nr;
	regs->ip = t->stop_ip - PTRAP_SYSCALL_INSN_LEN;
	regs->orig_ax = -1;
}

/**
 * ptrap_hold_signals() - keep signals back until the reissued syscall
 * @t: the tracee (current), resumed from a syscall-enter-stop.
 *
 * With ptrace the syscall runs straight after its entry stop; here it is
 * issued again from user mode, and get_signal() would deliver a pending
 * signal before it. So block all signals (but SIGKILL and SIGSTOP) until
 * the sys_enter probe sees the syscall again and restores the mask
 * (ptrap_signals_restore()), or the task work does, if the tracee left
 * the session meanwhile.
 */
static void ptrap_hold_signals(struct ptrap_tracee *t)
{
	struct task_struct *tsk = current;

	spin_lock_irq(&tsk->sighand->siglock);
	if (!t->signals_held) {
		ptrap_signal_user_blocked(t, tsk, &t->held_blocked);
		t->signals_held = true;
	}
	siginitsetinv(&tsk->blocked, sigmask(SIGKILL) | sigmask(SIGSTOP));
	recalc_sigpending();
	spin_unlock_irq(&tsk->sighand->siglock);
}

/**
 * ptrap_signals_restore() - undo ptrap_hold_signals()
 * @t: the tracee (current).
 *
 * Any context of the tracee's own.
 */
void ptrap_signals_restore(struct ptrap_tracee *t)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	if (!t->signals_held)
		return;
	spin_lock_irqsave(&tsk->sighand->siglock, flags);
	tsk->blocked = t->held_blocked;
	t->signals_held = false;
	recalc_sigpending();
	spin_unlock_irqrestore(&tsk->sighand->siglock, flags);
}

static void ptrap_after_entry(struct ptrap_tracee *t, struct pt_regs *regs,
			      enum ptrap_park_result res, u32 mode, u32 sig)
{
	long nr = regs->orig_ax;

	switch (res) {
	case PTRAP_PARK_KILLED:
		return;
	case PTRAP_PARK_UNREPORTED:
		/* Nobody saw this stop: the syscall simply runs. */
		ptrap_reissue(t, regs, t->entry_nr);
		return;
	case PTRAP_PARK_RESUMED:
		break;
	}

	if (t->entry_emu) {
		/*
		 * SYSEMU: the syscall is not executed; ax is the result. Its
		 * exit is reported if the tracee is resumed with SYSCALL, as
		 * ptrace looks at its work flags again at the syscall's exit.
		 */
		if (mode == PTRAP_RESUME_SYSCALL)
			t->exit_pending = true;
		else if (mode == PTRAP_RESUME_SINGLESTEP)
			ptrap_step_syscall_trap();
	} else if (nr < 0) {
		/* The supervisor skipped it (orig_ax = -1), as with ptrace. */
		if (mode == PTRAP_RESUME_SYSCALL)
			t->exit_pending = true;
		else if (mode == PTRAP_RESUME_SINGLESTEP)
			ptrap_step_syscall_trap();
	} else if ((t->topts & PTRAP_O_TRACEEXIT) &&
		   (nr == __NR_exit || nr == __NR_exit_group)) {
		/* Report the exit event first; it issues the syscall. */
		t->entry_nr = nr;
		t->entry_args[0] = regs->di;
		t->exit_event_pending = true;
	} else if (mode == PTRAP_RESUME_SYSCALL &&
		   test_and_clear_bit(PTRAP_TF_INTERRUPT, &t->flags)) {
		/*
		 * INTERRUPT during the entry stop: as with ptrace, the syscall
		 * is cut short at once (exit stop with -ERESTARTSYS, which
		 * uses up the interrupt) and restarted after it.
		 */
		regs->orig_ax = nr;
		regs->ax = -ERESTARTSYS;
		t->exit_pending = true;
	} else {
		ptrap_reissue(t, regs, nr);
		ptrap_hold_signals(t);
	}
	if (sig)
		send_sig(sig, current, 1);
}

/**
 * ptrap_undo_pending() - leave no trace of a session the tracee has left
 * @t: the tracee (current), detached before it could stop.
 */
static void ptrap_undo_pending(struct ptrap_tracee *t)
{
	struct pt_regs *regs = current_pt_regs();

	ptrap_signal_release_async(t);
	ptrap_signals_restore(t);
	if (t->stepping) {
		kernel_siginfo_t info;
		int sig = ptrap_signal_peek(t, &info);

		/* Let go before it could stop for its step's trap. */
		if (ptrap_step_is_trap(sig, &info))
			ptrap_signal_drop(t, sig);
		ptrap_step_disable(t);
	}
	if (t->entry_pending || t->exit_event_pending) {
		t->entry_pending = false;
		t->exit_event_pending = false;
		t->stop_ip = regs->ip;
		ptrap_reissue(t, regs, t->entry_nr);
	}
	t->exit_pending = false;
	t->event_pending = 0;
	t->vfork_published = false;
	t->vfork_done_pending = false;
	t->fork_stops = false;
	t->exit_deferred = false;
	t->attach_gstop = false;
	clear_bit(PTRAP_TF_INTERRUPT, &t->flags);
	if (t->own_sig) {
		/* A signal of ours (ATTACH, exec), never reported: take it back. */
		ptrap_signal_drop(t, t->own_sig);
		t->own_sig = 0;
	}
}

/* Report an event-stop; the signal given with the release is ignored. */
static enum ptrap_park_result ptrap_report_event(struct ptrap_tracee *t,
						 int event, u64 msg)
{
	struct ptrap_stop rep;
	u32 mode, sig;

	ptrap_fill_common(t, &rep, PTRAP_STOP_EVENT,
			  ptrap_stopcode(SIGTRAP | (event << 8)));
	ptrap_set_trap_info(t, rep.status);
	rep.msg = msg;
	return ptrap_park(t, &rep, &mode, &sig);
}

/*
 * After LISTEN: stay parked, but in no stop the supervisor may act on,
 * until INTERRUPT or SIGCONT (PTRAP_TF_INTERRUPT) makes the tracee report
 * again, as ptrace's JOBCTL_LISTENING. SIGKILL ends it; so does leaving the
 * session.
 */
static void ptrap_listen_wait(struct ptrap_tracee *t)
{
	struct ptrap_session *s = t->session;

	spin_lock(&s->lock);
	if (t->state == PTRAP_RUNNING) {
		t->state = PTRAP_LISTENING;
		ptrap_admin_changed();
	}
	spin_unlock(&s->lock);

	while (wait_event_state(t->park_wq,
				test_bit(PTRAP_TF_INTERRUPT, &t->flags) ||
				test_bit(PTRAP_TF_DETACHED, &t->flags),
				(TASK_KILLABLE | TASK_NOLOAD | TASK_FREEZABLE)))
		if (ptrap_signal_fatal_pending())
			break;

	spin_lock(&s->lock);
	if (t->state == PTRAP_LISTENING) {
		t->state = PTRAP_RUNNING;
		ptrap_admin_changed();
	}
	spin_unlock(&s->lock);
}

/**
 * ptrap_report_jobctl() - report a stop of job control
 * @t: the tracee (current).
 * @signr: the group-stop's signal, or SIGTRAP for a stop that is not part
 *	of a group-stop (INTERRUPT, SIGCONT, a new seized child).
 *
 * As ptrace's do_jobctl_trap(): a seized tracee reports PTRAP_EVENT_STOP
 * with @signr and a siginfo; an attached one reports a group-stop as the
 * bare stop signal, without siginfo. A seized tracee may be put to listen
 * (PTRAP_IOC_LISTEN) from this stop.
 */
static void ptrap_report_jobctl(struct ptrap_tracee *t, int signr)
{
	struct ptrap_stop rep;
	u32 status, mode, sig;

	status = ptrap_stopcode(t->seized ?
				signr | (PTRAP_EVENT_STOP << 8) : signr);
	ptrap_fill_common(t, &rep, signr == SIGTRAP ?
			  PTRAP_STOP_EVENT : PTRAP_STOP_GROUP, status);
	if (t->seized)
		ptrap_set_trap_info(t, status);
	else
		t->has_stop_info = false;
	/* This stop answers an INTERRUPT or SIGCONT notice in flight. */
	clear_bit(PTRAP_TF_INTERRUPT, &t->flags);
	if (ptrap_park(t, &rep, &mode, &sig) == PTRAP_PARK_RESUMED &&
	    mode == PTRAP_RESUME_LISTEN)
		ptrap_listen_wait(t);
}

/*
 * @sig, given at the end of a signal-delivery-stop, is about to be
 * delivered with its default action: stop the group (do_signal_stop()).
 */
static bool ptrap_stop_signal(int sig)
{
	return sig_kernel_stop(sig) && !sigismember(&current->blocked, sig) &&
	       current->sighand->action[sig - 1].sa.sa_handler == SIG_DFL;
}

/*
 * @sig is about to be delivered and will kill the tracee: with TRACEEXIT,
 * report the exit event now, while the tracee is intact, as ptrace does
 * from do_exit(). As there, the group exit has begun by then (a SIGKILL
 * sent during the stop is dropped; the other threads report their own
 * exit events), unless @sig dumps core: the core dump is the kernel's
 * own doing once the signal is delivered.
 */
static void ptrap_maybe_exit_event(struct ptrap_tracee *t, int sig)
{
	if (!(t->topts & PTRAP_O_TRACEEXIT) || !sig_fatal(current, sig) ||
	    sigismember(&current->blocked, sig))
		return;
	/* A SIGKILL's exit event comes from ptrap_exit_event_on_kill(). */
	if (sig == SIGKILL || fatal_signal_pending(current))
		return;
	if (!sig_kernel_coredump(sig))
		ptrap_signal_group_exit(t, sig);
	t->exit_reported = true;
	ptrap_report_event(t, PTRAP_EVENT_EXIT, sig);
}

/*
 * The exit event of the exit syscall @nr with wait(2) status @status is
 * about to be reported: get into the state ptrace reports it in, from
 * do_exit(). exit_group() has begun the group exit; so has exit() of the
 * last thread that is not exiting yet (synchronize_group_exit()).
 */
static void ptrap_exit_syscall_begin(struct ptrap_tracee *t, long nr,
				     int status)
{
	if (nr == __NR_exit_group)
		ptrap_signal_group_exit(t, status);
	else
		ptrap_signal_last_exit(status);
}

/*
 * SIGKILL is pending: with TRACEEXIT, report the exit event first, as ptrace
 * does from do_exit() once get_signal() has taken the SIGKILL. Take it out
 * of the pending set for the stop (a SIGKILL sent during the stop is
 * dropped too: the tracee is dying already, as with ptrace) and put it back
 * after.
 */
static void ptrap_exit_event_on_kill(struct ptrap_tracee *t)
{
	struct task_struct *tsk = current;

	if (!(t->topts & PTRAP_O_TRACEEXIT) || t->exit_reported)
		return;
	t->exit_reported = true;
	t->kill_exit_reported = true;
	ptrap_signal_take_kill();
	/* The status do_group_exit() will give it: SIGKILL's, or the group's. */
	ptrap_report_event(t, PTRAP_EVENT_EXIT, ptrap_signal_dying_status());
	spin_lock_irq(&tsk->sighand->siglock);
	sigaddset(&tsk->pending.signal, SIGKILL);
	set_tsk_thread_flag(tsk, TIF_SIGPENDING);
	spin_unlock_irq(&tsk->sighand->siglock);
}

/*
 * Stepping, a signal was just delivered to a handler: report the stop that
 * ptrace makes at the handler's first instruction, ptrace_notify(SIGTRAP)
 * from handle_signal(): a SIGTRAP stop whose siginfo is SIGTRAP with
 * si_code SIGTRAP, from the tracee itself. The signal given with the
 * release is ignored, as there.
 */
static void ptrap_report_step_handler(struct ptrap_tracee *t)
{
	struct ptrap_stop rep;
	siginfo_t uinfo;
	u32 mode, sig;

	ptrap_fill_common(t, &rep, PTRAP_STOP_SIGNAL, ptrap_stopcode(SIGTRAP));
	ptrap_set_trap_info(t, rep.status);
	copy_siginfo_to_external(&uinfo, &t->stop_info);
	memcpy(rep.siginfo, &uinfo, sizeof(rep.siginfo));
	ptrap_park(t, &rep, &mode, &sig);
}

/**
 * ptrap_adopt_vfork() - park on the VFORK stop published from the fork probe
 * @t: the tracee (current), back from its vfork wait, its syscall returned.
 * @regs: its user registers.
 *
 * The stop was published before the vfork wait (ptrap_publish_vfork()), as
 * ptrace reports it; the supervisor may have released it (resumed,
 * detached, closed) meanwhile, and then the tracee goes straight on.
 * Otherwise it parks on it now, showing the registers it had in the stop
 * (ax as inside the syscall: -ENOSYS), as ptrace shows them. Either way the
 * syscall returns the child's pid, whatever the supervisor set ax to (with
 * ptrace, the syscall's return overwrites it too).
 */
static void ptrap_adopt_vfork(struct ptrap_tracee *t, struct pt_regs *regs)
{
	struct ptrap_session *s = t->session;
	bool parked;
	u32 mode, sig;

	t->vfork_published = false;
	/* Not while a request in flight reads or writes the registers. */
	mutex_lock(&t->op_lock);
	spin_lock(&s->lock);
	parked = t->state == PTRAP_STOPPED && !t->resumed;
	spin_unlock(&s->lock);
	/* Unless a request set it since the syscall returned. */
	if (parked && regs->ax == t->vfork_ret)
		regs->ax = t->vfork_ax;
	mutex_unlock(&t->op_lock);

	ptrap_park_wait(t, &mode, &sig);
	/* What the supervisor left there shows at VFORK_DONE. */
	if (parked)
		t->vfork_ax = regs->ax;
	regs->ax = t->vfork_ret;
}

/*
 * Back from a vfork wait: the VFORK_DONE event-stop, if TRACEVFORKDONE is
 * in force now, with the registers ptrace shows there (ax as inside the
 * syscall: it has not returned yet), then the syscall's return value.
 */
static void ptrap_report_vfork_done(struct ptrap_tracee *t,
				    struct pt_regs *regs)
{
	if (!(t->topts & PTRAP_O_TRACEVFORKDONE))
		return;
	regs->ax = t->vfork_ax;
	ptrap_report_event(t, PTRAP_EVENT_VFORK_DONE, t->vfork_done_msg);
	regs->ax = t->vfork_ret;
}

static void ptrap_report_stops(struct ptrap_tracee *t)
{
	struct pt_regs *regs = current_pt_regs();
	enum ptrap_park_result res;
	kernel_siginfo_t info;
	struct ptrap_stop rep;
	siginfo_t uinfo;
	bool own, stepped;
	u32 mode, sig;
	int signo;

	for (;;) {
		/* Signals from others, held back until we look at them. */
		ptrap_signal_release_async(t);
		/* First, as it may be published already: see there. */
		if (t->vfork_published) {
			ptrap_adopt_vfork(t, regs);
			continue;
		}
		/* Dying, or exiting after the exit event: nothing else. */
		if (fatal_signal_pending(current) || t->exit_reported) {
			ptrap_exit_event_on_kill(t);
			return;
		}
		if (t->attach_gstop) {
			/* Attached in a group-stop: report it first. */
			t->attach_gstop = false;
			ptrap_signals_restore(t);
			signo = ptrap_group_stopped_sig();
			if (t->seized || signo != SIGTRAP)
				ptrap_report_jobctl(t, signo);
			continue;
		}
		if (ptrap_step_handler_stop(t)) {
			ptrap_report_step_handler(t);
			continue;
		}
		if (t->entry_pending) {
			t->entry_pending = false;
			/* Show the supervisor the syscall, as ptrace does. */
			regs->orig_ax = t->entry_nr;
			t->stop_ip = regs->ip;
			ptrap_fill_common(t, &rep, PTRAP_STOP_SYSCALL_ENTER,
					  ptrap_syscall_stopcode(t));
			ptrap_set_trap_info(t, rep.status);
			rep.nr = t->entry_nr;
			memcpy(rep.args, t->entry_args, sizeof(rep.args));
			res = ptrap_park(t, &rep, &mode, &sig);
			ptrap_after_entry(t, regs, res, mode, sig);
			continue;
		}

		if (t->exit_event_pending) {
			int status = (t->entry_args[0] & 0xff) << 8;

			t->exit_event_pending = false;
			regs->orig_ax = t->entry_nr;
			t->stop_ip = regs->ip;
			ptrap_exit_syscall_begin(t, t->entry_nr, status);
			t->exit_reported = true;
			res = ptrap_report_event(t, PTRAP_EVENT_EXIT, status);
			if (res != PTRAP_PARK_KILLED)
				ptrap_reissue(t, regs, t->entry_nr);
			/* Nothing may come between it and its exit. */
			if (res == PTRAP_PARK_RESUMED)
				ptrap_hold_signals(t);
			continue;
		}

		if (t->event_pending) {
			int event = t->event_pending;

			t->event_pending = 0;
			ptrap_report_event(t, event, t->event_msg);
			continue;
		}

		if (t->vfork_done_pending) {
			t->vfork_done_pending = false;
			ptrap_report_vfork_done(t, regs);
			continue;
		}

		if (t->exit_deferred) {
			/* As ptrace: the mode the event-stops left decides. */
			t->exit_deferred = false;
			if (t->mode == PTRAP_RESUME_SYSCALL && !t->filtered_out)
				t->exit_pending = true;
		}

		if (t->exit_pending) {
			t->exit_pending = false;
			ptrap_fill_common(t, &rep, PTRAP_STOP_SYSCALL_EXIT,
					  ptrap_syscall_stopcode(t));
			ptrap_set_trap_info(t, rep.status);
			rep.nr = syscall_get_nr(current, regs);
			rep.retval = regs->ax;
			res = ptrap_park(t, &rep, &mode, &sig);
			if (res == PTRAP_PARK_RESUMED && sig)
				send_sig(sig, current, 1);
			continue;
		}

		/*
		 * Another thread started a group-stop: take part. Asked under
		 * siglock: the thread that starts it queued this work while
		 * holding it, before it set the stop pending here.
		 */
		signo = ptrap_group_stop(0);
		if (signo) {
			ptrap_report_jobctl(t, signo);
			continue;
		}

		if (test_bit(PTRAP_TF_INTERRUPT, &t->flags)) {
			ptrap_report_jobctl(t, ptrap_group_stopped_sig());
			continue;
		}

		signo = ptrap_signal_peek(t, &info);
		if (!signo || signo == t->pass_sig)
			return;
		own = signo == t->own_sig;
		if (own)
			t->own_sig = 0;
		ptrap_fill_common(t, &rep, PTRAP_STOP_SIGNAL,
				  ptrap_stopcode(signo));
		copy_siginfo_to_external(&uinfo, &info);
		BUILD_BUG_ON(sizeof(uinfo) != sizeof(rep.siginfo));
		memcpy(rep.siginfo, &uinfo, sizeof(rep.siginfo));
		copy_siginfo(&t->stop_info, &info);
		t->has_stop_info = true;
		t->stop_info_changed = false;
		ptrap_signal_stop_dequeued();
		stepped = t->stepping;
		res = ptrap_park(t, &rep, &mode, &sig);
		if (res == PTRAP_PARK_KILLED)
			continue;	/* for its exit event, if any */
		if (res == PTRAP_PARK_UNREPORTED && stepped &&
		    ptrap_step_is_trap(signo, &info)) {
			/* Let go at a step's trap: it goes with the step. */
			ptrap_signal_drop(t, signo);
			continue;
		}
		if (res == PTRAP_PARK_UNREPORTED && own) {
			/* Our own signal, never seen: take it back. */
			ptrap_signal_drop(t, signo);
			continue;
		}
		if (res == PTRAP_PARK_UNREPORTED) {
			t->pass_sig = signo;
			return;
		}
		if (!sig || (sig == signo &&
			     ptrap_signal_is_ignored(current, sig))) {
			/*
			 * Suppressed; or delivered, but its disposition
			 * discards it: the same, and get_signal() would not
			 * stop for the next signal after an ignored one.
			 */
			ptrap_signal_drop(t, signo);
			continue;
		}
		if (ptrap_stop_signal(sig)) {
			/* A group-stop, reported and parked in here. */
			ptrap_signal_drop(t, signo);
			signo = ptrap_group_stop(sig);
			if (signo)
				ptrap_report_jobctl(t, signo);
			continue;
		}
		if (sig == signo && !t->stop_info_changed) {
			/* get_signal() delivers it right after we return. */
			t->pass_sig = signo;
		} else if (sig == t->stop_info.si_signo) {
			/* Deliver the siginfo the supervisor set (SETSIGINFO). */
			ptrap_signal_drop(t, signo);
			t->pass_sig = sig;
			send_sig_info(sig, &t->stop_info, current);
		} else {
			ptrap_signal_replace(t, signo, sig);
		}
		ptrap_maybe_exit_event(t, sig);
		return;
	}
}

static void ptrap_work_fn(struct callback_head *cb)
{
	struct ptrap_tracee *t = container_of(cb, struct ptrap_tracee, twork);

	/*
	 * task_work_run() runs the works queued so far newest first, and we
	 * may park for long: let the older ones (the final fput() of files
	 * the syscall closed, say) run first by queueing ourselves again;
	 * task_work_run() picks that up once the others are done. ptrace
	 * stops in get_signal() after all of them too.
	 */
	if (!t->work_deferred && !(current->flags & PF_EXITING)) {
		t->work_deferred = true;
		if (!task_work_add(current, &t->twork, TWA_NONE))
			return;
	}
	t->work_deferred = false;

	clear_bit(PTRAP_TF_WORK_QUEUED, &t->flags);
	/* Order the clear before reading what the probes recorded. */
	smp_mb__after_atomic();

	if (!(current->flags & PF_EXITING)) {
		if (test_bit(PTRAP_TF_DETACHED, &t->flags))
			ptrap_undo_pending(t);
		else
			ptrap_report_stops(t);
		/* As ptrace: a thread let go in a stopped group stops again. */
		if (test_bit(PTRAP_TF_DETACHED, &t->flags))
			ptrap_group_restop();
		ptrap_group_cld_kick();
	}
	ptrap_tracee_put(t);
}

/**
 * ptrap_tracee_finish() - end a tracee's membership with a final record
 * @t: the tracee.
 * @rep: the final record (EXITED, KILLED, DETACHED).
 *
 * Any context. The tracee stays on the session's list until the record is
 * read (or the session closes).
 */
static void ptrap_tracee_finish(struct ptrap_tracee *t,
				const struct ptrap_stop *rep)
{
	struct ptrap_session *s = t->session;

	ptrap_tracee_unhash(t);
	spin_lock(&s->lock);
	if (test_and_set_bit(PTRAP_TF_DETACHED, &t->flags)) {
		spin_unlock(&s->lock);
		return;
	}
	t->state = PTRAP_GONE;
	t->report = *rep;
	t->seq++;
	ptrap_admin_changed();
	list_del_init(&t->ready_node);
	list_add_tail(&t->ready_node, &s->ready);
	spin_unlock(&s->lock);
	wake_up_interruptible_poll(&s->read_wq, EPOLLIN | EPOLLRDNORM);
}

/* Publish the final record of @t, whose @task has exited. */
static void ptrap_tracee_report_exit(struct ptrap_tracee *t,
				     struct task_struct *task)
{
	int status = ptrap_signal_exit_status(task);
	struct ptrap_stop rep;

	memset(&rep, 0, sizeof(rep));
	rep.kind = (status & 0x7f) ? PTRAP_STOP_KILLED : PTRAP_STOP_EXITED;
	rep.status = status;
	rep.tid = t->tid;
	rep.tgid = t->tgid;
	rep.nr = -1;
	ptrap_tracee_finish(t, &rep);
}

/**
 * ptrap_tracee_drop() - @t leaves its session without a record
 * @t: the tracee.
 *
 * Any context. For an old thread-group leader that an exec in another
 * thread killed: de_thread() releases it silently, ptrace reports nothing
 * for it (the execing thread takes over its thread id).
 */
static void ptrap_tracee_drop(struct ptrap_tracee *t)
{
	struct ptrap_session *s = t->session;
	bool drop = false;

	ptrap_tracee_unhash(t);
	spin_lock(&s->lock);
	set_bit(PTRAP_TF_DETACHED, &t->flags);
	t->state = PTRAP_GONE;
	t->exit_held = false;
	ptrap_admin_changed();
	list_del_init(&t->ready_node);
	if (!list_empty(&t->node)) {
		list_del_init(&t->node);
		drop = true;
	}
	spin_unlock(&s->lock);
	if (drop)
		ptrap_tracee_put(t);
}

/**
 * ptrap_tracee_exited() - the tracee's thread is exiting (probe context)
 * @t: the tracee.
 * @task: its task, in do_exit().
 *
 * The final record is published now, but for a thread-group leader that
 * exits while other threads of the group live: as with ptrace, it is
 * reported once the group is empty, with the group's status
 * (ptrap_tracee_group_dead()). A leader killed by an exec in another
 * thread is not reported at all.
 */
void ptrap_tracee_exited(struct ptrap_tracee *t, struct task_struct *task)
{
	struct signal_struct *signal = task->signal;
	struct ptrap_session *s = t->session;
	struct task_struct *exec_task;
	bool held = false;

	if (!thread_group_leader(task)) {
		ptrap_tracee_report_exit(t, task);
		return;
	}
	exec_task = READ_ONCE(signal->group_exec_task);
	if (exec_task && exec_task != task) {
		ptrap_tracee_drop(t);
		return;
	}
	/*
	 * Pairs with ptrap_tracee_group_dead(): whichever of the two takes
	 * the lock last sees every thread out of the group's live count.
	 */
	spin_lock(&s->lock);
	if (atomic_read(&signal->live) &&
	    !test_bit(PTRAP_TF_DETACHED, &t->flags)) {
		t->exit_held = true;
		t->state = PTRAP_GONE;
		held = true;
		ptrap_admin_changed();
	}
	spin_unlock(&s->lock);
	if (!held)
		ptrap_tracee_report_exit(t, task);
}

/**
 * ptrap_tracee_group_dead() - the last thread of a group is exiting
 * @leader: the tracee of the group's leader (probe context).
 *
 * If the leader exited before and its final record is held, publish it
 * now, with the group's status, after the last thread's own.
 */
void ptrap_tracee_group_dead(struct ptrap_tracee *leader)
{
	struct ptrap_session *s = leader->session;
	bool held;

	spin_lock(&s->lock);
	held = leader->exit_held;
	leader->exit_held = false;
	spin_unlock(&s->lock);
	if (held)
		ptrap_tracee_report_exit(leader, leader->task);
}

/**
 * ptrap_tracee_exec() - the tracee completed an execve (probe context)
 * @t: the tracee (current).
 * @secureexec: the exec changed credentials.
 */
/*
 * After an exec from a thread other than the leader, de_thread() has given
 * current the leader's thread id (exchange_tids()): the tracee is reported
 * under it from now on, as with ptrace. A final record of the old leader
 * still held in the session (it exited before the exec) goes, as
 * de_thread() releases that leader silently. Returns the thread id the
 * tracee had before the exec.
 */
static pid_t ptrap_tracee_take_tid(struct ptrap_tracee *t)
{
	struct ptrap_session *s = t->session;
	pid_t old = t->tid, tid = task_pid_nr_ns(current, s->pid_ns);
	struct ptrap_tracee *o, *gone = NULL;

	if (tid == old)
		return old;
	spin_lock(&s->lock);
	list_for_each_entry(o, &s->tracees, node) {
		if (o != t && o->tid == tid && o->exit_held) {
			refcount_inc(&o->ref);
			gone = o;
			break;
		}
	}
	t->tid = tid;
	ptrap_admin_changed();
	spin_unlock(&s->lock);
	if (gone) {
		ptrap_tracee_drop(gone);
		ptrap_tracee_put(gone);
	}
	return old;
}

void ptrap_tracee_exec(struct ptrap_tracee *t, bool secureexec)
{
	struct ptrap_stop rep;
	pid_t old_tid = ptrap_tracee_take_tid(t);

	if (!ptrap_may_keep_after_exec(t->session, secureexec)) {
		memset(&rep, 0, sizeof(rep));
		rep.kind = PTRAP_STOP_DETACHED;
		rep.tid = t->tid;
		rep.tgid = t->tgid;
		rep.nr = -1;
		rep.msg = PTRAP_DETACH_REASON_PRIVILEGED_EXEC;
		ptrap_tracee_finish(t, &rep);
		pr_info_ratelimited("tracee %d executed a privileged program: detached\n",
				    task_pid_nr(current));
		return;
	}
	if (t->topts & PTRAP_O_TRACEEXEC) {
		/* Message: the thread id the tracee had before the exec. */
		t->event_pending = PTRAP_EVENT_EXEC;
		t->event_msg = old_tid;
		ptrap_queue_work(t);
		return;
	}
	/* As ptrace(2) without TRACEEXEC: SIGTRAP, unless seized. */
	if (!t->seized) {
		t->own_sig = SIGTRAP;
		send_sig(SIGTRAP, current, 0);
	}
}

static struct ptrap_tracee *ptrap_tracee_alloc(struct ptrap_session *s,
					       struct task_struct *task,
					       u64 options, bool seized,
					       gfp_t gfp)
{
	struct ptrap_tracee *t;

	t = kzalloc(sizeof(*t), gfp);
	if (!t)
		return NULL;
	ptrap_mem_add(PTRAP_MEM_TRACEE, t);
	INIT_HLIST_NODE(&t->hnode);
	INIT_LIST_HEAD(&t->node);
	INIT_LIST_HEAD(&t->ready_node);
	mutex_init(&t->op_lock);
	init_waitqueue_head(&t->park_wq);
	init_task_work(&t->twork, ptrap_work_fn);
	/* One for the session's list, one for the hash. */
	refcount_set(&t->ref, 2);
	t->task = task;
	t->tid = task_pid_nr_ns(task, s->pid_ns);
	t->tgid = task_tgid_nr_ns(task, s->pid_ns);
	t->options = options;
	t->topts = options;
	t->seized = seized;
	t->mode = PTRAP_RESUME_CONT;
	t->state = PTRAP_RUNNING;
	t->resumer_cpu = -1;
	return t;
}

/* Undo ptrap_tracee_add() for a task found exiting; see there. */
static int ptrap_tracee_add_exiting(struct ptrap_session *s,
				    struct ptrap_tracee *t)
{
	bool was_hashed;

	spin_lock(&ptrap_hash_lock);
	was_hashed = test_and_clear_bit(PTRAP_TF_HASHED, &t->flags);
	if (was_hashed)
		hash_del_rcu(&t->hnode);
	spin_unlock(&ptrap_hash_lock);
	if (!was_hashed)
		return 0;	/* the exit probe has it: its record is queued */
	ptrap_tracee_put(t);

	spin_lock(&s->lock);
	set_bit(PTRAP_TF_DETACHED, &t->flags);
	t->state = PTRAP_GONE;
	list_del_init(&t->ready_node);
	list_del_init(&t->node);
	ptrap_admin_changed();
	spin_unlock(&s->lock);
	ptrap_tracee_put(t);
	return -ESRCH;
}

/**
 * ptrap_tracee_add() - make @task a tracee of @s
 * @s: the session.
 * @task: the thread; the caller's reference passes to this function.
 * @options: PTRAP_O_* options.
 * @seized: SEIZE semantics.
 * @attach_stop: send SIGSTOP, as ATTACH.
 *
 * Return: 0, -EINVAL for unknown options, -EPERM if @task is traced
 * already, -ESRCH if it is exiting, -EBADF if the session is closing,
 * -ENOSPC over the policy's tracees-per-session limit, -ENOMEM, or the
 * probe registration error.
 */
static int ptrap_tracee_add(struct ptrap_session *s, struct task_struct *task,
			    u64 options, bool seized, bool attach_stop)
{
	struct ptrap_tracee *t;
	int ret;

	ret = -EINVAL;
	if (options & ~PTRAP_O_SUPPORTED)
		goto err_task;
	ret = -ENODEV;
	if (!try_module_get(THIS_MODULE))
		goto err_task;
	ret = ptrap_hooks_get();
	if (ret)
		goto err_module;
	ret = -ENOMEM;
	t = ptrap_tracee_alloc(s, task, options, seized, GFP_KERNEL_ACCOUNT);
	if (!t)
		goto err_hooks;
	t->own_sig = attach_stop ? SIGSTOP : 0;

	spin_lock(&ptrap_hash_lock);
	spin_lock(&s->lock);
	rcu_read_lock();
	ret = 0;
	if (s->closing)
		ret = -EBADF;
	else if (task->ptrace || ptrap_tracee_find(task))
		ret = -EPERM;
	else
		ret = ptrap_tracee_limit(s);
	rcu_read_unlock();
	if (!ret) {
		refcount_inc(&s->ref);
		t->session = s;
		hash_add_rcu(ptrap_tracee_hash, &t->hnode, (unsigned long)task);
		set_bit(PTRAP_TF_HASHED, &t->flags);
		list_add_tail(&t->node, &s->tracees);
		/* Ours until the end of this function. */
		refcount_inc(&t->ref);
	}
	spin_unlock(&s->lock);
	spin_unlock(&ptrap_hash_lock);
	if (ret)
		goto err_free;
	ptrap_hooks_tracee_added(task);

	/*
	 * Pairs with do_exit() setting PF_EXITING before the exit probe runs:
	 * if it is not set now, the probe will see this tracee.
	 */
	smp_mb();
	if (task->flags & PF_EXITING) {
		ret = ptrap_tracee_add_exiting(s, t);
		ptrap_tracee_put(t);
		return ret;
	}
	if (attach_stop)
		send_sig_info(SIGSTOP, SEND_SIG_PRIV, task);
	/* As ptrace: a thread in a group-stop reports it at once. */
	if (task != current)
		ptrap_attach_stopped(t);
	ptrap_tracee_put(t);
	return 0;

err_free:
	ptrap_tracee_kfree(t);
err_hooks:
	ptrap_hooks_put();
err_module:
	module_put(THIS_MODULE);
err_task:
	put_task_struct(task);
	return ret;
}

static struct task_struct *ptrap_get_task(struct ptrap_session *s, pid_t tid)
{
	struct task_struct *task = NULL;
	struct pid *pid;

	if (tid <= 0)
		return NULL;
	rcu_read_lock();
	pid = find_pid_ns(tid, s->pid_ns);
	if (pid)
		task = pid_task(pid, PIDTYPE_PID);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	return task;
}

/**
 * ptrap_attach() - PTRAP_IOC_ATTACH and PTRAP_IOC_SEIZE
 * @s: the session.
 * @file: the session's file, for capability checks.
 * @tid: the thread.
 * @options: PTRAP_O_*.
 * @seize: SEIZE (no stop) rather than ATTACH (SIGSTOP).
 */
int ptrap_attach(struct ptrap_session *s, struct file *file, pid_t tid,
		 u64 options, bool seize)
{
	struct task_struct *task;
	int ret;

	if (options & ~PTRAP_O_SUPPORTED)
		return -EINVAL;
	task = ptrap_get_task(s, tid);
	if (!task)
		return -ESRCH;
	ret = ptrap_may_attach(s, file, task);
	/* The administrator's policy: scope, forced EXITKILL. */
	ret = ptrap_admin_may_attach(s, file, task, tid, ret, &options);
	if (ret) {
		put_task_struct(task);
		return ret;
	}
	ret = ptrap_tracee_add(s, task, options, seize, !seize);
	ptrap_admin_attach_result(s, tid, ret);
	return ret;
}

/**
 * ptrap_traceme() - PTRAP_IOC_TRACEME: the caller becomes a tracee
 * @s: the session.
 * @options: PTRAP_O_*, in force from the tracee's first stop on.
 */
int ptrap_traceme(struct ptrap_session *s, u64 options)
{
	struct ptrap_tracee *t;
	pid_t tid = task_pid_nr_ns(current, s->pid_ns);
	int ret;

	ret = ptrap_admin_may_attach(s, NULL, NULL, tid, 0, &options);
	if (ret)
		return ret;
	get_task_struct(current);
	ret = ptrap_tracee_add(s, current, options, false, false);
	ptrap_admin_attach_result(s, tid, ret);
	if (ret)
		return ret;
	/*
	 * As with PTRACE_TRACEME followed by PTRACE_SETOPTIONS at the first
	 * stop, the options take effect from the first stop on: the exec that
	 * typically follows stops with a plain SIGTRAP, and a fork before it
	 * is not followed.
	 */
	rcu_read_lock();
	t = ptrap_tracee_find(current);
	if (t)
		t->topts = 0;
	rcu_read_unlock();
	return 0;
}

/*
 * Auto-attach @child, just created by the tracee @pt, to @pt's session,
 * inheriting its options and seized-ness (fork probe: atomic context).
 * It will start with a stop: SIGSTOP for attach-style tracees,
 * PTRAP_EVENT_STOP for seized ones, as ptrace(2).
 */
static struct ptrap_tracee *ptrap_tracee_add_child(struct ptrap_tracee *pt,
						   struct task_struct *child)
{
	struct ptrap_session *s = pt->session;
	struct ptrap_tracee *t;
	unsigned long flags;
	bool ok;

	if (!try_module_get(THIS_MODULE))
		return NULL;
	t = ptrap_tracee_alloc(s, child, pt->topts, pt->seized, GFP_ATOMIC);
	if (!t) {
		module_put(THIS_MODULE);
		return NULL;
	}
	get_task_struct(child);
	ptrap_hooks_get_live();
	if (pt->seized)
		set_bit(PTRAP_TF_INTERRUPT, &t->flags);
	else
		t->own_sig = SIGSTOP;

	spin_lock(&ptrap_hash_lock);
	spin_lock(&s->lock);
	ok = !s->closing && !test_bit(PTRAP_TF_DETACHED, &pt->flags);
	if (ok) {
		refcount_inc(&s->ref);
		t->session = s;
		ptrap_filter_inherit(t, pt);
		hash_add_rcu(ptrap_tracee_hash, &t->hnode,
			     (unsigned long)child);
		set_bit(PTRAP_TF_HASHED, &t->flags);
		list_add_tail(&t->node, &s->tracees);
	}
	spin_unlock(&s->lock);
	spin_unlock(&ptrap_hash_lock);
	if (!ok) {
		put_task_struct(child);
		ptrap_tracee_kfree(t);
		ptrap_hooks_put();
		module_put(THIS_MODULE);
		return NULL;
	}
	ptrap_hooks_tracee_added(child);
	ptrap_admin_auto_attached(s, child);

	if (!pt->seized) {
		/* As ptrace_init_task(): a bare SIGSTOP, no siginfo queued. */
		spin_lock_irqsave(&child->sighand->siglock, flags);
		sigaddset(&child->pending.signal, SIGSTOP);
		set_tsk_thread_flag(child, TIF_SIGPENDING);
		spin_unlock_irqrestore(&child->sighand->siglock, flags);
	}
	ptrap_queue_work(t);
	return t;
}

/**
 * ptrap_publish_vfork() - publish the VFORK event-stop from the fork probe
 * @t: the tracee (current), in the fork probe (atomic context).
 * @kid: the child's thread id in the session's pid namespace.
 *
 * ptrace stops the parent at PTRAP_EVENT_VFORK before it waits for the
 * child to release its memory. A module can only park the parent on its
 * way back to user mode, after that wait; so the stop is published now,
 * and the parent counts as stopped while it sleeps (killable) in the vfork
 * wait: its user registers are saved and stay put, so requests work on it,
 * and the supervisor may resume, detach or kill it there. Its task work
 * adopts the stop once the wait is over (ptrap_adopt_vfork()).
 */
static void ptrap_publish_vfork(struct ptrap_tracee *t, pid_t kid)
{
	struct ptrap_stop rep;

	ptrap_fill_common(t, &rep, PTRAP_STOP_EVENT,
			  ptrap_stopcode(SIGTRAP | (PTRAP_EVENT_VFORK << 8)));
	ptrap_set_trap_info(t, rep.status);
	rep.msg = kid;
	t->vfork_published = ptrap_publish(t, &rep);
}

/**
 * ptrap_tracee_forked() - the tracee created a task (fork probe context)
 * @t: the tracee (current).
 * @child: the new task, not running yet.
 *
 * Follows ptrace(2): the event is VFORK for CLONE_VFORK, FORK for an exit
 * signal of SIGCHLD, CLONE otherwise; with the matching option (or
 * CLONE_PTRACE) the child is traced too, unless CLONE_UNTRACED. The VFORK
 * event-stop is published at once (ptrap_publish_vfork()), the others are
 * reported by the task work before the syscall's exit stop.
 */
void ptrap_tracee_forked(struct ptrap_tracee *t, struct task_struct *child)
{
	u64 flags = t->clone_flags;
	struct ptrap_tracee *ct = NULL;
	u64 opt;
	int event;

	t->clone_flags = 0;
	if (child->flags & (PF_KTHREAD | PF_IO_WORKER))
		return;
	if (flags & CLONE_VFORK) {
		event = PTRAP_EVENT_VFORK;
		opt = PTRAP_O_TRACEVFORK;
	} else if (child->exit_signal != SIGCHLD) {
		event = PTRAP_EVENT_CLONE;
		opt = PTRAP_O_TRACECLONE;
	} else {
		event = PTRAP_EVENT_FORK;
		opt = PTRAP_O_TRACEFORK;
	}
	if (!(flags & CLONE_UNTRACED) &&
	    ((t->topts & opt) || (flags & CLONE_PTRACE))) {
		ct = ptrap_tracee_add_child(t, child);
		if (!ct)
			pr_warn_ratelimited("cannot trace the child of tracee %d\n",
					    task_pid_nr(current));
	}
	if (ct && (t->topts & opt)) {
		if (event == PTRAP_EVENT_VFORK) {
			ptrap_publish_vfork(t, ct->tid);
		} else {
			t->event_pending = event;
			t->event_msg = ct->tid;
		}
	}
	/* VFORK_DONE if TRACEVFORKDONE is set by then (at the VFORK stop). */
	if ((flags & CLONE_VFORK) &&
	    (t->vfork_published || (t->topts & PTRAP_O_TRACEVFORKDONE))) {
		t->vfork_done_pending = true;
		t->vfork_done_msg = task_pid_nr_ns(child, t->session->pid_ns);
		t->vfork_ret = task_pid_vnr(child);
		t->vfork_ax = current_pt_regs()->ax;
	}
	t->fork_stops = t->event_pending || t->vfork_published ||
			t->vfork_done_pending;
	if (t->fork_stops)
		ptrap_queue_work(t);
}

/**
 * ptrap_interrupt() - PTRAP_IOC_INTERRUPT
 * @s: the session.
 * @tid: a seized tracee.
 *
 * The tracee stops with PTRAP_EVENT_STOP as soon as it can; one already in
 * a stop does so after it is resumed, as with ptrace.
 *
 * Return: 0, -ESRCH, or -EIO if the tracee was not seized.
 */
int ptrap_interrupt(struct ptrap_session *s, pid_t tid)
{
	struct ptrap_tracee *t;
	int ret = 0;

	t = ptrap_tracee_lookup(s, tid);
	if (!t)
		return -ESRCH;
	if (t->seized) {
		set_bit(PTRAP_TF_INTERRUPT, &t->flags);
		ptrap_queue_work(t);
		/* A listening tracee reports again at once. */
		wake_up(&t->park_wq);
	} else {
		ret = -EIO;
	}
	ptrap_tracee_put(t);
	return ret;
}

/**
 * ptrap_tracee_lookup() - a live tracee of @s by thread id, referenced
 */
struct ptrap_tracee *ptrap_tracee_lookup(struct ptrap_session *s, pid_t tid)
{
	struct ptrap_tracee *t, *found = NULL;

	spin_lock(&s->lock);
	list_for_each_entry(t, &s->tracees, node) {
		if (t->tid == tid && t->state != PTRAP_GONE) {
			refcount_inc(&t->ref);
			found = t;
			break;
		}
	}
	spin_unlock(&s->lock);
	return found;
}

/**
 * ptrap_tracee_lock_stopped() - freeze a stopped tracee for a request
 * @t: the tracee.
 *
 * Return: 0 with t->op_lock held, -ESRCH if @t is not in a stop, -EINTR.
 */
int ptrap_tracee_lock_stopped(struct ptrap_tracee *t)
{
	bool stopped;

	if (mutex_lock_killable(&t->op_lock))
		return -EINTR;
	spin_lock(&t->session->lock);
	stopped = t->state == PTRAP_STOPPED && !t->resumed;
	spin_unlock(&t->session->lock);
	if (!stopped) {
		mutex_unlock(&t->op_lock);
		return -ESRCH;
	}
	return 0;
}

/* Release a stopped tracee; caller holds op_lock and session->lock. */
static void ptrap_release_stop(struct ptrap_tracee *t, u32 mode, u32 sig)
{
	lockdep_assert_held(&t->op_lock);
	lockdep_assert_held(&t->session->lock);
	t->resume_mode = mode;
	t->resume_sig = sig;
	t->resumed = true;
	WRITE_ONCE(t->resumer_cpu, raw_smp_processor_id());
	ptrap_regs_stop_ended(t);
	/* An unread record of this stop is void now, as with ptrace. */
	list_del_init(&t->ready_node);
	ptrap_admin_changed();
}

int ptrap_resume(struct ptrap_session *s, pid_t tid, u32 mode, u32 sig)
{
	struct ptrap_tracee *t;
	int ret;

	if (mode > PTRAP_RESUME_SYSEMU_SINGLESTEP)
		return -EINVAL;
	if (!ptrap_signal_valid(sig))
		return -EIO;
	t = ptrap_tracee_lookup(s, tid);
	if (!t)
		return -ESRCH;
	ret = ptrap_tracee_lock_stopped(t);
	if (!ret) {
		/* A dirty register page first; refused, it stays stopped. */
		ret = ptrap_regs_load(t);
		if (ret) {
			mutex_unlock(&t->op_lock);
			goto out_put;
		}
		spin_lock(&s->lock);
		ptrap_release_stop(t, mode, sig);
		spin_unlock(&s->lock);
		wake_up(&t->park_wq);
		mutex_unlock(&t->op_lock);
	}
out_put:
	ptrap_tracee_put(t);
	return ret;
}

/**
 * ptrap_listen() - PTRAP_IOC_LISTEN
 * @s: the session.
 * @tid: a seized tracee in a PTRAP_EVENT_STOP (group-stop or INTERRUPT).
 *
 * The tracee stays stopped, but no longer in a stop the supervisor may act
 * on, until INTERRUPT or SIGCONT makes it report PTRAP_EVENT_STOP again.
 *
 * Return: 0, -ESRCH if @tid is not in a stop, -EIO if it was not seized or
 * its stop is not a PTRAP_EVENT_STOP (as PTRACE_LISTEN).
 */
int ptrap_listen(struct ptrap_session *s, pid_t tid)
{
	struct ptrap_tracee *t;
	int ret;

	t = ptrap_tracee_lookup(s, tid);
	if (!t)
		return -ESRCH;
	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		goto out_put;
	spin_lock(&s->lock);
	if (!t->seized || (t->report.status >> 16) != PTRAP_EVENT_STOP)
		ret = -EIO;
	spin_unlock(&s->lock);
	if (!ret)
		ret = ptrap_regs_load(t);
	if (!ret) {
		spin_lock(&s->lock);
		ptrap_release_stop(t, PTRAP_RESUME_LISTEN, 0);
		spin_unlock(&s->lock);
		wake_up(&t->park_wq);
	}
	mutex_unlock(&t->op_lock);
out_put:
	ptrap_tracee_put(t);
	return ret;
}

int ptrap_detach(struct ptrap_session *s, pid_t tid, u32 sig)
{
	struct ptrap_tracee *t;
	bool drop = false;
	int ret;

	if (!ptrap_signal_valid(sig))
		return -EIO;
	t = ptrap_tracee_lookup(s, tid);
	if (!t)
		return -ESRCH;
	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		goto out_put;
	/* A dirty register page first; refused, it stays stopped. */
	ret = ptrap_regs_load(t);
	if (ret) {
		mutex_unlock(&t->op_lock);
		goto out_put;
	}
	ptrap_tracee_unhash(t);
	spin_lock(&s->lock);
	set_bit(PTRAP_TF_DETACHED, &t->flags);
	t->detach = true;
	ptrap_release_stop(t, PTRAP_RESUME_CONT, sig);
	t->state = PTRAP_GONE;
	if (!list_empty(&t->node)) {
		list_del_init(&t->node);
		drop = true;
	}
	spin_unlock(&s->lock);
	wake_up(&t->park_wq);
	/* A RESUME_WAIT for this tracee learns that it is gone. */
	wake_up_interruptible(&s->read_wq);
	mutex_unlock(&t->op_lock);
	if (drop)
		ptrap_tracee_put(t);
	ptrap_admin_detached(s, tid);
out_put:
	ptrap_tracee_put(t);
	return ret;
}

int ptrap_kill(struct ptrap_session *s, pid_t tid)
{
	struct ptrap_tracee *t;

	t = ptrap_tracee_lookup(s, tid);
	if (!t)
		return -ESRCH;
	send_sig_info(SIGKILL, SEND_SIG_PRIV, t->task);
	ptrap_stats_inc(PTRAP_CNT_KILL);
	ptrap_tracee_put(t);
	return 0;
}

int ptrap_setoptions(struct ptrap_session *s, pid_t tid, u64 options)
{
	struct ptrap_tracee *t;
	int ret;

	if (options & ~PTRAP_O_SUPPORTED)
		return -EINVAL;
	t = ptrap_tracee_lookup(s, tid);
	if (!t)
		return -ESRCH;
	ret = ptrap_tracee_lock_stopped(t);
	if (!ret) {
		spin_lock(&s->lock);
		t->options = options;
		ptrap_admin_changed();
		spin_unlock(&s->lock);
		mutex_unlock(&t->op_lock);
	}
	ptrap_tracee_put(t);
	return ret;
}

/**
 * ptrap_session_release_tracees() - the session's file is closed
 * @s: the session.
 *
 * Every tracee leaves: one with PTRAP_O_EXITKILL is killed, the others are
 * let go as if the session had never stopped them (a stopped one resumes
 * as it would have without the stop: a signal is delivered, a syscall
 * runs). Nothing stays parked.
 */
void ptrap_session_release_tracees(struct ptrap_session *s)
{
	struct ptrap_tracee *t;
	bool exitkill;

	spin_lock(&s->lock);
	s->closing = true;
	spin_unlock(&s->lock);

	for (;;) {
		spin_lock(&s->lock);
		t = list_first_entry_or_null(&s->tracees, struct ptrap_tracee,
					     node);
		if (t)
			list_del_init(&t->node);
		spin_unlock(&s->lock);
		if (!t)
			break;

		ptrap_tracee_unhash(t);
		spin_lock(&s->lock);
		set_bit(PTRAP_TF_DETACHED, &t->flags);
		list_del_init(&t->ready_node);
		exitkill = t->options & PTRAP_O_EXITKILL;
		if (t->state != PTRAP_GONE) {
			t->state = PTRAP_GONE;
			t->resume_mode = PTRAP_RESUME_CONT;
			t->resume_sig = 0;
			t->resumed = true;
		}
		spin_unlock(&s->lock);
		if (exitkill)
			send_sig_info(SIGKILL, SEND_SIG_PRIV, t->task);
		wake_up(&t->park_wq);
		/* Its task work undoes what is pending (ptrap_undo_pending). */
		ptrap_queue_work(t);
		ptrap_tracee_put(t);
	}
}
