// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap_lifecycle: how traces end, written once against libptrap and run
 * under the two variants of FIXTURE(life) (ptrap_fixture.h): stub_pool,
 * real ptrace(2), the ground truth; module, /dev/ptrap.
 *
 *   kill    SIGKILL, from outside (kill(2)) and through ptrap_kill(), at
 *           every kind of stop: the final record is KILLED, status 9
 *           (with TRACEEXIT the EXIT event-stop comes first, message 9);
 *   close   closing the session in every state: without EXITKILL the
 *           tracee goes on as if untraced (a pending signal is delivered,
 *           a syscall stopped at its entry runs), with EXITKILL it dies of
 *           SIGKILL; seen by the tracee's real parent (a middle process,
 *           see struct mid) through waitid(2), and through pipes;
 *   threads every thread of a multi-threaded tracee has its own stops and
 *           its own final record; a leader that leaves first, exit_group
 *           from another thread, SIGKILL to the whole group;
 *   forks   a tracee that forks many children under TRACEFORK: each child
 *           reported once, no record lost or repeated.
 *
 * Statuses are compared bit for bit. Synchronisation is by pipes only
 * (and, where a case needs a thread to be a zombie first, by reading
 * /proc, never by sleeping); every wait is bounded (PT_TIMEOUT_MS).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/user.h>

#define PT_FIXTURE life
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

#define MAX_THREADS	4
#define NFORKS		20

/* ---- tracee programs of this suite: "--life-..." ---- */

/*
 * --life-threads N CFD GFD CODE TACT LACT: N threads (pthread), each writes
 * its tid (int64_t) to CFD and reads one byte (or EOF) from GFD, then
 * ends alone (TACT 0: exit(2), 0) or calls exit_group(CODE) (TACT 1).
 * The leader, once all are created: joins them, reads one more byte from
 * GFD and returns CODE (LACT 0), leaves alone by exit(2) with CODE
 * (LACT 1), or waits in pause() (LACT 2).
 */
#define TACT_EXIT	0
#define TACT_GROUP	1
#define LACT_JOIN	0
#define LACT_EXIT	1
#define LACT_WAIT	2

struct life_thr {
	int cfd, gfd, code, tact;
};

static void *life_thread(void *arg)
{
	struct life_thr *a = arg;
	int64_t me = syscall(SYS_gettid);
	char c;

	if (pt_write_all(a->cfd, &me, sizeof(me)))
		syscall(SYS_exit_group, 120);
	while (read(a->gfd, &c, 1) < 0 && errno == EINTR)
		;
	if (a->tact == TACT_GROUP)
		syscall(SYS_exit_group, a->code);
	/* Raw: glibc's last-thread exit(0) must not end the process. */
	syscall(SYS_exit, 0);
	return NULL;
}

static int life_threads(int argc, char **argv)
{
	pthread_t t[MAX_THREADS];
	struct life_thr a;
	int n, lact, i;

	if (argc < 8)
		return 124;
	n = atoi(argv[2]);
	a.cfd = atoi(argv[3]);
	a.gfd = atoi(argv[4]);
	a.code = atoi(argv[5]);
	a.tact = atoi(argv[6]);
	lact = atoi(argv[7]);
	if (n < 1 || n > MAX_THREADS)
		return 123;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, life_thread, &a))
			return 122;
	if (lact == LACT_EXIT)
		syscall(SYS_exit, a.code);
	if (lact == LACT_WAIT)
		for (;;)
			pause();
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	/* One more byte: the threads' ends are all reported before ours. */
	while (read(a.gfd, &i, 1) < 0 && errno == EINTR)
		;
	return a.code;
}

/*
 * --life-forks N CODE: fork(3) N children, the i-th exits at once with
 * CODE + i; reap them all in order; exit 0 if every status was right,
 * else 1.
 */
static int life_forks(int argc, char **argv)
{
	pid_t pids[64];
	int n, code, i, bad = 0;

	if (argc < 4)
		return 124;
	n = atoi(argv[2]);
	code = atoi(argv[3]);
	if (n < 1 || n > 64)
		return 123;
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return 122;
		if (pids[i] == 0)
			_exit(code + i);
	}
	for (i = 0; i < n; i++) {
		int st = 0;

		while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != code + i)
			bad = 1;
	}
	return bad;
}

/* --life-wait GFD CODE: read one byte (or EOF) from GFD, exit CODE. */
static int life_wait(int argc, char **argv)
{
	char c;

	if (argc < 4)
		return 124;
	pt_marker();
	while (read(atoi(argv[2]), &c, 1) < 0 && errno == EINTR)
		;
	return atoi(argv[3]);
}

static int life_usr1_fd = -1;

static void life_usr1(int sig)
{
	(void)sig;
	if (write(life_usr1_fd, "U", 1) != 1)
		_exit(119);
}

/* --life-handler WFD CODE: SIGUSR1 writes 'U' to WFD; raise it; exit CODE. */
static int life_handler(int argc, char **argv)
{
	struct sigaction sa;

	if (argc < 4)
		return 124;
	life_usr1_fd = atoi(argv[2]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = life_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	return atoi(argv[3]);
}

static int life_child_main(int argc, char **argv)
{
	if (argc < 2 || strncmp(argv[1], "--life-", 7))
		return -1;
	if (!strcmp(argv[1], "--life-threads"))
		return life_threads(argc, argv);
	if (!strcmp(argv[1], "--life-forks"))
		return life_forks(argc, argv);
	if (!strcmp(argv[1], "--life-wait"))
		return life_wait(argc, argv);
	if (!strcmp(argv[1], "--life-handler"))
		return life_handler(argc, argv);
	return 125;
}

/* ---- helpers ---- */

/* Spawn "--child-MODE" or "--life-MODE" with numbers (or descriptors). */
#define SPAWN_ARG(opts, mode, v) \
	spawn_mode(_metadata, self, (opts), (mode), 1, (int[]){ (v) }, 0)
#define SPAWN_FD2(opts, mode, fd1, fd2) \
	spawn_mode(_metadata, self, (opts), (mode), 2, \
		   (int[]){ (fd1), (fd2) }, 1)

/* SIGKILL @tid: through the session (@how 0) or with kill(2) (@how 1). */
static void sigkill(struct __test_metadata *_metadata, PT_DATA *self,
		    pid_t tid, int how)
{
	int r = how ? (kill(tid, SIGKILL) ? -errno : 0) :
		      ptrap_kill(self->p, tid);

	ASSERT_EQ(0, r) TH_LOG("%s: %s", how ? "kill" : "ptrap_kill",
			       strerror(-r));
}

/* @tid's next record is its end: @kind with @status. */
#define ASSERT_END(tid, kind, status) do { \
	struct ptrap_stop __e; \
	NEXT_OF((tid), __e); \
	ASSERT_STOP(__e, (kind), (status), (tid)); \
} while (0)

#define ASSERT_KILLED(tid) \
	ASSERT_END(tid, PTRAP_STOP_KILLED, ST_KILLED(SIGKILL))

/*
 * A tracee that is our grandchild: a middle process forks it, tells us its
 * pid, and reports its wait status once it has ended (without reaping it:
 * the pid stays taken until teardown kills the middle). The grandchild
 * waits for a byte on its go pipe, then executes this binary with @args.
 * Needed where a case must see how a tracee ended: for our own children,
 * the stub pool's tracer thread (in this process) reaps them.
 */
struct mid {
	pid_t pid;	/* the grandchild: the tracee */
	pid_t mid;
	int info;	/* from the middle: the pid, then the wait status */
	int go;		/* one 'x' lets the grandchild exec */
};

static void start_mid(struct __test_metadata *_metadata, PT_DATA *self,
		      char *const args[], const int *fds, int nfds,
		      struct mid *m)
{
	char *argv[12];
	int info[2], g[2], i;

	argv[0] = (char *)pt_self_exe();
	for (i = 0; args[i] && i < 10; i++)
		argv[1 + i] = args[i];
	argv[1 + i] = NULL;
	ASSERT_EQ(0, pipe2(info, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(g, O_CLOEXEC));
	m->mid = fork();
	ASSERT_LE(0, m->mid);
	if (m->mid == 0) {
		int fd, keep, status;
		pid_t pid;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (fd = 3; fd < 1024; fd++) {
			keep = fd == info[1] || fd == g[0];
			for (i = 0; i < nfds; i++)
				keep |= fd == fds[i];
			if (!keep)
				close(fd);
		}
		pid = fork();
		if (pid < 0)
			_exit(1);
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(info[1]);
			gated_exec(g[0], fds, nfds, argv);
		}
		close(g[0]);
		for (i = 0; i < nfds; i++)
			close(fds[i]);
		if (pt_write_all(info[1], &pid, sizeof(pid)))
			_exit(2);
		status = pt_end_status_nowait(pid);
		if (status < 0)
			_exit(3);
		if (pt_write_all(info[1], &status, sizeof(status)))
			_exit(4);
		for (;;)
			pause();
	}
	track_pid(self, m->mid);
	close(info[1]);
	close(g[0]);
	for (i = 0; i < nfds; i++)
		close_fd(self, fds[i]);
	m->info = track_fd(self, info[0]);
	m->go = track_fd(self, g[1]);
	ASSERT_EQ(sizeof(m->pid),
		  pt_read_full(m->info, &m->pid, sizeof(m->pid)));
	track_foreign(self, m->pid);
}

/* The grandchild's wait status, bounded: 0 or -ETIMEDOUT/-errno. */
static int mid_status(struct mid *m, int *status)
{
	return pt_read_status(m->info, status);
}

/*
 * start_mid(), then ATTACH with @opts (its SIGSTOP stop taken and
 * suppressed) and let it exec: it is left at its post-exec SIGTRAP stop,
 * as a spawned tracee.
 */
static void mid_attach(struct __test_metadata *_metadata, PT_DATA *self,
		       char *const args[], const int *fds, int nfds,
		       uint64_t opts, struct mid *m)
{
	struct ptrap_stop st;
	int r;

	start_mid(_metadata, self, args, fds, nfds, m);
	r = ptrap_attach(self->p, m->pid, opts);
	ASSERT_EQ(0, r) TH_LOG("ptrap_attach: %s", strerror(-r));
	NEXT_OF(m->pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), m->pid);
	ASSERT_EQ(0, ptrap_resume(self->p, m->pid, PTRAP_RESUME_CONT, 0));
	GO(m->go);
	NEXT_OF(m->pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), m->pid);
}

/* Close the session under test (teardown then closes nothing). */
static void close_session(PT_DATA *self)
{
	ptrap_close(self->p);
	self->p = NULL;
	self->nheld = 0;
}

/* The mid's tracee ended with @want (a wait status). */
#define ASSERT_MID_STATUS(m, want) do { \
	int __s = -1; \
	ASSERT_EQ(0, mid_status(&(m), &__s)); \
	ASSERT_EQ((int)(want), __s) TH_LOG("status %#x", __s); \
} while (0)

#define W_EXITED(code)	((code) << 8)
#define W_KILLED(sig)	(sig)

/* Argument strings for a tracee's numbers. */
struct nums {
	char s[8][16];
};

static char *num(struct nums *n, int i, long v)
{
	snprintf(n->s[i], sizeof(n->s[i]), "%ld", v);
	return n->s[i];
}

/* A case that is one call: @fn(_metadata, self, ...). */
#define CASE(name, fn, ...) \
TEST_F(life, name) \
{ \
	NEED_SESSION(); \
	fn(_metadata, self, __VA_ARGS__); \
}

/* ================= SIGKILL at every kind of stop ================= */

/*
 * A tracee brought to a stop: @tid is stopped there; @kid, if non-zero,
 * is a new child or thread of it that the case must see end as well
 * (@kid_thread: a thread of @tid, killed with it).
 */
struct at_stop {
	pid_t tid;
	pid_t kid;
	int kid_thread;
};

typedef void (*stop_fn)(struct __test_metadata *_metadata, PT_DATA *self,
			struct at_stop *s);

/* The post-exec SIGTRAP of a spawned tracee is its first stop. */
static void to_exec_sigtrap(struct __test_metadata *_metadata, PT_DATA *self,
			    struct at_stop *s)
{
	s->tid = SPAWN_ARG(0, "--child-exit", 0);
}

/* ATTACH's SIGSTOP stop of a running process. */
static void to_attach_stop(struct __test_metadata *_metadata, PT_DATA *self,
			   struct at_stop *s)
{
	struct ptrap_stop st;
	struct echo e;

	start_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_attach(self->p, e.pid, PTRAP_O_EXITKILL));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), e.pid);
	s->tid = e.pid;
}

/* A signal-delivery-stop for SIGUSR1. */
static void to_signal_stop(struct __test_metadata *_metadata, PT_DATA *self,
			   struct at_stop *s)
{
	struct ptrap_stop st;

	s->tid = SPAWN_ARG(0, "--child-raise", SIGUSR1);
	ASSERT_EQ(0, ptrap_resume(self->p, s->tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(s->tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), s->tid);
}

/* The syscall-enter-stop of getppid (the --child-spin marker). */
static void to_syscall_enter(struct __test_metadata *_metadata,
			     PT_DATA *self, struct at_stop *s)
{
	struct ptrap_stop st;

	s->tid = SPAWN_ARG(0, "--child-spin", 0);
	run_to_syscall(_metadata, self, s->tid, SYS_getppid, ST_SYSCALL, &st);
}

/* The syscall-exit-stop of that getppid. */
static void to_syscall_exit(struct __test_metadata *_metadata, PT_DATA *self,
			    struct at_stop *s)
{
	struct ptrap_stop st;

	to_syscall_enter(_metadata, self, s);
	ASSERT_EQ(0, ptrap_resume(self->p, s->tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(s->tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, s->tid);
	ASSERT_EQ(SYS_getppid, st.nr);
}

/* The EXEC event-stop of --child-exec. */
static void to_exec_event(struct __test_metadata *_metadata, PT_DATA *self,
			  struct at_stop *s)
{
	struct ptrap_stop st;

	s->tid = SPAWN_ARG(PTRAP_O_TRACEEXEC, "--child-exec", 6);
	ASSERT_EQ(0, ptrap_resume(self->p, s->tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(s->tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, s->tid, s->tid);
}

/*
 * --child-fork @how under @opts, spawned and resumed; its creator's event
 * @ev taken: the creator stopped there, the new one is @s->kid.
 */
static void to_creator_event(struct __test_metadata *_metadata,
			     PT_DATA *self, const char *how, uint64_t opts,
			     int ev, struct at_stop *s)
{
	struct nums n;
	char *args[] = { "--child-fork", (char *)how, NULL, NULL, NULL, NULL,
			 NULL };
	struct ptrap_stop st;
	int c[2], r[2], g[2];

	mkpipe(_metadata, self, c);
	mkpipe(_metadata, self, r);
	mkpipe(_metadata, self, g);
	args[2] = num(&n, 0, 4);
	args[3] = num(&n, 1, c[1]);
	args[4] = num(&n, 2, r[1]);
	args[5] = num(&n, 3, g[0]);
	s->tid = spawn_args(_metadata, self, opts, args,
			    (int[]){ c[1], r[1], g[0] }, 3);
	ASSERT_EQ(0, ptrap_resume(self->p, s->tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(s->tid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVENT(ev), s->tid);
	s->kid = (pid_t)st.msg;
	ASSERT_LT(0, s->kid) TH_LOG(REC_FMT, REC_ARGS(st));
	track_foreign(self, s->kid);
}

static void to_fork_event(struct __test_metadata *_metadata, PT_DATA *self,
			  struct at_stop *s)
{
	to_creator_event(_metadata, self, "fork", PTRAP_O_TRACEFORK,
			 PTRAP_EVENT_FORK, s);
}

static void to_clone_event(struct __test_metadata *_metadata, PT_DATA *self,
			   struct at_stop *s)
{
	to_creator_event(_metadata, self, "thread", PTRAP_O_TRACECLONE,
			 PTRAP_EVENT_CLONE, s);
	s->kid_thread = 1;
}

/*
 * The VFORK_DONE event-stop: the vfork child is let run and end first
 * (taking the child's first stop before the creator's VFORK event, which
 * the module reports only once the child has let go of the memory).
 */
static void to_vforkdone_event(struct __test_metadata *_metadata,
			       PT_DATA *self, struct at_stop *s)
{
	struct nums n;
	char *args[] = { "--child-fork", "vfork", NULL, NULL, NULL, NULL,
			 NULL };
	struct ptrap_stop st;
	int c[2], r[2], g[2];
	int64_t hello = 0;
	pid_t kid = 0;

	mkpipe(_metadata, self, c);
	mkpipe(_metadata, self, r);
	mkpipe(_metadata, self, g);
	args[2] = num(&n, 0, 4);
	args[3] = num(&n, 1, c[1]);
	args[4] = num(&n, 2, r[1]);
	args[5] = num(&n, 3, g[0]);
	s->tid = spawn_args(_metadata, self, PTRAP_O_TRACEVFORK |
			    PTRAP_O_TRACEVFORKDONE, args,
			    (int[]){ c[1], r[1], g[0] }, 3);
	ASSERT_EQ(0, ptrap_resume(self->p, s->tid, PTRAP_RESUME_CONT, 0));
	/* The first record of another tid: the child's SIGSTOP stop. */
	while (!kid) {
		int e = wait_rec(self->p, &st, PT_TIMEOUT_MS);

		ASSERT_EQ(0, e) TH_LOG("no record: %s", strerror(-e));
		if (st.tid == s->tid) {
			ASSERT_GT(MAX_HELD, self->nheld);
			self->held[self->nheld++] = st;
			continue;
		}
		ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), st.tid);
		kid = st.tid;
	}
	track_foreign(self, kid);
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(sizeof(hello), pt_read_full(c[0], &hello, sizeof(hello)));
	ASSERT_EQ(kid, hello);
	ASSERT_EQ(0, pt_write_all(g[1], "g", 1));
	ASSERT_END(kid, PTRAP_STOP_EXITED, ST_EXIT(4));
	NEXT_OF(s->tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_VFORK, s->tid, kid);
	ASSERT_EQ(0, ptrap_resume(self->p, s->tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(s->tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_VFORK_DONE, s->tid, kid);
}

/* A seized echo child stopped by INTERRUPT (PTRACE_EVENT_STOP). */
static void to_interrupt_stop(struct __test_metadata *_metadata,
			      PT_DATA *self, struct at_stop *s)
{
	struct ptrap_stop st;
	struct echo e;

	start_echo(_metadata, self, &e, 0);
	seize(_metadata, self, e.pid, 0);
	ASSERT_EQ(0, echo_rt(&e, 'i'));
	ASSERT_EQ(0, interrupt(_metadata, self, e.pid));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP, e.pid);
	s->tid = e.pid;
}

/* A seized echo child, running (blocked in read()). */
static void to_running(struct __test_metadata *_metadata, PT_DATA *self,
		       struct at_stop *s)
{
	struct echo e;

	start_echo(_metadata, self, &e, 0);
	seize(_metadata, self, e.pid, 0);
	ASSERT_EQ(0, echo_rt(&e, 'r'));
	s->tid = e.pid;
}

/*
 * Bring a tracee to a stop with @to, SIGKILL it (@how: ptrap_kill() or
 * kill(2)): its next and last record is KILLED, status 9. A new thread
 * dies with it (its SIGSTOP stop may come first); a new child process is
 * not touched: its first stop comes all the same, then it is killed.
 */
static void kill_case(struct __test_metadata *_metadata, PT_DATA *self,
		      stop_fn to, int how)
{
	struct at_stop s = { 0 };
	struct ptrap_stop st;

	to(_metadata, self, &s);
	sigkill(_metadata, self, s.tid, how);
	if (s.kid && s.kid_thread) {
		NEXT_OF(s.kid, st);
		if (st.kind == PTRAP_STOP_SIGNAL) {
			NEXT_OF(s.kid, st);
		}
		ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGKILL), s.kid);
	}
	ASSERT_KILLED(s.tid);
	if (s.kid && !s.kid_thread) {
		NEXT_OF(s.kid, st);
		ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), s.kid);
		ASSERT_EQ(0, ptrap_kill(self->p, s.kid));
		ASSERT_KILLED(s.kid);
	}
	NO_REC();
	/* Gone: no request finds it. */
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, s.tid, PTRAP_RESUME_CONT, 0));
}

#define KILL_CASES(stop) \
	CASE(ptrap_kill_at_##stop, kill_case, to_##stop, 0) \
	CASE(sigkill_at_##stop, kill_case, to_##stop, 1)

KILL_CASES(exec_sigtrap)
KILL_CASES(attach_stop)
KILL_CASES(signal_stop)
KILL_CASES(syscall_enter)
KILL_CASES(syscall_exit)
KILL_CASES(exec_event)
KILL_CASES(fork_event)
KILL_CASES(clone_event)
KILL_CASES(vforkdone_event)
KILL_CASES(interrupt_stop)
KILL_CASES(running)

/*
 * With TRACEEXIT, SIGKILL at a stop leads to the EXIT event-stop first,
 * message 9 (the status it will die with), then KILLED.
 */
static void kill_traceexit_case(struct __test_metadata *_metadata,
				PT_DATA *self, stop_fn to, int how)
{
	struct at_stop s = { 0 };
	struct ptrap_stop st;

	to(_metadata, self, &s);
	set_opts(_metadata, self, s.tid, PTRAP_O_TRACEEXIT);
	sigkill(_metadata, self, s.tid, how);
	NEXT_OF(s.tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, s.tid, SIGKILL);
	ASSERT_EVENTMSG(s.tid, SIGKILL);
	cont_to_end(_metadata, self, s.tid, PTRAP_STOP_KILLED,
		    ST_KILLED(SIGKILL));
	NO_REC();
}

CASE(traceexit_ptrap_kill_at_syscall_enter, kill_traceexit_case,
     to_syscall_enter, 0)

CASE(traceexit_sigkill_at_syscall_exit, kill_traceexit_case,
     to_syscall_exit, 1)

CASE(traceexit_sigkill_at_signal_stop, kill_traceexit_case,
     to_signal_stop, 1)

CASE(traceexit_ptrap_kill_at_interrupt_stop, kill_traceexit_case,
     to_interrupt_stop, 0)

/*
 * A signal-delivery-stop resumed with SIGKILL under TRACEEXIT: the EXIT
 * event-stop, message 9, then KILLED.
 */
TEST_F(life, traceexit_resume_with_sigkill)
{
	struct at_stop s = { 0 };
	struct ptrap_stop st;

	NEED_SESSION();
	to_signal_stop(_metadata, self, &s);
	set_opts(_metadata, self, s.tid, PTRAP_O_TRACEEXIT);
	ASSERT_EQ(0, ptrap_resume(self->p, s.tid, PTRAP_RESUME_CONT, SIGKILL));
	NEXT_OF(s.tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, s.tid, SIGKILL);
	cont_to_end(_metadata, self, s.tid, PTRAP_STOP_KILLED,
		    ST_KILLED(SIGKILL));
	NO_REC();
}

/*
 * SIGKILL at the EXIT event-stop of a death by SIGTERM: the process is in
 * its group exit already, the SIGKILL is dropped, it dies of SIGTERM.
 */
TEST_F(life, sigkill_at_exit_event_of_signal_death)
{
	struct at_stop s = { 0 };
	struct ptrap_stop st;

	NEED_SESSION();
	to_signal_stop(_metadata, self, &s);
	set_opts(_metadata, self, s.tid, PTRAP_O_TRACEEXIT);
	ASSERT_EQ(0, ptrap_resume(self->p, s.tid, PTRAP_RESUME_CONT, SIGTERM));
	NEXT_OF(s.tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, s.tid, SIGTERM);
	ASSERT_EQ(0, kill(s.tid, SIGKILL));
	EXPECT_EQ(0, pt_poll1(ptrap_fd(self->p), POLLIN, 50));
	NO_REC();
	ASSERT_EVENTMSG(s.tid, SIGTERM);
	cont_to_end(_metadata, self, s.tid, PTRAP_STOP_KILLED,
		    ST_KILLED(SIGTERM));
	NO_REC();
}

/* ================= closing the session ================= */

/*
 * A --child-write tracee of a middle process, attached with @opts and
 * left at its post-exec stop; *@data is the read end of its write pipe,
 * *@rep that of its report pipe.
 */
static void mid_writer(struct __test_metadata *_metadata, PT_DATA *self,
		       uint64_t opts, struct mid *m, int *data, int *rep)
{
	struct nums n;
	char *args[] = { "--child-write", NULL, NULL, NULL };
	int w[2], r[2];

	mkpipe(_metadata, self, w);
	mkpipe(_metadata, self, r);
	args[1] = num(&n, 0, w[1]);
	args[2] = num(&n, 1, r[1]);
	mid_attach(_metadata, self, args, (int[]){ w[1], r[1] }, 2, opts, m);
	*data = w[0];
	*rep = r[0];
}

/* The writer ran its write() (and the rest): "hello", n 5, exit 0. */
static void writer_ran(struct __test_metadata *_metadata, struct mid *m,
		       int data, int rep)
{
	struct pt_write_report wr;
	char buf[8] = { 0 };

	ASSERT_EQ(5, pt_read_full(data, buf, 5));
	EXPECT_STREQ("hello", buf);
	ASSERT_EQ(sizeof(wr), pt_read_full(rep, &wr, sizeof(wr)));
	EXPECT_EQ(5, wr.n);
	EXPECT_EQ(m->mid, wr.ppid);
	ASSERT_MID_STATUS(*m, W_EXITED(0));
}

/* Run the writer to its write()'s entry stop (@exit_too: to its exit). */
static void writer_to_write(struct __test_metadata *_metadata, PT_DATA *self,
			    struct mid *m, int exit_too)
{
	struct ptrap_stop st;

	run_to_syscall(_metadata, self, m->pid, SYS_write, ST_SYSCALL, &st);
	EXPECT_EQ(5, st.args[2]);
	if (!exit_too)
		return;
	ASSERT_EQ(0, ptrap_resume(self->p, m->pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(m->pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, m->pid);
	EXPECT_EQ(5, st.retval);
}

/* Where a --child-write tracee is when the session closes. */
enum writer_at {
	AT_EXEC_SIGTRAP,	/* its post-exec stop */
	AT_WRITE_ENTER,		/* write()'s syscall-enter-stop */
	AT_WRITE_EXIT,		/* write()'s syscall-exit-stop */
	AT_UNREAD,		/* a syscall-enter-stop queued, not read */
};

/*
 * Close the session with a --child-write tracee (with @opts) where @at
 * says. Without EXITKILL it runs on as if untraced: its write() is done
 * (once) and returns 5. With EXITKILL it dies of SIGKILL; it wrote
 * "hello" only if it was past its write().
 */
static void writer_close_case(struct __test_metadata *_metadata,
			      PT_DATA *self, uint64_t opts, enum writer_at at)
{
	char buf[8] = { 0 };
	size_t junk = 0;
	struct mid m;
	int data, rep;

	mid_writer(_metadata, self, opts, &m, &data, &rep);
	if (at == AT_WRITE_ENTER || at == AT_WRITE_EXIT)
		writer_to_write(_metadata, self, &m, at == AT_WRITE_EXIT);
	if (at == AT_UNREAD) {
		ASSERT_EQ(0, ptrap_resume(self->p, m.pid, PTRAP_RESUME_SYSCALL,
					  0));
		ASSERT_EQ(1, pt_poll1(ptrap_fd(self->p), POLLIN,
				      PT_TIMEOUT_MS));
	}
	close_session(self);
	if (!(opts & PTRAP_O_EXITKILL)) {
		writer_ran(_metadata, &m, data, rep);
		return;
	}
	ASSERT_MID_STATUS(m, W_KILLED(SIGKILL));
	if (at == AT_WRITE_EXIT) {
		ASSERT_EQ(5, pt_read_full(data, buf, 5));
		EXPECT_STREQ("hello", buf);
	}
	ASSERT_EQ(0, pt_wait_eof(data, &junk));
	EXPECT_EQ(0, junk);
	/* The report never was. */
	ASSERT_EQ(0, pt_wait_eof(rep, &junk));
	EXPECT_EQ(0, junk);
}

#define WRITER_CLOSE_CASE(name, opts, at) \
	CASE(name, writer_close_case, (opts), (at))

WRITER_CLOSE_CASE(close_at_exec_sigtrap_runs_on, 0, AT_EXEC_SIGTRAP)
WRITER_CLOSE_CASE(close_at_syscall_enter_runs_syscall, 0, AT_WRITE_ENTER)
WRITER_CLOSE_CASE(close_at_syscall_exit_keeps_retval, 0, AT_WRITE_EXIT)
WRITER_CLOSE_CASE(close_with_unread_record, 0, AT_UNREAD)
WRITER_CLOSE_CASE(close_exitkill_at_exec_sigtrap, PTRAP_O_EXITKILL,
		  AT_EXEC_SIGTRAP)
WRITER_CLOSE_CASE(close_exitkill_at_syscall_enter, PTRAP_O_EXITKILL,
		  AT_WRITE_ENTER)
WRITER_CLOSE_CASE(close_exitkill_at_syscall_exit, PTRAP_O_EXITKILL,
		  AT_WRITE_EXIT)
WRITER_CLOSE_CASE(close_exitkill_with_unread_record, PTRAP_O_EXITKILL,
		  AT_UNREAD)

/* A --child-raise SIG tracee of a middle process at its signal stop. */
static void mid_raiser(struct __test_metadata *_metadata, PT_DATA *self,
		       int sig, uint64_t opts, struct mid *m)
{
	struct nums n;
	char *args[] = { "--child-raise", NULL, NULL };
	struct ptrap_stop st;

	args[1] = num(&n, 0, sig);
	mid_attach(_metadata, self, args, NULL, 0, opts, m);
	ASSERT_EQ(0, ptrap_resume(self->p, m->pid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(m->pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(sig), m->pid);
}

/* Closed at a signal-delivery-stop: the signal is delivered (and kills). */
TEST_F(life, close_at_signal_stop_delivers)
{
	struct mid m;

	NEED_SESSION();
	mid_raiser(_metadata, self, SIGUSR1, 0, &m);
	close_session(self);
	ASSERT_MID_STATUS(m, W_KILLED(SIGUSR1));
}

TEST_F(life, close_exitkill_at_signal_stop)
{
	struct mid m;

	NEED_SESSION();
	mid_raiser(_metadata, self, SIGUSR1, PTRAP_O_EXITKILL, &m);
	close_session(self);
	ASSERT_MID_STATUS(m, W_KILLED(SIGKILL));
}

/* Closed at a signal-delivery-stop: the tracee's handler runs. */
TEST_F(life, close_at_signal_stop_runs_handler)
{
	struct ptrap_stop st;
	struct nums n;
	char *args[] = { "--life-handler", NULL, NULL, NULL };
	struct mid m;
	int w[2];
	char c = 0;

	NEED_SESSION();
	mkpipe(_metadata, self, w);
	args[1] = num(&n, 0, w[1]);
	args[2] = num(&n, 1, 8);
	mid_attach(_metadata, self, args, (int[]){ w[1] }, 1, 0, &m);
	ASSERT_EQ(0, ptrap_resume(self->p, m.pid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(m.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), m.pid);
	close_session(self);
	ASSERT_EQ(1, pt_read_full(w[0], &c, 1));
	EXPECT_EQ('U', c);
	ASSERT_MID_STATUS(m, W_EXITED(8));
}

/*
 * A --life-wait tracee of a middle process (attached; @opts); *@go is
 * the write end of the pipe it waits on to exit with @code.
 */
static void mid_waiter(struct __test_metadata *_metadata, PT_DATA *self,
		       uint64_t opts, int code, struct mid *m, int *go)
{
	struct nums n;
	char *args[] = { "--life-wait", NULL, NULL, NULL };
	int g[2];

	mkpipe(_metadata, self, g);
	args[1] = num(&n, 0, g[0]);
	args[2] = num(&n, 1, code);
	mid_attach(_metadata, self, args, (int[]){ g[0] }, 1, opts, m);
	*go = g[1];
}

TEST_F(life, close_running_runs_on)
{
	struct ptrap_stop st;
	struct mid m;
	int go;

	NEED_SESSION();
	mid_waiter(_metadata, self, 0, 9, &m, &go);
	/* Past its marker: blocked in read() (or on its way there). */
	run_to_syscall(_metadata, self, m.pid, SYS_getppid, ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, m.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, wait_proc_syscall(m.pid, SYS_read));
	close_session(self);
	ASSERT_EQ(0, pt_write_all(go, "q", 1));
	ASSERT_MID_STATUS(m, W_EXITED(9));
}

/* Closed at ATTACH's SIGSTOP stop: it runs on, as if never stopped. */
TEST_F(life, close_at_attach_stop_runs_on)
{
	struct ptrap_stop st;
	char *args[] = { "--child-exit", "6", NULL };
	struct mid m;

	NEED_SESSION();
	start_mid(_metadata, self, args, NULL, 0, &m);
	ASSERT_EQ(0, ptrap_attach(self->p, m.pid, 0));
	NEXT_OF(m.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), m.pid);
	close_session(self);
	GO(m.go);
	ASSERT_MID_STATUS(m, W_EXITED(6));
}

TEST_F(life, close_exitkill_at_attach_stop_unread)
{
	char *args[] = { "--child-exit", "6", NULL };
	struct mid m;

	NEED_SESSION();
	start_mid(_metadata, self, args, NULL, 0, &m);
	ASSERT_EQ(0, ptrap_attach(self->p, m.pid, PTRAP_O_EXITKILL));
	ASSERT_EQ(1, pt_poll1(ptrap_fd(self->p), POLLIN, PT_TIMEOUT_MS));
	close_session(self);
	ASSERT_MID_STATUS(m, W_KILLED(SIGKILL));
}

/* Closed at the EXEC event-stop: the new program runs. */
TEST_F(life, close_at_exec_event_runs_on)
{
	struct ptrap_stop st;
	char *args[] = { "--child-exec", "7", NULL };
	struct mid m;

	NEED_SESSION();
	mid_attach(_metadata, self, args, NULL, 0, 0, &m);
	ASSERT_EQ(0, ptrap_setoptions(self->p, m.pid, PTRAP_O_TRACEEXEC));
	ASSERT_EQ(0, ptrap_resume(self->p, m.pid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(m.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, m.pid, m.pid);
	close_session(self);
	ASSERT_MID_STATUS(m, W_EXITED(7));
}

/*
 * Closed at the EXIT event-stop of exit(5): it exits with its own status,
 * EXITKILL or not (its group exit has begun: a SIGKILL is dropped).
 */
static void close_at_exit_event(struct __test_metadata *_metadata,
				PT_DATA *self, uint64_t opts)
{
	struct ptrap_stop st;
	char *args[] = { "--child-exit", "5", NULL };
	struct mid m;

	mid_attach(_metadata, self, args, NULL, 0, PTRAP_O_TRACEEXIT | opts,
		   &m);
	ASSERT_EQ(0, ptrap_resume(self->p, m.pid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(m.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, m.pid, W_EXITED(5));
	close_session(self);
	ASSERT_MID_STATUS(m, W_EXITED(5));
}

CASE(close_at_exit_event_exits, close_at_exit_event, 0)

TEST_F(life, close_exitkill_at_exit_event)
{
	NEED_SESSION();
	close_at_exit_event(_metadata, self, PTRAP_O_EXITKILL);
}

/* Closed at an INTERRUPT stop of a seized tracee: it runs on. */
TEST_F(life, close_at_interrupt_stop_runs_on)
{
	struct ptrap_stop st;
	struct nums n;
	char *args[] = { "--life-wait", NULL, NULL, NULL };
	struct mid m;
	int g[2];

	NEED_SESSION();
	mkpipe(_metadata, self, g);
	args[1] = num(&n, 0, g[0]);
	args[2] = num(&n, 1, 12);
	start_mid(_metadata, self, args, (int[]){ g[0] }, 1, &m);
	ASSERT_EQ(0, ptrap_seize(self->p, m.pid, 0));
	ASSERT_EQ(0, interrupt(_metadata, self, m.pid));
	NEXT_OF(m.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP, m.pid);
	close_session(self);
	GO(m.go);
	ASSERT_EQ(0, pt_write_all(g[1], "q", 1));
	ASSERT_MID_STATUS(m, W_EXITED(12));
}

/*
 * Several tracees in different states when the session closes: none is
 * left parked, each goes on (or, with EXITKILL, dies).
 */
TEST_F(life, close_many_none_parked)
{
	struct mid a, b, c, d;
	int da, ra, db, rb, go;

	NEED_SESSION();
	mid_writer(_metadata, self, 0, &a, &da, &ra);
	mid_writer(_metadata, self, 0, &b, &db, &rb);
	writer_to_write(_metadata, self, &b, 0);
	mid_raiser(_metadata, self, SIGUSR2, 0, &c);
	mid_waiter(_metadata, self, PTRAP_O_EXITKILL, 4, &d, &go);
	ASSERT_EQ(0, ptrap_resume(self->p, d.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, wait_proc_syscall(d.pid, SYS_read));
	NO_REC();
	close_session(self);
	writer_ran(_metadata, &a, da, ra);
	writer_ran(_metadata, &b, db, rb);
	ASSERT_MID_STATUS(c, W_KILLED(SIGUSR2));
	ASSERT_MID_STATUS(d, W_KILLED(SIGKILL));
}

/* ================= multi-threaded tracees ================= */

/* A --life-threads tracee, its threads auto-attached (TRACECLONE). */
struct thr {
	pid_t tid;		/* the leader */
	int n;
	pid_t kid[MAX_THREADS];	/* in creation order */
	int hello;		/* their tids */
	int go;			/* one byte lets one thread go on */
};

/*
 * Spawn --life-threads with @n threads under TRACECLONE | @opts; take
 * every CLONE event and every thread's first stop (SIGSTOP, tgid the
 * leader's). Unless @hold, resume the threads and read their hellos:
 * they are blocked on the go pipe, the leader is running to @lact.
 * With @hold, the threads are left at their first stop, the leader runs.
 */
static void start_threads(struct __test_metadata *_metadata, PT_DATA *self,
			  int n, int code, int tact, int lact, uint64_t opts,
			  int hold, struct thr *t)
{
	struct nums nm;
	char *args[] = { "--life-threads", NULL, NULL, NULL, NULL, NULL,
			 NULL, NULL };
	struct ptrap_stop st;
	int c[2], g[2], i, j;

	mkpipe(_metadata, self, c);
	mkpipe(_metadata, self, g);
	args[1] = num(&nm, 0, n);
	args[2] = num(&nm, 1, c[1]);
	args[3] = num(&nm, 2, g[0]);
	args[4] = num(&nm, 3, code);
	args[5] = num(&nm, 4, tact);
	args[6] = num(&nm, 5, lact);
	t->n = n;
	t->hello = c[0];
	t->go = g[1];
	t->tid = spawn_args(_metadata, self, PTRAP_O_TRACECLONE | opts, args,
			    (int[]){ c[1], g[0] }, 2);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(0, ptrap_resume(self->p, t->tid, PTRAP_RESUME_CONT,
					  0));
		NEXT_OF(t->tid, st);
		ASSERT_EVENT(st, PTRAP_EVENT_CLONE, t->tid, st.msg);
		t->kid[i] = (pid_t)st.msg;
		ASSERT_LT(0, t->kid[i]);
		track_foreign(self, t->kid[i]);
		NEXT_OF(t->kid[i], st);
		ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), t->kid[i]);
		EXPECT_EQ(t->tid, st.tgid);
		for (j = 0; j < i; j++)
			ASSERT_NE(t->kid[j], t->kid[i]);
	}
	ASSERT_EQ(0, ptrap_resume(self->p, t->tid, PTRAP_RESUME_CONT, 0));
	if (hold)
		return;
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, ptrap_resume(self->p, t->kid[i],
					  PTRAP_RESUME_CONT, 0));
	for (i = 0; i < n; i++) {
		int64_t h = 0;
		int found = 0;

		ASSERT_EQ(sizeof(h), pt_read_full(t->hello, &h, sizeof(h)));
		for (j = 0; j < n; j++)
			found += t->kid[j] == h;
		ASSERT_EQ(1, found) TH_LOG("hello from %lld", (long long)h);
	}
}

/* Let @k threads go on (one byte each). */
static void threads_go(struct __test_metadata *_metadata, struct thr *t,
		       int k)
{
	while (k--)
		ASSERT_EQ(0, pt_write_all(t->go, "g", 1));
}

/*
 * Wait (bounded, without sleeping) until /proc says @pid is a zombie
 * ('Z'), its threads still alive or not.
 */
static int wait_zombie(pid_t pid)
{
	long end = pt_now_ms() + PT_TIMEOUT_MS;
	char path[64], buf[512], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	while (pt_now_ms() < end) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			p = strrchr(buf, ')');
			if (p && p[1] == ' ' && p[2] == 'Z')
				return 0;
		}
		sched_yield();
	}
	return -ETIMEDOUT;
}

/* Every thread is auto-attached: its own CLONE event, its own first stop. */
TEST_F(life, threads_auto_attached)
{
	struct thr t;
	int i;

	NEED_SESSION();
	start_threads(_metadata, self, 3, 2, TACT_EXIT, LACT_JOIN, 0, 0, &t);
	threads_go(_metadata, &t, 3);
	/* Each thread ends alone, exit(2) with 0; then the leader, 2. */
	for (i = 0; i < 3; i++)
		ASSERT_END(t.kid[i], PTRAP_STOP_EXITED, ST_EXIT(0));
	NO_REC();
	threads_go(_metadata, &t, 1);
	ASSERT_END(t.tid, PTRAP_STOP_EXITED, ST_EXIT(2));
	NO_REC();
}

/* Two threads in syscall stops at once, each reported with its own tid. */
TEST_F(life, threads_syscall_stops_at_once)
{
	struct ptrap_stop s0, s1, st;
	struct thr t;
	int64_t h;
	int i;

	NEED_SESSION();
	start_threads(_metadata, self, 2, 0, TACT_EXIT, LACT_JOIN, 0, 1, &t);
	run_to_syscall(_metadata, self, t.kid[0], SYS_write, ST_SYSCALL, &s0);
	run_to_syscall(_metadata, self, t.kid[1], SYS_write, ST_SYSCALL, &s1);
	/* Both stopped at write()'s entry now, nothing else to report. */
	NO_REC();
	EXPECT_EQ(t.tid, s0.tgid);
	EXPECT_EQ(t.tid, s1.tgid);
	EXPECT_EQ(s0.args[0], s1.args[0]);
	EXPECT_EQ(sizeof(h), s0.args[2]);
	EXPECT_EQ(sizeof(h), s1.args[2]);
	EXPECT_EQ(-EAGAIN, (int)pt_read_now(t.hello, &h, sizeof(h)));
	/* The second first: its exit stop, its own tid. */
	for (i = 1; i >= 0; i--) {
		ASSERT_EQ(0, ptrap_resume(self->p, t.kid[i],
					  PTRAP_RESUME_SYSCALL, 0));
		NEXT_OF(t.kid[i], st);
		ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, t.kid[i]);
		EXPECT_EQ(sizeof(h), st.retval);
		ASSERT_EQ(sizeof(h), pt_read_full(t.hello, &h, sizeof(h)));
		EXPECT_EQ(t.kid[i], h);
	}
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, ptrap_resume(self->p, t.kid[i],
					  PTRAP_RESUME_CONT, 0));
	threads_go(_metadata, &t, 2);
	for (i = 0; i < 2; i++)
		ASSERT_END(t.kid[i], PTRAP_STOP_EXITED, ST_EXIT(0));
	threads_go(_metadata, &t, 1);
	ASSERT_END(t.tid, PTRAP_STOP_EXITED, ST_EXIT(0));
	NO_REC();
}

/*
 * Let one of @t's two threads go on: it ends alone (which one is the
 * scheduler's choice), EXITED with 0, the only record there is; then let
 * the other go on too. Returns the other's index.
 */
static int one_of_two_ends(struct __test_metadata *_metadata, PT_DATA *self,
			   struct thr *t)
{
	struct ptrap_stop st;
	int e;

	threads_go(_metadata, t, 1);
	e = wait_rec(self->p, &st, PT_TIMEOUT_MS);
	ASSERT_EQ(0, e) TH_LOG("no record: %s", strerror(-e));
	ASSERT_TRUE(st.tid == t->kid[0] || st.tid == t->kid[1])
		TH_LOG(REC_FMT, REC_ARGS(st));
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), st.tid);
	EXPECT_EQ(t->tid, st.tgid);
	NO_REC();
	threads_go(_metadata, t, 1);
	return st.tid == t->kid[0] ? 1 : 0;
}

/* A non-leader thread ends alone: its EXITED record, status 0. */
TEST_F(life, thread_exit_record)
{
	struct thr t;
	int i;

	NEED_SESSION();
	start_threads(_metadata, self, 2, 3, TACT_EXIT, LACT_JOIN, 0, 0, &t);
	i = one_of_two_ends(_metadata, self, &t);
	ASSERT_END(t.kid[i], PTRAP_STOP_EXITED, ST_EXIT(0));
	threads_go(_metadata, &t, 1);
	ASSERT_END(t.tid, PTRAP_STOP_EXITED, ST_EXIT(3));
	NO_REC();
}

/* The same with TRACEEXIT: the thread's EXIT event-stop, message 0. */
TEST_F(life, thread_exit_event)
{
	struct ptrap_stop st;
	struct thr t;
	pid_t k;

	NEED_SESSION();
	start_threads(_metadata, self, 1, 3, TACT_EXIT, LACT_JOIN,
		      PTRAP_O_TRACEEXIT, 0, &t);
	k = t.kid[0];
	threads_go(_metadata, &t, 1);
	NEXT_OF(k, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, k, 0);
	cont_to_end(_metadata, self, k, PTRAP_STOP_EXITED, ST_EXIT(0));
	threads_go(_metadata, &t, 1);
	NEXT_OF(t.tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.tid, W_EXITED(3));
	CONT_TO_EXIT(t.tid, 3);
	NO_REC();
}

/*
 * The leader leaves by exit(2) with 5 while its threads live: nothing is
 * reported for it until the last thread has ended; then its EXITED
 * record, with the status of the last thread to end (0), not its own.
 */
TEST_F(life, leader_exit_reported_last)
{
	struct thr t;
	int i;

	NEED_SESSION();
	start_threads(_metadata, self, 2, 5, TACT_EXIT, LACT_EXIT, 0, 0, &t);
	ASSERT_EQ(0, wait_zombie(t.tid));
	NO_REC_OF(t.tid);
	i = one_of_two_ends(_metadata, self, &t);
	ASSERT_END(t.kid[i], PTRAP_STOP_EXITED, ST_EXIT(0));
	ASSERT_END(t.tid, PTRAP_STOP_EXITED, ST_EXIT(0));
	NO_REC();
}

/* With TRACEEXIT the leader's EXIT event comes at once, message its code. */
TEST_F(life, leader_exit_event_at_once)
{
	struct ptrap_stop st;
	struct thr t;

	NEED_SESSION();
	start_threads(_metadata, self, 1, 5, TACT_EXIT, LACT_EXIT,
		      PTRAP_O_TRACEEXIT, 0, &t);
	NEXT_OF(t.tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.tid, W_EXITED(5));
	ASSERT_EQ(0, ptrap_resume(self->p, t.tid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, wait_zombie(t.tid));
	NO_REC_OF(t.tid);
	threads_go(_metadata, &t, 1);
	NEXT_OF(t.kid[0], st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.kid[0], 0);
	cont_to_end(_metadata, self, t.kid[0], PTRAP_STOP_EXITED, ST_EXIT(0));
	/* As above: the last thread's status. */
	ASSERT_END(t.tid, PTRAP_STOP_EXITED, ST_EXIT(0));
	NO_REC();
}

/*
 * exit_group() from a non-leader thread: every thread's final record is
 * EXITED with the group's code; the leader's comes last.
 */
TEST_F(life, group_exit_from_thread)
{
	struct thr t;
	int i;

	NEED_SESSION();
	start_threads(_metadata, self, 3, 13, TACT_GROUP, LACT_WAIT, 0, 0,
		      &t);
	threads_go(_metadata, &t, 1);
	for (i = 0; i < 3; i++)
		ASSERT_END(t.kid[i], PTRAP_STOP_EXITED, ST_EXIT(13));
	ASSERT_END(t.tid, PTRAP_STOP_EXITED, ST_EXIT(13));
	NO_REC();
}

/* The same with TRACEEXIT: every thread's EXIT event first. */
TEST_F(life, group_exit_from_thread_events)
{
	struct ptrap_stop st;
	struct thr t;
	int i;

	NEED_SESSION();
	start_threads(_metadata, self, 2, 13, TACT_GROUP, LACT_WAIT,
		      PTRAP_O_TRACEEXIT, 0, &t);
	threads_go(_metadata, &t, 1);
	for (i = 0; i < 2; i++) {
		NEXT_OF(t.kid[i], st);
		ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.kid[i], W_EXITED(13));
	}
	NEXT_OF(t.tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.tid, W_EXITED(13));
	for (i = 0; i < 2; i++)
		cont_to_end(_metadata, self, t.kid[i], PTRAP_STOP_EXITED,
			    ST_EXIT(13));
	CONT_TO_EXIT(t.tid, 13);
	NO_REC();
}

/*
 * The same, SIGKILL to the process at the EXIT event-stops: the group exit
 * has begun, the SIGKILL is dropped; nothing new, every thread exits 13.
 */
TEST_F(life, group_exit_from_thread_kill_at_events)
{
	struct ptrap_stop st;
	struct thr t;
	int i;

	NEED_SESSION();
	start_threads(_metadata, self, 2, 13, TACT_GROUP, LACT_WAIT,
		      PTRAP_O_TRACEEXIT, 0, &t);
	threads_go(_metadata, &t, 1);
	for (i = 0; i < 2; i++) {
		NEXT_OF(t.kid[i], st);
		ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.kid[i], W_EXITED(13));
	}
	NEXT_OF(t.tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.tid, W_EXITED(13));
	ASSERT_EQ(0, kill(t.tid, SIGKILL));
	EXPECT_EQ(0, pt_poll1(ptrap_fd(self->p), POLLIN, 50));
	NO_REC();
	for (i = 0; i < 2; i++) {
		ASSERT_EVENTMSG(t.kid[i], W_EXITED(13));
		cont_to_end(_metadata, self, t.kid[i], PTRAP_STOP_EXITED,
			    ST_EXIT(13));
	}
	CONT_TO_EXIT(t.tid, 13);
	NO_REC();
}

/*
 * SIGKILL to a multi-threaded process under TRACEEXIT: every thread's EXIT
 * event-stop (message 9) first, then every KILLED; the leader's last.
 */
TEST_F(life, threads_sigkill_exit_events)
{
	struct ptrap_stop st;
	struct thr t;
	int i;

	NEED_SESSION();
	start_threads(_metadata, self, 2, 0, TACT_EXIT, LACT_WAIT,
		      PTRAP_O_TRACEEXIT, 0, &t);
	ASSERT_EQ(0, kill(t.tid, SIGKILL));
	for (i = 0; i < 2; i++) {
		NEXT_OF(t.kid[i], st);
		ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.kid[i], SIGKILL);
	}
	NEXT_OF(t.tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, t.tid, SIGKILL);
	for (i = 0; i < 2; i++)
		cont_to_end(_metadata, self, t.kid[i], PTRAP_STOP_KILLED,
			    ST_KILLED(SIGKILL));
	cont_to_end(_metadata, self, t.tid, PTRAP_STOP_KILLED,
		    ST_KILLED(SIGKILL));
	NO_REC();
}

/* SIGKILL to a multi-threaded tracee: every thread reports KILLED, 9. */
static void threads_kill_case(struct __test_metadata *_metadata,
			      PT_DATA *self, int how, int which, int hold)
{
	struct ptrap_stop st;
	struct thr t;
	int i;

	start_threads(_metadata, self, 3, 0, TACT_EXIT, LACT_WAIT, 0, hold,
		      &t);
	sigkill(_metadata, self, which < 0 ? t.tid : t.kid[which], how);
	for (i = 0; i < 3; i++) {
		NEXT_OF(t.kid[i], st);
		ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGKILL), t.kid[i]);
	}
	ASSERT_KILLED(t.tid);
	NO_REC();
}

CASE(threads_sigkill_process, threads_kill_case, 1, -1, 0)

CASE(threads_ptrap_kill_leader, threads_kill_case, 0, -1, 0)

CASE(threads_ptrap_kill_thread, threads_kill_case, 0, 1, 0)

/* Threads still at their first stop when the process is killed. */
CASE(threads_sigkill_stopped, threads_kill_case, 1, -1, 1)

/* ================= many children ================= */

/*
 * --life-forks NFORKS under TRACEFORK (@seized: seized and let exec):
 * every fork's FORK event, every child's first stop and end, each exactly
 * once, whatever the order between tracees; the creator's SIGCHLD stops
 * (merged, so one to NFORKS of them) suppressed.
 */
static void forks_case(struct __test_metadata *_metadata, PT_DATA *self,
		       int seized)
{
	char *args[] = { "--life-forks", "20", "30", NULL };
	pid_t kids[NFORKS];
	int ev[NFORKS] = { 0 }, first[NFORKS] = { 0 }, end[NFORKS] = { 0 };
	int codes[NFORKS] = { 0 };
	int nk = 0, nend = 0, sigchld = 0, done = 0, i, go;
	pid_t tid;

	if (!seized) {
		tid = spawn_args(_metadata, self, PTRAP_O_TRACEFORK, args,
				 NULL, 0);
		ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	} else {
		tid = start_gated(_metadata, self, args, NULL, 0, &go);
		seize(_metadata, self, tid, PTRAP_O_TRACEFORK);
		GO(go);
	}
	while (!done || nend < NFORKS) {
		struct ptrap_stop st;
		int e = wait_rec(self->p, &st, PT_TIMEOUT_MS);

		ASSERT_EQ(0, e) TH_LOG("%d kids, %d ended, done %d: %s", nk,
				       nend, done, strerror(-e));
		if (st.tid == tid) {
			ASSERT_FALSE(done) TH_LOG(REC_FMT, REC_ARGS(st));
			if (st.kind == PTRAP_STOP_EXITED) {
				ASSERT_EQ(ST_EXIT(0), st.status);
				done = 1;
				continue;
			}
			if (st.kind == PTRAP_STOP_SIGNAL) {
				ASSERT_EQ(ST_STOP(SIGCHLD), st.status);
				sigchld++;
			} else {
				ASSERT_EQ(ST_EVENT(PTRAP_EVENT_FORK),
					  st.status)
					TH_LOG(REC_FMT, REC_ARGS(st));
				for (i = 0; i < nk; i++)
					if (kids[i] == (pid_t)st.msg)
						break;
				if (i == nk) {
					ASSERT_GT(NFORKS, nk);
					kids[nk++] = st.msg;
					track_foreign(self, st.msg);
				}
				ev[i]++;
			}
			ASSERT_EQ(0, ptrap_resume(self->p, tid,
						  PTRAP_RESUME_CONT, 0));
			continue;
		}
		for (i = 0; i < nk; i++)
			if (kids[i] == st.tid)
				break;
		if (i == nk) {
			ASSERT_GT(NFORKS, nk) TH_LOG(REC_FMT, REC_ARGS(st));
			kids[nk++] = st.tid;
			track_foreign(self, st.tid);
		}
		EXPECT_EQ(st.tid, st.tgid);
		if (st.kind == PTRAP_STOP_EXITED) {
			ASSERT_EQ(1, first[i]) TH_LOG(REC_FMT, REC_ARGS(st));
			ASSERT_EQ(0, st.status & 0xff)
				TH_LOG(REC_FMT, REC_ARGS(st));
			codes[i] = WEXITSTATUS(st.status);
			end[i]++;
			nend++;
			continue;
		}
		ASSERT_EQ(0, first[i]) TH_LOG(REC_FMT, REC_ARGS(st));
		ASSERT_STOP(st, seized ? PTRAP_STOP_EVENT : PTRAP_STOP_SIGNAL,
			    seized ? ST_EVSTOP : ST_STOP(SIGSTOP), st.tid);
		first[i]++;
		ASSERT_EQ(0, ptrap_resume(self->p, st.tid, PTRAP_RESUME_CONT,
					  0));
	}
	ASSERT_EQ(NFORKS, nk);
	EXPECT_LE(1, sigchld);
	EXPECT_GE(NFORKS, sigchld);
	for (i = 0; i < NFORKS; i++) {
		int j, seen = 0;

		EXPECT_EQ(1, ev[i]) TH_LOG("kid %d", kids[i]);
		EXPECT_EQ(1, first[i]) TH_LOG("kid %d", kids[i]);
		EXPECT_EQ(1, end[i]) TH_LOG("kid %d", kids[i]);
		/* Codes 30..49, each once (the creator checked the order). */
		for (j = 0; j < NFORKS; j++)
			seen += codes[j] == 30 + i;
		EXPECT_EQ(1, seen) TH_LOG("code %d", 30 + i);
	}
	NO_REC();
}

CASE(forks_many_attached, forks_case, 0)

CASE(forks_many_seized, forks_case, 1)

PT_HARNESS_MAIN(life_child_main)
