#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The limit cases (issue 11), on oxtables.ko and then on ip_tables.ko in the same VM, compared:
#   - blobs at and above x_tables' 512 MiB cap, and at u32's end, with the length the header
#     promises and one byte short (limits.py cap): the same errno, the table unchanged;
#   - 10^5 user chains: both accept, GET_ENTRIES reads back the same bytes;
#   - a jump chain LIMITS_DEPTH deep (c0 -> c1 -> ... -> the last ACCEPTs): both accept, and a
#     packet walks all of it: the deepest rule and INPUT's jump count it, on both engines;
#   - a 10^4-rule table sent from inside a memory cgroup too small for it: what happens to the
#     caller and to the table is the same on both engines, and the old table stays live. (Both
#     copy the blob into kvmalloc(GFP_KERNEL_ACCOUNT) memory; its vmalloc fallback charges page by
#     page, so the cgroup's OOM killer ends the caller rather than an ENOMEM: upstream's behaviour,
#     matched. The OOM report's stack trace is marked as expected in the kernel log.)
# and no kernel splat while oxtables.ko ran them.
. "$(dirname "$0")/lib.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
WORK=$(mktemp -d)
CHAINS=${LIMITS_CHAINS:-100000}
DEPTH=${LIMITS_DEPTH:-10000}
CG=/sys/fs/cgroup/oxt-limits

cleanup() {
	cleanup_all_ns
	[ -d "$CG" ] && rmdir "$CG" 2>/dev/null
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
load_module
dmesg_before=$(dmesg | wc -l)

# A cgroup v2 hierarchy with the memory controller for the memcg case (the VM has none mounted).
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null
memcg=0
if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null && memcg=1
fi

# memcg_case: limits.py memcg in a cgroup whose memory.max leaves 256 KiB over what it uses now.
# Prints the script's line (or "memcg killed-by-SIGNAL") and the table's entry count after.
memcg_case() {
	local ns=$1 out rc pid
	mkdir -p "$CG"
	coproc MC { ip netns exec "$ns" $PY "$DIR/limits.py" memcg 10000 2>&1; }
	pid=$MC_PID
	read -r line <&"${MC[0]}"
	[ "$line" = ready ] || { echo "memcg no-ready:$line"; return; }
	# The python process itself (ip netns exec execs it: the coproc's child).
	local py
	py=$(pgrep -P "$pid" -f limits.py || echo "$pid")
	echo "$py" >"$CG/cgroup.procs"
	echo "$OOM_EXPECTED_BEGIN" >/dev/kmsg
	echo $(($(cat "$CG/memory.current") + 262144)) >"$CG/memory.max"
	echo go >&"${MC[1]}"
	out=$(cat <&"${MC[0]}")
	wait "$pid"
	rc=$?
	# The OOM killer's report is complete once its victim is gone (wait returned).
	echo "$OOM_EXPECTED_END" >/dev/kmsg
	if [ -n "$out" ]; then echo "$out"; else echo "memcg killed-rc-$rc"; fi
	echo "memcg-after rules $(ip netns exec "$ns" iptables-legacy -w 5 -S | wc -l)"
	echo max >"$CG/memory.max"
	rmdir "$CG" 2>/dev/null
}

# run_limits ENGINE: every case in a fresh namespace; result lines in $WORK/ENGINE.
run_limits() {
	local ns t0
	setup_ns L || return 1
	ns=$L
	{
		t0=$SECONDS
		timeout 600 ip netns exec "$ns" $PY "$DIR/limits.py" cap
		echo "# $1: cap cases $((SECONDS - t0)) s" >&2
		t0=$SECONDS
		timeout 900 ip netns exec "$ns" $PY "$DIR/limits.py" chains "$CHAINS"
		echo "# $1: $CHAINS chains $((SECONDS - t0)) s" >&2
		ip netns exec "$ns" $PY "$DIR/limits.py" restore
		t0=$SECONDS
		timeout 600 ip netns exec "$ns" $PY "$DIR/limits.py" deep "$DEPTH"
		ip netns exec "$ns" ip link set lo up
		# One datagram to 127.0.0.1:9 walks INPUT -> c0 -> ... -> the last chain's ACCEPT.
		ip netns exec "$ns" $PY -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", 9))'
		ip netns exec "$ns" $PY "$DIR/limits.py" counters
		echo "# $1: $DEPTH-deep jump chain $((SECONDS - t0)) s" >&2
		ip netns exec "$ns" $PY "$DIR/limits.py" restore
		if [ "$memcg" = 1 ]; then memcg_case "$ns"; fi
	} >"$WORK/$1" 2>"$WORK/$1.err"
	grep '^#' "$WORK/$1.err"
	grep -v '^#' "$WORK/$1.err" | head -5 | sed 's/^/#   /'
	cleanup_all_ns
}

run_limits oxtables
check_eq "oxtables: the $CHAINS-chain table is accepted" 1 "$(grep -c "^chains $CHAINS OK " "$WORK/oxtables")"
check_eq "oxtables: a packet walks the $DEPTH-deep jump chain to its end" \
	"input-jump 1 last-accept 1" "$(grep '^input-jump' "$WORK/oxtables")"
splats=$(dmesg_splats "$((dmesg_before + 1))")
check_eq "no kernel splat while oxtables ran the limit cases" "" "$splats"

if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
run_limits stock
use_oxtables_engine || fail "switch back to oxtables.ko"

while read -r name; do
	check_eq "$name: the same on oxtables.ko as on ip_tables.ko" \
		"$(grep "^$name " "$WORK/stock")" "$(grep "^$name " "$WORK/oxtables")"
done < <(awk '{ print $1 }' "$WORK/stock" "$WORK/oxtables" | sort -u)
[ "$memcg" = 1 ] || skip "memcg: no cgroup v2 memory controller in this kernel"
echo "# oxtables: $(tr '\n' ';' <"$WORK/oxtables")"
exit $RET
