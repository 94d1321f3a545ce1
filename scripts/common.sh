# Shared shell helpers for scripts/*.sh. Sourced, not run.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../tools/versions.env
. "$TOP/tools/versions.env"

# Everything expensive lives outside the clone, so a fresh clone reuses it.
OXT_CACHE=${OXT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oxtables}
mkdir -p "$OXT_CACHE"

KVER=${KERNEL_PKG_VERSION%%-*}
KSRC=$OXT_CACHE/src/linux-$KVER
RUST_LIB_SRC=$OXT_CACHE/rust-src/$RUST_SRC_PKG_VERSION/usr/src/rustc-$RUSTC_VERSION/library
BINDGEN_ROOT=$OXT_CACHE/bindgen-$BINDGEN_VERSION
BINDGEN=$BINDGEN_ROOT/bin/bindgen
VNG_VENV=$OXT_CACHE/venv-virtme-ng-$VIRTME_NG_VERSION
LIBCLANG_PATH=/usr/lib/llvm-$LLVM_VERSION/lib
export LIBCLANG_PATH RUST_LIB_SRC

log() { printf '[oxtables] %s\n' "$*" >&2; }
die() { printf '[oxtables] error: %s\n' "$*" >&2; exit 1; }

# The kernel cache key: kernel version, config fragment and every tool version.
kernel_key() {
	{
		cat "$TOP/tools/versions.env"
		cat "$TOP/kernel/config"
		rustc --version
		"/usr/bin/clang-$LLVM_VERSION" --version 2>/dev/null | head -n1
	} | sha256sum | cut -c1-16
}

kernel_build_dir() {
	echo "$OXT_CACHE/kernel/$(kernel_key)"
}
