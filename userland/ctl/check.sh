#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Checks of ptrapctl against the loaded module: every command, its table
# and its --json output, -h, errors and exit codes. POSIX sh (busybox in
# the test VM). Without the module only the "not loaded" message and the
# exit code are checked; the other cases SKIP.
#
# usage: check.sh [PTRAPCTL]       prints "ok   - NAME", "FAIL - NAME",
#                                  "SKIP - NAME: REASON" lines and a closing
#                                  "N passed, N failed, N skipped"; exits 1
#                                  on failure
C=${1:-ptrapctl}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptrapctl-check.XXXXXX") || exit 1
mon=
cleanup() {
	[ -n "$mon" ] && kill -KILL "$mon" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
skipped=0
ok()   { pass=$((pass + 1)); echo "ok   - $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL - $1"; sed 's/^/      | /' "$tmp/out" "$tmp/err" 2>/dev/null | tail -n 15; }
skip() { skipped=$((skipped + 1)); echo "SKIP - $1: $2"; }

# run NAME WANT_STATUS ARGS...: ptrapctl ARGS, stdout in $tmp/out, stderr in
# $tmp/err; fails the case (returns 1) if the exit status differs.
run() {
	name=$1 want=$2
	shift 2
	timeout -s KILL 20 "$C" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		bad "$name: exit status $got, want $want"
		return 1
	fi
	return 0
}

# has NAME FILE EXTENDED-REGEX
has() {
	if grep -E -e "$3" "$2" >/dev/null 2>&1; then ok "$1"; else bad "$1: no line matching: $3"; fi
}

finish() {
	echo "$pass passed, $fail failed, $skipped skipped"
	[ "$fail" = 0 ]
	exit $?
}

timeout -s KILL 20 "$C" status >"$tmp/out" 2>"$tmp/err"
if [ $? = 3 ]; then
	has not-loaded-message "$tmp/err" '^ptrapctl: ptrap module not loaded: run modprobe ptrap$'
	for n in status stats policy sessions tracees detach monitor; do
		skip "$n" "the ptrap module is not loaded"
	done
	finish
fi

# usage and -h
run usage 2 && has usage-lists-commands "$tmp/err" '^  monitor '
run unknown-command 2 frobnicate && has unknown-command-message "$tmp/err" "unknown command 'frobnicate'"
for n in status stats policy sessions tracees detach monitor; do
	run "help-$n" 0 "$n" -h && has "help-$n-usage" "$tmp/out" "^usage: ptrapctl .*$n"
done

# status
run status 0 status &&
	has status-version "$tmp/out" "^ptrap [0-9.]+ on Linux $(uname -r | sed 's/[.+]/\\&/g')\$"
has status-counts "$tmp/out" '^sessions: [0-9]+   tracees: [0-9]+   probes: '
has status-fastpath "$tmp/out" '^untraced fast path: (off|active|inactive \(foreign probe\))$'
has status-memory "$tmp/out" '^memory: [0-9]+ bytes \(sessions [0-9]+, tracees [0-9]+, filters [0-9]+, register pages [0-9]+\)$'
has status-policy "$tmp/out" '^  scope: +0 \(classic\)$'
run status-json 0 --json status &&
	has status-json-doc "$tmp/out" '^\{"version":"[0-9.]+","kernel":"[^"]+","sessions":[0-9]+,"tracees":[0-9]+,"probes":(true|false),"memory":\{"sessions":[0-9]+,"tracees":[0-9]+,"filters":[0-9]+,"regs_pages":[0-9]+\},"policy":\{"scope":0,'
has status-json-fastpath "$tmp/out" '"untraced_fastpath":"(off|active|foreign)"\}$'
run status-extra-arg 2 status extra

# policy
run policy-set 0 policy set scope=capable max-sessions-per-user=5 max-tracees-per-session=7 force-exitkill=yes &&
	has policy-set-shows "$tmp/out" '^scope: +2 \(capable\)$'
run policy-show 0 policy show && has policy-show-limit "$tmp/out" '^max-tracees-per-session: 7$'
has policy-show-exitkill "$tmp/out" '^force-exitkill: +yes$'
run policy-json 0 policy --json &&
	has policy-json-doc "$tmp/out" '^\{"scope":2,"scope_name":"capable","max_sessions_per_user":5,"max_tracees_per_session":7,"force_exitkill":true\}$'
run policy-bad-key 2 policy set color=blue && has policy-bad-key-message "$tmp/err" "bad setting 'color=blue'"
run policy-bad-scope 2 policy set scope=4
run policy-bad-limit 2 policy set max-tracees-per-session=-1
run policy-restore 0 policy set scope=0 max-sessions-per-user=0 max-tracees-per-session=0 force-exitkill=no &&
	has policy-restored "$tmp/out" '^max-sessions-per-user: +unlimited$'

# unprivileged (uid 65534): permission denied, exit 4
# as_nobody CMD...: run CMD as uid 65534 (util-linux setpriv or su)
as_nobody() {
	if setpriv --help 2>&1 | grep -q -e --reuid; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		su -s /bin/sh nobody -c "$*"
	fi
}
if as_nobody true >/dev/null 2>&1 && [ "$(as_nobody id -u 2>/dev/null)" = 65534 ]; then
	as_nobody "$C" policy set scope=1 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 4 ]; then ok policy-set-unprivileged; else bad "policy-set-unprivileged: exit status $rc, want 4"; fi
	has policy-set-unprivileged-message "$tmp/err" '^ptrapctl: permission denied: setting the policy needs CAP_NET_ADMIN$'
	as_nobody "$C" stats --reset >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 4 ]; then ok stats-reset-unprivileged; else bad "stats-reset-unprivileged: exit status $rc, want 4"; fi
	has stats-reset-unprivileged-message "$tmp/err" '^ptrapctl: permission denied: resetting the statistics needs CAP_NET_ADMIN$'
	as_nobody "$C" detach 1 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 4 ]; then ok detach-unprivileged; else bad "detach-unprivileged: exit status $rc, want 4"; fi
	as_nobody "$C" status >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 0 ]; then ok status-unprivileged; else bad "status-unprivileged: exit status $rc, want 0"; fi
else
	skip policy-set-unprivileged "cannot run a command as uid 65534 here"
fi

# stats
run stats-reset 0 stats --reset
run stats 0 stats && has stats-since "$tmp/out" '^since [0-9]{4}-'
has stats-table "$tmp/out" '^stops +signal +[0-9]+ +group +[0-9]+ +syscall_enter +[0-9]+$'
has stats-refused "$tmp/out" '^refused +access +[0-9]+'
has stats-histogram "$tmp/out" '^stop-to-resume latency \([0-9]+ stops resumed\)$'
run stats-json 0 --json stats &&
	has stats-json-doc "$tmp/out" '^\{"since":[0-9]+,"counters":\{"stops.signal":[0-9]+,.*"refused.tracee_limit":[0-9]+\},"latency_log2_ns":\[([0-9]+,){39}[0-9]+\]\}$'
run stats-bad-arg 2 stats --frob

# sessions and tracees: a session of our own (a shell holding /dev/ptrap)
sh -c 'exec 9<>/dev/ptrap; echo ready; exec sleep 30' >"$tmp/holder" 2>&1 &
holder=$!
i=0
while ! grep -q ready "$tmp/holder" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
run sessions 0 sessions && has sessions-header "$tmp/out" '^ +ID +PID +UID COMMAND +OPENED +TRACEES$'
# The command name is the opener's at open time: the shell's.
has sessions-row "$tmp/out" "^ +[0-9]+ +$holder +0 sh "
sid=$(awk -v p="$holder" '$2 == p { print $1 }' "$tmp/out")
run sessions-json 0 sessions --json &&
	has sessions-json-doc "$tmp/out" "^\\[.*\\{\"id\":$sid,\"pid\":$holder,\"uid\":0,\"comm\":\"sh\",\"opened\":[0-9]+,\"tracees\":0,\"detached\":false\\}.*\\]\$"
run tracees 0 tracees --session "$sid" && has tracees-empty "$tmp/out" '^\(no tracee\)$'
run tracees-json 0 --json tracees --session "$sid" && has tracees-json-empty "$tmp/out" '^\[\]$'
run tracees-bad-id 2 tracees --session x
run detach 0 detach "$sid" && has detach-message "$tmp/out" "^session $sid detached\$"
run sessions-detached 0 sessions && has sessions-shows-detached "$tmp/out" "^ +$sid +$holder .* detached\$"
run detach-none 1 detach 4000000000 && has detach-none-message "$tmp/err" 'detaching the session: No such file or directory: no such session$'
run detach-bad 2 detach
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# monitor: sees a policy change, and an open and close of /dev/ptrap
"$C" monitor --count 3 >"$tmp/mon" 2>"$tmp/monerr" &
mon=$!
i=0
while ! grep -q listening "$tmp/monerr" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
"$C" policy set scope=0 >/dev/null 2>&1
sh -c 'exec 9<>/dev/ptrap; exit 0'
i=0
while kill -0 "$mon" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$mon" 2>/dev/null; then
	kill -KILL "$mon"
	echo "monitor did not exit" >"$tmp/err"
	cp "$tmp/mon" "$tmp/out"
	bad monitor-count
else
	ok monitor-count
fi
mon=
has monitor-policy "$tmp/mon" '^policy +scope=0 max-sessions-per-user=0 '
has monitor-open "$tmp/mon" '^session-open +session=[0-9]+ pid=[0-9]+ uid=0 comm=sh$'
has monitor-close "$tmp/mon" '^session-close +session=[0-9]+$'
if [ "$(sed -n '1s/ .*//p;2s/ .*//p;3s/ .*//p' "$tmp/mon" | tr '\n' ' ')" = "policy session-open session-close " ]; then
	ok monitor-order
else
	cp "$tmp/mon" "$tmp/out"; : >"$tmp/err"; bad monitor-order
fi
run monitor-bad-count 2 monitor --count 0

finish
