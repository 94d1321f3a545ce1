#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `nft list hooks` (the kernel's own netlink hook listing) shows oxtables' hook functions at exactly
# the standard (hook, priority) pairs, in the ip family only, in every namespace. The nat table is
# not a plain hook: it is registered with the NAT core (nf_nat_ipv4_register_fn), whose own four
# hooks appear at the nat priorities and call the nat table for a connection's first packet.
. "$(dirname "$0")/lib.sh"
trap cleanup_all_ns EXIT

EXPECTED=$(sort <<<"forward -150
forward 0
input -150
input 0
output -150
output -300
output 0
postrouting -150
prerouting -150
prerouting -300")

NAT_EXPECTED=$(sort <<<"input 100 nf_nat_ipv4_local_in
output -100 nf_nat_ipv4_local_fn
postrouting 100 nf_nat_ipv4_out
prerouting -100 nf_nat_ipv4_pre_routing")

# "hook priority" for every hook function of module oxtables in `nft list hooks $1`.
oxt_hooks() {
	nft list hooks "$@" | awk '
		/^family / { fam = $2 }
		/^\thook / { hook = $2 }
		/\[oxtables\]/ { print fam, hook, $1 + 0 }' | sort
}

# "hook priority function" for the NAT core's IPv4 hooks in `nft list hooks ip`.
nat_hooks() {
	nft list hooks ip | awk '
		/^\thook / { hook = $2 }
		$2 ~ /^nf_nat_ipv4_/ { print hook, $1 + 0, $2 }' | sort
}

command -v nft >/dev/null || { skip "nft not installed"; exit $ksft_skip; }
load_module

check_eq "nft list hooks ip: oxtables at the standard hooks and priorities (init netns)" \
	"$EXPECTED" "$(oxt_hooks ip | cut -d' ' -f2-)"

setup_ns N
check_eq "nft list hooks ip: the same in a new netns" \
	"$EXPECTED" "$(ip netns exec "$N" bash -c "$(declare -f oxt_hooks); oxt_hooks ip" | cut -d' ' -f2-)"

check_eq "nft list hooks ip: the NAT core's hooks at the nat priorities (init netns)" \
	"$NAT_EXPECTED" "$(nat_hooks)"
check_eq "nft list hooks ip: the same in a new netns" \
	"$NAT_EXPECTED" "$(ip netns exec "$N" bash -c "$(declare -f nat_hooks); nat_hooks")"

check_eq "nft list hooks (all families): oxtables only in family ip" \
	"ip" "$(oxt_hooks | cut -d' ' -f1 | sort -u | tr '\n' ' ' | sed 's/ $//')"

n_loaded=$(nft list hooks ip | grep -cE '^\s+[-+ ][0-9]{10}')
rmmod oxtables
n_unloaded=$(nft list hooks ip | grep -cE '^\s+[-+ ][0-9]{10}')
check_eq "rmmod removes exactly 14 hook functions from family ip (10 + the NAT core's 4)" 14 \
	$((n_loaded - n_unloaded))
check_eq "after rmmod: no oxtables hook left" "" "$(oxt_hooks ip)"
check_eq "after rmmod: the NAT core unhooked (oxtables was its only user)" "" "$(nat_hooks)"
check_eq "after rmmod: no /proc/net/oxtables_hooks" "absent" \
	"$([ -e /proc/net/oxtables_hooks ] && echo present || echo absent)"
load_module
exit $RET
