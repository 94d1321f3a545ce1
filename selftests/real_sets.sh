#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Real rule sets (issue 9): the iptables-save dumps of Docker, kube-proxy, libvirt and firewalld
# hosts in selftests/real_sets/*.save, as those programs write them, loaded whole with
# iptables-legacy-restore into a fresh namespace on oxtables.ko and on ip_tables.ko (upstream's
# xt modules autoloaded, as on a real host), and with the oxtables tool's restore on
# oxtables.ko. Checks, per dump: every restore succeeds; `iptables-legacy-save -t T` of each
# table the dump has gives the dump back byte for byte (it is in canonical form) on both engines
# and through both tools; `-L -n -v -x --line-numbers` and `-S` of every table are identical
# on both engines. Traffic through these shapes is the business of ext_differential.sh and the
# NAT tests; this proves the dumps load, read back and list alike.
. "$(dirname "$0")/lib.sh"
trap 'cleanup_all_ns; module_loaded || use_oxtables_engine' EXIT
DIR=$(cd "$(dirname "$0")" && pwd)
OX=$TOP/target/release/oxtables
[ -x "$OX" ] || OX=$TOP/target/debug/oxtables
BIN=$(mktemp -d)
for n in oxtables oxtables-save oxtables-restore; do ln -s "$OX" "$BIN/$n"; done
WORK=$(mktemp -d)
DUMPS=()
for f in "$DIR"/real_sets/*.save; do DUMPS+=("$(basename "$f" .save)"); done
[ ${#DUMPS[@]} -gt 0 ] || { skip "no real rule sets"; exit $ksft_skip; }

# tables FILE: the tables a dump holds, in its order.
tables() { sed -n 's/^\*//p' "$1"; }

# load ENGINE TOOL NAME: NAME's dump restored by TOOL (iptables-legacy or oxtables) in a fresh
# namespace; its save and listings into $WORK/ENGINE.TOOL.NAME.*.
load() {
	local engine=$1 tool=$2 name=$3 f=$DIR/real_sets/$3.save out=$WORK/$1.$2.$3 ns t
	new_ns RS || return 1
	ns=$RS
	grep -v '^#' "$f" >"$out.want"
	ip netns exec "$ns" "$([ "$tool" = oxtables ] && echo "$BIN/oxtables-restore" ||
		echo iptables-legacy-restore)" <"$out.want" >"$out.restore" 2>&1
	echo "rc $?" >>"$out.restore"
	for t in $(tables "$f"); do
		ip netns exec "$ns" iptables-legacy-save -t "$t" | strip_save
	done >"$out.save"
	for t in $(tables "$f"); do
		echo "*** $t"
		ip netns exec "$ns" iptables-legacy -w 5 -t "$t" -L -n -v -x --line-numbers
		ip netns exec "$ns" iptables-legacy -w 5 -t "$t" -S
	done >"$out.list" 2>&1
	if [ "$tool" = oxtables ]; then
		for t in $(tables "$f"); do
			ip netns exec "$ns" "$BIN/oxtables-save" -t "$t" | strip_save
		done >"$out.oxsave"
	fi
	ip netns del "$ns"
}

for name in "${DUMPS[@]}"; do
	load oxtables iptables-legacy "$name" || fail "$name: namespace"
	[ -x "$OX" ] && load oxtables oxtables "$name"
done
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
for name in "${DUMPS[@]}"; do load stock iptables-legacy "$name" || fail "$name: namespace"; done
use_oxtables_engine || fail "switch back to oxtables.ko"

for name in "${DUMPS[@]}"; do
	n=$(grep -c '^-A' "$DIR/real_sets/$name.save")
	runs=("oxtables.iptables-legacy" "stock.iptables-legacy")
	[ -x "$OX" ] && runs+=("oxtables.oxtables")
	for r in "${runs[@]}"; do
		out=$WORK/$r.$name
		if [ "$(tail -n1 "$out.restore")" = "rc 0" ]; then
			pass "$name ($n rules): restored by ${r#*.} on ${r%%.*}"
		else
			fail "$name: ${r#*.}-restore on ${r%%.*}: $(head -n3 "$out.restore" | tr '\n' ' ')"
		fi
		if cmp -s "$out.want" "$out.save"; then
			pass "$name: saved back as the dump (${r#*.} restore, ${r%%.*})"
		else
			fail "$name: save differs from the dump (- dump, + save; ${r#*.} restore, ${r%%.*})"
			diff -u "$out.want" "$out.save" | tail -n +3 | grep '^[-+]' | head -20 | sed 's/^/#   /'
		fi
	done
	if [ -x "$OX" ]; then
		if cmp -s "$WORK/oxtables.oxtables.$name.want" "$WORK/oxtables.oxtables.$name.oxsave"; then
			pass "$name: oxtables-save gives the dump back"
		else
			fail "$name: oxtables-save differs from the dump"
			diff -u "$WORK/oxtables.oxtables.$name.want" "$WORK/oxtables.oxtables.$name.oxsave" |
				tail -n +3 | grep '^[-+]' | head -20 | sed 's/^/#   /'
		fi
	fi
	a=$WORK/oxtables.iptables-legacy.$name.list b=$WORK/stock.iptables-legacy.$name.list
	if [ -s "$b" ] && cmp -s "$a" "$b"; then
		pass "$name: -L -n -v -x and -S identical on oxtables and ip_tables"
	else
		fail "$name: listings differ (- oxtables, + ip_tables)"
		diff -u "$a" "$b" | tail -n +3 | grep '^[-+]' | head -20 | sed 's/^/#   /'
	fi
done
rm -rf "$WORK" "$BIN"
exit $RET
