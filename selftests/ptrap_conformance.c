// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap_conformance: every case is written once against libptrap and runs
 * under two variants of FIXTURE(session):
 *
 *   stub_pool  real ptrace(2) (PTRAP_OPEN_STUBPOOL): the ground truth;
 *   module     /dev/ptrap (PTRAP_OPEN_MODULE): SKIPs when it is absent.
 *
 * The module must produce exactly what ptrace(2) produces: status words are
 * compared bit for bit, siginfo fields and errnos as ptrace gives them.
 *
 * Tracees are this binary re-executed as "--child-..." (see ptrap_util.h)
 * or forked "echo" children. Synchronisation is by pipes only; every wait
 * on a record is bounded by poll(2) on ptrap_fd() (PT_TIMEOUT_MS). Every
 * child is killed and reaped in FIXTURE_TEARDOWN.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <pthread.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#define PT_FIXTURE session
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

#define BIT40		(1ULL << 40)

/* "--child-MODE" with one number, descriptors or two descriptors. */
#define SPAWN_ARG(opts, mode, v) \
	spawn_mode(_metadata, self, (opts), "--child-" mode, 1, \
		   (int[]){ (v) }, 0)
#define SPAWN_FD(opts, mode, fd) \
	spawn_mode(_metadata, self, (opts), "--child-" mode, 1, \
		   (int[]){ (fd) }, 1)
#define SPAWN_FD2(opts, mode, fd1, fd2) \
	spawn_mode(_metadata, self, (opts), "--child-" mode, 2, \
		   (int[]){ (fd1), (fd2) }, 1)

/* Resume with SYSCALL once and expect the given syscall stop. */
static void step_syscall(struct __test_metadata *_metadata, struct ptrap *p,
			 pid_t tid, unsigned int kind, long nr,
			 struct ptrap_stop *out)
{
	ASSERT_EQ(0, ptrap_resume(p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC_ON(p, *out);
	ASSERT_STOP(*out, kind, ST_SYSCALL, tid);
	ASSERT_EQ(nr, out->nr) TH_LOG(REC_FMT, REC_ARGS(*out));
}

/* Resume with CONT and expect the tracee to exit with @code. */
static void cont_to_exit(struct __test_metadata *_metadata, struct ptrap *p,
			 pid_t tid, int code)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, ptrap_resume(p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC_ON(p, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(code), tid);
}

/* ---- forked echo children (for attach and seize) ---- */

/*
 * An echo child that is our grandchild: a middle process forks it, tells
 * us its pid, and reports its wait status once it ends. Needed where the
 * test must see how a tracee died: the stub pool's tracer thread belongs
 * to this process, so for our own children ptrace(2) lets the tracer's
 * waitpid() reap them and the status never reaches us.
 */
struct mid_echo {
	struct echo e;
	pid_t mid;
	int info;	/* from the middle: the echo's pid, then its status */
	int release;	/* closing it lets the middle exit */
};

static void start_mid_echo(struct __test_metadata *_metadata,
			   FIXTURE_DATA(session) *self, struct mid_echo *m)
{
	int a[2], b[2], info[2], rel[2];
	char c = 0;

	ASSERT_EQ(0, pipe2(a, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(b, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(info, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(rel, O_CLOEXEC));
	m->mid = fork();
	ASSERT_LE(0, m->mid);
	if (m->mid == 0) {
		pid_t pid;
		int fd, status;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (fd = 3; fd < 1024; fd++)
			if (fd != a[0] && fd != b[1] && fd != info[1] &&
			    fd != rel[0])
				close(fd);
		pid = fork();
		if (pid < 0)
			_exit(1);
		if (pid == 0) {
			close(info[1]);
			close(rel[0]);
			pt_echo_loop(a[0], b[1]);
		}
		close(a[0]);
		close(b[1]);
		if (pt_write_all(info[1], &pid, sizeof(pid)))
			_exit(2);
		/* Wait for its end without reaping: its pid stays taken. */
		status = pt_end_status_nowait(pid);
		if (status < 0)
			_exit(3);
		if (pt_write_all(info[1], &status, sizeof(status)))
			_exit(4);
		while (read(rel[0], &c, 1) != 0 && errno == EINTR)
			;
		_exit(0);
	}
	track_pid(self, m->mid);
	close(a[0]);
	close(b[1]);
	close(info[1]);
	close(rel[0]);
	m->e.to = track_fd(self, a[1]);
	m->e.from = track_fd(self, b[0]);
	m->info = track_fd(self, info[0]);
	m->release = track_fd(self, rel[1]);
	ASSERT_EQ(sizeof(m->e.pid),
		  pt_read_full(m->info, &m->e.pid, sizeof(m->e.pid)));
	track_foreign(self, m->e.pid);
	ASSERT_EQ(0, pt_write_all(m->e.to, "a", 1));
	ASSERT_EQ(1, pt_read_full(m->e.from, &c, 1));
	ASSERT_EQ('a', c);
}

/* The grandchild's wait status, bounded: 0 or -ETIMEDOUT/-errno. */
static int mid_echo_status(struct mid_echo *m, int *status)
{
	return pt_read_status(m->info, status);
}

/* Start an echo child and attach to it: SIGSTOP signal-delivery-stop. */
static void attach_echo(struct __test_metadata *_metadata,
			FIXTURE_DATA(session) *self, struct echo *e,
			uint64_t opts)
{
	struct ptrap_stop st;
	int r;

	start_echo(_metadata, self, e, 0);
	r = ptrap_attach(self->p, e->pid, opts);
	ASSERT_EQ(0, r) TH_LOG("ptrap_attach: %s", strerror(-r));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), e->pid);
}

static void seize_echo(struct __test_metadata *_metadata,
		       FIXTURE_DATA(session) *self, struct echo *e,
		       uint64_t opts)
{
	int r;

	start_echo(_metadata, self, e, 0);
	r = ptrap_seize(self->p, e->pid, opts);
	ASSERT_EQ(0, r) TH_LOG("ptrap_seize: %s", strerror(-r));
}

/* ================= spawn and the first record ================= */

TEST_F(session, spawn_first_record)
{
	struct ptrap_stop st;
	siginfo_t si;
	pid_t tid;
	char *argv[] = { (char *)pt_self_exe(), "--child-exit", "0", NULL };

	NEED_SESSION();
	ASSERT_EQ(0, ptrap_spawn(self->p, argv[0], argv, NULL,
				 PTRAP_O_EXITKILL, &tid));
	track_pid(self, tid);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, 0x57f, tid);
	EXPECT_EQ(tid, st.tgid);
	EXPECT_EQ(-1, st.nr);
	/* The post-exec SIGTRAP: sent by the tracee to itself, SI_USER. */
	rec_siginfo(&st, &si);
	EXPECT_EQ(SIGTRAP, si.si_signo);
	EXPECT_EQ(SI_USER, si.si_code);
	EXPECT_EQ(0, si.si_errno);
	EXPECT_EQ(tid, si.si_pid);
	EXPECT_EQ(getuid(), si.si_uid);
	NO_REC();
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, spawn_record_ip_sp)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	pid_t tid;
	char *argv[] = { (char *)pt_self_exe(), "--child-exit", "0", NULL };

	NEED_SESSION();
	ASSERT_EQ(0, ptrap_spawn(self->p, argv[0], argv, NULL,
				 PTRAP_O_EXITKILL, &tid));
	track_pid(self, tid);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), tid);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ(regs.rip, st.ip);
	EXPECT_EQ(regs.rsp, st.sp);
	EXPECT_NE(0, st.ip);
	/* Stopped before its first instruction: not inside a syscall. */
	EXPECT_EQ(0, st.retval);
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, spawn_enoent)
{
	char *argv[] = { "/nonexistent/ptrap-selftest", NULL };
	pid_t tid = -1;

	NEED_SESSION();
	ASSERT_EQ(-ENOENT, ptrap_spawn(self->p, argv[0], argv, NULL, 0,
				       &tid));
	NO_REC();
}

TEST_F(session, spawn_eacces)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX];
	char *argv[] = { path, NULL };
	pid_t tid = -1;
	int fd, r;

	NEED_SESSION();
	snprintf(path, sizeof(path), "%s/ptrap-selftest-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pt_write_all(fd, "#!/bin/sh\n", 10));
	close(fd);
	chmod(path, 0644);
	r = ptrap_spawn(self->p, path, argv, NULL, 0, &tid);
	unlink(path);
	ASSERT_EQ(-EACCES, r);
	NO_REC();
}

TEST_F(session, spawn_bad_option)
{
	char *argv[] = { (char *)pt_self_exe(), "--child-exit", "0", NULL };
	pid_t tid = -1;

	NEED_SESSION();
	EXPECT_EQ(-EINVAL, ptrap_spawn(self->p, argv[0], argv, NULL, BIT40,
				       &tid));
	EXPECT_EQ(-EINVAL, ptrap_spawn(self->p, argv[0], argv, NULL,
				       PTRAP_O_TRACESECCOMP, &tid));
	NO_REC();
}

/* ================= EXITED records ================= */

TEST_F(session, exit_code_7)
{
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 7);
	cont_to_exit(_metadata, self->p, tid, 7);
}

TEST_F(session, exit_code_0)
{
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 0);
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, exit_code_255)
{
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 255);
	cont_to_exit(_metadata, self->p, tid, 255);
}

TEST_F(session, exited_record_fields)
{
	struct ptrap_stop st;
	pid_t tid;
	int i;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 42);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, 0x2a00, tid);
	EXPECT_EQ(tid, st.tgid);
	EXPECT_EQ(-1, st.nr);
	EXPECT_EQ(0, st.retval);
	EXPECT_EQ(0, st.msg);
	EXPECT_EQ(0, st.ip);
	EXPECT_EQ(0, st.sp);
	for (i = 0; i < 6; i++)
		EXPECT_EQ(0, st.args[i]);
	/* Reported once. */
	NO_REC();
}

/* ================= syscall stops ================= */

TEST_F(session, syscall_stop_order)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	/* All of the start-up code's syscalls, enter/exit alternating. */
	run_to_syscall(_metadata, self, tid, SYS_getppid, 0x57f, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getppid, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_ENTER,
		     SYS_write, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_write, &st);
	EXPECT_EQ(8, st.retval);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_ENTER,
		     SYS_exit_group, &st);
	EXPECT_EQ(0, st.args[0]);
	/* exit_group has no exit stop: the next record is EXITED. */
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, syscall_getppid_retval)
{
	struct ptrap_stop st;
	int64_t seen;
	int rp[2], i;
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	EXPECT_EQ(tid, st.tgid);
	EXPECT_EQ(0, st.retval);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getppid, &st);
	/* Exit stops carry the return value and no arguments. */
	for (i = 0; i < 6; i++)
		EXPECT_EQ(0, st.args[i]);
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(sizeof(seen), pt_read_full(rp[0], &seen, sizeof(seen)));
	EXPECT_LT(0, seen);
	EXPECT_EQ(seen, st.retval);
}

TEST_F(session, syscall_enter_args)
{
	struct ptrap_stop st;
	char buf[8] = { 0 };
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSCALL, &st);
	/* write(wfd, "hello", 5): the tracee's wfd has our write end's number */
	EXPECT_EQ((__u64)wp[1], st.args[0]);
	EXPECT_EQ(5, st.args[2]);
	ASSERT_EQ(5, ptrap_read_mem(self->p, tid, st.args[1], buf, 5));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, syscall_enter_regs)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ(SYS_write, regs.orig_rax);
	EXPECT_EQ((unsigned long long)-ENOSYS, regs.rax);
	EXPECT_EQ(st.args[0], regs.rdi);
	EXPECT_EQ(st.args[1], regs.rsi);
	EXPECT_EQ(st.args[2], regs.rdx);
	EXPECT_EQ(st.args[3], regs.r10);
	EXPECT_EQ(st.args[4], regs.r8);
	EXPECT_EQ(st.args[5], regs.r9);
	EXPECT_EQ(regs.rip, st.ip);
	EXPECT_EQ(regs.rsp, st.sp);
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, syscall_exit_regs)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSCALL, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_write, &st);
	EXPECT_EQ(5, st.retval);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ(SYS_write, regs.orig_rax);
	EXPECT_EQ(5, regs.rax);
	EXPECT_EQ(regs.rip, st.ip);
	EXPECT_EQ(regs.rsp, st.sp);
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, syscall_cont_from_enter)
{
	struct pt_write_report rep;
	struct ptrap_stop st;
	char buf[8];
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSCALL, &st);
	/* CONT from a syscall-enter-stop runs the syscall, no exit stop. */
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(5, pt_read_full(wp[0], buf, 5));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	EXPECT_EQ(5, rep.n);
}

TEST_F(session, tracesysgood_spawn)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	/* The post-exec stop is a signal stop: plain 0x57f (checked). */
	tid = SPAWN_FD(PTRAP_O_TRACESYSGOOD, "getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, 0x857f, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, 0x857f, tid);
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, tracesysgood_setoptions)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, 0x57f, &st);
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_TRACESYSGOOD |
				      PTRAP_O_EXITKILL));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, 0x857f, tid);
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, 0x57f, tid);
	EXPECT_EQ(SYS_write, st.nr);
	cont_to_exit(_metadata, self->p, tid, 0);
}

/* ================= SYSEMU ================= */

TEST_F(session, sysemu_skips_write)
{
	struct user_regs_struct regs;
	struct pt_write_report rep;
	struct ptrap_stop st;
	size_t junk = 0;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getppid, &st);
	/* From the exit stop: SYSEMU stops at write's entry only. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSEMU, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, 0x57f, tid);
	ASSERT_EQ(SYS_write, st.nr);
	EXPECT_EQ(5, st.args[2]);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ(SYS_write, regs.orig_rax);
	EXPECT_EQ((unsigned long long)-ENOSYS, regs.rax);
	regs.rax = 42;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	/* No exit stop for an emulated syscall: next is getppid's entry. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSEMU, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, 0x57f, tid);
	ASSERT_EQ(SYS_getppid, st.nr);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	regs.rax = 777;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	EXPECT_EQ(42, rep.n);
	EXPECT_EQ(777, rep.ppid);
	/* The write never happened: EOF, nothing in the pipe. */
	ASSERT_EQ(0, pt_wait_eof(wp[0], &junk));
	EXPECT_EQ(0, junk);
}

TEST_F(session, sysemu_default_enosys)
{
	struct pt_write_report rep;
	struct ptrap_stop st;
	size_t junk = 0;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getppid, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSEMU, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, 0x57f, tid);
	ASSERT_EQ(SYS_write, st.nr);
	/* Registers untouched: the tracee sees -ENOSYS. */
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	EXPECT_EQ(-1, rep.n);
	EXPECT_EQ(ENOSYS, rep.err);
	ASSERT_EQ(0, pt_wait_eof(wp[0], &junk));
	EXPECT_EQ(0, junk);
}

TEST_F(session, sysemu_then_syscall_exit_stop)
{
	struct user_regs_struct regs;
	struct pt_write_report rep;
	struct ptrap_stop st;
	size_t junk = 0;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getppid, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSEMU, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, 0x57f, tid);
	ASSERT_EQ(SYS_write, st.nr);
	/* Emulated: the supervisor's result... */
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	regs.rax = 3;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	/* ...and, resumed with SYSCALL, the exit stop shows it. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, 0x57f, tid);
	EXPECT_EQ(SYS_write, st.nr);
	EXPECT_EQ(3, st.retval);
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	EXPECT_EQ(3, rep.n);
	/* Nothing was written. */
	ASSERT_EQ(0, pt_wait_eof(wp[0], &junk));
	EXPECT_EQ(0, junk);
}

TEST_F(session, sysemu_tracesysgood)
{
	struct ptrap_stop st;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(PTRAP_O_TRACESYSGOOD, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, 0x857f, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, 0x857f, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSEMU, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, 0x857f, tid);
	EXPECT_EQ(SYS_write, st.nr);
	cont_to_exit(_metadata, self->p, tid, 0);
}

/* ================= registers ================= */

TEST_F(session, regs_change_length)
{
	struct user_regs_struct regs;
	struct pt_write_report rep;
	struct ptrap_stop st;
	char buf[8] = { 0 };
	size_t more = 0;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	regs.rdx = 2;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_write, &st);
	EXPECT_EQ(2, st.retval);
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(2, pt_read_full(wp[0], buf, 2));
	EXPECT_EQ(0, memcmp(buf, "he", 2));
	ASSERT_EQ(0, pt_wait_eof(wp[0], &more));
	EXPECT_EQ(0, more);
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	EXPECT_EQ(2, rep.n);
}

TEST_F(session, regs_change_fd)
{
	struct user_regs_struct regs;
	struct pt_write_report rep;
	struct ptrap_stop st;
	char buf[8] = { 0 };
	size_t junk = 0;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	/* Redirect the write to the tracee's report descriptor. */
	regs.rdi = rp[1];
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(5, pt_read_full(rp[0], buf, 5));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	EXPECT_EQ(5, rep.n);
	ASSERT_EQ(0, pt_wait_eof(wp[0], &junk));
	EXPECT_EQ(0, junk);
}

TEST_F(session, regs_change_retval)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	int64_t seen = 0;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getpid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getpid, ST_SYSCALL, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getpid, &st);
	EXPECT_EQ(tid, st.retval);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ((unsigned long long)tid, regs.rax);
	regs.rax = 12345;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &regs));
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(sizeof(seen), pt_read_full(rp[0], &seen, sizeof(seen)));
	EXPECT_EQ(12345, seen);
}

TEST_F(session, regs_roundtrip)
{
	struct user_regs_struct a, b;
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	memset(&a, 0, sizeof(a));
	memset(&b, 0xa5, sizeof(b));
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &a));
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &a));
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &b));
	EXPECT_EQ(0, memcmp(&a, &b, sizeof(a)));
	/* A callee-clobbered register survives a set/get round trip. */
	a.r11 ^= 0x5a5a;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &a));
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &b));
	EXPECT_EQ(a.r11, b.r11);
	EXPECT_EQ(0, memcmp(&a, &b, sizeof(a)));
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, regset_prstatus)
{
	struct user_regs_struct regs, rs;
	char big[sizeof(rs) + 64];
	struct ptrap_stop st;
	size_t len;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	/* A bigger buffer is cut to the set's size, as PTRACE_GETREGSET. */
	len = sizeof(big);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_PRSTATUS, big, &len));
	ASSERT_EQ(sizeof(rs), len);
	memcpy(&rs, big, sizeof(rs));
	EXPECT_EQ(216, sizeof(rs));
	EXPECT_EQ(0, memcmp(&regs, &rs, sizeof(rs)));
	EXPECT_EQ(SYS_getppid, rs.orig_rax);
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, regset_setregset)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	size_t len = sizeof(regs);
	int64_t seen = 0;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getpid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getpid, ST_SYSCALL, &st);
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getpid, &st);
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_PRSTATUS, &regs, &len));
	ASSERT_EQ(sizeof(regs), len);
	regs.rax = 4242;
	len = sizeof(regs);
	ASSERT_EQ(0, ptrap_setregset(self->p, tid, NT_PRSTATUS, &regs, &len));
	EXPECT_EQ(sizeof(regs), len);
	cont_to_exit(_metadata, self->p, tid, 0);
	ASSERT_EQ(sizeof(seen), pt_read_full(rp[0], &seen, sizeof(seen)));
	EXPECT_EQ(4242, seen);
}

TEST_F(session, regset_partial)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	uint64_t part[4] = { 0, 0, 0, 0xdeadbeef };
	size_t len = 3 * 8;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	ASSERT_EQ(0, ptrap_getregset(self->p, tid, NT_PRSTATUS, part, &len));
	ASSERT_EQ(24, len);
	EXPECT_EQ(regs.r15, part[0]);
	EXPECT_EQ(regs.r14, part[1]);
	EXPECT_EQ(regs.r13, part[2]);
	EXPECT_EQ(0xdeadbeef, part[3]);
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, regset_bad_len)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	size_t len;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	len = 7;
	EXPECT_EQ(-EINVAL, ptrap_getregset(self->p, tid, NT_PRSTATUS,
					   &regs, &len));
	len = sizeof(regs) - 4;
	EXPECT_EQ(-EINVAL, ptrap_getregset(self->p, tid, NT_PRSTATUS,
					   &regs, &len));
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	len = 12;
	EXPECT_EQ(-EINVAL, ptrap_setregset(self->p, tid, NT_PRSTATUS,
					   &regs, &len));
	/* Still stopped and intact. */
	step_syscall(_metadata, self->p, tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getppid, &st);
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, regset_bad_note)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	size_t len = sizeof(regs);
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	EXPECT_EQ(-EINVAL, ptrap_getregset(self->p, tid, 0x7fff, &regs,
					   &len));
	len = sizeof(regs);
	EXPECT_EQ(-EINVAL, ptrap_setregset(self->p, tid, 0x7fff, &regs,
					   &len));
	cont_to_exit(_metadata, self->p, tid, 0);
}

/* ================= memory ================= */

/* Spawn the "mem" tracee, run it to its marker, take its report. */
static pid_t mem_tracee(struct __test_metadata *_metadata,
			FIXTURE_DATA(session) *self,
			struct pt_mem_report *rep)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "mem", rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_getppid, ST_SYSCALL, &st);
	ASSERT_EQ(sizeof(*rep), pt_read_full(rp[0], rep, sizeof(*rep)));
	ASSERT_NE(0, rep->addr);
	return tid;
}

TEST_F(session, mem_read_across_pages)
{
	static unsigned char buf[2 * PT_PAGE];
	struct pt_mem_report rep;
	size_t i;
	pid_t tid;

	NEED_SESSION();
	tid = mem_tracee(_metadata, self, &rep);
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(PT_WIN_LEN, ptrap_read_mem(self->p, tid,
					     rep.addr + PT_WIN_OFF, buf,
					     PT_WIN_LEN));
	for (i = 0; i < PT_WIN_LEN; i++)
		ASSERT_EQ(PT_PATTERN(PT_WIN_OFF + i), buf[i]);
	/* Both pages at once, from an unaligned start. */
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(2 * PT_PAGE - 3,
		  ptrap_read_mem(self->p, tid, rep.addr + 3, buf,
				 2 * PT_PAGE - 3));
	for (i = 0; i < 2 * PT_PAGE - 3; i++)
		ASSERT_EQ(PT_PATTERN(i + 3), buf[i]);
	/* pt_child_target() untouched, memory untouched: 1 * 16 + 0. */
	cont_to_exit(_metadata, self->p, tid, 16);
}

TEST_F(session, mem_write_across_pages)
{
	unsigned char buf[PT_WIN_LEN], back[PT_WIN_LEN];
	struct pt_mem_report rep;
	size_t i;
	pid_t tid;

	NEED_SESSION();
	tid = mem_tracee(_metadata, self, &rep);
	for (i = 0; i < PT_WIN_LEN; i++)
		buf[i] = ~PT_PATTERN(PT_WIN_OFF + i);
	ASSERT_EQ(PT_WIN_LEN, ptrap_write_mem(self->p, tid,
					      rep.addr + PT_WIN_OFF, buf,
					      PT_WIN_LEN));
	ASSERT_EQ(PT_WIN_LEN, ptrap_read_mem(self->p, tid,
					     rep.addr + PT_WIN_OFF, back,
					     PT_WIN_LEN));
	EXPECT_EQ(0, memcmp(buf, back, PT_WIN_LEN));
	/* The tracee checks: window inverted, the rest intact: 16 + 1. */
	cont_to_exit(_metadata, self->p, tid, 17);
}

TEST_F(session, mem_write_text)
{
	/* mov $2, %eax; ret */
	static const unsigned char code[] = { 0xb8, 2, 0, 0, 0, 0xc3 };
	unsigned char back[sizeof(code)];
	struct pt_mem_report rep;
	pid_t tid;

	NEED_SESSION();
	tid = mem_tracee(_metadata, self, &rep);
	ASSERT_EQ(sizeof(code), ptrap_write_mem(self->p, tid, rep.fn, code,
						sizeof(code)));
	ASSERT_EQ(sizeof(back), ptrap_read_mem(self->p, tid, rep.fn, back,
					       sizeof(back)));
	EXPECT_EQ(0, memcmp(code, back, sizeof(code)));
	/* The patched pt_child_target() returns 2: 2 * 16 + 0. */
	cont_to_exit(_metadata, self->p, tid, 32);
}

TEST_F(session, mem_read_unmapped)
{
	struct pt_mem_report rep;
	char buf[16];
	pid_t tid;

	NEED_SESSION();
	tid = mem_tracee(_metadata, self, &rep);
	EXPECT_EQ(-EIO, ptrap_read_mem(self->p, tid, rep.addr + 2 * PT_PAGE,
				       buf, sizeof(buf)));
	EXPECT_EQ(-EIO, ptrap_read_mem(self->p, tid, 0, buf, sizeof(buf)));
	EXPECT_EQ(-EIO, ptrap_read_mem(self->p, tid, 0xffff800000000000ULL,
				       buf, 8));
	cont_to_exit(_metadata, self->p, tid, 16);
}

TEST_F(session, mem_read_short)
{
	struct pt_mem_report rep;
	unsigned char buf[64];
	int i;
	pid_t tid;

	NEED_SESSION();
	tid = mem_tracee(_metadata, self, &rep);
	/* 16 bytes are mapped before the hole: a short read of 16. */
	ASSERT_EQ(16, ptrap_read_mem(self->p, tid,
				     rep.addr + 2 * PT_PAGE - 16, buf,
				     sizeof(buf)));
	for (i = 0; i < 16; i++)
		EXPECT_EQ(PT_PATTERN(2 * PT_PAGE - 16 + i), buf[i]);
	cont_to_exit(_metadata, self->p, tid, 16);
}

TEST_F(session, mem_write_unmapped)
{
	struct pt_mem_report rep;
	char buf[16] = { 1 };
	pid_t tid;

	NEED_SESSION();
	tid = mem_tracee(_metadata, self, &rep);
	EXPECT_EQ(-EIO, ptrap_write_mem(self->p, tid, rep.addr + 2 * PT_PAGE,
					buf, sizeof(buf)));
	EXPECT_EQ(-EIO, ptrap_write_mem(self->p, tid, 0, buf, sizeof(buf)));
	/* Nothing was written anywhere the tracee can see. */
	cont_to_exit(_metadata, self->p, tid, 16);
}

TEST_F(session, mem_zero_len)
{
	struct pt_mem_report rep;
	char buf[1] = { 0x55 };
	pid_t tid;

	NEED_SESSION();
	tid = mem_tracee(_metadata, self, &rep);
	EXPECT_EQ(0, ptrap_read_mem(self->p, tid, rep.addr, buf, 0));
	EXPECT_EQ(0, ptrap_write_mem(self->p, tid, rep.addr, buf, 0));
	EXPECT_EQ(0x55, buf[0]);
	cont_to_exit(_metadata, self->p, tid, 16);
}

/* ================= signals ================= */

/* Spawn "raise SIG" and run it to its signal-delivery-stop. */
static pid_t raise_tracee(struct __test_metadata *_metadata,
			  FIXTURE_DATA(session) *self, int sig)
{
	struct ptrap_stop st;
	siginfo_t si;
	pid_t tid;

	tid = SPAWN_ARG(0, "raise", sig);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(sig), tid);
	EXPECT_EQ(-1, st.nr);
	rec_siginfo(&st, &si);
	EXPECT_EQ(sig, si.si_signo);
	EXPECT_EQ(SI_TKILL, si.si_code);
	EXPECT_EQ(tid, si.si_pid);
	EXPECT_EQ(getuid(), si.si_uid);
	return tid;
}

TEST_F(session, signal_stop_suppressed)
{
	pid_t tid;

	NEED_SESSION();
	tid = raise_tracee(_metadata, self, SIGUSR1);
	EXPECT_EQ(0xa7f, ST_STOP(SIGUSR1));
	/* Resuming with 0 suppresses the signal: it exits normally. */
	cont_to_exit(_metadata, self->p, tid, 0);
}

TEST_F(session, signal_delivered)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = raise_tracee(_metadata, self, SIGUSR1);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGUSR1));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGUSR1), tid);
	EXPECT_EQ(-1, st.nr);
	EXPECT_EQ(0, st.ip);
	NO_REC();
}

TEST_F(session, signal_replaced)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = raise_tracee(_metadata, self, SIGUSR1);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGTERM));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGTERM), tid);
}

/* ================= kill ================= */

TEST_F(session, kill_at_exec_stop)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 0);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, 9, tid);
	EXPECT_EQ(tid, st.tgid);
	NO_REC();
}

TEST_F(session, kill_at_syscall_stop)
{
	struct ptrap_stop st;
	size_t junk = 0;
	int wp[2], rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, wp);
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD2(0, "write", wp[1], rp[1]);
	run_to_syscall(_metadata, self, tid, SYS_write, ST_SYSCALL, &st);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	/* No exit stop for the interrupted write: straight to KILLED. */
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, 9, tid);
	NO_REC();
	/* The write never ran. */
	ASSERT_EQ(0, pt_wait_eof(wp[0], &junk));
	EXPECT_EQ(0, junk);
}

TEST_F(session, kill_running)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	seize_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, echo_rt(&e, 'k'));
	ASSERT_EQ(0, ptrap_kill(self->p, e.pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, 9, e.pid);
}

/* ================= attach and seize ================= */

TEST_F(session, attach_stop)
{
	struct ptrap_stop st;
	char c = 0;
	struct echo e;
	siginfo_t si;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_attach(self->p, e.pid, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, 0x137f, e.pid);
	EXPECT_EQ(e.pid, st.tgid);
	EXPECT_EQ(-1, st.nr);
	/* PTRACE_ATTACH's SIGSTOP is sent with SEND_SIG_PRIV: SI_KERNEL. */
	rec_siginfo(&st, &si);
	EXPECT_EQ(SIGSTOP, si.si_signo);
	EXPECT_EQ(SI_KERNEL, si.si_code);
	EXPECT_EQ(0, si.si_pid);
	EXPECT_EQ(0, si.si_uid);
	NO_REC();
	/* Stopped: it does not echo (given 50 ms to do it wrongly). */
	ASSERT_EQ(0, pt_write_all(e.to, "s", 1));
	EXPECT_EQ(0, pt_poll1(e.from, POLLIN, 50));
	/* Resumed (SIGSTOP suppressed): read() restarts and it echoes. */
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(1, pt_read_full(e.from, &c, 1));
	EXPECT_EQ('s', c);
	ASSERT_EQ(0, echo_rt(&e, 'b'));
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(3), e.pid);
}

TEST_F(session, attach_restarts_read)
{
	struct ptrap_stop st;
	char c = 0;
	struct echo e;

	NEED_SESSION();
	attach_echo(_metadata, self, &e, 0);
	/* The read() interrupted by SIGSTOP is restarted: its entry stop. */
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, e.pid);
	ASSERT_EQ(SYS_read, st.nr);
	EXPECT_EQ(1, st.args[2]);
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, pt_write_all(e.to, "r", 1));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, e.pid);
	ASSERT_EQ(SYS_read, st.nr);
	EXPECT_EQ(1, st.retval);
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(1, pt_read_full(e.from, &c, 1));
	EXPECT_EQ('r', c);
}

struct thread_child {
	int tidpipe[2];
	int block[2];
};

static void *blocked_thread(void *arg)
{
	struct thread_child *tc = arg;
	pid_t me = syscall(SYS_gettid);
	char c;

	if (pt_write_all(tc->tidpipe[1], &me, sizeof(me)))
		return NULL;
	while (read(tc->block[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

TEST_F(session, attach_thread)
{
	struct thread_child tc;
	struct ptrap_stop st;
	pid_t child, thr = 0;

	NEED_SESSION();
	ASSERT_EQ(0, pipe2(tc.tidpipe, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(tc.block, O_CLOEXEC));
	track_fd(self, tc.tidpipe[0]);
	track_fd(self, tc.tidpipe[1]);
	track_fd(self, tc.block[0]);
	track_fd(self, tc.block[1]);
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		pthread_t t;
		char c;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pthread_create(&t, NULL, blocked_thread, &tc))
			_exit(1);
		/* The leader blocks too; the test kills us at the end. */
		while (read(tc.block[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	track_pid(self, child);
	ASSERT_EQ(sizeof(thr), pt_read_full(tc.tidpipe[0], &thr, sizeof(thr)));
	ASSERT_NE(child, thr);
	ASSERT_EQ(0, ptrap_attach(self->p, thr, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, 0x137f, thr);
	EXPECT_EQ(child, st.tgid);
	ASSERT_EQ(0, ptrap_detach(self->p, thr, 0));
	NO_REC();
}

TEST_F(session, seize_no_stop)
{
	struct ptrap_stop st;
	struct echo e;
	int i;

	NEED_SESSION();
	seize_echo(_metadata, self, &e, PTRAP_O_TRACESYSGOOD);
	/* Seized, not stopped: it keeps running and echoing. */
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, echo_rt(&e, 'x' + i));
	NO_REC();
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(3), e.pid);
	EXPECT_EQ(e.pid, st.tgid);
}

/* ================= access checks ================= */

TEST_F(session, attach_self)
{
	NEED_SESSION();
	EXPECT_EQ(-EPERM, ptrap_attach(self->p, getpid(), 0));
	EXPECT_EQ(-EPERM, ptrap_seize(self->p, getpid(), 0));
	NO_REC();
}

static void *own_thread(void *arg)
{
	int *fds = arg;
	pid_t me = syscall(SYS_gettid);
	char c;

	if (pt_write_all(fds[1], &me, sizeof(me)))
		return NULL;
	while (read(fds[2], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

TEST_F(session, attach_own_thread)
{
	int fds[4], a[2], b[2];
	pthread_t t;
	pid_t thr = 0;
	int r1, r2;

	NEED_SESSION();
	mkpipe(_metadata, self, a);
	mkpipe(_metadata, self, b);
	fds[0] = a[0];
	fds[1] = a[1];
	fds[2] = b[0];
	fds[3] = b[1];
	ASSERT_EQ(0, pthread_create(&t, NULL, own_thread, fds));
	ASSERT_EQ(sizeof(thr), pt_read_full(a[0], &thr, sizeof(thr)));
	r1 = ptrap_attach(self->p, thr, 0);
	r2 = ptrap_seize(self->p, thr, 0);
	pt_write_all(b[1], "x", 1);
	pthread_join(t, NULL);
	EXPECT_NE(getpid(), thr);
	EXPECT_EQ(-EPERM, r1);
	EXPECT_EQ(-EPERM, r2);
	NO_REC();
}

/*
 * Make ptrace(PTRACE_ATTACH or PTRACE_SEIZE, 1, ...) fail with
 * ENOTRECOVERABLE in every thread of this process (the stub pool's tracer
 * thread included): on a host, pid 1 is the machine's init, and a backend
 * that wrongly forwarded the request must not stop it. The refusal has to
 * come from libptrap (or the module) itself, with EPERM.
 */
static int guard_ptrace_init(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 9),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ptrace, 0, 7),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PTRACE_ATTACH, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PTRACE_SEIZE, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
		BPF_STMT(BPF_RET | BPF_K,
			 SECCOMP_RET_ERRNO | ENOTRECOVERABLE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(f) / sizeof(f[0]),
		.filter = f,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_TSYNC, &prog))
		return -errno;
	return 0;
}

TEST_F(session, attach_init)
{
	int r;

	NEED_SESSION();
	r = guard_ptrace_init();
	ASSERT_EQ(0, r) TH_LOG("seccomp guard: %s", strerror(-r));
	r = ptrap_attach(self->p, 1, 0);
	EXPECT_NE(-ENOTRECOVERABLE, r)
		TH_LOG("the backend forwarded an attach to pid 1 to ptrace(2)");
	EXPECT_EQ(-EPERM, r);
	r = ptrap_seize(self->p, 1, 0);
	EXPECT_NE(-ENOTRECOVERABLE, r)
		TH_LOG("the backend forwarded a seize of pid 1 to ptrace(2)");
	EXPECT_EQ(-EPERM, r);
	NO_REC();
}

TEST_F(session, attach_kthread)
{
	pid_t kt = pt_find_kthread();

	NEED_SESSION();
	if (!kt)
		SKIP(return, "no kernel thread visible in this pid namespace");
	EXPECT_EQ(-EPERM, ptrap_attach(self->p, kt, 0));
	EXPECT_EQ(-EPERM, ptrap_seize(self->p, kt, 0));
	NO_REC();
}

TEST_F(session, attach_twice)
{
	struct echo e;

	NEED_SESSION();
	attach_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-EPERM, ptrap_attach(self->p, e.pid, 0));
	EXPECT_EQ(-EPERM, ptrap_seize(self->p, e.pid, 0));
	NO_REC();
}

TEST_F(session, attach_ptraced)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	/* Traced by real ptrace(2) (a stub-pool session) first. */
	ASSERT_EQ(0, ptrap_open(&self->p2, PTRAP_OPEN_STUBPOOL));
	start_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_attach(self->p2, e.pid, 0));
	NEXT_REC_ON(self->p2, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, 0x137f, e.pid);
	EXPECT_EQ(-EPERM, ptrap_attach(self->p, e.pid, 0));
	EXPECT_EQ(-EPERM, ptrap_seize(self->p, e.pid, 0));
	NO_REC();
}

TEST_F(session, attach_other_session)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	/* Another session of the same backend traces it. */
	ASSERT_EQ(0, ptrap_open(&self->p2, variant->open_flags));
	start_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_seize(self->p2, e.pid, 0));
	EXPECT_EQ(-EPERM, ptrap_attach(self->p, e.pid, 0));
	EXPECT_EQ(-EPERM, ptrap_seize(self->p, e.pid, 0));
	/* The first session keeps it and can still stop it. */
	ASSERT_EQ(0, ptrap_kill(self->p2, e.pid));
	NEXT_REC_ON(self->p2, st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, 9, e.pid);
	NO_REC();
}

TEST_F(session, attach_nonexistent)
{
	pid_t dead;

	NEED_SESSION();
	dead = pt_dead_pid();
	ASSERT_LT(0, dead);
	EXPECT_EQ(-ESRCH, ptrap_attach(self->p, dead, 0));
	EXPECT_EQ(-ESRCH, ptrap_seize(self->p, dead, 0));
	EXPECT_EQ(-ESRCH, ptrap_attach(self->p, 0x7fffffff, 0));
	EXPECT_EQ(-ESRCH, ptrap_attach(self->p, 0, 0));
	EXPECT_EQ(-ESRCH, ptrap_attach(self->p, -1, 0));
	NO_REC();
}

TEST_F(session, attach_bad_option)
{
	struct echo e;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-EINVAL, ptrap_attach(self->p, e.pid, BIT40));
	EXPECT_EQ(-EINVAL, ptrap_seize(self->p, e.pid,
				       PTRAP_O_TRACESECCOMP));
	/* Refused means not traced: it still echoes and can be attached. */
	ASSERT_EQ(0, echo_rt(&e, 'o'));
	NO_REC();
	ASSERT_EQ(0, ptrap_seize(self->p, e.pid, 0));
	ASSERT_EQ(0, echo_rt(&e, 'p'));
}

/* ================= requests need a stop ================= */

TEST_F(session, running_getregs)
{
	struct user_regs_struct regs;
	size_t len = sizeof(regs);
	struct echo e;

	NEED_SESSION();
	seize_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-ESRCH, ptrap_getregs(self->p, e.pid, &regs));
	EXPECT_EQ(-ESRCH, ptrap_getregset(self->p, e.pid, NT_PRSTATUS, &regs,
					  &len));
	ASSERT_EQ(0, echo_rt(&e, 'g'));
}

TEST_F(session, running_setregs)
{
	struct user_regs_struct regs;
	size_t len = sizeof(regs);
	struct echo e;

	NEED_SESSION();
	memset(&regs, 0, sizeof(regs));
	seize_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-ESRCH, ptrap_setregs(self->p, e.pid, &regs));
	EXPECT_EQ(-ESRCH, ptrap_setregset(self->p, e.pid, NT_PRSTATUS, &regs,
					  &len));
	ASSERT_EQ(0, echo_rt(&e, 's'));
}

TEST_F(session, running_resume)
{
	struct echo e;

	NEED_SESSION();
	seize_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL,
				       0));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSEMU,
				       0));
	ASSERT_EQ(0, echo_rt(&e, 'r'));
	NO_REC();
}

TEST_F(session, running_setoptions)
{
	struct echo e;

	NEED_SESSION();
	seize_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-ESRCH, ptrap_setoptions(self->p, e.pid,
					   PTRAP_O_TRACESYSGOOD));
	ASSERT_EQ(0, echo_rt(&e, 'o'));
}

TEST_F(session, running_mem)
{
	char buf[8] = { 0 };
	struct echo e;

	NEED_SESSION();
	seize_echo(_metadata, self, &e, 0);
	/* An address that is certainly mapped in the forked child. */
	EXPECT_EQ(-ESRCH, ptrap_read_mem(self->p, e.pid,
					 (uintptr_t)&pt_exe, buf, 8));
	EXPECT_EQ(-ESRCH, ptrap_write_mem(self->p, e.pid,
					  (uintptr_t)&pt_exe, buf, 8));
	ASSERT_EQ(0, echo_rt(&e, 'm'));
}

TEST_F(session, running_detach)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	seize_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-ESRCH, ptrap_detach(self->p, e.pid, 0));
	/* Still a tracee: its exit is reported. */
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(3), e.pid);
}

TEST_F(session, resumed_not_stopped)
{
	struct user_regs_struct regs;
	struct echo e;

	NEED_SESSION();
	attach_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_getregs(self->p, e.pid, &regs));
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	/* Running again (blocked in read()): no longer stopped. */
	ASSERT_EQ(0, echo_rt(&e, 'n'));
	EXPECT_EQ(-ESRCH, ptrap_getregs(self->p, e.pid, &regs));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
}

/* ================= bad input ================= */

TEST_F(session, resume_bad_mode)
{
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 5);
	EXPECT_EQ(-EINVAL, ptrap_resume(self->p, tid, 5, 0));
	EXPECT_EQ(-EINVAL, ptrap_resume(self->p, tid, 99, 0));
	EXPECT_EQ(-EINVAL, ptrap_resume(self->p, tid, 0x80000000u, 0));
	NO_REC();
	/* Still stopped, still usable. */
	cont_to_exit(_metadata, self->p, tid, 5);
}

TEST_F(session, resume_bad_signal)
{
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 6);
	/* ptrace(2): a signal number above _NSIG is EIO. */
	EXPECT_EQ(-EIO, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 65));
	EXPECT_EQ(-EIO, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, -1));
	NO_REC();
	cont_to_exit(_metadata, self->p, tid, 6);
}

TEST_F(session, resume_not_tracee)
{
	struct echo e;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, getpid(), PTRAP_RESUME_CONT,
				       0));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, 0x7fffffff,
				       PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_setoptions(self->p, e.pid, 0));
	EXPECT_EQ(-ESRCH, ptrap_detach(self->p, e.pid, 0));
	ASSERT_EQ(0, echo_rt(&e, 't'));
	NO_REC();
}

TEST_F(session, setoptions_unsupported)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	tid = SPAWN_FD(0, "getppid", rp[1]);
	EXPECT_EQ(-EINVAL, ptrap_setoptions(self->p, tid,
					    PTRAP_O_TRACESECCOMP));
	EXPECT_EQ(-EINVAL, ptrap_setoptions(self->p, tid, BIT40 |
					    PTRAP_O_TRACESYSGOOD));
	/* Refused means unchanged: syscall stops are still 0x57f. */
	run_to_syscall(_metadata, self, tid, SYS_getppid, 0x57f, &st);
	ASSERT_EQ(0, ptrap_setoptions(self->p, tid, PTRAP_O_EXITKILL));
	cont_to_exit(_metadata, self->p, tid, 0);
}

/* ================= after the end ================= */

static void expect_gone(struct __test_metadata *_metadata, struct ptrap *p,
			pid_t tid)
{
	struct user_regs_struct regs;
	char buf[8];

	EXPECT_EQ(-ESRCH, ptrap_getregs(p, tid, &regs));
	EXPECT_EQ(-ESRCH, ptrap_resume(p, tid, PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_setoptions(p, tid, 0));
	EXPECT_EQ(-ESRCH, ptrap_detach(p, tid, 0));
	EXPECT_EQ(-ESRCH, ptrap_read_mem(p, tid, 0x400000, buf, 8));
	EXPECT_EQ(-ESRCH, ptrap_kill(p, tid));
}

TEST_F(session, after_exit_esrch)
{
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 0);
	cont_to_exit(_metadata, self->p, tid, 0);
	expect_gone(_metadata, self->p, tid);
	NO_REC();
}

TEST_F(session, after_kill_esrch)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 0);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, 9, tid);
	expect_gone(_metadata, self->p, tid);
	NO_REC();
}

/* ================= detach ================= */

TEST_F(session, detach_no_signal)
{
	struct echo e;

	NEED_SESSION();
	attach_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_detach(self->p, e.pid, 0));
	ASSERT_EQ(0, echo_rt(&e, 'd'));
	/* Detached: not a tracee any more, its exit is not reported. */
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	ASSERT_EQ(0, pt_wait_eof(e.from, NULL));
	NO_REC();
}

TEST_F(session, detach_with_signal)
{
	char c = 0;
	struct echo e;

	NEED_SESSION();
	attach_echo(_metadata, self, &e, 0);
	/* The signal replaces the SIGSTOP: its handler writes 'U'. */
	ASSERT_EQ(0, ptrap_detach(self->p, e.pid, SIGUSR1));
	ASSERT_EQ(1, pt_read_full(e.from, &c, 1));
	EXPECT_EQ('U', c);
	ASSERT_EQ(0, echo_rt(&e, 'e'));
	NO_REC();
}

TEST_F(session, detach_then_reattach)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	attach_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_detach(self->p, e.pid, 0));
	ASSERT_EQ(0, echo_rt(&e, 'f'));
	ASSERT_EQ(0, ptrap_attach(self->p, e.pid, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, 0x137f, e.pid);
	ASSERT_EQ(0, ptrap_kill(self->p, e.pid));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, 9, e.pid);
}

/* ================= closing the session ================= */

TEST_F(session, close_detaches)
{
	struct echo e;
	int status = 0;

	NEED_SESSION();
	attach_echo(_metadata, self, &e, 0);
	ptrap_close(self->p);
	self->p = NULL;
	/* Not left stopped: it echoes and exits normally. */
	ASSERT_EQ(0, echo_rt(&e, 'c'));
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	ASSERT_EQ(0, wait_child(e.pid, &status));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(3, WEXITSTATUS(status));
}

/* Attach to a grandchild echo: SIGSTOP signal-delivery-stop. */
static void attach_mid_echo(struct __test_metadata *_metadata,
			    FIXTURE_DATA(session) *self, struct mid_echo *m,
			    uint64_t opts)
{
	struct ptrap_stop st;

	start_mid_echo(_metadata, self, m);
	ASSERT_EQ(0, ptrap_attach(self->p, m->e.pid, opts));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), m->e.pid);
}

TEST_F(session, close_exitkill)
{
	struct mid_echo m;
	int status = 0;

	NEED_SESSION();
	attach_mid_echo(_metadata, self, &m, PTRAP_O_EXITKILL);
	ptrap_close(self->p);
	self->p = NULL;
	ASSERT_EQ(0, mid_echo_status(&m, &status));
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
}

TEST_F(session, close_running_exitkill)
{
	struct mid_echo m;
	int status = 0;

	NEED_SESSION();
	start_mid_echo(_metadata, self, &m);
	ASSERT_EQ(0, ptrap_seize(self->p, m.e.pid, PTRAP_O_EXITKILL));
	ASSERT_EQ(0, echo_rt(&m.e, 'z'));
	ptrap_close(self->p);
	self->p = NULL;
	ASSERT_EQ(0, mid_echo_status(&m, &status));
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
}

TEST_F(session, close_setoptions_exitkill)
{
	struct mid_echo m;
	int status = 0;

	NEED_SESSION();
	attach_mid_echo(_metadata, self, &m, 0);
	ASSERT_EQ(0, ptrap_setoptions(self->p, m.e.pid, PTRAP_O_EXITKILL));
	ptrap_close(self->p);
	self->p = NULL;
	ASSERT_EQ(0, mid_echo_status(&m, &status));
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
}

/* Without EXITKILL, closing detaches: the tracee lives on and exits. */
TEST_F(session, close_detaches_grandchild)
{
	struct mid_echo m;
	int status = 0;

	NEED_SESSION();
	attach_mid_echo(_metadata, self, &m, 0);
	ptrap_close(self->p);
	self->p = NULL;
	ASSERT_EQ(0, echo_rt(&m.e, 'c'));
	ASSERT_EQ(0, pt_write_all(m.e.to, "q", 1));
	ASSERT_EQ(0, mid_echo_status(&m, &status));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(3, WEXITSTATUS(status));
}

TEST_F(session, close_at_syscall_stop)
{
	struct ptrap_stop st;
	struct echo e;
	int status = 0;

	NEED_SESSION();
	attach_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, e.pid);
	ASSERT_EQ(SYS_read, st.nr);
	ptrap_close(self->p);
	self->p = NULL;
	/* Detached at the entry stop: the read() runs normally. */
	ASSERT_EQ(0, echo_rt(&e, 'y'));
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	ASSERT_EQ(0, wait_child(e.pid, &status));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(3, WEXITSTATUS(status));
}

/* ================= several threads ================= */

struct waiter {
	struct ptrap *p;
	int n;			/* records to take */
	int ret;
	struct ptrap_stop st[4];
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;
	int i;

	for (i = 0; i < w->n; i++) {
		w->ret = wait_rec(w->p, &w->st[i], PT_TIMEOUT_MS);
		if (w->ret)
			break;
	}
	return NULL;
}

TEST_F(session, threads_wait_and_resume)
{
	struct waiter w = { .n = 1 };
	pthread_t t;
	pid_t tid;

	NEED_SESSION();
	tid = SPAWN_ARG(0, "exit", 9);
	w.p = self->p;
	/* Thread A waits; this thread resumes. */
	ASSERT_EQ(0, pthread_create(&t, NULL, waiter_thread, &w));
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, w.ret);
	ASSERT_STOP(w.st[0], PTRAP_STOP_EXITED, ST_EXIT(9), tid);
}

struct resumer {
	struct ptrap *p;
	pid_t tid;
	int getregs, resume;
	struct user_regs_struct regs;
};

static void *resumer_thread(void *arg)
{
	struct resumer *r = arg;

	r->getregs = ptrap_getregs(r->p, r->tid, &r->regs);
	r->regs.rax = 31337;
	if (!r->getregs)
		r->getregs = ptrap_setregs(r->p, r->tid, &r->regs);
	r->resume = ptrap_resume(r->p, r->tid, PTRAP_RESUME_CONT, 0);
	return NULL;
}

TEST_F(session, threads_resume_elsewhere)
{
	struct resumer r = { 0 };
	struct ptrap_stop st;
	int64_t seen = 0;
	pthread_t t;
	int rp[2];

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	r.p = self->p;
	r.tid = SPAWN_FD(0, "getpid", rp[1]);
	run_to_syscall(_metadata, self, r.tid, SYS_getpid, ST_SYSCALL, &st);
	step_syscall(_metadata, self->p, r.tid, PTRAP_STOP_SYSCALL_EXIT,
		     SYS_getpid, &st);
	/* The stop was taken here; another thread edits and resumes. */
	ASSERT_EQ(0, pthread_create(&t, NULL, resumer_thread, &r));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, r.getregs);
	ASSERT_EQ(0, r.resume);
	NEXT_REC(st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), r.tid);
	ASSERT_EQ(sizeof(seen), pt_read_full(rp[0], &seen, sizeof(seen)));
	EXPECT_EQ(31337, seen);
}

TEST_F(session, threads_two_waiters)
{
	struct waiter w1 = { .n = 1 }, w2 = { .n = 1 };
	pthread_t t1, t2;
	pid_t a, b;

	NEED_SESSION();
	a = SPAWN_ARG(0, "exit", 11);
	b = SPAWN_ARG(0, "exit", 12);
	w1.p = w2.p = self->p;
	ASSERT_EQ(0, pthread_create(&t1, NULL, waiter_thread, &w1));
	ASSERT_EQ(0, pthread_create(&t2, NULL, waiter_thread, &w2));
	ASSERT_EQ(0, ptrap_resume(self->p, a, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, ptrap_resume(self->p, b, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, pthread_join(t1, NULL));
	ASSERT_EQ(0, pthread_join(t2, NULL));
	ASSERT_EQ(0, w1.ret);
	ASSERT_EQ(0, w2.ret);
	/* Each record went to exactly one waiter. */
	if (w1.st[0].tid == b) {
		struct ptrap_stop tmp = w1.st[0];

		w1.st[0] = w2.st[0];
		w2.st[0] = tmp;
	}
	ASSERT_STOP(w1.st[0], PTRAP_STOP_EXITED, ST_EXIT(11), a);
	ASSERT_STOP(w2.st[0], PTRAP_STOP_EXITED, ST_EXIT(12), b);
	NO_REC();
}

PT_HARNESS_MAIN(pt_no_child_main)
