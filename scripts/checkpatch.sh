#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict on the module and the uapi header. Any ERROR,
# WARNING or CHECK fails. checkpatch.pl comes from linux-source-6.1
# (scripts/ksrc.sh extracts it into $BUILD/ksrc).
#
#   scripts/checkpatch.sh [FILE...]   default: module/*.c module/*.h uapi/linux/ptrap.h
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CHECKPATCH=$BUILD/ksrc/scripts/checkpatch.pl
[ -f "$CHECKPATCH" ] || die "$CHECKPATCH missing (run: make ksrc)"

cd "$TOP"
if [ $# -eq 0 ]; then
	shopt -s nullglob
	set -- module/*.c module/*.h uapi/linux/ptrap.h
fi
[ $# -gt 0 ] || die "nothing to check"

# --no-tree: not in a kernel tree; --show-types: name each finding's type
# so it can be discussed (or, with a reason, --ignore'd here).
if perl "$CHECKPATCH" --strict --no-tree --show-types --no-summary --quiet \
	-f "$@"; then
	say "checkpatch: clean ($# files)"
else
	die "checkpatch found problems (above)"
fi
