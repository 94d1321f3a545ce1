#!/usr/bin/env bash
# Coverage-guided fuzzing of the code the kernel runs (fuzz/: libFuzzer through libfuzzer-sys, on
# the pinned stable toolchain: SanitizerCoverage flags, overflow checks and debug assertions on,
# no nightly). Targets (fuzz/fuzz_targets/):
#   replace  any bytes as an IPT_SO_SET_REPLACE buffer, half the mutations structure-aware; an
#            accepted table runs on every hook and reads back as itself through GET_ENTRIES
#   ext      every extension registration's checkentry (and match/target) on any payload
#   tool     the oxtables tool's command-line and restore parsers, exit codes 1/2/4 only
#
#   scripts/fuzz.sh fixed          (make check) each target from its seed corpus, fixed seed,
#                                  $OXT_FUZZ_RUNS executions (default 20000)
#   scripts/fuzz.sh time SECONDS   (make fuzz) each target SECONDS long, growing the corpus kept in
#                                  $OXT_CACHE/fuzz/corpus; crashes in $OXT_CACHE/fuzz/artifacts
# Prints one "PASS:"/"FAIL:" line per target with executions and executions per second.
set -uo pipefail
. "$(dirname "$0")/common.sh"
cd "$TOP"
mode=${1:-fixed}
secs=${2:-60}
runs=${OXT_FUZZ_RUNS:-20000}
TARGETS=(replace ext tool)
FUZZ=$OXT_CACHE/fuzz
TRIPLE=x86_64-unknown-linux-gnu
BIN=$FUZZ/target/$TRIPLE/release

# --target keeps the coverage flags off build scripts (they link without libFuzzer).
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
export CC=clang-$LLVM_VERSION CXX=clang++-$LLVM_VERSION
log "fuzz: building the targets"
if ! cargo build -q --release --manifest-path fuzz/Cargo.toml --target "$TRIPLE" \
	--target-dir "$FUZZ/target"; then
	echo "FAIL: fuzz targets do not build"
	exit 1
fi
unset RUSTFLAGS CC CXX

# Seed corpora: the engine's hand-built tables and one table per six rules.t rules (every
# extension and revision the tool sends), written by the tests that build them; rules.t's rules
# as command lines for the tool.
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/replace" "$seeds/ext" "$seeds/tool"
OXT_FUZZ_CORPUS=$seeds/replace cargo test -q -p oxtables-engine fuzz_targets_fixed_seed >/dev/null 2>&1
OXT_FUZZ_CORPUS=$seeds/replace cargo test -q -p oxtables --test rules rules_t_mutants >/dev/null 2>&1
n=$(ls "$seeds/replace" | wc -l)
[ "$n" -gt 50 ] || { echo "FAIL: fuzz seed corpus has only $n tables"; exit 1; }
i=0
# rules.t: "*TABLE CHAIN" switches the table, other lines are "rule;canonical;expectation".
awk -F';' '/^\*/ { split(substr($0, 2), a, " "); t = a[1]; c = a[2]; next }
	/^[^#]/ && NF >= 3 { print "-t " t " -A " c " " $1 }' userspace/tests/rules.t |
	while IFS= read -r line; do
		printf '%s\n' "$line" >"$seeds/tool/$((i++))"
	done
# ext: every registration index with a zero payload of the registration's size.
python3 -c 'import sys, os
for k in range(256):
    open(os.path.join(sys.argv[1], str(k)), "wb").write(k.to_bytes(2, "little") + bytes(3))' "$seeds/ext"

fails=0
for t in "${TARGETS[@]}"; do
	mkdir -p "$FUZZ/artifacts/$t"
	if [ "$mode" = time ]; then
		corpus=$FUZZ/corpus/$t
		mkdir -p "$corpus"
		cp -n "$seeds/$t"/* "$corpus"/ 2>/dev/null
		args=(-max_total_time="$secs" "$corpus")
	else
		corpus=$(mktemp -d)
		cp "$seeds/$t"/* "$corpus"/
		args=(-seed=1 -runs="$runs" "$corpus")
	fi
	out=$(mktemp)
	t0=$(date +%s.%N)
	"$BIN/$t" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$FUZZ/artifacts/$t/" -print_final_stats=1 "${args[@]}" >"$out" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	[ "$mode" = time ] || rm -rf "$corpus"
	execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$out" | tail -n1)
	cov=$(grep -oE 'cov: [0-9]+' "$out" | tail -n1)
	rate=$(awk -v e="${execs:-0}" -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", e / (b - a) }')
	if [ "$rc" = 0 ]; then
		echo "PASS: fuzz $t: ${execs:-0} executions, $rate/s, $cov"
	else
		echo "FAIL: fuzz $t exited $rc (artifacts in $FUZZ/artifacts/$t):"
		grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$out" | head -8 | sed 's/^/#   /'
		fails=$((fails + 1))
	fi
	rm -f "$out"
done
[ "$fails" = 0 ]
