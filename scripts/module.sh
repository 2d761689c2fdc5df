#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build ptrap.ko against the headers of each supported installed kernel:
#   $BUILD/module-<kver>/ptrap.ko
#
# Out-of-tree builds write their objects next to the sources, so each kernel
# gets its own copy of Kbuild, module/ and uapi/ under $BUILD/module-<kver>/
# (kept in sync with rsync, so rebuilds are incremental).
#
#   scripts/module.sh [KVER...]      default: every kernel from lib.sh:kernels
#   MODULE_SRC=DIR scripts/module.sh  take Kbuild, module/, uapi/ from DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=${MODULE_SRC:-$TOP}
MAKE=${MAKE:-make}

[ -f "$SRC/Kbuild" ] || die "$SRC/Kbuild is missing"
compgen -G "$SRC/module/*.c" >/dev/null || die "no module sources: $SRC/module/*.c is missing"

if [ $# -gt 0 ]; then
	kvers=("$@")
else
	mapfile -t kvers < <(kernels | awk '{ print $2 }')
fi
[ ${#kvers[@]} -gt 0 ] || die "no supported kernel headers installed (run: make deps)"

# Parallel kbuild unless a parent make already hands us a jobserver.
jobs=()
case "${MAKEFLAGS:-}" in *jobserver*) ;; *) jobs=(-j"$(nproc)") ;; esac

for kver in "${kvers[@]}"; do
	kdir=$(headers_dir "$kver")
	out=$BUILD/module-$kver
	[ -f "$kdir/Makefile" ] || die "no headers for $kver at $kdir"
	mkdir -p "$out"
	# Copy sources; --delete drops files removed from the tree, while the
	# excluded build products are left alone (incremental rebuilds).
	rsync -a --delete \
		--include=/Kbuild --include='/module/***' --include='/uapi/***' \
		--exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='/*' \
		"$SRC/" "$out/"
	say "building ptrap.ko for $kver"
	"$MAKE" "${jobs[@]}" -C "$kdir" M="$out" modules
	[ -f "$out/ptrap.ko" ] || die "$out/ptrap.ko was not produced"
done
