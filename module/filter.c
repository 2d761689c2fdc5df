// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: the per-tracee syscall filter (PTRAP_IOC_SET_SYSCALL_FILTER,
 * PTRAP_IOC_GET_SYSCALL_FILTER).
 *
 * A filter is immutable once installed: SET builds a new one and swaps the
 * tracee's pointer under session->lock, while the tracee is frozen in a
 * stop (op_lock), as options change. The tracee's probes read the pointer
 * under RCU (they run under rcu_read_lock()) and test one bit; the old
 * filter is freed after a grace period. Children auto-attached by the fork
 * probe share their creator's filter (a reference each).
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/overflow.h>

#include "ptrap.h"

/**
 * ptrap_filter_put() - drop a reference to a filter
 * @f: the filter, or NULL.
 *
 * Any context; the filter is freed after an RCU grace period.
 */
void ptrap_filter_put(struct ptrap_syscall_filter *f)
{
	if (f && refcount_dec_and_test(&f->ref)) {
		ptrap_mem_sub(PTRAP_MEM_FILTER, f);
		kfree_rcu(f, rcu);
	}
}

/**
 * ptrap_filter_inherit() - give an auto-attached child its creator's filter
 * @t: the child's new tracee struct, not published yet.
 * @pt: its creator.
 *
 * Caller holds the session's lock (the one of @pt, which @t joins).
 */
void ptrap_filter_inherit(struct ptrap_tracee *t, struct ptrap_tracee *pt)
{
	struct ptrap_syscall_filter *f;

	lockdep_assert_held(&pt->session->lock);
	f = rcu_dereference_protected(pt->filter,
				      lockdep_is_held(&pt->session->lock));
	if (f)
		refcount_inc(&f->ref);
	RCU_INIT_POINTER(t->filter, f);
}

/* Freeze @t in its stop and let go again: ESRCH comes before EFAULT. */
static int ptrap_filter_check_stopped(struct ptrap_tracee *t)
{
	int ret = ptrap_tracee_lock_stopped(t);

	if (!ret)
		mutex_unlock(&t->op_lock);
	return ret;
}

static bool ptrap_filter_len_ok(u64 len)
{
	return len % sizeof(u64) == 0 && len <= PTRAP_SYSCALL_FILTER_MAX_BYTES;
}

/**
 * ptrap_filter_set() - PTRAP_IOC_SET_SYSCALL_FILTER
 * @t: the tracee.
 * @flags: 0 or PTRAP_SYSCALL_FILTER_NONE.
 * @ubitmap: user address of the bitmap (0 with PTRAP_SYSCALL_FILTER_NONE).
 * @len: its length in bytes (0 with PTRAP_SYSCALL_FILTER_NONE).
 *
 * Return: 0, -EINVAL (flags, length), -ESRCH (not in a stop), -EFAULT,
 * -ENOMEM, -EINTR.
 */
int ptrap_filter_set(struct ptrap_tracee *t, u32 flags, u64 ubitmap, u64 len)
{
	struct ptrap_syscall_filter *f = NULL, *old;
	struct ptrap_session *s = t->session;
	int ret;

	if (flags & ~PTRAP_SYSCALL_FILTER_NONE)
		return -EINVAL;
	if (flags & PTRAP_SYSCALL_FILTER_NONE) {
		if (ubitmap || len)
			return -EINVAL;
	} else if (!ptrap_filter_len_ok(len)) {
		return -EINVAL;
	}
	ret = ptrap_filter_check_stopped(t);
	if (ret)
		return ret;

	if (!(flags & PTRAP_SYSCALL_FILTER_NONE)) {
		f = kzalloc(struct_size(f, bits, BITS_TO_LONGS(len * 8)),
			    GFP_KERNEL_ACCOUNT);
		if (!f)
			return -ENOMEM;
		ptrap_mem_add(PTRAP_MEM_FILTER, f);
		refcount_set(&f->ref, 1);
		f->nbits = len * 8;
		/* x86-64: the u64 words are the kernel's longs. */
		if (copy_from_user(f->bits, u64_to_user_ptr(ubitmap), len)) {
			ptrap_filter_put(f);
			return -EFAULT;
		}
	}

	ret = ptrap_tracee_lock_stopped(t);
	if (ret) {
		ptrap_filter_put(f);
		return ret;
	}
	spin_lock(&s->lock);
	old = rcu_replace_pointer(t->filter, f, lockdep_is_held(&s->lock));
	spin_unlock(&s->lock);
	mutex_unlock(&t->op_lock);
	ptrap_filter_put(old);
	return 0;
}

/**
 * ptrap_filter_get() - PTRAP_IOC_GET_SYSCALL_FILTER
 * @t: the tracee.
 * @flags: out: PTRAP_SYSCALL_FILTER_NONE if it has no filter, else 0.
 * @ubitmap: user buffer.
 * @len: in: size of @ubitmap; out: length of the filter in bytes.
 *
 * Return: 0, -EINVAL (@len), -ESRCH (not in a stop), -EFAULT, -EINTR.
 */
int ptrap_filter_get(struct ptrap_tracee *t, u32 *flags, u64 ubitmap,
		     u64 *len)
{
	unsigned long bits[BITS_TO_LONGS(PTRAP_SYSCALL_FILTER_MAX_BITS)];
	struct ptrap_syscall_filter *f;
	struct ptrap_session *s = t->session;
	u64 flen = 0;
	bool none;
	int ret;

	if (!ptrap_filter_len_ok(*len))
		return -EINVAL;
	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		return ret;
	spin_lock(&s->lock);
	f = rcu_dereference_protected(t->filter, lockdep_is_held(&s->lock));
	none = !f;
	if (f) {
		flen = f->nbits / 8;
		memcpy(bits, f->bits, flen);
	}
	spin_unlock(&s->lock);
	mutex_unlock(&t->op_lock);

	if (copy_to_user(u64_to_user_ptr(ubitmap), bits, min(*len, flen)))
		return -EFAULT;
	*len = flen;
	*flags = none ? PTRAP_SYSCALL_FILTER_NONE : 0;
	return 0;
}
