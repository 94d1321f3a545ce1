#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Differential NAT test: every nat_*.sh scenario (redirect, dnat_local, gateway, masquerade,
# docker, counters) runs with iptables-legacy writing the rules, once on oxtables.ko and once on
# ip_tables.ko in the same VM, in fresh namespaces each time. Each run's observations must be
# identical between the engines: what every connection saw (origdst's peer/local/original
# destination lines, refused/timeout), the normalised conntrack tables (sorted; timeouts, use=
# and UDP's timing-dependent [ASSURED] stripped) and the exact counters the scenario reads.
# The scenarios' own checks are not counted here (each nat_*.sh counts them); a failing one is
# shown as a comment, and one failing on ip_tables.ko makes the reference invalid (FAIL).
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

# run_engine LABEL: every scenario on the current engine; observations in $WORK/LABEL/SCENARIO,
# the scenario's failed checks in $WORK/LABEL/SCENARIO.fail.
run_engine() {
	local e=$1 s t0
	mkdir -p "$WORK/$e"
	echo "# engine: $(current_engine)"
	for s in "${SCENARIOS[@]}"; do
		t0=$(date +%s)
		(
			NAT_OBS=$WORK/$e/$s
			: >"$NAT_OBS"
			pass() { :; }
			fail() { echo "# $e $s: check failed: $*" | tee -a "$WORK/$e/$s.fail"; }
			trap nat_cleanup EXIT
			nat_use_client iptables-legacy
			"scenario_$s"
		)
		echo "# $e $s: $(($(date +%s) - t0)) s"
	done
}

load_module
run_engine oxtables
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
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
