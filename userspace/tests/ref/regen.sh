#!/bin/bash
# Host side of the reference regeneration: boots one VM without oxtables.ko (ip_tables.ko and
# the stock iptable_* modules), runs vm-regen.sh there, writes iptables-legacy-1.8.9.{out,err}
# and diffs the oxtables tool's output of the same gen.sh against them (exit 1 on a difference).
#   userspace/tests/ref/regen.sh            (KDIR= to use another kernel build)
#   userspace/tests/ref/regen.sh --split F  (only split a saved VM output F)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "${1:-}" = --split ]; then
	cp "$2" "$tmp/vm"
else
	cd "$top"
	cargo build -p oxtables
	KDIR=${KDIR:-$(bash scripts/kernel.sh)} bash scripts/vm.sh --no-load -- \
		userspace/tests/ref/vm-regen.sh >"$tmp/vm"
fi
for f in ref.out ref.err ox.out ox.err; do
	sed -n "/^@@BEGIN $f\$/,/^@@END $f\$/{//!p}" "$tmp/vm" >"$tmp/$f"
done
[ -s "$tmp/ref.out" ] || { echo "regen: no output from the VM" >&2; exit 1; }
cp "$tmp/ref.out" "$here/iptables-legacy-1.8.9.out"
cp "$tmp/ref.err" "$here/iptables-legacy-1.8.9.err"
norm() {
	sed -E '/^# (Generated|Completed)/d; s@/tmp/oxb/@@g;
		s/(oxtables|iptables)(-save|-restore)? v[0-9.]+ \(legacy\)/iptables\2 v1.8.9 (legacy)/g;
		s/iptables-legacy/iptables/g; s/oxtables/iptables/g' "$1"
}
rc=0
for s in out err; do
	if ! diff <(norm "$tmp/ref.$s") <(norm "$tmp/ox.$s") >"$tmp/d.$s"; then
		echo "regen: the tool's std$s differs from iptables-legacy:"
		head -40 "$tmp/d.$s"
		rc=1
	fi
done
[ $rc = 0 ] && echo "regen: $(grep -c '^### rc=' "$tmp/ref.out") commands, tool output identical"
exit $rc
