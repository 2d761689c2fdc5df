#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Smoke tests for ptrap-trace: trace a few programs, check the lines that
# matter and the exit status. POSIX sh, so that it also runs in a
# busybox-only VM (there against the module backend). Cases that need what
# the backend does not offer yet SKIP with the reason; nothing may hang:
# every trace runs under a timeout.
#
# usage: check.sh [PTRAP_TRACE]     prints one line per case and a closing
#                                   "N passed, N failed, N skipped";
#                                   exits 1 on failure
T=${1:-ptrap-trace}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptrap-trace-check.XXXXXX") || exit 1
bgpids=
cleanup() {
	for p in $bgpids; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
skipped=0
TMO=${PTRAP_TRACE_CHECK_TIMEOUT:-60}

ok()   { pass=$((pass + 1)); echo "ok   - $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL - $1"; [ -f "$tmp/err" ] && sed 's/^/      | /' "$tmp/err" | tail -n 15; }
skip() { skipped=$((skipped + 1)); echo "SKIP - $1: $2"; }

# run NAME EXPECTED_STATUS ARGS...: ptrap-trace ARGS, trace in $tmp/trace,
# its stderr in $tmp/err (the trace is appended to it for bad()).
run() {
	name=$1 want=$2
	shift 2
	rm -f "$tmp/trace"
	timeout -s KILL "$TMO" "$T" -o "$tmp/trace" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	cp "$tmp/err" "$tmp/stderr"
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

# has_re NAME EXTENDED-REGEX: the trace has a line matching it
has_re() {
	if grep -E -e "$2" "$tmp/trace" >/dev/null 2>&1; then ok "$1"; else bad "$1: no line matching: $2"; fi
}

# lacks NAME EXTENDED-REGEX: no line of the trace matches it
lacks() {
	if grep -E -e "$2" "$tmp/trace" >/dev/null 2>&1; then bad "$1: a line matches: $2"; else ok "$1"; fi
}

# only NAME ALLOWED: every system call line is of a call ALLOWED matches
# (an extended regex for the name)
only() {
	if grep -E '^(\[pid +[0-9]+\] )?(<\.\.\. )?[a-z_0-9]+[( ]' "$tmp/trace" |
		sed 's/^\[pid  *[0-9]*\] //; s/^<\.\.\. //' |
		grep -Ev "^($2)[( ]" >"$tmp/others"; then
		bad "$1: other calls shown: $(head -n 1 "$tmp/others")"
	else
		ok "$1"
	fi
}

# state PID: the process state letter of /proc/PID/stat (R, S, T, t, Z...)
state() {
	sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null
}

# wait_for FILE FIXED-STRING: poll (0.1 s) until FILE has it; 1 on timeout
wait_for() {
	i=0
	while ! grep -F -e "$2" "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt $((TMO * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

# wait_gone PID: poll until PID has exited; 1 on timeout
wait_gone() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ "$(state "$1")" != Z ]; do
		i=$((i + 1))
		[ $i -gt $((TMO * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

if ! command -v "$T" >/dev/null 2>&1; then
	echo "FAIL - $T: not found or not executable"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

# A backend that cannot follow forks says so; -f cases SKIP then.
timeout -s KILL "$TMO" "$T" -v -f -o "$tmp/trace" true >/dev/null 2>"$tmp/err"
backend=$(sed -n 's/^ptrap-trace: backend: //p' "$tmp/err")
nofollow=$(sed -n 's/^ptrap-trace: \(-f needs .*\)/\1/p' "$tmp/err")
echo "# backend: ${backend:-unknown}"

# ---- basics ---------------------------------------------------------------

run "true" 0 true &&
	has "true: exit_group" "exit_group(0) = ?" &&
	has "true: exited" "+++ exited with 0 +++"

run "cat ENOENT" 1 cat /nonexistent &&
	has "cat: ENOENT with path" '"/nonexistent", O_RDONLY) = -1 ENOENT (No such file or directory)'

run "write" 0 sh -c 'echo hello' && has "write: buffer" 'write(1, "hello\n", 6) = 6'

run "long write" 0 sh -c 'echo 0123456789012345678901234567890123456789' &&
	has "long write: cut at 32" 'write(1, "01234567890123456789012345678901"..., 41) = 41'

if [ -x /bin/true ]; then
	run "exec" 0 sh -c 'exec /bin/true' &&
		has "exec: execve line" 'execve("/bin/true", ["/bin/true"]' &&
		has "exec: exited" "+++ exited with 0 +++"
fi

# ---- exit statuses --------------------------------------------------------

run "exit 3" 3 sh -c 'exit 3' && has "exit 3: exited" "+++ exited with 3 +++"

run "killed" 138 sh -c 'kill -USR1 $$' &&
	has "killed: signal stop" "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER" &&
	has "killed: end" "+++ killed by SIGUSR1 +++"

timeout -s KILL "$TMO" "$T" ptrap-trace-no-such-command >/dev/null 2>"$tmp/err"
st=$?
if [ $st = 127 ] && grep -q "cannot execute 'ptrap-trace-no-such-command': No such file or directory" "$tmp/err"; then
	ok "not found: 127"
else
	bad "not found: status $st"
fi

: >"$tmp/noexec"
timeout -s KILL "$TMO" "$T" "$tmp/noexec" >/dev/null 2>"$tmp/err"
st=$?
if [ $st = 126 ] && grep -q "Permission denied" "$tmp/err"; then ok "not executable: 126"; else bad "not executable: status $st"; fi

"$T" >/dev/null 2>"$tmp/err"
st=$?
if [ $st = 1 ] && grep -q "must have COMMAND or -p PID" "$tmp/err"; then ok "no command: 1"; else bad "no command: status $st"; fi

# ---- signals --------------------------------------------------------------

run "signal passed on" 0 sh -c 'trap "echo caught" USR1; kill -USR1 $$; echo after' &&
	if grep -q caught "$tmp/out" && grep -q after "$tmp/out"; then
		ok "signal passed on: handler ran"
	else
		bad "signal passed on: handler did not run"
	fi

run "SIGCHLD" 0 sh -c '(exit 7); :' &&
	has_re "SIGCHLD: siginfo decoded" \
		'^--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=[0-9]+, si_uid=[0-9]+, si_status=7, si_utime=[0-9]+, si_stime=[0-9]+\} ---$'

# A group-stop: reported, then resumed (a spawned tracee is not seized,
# so it cannot be kept stopped; see ptrap-trace(1)).
timeout -s KILL "$TMO" "$T" -o "$tmp/trace" sh -c 'kill -STOP $$; echo resumed' >"$tmp/out" 2>"$tmp/err"
st=$?
cat "$tmp/trace" >>"$tmp/err" 2>/dev/null
if [ $st != 0 ]; then
	bad "group-stop: exit status $st, want 0"
else
	has "group-stop: SIGSTOP" "--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER"
	has "group-stop: stopped by" "--- stopped by SIGSTOP ---"
	if grep -q resumed "$tmp/out"; then ok "group-stop: resumed"; else bad "group-stop: resumed"; fi
fi

# ---- -e trace= ------------------------------------------------------------

run "-e trace=write" 0 -e trace=write sh -c 'echo hi' &&
	has "-e trace=write: write shown" 'write(1, "hi\n", 3) = 3' &&
	only "-e trace=write: nothing else" 'write' &&
	has "-e trace=write: end shown" "+++ exited with 0 +++"

run "-e %file" 1 -e trace=%file cat /nonexistent &&
	has "-e %file: open shown" '"/nonexistent", O_RDONLY) = -1 ENOENT' &&
	lacks "-e %file: no read/close/mmap" '^(read|close|mmap|exit_group)\('

run "-e !close" 0 -e '!close' true &&
	lacks "-e !close: no close" '^close\(' &&
	has "-e !close: others shown" "exit_group(0) = ?"

run "-e trace=%process" 0 -e trace=%process sh -c '(exit 2); :' &&
	has_re "-e %process: fork shown" '^(clone|clone3|fork|vfork)\(' &&
	has_re "-e %process: wait shown" '^wait4\(' &&
	lacks "-e %process: no file calls" '^(openat|open|read|close)\('

run "-e trace=bogus" 1 -e trace=ptrap_no_such_call true &&
	if grep -q "invalid system call 'ptrap_no_such_call'" "$tmp/stderr"; then
		ok "-e trace=bogus: message"
	else
		bad "-e trace=bogus: message"
	fi

run "-e signal=" 1 -e signal=all true &&
	if grep -q "not supported" "$tmp/stderr"; then ok "-e signal=: refused"; else bad "-e signal=: refused"; fi

# ---- -f -------------------------------------------------------------------

# check_pairs: every "<unfinished ...>" line is resumed later by a line
# "<... NAME resumed>" of the same call name, and nothing else is resumed.
check_pairs() {
	awk '
	/ <unfinished \.\.\.>$/ {
		s = $0; sub(/^\[pid +[0-9]+\] /, "", s); sub(/\(.*/, "", s)
		open[s]++; n++
	}
	/<\.\.\. [a-z_0-9]+ resumed>/ {
		s = $0; sub(/.*<\.\.\. /, "", s); sub(/ resumed>.*/, "", s)
		if (open[s] < 1) { print "resumed without unfinished: " $0; bad = 1 }
		open[s]--; n--
	}
	END { if (n != 0) { print n " unfinished never resumed"; bad = 1 } exit bad }
	' "$tmp/trace" >>"$tmp/err"
}

if [ -n "$nofollow" ]; then
	skip "-f" "$nofollow"
else
	run "-f fork" 0 -f sh -c '(i=0; while [ $i -lt 20 ]; do echo x >/dev/null; i=$((i + 1)); done; exit 5); echo $?' &&
		has_re "-f fork: child's lines prefixed" '^\[pid +[0-9]+\] ' &&
		has_re "-f fork: child's end" '^\[pid +[0-9]+\] \+\+\+ exited with 5 \+\+\+$' &&
		has_re "-f fork: parent's end" '^(\[pid +[0-9]+\] )?\+\+\+ exited with 0 \+\+\+$' &&
		has_re "-f fork: parent's wait interrupted" '^(\[pid +[0-9]+\] )?wait4\(.* <unfinished \.\.\.>$' &&
		has_re "-f fork: and resumed" '^(\[pid +[0-9]+\] )?<\.\.\. wait4 resumed>' &&
		if check_pairs; then ok "-f fork: unfinished/resumed pair up"; else bad "-f fork: unfinished/resumed pair up"; fi &&
		if [ "$(cat "$tmp/out")" = 5 ]; then ok "-f fork: child's status seen by parent"; else bad "-f fork: child's status seen by parent"; fi

	# The trace on stderr: children are announced there, as strace does.
	timeout -s KILL "$TMO" "$T" -f sh -c '(exit 5); :' >/dev/null 2>"$tmp/err"
	st=$?
	if [ $st = 0 ] && grep -Eq "ptrap-trace: Process [0-9]+ attached$" "$tmp/err" &&
		grep -Eq '^\[pid +[0-9]+\] \+\+\+ exited with 5 \+\+\+$' "$tmp/err"; then
		ok "-f on stderr: child announced and traced"
	else
		bad "-f on stderr: child announced and traced (status $st)"
	fi

	if [ -x /bin/true ]; then
		run "-f exec" 4 -f sh -c '/bin/true; exit 4' &&
			has_re "-f exec: child's execve" '^\[pid +[0-9]+\] execve\("/bin/true", \["/bin/true"\]' &&
			has_re "-f exec: child's exit" '^\[pid +[0-9]+\] exit_group\(0\) = \?$' &&
			has "-f exec: parent's end" "+++ exited with 4 +++"
	fi

	run "-f -e" 0 -f -e trace=exit_group sh -c '(exit 6); :' &&
		has_re "-f -e: child's exit_group" '^\[pid +[0-9]+\] exit_group\(6\) = \?$' &&
		only "-f -e: nothing else" 'exit_group'
	run "without -f" 0 sh -c '(exit 6); :' &&
		lacks "without -f: no child" '^\[pid '
fi

# ---- -p -------------------------------------------------------------------

# attach_case NAME PID: ptrap-trace -p PID in the background until
# "attached"; sets $tp. 0, 1 (failed: reported), 2 (skipped: reported).
attach_case() {
	rm -f "$tmp/trace"
	: >"$tmp/err"
	"$T" -o "$tmp/trace" -p "$2" 2>"$tmp/err" &
	tp=$!
	bgpids="$bgpids $tp"
	if ! wait_for "$tmp/err" "Process $2 attached"; then
		kill -KILL "$tp" 2>/dev/null
		wait "$tp" 2>/dev/null
		if grep -q "cannot attach\|does not support" "$tmp/err"; then
			skip "$1" "$(sed -n 's/^ptrap-trace: //p' "$tmp/err" | head -n 1)"
			return 2
		fi
		bad "$1: not attached"
		return 1
	fi
	return 0
}

# detach_case NAME SIGNAL: signal ptrap-trace, which must detach and exit 0
detach_case() {
	kill "-$2" "$tp"
	if ! wait_gone "$tp"; then
		kill -KILL "$tp" 2>/dev/null
		wait "$tp" 2>/dev/null
		bad "$1: still running after SIG$2"
		return 1
	fi
	wait "$tp"
	st=$?
	cat "$tmp/trace" >>"$tmp/err" 2>/dev/null
	if [ "$st" != 0 ]; then
		bad "$1: exit status $st after SIG$2, want 0"
		return 1
	fi
	ok "$1: exit 0 after SIG$2"
	return 0
}

sleep 100 &
victim=$!
bgpids="$bgpids $victim"
if attach_case "-p" "$victim"; then
	sleep 0.3
	if detach_case "-p" INT; then
		if grep -q "Process $victim detached" "$tmp/err"; then ok "-p: detached message"; else bad "-p: detached message"; fi
		s=$(state "$victim")
		case $s in
		S|R|D) ok "-p: left running ($s)" ;;
		*) bad "-p: left in state '$s'" ;;
		esac
	fi
fi
kill "$victim" 2>/dev/null
wait "$victim" 2>/dev/null

# A stopped process stays stopped: attached, traced, left as it was.
sleep 100 &
victim=$!
bgpids="$bgpids $victim"
kill -STOP "$victim"
if attach_case "-p stopped" "$victim"; then
	sleep 0.3
	if detach_case "-p stopped" TERM; then
		s=$(state "$victim")
		if [ "$s" = T ]; then ok "-p stopped: still stopped"; else bad "-p stopped: state '$s', want T"; fi
		kill -CONT "$victim"
		sleep 0.2
		s=$(state "$victim")
		case $s in
		S|R|D) ok "-p stopped: runs after SIGCONT ($s)" ;;
		*) bad "-p stopped: state '$s' after SIGCONT" ;;
		esac
	fi
fi
kill -KILL "$victim" 2>/dev/null
wait "$victim" 2>/dev/null

sh -c ':' & gone=$!
wait "$gone"
run "-p gone" 1 -p "$gone" &&
	if grep -q "cannot attach to process $gone: No such process" "$tmp/stderr"; then
		ok "-p gone: message"
	else
		bad "-p gone: message"
	fi

run "-p bad" 1 -p 12x &&
	if grep -q "invalid process id: '12x'" "$tmp/stderr"; then ok "-p bad: message"; else bad "-p bad: message"; fi

# ---- output and help -----------------------------------------------------

timeout -s KILL "$TMO" "$T" -v true >/dev/null 2>"$tmp/err"
if grep -Eq "^ptrap-trace: backend: (module|stub-pool)$" "$tmp/err"; then ok "-v: backend"; else bad "-v: backend"; fi
if grep -Fq "exit_group(0) = ?" "$tmp/err"; then ok "default output: stderr"; else bad "default output: stderr"; fi

if "$T" -h | grep -q "^Usage: ptrap-trace"; then ok "-h"; else bad "-h"; fi

echo "$pass passed, $fail failed, $skipped skipped"
[ $fail = 0 ]
