// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: a session is one open file of /dev/ptrap. Records are read from
 * it, requests are ioctls on it, closing it lets every tracee go.
 */
#include <linux/fs.h>
#include <linux/slab.h>
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
	put_pid_ns(s->pid_ns);
	put_cred(s->cred);
	kfree(s);
}

static int ptrap_open(struct inode *inode, struct file *file)
{
	struct ptrap_session *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->tracees);
	INIT_LIST_HEAD(&s->ready);
	init_waitqueue_head(&s->read_wq);
	refcount_set(&s->ref, 1);
	s->cred = get_cred(file->f_cred);
	s->privileged = file_ns_capable(file, &init_user_ns, CAP_SYS_PTRACE);
	s->pid_ns = get_pid_ns(task_active_pid_ns(current));
	s->opener_tgid = task_tgid_nr_ns(current, s->pid_ns);
	file->private_data = s;
	return stream_open(inode, file);
}

static int ptrap_release(struct inode *inode, struct file *file)
{
	struct ptrap_session *s = file->private_data;

	ptrap_session_release_tracees(s);
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

/* Take the oldest record; returns the tracee, referenced, or NULL. */
static struct ptrap_tracee *ptrap_take_record(struct ptrap_session *s,
					      struct ptrap_stop *rec, u64 *seq)
{
	struct ptrap_tracee *t;

	spin_lock(&s->lock);
	t = list_first_entry_or_null(&s->ready, struct ptrap_tracee,
				     ready_node);
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
		t = ptrap_take_record(s, &rec, &seq);
		if (!t) {
			if (done)
				break;
			if (file->f_flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(s->read_wq,
						       ptrap_records_ready(s));
			if (ret)
				return ret;
			continue;
		}
		if (copy_to_user(buf + done, &rec, sizeof(rec))) {
			ptrap_untake_record(s, t, seq);
			ptrap_tracee_put(t);
			return done ? done : -EFAULT;
		}
		if (rec.kind == PTRAP_STOP_EXITED ||
		    rec.kind == PTRAP_STOP_KILLED ||
		    rec.kind == PTRAP_STOP_DETACHED)
			ptrap_forget_tracee(s, t, seq);
		ptrap_tracee_put(t);
		done += sizeof(rec);
	}
	return done;
}

static __poll_t ptrap_poll(struct file *file, poll_table *wait)
{
	struct ptrap_session *s = file->private_data;

	poll_wait(file, &s->read_wq, wait);
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

static long ptrap_ioc_attach(struct ptrap_session *s, struct file *file,
			     void __user *uarg, size_t usize, bool seize)
{
	struct ptrap_attach_args a;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_ATTACH_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	return ptrap_attach(s, file, a.tid, a.options, seize);
}

static long ptrap_ioc_traceme(struct ptrap_session *s, void __user *uarg,
			      size_t usize)
{
	struct ptrap_traceme_args a;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_TRACEME_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.flags || a.pad)
		return -EINVAL;
	return ptrap_traceme(s, a.options);
}

static long ptrap_ioc_tracee(struct ptrap_session *s, void __user *uarg,
			     size_t usize, bool kill)
{
	struct ptrap_tracee_args a;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_TRACEE_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.flags || a.pad || (kill && a.sig))
		return -EINVAL;
	return kill ? ptrap_kill(s, a.tid) : ptrap_detach(s, a.tid, a.sig);
}

/* PTRAP_IOC_INTERRUPT, PTRAP_IOC_LISTEN: a tracee id and nothing else. */
static long ptrap_ioc_jobctl(struct ptrap_session *s, void __user *uarg,
			     size_t usize, bool listen)
{
	struct ptrap_tracee_args a;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_TRACEE_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.sig || a.flags || a.pad)
		return -EINVAL;
	return listen ? ptrap_listen(s, a.tid) : ptrap_interrupt(s, a.tid);
}

static long ptrap_ioc_resume(struct ptrap_session *s, void __user *uarg,
			     size_t usize)
{
	struct ptrap_resume_args a;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_RESUME_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	return ptrap_resume(s, a.tid, a.mode, a.sig);
}

static long ptrap_ioc_setoptions(struct ptrap_session *s, void __user *uarg,
				 size_t usize)
{
	struct ptrap_options_args a;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_OPTIONS_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	return ptrap_setoptions(s, a.tid, a.options);
}

static long ptrap_ioc_regset(struct ptrap_session *s, void __user *uarg,
			     size_t usize, bool set)
{
	struct ptrap_regset_args a;
	struct ptrap_tracee *t;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_REGSET_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	t = ptrap_tracee_lookup(s, a.tid);
	if (!t)
		return -ESRCH;
	if (set)
		ret = ptrap_regset_set(t, a.note_type, u64_to_user_ptr(a.buf),
				       &a.len);
	else
		ret = ptrap_regset_get(t, a.note_type, u64_to_user_ptr(a.buf),
				       &a.len);
	ptrap_tracee_put(t);
	if (ret)
		return ret;
	return ptrap_copy_out(uarg, &a, sizeof(a), usize);
}

static long ptrap_ioc_mem(struct ptrap_session *s, void __user *uarg,
			  size_t usize, bool write)
{
	struct ptrap_mem_args a;
	struct ptrap_tracee *t;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_MEM_SIZE_VER0, uarg, usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	t = ptrap_tracee_lookup(s, a.tid);
	if (!t)
		return -ESRCH;
	ret = ptrap_mem_access(t, a.addr, u64_to_user_ptr(a.buf), a.len, write,
			       &a.done);
	ptrap_tracee_put(t);
	if (ret)
		return ret;
	return ptrap_copy_out(uarg, &a, sizeof(a), usize);
}

static long ptrap_ioc_siginfo(struct ptrap_session *s, void __user *uarg,
			      size_t usize, bool set)
{
	struct ptrap_siginfo_args a;
	struct ptrap_tracee *t;
	siginfo_t __user *buf;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_SIGINFO_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	t = ptrap_tracee_lookup(s, a.tid);
	if (!t)
		return -ESRCH;
	buf = u64_to_user_ptr(a.buf);
	ret = set ? ptrap_setsiginfo(t, buf) : ptrap_getsiginfo(t, buf);
	ptrap_tracee_put(t);
	return ret;
}

static long ptrap_ioc_sigmask(struct ptrap_session *s, void __user *uarg,
			      size_t usize, bool set)
{
	struct ptrap_sigmask_args a;
	struct ptrap_tracee *t;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_SIGMASK_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	t = ptrap_tracee_lookup(s, a.tid);
	if (!t)
		return -ESRCH;
	if (set)
		ret = ptrap_setsigmask(t, u64_to_user_ptr(a.buf), a.size);
	else
		ret = ptrap_getsigmask(t, u64_to_user_ptr(a.buf), a.size);
	ptrap_tracee_put(t);
	return ret;
}

static long ptrap_ioc_eventmsg(struct ptrap_session *s, void __user *uarg,
			       size_t usize)
{
	struct ptrap_eventmsg_args a;
	struct ptrap_tracee *t;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_EVENTMSG_SIZE_VER0, uarg,
			      usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	t = ptrap_tracee_lookup(s, a.tid);
	if (!t)
		return -ESRCH;
	ret = ptrap_geteventmsg(t, &a.msg);
	ptrap_tracee_put(t);
	if (ret)
		return ret;
	return ptrap_copy_out(uarg, &a, sizeof(a), usize);
}

static long ptrap_ioc_syscall_info(struct ptrap_session *s,
				   void __user *uarg, size_t usize)
{
	struct ptrap_syscall_info_args a;
	struct ptrap_tracee *t;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_SYSCALL_INFO_SIZE_VER0,
			      uarg, usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	t = ptrap_tracee_lookup(s, a.tid);
	if (!t)
		return -ESRCH;
	ret = ptrap_get_syscall_info(t, u64_to_user_ptr(a.buf), &a.size);
	ptrap_tracee_put(t);
	if (ret)
		return ret;
	return ptrap_copy_out(uarg, &a, sizeof(a), usize);
}

static long ptrap_ioc_user(struct ptrap_session *s, void __user *uarg,
			   size_t usize, bool poke)
{
	struct ptrap_user_args a;
	struct ptrap_tracee *t;
	int ret;

	ret = ptrap_copy_args(&a, sizeof(a), PTRAP_USER_SIZE_VER0, uarg, usize);
	if (ret)
		return ret;
	if (a.flags)
		return -EINVAL;
	t = ptrap_tracee_lookup(s, a.tid);
	if (!t)
		return -ESRCH;
	if (poke)
		ret = ptrap_pokeuser(t, a.offset, a.value);
	else
		ret = ptrap_peekuser(t, a.offset, &a.value);
	ptrap_tracee_put(t);
	if (ret || poke)
		return ret;
	return ptrap_copy_out(uarg, &a, sizeof(a), usize);
}

/* The ioctl number without its size: requests are size-versioned. */
#define PTRAP_IOC_BASE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

static long ptrap_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ptrap_session *s = file->private_data;
	void __user *uarg = (void __user *)arg;
	size_t usize = _IOC_SIZE(cmd);

	switch (PTRAP_IOC_BASE(cmd)) {
	case PTRAP_IOC_BASE(PTRAP_IOC_ATTACH):
		return ptrap_ioc_attach(s, file, uarg, usize, false);
	case PTRAP_IOC_BASE(PTRAP_IOC_SEIZE):
		return ptrap_ioc_attach(s, file, uarg, usize, true);
	case PTRAP_IOC_BASE(PTRAP_IOC_TRACEME):
		return ptrap_ioc_traceme(s, uarg, usize);
	case PTRAP_IOC_BASE(PTRAP_IOC_DETACH):
		return ptrap_ioc_tracee(s, uarg, usize, false);
	case PTRAP_IOC_BASE(PTRAP_IOC_KILL):
		return ptrap_ioc_tracee(s, uarg, usize, true);
	case PTRAP_IOC_BASE(PTRAP_IOC_INTERRUPT):
		return ptrap_ioc_jobctl(s, uarg, usize, false);
	case PTRAP_IOC_BASE(PTRAP_IOC_LISTEN):
		return ptrap_ioc_jobctl(s, uarg, usize, true);
	case PTRAP_IOC_BASE(PTRAP_IOC_RESUME):
		return ptrap_ioc_resume(s, uarg, usize);
	case PTRAP_IOC_BASE(PTRAP_IOC_SETOPTIONS):
		return ptrap_ioc_setoptions(s, uarg, usize);
	case PTRAP_IOC_BASE(PTRAP_IOC_GETREGSET):
		return ptrap_ioc_regset(s, uarg, usize, false);
	case PTRAP_IOC_BASE(PTRAP_IOC_SETREGSET):
		return ptrap_ioc_regset(s, uarg, usize, true);
	case PTRAP_IOC_BASE(PTRAP_IOC_READMEM):
		return ptrap_ioc_mem(s, uarg, usize, false);
	case PTRAP_IOC_BASE(PTRAP_IOC_WRITEMEM):
		return ptrap_ioc_mem(s, uarg, usize, true);
	case PTRAP_IOC_BASE(PTRAP_IOC_GETSIGINFO):
		return ptrap_ioc_siginfo(s, uarg, usize, false);
	case PTRAP_IOC_BASE(PTRAP_IOC_SETSIGINFO):
		return ptrap_ioc_siginfo(s, uarg, usize, true);
	case PTRAP_IOC_BASE(PTRAP_IOC_GETSIGMASK):
		return ptrap_ioc_sigmask(s, uarg, usize, false);
	case PTRAP_IOC_BASE(PTRAP_IOC_SETSIGMASK):
		return ptrap_ioc_sigmask(s, uarg, usize, true);
	case PTRAP_IOC_BASE(PTRAP_IOC_GETEVENTMSG):
		return ptrap_ioc_eventmsg(s, uarg, usize);
	case PTRAP_IOC_BASE(PTRAP_IOC_GET_SYSCALL_INFO):
		return ptrap_ioc_syscall_info(s, uarg, usize);
	case PTRAP_IOC_BASE(PTRAP_IOC_PEEKUSER):
		return ptrap_ioc_user(s, uarg, usize, false);
	case PTRAP_IOC_BASE(PTRAP_IOC_POKEUSER):
		return ptrap_ioc_user(s, uarg, usize, true);
	default:
		return -ENOTTY;
	}
}

const struct file_operations ptrap_fops = {
	.owner = THIS_MODULE,
	.open = ptrap_open,
	.release = ptrap_release,
	.read = ptrap_read,
	.poll = ptrap_poll,
	.unlocked_ioctl = ptrap_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};
