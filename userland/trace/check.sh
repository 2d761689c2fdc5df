#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Smoke tests for ptrap-trace: trace a few programs, check the lines that
# matter and the exit status. POSIX sh, so that it also runs in a
# busybox-only VM (there against the module backend).
#
# usage: check.sh [PTRAP_TRACE]     prints one line per case and a closing
#                                   "N passed, N failed"; exits 1 on failure
T=${1:-ptrap-trace}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptrap-trace-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok()   { pass=$((pass + 1)); echo "ok   - $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL - $1"; [ -f "$tmp/err" ] && sed 's/^/      | /' "$tmp/err" | tail -n 15; }

# run NAME EXPECTED_STATUS CMD...: trace CMD, trace in $tmp/trace
run() {
	name=$1 want=$2
	shift 2
	"$T" -o "$tmp/trace" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	cat "$tmp/trace" >>"$tmp/err" 2>/dev/null
	if [ "$got" != "$want" ]; then
		bad "$name: exit status $got, want $want"
		return 1
	fi
	return 0
}

# has NAME FIXED-STRING: the trace has a line containing it
has() {
	if grep -F -e "$2" "$tmp/trace" >/dev/null 2>&1; then ok "$1"; else bad "$1: no line with: $2"; fi
}

run "true" 0 true &&
	has "true: exit_group" "exit_group(0) = ?" &&
	has "true: exited" "+++ exited with 0 +++"

run "cat ENOENT" 1 cat /nonexistent &&
	has "cat: ENOENT with path" '"/nonexistent", O_RDONLY) = -1 ENOENT (No such file or directory)'

run "exit 3" 3 sh -c 'exit 3' && has "exit 3: exited" "+++ exited with 3 +++"

run "killed" 138 sh -c 'kill -USR1 $$' &&
	has "killed: signal stop" "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER" &&
	has "killed: end" "+++ killed by SIGUSR1 +++"

run "signal passed on" 0 sh -c 'trap "echo caught" USR1; kill -USR1 $$; echo after' &&
	if grep -q caught "$tmp/out" && grep -q after "$tmp/out"; then
		ok "signal passed on: handler ran"
	else
		bad "signal passed on: handler did not run"
	fi

run "write" 0 sh -c 'echo hello' && has "write: buffer" 'write(1, "hello\n", 6) = 6'

run "long write" 0 sh -c 'echo 0123456789012345678901234567890123456789' &&
	has "long write: cut at 32" 'write(1, "01234567890123456789012345678901"..., 41) = 41'

if [ -x /bin/true ]; then
	run "exec" 0 sh -c 'exec /bin/true' &&
		has "exec: execve line" 'execve("/bin/true", ["/bin/true"]' &&
		has "exec: exited" "+++ exited with 0 +++"
fi

"$T" ptrap-trace-no-such-command >/dev/null 2>"$tmp/err"
st=$?
if [ $st = 127 ] && grep -q "cannot execute 'ptrap-trace-no-such-command': No such file or directory" "$tmp/err"; then
	ok "not found: 127"
else
	bad "not found: status $st"
fi

: >"$tmp/noexec"
"$T" "$tmp/noexec" >/dev/null 2>"$tmp/err"
st=$?
if [ $st = 126 ] && grep -q "Permission denied" "$tmp/err"; then ok "not executable: 126"; else bad "not executable: status $st"; fi

"$T" -v true >/dev/null 2>"$tmp/err"
if grep -Eq "^ptrap-trace: backend: (module|stub-pool)$" "$tmp/err"; then ok "-v: backend"; else bad "-v: backend"; fi
if grep -Fq "exit_group(0) = ?" "$tmp/err"; then ok "default output: stderr"; else bad "default output: stderr"; fi

if "$T" -h | grep -q "^Usage: ptrap-trace"; then ok "-h"; else bad "-h"; fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
