// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap_events: PTRACE_INTERRUPT, event-stops (EXEC, EXIT, FORK, VFORK,
 * VFORK_DONE, CLONE, STOP) and the auto-attach of new children, written
 * once against libptrap and run under two variants of FIXTURE(events):
 *
 *   stub_pool  real ptrace(2) (PTRAP_OPEN_STUBPOOL): the ground truth;
 *   module     /dev/ptrap (PTRAP_OPEN_MODULE): SKIPs when it is absent,
 *              and, while issue 3 is open, when it refuses an option
 *              (EINVAL) or PTRAP_IOC_INTERRUPT (ENOTTY) that a case needs.
 *              The stub-pool variant never SKIPs.
 *
 * Statuses are compared bit for bit with what ptrace(2) gives:
 *   event-stop    ((SIGTRAP | PTRACE_EVENT_x << 8) << 8) | 0x7f
 *   INTERRUPT or a seized new child: PTRACE_EVENT_STOP, 0x80057f
 * Where the order of the records of two tracees (a parent and its new
 * child) is not fixed under ptrace(2), the records are taken per tid
 * (take_of()); the order of one tracee's records always is.
 *
 * Tracees are this binary re-executed as "--child-..." (ptrap_util.h):
 * spawned (ATTACH-style: TRACEME, first record the post-exec SIGTRAP) or
 * forked, blocked on a pipe, seized and then let exec (SEIZE-style).
 * Synchronisation is by pipes only; every wait is bounded by poll(2)
 * (PT_TIMEOUT_MS). Teardown kills and reaps every child, and kills the
 * grandchildren (auto-attached or not) that are still ours.
 */
#define _GNU_SOURCE
#include <sys/ptrace.h>
#include <sys/user.h>

#define PT_FIXTURE events
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

/* Spawn "--child-MODE NUM" (no descriptors). */
static pid_t spawn_num(struct __test_metadata *_metadata,
		       FIXTURE_DATA(events) *self, uint64_t opts,
		       const char *mode, int num)
{
	char m[64];

	snprintf(m, sizeof(m), "--child-%s", mode);
	return spawn_mode(_metadata, self, opts, m, 1, &num, 0);
}

/* INTERRUPT a seized running tracee and take its PTRACE_EVENT_STOP. */
static void interrupt_stop(struct __test_metadata *_metadata,
			   FIXTURE_DATA(events) *self, pid_t tid)
{
	struct ptrap_stop st;

	ASSERT_EQ(0, interrupt(_metadata, self, tid));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP, tid);
}

/* ================= PTRACE_INTERRUPT ================= */

TEST_F(events, interrupt_running)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	struct echo e;
	int i;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 1);
	seize(_metadata, self, e.pid, 0);
	/* Past its marker write(), spinning in user space. */
	ASSERT_EQ(0, wait_spinning(&e));
	ASSERT_EQ(0, interrupt(_metadata, self, e.pid));
	NEXT_OF(e.pid, st);
	/* (SIGTRAP | PTRACE_EVENT_STOP << 8) << 8 | 0x7f */
	ASSERT_STOP(st, PTRAP_STOP_EVENT, 0x80057f, e.pid);
	EXPECT_EQ(e.pid, st.tgid);
	EXPECT_EQ(-1, st.nr);
	EXPECT_EQ(0, st.msg);
	for (i = 0; i < 6; i++)
		EXPECT_EQ(0, st.args[i]);
	ASSERT_EVENTMSG(e.pid, 0);
	/* Stopped in user space: no system call in progress. */
	ASSERT_EQ(0, ptrap_getregs(self->p, e.pid, &regs));
	EXPECT_EQ(regs.rip, st.ip);
	EXPECT_EQ(regs.rsp, st.sp);
	EXPECT_EQ(-1, (long)regs.orig_rax);
	NO_REC();
	/* Resumed, it runs again: no longer in a stop. */
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_getregs(self->p, e.pid, &regs));
	/* And can be interrupted again. */
	interrupt_stop(_metadata, self, e.pid);
	ASSERT_EQ(0, ptrap_kill(self->p, e.pid));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGKILL), e.pid);
	NO_REC();
}

TEST_F(events, interrupt_blocked_read)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	struct echo e;
	char c = 0;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	seize(_metadata, self, e.pid, 0);
	ASSERT_EQ(0, echo_rt(&e, 'b'));
	ASSERT_EQ(0, wait_proc_syscall(e.pid, SYS_read));
	interrupt_stop(_metadata, self, e.pid);
	/* Taken out of read(), which is to be restarted (-ERESTARTSYS). */
	ASSERT_EQ(0, ptrap_getregs(self->p, e.pid, &regs));
	EXPECT_EQ(SYS_read, regs.orig_rax);
	EXPECT_EQ(-512, (long)regs.rax);
	NO_REC();
	/* Stopped: it does not echo (given 50 ms to do it wrongly). */
	ASSERT_EQ(0, pt_write_all(e.to, "s", 1));
	EXPECT_EQ(0, pt_poll1(e.from, POLLIN, 50));
	/* Resumed: read() restarts and gets the byte sent meanwhile. */
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(1, pt_read_full(e.from, &c, 1));
	EXPECT_EQ('s', c);
	ASSERT_EQ(0, echo_rt(&e, 'c'));
	NO_REC();
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(3), e.pid);
}

TEST_F(events, interrupt_read_restart_syscall)
{
	struct ptrap_stop st;
	struct echo e;
	char c = 0;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	seize(_metadata, self, e.pid, 0);
	ASSERT_EQ(0, wait_proc_syscall(e.pid, SYS_read));
	interrupt_stop(_metadata, self, e.pid);
	/* The restarted read() is entered anew: its entry stop. */
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, e.pid);
	ASSERT_EQ(SYS_read, st.nr);
	EXPECT_EQ(1, st.args[2]);
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL, 0));
	ASSERT_EQ(0, pt_write_all(e.to, "r", 1));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, e.pid);
	ASSERT_EQ(SYS_read, st.nr);
	EXPECT_EQ(1, st.retval);
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(1, pt_read_full(e.from, &c, 1));
	EXPECT_EQ('r', c);
	NO_REC();
}

TEST_F(events, interrupt_attached_eio)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	ASSERT_EQ(0, ptrap_attach(self->p, e.pid, PTRAP_O_EXITKILL));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), e.pid);
	/* ATTACHed, not seized: EIO, stopped or running. */
	EXPECT_EQ(-EIO, interrupt(_metadata, self, e.pid));
	NO_REC();
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, echo_rt(&e, 'i'));
	EXPECT_EQ(-EIO, interrupt(_metadata, self, e.pid));
	ASSERT_EQ(0, echo_rt(&e, 'j'));
	NO_REC();
}

TEST_F(events, interrupt_spawned_eio)
{
	pid_t tid;

	NEED_SESSION();
	/* TRACEME is attach-style too. */
	tid = spawn_num(_metadata, self, 0, "exit", 4);
	EXPECT_EQ(-EIO, interrupt(_metadata, self, tid));
	NO_REC();
	CONT_TO_EXIT(tid, 4);
	NO_REC();
}

TEST_F(events, interrupt_stopped)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	seize(_metadata, self, e.pid, 0);
	ASSERT_EQ(0, wait_proc_syscall(e.pid, SYS_read));
	interrupt_stop(_metadata, self, e.pid);
	/* Already in a stop: accepted, and that stop is left alone. */
	ASSERT_EQ(0, interrupt(_metadata, self, e.pid));
	NO_REC();
	/*
	 * ptrace(2): "If the tracee was already stopped by a signal [...]
	 * another trap will happen after the current trap is ended": the
	 * request stays pending and traps again once resumed.
	 */
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP, e.pid);
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, echo_rt(&e, 'k'));
	NO_REC();
}

TEST_F(events, interrupt_at_syscall_stop)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	seize(_metadata, self, e.pid, 0);
	ASSERT_EQ(0, wait_proc_syscall(e.pid, SYS_read));
	interrupt_stop(_metadata, self, e.pid);
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, e.pid);
	ASSERT_EQ(SYS_read, st.nr);
	/* At a syscall-enter-stop: 0, no record now. */
	ASSERT_EQ(0, interrupt(_metadata, self, e.pid));
	NO_REC();
	/*
	 * The pending trap interrupts the read() at once (nothing to
	 * read): its exit stop shows -ERESTARTSYS. That stop is a trap,
	 * and any trap takes the pending INTERRUPT with it: no
	 * PTRACE_EVENT_STOP follows, the read() is restarted (entry stop).
	 */
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, e.pid);
	ASSERT_EQ(SYS_read, st.nr);
	EXPECT_EQ(-512, st.retval);
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, e.pid);
	ASSERT_EQ(SYS_read, st.nr);
	/* Resumed: the read() runs and works; nothing else is pending. */
	ASSERT_EQ(0, ptrap_resume(self->p, e.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, echo_rt(&e, 'l'));
	ASSERT_EQ(0, echo_rt(&e, 'm'));
	NO_REC();
}

TEST_F(events, interrupt_not_tracee)
{
	struct ptrap_stop st;
	struct echo e, f;
	pid_t dead;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	EXPECT_EQ(-ESRCH, interrupt(_metadata, self, e.pid));
	EXPECT_EQ(-ESRCH, interrupt(_metadata, self, getpid()));
	dead = pt_dead_pid();
	ASSERT_LT(0, dead);
	EXPECT_EQ(-ESRCH, interrupt(_metadata, self, dead));
	EXPECT_EQ(-ESRCH, interrupt(_metadata, self, 0x7fffffff));
	/* A tracee of another session of the same backend. */
	ASSERT_EQ(0, ptrap_open(&self->p2, self->module ?
				PTRAP_OPEN_MODULE : PTRAP_OPEN_STUBPOOL));
	start_echo(_metadata, self, &f, 0);
	ASSERT_EQ(0, ptrap_seize(self->p2, f.pid, PTRAP_O_EXITKILL));
	EXPECT_EQ(-ESRCH, interrupt(_metadata, self, f.pid));
	ASSERT_EQ(0, echo_rt(&e, 'm'));
	ASSERT_EQ(0, echo_rt(&f, 'n'));
	/* One that has ended. */
	seize(_metadata, self, e.pid, 0);
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	NEXT_OF(e.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(3), e.pid);
	EXPECT_EQ(-ESRCH, interrupt(_metadata, self, e.pid));
	NO_REC();
}

/* ================= PTRACE_EVENT_EXEC ================= */

TEST_F(events, exec_event)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	/*
	 * ptrap_spawn()'s first record is the post-exec SIGTRAP stop even
	 * with TRACEEXEC (checked): under ptrace(2), TRACEME takes no
	 * options, they are set at that stop. The next exec is an event.
	 */
	tid = spawn_num(_metadata, self, PTRAP_O_TRACEEXEC, "exec", 5);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	/* (SIGTRAP | PTRACE_EVENT_EXEC << 8) << 8 | 0x7f; msg: former tid */
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, tid, tid);
	EXPECT_EQ(0x4057f, st.status);
	EXPECT_EQ(tid, st.tgid);
	ASSERT_EVENTMSG(tid, tid);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ(regs.rip, st.ip);
	EXPECT_EQ(regs.rsp, st.sp);
	EXPECT_EQ(SYS_execve, regs.orig_rax);
	/* No SIGTRAP after the exec with TRACEEXEC: next is the end. */
	CONT_TO_EXIT(tid, 5);
	NO_REC();
}

TEST_F(events, exec_event_setoptions)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_num(_metadata, self, 0, "exec", 6);
	set_opts(_metadata, self, tid, PTRAP_O_TRACEEXEC);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, tid, tid);
	CONT_TO_EXIT(tid, 6);
	NO_REC();
}

TEST_F(events, exec_attached_sigtrap)
{
	struct ptrap_stop st;
	siginfo_t si;
	pid_t tid;

	NEED_SESSION();
	/* Attach-style without TRACEEXEC: a plain SIGTRAP after exec. */
	tid = spawn_num(_metadata, self, 0, "exec", 7);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), tid);
	EXPECT_EQ(0, st.msg);
	rec_siginfo(&st, &si);
	EXPECT_EQ(SIGTRAP, si.si_signo);
	EXPECT_EQ(SI_USER, si.si_code);
	EXPECT_EQ(tid, si.si_pid);
	CONT_TO_EXIT(tid, 7);
	NO_REC();
}

TEST_F(events, exec_seized_no_stop)
{
	struct ptrap_stop st;
	char *args[] = { "--child-exec", "8", NULL };
	int go;
	pid_t pid;

	NEED_SESSION();
	pid = start_gated(_metadata, self, args, NULL, 0, &go);
	seize(_metadata, self, pid, 0);
	/* Two execs (into --child-exec, then --child-exit): no stop. */
	GO(go);
	NEXT_OF(pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(8), pid);
	NO_REC();
}

TEST_F(events, exec_seized_event)
{
	struct ptrap_stop st;
	char *args[] = { "--child-exec", "9", NULL };
	int go;
	pid_t pid;

	NEED_SESSION();
	pid = start_gated(_metadata, self, args, NULL, 0, &go);
	seize(_metadata, self, pid, PTRAP_O_TRACEEXEC);
	GO(go);
	NEXT_OF(pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, pid, pid);
	ASSERT_EQ(0, ptrap_resume(self->p, pid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, pid, pid);
	CONT_TO_EXIT(pid, 9);
	NO_REC();
}

TEST_F(events, exec_event_before_syscall_exit)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_num(_metadata, self, 0, "exec", 10);
	set_opts(_metadata, self, tid, PTRAP_O_TRACEEXEC |
		 PTRAP_O_TRACESYSGOOD);
	run_to_syscall(_metadata, self, tid, SYS_execve, ST_SYSGOOD, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, tid, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSGOOD, tid);
	EXPECT_EQ(SYS_execve, st.nr);
	EXPECT_EQ(0, st.retval);
	CONT_TO_EXIT(tid, 10);
	NO_REC();
}

/* ================= PTRACE_EVENT_EXIT ================= */

TEST_F(events, exit_event_code)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_num(_metadata, self, PTRAP_O_TRACEEXIT, "exit", 3);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	/* msg: the wait status it will exit with. */
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, 0x300);
	EXPECT_EQ(0x6057f, st.status);
	EXPECT_EQ(tid, st.tgid);
	ASSERT_EVENTMSG(tid, 0x300);
	NO_REC();
	CONT_TO_EXIT(tid, 3);
	NO_REC();
}

TEST_F(events, exit_event_exit_group)
{
	struct ptrap_stop st;
	int rp[2];
	pid_t tid;
	char *args[] = { "--child-getppid", NULL, NULL };
	char fd[16];

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	snprintf(fd, sizeof(fd), "%d", rp[1]);
	args[1] = fd;
	tid = spawn_args(_metadata, self, PTRAP_O_TRACEEXIT, args,
			 (int[]){ rp[1] }, 1);
	run_to_syscall(_metadata, self, tid, SYS_exit_group, ST_SYSCALL, &st);
	/* From exit_group's entry stop: the EXIT event, then the end. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, 0);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), tid);
	NO_REC();
}

TEST_F(events, exit_event_fatal_signal)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_num(_metadata, self, PTRAP_O_TRACEEXIT, "raise", SIGUSR1);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), tid);
	/* Delivered from its signal-delivery-stop: it kills. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGUSR1));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, SIGUSR1);
	ASSERT_EVENTMSG(tid, SIGUSR1);
	cont_to_end(_metadata, self, tid, PTRAP_STOP_KILLED,
		    ST_KILLED(SIGUSR1));
	NO_REC();
}

TEST_F(events, exit_event_replaced_signal)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_num(_metadata, self, PTRAP_O_TRACEEXIT, "raise", SIGUSR1);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGUSR1), tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, SIGTERM));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, SIGTERM);
	cont_to_end(_metadata, self, tid, PTRAP_STOP_KILLED,
		    ST_KILLED(SIGTERM));
	NO_REC();
}

TEST_F(events, exit_event_on_sigkill_stopped)
{
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_num(_metadata, self, PTRAP_O_TRACEEXIT, "exit", 0);
	/*
	 * SIGKILL is dequeued before do_exit(), so the EXIT event-stop is
	 * taken all the same, with the status SIGKILL will give.
	 */
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, SIGKILL);
	ASSERT_EVENTMSG(tid, SIGKILL);
	/* A second SIGKILL is dropped: the process is exiting already. */
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	NO_REC();
	cont_to_end(_metadata, self, tid, PTRAP_STOP_KILLED,
		    ST_KILLED(SIGKILL));
	NO_REC();
}

TEST_F(events, exit_event_on_sigkill_running)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	seize(_metadata, self, e.pid, PTRAP_O_TRACEEXIT);
	ASSERT_EQ(0, echo_rt(&e, 'o'));
	ASSERT_EQ(0, ptrap_kill(self->p, e.pid));
	NEXT_OF(e.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, e.pid, SIGKILL);
	cont_to_end(_metadata, self, e.pid, PTRAP_STOP_KILLED,
		    ST_KILLED(SIGKILL));
	NO_REC();
}

TEST_F(events, exit_event_seized)
{
	struct ptrap_stop st;
	struct echo e;

	NEED_SESSION();
	start_echo(_metadata, self, &e, 0);
	seize(_metadata, self, e.pid, PTRAP_O_TRACEEXIT);
	ASSERT_EQ(0, pt_write_all(e.to, "q", 1));
	NEXT_OF(e.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, e.pid, 0x300);
	CONT_TO_EXIT(e.pid, 3);
	NO_REC();
}

TEST_F(events, exit_event_kill_at_event)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_num(_metadata, self, PTRAP_O_TRACEEXIT, "exit", 3);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, 0x300);
	/*
	 * The process is already exiting (exit_group()): the kernel drops
	 * a new SIGKILL (prepare_signal(): SIGNAL_GROUP_EXIT). The request
	 * succeeds; the EXIT event-stop and the exit status stay.
	 */
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	EXPECT_EQ(0, pt_poll1(ptrap_fd(self->p), POLLIN, 50));
	NO_REC();
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	ASSERT_EVENTMSG(tid, 0x300);
	CONT_TO_EXIT(tid, 3);
	NO_REC();
}

TEST_F(events, exit_event_memory_readable)
{
	struct pt_mem_report rep;
	unsigned char buf[16];
	struct ptrap_stop st;
	char *args[] = { "--child-mem", NULL, NULL };
	char fd[16];
	int rp[2], i;
	pid_t tid;

	NEED_SESSION();
	mkpipe(_metadata, self, rp);
	snprintf(fd, sizeof(fd), "%d", rp[1]);
	args[1] = fd;
	tid = spawn_args(_metadata, self, PTRAP_O_TRACEEXIT, args,
			 (int[]){ rp[1] }, 1);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(sizeof(rep), pt_read_full(rp[0], &rep, sizeof(rep)));
	NEXT_OF(tid, st);
	/* pt_child_target() untouched, memory untouched: exit(16). */
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, 0x1000);
	/* Taken before the memory goes: still readable. */
	ASSERT_EQ(sizeof(buf), ptrap_read_mem(self->p, tid, rep.addr, buf,
					      sizeof(buf)));
	for (i = 0; i < (int)sizeof(buf); i++)
		EXPECT_EQ(PT_PATTERN(i), buf[i]);
	CONT_TO_EXIT(tid, 16);
	NO_REC();
}

/* ================= fork, vfork, clone: events and auto-attach ========= */

/* A tracee running --child-fork, with our ends of its pipes. */
struct forker {
	pid_t pid;
	int hello;	/* the new child's tid */
	int report;	/* struct pt_fork_report */
	int go;		/* one byte lets the new child end */
};

/*
 * Start --child-fork @how @code: spawned (attach-style: its SIGTRAP stop
 * taken, it is stopped) or, with @seized, forked, seized with @opts and
 * let exec (running).
 */
static void start_forker(struct __test_metadata *_metadata,
			 FIXTURE_DATA(events) *self, const char *how,
			 int code, uint64_t opts, int seized,
			 struct forker *f)
{
	char num[4][16];
	char *args[] = { "--child-fork", (char *)how, num[0], num[1], num[2],
			 num[3], NULL };
	int c[2], r[2], g[2], go;

	mkpipe(_metadata, self, c);
	mkpipe(_metadata, self, r);
	mkpipe(_metadata, self, g);
	snprintf(num[0], sizeof(num[0]), "%d", code);
	snprintf(num[1], sizeof(num[1]), "%d", c[1]);
	snprintf(num[2], sizeof(num[2]), "%d", r[1]);
	snprintf(num[3], sizeof(num[3]), "%d", g[0]);
	f->hello = c[0];
	f->report = r[0];
	f->go = g[1];
	if (!seized) {
		f->pid = spawn_args(_metadata, self, opts, args,
				    (int[]){ c[1], r[1], g[0] }, 3);
		return;
	}
	f->pid = start_gated(_metadata, self, args,
			     (int[]){ c[1], r[1], g[0] }, 3, &go);
	seize(_metadata, self, f->pid, opts);
	GO(go);
}

/* The new child's tid, as it reports it once running. */
static pid_t kid_hello(struct __test_metadata *_metadata, struct forker *f)
{
	int64_t tid = 0;

	ASSERT_EQ(sizeof(tid), pt_read_full(f->hello, &tid, sizeof(tid)));
	ASSERT_LT(0, tid);
	return (pid_t)tid;
}

/*
 * The tid of a new child that has no creator event to name it: the first
 * record of a tid other than @f's creator, held back for the caller.
 */
static pid_t kid_hello_or_stop(struct __test_metadata *_metadata,
			       FIXTURE_DATA(events) *self, struct forker *f)
{
	struct ptrap_stop st;
	int r;

	r = wait_rec(self->p, &st, PT_TIMEOUT_MS);
	ASSERT_EQ(0, r) TH_LOG("no record: %s", strerror(-r));
	ASSERT_NE(f->pid, st.tid) TH_LOG(REC_FMT, REC_ARGS(st));
	ASSERT_LT(0, st.tid);
	track_foreign(self, st.tid);
	ASSERT_GT(MAX_HELD, self->nheld);
	self->held[self->nheld++] = st;
	return st.tid;
}

static void forker_report(struct __test_metadata *_metadata,
			  struct forker *f, struct pt_fork_report *rep)
{
	ASSERT_EQ(sizeof(*rep), pt_read_full(f->report, rep, sizeof(*rep)));
}

/*
 * The creator's event-stop for PTRAP_EVENT_@ev: returns the new tid (the
 * message), checked against GETEVENTMSG, and remembered for teardown.
 */
static pid_t creator_event(struct __test_metadata *_metadata,
			   FIXTURE_DATA(events) *self, pid_t tid, int ev)
{
	struct ptrap_stop st;
	pid_t kid;

	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVENT(ev), tid);
	EXPECT_EQ(-1, st.nr);
	kid = (pid_t)st.msg;
	ASSERT_LT(0, kid) TH_LOG(REC_FMT, REC_ARGS(st));
	ASSERT_NE(tid, kid);
	track_foreign(self, kid);
	ASSERT_EVENTMSG(tid, kid);
	return kid;
}

/*
 * The first record of an auto-attached @kid of thread group @tgid:
 * ATTACH-style, a SIGSTOP signal-delivery-stop whose siginfo is the
 * kernel's plain SIGSTOP (SI_USER, no sender); SEIZE-style,
 * PTRACE_EVENT_STOP. fork/clone returned 0 in it.
 */
static void kid_first_stop(struct __test_metadata *_metadata,
			   FIXTURE_DATA(events) *self, pid_t kid,
			   pid_t tgid, int seized)
{
	struct user_regs_struct regs;
	struct ptrap_stop st;
	siginfo_t si;

	NEXT_OF(kid, st);
	if (seized) {
		ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVSTOP, kid);
		EXPECT_EQ(0, st.msg);
	} else {
		ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), kid);
		rec_siginfo(&st, &si);
		EXPECT_EQ(SIGSTOP, si.si_signo);
		EXPECT_EQ(SI_USER, si.si_code);
		EXPECT_EQ(0, si.si_errno);
		EXPECT_EQ(0, si.si_pid);
		EXPECT_EQ(0, si.si_uid);
	}
	EXPECT_EQ(tgid, st.tgid);
	EXPECT_EQ(-1, st.nr);
	ASSERT_EQ(0, ptrap_getregs(self->p, kid, &regs));
	EXPECT_EQ(regs.rip, st.ip);
	EXPECT_EQ(regs.rsp, st.sp);
	if (tgid == kid)
		EXPECT_EQ(0, regs.rax);
}

/* Does --child-fork @how's new child end with SIGCHLD to its creator? */
static int how_sigchld(const char *how)
{
	return strcmp(how, "thread") && strcmp(how, "clone") &&
	       strcmp(how, "clone3sig0");
}

/*
 * The creator @tid, running or resumed, stops for the SIGCHLD of its child
 * @kid's end (a tracee stops for every signal, an ignored SIGCHLD too):
 * checked, suppressed, resumed.
 */
static void creator_sigchld(struct __test_metadata *_metadata,
			    FIXTURE_DATA(events) *self, pid_t tid, pid_t kid,
			    int code, int killed)
{
	struct ptrap_stop st;
	siginfo_t si;

	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCHLD), tid);
	rec_siginfo(&st, &si);
	EXPECT_EQ(SIGCHLD, si.si_signo);
	EXPECT_EQ(killed ? CLD_KILLED : CLD_EXITED, si.si_code);
	EXPECT_EQ(kid, si.si_pid);
	EXPECT_EQ(code, si.si_status);
	EXPECT_EQ(getuid(), si.si_uid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
}

/*
 * The common case: @f's creator (stopped at its first record, or seized
 * and running) makes a child with @how under @opts; checks the creator's
 * event @ev, the child's first stop, the child's exit with 4 and the
 * creator's report and exit.
 */
static void fork_case(struct __test_metadata *_metadata,
		      FIXTURE_DATA(events) *self, const char *how,
		      uint64_t opts, int seized, int ev)
{
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	int thread = !strcmp(how, "thread");
	pid_t kid;

	start_forker(_metadata, self, how, 4, opts, seized, &f);
	if (!seized)
		ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT,
					  0));
	kid = creator_event(_metadata, self, f.pid, ev);
	kid_first_stop(_metadata, self, kid, thread ? f.pid : kid, seized);
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(kid, st);
	/* A thread ends with exit(0); the leader's exit_group ends the rest. */
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(thread ? 0 : 4), kid);
	if (ev == PTRAP_EVENT_VFORK &&
	    (opts & PTRAP_O_TRACEVFORKDONE)) {
		NEXT_OF(f.pid, st);
		ASSERT_EVENT(st, PTRAP_EVENT_VFORK_DONE, f.pid, kid);
		ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT,
					  0));
	}
	if (how_sigchld(how))
		creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(thread ? 0 : ST_EXIT(4), rep.status);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

TEST_F(events, fork_event)
{
	NEED_SESSION();
	fork_case(_metadata, self, "fork", PTRAP_O_TRACEFORK, 0,
		  PTRAP_EVENT_FORK);
}

TEST_F(events, fork_event_seized)
{
	NEED_SESSION();
	fork_case(_metadata, self, "fork", PTRAP_O_TRACEFORK, 1,
		  PTRAP_EVENT_FORK);
}

TEST_F(events, fork_event_clone_sigchld)
{
	NEED_SESSION();
	/* clone(2) with exit signal SIGCHLD is a fork. */
	fork_case(_metadata, self, "clonesig", PTRAP_O_TRACEFORK, 0,
		  PTRAP_EVENT_FORK);
}

TEST_F(events, fork_event_clone3)
{
	NEED_SESSION();
	fork_case(_metadata, self, "clone3", PTRAP_O_TRACEFORK, 0,
		  PTRAP_EVENT_FORK);
}

TEST_F(events, vfork_event)
{
	NEED_SESSION();
	fork_case(_metadata, self, "vfork", PTRAP_O_TRACEVFORK, 0,
		  PTRAP_EVENT_VFORK);
}

TEST_F(events, vfork_event_seized)
{
	NEED_SESSION();
	fork_case(_metadata, self, "vfork", PTRAP_O_TRACEVFORK, 1,
		  PTRAP_EVENT_VFORK);
}

TEST_F(events, vfork_event_clone3)
{
	NEED_SESSION();
	fork_case(_metadata, self, "clone3vfork", PTRAP_O_TRACEVFORK, 0,
		  PTRAP_EVENT_VFORK);
}

TEST_F(events, clone_event)
{
	NEED_SESSION();
	/* Exit signal other than SIGCHLD: a clone. */
	fork_case(_metadata, self, "clone", PTRAP_O_TRACECLONE, 0,
		  PTRAP_EVENT_CLONE);
}

TEST_F(events, clone_event_clone3)
{
	NEED_SESSION();
	fork_case(_metadata, self, "clone3sig0", PTRAP_O_TRACECLONE, 0,
		  PTRAP_EVENT_CLONE);
}

TEST_F(events, clone_event_thread)
{
	NEED_SESSION();
	fork_case(_metadata, self, "thread", PTRAP_O_TRACECLONE, 0,
		  PTRAP_EVENT_CLONE);
}

TEST_F(events, clone_event_thread_seized)
{
	NEED_SESSION();
	fork_case(_metadata, self, "thread", PTRAP_O_TRACECLONE, 1,
		  PTRAP_EVENT_CLONE);
}

TEST_F(events, vfork_event_clone)
{
	NEED_SESSION();
	fork_case(_metadata, self, "clonevfork", PTRAP_O_TRACEVFORK, 0,
		  PTRAP_EVENT_VFORK);
}

TEST_F(events, vforkdone_after_exit)
{
	NEED_SESSION();
	fork_case(_metadata, self, "vfork", PTRAP_O_TRACEVFORK |
		  PTRAP_O_TRACEVFORKDONE, 0, PTRAP_EVENT_VFORK);
}

TEST_F(events, vforkdone_after_exit_clone3)
{
	NEED_SESSION();
	fork_case(_metadata, self, "clone3vfork", PTRAP_O_TRACEVFORK |
		  PTRAP_O_TRACEVFORKDONE, 1, PTRAP_EVENT_VFORK);
}

TEST_F(events, vforkdone_after_exec)
{
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	start_forker(_metadata, self, "vforkexec", 5, PTRAP_O_TRACEVFORK |
		     PTRAP_O_TRACEVFORKDONE, 0, &f);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	kid = creator_event(_metadata, self, f.pid, PTRAP_EVENT_VFORK);
	kid_first_stop(_metadata, self, kid, kid, 0);
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	/* The creator waits in vfork() until the child has exec'd. */
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	NO_REC_OF(f.pid);
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(f.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_VFORK_DONE, f.pid, kid);
	ASSERT_EVENTMSG(f.pid, kid);
	/* The child (options inherited: no TRACEEXEC) has its SIGTRAP. */
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGTRAP), kid);
	CONT_TO_EXIT(kid, 5);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	creator_sigchld(_metadata, self, f.pid, kid, 5, 0);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(ST_EXIT(5), rep.status);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

TEST_F(events, vforkdone_child_untraced)
{
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	/* VFORK_DONE without TRACEVFORK: the child is not traced. */
	start_forker(_metadata, self, "vfork", 4, PTRAP_O_TRACEVFORKDONE, 0,
		     &f);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	kid = kid_hello(_metadata, &f);
	track_foreign(self, kid);
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	NO_REC_OF(f.pid);
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(f.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_VFORK_DONE, f.pid, kid);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(ST_EXIT(4), rep.status);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

/*
 * Start --child-fork @how (4) under @opts, attach-style (spawned, with
 * EXITKILL) or @seized (forked, no EXITKILL), let it run and take its VFORK
 * event-stop; the new child's first stop is taken too, but the child is
 * left stopped: the creator is at its VFORK stop and the child has not run.
 */
static pid_t vfork_stopped(struct __test_metadata *_metadata,
			   FIXTURE_DATA(events) *self, const char *how,
			   uint64_t opts, int seized, struct forker *f)
{
	pid_t kid;

	start_forker(_metadata, self, how, 4, opts, seized, f);
	if (!seized)
		ASSERT_EQ(0, ptrap_resume(self->p, f->pid, PTRAP_RESUME_CONT,
					  0));
	kid = creator_event(_metadata, self, f->pid, PTRAP_EVENT_VFORK);
	kid_first_stop(_metadata, self, kid, kid, seized);
	return kid;
}

/*
 * The registers of a creator stopped inside vfork(): the syscall's number
 * in orig_rax, -ENOSYS in rax (it has not returned), the instruction
 * pointer after the syscall instruction, as the record says.
 */
static void regs_in_vfork(struct __test_metadata *_metadata,
			  FIXTURE_DATA(events) *self, pid_t tid,
			  const struct ptrap_stop *st)
{
	struct user_regs_struct regs;

	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &regs));
	EXPECT_EQ(SYS_vfork, (long)regs.orig_rax);
	EXPECT_EQ(-ENOSYS, (long)regs.rax);
	EXPECT_EQ(st->ip, regs.rip);
	EXPECT_EQ(st->sp, regs.rsp);
}

/*
 * The creator's VFORK stop comes before the new child runs (the supervisor
 * waits for it before resuming the child): its registers and siginfo are
 * those of a stop inside vfork(); the VFORK_DONE stop shows the same
 * registers; rax set there is lost to the syscall's return, as with ptrace.
 */
TEST_F(events, vfork_stop_before_child_runs)
{
	struct user_regs_struct regs;
	struct pt_fork_report rep;
	struct ptrap_stop st, ev;
	struct forker f;
	siginfo_t si;
	pid_t kid;

	NEED_SESSION();
	start_forker(_metadata, self, "vfork", 4, PTRAP_O_TRACEVFORK |
		     PTRAP_O_TRACEVFORKDONE, 0, &f);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(f.pid, ev);
	ASSERT_STOP(ev, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_VFORK), f.pid);
	kid = (pid_t)ev.msg;
	ASSERT_LT(0, kid);
	track_foreign(self, kid);
	ASSERT_EVENTMSG(f.pid, kid);
	regs_in_vfork(_metadata, self, f.pid, &ev);
	ASSERT_EQ(0, ptrap_getsiginfo(self->p, f.pid, &si));
	EXPECT_EQ(SIGTRAP, si.si_signo);
	EXPECT_EQ(SIGTRAP | (PTRAP_EVENT_VFORK << 8), si.si_code);

	kid_first_stop(_metadata, self, kid, kid, 0);
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	NO_REC_OF(f.pid);
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	NEXT_OF(f.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_VFORK_DONE, f.pid, kid);
	ASSERT_EVENTMSG(f.pid, kid);
	regs_in_vfork(_metadata, self, f.pid, &ev);
	ASSERT_EQ(0, ptrap_getregs(self->p, f.pid, &regs));
	regs.rax = 12345;
	ASSERT_EQ(0, ptrap_setregs(self->p, f.pid, &regs));
	ASSERT_EQ(0, ptrap_getregs(self->p, f.pid, &regs));
	EXPECT_EQ(12345, regs.rax);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(ST_EXIT(4), rep.status);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

/*
 * Resumed with SYSCALL at its VFORK stop before the child runs: the
 * creator waits for the child, then stops at the syscall's exit.
 */
TEST_F(events, vfork_resumed_before_child_runs)
{
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	kid = vfork_stopped(_metadata, self, "vfork", PTRAP_O_TRACEVFORK, 0,
			    &f);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_SYSCALL, 0));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	NO_REC_OF(f.pid);
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, f.pid);
	EXPECT_EQ(SYS_vfork, st.nr);
	EXPECT_EQ(kid, st.retval);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

/* TRACEVFORKDONE set at the VFORK stop takes effect for that vfork. */
TEST_F(events, vforkdone_set_at_vfork_stop)
{
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	kid = vfork_stopped(_metadata, self, "clone3vfork", PTRAP_O_TRACEVFORK,
			    0, &f);
	ASSERT_EQ(0, ptrap_setoptions(self->p, f.pid, PTRAP_O_TRACEVFORK |
				      PTRAP_O_TRACEVFORKDONE));
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	NEXT_OF(f.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_VFORK_DONE, f.pid, kid);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

/*
 * Detached at its VFORK stop, before the child runs: the creator goes on
 * untraced once the child is done (no VFORK_DONE), and vfork() returns
 * the child's pid.
 */
TEST_F(events, vfork_detach_at_stop)
{
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	kid = vfork_stopped(_metadata, self, "vfork", PTRAP_O_TRACEVFORK |
			    PTRAP_O_TRACEVFORKDONE, 0, &f);
	ASSERT_EQ(0, ptrap_detach(self->p, f.pid, 0));
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(ST_EXIT(4), rep.status);
	NO_REC();
}

/*
 * SIGKILL at the creator's VFORK stop, before the child runs: the creator
 * dies; the child, still traced, goes on when resumed.
 */
TEST_F(events, vfork_kill_at_stop)
{
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	kid = vfork_stopped(_metadata, self, "vfork", PTRAP_O_TRACEVFORK |
			    PTRAP_O_TRACEVFORKDONE, 0, &f);
	ASSERT_EQ(0, ptrap_kill(self->p, f.pid));
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGKILL), f.pid);
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	NO_REC();
}

/*
 * The session is closed at the creator's VFORK stop, its child stopped
 * too: both are let go; nothing stays blocked.
 */
TEST_F(events, vfork_close_at_stop)
{
	struct pt_fork_report rep;
	struct forker f;
	int status = 0;
	pid_t kid;

	NEED_SESSION();
	kid = vfork_stopped(_metadata, self, "vfork", PTRAP_O_TRACEVFORK |
			    PTRAP_O_TRACEVFORKDONE, 1, &f);
	/* Without EXITKILL (which seize() adds). */
	ASSERT_EQ(0, ptrap_setoptions(self->p, f.pid, PTRAP_O_TRACEVFORK));
	ASSERT_EQ(0, ptrap_setoptions(self->p, kid, PTRAP_O_TRACEVFORK));
	ptrap_close(self->p);
	self->p = NULL;
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(ST_EXIT(4), rep.status);
	ASSERT_EQ(0, wait_child(f.pid, &status));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * The same with EXITKILL: closing the session kills the creator in its
 * VFORK stop (and the child, which inherited the option).
 */
TEST_F(events, vfork_close_exitkill_at_stop)
{
	struct pt_fork_report rep;
	struct forker f;

	NEED_SESSION();
	vfork_stopped(_metadata, self, "vfork", PTRAP_O_TRACEVFORK, 1, &f);
	ptrap_close(self->p);
	self->p = NULL;
	/* Both dead (the stub pool's tracer reaps the creator): no report. */
	EXPECT_EQ(0, pt_read_full(f.report, &rep, sizeof(rep)));
	EXPECT_EQ(0, pt_read_full(f.hello, &rep, sizeof(rep)));
}

/* Under SYSCALL: entry, the event, then the exit stop with the new tid. */
static void fork_syscall_order(struct __test_metadata *_metadata,
			       FIXTURE_DATA(events) *self, const char *how,
			       long nr, uint64_t opts, int ev)
{
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	start_forker(_metadata, self, how, 4, opts | PTRAP_O_TRACESYSGOOD, 0,
		     &f);
	run_to_syscall(_metadata, self, f.pid, SYS_getppid, ST_SYSGOOD, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSGOOD, f.pid);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSGOOD, f.pid);
	ASSERT_EQ(nr, st.nr);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_SYSCALL, 0));
	kid = creator_event(_metadata, self, f.pid, ev);
	kid_first_stop(_metadata, self, kid, kid, 0);
	if (ev == PTRAP_EVENT_VFORK) {
		/* The exit stop comes once the child is gone. */
		ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT,
					  0));
		ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
		NEXT_OF(kid, st);
		ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	}
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_SYSCALL, 0));
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSGOOD, f.pid);
	EXPECT_EQ(nr, st.nr);
	EXPECT_EQ(kid, st.retval);
	if (ev != PTRAP_EVENT_VFORK) {
		ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT,
					  0));
		ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
		NEXT_OF(kid, st);
		ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	}
	/* Its SIGCHLD waited for the syscall to end. */
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	if (how_sigchld(how))
		creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

TEST_F(events, fork_event_before_syscall_exit)
{
	NEED_SESSION();
	fork_syscall_order(_metadata, self, "fork", SYS_fork,
			   PTRAP_O_TRACEFORK, PTRAP_EVENT_FORK);
}

TEST_F(events, clone_event_before_syscall_exit)
{
	NEED_SESSION();
	fork_syscall_order(_metadata, self, "clone", SYS_clone,
			   PTRAP_O_TRACECLONE, PTRAP_EVENT_CLONE);
}

TEST_F(events, clone3_event_before_syscall_exit)
{
	NEED_SESSION();
	fork_syscall_order(_metadata, self, "clone3", SYS_clone3,
			   PTRAP_O_TRACEFORK, PTRAP_EVENT_FORK);
}

TEST_F(events, vfork_event_before_syscall_exit)
{
	NEED_SESSION();
	fork_syscall_order(_metadata, self, "vfork", SYS_vfork,
			   PTRAP_O_TRACEVFORK, PTRAP_EVENT_VFORK);
}

TEST_F(events, fork_options_inherited)
{
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	start_forker(_metadata, self, "fork", 4, PTRAP_O_TRACEFORK |
		     PTRAP_O_TRACESYSGOOD | PTRAP_O_TRACEEXIT, 0, &f);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	kid = creator_event(_metadata, self, f.pid, PTRAP_EVENT_FORK);
	kid_first_stop(_metadata, self, kid, kid, 0);
	/* TRACESYSGOOD: the child's syscall stops are 0x857f. */
	run_to_syscall(_metadata, self, kid, SYS_read, ST_SYSGOOD, &st);
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	/* TRACEEXIT: its EXIT event. */
	NEXT_OF(kid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, kid, 0x400);
	CONT_TO_EXIT(kid, 4);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	NEXT_OF(f.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, f.pid, 0);
	CONT_TO_EXIT(f.pid, 0);
	NO_REC();
}

TEST_F(events, fork_child_detached)
{
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	start_forker(_metadata, self, "fork", 4, PTRAP_O_TRACEFORK, 0, &f);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	kid = creator_event(_metadata, self, f.pid, PTRAP_EVENT_FORK);
	kid_first_stop(_metadata, self, kid, kid, 0);
	/* The child is a tracee in its own right: detach it. */
	ASSERT_EQ(0, ptrap_detach(self->p, kid, 0));
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	/* Detached: its end was not reported. */
	NO_REC();
}

TEST_F(events, fork_child_killed)
{
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	start_forker(_metadata, self, "fork", 4, PTRAP_O_TRACEFORK, 1, &f);
	kid = creator_event(_metadata, self, f.pid, PTRAP_EVENT_FORK);
	kid_first_stop(_metadata, self, kid, kid, 1);
	ASSERT_EQ(0, ptrap_kill(self->p, kid));
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGKILL), kid);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	/* Its parent sees it killed too. */
	creator_sigchld(_metadata, self, f.pid, kid, SIGKILL, 1);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(SIGKILL, rep.status);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

/*
 * Seized-ness is inherited: INTERRUPT stops a new child of a seized
 * creator and fails with EIO for one of an attached creator.
 */
static void kid_interrupt(struct __test_metadata *_metadata,
			  FIXTURE_DATA(events) *self, int seized)
{
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	start_forker(_metadata, self, "clone", 4, PTRAP_O_TRACECLONE, seized,
		     &f);
	if (!seized)
		ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT,
					  0));
	kid = creator_event(_metadata, self, f.pid, PTRAP_EVENT_CLONE);
	kid_first_stop(_metadata, self, kid, kid, seized);
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	/* Running, blocked in read() on the go pipe. */
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	if (seized) {
		interrupt_stop(_metadata, self, kid);
		ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT,
					  0));
	} else {
		EXPECT_EQ(-EIO, interrupt(_metadata, self, kid));
	}
	NO_REC_OF(kid);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

TEST_F(events, clone_child_seized_interrupt)
{
	NEED_SESSION();
	kid_interrupt(_metadata, self, 1);
}

TEST_F(events, clone_child_attached_interrupt_eio)
{
	NEED_SESSION();
	kid_interrupt(_metadata, self, 0);
}

TEST_F(events, clone_thread_exit_event)
{
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	pid_t thr;

	NEED_SESSION();
	start_forker(_metadata, self, "thread", 4, PTRAP_O_TRACECLONE |
		     PTRAP_O_TRACEEXIT, 0, &f);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	thr = creator_event(_metadata, self, f.pid, PTRAP_EVENT_CLONE);
	kid_first_stop(_metadata, self, thr, f.pid, 0);
	ASSERT_EQ(0, ptrap_resume(self->p, thr, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(thr, kid_hello(_metadata, &f));
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	/* A thread's exit(0): its own EXIT event, message 0. */
	NEXT_OF(thr, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, thr, 0);
	EXPECT_EQ(f.pid, st.tgid);
	CONT_TO_EXIT(thr, 0);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(thr, rep.ret);
	NEXT_OF(f.pid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXIT, f.pid, 0);
	CONT_TO_EXIT(f.pid, 0);
	NO_REC();
}

TEST_F(events, clone_ptrace_flag)
{
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	NEED_SESSION();
	/*
	 * CLONE_PTRACE without any option: the child is traced (as its
	 * creator: ATTACH-style), the creator has no event-stop.
	 */
	start_forker(_metadata, self, "cloneptrace", 4, 0, 0, &f);
	ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT, 0));
	kid = kid_hello_or_stop(_metadata, self, &f);
	kid_first_stop(_metadata, self, kid, kid, 0);
	ASSERT_EQ(0, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(kid, kid_hello(_metadata, &f));
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(4), kid);
	creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(ST_EXIT(4), rep.status);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

/* ---- no option, no event, no auto-attach ---- */

/*
 * @how under @opts makes no event and no tracee: the child runs (says
 * hello), is no tracee (ESRCH), ends unreported; the creator runs on.
 */
static void no_follow(struct __test_metadata *_metadata,
		      FIXTURE_DATA(events) *self, const char *how,
		      uint64_t opts, int seized)
{
	struct user_regs_struct regs;
	struct pt_fork_report rep;
	struct ptrap_stop st;
	struct forker f;
	pid_t kid;

	start_forker(_metadata, self, how, 4, opts, seized, &f);
	if (!seized)
		ASSERT_EQ(0, ptrap_resume(self->p, f.pid, PTRAP_RESUME_CONT,
					  0));
	kid = kid_hello(_metadata, &f);
	track_foreign(self, kid);
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, kid, PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_getregs(self->p, kid, &regs));
	EXPECT_EQ(-ESRCH, ptrap_kill(self->p, kid));
	NO_REC();
	ASSERT_EQ(0, pt_write_all(f.go, "g", 1));
	if (how_sigchld(how))
		creator_sigchld(_metadata, self, f.pid, kid, 4, 0);
	forker_report(_metadata, &f, &rep);
	EXPECT_EQ(kid, rep.ret);
	EXPECT_EQ(strcmp(how, "thread") ? ST_EXIT(4) : 0, rep.status);
	NEXT_OF(f.pid, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(0), f.pid);
	NO_REC();
}

TEST_F(events, fork_no_option)
{
	NEED_SESSION();
	no_follow(_metadata, self, "fork", 0, 0);
}

TEST_F(events, vfork_no_option)
{
	NEED_SESSION();
	no_follow(_metadata, self, "vfork", 0, 1);
}

TEST_F(events, thread_no_option)
{
	NEED_SESSION();
	no_follow(_metadata, self, "thread", 0, 0);
}

TEST_F(events, clone3_no_option)
{
	NEED_SESSION();
	no_follow(_metadata, self, "clone3sig0", PTRAP_O_TRACESYSGOOD, 1);
}

TEST_F(events, tracefork_ignores_vfork)
{
	NEED_SESSION();
	/* TRACEFORK covers neither CLONE_VFORK nor a non-SIGCHLD exit. */
	no_follow(_metadata, self, "vfork", PTRAP_O_TRACEFORK, 0);
}

TEST_F(events, tracefork_ignores_clone)
{
	NEED_SESSION();
	no_follow(_metadata, self, "clone", PTRAP_O_TRACEFORK |
		  PTRAP_O_TRACEVFORK, 0);
}

TEST_F(events, traceclone_ignores_fork)
{
	NEED_SESSION();
	no_follow(_metadata, self, "fork", PTRAP_O_TRACECLONE |
		  PTRAP_O_TRACEVFORK, 0);
}

TEST_F(events, clone_untraced)
{
	NEED_SESSION();
	no_follow(_metadata, self, "untraced", O_NEWCHILD, 0);
}

TEST_F(events, clone3_untraced)
{
	NEED_SESSION();
	no_follow(_metadata, self, "clone3untraced", O_NEWCHILD, 1);
}

/* ================= exec from a thread ================= */

/*
 * A thread that is not the leader execs: the leader goes away unreported,
 * the execing thread takes the leader's tid and reports the EXEC event
 * under it, with its former tid as the message.
 */
static void thread_exec(struct __test_metadata *_metadata,
			FIXTURE_DATA(events) *self, uint64_t opts)
{
	struct ptrap_stop st;
	pid_t tid, thr;

	tid = spawn_num(_metadata, self, 0, "thread-exec", 11);
	set_opts(_metadata, self, tid, PTRAP_O_TRACECLONE |
		 PTRAP_O_TRACEEXEC | opts);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	thr = creator_event(_metadata, self, tid, PTRAP_EVENT_CLONE);
	kid_first_stop(_metadata, self, thr, tid, 0);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	ASSERT_EQ(0, ptrap_resume(self->p, thr, PTRAP_RESUME_CONT, 0));
	if (opts & PTRAP_O_TRACEEXIT) {
		/* The leader, killed by the exec, stops at its exit first. */
		NEXT_OF(tid, st);
		ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, 0);
		ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT,
					  0));
	}
	NEXT_OF(tid, st);
	ASSERT_EVENT(st, PTRAP_EVENT_EXEC, tid, thr);
	EXPECT_EQ(tid, st.tgid);
	ASSERT_EVENTMSG(tid, thr);
	/* The former tid is gone: no record, no tracee. */
	NO_REC_OF(thr);
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, thr, PTRAP_RESUME_CONT, 0));
	if (opts & PTRAP_O_TRACEEXIT) {
		ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT,
					  0));
		NEXT_OF(tid, st);
		ASSERT_EVENT(st, PTRAP_EVENT_EXIT, tid, 0xb00);
	}
	CONT_TO_EXIT(tid, 11);
	NO_REC();
}

TEST_F(events, exec_from_thread)
{
	NEED_SESSION();
	thread_exec(_metadata, self, 0);
}

TEST_F(events, exec_from_thread_traceexit)
{
	NEED_SESSION();
	thread_exec(_metadata, self, PTRAP_O_TRACEEXIT);
}

PT_HARNESS_MAIN(pt_no_child_main)
