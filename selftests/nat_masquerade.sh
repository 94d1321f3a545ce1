#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# SNAT and MASQUERADE for a private network behind a gateway. C has two private addresses:
# 10.0.1.2 is masqueraded (nat POSTROUTING -o r1 -j MASQUERADE), 10.0.1.3 SNATed to R's address
# (-j SNAT --to-source 10.0.2.1). S sees both as 10.0.2.1. Then R's r1 address changes to
# 10.0.2.11: the kernel flushes the conntrack entries MASQUERADE made with the old address (and
# only those: the SNAT entry stays), so the same UDP flow (same ports) continues from the new
# address, and new TCP connections use it too.
#
#   C  c0 10.0.1.2, 10.0.1.3 --- r0 10.0.1.1  R  r1 10.0.2.1 (later 10.0.2.11) --- s0 10.0.2.2  S
#   S: origdst on 1234, natprobe on UDP 5000 (answers "peer=IP:PORT"); no route to 10.0.1.0/24
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
. "$(dirname "$0")/nat_lib.sh"

MQ_C2=10.0.1.3 MQ_NEW=10.0.2.11

RULES_masquerade="R -t nat -A POSTROUTING -s $C_IP -o r1 -j MASQUERADE
R -t nat -A POSTROUTING -s $MQ_C2 -o r1 -j SNAT --to-source $R_IP1"

# mq_check WHAT EXPECTED ACTUAL: checked and observed.
mq_check() {
	check_eq "$CLIENT: $1" "$2" "$3"
	obs "$1" "$3"
}

# mq_ct_gone PORT ADDR: R has no entry for C's source port PORT whose reply goes to ADDR.
mq_ct_gone() { ! ct_has "$R" " sport=$1 dport=[0-9]+ src=$S_IP dst=$2 "; }

scenario_masquerade() {
	setup_topo || { fail "$CLIENT: topology"; return 1; }
	ct_pin "$R"
	ip -n "$S" route del default
	ip -n "$C" addr add $MQ_C2/24 dev c0
	start_origdst "$S" 1234 && start_probe "$S" 5000 1 || { fail "$CLIENT: servers"; return 1; }

	nat_rules "MASQUERADE $C_IP, SNAT $MQ_C2 --to-source $R_IP1" "$RULES_masquerade" || return 1
	local line c
	line=$(tcp_get "$C" $S_IP 1234 $C_IP 40001)
	mq_check "MASQUERADE: TCP C:40001 -> S:1234 seen from R's r1 address" \
		"peer=$R_IP1:40001 local=$S_IP:1234 origdst_errno=2 origdst_error=No such file or directory" "$line"
	mq_check "MASQUERADE: UDP flow C:41000 -> S:5000 seen from R's r1 address" \
		"peer=$R_IP1:41000" "$(udp_probe "$C" $S_IP 5000 $C_IP 41000 1 1)"
	mq_check "SNAT: UDP flow $MQ_C2:41001 -> S:5000 seen from $R_IP1" \
		"peer=$R_IP1:41001" "$(udp_probe "$C" $S_IP 5000 $MQ_C2 41001 1 1)"
	ct_settle "$R"
	c=$(ct_list "$R")
	check "$CLIENT: conntrack in R: MASQUERADE UDP entry, reply to $R_IP1:41000" \
		grep -qxE "udp 17 src=$C_IP dst=$S_IP sport=41000 dport=5000 src=$S_IP dst=$R_IP1 sport=5000 dport=41000 mark=0" <<<"$c"
	check "$CLIENT: conntrack in R: SNAT UDP entry, reply to $R_IP1:41001" \
		grep -qxE "udp 17 src=$MQ_C2 dst=$S_IP sport=41001 dport=5000 src=$S_IP dst=$R_IP1 sport=5000 dport=41001 mark=0" <<<"$c"
	obs "conntrack R before the address change" "$c"

	# The out device's address changes: its removal flushes MASQUERADE's entries (asynchronously,
	# from a work item).
	ip -n "$R" addr del $R_IP1/24 dev r1
	ip -n "$R" addr add $MQ_NEW/24 dev r1
	nat_wait 5000 mq_ct_gone 41000 $R_IP1
	check "$CLIENT: address change: MASQUERADE UDP entry with the old address flushed" mq_ct_gone 41000 $R_IP1
	nat_wait 5000 mq_ct_gone 40001 $R_IP1
	check "$CLIENT: address change: MASQUERADE TCP entry with the old address flushed" mq_ct_gone 40001 $R_IP1
	check "$CLIENT: address change: the SNAT entry stays" ct_has "$R" "sport=41001 dport=5000 src=$S_IP dst=$R_IP1 "

	mq_check "MASQUERADE after the change: the same UDP flow continues from $MQ_NEW" \
		"peer=$MQ_NEW:41000" "$(udp_probe "$C" $S_IP 5000 $C_IP 41000 1 1)"
	line=$(tcp_get "$C" $S_IP 1234 $C_IP 40002)
	mq_check "MASQUERADE after the change: new TCP connection from $MQ_NEW" \
		"peer=$MQ_NEW:40002 local=$S_IP:1234 origdst_errno=2 origdst_error=No such file or directory" "$line"
	ct_settle "$R"
	c=$(ct_list "$R")
	check "$CLIENT: conntrack in R: the UDP flow's new entry replies to $MQ_NEW" \
		grep -qxE "udp 17 src=$C_IP dst=$S_IP sport=41000 dport=5000 src=$S_IP dst=$MQ_NEW sport=5000 dport=41000 mark=0" <<<"$c"
	obs "conntrack R after the address change" "$c"
	c="$(nat_counts "$R" nat POSTROUTING)"
	obs "R nat POSTROUTING counters" "$c"
	check_eq "$CLIENT: nat POSTROUTING counts first packets: 4 masqueraded (2 TCP SYN, 2 UDP), 1 SNAT" \
		"4/216 1/48 policy=0/0" "$c"
	nat_cleanup
}

nat_main scenario_masquerade "$@"
