/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * ptrap: ptrace as a device.
 *
 * Opening /dev/ptrap creates a *session*. A session traces *tracees*
 * (threads) the way ptrace(2) does, but the trace belongs to the open file,
 * not to a thread: any thread holding the file descriptor may operate on any
 * of the session's tracees, and the descriptor may be passed or inherited.
 *
 * Stops are reported as fixed-size records (struct ptrap_stop) read from the
 * descriptor with read(2); poll(2)/epoll(7) report EPOLLIN while a record is
 * ready. A read buffer smaller than one record fails with EINVAL; a read
 * returns as many whole records as fit, never a partial one; with O_NONBLOCK
 * a read with nothing ready fails with EAGAIN.
 *
 * Requests are ioctl(2)s on the descriptor. Every request that takes a
 * struct is *size-versioned* like clone3(2): the size of the struct is part
 * of the ioctl number (_IOC_SIZE), the kernel accepts any size from the
 * first published version (PTRAP_*_SIZE_VER0) up, treats missing trailing
 * fields as zero and refuses (E2BIG) non-zero trailing bytes it does not
 * know. Userland should simply use the macros below.
 *
 * Common errors:
 *   ENOTTY  unknown request
 *   EINVAL  unknown flag or option bits, bad mode, bad size
 *   EFAULT  bad pointer
 *   ESRCH   no such tracee in this session, or the request needs the tracee
 *           to be in a stop and it is not (as ptrace(2))
 *   EPERM   the access check refused (see PTRAP_IOC_ATTACH)
 *
 * Thread ids are those of the pid namespace of the process that opened the
 * device.
 */
#ifndef _UAPI_LINUX_PTRAP_H
#define _UAPI_LINUX_PTRAP_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/const.h>

#define PTRAP_DEVICE_NAME	"ptrap"
#define PTRAP_DEVICE_PATH	"/dev/ptrap"

/*
 * Options, set by PTRAP_IOC_SEIZE, PTRAP_IOC_ATTACH, PTRAP_IOC_TRACEME and
 * PTRAP_IOC_SETOPTIONS. The bit values are ptrace(2)'s PTRACE_O_* values.
 * The module accepts PTRAP_O_SUPPORTED; other bits fail with EINVAL.
 */
#define PTRAP_O_TRACESYSGOOD	_BITULL(0)	/* syscall stops report SIGTRAP|0x80 */
#define PTRAP_O_TRACEFORK	_BITULL(1)	/* fork: event, auto-attach */
#define PTRAP_O_TRACEVFORK	_BITULL(2)	/* vfork: event, auto-attach */
#define PTRAP_O_TRACECLONE	_BITULL(3)	/* other clones: event, auto-attach */
#define PTRAP_O_TRACEEXEC	_BITULL(4)	/* exec: event instead of SIGTRAP */
#define PTRAP_O_TRACEVFORKDONE	_BITULL(5)	/* event when a vfork child lets go */
#define PTRAP_O_TRACEEXIT	_BITULL(6)	/* event before exiting */
#define PTRAP_O_TRACESECCOMP	_BITULL(7)	/* never: no seccomp hook */
#define PTRAP_O_EXITKILL	_BITULL(20)	/* SIGKILL on session close */
#define PTRAP_O_SUPPORTED	(PTRAP_O_TRACESYSGOOD | PTRAP_O_TRACEFORK | \
				 PTRAP_O_TRACEVFORK | PTRAP_O_TRACECLONE | \
				 PTRAP_O_TRACEEXEC | PTRAP_O_TRACEVFORKDONE | \
				 PTRAP_O_TRACEEXIT | PTRAP_O_EXITKILL)

/**
 * enum ptrap_stop_kind - what a record read from the session reports
 * @PTRAP_STOP_SIGNAL: signal-delivery-stop. @status is W_STOPCODE(signo),
 *	the signal's siginfo is in @siginfo (struct siginfo as the kernel
 *	would deliver it, 128 bytes).
 * @PTRAP_STOP_GROUP: group-stop: the tracee was given a stop signal
 *	(SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU with its default action), or its
 *	process was stopped when it was attached, or it was INTERRUPTed while
 *	its process is stopped. @status is W_STOPCODE(stop signal) for an
 *	ATTACHed tracee (no siginfo: GETSIGINFO fails with EINVAL), and
 *	W_STOPCODE(stop signal | PTRAP_EVENT_STOP << 8) for a SEIZEd one
 *	(GETSIGINFO: si_signo the stop signal, si_code @status >> 8), as
 *	waitpid(2) shows a ptrace(2) group-stop.
 * @PTRAP_STOP_SYSCALL_ENTER: syscall-enter-stop. @nr and @args are the
 *	system call's number and arguments; @status is W_STOPCODE(SIGTRAP),
 *	or W_STOPCODE(SIGTRAP | 0x80) with PTRAP_O_TRACESYSGOOD.
 * @PTRAP_STOP_SYSCALL_EXIT: syscall-exit-stop. @nr is the system call's
 *	number, @retval its return value; @status as for the enter stop.
 * @PTRAP_STOP_EVENT: event-stop. @status is
 *	W_STOPCODE(SIGTRAP | PTRAP_EVENT_* << 8), @msg the event message (as
 *	PTRAP_IOC_GETEVENTMSG gives it). PTRAP_EVENT_STOP with SIGTRAP is the
 *	stop of a seized tracee after INTERRUPT, after SIGCONT, or as a new
 *	auto-attached child; with a stop signal it is a PTRAP_STOP_GROUP.
 * @PTRAP_STOP_EXITED: the tracee exited; @status is its wait(2) status
 *	(WIFEXITED). Reported once; the tracee is gone from the session.
 * @PTRAP_STOP_KILLED: the tracee was killed by a signal; @status is its
 *	wait(2) status (WIFSIGNALED). Reported once; the tracee is gone.
 * @PTRAP_STOP_DETACHED: the tracee left the session without the
 *	supervisor asking: it executed a program that gained privileges the
 *	session may not trace. @msg holds the reason (PTRAP_DETACH_REASON_*).
 */
enum ptrap_stop_kind {
	PTRAP_STOP_SIGNAL		= 1,
	PTRAP_STOP_GROUP		= 2,
	PTRAP_STOP_SYSCALL_ENTER	= 3,
	PTRAP_STOP_SYSCALL_EXIT		= 4,
	PTRAP_STOP_EVENT		= 5,
	PTRAP_STOP_EXITED		= 6,
	PTRAP_STOP_KILLED		= 7,
	PTRAP_STOP_DETACHED		= 8,
};

#define PTRAP_DETACH_REASON_PRIVILEGED_EXEC	1

/**
 * struct ptrap_stop - one record read from a session
 * @kind: enum ptrap_stop_kind.
 * @status: wait(2)-style status word, exactly as waitpid(2) on a ptrace(2)
 *	tracee would return it for the same stop.
 * @tid: thread id of the tracee.
 * @tgid: thread group id of the tracee.
 * @nr: system call number (syscall stops), else -1.
 * @args: system call arguments (syscall-enter-stop), else 0.
 * @retval: system call return value (syscall-exit-stop), else 0.
 * @msg: event message (event-stops, PTRAP_STOP_DETACHED), else 0.
 * @ip: the tracee's instruction pointer at the stop (0 for EXITED/KILLED).
 * @sp: the tracee's stack pointer at the stop (0 for EXITED/KILLED).
 * @siginfo: for PTRAP_STOP_SIGNAL, the siginfo of the signal; zero else.
 * @reserved: zero.
 */
struct ptrap_stop {
	__u32 kind;
	__u32 status;
	__s32 tid;
	__s32 tgid;
	__s64 nr;
	__u64 args[6];
	__s64 retval;
	__u64 msg;
	__u64 ip;
	__u64 sp;
	__u64 reserved[3];
	__u8 siginfo[128];
};

/**
 * struct ptrap_attach_args - PTRAP_IOC_ATTACH, PTRAP_IOC_SEIZE
 * @tid: thread to attach to.
 * @flags: zero.
 * @options: PTRAP_O_* to set at once.
 */
struct ptrap_attach_args {
	__s32 tid;
	__u32 flags;
	__u64 options;
};

#define PTRAP_ATTACH_SIZE_VER0	16

/**
 * struct ptrap_traceme_args - PTRAP_IOC_TRACEME
 * @flags: zero.
 * @pad: zero.
 * @options: PTRAP_O_* to set at once.
 */
struct ptrap_traceme_args {
	__u32 flags;
	__u32 pad;
	__u64 options;
};

#define PTRAP_TRACEME_SIZE_VER0	16

/**
 * struct ptrap_tracee_args - requests that name a tracee and maybe a signal:
 *	PTRAP_IOC_DETACH, PTRAP_IOC_KILL
 * @tid: the tracee.
 * @sig: PTRAP_IOC_DETACH: the signal to deliver on detach (0 for none);
 *	PTRAP_IOC_KILL: zero.
 * @flags: zero.
 * @pad: zero.
 */
struct ptrap_tracee_args {
	__s32 tid;
	__u32 sig;
	__u32 flags;
	__u32 pad;
};

#define PTRAP_TRACEE_SIZE_VER0	16

/**
 * enum ptrap_resume_mode - how PTRAP_IOC_RESUME lets a tracee run
 * @PTRAP_RESUME_CONT: run until the next signal (PTRACE_CONT).
 * @PTRAP_RESUME_SYSCALL: stop at the next syscall entry and exit
 *	(PTRACE_SYSCALL).
 * @PTRAP_RESUME_SYSEMU: stop at the next syscall entry and do not execute
 *	it; the tracee sees the value the supervisor left in the return
 *	register (-ENOSYS if untouched) (PTRACE_SYSEMU).
 * @PTRAP_RESUME_SINGLESTEP: stop after one instruction (PTRACE_SINGLESTEP,
 *	x86-64). The stop is a SIGTRAP signal-delivery-stop: si_code
 *	TRAP_TRACE and si_addr the next instruction after an ordinary
 *	instruction; si_code TRAP_BRKPT, at the syscall's exit, after a
 *	syscall instruction (which runs without a syscall stop). Resumed with
 *	a signal that goes to a handler, the tracee stops again at the
 *	handler's first instruction: SIGTRAP, si_code SIGTRAP (the signal
 *	given with that stop's release is ignored). The trap flag the step
 *	sets is hidden from the flags GETREGSET and PEEKUSER show and is
 *	cleared when the tracee is resumed otherwise, detached or let go.
 * @PTRAP_RESUME_SYSEMU_SINGLESTEP: SYSEMU and SINGLESTEP together
 *	(PTRACE_SYSEMU_SINGLESTEP): a syscall instruction stops at the
 *	syscall's entry and is not executed (that stop counts as the step's);
 *	any other instruction stops after it as with SINGLESTEP.
 */
enum ptrap_resume_mode {
	PTRAP_RESUME_CONT		= 0,
	PTRAP_RESUME_SYSCALL		= 1,
	PTRAP_RESUME_SYSEMU		= 2,
	PTRAP_RESUME_SINGLESTEP		= 3,
	PTRAP_RESUME_SYSEMU_SINGLESTEP	= 4,
};

/**
 * struct ptrap_resume_args - PTRAP_IOC_RESUME
 * @tid: the tracee, which must be in a stop.
 * @mode: enum ptrap_resume_mode.
 * @sig: signal to deliver (only honoured at a signal-delivery-stop, where
 *	0 suppresses the stop's signal and another number replaces it, as
 *	ptrace(2)); 0 for none. At most _NSIG.
 * @flags: zero.
 */
struct ptrap_resume_args {
	__s32 tid;
	__u32 mode;
	__u32 sig;
	__u32 flags;
};

#define PTRAP_RESUME_SIZE_VER0	16

/**
 * struct ptrap_options_args - PTRAP_IOC_SETOPTIONS
 * @tid: the tracee, which must be in a stop.
 * @flags: zero.
 * @options: the new PTRAP_O_* set (replaces the old one).
 */
struct ptrap_options_args {
	__s32 tid;
	__u32 flags;
	__u64 options;
};

#define PTRAP_OPTIONS_SIZE_VER0	16

/**
 * struct ptrap_regset_args - PTRAP_IOC_GETREGSET, PTRAP_IOC_SETREGSET
 * @tid: the tracee, which must be in a stop.
 * @note_type: which register set: NT_PRSTATUS (struct user_regs_struct),
 *	NT_PRFPREG (struct user_fpregs_struct: the FXSAVE area, 512 bytes)
 *	or NT_X86_XSTATE (the XSAVE area in the standard format, as large as
 *	the CPU's user state); others fail with EINVAL.
 * @buf: user buffer.
 * @len: in: size of @buf; a multiple of the register size (8), else
 *	EINVAL. Out: bytes transferred, at most the size of the set. Like
 *	PTRACE_GETREGSET's iovec. SETREGSET takes NT_PRFPREG and
 *	NT_X86_XSTATE whole only: a shorter @len fails with EINVAL and EFAULT
 *	respectively, as with ptrace(2).
 */
struct ptrap_regset_args {
	__s32 tid;
	__u32 note_type;
	__aligned_u64 buf;
	__u64 len;
};

#define PTRAP_REGSET_SIZE_VER0	24

/**
 * struct ptrap_mem_args - PTRAP_IOC_READMEM, PTRAP_IOC_WRITEMEM
 * @tid: the tracee, which must be in a stop.
 * @flags: zero.
 * @addr: address in the tracee.
 * @buf: user buffer in the caller.
 * @len: bytes to transfer; any length.
 * @done: out: bytes transferred. The request succeeds if at least one byte
 *	was transferred (or @len is 0); it fails with EIO if the tracee's
 *	first byte is inaccessible, EFAULT if @buf is. Writes use FOLL_FORCE,
 *	so read-only text can be patched (breakpoints), as ptrace(2) does.
 */
struct ptrap_mem_args {
	__s32 tid;
	__u32 flags;
	__aligned_u64 addr;
	__aligned_u64 buf;
	__u64 len;
	__u64 done;
};

#define PTRAP_MEM_SIZE_VER0	40

/*
 * Event numbers, in bits 16-23 of the status of PTRAP_STOP_EVENT (and of a
 * seized tracee's PTRAP_STOP_GROUP) records, as ptrace(2) puts them:
 * status >> 8 == (SIGTRAP | PTRAP_EVENT_x << 8) for event-stops,
 * status >> 8 == (STOPSIG | PTRAP_EVENT_STOP << 8) for a seized group-stop.
 */
#define PTRAP_EVENT_FORK	1
#define PTRAP_EVENT_VFORK	2
#define PTRAP_EVENT_CLONE	3
#define PTRAP_EVENT_EXEC	4
#define PTRAP_EVENT_VFORK_DONE	5
#define PTRAP_EVENT_EXIT	6
#define PTRAP_EVENT_STOP	128

/**
 * struct ptrap_siginfo_args - PTRAP_IOC_GETSIGINFO, PTRAP_IOC_SETSIGINFO
 * @tid: the tracee, which must be in a stop that has a siginfo (as
 *	ptrace(2): else EINVAL).
 * @flags: zero.
 * @buf: a siginfo_t (128 bytes) to fill or to take. SETSIGINFO at a
 *	signal-delivery-stop changes what is delivered if the tracee is
 *	resumed with the stop's signal.
 */
struct ptrap_siginfo_args {
	__s32 tid;
	__u32 flags;
	__aligned_u64 buf;
};

#define PTRAP_SIGINFO_SIZE_VER0	16

/**
 * struct ptrap_sigmask_args - PTRAP_IOC_GETSIGMASK, PTRAP_IOC_SETSIGMASK
 * @tid: the tracee, which must be in a stop.
 * @flags: zero.
 * @buf: a 64-bit signal mask (as the kernel's sigset_t on x86-64).
 * @size: must be 8 (else EINVAL), as PTRACE_GETSIGMASK's size argument.
 *	SIGKILL and SIGSTOP are never blocked, whatever SETSIGMASK says.
 *
 * As ptrace(2), GETSIGMASK of a tracee stopped inside sigsuspend(2),
 * ppoll(2) or the like gives the mask that call will restore, and
 * SETSIGMASK cancels that restore.
 */
struct ptrap_sigmask_args {
	__s32 tid;
	__u32 flags;
	__aligned_u64 buf;
	__u64 size;
};

#define PTRAP_SIGMASK_SIZE_VER0	24

/**
 * struct ptrap_eventmsg_args - PTRAP_IOC_GETEVENTMSG
 * @tid: the tracee, which must be in a stop.
 * @flags: zero.
 * @msg: out: the stop's message, as PTRACE_GETEVENTMSG gives it: at an
 *	event-stop its event message (the record's @msg); at a
 *	syscall-enter-stop PTRACE_EVENTMSG_SYSCALL_ENTRY (1), at a
 *	syscall-exit-stop PTRACE_EVENTMSG_SYSCALL_EXIT (2); 0 at other stops.
 */
struct ptrap_eventmsg_args {
	__s32 tid;
	__u32 flags;
	__u64 msg;
};

#define PTRAP_EVENTMSG_SIZE_VER0	16

/**
 * struct ptrap_syscall_info_args - PTRAP_IOC_GET_SYSCALL_INFO
 * @tid: the tracee, which must be in a stop.
 * @flags: zero.
 * @buf: a struct ptrace_syscall_info (<linux/ptrace.h>), same layout and
 *	meaning as PTRACE_GET_SYSCALL_INFO's.
 * @size: in: size of @buf; at most that much is written. Out: the size of
 *	the full information, as PTRACE_GET_SYSCALL_INFO's return value.
 *
 * As ptrace(2), which tells a syscall stop by its siginfo's si_code being
 * SIGTRAP | 0x80: op is PTRACE_SYSCALL_INFO_ENTRY or _EXIT only at a
 * syscall stop taken with PTRAP_O_TRACESYSGOOD (whose siginfo SETSIGINFO
 * has not changed); at every other stop it is PTRACE_SYSCALL_INFO_NONE,
 * with arch, instruction_pointer and stack_pointer only.
 */
struct ptrap_syscall_info_args {
	__s32 tid;
	__u32 flags;
	__aligned_u64 buf;
	__u64 size;
};

#define PTRAP_SYSCALL_INFO_SIZE_VER0	24

/**
 * struct ptrap_user_args - PTRAP_IOC_PEEKUSER, PTRAP_IOC_POKEUSER
 * @tid: the tracee, which must be in a stop.
 * @flags: zero.
 * @offset: byte offset in the kernel's struct user (<asm/user.h>: 928
 *	bytes on x86-64, glibc's <sys/user.h> one lacks the last 16),
 *	8-aligned; unaligned offsets and offsets past it fail with EIO, as
 *	PTRACE_PEEKUSER. PEEKUSER reads the general registers, the debug
 *	registers (u_debugreg) and 0 elsewhere; POKEUSER writes the general
 *	registers only (values the kernel refuses: EIO, as ptrace(2)), EIO
 *	elsewhere. Unlike ptrace(2) the debug registers cannot be written
 *	(EIO): that would mean registering hardware breakpoints.
 * @value: PEEKUSER out: the word read; POKEUSER in: the word to write.
 */
struct ptrap_user_args {
	__s32 tid;
	__u32 flags;
	__u64 offset;
	__u64 value;
};

#define PTRAP_USER_SIZE_VER0	24

#define PTRAP_IOC_MAGIC		0xE9

/*
 * PTRAP_IOC_ATTACH: attach to a thread and send it SIGSTOP, as
 *	PTRACE_ATTACH; its signal-delivery-stop for SIGSTOP is reported.
 *	Access check (same as the session's credentials, i.e. those of the
 *	process that opened the device): refused with EPERM for the opener's
 *	own thread group, kernel threads, the init process, a thread traced
 *	by ptrace(2) or by a ptrap session (this one included), and unless
 *	the session has CAP_SYS_PTRACE in the target's user namespace, a
 *	target whose real, effective or saved uid or gid differs from the
 *	session's real ones, that is not dumpable, or that has capabilities
 *	the session does not. ESRCH: no such thread.
 * PTRAP_IOC_SEIZE: attach without stopping it (PTRACE_SEIZE).
 * PTRAP_IOC_TRACEME: the calling thread becomes a tracee of this session
 *	(PTRACE_TRACEME; typically a child after fork, before execve(2)).
 *	Not stopped; after a successful execve(2) it receives SIGTRAP as
 *	ptrace(2) does. The options take effect from the first stop on, as
 *	if set then with PTRAP_IOC_SETOPTIONS (so that exec still stops with
 *	SIGTRAP). EPERM if already traced.
 * PTRAP_IOC_DETACH: detach a stopped tracee, optionally delivering a signal.
 * PTRAP_IOC_KILL: send SIGKILL to a tracee in any state.
 * PTRAP_IOC_RESUME: resume a stopped tracee.
 * PTRAP_IOC_SETOPTIONS: replace a stopped tracee's options.
 * PTRAP_IOC_GETREGSET, PTRAP_IOC_SETREGSET: registers of a stopped tracee.
 * PTRAP_IOC_READMEM, PTRAP_IOC_WRITEMEM: memory of a stopped tracee.
 * PTRAP_IOC_INTERRUPT: stop a seized tracee (PTRACE_INTERRUPT); EIO for
 *	one attached otherwise.
 * PTRAP_IOC_LISTEN: (PTRACE_LISTEN) a seized tracee in a
 *	PTRAP_EVENT_STOP stop (group-stop or INTERRUPT) stays stopped, but no
 *	longer in a stop the supervisor may act on: every request but
 *	INTERRUPT and KILL fails with ESRCH until SIGCONT or INTERRUPT makes
 *	it report a new PTRAP_EVENT_STOP. EIO at another kind of stop or for
 *	a tracee that was not seized; ESRCH if it is not stopped.
 * PTRAP_IOC_GETSIGINFO, PTRAP_IOC_SETSIGINFO: the stop's siginfo.
 * PTRAP_IOC_GETSIGMASK, PTRAP_IOC_SETSIGMASK: the tracee's blocked mask.
 * PTRAP_IOC_GETEVENTMSG: the last event message.
 * PTRAP_IOC_GET_SYSCALL_INFO: what the tracee is stopped in.
 * PTRAP_IOC_PEEKUSER, PTRAP_IOC_POKEUSER: a word of the user area.
 */
#define PTRAP_IOC_ATTACH	_IOW(PTRAP_IOC_MAGIC, 0x01, struct ptrap_attach_args)
#define PTRAP_IOC_SEIZE		_IOW(PTRAP_IOC_MAGIC, 0x02, struct ptrap_attach_args)
#define PTRAP_IOC_TRACEME	_IOW(PTRAP_IOC_MAGIC, 0x03, struct ptrap_traceme_args)
#define PTRAP_IOC_DETACH	_IOW(PTRAP_IOC_MAGIC, 0x04, struct ptrap_tracee_args)
#define PTRAP_IOC_KILL		_IOW(PTRAP_IOC_MAGIC, 0x05, struct ptrap_tracee_args)
#define PTRAP_IOC_RESUME	_IOW(PTRAP_IOC_MAGIC, 0x06, struct ptrap_resume_args)
#define PTRAP_IOC_SETOPTIONS	_IOW(PTRAP_IOC_MAGIC, 0x07, struct ptrap_options_args)
#define PTRAP_IOC_GETREGSET	_IOWR(PTRAP_IOC_MAGIC, 0x08, struct ptrap_regset_args)
#define PTRAP_IOC_SETREGSET	_IOWR(PTRAP_IOC_MAGIC, 0x09, struct ptrap_regset_args)
#define PTRAP_IOC_READMEM	_IOWR(PTRAP_IOC_MAGIC, 0x0a, struct ptrap_mem_args)
#define PTRAP_IOC_WRITEMEM	_IOWR(PTRAP_IOC_MAGIC, 0x0b, struct ptrap_mem_args)
#define PTRAP_IOC_INTERRUPT	_IOW(PTRAP_IOC_MAGIC, 0x0c, struct ptrap_tracee_args)
#define PTRAP_IOC_LISTEN	_IOW(PTRAP_IOC_MAGIC, 0x0d, struct ptrap_tracee_args)
#define PTRAP_IOC_GETSIGINFO	_IOW(PTRAP_IOC_MAGIC, 0x0e, struct ptrap_siginfo_args)
#define PTRAP_IOC_SETSIGINFO	_IOW(PTRAP_IOC_MAGIC, 0x0f, struct ptrap_siginfo_args)
#define PTRAP_IOC_GETSIGMASK	_IOW(PTRAP_IOC_MAGIC, 0x10, struct ptrap_sigmask_args)
#define PTRAP_IOC_SETSIGMASK	_IOW(PTRAP_IOC_MAGIC, 0x11, struct ptrap_sigmask_args)
#define PTRAP_IOC_GETEVENTMSG	_IOWR(PTRAP_IOC_MAGIC, 0x12, struct ptrap_eventmsg_args)
#define PTRAP_IOC_GET_SYSCALL_INFO _IOWR(PTRAP_IOC_MAGIC, 0x13, struct ptrap_syscall_info_args)
#define PTRAP_IOC_PEEKUSER	_IOWR(PTRAP_IOC_MAGIC, 0x14, struct ptrap_user_args)
#define PTRAP_IOC_POKEUSER	_IOW(PTRAP_IOC_MAGIC, 0x15, struct ptrap_user_args)

#endif /* _UAPI_LINUX_PTRAP_H */
