// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: what each stop record prints, and how the tracee goes on.
 *
 * Every stop is answered at once: resumed in SYSCALL mode (with the
 * signal of a signal-delivery-stop, so the tracee gets what it would have
 * got untraced), or, for a seized tracee in group-stop, let wait in
 * LISTEN so that it stays stopped until SIGCONT as it would untraced.
 * What strace prints nothing for is resumed silently: the first stop of a
 * new tracee (its SIGSTOP, or PTRAP_EVENT_STOP when seized), fork, vfork,
 * clone and exec event stops, and the SIGTRAP that follows a successful
 * exec when PTRAP_O_TRACEEXEC is not in use. The resume itself is left
 * to the record loop (main.c), which does it in the same system call as
 * its wait for the next record.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <asm/unistd.h>

#include "trace.h"

struct trace_state ts = { .leader_status = -1 };

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

/* The PTRAP_EVENT_* of a stop's status (0 for none, and for ends). */
static int stop_event(const struct ptrap_stop *st)
{
	if (st->kind == PTRAP_STOP_EXITED || st->kind == PTRAP_STOP_KILLED ||
	    st->kind == PTRAP_STOP_DETACHED)
		return 0;
	return (st->status >> 16) & 0xff;
}

/* The resume handle_record() decided on, not done yet (tid 0: none). */
static struct {
	pid_t tid;
	int sig;
} deferred;

void resume_failed(pid_t tid, int err)
{
	/* -ESRCH: killed meanwhile; its end record follows. */
	if (err && err != -ESRCH)
		note("resuming %d: %s", tid, strerror(-err));
}

void resume_pending(void)
{
	pid_t tid;
	int sig;

	if (take_resume(&tid, &sig))
		resume_failed(tid, ptrap_resume(session, tid,
						PTRAP_RESUME_SYSCALL, sig));
}

void resume(struct tcb *t, int sig)
{
	resume_pending();	/* one per record: never more than one */
	deferred.tid = t->tid;
	deferred.sig = sig;
}

int take_resume(pid_t *tid, int *sig)
{
	if (!deferred.tid)
		return 0;
	*tid = deferred.tid;
	*sig = deferred.sig;
	deferred.tid = 0;
	return 1;
}

/*
 * Attached while it was in a system call: remember which, so that the
 * restart_syscall(2) that resumes it can be named, as strace does.
 */
static void note_interrupted_call(struct tcb *t)
{
	struct user_regs_struct regs;

	if (tcb_getregs(t, &regs) == 0 &&
	    (long)regs.orig_rax >= 0)
		t->prev_nr = regs.orig_rax;
}

/* A call cut short by the end of its tracee: "exit_group(0) = ?". */
static void finish_unreturned(struct tcb *t)
{
	struct strbuf sb;

	if (t->in_call && t->call_shown) {
		sb_init(&sb);
		call_tail(session, t->tid, &t->call, 0, 0, &sb);
		print_rest(t, sb.buf);
		sb_free(&sb);
	}
	t->in_call = 0;
	t->call_shown = 0;
}

static void on_syscall_enter(struct tcb *t, const struct ptrap_stop *st)
{
	struct strbuf sb;

	t->flags &= ~TCB_EXEC_TRAP;
	t->in_call = 1;
	t->call_shown = filter_wants(st->nr);
	if (!t->call_shown) {
		call_free(&t->call);
		t->call.nr = st->nr;
		resume(t, 0);
		return;
	}
	call_enter(session, t->tid, &t->call, st->nr, st->args);
	sb_init(&sb);
	if (st->nr == __NR_restart_syscall) {
		/* As strace: what it resumes, if this tracee was seen in it. */
		sb_printf(&sb, "restart_syscall(<... resuming interrupted %s ...>",
			  t->prev_nr >= 0 && syscall_name(t->prev_nr) ?
			  syscall_name(t->prev_nr) : "call");
		t->call.nhead = 0;
	} else {
		call_head(&t->call, &sb);
	}
	if (t->call.ret == 'n') {
		/* exit, exit_group: "= ?" at once, as strace. */
		call_tail(session, t->tid, &t->call, 0, 0, &sb);
		print_line(t, sb.buf);
		t->call_shown = 0;
	} else {
		print_open(t, sb.buf);
	}
	sb_free(&sb);
	resume(t, 0);
}

static void on_syscall_exit(struct tcb *t, const struct ptrap_stop *st)
{
	struct strbuf sb;
	long nr = t->in_call ? t->call.nr : st->nr;

	sb_init(&sb);
	if (!t->in_call) {
		/* Attached in the middle of it: its entry was never seen. */
		if (filter_wants(st->nr)) {
			call_free(&t->call);
			memset(&t->call, 0, sizeof(t->call));
			t->call.nr = st->nr;
			t->call.ret = 'd';
			sb_printf(&sb, "<... %s resumed>", call_name(&t->call));
			call_tail(session, t->tid, &t->call, 1, st->retval, &sb);
			print_line(t, sb.buf);
		}
	} else if (t->call_shown) {
		call_tail(session, t->tid, &t->call, 1, st->retval, &sb);
		print_rest(t, sb.buf);
	}
	sb_free(&sb);
	t->in_call = 0;
	t->call_shown = 0;
	t->prev_nr = nr;
	/*
	 * Without PTRAP_O_TRACEEXEC a successful exec sends the tracee
	 * SIGTRAP, as ptrace(2) does; it must not get it.
	 */
	if ((nr == __NR_execve || nr == __NR_execveat) && st->retval == 0 &&
	    !(ts.options & PTRAP_O_TRACEEXEC))
		t->flags |= TCB_EXEC_TRAP;
	resume(t, 0);
}

static void on_signal(struct tcb *t, const struct ptrap_stop *st)
{
	int sig = WSTOPSIG(st->status);
	struct strbuf sb;

	if (sig == SIGTRAP && (t->flags & TCB_EXEC_TRAP)) {
		t->flags &= ~TCB_EXEC_TRAP;
		resume(t, 0);
		return;
	}
	t->flags &= ~TCB_EXEC_TRAP;
	if (sig == SIGSTOP && (t->flags & TCB_OUR_SIGSTOP)) {
		/* The SIGSTOP of an attach: not the tracee's business. */
		if (t->flags & TCB_STARTUP)
			note_interrupted_call(t);
		t->flags &= ~(TCB_OUR_SIGSTOP | TCB_STARTUP);
		resume(t, 0);
		return;
	}
	sb_init(&sb);
	sb_puts(&sb, "--- ");
	sb_signal(&sb, sig);
	sb_putc(&sb, ' ');
	sb_siginfo(&sb, st->siginfo);
	sb_puts(&sb, " ---");
	print_line(t, sb.buf);
	sb_free(&sb);
	resume(t, sig);
}

/*
 * Group-stop. A seized tracee is let wait in LISTEN: it stays stopped
 * until SIGCONT, as it would untraced. An attached one cannot be kept
 * stopped by any tracer (ptrace(2) has no LISTEN for it): it is resumed,
 * as strace does.
 */
static void on_group_stop(struct tcb *t, const struct ptrap_stop *st)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_puts(&sb, "--- stopped by ");
	sb_signal(&sb, WSTOPSIG(st->status));
	sb_puts(&sb, " ---");
	print_line(t, sb.buf);
	sb_free(&sb);
	if (stop_event(st) == PTRAP_EVENT_STOP) {
		t->flags |= TCB_SEIZED;
		if (ptrap_listen(session, t->tid) == 0)
			return;
	}
	resume(t, 0);
}

/*
 * An exec from a thread other than the leader: the kernel gives the
 * execing thread the leader's tid (the record's) and reports the one it
 * had as the event message. The leader's own record is gone.
 */
static struct tcb *exec_takeover(struct tcb *leader, const struct ptrap_stop *st)
{
	struct tcb *e = tcb_find((pid_t)st->msg);
	struct strbuf sb;

	if (!e)
		return leader;
	if (leader && leader != e) {
		finish_unreturned(leader);
		sb_init(&sb);
		sb_printf(&sb, "+++ superseded by execve in pid %d +++", e->tid);
		print_line(leader, sb.buf);
		sb_free(&sb);
		if (leader->tid == ts.leader)
			ts.leader = e->tid;
		tcb_drop(leader);
	}
	if (e->tid == ts.leader)
		ts.leader = st->tid;
	e->tid = st->tid;
	return e;
}

static void on_event(struct tcb *t, const struct ptrap_stop *st)
{
	int event = stop_event(st);

	if (event == PTRAP_EVENT_STOP && is_stop_signal(WSTOPSIG(st->status))) {
		t->flags &= ~TCB_STARTUP;
		on_group_stop(t, st);
		return;
	}
	switch (event) {
	case PTRAP_EVENT_EXEC:
		/* Its SIGTRAP is not sent with PTRAP_O_TRACEEXEC. */
		t->flags &= ~TCB_EXEC_TRAP;
		break;
	case PTRAP_EVENT_STOP:
		/* Our INTERRUPT, a new child's first stop, or SIGCONT's. */
		if (t->flags & TCB_STARTUP)
			note_interrupted_call(t);
		t->flags &= ~TCB_STARTUP;
		t->flags |= TCB_SEIZED;
		break;
	default:
		/* FORK, VFORK, CLONE (the child reports by itself), ... */
		break;
	}
	resume(t, 0);
}

static void on_end(struct tcb *t, const struct ptrap_stop *st)
{
	int s = st->status;
	struct strbuf sb;

	finish_unreturned(t);
	sb_init(&sb);
	if (st->kind == PTRAP_STOP_DETACHED) {
		note("process %d left the session (%s); no longer traced",
		     t->tid, st->msg == PTRAP_DETACH_REASON_PRIVILEGED_EXEC ?
		     "it executed a privileged program" : "unknown reason");
		if (t->tid == ts.leader)
			ts.leader_status = -2;
	} else {
		if (WIFSIGNALED(s)) {
			sb_puts(&sb, "+++ killed by ");
			sb_signal(&sb, WTERMSIG(s));
			sb_puts(&sb, WCOREDUMP(s) ? " (core dumped) +++" : " +++");
		} else {
			sb_printf(&sb, "+++ exited with %d +++", WEXITSTATUS(s));
		}
		print_line(t, sb.buf);
		if (t->tid == ts.leader)
			ts.leader_status = s;
	}
	sb_free(&sb);
	tcb_drop(t);
}

/*
 * Flags a new child inherits from the tracee that made it: a thread from
 * its thread group, a process from its parent (both from /proc, read at
 * its first stop, when it cannot be gone yet).
 */
static unsigned int inherited_flags(pid_t tid, pid_t tgid)
{
	const unsigned int keep = TCB_ATTACHED | TCB_SEIZED;
	struct tcb *t;
	long ppid;

	if (tgid > 0 && tgid != tid) {
		for (t = tcbs; t; t = t->next)
			if (t->tgid == tgid)
				return t->flags & keep;
	}
	ppid = proc_status_field(tid, "PPid");
	t = ppid > 0 ? tcb_find(ppid) : NULL;
	if (t)
		return t->flags & keep;
	return ts.have_leader ? 0 : TCB_ATTACHED;
}

/*
 * The first record of a tracee we did not attach ourselves: a child
 * auto-attached through -f's options. Its first stop (a SIGSTOP, or
 * PTRAP_EVENT_STOP if seized) is resumed unseen. Returns its tcb, or NULL
 * if the record was consumed.
 */
static struct tcb *new_tracee(const struct ptrap_stop *st)
{
	/* It inherited its creator's syscall filter. */
	struct tcb *t = tcb_new(st->tid, st->tgid,
				inherited_flags(st->tid, st->tgid) |
				TCB_FILTERED);
	int event = stop_event(st);

	if (st->kind == PTRAP_STOP_EXITED || st->kind == PTRAP_STOP_KILLED ||
	    st->kind == PTRAP_STOP_DETACHED)
		return t;
	/* As strace: announced in a trace on stderr, not in a file's. */
	if (out == stderr)
		note("Process %d attached", t->tid);
	if (event == PTRAP_EVENT_STOP)
		t->flags |= TCB_SEIZED;
	if ((t->flags & TCB_ATTACHED) && detach_requested()) {
		/* Born while we leave: leave it too, at this first stop. */
		t->flags |= TCB_DETACHING;
		if (detach_at_stop(t, st))
			return NULL;
	}
	if ((st->kind == PTRAP_STOP_SIGNAL && WSTOPSIG(st->status) == SIGSTOP) ||
	    (event == PTRAP_EVENT_STOP && WSTOPSIG(st->status) == SIGTRAP)) {
		resume(t, 0);
		return NULL;
	}
	return t;
}

void handle_record(const struct ptrap_stop *st)
{
	struct tcb *t = tcb_find(st->tid);
	int event = stop_event(st);

	if (event == PTRAP_EVENT_EXEC && st->msg && (pid_t)st->msg != st->tid)
		t = exec_takeover(t, st);
	if (!t) {
		t = new_tracee(st);
		if (!t)
			return;
	}
	if ((t->flags & TCB_DETACHING) && detach_at_stop(t, st))
		return;
	if (!(t->flags & TCB_FILTERED) && st->kind != PTRAP_STOP_EXITED &&
	    st->kind != PTRAP_STOP_KILLED && st->kind != PTRAP_STOP_DETACHED) {
		/* Its first stop: from now on, only the calls shown stop. */
		filter_install(t->tid);
		t->flags |= TCB_FILTERED;
	}

	switch (st->kind) {
	case PTRAP_STOP_SYSCALL_ENTER:
		on_syscall_enter(t, st);
		break;
	case PTRAP_STOP_SYSCALL_EXIT:
		on_syscall_exit(t, st);
		break;
	case PTRAP_STOP_SIGNAL:
		if (event)	/* an event-stop, however reported */
			on_event(t, st);
		else
			on_signal(t, st);
		break;
	case PTRAP_STOP_GROUP:
		t->flags &= ~TCB_STARTUP;
		on_group_stop(t, st);
		break;
	case PTRAP_STOP_EVENT:
		on_event(t, st);
		break;
	case PTRAP_STOP_EXITED:
	case PTRAP_STOP_KILLED:
	case PTRAP_STOP_DETACHED:
		on_end(t, st);
		break;
	default:
		note("unknown stop kind %u for %d", st->kind, st->tid);
		resume(t, 0);
		break;
	}
}
