#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Real traffic between namespaces (topo.sh: client C, router R, server S) is dropped, accepted
# and returned as oxtables rules say, and per-rule packet/byte counters match the traffic:
#   filter INPUT (on S and R), FORWARD (on R), OUTPUT (on C); raw PREROUTING/OUTPUT and mangle
#   FORWARD/OUTPUT in the path; TCP --dport/--sport (ranges, inverted), --syn/--tcp-flags, UDP,
#   ICMP types, -i/-o with "+", ! -s/-d with masks, -f, user chains with RETURN, jump vs goto,
#   DROP policies, QUEUE (no listener: dropped), rules without target (counting only).
# Traffic comes from xt_probe.py (a TCP probe moves a fixed number of packets, see there) and
# busybox ping (84-byte echo requests/replies).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	cleanup_all_ns
}
trap cleanup EXIT
load_module

N=2 # pings per probe
setup_topo || { fail "topology"; exit $RET; }
for port in 8080 9090; do
	ip netns exec "$S" $PY "$DIR/xt_probe.py" listen $port &
	PIDS+=($!)
done
busywait 20000 bash -c "ip netns exec $S ss -ltn | grep -q :9090" || fail "listeners up"

ping_ok() { timeout 20 ip netns exec "$1" busybox ping -q -c "${3:-$N}" -W 1 "${@:4}" "$2" >/dev/null 2>&1; }
tcp() { timeout 20 ip netns exec "$C" $PY "$DIR/xt_probe.py" tcp "$1" "$2"; }
udp() { timeout 10 ip netns exec "$C" $PY "$DIR/xt_probe.py" udp "$S_IP" "$1" "$2"; }

# counts NS TABLE CHAIN: "pkts/bytes" of every rule of CHAIN, then "policy=pkts/bytes" for a
# built-in chain; one line.
counts() {
	ipt "$1" -t "$2" -L "$3" -n -v -x | awk '
		NR == 1 && /policy/ { pol = "policy=" $5 "/" $7 }
		NR > 2 { printf "%s/%s ", $1, $2 }
		END { print pol }' | sed 's/ $//'
}
# pcounts NS TABLE CHAIN: the same, packets only (for TCP exchanges whose RST size may vary).
pcounts() { counts "$@" | sed -E 's#/[0-9]+##g'; }

# reset: every table of every namespace empty, policies ACCEPT, counters zero.
EMPTY='*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT'
reset() {
	local ns
	for ns in "$C" "$R" "$S"; do
		echo "$EMPTY" | ip netns exec "$ns" iptables-legacy-restore -w 5 -c || fail "reset $ns"
	done
}

# 0. Without rules everything goes through.
ping_ok "$C" "$S_IP"; check "no rules: ping C -> S" test $? = 0
check_eq "no rules: tcp C -> S:8080" open "$(tcp "$S_IP" 8080)"
check_eq "no rules: tcp C -> S:7070 (no listener)" closed "$(tcp "$S_IP" 7070)"

# 1. FORWARD on R: TCP --dport DROP; other ports and ICMP pass.
reset
ipt "$R" -A FORWARD -p tcp --dport 8080 -j DROP
check_eq "FORWARD -p tcp --dport 8080 -j DROP: 8080 filtered" filtered "$(tcp "$S_IP" 8080)"
check_eq "FORWARD -p tcp --dport 8080 -j DROP: 9090 open" open "$(tcp "$S_IP" 9090)"
ping_ok "$C" "$S_IP"; check "FORWARD -p tcp --dport 8080 -j DROP: ping passes" test $? = 0
# rule: the probe's one 60-byte SYN; policy: 9090's SYN, SYN/ACK, ACK, RST and the N echo requests and replies
check_eq "FORWARD tcp DROP rule counted the SYN" "1/60" "$(counts "$R" filter FORWARD | cut -d' ' -f1)"
check_eq "FORWARD policy counted 4 TCP + 2N ICMP packets" "policy=$((4 + 2 * N))" \
	"$(pcounts "$R" filter FORWARD | cut -d' ' -f2)"

# 2. Port ranges, inverted, restricted to one input interface.
reset
ipt "$R" -A FORWARD -i r0 -p tcp ! --dport 9000:9999 -j DROP
check_eq "! --dport 9000:9999: 8080 filtered" filtered "$(tcp "$S_IP" 8080)"
check_eq "! --dport 9000:9999: 9090 open" open "$(tcp "$S_IP" 9090)"
check_eq "! --dport 9000:9999 counted 1 SYN; 9090's 4 packets to the policy" "1 policy=4" "$(pcounts "$R" filter FORWARD)"
check_eq "! --dport 9000:9999 rule bytes: one 60-byte SYN" "1/60" "$(counts "$R" filter FORWARD | cut -d' ' -f1)"

# 3. INPUT on S: --syn, --tcp-flags and --sport rules, rules without a target only count.
reset
ipt "$S" -A INPUT -p tcp --dport 8080 --syn -j DROP
ipt "$S" -A INPUT -p tcp --dport 9090 --tcp-flags SYN,ACK,RST ACK
ipt "$S" -A INPUT -p tcp --dport 9090 --tcp-flags RST RST
ipt "$S" -A OUTPUT -p tcp --sport 9000:9100
check_eq "S INPUT --syn DROP: 8080 filtered" filtered "$(tcp "$S_IP" 8080)"
check_eq "S INPUT --syn DROP: 9090 open" open "$(tcp "$S_IP" 9090)"
check_eq "S INPUT: --syn 1, --tcp-flags SYN,ACK,RST ACK 1, RST RST 1, policy 3 (9090's SYN, ACK, RST)" \
	"1 1 1 policy=3" "$(pcounts "$S" filter INPUT)"
check_eq "S INPUT: byte counts of the SYN and the ACK" "1/60 1/52" "$(counts "$S" filter INPUT | cut -d' ' -f1,2)"
check_eq "S OUTPUT --sport 9000:9100 counted the SYN/ACK" "1/60 policy=1/60" "$(counts "$S" filter OUTPUT)"

# 4. ICMP types on R FORWARD.
reset
ipt "$R" -A FORWARD -p icmp --icmp-type echo-request
ipt "$R" -A FORWARD -p icmp --icmp-type echo-reply -j DROP
ping_ok "$C" "$S_IP"; check "FORWARD --icmp-type echo-reply DROP: ping fails" test $? != 0
check_eq "FORWARD icmp counters: N requests, N replies dropped" "$N/$((N * 84)) $N/$((N * 84)) policy=$N/$((N * 84))" \
	"$(counts "$R" filter FORWARD)"

# 5. User chain with RETURN, jump vs goto.
reset
ipt "$R" -N chk
ipt "$R" -A FORWARD -p icmp -j chk
ipt "$R" -A FORWARD -p icmp -j DROP
ipt "$R" -A chk -p icmp --icmp-type 8 -j RETURN
ipt "$R" -A chk -j ACCEPT
ping_ok "$C" "$S_IP"; check "-j chk, RETURN back into FORWARD, then DROP: ping fails" test $? != 0
check_eq "jump: FORWARD counters" "$N/$((N * 84)) $N/$((N * 84)) policy=0/0" "$(counts "$R" filter FORWARD)"
check_eq "jump: chk counters" "$N/$((N * 84)) 0/0" "$(counts "$R" filter chk)"
ipt "$R" -R FORWARD 1 -p icmp -g chk
ipt "$R" -Z
ping_ok "$C" "$S_IP"; check "-g chk, RETURN goes to the policy: ping passes" test $? = 0
check_eq "goto: FORWARD counters (requests reach the policy)" "$((2 * N))/$((2 * N * 84)) 0/0 policy=$N/$((N * 84))" \
	"$(counts "$R" filter FORWARD)"
check_eq "goto: chk counters (requests RETURN, replies ACCEPT)" "$N/$((N * 84)) $N/$((N * 84))" "$(counts "$R" filter chk)"

# 6. Interfaces with "+": INPUT -i r+ on R, OUTPUT -o c+ on C; non-matching wildcards.
reset
ipt "$R" -A INPUT -i x+ -j DROP
ipt "$R" -A INPUT ! -i r+ -j DROP
ipt "$R" -A INPUT -i r+ -p icmp -j DROP
ping_ok "$C" "$R_IP0"; check "R INPUT -i r+ DROP: ping C -> R fails" test $? != 0
check_eq "R INPUT counters: -i x+ 0, ! -i r+ 0, -i r+ N" "0/0 0/0 $N/$((N * 84)) policy=0/0" "$(counts "$R" filter INPUT)"
reset
ipt "$C" -A OUTPUT ! -o c0 -p icmp -j DROP
ping_ok "$C" "$S_IP"; check "C OUTPUT ! -o c0 does not match: ping passes" test $? = 0
ipt "$C" -I OUTPUT -o c+ -p icmp -j DROP
ping_ok "$C" "$S_IP"; check "C OUTPUT -o c+ DROP: ping fails" test $? != 0
# busybox ping gives up at the first EPERM from sendto: one request; the policy counters of the
# first ping were dropped by libiptc when -I committed (ip_tables alike).
check_eq "C OUTPUT counters" "1/84 0/0 policy=0/0" "$(counts "$C" filter OUTPUT)"

# 7. raw PREROUTING DROP on R: filter never sees the packets.
reset
ipt "$R" -t raw -A PREROUTING -i r0 -p icmp -j DROP
ipt "$R" -A FORWARD -p icmp
ping_ok "$C" "$S_IP"; check "raw PREROUTING DROP: ping fails" test $? != 0
check_eq "raw PREROUTING rule counted N" "$N/$((N * 84)) policy=0/0" "$(counts "$R" raw PREROUTING)"
check_eq "filter FORWARD saw nothing" "0/0 policy=0/0" "$(counts "$R" filter FORWARD)"

# 8. mangle FORWARD DROP on R, UDP; S counts what arrives.
reset
ipt "$S" -A OUTPUT -p icmp --icmp-type port-unreachable -j DROP # no ICMP errors back
ipt "$R" -t mangle -A FORWARD -p udp --dport 5000 -j DROP
ipt "$S" -A INPUT -p udp --dport 5000
ipt "$S" -A INPUT -p udp --sport 1024:65535 --dport 5001
udp 5000 3
udp 5001 3
busywait 3000 bash -c "[ \"\$(ip netns exec $S iptables-legacy -L INPUT -n -v -x | awk 'NR == 4 { print \$1 }')\" = 3 ]"
check_eq "mangle FORWARD UDP DROP: counted 3 datagrams of 48 bytes" "3/144 policy=3/144" "$(counts "$R" mangle FORWARD)"
check_eq "S INPUT: nothing to 5000, 3 to 5001 (counted, then the policy)" "0/0 3/144 policy=3/144" "$(counts "$S" filter INPUT)"

# 9. raw and mangle OUTPUT DROPs on C.
reset
ipt "$S" -A OUTPUT -p icmp --icmp-type port-unreachable -j DROP
ipt "$C" -t raw -A OUTPUT -p udp --dport 5002 -j DROP
ipt "$C" -t mangle -A OUTPUT -p udp --dport 5003 -j DROP
ipt "$S" -A INPUT -p udp ! --dport 5004 -j DROP
ipt "$S" -A INPUT -p udp --dport 5004
udp 5002 2
udp 5003 2
udp 5004 2
busywait 3000 bash -c "[ \"\$(ip netns exec $S iptables-legacy -L INPUT -n -v -x | awk 'NR == 4 { print \$1 }')\" = 2 ]"
check_eq "C raw OUTPUT DROP counted 2" "2/96 policy=4/192" "$(counts "$C" raw OUTPUT)"
check_eq "C mangle OUTPUT DROP counted 2" "2/96 policy=2/96" "$(counts "$C" mangle OUTPUT)"
check_eq "S INPUT: only 5004 arrived" "0/0 2/96 policy=2/96" "$(counts "$S" filter INPUT)"

# 10. Addresses: ! -s with a prefix, -d with a dotted mask.
reset
ipt "$R" -A FORWARD -d 10.0.2.0/255.255.255.0 -p icmp
ipt "$R" -A FORWARD ! -s 10.0.1.0/24 -p icmp -j DROP
ping_ok "$C" "$S_IP"; check "FORWARD ! -s 10.0.1.0/24 DROP: replies dropped, ping fails" test $? != 0
check_eq "FORWARD: -d counted N requests, ! -s dropped N replies" "$N/$((N * 84)) $N/$((N * 84)) policy=$N/$((N * 84))" \
	"$(counts "$R" filter FORWARD)"

# 11. DROP policy on S with an ICMP exception.
reset
ipt "$S" -A INPUT -p icmp -j ACCEPT
ipt "$S" -P INPUT DROP
ping_ok "$C" "$S_IP"; check "S INPUT policy DROP, icmp ACCEPT: ping passes" test $? = 0
check_eq "S INPUT policy DROP: tcp filtered" filtered "$(tcp "$S_IP" 8080)"
check_eq "S INPUT counters: N pings accepted, 1 SYN to the DROP policy" "$N/$((N * 84)) policy=1/60" "$(counts "$S" filter INPUT)"

# 12. Fragments: -f matches non-first fragments only; the icmp match never does.
reset
ipt "$R" -A FORWARD -f -p icmp
ipt "$R" -A FORWARD -p icmp --icmp-type 8
ipt "$R" -A FORWARD ! -f -p icmp
ping_ok "$C" "$S_IP" 1 -s 3000; check "a 3028-byte ping crosses R in fragments" test $? = 0
check_eq "FORWARD -f: 2 non-first fragments each way; icmp-type 8: 1; ! -f: 2 first fragments" \
	"4/$((2 * (1500 + 68))) 1/1500 2/3000 policy=6/$((2 * (1500 + 1500 + 68)))" "$(counts "$R" filter FORWARD)"

# 13. QUEUE with nobody listening drops.
reset
ipt "$R" -A FORWARD -p icmp -j QUEUE
ping_ok "$C" "$S_IP"; check "FORWARD -j QUEUE (no listener): ping fails" test $? != 0
check_eq "QUEUE counted N" "$N/$((N * 84)) policy=0/0" "$(counts "$R" filter FORWARD)"
exit $RET
