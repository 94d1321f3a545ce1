#!/bin/bash
# set/SET (ipset): commands run with iptables-legacy 1.8.9 on ip_tables.ko and with the oxtables
# tool, outputs and exit codes compared (same conventions as ../gen.sh). The sets are made here
# (ipset is per network namespace, and each tool's run has its own).
type run >/dev/null 2>&1 || run() { echo "### $*"; "$@" 2>&1; echo "### rc=$?"; }
M="$IPT -t mangle"
for t in filter mangle raw nat; do $IPT -t $t -F; $IPT -t $t -X; done
for s in a b m; do ipset destroy $s 2>/dev/null; done
ipset create a hash:ip timeout 600
ipset create b hash:ip,port
ipset create m hash:ip skbinfo
echo "### set match"
run $IPT -A INPUT -m set --match-set a src
run $IPT -A INPUT -m set ! --match-set b dst,src --return-nomatch ! --update-counters --packets-gt 3
run $IPT -A INPUT -m set --match-set nosuch src
echo "### SET target"
run $IPT -A INPUT -j SET --add-set a src
run $IPT -A INPUT -j SET --add-set a src --exist --timeout 300
run $IPT -A INPUT -j SET --add-set a dst --timeout 0
run $IPT -A INPUT -j SET --add-set a src --timeout 4294967294
run $IPT -A INPUT -j SET --del-set b src,dst
run $IPT -A INPUT -j SET --add-set b dst,dst --del-set a src --exist
run $IPT -A INPUT -j SET --add-set b srcx,dstx,src
run $IPT -A INPUT -j SET --del-set a src --add-set b dst,src --timeout 7
run $IPT -A INPUT ! -j SET --add-set a src
run $IPT -A INPUT -j SET ! --add-set a src
run $M -A FORWARD -j SET --map-set m src --map-mark
run $M -A POSTROUTING -j SET --map-set m dst --map-prio --map-queue --map-mark
run $M -A OUTPUT -j SET --add-set a src --map-set m dst --map-queue --exist
run $M -A PREROUTING -j SET --map-set m dst --map-mark
run $IPT -S
run $IPT -L INPUT -n
run $IPT -L INPUT -n -v
run $M -S
run $M -L -n
echo "### SET refusals"
run $IPT -A INPUT -j SET
run $IPT -A INPUT -j SET --add-set nosuch src
run $IPT -A INPUT -j SET --add-set a
run $IPT -A INPUT -j SET --add-set a --exist
run $IPT -A INPUT -j SET --add-set a src --add-set a dst
run $IPT -A INPUT -j SET --add-set a src,dst,src,dst,src,dst,src
run $IPT -A INPUT -j SET --add-set a foo
run $IPT -A INPUT -j SET --add-set abcdefghijabcdefghijabcdefghijab src
run $IPT -A INPUT -j SET --del-set a src --exist
run $IPT -A INPUT -j SET --del-set a src --timeout 1
run $IPT -A INPUT -j SET --add-set a src --timeout 4294967295
run $IPT -A INPUT -j SET --add-set a src --timeout -1
run $IPT -A INPUT -j SET --add-set a src --map-mark
run $IPT -A INPUT -j SET --add-set a src --map-prio
run $IPT -A INPUT -j SET --map-set m src
run $IPT -A INPUT -j SET --map-set m src --map-mark
run $M -A PREROUTING -j SET --map-set m src --map-prio
run $M -A INPUT -j SET --map-set m src --map-queue
run $IPT -S
for t in filter mangle; do $IPT -t $t -F; done
for s in a b m; do ipset destroy $s; done
