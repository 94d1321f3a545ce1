#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside one VM boot: every selftest in turn, then a last look at the kernel log. Prints
# PASS/FAIL/SKIP lines and a closing "selftests: N passed, N failed" line.
#
#   selftests/run.sh [--shard K/N] [TEST...]   (default: all of TESTS below; --shard K/N: the
#                                              K-th of N parts, for N VMs side by side)
DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIR/lib.sh"
TESTS=(kunit.sh hooks.sh counters.sh reload.sh engine_id.sh xt_commands.sh xt_saverestore.sh
	xt_traffic.sh xt_differential.sh xt_hostile.sh xt_fuzz.sh privilege.sh classifier.sh
	tool_differential.sh nat_differential.sh ext_differential.sh ext_rejlog_log.sh real_sets.sh
	stress.sh clients.sh ext_trace.sh ext_nfqueue.sh limits.sh
	update.sh)
# nat_redirect.sh ... nat_counters.sh run alone too (one scenario, both tools, one engine);
# nat_differential.sh runs every scenario with both tools on oxtables.ko, checks included.

# Seconds each test took in the last measured CI run (warm cache, one VM): `--shard K/N` deals the
# tests out to N VMs so that their sums come out about even (longest first, each to the lightest
# shard). A test missing here counts 60 s. Only the balance depends on these figures, never a result.
declare -A WEIGHT=([tool_differential.sh]=679 [ext_differential.sh]=666 [clients.sh]=370
	[stress.sh]=311 [nat_differential.sh]=196 [xt_hostile.sh]=116 [xt_differential.sh]=101
	[real_sets.sh]=89 [xt_traffic.sh]=88 [counters.sh]=59 [xt_commands.sh]=56 [reload.sh]=44
	[ext_rejlog_log.sh]=44 [ext_nfqueue.sh]=28 [engine_id.sh]=28 [ext_trace.sh]=27
	[xt_saverestore.sh]=26 [classifier.sh]=26 [kunit.sh]=10 [hooks.sh]=10 [limits.sh]=200
	[xt_fuzz.sh]=402 [privilege.sh]=103 [update.sh]=150)
shard=
if [ "${1:-}" = --shard ]; then
	shard=$2
	shift 2
fi
[ $# -gt 0 ] && TESTS=("$@")
if [ -n "$shard" ]; then
	k=${shard%/*} n=${shard#*/}
	mine=()
	declare -a load
	for ((i = 0; i < n; i++)); do load[i]=0; done
	while read -r w t; do
		best=0
		for ((i = 1; i < n; i++)); do [ "${load[i]}" -lt "${load[best]}" ] && best=$i; done
		load[best]=$((load[best] + w))
		[ "$best" = $((k - 1)) ] && mine+=("$t")
	done < <(for t in "${TESTS[@]}"; do echo "${WEIGHT[$t]:-60} $t"; done | sort -s -k1,1nr)
	# Keep the listed order within the shard (kunit and hooks first, where they fall).
	kept=()
	for t in "${TESTS[@]}"; do
		for m in "${mine[@]}"; do [ "$t" = "$m" ] && kept+=("$t"); done
	done
	TESTS=("${kept[@]}")
	echo "# shard $shard: ${TESTS[*]} (about ${load[k - 1]} s)"
fi

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
	# `make stress`: 10^4 replaces, 1000 namespaces, 100 reloads on each engine; 10^6 blobs.
	case $t in stress.sh | xt_fuzz.sh) [ "${OXT_STRESS:-}" != full ] || limit=$((limit * 12)) ;; esac
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
