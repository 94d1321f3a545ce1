#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Port forwarding through a gateway: R publishes S:1234 as R:8080 (nat PREROUTING DNAT) and,
# since S has no route back to the client's network, also rewrites the source (nat POSTROUTING
# SNAT --to-source R's address on S's side). Filter FORWARD (policy DROP) lets through what
# conntrack says belongs to the forward: -m state --state ESTABLISHED,RELATED, and NEW
# connections whose original destination was R:8080 (-m conntrack --ctorigdst/--ctorigdstport).
# With DNAT alone the connection cannot complete; with both it works end to end, and R's
# conntrack table shows both rewrites in the reply tuple.
#
#   C  c0 10.0.1.2 --- r0 10.0.1.1  R  r1 10.0.2.1 --- s0 10.0.2.2  S (origdst on 1234;
#                                                                     no route to 10.0.1.0/24)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
. "$(dirname "$0")/nat_lib.sh"

RULES_gateway_dnat="R -P FORWARD DROP
R -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT
R -A FORWARD -i r0 -o r1 -p tcp -m conntrack --ctstate NEW --ctorigdst $R_IP0 --ctorigdstport 8080 -j ACCEPT
R -t nat -A PREROUTING -i r0 -d $R_IP0 -p tcp --dport 8080 -j DNAT --to-destination $S_IP:1234"
RULES_gateway_snat="R -t nat -A POSTROUTING -o r1 -d $S_IP -p tcp --dport 1234 -j SNAT --to-source $R_IP1"

scenario_gateway() {
	setup_topo || { fail "$CLIENT: topology"; return 1; }
	ct_pin "$R"
	ip -n "$S" route del default
	start_origdst "$S" 1234 || { fail "$CLIENT: origdst server"; return 1; }

	nat_rules "filter FORWARD and nat PREROUTING DNAT R:8080 -> S:1234" "$RULES_gateway_dnat" || return 1
	conn_check "DNAT only: S cannot answer C (no route back)" "$C" $C_IP 40001 $R_IP0 8080 timeout
	nat_rules "nat POSTROUTING SNAT --to-source $R_IP1" "$RULES_gateway_snat" || return 1
	# S tracks nothing (no rules there): ENOENT.
	conn_check "DNAT + SNAT: C -> R:8080 reaches S:1234, from R's address" "$C" $C_IP 40002 $R_IP0 8080 \
		"peer=$R_IP1:40002 local=$S_IP:1234 origdst_errno=2 origdst_error=No such file or directory"
	conn_check "R:1234 is not forwarded (no listener on R)" "$C" $C_IP 40003 $R_IP0 1234 refused

	local c
	ct_settle "$R"
	c=$(ct_list "$R")
	check "$CLIENT: conntrack in R: C:40002 -> R:8080, reply S:1234 -> R:40002 (DNAT and SNAT)" \
		grep -qxE "tcp 6 (TIME_WAIT|CLOSE) src=$C_IP dst=$R_IP0 sport=40002 dport=8080 src=$S_IP dst=$R_IP1 sport=1234 dport=40002 \[ASSURED\] mark=0" <<<"$c"
	check "$CLIENT: conntrack in R: C:40001 DNATed, unanswered" \
		grep -qxE "tcp 6 SYN_SENT src=$C_IP dst=$R_IP0 sport=40001 dport=8080 \[UNREPLIED\] src=$S_IP dst=$C_IP sport=1234 dport=40001 mark=0" <<<"$c"
	obs "conntrack R" "$c"
	# (Not POSTROUTING's policy counter: iptables-legacy zeroes the policy counter of the chain it
	# appends to, the oxtables tool keeps it.)
	c="$(nat_counts "$R" nat PREROUTING) | $(nat_counts "$R" nat POSTROUTING | cut -d' ' -f1)"
	check_eq "$CLIENT: nat PREROUTING | POSTROUTING rule: one SYN per connection" \
		"2/120 policy=1/60 | 1/60" "$c"
	obs "R nat PREROUTING | POSTROUTING" "$c"
	nat_cleanup
}

nat_main scenario_gateway "$@"
