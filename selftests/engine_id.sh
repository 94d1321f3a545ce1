#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The oxtables tool drives the engine it is meant to, and says which: oxtables.ko at the default
# base 64; ip_tables.ko alone at 64; oxtables.ko at sockopt_base=6400 beside ip_tables.ko (the
# tool finds 6400 in /proc/net/oxtables, edits oxtables, and leaves ip_tables.ko's tables, which
# iptables-legacy edits, alone). With oxtables.ko loaded, a wrong base ($OXTABLES_SOCKOPT_BASE=64,
# or /proc/net/oxtables hidden) makes the tool refuse, exit status 3, instead of editing
# ip_tables.ko: OXT_SO_GET_IDENT (base + 4) tells the engines apart.
. "$(dirname "$0")/lib.sh"
trap 'cleanup_all_ns; restore_engine' EXIT

# OXT_TOOL: another build of the tool to check (e.g. an older one, to see this test catch it).
OX=${OXT_TOOL:-$TOP/target/release/oxtables}
[ -x "$OX" ] || OX=$TOP/target/debug/oxtables
[ -x "$OX" ] || { skip "oxtables tool not built (cargo build -p oxtables)"; exit $ksft_skip; }
VERSION=$("$OX" --help | sed -n '1s/^oxtables v\([0-9.]*\) (legacy)$/\1/p')

# Back to oxtables.ko at the default base, every stock module out.
restore_engine() {
	if module_loaded && [ "$(proc_base)" != 64 ]; then rmmod oxtables; fi
	module_loaded || use_oxtables_engine
}

# The sockopt_base line of /proc/net/oxtables (in the caller's namespace), or "absent".
proc_base() {
	if [ -e /proc/net/oxtables ]; then
		awk '$1 == "sockopt_base" { print $2 }' /proc/net/oxtables
	else
		echo absent
	fi
}

# ox NS ARGS...: the tool inside namespace NS.
ox() { local ns=$1; shift; ip netns exec "$ns" "$OX" "$@"; }

# The engine part of `oxtables -V`.
engine_of() { "$OX" -V 2>&1 | sed -n 's/^oxtables v[0-9.]* (legacy), engine: //p'; }

# ident OPT LEN: getsockopt(IPPROTO_IP, OPT) with a LEN-byte buffer on a raw socket, as
# "magic revision base version" (OXT_SO_GET_IDENT's reply), or the errno's name.
ident() {
	python3 -c '
import errno, socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
try:
    b = s.getsockopt(socket.IPPROTO_IP, int(sys.argv[1]), int(sys.argv[2]))
except OSError as e:
    print(errno.errorcode[e.errno])
    sys.exit()
magic, rev, base = struct.unpack("=8sIi", b[:16])
print(magic.decode(errors="replace"), rev, base, b[16:].rstrip(b"\0").decode(errors="replace"))
' "$@"
}

# Whether `-S INPUT` output $1 has a rule with source $2.
has_rule() { grep -qxF -- "-A INPUT -s $2/32 -j DROP" <<<"$1"; }

# --- 1. oxtables.ko at the default base 64 (as vm-init.sh loads it) ---
load_module
check_text "default: /proc/net/oxtables" "sockopt_base 64
version $VERSION" "$(cat /proc/net/oxtables)"
check_eq "default: -V names oxtables.ko at base 64" \
	"oxtables.ko v$VERSION (sockopt base 64)" "$(engine_of)"
check_eq "default: OXT_SO_GET_IDENT (68)" "oxtables 1 64 $VERSION" "$(ident 68 32)"
check_eq "default: OXT_SO_GET_IDENT with 31 bytes: EINVAL" EINVAL "$(ident 68 31)"
check_eq "default: OXT_SO_GET_IDENT with 33 bytes: EINVAL" EINVAL "$(ident 68 33)"
check_eq "default: 69, past the range: ENOPROTOOPT" ENOPROTOOPT "$(ident 69 32)"
setup_ns A
check_eq "default: /proc/net/oxtables in a new namespace" 64 \
	"$(ip netns exec "$A" bash -c "$(declare -f proc_base); proc_base")"
ox "$A" -A INPUT -s 10.0.0.1 -j DROP
check "default: a rule added by the tool shows in iptables-legacy -S (one engine)" \
	has_rule "$(ipt "$A" -S INPUT)" 10.0.0.1
ipt "$A" -A INPUT -s 10.0.0.2 -j DROP
check "default: a rule added by iptables-legacy shows in the tool's -S" \
	has_rule "$(ox "$A" -S INPUT)" 10.0.0.2
cleanup_all_ns

# --- 2. ip_tables.ko alone: the tool is a drop-in for iptables-legacy ---
if ! use_stock_engine 2>/dev/null; then
	skip "ip_tables.ko not available"
	exit $RET
fi
check_eq "stock: no /proc/net/oxtables" absent "$(proc_base)"
check_eq "stock: -V names ip_tables.ko" "ip_tables.ko (sockopt base 64)" "$(engine_of)"
check_eq "stock: ip_tables.ko answers 68 with ENOPROTOOPT" ENOPROTOOPT "$(ident 68 32)"
setup_ns B
ox "$B" -A INPUT -s 10.0.0.3 -j DROP
check "stock: a rule added by the tool shows in iptables-legacy -S" \
	has_rule "$(ipt "$B" -S INPUT)" 10.0.0.3
ox "$B" -D INPUT -s 10.0.0.3 -j DROP
check "stock: and the tool deletes it" test "$(ipt "$B" -S INPUT)" = "-P INPUT ACCEPT"

# --- 3. oxtables.ko at 6400 beside ip_tables.ko ---
if ! insmod "$MODULE" sockopt_base=6400; then
	fail "insmod oxtables.ko sockopt_base=6400 beside ip_tables.ko"
	exit $RET
fi
check_text "side by side: /proc/net/oxtables" "sockopt_base 6400
version $VERSION" "$(cat /proc/net/oxtables)"
check_eq "side by side: -V names oxtables.ko at base 6400" \
	"oxtables.ko v$VERSION (sockopt base 6400)" "$(engine_of)"
check_eq "side by side: OXT_SO_GET_IDENT (6404)" "oxtables 1 6400 $VERSION" "$(ident 6404 32)"
check_eq "side by side: 68 is still nobody's" ENOPROTOOPT "$(ident 68 32)"
setup_ns C
ox "$C" -A INPUT -s 10.0.0.4 -j DROP
rc=$?
check_eq "side by side: the tool adds a rule" 0 "$rc"
check "side by side: the rule is in oxtables' table (the tool's -S)" \
	has_rule "$(ox "$C" -S INPUT)" 10.0.0.4
check "side by side: and not in ip_tables.ko's (iptables-legacy -S)" \
	test "$(ipt "$C" -S INPUT)" = "-P INPUT ACCEPT"
ipt "$C" -A INPUT -s 10.0.0.5 -j DROP
check "side by side: iptables-legacy's rule stays in ip_tables.ko" \
	test "$(ox "$C" -S INPUT)" = "-P INPUT ACCEPT
-A INPUT -s 10.0.0.4/32 -j DROP"
# Without -t, save lists oxtables' four tables (ip_tables_names is ip_tables.ko's).
check_eq "side by side: oxtables-save lists oxtables' tables" "*raw *mangle *nat *filter" \
	"$(ox "$C" save | grep '^\*' | tr '\n' ' ' | sed 's/ $//')"
check "side by side: OXTABLES_SOCKOPT_BASE=6400 reaches oxtables too" \
	has_rule "$(ip netns exec "$C" env OXTABLES_SOCKOPT_BASE=6400 "$OX" -S INPUT)" 10.0.0.4

# A wrong base while oxtables.ko is loaded: refused, nothing edited anywhere.
err=$(ip netns exec "$C" env OXTABLES_SOCKOPT_BASE=64 "$OX" -A INPUT -s 10.0.0.6 -j DROP 2>&1)
rc=$?
check_eq "wrong base: the tool refuses with exit status 3" 3 "$rc"
check_eq "wrong base: and says why" \
	"oxtables v$VERSION (legacy): oxtables.ko is loaded but does not serve socket option base 64 (from \$OXTABLES_SOCKOPT_BASE): refusing to drive the engine there (ip_tables.ko?).
oxtables.ko publishes its base in /proc/net/oxtables; set OXTABLES_SOCKOPT_BASE to it, or unset it." \
	"$err"
check "wrong base: ip_tables.ko's table untouched" \
	test "$(ipt "$C" -S INPUT)" = "-P INPUT ACCEPT
-A INPUT -s 10.0.0.5/32 -j DROP"
check "wrong base: oxtables' table untouched" \
	test "$(ox "$C" -S INPUT)" = "-P INPUT ACCEPT
-A INPUT -s 10.0.0.4/32 -j DROP"
OXTABLES_SOCKOPT_BASE=64 "$OX" -V >/dev/null 2>&1
check_eq "wrong base: -V refuses too (exit status 3)" 3 $?
ip netns exec "$C" env OXTABLES_SOCKOPT_BASE=64 "$OX" save >/dev/null 2>&1
check_eq "wrong base: save refuses too (exit status 3)" 3 $?
ip netns exec "$C" env OXTABLES_SOCKOPT_BASE=64 "$OX" restore -n <<<"*filter
-A INPUT -s 10.0.0.7 -j DROP
COMMIT" >/dev/null 2>&1
check_eq "wrong base: restore refuses too (exit status 3)" 3 $?

# /proc/net/oxtables hidden (an empty tmpfs over this process's /proc/PID/net, kept across exec;
# a mount on a /proc/net file itself would not last, proc drops those dentries at each lookup):
# without a base the tool would fall back to 64, ip_tables.ko's; it must refuse instead.
if [ -e /sys/module/oxtables/parameters/sockopt_base ]; then
	skip "hidden /proc/net/oxtables: the kernel has the sysfs parameter, another source of the base"
else
	err=$(ip netns exec "$C" bash -c 'mount -t tmpfs none /proc/$$/net || exit 98
		[ -e /proc/self/net/oxtables ] && exit 99
		exec "$0" -A INPUT -s 10.0.0.8 -j DROP' "$OX" 2>&1)
	rc=$?
	if [ "$rc" = 98 ] || [ "$rc" = 99 ]; then
		fail "hidden /proc/net/oxtables: could not hide it ($rc)"
	else
		check_eq "hidden /proc/net/oxtables: the tool refuses with exit status 3" 3 "$rc"
		check "hidden /proc/net/oxtables: names base 64, the default" \
			grep -qF "does not serve socket option base 64 (the default, IPT_BASE_CTL)" <<<"$err"
		check "hidden /proc/net/oxtables: ip_tables.ko's table untouched" \
			test "$(ipt "$C" -S INPUT)" = "-P INPUT ACCEPT
-A INPUT -s 10.0.0.5/32 -j DROP"
	fi
fi
cleanup_all_ns

# --- 4. Back to oxtables.ko alone at 64 ---
rmmod oxtables
check "oxtables.ko at 6400 unloads" test "$(proc_base)" = absent
restore_engine
check_eq "back to the default: -V names oxtables.ko at base 64" \
	"oxtables.ko v$VERSION (sockopt base 64)" "$(engine_of)"
exit $RET
