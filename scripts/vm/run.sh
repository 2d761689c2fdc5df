#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot each supported kernel in qemu (TCG: this host cannot load modules),
# load ptrap.ko, run the selftests and ptrap-trace inside, unload, and check
# the guest kernel log.
#
#   scripts/vm/run.sh [SERIES...]      default: $PTRAP_KERNEL_SERIES (6.1 6.12)
#
# Per kernel KVER of series S:
#   $BUILD/vm-KVER.cpio.gz     the initramfs (scripts/vm/mkinitramfs.sh)
#   $BUILD/vm-KVER.log         the full serial console log
#   $BUILD/results/vm-S.txt    one result line per test (parse-results.awk)
# Exit status: 0 if every test passed, else 1. A VM that does not boot, does
# not finish, or times out is a failure, never a skip.
#
# Environment:
#   VM_PARALLEL=0      boot the kernels one after another (default 1: all at
#                      once; on 2 cores as fast for CPU-bound guests, twice
#                      as fast when tests wait or hang)
#   VM_TIMEOUT=900     seconds before a VM is killed
#   VM_MEM=1024 VM_SMP=2 VM_CPU=max
#   VM_APPEND=...      extra kernel command line (e.g. "oops=panic")
#   V=1                show the whole console (default: results and errors)
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

VM_TIMEOUT=${VM_TIMEOUT:-900}
VM_MEM=${VM_MEM:-1024}
VM_SMP=${VM_SMP:-2}
# "max": every feature TCG emulates, notably SMEP and SMAP, so that a module
# touching user memory without the uaccess helpers faults at once.
VM_CPU=${VM_CPU:-max}
RESULTS=$BUILD/results
mkdir -p "$RESULTS"

# run_one SERIES: one VM run; prints its progress, writes its results.
run_one() {
	local series=$1 kver suite=vm-$1 res log img rc start secs
	res=$RESULTS/$suite.txt
	: > "$res"
	kver=$(kernel_for_series "$series")
	if [ -z "$kver" ]; then
		printf 'FAIL\t%s:kernel\tno %s kernel with headers installed (make deps)\n' "$suite" "$series" > "$res"
		warn "$suite: no $series kernel installed"
		return 1
	fi
	log=$BUILD/vm-$kver.log
	img=$BUILD/vm-$kver.cpio.gz
	if ! "$TOP/scripts/vm/mkinitramfs.sh" "$kver" "$img"; then
		printf 'FAIL\t%s:initramfs\tbuilding the initramfs failed\n' "$suite" > "$res"
		return 1
	fi

	say "$suite: booting /boot/vmlinuz-$kver (timeout ${VM_TIMEOUT}s, log $log)"
	start=$SECONDS
	# stdin from /dev/null: qemu must not touch the terminal (and CI has none).
	timeout -k 10 "$VM_TIMEOUT" qemu-system-x86_64 \
		-nographic -no-reboot -m "$VM_MEM" -smp "$VM_SMP" -cpu "$VM_CPU" \
		-kernel "/boot/vmlinuz-$kver" -initrd "$img" \
		-append "console=ttyS0 panic=-1 quiet loglevel=4 log_buf_len=4M ${VM_APPEND:-}" \
		</dev/null 2>&1 | tr -d '\r' | tee "$log" | {
		if [ "${V:-0}" = 1 ]; then cat
		else awk '
			/@@ptrap:dmesg-begin@@/ { quiet = 1 }	# shown below if bad
			match($0, /@@ptrap:boot [^@]*@@/) { print "guest booted: " substr($0, RSTART + 13, RLENGTH - 15) }
			match($0, /@@ptrap:result FAIL [^@]*@@/) { print "FAIL " substr($0, RSTART + 20, RLENGTH - 22) }
			!quiet && /^not ok |^!!!|Kernel panic|BUG:|Oops/ { print }
			{ fflush() }'
		fi
	} | sed -u "s/^/[$suite] /"
	rc=${PIPESTATUS[0]}
	secs=$((SECONDS - start))

	awk -v suite="$suite" -v vm=1 -v kmsg="$log.kmsg" -v faillog="$log.fail" \
		-f "$TOP/scripts/parse-results.awk" "$log" > "$res"
	case $rc in
	0) ;;
	124|137) printf 'FAIL\t%s:timeout\tkilled after %ss\n' "$suite" "$VM_TIMEOUT" >> "$res" ;;
	*) printf 'FAIL\t%s:qemu\tqemu exit status %s\n' "$suite" "$rc" >> "$res" ;;
	esac

	# For CI, whose console is all there is: show what failed.
	if [ -s "$log.fail" ]; then
		echo "[$suite] ---- output of failing test binaries (full log: $log) ----"
		head -n 400 "$log.fail" | sed "s/^/[$suite] /"
	fi
	if [ -s "$log.kmsg" ]; then
		echo "[$suite] ---- offending guest kernel log lines ----"
		head -n 100 "$log.kmsg" | sed "s/^/[$suite] /"
	fi
	if ! grep -q '@@ptrap:done@@' "$log"; then
		echo "[$suite] ---- the VM did not finish; last console lines ----"
		tail -n 60 "$log" | sed "s/^/[$suite] /"
	fi
	rm -f "$log.fail" "$log.kmsg"
	awk -F'\t' -v s="$suite" -v t="$secs" '{ n[$1]++ }
		END { printf "%s: %d passed, %d failed, %d skipped (VM run %ds)\n", s, n["PASS"], n["FAIL"], n["SKIP"], t }' "$res"
	! grep -q '^FAIL' "$res"
}

[ $# -gt 0 ] || set -- $PTRAP_KERNEL_SERIES
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (run: make deps)"

status=0
if [ "${VM_PARALLEL:-1}" = 1 ]; then
	pids=()
	for s in "$@"; do run_one "$s" & pids+=($!); done
	for p in "${pids[@]}"; do wait "$p" || status=1; done
else
	for s in "$@"; do run_one "$s" || status=1; done
fi
exit $status
