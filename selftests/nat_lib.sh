#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the NAT selftests (nat_*.sh), sourced after lib.sh.
#
# Every nat_*.sh scenario defines one function that builds its namespaces, writes its rules with
# $IPT, moves traffic, checks, and removes everything it made; nat_main runs it once per
# rule-writing client, on the engine under test:
#
#   OXT_NAT_ENGINE=oxtables|stock    engine (default oxtables: oxtables.ko; stock: ip_tables.ko)
#   OXT_NAT_CLIENTS="iptables-legacy oxtables"
#                                    the tools writing the rules (default both)
#   bash selftests/nat_X.sh [--engine E] [--client C]...   the same as arguments
#
# nat_differential.sh sources the scripts with NAT_NO_MAIN=1 and calls the functions itself,
# with NAT_OBS naming a file: every `obs` line (observed addresses, normalised conntrack entries,
# counters) goes there, to be compared between the engines.

ORIGDST=$TOP/target/release/origdst
[ -x "$ORIGDST" ] || ORIGDST=$TOP/target/debug/origdst
NATPROBE=$(dirname "$ORIGDST")/natprobe
OXTOOL=$TOP/target/release/oxtables
[ -x "$OXTOOL" ] || OXTOOL=$TOP/target/debug/oxtables
NAT_ENGINE=${OXT_NAT_ENGINE:-oxtables}
read -r -a NAT_CLIENTS <<<"${OXT_NAT_CLIENTS:-iptables-legacy oxtables}"
NAT_PIDS=()
NAT_TMP=
NAT_OBS=${NAT_OBS:-}
CLIENT=iptables-legacy
IPT=iptables-legacy
NAT_CONNECT_MS=${NAT_CONNECT_MS:-5000}

# --- Engine and clients ---

# nat_engine_setup: make $NAT_ENGINE the engine owning the IPT_SO_* sockopts. Remembers whether
# oxtables.ko was loaded, so nat_engine_restore can put it back.
nat_engine_setup() {
	NAT_HAD_OXTABLES=0
	module_loaded && NAT_HAD_OXTABLES=1
	case $NAT_ENGINE in
	stock) use_stock_engine ;;
	oxtables)
		if [ -n "$(stock_modules)" ]; then use_oxtables_engine; else load_module; fi
		;;
	*) echo "# unknown engine '$NAT_ENGINE' (oxtables or stock)"; return 1 ;;
	esac
}

# nat_engine_restore: back to oxtables.ko if it was loaded when the test began (the other
# selftests expect it), once every namespace is gone.
nat_engine_restore() {
	[ "${NAT_HAD_OXTABLES:-0}" = 1 ] && ! module_loaded && use_oxtables_engine
	return 0
}

# nat_use_client NAME: rules are written by NAME (iptables-legacy or oxtables) from now on.
nat_use_client() {
	CLIENT=$1
	case $1 in
	iptables-legacy) IPT=$(command -v iptables-legacy) ;;
	oxtables) IPT=$OXTOOL ;;
	*) IPT=$1 ;;
	esac
}

# nat_rules LABEL RULES: RULES has one command per line, "NS ARGS...", NS naming the variable that
# holds the namespace (R, S, ...); ARGS go to $IPT -w 5 in that namespace (consecutive lines of
# one namespace in one `ip netns exec`: TCG makes every process start expensive). One check for
# the lot: PASS when every command succeeded; otherwise FAIL listing the failing commands, and
# status 1.
nat_rules() {
	local what=$1 line var args ns= batch= out bad= n=0
	local -a lines
	mapfile -t lines <<<"$2"
	lines+=("")
	for line in "${lines[@]}"; do
		read -r var args <<<"$line"
		if [ "$var" != "$ns" ] && [ -n "$batch" ]; then
			out=$(ip netns exec "${!ns}" bash -c '
				while read -r a; do
					[ -n "$a" ] || continue
					e=$("$0" -w 5 $a 2>&1) ||
						{ rc=$?; echo "#   $1 $a: status $rc: $(echo "$e" | head -n1)"; }
				done' "$IPT" "$ns" <<<"$batch")
			[ -n "$out" ] && bad+="$out"$'\n'
			batch=
		fi
		[ -n "$var" ] || continue
		ns=$var
		batch+="$args"$'\n'
		n=$((n + 1))
	done
	if [ -z "$bad" ]; then
		pass "$CLIENT: $what: $n rule commands applied"
		return 0
	fi
	fail "$CLIENT: $what: $(grep -c . <<<"$bad") of $n rule commands failed"
	printf '%s' "$bad"
	return 1
}

# nat_main FUNC ARGS...: the test script's main (nothing when NAT_NO_MAIN is set). Runs FUNC once
# per client on the selected engine, then exits with the kselftest status.
nat_main() {
	local fn=$1 c t0
	shift
	[ -n "${NAT_NO_MAIN:-}" ] && return 0
	local clients=()
	while [ $# -gt 0 ]; do
		case $1 in
		--engine) NAT_ENGINE=$2; shift 2 ;;
		--stock) NAT_ENGINE=stock; shift ;;
		--client) clients+=("$2"); shift 2 ;;
		*) echo "usage: $0 [--engine oxtables|stock] [--client iptables-legacy|oxtables]..." >&2
			exit 2 ;;
		esac
	done
	[ ${#clients[@]} -gt 0 ] && NAT_CLIENTS=("${clients[@]}")
	trap 'nat_cleanup; nat_engine_restore' EXIT
	if [ ! -x "$ORIGDST" ] || [ ! -x "$NATPROBE" ]; then
		skip "origdst/natprobe not built (cargo build --release -p origdst)"
		exit $ksft_skip
	fi
	if ! nat_engine_setup; then
		fail "engine $NAT_ENGINE loaded"
		exit $RET
	fi
	echo "# engine: $(current_engine), clients: ${NAT_CLIENTS[*]}"
	for c in "${NAT_CLIENTS[@]}"; do
		nat_use_client "$c"
		if [ ! -x "$IPT" ]; then
			fail "$c: tool not found ($IPT)"
			continue
		fi
		t0=$(date +%s%3N)
		"$fn"
		nat_cleanup
		t0=$(($(date +%s%3N) - t0))
		echo "# $c: $((t0 / 1000)).$((t0 % 1000 / 100)) s"
	done
	exit $RET
}

# obs KEY TEXT...: one observation (for nat_differential.sh); multi-line TEXT is indented.
obs() {
	[ -n "$NAT_OBS" ] || return 0
	local key=$1
	shift
	{ echo "$key:"; printf '%s\n' "$*" | sed 's/^/  /'; } >>"$NAT_OBS"
}

# --- Namespaces and servers ---

# nat_sleep SECONDS: sleep without starting a process (a read timing out on a pipe that nobody
# writes to).
NAT_SLEEP_FD=
nat_sleep() {
	[ -n "$NAT_SLEEP_FD" ] || exec {NAT_SLEEP_FD}<> <(:)
	read -r -t "$1" -u "$NAT_SLEEP_FD"
	return 0
}

# nat_wait TIMEOUT_MS CMD...: lib.sh's busywait without a `date` and a `sleep` process per round.
nat_wait() {
	local end=$((${EPOCHREALTIME/./} / 1000 + $1))
	shift
	until "$@"; do
		[ $((${EPOCHREALTIME/./} / 1000)) -gt $end ] && return 1
		nat_sleep 0.05
	done
}

# nat_tmpdir: make sure $NAT_TMP (server logs) exists.
nat_tmpdir() { [ -n "$NAT_TMP" ] || NAT_TMP=$(mktemp -d); }

# nat_cleanup: stop every server, delete every namespace.
nat_cleanup() {
	local p
	for p in "${NAT_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${NAT_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	NAT_PIDS=()
	cleanup_all_ns
	[ -n "$NAT_TMP" ] && rm -rf "$NAT_TMP"
	NAT_TMP=
}

# veth_pair NS1 DEV1 ADDR1/LEN NS2 DEV2 ADDR2/LEN: a veth pair between two namespaces, up.
veth_pair() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" || return 1
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$4" addr add "$6" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
}

# start_bg NS LOG CMD...: run CMD in NS in the background, output to LOG, until it prints its
# "listening=" line (origdst and natprobe serve do).
start_bg() {
	local ns=$1 log=$2
	shift 2
	ip netns exec "$ns" "$@" >"$log" 2>&1 &
	NAT_PIDS+=($!)
	nat_wait 10000 nat_listening "$log" || { echo "# server did not start: $*"; cat "$log"; return 1; }
}

nat_listening() {
	local first=
	[ -e "$1" ] && read -r first <"$1"
	[ "${first#listening=}" != "$first" ]
}

# start_origdst NS [ADDR:]PORT: the SO_ORIGINAL_DST server; log in $NAT_TMP/origdst.NS.PORT.
start_origdst() {
	local ns=$1 l=$2 log
	nat_tmpdir
	log="$NAT_TMP/origdst.$ns.${l##*:}"
	if [ "${l#*:}" != "$l" ]; then
		start_bg "$ns" "$log" "$ORIGDST" --listen "$l"
	else
		start_bg "$ns" "$log" "$ORIGDST" "$l"
	fi
}

# start_probe NS PORT BATCH: natprobe serve (TCP echo and UDP batch answers on PORT).
start_probe() {
	nat_tmpdir
	start_bg "$1" "$NAT_TMP/probe.$1.$2" "$NATPROBE" serve "$2" "$3"
}

# tcp_get NS DST_IP DST_PORT SRC_IP SRC_PORT: connect from SRC_IP:SRC_PORT and print the first
# line the server sends (origdst's report), or what went wrong: "refused", "timeout",
# "unreachable" or "error: TEXT" (natprobe get). Connect timeout $NAT_CONNECT_MS ms.
tcp_get() {
	ip netns exec "$1" "$NATPROBE" get "$2" "$3" "$4" "$5" "$NAT_CONNECT_MS" 2>&1
}

# conn_check WHAT NS SRC SPORT DST DPORT EXPECTED: one tcp_get, checked against EXPECTED and
# observed. An expected "timeout" waits only 600 ms: a dropped SYN is then sent exactly once
# (the first retransmission comes after 1 s), so counters stay exact.
conn_check() {
	local line ms=$NAT_CONNECT_MS
	[ "$7" = timeout ] && ms=600
	line=$(NAT_CONNECT_MS=$ms tcp_get "$2" "$5" "$6" "$3" "$4")
	check_eq "$CLIENT: $1" "$7" "$line"
	obs "$1" "$line"
}

# tcp_probe NS DST_IP DST_PORT SRC_IP SRC_PORT N: natprobe tcp (N echoed round trips, RST).
tcp_probe() {
	ip netns exec "$1" "$NATPROBE" tcp "$2" "$3" "$4" "$5" "$6" 2>&1
}

# udp_probe NS DST_IP DST_PORT SRC_IP SRC_PORT BATCH ROUNDS: natprobe udp (prints the server's
# "peer=IP:PORT" answers).
udp_probe() {
	ip netns exec "$1" "$NATPROBE" udp "$2" "$3" "$4" "$5" "$6" "$7" 2>&1
}

# --- Conntrack and counters ---

# ct_norm: conntrack -L lines (or /proc/net/nf_conntrack ones) without what varies from run to
# run: timeout, use=, id=, zone=; UDP's [ASSURED] (set after 2 s of two-way traffic, a matter of
# timing). Sorted.
ct_norm() {
	awk '
		{
			if ($1 == "ipv4") { $1 = ""; $2 = ""; $0 = $0 }
			out = $1 " " $2
			for (i = 4; i <= NF; i++) {
				if ($i ~ /^(use|id|zone)=/) continue
				if ($1 == "udp" && $i == "[ASSURED]") continue
				out = out " " $i
			}
			print out
		}' | sort
}

# ct_pin NS: conntrack timeouts of NS long enough that no entry a scenario lists can expire
# before it is listed, however slow the run (a CLOSE entry lives 10 s, ICMP and UDP 30 s by
# default): the listed table then depends on the traffic only, not on the machine's load.
ct_pin() {
	local t args=()
	for t in tcp_timeout_close tcp_timeout_time_wait tcp_timeout_syn_sent tcp_timeout_syn_recv \
		tcp_timeout_fin_wait tcp_timeout_close_wait tcp_timeout_last_ack \
		tcp_timeout_unacknowledged udp_timeout udp_timeout_stream icmp_timeout; do
		args+=("net.netfilter.nf_conntrack_$t=86400")
	done
	ip netns exec "$1" sysctl -qw "${args[@]}"
}

# ct_list NS: the normalised conntrack table of NS.
ct_list() {
	ip netns exec "$1" conntrack -L 2>/dev/null | ct_norm
}

# ct_settle NS: wait (up to 3 s) until no TCP entry of NS is between states (a FIN or the last
# ACK still on its way), so that the table reads the same on every run.
ct_settle() {
	nat_wait 3000 bash -c "! ip netns exec $1 conntrack -L -p tcp 2>/dev/null |
		grep -qE ' (SYN_RECV|FIN_WAIT|CLOSE_WAIT|LAST_ACK) '"
}

# ct_has NS PATTERN: some normalised entry of NS matches the extended regex PATTERN.
ct_has() { ct_list "$1" | grep -qE -- "$2"; }

# nat_counts NS TABLE CHAIN: "pkts/bytes" of every rule of CHAIN, then "policy=pkts/bytes" for a
# built-in chain, on one line (read with iptables-legacy, whichever tool wrote the rules).
nat_counts() {
	ip netns exec "$1" iptables-legacy -w 5 -t "$2" -L "$3" -n -v -x | awk '
		NR == 1 && /policy/ { pol = "policy=" $5 "/" $7 }
		NR > 2 { out = out $1 "/" $2 " " }
		END { s = out pol; sub(/ $/, "", s); print s }'
}

# nat_pcounts NS TABLE CHAIN: the same, packets only.
nat_pcounts() { nat_counts "$@" | sed -E 's#/[0-9]+##g'; }
