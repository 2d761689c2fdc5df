/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptrap: ptrace as a device. Internal declarations shared by the module's
 * subsystems:
 *
 *   main.c     module init/exit, the misc device
 *   session.c  a session (one open file): read, poll, ioctl dispatch, close
 *   tracee.c   the tracee state machine: attach, stop, park, resume, detach
 *   hooks.c    the tracepoint probes through which tracees are interposed on
 *   signals.c  signal-delivery-stops: peeking, dropping, replacing signals
 *   jobctl.c   group-stop: stop signals, SIGCONT, attaching to a stopped task
 *   regs.c     registers and memory of a stopped tracee
 *   step.c     single-stepping
 *   access.c   who may trace whom
 *   admin.c    the registry of sessions, the policy, revoking a session
 *   stats.c    counters and the stop-to-resume latency histogram
 *   netlink.c  the generic netlink family "ptrap" (ptrapctl)
 *   filter.c   the per-tracee syscall filter
 *   regspage.c the register page: registers shared with the supervisor
 *
 * Locking, outermost first:
 *   tracee->op_lock     (mutex)    freezes a stopped tracee for a request
 *   ptrap_hash_lock     (spinlock) the global task -> tracee hash (writers)
 *   session->lock       (spinlock) a session's lists and its tracees' state
 *   ptrap_hooks_mutex   (mutex)    probe registration; taken alone
 *   ptrap_fastpath_lock (spinlock) the untraced fast path (hooks.c): alone
 *                                  or under ptrap_hooks_mutex
 *
 * Administration (admin.c), outermost first:
 *   ptrap_sessions_mutex (mutex)   the registry of sessions; a dump holds
 *                                  it while it takes each session->lock
 *   session->lock
 *   ptrap_policy_lock    (seqlock) the policy; readers retry, never block
 *   ptrap_stats_mutex    (mutex)   reading vs resetting statistics; alone
 *
 * ptrap_admin_gen (atomic_t, admin.c), the dumps' generation, takes no
 * lock: ptrap_admin_changed() bumps it inside or after the critical
 * section that changes what a dump shows, never before.
 */
#ifndef _PTRAP_H
#define _PTRAP_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/task_work.h>
#include <linux/cred.h>
#include <linux/signal_types.h>
#include <linux/signal.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/time64.h>
#include <linux/ptrap.h>

#define PTRAP_MODULE_VERSION	"0.1.0"

struct pid_namespace;
struct pt_regs;
struct vm_area_struct;

#define PTRAP_IGNORED_SLOTS	4
/* struct ptrap_tracee.regs_segs: fs_base to gs in user_regs_struct */
#define PTRAP_REGS_SEGS		6

/**
 * struct ptrap_syscall_filter - a tracee's syscall filter; never changed
 *	once installed (SET installs a new one)
 * @ref: one per tracee that has it (auto-attached children share it).
 * @rcu: frees it once the probes are done with it.
 * @nbits: bits in @bits: syscalls at or past it do not stop.
 * @bits: bit N set: native syscall N stops.
 */
struct ptrap_syscall_filter {
	refcount_t ref;
	struct rcu_head rcu;
	unsigned int nbits;
	unsigned long bits[];
};

/**
 * struct ptrap_ignored_sig - a discarded signal put back for a tracee
 * @sig: the signal, 0 for a free slot.
 * @info: its siginfo.
 */
struct ptrap_ignored_sig {
	int sig;
	kernel_siginfo_t info;
};

/**
 * struct ptrap_session - one open file of /dev/ptrap: the tracer
 * @lock: protects @tracees, @ready, @closing and the "session->lock" fields
 *	of every tracee of this session.
 * @tracees: every tracee of the session (struct ptrap_tracee.node),
 *	including exited ones whose exit record has not been read yet.
 * @ready: tracees with an unread record, oldest first
 *	(struct ptrap_tracee.ready_node).
 * @read_wq: readers and pollers wait here for @ready to fill.
 * @closing: set once by release; no new tracees after that.
 * @cred: credentials of the opener, used for every access check.
 * @privileged: @cred had CAP_SYS_PTRACE in the initial user namespace at
 *	open time.
 * @pid_ns: pid namespace of the opener; thread ids are read and reported
 *	in it.
 * @opener_tgid: thread group id of the opener (in @pid_ns), for the siginfo
 *	of replaced signals.
 * @ref: one per tracee struct and one for the open file.
 * @admin_node: entry in the registry of sessions (ptrap_sessions_mutex).
 * @id: the session's id for administration, fixed at open.
 * @owner: thread group of the opener (referenced).
 * @comm: the opener's command name at open.
 * @opened: CLOCK_REALTIME seconds at open.
 * @revoked: set once by DETACH_SESSION: requests fail with ENXIO, read
 *	returns end of file.
 * @regs_ids: the last register page id given out (session->lock).
 */
struct ptrap_session {
	spinlock_t lock;	/* see above */
	struct list_head tracees;
	struct list_head ready;
	wait_queue_head_t read_wq;
	bool closing;
	const struct cred *cred;
	bool privileged;
	struct pid_namespace *pid_ns;
	pid_t opener_tgid;
	refcount_t ref;
	struct list_head admin_node;
	u32 id;
	struct pid *owner;
	char comm[TASK_COMM_LEN];
	time64_t opened;
	bool revoked;
	u64 regs_ids;
};

/**
 * struct ptrap_policy - what the administrator allows (SET_POLICY)
 * @scope: enum ptrap_scope.
 * @max_sessions: open sessions per real uid; 0 for no limit.
 * @max_tracees: live tracees per session; 0 for no limit.
 * @force_exitkill: every new tracee gets PTRAP_O_EXITKILL.
 */
struct ptrap_policy {
	u8 scope;
	u32 max_sessions;
	u32 max_tracees;
	u8 force_exitkill;
};

/**
 * enum ptrap_state - where a tracee is, as the session sees it
 * @PTRAP_RUNNING: running, or on its way into a stop.
 * @PTRAP_STOPPED: parked in ptrap_park() with a record published; or, at a
 *	VFORK event-stop published from the fork probe, asleep in the kernel's
 *	vfork wait (its user registers saved and left alone there) or on its
 *	way from there to park on that stop (ptrap_adopt_vfork()).
 * @PTRAP_LISTENING: parked after PTRAP_IOC_LISTEN, in no stop the
 *	supervisor may act on, until INTERRUPT or SIGCONT makes it report.
 * @PTRAP_GONE: exited or detached; only the final record may remain.
 */
enum ptrap_state {
	PTRAP_RUNNING,
	PTRAP_STOPPED,
	PTRAP_LISTENING,
	PTRAP_GONE,
};

/*
 * struct ptrap_tracee.resume_mode of a LISTEN release: not a uapi resume
 * mode, the tracee stays parked (ptrap_listen_wait()).
 */
#define PTRAP_RESUME_LISTEN	0x100

/* Atomic bits in struct ptrap_tracee.flags */
enum {
	PTRAP_TF_WORK_QUEUED,	/* @twork is on the task's task_works list */
	PTRAP_TF_HASHED,	/* in ptrap_tracee_hash */
	PTRAP_TF_DETACHED,	/* left the session: probes and work ignore it */
	PTRAP_TF_INTERRUPT,	/* INTERRUPT, SIGCONT (seized) or a new seized
				 * child: report PTRAP_EVENT_STOP
				 */
};

/**
 * struct ptrap_tracee - one traced thread
 * @hnode: entry in the global task -> tracee hash (ptrap_hash_lock, RCU).
 * @node: entry in session->tracees (session->lock).
 * @ready_node: entry in session->ready while a record is unread
 *	(session->lock).
 * @session: the session; a reference is held.
 * @task: the thread; a reference is held.
 * @tid: thread id in the session's pid namespace, fixed at attach but for
 *	an exec from a thread that is not the leader, which takes over the
 *	leader's (written by the tracee itself under session->lock).
 * @tgid: thread group id in the session's pid namespace.
 * @ref: the session list, the hash, and each queued task work hold one.
 * @rcu: frees the struct after probes are done with it.
 * @op_lock: held by a request on a stopped tracee; the tracee cannot leave
 *	its stop (not even to die) until the request is done, which keeps its
 *	registers and stack in place. Requests are short and bounded.
 * @twork: the task work that makes the tracee stop in process context.
 * @flags: PTRAP_TF_* bits.
 * @park_wq: the parked tracee waits here.
 *
 * Fields under session->lock:
 * @state: enum ptrap_state.
 * @options: PTRAP_O_*.
 * @seized: attached by SEIZE.
 * @resumed: the supervisor released the stop; the parked tracee's wake-up
 *	condition.
 * @resume_mode: enum ptrap_resume_mode given with the release.
 * @resume_sig: signal given with the release.
 * @resumer_cpu: the CPU the last release was made on (-1 before one), for
 *	the parked tracee's adaptive spin (read locklessly: a hint).
 * @filter: the syscall filter, NULL for none. Written under session->lock
 *	while the tracee is frozen in a stop (op_lock) or not yet published;
 *	read by the tracee's own probes under RCU (filter.c).
 * @detach: the release is a detach.
 * @seq: bumped for every new record, to recognise a stale one.
 * @report: the record of the current stop, or the final record.
 * @regs_page: the register page (PTRAP_IOC_MAP_REGS), NULL for none. Set
 *	once, under session->lock, never cleared; the tracee reads it
 *	locklessly (smp_load_acquire()). A reference is held until the
 *	struct is freed.
 * @regs_id: the page's id, its mmap offset in pages; 0 without a page.
 * @regs_segs: fs_base, gs_base, ds, es, fs and gs as the page was last
 *	filled with them (the registers that live outside pt_regs), to tell
 *	whether a dirty page changes them. Written with the page's registers
 *	(see regspage.c).
 * @exit_held: a thread-group leader that exited while other threads of its
 *	group live: its final record waits until the group is empty, as
 *	ptrace's wait (delay_group_leader()); state PTRAP_GONE meanwhile, and
 *	still hashed so that the last thread's exit finds it.
 *
 * Fields written by the tracee before it publishes a stop and by requests
 * while it is frozen in that stop (op_lock):
 * @stop_info: the stop's siginfo: the signal's at a signal-delivery-stop,
 *	SIGTRAP with the stop's code at other stops (as ptrace(2)).
 * @has_stop_info: @stop_info is valid (GETSIGINFO fails with EINVAL else).
 * @stop_info_changed: SETSIGINFO changed @stop_info; a signal delivered
 *	from the stop carries the new siginfo.
 * @ignored: signals the kernel discarded for their disposition and that
 *	ptrap put back for their stop, with their siginfo; under the
 *	tracee's siglock.
 * @async_held: signals from other tasks that the signal_generate probe
 *	blocked for the tracee until its task work has seen them
 *	(ptrap_signal_hold_async()); under the tracee's siglock.
 *
 * Fields used only by the traced thread itself (probes and task work run
 * in its context, the supervisor never touches them):
 * @mode: resume mode in force: whether syscalls stop.
 * @topts: the options in force, the tracee's own copy of @options taken
 *	when it leaves a stop (options only change in stops).
 * @clone_flags: flags of the clone-family syscall in progress.
 * @exit_event_pending: report PTRAP_EVENT_EXIT for the exit syscall
 *	skipped at entry, then issue it again.
 * @event_pending: PTRAP_EVENT_* to report (FORK, VFORK, CLONE, EXEC), 0 if
 *	none; @event_msg its message.
 * @vfork_published: the VFORK event-stop was published from the fork
 *	probe, before the vfork wait (ptrap_publish_vfork()); the task work
 *	adopts it (ptrap_adopt_vfork()) instead of publishing a new one.
 * @vfork_done_pending: the tracee returns from a vfork wait: report
 *	PTRAP_EVENT_VFORK_DONE if TRACEVFORKDONE is in force then (options may
 *	change at the VFORK stop); @vfork_done_msg its message.
 * @vfork_ret: what the vfork returns (the child's pid in the tracee's own
 *	pid namespace), for the registers shown at the VFORK and VFORK_DONE
 *	stops, taken in the syscall before it returns; @vfork_ax the ax it
 *	shows until then (-ENOSYS, set at syscall entry).
 * @fork_stops: the clone-family syscall in progress reports event-stops
 *	before it returns: its sys_exit leaves the choice of an exit stop to
 *	the task work (@exit_deferred), for the resume mode of those stops.
 * @exit_deferred: the syscall has returned; after its event-stops, stop at
 *	its exit if the tracee was resumed with PTRAP_RESUME_SYSCALL.
 * @work_deferred: the task work queued itself again behind older works.
 * @kill_exit_reported: the exit event of a SIGKILL death is (or was)
 *	reported; the tracee is dying and ignores further SIGKILLs in it.
 * @exit_reported: the exit event is (or was) reported, whatever the cause
 *	of the exit: the tracee reports nothing after it, not even a second
 *	exit event for a SIGKILL.
 * @group_exit_starting: ptrap_signal_group_exit() is sending the SIGKILL
 *	that begins the group exit, with status @group_exit_status; the
 *	signal_generate probe (in the tracee's own context) completes it and
 *	sets @group_exit_started.
 * @signals_held: signals are blocked until the reissued syscall is
 *	entered; @held_blocked is the mask to restore then.
 * @entry_pending: the task work must report a syscall-enter-stop.
 * @exit_pending: the task work must report a syscall-exit-stop.
 * @filtered_out: the syscall in progress was let run unstopped by the
 *	filter at its entry: no exit stop for it either.
 * @skip_exit: the next sys_exit belongs to a syscall we skipped in order to
 *	stop at its entry; it is not a real exit.
 * @entry_emu: the pending entry stop was taken in SYSEMU mode.
 * @entry_nr: number of the syscall stopped at entry.
 * @entry_args: its arguments.
 * @reissue: a syscall let through after its entry stop is being issued
 *	again; its entry must not stop a second time.
 * @reissue_ip: instruction pointer just after the reissued syscall
 *	instruction, to recognise it.
 * @reissue_nr: its number.
 * @stop_ip: instruction pointer at the syscall-enter-stop (just after the
 *	syscall instruction).
 * @redirect_ip: where the reissued syscall returns to, if the supervisor
 *	moved the instruction pointer during the stop; else 0.
 * @redirect_pending: the reissued syscall is running; apply @redirect_ip at
 *	its exit.
 * @pass_sig: a signal the supervisor chose to deliver: it must not stop
 *	again before it is delivered.
 * @attach_gstop: attached while in TASK_STOPPED: report the group-stop
 *	first (set by ptrap_attach_stopped() before it wakes the thread).
 * @stepping: ptrap set the task's single-step flags (step.c).
 * @step_handler: stepping, a signal went to a handler: report the step
 *	into it once its frame is set up; @step_handler_ip is the handler.
 * @stop_time: when the current stop was published (ptrap_stats_stop()),
 *	for the stop-to-resume latency.
 * @own_sig: a signal ptrap itself sent (SIGSTOP by ATTACH, SIGTRAP after
 *	exec) that has not been reported yet; if the session lets the tracee
 *	go before it is, the signal is withdrawn. Set by ATTACH before the
 *	tracee is published; after that only the tracee touches it.
 */
struct ptrap_tracee {
	struct hlist_node hnode;
	struct list_head node;
	struct list_head ready_node;
	struct ptrap_session *session;
	struct task_struct *task;
	pid_t tid;
	pid_t tgid;
	refcount_t ref;
	struct rcu_head rcu;
	struct mutex op_lock;	/* see above */
	struct callback_head twork;
	unsigned long flags;
	wait_queue_head_t park_wq;

	enum ptrap_state state;
	u64 options;
	bool seized;
	bool resumed;
	u32 resume_mode;
	u32 resume_sig;
	int resumer_cpu;
	struct ptrap_syscall_filter __rcu *filter;
	bool detach;
	u64 seq;
	struct ptrap_stop report;
	struct page *regs_page;
	u64 regs_id;
	u64 regs_segs[PTRAP_REGS_SEGS];
	bool exit_held;

	kernel_siginfo_t stop_info;
	bool has_stop_info;
	bool stop_info_changed;

	struct ptrap_ignored_sig ignored[PTRAP_IGNORED_SLOTS];
	sigset_t async_held;

	u32 mode;
	u64 topts;
	u64 clone_flags;
	bool exit_event_pending;
	int event_pending;
	u64 event_msg;
	bool vfork_published;
	bool vfork_done_pending;
	u64 vfork_done_msg;
	pid_t vfork_ret;
	unsigned long vfork_ax;
	bool fork_stops;
	bool exit_deferred;
	bool work_deferred;
	bool kill_exit_reported;
	bool exit_reported;
	bool group_exit_starting;
	bool group_exit_started;
	int group_exit_status;
	bool signals_held;
	sigset_t held_blocked;
	bool entry_pending;
	bool exit_pending;
	bool filtered_out;
	bool skip_exit;
	bool entry_emu;
	long entry_nr;
	unsigned long entry_args[6];
	bool reissue;
	unsigned long reissue_ip;
	long reissue_nr;
	unsigned long stop_ip;
	unsigned long redirect_ip;
	bool redirect_pending;
	int pass_sig;
	bool attach_gstop;
	int own_sig;
	u64 stop_time;
	bool stepping;
	bool step_handler;
	unsigned long step_handler_ip;
};

/* main.c */
extern unsigned int ptrap_spin_us;
u64 ptrap_spin_deadline(void);
bool ptrap_spin_on(u64 deadline);

/* session.c */
void ptrap_session_put(struct ptrap_session *s);
extern const struct file_operations ptrap_fops;

/* tracee.c */
struct ptrap_tracee *ptrap_tracee_find(struct task_struct *task);
void ptrap_tracee_put(struct ptrap_tracee *t);
int ptrap_attach(struct ptrap_session *s, struct file *file, pid_t tid,
		 u64 options, bool seize);
int ptrap_traceme(struct ptrap_session *s, u64 options);
struct ptrap_tracee *ptrap_tracee_lookup(struct ptrap_session *s, pid_t tid);
int ptrap_tracee_lock_stopped(struct ptrap_tracee *t);
int ptrap_resume(struct ptrap_session *s, pid_t tid, u32 mode, u32 sig);
int ptrap_detach(struct ptrap_session *s, pid_t tid, u32 sig);
int ptrap_kill(struct ptrap_session *s, pid_t tid);
int ptrap_setoptions(struct ptrap_session *s, pid_t tid, u64 options);
void ptrap_session_release_tracees(struct ptrap_session *s);
void ptrap_queue_work(struct ptrap_tracee *t);
void ptrap_signals_restore(struct ptrap_tracee *t);
void ptrap_tracee_exited(struct ptrap_tracee *t, struct task_struct *task);
void ptrap_tracee_group_dead(struct ptrap_tracee *leader);
void ptrap_tracee_exec(struct ptrap_tracee *t, bool secureexec);
void ptrap_tracee_forked(struct ptrap_tracee *t, struct task_struct *child);
int ptrap_interrupt(struct ptrap_session *s, pid_t tid);
int ptrap_listen(struct ptrap_session *s, pid_t tid);

/* hooks.c */

int ptrap_hooks_init(void);
void ptrap_hooks_exit(void);
int ptrap_hooks_get(void);
void ptrap_hooks_get_live(void);
void ptrap_hooks_put(void);
bool ptrap_hooks_active(void);
void ptrap_hooks_tracee_added(struct task_struct *task);
enum ptrap_untraced_fastpath ptrap_hooks_fastpath(void);

/* signals.c */
int ptrap_signal_peek(struct ptrap_tracee *t, kernel_siginfo_t *info);
void ptrap_signal_drop(struct ptrap_tracee *t, int sig);
bool ptrap_signal_is_ignored(struct task_struct *task, int sig);
void ptrap_signal_forget_ignored(struct ptrap_tracee *t, int sig);
void ptrap_signal_keep_ignored(struct ptrap_tracee *t,
			       struct task_struct *task, int sig,
			       struct kernel_siginfo *info, bool group);
void ptrap_signal_replace(struct ptrap_tracee *t, int old, int sig);
void ptrap_signal_hold_async(struct ptrap_tracee *t, struct task_struct *task,
			     int sig);
void ptrap_signal_release_async(struct ptrap_tracee *t);
void ptrap_signal_user_blocked(struct ptrap_tracee *t,
			       struct task_struct *task, sigset_t *mask);
bool ptrap_signal_valid(u32 sig);
void ptrap_signal_unfatal(struct task_struct *task, int sig, bool group);
bool ptrap_signal_fatal_pending(void);
void ptrap_signal_take_kill(void);
void ptrap_signal_group_exit(struct ptrap_tracee *t, int status);
void ptrap_signal_group_exit_fixup(struct ptrap_tracee *t);
void ptrap_signal_last_exit(int status);
int ptrap_signal_exit_status(struct task_struct *task);
int ptrap_signal_dying_status(void);

/* jobctl.c */
int ptrap_group_stop(int signr);
int ptrap_group_stopped_sig(void);
void ptrap_signal_stop_dequeued(void);
void ptrap_group_restop(void);
void ptrap_group_cld_kick(void);
bool ptrap_attach_stopped(struct ptrap_tracee *t);
void ptrap_sigcont_notify(struct task_struct *task);

/* regs.c */
int ptrap_regset_get(struct ptrap_tracee *t, u32 note_type,
		     void __user *buf, u64 *len);
int ptrap_regset_set(struct ptrap_tracee *t, u32 note_type,
		     const void __user *buf, u64 *len);
int ptrap_mem_access(struct ptrap_tracee *t, u64 addr, void __user *buf,
		     u64 len, bool write, u64 *done);

/* regspage.c */
int ptrap_regs_map(struct ptrap_tracee *t, u64 *offset);
int ptrap_regs_mmap(struct ptrap_session *s, struct vm_area_struct *vma);
void ptrap_regs_publish(struct ptrap_tracee *t);
void ptrap_regs_published(struct ptrap_tracee *t);
void ptrap_regs_stop_ended(struct ptrap_tracee *t);
int ptrap_regs_load(struct ptrap_tracee *t);
void ptrap_regs_refresh(struct ptrap_tracee *t);
void ptrap_regs_free(struct ptrap_tracee *t);

/* step.c */
bool ptrap_step_mode(u32 mode);
void ptrap_step_resume(struct ptrap_tracee *t, u32 mode);
void ptrap_step_disable(struct ptrap_tracee *t);
void ptrap_step_syscall_skipped(struct ptrap_tracee *t);
void ptrap_step_syscall_trap(void);
void ptrap_step_note_handler(struct ptrap_tracee *t, struct k_sigaction *ka);
bool ptrap_step_handler_stop(struct ptrap_tracee *t);
bool ptrap_step_is_trap(int sig, const kernel_siginfo_t *info);

/* filter.c */
void ptrap_filter_put(struct ptrap_syscall_filter *f);
void ptrap_filter_inherit(struct ptrap_tracee *t, struct ptrap_tracee *pt);
int ptrap_filter_set(struct ptrap_tracee *t, u32 flags, u64 ubitmap, u64 len);
int ptrap_filter_get(struct ptrap_tracee *t, u32 *flags, u64 ubitmap,
		     u64 *len);

/* access.c */
int ptrap_may_attach(struct ptrap_session *s, struct file *file,
		     struct task_struct *task);
bool ptrap_may_keep_after_exec(struct ptrap_session *s, bool secureexec);
bool ptrap_scope_allows(struct ptrap_session *s, struct file *file,
			struct task_struct *task, u8 scope);

/* admin.c */
struct nlattr;
void ptrap_policy_get(struct ptrap_policy *p);
void ptrap_policy_update(struct nlattr **tb, struct ptrap_policy *p,
			 struct ptrap_policy *old);
void ptrap_admin_changed(void);
unsigned int ptrap_admin_generation(void);
u32 ptrap_session_live_tracees(struct ptrap_session *s);
int ptrap_tracee_limit(struct ptrap_session *s);
int ptrap_admin_session_open(struct ptrap_session *s);
void ptrap_admin_session_close(struct ptrap_session *s);
int ptrap_admin_may_attach(struct ptrap_session *s, struct file *file,
			   struct task_struct *task, pid_t tid, int access,
			   u64 *options);
void ptrap_admin_attach_result(struct ptrap_session *s, pid_t tid, int ret);
void ptrap_admin_auto_attached(struct ptrap_session *s,
			       struct task_struct *child);
void ptrap_admin_detached(struct ptrap_session *s, pid_t tid);
void ptrap_admin_audit_policy(const struct ptrap_policy *old,
			      const struct ptrap_policy *p);
int ptrap_admin_revoke(u32 id);
void ptrap_admin_counts(u32 *sessions, u32 *tracees);
typedef int (*ptrap_session_fn)(struct ptrap_session *s, void *arg);
int ptrap_admin_walk_sessions(u32 after, ptrap_session_fn fn, void *arg);

/* stats.c */

/* What ptrap_mem_add() counts: the module's own objects, by kind. */
enum ptrap_mem_kind {
	PTRAP_MEM_SESSION,	/* struct ptrap_session */
	PTRAP_MEM_TRACEE,	/* struct ptrap_tracee */
	PTRAP_MEM_FILTER,	/* struct ptrap_syscall_filter */
	PTRAP_MEM_REGS_PAGE,	/* register pages, a page each */
	PTRAP_MEM_KINDS
};

void ptrap_mem_add(enum ptrap_mem_kind kind, const void *obj);
void ptrap_mem_sub(enum ptrap_mem_kind kind, const void *obj);
u64 ptrap_mem_read(enum ptrap_mem_kind kind);
void ptrap_stats_init(void);
void ptrap_stats_inc(enum ptrap_counter c);
void ptrap_stats_refused(u8 reason);
u64 ptrap_stats_stop(const struct ptrap_stop *rep);
void ptrap_stats_resumed(u32 mode, bool detach, u64 since);
time64_t ptrap_stats_read(u64 *cnt, u64 *latency);
void ptrap_stats_reset(void);

/* netlink.c */
int ptrap_nl_init(void);
void ptrap_nl_exit(void);
void ptrap_nl_notify_session(u8 type, struct ptrap_session *s);
void ptrap_nl_notify_tracee(u8 type, struct ptrap_session *s, pid_t tid,
			    gfp_t gfp);
void ptrap_nl_notify_refused(u32 session_id, pid_t tid, u8 reason);
void ptrap_nl_notify_policy(const struct ptrap_policy *p);

#endif /* _PTRAP_H */
