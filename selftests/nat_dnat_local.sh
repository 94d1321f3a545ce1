#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# DNAT to a loopback-only server: origdst listens on 127.0.0.1:1234 in S; outside clients reach
# it through S:12345 by a nat PREROUTING DNAT --to-destination 127.0.0.1:1234, which needs
# net.ipv4.conf.s0.route_localnet=1 (without it the rewritten packet is a martian and is dropped);
# local clients through a nat OUTPUT DNAT. The server reports the original destination S:12345.
#
#   C  c0 10.0.1.2 ---- s0 10.0.1.1  S  (origdst on 127.0.0.1:1234)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nat_lib.sh"

DL_C=10.0.1.2 DL_S=10.0.1.1

RULES_dnat_local_pre="S -t nat -A PREROUTING -i s0 -d $DL_S -p tcp --dport 12345 -j DNAT --to-destination 127.0.0.1:1234"
RULES_dnat_local_out="S -t nat -A OUTPUT -d $DL_S -p tcp --dport 12345 -j DNAT --to-destination 127.0.0.1:1234"

scenario_dnat_local() {
	setup_ns C S || { fail "$CLIENT: namespaces"; return 1; }
	ct_pin "$S"
	veth_pair "$C" c0 $DL_C/24 "$S" s0 $DL_S/24 || { fail "$CLIENT: veth"; return 1; }
	start_origdst "$S" 127.0.0.1:1234 || { fail "$CLIENT: origdst server"; return 1; }

	nat_rules "PREROUTING DNAT --to-destination 127.0.0.1:1234" "$RULES_dnat_local_pre" || return 1
	conn_check "route_localnet=0: C -> S:12345 DNATed to 127.0.0.1 is a martian (dropped)" \
		"$C" $DL_C 40001 $DL_S 12345 timeout
	ip netns exec "$S" sysctl -qw net.ipv4.conf.s0.route_localnet=1
	conn_check "route_localnet=1: C -> S:12345 reaches 127.0.0.1:1234, origdst S:12345" \
		"$C" $DL_C 40002 $DL_S 12345 "peer=$DL_C:40002 local=127.0.0.1:1234 origdst=$DL_S:12345"
	conn_check "no OUTPUT rule: local S -> S:12345 refused" "$S" $DL_S 40003 $DL_S 12345 refused

	nat_rules "OUTPUT DNAT --to-destination 127.0.0.1:1234" "$RULES_dnat_local_out" || return 1
	conn_check "OUTPUT DNAT: local S -> S:12345 reaches 127.0.0.1:1234, origdst S:12345" \
		"$S" $DL_S 40004 $DL_S 12345 "peer=$DL_S:40004 local=127.0.0.1:1234 origdst=$DL_S:12345"
	conn_check "OUTPUT DNAT: C -> S:12345 still through PREROUTING" \
		"$C" $DL_C 40005 $DL_S 12345 "peer=$DL_C:40005 local=127.0.0.1:1234 origdst=$DL_S:12345"

	local c
	ct_settle "$S"
	c=$(ct_list "$S")
	check "$CLIENT: conntrack in S: C:40002 -> S:12345 answered by 127.0.0.1:1234" \
		grep -qE "^tcp 6 [A-Z_]+ src=$DL_C dst=$DL_S sport=40002 dport=12345 src=127.0.0.1 dst=$DL_C sport=1234 dport=40002 " <<<"$c"
	check "$CLIENT: conntrack in S: local S:40004 -> S:12345 answered by 127.0.0.1:1234" \
		grep -qE "^tcp 6 [A-Z_]+ src=$DL_S dst=$DL_S sport=40004 dport=12345 src=127.0.0.1 dst=$DL_S sport=1234 dport=40004 " <<<"$c"
	obs "conntrack S" "$c"
	# (Not OUTPUT's policy counter: iptables-legacy zeroes the policy counter of the chain it
	# appends to, the oxtables tool keeps it.)
	c="$(nat_counts "$S" nat PREROUTING) | $(nat_counts "$S" nat OUTPUT | cut -d' ' -f1)"
	check_eq "$CLIENT: nat PREROUTING | OUTPUT rule: one SYN per connection" \
		"3/180 policy=0/0 | 1/60" "$c"
	obs "nat PREROUTING | OUTPUT" "$c"
	nat_cleanup
}

nat_main scenario_dnat_local "$@"
