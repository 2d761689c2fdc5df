#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test VM's initramfs for one kernel (gzip'd newc cpio):
#
#   scripts/vm/mkinitramfs.sh KVER OUTPUT
#
#   /init                    scripts/vm/init
#   /bin/busybox + applets   busybox-static
#   /bin/run-tests.sh        scripts/run-tests.sh
#   /bin/ptrap-trace-check.sh  userland/trace/check.sh
#   /bin/ptrap-trace         $BUILD/bin/ptrap-trace.static
#   /bin/ptrapctl            $BUILD/bin/ptrapctl.static
#   /bin/ptrapctl-check.sh   userland/ctl/check.sh
#   /lib/ptrap.ko            $BUILD/module-KVER/ptrap.ko
#   /tests/                  $BUILD/selftests/: TESTS and every file but
#                            *.o/*.d (the binaries TESTS lists, and helpers)
#
# A missing piece is left out with a warning (the run then reports it as a
# failed test) so one absent binary does not hide every other result.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

kver=$1 out=$2
BUSYBOX=${BUSYBOX:-/bin/busybox}
root=$(mktemp -d "$BUILD/initramfs-$kver.XXXXXX")
# mktemp -d makes it 0700, and the cpio's "." entry gives the guest's / that
# mode: every uid but 0 would then get EACCES for any path (the tests that
# run as uid 65534 open /dev/ptrap).
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT

[ -x "$BUSYBOX" ] || die "$BUSYBOX missing (run: make deps: busybox-static)"

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,tests,proc,sys,dev,tmp,root,etc}
cp "$BUSYBOX" "$root/bin/busybox"
# One symlink per applet, at the path busybox reports for it.
"$BUSYBOX" --list-full | while read -r applet; do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
install -m 755 "$TOP/scripts/vm/init" "$root/init"
install -m 755 "$TOP/scripts/run-tests.sh" "$root/bin/run-tests.sh"
install -m 755 "$TOP/userland/trace/check.sh" "$root/bin/ptrap-trace-check.sh"
install -m 755 "$TOP/userland/ctl/check.sh" "$root/bin/ptrapctl-check.sh"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
# The kernel opens /dev/console for /init before devtmpfs is mounted.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

ko=$BUILD/module-$kver/ptrap.ko
if [ -f "$ko" ]; then cp "$ko" "$root/lib/ptrap.ko"; else warn "missing $ko"; fi

trace=$BUILD/bin/ptrap-trace.static
if [ -f "$trace" ]; then install -m 755 "$trace" "$root/bin/ptrap-trace"; else warn "missing $trace"; fi

ctl=$BUILD/bin/ptrapctl.static
if [ -f "$ctl" ]; then install -m 755 "$ctl" "$root/bin/ptrapctl"; else warn "missing $ctl"; fi

tests=$BUILD/selftests
if [ -f "$tests/TESTS" ]; then
	rsync -a --exclude='*.o' --exclude='*.d' "$tests/" "$root/tests/"
	while read -r t; do
		case $t in ''|'#'*) continue ;; esac
		[ -f "$tests/$t" ] || warn "missing $tests/$t (listed in TESTS)"
	done < "$tests/TESTS"
else
	warn "missing $tests/TESTS"
fi

(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --quiet --owner=0:0) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
