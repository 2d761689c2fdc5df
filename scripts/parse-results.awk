#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
#
# Turn a test log (host run or VM serial console) into result lines
#     STATUS<TAB>NAME<TAB>DETAIL          STATUS: PASS, FAIL or SKIP
# one per test case, for scripts/summary.sh.
#
# Variables (-v):
#   suite=NAME     prefix for every result name (e.g. host, vm-6.1)
#   vm=1           it is a VM console log: also require the boot and done
#                  markers, and scan the guest kernel log (between the
#                  dmesg-begin/-end markers) for BUG/WARN/lockdep/... reports
#   kmsg=FILE      where to write the offending kernel log lines
#   faillog=FILE   where to copy the whole output of each test binary that
#                  had a failure (for the console of a CI run)
#
# Markers (written by scripts/run-tests.sh and scripts/vm/init):
#   @@ptrap:begin BIN@@  <kselftest TAP>  @@ptrap:end BIN rc=N@@
#   @@ptrap:result STATUS NAME [detail]@@
#   @@ptrap:boot KVER@@  @@ptrap:dmesg-begin@@  @@ptrap:dmesg-end@@
#   @@ptrap:done@@
# Inside a BIN section, TAP lines "ok N name", "not ok N name",
# "ok N [name] # SKIP reason", "ok N [name] # XFAIL ..." are counted; a
# nameless result (the harness prints skips without the name) takes the name
# from the preceding "#  RUN  fixture.variant.test ..." line. A section that
# ends with fewer results than its "1..N" plan, with no result at all, or
# with a failing exit status but no failing case, adds one failure.

function emit(status, name, detail) {
	gsub(/[\t\n]/, " ", detail)
	if (status == "FAIL") secfail++
	printf "%s\t%s:%s\t%s\n", status, suite, name, detail
	nres++
}

# The guest kernel log: what fails a run, and the benign exceptions.
function kernel_log_bad(line) {
	if (line ~ /module verification failed: signature and\/or required key missing/ ||
	    line ~ /loading out-of-tree module taints kernel/)
		return 0
	return line ~ /BUG:|kernel BUG at|WARNING:|-----------\[ cut here|lockdep|possible circular locking|sleeping function called from invalid context|refcount_t:|general protection fault|Oops|Call Trace:|kmemleak|leaked|blocked for more than|soft lockup|rcu_(sched|preempt)? ?(self-)?detected stall|Kernel panic|UBSAN:|KASAN:|list_(add|del) corruption/
}

BEGIN { insec = ""; in_dmesg = 0; nres = 0; nbad = 0 }

{ sub(/\r+$/, "") }

# ---- kernel log section --------------------------------------------------
/@@ptrap:dmesg-begin@@/ { in_dmesg = 1; saw_dmesg = 1; next }
/@@ptrap:dmesg-end@@/   { in_dmesg = 0; saw_dmesg_end = 1; next }
in_dmesg {
	if (kernel_log_bad($0)) {
		nbad++
		if (kmsg != "") print > kmsg
	}
	next
}

/@@ptrap:boot / { booted = 1 }
/@@ptrap:done@@/ { done = 1 }

# ---- a test binary's section --------------------------------------------
match($0, /@@ptrap:begin [^@]*@@/) {
	insec = substr($0, RSTART + 14, RLENGTH - 16)
	plan = -1; got = 0; failed = 0; lastrun = ""; secfail = 0; buf = ""
	next
}
match($0, /@@ptrap:end [^@]* rc=-?[0-9]+@@/) {
	s = substr($0, RSTART + 12, RLENGTH - 14)
	rc = s; sub(/.* rc=/, "", rc); rc += 0
	if (plan > 0 && got < plan)
		emit("FAIL", insec ":incomplete", sprintf("%d of %d results, exit status %d", got, plan, rc))
	else if (got == 0 && plan != 0)
		emit("FAIL", insec ":no-results", sprintf("no TAP result, exit status %d", rc))
	else if (rc != 0 && rc != 4 && failed == 0)	# 4: KSFT_SKIP
		emit("FAIL", insec ":exit-status", sprintf("exit status %d", rc))
	if (secfail && faillog != "")
		printf "===== output of %s (exit status %d) =====\n%s", insec, rc, buf > faillog
	insec = ""
	next
}
insec != "" { buf = buf $0 "\n" }
insec != "" && /^1\.\.[0-9]+/ { plan = substr($0, 4) + 0; next }
insec != "" && /^# +RUN +/ {
	lastrun = $0
	sub(/^# +RUN +/, "", lastrun); sub(/ *\.\.\. *$/, "", lastrun)
	next
}
insec != "" && /^(not )?ok [0-9]+( |$)/ {
	ok = ($1 == "ok")
	rest = $0; sub(/^(not )?ok [0-9]+ ?/, "", rest)
	directive = ""
	if ((i = index(rest, "# ")) > 0) {
		directive = substr(rest, i + 2)
		rest = substr(rest, 1, i - 1)
	}
	sub(/ +$/, "", rest)
	name = rest != "" ? rest : (lastrun != "" ? lastrun : "test" got + 1)
	got++
	if (directive ~ /^SKIP/) {
		sub(/^SKIP:? */, "", directive)
		emit("SKIP", insec ":" name, directive)
	} else if (ok) {
		emit("PASS", insec ":" name, directive)
	} else {
		failed++
		emit("FAIL", insec ":" name, directive)
	}
	lastrun = ""
	next
}

# ---- single results ------------------------------------------------------
match($0, /@@ptrap:result (PASS|FAIL|SKIP) [^@]*@@/) {
	s = substr($0, RSTART + 15, RLENGTH - 17)
	status = substr(s, 1, 4)
	s = substr(s, 6)
	name = s; detail = ""
	if ((i = index(s, " ")) > 0) { name = substr(s, 1, i - 1); detail = substr(s, i + 1) }
	emit(status, name, detail)
	next
}

END {
	if (insec != "") {
		emit("FAIL", insec ":crashed", "its output ended without an end marker")
		if (faillog != "")
			printf "===== output of %s (cut short) =====\n%s", insec, buf > faillog
	}
	if (vm) {
		if (!booted)
			emit("FAIL", "boot", "the guest never reached /init")
		else if (!done)
			emit("FAIL", "completed", "the guest did not finish (crash, panic or timeout)")
		if (!saw_dmesg || !saw_dmesg_end)
			emit("FAIL", "kernel-log", "no kernel log dump: cannot check it")
		else if (nbad > 0)
			emit("FAIL", "kernel-log", nbad " suspicious kernel log line(s)")
		else
			emit("PASS", "kernel-log", "")
	}
	if (nres == 0)
		emit("FAIL", "results", "the log holds no test result")
}
