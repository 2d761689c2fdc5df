/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The platform layer's internals (ptrap_platform.h is the API).
 *
 * Files: platform.c (platforms, the process-wide pools, address spaces, stub threads and the
 * thread-exit hook), platform_ctx.c (contexts: switch, interrupt),
 * platform_stub.c (the stub process: spawn, control socket),
 * platform_ptrace.c and platform_module.c (the two backends' operations
 * on one stub thread), stub/stub.S (the stub itself, embedded by
 * platform_blob.S).
 *
 * Stub threads: the stub's main thread (the factory, never traced) clones
 * a new thread on request; it parks in pause() until a tracer seizes and
 * interrupts it. Each caller thread gets its own stub thread in each
 * address space it uses (struct pf_thread, found by the caller's tid): on
 * the ptrace backend because only the tracer thread may use ptrace on it,
 * on both because two contexts running at once need two threads. System
 * calls (mmap, munmap, close, exit) are injected into the caller's own stub
 * thread: registers set, rip at the stub's syscall instruction
 * (PTRAP_STUB_BASE), resumed until the int3 after it.
 *
 * The pool: one per backend in the process (struct pf_backend, as gVisor
 * keeps one per process), shared by every open platform of that backend.
 * A released address space is emptied and pooled; any platform of the
 * backend may take it (it is re-homed: ->pf set, listed in that
 * platform's ->all). A platform's close destroys what it owns; the last
 * one of a backend to close, or the atexit handler, destroys the pool.
 */
#ifndef LIBPTRAP_PLATFORM_H
#define LIBPTRAP_PLATFORM_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "internal.h"
#include "ptrap_platform.h"

/* The stub's syscall instruction (stub/stub.S, offset 0). */
#define PF_STUB_SYSCALL		PTRAP_STUB_BASE
#define PF_STUB_END		(PTRAP_STUB_BASE + PTRAP_STUB_SIZE)
/* The signal that interrupts a running switch on the ptrace backend. */
#define PF_SIG_INTERRUPT	SIGURG
/* Options of every traced stub thread. */
#define PF_TRACE_OPTIONS	(PTRAP_O_TRACESYSGOOD | PTRAP_O_EXITKILL)

struct ptrap_platform;
struct pf_backend;

/**
 * struct pf_thread - a stub thread, bound to one caller thread
 * @tid: the stub thread.
 * @owner: the caller thread (ptrace backend: its tracer).
 * @be: the backend (not the platform: its address space may be pooled
 *	and taken by another platform, this one closed).
 * @as: its address space; NULL once unlinked from it.
 * @sess: module backend: a session of its own (so that waiting for its
 *	stops never takes another thread's records); NULL on ptrace.
 * @regs: module backend: its register page (ptrap_map_regs()), through
 *	which its general registers are read and written; NULL on ptrace, or
 *	if it could not be mapped (then ptrap_getregs()/ptrap_setregs()).
 * @as_next: in @as->threads (under @as->lock).
 * @own_next, @own_pprev: in the owner's list (under pf_bind_lock).
 * @gone: its end was seen (and, on ptrace, reaped).
 */
struct pf_thread {
	pid_t tid;
	pid_t owner;
	struct pf_backend *be;
	struct ptrap_as *as;
	struct ptrap *sess;
	struct ptrap_regs_page *regs;
	struct pf_thread *as_next;
	struct pf_thread *own_next;
	struct pf_thread **own_pprev;
	int gone;
};

/* One stop of a stub thread, normalised over both backends. */
struct pf_stop {
	int status;		/* waitpid(2) status */
	siginfo_t si;		/* signal-delivery-stops */
};

/**
 * struct pf_ops - a backend's operations on one stub thread
 *
 * All but @interrupt are called by the thread's owner only. Each returns
 * 0 or -errno (-ESRCH: the thread is gone).
 */
struct pf_ops {
	const char *name;
	/* Seize the parked thread @t->tid and wait for it to stop. */
	int (*attach)(struct pf_thread *t);
	/* Forget @t (after it exited, or when its stub is killed). */
	void (*forget)(struct pf_thread *t);
	int (*getregs)(struct pf_thread *t, struct user_regs_struct *r);
	int (*setregs)(struct pf_thread *t, const struct user_regs_struct *r);
	/* NT_X86_XSTATE; *@len in: room, out: bytes (get). */
	int (*getxstate)(struct pf_thread *t, void *buf, size_t *len);
	int (*setxstate)(struct pf_thread *t, const void *buf, size_t len);
	/* Resume (SYSEMU or CONT, no signal) and wait for the next stop. */
	int (*resume_wait)(struct pf_thread *t, int sysemu, struct pf_stop *st);
	/* Any thread: make the running thread stop soon. */
	int (*interrupt)(struct pf_thread *t);
};

extern const struct pf_ops pf_ptrace_ops;
extern const struct pf_ops pf_module_ops;

/**
 * struct pf_backend - what the platforms of one backend share in a process
 * @ops: the backend.
 * @pool: released address spaces, ready for any platform of this backend
 *	(via ->pool_next; under pf_pool_lock).
 * @nopen: open platforms of this backend opened by @pid (under
 *	pf_pool_lock); the last one to close destroys @pool.
 * @pid: the process @pool and @nopen belong to (under pf_pool_lock): a
 *	forked child finds its parent's there and forgets them, untouched.
 * @xstate_len: the kernel's XSAVE area size; 0 until learned.
 * @tmpl_regs: a fresh stub thread's registers (segment selectors, eflags).
 * @tmpl_xstate: a fresh thread's XSAVE area (@xstate_len bytes).
 *
 * The templates are learned once, by the first platform of the backend to
 * open (under pf_learn_lock), and never change after @xstate_len is set.
 */
struct pf_backend {
	const struct pf_ops *ops;
	struct ptrap_as *pool;
	int nopen;
	pid_t pid;
	size_t xstate_len;
	struct user_regs_struct tmpl_regs;
	uint8_t tmpl_xstate[PTRAP_XSTATE_MAX] __attribute__((aligned(64)));
};

/**
 * struct ptrap_platform - the platform
 * @be: its backend (which holds the pool of released address spaces).
 * @memfd: the stub program (a memfd holding the embedded ELF).
 * @all: the address spaces it owns: made or taken from the pool by it,
 *	not released (via ->all_next; under pf_pool_lock).
 * @owner_pid: the process that opened it (a forked child's copy is not
 *	its to close at exit).
 * @open_next: in the list of open platforms (under pf_open_lock).
 */
struct ptrap_platform {
	struct pf_backend *be;
	int memfd;
	struct ptrap_as *all;
	pid_t owner_pid;
	struct ptrap_platform *open_next;
};

/**
 * struct ptrap_as - an address space: one stub process
 * @pf: the platform that owns it; NULL while pooled (re-homed to the
 *	platform that takes it, under pf_pool_lock). Nothing else in it
 *	depends on a platform: its threads are traced per caller thread
 *	(ptrace) or by sessions of their own (module).
 * @pid: the stub's pid (its factory thread).
 * @ctl: our end of its control socket.
 * @lock: protects @threads and the use of @ctl.
 * @threads: its stub threads (via ->as_next).
 * @dead: it could not be used any more (it died, or a request failed
 *	half-way); release kills it instead of pooling it.
 * @pool_next: in its backend's pool (under pf_pool_lock).
 * @all_next: in its platform's list (under pf_pool_lock).
 */
struct ptrap_as {
	struct ptrap_platform *pf;
	pid_t pid;
	int ctl;
	pthread_mutex_t lock;
	struct pf_thread *threads;
	int dead;
	struct ptrap_as *pool_next;
	struct ptrap_as *all_next;
};

/* platform_stub.c */
int pf_stub_memfd(void);
int pf_stub_spawn(int memfd, pid_t *pid, int *ctl);
int pf_stub_request(int ctl, char cmd, int fd);

/* platform.c */
int pf_thread_get(struct ptrap_as *as, struct pf_thread **out);
long pf_inject(struct pf_thread *t, long nr, uint64_t a0, uint64_t a1,
	       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

#endif /* LIBPTRAP_PLATFORM_H */
