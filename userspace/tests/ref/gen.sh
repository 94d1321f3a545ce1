#!/bin/bash
# Reference outputs from iptables-legacy 1.8.9 on ip_tables.ko (run in the VM, --no-load).
# Regenerate iptables-legacy-1.8.9.{out,err}, and compare the tool, with userspace/tests/ref/regen.sh
# (one VM: vm-regen.sh runs this script with each tool).
modprobe iptable_filter 2>&1
modprobe iptable_nat 2>&1
modprobe iptable_raw 2>&1
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
echo "### nat, raw, conntrack, state"
N="$IPT -t nat"
R="$IPT -t raw"
run $N -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080
run $N -A PREROUTING -p tcp -d 192.0.2.1 -j DNAT --to-destination 10.0.0.1
run $N -A PREROUTING -p udp -j DNAT --to-destination 10.0.0.1-10.0.0.9:1000-2000
run $N -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.9:1000-2000/1500
run $N -A PREROUTING -p tcp -j DNAT --to-destination :8080 --random --persistent
run $N -A PREROUTING -p tcp -j DNAT --to-destination 12:80
run $N -A PREROUTING -p icmp -j DNAT --to 10.0.0.2:5
run $N -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.3:http
run $N -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.4:0x1F90
run $N -A PREROUTING -p sctp -j DNAT --to-destination 10.0.0.5:1-1
run $N -A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-ports 80
run $N -A PREROUTING -p udp -j REDIRECT --to-ports 1000-2000 --random
run $N -A PREROUTING -j REDIRECT
run $N -A OUTPUT -p tcp -j REDIRECT --to-ports 3128
run $N -A OUTPUT -d 127.0.0.1 -j DNAT --to-destination 127.0.0.2
run $N -A POSTROUTING -o eth0 -j MASQUERADE
run $N -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024-65535 --random
run $N -A POSTROUTING -p udp -j MASQUERADE --to-ports 5000 --random-fully
run $N -A POSTROUTING -p udp -j MASQUERADE --to-ports 1000-2000/1500
run $N -A POSTROUTING -s 10.0.0.0/8 -j SNAT --to-source 192.0.2.1
run $N -A POSTROUTING -p tcp -j SNAT --to-source 192.0.2.1-192.0.2.9:1024-2048 --random --random-fully --persistent
run $N -A POSTROUTING -p udp -j SNAT --to-source 192.0.2.1:53
run $N -A POSTROUTING -p udp -j SNAT --to-source 192.0.2.1:1000-2000/1500
run $N -A INPUT -p tcp -j SNAT --to-source :1000
run $N -A INPUT -m conntrack --ctstate DNAT,SNAT -j ACCEPT
run $N -N NATCHAIN
run $N -A NATCHAIN -j DNAT --to-destination 10.9.9.9
run $N -A PREROUTING -j NATCHAIN
run $N -v -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1000
run $N -v -A PREROUTING -m state --state NEW -j REDIRECT
run $N -I PREROUTING 2 -p tcp -j DNAT --to-destination 10.1.1.1:81
run $N -R PREROUTING 2 -p tcp -j DNAT --to-destination 10.1.1.2:82
run $N -C PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080
run $N -C PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8081
run $N -C POSTROUTING -o eth0 -j MASQUERADE
run $N -C POSTROUTING -o eth0 -j MASQUERADE --random
run $N -D PREROUTING -p tcp -j DNAT --to-destination 12:80
echo "### conntrack and state matches"
run $IPT -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
run $IPT -A INPUT -m conntrack --ctstate INVALID -j DROP
run $IPT -A INPUT -m conntrack ! --ctstate NEW,RELATED,ESTABLISHED,INVALID,UNTRACKED,SNAT,DNAT
run $IPT -A INPUT -m conntrack --ctstate est,rel,n
run $IPT -A INPUT -m conntrack --ctproto tcp ! --ctorigsrc 10.0.0.0/8 --ctorigdst 10.1.2.3/16 --ctreplsrc 10.2.0.0/255.255.0.0 ! --ctrepldst 127.0.0.1/255.0.255.0
run $IPT -A INPUT -m conntrack ! --ctproto udp --ctorigsrc 0.0.0.0/0 --ctorigdst 1.2.3.4/0
run $IPT -A INPUT -m conntrack --ctproto 47 --ctorigsrc localhost
run $IPT -A INPUT -m conntrack ! --ctproto all
run $IPT -A INPUT -m conntrack --ctorigsrcport 1024 --ctorigdstport 80:90 --ctreplsrcport :53 --ctrepldstport 1000:
run $IPT -A INPUT -m conntrack ! --ctorigsrcport http ! --ctorigdstport 0:65535 ! --ctreplsrcport : ! --ctrepldstport 90:80
run $IPT -A INPUT -m conntrack --ctorigdstport 65536 --ctreplsrcport 70000
run $IPT -A INPUT -m conntrack --ctstatus NONE
run $IPT -A INPUT -m conntrack ! --ctstatus EXPECTED,SEEN_REPLY,ASSURED,CONFIRMED
run $IPT -A INPUT -m conntrack --ctstatus confirmed,none,exp
run $IPT -A INPUT -m conntrack --ctexpire 10
run $IPT -A INPUT -m conntrack ! --ctexpire 10:20
run $IPT -A INPUT -m conntrack --ctexpire 5:
run $IPT -A INPUT -m conntrack --ctexpire :7
run $IPT -A INPUT -m conntrack --ctexpire 0x10:010
run $IPT -A INPUT -m conntrack --ctdir ORIGINAL
run $IPT -A INPUT -m conntrack --ctdir reply
run $IPT -A INPUT -m conntrack --ctstate NEW --ctproto tcp --ctorigsrc 1.1.1.1 --ctorigdst 2.2.2.2 --ctreplsrc 3.3.3.3 --ctrepldst 4.4.4.4 --ctorigsrcport 1 --ctorigdstport 2 --ctreplsrcport 3 --ctrepldstport 4 --ctstatus ASSURED --ctexpire 9 --ctdir REPLY -j ACCEPT
run $IPT -A INPUT -m conntrack --ctstate NEW -m conntrack --ctdir ORIGINAL -m state --state NEW
run $IPT -A INPUT -m state --state NEW,ESTABLISHED -j ACCEPT
run $IPT -A INPUT -m state ! --state INVALID -j ACCEPT
run $IPT -A INPUT -m state --state untracked,related,new,invalid,established
run $IPT -A INPUT -p tcp --dport 22 -m state --state NEW -j ACCEPT
run $IPT -C INPUT -m state --state NEW,ESTABLISHED -j ACCEPT
run $IPT -C INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
run $IPT -D INPUT -m state --state ESTABLISHED,NEW -j ACCEPT
run $IPT -D INPUT -m conntrack --ctstate INVALID -j DROP
echo "### raw: NOTRACK and CT"
run $R -A PREROUTING -j NOTRACK
run $R -A PREROUTING -p udp --dport 53 -j CT --notrack
run $R -A OUTPUT -j NOTRACK
run $R -A PREROUTING -j CT
run $R -A PREROUTING -j CT --zone 5
run $R -A PREROUTING -j CT --zone mark
run $R -A PREROUTING -j CT --zone-orig 7
run $R -A PREROUTING -j CT --zone-reply 7
run $R -A PREROUTING -j CT --zone-orig 7 --zone-reply 8
run $R -A PREROUTING -p tcp -j CT --helper ftp
run $R -A PREROUTING -j CT --helper ftp
run $R -A PREROUTING -j CT --ctevents new,related,destroy,reply,assured,protoinfo,helper,mark,natseqinfo,secmark
run $R -A PREROUTING -j CT --expevents new
run $R -A PREROUTING -p udp -j CT --timeout udp-policy
run $R -A PREROUTING -j CT --notrack --zone 1
run $R -A PREROUTING -j CT --notrack --helper ftp --timeout x --ctevents new --expevents new
run $R -C PREROUTING -j NOTRACK
run $R -C PREROUTING -j CT --notrack
run $R -C PREROUTING -p udp --dport 53 -j CT --notrack
run $R -D OUTPUT -j NOTRACK
run $R -v -C OUTPUT -j NOTRACK
run $R -v -D PREROUTING -j CT --zone 9
echo "### nat/raw/conntrack listings"
run $N -S
run $N -S POSTROUTING 2
run $N -S -v
run $N -L -n
run $N -L -n -v
run $N -L -n -v -x --line-numbers
run $N -L PREROUTING 1 -n
run timeout 30 $N -L
run $R -S
run $R -L -n -v
run timeout 30 $R -L
run $IPT -S INPUT
run $IPT -L INPUT -n -v
run timeout 30 $IPT -L INPUT
run $IPT-save -t nat
run $IPT-save -t raw -c
run $IPT-save -t filter
echo "### nat/raw/conntrack errors"
run $N -A PREROUTING -j DNAT
run $N -A PREROUTING -j DNAT --random
run $N -A PREROUTING -j DNAT --to-destination 1.2.3.4 --to-destination 5.6.7.8
run $N -A PREROUTING -j DNAT ! --to-destination 1.2.3.4
run $N -A PREROUTING -j DNAT --to-destination 1.2.3.4:80
run $N -A PREROUTING -j DNAT --to-destination 1.2.3.4:80 -p tcp
run $N -A PREROUTING -p tcp --to-destination 1.2.3.4 -j DNAT
run $N -A PREROUTING -j DNAT --to-destination 1.2.3.256
run $N -A PREROUTING -j DNAT --to-destination 01.2.3.4
run $N -A PREROUTING -j DNAT --to-destination 1.2.3
run $N -A PREROUTING -j DNAT --to-destination 1.2.3.4-1.2.3
run $N -A PREROUTING -j DNAT --to-destination 1.2.3.4,5.6.7.8
run $N -A PREROUTING -j DNAT --to-destination ""
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80:90
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:0x
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:90-80
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-90x
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-90/0
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:99999
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-http
run $N -A PREROUTING -p tcp -j DNAT --to-destination [1.2.3.4]:80
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4 --random --random
run $N -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4 --random-fully
run $N -A POSTROUTING -j SNAT
run $N -A POSTROUTING -j SNAT --to-source 1.2.3.4 --to-source 1.2.3.5
run $N -A POSTROUTING -j SNAT --to-source 1.2.3.4:1
run $N -A POSTROUTING -p udp -j SNAT --to-source 1.2.3.4:1:2
run $N -A POSTROUTING -j MASQUERADE --to-ports 1000
run $N -A POSTROUTING -p tcp -j MASQUERADE --to-ports 80:90
run $N -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000 --to-ports 2000
run $N -A POSTROUTING -j MASQUERADE --persistent
run $N -A PREROUTING -p tcp -j REDIRECT --to-ports 80-90/85
run $N -A PREROUTING -p tcp -j REDIRECT --to-ports 8080/5
run $N -A PREROUTING -j REDIRECT --random-fully
run $N -A PREROUTING -p tcp -j REDIRECT --to-ports nosuchservice
run $IPT -A INPUT -m conntrack
run $IPT -A INPUT -m conntrack --ctstate FOO
run $IPT -A INPUT -m conntrack --ctstate NEW,FOO,BAR
run $IPT -A INPUT -m conntrack --ctstate NEW,
run $IPT -A INPUT -m conntrack --ctstate ,NEW
run $IPT -A INPUT -m conntrack --ctstate NEWS
run $IPT -A INPUT -m conntrack --ctstate NEW --ctstate ESTABLISHED
run $IPT -A INPUT -m conntrack --ctstatus BOGUS
run $IPT -A INPUT -m conntrack --ctproto foo
run $IPT -A INPUT -m conntrack ! --ctstatus NONE --ctproto all
run $IPT -A INPUT -m conntrack --ctorigsrc 1.2.3.4/abc
run $IPT -A INPUT -m conntrack --ctorigsrc 1.2.3.4/
run $IPT -A INPUT -m conntrack --ctexpire 1:2:3
run $IPT -A INPUT -m conntrack --ctexpire abc
run $IPT -A INPUT -m conntrack --ctexpire 5x
run $IPT -A INPUT -m conntrack --ctexpire 4294967296
run $IPT -A INPUT -m conntrack --ctorigsrcport 1:2:3
run $IPT -A INPUT -m conntrack --ctorigsrcport nosuchport
run $IPT -A INPUT -m conntrack --ctdir BOTH
run $IPT -A INPUT -m conntrack ! --ctdir REPLY
run $IPT -A INPUT -m conntrack --ctdir REPLY --ctdir ORIGINAL
run $IPT -A INPUT -m state
run $IPT -A INPUT -m state --state FOO
run $IPT -A INPUT -m state --state NEW,
run $IPT -A INPUT -m state --state SNAT
run $IPT -A INPUT -m state --state NEW --state ESTABLISHED
run $IPT -A INPUT -m state --ctstate NEW
run $R -A PREROUTING -j CT --ctevents bogus
run $R -A PREROUTING -j CT --ctevents new,
run $R -A PREROUTING -j CT --expevents destroy
run $R -A PREROUTING -j CT --zone abc
run $R -A PREROUTING -j CT --zone 70000
run $R -A PREROUTING -j CT --notrack --notrack
run $R -A PREROUTING -j CT ! --notrack
run $R -A PREROUTING -j NOTRACK --notrack
echo "### nat/raw kernel refusals"
run $IPT -A INPUT -j DNAT --to-destination 1.2.3.4
run $IPT -A INPUT -j NOTRACK
run $N -A PREROUTING -j SNAT --to-source 1.2.3.4
run $N -A POSTROUTING -j DNAT --to-destination 1.2.3.4
run $N -A OUTPUT -j MASQUERADE
run $N -v -A OUTPUT -p tcp -j MASQUERADE --to-ports 99
run $N -A POSTROUTING -j REDIRECT
run $N -A PREROUTING -j NOTRACK
run $N -A PREROUTING -j CT --notrack
run $N -A POSTROUTING -j NATCHAIN
run $R -A PREROUTING -j DNAT --to-destination 1.2.3.4
run $R -A PREROUTING -j MASQUERADE
run $N -S
run $R -S
echo "### nat/raw restore"
printf '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:X - [0:0]\n[1:2] -A PREROUTING -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080\n-A PREROUTING -m state --state NEW -j X\n-A X -p udp -j DNAT --to-destination 10.0.0.2-10.0.0.3:53-54/53\n[3:4] -A POSTROUTING -o eth0 -j MASQUERADE --random-fully\n-A POSTROUTING -p tcp -j SNAT --to-source 192.0.2.1:1024-2048 --persistent\nCOMMIT\n*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -j NOTRACK\n-A OUTPUT -p udp -j CT --notrack\nCOMMIT\n' | run $IPT-restore -c
run $IPT-save -t nat -c
run $IPT-save -t raw
printf '*nat\n-A PREROUTING -j DNAT\nCOMMIT\n' | run $IPT-restore --noflush
printf '*nat\n-A POSTROUTING -j DNAT --to-destination 1.2.3.4\nCOMMIT\n' | run $IPT-restore --noflush
printf '*raw\n-A PREROUTING -m conntrack --ctstate NEW,UNTRACKED -j CT --notrack\nCOMMIT\n' | run $IPT-restore --noflush
run $R -L -n -v
run $N -F
run $N -X
run $R -F
run $N -S
run $R -S
# Extension sections, one file per group (gen.d/*.sh), each starting from empty tables.
gen_reset() {
	local t
	for t in raw mangle nat filter; do
		$IPT -t $t -F
		$IPT -t $t -X
	done
	$IPT -P INPUT ACCEPT
	$IPT -P FORWARD ACCEPT
	$IPT -P OUTPUT ACCEPT
}
for f in "${GEN_D:-$(dirname "$0")/gen.d}"/*.sh; do
	[ -e "$f" ] || continue
	echo "### section $(basename "$f" .sh)"
	gen_reset
	. "$f"
done
