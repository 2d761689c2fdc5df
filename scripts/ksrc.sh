#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Extract the few files we take from Debian's linux-source-6.1 tarball into
# $BUILD/ksrc (same layout as the kernel tree), once:
#   tools/testing/selftests/kselftest_harness.h, kselftest.h
#   scripts/checkpatch.pl, spelling.txt, const_structs.checkpatch
# They are never committed. A stamp file makes re-runs free.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

TARBALL=${KSRC_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
DEST=$BUILD/ksrc
STAMP=$DEST/.stamp
TOPDIR=linux-source-6.1
MEMBERS=(tools/testing/selftests/kselftest_harness.h
	 tools/testing/selftests/kselftest.h
	 scripts/checkpatch.pl
	 scripts/spelling.txt
	 scripts/const_structs.checkpatch)

if [ -f "$STAMP" ] && [ "$STAMP" -nt "$TARBALL" ]; then
	exit 0
fi
[ -f "$TARBALL" ] || die "$TARBALL not found (run: make deps)"

say "extracting ${#MEMBERS[@]} files from $TARBALL into $DEST"
rm -rf "$DEST.tmp"
mkdir -p "$DEST.tmp"
tar -xJf "$TARBALL" -C "$DEST.tmp" --strip-components=1 \
	"${MEMBERS[@]/#/$TOPDIR/}"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
touch "$STAMP"
