#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Rule counters around NAT: only a connection's first packet walks the nat table, every packet
# walks filter, and conntrack/state matches split them. R forwards R:8080 (TCP and UDP) to
# S:7000 (nat PREROUTING DNAT); filter FORWARD (policy DROP) counts with
#   -m conntrack --ctstate NEW / ESTABLISHED, -m state --state NEW / ESTABLISHED,
#   --tcp-flags PSH PSH (data segments), and accepts by --ctorigdst/--ctorigdstport/--ctreplsrc.
# Traffic (natprobe, fixed packets):
#   TCP: one connection, 3 round trips of 100 bytes each way, closed by RST. The SYN is the only
#        NEW packet and the only one the nat rule sees; the 6 data segments carry PSH; pure ACKs
#        in between depend on delayed-ACK timing, so ESTABLISHED is checked as "all but the SYN".
#   UDP: one flow, 2 rounds of 2 datagrams, the server answering a round only once it has both.
#        Both first datagrams are NEW (no reply seen yet), though only the first walks nat.
#
#   C  c0 10.0.1.2 --- r0 10.0.1.1  R  r1 10.0.2.1 --- s0 10.0.2.2  S (natprobe on 7000)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
. "$(dirname "$0")/nat_lib.sh"

CN_N=3 # TCP round trips

RULES_counters="R -t nat -A PREROUTING -i r0 -d $R_IP0 -p tcp --dport 8080 -j DNAT --to-destination $S_IP:7000
R -t nat -A PREROUTING -i r0 -d $R_IP0 -p udp --dport 8080 -j DNAT --to-destination $S_IP:7000
R -P FORWARD DROP
R -A FORWARD -p tcp -m conntrack --ctstate NEW
R -A FORWARD -i r0 -p tcp -m state --state ESTABLISHED --tcp-flags PSH PSH
R -A FORWARD -i r1 -p tcp -m conntrack --ctstate ESTABLISHED --tcp-flags PSH PSH
R -A FORWARD -p tcp -m conntrack --ctstate ESTABLISHED
R -A FORWARD -p tcp -m conntrack --ctstate NEW,ESTABLISHED --ctorigdst $R_IP0 --ctorigdstport 8080 -j ACCEPT
R -A FORWARD -p udp -m state --state NEW
R -A FORWARD -p udp -m conntrack --ctstate ESTABLISHED
R -A FORWARD -p udp -m conntrack --ctorigdst $R_IP0 --ctreplsrc $S_IP -j ACCEPT"

scenario_counters() {
	setup_topo || { fail "$CLIENT: topology"; return 1; }
	ct_pin "$R"
	start_probe "$S" 7000 2 || { fail "$CLIENT: server"; return 1; }
	nat_rules "DNAT R:8080 -> S:7000, counting FORWARD rules" "$RULES_counters" || return 1

	local out c f
	out=$(tcp_probe "$C" $R_IP0 8080 $C_IP 42000 $CN_N)
	check_eq "$CLIENT: TCP through the DNAT: $CN_N round trips" "ok $CN_N" "$out"
	out=$(udp_probe "$C" $R_IP0 8080 $C_IP 42001 2 2)
	check_eq "$CLIENT: UDP through the DNAT: 2 rounds of 2, answered by S" "peer=$C_IP:42001" "$out"
	ct_settle "$R"

	c=$(nat_counts "$R" nat PREROUTING)
	check_eq "$CLIENT: nat PREROUTING: TCP DNAT 1 packet (the SYN), UDP DNAT 1 (the first datagram)" \
		"1/60 1/48 policy=0/0" "$c"
	obs "nat PREROUTING" "$c"
	c="$(nat_counts "$R" nat INPUT) | $(nat_counts "$R" nat OUTPUT) | $(nat_counts "$R" nat POSTROUTING)"
	check_eq "$CLIENT: nat INPUT | OUTPUT | POSTROUTING: the two first packets in POSTROUTING only" \
		"policy=0/0 | policy=0/0 | policy=2/108" "$c"
	obs "nat INPUT | OUTPUT | POSTROUTING" "$c"
	c=$(ip netns exec "$R" iptables-legacy-save -c -t nat | grep -- '-j DNAT')
	check_eq "$CLIENT: iptables-legacy-save -c: the DNAT rules with their counters" \
		"[1:60] -A PREROUTING -d $R_IP0/32 -i r0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination $S_IP:7000
[1:48] -A PREROUTING -d $R_IP0/32 -i r0 -p udp -m udp --dport 8080 -j DNAT --to-destination $S_IP:7000" "$c"

	# FORWARD: 8 rules and the policy.
	c=$(nat_counts "$R" filter FORWARD)
	obs "filter FORWARD (TCP pure ACKs vary)" "$(cut -d' ' -f1-3,6- <<<"$c")"
	read -r -a f <<<"$c"
	check_eq "$CLIENT: FORWARD --ctstate NEW (TCP): 1 packet, the 60-byte SYN" 1/60 "${f[0]}"
	check_eq "$CLIENT: FORWARD -m state ESTABLISHED PSH from C: $CN_N data segments of 152 bytes" \
		"$CN_N/$((CN_N * 152))" "${f[1]}"
	check_eq "$CLIENT: FORWARD --ctstate ESTABLISHED PSH from S: $CN_N data segments of 152 bytes" \
		"$CN_N/$((CN_N * 152))" "${f[2]}"
	local est=${f[3]} all=${f[4]}
	check_eq "$CLIENT: FORWARD --ctstate ESTABLISHED (TCP) counts every packet but the SYN" \
		"$((${all%/*} - 1))/$((${all#*/} - 60))" "$est"
	check "$CLIENT: FORWARD --ctorigdst ACCEPT (TCP): SYN, SYN/ACK, ACK, 6 data, RST at least (${all%/*})" \
		test "${all%/*}" -ge $((2 * CN_N + 4))
	check_eq "$CLIENT: FORWARD -m state --state NEW (UDP): both datagrams before the first answer" \
		2/96 "${f[5]}"
	# Answers are "peer=10.0.1.2:42001": 19 bytes of payload, 47 on the wire.
	check_eq "$CLIENT: FORWARD --ctstate ESTABLISHED (UDP): 4 answers, 2 datagrams of round 2" \
		6/$((2 * 48 + 4 * 47)) "${f[6]}"
	check_eq "$CLIENT: FORWARD --ctorigdst --ctreplsrc ACCEPT (UDP): all 8" \
		8/$((4 * 48 + 4 * 47)) "${f[7]}"
	check_eq "$CLIENT: FORWARD policy DROP: nothing dropped" policy=0/0 "${f[8]}"
	obs "conntrack R" "$(ct_list "$R")"
	nat_cleanup
}

nat_main scenario_counters "$@"
