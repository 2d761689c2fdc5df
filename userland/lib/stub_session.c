// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stub-pool backend, caller side: opening and closing a session,
 * taking records (any thread, no tracer round trip), and marshalling every
 * other call to the session's tracer thread (see stub.h).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <linux/futex.h>
#include <time.h>
#include <unistd.h>

#include "stub.h"

/*
 * Queue @r for the tracer thread, wake it, and wait for the result. The
 * doorbell is rung only while the tracer sleeps in waitpid and only once
 * per sleep; otherwise it will look at the queue before sleeping again.
 */
static long stub_call(struct stub_session *s, struct stub_req *r)
{
	r->next = NULL;
	r->done = 0;
	pthread_mutex_lock(&s->lock);
	*s->req_tail = r;
	s->req_tail = &r->next;
	if (s->in_wait && !s->bell_rung) {
		if (s->bell > 0) {
			s->bell_rung = 1;
			kill(s->bell, SIGUSR1);
		}
	}
	/* A tracer napping on the condvar rather than in waitpid. */
	pthread_cond_signal(&s->wake);
	while (!r->done)
		pthread_cond_wait(&s->cond, &s->lock);
	pthread_mutex_unlock(&s->lock);
	return r->ret;
}

/*
 * Take the oldest record, of @tid only if @same. Lock held. Return 1 if
 * one was taken.
 */
static int take_record(struct stub_session *s, int same, pid_t tid,
		       struct ptrap_stop *out)
{
	struct stub_record **pp, *rec;
	uint64_t v;

	for (pp = &s->rec_head; (rec = *pp); pp = &rec->next) {
		if (!same || rec->stop.tid == tid)
			break;
	}
	if (!rec)
		return 0;
	*pp = rec->next;
	if (s->rec_tail == &rec->next)
		s->rec_tail = pp;
	/* Empty: the eventfd stops being readable. */
	if (!s->rec_head && read(s->efd, &v, sizeof(v)) < 0)
		v = 0;
	*out = rec->stop;
	free(rec);
	return 1;
}

static int stub_wait(struct ptrap *p, struct ptrap_stop *out, int nonblock)
{
	struct stub_session *s = to_stub(p);
	struct pollfd pfd;
	int taken;

	if (p->flags & PTRAP_OPEN_NONBLOCK)
		nonblock = 1;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		taken = take_record(s, 0, 0, out);
		pthread_mutex_unlock(&s->lock);
		if (taken)
			return 0;
		if (nonblock)
			return -EAGAIN;
		pfd.fd = s->efd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, -1) < 0 && errno == EINTR)
			return -EINTR;
	}
}

static int stub_fd(const struct ptrap *p)
{
	return to_stub(p)->efd;
}

static int stub_attach(struct ptrap *p, pid_t tid, uint64_t options,
		       int seize)
{
	struct stub_req r = {
		.op = seize ? STUB_OP_SEIZE : STUB_OP_ATTACH,
		.tid = tid,
		.options = options,
	};

	return stub_call(to_stub(p), &r);
}

static int stub_spawn(struct ptrap *p, const struct ptrap_spawn_args *a,
		      pid_t *tid_out)
{
	struct stub_req r = { .op = STUB_OP_SPAWN, .spawn = a };
	long ret;

	ret = stub_call(to_stub(p), &r);
	if (!ret && tid_out)
		*tid_out = r.tid_out;
	return ret;
}

static int stub_traceme(struct ptrap *p, uint64_t options)
{
	(void)p;
	(void)options;
	return -EOPNOTSUPP;
}

static int stub_detach(struct ptrap *p, pid_t tid, int sig)
{
	struct stub_req r = { .op = STUB_OP_DETACH, .tid = tid, .sig = sig };

	return stub_call(to_stub(p), &r);
}

static int stub_kill(struct ptrap *p, pid_t tid)
{
	struct stub_req r = { .op = STUB_OP_KILL, .tid = tid };

	return stub_call(to_stub(p), &r);
}

static int stub_resume(struct ptrap *p, pid_t tid, unsigned int mode, int sig)
{
	struct stub_req r = {
		.op = STUB_OP_RESUME,
		.tid = tid,
		.mode = mode,
		.sig = sig,
	};

	return stub_call(to_stub(p), &r);
}

/*
 * The resume, then a wait for a record on the futex word rec_gen. With a
 * timeout, FUTEX_WAIT fails with EINTR on any handled signal, SA_RESTART
 * or not, as poll(2) in ptrap_wait() does.
 */
static int stub_resume_wait(struct ptrap *p, pid_t tid, unsigned int mode,
			    int sig, unsigned int flags, struct ptrap_stop *out)
{
	struct stub_session *s = to_stub(p);
	int same = !!(flags & PTRAP_RESUME_WAIT_SAME);
	struct timespec ts;
	uint32_t gen;
	int ret, taken;

	ret = stub_resume(p, tid, mode, sig);
	if (ret)
		return ret;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		taken = take_record(s, same, tid, out);
		gen = s->rec_gen;
		if (!taken)
			s->rec_waiters++;
		pthread_mutex_unlock(&s->lock);
		if (taken)
			return 0;
		ts.tv_sec = 60;
		ts.tv_nsec = 0;
		ret = syscall(SYS_futex, &s->rec_gen, FUTEX_WAIT_PRIVATE, gen,
			      &ts, NULL, 0);
		ret = ret < 0 ? errno : 0;
		pthread_mutex_lock(&s->lock);
		s->rec_waiters--;
		pthread_mutex_unlock(&s->lock);
		if (ret == EINTR)
			return -EINTR;
	}
}

static int stub_setoptions(struct ptrap *p, pid_t tid, uint64_t options)
{
	struct stub_req r = {
		.op = STUB_OP_SETOPTIONS,
		.tid = tid,
		.options = options,
	};

	return stub_call(to_stub(p), &r);
}

static int stub_getregset(struct ptrap *p, pid_t tid, unsigned int note_type,
			  void *buf, size_t *len)
{
	struct stub_req r = {
		.op = STUB_OP_GETREGSET,
		.tid = tid,
		.note_type = note_type,
		.buf = buf,
		.lenp = len,
	};

	return stub_call(to_stub(p), &r);
}

static int stub_setregset(struct ptrap *p, pid_t tid, unsigned int note_type,
			  const void *buf, size_t *len)
{
	struct stub_req r = {
		.op = STUB_OP_SETREGSET,
		.tid = tid,
		.note_type = note_type,
		.buf = (void *)buf,
		.lenp = len,
	};

	return stub_call(to_stub(p), &r);
}

static ssize_t stub_read_mem(struct ptrap *p, pid_t tid, uint64_t addr,
			     void *buf, size_t len)
{
	struct stub_req r = {
		.op = STUB_OP_READMEM,
		.tid = tid,
		.addr = addr,
		.buf = buf,
		.len = len,
	};

	return stub_call(to_stub(p), &r);
}

static ssize_t stub_write_mem(struct ptrap *p, pid_t tid, uint64_t addr,
			      const void *buf, size_t len)
{
	struct stub_req r = {
		.op = STUB_OP_WRITEMEM,
		.tid = tid,
		.addr = addr,
		.buf = (void *)buf,
		.len = len,
	};

	return stub_call(to_stub(p), &r);
}

/* A request that names a tracee and a buffer. */
static long stub_call_buf(struct ptrap *p, enum stub_op op, pid_t tid,
			  const void *buf, size_t len)
{
	struct stub_req r = {
		.op = op,
		.tid = tid,
		.buf = (void *)buf,
		.len = len,
	};

	return stub_call(to_stub(p), &r);
}

static int stub_getsiginfo(struct ptrap *p, pid_t tid, siginfo_t *info)
{
	return stub_call_buf(p, STUB_OP_GETSIGINFO, tid, info, 0);
}

static int stub_setsiginfo(struct ptrap *p, pid_t tid, const siginfo_t *info)
{
	return stub_call_buf(p, STUB_OP_SETSIGINFO, tid, info, 0);
}

static int stub_getsigmask(struct ptrap *p, pid_t tid, uint64_t *mask,
			   size_t size)
{
	return stub_call_buf(p, STUB_OP_GETSIGMASK, tid, mask, size);
}

static int stub_setsigmask(struct ptrap *p, pid_t tid, const uint64_t *mask,
			   size_t size)
{
	return stub_call_buf(p, STUB_OP_SETSIGMASK, tid, mask, size);
}

static int stub_geteventmsg(struct ptrap *p, pid_t tid, uint64_t *msg)
{
	return stub_call_buf(p, STUB_OP_GETEVENTMSG, tid, msg, 0);
}

static int stub_get_syscall_info(struct ptrap *p, pid_t tid,
				 struct ptrace_syscall_info *info,
				 size_t *size)
{
	struct stub_req r = {
		.op = STUB_OP_GET_SYSCALL_INFO,
		.tid = tid,
		.buf = info,
		.lenp = size,
	};

	return stub_call(to_stub(p), &r);
}

static int stub_peekuser(struct ptrap *p, pid_t tid, uint64_t offset,
			 uint64_t *value)
{
	struct stub_req r = {
		.op = STUB_OP_PEEKUSER,
		.tid = tid,
		.addr = offset,
		.buf = value,
	};

	return stub_call(to_stub(p), &r);
}

static int stub_pokeuser(struct ptrap *p, pid_t tid, uint64_t offset,
			 uint64_t value)
{
	struct stub_req r = {
		.op = STUB_OP_POKEUSER,
		.tid = tid,
		.addr = offset,
		.value = value,
	};

	return stub_call(to_stub(p), &r);
}

static int stub_interrupt(struct ptrap *p, pid_t tid)
{
	return stub_call_buf(p, STUB_OP_INTERRUPT, tid, NULL, 0);
}

static int stub_listen(struct ptrap *p, pid_t tid)
{
	return stub_call_buf(p, STUB_OP_LISTEN, tid, NULL, 0);
}

/* A live tracee of ours, stopped or not (emulated register pages). */
static int stub_tracee_known(struct ptrap *p, pid_t tid)
{
	return stub_call_buf(p, STUB_OP_KNOWN, tid, NULL, 0);
}

static int stub_set_syscall_filter(struct ptrap *p, pid_t tid,
				   const uint64_t *bitmap, size_t nbits)
{
	return stub_call_buf(p, STUB_OP_SET_FILTER, tid, bitmap, nbits);
}

static int stub_get_syscall_filter(struct ptrap *p, pid_t tid,
				   uint64_t *bitmap, size_t *nbits)
{
	struct stub_req r = {
		.op = STUB_OP_GET_FILTER,
		.tid = tid,
		.buf = bitmap,
		.lenp = nbits,
	};

	return stub_call(to_stub(p), &r);
}

static void stub_free(struct stub_session *s)
{
	struct stub_record *rec;

	while ((rec = s->rec_head)) {
		s->rec_head = rec->next;
		free(rec);
	}
	if (s->efd >= 0)
		close(s->efd);
	free(s->tracees);
	pthread_cond_destroy(&s->cond);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/*
 * The tracer detaches (or kills) every tracee, reaps what it must and
 * exits; see stub_tracer.c.
 */
static void stub_close(struct ptrap *p)
{
	struct stub_session *s = to_stub(p);
	struct stub_req r = { .op = STUB_OP_CLOSE };

	stub_call(s, &r);
	pthread_join(s->thread, NULL);
	stub_free(s);
}

static const struct ptrap_ops stub_ops = {
	.name		= "stub-pool",
	.close		= stub_close,
	.fd		= stub_fd,
	.wait		= stub_wait,
	.attach		= stub_attach,
	.spawn		= stub_spawn,
	.traceme	= stub_traceme,
	.detach		= stub_detach,
	.kill		= stub_kill,
	.resume		= stub_resume,
	.resume_wait	= stub_resume_wait,
	.setoptions	= stub_setoptions,
	.getregset	= stub_getregset,
	.setregset	= stub_setregset,
	.read_mem	= stub_read_mem,
	.write_mem	= stub_write_mem,
	.getsiginfo	= stub_getsiginfo,
	.setsiginfo	= stub_setsiginfo,
	.getsigmask	= stub_getsigmask,
	.setsigmask	= stub_setsigmask,
	.geteventmsg	= stub_geteventmsg,
	.get_syscall_info = stub_get_syscall_info,
	.peekuser	= stub_peekuser,
	.pokeuser	= stub_pokeuser,
	.interrupt	= stub_interrupt,
	.listen		= stub_listen,
	.set_syscall_filter = stub_set_syscall_filter,
	.get_syscall_filter = stub_get_syscall_filter,
	.tracee_known	= stub_tracee_known,
};

int ptrap_stub_open(struct ptrap **out, unsigned int flags)
{
	struct stub_session *s;
	pthread_condattr_t ca;
	sigset_t all, old;
	int ret;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->base.ops = &stub_ops;
	s->base.flags = flags;
	s->pid = getpid();
	s->bell = -1;
	s->req_tail = &s->req_head;
	s->rec_tail = &s->rec_head;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	s->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->efd < 0) {
		ret = -errno;
		stub_free(s);
		return ret;
	}

	/* The tracer thread blocks every signal: they are the app's. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = -pthread_create(&s->thread, NULL, stub_tracer_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		stub_free(s);
		return ret;
	}

	pthread_mutex_lock(&s->lock);
	while (!s->started)
		pthread_cond_wait(&s->cond, &s->lock);
	ret = s->started < 0 ? s->started : 0;
	pthread_mutex_unlock(&s->lock);
	if (ret) {
		pthread_join(s->thread, NULL);
		stub_free(s);
		return ret;
	}
	*out = &s->base;
	return 0;
}
