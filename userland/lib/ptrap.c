// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libptrap: the public API. Chooses a backend at ptrap_open() and forwards
 * every call to it through its struct ptrap_ops.
 */
#include <elf.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

extern char **environ;

/*
 * The API promises to leave errno alone: evaluate @expr (a backend call)
 * and put errno back.
 */
#define KEEP_ERRNO(expr)					\
	({							\
		int __saved = errno;				\
		__typeof__(expr) __ret = (expr);		\
		errno = __saved;				\
		__ret;						\
	})

#define PTRAP_OPEN_ALL \
	(PTRAP_OPEN_MODULE | PTRAP_OPEN_STUBPOOL | PTRAP_OPEN_NONBLOCK)

/*
 * PTRAP_BACKEND=module|stub-pool forces a backend; "auto" or empty lets
 * ptrap_open() choose. Return the PTRAP_OPEN_* backend bit, 0, or -EINVAL
 * for a value we do not know.
 */
static int backend_from_env(void)
{
	const char *v = getenv("PTRAP_BACKEND");

	if (!v || !*v || !strcmp(v, "auto"))
		return 0;
	if (!strcmp(v, "module"))
		return PTRAP_OPEN_MODULE;
	if (!strcmp(v, "stub-pool") || !strcmp(v, "stubpool") ||
	    !strcmp(v, "stub") || !strcmp(v, "ptrace"))
		return PTRAP_OPEN_STUBPOOL;
	return -EINVAL;
}

/* Open a session with the backend @backend (0: the module, else the pool). */
static int open_backend(struct ptrap **out, unsigned int flags,
			unsigned int backend)
{
	int ret;

	switch (backend) {
	case PTRAP_OPEN_MODULE:
		ret = ptrap_module_open(out, flags);
		break;
	case PTRAP_OPEN_STUBPOOL:
		ret = ptrap_stub_open(out, flags);
		break;
	default:
		ret = ptrap_module_open(out, flags);
		if (ret)
			ret = ptrap_stub_open(out, flags);
		break;
	}
	if (!ret)
		regs_init(*out);
	return ret;
}

PTRAP_EXPORT int ptrap_open(struct ptrap **out, unsigned int flags)
{
	unsigned int backend = flags & (PTRAP_OPEN_MODULE | PTRAP_OPEN_STUBPOOL);
	int ret;

	if (!out)
		return -EFAULT;
	*out = NULL;
	if (flags & ~PTRAP_OPEN_ALL)
		return -EINVAL;
	if (backend == (PTRAP_OPEN_MODULE | PTRAP_OPEN_STUBPOOL))
		return -EINVAL;
	if (!backend) {
		ret = backend_from_env();
		if (ret < 0)
			return ret;
		backend = ret;
	}

	return KEEP_ERRNO(open_backend(out, flags, backend));
}

PTRAP_EXPORT void ptrap_close(struct ptrap *p)
{
	int saved = errno;

	if (p) {
		regs_close(p);
		p->ops->close(p);
	}
	errno = saved;
}

PTRAP_EXPORT const char *ptrap_backend_name(const struct ptrap *p)
{
	return p ? p->ops->name : NULL;
}

PTRAP_EXPORT int ptrap_fd(const struct ptrap *p)
{
	return p ? p->ops->fd(p) : -EINVAL;
}

/* The backend's wait, then an emulated register page of the stop. */
static int wait_record(struct ptrap *p, struct ptrap_stop *out, int nonblock)
{
	int ret = p->ops->wait(p, out, nonblock);

	if (!ret)
		regs_emu_record(p, out);
	return ret;
}

PTRAP_EXPORT int ptrap_wait(struct ptrap *p, struct ptrap_stop *out,
			    int nonblock)
{
	if (!p)
		return -EINVAL;
	if (!out)
		return -EFAULT;
	return KEEP_ERRNO(wait_record(p, out, nonblock));
}

/*
 * Options no backend takes: TRACESECCOMP (the module gets no seccomp
 * events, so the stub pool refuses it as well) and bits ptrace(2) does not
 * know. What else the module does not take yet, it refuses itself.
 */
static int options_ok(uint64_t options)
{
	return !(options & ~PTRAP_O_LIB_SUPPORTED);
}

PTRAP_EXPORT int ptrap_attach(struct ptrap *p, pid_t tid, uint64_t options)
{
	if (!p || !options_ok(options))
		return -EINVAL;
	return KEEP_ERRNO(p->ops->attach(p, tid, options, 0));
}

PTRAP_EXPORT int ptrap_seize(struct ptrap *p, pid_t tid, uint64_t options)
{
	if (!p || !options_ok(options))
		return -EINVAL;
	return KEEP_ERRNO(p->ops->attach(p, tid, options, 1));
}

PTRAP_EXPORT int ptrap_spawn(struct ptrap *p, const char *path,
			     char *const argv[], char *const envp[],
			     uint64_t options, pid_t *tid_out)
{
	struct ptrap_spawn_args a;

	if (!p)
		return -EINVAL;
	if (!path || !argv)
		return -EFAULT;
	if (!options_ok(options))
		return -EINVAL;
	a.path = path;
	a.argv = argv;
	a.envp = envp ? envp : environ;
	a.options = options;
	pthread_sigmask(SIG_BLOCK, NULL, &a.mask);
	return KEEP_ERRNO(p->ops->spawn(p, &a, tid_out));
}

PTRAP_EXPORT int ptrap_traceme(struct ptrap *p, uint64_t options)
{
	return p ? KEEP_ERRNO(p->ops->traceme(p, options)) : -EINVAL;
}

/*
 * The requests that release a stop load an emulated dirty register page
 * first (refused: the stop stays), as the module does.
 */
static int detach_(struct ptrap *p, pid_t tid, int sig)
{
	int ret = regs_emu_load(p, tid);

	if (!ret)
		ret = p->ops->detach(p, tid, sig);
	if (!ret)
		regs_emu_stop_ended(p, tid, 1);
	return ret;
}

PTRAP_EXPORT int ptrap_detach(struct ptrap *p, pid_t tid, int sig)
{
	return p ? KEEP_ERRNO(detach_(p, tid, sig)) : -EINVAL;
}

PTRAP_EXPORT int ptrap_kill(struct ptrap *p, pid_t tid)
{
	return p ? KEEP_ERRNO(p->ops->kill(p, tid)) : -EINVAL;
}

static int resume_(struct ptrap *p, pid_t tid, unsigned int mode, int sig)
{
	int ret = regs_emu_load(p, tid);

	if (!ret)
		ret = p->ops->resume(p, tid, mode, sig);
	if (!ret)
		regs_emu_stop_ended(p, tid, 0);
	return ret;
}

static int resume_wait_(struct ptrap *p, pid_t tid, unsigned int mode,
			int sig, unsigned int flags, struct ptrap_stop *out)
{
	int ret = regs_emu_load(p, tid);

	if (ret)
		return ret;
	/* Before: the record that ends the wait may be of a new stop. */
	regs_emu_stop_ended(p, tid, 0);
	ret = p->ops->resume_wait(p, tid, mode, sig, flags, out);
	if (!ret)
		regs_emu_record(p, out);
	else if (ret == -EIO || ret == -EINVAL)
		regs_emu_stop_back(p, tid);	/* refused: not resumed */
	return ret;
}

PTRAP_EXPORT int ptrap_resume(struct ptrap *p, pid_t tid, unsigned int mode,
			      int sig)
{
	if (!p)
		return -EINVAL;
	switch (mode) {
	case PTRAP_RESUME_CONT:
	case PTRAP_RESUME_SYSCALL:
	case PTRAP_RESUME_SYSEMU:
	case PTRAP_RESUME_SINGLESTEP:
	case PTRAP_RESUME_SYSEMU_SINGLESTEP:
		break;
	default:
		return -EINVAL;
	}
	return KEEP_ERRNO(resume_(p, tid, mode, sig));
}

PTRAP_EXPORT int ptrap_resume_wait(struct ptrap *p, pid_t tid,
				   unsigned int mode, int sig,
				   unsigned int flags, struct ptrap_stop *out)
{
	if (!p)
		return -EINVAL;
	if (!out)
		return -EFAULT;
	if (mode > PTRAP_RESUME_SYSEMU_SINGLESTEP ||
	    (flags & ~PTRAP_RESUME_WAIT_FLAGS))
		return -EINVAL;
	return KEEP_ERRNO(resume_wait_(p, tid, mode, sig, flags, out));
}

PTRAP_EXPORT int ptrap_setoptions(struct ptrap *p, pid_t tid,
				  uint64_t options)
{
	if (!p || !options_ok(options))
		return -EINVAL;
	return KEEP_ERRNO(p->ops->setoptions(p, tid, options));
}

/*
 * The general registers and an emulated register page are one view: a
 * dirty page is loaded before they are read or written, and shows what a
 * write set.
 */
static int getregset_(struct ptrap *p, pid_t tid, unsigned int note_type,
		      void *buf, size_t *len)
{
	int ret = note_type == NT_PRSTATUS ? regs_emu_load(p, tid) : 0;

	if (!ret)
		ret = p->ops->getregset(p, tid, note_type, buf, len);
	return ret;
}

static int setregset_(struct ptrap *p, pid_t tid, unsigned int note_type,
		      const void *buf, size_t *len)
{
	int ret = note_type == NT_PRSTATUS ? regs_emu_load(p, tid) : 0;

	if (!ret)
		ret = p->ops->setregset(p, tid, note_type, buf, len);
	if (!ret && note_type == NT_PRSTATUS)
		regs_emu_refresh(p, tid);
	return ret;
}

PTRAP_EXPORT int ptrap_getregset(struct ptrap *p, pid_t tid,
				 unsigned int note_type, void *buf,
				 size_t *len)
{
	if (!p)
		return -EINVAL;
	if (!len)
		return -EFAULT;
	return KEEP_ERRNO(getregset_(p, tid, note_type, buf, len));
}

PTRAP_EXPORT int ptrap_setregset(struct ptrap *p, pid_t tid,
				 unsigned int note_type, const void *buf,
				 size_t *len)
{
	if (!p)
		return -EINVAL;
	if (!len)
		return -EFAULT;
	return KEEP_ERRNO(setregset_(p, tid, note_type, buf, len));
}

/* GETREGS/SETREGS are the NT_PRSTATUS register set, whole. */
PTRAP_EXPORT int ptrap_getregs(struct ptrap *p, pid_t tid,
			       struct user_regs_struct *regs)
{
	size_t len = sizeof(*regs);
	int ret;

	if (!p)
		return -EINVAL;
	if (!regs)
		return -EFAULT;
	ret = KEEP_ERRNO(getregset_(p, tid, NT_PRSTATUS, regs, &len));
	if (!ret && len != sizeof(*regs))
		ret = -EIO;
	return ret;
}

PTRAP_EXPORT int ptrap_setregs(struct ptrap *p, pid_t tid,
			       const struct user_regs_struct *regs)
{
	size_t len = sizeof(*regs);
	int ret;

	if (!p)
		return -EINVAL;
	if (!regs)
		return -EFAULT;
	ret = KEEP_ERRNO(setregset_(p, tid, NT_PRSTATUS, regs, &len));
	if (!ret && len != sizeof(*regs))
		ret = -EIO;
	return ret;
}

PTRAP_EXPORT ssize_t ptrap_read_mem(struct ptrap *p, pid_t tid, uint64_t addr,
				    void *buf, size_t len)
{
	if (!p)
		return -EINVAL;
	return KEEP_ERRNO(p->ops->read_mem(p, tid, addr, buf, len));
}

PTRAP_EXPORT ssize_t ptrap_write_mem(struct ptrap *p, pid_t tid,
				     uint64_t addr, const void *buf,
				     size_t len)
{
	if (!p)
		return -EINVAL;
	return KEEP_ERRNO(p->ops->write_mem(p, tid, addr, buf, len));
}

PTRAP_EXPORT int ptrap_getsiginfo(struct ptrap *p, pid_t tid,
				  siginfo_t *info)
{
	if (!p)
		return -EINVAL;
	if (!info)
		return -EFAULT;
	return KEEP_ERRNO(p->ops->getsiginfo(p, tid, info));
}

PTRAP_EXPORT int ptrap_setsiginfo(struct ptrap *p, pid_t tid,
				  const siginfo_t *info)
{
	if (!p)
		return -EINVAL;
	if (!info)
		return -EFAULT;
	return KEEP_ERRNO(p->ops->setsiginfo(p, tid, info));
}

PTRAP_EXPORT int ptrap_getsigmask(struct ptrap *p, pid_t tid, uint64_t *mask,
				  size_t size)
{
	if (!p)
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	return KEEP_ERRNO(p->ops->getsigmask(p, tid, mask, size));
}

PTRAP_EXPORT int ptrap_setsigmask(struct ptrap *p, pid_t tid,
				  const uint64_t *mask, size_t size)
{
	if (!p)
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	return KEEP_ERRNO(p->ops->setsigmask(p, tid, mask, size));
}

PTRAP_EXPORT int ptrap_geteventmsg(struct ptrap *p, pid_t tid, uint64_t *msg)
{
	if (!p)
		return -EINVAL;
	if (!msg)
		return -EFAULT;
	return KEEP_ERRNO(p->ops->geteventmsg(p, tid, msg));
}

PTRAP_EXPORT int ptrap_get_syscall_info(struct ptrap *p, pid_t tid,
					struct ptrace_syscall_info *info,
					size_t *size)
{
	if (!p)
		return -EINVAL;
	if (!size || (!info && *size))
		return -EFAULT;
	return KEEP_ERRNO(p->ops->get_syscall_info(p, tid, info, size));
}

static int peekuser_(struct ptrap *p, pid_t tid, uint64_t offset,
		     uint64_t *value)
{
	int ret = 0;

	if (offset < sizeof(struct user_regs_struct))
		ret = regs_emu_load(p, tid);
	if (!ret)
		ret = p->ops->peekuser(p, tid, offset, value);
	return ret;
}

static int pokeuser_(struct ptrap *p, pid_t tid, uint64_t offset,
		     uint64_t value)
{
	int regs = offset < sizeof(struct user_regs_struct);
	int ret = regs ? regs_emu_load(p, tid) : 0;

	if (!ret)
		ret = p->ops->pokeuser(p, tid, offset, value);
	if (!ret && regs)
		regs_emu_refresh(p, tid);
	return ret;
}

PTRAP_EXPORT int ptrap_peekuser(struct ptrap *p, pid_t tid, uint64_t offset,
				uint64_t *value)
{
	if (!p)
		return -EINVAL;
	if (!value)
		return -EFAULT;
	return KEEP_ERRNO(peekuser_(p, tid, offset, value));
}

PTRAP_EXPORT int ptrap_pokeuser(struct ptrap *p, pid_t tid, uint64_t offset,
				uint64_t value)
{
	if (!p)
		return -EINVAL;
	return KEEP_ERRNO(pokeuser_(p, tid, offset, value));
}

PTRAP_EXPORT int ptrap_interrupt(struct ptrap *p, pid_t tid)
{
	return p ? KEEP_ERRNO(p->ops->interrupt(p, tid)) : -EINVAL;
}

static int listen_(struct ptrap *p, pid_t tid)
{
	int ret = regs_emu_load(p, tid);

	if (!ret)
		ret = p->ops->listen(p, tid);
	if (!ret)
		regs_emu_stop_ended(p, tid, 0);
	return ret;
}

PTRAP_EXPORT int ptrap_listen(struct ptrap *p, pid_t tid)
{
	return p ? KEEP_ERRNO(listen_(p, tid)) : -EINVAL;
}

PTRAP_EXPORT int ptrap_map_regs(struct ptrap *p, pid_t tid,
				struct ptrap_regs_page **page)
{
	if (!p)
		return -EINVAL;
	if (!page)
		return -EFAULT;
	return KEEP_ERRNO(regs_map(p, tid, page));
}

PTRAP_EXPORT int ptrap_unmap_regs(struct ptrap *p,
				  struct ptrap_regs_page *page)
{
	if (!p || !page)
		return -EINVAL;
	return KEEP_ERRNO(regs_unmap(p, page));
}

static int filter_nbits_ok(size_t nbits)
{
	return nbits % 64 == 0 && nbits <= PTRAP_SYSCALL_FILTER_MAX_BITS;
}

PTRAP_EXPORT int ptrap_set_syscall_filter(struct ptrap *p, pid_t tid,
					  const uint64_t *bitmap,
					  size_t nbits)
{
	if (!p || !filter_nbits_ok(nbits))
		return -EINVAL;
	return KEEP_ERRNO(p->ops->set_syscall_filter(p, tid, bitmap, nbits));
}

PTRAP_EXPORT int ptrap_get_syscall_filter(struct ptrap *p, pid_t tid,
					  uint64_t *bitmap, size_t *nbits)
{
	if (!p || !nbits || !filter_nbits_ok(*nbits))
		return -EINVAL;
	return KEEP_ERRNO(p->ops->get_syscall_filter(p, tid, bitmap, nbits));
}
