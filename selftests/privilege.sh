#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The privilege matrix, on ip_tables.ko (base 64) and oxtables.ko (sockopt_base=6400) loaded side
# by side. A network namespace H made by root stands for the host's:
# - root of an unprivileged user + network namespace (unshare -Urn) manages its own namespace's
#   tables, with iptables-legacy (ip_tables.ko) and with the oxtables tool (oxtables.ko): rules
#   added, listed, saved, flushed; H's tables stay as they were;
# - the same root, on a socket of H opened before it made its user namespace, gets EPERM from
#   every IPT_SO_* call of both engines (the capability is checked against the socket's
#   namespace's owner), and then OK from every call on a socket of its own new namespace;
# - without CAP_NET_ADMIN (nobody with no capabilities, or root with CAP_NET_ADMIN out of its
#   bounding set) every IPT_SO_* call is EPERM on both engines, and both tools refuse with the
#   same message and exit status.
# - a 32-bit process (compat syscalls; selftests/compat32.c, no libc) gets EOPNOTSUPP from
#   every option of oxtables.ko (documented: no compat layout), as root; ip_tables.ko's replies
#   are printed (it has a compat layer when the kernel has NETFILTER_XTABLES_COMPAT).
. "$(dirname "$0")/lib.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
BASE=6400
OX=$TOP/target/release/oxtables
[ -x "$OX" ] || OX=$TOP/target/debug/oxtables
[ -x "$OX" ] || { skip "oxtables tool not built (cargo build -p oxtables)"; exit $ksft_skip; }
LOCK=$(mktemp)
chmod 666 "$LOCK"
export XTABLES_LOCKFILE=$LOCK

cleanup() {
	cleanup_all_ns
	if module_loaded; then rmmod oxtables; fi
	use_oxtables_engine || echo "# could not get back to oxtables.ko alone"
	rm -f "$LOCK"
}
trap cleanup EXIT

if module_loaded; then rmmod oxtables || { fail "rmmod oxtables"; exit $RET; }; fi
if ! modprobe -a iptable_filter iptable_mangle iptable_raw iptable_nat; then
	skip "ip_tables.ko not available"
	exit $ksft_skip
fi
if ! insmod "$MODULE" sockopt_base=$BASE; then
	fail "insmod oxtables.ko sockopt_base=$BASE beside ip_tables.ko"
	exit $RET
fi
setup_ns H || { fail "namespace"; exit $RET; }
host_state() {
	ip netns exec "$H" iptables-legacy-save | strip_save
	ip netns exec "$H" "$OX" save | strip_save
}

# every call, privileged, in H: OK on both engines (the calls themselves are well formed)
all_ok=$(for b in 64 $BASE; do for c in GET_INFO GET_ENTRIES GET_REVISION_MATCH GET_REVISION_TARGET \
	SET_REPLACE SET_ADD_COUNTERS; do echo "$b $c OK"; done; done)
all() { sed "s/ OK\$/ $1/" <<<"$all_ok"; }
# the replace is an empty filter table: put H's rules back after it
check_text "root of H: every IPT_SO_* call succeeds on both engines" "$all_ok" \
	"$(ip netns exec "$H" $PY "$DIR/privilege.py" calls 64 $BASE)"
ipt "$H" -A INPUT -s 10.7.0.1 -j DROP
ip netns exec "$H" "$OX" -A INPUT -s 10.7.0.2 -j DROP
before=$(host_state)

# --- root of an unprivileged user + network namespace ---
userns_script='
set -e
iptables-legacy -A INPUT -s 10.8.0.1 -j DROP
iptables-legacy -N MINE
iptables-legacy -A MINE -p tcp --dport 22 -j ACCEPT
"$0" -A INPUT -s 10.8.0.2 -j DROP
"$0" -N MINE
"$0" -A MINE -p udp --dport 53 -j ACCEPT
echo "== iptables-legacy"; iptables-legacy -S
echo "== oxtables"; "$0" -S
echo "== saves"; iptables-legacy-save | grep -c "^-A"; "$0" save | grep -c "^-A"
iptables-legacy -F; iptables-legacy -X; "$0" -F; "$0" -X
echo "== flushed"; iptables-legacy -S INPUT; "$0" -S INPUT
'
out=$(ip netns exec "$H" unshare -Urn bash -c "$userns_script" "$OX" 2>&1)
check_eq "unshare -Urn: root manages its own tables with both tools (exit status)" 0 $?
check_text "unshare -Urn: each engine holds its own tool's rules" "== iptables-legacy
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N MINE
-A INPUT -s 10.8.0.1/32 -j DROP
-A MINE -p tcp -m tcp --dport 22 -j ACCEPT
== oxtables
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N MINE
-A INPUT -s 10.8.0.2/32 -j DROP
-A MINE -p udp -m udp --dport 53 -j ACCEPT
== saves
2
2
== flushed
-P INPUT ACCEPT
-P INPUT ACCEPT" "$out"
check_text "unshare -Urn: H's tables untouched" "$before" "$(host_state)"

# H's socket, held by root of a new user namespace: EPERM; its own new namespace's: OK.
out=$(ip netns exec "$H" $PY "$DIR/privilege.py" userns 64 $BASE 2>&1)
check_text "user namespace root, H's socket: every call EPERM on both engines" \
	"$(all EPERM)" "$(sed -n 's/^outer //p' <<<"$out")"
check_text "user namespace root, its own namespace's socket: every call OK on both engines" \
	"$all_ok" "$(sed -n 's/^own //p' <<<"$out")"
check_text "user namespace root: H's tables untouched" "$before" "$(host_state)"
err=$(ip netns exec "$H" unshare -Ur nsenter --net=/proc/1/ns/net true 2>&1)
check "unshare -Ur: cannot enter the init network namespace" test $? != 0
echo "# $err"

# --- no CAP_NET_ADMIN ---
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
no_admin=(setpriv --bounding-set=-net_admin --inh-caps=-net_admin)
check_text "nobody, no capabilities: every call EPERM on both engines" "$(all EPERM)" \
	"$(ip netns exec "$H" "${nobody[@]}" $PY "$DIR/privilege.py" calls 64 $BASE 2>&1)"
check_text "root without CAP_NET_ADMIN: every call EPERM on both engines" "$(all EPERM)" \
	"$(ip netns exec "$H" "${no_admin[@]}" $PY "$DIR/privilege.py" calls 64 $BASE 2>&1)"
for who in nobody no_admin; do
	eval "run_as=(\"\${$who[@]}\")"
	for cmd in "-S" "-t nat -L" "-A INPUT -j DROP" "-t mangle -F"; do
		# shellcheck disable=SC2086,SC2154
		a=$(ip netns exec "$H" "${run_as[@]}" iptables-legacy $cmd 2>&1)
		ra=$?
		# shellcheck disable=SC2086
		b=$(ip netns exec "$H" "${run_as[@]}" "$OX" $cmd 2>&1)
		rb=$?
		check_eq "$who: iptables-legacy $cmd and the tool refuse alike" \
			"$ra ${a#iptables v1.8.9 (legacy): }" "$rb ${b#oxtables v*(legacy): }"
	done
done
check_text "no CAP_NET_ADMIN: H's tables untouched" "$before" "$(host_state)"

# --- a 32-bit caller ---
C32=$(mktemp)
if ! gcc -m32 -static -nostdlib -ffreestanding -fno-pic -fno-stack-protector -O1 -Wall \
	-o "$C32" "$DIR/compat32.c" 2>/dev/null; then
	skip "32-bit caller: gcc -m32 cannot build selftests/compat32.c"
elif ! out=$(ip netns exec "$H" "$C32" g64 2>&1); then
	skip "32-bit caller: the kernel runs no i386 binaries (IA32_EMULATION): $out"
else
	check_text "32-bit caller: every oxtables.ko option EOPNOTSUPP" "g$BASE -95
g$((BASE + 1)) -95
g$((BASE + 2)) -95
g$((BASE + 3)) -95
g$((BASE + 4)) -95
s$BASE -95
s$((BASE + 1)) -95" "$(ip netns exec "$H" "$C32" g$BASE g$((BASE + 1)) g$((BASE + 2)) g$((BASE + 3)) \
		g$((BASE + 4)) s$BASE s$((BASE + 1)))"
	echo "# 32-bit caller, ip_tables.ko: $(ip netns exec "$H" "$C32" g64 g65 s64 | tr '\n' ' ')"
	check_text "32-bit caller: H's tables untouched" "$before" "$(host_state)"
fi
rm -f "$C32"
exit $RET
