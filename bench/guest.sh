#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks, in order, inside the VM (run by /bench/init). Prints the
# BENCH lines of ptrap-bench (see bench/bench.h); stops at the first
# failure. Sizes come from the kernel command line (scripts/bench.sh):
#   BENCH_RUNS     runs per figure (5)
#   BENCH_WL_RUNS  runs of each workload figure (5)
#   BENCH_WL2_RUNS runs of each workload figure in the 2-CPU placement (3)
#   BENCH_SECS     seconds per timed loop run (0.5)
#   BENCH_WRITES   one-byte writes of the workload untraced and under
#                  ptrap-trace -e trace=openat (200000)
#   BENCH_TRACED_WRITES  the same workload's size untraced, under strace
#                  and under ptrap-trace tracing everything (20000: each
#                  write is two stops, ~0.2-1 ms under TCG)
#   BENCH_TRACEES  tracees of the memory figure (1000)
#   BENCH_CPUMASK  taskset mask of the first placement (1: CPU 0 only,
#                  so that tracer and tracee switch on one vCPU instead of
#                  waking an idle vCPU's host thread; empty: no pinning)
#   BENCH_SPIN_US  spin_us of the "-spin" figures (50)
#
# Two placements:
#   rt.*, plat.*, wl.*, wlt.*      everything under BENCH_CPUMASK (one vCPU)
#   rt2.*, plat2.*, wlt2.*         "2-CPU": supervisor/tracer pinned to
#                  vCPU 0, tracee/stub/traced program to vCPU 1 (ptrap-bench
#                  -C 0,1), the same for every mechanism; the module's
#                  figures twice, with spin_us 0 and (suffix -spin) with
#                  BENCH_SPIN_US, which ptrap-bench -s sets and restores.
# With one vCPU the 2-CPU figures are BENCHNA.
set -e
runs=${BENCH_RUNS:-5}
wlruns=${BENCH_WL_RUNS:-5}
wl2runs=${BENCH_WL2_RUNS:-3}
secs=${BENCH_SECS:-0.5}
writes=${BENCH_WRITES:-200000}
twrites=${BENCH_TRACED_WRITES:-20000}
tracees=${BENCH_TRACEES:-1000}
cpumask=${BENCH_CPUMASK-1}
spin=${BENCH_SPIN_US:-50}
spinpath=/sys/module/ptrap/parameters/spin_us
spin0=$(cat $spinpath)
ncpu=$(grep -c ^processor /proc/cpuinfo)
b="ptrap-bench -r $runs -t $secs"
w="/bench/ptrap-bench writes $writes"
tw="/bench/ptrap-bench writes $twrites"
p2="-C 0,1 -P 2"

echo "BENCHINFO runs $runs (workload: $wlruns, 2-CPU workload: $wl2runs)"
echo "BENCHINFO secs $secs"
if [ -n "$cpumask" ]; then
	taskset -p "$cpumask" $$ >/dev/null
else
	cpumask=none
fi
echo "BENCHINFO placement rt, plat, wl, wlt: all on cpumask $cpumask; rt2, plat2, wlt2 (2-CPU): supervisor/tracer on CPU 0, tracee/stub/workload on CPU 1"
echo "BENCHINFO spin_us $spin0 (default), $spin in the -spin figures"
echo "BENCHINFO writes $writes (traced everything: $twrites)"
step() { echo "BENCHSTEP $* $(cut -d' ' -f1 /proc/uptime)"; }
bw="ptrap-bench -r $wlruns"

step idle
$b idle
step roundtrip
$b roundtrip
step platform
$b platform
if [ "$ncpu" -ge 2 ]; then
	step roundtrip-2cpu
	$b $p2 roundtrip module module-poke module-page ptrace-sysemu seccomp-unotify pipe
	$b $p2 -s "$spin" roundtrip module module-poke module-page
	step platform-2cpu
	$b $p2 platform module stubpool
	$b $p2 -s "$spin" platform module
fi
step workload
$bw timecmd wl.untraced $w
$bw timecmd wl.ptrap-trace-openat ptrap-trace -e trace=openat -o /dev/null $w
$bw timecmd wlt.untraced $tw
$bw timecmd wlt.strace strace -f -o /dev/null $tw
$bw timecmd wlt.ptrap-trace ptrap-trace -o /dev/null $tw
if [ "$ncpu" -ge 2 ]; then
	step workload-2cpu
	tw2="/bench/ptrap-bench -C 0,1 writes $twrites"
	bw="ptrap-bench -r $wl2runs"
	$bw -C 0,1 timecmd wlt2.untraced $tw2
	$bw -C 0,1 timecmd wlt2.strace strace -f -o /dev/null $tw2
	$bw -C 0,1 timecmd wlt2.ptrap-trace ptrap-trace -o /dev/null $tw2
	$bw -C 0,1 -s "$spin" timecmd wlt2.ptrap-trace-spin ptrap-trace -o /dev/null $tw2
else
	for k in rt2.module rt2.module-poke rt2.module-page rt2.ptrace-sysemu \
		 rt2.seccomp-unotify rt2.pipe rt2.module-spin rt2.module-poke-spin \
		 rt2.module-page-spin plat2.module plat2.stubpool plat2.module-spin \
		 wlt2.untraced wlt2.strace wlt2.ptrap-trace wlt2.ptrap-trace-spin; do
		echo "BENCHNA $k n/a: one vCPU"
	done
fi
step memory
$b memory "$tracees"
# ptrap-bench -s restores spin_us; a run that did not would skew the rest.
[ "$(cat $spinpath)" = "$spin0" ] || { echo "!!! spin_us left at $(cat $spinpath)"; exit 1; }
step end
