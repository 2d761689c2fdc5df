#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything the build and the tests need, from Debian's archive only.
#
#   scripts/deps.sh           install what is missing (quick no-op otherwise)
#   scripts/deps.sh --check   only report; exit 1 if something is missing
#
# Needs: Debian 12 (bookworm), root. Kernels: 6.1 from bookworm and 6.12 from
# bookworm-backports (that suite is added to apt's sources if absent).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Plain packages, checked with dpkg.
PKGS=(gcc make libc6-dev perl pkg-config libnl-3-dev libnl-genl-3-dev
      qemu-system-x86 busybox-static linux-source-6.1 dkms kmod openssl
      cpio gzip xz-utils rsync gnuplot-nox strace)

BPO_LIST=/etc/apt/sources.list.d/bookworm-backports.list

missing_pkgs() {
	local p st
	for p in "${PKGS[@]}"; do
		st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
		[ "${st:0:2}" = ii ] || echo "$p"
	done
}

have_backports() {
	grep -rqsE '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/
}

# What is missing, one item per line; empty when all is there.
missing() {
	local s
	missing_pkgs
	have_backports || echo "apt-source:bookworm-backports"
	for s in $PTRAP_KERNEL_SERIES; do
		[ -n "$(kernel_for_series "$s")" ] || echo "kernel:$s(image+headers)"
	done
	[ -f /usr/src/linux-source-6.1.tar.xz ] || echo "/usr/src/linux-source-6.1.tar.xz"
}

# meta_deps SUITE_RE [EXCLUDE_RE]: the versioned image and headers packages
# (e.g. linux-image-6.1.0-56-amd64) that the linux-image-amd64 and
# linux-headers-amd64 meta packages depend on, in their newest version from
# an apt suite matching SUITE_RE and not EXCLUDE_RE. Without EXCLUDE_RE the
# meta packages themselves are printed too, as "pkg=version".
meta_deps() {
	local re=$1 exclude=${2:-} meta ver dep
	for meta in linux-image-amd64 linux-headers-amd64; do
		# "pkg | version | url suite/main arch Packages"
		ver=$(apt-cache madison "$meta" | awk -F'|' -v re="$re" -v ex="$exclude" '
			{ gsub(/ /, "", $2) }
			$3 ~ re && (ex == "" || $3 !~ ex) { print $2 }' | sort -V | tail -n 1)
		[ -n "$ver" ] || die "no $meta in apt suites matching '$re'"
		dep=$(apt-cache show "$meta=$ver" |
			sed -n 's/^Depends: *\(linux-[a-z]*-[0-9][^ ,]*\).*/\1/p' | head -n 1)
		[ -n "$dep" ] || die "cannot resolve the Depends of $meta=$ver"
		echo "$dep"
		# The meta package itself tracks the backports (newest) kernel.
		[ -z "$exclude" ] && echo "$meta=$ver"
	done
	return 0
}

todo=$(missing)
if [ "${1:-}" = --check ]; then
	[ -z "$todo" ] && exit 0
	say "missing:" $todo
	exit 1
fi
if [ -z "$todo" ]; then
	say "all dependencies present"
	exit 0
fi

say "missing:" $todo
[ "$(id -u)" = 0 ] || die "must run as root to install packages"
export DEBIAN_FRONTEND=noninteractive

if ! have_backports; then
	say "adding bookworm-backports to apt sources ($BPO_LIST)"
	echo "deb http://deb.debian.org/debian bookworm-backports main" > "$BPO_LIST"
fi

# Third-party sources on the machine may fail; Debian's are what we need.
apt-get update || warn "apt-get update reported errors (ignored; checking what resolved)"

# 6.1 from bookworm (incl. -security/-updates), 6.12 from bookworm-backports.
kpkgs=$(meta_deps 'bookworm' 'backports'; meta_deps 'bookworm-backports')
say "kernel packages:" $kpkgs
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends "${PKGS[@]}" $kpkgs

todo=$(missing)
[ -z "$todo" ] || die "still missing after install: $todo"
say "all dependencies installed"
