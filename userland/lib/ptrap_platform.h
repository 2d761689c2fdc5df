/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libptrap's platform layer: gVisor's "platform" (address spaces and
 * execution contexts for an application kernel) on top of ptrap, on both
 * backends (real ptrace(2), or /dev/ptrap).
 *
 * An *address space* (struct ptrap_as) is a stub process of ours: a tiny
 * static program whose address space is empty but for its own two pages at
 * PTRAP_STUB_BASE (code, then data). The supervisor maps files and
 * anonymous memory into it (system calls injected into one of its threads),
 * and runs application code in its threads. Released address spaces are
 * emptied and kept in a pool for the next ptrap_as_create(): one pool per
 * backend for the whole process (as gVisor's), shared by every open
 * platform of that backend; the last of them to close, or exit(3),
 * destroys it.
 *
 * A *context* (struct ptrap_ctx) runs a register set (struct
 * ptrap_cpu_state) in an address space until the application makes a
 * system call, which is *not* executed (PTRACE_SYSEMU: the caller emulates
 * it and writes the result into the registers), or receives a signal (a
 * fault, typically). Each calling thread gets its own stub thread in each
 * address space it runs in, so several contexts on several threads can run
 * in one address space at once; a context may move between threads.
 *
 * Every call returns 0 (or a documented non-negative value) on success and
 * a negative errno on failure; errno is left alone. The stub process is a
 * child of the calling process: do not wait for "any child" (see
 * <ptrap.h>); the library waits for its stubs by pid, with __WALL.
 *
 * A stub dies when the supervisor dies (its control socket reaches EOF; its
 * traced threads have PTRAP_O_EXITKILL); a platform still open when the
 * process calls exit(3) is closed by an atexit(3) handler (stubs killed
 * and reaped, the pools too); only in the process that opened it: a forked
 * child's exit leaves them alone, and its own platforms start a pool of
 * their own. A forked child of the supervisor shares the control
 * sockets until it execs or exits: stubs outlive the supervisor until
 * then. A thread that ran contexts should
 * end normally (pthread_exit or return): a thread-exit hook then ends its
 * stub threads; a thread killed otherwise takes the address spaces it
 * traced with it (ptrace backend: PTRAP_O_EXITKILL kills the whole stub).
 *
 * Linux x86-64 only.
 */
#ifndef LIBPTRAP_PTRAP_PLATFORM_H
#define LIBPTRAP_PTRAP_PLATFORM_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "ptrap.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ptrap_platform;
struct ptrap_as;
struct ptrap_ctx;

/* The stub's own pages: mapping over them is -EINVAL. */
#define PTRAP_STUB_BASE		0x7f0000000000ULL
#define PTRAP_STUB_SIZE		0x2000ULL
/* The end of the user address space that address spaces offer. */
#define PTRAP_AS_TOP		0x7ffffffff000ULL

/* ptrap_as_map_file() flags: exactly one of them. */
#define PTRAP_MAP_SHARED	(1u << 0)
#define PTRAP_MAP_PRIVATE	(1u << 1)

/* ptrap_ctx_switch() results */
#define PTRAP_SWITCH_SYSCALL		1
#define PTRAP_SWITCH_SIGNAL		2
#define PTRAP_SWITCH_INTERRUPTED	3

/* The largest XSAVE area this layer handles (AMX included). */
#define PTRAP_XSTATE_MAX	16384

/**
 * struct ptrap_cpu_state - what a context runs
 * @regs: general registers; fs_base and gs_base are the TLS. The segment
 *	selectors must be the user ones (cs 0x33, ss 0x2b, others 0), as
 *	PTRACE_SETREGS demands; ptrap_cpu_state_init() sets them.
 * @xstate_len: bytes of @xstate in use: the kernel's XSAVE area size
 *	(ptrap_platform_xstate_len()). 0 leaves the thread's FP/vector state
 *	as it was (neither set nor read back; in a pooled address space
 *	perhaps a previous application's).
 * @pad: zero.
 * @xstate: the XSAVE area (the FXSAVE area first), as PTRACE_GETREGSET
 *	NT_X86_XSTATE gives it.
 */
struct ptrap_cpu_state {
	struct user_regs_struct regs;
	uint32_t xstate_len;
	uint32_t pad;
	uint8_t xstate[PTRAP_XSTATE_MAX] __attribute__((aligned(64)));
};

/**
 * ptrap_platform_open() - open the platform
 * @out: receives it.
 * @flags: PTRAP_OPEN_MODULE, PTRAP_OPEN_STUBPOOL, or 0 to choose as
 *	ptrap_open() does (the module if /dev/ptrap opens, PTRAP_BACKEND in
 *	the environment). Other bits: -EINVAL.
 *
 * Return: 0 or -errno (-ENOENT for PTRAP_OPEN_MODULE without the module).
 */
int ptrap_platform_open(struct ptrap_platform **out, unsigned int flags);

/**
 * ptrap_platform_close() - kill and reap the platform's stubs
 *
 * The address spaces it owns (made or taken from the pool by it, not
 * released yet) are killed, reaped and freed (contexts are the caller's to
 * destroy). Released ones stay in the backend's pool for the other open
 * platforms of that backend; if this was the last one open in the process,
 * the pool is killed and reaped too, so that no stub is left. No call may
 * be running on the platform. NULL is allowed.
 */
void ptrap_platform_close(struct ptrap_platform *pf);

/** ptrap_platform_backend() - "module" or "stub-pool". */
const char *ptrap_platform_backend(const struct ptrap_platform *pf);

/**
 * ptrap_platform_xstate_len() - the kernel's XSAVE area size, in bytes
 *
 * Return: the size, or -errno if it could not be found out (-EOVERFLOW if
 * larger than PTRAP_XSTATE_MAX).
 */
int ptrap_platform_xstate_len(struct ptrap_platform *pf);

/**
 * ptrap_cpu_state_init() - a clean register set for a new context
 *
 * Zero general registers but the user segment selectors and eflags (IF);
 * the XSAVE area as a fresh thread has it (x87 control word 0x37f, MXCSR
 * 0x1f80, registers zero), with the x87 and SSE bits of XSTATE_BV set so
 * that the legacy area (XMM registers at byte 160) is loaded as written;
 * @st->xstate_len the kernel's size. Set rip, rsp and fs_base then.
 *
 * Return: 0 or -errno.
 */
int ptrap_cpu_state_init(struct ptrap_platform *pf,
			 struct ptrap_cpu_state *st);

/**
 * ptrap_as_create() - an empty address space
 *
 * Taken from the pool of @pf's backend (the process's, filled by any of
 * its platforms: the address space is then @pf's), or a new stub process.
 * Only the stub's pages (PTRAP_STUB_BASE, PTRAP_STUB_SIZE) are mapped.
 *
 * Return: 0 or -errno.
 */
int ptrap_as_create(struct ptrap_platform *pf, struct ptrap_as **out);

/**
 * ptrap_as_map_anon() - map zeroed private memory at a fixed address
 * @addr: page-aligned, non-zero.
 * @len: page-aligned, non-zero; [@addr, @addr + @len) must lie below
 *	PTRAP_AS_TOP and miss the stub's pages.
 * @prot: PROT_READ, PROT_WRITE, PROT_EXEC or PROT_NONE.
 *
 * Whatever was mapped in the range is replaced (MAP_FIXED).
 * Return: 0, -EINVAL for a bad range or @prot, -ENOMEM, -ESRCH if the
 * stub died.
 */
int ptrap_as_map_anon(struct ptrap_as *as, uint64_t addr, uint64_t len,
		      int prot);

/**
 * ptrap_as_map_file() - map a range of a file at a fixed address
 * @addr, @len, @prot: as ptrap_as_map_anon().
 * @fd: the file, in the caller's process (it is passed to the stub, used,
 *	then closed there; the caller keeps its own).
 * @offset: page-aligned offset in the file.
 * @flags: PTRAP_MAP_SHARED or PTRAP_MAP_PRIVATE.
 *
 * Return: 0, -EINVAL, -EBADF, -EACCES (@prot beyond @fd's mode), -ENODEV,
 * -ENOMEM, -ESRCH; the stub's mmap(2) errors.
 */
int ptrap_as_map_file(struct ptrap_as *as, uint64_t addr, uint64_t len,
		      int prot, int fd, uint64_t offset, unsigned int flags);

/**
 * ptrap_as_unmap() - unmap a range (same rules as the map calls)
 *
 * Return: 0, -EINVAL, -ESRCH.
 */
int ptrap_as_unmap(struct ptrap_as *as, uint64_t addr, uint64_t len);

/**
 * ptrap_as_release() - give an address space back
 *
 * Everything but the stub's pages is unmapped, its descriptors but the
 * control socket closed, and the stub goes to the pool of its platform's
 * backend, for the next ptrap_as_create() of any platform of that backend
 * (it no longer belongs to its platform: that one's close leaves it
 * alone). If it cannot be emptied (it died, say), it is killed and reaped
 * instead. No context may be running in it. NULL is allowed.
 */
void ptrap_as_release(struct ptrap_as *as);

/** ptrap_as_pid() - the stub's process id (for /proc/<pid>/maps). */
pid_t ptrap_as_pid(const struct ptrap_as *as);

/** ptrap_ctx_create() - a new context. Return: 0 or -errno. */
int ptrap_ctx_create(struct ptrap_platform *pf, struct ptrap_ctx **out);

/** ptrap_ctx_destroy() - free a context that is not running; NULL ok. */
void ptrap_ctx_destroy(struct ptrap_ctx *c);

/**
 * ptrap_ctx_switch() - run application code
 * @c: the context; one switch at a time per context.
 * @as: the address space to run in.
 * @st: in: the registers to run; out: the registers at the stop. At a
 *	system call rip is after the syscall instruction, orig_rax the
 *	system call number, rax -ENOSYS, the arguments in rdi, rsi, rdx,
 *	r10, r8, r9; set rax to the result and switch again to go on.
 * @info: receives the signal's siginfo for PTRAP_SWITCH_SIGNAL (for a
 *	fault, si_signo SIGSEGV/SIGBUS/..., si_addr the faulting address);
 *	may be NULL.
 *
 * Runs until the application makes a system call (not executed), gets a
 * signal (not delivered: the caller decides), or ptrap_ctx_interrupt()
 * stops it (an interrupt that came while no switch ran makes the next
 * switch return at once).
 *
 * Return: PTRAP_SWITCH_SYSCALL, PTRAP_SWITCH_SIGNAL,
 * PTRAP_SWITCH_INTERRUPTED, or -errno: -EINVAL for a bad register set
 * (segment selectors, non-canonical fs_base, a bad XSAVE header),
 * -ESRCH if the stub died, -EBUSY if @c is already switching.
 */
int ptrap_ctx_switch(struct ptrap_ctx *c, struct ptrap_as *as,
		     struct ptrap_cpu_state *st, siginfo_t *info);

/**
 * ptrap_ctx_interrupt() - make @c's running (or next) switch return
 *	PTRAP_SWITCH_INTERRUPTED; any thread, any time.
 *
 * Return: 0 or -errno.
 */
int ptrap_ctx_interrupt(struct ptrap_ctx *c);

#ifdef __cplusplus
}
#endif

#endif /* LIBPTRAP_PTRAP_PLATFORM_H */
