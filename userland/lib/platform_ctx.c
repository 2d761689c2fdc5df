// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Contexts: running application register state in an address space until
 * its next system call (PTRACE_SYSEMU: not executed) or signal, and
 * interrupting that from another thread.
 *
 * Interrupts: ptrap_ctx_interrupt() sets @pending and, if a switch runs,
 * asks the backend to stop its stub thread (ptrace: PF_SIG_INTERRUPT sent
 * with tgkill, as gVisor does; module: PTRAP_IOC_INTERRUPT). A switch that
 * finds @pending set returns PTRAP_SWITCH_INTERRUPTED and clears it; a
 * stop of that kind with @pending clear is a late one (the interrupt came
 * while the switch was returning anyway) and is passed over.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform.h"

/**
 * struct ptrap_ctx - a context
 * @pf: the platform.
 * @lock: protects @pending and @cur.
 * @pending: an interrupt not reported yet.
 * @cur: the stub thread of the running switch, or NULL.
 * @running: a switch runs (maybe before @cur is known).
 */
struct ptrap_ctx {
	struct ptrap_platform *pf;
	pthread_mutex_t lock;
	int pending;
	int running;
	struct pf_thread *cur;
};

PTRAP_EXPORT int ptrap_ctx_create(struct ptrap_platform *pf,
				  struct ptrap_ctx **out)
{
	struct ptrap_ctx *c;

	if (!pf || !out)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->pf = pf;
	pthread_mutex_init(&c->lock, NULL);
	*out = c;
	return 0;
}

PTRAP_EXPORT void ptrap_ctx_destroy(struct ptrap_ctx *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	free(c);
}

PTRAP_EXPORT int ptrap_ctx_interrupt(struct ptrap_ctx *c)
{
	int e = 0;

	if (!c)
		return -EINVAL;
	pthread_mutex_lock(&c->lock);
	c->pending = 1;
	if (c->cur)
		e = c->pf->be->ops->interrupt(c->cur);
	pthread_mutex_unlock(&c->lock);
	/* A thread that just died: its switch reports that. */
	return e == -ESRCH ? 0 : e;
}

/* Is this the stop of an interrupt? Then take @pending; else pass over. */
static int pf_interrupt_stop(struct ptrap_ctx *c, const struct pf_stop *st,
			     int *taken)
{
	int sig = WSTOPSIG(st->status), event = st->status >> 16;

	if (event == PTRAP_EVENT_STOP)
		;	/* INTERRUPT (module), or a group-stop */
	else if (event || sig != PF_SIG_INTERRUPT ||
		 st->si.si_code != SI_TKILL || st->si.si_pid != getpid())
		return 0;
	pthread_mutex_lock(&c->lock);
	*taken = c->pending;
	c->pending = 0;
	pthread_mutex_unlock(&c->lock);
	return 1;
}

/* Map a refused register set to -EINVAL; a dead thread stays -ESRCH. */
static int pf_regs_error(int e)
{
	return e == -ESRCH ? e : -EINVAL;
}

PTRAP_EXPORT int ptrap_ctx_switch(struct ptrap_ctx *c, struct ptrap_as *as,
				  struct ptrap_cpu_state *st, siginfo_t *info)
{
	const struct pf_ops *ops;
	struct user_regs_struct regs;
	struct pf_thread *t;
	struct pf_stop stop;
	int e, ret = 0;

	if (!c || !as || !st || as->pf != c->pf)
		return -EINVAL;
	ops = c->pf->be->ops;
	if (st->xstate_len && st->xstate_len != c->pf->be->xstate_len)
		return -EINVAL;
	pthread_mutex_lock(&c->lock);
	if (c->running) {
		pthread_mutex_unlock(&c->lock);
		return -EBUSY;
	}
	if (c->pending) {
		c->pending = 0;
		pthread_mutex_unlock(&c->lock);
		return PTRAP_SWITCH_INTERRUPTED;
	}
	c->running = 1;
	pthread_mutex_unlock(&c->lock);

	e = pf_thread_get(as, &t);
	if (e)
		goto out_running;
	regs = st->regs;
	regs.orig_rax = -1;	/* nothing to restart */
	e = ops->setregs(t, &regs);
	if (!e && st->xstate_len)
		e = ops->setxstate(t, st->xstate, st->xstate_len);
	if (e) {
		e = pf_regs_error(e);
		goto out_running;
	}

	pthread_mutex_lock(&c->lock);
	if (c->pending) {	/* came before @cur was known */
		c->pending = 0;
		ret = PTRAP_SWITCH_INTERRUPTED;
	} else {
		c->cur = t;
	}
	pthread_mutex_unlock(&c->lock);
	while (!ret) {
		int taken = 0;

		e = ops->resume_wait(t, 1, &stop);
		if (e)
			break;
		if (!WIFSTOPPED(stop.status)) {
			e = -ESRCH;
			break;
		}
		if ((stop.status >> 8) == (SIGTRAP | 0x80)) {
			ret = PTRAP_SWITCH_SYSCALL;
			break;
		}
		if (pf_interrupt_stop(c, &stop, &taken)) {
			if (!taken)
				continue;
			ret = PTRAP_SWITCH_INTERRUPTED;
			break;
		}
		if (stop.status >> 16)
			continue;	/* no other event is asked for */
		if (info)
			*info = stop.si;
		ret = PTRAP_SWITCH_SIGNAL;
		break;
	}
	pthread_mutex_lock(&c->lock);
	c->cur = NULL;
	pthread_mutex_unlock(&c->lock);
	if (e) {
		if (e == -ESRCH)
			as->dead = 1;
		goto out_running;
	}
	e = ops->getregs(t, &st->regs);
	if (!e && st->xstate_len) {
		size_t len = st->xstate_len;

		e = ops->getxstate(t, st->xstate, &len);
	}
out_running:
	pthread_mutex_lock(&c->lock);
	c->running = 0;
	pthread_mutex_unlock(&c->lock);
	return e ? e : ret;
}
