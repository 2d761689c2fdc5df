// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: a strace-like tracer built on libptrap.
 *
 * Spawn the command as a tracee and/or attach to running processes (-p),
 * then answer every stop record until no tracee is left (stops.c), and
 * exit with the command's status. Termination signals are watched through
 * a pipe: passed on to the command, and they detach from the processes of
 * -p (attach.c).
 *
 * The record loop resumes the tracee of a record and takes the next record
 * in one system call (ptrap_resume_wait()), which blocks: a termination
 * signal that comes while it waits interrupts it (EINTR), and one that
 * comes just before it blocks arms a timer whose signal (WAKE_SIGNAL,
 * ignored otherwise) interrupts it soon after, so that no signal waits for
 * the next record to be handled.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <asm/unistd.h>

#include "trace.h"

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id	_sigev_un._tid
#endif

/* Interrupts a ptrap_resume_wait(); ignored by default, never sent to us. */
#define WAKE_SIGNAL	SIGURG

static int sigpipe[2] = { -1, -1 };
static int give_up;		/* stop waiting: the session's close detaches */
static volatile sig_atomic_t sig_seen;	/* a byte in sigpipe to drain */
static volatile sig_atomic_t in_wait;	/* in, or about to be in, the wait */
static volatile sig_atomic_t wake_armed;	/* wake_timer runs */
static timer_t wake_timer;
static int have_wake_timer;

/*
 * The execve(2) that started the tracee happened before its first record;
 * show it as strace does, from what we passed (the environment's address
 * in the tracee is not known, only its size).
 */
static void show_exec(struct tcb *t, const char *path, char **argv)
{
	extern char **environ;
	struct strbuf sb, *line = &sb;
	int i, n = 0;

	if (!filter_wants(__NR_execve))
		return;
	sb_init(line);
	sb_puts(line, "execve(");
	sb_quote(line, (const unsigned char *)path, strlen(path));
	sb_puts(line, ", [");
	for (i = 0; argv[i]; i++) {
		size_t len = strlen(argv[i]);

		if (i)
			sb_puts(line, ", ");
		if (i == ARGV_SHOW) {
			sb_puts(line, "...");
			break;
		}
		sb_quote(line, (const unsigned char *)argv[i],
			 len > STR_SHOW ? STR_SHOW : len);
		if (len > STR_SHOW)
			sb_puts(line, "...");
	}
	while (environ[n])
		n++;
	sb_printf(line, "], /* %d var%s */) = 0", n, n == 1 ? "" : "s");
	print_line(t, line->buf);
	sb_free(line);
}

/*
 * Termination signals (SIGINT, SIGQUIT, SIGTERM, SIGHUP) sent to us.
 *
 * The processes of -p are detached from and left running. The command we
 * started keeps being traced so that its end is reported: a signal from
 * the terminal (si_code SI_KERNEL) reaches it too, as it normally shares
 * our process group; one sent to us alone is passed on to it. A second
 * signal kills it, and stops waiting for attached processes that do not
 * stop to be detached (closing the session detaches them).
 */
static void on_term_signal(int sig, siginfo_t *si, void *uctx)
{
	unsigned char b = sig | (si && si->si_code == SI_KERNEL ? 0x80 : 0);
	/* First at 1 ms, then every 10 ms until the wait returns. */
	static const struct itimerspec wake = {
		.it_value = { .tv_nsec = 1000000 },
		.it_interval = { .tv_nsec = 10000000 },
	};
	int saved = errno;
	ssize_t n;

	(void)uctx;
	/* A full pipe means enough signals are pending already. */
	n = write(sigpipe[1], &b, 1);
	(void)n;
	sig_seen = 1;
	/* Maybe too late to interrupt the wait: the timer's signal will. */
	if (in_wait && have_wake_timer && !wake_armed &&
	    timer_settime(wake_timer, 0, &wake, NULL) == 0)
		wake_armed = 1;
	errno = saved;
}

/* Only there to interrupt the wait (see above). */
static void on_wake_signal(int sig)
{
	(void)sig;
}

static void stop_wake_timer(void)
{
	static const struct itimerspec off;

	timer_settime(wake_timer, 0, &off, NULL);
	wake_armed = 0;
}

static void setup_signals(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };
	struct sigevent sev;
	struct sigaction sa;
	size_t i;

	if (pipe2(sigpipe, O_CLOEXEC | O_NONBLOCK)) {
		perror(PROG_NAME ": pipe");
		exit(1);
	}
	memset(&sa, 0, sizeof(sa));
	/* SA_RESTART: only the wait (never restarted) is to be interrupted. */
	sa.sa_handler = on_wake_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(WAKE_SIGNAL, &sa, NULL);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = WAKE_SIGNAL;
	sev.sigev_notify_thread_id = gettid();
	/* Without it, a signal just before the wait waits for a record. */
	have_wake_timer = timer_create(CLOCK_MONOTONIC, &sev, &wake_timer) == 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_term_signal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void drain_signals(void)
{
	static int received;
	unsigned char b;
	struct tcb *t;

	sig_seen = 0;
	while (read(sigpipe[0], &b, 1) == 1) {
		int sig = b & 0x7f;

		if (++received > 1) {
			for (t = tcbs; t; t = t->next) {
				if (t->flags & TCB_ATTACHED)
					give_up = 1;
				else
					ptrap_kill(session, t->tid);
			}
			continue;
		}
		detach_all();
		if (!(b & 0x80) && ts.leader > 0 && tcb_find(ts.leader))
			kill(ts.leader, sig);
	}
}

/*
 * The deferred resume of the last record's tracee and the wait for the
 * next record, in one call, unless a termination signal is to be handled
 * first: then the resume alone (the signal is handled before any wait, as
 * it would have been right after the resume). Returns 0 with a record in
 * @st, or non-zero to go on as next_record() (the tracee is resumed, or
 * could not be, which was said).
 */
static int resume_and_wait(pid_t tid, int sig, struct ptrap_stop *st)
{
	int r;

	in_wait = 1;
	if (sig_seen || give_up)
		r = -ECANCELED;
	else
		r = ptrap_resume_wait(session, tid, PTRAP_RESUME_SYSCALL, sig,
				      0, st);
	in_wait = 0;
	if (wake_armed)
		stop_wake_timer();
	switch (r) {
	case -ECANCELED:	/* a signal to handle first: the resume alone */
		resume_failed(tid, ptrap_resume(session, tid,
						PTRAP_RESUME_SYSCALL, sig));
		break;
	case -ESRCH:	/* errors of the resume: nothing was waited for */
	case -EINVAL:
	case -EIO:
	case -EFAULT:
		resume_failed(tid, r);
		break;
	}
	/* -EINTR: resumed, its record stays queued; others: the wait's. */
	return r;
}

/* The next record, while watching for our own termination signals. */
static int next_record(struct ptrap_stop *st)
{
	struct pollfd pfd[2];
	int fd = ptrap_fd(session);
	pid_t tid;
	int sig, r;

	if (take_resume(&tid, &sig) && resume_and_wait(tid, sig, st) == 0)
		return 0;
	pfd[0].fd = fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = sigpipe[0];
	pfd[1].events = POLLIN;
	for (;;) {
		drain_signals();
		if (give_up || !tcbs)
			return -ECANCELED;
		r = ptrap_wait(session, st, fd >= 0);
		if (r == -EINTR)
			continue;
		if (r != -EAGAIN || fd < 0)
			return r;
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			return -errno;
	}
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

static void no_follow(void)
{
	note("-f needs fork tracing, which this backend does not support yet");
}

/* Start the command; returns 0 or the exit status to give up with. */
static int start_command(const struct options *opts, int verbose)
{
	char *path = find_program(opts->argv[0]);
	struct tcb *t;
	pid_t tid;
	int r;

	if (!path) {
		int err = errno;

		note("cannot execute '%s': %s", opts->argv[0], strerror(err));
		return err == ENOENT ? 127 : 126;
	}
	r = ptrap_spawn(session, path, opts->argv, NULL,
			ts.options | PTRAP_O_EXITKILL, &tid);
	if (r == -EINVAL && (ts.options & FOLLOW_OPTIONS)) {
		no_follow();
		free(path);
		return 1;
	}
	if (r) {
		note("cannot execute '%s': %s", opts->argv[0], strerror(-r));
		free(path);
		return r == -ENOENT || r == -ENOTDIR ? 127 : 126;
	}
	ts.leader = tid;
	ts.have_leader = 1;
	if (verbose)
		note("tracing %s, pid %d", path, tid);

	/* Its first record is its exec's SIGTRAP (or EXEC event). */
	t = tcb_new(tid, tid, TCB_EXEC_TRAP);
	show_exec(t, path, opts->argv);
	free(path);
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts;
	struct ptrap_stop st;
	int r, attached = 0;

	if (parse_options(argc, argv, &opts))
		return 1;

	out = stderr;
	if (opts.outfile) {
		out = fopen(opts.outfile, "we");
		if (!out) {
			note("cannot open '%s': %s", opts.outfile,
			     strerror(errno));
			return 1;
		}
	}

	r = ptrap_open(&session, 0);
	if (r) {
		note("cannot open a ptrap session: %s", strerror(-r));
		return 1;
	}
	if (opts.verbose)
		note("backend: %s", ptrap_backend_name(session));
	if (!strcmp(ptrap_backend_name(session), "module"))
		tcb_use_regs_page();

	ts.follow = opts.follow;
	ts.options = PTRAP_O_TRACESYSGOOD | (opts.follow ? FOLLOW_OPTIONS : 0);
	setup_signals();
	if (opts.argv) {
		r = start_command(&opts, opts.verbose);
		if (r) {
			ptrap_close(session);
			return r;
		}
	}
	if (opts.npids) {
		attached = attach_all(&opts);
		if (attached < 0 || (!attached && !opts.argv)) {
			ptrap_close(session);
			return 1;
		}
	}

	while (tcbs) {
		r = next_record(&st);
		if (r == -ECANCELED)
			break;
		if (r) {
			note("waiting for a stop: %s", strerror(-r));
			break;
		}
		handle_record(&st);
	}
	resume_pending();	/* none left but after a failed wait */
	ptrap_close(session);
	free(opts.pids);

	if (fflush(out) || (out != stderr && fclose(out))) {
		note("writing the trace: %s", strerror(errno));
		return 1;
	}
	if (!ts.have_leader)
		return 0;
	/* -1: lost (session error), -2: detached; its status is unknown. */
	if (ts.leader_status < 0)
		return 1;
	return exit_code(ts.leader_status);
}
