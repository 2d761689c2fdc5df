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
 * @mode: PTRAP_RESUME_CONT, PTRAP_RESUME_SYSCALL or PTRAP_RESUME_SYSEMU.
 * @sig: signal to deliver (signal-delivery-stop), 0 for none.
 */
int ptrap_resume(struct ptrap *p, pid_t tid, unsigned int mode, int sig);

/** ptrap_setoptions() - replace a stopped tracee's PTRAP_O_* options. */
int ptrap_setoptions(struct ptrap *p, pid_t tid, uint64_t options);

/** ptrap_getregs() - general registers of a stopped tracee. */
int ptrap_getregs(struct ptrap *p, pid_t tid, struct user_regs_struct *regs);

/** ptrap_setregs() - set the general registers of a stopped tracee. */
int ptrap_setregs(struct ptrap *p, pid_t tid,
		  const struct user_regs_struct *regs);

/**
 * ptrap_getregset() - PTRACE_GETREGSET: @len in: size of @buf, out: bytes
 * filled. @note_type: NT_PRSTATUS (others: -EINVAL on the module for now).
 */
int ptrap_getregset(struct ptrap *p, pid_t tid, unsigned int note_type,
		    void *buf, size_t *len);

/** ptrap_setregset() - PTRACE_SETREGSET, @len as for ptrap_getregset(). */
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

#ifdef __cplusplus
}
#endif

#endif /* LIBPTRAP_PTRAP_H */
