// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: system call arguments and return values.
 *
 * Arguments are formatted at syscall-enter-stop, while what they point to
 * still exists (execve replaces the address space, unlink removes the
 * path...), except those the call fills in, which are formatted at
 * syscall-exit-stop once the return value says how much is there.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <asm/unistd.h>

#include "trace.h"

#define K_AT_FDCWD	-100
#define K_O_CREAT	00000100
#define K___O_TMPFILE	020000000
#define K_MREMAP_FIXED	2
#define FUTEX_CMD_MASK	(~(128 | 256))

/* Types whose value only exists once the call has returned. */
static int exit_time(char type)
{
	return strchr("rZNYGB", type) != NULL;
}

static int is_error(int64_t ret)
{
	return ret < 0 && ret >= -4095;
}

static void sb_ptr(struct strbuf *sb, uint64_t v)
{
	if (v)
		sb_printf(sb, "%#llx", (unsigned long long)v);
	else
		sb_puts(sb, "NULL");
}

/*
 * Read a NUL-terminated string of at most @cap bytes. Returns its length
 * (*complete set if the NUL was found within @cap), or -1 if nothing at
 * @addr can be read.
 */
static ssize_t read_cstr(struct ptrap *p, pid_t tid, uint64_t addr,
			 char *buf, size_t cap, int *complete)
{
	size_t got = 0;

	*complete = 0;
	while (got < cap) {
		size_t chunk = cap - got < 256 ? cap - got : 256;
		ssize_t n = ptrap_read_mem(p, tid, addr + got, buf + got, chunk);
		char *nul;

		if (n <= 0)
			break;
		nul = memchr(buf + got, '\0', n);
		if (nul) {
			*complete = 1;
			return nul - buf;
		}
		got += n;
		if ((size_t)n < chunk)
			break;
	}
	return got ? (ssize_t)got : -1;
}

/*
 * A string shown whole (paths) when @show is 0, else its first @show
 * bytes followed by "..." if it is longer.
 */
static void sb_cstr(struct strbuf *sb, struct ptrap *p, pid_t tid,
		    uint64_t addr, size_t show)
{
	char buf[PATH_CAP];
	size_t cap = show ? show + 1 : sizeof(buf);
	int complete;
	ssize_t n;

	if (!addr) {
		sb_puts(sb, "NULL");
		return;
	}
	n = read_cstr(p, tid, addr, buf, cap, &complete);
	if (n < 0) {
		sb_ptr(sb, addr);
		return;
	}
	if (show && (size_t)n > show) {
		n = show;
		complete = 0;
	}
	sb_quote(sb, (unsigned char *)buf, n);
	if (!complete)
		sb_puts(sb, "...");
}

/* @len bytes of data: the first @show of them, "..." for the rest. */
static void sb_data(struct strbuf *sb, struct ptrap *p, pid_t tid,
		    uint64_t addr, uint64_t len, size_t show)
{
	unsigned char buf[256];
	size_t want = len < show ? len : show;
	ssize_t n;

	if (want > sizeof(buf))
		want = sizeof(buf);
	if (!want) {
		sb_puts(sb, len ? "\"\"..." : "\"\"");
		return;
	}
	n = ptrap_read_mem(p, tid, addr, buf, want);
	if (n <= 0) {
		sb_ptr(sb, addr);
		return;
	}
	sb_quote(sb, buf, n);
	if ((uint64_t)n < len)
		sb_puts(sb, "...");
}

static int read_u64(struct ptrap *p, pid_t tid, uint64_t addr, uint64_t *v)
{
	return ptrap_read_mem(p, tid, addr, v, sizeof(*v)) == sizeof(*v) ? 0 : -1;
}

/* ["ls", "-l", "/"] */
static void sb_argv(struct strbuf *sb, struct ptrap *p, pid_t tid,
		    uint64_t addr)
{
	uint64_t ptr;
	int i;

	if (!addr || read_u64(p, tid, addr, &ptr)) {
		sb_ptr(sb, addr);
		return;
	}
	sb_putc(sb, '[');
	for (i = 0; ptr; i++) {
		if (i)
			sb_puts(sb, ", ");
		if (i == ARGV_SHOW) {
			sb_puts(sb, "...");
			break;
		}
		sb_cstr(sb, p, tid, ptr, STR_SHOW);
		if (read_u64(p, tid, addr + 8 * (i + 1), &ptr)) {
			sb_puts(sb, ", ...");
			break;
		}
	}
	sb_putc(sb, ']');
}

/* 0x7ffd... /\* 23 vars *\/ */
static void sb_envp(struct strbuf *sb, struct ptrap *p, pid_t tid,
		    uint64_t addr)
{
	uint64_t ptr;
	int n = 0;

	sb_ptr(sb, addr);
	if (!addr)
		return;
	while (n < 65536 && !read_u64(p, tid, addr + 8 * n, &ptr) && ptr)
		n++;
	sb_printf(sb, " /* %d var%s */", n, n == 1 ? "" : "s");
}

static void sb_open_flags(struct strbuf *sb, uint64_t v)
{
	sb_xlat(sb, open_accmode, v & 3, "%llu");
	if (v & ~3ULL) {
		sb_putc(sb, '|');
		sb_flags(sb, open_flags, v & ~3ULL, "0");
	}
}

/* A value made of a small enumerated part and flags around it. */
static void sb_type_flags(struct strbuf *sb, const struct xlat *types,
			  const struct xlat *flags, uint64_t v, uint64_t mask)
{
	sb_xlat(sb, types, v & mask, "%#llx");
	if (v & ~mask) {
		sb_putc(sb, '|');
		sb_flags(sb, flags, v & ~mask, "0");
	}
}

static void sb_clone_flags(struct strbuf *sb, uint64_t v)
{
	int sig = v & 0xff;

	if (v & ~0xffULL)
		sb_flags(sb, clone_flags, v & ~0xffULL, "0");
	if (sig) {
		if (v & ~0xffULL)
			sb_putc(sb, '|');
		sb_signal(sb, sig);
	} else if (!(v & ~0xffULL)) {
		sb_putc(sb, '0');
	}
}

#define K_CLONE_PIDFD		0x00001000
#define K_CLONE_SETTLS		0x00080000
#define K_CLONE_PARENT_SETTID	0x00100000
#define K_CLONE_CHILD_CLEARTID	0x00200000
#define K_CLONE_CHILD_SETTID	0x01000000

/*
 * clone(2)'s arguments as strace names them (x86-64 order: flags, stack,
 * parent_tid, child_tid, tls), each pointer only where a flag uses it.
 */
static void sb_clone_args(struct strbuf *sb, const __u64 *a)
{
	uint64_t flags = a[0];

	sb_puts(sb, "child_stack=");
	sb_ptr(sb, a[1]);
	sb_puts(sb, ", flags=");
	sb_clone_flags(sb, flags);
	if (flags & (K_CLONE_PARENT_SETTID | K_CLONE_PIDFD)) {
		sb_puts(sb, ", parent_tid=");
		sb_ptr(sb, a[2]);
	}
	if (flags & (K_CLONE_CHILD_SETTID | K_CLONE_CHILD_CLEARTID)) {
		sb_puts(sb, ", child_tidptr=");
		sb_ptr(sb, a[3]);
	}
	if (flags & K_CLONE_SETTLS) {
		sb_puts(sb, ", tls=");
		sb_ptr(sb, a[4]);
	}
}

/* clone3(2)'s struct clone_args, the fields strace shows. */
static void sb_clone3_args(struct strbuf *sb, struct ptrap *p, pid_t tid,
			   uint64_t addr, uint64_t size)
{
	struct {
		uint64_t flags, pidfd, child_tid, parent_tid, exit_signal,
			 stack, stack_size, tls;
	} ca;

	if (size < sizeof(ca) ||
	    ptrap_read_mem(p, tid, addr, &ca, sizeof(ca)) != sizeof(ca)) {
		sb_ptr(sb, addr);
		return;
	}
	sb_puts(sb, "{flags=");
	sb_flags(sb, clone_flags, ca.flags, "0");
	if (ca.flags & K_CLONE_PIDFD)
		sb_printf(sb, ", pidfd=%#llx", (unsigned long long)ca.pidfd);
	if (ca.flags & (K_CLONE_CHILD_SETTID | K_CLONE_CHILD_CLEARTID))
		sb_printf(sb, ", child_tid=%#llx",
			  (unsigned long long)ca.child_tid);
	if (ca.flags & K_CLONE_PARENT_SETTID)
		sb_printf(sb, ", parent_tid=%#llx",
			  (unsigned long long)ca.parent_tid);
	sb_puts(sb, ", exit_signal=");
	if (ca.exit_signal)
		sb_signal(sb, (int)ca.exit_signal);
	else
		sb_putc(sb, '0');
	sb_puts(sb, ", stack=");
	sb_ptr(sb, ca.stack);
	sb_printf(sb, ", stack_size=%#llx", (unsigned long long)ca.stack_size);
	if (ca.flags & K_CLONE_SETTLS)
		sb_printf(sb, ", tls=%#llx", (unsigned long long)ca.tls);
	sb_putc(sb, '}');
}

static void sb_futex_op(struct strbuf *sb, uint64_t v)
{
	const char *name = xlat_name(futex_ops, v & FUTEX_CMD_MASK & 0xffffffff);

	if (!name) {
		sb_printf(sb, "%#llx", (unsigned long long)v);
		return;
	}
	sb_puts(sb, name);
	if (v & 128)
		sb_puts(sb, "_PRIVATE");
	if (v & 256)
		sb_puts(sb, "|FUTEX_CLOCK_REALTIME");
}

/* [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] */
static void sb_wstatus(struct strbuf *sb, int s)
{
	sb_puts(sb, "[{");
	if (WIFEXITED(s)) {
		sb_printf(sb, "WIFEXITED(s) && WEXITSTATUS(s) == %d",
			  WEXITSTATUS(s));
	} else if (WIFSIGNALED(s)) {
		sb_puts(sb, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		sb_signal(sb, WTERMSIG(s));
		if (WCOREDUMP(s))
			sb_puts(sb, " && WCOREDUMP(s)");
	} else if (WIFSTOPPED(s)) {
		sb_puts(sb, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		sb_signal(sb, WSTOPSIG(s));
	} else if (WIFCONTINUED(s)) {
		sb_puts(sb, "WIFCONTINUED(s)");
	} else {
		sb_printf(sb, "%#x", s);
	}
	sb_puts(sb, "}]");
}

/* {st_mode=S_IFREG|0644, st_size=1234, ...} */
static void sb_stat(struct strbuf *sb, struct ptrap *p, pid_t tid,
		    uint64_t addr)
{
	static const struct xlat types[] = {
		{ S_IFREG, "S_IFREG" },	{ S_IFDIR, "S_IFDIR" },
		{ S_IFCHR, "S_IFCHR" },	{ S_IFBLK, "S_IFBLK" },
		{ S_IFIFO, "S_IFIFO" },	{ S_IFLNK, "S_IFLNK" },
		{ S_IFSOCK, "S_IFSOCK" },
		XLAT_END
	};
	struct stat st;	/* the kernel's struct stat on x86-64 */

	if (ptrap_read_mem(p, tid, addr, &st, sizeof(st)) != sizeof(st)) {
		sb_ptr(sb, addr);
		return;
	}
	sb_puts(sb, "{st_mode=");
	sb_xlat(sb, types, st.st_mode & S_IFMT, "%#llo");
	sb_printf(sb, "|%#04o", st.st_mode & 07777);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		sb_printf(sb, ", st_rdev=makedev(%#x, %#x)",
			  major(st.st_rdev), minor(st.st_rdev));
	else
		sb_printf(sb, ", st_size=%lld", (long long)st.st_size);
	sb_puts(sb, ", ...}");
}

static void sb_sigset_at(struct strbuf *sb, struct ptrap *p, pid_t tid,
			 uint64_t addr)
{
	uint8_t set[8];

	if (!addr) {
		sb_puts(sb, "NULL");
		return;
	}
	if (ptrap_read_mem(p, tid, addr, set, sizeof(set)) != sizeof(set)) {
		sb_ptr(sb, addr);
		return;
	}
	sb_sigset(sb, set, sizeof(set));
}

static void format_arg(struct strbuf *sb, struct ptrap *p, pid_t tid,
		       const struct call *c, int i, int returned,
		       int64_t ret)
{
	uint64_t v = c->args[i];
	int failed = !returned || is_error(ret);

	switch (c->types[i]) {
	case 'i':
	case 'f':
		sb_printf(sb, "%d", (int)v);
		break;
	case 'l':
		sb_printf(sb, "%lld", (long long)v);
		break;
	case 'u':
		sb_printf(sb, "%llu", (unsigned long long)v);
		break;
	case 'p':
		sb_ptr(sb, v);
		break;
	case 'D':
		if ((int)v == K_AT_FDCWD)
			sb_puts(sb, "AT_FDCWD");
		else
			sb_printf(sb, "%d", (int)v);
		break;
	case 'S':
		if ((int)v)
			sb_signal(sb, (int)v);
		else
			sb_putc(sb, '0');
		break;
	case 's':
		sb_cstr(sb, p, tid, v, 0);
		break;
	case 'w':
		if (!v)
			sb_puts(sb, "NULL");
		else
			sb_data(sb, p, tid, v, i < 5 ? c->args[i + 1] : 0,
				STR_SHOW);
		break;
	case 'r':
		if (failed || !v)
			sb_ptr(sb, v);
		else
			sb_data(sb, p, tid, v, ret, STR_SHOW);
		break;
	case 'Z':
		if (failed || !v || ret <= 0) {
			sb_ptr(sb, v);
		} else {
			char buf[PATH_CAP];
			size_t n = ret < PATH_CAP ? ret : PATH_CAP;
			ssize_t got = ptrap_read_mem(p, tid, v, buf, n);
			char *nul;

			if (got <= 0) {
				sb_ptr(sb, v);
				break;
			}
			nul = memchr(buf, '\0', got);
			sb_quote(sb, (unsigned char *)buf,
				 nul ? (size_t)(nul - buf) : (size_t)got);
		}
		break;
	case 'A':
		sb_argv(sb, p, tid, v);
		break;
	case 'E':
		sb_envp(sb, p, tid, v);
		break;
	case 'N': {
		int fds[2];

		if (failed || !v ||
		    ptrap_read_mem(p, tid, v, fds, sizeof(fds)) != sizeof(fds))
			sb_ptr(sb, v);
		else
			sb_printf(sb, "[%d, %d]", fds[0], fds[1]);
		break;
	}
	case 'Y': {
		int s;

		if (failed || ret == 0 || !v ||
		    ptrap_read_mem(p, tid, v, &s, sizeof(s)) != sizeof(s))
			sb_ptr(sb, v);
		else
			sb_wstatus(sb, s);
		break;
	}
	case 'B':
		if (failed || !v)
			sb_ptr(sb, v);
		else
			sb_stat(sb, p, tid, v);
		break;
	case 'g':
		sb_sigset_at(sb, p, tid, v);
		break;
	case 'G':
		if (failed)
			sb_ptr(sb, v);
		else
			sb_sigset_at(sb, p, tid, v);
		break;
	case 'o':
		sb_open_flags(sb, v);
		break;
	case 'k':
		sb_flags(sb, open_flags, v, "0");
		break;
	case 'b':
		sb_flags(sb, fd_flags, v, "0");
		break;
	case 'm':
		sb_printf(sb, "%#03llo", (unsigned long long)v);
		break;
	case 'P':
		sb_flags(sb, mmap_prot, v, "PROT_NONE");
		break;
	case 'M':
		sb_type_flags(sb, mmap_type, mmap_flags, v, 0xf);
		break;
	case 'R':
		sb_flags(sb, mremap_flags, v, "0");
		break;
	case 'a':
		sb_flags(sb, access_modes, v, "F_OK");
		break;
	case 't':
		sb_flags(sb, at_flags, v, "0");
		break;
	case 'W':
		sb_xlat(sb, whence_names, v, "%llu");
		break;
	case 'K':
		sb_xlat(sb, fcntl_cmds, v, "%llu");
		break;
	case 'I':
		sb_xlat(sb, ioctl_cmds, v & 0xffffffff, "%#llx");
		break;
	case 'h':
		sb_xlat(sb, sigprocmask_hows, v, "%llu");
		break;
	case 'C':
		sb_clone_flags(sb, v);
		break;
	case 'X':
		sb_clone_args(sb, c->args);
		break;
	case 'Q':
		sb_clone3_args(sb, p, tid, v, i < 5 ? c->args[i + 1] : 0);
		break;
	case 'c':
		sb_xlat(sb, socket_families, v, "%llu");
		break;
	case 'T':
		sb_type_flags(sb, socket_types, socket_type_flags, v, 0xf);
		break;
	case 'F':
		sb_futex_op(sb, v);
		break;
	case 'v':
		sb_xlat(sb, madvise_advice, v, "%llu");
		break;
	case 'L':
		sb_xlat(sb, rlimit_resources, v, "%llu");
		break;
	case 'q':
		sb_xlat(sb, arch_prctl_codes, v, "%#llx");
		break;
	case 'y':
		sb_flags(sb, wait_options, v, "0");
		break;
	case 'j':
		if (xlat_name(clock_ids, v))
			sb_xlat(sb, clock_ids, v, "%llu");
		else
			sb_printf(sb, "%d", (int)v);
		break;
	case 'O':
		sb_xlat(sb, prctl_options, v, "%llu");
		break;
	case 'e':
		sb_xlat(sb, epoll_ctl_ops, v, "%llu");
		break;
	case 'n':
		sb_flags(sb, getrandom_flags, v, "0");
		break;
	default:
		sb_printf(sb, "%#llx", (unsigned long long)v);
		break;
	}
}

/* Calls whose shown arguments depend on the arguments themselves. */
static void adjust_types(struct call *c)
{
	char *t = c->types;
	const __u64 *a = c->args;

	switch (c->nr) {
	case __NR_open:
		if (!(a[1] & (K_O_CREAT | K___O_TMPFILE)))
			t[2] = '\0';
		break;
	case __NR_openat:
		if (!(a[2] & (K_O_CREAT | K___O_TMPFILE)))
			t[3] = '\0';
		break;
	case __NR_mremap:
		if (!(a[3] & K_MREMAP_FIXED))
			t[4] = '\0';
		break;
	case __NR_fcntl:
		switch (a[1]) {
		case 1: case 3: case 9: case 11:	/* F_GET{FD,FL,OWN,SIG} */
		case 1025: case 1032: case 1034:	/* F_GET{LEASE,PIPE_SZ,_SEALS} */
			t[2] = '\0';
			break;
		case 2:					/* F_SETFD */
			t[2] = 'b';
			break;
		case 4:					/* F_SETFL */
			t[2] = 'o';
			break;
		case 0: case 1030:			/* F_DUPFD{,_CLOEXEC} */
		case 8: case 1024: case 1031:		/* F_SETOWN, F_SETLEASE, F_SETPIPE_SZ */
			t[2] = 'i';
			break;
		case 10:				/* F_SETSIG */
			t[2] = 'S';
			break;
		case 5: case 6: case 7: case 15: case 16:
		case 36: case 37: case 38:		/* locks, F_[GS]ETOWN_EX */
			t[2] = 'p';
			break;
		}
		break;
	case __NR_futex:
		switch (a[1] & FUTEX_CMD_MASK) {
		case 0: case 6: case 13:		/* WAIT, LOCK_PI{,2} */
			strcpy(t, "pFip");
			break;
		case 1: case 2:				/* WAKE, FD */
			strcpy(t, "pFi");
			break;
		case 7: case 8:				/* UNLOCK_PI, TRYLOCK_PI */
			strcpy(t, "pF");
			break;
		case 3:					/* REQUEUE */
			strcpy(t, "pFiup");
			break;
		case 4: case 12:			/* CMP_REQUEUE{,_PI} */
			strcpy(t, "pFiupi");
			break;
		case 5:					/* WAKE_OP */
			strcpy(t, "pFiupx");
			break;
		case 9: case 10:			/* {WAIT,WAKE}_BITSET */
			strcpy(t, "pFippx");
			break;
		case 11:				/* WAIT_REQUEUE_PI */
			strcpy(t, "pFipp");
			break;
		}
		break;
	}
}

void call_enter(struct ptrap *p, pid_t tid, struct call *c, long nr,
		const __u64 args[6])
{
	const struct sysarg *sa = sysarg_get(nr);
	struct strbuf sb;
	int i;

	call_free(c);
	c->nr = nr;
	c->nhead = 0;
	memcpy(c->args, args, sizeof(c->args));
	if (sa) {
		snprintf(c->types, sizeof(c->types), "%s", sa->args);
		c->ret = sa->ret;
		adjust_types(c);
	} else {
		strcpy(c->types, "xxxxxx");
		c->ret = 'd';
	}

	sb_init(&sb);
	for (i = 0; c->types[i]; i++) {
		if (exit_time(c->types[i]))
			continue;
		format_arg(&sb, p, tid, c, i, 0, 0);
		c->shown[i] = sb_steal(&sb);
	}
	sb_free(&sb);
}

static void format_ret(struct strbuf *out, const struct call *c,
		       int returned, int64_t ret)
{
	if (!returned) {
		sb_puts(out, " = ?");
		return;
	}
	if (is_error(ret)) {
		long err = -ret;
		const char *name = errno_name(err);

		if (!name)
			sb_printf(out, " = -1 (errno %ld)", err);
		else if (err >= 512)	/* restarted: the caller never sees it */
			sb_printf(out, " = ? %s (%s)", name, errno_text(err));
		else
			sb_printf(out, " = -1 %s (%s)", name, errno_text(err));
		return;
	}
	switch (c->ret) {
	case 'x':
		sb_printf(out, " = %#llx", (unsigned long long)ret);
		break;
	case 'o':
		sb_printf(out, " = %#03llo", (unsigned long long)ret);
		break;
	default:
		sb_printf(out, " = %lld", (long long)ret);
		break;
	}
}

const char *call_name(const struct call *c)
{
	static char buf[32];
	const char *name = syscall_name(c->nr);

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "syscall_%#lx", (unsigned long)c->nr);
	return buf;
}

void call_head(struct call *c, struct strbuf *out)
{
	int i;

	sb_puts(out, call_name(c));
	sb_putc(out, '(');
	for (i = 0; c->types[i] && c->shown[i]; i++) {
		if (i)
			sb_puts(out, ", ");
		sb_puts(out, c->shown[i]);
	}
	/* strace leaves the separator before the first unknown argument. */
	if (i && c->types[i])
		sb_puts(out, ", ");
	c->nhead = i;
}

void call_tail(struct ptrap *p, pid_t tid, struct call *c, int returned,
	       int64_t retval, struct strbuf *out)
{
	int i;

	for (i = c->nhead; c->types[i]; i++) {
		if (i > c->nhead)
			sb_puts(out, ", ");
		if (c->shown[i])
			sb_puts(out, c->shown[i]);
		else if (returned)
			format_arg(out, p, tid, c, i, returned, retval);
		else
			sb_ptr(out, c->args[i]);
	}
	sb_putc(out, ')');
	format_ret(out, c, returned, retval);
}

void call_free(struct call *c)
{
	int i;

	for (i = 0; i < 6; i++) {
		free(c->shown[i]);
		c->shown[i] = NULL;
	}
}
