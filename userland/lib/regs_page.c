// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libptrap: register pages (ptrap_map_regs()).
 *
 * The module backend maps the module's page (PTRAP_IOC_MAP_REGS + mmap);
 * the module fills it at every stop and loads it back at the release. A
 * backend without map_regs (the stub pool) gets the same semantics
 * emulated here with a page of the library's: filled with GETREGSET when
 * a record of a stop of its tracee is handed out, loaded back with
 * SETREGSET (all or nothing) before the requests that release the stop or
 * use the general registers, refreshed after the requests that set them.
 * Both backends keep a list of the session's mappings, so that
 * ptrap_unmap_regs() can check its argument and ptrap_close() can unmap
 * what is left.
 */
#include <elf.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

/* One ptrap_map_regs() (emulated: one page, counted). */
struct regs_map {
	struct regs_map *next;
	struct ptrap_regs_page *pg;
	pid_t tid;
	int refs;	/* emulated: ptrap_map_regs() calls not unmapped */
	int live;	/* emulated: the tracee is still in the session */
};

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static int emulated(const struct ptrap *p)
{
	return !p->ops->map_regs;
}

void regs_init(struct ptrap *p)
{
	pthread_mutex_init(&p->regs_lock, NULL);
	p->regs_maps = NULL;
	p->regs_seq = 0;
}

/* Anything to do for an emulated page? Without a page: nothing at all. */
static int emu_active(struct ptrap *p)
{
	return emulated(p) && __atomic_load_n(&p->regs_maps, __ATOMIC_ACQUIRE);
}

/* The live emulated page of @tid; regs_lock held. */
static struct regs_map *emu_find(struct ptrap *p, pid_t tid)
{
	struct regs_map *m;

	for (m = p->regs_maps; m; m = m->next)
		if (m->live && m->tid == tid)
			return m;
	return NULL;
}

/* GETREGSET into the page: 0 or -errno. regs_lock held. */
static int emu_fill(struct ptrap *p, struct regs_map *m)
{
	size_t len = sizeof(m->pg->regs);

	return p->ops->getregset(p, m->tid, NT_PRSTATUS, &m->pg->regs, &len);
}

/* The page shows a new stop of its tracee. regs_lock held. */
static void emu_mark_stopped(struct ptrap *p, struct regs_map *m)
{
	m->pg->tid = m->tid;
	m->pg->seq = ++p->regs_seq;
	__atomic_store_n(&m->pg->flags, PTRAP_REGS_STOPPED, __ATOMIC_RELEASE);
}

static int emu_map(struct ptrap *p, pid_t tid, struct ptrap_regs_page **out)
{
	struct regs_map *m;
	void *pg;
	int ret;

	pthread_mutex_lock(&p->regs_lock);
	m = emu_find(p, tid);
	if (m) {
		m->refs++;
		*out = m->pg;
		pthread_mutex_unlock(&p->regs_lock);
		return 0;
	}
	ret = p->ops->tracee_known ? p->ops->tracee_known(p, tid) : 0;
	if (ret)
		goto out_unlock;
	ret = -ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto out_unlock;
	pg = mmap(NULL, page_size(), PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pg == MAP_FAILED) {
		free(m);
		goto out_unlock;
	}
	m->pg = pg;
	m->pg->size = sizeof(*m->pg);
	m->pg->version = PTRAP_REGS_PAGE_VERSION;
	m->pg->tid = tid;
	m->tid = tid;
	m->refs = 1;
	m->live = 1;
	/* In a stop now: the page shows it at once, as the module's. */
	if (!emu_fill(p, m))
		emu_mark_stopped(p, m);
	m->next = p->regs_maps;
	__atomic_store_n(&p->regs_maps, m, __ATOMIC_RELEASE);
	*out = m->pg;
	ret = 0;
out_unlock:
	pthread_mutex_unlock(&p->regs_lock);
	return ret;
}

/* Module backend: every call is a mapping of its own. */
static int native_map(struct ptrap *p, pid_t tid,
		      struct ptrap_regs_page **out)
{
	struct regs_map *m;
	int ret;

	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	ret = p->ops->map_regs(p, tid, &m->pg);
	if (ret) {
		free(m);
		return ret;
	}
	m->tid = tid;
	m->refs = 1;
	pthread_mutex_lock(&p->regs_lock);
	m->next = p->regs_maps;
	p->regs_maps = m;
	pthread_mutex_unlock(&p->regs_lock);
	*out = m->pg;
	return 0;
}

int regs_map(struct ptrap *p, pid_t tid, struct ptrap_regs_page **out)
{
	*out = NULL;
	return emulated(p) ? emu_map(p, tid, out) : native_map(p, tid, out);
}

static void regs_map_free(struct ptrap *p, struct regs_map *m)
{
	if (emulated(p))
		munmap(m->pg, page_size());
	else
		p->ops->unmap_regs(p, m->pg);
	free(m);
}

int regs_unmap(struct ptrap *p, struct ptrap_regs_page *pg)
{
	struct regs_map **pp, *m;

	pthread_mutex_lock(&p->regs_lock);
	for (pp = &p->regs_maps; (m = *pp); pp = &m->next)
		if (m->pg == pg)
			break;
	if (!m) {
		pthread_mutex_unlock(&p->regs_lock);
		return -EINVAL;
	}
	if (--m->refs) {
		pthread_mutex_unlock(&p->regs_lock);
		return 0;
	}
	*pp = m->next;
	pthread_mutex_unlock(&p->regs_lock);
	regs_map_free(p, m);
	return 0;
}

void regs_close(struct ptrap *p)
{
	struct regs_map *m;

	while ((m = p->regs_maps)) {
		p->regs_maps = m->next;
		regs_map_free(p, m);
	}
	pthread_mutex_destroy(&p->regs_lock);
}

static int stop_kind(uint32_t kind)
{
	return kind >= PTRAP_STOP_SIGNAL && kind <= PTRAP_STOP_EVENT;
}

void regs_emu_record(struct ptrap *p, const struct ptrap_stop *rec)
{
	struct regs_map *m;

	if (!emu_active(p))
		return;
	pthread_mutex_lock(&p->regs_lock);
	m = emu_find(p, rec->tid);
	if (m) {
		__atomic_store_n(&m->pg->flags, 0, __ATOMIC_RELAXED);
		if (!stop_kind(rec->kind))
			m->live = 0;	/* gone: its tid may come back */
		else if (!emu_fill(p, m))
			emu_mark_stopped(p, m);
	}
	pthread_mutex_unlock(&p->regs_lock);
}

int regs_emu_load(struct ptrap *p, pid_t tid)
{
	struct user_regs_struct regs, old;
	struct regs_map *m;
	size_t len;
	int ret = 0;

	if (!emu_active(p))
		return 0;
	pthread_mutex_lock(&p->regs_lock);
	m = emu_find(p, tid);
	if (!m || !__atomic_load_n(&m->pg->dirty, __ATOMIC_ACQUIRE))
		goto out_unlock;
	memcpy(&regs, &m->pg->regs, sizeof(regs));
	len = sizeof(old);
	ret = p->ops->getregset(p, tid, NT_PRSTATUS, &old, &len);
	if (ret)
		goto out_unlock;	/* not stopped: -ESRCH */
	len = sizeof(regs);
	ret = p->ops->setregset(p, tid, NT_PRSTATUS, &regs, &len);
	if (ret) {
		/* All or nothing, as the module: undo what was taken. */
		len = sizeof(old);
		p->ops->setregset(p, tid, NT_PRSTATUS, &old, &len);
		if (ret != -ESRCH)
			ret = -EINVAL;
		goto out_unlock;
	}
	__atomic_store_n(&m->pg->dirty, 0, __ATOMIC_RELEASE);
out_unlock:
	pthread_mutex_unlock(&p->regs_lock);
	return ret;
}

void regs_emu_refresh(struct ptrap *p, pid_t tid)
{
	struct regs_map *m;

	if (!emu_active(p))
		return;
	pthread_mutex_lock(&p->regs_lock);
	m = emu_find(p, tid);
	if (m)
		emu_fill(p, m);
	pthread_mutex_unlock(&p->regs_lock);
}

void regs_emu_stop_ended(struct ptrap *p, pid_t tid, int gone)
{
	struct regs_map *m;

	if (!emu_active(p))
		return;
	pthread_mutex_lock(&p->regs_lock);
	m = emu_find(p, tid);
	if (m) {
		__atomic_store_n(&m->pg->flags, 0, __ATOMIC_RELAXED);
		if (gone)
			m->live = 0;
	}
	pthread_mutex_unlock(&p->regs_lock);
}

void regs_emu_stop_back(struct ptrap *p, pid_t tid)
{
	struct regs_map *m;

	if (!emu_active(p))
		return;
	pthread_mutex_lock(&p->regs_lock);
	m = emu_find(p, tid);
	if (m && m->pg->seq)
		__atomic_store_n(&m->pg->flags, PTRAP_REGS_STOPPED,
				 __ATOMIC_RELAXED);
	pthread_mutex_unlock(&p->regs_lock);
}
