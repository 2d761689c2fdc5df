// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: -e trace=EXPR, which system calls are printed.
 *
 * EXPR is a comma-separated list of system call names and classes, with
 * an optional leading "!" that inverts the whole set, as strace(1) takes
 * it; "all" and "none" as well. The classes are strace's, for x86-64:
 * %file (calls that take a file name), %process (process lifecycle),
 * %network, %signal, %ipc, %memory, %desc (file descriptors), %creds,
 * %clock, %pure (no arguments, cannot fail) and the stat families.
 * Names this kernel's headers do not know are skipped in a class, refused
 * on their own. Signals and exits are always shown.
 *
 * The set also becomes the tracees' syscall filter (filter_install()), so
 * that the calls left out do not even stop the tracee on the module
 * backend, plus execve and execveat, whose exits tell whether a SIGTRAP
 * is exec's. Where the set includes restart_syscall, whose line names the
 * call it resumes (the last one to return, shown or not), every call must
 * stop: no filter then.
 */
#include <errno.h>
#include <string.h>
#include <asm/unistd.h>

#include "trace.h"

#define FILTER_NR	1024

static unsigned char chosen[FILTER_NR / 8];
static int inverted = 1;	/* the default: all (none chosen, inverted) */

static const struct {
	const char *name;
	const char *calls;
} classes[] = {
	{ "%file",
	  "open stat lstat access execve truncate getcwd chdir rename mkdir "
	  "rmdir creat link unlink symlink readlink chmod chown lchown utime "
	  "mknod uselib statfs pivot_root chroot acct mount umount2 swapon "
	  "swapoff quotactl setxattr lsetxattr getxattr lgetxattr listxattr "
	  "llistxattr removexattr lremovexattr utimes inotify_add_watch "
	  "openat mkdirat mknodat fchownat futimesat newfstatat unlinkat "
	  "renameat linkat symlinkat readlinkat fchmodat faccessat utimensat "
	  "fanotify_mark name_to_handle_at renameat2 execveat statx "
	  "open_tree move_mount fsconfig fspick openat2 faccessat2 "
	  "mount_setattr fchmodat2 setxattrat getxattrat" },
	{ "%process",
	  "clone fork vfork execve exit wait4 kill tkill exit_group tgkill "
	  "waitid rt_sigqueueinfo rt_tgsigqueueinfo execveat "
	  "pidfd_send_signal clone3" },
	{ "%network",
	  "sendfile socket connect accept sendto recvfrom sendmsg recvmsg "
	  "shutdown bind listen getsockname getpeername socketpair "
	  "setsockopt getsockopt getpmsg putpmsg accept4 recvmmsg sendmmsg" },
	{ "%signal",
	  "rt_sigaction rt_sigprocmask rt_sigreturn pause kill rt_sigpending "
	  "rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack tkill "
	  "tgkill signalfd signalfd4 rt_tgsigqueueinfo pidfd_send_signal "
	  "io_uring_enter" },
	{ "%ipc",
	  "shmget shmat shmctl semget semop semctl shmdt msgget msgsnd msgrcv "
	  "msgctl semtimedop" },
	{ "%memory",
	  "mmap mprotect munmap brk mremap msync mincore madvise shmat shmdt "
	  "mlock munlock mlockall munlockall io_setup io_destroy "
	  "remap_file_pages mbind set_mempolicy get_mempolicy migrate_pages "
	  "move_pages mlock2 pkey_mprotect io_uring_register "
	  "set_mempolicy_home_node map_shadow_stack mseal" },
	{ "%desc",
	  "read write open close fstat poll lseek mmap ioctl pread64 pwrite64 "
	  "readv writev pipe select dup dup2 sendfile fcntl flock fsync "
	  "fdatasync ftruncate getdents fchdir creat fchmod fchown fstatfs "
	  "readahead fsetxattr fgetxattr flistxattr fremovexattr "
	  "epoll_create getdents64 fadvise64 epoll_wait epoll_ctl mq_open "
	  "mq_timedsend mq_timedreceive mq_notify mq_getsetattr inotify_init "
	  "inotify_add_watch inotify_rm_watch openat mkdirat mknodat fchownat "
	  "futimesat newfstatat unlinkat renameat linkat symlinkat readlinkat "
	  "fchmodat faccessat pselect6 ppoll splice tee sync_file_range "
	  "vmsplice utimensat epoll_pwait signalfd timerfd_create eventfd "
	  "fallocate timerfd_settime timerfd_gettime signalfd4 eventfd2 "
	  "epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev "
	  "perf_event_open fanotify_init fanotify_mark name_to_handle_at "
	  "open_by_handle_at syncfs setns finit_module renameat2 "
	  "memfd_create kexec_file_load bpf execveat userfaultfd "
	  "copy_file_range preadv2 pwritev2 statx pidfd_send_signal "
	  "io_uring_setup io_uring_enter io_uring_register open_tree "
	  "move_mount fsopen fsconfig fsmount fspick pidfd_open openat2 "
	  "pidfd_getfd faccessat2 process_madvise epoll_pwait2 "
	  "mount_setattr quotactl_fd landlock_create_ruleset "
	  "landlock_add_rule landlock_restrict_self memfd_secret "
	  "process_mrelease cachestat fchmodat2 setxattrat getxattrat" },
	{ "%creds",
	  "getuid getgid setuid setgid geteuid getegid setreuid setregid "
	  "getgroups setgroups setresuid getresuid setresgid getresgid "
	  "setfsuid setfsgid capget capset prctl" },
	{ "%clock",
	  "gettimeofday adjtimex settimeofday time clock_settime "
	  "clock_gettime clock_getres clock_adjtime" },
	{ "%pure",
	  "getpid getuid getgid geteuid getegid getppid getpgrp gettid" },
	{ "%stat", "stat" },
	{ "%lstat", "lstat" },
	{ "%fstat", "fstat newfstatat statx" },
	{ "%%stat", "stat lstat fstat newfstatat statx" },
	{ "%statfs", "statfs" },
	{ "%fstatfs", "fstatfs" },
	{ "%%statfs", "ustat statfs fstatfs" },
};

static void choose(long nr)
{
	if (nr >= 0 && nr < FILTER_NR)
		chosen[nr / 8] |= 1 << (nr % 8);
}

/* Add every call of @list (space-separated) this kernel knows. */
static void choose_list(const char *list)
{
	char name[64];

	while (*list) {
		size_t n = strcspn(list, " ");

		if (n && n < sizeof(name)) {
			memcpy(name, list, n);
			name[n] = '\0';
			choose(syscall_number(name));
		}
		list += n;
		list += strspn(list, " ");
	}
}

/* One element of EXPR: 0, or -1 if it names nothing. */
static int choose_token(const char *tok)
{
	const char *cls = tok;
	char pct[64];
	size_t i;
	long nr;

	/* strace still takes the classes' old names without the %. */
	if (*tok != '%' && strlen(tok) + 2 <= sizeof(pct)) {
		pct[0] = '%';
		strcpy(pct + 1, tok);
		cls = pct;
	}
	for (i = 0; i < ARRAY_SIZE(classes); i++) {
		if (!strcmp(classes[i].name, tok) ||
		    (cls != tok && syscall_number(tok) < 0 &&
		     !strcmp(classes[i].name, cls))) {
			choose_list(classes[i].calls);
			return 0;
		}
	}
	nr = syscall_number(tok);
	if (nr < 0 || nr >= FILTER_NR)
		return -1;
	choose(nr);
	return 0;
}

int filter_set(const char *expr)
{
	char tok[64];
	const char *p = expr;
	int invert = 0;

	memset(chosen, 0, sizeof(chosen));
	if (*p == '!') {
		invert = 1;
		p++;
	}
	if (!strcmp(p, "all") || !strcmp(p, "none")) {
		/* all = nothing chosen, inverted */
		inverted = !strcmp(p, "all") ^ invert;
		return 0;
	}
	for (;;) {
		size_t n = strcspn(p, ",");

		if (!n || n >= sizeof(tok)) {
			fprintf(stderr, PROG_NAME ": invalid system call '%.*s'\n",
				(int)n, p);
			return -1;
		}
		memcpy(tok, p, n);
		tok[n] = '\0';
		if (choose_token(tok)) {
			fprintf(stderr, PROG_NAME ": invalid system call '%s'\n",
				tok);
			return -1;
		}
		p += n;
		if (!*p)
			break;
		p++;
	}
	inverted = invert;
	return 0;
}

int filter_wants(long nr)
{
	int in = nr >= 0 && nr < FILTER_NR &&
		 (chosen[nr / 8] & (1 << (nr % 8)));

	return in ^ inverted;
}

void filter_install(pid_t tid)
{
	static uint64_t bits[FILTER_NR / 64];
	static int state;	/* 0 not built, 1 filter, -1 none */
	long nr;
	int r;

	if (!state) {
		state = -1;
		for (nr = 0; nr < FILTER_NR; nr++) {
			if (filter_wants(nr) || nr == __NR_execve ||
			    nr == __NR_execveat)
				bits[nr / 64] |= 1ULL << (nr % 64);
			else
				state = 1;	/* something left out */
		}
		if (filter_wants(__NR_restart_syscall))
			state = -1;
	}
	if (state < 0)
		return;
	r = ptrap_set_syscall_filter(session, tid, bits, FILTER_NR);
	/* -ESRCH: killed meanwhile; its end record follows. */
	if (r && r != -ESRCH)
		note("syscall filter for %d: %s", tid, strerror(-r));
}
