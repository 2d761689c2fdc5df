// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated getppid round trip: a tracee calls getppid(2) in a loop and
 * a supervisor answers each call with BENCH_MAGIC without the kernel ever
 * running it, through
 *
 *   module           /dev/ptrap in SYSEMU mode: PTRAP_IOC_RESUME_WAIT
 *                    (ptrap_resume_wait(), PTRAP_RESUME_WAIT_SAME), then
 *                    GETREGSET + SETREGSET ioctls (ptrap_getregs/setregs)
 *   ptrace-sysemu    PTRACE_SYSEMU + waitpid + PTRACE_GETREGS +
 *                    PTRACE_SETREGS, as gVisor's ptrace platform does
 *   seccomp-unotify  a SECCOMP_RET_USER_NOTIF filter on getppid;
 *                    SECCOMP_IOCTL_NOTIF_RECV + SECCOMP_IOCTL_NOTIF_SEND
 *   module-poke      the same with one PTRAP_IOC_POKEUSER of rax instead
 *                    of GETREGSET + SETREGSET
 *   module-page      the same with the tracee's register page
 *                    (ptrap_map_regs()): rax written into the page, dirty
 *                    set, and the next PTRAP_IOC_RESUME_WAIT loads it: one
 *                    system call per round trip
 *   native           an untraced getppid loop, for reference
 *   pipe             no tracing: one byte there and back between two
 *                    processes over two pipes, for reference: the two
 *                    context switches that every supervisor in another
 *                    process pays per round trip, and nothing else
 *
 * Each run starts a new tracee, warms up, then times the supervisor's loop
 * for -t seconds and prints the nanoseconds per round trip. The tracee ends
 * when an emulated getppid returns 0. With -C the tracee (or the pipe's
 * other end) is forked on the tracee side's CPU and the supervisor then
 * moves to its own (place_tracee_side(), place_supervisor_side()).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <ptrap.h>

#include "bench.h"

#define WARMUP		200	/* round trips before the clock starts */
#define CLOCK_EVERY	16	/* round trips between two clock reads */

/**
 * struct rt_clock - the supervisor's side of the timing
 * @n: round trips answered so far.
 * @t0: when the measured part began (after WARMUP).
 * @budget: its length, ns.
 * @done: set once the budget is spent: the next answer is 0.
 * @ns: the result, ns per round trip.
 */
struct rt_clock {
	unsigned long n;
	uint64_t t0, budget;
	int done;
	double ns;
};

/* Account one answered round trip; return the value to answer the next. */
static long rt_tick(struct rt_clock *c)
{
	c->n++;
	if (c->n == WARMUP) {
		c->t0 = now_ns();
	} else if (c->n > WARMUP && !c->done && (c->n - WARMUP) % CLOCK_EVERY == 0) {
		uint64_t t = now_ns();

		if (t - c->t0 >= c->budget) {
			c->done = 1;
			c->ns = (double)(t - c->t0) / (c->n - WARMUP);
		}
	}
	return c->done ? 0 : BENCH_MAGIC;
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
		;
}

/* ---- module: /dev/ptrap in SYSEMU mode ---------------------------------- */

/* How the module round trip answers: the register ioctls it uses. */
enum rt_regs { RT_GETSET, RT_POKE, RT_PAGE };

/* The module round trip, answering through @how. */
static double rt_module_common(const struct bench_opts *o, enum rt_regs how)
{
	char *argv[] = { "ptrap-bench", "child", "getppid", NULL };
	struct rt_clock c = { .budget = o->secs * 1e9 };
	struct ptrap_regs_page *pg = NULL;
	struct user_regs_struct regs;
	struct ptrap_stop st;
	struct ptrap *p;
	pid_t tid;
	int ret;

	ret = ptrap_open(&p, PTRAP_OPEN_MODULE);
	if (ret)
		die(ret, "module: ptrap_open");
	place_tracee_side(o);
	ret = ptrap_spawn(p, o->self, argv, NULL, PTRAP_O_EXITKILL, &tid);
	if (ret)
		die(ret, "module: ptrap_spawn");
	place_supervisor_side(o);
	if (how == RT_PAGE) {
		ret = ptrap_map_regs(p, tid, &pg);
		if (ret)
			die(ret, "module: ptrap_map_regs");
	}
	/* The exec stop, then the child's own SIGSTOP. */
	ret = ptrap_wait(p, &st, 0);
	if (ret || st.kind != PTRAP_STOP_SIGNAL)
		die(ret, "module: no exec stop (kind %u)", st.kind);
	ret = ptrap_resume_wait(p, tid, PTRAP_RESUME_CONT, 0,
				PTRAP_RESUME_WAIT_SAME, &st);
	if (ret || st.kind != PTRAP_STOP_SIGNAL)
		die(ret, "module: no SIGSTOP stop (kind %u)", st.kind);

	for (;;) {
		ret = ptrap_resume_wait(p, tid, PTRAP_RESUME_SYSEMU, 0,
					PTRAP_RESUME_WAIT_SAME, &st);
		if (ret)
			die(ret, "module: ptrap_resume_wait");
		if (st.kind != PTRAP_STOP_SYSCALL_ENTER)
			die(0, "module: unexpected stop kind %u", st.kind);
		if (st.nr != SYS_getppid)
			break;		/* the child's exit_group */
		if (how == RT_PAGE) {
			/* The page is this stop's: a cheap check, no syscall. */
			if (pg->regs.orig_rax != SYS_getppid ||
			    !(pg->flags & PTRAP_REGS_STOPPED))
				die(0, "module: the register page is not current");
			pg->regs.rax = rt_tick(&c);
			pg->dirty = 1;
			continue;
		}
		if (how == RT_POKE) {
			ret = ptrap_pokeuser(p, tid, offsetof(struct user, regs.rax),
					     rt_tick(&c));
			if (ret)
				die(ret, "module: ptrap_pokeuser");
			continue;
		}
		ret = ptrap_getregs(p, tid, &regs);
		if (ret)
			die(ret, "module: ptrap_getregs");
		regs.rax = rt_tick(&c);
		ret = ptrap_setregs(p, tid, &regs);
		if (ret)
			die(ret, "module: ptrap_setregs");
	}
	if (pg) {
		ret = ptrap_unmap_regs(p, pg);
		if (ret)
			die(ret, "module: ptrap_unmap_regs");
	}
	ret = ptrap_kill(p, tid);
	if (ret)
		die(ret, "module: ptrap_kill");
	ptrap_close(p);
	reap(tid);
	return c.ns;
}

static double rt_module(const struct bench_opts *o)
{
	return rt_module_common(o, RT_GETSET);
}

static double rt_module_poke(const struct bench_opts *o)
{
	return rt_module_common(o, RT_POKE);
}

static double rt_module_page(const struct bench_opts *o)
{
	return rt_module_common(o, RT_PAGE);
}

/* ---- ptrace(2) SYSEMU, as gVisor's ptrace platform ---------------------- */

static double rt_ptrace(const struct bench_opts *o)
{
	struct rt_clock c = { .budget = o->secs * 1e9 };
	struct user_regs_struct regs;
	pid_t pid;
	int status;

	place_tracee_side(o);
	pid = fork();
	if (pid < 0)
		die(errno, "ptrace: fork");
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(1);
		child_main("getppid");
	}
	place_supervisor_side(o);
	if (waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status))
		die(errno, "ptrace: no SIGSTOP stop (status %#x)", status);
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_EXITKILL))
		die(errno, "ptrace: PTRACE_SETOPTIONS");

	for (;;) {
		if (ptrace(PTRACE_SYSEMU, pid, NULL, NULL))
			die(errno, "ptrace: PTRACE_SYSEMU");
		if (waitpid(pid, &status, __WALL) != pid)
			die(errno, "ptrace: waitpid");
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP)
			die(0, "ptrace: unexpected status %#x", status);
		if (ptrace(PTRACE_GETREGS, pid, NULL, &regs))
			die(errno, "ptrace: PTRACE_GETREGS");
		if (regs.orig_rax != SYS_getppid)
			break;
		regs.rax = rt_tick(&c);
		if (ptrace(PTRACE_SETREGS, pid, NULL, &regs))
			die(errno, "ptrace: PTRACE_SETREGS");
	}
	kill(pid, SIGKILL);
	reap(pid);
	return c.ns;
}

/* ---- seccomp user notification ------------------------------------------ */

/* The tracee side: filter getppid to a listener, hand it over, loop. */
static void seccomp_child(int fdpipe, int gopipe)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = ARRAY_SIZE(f), .filter = f };
	int fd;
	char go;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die(errno, "seccomp: PR_SET_NO_NEW_PRIVS");
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (fd < 0)
		die(errno, "seccomp: SECCOMP_FILTER_FLAG_NEW_LISTENER");
	if (write(fdpipe, &fd, sizeof(fd)) != sizeof(fd) ||
	    read(gopipe, &go, 1) != 1)
		_exit(1);
	getppid_loop();
	_exit(0);
}

static double rt_seccomp(const struct bench_opts *o)
{
	struct rt_clock c = { .budget = o->secs * 1e9 };
	struct seccomp_notif_sizes sizes;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	int fdpipe[2], gopipe[2], cfd, pidfd, lfd;
	pid_t pid;

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes))
		die(errno, "seccomp: SECCOMP_GET_NOTIF_SIZES");
	req = calloc(1, sizes.seccomp_notif > sizeof(*req) ?
			sizes.seccomp_notif : sizeof(*req));
	resp = calloc(1, sizes.seccomp_notif_resp > sizeof(*resp) ?
			 sizes.seccomp_notif_resp : sizeof(*resp));
	if (!req || !resp)
		die(ENOMEM, "seccomp");
	if (pipe(fdpipe) || pipe(gopipe))
		die(errno, "seccomp: pipe");
	place_tracee_side(o);
	pid = fork();
	if (pid < 0)
		die(errno, "seccomp: fork");
	if (pid == 0)
		seccomp_child(fdpipe[1], gopipe[0]);
	place_supervisor_side(o);
	if (read(fdpipe[0], &cfd, sizeof(cfd)) != sizeof(cfd))
		die(0, "seccomp: the child did not send its listener");
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		die(errno, "seccomp: pidfd_open");
	lfd = syscall(SYS_pidfd_getfd, pidfd, cfd, 0);
	if (lfd < 0)
		die(errno, "seccomp: pidfd_getfd");
	if (write(gopipe[1], "g", 1) != 1)
		die(errno, "seccomp: write");

	for (;;) {
		long val;

		memset(req, 0, sizes.seccomp_notif);
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, req))
			die(errno, "seccomp: SECCOMP_IOCTL_NOTIF_RECV");
		val = rt_tick(&c);
		resp->id = req->id;
		resp->val = val;
		resp->error = 0;
		resp->flags = 0;
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, resp))
			die(errno, "seccomp: SECCOMP_IOCTL_NOTIF_SEND");
		if (!val)
			break;
	}
	reap(pid);
	close(lfd);
	close(pidfd);
	close(fdpipe[0]);
	close(fdpipe[1]);
	close(gopipe[0]);
	close(gopipe[1]);
	free(req);
	free(resp);
	return c.ns;
}

/* ---- pipe ping-pong ------------------------------------------------------ */

static double rt_pipe(const struct bench_opts *o)
{
	struct rt_clock c = { .budget = o->secs * 1e9 };
	int there[2], back[2];
	pid_t pid;
	char b;

	if (pipe(there) || pipe(back))
		die(errno, "pipe: pipe");
	place_tracee_side(o);
	pid = fork();
	if (pid < 0)
		die(errno, "pipe: fork");
	if (pid == 0) {
		while (read(there[0], &b, 1) == 1 && b == 'p')
			if (write(back[1], &b, 1) != 1)
				_exit(1);
		_exit(0);
	}
	place_supervisor_side(o);
	for (;;) {
		b = 'p';
		if (write(there[1], &b, 1) != 1 || read(back[0], &b, 1) != 1)
			die(errno, "pipe: the child went away");
		if (!rt_tick(&c))
			break;
	}
	b = 'q';
	if (write(there[1], &b, 1) != 1)
		die(errno, "pipe: write");
	reap(pid);
	close(there[0]);
	close(there[1]);
	close(back[0]);
	close(back[1]);
	return c.ns;
}

/* ---- native ------------------------------------------------------------- */

static double rt_native(const struct bench_opts *o)
{
	place_supervisor_side(o);
	return native_ns(o->secs);
}

/* ------------------------------------------------------------------------- */

/**
 * struct rt_variant - one way of answering the tracee's getppid
 * @name: subcommand argument and result key (rt.<name>).
 * @run: one run: ns per round trip.
 */
static const struct rt_variant {
	const char *name;
	double (*run)(const struct bench_opts *o);
} variants[] = {
	{ "native", rt_native },
	{ "module", rt_module },
	{ "module-poke", rt_module_poke },
	{ "module-page", rt_module_page },
	{ "ptrace-sysemu", rt_ptrace },
	{ "seccomp-unotify", rt_seccomp },
	{ "pipe", rt_pipe },
};

int cmd_roundtrip(const struct bench_opts *o, int argc, char **argv)
{
	size_t i;
	int a, r;

	for (i = 0; i < ARRAY_SIZE(variants); i++) {
		const struct rt_variant *v = &variants[i];
		char key[64];

		if (argc > 0) {
			for (a = 0; a < argc; a++)
				if (!strcmp(argv[a], v->name))
					break;
			if (a == argc)
				continue;
		}
		bench_key(o, key, sizeof(key), "rt", v->name);
		for (r = 0; r < o->runs; r++)
			bench_out(key, v->run(o), "ns");
	}
	return 0;
}
