// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The child side of ptrap_spawn(), shared by both backends. Runs between
 * fork and execve in a child of a possibly multi-threaded process, so it
 * only makes async-signal-safe system calls.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static void write_msg(int fd, int stage, int err)
{
	struct ptrap_spawn_msg msg = { .stage = stage, .err = err };
	ssize_t n;

	do
		n = write(fd, &msg, sizeof(msg));
	while (n < 0 && errno == EINTR);
}

void ptrap_spawn_child(int errfd, const struct ptrap_spawn_args *a,
		       int (*traceme)(void *arg), void *arg)
{
	struct sigaction sa;
	sigset_t mask;
	int sig, ret;

	/* Caught signals must not run the parent's handlers in here. */
	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (sigaction(sig, NULL, &sa) < 0)
			continue;
		if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
	}

	ret = traceme(arg);
	if (ret < 0) {
		write_msg(errfd, PTRAP_SPAWN_STAGE_TRACEME, -ret);
		_exit(127);
	}

	mask = a->mask;
	sigdelset(&mask, SIGTRAP);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	execve(a->path, a->argv, a->envp);
	write_msg(errfd, PTRAP_SPAWN_STAGE_EXEC, errno);
	_exit(127);
}

int ptrap_spawn_read_msg(int fd, struct ptrap_spawn_msg *msg)
{
	ssize_t n;

	do
		n = read(fd, msg, sizeof(*msg));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	/* Pipe writes this small are atomic: n is sizeof(*msg). */
	if (n != sizeof(*msg))
		return -EIO;
	return 1;
}

pid_t ptrap_fork(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	return _Fork();
#else
	return fork();
#endif
}
