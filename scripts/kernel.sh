#!/usr/bin/env bash
# Configure and build the pinned kernel into the cache, keyed by kernel version + config fragment +
# toolchain versions. A build that already exists for the key is reused as is (make is not even run).
# Prints the build directory on stdout.
set -euo pipefail
. "$(dirname "$0")/common.sh"

BUILD=$(kernel_build_dir)
STAMP=$BUILD/.oxtables-built
if [ -f "$STAMP" ]; then
	echo "$BUILD"
	exit 0
fi

[ -f "$KSRC/Makefile" ] || die "kernel source missing: run scripts/setup.sh (make setup) first"
[ -x "$BINDGEN" ] || die "bindgen missing: run scripts/setup.sh (make setup) first"

KMAKE=(make -C "$KSRC" O="$BUILD" LLVM=-"$LLVM_VERSION" BINDGEN="$BINDGEN" RUST_LIB_SRC="$RUST_LIB_SRC")

log "configuring kernel $KVER in $BUILD"
mkdir -p "$BUILD"
"${KMAKE[@]}" -s rustavailable >&2 || die "the kernel says Rust is not available with this toolchain"
"${KMAKE[@]}" -s tinyconfig >&2
"$KSRC/scripts/kconfig/merge_config.sh" -m -O "$BUILD" "$BUILD/.config" "$TOP/kernel/config" >&2
"${KMAKE[@]}" -s olddefconfig >&2

# Every line of the fragment must have applied: a silently dropped dependency would make a test
# skip for the wrong reason.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$BUILD/.config" || { log "config did not apply: $line"; bad=1; }
		;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		if grep -q "^$sym=" "$BUILD/.config"; then log "config did not apply: $line"; bad=1; fi
		;;
	esac
done <"$TOP/kernel/config"
[ "$bad" = 0 ] || die "kernel/config has lines that did not apply (see above)"

log "building kernel (cold: ~10 min on 2 cores)"
start=$(date +%s)
"${KMAKE[@]}" -s -j"$(nproc)" bzImage modules >&2
rm -rf "$BUILD/mods"
"${KMAKE[@]}" -s INSTALL_MOD_PATH="$BUILD/mods" modules_install >&2
log "kernel built in $(($(date +%s) - start)) s"
touch "$STAMP"
# Keep only the build for the current key: older keys are unreachable now (unless
# OXT_KEEP_KERNELS=1: other checkouts on this machine, e.g. worktrees on an older kernel/config,
# still use theirs).
if [ "${OXT_KEEP_KERNELS:-0}" != 1 ]; then
	for old in "$OXT_CACHE"/kernel/*; do
		[ "$old" = "$BUILD" ] || rm -rf "$old"
	done
fi
echo "$BUILD"
