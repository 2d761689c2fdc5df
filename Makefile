# SPDX-License-Identifier: GPL-2.0
#
# ptrap: top-level build and test driver. Everything built goes to ./build.
#
#   make deps        install the build/test dependencies (Debian 12, root)
#   make all         module (each kernel) + userland + selftests
#   make module      build/module-<kver>/ptrap.ko for 6.1 and 6.12
#   make userland    build/lib/libptrap.{a,so}, build/bin/ptrap-trace{,.static},
#                    build/bin/ptrapctl{,.static}
#   make install     libptrap, ptrap-trace, ptrapctl (+ man pages, udev rule)
#   make selftests   build/selftests/* and build/selftests/TESTS
#   make bench-build build/bench/ptrap-bench (part of all; never run by check)
#   make bench       boot the 6.12 kernel once in qemu, run the benchmarks
#                    there, print the table; build/bench/results.{txt,tsv,json}
#                    and build/bench/ratios.png (scripts/bench.sh; BENCH_RUNS,
#                    BENCH_SECS, BENCH_WRITES, BENCH_TRACEES size it)
#   make checkpatch  checkpatch.pl --strict on module/ and uapi/
#   make dkms        dkms build through dkms.conf, for each kernel
#   make host-tests  build, then run the selftests + ptrap-trace smoke test here
#   make vm          build, then boot each kernel in qemu and run the tests there
#   make check       all of the above; ends with "N passed, N failed, N skipped"
#   make clean
#
# Options: V=1 (whole test output), VM_PARALLEL=0 (VMs one after another),
# VM_TIMEOUT=secs (900),
# VM_APPEND="kernel args" (e.g. oops=panic, PTRAP_TEST_TIMEOUT=secs per test
# binary in the guest, default 300), PTRAP_KERNEL_SERIES="6.1 6.12".
#
# The kernel's Kbuild at the top level serves out-of-tree and DKMS builds
# (make never runs kbuild in the source tree itself: see scripts/module.sh).

BUILD		:= $(abspath build)
KSRC		:= $(BUILD)/ksrc
KSFT		:= $(KSRC)/tools/testing/selftests
PTRAP_VERSION	:= $(shell sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$$/\1/p' dkms.conf)

export BUILD

.PHONY: all deps ksrc module userland lib trace ctl install selftests checkpatch dkms \
	host-tests vm check clean version bench-build bench

all: module userland selftests bench-build

version:
	@echo $(PTRAP_VERSION)

deps:
	scripts/deps.sh

# The kselftest headers and checkpatch.pl, from linux-source-6.1 (once).
ksrc:
	scripts/ksrc.sh

module:
	MAKE="$(MAKE)" scripts/module.sh

# need-makefile DIR: fail clearly while a part is not written yet.
need-makefile = @test -f $(1)/Makefile || { \
	echo "error: $(1)/Makefile is missing: that part is not written yet" >&2; exit 1; }

userland: lib trace ctl

lib:
	$(call need-makefile,userland/lib)
	$(MAKE) -C userland/lib BUILD=$(BUILD)

trace: lib
	$(call need-makefile,userland/trace)
	$(MAKE) -C userland/trace BUILD=$(BUILD)

ctl:
	$(call need-makefile,userland/ctl)
	$(MAKE) -C userland/ctl BUILD=$(BUILD)

install: userland
	$(MAKE) -C userland/lib BUILD=$(BUILD) install
	$(MAKE) -C userland/trace BUILD=$(BUILD) install
	$(MAKE) -C userland/ctl BUILD=$(BUILD) install

selftests: ksrc lib
	$(call need-makefile,selftests)
	$(MAKE) -C selftests BUILD=$(BUILD) KSFT=$(KSFT)
	@test -s $(BUILD)/selftests/TESTS || { \
		echo "error: selftests did not produce $(BUILD)/selftests/TESTS" >&2; exit 1; }

bench-build: lib
	$(MAKE) -C bench BUILD=$(BUILD)

# A benchmark, not a test: `make check` builds bench/ but never runs it.
bench:
	MAKE="$(MAKE)" scripts/bench.sh

checkpatch: ksrc
	scripts/checkpatch.sh

dkms:
	scripts/dkms.sh

host-tests: userland selftests
	scripts/host-tests.sh

vm: all
	scripts/vm/run.sh

# deps (if anything is missing), build, checkpatch, dkms, host tests, one VM
# run per kernel; a summary per suite and one closing line. Carries on past
# a failed step so that one run shows every problem; fails if any did.
check:
	MAKE="$(MAKE)" scripts/check.sh

clean:
	rm -rf $(BUILD)
