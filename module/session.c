// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: a session is one open file of /dev/ptrap. Records are read from
 * it, requests are ioctls on it, closing it lets every tracee go.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/capability.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/user_namespace.h>

#include "ptrap.h"
#include "requests.h"

void ptrap_session_put(struct ptrap_session *s)
{
	if (!refcount_dec_and_test(&s->ref))
		return;
	put_pid(s->owner);
	put_pid_ns(s->pid_ns);
	put_cred(s->cred);
	ptrap_mem_sub(PTRAP_MEM_SESSION, s);
	kfree(s);
}

static int ptrap_open(struct inode *inode, struct file *file)
{
	struct ptrap_session *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	ptrap_mem_add(PTRAP_MEM_SESSION, s);
	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->tracees);
	INIT_LIST_HEAD(&s->ready);
	INIT_LIST_HEAD(&s->admin_node);
	init_waitqueue_head(&s->read_wq);
	refcount_set(&s->ref, 1);
	s->cred = get_cred(file->f_cred);
	s->privileged = file_ns_capable(file, &init_user_ns, CAP_SYS_PTRACE);
	s->pid_ns = get_pid_ns(task_active_pid_ns(current));
	s->opener_tgid = task_tgid_nr_ns(current, s->pid_ns);
	/* The policy may refuse a session: scope 3, per-user limit. */
	ret = ptrap_admin_session_open(s);
	if (ret) {
		ptrap_session_put(s);
		return ret;
	}
	file->private_data = s;
	return stream_open(inode, file);
}

static int ptrap_release(struct inode *inode, struct file *file)
{
	struct ptrap_session *s = file->private_data;

	ptrap_session_release_tracees(s);
	ptrap_admin_session_close(s);
	ptrap_session_put(s);
	return 0;
}

static bool ptrap_records_ready(struct ptrap_session *s)
{
	bool ready;

	spin_lock(&s->lock);
	ready = !list_empty(&s->ready);
	spin_unlock(&s->lock);
	return ready;
}

/*
 * The oldest unread record: of any tracee, or if @same of the tracee with
 * thread id @tid.
 */
static struct ptrap_tracee *ptrap_first_ready(struct ptrap_session *s,
					      bool same, pid_t tid)
{
	struct ptrap_tracee *t;

	lockdep_assert_held(&s->lock);
	if (!same)
		return list_first_entry_or_null(&s->ready, struct ptrap_tracee,
						ready_node);
	list_for_each_entry(t, &s->ready, ready_node) {
		if (t->report.tid == tid)
			return t;
	}
	return NULL;
}

/*
 * Take the oldest record (of @tid only if @same); returns the tracee,
 * referenced, or NULL.
 */
static struct ptrap_tracee *ptrap_take_record(struct ptrap_session *s,
					      bool same, pid_t tid,
					      struct ptrap_stop *rec, u64 *seq)
{
	struct ptrap_tracee *t;

	spin_lock(&s->lock);
	t = ptrap_first_ready(s, same, tid);
	if (t) {
		list_del_init(&t->ready_node);
		*rec = t->report;
		*seq = t->seq;
		refcount_inc(&t->ref);
	}
	spin_unlock(&s->lock);
	return t;
}

/*
 * The record could not be copied out: put it back first in line, unless
 * the tracee has moved on meanwhile.
 */
static void ptrap_untake_record(struct ptrap_session *s,
				struct ptrap_tracee *t, u64 seq)
{
	spin_lock(&s->lock);
	if (t->seq == seq && list_empty(&t->ready_node) &&
	    !list_empty(&t->node) &&
	    (t->state == PTRAP_GONE || (t->state == PTRAP_STOPPED &&
					!t->resumed)))
		list_add(&t->ready_node, &s->ready);
	spin_unlock(&s->lock);
}

/* A final record was read: the tracee leaves the session's list. */
static void ptrap_forget_tracee(struct ptrap_session *s,
				struct ptrap_tracee *t, u64 seq)
{
	bool drop = false;

	spin_lock(&s->lock);
	if (t->state == PTRAP_GONE && t->seq == seq && !list_empty(&t->node)) {
		list_del_init(&t->node);
		drop = true;
	}
	spin_unlock(&s->lock);
	if (drop)
		ptrap_tracee_put(t);
}

/*
 * Copy a taken record out and consume it as read(2) does: a final record
 * ends the tracee; a record that cannot be copied is put back. Drops the
 * reference ptrap_take_record() took.
 */
static int ptrap_deliver_record(struct ptrap_session *s,
				struct ptrap_tracee *t,
				const struct ptrap_stop *rec, u64 seq,
				void __user *buf)
{
	int ret = 0;

	if (copy_to_user(buf, rec, sizeof(*rec))) {
		ptrap_untake_record(s, t, seq);
		ret = -EFAULT;
	} else if (rec->kind == PTRAP_STOP_EXITED ||
		   rec->kind == PTRAP_STOP_KILLED ||
		   rec->kind == PTRAP_STOP_DETACHED) {
		ptrap_forget_tracee(s, t, seq);
	}
	ptrap_tracee_put(t);
	return ret;
}

static ssize_t ptrap_read(struct file *file, char __user *buf, size_t count,
			  loff_t *ppos)
{
	struct ptrap_session *s = file->private_data;
	struct ptrap_tracee *t;
	struct ptrap_stop rec;
	size_t done = 0;
	u64 seq;
	int ret;

	if (count < sizeof(rec))
		return -EINVAL;

	while (count - done >= sizeof(rec)) {
		t = ptrap_take_record(s, false, 0, &rec, &seq);
		if (!t) {
			/* Revoked by DETACH_SESSION: end of file. */
			if (done || READ_ONCE(s->revoked))
				break;
			if (file->f_flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(s->read_wq,
						       ptrap_records_ready(s) ||
						       READ_ONCE(s->revoked));
			if (ret)
				return ret;
			continue;
		}
		ret = ptrap_deliver_record(s, t, &rec, seq, buf + done);
		if (ret)
			return done ? done : ret;
		done += sizeof(rec);
	}
	return done;
}

/* Some tracee of @s, live or with its final record unread, has id @tid. */
static bool ptrap_tid_known(struct ptrap_session *s, pid_t tid)
{
	struct ptrap_tracee *t;

	lockdep_assert_held(&s->lock);
	list_for_each_entry(t, &s->tracees, node) {
		if (t->tid == tid)
			return true;
	}
	return false;
}

/*
 * What ends a RESUME_WAIT: a record to take, no tracee @tid left (@same),
 * or the session revoked. Returns 0 to keep waiting, else 1 (a record may
 * be there), -ESRCH or -ENXIO.
 */
static int ptrap_wait_end(struct ptrap_session *s, bool same, pid_t tid)
{
	int ret = 0;

	spin_lock(&s->lock);
	if (ptrap_first_ready(s, same, tid))
		ret = 1;
	else if (same && !ptrap_tid_known(s, tid))
		ret = -ESRCH;
	spin_unlock(&s->lock);
	if (!ret && READ_ONCE(s->revoked))
		ret = -ENXIO;
	return ret;
}

/* Wait for ptrap_wait_end() for @left at most: 0, -ETIME, -ERESTARTSYS. */
static int ptrap_wait_end_timeout(struct ptrap_session *s, bool same,
				  pid_t tid, ktime_t left)
{
	return wait_event_interruptible_hrtimeout(s->read_wq,
						  ptrap_wait_end(s, same, tid),
						  left);
}

/*
 * Spin (ptrap_spin_on()) until a record of the session is ready, any
 * tracee's: a lockless look, the caller takes it (or not) under the lock.
 * Only while @rt, the tracee just resumed, is (to run) on another CPU:
 * on this one it would need the CPU we spin on. Return: true if one is.
 */
static bool ptrap_spin_ready(struct ptrap_session *s, struct ptrap_tracee *rt,
			     u64 deadline)
{
	while (deadline && task_cpu(rt->task) != raw_smp_processor_id()) {
		if (!list_empty_careful(&s->ready))
			return true;
		if (!ptrap_spin_on(deadline))
			break;
	}
	return false;
}

/**
 * ptrap_wait_record() - the wait of PTRAP_IOC_RESUME_WAIT
 * @s: the session.
 * @same: take a record of @tid only.
 * @tid: the tracee resumed.
 * @timeout_ns: negative: no limit; else the longest wait.
 * @ustop: where the record goes.
 * @rt: the tracee resumed, referenced, to spin on (spin_us); or NULL.
 *
 * Return: 0 with a record copied out and consumed, -ETIMEDOUT, -EINTR
 * (never restarted: the resume is done), -ESRCH, -ENXIO or -EFAULT.
 */
static int ptrap_wait_record(struct ptrap_session *s, bool same, pid_t tid,
			     s64 timeout_ns, struct ptrap_stop __user *ustop,
			     struct ptrap_tracee *rt)
{
	ktime_t deadline = KTIME_MAX, left;
	u64 spin = rt ? ptrap_spin_deadline() : 0;
	struct ptrap_tracee *t;
	struct ptrap_stop rec;
	u64 seq;
	int ret;

	if (timeout_ns >= 0) {
		deadline = ktime_get();
		if (timeout_ns < KTIME_MAX - deadline)
			deadline = ktime_add_ns(deadline, timeout_ns);
		else
			deadline = KTIME_MAX;
	}
	for (;;) {
		t = ptrap_take_record(s, same, tid, &rec, &seq);
		if (t)
			return ptrap_deliver_record(s, t, &rec, seq, ustop);
		ret = ptrap_wait_end(s, same, tid);
		if (ret < 0)
			return ret;
		if (ret)
			continue;	/* it came in just now */
		if (ptrap_spin_ready(s, rt, spin)) {
			spin = 0;	/* one spin per call */
			continue;
		}
		if (timeout_ns < 0) {
			ret = wait_event_interruptible(s->read_wq,
						       ptrap_wait_end(s, same,
								      tid));
		} else {
			left = ktime_sub(deadline, ktime_get());
			if (left <= 0)
				return -ETIMEDOUT;
			ret = ptrap_wait_end_timeout(s, same, tid, left);
			if (ret == -ETIME)
				continue;	/* one more look, then -ETIMEDOUT */
		}
		if (ret)
			return -EINTR;
	}
}

static __poll_t ptrap_poll(struct file *file, poll_table *wait)
{
	struct ptrap_session *s = file->private_data;

	poll_wait(file, &s->read_wq, wait);
	if (READ_ONCE(s->revoked))
		return EPOLLIN | EPOLLRDNORM | EPOLLHUP;
	return ptrap_records_ready(s) ? EPOLLIN | EPOLLRDNORM : 0;
}

/**
 * ptrap_copy_args() - read a size-versioned ioctl argument
 * @dst: kernel struct.
 * @ksize: its size.
 * @ver0: the smallest size userland may pass.
 * @src: user pointer.
 * @usize: the size userland passed (from the ioctl number).
 *
 * Return: 0, -EINVAL (too small), -E2BIG (unknown non-zero tail), -EFAULT.
 */
static int ptrap_copy_args(void *dst, size_t ksize, size_t ver0,
			   const void __user *src, size_t usize)
{
	if (usize < ver0)
		return -EINVAL;
	return copy_struct_from_user(dst, ksize, src, usize);
}

/* Write back the output of an _IOWR request: as much as userland has. */
static int ptrap_copy_out(void __user *dst, const void *src, size_t ksize,
			  size_t usize)
{
	return copy_to_user(dst, src, min(ksize, usize)) ? -EFAULT : 0;
}

/* The argument of any request, copied in (zero-extended) by the dispatcher. */
union ptrap_ioc_arg {
	struct {
		__s32 tid;	/* first in every per-tracee argument */
	} head;
	struct ptrap_attach_args attach;
	struct ptrap_traceme_args traceme;
	struct ptrap_tracee_args tracee;
	struct ptrap_resume_args resume;
	struct ptrap_options_args options;
	struct ptrap_regset_args regset;
	struct ptrap_mem_args mem;
	struct ptrap_siginfo_args siginfo;
	struct ptrap_sigmask_args sigmask;
	struct ptrap_eventmsg_args eventmsg;
	struct ptrap_syscall_info_args syscall_info;
	struct ptrap_user_args user;
	struct ptrap_syscall_filter_args filter;
	struct ptrap_resume_wait_args resume_wait;
	struct ptrap_map_regs_args map_regs;
};

/* ---- requests on the session ---- */

static long ptrap_ioc_attach(struct ptrap_session *s, struct file *file,
			     union ptrap_ioc_arg *a)
{
	return ptrap_attach(s, file, a->attach.tid, a->attach.options, false);
}

static long ptrap_ioc_seize(struct ptrap_session *s, struct file *file,
			    union ptrap_ioc_arg *a)
{
	return ptrap_attach(s, file, a->attach.tid, a->attach.options, true);
}

static long ptrap_ioc_traceme(struct ptrap_session *s, struct file *file,
			      union ptrap_ioc_arg *a)
{
	if (a->traceme.flags || a->traceme.pad)
		return -EINVAL;
	return ptrap_traceme(s, a->traceme.options);
}

static long ptrap_ioc_detach(struct ptrap_session *s, struct file *file,
			     union ptrap_ioc_arg *a)
{
	if (a->tracee.pad)
		return -EINVAL;
	return ptrap_detach(s, a->tracee.tid, a->tracee.sig);
}

/* KILL, INTERRUPT, LISTEN: a tracee id and nothing else. */
static bool ptrap_tracee_args_bare(const struct ptrap_tracee_args *a)
{
	return !a->sig && !a->pad;
}

static long ptrap_ioc_kill(struct ptrap_session *s, struct file *file,
			   union ptrap_ioc_arg *a)
{
	if (!ptrap_tracee_args_bare(&a->tracee))
		return -EINVAL;
	return ptrap_kill(s, a->tracee.tid);
}

static long ptrap_ioc_interrupt(struct ptrap_session *s, struct file *file,
				union ptrap_ioc_arg *a)
{
	if (!ptrap_tracee_args_bare(&a->tracee))
		return -EINVAL;
	return ptrap_interrupt(s, a->tracee.tid);
}

static long ptrap_ioc_listen(struct ptrap_session *s, struct file *file,
			     union ptrap_ioc_arg *a)
{
	if (!ptrap_tracee_args_bare(&a->tracee))
		return -EINVAL;
	return ptrap_listen(s, a->tracee.tid);
}

static long ptrap_ioc_resume(struct ptrap_session *s, struct file *file,
			     union ptrap_ioc_arg *a)
{
	return ptrap_resume(s, a->resume.tid, a->resume.mode, a->resume.sig);
}

static long ptrap_ioc_resume_wait(struct ptrap_session *s, struct file *file,
				  union ptrap_ioc_arg *a)
{
	struct ptrap_resume_wait_args *w = &a->resume_wait;
	struct ptrap_stop __user *ustop = u64_to_user_ptr(w->stop);
	struct ptrap_tracee *rt;
	long ret;

	if (w->flags & ~PTRAP_RESUME_WAIT_FLAGS)
		return -EINVAL;
	/* A bad buffer fails before the resume, which cannot be undone. */
	if (clear_user(ustop, sizeof(*ustop)))
		return -EFAULT;
	ret = ptrap_resume(s, w->tid, w->mode, w->sig);
	if (ret)
		return ret;
	/* To spin on while it runs (spin_us): a hint, it may be gone. */
	rt = READ_ONCE(ptrap_spin_us) ? ptrap_tracee_lookup(s, w->tid) : NULL;
	ret = ptrap_wait_record(s, w->flags & PTRAP_RESUME_WAIT_SAME, w->tid,
				w->timeout_ns, ustop, rt);
	if (rt)
		ptrap_tracee_put(rt);
	return ret;
}

static long ptrap_ioc_setoptions(struct ptrap_session *s, struct file *file,
				 union ptrap_ioc_arg *a)
{
	return ptrap_setoptions(s, a->options.tid, a->options.options);
}

/* ---- requests on a tracee (looked up by the dispatcher) ---- */

static int ptrap_ioc_getregset(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_regset_get(t, a->regset.note_type,
				u64_to_user_ptr(a->regset.buf), &a->regset.len);
}

static int ptrap_ioc_setregset(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_regset_set(t, a->regset.note_type,
				u64_to_user_ptr(a->regset.buf), &a->regset.len);
}

static int ptrap_ioc_readmem(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_mem_access(t, a->mem.addr, u64_to_user_ptr(a->mem.buf),
				a->mem.len, false, &a->mem.done);
}

static int ptrap_ioc_writemem(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_mem_access(t, a->mem.addr, u64_to_user_ptr(a->mem.buf),
				a->mem.len, true, &a->mem.done);
}

static int ptrap_ioc_getsiginfo(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_getsiginfo(t, u64_to_user_ptr(a->siginfo.buf));
}

static int ptrap_ioc_setsiginfo(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_setsiginfo(t, u64_to_user_ptr(a->siginfo.buf));
}

static int ptrap_ioc_getsigmask(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_getsigmask(t, u64_to_user_ptr(a->sigmask.buf),
				a->sigmask.size);
}

static int ptrap_ioc_setsigmask(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_setsigmask(t, u64_to_user_ptr(a->sigmask.buf),
				a->sigmask.size);
}

static int ptrap_ioc_geteventmsg(struct ptrap_tracee *t,
				 union ptrap_ioc_arg *a)
{
	return ptrap_geteventmsg(t, &a->eventmsg.msg);
}

static int ptrap_ioc_syscall_info(struct ptrap_tracee *t,
				  union ptrap_ioc_arg *a)
{
	return ptrap_get_syscall_info(t, u64_to_user_ptr(a->syscall_info.buf),
				      &a->syscall_info.size);
}

static int ptrap_ioc_peekuser(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_peekuser(t, a->user.offset, &a->user.value);
}

static int ptrap_ioc_pokeuser(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_pokeuser(t, a->user.offset, a->user.value);
}

static int ptrap_ioc_set_filter(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_filter_set(t, a->filter.flags, a->filter.bitmap,
				a->filter.len);
}

static int ptrap_ioc_get_filter(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_filter_get(t, &a->filter.flags, a->filter.bitmap,
				&a->filter.len);
}

static int ptrap_ioc_map_regs(struct ptrap_tracee *t, union ptrap_ioc_arg *a)
{
	return ptrap_regs_map(t, &a->map_regs.offset);
}

/* ---- dispatch ---- */

/* The ioctl number without its size: requests are size-versioned. */
#define PTRAP_IOC_BASE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/**
 * struct ptrap_ioc - how one request is taken
 * @cmd: PTRAP_IOC_BASE() of its number.
 * @ksize: size of its argument as this module knows it.
 * @ver0: smallest argument size userland may pass (the first version).
 * @flags_off: offset of the argument's flags word, which must be 0, or -1.
 * @session_fn: the request, on the session; or
 * @tracee_fn: the request, on the tracee of the argument's leading tid.
 */
struct ptrap_ioc {
	unsigned int cmd;
	unsigned short ksize;
	unsigned short ver0;
	short flags_off;
	long (*session_fn)(struct ptrap_session *s, struct file *file,
			   union ptrap_ioc_arg *a);
	int (*tracee_fn)(struct ptrap_tracee *t, union ptrap_ioc_arg *a);
};

#define PTRAP_IOC_ARG(c, type, ver, flags)			\
	.cmd = PTRAP_IOC_BASE(c), .ksize = sizeof(struct type),	\
	.ver0 = (ver), .flags_off = (flags)

#define PTRAP_IOC_S(c, type, ver, flags, fn) \
	{ PTRAP_IOC_ARG(c, type, ver, flags), .session_fn = (fn) }

/* Per-tracee arguments begin with the tid, and most have a flags word. */
#define PTRAP_IOC_T(c, type, ver, fn)					\
	{ PTRAP_IOC_ARG(c, type, ver, offsetof(struct type, flags)),	\
	  .tracee_fn = (fn) }

static const struct ptrap_ioc ptrap_iocs[] = {
	PTRAP_IOC_S(PTRAP_IOC_ATTACH, ptrap_attach_args,
		    PTRAP_ATTACH_SIZE_VER0,
		    offsetof(struct ptrap_attach_args, flags), ptrap_ioc_attach),
	PTRAP_IOC_S(PTRAP_IOC_SEIZE, ptrap_attach_args,
		    PTRAP_ATTACH_SIZE_VER0,
		    offsetof(struct ptrap_attach_args, flags), ptrap_ioc_seize),
	PTRAP_IOC_S(PTRAP_IOC_TRACEME, ptrap_traceme_args,
		    PTRAP_TRACEME_SIZE_VER0, -1, ptrap_ioc_traceme),
	PTRAP_IOC_S(PTRAP_IOC_DETACH, ptrap_tracee_args,
		    PTRAP_TRACEE_SIZE_VER0,
		    offsetof(struct ptrap_tracee_args, flags), ptrap_ioc_detach),
	PTRAP_IOC_S(PTRAP_IOC_KILL, ptrap_tracee_args,
		    PTRAP_TRACEE_SIZE_VER0,
		    offsetof(struct ptrap_tracee_args, flags), ptrap_ioc_kill),
	PTRAP_IOC_S(PTRAP_IOC_INTERRUPT, ptrap_tracee_args,
		    PTRAP_TRACEE_SIZE_VER0,
		    offsetof(struct ptrap_tracee_args, flags),
		    ptrap_ioc_interrupt),
	PTRAP_IOC_S(PTRAP_IOC_LISTEN, ptrap_tracee_args,
		    PTRAP_TRACEE_SIZE_VER0,
		    offsetof(struct ptrap_tracee_args, flags), ptrap_ioc_listen),
	PTRAP_IOC_S(PTRAP_IOC_RESUME, ptrap_resume_args,
		    PTRAP_RESUME_SIZE_VER0,
		    offsetof(struct ptrap_resume_args, flags), ptrap_ioc_resume),
	PTRAP_IOC_S(PTRAP_IOC_SETOPTIONS, ptrap_options_args,
		    PTRAP_OPTIONS_SIZE_VER0,
		    offsetof(struct ptrap_options_args, flags),
		    ptrap_ioc_setoptions),
	/* NT_* note type where the others have flags. */
	{ PTRAP_IOC_ARG(PTRAP_IOC_GETREGSET, ptrap_regset_args,
			PTRAP_REGSET_SIZE_VER0, -1),
	  .tracee_fn = ptrap_ioc_getregset },
	{ PTRAP_IOC_ARG(PTRAP_IOC_SETREGSET, ptrap_regset_args,
			PTRAP_REGSET_SIZE_VER0, -1),
	  .tracee_fn = ptrap_ioc_setregset },
	PTRAP_IOC_T(PTRAP_IOC_READMEM, ptrap_mem_args, PTRAP_MEM_SIZE_VER0,
		    ptrap_ioc_readmem),
	PTRAP_IOC_T(PTRAP_IOC_WRITEMEM, ptrap_mem_args, PTRAP_MEM_SIZE_VER0,
		    ptrap_ioc_writemem),
	PTRAP_IOC_T(PTRAP_IOC_GETSIGINFO, ptrap_siginfo_args,
		    PTRAP_SIGINFO_SIZE_VER0, ptrap_ioc_getsiginfo),
	PTRAP_IOC_T(PTRAP_IOC_SETSIGINFO, ptrap_siginfo_args,
		    PTRAP_SIGINFO_SIZE_VER0, ptrap_ioc_setsiginfo),
	PTRAP_IOC_T(PTRAP_IOC_GETSIGMASK, ptrap_sigmask_args,
		    PTRAP_SIGMASK_SIZE_VER0, ptrap_ioc_getsigmask),
	PTRAP_IOC_T(PTRAP_IOC_SETSIGMASK, ptrap_sigmask_args,
		    PTRAP_SIGMASK_SIZE_VER0, ptrap_ioc_setsigmask),
	PTRAP_IOC_T(PTRAP_IOC_GETEVENTMSG, ptrap_eventmsg_args,
		    PTRAP_EVENTMSG_SIZE_VER0, ptrap_ioc_geteventmsg),
	PTRAP_IOC_T(PTRAP_IOC_GET_SYSCALL_INFO, ptrap_syscall_info_args,
		    PTRAP_SYSCALL_INFO_SIZE_VER0, ptrap_ioc_syscall_info),
	PTRAP_IOC_T(PTRAP_IOC_PEEKUSER, ptrap_user_args, PTRAP_USER_SIZE_VER0,
		    ptrap_ioc_peekuser),
	PTRAP_IOC_T(PTRAP_IOC_POKEUSER, ptrap_user_args, PTRAP_USER_SIZE_VER0,
		    ptrap_ioc_pokeuser),
	/* Flags with a meaning: checked by the request. */
	{ PTRAP_IOC_ARG(PTRAP_IOC_SET_SYSCALL_FILTER,
			ptrap_syscall_filter_args,
			PTRAP_SYSCALL_FILTER_SIZE_VER0, -1),
	  .tracee_fn = ptrap_ioc_set_filter },
	PTRAP_IOC_S(PTRAP_IOC_RESUME_WAIT, ptrap_resume_wait_args,
		    PTRAP_RESUME_WAIT_SIZE_VER0, -1, ptrap_ioc_resume_wait),
	PTRAP_IOC_T(PTRAP_IOC_GET_SYSCALL_FILTER, ptrap_syscall_filter_args,
		    PTRAP_SYSCALL_FILTER_SIZE_VER0, ptrap_ioc_get_filter),
	PTRAP_IOC_T(PTRAP_IOC_MAP_REGS, ptrap_map_regs_args,
		    PTRAP_MAP_REGS_SIZE_VER0, ptrap_ioc_map_regs),
};

static long ptrap_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ptrap_session *s = file->private_data;
	void __user *uarg = (void __user *)arg;
	size_t usize = _IOC_SIZE(cmd);
	const struct ptrap_ioc *ioc = NULL;
	union ptrap_ioc_arg a;
	struct ptrap_tracee *t;
	size_t i;
	long ret;

	/* The per-tracee arguments' tid is where head.tid reads it. */
	BUILD_BUG_ON(offsetof(struct ptrap_regset_args, tid) ||
		     offsetof(struct ptrap_mem_args, tid) ||
		     offsetof(struct ptrap_siginfo_args, tid) ||
		     offsetof(struct ptrap_sigmask_args, tid) ||
		     offsetof(struct ptrap_eventmsg_args, tid) ||
		     offsetof(struct ptrap_syscall_info_args, tid) ||
		     offsetof(struct ptrap_user_args, tid) ||
		     offsetof(struct ptrap_syscall_filter_args, tid) ||
		     offsetof(struct ptrap_map_regs_args, tid));

	for (i = 0; i < ARRAY_SIZE(ptrap_iocs); i++) {
		if (ptrap_iocs[i].cmd == PTRAP_IOC_BASE(cmd)) {
			ioc = &ptrap_iocs[i];
			break;
		}
	}
	if (!ioc)
		return -ENOTTY;
	if (READ_ONCE(s->revoked))
		return -ENXIO;

	ret = ptrap_copy_args(&a, ioc->ksize, ioc->ver0, uarg, usize);
	if (ret)
		return ret;
	if (ioc->flags_off >= 0 && *(u32 *)((char *)&a + ioc->flags_off))
		return -EINVAL;

	if (ioc->session_fn)
		return ioc->session_fn(s, file, &a);

	t = ptrap_tracee_lookup(s, a.head.tid);
	if (!t)
		return -ESRCH;
	ret = ioc->tracee_fn(t, &a);
	ptrap_tracee_put(t);
	/* _IOWR: the argument goes back with the request's results. */
	if (ret || _IOC_DIR(cmd) != (_IOC_READ | _IOC_WRITE))
		return ret;
	return ptrap_copy_out(uarg, &a, ioc->ksize, usize);
}

/* A register page (PTRAP_IOC_MAP_REGS); see regspage.c. */
static int ptrap_mmap(struct file *file, struct vm_area_struct *vma)
{
	return ptrap_regs_mmap(file->private_data, vma);
}

const struct file_operations ptrap_fops = {
	.owner = THIS_MODULE,
	.open = ptrap_open,
	.release = ptrap_release,
	.read = ptrap_read,
	.poll = ptrap_poll,
	.mmap = ptrap_mmap,
	.unlocked_ioctl = ptrap_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};
