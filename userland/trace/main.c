// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: a strace-like tracer built on libptrap.
 *
 * Spawn the command as a tracee and/or attach to running processes (-p),
 * then answer every stop record until no tracee is left (stops.c), and
 * exit with the command's status. Termination signals are watched through
 * a pipe: passed on to the command, and they detach from the processes of
 * -p (attach.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/unistd.h>

#include "trace.h"

static int sigpipe[2] = { -1, -1 };
static int give_up;		/* stop waiting: the session's close detaches */

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
	int saved = errno;
	ssize_t n;

	(void)uctx;
	/* A full pipe means enough signals are pending already. */
	n = write(sigpipe[1], &b, 1);
	(void)n;
	errno = saved;
}

static void setup_signals(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	if (pipe2(sigpipe, O_CLOEXEC | O_NONBLOCK)) {
		perror(PROG_NAME ": pipe");
		exit(1);
	}
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

/* The next record, while watching for our own termination signals. */
static int next_record(struct ptrap_stop *st)
{
	struct pollfd pfd[2];
	int fd = ptrap_fd(session);
	int r;

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
