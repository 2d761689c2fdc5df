// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: what the administrator governs (ptrapctl over netlink.c): the
 * registry of open sessions, the policy (scope and limits), and the
 * revocation of a session.
 */
#include <linux/audit.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/seqlock.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <net/netlink.h>

#include "ptrap.h"

/*
 * Protects ptrap_sessions (struct ptrap_session.admin_node) and
 * ptrap_next_session_id. Outside every session->lock (dumps take a
 * session's lock while they hold it).
 */
static DEFINE_MUTEX(ptrap_sessions_mutex);
static LIST_HEAD(ptrap_sessions);
static u32 ptrap_next_session_id = 1;

/*
 * Bumped whenever something a dump shows changes: a session comes, goes or
 * is revoked, a tracee comes or goes, or a tracee's state, stop or options
 * change (ptrap_admin_changed()). A dump reads it at the start of each of
 * its parts (cb->seq), so that genl_dump_check_consistent() flags a dump
 * that spanned a change.
 */
static atomic_t ptrap_admin_gen = ATOMIC_INIT(1);

/*
 * The policy in force. Writers (SET_POLICY) hold the seqlock's lock;
 * readers (open, attach: process context) take a consistent copy with
 * read_seqbegin()/read_seqretry().
 */
static DEFINE_SEQLOCK(ptrap_policy_lock);
static struct ptrap_policy ptrap_policy;

/**
 * ptrap_policy_get() - a consistent copy of the policy in force
 * @p: receives it.
 */
void ptrap_policy_get(struct ptrap_policy *p)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&ptrap_policy_lock);
		*p = ptrap_policy;
	} while (read_seqretry(&ptrap_policy_lock, seq));
}

/**
 * ptrap_policy_update() - change the policy (SET_POLICY)
 * @tb: the PTRAP_POLICY_A_* attributes, validated; absent ones keep their
 *	value.
 * @p: receives the new policy.
 * @old: receives the policy it replaces.
 */
void ptrap_policy_update(struct nlattr **tb, struct ptrap_policy *p,
			 struct ptrap_policy *old)
{
	write_seqlock(&ptrap_policy_lock);
	*old = ptrap_policy;
	if (tb[PTRAP_POLICY_A_SCOPE])
		ptrap_policy.scope = nla_get_u8(tb[PTRAP_POLICY_A_SCOPE]);
	if (tb[PTRAP_POLICY_A_MAX_SESSIONS_PER_USER])
		ptrap_policy.max_sessions =
			nla_get_u32(tb[PTRAP_POLICY_A_MAX_SESSIONS_PER_USER]);
	if (tb[PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION])
		ptrap_policy.max_tracees =
			nla_get_u32(tb[PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION]);
	if (tb[PTRAP_POLICY_A_FORCE_EXITKILL])
		ptrap_policy.force_exitkill =
			nla_get_u8(tb[PTRAP_POLICY_A_FORCE_EXITKILL]);
	*p = ptrap_policy;
	write_sequnlock(&ptrap_policy_lock);
}

/**
 * ptrap_admin_changed() - something a dump shows changed
 *
 * Any context; one atomic increment, no lock. Call it after the change is
 * made (or inside the critical section that makes it), never before: a
 * dump that read the generation before the call must see a new one on its
 * next part.
 */
void ptrap_admin_changed(void)
{
	atomic_inc(&ptrap_admin_gen);
}

unsigned int ptrap_admin_generation(void)
{
	return atomic_read(&ptrap_admin_gen);
}

/**
 * ptrap_session_live_tracees() - live tracees of a session
 * @s: the session; the caller holds its lock.
 */
u32 ptrap_session_live_tracees(struct ptrap_session *s)
{
	struct ptrap_tracee *t;
	u32 n = 0;

	lockdep_assert_held(&s->lock);
	list_for_each_entry(t, &s->tracees, node)
		if (t->state != PTRAP_GONE)
			n++;
	return n;
}

/**
 * ptrap_tracee_limit() - may one more tracee join @s?
 * @s: the session; the caller holds its lock, and adds the tracee under
 *	it if this returns 0.
 *
 * Return: 0, or -ENOSPC over the policy's tracees-per-session limit.
 */
int ptrap_tracee_limit(struct ptrap_session *s)
{
	u32 max = READ_ONCE(ptrap_policy.max_tracees);

	lockdep_assert_held(&s->lock);
	if (max && ptrap_session_live_tracees(s) >= max)
		return -ENOSPC;
	return 0;
}

/**
 * ptrap_admin_session_open() - register a new session, if the policy lets
 * the opener have one
 * @s: the session, initialised but for its registry fields.
 *
 * Return: 0, -EPERM under scope 3, -EUSERS over the per-user limit.
 */
int ptrap_admin_session_open(struct ptrap_session *s)
{
	struct ptrap_policy p;
	struct ptrap_session *o;
	u32 mine = 0;
	int ret = 0;

	s->owner = get_pid(task_tgid(current));
	get_task_comm(s->comm, current);
	s->opened = ktime_get_real_seconds();

	ptrap_policy_get(&p);
	if (p.scope >= PTRAP_SCOPE_NONE) {
		ptrap_stats_refused(PTRAP_REFUSED_DISABLED);
		ptrap_nl_notify_refused(0, 0, PTRAP_REFUSED_DISABLED);
		return -EPERM;
	}

	mutex_lock(&ptrap_sessions_mutex);
	if (p.max_sessions) {
		list_for_each_entry(o, &ptrap_sessions, admin_node)
			if (uid_eq(o->cred->uid, s->cred->uid))
				mine++;
		if (mine >= p.max_sessions)
			ret = -EUSERS;
	}
	if (!ret) {
		s->id = ptrap_next_session_id++;
		list_add_tail(&s->admin_node, &ptrap_sessions);
		ptrap_admin_changed();
	}
	mutex_unlock(&ptrap_sessions_mutex);

	if (ret) {
		ptrap_stats_refused(PTRAP_REFUSED_SESSION_LIMIT);
		ptrap_nl_notify_refused(0, 0, PTRAP_REFUSED_SESSION_LIMIT);
		return ret;
	}
	ptrap_nl_notify_session(PTRAP_NL_EVENT_SESSION_OPEN, s);
	return 0;
}

/**
 * ptrap_admin_session_close() - the session's file is being released
 * @s: the session, registered by ptrap_admin_session_open().
 */
void ptrap_admin_session_close(struct ptrap_session *s)
{
	mutex_lock(&ptrap_sessions_mutex);
	list_del_init(&s->admin_node);
	ptrap_admin_changed();
	mutex_unlock(&ptrap_sessions_mutex);
	ptrap_nl_notify_session(PTRAP_NL_EVENT_SESSION_CLOSE, s);
}

/*
 * @tid, a thread id in @s's pid namespace, as the initial pid namespace
 * numbers it: events go to every listener at once, whatever its namespace
 * (uapi/linux/ptrap.h, PTRAP_CMD_EVENT). 0 if it is gone.
 */
static pid_t ptrap_admin_event_tid(struct ptrap_session *s, pid_t tid)
{
	struct pid *pid;
	pid_t nr = 0;

	if (tid <= 0)
		return 0;
	rcu_read_lock();
	pid = find_pid_ns(tid, s->pid_ns);
	if (pid)
		nr = pid_nr(pid);
	rcu_read_unlock();
	return nr;
}

/**
 * ptrap_admin_may_attach() - the policy's say on an attach
 * @s: the session.
 * @file: its file.
 * @task: the target; NULL for TRACEME (the caller itself).
 * @tid: the target's thread id, for the refusal event.
 * @access: what the classic access check said (0 or -EPERM); refusals by
 *	it are counted and announced here too.
 * @options: the options asked for; EXITKILL is added if the policy forces
 *	it.
 *
 * Return: 0 or -EPERM.
 */
int ptrap_admin_may_attach(struct ptrap_session *s, struct file *file,
			   struct task_struct *task, pid_t tid, int access,
			   u64 *options)
{
	struct ptrap_policy p;
	u8 reason = 0;

	ptrap_policy_get(&p);
	if (access)
		reason = PTRAP_REFUSED_ACCESS;
	else if (!ptrap_scope_allows(s, file, task, p.scope))
		reason = PTRAP_REFUSED_SCOPE;
	if (reason) {
		ptrap_stats_refused(reason);
		ptrap_nl_notify_refused(s->id, ptrap_admin_event_tid(s, tid),
					reason);
		return -EPERM;
	}
	if (p.force_exitkill)
		*options |= PTRAP_O_EXITKILL;
	return 0;
}

/**
 * ptrap_admin_attach_result() - count and announce an attach's outcome
 * @s: the session.
 * @tid: the thread.
 * @ret: what ptrap_tracee_add() returned.
 */
void ptrap_admin_attach_result(struct ptrap_session *s, pid_t tid, int ret)
{
	if (ret == -ENOSPC) {
		ptrap_stats_refused(PTRAP_REFUSED_TRACEE_LIMIT);
		ptrap_nl_notify_refused(s->id, ptrap_admin_event_tid(s, tid),
					PTRAP_REFUSED_TRACEE_LIMIT);
	} else if (!ret) {
		ptrap_stats_inc(PTRAP_CNT_ATTACH);
		ptrap_admin_changed();
		ptrap_nl_notify_tracee(PTRAP_NL_EVENT_ATTACH, s,
				       ptrap_admin_event_tid(s, tid), GFP_KERNEL);
	}
}

/**
 * ptrap_admin_auto_attached() - count and announce a child auto-attached
 * by TRACEFORK/VFORK/CLONE (or CLONE_PTRACE)
 * @s: the session.
 * @child: the new task, on the session's list already, not running yet.
 *
 * Fork probe: atomic context, so the event is built with GFP_ATOMIC (it is
 * lost, as any event, if that fails). It is sent before the child runs and
 * before its parent reports the FORK/VFORK/CLONE event-stop, so that it
 * precedes every event about the child (its DETACH included).
 */
void ptrap_admin_auto_attached(struct ptrap_session *s,
			       struct task_struct *child)
{
	ptrap_stats_inc(PTRAP_CNT_AUTO_ATTACH);
	ptrap_admin_changed();
	ptrap_nl_notify_tracee(PTRAP_NL_EVENT_ATTACH, s, task_pid_nr(child),
			       GFP_ATOMIC);
}

/**
 * ptrap_admin_detached() - DETACH succeeded
 * @s: the session.
 * @tid: the thread.
 */
void ptrap_admin_detached(struct ptrap_session *s, pid_t tid)
{
	ptrap_stats_inc(PTRAP_CNT_DETACH);
	ptrap_nl_notify_tracee(PTRAP_NL_EVENT_DETACH, s,
			       ptrap_admin_event_tid(s, tid), GFP_KERNEL);
}

/**
 * ptrap_admin_audit_policy() - audit a policy change (SET_POLICY)
 * @old: the policy replaced.
 * @p: the policy now in force.
 *
 * Process context of the requester. An AUDIT_CONFIG_CHANGE record (README,
 * "Administration: ptrapctl", lists its fields); with no audit daemon the
 * kernel prints it to the kernel log ("audit: type=1305 ...").
 */
void ptrap_admin_audit_policy(const struct ptrap_policy *old,
			      const struct ptrap_policy *p)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_CONFIG_CHANGE);
	if (!ab)
		return;
	audit_log_format(ab, "op=ptrap_policy scope=%u old_scope=%u",
			 p->scope, old->scope);
	audit_log_format(ab, " max_sessions_per_user=%u old_max_sessions_per_user=%u",
			 p->max_sessions, old->max_sessions);
	audit_log_format(ab, " max_tracees_per_session=%u old_max_tracees_per_session=%u",
			 p->max_tracees, old->max_tracees);
	audit_log_format(ab, " force_exitkill=%u old_force_exitkill=%u",
			 p->force_exitkill, old->force_exitkill);
	audit_log_task_info(ab);
	audit_log_format(ab, " res=1");
	audit_log_end(ab);
}

/*
 * Audit DETACH_SESSION of @s, which had @tracees live tracees: an
 * AUDIT_KERNEL_OTHER record, see ptrap_admin_audit_policy().
 */
static void ptrap_admin_audit_revoke(struct ptrap_session *s, u32 tracees)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "op=ptrap_detach_session session=%u", s->id);
	audit_log_format(ab, " session_pid=%d session_uid=%u tracees=%u",
			 pid_nr(s->owner),
			 from_kuid(&init_user_ns, s->cred->uid), tracees);
	audit_log_task_info(ab);
	audit_log_format(ab, " res=1");
	audit_log_end(ab);
}

/**
 * ptrap_admin_revoke() - DETACH_SESSION: let every tracee go and revoke
 * the session
 * @id: the session's id.
 *
 * Return: 0, or -ENOENT if no session has that id.
 */
int ptrap_admin_revoke(u32 id)
{
	struct ptrap_session *s, *found = NULL;
	u32 tracees;

	mutex_lock(&ptrap_sessions_mutex);
	list_for_each_entry(s, &ptrap_sessions, admin_node) {
		if (s->id == id) {
			refcount_inc(&s->ref);
			found = s;
			break;
		}
	}
	mutex_unlock(&ptrap_sessions_mutex);
	if (!found)
		return -ENOENT;

	spin_lock(&found->lock);
	tracees = ptrap_session_live_tracees(found);
	spin_unlock(&found->lock);

	/* Requests see it before the tracees go; readers wake up to EOF. */
	WRITE_ONCE(found->revoked, true);
	ptrap_session_release_tracees(found);
	wake_up_interruptible_poll(&found->read_wq, EPOLLIN | EPOLLHUP);
	ptrap_stats_inc(PTRAP_CNT_SESSION_DETACH);
	ptrap_admin_changed();
	ptrap_nl_notify_session(PTRAP_NL_EVENT_DETACH_SESSION, found);
	pr_notice("session %u (pid %d, %s) detached by uid %u pid %d\n",
		  found->id, pid_nr(found->owner), found->comm,
		  from_kuid(&init_user_ns, current_uid()),
		  task_tgid_nr(current));
	ptrap_admin_audit_revoke(found, tracees);
	ptrap_session_put(found);
	return 0;
}

/**
 * ptrap_admin_counts() - sessions and live tracees now (GET_STATUS)
 * @sessions: receives the number of open sessions.
 * @tracees: receives the number of live tracees.
 */
void ptrap_admin_counts(u32 *sessions, u32 *tracees)
{
	struct ptrap_session *s;

	*sessions = 0;
	*tracees = 0;
	mutex_lock(&ptrap_sessions_mutex);
	list_for_each_entry(s, &ptrap_sessions, admin_node) {
		(*sessions)++;
		spin_lock(&s->lock);
		*tracees += ptrap_session_live_tracees(s);
		spin_unlock(&s->lock);
	}
	mutex_unlock(&ptrap_sessions_mutex);
}

/**
 * ptrap_admin_walk_sessions() - walk the sessions for a dump
 * @after: skip sessions with an id up to this one (where the dump stopped).
 * @fn: called for each further session, in id order, with the registry
 *	locked; a non-zero return stops the walk and is returned.
 * @arg: passed to @fn.
 */
int ptrap_admin_walk_sessions(u32 after, ptrap_session_fn fn, void *arg)
{
	struct ptrap_session *s;
	int ret = 0;

	mutex_lock(&ptrap_sessions_mutex);
	list_for_each_entry(s, &ptrap_sessions, admin_node) {
		if (s->id <= after)
			continue;
		ret = fn(s, arg);
		if (ret)
			break;
	}
	mutex_unlock(&ptrap_sessions_mutex);
	return ret;
}
