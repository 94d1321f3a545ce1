#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# NFQUEUE with a real consumer (nfq_consumer.py over nfnetlink_queue, in R): datagrams C sends
# to S are queued in R's FORWARD; the consumer accepts port 5001 and drops 5002 (queue 3).
# Queue 9 has no consumer: port 5003 with --queue-bypass gets through, 5004 without is dropped.
# Port 5005 goes to --queue-balance 20:23, which no one listens on, with --queue-bypass: it
# gets through. The same on oxtables.ko and ip_tables.ko (+ xt_NFQUEUE): the consumer's
# verdicts, R's counters and what S receives. (Which queue of a balanced range a flow gets
# depends on each engine's random jhash_initval, so it is not compared; the host tests check
# the hash.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
WORK=$(mktemp -d)
PIDS=()
N=5
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	cleanup_all_ns
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
load_module
modprobe nfnetlink_queue 2>/dev/null

RULES='-A FORWARD -p udp --dport 5001 -j NFQUEUE --queue-num 3
-A FORWARD -p udp --dport 5002 -j NFQUEUE --queue-num 3
-A FORWARD -p udp --dport 5003 -j NFQUEUE --queue-num 9 --queue-bypass
-A FORWARD -p udp --dport 5004 -j NFQUEUE --queue-num 9
-A FORWARD -p udp --dport 5005 -j NFQUEUE --queue-balance 20:23 --queue-bypass
-A FORWARD -p udp -j ACCEPT'
SRULES='-A INPUT -p udp --dport 5001
-A INPUT -p udp --dport 5002
-A INPUT -p udp --dport 5003
-A INPUT -p udp --dport 5004
-A INPUT -p udp --dport 5005'

# Packet counts of NS's CHAIN, one line per rule.
counts() { ipt "$1" -L "$2" -v -x -n | awk 'NR > 2 { print $1, $NF, $(NF-1) }'; }

run_engine() {
	local engine=$1 out=$WORK/$1 line q=$WORK/$1.q
	mkdir -p "$q"
	setup_topo || { fail "$engine: topology"; return 1; }
	while read -r line; do
		eval "ipt \"\$R\" $line" >/dev/null 2>&1 || echo "rule failed: $line"
	done <<<"$RULES" >"$out.rc"
	while read -r line; do
		eval "ipt \"\$S\" $line" >/dev/null 2>&1 || echo "rule failed: S $line"
	done <<<"$SRULES" >>"$out.rc"
	ip netns exec "$R" $PY "$DIR/nfq_consumer.py" "$q" 3 5001 & PIDS+=($!)
	busywait 20000 test -e "$q/ready" || echo "consumer not ready" >>"$out.rc"
	ip netns exec "$C" $PY - "$S_IP" "$N" <<-'PYEOF'
		import socket, sys
		s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
		for port in (5001, 5002, 5003, 5004, 5005):
		    for i in range(int(sys.argv[2])):
		        s.sendto(b"x" * 20, (sys.argv[1], port))
	PYEOF
	# The consumer has answered all its packets; the accepted ones reach S.
	busywait 20000 bash -c "[ \"\$(cat $q/count 2>/dev/null)\" = $((2 * N)) ]" ||
		echo "consumer saw $(cat "$q/count" 2>/dev/null) packets" >>"$out.rc"
	busywait 20000 bash -c "ip netns exec $S iptables-legacy -w 5 -L INPUT -v -x -n | awk 'NR > 2 && \$1 == $N' | grep -c . | grep -qx 3"
	counts "$R" FORWARD >"$out.fwd"
	counts "$S" INPUT >"$out.in"
	sort "$q/log" | uniq -c >"$out.log"
	ipt "$R" -S FORWARD >"$out.save"
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	PIDS=()
	cleanup_all_ns
}

run_engine oxtables
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
modprobe -a xt_NFQUEUE nfnetlink_queue 2>/dev/null
run_engine stock
use_oxtables_engine || fail "switch back to oxtables.ko"

check_eq "nfqueue: rules load, consumer answers, on both engines" "$(cat "$WORK/stock.rc")" "$(cat "$WORK/oxtables.rc")"
check_eq "nfqueue: save output identical" "$(cat "$WORK/stock.save")" "$(cat "$WORK/oxtables.save")"
check_eq "nfqueue: consumer verdicts identical" "$(cat "$WORK/stock.log")" "$(cat "$WORK/oxtables.log")"
check_eq "nfqueue: consumer verdicts as asked" "$(printf '%7d 5001 ACCEPT\n%7d 5002 DROP' $N $N)" "$(cat "$WORK/oxtables.log")"
check_eq "nfqueue: R FORWARD counters identical" "$(cat "$WORK/stock.fwd")" "$(cat "$WORK/oxtables.fwd")"
check_eq "nfqueue: what S receives identical" "$(cat "$WORK/stock.in")" "$(cat "$WORK/oxtables.in")"
want=$(printf '%s\n' "$N dpt:5001" "0 dpt:5002" "$N dpt:5003" "0 dpt:5004" "$N dpt:5005")
check_eq "nfqueue: accepted and bypassed reach S, dropped and unbypassed do not" "$want" "$(awk '{ print $1, $2 }' "$WORK/oxtables.in")"
exit $RET
