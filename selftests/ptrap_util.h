/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the ptrap selftests: the deterministic tracee programs
 * (the test binary re-executes itself with argv[1] = "--child-..."),
 * pipes with bounded waits, and process bookkeeping.
 *
 * Nothing here sleeps to synchronise: every wait is on a pipe or a session
 * descriptor, bounded by poll(2) with PT_TIMEOUT_MS.
 */
#ifndef PTRAP_SELFTEST_UTIL_H
#define PTRAP_SELFTEST_UTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

/* Upper bound for any single wait on a record or a pipe. */
#define PT_TIMEOUT_MS	10000

/* Memory layout shared by the "mem" tracee and the tests. */
#define PT_PAGE		4096UL
#define PT_WIN_OFF	(PT_PAGE - 32)	/* window straddling the page boundary */
#define PT_WIN_LEN	64
#define PT_PATTERN(i)	((unsigned char)((i) * 7 + 3))

/* What the "mem" tracee tells the test through its report pipe. */
struct pt_mem_report {
	uint64_t addr;		/* two RW pages, followed by an unmapped one */
	uint64_t fn;		/* address of pt_child_target(), in text */
};

/* What the "write" tracee reports after its write() and getppid(). */
struct pt_write_report {
	int64_t n;		/* write()'s return value */
	int64_t err;		/* errno if n < 0 */
	int64_t ppid;		/* second getppid()'s return value */
};

/* Path of the running test binary, for re-executing it as a tracee. */
static char pt_exe[PATH_MAX];

static inline const char *pt_self_exe(void)
{
	if (!pt_exe[0]) {
		ssize_t n = readlink("/proc/self/exe", pt_exe,
				     sizeof(pt_exe) - 1);

		if (n <= 0)
			strcpy(pt_exe, "/proc/self/exe");
		else
			pt_exe[n] = '\0';
	}
	return pt_exe;
}

static inline long pt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* poll() one fd for @events, bounded; 1 ready, 0 timeout, -errno. */
static inline int pt_poll1(int fd, short events, int timeout_ms)
{
	long end = pt_now_ms() + timeout_ms;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		long left = end - pt_now_ms();
		int n;

		if (left < 0)
			left = 0;
		n = poll(&pfd, 1, (int)left);
		if (n > 0)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

/*
 * Read exactly @len bytes from @fd within PT_TIMEOUT_MS.
 * Returns @len, 0 on EOF before anything, -ETIMEDOUT, or -errno.
 */
static inline ssize_t pt_read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		int r = pt_poll1(fd, POLLIN, PT_TIMEOUT_MS);
		ssize_t n;

		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0)
			return r;
		n = read(fd, (char *)buf + got, len - got);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (n == 0)
			return got ? -EPIPE : 0;
		got += n;
	}
	return got;
}

/* Wait (bounded) for EOF on @fd, discarding data; 0, -ETIMEDOUT, -errno. */
static inline int pt_wait_eof(int fd, size_t *discarded)
{
	char buf[256];

	for (;;) {
		int r = pt_poll1(fd, POLLIN, PT_TIMEOUT_MS);
		ssize_t n;

		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0)
			return r;
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (n == 0)
			return 0;
		if (discarded)
			*discarded += n;
	}
}

static inline int pt_write_all(int fd, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += n;
	}
	return 0;
}

/* Non-blocking read of whatever is in the pipe now: count, 0 EOF, -EAGAIN. */
static inline ssize_t pt_read_now(int fd, void *buf, size_t len)
{
	int fl = fcntl(fd, F_GETFL);
	ssize_t n;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	n = read(fd, buf, len);
	if (n < 0)
		n = -errno;
	fcntl(fd, F_SETFL, fl);
	return n;
}

/*
 * Is @pid still a child of ours that has not been reaped (alive or zombie)?
 * Does not consume anything (WNOWAIT) and never looks at stops (no
 * WSTOPPED), so it cannot steal a ptrace stop from a tracer thread of
 * this process.
 */
static inline int pt_unreaped_child(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0;
}

/* Block (bounded by the harness timeout) until child @pid exits; WNOWAIT. */
static inline int pt_wait_exit_nowait(pid_t pid, siginfo_t *si)
{
	memset(si, 0, sizeof(*si));
	while (waitid(P_PID, pid, si, WEXITED | WNOWAIT) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

/*
 * Block until child @pid ends, without reaping it (its pid stays taken);
 * its wait(2) status, or -errno.
 */
static inline int pt_end_status_nowait(pid_t pid)
{
	siginfo_t si;
	int r = pt_wait_exit_nowait(pid, &si);

	if (r)
		return r;
	if (si.si_code == CLD_EXITED)
		return (si.si_status & 0xff) << 8;
	return (si.si_status & 0x7f) | (si.si_code == CLD_DUMPED ? 0x80 : 0);
}

/* Read a wait status (an int) from @fd, bounded: 0, -ETIMEDOUT, -errno. */
static inline int pt_read_status(int fd, int *status)
{
	ssize_t n = pt_read_full(fd, status, sizeof(*status));

	if (n == sizeof(*status))
		return 0;
	return n < 0 ? (int)n : -EPIPE;
}

/* Reap @pid if it is our child; returns its wait status or -errno. */
static inline int pt_reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, __WALL) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return status;
}

/* Kill and reap one of our own children, if still ours. */
static inline void pt_kill_reap(pid_t pid)
{
	if (pid <= 0 || !pt_unreaped_child(pid))
		return;
	kill(pid, SIGKILL);
	pt_reap(pid);
}

/* Is @pid a kernel thread (PF_KTHREAD in /proc/PID/stat's flags)? */
static inline int pt_is_kthread(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long flags;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	/* fields after comm: state(3) ppid pgrp session tty tpgid flags(9) */
	for (field = 2; field < 9 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return 0;
	flags = strtoul(p + 1, NULL, 10);
	return !!(flags & 0x00200000);	/* PF_KTHREAD */
}

/* A kernel thread visible in our pid namespace, or 0. */
static inline pid_t pt_find_kthread(void)
{
	pid_t pid;

	if (pt_is_kthread(2))
		return 2;
	for (pid = 3; pid < 1000; pid++)
		if (pt_is_kthread(pid))
			return pid;
	return 0;
}

/* A pid that certainly names nothing: a child we forked and reaped. */
static inline pid_t pt_dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		pt_reap(pid);
	return pid;
}

/*
 * The echo child, forked (not exec'd) by tests that attach or seize:
 * blocks in read() on @in; echoes every byte to @out; 'q' makes it exit
 * with code 3; SIGUSR1 makes it write 'U' to @out.
 */
static int pt_echo_out = -1;

static void pt_echo_usr1(int sig)
{
	char c = 'U';

	(void)sig;
	if (write(pt_echo_out, &c, 1) != 1)
		_exit(99);
}

/* The echo itself: bytes from @in back to @out, 'q' exits with 3. */
static inline void __attribute__((noreturn)) pt_echo_serve(int in, int out)
{
	for (;;) {
		char c;
		ssize_t n = read(in, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(100);
		if (c == 'q')
			_exit(3);
		if (write(out, &c, 1) != 1)
			_exit(101);
	}
}

static inline void __attribute__((noreturn)) pt_echo_loop(int in, int out)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = pt_echo_usr1;
	sa.sa_flags = SA_RESTART;
	pt_echo_out = out;
	sigaction(SIGUSR1, &sa, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	pt_echo_serve(in, out);
}

/*
 * /proc/<pid>/stat past the command name: "S ppid pgrp ..." in @buf
 * (@len bytes); NULL if @pid is gone.
 */
static inline const char *pt_proc_stat(pid_t pid, char *buf, size_t len)
{
	char path[64], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] ? p + 2 : NULL;
}

/* The state letter of @pid ('T', 'S', ...), or '?'. */
static inline char pt_proc_state(pid_t pid)
{
	char buf[512];
	const char *st = pt_proc_stat(pid, buf, sizeof(buf));

	return st ? st[0] : '?';
}

/* ---- Tracee programs: the test binary re-executed with --child-... ---- */

/* Patched by the text-write test to return 2. */
__attribute__((noinline, used)) int pt_child_target(void)
{
	__asm__ volatile("" ::: "memory");
	return 1;
}

static inline long pt_marker(void)
{
	/* getppid: never issued by static glibc's start-up code. */
	return syscall(SYS_getppid);
}

static inline int pt_argfd(char **argv, int i)
{
	return atoi(argv[i]);
}

/*
 * Tracee programs. argv[1] picks one; later arguments are numbers
 * (descriptors inherited across exec, exit codes, signals).
 *   --child-exit CODE            exit(CODE) at once
 *   --child-getppid RFD          marker; report getppid()'s result; exit 0
 *   --child-getpid RFD           marker; report getpid()'s result; exit 0
 *   --child-write WFD RFD        marker; write(WFD, "hello", 5);
 *                                getppid(); report pt_write_report; exit 0
 *   --child-mem RFD              map 3 pages, unmap the 3rd, fill the two
 *                                with PT_PATTERN; report pt_mem_report;
 *                                marker; exit(pt_child_target() * 16 + m)
 *                                with m = 0 untouched, 1 window inverted
 *                                and the rest intact, 2 anything else
 *   --child-raise SIG            raise(SIG); exit 0
 *   --child-spin RFD             marker; then getppid() in a loop, writing
 *                                nothing; never exits on its own
 *   --child-fork HOW CODE CFD PFD GFD
 *                                marker; create a child (or thread) as HOW
 *                                says (see pt_child_fork()); the new one
 *                                writes its tid (int64_t) to CFD, reads
 *                                one byte (or EOF) from GFD and exits with
 *                                CODE; the creator reaps (joins) it, writes
 *                                struct pt_fork_report to PFD, exits 0
 *   --child-exec CODE            marker; execve() this binary as
 *                                --child-exit CODE
 *   --child-thread-exec CODE     a second thread: marker, then execve()
 *                                this binary as --child-exit CODE; the
 *                                leader blocks in pause()
 */
static inline int pt_child_events(const char *mode, int argc, char **argv);

static inline int pt_child_main(int argc, char **argv)
{
	const char *mode = argv[1];
	int ev;

	if (argc < 2 || strncmp(mode, "--child-", 8))
		return -1;
	mode += 8;

	if (!strcmp(mode, "exit") && argc >= 3)
		return atoi(argv[2]);

	if ((!strcmp(mode, "getppid") || !strcmp(mode, "getpid")) &&
	    argc >= 3) {
		int rfd = pt_argfd(argv, 2);
		int64_t r;

		if (!strcmp(mode, "getppid")) {
			r = pt_marker();
		} else {
			pt_marker();
			r = syscall(SYS_getpid);
		}
		if (pt_write_all(rfd, &r, sizeof(r)))
			return 120;
		return 0;
	}

	if (!strcmp(mode, "write") && argc >= 4) {
		int wfd = pt_argfd(argv, 2), rfd = pt_argfd(argv, 3);
		struct pt_write_report rep;

		pt_marker();
		rep.n = write(wfd, "hello", 5);
		rep.err = rep.n < 0 ? errno : 0;
		rep.ppid = syscall(SYS_getppid);
		if (pt_write_all(rfd, &rep, sizeof(rep)))
			return 120;
		return 0;
	}

	if (!strcmp(mode, "mem") && argc >= 3) {
		int rfd = pt_argfd(argv, 2);
		int (*volatile fn)(void) = pt_child_target;
		struct pt_mem_report rep;
		unsigned char *m;
		size_t i;
		int state = 0;

		m = mmap(NULL, 3 * PT_PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return 121;
		if (munmap(m + 2 * PT_PAGE, PT_PAGE))
			return 122;
		for (i = 0; i < 2 * PT_PAGE; i++)
			m[i] = PT_PATTERN(i);
		rep.addr = (uintptr_t)m;
		rep.fn = (uintptr_t)pt_child_target;
		if (pt_write_all(rfd, &rep, sizeof(rep)))
			return 120;
		pt_marker();
		for (i = 0; i < 2 * PT_PAGE; i++) {
			int in_win = i >= PT_WIN_OFF && i < PT_WIN_OFF + PT_WIN_LEN;
			unsigned char want = PT_PATTERN(i);

			if (m[i] == want)
				continue;
			if (in_win && m[i] == (unsigned char)~want) {
				state |= 1;
				continue;
			}
			state |= 2;
		}
		if (state == 1) {
			for (i = PT_WIN_OFF; i < PT_WIN_OFF + PT_WIN_LEN; i++)
				if (m[i] != (unsigned char)~PT_PATTERN(i))
					state = 2;
		}
		if (state == 3)
			state = 2;
		return fn() * 16 + state;
	}

	if (!strcmp(mode, "raise") && argc >= 3) {
		raise(atoi(argv[2]));
		return 0;
	}

	if (!strcmp(mode, "spin") && argc >= 3) {
		pt_marker();
		for (;;)
			syscall(SYS_getppid);
	}

	ev = pt_child_events(mode, argc, argv);
	if (ev >= 0)
		return ev;

	return 125;
}

/* ---- Tracee programs for event stops (fork, vfork, clone, exec) ---- */

#include <pthread.h>
#include <sched.h>

/* What the creator of --child-fork writes to PFD at the end. */
struct pt_fork_report {
	int64_t ret;		/* the new tid (creating call), or -errno */
	int64_t status;		/* its wait status (0: thread), or -errno */
};

/* clone3(2)'s argument, version 0 (64 bytes): not in Debian 12's libc. */
struct pt_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
};

static inline long pt_clone3(uint64_t flags, int exit_signal)
{
	struct pt_clone_args a;

	memset(&a, 0, sizeof(a));
	a.flags = flags;
	a.exit_signal = exit_signal;
	return syscall(SYS_clone3, &a, sizeof(a));
}

/* Arguments of the new child (or thread) of --child-fork. */
struct pt_fork_kid {
	int cfd, gfd, code;
	char *const *exec_argv;	/* vforkexec: execve() this after GFD */
	int64_t tid;		/* thread: its tid, for the report */
};

/*
 * The new child's body: raw system calls only, so that it is also right
 * in a vfork child (shared memory, borrowed stack).
 */
static inline void __attribute__((noreturn))
pt_fork_kid_run(struct pt_fork_kid *k)
{
	int64_t me = syscall(SYS_gettid);
	char c;

	syscall(SYS_write, k->cfd, &me, sizeof(me));
	while (syscall(SYS_read, k->gfd, &c, 1) < 0 && errno == EINTR)
		;
	if (k->exec_argv)
		syscall(SYS_execve, k->exec_argv[0], k->exec_argv, environ);
	syscall(SYS_exit_group, k->code);
	__builtin_unreachable();
}

static inline void *pt_fork_thread(void *arg)
{
	struct pt_fork_kid *k = arg;
	int64_t me = syscall(SYS_gettid);
	char c;

	k->tid = me;
	if (pt_write_all(k->cfd, &me, sizeof(me)))
		return NULL;
	while (read(k->gfd, &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/*
 * --child-fork HOW CODE CFD PFD GFD: HOW is
 *   fork            fork(2) (raw): PTRACE_EVENT_FORK
 *   vfork           vfork(3): PTRACE_EVENT_VFORK
 *   vforkexec       vfork(3); the child execve()s --child-exit CODE
 *   clone           clone(2), exit signal 0: PTRACE_EVENT_CLONE
 *   clonesig        clone(2), exit signal SIGCHLD: PTRACE_EVENT_FORK
 *   untraced        clone(2), CLONE_UNTRACED | SIGCHLD: no event
 *   cloneptrace     clone(2), CLONE_PTRACE | SIGCHLD: traced, no event
 *   clone3          clone3(2), exit signal SIGCHLD: PTRACE_EVENT_FORK
 *   clone3sig0      clone3(2), exit signal 0: PTRACE_EVENT_CLONE
 *   clonevfork      clone(2), CLONE_VFORK | SIGCHLD (own memory): VFORK
 *   clone3vfork     clone3(2), CLONE_VFORK (own memory): VFORK
 *   clone3untraced  clone3(2), CLONE_UNTRACED: no event
 *   thread          pthread_create(3): PTRACE_EVENT_CLONE
 * The system call is the first one after the marker (thread: after
 * pthread_create()'s own set-up calls).
 */
static inline int pt_child_fork(int argc, char **argv)
{
	const char *how = argv[2];
	char codearg[16], *xargv[4];
	struct pt_fork_kid k = { 0 };
	struct pt_fork_report rep = { 0 };
	int pfd, st = 0;
	long ret;

	if (argc < 7)
		return 124;
	k.code = atoi(argv[3]);
	k.cfd = pt_argfd(argv, 4);
	pfd = pt_argfd(argv, 5);
	k.gfd = pt_argfd(argv, 6);
	snprintf(codearg, sizeof(codearg), "%d", k.code);
	xargv[0] = (char *)pt_self_exe();
	xargv[1] = "--child-exit";
	xargv[2] = codearg;
	xargv[3] = NULL;

	if (!strcmp(how, "thread")) {
		pthread_t t;

		pt_marker();
		ret = pthread_create(&t, NULL, pt_fork_thread, &k);
		if (ret) {
			rep.ret = -ret;
		} else {
			pthread_join(t, NULL);
			rep.ret = k.tid;
		}
		return pt_write_all(pfd, &rep, sizeof(rep)) ? 120 : 0;
	}

	pt_marker();
	if (!strcmp(how, "fork"))
		ret = syscall(SYS_fork);
	else if (!strcmp(how, "vfork") || !strcmp(how, "vforkexec")) {
		if (!strcmp(how, "vforkexec"))
			k.exec_argv = xargv;
		ret = vfork();
	} else if (!strcmp(how, "clone"))
		ret = syscall(SYS_clone, 0, 0, NULL, NULL, 0);
	else if (!strcmp(how, "clonesig"))
		ret = syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
	else if (!strcmp(how, "untraced"))
		ret = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL,
			      NULL, 0);
	else if (!strcmp(how, "cloneptrace"))
		ret = syscall(SYS_clone, CLONE_PTRACE | SIGCHLD, 0, NULL,
			      NULL, 0);
	else if (!strcmp(how, "clonevfork"))
		ret = syscall(SYS_clone, CLONE_VFORK | SIGCHLD, 0, NULL, NULL,
			      0);
	else if (!strcmp(how, "clone3"))
		ret = pt_clone3(0, SIGCHLD);
	else if (!strcmp(how, "clone3sig0"))
		ret = pt_clone3(0, 0);
	else if (!strcmp(how, "clone3vfork"))
		ret = pt_clone3(CLONE_VFORK, SIGCHLD);
	else if (!strcmp(how, "clone3untraced"))
		ret = pt_clone3(CLONE_UNTRACED, SIGCHLD);
	else
		return 123;

	if (ret == 0)
		pt_fork_kid_run(&k);
	rep.ret = ret < 0 ? -errno : ret;
	if (ret > 0) {
		while (waitpid(ret, &st, __WALL) < 0 && errno == EINTR)
			;
		rep.status = st;
	}
	return pt_write_all(pfd, &rep, sizeof(rep)) ? 120 : 0;
}

static inline void *pt_exec_thread(void *arg)
{
	char **xargv = arg;

	pt_marker();
	execv(xargv[0], xargv);
	_exit(126);
}

static inline int pt_child_events(const char *mode, int argc, char **argv)
{
	char *xargv[4];

	if (!strcmp(mode, "fork"))
		return pt_child_fork(argc, argv);

	if (argc < 3)
		return -1;
	xargv[0] = (char *)pt_self_exe();
	xargv[1] = "--child-exit";
	xargv[2] = argv[2];
	xargv[3] = NULL;

	if (!strcmp(mode, "exec")) {
		pt_marker();
		execv(xargv[0], xargv);
		return 126;
	}

	if (!strcmp(mode, "thread-exec")) {
		pthread_t t;

		if (pthread_create(&t, NULL, pt_exec_thread, xargv))
			return 122;
		for (;;)
			pause();
	}

	return -1;
}

/* For suites without tracee modes of their own (PT_HARNESS_MAIN). */
static inline int pt_no_child_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return -1;
}

/*
 * main() of a suite whose binary is also its tracees: @suite_main takes the
 * suite's own "--x-..." modes (and returns -1 for anything else), then the
 * shared "--child-..." modes; otherwise the harness runs the cases.
 * Expanded after kselftest_harness.h.
 */
#define PT_HARNESS_MAIN(suite_main)				\
int main(int argc, char **argv)					\
{								\
	int r = suite_main(argc, argv);				\
								\
	if (r < 0)						\
		r = pt_child_main(argc, argv);			\
	return r >= 0 ? r : test_harness_run(argc, argv);	\
}

#endif /* PTRAP_SELFTEST_UTIL_H */
