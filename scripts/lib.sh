# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the scripts under scripts/ (bash only; sourced, not run).
#
#   TOP    the repository's top directory
#   BUILD  where every product goes (default $TOP/build; override with BUILD=)

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BUILD=$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)

# The kernel series we support and test; one VM run each.
PTRAP_KERNEL_SERIES=${PTRAP_KERNEL_SERIES:-"6.1 6.12"}

say()  { printf '%s\n' "${0##*/}: $*"; }
warn() { printf '%s\n' "${0##*/}: $*" >&2; }
die()  { warn "error: $*"; exit 1; }

# kernel_for_series SERIES: the newest installed kernel of that series
# (e.g. "6.1" -> "6.1.0-56-amd64") that has both /boot/vmlinuz-* and the
# matching /usr/src/linux-headers-*. Prints nothing if there is none.
kernel_for_series() {
	local s=$1 f k
	for f in /boot/vmlinuz-"$s".*-amd64; do
		[ -e "$f" ] || continue
		k=${f#/boot/vmlinuz-}
		[ -f "/usr/src/linux-headers-$k/Makefile" ] && echo "$k"
	done | sort -V | tail -n 1
}

# kernels: one line "SERIES KVER" per supported series that is installed.
kernels() {
	local s k
	for s in $PTRAP_KERNEL_SERIES; do
		k=$(kernel_for_series "$s")
		[ -n "$k" ] && echo "$s $k"
	done
	return 0
}

# headers_dir KVER: the kbuild directory for that kernel.
headers_dir() { echo "/usr/src/linux-headers-$1"; }
