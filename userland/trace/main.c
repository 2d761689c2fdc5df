// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: a strace-like tracer built on libptrap.
 *
 * Spawn the command as a tracee, resume it at every stop in SYSCALL mode,
 * and print each system call when it returns (its entry's arguments are
 * kept per thread until then), each signal as it is delivered, and how the
 * tracee ended.
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

/* One traced thread. */
struct tcb {
	pid_t tid;
	int in_call;	/* entered a system call that has not returned */
	int exec_trap;	/* an exec succeeded: swallow the SIGTRAP it sends */
	struct call call;
	struct tcb *next;
};

static struct ptrap *session;
static FILE *out;
static struct tcb *tcbs;
static pid_t leader;		/* the spawned command */
static int leader_status = -1;	/* its wait(2) status once it is gone */
static int sigpipe[2] = { -1, -1 };

static struct tcb *tcb_get(pid_t tid)
{
	struct tcb *t;

	for (t = tcbs; t; t = t->next)
		if (t->tid == tid)
			return t;
	t = calloc(1, sizeof(*t));
	if (!t) {
		fputs(PROG_NAME ": out of memory\n", stderr);
		exit(1);
	}
	t->tid = tid;
	t->next = tcbs;
	tcbs = t;
	return t;
}

static void tcb_drop(struct tcb *t)
{
	struct tcb **pp;

	for (pp = &tcbs; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	call_free(&t->call);
	free(t);
}

/* One line of trace, written at once. */
static void emit(const struct tcb *t, struct strbuf *line)
{
	struct strbuf full;

	sb_init(&full);
	if (t->tid != leader)
		sb_printf(&full, "[pid %5d] ", t->tid);
	sb_puts(&full, line->buf);
	sb_putc(&full, '\n');
	fwrite(full.buf, 1, full.len, out);
	fflush(out);
	sb_free(&full);
	sb_reset(line);
}

static void resume(struct tcb *t, int sig)
{
	int r = ptrap_resume(session, t->tid, PTRAP_RESUME_SYSCALL, sig);

	/* -ESRCH: killed meanwhile; its KILLED record follows. */
	if (r && r != -ESRCH)
		fprintf(stderr, PROG_NAME ": resuming %d: %s\n", t->tid,
			strerror(-r));
}

/*
 * The execve(2) that started the tracee happened before its first record;
 * show it as strace does, from what we passed (the environment's address
 * in the tracee is not known, only its size).
 */
static void show_exec(struct tcb *t, const char *path, char **argv,
		      struct strbuf *line)
{
	extern char **environ;
	int i, n = 0;

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
	emit(t, line);
}

/* A call cut short by the end of the tracee: "exit_group(0) = ?" */
static void flush_pending(struct tcb *t, struct strbuf *line)
{
	if (!t->in_call)
		return;
	call_exit(session, t->tid, &t->call, 0, 0, line);
	emit(t, line);
	t->in_call = 0;
}

static void on_syscall_exit(struct tcb *t, const struct ptrap_stop *st,
			    struct strbuf *line)
{
	if (!t->in_call) {
		/* Attached mid-call: the entry was never seen. */
		const char *name = syscall_name(st->nr);

		if (name)
			sb_printf(line, "<... %s resumed>) = %lld", name,
				  (long long)st->retval);
		else
			sb_printf(line, "<... syscall_%#llx resumed>) = %lld",
				  (unsigned long long)st->nr,
				  (long long)st->retval);
		emit(t, line);
		return;
	}
	call_exit(session, t->tid, &t->call, 1, st->retval, line);
	emit(t, line);
	t->in_call = 0;
	if ((t->call.nr == __NR_execve || t->call.nr == __NR_execveat) &&
	    st->retval == 0)
		t->exec_trap = 1;
}

static void on_signal(struct tcb *t, const struct ptrap_stop *st,
		      struct strbuf *line)
{
	int sig = WSTOPSIG(st->status);

	/*
	 * A successful exec sends the tracee SIGTRAP, as ptrace(2) without
	 * PTRACE_O_TRACEEXEC does: the first record of a spawned tracee is
	 * one. Swallow it, or the tracee would die of it.
	 */
	if (t->exec_trap && sig == SIGTRAP) {
		t->exec_trap = 0;
		resume(t, 0);
		return;
	}
	t->exec_trap = 0;
	sb_puts(line, "--- ");
	sb_signal(line, sig);
	sb_putc(line, ' ');
	sb_siginfo(line, st->siginfo);
	sb_puts(line, " ---");
	emit(t, line);
	resume(t, sig);
}

static void on_end(struct tcb *t, const struct ptrap_stop *st,
		   struct strbuf *line)
{
	int s = st->status;

	flush_pending(t, line);
	if (st->kind == PTRAP_STOP_DETACHED) {
		fprintf(stderr, PROG_NAME ": process %d left the session (%s); "
			"no longer traced\n", t->tid,
			st->msg == PTRAP_DETACH_REASON_PRIVILEGED_EXEC ?
			"it executed a privileged program" : "unknown reason");
		if (t->tid == leader)
			leader_status = -2;
	} else if (WIFSIGNALED(s)) {
		sb_puts(line, "+++ killed by ");
		sb_signal(line, WTERMSIG(s));
		sb_puts(line, WCOREDUMP(s) ? " (core dumped) +++" : " +++");
		emit(t, line);
	} else {
		sb_printf(line, "+++ exited with %d +++", WEXITSTATUS(s));
		emit(t, line);
	}
	if (t->tid == leader && st->kind != PTRAP_STOP_DETACHED)
		leader_status = s;
	tcb_drop(t);
}

static void handle_record(const struct ptrap_stop *st, struct strbuf *line)
{
	struct tcb *t = tcb_get(st->tid);

	switch (st->kind) {
	case PTRAP_STOP_SYSCALL_ENTER:
		t->exec_trap = 0;
		call_enter(session, t->tid, &t->call, st->nr, st->args);
		t->in_call = 1;
		resume(t, 0);
		break;
	case PTRAP_STOP_SYSCALL_EXIT:
		on_syscall_exit(t, st, line);
		resume(t, 0);
		break;
	case PTRAP_STOP_SIGNAL:
		on_signal(t, st, line);
		break;
	case PTRAP_STOP_GROUP:
		sb_puts(line, "--- stopped by ");
		sb_signal(line, WSTOPSIG(st->status));
		sb_puts(line, " ---");
		emit(t, line);
		resume(t, 0);
		break;
	case PTRAP_STOP_EVENT:
		resume(t, 0);
		break;
	case PTRAP_STOP_EXITED:
	case PTRAP_STOP_KILLED:
	case PTRAP_STOP_DETACHED:
		on_end(t, st, line);
		break;
	default:
		fprintf(stderr, PROG_NAME ": unknown stop kind %u for %d\n",
			st->kind, st->tid);
		resume(t, 0);
		break;
	}
}

/*
 * Termination signals sent to us. Those from the terminal (si_code
 * SI_KERNEL) reach the tracee too, which normally shares our process
 * group; those sent to us alone are passed on to it. Either way we keep
 * tracing so that its end is reported. A second one kills it.
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

	while (read(sigpipe[0], &b, 1) == 1) {
		int sig = b & 0x7f;

		if (++received > 1) {
			struct tcb *t;

			for (t = tcbs; t; t = t->next)
				ptrap_kill(session, t->tid);
		} else if (!(b & 0x80) && leader > 0) {
			kill(leader, sig);
		}
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

int main(int argc, char **argv)
{
	struct options opts;
	struct ptrap_stop st;
	struct strbuf line;
	struct tcb *t;
	char *path;
	pid_t tid;
	int r;

	if (parse_options(argc, argv, &opts))
		return 1;

	path = find_program(opts.argv[0]);
	if (!path) {
		int err = errno;

		fprintf(stderr, PROG_NAME ": cannot execute '%s': %s\n",
			opts.argv[0], strerror(err));
		return err == ENOENT ? 127 : 126;
	}

	out = stderr;
	if (opts.outfile) {
		out = fopen(opts.outfile, "we");
		if (!out) {
			fprintf(stderr, PROG_NAME ": cannot open '%s': %s\n",
				opts.outfile, strerror(errno));
			return 1;
		}
	}

	r = ptrap_open(&session, 0);
	if (r) {
		fprintf(stderr, PROG_NAME ": cannot open a ptrap session: %s\n",
			strerror(-r));
		return 1;
	}
	if (opts.verbose)
		fprintf(stderr, PROG_NAME ": backend: %s\n",
			ptrap_backend_name(session));

	setup_signals();
	r = ptrap_spawn(session, path, opts.argv, NULL,
			PTRAP_O_TRACESYSGOOD | PTRAP_O_EXITKILL, &tid);
	if (r) {
		fprintf(stderr, PROG_NAME ": cannot execute '%s': %s\n",
			opts.argv[0], strerror(-r));
		ptrap_close(session);
		return r == -ENOENT || r == -ENOTDIR ? 127 : 126;
	}
	leader = tid;
	if (opts.verbose)
		fprintf(stderr, PROG_NAME ": tracing %s, pid %d\n", path, tid);

	/* Its first record is the SIGTRAP of its exec. */
	sb_init(&line);
	t = tcb_get(tid);
	t->exec_trap = 1;
	show_exec(t, path, opts.argv, &line);
	free(path);

	while (tcbs) {
		r = next_record(&st);
		if (r) {
			fprintf(stderr, PROG_NAME ": waiting for a stop: %s\n",
				strerror(-r));
			break;
		}
		handle_record(&st, &line);
	}
	sb_free(&line);
	ptrap_close(session);

	if (fflush(out) || (out != stderr && fclose(out))) {
		fprintf(stderr, PROG_NAME ": writing the trace: %s\n",
			strerror(errno));
		return 1;
	}
	/* -1: lost (session error), -2: detached; its status is unknown. */
	if (leader_status < 0)
		return 1;
	return exit_code(leader_status);
}
