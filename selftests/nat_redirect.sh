#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# REDIRECT and SO_ORIGINAL_DST: a client in another namespace and local clients connect to port
# 12345 of the server namespace S; REDIRECT rules (nat PREROUTING -i s0 for the first, nat OUTPUT
# -o lo for the others) send them to the origdst server on port 1234, which must see local port
# 1234 and the original destination port 12345. Without the rules (before they are added, and
# again after they are deleted, which must switch conntrack off again) the connection reaches the
# server on port 12345 and SO_ORIGINAL_DST fails with ENOENT: no conntrack entry.
#
#   C  c0 10.0.1.2 ---- s0 10.0.1.1  S  (origdst on 1234 and 12345)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nat_lib.sh"

RD_C=10.0.1.2 RD_S=10.0.1.1
RD_ENOENT="origdst_errno=2 origdst_error=No such file or directory"

RULES_redirect='S -t nat -A PREROUTING -i s0 -p tcp --dport 12345 -j REDIRECT --to-ports 1234
S -t nat -A OUTPUT -o lo -p tcp --dport 12345 -j REDIRECT --to-ports 1234'
RULES_redirect_del='S -t nat -D PREROUTING -i s0 -p tcp --dport 12345 -j REDIRECT --to-ports 1234
S -t nat -D OUTPUT -o lo -p tcp --dport 12345 -j REDIRECT --to-ports 1234'

scenario_redirect() {
	setup_ns C S || { fail "$CLIENT: namespaces"; return 1; }
	ct_pin "$S"
	veth_pair "$C" c0 $RD_C/24 "$S" s0 $RD_S/24 || { fail "$CLIENT: veth"; return 1; }
	start_origdst "$S" 1234 && start_origdst "$S" 12345 || { fail "$CLIENT: origdst servers"; return 1; }

	conn_check "no rule: C -> S:12345 reaches port 12345, no conntrack entry (ENOENT)" \
		"$C" $RD_C 40001 $RD_S 12345 "peer=$RD_C:40001 local=$RD_S:12345 $RD_ENOENT"

	nat_rules "REDIRECT --to-ports 1234 in PREROUTING and OUTPUT" "$RULES_redirect" || return 1
	conn_check "PREROUTING REDIRECT: C -> S:12345 lands on 1234, origdst S:12345" \
		"$C" $RD_C 40002 $RD_S 12345 "peer=$RD_C:40002 local=$RD_S:1234 origdst=$RD_S:12345"
	conn_check "OUTPUT -o lo REDIRECT: 127.0.0.1:12345 -> 127.0.0.1:1234, origdst 127.0.0.1:12345" \
		"$S" 127.0.0.1 40003 127.0.0.1 12345 \
		"peer=127.0.0.1:40003 local=127.0.0.1:1234 origdst=127.0.0.1:12345"
	conn_check "OUTPUT -o lo REDIRECT: own address S:12345 -> 127.0.0.1:1234, origdst S:12345" \
		"$S" $RD_S 40004 $RD_S 12345 "peer=$RD_S:40004 local=127.0.0.1:1234 origdst=$RD_S:12345"
	conn_check "conntrack on, no NAT: C -> S:1234 direct, origdst is the local address" \
		"$C" $RD_C 40005 $RD_S 1234 "peer=$RD_C:40005 local=$RD_S:1234 origdst=$RD_S:1234"

	# Only a connection's first packet walks the nat chains: each REDIRECT rule counts SYNs (60
	# bytes) only; the direct connection's SYN falls to the PREROUTING policy; the locally
	# generated SYNs also walk POSTROUTING, the incoming ones INPUT.
	local c
	c="$(nat_counts "$S" nat PREROUTING) | $(nat_counts "$S" nat OUTPUT)"
	check_eq "$CLIENT: nat PREROUTING | OUTPUT counters (SYNs only)" \
		"1/60 policy=1/60 | 2/120 policy=0/0" "$c"
	c="$(nat_counts "$S" nat INPUT) | $(nat_counts "$S" nat POSTROUTING)"
	check_eq "$CLIENT: nat INPUT | POSTROUTING policy counters (SYNs only)" \
		"policy=2/120 | policy=2/120" "$c"
	ct_settle "$S"
	c=$(ct_list "$S")
	check "$CLIENT: conntrack in S: C:40002 -> S:12345 with reply from S:1234" \
		grep -qE "^tcp 6 [A-Z_]+ src=$RD_C dst=$RD_S sport=40002 dport=12345 src=$RD_S dst=$RD_C sport=1234 dport=40002 " <<<"$c"
	obs "conntrack S with the rules" "$c"

	nat_rules "REDIRECT rules deleted (-D)" "$RULES_redirect_del" || return 1
	conn_check "rules deleted: C -> S:12345 reaches 12345 again, conntrack off (ENOENT)" \
		"$C" $RD_C 40006 $RD_S 12345 "peer=$RD_C:40006 local=$RD_S:12345 $RD_ENOENT"
	conn_check "rules deleted: 127.0.0.1:12345 reaches 12345, conntrack off (ENOENT)" \
		"$S" 127.0.0.1 40007 127.0.0.1 12345 "peer=127.0.0.1:40007 local=127.0.0.1:12345 $RD_ENOENT"
	obs "conntrack S after -D" "$(ct_list "$S")"
	nat_cleanup
}

nat_main scenario_redirect "$@"
