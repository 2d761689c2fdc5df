// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: who may trace whom.
 *
 * The kernel's ptrace_may_access() is not exported, so this is our own
 * check, modelled on gVisor's CanTrace and on what ptrace(2)'s
 * PTRACE_MODE_ATTACH_REALCREDS check plus the commoncap LSM require. The
 * credentials are the session's: those of the process that opened
 * /dev/ptrap.
 */
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/coredump.h>
#include <linux/sched/signal.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/user_namespace.h>

#include "ptrap.h"

static bool ptrap_capable(struct file *file, struct user_namespace *ns)
{
	return file_ns_capable(file, ns, CAP_SYS_PTRACE);
}

/**
 * ptrap_may_attach() - may this session attach to @task?
 * @s: the session.
 * @file: the session's file (its credentials are the opener's).
 * @task: the target thread.
 *
 * Return: 0, or -EPERM.
 */
int ptrap_may_attach(struct ptrap_session *s, struct file *file,
		     struct task_struct *task)
{
	const struct cred *cred = s->cred, *tcred;
	struct user_namespace *ns;
	struct mm_struct *mm;
	bool creds_ok, dumpable = true;
	int ret = 0;

	if (same_thread_group(task, current) || (task->flags & PF_KTHREAD) ||
	    is_global_init(task->group_leader))
		return -EPERM;

	rcu_read_lock();
	tcred = __task_cred(task);
	creds_ok = uid_eq(cred->uid, tcred->euid) &&
		   uid_eq(cred->uid, tcred->suid) &&
		   uid_eq(cred->uid, tcred->uid) &&
		   gid_eq(cred->gid, tcred->egid) &&
		   gid_eq(cred->gid, tcred->sgid) &&
		   gid_eq(cred->gid, tcred->gid) &&
		   cred->user_ns == tcred->user_ns &&
		   cap_issubset(tcred->cap_permitted, cred->cap_permitted);
	ns = get_user_ns(tcred->user_ns);
	rcu_read_unlock();
	if (!creds_ok && !ptrap_capable(file, ns))
		ret = -EPERM;
	put_user_ns(ns);
	if (ret)
		return ret;

	ns = NULL;
	task_lock(task);
	mm = task->mm;
	if (mm) {
		dumpable = get_dumpable(mm) == SUID_DUMP_USER;
		ns = get_user_ns(mm->user_ns);
	}
	task_unlock(task);
	if (!dumpable && !ptrap_capable(file, ns))
		ret = -EPERM;
	if (ns)
		put_user_ns(ns);
	return ret;
}

/**
 * ptrap_may_keep_after_exec() - may the session keep a tracee whose exec
 * just completed?
 * @s: the session.
 * @secureexec: the exec changed credentials (setuid, setgid, file caps).
 *
 * ptrace(2) keeps such an exec from gaining privileges; a module cannot, so
 * unless the session could trace anything, the tracee is let go instead.
 * Runs in a tracepoint probe: must not sleep.
 */
bool ptrap_may_keep_after_exec(struct ptrap_session *s, bool secureexec)
{
	return !secureexec || s->privileged;
}

/* Is @child a descendant of @parent's thread group (as Yama checks it)? */
static bool ptrap_is_descendant(struct task_struct *parent,
				struct task_struct *child)
{
	struct task_struct *walker;
	bool ret = false;

	rcu_read_lock();
	parent = rcu_dereference(parent->group_leader);
	walker = child;
	while (walker->pid > 0) {
		walker = rcu_dereference(walker->group_leader);
		if (walker == parent) {
			ret = true;
			break;
		}
		walker = rcu_dereference(walker->real_parent);
	}
	rcu_read_unlock();
	return ret;
}

/* Has the session CAP_SYS_PTRACE in @task's user namespace? */
static bool ptrap_capable_over(struct file *file, struct task_struct *task)
{
	struct user_namespace *ns;
	bool ret;

	rcu_read_lock();
	ns = get_user_ns(__task_cred(task)->user_ns);
	rcu_read_unlock();
	ret = ptrap_capable(file, ns);
	put_user_ns(ns);
	return ret;
}

/**
 * ptrap_scope_allows() - the policy's scope check (enum ptrap_scope)
 * @s: the session.
 * @file: its file (the opener's credentials).
 * @task: the target; NULL for TRACEME (the caller itself, which is then
 *	the session's descendant in effect).
 * @scope: the scope in force.
 *
 * On top of ptrap_may_attach(), which has said yes. May sleep.
 */
bool ptrap_scope_allows(struct ptrap_session *s, struct file *file,
			struct task_struct *task, u8 scope)
{
	switch (scope) {
	case PTRAP_SCOPE_CLASSIC:
		return true;
	case PTRAP_SCOPE_DESCENDANTS:
		return !task || ptrap_is_descendant(current, task) ||
		       ptrap_capable_over(file, task);
	case PTRAP_SCOPE_CAPABLE:
		return task ? ptrap_capable_over(file, task) : s->privileged;
	default:
		return false;
	}
}
