// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: the register page (PTRAP_IOC_MAP_REGS, uapi "The register page").
 *
 * A tracee may have one page, shared with the supervisor through mmap(2) of
 * the session's file, where it copies its general registers at every stop
 * (it is current then: no wait for it to leave its CPU) and from which the
 * request that releases the stop loads them back when the supervisor marked
 * them dirty. Loading goes through the NT_PRSTATUS regset, as SETREGSET,
 * and is all or nothing: refused values leave the tracee's registers as
 * they were. A page that changes only registers kept in pt_regs (the
 * usual case: rax, rip...) is loaded without waiting for the tracee to
 * leave its CPU: it is in the kernel, parked or on its way to, and reads
 * pt_regs only once released.
 *
 * Who writes what: the registers are written by the tracee before it
 * publishes a stop and by requests while it is frozen in that stop
 * (op_lock); the header (@tid, @flags, @seq) under session->lock; @dirty
 * by the supervisor, cleared by a request that loaded the page (op_lock).
 * The page itself is referenced by the tracee (until its struct is freed)
 * and by every mapping (vm_private_data), so it outlives whichever goes
 * first.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/regset.h>
#include <linux/elf.h>
#include <asm/user.h>
#include <asm/ptrace.h>

#include "ptrap.h"
#include "requests.h"

static_assert(sizeof(struct ptrap_user_regs) ==
	      sizeof(struct user_regs_struct));
static_assert(sizeof(struct ptrap_regs_page) <= PAGE_SIZE);

/* The tracee's page, or NULL; see struct ptrap_tracee.regs_page. */
static struct ptrap_regs_page *ptrap_regs_page(struct ptrap_tracee *t)
{
	/* Pairs with the release in ptrap_regs_map(): an initialised page. */
	struct page *page = smp_load_acquire(&t->regs_page);

	return page ? page_address(page) : NULL;
}

/* Where fs_base, gs_base, ds, es, fs, gs begin in user_regs_struct. */
#define PTRAP_SEGS_OFF	offsetof(struct user_regs_struct, fs_base)

static_assert(sizeof(struct user_regs_struct) ==
	      PTRAP_SEGS_OFF + PTRAP_REGS_SEGS * sizeof(u64));

/* Copy the tracee's general registers into @pg, and note its segments. */
static void ptrap_regs_copy_out(struct ptrap_tracee *t,
				struct ptrap_regs_page *pg)
{
	const struct user_regset *rs = ptrap_find_regset(t, NT_PRSTATUS);
	struct user_regs_struct regs;

	if (!rs || regset_get(t->task, rs, sizeof(regs), &regs) < 0)
		return;
	memcpy(&pg->regs, &regs, sizeof(regs));
	memcpy(t->regs_segs, (char *)&regs + PTRAP_SEGS_OFF,
	       sizeof(t->regs_segs));
}

/* The header of a page that shows the current stop; session->lock held. */
static void ptrap_regs_mark_stopped(struct ptrap_tracee *t,
				    struct ptrap_regs_page *pg)
{
	lockdep_assert_held(&t->session->lock);
	WRITE_ONCE(pg->tid, t->tid);
	WRITE_ONCE(pg->seq, t->seq);
	WRITE_ONCE(pg->flags, PTRAP_REGS_STOPPED);
}

/**
 * ptrap_regs_map() - PTRAP_IOC_MAP_REGS
 * @t: the tracee.
 * @offset: receives the mmap(2) offset of its page.
 *
 * Gives @t its page on the first call. If @t is in a stop, the page shows
 * that stop's registers before this returns.
 *
 * Return: 0, -ENOMEM, -EINTR.
 */
int ptrap_regs_map(struct ptrap_tracee *t, u64 *offset)
{
	struct ptrap_session *s = t->session;
	struct ptrap_regs_page *pg;
	struct page *page;

	page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	pg = page_address(page);
	pg->size = sizeof(*pg);
	pg->version = PTRAP_REGS_PAGE_VERSION;
	pg->tid = t->tid;

	spin_lock(&s->lock);
	if (!t->regs_page) {
		t->regs_id = ++s->regs_ids;
		/* Initialised before the tracee can see it. */
		smp_store_release(&t->regs_page, page);
		ptrap_mem_add(PTRAP_MEM_REGS_PAGE, page);
		page = NULL;
	}
	*offset = t->regs_id << PAGE_SHIFT;
	spin_unlock(&s->lock);
	if (page)
		__free_page(page);

	/* Stopped: the tracee filled no page at this stop; fill it now. */
	if (!ptrap_tracee_lock_stopped(t)) {
		pg = ptrap_regs_page(t);
		ptrap_wait_off_cpu(t);
		ptrap_regs_copy_out(t, pg);
		spin_lock(&s->lock);
		ptrap_regs_mark_stopped(t, pg);
		spin_unlock(&s->lock);
		mutex_unlock(&t->op_lock);
	}
	return 0;
}

/**
 * ptrap_regs_publish() - the tracee copies its registers for a new stop
 * @t: the tracee (current), about to publish a stop (ptrap_publish()).
 *
 * Any context of the tracee's own (the fork probe included): the copy
 * neither sleeps nor allocates. The header follows under session->lock
 * (ptrap_regs_published()), once the stop has its number.
 */
void ptrap_regs_publish(struct ptrap_tracee *t)
{
	struct ptrap_regs_page *pg = ptrap_regs_page(t);

	if (pg)
		ptrap_regs_copy_out(t, pg);
}

/**
 * ptrap_regs_published() - the page shows the stop just published
 * @t: the tracee; session->lock held, t->seq the new stop's.
 */
void ptrap_regs_published(struct ptrap_tracee *t)
{
	struct ptrap_regs_page *pg = ptrap_regs_page(t);

	if (pg)
		ptrap_regs_mark_stopped(t, pg);
}

/**
 * ptrap_regs_stop_ended() - the stop the page shows is over
 * @t: the tracee; session->lock held.
 */
void ptrap_regs_stop_ended(struct ptrap_tracee *t)
{
	struct ptrap_regs_page *pg = ptrap_regs_page(t);

	lockdep_assert_held(&t->session->lock);
	if (pg)
		WRITE_ONCE(pg->flags, 0);
}

/*
 * Load @regs but fs_base..gs, which are those of the tracee: they are in
 * pt_regs only, the tracee may still be on its CPU. Refused: pt_regs (and
 * the single-step's TIF_FORCED_TF, which a TF in @regs clears) restored.
 */
static int ptrap_regs_load_ptregs(struct ptrap_tracee *t,
				  const struct user_regset *rs,
				  const struct user_regs_struct *regs)
{
	struct pt_regs *ptregs = task_pt_regs(t->task), saved = *ptregs;
	bool forced = test_tsk_thread_flag(t->task, TIF_FORCED_TF);

	if (!rs->set(t->task, rs, 0, PTRAP_SEGS_OFF, regs, NULL))
		return 0;
	*ptregs = saved;
	if (forced)
		set_tsk_thread_flag(t->task, TIF_FORCED_TF);
	return -EINVAL;
}

/* Load all of @regs; the tracee off its CPU. All or nothing as above. */
static int ptrap_regs_load_all(struct ptrap_tracee *t,
			       const struct user_regset *rs,
			       const struct user_regs_struct *regs)
{
	struct user_regs_struct old;

	ptrap_wait_off_cpu(t);
	if (regset_get(t->task, rs, sizeof(old), &old) < 0)
		return -EINVAL;
	if (!rs->set(t->task, rs, 0, sizeof(*regs), regs, NULL)) {
		memcpy(t->regs_segs, (char *)regs + PTRAP_SEGS_OFF,
		       sizeof(t->regs_segs));
		return 0;
	}
	/* Values it took before it refused one: as they were. */
	rs->set(t->task, rs, 0, sizeof(old), &old, NULL);
	return -EINVAL;
}

/**
 * ptrap_regs_load() - load a dirty page into the stopped tracee
 * @t: the tracee, frozen in a stop (op_lock held).
 *
 * All or nothing: if the regset refuses a value, the registers it had
 * taken already are put back, and the page stays dirty. A page whose
 * fs_base, gs_base and selectors ds, es, fs, gs are the tracee's own
 * leaves them alone and does not wait for the tracee to leave its CPU.
 *
 * Return: 0 (loaded, or nothing to load), -EINVAL (refused).
 */
int ptrap_regs_load(struct ptrap_tracee *t)
{
	struct ptrap_regs_page *pg = ptrap_regs_page(t);
	struct user_regs_struct regs;
	const struct user_regset *rs;
	int ret;

	lockdep_assert_held(&t->op_lock);
	if (!pg || !READ_ONCE(pg->dirty))
		return 0;
	rs = ptrap_find_regset(t, NT_PRSTATUS);
	if (!rs || !rs->set)
		return -EINVAL;
	/* One snapshot: the supervisor may still be writing. */
	memcpy(&regs, &pg->regs, sizeof(regs));
	if (!memcmp((char *)&regs + PTRAP_SEGS_OFF, t->regs_segs,
		    sizeof(t->regs_segs)))
		ret = ptrap_regs_load_ptregs(t, rs, &regs);
	else
		ret = ptrap_regs_load_all(t, rs, &regs);
	if (ret)
		return ret;
	WRITE_ONCE(pg->dirty, 0);
	return 0;
}

/**
 * ptrap_regs_refresh() - the page shows registers a request just wrote
 * @t: the tracee, frozen in a stop (op_lock held), off its CPU
 *	(ptrap_wait_off_cpu()).
 */
void ptrap_regs_refresh(struct ptrap_tracee *t)
{
	struct ptrap_regs_page *pg = ptrap_regs_page(t);

	lockdep_assert_held(&t->op_lock);
	if (pg)
		ptrap_regs_copy_out(t, pg);
}

/**
 * ptrap_regs_free() - the tracee's struct is freed: drop its page
 * @t: the tracee. Mappings keep the page until they go.
 */
void ptrap_regs_free(struct ptrap_tracee *t)
{
	if (!t->regs_page)
		return;
	ptrap_mem_sub(PTRAP_MEM_REGS_PAGE, t->regs_page);
	put_page(t->regs_page);
}

/* ---- mmap(2) ---- */

static void ptrap_regs_vm_open(struct vm_area_struct *vma)
{
	get_page(vma->vm_private_data);
}

static void ptrap_regs_vm_close(struct vm_area_struct *vma)
{
	put_page(vma->vm_private_data);
}

static vm_fault_t ptrap_regs_vm_fault(struct vm_fault *vmf)
{
	struct page *page = vmf->vma->vm_private_data;

	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct ptrap_regs_vm_ops = {
	.open = ptrap_regs_vm_open,
	.close = ptrap_regs_vm_close,
	.fault = ptrap_regs_vm_fault,
};

/**
 * ptrap_regs_mmap() - mmap(2) of a session: a register page
 * @s: the session.
 * @vma: one page, shared, not executable; vm_pgoff a page's id.
 *
 * Return: 0, -EINVAL (size, private mapping, no such page), -EACCES
 * (PROT_EXEC), -ENXIO (revoked).
 */
int ptrap_regs_mmap(struct ptrap_session *s, struct vm_area_struct *vma)
{
	struct page *page = NULL;
	struct ptrap_tracee *t;

	if (READ_ONCE(s->revoked))
		return -ENXIO;
	if (vma->vm_end - vma->vm_start != PAGE_SIZE ||
	    !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_flags & VM_EXEC)
		return -EACCES;

	spin_lock(&s->lock);
	list_for_each_entry(t, &s->tracees, node) {
		if (t->regs_page && t->regs_id == vma->vm_pgoff) {
			page = t->regs_page;
			get_page(page);
			break;
		}
	}
	spin_unlock(&s->lock);
	if (!page)
		return -EINVAL;

#ifdef PTRAP_HAVE_VM_FLAGS_MOD
	vm_flags_mod(vma, VM_DONTEXPAND | VM_DONTDUMP, VM_MAYEXEC);
#else
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_flags &= ~VM_MAYEXEC;
#endif
	vma->vm_private_data = page;
	vma->vm_ops = &ptrap_regs_vm_ops;
	return 0;
}
