// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The platform's ptrace(2) backend ("stub-pool"): each stub thread is
 * traced by its owner, the caller thread that uses it, with ptrace called
 * directly (no marshalling to a tracer thread: a switch is one
 * PTRACE_SYSEMU and one waitpid). waitpid() names the thread and passes
 * __WALL, so it never takes a stop or an exit that is not ours; the
 * library's session tracer threads wait with __WNOTHREAD and never take
 * ours.
 */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform.h"

#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP	128
#endif

static int pt_waitstop(pid_t tid, struct pf_stop *st)
{
	int status;

	memset(&st->si, 0, sizeof(st->si));
	while (waitpid(tid, &status, __WALL) < 0)
		if (errno != EINTR)
			return errno == ECHILD ? -ESRCH : -errno;
	st->status = status;
	/* Signal-delivery-stops have a siginfo, SYSEMU stops SIGTRAP|0x80. */
	if (WIFSTOPPED(status) && !(status >> 16) &&
	    WSTOPSIG(status) != (SIGTRAP | 0x80) &&
	    ptrace(PTRACE_GETSIGINFO, tid, NULL, &st->si))
		return -errno;
	return 0;
}

static int pt_attach(struct pf_thread *t)
{
	struct pf_stop st;
	int e;

	if (ptrace(PTRACE_SEIZE, t->tid, NULL,
		   (void *)(unsigned long)PF_TRACE_OPTIONS))
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, t->tid, NULL, NULL))
		return -errno;
	e = pt_waitstop(t->tid, &st);
	if (e)
		return e;
	return WIFSTOPPED(st.status) ? 0 : -ESRCH;
}

/* Reap the thread if it died (its stub was killed): it is our tracee. */
static void pt_forget(struct pf_thread *t)
{
	while (!t->gone && waitpid(t->tid, NULL, __WALL) < 0 && errno == EINTR)
		;
}

static int pt_getregs(struct pf_thread *t, struct user_regs_struct *r)
{
	return ptrace(PTRACE_GETREGS, t->tid, NULL, r) ? -errno : 0;
}

static int pt_setregs(struct pf_thread *t, const struct user_regs_struct *r)
{
	return ptrace(PTRACE_SETREGS, t->tid, NULL, r) ? -errno : 0;
}

static int pt_getxstate(struct pf_thread *t, void *buf, size_t *len)
{
	struct iovec iov = { .iov_base = buf, .iov_len = *len };

	if (ptrace(PTRACE_GETREGSET, t->tid, (void *)NT_X86_XSTATE, &iov))
		return -errno;
	*len = iov.iov_len;
	return 0;
}

static int pt_setxstate(struct pf_thread *t, const void *buf, size_t len)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };

	return ptrace(PTRACE_SETREGSET, t->tid, (void *)NT_X86_XSTATE, &iov) ?
		-errno : 0;
}

static int pt_resume_wait(struct pf_thread *t, int sysemu, struct pf_stop *st)
{
	int e;

	if (ptrace(sysemu ? PTRACE_SYSEMU : PTRACE_CONT, t->tid, NULL, NULL))
		return -errno;
	e = pt_waitstop(t->tid, st);
	if (e == -ESRCH || (!e && !WIFSTOPPED(st->status)))
		t->gone = 1;
	return e;
}

/* From any thread: a signal, since PTRACE_INTERRUPT is the tracer's. */
static int pt_interrupt(struct pf_thread *t)
{
	pid_t tgid = t->as ? t->as->pid : 0;

	if (!tgid)
		return -ESRCH;
	return syscall(SYS_tgkill, tgid, t->tid, PF_SIG_INTERRUPT) ?
		-errno : 0;
}

const struct pf_ops pf_ptrace_ops = {
	.name = "stub-pool",
	.attach = pt_attach,
	.forget = pt_forget,
	.getregs = pt_getregs,
	.setregs = pt_setregs,
	.getxstate = pt_getxstate,
	.setxstate = pt_setxstate,
	.resume_wait = pt_resume_wait,
	.interrupt = pt_interrupt,
};
