#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: speed ratios measured in ONE VM boot (absolute TCG speeds mean little).
#
# Packet path, both engines loaded side by side (ip_tables.ko at IPT_BASE_CTL, oxtables.ko at
# sockopt_base=6400, every packet crossing both filter INPUT hooks): each engine's INPUT jumps to
# a chain of N rules that match none of the probe traffic, for its own source address only.
# UDP datagrams from three addresses in turn (classes interleaved, REPS rounds): .11 walks
# oxtables' chain, .12 walks ip_tables', .13 neither. An engine's cost for its chain of N is its
# class's time per packet minus the .13 class's; every class's packets are checked in the
# counters of both engines. Rule sets (selftests/bench_sets.py): a ClassBench-style ACL and a
# kube-proxy-shaped set (KUBE-SERVICES -> service chains -> endpoint chains), N = BENCH_SIZES.
#
# Control plane (each engine alone, as users run it): restore of BENCH_CP_SIZES rules (the
# 500-chain mix of selftests/gen_rules.py) and appending one rule to the result, with
# iptables-legacy and with the oxtables tool, on oxtables.ko and on ip_tables.ko.
#
# BENCH_PACKET=0 skips the packet path (control plane only); BENCH_CP_CHAINS (default 500) is
# the control plane set's number of user chains (1: one chain of N rules).
#
# Prints tables of medians and ratios.
. "$(dirname "$0")/lib.sh"
trap 'cleanup_all_ns' EXIT
OX=${OX:-$TOP/target/release/oxtables}
REPS=${REPS:-5}
SIZES=${BENCH_SIZES:-1 10 100 1000 10000 100000}
CP_SIZES=${BENCH_CP_SIZES:-10000 100000}
SETS=${BENCH_SETS:-acl kube}
BASE=6400
oxs() { OXTABLES_SOCKOPT_BASE=$BASE "$OX" "$@"; }
TMP=$(mktemp -d)

[ -x "$OX" ] || { echo "SKIP: $OX not built (cargo build --release -p oxtables)"; exit $ksft_skip; }
gcc -O2 -Wall -o "$TMP/udpflood" "$TOP/selftests/udpflood.c" || { echo "SKIP: no C compiler"; exit $ksft_skip; }

# ms CMD...: wall time of CMD in ms; a failing command is reported and gives "fail".
ms() {
	local s e
	s=$(date +%s%N)
	if ! "$@" >/dev/null 2>"$TMP/err"; then
		echo "bench: FAILED: $* ($(head -c 200 "$TMP/err"))" >&2
		echo fail
		return
	fi
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
}
median() { sort -n | awk '/fail/ { f = 1 } { a[NR] = $1 } END { print f ? "fail" : a[int((NR + 1) / 2)] }'; }
rep() { local n=$1; shift; for _ in $(seq "$n"); do ms "$@"; done | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# --- packet path ---------------------------------------------------------------------------

# topo: U (10.0.9.11-13) and V (10.0.9.2) joined by a veth.
topo() {
	setup_ns U V
	ip link add u0 netns "$U" type veth peer name v0 netns "$V"
	for a in 11 12 13; do ip -n "$U" addr add 10.0.9.$a/24 dev u0; done
	ip -n "$U" link set u0 up
	ip -n "$V" addr add 10.0.9.2/24 dev v0 && ip -n "$V" link set v0 up
	ip netns exec "$U" busybox ping -c1 -W2 10.0.9.2 >/dev/null
}

# table SET N SRC: a filter table whose INPUT sends SRC's packets to the SET chain of N rules.
table() {
	echo "*filter"
	echo ":INPUT ACCEPT [0:0]"
	echo ":FORWARD ACCEPT [0:0]"
	echo ":OUTPUT ACCEPT [0:0]"
	cat "$TMP/$1.$2"
	echo "-A INPUT -s $3/32 -j BIG"
	echo "COMMIT"
}

# flood COUNT: REPS rounds of COUNT datagrams from each class in turn (selftests/udpflood.c,
# sendmmsg in batches); prints "class ns/packet" (median over rounds) for base, ox and ipt.
flood() {
	ip netns exec "$U" "$TMP/udpflood" "$REPS" "$1" 10.0.9.2 10.0.9.13 10.0.9.11 10.0.9.12 |
		sed -e 's/^10.0.9.13 /base /' -e 's/^10.0.9.11 /ox /' -e 's/^10.0.9.12 /ipt /'
}

# jump_pkts ENGINE: packets counted by the INPUT rule jumping to BIG.
jump_pkts() {
	if [ "$1" = ox ]; then
		ip netns exec "$V" env OXTABLES_SOCKOPT_BASE=$BASE "$OX" -L INPUT -v -x -n
	else
		ip netns exec "$V" iptables-legacy -L INPUT -v -x -n
	fi | awk '$3 == "BIG" { print $1 }'
}

packet_path() {
	local set n count out base ox ipt sent
	rmmod oxtables 2>/dev/null
	modprobe -a iptable_filter xt_tcpudp xt_comment xt_statistic xt_mark || return 1
	insmod "$MODULE" sockopt_base=$BASE || return 1
	topo
	for set in $SETS; do
		for n in $SIZES; do
			python3 "$TOP/selftests/bench_sets.py" "$set" "$n" BIG >"$TMP/$set.$n"
			table "$set" "$n" 10.0.9.11 | ip netns exec "$V" env OXTABLES_SOCKOPT_BASE=$BASE "$OX" restore ||
				{ echo "bench: oxtables restore of $set $n failed" >&2; continue; }
			table "$set" "$n" 10.0.9.12 | ip netns exec "$V" iptables-legacy-restore ||
				{ echo "bench: iptables-legacy-restore of $set $n failed" >&2; continue; }
			# Fewer datagrams for long chains (ip_tables walks them all), at least 200.
			count=$((20000000 / (n + 10000)))
			[ "$count" -lt 200 ] && count=200
			out=$(flood "$count")
			base=$(awk '$1 == "base" { print $2 }' <<<"$out")
			ox=$(awk '$1 == "ox" { print $2 }' <<<"$out")
			ipt=$(awk '$1 == "ipt" { print $2 }' <<<"$out")
			sent=$((count * REPS))
			[ "$(jump_pkts ox)" = "$sent" ] || echo "bench: oxtables counted $(jump_pkts ox) of $sent packets ($set $n)" >&2
			[ "$(jump_pkts ipt)" = "$sent" ] || echo "bench: ip_tables counted $(jump_pkts ipt) of $sent packets ($set $n)" >&2
			P[$set.$n]="$base $((ox - base)) $((ipt - base)) $ox"
		done
	done
	cleanup_all_ns
	rmmod oxtables
}

# --- control plane -------------------------------------------------------------------------

flush() { iptables-legacy -F; iptables-legacy -X; }

control_plane() { # $1 = label: oxk or ipk
	local n rules reps
	for n in $CP_SIZES; do
		rules=$TMP/cp.$n
		[ -f "$rules" ] || python3 "$TOP/selftests/gen_rules.py" "$n" "${BENCH_CP_CHAINS:-500}" >"$rules"
		reps=$REPS
		[ "$n" -gt 10000 ] && reps=1
		flush
		C[$1.$n.ipt.restore]=$(rep "$reps" iptables-legacy-restore "$rules")
		iptables-legacy-restore "$rules"
		C[$1.$n.ipt.add]=$(rep "$reps" iptables-legacy -A INPUT -s 198.51.100.1 -j ACCEPT)
		flush
		C[$1.$n.ox.restore]=$(rep "$reps" "$OX" restore "$rules")
		"$OX" restore "$rules"
		C[$1.$n.ox.add]=$(rep "$reps" "$OX" -A INPUT -s 198.51.100.1 -j ACCEPT)
		flush
	done
}

declare -A P C
if [ "${BENCH_PACKET:-1}" = 0 ]; then
	SIZES=
	use_stock_engine || { echo "FAIL: bench: ip_tables.ko"; exit 1; }
else
	echo "# packet path: both engines side by side" >&2
	packet_path || { echo "FAIL: bench: side-by-side setup"; exit 1; }
fi
echo "# control plane: ip_tables.ko" >&2
control_plane ipk
echo "# control plane: oxtables.ko" >&2
use_oxtables_engine
control_plane oxk

printf '\n%s\n' "Packet path: ns per packet (median of $REPS rounds), a chain's cost = its class minus the base class"
printf '%-6s %8s %9s %12s %12s %10s %12s\n' set N base oxtables ip_tables "ipt/ox" "ox(N)/ox(1)"
for set in $SETS; do
	first=
	for n in $SIZES; do
		read -r base dox dipt ox <<<"${P[$set.$n]:-n/a n/a n/a n/a}"
		[ -z "$first" ] && first=$ox
		printf '%-6s %8s %9s %12s %12s %10s %12s\n' "$set" "$n" "$base" "$dox" "$dipt" \
			"$(ratio "$dipt" "$dox")" "$(ratio "$ox" "$first")"
	done
done
printf '\n%s\n' "Control plane: ms (median of $REPS; 1 run above 10k rules)"
printf '%-52s %10s %10s %8s\n' measurement oxtables reference ratio
row() { printf '%-52s %10s %10s %8s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
for n in $CP_SIZES; do
	row "restore $n: tool on oxtables.ko vs legacy on ip_tables" "${C[oxk.$n.ox.restore]}" "${C[ipk.$n.ipt.restore]}"
	row "append 1 to $n: tool on oxtables.ko vs legacy on ip_t" "${C[oxk.$n.ox.add]}" "${C[ipk.$n.ipt.add]}"
	row "restore $n, legacy: oxtables.ko vs ip_tables.ko" "${C[oxk.$n.ipt.restore]}" "${C[ipk.$n.ipt.restore]}"
	row "append 1 to $n, legacy: oxtables.ko vs ip_tables.ko" "${C[oxk.$n.ipt.add]}" "${C[ipk.$n.ipt.add]}"
	row "restore $n on ip_tables.ko: tool vs legacy" "${C[ipk.$n.ox.restore]}" "${C[ipk.$n.ipt.restore]}"
	row "append 1 to $n on ip_tables.ko: tool vs legacy" "${C[ipk.$n.ox.add]}" "${C[ipk.$n.ipt.add]}"
done
rm -rf "$TMP"
