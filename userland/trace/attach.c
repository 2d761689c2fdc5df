// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: -p, attaching to running processes and leaving them.
 *
 * Attach: SEIZE then INTERRUPT, so that the process stops once (a
 * PTRAP_EVENT_STOP we resume in SYSCALL mode) and nothing is sent to it;
 * where the backend has no INTERRUPT, a SIGSTOP of ours that is suppressed
 * at its stop; where it has no SEIZE, ATTACH (whose SIGSTOP is suppressed
 * the same way).
 *
 * Detach (on SIGINT, SIGTERM, SIGHUP): a tracee can only be detached in a
 * stop, and ours run. A seized one is interrupted and detached at the
 * first stop it reports, whatever it is, with the signal of a
 * signal-delivery-stop (which it would otherwise lose) and 0 otherwise; a
 * group-stopped one stays stopped, as it was. An attached one is sent a
 * SIGSTOP and detached at that SIGSTOP's stop, which is suppressed, so
 * that none is left pending to stop it after we are gone.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace.h"

static int detaching;

long proc_status_field(pid_t tid, const char *field)
{
	char path[64], line[256];
	size_t n = strlen(field);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static void send_sigstop(struct tcb *t)
{
	syscall(SYS_tgkill, t->tgid, t->tid, SIGSTOP);
	t->flags |= TCB_OUR_SIGSTOP;
}

/* 0 or -errno; the tcb exists on success. */
static int attach_thread(pid_t tid, pid_t tgid)
{
	const unsigned int flags = TCB_ATTACHED | TCB_STARTUP;
	struct tcb *t;
	int r;

	r = ptrap_seize(session, tid, ts.options);
	if (r == 0) {
		t = tcb_new(tid, tgid, flags | TCB_SEIZED);
		if (ptrap_interrupt(session, tid))
			send_sigstop(t);
		return 0;
	}
	if (r == -EPERM || r == -ESRCH)
		return r;
	/* No SEIZE here, or not with these options: try ATTACH. */
	r = ptrap_attach(session, tid, ts.options);
	if (r)
		return r;
	t = tcb_new(tid, tgid, flags);
	t->flags |= TCB_OUR_SIGSTOP;	/* ATTACH sends it */
	return 0;
}

static int cmp_pid(const void *a, const void *b)
{
	return *(const pid_t *)a - *(const pid_t *)b;
}

/*
 * With -f, every thread of @pid's process; threads made meanwhile are
 * caught by TRACECLONE once their creator is attached, so a second pass
 * finds those made before that. Returns the number attached, or -errno
 * from the first (the process itself).
 */
static int attach_process(pid_t pid, pid_t tgid)
{
	char path[64];
	int attached = 0, pass, r;

	r = attach_thread(pid, tgid);
	if (r)
		return r;
	attached = 1;
	if (!ts.follow)
		return attached;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	for (pass = 0; pass < 2; pass++) {
		pid_t tids[1024];
		size_t n = 0, i;
		struct dirent *de;
		DIR *d = opendir(path);

		if (!d)
			break;
		while ((de = readdir(d)) && n < ARRAY_SIZE(tids)) {
			pid_t tid = atoi(de->d_name);

			if (tid > 0 && !tcb_find(tid))
				tids[n++] = tid;
		}
		closedir(d);
		qsort(tids, n, sizeof(tids[0]), cmp_pid);
		for (i = 0; i < n; i++)
			if (attach_thread(tids[i], tgid) == 0)
				attached++;
		if (!n)
			break;
	}
	return attached;
}

int attach_all(const struct options *opts)
{
	int processes = 0;
	size_t i;

	for (i = 0; i < opts->npids; i++) {
		pid_t pid = opts->pids[i];
		long tgid = proc_status_field(pid, "Tgid");
		int r;

		if (tcb_find(pid))
			continue;	/* named twice, or a thread of one */
		r = attach_process(pid, tgid > 0 ? tgid : pid);
		if (r == -EINVAL && (ts.options & FOLLOW_OPTIONS)) {
			note("-f needs fork tracing, which this backend does not "
			     "support yet");
			return -1;
		}
		if (r < 0) {
			note("attach: cannot attach to process %d: %s", pid,
			     strerror(-r));
			continue;
		}
		processes++;
		if (r > 1)
			note("Process %d attached with %d threads", pid, r);
		else
			note("Process %d attached", pid);
	}
	return processes;
}

int detach_requested(void)
{
	return detaching;
}

void detach_all(void)
{
	struct tcb *t;

	detaching = 1;
	for (t = tcbs; t; t = t->next) {
		if (!(t->flags & TCB_ATTACHED) || (t->flags & TCB_DETACHING))
			continue;
		t->flags |= TCB_DETACHING;
		/* A SIGSTOP of ours already on its way stops it too. */
		if (t->flags & TCB_OUR_SIGSTOP)
			continue;
		if ((t->flags & TCB_SEIZED) &&
		    ptrap_interrupt(session, t->tid) == 0)
			continue;
		send_sigstop(t);
	}
}

static void detach_now(struct tcb *t, int sig)
{
	int r = ptrap_detach(session, t->tid, sig);

	if (r == -ESRCH)
		return;		/* not in a stop after all: killed? Its end comes. */
	if (r)
		note("detaching %d: %s", t->tid, strerror(-r));
	print_detached(t);
	note("Process %d detached", t->tid);
	tcb_drop(t);
}

int detach_at_stop(struct tcb *t, const struct ptrap_stop *st)
{
	int sig = 0;

	switch (st->kind) {
	case PTRAP_STOP_EXITED:
	case PTRAP_STOP_KILLED:
	case PTRAP_STOP_DETACHED:
		return 0;	/* gone by itself: reported as usual */
	case PTRAP_STOP_SIGNAL:
		sig = WSTOPSIG(st->status);
		if (st->status >> 16)
			sig = 0;	/* an event-stop */
		break;
	}
	if (t->flags & TCB_OUR_SIGSTOP) {
		/* Only at our SIGSTOP: else it would stop it once we left. */
		if (sig != SIGSTOP)
			return 0;
		sig = 0;
	} else if (sig == SIGTRAP && (t->flags & TCB_EXEC_TRAP)) {
		sig = 0;	/* an exec's SIGTRAP would kill it */
	}
	detach_now(t, sig);
	return 1;
}
