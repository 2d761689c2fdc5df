// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: registers and memory of a stopped tracee.
 *
 * Registers go through the kernel's regset view, the code ptrace(2)'s
 * GETREGSET/SETREGSET use, while the tracee is frozen in its stop
 * (op_lock). Memory goes through access_process_vm() a page at a time;
 * user copies are made with no lock held.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/regset.h>
#include <linux/uaccess.h>
#include <linux/elf.h>
#include <linux/delay.h>

#include "ptrap.h"
#include "requests.h"

/**
 * ptrap_find_regset() - a register set of the tracee's regset view
 * @t: the tracee.
 * @note_type: NT_PRSTATUS (general registers), NT_PRFPREG (the FXSAVE
 *	area) or NT_X86_XSTATE (the XSAVE area, in the layout ptrace(2)'s
 *	PTRACE_GETREGSET gives).
 *
 * Return: the register set, or NULL for any other note type.
 */
const struct user_regset *ptrap_find_regset(struct ptrap_tracee *t,
					    u32 note_type)
{
	const struct user_regset_view *view;
	unsigned int i;

	switch (note_type) {
	case NT_PRSTATUS:
	case NT_PRFPREG:
	case NT_X86_XSTATE:
		break;
	default:
		return NULL;
	}
	view = task_user_regset_view(t->task);
	for (i = 0; i < view->n; i++)
		if (view->regsets[i].core_note_type == note_type)
			return &view->regsets[i];
	return NULL;
}

/**
 * ptrap_wait_off_cpu() - wait until a frozen tracee has left its CPU
 * @t: the tracee, frozen in a stop (op_lock held).
 *
 * A tracee publishes its stop before it goes to sleep, and until it has
 * been switched out its FPU registers (and fs/gs bases) may live in the
 * CPU only: read from memory they would be stale, written there they would
 * be overwritten or never loaded. Once it has been switched out after the
 * stop, its user state is in memory and stays there (TIF_NEED_FPU_LOAD)
 * until it returns to user mode, which op_lock prevents. ptrace(2) has
 * wait_task_inactive() for this, which modules cannot use.
 *
 * The tracee is on its way to sleep, or, woken by SIGKILL, to wait for
 * op_lock: a short spin, then brief sleeps, which also stop its optimistic
 * spinning on the mutex we hold.
 */
void ptrap_wait_off_cpu(struct ptrap_tracee *t)
{
	unsigned int spins = 0;

	lockdep_assert_held(&t->op_lock);
	/* Pairs with finish_task()'s release: its state was saved before. */
	while (smp_load_acquire(&t->task->on_cpu)) {
		if (++spins < 1000)
			cpu_relax();
		else
			usleep_range(10, 50);
	}
}

/* Clamp a PTRACE_GETREGSET-style length; see struct ptrap_regset_args. */
static int ptrap_regset_len(const struct user_regset *rs, u64 len,
			    unsigned int *size)
{
	if (len % rs->size)
		return -EINVAL;
	*size = min_t(u64, len, (u64)rs->n * rs->size);
	return 0;
}

/**
 * ptrap_regset_get() - PTRAP_IOC_GETREGSET
 * @t: the tracee.
 * @note_type: NT_PRSTATUS, NT_PRFPREG or NT_X86_XSTATE.
 * @buf: user buffer.
 * @len: in: its size; out: bytes filled.
 *
 * Return: 0, -EINVAL, -ESRCH (not stopped), -EFAULT, -ENOMEM.
 */
int ptrap_regset_get(struct ptrap_tracee *t, u32 note_type,
		     void __user *buf, u64 *len)
{
	const struct user_regset *rs = ptrap_find_regset(t, note_type);
	unsigned int size;
	void *kbuf;
	int ret;

	if (!rs)
		return -EINVAL;
	ret = ptrap_regset_len(rs, *len, &size);
	if (ret)
		return ret;
	kbuf = kzalloc(rs->n * rs->size, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		goto out_free;
	/* A dirty register page is what the registers are. */
	if (note_type == NT_PRSTATUS)
		ret = ptrap_regs_load(t);
	if (!ret) {
		ptrap_wait_off_cpu(t);
		ret = regset_get(t->task, rs, size, kbuf);
	}
	mutex_unlock(&t->op_lock);
	if (ret < 0)
		goto out_free;
	ret = 0;
	if (copy_to_user(buf, kbuf, size))
		ret = -EFAULT;
	else
		*len = size;
out_free:
	kfree(kbuf);
	return ret;
}

/**
 * ptrap_regset_set() - PTRAP_IOC_SETREGSET
 * @t: the tracee.
 * @note_type: NT_PRSTATUS, NT_PRFPREG or NT_X86_XSTATE.
 * @buf: user buffer.
 * @len: in: its size; out: bytes used. The FP and XSTATE sets take only
 *	whole writes, as with ptrace(2) (EINVAL and EFAULT respectively).
 *
 * Return: 0, -EINVAL (also for values the architecture refuses, and for a
 * dirty register page it refuses), -ESRCH, -EFAULT, -ENOMEM.
 */
int ptrap_regset_set(struct ptrap_tracee *t, u32 note_type,
		     const void __user *buf, u64 *len)
{
	const struct user_regset *rs = ptrap_find_regset(t, note_type);
	unsigned int size;
	void *kbuf;
	int ret;

	if (!rs || !rs->set)
		return -EINVAL;
	ret = ptrap_regset_len(rs, *len, &size);
	if (ret)
		return ret;
	kbuf = memdup_user(buf, size);
	if (IS_ERR(kbuf))
		return PTR_ERR(kbuf);
	ret = ptrap_tracee_lock_stopped(t);
	if (ret)
		goto out_free;
	/* The page first (it may hold registers this leaves alone)... */
	if (note_type == NT_PRSTATUS)
		ret = ptrap_regs_load(t);
	if (!ret) {
		ptrap_wait_off_cpu(t);
		ret = rs->set(t->task, rs, 0, size, kbuf, NULL);
	}
	/* ... then it shows what was set. */
	if (!ret && note_type == NT_PRSTATUS)
		ptrap_regs_refresh(t);
	mutex_unlock(&t->op_lock);
	if (!ret)
		*len = size;
out_free:
	kfree(kbuf);
	return ret;
}

/**
 * ptrap_mem_access() - PTRAP_IOC_READMEM and PTRAP_IOC_WRITEMEM
 * @t: the tracee.
 * @addr: address in the tracee.
 * @buf: the caller's buffer.
 * @len: bytes to transfer.
 * @write: write to the tracee rather than read.
 * @done: receives the bytes transferred.
 *
 * A page at a time, the tracee frozen in its stop for each access only, so
 * that SIGKILL is never held off for long. Writes use FOLL_FORCE, as
 * ptrace(2) does, so read-only text can be patched.
 *
 * Return: 0 if anything was transferred (or @len is 0); else -EIO (tracee
 * memory), -EFAULT (@buf), -ESRCH (not stopped), -EINTR, -ENOMEM.
 */
int ptrap_mem_access(struct ptrap_tracee *t, u64 addr, void __user *buf,
		     u64 len, bool write, u64 *done)
{
	unsigned int gup_flags = FOLL_FORCE | (write ? FOLL_WRITE : 0);
	u64 copied = 0;
	void *kbuf;
	int ret = 0;

	*done = 0;
	if (!len) {
		/* Nothing to move, but the tracee must still be stopped. */
		ret = ptrap_tracee_lock_stopped(t);
		if (!ret)
			mutex_unlock(&t->op_lock);
		return ret;
	}
	kbuf = (void *)__get_free_page(GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;

	while (copied < len) {
		size_t chunk = min_t(u64, len - copied, PAGE_SIZE);
		int n;

		if (write && copy_from_user(kbuf, buf + copied, chunk)) {
			ret = -EFAULT;
			break;
		}
		ret = ptrap_tracee_lock_stopped(t);
		if (ret)
			break;
		n = access_process_vm(t->task, addr + copied, kbuf, chunk,
				      gup_flags);
		mutex_unlock(&t->op_lock);
		if (n <= 0) {
			ret = -EIO;
			break;
		}
		if (!write && copy_to_user(buf + copied, kbuf, n)) {
			ret = -EFAULT;
			break;
		}
		copied += n;
		if (n < chunk)
			break;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		cond_resched();
	}
	free_page((unsigned long)kbuf);
	*done = copied;
	return copied ? 0 : ret;
}
