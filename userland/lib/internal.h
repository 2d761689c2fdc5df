/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libptrap internals: the backend operations table and helpers shared by
 * both backends. Nothing here is exported.
 */
#ifndef LIBPTRAP_INTERNAL_H
#define LIBPTRAP_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "ptrap.h"

#define PTRAP_EXPORT __attribute__((visibility("default")))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The options the library takes: every PTRACE_O_* (the PTRAP_O_* values
 * are theirs) but TRACESECCOMP, which the module cannot serve (no seccomp
 * hook) and the stub pool therefore refuses too. The stub pool passes them
 * all to ptrace(2): it is the ground truth the module is measured
 * against. The module backend leaves the rest of the checking to the
 * module (PTRAP_O_SUPPORTED).
 */
#define PTRAP_O_LIB_SUPPORTED						\
	(PTRAP_O_TRACESYSGOOD | PTRAP_O_TRACEFORK | PTRAP_O_TRACEVFORK |	\
	 PTRAP_O_TRACECLONE | PTRAP_O_TRACEEXEC | PTRAP_O_TRACEVFORKDONE |	\
	 PTRAP_O_TRACEEXIT | PTRAP_O_EXITKILL)

/* Arguments of ptrap_spawn(), as passed to a backend. */
struct ptrap_spawn_args {
	const char *path;
	char *const *argv;
	char *const *envp;	/* never NULL here */
	uint64_t options;
	sigset_t mask;		/* the caller's signal mask, for the child */
};

/**
 * struct ptrap_ops - one backend
 *
 * Every operation returns 0 (or a count) or a negative errno; the public
 * wrappers in ptrap.c have already checked @p and pointer arguments that
 * must not be NULL.
 */
struct ptrap_ops {
	const char *name;
	void (*close)(struct ptrap *p);
	int (*fd)(const struct ptrap *p);
	int (*wait)(struct ptrap *p, struct ptrap_stop *out, int nonblock);
	int (*attach)(struct ptrap *p, pid_t tid, uint64_t options,
		      int seize);
	int (*spawn)(struct ptrap *p, const struct ptrap_spawn_args *a,
		     pid_t *tid_out);
	int (*traceme)(struct ptrap *p, uint64_t options);
	int (*detach)(struct ptrap *p, pid_t tid, int sig);
	int (*kill)(struct ptrap *p, pid_t tid);
	int (*resume)(struct ptrap *p, pid_t tid, unsigned int mode, int sig);
	/* @mode and @flags checked already. */
	int (*resume_wait)(struct ptrap *p, pid_t tid, unsigned int mode,
			   int sig, unsigned int flags, struct ptrap_stop *out);
	int (*setoptions)(struct ptrap *p, pid_t tid, uint64_t options);
	int (*getregset)(struct ptrap *p, pid_t tid, unsigned int note_type,
			 void *buf, size_t *len);
	int (*setregset)(struct ptrap *p, pid_t tid, unsigned int note_type,
			 const void *buf, size_t *len);
	ssize_t (*read_mem)(struct ptrap *p, pid_t tid, uint64_t addr,
			    void *buf, size_t len);
	ssize_t (*write_mem)(struct ptrap *p, pid_t tid, uint64_t addr,
			     const void *buf, size_t len);
	int (*getsiginfo)(struct ptrap *p, pid_t tid, siginfo_t *info);
	int (*setsiginfo)(struct ptrap *p, pid_t tid, const siginfo_t *info);
	int (*getsigmask)(struct ptrap *p, pid_t tid, uint64_t *mask,
			  size_t size);
	int (*setsigmask)(struct ptrap *p, pid_t tid, const uint64_t *mask,
			  size_t size);
	int (*geteventmsg)(struct ptrap *p, pid_t tid, uint64_t *msg);
	int (*get_syscall_info)(struct ptrap *p, pid_t tid,
				struct ptrace_syscall_info *info,
				size_t *size);
	int (*peekuser)(struct ptrap *p, pid_t tid, uint64_t offset,
			uint64_t *value);
	int (*pokeuser)(struct ptrap *p, pid_t tid, uint64_t offset,
			uint64_t value);
	int (*interrupt)(struct ptrap *p, pid_t tid);
	int (*listen)(struct ptrap *p, pid_t tid);
	/* @nbits checked already: a multiple of 64, at most the maximum. */
	int (*set_syscall_filter)(struct ptrap *p, pid_t tid,
				  const uint64_t *bitmap, size_t nbits);
	int (*get_syscall_filter)(struct ptrap *p, pid_t tid,
				  uint64_t *bitmap, size_t *nbits);
	/*
	 * Register pages (regs_page.c). With map_regs (and unmap_regs) the
	 * backend maps a page it keeps current itself; without, regs_page.c
	 * emulates one. tracee_known (optional): 0 if @tid is a live tracee
	 * of the session, stopped or not, else -ESRCH.
	 */
	int (*map_regs)(struct ptrap *p, pid_t tid,
			struct ptrap_regs_page **out);
	void (*unmap_regs)(struct ptrap *p, struct ptrap_regs_page *pg);
	int (*tracee_known)(struct ptrap *p, pid_t tid);
};

struct regs_map;

/* The common head of every backend's session. */
struct ptrap {
	const struct ptrap_ops *ops;
	unsigned int flags;	/* PTRAP_OPEN_* */
	/* Register pages (regs_page.c), set up by ptrap_open(). */
	pthread_mutex_t regs_lock;	/* the fields below, emulated pages */
	struct regs_map *regs_maps;	/* every ptrap_map_regs() mapping */
	uint64_t regs_seq;		/* emulated pages' stop numbers */
};

/*
 * regs_page.c. regs_map(), regs_unmap(): ptrap_map_regs() and
 * ptrap_unmap_regs(); regs_close() unmaps what is left. The regs_emu_*
 * hooks keep emulated pages current and do nothing otherwise (or when
 * the session has no page): regs_emu_record() for every record handed
 * out; regs_emu_load() (0, -EINVAL refused, -ESRCH) before a request that
 * releases a stop or uses the general registers; regs_emu_refresh() after
 * one that set them; regs_emu_stop_ended() after a release (@gone: the
 * tracee left), regs_emu_stop_back() if it was refused after all.
 */
void regs_init(struct ptrap *p);
int regs_map(struct ptrap *p, pid_t tid, struct ptrap_regs_page **out);
int regs_unmap(struct ptrap *p, struct ptrap_regs_page *pg);
void regs_close(struct ptrap *p);
void regs_emu_record(struct ptrap *p, const struct ptrap_stop *rec);
int regs_emu_load(struct ptrap *p, pid_t tid);
void regs_emu_refresh(struct ptrap *p, pid_t tid);
void regs_emu_stop_ended(struct ptrap *p, pid_t tid, int gone);
void regs_emu_stop_back(struct ptrap *p, pid_t tid);

int ptrap_module_open(struct ptrap **out, unsigned int flags);
int ptrap_stub_open(struct ptrap **out, unsigned int flags);

/*
 * spawn.c: the child side of ptrap_spawn(), shared by both backends.
 *
 * The child is forked with every signal blocked. It resets caught signals
 * to SIG_DFL, calls @traceme (which returns 0 or -errno), sets the
 * caller's signal mask (with SIGTRAP unblocked, so the post-exec SIGTRAP
 * stop can happen) and executes the program. A failure is written to
 * @errfd (the write end of a close-on-exec pipe) as a struct
 * ptrap_spawn_msg and the child exits with status 127.
 */
enum {
	PTRAP_SPAWN_STAGE_TRACEME = 1,
	PTRAP_SPAWN_STAGE_EXEC = 2,
};

struct ptrap_spawn_msg {
	int stage;
	int err;
};

void ptrap_spawn_child(int errfd, const struct ptrap_spawn_args *a,
		       int (*traceme)(void *arg), void *arg)
	__attribute__((noreturn));

/*
 * Read one struct ptrap_spawn_msg from @fd. Return 1 if one was read, 0 at
 * end of file, -errno on error (-EAGAIN on an empty non-blocking pipe).
 */
int ptrap_spawn_read_msg(int fd, struct ptrap_spawn_msg *msg);

/* fork(2) without running pthread_atfork() handlers. */
pid_t ptrap_fork(void);

#endif /* LIBPTRAP_INTERNAL_H */
