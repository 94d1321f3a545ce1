#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: speed ratios measured in ONE VM boot (absolute TCG speeds mean little).
#   control plane: restore of a 10,000-rule / 500-chain filter table, and adding one rule to it,
#                  with iptables-legacy and with the oxtables tool, on oxtables.ko and ip_tables.ko;
#   packet path:   UDP datagrams through 1,000 non-matching INPUT rules, oxtables.ko vs ip_tables.ko;
#   nat path:      UDP datagrams that are each a new connection (filter drops them before conntrack
#                  confirms the entry) through 500 non-matching DNAT rules in nat PREROUTING.
# Prints a table of medians (ms) and the ratios.
. "$(dirname "$0")/lib.sh"
trap 'cleanup_all_ns' EXIT
OX=${OX:-$TOP/target/release/oxtables}
REPS=${REPS:-3}
RULES=$(mktemp)
python3 "$TOP/selftests/gen_rules.py" 10000 500 >"$RULES"

# ms CMD...: wall time of CMD in ms; a failing command is reported and gives "fail".
ms() {
	local s e
	s=$(date +%s%N)
	if ! "$@" >/dev/null 2>/tmp/bench.err; then
		echo "bench: FAILED: $* ($(head -c 200 /tmp/bench.err))" >&2
		echo fail
		return
	fi
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
}
median() { sort -n | awk '/fail/ { f = 1 } { a[NR] = $1 } END { print f ? "fail" : a[int((NR + 1) / 2)] }'; }

# rep CMD...: median of REPS runs of CMD, in ms.
rep() { for _ in $(seq "$REPS"); do ms "$@"; done | median; }

flush() { iptables-legacy -F; iptables-legacy -X; }

# One UDP flood of N datagrams from $U to $V, through 1,000 non-matching INPUT rules on $V; ms.
flood() {
	ip netns exec "$U" python3 - <<'PY'
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t = time.monotonic()
for _ in range(20000):
    s.sendto(b"x" * 64, ("10.0.9.2", 9))
print(int((time.monotonic() - t) * 1000))
PY
}

# topo: U and V joined by a veth, 10.0.9.1 and 10.0.9.2.
topo() {
	setup_ns U V
	ip link add u0 netns "$U" type veth peer name v0 netns "$V"
	ip -n "$U" addr add 10.0.9.1/24 dev u0 && ip -n "$U" link set u0 up
	ip -n "$V" addr add 10.0.9.2/24 dev v0 && ip -n "$V" link set v0 up
	ip netns exec "$U" busybox ping -c1 -W2 10.0.9.2 >/dev/null
}

packet_path() {
	topo
	{
		echo "*filter"
		echo ":INPUT ACCEPT [0:0]"
		for i in $(seq 1000); do echo "-A INPUT -s 192.0.2.$((i % 250))/32 -p udp -m udp --dport $i -j DROP"; done
		echo "-A INPUT -p udp -m udp --dport 9 -j DROP"
		echo "COMMIT"
	} | ip netns exec "$V" iptables-legacy-restore
	local n
	n=$(ip netns exec "$V" iptables-legacy -S INPUT | grep -c '^-A')
	[ "$n" = 1001 ] || echo "bench: expected 1001 INPUT rules, got $n" >&2
	for _ in $(seq "$REPS"); do flood; done | median
	cleanup_all_ns
}

nat_path() {
	topo
	{
		echo "*nat"
		echo ":PREROUTING ACCEPT [0:0]"
		for i in $(seq 500); do
			echo "-A PREROUTING -s 192.0.2.$((i % 250))/32 -p udp -m udp --dport $i -j DNAT --to-destination 10.0.9.2:$((i + 1000))"
		done
		echo "COMMIT"
		echo "*filter"
		echo ":INPUT ACCEPT [0:0]"
		echo "-A INPUT -p udp -m udp --dport 9 -j DROP"
		echo "COMMIT"
	} | ip netns exec "$V" iptables-legacy-restore
	local n
	n=$(ip netns exec "$V" iptables-legacy -t nat -S PREROUTING | grep -c '^-A')
	[ "$n" = 500 ] || echo "bench: expected 500 nat PREROUTING rules, got $n" >&2
	for _ in $(seq "$REPS"); do flood; done | median
	n=$(ip netns exec "$V" iptables-legacy -t nat -L PREROUTING -v -x -n | awk '/^Chain/ { print $5 }')
	# every datagram walked the nat table: REPS x 20000 + the ping
	[ "$n" -ge $((REPS * 20000)) ] || echo "bench: nat PREROUTING policy counted $n packets" >&2
	cleanup_all_ns
}

control_plane() { # $1 = label
	local tool
	for tool in ipt ox; do
		flush
		if [ $tool = ipt ]; then
			R[$1.$tool.restore]=$(rep iptables-legacy-restore "$RULES")
			iptables-legacy-restore "$RULES"
			R[$1.$tool.add]=$(rep iptables-legacy -A INPUT -s 198.51.100.1 -j ACCEPT)
		else
			R[$1.$tool.restore]=$(rep "$OX" restore "$RULES")
			"$OX" restore "$RULES"
			R[$1.$tool.add]=$(rep "$OX" -A INPUT -s 198.51.100.1 -j ACCEPT)
		fi
	done
	flush
}

declare -A R
[ -x "$OX" ] || { echo "SKIP: $OX not built (cargo build --release -p oxtables)"; exit $ksft_skip; }

echo "# oxtables.ko" >&2
load_module
control_plane oxk
R[oxk.flood]=$(packet_path)
R[oxk.nat]=$(nat_path)

echo "# ip_tables.ko" >&2
rmmod oxtables
modprobe -a iptable_filter xt_tcpudp
control_plane ipk
R[ipk.flood]=$(packet_path)
modprobe iptable_nat
R[ipk.nat]=$(nat_path)
iptables-legacy -F; iptables-legacy -X
use_oxtables_engine

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '\n%-44s %10s %10s %8s\n' "measurement (median of $REPS, ms)" "oxtables" "reference" "ratio"
row() { printf '%-44s %10s %10s %8s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
row "restore 10k rules: tool vs iptables-legacy (oxtables.ko)" "${R[oxk.ox.restore]}" "${R[oxk.ipt.restore]}"
row "add 1 rule to 10k: tool vs iptables-legacy (oxtables.ko)" "${R[oxk.ox.add]}" "${R[oxk.ipt.add]}"
row "restore 10k rules: tool vs iptables-legacy (ip_tables.ko)" "${R[ipk.ox.restore]}" "${R[ipk.ipt.restore]}"
row "add 1 rule to 10k: tool vs iptables-legacy (ip_tables.ko)" "${R[ipk.ox.add]}" "${R[ipk.ipt.add]}"
row "restore 10k, iptables-legacy: oxtables.ko vs ip_tables.ko" "${R[oxk.ipt.restore]}" "${R[ipk.ipt.restore]}"
row "add 1 to 10k, iptables-legacy: oxtables.ko vs ip_tables.ko" "${R[oxk.ipt.add]}" "${R[ipk.ipt.add]}"
row "20k UDP through 1k rules: oxtables.ko vs ip_tables.ko" "${R[oxk.flood]}" "${R[ipk.flood]}"
row "20k new UDP conns, 500 nat rules: oxtables vs ip_tables" "${R[oxk.nat]}" "${R[ipk.nat]}"
rm -f "$RULES"
