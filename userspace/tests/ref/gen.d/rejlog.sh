#!/bin/bash
# REJECT and LOG: reference commands (same conventions as ../gen.sh; run with iptables-legacy on
# ip_tables.ko and with the tool, outputs and exit codes compared).
type run >/dev/null 2>&1 || run() { echo "### $*"; "$@" 2>&1; echo "### rc=$?"; }
for t in filter mangle nat raw; do $IPT -t $t -F; $IPT -t $t -X; done
echo "### REJECT"
$IPT -N REJ
$IPT -A INPUT -j REJECT
$IPT -A INPUT -p tcp --dport 9090 -j REJECT --reject-with tcp-reset
$IPT -A INPUT -p tcp -j REJECT --reject-with tcp-rst
$IPT -A INPUT -p udp --dport 5001 -j REJECT --reject-with icmp-port-unreachable
$IPT -A INPUT -j REJECT --reject-with icmp-net-unreachable
$IPT -A INPUT -j REJECT --reject-with icmp-host-unreachable
$IPT -A INPUT -j REJECT --reject-with icmp-proto-unreachable
$IPT -A INPUT -j REJECT --reject-with icmp-net-prohibited
$IPT -A INPUT -j REJECT --reject-with icmp-host-prohibited
$IPT -A INPUT -j REJECT --reject-with icmp-admin-prohibited
$IPT -A INPUT -j REJECT --reject-with net-unreach
$IPT -A INPUT -j REJECT --reject-with host-prohib
$IPT -A INPUT -j REJECT --reject-with ADMIN
$IPT -A INPUT -j REJECT --reject-with icmp-h
$IPT -A INPUT -j REJECT --reject-with ""
$IPT -A FORWARD -p tcp -j REJECT --reject-with tcp-reset
$IPT -A FORWARD -j REJ
$IPT -A REJ -j REJECT --reject-with icmp-host-prohibited
$IPT -A OUTPUT -p tcp -j REJECT --reject-with t
run $IPT -v -A OUTPUT -j REJECT --reject-with proto-unreach
run $IPT -v -A OUTPUT -p tcp -j REJECT --reject-with tcp-reset
run $IPT -S
run $IPT -S REJ
run $IPT -L -n
run $IPT -L -n -v
run $IPT -L -n --line-numbers
run timeout 30 $IPT -L
run $IPT-save -t filter
run $IPT -C INPUT -j REJECT
run $IPT -C INPUT -j REJECT --reject-with icmp-port-unreachable
run $IPT -C INPUT -j REJECT --reject-with icmp-net-unreachable
run $IPT -C INPUT -j REJECT --reject-with icmp-host-unreachable
run $IPT -C INPUT -p tcp --dport 9090 -j REJECT
run $IPT -D INPUT -p tcp -j REJECT --reject-with tcp-reset
run $IPT -D INPUT -j REJECT --reject-with net-unreach
run $IPT -D INPUT -j REJECT --reject-with icmp-admin-prohibited
run $IPT -R INPUT 1 -j REJECT --reject-with host-unreach
run $IPT -I INPUT 2 -p tcp -j REJECT --reject-with tcp-reset
run $IPT -S INPUT
echo "### REJECT errors"
run $IPT -A INPUT -j REJECT --reject-with tcp-reset
run $IPT -A INPUT -p udp -j REJECT --reject-with tcp-reset
run $IPT -A INPUT ! -p tcp -j REJECT --reject-with tcp-reset
run $IPT -A INPUT -j REJECT --reject-with foo
run $IPT -A INPUT -j REJECT --reject-with echo-reply
run $IPT -A INPUT -j REJECT --reject-with echoreply
run $IPT -A INPUT -j REJECT --reject-with e
run $IPT -A INPUT -j REJECT --reject-with icmp-port-unreachablex
run $IPT -A INPUT -j REJECT --reject-with tcp-reset --reject-with tcp-reset
run $IPT -A INPUT -j REJECT ! --reject-with tcp-reset
run $IPT -A INPUT -j REJECT --reject-with
run $IPT -A INPUT -j REJECT --to-ports 80
run $IPT -A INPUT --reject-with tcp-reset -j REJECT
run $IPT -t mangle -A INPUT -j REJECT
run $IPT -t mangle -A FORWARD -p tcp -j REJECT --reject-with tcp-reset
run $IPT -t raw -A PREROUTING -j REJECT
run $IPT -t nat -A PREROUTING -j REJECT --reject-with icmp-host-prohibited
run $IPT -t mangle -N MREJ
run $IPT -t mangle -A MREJ -j REJECT
run $IPT -t mangle -S
run $IPT -S INPUT
for t in filter mangle nat raw; do $IPT -t $t -F; $IPT -t $t -X; done
echo "### LOG"
$IPT -N LOGCH
$IPT -A INPUT -j LOG
$IPT -A INPUT -j LOG --log-prefix abc
$IPT -A INPUT -j LOG --log-prefix "in: "
$IPT -A INPUT -j LOG --log-prefix "a'b\"c\\d"
$IPT -A INPUT -j LOG --log-prefix "abcdefghijklmnopqrstuvwxyz0123456789"
$IPT -A INPUT -j LOG --log-prefix "  "
$IPT -A INPUT -j LOG --log-level 0
$IPT -A INPUT -j LOG --log-level alert
$IPT -A INPUT -j LOG --log-level crit
$IPT -A INPUT -j LOG --log-level error
$IPT -A INPUT -j LOG --log-level warning
$IPT -A INPUT -j LOG --log-level notice
$IPT -A INPUT -j LOG --log-level info
$IPT -A INPUT -j LOG --log-level debug
$IPT -A INPUT -j LOG --log-level panic
$IPT -A INPUT -j LOG --log-level 0x6
$IPT -A INPUT -j LOG --log-tcp-sequence
$IPT -A INPUT -j LOG --log-tcp-options
$IPT -A INPUT -j LOG --log-ip-options
$IPT -A INPUT -j LOG --log-uid
$IPT -A INPUT -j LOG --log-macdecode
$IPT -A INPUT -p tcp --dport 22 -j LOG --log-macdecode --log-uid --log-ip-options --log-tcp-options --log-tcp-sequence --log-level 7 --log-prefix "ssh in "
$IPT -A INPUT -j LOGCH
$IPT -A LOGCH -j LOG --log-prefix chain
$IPT -A LOGCH -j REJECT
$IPT -t mangle -A PREROUTING -j LOG --log-prefix pre
$IPT -t nat -A POSTROUTING -j LOG --log-level 1
$IPT -t raw -A OUTPUT -j LOG --log-uid
run $IPT -v -A OUTPUT -j LOG --log-prefix "out " --log-level 6 --log-uid
run $IPT -v -A OUTPUT -j LOG
run $IPT -S
run $IPT -S LOGCH
run $IPT -L -n
run $IPT -L -n -v
run $IPT -L -n -v -x --line-numbers
run timeout 30 $IPT -L
run timeout 30 $IPT -L -v
run $IPT -L INPUT 5 -n
run $IPT -t mangle -S
run $IPT -t nat -L -n
run $IPT -t raw -L -n -v
run $IPT-save
run $IPT-save -c -t filter
run $IPT -C INPUT -j LOG
run $IPT -C INPUT -j LOG --log-level 4
run $IPT -C INPUT -j LOG --log-level 5
run $IPT -C INPUT -j LOG --log-prefix abc
run $IPT -C INPUT -j LOG --log-prefix abcd
run $IPT -C INPUT -j LOG --log-prefix "abcdefghijklmnopqrstuvwxyz012"
run $IPT -D INPUT -j LOG --log-level debug
run $IPT -D INPUT -j LOG --log-uid
run $IPT -D INPUT -j LOG --log-tcp-seq
run $IPT -S INPUT
echo "### LOG errors"
run $IPT -A INPUT -j LOG --log-prefix ""
run $IPT -A INPUT -j LOG --log-prefix "a
b"
run $IPT -A INPUT -j LOG --log-level 8
run $IPT -A INPUT -j LOG --log-level warn
run $IPT -A INPUT -j LOG --log-level err
run $IPT -A INPUT -j LOG --log-level WARNING
run $IPT -A INPUT -j LOG --log-level -1
run $IPT -A INPUT -j LOG --log-level 4x
run $IPT -A INPUT -j LOG --log-level ""
run $IPT -A INPUT -j LOG --log-level
run $IPT -A INPUT -j LOG --log-prefix
run $IPT -A INPUT -j LOG --log-level 4 --log-level 5
run $IPT -A INPUT -j LOG --log-prefix a --log-prefix b
run $IPT -A INPUT -j LOG --log-uid --log-uid
run $IPT -A INPUT -j LOG ! --log-uid
run $IPT -A INPUT -j LOG ! --log-prefix x
run $IPT -A INPUT -j LOG --log-tcp
run $IPT -A INPUT -j LOG --reject-with tcp-reset
run $IPT -A INPUT --log-prefix x -j LOG
run $IPT -A INPUT -j LOG -j REJECT
echo "### REJECT and LOG restore"
printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j LOG --log-prefix "r: " --log-level 3\n-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n-A INPUT -j REJECT\nCOMMIT\n' | run $IPT-restore
run $IPT-save -t filter
printf '*filter\n-A INPUT -j REJECT --reject-with tcp-reset\nCOMMIT\n' | run $IPT-restore --noflush
printf '*filter\n-A INPUT -j LOG --log-level 9\nCOMMIT\n' | run $IPT-restore --noflush
printf '*mangle\n-A INPUT -j REJECT\nCOMMIT\n' | run $IPT-restore --noflush
run $IPT-save -t filter
for t in filter mangle nat raw; do $IPT -t $t -F; $IPT -t $t -X; done
