/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records read from a ptrap session, for the selftests: the wait(2)-style
 * statuses ptrace(2) gives, how a record is logged and checked, and a
 * bounded wait for the next one. Needs no fixture (ptrap_fixture.h builds
 * on it); NEXT_REC() takes the session from self->p. Include after
 * kselftest_harness.h.
 */
#ifndef PTRAP_SELFTEST_RECORDS_H
#define PTRAP_SELFTEST_RECORDS_H

#include "ptrap_util.h"
#include "ptrap.h"

/* wait(2)-style statuses, as ptrace(2) reports them. */
#define ST_STOP(sig)	((unsigned int)(((sig) << 8) | 0x7f))
#define ST_EVENT(ev)	ST_STOP(SIGTRAP | ((ev) << 8))
#define ST_EVSTOP	ST_EVENT(PTRAP_EVENT_STOP)	/* 0x80057f */
#define ST_SYSCALL	ST_STOP(SIGTRAP)		/* 0x57f */
#define ST_SYSGOOD	ST_STOP(SIGTRAP | 0x80)		/* 0x857f */
#define ST_EXIT(code)	((unsigned int)((code) << 8))
#define ST_KILLED(sig)	((unsigned int)(sig))

static inline const char *kind_name(unsigned int k)
{
	static const char *const names[] = {
		"?", "SIGNAL", "GROUP", "SYSCALL_ENTER", "SYSCALL_EXIT",
		"EVENT", "EXITED", "KILLED", "DETACHED",
	};

	return k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

#define REC_FMT "record kind=%s status=%#x tid=%d tgid=%d nr=%lld " \
	"retval=%lld msg=%#llx ip=%#llx"
#define REC_ARGS(st) kind_name((st).kind), (st).status, (st).tid, \
	(st).tgid, (long long)(st).nr, (long long)(st).retval, \
	(unsigned long long)(st).msg, (unsigned long long)(st).ip

#define ASSERT_STOP(st, k, s, t) do { \
	ASSERT_EQ((__u32)(k), (st).kind) TH_LOG(REC_FMT, REC_ARGS(st)); \
	ASSERT_EQ((__u32)(s), (st).status) TH_LOG(REC_FMT, REC_ARGS(st)); \
	ASSERT_EQ((__s32)(t), (st).tid) TH_LOG(REC_FMT, REC_ARGS(st)); \
} while (0)

/* An event-stop of @t for PTRAP_EVENT_@ev with message @m. */
#define ASSERT_EVENT(st, ev, t, m) do { \
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVENT(ev), t); \
	ASSERT_EQ((__u64)(m), (st).msg) TH_LOG(REC_FMT, REC_ARGS(st)); \
} while (0)

/* A siginfo from a record. */
static inline void rec_siginfo(const struct ptrap_stop *st, siginfo_t *si)
{
	memcpy(si, st->siginfo, sizeof(*si));
}

/* Take the next record, bounded: 0, -ETIMEDOUT, -errno. */
static inline int wait_rec(struct ptrap *p, struct ptrap_stop *st, long ms)
{
	long end = pt_now_ms() + ms;

	for (;;) {
		long left;
		int r = ptrap_wait(p, st, 1);

		if (r != -EAGAIN)
			return r;
		left = end - pt_now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		r = pt_poll1(ptrap_fd(p), POLLIN, (int)left);
		if (r < 0)
			return r;
		if (r == 0) {
			r = ptrap_wait(p, st, 1);
			return r == -EAGAIN ? -ETIMEDOUT : r;
		}
	}
}

/* The next record of session @p, whatever its tid (bounded). */
#define NEXT_REC_ON(p, st) do { \
	int __r; \
	memset(&(st), 0, sizeof(st)); \
	__r = wait_rec((p), &(st), PT_TIMEOUT_MS); \
	ASSERT_EQ(0, __r) \
		TH_LOG("no record within %d ms: %s", PT_TIMEOUT_MS, \
		       strerror(-__r)); \
} while (0)

#define NEXT_REC(st) NEXT_REC_ON(self->p, st)

#endif /* PTRAP_SELFTEST_RECORDS_H */
