/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The stub-pool backend: real ptrace(2) behind the libptrap API.
 *
 * ptrace is thread-affine (the tracer is a thread), so every session owns a
 * tracer thread that makes every ptrace call. Callers queue a request and
 * wait for its result; stop records flow the other way through a queue that
 * any thread may take from (ptrap_wait) and an eventfd that is readable
 * exactly while the queue is non-empty (ptrap_fd).
 *
 * The tracer thread sleeps in waitpid(-1, __WALL | __WNOTHREAD). To wake it
 * for a request, the requester rings a *doorbell*: a tiny child of the
 * tracer thread, traced by it, that sleeps in pause(). kill(doorbell,
 * SIGUSR1) makes it enter a signal-delivery-stop, which ends the tracer's
 * waitpid; the tracer resumes it with the signal suppressed and serves the
 * queue. No signal handler is installed; the tracer thread blocks every
 * signal, so none of the application's handlers runs on it; the only sign
 * of the doorbell the application may see is the SIGCHLD that every
 * ptrace stop sends the process (ignored by default). __WNOTHREAD keeps the
 * tracer from reaping the application's own children. When no doorbell can
 * be had (the process is itself traced with fork-following, say), the
 * tracer polls every 2 ms instead.
 *
 * The platform layer (address spaces in pooled stub processes, contexts)
 * is separate: platform.h.
 *
 * Files: stub_session.c (caller side), stub_tracer.c (the thread, wait
 * status -> record, doorbell, close), stub_requests.c (one function per
 * request, run on the tracer thread).
 */
#ifndef LIBPTRAP_STUB_H
#define LIBPTRAP_STUB_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "internal.h"

enum stub_op {
	STUB_OP_ATTACH,
	STUB_OP_SEIZE,
	STUB_OP_SPAWN,
	STUB_OP_DETACH,
	STUB_OP_KILL,
	STUB_OP_RESUME,
	STUB_OP_SETOPTIONS,
	STUB_OP_GETREGSET,
	STUB_OP_SETREGSET,
	STUB_OP_READMEM,
	STUB_OP_WRITEMEM,
	STUB_OP_GETSIGINFO,
	STUB_OP_SETSIGINFO,
	STUB_OP_GETSIGMASK,
	STUB_OP_SETSIGMASK,
	STUB_OP_GETEVENTMSG,
	STUB_OP_GET_SYSCALL_INFO,
	STUB_OP_PEEKUSER,
	STUB_OP_POKEUSER,
	STUB_OP_INTERRUPT,
	STUB_OP_LISTEN,
	STUB_OP_SET_FILTER,
	STUB_OP_GET_FILTER,
	STUB_OP_KNOWN,
	STUB_OP_CLOSE,
};

/* One call, marshalled to the tracer thread. Lives on the caller's stack. */
struct stub_req {
	struct stub_req *next;
	enum stub_op op;
	pid_t tid;
	int sig;
	unsigned int mode;
	unsigned int note_type;
	uint64_t options;
	uint64_t addr;		/* also the user-area offset */
	uint64_t value;		/* POKEUSER's word */
	void *buf;
	size_t len;
	size_t *lenp;
	const struct ptrap_spawn_args *spawn;
	long ret;		/* result: >= 0 or -errno */
	pid_t tid_out;
	int done;
};

/* Where a tracee is, as far as the tracer thread has seen. */
enum tracee_state {
	TRACEE_NEW,		/* attached/spawned, first stop not seen yet */
	TRACEE_RUNNING,
	TRACEE_STOPPED,		/* stop collected, not resumed since */
};

struct tracee {
	pid_t tid;
	pid_t tgid;
	uint64_t options;	/* the user's PTRAP_O_* */
	enum tracee_state state;
	unsigned int seized:1;
	unsigned int child:1;	/* forked by us: we must reap it */
	unsigned int detached:1;	/* a child we detached: reap only */
	unsigned int sigstop_pending:1;	/* a SIGSTOP of ours not yet seen */
	unsigned int closing:1;	/* close: waiting for it to stop or die */
	unsigned int siginfo_set:1;	/* SETSIGINFO since the stop */
	unsigned int stop_sysgood:1;	/* user's TRACESYSGOOD at the stop */
	uint32_t stop_kind;	/* PTRAP_STOP_* of the collected stop */
	int stop_sig;		/* its signal for PTRAP_STOP_SIGNAL */
	long last_nr;		/* number at the last syscall-enter-stop */
	/*
	 * The syscall filter (ptrap_set_syscall_filter()), emulated: the
	 * tracer resumes the syscalls it leaves out itself (stub_filter.c).
	 */
	uint64_t *filter;	/* NULL: none */
	size_t filter_bits;
	unsigned int user_mode;	/* PTRAP_RESUME_* of the user's last resume */
	int flt_state;		/* STUB_FLT_*: unreported stops to come */
	int memfd;		/* /proc/<tid>/mem, or -1 */
	/* A ptrap_spawn() whose exec has not been seen yet. */
	struct stub_req *spawn_req;
	int spawn_pipe;		/* read end of the error pipe, or -1 */
	int spawn_err;		/* errno the child reported, or 0 */
};

struct stub_record {
	struct stub_record *next;
	struct ptrap_stop stop;
};

struct stub_session {
	struct ptrap base;
	pthread_t thread;
	pid_t pid;		/* our process id */
	int efd;		/* eventfd: readable while records queue */

	pthread_mutex_t lock;	/* everything below */
	pthread_cond_t cond;	/* requests done; tracer start */
	pthread_cond_t wake;	/* the tracer naps on it: a request came */
	struct stub_req *req_head, **req_tail;
	struct stub_record *rec_head, **rec_tail;
	/*
	 * Bumped for every record queued, a futex word: ptrap_resume_wait()
	 * waits on it for a record of one tracee (@rec_waiters of them).
	 */
	uint32_t rec_gen;
	int rec_waiters;
	pid_t bell;		/* doorbell pid, or <= 0 */
	int bell_rung;		/* SIGUSR1 sent, its stop not collected */
	int in_wait;		/* the tracer is (about to be) in waitpid */
	int started;		/* tracer: 1 running, < 0 failed (-errno) */

	/* Owned by the tracer thread. */
	int bell_failures;	/* doorbells that died in a row */
	struct tracee **tracees;
	size_t ntracees, cap;
};

static inline struct stub_session *to_stub(const struct ptrap *p)
{
	return (struct stub_session *)p;
}

/*
 * stub_filter.c: the emulated syscall filter. A filtered-out syscall in
 * SYSCALL mode is resumed at its entry stop and its exit stop is taken
 * back (STUB_FLT_SKIP_EXIT). In SYSEMU mode the kernel has skipped it
 * already at its entry stop: it is issued again (the instruction pointer
 * back over the syscall instruction, rax its number) with PTRACE_SYSCALL,
 * which brings the skipped syscall's exit stop (STUB_FLT_REISSUE_EXIT),
 * the entry stop of the issued one (STUB_FLT_REISSUE_ENTRY) and its exit
 * stop (STUB_FLT_SKIP_EXIT), none reported.
 */
enum {
	STUB_FLT_NONE,
	STUB_FLT_SKIP_EXIT,
	STUB_FLT_REISSUE_EXIT,
	STUB_FLT_REISSUE_ENTRY,
};

/* @t stopped with record @r: 1 if the stop was consumed (resumed). */
int stub_filter_swallow(struct stub_session *s, struct tracee *t,
			const struct ptrap_stop *r);
/* Give @to a copy of @from's filter; 0 or -ENOMEM. */
int stub_filter_copy(struct tracee *to, const struct tracee *from);
long stub_filter_set(struct stub_session *s, struct stub_req *r);
long stub_filter_get(struct stub_session *s, struct stub_req *r);

/* stub_tracer.c */
void *stub_tracer_main(void *arg);
struct tracee *stub_tracee_find(struct stub_session *s, pid_t tid);
struct tracee *stub_tracee_add(struct stub_session *s, pid_t tid);
void stub_tracee_remove(struct stub_session *s, struct tracee *t);
void stub_req_complete(struct stub_session *s, struct stub_req *r, long ret);
pid_t stub_read_tgid(pid_t tid);

/*
 * stub_requests.c: run @r on the tracer thread and complete it (a spawn
 * completes later, when its exec is seen).
 */
void stub_do_request(struct stub_session *s, struct stub_req *r);

#endif /* LIBPTRAP_STUB_H */
