/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptrap-bench: the benchmarks behind `make bench` (README.md, section
 * "Performance"). One static binary, one subcommand per figure; each
 * prints one machine-readable line per run:
 *
 *	BENCH <key> <value> <unit>
 *
 * and, for a figure that cannot be measured here,
 *
 *	BENCHNA <key> <reason...>
 *
 * scripts/bench.sh collects the lines from the VM's console and computes
 * the medians, minima, maxima and ratios (bench/report.awk).
 */
#ifndef PTRAP_BENCH_H
#define PTRAP_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What an emulated getppid returns while the loop goes on; 0 ends it. */
#define BENCH_MAGIC	4242

/* The module parameter -s sets (restored at exit). */
#define SPIN_US_PATH	"/sys/module/ptrap/parameters/spin_us"

/**
 * struct bench_opts - common options of every subcommand
 * @runs: measured runs per figure (-r, default 5).
 * @secs: seconds each run lasts, for the loops that run on time (-t).
 * @self: path of this binary, for the tracee children it starts.
 * @sup_cpu: -C SUP,TRACEE: the CPU the supervisor side (this process)
 *	runs on while measuring; -1 (default): its affinity is left alone.
 * @tracee_cpu: the CPU of the tracee side (tracees, stubs, the pipe's
 *	other end, the "writes" workload itself); -1: left alone.
 * @tag: -P TAG: appended to a figure family's name ("rt" + "2" = "rt2").
 * @suffix: appended to every roundtrip and platform key: "-spin" when -s
 *	set spin_us, else "".
 */
struct bench_opts {
	int runs;
	double secs;
	const char *self;
	int sup_cpu, tracee_cpu;
	const char *tag;
	const char *suffix;
};

/**
 * bench_key() - the key "<family><tag>.<name><suffix>" into @buf
 * @o: options (@tag, @suffix).
 * @buf: receives the key.
 * @len: its size.
 * @family: "rt", "plat".
 * @name: the variant.
 * Return: @buf.
 */
char *bench_key(const struct bench_opts *o, char *buf, size_t len,
		const char *family, const char *name);

/**
 * place_tracee_side() - pin the calling process to @o->tracee_cpu
 *
 * Called before a tracee, stub or peer is forked: the child inherits the
 * affinity. No-op without -C. Dies if the CPU does not exist.
 */
void place_tracee_side(const struct bench_opts *o);

/**
 * place_supervisor_side() - pin the calling process to @o->sup_cpu
 *
 * Called once the other side is forked, before the measured loop. No-op
 * without -C.
 */
void place_supervisor_side(const struct bench_opts *o);

/** now_ns() - CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);

/** bench_out() - print one "BENCH key value unit" line (and flush). */
void bench_out(const char *key, double value, const char *unit);

/** bench_na() - print one "BENCHNA key reason" line. */
void bench_na(const char *key, const char *reason);

/** die() - print "ptrap-bench: <msg>" (and strerror(-err) if err) and exit 1. */
void die(int err, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/**
 * child_main() - the tracee side, run as "ptrap-bench child KIND"
 * @kind: "getppid": stop itself (SIGSTOP), then call getppid(2) until it
 *	returns something else than BENCH_MAGIC, then exit;
 *	"pause": block in pause(2) until killed.
 * Return: does not return.
 */
int child_main(const char *kind);

/** getppid_loop() - call getppid(2) until it returns other than BENCH_MAGIC. */
unsigned long getppid_loop(void);

/** native_ns() - ns per getppid(2) of an untraced loop lasting @secs. */
double native_ns(double secs);

/* The subcommands; each returns the exit status. */
int cmd_roundtrip(const struct bench_opts *o, int argc, char **argv);
int cmd_platform(const struct bench_opts *o, int argc, char **argv);
int cmd_writes(const struct bench_opts *o, int argc, char **argv);
int cmd_timecmd(const struct bench_opts *o, int argc, char **argv);
int cmd_idle(const struct bench_opts *o, int argc, char **argv);
int cmd_memory(const struct bench_opts *o, int argc, char **argv);

/**
 * ctl_status() - run "ptrapctl --json status" and pick fields out
 * @probes: receives 1 if the tracepoint probes are registered, else 0.
 * @mem: receives the memory object's sessions, tracees, filters (bytes).
 *
 * The ptrapctl binary is $PTRAPCTL, else "ptrapctl" from PATH.
 * Return: 0, or -1 after a message.
 */
int ctl_status(int *probes, uint64_t mem[3]);

#endif
