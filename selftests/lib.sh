#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Helpers for oxtables selftests, after tools/testing/selftests/net/lib.sh: network namespaces,
# waiting, and kselftest-style result lines. Sourced by each test script inside the VM.

# shellcheck disable=SC2034
export LC_ALL=C
ksft_pass=0
ksft_fail=1
ksft_skip=4

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MODULE=$TOP/oxtables.ko

NS_LIST=()
RET=0

# setup_ns NAME...: create uniquely named namespaces, storing each name in the variable NAME,
# with lo up.
setup_ns() {
	local v ns
	for v in "$@"; do
		ns="$v-$(mktemp -u XXXXXX)"
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up || return 1
		NS_LIST+=("$ns")
		eval "$v=$ns"
	done
}

cleanup_all_ns() {
	local ns
	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NS_LIST=()
}

# busywait TIMEOUT_MS CMD...: retry CMD until it succeeds or the time runs out.
busywait() {
	local timeout=$1 start
	shift
	start=$(date +%s%3N)
	while true; do
		"$@" && return 0
		[ $(($(date +%s%3N) - start)) -gt "$timeout" ] && return 1
		sleep 0.05
	done
}

# Result lines, one per check, counted by selftests/run.sh.
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; RET=1; }
skip() { echo "SKIP: $*"; }

# check DESCRIPTION CMD...: PASS if CMD succeeds, else FAIL.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1 (expected '$2', got '$3')"
	fi
}

ping_() { busybox ping "$@"; }

module_loaded() { grep -q '^oxtables ' /proc/modules; }

load_module() { module_loaded || insmod "$MODULE"; }

# Kernel splats since boot: warnings, oopses, BUGs, lockdep reports.
dmesg_splats() {
	dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace|possible (circular|recursive) locking|suspicious RCU usage|refcount_t:|UBSAN|KASAN' || true
}

# The oxtables hook counters of the namespace the caller runs in, as "table chain packets bytes".
hook_counters() { awk 'NR > 1 { print $1, $2, $4, $5 }' /proc/net/oxtables_hooks; }
