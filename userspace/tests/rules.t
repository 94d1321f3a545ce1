# iptables .t style: rule;canonical -S form (= for identical);OK[:ERRNO]|FAIL[:message]
# OK:ERRNO: the tool takes the rule and the kernel (the engine's validator) refuses it with ERRNO.
# `*TABLE CHAIN` switches the table and chain the following rules are appended to.
# Canonical forms and messages of the NAT/conntrack/CT part are iptables-legacy 1.8.9's own.
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
-p tcp -m udp --dport 5 -m tcp --dport 6;-p tcp -m udp --dport 5 -m tcp --dport 6;OK:EINVAL
-m tcp --dport 22 -p tcp;-p tcp -m tcp --dport 22;OK
# NAT targets (nat table, libxt_NAT: SNAT rev 0, DNAT rev 2, MASQUERADE rev 0, REDIRECT rev 0)
*nat PREROUTING
-p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080;-p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080;OK
-j DNAT --to-destination 10.0.0.1;=;OK
-j DNAT --to-destination 10.0.0.1-10.0.0.1;-j DNAT --to-destination 10.0.0.1;OK
-j DNAT --to-destination 10.0.0.1-10.0.0.9;=;OK
-p udp -j DNAT --to-destination 10.0.0.1-10.0.0.9:1000-2000;=;OK
-p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/1500;=;OK
-p tcp -j DNAT --to-destination :8080;=;OK
-p tcp -j DNAT --to-destination 12:80;-p tcp -j DNAT --to-destination :80;OK
-p tcp -j DNAT --to-destination 10.0.0.1:80-80;-p tcp -j DNAT --to-destination 10.0.0.1:80;OK
-p tcp -j DNAT --to-destination 10.0.0.1:http;-p tcp -j DNAT --to-destination 10.0.0.1:80;OK
-p tcp -j DNAT --to-destination 10.0.0.1:0x50;-p tcp -j DNAT --to-destination 10.0.0.1:80;OK
-p tcp -j DNAT --to-destination 10.0.0.1:0;=;OK
-p sctp -j DNAT --to-destination 10.0.0.1:1;=;OK
-p dccp -j DNAT --to-destination 10.0.0.1:1;=;OK
-p icmp -j DNAT --to-destination 10.0.0.1:1;=;OK
-p tcp -j DNAT --to 10.0.0.1 --random --persistent;-p tcp -j DNAT --to-destination 10.0.0.1 --random --persistent;OK
-p tcp -j DNAT --persistent --random --to-destination 10.0.0.1;-p tcp -j DNAT --to-destination 10.0.0.1 --random --persistent;OK
! -p tcp -j DNAT --to-destination 10.0.0.1:80;=;OK
-j DNAT;;FAIL:DNAT: option "--to-destination" must be specified
-j DNAT --random;;FAIL:DNAT: option "--to-destination" must be specified
-j DNAT --to-destination 1.2.3.4 --to-destination 5.6.7.8;;FAIL:DNAT: option "--to-destination" can only be used once.
-j DNAT ! --to-destination 1.2.3.4;;FAIL:DNAT: option "--to-destination" cannot be inverted.
-j DNAT --to-destination 1.2.3.4:80;;FAIL:Need TCP, UDP, SCTP or DCCP with port specification
-j DNAT --to-destination 1.2.3.4:80 -p tcp;;FAIL:Need TCP, UDP, SCTP or DCCP with port specification
-p tcp --to-destination 1.2.3.4 -j DNAT;;FAIL:unknown option "--to-destination"
-p udp -j DNAT --to-destination 1.2.3.4:80 --to-destination 1.2.3.4:81;;FAIL:DNAT: option "--to-destination" can only be used once.
-j DNAT --to-destination 1.2.3.256;;FAIL:Bad IP address "1.2.3.256"
-j DNAT --to-destination 01.2.3.4;;FAIL:Bad IP address "01.2.3.4"
-j DNAT --to-destination 1.2.3;;FAIL:Bad IP address "1.2.3"
-j DNAT --to-destination 1.2.3.4-1.2.3;;FAIL:Bad IP address "1.2.3"
-j DNAT --to-destination 1.2.3.4-;;FAIL:Bad IP address ""
-j DNAT --to-destination -1.2.3.4;;FAIL:Bad IP address ""
-j DNAT --to-destination 1.2.3.4,5.6.7.8;;FAIL:Bad IP address "1.2.3.4,5.6.7.8"
-j DNAT --to-destination localhost;;FAIL:Bad IP address "localhost"
-p tcp -j DNAT --to-destination 1.2.3.4:80:90;;FAIL:Bad IP address "1.2.3.4:80:90"
-p tcp -j DNAT --to-destination 1.2.3.4:0x;;FAIL:Garbage after port value: `x'
-p tcp -j DNAT --to-destination 1.2.3.4:90-80;;FAIL:Port range `80' funky
-p tcp -j DNAT --to-destination 1.2.3.4:80-90x;;FAIL:Garbage after port range: `x'
-p tcp -j DNAT --to-destination 1.2.3.4:80-90/0;;FAIL:Port `0' not valid
-p tcp -j DNAT --to-destination 1.2.3.4:80-90/x;;FAIL:Port `x' not valid
-p tcp -j DNAT --to-destination 1.2.3.4:80/90;;FAIL:Garbage after port value: `/90'
-p tcp -j DNAT --to-destination 1.2.3.4:99999;;FAIL:Port `99999' not valid
-p tcp -j DNAT --to-destination 1.2.3.4:;;FAIL:Port `' not valid
-p tcp -j DNAT --to-destination 1.2.3.4:80-http;;FAIL:Port `http' not valid
-p tcp -j DNAT --to-destination 1.2.3.4:http-90;;FAIL:Port `http-90' not valid
-p tcp -j DNAT --to-destination [1.2.3.4]:80;;FAIL:Invalid address format
-p tcp -j DNAT --to-destination 1.2.3.4 --random --random;;FAIL:DNAT: option "--random" can only be used once.
-p tcp -j DNAT --to-destination 1.2.3.4 --persistent --persistent;;FAIL:DNAT: option "--persistent" can only be used once.
-p tcp -j DNAT --to-destination 1.2.3.4 --random-fully;;FAIL:unknown option "--random-fully"
-p tcp -j DNAT --to-destination 1.2.3.4 --to-ports 80;;FAIL:unknown option "--to-ports"
-p tcp -j REDIRECT;=;OK
-p tcp --dport 8080 -j REDIRECT --to-ports 80;-p tcp -m tcp --dport 8080 -j REDIRECT --to-ports 80;OK
-p udp -j REDIRECT --to-ports 1000-2000 --random;=;OK
-p tcp -j REDIRECT --random;=;OK
-p tcp -j REDIRECT --to-ports 1000-1000;-p tcp -j REDIRECT --to-ports 1000;OK
-j REDIRECT --to-ports 80;;FAIL:Need TCP, UDP, SCTP or DCCP with port specification
-p tcp -j REDIRECT --to-ports 80-90/85;;FAIL:Shifted portmap ranges not supported with this kernel
-p tcp -j REDIRECT --to-ports 8080/5;;FAIL:Garbage after port value: `/5'
-p tcp -j REDIRECT --to-ports 80:90;;FAIL:Invalid port:port syntax - use dash
-p tcp -j REDIRECT --to-ports 1.2.3.4:80;;FAIL:Garbage after port value: `.2.3.4:80'
-p tcp -j REDIRECT --to-ports nosuchservice;;FAIL:Port `nosuchservice' not valid
-p tcp -j REDIRECT --random-fully;;FAIL:unknown option "--random-fully"
-p tcp -j REDIRECT --to-ports 80 --to-ports 81;;FAIL:REDIRECT: option "--to-ports" can only be used once.
-p tcp -j REDIRECT --random --random;;FAIL:REDIRECT: option "--random" can only be used once.
*nat POSTROUTING
-o eth0 -j MASQUERADE;=;OK
-p tcp -j MASQUERADE --to-ports 1024-65535 --random;=;OK
-p udp -j MASQUERADE --to-ports 5000 --random-fully;=;OK
-p udp -j MASQUERADE --to-ports 1000-2000/1500;-p udp -j MASQUERADE --to-ports 1000-2000/0;OK
-p tcp -j MASQUERADE --random --random-fully;=;OK
-j MASQUERADE --to-ports 1000;;FAIL:Need TCP, UDP, SCTP or DCCP with port specification
-p tcp -j MASQUERADE --to-ports 80:90;;FAIL:Invalid port:port syntax - use dash
-p tcp -j MASQUERADE --to-ports 1000 --to-ports 2000;;FAIL:MASQUERADE: option "--to-ports" can only be used once.
-j MASQUERADE --persistent;;FAIL:unknown option "--persistent"
-j MASQUERADE ! --random;;FAIL:MASQUERADE: option "--random" cannot be inverted.
-s 10.0.0.0/8 -j SNAT --to-source 192.0.2.1;=;OK
-p tcp -j SNAT --to-source 192.0.2.1-192.0.2.9:1024-2048 --random --random-fully --persistent;=;OK
-p udp -j SNAT --to-source 192.0.2.1:53;=;OK
-p udp -j SNAT --to-source 192.0.2.1:1000-2000/1500;-p udp -j SNAT --to-source 192.0.2.1:1000-2000/0;OK
-p udp -j SNAT --to-source :1000;=;OK
-j SNAT;;FAIL:SNAT: option "--to-source" must be specified
-j SNAT --random;;FAIL:SNAT: option "--to-source" must be specified
-j SNAT --to-source 1.2.3.4 --to-source 1.2.3.5;;FAIL:SNAT: option "--to-source" can only be used once.
-j SNAT --to-source 1.2.3.4:1;;FAIL:Need TCP, UDP, SCTP or DCCP with port specification
-p udp -j SNAT --to-source 1.2.3.4:1:2;;FAIL:Bad IP address "1.2.3.4:1:2"
-j SNAT --to-source 1.2.3.4/24;;FAIL:Bad IP address "1.2.3.4/24"
-j SNAT --to-destination 1.2.3.4;;FAIL:unknown option "--to-destination"
# conntrack (rev 3) and state (alias of conntrack rev 3)
*filter INPUT
-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT;=;OK
-m conntrack --ctstate INVALID -j DROP;=;OK
-m conntrack ! --ctstate NEW,RELATED,ESTABLISHED,INVALID,UNTRACKED,SNAT,DNAT;-m conntrack ! --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT;OK
-m conntrack --ctstate est,rel,n,i,u,s,d;-m conntrack --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT;OK
-m conntrack --ctstate new --ctproto tcp;-m conntrack --ctstate NEW --ctproto 6;OK
-m conntrack --ctproto tcp ! --ctorigsrc 10.0.0.0/8 --ctorigdst 10.1.2.3/16 --ctreplsrc 10.2.0.0/255.255.0.0 ! --ctrepldst 127.0.0.1/255.0.255.0;-m conntrack --ctproto 6 ! --ctorigsrc 10.0.0.0/8 --ctorigdst 10.1.2.3/16 --ctreplsrc 10.2.0.0/16 ! --ctrepldst 127.0.0.1;OK
-m conntrack ! --ctproto udp --ctorigsrc 0.0.0.0/0 --ctorigdst 1.2.3.4/0;-m conntrack ! --ctproto 17 --ctorigsrc 0.0.0.0/0 --ctorigdst 1.2.3.4/0;OK
-m conntrack --ctproto 47 --ctorigsrc localhost;-m conntrack --ctproto 47 --ctorigsrc 127.0.0.1;OK
-m conntrack --ctproto TCP;-m conntrack --ctproto 6;OK
-m conntrack ! --ctproto all;-m conntrack ! --ctproto 0;OK
-m conntrack --ctproto 0;=;OK
-m conntrack --ctorigsrc 10.1 --ctorigdst 0x0a000001 --ctreplsrc 1.2.3.4/0xffff0000 --ctrepldst 1.2.3.4/32;-m conntrack --ctorigsrc 10.0.0.1 --ctorigdst 10.0.0.1 --ctreplsrc 1.2.3.4/16 --ctrepldst 1.2.3.4;OK
-m conntrack --ctorigsrc 1.2.3.4/33;-m conntrack --ctorigsrc 1.2.3.4;OK
-m conntrack --ctorigsrcport 1024 --ctorigdstport 80:90 --ctreplsrcport :53 --ctrepldstport 1000:;-m conntrack --ctorigsrcport 1024 --ctorigdstport 80:90 --ctreplsrcport 0:53 --ctrepldstport 1000:65535;OK
-m conntrack ! --ctorigsrcport http ! --ctorigdstport 0:65535 ! --ctreplsrcport : ! --ctrepldstport 90:80;-m conntrack ! --ctorigsrcport 80 ! --ctorigdstport 0:65535 ! --ctreplsrcport 0:65535 ! --ctrepldstport 90:80;OK
-m conntrack --ctorigdstport 65536 --ctreplsrcport 70000;-m conntrack --ctorigdstport 0 --ctreplsrcport 4464;OK
-m conntrack --ctorigdstport 080 --ctreplsrcport domain;-m conntrack --ctorigdstport 80 --ctreplsrcport 53;OK
-m conntrack --ctstatus NONE;=;OK
-m conntrack ! --ctstatus EXPECTED,SEEN_REPLY,ASSURED,CONFIRMED;=;OK
-m conntrack --ctstatus confirmed,none,exp;-m conntrack --ctstatus EXPECTED,CONFIRMED;OK
-m conntrack --ctexpire 10;=;OK
-m conntrack ! --ctexpire 10:20;=;OK
-m conntrack --ctexpire 5:;-m conntrack --ctexpire 5:4294967295;OK
-m conntrack --ctexpire :7;-m conntrack --ctexpire 0:7;OK
-m conntrack --ctexpire 0x10:010;-m conntrack --ctexpire 16:8;OK
-m conntrack --ctexpire 20:10;=;OK
-m conntrack --ctexpire 4294967295;=;OK
-m conntrack --ctdir ORIGINAL;=;OK
-m conntrack --ctdir reply;-m conntrack --ctdir REPLY;OK
-m conntrack --ctstate NEW --ctproto tcp --ctorigsrc 1.1.1.1 --ctorigdst 2.2.2.2 --ctreplsrc 3.3.3.3 --ctrepldst 4.4.4.4 --ctorigsrcport 1 --ctorigdstport 2 --ctreplsrcport 3 --ctrepldstport 4 --ctstatus ASSURED --ctexpire 9 --ctdir REPLY -j ACCEPT;-m conntrack --ctstate NEW --ctproto 6 --ctorigsrc 1.1.1.1 --ctorigdst 2.2.2.2 --ctreplsrc 3.3.3.3 --ctrepldst 4.4.4.4 --ctorigsrcport 1 --ctorigdstport 2 --ctreplsrcport 3 --ctrepldstport 4 --ctstatus ASSURED --ctexpire 9 --ctdir REPLY -j ACCEPT;OK
-m conntrack --ctdir REPLY --ctexpire 9 --ctstatus ASSURED --ctrepldstport 4 --ctreplsrcport 3 --ctorigdstport 2 --ctorigsrcport 1 --ctrepldst 4.4.4.4 --ctreplsrc 3.3.3.3 --ctorigdst 2.2.2.2 --ctorigsrc 1.1.1.1 --ctproto tcp --ctstate NEW;-m conntrack --ctstate NEW --ctproto 6 --ctorigsrc 1.1.1.1 --ctorigdst 2.2.2.2 --ctreplsrc 3.3.3.3 --ctrepldst 4.4.4.4 --ctorigsrcport 1 --ctorigdstport 2 --ctreplsrcport 3 --ctrepldstport 4 --ctstatus ASSURED --ctexpire 9 --ctdir REPLY;OK
-m conntrack --ctstate NEW -m conntrack --ctdir ORIGINAL -m state --state NEW;=;OK
-p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT;-p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT;OK
-m conntrack;;FAIL:conntrack: At least one option is required
-m conntrack --ctstate FOO;;FAIL:Bad ctstate "FOO"
-m conntrack --ctstate NEW,FOO,BAR;;FAIL:Bad ctstate "FOO,BAR"
-m conntrack --ctstate NEW,;;FAIL:Bad ctstate ""
-m conntrack --ctstate ,NEW;;FAIL:Bad ctstate ",NEW"
-m conntrack --ctstate NEWS;;FAIL:Bad ctstate "NEWS"
-m conntrack --ctstate NEW --ctstate ESTABLISHED;;FAIL:conntrack: option "--ctstate" can only be used once.
-m conntrack --ctstatus BOGUS;;FAIL:Bad ctstatus "BOGUS"
-m conntrack --ctstatus NONE,;;FAIL:Bad ctstatus ""
-m conntrack --ctstatus NONE --ctstatus ASSURED;;FAIL:conntrack: option "--ctstatus" can only be used once.
-m conntrack --ctproto foo;;FAIL:unknown protocol "foo" specified
-m conntrack ! --ctstatus NONE --ctproto all;;FAIL:conntrack: rule would never match protocol
-m conntrack --ctproto tcp --ctproto udp;;FAIL:conntrack: option "--ctproto" can only be used once.
-m conntrack --ctorigsrc 1.2.3.4/abc;;FAIL:conntrack: bad value for option "--ctorigsrc", neither a valid network mask nor valid CIDR (0-32).
-m conntrack --ctorigsrc 1.2.3.4/;;FAIL:conntrack: bad value for option "--ctorigsrc", neither a valid network mask nor valid CIDR (0-32).
-m conntrack --ctorigsrc 1.2.3.4 --ctorigsrc 1.2.3.5;;FAIL:conntrack: option "--ctorigsrc" can only be used once.
-m conntrack --ctrepldst 1.2.3.4/-1;;FAIL:conntrack: bad value for option "--ctrepldst", neither a valid network mask nor valid CIDR (0-32).
-m conntrack --ctexpire 1:2:3;;FAIL:conntrack: Too many components for option "--ctexpire" (max: 2)
-m conntrack --ctexpire abc;;FAIL:conntrack: bad value for option "--ctexpire" near "abc", or out of range (0-4294967295).
-m conntrack --ctexpire 5x;;FAIL:conntrack: Argument to "--ctexpire" has unexpected characters near "x".
-m conntrack --ctexpire 4294967296;;FAIL:conntrack: bad value for option "--ctexpire" near "4294967296", or out of range (0-4294967295).
-m conntrack --ctexpire -1;;FAIL:conntrack: bad value for option "--ctexpire" near "-1", or out of range (0-4294967295).
-m conntrack --ctorigsrcport 1:2:3;;FAIL:conntrack: Too many components for option "--ctorigsrcport" (max: 2)
-m conntrack --ctorigsrcport nosuchport;;FAIL:Port "nosuchport" does not resolve to anything.
-m conntrack --ctreplsrcport 1 --ctreplsrcport 2;;FAIL:conntrack: option "--ctreplsrcport" can only be used once.
-m conntrack --ctdir BOTH;;FAIL:conntrack: Bad value for "--ctdir" option: "BOTH"
-m conntrack ! --ctdir REPLY;;FAIL:conntrack: option "--ctdir" cannot be inverted.
-m conntrack --ctdir REPLY --ctdir ORIGINAL;;FAIL:conntrack: option "--ctdir" can only be used once.
-m conntrack --state NEW;;FAIL:unknown option "--state"
-m state --state NEW,ESTABLISHED -j ACCEPT;=;OK
-m state --state ESTABLISHED,NEW;-m state --state NEW,ESTABLISHED;OK
-m state ! --state INVALID -j ACCEPT;=;OK
-m state --state untracked,related,new,invalid,established;-m state --state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED;OK
-m state --state n,e;-m state --state NEW,ESTABLISHED;OK
-p tcp --dport 22 -m state --state NEW -j ACCEPT;-p tcp -m tcp --dport 22 -m state --state NEW -j ACCEPT;OK
-m state;;FAIL:state: option "--state" must be specified
-m state --state FOO;;FAIL:Bad state "FOO"
-m state --state NEW,;;FAIL:"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED
-m state --state ,NEW;;FAIL:Bad state ",NEW"
-m state --state SNAT;;FAIL:Bad state "SNAT"
-m state --state NEW --state ESTABLISHED;;FAIL:state: option "--state" can only be used once.
-m state --ctstate NEW;;FAIL:unknown option "--ctstate"
# CT (rev 2) and NOTRACK (alias of CT rev 2), raw table
*raw PREROUTING
-j NOTRACK;=;OK
-p udp --dport 53 -j NOTRACK;-p udp -m udp --dport 53 -j NOTRACK;OK
-j CT --notrack;=;OK
-j CT;=;OK
-j CT --zone 5;=;OK
-j CT --zone mark;=;OK
-j CT --zone MARK;-j CT --zone mark;OK
-j CT --zone 0;-j CT;OK
-j CT --zone 0x10;-j CT --zone 16;OK
-j CT --zone-orig 7;=;OK
-j CT --zone-reply 7;=;OK
-j CT --zone-orig 7 --zone-reply 8;-j CT --zone 8;OK
-j CT --zone-orig mark;=;OK
-j CT --zone 1 --zone-orig 2;-j CT --zone-orig 2;OK
-p tcp -j CT --helper ftp;=;OK
-j CT --helper abcdefghijklmnopqrstuvwxyz;-j CT --helper abcdefghijklmno;OK:ENOENT
-j CT --ctevents new,related,destroy,reply,assured,protoinfo,helper,mark,natseqinfo,secmark;=;OK
-j CT --ctevents secmark,new;-j CT --ctevents new,secmark;OK
-j CT --expevents new;=;OK
-p udp -j CT --timeout udp-policy;=;OK
-j CT --timeout abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz;-j CT --timeout abcdefghijklmnopqrstuvwxyzabcde;OK:EINVAL
-p tcp -j CT --helper ftp --timeout tcp-policy --zone-orig 3 --ctevents new,destroy;-p tcp -j CT --helper ftp --timeout tcp-policy --ctevents new,destroy --zone-orig 3;OK
-p udp ! --dport 53 -j CT --helper tftp;-p udp -m udp ! --dport 53 -j CT --helper tftp;OK
! -p tcp -j CT --helper ftp;=;OK:ENOENT
! -p tcp -j CT --timeout x;=;OK:EINVAL
-j CT --helper ftp --timeout abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz;-j CT --helper ftp --timeout abcdefghijklmnopqrstuvwxyzabcde;OK:ENOENT
-j CT --notrack --zone 1;=;OK
-j CT --notrack --helper ftp --timeout x --ctevents new --expevents new;=;OK
-j CT --ctevents bogus;;FAIL:Unknown event type "bogus"
-j CT --ctevents NEW;;FAIL:Unknown event type "NEW"
-j CT --ctevents new,;;FAIL:Unknown event type ""
-j CT --ctevents new --ctevents related;;FAIL:CT: option "--ctevents" can only be used once.
-j CT --expevents destroy;;FAIL:Unknown event type "destroy"
-j CT --zone abc;;FAIL:Cannot parse abc as a zone ID
-j CT --zone 70000;;FAIL:Cannot parse 70000 as a zone ID
-j CT --zone -1;;FAIL:Cannot parse -1 as a zone ID
-j CT --zone 1 --zone 2;;FAIL:CT: option "--zone" can only be used once.
-j CT --notrack --notrack;;FAIL:CT: option "--notrack" can only be used once.
-j CT ! --notrack;;FAIL:CT: option "--notrack" cannot be inverted.
-j NOTRACK --notrack;;FAIL:unknown option "--notrack"
-j NOTRACK --zone 1;;FAIL:unknown option "--zone"
# addrtype (revision 1)
-m addrtype;;FAIL:addrtype: you must specify --src-type or --dst-type
-m addrtype --src-type wrong;;FAIL:addrtype: bad type "wrong"
-m addrtype --src-type LOCAL,wrong;;FAIL:addrtype: bad type "wrong"
-m addrtype --src-type wrong,LOCAL;;FAIL:addrtype: bad type `wrong,LOCAL'
-m addrtype --src-type UNSPEC;=;OK
-m addrtype --dst-type UNSPEC;=;OK
-m addrtype --src-type LOCAL --dst-type LOCAL;=;OK
-m addrtype --src-type local,unicast -j ACCEPT;-m addrtype --src-type UNICAST,LOCAL -j ACCEPT;OK
-m addrtype --dst-type BROAD;-m addrtype --dst-type BROADCAST;OK
-m addrtype ! --src-type LOCAL ! --dst-type MULTICAST,BLACKHOLE;=;OK
-m addrtype --src-type LOCAL --src-type UNICAST;;FAIL:addrtype: option "--src-type" can only be used once.
-m addrtype --limit-iface-in;;FAIL:addrtype: you must specify --src-type or --dst-type
-m addrtype --limit-iface-in --limit-iface-out;;FAIL:addrtype: you must specify --src-type or --dst-type
-m addrtype --src-type LOCAL --limit-iface-in --limit-iface-out;;FAIL:addrtype: option "--limit-iface-in" cannot be used together with "--limit-iface-out".
-m addrtype --src-type LOCAL --limit-iface-in;=;OK
-m addrtype --dst-type LOCAL --limit-iface-in;=;OK
-m addrtype --dst-type LOCAL --limit-iface-out;=;OK:EINVAL
-m addrtype --dst-type XRESOLVE,NAT,THROW,PROHIBIT,UNREACHABLE,ANYCAST;-m addrtype --dst-type ANYCAST,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE;OK
*filter OUTPUT
-m addrtype --src-type LOCAL --limit-iface-out;=;OK
-m addrtype --dst-type LOCAL --limit-iface-in;=;OK:EINVAL
*nat PREROUTING
-m addrtype --dst-type LOCAL -j RETURN;=;OK
-m addrtype --dst-type LOCAL --limit-iface-in -j RETURN;=;OK
*filter INPUT
# comment
-m comment;;FAIL:comment: option "--comment" must be specified
-p tcp -m tcp --dport 22 -m comment --comment foo;=;OK
-p tcp -m comment --comment foo -m tcp --dport 22;=;OK
-m comment --comment "a b" -j ACCEPT;-m comment --comment "a b" -j ACCEPT;OK
-m comment --comment "it's" -j DROP;-m comment --comment "it\'s" -j DROP;OK
-m comment --comment "" -j DROP;-m comment --comment "" -j DROP;OK
-m comment --comment a --comment b;;FAIL:comment: option "--comment" can only be used once.
-m comment ! --comment a;;FAIL:comment: option "--comment" cannot be inverted.
-m comment --comment xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;=;OK
-m comment --comment xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy;-m comment --comment xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;OK
# mark (rev 1)
*filter INPUT
-m mark --mark 0xfeedcafe/0xfeedcafe;=;OK
-m mark --mark 0x0;=;OK
-m mark --mark 4294967295;-m mark --mark 0xffffffff;OK
-m mark --mark 4294967296;;FAIL:mark: bad integer value for option "--mark", or out of range.
-m mark --mark -1;;FAIL:mark: bad integer value for option "--mark", or out of range.
-m mark;;FAIL:mark: option "--mark" must be specified
-s 1.2.0.0/15 -m mark --mark 0x0/0xff0;=;OK
-m mark --mark 7;-m mark --mark 0x7;OK
-m mark --mark 010/0x0f;-m mark --mark 0x8/0xf;OK
-m mark --mark 0x1/0xffffffff;-m mark --mark 0x1;OK
-m mark --mark 0x1/0;-m mark --mark 0x1/0x0;OK
-m mark ! --mark 0x1/0x3 -j DROP;=;OK
-m mark --mark 1 -m mark ! --mark 2;-m mark --mark 0x1 -m mark ! --mark 0x2;OK
-m mark --mark 1/2/3;;FAIL:mark: trailing garbage after value for option "--mark".
-m mark --mark 1x;;FAIL:mark: trailing garbage after value for option "--mark".
-m mark --mark 1/;;FAIL:mark: bad integer value for option "--mark", or out of range.
-m mark --mark /1;;FAIL:mark: bad integer value for option "--mark", or out of range.
-m mark --mark 1/0x100000000;;FAIL:mark: bad integer value for option "--mark", or out of range.
-m mark --mark abc;;FAIL:mark: bad integer value for option "--mark", or out of range.
-m mark --mark 1 --mark 2;;FAIL:mark: option "--mark" can only be used once.
-m mark --set-mark 1;;FAIL:unknown option "--set-mark"
# MARK (rev 2)
-j MARK --set-xmark 0xfeedcafe/0xfeedcafe;=;OK
-j MARK --set-xmark 0x0;-j MARK --set-xmark 0x0/0xffffffff;OK
-j MARK --set-xmark 4294967295;-j MARK --set-xmark 0xffffffff/0xffffffff;OK
-j MARK --set-xmark 4294967296;;FAIL:MARK: bad integer value for option "--set-xmark", or out of range.
-j MARK --set-xmark -1;;FAIL:MARK: bad integer value for option "--set-xmark", or out of range.
-j MARK;;FAIL:MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required
-j MARK --set-mark 5;-j MARK --set-xmark 0x5/0xffffffff;OK
-j MARK --set-mark 0x5/0xf0;-j MARK --set-xmark 0x5/0xf5;OK
-j MARK --set-mark 0;-j MARK --set-xmark 0x0/0xffffffff;OK
-j MARK --and-mark 0xf0;-j MARK --set-xmark 0x0/0xffffff0f;OK
-j MARK --and-mark 0;-j MARK --set-xmark 0x0/0xffffffff;OK
-j MARK --or-mark 3;-j MARK --set-xmark 0x3/0x3;OK
-j MARK --xor-mark 3;-j MARK --set-xmark 0x3/0x0;OK
-j MARK --xor-mark 0;-j MARK --set-xmark 0x0/0x0;OK
-j MARK --set-xmark 0x11/0x1;=;OK
-p tcp --dport 80 -j MARK --set-mark 0x50;-p tcp -m tcp --dport 80 -j MARK --set-xmark 0x50/0xffffffff;OK
-m mark --mark 0x1 -j MARK --set-mark 0x2;-m mark --mark 0x1 -j MARK --set-xmark 0x2/0xffffffff;OK
-j MARK --set-mark 1 --and-mark 2;;FAIL:MARK: option "--set-mark" cannot be used together with "--and-mark".
-j MARK --and-mark 2 --set-xmark 1;;FAIL:MARK: option "--set-xmark" cannot be used together with "--and-mark".
-j MARK --xor-mark 2 --or-mark 1;;FAIL:MARK: option "--or-mark" cannot be used together with "--xor-mark".
-j MARK --set-mark 1 --set-mark 2;;FAIL:MARK: option "--set-mark" can only be used once.
-j MARK --and-mark 4294967296;;FAIL:MARK: bad value for option "--and-mark", or out of range (0-4294967295).
-j MARK --or-mark 0x1/0x2;;FAIL:MARK: bad value for option "--or-mark", or out of range (0-4294967295).
-j MARK --xor-mark -1;;FAIL:MARK: bad value for option "--xor-mark", or out of range (0-4294967295).
-j MARK --set-mark 1/2/3;;FAIL:MARK: trailing garbage after value for option "--set-mark".
-j MARK ! --set-mark 1;;FAIL:MARK: option "--set-mark" cannot be inverted.
-j MARK --mark 1;;FAIL:unknown option "--mark"
*raw PREROUTING
-j MARK --set-mark 0x1;-j MARK --set-xmark 0x1/0xffffffff;OK
*nat POSTROUTING
-j MARK --or-mark 0x1;-j MARK --set-xmark 0x1/0x1;OK
# connmark (rev 1)
*mangle PREROUTING
-m connmark --mark 0xffffffff;=;OK
-m connmark --mark 0xffffffff/0xffffffff;-m connmark --mark 0xffffffff;OK
-m connmark --mark 0xffffffff/0x0;=;OK
-m connmark --mark 0/0xffffffff;-m connmark --mark 0x0;OK
-m connmark --mark -1;;FAIL:connmark: bad integer value for option "--mark", or out of range.
-m connmark --mark 0xfffffffff;;FAIL:connmark: bad integer value for option "--mark", or out of range.
-m connmark;;FAIL:connmark: option "--mark" must be specified
-m connmark ! --mark 0x1/0x1 -j ACCEPT;=;OK
-m connmark --mark 1x;;FAIL:connmark: trailing garbage after value for option "--mark".
-m connmark --mark 1 --mark 2;;FAIL:connmark: option "--mark" can only be used once.
*filter FORWARD
-m connmark --mark 0x10/0xf0 -j DROP;=;OK
# CONNMARK (rev 2)
*mangle PREROUTING
-j CONNMARK --restore-mark;-j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff;OK
-j CONNMARK --save-mark;-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff;OK
-j CONNMARK --save-mark --nfmask 0xfffffff --ctmask 0xffffffff;=;OK
-j CONNMARK --restore-mark --nfmask 0xfffffff --ctmask 0xffffffff;=;OK
-j CONNMARK;;FAIL:CONNMARK target: No operation specified
-j CONNMARK --set-mark 1;-j CONNMARK --set-xmark 0x1/0xffffffff;OK
-j CONNMARK --set-mark 0x10/0xf0;-j CONNMARK --set-xmark 0x10/0xf0;OK
-j CONNMARK --set-mark 0x1/0xf0;-j CONNMARK --set-xmark 0x1/0xf1;OK
-j CONNMARK --set-xmark 0x10/0xf0;=;OK
-j CONNMARK --set-xmark 7;-j CONNMARK --set-xmark 0x7/0xffffffff;OK
-j CONNMARK --and-mark 0xff;-j CONNMARK --set-xmark 0x0/0xffffff00;OK
-j CONNMARK --or-mark 0x4;-j CONNMARK --set-xmark 0x4/0x4;OK
-j CONNMARK --xor-mark 4;-j CONNMARK --set-xmark 0x4/0x0;OK
-j CONNMARK --save-mark --mask 0xff;-j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff;OK
-j CONNMARK --restore-mark --mask 0xff;-j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff;OK
-j CONNMARK --restore-mark --ctmask 0xff;-j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xff;OK
-j CONNMARK --save-mark --nfmask 0xff00 --ctmask 0xffff;-j CONNMARK --save-mark --nfmask 0xff00 --ctmask 0xffff;OK
-j CONNMARK --nfmask 1 --ctmask 2 --save-mark;-j CONNMARK --save-mark --nfmask 0x1 --ctmask 0x2;OK
-j CONNMARK --set-mark 1 --mask 0xff;-j CONNMARK --set-xmark 0x1/0xff;OK
-j CONNMARK --mask 0xff --set-mark 1;-j CONNMARK --set-xmark 0x1/0xffffffff;OK
-j CONNMARK --save-mark --left-shift-mark 8;-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff --left-shift-mark 8;OK
-j CONNMARK --restore-mark --right-shift-mark 16 --mask 0xffff0000;-j CONNMARK --restore-mark --nfmask 0xffff0000 --ctmask 0xffff0000 --right-shift-mark 16;OK
-j CONNMARK --set-mark 1 --left-shift-mark 0;-j CONNMARK --set-xmark 0x1/0xffffffff;OK
-j CONNMARK --set-xmark 0x1/0xff --left-shift-mark 31;-j CONNMARK --set-xmark 0x1/0xff --left-shift-mark 31;OK
-j CONNMARK --save-mark --left-shift-mark 2 --right-shift-mark 3;-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff --right-shift-mark 3;OK
-j CONNMARK --save-mark --left-shift-mark 32;-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff --left-shift-mark 32;OK:EINVAL
-j CONNMARK --restore-mark --right-shift-mark 32;-j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff --right-shift-mark 32;OK:EINVAL
-j CONNMARK --save-mark --left-shift-mark 33;;FAIL:CONNMARK: bad value for option "--left-shift-mark", or out of range (0-32).
-j CONNMARK --save-mark --right-shift-mark -1;;FAIL:CONNMARK: bad value for option "--right-shift-mark", or out of range (0-32).
-j CONNMARK --save-mark --restore-mark;;FAIL:CONNMARK: option "--save-mark" cannot be used together with "--restore-mark".
-j CONNMARK --restore-mark --set-xmark 1;;FAIL:CONNMARK: option "--set-xmark" cannot be used together with "--restore-mark".
-j CONNMARK --and-mark 1 --or-mark 2;;FAIL:CONNMARK: option "--and-mark" cannot be used together with "--or-mark".
-j CONNMARK --save-mark --ctmask 1 --mask 2;;FAIL:CONNMARK: option "--ctmask" cannot be used together with "--mask".
-j CONNMARK --mask 2 --nfmask 1 --restore-mark;;FAIL:CONNMARK: option "--nfmask" cannot be used together with "--mask".
-j CONNMARK --mask 1;;FAIL:CONNMARK target: No operation specified
-j CONNMARK --left-shift-mark 1;;FAIL:CONNMARK target: No operation specified
-j CONNMARK --mask 1 --ctmask 2;;FAIL:CONNMARK target: No operation specified
-j CONNMARK --set-mark 1 --set-mark 2;;FAIL:CONNMARK: option "--set-mark" can only be used once.
-j CONNMARK --save-mark --save-mark;;FAIL:CONNMARK: option "--save-mark" can only be used once.
-j CONNMARK ! --save-mark;;FAIL:CONNMARK: option "--save-mark" cannot be inverted.
-j CONNMARK --set-mark 1/2/3;;FAIL:CONNMARK: trailing garbage after value for option "--set-mark".
-j CONNMARK --set-xmark 0x100000000;;FAIL:CONNMARK: bad integer value for option "--set-xmark", or out of range.
-j CONNMARK --save-mark --ctmask -1;;FAIL:CONNMARK: bad value for option "--ctmask", or out of range (0-4294967295).
-j CONNMARK --and-mark 0x1/0x1;;FAIL:CONNMARK: bad value for option "--and-mark", or out of range (0-4294967295).
*filter OUTPUT
-j CONNMARK --save-mark;-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff;OK
*raw OUTPUT
-j CONNMARK --set-mark 0x3;-j CONNMARK --set-xmark 0x3/0xffffffff;OK
# limit
-m limit;-m limit --limit 3/hour;OK
-m limit --limit 1/sec;=;OK
-m limit --limit 1/min;=;OK
-m limit --limit 1000/hour;=;OK
-m limit --limit 1000/day;=;OK
-m limit --limit 1/sec --limit-burst 1;=;OK
-m limit --limit 5;-m limit --limit 5/sec;OK
-m limit --limit 3/s;-m limit --limit 3/sec;OK
-m limit --limit 3/SeC;-m limit --limit 3/sec;OK
-m limit --limit 3/M;-m limit --limit 3/min;OK
-m limit --limit 60/minute;-m limit --limit 1/sec;OK
-m limit --limit 2/h;-m limit --limit 2/hour;OK
-m limit --limit 7/d;-m limit --limit 7/day;OK
-m limit --limit 12/hour;=;OK
-m limit --limit 90/min;=;OK
-m limit --limit 7/sec;=;OK
-m limit --limit 10000/sec;=;OK
-m limit --limit 5abc;-m limit --limit 5/sec;OK
-m limit --limit 3/hour --limit-burst 5;-m limit --limit 3/hour;OK
-m limit --limit-burst 7;-m limit --limit 3/hour --limit-burst 7;OK
-m limit --limit 1/hour --limit-burst 37;=;OK
-m limit --limit 1/hour --limit-burst 38;=;OK:ERANGE
-m limit --limit 1/day --limit-burst 2;=;OK:ERANGE
-m limit --limit 1/sec --limit-burst 0;=;OK:ERANGE
-m limit --limit-burst 10000;-m limit --limit 3/hour --limit-burst 10000;OK:ERANGE
-m limit --limit 1/sec --limit-burst 10000;=;OK
-m limit --limit 1/sec -j ACCEPT;=;OK
-p tcp -m limit --limit 2/min --limit-burst 3 -j DROP;=;OK
-m limit --limit 1/seconds;;FAIL:bad rate "1/seconds"'
-m limit --limit 0/sec;;FAIL:bad rate "0/sec"'
-m limit --limit abc;;FAIL:bad rate "abc"'
-m limit --limit 1/;;FAIL:bad rate "1/"'
-m limit --limit /sec;;FAIL:bad rate "/sec"'
-m limit --limit 1/week;;FAIL:bad rate "1/week"'
-m limit --limit 10001/sec;;FAIL:Rate too fast "10001/sec"
-m limit --limit -1/day;;FAIL:Rate too fast "-1/day"
-m limit --limit-burst 10001;;FAIL:limit: bad value for option "--limit-burst", or out of range (0-10000).
-m limit --limit-burst -1;;FAIL:limit: bad value for option "--limit-burst", or out of range (0-10000).
-m limit --limit-burst abc;;FAIL:limit: bad value for option "--limit-burst", or out of range (0-10000).
-m limit ! --limit 1/sec;;FAIL:limit: option "--limit" cannot be inverted.
-m limit ! --limit-burst 1;;FAIL:limit: option "--limit-burst" cannot be inverted.
-m limit --limit 1/sec --limit 2/sec;;FAIL:limit: option "--limit" can only be used once.
-m limit --limit-burst 1 --limit-burst 2;;FAIL:limit: option "--limit-burst" can only be used once.
# statistic
-m statistic;;FAIL:--probability must be specified when using random mode
-m statistic --mode random ! --probability 0.50000000000;=;OK
-m statistic --mode random ! --probability 1.1;;FAIL:statistic: bad value for option "--probability", or out of range (0-1).
-m statistic --probability 1;;FAIL:statistic: option "--mode" must be specified
-m statistic --mode nth ! --every 5 --packet 2;=;OK
-m statistic --mode nth ! --every 5;;FAIL:statistic: option "--every" also requires "--packet".
-m statistic --mode nth ! --every 5 --packet 5;;FAIL:the --packet p must be 0 <= p <= n-1
-m statistic --mode random --probability 0.5;-m statistic --mode random --probability 0.50000000000;OK
-m statistic --mode random --probability 0;-m statistic --mode random --probability 0.00000000000;OK
-m statistic --mode random --probability 1;-m statistic --mode random --probability 1.00000000000;OK
-m statistic --mode random --probability 0.3;-m statistic --mode random --probability 0.29999999981;OK
-m statistic --mode random --probability 0.1;-m statistic --mode random --probability 0.10000000009;OK
-m statistic --mode random --probability 0.99999999999;-m statistic --mode random --probability 1.00000000000;OK
-m statistic --mode random --probability 0x1p-2;-m statistic --mode random --probability 0.25000000000;OK
-m statistic --mode random --probability 1e-10;-m statistic --mode random --probability 0.00000000000;OK
-m statistic --mode random --probability .000000001;-m statistic --mode random --probability 0.00000000093;OK
-m statistic --mode random --probability -0.1;;FAIL:statistic: bad value for option "--probability", or out of range (0-1).
-m statistic --mode random --probability abc;;FAIL:statistic: bad value for option "--probability", or out of range (0-1).
-m statistic --mode random --probability 0.5x;;FAIL:statistic: bad value for option "--probability", or out of range (0-1).
-m statistic --mode nth --every 3 --packet 0;=;OK
-m statistic --mode nth --every 1 --packet 0;=;OK
-m statistic --mode nth --every 0x10 --packet 017;-m statistic --mode nth --every 16 --packet 15;OK
-m statistic --mode nth --every 4294967295 --packet 4294967294;=;OK
-m statistic --mode nth --every 2 --packet 1 -j DROP;=;OK
-m statistic --mode nth --every 0 --packet 0;;FAIL:statistic: bad value for option "--every", or out of range (1-4294967295).
-m statistic --mode nth --every 4294967296 --packet 0;;FAIL:statistic: bad value for option "--every", or out of range (1-4294967295).
-m statistic --mode nth --every 2 --packet -1;;FAIL:statistic: bad value for option "--packet", or out of range (0-4294967295).
-m statistic --mode nth --packet 1;;FAIL:the --packet p must be 0 <= p <= n-1
-m statistic --mode nth --packet 0;;FAIL:statistic: option "--packet" also requires "--every".
-m statistic --mode nth;;FAIL:--every and --packet must be specified when using nth mode
-m statistic --mode random --every 2 --packet 1;;FAIL:--probability must be specified when using random mode
-m statistic --mode nth --every 2 --packet 1 --probability 0.5;;FAIL:statistic: option "--probability" cannot be used together with "--every".
-m statistic --mode random --probability 0.5 --every 2;;FAIL:statistic: option "--probability" cannot be used together with "--every".
-m statistic --mode random --probability 0.5 --packet 0;;FAIL:statistic: option "--probability" cannot be used together with "--packet".
-m statistic --mode bogus;;FAIL:Bad mode "bogus"
-m statistic --mode Random;;FAIL:Bad mode "Random"
-m statistic ! --mode nth;;FAIL:statistic: option "--mode" cannot be inverted.
-m statistic --mode nth --every 2 ! --packet 1;;FAIL:statistic: option "--packet" cannot be inverted.
-m statistic --mode nth --mode nth;;FAIL:statistic: option "--mode" can only be used once.
-m statistic --mode random --probability 0.5 --probability 0.5;;FAIL:statistic: option "--probability" can only be used once.
-m statistic --mode random --probability nan;-m statistic --mode random --probability 0.00000000000;OK
-m statistic --mode random --probability -0;-m statistic --mode random --probability 0.00000000000;OK
-m statistic --mode random --probability inf;;FAIL:statistic: bad value for option "--probability", or out of range (0-1).
# helper
-m helper --helper ftp;=;OK
-m helper ! --helper ftp;=;OK
-p tcp -m helper --helper irc -j ACCEPT;=;OK
-m helper --helper abcdefghijklmnopqrstuvwxyz0123456789;-m helper --helper abcdefghijklmnopqrstuvwxyz012;OK
-m helper --helper a.b;-m helper --helper "a.b";OK
-m helper --helper "it's";-m helper --helper "it\'s";OK
-m helper;;FAIL:helper: option "--helper" must be specified
-m helper --helper ftp --helper irc;;FAIL:helper: option "--helper" can only be used once.
-m helper --helpr ftp;;FAIL:unknown option "--helpr"
# multiport (rev 1, libxt_multiport.t and errors)
*filter INPUT
-p tcp -m multiport --sports 53,1024:65535;=;OK
-p tcp -m multiport --dports 53,1024:65535;=;OK
-p udp -m multiport --sports 53,1024:65535;=;OK
-p udp -m multiport --dports 53,1024:65535;=;OK
-p udp -m multiport --ports 53,1024:65535;=;OK
-p sctp -m multiport --sports 53,1024:65535;=;OK
-p sctp -m multiport --dports 53,1024:65535;=;OK
-p dccp -m multiport --sports 53,1024:65535;=;OK
-p dccp -m multiport --dports 53,1024:65535;=;OK
-p udplite -m multiport --sports 53,1024:65535;=;OK
-p udplite -m multiport --dports 53,1024:65535;=;OK
-p tcp -m multiport --ports 1,2,3,4,6,7,8,9,10,11,12,13,14,15;=;OK
-p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15;=;OK
-p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:15;=;OK
-p tcp -m multiport ! --dports 22,80 -j ACCEPT;=;OK
-p tcp -m multiport --source-ports ssh,http;-p tcp -m multiport --sports 22,80;OK
-p tcp -m multiport --destination-ports 0x16,+80,010;-p tcp -m multiport --dports 22,80,8;OK
-p tcp -m multiport --dports 22 -m multiport --sports 1024:65535;=;OK
-p 6 -m multiport --dpor 22;-p tcp -m multiport --dports 22;OK
-p tcp -m multiport --dports 0:65535;=;OK
-p tcp -m multiport --sports 1024:65536;;FAIL:invalid port/service `65536' specified
-p udp -m multiport --sports 1024:65536;;FAIL:invalid port/service `65536' specified
-p tcp -m multiport --ports 1024:65536;;FAIL:invalid port/service `65536' specified
-p udp -m multiport --ports 1024:65536;;FAIL:invalid port/service `65536' specified
-p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16;;FAIL:too many ports specified
-p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16;;FAIL:too many ports specified
-p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:15,16;;FAIL:too many ports specified
-p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,nope;;FAIL:too many ports specified
-p tcp -m multiport --ports 20:10;;FAIL:invalid portrange specified
-p tcp -m multiport --ports 20:20;;FAIL:invalid portrange specified
-p tcp -m multiport --ports 1:2:3;;FAIL:invalid port/service `2:3' specified
-p tcp -m multiport --ports 22,;;FAIL:invalid port/service `' specified
-p tcp -m multiport --ports nosuchservice;;FAIL:invalid port/service `nosuchservice' specified
-p tcp -m multiport --ports -1;;FAIL:invalid port/service `-1' specified
-m multiport --dports 22;;FAIL:multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'
-p icmp -m multiport --dports 22;;FAIL:multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP
! -p tcp -m multiport --dports 22;;FAIL:multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP
-m multiport --dports 22 -p tcp;;FAIL:multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'
-p tcp -m multiport --dports 22 --dports 23;;FAIL:multiport: option "--destination-ports" can only be used once.
-p tcp -m multiport --sports 22 --source-ports 23;;FAIL:multiport: option "--source-ports" can only be used once.
-p tcp -m multiport --sports 22 --dports 23;;FAIL:multiport: option "--source-ports" cannot be used together with "--destination-ports".
-p tcp -m multiport --ports 22 --dports 23;;FAIL:multiport: option "--destination-ports" cannot be used together with "--ports".
-p tcp -m multiport --ports 22 --sports 23;;FAIL:multiport: option "--source-ports" cannot be used together with "--ports".
-p tcp --multiport;;FAIL:unknown option "--multiport"
-m multiport;;FAIL:multiport expection an option
-p tcp -m multiport;;FAIL:multiport expection an option
# iprange (rev 1, libxt_iprange.t and errors)
-m iprange --src-range 1.1.1.1-1.1.1.10;=;OK
-m iprange ! --src-range 1.1.1.1-1.1.1.10;=;OK
-m iprange --dst-range 1.1.1.1-1.1.1.10;=;OK
-m iprange ! --dst-range 1.1.1.1-1.1.1.10;=;OK
-m iprange --src-range 1.1.1.1;-m iprange --src-range 1.1.1.1-1.1.1.1;OK
-m iprange --dst-range 10-10.1;-m iprange --dst-range 10.0.0.0-10.1.0.0;OK
-m iprange --src-range 0x0a.0.0.1-010.0.0.2 ! --dst-range 192.168.0.0-192.168.255.255 -j DROP;-m iprange --src-range 10.0.0.1-8.0.0.2 ! --dst-range 192.168.0.0-192.168.255.255 -j DROP;OK
-m iprange --dst-range 2.2.2.2-2.2.2.3 --src-range 1.1.1.1-1.1.1.2;-m iprange --src-range 1.1.1.1-1.1.1.2 --dst-range 2.2.2.2-2.2.2.3;OK
-m iprange --src-range 1.1.1.10-1.1.1.1;=;OK
-m iprange;;FAIL:iprange match: You must specify `--src-range' or `--dst-range'
-m iprange --src-range 1.1.1.1-1.1.1.256;;FAIL:iprange: Bad value for "--src-range" option: "1.1.1.256"
-m iprange --dst-range foo-1.1.1.1;;FAIL:iprange: Bad value for "--dst-range" option: "foo"
-m iprange --dst-range 1.1.1.1-;;FAIL:iprange: Bad value for "--dst-range" option: ""
-m iprange --dst-range 1.1.1.1-2.2.2.2-3.3.3.3;;FAIL:iprange: Bad value for "--dst-range" option: "2.2.2.2-3.3.3.3"
-m iprange --dst-range 1.1.1.1/24;;FAIL:iprange: Bad value for "--dst-range" option: "1.1.1.1/24"
-m iprange --src-range 1.1.1.1 --src-range 1.1.1.2;;FAIL:iprange: option "--src-range" can only be used once.
# pkttype (libxt_pkttype.t and errors)
-m pkttype --pkt-type unicast;=;OK
-m pkttype --pkt-type broadcast;=;OK
-m pkttype --pkt-type multicast;=;OK
-m pkttype --pkt-type otherhost;=;OK
-m pkttype ! --pkt-type unicast -j DROP;=;OK
-m pkttype --pkt-type BCAST;-m pkttype --pkt-type broadcast;OK
-m pkttype --pkt-type mcast;-m pkttype --pkt-type multicast;OK
-m pkttype --pkt-type Host;-m pkttype --pkt-type unicast;OK
-m pkttype --pkt-type wrong;;FAIL:Bad packet type 'wrong'
-m pkttype --pkt-type uni;;FAIL:Bad packet type 'uni'
-m pkttype --pkt-type outgoing;;FAIL:Bad packet type 'outgoing'
-m pkttype;;FAIL:pkttype: option "--pkt-type" must be specified
-m pkttype --pkt-type host --pkt-type host;;FAIL:pkttype: option "--pkt-type" can only be used once.
# mac (libxt_mac.t and errors; PREROUTING, INPUT and FORWARD only)
-m mac --mac-source 42:01:02:03:04:05;=;OK
-m mac ! --mac-source 42:01:02:03:04:05 -j DROP;=;OK
-m mac --mac-source 42:1:2:3:4:5;-m mac --mac-source 42:01:02:03:04:05;OK
-m mac --mac-source AA:BB:CC:DD:EE:FF;-m mac --mac-source aa:bb:cc:dd:ee:ff;OK
-m mac --mac-source 42:01:02:03:04:;-m mac --mac-source 42:01:02:03:04:00;OK
-m mac --mac-source 42:01:02:03:04;;FAIL:Invalid MAC address specified.
-m mac --mac-source 42:01:02:03:04:05:06;;FAIL:Invalid MAC address specified.
-m mac --mac-source 042:01:02:03:04:05;;FAIL:Invalid MAC address specified.
-m mac --mac-source 42-01-02-03-04-05;;FAIL:Invalid MAC address specified.
-m mac;;FAIL:mac: option "--mac-source" must be specified
-m mac --mac-source 42:01:02:03:04:05 --mac-source 42:01:02:03:04:05;;FAIL:mac: option "--mac-source" can only be used once.
*filter FORWARD
-m mac --mac-source 42:01:02:03:04:05;=;OK
*filter OUTPUT
-m mac --mac-source 42:01:02:03:04:05;=;OK:EINVAL
*mangle POSTROUTING
-m mac --mac-source 42:01:02:03:04:05;=;OK:EINVAL
*mangle PREROUTING
-m mac --mac-source 42:01:02:03:04:05;=;OK
*filter INPUT
# length (libxt_length.t and errors)
-m length --length 1;=;OK
-m length --length :2;-m length --length 0:2;OK
-m length --length 0:3;=;OK
-m length --length 4:;-m length --length 4:65535;OK
-m length --length 0:65535;=;OK
-m length ! --length 0:65535;=;OK
-m length --length 5:5;-m length --length 5;OK
-m length --length 9:3;=;OK
-m length --length 0x10:0100;-m length --length 16:64;OK
-m length --length :;-m length --length 0:65535;OK
-m length --length 0:65536;;FAIL:length: bad value for option "--length" near "65536", or out of range (0-65535).
-m length --length -1:65535;;FAIL:length: bad value for option "--length" near "-1:65535", or out of range (0-65535).
-m length --length 1:2:3;;FAIL:length: Too many components for option "--length" (max: 2)
-m length --length 1x;;FAIL:length: Argument to "--length" has unexpected characters near "x".
-m length --length 1 --length 2;;FAIL:length: option "--length" can only be used once.
-m length;;FAIL:length: option "--length" must be specified
# ttl (libipt_ttl.t and errors)
-m ttl --ttl-eq 0;=;OK
-m ttl --ttl-eq 255;=;OK
-m ttl ! --ttl-eq 0;=;OK
-m ttl ! --ttl-eq 255;=;OK
-m ttl --ttl-gt 0;=;OK
-m ttl --ttl-lt 5;=;OK
-m ttl --ttl 64;-m ttl --ttl-eq 64;OK
-m ttl ! --ttl 64;-m ttl ! --ttl-eq 64;OK
-m ttl --ttl-gt 255;=;OK
-m ttl --ttl-lt 0;=;OK
-m ttl --ttl-eq 256;;FAIL:ttl: bad value for option "--ttl-eq", or out of range (0-255).
-m ttl --ttl-eq -1;;FAIL:ttl: bad value for option "--ttl-eq", or out of range (0-255).
-m ttl --ttl x;;FAIL:ttl: bad value for option "--ttl-eq", or out of range (0-255).
-m ttl ! --ttl-lt 5;;FAIL:ttl: option "--ttl-lt" cannot be inverted.
-m ttl --ttl-eq 1 --ttl 2;;FAIL:ttl: option "--ttl-eq" can only be used once.
-m ttl --ttl-eq 1 --ttl-lt 2;;FAIL:ttl: option "--ttl-lt" cannot be used together with "--ttl-eq".
-m ttl --ttl-gt 1 --ttl-lt 2;;FAIL:ttl: option "--ttl-lt" cannot be used together with "--ttl-gt".
-m ttl;;FAIL:TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt
# dscp (libxt_dscp.t and errors)
-m dscp --dscp 0x00;=;OK
-m dscp --dscp 0x3f;=;OK
-m dscp ! --dscp 46 -j DROP;-m dscp ! --dscp 0x2e -j DROP;OK
-m dscp --dscp 010;-m dscp --dscp 0x08;OK
-m dscp --dscp-class CS0;-m dscp --dscp 0x00;OK
-m dscp --dscp-class BE;-m dscp --dscp 0x00;OK
-m dscp --dscp-class EF;-m dscp --dscp 0x2e;OK
-m dscp ! --dscp-class af41;-m dscp ! --dscp 0x22;OK
-m dscp --dscp-class AF111;-m dscp --dscp 0x0a;OK
-m dscp --dscp -1;;FAIL:dscp: bad value for option "--dscp", or out of range (0-63).
-m dscp --dscp 0x40;;FAIL:dscp: bad value for option "--dscp", or out of range (0-63).
-m dscp --dscp 0x3f --dscp-class CS0;;FAIL:dscp: option "--dscp" cannot be used together with "--dscp-class".
-m dscp --dscp-class CS0 --dscp 1;;FAIL:dscp: option "--dscp" cannot be used together with "--dscp-class".
-m dscp --dscp 1 --dscp 2;;FAIL:dscp: option "--dscp" can only be used once.
-m dscp --dscp-class AF1;;FAIL:Invalid DSCP value `AF1'
-m dscp;;FAIL:DSCP match: Parameter --dscp is required
# tos (rev 1, libxt_tos.t and errors)
-m tos --tos Minimize-Delay;-m tos --tos 0x10/0x3f;OK
-m tos --tos Maximize-Throughput;-m tos --tos 0x08/0x3f;OK
-m tos --tos Maximize-Reliability;-m tos --tos 0x04/0x3f;OK
-m tos --tos Minimize-Cost;-m tos --tos 0x02/0x3f;OK
-m tos --tos Normal-Service;-m tos --tos 0x00/0x3f;OK
-m tos --tos normal-service;-m tos --tos 0x00/0x3f;OK
-m tos --tos 0xff;-m tos --tos 0xff/0xff;OK
-m tos ! --tos 0xff;-m tos ! --tos 0xff/0xff;OK
-m tos --tos 0x00;-m tos --tos 0x00/0xff;OK
-m tos --tos 0x0f;-m tos --tos 0x0f/0xff;OK
-m tos --tos 0x0f/0x0f;=;OK
-m tos --tos 16/077;-m tos --tos 0x10/0x3f;OK
-m tos --tos wrong;;FAIL:Symbolic name "wrong" is unknown
-m tos --tos 256;;FAIL:Symbolic name "256" is unknown
-m tos --tos 0x10/;;FAIL:Illegal value: "0x10/"
-m tos --tos 0x10/0x100;;FAIL:Illegal value: "0x10/0x100"
-m tos --tos 0x10x;;FAIL:Illegal value: "0x10x"
-m tos --tos 1 --tos 2;;FAIL:tos: option "--tos" can only be used once.
-m tos;;FAIL:tos: option "--tos" must be specified
# REJECT (rev 0, libipt_REJECT; filter INPUT/FORWARD/OUTPUT only)
*filter INPUT
-j REJECT;-j REJECT --reject-with icmp-port-unreachable;OK
-j REJECT --reject-with icmp-net-unreachable;=;OK
-j REJECT --reject-with icmp-host-unreachable;=;OK
-j REJECT --reject-with icmp-port-unreachable;=;OK
-j REJECT --reject-with icmp-proto-unreachable;=;OK
-j REJECT --reject-with icmp-net-prohibited;=;OK
-j REJECT --reject-with icmp-host-prohibited;=;OK
-j REJECT --reject-with icmp-admin-prohibited;=;OK
-p tcp -j REJECT --reject-with tcp-reset;=;OK
-p tcp --dport 9090 -j REJECT --reject-with tcp-reset;-p tcp -m tcp --dport 9090 -j REJECT --reject-with tcp-reset;OK
-p udp -j REJECT --reject-with icmp-port-unreachable;=;OK
-j REJECT --reject-with net-unreach;-j REJECT --reject-with icmp-net-unreachable;OK
-j REJECT --reject-with host-unreach;-j REJECT --reject-with icmp-host-unreachable;OK
-j REJECT --reject-with proto-unreach;-j REJECT --reject-with icmp-proto-unreachable;OK
-j REJECT --reject-with port-unreach;-j REJECT --reject-with icmp-port-unreachable;OK
-j REJECT --reject-with net-prohib;-j REJECT --reject-with icmp-net-prohibited;OK
-j REJECT --reject-with host-prohib;-j REJECT --reject-with icmp-host-prohibited;OK
-j REJECT --reject-with admin-prohib;-j REJECT --reject-with icmp-admin-prohibited;OK
-p tcp -j REJECT --reject-with tcp-rst;-p tcp -j REJECT --reject-with tcp-reset;OK
-j REJECT --reject-with ICMP-HOST-PROHIBITED;-j REJECT --reject-with icmp-host-prohibited;OK
-j REJECT --reject-with Port-Unreach;-j REJECT --reject-with icmp-port-unreachable;OK
-j REJECT --reject-with icmp;-j REJECT --reject-with icmp-net-unreachable;OK
-j REJECT --reject-with icmp-h;-j REJECT --reject-with icmp-host-unreachable;OK
-j REJECT --reject-with icmp-host-p;-j REJECT --reject-with icmp-host-prohibited;OK
-j REJECT --reject-with h;-j REJECT --reject-with icmp-host-unreachable;OK
-j REJECT --reject-with admin;-j REJECT --reject-with icmp-admin-prohibited;OK
-p tcp -j REJECT --reject-with tcp;-p tcp -j REJECT --reject-with tcp-reset;OK
-p tcp -j REJECT --reject-with t;-p tcp -j REJECT --reject-with tcp-reset;OK
-j REJECT --reject-with tcp-reset;=;OK:EINVAL
-p udp -j REJECT --reject-with tcp-reset;=;OK:EINVAL
! -p tcp -j REJECT --reject-with tcp-reset;=;OK:EINVAL
-p 6 -j REJECT --reject-with tcp-reset;-p tcp -j REJECT --reject-with tcp-reset;OK
-j REJECT --reject-with foo;;FAIL:unknown reject type "foo"
-j REJECT --reject-with echo-reply;;FAIL:unknown reject type "echo-reply"
-j REJECT --reject-with echoreply;;FAIL:unknown reject type "echoreply"
-j REJECT --reject-with e;;FAIL:unknown reject type "e"
-j REJECT --reject-with icmp-port-unreachablex;;FAIL:unknown reject type "icmp-port-unreachablex"
-j REJECT --reject-with tcp-resets;;FAIL:unknown reject type "tcp-resets"
-j REJECT --reject-with icmp-net-prohib;-j REJECT --reject-with icmp-net-prohibited;OK
-j REJECT --reject-with icmp-net-prohibx;;FAIL:unknown reject type "icmp-net-prohibx"
-j REJECT --reject-with tcp-reset --reject-with tcp-reset;;FAIL:REJECT: option "--reject-with" can only be used once.
-j REJECT ! --reject-with tcp-reset;;FAIL:REJECT: option "--reject-with" cannot be inverted.
-j REJECT --to-ports 80;;FAIL:unknown option "--to-ports"
--reject-with tcp-reset -j REJECT;;FAIL:unknown option "--reject-with"
*filter FORWARD
-j REJECT --reject-with icmp-host-prohibited;=;OK
-p tcp -j REJECT --reject-with tcp-reset;=;OK
*filter OUTPUT
-j REJECT;-j REJECT --reject-with icmp-port-unreachable;OK
*mangle INPUT
-j REJECT;-j REJECT --reject-with icmp-port-unreachable;OK:EINVAL
*mangle FORWARD
-p tcp -j REJECT --reject-with tcp-reset;=;OK:EINVAL
*raw PREROUTING
-j REJECT;-j REJECT --reject-with icmp-port-unreachable;OK:EINVAL
*nat PREROUTING
-j REJECT --reject-with icmp-host-prohibited;=;OK:EINVAL
# LOG (rev 0, libxt_LOG)
*filter INPUT
-j LOG;=;OK
-j LOG --log-prefix abc;=;OK
-j LOG --log-prefix test:;-j LOG --log-prefix "test:";OK
-j LOG --log-prefix a_b-C9;=;OK
-j LOG --log-prefix "a'b";-j LOG --log-prefix "a\'b";OK
-j LOG --log-prefix 'a"b';-j LOG --log-prefix "a\"b";OK
-j LOG --log-prefix a\b;-j LOG --log-prefix "a\\b";OK
-j LOG --log-prefix abcdefghijklmnopqrstuvwxyz012;=;OK
-j LOG --log-prefix abcdefghijklmnopqrstuvwxyz0123456789;-j LOG --log-prefix abcdefghijklmnopqrstuvwxyz012;OK
-j LOG --log-level 4;-j LOG;OK
-j LOG --log-level warning;-j LOG;OK
-j LOG --log-level emerg;-j LOG --log-level 0;OK
-j LOG --log-level panic;-j LOG --log-level 0;OK
-j LOG --log-level alert;-j LOG --log-level 1;OK
-j LOG --log-level crit;-j LOG --log-level 2;OK
-j LOG --log-level error;-j LOG --log-level 3;OK
-j LOG --log-level notice;-j LOG --log-level 5;OK
-j LOG --log-level info;-j LOG --log-level 6;OK
-j LOG --log-level debug;-j LOG --log-level 7;OK
-j LOG --log-level 0;=;OK
-j LOG --log-level 7;=;OK
-j LOG --log-level 0x6;-j LOG --log-level 6;OK
-j LOG --log-level 07;-j LOG --log-level 7;OK
-j LOG --log-level +3;-j LOG --log-level 3;OK
-j LOG --log-tcp-sequence;=;OK
-j LOG --log-tcp-options;=;OK
-j LOG --log-ip-options;=;OK
-j LOG --log-uid;=;OK
-j LOG --log-macdecode;=;OK
-j LOG --log-prefix x --log-level 7 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode;=;OK
-j LOG --log-macdecode --log-uid --log-ip-options --log-tcp-options --log-tcp-sequence --log-level debug --log-prefix x;-j LOG --log-prefix x --log-level 7 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode;OK
-p tcp --dport 22 -j LOG --log-prefix ssh;-p tcp -m tcp --dport 22 -j LOG --log-prefix ssh;OK
-j LOG --log-level 8;;FAIL:log level "8" unknown
-j LOG --log-level warn;;FAIL:log level "warn" unknown
-j LOG --log-level err;;FAIL:log level "err" unknown
-j LOG --log-level WARNING;;FAIL:log level "WARNING" unknown
-j LOG --log-level -1;;FAIL:log level "-1" unknown
-j LOG --log-level 4x;;FAIL:log level "4x" unknown
-j LOG --log-level 4 --log-level 5;;FAIL:LOG: option "--log-level" can only be used once.
-j LOG --log-prefix a --log-prefix b;;FAIL:LOG: option "--log-prefix" can only be used once.
-j LOG --log-uid --log-uid;;FAIL:LOG: option "--log-uid" can only be used once.
-j LOG ! --log-uid;;FAIL:LOG: option "--log-uid" cannot be inverted.
-j LOG ! --log-prefix x;;FAIL:LOG: option "--log-prefix" cannot be inverted.
-j LOG --log-tcp-seq;-j LOG --log-tcp-sequence;OK
-j LOG --reject-with tcp-reset;;FAIL:unknown option "--reject-with"
--log-prefix x -j LOG;;FAIL:unknown option "--log-prefix"
*filter OUTPUT
-o lo -j LOG --log-level 6 --log-prefix out;-o lo -j LOG --log-prefix out --log-level 6;OK
*mangle PREROUTING
-j LOG --log-prefix pre;=;OK
*nat POSTROUTING
-j LOG --log-level 1;=;OK
*raw OUTPUT
-j LOG --log-uid;=;OK
# owner (rev 1, libxt_owner.t and libxt_owner.c's messages)
*mangle OUTPUT
-m owner --uid-owner root;-m owner --uid-owner 0;OK
-m owner --uid-owner 0-10;=;OK
-m owner --gid-owner root;-m owner --gid-owner 0;OK
-m owner --gid-owner 0-10;=;OK
-m owner --uid-owner root --gid-owner root;-m owner --uid-owner 0 --gid-owner 0;OK
-m owner --uid-owner 0-10 --gid-owner 0-10;=;OK
-m owner ! --uid-owner root;-m owner ! --uid-owner 0;OK
-m owner --socket-exists;=;OK
-m owner --gid-owner 0-10 --suppl-groups;=;OK
-m owner --suppl-groups --gid-owner 0-10;;FAIL:owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"
-m owner --gid-owner 0-10 ! --suppl-groups;;FAIL:owner: option "--suppl-groups" cannot be inverted.
-m owner --suppl-groups;;FAIL:owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"
-m owner --uid-owner 0:10;-m owner --uid-owner 0-10;OK
-m owner --uid-owner 0x10-020;-m owner --uid-owner 16;OK
-m owner --uid-owner 4294967294;=;OK
-m owner --uid-owner 4294967295;;FAIL:owner: Bad value for "--uid-owner" option: "4294967295"
-m owner --uid-owner -1;;FAIL:owner: Bad value for "--uid-owner" option: "-1"
-m owner --uid-owner 1-;;FAIL:owner: Bad value for "--uid-owner" option: "1-"
-m owner --uid-owner 1-2-3;;FAIL:owner: Bad value for "--uid-owner" option: "1-2-3"
-m owner --uid-owner nosuchuser_x;;FAIL:owner: Bad value for "--uid-owner" option: "nosuchuser_x"
-m owner --gid-owner nosuchgroup_x;;FAIL:owner: Bad value for "--gid-owner" option: "nosuchgroup_x"
-m owner --uid-owner 0 --uid-owner 1;;FAIL:owner: option "--uid-owner" can only be used once.
-m owner --gid-owner 0 --gid-owner 1;;FAIL:owner: option "--gid-owner" can only be used once.
-m owner --socket-exists --socket-exists;;FAIL:owner: option "--socket-exists" can only be used once.
-m owner --gid-owner 0 --suppl-groups --suppl-groups;;FAIL:owner: option "--suppl-groups" can only be used once.
-m owner ! --socket-exists;=;OK
-m owner ! --socket-exists ! --uid-owner 0 ! --gid-owner 5-7 --suppl-groups;=;OK
-m owner --gid-owner 0 --uid-owner 1 --socket-exists;-m owner --socket-exists --uid-owner 1 --gid-owner 0;OK
-m owner;;FAIL:owner: At least one of --uid-owner, --gid-owner or --socket-exists is required
-m owner --pid-owner 1;;FAIL:unknown option "--pid-owner"
-m owner --cmd-owner x;;FAIL:unknown option "--cmd-owner"
-m owner --uid-owner;;FAIL:option "--uid-owner" requires an argument
-m owner --uid-owner 10-5;=;OK:EINVAL
-m owner --gid-owner 7:6;-m owner --gid-owner 7-6;OK:EINVAL
*mangle POSTROUTING
-m owner --uid-owner 0 -j ACCEPT;=;OK
*nat OUTPUT
-m owner --socket-exists;=;OK
*nat POSTROUTING
-m owner ! --gid-owner 0;=;OK
*raw OUTPUT
-m owner --uid-owner 1000-2000;=;OK
*filter OUTPUT
-m owner --uid-owner 0 -j DROP;=;OK
*mangle INPUT
-m owner --uid-owner root;-m owner --uid-owner 0;OK:EINVAL
*filter FORWARD
-m owner --socket-exists;=;OK:EINVAL
*raw PREROUTING
-m owner --gid-owner 0;=;OK:EINVAL
*nat PREROUTING
-m owner --uid-owner 0;=;OK:EINVAL
# time (rev 0, libxt_time.t and libxt_time.c's messages)
*filter INPUT
-m time --timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05 --kerneltz;=;OK
-m time --timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05;=;OK
-m time --timestart 02:00:00 --timestop 03:00:00 --datestart 1970-01-01T02:00:00 --datestop 1970-01-01T03:00:00;=;OK
-m time;-m time --datestop 2038-01-19T03:14:07;OK
-m time --timestart 8:00 --timestop 17:30;-m time --timestart 08:00:00 --timestop 17:30:00 --datestop 2038-01-19T03:14:07;OK
-m time --timestart 23:00 --timestop 01:00 --contiguous;-m time --timestart 23:00:00 --timestop 01:00:00 --datestop 2038-01-19T03:14:07 --contiguous;OK
-m time --timestart 12:00 --timestop 12:00 --contiguous;-m time --timestart 12:00:00 --timestop 12:00:00 --datestop 2038-01-19T03:14:07 --contiguous;OK
-m time --timestart 01:00 --timestop 23:00 --contiguous;;FAIL:time: --contiguous only makes sense when stoptime is smaller than starttime
-m time --contiguous;;FAIL:time: --contiguous only makes sense when stoptime is smaller than starttime
-m time --timestart 00:00 --timestop 23:59:59;-m time --datestop 2038-01-19T03:14:07;OK
-m time --timestart 00:00:01;-m time --timestart 00:00:01 --timestop 23:59:59 --datestop 2038-01-19T03:14:07;OK
-m time --timestop 0:0:0;-m time --timestart 00:00:00 --timestop 00:00:00 --datestop 2038-01-19T03:14:07;OK
-m time --timestart 24:00;;FAIL:invalid time "24:00" specified, should be hh:mm[:ss] format and within the boundaries
-m time --timestart 12:60;;FAIL:invalid time "60" specified, should be hh:mm[:ss] format and within the boundaries
-m time --timestart 12:00:60;;FAIL:invalid time "60" specified, should be hh:mm[:ss] format and within the boundaries
-m time --timestart 12;;FAIL:invalid time "12" specified, should be hh:mm[:ss] format and within the boundaries
-m time --timestart 1:2:3:4;;FAIL:invalid time "3:4" specified, should be hh:mm[:ss] format and within the boundaries
-m time --weekdays Mon,Tue,Wed,Thu,Fri,Sat,Sun;-m time --datestop 2038-01-19T03:14:07;OK
-m time ! --weekdays Sat,Sun;-m time --weekdays Mon,Tue,Wed,Thu,Fri --datestop 2038-01-19T03:14:07;OK
-m time --weekdays 1,2,3;-m time --weekdays Mon,Tue,Wed --datestop 2038-01-19T03:14:07;OK
-m time --weekdays 7,0x6;-m time --weekdays Sat,Sun --datestop 2038-01-19T03:14:07;OK
-m time --weekdays Mo,Tu,We,Th,Fr;-m time --weekdays Mon,Tue,Wed,Thu,Fri --datestop 2038-01-19T03:14:07;OK
-m time --weekdays Monday,Sunday;-m time --weekdays Mon,Sun --datestop 2038-01-19T03:14:07;OK
-m time --weekdays 0;;FAIL:No, the week does NOT begin with Sunday.
-m time --weekdays Mon,,Tue;;FAIL:No, the week does NOT begin with Sunday.
-m time --weekdays Mon,;-m time --weekdays Mon --datestop 2038-01-19T03:14:07;OK
-m time --weekdays Xy;;FAIL:Xy is not a valid day specifier
-m time --weekdays mon;;FAIL:mon is not a valid day specifier
-m time --weekdays 1x;;FAIL:1x is not a valid day specifier
-m time --weekdays 8;-m time --weekdays  --datestop 2038-01-19T03:14:07;OK
-m time --monthdays 1,15,31;-m time --monthdays 1,15,31 --datestop 2038-01-19T03:14:07;OK
-m time ! --monthdays 1;-m time --monthdays 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31 --datestop 2038-01-19T03:14:07;OK
-m time ! --monthdays 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31;-m time --monthdays  --datestop 2038-01-19T03:14:07;OK
-m time --monthdays 32;;FAIL:32 is not a valid day for --monthdays
-m time --monthdays 123;-m time --monthdays 12 --datestop 2038-01-19T03:14:07;OK
-m time --monthdays 1x;;FAIL:1x is not a valid day for --monthdays
-m time --monthdays 0;-m time --monthdays  --datestop 2038-01-19T03:14:07;OK
-m time --monthdays 0x1f;;FAIL:0x is not a valid day for --monthdays
-m time --datestart 2001;-m time --datestart 2001-01-01T00:00:00 --datestop 2038-01-19T03:14:07;OK
-m time --datestart 2001-02;-m time --datestart 2001-02-01T00:00:00 --datestop 2038-01-19T03:14:07;OK
-m time --datestart 2000-02-30;-m time --datestart 2000-03-01T00:00:00 --datestop 2038-01-19T03:14:07;OK
-m time --datestart 2038-12-31T23:59:59;-m time --datestart 2038-12-31T23:59:59 --datestop 2038-01-19T03:14:07;OK
-m time --datestop 1970-01-01T00:00:01;=;OK
-m time --datestart 1999-12-31T23:59:59 --datestop 1970;-m time --datestart 1999-12-31T23:59:59;OK
-m time --datestart 2039;;FAIL:Invalid date "2039" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]
-m time --datestart 1969-12-31;;FAIL:Invalid date "1969-12-31" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]
-m time --datestart 2000-13;;FAIL:Invalid date "2000-13" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]
-m time --datestart 2000-01-32;;FAIL:Invalid date "2000-01-32" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]
-m time --datestart 2000-01-01T24;;FAIL:Invalid date "2000-01-01T24" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]
-m time --datestart 2000-01-01T12:60;;FAIL:Invalid date "2000-01-01T12:60" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]
-m time --datestart 2000-01-01T12:00:60;;FAIL:Invalid date "2000-01-01T12:00:60" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]
-m time --datestart 2000/01/01;;FAIL:Invalid date "2000/01/01" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]
-m time --datestart 1970-01-00;;FAIL:mktime returned an error
-m time --datestop 1970-00;;FAIL:mktime returned an error
-m time --kerneltz;-m time --datestop 2038-01-19T03:14:07 --kerneltz;OK
-m time --localtz;-m time --datestop 2038-01-19T03:14:07 --kerneltz;OK
-m time --utc;-m time --datestop 2038-01-19T03:14:07;OK
-m time --utc --kerneltz;;FAIL:time: option "--utc" cannot be used together with "--kerneltz".
-m time --kerneltz --utc;;FAIL:time: option "--utc" cannot be used together with "--kerneltz".
-m time --localtz --utc;;FAIL:time: option "--localtz" cannot be used together with "--utc".
-m time --localtz --kerneltz;-m time --datestop 2038-01-19T03:14:07 --kerneltz;OK
-m time ! --datestart 2000;;FAIL:time: option "--datestart" cannot be inverted.
-m time ! --kerneltz;;FAIL:time: option "--kerneltz" cannot be inverted.
-m time --weekdays Mon --weekdays Tue;;FAIL:time: option "--weekdays" can only be used once.
-m time --kerneltz --kerneltz;;FAIL:time: option "--kerneltz" can only be used once.
-m time --datestart;;FAIL:option "--datestart" requires an argument
*nat PREROUTING
-m time --weekdays Sat;-m time --weekdays Sat --datestop 2038-01-19T03:14:07;OK
*raw OUTPUT
-m time --timestart 22:00 --timestop 06:00;-m time --timestart 22:00:00 --timestop 06:00:00 --datestop 2038-01-19T03:14:07;OK
*mangle POSTROUTING
-m time --monthdays 28 --kerneltz -j ACCEPT;-m time --monthdays 28 --datestop 2038-01-19T03:14:07 --kerneltz -j ACCEPT;OK
# devgroup (rev 0, libxt_devgroup.c's messages; names from /etc/iproute2/group)
*filter FORWARD
-m devgroup --src-group 1;-m devgroup --src-group 0x1;OK
-m devgroup --src-group 0;-m devgroup --src-group default;OK
-m devgroup --src-group default;=;OK
-m devgroup --dst-group 0x10/0xf0;=;OK
-m devgroup ! --dst-group 5;-m devgroup ! --dst-group 0x5;OK
-m devgroup --src-group 1 ! --dst-group 2;-m devgroup --src-group 0x1 ! --dst-group 0x2;OK
-m devgroup ! --dst-group 2 --src-group 1;-m devgroup --src-group 0x1 ! --dst-group 0x2;OK
-m devgroup --src-group 4294967295;-m devgroup --src-group 0xffffffff;OK
-m devgroup --src-group 0/0;-m devgroup --src-group 0x0/0x0;OK
-m devgroup --src-group 4294967296;;FAIL:devgroup: could not map name 4294967296 to an integer value for option "--src-group".
-m devgroup --src-group nosuch;;FAIL:devgroup: could not map name nosuch to an integer value for option "--src-group".
-m devgroup --src-group 1/x;;FAIL:devgroup: bad integer value for option "--src-group", or out of range.
-m devgroup --src-group 1/2x;;FAIL:devgroup: trailing garbage after value for option "--src-group".
-m devgroup --src-group 1x;;FAIL:devgroup: could not map name 1x to an integer value for option "--src-group".
-m devgroup;;FAIL:devgroup match: You must specify either '--src-group' or '--dst-group'
-m devgroup --src-group 1 --src-group 2;;FAIL:devgroup: option "--src-group" can only be used once.
-m devgroup --src-group;;FAIL:option "--src-group" requires an argument
*filter INPUT
-m devgroup --src-group 3;-m devgroup --src-group 0x3;OK
-m devgroup --dst-group 3;-m devgroup --dst-group 0x3;OK:EINVAL
*filter OUTPUT
-m devgroup --dst-group 3 -j ACCEPT;-m devgroup --dst-group 0x3 -j ACCEPT;OK
-m devgroup --src-group 3;-m devgroup --src-group 0x3;OK:EINVAL
*mangle PREROUTING
-m devgroup ! --src-group default;=;OK
-m devgroup --dst-group 1;-m devgroup --dst-group 0x1;OK:EINVAL
*mangle POSTROUTING
-m devgroup --dst-group 0x2/0x2;=;OK
-m devgroup --src-group 1;-m devgroup --src-group 0x1;OK:EINVAL
*nat OUTPUT
-m devgroup --dst-group 7;-m devgroup --dst-group 0x7;OK
*raw PREROUTING
-m devgroup --src-group 7;-m devgroup --src-group 0x7;OK
*filter INPUT
# tcpmss (libxt_tcpmss.t and errors; -p tcp only, the kernel's EINVAL otherwise)
*filter INPUT
-m tcpmss --mss 42;=;OK:EINVAL
-p tcp -m tcpmss --mss 42;=;OK
-p tcp -m tcpmss --mss 42:12345;=;OK
-p tcp -m tcpmss --mss 42:65536;;FAIL:tcpmss: bad value for option "--mss" near "65536", or out of range (0-65535).
-p tcp -m tcpmss --mss 65535:1000;;FAIL:tcpmss: invalid range given
-p tcp -m tcpmss ! --mss 1460;=;OK
-p tcp -m tcpmss ! --mss 536:1460;=;OK
-p tcp -m tcpmss --mss 1460:1460;-p tcp -m tcpmss --mss 1460;OK
-p tcp -m tcpmss --mss :536;-p tcp -m tcpmss --mss 0:536;OK
-p tcp -m tcpmss --mss 1400:;-p tcp -m tcpmss --mss 1400:65535;OK
-p tcp -m tcpmss --mss :;-p tcp -m tcpmss --mss 0:65535;OK
-p tcp -m tcpmss --mss 0x200;-p tcp -m tcpmss --mss 512;OK
-p tcp -m tcpmss --mss 65535;=;OK
-p tcp -m tcpmss --mss 65536;;FAIL:tcpmss: bad value for option "--mss" near "65536", or out of range (0-65535).
-p tcp -m tcpmss --mss -1;;FAIL:tcpmss: bad value for option "--mss" near "-1", or out of range (0-65535).
-p tcp -m tcpmss --mss 1:2:3;;FAIL:tcpmss: Too many components for option "--mss" (max: 2)
-p tcp -m tcpmss --mss 1x;;FAIL:tcpmss: Argument to "--mss" has unexpected characters near "x".
-p tcp -m tcpmss --mss 1 --mss 2;;FAIL:tcpmss: option "--mss" can only be used once.
-p tcp -m tcpmss;;FAIL:tcpmss: option "--mss" must be specified
-p udp -m tcpmss --mss 42;=;OK:EINVAL
! -p tcp -m tcpmss --mss 42;=;OK:EINVAL
-p tcp --syn -m tcpmss --mss 1000:1500 -j DROP;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m tcpmss --mss 1000:1500 -j DROP;OK
# TCPMSS (rev 0, libxt_TCPMSS.t and errors; the kernel wants -p tcp and a SYN tcp match, and
# clamps only from FORWARD, OUTPUT and POSTROUTING)
*mangle FORWARD
-j TCPMSS;;FAIL:TCPMSS target: At least one parameter is required
-p tcp -j TCPMSS;;FAIL:TCPMSS target: At least one parameter is required
-p tcp -j TCPMSS --set-mss 42;=;OK:EINVAL
-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 42;=;OK
-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu;=;OK
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu;OK
-p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu;OK
-p tcp --tcp-flags SYN,ACK SYN,ACK -j TCPMSS --set-mss 1400;-p tcp -m tcp --tcp-flags SYN,ACK SYN,ACK -j TCPMSS --set-mss 1400;OK
-p tcp --tcp-flags NONE SYN -j TCPMSS --set-mss 1400;-p tcp -m tcp -j TCPMSS --set-mss 1400;OK
-p tcp ! --syn -j TCPMSS --set-mss 1400;-p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1400;OK:EINVAL
-p tcp --tcp-flags SYN,ACK ACK -j TCPMSS --set-mss 1400;-p tcp -m tcp --tcp-flags SYN,ACK ACK -j TCPMSS --set-mss 1400;OK:EINVAL
-p tcp --dport 80 -j TCPMSS --set-mss 1400;-p tcp -m tcp --dport 80 -j TCPMSS --set-mss 1400;OK:EINVAL
-p tcp --syn --dport 80 -j TCPMSS --set-mss 1400;-p tcp -m tcp --dport 80 --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1400;OK
-p tcp -m tcpmss --mss 1461: --syn -j TCPMSS --set-mss 1460;-p tcp -m tcpmss --mss 1461:65535 -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1460;OK
-j TCPMSS --set-mss 1400;=;OK:EINVAL
-p udp -j TCPMSS --set-mss 1400;=;OK:EINVAL
! -p tcp -j TCPMSS --clamp-mss-to-pmtu;=;OK:EINVAL
-p tcp --syn -j TCPMSS --set-mss 0;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 0;OK
-p tcp --syn -j TCPMSS --set-mss 65515;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 65515;OK
-p tcp --syn -j TCPMSS --set-mss 0x578;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1400;OK
-p tcp --syn -j TCPMSS --set-mss 65516;;FAIL:TCPMSS: bad value for option "--set-mss", or out of range (0-65515).
-p tcp --syn -j TCPMSS --set-mss 65535;;FAIL:TCPMSS: bad value for option "--set-mss", or out of range (0-65515).
-p tcp --syn -j TCPMSS --set-mss -1;;FAIL:TCPMSS: bad value for option "--set-mss", or out of range (0-65515).
-p tcp --syn -j TCPMSS --set-mss 1400x;;FAIL:TCPMSS: bad value for option "--set-mss", or out of range (0-65515).
-p tcp --syn -j TCPMSS --set-mss 1 --set-mss 2;;FAIL:TCPMSS: option "--set-mss" can only be used once.
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu --clamp-mss-to-pmtu;;FAIL:TCPMSS: option "--clamp-mss-to-pmtu" can only be used once.
-p tcp --syn -j TCPMSS ! --set-mss 1;;FAIL:TCPMSS: option "--set-mss" cannot be inverted.
-p tcp --syn -j TCPMSS ! --clamp-mss-to-pmtu;;FAIL:TCPMSS: option "--clamp-mss-to-pmtu" cannot be inverted.
-p tcp --syn -j TCPMSS --set-mss 1000 --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu;OK
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu --set-mss 1000;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1000;OK
-p tcp --syn -j TCPMSS --mss 1000;;FAIL:unknown option "--mss"
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu 1400;;FAIL:Bad argument `1400'
-p tcp --syn --set-mss 1000 -j TCPMSS;;FAIL:unknown option "--set-mss"
*mangle PREROUTING
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu;OK:EINVAL
-p tcp --syn -j TCPMSS --set-mss 1400;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1400;OK
*mangle INPUT
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu;OK:EINVAL
*mangle OUTPUT
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu;OK
*mangle POSTROUTING
-o ppp0 -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu;-o ppp0 -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu;OK
*filter FORWARD
-p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu;OK
*filter INPUT
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu;OK:EINVAL
-p tcp --syn -j TCPMSS --set-mss 536;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 536;OK
*raw PREROUTING
-p tcp --syn -j TCPMSS --set-mss 1000;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1000;OK
*nat POSTROUTING
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu;OK
# DSCP target (rev 0, libxt_DSCP.t and errors; mangle only)
*mangle PREROUTING
-j DSCP --set-dscp 0x00;=;OK
-j DSCP --set-dscp 0x3f;=;OK
-j DSCP --set-dscp 46;-j DSCP --set-dscp 0x2e;OK
-j DSCP --set-dscp 010;-j DSCP --set-dscp 0x08;OK
-j DSCP --set-dscp-class CS0;-j DSCP --set-dscp 0x00;OK
-j DSCP --set-dscp-class BE;-j DSCP --set-dscp 0x00;OK
-j DSCP --set-dscp-class EF;-j DSCP --set-dscp 0x2e;OK
-j DSCP --set-dscp-class af41;-j DSCP --set-dscp 0x22;OK
-j DSCP --set-dscp-class AF111;-j DSCP --set-dscp 0x0a;OK
-p tcp --dport 22 -j DSCP --set-dscp-class CS6;-p tcp -m tcp --dport 22 -j DSCP --set-dscp 0x30;OK
-j DSCP --set-dscp -1;;FAIL:DSCP: bad value for option "--set-dscp", or out of range (0-63).
-j DSCP --set-dscp 0x40;;FAIL:DSCP: bad value for option "--set-dscp", or out of range (0-63).
-j DSCP --set-dscp abc;;FAIL:DSCP: bad value for option "--set-dscp", or out of range (0-63).
-j DSCP --set-dscp 0x3f --set-dscp-class CS0;;FAIL:DSCP: option "--set-dscp" cannot be used together with "--set-dscp-class".
-j DSCP --set-dscp-class CS0 --set-dscp 1;;FAIL:DSCP: option "--set-dscp" cannot be used together with "--set-dscp-class".
-j DSCP --set-dscp 1 --set-dscp 2;;FAIL:DSCP: option "--set-dscp" can only be used once.
-j DSCP --set-dscp-class AF1;;FAIL:Invalid DSCP value `AF1'
-j DSCP ! --set-dscp 1;;FAIL:DSCP: option "--set-dscp" cannot be inverted.
-j DSCP;;FAIL:DSCP target: Parameter --set-dscp is required
-j DSCP --set-dscp;;FAIL:option "--set-dscp" requires an argument
-j DSCP --dscp 1;;FAIL:unknown option "--dscp"
*mangle POSTROUTING
-j DSCP --set-dscp 1;-j DSCP --set-dscp 0x01;OK
*filter INPUT
-j DSCP --set-dscp 1;-j DSCP --set-dscp 0x01;OK:EINVAL
*raw PREROUTING
-j DSCP --set-dscp-class EF;-j DSCP --set-dscp 0x2e;OK:EINVAL
# TOS target (rev 1, libxt_TOS.t and errors; mangle only)
*mangle PREROUTING
-j TOS --set-tos 0x1f;-j TOS --set-tos 0x1f/0xff;OK
-j TOS --set-tos 0x1f/0x1f;=;OK
-j TOS --set-tos 0xff;-j TOS --set-tos 0xff/0xff;OK
-j TOS --set-tos Minimize-Delay;-j TOS --set-tos 0x10/0x3f;OK
-j TOS --set-tos Maximize-Throughput;-j TOS --set-tos 0x08/0x3f;OK
-j TOS --set-tos Maximize-Reliability;-j TOS --set-tos 0x04/0x3f;OK
-j TOS --set-tos Minimize-Cost;-j TOS --set-tos 0x02/0x3f;OK
-j TOS --set-tos Normal-Service;-j TOS --set-tos 0x00/0x3f;OK
-j TOS --set-tos minimize-delay;-j TOS --set-tos 0x10/0x3f;OK
-j TOS --set-tos 16/077;-j TOS --set-tos 0x10/0x3f;OK
-j TOS --set-tos 0/0;-j TOS --set-tos 0x00/0x00;OK
-j TOS --and-tos 0x12;-j TOS --set-tos 0x00/0xed;OK
-j TOS --and-tos 0;-j TOS --set-tos 0x00/0xff;OK
-j TOS --or-tos 0x12;-j TOS --set-tos 0x12/0x12;OK
-j TOS --xor-tos 0x12;-j TOS --set-tos 0x12/0x00;OK
-j TOS --xor-tos 255;-j TOS --set-tos 0xff/0x00;OK
-j TOS;;FAIL:TOS: An action is required
-j TOS --set-tos wrong;;FAIL:Symbolic name "wrong" is unknown
-j TOS --set-tos 256;;FAIL:Symbolic name "256" is unknown
-j TOS --set-tos 0x10/;;FAIL:Illegal value: "0x10/"
-j TOS --set-tos 0x10/0x100;;FAIL:Illegal value: "0x10/0x100"
-j TOS --set-tos 0x10x;;FAIL:Illegal value: "0x10x"
-j TOS --and-tos 256;;FAIL:TOS: bad value for option "--and-tos", or out of range (0-255).
-j TOS --or-tos -1;;FAIL:TOS: bad value for option "--or-tos", or out of range (0-255).
-j TOS --xor-tos 0x1/0x2;;FAIL:TOS: bad value for option "--xor-tos", or out of range (0-255).
-j TOS --set-tos 1 --and-tos 2;;FAIL:TOS: option "--set-tos" cannot be used together with "--and-tos".
-j TOS --xor-tos 2 --or-tos 1;;FAIL:TOS: option "--or-tos" cannot be used together with "--xor-tos".
-j TOS --set-tos 1 --set-tos 2;;FAIL:TOS: option "--set-tos" can only be used once.
-j TOS ! --set-tos 1;;FAIL:TOS: option "--set-tos" cannot be inverted.
-j TOS --tos 1;;FAIL:unknown option "--tos"
*mangle OUTPUT
-p udp -j TOS --set-tos Minimize-Cost;-p udp -j TOS --set-tos 0x02/0x3f;OK
*filter FORWARD
-j TOS --set-tos 0x10;-j TOS --set-tos 0x10/0xff;OK:EINVAL
*nat POSTROUTING
-j TOS --or-tos 1;-j TOS --set-tos 0x01/0x01;OK:EINVAL
# TTL target (rev 0, libipt_TTL.t and errors; mangle only)
*mangle PREROUTING
-j TTL --ttl-set 42;=;OK
-j TTL --ttl-inc 1;=;OK
-j TTL --ttl-dec 1;=;OK
-j TTL --ttl-set 0;=;OK
-j TTL --ttl-set 255;=;OK
-j TTL --ttl-inc 0x10;-j TTL --ttl-inc 16;OK
-j TTL --ttl-dec 255;=;OK
-j TTL --ttl-set 256;;FAIL:TTL: bad value for option "--ttl-set", or out of range (0-255).
-j TTL --ttl-inc 0;;FAIL:TTL: bad value for option "--ttl-inc", or out of range (1-255).
-j TTL --ttl-dec 0;;FAIL:TTL: bad value for option "--ttl-dec", or out of range (1-255).
-j TTL --ttl-dec 256;;FAIL:TTL: bad value for option "--ttl-dec", or out of range (1-255).
-j TTL --ttl-dec 1 --ttl-inc 1;;FAIL:TTL: option "--ttl-dec" cannot be used together with "--ttl-inc".
-j TTL --ttl-inc 1 --ttl-set 1;;FAIL:TTL: option "--ttl-set" cannot be used together with "--ttl-inc".
-j TTL --ttl-set --ttl-inc 1;;FAIL:TTL: bad value for option "--ttl-set", or out of range (0-255).
-j TTL --ttl-set 1 --ttl-set 2;;FAIL:TTL: option "--ttl-set" can only be used once.
-j TTL ! --ttl-set 1;;FAIL:TTL: option "--ttl-set" cannot be inverted.
-j TTL;;FAIL:TTL: You must specify an action
-j TTL --ttl-eq 1;;FAIL:unknown option "--ttl-eq"
*mangle FORWARD
-m ttl --ttl-gt 1 -j TTL --ttl-dec 1;=;OK
*filter OUTPUT
-j TTL --ttl-set 1;=;OK:EINVAL
# CLASSIFY target (rev 0, libxt_CLASSIFY.t and errors; OUTPUT, FORWARD, POSTROUTING)
*mangle FORWARD
-j CLASSIFY --set-class 0000:ffff;=;OK
-j CLASSIFY --set-class 1:2;-j CLASSIFY --set-class 0001:0002;OK
-j CLASSIFY --set-class 10:abc;-j CLASSIFY --set-class 0010:0abc;OK
-j CLASSIFY --set-class 0x10:0X20;-j CLASSIFY --set-class 0010:0020;OK
-j CLASSIFY --set-class ffffffff1:1;-j CLASSIFY --set-class fff1:0001;OK
-j CLASSIFY --set-class -1:-1;-j CLASSIFY --set-class ffff:ffff;OK
-j CLASSIFY --set-class " 1: 2";-j CLASSIFY --set-class 0001:0002;OK
-j CLASSIFY --set-class 1:2xyz;-j CLASSIFY --set-class 0001:0002;OK
-j CLASSIFY --set-class 0x:1;-j CLASSIFY --set-class 0000:0001;OK
-j CLASSIFY --set-class 10000:10000;-j CLASSIFY --set-class 0000:0000;OK
-j CLASSIFY;;FAIL:CLASSIFY: option "--set-class" must be specified
-j CLASSIFY --set-class 1;;FAIL:Bad class value "1"
-j CLASSIFY --set-class 1:;;FAIL:Bad class value "1:"
-j CLASSIFY --set-class :1;;FAIL:Bad class value ":1"
-j CLASSIFY --set-class g:1;;FAIL:Bad class value "g:1"
-j CLASSIFY --set-class "1 :2";;FAIL:Bad class value "1 :2"
-j CLASSIFY --set-class "";;FAIL:Bad class value ""
-j CLASSIFY --set-class 1:1 --set-class 2:2;;FAIL:CLASSIFY: option "--set-class" can only be used once.
-j CLASSIFY ! --set-class 1:1;;FAIL:CLASSIFY: option "--set-class" cannot be inverted.
*mangle OUTPUT
-j CLASSIFY --set-class 1:1;-j CLASSIFY --set-class 0001:0001;OK
*mangle POSTROUTING
-o eth0 -j CLASSIFY --set-class 1:1;-o eth0 -j CLASSIFY --set-class 0001:0001;OK
*filter FORWARD
-j CLASSIFY --set-class 1:10;-j CLASSIFY --set-class 0001:0010;OK
*filter OUTPUT
-j CLASSIFY --set-class 1:10;-j CLASSIFY --set-class 0001:0010;OK
*nat POSTROUTING
-j CLASSIFY --set-class 3:30;-j CLASSIFY --set-class 0003:0030;OK
*raw OUTPUT
-j CLASSIFY --set-class 4:40;-j CLASSIFY --set-class 0004:0040;OK
*mangle PREROUTING
-j CLASSIFY --set-class 1:1;-j CLASSIFY --set-class 0001:0001;OK:EINVAL
*mangle INPUT
-j CLASSIFY --set-class 1:1;-j CLASSIFY --set-class 0001:0001;OK:EINVAL
*filter INPUT
-j CLASSIFY --set-class 1:1;-j CLASSIFY --set-class 0001:0001;OK:EINVAL
*nat PREROUTING
-j CLASSIFY --set-class 1:1;-j CLASSIFY --set-class 0001:0001;OK:EINVAL
# CHECKSUM target (rev 0, libxt_CHECKSUM.t and errors; mangle only)
*mangle POSTROUTING
-j CHECKSUM --checksum-fill;=;OK
-o virbr0 -p udp --dport 68 -j CHECKSUM --checksum-fill;-o virbr0 -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill;OK
! -p udp -j CHECKSUM --checksum-fill;=;OK
-j CHECKSUM;;FAIL:CHECKSUM: option "--checksum-fill" must be specified
-j CHECKSUM --checksum-fill --checksum-fill;;FAIL:CHECKSUM: option "--checksum-fill" can only be used once.
-j CHECKSUM ! --checksum-fill;;FAIL:CHECKSUM: option "--checksum-fill" cannot be inverted.
-j CHECKSUM --checksum-fill 1;;FAIL:Bad argument `1'
-j CHECKSUM --checksum;-j CHECKSUM --checksum-fill;OK
*mangle PREROUTING
-p tcp -j CHECKSUM --checksum-fill;=;OK
*filter OUTPUT
-p udp -j CHECKSUM --checksum-fill;=;OK:EINVAL
*raw OUTPUT
-p udp -j CHECKSUM --checksum-fill;=;OK:EINVAL
# recent (libxt_recent.t, and the messages of libxt_recent.c; this kernel's xt_recent takes hit
# counts up to 65535, ip_pkt_list_tot being 0)
*filter INPUT
-m recent --set;-m recent --set --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --rcheck --hitcount 8 --name foo --mask 255.255.255.255 --rsource;=;OK
-m recent --rcheck --hitcount 12 --name foo --mask 255.255.255.255 --rsource;=;OK
-m recent --update --rttl;-m recent --update --rttl --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --set --rttl;;FAIL:recent: option "--rttl" cannot be used together with "--set".
-m recent --rcheck --hitcount 999 --name foo --mask 255.255.255.255 --rsource;=;OK
-m recent --rcheck --hitcount 3 --name foo --mask 255.255.255.255 --rsource -m recent --rcheck --hitcount 4 --name foo --mask 255.255.255.255 --rsource;=;OK
-m recent --rcheck --hitcount 4 --name foo --mask 255.255.255.255 --rsource -m recent --rcheck --hitcount 4 --name foo --mask 255.255.255.255 --rsource;=;OK
-m recent --rcheck --hitcount 8 --name foo --mask 255.255.255.255 --rsource -m recent --rcheck --hitcount 12 --name foo --mask 255.255.255.255 --rsource;=;OK
-m recent --update --seconds 30 --hitcount 6 --name DEFAULT --rsource -j DROP;-m recent --update --seconds 30 --hitcount 6 --name DEFAULT --mask 255.255.255.255 --rsource -j DROP;OK
-p tcp -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource -j ACCEPT;=;OK
-m recent --name KUBE-SEP-X --set -j ACCEPT;-m recent --set --name KUBE-SEP-X --mask 255.255.255.255 --rsource -j ACCEPT;OK
-m recent ! --rcheck --name x;-m recent ! --rcheck --name x --mask 255.255.255.255 --rsource;OK
-m recent ! --set;-m recent ! --set --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent ! --update --seconds 5;-m recent ! --update --seconds 5 --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent ! --remove;-m recent ! --remove --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --remove --rdest;-m recent --remove --name DEFAULT --mask 255.255.255.255 --rdest;OK
-m recent --rdest --rsource --set;-m recent --set --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --rsource --rdest --set;-m recent --set --name DEFAULT --mask 255.255.255.255 --rdest;OK
-m recent --set --mask 255.255.255.0;-m recent --set --name DEFAULT --mask 255.255.255.0 --rsource;OK
-m recent --set --mask 255.255.0.0 --name net;-m recent --set --name net --mask 255.255.0.0 --rsource;OK
-m recent --set --mask 10.1;-m recent --set --name DEFAULT --mask 10.0.0.1 --rsource;OK
-m recent --set --mask 0.0.0.0;-m recent --set --name DEFAULT --mask 0.0.0.0 --rsource;OK
-m recent --rcheck --rttl --seconds 60 --hitcount 2 --reap;-m recent --rcheck --seconds 60 --reap --hitcount 2 --rttl --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --update --reap --seconds 1;-m recent --update --seconds 1 --reap --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --rcheck --seconds 4294967295;-m recent --rcheck --seconds -1 --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --rcheck --seconds 2147483648 --hitcount 65535;-m recent --rcheck --seconds -2147483648 --hitcount 65535 --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --rcheck --seconds 0x10;-m recent --rcheck --seconds 16 --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --rcheck --hitcount 0;-m recent --rcheck --name DEFAULT --mask 255.255.255.255 --rsource;OK
-m recent --rcheck --name ...;-m recent --rcheck --name ... --mask 255.255.255.255 --rsource;OK
-m recent --rcheck --name aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;-m recent --rcheck --name aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --mask 255.255.255.255 --rsource;OK
-m recent --rcheck --name bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb;-m recent --rcheck --name bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb --mask 255.255.255.255 --rsource;OK
# ... refused by the kernel (recent_mt_check: EINVAL) ...
-m recent --rcheck --hitcount 65536;-m recent --rcheck --hitcount 65536 --name DEFAULT --mask 255.255.255.255 --rsource;OK:EINVAL
-m recent --rcheck --hitcount 4294967295;-m recent --rcheck --hitcount -1 --name DEFAULT --mask 255.255.255.255 --rsource;OK:EINVAL
-m recent --set --seconds 5;-m recent --set --seconds 5 --name DEFAULT --mask 255.255.255.255 --rsource;OK:EINVAL
-m recent --set --hitcount 2;-m recent --set --hitcount 2 --name DEFAULT --mask 255.255.255.255 --rsource;OK:EINVAL
-m recent --remove --seconds 5 --reap;-m recent --remove --seconds 5 --reap --name DEFAULT --mask 255.255.255.255 --rsource;OK:EINVAL
-m recent --set --name "";-m recent --set --name  --mask 255.255.255.255 --rsource;OK:EINVAL
-m recent --set --name .;-m recent --set --name . --mask 255.255.255.255 --rsource;OK:EINVAL
-m recent --set --name ..;-m recent --set --name .. --mask 255.255.255.255 --rsource;OK:EINVAL
-m recent --set --name a/b;-m recent --set --name a/b --mask 255.255.255.255 --rsource;OK:EINVAL
# ... and by the tool.
-m recent;;FAIL:recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'
-m recent --name foo --rttl;;FAIL:recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'
-m recent --set --rcheck;;FAIL:recent: option "--set" cannot be used together with "--rcheck".
-m recent --update --remove;;FAIL:recent: option "--update" cannot be used together with "--remove".
-m recent --remove --rttl;;FAIL:recent: option "--rttl" cannot be used together with "--remove".
-m recent --rcheck --reap;;FAIL:recent: option "--reap" also requires "--seconds".
-m recent --set --reap;;FAIL:recent: option "--reap" also requires "--seconds".
-m recent --set --set;;FAIL:recent: option "--set" can only be used once.
-m recent --rcheck --name a --name b;;FAIL:recent: option "--name" can only be used once.
-m recent --set --rsource --rsource;;FAIL:recent: option "--rsource" can only be used once.
-m recent --set ! --name x;;FAIL:recent: option "--name" cannot be inverted.
-m recent --rcheck ! --rttl;;FAIL:recent: option "--rttl" cannot be inverted.
-m recent --set ! --rdest;;FAIL:recent: option "--rdest" cannot be inverted.
-m recent --rcheck --seconds 0;;FAIL:recent: bad value for option "--seconds", or out of range (1-4294967295).
-m recent --rcheck --seconds 4294967296;;FAIL:recent: bad value for option "--seconds", or out of range (1-4294967295).
-m recent --rcheck --seconds -1;;FAIL:recent: bad value for option "--seconds", or out of range (1-4294967295).
-m recent --rcheck --seconds 5s;;FAIL:recent: bad value for option "--seconds", or out of range (1-4294967295).
-m recent --rcheck --hitcount x;;FAIL:recent: bad value for option "--hitcount", or out of range (0-4294967295).
-m recent --rcheck --hitcount -1;;FAIL:recent: bad value for option "--hitcount", or out of range (0-4294967295).
*filter FORWARD
-m recent --set --rdest --name fwd;-m recent --set --name fwd --mask 255.255.255.255 --rdest;OK
*mangle PREROUTING
-m recent --update --seconds 60 --name pre;-m recent --update --seconds 60 --name pre --mask 255.255.255.255 --rsource;OK
*raw OUTPUT
-m recent --rcheck --rdest;-m recent --rcheck --name DEFAULT --mask 255.255.255.255 --rdest;OK
*nat POSTROUTING
-m recent --set;-m recent --set --name DEFAULT --mask 255.255.255.255 --rsource;OK
# connlimit (libxt_connlimit.t, revision 1; the messages of libxt_connlimit.c)
*filter INPUT
-m connlimit --connlimit-upto 0;-m connlimit --connlimit-upto 0 --connlimit-mask 32 --connlimit-saddr;OK
-m connlimit --connlimit-upto 4294967295 --connlimit-mask 32 --connlimit-saddr;=;OK
-m connlimit --connlimit-upto 4294967296 --connlimit-mask 32 --connlimit-saddr;;FAIL:connlimit: bad value for option "--connlimit-upto", or out of range (0-4294967295).
-m connlimit --connlimit-upto -1;;FAIL:connlimit: bad value for option "--connlimit-upto", or out of range (0-4294967295).
-m connlimit --connlimit-above 0;-m connlimit --connlimit-above 0 --connlimit-mask 32 --connlimit-saddr;OK
-m connlimit --connlimit-above 4294967295 --connlimit-mask 32 --connlimit-saddr;=;OK
-m connlimit --connlimit-above 4294967296 --connlimit-mask 32 --connlimit-saddr;;FAIL:connlimit: bad value for option "--connlimit-above", or out of range (0-4294967295).
-m connlimit --connlimit-above -1;;FAIL
-m connlimit --connlimit-upto 1 --conlimit-above 1;;FAIL
-m connlimit --connlimit-above 10 --connlimit-saddr;-m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-saddr;OK
-m connlimit --connlimit-above 10 --connlimit-daddr;-m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-daddr;OK
-m connlimit --connlimit-above 10 --connlimit-saddr --connlimit-daddr;;FAIL:connlimit: option "--connlimit-saddr" cannot be used together with "--connlimit-daddr".
-m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-saddr;=;OK
-m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-daddr;=;OK
-m connlimit;;FAIL:You must specify "--connlimit-above" or "--connlimit-upto".
-m connlimit --connlimit-mask 24;;FAIL:You must specify "--connlimit-above" or "--connlimit-upto".
-m connlimit --connlimit-upto 1 --connlimit-above 2;;FAIL:connlimit: option "--connlimit-upto" cannot be used together with "--connlimit-above".
-m connlimit --connlimit-upto 1 --connlimit-upto 2;;FAIL:connlimit: option "--connlimit-upto" can only be used once.
-m connlimit --connlimit-above 2 ! --connlimit-mask 24;;FAIL:connlimit: option "--connlimit-mask" cannot be inverted.
-m connlimit ! --connlimit-upto 3;-m connlimit --connlimit-above 3 --connlimit-mask 32 --connlimit-saddr;OK
-m connlimit ! --connlimit-above 3;-m connlimit --connlimit-upto 3 --connlimit-mask 32 --connlimit-saddr;OK
-m connlimit --connlimit-above 2 --connlimit-mask 24;-m connlimit --connlimit-above 2 --connlimit-mask 24 --connlimit-saddr;OK
-m connlimit --connlimit-above 2 --connlimit-mask 0 --connlimit-daddr;=;OK
-m connlimit --connlimit-above 2 --connlimit-mask 255.255.0.0;-m connlimit --connlimit-above 2 --connlimit-mask 16 --connlimit-saddr;OK
-m connlimit --connlimit-above 2 --connlimit-mask 24/;;FAIL:connlimit: bad value for option "--connlimit-mask", neither a valid network mask nor valid CIDR (0-32).
-p tcp --syn -m connlimit --connlimit-above 2 -j REJECT --reject-with tcp-reset;-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m connlimit --connlimit-above 2 --connlimit-mask 32 --connlimit-saddr -j REJECT --reject-with tcp-reset;OK
*nat PREROUTING
-m connlimit --connlimit-upto 5 --connlimit-daddr;-m connlimit --connlimit-upto 5 --connlimit-mask 32 --connlimit-daddr;OK
# NFLOG (rev 0, libxt_NFLOG.t and libxt_NFLOG.c's messages)
*filter INPUT
-j NFLOG;=;OK
-j NFLOG --nflog-group 1;=;OK
-j NFLOG --nflog-group 65535;=;OK
-j NFLOG --nflog-group 65536;;FAIL:NFLOG: bad value for option "--nflog-group", or out of range (0-65535).
-j NFLOG --nflog-group 0;-j NFLOG;OK
-j NFLOG --nflog-group 0x10;-j NFLOG --nflog-group 16;OK
-j NFLOG --nflog-range 1;=;OK
-j NFLOG --nflog-range 4294967295;=;OK
-j NFLOG --nflog-range 4294967296;;FAIL:NFLOG: bad value for option "--nflog-range", or out of range (0-4294967295).
-j NFLOG --nflog-range -1;;FAIL:NFLOG: bad value for option "--nflog-range", or out of range (0-4294967295).
-j NFLOG --nflog-range 0;-j NFLOG;OK
-j NFLOG --nflog-size 0;=;OK
-j NFLOG --nflog-size 1;=;OK
-j NFLOG --nflog-size 4294967295;=;OK
-j NFLOG --nflog-size 4294967296;;FAIL:NFLOG: bad value for option "--nflog-size", or out of range (0-4294967295).
-j NFLOG --nflog-size -1;;FAIL:NFLOG: bad value for option "--nflog-size", or out of range (0-4294967295).
-j NFLOG --nflog-size 1 --nflog-range 2;;FAIL:NFLOG: option "--nflog-range" cannot be used together with "--nflog-size".
-j NFLOG --nflog-prefix xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;=;OK
-j NFLOG --nflog-prefix xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;-j NFLOG --nflog-prefix xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;OK
-j NFLOG --nflog-prefix "in: ";=;OK
-j NFLOG --nflog-prefix '';;FAIL:Argument must have a minimum length of 1 characters
-j NFLOG --nflog-threshold 1;=;OK
-j NFLOG --nflog-threshold 0;-j NFLOG;OK
-j NFLOG --nflog-threshold 65535;=;OK
-j NFLOG --nflog-threshold 65536;;FAIL:NFLOG: bad value for option "--nflog-threshold", or out of range (0-65535).
-j NFLOG --nflog-threshold 2 --nflog-size 9 --nflog-group 4 --nflog-prefix p;-j NFLOG --nflog-prefix p --nflog-group 4 --nflog-size 9 --nflog-threshold 2;OK
-j NFLOG --nflog-group 1 --nflog-group 2;;FAIL:NFLOG: option "--nflog-group" can only be used once.
-j NFLOG ! --nflog-group 1;;FAIL:NFLOG: option "--nflog-group" cannot be inverted.
*mangle PREROUTING
-j NFLOG --nflog-group 2;=;OK
*nat POSTROUTING
-j NFLOG --nflog-prefix post;=;OK
*raw OUTPUT
-j NFLOG --nflog-size 64;=;OK
# realm (rev 0, libipt_realm.c; names from /etc/iproute2/rt_realms: 0 is cosmos)
*filter FORWARD
-m realm --realm 0x1/0x2a;=;OK
-m realm --realm 0x2a;=;OK
-m realm --realm 42;-m realm --realm 0x2a;OK
-m realm ! --realm 7;-m realm ! --realm 0x7;OK
-m realm --realm 0;-m realm --realm cosmos;OK
-m realm --realm cosmos;=;OK
-m realm --realm 0/0;-m realm --realm 0x0/0x0;OK
-m realm --realm 0x50000/0xffff0000;=;OK
-m realm;;FAIL:realm: option "--realm" must be specified
-m realm --realm nosuch;;FAIL:realm: could not map name nosuch to an integer value for option "--realm".
-m realm --realm 1/x;;FAIL:realm: bad integer value for option "--realm", or out of range.
-m realm --realm 1/2x;;FAIL:realm: trailing garbage after value for option "--realm".
-m realm --realm 1 --realm 2;;FAIL:realm: option "--realm" can only be used once.
-m realm --realm;;FAIL:option "--realm" requires an argument
*filter INPUT
-m realm --realm 3;-m realm --realm 0x3;OK
*nat POSTROUTING
-m realm --realm 3;-m realm --realm 0x3;OK
*raw OUTPUT
-m realm --realm 3;-m realm --realm 0x3;OK
*mangle PREROUTING
-m realm --realm 3;-m realm --realm 0x3;OK:EINVAL
*raw PREROUTING
-m realm ! --realm 3;-m realm ! --realm 0x3;OK:EINVAL
# set (revision 4): what fails before the set's name is looked up in the kernel (SO_IP_SET)
-m set;;FAIL:You must specify `--match-set' with proper arguments
-m set --match-set foo;;FAIL:--match-set requires two args.
-m set --match-set foo --return-nomatch;;FAIL:--match-set requires two args.
-m set --match-set foo ! src;;FAIL:--match-set requires two args.
-m set --match-set abcdefghijabcdefghijabcdefghijab src;;FAIL:setname `abcdefghijabcdefghijabcdefghijab' too long, max 31 characters.
-m set --packets-eq x;;FAIL:Cannot parse x as a counter value
-m set --packets-eq 1 --packets-lt 2;;FAIL:only one of the --packets-[eq|lt|gt] is allowed
-m set ! --bytes-lt 1;;FAIL:--bytes-lt option cannot be inverted
-m set ! --return-nomatch;;FAIL:--return-nomatch flag cannot be inverted
-m set --packets-gt 1;;FAIL:You must specify `--match-set' with proper arguments
# SET (revision 3): what fails before a set's name is looked up in the kernel (SO_IP_SET)
-j SET;;FAIL:You must specify either `--add-set' or `--del-set' or `--map-set'
-j SET --exist --timeout 5;;FAIL:You must specify either `--add-set' or `--del-set' or `--map-set'
-j SET --map-mark --map-prio;;FAIL:You must specify either `--add-set' or `--del-set' or `--map-set'
-j SET --add-set foo;;FAIL:--add-set requires two args.
-j SET --del-set foo --exist;;FAIL:--del-set requires two args.
-j SET --map-set foo ! src;;FAIL:--map-set requires two args.
-j SET --add-set abcdefghijabcdefghijabcdefghijab src;;FAIL:setname `abcdefghijabcdefghijabcdefghijab' too long, max 31 characters.
-j SET --map-set abcdefghijabcdefghijabcdefghijab src --map-mark;;FAIL:setname `abcdefghijabcdefghijabcdefghijab' too long, max 31 characters.
-j SET --timeout 4294967295;;FAIL:Invalid value for option --timeout or out of range 0-4294967294
-j SET --timeout -1;;FAIL:Invalid value for option --timeout or out of range 0-4294967294
-j SET --timeout x;;FAIL:Invalid value for option --timeout or out of range 0-4294967294
-j SET --timeout 5x;;FAIL:Invalid value for option --timeout or out of range 0-4294967294
-j SET --map-queue;;FAIL:You must specify either `--add-set' or `--del-set' or `--map-set'
# string (libxt_string.t, and the kernel's refusals)
-m string --algo bm --string "test";-m string --string "test" --algo bm;OK
-m string --string "test" --algo kmp;=;OK
-m string ! --string "test" --algo kmp;=;OK
-m string --string "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" --algo bm;=;OK
-m string --string "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" --algo bm;;FAIL:STRING too long "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
-m string --hex-string "|0a0a0a0a|" --algo bm;=;OK
-m string --algo bm --from 0 --to 65535 --string "test";-m string --string "test" --algo bm;OK
-m string --algo wrong;;FAIL:STRING match: You must specify `--string' or `--hex-string'
-m string --algo bm;;FAIL:STRING match: You must specify `--string' or `--hex-string'
-m string;;FAIL:STRING match: You must specify `--string' or `--hex-string'
-m string --string "GET /" --algo kmp --from 20 --to 100 --icase;=;OK
-m string --icase --to 40 ! --string "a b" --algo bm;-m string ! --string "a b" --algo bm --to 40 --icase;OK
-m string --hex-string "|41 42|c" --algo bm;-m string --string "ABc" --algo bm;OK
-m string --string 'a"b\c' --algo bm;-m string --string "a\"b\\c" --algo bm;OK
-m string --hex-string "|61625c|" --algo bm;=;OK
! -m string --string x --algo bm;;FAIL
-m string --string "x" --algo wrong;=;OK:ENOENT
-m string --string "x" --algo abcdefghijklmnopq;-m string --string "x" --algo abcdefghijklmno;OK:ENOENT
-m string --string "" --algo bm;=;OK:EINVAL
-m string --string "x" --algo bm --from 10 --to 5;=;OK:EINVAL
-m string --string "x" --algo bm --from 5 --to 5;=;OK
-m string --string x;;FAIL:string: option "--algo" must be specified
-m string --string x --hex-string y --algo bm;;FAIL:string: option "--string" cannot be used together with "--hex-string".
-m string --hex-string y --string x;;FAIL:string: option "--algo" must be specified
-m string --string x --string y --algo bm;;FAIL:string: option "--string" can only be used once.
-m string --string x --algo bm ! --icase;;FAIL:string: option "--icase" cannot be inverted.
-m string --string x --algo bm ! --from 1;;FAIL:string: option "--from" cannot be inverted.
-m string --string x --algo bm --from 70000;;FAIL:string: bad value for option "--from", or out of range (0-65535).
-m string --string x --algo bm --to -1;;FAIL:string: bad value for option "--to", or out of range (0-65535).
-m string --hex-string "|4|" --algo bm;;FAIL:Invalid hex block
-m string --hex-string "|4" --algo bm;;FAIL:Odd number of hex digits
-m string --hex-string "|41" --algo bm;;FAIL:Invalid hex block
-m string --hex-string "|4g|" --algo bm;;FAIL:Invalid hex char 'g'
-m string --hex-string "" --algo bm;;FAIL:STRING must contain at least one char
# physdev (libxt_physdev.t, and the kernel's refusals)
*filter FORWARD
-m physdev --physdev-in lo;=;OK
-m physdev --physdev-is-in --physdev-in lo;=;OK
-m physdev --physdev-in lo --physdev-is-bridged;=;OK
-m physdev --physdev-out lo;=;OK
-m physdev ! --physdev-in veth+ ! --physdev-out eth0 ! --physdev-is-in ! --physdev-is-out ! --physdev-is-bridged;-m physdev ! --physdev-is-in ! --physdev-in veth+ ! --physdev-is-out ! --physdev-out eth0 ! --physdev-is-bridged;OK
-m physdev --physdev-is-bridged --physdev-out br+ --physdev-is-out;-m physdev --physdev-is-out --physdev-out br+ --physdev-is-bridged;OK
-m physdev;;FAIL:PHYSDEV: no physdev option specified
-m physdev --physdev-in abcdefghijklmnop;;FAIL:interface name `abcdefghijklmnop' must be shorter than IFNAMSIZ (15)
-m physdev --physdev-in abcdefghijklmno;=;OK
-m physdev --physdev-in a --physdev-in b;;FAIL:physdev: option "--physdev-in" can only be used once.
-m physdev --physdev-is-in --physdev-is-in;;FAIL:physdev: option "--physdev-is-in" can only be used once.
-m physdev --physdev-in '';-m physdev --physdev-in ;OK:EINVAL
*mangle POSTROUTING
-m physdev --physdev-out lo --physdev-is-bridged;=;OK
*filter OUTPUT
-m physdev --physdev-out lo;=;OK:EINVAL
-m physdev --physdev-is-out;=;OK:EINVAL
-m physdev --physdev-out lo ! --physdev-is-bridged;=;OK:EINVAL
-m physdev --physdev-out lo --physdev-is-bridged;=;OK
-m physdev --physdev-in lo;=;OK
# TRACE (rev 0, libxt_TRACE.t; raw only, no options)
*raw PREROUTING
-j TRACE;=;OK
-p tcp --dport 22 -j TRACE;-p tcp -m tcp --dport 22 -j TRACE;OK
-j TRACE --foo;;FAIL:unknown option "--foo"
*raw OUTPUT
-d 10.0.0.1 -j TRACE;-d 10.0.0.1/32 -j TRACE;OK
*mangle PREROUTING
-j TRACE;=;OK:EINVAL
*filter INPUT
-j TRACE;=;OK:EINVAL
*nat OUTPUT
-j TRACE;=;OK:EINVAL
# NFQUEUE (rev 3, libxt_NFQUEUE.t and libxt_NFQUEUE.c's messages)
*filter INPUT
-j NFQUEUE;-j NFQUEUE --queue-num 0;OK
-j NFQUEUE --queue-num 0;=;OK
-j NFQUEUE --queue-num 65535;=;OK
-j NFQUEUE --queue-num 0x10;-j NFQUEUE --queue-num 16;OK
-j NFQUEUE --queue-num 65536;;FAIL:NFQUEUE: bad value for option "--queue-num", or out of range (0-65535).
-j NFQUEUE --queue-num -1;;FAIL:NFQUEUE: bad value for option "--queue-num", or out of range (0-65535).
-j NFQUEUE --queue-num 1 --queue-num 2;;FAIL:NFQUEUE: option "--queue-num" can only be used once.
-j NFQUEUE ! --queue-num 1;;FAIL:NFQUEUE: option "--queue-num" cannot be inverted.
-j NFQUEUE --queue-balance 0:65534;=;OK
-j NFQUEUE --queue-balance 1:65535;=;OK
-j NFQUEUE --queue-balance 2:65535;=;OK
-j NFQUEUE --queue-balance 0:65535;-j NFQUEUE --queue-num 0;OK:EINVAL
-j NFQUEUE --queue-balance 0:65536;;FAIL:NFQUEUE: bad value for option "--queue-balance" near "65536", or out of range (0-65535).
-j NFQUEUE --queue-balance -1:65535;;FAIL:NFQUEUE: bad value for option "--queue-balance" near "-1:65535", or out of range (0-65535).
-j NFQUEUE --queue-balance 5;;FAIL:Bad range "5"
-j NFQUEUE --queue-balance 5:5;;FAIL:5 should be less than 5
-j NFQUEUE --queue-balance 6:5;;FAIL:6 should be less than 5
-j NFQUEUE --queue-balance 5:;-j NFQUEUE --queue-balance 5:65535;OK
-j NFQUEUE --queue-balance :5;-j NFQUEUE --queue-balance 0:5;OK
-j NFQUEUE --queue-balance 1:2:3;;FAIL:NFQUEUE: Too many components for option "--queue-balance" (max: 2)
-j NFQUEUE --queue-balance 1x:3;;FAIL:NFQUEUE: Argument to "--queue-balance" has unexpected characters near "x:3".
-j NFQUEUE --queue-num 10 --queue-bypass;=;OK
-j NFQUEUE --queue-balance 0:6 --queue-cpu-fanout --queue-bypass;-j NFQUEUE --queue-balance 0:6 --queue-bypass --queue-cpu-fanout;OK
-j NFQUEUE --queue-bypass --queue-balance 0:6 --queue-cpu-fanout;-j NFQUEUE --queue-balance 0:6 --queue-bypass --queue-cpu-fanout;OK
-j NFQUEUE --queue-balance 0:6 --queue-bypass;=;OK
-j NFQUEUE --queue-bypass;-j NFQUEUE --queue-num 0 --queue-bypass;OK
-j NFQUEUE --queue-bypass --queue-bypass;;FAIL:NFQUEUE: option "--queue-bypass" can only be used once.
-j NFQUEUE --queue-num 1 --queue-balance 2:3;;FAIL:NFQUEUE: option "--queue-num" cannot be used together with "--queue-balance".
-j NFQUEUE --queue-balance 2:3 --queue-num 1;;FAIL:NFQUEUE: option "--queue-num" cannot be used together with "--queue-balance".
-j NFQUEUE --queue-cpu-fanout;;FAIL:NFQUEUE: option "--queue-cpu-fanout" also requires "--queue-balance".
-j NFQUEUE --queue-num 3 --queue-cpu-fanout;;FAIL:NFQUEUE: option "--queue-cpu-fanout" also requires "--queue-balance".
*raw PREROUTING
-p udp -j NFQUEUE --queue-num 7;-p udp -j NFQUEUE --queue-num 7;OK
*nat POSTROUTING
-j NFQUEUE --queue-balance 3:4;=;OK
# TEE (rev 1, libxt_TEE.t and libxtables' messages; any table, any chain)
*mangle PREROUTING
-j TEE --gateway 1.1.1.1;=;OK
-j TEE --gateway 10.0.2.2 --oif r1;=;OK
-j TEE --oif eth0 --gateway 10.0.2.2;-j TEE --gateway 10.0.2.2 --oif eth0;OK
-j TEE --gateway 10.0.2.2 --oif abcdefghijklmnopqrs;-j TEE --gateway 10.0.2.2 --oif abcdefghijklmno;OK
-j TEE --gateway 10.0.2.2 --oif "";-j TEE --gateway 10.0.2.2;OK
-p udp --dport 53 -j TEE --gateway 192.168.7.1;-p udp -m udp --dport 53 -j TEE --gateway 192.168.7.1;OK
-j TEE --gateway 0.0.0.0;=;OK:EINVAL
-j TEE --gateway 0.0.0.0 --oif r1;=;OK:EINVAL
-j TEE ! --gateway 1.1.1.1;;FAIL:TEE: option "--gateway" cannot be inverted.
-j TEE;;FAIL:TEE: option "--gateway" must be specified
-j TEE --oif r1;;FAIL:TEE: option "--gateway" must be specified
-j TEE --gateway 1.1.1.1 --gateway 2.2.2.2;;FAIL:TEE: option "--gateway" can only be used once.
-j TEE --gateway 1.1.1.1 --oif a --oif b;;FAIL:TEE: option "--oif" can only be used once.
-j TEE --gateway 1.1.1.1 ! --oif r1;;FAIL:TEE: option "--oif" cannot be inverted.
*filter INPUT
-j TEE --gateway 1.1.1.1;=;OK
*filter FORWARD
-j TEE --gateway 1.1.1.1 --oif r1;=;OK
*filter OUTPUT
-j TEE --gateway 1.1.1.1;=;OK
*raw OUTPUT
-j TEE --gateway 1.1.1.1;=;OK
*nat POSTROUTING
-j TEE --gateway 1.1.1.1;=;OK
*mangle POSTROUTING
-j TEE --gateway 1.1.1.1 --oif lo;=;OK
# hashlimit (libxt_hashlimit.t, and the messages of libxt_hashlimit.c)
*filter INPUT
-m hashlimit --hashlimit-above 1/sec --hashlimit-burst 5 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-above 1000000/sec --hashlimit-burst 5 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-above 1/min --hashlimit-burst 5 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-above 1/hour --hashlimit-burst 5 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-above 1/day --hashlimit-burst 1 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-upto 1000000/sec --hashlimit-burst 5 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-upto 1/min --hashlimit-burst 5 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 5 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-upto 1/day --hashlimit-burst 1 --hashlimit-name mini1;=;OK
-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-name mini1 --hashlimit-htable-expire 2000;=;OK
-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-name mini1 --hashlimit-htable-expire 2000;=;OK
-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-mode dstip --hashlimit-name mini1 --hashlimit-htable-expire 2000;=;OK
-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-mode dstip --hashlimit-name mini1 --hashlimit-htable-max 2000 --hashlimit-htable-expire 2000;=;OK
-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-mode dstip --hashlimit-name mini1 --hashlimit-htable-max 2000 --hashlimit-htable-gcinterval 60000 --hashlimit-htable-expire 2000;=;OK
-m hashlimit --hashlimit-upto 1/sec --hashlimit-name mini1;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name mini1;OK
-m hashlimit --hashlimit-upto 4kb/s --hashlimit-burst 400kb --hashlimit-name mini5;=;OK
-m hashlimit --hashlimit-upto 10mb/s --hashlimit-name mini6;=;OK
-m hashlimit --hashlimit-upto 123456b/s --hashlimit-burst 1mb --hashlimit-name mini7;=;OK
-m hashlimit --hashlimit-name mini1;;FAIL:You have to specify --hashlimit
-m hashlimit --hashlimit-upto 1/sec;;FAIL:hashlimit: option "--hashlimit-name" must be specified
-m hashlimit;;FAIL:You have to specify --hashlimit
-m hashlimit --hashlimit-upto 40/sec --hashlimit-burst 20 --hashlimit-mode srcip --hashlimit-name syn-flood;=;OK
-m hashlimit --hashlimit-upto 40/sec --hashlimit-burst 20 --hashlimit-mode srcip --hashlimit-name rate1 --hashlimit-rate-match;=;OK
-m hashlimit --hashlimit-upto 40mb/s --hashlimit-mode srcip --hashlimit-name rate2 --hashlimit-rate-match;=;OK
-m hashlimit --hashlimit-upto 40/sec --hashlimit-burst 20 --hashlimit-mode srcip --hashlimit-name rate3 --hashlimit-rate-match --hashlimit-rate-interval 10;=;OK
-m hashlimit --hashlimit-upto 40mb/s --hashlimit-mode srcip --hashlimit-name rate4 --hashlimit-rate-match --hashlimit-rate-interval 10;=;OK
# ... more of the tool's forms and messages
-m hashlimit --hashlimit 10/min --hashlimit-name old;-m hashlimit --hashlimit-upto 10/min --hashlimit-burst 5 --hashlimit-name old;OK
-m hashlimit ! --hashlimit-upto 10/s --hashlimit-name inv;-m hashlimit --hashlimit-above 10/sec --hashlimit-burst 5 --hashlimit-name inv;OK
-m hashlimit ! --hashlimit-above 10/s --hashlimit-name inv;-m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name inv;OK
-m hashlimit --hashlimit-upto 3/s --hashlimit-mode srcip,dstip|srcport,dstport --hashlimit-srcmask 24 --hashlimit-dstmask 255.255.0.0 --hashlimit-name m;-m hashlimit --hashlimit-upto 3/sec --hashlimit-burst 5 --hashlimit-mode srcip,srcport,dstip,dstport --hashlimit-name m --hashlimit-srcmask 24 --hashlimit-dstmask 16;OK
-m hashlimit --hashlimit-upto 3/s --hashlimit-mode , --hashlimit-name m;-m hashlimit --hashlimit-upto 3/sec --hashlimit-burst 5 --hashlimit-name m;OK
-m hashlimit --hashlimit-upto 3/s --hashlimit-htable-size 64 --hashlimit-htable-gcinterval 500 --hashlimit-name m;-m hashlimit --hashlimit-upto 3/sec --hashlimit-burst 5 --hashlimit-name m --hashlimit-htable-size 64 --hashlimit-htable-gcinterval 500;OK
-m hashlimit --hashlimit-upto 1/s --hashlimit-burst 1000000 --hashlimit-name m;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 1000000 --hashlimit-name m;OK
-m hashlimit --hashlimit-upto 1/min --hashlimit-name m --hashlimit-rate-match;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name m --hashlimit-htable-expire 60000 --hashlimit-rate-match --hashlimit-rate-interval 60;OK
-m hashlimit --hashlimit-upto 1kb/s --hashlimit-burst 2kb --hashlimit-name b --hashlimit-htable-expire 5000;=;OK
-m hashlimit --hashlimit-upto 1/s --hashlimit-name aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaxyz;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;OK
-m hashlimit --hashlimit-upto 1/s --hashlimit-burst 0 --hashlimit-name m;;FAIL:bad value for option "--hashlimit-burst", or out of range (1-1000000).
-m hashlimit --hashlimit-upto 1/s --hashlimit-burst 1000001 --hashlimit-name m;;FAIL:bad value for option "--hashlimit-burst", or out of range (1-1000000).
-m hashlimit --hashlimit-upto 1/s --hashlimit-burst 1mb --hashlimit-name m;;FAIL:bad value for option "--hashlimit-burst", or out of range (1-1000000).
-m hashlimit --hashlimit-upto 1/week --hashlimit-name m;;FAIL:hashlimit: Bad value for "--hashlimit-upto" option: "1/week"
-m hashlimit --hashlimit-above x --hashlimit-name m;;FAIL:hashlimit: Bad value for "--hashlimit-above" option: "x"
-m hashlimit --hashlimit-upto 2000000/s --hashlimit-name m;;FAIL:Rate too fast "2000000/s"
-m hashlimit --hashlimit-upto 1/s --hashlimit-mode none --hashlimit-name m;;FAIL:hashlimit: Bad value for "--hashlimit-mode" option: "none"
-m hashlimit --hashlimit-upto 1/s --hashlimit-srcmask x --hashlimit-name m;;FAIL:hashlimit: bad value for option "--hashlimit-srcmask", neither a valid network mask nor valid CIDR (0-32).
-m hashlimit --hashlimit-upto 1/s --hashlimit-srcmask 33 --hashlimit-name m;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name m --hashlimit-srcmask 255;OK:EINVAL
-m hashlimit --hashlimit-upto 1/s --hashlimit-dstmask 255.0.255.0 --hashlimit-name m;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name m --hashlimit-dstmask 255;OK:EINVAL
-m hashlimit --hashlimit-upto 1/s --hashlimit-srcmask 0 --hashlimit-name m;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name m --hashlimit-srcmask 0;OK
-m hashlimit --hashlimit-upto 1/s --hashlimit-htable-size x --hashlimit-name m;;FAIL:hashlimit: bad value for option "--hashlimit-htable-size", or out of range (0-4294967295).
-m hashlimit --hashlimit-upto 1/s --hashlimit-name "";;FAIL:Argument must have a minimum length of 1 characters
-m hashlimit --hashlimit-upto 1/s --hashlimit-rate-interval 0 --hashlimit-name m;;FAIL:hashlimit: Bad value for "--hashlimit-rate-interval" option: "0"
-m hashlimit --hashlimit-upto 1/s --hashlimit-above 2/s --hashlimit-name m;;FAIL:hashlimit: option "--hashlimit-upto" cannot be used together with "--hashlimit-above".
-m hashlimit --hashlimit-upto 1/s --hashlimit-above 2/s;;FAIL:hashlimit: option "--hashlimit-upto" cannot be used together with "--hashlimit-above".
-m hashlimit --hashlimit 1/s --hashlimit-upto 2/s --hashlimit-name m;;FAIL:hashlimit: option "--hashlimit-upto" can only be used once.
-m hashlimit --hashlimit-upto 1/s ! --hashlimit-name m;;FAIL:hashlimit: option "--hashlimit-name" cannot be inverted.
-m hashlimit --hashlimit-upto 1kb/s --hashlimit-burst 100 --hashlimit-name m;;FAIL:burst cannot be smaller than 1024b
# ... refused by the kernel (hashlimit_mt_check_common)
-m hashlimit --hashlimit-upto 1/s --hashlimit-htable-gcinterval 0 --hashlimit-name m;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name m --hashlimit-htable-gcinterval 0;OK:EINVAL
-m hashlimit --hashlimit-upto 1/s --hashlimit-htable-expire 0 --hashlimit-name m;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name m --hashlimit-htable-expire 0;OK:EINVAL
-m hashlimit --hashlimit-upto 1/s --hashlimit-name .;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name .;OK:EINVAL
-m hashlimit --hashlimit-upto 1/s --hashlimit-name a/b;-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name a/b;OK:EINVAL
-m hashlimit --hashlimit-upto 1/day --hashlimit-burst 1000000 --hashlimit-name m;=;OK:ERANGE
-m hashlimit --hashlimit-upto 1b/s --hashlimit-name m;-m hashlimit --hashlimit-upto 0b/s --hashlimit-name m;OK
-m hashlimit --hashlimit-upto 40000mb/s --hashlimit-name m;-m hashlimit --hashlimit-upto 68719476704b/s --hashlimit-name m;OK:EINVAL
