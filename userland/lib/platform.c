// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The platform layer: platforms, the process-wide pools of stub processes
 * (one per backend), address spaces, and the stub threads bound to caller
 * threads (see platform.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform.h"

/*
 * Protects every caller thread's list of its stub threads (the lists are
 * reached through struct pf_thread's own_pprev from other threads too).
 * Taken before any address space's lock.
 */
static pthread_mutex_t pf_bind_lock = PTHREAD_MUTEX_INITIALIZER;
/* The calling thread's stub threads, of every platform. */
static __thread struct pf_thread *pf_my_threads;
static pthread_key_t pf_exit_key;
static pthread_once_t pf_exit_once = PTHREAD_ONCE_INIT;

/* Protects pf_open_list (and pf_atexit_done). */
static pthread_mutex_t pf_open_lock = PTHREAD_MUTEX_INITIALIZER;
/* Every open platform: closed at exit if the caller did not. */
static struct ptrap_platform *pf_open_list;
static int pf_atexit_done;

/*
 * Protects the backends' pools, open counts and pids (struct pf_backend:
 * pool, nopen, pid), every platform's list of the address spaces it owns
 * (->all), and an address space's ->pf as it moves between a platform and
 * its backend's pool. Nothing else is taken under it.
 */
static pthread_mutex_t pf_pool_lock = PTHREAD_MUTEX_INITIALIZER;
/* The backends, one pool each: a stub is traced the way its backend does. */
static struct pf_backend pf_backends[] = {
	{ .ops = &pf_ptrace_ops },
	{ .ops = &pf_module_ops },
};

/*
 * Protects the backends' templates (xstate_len, tmpl_regs, tmpl_xstate)
 * while they are learned; once xstate_len is set they never change and
 * are read without it. Taken before any other lock of the layer.
 */
static pthread_mutex_t pf_learn_lock = PTHREAD_MUTEX_INITIALIZER;

static void pf_thread_exit_hook(void *unused __attribute__((unused)));

static void pf_exit_key_init(void)
{
	if (pthread_key_create(&pf_exit_key, pf_thread_exit_hook))
		abort();
}

/* ---- stub threads ---- */

/**
 * pf_inject() - run one system call in a stopped stub thread
 * @t: the caller's own stub thread.
 * @nr: the system call number; @a0..@a5 its arguments.
 *
 * Return: the system call's return value (-errno on its failure), or
 * -ESRCH if the thread died.
 */
long pf_inject(struct pf_thread *t, long nr, uint64_t a0, uint64_t a1,
	       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	const struct pf_ops *ops = t->be->ops;
	struct user_regs_struct r = t->be->tmpl_regs;
	struct pf_stop st;
	int e;

	r.rip = PF_STUB_SYSCALL;
	r.rax = nr;
	r.orig_rax = -1;	/* no syscall restart on the way out */
	r.rdi = a0;
	r.rsi = a1;
	r.rdx = a2;
	r.r10 = a3;
	r.r8 = a4;
	r.r9 = a5;
	e = ops->setregs(t, &r);
	if (e)
		return e;
	for (;;) {
		e = ops->resume_wait(t, 0, &st);
		if (e)
			return e;
		if (!WIFSTOPPED(st.status))
			return -ESRCH;
		/* The int3 after the syscall instruction. */
		if (WSTOPSIG(st.status) == SIGTRAP && !(st.status >> 16) &&
		    st.si.si_code == SI_KERNEL)
			break;
		/* An interrupt meant for a switch, or a group-stop: on. */
	}
	e = ops->getregs(t, &r);
	if (e)
		return e;
	return (long)r.rax;
}

/* Unlink @t from its owner's list. pf_bind_lock held. */
static void pf_unbind(struct pf_thread *t)
{
	if (!t->own_pprev)
		return;
	*t->own_pprev = t->own_next;
	if (t->own_next)
		t->own_next->own_pprev = t->own_pprev;
	t->own_next = NULL;
	t->own_pprev = NULL;
}

/**
 * pf_thread_get() - the calling thread's stub thread in @as
 *
 * Made on first use: the factory clones it, the backend seizes it.
 * Return: 0 or -errno.
 */
int pf_thread_get(struct ptrap_as *as, struct pf_thread **out)
{
	pid_t me = (pid_t)syscall(SYS_gettid);
	struct pf_thread *t;
	int tid, e;

	pthread_mutex_lock(&as->lock);
	for (t = as->threads; t; t = t->as_next)
		if (t->owner == me)
			break;
	if (t) {
		pthread_mutex_unlock(&as->lock);
		*out = t;
		return 0;
	}
	if (as->dead) {
		pthread_mutex_unlock(&as->lock);
		return -ESRCH;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		pthread_mutex_unlock(&as->lock);
		return -ENOMEM;
	}
	tid = pf_stub_request(as->ctl, 'T', -1);
	/*
	 * The reply passed through the stub's data page, which application
	 * code running in the stub can write: seize nothing but a thread of
	 * this stub other than the factory.
	 */
	if (tid <= 0 || tid == as->pid ||
	    syscall(SYS_tgkill, as->pid, tid, 0)) {
		as->dead = 1;
		pthread_mutex_unlock(&as->lock);
		free(t);
		return tid < 0 ? tid : -EPROTO;
	}
	t->tid = tid;
	t->owner = me;
	t->be = as->pf->be;
	e = t->be->ops->attach(t);
	if (e) {
		/* A parked thread nobody traces: the stub is not ours now. */
		as->dead = 1;
		pthread_mutex_unlock(&as->lock);
		free(t);
		return e;
	}
	t->as = as;
	t->as_next = as->threads;
	as->threads = t;
	pthread_mutex_unlock(&as->lock);

	pthread_once(&pf_exit_once, pf_exit_key_init);
	pthread_mutex_lock(&pf_bind_lock);
	t->own_next = pf_my_threads;
	if (t->own_next)
		t->own_next->own_pprev = &t->own_next;
	t->own_pprev = &pf_my_threads;
	pf_my_threads = t;
	pthread_mutex_unlock(&pf_bind_lock);
	pthread_setspecific(pf_exit_key, (void *)1);
	*out = t;
	return 0;
}

/*
 * A caller thread ends: end its stub threads (an exit injected into each),
 * so that its death (PTRAP_O_EXITKILL) does not kill the stubs.
 */
static void pf_thread_exit_hook(void *unused __attribute__((unused)))
{
	struct pf_thread *list = NULL, *t;

	pthread_mutex_lock(&pf_bind_lock);
	while ((t = pf_my_threads)) {
		struct ptrap_as *as = t->as;
		struct pf_thread **pp;

		pf_unbind(t);
		if (as) {
			pthread_mutex_lock(&as->lock);
			for (pp = &as->threads; *pp; pp = &(*pp)->as_next)
				if (*pp == t) {
					*pp = t->as_next;
					break;
				}
			pthread_mutex_unlock(&as->lock);
			t->as = NULL;
		}
		t->own_next = list;
		list = t;
	}
	pthread_mutex_unlock(&pf_bind_lock);
	while ((t = list)) {
		list = t->own_next;
		pf_inject(t, SYS_exit, 0, 0, 0, 0, 0, 0);
		t->be->ops->forget(t);
		free(t);
	}
}

/* ---- address spaces ---- */

/* Kill and reap @as's stub, free it. Not in any platform list or pool. */
static void pf_as_destroy(struct ptrap_as *as)
{
	struct pf_thread *t;

	kill(as->pid, SIGKILL);
	pthread_mutex_lock(&pf_bind_lock);
	pthread_mutex_lock(&as->lock);
	for (t = as->threads; t; t = t->as_next)
		pf_unbind(t);
	pthread_mutex_unlock(&as->lock);
	pthread_mutex_unlock(&pf_bind_lock);
	while ((t = as->threads)) {
		as->threads = t->as_next;
		t->be->ops->forget(t);
		free(t);
	}
	while (waitpid(as->pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	close(as->ctl);
	pthread_mutex_destroy(&as->lock);
	free(as);
}

/*
 * Kill and reap every address space of @list, free them; @pooled: a pool
 * (linked by ->pool_next), else a platform's list (->all_next).
 */
static void pf_as_destroy_list(struct ptrap_as *list, int pooled)
{
	struct ptrap_as *as;

	while ((as = list)) {
		list = pooled ? as->pool_next : as->all_next;
		pf_as_destroy(as);
	}
}

/*
 * A forked child finds its parent's pool and count in its copy of @be:
 * forget them (the stubs are the parent's: not killed, not reaped, not
 * freed here). pf_pool_lock held.
 */
static void pf_backend_sync(struct pf_backend *be)
{
	pid_t me = getpid();

	if (be->pid == me)
		return;
	be->pool = NULL;
	be->nopen = 0;
	be->pid = me;
}

/* Take @as out of its platform's list. pf_pool_lock held. */
static void pf_as_unlist_locked(struct ptrap_as *as)
{
	struct ptrap_as **pp;

	for (pp = &as->pf->all; *pp; pp = &(*pp)->all_next)
		if (*pp == as) {
			*pp = as->all_next;
			break;
		}
	as->all_next = NULL;
}

/* Make @pf the owner of @as (new, or taken from the pool). Lock held. */
static void pf_as_own_locked(struct ptrap_platform *pf, struct ptrap_as *as)
{
	as->pf = pf;
	as->all_next = pf->all;
	pf->all = as;
}

/* A new stub process for @pf (never one from the pool). */
static int pf_as_spawn(struct ptrap_platform *pf, struct ptrap_as **out)
{
	struct ptrap_as *as;
	int e;

	as = calloc(1, sizeof(*as));
	if (!as)
		return -ENOMEM;
	e = pf_stub_spawn(pf->memfd, &as->pid, &as->ctl);
	if (e) {
		free(as);
		return e;
	}
	pthread_mutex_init(&as->lock, NULL);
	pthread_mutex_lock(&pf_pool_lock);
	pf_as_own_locked(pf, as);
	pthread_mutex_unlock(&pf_pool_lock);
	*out = as;
	return 0;
}

PTRAP_EXPORT int ptrap_as_create(struct ptrap_platform *pf,
				 struct ptrap_as **out)
{
	struct pf_backend *be;
	struct ptrap_as *as;

	if (!pf || !out)
		return -EINVAL;
	be = pf->be;
	pthread_mutex_lock(&pf_pool_lock);
	pf_backend_sync(be);
	as = be->pool;
	if (as) {
		be->pool = as->pool_next;
		as->pool_next = NULL;
		pf_as_own_locked(pf, as);
	}
	pthread_mutex_unlock(&pf_pool_lock);
	if (as) {
		*out = as;
		return 0;
	}
	return pf_as_spawn(pf, out);
}

PTRAP_EXPORT pid_t ptrap_as_pid(const struct ptrap_as *as)
{
	return as ? as->pid : -1;
}

/* A range for map/unmap: page-aligned, inside the space, off the stub. */
static int pf_range_ok(uint64_t addr, uint64_t len)
{
	if (!len || (addr | len) & 0xfff)
		return 0;
	if (addr >= PTRAP_AS_TOP || len > PTRAP_AS_TOP - addr)
		return 0;
	return addr + len <= PTRAP_STUB_BASE || addr >= PF_STUB_END;
}

#define PF_PROT_ALL	(PROT_READ | PROT_WRITE | PROT_EXEC)

static int pf_mmap(struct ptrap_as *as, uint64_t addr, uint64_t len,
		   int prot, int flags, int fd, uint64_t offset)
{
	struct pf_thread *t;
	long r;
	int e;

	if (!as)
		return -EINVAL;
	if (!pf_range_ok(addr, len) || (prot & ~PF_PROT_ALL) ||
	    (offset & 0xfff))
		return -EINVAL;
	e = pf_thread_get(as, &t);
	if (e)
		return e;
	r = pf_inject(t, SYS_mmap, addr, len, prot, flags | MAP_FIXED, fd,
		      offset);
	if (r < 0)
		return (int)r;
	if ((uint64_t)r != addr)
		return -EPROTO;
	return 0;
}

PTRAP_EXPORT int ptrap_as_map_anon(struct ptrap_as *as, uint64_t addr,
				   uint64_t len, int prot)
{
	return pf_mmap(as, addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);
}

PTRAP_EXPORT int ptrap_as_map_file(struct ptrap_as *as, uint64_t addr,
				   uint64_t len, int prot, int fd,
				   uint64_t offset, unsigned int flags)
{
	struct pf_thread *t;
	int e, sfd;

	if (!as)
		return -EINVAL;
	if (flags != PTRAP_MAP_SHARED && flags != PTRAP_MAP_PRIVATE)
		return -EINVAL;
	if (!pf_range_ok(addr, len) || (prot & ~PF_PROT_ALL) ||
	    (offset & 0xfff))
		return -EINVAL;
	if (fd < 0)
		return -EBADF;
	/* The caller's stub thread first: it takes as->lock itself. */
	e = pf_thread_get(as, &t);
	if (e)
		return e;
	pthread_mutex_lock(&as->lock);
	sfd = pf_stub_request(as->ctl, 'F', fd);
	pthread_mutex_unlock(&as->lock);
	if (sfd < 0)
		return sfd == -1 ? -EPROTO : sfd;
	e = pf_mmap(as, addr, len, prot,
		    flags == PTRAP_MAP_SHARED ? MAP_SHARED : MAP_PRIVATE, sfd,
		    offset);
	if (pf_inject(t, SYS_close, sfd, 0, 0, 0, 0, 0) < 0 && !e)
		e = -EPROTO;
	return e;
}

PTRAP_EXPORT int ptrap_as_unmap(struct ptrap_as *as, uint64_t addr,
				uint64_t len)
{
	struct pf_thread *t;
	long r;
	int e;

	if (!as)
		return -EINVAL;
	if (!pf_range_ok(addr, len))
		return -EINVAL;
	e = pf_thread_get(as, &t);
	if (e)
		return e;
	r = pf_inject(t, SYS_munmap, addr, len, 0, 0, 0, 0);
	return r < 0 ? (int)r : 0;
}

/* Unmap all but the stub, close all but the control socket. */
static int pf_as_empty(struct ptrap_as *as)
{
	struct pf_thread *t;
	int e;

	e = pf_thread_get(as, &t);
	if (e)
		return e;
	if (pf_inject(t, SYS_munmap, 0, PTRAP_STUB_BASE, 0, 0, 0, 0) ||
	    pf_inject(t, SYS_munmap, PF_STUB_END, PTRAP_AS_TOP - PF_STUB_END,
		      0, 0, 0, 0) ||
	    pf_inject(t, SYS_close_range, 1, ~0U, 0, 0, 0, 0))
		return -EPROTO;
	return 0;
}

PTRAP_EXPORT void ptrap_as_release(struct ptrap_as *as)
{
	struct ptrap_platform *pf;
	struct pf_backend *be;

	if (!as)
		return;
	pf = as->pf;
	be = pf->be;
	/* Only a platform of this process pools (a forked child's copy not). */
	if (as->dead || pf->owner_pid != getpid() || pf_as_empty(as)) {
		pthread_mutex_lock(&pf_pool_lock);
		pf_as_unlist_locked(as);
		pthread_mutex_unlock(&pf_pool_lock);
		pf_as_destroy(as);
		return;
	}
	pthread_mutex_lock(&pf_pool_lock);
	pf_backend_sync(be);
	pf_as_unlist_locked(as);
	as->pf = NULL;
	as->pool_next = be->pool;
	be->pool = as;
	pthread_mutex_unlock(&pf_pool_lock);
}

/* ---- the platform ---- */

/*
 * At exit, close the platforms this process left open: their stubs would
 * die anyway (EOF on the control socket, PTRAP_O_EXITKILL), but be killed
 * and reaped here, not left to init. A forked child that exits leaves its
 * parent's platforms alone.
 */
static void pf_atexit(void)
{
	struct ptrap_platform *pf;
	struct ptrap_as *pool;
	pid_t me = getpid();
	size_t i;

	for (;;) {
		pthread_mutex_lock(&pf_open_lock);
		for (pf = pf_open_list; pf; pf = pf->open_next)
			if (pf->owner_pid == me)
				break;
		pthread_mutex_unlock(&pf_open_lock);
		if (!pf)
			break;
		ptrap_platform_close(pf);
	}
	/*
	 * The last close of each backend destroyed its pool: nothing of
	 * ours should be left, but make sure (a forked child's pools are
	 * its own; its parent's it forgot, untouched).
	 */
	for (i = 0; i < sizeof(pf_backends) / sizeof(pf_backends[0]); i++) {
		pthread_mutex_lock(&pf_pool_lock);
		pool = NULL;
		if (pf_backends[i].pid == me) {
			pool = pf_backends[i].pool;
			pf_backends[i].pool = NULL;
		}
		pthread_mutex_unlock(&pf_pool_lock);
		pf_as_destroy_list(pool, 1);
	}
}

static void pf_list_open(struct ptrap_platform *pf)
{
	pthread_mutex_lock(&pf_open_lock);
	if (!pf_atexit_done)
		pf_atexit_done = !atexit(pf_atexit);
	pf->open_next = pf_open_list;
	pf_open_list = pf;
	pthread_mutex_unlock(&pf_open_lock);
}

static void pf_list_close(struct ptrap_platform *pf)
{
	struct ptrap_platform **pp;

	pthread_mutex_lock(&pf_open_lock);
	for (pp = &pf_open_list; *pp; pp = &(*pp)->open_next)
		if (*pp == pf) {
			*pp = pf->open_next;
			break;
		}
	pthread_mutex_unlock(&pf_open_lock);
}

/*
 * Learn the registers and XSAVE area of a fresh stub thread (the
 * templates of ptrap_cpu_state_init() and of injected system calls), once
 * per backend in the process, on a new stub (never a pooled one: its
 * threads may hold a previous application's state), which then goes to
 * the pool.
 */
static int pf_learn(struct ptrap_platform *pf)
{
	struct pf_backend *be = pf->be;
	struct ptrap_as *as;
	struct pf_thread *t;
	size_t len = PTRAP_XSTATE_MAX;
	int e;

	pthread_mutex_lock(&pf_learn_lock);
	if (be->xstate_len) {
		pthread_mutex_unlock(&pf_learn_lock);
		return 0;
	}
	e = pf_as_spawn(pf, &as);
	if (e)
		goto out_unlock;
	e = pf_thread_get(as, &t);
	if (!e)
		e = be->ops->getregs(t, &be->tmpl_regs);
	if (!e)
		e = be->ops->getxstate(t, be->tmpl_xstate, &len);
	if (!e && (len == PTRAP_XSTATE_MAX || !len))
		e = -EOVERFLOW;	/* perhaps truncated */
	if (e) {
		as->dead = 1;
		ptrap_as_release(as);
		goto out_unlock;
	}
	be->xstate_len = len;
	ptrap_as_release(as);
out_unlock:
	pthread_mutex_unlock(&pf_learn_lock);
	return e;
}

PTRAP_EXPORT int ptrap_platform_open(struct ptrap_platform **out,
				     unsigned int flags)
{
	struct ptrap_platform *pf;
	struct ptrap *probe;
	int e;

	if (!out || (flags & ~(PTRAP_OPEN_MODULE | PTRAP_OPEN_STUBPOOL)))
		return -EINVAL;
	/* ptrap_open() decides the backend (flags, environment, module). */
	e = ptrap_open(&probe, flags);
	if (e)
		return e;
	pf = calloc(1, sizeof(*pf));
	if (!pf) {
		ptrap_close(probe);
		return -ENOMEM;
	}
	pf->be = strcmp(ptrap_backend_name(probe), "module") ?
		&pf_backends[0] : &pf_backends[1];
	ptrap_close(probe);
	pf->owner_pid = getpid();
	pf->memfd = pf_stub_memfd();
	if (pf->memfd < 0) {
		e = pf->memfd;
		free(pf);
		return e;
	}
	pf_list_open(pf);
	pthread_mutex_lock(&pf_pool_lock);
	pf_backend_sync(pf->be);
	pf->be->nopen++;
	pthread_mutex_unlock(&pf_pool_lock);
	e = pf_learn(pf);
	if (e) {
		ptrap_platform_close(pf);
		return e;
	}
	*out = pf;
	return 0;
}

PTRAP_EXPORT void ptrap_platform_close(struct ptrap_platform *pf)
{
	struct ptrap_as *mine, *pool = NULL;
	struct pf_backend *be;

	if (!pf)
		return;
	be = pf->be;
	pf_list_close(pf);
	pthread_mutex_lock(&pf_pool_lock);
	pf_backend_sync(be);
	mine = pf->all;
	pf->all = NULL;
	/* A forked child's copy of its parent's platform is not counted. */
	if (pf->owner_pid == be->pid && !--be->nopen) {
		pool = be->pool;
		be->pool = NULL;
	}
	pthread_mutex_unlock(&pf_pool_lock);
	pf_as_destroy_list(mine, 0);
	pf_as_destroy_list(pool, 1);
	close(pf->memfd);
	free(pf);
}

PTRAP_EXPORT const char *ptrap_platform_backend(const struct ptrap_platform *pf)
{
	return pf ? pf->be->ops->name : NULL;
}

PTRAP_EXPORT int ptrap_platform_xstate_len(struct ptrap_platform *pf)
{
	if (!pf)
		return -EINVAL;
	return pf->be->xstate_len ? (int)pf->be->xstate_len : -ENODATA;
}

PTRAP_EXPORT int ptrap_cpu_state_init(struct ptrap_platform *pf,
				      struct ptrap_cpu_state *st)
{
	struct user_regs_struct *r;
	uint16_t *fx;

	if (!pf || !st)
		return -EINVAL;
	memset(&st->regs, 0, sizeof(st->regs));
	r = &st->regs;
	r->cs = pf->be->tmpl_regs.cs;
	r->ss = pf->be->tmpl_regs.ss;
	r->ds = pf->be->tmpl_regs.ds;
	r->es = pf->be->tmpl_regs.es;
	r->fs = pf->be->tmpl_regs.fs;
	r->gs = pf->be->tmpl_regs.gs;
	r->eflags = 0x202;
	r->orig_rax = -1;
	st->pad = 0;
	st->xstate_len = (uint32_t)pf->be->xstate_len;
	memset(st->xstate, 0, sizeof(st->xstate));
	memcpy(st->xstate, pf->be->tmpl_xstate, pf->be->xstate_len);
	/*
	 * x87 and SSE marked in use (XSTATE_BV, at 512), with their reset
	 * values, so that the legacy area is taken as the caller writes it
	 * (with a clear bit the kernel would load the component's init state
	 * whatever the area says).
	 */
	fx = (uint16_t *)st->xstate;
	fx[0] = 0x37f;					/* FCW */
	*(uint32_t *)(st->xstate + 24) = 0x1f80;	/* MXCSR */
	*(uint64_t *)(st->xstate + 512) |= 3;
	return 0;
}
