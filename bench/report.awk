# SPDX-License-Identifier: GPL-2.0
#
# The benchmark report, from the BENCH lines of one VM run (bench/bench.h):
#
#   awk -v date=... -v qemu=... -v tsv=FILE -v json=FILE -v plot=FILE \
#	-f bench/report.awk raw.txt > results.txt
#
# Per figure: median, min and max of its runs. Then the ratios of medians
# with their targets ("met", or "missed: X.XXx the target"). Writes the
# table to stdout, the same as TSV and JSON, and the ratios that have a
# target and a value to the gnuplot data file (label, value, target).
# Exit status 1 if a figure that a ratio needs is missing.

function median(k,    n, i, j, t, a) {
	n = cnt[k]
	for (i = 1; i <= n; i++)
		a[i] = val[k, i]
	for (i = 2; i <= n; i++) {		# insertion sort: n is small
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	mn[k] = a[1]
	mx[k] = a[n]
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function jstr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return "\"" s "\""
}

# best(KEYS): of the space-separated KEYS, the one with the lowest median;
# the first if none was measured (so that its BENCHNA reason shows).
function best(keys,    n, i, k, b) {
	n = split(keys, k, " ")
	b = ""
	for (i = 1; i <= n; i++)
		if ((k[i] in med) && (b == "" || med[k[i]] < med[b]))
			b = k[i]
	return b == "" ? k[1] : b
}

# The variant part of a key: "rt2.module-page-spin" -> "module-page-spin".
function variant(key) {
	sub(/^[^.]*\./, "", key)
	return key
}

# ratio(NAME, NUM, DEN, SCALE, TARGET): NUM/DEN/SCALE against "<= TARGET"
# (TARGET 0: a reference figure without a target).
function ratio(name, num, den, scale, target,    v, st) {
	nr++
	rname[nr] = name
	rtarget[nr] = target
	if (!(num in med) || (den != "" && !(den in med))) {
		rval[nr] = ""
		rstatus[nr] = (num in na) ? na[num] : "n/a: not measured"
		if (!(num in na) && !(den in na))
			missing = 1
		return
	}
	v = med[num] / (den == "" ? 1 : med[den]) / scale
	rval[nr] = v
	if (target == 0)
		st = "reference"
	else if (v <= target)
		st = "met"
	else
		st = sprintf("missed: %.2fx the target", v / target)
	rstatus[nr] = st
}

$1 == "BENCH" { k = $2; val[k, ++cnt[k]] = $3; unit[k] = $4; if (!(k in seen)) { seen[k] = 1; order[++nk] = k } }
$1 == "BENCHNA" { k = $2; $1 = $2 = ""; sub(/^ +/, ""); na[k] = $0 }
$1 == "BENCHINFO" { k = $2; $1 = $2 = ""; sub(/^ +/, ""); info[k] = $0; iorder[++ni] = k }

END {
	for (i = 1; i <= nk; i++)
		med[order[i]] = median(order[i])

	# Round trips: each ratio within one placement (rt: one vCPU; rt2:
	# supervisor on vCPU 0, tracee on vCPU 1). The targets are for the best
	# module variant; in rt2 that includes spin_us (off by default).
	b1 = best("rt.module rt.module-poke rt.module-page")
	b2 = best("rt2.module rt2.module-poke rt2.module-page rt2.module-spin rt2.module-poke-spin rt2.module-page-spin")
	ratio("rt 1 vCPU: best module (" variant(b1) ") / ptrace SYSEMU", b1, "rt.ptrace-sysemu", 1, 0.33)
	ratio("rt 1 vCPU: best module (" variant(b1) ") / seccomp unotify", b1, "rt.seccomp-unotify", 1, 0.5)
	ratio("rt 2-CPU: best module (" variant(b2) ") / ptrace SYSEMU", b2, "rt2.ptrace-sysemu", 1, 0.33)
	ratio("rt 2-CPU: best module (" variant(b2) ") / seccomp unotify", b2, "rt2.seccomp-unotify", 1, 0.5)
	ratio("rt 1 vCPU: module (3 syscalls) / ptrace SYSEMU", "rt.module", "rt.ptrace-sysemu", 1, 0)
	ratio("rt 1 vCPU: module-page / module (regs page vs ioctls)", "rt.module-page", "rt.module", 1, 0)
	ratio("rt 1 vCPU: module-page / pipe ping-pong (2 switches)", "rt.module-page", "rt.pipe", 1, 0)
	ratio("rt 1 vCPU: ptrace SYSEMU / pipe ping-pong", "rt.ptrace-sysemu", "rt.pipe", 1, 0)
	ratio("rt 1 vCPU: module-page / native getppid", "rt.module-page", "rt.native", 1, 0)
	ratio("rt 2-CPU: module-page (spin 0) / ptrace SYSEMU", "rt2.module-page", "rt2.ptrace-sysemu", 1, 0)
	ratio("rt 2-CPU: module-page (spin 0) / seccomp unotify", "rt2.module-page", "rt2.seccomp-unotify", 1, 0)
	ratio("rt 2-CPU: module-page-spin / module-page (spin gain)", "rt2.module-page-spin", "rt2.module-page", 1, 0)
	ratio("rt 2-CPU: module-page-spin / pipe ping-pong", "rt2.module-page-spin", "rt2.pipe", 1, 0)
	ratio("rt 2-CPU / 1 vCPU: module-page-spin / module-page", "rt2.module-page-spin", "rt.module-page", 1, 0)
	ratio("rt 2-CPU / 1 vCPU: ptrace SYSEMU", "rt2.ptrace-sysemu", "rt.ptrace-sysemu", 1, 0)
	ratio("rt 2-CPU / 1 vCPU: seccomp unotify", "rt2.seccomp-unotify", "rt.seccomp-unotify", 1, 0)
	ratio("platform 1 vCPU: module / stub pool", "plat.module", "plat.stubpool", 1, 0)
	ratio("platform 1 vCPU, general regs only: module / stub pool", "plat.module-gregs", "plat.stubpool-gregs", 1, 0)
	ratio("platform 1 vCPU: module switch / module round trip", "plat.module", "rt.module", 1, 0)
	ratio("platform 2-CPU: module / stub pool", "plat2.module", "plat2.stubpool", 1, 0)
	ratio("platform 2-CPU: module-spin / stub pool", "plat2.module-spin", "plat2.stubpool", 1, 0)
	ratio("workload 1 vCPU: ptrap-trace / strace", "wlt.ptrap-trace", "wlt.strace", 1, 0.5)
	ratio("workload 2-CPU: ptrap-trace (spin) / strace", "wlt2.ptrap-trace-spin", "wlt2.strace", 1, 0.5)
	ratio("workload 2-CPU: ptrap-trace (spin 0) / strace", "wlt2.ptrap-trace", "wlt2.strace", 1, 0)
	ratio("workload slowdown 1 vCPU: strace", "wlt.strace", "wlt.untraced", 1, 0)
	ratio("workload slowdown 1 vCPU: ptrap-trace", "wlt.ptrap-trace", "wlt.untraced", 1, 0)
	ratio("workload slowdown 2-CPU: strace", "wlt2.strace", "wlt2.untraced", 1, 0)
	ratio("workload slowdown 2-CPU: ptrap-trace (spin)", "wlt2.ptrap-trace-spin", "wlt2.untraced", 1, 0)
	ratio("workload slowdown: ptrap-trace -e trace=openat", "wl.ptrap-trace-openat", "wl.untraced", 1, 1.2)
	ratio("untraced getppid: tracing another / no session", "idle.on", "idle.off", 1, 1.10)
	ratio("kernel memory per tracee / 4 KiB", "mem.tracee", "", 4096, 1)

	printf "ptrap benchmarks, %s", date
	if ("kernel" in info)
		printf ", Linux %s", info["kernel"]
	printf ", %s\n", qemu
	for (i = 1; i <= ni; i++)
		if (iorder[i] != "kernel")
			printf "  %s: %s\n", iorder[i], info[iorder[i]]
	printf "\n%-26s %12s %12s %12s %5s %s\n", "figure", "median", "min", "max", "runs", "unit"
	print "figure\tmedian\tmin\tmax\truns\tunit" > tsv
	for (i = 1; i <= nk; i++) {
		k = order[i]
		printf "%-26s %12.6g %12.6g %12.6g %5d %s\n", k, med[k], mn[k], mx[k], cnt[k], unit[k]
		printf "%s\t%.6g\t%.6g\t%.6g\t%d\t%s\n", k, med[k], mn[k], mx[k], cnt[k], unit[k] > tsv
	}
	for (k in na)
		printf "%-26s %s\n", k, na[k]

	printf "\n%-60s %8s %8s  %s\n", "ratio (of medians)", "value", "target", "result"
	print "\nratio\tvalue\ttarget\tresult" > tsv
	for (i = 1; i <= nr; i++) {
		t = rtarget[i] ? sprintf("<= %g", rtarget[i]) : "-"
		v = rval[i] == "" ? "-" : sprintf("%.3g", rval[i])
		printf "%-60s %8s %8s  %s\n", rname[i], v, t, rstatus[i]
		printf "%s\t%s\t%s\t%s\n", rname[i], v, t, rstatus[i] > tsv
		if (rtarget[i] && rval[i] != "")
			printf "\"%s\"\t%.6g\t%g\n", rname[i], rval[i], rtarget[i] > plot
	}

	printf "{\"date\":%s,\"context\":%s,\"info\":{", jstr(date), jstr(qemu) > json
	for (i = 1; i <= ni; i++)
		printf "%s%s:%s", (i > 1 ? "," : ""), jstr(iorder[i]), jstr(info[iorder[i]]) > json
	printf "},\"figures\":{" > json
	for (i = 1; i <= nk; i++) {
		k = order[i]
		printf "%s%s:{\"median\":%.6g,\"min\":%.6g,\"max\":%.6g,\"runs\":%d,\"unit\":%s}", \
			(i > 1 ? "," : ""), jstr(k), med[k], mn[k], mx[k], cnt[k], jstr(unit[k]) > json
	}
	printf "},\"ratios\":[" > json
	for (i = 1; i <= nr; i++)
		printf "%s{\"name\":%s,\"value\":%s,\"target\":%s,\"result\":%s}", (i > 1 ? "," : ""), \
			jstr(rname[i]), rval[i] == "" ? "null" : sprintf("%.6g", rval[i]), \
			rtarget[i] ? rtarget[i] : "null", jstr(rstatus[i]) > json
	print "]}" > json
	exit missing
}
