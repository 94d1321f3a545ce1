#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The oxtables tool against iptables-legacy 1.8.9, on the same kernel engine, for the same
# command sequences (userspace/tests/ref/gen.sh and its gen.d/ sections: every option, every error, every
# extension):
# same exit codes, same -S, -L (-n -v -x --line-numbers) and save output. Then a generated
# 10,000-rule / 500-chain table restored by each tool saves byte for byte the same. Run on
# oxtables.ko, then on ip_tables.ko (the tool speaks the same ABI to both).
. "$(dirname "$0")/lib.sh"
trap 'cleanup_all_ns; restore_engine' EXIT

OX=$TOP/target/release/oxtables
[ -x "$OX" ] || OX=$TOP/target/debug/oxtables
[ -x "$OX" ] || { skip "oxtables tool not built (cargo build -p oxtables)"; exit $ksft_skip; }
BIN=$(mktemp -d)
for n in oxtables oxtables-save oxtables-restore; do ln -s "$OX" "$BIN/$n"; done
for n in iptables-legacy iptables-legacy-save iptables-legacy-restore; do
	ln -s "$(command -v $n)" "$BIN/$n"
done
SCRIPT=$(mktemp)
OUT=$(mktemp -d)
sed '/modprobe/d; s/^run timeout 30 \$IPT -L$/run $IPT -L -n/; s/^run timeout 30 \$IPT -L -v$/run $IPT -L -n -v/' \
	"$TOP/userspace/tests/ref/gen.sh" >"$SCRIPT"

# Outputs of the two tools, with program names, versions and save comments normalised.
normalise() {
	sed -E '/^# (Generated|Completed)/d;
		s/(oxtables|iptables)(-save|-restore)? v[0-9.]+ \(legacy\)/iptables\2 v1.8.9 (legacy)/g;
		s/iptables-legacy/iptables/g; s/oxtables/iptables/g'
}

# run_script IPT-BASENAME: run the sequence in a fresh netns (fresh empty tables), output on stdout.
run_script() {
	setup_ns T1
	ip netns exec "$T1" env GEN_D="$TOP/userspace/tests/ref/gen.d" IPT="$BIN/$1" PATH="$BIN:$PATH" timeout 900 bash "$SCRIPT" 2>&1 | normalise
	ip netns del "$T1"
}

# Both tools' runs at once (each in its own namespace, with its own xtables lock file).
run_script_to() { run_script "$1" >"$OUT/$1"; }

compare_tools() { # $1 = engine label
	local a b
	par_each run_script_to iptables-legacy oxtables
	a=$(cat "$OUT/iptables-legacy")
	b=$(cat "$OUT/oxtables")
	if [ "$a" = "$b" ]; then
		pass "$1: $(grep -c '^### rc=' <<<"$a") commands: same output and exit codes as iptables-legacy"
	else
		fail "$1: tool output differs from iptables-legacy"
		diff <(echo "$a") <(echo "$b") | head -30 | sed 's/^/#   /'
	fi
}

compare_big() { # $1 = engine label
	local big a b c
	big=$(mktemp)
	python3 "$TOP/selftests/gen_rules.py" 10000 500 >"$big"
	setup_ns T2
	local ns=$T2
	ip netns exec "$ns" iptables-legacy-restore <"$big"
	a=$(ip netns exec "$ns" iptables-legacy-save -t filter | normalise)
	c=$(ip netns exec "$ns" "$BIN/oxtables-save" -t filter | normalise)
	ip netns exec "$ns" iptables-legacy -F
	ip netns exec "$ns" iptables-legacy -X
	ip netns exec "$ns" "$BIN/oxtables-restore" <"$big"
	b=$(ip netns exec "$ns" iptables-legacy-save -t filter | normalise)
	ip netns del "$ns"
	check_eq "$1: 10k rules restored by the tool save byte for byte as by iptables-legacy-restore" \
		"$(sha256sum <<<"$a")" "$(sha256sum <<<"$b")"
	check_eq "$1: oxtables-save of a 10k-rule table equals iptables-legacy-save" \
		"$(sha256sum <<<"$a")" "$(sha256sum <<<"$c")"
	check_eq "$1: the 10k-rule table has 10000 rules" 10000 "$(grep -c '^-A' <<<"$a")"
	rm -f "$big"
}

# The xtables lock: while another process holds it, both tools give up with status 4 after -w 1,
# and without -w they wait for it and succeed once it is released. No timing: the holder keeps
# the lock until told to let go, and it lets go only once the tool is seen blocked on it
# (a waiter's "->" line in /proc/locks).
compare_lock() {
	local t rc fifo held holder waiter
	fifo=$(mktemp -u) held=$(mktemp)
	mkfifo "$fifo"
	for t in iptables-legacy oxtables; do
		: >"$held"
		flock /run/xtables.lock -c "echo held >$held; read -r _ <$fifo" &
		holder=$!
		busywait 20000 grep -q held "$held"
		"$BIN/$t" -w 1 -L -n >/dev/null 2>&1
		rc=$?
		check_eq "lock held: $t -w 1 gives up with status 4" 4 "$rc"
		"$BIN/$t" -A INPUT -s 192.0.2.77 -j ACCEPT &
		waiter=$!
		check "lock held: $t without -w blocks on the lock" busywait 20000 grep -q -- '->' /proc/locks
		echo >"$fifo"
		wait "$holder"
		wait "$waiter"
		check_eq "lock held: $t without -w waits for it and succeeds" 0 "$?"
		"$BIN/$t" -D INPUT -s 192.0.2.77 -j ACCEPT
	done
	rm -f "$fifo" "$held"
}

# Back to oxtables.ko: every stock module out (the extension modules too), then insmod.
restore_engine() { module_loaded || use_oxtables_engine; }

load_module
compare_tools oxtables.ko
compare_big oxtables.ko
compare_lock

rmmod oxtables
modprobe -a iptable_filter iptable_mangle iptable_raw iptable_nat xt_tcpudp || {
	skip "ip_tables.ko not available"
	exit $RET
}
compare_tools ip_tables.ko
compare_big ip_tables.ko
restore_engine
rm -rf "$BIN" "$SCRIPT" "$OUT"
exit $RET
