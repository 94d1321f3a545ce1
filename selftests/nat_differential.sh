#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Differential NAT test: every nat_*.sh scenario (redirect, dnat_local, gateway, masquerade,
# docker, counters) runs with iptables-legacy writing the rules, once on oxtables.ko and once on
# ip_tables.ko in the same VM, in fresh namespaces each time. Each run's observations must be
# identical between the engines: what every connection saw (origdst's peer/local/original
# destination lines, refused/timeout), the normalised conntrack tables (sorted; timeouts, use=
# and UDP's timing-dependent [ASSURED] stripped) and the exact counters the scenario reads.
# Each scenario also runs with the oxtables tool writing the rules on oxtables.ko, compared with
# the same reference. The scenarios' own checks count on oxtables.ko (so `make check` does not
# also run the nat_*.sh scripts alone); on ip_tables.ko a failing one is shown as a comment and
# makes the reference invalid (FAIL).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nat_lib.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
SCENARIOS=(redirect dnat_local gateway masquerade docker counters)
for s in "${SCENARIOS[@]}"; do
	# shellcheck disable=SC1090
	NAT_NO_MAIN=1 . "$DIR/nat_$s.sh"
done

WORK=$(mktemp -d)
cleanup() {
	nat_cleanup
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
if [ ! -x "$ORIGDST" ] || [ ! -x "$NATPROBE" ]; then
	skip "origdst/natprobe not built (cargo build --release -p origdst)"
	exit $ksft_skip
fi

# run_scenario LABEL/SCENARIO/CLIENT: one scenario on the current engine, rules written by
# CLIENT; observations in $WORK/LABEL/SCENARIO. On oxtables.ko the scenario's own checks count
# (PASS/FAIL lines naming the engine); on ip_tables.ko, the reference, a failed check goes to
# $WORK/LABEL/SCENARIO.fail.
run_scenario() {
	local e s c t0
	IFS=/ read -r e s c <<<"$1"
	t0=$(date +%s)
	NAT_OBS=$WORK/$e/$s
	: >"$NAT_OBS"
	if [ "$e" = stock ]; then
		pass() { :; }
		fail() { echo "# $e $s: check failed: $*" | tee -a "$WORK/$e/$s.fail"; }
	else
		pass() { echo "PASS: oxtables.ko $s: $*"; }
		fail() { echo "FAIL: oxtables.ko $s: $*"; RET=1; }
	fi
	trap nat_cleanup EXIT
	nat_use_client "$c"
	"scenario_$s"
	echo "# $e $s ($c): $(($(date +%s) - t0)) s"
}

# run_engine LABEL CLIENT: every scenario on the current engine, two at a time (par_each; each
# scenario has its own namespaces).
run_engine() {
	local s jobs=()
	mkdir -p "$WORK/$1"
	echo "# engine: $(current_engine), client $2"
	for s in "${SCENARIOS[@]}"; do jobs+=("$1/$s/$2"); done
	par_each run_scenario "${jobs[@]}"
}

# oxtables.ko with either tool writing the rules (these runs are the nat_*.sh scenarios' checks
# in `make check`), then ip_tables.ko with iptables-legacy: the reference for both.
load_module
run_engine oxtables iptables-legacy
run_engine oxtool oxtables
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
run_engine stock iptables-legacy
use_oxtables_engine || fail "switch back to oxtables.ko"

for s in "${SCENARIOS[@]}"; do
	b=$WORK/stock/$s
	if [ -s "$b.fail" ] || [ ! -s "$b" ]; then
		fail "$s: the ip_tables.ko reference run failed its own checks"
		continue
	fi
	for e in oxtables oxtool; do
		a=$WORK/$e/$s
		what="iptables-legacy on oxtables.ko"
		[ "$e" = oxtool ] && what="the oxtables tool on oxtables.ko"
		if cmp -s "$a" "$b"; then
			pass "$s: $(grep -c '^[^ ]' "$b") observations identical, $what and iptables-legacy on ip_tables.ko"
		else
			fail "$s: observations differ (- $what, + ip_tables.ko)"
			diff -u "$a" "$b" | tail -n +3 | grep '^[-+]' | head -30 | sed 's/^/#   /'
		fi
	done
done
exit $RET
fi
run_engine stock
use_oxtables_engine || fail "switch back to oxtables.ko"

for s in "${SCENARIOS[@]}"; do
	a=$WORK/oxtables/$s b=$WORK/stock/$s
	if [ -s "$b.fail" ] || [ ! -s "$b" ]; then
		fail "$s: the ip_tables.ko reference run failed its own checks"
	elif cmp -s "$a" "$b"; then
		pass "$s: $(grep -c '^[^ ]' "$b") observations identical on oxtables.ko and ip_tables.ko"
	else
		fail "$s: observations differ (- oxtables.ko, + ip_tables.ko)"
		diff -u "$a" "$b" | tail -n +3 | grep '^[-+]' | head -30 | sed 's/^/#   /'
	fi
done
exit $RET
