#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# In-VM IPT_SO_SET_REPLACE fuzzing of both engines side by side: ip_tables.ko at base 64 and
# oxtables.ko at sockopt_base=6400 in the same VM and the same network namespace. Seeds: every
# table iptables-legacy-restore makes of rules.t's rules (user chains, calls, gotos, every
# extension and revision the tool sends) and of selftests/real_sets/*.save, read back through
# GET_ENTRIES, plus xt_hostile.py's crafted blobs (and the host fuzzer's corpus,
# $OXT_CACHE/fuzz/corpus/replace, when `make fuzz` has grown one). xt_fuzz.py sends each seed,
# then seeded mutations of them, to both engines: the same errno, a refused blob leaves each
# table byte for byte unchanged, an accepted one reads back the same on both; no kernel splat.
#
#   OXT_FUZZ_SEED   the run's seed (default 1; with OXT_STRESS=full the date and time), printed
#   OXT_FUZZ_BLOBS  blobs per run (default 3000; 10^5 with OXT_STRESS=full). Measured in the
#                   TCG VM: 15 blobs/s (each to both engines, with the read-backs), so 3000 take
#                   about 220 s and the seeds about 180 s more; 10^4 would be 11 minutes, 10^6
#                   18 hours (past run.sh's 3-hour limit for make stress: 10^5 is 1.9 hours).
#   OXT_FUZZ_ONLY   send only blob number N of the run (reproduce one failure)
. "$(dirname "$0")/lib.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
BASE=6400

cleanup() {
	cleanup_all_ns
	if module_loaded; then rmmod oxtables; fi
	use_oxtables_engine || echo "# could not get back to oxtables.ko alone"
	rm -rf "$WORK"
}
trap cleanup EXIT

# make check: a fixed seed (the same blobs every run); make stress: new blobs every run.
seed=${OXT_FUZZ_SEED:-1}
blobs=${OXT_FUZZ_BLOBS:-3000}
if [ "${OXT_STRESS:-}" = full ]; then
	seed=${OXT_FUZZ_SEED:-$(date -u +%Y%m%d%H%M%S)}
	blobs=${OXT_FUZZ_BLOBS:-100000}
fi
dmesg_before=$(dmesg | wc -l)

# ip_tables.ko with its four tables and the extension modules the seeds use loaded first (the
# rest load on demand, as for any iptables user), oxtables.ko beside it at base 6400.
if module_loaded; then rmmod oxtables || { fail "rmmod oxtables"; exit $RET; }; fi
if ! modprobe -a iptable_filter iptable_mangle iptable_raw iptable_nat; then
	skip "ip_tables.ko not available"
	exit $ksft_skip
fi
if ! insmod "$MODULE" sockopt_base=$BASE; then
	fail "insmod oxtables.ko sockopt_base=$BASE beside ip_tables.ko"
	exit $RET
fi

# Seeds, made on ip_tables.ko (base 64) by iptables-legacy-restore in a scratch namespace.
setup_ns S || { fail "namespace"; exit $RET; }
ip netns exec "$S" python3 "$DIR/xt_fuzz.py" seeds "$WORK/seeds" >"$WORK/seeds.out" 2>&1
check_eq "seed tables made by iptables-legacy-restore (xt_fuzz.py seeds exit status)" 0 $?
grep '^# seeds:' "$WORK/seeds.out"
grep '^# seed .* not restored' "$WORK/seeds.out" | head -5
dirs=("$WORK/seeds")
corpus=${OXT_CACHE:-$HOME/.cache/oxtables}/fuzz/corpus/replace
if [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ]; then
	dirs+=("$corpus")
	echo "# host fuzzer corpus: $(ls "$corpus" | wc -l) blobs from $corpus"
fi

# The run, in its own namespace: both engines' tables start empty there.
setup_ns F || { fail "namespace"; exit $RET; }
echo "# fuzz seed $seed, $blobs blobs (reproduce: make vm CMD='env OXT_FUZZ_SEED=$seed" \
	"OXT_FUZZ_BLOBS=$blobs selftests/run.sh xt_fuzz.sh'; one blob: add OXT_FUZZ_ONLY=N)"
t0=$SECONDS
ip netns exec "$F" env OXT_FUZZ_ENGINES="stock=64 ox=$BASE" \
	python3 "$DIR/xt_fuzz.py" run "$seed" "$blobs" "${dirs[@]}" >"$WORK/run.out" 2>&1
rc=$?
grep -E '^(FAIL|#)' "$WORK/run.out"
check_eq "xt_fuzz.py run exit status" 0 "$rc"
last=$(tail -n1 "$WORK/run.out")
echo "# $last ($((SECONDS - t0)) s)"
want=$blobs
if [ -n "${OXT_FUZZ_ONLY:-}" ]; then
	want=1
	ip netns exec "$F" python3 "$DIR/xt_fuzz.py" show "$seed" "$OXT_FUZZ_ONLY" "${dirs[@]}" |
		sed 's/^/# /'
fi
check "every blob sent to both engines ($want)" grep -q "^fuzz: $want blobs, " <<<"$last"
check "same errno, unchanged tables on refusal, same table on acceptance" \
	grep -q ' 0 mismatches$' <<<"$last"
n=$(grep -c '^FAIL' "$WORK/run.out")
[ "$n" = 0 ] || echo "# $n FAIL lines above from xt_fuzz.py"

splats=$(dmesg | tail -n +"$((dmesg_before + 1))" | grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t:' || true)
check_eq "no kernel splat during the fuzzing" "" "$splats"
exit $RET
