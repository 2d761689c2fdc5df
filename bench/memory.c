// SPDX-License-Identifier: GPL-2.0
/*
 * The module's kernel memory, from its own allocation accounting
 * (PTRAP_A_MEMORY of PTRAP_CMD_GET_STATUS, read through ptrapctl):
 *
 *   mem.session        one open session with no tracee
 *   mem.tracee         per tracee, N tracees (children blocked in pause(2),
 *                      seized) in that session: (total with N - total
 *                      with none) / N, so that anything the session grows
 *                      by per tracee counts too
 *   mem.tracee_object  the tracees' own objects / N
 *
 * No other session may exist meanwhile.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#include <ptrap.h>

#include "bench.h"

static uint64_t total(const uint64_t mem[3])
{
	return mem[0] + mem[1] + mem[2];
}

int cmd_memory(const struct bench_opts *o, int argc, char **argv)
{
	uint64_t before[3], empty[3], full[3];
	struct ptrap *p;
	pid_t *pids;
	int i, n, probes, ret;

	(void)o;
	if (argc != 1 || (n = atoi(argv[0])) <= 0)
		die(0, "usage: memory N");
	pids = calloc(n, sizeof(*pids));
	if (!pids)
		die(ENOMEM, "memory");
	if (ctl_status(&probes, before))
		return 1;
	ret = ptrap_open(&p, PTRAP_OPEN_MODULE);
	if (ret)
		die(ret, "memory: ptrap_open");
	if (ctl_status(&probes, empty))
		return 1;
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die(errno, "memory: fork #%d", i);
		if (pids[i] == 0) {
			for (;;)
				pause();
		}
		ret = ptrap_seize(p, pids[i], 0);
		if (ret)
			die(ret, "memory: ptrap_seize #%d", i);
	}
	if (ctl_status(&probes, full))
		return 1;
	bench_out("mem.session", total(empty) - total(before), "B");
	bench_out("mem.tracee", (double)(total(full) - total(empty)) / n, "B");
	bench_out("mem.tracee_object", (double)(full[1] - empty[1]) / n, "B");
	bench_out("mem.tracees", n, "count");
	ptrap_close(p);
	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
			;
	free(pids);
	return 0;
}
