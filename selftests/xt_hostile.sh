#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Hostile IPT_SO_SET_REPLACE blobs (xt_hostile.py: one class per upstream validation check, plus
# 400 random mutations of valid filter and nat blobs with a fixed seed), sent once to oxtables.ko and once to
# ip_tables.ko in the same VM: every blob must get the same errno (or succeed on both), and so
# must owner rules written into a namespace of another user namespace (userns_owner). Also:
# a rejected blob leaves the table byte for byte unchanged (GET_ENTRIES before and after), an
# unprivileged user gets EPERM from both, the kernel log has no new splat, and kmemleak (when
# the kernel has it) reports no leak in oxtables.
. "$(dirname "$0")/lib.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
WORK=$(mktemp -d)

cleanup() {
	cleanup_all_ns
	[ "$(current_engine)" = oxtables ] || use_oxtables_engine
	rm -rf "$WORK"
}
trap cleanup EXIT
load_module
dmesg_before=$(dmesg | wc -l)

# run_blobs ENGINE: every blob in a fresh namespace; results in $WORK/ENGINE, "# ..." lines dropped.
run_blobs() {
	local ns
	setup_ns H || return 1
	ns=$H
	timeout 300 ip netns exec "$ns" $PY "$DIR/xt_hostile.py" run >"$WORK/$1" 2>"$WORK/$1.err"
	check_eq "$1: every blob sent (xt_hostile.py run exit status)" 0 $?
	sed 's/^/#   /' "$WORK/$1.err" | head -5
	# unprivileged: nobody, no capabilities
	check_text "$1: unprivileged GET_INFO and SET_REPLACE fail with EPERM" "get EPERM
set EPERM" "$(timeout 20 ip netns exec "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all $PY "$DIR/xt_hostile.py" eperm 2>&1)"
	cleanup_all_ns
}

# userns_owner ENGINE: owner_check's user-namespace tests, appended to ENGINE's results as
# "userns/NAME RESULT" lines. A network namespace owned by a child user namespace that maps root
# to root: uid and gid rules written from outside it are refused; from inside, a mapped id passes
# and an unmapped one is refused.
userns_owner() {
	local pid name where rule res
	unshare --user --map-root-user --net sleep 600 &
	pid=$!
	busywait 5000 test "$(readlink /proc/$pid/ns/user 2>/dev/null)" != "$(readlink /proc/self/ns/user)"
	while read -r name where rule; do
		if [ "$where" = outside ]; then
			# shellcheck disable=SC2086
			res=$(nsenter --net=/proc/$pid/ns/net iptables-legacy -w 5 -A OUTPUT $rule 2>&1)
		else
			# shellcheck disable=SC2086
			res=$(nsenter -t $pid --user --net iptables-legacy -w 5 -A OUTPUT $rule 2>&1)
		fi
		[ $? = 0 ] && res=OK
		case $res in *"Invalid argument"*) res=EINVAL ;; esac
		echo "userns/$name $(echo "$res" | head -1 | tr -c 'A-Za-z0-9\n' _)"
	done <<'CASES' >>"$WORK/$1"
uid-from-outside outside -m owner --uid-owner 0
gid-from-outside outside -m owner --gid-owner 0
socket-from-outside outside -m owner --socket-exists
uid-mapped inside -m owner --uid-owner 0
gid-mapped inside -m owner --gid-owner 0 --suppl-groups
uid-unmapped inside -m owner --uid-owner 1
gid-unmapped inside -m owner --gid-owner 0-1
CASES
	kill "$pid"
	wait "$pid" 2>/dev/null
}

run_blobs oxtables
total=$(wc -l <"$WORK/oxtables")
check_eq "oxtables: a result for every blob" "$($PY "$DIR/xt_hostile.py" list | wc -l)" "$total"
userns_owner oxtables
check_text "oxtables: the valid blobs are accepted" "$(grep '^valid/' "$WORK/oxtables" | awk '{ print $1, "OK" }')" \
	"$(grep '^valid/' "$WORK/oxtables")"
echo "# oxtables accepted $(grep -c ' OK$' "$WORK/oxtables") of $total blobs"

# The kernel log and kmemleak, before switching engines (rmmod could hide leaks).
splats=$(dmesg | tail -n +"$((dmesg_before + 1))" | grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t:' || true)
check_eq "no kernel splat while oxtables got the blobs" "" "$splats"
if [ ! -e /sys/kernel/debug/kmemleak ]; then
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug 2>/dev/null
fi
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	sleep 1
	echo scan >/sys/kernel/debug/kmemleak
	leaks=$(grep -c oxtables /sys/kernel/debug/kmemleak)
	check_eq "kmemleak: no leak mentioning oxtables" 0 "$leaks"
else
	skip "kmemleak: not available in this kernel"
fi

# The same blobs against ip_tables.ko.
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit $RET
fi
run_blobs stock
userns_owner stock
use_oxtables_engine || fail "switch back to oxtables.ko"

# Compare, one summary line per class, one FAIL line per mismatching blob.
join -a1 -a2 -e MISSING -o 0,1.2,2.2 <(sort "$WORK/oxtables") <(sort "$WORK/stock") >"$WORK/joined"
for class in $(cut -d/ -f1 "$WORK/joined" | sort -u); do
	n=$(grep -c "^$class/" "$WORK/joined")
	bad=$(awk -v c="$class/" 'index($1, c) == 1 && $2 != $3' "$WORK/joined")
	if [ -z "$bad" ]; then
		pass "$class: $n blobs, same errno from oxtables and ip_tables"
	else
		while read -r name ox st; do
			fail "$name: oxtables says $ox, ip_tables says $st"
		done <<<"$bad"
		echo "# $class: $(echo "$bad" | wc -l) of $n blobs differ"
	fi
done
echo "# errno histogram (oxtables): $(awk '{ print $2 }' "$WORK/oxtables" | sort | uniq -c | tr -s ' \n' ' ')"
exit $RET
