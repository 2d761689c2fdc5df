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
 * one tracee exists (ptrap_hooks_get/put), and while they are, only
 * tracees stay on it if nothing else uses those tracepoints (the untraced
 * fast path, below).
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

/* The first PTRAP_SYSCALL_HOOKS hooks are the syscall tracepoints'. */
#define PTRAP_SYSCALL_HOOKS	2

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

/*
 * The untraced fast path.
 *
 * syscall_regfunc() (kernel/tracepoint.c), which runs when the first probe
 * is attached to sys_enter or to sys_exit, sets SYSCALL_WORK_SYSCALL_TRACEPOINT
 * on every thread, and copy_process() passes the bit on from parent to
 * child (syscall_tracepoint_update()): every system call of every process
 * then takes the slow path (syscall_trace_enter(), syscall_exit_work())
 * and runs our probes' hash lookup, though only tracees concern them.
 *
 * So, when our probes are the only ones on both tracepoints at
 * registration, the bit is cleared on every thread that is not a tracee,
 * and each tracee gets it when it is hashed, whoever hashes it (attach,
 * seize, traceme, auto-attach: ptrap_hooks_tracee_added()). Children of
 * untraced threads inherit the cleared bit; children of tracees the set
 * one (a cost only: they run their probes for nothing until they exit).
 * A thread that leaves its session keeps the bit (a cost only) until our
 * probes are unregistered. Only the x86-64 generic entry code is
 * concerned: the bit is what it tests before calling the tracepoints.
 *
 * Other users of these tracepoints (perf trace, the ftrace syscall
 * events, BPF raw_tp programs) must not lose the system calls of untraced
 * threads. One registered before us is seen, and nothing is cleared. One
 * registered after us does not run syscall_regfunc() again (the
 * tracepoint is enabled already), and the kernel gives no notice of it:
 * every attach, and a work item every PTRAP_FASTPATH_CHECK_MS while the
 * bits are cleared, look at the tracepoints' probes; once one of them
 * sees a foreign probe, the bit is set on every thread again (the
 * kernel's own state) and nothing is cleared any more until our probes
 * are unregistered. Until then, up to the check period, the newcomer
 * misses the system calls of untraced threads (README, known deviations).
 *
 * When our probes go, syscall_unregfunc() clears the bit on every thread
 * if ours were the last ones on both tracepoints; if foreign probes
 * remain, the kernel leaves the bits alone, so they are set on every
 * thread again. Module parameter untraced_fastpath turns all of this off
 * (writing N sets the bits on every thread at once) and on again (writing
 * Y clears them if the probes are registered and no foreign probe was
 * seen since they were).
 */
/* Written through sysfs (under the module's parameter lock), read once. */
static bool untraced_fastpath = true;

#define PTRAP_FASTPATH_CHECK_MS	1000

/*
 * Orders the clearing pass against the setting of new tracees' bits, and
 * every change of ptrap_fastpath; innermost (taken under
 * ptrap_hooks_mutex, or alone). ptrap_fastpath is read without it for
 * GET_STATUS.
 */
static DEFINE_SPINLOCK(ptrap_fastpath_lock);
static enum ptrap_untraced_fastpath ptrap_fastpath = PTRAP_UNTRACED_FASTPATH_OFF;

static void ptrap_fastpath_check_fn(struct work_struct *work);
/* Runs every PTRAP_FASTPATH_CHECK_MS while the bits are cleared. */
static DECLARE_DELAYED_WORK(ptrap_fastpath_work, ptrap_fastpath_check_fn);

/*
 * Whether a probe other than ours is on sys_enter or sys_exit. The probe
 * arrays are read as __DO_TRACE() reads them: an RCU read-side section
 * keeps the array it finds alive (release_probes() frees an old one after
 * a grace period). A slot may be the kernel's tp_stub_func (a removal
 * that could not allocate): it counts as foreign, which only costs.
 */
static bool ptrap_syscall_probes_foreign(void)
{
	struct tracepoint_func *f;
	bool foreign = false;
	void *func;
	int i;

	rcu_read_lock();
	for (i = 0; i < PTRAP_SYSCALL_HOOKS && !foreign; i++) {
		f = rcu_dereference(ptrap_hooks[i].tp->funcs);
		for (; f && (func = READ_ONCE(f->func)); f++) {
			if (func != ptrap_hooks[i].probe) {
				foreign = true;
				break;
			}
		}
	}
	rcu_read_unlock();
	return foreign;
}

/* Put every thread back on the syscall slow path. */
static void ptrap_fastpath_set_all(void)
{
	struct task_struct *p, *t;

	lockdep_assert_held(&ptrap_fastpath_lock);
	rcu_read_lock();
	for_each_process_thread(p, t)
		set_task_syscall_work(t, SYSCALL_TRACEPOINT);
	rcu_read_unlock();
}

/*
 * Take every thread that is not a tracee off the syscall slow path. A
 * thread being created now and missed here gets its parent's bit, cleared
 * or not (a cost only).
 */
static void ptrap_fastpath_clear_untraced(void)
{
	struct task_struct *p, *t;

	lockdep_assert_held(&ptrap_fastpath_lock);
	rcu_read_lock();
	for_each_process_thread(p, t)
		if (!ptrap_tracee_find(t))
			clear_task_syscall_work(t, SYSCALL_TRACEPOINT);
	rcu_read_unlock();
}

/*
 * Set the bit on every thread, twice. A thread that copy_process() is
 * creating now may have copied its parent's cleared bit before the first
 * pass set the parent's, and join the list of threads behind it. Its
 * creation runs under write_lock_irq(&tasklist_lock), which a module
 * cannot take, but with interrupts off, an RCU read-side section: after a
 * grace period it is in the list, for the second pass. Sleeps.
 */
static void ptrap_fastpath_set_all_twice(void)
{
	spin_lock(&ptrap_fastpath_lock);
	ptrap_fastpath_set_all();
	spin_unlock(&ptrap_fastpath_lock);
	synchronize_rcu();
	spin_lock(&ptrap_fastpath_lock);
	ptrap_fastpath_set_all();
	spin_unlock(&ptrap_fastpath_lock);
}

/*
 * While the bits are cleared: give them all back if a foreign probe
 * appeared, else check again later. They are not cleared again before
 * our probes are unregistered (which cancels this work first); nor does
 * anything else change the state while this work may run (the parameter
 * cancels it first too).
 */
static void ptrap_fastpath_check_fn(struct work_struct *work)
{
	if (READ_ONCE(ptrap_fastpath) != PTRAP_UNTRACED_FASTPATH_ACTIVE)
		return;
	if (!ptrap_syscall_probes_foreign()) {
		schedule_delayed_work(&ptrap_fastpath_work,
				      msecs_to_jiffies(PTRAP_FASTPATH_CHECK_MS));
		return;
	}
	spin_lock(&ptrap_fastpath_lock);
	WRITE_ONCE(ptrap_fastpath, PTRAP_UNTRACED_FASTPATH_FOREIGN);
	spin_unlock(&ptrap_fastpath_lock);
	ptrap_fastpath_set_all_twice();
}

/*
 * Our probes are registered (just now, or the parameter was turned on):
 * clear the bits if they are alone. A tracee being hashed meanwhile gets
 * its bit back from ptrap_hooks_tracee_added().
 */
static void ptrap_fastpath_start(void)
{
	bool active = false;

	lockdep_assert_held(&ptrap_hooks_mutex);
	if (!READ_ONCE(untraced_fastpath))
		return;
	spin_lock(&ptrap_fastpath_lock);
	if (ptrap_fastpath != PTRAP_UNTRACED_FASTPATH_OFF) {
		/* Active already, or a foreign probe was seen. */
	} else if (ptrap_syscall_probes_foreign()) {
		WRITE_ONCE(ptrap_fastpath, PTRAP_UNTRACED_FASTPATH_FOREIGN);
	} else {
		ptrap_fastpath_clear_untraced();
		WRITE_ONCE(ptrap_fastpath, PTRAP_UNTRACED_FASTPATH_ACTIVE);
		active = true;
	}
	spin_unlock(&ptrap_fastpath_lock);
	if (active)
		schedule_delayed_work(&ptrap_fastpath_work,
				      msecs_to_jiffies(PTRAP_FASTPATH_CHECK_MS));
}

/*
 * Our probes were just unregistered (the check work is cancelled): if the
 * bits were cleared and foreign probes remain, syscall_unregfunc() did
 * not run; set them all again.
 */
static void ptrap_fastpath_stop(void)
{
	bool reset;

	lockdep_assert_held(&ptrap_hooks_mutex);
	spin_lock(&ptrap_fastpath_lock);
	reset = ptrap_fastpath == PTRAP_UNTRACED_FASTPATH_ACTIVE &&
		ptrap_syscall_probes_foreign();
	WRITE_ONCE(ptrap_fastpath, PTRAP_UNTRACED_FASTPATH_OFF);
	spin_unlock(&ptrap_fastpath_lock);
	if (reset)
		ptrap_fastpath_set_all_twice();
}

/* The parameter was turned off while our probes are registered. */
static void ptrap_fastpath_off(void)
{
	bool reset;

	lockdep_assert_held(&ptrap_hooks_mutex);
	cancel_delayed_work_sync(&ptrap_fastpath_work);
	spin_lock(&ptrap_fastpath_lock);
	reset = ptrap_fastpath == PTRAP_UNTRACED_FASTPATH_ACTIVE;
	if (reset)
		WRITE_ONCE(ptrap_fastpath, PTRAP_UNTRACED_FASTPATH_OFF);
	spin_unlock(&ptrap_fastpath_lock);
	if (reset)
		ptrap_fastpath_set_all_twice();
}

/*
 * Writing untraced_fastpath (under the module's parameter lock, which
 * nothing here takes otherwise) acts at once while the probes are
 * registered.
 */
static int ptrap_fastpath_param_set(const char *val,
				    const struct kernel_param *kp)
{
	int ret = param_set_bool(val, kp);

	if (ret)
		return ret;
	mutex_lock(&ptrap_hooks_mutex);
	if (ptrap_hooks_registered) {
		if (READ_ONCE(untraced_fastpath))
			ptrap_fastpath_start();
		else
			ptrap_fastpath_off();
	}
	mutex_unlock(&ptrap_hooks_mutex);
	return 0;
}

static const struct kernel_param_ops ptrap_fastpath_param_ops = {
	.set = ptrap_fastpath_param_set,
	.get = param_get_bool,
};

module_param_cb(untraced_fastpath, &ptrap_fastpath_param_ops,
		&untraced_fastpath, 0644);
MODULE_PARM_DESC(untraced_fastpath,
		 "while nothing else uses the syscall tracepoints, only tracees take the syscall slow path (default Y)");

/**
 * ptrap_hooks_tracee_added() - put a new tracee on the syscall slow path
 * @task: the thread, just hashed as a tracee (ptrap_tracee_find() finds
 *	it from now on).
 *
 * Ordered against the clearing pass by ptrap_fastpath_lock: either the
 * pass found @task hashed and left its bit alone, or the bit is set here
 * after the pass. Also looks for a foreign probe, and if there is one,
 * has the check work run now. Any context but interrupts.
 */
void ptrap_hooks_tracee_added(struct task_struct *task)
{
	bool active;

	spin_lock(&ptrap_fastpath_lock);
	set_task_syscall_work(task, SYSCALL_TRACEPOINT);
	active = ptrap_fastpath == PTRAP_UNTRACED_FASTPATH_ACTIVE;
	spin_unlock(&ptrap_fastpath_lock);
	if (active && ptrap_syscall_probes_foreign())
		mod_delayed_work(system_wq, &ptrap_fastpath_work, 0);
}

/* The state of the untraced fast path (GET_STATUS). Any context. */
enum ptrap_untraced_fastpath ptrap_hooks_fastpath(void)
{
	return READ_ONCE(ptrap_fastpath);
}

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
	cancel_delayed_work_sync(&ptrap_fastpath_work);
	for (i = 0; i < ARRAY_SIZE(ptrap_hooks); i++)
		tracepoint_probe_unregister(ptrap_hooks[i].tp,
					    ptrap_hooks[i].probe, NULL);
	tracepoint_synchronize_unregister();
	ptrap_fastpath_stop();
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
	ptrap_fastpath_start();
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
