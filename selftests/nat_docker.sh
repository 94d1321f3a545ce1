#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A Docker-style bridge network built by hand, with the rules dockerd writes (addrtype, which
# oxtables does not support, replaced by -d with the host's address):
#   nat:    PREROUTING -d HOST -j DOCKER; OUTPUT -d HOST -j DOCKER;
#           POSTROUTING -s 172.17.0.0/16 ! -o br0 -j MASQUERADE;
#           DOCKER: -i br0 -j RETURN; ! -i br0 -p tcp --dport 8080 -j DNAT --to 172.17.0.2:80
#   filter: FORWARD policy DROP; -o br0 ctstate RELATED,ESTABLISHED ACCEPT; -o br0 -j DOCKER;
#           -i br0 ! -o br0 ACCEPT; -i br0 -o br0 ACCEPT;
#           DOCKER: -d 172.17.0.2 ! -i br0 -o br0 -p tcp --dport 80 ACCEPT
# Containers reach each other (bridged: no iptables without br_netfilter), the host and the
# outside (masqueraded); the outside reaches the published port 8080 (container A's 80), also
# from the host itself (nat OUTPUT), and nothing else; a container connecting to the host's
# published port is not DNATed (-i br0 -j RETURN).
#
#   A eth0 172.17.0.2 --\
#                        br0 172.17.0.1  H (host)  h0 10.0.1.1 --- o0 10.0.1.2  O (outside)
#   B eth0 172.17.0.3 --/
#   origdst: A on 80 and 81, B on 80, H and O on 1234.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nat_lib.sh"

DK_BR=172.17.0.1 DK_A=172.17.0.2 DK_B=172.17.0.3 DK_H=10.0.1.1 DK_O=10.0.1.2
DK_ENOENT="origdst_errno=2 origdst_error=No such file or directory"

RULES_docker="H -t nat -N DOCKER
H -t nat -A PREROUTING -d $DK_H -j DOCKER
H -t nat -A OUTPUT -d $DK_H -j DOCKER
H -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o br0 -j MASQUERADE
H -t nat -A DOCKER -i br0 -j RETURN
H -t nat -A DOCKER ! -i br0 -p tcp --dport 8080 -j DNAT --to-destination $DK_A:80
H -N DOCKER
H -P FORWARD DROP
H -A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
H -A FORWARD -o br0 -j DOCKER
H -A FORWARD -i br0 ! -o br0 -j ACCEPT
H -A FORWARD -i br0 -o br0 -j ACCEPT
H -A DOCKER -d $DK_A/32 ! -i br0 -o br0 -p tcp --dport 80 -j ACCEPT"

# dk_container NAME ADDR: a "container" namespace on br0 with a default route via the bridge.
dk_container() {
	local ns=${!1}
	ip link add eth0 netns "$ns" type veth peer name "veth$1" netns "$H" || return 1
	ip -n "$H" link set "veth$1" master br0 up
	ip -n "$ns" addr add "$2/16" dev eth0
	ip -n "$ns" link set eth0 up
	ip -n "$ns" route add default via $DK_BR
}

scenario_docker() {
	setup_ns H A B O || { fail "$CLIENT: namespaces"; return 1; }
	ct_pin "$H"
	ip -n "$H" link add br0 type bridge &&
		ip -n "$H" addr add $DK_BR/16 dev br0 &&
		ip -n "$H" link set br0 up &&
		dk_container A $DK_A && dk_container B $DK_B &&
		veth_pair "$H" h0 $DK_H/24 "$O" o0 $DK_O/24 || { fail "$CLIENT: topology"; return 1; }
	ip netns exec "$H" sysctl -qw net.ipv4.ip_forward=1
	# Bridged traffic stays out of iptables as the counts below assume, also when an earlier
	# test loaded br_netfilter (physdev's check requests it; its sysctls are per namespace and
	# default to on).
	if [ -e /proc/sys/net/bridge ] || ip netns exec "$H" test -e /proc/sys/net/bridge; then
		ip netns exec "$H" sysctl -qw net.bridge.bridge-nf-call-iptables=0
	fi
	start_origdst "$A" 80 && start_origdst "$A" 81 && start_origdst "$B" 80 &&
		start_origdst "$H" 1234 && start_origdst "$O" 1234 || { fail "$CLIENT: servers"; return 1; }

	nat_rules "Docker's nat and filter rules" "$RULES_docker" || return 1
	conn_check "container A -> container B:80 (bridged)" "$A" $DK_A 40001 $DK_B 80 \
		"peer=$DK_A:40001 local=$DK_B:80 $DK_ENOENT"
	conn_check "container A -> host $DK_BR:1234 (conntrack on in H)" "$A" $DK_A 40002 $DK_BR 1234 \
		"peer=$DK_A:40002 local=$DK_BR:1234 origdst=$DK_BR:1234"
	conn_check "container A -> outside O:1234, masqueraded to the host's address" \
		"$A" $DK_A 40003 $DK_O 1234 "peer=$DK_H:40003 local=$DK_O:1234 $DK_ENOENT"
	conn_check "container B -> outside O:1234, masqueraded to the host's address" \
		"$B" $DK_B 40004 $DK_O 1234 "peer=$DK_H:40004 local=$DK_O:1234 $DK_ENOENT"
	conn_check "outside -> host:8080, the published port: container A:80" \
		"$O" $DK_O 40005 $DK_H 8080 "peer=$DK_O:40005 local=$DK_A:80 $DK_ENOENT"
	conn_check "host -> its own address:8080 (nat OUTPUT -> DOCKER): container A:80" \
		"$H" $DK_H 40006 $DK_H 8080 "peer=$DK_H:40006 local=$DK_A:80 $DK_ENOENT"
	conn_check "outside -> host:8081, not published: refused by the host" \
		"$O" $DK_O 40007 $DK_H 8081 refused
	# (Both DOCKER -i br0 -j RETURN and the DNAT rule's ! -i br0 keep it from being DNATed; the
	# RETURN rule's counter below shows it is the one that matched.)
	conn_check "container A -> host:8080 is not DNATed (DOCKER -i br0 -j RETURN): refused" \
		"$A" $DK_A 40008 $DK_H 8080 refused
	ip -n "$O" route add 172.17.0.0/16 via $DK_H
	conn_check "outside routed to container A:81 (unpublished): dropped by FORWARD" \
		"$O" $DK_O 40009 $DK_A 81 timeout
	conn_check "outside routed to container A:80 (the published container port): accepted" \
		"$O" $DK_O 40010 $DK_A 80 "peer=$DK_O:40010 local=$DK_A:80 $DK_ENOENT"

	local c
	ct_settle "$H"
	c=$(ct_list "$H")
	check "$CLIENT: conntrack in H: A:40003 -> O:1234 masqueraded to $DK_H" \
		grep -qE "^tcp 6 [A-Z_]+ src=$DK_A dst=$DK_O sport=40003 dport=1234 src=$DK_O dst=$DK_H sport=1234 dport=40003 " <<<"$c"
	check "$CLIENT: conntrack in H: O:40005 -> H:8080 DNATed to A:80" \
		grep -qE "^tcp 6 [A-Z_]+ src=$DK_O dst=$DK_H sport=40005 dport=8080 src=$DK_A dst=$DK_O sport=80 dport=40005 " <<<"$c"
	obs "conntrack H" "$c"
	check_eq "$CLIENT: filter DOCKER accepted 2 SYNs (published port, via DNAT and routed)" \
		"2/120" "$(nat_counts "$H" filter DOCKER)"
	c="$(nat_pcounts "$H" nat PREROUTING) | $(nat_pcounts "$H" nat OUTPUT) | $(nat_pcounts "$H" nat DOCKER) | $(nat_pcounts "$H" nat POSTROUTING)"
	# PREROUTING: -j DOCKER for O -> H:8080, O -> H:8081, A -> H:8080; policy for A -> H:1234,
	# A -> O, B -> O, O -> H:8081 and A -> H:8080 (back from DOCKER), O -> A:81, O -> A:80.
	# DOCKER: RETURN for A -> H:8080; DNAT for O -> H:8080 and H -> H:8080 (from OUTPUT).
	# POSTROUTING: MASQUERADE for A -> O, B -> O; policy for the two DNATed ones and O -> A:80
	# (O -> A:81 is dropped in FORWARD first). A -> B is bridged: no IPv4 hooks at all.
	check_eq "$CLIENT: nat PREROUTING | OUTPUT | DOCKER | POSTROUTING packets" \
		"3 policy=7 | 1 policy=0 | 1 2 | 2 policy=3" "$c"
	nat_cleanup
}

nat_main scenario_docker "$@"
