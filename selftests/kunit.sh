#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The module's #[kunit_tests] suites run at insmod and print KTAP to the kernel log. Load the module
# afresh, read the KTAP it printed, and report every case; fail if any case fails or a suite is
# missing.
. "$(dirname "$0")/lib.sh"
SUITES="oxtables_hooks oxtables_netfilter oxtables_percpu oxtables_recent oxtables_xt oxtables_hashlimit"

module_loaded && rmmod oxtables
dmesg -C 2>/dev/null || true
insmod "$MODULE" || { fail "insmod oxtables.ko"; exit 1; }

# Strip the printk timestamp; keep the KTAP lines of our suites.
ktap=$(dmesg | sed -E 's/^\[[ 0-9.]+\] ?//')
for suite in $SUITES; do
	block=$(awk -v s="$suite" '
		$0 ~ "^    # Subtest: " s "$" { on = 1; next }
		on && /^    (not )?ok / { print; next }
		on && /^(not )?ok [0-9]+ / { print "SUITE " $0; on = 0 }' <<<"$ktap")
	if [ -z "$block" ]; then
		fail "kunit: suite $suite did not run"
		continue
	fi
	while read -r line; do
		case "$line" in
		"SUITE ok "*) pass "kunit: suite $suite" ;;
		"SUITE not ok "*) fail "kunit: suite $suite" ;;
		"ok "*" # SKIP"*) skip "kunit: $suite.${line#ok [0-9]* }" ;;
		"ok "*) pass "kunit: $suite.$(cut -d' ' -f3- <<<"$line")" ;;
		"not ok "*) fail "kunit: $suite.$(cut -d' ' -f4- <<<"$line")" ;;
		esac
	done <<<"$block"
done
exit $RET
