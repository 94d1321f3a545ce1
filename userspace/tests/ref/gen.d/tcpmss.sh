#!/bin/bash
# tcpmss and TCPMSS: reference commands (same conventions as ../gen.sh; run with iptables-legacy
# on ip_tables.ko and with the tool, outputs and exit codes compared).
type run >/dev/null 2>&1 || run() { echo "### $*"; "$@" 2>&1; echo "### rc=$?"; }
M="$IPT -t mangle"
echo "### tcpmss"
$IPT -N MSS
$IPT -A INPUT -p tcp -m tcpmss --mss 1460
$IPT -A INPUT -p tcp -m tcpmss --mss 536:1460 -j ACCEPT
$IPT -A INPUT -p tcp -m tcpmss ! --mss 1000
$IPT -A INPUT -p tcp -m tcpmss ! --mss :500 -j DROP
$IPT -A INPUT -p tcp -m tcpmss --mss 1400: -j MSS
$IPT -A INPUT -p tcp -m tcpmss --mss 0x10:0100
$IPT -A INPUT -p tcp --syn -m tcpmss --mss 0:65535 -j REJECT --reject-with tcp-reset
$IPT -A MSS -p tcp -m tcpmss --mss 1:1 -m tcpmss --mss 2
run $IPT -v -A OUTPUT -p tcp -m tcpmss --mss 1220:1460
run $IPT -S
run $IPT -L -n
run $IPT -L -n -v -x --line-numbers
run timeout 30 $IPT -L INPUT
run $IPT-save -t filter
run $IPT -C INPUT -p tcp -m tcpmss --mss 536:1460 -j ACCEPT
run $IPT -C INPUT -p tcp -m tcpmss --mss 536:1461 -j ACCEPT
run $IPT -C INPUT -p tcp -m tcpmss --mss 1460:1460
run $IPT -C INPUT -p tcp -m tcpmss ! --mss 1460
run $IPT -D INPUT -p tcp -m tcpmss ! --mss 1000
run $IPT -D INPUT -p tcp -m tcpmss --mss 1400:65535 -j MSS
run $IPT -S INPUT
echo "### tcpmss errors"
run $IPT -A INPUT -m tcpmss --mss 42
run $IPT -A INPUT -p udp -m tcpmss --mss 42
run $IPT -A INPUT ! -p tcp -m tcpmss --mss 42
run $IPT -A INPUT -p tcp -m tcpmss
run $IPT -A INPUT -p tcp -m tcpmss --mss
run $IPT -A INPUT -p tcp -m tcpmss --mss ""
run $IPT -A INPUT -p tcp -m tcpmss --mss 65535:1000
run $IPT -A INPUT -p tcp -m tcpmss --mss 42:65536
run $IPT -A INPUT -p tcp -m tcpmss --mss -5
run $IPT -A INPUT -p tcp -m tcpmss --mss 1:2:3
run $IPT -A INPUT -p tcp -m tcpmss --mss 12ab
run $IPT -A INPUT -p tcp -m tcpmss --mss 1 --mss 2
run $IPT -A INPUT -p tcp -m tcpmss ! --mss 1 ! --mss 2
run $IPT -A INPUT -p tcp -m tcpmss --set-mss 1
run $IPT -A INPUT -p tcp --mss 1
for t in filter mangle nat raw; do $IPT -t $t -F; $IPT -t $t -X; done
echo "### TCPMSS"
$M -N CLAMP
$M -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
$M -A FORWARD -o ppp0 -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1452
$M -A FORWARD -p tcp --syn -j TCPMSS --set-mss 0
$M -A FORWARD -p tcp --syn -j TCPMSS --set-mss 65515
$M -A FORWARD -p tcp --syn -j TCPMSS --set-mss 0x578
$M -A FORWARD -p tcp --tcp-flags SYN,ACK SYN,ACK -m tcpmss --mss 1453: -j TCPMSS --set-mss 1452
$M -A FORWARD -p tcp --syn -j TCPMSS --set-mss 1000 --clamp-mss-to-pmtu
$M -A FORWARD -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu --set-mss 1000
$M -A FORWARD -p tcp --syn -j CLAMP
$M -A CLAMP -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
$M -A OUTPUT -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
$M -A POSTROUTING -p tcp --syn -j CLAMP
$M -A PREROUTING -p tcp --syn -j TCPMSS --set-mss 1400
$M -A INPUT -p tcp --syn -j TCPMSS --set-mss 1400
$IPT -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
$IPT -t raw -A PREROUTING -p tcp --syn -j TCPMSS --set-mss 1380
$IPT -t nat -A POSTROUTING -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
run $M -v -A FORWARD -p tcp --syn -j TCPMSS --set-mss 1200
run $M -v -A FORWARD -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
run $M -S
run $M -L -n
run $M -L -n -v
run $M -L -n -v -x --line-numbers
run timeout 30 $M -L FORWARD
run $IPT -S FORWARD
run $IPT -t raw -L -n
run $IPT -t nat -S
run $IPT-save -t mangle
run $M -C FORWARD -p tcp --syn -j TCPMSS --set-mss 0
run $M -C FORWARD -p tcp --syn -j TCPMSS --set-mss 1
run $M -C FORWARD -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
run $M -C FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
run $M -C FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1452
run $M -D FORWARD -p tcp --syn -j TCPMSS --set-mss 1400
run $M -D FORWARD -p tcp --syn -j TCPMSS --set-mss 65515
run $M -R FORWARD 1 -p tcp --syn -j TCPMSS --set-mss 1300
run $M -I FORWARD 2 -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
run $M -S FORWARD
echo "### TCPMSS errors"
run $M -A FORWARD -j TCPMSS
run $M -A FORWARD -p tcp --syn -j TCPMSS
run $M -A FORWARD -p tcp -j TCPMSS --set-mss 42
run $M -A FORWARD -j TCPMSS --set-mss 42
run $M -A FORWARD -p udp -j TCPMSS --set-mss 42
run $M -A FORWARD ! -p tcp -j TCPMSS --clamp-mss-to-pmtu
run $M -A FORWARD -p tcp ! --syn -j TCPMSS --set-mss 42
run $M -A FORWARD -p tcp --tcp-flags SYN,ACK ACK -j TCPMSS --set-mss 42
run $M -A FORWARD -p tcp --tcp-flags SYN NONE -j TCPMSS --set-mss 42
run $M -A PREROUTING -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
run $M -A INPUT -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
run $M -A PREROUTING -p tcp --syn -j CLAMP
run $M -A INPUT -j CLAMP
run $IPT -A INPUT -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu
run $M -A FORWARD -p tcp --syn -j TCPMSS --set-mss 65516
run $M -A FORWARD -p tcp --syn -j TCPMSS --set-mss 65535
run $M -A FORWARD -p tcp --syn -j TCPMSS --set-mss -1
run $M -A FORWARD -p tcp --syn -j TCPMSS --set-mss 1400x
run $M -A FORWARD -p tcp --syn -j TCPMSS --set-mss ""
run $M -A FORWARD -p tcp --syn -j TCPMSS --set-mss
run $M -A FORWARD -p tcp --syn -j TCPMSS --set-mss 1 --set-mss 2
run $M -A FORWARD -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu --clamp-mss-to-pmtu
run $M -A FORWARD -p tcp --syn -j TCPMSS ! --set-mss 1
run $M -A FORWARD -p tcp --syn -j TCPMSS ! --clamp-mss-to-pmtu
run $M -A FORWARD -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu 1400
run $M -A FORWARD -p tcp --syn -j TCPMSS --mss 1400
run $M -A FORWARD -p tcp --syn --set-mss 1400 -j TCPMSS
run $M -S
echo "### tcpmss and TCPMSS restore"
printf '*mangle\n:FORWARD ACCEPT [0:0]\n-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu\n-A FORWARD -p tcp -m tcpmss --mss 1:500 -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 536\nCOMMIT\n' | run $IPT-restore
run $IPT-save -t mangle
printf '*mangle\n-A FORWARD -p tcp -j TCPMSS --set-mss 1000\nCOMMIT\n' | run $IPT-restore --noflush
printf '*mangle\n-A PREROUTING -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu\nCOMMIT\n' | run $IPT-restore --noflush
run $IPT-save -t mangle
for t in filter mangle nat raw; do $IPT -t $t -F; $IPT -t $t -X; done
