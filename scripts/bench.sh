#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: build, boot the 6.12 kernel in qemu ONCE with the module
# loaded, run every benchmark there (bench/guest.sh), and report:
#
#   build/bench/vm.log        the whole serial console
#   build/bench/raw.txt       the BENCH lines, one per run
#   build/bench/results.txt   the table: medians, min, max, ratios, targets
#   build/bench/results.tsv   the same, tab-separated
#   build/bench/results.json  the same, JSON
#   build/bench/ratios.png    the ratios against their targets (gnuplot)
#
# The table goes to stdout too. Exit status: 0 when the run completed and
# gave every figure (a missed target is not a failure: this is a benchmark,
# not a test), 1 otherwise.
#
# Environment:
#   BENCH_SERIES=6.12   the kernel series to boot
#   BENCH_RUNS=5        runs per figure (median, min, max of these)
#   BENCH_WL_RUNS=5     runs per workload figure
#   BENCH_WL2_RUNS=3    runs per workload figure in the 2-CPU placement
#   BENCH_SECS=0.5      seconds per run of the timed loops
#   BENCH_WRITES=200000 one-byte writes of the workload, untraced and under
#                       ptrap-trace -e trace=openat
#   BENCH_TRACED_WRITES=20000  its size untraced, under strace and under
#                       ptrap-trace tracing every call (200000 takes 3 to 15
#                       minutes per strace run under TCG on a busy host)
#   BENCH_TRACEES=1000  tracees of the memory figure
#   BENCH_CPUMASK=1     taskset mask of the first placement in the guest
#                       (empty: none; 1 keeps tracer and tracee on one vCPU);
#                       the 2-CPU placement always pins to vCPUs 0 and 1
#   BENCH_SPIN_US=50    the module's spin_us in the "-spin" figures (it is 0
#                       everywhere else)
#   BENCH_KARGS=idle=halt  extra guest kernel arguments. idle=halt: an idle
#                       vCPU halts (HLT) instead of MWAIT; without it, under
#                       TCG, waking the MWAIT-idle vCPU seemed to wait for
#                       its next timer tick (presumably: the kernel wakes a
#                       polling CPU by a memory write, no IPI): 2-CPU round
#                       trips of 2-8 ms instead of 70-110 us
#   BENCH_TIMEOUT=2400  seconds before the VM is killed
#   VM_MEM=1024 VM_SMP=2 VM_CPU=max   as scripts/vm/run.sh
set -uo pipefail
. "$(dirname "$0")/lib.sh"

MAKE=${MAKE:-make}
SERIES=${BENCH_SERIES:-6.12}
RUNS=${BENCH_RUNS:-5}
WL_RUNS=${BENCH_WL_RUNS:-5}
WL2_RUNS=${BENCH_WL2_RUNS:-3}
SECS=${BENCH_SECS:-0.5}
WRITES=${BENCH_WRITES:-200000}
TWRITES=${BENCH_TRACED_WRITES:-20000}
TRACEES=${BENCH_TRACEES:-1000}
CPUMASK=${BENCH_CPUMASK-1}
SPIN_US=${BENCH_SPIN_US:-50}
KARGS=${BENCH_KARGS-idle=halt}
TIMEOUT=${BENCH_TIMEOUT:-2400}
VM_MEM=${VM_MEM:-1024}
VM_SMP=${VM_SMP:-2}
VM_CPU=${VM_CPU:-max}
BUSYBOX=${BUSYBOX:-/bin/busybox}
STRACE=${STRACE:-/usr/bin/strace}
OUT=$BUILD/bench

kver=$(kernel_for_series "$SERIES")
[ -n "$kver" ] || die "no $SERIES kernel with headers installed (make deps)"
for t in qemu-system-x86_64 gnuplot cpio gzip; do
	command -v "$t" >/dev/null || die "$t missing (run: make deps)"
done
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing (run: make deps)"
[ -x "$STRACE" ] || die "$STRACE missing (run: make deps)"

say "building (module for $kver, userland, bench)"
cd "$TOP" || exit 1
MAKE="$MAKE" scripts/module.sh "$kver" >/dev/null || die "module build failed"
"$MAKE" --no-print-directory -s userland bench-build >/dev/null || die "build failed"
mkdir -p "$OUT"

# ---- the initramfs: busybox, the module, the binaries, strace + its libs ----
root=$(mktemp -d "$OUT/initramfs.XXXXXX")
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,bench,proc,sys,dev,tmp,root,etc}
cp "$BUSYBOX" "$root/bin/busybox"
"$BUSYBOX" --list-full | while read -r applet; do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
install -m 755 bench/init "$root/init"
install -m 755 bench/guest.sh "$root/bench/guest.sh"
install -m 755 "$OUT/ptrap-bench" "$root/bench/ptrap-bench"
install -m 755 "$BUILD/bin/ptrap-trace.static" "$root/bin/ptrap-trace"
install -m 755 "$BUILD/bin/ptrapctl.static" "$root/bin/ptrapctl"
cp "$BUILD/module-$kver/ptrap.ko" "$root/lib/ptrap.ko"
# Debian's strace is dynamic: the binary, every library ldd names, the
# loader, each at its own path.
install -D -m 755 "$STRACE" "$root/usr/bin/strace"
ldd "$STRACE" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
while read -r lib; do
	install -D -m 755 "$(readlink -f "$lib")" "$root$lib"
done
img=$OUT/vm.cpio.gz
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --quiet --owner=0:0) | gzip -1 > "$img"

# ---- one boot ----------------------------------------------------------------
log=$OUT/vm.log
say "booting /boot/vmlinuz-$kver (qemu TCG, $VM_SMP vCPU, ${VM_MEM} MiB; runs $RUNS/$WL_RUNS," \
	"${SECS}s loops, $WRITES/$TWRITES writes, $TRACEES tracees; log $log)"
start=$SECONDS
# What else the host was doing: the 2-CPU figures wait for a second vCPU
# thread, which a loaded host may not run for milliseconds.
hostload() {
	echo "BENCHINFO host-load-$1 loadavg $(cut -d' ' -f1-3 /proc/loadavg)," \
		"$(nproc) host CPUs, $(pgrep -c qemu-system) qemu running"
}
hostload before > "$OUT/host.txt"
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 \
	-nographic -no-reboot -m "$VM_MEM" -smp "$VM_SMP" -cpu "$VM_CPU" \
	-kernel "/boot/vmlinuz-$kver" -initrd "$img" \
	-append "console=ttyS0 panic=-1 quiet loglevel=4 $KARGS BENCH_RUNS=$RUNS BENCH_WL_RUNS=$WL_RUNS BENCH_WL2_RUNS=$WL2_RUNS BENCH_SECS=$SECS BENCH_WRITES=$WRITES BENCH_TRACED_WRITES=$TWRITES BENCH_TRACEES=$TRACEES BENCH_CPUMASK=$CPUMASK BENCH_SPIN_US=$SPIN_US" \
	</dev/null 2>&1 | sed -u 's/\r$//' | tee "$log" |
	grep --line-buffered -E '^BENCHSTEP|^ptrap-bench:|^!!!|Kernel panic|BUG:|Oops'
rc=${PIPESTATUS[0]}
hostload after >> "$OUT/host.txt"
say "VM run took $((SECONDS - start))s"

status=0
case $rc in
0) ;;
124|137) warn "the VM was killed after ${TIMEOUT}s"; status=1 ;;
*) warn "qemu exit status $rc"; status=1 ;;
esac
grep -q '@@bench:status 0@@' "$log" || { warn "the benchmarks did not all run (see $log)"; status=1; }
if sed -n '/@@ptrap:dmesg-begin@@/,/@@ptrap:dmesg-end@@/p' "$log" |
	grep -E 'BUG:|WARNING:|lockdep|sleeping function called from invalid context|Oops'; then
	warn "the guest kernel log has the errors above"
	status=1
fi

# ---- the report ----------------------------------------------------------------
{ grep -E '^BENCH(NA|INFO)? ' "$log"; cat "$OUT/host.txt"; } > "$OUT/raw.txt"
awk -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v qemu="qemu TCG, $VM_SMP vCPU, $VM_MEM MiB" \
	-v tsv="$OUT/results.tsv" -v json="$OUT/results.json" -v plot="$OUT/ratios.dat" \
	-f bench/report.awk "$OUT/raw.txt" > "$OUT/results.txt" || status=1
cat "$OUT/results.txt"
if [ -s "$OUT/ratios.dat" ]; then
	gnuplot -e "datafile='$OUT/ratios.dat'; outfile='$OUT/ratios.png'" bench/ratios.gp ||
		{ warn "gnuplot failed"; status=1; }
fi
say "results: $OUT/results.txt (.tsv, .json), chart: $OUT/ratios.png"
exit $status
