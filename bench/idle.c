// SPDX-License-Identifier: GPL-2.0
/*
 * What the module costs processes it does not trace: an untraced getppid
 * loop with no session at all (probes unregistered: the module is loaded
 * with probe_idle_secs=0 so they go as soon as the last tracee does) and
 * while a session traces another process (a tracee stopped at its exec
 * stop: the global syscall tracepoint probes are registered).
 *
 * Runs alternate (off, on, off, on, ...) so that drift hits both alike.
 * The probe state is checked through ptrapctl before each run.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include <ptrap.h>

#include "bench.h"

/* Poll ptrapctl (10 ms steps, 5 s at most) until the probes are @want. */
static void wait_probes(int want)
{
	uint64_t mem[3];
	int i, probes;

	for (i = 0; i < 500; i++) {
		if (ctl_status(&probes, mem))
			die(0, "idle: cannot read the module's status");
		if (probes == want)
			return;
		usleep(10000);
	}
	die(0, "idle: the probes are still %s after 5 s (probe_idle_secs?)",
	    want ? "off" : "on");
}

int cmd_idle(const struct bench_opts *o, int argc, char **argv)
{
	char *cargv[] = { "ptrap-bench", "child", "pause", NULL };
	struct ptrap_stop st;
	struct ptrap *p;
	pid_t tid;
	int r, ret;

	(void)argc;
	(void)argv;
	for (r = 0; r < o->runs; r++) {
		wait_probes(0);
		bench_out("idle.off", native_ns(o->secs), "ns");

		ret = ptrap_open(&p, PTRAP_OPEN_MODULE);
		if (ret)
			die(ret, "idle: ptrap_open");
		ret = ptrap_spawn(p, o->self, cargv, NULL, PTRAP_O_EXITKILL, &tid);
		if (ret)
			die(ret, "idle: ptrap_spawn");
		ret = ptrap_wait(p, &st, 0);
		if (ret)
			die(ret, "idle: ptrap_wait");
		wait_probes(1);
		bench_out("idle.on", native_ns(o->secs), "ns");
		ptrap_close(p);		/* EXITKILL */
		while (waitpid(tid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	return 0;
}
