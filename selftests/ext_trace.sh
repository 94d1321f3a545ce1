#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TRACE seen in the kernel log: the same rules and pings on oxtables.ko and on ip_tables.ko
# (+ xt_TRACE) must produce the same "TRACE: table:chain:comment:rulenum " nf_log_syslog lines,
# with the fields that differ from run to run blanked (timestamps, MAC addresses, IP and ICMP
# ids). The rules put the traced packets through raw, mangle, nat and filter, user chains with
# an explicit RETURN rule and an implicit one, and built-in chains' policies, so that every
# comment kind (rule, return, policy) appears. The TRACE lines go to the namespace's IPv4
# logger (nf_log_syslog) and need
# net.netfilter.nf_log_all_netns=1 outside the initial namespace, set and restored here.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
WORK=$(mktemp -d)
ALLNS=$(sysctl -n net.netfilter.nf_log_all_netns 2>/dev/null)
cleanup() {
	cleanup_all_ns
	[ -n "$ALLNS" ] && sysctl -qw net.netfilter.nf_log_all_netns="$ALLNS"
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
load_module
if [ -z "$ALLNS" ]; then
	skip "trace: no net.netfilter.nf_log_all_netns"
	exit "$ksft_skip"
fi
sysctl -qw net.netfilter.nf_log_all_netns=1
modprobe nf_log_syslog 2>/dev/null

RULES='-t raw -A PREROUTING -p icmp -j TRACE
-t raw -N rawc
-t raw -A PREROUTING -p icmp -j rawc
-t raw -A rawc -p icmp --icmp-type echo-reply -j RETURN
-t raw -A rawc -s 10.0.9.9
-t mangle -A PREROUTING -p icmp -m comment --comment counted
-t mangle -A FORWARD -p icmp
-t nat -A PREROUTING -p tcp -j ACCEPT
-t nat -A POSTROUTING -o r1 -p icmp
-N fwd
-N fwd2
-A FORWARD -p icmp -j fwd
-A fwd -p icmp --icmp-type echo-reply -j ACCEPT
-A fwd -j fwd2
-A fwd2 -s 10.0.9.9 -j DROP
-A FORWARD -p icmp --icmp-type echo-request -j ACCEPT
-A INPUT -p tcp -j DROP
-t raw -A OUTPUT -p icmp -j TRACE'

# The TRACE lines, with the varying fields blanked.
norm_log() {
	dmesg | grep -o 'TRACE: .*' | sed -E 's/MAC=[^ ]*/MAC=/g; s/ID=[0-9]+/ID=/g'
}

run_engine() {
	local engine=$1 out=$WORK/$1 line
	setup_topo || { fail "$engine: topology"; return 1; }
	# Bind the logger where the namespace has the knob (TRACE's check already finds it).
	ip netns exec "$R" sysctl -qw net.netfilter.nf_log.2=nf_log_syslog 2>/dev/null
	: >"$out.rc"
	while read -r line; do
		eval "ipt \"\$R\" $line" >/dev/null 2>&1 || echo "rule failed: $line"
	done <<<"$RULES" >>"$out.rc"
	dmesg -C
	{
		timeout 20 ip netns exec "$C" busybox ping -q -c 1 -W 2 "$S_IP" >/dev/null 2>&1
		echo "ping C->S: $?"
		timeout 20 ip netns exec "$C" busybox ping -q -c 1 -W 2 "$R_IP0" >/dev/null 2>&1
		echo "ping C->R: $?"
		timeout 20 ip netns exec "$R" busybox ping -q -c 1 -W 2 "$S_IP" >/dev/null 2>&1
		echo "ping R->S: $?"
	} >"$out.traffic"
	# Every reply has arrived (ping waited for it), and printk is synchronous for these lines.
	norm_log >"$out.log"
	ipt "$R" -t raw -S >"$out.save"
	cleanup_all_ns
}

run_engine oxtables
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
modprobe -a xt_TRACE xt_comment nf_log_syslog 2>/dev/null
run_engine stock
use_oxtables_engine || fail "switch back to oxtables.ko"

check_eq "trace: rules load on both engines" "$(cat "$WORK/stock.rc")" "$(cat "$WORK/oxtables.rc")"
check_eq "trace: raw save output identical" "$(cat "$WORK/stock.save")" "$(cat "$WORK/oxtables.save")"
check_eq "trace: traffic verdicts identical" "$(cat "$WORK/stock.traffic")" "$(cat "$WORK/oxtables.traffic")"
kinds=$(grep -o ':\(rule\|return\|policy\):' "$WORK/stock.log" | sort -u | tr -d '\n')
check_eq "trace: every comment kind appears" ":policy::return::rule:" "$kinds"
if [ -s "$WORK/stock.log" ] && cmp -s "$WORK/oxtables.log" "$WORK/stock.log"; then
	pass "trace: $(wc -l <"$WORK/stock.log") TRACE lines identical on oxtables and ip_tables"
else
	fail "trace: TRACE lines differ (- oxtables, + ip_tables)"
	diff -u "$WORK/oxtables.log" "$WORK/stock.log" | tail -n +3 | grep '^[-+]' | head -40 | sed 's/^/#   /'
fi
exit $RET
