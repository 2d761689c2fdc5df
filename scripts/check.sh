#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: everything, in order, carrying on past a failed step so one
# run shows every problem:
#   deps (installed only if missing), build (module per kernel, userland,
#   selftests), checkpatch, dkms, host tests, one VM run per kernel.
# Build steps are results of the suite "build"; the tests are the suites
# "host" and "vm-<series>". Ends with scripts/summary.sh: per suite counts,
# the failures, and the closing line "N passed, N failed, N skipped".
# Exit status: non-zero if anything failed or did not run.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

MAKE=${MAKE:-make}
RESULTS=$BUILD/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
buildres=$RESULTS/build.txt
: > "$buildres"
t0=$SECONDS

# step NAME CMD...: run one step, record PASS/FAIL build:NAME.
step() {
	local name=$1 start=$SECONDS rc
	shift
	echo "==== $name: $*"
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		printf 'PASS\tbuild:%s\t\n' "$name" >> "$buildres"
		echo "==== $name: ok ($((SECONDS - start))s)"
	else
		printf 'FAIL\tbuild:%s\texit status %d\n' "$name" "$rc" >> "$buildres"
		echo "==== $name: FAILED, exit status $rc ($((SECONDS - start))s)"
	fi
	return $rc
}

cd "$TOP"
step deps scripts/deps.sh
step ksrc scripts/ksrc.sh

# One module build per kernel, so each kernel's result stands alone.
mapfile -t kvers < <(kernels | awk '{ print $2 }')
[ ${#kvers[@]} -gt 0 ] || printf 'FAIL\tbuild:module\tno supported kernel installed\n' >> "$buildres"
for kver in "${kvers[@]}"; do
	step "module-$kver" scripts/module.sh "$kver"
done
step userland "$MAKE" --no-print-directory userland
step selftests "$MAKE" --no-print-directory selftests
step bench-build "$MAKE" --no-print-directory bench-build
step checkpatch scripts/checkpatch.sh
step dkms scripts/dkms.sh

echo "==== host tests"
scripts/host-tests.sh
echo "==== VM tests: $PTRAP_KERNEL_SERIES"
scripts/vm/run.sh

echo
echo "==== summary (make check took $((SECONDS - t0))s; logs in $BUILD)"
files=("$buildres" "$RESULTS/host.txt")
for s in $PTRAP_KERNEL_SERIES; do files+=("$RESULTS/vm-$s.txt"); done
scripts/summary.sh "${files[@]}"
