#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build ptrap.ko through dkms.conf against each supported kernel's headers,
# as `dkms add/build` would for an admin, without touching /usr/src or
# /var/lib/dkms: the source tree and the DKMS tree live under $BUILD/dkms
# (--sourcetree, --dkmstree) and are removed again afterwards.
#
#   scripts/dkms.sh [KVER...]        default: every kernel from lib.sh:kernels
#   MODULE_SRC=DIR scripts/dkms.sh    take Kbuild, module/, uapi/ from DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=${MODULE_SRC:-$TOP}
command -v dkms >/dev/null || die "dkms missing (run: make deps)"
[ -f "$TOP/dkms.conf" ] || die "$TOP/dkms.conf missing"
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$TOP/dkms.conf")
[ -n "$ver" ] || die "no PACKAGE_VERSION in dkms.conf"

if [ $# -gt 0 ]; then
	kvers=("$@")
else
	mapfile -t kvers < <(kernels | awk '{ print $2 }')
fi
[ ${#kvers[@]} -gt 0 ] || die "no supported kernel headers installed (run: make deps)"

base=$BUILD/dkms
srctree=$base/src
dkmstree=$base/tree
src=$srctree/ptrap-$ver
dkms_=(dkms --sourcetree "$srctree" --dkmstree "$dkmstree")

cleanup() {
	"${dkms_[@]}" remove -m ptrap -v "$ver" --all >/dev/null 2>&1 || true
	rm -rf "$base"
}
trap cleanup EXIT
cleanup
mkdir -p "$src" "$dkmstree"

# What a release tarball would hold for DKMS: dkms.conf, Kbuild, the sources.
cp "$TOP/dkms.conf" "$src/"
cp "$SRC/Kbuild" "$src/"
cp -r "$SRC/module" "$SRC/uapi" "$src/"
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete

"${dkms_[@]}" add -m ptrap -v "$ver"
status=0
for kver in "${kvers[@]}"; do
	say "dkms build ptrap/$ver for $kver"
	if "${dkms_[@]}" build -m ptrap -v "$ver" -k "$kver" &&
	   ko=$(find "$dkmstree/ptrap/$ver/$kver" -name 'ptrap.ko*' | head -n 1) && [ -n "$ko" ]; then
		say "dkms: built $ko"
	else
		warn "dkms build for $kver FAILED"
		for f in "$dkmstree"/ptrap/"$ver"/build/make.log; do [ -f "$f" ] && tail -n 40 "$f"; done
		status=1
	fi
done
exit $status
