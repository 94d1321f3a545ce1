#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make run`: oxtables.ko at work, in pictures a newcomer can check against the classic
# "four tables, five chains" diagram. Runs inside the VM with the module loaded.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
trap cleanup_all_ns EXIT
load_module

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

# Show the counters of namespace $1 that moved, chain by chain in hook order, each chain's tables
# in priority order: "table(priority)=packets".
show() {
	ip netns exec "$1" awk '
		BEGIN { split("PREROUTING INPUT FORWARD OUTPUT POSTROUTING", c); for (i in c) ord[c[i]] = i }
		NR > 1 && $4 > 0 { print ord[$2], $3, $2, $1, $4, $5 }' /proc/net/oxtables_hooks |
		sort -n -k1,1 -k2,2 |
		awk '$3 != prev { if (prev != "") printf "\n"; printf "    %-12s", $3; prev = $3 }
			{ printf " %s(%d)=%d", $4, $2, $5 }
			END { printf "\n" }'
}

say "oxtables.ko is loaded. Its hook functions, as the kernel lists them (nft list hooks ip):"
nft list hooks ip | grep -E 'hook|oxtables' | sed 's/^/    /'

setup_topo
cat <<EOT

Three network namespaces, each with its own oxtables state (/proc/net/oxtables_hooks):

    client $C_IP ---- $R_IP0 [router] $R_IP1 ---- $S_IP server
EOT

say "1. Forwarded: the client pings the server, 2 echo requests + 2 replies cross the router."
ip netns exec "$C" busybox ping -c 2 -W 2 "$S_IP" | sed -n '2,3s/^/    /p'
echo "  Router counters (expect PREROUTING -> FORWARD -> POSTROUTING, 4 packets each):"
show "$R"

cleanup_all_ns
setup_topo
say "2. Local delivery: the client pings the router itself (2 requests in, 2 replies out)."
ip netns exec "$C" busybox ping -c 2 -W 2 "$R_IP0" | sed -n '2,3s/^/    /p'
echo "  Router counters (expect PREROUTING -> INPUT for requests, OUTPUT -> POSTROUTING for replies):"
show "$R"

cleanup_all_ns
setup_ns L
say "3. Local output over lo: a namespace pings 127.0.0.1 (every packet goes out and comes back in)."
ip netns exec "$L" busybox ping -c 2 -W 2 127.0.0.1 | sed -n '2,3s/^/    /p'
echo "  Counters (expect OUTPUT -> POSTROUTING -> PREROUTING -> INPUT, 4 packets each):"
show "$L"

ORIGDST=$TOP/target/release/origdst
if [ -x "$ORIGDST" ]; then
	cleanup_all_ns
	setup_topo
	say "4. NAT: REDIRECT. The server runs origdst on port 1234; the client connects to port 12345."
	echo "  origdst answers each connection with its peer, its local address and the original"
	echo "  destination conntrack recorded (getsockopt SO_ORIGINAL_DST):"
	ip netns exec "$S" "$ORIGDST" 1234 >/dev/null &
	od=$!
	busywait 10000 bash -c "ip netns exec $S ss -ltn | grep -q :1234"
	client() { ip netns exec "$C" socat -u "TCP:$S_IP:12345,connect-timeout=2" STDOUT 2>&1 | sed 's/.*E connect.*: /connect: /; s/^/      /'; }
	echo "    without a rule:"
	client
	ip netns exec "$S" iptables-legacy -t nat -A PREROUTING -p tcp --dport 12345 -j REDIRECT --to-ports 1234
	echo "    with iptables-legacy -t nat -A PREROUTING -p tcp --dport 12345 -j REDIRECT --to-ports 1234:"
	client
	echo "  Only a connection's first packet walks the nat table: the rule counted the SYN alone."
	ip netns exec "$S" iptables-legacy -t nat -L PREROUTING -v -n | sed -n '2,3s/^/    /p'
	kill "$od"
	wait "$od" 2>/dev/null
fi

say "Every table sits at its standard priority: raw -300, mangle -150, nat -100/+100, filter 0."
echo "Try it yourself: make shell, then cat /proc/net/oxtables_hooks"
