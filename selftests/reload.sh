#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rmmod/insmod many times with traffic flowing through the hooks, and namespaces coming and going
# while loaded: no oops, no warning, no leak of hooks, traffic keeps flowing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo.sh"
ROUNDS=${ROUNDS:-20}
trap 'kill $pinger 2>/dev/null; cleanup_all_ns' EXIT
load_module
splats_before=$(dmesg_splats | wc -l)

setup_topo
# A continuous ping C -> S through R, and one over lo inside R.
ip netns exec "$C" busybox ping -i 0.1 "$S_IP" >/dev/null 2>&1 &
pinger=$!
ip netns exec "$R" busybox ping -i 0.1 127.0.0.1 >/dev/null 2>&1 &
pinger="$pinger $!"

ok=0
for i in $(seq "$ROUNDS"); do
	rmmod oxtables || break
	insmod "$MODULE" || break
	# Namespaces created and destroyed while loaded exercise the per-netns init/exit paths.
	setup_ns T
	ip netns exec "$T" busybox ping -q -c 1 -W 1 127.0.0.1 >/dev/null
	ip netns del "$T"
	ok=$i
done
check_eq "$ROUNDS x rmmod + insmod with traffic flowing" "$ROUNDS" "$ok"

# Traffic still flows and is counted by the module now loaded.
busywait 5000 bash -c "ip netns exec $R awk '\$1 == \"filter\" && \$2 == \"FORWARD\" { exit !(\$4 > 0) }' /proc/net/oxtables_hooks"
check "traffic flows and is counted after the last insmod" test $? = 0
kill $pinger 2>/dev/null
wait 2>/dev/null

rmmod oxtables
check "rmmod with namespaces still alive" test $? = 0
check_eq "no hook left behind after rmmod" "0" "$(nft list hooks ip 2>/dev/null | grep -c '\[oxtables\]')"
load_module

splats=$(dmesg_splats | wc -l)
check_eq "no warning, oops or lockdep report in dmesg" "$splats_before" "$splats"
[ "$splats" = "$splats_before" ] || dmesg_splats | sed 's/^/#   /' | head -20
exit $RET
