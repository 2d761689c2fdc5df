// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap-bench: command line, the common helpers, and the tracee children.
 *
 *   ptrap-bench [-r RUNS] [-t SECS] [-C SUP,TRACEE] [-P TAG] [-s US]
 *               SUBCOMMAND [ARGS]
 *
 * -C pins the supervisor side to CPU SUP and the tracee side to CPU TRACEE
 * (struct bench_opts); -P names the placement in the keys (rt<TAG>.*,
 * plat<TAG>.*); -s sets the module's spin_us to US for the run, restores
 * it at exit, and appends "-spin" to the roundtrip and platform keys.
 *
 * Subcommands (one figure each; see bench.h for the output):
 *   roundtrip [VARIANT...]  emulated getppid round trip: native, module,
 *                           module-poke, module-page, ptrace-sysemu,
 *                           seccomp-unotify, pipe (default: all)
 *   platform                the platform layer's switch-to-app round trip
 *   writes N                N one-byte writes to /dev/null (the workload;
 *                           on the tracee side's CPU with -C)
 *   timecmd KEY CMD [ARG...]  run CMD RUNS times, print its wall time (CMD
 *                           on the supervisor side's CPU with -C)
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
#include <sched.h>
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

char *bench_key(const struct bench_opts *o, char *buf, size_t len,
		const char *family, const char *name)
{
	snprintf(buf, len, "%s%s.%s%s", family, o->tag, name, o->suffix);
	return buf;
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die(errno, "sched_setaffinity(CPU %d)", cpu);
}

void place_tracee_side(const struct bench_opts *o)
{
	pin(o->tracee_cpu);
}

void place_supervisor_side(const struct bench_opts *o)
{
	pin(o->sup_cpu);
}

/* spin_us as it was before -s, restored at exit by spin_pid; -1: not changed. */
static long spin_saved = -1;
static pid_t spin_pid;

static int spin_write(long us)
{
	FILE *f = fopen(SPIN_US_PATH, "w");
	int ok;

	if (!f)
		return -errno;
	ok = fprintf(f, "%ld\n", us) > 0;
	if (fclose(f) || !ok)
		return -EIO;
	return 0;
}

static void spin_restore(void)
{
	/* Not from a forked child that exits (or dies) first. */
	if (spin_saved < 0 || getpid() != spin_pid)
		return;
	if (spin_write(spin_saved))
		fprintf(stderr, "ptrap-bench: could not restore %s to %ld\n",
			SPIN_US_PATH, spin_saved);
}

/* -s US: save spin_us, set it to @us, restore it at exit (also after die()). */
static void spin_set(long us)
{
	FILE *f = fopen(SPIN_US_PATH, "r");
	int r;

	if (!f || fscanf(f, "%ld", &spin_saved) != 1)
		die(f ? EIO : errno, "-s: cannot read %s (module loaded?)", SPIN_US_PATH);
	fclose(f);
	spin_pid = getpid();
	if (atexit(spin_restore))
		die(0, "atexit");
	r = spin_write(us);
	if (r)
		die(r, "-s: cannot write %s", SPIN_US_PATH);
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
	fputs("usage: ptrap-bench [-r RUNS] [-t SECS] [-C SUP,TRACEE] [-P TAG] [-s US]\n"
	      "                   SUBCOMMAND [ARGS]\n"
	      "subcommands: roundtrip [VARIANT]... (native module module-poke\n"
	      "  module-page ptrace-sysemu seccomp-unotify pipe),\n"
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
	struct bench_opts o = {
		.runs = 5, .secs = 0.5, .sup_cpu = -1, .tracee_cpu = -1,
		.tag = "", .suffix = "",
	};
	long spin = -1;
	size_t i;
	int c;

	o.self = "/proc/self/exe";
	while ((c = getopt(argc, argv, "+r:t:C:P:s:h")) != -1) {
		switch (c) {
		case 'r':
			o.runs = atoi(optarg);
			break;
		case 't':
			o.secs = atof(optarg);
			break;
		case 'C':
			if (sscanf(optarg, "%d,%d", &o.sup_cpu, &o.tracee_cpu) != 2 ||
			    o.sup_cpu < 0 || o.tracee_cpu < 0) {
				usage(stderr);
				return 2;
			}
			break;
		case 'P':
			o.tag = optarg;
			break;
		case 's':
			spin = atol(optarg);
			o.suffix = "-spin";
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (o.runs < 1 || o.secs <= 0 || optind >= argc || (*o.suffix && spin < 0)) {
		usage(stderr);
		return 2;
	}
	argc -= optind;
	argv += optind;
	if (!strcmp(argv[0], "child") && argc == 2)
		return child_main(argv[1]);
	if (spin >= 0)
		spin_set(spin);
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[0], cmds[i].name))
			return cmds[i].fn(&o, argc - 1, argv + 1);
	usage(stderr);
	return 2;
}
