// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stub-pool backend's syscall filter. Real ptrace(2) has none: the
 * tracee still stops at every syscall; the tracer thread resumes the ones
 * the filter leaves out itself, so that the records are those the module
 * gives (see stub.h for the stops it takes back). Everything here runs on
 * the tracer thread.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <unistd.h>
#include <linux/audit.h>

#include "stub.h"

#define X32_SYSCALL_BIT	0x40000000L
#define SYSCALL_INSN_LEN 2

int stub_filter_copy(struct tracee *to, const struct tracee *from)
{
	uint64_t *f = NULL;

	if (from->filter) {
		f = malloc(from->filter_bits / 8 + 8);
		if (!f)
			return -ENOMEM;
		memcpy(f, from->filter, from->filter_bits / 8);
	}
	free(to->filter);
	to->filter = f;
	to->filter_bits = from->filter_bits;
	return 0;
}

/* Whether the syscall of entry stop @r stops with @t's filter. */
static int filter_stops(const struct tracee *t, const struct ptrap_stop *r)
{
	struct __ptrace_syscall_info info;
	long nr = r->nr;

	memset(&info, 0, sizeof(info));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(info), &info) < 0 ||
	    info.arch != AUDIT_ARCH_X86_64 ||
	    (nr >= 0 && (nr & X32_SYSCALL_BIT)))
		return 1;	/* ia32, x32: never filtered */
	return nr >= 0 && (size_t)nr < t->filter_bits &&
	       (t->filter[nr / 64] >> (nr % 64)) & 1;
}

static int resume_quietly(struct tracee *t, int req)
{
	/* ESRCH: killed meanwhile; its end comes through waitpid. */
	ptrace(req, t->tid, 0, 0);
	return 1;
}

/*
 * SYSEMU skipped the syscall at its entry stop: issue it again, from user
 * mode, as the module lets a filtered-out syscall run.
 */
static int reissue(struct tracee *t)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
		return 0;
	regs.rax = regs.orig_rax;
	regs.rip -= SYSCALL_INSN_LEN;
	if (ptrace(PTRACE_SETREGS, t->tid, 0, &regs) < 0)
		return 0;
	t->flt_state = STUB_FLT_REISSUE_EXIT;
	return resume_quietly(t, PTRACE_SYSCALL);
}

int stub_filter_swallow(struct stub_session *s, struct tracee *t,
			const struct ptrap_stop *r)
{
	int state = t->flt_state;

	(void)s;
	t->flt_state = STUB_FLT_NONE;
	switch (r->kind) {
	case PTRAP_STOP_SYSCALL_ENTER:
		if (state == STUB_FLT_REISSUE_ENTRY) {
			t->flt_state = STUB_FLT_SKIP_EXIT;
			return resume_quietly(t, PTRACE_SYSCALL);
		}
		if (!t->filter || filter_stops(t, r))
			return 0;
		if (t->user_mode == PTRAP_RESUME_SYSCALL) {
			t->flt_state = STUB_FLT_SKIP_EXIT;
			return resume_quietly(t, PTRACE_SYSCALL);
		}
		if (t->user_mode == PTRAP_RESUME_SYSEMU)
			return reissue(t);
		return 0;
	case PTRAP_STOP_SYSCALL_EXIT:
		if (state == STUB_FLT_REISSUE_EXIT) {
			t->flt_state = STUB_FLT_REISSUE_ENTRY;
			return resume_quietly(t, PTRACE_SYSCALL);
		}
		if (state == STUB_FLT_SKIP_EXIT)
			return resume_quietly(t, t->user_mode ==
					      PTRAP_RESUME_SYSEMU ?
					      PTRACE_SYSEMU : PTRACE_SYSCALL);
		return 0;
	default:
		/*
		 * An event-stop inside a filtered-out syscall (fork, clone):
		 * its exit is still to be taken back. Any other stop ends a
		 * reissue: the tracee, at its syscall instruction again,
		 * issues it when resumed.
		 */
		if (state == STUB_FLT_SKIP_EXIT)
			t->flt_state = state;
		return 0;
	}
}

/* In a stop, as ptrace(2) tells it (-ESRCH else). */
static long check_stopped(struct stub_session *s, pid_t tid,
			  struct tracee **out)
{
	struct tracee *t = stub_tracee_find(s, tid);
	unsigned long msg;

	if (!t || t->detached || t->spawn_req ||
	    ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg) < 0)
		return -ESRCH;
	*out = t;
	return 0;
}

long stub_filter_set(struct stub_session *s, struct stub_req *r)
{
	size_t nbits = r->len, len = nbits / 8;
	struct iovec local, remote;
	struct tracee *t;
	uint64_t *f = NULL;
	long ret;

	ret = check_stopped(s, r->tid, &t);
	if (ret)
		return ret;
	if (r->buf || nbits) {
		f = malloc(len + 8);
		if (!f)
			return -ENOMEM;
		/* The caller's memory, read as the module would: EFAULT. */
		local.iov_base = f;
		local.iov_len = len;
		remote.iov_base = r->buf;
		remote.iov_len = len;
		if (len && process_vm_readv(s->pid, &local, 1, &remote, 1, 0) !=
		    (ssize_t)len) {
			free(f);
			return -EFAULT;
		}
	}
	free(t->filter);
	t->filter = f;
	t->filter_bits = f ? nbits : 0;
	return 0;
}

long stub_filter_get(struct stub_session *s, struct stub_req *r)
{
	size_t len = *r->lenp / 8, flen;
	struct iovec local, remote;
	struct tracee *t;
	long ret;

	ret = check_stopped(s, r->tid, &t);
	if (ret)
		return ret;
	flen = t->filter ? t->filter_bits / 8 : 0;
	if (len > flen)
		len = flen;
	if (len) {
		local.iov_base = t->filter;
		local.iov_len = len;
		remote.iov_base = r->buf;
		remote.iov_len = len;
		if (process_vm_writev(s->pid, &local, 1, &remote, 1, 0) !=
		    (ssize_t)len)
			return -EFAULT;
	}
	*r->lenp = flen * 8;
	return t->filter != NULL;
}
