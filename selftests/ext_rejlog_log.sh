#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# LOG and REJECT seen in the kernel log: the same LOG/REJECT rules and traffic on oxtables.ko and
# on ip_tables.ko (+ xt_LOG, ipt_REJECT) must produce the same nf_log_syslog lines, once the
# fields that differ from run to run are blanked (timestamps, MAC addresses, IP ids, ephemeral
# ports, TCP sequence numbers and options). LOG in a namespace other than the initial one needs
# net.netfilter.nf_log_all_netns=1, set for the test and restored after.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
WORK=$(mktemp -d)
PIDS=()
ALLNS=$(sysctl -n net.netfilter.nf_log_all_netns 2>/dev/null)
stop_listeners() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	PIDS=()
}
cleanup() {
	stop_listeners
	cleanup_all_ns
	[ -n "$ALLNS" ] && sysctl -qw net.netfilter.nf_log_all_netns="$ALLNS"
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
load_module
if [ -z "$ALLNS" ]; then
	skip "rejlog log lines: no net.netfilter.nf_log_all_netns"
	exit "$ksft_skip"
fi
sysctl -qw net.netfilter.nf_log_all_netns=1

RULES='-t mangle -A PREROUTING -i r0 -p icmp -j LOG --log-prefix "oxl-mpre: " --log-level 6
-A FORWARD -p tcp --dport 9090 -j LOG --log-prefix "oxl-fwd: " --log-tcp-sequence --log-tcp-options --log-ip-options
-A FORWARD -p tcp --dport 9090 -j REJECT --reject-with tcp-reset
-A FORWARD -p udp --dport 5001 -j LOG --log-prefix oxl-udp --log-level 7 --log-macdecode
-A FORWARD -p udp --dport 5001 -j REJECT
-A FORWARD -p tcp --dport 7070 -j REJECT --reject-with icmp-host-prohibited
-A INPUT -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-admin-prohibited
-A OUTPUT -j LOG --log-prefix "oxl-out " --log-level 1 --log-uid --log-ip-options'

# The kernel log lines of our prefixes, with the varying fields blanked.
norm_log() {
	dmesg | grep -o 'oxl-.*' | sed -E 's/MAC(SRC|DST)?=[^ ]*/MAC\1=/g; s/ID=[0-9]+/ID=/g;
		s/SEQ=[0-9]+/SEQ=/g; s/ACK=[0-9]+/ACK=/g; s/([SD]PT)=[0-9]{5}/\1=/g;
		s/OPT \([0-9A-F]*\)/OPT ()/g'
}

run_engine() {
	local engine=$1 out=$WORK/$1 line
	setup_topo || { fail "$engine: topology"; return 1; }
	ip netns exec "$S" $PY "$DIR/xt_probe.py" serve & PIDS+=($!)
	busywait 20000 bash -c "ip netns exec $S ss -lun | grep -q :5001 && ip netns exec $S ss -ltn | grep -q :9090"
	while read -r line; do
		eval "ipt \"\$R\" $line" >/dev/null 2>&1 || echo "rule failed: $line"
	done <<<"$RULES" >"$out.rc"
	dmesg -C
	{
		timeout 20 ip netns exec "$C" busybox ping -q -c 1 -W 1 "$R_IP0" >/dev/null 2>&1
		echo "ping C->R: $?"
		timeout 30 ip netns exec "$C" $PY "$DIR/xt_probe.py" seq "$S_IP" 2>&1
	} >"$out.traffic"
	sleep 0.5
	norm_log >"$out.log"
	stop_listeners
	cleanup_all_ns
}

run_engine oxtables
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
modprobe -a xt_LOG ipt_REJECT 2>/dev/null
run_engine stock
use_oxtables_engine || fail "switch back to oxtables.ko"

check_eq "rejlog: rules load on both engines" "$(cat "$WORK/stock.rc")" "$(cat "$WORK/oxtables.rc")"
check_eq "rejlog: traffic verdicts identical" "$(cat "$WORK/stock.traffic")" "$(cat "$WORK/oxtables.traffic")"
if [ -s "$WORK/stock.log" ] && cmp -s "$WORK/oxtables.log" "$WORK/stock.log"; then
	pass "rejlog: $(wc -l <"$WORK/stock.log") LOG lines identical on oxtables and ip_tables"
else
	fail "rejlog: LOG lines differ (- oxtables, + ip_tables)"
	diff -u "$WORK/oxtables.log" "$WORK/stock.log" | tail -n +3 | grep '^[-+]' | head -30 | sed 's/^/#   /'
fi
exit $RET
