// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall-heavy workload and its timer:
 *
 *   writes N               N one-byte write(2)s to /dev/null, nothing else;
 *                          with -C, first moves to the tracee side's CPU
 *                          (one sched_setaffinity(2), traced like the rest)
 *   timecmd KEY CMD [ARG...]  run CMD (PATH lookup) RUNS times, one after
 *                          another, and print each run's wall time as
 *                          "BENCH KEY <seconds> s"; its output goes to
 *                          /dev/null. A run that fails is an error. With
 *                          -C, CMD (the tracer) runs on the supervisor
 *                          side's CPU.
 *
 * The guest script times "writes N" untraced, under strace, under
 * ptrap-trace and under ptrap-trace -e trace=openat.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#include "bench.h"

int cmd_writes(const struct bench_opts *o, int argc, char **argv)
{
	long i, n;
	int fd;

	if (argc != 1 || (n = atol(argv[0])) <= 0)
		die(0, "usage: writes N");
	place_tracee_side(o);
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		die(errno, "/dev/null");
	for (i = 0; i < n; i++)
		if (write(fd, "x", 1) != 1)
			die(errno, "write");
	return 0;
}

int cmd_timecmd(const struct bench_opts *o, int argc, char **argv)
{
	int r, status;

	if (argc < 2)
		die(0, "usage: timecmd KEY CMD [ARG...]");
	place_supervisor_side(o);
	for (r = 0; r < o->runs; r++) {
		uint64_t t0 = now_ns(), t;
		pid_t pid = fork();

		if (pid < 0)
			die(errno, "fork");
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
			execvp(argv[1], argv + 1);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid)
			die(errno, "waitpid");
		t = now_ns();
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			die(0, "%s: '%s' failed (status %#x)", argv[0], argv[1], status);
		bench_out(argv[0], (t - t0) / 1e9, "s");
	}
	return 0;
}
