#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside one VM boot: every selftest in turn, then a last look at the kernel log. Prints
# PASS/FAIL/SKIP lines and a closing "selftests: N passed, N failed" line.
#
#   selftests/run.sh [TEST...]     (default: all of TESTS below)
DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/lib.sh"
TESTS=(kunit.sh hooks.sh counters.sh reload.sh engine_id.sh xt_commands.sh xt_saverestore.sh
	xt_traffic.sh xt_differential.sh xt_hostile.sh classifier.sh tool_differential.sh
	nat_differential.sh ext_differential.sh ext_rejlog_log.sh real_sets.sh stress.sh clients.sh
	ext_trace.sh ext_nfqueue.sh update.sh)
# nat_redirect.sh ... nat_counters.sh run alone too (one scenario, both tools, one engine);
# nat_differential.sh runs every scenario with both tools on oxtables.ko, checks included.
[ $# -gt 0 ] && TESTS=("$@")

out=$(mktemp)
for t in "${TESTS[@]}"; do
	echo "# === $t"
	t0=$SECONDS
	one=$(mktemp)
	# A hung test ends at its limit: 15 minutes, twice that for the tool differential (four runs
	# of every gen.d command sequence: 759 s in the last CI run) and for the real programs
	# (ufw starts some 150 iptables processes per engine; about 15 minutes on a loaded machine).
	limit=${OXT_TEST_TIMEOUT:-900}
	case $t in tool_differential.sh | clients.sh) limit=$((limit * 2)) ;; esac
	# `make stress`: 10^4 replaces, 1000 namespaces, 100 reloads on each engine.
	[ "$t" != stress.sh ] || [ "${OXT_STRESS:-}" != full ] || limit=$((limit * 12))
	timeout "$limit" bash "$DIR/$t" 2>&1 | tee "$one"
	rc=${PIPESTATUS[0]}
	case $rc in
	0 | "$ksft_skip") ;;
	*) grep -q '^FAIL' "$one" || echo "FAIL: $t exited $rc" | tee -a "$one" ;;
	esac
	echo "# $t: $((SECONDS - t0)) s"
	cat "$one" >>"$out"
	rm -f "$one"
done

echo "# === kernel log"
splats=$(dmesg_splats)
if [ -z "$splats" ]; then
	echo "PASS: kernel log free of warnings, oopses and lockdep reports" | tee -a "$out"
else
	echo "FAIL: kernel log has warnings or oopses" | tee -a "$out"
	echo "$splats" | head -40 | sed 's/^/#   /'
fi

passed=$(grep -c '^PASS' "$out")
failed=$(grep -c '^FAIL' "$out")
skipped=$(grep -c '^SKIP' "$out")
echo "selftests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
