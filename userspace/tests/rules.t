# iptables .t style: rule;canonical -S form (= for identical);OK|FAIL
# Base match
-s 10.0.0.1;-s 10.0.0.1/32;OK
-s 10.0.0.1/32;=;OK
! -s 10.0.0.0/8 -d 192.168.1.0/255.255.255.0 -j DROP;! -s 10.0.0.0/8 -d 192.168.1.0/24 -j DROP;OK
-s 10.1.2.3/8 -d 10.0.0.0/255.0.255.0;-s 10.0.0.0/8 -d 10.0.0.0/255.0.255.0;OK
-s 0.0.0.0/0;-A INPUT;OK
! -s 0.0.0.0/0;! -s 0.0.0.0/0;OK
--source 1.2.3.4 --destination 5.6.7.8;-s 1.2.3.4/32 -d 5.6.7.8/32;OK
--src 1.2.3.4 --dst 5.6.7.8;-s 1.2.3.4/32 -d 5.6.7.8/32;OK
-s 300.1.1.1;;FAIL
-s 1.2.3.4/33;;FAIL
-s 1.2.3.4,5.6.7.8 -j ACCEPT;-s 1.2.3.4/32 -j ACCEPT|-s 5.6.7.8/32 -j ACCEPT;OK
! -s 1.2.3.4,5.6.7.8;;FAIL
-i eth+ -j ACCEPT;=;OK
! -i lo;=;OK
-i abcdefghijklmno;=;OK
-i abcdefghijklmnop;;FAIL
-o eth0;;FAIL
-p tcp;=;OK
-p TCP;-p tcp;OK
-p 6;-p tcp;OK
-p 0x6;-p tcp;OK
! -p udp;=;OK
-p 47;-p gre;OK
-p gre;=;OK
-p 200;=;OK
-p all;-A INPUT;OK
! -p all;;FAIL
-p foo;;FAIL
-p icmp;=;OK
-f;=;OK
! -f -j QUEUE;=;OK
-j ACCEPT;=;OK
-j DROP;=;OK
-j RETURN;=;OK
-j QUEUE;=;OK
-j FOO;=;OK
-g FOO;=;OK
--jump FOO;-j FOO;OK
--goto FOO;-g FOO;OK
-g ACCEPT;;FAIL
-j NOPE;;FAIL
-j ACCEPT -j DROP;;FAIL
-j;;FAIL
! -j ACCEPT;;FAIL
-s 1.2.3.4 !;;FAIL
! ! -s 1.2.3.4;;FAIL
-m nosuch;;FAIL
-c 5 10 -j ACCEPT;-j ACCEPT;OK
-c x 10;;FAIL
-c 5;;FAIL
# tcp
-p tcp --dport 22 -j ACCEPT;-p tcp -m tcp --dport 22 -j ACCEPT;OK
-p tcp -m tcp --dport 22;=;OK
-p tcp --dport ssh;-p tcp -m tcp --dport 22;OK
-p tcp --sport 1024: --dport :1023;-p tcp -m tcp --sport 1024:65535 --dport 0:1023;OK
-p tcp ! --dport 80:90 ! --sport 7;-p tcp -m tcp ! --sport 7 ! --dport 80:90;OK
-p tcp --source-port 5:5 --destination-port 0:65535;-p tcp -m tcp --sport 5;OK
-p tcp --dp 22;-p tcp -m tcp --dport 22;OK
-p tcp --tcp-flags SYN,ACK SYN;-p tcp -m tcp --tcp-flags SYN,ACK SYN;OK
-p tcp --tcp-flags ALL NONE;-p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE;OK
-p tcp --tcp-flags syn,ack syn;-p tcp -m tcp --tcp-flags SYN,ACK SYN;OK
-p tcp --syn -j DROP;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP;OK
-p tcp ! --syn;-p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN;OK
-p tcp --syn --tcp-flags SYN SYN;;FAIL
-p tcp --tcp-flags SYN;;FAIL
-p tcp --tcp-flags FOO SYN;;FAIL
-p tcp --tcp-flags ECE SYN;;FAIL
-p tcp --tcp-option 2;-p tcp -m tcp --tcp-option 2;OK
-p tcp ! --tcp-option 2;-p tcp -m tcp ! --tcp-option 2;OK
-p tcp --tcp-option 0;;FAIL
-p tcp --tcp-option 256;;FAIL
-p tcp --dport 99999;;FAIL
-p tcp --dport 5:3;;FAIL
-p tcp --dport nosuchservice;;FAIL
-p tcp --sport 1 --sport 2;;FAIL
-p udp --tcp-flags SYN SYN;;FAIL
--dport 22;;FAIL
# udp
-p udp --sport 53 -j ACCEPT;-p udp -m udp --sport 53 -j ACCEPT;OK
-p udp --dport domain;-p udp -m udp --dport 53;OK
-p udp ! --sport 1:2 ! --dport 3:4;-p udp -m udp ! --sport 1:2 ! --dport 3:4;OK
-p udp -m udp --dport 1:;-p udp -m udp --dport 1:65535;OK
-p udp --dport 1 --dport 2;;FAIL
-p udp --dport 65536;;FAIL
# icmp
-p icmp --icmp-type echo-request -j ACCEPT;-p icmp -m icmp --icmp-type 8 -j ACCEPT;OK
-p icmp --icmp-type ping;-p icmp -m icmp --icmp-type 8;OK
-p icmp --icmp-type 3/4;-p icmp -m icmp --icmp-type 3/4;OK
-p icmp ! --icmp-type 8;-p icmp -m icmp ! --icmp-type 8;OK
-p icmp --icmp-type any;-p icmp -m icmp --icmp-type any;OK
-p icmp --icmp-type 3;-p icmp -m icmp --icmp-type 3;OK
-p icmp --icmp-type 200/7;-p icmp -m icmp --icmp-type 200/7;OK
-p icmp --icmp-type port-unreachable;-p icmp -m icmp --icmp-type 3/3;OK
-p icmp --icmp-type foo;;FAIL
-p icmp --icmp-type 256;;FAIL
-p icmp --icmp-type 3/256;;FAIL
-p icmp --icmp-type echo;;FAIL
-p icmp -m icmp;;FAIL
-p icmp --icmp-type 8 --icmp-type 0;;FAIL
# matches and order
-p tcp -m udp --dport 5 -m tcp --dport 6;-p tcp -m udp --dport 5 -m tcp --dport 6;OK
-m tcp --dport 22 -p tcp;-p tcp -m tcp --dport 22;OK
