#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run the selftest binaries and the ptrap-trace smoke test, printing their
# output between markers that scripts/parse-results.awk reads back:
#
#   @@ptrap:begin NAME@@ ... kselftest TAP output ... @@ptrap:end NAME rc=N@@
#   @@ptrap:result PASS|FAIL|SKIP NAME [detail]@@
#
# POSIX sh: it runs on the host and, under busybox, inside the test VM.
#
#   run-tests.sh -d TESTDIR -t PTRAP_TRACE [-b "BACKEND..."] [-c CHECK]
#                [-n CTL_CHECK -p PTRAPCTL]
#
#   TESTDIR      holds the test binaries and TESTS (their names, one a line)
#   PTRAP_TRACE  the ptrap-trace binary for the smoke test
#   BACKENDS     PTRAP_BACKEND values for the smoke test: "auto" (default)
#                leaves the variable unset, e.g. "module stub-pool" in the VM
#   CHECK        ptrap-trace's own case list (userland/trace/check.sh), run
#                per backend; each of its cases becomes a result
#   CTL_CHECK    ptrapctl's case list (userland/ctl/check.sh), run once
#                with PTRAPCTL; each of its cases becomes a result
#
# Each binary gets at most $PTRAP_TEST_TIMEOUT seconds (default 300; in the
# VM, set it on the kernel command line: VM_APPEND=PTRAP_TEST_TIMEOUT=600).
# The exit status is always 0: results are judged from the markers.

testdir= trace= backends=auto check= ctlcheck= ctl=
while getopts d:t:b:c:n:p: opt; do
	case $opt in
	d) testdir=$OPTARG ;;
	t) trace=$OPTARG ;;
	b) backends=$OPTARG ;;
	c) check=$OPTARG ;;
	n) ctlcheck=$OPTARG ;;
	p) ctl=$OPTARG ;;
	*) echo "usage: $0 -d TESTDIR -t PTRAP_TRACE [-b BACKENDS] [-c CHECK] [-n CTL_CHECK -p PTRAPCTL]" >&2; exit 2 ;;
	esac
done
timeout_s=${PTRAP_TEST_TIMEOUT:-300}

result() { echo "@@ptrap:result $*@@"; }

# --- selftest binaries -----------------------------------------------------
if [ ! -f "$testdir/TESTS" ]; then
	result FAIL selftests "no TESTS file in $testdir"
else
	ntests=0
	while read -r t; do
		case $t in ''|'#'*) continue ;; esac
		ntests=$((ntests + 1))
		if [ ! -x "$testdir/$t" ]; then
			result FAIL "$t" "listed in TESTS but $testdir/$t is missing"
			continue
		fi
		echo "@@ptrap:begin $t@@"
		# The harness forks per test; run each binary from a scratch cwd.
		(cd "${TMPDIR:-/tmp}" && timeout -s KILL "$timeout_s" "$testdir/$t") 2>&1
		rc=$?
		echo "@@ptrap:end $t rc=$rc@@"
	done < "$testdir/TESTS"
	[ "$ntests" -gt 0 ] || result FAIL selftests "TESTS lists no test"
fi

# --- ptrap-trace smoke test ------------------------------------------------
# `ptrap-trace -- busybox true` must exit 0 and report exit_group.
out=${TMPDIR:-/tmp}/ptrap-trace-smoke.$$
bb=$(command -v busybox || echo /bin/busybox)	# absolute: no PATH search
for b in $backends; do
	name=trace-smoke-$b
	if [ ! -x "$trace" ]; then
		result FAIL "$name" "$trace is missing"
		continue
	fi
	if [ "$b" = auto ]; then
		(unset PTRAP_BACKEND; timeout -s KILL 60 "$trace" -v -- "$bb" true) > "$out" 2>&1
	else
		PTRAP_BACKEND=$b timeout -s KILL 60 "$trace" -v -- "$bb" true > "$out" 2>&1
	fi
	rc=$?
	echo "--- $name: ptrap-trace -v -- $bb true (PTRAP_BACKEND=$b): rc=$rc"
	head -n 40 "$out"
	if [ "$rc" -ne 0 ]; then
		result FAIL "$name" "exit status $rc"
	elif ! grep -q exit_group "$out"; then
		result FAIL "$name" "no exit_group line in its output"
	else
		result PASS "$name"
	fi
done

# case_results NAME RC: the "ok/FAIL/SKIP - CASE" lines of a check script's
# output ($out) as results NAME:CASE.
case_results() {
	grep -v '^ok   - ' "$out" | head -n 80
	awk -v pre="$1:" '
		function res(st, n, d) {
			gsub(/[^A-Za-z0-9_.=%!,+-]+/, "-", n)
			printf "@@ptrap:result %s %s%s%s@@\n", st, pre, n, d == "" ? "" : " " d
		}
		/^ok   - / { res("PASS", substr($0, 8), ""); n++ }
		/^FAIL - / { res("FAIL", substr($0, 8), ""); n++; f++ }
		/^SKIP - / {
			s = substr($0, 8); i = index(s, ": ")
			res("SKIP", i ? substr(s, 1, i - 1) : s, i ? substr(s, i + 2) : "")
			n++
		}
		END { if (!n) printf "@@ptrap:result FAIL %sno-cases no case ran@@\n", pre }
	' "$out"
	if [ "$2" -ne 0 ] && ! grep -q '^FAIL - ' "$out"; then
		result FAIL "$1" "exit status $2 without a failed case"
	fi
}

# --- ptrap-trace's own cases -------------------------------------------------
# check.sh prints "ok   - NAME", "FAIL - NAME", "SKIP - NAME: REASON" lines
# and exits non-zero on failure; each line becomes a result.
for b in $backends; do
	[ -n "$check" ] || break
	name=trace-check-$b
	if [ ! -f "$check" ]; then
		result FAIL "$name" "$check is missing"
		continue
	fi
	if [ "$b" = auto ]; then
		(unset PTRAP_BACKEND; timeout -s KILL 900 sh "$check" "$trace") > "$out" 2>&1
	else
		PTRAP_BACKEND=$b timeout -s KILL 900 sh "$check" "$trace" > "$out" 2>&1
	fi
	rc=$?
	echo "--- $name: sh $check $trace (PTRAP_BACKEND=$b): rc=$rc"
	case_results "$name" "$rc"
done

# --- ptrapctl's cases --------------------------------------------------------
if [ -n "$ctlcheck" ]; then
	name=ctl-check
	if [ ! -f "$ctlcheck" ] || [ ! -x "$ctl" ]; then
		result FAIL "$name" "$ctlcheck or $ctl is missing"
	else
		timeout -s KILL 300 sh "$ctlcheck" "$ctl" > "$out" 2>&1
		rc=$?
		echo "--- $name: sh $ctlcheck $ctl: rc=$rc"
		case_results "$name" "$rc"
	fi
fi
rm -f "$out"
exit 0
