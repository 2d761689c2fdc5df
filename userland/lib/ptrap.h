/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libptrap: stop, inspect and steer other processes, ptrace(2)-style,
 * through one API with two backends:
 *
 *   module     /dev/ptrap (ptrap.ko): the trace belongs to a file
 *              descriptor, stops are read from it.
 *   stub-pool  real ptrace(2). ptrace is thread-affine, so the library owns
 *              one tracer thread per session and runs every call on it;
 *              callers on any thread just work.
 *
 * ptrap_open() picks the module when /dev/ptrap can be opened and the stub
 * pool otherwise. PTRAP_OPEN_MODULE / PTRAP_OPEN_STUBPOOL, or the environment
 * variable PTRAP_BACKEND=module|stub-pool, force one (the flag wins).
 *
 * Every call returns 0 (or a count) on success and a negative errno on
 * failure; errno itself is left alone. Errors follow ptrace(2): ESRCH for a
 * tracee that is unknown or not stopped, EPERM for a refused attach, EINVAL
 * for bad flags, modes or options, EIO for inaccessible tracee memory.
 *
 * A session and its calls are thread-safe: any thread may call anything on
 * a session at any time, including ptrap_wait() on several threads at once
 * (each record goes to exactly one of them) -- except ptrap_close(), which
 * must be the session's last call.
 *
 * The stub pool is ptrace(2) in the caller's process, with what that
 * implies: tracee stops (and each call, which wakes the tracer thread
 * through a traced helper child) send the process SIGCHLD; the process
 * must not wait for "any child" (wait(2), waitpid(-1, ...), a SIGCHLD
 * handler reaping everything), which would take the tracer's stops; the
 * tracees of ptrap_spawn() are children of the process.
 */
#ifndef LIBPTRAP_PTRAP_H
#define LIBPTRAP_PTRAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>
#include <linux/ptrap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A session: the tracer. Opaque. */
struct ptrap;

/*
 * PTRACE_GET_SYSCALL_INFO's struct, from <linux/ptrace.h>. Not included
 * here: <linux/ptrace.h> included before glibc's <sys/ptrace.h> breaks the
 * latter; include <sys/ptrace.h> (if wanted) first, then <linux/ptrace.h>.
 */
struct ptrace_syscall_info;

/* ptrap_open() flags */
#define PTRAP_OPEN_MODULE	(1u << 0)	/* module backend or -ENODEV-ish error */
#define PTRAP_OPEN_STUBPOOL	(1u << 1)	/* stub-pool (ptrace) backend */
#define PTRAP_OPEN_NONBLOCK	(1u << 2)	/* ptrap_wait() never blocks */

/**
 * ptrap_open() - open a session
 * @out: receives the session.
 * @flags: PTRAP_OPEN_*; zero to choose automatically.
 *
 * Return: 0, or -errno. With PTRAP_OPEN_MODULE and no usable module:
 * -ENOENT (no /dev/ptrap: module not loaded) or the open(2) error.
 * -EINVAL for unknown flags or both backends forced at once.
 */
int ptrap_open(struct ptrap **out, unsigned int flags);

/**
 * ptrap_close() - close a session
 *
 * Every tracee is detached (resumed), or killed if it has PTRAP_O_EXITKILL;
 * nothing is left stopped. NULL is allowed.
 *
 * Stub pool: a tracee at a signal-delivery-stop gets its signal on detach,
 * unless it is SIGTRAP or a stop signal; a running tracee is stopped first
 * (PTRACE_INTERRUPT if seized, else SIGSTOP, suppressed at its stop).
 */
void ptrap_close(struct ptrap *p);

/** ptrap_backend_name() - "module" or "stub-pool". */
const char *ptrap_backend_name(const struct ptrap *p);

/**
 * ptrap_fd() - a descriptor for poll(2)/epoll(7)
 *
 * Readable (POLLIN) while ptrap_wait() has a record to return. Do not read
 * from it or close it; it belongs to the session.
 */
int ptrap_fd(const struct ptrap *p);

/**
 * ptrap_wait() - take the next stop record
 * @p: session.
 * @out: the record (see struct ptrap_stop in <linux/ptrap.h>).
 * @nonblock: non-zero to return -EAGAIN instead of waiting.
 *
 * Return: 0, -EAGAIN, -EINTR if interrupted by a signal handler (on the
 * stub pool even one with SA_RESTART).
 */
int ptrap_wait(struct ptrap *p, struct ptrap_stop *out, int nonblock);

/*
 * Options (PTRAP_O_*, the PTRACE_O_* values) for ptrap_attach(),
 * ptrap_seize(), ptrap_spawn() and ptrap_setoptions(): every option of
 * ptrace(2) but PTRAP_O_TRACESECCOMP, which fails with -EINVAL on both
 * backends (the module gets no seccomp events; the stub pool refuses it to
 * match). The module backend refuses, also with -EINVAL, what the loaded
 * module does not implement yet (see PTRAP_O_SUPPORTED in <linux/ptrap.h>).
 * Unknown bits (PTRACE_O_SUSPEND_SECCOMP included) are -EINVAL.
 *
 * The stub pool reports what ptrace(2) reports for every option: event
 * stops as PTRAP_STOP_EVENT records with ptrace's raw status and message
 * (PTRAP_EVENT_STOP with a stop signal, and a group-stop without a
 * siginfo, as PTRAP_STOP_GROUP); children auto-attached by TRACEFORK,
 * TRACEVFORK or TRACECLONE become tracees of the session, inheriting
 * options and seized-ness, and their records (first: a SIGSTOP
 * signal-delivery-stop, or PTRAP_EVENT_STOP if seized) come through
 * ptrap_wait() like any other.
 */

/** ptrap_attach() - attach and stop with SIGSTOP (PTRACE_ATTACH). */
int ptrap_attach(struct ptrap *p, pid_t tid, uint64_t options);

/** ptrap_seize() - attach without stopping (PTRACE_SEIZE). */
int ptrap_seize(struct ptrap *p, pid_t tid, uint64_t options);

/**
 * ptrap_spawn() - start a program as a tracee
 * @p: session.
 * @path: program to execute (execve(2) semantics: no PATH search).
 * @argv: its argument vector; NULL-terminated.
 * @envp: its environment; NULL for the caller's.
 * @options: PTRAP_O_* for the new tracee.
 * @tid_out: receives the new tracee's id.
 *
 * The child is traced from before execve(2); once the exec succeeds it
 * stops before its first instruction, and that stop (PTRAP_STOP_SIGNAL,
 * SIGTRAP) is the tracee's first record from ptrap_wait(). If the exec
 * fails, the error is returned (-ENOENT, -EACCES, ...) and no record of the
 * child is ever seen.
 *
 * Return: 0 or -errno.
 */
int ptrap_spawn(struct ptrap *p, const char *path, char *const argv[],
		char *const envp[], uint64_t options, pid_t *tid_out);

/**
 * ptrap_traceme() - make the calling thread a tracee of an inherited session
 *
 * Module backend only (-EOPNOTSUPP on the stub pool, where only the
 * session's own children can be spawned as tracees).
 */
int ptrap_traceme(struct ptrap *p, uint64_t options);

/** ptrap_detach() - detach a stopped tracee, delivering @sig if non-zero. */
int ptrap_detach(struct ptrap *p, pid_t tid, int sig);

/** ptrap_kill() - SIGKILL a tracee in any state. */
int ptrap_kill(struct ptrap *p, pid_t tid);

/**
 * ptrap_resume() - resume a stopped tracee
 * @mode: PTRAP_RESUME_CONT, PTRAP_RESUME_SYSCALL, PTRAP_RESUME_SYSEMU,
 *	PTRAP_RESUME_SINGLESTEP or PTRAP_RESUME_SYSEMU_SINGLESTEP (x86-64;
 *	see enum ptrap_resume_mode in <linux/ptrap.h>); else -EINVAL.
 * @sig: signal to deliver (signal-delivery-stop), 0 for none.
 */
int ptrap_resume(struct ptrap *p, pid_t tid, unsigned int mode, int sig);

/**
 * ptrap_resume_wait() - resume a stopped tracee and take the next record
 * @p: session.
 * @tid: the stopped tracee.
 * @mode: as ptrap_resume().
 * @sig: as ptrap_resume().
 * @flags: PTRAP_RESUME_WAIT_SAME (<linux/ptrap.h>) to wait for a record of
 *	@tid only, the records of other tracees staying queued, in order, for
 *	ptrap_wait(); 0 for the session's next record, as ptrap_wait()
 *	returns it. Other bits: -EINVAL.
 * @out: the record.
 *
 * ptrap_resume() then ptrap_wait(), in one system call on the module
 * backend (PTRAP_IOC_RESUME_WAIT). If the resume fails (-EINVAL, -EIO,
 * -ESRCH as ptrap_resume()), nothing is waited for. The wait blocks, even
 * on a session opened with PTRAP_OPEN_NONBLOCK. -EINTR if a signal handler
 * interrupted the wait (with SA_RESTART too): the tracee was resumed, its
 * record stays queued. -ESRCH (after the resume) with
 * PTRAP_RESUME_WAIT_SAME if @tid left the session without a record (the
 * module backend only notices when detached by another thread; the stub
 * pool keeps waiting then).
 *
 * Return: 0 or -errno.
 */
int ptrap_resume_wait(struct ptrap *p, pid_t tid, unsigned int mode, int sig,
		      unsigned int flags, struct ptrap_stop *out);

/** ptrap_setoptions() - replace a stopped tracee's PTRAP_O_* options. */
int ptrap_setoptions(struct ptrap *p, pid_t tid, uint64_t options);

/** ptrap_getregs() - general registers of a stopped tracee. */
int ptrap_getregs(struct ptrap *p, pid_t tid, struct user_regs_struct *regs);

/** ptrap_setregs() - set the general registers of a stopped tracee. */
int ptrap_setregs(struct ptrap *p, pid_t tid,
		  const struct user_regs_struct *regs);

/**
 * ptrap_getregset() - PTRACE_GETREGSET: @len in: size of @buf, a multiple
 * of the set's register size (else -EINVAL); out: bytes filled, at most the
 * set's size. @note_type: NT_PRSTATUS (struct user_regs_struct), NT_PRFPREG
 * (struct user_fpregs_struct, the FXSAVE area) or NT_X86_XSTATE (the XSAVE
 * area); others -EINVAL on the module.
 */
int ptrap_getregset(struct ptrap *p, pid_t tid, unsigned int note_type,
		    void *buf, size_t *len);

/**
 * ptrap_setregset() - PTRACE_SETREGSET, @len as for ptrap_getregset().
 * NT_PRFPREG and NT_X86_XSTATE take only the whole set (-EINVAL and
 * -EFAULT otherwise, as ptrace).
 */
int ptrap_setregset(struct ptrap *p, pid_t tid, unsigned int note_type,
		    const void *buf, size_t *len);

/**
 * ptrap_read_mem() - read a stopped tracee's memory, any length
 *
 * Return: bytes read (short only if the tracee's memory ends), or -EIO if
 * the first byte is inaccessible, -EFAULT if @buf is.
 */
ssize_t ptrap_read_mem(struct ptrap *p, pid_t tid, uint64_t addr,
		       void *buf, size_t len);

/**
 * ptrap_write_mem() - write a stopped tracee's memory, any length, read-only
 * mappings included (as ptrace(2) POKEDATA).
 *
 * Return: bytes written, or -errno as ptrap_read_mem().
 */
ssize_t ptrap_write_mem(struct ptrap *p, pid_t tid, uint64_t addr,
			const void *buf, size_t len);

/*
 * Requests on a stopped tracee's stop, as the ptrace(2) request named in
 * each; -ESRCH if the tracee is not in a stop (checked first, as ptrace).
 */

/**
 * ptrap_getsiginfo() - the stop's siginfo (PTRACE_GETSIGINFO)
 *
 * The signal's at a signal-delivery-stop; at other stops SIGTRAP with
 * si_code the stop's code (SIGTRAP | 0x80 at syscall stops with
 * PTRAP_O_TRACESYSGOOD, SIGTRAP | PTRAP_EVENT_x << 8 at event-stops).
 * Return: 0; -EINVAL if the stop has none (an ATTACHed tracee's
 * group-stop), -EFAULT.
 */
int ptrap_getsiginfo(struct ptrap *p, pid_t tid, siginfo_t *info);

/**
 * ptrap_setsiginfo() - replace the stop's siginfo (PTRACE_SETSIGINFO)
 *
 * At a signal-delivery-stop the tracee, resumed with the signal number the
 * new siginfo has, receives it as it is. Return: 0; -EINVAL if the stop has
 * no siginfo; -E2BIG if @info has a layout the kernel does not know
 * (si_code) and non-zero bytes past the kernel's part of it; -EFAULT.
 */
int ptrap_setsiginfo(struct ptrap *p, pid_t tid, const siginfo_t *info);

/**
 * ptrap_getsigmask() - the tracee's blocked signals (PTRACE_GETSIGMASK)
 * @mask: bit N-1 for signal N.
 * @size: sizeof(*@mask), 8; anything else is -EINVAL.
 *
 * While a sigsuspend(2)-like call is interrupted, the mask it restores.
 */
int ptrap_getsigmask(struct ptrap *p, pid_t tid, uint64_t *mask,
		     size_t size);

/**
 * ptrap_setsigmask() - set the tracee's blocked signals (PTRACE_SETSIGMASK)
 * @size: 8, else -EINVAL.
 *
 * SIGKILL and SIGSTOP are never blocked, whatever @mask says.
 */
int ptrap_setsigmask(struct ptrap *p, pid_t tid, const uint64_t *mask,
		     size_t size);

/**
 * ptrap_geteventmsg() - the stop's message (PTRACE_GETEVENTMSG)
 *
 * At an event-stop its message (new tid, former tid, exit status; the
 * record's @msg); at a syscall-enter-stop 1 and at a syscall-exit-stop 2
 * (PTRACE_EVENTMSG_SYSCALL_ENTRY/EXIT, as ptrace leaves there); 0 at
 * other stops.
 */
int ptrap_geteventmsg(struct ptrap *p, pid_t tid, uint64_t *msg);

/**
 * ptrap_get_syscall_info() - PTRACE_GET_SYSCALL_INFO
 * @info: a struct ptrace_syscall_info (<linux/ptrace.h>); may be NULL if
 *	*@size is 0.
 * @size: in: the size of @info, at most that much is written; out: the
 *	size of the whole information (24 for op NONE, 80 for ENTRY, 33 for
 *	EXIT), as ptrace's return value.
 *
 * As ptrace, op is ENTRY or EXIT only at a syscall stop taken with
 * PTRAP_O_TRACESYSGOOD (whose si_code, SIGTRAP | 0x80, is how ptrace tells
 * one), NONE at every other stop; arch, instruction_pointer and
 * stack_pointer are always filled in.
 */
int ptrap_get_syscall_info(struct ptrap *p, pid_t tid,
			   struct ptrace_syscall_info *info, size_t *size);

/**
 * ptrap_peekuser() - a word of the tracee's user area (PTRACE_PEEKUSER)
 * @offset: byte offset in the kernel's struct user (which is 16 bytes
 *	longer than glibc's <sys/user.h> one: error_code and fault_address
 *	follow u_debugreg); a multiple of 8 inside it, else -EIO.
 *
 * General registers (offsetof(struct user, regs.rax), ...), the debug
 * registers (u_debugreg), 0 for the rest.
 */
int ptrap_peekuser(struct ptrap *p, pid_t tid, uint64_t offset,
		   uint64_t *value);

/**
 * ptrap_pokeuser() - write a word of the user area (PTRACE_POKEUSER)
 *
 * General registers; values the kernel refuses are -EIO (segment
 * selectors, non-canonical fs_base/gs_base) as with ptrace; offsets past
 * the registers -EIO. Debug registers: the stub pool sets them as ptrace
 * does; the module does not (-EIO).
 */
int ptrap_pokeuser(struct ptrap *p, pid_t tid, uint64_t offset,
		   uint64_t value);

/**
 * ptrap_set_syscall_filter() - stop only at the chosen system calls
 * @tid: the tracee, which must be in a stop (else -ESRCH).
 * @bitmap: bit N (bit N % 64 of word N / 64) set for native x86-64 syscall
 *	N; NULL with @nbits 0 removes the filter.
 * @nbits: bits in @bitmap: a multiple of 64, at most
 *	PTRAP_SYSCALL_FILTER_MAX_BITS (else -EINVAL); 0 with a non-NULL
 *	@bitmap is an empty filter (no syscall stops).
 *
 * From its next resume on, in PTRAP_RESUME_SYSCALL and PTRAP_RESUME_SYSEMU
 * modes only the syscalls of the filter stop, at entry and at exit; the
 * others run, unreported (executed, not emulated, in SYSEMU mode). Numbers
 * past @nbits and negative ones do not stop; ia32 and x32 syscalls always
 * do. Events (fork, clone, exec, exit...) and signals do not depend on
 * it. Children auto-attached by TRACEFORK/VFORK/CLONE inherit it; an exec
 * keeps it. See PTRAP_IOC_SET_SYSCALL_FILTER in <linux/ptrap.h>.
 *
 * Both backends give the same records. Only the module makes the filtered
 * out syscalls cheap (one bit test in the kernel); the stub pool (real
 * ptrace has no filter) still stops the tracee at each of them and resumes
 * it without reporting them. Return: 0, -EINVAL, -ESRCH, -EFAULT
 * (@bitmap unreadable), -ENOMEM.
 */
int ptrap_set_syscall_filter(struct ptrap *p, pid_t tid,
			     const uint64_t *bitmap, size_t nbits);

/**
 * ptrap_get_syscall_filter() - read a stopped tracee's syscall filter back
 * @bitmap: receives as much of the filter as fits.
 * @nbits: in: bits that fit in @bitmap (a multiple of 64, at most
 *	PTRAP_SYSCALL_FILTER_MAX_BITS, else -EINVAL); out: the size of the
 *	filter in bits (0 without one).
 *
 * Return: 1 if the tracee has a filter, 0 if not, or -errno (-ESRCH if it
 * is not in a stop, -EFAULT).
 */
int ptrap_get_syscall_filter(struct ptrap *p, pid_t tid, uint64_t *bitmap,
			     size_t *nbits);

/**
 * ptrap_interrupt() - stop a seized tracee (PTRACE_INTERRUPT)
 *
 * -EIO unless the tracee was seized; a running one reports a
 * PTRAP_EVENT_STOP stop.
 */
int ptrap_interrupt(struct ptrap *p, pid_t tid);

/**
 * ptrap_listen() - PTRACE_LISTEN: a seized tracee at a PTRAP_EVENT_STOP
 * stop (group-stop or INTERRUPT) stays stopped but leaves the stop: every
 * request but ptrap_interrupt() and ptrap_kill() gives -ESRCH until
 * SIGCONT or ptrap_interrupt() makes it report a new PTRAP_EVENT_STOP.
 * -EIO at another kind of stop or unless seized, -ESRCH if not stopped.
 */
int ptrap_listen(struct ptrap *p, pid_t tid);

/**
 * ptrap_map_regs() - map a tracee's register page
 * @p: session.
 * @tid: a live tracee of the session, stopped or not.
 * @page: receives the page (struct ptrap_regs_page, <linux/ptrap.h>).
 *
 * Registers without copies: once a record of a stop of @tid has been
 * taken (ptrap_wait(), ptrap_resume_wait()), (*@page)->regs holds its
 * general registers, @seq the stop's number (it grows with every stop)
 * and @flags PTRAP_REGS_STOPPED until the stop ends. To change registers,
 * write them into @regs and set @dirty to 1: the call that releases the
 * stop (ptrap_resume(), ptrap_resume_wait(), ptrap_detach(),
 * ptrap_listen()) loads them first, all or nothing, and fails with
 * -EINVAL, the tracee still stopped and unchanged, if the kernel refuses
 * one (segment selectors, non-canonical fs_base/gs_base). The general
 * register calls (ptrap_getregs(), ptrap_setregs(), ptrap_getregset() and
 * ptrap_setregset() of NT_PRSTATUS, ptrap_peekuser(), ptrap_pokeuser())
 * load a dirty page first too (-EINVAL if refused), and the page shows
 * what they set. See "The register page" in <linux/ptrap.h>.
 *
 * Module backend: the module's page, mapped (PTRAP_IOC_MAP_REGS), kept
 * current by the module with no system call but the resume. Stub pool:
 * the same semantics, emulated with a page of the library's (one
 * PTRACE_GETREGSET per record of the tracee, one SETREGSET per dirty
 * release); there the page is current only through the library's calls,
 * and a second call for the same tracee returns the same page.
 *
 * The page stays valid after the tracee exits or leaves (it just stops
 * changing) until ptrap_unmap_regs() or ptrap_close(), which unmaps the
 * pages left. Do not write it while another thread has a call on the same
 * tracee in flight.
 *
 * Return: 0, -ESRCH (no such live tracee), -ENOMEM, -EFAULT (@page NULL).
 */
int ptrap_map_regs(struct ptrap *p, pid_t tid, struct ptrap_regs_page **page);

/**
 * ptrap_unmap_regs() - unmap a page of ptrap_map_regs()
 *
 * One call per ptrap_map_regs(). Return: 0, or -EINVAL if @page is not a
 * page of this session.
 */
int ptrap_unmap_regs(struct ptrap *p, struct ptrap_regs_page *page);

#ifdef __cplusplus
}
#endif

#endif /* LIBPTRAP_PTRAP_H */
