#!/bin/bash
# Reference commands of the "ports" group: multiport, iprange, pkttype, mac, length, ttl, dscp
# and tos.
# Same conventions as gen.sh (sourced after it, or run alone with IPT= set): every command
# through `run`, which prints the command, its output and its exit code.
type run >/dev/null 2>&1 || run() { echo "### $*"; "$@" 2>&1; echo "### rc=$?"; }
M="$IPT -t mangle"
echo "### ports: multiport, iprange, pkttype, mac, length, ttl, dscp, tos"
run $IPT -F
run $IPT -X
run $M -F
run $M -X
echo "### multiport"
run $IPT -A INPUT -p tcp -m multiport --sports 53,1024:65535 -j ACCEPT
run $IPT -A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT
run $IPT -A INPUT -p udp -m multiport --ports 53,1024:65535
run $IPT -A INPUT -p udp -m multiport ! --dports 5000:5010,6000
run $IPT -A INPUT -p sctp -m multiport --dports 53,1024:65535
run $IPT -A INPUT -p dccp -m multiport --sports 1,2,3
run $IPT -A INPUT -p udplite -m multiport --dports 7:9
run $IPT -A INPUT -p tcp -m multiport --source-ports ssh,http,domain
run $IPT -A INPUT -p tcp -m multiport --destination-ports 0x16,+80,010
run $IPT -A INPUT -p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
run $IPT -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:15
run $IPT -A INPUT -p tcp -m multiport --dports 22 -m multiport --sports 1024:65535
run $IPT -A INPUT -p tcp -m multiport --dpor 25
run $IPT -A INPUT -p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
run $IPT -A INPUT -p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16
run $IPT -A INPUT -p tcp -m multiport --sports 1024:65536
run $IPT -A INPUT -p tcp -m multiport --ports 20:10
run $IPT -A INPUT -p tcp -m multiport --ports 20:20
run $IPT -A INPUT -p tcp -m multiport --ports 1:2:3
run $IPT -A INPUT -p tcp -m multiport --ports 22,
run $IPT -A INPUT -p tcp -m multiport --ports nosuchservice
run $IPT -A INPUT -m multiport --dports 22
run $IPT -A INPUT -p icmp -m multiport --dports 22
run $IPT -A INPUT ! -p tcp -m multiport --dports 22
run $IPT -A INPUT -m multiport --dports 22 -p tcp
run $IPT -A INPUT -p tcp -m multiport --dports 22 --dports 23
run $IPT -A INPUT -p tcp -m multiport --sports 22 --dports 23
run $IPT -A INPUT -p tcp -m multiport --ports 22 --sports 23
run $IPT -A INPUT -p tcp -m multiport
run $IPT -A INPUT -p tcp --multiport
run $IPT -A INPUT -p tcp --dports 22
echo "### iprange"
run $IPT -A INPUT -m iprange --src-range 1.1.1.1-1.1.1.10
run $IPT -A INPUT -m iprange ! --src-range 1.1.1.1-1.1.1.10 -j DROP
run $IPT -A INPUT -m iprange --dst-range 1.1.1.1-1.1.1.10
run $IPT -A INPUT -m iprange ! --dst-range 1.1.1.1-1.1.1.10
run $IPT -A INPUT -m iprange --src-range 1.1.1.1
run $IPT -A INPUT -m iprange --dst-range 10-10.1
run $IPT -A INPUT -m iprange --src-range 0x0a.0.0.1-010.0.0.2 ! --dst-range 192.168.0.0-192.168.255.255
run $IPT -A INPUT -m iprange --dst-range 2.2.2.2-2.2.2.3 --src-range 1.1.1.1-1.1.1.2
run $IPT -A INPUT -m iprange --src-range 1.1.1.10-1.1.1.1
run $IPT -A INPUT -m iprange
run $IPT -A INPUT -m iprange --src-range 1.1.1.1-1.1.1.256
run $IPT -A INPUT -m iprange --dst-range foo-1.1.1.1
run $IPT -A INPUT -m iprange --dst-range 1.1.1.1-
run $IPT -A INPUT -m iprange --dst-range 1.1.1.1-2.2.2.2-3.3.3.3
run $IPT -A INPUT -m iprange --dst-range 1.1.1.1/24
run $IPT -A INPUT -m iprange --src-range 1.1.1.1 --src-range 1.1.1.2
echo "### pkttype"
run $IPT -A INPUT -m pkttype --pkt-type unicast
run $IPT -A INPUT -m pkttype --pkt-type broadcast -j DROP
run $IPT -A INPUT -m pkttype ! --pkt-type multicast
run $IPT -A INPUT -m pkttype --pkt-type otherhost
run $IPT -A INPUT -m pkttype --pkt-type BCAST
run $IPT -A INPUT -m pkttype --pkt-type mcast
run $IPT -A INPUT -m pkttype --pkt-type Host
run $IPT -A INPUT -m pkttype --pkt-type wrong
run $IPT -A INPUT -m pkttype --pkt-type outgoing
run $IPT -A INPUT -m pkttype
run $IPT -A INPUT -m pkttype --pkt-type host --pkt-type host
echo "### mac"
run $IPT -A INPUT -m mac --mac-source 42:01:02:03:04:05
run $IPT -A INPUT -m mac ! --mac-source 42:01:02:03:04:05 -j DROP
run $IPT -A FORWARD -m mac --mac-source AA:BB:CC:DD:EE:FF
run $IPT -A FORWARD -m mac --mac-source 42:1:2:3:4:
run $M -A PREROUTING -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
run $IPT -A OUTPUT -m mac --mac-source 42:01:02:03:04:05
run $M -A POSTROUTING -m mac --mac-source 42:01:02:03:04:05
run $IPT -N MACCHAIN
run $IPT -A MACCHAIN -m mac --mac-source 42:01:02:03:04:05
run $IPT -A OUTPUT -j MACCHAIN
run $IPT -A INPUT -j MACCHAIN
run $IPT -A INPUT -m mac --mac-source 42:01:02:03:04
run $IPT -A INPUT -m mac --mac-source 42:01:02:03:04:05:06
run $IPT -A INPUT -m mac --mac-source 042:01:02:03:04:05
run $IPT -A INPUT -m mac --mac-source 42-01-02-03-04-05
run $IPT -A INPUT -m mac
echo "### length"
run $IPT -A INPUT -m length --length 1
run $IPT -A INPUT -m length --length :2
run $IPT -A INPUT -m length --length 4:
run $IPT -A INPUT -m length ! --length 0:65535
run $IPT -A INPUT -m length --length 5:5
run $IPT -A INPUT -m length --length 9:3
run $IPT -A INPUT -m length --length 0x10:0100
run $IPT -A INPUT -m length --length 0:65536
run $IPT -A INPUT -m length --length -1:65535
run $IPT -A INPUT -m length --length 1:2:3
run $IPT -A INPUT -m length --length 1x
run $IPT -A INPUT -m length
echo "### ttl"
run $IPT -A INPUT -m ttl --ttl-eq 64
run $IPT -A INPUT -m ttl ! --ttl-eq 64
run $IPT -A INPUT -m ttl --ttl-lt 5
run $IPT -A INPUT -m ttl --ttl-gt 250
run $IPT -A INPUT -m ttl --ttl 1
run $IPT -A INPUT -m ttl ! --ttl 2
run $IPT -A INPUT -m ttl --ttl-eq 256
run $IPT -A INPUT -m ttl ! --ttl-lt 5
run $IPT -A INPUT -m ttl --ttl-eq 1 --ttl-lt 2
run $IPT -A INPUT -m ttl --ttl-eq 1 --ttl 2
run $IPT -A INPUT -m ttl
echo "### dscp"
run $IPT -A INPUT -m dscp --dscp 0x3f
run $IPT -A INPUT -m dscp ! --dscp 46 -j DROP
run $IPT -A INPUT -m dscp --dscp-class af41
run $IPT -A INPUT -m dscp ! --dscp-class EF
run $IPT -A INPUT -m dscp --dscp 0x40
run $IPT -A INPUT -m dscp --dscp 1 --dscp-class CS0
run $IPT -A INPUT -m dscp --dscp-class AF1
run $IPT -A INPUT -m dscp
echo "### tos"
run $IPT -A INPUT -m tos --tos Minimize-Delay
run $IPT -A INPUT -m tos ! --tos normal-service
run $IPT -A INPUT -m tos --tos 0xff
run $IPT -A INPUT -m tos --tos 0x0f/0x0f
run $IPT -A INPUT -m tos ! --tos 16/077
run $IPT -A INPUT -m tos --tos wrong
run $IPT -A INPUT -m tos --tos 0x10/
run $IPT -A INPUT -m tos --tos 256
run $IPT -A INPUT -m tos
echo "### ports: listings"
run $IPT -S
run $IPT -L
run $IPT -L -n
run $IPT -L -n -v
run $IPT -L INPUT 2 -n
run $M -S
run $M -L -n
run $IPT-save -t filter
run $IPT-save -t mangle
run $IPT -C INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT
run $IPT -C INPUT -p tcp -m multiport --dports 22,80 -j ACCEPT
run $IPT -D INPUT -m iprange ! --src-range 1.1.1.1-1.1.1.10 -j DROP
run $IPT -D INPUT -m ttl --ttl 1
printf '*filter\n-A INPUT -p udp -m multiport --dports 1:2,3 -m length --length 28:1500 -j ACCEPT\n-A INPUT -m pkttype ! --pkt-type unicast -m ttl --ttl-lt 2\nCOMMIT\n' | run $IPT-restore --noflush
printf '*filter\n-A INPUT -m length --length 70000\nCOMMIT\n' | run $IPT-restore --noflush
run $IPT -S INPUT
run $IPT -F
run $IPT -X
run $M -F
run $IPT -S
