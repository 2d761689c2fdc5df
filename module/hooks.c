// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: the tracepoint probes through which tracees are interposed on.
 *
 * A stock kernel lets a module attach probes to tracepoints. Every probe
 * here runs in the context of the task it concerns (or, for
 * signal_generate, of the sender) with preemption disabled, so none may
 * sleep: they only record what happened and queue the tracee's task work,
 * which stops it in process context (tracee.c).
 *
 * Registering sys_enter/sys_exit probes puts every thread of the system on
 * the syscall slow path, so all probes are registered only while at least
 * one tracee exists (ptrap_hooks_get/put).
 */
#include <linux/module.h>
#include <linux/tracepoint.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/binfmts.h>
#include <linux/workqueue.h>
#include <linux/uaccess.h>
#include <linux/sched/task.h>
#include <asm/syscall.h>

#include "ptrap.h"

/* TRACE_SIGNAL_DELIVERED, _IGNORED of include/trace/events/signal.h */
#define PTRAP_SIGNAL_DELIVERED	0
#define PTRAP_SIGNAL_IGNORED	1

/*
 * Remember the flags of a clone-family syscall for the fork probe, which
 * does not get them: they decide the event kind and CLONE_UNTRACED.
 */
static void ptrap_note_clone(struct ptrap_tracee *t, struct pt_regs *regs,
			     long id)
{
	u64 flags = 0;

	switch (id) {
	case __NR_fork:
		break;
	case __NR_vfork:
		flags = CLONE_VFORK | CLONE_VM;
		break;
	case __NR_clone:
		flags = regs->di;
		break;
	case __NR_clone3:
		/* The struct was just read by nobody yet; it is usually resident. */
		if (copy_from_user_nofault(&flags, (void __user *)regs->di,
					   sizeof(flags)))
			flags = 0;
		break;
	default:
		return;
	}
	t->clone_flags = flags;
}

static bool ptrap_is_exit_event(struct ptrap_tracee *t, long id)
{
	return (t->topts & PTRAP_O_TRACEEXIT) &&
	       (id == __NR_exit || id == __NR_exit_group);
}

/*
 * Whether syscall @id stops @t in SYSCALL or SYSEMU mode: always without a
 * filter, and for ia32 and x32 syscalls, whose numbers the filter (native
 * x86-64 ones) does not cover; else as its bit says. Under RCU.
 */
static bool ptrap_filter_stops(struct ptrap_tracee *t, long id)
{
	const struct ptrap_syscall_filter *f = rcu_dereference(t->filter);

	if (!f || in_ia32_syscall() || (id >= 0 && (id & __X32_SYSCALL_BIT)))
		return true;
	return (unsigned long)id < f->nbits && test_bit(id, f->bits);
}

static void ptrap_probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct ptrap_tracee *t;
	bool stop_entry, exit_event;

	rcu_read_lock();
	t = ptrap_tracee_find(current);
	if (!t)
		goto out;

	ptrap_note_clone(t, regs, id);
	t->filtered_out = false;
	if (t->reissue) {
		/* The syscall the supervisor let through after its entry stop. */
		if (regs->ip == t->reissue_ip && id == t->reissue_nr) {
			t->reissue = false;
			t->redirect_pending = t->redirect_ip != 0;
			ptrap_signals_restore(t);
			goto out;
		}
	}
	switch (t->mode) {
	case PTRAP_RESUME_SYSCALL:
	case PTRAP_RESUME_SYSEMU:
		/* Filtered out: runs natively, no exit stop either. */
		stop_entry = ptrap_filter_stops(t, id);
		t->filtered_out = !stop_entry;
		break;
	case PTRAP_RESUME_SYSEMU_SINGLESTEP:
		stop_entry = true;
		break;
	default:
		stop_entry = false;
		break;
	}
	exit_event = ptrap_is_exit_event(t, id);
	if (!stop_entry && !exit_event)
		goto out;
	/* Once the syscall is skipped, the task work must run to finish it. */
	if (!refcount_inc_not_zero(&t->ref))
		goto out;

	/*
	 * Stop at entry (or, for exit with TRACEEXIT, at the exit event):
	 * skip the syscall now (orig_ax = -1 leaves ax, which the entry code
	 * set to -ENOSYS, untouched) and stop in the task work on the way
	 * out. If the supervisor lets it run, the task work rewinds the
	 * instruction pointer so that it is issued again.
	 */
	t->entry_nr = id;
	syscall_get_arguments(current, regs, t->entry_args);
	t->entry_emu = t->mode == PTRAP_RESUME_SYSEMU ||
		       t->mode == PTRAP_RESUME_SYSEMU_SINGLESTEP;
	t->entry_pending = stop_entry;
	t->exit_event_pending = !stop_entry;
	t->skip_exit = true;
	t->reissue = false;
	regs->orig_ax = -1;
	ptrap_step_syscall_skipped(t);
	ptrap_queue_work(t);
	ptrap_tracee_put(t);
out:
	rcu_read_unlock();
}

static void ptrap_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct ptrap_tracee *t;

	rcu_read_lock();
	t = ptrap_tracee_find(current);
	if (!t)
		goto out;

	if (t->skip_exit) {
		t->skip_exit = false;
		goto out;
	}
	if (t->redirect_pending) {
		/* Return where the supervisor pointed at the entry stop. */
		t->redirect_pending = false;
		regs->ip = t->redirect_ip;
	}
	if (t->fork_stops) {
		/*
		 * The syscall's event-stops come first (the VFORK stop may be
		 * released already); the mode they leave decides.
		 */
		t->fork_stops = false;
		t->exit_deferred = true;
		ptrap_queue_work(t);
	} else if (t->mode == PTRAP_RESUME_SYSCALL && !t->filtered_out) {
		t->exit_pending = true;
		ptrap_queue_work(t);
	} else if (signal_pending(current)) {
		/* The syscall may have unblocked a signal (sigprocmask). */
		ptrap_queue_work(t);
	}
out:
	rcu_read_unlock();
}

/*
 * SIGKILL was sent to @task (@t its tracee record, if any): the tracees
 * with TRACEEXIT that it kills report their exit event first (tracee.c),
 * from their task work, which must run. A SIGKILL that began a group exit
 * (@delivered) kills every thread of the group. Under @task's siglock.
 */
static void ptrap_kill_coming(struct task_struct *task, struct ptrap_tracee *t,
			      bool delivered)
{
	struct task_struct *th;

	lockdep_assert_held(&task->sighand->siglock);
	if (delivered && (task->signal->flags & SIGNAL_GROUP_EXIT)) {
		for_each_thread(task, th) {
			t = ptrap_tracee_find(th);
			if (t && (t->topts & PTRAP_O_TRACEEXIT) &&
			    !(th == current && t->group_exit_started))
				ptrap_queue_work(t);
		}
	} else if (t && (t->topts & PTRAP_O_TRACEEXIT)) {
		ptrap_queue_work(t);
	}
}

static void ptrap_probe_signal_generate(void *data, int sig,
					struct kernel_siginfo *info,
					struct task_struct *task, int group,
					int result)
{
	struct ptrap_tracee *t;

	rcu_read_lock();
	/* SIGCONT acts on the whole process, whatever became of it. */
	if (sig == SIGCONT)
		ptrap_sigcont_notify(task);
	if (result != PTRAP_SIGNAL_DELIVERED && result != PTRAP_SIGNAL_IGNORED)
		goto out;

	t = ptrap_tracee_find(task);
	if (sig == SIGKILL) {
		if (t && task == current && t->group_exit_starting &&
		    result == PTRAP_SIGNAL_DELIVERED)
			ptrap_signal_group_exit_fixup(t);
		ptrap_kill_coming(task, t, result == PTRAP_SIGNAL_DELIVERED);
	} else if (t) {
		if (result == PTRAP_SIGNAL_IGNORED)
			ptrap_signal_keep_ignored(t, task, sig, info, group);
		else
			ptrap_signal_unfatal(task, sig, group);
		/* The tracee may be inside get_signal() already: see there. */
		if (task != current)
			ptrap_signal_hold_async(t, task, sig);
		ptrap_queue_work(t);
	}
out:
	rcu_read_unlock();
}

/*
 * @sig, a stop signal, is being delivered to current with its default
 * action: the other threads of its group will get the stop pending; those
 * that are tracees take part in it through their task work (tracee.c),
 * which must run. Under current's siglock.
 */
static void ptrap_group_stop_coming(void)
{
	struct ptrap_tracee *t;
	struct task_struct *th;

	for_each_thread(current, th) {
		if (th == current)
			continue;
		t = ptrap_tracee_find(th);
		if (t)
			ptrap_queue_work(t);
	}
}

static void ptrap_probe_signal_deliver(void *data, int sig,
				       struct kernel_siginfo *info,
				       struct k_sigaction *ka)
{
	struct ptrap_tracee *t;

	rcu_read_lock();
	if (sig_kernel_stop(sig) && ka->sa.sa_handler == SIG_DFL &&
	    !thread_group_empty(current))
		ptrap_group_stop_coming();
	t = ptrap_tracee_find(current);
	if (t) {
		if (t->pass_sig == sig)
			t->pass_sig = 0;
		ptrap_step_note_handler(t, ka);
		ptrap_signal_forget_ignored(t, sig);
		/*
		 * get_signal() runs the task work only before its first
		 * dequeue; make the next round stop for the next signal.
		 */
		if (sig != SIGKILL)
			ptrap_queue_work(t);
	}
	rcu_read_unlock();
}

static void ptrap_probe_process_exec(void *data, struct task_struct *p,
				     pid_t old_pid, struct linux_binprm *bprm)
{
	struct ptrap_tracee *t;

	rcu_read_lock();
	t = ptrap_tracee_find(p);
	if (t)
		ptrap_tracee_exec(t, bprm->secureexec);
	rcu_read_unlock();
}

static void ptrap_probe_process_fork(void *data, struct task_struct *parent,
				     struct task_struct *child)
{
	struct ptrap_tracee *t;

	rcu_read_lock();
	t = ptrap_tracee_find(parent);
	if (t && parent == current)
		ptrap_tracee_forked(t, child);
	rcu_read_unlock();
}

/*
 * @p is exiting (do_exit(), after it left the group's live threads). Its
 * final record; and if it is the last thread of a group whose leader
 * exited before it, the leader's too (ptrap_tracee_group_dead()).
 */
static void ptrap_probe_process_exit(void *data, struct task_struct *p)
{
	struct ptrap_tracee *t;

	rcu_read_lock();
	t = ptrap_tracee_find(p);
	if (t)
		ptrap_tracee_exited(t, p);
	if (!thread_group_leader(p) && !atomic_read(&p->signal->live)) {
		t = ptrap_tracee_find(p->group_leader);
		if (t)
			ptrap_tracee_group_dead(t);
	}
	rcu_read_unlock();
}

/**
 * struct ptrap_hook - a tracepoint and our probe for it
 * @name: tracepoint name.
 * @probe: our probe function.
 * @tp: the tracepoint, found by name at module load.
 */
struct ptrap_hook {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

static struct ptrap_hook ptrap_hooks[] = {
	{ "sys_enter", ptrap_probe_sys_enter },
	{ "sys_exit", ptrap_probe_sys_exit },
	{ "signal_generate", ptrap_probe_signal_generate },
	{ "signal_deliver", ptrap_probe_signal_deliver },
	{ "sched_process_fork", ptrap_probe_process_fork },
	{ "sched_process_exec", ptrap_probe_process_exec },
	{ "sched_process_exit", ptrap_probe_process_exit },
};

/* Serialises registration; protects ptrap_hooks_registered. */
static DEFINE_MUTEX(ptrap_hooks_mutex);
static bool ptrap_hooks_registered;
/* Users of the probes: one per live tracee. Changes without the mutex. */
static atomic_t ptrap_hooks_users = ATOMIC_INIT(0);

static void ptrap_find_tracepoint(struct tracepoint *tp, void *priv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ptrap_hooks); i++)
		if (!strcmp(tp->name, ptrap_hooks[i].name))
			ptrap_hooks[i].tp = tp;
}

static void ptrap_hooks_unregister(void)
{
	size_t i;

	lockdep_assert_held(&ptrap_hooks_mutex);
	if (!ptrap_hooks_registered)
		return;
	for (i = 0; i < ARRAY_SIZE(ptrap_hooks); i++)
		tracepoint_probe_unregister(ptrap_hooks[i].tp,
					    ptrap_hooks[i].probe, NULL);
	tracepoint_synchronize_unregister();
	WRITE_ONCE(ptrap_hooks_registered, false);
}

static int ptrap_hooks_register(void)
{
	size_t i;
	int ret;

	lockdep_assert_held(&ptrap_hooks_mutex);
	if (ptrap_hooks_registered)
		return 0;
	for (i = 0; i < ARRAY_SIZE(ptrap_hooks); i++) {
		ret = tracepoint_probe_register(ptrap_hooks[i].tp,
						ptrap_hooks[i].probe, NULL);
		if (ret)
			goto err_unregister;
	}
	WRITE_ONCE(ptrap_hooks_registered, true);
	return 0;

err_unregister:
	while (i--)
		tracepoint_probe_unregister(ptrap_hooks[i].tp,
					    ptrap_hooks[i].probe, NULL);
	tracepoint_synchronize_unregister();
	pr_err("cannot register probe on %s: %d\n", ptrap_hooks[i].name, ret);
	return ret;
}

static void ptrap_hooks_idle_fn(struct work_struct *work)
{
	mutex_lock(&ptrap_hooks_mutex);
	if (!atomic_read(&ptrap_hooks_users))
		ptrap_hooks_unregister();
	mutex_unlock(&ptrap_hooks_mutex);
}

static DECLARE_DELAYED_WORK(ptrap_hooks_idle_work, ptrap_hooks_idle_fn);

/*
 * Registering and unregistering probes patches kernel text on every CPU
 * (text_poke_bp: int3, IPIs to every CPU, then the new instruction). Keep
 * them for a while after the last tracee goes, so that a supervisor that
 * traces one short-lived program after another does not pay that, nor
 * make everyone else pay it, each time. Under emulation (qemu TCG) each
 * patching is also a chance for a CPU to run into a stale int3 ("Oops:
 * int3" at the tracepoint site): a test run patches twice, at the first
 * tracee and at rmmod. Written through sysfs (the kernel's param lock);
 * read once per idle period.
 */
static unsigned int probe_idle_secs = 60;
module_param(probe_idle_secs, uint, 0644);
MODULE_PARM_DESC(probe_idle_secs,
		 "seconds the syscall and signal probes stay registered after the last tracee is gone (default 60)");

/**
 * ptrap_hooks_get() - take a probe user, registering the probes if needed
 *
 * Sleeps. Return: 0 or the registration error.
 */
int ptrap_hooks_get(void)
{
	int ret;

	mutex_lock(&ptrap_hooks_mutex);
	ret = ptrap_hooks_register();
	if (!ret)
		atomic_inc(&ptrap_hooks_users);
	mutex_unlock(&ptrap_hooks_mutex);
	return ret;
}

/**
 * ptrap_hooks_get_live() - take another probe user while one is held
 *
 * Any context: the probes are registered already, a user holds them.
 */
void ptrap_hooks_get_live(void)
{
	atomic_inc(&ptrap_hooks_users);
}

/**
 * ptrap_hooks_put() - drop a probe user; probe_idle_secs after the last
 * one, a work item unregisters the probes. Any context.
 */
void ptrap_hooks_put(void)
{
	if (atomic_dec_and_test(&ptrap_hooks_users))
		mod_delayed_work(system_wq, &ptrap_hooks_idle_work,
				 READ_ONCE(probe_idle_secs) * HZ);
}

/* Whether the probes are registered now (GET_STATUS). Any context. */
bool ptrap_hooks_active(void)
{
	return READ_ONCE(ptrap_hooks_registered);
}

int ptrap_hooks_init(void)
{
	size_t i;

	for_each_kernel_tracepoint(ptrap_find_tracepoint, NULL);
	for (i = 0; i < ARRAY_SIZE(ptrap_hooks); i++) {
		if (!ptrap_hooks[i].tp) {
			pr_err("kernel has no tracepoint %s\n",
			       ptrap_hooks[i].name);
			return -ENOENT;
		}
	}
	return 0;
}

void ptrap_hooks_exit(void)
{
	cancel_delayed_work_sync(&ptrap_hooks_idle_work);
	mutex_lock(&ptrap_hooks_mutex);
	ptrap_hooks_unregister();
	mutex_unlock(&ptrap_hooks_mutex);
}
