#!/bin/bash
# Runs in the VM (scripts/vm.sh --no-load): gen.sh with iptables-legacy 1.8.9 on ip_tables.ko
# (stdout/stderr = the reference .out/.err), then with the oxtables tool in a fresh network
# namespace; the four outputs go to stdout between @@ markers, for the host to split.
cd "$(dirname "$0")"
modprobe -a iptable_filter iptable_nat iptable_raw 2>&1
bash gen.sh >/tmp/ref.out 2>/tmp/ref.err
echo "done $?" >>/tmp/ref.err
ip netns add oxgen
ip netns exec oxgen bash run-ox.sh >/tmp/ox.out 2>/tmp/ox.err
echo "done $?" >>/tmp/ox.err
for f in ref.out ref.err ox.out ox.err; do
	echo "@@BEGIN $f"
	cat /tmp/$f
	echo "@@END $f"
done
