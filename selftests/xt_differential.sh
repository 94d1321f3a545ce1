#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Differential test: the same iptables-legacy command scripts (rule sets built only from what
# oxtables supports, with some failing commands among them) run once through oxtables.ko and
# once through ip_tables.ko in the same VM, each in a fresh topo.sh topology (rules on the
# router R). For every rule set these must be identical between the engines:
#   - the exit code of every command;
#   - iptables-legacy-save -t TABLE for raw, mangle, nat, filter (comment lines stripped);
#   - the verdicts of a fixed traffic sequence (pings, TCP probes, UDP datagrams, fragments);
#   - iptables-legacy -t TABLE -L -n -v -x after the traffic (every rule and policy counter);
#   - the recent lists (/proc/net/xt_recent/NAME: mode, owner, entries, jiffies left out), for a
#     set that uses them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
WORK=$(mktemp -d)
PIDS=()
stop_listeners() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	PIDS=()
}
cleanup() {
	stop_listeners
	cleanup_all_ns
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
load_module

# --- The rule sets: one iptables-legacy command per line, run in R ("@C " runs it in C, "@S " in
# S). After that prefix, "@ip ARGS" runs `ip -n NS ARGS` instead (a change of the topology such
# as a device group), "@sh CMD" the shell command CMD in the namespace (nft, ip rule: state the
# rules need, or an outside view of the packets), "% CMD" a shell command outside (with $C, $R,
# $S; its output is kept after its exit code), each exit code recorded like the others'; and
# "@after CMD" runs CMD in the namespace once the traffic is over, its output compared with the
# counters. ---
SETS=(filter_chains goto_policies raw_mangle matches)

RULES_filter_chains='-N web
-N icmpchk
-A FORWARD -p tcp --dport 8080 -j web
-A FORWARD -p icmp -j icmpchk
-A web -s 10.0.1.0/24 -j RETURN
-A web -j DROP
-A icmpchk -p icmp --icmp-type echo-request -j ACCEPT
-A icmpchk -p icmp --icmp-type 0 -j ACCEPT
-A FORWARD -p tcp --dport 9090 -j DROP
-A FORWARD -p udp --dport 5000 -j DROP
-A INPUT -p icmp -j DROP
-I INPUT -s 10.0.1.3 -j ACCEPT
-I FORWARD 2 -d 10.0.2.2 -p udp
-D FORWARD -s 1.2.3.4 -j DROP
-D FORWARD 9
-X web
-A nosuch -j DROP
-I FORWARD 99 -j ACCEPT
-A FORWARD -j nosuch
-P FORWARD RETURN
-C FORWARD -p tcp --dport 9090 -j DROP
-C FORWARD -p tcp --dport 9091 -j DROP
-N web
-E icmpchk web
-E icmpchk icmp2
-X'

RULES_goto_policies='-P FORWARD DROP
-N g1
-N g2
-A FORWARD -i r0 -o r1 -g g1
-A FORWARD -i r1 -o r0 -p icmp ! --icmp-type 8 -j ACCEPT
-A FORWARD -i r1 -p tcp ! --tcp-flags SYN,ACK SYN -j ACCEPT
-A g1 -p tcp --dport 8000:8999 -j g2
-A g1 -p udp -j ACCEPT
-A g1 -p icmp -j ACCEPT
-A g2 -p tcp --syn -j ACCEPT
-A g2 -p tcp --tcp-flags SYN,RST,ACK ACK -j ACCEPT
-A g2 -p tcp --tcp-flags RST RST -j ACCEPT
-A g2 -j RETURN
-A INPUT ! -i r+ -j DROP
-A OUTPUT -o r+ -p icmp -j ACCEPT
-R FORWARD 2 -i r1 -o r0 -p icmp -j ACCEPT
-E g2 g2b
-A g1 -j RETURN
-P INPUT DROP
-A INPUT -p icmp --icmp-type 8 -j ACCEPT
-P g1 ACCEPT
@C -P OUTPUT DROP
@C -A OUTPUT -o c+ -j ACCEPT'

RULES_raw_mangle='-t raw -N rawchk
-t raw -A PREROUTING -i r0 -j rawchk
-t raw -A rawchk -p udp --dport 5001 -j DROP
-t raw -A rawchk -p tcp --dport 7070 -j DROP
-t raw -A rawchk -j RETURN
-t raw -A OUTPUT -p icmp -j ACCEPT
-t mangle -A FORWARD -p icmp --icmp-type echo-reply -s 10.0.2.2 -j DROP
-t mangle -A PREROUTING -f -j DROP
-t mangle -A POSTROUTING -o r1 -p tcp --dport 9090 -j DROP
-t mangle -A INPUT -p icmp -j ACCEPT
-t mangle -I INPUT 1 -s 10.0.1.2/32 -d 10.0.1.1 -p icmp
-t mangle -N mchain
-t mangle -A OUTPUT -j mchain
-t mangle -A mchain -p icmp -g mchain2
-t mangle -N mchain2
-t mangle -A mchain -p icmp -g mchain2
-t mangle -A mchain2 -j RETURN
-t nat -L -n
-t nat -P PREROUTING ACCEPT
-t raw -D rawchk 2
-t nosuch -L -n
-t raw -A FORWARD -j ACCEPT
-t raw -X rawchk
-A FORWARD -j ACCEPT
@C -t raw -A OUTPUT -p udp --dport 5000 -j DROP'

RULES_matches='-A FORWARD -p tcp --tcp-option 2 --dport 8080
-A FORWARD -p tcp ! --tcp-option 2
-A FORWARD -p tcp --sport 8080 --tcp-flags ALL SYN,ACK
-A FORWARD -p tcp --tcp-flags RST RST
-A FORWARD -p udp --sport 1024:65535 --dport 4999:5000
-A FORWARD -p udp ! --dport 5000
-A FORWARD -s 10.0.1.2/31 -d 10.0.2.0/23 -p icmp
-A FORWARD -s 10.0.1.2/255.255.255.254 -j ACCEPT
-A FORWARD ! -p tcp ! -s 10.0.2.2 -j DROP
-I FORWARD 1 -f -p icmp
-I FORWARD 2 -p icmp --icmp-type 3/3
-A OUTPUT -p icmp --icmp-type 0/0 -j QUEUE
-A INPUT ! -d 10.0.1.1/32 -j DROP
-A INPUT -p 6 --dport 9999 -j ACCEPT
-A INPUT -p udp --sport 53 --dport 53 -j ACCEPT
-Z FORWARD
-Z nosuch'

# ext_differential.sh runs this script with XT_DIFF_EXT=1: the rule sets are then the extensions'
# ones, selftests/ext_sets/NAME.rules (one command per line as above, `#` lines are comments),
# all of them or those named in OXT_EXT_SETS. A set whose file has the line "# probe: tcpmss"
# also gets xt_probe.py's MSS probes (XT_PROBE_TCPMSS: crafted SYNs, the MSS of each open
# connection, and what the server's SYNs said when they arrived).
PROBE_TCPMSS_SETS=" "
if [ -n "${XT_DIFF_EXT:-}" ]; then
	SETS=()
	for f in "$DIR"/ext_sets/*.rules; do
		[ -e "$f" ] || continue
		n=$(basename "$f" .rules)
		if [ -n "${OXT_EXT_SETS:-}" ] && ! grep -qw -- "$n" <<<"$OXT_EXT_SETS"; then continue; fi
		SETS+=("ext_$n")
		if grep -qx '# probe: tcpmss' "$f"; then PROBE_TCPMSS_SETS+="ext_$n "; fi
		printf -v "RULES_ext_$n" '%s' "$(sed '/^#/d; /^[[:space:]]*$/d' "$f")"
	done
	[ ${#SETS[@]} -gt 0 ] || { skip "no extension rule sets"; exit $ksft_skip; }
fi

# --- One engine's run of one rule set; everything into $WORK/ENGINE/SET.* ---

# ipt_batch NS: every line of stdin is the arguments of one iptables-legacy command in NS (split
# at blanks, as `ipt NS $line` would); prints "RC LINE" for each.
ipt_batch() {
	# shellcheck disable=SC2016
	ip netns exec "$1" bash -c 'while read -r line; do
		# shellcheck disable=SC2086
		iptables-legacy -w 5 $line >/dev/null 2>&1
		echo "$? $line"
	done'
}

# The fixed traffic sequence, from C, in one shell there: three pings (one fragmented), then
# xt_probe.py's TCP and UDP sequence (and the MSS probes when PROBE_MSS names the server's SYN
# record socket).
PROBE_MSS=
probe() {
	local t=30
	[ -n "$PROBE_MSS" ] && t=90
	# shellcheck disable=SC2016
	ip netns exec "$C" bash -c '
		p() { timeout 20 busybox ping -q -c 1 -W 1 "$@" >/dev/null 2>&1 && echo ok || echo fail; }
		echo "ping C->S: $(p "$1")"
		echo "ping C->R: $(p "$2")"
		echo "ping C->S 2000 bytes (fragments): $(p -s 2000 "$1")"
		timeout "$5" env XT_PROBE_TCPMSS="$6" "$3" "$4" seq "$1" 2>&1' _ "$S_IP" "$R_IP0" "$PY" \
		"$DIR/xt_probe.py" "$t" "$PROBE_MSS"
}

# recent_lists NS: every /proc/net/xt_recent/NAME of NS, with its mode and owner, its entries
# sorted (the order is the hash's) and their jiffies as J.
recent_lists() {
	ip netns exec "$1" bash -c 'for f in /proc/net/xt_recent/*; do
		[ -e "$f" ] || continue
		stat -c "%n %a %U:%G" "$f"
		awk "{ \$5 = \"J\"; for (i = 8; i <= NF; i++) \$i = (\$i ~ /,\$/) ? \"J,\" : \"J\"; print }" "$f" | sort
	done'
}

# run_special NS AT LINE: one line of a rule set that is not an iptables-legacy command (see the
# rule sets' comment above); prints "RC LINE" (and a "% CMD"'s output after it).
run_special() {
	local ns=$1 at=$2 line=$3 cmd_out
	case $line in
	"% "*)
		cmd_out=$(C=$C R=$R S=$S bash -c "${line#% }" </dev/null 2>&1)
		echo "$? $line"
		[ -z "$cmd_out" ] || sed 's/^/> /' <<<"$cmd_out"
		;;
	"@ip "*)
		# shellcheck disable=SC2086
		ip -n "$ns" ${line#@ip } >/dev/null 2>&1
		echo "$? $line"
		;;
	"@sh "*)
		ip netns exec "$ns" env DIR="$DIR" bash -c "${line#@sh }" >/dev/null 2>&1
		echo "$? $line"
		;;
	esac
}

run_set() {
	local engine=$1 set=$2 out=$WORK/$1/$2 line ns at t rules lists
	mkdir -p "$WORK/$engine"
	setup_topo || { fail "$engine $set: topology"; return 1; }
	PROBE_MSS=
	case "$PROBE_TCPMSS_SETS" in *" $set "*) PROBE_MSS=$WORK/$engine.$set.mss.sock ;; esac
	ip netns exec "$S" env XT_PROBE_TCPMSS="$PROBE_MSS" $PY "$DIR/xt_probe.py" serve & PIDS+=($!)
	busywait 20000 bash -c "ip netns exec $S ss -lun | grep -q :5001 && ip netns exec $S ss -ltn | grep -q :9090"
	rules=RULES_$set
	# Consecutive iptables-legacy commands of one namespace in one shell there (every process
	# start costs); any other line ends the batch and runs on its own.
	local batch=() bns=$R after=()
	while read -r line; do
		ns=$R at=R
		if [ "${line#@C }" != "$line" ]; then ns=$C at=C; line=${line#@C }; fi
		if [ "${line#@S }" != "$line" ]; then ns=$S at=S; line=${line#@S }; fi
		if [ ${#batch[@]} -gt 0 ] && { [ "$ns" != "$bns" ] || [[ $line == @* || $line == "% "* ]]; }; then
			printf '%s\n' "${batch[@]}" | ipt_batch "$bns"
			batch=()
		fi
		case $line in
		"@after "*) after+=("$at ${line#@after }") ;;
		"@"* | "% "*) run_special "$ns" "$at" "$line" ;;
		*) bns=$ns; batch+=("$line") ;;
		esac
	done <<<"${!rules}" >"$out.rc"
	[ ${#batch[@]} -eq 0 ] || printf '%s\n' "${batch[@]}" | ipt_batch "$bns" >>"$out.rc"
	for ns in R C; do
		# shellcheck disable=SC2016
		ip netns exec "${!ns}" bash -c 'for t in raw mangle nat filter; do
			echo "*** $0 $t"; iptables-legacy-save -t $t; done' "$ns" | strip_save
	done >"$out.save"
	probe >"$out.traffic"
	# A set with owner rules also sends from a socket that is not root's (uid and gid 65534).
	if grep -q -- '-m owner' <<<"${!rules}"; then
		timeout 20 ip netns exec "$C" setpriv --reuid=65534 --regid=65534 --clear-groups \
			$PY "$DIR/xt_probe.py" udp "$S_IP" 5000 2 >/dev/null 2>&1
		echo "udp C->S:5000 x2 as uid 65534: $?" >>"$out.traffic"
	fi
	for ns in R C; do
		# shellcheck disable=SC2016
		ip netns exec "${!ns}" bash -c 'for t in raw mangle filter; do
			echo "*** $0 $t"; iptables-legacy -w 5 -t $t -L -n -v -x; done
			iptables-legacy -w 5 -t nat -L -n -v -x >"$1"' "$ns" "$out.natcounters.$ns"
	done >"$out.counters"
	for line in "${after[@]}"; do
		case ${line%% *} in C) ns=$C ;; S) ns=$S ;; *) ns=$R ;; esac
		echo "*** $line"
		ip netns exec "$ns" env DIR="$DIR" bash -c "${line#* }" 2>&1
	done >>"$out.counters"
	cat "$out.natcounters.R" "$out.natcounters.C" >"$out.natcounters"
	: >"$out.recent"
	if grep -q -- 'recent' <<<"${!rules}"; then
		for ns in R C; do
			lists=$(recent_lists "${!ns}")
			printf '*** %s xt_recent\n%s\n' "$ns" "$lists" >>"$out.recent"
			# ip_tables' xt_recent removes its /proc files under its spinlock when a namespace
			# with lists goes (recent_proc_net_exit: a lockdep report): the rules, and so the
			# lists, go first.
			[ -z "$lists" ] || for t in raw mangle nat filter; do ipt "${!ns}" -t $t -F; done
		done
	fi
	stop_listeners
	cleanup_all_ns
}

# The rule sets of one engine run two at a time (par_each): each in its own topology.
ENGINE=
run_set_engine() { run_set "$ENGINE" "$1"; }
run_engine() {
	echo "# engine: $(current_engine)"
	ENGINE=$1
	par_each run_set_engine "${SETS[@]}"
}

run_engine oxtables
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
run_engine stock
use_oxtables_engine || fail "switch back to oxtables.ko"

for set in "${SETS[@]}"; do
	for what in rc save traffic counters recent; do
		a=$WORK/oxtables/$set.$what b=$WORK/stock/$set.$what
		[ "$what" = recent ] && [ ! -s "$b" ] && [ ! -s "$a" ] && continue
		if [ -s "$b" ] && cmp -s "$a" "$b"; then
			pass "$set: $what identical on oxtables and ip_tables"
		else
			fail "$set: $what differ (- oxtables, + ip_tables)"
			diff -u "$a" "$b" | tail -n +3 | grep '^[-+]' | head -30 | sed 's/^/#   /'
		fi
	done
done
# The nat table's counters: both engines walk nat only for the first packet of a connection, and
# only while conntrack is on in the namespace (a NAT or conntrack rule turns it on).
for set in "${SETS[@]}"; do
	if cmp -s "$WORK/oxtables/$set.natcounters" "$WORK/stock/$set.natcounters"; then
		pass "$set: nat counters identical on oxtables and ip_tables"
	else
		fail "$set: nat counters differ between oxtables and ip_tables"
		diff "$WORK/stock/$set.natcounters" "$WORK/oxtables/$set.natcounters" | head -20 | sed 's/^/#   /'
	fi
done
echo "# traffic verdicts per rule set (ip_tables):"
for set in "${SETS[@]}"; do
	echo "#   $set: $(cut -d: -f2- "$WORK/stock/$set.traffic" | tr -d ' ' | tr '\n' ' ')"
done
exit $RET
