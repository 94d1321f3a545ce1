#!/bin/bash
# Reference outputs from iptables-legacy 1.8.9 on ip_tables.ko (run in the VM, --no-load).
modprobe iptable_filter 2>&1
IPT=${IPT:-iptables-legacy}
run() { echo "### $*"; "$@" 2>&1; echo "### rc=$?"; }
$IPT -N FOO
$IPT -N BAR
$IPT -A INPUT -s 10.0.0.1 -j ACCEPT
$IPT -A INPUT ! -s 10.0.0.0/8 -d 192.168.1.0/255.255.255.0 -j DROP
$IPT -A INPUT -s 10.1.2.3/8 -d 10.0.0.0/255.0.255.0 -j ACCEPT
$IPT -A INPUT -i eth+ -p tcp --dport 22 -j ACCEPT
$IPT -A INPUT ! -i lo -p tcp --sport 1024: --dport :1023 -j ACCEPT
$IPT -A INPUT -p tcp ! --dport 80:90 ! --sport 7
$IPT -A INPUT -p tcp --tcp-flags SYN,ACK SYN
$IPT -A INPUT -p tcp --tcp-flags ALL NONE
$IPT -A INPUT -p tcp ! --tcp-flags FIN,SYN,RST,PSH,ACK,URG,ECE,CWR FIN
$IPT -A INPUT -p tcp --syn -j DROP
$IPT -A INPUT -p tcp ! --syn -j DROP
$IPT -A INPUT -p tcp --tcp-option 2
$IPT -A INPUT -p tcp ! --tcp-option 2
$IPT -A INPUT -p tcp -m tcp --sport 5:5 --dport 0:65535
$IPT -A INPUT -p udp --sport 53 -j ACCEPT
$IPT -A INPUT -p udp --dport domain -j ACCEPT
$IPT -A INPUT -p udp ! --sport 1:2 ! --dport 3:4
$IPT -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
$IPT -A INPUT -p icmp --icmp-type 3/4
$IPT -A INPUT -p icmp ! --icmp-type 8
$IPT -A INPUT -p icmp --icmp-type any
$IPT -A INPUT -p icmp --icmp-type 3
$IPT -A INPUT -p icmp --icmp-type 200
$IPT -A INPUT -p icmp --icmp-type 200/7
$IPT -A INPUT -p icmp --icmp-type port-unreachable
$IPT -A INPUT -p 6
$IPT -A INPUT ! -p udp
$IPT -A INPUT -p 47
$IPT -A INPUT -p 200
$IPT -A INPUT -p all
$IPT -A INPUT -p icmp
$IPT -A INPUT -f
$IPT -A INPUT ! -f -j QUEUE
$IPT -A INPUT -j FOO
$IPT -A INPUT -g BAR
$IPT -A INPUT
$IPT -A INPUT -s 1.2.3.4,5.6.7.0/24 -d 9.9.9.9,8.8.8.8 -j ACCEPT
$IPT -A INPUT -s 127.0.0.1 -d 0.0.0.0/0 -j RETURN
$IPT -A FOO -j RETURN
$IPT -A FOO -p tcp -m tcp --dport 443 -c 123456789 9876543210 -j ACCEPT
$IPT -A FOO -c 12345 123456 -j ACCEPT
$IPT -A FOO -c 99999 99999 -j ACCEPT
$IPT -A FOO -c 100000 100000 -j ACCEPT
$IPT -A FOO -c 9999999 999999999999 -j ACCEPT
$IPT -A FORWARD -i eth0 -o eth1+ -j ACCEPT
$IPT -A FORWARD ! -i eth0 ! -o abcdefghijklmno -j DROP
$IPT -A FORWARD -i abcdefghijkl+ -j DROP
$IPT -A OUTPUT -o lo -d 10.0.0.0/24 ! -p tcp -j ACCEPT
$IPT -P FORWARD DROP
$IPT -N LONGCHAINNAME_abcdefghijklmno
$IPT -A OUTPUT -j LONGCHAINNAME_abcdefghijklmno
run $IPT -S
run $IPT -S INPUT
run $IPT -S FOO 2
run $IPT -S -v
run $IPT -L
run $IPT -L -n
run $IPT -L -n -v
run $IPT -L -n -v -x
run $IPT -L -n --line-numbers
run $IPT -L FOO -n -v --line-numbers
run $IPT -L INPUT 3 -n
run $IPT-save
run $IPT-save -c
run $IPT-save -t filter
run $IPT -C INPUT -s 10.0.0.1 -j ACCEPT
run $IPT -C INPUT -s 10.0.0.2 -j ACCEPT
run $IPT -D INPUT -s 9.9.9.9 -j ACCEPT
run $IPT -A NOPE -j ACCEPT
run $IPT -A INPUT -j NOPE
run $IPT -X INPUT
run $IPT -X FOO
run $IPT -N FOO
run $IPT -p tcp --dport 99999 -A INPUT
run $IPT -A INPUT -p tcp --dport 99999
run $IPT -A INPUT -p udp --tcp-flags SYN SYN
run $IPT -A INPUT --dport 22
run $IPT -A INPUT -s 300.1.1.1
run $IPT -A INPUT -p foo
run $IPT -A INPUT -o eth0
run $IPT -A INPUT -j ACCEPT -j DROP
run $IPT -A INPUT -m nosuch
run $IPT -A INPUT -p icmp --icmp-type foo
run $IPT -D INPUT 999
run $IPT -R INPUT 999 -j ACCEPT
run $IPT -I INPUT 999 -j ACCEPT
run $IPT -E FOO INPUT
run $IPT -P FOO DROP
run $IPT -P INPUT RETURN
run $IPT -L NOPE
run $IPT -Z FOO 2
run $IPT -t nosuch -L
run $IPT -x -S
run $IPT -F FOO -A
run $IPT
run $IPT -A INPUT -s 10.0.0.1 !
run $IPT -A INPUT ! ! -s 1.2.3.4
run $IPT -A INPUT -i ab/cd
run $IPT -A INPUT -p tcp --tcp-flags FOO SYN
run $IPT -A INPUT -p tcp --dport 5:3
run $IPT -A INPUT -p tcp --sport 1 --sport 2
run $IPT -N "a b"
run $IPT -N -foo
run $IPT -N 0123456789012345678901234567890
run $IPT -A INPUT -j RETURN -g FOO
run $IPT -A INPUT -g ACCEPT
echo "### restore"
printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j BOGUS\nCOMMIT\n' | run $IPT-restore
printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 1.1.1.1\n' | run $IPT-restore
printf '*filter\n-A INPUT -s 1.1.1.1\nCOMMIT\n' | run $IPT-restore --noflush
printf '*filter\n:INPUT DROP [5:6]\n:X - [0:0]\n[3:4] -A X -s 1.1.1.1\nCOMMIT\n' | run $IPT-restore -c
run $IPT-save -c
run $IPT -Z
run $IPT -L -v -n
run $IPT -F
run $IPT -X
run $IPT-save
run $IPT -L -v
run timeout 30 $IPT -A INPUT -s 127.0.0.1 -p tcp --dport 22
run timeout 30 $IPT -A INPUT -d 10.9.8.7 -p udp --sport 53
run timeout 30 $IPT -L
run timeout 30 $IPT -L -v
