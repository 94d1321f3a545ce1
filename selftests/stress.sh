#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Load and faults (issue 11), on oxtables.ko and on ip_tables.ko in the same VM:
#
#   replaces   N whole-table replaces (iptables-legacy and oxtables inserting and deleting a rule
#              in front of a counting one) while eight UDP flows cross R: the counting rule's
#              packet count equals an nftables counter at the same hook (priority 10), exactly —
#              libiptc and the tool carry counters across every replace (GET_ENTRIES snapshot,
#              SET_REPLACE handing back the old counters, ADD_COUNTERS of the difference).
#   writers    2 and 4 writers (8 with OXT_STRESS=full) with their own xtables lock files, racing
#              iptables-legacy-restore and oxtables-restore of their own variants of the filter
#              table, while a reader saves it in a loop: every commit applies whole or fails with
#              EAGAIN, every save is one of the variants, the final table is one of them.
#   netns      N namespaces, each with rules in every table (conntrack, NAT, recent, LOG),
#              destroyed while their own traffic runs: kmemleak reports nothing of oxtables.
#   rmmod      oxtables.ko removed and inserted N times with rules loaded in a namespace and a
#              flood crossing it (oxtables only).
#
# Sizes: `make check` runs the short version; `make stress` (OXT_STRESS=full) the long one:
# 10^4 replaces, 1000 namespaces, 100 reloads. Every wait is for a condition.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
OX=${OXT_TOOL:-$TOP/target/release/oxtables}
WORK=$(mktemp -d)
BIN=$WORK/bin
mkdir -p "$BIN"
for n in oxtables oxtables-save oxtables-restore; do ln -s "$OX" "$BIN/$n"; done

if [ "${OXT_STRESS:-}" = full ]; then
	REPLACES=10000 WRITERS="2 4 8" COMMITS=200 NETNS=1000 RELOADS=100
else
	REPLACES=50 WRITERS="2 4" COMMITS=8 NETNS=16 RELOADS=3
fi

cleanup() {
	[ -n "${FLOOD:-}" ] && kill "$FLOOD" 2>/dev/null
	cleanup_all_ns
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
load_module
splats_before=$(dmesg | wc -l)

# flood NS ADDR PORT STOPFILE: eight UDP flows from NS to ADDR:PORT, as fast as they go, until
# STOPFILE exists; prints how many datagrams were sent.
flood() {
	ip netns exec "$1" $PY - "$2" "$3" "$4" <<-'EOF'
		import os, socket, sys
		addr, port, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3]
		socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(8)]
		n = 0
		while not os.path.exists(stop):
		    for s in socks:
		        try:
		            s.sendto(b"x" * 64, (addr, port))
		            n += 1
		        except OSError:
		            pass
		print(n)
	EOF
}

# The nftables counter at FORWARD priority 10 in R, and the rule's, for UDP to port 5000.
nft_count() { ip netns exec "$R" nft list chain ip stress f | grep -o 'packets [0-9]*' | cut -d' ' -f2; }
rule_count() {
	ipt "$R" -L FORWARD -n -v -x | awk '$NF == "dpt:5000" { print $1 }'
}
counts_agree() { [ "$(nft_count)" = "$(rule_count)" ]; }

# scenario_replaces ENGINE
scenario_replaces() {
	local engine=$1 stop=$WORK/stop.$1 i rc=0 sent
	setup_topo || { fail "$engine replaces: topology"; return; }
	ip netns exec "$R" nft -f - <<-EOF
		table ip stress {
			chain f { type filter hook forward priority 10; udp dport 5000 counter; }
		}
	EOF
	ipt "$R" -A FORWARD -p udp --dport 5000
	rm -f "$stop"
	flood "$C" "$S_IP" 5000 "$stop" >"$WORK/sent.$engine" &
	FLOOD=$!
	busywait 20000 bash -c "ip netns exec $R nft list chain ip stress f | grep -q 'packets [1-9]'"
	for i in $(seq "$REPLACES"); do
		if [ $((i % 2)) = 0 ]; then
			ipt "$R" -I FORWARD 1 -s 192.0.2.1 -j DROP && ipt "$R" -D FORWARD 1 || { rc=1; break; }
		else
			ip netns exec "$R" "$BIN/oxtables" -w 5 -I FORWARD 1 -s 192.0.2.2 -j DROP &&
				ip netns exec "$R" "$BIN/oxtables" -w 5 -D FORWARD 1 || { rc=1; break; }
		fi
	done
	touch "$stop"
	wait "$FLOOD"
	FLOOD=
	sent=$(cat "$WORK/sent.$engine")
	check_eq "$engine replaces: $((2 * REPLACES)) replaces under a flood all succeed" 0 "$rc"
	busywait 10000 counts_agree
	check_eq "$engine replaces: the rule counted exactly what crossed the hook ($sent sent)" \
		"$(nft_count)" "$(rule_count)"
	echo "# $engine replaces: $sent datagrams sent, $(rule_count) counted by the rule"
	cleanup_all_ns
}

# variant K: a whole filter table, different for every K.
variant() {
	printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:w%s - [0:0]\n' "$1"
	printf -- '-A INPUT -s 10.%d.%d.0/24 -j w%s\n' "$(($1 / 100))" "$(($1 % 100))" "$1"
	printf -- '-A w%s -p tcp --dport %d -j ACCEPT\n' "$1" "$((1000 + $1))"
	printf -- '-A w%s -m comment --comment "writer %s" -j DROP\n' "$1" "$1"
	printf 'COMMIT\n'
}
# normalised save of the filter table
save_filter() { ip netns exec "$1" iptables-legacy-save -t filter | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/'; }

# writer NS ID COMMITS OUT: COMMITS restores of this writer's variants (ID*100+k), alternating
# the tools, each with its own lock file; records "rc message" per commit.
writer() {
	local ns=$1 id=$2 n=$3 out=$4 k v msg rc
	XTABLES_LOCKFILE=$(mktemp)
	export XTABLES_LOCKFILE
	for k in $(seq "$n"); do
		v=$((id * 100 + k % 3))
		if [ $((k % 2)) = 0 ]; then
			msg=$(variant "$v" | ip netns exec "$ns" iptables-legacy-restore 2>&1)
		else
			msg=$(variant "$v" | ip netns exec "$ns" "$BIN/oxtables-restore" 2>&1)
		fi
		rc=$?
		echo "$rc $v $(tr '\n' ' ' <<<"$msg")" >>"$out"
	done
	rm -f "$XTABLES_LOCKFILE"
}

# scenario_writers ENGINE W
scenario_writers() {
	local engine=$1 w=$2 pids=() i stop=$WORK/wstop.$1.$2 bad variants
	setup_ns T
	variants=$WORK/variants.$engine.$w
	: >"$variants"
	for i in $(seq "$w"); do
		for k in 0 1 2; do
			variant $((i * 100 + k)) | ip netns exec "$T" iptables-legacy-restore
			save_filter "$T" | tr '\n' '|' >>"$variants"
			echo >>"$variants"
		done
	done
	rm -f "$WORK"/w.* "$stop"
	(
		XTABLES_LOCKFILE=$(mktemp)
		export XTABLES_LOCKFILE
		while [ ! -e "$stop" ]; do
			save_filter "$T" | tr '\n' '|'
			echo
		done >"$WORK/reads.$engine.$w"
		rm -f "$XTABLES_LOCKFILE"
	) &
	local reader=$!
	for i in $(seq "$w"); do
		writer "$T" "$i" "$COMMITS" "$WORK/w.$i" &
		pids+=($!)
	done
	wait "${pids[@]}"
	touch "$stop"
	wait "$reader"
	local applied failed others
	applied=$(cat "$WORK"/w.* | awk '$1 == 0' | wc -l)
	failed=$(cat "$WORK"/w.* | awk '$1 != 0' | wc -l)
	others=$(cat "$WORK"/w.* | awk '$1 != 0' | grep -vc 'Resource temporarily unavailable')
	check_eq "$engine writers=$w: every failed commit failed with EAGAIN ($applied applied, $failed EAGAIN)" 0 "$others"
	[ "$others" = 0 ] || cat "$WORK"/w.* | awk '$1 != 0' | grep -v 'Resource temporarily unavailable' | head -3 | sed 's/^/#   /'
	bad=$(sort -u "$WORK/reads.$engine.$w" | grep -cvxFf "$variants")
	check_eq "$engine writers=$w: each of $(wc -l <"$WORK/reads.$engine.$w") saves during the race is a committed table" 0 "$bad"
	check "$engine writers=$w: the final table is a committed one" \
		grep -qxF "$(save_filter "$T" | tr '\n' '|')" "$variants"
	cleanup_all_ns
}

# scenario_netns ENGINE: NETNS namespaces with rules, torn down under their own traffic.
netns_one() {
	local ns
	ns=stress-$1-$(printf %08x "$SRANDOM")
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up
	ip -n "$ns" link add d0 type dummy && ip -n "$ns" addr add 10.9.0.1/24 dev d0 && ip -n "$ns" link set d0 up
	ip netns exec "$ns" iptables-legacy-restore <<-'EOF' || { ip netns del "$ns"; return 1; }
		*raw
		-A PREROUTING -p udp --dport 9 -j CT --notrack
		COMMIT
		*nat
		-A POSTROUTING -o d0 -j MASQUERADE
		-A OUTPUT -p tcp --dport 80 -j DNAT --to-destination 10.9.0.2:8080
		COMMIT
		*filter
		:c - [0:0]
		-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
		-A INPUT -p icmp -m recent --set --name seen
		-A INPUT -p icmp -m limit --limit 1/hour --limit-burst 1 -j LOG --log-prefix "stress "
		-A INPUT -j c
		-A c -m comment --comment x -m mark --mark 0x1 -j DROP
		COMMIT
	EOF
	ip netns exec "$ns" busybox ping -q -c 20 -i 0.01 127.0.0.1 >/dev/null 2>&1 &
	local p=$!
	ip netns exec "$ns" busybox ping -q -c 1 -W 1 127.0.0.1 >/dev/null 2>&1
	ip netns del "$ns"
	wait "$p"
	return 0
}
scenario_netns() {
	local engine=$1 i failed=0 leaks
	for i in $(seq "$NETNS"); do
		netns_one "$i" || failed=$((failed + 1))
	done
	check_eq "$engine netns: $NETNS namespaces with rules created and destroyed under traffic" 0 "$failed"
	if [ ! -e /sys/kernel/debug/kmemleak ]; then
		mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	fi
	if [ "$engine" = oxtables ] && [ -w /sys/kernel/debug/kmemleak ]; then
		echo scan >/sys/kernel/debug/kmemleak
		echo scan >/sys/kernel/debug/kmemleak
		leaks=$(grep -c oxtables /sys/kernel/debug/kmemleak)
		check_eq "$engine netns: kmemleak reports nothing of oxtables" 0 "$leaks"
	fi
}

# scenario_rmmod: RELOADS x (rules in R, flood across it, rmmod, insmod).
scenario_rmmod() {
	local i ok=0 stop=$WORK/rstop
	setup_topo || { fail "rmmod: topology"; return; }
	rm -f "$stop"
	flood "$C" "$S_IP" 5000 "$stop" >/dev/null &
	FLOOD=$!
	local err=$WORK/rmmod.err
	for i in $(seq "$RELOADS"); do
		ip netns exec "$R" iptables-legacy-restore 2>"$err" <<-'EOF' || { sed 's/^/#   restore: /' "$err"; break; }
			*raw
			-A PREROUTING -p udp --dport 9 -j CT --zone 3
			COMMIT
			*nat
			-A POSTROUTING -o r1 -j MASQUERADE
			COMMIT
			*filter
			-A FORWARD -p udp -m conntrack --ctstate NEW,ESTABLISHED -m recent --set --name f
			-A FORWARD -p udp --dport 5000 -m statistic --mode nth --every 3 --packet 0 -j ACCEPT
			COMMIT
		EOF
		rmmod oxtables 2>"$err" || { sed 's/^/#   rmmod: /' "$err"; break; }
		insmod "$MODULE" 2>"$err" || { sed 's/^/#   insmod: /' "$err"; break; }
		ok=$i
	done
	touch "$stop"
	wait "$FLOOD"
	FLOOD=
	check_eq "rmmod: $RELOADS x rmmod + insmod with rules loaded under a flood" "$RELOADS" "$ok"
	cleanup_all_ns
}

t0=$SECONDS
scenario_replaces oxtables
scenario_rmmod
t1=$SECONDS
for w in $WRITERS; do scenario_writers oxtables "$w"; done
t2=$SECONDS
scenario_netns oxtables
t3=$SECONDS
echo "# oxtables: replaces+rmmod $((t1 - t0)) s, writers $((t2 - t1)) s, netns $((t3 - t2)) s"

new=$(dmesg | tail -n +"$((splats_before + 1))" | grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t:|possible (circular|recursive) locking|suspicious RCU usage' || true)
check_eq "oxtables: no kernel splat under load" "" "$new"

if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
t0=$SECONDS
scenario_replaces stock
for w in $WRITERS; do scenario_writers stock "$w"; done
scenario_netns stock
echo "# ip_tables.ko: $((SECONDS - t0)) s"
use_oxtables_engine || fail "switch back to oxtables.ko"
exit $RET
