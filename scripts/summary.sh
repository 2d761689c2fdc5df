#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the per-suite summary of result files (STATUS<TAB>NAME<TAB>DETAIL,
# one line per test, as written by scripts/parse-results.awk), list the
# failures, and end with the one closing line
#     N passed, N failed, N skipped
# Exit status: 1 if anything failed or a file is missing/empty, else 0.
#
#   scripts/summary.sh RESULTFILE...   (suite name = file name without .txt)
set -uo pipefail

[ $# -gt 0 ] || { echo "summary.sh: no result files" >&2; exit 2; }

for f in "$@"; do
	if [ ! -s "$f" ]; then
		# A suite that produced nothing is a failure, never a silent skip.
		printf 'FAIL\t%s:results\tno results (%s missing or empty)\n' \
			"$(basename "$f" .txt)" "$f"
	else
		cat "$f"
	fi | awk -F'\t' -v suite="$(basename "$f" .txt)" '
		{ n[$1]++ }
		$1 == "FAIL" { fails = fails sprintf("    FAIL %s%s\n", $2, $3 != "" ? "  (" $3 ")" : "") }
		END {
			printf "%-10s %4d passed, %4d failed, %4d skipped\n", suite ":",
				n["PASS"], n["FAIL"], n["SKIP"]
			printf "%s", fails
		}'
done

echo
# The totals, counting a missing/empty file as one failure.
pass=0 fail=0 skip=0
for f in "$@"; do
	if [ ! -s "$f" ]; then fail=$((fail + 1)); continue; fi
	read -r p x s < <(awk -F'\t' '{ n[$1]++ } END { print n["PASS"]+0, n["FAIL"]+0, n["SKIP"]+0 }' "$f")
	pass=$((pass + p)) fail=$((fail + x)) skip=$((skip + s))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
