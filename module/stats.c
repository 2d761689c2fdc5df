// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: statistics for GET_STATS. Per-CPU counters, incremented from any
 * context (probes and task work included) without a lock; a reading sums
 * the CPUs.
 */
#include <linux/percpu.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/timekeeping.h>

#include "ptrap.h"

struct ptrap_stats_cpu {
	u64 cnt[PTRAP_CNT_MAX + 1];
	u64 latency[PTRAP_LATENCY_BUCKETS];
};

static DEFINE_PER_CPU(struct ptrap_stats_cpu, ptrap_stats_pcpu);

/*
 * Serialises RESET_STATS against GET_STATS, so that a reading is not half
 * before and half after a reset, and protects ptrap_stats_since.
 * Increments do not take it: one racing with a reset may survive it.
 */
static DEFINE_MUTEX(ptrap_stats_mutex);
static time64_t ptrap_stats_since;

/*
 * Kernel memory held in the module's own objects, by kind, in bytes as the
 * slab allocator handed them out (ksize()). Atomic: any context.
 */
static atomic64_t ptrap_mem[PTRAP_MEM_KINDS];

/* A register page is a page (struct page); the rest come from the slab. */
static size_t ptrap_mem_size(enum ptrap_mem_kind kind, const void *obj)
{
	return kind == PTRAP_MEM_REGS_PAGE ? PAGE_SIZE : ksize(obj);
}

/**
 * ptrap_mem_add() - count a new object
 * @kind: what it is.
 * @obj: the object, from kmalloc()/kzalloc(); the struct page of a
 *	register page.
 */
void ptrap_mem_add(enum ptrap_mem_kind kind, const void *obj)
{
	atomic64_add(ptrap_mem_size(kind, obj), &ptrap_mem[kind]);
}

/**
 * ptrap_mem_sub() - stop counting an object, before it is freed
 * @kind: what it is.
 * @obj: the object.
 */
void ptrap_mem_sub(enum ptrap_mem_kind kind, const void *obj)
{
	atomic64_sub(ptrap_mem_size(kind, obj), &ptrap_mem[kind]);
}

/* Bytes held now in objects of @kind (GET_STATUS). */
u64 ptrap_mem_read(enum ptrap_mem_kind kind)
{
	return atomic64_read(&ptrap_mem[kind]);
}

void ptrap_stats_init(void)
{
	mutex_lock(&ptrap_stats_mutex);
	ptrap_stats_since = ktime_get_real_seconds();
	mutex_unlock(&ptrap_stats_mutex);
}

/* Count one event of counter @c. Any context. */
void ptrap_stats_inc(enum ptrap_counter c)
{
	this_cpu_inc(ptrap_stats_pcpu.cnt[c]);
}

/* An attach or open refused for @reason (enum ptrap_refusal). */
void ptrap_stats_refused(u8 reason)
{
	static const u8 cnt[] = {
		[PTRAP_REFUSED_ACCESS] = PTRAP_CNT_REFUSED_ACCESS,
		[PTRAP_REFUSED_SCOPE] = PTRAP_CNT_REFUSED_SCOPE,
		[PTRAP_REFUSED_DISABLED] = PTRAP_CNT_REFUSED_DISABLED,
		[PTRAP_REFUSED_SESSION_LIMIT] = PTRAP_CNT_REFUSED_SESSION_LIMIT,
		[PTRAP_REFUSED_TRACEE_LIMIT] = PTRAP_CNT_REFUSED_TRACEE_LIMIT,
	};

	if (reason < ARRAY_SIZE(cnt) && cnt[reason])
		ptrap_stats_inc(cnt[reason]);
}

/**
 * ptrap_stats_stop() - a stop is being published (tracee context)
 * @rep: its record.
 *
 * Return: the time, for ptrap_stats_resumed().
 */
u64 ptrap_stats_stop(const struct ptrap_stop *rep)
{
	u32 event = rep->status >> 16;

	switch (rep->kind) {
	case PTRAP_STOP_SIGNAL:
		ptrap_stats_inc(PTRAP_CNT_STOP_SIGNAL);
		break;
	case PTRAP_STOP_GROUP:
		ptrap_stats_inc(PTRAP_CNT_STOP_GROUP);
		break;
	case PTRAP_STOP_SYSCALL_ENTER:
		ptrap_stats_inc(PTRAP_CNT_STOP_SYSCALL_ENTER);
		break;
	case PTRAP_STOP_SYSCALL_EXIT:
		ptrap_stats_inc(PTRAP_CNT_STOP_SYSCALL_EXIT);
		break;
	case PTRAP_STOP_EVENT:
		ptrap_stats_inc(PTRAP_CNT_STOP_EVENT);
		if (event == PTRAP_EVENT_STOP)
			ptrap_stats_inc(PTRAP_CNT_EVENT_STOP);
		else if (event >= PTRAP_EVENT_FORK && event <= PTRAP_EVENT_EXIT)
			ptrap_stats_inc(PTRAP_CNT_EVENT_FORK + event -
					PTRAP_EVENT_FORK);
		break;
	}
	return ktime_get_ns();
}

/**
 * ptrap_stats_resumed() - the supervisor released a stop (tracee context)
 * @mode: the resume mode (PTRAP_RESUME_*, or PTRAP_RESUME_LISTEN).
 * @detach: the release was a DETACH.
 * @since: what ptrap_stats_stop() returned for the stop.
 */
void ptrap_stats_resumed(u32 mode, bool detach, u64 since)
{
	u64 ns = ktime_get_ns() - since;
	unsigned int b = ns > 1 ? ilog2(ns) : 0;

	if (detach)
		ptrap_stats_inc(PTRAP_CNT_RESUME_DETACH);
	else if (mode == PTRAP_RESUME_LISTEN)
		ptrap_stats_inc(PTRAP_CNT_RESUME_LISTEN);
	else if (mode <= PTRAP_RESUME_SYSEMU_SINGLESTEP)
		ptrap_stats_inc(PTRAP_CNT_RESUME_CONT + mode);
	b = min_t(unsigned int, b, PTRAP_LATENCY_BUCKETS - 1);
	this_cpu_inc(ptrap_stats_pcpu.latency[b]);
}

/**
 * ptrap_stats_read() - sum the counters of every CPU
 * @cnt: receives PTRAP_CNT_MAX + 1 counters.
 * @latency: receives PTRAP_LATENCY_BUCKETS buckets.
 *
 * Return: the time of the load or of the last reset.
 */
time64_t ptrap_stats_read(u64 *cnt, u64 *latency)
{
	const struct ptrap_stats_cpu *pc;
	time64_t since;
	int cpu, i;

	memset(cnt, 0, sizeof(u64) * (PTRAP_CNT_MAX + 1));
	memset(latency, 0, sizeof(u64) * PTRAP_LATENCY_BUCKETS);
	mutex_lock(&ptrap_stats_mutex);
	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(&ptrap_stats_pcpu, cpu);
		for (i = 0; i <= PTRAP_CNT_MAX; i++)
			cnt[i] += READ_ONCE(pc->cnt[i]);
		for (i = 0; i < PTRAP_LATENCY_BUCKETS; i++)
			latency[i] += READ_ONCE(pc->latency[i]);
	}
	since = ptrap_stats_since;
	mutex_unlock(&ptrap_stats_mutex);
	return since;
}

/* RESET_STATS: zero every counter. */
void ptrap_stats_reset(void)
{
	struct ptrap_stats_cpu *pc;
	int cpu;

	mutex_lock(&ptrap_stats_mutex);
	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(&ptrap_stats_pcpu, cpu);
		memset(pc, 0, sizeof(*pc));
	}
	ptrap_stats_since = ktime_get_real_seconds();
	mutex_unlock(&ptrap_stats_mutex);
}
