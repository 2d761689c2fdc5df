// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap_jobctl: group-stop, SIGCONT, LISTEN and INTERRUPT in a group-stop,
 * through libptrap, each case run under two variants of FIXTURE(jobctl):
 *
 *   stub_pool  real ptrace(2) (PTRAP_OPEN_STUBPOOL): the ground truth;
 *   module     /dev/ptrap (PTRAP_OPEN_MODULE): SKIPs when it is absent.
 *
 * Records are compared bit for bit with what ptrace(2) gives: a group-stop
 * of an ATTACHed tracee is the bare stop signal without siginfo, of a
 * SEIZEd one PTRACE_EVENT_STOP with the stop signal and a siginfo; after
 * SIGCONT a seized tracee reports PTRACE_EVENT_STOP with SIGTRAP.
 *
 * The tracee is the echo child of ptrap_util.h (forked, blocked in read(),
 * echoing bytes; SIGUSR1 makes it write 'U'), in a process group of its
 * own so that SIGTSTP stops it. Whether it runs is seen through the echo:
 * a byte sent to a stopped tracee gets no answer (it is given 50 ms to
 * answer wrongly). Synchronisation is otherwise by pipes; every wait is
 * bounded.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "ptrap_util.h"
#include "ptrap.h"
#include "kselftest_harness.h"
#include "ptrap_records.h"

/* PTRACE_EVENT_STOP with @sig: a group-stop's, or SIGTRAP. */
#define ST_EVSTOP_SIG(sig)	ST_STOP((sig) | (PTRAP_EVENT_STOP << 8))

/* How long a stopped tracee is given to answer an echo wrongly. */
#define QUIET_MS	50

FIXTURE(jobctl) {
	struct ptrap *p;
	int skip;
	int module;
	pid_t pid;		/* the echo child */
	pid_t mid;		/* its parent, when not this process */
	int to, from;		/* echo pipes: to the child, from it */
	int report;		/* statuses from the middle parent */
	pid_t tid2;		/* the second thread of a two-thread child */
	int to2, from2;		/* its echo pipes */
	int usr;		/* 'U' from any thread's SIGUSR1 handler */
};

FIXTURE_VARIANT(jobctl) {
	unsigned int open_flags;
	const char *name;
};

FIXTURE_VARIANT_ADD(jobctl, stub_pool) {
	.open_flags = PTRAP_OPEN_STUBPOOL,
	.name = "stub-pool",
};

FIXTURE_VARIANT_ADD(jobctl, module) {
	.open_flags = PTRAP_OPEN_MODULE,
	.name = "module",
};

FIXTURE_SETUP(jobctl)
{
	int r;

	self->pid = self->mid = self->tid2 = -1;
	self->to = self->from = self->report = -1;
	self->to2 = self->from2 = self->usr = -1;
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

FIXTURE_TEARDOWN(jobctl)
{
	if (self->pid > 0)
		kill(self->pid, SIGKILL);
	if (self->mid > 0)
		kill(self->mid, SIGKILL);
	ptrap_close(self->p);
	if (self->mid > 0)
		pt_kill_reap(self->mid);
	else
		pt_kill_reap(self->pid);
	if (self->to >= 0)
		close(self->to);
	if (self->from >= 0)
		close(self->from);
	if (self->report >= 0)
		close(self->report);
	if (self->to2 >= 0)
		close(self->to2);
	if (self->from2 >= 0)
		close(self->from2);
	if (self->usr >= 0)
		close(self->usr);
}

/* The 6.1 harness runs the body after a SKIP in FIXTURE_SETUP. */
#define NEED_SESSION() do { if (self->skip) return; } while (0)

/* One echo round trip: 0 if the child answered @c, -errno else. */
static int echo_rt_on(int to, int from, char c)
{
	char back = 0;

	if (pt_write_all(to, &c, 1))
		return -EIO;
	if (pt_poll1(from, POLLIN, PT_TIMEOUT_MS) <= 0)
		return -ETIMEDOUT;
	if (pt_read_full(from, &back, 1) != 1)
		return -EIO;
	return back == c ? 0 : -EPROTO;
}

static int echo_rt(FIXTURE_DATA(jobctl) *self, char c)
{
	return echo_rt_on(self->to, self->from, c);
}

/* The same with the second thread of a two-thread child. */
static int echo_rt2(FIXTURE_DATA(jobctl) *self, char c)
{
	return echo_rt_on(self->to2, self->from2, c);
}

enum echo_group {
	ECHO_OWN_PGRP,		/* own process group: not orphaned */
	ECHO_OWN_SESSION,	/* own session: an orphaned process group */
};

/* The echo child, blocked in read(); its process group as @grp says. */
static void start_echo(struct __test_metadata *_metadata,
		       FIXTURE_DATA(jobctl) *self, enum echo_group grp)
{
	int in[2], out[2], ready[2];
	char c;

	ASSERT_EQ(0, pipe2(in, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (self->pid == 0) {
		/* Or the session would live on in this child. */
		close(ptrap_fd(self->p));
		if (grp == ECHO_OWN_SESSION)
			setsid();
		else
			setpgid(0, 0);
		c = 'r';
		if (write(ready[1], &c, 1) != 1)
			_exit(102);
		pt_echo_loop(in[0], out[1]);
	}
	if (grp == ECHO_OWN_PGRP)
		setpgid(self->pid, self->pid);
	close(in[0]);
	close(out[1]);
	close(ready[1]);
	self->to = in[1];
	self->from = out[0];
	ASSERT_EQ(1, pt_read_full(ready[0], &c, 1));
	close(ready[0]);
	/* In its loop, its SIGUSR1 handler set. */
	ASSERT_EQ(0, echo_rt(self, 'i'));
}

/*
 * The echo child under a middle parent that reports every wait status of
 * it (waitpid WUNTRACED | WCONTINUED) on self->report, as an int.
 */
static void start_echo_under_parent(struct __test_metadata *_metadata,
				    FIXTURE_DATA(jobctl) *self)
{
	int in[2], out[2], rep[2];
	pid_t kid;
	int status;

	ASSERT_EQ(0, pipe2(in, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(rep, O_CLOEXEC));
	self->mid = fork();
	ASSERT_LE(0, self->mid);
	if (self->mid == 0) {
		close(ptrap_fd(self->p));
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setpgid(0, 0);
		kid = fork();
		if (kid < 0)
			_exit(110);
		if (kid == 0)
			pt_echo_loop(in[0], out[1]);
		if (write(rep[1], &kid, sizeof(kid)) != sizeof(kid))
			_exit(111);
		for (;;) {
			if (waitpid(kid, &status, WUNTRACED | WCONTINUED) < 0) {
				if (errno == EINTR)
					continue;
				_exit(112);
			}
			if (write(rep[1], &status, sizeof(status)) !=
			    sizeof(status))
				_exit(113);
			if (WIFEXITED(status) || WIFSIGNALED(status))
				_exit(0);
		}
	}
	close(in[0]);
	close(out[1]);
	close(rep[1]);
	self->to = in[1];
	self->from = out[0];
	self->report = rep[0];
	ASSERT_EQ(sizeof(self->pid),
		  pt_read_full(self->report, &self->pid, sizeof(self->pid)));
	ASSERT_EQ(0, echo_rt(self, 'i'));
}

/* ---- a two-thread echo child ---- */

struct mt_echo {
	int in, out;
};

static int mt_usr_fd = -1;

static void mt_usr1(int sig)
{
	char c = 'U';

	(void)sig;
	if (write(mt_usr_fd, &c, 1) != 1)
		_exit(98);
}

static void *mt_thread(void *arg)
{
	struct mt_echo *e = arg;
	pid_t tid = gettid();

	if (write(e->out, &tid, sizeof(tid)) != sizeof(tid))
		_exit(104);
	pt_echo_serve(e->in, e->out);
}

/*
 * A child of two threads, each echoing on pipes of its own (the leader on
 * to/from, the other on to2/from2); SIGUSR1 writes 'U' to self->usr from
 * whichever thread takes it (the leader blocks it if @leader_blocks_usr1).
 * Its own process group, as start_echo().
 */
static void start_mt_echo(struct __test_metadata *_metadata,
			  FIXTURE_DATA(jobctl) *self, int leader_blocks_usr1)
{
	sigset_t usr1;

	int in[2], out[2], in2[2], out2[2], usr[2];
	struct sigaction sa;
	struct mt_echo e;
	pthread_t th;

	ASSERT_EQ(0, pipe2(in, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(in2, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out2, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(usr, O_CLOEXEC));
	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (self->pid == 0) {
		close(ptrap_fd(self->p));
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		mt_usr_fd = usr[1];
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = mt_usr1;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGUSR1, &sa, NULL);
		e.in = in2[0];
		e.out = out2[1];
		if (pthread_create(&th, NULL, mt_thread, &e))
			_exit(103);
		sigemptyset(&usr1);
		sigaddset(&usr1, SIGUSR1);
		if (leader_blocks_usr1)
			pthread_sigmask(SIG_BLOCK, &usr1, NULL);
		pt_echo_serve(in[0], out[1]);
	}
	setpgid(self->pid, self->pid);
	close(in[0]);
	close(out[1]);
	close(in2[0]);
	close(out2[1]);
	close(usr[1]);
	self->to = in[1];
	self->from = out[0];
	self->to2 = in2[1];
	self->from2 = out2[0];
	self->usr = usr[0];
	ASSERT_EQ(sizeof(self->tid2),
		  pt_read_full(self->from2, &self->tid2, sizeof(self->tid2)));
	ASSERT_EQ(0, echo_rt(self, 'i'));
	ASSERT_EQ(0, echo_rt2(self, 'i'));
}

/* The next wait status the middle parent saw, bounded. */
static int next_report(FIXTURE_DATA(jobctl) *self, int *status)
{
	if (pt_poll1(self->report, POLLIN, PT_TIMEOUT_MS) <= 0)
		return -ETIMEDOUT;
	if (pt_read_full(self->report, status, sizeof(*status)) !=
	    sizeof(*status))
		return -EIO;
	return 0;
}

/*
 * The child is stopped: a byte sent now is not echoed within QUIET_MS.
 * The byte stays in the pipe and is echoed once the child runs again,
 * which the caller takes with ASSERT_ECHO_PENDING_ON().
 */
#define ASSERT_QUIET_ON(to, from, who) do { \
	ASSERT_EQ(0, pt_write_all((to), "s", 1)); \
	ASSERT_EQ(0, pt_poll1((from), POLLIN, QUIET_MS)) \
		TH_LOG("%d echoed: it is not stopped", (int)(who)); \
} while (0)

/* The byte of ASSERT_QUIET_ON(), echoed now that the child runs. */
#define ASSERT_ECHO_PENDING_ON(from, who) do { \
	char __c = 0; \
	ASSERT_LT(0, pt_poll1((from), POLLIN, PT_TIMEOUT_MS)) \
		TH_LOG("%d does not run", (int)(who)); \
	ASSERT_EQ(1, pt_read_full((from), &__c, 1)); \
	ASSERT_EQ('s', __c); \
} while (0)

#define ASSERT_QUIET() ASSERT_QUIET_ON(self->to, self->from, self->pid)
#define ASSERT_ECHO_PENDING() ASSERT_ECHO_PENDING_ON(self->from, self->pid)

/* The child runs: it echoes. */
#define ASSERT_RUNS() ASSERT_EQ(0, echo_rt(self, 'e'))

/* No record comes within QUIET_MS. */
#define NO_REC() do { \
	struct ptrap_stop __st; \
	memset(&__st, 0, sizeof(__st)); \
	ASSERT_EQ(-ETIMEDOUT, wait_rec(self->p, &__st, QUIET_MS)) \
		TH_LOG("unexpected " REC_FMT, REC_ARGS(__st)); \
} while (0)

#define RESUME(sig) \
	ASSERT_EQ(0, ptrap_resume(self->p, self->pid, PTRAP_RESUME_CONT, (sig)))

/* The stop's siginfo has @signo and @code, or (signo 0) there is none. */
#define ASSERT_SIGINFO(signo, code) do { \
	siginfo_t __si; \
	int __r; \
	memset(&__si, 0, sizeof(__si)); \
	__r = ptrap_getsiginfo(self->p, self->pid, &__si); \
	if (!(signo)) { \
		ASSERT_EQ(-EINVAL, __r); \
	} else { \
		ASSERT_EQ(0, __r) TH_LOG("getsiginfo: %s", strerror(-__r)); \
		ASSERT_EQ((signo), __si.si_signo); \
		ASSERT_EQ((code), __si.si_code); \
	} \
} while (0)

/* ATTACH the echo child and take its attach stop; it runs on after. */
static void attach_echo(struct __test_metadata *_metadata,
			FIXTURE_DATA(jobctl) *self)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, ptrap_attach(self->p, self->pid, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), self->pid);
	RESUME(0);
}

static void seize_echo(struct __test_metadata *_metadata,
		       FIXTURE_DATA(jobctl) *self)
{
	ASSERT_EQ(0, ptrap_seize(self->p, self->pid, 0));
}

/*
 * Send @sig to the running tracee, take its signal-delivery-stop and
 * deliver it: the group-stop follows, reported as ptrace(2) reports it.
 */
static void group_stop(struct __test_metadata *_metadata,
		       FIXTURE_DATA(jobctl) *self, int sig, int seized)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, kill(self->pid, sig));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(sig), self->pid);
	RESUME(sig);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP,
		    seized ? ST_EVSTOP_SIG(sig) : ST_STOP(sig), self->pid);
	EXPECT_EQ(0, st.msg);
	if (seized)
		ASSERT_SIGINFO(sig, sig | (PTRAP_EVENT_STOP << 8));
	else
		ASSERT_SIGINFO(0, 0);
}

/* Wait (bounded, without sleeping) until @pid is in job-control stop. */
static int wait_job_stopped(pid_t pid)
{
	long end = pt_now_ms() + PT_TIMEOUT_MS;

	while (pt_proc_state(pid) != 'T') {
		if (pt_now_ms() > end)
			return -ETIMEDOUT;
		sched_yield();
	}
	return 0;
}

/* ================= group-stop ================= */

TEST_F(jobctl, attached_sigstop_group_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	attach_echo(_metadata, self);
	ASSERT_RUNS();
	group_stop(_metadata, self, SIGSTOP, 0);
	ASSERT_QUIET();
	NO_REC();
	/* Resumed, it runs although its group stays stopped. */
	RESUME(0);
	ASSERT_ECHO_PENDING();
	ASSERT_RUNS();
	/* SIGCONT: a signal-delivery-stop like any other. */
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCONT), self->pid);
	RESUME(SIGCONT);
	ASSERT_RUNS();
	NO_REC();
}

TEST_F(jobctl, seized_sigstop_group_stop)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	ASSERT_QUIET();
	NO_REC();
	RESUME(0);
	ASSERT_ECHO_PENDING();
	ASSERT_RUNS();
	NO_REC();
}

TEST_F(jobctl, seized_sigtstp_group_stop)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGTSTP, 1);
	ASSERT_QUIET();
	RESUME(0);
	ASSERT_ECHO_PENDING();
}

TEST_F(jobctl, attached_sigttin_group_stop)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	attach_echo(_metadata, self);
	group_stop(_metadata, self, SIGTTIN, 0);
	ASSERT_QUIET();
	RESUME(0);
	ASSERT_ECHO_PENDING();
}

TEST_F(jobctl, sigtstp_orphaned_pgrp_no_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_SESSION);
	seize_echo(_metadata, self);
	ASSERT_EQ(0, kill(self->pid, SIGTSTP));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTSTP), self->pid);
	/* An orphaned process group does not stop for SIGTSTP. */
	RESUME(SIGTSTP);
	ASSERT_RUNS();
	NO_REC();
}

TEST_F(jobctl, replaced_by_sigstop_group_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	ASSERT_EQ(0, kill(self->pid, SIGUSR1));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), self->pid);
	RESUME(SIGSTOP);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_EVSTOP_SIG(SIGSTOP), self->pid);
	ASSERT_QUIET();
	RESUME(0);
	ASSERT_ECHO_PENDING();
	/* SIGUSR1 was replaced: its handler never ran. */
	ASSERT_RUNS();
}

TEST_F(jobctl, suppressed_sigstop_no_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	ASSERT_EQ(0, kill(self->pid, SIGSTOP));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), self->pid);
	RESUME(0);
	ASSERT_RUNS();
	NO_REC();
	EXPECT_NE('T', pt_proc_state(self->pid));
}

TEST_F(jobctl, second_group_stop_after_resume)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	RESUME(0);
	ASSERT_RUNS();
	/* Still a stopped group: a new stop signal stops it again. */
	group_stop(_metadata, self, SIGSTOP, 1);
	ASSERT_QUIET();
	RESUME(0);
	ASSERT_ECHO_PENDING();
}

TEST_F(jobctl, sigcont_during_signal_stop_cancels_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	ASSERT_EQ(0, kill(self->pid, SIGSTOP));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), self->pid);
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	/* SIGCONT came since: no group-stop, but SIGCONT's notice. */
	RESUME(SIGSTOP);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP_SIG(SIGTRAP), self->pid);
	ASSERT_SIGINFO(SIGTRAP, SIGTRAP | (PTRAP_EVENT_STOP << 8));
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCONT), self->pid);
	RESUME(0);
	ASSERT_RUNS();
	NO_REC();
}

/* ================= SIGCONT ================= */

TEST_F(jobctl, seized_sigcont_in_group_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	/* Not listening: SIGCONT does not end the stop. */
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	NO_REC();
	ASSERT_QUIET();
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP_SIG(SIGTRAP), self->pid);
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCONT), self->pid);
	RESUME(SIGCONT);
	ASSERT_ECHO_PENDING();
	NO_REC();
}

TEST_F(jobctl, attached_sigcont_in_group_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	attach_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 0);
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	NO_REC();
	RESUME(0);
	/* No notice for an attached tracee: just the signal. */
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCONT), self->pid);
	RESUME(0);
	ASSERT_RUNS();
	NO_REC();
}

TEST_F(jobctl, seized_sigcont_running)
{
	struct ptrap_stop st;
	siginfo_t si;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP_SIG(SIGTRAP), self->pid);
	ASSERT_SIGINFO(SIGTRAP, SIGTRAP | (PTRAP_EVENT_STOP << 8));
	memset(&si, 0, sizeof(si));
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, self->pid, &si));
	EXPECT_EQ(self->pid, si.si_pid);
	EXPECT_EQ(getuid(), si.si_uid);
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCONT), self->pid);
	RESUME(SIGCONT);
	ASSERT_RUNS();
	NO_REC();
}

/* ================= LISTEN ================= */

TEST_F(jobctl, listen_then_sigcont)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	char c = 0;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	ASSERT_EQ(0, ptrap_listen(self->p, self->pid));
	/* Listening: in no stop the supervisor may act on. */
	EXPECT_EQ(-ESRCH, ptrap_getregs(self->p, self->pid, &regs));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, self->pid,
				       PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_listen(self->p, self->pid));
	EXPECT_EQ(-ESRCH, ptrap_detach(self->p, self->pid, 0));
	ASSERT_QUIET();
	/* Another signal does not wake it. */
	ASSERT_EQ(0, kill(self->pid, SIGUSR1));
	NO_REC();
	/* SIGCONT does: PTRACE_EVENT_STOP with SIGTRAP, as the group runs. */
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP_SIG(SIGTRAP), self->pid);
	ASSERT_SIGINFO(SIGTRAP, SIGTRAP | (PTRAP_EVENT_STOP << 8));
	/* Then the pending signals, lowest first. */
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), self->pid);
	RESUME(SIGUSR1);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCONT), self->pid);
	RESUME(0);
	/* The handler's 'U' and the byte sent while stopped, in some order. */
	ASSERT_LT(0, pt_poll1(self->from, POLLIN, PT_TIMEOUT_MS));
	ASSERT_EQ(1, pt_read_full(self->from, &c, 1));
	EXPECT_TRUE(c == 'U' || c == 's');
	ASSERT_EQ(1, pt_read_full(self->from, &c, 1));
	EXPECT_TRUE(c == 'U' || c == 's');
	ASSERT_RUNS();
	NO_REC();
}

TEST_F(jobctl, listen_then_interrupt)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	ASSERT_EQ(0, ptrap_listen(self->p, self->pid));
	NO_REC();
	/* INTERRUPT: reported again, the group still stopped. */
	ASSERT_EQ(0, ptrap_interrupt(self->p, self->pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_EVSTOP_SIG(SIGSTOP), self->pid);
	ASSERT_SIGINFO(SIGSTOP, SIGSTOP | (PTRAP_EVENT_STOP << 8));
	/* And again. */
	ASSERT_EQ(0, ptrap_listen(self->p, self->pid));
	ASSERT_EQ(0, ptrap_interrupt(self->p, self->pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_EVSTOP_SIG(SIGSTOP), self->pid);
	ASSERT_QUIET();
	RESUME(0);
	ASSERT_ECHO_PENDING();
	NO_REC();
}

TEST_F(jobctl, listen_new_sigstop_needs_interrupt)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	ASSERT_EQ(0, ptrap_listen(self->p, self->pid));
	ASSERT_EQ(0, kill(self->pid, SIGSTOP));
	NO_REC();
	ASSERT_EQ(0, ptrap_interrupt(self->p, self->pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_EVSTOP_SIG(SIGSTOP), self->pid);
	/* The new SIGSTOP is still pending. */
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), self->pid);
	RESUME(0);
	ASSERT_RUNS();
}

TEST_F(jobctl, listen_at_interrupt_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	ASSERT_EQ(0, ptrap_interrupt(self->p, self->pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP_SIG(SIGTRAP), self->pid);
	ASSERT_EQ(0, ptrap_listen(self->p, self->pid));
	ASSERT_QUIET();
	NO_REC();
	ASSERT_EQ(0, ptrap_interrupt(self->p, self->pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP_SIG(SIGTRAP), self->pid);
	RESUME(0);
	ASSERT_ECHO_PENDING();
	NO_REC();
}

TEST_F(jobctl, listen_attached_eio)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	attach_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 0);
	EXPECT_EQ(-EIO, ptrap_listen(self->p, self->pid));
	EXPECT_EQ(-EIO, ptrap_interrupt(self->p, self->pid));
	/* Still in its stop. */
	RESUME(0);
	ASSERT_RUNS();
}

TEST_F(jobctl, listen_at_signal_stop_eio)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	ASSERT_EQ(0, kill(self->pid, SIGUSR1));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), self->pid);
	EXPECT_EQ(-EIO, ptrap_listen(self->p, self->pid));
	RESUME(0);
	ASSERT_RUNS();
}

TEST_F(jobctl, listen_running_esrch)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	EXPECT_EQ(-ESRCH, ptrap_listen(self->p, self->pid));
	EXPECT_EQ(-ESRCH, ptrap_listen(self->p, getpid()));
	ASSERT_RUNS();
}

TEST_F(jobctl, kill_while_listening)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	ASSERT_EQ(0, ptrap_listen(self->p, self->pid));
	ASSERT_EQ(0, ptrap_kill(self->p, self->pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, SIGKILL, self->pid);
}

TEST_F(jobctl, kill_in_group_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	attach_echo(_metadata, self);
	group_stop(_metadata, self, SIGTSTP, 0);
	ASSERT_EQ(0, kill(self->pid, SIGKILL));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, SIGKILL, self->pid);
}

/* ================= attaching to and leaving a stopped process ========= */

/* Stop the (untraced) echo child with SIGSTOP and see it stopped. */
static void stop_untraced(struct __test_metadata *_metadata,
			  FIXTURE_DATA(jobctl) *self, int sig)
{
	int status = 0;

	ASSERT_EQ(0, kill(self->pid, sig));
	ASSERT_EQ(self->pid, waitpid(self->pid, &status, WUNTRACED));
	ASSERT_EQ(ST_STOP(sig), status);
	ASSERT_EQ(0, wait_job_stopped(self->pid));
}

TEST_F(jobctl, attach_to_stopped)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	stop_untraced(_metadata, self, SIGSTOP);
	ASSERT_EQ(0, ptrap_attach(self->p, self->pid, 0));
	/* The group-stop at once, then ATTACH's own SIGSTOP. */
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_STOP(SIGSTOP), self->pid);
	ASSERT_SIGINFO(0, 0);
	ASSERT_QUIET();
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), self->pid);
	ASSERT_SIGINFO(SIGSTOP, SI_KERNEL);
	RESUME(0);
	ASSERT_ECHO_PENDING();
	NO_REC();
}

TEST_F(jobctl, seize_stopped)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	stop_untraced(_metadata, self, SIGTSTP);
	ASSERT_EQ(0, ptrap_seize(self->p, self->pid, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_EVSTOP_SIG(SIGTSTP), self->pid);
	ASSERT_SIGINFO(SIGTSTP, SIGTSTP | (PTRAP_EVENT_STOP << 8));
	ASSERT_QUIET();
	RESUME(0);
	ASSERT_ECHO_PENDING();
	NO_REC();
}

TEST_F(jobctl, seize_stopped_pending_signal)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	stop_untraced(_metadata, self, SIGSTOP);
	/* Pending while stopped: the handler cannot run yet. */
	ASSERT_EQ(0, kill(self->pid, SIGUSR1));
	ASSERT_EQ(0, ptrap_seize(self->p, self->pid, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_EVSTOP_SIG(SIGSTOP), self->pid);
	ASSERT_QUIET();
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), self->pid);
	RESUME(0);
	ASSERT_ECHO_PENDING();
	NO_REC();
}

TEST_F(jobctl, detach_in_group_stop_stays_stopped)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	ASSERT_EQ(0, ptrap_detach(self->p, self->pid, 0));
	ASSERT_EQ(0, wait_job_stopped(self->pid));
	ASSERT_QUIET();
	/* Until SIGCONT. */
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	ASSERT_ECHO_PENDING();
	ASSERT_RUNS();
	NO_REC();
}

TEST_F(jobctl, detach_after_resume_in_stopped_group)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	RESUME(0);
	ASSERT_RUNS();
	/* Running, its group stopped: let go, it stops with the group. */
	ASSERT_EQ(0, ptrap_interrupt(self->p, self->pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_EVSTOP_SIG(SIGSTOP), self->pid);
	ASSERT_EQ(0, ptrap_detach(self->p, self->pid, 0));
	ASSERT_EQ(0, wait_job_stopped(self->pid));
	ASSERT_QUIET();
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	ASSERT_ECHO_PENDING();
}

TEST_F(jobctl, close_in_group_stop_stays_stopped)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	attach_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 0);
	ptrap_close(self->p);
	self->p = NULL;
	ASSERT_EQ(0, wait_job_stopped(self->pid));
	ASSERT_QUIET();
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	ASSERT_ECHO_PENDING();
	ASSERT_RUNS();
}

TEST_F(jobctl, close_while_listening_stays_stopped)
{
	NEED_SESSION();
	start_echo(_metadata, self, ECHO_OWN_PGRP);
	seize_echo(_metadata, self);
	group_stop(_metadata, self, SIGSTOP, 1);
	ASSERT_EQ(0, ptrap_listen(self->p, self->pid));
	ptrap_close(self->p);
	self->p = NULL;
	ASSERT_EQ(0, wait_job_stopped(self->pid));
	ASSERT_QUIET();
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	ASSERT_ECHO_PENDING();
}

/* ================= what the real parent sees ================= */

TEST_F(jobctl, real_parent_sees_group_stop)
{
	struct ptrap_stop st;
	int status = 0;

	NEED_SESSION();
	start_echo_under_parent(_metadata, self);
	seize_echo(_metadata, self);
	ASSERT_RUNS();
	group_stop(_metadata, self, SIGSTOP, 1);
	/* The real parent (not the supervisor) is told of the stop. */
	ASSERT_EQ(0, next_report(self, &status));
	ASSERT_EQ(ST_STOP(SIGSTOP), status);
	/* SIGCONT: the real parent sees it continue once the group runs. */
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP_SIG(SIGTRAP), self->pid);
	RESUME(0);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCONT), self->pid);
	RESUME(SIGCONT);
	ASSERT_EQ(0, next_report(self, &status));
	ASSERT_TRUE(WIFCONTINUED(status)) TH_LOG("status %#x", status);
	ASSERT_RUNS();
	/* Its end too. */
	ASSERT_EQ(0, pt_write_all(self->to, "q", 1));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(3), self->pid);
	ASSERT_EQ(0, next_report(self, &status));
	ASSERT_EQ(ST_EXIT(3), status);
	self->pid = -1;
}

/* ================= two threads ================= */

/* Resume @tid with no signal. */
#define RESUME_TID(tid) \
	ASSERT_EQ(0, ptrap_resume(self->p, (tid), PTRAP_RESUME_CONT, 0))

/* The second thread is stopped: a byte sent to it is not echoed. */
#define ASSERT_QUIET2() ASSERT_QUIET_ON(self->to2, self->from2, self->tid2)
#define ASSERT_ECHO_PENDING2() ASSERT_ECHO_PENDING_ON(self->from2, self->tid2)

/*
 * SIGSTOP to the process: one thread takes it (either), and once it is
 * delivered every traced thread reports the group-stop.
 */
static void mt_group_stop(struct __test_metadata *_metadata,
			  FIXTURE_DATA(jobctl) *self, int seized)
{
	unsigned int gs = seized ? ST_EVSTOP_SIG(SIGSTOP) : ST_STOP(SIGSTOP);
	struct ptrap_stop st, st2;
	pid_t taker, other;

	ASSERT_EQ(0, kill(self->pid, SIGSTOP));
	NEXT_REC(st);
	ASSERT_EQ(PTRAP_STOP_SIGNAL, st.kind) TH_LOG(REC_FMT, REC_ARGS(st));
	ASSERT_EQ(ST_STOP(SIGSTOP), st.status);
	ASSERT_TRUE(st.tid == self->pid || st.tid == self->tid2)
		TH_LOG(REC_FMT, REC_ARGS(st));
	taker = st.tid;
	other = taker == self->pid ? self->tid2 : self->pid;
	ASSERT_EQ(0, ptrap_resume(self->p, taker, PTRAP_RESUME_CONT, SIGSTOP));
	NEXT_REC(st);
	NEXT_REC(st2);
	if (st.tid != taker) {
		struct ptrap_stop tmp = st;

		st = st2;
		st2 = tmp;
	}
	ASSERT_STOP(st, PTRAP_STOP_GROUP, gs, taker);
	ASSERT_STOP(st2, PTRAP_STOP_GROUP, gs, other);
}

TEST_F(jobctl, threads_seized_group_stop)
{
	NEED_SESSION();
	start_mt_echo(_metadata, self, 0);
	ASSERT_EQ(0, ptrap_seize(self->p, self->pid, 0));
	ASSERT_EQ(0, ptrap_seize(self->p, self->tid2, 0));
	mt_group_stop(_metadata, self, 1);
	ASSERT_QUIET();
	ASSERT_QUIET2();
	NO_REC();
	/* Each runs once resumed, the other staying stopped. */
	RESUME_TID(self->tid2);
	ASSERT_ECHO_PENDING2();
	ASSERT_QUIET();
	RESUME_TID(self->pid);
	ASSERT_ECHO_PENDING();
	NO_REC();
}

TEST_F(jobctl, threads_attached_group_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_mt_echo(_metadata, self, 0);
	ASSERT_EQ(0, ptrap_attach(self->p, self->pid, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), self->pid);
	RESUME_TID(self->pid);
	ASSERT_EQ(0, ptrap_attach(self->p, self->tid2, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), self->tid2);
	RESUME_TID(self->tid2);
	ASSERT_EQ(0, echo_rt(self, 'a'));
	ASSERT_EQ(0, echo_rt2(self, 'a'));
	mt_group_stop(_metadata, self, 0);
	ASSERT_QUIET();
	ASSERT_QUIET2();
	RESUME_TID(self->pid);
	RESUME_TID(self->tid2);
	ASSERT_ECHO_PENDING();
	ASSERT_ECHO_PENDING2();
	NO_REC();
}

TEST_F(jobctl, threads_process_signal_stops_once)
{
	struct ptrap_stop st;
	char c = 0;

	NEED_SESSION();
	start_mt_echo(_metadata, self, 0);
	ASSERT_EQ(0, ptrap_seize(self->p, self->pid, 0));
	ASSERT_EQ(0, ptrap_seize(self->p, self->tid2, 0));
	ASSERT_EQ(0, kill(self->pid, SIGUSR1));
	NEXT_REC(st);
	ASSERT_EQ(PTRAP_STOP_SIGNAL, st.kind) TH_LOG(REC_FMT, REC_ARGS(st));
	ASSERT_EQ(ST_STOP(SIGUSR1), st.status);
	ASSERT_TRUE(st.tid == self->pid || st.tid == self->tid2)
		TH_LOG(REC_FMT, REC_ARGS(st));
	/* One signal, one stop: not one in each thread. */
	NO_REC();
	ASSERT_EQ(0, ptrap_resume(self->p, st.tid, PTRAP_RESUME_CONT,
				  SIGUSR1));
	ASSERT_LT(0, pt_poll1(self->usr, POLLIN, PT_TIMEOUT_MS));
	ASSERT_EQ(1, pt_read_full(self->usr, &c, 1));
	EXPECT_EQ('U', c);
	EXPECT_EQ(0, pt_poll1(self->usr, POLLIN, QUIET_MS));
	ASSERT_EQ(0, echo_rt(self, 'b'));
	ASSERT_EQ(0, echo_rt2(self, 'b'));
	NO_REC();
}

TEST_F(jobctl, threads_untraced_leader_starts_group_stop)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_mt_echo(_metadata, self, 0);
	/* Only the second thread is traced. */
	ASSERT_EQ(0, ptrap_seize(self->p, self->tid2, 0));
	ASSERT_EQ(0, kill(self->pid, SIGSTOP));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_GROUP, ST_EVSTOP_SIG(SIGSTOP), self->tid2);
	ASSERT_QUIET();
	ASSERT_QUIET2();
	/* Resumed, it runs; the leader stays stopped until SIGCONT. */
	RESUME_TID(self->tid2);
	ASSERT_ECHO_PENDING2();
	ASSERT_EQ(0, echo_rt2(self, 'c'));
	ASSERT_EQ(0, pt_poll1(self->from, POLLIN, QUIET_MS));
	ASSERT_EQ(0, kill(self->pid, SIGCONT));
	ASSERT_ECHO_PENDING();
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP_SIG(SIGTRAP), self->tid2);
	RESUME_TID(self->tid2);
	ASSERT_EQ(0, echo_rt2(self, 'd'));
}

TEST_F(jobctl, threads_signal_taken_by_untraced_thread)
{
	char c = 0;

	NEED_SESSION();
	start_mt_echo(_metadata, self, 1);
	/* The leader is traced but blocks SIGUSR1: the other thread takes it. */
	ASSERT_EQ(0, ptrap_seize(self->p, self->pid, 0));
	ASSERT_EQ(0, kill(self->pid, SIGUSR1));
	ASSERT_LT(0, pt_poll1(self->usr, POLLIN, PT_TIMEOUT_MS));
	ASSERT_EQ(1, pt_read_full(self->usr, &c, 1));
	EXPECT_EQ('U', c);
	NO_REC();
	ASSERT_EQ(0, echo_rt(self, 'b'));
	NO_REC();
}

TEST_F(jobctl, threads_fatal_signal_traced_leader)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_mt_echo(_metadata, self, 0);
	ASSERT_EQ(0, ptrap_seize(self->p, self->pid, 0));
	/* The leader is ptraced: no shortcut, its signal-delivery-stop. */
	ASSERT_EQ(0, kill(self->pid, SIGTERM));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTERM), self->pid);
	ASSERT_EQ(0, echo_rt2(self, 'f'));
	RESUME(SIGTERM);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, SIGTERM, self->pid);
}

TEST_F(jobctl, threads_fatal_signal_untraced_leader)
{
	struct ptrap_stop st;

	NEED_SESSION();
	start_mt_echo(_metadata, self, 0);
	ASSERT_EQ(0, ptrap_seize(self->p, self->tid2, 0));
	/* The leader is not traced: the whole process dies at once. */
	ASSERT_EQ(0, kill(self->pid, SIGTERM));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, SIGTERM, self->tid2);
	NO_REC();
}

TEST_HARNESS_MAIN
