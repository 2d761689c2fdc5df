/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one fixture of the ptrap conformance suites, and what its cases
 * share: a session opened under two variants,
 *
 *   stub_pool  real ptrace(2) (PTRAP_OPEN_STUBPOOL): the ground truth;
 *   module     /dev/ptrap (PTRAP_OPEN_MODULE): SKIPs when it is absent,
 *
 * the bookkeeping of children, grandchildren and descriptors that the
 * teardown kills, reaps and closes, bounded waits for records (per tid,
 * holding back the records of others), and the usual tracees (spawned
 * "--child-..." programs, echo children, gated execs).
 *
 * Each suite keeps its own fixture name (so that every case keeps its
 * name, "FIXTURE.VARIANT.CASE"): define PT_FIXTURE to it, then include
 * this header after kselftest_harness.h:
 *
 *	#define PT_FIXTURE session
 *	#include "kselftest_harness.h"
 *	#include "ptrap_fixture.h"
 *
 * and write TEST_F(session, ...) as usual.
 */
#ifndef PTRAP_SELFTEST_FIXTURE_H
#define PTRAP_SELFTEST_FIXTURE_H

#ifndef PT_FIXTURE
#error "define PT_FIXTURE to the fixture's name before including ptrap_fixture.h"
#endif

#include <ctype.h>
#include <setjmp.h>
#include <sched.h>

#include "ptrap_util.h"
#include "ptrap.h"
#include "ptrap_records.h"

/* The harness pastes its argument: expand PT_FIXTURE first. */
#define PT_X1(m, a)		m(a)
#define PT_X2(m, a, b)		m(a, b)
#define PT_DATA			PT_X1(FIXTURE_DATA, PT_FIXTURE)

#define O_EVENTS	(PTRAP_O_TRACEFORK | PTRAP_O_TRACEVFORK | \
			 PTRAP_O_TRACECLONE | PTRAP_O_TRACEEXEC | \
			 PTRAP_O_TRACEVFORKDONE | PTRAP_O_TRACEEXIT)
#define O_NEWCHILD	(PTRAP_O_TRACEFORK | PTRAP_O_TRACEVFORK | \
			 PTRAP_O_TRACECLONE)

#define MAX_KIDS	8
#define MAX_FOREIGN	32
#define MAX_FDS		32
#define MAX_HELD	64

/* ---- the fixture ---- */

PT_X1(FIXTURE, PT_FIXTURE) {
	struct ptrap *p;	/* the session under test */
	struct ptrap *p2;	/* a second session, for cross-session cases */
	int skip;
	int module;		/* the module variant */
	int nkids, nfds, nforeign, nheld;
	pid_t kids[MAX_KIDS];
	pid_t foreign[MAX_FOREIGN];	/* grandchildren, threads of kids */
	int fds[MAX_FDS];
	/* Records taken while looking for another tid's (take_of()). */
	struct ptrap_stop held[MAX_HELD];
};

PT_X1(FIXTURE_VARIANT, PT_FIXTURE) {
	unsigned int open_flags;
	const char *name;
};

PT_X2(FIXTURE_VARIANT_ADD, PT_FIXTURE, stub_pool) {
	.open_flags = PTRAP_OPEN_STUBPOOL,
	.name = "stub-pool",
};

PT_X2(FIXTURE_VARIANT_ADD, PT_FIXTURE, module) {
	.open_flags = PTRAP_OPEN_MODULE,
	.name = "module",
};

PT_X1(FIXTURE_SETUP, PT_FIXTURE)
{
	int r;

	pt_self_exe();
	self->module = !!(variant->open_flags & PTRAP_OPEN_MODULE);
	r = ptrap_open(&self->p, variant->open_flags);
	if (r == -ENOENT && self->module) {
		self->skip = 1;
		SKIP(return, "ptrap module not loaded: /dev/ptrap absent");
	}
	ASSERT_EQ(0, r) TH_LOG("ptrap_open(%s): %s", variant->name,
			       strerror(-r));
	ASSERT_STREQ(variant->name, ptrap_backend_name(self->p));
}

/* The parent pid of @pid from /proc, or -1. */
static inline pid_t proc_ppid(pid_t pid)
{
	char buf[512];
	const char *st = pt_proc_stat(pid, buf, sizeof(buf));

	/* "S ppid ..." */
	return st && st[1] == ' ' ? (pid_t)strtol(st + 2, NULL, 10) : -1;
}

/* Is @ppid this process or one of its tracked children? */
static inline int is_ours(PT_DATA *self, pid_t ppid)
{
	int i;

	if (ppid == getpid())
		return 1;
	for (i = 0; i < self->nkids; i++)
		if (self->kids[i] == ppid)
			return 1;
	return 0;
}

PT_X1(FIXTURE_TEARDOWN, PT_FIXTURE)
{
	int i;

	/*
	 * Grandchildren (and threads of children) first, but only while
	 * they are still ours: a grandchild reaped by its parent may have
	 * left its pid to a stranger.
	 */
	for (i = 0; i < self->nforeign; i++)
		if (is_ours(self, proc_ppid(self->foreign[i])))
			kill(self->foreign[i], SIGKILL);
	/* Our children, spawned or forked, that still exist: kill them. */
	for (i = 0; i < self->nkids; i++)
		if (pt_unreaped_child(self->kids[i]))
			kill(self->kids[i], SIGKILL);
	ptrap_close(self->p);
	ptrap_close(self->p2);
	/* No tracer left: reaping cannot steal a stop from anyone now. */
	for (i = 0; i < self->nkids; i++)
		pt_kill_reap(self->kids[i]);
	/* EOF on every go pipe: free grandchildren end. */
	for (i = 0; i < self->nfds; i++)
		if (self->fds[i] >= 0)
			close(self->fds[i]);
}

/*
 * The 6.1 harness still runs the test body after a SKIP in
 * FIXTURE_SETUP (later versions do not): every case starts with this.
 */
#define NEED_SESSION() do { if (self->skip) return; } while (0)

/*
 * Module variant only: a feature of issue 3 the module does not have yet
 * (the option is refused with EINVAL, the request with ENOTTY) SKIPs the
 * case, from a helper as well (the harness's longjmp, as ASSERT does). The
 * stub-pool variant never SKIPs: there the case fails.
 */
#define GATE(r, what) do { \
	int __g = (r); \
	if (self->module && (__g == -EINVAL || __g == -ENOTTY)) \
		SKIP(longjmp(_metadata->env, 1), \
		     "module lacks %s (issue 3): %s", (what), \
		     strerror(-__g)); \
} while (0)

/*
 * Module variant only: a case where the module does not match ptrace yet,
 * for the reason given (in README.md's "Known deviations", or for the
 * module's owner to fix). SKIPs with it, so that the case turns into a
 * pass, not a silent one, when it is fixed.
 */
#define MODULE_DEVIATION(why) do { \
	if (self->module) \
		SKIP(return, "module deviation: %s", (why)); \
} while (0)

/* The PTRAP_O_* event options in @opts, for SKIP reasons. */
static inline const char *opt_names(uint64_t opts)
{
	static char buf[160];
	static const struct { uint64_t bit; const char *name; } o[] = {
		{ PTRAP_O_TRACEFORK, "TRACEFORK" },
		{ PTRAP_O_TRACEVFORK, "TRACEVFORK" },
		{ PTRAP_O_TRACECLONE, "TRACECLONE" },
		{ PTRAP_O_TRACEEXEC, "TRACEEXEC" },
		{ PTRAP_O_TRACEVFORKDONE, "TRACEVFORKDONE" },
		{ PTRAP_O_TRACEEXIT, "TRACEEXIT" },
	};
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(o) / sizeof(o[0]); i++) {
		if (!(opts & o[i].bit))
			continue;
		if (buf[0])
			strcat(buf, "|");
		strcat(buf, o[i].name);
	}
	return buf[0] ? buf : "the options";
}

/* ---- bookkeeping: what the teardown kills, reaps and closes ---- */

static inline void track_pid(PT_DATA *self, pid_t pid)
{
	if (pid > 0 && self->nkids < MAX_KIDS)
		self->kids[self->nkids++] = pid;
}

static inline void track_foreign(PT_DATA *self, pid_t pid)
{
	if (pid > 0 && self->nforeign < MAX_FOREIGN)
		self->foreign[self->nforeign++] = pid;
}

static inline int track_fd(PT_DATA *self, int fd)
{
	if (fd >= 0 && self->nfds < MAX_FDS)
		self->fds[self->nfds++] = fd;
	return fd;
}

static inline void close_fd(PT_DATA *self, int fd)
{
	int i;

	for (i = 0; i < self->nfds; i++)
		if (self->fds[i] == fd)
			self->fds[i] = -1;
	close(fd);
}

/* A close-on-exec pipe whose ends are closed in teardown. */
static inline void mkpipe(struct __test_metadata *_metadata, PT_DATA *self,
			  int fds[2])
{
	ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
	track_fd(self, fds[0]);
	track_fd(self, fds[1]);
}

/* ---- records ---- */

/*
 * The next record of @tid: one held back earlier, else the next of @tid
 * from the session, holding back those of other tids (bounded).
 */
static inline int take_of(PT_DATA *self, pid_t tid, struct ptrap_stop *out)
{
	long end = pt_now_ms() + PT_TIMEOUT_MS;
	struct ptrap_stop st;
	int i, r;

	for (i = 0; i < self->nheld; i++) {
		if (self->held[i].tid != tid)
			continue;
		*out = self->held[i];
		memmove(&self->held[i], &self->held[i + 1],
			(self->nheld - i - 1) * sizeof(st));
		self->nheld--;
		return 0;
	}
	for (;;) {
		long left = end - pt_now_ms();

		r = wait_rec(self->p, &st, left > 0 ? left : 0);
		if (r)
			return r;
		if (st.tid == tid) {
			*out = st;
			return 0;
		}
		if (self->nheld == MAX_HELD)
			return -ENOSPC;
		self->held[self->nheld++] = st;
	}
}

/* Log the records held back (for a failure's diagnosis). */
static inline void log_held(struct __test_metadata *_metadata, PT_DATA *self)
{
	int i;

	for (i = 0; i < self->nheld; i++)
		TH_LOG("held " REC_FMT, REC_ARGS(self->held[i]));
}

#define NEXT_OF(tid, st) do { \
	int __r; \
	memset(&(st), 0, sizeof(st)); \
	__r = take_of(self, (tid), &(st)); \
	if (__r) \
		log_held(_metadata, self); \
	ASSERT_EQ(0, __r) \
		TH_LOG("no record of %d within %d ms: %s", (int)(tid), \
		       PT_TIMEOUT_MS, strerror(-__r)); \
} while (0)

/* Move every record ready now to the held ones; how many are of @tid. */
static inline int held_of(PT_DATA *self, pid_t tid, struct ptrap_stop *first)
{
	struct ptrap_stop st;
	int i, n = 0;

	while (self->nheld < MAX_HELD && ptrap_wait(self->p, &st, 1) == 0)
		self->held[self->nheld++] = st;
	for (i = self->nheld - 1; i >= 0; i--) {
		if (self->held[i].tid != tid)
			continue;
		*first = self->held[i];
		n++;
	}
	return n;
}

/* No record of @tid is ready (or held). */
#define NO_REC_OF(tid) do { \
	struct ptrap_stop __st; \
	memset(&__st, 0, sizeof(__st)); \
	ASSERT_EQ(0, held_of(self, (tid), &__st)) \
		TH_LOG("unexpected " REC_FMT, REC_ARGS(__st)); \
} while (0)

/* No record is ready now on session @p. */
#define NO_REC_ON(p) do { \
	struct ptrap_stop __st; \
	memset(&__st, 0, sizeof(__st)); \
	ASSERT_EQ(-EAGAIN, ptrap_wait((p), &__st, 1)) \
		TH_LOG("unexpected " REC_FMT, REC_ARGS(__st)); \
} while (0)

/* No record at all is ready or held. */
#define NO_REC() do { \
	struct ptrap_stop __h = self->held[0]; \
	ASSERT_EQ(0, self->nheld) TH_LOG("held " REC_FMT, REC_ARGS(__h)); \
	NO_REC_ON(self->p); \
} while (0)

/* Resume @tid (CONT, no signal) and expect its end with @status. */
static inline void cont_to_end(struct __test_metadata *_metadata,
			       PT_DATA *self, pid_t tid, unsigned int kind,
			       unsigned int status)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, kind, status, tid);
}

#define CONT_TO_EXIT(tid, code) \
	cont_to_end(_metadata, self, (tid), PTRAP_STOP_EXITED, ST_EXIT(code))

/* PTRACE_GETEVENTMSG at @tid's stop equals the record's message. */
#define ASSERT_EVENTMSG(tid, want) do { \
	uint64_t __m = ~0ULL; \
	int __r = ptrap_geteventmsg(self->p, (tid), &__m); \
	GATE(__r, "GETEVENTMSG"); \
	ASSERT_EQ(0, __r) TH_LOG("geteventmsg: %s", strerror(-__r)); \
	ASSERT_EQ((uint64_t)(want), __m); \
} while (0)

/*
 * From a stop, resume @tid with SYSCALL until its syscall-enter-stop of
 * @nr, checking on the way that enter and exit stops alternate, that every
 * exit repeats its enter's number (but rt_sigreturn's, whose exit shows
 * -1), and that every status is @status.
 */
static inline void run_to_syscall(struct __test_metadata *_metadata,
				  PT_DATA *self, pid_t tid, long nr,
				  unsigned int status, struct ptrap_stop *out)
{
	int in_syscall = 0, i;
	long cur = -1;

	for (i = 0; i < 4000; i++) {
		struct ptrap_stop st;

		ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL,
					  0));
		NEXT_OF(tid, st);
		ASSERT_EQ(status, st.status) TH_LOG(REC_FMT, REC_ARGS(st));
		ASSERT_EQ(in_syscall ? PTRAP_STOP_SYSCALL_EXIT :
			  PTRAP_STOP_SYSCALL_ENTER, st.kind)
			TH_LOG("stop %d: " REC_FMT, i, REC_ARGS(st));
		if (in_syscall) {
			if (cur != SYS_rt_sigreturn)
				ASSERT_EQ(cur, st.nr)
					TH_LOG(REC_FMT, REC_ARGS(st));
			in_syscall = 0;
			continue;
		}
		cur = st.nr;
		in_syscall = 1;
		if (st.nr == nr) {
			*out = st;
			return;
		}
	}
	ASSERT_TRUE(0) TH_LOG("no syscall %ld within 4000 stops", nr);
}

/* ---- tracees ---- */

/*
 * Spawn this binary with @args (argv[1..], NULL-terminated) as a tracee
 * of @p (self->p or self->p2) with @opts; @fds are inherited by it and
 * closed here, so that the tracee holds the only copies. Its first record,
 * the post-exec SIGTRAP, is checked. Module variant: SKIP if event
 * options in @opts are refused.
 */
static inline pid_t spawn_on(struct __test_metadata *_metadata, PT_DATA *self,
			     struct ptrap *p, uint64_t opts,
			     char *const args[], const int *fds, int nfds)
{
	char *argv[12];
	struct ptrap_stop st;
	pid_t tid = -1;
	int i, r;

	argv[0] = (char *)pt_self_exe();
	for (i = 0; args[i] && i < 10; i++)
		argv[1 + i] = args[i];
	argv[1 + i] = NULL;
	for (i = 0; i < nfds; i++)
		fcntl(fds[i], F_SETFD, 0);
	r = ptrap_spawn(p, argv[0], argv, NULL, opts, &tid);
	for (i = 0; i < nfds; i++)
		close_fd(self, fds[i]);
	if (opts & O_EVENTS)
		GATE(r, opt_names(opts));
	ASSERT_EQ(0, r) TH_LOG("ptrap_spawn(%s): %s", argv[1], strerror(-r));
	ASSERT_LT(0, tid);
	track_pid(self, tid);
	if (p == self->p)
		NEXT_OF(tid, st);
	else
		NEXT_REC_ON(p, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), tid);
	return tid;
}

/* spawn_on() on the session under test, with @opts | EXITKILL. */
static inline pid_t spawn_args(struct __test_metadata *_metadata,
			       PT_DATA *self, uint64_t opts,
			       char *const args[], const int *fds, int nfds)
{
	return spawn_on(_metadata, self, self->p, opts | PTRAP_O_EXITKILL,
			args, fds, nfds);
}

/*
 * Spawn "@mode" (a full "--child-x" or the suite's own "--x-y") with @n
 * numbers as arguments, and @opts | EXITKILL. If @fds, the numbers are
 * descriptors, inherited by the tracee and closed here.
 */
static inline pid_t spawn_mode(struct __test_metadata *_metadata,
			       PT_DATA *self, uint64_t opts, const char *mode,
			       int n, const int *vals, int fds)
{
	char nums[3][16];
	char *args[5];
	int i;

	args[0] = (char *)mode;
	for (i = 0; i < n && i < 3; i++) {
		snprintf(nums[i], sizeof(nums[i]), "%d", vals[i]);
		args[1 + i] = nums[i];
	}
	args[1 + i] = NULL;
	return spawn_args(_metadata, self, opts, args, vals, fds ? n : 0);
}

/* Set @opts (| EXITKILL) on stopped @tid; module variant: SKIP if refused. */
static inline void set_opts(struct __test_metadata *_metadata, PT_DATA *self,
			    pid_t tid, uint64_t opts)
{
	int r = ptrap_setoptions(self->p, tid, opts | PTRAP_O_EXITKILL);

	if (opts & O_EVENTS)
		GATE(r, opt_names(opts));
	ASSERT_EQ(0, r) TH_LOG("ptrap_setoptions: %s", strerror(-r));
}

/* Seize @pid with @opts | EXITKILL; module variant: SKIP if refused. */
static inline void seize(struct __test_metadata *_metadata, PT_DATA *self,
			 pid_t pid, uint64_t opts)
{
	int r = ptrap_seize(self->p, pid, opts | PTRAP_O_EXITKILL);

	if (opts & O_EVENTS)
		GATE(r, opt_names(opts));
	ASSERT_EQ(0, r) TH_LOG("ptrap_seize: %s", strerror(-r));
}

/* PTRAP_IOC_INTERRUPT; module variant: SKIP while it does not exist. */
static inline int interrupt(struct __test_metadata *_metadata, PT_DATA *self,
			    pid_t tid)
{
	int r = ptrap_interrupt(self->p, tid);

	if (r == -ENOTTY)
		GATE(r, "INTERRUPT");
	return r;
}

/*
 * In a new child: keep @fds open across exec, wait for an 'x' on @go, then
 * execute @argv.
 */
static inline void __attribute__((noreturn))
gated_exec(int go, const int *fds, int nfds, char *const argv[])
{
	char c = 0;
	int i;

	for (i = 0; i < nfds; i++)
		fcntl(fds[i], F_SETFD, 0);
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	if (c != 'x')
		_exit(100);
	execv(argv[0], argv);
	_exit(101);
}

/*
 * Fork a child that waits for a byte on a pipe and then executes this
 * binary with @args, keeping @fds (closed here) open across the exec.
 * Returns the child; *@go is the pipe's write end.
 */
static inline pid_t start_gated(struct __test_metadata *_metadata,
				PT_DATA *self, char *const args[],
				const int *fds, int nfds, int *go)
{
	char *argv[12];
	int g[2], i;
	pid_t pid;

	argv[0] = (char *)pt_self_exe();
	for (i = 0; args[i] && i < 10; i++)
		argv[1 + i] = args[i];
	argv[1 + i] = NULL;
	ASSERT_EQ(0, pipe2(g, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd, keep;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (fd = 3; fd < 1024; fd++) {
			keep = fd == g[0];
			for (i = 0; i < nfds; i++)
				keep |= fd == fds[i];
			if (!keep)
				close(fd);
		}
		gated_exec(g[0], fds, nfds, argv);
	}
	track_pid(self, pid);
	close(g[0]);
	for (i = 0; i < nfds; i++)
		close_fd(self, fds[i]);
	*go = track_fd(self, g[1]);
	return pid;
}

/* Let a gated child exec. */
#define GO(go) ASSERT_EQ(0, pt_write_all((go), "x", 1))

/* ---- echo children (attach, seize, interrupt) ---- */

struct echo {
	pid_t pid;
	int to;		/* we write here; the child reads */
	int from;	/* the child writes here; we read */
	/* Spinning child: its loop count, in memory shared with it. */
	volatile unsigned long *spins;
};

static inline int echo_rt(struct echo *e, char c)
{
	char r;
	ssize_t n;

	if (pt_write_all(e->to, &c, 1))
		return -EPIPE;
	n = pt_read_full(e->from, &r, 1);
	if (n != 1)
		return n < 0 ? (int)n : -EPIPE;
	return r == c ? 0 : -EBADMSG;
}

/*
 * A forked echo child (pt_echo_loop()), or with @spin a child that spins
 * in user space after saying so; blocked in read() (or entering it), or
 * spinning, when this returns. It holds no other descriptor (no session
 * descriptor in particular).
 */
static inline void start_echo(struct __test_metadata *_metadata,
			      PT_DATA *self, struct echo *e, int spin)
{
	int a[2], b[2];
	char c = 0;

	ASSERT_EQ(0, pipe2(a, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(b, O_CLOEXEC));
	e->spins = NULL;
	if (spin) {
		void *m = mmap(NULL, PT_PAGE, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

		ASSERT_NE(MAP_FAILED, m);
		e->spins = m;
	}
	e->pid = fork();
	ASSERT_LE(0, e->pid);
	if (e->pid == 0) {
		int fd;

		for (fd = 3; fd < 1024; fd++)
			if (fd != a[0] && fd != b[1])
				close(fd);
		if (spin) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (write(b[1], "s", 1) != 1)
				_exit(102);
			/* No system call from here on. */
			for (;;)
				(*e->spins)++;
		}
		pt_echo_loop(a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	e->to = track_fd(self, a[1]);
	e->from = track_fd(self, b[0]);
	track_pid(self, e->pid);
	if (spin) {
		ASSERT_EQ(1, pt_read_full(e->from, &c, 1));
		ASSERT_EQ('s', c);
		return;
	}
	ASSERT_EQ(0, echo_rt(e, 'a'));
}

/*
 * A spinning echo child (start_echo() with @spin) is in user space for good
 * once its loop count moves: wait (bounded, without sleeping) for that.
 */
static inline int wait_spinning(struct echo *e)
{
	unsigned long seen = *e->spins;
	long end = pt_now_ms() + PT_TIMEOUT_MS;

	while (*e->spins == seen) {
		if (pt_now_ms() > end)
			return -ETIMEDOUT;
		sched_yield();
	}
	return 0;
}

/*
 * Wait (bounded, without sleeping) until /proc/<pid>/syscall shows @pid
 * where a case needs it: sleeping in syscall @nr, or, for @nr == -1, out of
 * any syscall ("running" on a CPU, or "-1 ..." preempted in user mode).
 * After an echo round trip the child may not be back in read() yet, nor
 * past its marker write().
 */
static inline int wait_proc_syscall(pid_t pid, long nr)
{
	struct timespec t0, t;
	char path[64], buf[64];
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			if (nr == -1 && !strncmp(buf, "running", 7))
				return 0;
			/* Only a number is a syscall ("running" is not). */
			if ((isdigit((unsigned char)buf[0]) || buf[0] == '-') &&
			    strtol(buf, NULL, 10) == nr)
				return 0;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > PT_TIMEOUT_MS / 1000)
			return -ETIMEDOUT;
		sched_yield();
	}
}

/* Wait (bounded) for our child @pid to end and reap it. */
static inline int wait_child(pid_t pid, int *status)
{
	int pfd = syscall(SYS_pidfd_open, pid, 0);
	int s;

	if (pfd >= 0) {
		int r = pt_poll1(pfd, POLLIN, PT_TIMEOUT_MS);

		close(pfd);
		if (r == 0)
			return -ETIMEDOUT;
	}
	s = pt_reap(pid);
	if (s < 0)
		return s;
	*status = s;
	return 0;
}

#endif /* PTRAP_SELFTEST_FIXTURE_H */
