// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The platform's module backend: /dev/ptrap through libptrap's API. Any
 * thread may use a module session, but ptrap_wait() on a shared session
 * could take the record another thread is waiting for (a stub thread
 * being seized has no stop to resume yet, so PTRAP_RESUME_WAIT_SAME cannot
 * wait for its first one): each stub thread therefore has a session of its
 * own, and every wait on it is for that thread only.
 *
 * General registers go through the thread's register page: read from it
 * (the module fills it at every stop), written into it and marked dirty,
 * loaded by the resume of the switch; no system call of their own. The
 * XSAVE area still goes through GETREGSET/SETREGSET.
 */
#include <errno.h>
#include <elf.h>
#include <string.h>
#include <sys/wait.h>

#include "platform.h"

static void mod_stop(const struct ptrap_stop *rec, struct pf_stop *st)
{
	memset(&st->si, 0, sizeof(st->si));
	st->status = (int)rec->status;
	if (rec->kind == PTRAP_STOP_SIGNAL)
		memcpy(&st->si, rec->siginfo,
		       sizeof(st->si) < sizeof(rec->siginfo) ?
		       sizeof(st->si) : sizeof(rec->siginfo));
}

static void mod_forget(struct pf_thread *t);

static int mod_attach(struct pf_thread *t)
{
	struct ptrap_stop rec;
	int e;

	e = ptrap_open(&t->sess, PTRAP_OPEN_MODULE);
	if (e)
		return e;
	e = ptrap_seize(t->sess, t->tid, PF_TRACE_OPTIONS);
	/* Mapped before its stop: the page shows that stop, as any later. */
	if (!e && ptrap_map_regs(t->sess, t->tid, &t->regs))
		t->regs = NULL;
	if (!e)
		e = ptrap_interrupt(t->sess, t->tid);
	if (!e)
		e = ptrap_wait(t->sess, &rec, 0);
	if (!e && (rec.kind == PTRAP_STOP_EXITED ||
		   rec.kind == PTRAP_STOP_KILLED))
		e = -ESRCH;
	if (e)
		mod_forget(t);
	return e;
}

static void mod_forget(struct pf_thread *t)
{
	if (t->regs)
		ptrap_unmap_regs(t->sess, t->regs);
	t->regs = NULL;
	ptrap_close(t->sess);
	t->sess = NULL;
}

_Static_assert(sizeof(struct ptrap_user_regs) ==
	       sizeof(struct user_regs_struct), "register page layout");

/*
 * The page holds the registers of the thread's stop (or what we wrote
 * there since, dirty), once that stop's record was taken: always, when
 * the thread is ours to ask (stopped, and its record taken by attach or
 * the last resume_wait).
 */
static int mod_getregs(struct pf_thread *t, struct user_regs_struct *r)
{
	struct ptrap_regs_page *pg = t->regs;

	if (pg && (__atomic_load_n(&pg->flags, __ATOMIC_ACQUIRE) &
		   PTRAP_REGS_STOPPED)) {
		memcpy(r, &pg->regs, sizeof(*r));
		return 0;
	}
	return ptrap_getregs(t->sess, t->tid, r);
}

/* Loaded by the resume that ends the stop; refused values fail it then. */
static int mod_setregs(struct pf_thread *t, const struct user_regs_struct *r)
{
	struct ptrap_regs_page *pg = t->regs;

	if (!pg || !(__atomic_load_n(&pg->flags, __ATOMIC_ACQUIRE) &
		     PTRAP_REGS_STOPPED))
		return ptrap_setregs(t->sess, t->tid, r);
	memcpy(&pg->regs, r, sizeof(*r));
	__atomic_store_n(&pg->dirty, 1, __ATOMIC_RELEASE);
	return 0;
}

/*
 * The resume refused the page (-EINVAL, the thread still in its stop):
 * forget what was written, and show the registers it kept.
 */
static void mod_regs_refused(struct pf_thread *t)
{
	struct user_regs_struct r;

	__atomic_store_n(&t->regs->dirty, 0, __ATOMIC_RELEASE);
	if (!ptrap_getregs(t->sess, t->tid, &r))
		memcpy(&t->regs->regs, &r, sizeof(r));
}

static int mod_getxstate(struct pf_thread *t, void *buf, size_t *len)
{
	return ptrap_getregset(t->sess, t->tid, NT_X86_XSTATE, buf, len);
}

static int mod_setxstate(struct pf_thread *t, const void *buf, size_t len)
{
	return ptrap_setregset(t->sess, t->tid, NT_X86_XSTATE, buf, &len);
}

static int mod_resume_wait(struct pf_thread *t, int sysemu,
			   struct pf_stop *st)
{
	struct ptrap_stop rec;
	int e;

	e = ptrap_resume_wait(t->sess, t->tid,
			      sysemu ? PTRAP_RESUME_SYSEMU : PTRAP_RESUME_CONT,
			      0, PTRAP_RESUME_WAIT_SAME, &rec);
	if (e) {
		if (e == -ESRCH)
			t->gone = 1;
		if (e == -EINVAL && t->regs &&
		    __atomic_load_n(&t->regs->dirty, __ATOMIC_ACQUIRE))
			mod_regs_refused(t);
		return e;
	}
	mod_stop(&rec, st);
	if (!WIFSTOPPED(st->status))
		t->gone = 1;
	return 0;
}

static int mod_interrupt(struct pf_thread *t)
{
	return ptrap_interrupt(t->sess, t->tid);
}

const struct pf_ops pf_module_ops = {
	.name = "module",
	.attach = mod_attach,
	.forget = mod_forget,
	.getregs = mod_getregs,
	.setregs = mod_setregs,
	.getxstate = mod_getxstate,
	.setxstate = mod_setxstate,
	.resume_wait = mod_resume_wait,
	.interrupt = mod_interrupt,
};
