#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Traffic moves exactly the (table, hook) counters the classic picture says, and no others:
#   forwarded:        PREROUTING -> FORWARD -> POSTROUTING
#   local delivery:   PREROUTING -> INPUT        (and the reply: OUTPUT -> POSTROUTING)
#   local output:     OUTPUT -> POSTROUTING      (over lo, it comes back: PREROUTING -> INPUT)
# The nat table sits behind the NAT core, which only calls it for the first packet of a connection
# and only while conntrack runs in the namespace: with no rule needing conntrack, its counters stay
# at zero (as ip_tables' nat chains do); the last scenario switches conntrack on.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
trap cleanup_all_ns EXIT
load_module

N=3              # pings per scenario
LEN=84           # bytes per ICMP echo (56 bytes of data + 8 ICMP + 20 IP)

# expect_counters NS DESCRIPTION "table chain packets" ...: every listed (table, chain) has exactly
# that many packets and packets*LEN bytes; every (table, chain) not listed has zero.
expect_counters() {
	local ns=$1 what=$2
	shift 2
	local want got line t c p
	want=$(
		for line in "$@"; do echo "$line"; done | awk -v len=$LEN '{ print $1, $2, $3, $3 * len }'
		ip netns exec "$ns" awk 'NR > 1 { print $1, $2 }' /proc/net/oxtables_hooks | while read -r t c; do
			printf '%s\n' "$@" | grep -q "^$t $c " || echo "$t $c 0 0"
		done
	)
	want=$(sort <<<"$want")
	got=$(ip netns exec "$ns" bash -c "$(declare -f hook_counters); hook_counters" | sort)
	if [ "$want" = "$got" ]; then
		pass "$what"
	else
		fail "$what"
		diff <(echo "$want") <(echo "$got") | sed 's/^/#   /'
	fi
}

# 1. Forwarded through R: requests and replies both cross R.
setup_topo
ip netns exec "$C" busybox ping -q -c $N -W 2 "$S_IP" >/dev/null
check "forwarded: ping C -> S through R succeeds" test $? = 0
F=$((2 * N))
expect_counters "$R" "forwarded: R counts PREROUTING -> FORWARD -> POSTROUTING only" \
	"raw PREROUTING $F" "mangle PREROUTING $F" \
	"mangle FORWARD $F" "filter FORWARD $F" \
	"mangle POSTROUTING $F"
expect_counters "$C" "forwarded: client counts OUTPUT -> POSTROUTING out, PREROUTING -> INPUT back" \
	"raw OUTPUT $N" "mangle OUTPUT $N" "filter OUTPUT $N" \
	"mangle POSTROUTING $N" \
	"raw PREROUTING $N" "mangle PREROUTING $N" \
	"mangle INPUT $N" "filter INPUT $N"
cleanup_all_ns

# 2. Delivered locally to R (and R's replies generated locally).
setup_topo
ip netns exec "$C" busybox ping -q -c $N -W 2 "$R_IP0" >/dev/null
check "local delivery: ping C -> R succeeds" test $? = 0
expect_counters "$R" "local delivery: R counts PREROUTING -> INPUT in, OUTPUT -> POSTROUTING out" \
	"raw PREROUTING $N" "mangle PREROUTING $N" \
	"mangle INPUT $N" "filter INPUT $N" \
	"raw OUTPUT $N" "mangle OUTPUT $N" "filter OUTPUT $N" \
	"mangle POSTROUTING $N"
expect_counters "$S" "local delivery: the server netns saw nothing" 
cleanup_all_ns

# 3. Generated locally over lo: each packet goes out (OUTPUT, POSTROUTING) and comes back in
# (PREROUTING, INPUT); requests and replies alike.
setup_ns L B
ip netns exec "$L" busybox ping -q -c $N -W 2 127.0.0.1 >/dev/null
check "local output over lo: ping 127.0.0.1 succeeds" test $? = 0
expect_counters "$L" "local output over lo: OUTPUT -> POSTROUTING -> PREROUTING -> INPUT" \
	"raw OUTPUT $F" "mangle OUTPUT $F" "filter OUTPUT $F" \
	"mangle POSTROUTING $F" \
	"raw PREROUTING $F" "mangle PREROUTING $F" \
	"mangle INPUT $F" "filter INPUT $F"
expect_counters "$B" "counters are per netns: a bystander netns saw nothing"

# 4. UDP generated locally and sent over veth to a peer: OUTPUT -> POSTROUTING on the sender,
# PREROUTING -> INPUT on the receiver; bytes are skb->len (20 IP + 8 UDP + payload).
cleanup_all_ns
setup_ns U V
ip link add u0 netns "$U" type veth peer name v0 netns "$V"
ip -n "$U" addr add 10.0.3.1/24 dev u0 && ip -n "$U" link set u0 up
ip -n "$V" addr add 10.0.3.2/24 dev v0 && ip -n "$V" link set v0 up
ip netns exec "$V" socat -u UDP4-RECV:9999 /dev/null &
rpid=$!
busywait 2000 ip netns exec "$V" bash -c 'ss -lun | grep -q :9999'
for _ in 1 2 3 4; do
	printf '0123456789abcdefghij' | ip netns exec "$U" socat -u - UDP4-SENDTO:10.0.3.2:9999
done
busywait 2000 bash -c "ip netns exec $V awk '\$1 == \"filter\" && \$2 == \"INPUT\" { exit \$4 != 4 }' /proc/net/oxtables_hooks"
kill $rpid 2>/dev/null; wait $rpid 2>/dev/null
LEN=48
expect_counters "$U" "udp over veth: sender counts OUTPUT -> POSTROUTING (48-byte datagrams)" \
	"raw OUTPUT 4" "mangle OUTPUT 4" "filter OUTPUT 4" \
	"mangle POSTROUTING 4"
expect_counters "$V" "udp over veth: receiver counts PREROUTING -> INPUT" \
	"raw PREROUTING 4" "mangle PREROUTING 4" \
	"mangle INPUT 4" "filter INPUT 4"

# 5. Conntrack on in R (a DNAT rule that never matches needs it): the nat table now runs, once per
# connection and direction of first packet: the echo requests of one ping are one connection, so
# nat PREROUTING and POSTROUTING count 1 packet, everything else every packet.
cleanup_all_ns
setup_topo
ipt "$R" -t nat -A PREROUTING -p tcp --dport 1 -j DNAT --to-destination 10.9.9.9
check "conntrack on: DNAT rule loaded in R" test $? = 0
LEN=84
ip netns exec "$C" busybox ping -q -c $N -W 2 "$S_IP" >/dev/null
check "conntrack on: ping C -> S through R succeeds" test $? = 0
expect_counters "$R" "conntrack on: nat PREROUTING/POSTROUTING see only the connection's first packet" \
	"raw PREROUTING $F" "mangle PREROUTING $F" "nat PREROUTING 1" \
	"mangle FORWARD $F" "filter FORWARD $F" \
	"mangle POSTROUTING $F" "nat POSTROUTING 1"
exit $RET
