#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Real programs on oxtables.ko (issue 12): Debian 12's ufw, fail2ban and firewalld, unmodified,
# drive the engine through the distribution's iptables-legacy, and what they do must be
# indistinguishable from what they do on ip_tables.ko. The packages are unpacked by `make setup`
# under $OXT_CACHE/clients (downloaded, never installed; see selftests/clients/versions.env); a
# program whose package is absent is a SKIP. OXT_CLIENTS="PROG..." runs only those programs.
#
# Each program runs in a network namespace $H (its "host"), with a client namespace $C on a veth
# pair, and in a private mount namespace where /etc/alternatives says iptables is
# iptables-legacy, as after `update-alternatives --set iptables /usr/sbin/iptables-legacy` on a
# real host. Its configuration and state live in a scratch directory: ufw's --rootdir (the
# unpacked package) and --datadir, fail2ban's -c/-s/-p. Only configuration files are changed,
# as an administrator would.
#
#   ufw:      rules added before and after `ufw enable` (allow, deny, reject, limit, the
#             "WWW Full" application profile, a source-restricted rule with a comment), logging
#             on. Checks: every port's verdict, `limit` refusing a burst's 6th connection in 30 s
#             (6 NEW connections, --hitcount 6), the LOG lines in the kernel log, the recent
#             table, `ufw status verbose`, `ufw disable` opening everything again.
#   fail2ban: Debian's sshd jail (banaction iptables-multiport) on port 2222, watching a log file
#             the test writes. Checks: after maxretry failures the client is banned (REJECT) on
#             2222 only, after bantime it is unbanned (waited for: the rule going away), and
#             `fail2ban-client stop` removes the chain.
#   firewalld: FirewallBackend=iptables, its daemon on a private D-Bus system bus, a third
#             namespace $S behind a second interface of $H. Checks: the default zone, runtime
#             --add-service/--add-port/rich rules (accept from the client's address, drop), a
#             --permanent port applied only by --reload, --add-forward-port reaching the server
#             in $S, --add-masquerade hiding the client from it, --reload, SIGTERM removing
#             every rule; iptables-legacy-save of filter, nat, mangle and raw at every step.
#
# The programs run two at a time (par_each, own namespaces and xtables lock file each), first on
# oxtables.ko, then on ip_tables.ko with upstream's xt modules (autoloaded, as on a real host).
# Every observation must be equal between the engines: iptables-legacy-save -t filter (for
# firewalld, of its four tables) at every step (counters and the comment lines removed), every
# verdict, the programs' own output, the normalised LOG lines and the recent table.
. "$(dirname "$0")/lib.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
PROBE=$DIR/clients/probe.py
# shellcheck source=clients/versions.env
. "$DIR/clients/versions.env"
CACHE=${OXT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oxtables}/clients
if [ ! -d "$CACHE" ]; then
	# Under virtme-ng run by a user other than root, HOME is not the host's: the kernel's module
	# link (virtme_link_mods=$OXT_CACHE/kernel/KEY/...) names the cache.
	m=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^virtme_link_mods=//p')
	case $m in */kernel/*) CACHE=${m%%/kernel/*}/clients ;; esac
fi
UFW_ROOT=$CACHE/ufw-$UFW_VERSION
F2B_ROOT=$CACHE/fail2ban-$FAIL2BAN_VERSION
FWD_ROOT=$CACHE/firewalld-$FIREWALLD_VERSION
H_IP=10.0.3.1 C_IP=10.0.3.2

# OXT_CLIENTS="PROG...": run only these programs. The default leaves firewalld out until its
# scenario passes in the VM on both engines: in its first run there (2026-12-04) it started and
# passed 32 checks on oxtables.ko, then `firewall-cmd --reload` got no D-Bus reply within the
# client's 25 s under TCG (OXT_CLIENTS=firewalld runs it).
PROGRAMS=()
for p in ufw:"$UFW_ROOT" fail2ban:"$F2B_ROOT" firewalld:"$FWD_ROOT"; do
	if ! [[ " ${OXT_CLIENTS:-ufw fail2ban} " = *" ${p%%:*} "* ]]; then
		continue
	elif [ -f "${p#*:}/.oxtables-unpacked" ]; then
		PROGRAMS+=("${p%%:*}")
	else
		skip "${p%%:*}: no unpacked package at ${p#*:} (make setup)"
	fi
done
[ ${#PROGRAMS[@]} -gt 0 ] || exit "$ksft_skip"

# ufw warns about every world-writable directory on the path to its files (/tmp is one).
WORK=$(mktemp -d -p /run oxt-clients.XXXXXX 2>/dev/null) || WORK=$(mktemp -d)
ALLNS=$(sysctl -n net.netfilter.nf_log_all_netns 2>/dev/null)
cleanup() {
	cleanup_all_ns
	[ -n "$ALLNS" ] && sysctl -qw net.netfilter.nf_log_all_netns="$ALLNS"
	[ "$(current_engine)" = oxtables ] || { drop_ip6_tables; use_oxtables_engine; }
	rm -rf "$WORK"
}
# ufw-init runs `ip6tables -L INPUT -n` (iptables' alternative set means ip6tables-legacy too),
# which on ip_tables.ko autoloads ip6_tables: it holds x_tables, so it goes before oxtables.ko
# comes back. (On oxtables.ko x_tables cannot load: ip6tables fails, and ufw skips IPv6.)
drop_ip6_tables() {
	local m
	for m in ip6table_filter ip6table_mangle ip6table_raw ip6table_nat ip6_tables; do
		grep -q "^$m " /proc/modules && rmmod "$m"
	done
	return 0
}
trap cleanup EXIT
load_module
# ufw's LOG rules log from the namespace $H, not the initial one.
[ -n "$ALLNS" ] && sysctl -qw net.netfilter.nf_log_all_netns=1

# The alternatives of a host where `update-alternatives --set iptables /usr/sbin/iptables-legacy`
# (and the same for ip6tables) was run: a copy of /etc/alternatives with those links and their
# -save/-restore slaves changed, bind-mounted over the real one in each program's mount namespace.
mkdir -p "$WORK/alternatives"
cp -a /etc/alternatives/. "$WORK/alternatives/"
for t in iptables ip6tables; do
	for s in "" -save -restore; do
		ln -sfn "/usr/sbin/$t-legacy$s" "$WORK/alternatives/$t$s"
	done
done

# in_host CMD...: CMD in $H, in a private mount namespace with those alternatives.
in_host() {
	ip netns exec "$H" unshare -m -- bash -c 'mount --bind "$0" /etc/alternatives && exec "$@"' \
		"$WORK/alternatives" "$@"
}

# setup_pair: namespaces $H (h0, $H_IP) and $C (c0, $C_IP) on a veth pair.
setup_pair() {
	new_ns H && new_ns C || return 1
	ip link add c0 netns "$C" type veth peer name h0 netns "$H" || return 1
	ip -n "$H" -b - <<-EOF || return 1
		link set lo up
		addr add $H_IP/24 dev h0
		link set h0 up
	EOF
	ip -n "$C" -b - <<-EOF || return 1
		link set lo up
		addr add $C_IP/24 dev c0
		link set c0 up
	EOF
}

# serve PORT...: listeners in $H (probe.py serve), waited for.
serve() {
	ip netns exec "$H" $PY "$PROBE" serve "$JW/ready" "$@" &
	SERVER=$!
	busywait 30000 test -f "$JW/ready"
}

# probe ARGS...: probe.py ARGS in $C; the verdict lines also go to the observations.
probe() {
	ip netns exec "$C" $PY "$PROBE" "$@" 2>&1 | tee -a "$JW/obs"
}

# Observations ($JW/obs, $JW/saves) compared between the engines at the end.
obs() { printf '%s\n' "$@" >>"$JW/obs"; }

norm_save() { strip_save | sed -E 's/ \[[0-9]+:[0-9]+\]$//'; }

# save_step NAME: the filter table of $H now (the only one either program uses; a plain
# iptables-legacy-save also lists the tables oxtables makes with a namespace and ip_tables.ko on
# first use only: Documentation/abi.md), normalised, into $JW/saves and $JW/save.NAME.
save_step() {
	ip netns exec "$H" iptables-legacy-save -t filter | norm_save >"$JW/save.$1"
	{ echo "== $1"; cat "$JW/save.$1"; } >>"$JW/saves"
}

# rule_count NAME: the -A lines of save step NAME.
rule_count() { grep -c '^-A' "$JW/save.$1"; }

# ck_out WHAT WANT OUT: PASS if the line WANT is in OUT (squeezed).
ck_out() {
	if squeeze <<<"$3" | grep -qxF "$2"; then
		pass "$LBL: $1"
	else
		fail "$LBL: $1 (no line '$2' in: $(squeeze <<<"$3" | tr '\n' '|'))"
	fi
}

# --- ufw ---

UFW_PY=$UFW_ROOT/usr/lib/python3/dist-packages
ufw_() {
	in_host env PYTHONPATH="$UFW_PY" "$UFW_ROOT/usr/sbin/ufw" --rootdir="$UFW_ROOT" \
		--datadir="$JW/data" "$@" </dev/null 2>&1
}

# uc WANT ARGS...: `ufw ARGS`, which must succeed and print the line WANT.
uc() {
	local want=$1 out rc t0=$SECONDS
	shift
	out=$(ufw_ "$@")
	rc=$?
	echo "# $LBL: ufw $*: $((SECONDS - t0)) s"
	obs "\$ ufw $*" "$out" "rc=$rc"
	if [ "$rc" = 0 ]; then
		ck_out "ufw $*" "$want" "$out"
	else
		fail "$LBL: ufw $* exited $rc: $(tr '\n' '|' <<<"$out")"
	fi
}

# ufw_log: this run's LOG lines (after its marker), the fields that vary blanked.
ufw_log() {
	dmesg | awk -v m="clients.sh: $ENGINE ufw" 'index($0, m) { on = 1; next } on' |
		grep -o '\[UFW [A-Z ]*\] .*' | sed -E 's/MAC=[^ ]*/MAC=/; s/ID=[0-9]+/ID=/; s/SPT=[0-9]+/SPT=/'
}
ufw_log_has() { [ "$(ufw_log | wc -l)" -ge "$1" ]; }

scenario_ufw() {
	local D=$JW/data out n_on
	mkdir -p "$D/lib/ufw"
	cp -a "$UFW_ROOT/etc" "$D/" || { fail "$LBL: copy the configuration"; return 1; }
	# The administrator's choices: IPv4 only (the kernel has no IPv6), and ufw's sysctl file
	# from its configuration directory (the default names /etc/ufw/sysctl.conf).
	sed -i "s/^IPV6=.*/IPV6=no/; s|^IPT_SYSCTL=.*|IPT_SYSCTL=$D/etc/ufw/sysctl.conf|" \
		"$D/etc/default/ufw"
	serve 22 80 443 8080 8081 8083 9000 9001 || { fail "$LBL: listeners"; return 1; }
	ck_out "iptables is iptables-legacy (alternatives)" "iptables v1.8.9 (legacy)" \
		"$(in_host iptables -V 2>&1)"

	# Most rules while ufw is disabled (written to user.rules, loaded by `ufw enable` in one
	# iptables-restore), two while it runs (inserted by ufw's own iptables calls).
	uc "Rules updated" allow 8080/tcp
	uc "Rules updated" deny 8081/tcp
	uc "Rules updated" reject 8083/tcp
	uc "Rules updated" allow "WWW Full"
	uc "Logging enabled" logging on
	uc "Firewall is active and enabled on system startup" enable
	uc "Rule added" limit 22/tcp
	uc "Rule added" allow from "$C_IP" to any port 9000 proto tcp comment "client only"
	save_step enabled
	n_on=$(rule_count enabled)
	check "$LBL: the rules in the engine (recent, multiport, comment, LOG)" grep -q \
		-e '-m recent --update --seconds 30 --hitcount 6 --name DEFAULT' "$JW/save.enabled"
	check "$LBL: the application profile as multiport with a comment" grep -qxF -- \
		"-A ufw-user-input -p tcp -m multiport --dports 80,443 -m comment --comment \"\\'dapp_WWW%20Full\\'\" -j ACCEPT" \
		"$JW/save.enabled"

	out=$(ufw_ status verbose)
	obs "\$ ufw status verbose" "$out"
	ck_out "ufw status verbose: active" "Status: active" "$out"
	ck_out "ufw status verbose: logging" "Logging: on (low)" "$out"
	ck_out "ufw status verbose: the limit rule" "22/tcp LIMIT IN Anywhere" "$out"

	echo "clients.sh: $ENGINE ufw" >/dev/kmsg
	check_text "$LBL: verdicts with ufw enabled" "80 open
443 open
8080 open
8081 filtered
8083 closed
9000 open
9001 filtered" "$(probe tcp "$H_IP" 80 443 8080 8081 8083 9000 9001)"
	check_text "$LBL: limit 22/tcp: 7 connections back to back, the 6th and 7th refused" "22#1 open
22#2 open
22#3 open
22#4 open
22#5 open
22#6 closed
22#7 closed" "$(probe burst "$H_IP" 22 7)"
	# The recent table: a stamp from --set for each of the 7 SYNs, one more from --update for
	# each of the 2 it matched (xt_recent updates on a match only); the jiffies left out.
	out=$(ip netns exec "$H" cat /proc/net/xt_recent/DEFAULT 2>&1 | awk '{
		for (i = 1; i <= NF; i++)
			if ($i == "oldest_pkt:") { print $1, $2, $3, $i, $(i + 1), "stamps:", NF - i - 1; next }
		print }')
	obs "xt_recent DEFAULT: $out"
	check_eq "$LBL: the recent table: 9 stamps (7 --set, 2 matching --update)" \
		"src=$C_IP ttl: 64 oldest_pkt: 9 stamps: 9" "$out"
	# One [UFW BLOCK] for the SYN to 9001 (the default policy; 8081's explicit deny is not
	# logged at level low), one [UFW LIMIT BLOCK] per refused connection.
	busywait 20000 ufw_log_has 3
	ufw_log >"$JW/log"
	check_eq "$LBL: kernel log: [UFW BLOCK] for the SYN to 9001" 1 \
		"$(grep -c '^\[UFW BLOCK\] IN=h0 OUT= MAC= SRC=10.0.3.2 DST=10.0.3.1 .* DPT=9001 .*SYN' "$JW/log")"
	check_eq "$LBL: kernel log: [UFW LIMIT BLOCK] for the 6th and 7th connections to 22" 2 \
		"$(grep -c '^\[UFW LIMIT BLOCK\] IN=h0 .* DPT=22 .*SYN' "$JW/log")"
	check_eq "$LBL: kernel log: no other ufw lines" 3 "$(wc -l <"$JW/log")"

	uc "Firewall stopped and disabled on system startup" disable
	save_step disabled
	check "$LBL: ufw disable: no ufw-user chain left, policies ACCEPT" bash -c \
		"! grep -q ufw-user '$JW/save.disabled' && grep -qx ':INPUT ACCEPT' '$JW/save.disabled'"
	check_text "$LBL: verdicts after ufw disable" "8081 open
9001 open" "$(probe tcp "$H_IP" 8081 9001)"
	echo "# $LBL: $n_on rules with ufw enabled ($(grep -c '^:' "$JW/save.enabled") chains)," \
		"$(rule_count disabled) after ufw disable"
}

# --- fail2ban ---

F2B_PY=$F2B_ROOT/usr/lib/python3/dist-packages
# f2b ARGS...: fail2ban-client on this run's configuration, socket and pid file; the timestamps
# and pids of its log lines removed.
f2b() {
	in_host env PYTHONPATH="$F2B_PY" "$F2B_ROOT/usr/bin/fail2ban-client" -c "$JW/conf" \
		-s "$JW/f2b.sock" -p "$JW/f2b.pid" "$@" </dev/null 2>&1 |
		sed -E 's/^[0-9-]+ [0-9:,]+ (fail2ban\.[a-z]+) +\[[0-9]+\]:/\1:/'
	return "${PIPESTATUS[0]}"
}

# fc WANT ARGS...: `fail2ban-client ARGS`, which must succeed and print the line WANT.
fc() {
	local want=$1 out rc
	shift
	out=$(f2b "$@")
	rc=$?
	obs "\$ fail2ban-client $*" "$(grep -v 'File list:' <<<"$out")" "rc=$rc"
	if [ "$rc" = 0 ]; then
		ck_out "fail2ban-client $*" "$want" "$out"
	else
		fail "$LBL: fail2ban-client $* exited $rc: $(tr '\n' '|' <<<"$out")"
	fi
}

f2b_rules() { ip netns exec "$H" iptables-legacy -S f2b-sshd 2>/dev/null; }
banned() { f2b_rules | grep -qxF -- "-A f2b-sshd -s $C_IP/32 -j REJECT --reject-with icmp-port-unreachable"; }
unbanned() { f2b_rules | grep -qxF -- "-A f2b-sshd -j RETURN" && ! f2b_rules | grep -qF -- "-s $C_IP/32"; }
server_gone() { ! kill -0 "$1" 2>/dev/null; }

# The ban runs from the last failure's time, not from the moment the action ran: bantime leaves
# room for a slow ban (over a minute on a loaded machine under TCG) before the banned client is
# probed.
BANTIME=150
scenario_fail2ban() {
	local i t0 t_ban pid
	cp -a "$F2B_ROOT/etc/fail2ban" "$JW/conf" || { fail "$LBL: copy the configuration"; return 1; }
	cat >"$JW/conf/fail2ban.local" <<-EOF
		[DEFAULT]
		logtarget = $JW/fail2ban.log
		dbfile = :memory:
	EOF
	cat >"$JW/conf/jail.local" <<-EOF
		[DEFAULT]
		bantime = $BANTIME
		findtime = 10m
		maxretry = 3

		[sshd]
		port = 2222
		logpath = $JW/auth.log
		backend = polling
	EOF
	: >"$JW/auth.log"
	serve 2222 2223 || { fail "$LBL: listeners"; return 1; }

	fc "Server ready" -x start
	save_step started
	check_text "$LBL: verdicts before any failure" "2222 open
2223 open" "$(probe tcp "$H_IP" 2222 2223)"
	for i in 1 2 3; do
		printf '%s oxhost sshd[%d]: Failed password for root from %s port %d ssh2\n' \
			"$(date '+%b %e %H:%M:%S')" $((4000 + i)) "$C_IP" $((50000 + i))
	done >>"$JW/auth.log"
	t0=$(date +%s)
	if ! busywait $((BANTIME * 1000)) banned; then
		fail "$LBL: banned after 3 failures (iptables-multiport's REJECT rule)"
		sed 's/^/#   /' "$JW/fail2ban.log" | tail -20
	else
		pass "$LBL: banned after 3 failures (iptables-multiport's REJECT rule)"
	fi
	t_ban=$(date +%s)
	save_step banned
	check_text "$LBL: verdicts while banned (2222 only)" "2222 closed
2223 open" "$(probe tcp "$H_IP" 2222 2223)"
	fc "\`- Banned IP list: $C_IP" status sshd
	check "$LBL: unbanned after bantime ($BANTIME s)" busywait $(((BANTIME + 120) * 1000)) unbanned
	echo "# $LBL: banned $((t_ban - t0)) s after the failures were written, unbanned" \
		"$(($(date +%s) - t_ban)) s after the ban; $(rule_count banned) rules while banned"
	save_step unbanned
	check_text "$LBL: verdicts after the unban" "2222 open" "$(probe tcp "$H_IP" 2222)"

	pid=$(cat "$JW/f2b.pid" 2>/dev/null)
	fc "Shutdown successful" stop
	check "$LBL: fail2ban-server exited" busywait 30000 server_gone "${pid:-0}"
	save_step stopped
	check "$LBL: fail2ban-client stop: no f2b-sshd chain left" bash -c "! grep -q f2b '$JW/save.stopped'"
	grep -o 'NOTICE .*' "$JW/fail2ban.log" >"$JW/notices"
	obs "fail2ban.log notices:" "$(cat "$JW/notices")"
	check "$LBL: fail2ban.log: Ban, then Unban of $C_IP" bash -c \
		"grep -E '\\[sshd\\] (Ban|Unban) ' '$JW/notices' | tr -s ' ' | tr '\\n' '|' |
			grep -qxF 'NOTICE [sshd] Ban $C_IP|NOTICE [sshd] Unban $C_IP|'"
}

# --- firewalld ---

# firewalld 1.3.3 with FirewallBackend=iptables, as its users run it: the daemon (firewalld
# --nofork, what its systemd unit runs) on a D-Bus system bus of its own (a dbus-daemon with the
# system bus's default policy and firewalld's own policy file), driven by firewall-cmd over that
# bus. Its configuration directory is a copy of the package's /etc/firewalld (--system-config),
# its stock zones and services the package's /usr/lib/firewalld (--default-config).
# OXT_FWD_DEBUG=N: firewalld --debug=N (its log is printed when it fails to start either way).
FWD_PY=$FWD_ROOT/usr/lib/python3/dist-packages
S_IP=10.0.4.2 HS_IP=10.0.4.1

# fwd_env CMD...: CMD with this run's bus and firewalld's Python.
fwd_env() { env DBUS_SYSTEM_BUS_ADDRESS="unix:path=$JW/bus" PYTHONPATH="$FWD_PY" "$@"; }

# fw ARGS...: firewall-cmd ARGS.
fw() { fwd_env "$FWD_ROOT/usr/bin/firewall-cmd" "$@" </dev/null 2>&1; }

# fwc WANT ARGS...: `firewall-cmd ARGS`, which must succeed and print the line WANT. (A query
# that answers "no" exits 1: FWC_OK=1 lets it.)
fwc() {
	local want=$1 out rc t0=$SECONDS
	shift
	out=$(fw "$@")
	rc=$?
	echo "# $LBL: firewall-cmd $*: $((SECONDS - t0)) s"
	obs "\$ firewall-cmd $*" "$out" "rc=$rc"
	if [ "$rc" = 0 ] || [ "$rc" = "${FWC_OK:-0}" ]; then
		ck_out "firewall-cmd $*" "$want" "$out"
	else
		fail "$LBL: firewall-cmd $* exited $rc: $(tr '\n' '|' <<<"$out")"
	fi
}

# fwd_save NAME: every table firewalld writes (filter, nat, mangle, raw; it uses security too
# where the kernel has it, which neither engine has here), normalised, as save step NAME; the
# table names the engine lists go to the observations.
fwd_save() {
	local t
	obs "tables at $1: $(ip netns exec "$H" cat /proc/net/ip_tables_names | sort | tr '\n' ' ')"
	for t in filter nat mangle raw; do
		ip netns exec "$H" iptables-legacy-save -t "$t" | norm_save
	done >"$JW/save.$1"
	{ echo "== $1"; cat "$JW/save.$1"; } >>"$JW/saves"
	echo "# $LBL: $1: $(rule_count "$1") rules, $(grep -c '^:' "$JW/save.$1") chains"
}

# fwd_verdicts WHAT WANT: the verdicts of the ports in WANT ("PORT VERDICT" lines) from $C.
fwd_verdicts() {
	check_text "$LBL: verdicts $1" "$2" "$(probe tcp "$H_IP" $(awk '{ print $1 }' <<<"$2"))"
}

fwd_running() { [ "$(fw --state)" = running ]; }
fwd_gone() { ! kill -0 "$FWD_PID" 2>/dev/null; }
fwd_up() { fwd_running || fwd_gone; }

# fwd_log: firewalld's log and output, for a failure: the first error with what led to it (a
# failed start falls back to the stock configuration, whose own errors come last), then the tail.
fwd_log() {
	echo "# $LBL: firewalld's log, its first ERROR:"
	grep -m 1 -B 40 -A 20 ERROR "$JW/firewalld.log" 2>/dev/null | sed 's/^/#   /'
	echo "# $LBL: firewalld's log, the end:"
	tail -n 30 "$JW/firewalld.log" 2>/dev/null | sed 's/^/#   /'
	tail -n 20 "$JW/firewalld.out" 2>/dev/null | sed 's/^/#   /'
}

# setup_outside: a third namespace $S (s0, $S_IP) on h1 ($HS_IP) of $H: the server a forwarded
# port reaches, and the outside a masquerade hides the client from. $C and $S route through $H.
setup_outside() {
	new_ns S || return 1
	ip link add s0 netns "$S" type veth peer name h1 netns "$H" || return 1
	ip -n "$H" -b - <<-EOF || return 1
		addr add $HS_IP/24 dev h1
		link set h1 up
	EOF
	ip -n "$S" -b - <<-EOF || return 1
		link set lo up
		addr add $S_IP/24 dev s0
		link set s0 up
		route add default via $HS_IP
	EOF
	ip -n "$C" route add default via "$H_IP"
}

scenario_firewalld() {
	local E=$JW/etc out debug=() t0
	setup_outside || { fail "$LBL: the outside namespace"; return 1; }
	cp -a "$FWD_ROOT/etc/firewalld" "$E" || { fail "$LBL: copy the configuration"; return 1; }
	# The administrator's choices: the iptables backend; without IPv6 in the kernel (ip6tables
	# fails, and firewalld runs IPv4 only), no IPv6 reverse-path filter.
	sed -i 's/^FirewallBackend=.*/FirewallBackend=iptables/' "$E/firewalld.conf"
	[ -d /proc/sys/net/ipv6 ] || sed -i 's/^IPv6_rpfilter=.*/IPv6_rpfilter=no/' "$E/firewalld.conf"
	obs "firewalld.conf: $(grep -v '^#' "$E/firewalld.conf" | grep . | tr '\n' ' ')"

	# The system bus: the default policy of Debian's system.conf, firewalld's policy file.
	cat >"$JW/bus.conf" <<-EOF
		<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
		 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
		<busconfig>
		  <type>system</type>
		  <listen>unix:path=$JW/bus</listen>
		  <auth>EXTERNAL</auth>
		  <policy context="default">
		    <allow user="*"/>
		    <deny own="*"/>
		    <deny send_type="method_call"/>
		    <allow send_type="signal"/>
		    <allow send_requested_reply="true" send_type="method_return"/>
		    <allow send_requested_reply="true" send_type="error"/>
		    <allow receive_type="method_call"/>
		    <allow receive_type="method_return"/>
		    <allow receive_type="error"/>
		    <allow receive_type="signal"/>
		    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
		    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
		    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
		  </policy>
		  <include>$FWD_ROOT/usr/share/dbus-1/system.d/FirewallD.conf</include>
		</busconfig>
	EOF
	dbus-daemon --config-file="$JW/bus.conf" --nofork --nopidfile >"$JW/bus.out" 2>&1 &
	BUS=$!
	busywait 30000 test -S "$JW/bus" || { fail "$LBL: dbus-daemon: $(cat "$JW/bus.out")"; return 1; }

	ip netns exec "$S" $PY "$PROBE" serve-peer "$JW/ready.s" 80 &
	SERVER_S=$!
	busywait 30000 test -f "$JW/ready.s" || { fail "$LBL: the outside server"; return 1; }
	serve 22 80 443 8080 8081 9000 9001 || { fail "$LBL: listeners"; return 1; }
	ck_out "iptables is iptables-legacy (alternatives)" "iptables v1.8.9 (legacy)" \
		"$(in_host iptables -V 2>&1)"

	# ebtables is Debian's ebtables-nft (the iptables package's alternative), which firewalld's
	# iptables backend uses for its bridge chains: it needs nf_tables' bridge family in the
	# kernel (CONFIG_NF_TABLES_BRIDGE, in kernel/config). Without it `ebtables -L` still answers
	# but every table add fails, and so does firewalld's start, on either engine.
	mkdir -p "$JW/alternatives"
	cp -a "$WORK/alternatives/." "$JW/alternatives/"
	check "$LBL: the kernel has nf_tables' bridge family (for ebtables-nft)" \
		unshare -n nft add table bridge oxt_probe
	[ -n "${OXT_FWD_DEBUG:-}" ] && debug=(--debug="$OXT_FWD_DEBUG")
	t0=$SECONDS
	# in_host's command, but not in a function: $! is firewalld itself (ip netns exec, unshare
	# and bash exec it), the process SIGTERM must reach.
	ip netns exec "$H" unshare -m -- bash -c 'mount --bind "$0" /etc/alternatives && exec "$@"' \
		"$JW/alternatives" env DBUS_SYSTEM_BUS_ADDRESS="unix:path=$JW/bus" PYTHONPATH="$FWD_PY" \
		"$FWD_ROOT/usr/sbin/firewalld" --nofork --nopid --system-config "$E" \
		--default-config "$FWD_ROOT/usr/lib/firewalld" --log-target file \
		--log-file "$JW/firewalld.log" "${debug[@]}" </dev/null >"$JW/firewalld.out" 2>&1 &
	FWD_PID=$!
	if ! busywait 300000 fwd_up; then
		fail "$LBL: firewalld started (no answer in 300 s)"
		fwd_log
		return 1
	fi
	if ! fwd_running; then
		fail "$LBL: firewalld started (it exited: $(fw --state))"
		fwd_log
		return 1
	fi
	pass "$LBL: firewalld started and answers on D-Bus ($((SECONDS - t0)) s)"
	[ -n "${OXT_FWD_DEBUG:-}" ] && fwd_log
	# Its warnings: none expected beyond the ones of a host without IPv6.
	grep -E 'WARNING|ERROR' "$JW/firewalld.log" | sed -E 's/^[0-9-]+ [0-9:]+ //' >"$JW/warnings"
	obs "firewalld warnings: $(tr '\n' '|' <"$JW/warnings")"
	check "$LBL: firewalld logged no ERROR" bash -c "! grep -q ERROR '$JW/warnings'"
	fwd_save started

	fwc public --get-default-zone
	# The interfaces into the default zone, as NetworkManager does when a connection comes up.
	fwc success --zone=public --change-interface=h0
	fwc success --zone=public --change-interface=h1
	fwc "interfaces: h0 h1" --get-active-zones
	fwc "dhcpv6-client ssh" --list-services
	fwd_save zoned
	fwd_verdicts "at start (zone public: ssh)" "22 open
80 closed
8080 closed"

	# Runtime changes (lost at --reload), and one permanent one (applied only by --reload).
	fwc success --add-service=http
	fwc success --add-port=8080/tcp
	fwc success --permanent --add-port=8081/tcp
	fwc success --add-rich-rule="rule family=\"ipv4\" source address=\"$C_IP/32\" port port=\"9000\" protocol=\"tcp\" accept"
	fwc success --add-rich-rule='rule family="ipv4" port port="9001" protocol="tcp" drop'
	fwd_save runtime
	fwc "ports: 8080/tcp" --list-all
	fwc "services: dhcpv6-client http ssh" --list-all
	fwc "8081/tcp" --permanent --list-ports
	fwd_verdicts "after the runtime changes" "22 open
80 open
443 closed
8080 open
8081 closed
9000 open
9001 filtered"

	# Port forwarding to the outside server, first without, then with masquerading.
	fwc success --add-forward-port=port=8088:proto=tcp:toport=80:toaddr=$S_IP
	fwd_save forward
	obs "ip_forward: $(ip netns exec "$H" cat /proc/sys/net/ipv4/ip_forward)"
	check_text "$LBL: the forwarded port reaches the outside server, from the client's address" \
		"8088 from $C_IP" "$(probe peer "$H_IP" 8088)"
	check_text "$LBL: a connection routed to the outside (intra-zone forwarding), from the client" \
		"80 from $C_IP" "$(probe peer "$S_IP" 80)"
	fwc success --add-masquerade
	fwc yes --query-masquerade
	fwd_save masquerade
	check_text "$LBL: masqueraded: the outside server sees the host's address" \
		"8088 from $HS_IP" "$(probe peer "$H_IP" 8088)"
	check_text "$LBL: masqueraded: a connection routed to the outside, from the host's address" \
		"80 from $HS_IP" "$(probe peer "$S_IP" 80)"

	fwc success --reload
	fwd_save reloaded
	FWC_OK=1 fwc no --query-masquerade
	# Interfaces given to a zone at runtime (not by NetworkManager) do not survive a reload.
	FWC_OK=1 fwc "" --get-active-zones
	fwc "ports: 8081/tcp" --list-all
	fwd_verdicts "after --reload (only the permanent 8081/tcp)" "22 open
80 closed
8080 closed
8081 open
9000 closed
9001 closed
8088 closed"

	# Stop (SIGTERM, as systemd does): CleanupOnExit=yes takes every rule away.
	kill "$FWD_PID"
	check "$LBL: firewalld exited on SIGTERM" busywait 60000 fwd_gone
	fwd_save stopped
	check "$LBL: firewalld stopped: no rule left, every policy ACCEPT" bash -c \
		"! grep -q '^-A' '$JW/save.stopped' && ! grep -q '^:[A-Z]* DROP' '$JW/save.stopped'"
	echo "# $LBL: $(rule_count runtime) rules with the runtime changes, $(rule_count masquerade) with" \
		"forwarding and masquerade, $(rule_count reloaded) after --reload"
}

# --- both engines ---

# run_program PROG: PROG's scenario on the current engine, in its own namespaces; observations
# in $WORK/$ENGINE/PROG.
run_program() {
	local prog=$1 t0=$SECONDS
	LBL="$ENGINE $prog" JW=$WORK/$ENGINE/$prog SERVER= SERVER_S= FWD_PID= BUS=
	mkdir -p "$JW"
	: >"$JW/obs"
	: >"$JW/saves"
	trap program_cleanup EXIT
	setup_pair || { fail "$LBL: namespaces"; return 1; }
	"scenario_$prog"
	echo "# $LBL: $((SECONDS - t0)) s wall time"
}

# program_cleanup: the listeners, a fail2ban-server or firewalld a failed run left behind (a
# process in $H keeps the namespace, and with it ip_tables' module references), firewalld's bus,
# then the namespaces.
program_cleanup() {
	local pid
	for pid in "$SERVER" "$SERVER_S" "$FWD_PID"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	[ -n "$BUS" ] && kill "$BUS" 2>/dev/null && wait "$BUS" 2>/dev/null
	pid=$(cat "$JW/f2b.pid" 2>/dev/null)
	if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then busywait 30000 server_gone "$pid"; fi
	cleanup_all_ns
}

ENGINE=oxtables.ko
par_each run_program "${PROGRAMS[@]}"
if ! use_stock_engine; then
	fail "switch to ip_tables.ko"
	exit 1
fi
ENGINE=ip_tables.ko
par_each run_program "${PROGRAMS[@]}"
drop_ip6_tables
use_oxtables_engine || fail "switch back to oxtables.ko"

for p in "${PROGRAMS[@]}"; do
	check_text "$p: iptables-legacy-save -t filter at every step, oxtables.ko = ip_tables.ko" \
		"$(cat "$WORK/ip_tables.ko/$p/saves")" "$(cat "$WORK/oxtables.ko/$p/saves")"
	check_text "$p: every verdict and the program's output, oxtables.ko = ip_tables.ko" \
		"$(cat "$WORK/ip_tables.ko/$p/obs")" "$(cat "$WORK/oxtables.ko/$p/obs")"
done
if [ -f "$WORK/ip_tables.ko/ufw/log" ]; then
	check_text "ufw: LOG lines in the kernel log, oxtables.ko = ip_tables.ko" \
		"$(cat "$WORK/ip_tables.ko/ufw/log")" "$(cat "$WORK/oxtables.ko/ufw/log")"
fi
exit $RET
