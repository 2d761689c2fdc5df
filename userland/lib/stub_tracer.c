// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stub-pool backend's tracer thread: the only thread that calls
 * ptrace(2) for its session. It serves the request queue, collects stops
 * with waitpid(2) and turns them into struct ptrap_stop records, keeps the
 * doorbell (see stub.h) alive, and on close leaves no tracee stopped.
 *
 * Every tracee gets PTRACE_O_TRACESYSGOOD whatever the user asked for:
 * PTRACE_GET_SYSCALL_INFO only tells syscall stops apart with it (it looks
 * at si_code == SIGTRAP | 0x80), and it is the only way to tell a syscall
 * stop from a SIGTRAP signal-delivery-stop. When the user did not ask for
 * it, 0x80 is taken out of the reported status again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stub.h"

/* Consecutive doorbells that died unrung before we give up on them. */
#define BELL_MAX_FAILURES	3
/* Without a doorbell, how long the tracer naps between polls. */
#define POLL_NAP_NS		(2 * 1000 * 1000)

/* ---- tracee table ------------------------------------------------------ */

struct tracee *stub_tracee_find(struct stub_session *s, pid_t tid)
{
	size_t i;

	for (i = 0; i < s->ntracees; i++)
		if (s->tracees[i]->tid == tid)
			return s->tracees[i];
	return NULL;
}

struct tracee *stub_tracee_add(struct stub_session *s, pid_t tid)
{
	struct tracee *t, **v;

	if (s->ntracees == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;

		v = realloc(s->tracees, cap * sizeof(*v));
		if (!v)
			return NULL;
		s->tracees = v;
		s->cap = cap;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	t->tgid = tid;
	t->memfd = -1;
	t->spawn_pipe = -1;
	s->tracees[s->ntracees++] = t;
	return t;
}

void stub_tracee_remove(struct stub_session *s, struct tracee *t)
{
	size_t i;

	for (i = 0; i < s->ntracees; i++) {
		if (s->tracees[i] == t) {
			s->tracees[i] = s->tracees[--s->ntracees];
			break;
		}
	}
	if (t->memfd >= 0)
		close(t->memfd);
	if (t->spawn_pipe >= 0)
		close(t->spawn_pipe);
	free(t->filter);
	free(t);
}

/* Read a "Name:\t<number>" line of /proc/<tid>/status; -1 if none. */
static long proc_status_field(pid_t tid, const char *name)
{
	char path[64], buf[2048], *p;
	size_t nlen = strlen(name);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, name, nlen) && p[nlen] == ':')
			return strtol(p + nlen + 1, NULL, 10);
	}
	return -1;
}

pid_t stub_read_tgid(pid_t tid)
{
	long tgid = proc_status_field(tid, "Tgid");

	return tgid > 0 ? tgid : tid;
}

void stub_req_complete(struct stub_session *s, struct stub_req *r, long ret)
{
	pthread_mutex_lock(&s->lock);
	r->ret = ret;
	r->done = 1;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

/* ---- records ----------------------------------------------------------- */

static void queue_record(struct stub_session *s, const struct ptrap_stop *st)
{
	struct stub_record *rec = malloc(sizeof(*rec));
	uint64_t one = 1;
	int waiters;

	if (!rec)
		return;		/* nothing sane to do; the stop stays */
	rec->next = NULL;
	rec->stop = *st;
	pthread_mutex_lock(&s->lock);
	if (!s->rec_head && write(s->efd, &one, sizeof(one)) < 0)
		one = 0;
	*s->rec_tail = rec;
	s->rec_tail = &rec->next;
	s->rec_gen++;
	waiters = s->rec_waiters;
	pthread_mutex_unlock(&s->lock);
	if (waiters)
		syscall(SYS_futex, &s->rec_gen, FUTEX_WAKE_PRIVATE, INT_MAX,
			NULL, NULL, 0);
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

/*
 * Describe the stop (or end) of @t that waitpid reported as @status. The
 * record is what ptrace(2) shows for it; see struct ptrap_stop.
 */
static void describe_stop(struct tracee *t, int status, struct ptrap_stop *r)
{
	struct __ptrace_syscall_info info;
	unsigned long msg;
	int sig, event;
	long ret;

	memset(r, 0, sizeof(*r));
	r->tid = t->tid;
	r->tgid = t->tgid;
	r->nr = -1;
	r->status = status;
	if (WIFEXITED(status)) {
		r->kind = PTRAP_STOP_EXITED;
		return;
	}
	if (WIFSIGNALED(status)) {
		r->kind = PTRAP_STOP_KILLED;
		return;
	}

	sig = WSTOPSIG(status);
	event = (unsigned int)status >> 16;
	memset(&info, 0, sizeof(info));
	ret = ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(info), &info);
	if (ret >= (long)offsetof(struct __ptrace_syscall_info, entry)) {
		r->ip = info.instruction_pointer;
		r->sp = info.stack_pointer;
	}

	if (event) {
		r->kind = event == PTRACE_EVENT_STOP && is_stop_signal(sig) ?
			PTRAP_STOP_GROUP : PTRAP_STOP_EVENT;
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0)
			r->msg = msg;
		return;
	}

	if (sig == (SIGTRAP | 0x80)) {
		if (!(t->options & PTRAP_O_TRACESYSGOOD))
			r->status &= ~(0x80 << 8);
		if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
			r->kind = PTRAP_STOP_SYSCALL_EXIT;
			r->retval = info.exit.rval;
#ifdef __x86_64__
			/* The number as the tracer may have changed it. */
			errno = 0;
			ret = ptrace(PTRACE_PEEKUSER, t->tid,
				     offsetof(struct user, regs.orig_rax), 0);
			r->nr = errno ? t->last_nr : ret;
#else
			r->nr = t->last_nr;
#endif
		} else {
			r->kind = PTRAP_STOP_SYSCALL_ENTER;
			r->nr = info.entry.nr;
			memcpy(r->args, info.entry.args, sizeof(r->args));
			t->last_nr = r->nr;
		}
		return;
	}

	/* A signal-delivery-stop has a siginfo; a group-stop has none. */
	if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, r->siginfo) == 0)
		r->kind = PTRAP_STOP_SIGNAL;
	else
		r->kind = PTRAP_STOP_GROUP;
}

/* Remember what @t stopped in (from its record). */
static void note_stop(struct tracee *t, const struct ptrap_stop *r)
{
	/*
	 * An exec since the last stop (the post-exec SIGTRAP, the EXEC event)
	 * gives the tracee a new address space, while an open
	 * /proc/<tid>/mem keeps the old one (a vfork child's is its
	 * parent's): open it again for the new stop.
	 */
	if (t->memfd >= 0 &&
	    ((r->kind == PTRAP_STOP_SIGNAL && WSTOPSIG(r->status) == SIGTRAP) ||
	     (r->kind == PTRAP_STOP_EVENT &&
	      ((unsigned int)r->status >> 16) == PTRAP_EVENT_EXEC))) {
		close(t->memfd);
		t->memfd = -1;
	}
	t->state = TRACEE_STOPPED;
	t->siginfo_set = 0;
	t->stop_sysgood = !!(t->options & PTRAP_O_TRACESYSGOOD);
	t->stop_kind = r->kind;
	t->stop_sig = r->kind == PTRAP_STOP_SIGNAL ? WSTOPSIG(r->status) : 0;
	if (t->stop_kind == PTRAP_STOP_SIGNAL && t->stop_sig == SIGSTOP)
		t->sigstop_pending = 0;
}

/* A tracee of thread group @tgid other than @not, or NULL. */
static struct tracee *find_in_group(struct stub_session *s, pid_t tgid,
				    const struct tracee *not)
{
	size_t i;

	for (i = 0; i < s->ntracees; i++)
		if (s->tracees[i] != not && !s->tracees[i]->detached &&
		    s->tracees[i]->tgid == tgid)
			return s->tracees[i];
	return NULL;
}

/*
 * A tracee we did not attach: a child auto-attached through TRACEFORK,
 * TRACEVFORK or TRACECLONE (or CLONE_PTRACE), whose first stop came before
 * its creator's event stop. It inherits its creator's options and
 * seized-ness; its first stop is SIGSTOP, or PTRACE_EVENT_STOP if seized.
 */
static struct tracee *adopt(struct stub_session *s, pid_t pid, int status)
{
	struct tracee *t, *creator = NULL;
	long ppid;

	t = stub_tracee_add(s, pid);
	if (!t)
		return NULL;
	t->tgid = stub_read_tgid(pid);
	if (t->tgid != pid) {
		creator = find_in_group(s, t->tgid, t);
	} else {
		/* A new process: its parent is a thread of process PPid. */
		ppid = proc_status_field(pid, "PPid");
		if (ppid > 0) {
			creator = stub_tracee_find(s, ppid);
			if (!creator)
				creator = find_in_group(s, ppid, t);
		}
	}
	if (creator) {
		t->options = creator->options;
		stub_filter_copy(t, creator);
	}
	t->seized = ((unsigned int)status >> 16) == PTRACE_EVENT_STOP;
	t->sigstop_pending = !t->seized;
	t->state = TRACEE_RUNNING;
	return t;
}

/*
 * @t stopped at a FORK, VFORK or CLONE event: the new child (the event
 * message) is traced already, by the same options and seized-ness. Take it
 * into the table now, unless its first stop got here first (adopt()), so
 * that a close before that stop still deals with it (its SIGSTOP).
 * Return the new entry, or NULL.
 */
static struct tracee *child_event(struct stub_session *s, struct tracee *t,
				  int event)
{
	struct tracee *c;
	unsigned long msg;

	if (event != PTRACE_EVENT_FORK && event != PTRACE_EVENT_VFORK &&
	    event != PTRACE_EVENT_CLONE)
		return NULL;
	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) < 0 || !msg)
		return NULL;
	if (stub_tracee_find(s, (pid_t)msg))
		return NULL;
	c = stub_tracee_add(s, (pid_t)msg);
	if (!c)
		return NULL;	/* adopt() will try again at its first stop */
	c->tgid = event == PTRACE_EVENT_CLONE ? stub_read_tgid(c->tid) : c->tid;
	c->options = t->options;
	stub_filter_copy(c, t);
	c->seized = t->seized;
	c->sigstop_pending = !t->seized;
	c->state = TRACEE_RUNNING;
	return c;
}

/*
 * An exec by a thread other than the leader: ptrace(2) reports its EXEC
 * event under the leader's tid (the thread took it over; the message is
 * its former tid), and neither the leader's end nor the old tid's. The
 * table follows: the entry of the former tid becomes the leader's.
 * Return the tracee the status is for, or NULL to go on as usual.
 */
static struct tracee *exec_takeover(struct stub_session *s, pid_t pid,
				    int status)
{
	struct tracee *old, *leader;
	unsigned long msg;

	if (!WIFSTOPPED(status) ||
	    ((unsigned int)status >> 16) != PTRACE_EVENT_EXEC)
		return NULL;
	if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg) < 0 ||
	    (pid_t)msg == pid)
		return NULL;
	old = stub_tracee_find(s, (pid_t)msg);
	if (!old)
		return NULL;
	leader = stub_tracee_find(s, pid);
	if (!leader) {
		old->tid = pid;
		leader = old;
	} else {
		leader->options = old->options;
		stub_filter_copy(leader, old);
		leader->seized = old->seized;
		leader->detached = 0;
		stub_tracee_remove(s, old);
	}
	leader->tgid = pid;
	leader->state = TRACEE_RUNNING;
	if (leader->memfd >= 0) {
		close(leader->memfd);
		leader->memfd = -1;
	}
	return leader;
}

/* ---- the doorbell ------------------------------------------------------ */

static void close_all_fds(void)
{
	int fd;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, 0, ~0U, 0) == 0)
		return;
#endif
	for (fd = 0; fd < 65536; fd++)
		close(fd);
}

/*
 * Fork the doorbell: a child of the tracer thread, traced by it, asleep in
 * pause() with only SIGUSR1 deliverable. It holds none of the app's file
 * descriptors, sits in its own process group (no terminal signals) and dies
 * with the tracer thread.
 */
static pid_t bell_create(pid_t self)
{
	struct sigaction sa;
	sigset_t set;
	pid_t pid;

	pid = ptrap_fork();
	if (pid != 0)
		return pid;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != self)
		_exit(0);
	close_all_fds();
	setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGUSR1, &sa, NULL);
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
		_exit(1);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	for (;;)
		pause();
}

static void bell_gone(struct stub_session *s)
{
	pthread_mutex_lock(&s->lock);
	s->bell = -1;
	s->bell_rung = 0;
	pthread_mutex_unlock(&s->lock);
	s->bell_failures++;
}

/* The doorbell rang (or something else stopped it): resume it, quiet. */
static void bell_status(struct stub_session *s, int status)
{
	if (!WIFSTOPPED(status)) {
		bell_gone(s);
		return;
	}
	pthread_mutex_lock(&s->lock);
	s->bell_rung = 0;
	pthread_mutex_unlock(&s->lock);
	s->bell_failures = 0;
	ptrace(PTRACE_CONT, s->bell, 0, 0);
}

static void bell_ensure(struct stub_session *s)
{
	pid_t pid;

	if (s->bell > 0 || s->bell_failures >= BELL_MAX_FAILURES)
		return;
	pid = bell_create(s->pid);
	if (pid < 0) {
		s->bell_failures++;
		return;
	}
	pthread_mutex_lock(&s->lock);
	s->bell = pid;
	s->bell_rung = 0;
	pthread_mutex_unlock(&s->lock);
}

/* ---- ptrap_spawn(): from fork to the first stop ------------------------ */

/*
 * @t is a spawned child whose exec we have not seen. The error pipe tells:
 * data = the exec (or TRACEME) failed, EOF = it succeeded (the pipe is
 * close-on-exec) or the child died before, nothing yet = still before exec.
 * Return 1 if @status is now @t's first stop as a tracee, to be reported.
 */
static int spawn_status(struct stub_session *s, struct tracee *t, int status)
{
	struct ptrap_spawn_msg msg;
	struct stub_req *r = t->spawn_req;
	int ret;

	ret = ptrap_spawn_read_msg(t->spawn_pipe, &msg);
	if (ret == 1)
		t->spawn_err = msg.err ? msg.err : ECHILD;

	if (WIFSTOPPED(status)) {
		if (ret == 0 && !t->spawn_err) {
			/* Exec done: this is the post-exec SIGTRAP stop. */
			close(t->spawn_pipe);
			t->spawn_pipe = -1;
			t->spawn_req = NULL;
			r->tid_out = t->tid;
			stub_req_complete(s, r, 0);
			return 1;
		}
		if (t->spawn_err)
			kill(t->tid, SIGKILL);
		/* Before exec: let the signal do what it would untraced. */
		ptrace(PTRACE_CONT, t->tid, 0,
		       t->spawn_err ? 0 : WSTOPSIG(status));
		return 0;
	}

	/* It is gone (and reaped). */
	if (t->spawn_err) {
		t->spawn_req = NULL;
		stub_req_complete(s, r, -t->spawn_err);
		stub_tracee_remove(s, t);
		return 0;
	}
	/* Killed before its exec: a tracee whose only record is its end. */
	close(t->spawn_pipe);
	t->spawn_pipe = -1;
	t->spawn_req = NULL;
	r->tid_out = t->tid;
	stub_req_complete(s, r, 0);
	return 1;
}

/* ---- wait status dispatch ---------------------------------------------- */

static void handle_status(struct stub_session *s, pid_t pid, int status)
{
	struct ptrap_stop rec;
	struct tracee *t;

	if (pid == s->bell) {
		bell_status(s, status);
		return;
	}
	t = exec_takeover(s, pid, status);
	if (!t)
		t = stub_tracee_find(s, pid);
	if (!t) {
		if (!WIFSTOPPED(status))
			return;		/* nothing of ours */
		t = adopt(s, pid, status);
		if (!t) {
			ptrace(PTRACE_DETACH, pid, 0, 0);
			return;
		}
	}
	if (t->spawn_req && !spawn_status(s, t, status))
		return;
	if (t->detached) {
		/* A child we detached from: only reap it. */
		if (!WIFSTOPPED(status))
			stub_tracee_remove(s, t);
		return;
	}

	if (WIFSTOPPED(status) && t->state == TRACEE_NEW) {
		/* First stop after ATTACH or spawn: options go on now. */
		ptrace(PTRACE_SETOPTIONS, t->tid, 0,
		       t->options | PTRAP_O_TRACESYSGOOD);
	}
	describe_stop(t, status, &rec);
	if (WIFSTOPPED(status) && stub_filter_swallow(s, t, &rec))
		return;
	if (WIFSTOPPED(status)) {
		note_stop(t, &rec);
		child_event(s, t, (unsigned int)status >> 16);
	} else {
		stub_tracee_remove(s, t);
	}
	queue_record(s, &rec);
}

/* ---- close ------------------------------------------------------------- */

/*
 * Closing: @t is stopped (not EXITKILL). Detach it, resumed. The signal of
 * a signal-delivery-stop is delivered (as when a ptrace(2) tracer exits),
 * except SIGTRAP (exec's, a breakpoint's: ptrace's own, and deadly) and
 * the stop signals (nothing may be left stopped); a syscall or event stop
 * gets none (where an exiting tracer would send SIGTRAP). If a SIGSTOP of
 * ours is still to come, run the tracee to it first and detach there, so
 * none is left pending.
 */
static void close_stopped(struct stub_session *s, struct tracee *t)
{
	int sig = t->stop_kind == PTRAP_STOP_SIGNAL ? t->stop_sig : 0;

	if (sig == SIGTRAP || is_stop_signal(sig))
		sig = 0;
	if (t->sigstop_pending) {
		if (ptrace(PTRACE_CONT, t->tid, 0, sig) == 0)
			t->state = TRACEE_RUNNING;
		return;		/* still closing; wait for SIGSTOP */
	}
	if (ptrace(PTRACE_DETACH, t->tid, 0, sig) < 0) {
		/* Not stopped after all (SIGKILLed?): wait for its end. */
		t->state = TRACEE_RUNNING;
		return;
	}
	t->closing = 0;
	if (t->child)
		t->detached = 1;
	else
		stub_tracee_remove(s, t);
}

static void close_start(struct stub_session *s, struct tracee *t)
{
	if (t->detached)
		return;
	t->closing = 1;
	if (t->spawn_req) {
		kill(t->tid, SIGKILL);
		t->spawn_err = ECANCELED;
		return;
	}
	if (t->options & PTRAP_O_EXITKILL) {
		syscall(SYS_tgkill, t->tgid, t->tid, SIGKILL);
		/*
		 * A SIGKILL wakes a stopped tracee, but for one whose group
		 * exit has begun (at the EXIT event-stop of exit_group()) it
		 * is dropped: let it go on, as an exiting ptrace(2) tracer's
		 * detach does, or the close would wait for it forever.
		 */
		if (t->state == TRACEE_STOPPED)
			ptrace(PTRACE_CONT, t->tid, 0, 0);
		return;
	}
	if (t->state == TRACEE_STOPPED) {
		close_stopped(s, t);
		return;
	}
	if (t->seized) {
		ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
	} else if (!t->sigstop_pending) {
		t->sigstop_pending = 1;
		syscall(SYS_tgkill, t->tgid, t->tid, SIGSTOP);
	}
}

static void close_status(struct stub_session *s, pid_t pid, int status)
{
	struct ptrap_stop rec;
	struct tracee *t, *c;

	if (pid == s->bell) {
		if (!WIFSTOPPED(status))
			s->bell = -1;
		return;
	}
	t = exec_takeover(s, pid, status);
	if (!t)
		t = stub_tracee_find(s, pid);
	if (!t) {
		if (!WIFSTOPPED(status))
			return;
		t = adopt(s, pid, status);
		if (!t) {
			ptrace(PTRACE_DETACH, pid, 0, 0);
			return;
		}
		describe_stop(t, status, &rec);
		note_stop(t, &rec);
		close_start(s, t);
		return;
	}
	if (t->spawn_req) {
		if (WIFSTOPPED(status)) {
			ptrace(PTRACE_CONT, t->tid, 0, 0);
			return;
		}
		stub_req_complete(s, t->spawn_req, -ECANCELED);
		t->spawn_req = NULL;
		stub_tracee_remove(s, t);
		return;
	}
	if (!WIFSTOPPED(status)) {
		stub_tracee_remove(s, t);
		return;
	}
	if (t->detached) {
		ptrace(PTRACE_CONT, t->tid, 0, 0);	/* cannot happen */
		return;
	}
	describe_stop(t, status, &rec);
	note_stop(t, &rec);
	c = child_event(s, t, (unsigned int)status >> 16);
	if (c)
		close_start(s, c);
	if (!t->closing)
		close_start(s, t);
	else if (t->options & PTRAP_O_EXITKILL)
		ptrace(PTRACE_CONT, t->tid, 0, 0);	/* SIGKILL is pending */
	else
		close_stopped(s, t);
}

static int close_busy(struct stub_session *s)
{
	size_t i;

	if (s->bell > 0)
		return 1;
	for (i = 0; i < s->ntracees; i++)
		if (s->tracees[i]->closing)
			return 1;
	return 0;
}

/*
 * Leave no tracee stopped: detach each one (stopping it first if it runs:
 * PTRACE_INTERRUPT if seized, else SIGSTOP, detaching at that stop with
 * the SIGSTOP suppressed), or SIGKILL it if it has EXITKILL. Reap our
 * dead children; children we detached from stay (the app's now).
 */
static void close_all(struct stub_session *s)
{
	struct tracee **snap;
	size_t i, n;
	int status;
	pid_t pid;

	if (s->bell > 0)
		kill(s->bell, SIGKILL);

	/* Collect whatever stops are already there. */
	while ((pid = waitpid(-1, &status, __WALL | __WNOTHREAD | WNOHANG)) > 0)
		close_status(s, pid, status);

	n = s->ntracees;
	snap = malloc(n * sizeof(*snap) + 1);
	if (snap) {
		memcpy(snap, s->tracees, n * sizeof(*snap));
		/* close_start() may remove the one it is given, never another. */
		for (i = 0; i < n; i++)
			if (!snap[i]->closing && !snap[i]->detached)
				close_start(s, snap[i]);
		free(snap);
	}

	while (close_busy(s)) {
		pid = waitpid(-1, &status, __WALL | __WNOTHREAD);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		close_status(s, pid, status);
	}

	while (s->ntracees)
		stub_tracee_remove(s, s->tracees[0]);
}

/* ---- the thread ---------------------------------------------------------- */

static struct stub_req *take_requests(struct stub_session *s)
{
	struct stub_req *reqs;

	pthread_mutex_lock(&s->lock);
	reqs = s->req_head;
	s->req_head = NULL;
	s->req_tail = &s->req_head;
	pthread_mutex_unlock(&s->lock);
	return reqs;
}

/* Sleep on the wake condvar for at most @ns, or until a request comes. */
static void nap(struct stub_session *s, long ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += ns;
	while (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&s->lock);
	if (!s->req_head)
		pthread_cond_timedwait(&s->wake, &s->lock, &ts);
	pthread_mutex_unlock(&s->lock);
}

/*
 * Serve @r and the requests queued behind it. Return 1 after a close (the
 * thread must end).
 */
static int serve(struct stub_session *s, struct stub_req *r)
{
	struct stub_req *next;

	for (; r; r = next) {
		next = r->next;
		if (r->op != STUB_OP_CLOSE) {
			stub_do_request(s, r);
			continue;
		}
		close_all(s);
		/* Nobody may call during or after close; be kind anyway. */
		for (; next; next = r->next) {
			r->next = next->next;
			stub_req_complete(s, next, -EBADF);
		}
		stub_req_complete(s, r, 0);
		return 1;
	}
	return 0;
}

/*
 * The loop: serve the requests, then sleep in waitpid until a stop comes
 * or the doorbell rings. (A short nap on a condvar after handing out a
 * record, so that the answer need not ring, measured no faster: the cost
 * is the cross-CPU wake-up either way.)
 */
void *stub_tracer_main(void *arg)
{
	struct stub_session *s = arg;
	struct stub_req *r;
	int status;
	pid_t pid;

	bell_ensure(s);
	pthread_mutex_lock(&s->lock);
	s->started = 1;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);

	for (;;) {
		bell_ensure(s);
		r = take_requests(s);
		if (r) {
			if (serve(s, r))
				return NULL;
			continue;
		}

		if (s->bell <= 0) {
			/* No doorbell: poll for stops, nap on the condvar. */
			pid = waitpid(-1, &status,
				      __WALL | __WNOTHREAD | WNOHANG);
			if (pid > 0)
				handle_status(s, pid, status);
			else
				nap(s, POLL_NAP_NS);
			continue;
		}

		pthread_mutex_lock(&s->lock);
		if (s->req_head) {
			pthread_mutex_unlock(&s->lock);
			continue;
		}
		s->in_wait = 1;
		pthread_mutex_unlock(&s->lock);
		pid = waitpid(-1, &status, __WALL | __WNOTHREAD);
		pthread_mutex_lock(&s->lock);
		s->in_wait = 0;
		pthread_mutex_unlock(&s->lock);
		if (pid > 0)
			handle_status(s, pid, status);
		else if (errno == ECHILD)
			bell_gone(s);	/* reaped by someone else? */
	}
}
