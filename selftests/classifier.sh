#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The classifier in the kernel (Documentation/design.md, "The classifier"): chains long enough
# to be indexed count exactly the rules the linear walk counts. In a namespace, pings over lo
# to 127.0.0.K cross INPUT: a jump to a 60-rule user chain (one `-s 127.0.0.1 -d 127.0.0.K` rule
# per K, ACCEPT for even K, RETURN for odd K), then a 40-rule tail of other tuples. The same
# scenario runs with the module as loaded by default and with `classifier=0` (the linear walk,
# as ip_tables); `iptables-legacy-save -c` must be the same, and as expected.
. "$(dirname "$0")/lib.sh"

N=3 # pings per address
TARGETS=(2 9 33 61)

rules() {
	local k
	echo '*filter'
	echo ':INPUT ACCEPT [0:0]'
	echo ':FORWARD ACCEPT [0:0]'
	echo ':OUTPUT ACCEPT [0:0]'
	echo ':big - [0:0]'
	echo '-A INPUT -p icmp -j big'
	for k in $(seq 1 20); do
		echo "-A INPUT -s 10.$k.0.0/16 -p tcp -m tcp --dport $((1000 + k)) -j DROP"
		echo "-A INPUT -d 192.168.$k.0/24 -p udp -m udp --dport 53 -j DROP"
	done
	echo '-A INPUT -d 127.0.0.0/24 -p icmp -j ACCEPT'
	for k in $(seq 2 61); do
		if [ $((k % 2)) = 0 ]; then t=ACCEPT; else t=RETURN; fi
		echo "-A big -s 127.0.0.1/32 -d 127.0.0.$k/32 -p icmp -j $t"
	done
	echo 'COMMIT'
}

# scenario FILE: loads the rules in a fresh namespace, pings, saves the rules with counters to
# FILE.
scenario() {
	local k
	new_ns X && ip -n "$X" link set lo up || { fail "namespace"; return; }
	rules | ip netns exec "$X" iptables-legacy-restore -w 5 || fail "restore"
	for k in "${TARGETS[@]}"; do
		timeout 20 ip netns exec "$X" busybox ping -q -c $N -W 1 "127.0.0.$k" >/dev/null 2>&1 ||
			fail "ping 127.0.0.$k"
	done
	ip netns exec "$X" iptables-legacy-save -c -t filter | strip_save >"$1"
}

reload() {
	if module_loaded; then rmmod oxtables || return 1; fi
	insmod "$MODULE" "$@"
}

TMP=$(mktemp -d)
trap 'cleanup_all_ns; rm -rf "$TMP"' EXIT
reload || { fail "insmod"; exit $RET; }
scenario "$TMP/indexed"
reload classifier=0 || { fail "insmod classifier=0"; exit $RET; }
scenario "$TMP/linear"
reload || fail "insmod again"
indexed=$(cat "$TMP/indexed")
linear=$(cat "$TMP/linear")

check_text "classifier on and off: the same counters" "$linear" "$indexed"
bytes=$((N * 84))
# Requests to even addresses are accepted in big; to odd ones they return and INPUT's /24 rule
# accepts them, with every reply (127.0.0.K -> 127.0.0.1 matches no rule of big).
check_eq "even address: big's ACCEPT rule counts the requests" \
	"[$N:$bytes] -A big -s 127.0.0.1/32 -d 127.0.0.2/32 -p icmp -j ACCEPT" \
	"$(grep -e '-d 127.0.0.2/32 ' <<<"$indexed")"
check_eq "odd address: big's RETURN rule counts the requests" \
	"[$N:$bytes] -A big -s 127.0.0.1/32 -d 127.0.0.61/32 -p icmp -j RETURN" \
	"$(grep -e '-d 127.0.0.61/32 ' <<<"$indexed")"
returned=$((N * 3 + N * ${#TARGETS[@]}))
check_eq "INPUT's tail rule counts the returned requests and the replies" \
	"[$returned:$((returned * 84))] -A INPUT -d 127.0.0.0/24 -p icmp -j ACCEPT" \
	"$(grep -e '-A INPUT -d 127.0.0.0/24' <<<"$indexed")"
check_eq "no other rule of big counted" 0 \
	"$(grep -e '-A big' <<<"$indexed" | grep -v '^\[0:0\]' | grep -cv -e '-d 127.0.0.\(2\|9\|33\|61\)/32 ')"
exit $RET
