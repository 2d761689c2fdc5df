// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The module backend: thin wrappers over /dev/ptrap (ptrap.ko). Every call
 * is one ioctl(2) on the session descriptor; stops are read(2) from it. The
 * module makes any thread's calls valid, so no thread of our own is needed.
 *
 * What the library adds:
 *  - ptrap_wait(nonblock) on a blocking descriptor: O_NONBLOCK is turned on
 *    while at least one non-blocking waiter reads (a count under a mutex);
 *    blocking waiters that meet EAGAIN meanwhile poll and read again.
 *  - ptrap_spawn(): fork, PTRAP_IOC_TRACEME in the child, execve. If the
 *    exec fails, the child (already a tracee) exits and the module reports
 *    it: its tid goes into a drop set so that record is never handed out.
 *  - Spawned children are our children: when their EXITED/KILLED record is
 *    read they are reaped (waitpid), as the stub-pool backend's tracer does.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

/* A small set of tids. */
struct tidset {
	pid_t *v;
	size_t n, cap;
};

struct mod_session {
	struct ptrap base;
	int fd;
	pthread_mutex_t lock;
	int nonblock_users;	/* waiters that need O_NONBLOCK on @fd */
	struct tidset drop;	/* EXITED/KILLED records to drop */
	struct tidset children;	/* spawned children, to reap */
	struct tidset zombies;	/* children reported dead, not yet reaped */
};

static struct mod_session *to_mod(const struct ptrap *p)
{
	return (struct mod_session *)p;
}

static int tidset_add(struct tidset *s, pid_t tid)
{
	pid_t *v;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;

		v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = tid;
	return 0;
}

/* Remove @tid; return whether it was there. */
static int tidset_del(struct tidset *s, pid_t tid)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->v[i] == tid) {
			s->v[i] = s->v[--s->n];
			return 1;
		}
	}
	return 0;
}

/* Reap whichever reported-dead children are zombies by now. Lock held. */
static void reap_zombies(struct mod_session *s)
{
	size_t i = 0;
	pid_t r;

	while (i < s->zombies.n) {
		r = waitpid(s->zombies.v[i], NULL, WNOHANG | __WALL);
		if (r == 0 || (r < 0 && errno == EINTR)) {
			i++;
			continue;
		}
		/* Reaped, or not ours any more (ECHILD: someone else did). */
		s->zombies.v[i] = s->zombies.v[--s->zombies.n];
	}
}

/*
 * Look at a record before handing it out. Return 1 to drop it. Reaps
 * spawned children whose end it reports.
 */
static int filter_record(struct mod_session *s, const struct ptrap_stop *st)
{
	int drop = 0;

	if (st->kind != PTRAP_STOP_EXITED && st->kind != PTRAP_STOP_KILLED)
		return 0;
	pthread_mutex_lock(&s->lock);
	if (tidset_del(&s->drop, st->tid))
		drop = 1;
	if (tidset_del(&s->children, st->tid) &&
	    tidset_add(&s->zombies, st->tid) == 0)
		reap_zombies(s);
	pthread_mutex_unlock(&s->lock);
	return drop;
}

/* Count a non-blocking reader in (+1) or out (-1). */
static void nonblock_ref(struct mod_session *s, int delta)
{
	int fl;

	pthread_mutex_lock(&s->lock);
	s->nonblock_users += delta;
	if ((delta > 0 && s->nonblock_users == 1) ||
	    (delta < 0 && s->nonblock_users == 0)) {
		fl = fcntl(s->fd, F_GETFL);
		if (fl >= 0) {
			if (delta > 0)
				fl |= O_NONBLOCK;
			else
				fl &= ~O_NONBLOCK;
			fcntl(s->fd, F_SETFL, fl);
		}
	}
	pthread_mutex_unlock(&s->lock);
}

static int mod_wait(struct ptrap *p, struct ptrap_stop *out, int nonblock)
{
	struct mod_session *s = to_mod(p);
	int always_nb = p->flags & PTRAP_OPEN_NONBLOCK;
	int nb = nonblock || always_nb;
	struct pollfd pfd;
	ssize_t n;
	int err;

	pthread_mutex_lock(&s->lock);
	if (s->zombies.n)
		reap_zombies(s);
	pthread_mutex_unlock(&s->lock);

	for (;;) {
		if (nb && !always_nb)
			nonblock_ref(s, 1);
		n = read(s->fd, out, sizeof(*out));
		err = errno;
		if (nb && !always_nb)
			nonblock_ref(s, -1);

		if (n < 0) {
			if (err != EAGAIN || nb)
				return -err;
			/* Another waiter made the descriptor non-blocking. */
			pfd.fd = s->fd;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, -1) < 0 && errno == EINTR)
				return -EINTR;
			continue;
		}
		if (n != sizeof(*out))
			return -EIO;
		if (!filter_record(s, out))
			return 0;
	}
}

static int mod_fd(const struct ptrap *p)
{
	return to_mod(p)->fd;
}

static int mod_ioctl(struct mod_session *s, unsigned long req, void *arg)
{
	int ret;

	do
		ret = ioctl(s->fd, req, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

static int mod_attach(struct ptrap *p, pid_t tid, uint64_t options,
		      int seize)
{
	struct ptrap_attach_args a = { .tid = tid, .options = options };

	return mod_ioctl(to_mod(p), seize ? PTRAP_IOC_SEIZE : PTRAP_IOC_ATTACH,
			 &a);
}

static int mod_traceme(struct ptrap *p, uint64_t options)
{
	struct ptrap_traceme_args a = { .options = options };

	return mod_ioctl(to_mod(p), PTRAP_IOC_TRACEME, &a);
}

struct mod_traceme_arg {
	int fd;
	uint64_t options;
};

/* In the spawned child: no libc beyond the system call. */
static int child_traceme(void *arg)
{
	struct mod_traceme_arg *t = arg;
	struct ptrap_traceme_args a = { .options = t->options };

	if (ioctl(t->fd, PTRAP_IOC_TRACEME, &a) < 0)
		return -errno;
	return 0;
}

static int mod_spawn(struct ptrap *p, const struct ptrap_spawn_args *a,
		     pid_t *tid_out)
{
	struct mod_session *s = to_mod(p);
	struct mod_traceme_arg targ = { .fd = s->fd, .options = a->options };
	struct ptrap_spawn_msg msg;
	sigset_t all, old;
	int pfd[2], ret, mine;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;

	/*
	 * Hold the lock across the fork: a concurrent ptrap_wait() that reads
	 * the child's EXITED record checks the drop set under the lock, so
	 * it sees the child's tid there.
	 */
	pthread_mutex_lock(&s->lock);
	ret = tidset_add(&s->drop, 0);
	if (!ret)
		ret = tidset_add(&s->children, 0);
	if (ret) {
		tidset_del(&s->drop, 0);
		pthread_mutex_unlock(&s->lock);
		close(pfd[0]);
		close(pfd[1]);
		return ret;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid = ptrap_fork();
	if (pid == 0) {
		close(pfd[0]);
		ptrap_spawn_child(pfd[1], a, child_traceme, &targ);
	}
	ret = pid < 0 ? -errno : 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* The slots reserved above: now the child's tid, or nothing. */
	tidset_del(&s->drop, 0);
	tidset_del(&s->children, 0);
	if (!ret) {
		tidset_add(&s->drop, pid);
		tidset_add(&s->children, pid);
	}
	pthread_mutex_unlock(&s->lock);
	close(pfd[1]);
	if (ret) {
		close(pfd[0]);
		return ret;
	}

	ret = ptrap_spawn_read_msg(pfd[0], &msg);
	close(pfd[0]);

	pthread_mutex_lock(&s->lock);
	if (ret == 0) {
		/* EOF: the exec succeeded; its records are the caller's. */
		tidset_del(&s->drop, pid);
		pthread_mutex_unlock(&s->lock);
		if (tid_out)
			*tid_out = pid;
		return 0;
	}
	/*
	 * The exec (or TRACEME) failed and the child exits. After a failed
	 * TRACEME it is no tracee and no record comes: forget the tid. Reap
	 * it, unless a ptrap_wait() has dropped its record already and taken
	 * that on (filter_record()).
	 */
	if (ret < 0 || msg.stage != PTRAP_SPAWN_STAGE_EXEC)
		tidset_del(&s->drop, pid);
	mine = tidset_del(&s->children, pid);
	pthread_mutex_unlock(&s->lock);
	while (mine && waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	if (ret < 0)
		return ret;
	return msg.err ? -msg.err : -ECHILD;
}

static int mod_tracee_req(struct ptrap *p, unsigned long req, pid_t tid,
			  int sig)
{
	struct ptrap_tracee_args a = { .tid = tid, .sig = sig };

	return mod_ioctl(to_mod(p), req, &a);
}

static int mod_detach(struct ptrap *p, pid_t tid, int sig)
{
	return mod_tracee_req(p, PTRAP_IOC_DETACH, tid, sig);
}

static int mod_kill(struct ptrap *p, pid_t tid)
{
	return mod_tracee_req(p, PTRAP_IOC_KILL, tid, 0);
}

static int mod_resume(struct ptrap *p, pid_t tid, unsigned int mode, int sig)
{
	struct ptrap_resume_args a = { .tid = tid, .mode = mode, .sig = sig };

	return mod_ioctl(to_mod(p), PTRAP_IOC_RESUME, &a);
}

/*
 * One PTRAP_IOC_RESUME_WAIT, not repeated on EINTR (the resume is done). A
 * record ptrap_wait() would drop (a failed spawn's child) is dropped here
 * too, and the wait goes on as ptrap_wait().
 */
static int mod_resume_wait(struct ptrap *p, pid_t tid, unsigned int mode,
			   int sig, unsigned int flags, struct ptrap_stop *out)
{
	struct mod_session *s = to_mod(p);
	struct ptrap_resume_wait_args a = {
		.tid = tid,
		.mode = mode,
		.sig = sig,
		.flags = flags,
		.stop = (uintptr_t)out,
		.timeout_ns = -1,
	};

	pthread_mutex_lock(&s->lock);
	if (s->zombies.n)
		reap_zombies(s);
	pthread_mutex_unlock(&s->lock);

	if (ioctl(s->fd, PTRAP_IOC_RESUME_WAIT, &a) < 0)
		return -errno;
	if (!filter_record(s, out))
		return 0;
	/* Only a record of another tid is ever dropped: not with SAME. */
	return mod_wait(p, out, 0);
}

static int mod_setoptions(struct ptrap *p, pid_t tid, uint64_t options)
{
	struct ptrap_options_args a = { .tid = tid, .options = options };

	return mod_ioctl(to_mod(p), PTRAP_IOC_SETOPTIONS, &a);
}

static int mod_regset(struct ptrap *p, unsigned long req, pid_t tid,
		      unsigned int note_type, const void *buf, size_t *len)
{
	struct ptrap_regset_args a = {
		.tid = tid,
		.note_type = note_type,
		.buf = (uintptr_t)buf,
		.len = *len,
	};
	int ret;

	ret = mod_ioctl(to_mod(p), req, &a);
	if (!ret)
		*len = a.len;
	return ret;
}

static int mod_getregset(struct ptrap *p, pid_t tid, unsigned int note_type,
			 void *buf, size_t *len)
{
	return mod_regset(p, PTRAP_IOC_GETREGSET, tid, note_type, buf, len);
}

static int mod_setregset(struct ptrap *p, pid_t tid, unsigned int note_type,
			 const void *buf, size_t *len)
{
	return mod_regset(p, PTRAP_IOC_SETREGSET, tid, note_type, buf, len);
}

static ssize_t mod_mem(struct ptrap *p, unsigned long req, pid_t tid,
		       uint64_t addr, const void *buf, size_t len)
{
	struct ptrap_mem_args a = {
		.tid = tid,
		.addr = addr,
		.buf = (uintptr_t)buf,
		.len = len,
	};
	int ret;

	ret = mod_ioctl(to_mod(p), req, &a);
	if (ret < 0)
		return ret;
	return a.done;
}

static ssize_t mod_read_mem(struct ptrap *p, pid_t tid, uint64_t addr,
			    void *buf, size_t len)
{
	return mod_mem(p, PTRAP_IOC_READMEM, tid, addr, buf, len);
}

static ssize_t mod_write_mem(struct ptrap *p, pid_t tid, uint64_t addr,
			     const void *buf, size_t len)
{
	return mod_mem(p, PTRAP_IOC_WRITEMEM, tid, addr, buf, len);
}

static int mod_siginfo(struct ptrap *p, unsigned long req, pid_t tid,
		       const siginfo_t *info)
{
	struct ptrap_siginfo_args a = {
		.tid = tid,
		.buf = (uintptr_t)info,
	};

	return mod_ioctl(to_mod(p), req, &a);
}

static int mod_getsiginfo(struct ptrap *p, pid_t tid, siginfo_t *info)
{
	return mod_siginfo(p, PTRAP_IOC_GETSIGINFO, tid, info);
}

static int mod_setsiginfo(struct ptrap *p, pid_t tid, const siginfo_t *info)
{
	return mod_siginfo(p, PTRAP_IOC_SETSIGINFO, tid, info);
}

static int mod_sigmask(struct ptrap *p, unsigned long req, pid_t tid,
		       const uint64_t *mask, size_t size)
{
	struct ptrap_sigmask_args a = {
		.tid = tid,
		.buf = (uintptr_t)mask,
		.size = size,
	};

	return mod_ioctl(to_mod(p), req, &a);
}

static int mod_getsigmask(struct ptrap *p, pid_t tid, uint64_t *mask,
			  size_t size)
{
	return mod_sigmask(p, PTRAP_IOC_GETSIGMASK, tid, mask, size);
}

static int mod_setsigmask(struct ptrap *p, pid_t tid, const uint64_t *mask,
			  size_t size)
{
	return mod_sigmask(p, PTRAP_IOC_SETSIGMASK, tid, mask, size);
}

static int mod_geteventmsg(struct ptrap *p, pid_t tid, uint64_t *msg)
{
	struct ptrap_eventmsg_args a = { .tid = tid };
	int ret;

	ret = mod_ioctl(to_mod(p), PTRAP_IOC_GETEVENTMSG, &a);
	if (!ret)
		*msg = a.msg;
	return ret;
}

static int mod_get_syscall_info(struct ptrap *p, pid_t tid,
				struct ptrace_syscall_info *info,
				size_t *size)
{
	struct ptrap_syscall_info_args a = {
		.tid = tid,
		.buf = (uintptr_t)info,
		.size = *size,
	};
	int ret;

	ret = mod_ioctl(to_mod(p), PTRAP_IOC_GET_SYSCALL_INFO, &a);
	if (!ret)
		*size = a.size;
	return ret;
}

static int mod_peekuser(struct ptrap *p, pid_t tid, uint64_t offset,
			uint64_t *value)
{
	struct ptrap_user_args a = { .tid = tid, .offset = offset };
	int ret;

	ret = mod_ioctl(to_mod(p), PTRAP_IOC_PEEKUSER, &a);
	if (!ret)
		*value = a.value;
	return ret;
}

static int mod_pokeuser(struct ptrap *p, pid_t tid, uint64_t offset,
			uint64_t value)
{
	struct ptrap_user_args a = {
		.tid = tid,
		.offset = offset,
		.value = value,
	};

	return mod_ioctl(to_mod(p), PTRAP_IOC_POKEUSER, &a);
}

static int mod_interrupt(struct ptrap *p, pid_t tid)
{
	return mod_tracee_req(p, PTRAP_IOC_INTERRUPT, tid, 0);
}

static int mod_listen(struct ptrap *p, pid_t tid)
{
	return mod_tracee_req(p, PTRAP_IOC_LISTEN, tid, 0);
}

static int mod_set_syscall_filter(struct ptrap *p, pid_t tid,
				  const uint64_t *bitmap, size_t nbits)
{
	struct ptrap_syscall_filter_args a = {
		.tid = tid,
		.flags = bitmap || nbits ? 0 : PTRAP_SYSCALL_FILTER_NONE,
		.bitmap = (uintptr_t)bitmap,
		.len = nbits / 8,
	};

	return mod_ioctl(to_mod(p), PTRAP_IOC_SET_SYSCALL_FILTER, &a);
}

static int mod_get_syscall_filter(struct ptrap *p, pid_t tid,
				  uint64_t *bitmap, size_t *nbits)
{
	struct ptrap_syscall_filter_args a = {
		.tid = tid,
		.bitmap = (uintptr_t)bitmap,
		.len = *nbits / 8,
	};
	int ret;

	ret = mod_ioctl(to_mod(p), PTRAP_IOC_GET_SYSCALL_FILTER, &a);
	if (ret)
		return ret;
	*nbits = a.len * 8;
	return !(a.flags & PTRAP_SYSCALL_FILTER_NONE);
}

static void mod_close(struct ptrap *p)
{
	struct mod_session *s = to_mod(p);

	/* The module detaches or kills every tracee when the file closes. */
	close(s->fd);
	reap_zombies(s);
	pthread_mutex_destroy(&s->lock);
	free(s->drop.v);
	free(s->children.v);
	free(s->zombies.v);
	free(s);
}

/* PTRAP_IOC_MAP_REGS, then a shared mapping of the module's page. */
static int mod_map_regs(struct ptrap *p, pid_t tid,
			struct ptrap_regs_page **out)
{
	struct mod_session *s = to_mod(p);
	struct ptrap_map_regs_args a = { .tid = tid };
	void *pg;
	int ret;

	ret = mod_ioctl(s, PTRAP_IOC_MAP_REGS, &a);
	if (ret)
		return ret;
	pg = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
		  MAP_SHARED, s->fd, (off_t)a.offset);
	if (pg == MAP_FAILED)
		return -errno;
	*out = pg;
	return 0;
}

static void mod_unmap_regs(struct ptrap *p, struct ptrap_regs_page *pg)
{
	(void)p;
	munmap(pg, (size_t)sysconf(_SC_PAGESIZE));
}

static const struct ptrap_ops mod_ops = {
	.name		= "module",
	.close		= mod_close,
	.fd		= mod_fd,
	.wait		= mod_wait,
	.attach		= mod_attach,
	.spawn		= mod_spawn,
	.traceme	= mod_traceme,
	.detach		= mod_detach,
	.kill		= mod_kill,
	.resume		= mod_resume,
	.resume_wait	= mod_resume_wait,
	.setoptions	= mod_setoptions,
	.getregset	= mod_getregset,
	.setregset	= mod_setregset,
	.read_mem	= mod_read_mem,
	.write_mem	= mod_write_mem,
	.getsiginfo	= mod_getsiginfo,
	.setsiginfo	= mod_setsiginfo,
	.getsigmask	= mod_getsigmask,
	.setsigmask	= mod_setsigmask,
	.geteventmsg	= mod_geteventmsg,
	.get_syscall_info = mod_get_syscall_info,
	.peekuser	= mod_peekuser,
	.pokeuser	= mod_pokeuser,
	.interrupt	= mod_interrupt,
	.listen		= mod_listen,
	.set_syscall_filter = mod_set_syscall_filter,
	.get_syscall_filter = mod_get_syscall_filter,
	.map_regs	= mod_map_regs,
	.unmap_regs	= mod_unmap_regs,
};

int ptrap_module_open(struct ptrap **out, unsigned int flags)
{
	int oflags = O_RDWR | O_CLOEXEC;
	struct mod_session *s;
	int fd;

	if (flags & PTRAP_OPEN_NONBLOCK)
		oflags |= O_NONBLOCK;
	fd = open(PTRAP_DEVICE_PATH, oflags);
	if (fd < 0)
		return -errno;
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return -ENOMEM;
	}
	s->base.ops = &mod_ops;
	s->base.flags = flags;
	s->fd = fd;
	pthread_mutex_init(&s->lock, NULL);
	*out = &s->base;
	return 0;
}
