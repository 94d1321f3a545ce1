#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The oxtables tool's one-rule edits (OXT_SO_SET_EDIT, base + 2) on oxtables.ko:
#  1. a sequence of -A/-I/-R/-D N commands (jumps, gotos, rules without target, -c) through the
#     tool on oxtables.ko leaves the table byte for byte (iptables-legacy-save -c) as the same
#     commands through iptables-legacy on ip_tables.ko and on oxtables.ko; the tool's output
#     and exit status match iptables-legacy's on the failing ones; the tool really edited (no
#     IPT_SO_GET_ENTRIES nor IPT_SO_SET_REPLACE in its system calls, when strace is there);
#  2. counters of untouched rules are exact under traffic: a sender counts its datagrams while
#     the tool edits the chains around the counting rule; the counting rule, the raw table's
#     (never edited) and the sender agree exactly;
#  3. hostile edit requests (update_hostile.py) get their errno and change nothing, and
#     ip_tables.ko answers the option with ENOPROTOOPT.
. "$(dirname "$0")/lib.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
OX=$TOP/target/release/oxtables
[ -x "$OX" ] || OX=$TOP/target/debug/oxtables
[ -x "$OX" ] || { skip "oxtables tool not built (cargo build -p oxtables)"; exit $ksft_skip; }
WORK=$(mktemp -d)
cleanup() {
	cleanup_all_ns
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
load_module

# The commands; "!" marks those that fail (on every engine, with the same message and status).
CMDS=(
	"-N FOO" "-N BAR" "-N EMPTY"
	"-A INPUT -s 10.0.0.1/32 -j ACCEPT"
	"-A INPUT -p tcp --dport 22 -j FOO"
	"-A INPUT -i lo"
	"-A FOO -s 10.0.0.2/32 -g BAR"
	"-A FOO -j RETURN"
	"-A BAR -p udp -m udp --sport 53 -j DROP"
	"-A OUTPUT -j BAR"
	"-I INPUT -c 7 700 -j EMPTY"
	"-I INPUT 3 -p icmp -m icmp --icmp-type 8 -j ACCEPT"
	"-I FOO 1 -m comment --comment first -j EMPTY"
	"-A EMPTY -j RETURN"
	"-R INPUT 2 -s 10.9.9.9/32 -j DROP"
	"-R FOO 2 -c 1 2 -g BAR"
	"-D INPUT 1"
	"-D EMPTY 1"
	"-A FORWARD -p tcp -m multiport --dports 80,443 -j REJECT --reject-with tcp-reset"
	"-I FORWARD 2 -m mark --mark 0x1/0xff -j LOG --log-prefix edit"
	"-A INPUT -v -p udp -j ACCEPT"
	"! -A NOPE -j ACCEPT"
	"! -A INPUT -j NOPE"
	"! -I INPUT 99 -j ACCEPT"
	"! -R INPUT 99 -j ACCEPT"
	"! -D INPUT 99"
	"! -D EMPTY 1"
	"! -A BAR -j FOO"
	"-A INPUT -s 1.1.1.1,2.2.2.2 -j ACCEPT"
	"-D INPUT -s 1.1.1.1/32 -j ACCEPT"
	"-D FORWARD 1"
	"-R OUTPUT 1 -j FOO"
)

normalise() {
	sed -E '/^# (Generated|Completed)/d;
		s/(oxtables|iptables)(-save|-restore)? v[0-9.]+ \(legacy\)/PROG\2 v (legacy)/g;
		s/iptables-legacy|iptables|oxtables/PROG/g'
}

# run_cmds TOOL: the commands in a fresh namespace, each one's status and output, then the save.
run_cmds() {
	local c want st
	setup_ns E || return 1
	for c in "${CMDS[@]}"; do
		want=0
		[ "${c#! }" != "$c" ] && { want=1; c=${c#! }; }
		# shellcheck disable=SC2086
		out=$(ip netns exec "$E" "$1" -w 5 $c 2>&1)
		st=$?
		echo "\$ $c -> $st"
		echo "$out"
		[ "$st" = 0 ] || [ "$want" = 1 ] || echo "unexpected failure: $c"
	done
	ip netns exec "$E" iptables-legacy-save -c -t filter
	cleanup_all_ns
}

# --- 1. the table and the outputs, three ways ------------------------------------------------
run_cmds "$OX" | normalise >"$WORK/ox.oxk"
run_cmds iptables-legacy | normalise >"$WORK/ipt.oxk"
use_stock_engine || { fail "ip_tables.ko could not be loaded"; exit 1; }
run_cmds iptables-legacy | normalise >"$WORK/ipt.ipk"
setup_ns P
check_text "ip_tables.ko answers OXT_SO_SET_EDIT with ENOPROTOOPT" ENOPROTOOPT \
	"$(ip netns exec "$P" /usr/bin/python3 "$DIR/update_hostile.py" probe 2>&1)"
cleanup_all_ns
use_oxtables_engine || { fail "oxtables.ko could not be loaded back"; exit 1; }
grep -q "unexpected failure" "$WORK/ipt.ipk" && fail "the command list fails on ip_tables.ko" &&
	grep "unexpected failure" "$WORK/ipt.ipk" | sed 's/^/#   /'
for f in ox.oxk ipt.oxk; do
	if cmp -s "$WORK/ipt.ipk" "$WORK/$f"; then
		pass "edits: $f (tool.engine) = iptables-legacy on ip_tables.ko, outputs, statuses, save -c"
	else
		fail "edits: $f (tool.engine) differs from iptables-legacy on ip_tables.ko"
		diff "$WORK/ipt.ipk" "$WORK/$f" | head -30 | sed 's/^/#   /'
	fi
done

# The tool edits without reading the table: no GET_ENTRIES, no SET_REPLACE.
if command -v strace >/dev/null; then
	setup_ns S
	ip netns exec "$S" "$OX" -N FOO
	ip netns exec "$S" strace -f -o "$WORK/strace" -e trace=getsockopt,setsockopt \
		"$OX" -A FOO -s 10.1.1.1 -j ACCEPT
	check_eq "strace: the append succeeds" 0 $?
	# The full cycle is GET_INFO, GET_ENTRIES, SET_REPLACE, SET_ADD_COUNTERS; the edit is the
	# engine identification (OXT_SO_GET_IDENT) and OXT_SO_SET_EDIT.
	check_text "strace: the tool's append is one identification and one edit, no read, no replace" \
		"1 getsockopt
1 setsockopt" "$(grep -oE '(get|set)sockopt\(' "$WORK/strace" | tr -d '(' | sort | uniq -c | squeeze)"
	check_text "strace: the rule is there" "-A FOO -s 10.1.1.1/32 -j ACCEPT" \
		"$(ip netns exec "$S" iptables-legacy -S FOO | grep 10.1.1.1)"
	cleanup_all_ns
else
	skip "strace not installed: the edit path is not checked directly"
fi

# --- 2. counters under traffic -----------------------------------------------------------------
setup_ns T
ipt "$T" -t raw -A OUTPUT -d 127.0.0.2/32 -p udp -m udp --dport 9 -j ACCEPT
ipt "$T" -N USER
ipt "$T" -A OUTPUT -j USER
ipt "$T" -A OUTPUT -d 127.0.0.2/32 -p udp -m udp --dport 9 -j ACCEPT
ipt "$T" -A INPUT -s 127.0.0.3/32 -j DROP
STOP=$WORK/stop
# The sender counts what it sent, until told to stop; OUTPUT runs in its sendto, so once it
# has exited every datagram it counted has crossed both tables' OUTPUT.
ip netns exec "$T" /usr/bin/python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n = 0
while not os.path.exists(sys.argv[1]) or n < 2000:
    s.sendto(b"x" * 32, ("127.0.0.2", 9))
    n += 1
print(n)' "$STOP" >"$WORK/sent" &
spid=$!
busywait 20000 bash -c "ip netns exec $T iptables-legacy -t raw -L OUTPUT -v -x -n | awk 'NR == 3 { exit !(\$1 > 0) }'"
# Edits around the counting rule: before it, after it, in the chain it follows.
for i in $(seq 1 10); do
	ip netns exec "$T" "$OX" -I OUTPUT 1 -d 10.7.0.$i -j ACCEPT
	ip netns exec "$T" "$OX" -A OUTPUT -d 10.8.0.$i -j DROP
	ip netns exec "$T" "$OX" -A USER -d 10.9.0.$i -j RETURN
	ip netns exec "$T" "$OX" -I INPUT 1 -s 10.6.0.$i -j DROP
done
for i in $(seq 1 5); do
	ip netns exec "$T" "$OX" -D OUTPUT 1
	ip netns exec "$T" "$OX" -R USER 1 -d 10.5.0.$i -j RETURN
	ip netns exec "$T" "$OX" -D USER 2
done
touch "$STOP"
wait $spid
sent=$(cat "$WORK/sent")
raw=$(ip netns exec "$T" iptables-legacy-save -c -t raw | sed -n 's/^\[\([0-9]*\):\([0-9]*\)\] -A OUTPUT -d 127.0.0.2.*/\1 \2/p')
flt=$(ip netns exec "$T" iptables-legacy-save -c -t filter | sed -n 's/^\[\([0-9]*\):\([0-9]*\)\] -A OUTPUT -d 127.0.0.2.*/\1 \2/p')
check_eq "traffic: the raw OUTPUT rule counts every datagram sent" "$sent $((sent * 60))" "$raw"
check_eq "traffic: the edited filter OUTPUT's rule counts them exactly too (40 edits meanwhile)" "$raw" "$flt"
# The jump matches every OUTPUT packet: each datagram and the port unreachable it draws.
check_eq "traffic: the jump to USER (never edited) too, datagrams and ICMP errors" "$((2 * sent))" \
	"$(ip netns exec "$T" iptables-legacy-save -c -t filter | sed -n 's/^\[\([0-9]*\):[0-9]*\] -A OUTPUT -j USER$/\1/p')"
check_eq "traffic: 10 + 5 + 10 + 1 OUTPUT/USER/INPUT rules edited in place" "10 5 11" \
	"$(ip netns exec "$T" iptables-legacy-save -t filter | awk '/^-A OUTPUT/ { o++ } /^-A USER/ { u++ } /^-A INPUT/ { i++ } END { print o - 7, u, i }')"
cleanup_all_ns

# --- 3. hostile requests -------------------------------------------------------------------------
setup_ns H
ipt "$H" -N FOO
ipt "$H" -N BAR
ipt "$H" -A INPUT -s 10.0.0.1 -j ACCEPT
ipt "$H" -A INPUT -j FOO
ipt "$H" -A FOO -j BAR
got=$(ip netns exec "$H" /usr/bin/python3 "$DIR/update_hostile.py" run 2>&1)
want="header/short EINVAL UNCHANGED
header/empty EINVAL UNCHANGED
header/size-too-big EINVAL UNCHANGED
header/size-too-small EINVAL UNCHANGED
header/trailing EINVAL UNCHANGED
table/unknown ENOENT UNCHANGED
table/security ENOENT UNCHANGED
op/zero EINVAL UNCHANGED
op/five EINVAL UNCHANGED
op/append-with-rulenum EINVAL UNCHANGED
op/insert-rulenum-0 EINVAL UNCHANGED
chain/unknown ENOENT UNCHANGED
chain/other-table ENOENT UNCHANGED
rulenum/insert-past-end E2BIG UNCHANGED
rulenum/delete-past-end E2BIG UNCHANGED
rulenum/replace-past-end E2BIG UNCHANGED
rulenum/delete-empty-chain E2BIG UNCHANGED
rulenum/huge E2BIG UNCHANGED
stale/more EAGAIN UNCHANGED
stale/fewer EAGAIN UNCHANGED
delete/with-rule EINVAL UNCHANGED
entry/truncated EINVAL UNCHANGED
entry/misaligned EINVAL UNCHANGED
entry/next-offset EINVAL UNCHANGED
entry/target-offset-small EINVAL UNCHANGED
entry/target-offset-big EINVAL UNCHANGED
entry/target-not-last EINVAL UNCHANGED
entry/unknown-flags EINVAL UNCHANGED
target/offset-verdict EINVAL UNCHANGED
target/bad-verdict EINVAL UNCHANGED
target/unknown ENOENT UNCHANGED
target/standard-size EINVAL UNCHANGED
chain-target/unknown ENOENT UNCHANGED
chain-target/builtin ENOENT UNCHANGED
chain-target/revision EINVAL UNCHANGED
chain-target/size EINVAL UNCHANGED
loop/bar-to-foo ELOOP UNCHANGED
loop/self ELOOP UNCHANGED
valid/append OK CHANGED
valid/delete OK UNCHANGED"
check_text "hostile edits: each errno, and a refused edit changes nothing" "$want" "$got"
check_text "hostile edits: iptables-legacy still reads the table" "-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N BAR
-N FOO
-A INPUT -s 10.0.0.1/32 -j ACCEPT
-A INPUT -j FOO
-A FOO -j BAR" "$(ip netns exec "$H" iptables-legacy -S)"
cleanup_all_ns
exit $RET
