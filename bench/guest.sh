#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks, in order, inside the VM (run by /bench/init). Prints the
# BENCH lines of ptrap-bench (see bench/bench.h); stops at the first
# failure. Sizes come from the kernel command line (scripts/bench.sh):
#   BENCH_RUNS     runs per figure (5)
#   BENCH_WL_RUNS  runs of each workload figure (5)
#   BENCH_SECS     seconds per timed loop run (0.5)
#   BENCH_WRITES   one-byte writes of the workload untraced and under
#                  ptrap-trace -e trace=openat (200000)
#   BENCH_TRACED_WRITES  the same workload's size untraced, under strace
#                  and under ptrap-trace tracing everything (20000: each
#                  write is two stops, ~0.2-1 ms under TCG)
#   BENCH_TRACEES  tracees of the memory figure (1000)
#   BENCH_CPUMASK  taskset mask every benchmark runs under (1: CPU 0 only,
#                  so that tracer and tracee switch on one vCPU instead of
#                  waking an idle vCPU's host thread; empty: no pinning)
set -e
runs=${BENCH_RUNS:-5}
wlruns=${BENCH_WL_RUNS:-5}
secs=${BENCH_SECS:-0.5}
writes=${BENCH_WRITES:-200000}
twrites=${BENCH_TRACED_WRITES:-20000}
tracees=${BENCH_TRACEES:-1000}
cpumask=${BENCH_CPUMASK-1}
b="ptrap-bench -r $runs -t $secs"
w="/bench/ptrap-bench writes $writes"
tw="/bench/ptrap-bench writes $twrites"

echo "BENCHINFO runs $runs (workload: $wlruns)"
echo "BENCHINFO secs $secs"
if [ -n "$cpumask" ]; then
	taskset -p "$cpumask" $$ >/dev/null
	echo "BENCHINFO cpumask $cpumask"
else
	echo "BENCHINFO cpumask none"
fi
echo "BENCHINFO writes $writes (traced everything: $twrites)"
step() { echo "BENCHSTEP $* $(cut -d' ' -f1 /proc/uptime)"; }

step idle
$b idle
step roundtrip
$b roundtrip
step platform
$b platform
step workload
bw="ptrap-bench -r $wlruns"
$bw timecmd wl.untraced $w
$bw timecmd wl.ptrap-trace-openat ptrap-trace -e trace=openat -o /dev/null $w
$bw timecmd wlt.untraced $tw
$bw timecmd wlt.strace strace -f -o /dev/null $tw
$bw timecmd wlt.ptrap-trace ptrap-trace -o /dev/null $tw
step memory
$b memory "$tracees"
step end
