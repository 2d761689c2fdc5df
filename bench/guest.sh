#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks, in order, inside the VM (run by /bench/init). Prints the
# BENCH lines of ptrap-bench (see bench/bench.h); stops at the first
# failure. Sizes come from the kernel command line (scripts/bench.sh):
#   BENCH_RUNS     runs per figure (5)
#   BENCH_SECS     seconds per timed loop run (0.5)
#   BENCH_WRITES   one-byte writes of the workload (200000)
#   BENCH_TRACEES  tracees of the memory figure (1000)
set -e
runs=${BENCH_RUNS:-5}
secs=${BENCH_SECS:-0.5}
writes=${BENCH_WRITES:-200000}
tracees=${BENCH_TRACEES:-1000}
b="ptrap-bench -r $runs -t $secs"
w="/bench/ptrap-bench writes $writes"

echo "BENCHINFO runs $runs"
echo "BENCHINFO secs $secs"
echo "BENCHINFO writes $writes"
step() { echo "BENCHSTEP $* $(cut -d' ' -f1 /proc/uptime)"; }

step idle
$b idle
step roundtrip
$b roundtrip
step platform
$b platform
step workload
$b timecmd wl.untraced $w
$b timecmd wl.strace strace -f -o /dev/null $w
$b timecmd wl.ptrap-trace ptrap-trace -o /dev/null $w
$b timecmd wl.ptrap-trace-openat ptrap-trace -e trace=openat -o /dev/null $w
step memory
$b memory "$tracees"
step end
