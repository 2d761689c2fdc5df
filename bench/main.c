// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap-bench: command line, the common helpers, and the tracee children.
 *
 *   ptrap-bench [-r RUNS] [-t SECS] SUBCOMMAND [ARGS]
 *
 * Subcommands (one figure each; see bench.h for the output):
 *   roundtrip [VARIANT...]  emulated getppid round trip: native, module,
 *                           module-poke, ptrace-sysemu, seccomp-unotify,
 *                           pipe (default: all)
 *   platform                the platform layer's switch-to-app round trip
 *   writes N                N one-byte writes to /dev/null (the workload)
 *   timecmd KEY CMD [ARG...]  run CMD RUNS times, print its wall time
 *   idle                    untraced getppid loop, without and with a
 *                           session tracing another process
 *   memory N                kernel memory per session and per tracee, with
 *                           N tracees attached
 *   child KIND              internal: the tracee side
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "bench.h"

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void bench_out(const char *key, double value, const char *unit)
{
	printf("BENCH %s %.6g %s\n", key, value, unit);
	fflush(stdout);
}

void bench_na(const char *key, const char *reason)
{
	printf("BENCHNA %s %s\n", key, reason);
	fflush(stdout);
}

void die(int err, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("ptrap-bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err < 0 ? -err : err));
	fputc('\n', stderr);
	exit(1);
}

unsigned long getppid_loop(void)
{
	unsigned long n = 0;

	while (syscall(SYS_getppid) == BENCH_MAGIC)
		n++;
	return n;
}

double native_ns(double secs)
{
	uint64_t t0, t, budget = secs * 1e9;
	unsigned long n = 0;
	int i;

	/* Warm up, then check the clock every 256 calls. */
	for (i = 0; i < 1000; i++)
		syscall(SYS_getppid);
	t0 = now_ns();
	do {
		for (i = 0; i < 256; i++)
			syscall(SYS_getppid);
		n += 256;
		t = now_ns();
	} while (t - t0 < budget);
	return (double)(t - t0) / n;
}

int child_main(const char *kind)
{
	if (!strcmp(kind, "getppid")) {
		/* The raw syscall: nothing runs between the stop and the loop. */
		syscall(SYS_kill, getpid(), SIGSTOP);
		getppid_loop();
		_exit(0);
	}
	if (!strcmp(kind, "pause")) {
		for (;;)
			pause();
	}
	die(0, "unknown child kind '%s'", kind);
}

int ctl_status(int *probes, uint64_t mem[3])
{
	static const char *const names[3] = { "sessions", "tracees", "filters" };
	const char *ctl = getenv("PTRAPCTL");
	char cmd[512], buf[4096], *m, *s;
	size_t len;
	FILE *f;
	int i;

	snprintf(cmd, sizeof(cmd), "%s --json status", ctl ? ctl : "ptrapctl");
	f = popen(cmd, "r");
	if (!f) {
		perror("ptrap-bench: popen ptrapctl");
		return -1;
	}
	len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[len] = 0;
	if (pclose(f) != 0) {
		fprintf(stderr, "ptrap-bench: '%s' failed: %s\n", cmd, buf);
		return -1;
	}
	s = strstr(buf, "\"probes\":");
	m = strstr(buf, "\"memory\":{");
	if (!s || !m) {
		fprintf(stderr, "ptrap-bench: unexpected ptrapctl output: %s\n", buf);
		return -1;
	}
	*probes = !strncmp(s + 9, "true", 4);
	for (i = 0; i < 3; i++) {
		char key[32];

		snprintf(key, sizeof(key), "\"%s\":", names[i]);
		s = strstr(m, key);
		if (!s) {
			fprintf(stderr, "ptrap-bench: no memory.%s in: %s\n", names[i], buf);
			return -1;
		}
		mem[i] = strtoull(s + strlen(key), NULL, 10);
	}
	return 0;
}

static void usage(FILE *f)
{
	fputs("usage: ptrap-bench [-r RUNS] [-t SECS] SUBCOMMAND [ARGS]\n"
	      "subcommands: roundtrip [VARIANT]... (native module module-poke\n"
	      "  ptrace-sysemu seccomp-unotify pipe),\n"
	      "  platform, writes N, timecmd KEY CMD [ARG...], idle, memory N\n", f);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(const struct bench_opts *o, int argc, char **argv);
	} cmds[] = {
		{ "roundtrip", cmd_roundtrip },
		{ "platform", cmd_platform },
		{ "writes", cmd_writes },
		{ "timecmd", cmd_timecmd },
		{ "idle", cmd_idle },
		{ "memory", cmd_memory },
	};
	struct bench_opts o = { .runs = 5, .secs = 0.5 };
	size_t i;
	int c;

	o.self = "/proc/self/exe";
	while ((c = getopt(argc, argv, "+r:t:h")) != -1) {
		switch (c) {
		case 'r':
			o.runs = atoi(optarg);
			break;
		case 't':
			o.secs = atof(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (o.runs < 1 || o.secs <= 0 || optind >= argc) {
		usage(stderr);
		return 2;
	}
	argc -= optind;
	argv += optind;
	if (!strcmp(argv[0], "child") && argc == 2)
		return child_main(argv[1]);
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[0], cmds[i].name))
			return cmds[i].fn(&o, argc - 1, argv + 1);
	usage(stderr);
	return 2;
}
