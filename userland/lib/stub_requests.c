// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stub-pool backend's requests, each run on the session's tracer
 * thread: one ptrace(2) call (or a few) apiece, errors returned as -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
/* After <sys/ptrace.h>: the other order breaks glibc's header. */
#include <linux/ptrace.h>

#include "stub.h"

static long err(long ret)
{
	return ret < 0 ? -errno : ret;
}

/* A tracee of ours, not one we detached from. */
static struct tracee *live_tracee(struct stub_session *s, pid_t tid)
{
	struct tracee *t = stub_tracee_find(s, tid);

	return t && !t->detached && !t->spawn_req ? t : NULL;
}

static long do_attach(struct stub_session *s, pid_t tid, uint64_t options,
		      int seize)
{
	struct tracee *t;
	long ret;

	if (options & ~PTRAP_O_LIB_SUPPORTED)
		return -EINVAL;
	/* The module refuses the init process whatever the credentials. */
	if (tid == 1)
		return -EPERM;
	if (seize)
		ret = ptrace(PTRACE_SEIZE, tid, 0,
			     options | PTRAP_O_TRACESYSGOOD);
	else
		ret = ptrace(PTRACE_ATTACH, tid, 0, 0);
	if (ret < 0)
		return -errno;

	t = stub_tracee_find(s, tid);
	if (!t)
		t = stub_tracee_add(s, tid);
	if (!t) {
		ptrace(PTRACE_DETACH, tid, 0, 0);
		return -ENOMEM;
	}
	/* Re-attaching to a child we had detached from makes it ours again. */
	t->detached = 0;
	t->tgid = stub_read_tgid(tid);
	t->options = options;
	t->seized = seize;
	t->sigstop_pending = !seize;
	t->state = seize ? TRACEE_RUNNING : TRACEE_NEW;
	return 0;
}

static int child_traceme(void *arg)
{
	(void)arg;
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
		return -errno;
	return 0;
}

/*
 * Fork the child here so that this thread is its tracer. The request
 * completes when the child's first stop or end shows whether its exec
 * worked (stub_tracer.c: spawn_status()).
 */
static void do_spawn(struct stub_session *s, struct stub_req *r)
{
	const struct ptrap_spawn_args *a = r->spawn;
	struct tracee *t;
	int pfd[2], ret;
	pid_t pid;

	if (a->options & ~PTRAP_O_LIB_SUPPORTED) {
		stub_req_complete(s, r, -EINVAL);
		return;
	}
	t = stub_tracee_add(s, 0);
	if (!t) {
		stub_req_complete(s, r, -ENOMEM);
		return;
	}
	if (pipe2(pfd, O_CLOEXEC | O_NONBLOCK) < 0) {
		ret = -errno;
		stub_tracee_remove(s, t);
		stub_req_complete(s, r, ret);
		return;
	}
	pid = ptrap_fork();
	if (pid == 0) {
		close(pfd[0]);
		ptrap_spawn_child(pfd[1], a, child_traceme, NULL);
	}
	ret = -errno;
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		stub_tracee_remove(s, t);
		stub_req_complete(s, r, ret);
		return;
	}
	t->tid = pid;
	t->tgid = pid;
	t->child = 1;
	t->options = a->options;
	t->state = TRACEE_NEW;
	t->spawn_req = r;
	t->spawn_pipe = pfd[0];
}

static long do_detach(struct stub_session *s, pid_t tid, int sig)
{
	struct tracee *t = live_tracee(s, tid);

	if (ptrace(PTRACE_DETACH, tid, 0, sig) < 0)
		return -errno;
	if (!t)
		return 0;
	if (t->child) {
		/* Still our child: its end will be reaped, unreported. */
		t->detached = 1;
		t->state = TRACEE_RUNNING;
		if (t->memfd >= 0) {
			close(t->memfd);
			t->memfd = -1;
		}
	} else {
		stub_tracee_remove(s, t);
	}
	return 0;
}

static long do_kill(struct stub_session *s, pid_t tid)
{
	struct tracee *t = live_tracee(s, tid);

	if (!t)
		return -ESRCH;
	return err(syscall(SYS_tgkill, t->tgid, t->tid, SIGKILL));
}

static long do_resume(struct stub_session *s, pid_t tid, unsigned int mode,
		      int sig)
{
	struct tracee *t;
	int req;

	switch (mode) {
	case PTRAP_RESUME_CONT:
		req = PTRACE_CONT;
		break;
	case PTRAP_RESUME_SYSCALL:
		req = PTRACE_SYSCALL;
		break;
	case PTRAP_RESUME_SYSEMU:
		req = PTRACE_SYSEMU;
		break;
	case PTRAP_RESUME_SINGLESTEP:
		req = PTRACE_SINGLESTEP;
		break;
	case PTRAP_RESUME_SYSEMU_SINGLESTEP:
		req = PTRACE_SYSEMU_SINGLESTEP;
		break;
	default:
		return -EINVAL;
	}
	if (ptrace(req, tid, 0, sig) < 0)
		return -errno;
	t = live_tracee(s, tid);
	if (t) {
		t->state = TRACEE_RUNNING;
		t->user_mode = mode;
		/* Exits in other modes do not stop: nothing to take back. */
		if (mode != PTRAP_RESUME_SYSCALL && mode != PTRAP_RESUME_SYSEMU)
			t->flt_state = STUB_FLT_NONE;
	}
	return 0;
}

static long do_setoptions(struct stub_session *s, pid_t tid, uint64_t options)
{
	struct tracee *t;

	if (options & ~PTRAP_O_LIB_SUPPORTED)
		return -EINVAL;
	if (ptrace(PTRACE_SETOPTIONS, tid, 0,
		   options | PTRAP_O_TRACESYSGOOD) < 0)
		return -errno;
	t = live_tracee(s, tid);
	if (t)
		t->options = options;
	return 0;
}

static long do_regset(pid_t tid, int req, unsigned int note_type, void *buf,
		      size_t *lenp)
{
	struct iovec iov = { .iov_base = buf, .iov_len = *lenp };

	if (ptrace(req, tid, note_type, &iov) < 0)
		return -errno;
	*lenp = iov.iov_len;
	return 0;
}

/* ---- memory ------------------------------------------------------------ */

static int open_mem(pid_t tid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", tid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd;
}

/*
 * PEEKDATA/POKEDATA, word by word (partial words read, merged, written):
 * for when /proc/<tid>/mem is not usable.
 */
static long mem_words(pid_t tid, uint64_t addr, char *buf, size_t len,
		      int write)
{
	const size_t w = sizeof(long);
	size_t done = 0, off, n;
	int e = 0;
	long word;

	while (done < len) {
		uint64_t a = addr + done;
		uint64_t base = a & ~(uint64_t)(w - 1);

		off = a - base;
		n = w - off < len - done ? w - off : len - done;
		word = 0;
		if (!write || n != w) {
			errno = 0;
			word = ptrace(PTRACE_PEEKDATA, tid, base, 0);
			if (errno) {
				e = errno;
				break;
			}
		}
		if (write) {
			memcpy((char *)&word + off, buf + done, n);
			if (ptrace(PTRACE_POKEDATA, tid, base, word) < 0) {
				e = errno;
				break;
			}
		} else {
			memcpy(buf + done, (char *)&word + off, n);
		}
		done += n;
	}
	if (done)
		return done;
	return e == EFAULT ? -EIO : -e;
}

/*
 * Read or write @len bytes at @addr through /proc/<tid>/mem (the tracee's
 * fd is kept; after an exec it reads as EOF and is reopened). Writes go
 * through FOLL_FORCE there as with POKEDATA; if the kernel refuses that
 * (proc_mem.force_override=never), POKEDATA does it.
 */
static long do_mem(struct stub_session *s, pid_t tid, uint64_t addr,
		   void *buf, size_t len, int write)
{
	struct tracee *t = live_tracee(s, tid);
	size_t done = 0, chunk;
	unsigned long msg;
	int fd, reopened = 0, e = EIO;
	ssize_t n;

	/* Only a stopped tracee of ours (ESRCH else), as ptrace(2). */
	if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg) < 0)
		return -errno;
	if (!len)
		return 0;

	fd = t ? t->memfd : -1;
	if (fd < 0) {
		fd = open_mem(tid);
		if (fd < 0)
			return mem_words(tid, addr, buf, len, write);
		if (t)
			t->memfd = fd;
	}

	while (done < len) {
		chunk = len - done;
		if (chunk > (1UL << 30))
			chunk = 1UL << 30;
		if (write)
			n = pwrite(fd, (char *)buf + done, chunk,
				   (off_t)(addr + done));
		else
			n = pread(fd, (char *)buf + done, chunk,
				  (off_t)(addr + done));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		if (n == 0) {
			if (done || reopened)
				break;
			/* A stale mm (the tracee has exec'd since). */
			reopened = 1;
			if (t) {
				close(t->memfd);
				t->memfd = -1;
			} else {
				close(fd);
			}
			fd = open_mem(tid);
			if (fd < 0)
				return mem_words(tid, addr, buf, len, write);
			if (t)
				t->memfd = fd;
			continue;
		}
		done += n;
	}
	if (!t)
		close(fd);
	if (done)
		return done;
	if (e == EOVERFLOW || e == EINVAL)
		e = EIO;
	if (write && (e == EIO || e == EPERM || e == EACCES || e == EBADF))
		return mem_words(tid, addr, buf, len, write);
	return -e;
}

/* ---- requests on the stop --------------------------------------------- */

/*
 * Every tracee runs with PTRACE_O_TRACESYSGOOD (stub_tracer.c), but the
 * user must see what ptrace(2) shows with the user's options: at a syscall
 * stop taken without the user's TRACESYSGOOD (setting it during the stop
 * changes nothing there), and until the user sets a siginfo
 * there, the siginfo's si_code is SIGTRAP rather than SIGTRAP | 0x80, and
 * PTRACE_GET_SYSCALL_INFO (which tells syscall stops by that si_code)
 * describes none.
 */
static int sysgood_hidden(const struct tracee *t)
{
	return t->state == TRACEE_STOPPED && !t->siginfo_set &&
	       !t->stop_sysgood &&
	       (t->stop_kind == PTRAP_STOP_SYSCALL_ENTER ||
		t->stop_kind == PTRAP_STOP_SYSCALL_EXIT);
}

static long do_getsiginfo(struct tracee *t, siginfo_t *info)
{
	if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, info) < 0)
		return -errno;
	if (sysgood_hidden(t) && info->si_code == (SIGTRAP | 0x80))
		info->si_code = SIGTRAP;
	return 0;
}

static long do_setsiginfo(struct tracee *t, const siginfo_t *info)
{
	if (ptrace(PTRACE_SETSIGINFO, t->tid, 0, info) < 0)
		return -errno;
	t->siginfo_set = 1;
	return 0;
}

static long do_geteventmsg(struct tracee *t, uint64_t *msg)
{
	unsigned long m;

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &m) < 0)
		return -errno;
	*msg = m;
	return 0;
}

static long do_get_syscall_info(struct tracee *t, void *buf, size_t *lenp)
{
	struct ptrace_syscall_info info;
	size_t head = offsetof(struct ptrace_syscall_info, entry);
	long n;

	memset(&info, 0, sizeof(info));
	n = ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(info), &info);
	if (n < 0)
		return -errno;
	if (sysgood_hidden(t) && (info.op == PTRACE_SYSCALL_INFO_ENTRY ||
				  info.op == PTRACE_SYSCALL_INFO_EXIT)) {
		info.op = PTRACE_SYSCALL_INFO_NONE;
		memset((char *)&info + head, 0, sizeof(info) - head);
		n = head;
	}
	if (*lenp)
		memcpy(buf, &info, *lenp < (size_t)n ? *lenp : (size_t)n);
	*lenp = n;
	return 0;
}

static long do_peekuser(struct tracee *t, uint64_t offset, uint64_t *value)
{
	long v;

	errno = 0;
	v = ptrace(PTRACE_PEEKUSER, t->tid, offset, 0);
	if (errno)
		return -errno;
	*value = v;
	return 0;
}

static long do_listen(struct tracee *t)
{
	if (ptrace(PTRACE_LISTEN, t->tid, 0, 0) < 0)
		return -errno;
	/* Not in a ptrace-stop any more: its next stop comes through wait. */
	t->state = TRACEE_RUNNING;
	return 0;
}

/* The requests that only work on a tracee of ours; ESRCH for others. */
static long stop_request(struct stub_session *s, struct stub_req *r)
{
	struct tracee *t = live_tracee(s, r->tid);

	if (!t)
		return -ESRCH;
	switch (r->op) {
	case STUB_OP_GETSIGINFO:
		return do_getsiginfo(t, r->buf);
	case STUB_OP_SETSIGINFO:
		return do_setsiginfo(t, r->buf);
	case STUB_OP_GETSIGMASK:
		return err(ptrace(PTRACE_GETSIGMASK, t->tid, r->len, r->buf));
	case STUB_OP_SETSIGMASK:
		return err(ptrace(PTRACE_SETSIGMASK, t->tid, r->len, r->buf));
	case STUB_OP_GETEVENTMSG:
		return do_geteventmsg(t, r->buf);
	case STUB_OP_GET_SYSCALL_INFO:
		return do_get_syscall_info(t, r->buf, r->lenp);
	case STUB_OP_PEEKUSER:
		return do_peekuser(t, r->addr, r->buf);
	case STUB_OP_POKEUSER:
		return err(ptrace(PTRACE_POKEUSER, t->tid, r->addr, r->value));
	case STUB_OP_INTERRUPT:
		return err(ptrace(PTRACE_INTERRUPT, t->tid, 0, 0));
	case STUB_OP_LISTEN:
		return do_listen(t);
	case STUB_OP_KNOWN:
		return 0;
	default:
		return -EINVAL;
	}
}

void stub_do_request(struct stub_session *s, struct stub_req *r)
{
	long ret;

	switch (r->op) {
	case STUB_OP_ATTACH:
	case STUB_OP_SEIZE:
		ret = do_attach(s, r->tid, r->options, r->op == STUB_OP_SEIZE);
		break;
	case STUB_OP_SPAWN:
		do_spawn(s, r);
		return;
	case STUB_OP_DETACH:
		ret = do_detach(s, r->tid, r->sig);
		break;
	case STUB_OP_KILL:
		ret = do_kill(s, r->tid);
		break;
	case STUB_OP_RESUME:
		ret = do_resume(s, r->tid, r->mode, r->sig);
		break;
	case STUB_OP_SET_FILTER:
		ret = stub_filter_set(s, r);
		break;
	case STUB_OP_GET_FILTER:
		ret = stub_filter_get(s, r);
		break;
	case STUB_OP_SETOPTIONS:
		ret = do_setoptions(s, r->tid, r->options);
		break;
	case STUB_OP_GETREGSET:
		ret = do_regset(r->tid, PTRACE_GETREGSET, r->note_type,
				r->buf, r->lenp);
		break;
	case STUB_OP_SETREGSET:
		ret = do_regset(r->tid, PTRACE_SETREGSET, r->note_type,
				r->buf, r->lenp);
		break;
	case STUB_OP_READMEM:
		ret = do_mem(s, r->tid, r->addr, r->buf, r->len, 0);
		break;
	case STUB_OP_WRITEMEM:
		ret = do_mem(s, r->tid, r->addr, r->buf, r->len, 1);
		break;
	case STUB_OP_GETSIGINFO:
	case STUB_OP_SETSIGINFO:
	case STUB_OP_GETSIGMASK:
	case STUB_OP_SETSIGMASK:
	case STUB_OP_GETEVENTMSG:
	case STUB_OP_GET_SYSCALL_INFO:
	case STUB_OP_PEEKUSER:
	case STUB_OP_POKEUSER:
	case STUB_OP_INTERRUPT:
	case STUB_OP_LISTEN:
	case STUB_OP_KNOWN:
		ret = stop_request(s, r);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	stub_req_complete(s, r, ret);
}
