// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stub process: the embedded program (stub/stub.S) in a memfd, started
 * with a control socket as its only descriptor, and the requests its
 * factory thread serves over that socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform.h"

/* platform_blob.S */
extern const unsigned char ptrap_stub_elf[];
extern const unsigned char ptrap_stub_elf_end[];

/* @fd moved to a number >= 3 (close-on-exec), or -errno. */
static int fd_above_stdio(int fd)
{
	int nfd;

	if (fd < 0 || fd > 2)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return nfd < 0 ? -errno : nfd;
}

/**
 * pf_stub_memfd() - a memfd holding the stub program
 *
 * Return: the descriptor (close-on-exec, >= 3) or -errno.
 */
int pf_stub_memfd(void)
{
	size_t len = ptrap_stub_elf_end - ptrap_stub_elf, off = 0;
	int fd = memfd_create("ptrap-stub", MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	fd = fd_above_stdio(fd);
	if (fd < 0)
		return fd;
	while (off < len) {
		ssize_t n = write(fd, ptrap_stub_elf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? -errno : -EIO;

			close(fd);
			return e;
		}
		off += n;
	}
	return fd;
}

/*
 * The child, between fork and exec, in a copy of a possibly multithreaded
 * process: raw system calls only. The control socket becomes fd 0; signal
 * dispositions (an ignored signal stays ignored across exec) and the mask
 * are reset so that faults and PF_SIG_INTERRUPT reach the tracer; the stub
 * closes the other descriptors itself.
 */
static void __attribute__((noreturn)) stub_child(int memfd, int ctl)
{
	static char *const argv[] = { "ptrap-stub", NULL };
	static char *const envp[] = { NULL };
	struct { void *handler; unsigned long flags; void *restorer;
		 uint64_t mask; } dfl = { SIG_DFL, 0, NULL, 0 };
	uint64_t none = 0;
	int sig;

	if (syscall(SYS_dup2, ctl, 0) < 0)
		syscall(SYS_exit_group, 127);
	for (sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
	syscall(SYS_execveat, memfd, "", argv, envp, AT_EMPTY_PATH);
	syscall(SYS_exit_group, 127);
	__builtin_unreachable();
}

/**
 * pf_stub_spawn() - start a stub process and wait until it is empty
 * @memfd: from pf_stub_memfd().
 * @pid: receives its pid (a child of the calling process).
 * @ctl: receives our end of its control socket.
 *
 * Return: 0 or -errno (-ENOEXEC if the stub did not start).
 */
int pf_stub_spawn(int memfd, pid_t *pid, int *ctl)
{
	int sv[2], r;
	long child;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -errno;
	sv[1] = fd_above_stdio(sv[1]);
	if (sv[1] < 0) {
		close(sv[0]);
		return sv[1];
	}
	/* fork(2) without the atfork handlers of the application. */
	child = syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
	if (child < 0) {
		r = -errno;
		close(sv[0]);
		close(sv[1]);
		return r;
	}
	if (child == 0)
		stub_child(memfd, sv[1]);
	close(sv[1]);
	/* The factory answers once it has emptied its address space. */
	r = pf_stub_request(sv[0], 'F', -1);
	if (r != -1) {
		kill(child, SIGKILL);
		while (waitpid(child, NULL, __WALL) < 0 && errno == EINTR)
			;
		close(sv[0]);
		return r < 0 ? -ENOEXEC : -EPROTO;
	}
	*pid = child;
	*ctl = sv[0];
	return 0;
}

/**
 * pf_stub_request() - one request to a stub's factory thread
 * @ctl: the control socket.
 * @cmd: 'T' (new thread) or 'F' (take @fd).
 * @fd: for 'F', the descriptor to pass, or -1 for none.
 *
 * The caller serialises requests on one socket.
 * Return: the reply (a tid, a descriptor number in the stub, or -1), or
 * -errno: -ESRCH if the stub is gone.
 */
int pf_stub_request(int ctl, char cmd, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &cmd, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int32_t reply;
	ssize_t n;

	if (fd >= 0) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	do
		n = sendmsg(ctl, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EPIPE || errno == ECONNRESET ? -ESRCH : -errno;
	do
		n = recv(ctl, &reply, sizeof(reply), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == ECONNRESET ? -ESRCH : -errno;
	if (n != sizeof(reply))
		return -ESRCH;
	return reply;
}
