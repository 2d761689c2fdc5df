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
 *   EPERM   the access check refused (see PTRAP_IOC_ATTACH), or the
 *           administrator's scope did (enum ptrap_scope); open(2) under
 *           scope 3
 *   EUSERS  open(2): over the policy's sessions-per-user limit
 *   ENOSPC  ATTACH, SEIZE, TRACEME: over the tracees-per-session limit
 *   ENXIO   every request on a session revoked by the administrator
 *           (PTRAP_CMD_DETACH_SESSION); read(2) returns 0 then
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

/*
 * The per-tracee syscall filter (PTRAP_IOC_SET_SYSCALL_FILTER): a bitmap of
 * x86-64 native syscall numbers, bit N (bit N % 64 of 64-bit word N / 64)
 * for syscall N, at most PTRAP_SYSCALL_FILTER_MAX_BYTES long.
 */
#define PTRAP_SYSCALL_FILTER_MAX_BYTES	128
#define PTRAP_SYSCALL_FILTER_MAX_BITS	(PTRAP_SYSCALL_FILTER_MAX_BYTES * 8)

/* struct ptrap_syscall_filter_args.flags */
#define PTRAP_SYSCALL_FILTER_NONE	_BITULL(0)	/* no filter */

/**
 * struct ptrap_syscall_filter_args - PTRAP_IOC_SET_SYSCALL_FILTER,
 *	PTRAP_IOC_GET_SYSCALL_FILTER
 * @tid: the tracee, which must be in a stop.
 * @flags: SET: 0 installs the bitmap at @bitmap; PTRAP_SYSCALL_FILTER_NONE
 *	removes the filter (then @bitmap and @len must be 0). Other bits:
 *	EINVAL. GET: in: 0; out: PTRAP_SYSCALL_FILTER_NONE if the tracee has
 *	no filter, else 0.
 * @bitmap: user pointer to the bitmap: 64-bit words, bit N for syscall N.
 * @len: SET: length of the bitmap in bytes: a multiple of 8 and at most
 *	PTRAP_SYSCALL_FILTER_MAX_BYTES, else EINVAL; 0 is an empty filter
 *	(no syscall stops). GET: in: the size of the buffer at @bitmap (a
 *	multiple of 8, at most PTRAP_SYSCALL_FILTER_MAX_BYTES, else EINVAL);
 *	out: the length of the filter in force (0 without one). As much of
 *	it as fits is copied to @bitmap.
 *
 * The struct is size-versioned like every other argument (the kernel reads
 * it with copy_struct_from_user() rules); the bitmap's own length is @len.
 */
struct ptrap_syscall_filter_args {
	__s32 tid;
	__u32 flags;
	__aligned_u64 bitmap;
	__u64 len;
};

#define PTRAP_SYSCALL_FILTER_SIZE_VER0	24

/* PTRAP_IOC_RESUME_WAIT flags */
#define PTRAP_RESUME_WAIT_SAME	_BITUL(0)	/* a record of @tid only */
#define PTRAP_RESUME_WAIT_FLAGS	PTRAP_RESUME_WAIT_SAME

/**
 * struct ptrap_resume_wait_args - PTRAP_IOC_RESUME_WAIT
 * @tid: the tracee to resume, which must be in a stop.
 * @mode: enum ptrap_resume_mode, as PTRAP_IOC_RESUME.
 * @sig: signal to deliver, as PTRAP_IOC_RESUME.
 * @flags: PTRAP_RESUME_WAIT_SAME to wait for a record of @tid only; 0 to
 *	take the session's next record, whichever tracee it is of.
 * @stop: user pointer to a struct ptrap_stop that receives the record.
 * @timeout_ns: how long to wait for the record, in nanoseconds: negative
 *	waits for as long as it takes; 0 takes a record only if one is ready
 *	at once.
 *
 * Not written back.
 */
struct ptrap_resume_wait_args {
	__s32 tid;
	__u32 mode;
	__u32 sig;
	__u32 flags;
	__aligned_u64 stop;
	__s64 timeout_ns;
};

#define PTRAP_RESUME_WAIT_SIZE_VER0	32

/**
 * struct ptrap_map_regs_args - PTRAP_IOC_MAP_REGS
 * @tid: the tracee, live (in a stop or not).
 * @flags: zero.
 * @offset: out: the offset to give mmap(2) to map the tracee's register
 *	page (struct ptrap_regs_page). Opaque; the same for every call on one
 *	tracee; never that of another tracee of the session.
 */
struct ptrap_map_regs_args {
	__s32 tid;
	__u32 flags;
	__u64 offset;
};

#define PTRAP_MAP_REGS_SIZE_VER0	16

/*
 * The register page: registers without copies.
 *
 * PTRAP_IOC_MAP_REGS gives a tracee a page of its own (created on the first
 * call, kept until the tracee's object is freed) and returns its mmap(2)
 * offset; then
 *
 *	mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset)
 *
 * maps it (on the session's descriptor). The length must be one page and
 * the mapping shared (else EINVAL); PROT_EXEC is refused (EACCES), and may
 * not be added later; an offset no tracee of the session has (or whose
 * tracee has left the session's list: its final record was read) is
 * EINVAL; a revoked session ENXIO. The page may be mapped any number of
 * times, and stays valid (the memory, not its contents) as long as it is
 * mapped, after its tracee has exited or left and after the session is
 * revoked. A mapping holds the session's file open (as any mmap(2) does):
 * the session ends only once it is also unmapped.
 *
 * At every stop (every record but EXITED, KILLED and DETACHED) the tracee
 * itself copies its general registers into the page before the record can
 * be read, so once a record of a stop has been taken (read(2),
 * PTRAP_IOC_RESUME_WAIT) the page holds that stop's registers, with @seq
 * and @flags set accordingly. A supervisor that changes registers writes
 * them into @regs and sets @dirty to 1; the request that releases the stop
 * (PTRAP_IOC_RESUME, PTRAP_IOC_RESUME_WAIT, PTRAP_IOC_DETACH,
 * PTRAP_IOC_LISTEN) loads them into the tracee first, checked as
 * PTRAP_IOC_SETREGSET checks NT_PRSTATUS (segment selectors, canonical
 * fs_base and gs_base, eflags masked, the trap flag of a single-step kept
 * and hidden), and clears @dirty. Registers the kernel refuses make that
 * request fail with EINVAL: the tracee stays in its stop with its
 * registers unchanged (none of the page's is loaded) and @dirty still set.
 * Without @dirty nothing is loaded, whatever @regs holds.
 *
 * The page and the register requests are one view of the registers: at a
 * stop, a dirty page is loaded (as above; EINVAL if refused) before
 * PTRAP_IOC_GETREGSET or PTRAP_IOC_SETREGSET of NT_PRSTATUS,
 * PTRAP_IOC_PEEKUSER or PTRAP_IOC_POKEUSER runs, and after a successful
 * SETREGSET of NT_PRSTATUS or POKEUSER the page shows the new registers.
 * A stop ended otherwise (SIGKILL, the session closed or revoked) loads
 * nothing.
 *
 * The supervisor must not write the page while a request on the same
 * tracee is in flight on another thread, nor expect anything of @regs
 * while the tracee runs (not PTRAP_REGS_STOPPED). x86-64 only.
 */

#define PTRAP_REGS_PAGE_VERSION	1

/* struct ptrap_regs_page.flags, written by the kernel */
#define PTRAP_REGS_STOPPED	_BITUL(0)	/* @regs are the current stop's */

/**
 * struct ptrap_user_regs - the general registers, in the order and meaning
 *	of struct user_regs_struct (<sys/user.h>, NT_PRSTATUS), each a __u64
 * @r15: r15.
 * @r14: r14.
 * @r13: r13.
 * @r12: r12.
 * @rbp: rbp.
 * @rbx: rbx.
 * @r11: r11.
 * @r10: r10.
 * @r9: r9.
 * @r8: r8.
 * @rax: rax: at a syscall-enter-stop -ENOSYS; what the syscall returns
 *	when written at a SYSEMU stop.
 * @rcx: rcx.
 * @rdx: rdx.
 * @rsi: rsi.
 * @rdi: rdi.
 * @orig_rax: the syscall number at syscall stops; -1 elsewhere.
 * @rip: the instruction pointer.
 * @cs: code segment selector.
 * @eflags: flags (the trap flag of a single-step hidden).
 * @rsp: the stack pointer.
 * @ss: stack segment selector.
 * @fs_base: fs base address.
 * @gs_base: gs base address.
 * @ds: ds selector.
 * @es: es selector.
 * @fs: fs selector.
 * @gs: gs selector.
 */
struct ptrap_user_regs {
	__u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	__u64 rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
	__u64 fs_base, gs_base, ds, es, fs, gs;
};

/**
 * struct ptrap_regs_page - the start of a tracee's register page
 * @size: written by the kernel: sizeof(struct ptrap_regs_page) as it knows
 *	it (the rest of the page is zero and reserved).
 * @version: written by the kernel: PTRAP_REGS_PAGE_VERSION.
 * @tid: written by the kernel: the tracee's thread id (in the session's
 *	pid namespace) at its last stop.
 * @flags: written by the kernel: PTRAP_REGS_STOPPED while the tracee is in
 *	the stop @regs were taken at; cleared when the stop ends.
 * @seq: written by the kernel: the number of the stop @regs were taken at.
 *	It grows with every stop (by one or more); 0 before the first.
 * @dirty: written by the supervisor: non-zero after it changed @regs;
 *	the kernel loads @regs and sets it back to 0 (see above).
 * @pad: zero.
 * @reserved: zero.
 * @regs: the registers.
 */
struct ptrap_regs_page {
	__u32 size;
	__u32 version;
	__s32 tid;
	__u32 flags;
	__u64 seq;
	__u32 dirty;
	__u32 pad;
	__u64 reserved[4];
	struct ptrap_user_regs regs;
};

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
 * PTRAP_IOC_SET_SYSCALL_FILTER: give a stopped tracee a syscall filter
 *	(or remove it). Without a filter, SYSCALL and SYSEMU stop at every
 *	syscall. With one, in PTRAP_RESUME_SYSCALL and PTRAP_RESUME_SYSEMU
 *	only native syscalls whose bit is set stop (entry and exit); the
 *	others run at native speed, unreported: not emulated in SYSEMU mode,
 *	and without an exit stop (a syscall filtered out at entry never
 *	reports its exit, whatever the mode becomes meanwhile, e.g. at its
 *	fork event-stop; one that stopped at entry reports its exit as ever,
 *	whatever number it has then). Numbers past the bitmap and negative
 *	ones do not stop. The filter is for native x86-64 numbers only:
 *	ia32 (int 0x80, 32-bit tasks) and x32 syscalls always stop, as
 *	without a filter, so that a filter cannot be bypassed through
 *	another syscall table. The other modes ignore the filter
 *	(SYSEMU_SINGLESTEP stops at every syscall instruction, as a step).
 *	Events are not syscall stops and do not depend on it: FORK, VFORK,
 *	CLONE, VFORK_DONE, EXEC and EXIT (TRACEEXIT: exit and exit_group
 *	report the exit event, filtered out or not) are reported as their
 *	options say. Children auto-attached through TRACEFORK, TRACEVFORK or
 *	TRACECLONE inherit their creator's filter, as its options; an exec
 *	keeps it. The filter takes effect when the tracee leaves the stop.
 * PTRAP_IOC_GET_SYSCALL_FILTER: read a stopped tracee's filter back.
 * PTRAP_IOC_RESUME_WAIT: resume a stopped tracee and wait for a record,
 *	in one system call: PTRAP_IOC_RESUME followed by a read(2) of one
 *	record, which it replaces. Refused before anything happens, as
 *	RESUME is: EINVAL for a bad mode or an unknown flag, EIO for a bad
 *	signal, EFAULT if @stop cannot be written (it is written with zeroes
 *	first), ESRCH if @tid is not a tracee in a stop. Once the tracee is
 *	resumed, the call waits for the next record: without
 *	PTRAP_RESUME_WAIT_SAME, the oldest record of the session, exactly the
 *	one read(2) would return; with it, the oldest record of a tracee with
 *	thread id @tid (records of other tracees stay queued, in order, for
 *	read(2) and other waiters). The record is taken as read(2) takes it:
 *	it is returned once, and a final record (EXITED, KILLED, DETACHED)
 *	ends the tracee. The wait ignores O_NONBLOCK; @timeout_ns bounds it.
 *	Errors after the resume (the tracee runs; no record was taken):
 *	ETIMEDOUT when @timeout_ns passed (or was 0) with no record; EINTR
 *	when a signal interrupted the wait (never restarted, even with
 *	SA_RESTART, since the resume cannot be repeated); ESRCH with
 *	PTRAP_RESUME_WAIT_SAME when no tracee @tid is left in the session
 *	and no record of one is queued (detached by another thread); ENXIO
 *	when the administrator revoked the session; EFAULT when @stop could
 *	not be written after all (unmapped meanwhile): the record is put back
 *	first in line, as read(2) does.
 * PTRAP_IOC_MAP_REGS: give a tracee a register page and return its mmap(2)
 *	offset (see "The register page" above). ESRCH: no such live tracee
 *	(in a stop or not); ENOMEM.
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
#define PTRAP_IOC_SET_SYSCALL_FILTER _IOW(PTRAP_IOC_MAGIC, 0x16, struct ptrap_syscall_filter_args)
#define PTRAP_IOC_GET_SYSCALL_FILTER _IOWR(PTRAP_IOC_MAGIC, 0x17, struct ptrap_syscall_filter_args)
#define PTRAP_IOC_RESUME_WAIT	_IOWR(PTRAP_IOC_MAGIC, 0x18, struct ptrap_resume_wait_args)
#define PTRAP_IOC_MAP_REGS	_IOWR(PTRAP_IOC_MAGIC, 0x19, struct ptrap_map_regs_args)

/*
 * ---------------------------------------------------------------------------
 * Administration: the generic netlink family "ptrap" (ptrapctl(8))
 * ---------------------------------------------------------------------------
 *
 * Family PTRAP_GENL_NAME, version PTRAP_GENL_VERSION, in the initial network
 * namespace only. The module is loaded on the family's first use
 * (MODULE_ALIAS_GENL_FAMILY). Every request is parsed strictly: unknown
 * attributes, attributes of the wrong type or length, values out of the
 * ranges given below and trailing data are refused with EINVAL (or ERANGE
 * for a value out of range) and an extended ACK message that names the
 * attribute. In answers (do and dump), thread and process ids are those of
 * the caller's pid namespace (0 if not visible there), user ids those of
 * its user namespace. Events (PTRAP_CMD_EVENT) are built once for every
 * listener: their ids are those of the initial pid and user namespaces.
 *
 * Commands (flags: "do" a request answered by one message, "dump" a
 * request with NLM_F_DUMP answered by one message per object; "admin" the
 * caller needs CAP_NET_ADMIN in the initial user namespace, else EPERM):
 *
 * PTRAP_CMD_GET_STATUS (do): no attribute. Answer:
 *	PTRAP_A_VERSION		string: the module's version
 *	PTRAP_A_KERNEL_RELEASE	string: uname -r of the running kernel
 *	PTRAP_A_SESSIONS	u32: open sessions
 *	PTRAP_A_TRACEES		u32: tracees now (every session, live ones)
 *	PTRAP_A_PROBES		u8: 1 while the tracepoint probes are
 *				registered (at least one tracee exists or
 *				did a moment ago), else 0
 *	PTRAP_A_POLICY		nest: the policy in force, as GET_POLICY
 *	PTRAP_A_UNTRACED_FASTPATH u8: enum ptrap_untraced_fastpath, whether
 *				only tracees take the syscall slow path
 *				while the probes are registered
 *	PTRAP_A_MEMORY		nest: kernel memory the module holds now in
 *				its own objects, in bytes as the slab
 *				allocator gave them (register buffers of a
 *				request in flight and netlink messages
 *				aside):
 *		PTRAP_MEMORY_A_SESSIONS	u64: sessions (one object each)
 *		PTRAP_MEMORY_A_TRACEES	u64: tracees (one object each,
 *					until its last record is read)
 *		PTRAP_MEMORY_A_FILTERS	u64: syscall filters (shared by a
 *					tracee and its auto-attached
 *					children)
 *		PTRAP_MEMORY_A_REGS_PAGES u64: register pages
 *					(PTRAP_IOC_MAP_REGS), a page
 *					each, while their tracee's
 *					object lives (a mapping that
 *					outlives it keeps the page, as
 *					any mapped page, until unmapped)
 *
 * PTRAP_CMD_GET_STATS (do): no attribute. Answer: PTRAP_A_STATS, a nest:
 *	PTRAP_STATS_A_SINCE	u64: CLOCK_REALTIME seconds of the load or of
 *				the last RESET_STATS
 *	PTRAP_STATS_A_COUNTERS	nest of u64, one attribute per
 *				enum ptrap_counter, attribute type = counter
 *	PTRAP_STATS_A_LATENCY	nest of u64: the stop-to-resume latency
 *				histogram: attribute type i + 1 counts the
 *				stops released after [2^i, 2^(i+1))
 *				nanoseconds (i = 0 also counts 0 ns; the last,
 *				PTRAP_LATENCY_BUCKETS - 1, everything longer).
 *				Only stops that were resumed are counted.
 *	Counters are per CPU and read without stopping the world: a reading
 *	taken while tracees move may be off by the stops in flight.
 *
 * PTRAP_CMD_RESET_STATS (do, admin): no attribute. Zeroes every counter
 *	and the histogram; PTRAP_STATS_A_SINCE becomes now.
 *
 * PTRAP_CMD_GET_POLICY (do): no attribute. Answer: PTRAP_A_POLICY, a nest:
 *	PTRAP_POLICY_A_SCOPE	u8, 0..3: enum ptrap_scope
 *	PTRAP_POLICY_A_MAX_SESSIONS_PER_USER	u32, 0..PTRAP_LIMIT_MAX:
 *				open sessions per real uid; 0 = no limit.
 *				open(2) of /dev/ptrap over it fails with
 *				EUSERS.
 *	PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION	u32, 0..PTRAP_LIMIT_MAX:
 *				live tracees per session; 0 = no limit.
 *				ATTACH, SEIZE and TRACEME over it fail with
 *				ENOSPC. Children auto-attached through
 *				TRACEFORK/VFORK/CLONE count but are never
 *				refused (ptrace(2) cannot refuse them either).
 *	PTRAP_POLICY_A_FORCE_EXITKILL	u8, 0..1: 1 = every tracee attached
 *				from now on gets PTRAP_O_EXITKILL, whatever
 *				the session asked for.
 *
 * PTRAP_CMD_SET_POLICY (do, admin): PTRAP_A_POLICY with any subset of the
 *	attributes above (at least one); the others keep their values. The
 *	change applies at once to every later open and attach (not to
 *	tracees already attached), is logged ("ptrap: policy changed by
 *	uid U pid P: ..."), audited (an AUDIT_CONFIG_CHANGE record,
 *	"op=ptrap_policy", see README) and multicast as
 *	PTRAP_NL_EVENT_POLICY. Answer: the policy now in force, as
 *	GET_POLICY.
 *
 * PTRAP_CMD_GET_SESSIONS (dump): no attribute. One message per session, in
 *	the order they were opened, each with PTRAP_A_SESSION, a nest:
 *	PTRAP_SESSION_A_ID	u32: the session's id (from 1, never reused
 *				while loaded)
 *	PTRAP_SESSION_A_PID	u32: process that opened the device
 *	PTRAP_SESSION_A_UID	u32: its real uid at open
 *	PTRAP_SESSION_A_COMM	string: its command name at open
 *	PTRAP_SESSION_A_OPENED	u64: CLOCK_REALTIME seconds at open
 *	PTRAP_SESSION_A_TRACEES	u32: live tracees
 *	PTRAP_SESSION_A_DETACHED u8: 1 once DETACH_SESSION revoked it
 *
 * PTRAP_CMD_GET_TRACEES (dump): optional PTRAP_A_SESSION_ID (u32, >= 1)
 *	keeps one session's tracees (none if no such session). One message
 *	per tracee, ordered by session, each with PTRAP_A_TRACEE, a nest:
 *	PTRAP_TRACEE_A_TID	u32
 *	PTRAP_TRACEE_A_TGID	u32
 *	PTRAP_TRACEE_A_SESSION_ID u32
 *	PTRAP_TRACEE_A_STATE	u8: enum ptrap_tracee_state
 *	PTRAP_TRACEE_A_STOP	u8: the record kind (enum ptrap_stop_kind)
 *				of the stop it is in; only when STOPPED
 *	PTRAP_TRACEE_A_OPTIONS	u64: PTRAP_O_*
 *	PTRAP_TRACEE_A_SEIZED	u8: 1 if attached by SEIZE (or inherited)
 *
 *	How dumps split: the kernel fills one buffer at a time (about 4 KiB
 *	for the first, then as large as the caller's last recv(2) buffer, at
 *	most 32 KiB) and builds the next part when the caller has read the
 *	last one; each part goes on after the last object sent (the
 *	sessions dump by session id, the tracees dump by session id and
 *	position in the session), so objects that come or go between parts
 *	are not sent twice, but may be missed or shown in a state they have
 *	left. A generation counter, read at the start of every part, counts
 *	every change a dump shows: a session opened, closed or revoked, a
 *	tracee attached (auto-attached children too) or gone, a tracee's
 *	state, stop, options or thread id changed (and so a session's tracee
 *	count). If it moved since the previous part, the messages of the new
 *	part, and at the latest the NLMSG_DONE, carry NLM_F_DUMP_INTR: what
 *	the dump showed is not one consistent picture, and the caller should
 *	dump again (ptrapctl retries a few times, then shows the last one
 *	with a warning). A dump without the flag showed the objects as they
 *	all were at one moment. Tracees that run keep changing: a dump of a
 *	busy session may need several tries.
 *
 * PTRAP_CMD_DETACH_SESSION (do, admin): PTRAP_A_SESSION_ID (u32, >= 1,
 *	required). Every tracee of the session leaves it as if the session
 *	were closed: killed if it had PTRAP_O_EXITKILL, else let go (a stopped
 *	one resumes as it would have without the stop). The session is
 *	revoked: every later request on its file descriptor fails with ENXIO,
 *	read(2) returns 0 (end of file) and poll(2) reports EPOLLHUP; the
 *	supervisor process itself is not touched. ENOENT if there is no such
 *	session. Answer: empty.
 *
 * PTRAP_CMD_EVENT: never a request: the messages multicast to the group
 *	PTRAP_GENL_MCGRP_EVENTS ("events"). Each has
 *	PTRAP_A_EVENT_TYPE	u8: enum ptrap_nl_event
 *	PTRAP_A_SESSION_ID	u32: the session concerned (not for POLICY)
 *	and by type: SESSION_OPEN: PTRAP_A_SESSION (as the sessions dump, with
 *	ids of the initial namespaces); SESSION_CLOSE, DETACH_SESSION: nothing
 *	more; ATTACH, DETACH: PTRAP_A_TID (u32, the thread, as the initial pid
 *	namespace numbers it); REFUSED: PTRAP_A_TID (0 for a refused open, where
 *	PTRAP_A_SESSION_ID is 0 too) and PTRAP_A_REASON (u8, enum
 *	ptrap_refusal); POLICY: PTRAP_A_POLICY, the new policy. Children
 *	auto-attached (TRACEFORK/VFORK/CLONE, CLONE_PTRACE) are announced by
 *	ATTACH too, sent from the fork itself before the child first runs:
 *	after the parent's ATTACH and before any event about the child.
 *	Events of one session come in the order of the changes they report,
 *	as each is sent synchronously by the task that makes the change; an
 *	event that cannot be allocated (or a listener whose socket is full)
 *	is lost, the socket then reports ENOBUFS. Listening needs no
 *	privilege.
 */
#define PTRAP_GENL_NAME		"ptrap"
#define PTRAP_GENL_VERSION	1
#define PTRAP_GENL_MCGRP_EVENTS	"events"

/* Largest value of the limits PTRAP_POLICY_A_MAX_*. */
#define PTRAP_LIMIT_MAX		1000000
/* Buckets of the stop-to-resume latency histogram. */
#define PTRAP_LATENCY_BUCKETS	40

enum ptrap_cmd {
	PTRAP_CMD_UNSPEC,
	PTRAP_CMD_GET_STATUS,
	PTRAP_CMD_GET_STATS,
	PTRAP_CMD_RESET_STATS,
	PTRAP_CMD_GET_POLICY,
	PTRAP_CMD_SET_POLICY,
	PTRAP_CMD_GET_SESSIONS,
	PTRAP_CMD_GET_TRACEES,
	PTRAP_CMD_DETACH_SESSION,
	PTRAP_CMD_EVENT,
	__PTRAP_CMD_MAX
};

#define PTRAP_CMD_MAX (__PTRAP_CMD_MAX - 1)

/* Top-level attributes; see the commands above. */
enum ptrap_attr {
	PTRAP_A_UNSPEC,
	PTRAP_A_PAD,
	PTRAP_A_VERSION,
	PTRAP_A_KERNEL_RELEASE,
	PTRAP_A_SESSIONS,
	PTRAP_A_TRACEES,
	PTRAP_A_PROBES,
	PTRAP_A_POLICY,
	PTRAP_A_STATS,
	PTRAP_A_SESSION,
	PTRAP_A_TRACEE,
	PTRAP_A_SESSION_ID,
	PTRAP_A_EVENT_TYPE,
	PTRAP_A_TID,
	PTRAP_A_REASON,
	PTRAP_A_MEMORY,
	PTRAP_A_UNTRACED_FASTPATH,
	__PTRAP_A_MAX
};

#define PTRAP_A_MAX (__PTRAP_A_MAX - 1)

/**
 * enum ptrap_untraced_fastpath - PTRAP_A_UNTRACED_FASTPATH of GET_STATUS
 * @PTRAP_UNTRACED_FASTPATH_OFF: the kernel's own state: every thread takes
 *	the syscall slow path while the probes are registered (no probes, or
 *	the module parameter untraced_fastpath is off).
 * @PTRAP_UNTRACED_FASTPATH_ACTIVE: only tracees (and children of tracees)
 *	take it.
 * @PTRAP_UNTRACED_FASTPATH_FOREIGN: another user of the sys_enter/sys_exit
 *	tracepoints was seen (perf, ftrace, BPF): every thread takes it
 *	again until the probes are unregistered.
 */
enum ptrap_untraced_fastpath {
	PTRAP_UNTRACED_FASTPATH_OFF,
	PTRAP_UNTRACED_FASTPATH_ACTIVE,
	PTRAP_UNTRACED_FASTPATH_FOREIGN,
};

enum ptrap_memory_attr {
	PTRAP_MEMORY_A_UNSPEC,
	PTRAP_MEMORY_A_PAD,
	PTRAP_MEMORY_A_SESSIONS,
	PTRAP_MEMORY_A_TRACEES,
	PTRAP_MEMORY_A_FILTERS,
	PTRAP_MEMORY_A_REGS_PAGES,
	__PTRAP_MEMORY_A_MAX
};

#define PTRAP_MEMORY_A_MAX (__PTRAP_MEMORY_A_MAX - 1)

enum ptrap_policy_attr {
	PTRAP_POLICY_A_UNSPEC,
	PTRAP_POLICY_A_SCOPE,
	PTRAP_POLICY_A_MAX_SESSIONS_PER_USER,
	PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION,
	PTRAP_POLICY_A_FORCE_EXITKILL,
	__PTRAP_POLICY_A_MAX
};

#define PTRAP_POLICY_A_MAX (__PTRAP_POLICY_A_MAX - 1)

/**
 * enum ptrap_scope - who may trace whom (PTRAP_POLICY_A_SCOPE), after
 *	Yama's kernel.yama.ptrace_scope. The checks apply to the session's
 *	credentials (the opener's) and, for "descendant", to the thread that
 *	issues ATTACH or SEIZE. Refusals fail with EPERM.
 * @PTRAP_SCOPE_CLASSIC: only the classic access check (PTRAP_IOC_ATTACH).
 * @PTRAP_SCOPE_DESCENDANTS: in addition, the target must be a descendant
 *	of the attaching process, unless the session has CAP_SYS_PTRACE in
 *	the target's user namespace. TRACEME is allowed.
 * @PTRAP_SCOPE_CAPABLE: only sessions with CAP_SYS_PTRACE in the target's
 *	user namespace may attach (TRACEME too: the session's, not the
 *	caller's).
 * @PTRAP_SCOPE_NONE: nobody: open(2) of /dev/ptrap fails with EPERM (open
 *	sessions keep their tracees but may attach no new one).
 */
enum ptrap_scope {
	PTRAP_SCOPE_CLASSIC	= 0,
	PTRAP_SCOPE_DESCENDANTS	= 1,
	PTRAP_SCOPE_CAPABLE	= 2,
	PTRAP_SCOPE_NONE	= 3,
};

enum ptrap_stats_attr {
	PTRAP_STATS_A_UNSPEC,
	PTRAP_STATS_A_PAD,
	PTRAP_STATS_A_SINCE,
	PTRAP_STATS_A_COUNTERS,
	PTRAP_STATS_A_LATENCY,
	__PTRAP_STATS_A_MAX
};

#define PTRAP_STATS_A_MAX (__PTRAP_STATS_A_MAX - 1)

/**
 * enum ptrap_counter - the counters of PTRAP_STATS_A_COUNTERS
 * @PTRAP_CNT_PAD: not a counter (padding attribute for 64-bit values).
 * @PTRAP_CNT_STOP_SIGNAL: stops published, by kind (enum ptrap_stop_kind:
 *	signal-delivery, group, syscall enter and exit, event). A stop is
 *	counted when its record is published, the final records (EXITED,
 *	KILLED, DETACHED) are not stops.
 * @PTRAP_CNT_RESUME_CONT: stops released, by resume mode (RESUME with each
 *	mode, LISTEN, DETACH of a stopped tracee); a stop ended by SIGKILL
 *	or by the session's end is not a resume.
 * @PTRAP_CNT_EVENT_FORK: event-stops, by event (PTRAP_EVENT_*).
 * @PTRAP_CNT_ATTACH: successful ATTACH, SEIZE and TRACEME.
 * @PTRAP_CNT_AUTO_ATTACH: children auto-attached.
 * @PTRAP_CNT_DETACH: successful DETACH requests.
 * @PTRAP_CNT_KILL: successful KILL requests.
 * @PTRAP_CNT_SESSION_DETACH: sessions revoked by DETACH_SESSION.
 * @PTRAP_CNT_REFUSED_ACCESS: attaches refused by the classic access check.
 * @PTRAP_CNT_REFUSED_SCOPE: attaches refused by the scope (1 or 2).
 * @PTRAP_CNT_REFUSED_DISABLED: opens refused by scope 3.
 * @PTRAP_CNT_REFUSED_SESSION_LIMIT: opens refused by the per-user limit.
 * @PTRAP_CNT_REFUSED_TRACEE_LIMIT: attaches refused by the per-session
 *	limit.
 */
enum ptrap_counter {
	PTRAP_CNT_UNSPEC,
	PTRAP_CNT_PAD,
	PTRAP_CNT_STOP_SIGNAL,
	PTRAP_CNT_STOP_GROUP,
	PTRAP_CNT_STOP_SYSCALL_ENTER,
	PTRAP_CNT_STOP_SYSCALL_EXIT,
	PTRAP_CNT_STOP_EVENT,
	PTRAP_CNT_RESUME_CONT,
	PTRAP_CNT_RESUME_SYSCALL,
	PTRAP_CNT_RESUME_SYSEMU,
	PTRAP_CNT_RESUME_SINGLESTEP,
	PTRAP_CNT_RESUME_SYSEMU_SINGLESTEP,
	PTRAP_CNT_RESUME_LISTEN,
	PTRAP_CNT_RESUME_DETACH,
	PTRAP_CNT_EVENT_FORK,
	PTRAP_CNT_EVENT_VFORK,
	PTRAP_CNT_EVENT_CLONE,
	PTRAP_CNT_EVENT_EXEC,
	PTRAP_CNT_EVENT_VFORK_DONE,
	PTRAP_CNT_EVENT_EXIT,
	PTRAP_CNT_EVENT_STOP,
	PTRAP_CNT_ATTACH,
	PTRAP_CNT_AUTO_ATTACH,
	PTRAP_CNT_DETACH,
	PTRAP_CNT_KILL,
	PTRAP_CNT_SESSION_DETACH,
	PTRAP_CNT_REFUSED_ACCESS,
	PTRAP_CNT_REFUSED_SCOPE,
	PTRAP_CNT_REFUSED_DISABLED,
	PTRAP_CNT_REFUSED_SESSION_LIMIT,
	PTRAP_CNT_REFUSED_TRACEE_LIMIT,
	__PTRAP_CNT_MAX
};

#define PTRAP_CNT_MAX (__PTRAP_CNT_MAX - 1)

enum ptrap_session_attr {
	PTRAP_SESSION_A_UNSPEC,
	PTRAP_SESSION_A_PAD,
	PTRAP_SESSION_A_ID,
	PTRAP_SESSION_A_PID,
	PTRAP_SESSION_A_UID,
	PTRAP_SESSION_A_COMM,
	PTRAP_SESSION_A_OPENED,
	PTRAP_SESSION_A_TRACEES,
	PTRAP_SESSION_A_DETACHED,
	__PTRAP_SESSION_A_MAX
};

#define PTRAP_SESSION_A_MAX (__PTRAP_SESSION_A_MAX - 1)

enum ptrap_tracee_attr {
	PTRAP_TRACEE_A_UNSPEC,
	PTRAP_TRACEE_A_PAD,
	PTRAP_TRACEE_A_TID,
	PTRAP_TRACEE_A_TGID,
	PTRAP_TRACEE_A_SESSION_ID,
	PTRAP_TRACEE_A_STATE,
	PTRAP_TRACEE_A_STOP,
	PTRAP_TRACEE_A_OPTIONS,
	PTRAP_TRACEE_A_SEIZED,
	__PTRAP_TRACEE_A_MAX
};

#define PTRAP_TRACEE_A_MAX (__PTRAP_TRACEE_A_MAX - 1)

/**
 * enum ptrap_tracee_state - PTRAP_TRACEE_A_STATE
 * @PTRAP_TRACEE_RUNNING: running (or on its way into a stop).
 * @PTRAP_TRACEE_STOPPED: in a stop, see PTRAP_TRACEE_A_STOP.
 * @PTRAP_TRACEE_LISTENING: stopped after LISTEN.
 */
enum ptrap_tracee_state {
	PTRAP_TRACEE_RUNNING	= 0,
	PTRAP_TRACEE_STOPPED	= 1,
	PTRAP_TRACEE_LISTENING	= 2,
};

/* PTRAP_A_EVENT_TYPE of a PTRAP_CMD_EVENT message. */
enum ptrap_nl_event {
	PTRAP_NL_EVENT_SESSION_OPEN	= 1,
	PTRAP_NL_EVENT_SESSION_CLOSE	= 2,
	PTRAP_NL_EVENT_ATTACH		= 3,
	PTRAP_NL_EVENT_DETACH		= 4,
	PTRAP_NL_EVENT_REFUSED		= 5,
	PTRAP_NL_EVENT_POLICY		= 6,
	PTRAP_NL_EVENT_DETACH_SESSION	= 7,
};

/* PTRAP_A_REASON of a PTRAP_NL_EVENT_REFUSED event. */
enum ptrap_refusal {
	PTRAP_REFUSED_ACCESS		= 1,	/* classic access check */
	PTRAP_REFUSED_SCOPE		= 2,	/* scope 1 or 2 */
	PTRAP_REFUSED_DISABLED		= 3,	/* scope 3: open refused */
	PTRAP_REFUSED_SESSION_LIMIT	= 4,	/* open: EUSERS */
	PTRAP_REFUSED_TRACEE_LIMIT	= 5,	/* attach: ENOSPC */
};

#endif /* _UAPI_LINUX_PTRAP_H */
