#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The three-namespace topology most tests use, sourced after lib.sh:
#
#   $C (client) c0 10.0.1.2 --- r0 10.0.1.1  $R (router)  r1 10.0.2.1 --- s0 10.0.2.2 (server) $S
#
# Addresses live only inside namespaces of the test VM.

C_IP=10.0.1.2 R_IP0=10.0.1.1 R_IP1=10.0.2.1 S_IP=10.0.2.2

# Every process start costs under TCG: one `ip -n NS -b -` batch per namespace.
setup_topo() {
	local v
	for v in C R S; do new_ns "$v" || return 1; done
	ip link add c0 netns "$C" type veth peer name r0 netns "$R" || return 1
	ip link add s0 netns "$S" type veth peer name r1 netns "$R" || return 1
	ip -n "$C" -b - <<-EOF || return 1
		link set lo up
		addr add $C_IP/24 dev c0
		link set c0 up
		route add default via $R_IP0
	EOF
	ip -n "$R" -b - <<-EOF || return 1
		link set lo up
		addr add $R_IP0/24 dev r0
		addr add $R_IP1/24 dev r1
		link set r0 up
		link set r1 up
	EOF
	ip -n "$S" -b - <<-EOF || return 1
		link set lo up
		addr add $S_IP/24 dev s0
		link set s0 up
		route add default via $R_IP1
	EOF
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
}
