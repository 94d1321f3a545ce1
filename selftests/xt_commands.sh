#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every iptables-legacy command against oxtables, in a fresh namespace: -N -X -E -F -P -A -I -D
# -R -C -Z -L -S (with -n -v -x --line-numbers), jump/goto/RETURN, policies, the error cases
# (exit codes of iptables: 1 for "no such rule/chain, chain in use", 2 for parameter problems,
# 3 for an unknown table), and counters after real traffic (-L -v -x, iptables-legacy-save -c,
# counters kept across unrelated edits, -Z). After each step `iptables-legacy -S` must read
# exactly as expected.
#
# XT_ENGINE=stock runs the same checks against ip_tables.ko (to validate the expectations).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"

cleanup() {
	cleanup_all_ns
	[ "${XT_ENGINE:-}" = stock ] && use_oxtables_engine
}
trap cleanup EXIT
if [ "${XT_ENGINE:-}" = stock ]; then
	use_stock_engine || { fail "switch to ip_tables.ko"; exit $RET; }
else
	load_module
fi
echo "# engine: $(current_engine)"

setup_topo || { fail "topology"; exit $RET; }
X=$R # the namespace the commands run in

# expect_S DESCRIPTION EXPECTED [TABLE]: `iptables-legacy [-t TABLE] -S` reads EXPECTED exactly.
expect_S() { check_text "$1" "$2" "$(ipt "$X" -t "${3:-filter}" -S 2>&1)"; }

# expect_rc DESCRIPTION RC CMD...: CMD exits with RC.
expect_rc() {
	local what=$1 want=$2 rc
	shift 2
	"$@" >/dev/null 2>&1
	rc=$?
	check_eq "$what: exit code" "$want" "$rc"
}

# expect_L DESCRIPTION EXPECTED ARGS...: `iptables-legacy ARGS` (an -L listing), blanks
# squeezed, reads EXPECTED.
expect_L() {
	local what=$1 want=$2
	shift 2
	check_text "$what" "$want" "$(ipt "$X" "$@" 2>&1 | squeeze)"
}

POL='-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT'

# 1. Fresh tables: every table lists and saves its built-in chains with ACCEPT policies.
expect_S "fresh filter table" "$POL"
expect_S "fresh mangle table" "-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT" mangle
expect_S "fresh raw table" "-P PREROUTING ACCEPT
-P OUTPUT ACCEPT" raw
expect_S "fresh nat table" "-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT" nat
expect_rc "-t nat -L -n" 0 ipt "$X" -t nat -L -n
expect_L "fresh filter -L -n" "Chain INPUT (policy ACCEPT)
target prot opt source destination

Chain FORWARD (policy ACCEPT)
target prot opt source destination

Chain OUTPUT (policy ACCEPT)
target prot opt source destination" -L -n
check_text "/proc/net/ip_tables_names" "filter
mangle
nat
raw" "$(ip netns exec "$X" sort /proc/net/ip_tables_names)"

# 2. -N, and the errors around it.
ipt "$X" -N foo && ipt "$X" -N bar
expect_S "-N foo, -N bar (user chains listed sorted)" "$POL
-N bar
-N foo"
expect_rc "-N of an existing chain" 1 ipt "$X" -N foo
expect_rc "-N of a built-in chain's name" 1 ipt "$X" -N INPUT

# 3. -A, -I with and without a position, matches and targets of every supported kind.
ipt "$X" -A INPUT -s 10.0.0.1 -j ACCEPT
ipt "$X" -A INPUT -p tcp --dport 22 -j DROP
ipt "$X" -I INPUT -i lo -j ACCEPT
ipt "$X" -I INPUT 2 -d 10.9.0.0/16 -j foo
ipt "$X" -A foo -p udp --sport 53 -j RETURN
ipt "$X" -A foo -g bar
ipt "$X" -A bar -p icmp --icmp-type echo-request -j DROP
ipt "$X" -A bar ! -s 192.168.0.0/255.255.0.0 -o veth+ -p tcp --sport 1024: --tcp-flags SYN,ACK SYN
ipt "$X" -I bar 1 -f -j DROP
ipt "$X" -A OUTPUT ! -p udp -j ACCEPT
RULES='-A INPUT -i lo -j ACCEPT
-A INPUT -d 10.9.0.0/16 -j foo
-A INPUT -s 10.0.0.1/32 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j DROP
-A OUTPUT ! -p udp -j ACCEPT
-A bar -f -j DROP
-A bar -p icmp -m icmp --icmp-type 8 -j DROP
-A bar ! -s 192.168.0.0/16 -o veth+ -p tcp -m tcp --sport 1024:65535 --tcp-flags SYN,ACK SYN
-A foo -p udp -m udp --sport 53 -j RETURN
-A foo -g bar'
expect_S "-A, -I, -I 2: rules in order" "$POL
-N bar
-N foo
$RULES"
check_text "-S INPUT lists one chain" "-P INPUT ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -d 10.9.0.0/16 -j foo
-A INPUT -s 10.0.0.1/32 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j DROP" "$(ipt "$X" -S INPUT)"
check_text "-S foo lists a user chain" "-N foo
-A foo -p udp -m udp --sport 53 -j RETURN
-A foo -g bar" "$(ipt "$X" -S foo)"
expect_L "-L INPUT -n -v --line-numbers" "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num pkts bytes target prot opt in out source destination
1 0 0 ACCEPT 0 -- lo * 0.0.0.0/0 0.0.0.0/0
2 0 0 foo 0 -- * * 0.0.0.0/0 10.9.0.0/16
3 0 0 ACCEPT 0 -- * * 10.0.0.1 0.0.0.0/0
4 0 0 DROP 6 -- * * 0.0.0.0/0 0.0.0.0/0 tcp dpt:22" -L INPUT -n -v --line-numbers
expect_L "-L foo -n -v (references, goto)" "Chain foo (1 references)
pkts bytes target prot opt in out source destination
0 0 RETURN 17 -- * * 0.0.0.0/0 0.0.0.0/0 udp spt:53
0 0 bar 0 -- * * 0.0.0.0/0 0.0.0.0/0 [goto]" -L foo -n -v
expect_rc "-I past the end of the chain" 1 ipt "$X" -I INPUT 9 -j ACCEPT
expect_rc "-A to a missing chain" 1 ipt "$X" -A nosuch -j ACCEPT
expect_rc "-j to a missing chain" 2 ipt "$X" -A INPUT -j nosuch
expect_S "failed commands changed nothing" "$POL
-N bar
-N foo
$RULES"

# 4. -C: 0 when the rule is there, 1 when it is not.
expect_rc "-C of a present rule" 0 ipt "$X" -C INPUT -s 10.0.0.1 -j ACCEPT
expect_rc "-C of a present rule with matches" 0 ipt "$X" -C bar ! -s 192.168.0.0/16 -o veth+ -p tcp --sport 1024:65535 --tcp-flags SYN,ACK SYN
expect_rc "-C of an absent rule (other address)" 1 ipt "$X" -C INPUT -s 10.0.0.2 -j ACCEPT
expect_rc "-C of an absent rule (other target)" 1 ipt "$X" -C INPUT -s 10.0.0.1 -j DROP
expect_rc "-C of an absent rule (other port)" 1 ipt "$X" -C INPUT -p tcp --dport 23 -j DROP

# 5. -D by rule spec and by number, -R; their errors.
ipt "$X" -D INPUT -s 10.0.0.1/32 -j ACCEPT
ipt "$X" -D INPUT 1
ipt "$X" -D bar 1
ipt "$X" -R INPUT 2 -p tcp --dport 80:90 -j ACCEPT
RULES='-A INPUT -d 10.9.0.0/16 -j foo
-A INPUT -p tcp -m tcp --dport 80:90 -j ACCEPT
-A OUTPUT ! -p udp -j ACCEPT
-A bar -p icmp -m icmp --icmp-type 8 -j DROP
-A bar ! -s 192.168.0.0/16 -o veth+ -p tcp -m tcp --sport 1024:65535 --tcp-flags SYN,ACK SYN
-A foo -p udp -m udp --sport 53 -j RETURN
-A foo -g bar'
expect_S "-D by spec, -D by number, -R" "$POL
-N bar
-N foo
$RULES"
expect_rc "-D of a nonexistent rule" 1 ipt "$X" -D INPUT -s 10.0.0.1/32 -j ACCEPT
expect_rc "-D of a rule number past the end" 1 ipt "$X" -D INPUT 3
expect_rc "-R of a rule number past the end" 1 ipt "$X" -R INPUT 5 -j DROP
expect_rc "-D in a missing chain" 1 ipt "$X" -D nosuch 1

# 6. -P on built-in chains; not on user chains, not RETURN.
ipt "$X" -P FORWARD DROP
ipt "$X" -P OUTPUT DROP
ipt "$X" -P OUTPUT ACCEPT
POL='-P INPUT ACCEPT
-P FORWARD DROP
-P OUTPUT ACCEPT'
expect_S "-P FORWARD DROP" "$POL
-N bar
-N foo
$RULES"
expect_rc "-P on a user chain" 1 ipt "$X" -P foo DROP
expect_rc "-P RETURN" 1 ipt "$X" -P INPUT RETURN
expect_L "-L FORWARD shows the DROP policy" "Chain FORWARD (policy DROP)
target prot opt source destination" -L FORWARD -n

# 7. -E renames a chain and the rules jumping to it; -X of a referenced chain fails.
ipt "$X" -E foo baz
expect_S "-E foo baz" "$POL
-N bar
-N baz
-A INPUT -d 10.9.0.0/16 -j baz
-A INPUT -p tcp -m tcp --dport 80:90 -j ACCEPT
-A OUTPUT ! -p udp -j ACCEPT
-A bar -p icmp -m icmp --icmp-type 8 -j DROP
-A bar ! -s 192.168.0.0/16 -o veth+ -p tcp -m tcp --sport 1024:65535 --tcp-flags SYN,ACK SYN
-A baz -p udp -m udp --sport 53 -j RETURN
-A baz -g bar"
expect_rc "-E to an existing name" 1 ipt "$X" -E baz bar
expect_rc "-X of a chain referenced by a goto" 1 ipt "$X" -X bar
expect_rc "-X of a non-empty, referenced chain" 1 ipt "$X" -X baz
expect_rc "-X of a missing chain" 1 ipt "$X" -X nosuch
expect_rc "-X of a built-in chain" 1 ipt "$X" -X INPUT

# 8. -F of one chain, -X of the now unreferenced chain, -F/-X of everything.
ipt "$X" -F baz
expect_rc "-X of an unreferenced, non-empty chain" 1 ipt "$X" -X bar
ipt "$X" -F bar
ipt "$X" -X bar
expect_S "-F baz, -F bar, -X bar" "$POL
-N baz
-A INPUT -d 10.9.0.0/16 -j baz
-A INPUT -p tcp -m tcp --dport 80:90 -j ACCEPT
-A OUTPUT ! -p udp -j ACCEPT"
ipt "$X" -F
expect_S "-F keeps user chains and policies" "$POL
-N baz"
ipt "$X" -X
ipt "$X" -P FORWARD ACCEPT
POL='-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT'
expect_S "-X of every user chain, policy back to ACCEPT" "$POL"

# 9. Other tables take the same commands.
ipt "$X" -t mangle -N mchain
ipt "$X" -t mangle -A FORWARD -p udp --dport 5000:5010 -j mchain
ipt "$X" -t mangle -A mchain -j RETURN
ipt "$X" -t raw -A PREROUTING -i r1 -p icmp --icmp-type 0 -j ACCEPT
expect_S "mangle: user chain and jump" "-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-N mchain
-A FORWARD -p udp -m udp --dport 5000:5010 -j mchain
-A mchain -j RETURN" mangle
expect_S "raw: icmp rule" "-P PREROUTING ACCEPT
-P OUTPUT ACCEPT
-A PREROUTING -i r1 -p icmp -m icmp --icmp-type 0 -j ACCEPT" raw
ipt "$X" -t mangle -F && ipt "$X" -t mangle -X && ipt "$X" -t raw -F
expect_S "filter untouched by mangle/raw edits" "$POL"

# 10. Error cases with iptables' own exit codes.
expect_rc "unknown table" 3 ipt "$X" -t nosuch -L -n
expect_rc "unknown option" 2 ipt "$X" -A INPUT --nosuch
expect_rc "--dport without -p" 2 ipt "$X" -A INPUT --dport 22 -j ACCEPT
expect_rc "-L of a missing chain" 1 ipt "$X" -L nosuch -n
if [ "$(current_engine)" = oxtables ]; then
	# An extension oxtables does not have (nor the test kernel: no xt_quota): iptables must fail.
	expect_rc "-m quota (unsupported extension) fails" 1 ipt "$X" -A INPUT -m quota --quota 1000 -j ACCEPT
fi
expect_S "failed commands left the table empty" "$POL"

# 11. Counters after real traffic: 3 echo requests C -> R hit the rule in R's INPUT, 3 replies
# cross R's OUTPUT policy. 84 bytes per ICMP echo.
ipt "$X" -A INPUT -s "$C_IP" -p icmp --icmp-type echo-request -j ACCEPT
ipt "$X" -A INPUT -s 10.99.0.0/16 -j DROP
timeout 20 ip netns exec "$C" busybox ping -q -c 3 -W 2 "$R_IP0" >/dev/null
check "ping C -> R through an ACCEPT rule" test $? = 0
expect_L "-L INPUT -n -v -x --line-numbers after 3 pings" "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num pkts bytes target prot opt in out source destination
1 3 252 ACCEPT 1 -- * * 10.0.1.2 0.0.0.0/0 icmptype 8
2 0 0 DROP 0 -- * * 10.99.0.0/16 0.0.0.0/0" -L INPUT -n -v -x --line-numbers
expect_L "-L OUTPUT -n -v -x: the replies went to the policy" "Chain OUTPUT (policy ACCEPT 3 packets, 252 bytes)
pkts bytes target prot opt in out source destination" -L OUTPUT -n -v -x
check_text "iptables-legacy-save -c" "*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [3:252]
[3:252] -A INPUT -s 10.0.1.2/32 -p icmp -m icmp --icmp-type 8 -j ACCEPT
[0:0] -A INPUT -s 10.99.0.0/16 -j DROP
COMMIT" "$(ip netns exec "$X" iptables-legacy-save -c -t filter | strip_save)"
check_text "-S -v shows counters" "-P INPUT ACCEPT -c 0 0
-P FORWARD ACCEPT -c 0 0
-P OUTPUT ACCEPT -c 3 252
-A INPUT -s 10.0.1.2/32 -p icmp -m icmp --icmp-type 8 -c 3 252 -j ACCEPT
-A INPUT -s 10.99.0.0/16 -c 0 0 -j DROP" "$(ipt "$X" -S -v)"

# A counting rule (no target) in OUTPUT for the replies from now on.
ipt "$X" -A OUTPUT -p icmp

# Counters survive unrelated edits (libiptc maps the old counters onto the new rules).
ipt "$X" -I INPUT 1 -s 10.98.0.0/16 -j DROP
ipt "$X" -N later
expect_L "counters kept across -I and -N" "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num pkts bytes target prot opt in out source destination
1 0 0 DROP 0 -- * * 10.98.0.0/16 0.0.0.0/0
2 3 252 ACCEPT 1 -- * * 10.0.1.2 0.0.0.0/0 icmptype 8
3 0 0 DROP 0 -- * * 10.99.0.0/16 0.0.0.0/0" -L INPUT -n -v -x --line-numbers

# Unmatched traffic (an echo request from another source address range) goes to the policy.
ip -n "$C" addr add 10.0.1.3/24 dev c0
timeout 20 ip netns exec "$C" busybox ping -q -c 2 -W 2 -I 10.0.1.3 "$R_IP0" >/dev/null
check "ping from 10.0.1.3 falls through to the ACCEPT policy" test $? = 0
expect_L "-L INPUT -v -x: policy counters" "Chain INPUT (policy ACCEPT 2 packets, 168 bytes)
pkts bytes target prot opt in out source destination
0 0 DROP 0 -- * * 10.98.0.0/16 0.0.0.0/0
3 252 ACCEPT 1 -- * * 10.0.1.2 0.0.0.0/0 icmptype 8
0 0 DROP 0 -- * * 10.99.0.0/16 0.0.0.0/0" -L INPUT -n -v -x

# -Z of one chain, then of everything.
ipt "$X" -Z INPUT
expect_L "-Z INPUT zeroes its rules and policy" "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
pkts bytes target prot opt in out source destination
0 0 DROP 0 -- * * 10.98.0.0/16 0.0.0.0/0
0 0 ACCEPT 1 -- * * 10.0.1.2 0.0.0.0/0 icmptype 8
0 0 DROP 0 -- * * 10.99.0.0/16 0.0.0.0/0" -L INPUT -n -v -x
check_eq "-Z INPUT leaves OUTPUT's rule counters" "[2:168] -A OUTPUT -p icmp" \
	"$(ip netns exec "$X" iptables-legacy-save -c -t filter | grep -e '-A OUTPUT')"
ipt "$X" -Z
check_eq "-Z zeroes every chain" "[0:0] -A OUTPUT -p icmp" \
	"$(ip netns exec "$X" iptables-legacy-save -c -t filter | grep -e '-A OUTPUT')"
exit $RET
