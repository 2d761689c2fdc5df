// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: names of system calls, errnos, signals and flags.
 *
 * The flag values are the kernel's (x86-64), spelled out rather than taken
 * from libc's headers: glibc defines some of them differently for user
 * space (O_LARGEFILE is 0 on 64-bit) and lacks others.
 */
#include <signal.h>
#include <string.h>

#include "trace.h"

/* Generated from <asm/unistd_64.h> and <asm-generic/errno*.h>. */
#include "syscallent.h"
#include "errnoent.h"

const char *syscall_name(long nr)
{
	if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(syscallent))
		return NULL;
	return syscallent[nr];
}

long syscall_number(const char *name)
{
	size_t nr;

	for (nr = 0; nr < ARRAY_SIZE(syscallent); nr++)
		if (syscallent[nr] && !strcmp(syscallent[nr], name))
			return nr;
	return -1;
}

/*
 * Errnos the kernel uses internally; a tracer sees them at syscall exit
 * when a signal interrupts a call that will be restarted.
 */
static const struct {
	const char *name;
	const char *text;
} kernel_errnos[] = {
	[512 - 512] = { "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	[513 - 512] = { "ERESTARTNOINTR", "To be restarted" },
	[514 - 512] = { "ERESTARTNOHAND", "To be restarted if no handler" },
	[515 - 512] = { "ENOIOCTLCMD", "No ioctl command" },
	[516 - 512] = { "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	[517 - 512] = { "EPROBE_DEFER", "Requested probe deferral" },
	[518 - 512] = { "EOPENSTALE", "Open found a stale dentry" },
	[519 - 512] = { "ENOPARAM", "Parameter not supported" },
	[521 - 512] = { "EBADHANDLE", "Illegal NFS file handle" },
	[522 - 512] = { "ENOTSYNC", "Update synchronization mismatch" },
	[523 - 512] = { "EBADCOOKIE", "Cookie is stale" },
	[524 - 512] = { "ENOTSUPP", "Operation is not supported" },
	[525 - 512] = { "ETOOSMALL", "Buffer or request is too small" },
	[526 - 512] = { "ESERVERFAULT", "An untranslatable error occurred" },
	[527 - 512] = { "EBADTYPE", "Type not supported by server" },
	[528 - 512] = { "EJUKEBOX", "Request initiated, but will not complete before timeout" },
	[529 - 512] = { "EIOCBQUEUED", "iocb queued, will get completion event" },
	[530 - 512] = { "ERECALLCONFLICT", "Conflict with recalled state" },
};

const char *errno_name(long err)
{
	if (err > 0 && (unsigned long)err < ARRAY_SIZE(errnoent))
		return errnoent[err];
	if (err >= 512 && (unsigned long)(err - 512) < ARRAY_SIZE(kernel_errnos))
		return kernel_errnos[err - 512].name;
	return NULL;
}

const char *errno_text(long err)
{
	if (err >= 512 && (unsigned long)(err - 512) < ARRAY_SIZE(kernel_errnos) &&
	    kernel_errnos[err - 512].text)
		return kernel_errnos[err - 512].text;
	return strerror((int)err);
}

/* ---- signals ---- */

static const char *const signames[] = {
	[SIGHUP] = "SIGHUP",	[SIGINT] = "SIGINT",	[SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL",	[SIGTRAP] = "SIGTRAP",	[SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",	[SIGFPE] = "SIGFPE",	[SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1",	[SIGSEGV] = "SIGSEGV",	[SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE",	[SIGALRM] = "SIGALRM",	[SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP",	[SIGTSTP] = "SIGTSTP",	[SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU",	[SIGURG] = "SIGURG",	[SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ",	[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO",	[SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

#define KERNEL_SIGRTMIN	32
#define KERNEL_NSIG	64

const char *signal_name(int sig)
{
	static char buf[32];

	if (sig > 0 && (size_t)sig < ARRAY_SIZE(signames) && signames[sig])
		return signames[sig];
	if (sig == KERNEL_SIGRTMIN)
		return "SIGRTMIN";
	if (sig > KERNEL_SIGRTMIN && sig <= KERNEL_NSIG) {
		snprintf(buf, sizeof(buf), "SIGRT_%d", sig - KERNEL_SIGRTMIN);
		return buf;
	}
	return NULL;
}

void sb_signal(struct strbuf *sb, int sig)
{
	const char *name = signal_name(sig);

	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%d", sig);
}

/*
 * A kernel sigset as strace shows it: [INT TERM], or ~[...] when most
 * signals are in it.
 */
void sb_sigset(struct strbuf *sb, const uint8_t *set, size_t len)
{
	int sig, nset = 0, invert, first = 1;
	int nsig = len * 8 < KERNEL_NSIG ? (int)len * 8 : KERNEL_NSIG;

	for (sig = 1; sig <= nsig; sig++)
		if (set[(sig - 1) / 8] & (1 << ((sig - 1) % 8)))
			nset++;
	invert = nset > nsig / 2;
	if (invert)
		sb_putc(sb, '~');
	sb_putc(sb, '[');
	for (sig = 1; sig <= nsig; sig++) {
		int in = !!(set[(sig - 1) / 8] & (1 << ((sig - 1) % 8)));
		const char *name;

		if (in == invert)
			continue;
		if (!first)
			sb_putc(sb, ' ');
		first = 0;
		name = signal_name(sig);
		if (name)
			sb_puts(sb, name + 3);
		else
			sb_printf(sb, "%d", sig);
	}
	sb_putc(sb, ']');
}

/* ---- siginfo ---- */

static const struct xlat si_codes[] = {
	{ SI_USER, "SI_USER" },		{ SI_KERNEL, "SI_KERNEL" },
	{ SI_QUEUE, "SI_QUEUE" },	{ SI_TIMER, "SI_TIMER" },
	{ SI_MESGQ, "SI_MESGQ" },	{ SI_ASYNCIO, "SI_ASYNCIO" },
	{ SI_SIGIO, "SI_SIGIO" },	{ SI_TKILL, "SI_TKILL" },
	{ (uint64_t)-7, "SI_DETHREAD" },
	{ (uint64_t)-60, "SI_ASYNCNL" },
	XLAT_END
};

static const char *const ill_codes[] = {
	NULL, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP",
	"ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK", "ILL_BADIADDR",
};
static const char *const fpe_codes[] = {
	NULL, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF",
	"FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB",
	"__FPE_DECOVF", "__FPE_DECDIV", "__FPE_DECERR", "__FPE_INVASC",
	"__FPE_INVDEC", "FPE_FLTUNK", "FPE_CONDTRAP",
};
static const char *const segv_codes[] = {
	NULL, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR",
	"SEGV_ACCADI", "SEGV_ADIDERR", "SEGV_ADIPERR", "SEGV_MTEAERR",
	"SEGV_MTESERR", "SEGV_CPERR",
};
static const char *const bus_codes[] = {
	NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR",
	"BUS_MCEERR_AO",
};
static const char *const trap_codes[] = {
	NULL, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT",
	"TRAP_UNK", "TRAP_PERF",
};
static const char *const cld_codes[] = {
	NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED",
	"CLD_STOPPED", "CLD_CONTINUED",
};
static const char *const poll_codes[] = {
	NULL, "POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI",
	"POLL_HUP",
};
static const char *const sys_codes[] = { NULL, "SYS_SECCOMP", "SYS_USER_DISPATCH" };

#define PICK(a, c)	((size_t)(c) < ARRAY_SIZE(a) ? (a)[c] : NULL)

static void sb_sicode(struct strbuf *sb, int sig, int code)
{
	const char *name = NULL;

	if (code <= 0 || code == SI_KERNEL) {
		sb_xlat(sb, si_codes, (uint64_t)(int64_t)code, "%lld");
		return;
	}
	switch (sig) {
	case SIGILL:
		name = PICK(ill_codes, code);
		break;
	case SIGFPE:
		name = PICK(fpe_codes, code);
		break;
	case SIGSEGV:
		name = PICK(segv_codes, code);
		break;
	case SIGBUS:
		name = PICK(bus_codes, code);
		break;
	case SIGTRAP:
		name = PICK(trap_codes, code);
		break;
	case SIGCHLD:
		name = PICK(cld_codes, code);
		break;
	case SIGPOLL:
		name = PICK(poll_codes, code);
		break;
	case SIGSYS:
		name = PICK(sys_codes, code);
		break;
	}
	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%d", code);
}

static void sb_ptr(struct strbuf *sb, const void *p)
{
	if (p)
		sb_printf(sb, "%p", p);
	else
		sb_puts(sb, "NULL");
}

/* --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=...} --- */
void sb_siginfo(struct strbuf *sb, const void *raw)
{
	siginfo_t si;
	int code;

	memcpy(&si, raw, sizeof(si) < 128 ? sizeof(si) : 128);
	code = si.si_code;
	sb_puts(sb, "{si_signo=");
	sb_signal(sb, si.si_signo);
	sb_puts(sb, ", si_code=");
	sb_sicode(sb, si.si_signo, code);
	if (si.si_errno) {
		const char *e = errno_name(si.si_errno);

		if (e)
			sb_printf(sb, ", si_errno=%s", e);
		else
			sb_printf(sb, ", si_errno=%d", si.si_errno);
	}

	switch (code) {
	case SI_USER:
	case SI_TKILL:
		sb_printf(sb, ", si_pid=%d, si_uid=%u", si.si_pid, si.si_uid);
		goto out;
	case SI_QUEUE:
	case SI_MESGQ:
		sb_printf(sb, ", si_pid=%d, si_uid=%u, si_int=%d, si_ptr=",
			  si.si_pid, si.si_uid, si.si_int);
		sb_ptr(sb, si.si_ptr);
		goto out;
	case SI_TIMER:
		sb_printf(sb, ", si_timerid=%#x, si_overrun=%d, si_int=%d, si_ptr=",
			  si.si_timerid, si.si_overrun, si.si_int);
		sb_ptr(sb, si.si_ptr);
		goto out;
	}

	switch (si.si_signo) {
	case SIGCHLD:
		if (code <= 0 || code == SI_KERNEL)
			break;
		sb_printf(sb, ", si_pid=%d, si_uid=%u, si_status=",
			  si.si_pid, si.si_uid);
		if (code == CLD_EXITED)
			sb_printf(sb, "%d", si.si_status);
		else
			sb_signal(sb, si.si_status);
		sb_printf(sb, ", si_utime=%ld, si_stime=%ld",
			  (long)si.si_utime, (long)si.si_stime);
		break;
	case SIGILL:
	case SIGFPE:
	case SIGSEGV:
	case SIGBUS:
	case SIGTRAP:
		sb_puts(sb, ", si_addr=");
		sb_ptr(sb, si.si_addr);
		break;
	case SIGPOLL:
		if (code > 0 && code != SI_KERNEL)
			sb_printf(sb, ", si_band=%ld, si_fd=%d",
				  (long)si.si_band, si.si_fd);
		break;
	case SIGSYS:
		sb_puts(sb, ", si_call_addr=");
		sb_ptr(sb, si.si_call_addr);
		sb_printf(sb, ", si_syscall=%d, si_arch=%#x",
			  si.si_syscall, si.si_arch);
		break;
	}
out:
	sb_putc(sb, '}');
}

/* ---- flags ---- */

/* <asm-generic/fcntl.h> */
#define K_O_ACCMODE	00000003
#define K_O_CREAT	00000100
#define K_O_EXCL	00000200
#define K_O_NOCTTY	00000400
#define K_O_TRUNC	00001000
#define K_O_APPEND	00002000
#define K_O_NONBLOCK	00004000
#define K_O_DSYNC	00010000
#define K_O_ASYNC	00020000
#define K_O_DIRECT	00040000
#define K_O_LARGEFILE	00100000
#define K_O_DIRECTORY	00200000
#define K_O_NOFOLLOW	00400000
#define K_O_NOATIME	01000000
#define K_O_CLOEXEC	02000000
#define K___O_SYNC	04000000
#define K_O_PATH	010000000
#define K___O_TMPFILE	020000000

const struct xlat open_accmode[] = {
	{ 0, "O_RDONLY" }, { 1, "O_WRONLY" }, { 2, "O_RDWR" }, { 3, "O_ACCMODE" },
	XLAT_END
};

const struct xlat open_flags[] = {
	{ K___O_SYNC | K_O_DSYNC, "O_SYNC" },
	{ K___O_TMPFILE | K_O_DIRECTORY, "O_TMPFILE" },
	{ K_O_CREAT, "O_CREAT" },	{ K_O_EXCL, "O_EXCL" },
	{ K_O_NOCTTY, "O_NOCTTY" },	{ K_O_TRUNC, "O_TRUNC" },
	{ K_O_APPEND, "O_APPEND" },	{ K_O_NONBLOCK, "O_NONBLOCK" },
	{ K_O_DSYNC, "O_DSYNC" },	{ K_O_ASYNC, "O_ASYNC" },
	{ K_O_DIRECT, "O_DIRECT" },	{ K_O_LARGEFILE, "O_LARGEFILE" },
	{ K_O_DIRECTORY, "O_DIRECTORY" }, { K_O_NOFOLLOW, "O_NOFOLLOW" },
	{ K_O_NOATIME, "O_NOATIME" },	{ K_O_CLOEXEC, "O_CLOEXEC" },
	{ K_O_PATH, "O_PATH" },		{ K___O_TMPFILE, "__O_TMPFILE" },
	XLAT_END
};

const struct xlat fd_flags[] = {
	{ 1, "FD_CLOEXEC" },
	XLAT_END
};

const struct xlat mmap_prot[] = {
	{ 0x1, "PROT_READ" },		{ 0x2, "PROT_WRITE" },
	{ 0x4, "PROT_EXEC" },		{ 0x8, "PROT_SEM" },
	{ 0x01000000, "PROT_GROWSDOWN" }, { 0x02000000, "PROT_GROWSUP" },
	XLAT_END
};

const struct xlat mmap_type[] = {
	{ 0x1, "MAP_SHARED" }, { 0x2, "MAP_PRIVATE" },
	{ 0x3, "MAP_SHARED_VALIDATE" },
	XLAT_END
};

const struct xlat mmap_flags[] = {
	{ 0x10, "MAP_FIXED" },		{ 0x20, "MAP_ANONYMOUS" },
	{ 0x40, "MAP_32BIT" },		{ 0x100, "MAP_GROWSDOWN" },
	{ 0x800, "MAP_DENYWRITE" },	{ 0x1000, "MAP_EXECUTABLE" },
	{ 0x2000, "MAP_LOCKED" },	{ 0x4000, "MAP_NORESERVE" },
	{ 0x8000, "MAP_POPULATE" },	{ 0x10000, "MAP_NONBLOCK" },
	{ 0x20000, "MAP_STACK" },	{ 0x40000, "MAP_HUGETLB" },
	{ 0x80000, "MAP_SYNC" },	{ 0x100000, "MAP_FIXED_NOREPLACE" },
	{ 0x4000000, "MAP_UNINITIALIZED" },
	XLAT_END
};

const struct xlat mremap_flags[] = {
	{ 1, "MREMAP_MAYMOVE" }, { 2, "MREMAP_FIXED" },
	{ 4, "MREMAP_DONTUNMAP" },
	XLAT_END
};

const struct xlat access_modes[] = {
	{ 4, "R_OK" }, { 2, "W_OK" }, { 1, "X_OK" },
	XLAT_END
};

const struct xlat at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" },	{ 0x200, "AT_REMOVEDIR" },
	{ 0x400, "AT_SYMLINK_FOLLOW" },		{ 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" },		{ 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x4000, "AT_STATX_DONT_SYNC" },	{ 0x8000, "AT_RECURSIVE" },
	XLAT_END
};

const struct xlat whence_names[] = {
	{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" },
	{ 3, "SEEK_DATA" }, { 4, "SEEK_HOLE" },
	XLAT_END
};

const struct xlat fcntl_cmds[] = {
	{ 0, "F_DUPFD" },	{ 1, "F_GETFD" },	{ 2, "F_SETFD" },
	{ 3, "F_GETFL" },	{ 4, "F_SETFL" },	{ 5, "F_GETLK" },
	{ 6, "F_SETLK" },	{ 7, "F_SETLKW" },	{ 8, "F_SETOWN" },
	{ 9, "F_GETOWN" },	{ 10, "F_SETSIG" },	{ 11, "F_GETSIG" },
	{ 15, "F_SETOWN_EX" },	{ 16, "F_GETOWN_EX" },
	{ 36, "F_OFD_GETLK" },	{ 37, "F_OFD_SETLK" },	{ 38, "F_OFD_SETLKW" },
	{ 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" }, { 1026, "F_NOTIFY" },
	{ 1030, "F_DUPFD_CLOEXEC" }, { 1031, "F_SETPIPE_SZ" },
	{ 1032, "F_GETPIPE_SZ" }, { 1033, "F_ADD_SEALS" },
	{ 1034, "F_GET_SEALS" },
	XLAT_END
};

const struct xlat ioctl_cmds[] = {
	{ 0x5401, "TCGETS" },	{ 0x5402, "TCSETS" },	{ 0x5403, "TCSETSW" },
	{ 0x5404, "TCSETSF" },	{ 0x540b, "TCFLSH" },	{ 0x540e, "TIOCSCTTY" },
	{ 0x540f, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" },
	{ 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" },
	{ 0x541b, "FIONREAD" },	{ 0x5421, "FIONBIO" },	{ 0x5422, "TIOCNOTTY" },
	{ 0x5450, "FIONCLEX" },	{ 0x5451, "FIOCLEX" },	{ 0x5452, "FIOASYNC" },
	{ 0x802c542a, "TCGETS2" }, { 0x402c542b, "TCSETS2" },
	XLAT_END
};

const struct xlat sigprocmask_hows[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" },
	XLAT_END
};

const struct xlat clone_flags[] = {
	{ 0x00000100, "CLONE_VM" },		{ 0x00000200, "CLONE_FS" },
	{ 0x00000400, "CLONE_FILES" },		{ 0x00000800, "CLONE_SIGHAND" },
	{ 0x00001000, "CLONE_PIDFD" },		{ 0x00002000, "CLONE_PTRACE" },
	{ 0x00004000, "CLONE_VFORK" },		{ 0x00008000, "CLONE_PARENT" },
	{ 0x00010000, "CLONE_THREAD" },		{ 0x00020000, "CLONE_NEWNS" },
	{ 0x00040000, "CLONE_SYSVSEM" },	{ 0x00080000, "CLONE_SETTLS" },
	{ 0x00100000, "CLONE_PARENT_SETTID" },	{ 0x00200000, "CLONE_CHILD_CLEARTID" },
	{ 0x00400000, "CLONE_DETACHED" },	{ 0x00800000, "CLONE_UNTRACED" },
	{ 0x01000000, "CLONE_CHILD_SETTID" },	{ 0x02000000, "CLONE_NEWCGROUP" },
	{ 0x04000000, "CLONE_NEWUTS" },		{ 0x08000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" },	{ 0x20000000, "CLONE_NEWPID" },
	{ 0x40000000, "CLONE_NEWNET" },		{ 0x80000000, "CLONE_IO" },
	XLAT_END
};

const struct xlat socket_families[] = {
	{ 0, "AF_UNSPEC" },	{ 1, "AF_UNIX" },	{ 2, "AF_INET" },
	{ 10, "AF_INET6" },	{ 16, "AF_NETLINK" },	{ 17, "AF_PACKET" },
	{ 38, "AF_ALG" },	{ 40, "AF_VSOCK" },
	XLAT_END
};

const struct xlat socket_types[] = {
	{ 1, "SOCK_STREAM" },	{ 2, "SOCK_DGRAM" },	{ 3, "SOCK_RAW" },
	{ 4, "SOCK_RDM" },	{ 5, "SOCK_SEQPACKET" }, { 6, "SOCK_DCCP" },
	{ 10, "SOCK_PACKET" },
	XLAT_END
};

const struct xlat socket_type_flags[] = {
	{ K_O_CLOEXEC, "SOCK_CLOEXEC" }, { K_O_NONBLOCK, "SOCK_NONBLOCK" },
	XLAT_END
};

const struct xlat futex_ops[] = {
	{ 0, "FUTEX_WAIT" },		{ 1, "FUTEX_WAKE" },
	{ 2, "FUTEX_FD" },		{ 3, "FUTEX_REQUEUE" },
	{ 4, "FUTEX_CMP_REQUEUE" },	{ 5, "FUTEX_WAKE_OP" },
	{ 6, "FUTEX_LOCK_PI" },		{ 7, "FUTEX_UNLOCK_PI" },
	{ 8, "FUTEX_TRYLOCK_PI" },	{ 9, "FUTEX_WAIT_BITSET" },
	{ 10, "FUTEX_WAKE_BITSET" },	{ 11, "FUTEX_WAIT_REQUEUE_PI" },
	{ 12, "FUTEX_CMP_REQUEUE_PI" }, { 13, "FUTEX_LOCK_PI2" },
	XLAT_END
};

const struct xlat futex_op_flags[] = {
	{ 128, "FUTEX_PRIVATE_FLAG" }, { 256, "FUTEX_CLOCK_REALTIME" },
	XLAT_END
};

const struct xlat madvise_advice[] = {
	{ 0, "MADV_NORMAL" },		{ 1, "MADV_RANDOM" },
	{ 2, "MADV_SEQUENTIAL" },	{ 3, "MADV_WILLNEED" },
	{ 4, "MADV_DONTNEED" },		{ 8, "MADV_FREE" },
	{ 9, "MADV_REMOVE" },		{ 10, "MADV_DONTFORK" },
	{ 11, "MADV_DOFORK" },		{ 12, "MADV_MERGEABLE" },
	{ 13, "MADV_UNMERGEABLE" },	{ 14, "MADV_HUGEPAGE" },
	{ 15, "MADV_NOHUGEPAGE" },	{ 16, "MADV_DONTDUMP" },
	{ 17, "MADV_DODUMP" },		{ 18, "MADV_WIPEONFORK" },
	{ 19, "MADV_KEEPONFORK" },	{ 20, "MADV_COLD" },
	{ 21, "MADV_PAGEOUT" },		{ 22, "MADV_POPULATE_READ" },
	{ 23, "MADV_POPULATE_WRITE" },	{ 100, "MADV_HWPOISON" },
	XLAT_END
};

const struct xlat rlimit_resources[] = {
	{ 0, "RLIMIT_CPU" },		{ 1, "RLIMIT_FSIZE" },
	{ 2, "RLIMIT_DATA" },		{ 3, "RLIMIT_STACK" },
	{ 4, "RLIMIT_CORE" },		{ 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" },		{ 7, "RLIMIT_NOFILE" },
	{ 8, "RLIMIT_MEMLOCK" },	{ 9, "RLIMIT_AS" },
	{ 10, "RLIMIT_LOCKS" },		{ 11, "RLIMIT_SIGPENDING" },
	{ 12, "RLIMIT_MSGQUEUE" },	{ 13, "RLIMIT_NICE" },
	{ 14, "RLIMIT_RTPRIO" },	{ 15, "RLIMIT_RTTIME" },
	XLAT_END
};

const struct xlat arch_prctl_codes[] = {
	{ 0x1001, "ARCH_SET_GS" },	{ 0x1002, "ARCH_SET_FS" },
	{ 0x1003, "ARCH_GET_FS" },	{ 0x1004, "ARCH_GET_GS" },
	{ 0x1011, "ARCH_GET_CPUID" },	{ 0x1012, "ARCH_SET_CPUID" },
	{ 0x1021, "ARCH_GET_XCOMP_SUPP" }, { 0x1022, "ARCH_GET_XCOMP_PERM" },
	{ 0x1023, "ARCH_REQ_XCOMP_PERM" },
	{ 0x3001, "ARCH_CET_STATUS" },	{ 0x5001, "ARCH_SHSTK_ENABLE" },
	XLAT_END
};

const struct xlat wait_options[] = {
	{ 0x1, "WNOHANG" },		{ 0x2, "WUNTRACED" },
	{ 0x4, "WEXITED" },		{ 0x8, "WCONTINUED" },
	{ 0x01000000, "WNOWAIT" },	{ 0x20000000, "__WNOTHREAD" },
	{ 0x40000000, "__WALL" },	{ 0x80000000, "__WCLONE" },
	XLAT_END
};

const struct xlat clock_ids[] = {
	{ 0, "CLOCK_REALTIME" },	{ 1, "CLOCK_MONOTONIC" },
	{ 2, "CLOCK_PROCESS_CPUTIME_ID" }, { 3, "CLOCK_THREAD_CPUTIME_ID" },
	{ 4, "CLOCK_MONOTONIC_RAW" },	{ 5, "CLOCK_REALTIME_COARSE" },
	{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" },
	{ 8, "CLOCK_REALTIME_ALARM" },	{ 9, "CLOCK_BOOTTIME_ALARM" },
	{ 11, "CLOCK_TAI" },
	XLAT_END
};

const struct xlat prctl_options[] = {
	{ 1, "PR_SET_PDEATHSIG" },	{ 2, "PR_GET_PDEATHSIG" },
	{ 3, "PR_GET_DUMPABLE" },	{ 4, "PR_SET_DUMPABLE" },
	{ 15, "PR_SET_NAME" },		{ 16, "PR_GET_NAME" },
	{ 22, "PR_SET_SECCOMP" },	{ 21, "PR_GET_SECCOMP" },
	{ 23, "PR_CAPBSET_READ" },	{ 24, "PR_CAPBSET_DROP" },
	{ 36, "PR_SET_CHILD_SUBREAPER" }, { 37, "PR_GET_CHILD_SUBREAPER" },
	{ 38, "PR_SET_NO_NEW_PRIVS" },	{ 39, "PR_GET_NO_NEW_PRIVS" },
	{ 0x59616d61, "PR_SET_PTRACER" }, { 47, "PR_CAP_AMBIENT" },
	{ 0x53564d41, "PR_SET_VMA" },
	XLAT_END
};

const struct xlat epoll_ctl_ops[] = {
	{ 1, "EPOLL_CTL_ADD" }, { 2, "EPOLL_CTL_DEL" }, { 3, "EPOLL_CTL_MOD" },
	XLAT_END
};

const struct xlat getrandom_flags[] = {
	{ 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" },
	XLAT_END
};
