// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The platform's module backend: /dev/ptrap through libptrap's API. Any
 * thread may use a module session, but ptrap_wait() on a shared session
 * could take the record another thread is waiting for (a stub thread
 * being seized has no stop to resume yet, so PTRAP_RESUME_WAIT_SAME cannot
 * wait for its first one): each stub thread therefore has a session of its
 * own, and every wait on it is for that thread only.
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

static int mod_attach(struct pf_thread *t)
{
	struct ptrap_stop rec;
	int e;

	e = ptrap_open(&t->sess, PTRAP_OPEN_MODULE);
	if (e)
		return e;
	e = ptrap_seize(t->sess, t->tid, PF_TRACE_OPTIONS);
	if (!e)
		e = ptrap_interrupt(t->sess, t->tid);
	if (!e)
		e = ptrap_wait(t->sess, &rec, 0);
	if (!e && (rec.kind == PTRAP_STOP_EXITED ||
		   rec.kind == PTRAP_STOP_KILLED))
		e = -ESRCH;
	if (e) {
		ptrap_close(t->sess);
		t->sess = NULL;
	}
	return e;
}

static void mod_forget(struct pf_thread *t)
{
	ptrap_close(t->sess);
	t->sess = NULL;
}

static int mod_getregs(struct pf_thread *t, struct user_regs_struct *r)
{
	return ptrap_getregs(t->sess, t->tid, r);
}

static int mod_setregs(struct pf_thread *t, const struct user_regs_struct *r)
{
	return ptrap_setregs(t->sess, t->tid, r);
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
