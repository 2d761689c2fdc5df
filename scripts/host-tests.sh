#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the selftests and the ptrap-trace smoke test on this host (no module
# here: libptrap serves them with the stub-pool backend, and the module
# variants SKIP).
#
#   $BUILD/host.log            the full output
#   $BUILD/results/host.txt    one result line per test (parse-results.awk)
# Exit status: 0 if every test passed, else 1.
#
# Environment: V=1 shows the whole output (default: failures only).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

log=$BUILD/host.log
res=$BUILD/results/host.txt
mkdir -p "$BUILD/results"
[ "$(id -u)" = 0 ] || warn "not root: tests that need root will fail or skip"

say "host: running $BUILD/selftests (log $log)"
start=$SECONDS
"$TOP/scripts/run-tests.sh" -d "$BUILD/selftests" -t "$BUILD/bin/ptrap-trace" -b auto \
	-c "$TOP/userland/trace/check.sh" \
	-n "$TOP/userland/ctl/check.sh" -p "$BUILD/bin/ptrapctl" 2>&1 |
	tee "$log" | {
	if [ "${V:-0}" = 1 ]; then cat
	else awk 'match($0, /@@ptrap:result FAIL [^@]*@@/) { print "FAIL " substr($0, RSTART + 20, RLENGTH - 22) }
		  /^not ok / { print } { fflush() }'
	fi
} | sed -u 's/^/[host] /'

awk -v suite=host -v faillog="$log.fail" -f "$TOP/scripts/parse-results.awk" "$log" > "$res"
if [ -s "$log.fail" ]; then
	echo "[host] ---- output of failing test binaries (full log: $log) ----"
	head -n 400 "$log.fail" | sed 's/^/[host] /'
fi
rm -f "$log.fail"
awk -F'\t' -v t=$((SECONDS - start)) '{ n[$1]++ }
	END { printf "host: %d passed, %d failed, %d skipped (%ds)\n", n["PASS"], n["FAIL"], n["SKIP"], t }' "$res"
! grep -q '^FAIL' "$res"
