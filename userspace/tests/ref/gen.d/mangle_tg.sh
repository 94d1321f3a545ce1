#!/bin/bash
# Reference commands of the header-rewriting mangle targets: DSCP, TOS, TTL, CLASSIFY, CHECKSUM.
# Same conventions as gen.sh (sourced after it, or run alone with IPT= set): every command
# through `run`, which prints the command, its output and its exit code.
type run >/dev/null 2>&1 || run() { echo "### $*"; "$@" 2>&1; echo "### rc=$?"; }
M="$IPT -t mangle"
echo "### mangle_tg: DSCP, TOS, TTL, CLASSIFY, CHECKSUM"
run $M -F
run $M -X
run $M -N mt
echo "### DSCP"
run $M -A PREROUTING -j DSCP --set-dscp 0x00
run $M -A PREROUTING -j DSCP --set-dscp 0x3f
run $M -A PREROUTING -p tcp --dport 22 -j DSCP --set-dscp 46
run $M -A FORWARD -j DSCP --set-dscp 010
run $M -A OUTPUT -j DSCP --set-dscp-class CS0
run $M -A OUTPUT -j DSCP --set-dscp-class BE
run $M -A OUTPUT -j DSCP --set-dscp-class EF
run $M -A POSTROUTING -j DSCP --set-dscp-class af41
run $M -A mt -j DSCP --set-dscp-class AF111
run $M -A PREROUTING -j DSCP --set-dscp -1
run $M -A PREROUTING -j DSCP --set-dscp 0x40
run $M -A PREROUTING -j DSCP --set-dscp 64
run $M -A PREROUTING -j DSCP --set-dscp abc
run $M -A PREROUTING -j DSCP --set-dscp 0x3f --set-dscp-class CS0
run $M -A PREROUTING -j DSCP --set-dscp-class CS0 --set-dscp 1
run $M -A PREROUTING -j DSCP --set-dscp 1 --set-dscp 2
run $M -A PREROUTING -j DSCP --set-dscp-class AF1
run $M -A PREROUTING -j DSCP --set-dscp-class foo
run $M -A PREROUTING -j DSCP ! --set-dscp 1
run $M -A PREROUTING -j DSCP
run $M -A PREROUTING -j DSCP --set-dscp
run $M -A PREROUTING -j DSCP --dscp 1
run $IPT -A INPUT -j DSCP --set-dscp 1
run $IPT -t raw -A PREROUTING -j DSCP --set-dscp 1
echo "### TOS"
run $M -A PREROUTING -j TOS --set-tos 0x1f
run $M -A PREROUTING -j TOS --set-tos 0x1f/0x1f
run $M -A PREROUTING -j TOS --set-tos 0xff
run $M -A PREROUTING -j TOS --set-tos Minimize-Delay
run $M -A PREROUTING -j TOS --set-tos Maximize-Throughput
run $M -A FORWARD -j TOS --set-tos Maximize-Reliability
run $M -A FORWARD -j TOS --set-tos minimize-cost
run $M -A FORWARD -j TOS --set-tos Normal-Service
run $M -A OUTPUT -j TOS --set-tos 0x05/0x3f
run $M -A OUTPUT -j TOS --set-tos 16/077
run $M -A OUTPUT -j TOS --and-tos 0x12
run $M -A OUTPUT -j TOS --and-tos 0
run $M -A POSTROUTING -j TOS --or-tos 0x12
run $M -A POSTROUTING -j TOS --xor-tos 0x12
run $M -A POSTROUTING -j TOS --set-tos 0/0
run $M -A mt -p udp -j TOS --set-tos 0x12/0x12
run $M -A PREROUTING -j TOS
run $M -A PREROUTING -j TOS --set-tos wrong
run $M -A PREROUTING -j TOS --set-tos 256
run $M -A PREROUTING -j TOS --set-tos 0x10/
run $M -A PREROUTING -j TOS --set-tos 0x10/0x100
run $M -A PREROUTING -j TOS --set-tos 0x10x
run $M -A PREROUTING -j TOS --and-tos 256
run $M -A PREROUTING -j TOS --or-tos -1
run $M -A PREROUTING -j TOS --xor-tos 0x1/0x2
run $M -A PREROUTING -j TOS --set-tos 1 --and-tos 2
run $M -A PREROUTING -j TOS --xor-tos 2 --or-tos 1
run $M -A PREROUTING -j TOS --set-tos 1 --set-tos 2
run $M -A PREROUTING -j TOS ! --set-tos 1
run $M -A PREROUTING -j TOS --tos 1
run $IPT -A FORWARD -j TOS --set-tos 0x10
echo "### TTL"
run $M -A PREROUTING -j TTL --ttl-set 42
run $M -A PREROUTING -j TTL --ttl-set 0
run $M -A PREROUTING -j TTL --ttl-set 255
run $M -A FORWARD -j TTL --ttl-inc 1
run $M -A FORWARD -j TTL --ttl-inc 0x10
run $M -A OUTPUT -j TTL --ttl-dec 1
run $M -A POSTROUTING -o eth0 -j TTL --ttl-dec 255
run $M -A mt -j TTL --ttl-set 64
run $M -A PREROUTING -j TTL --ttl-set 256
run $M -A PREROUTING -j TTL --ttl-inc 0
run $M -A PREROUTING -j TTL --ttl-dec 0
run $M -A PREROUTING -j TTL --ttl-dec 256
run $M -A PREROUTING -j TTL --ttl-dec 1 --ttl-inc 1
run $M -A PREROUTING -j TTL --ttl-inc 1 --ttl-set 1
run $M -A PREROUTING -j TTL --ttl-set --ttl-inc 1
run $M -A PREROUTING -j TTL --ttl-set 1 --ttl-set 2
run $M -A PREROUTING -j TTL ! --ttl-set 1
run $M -A PREROUTING -j TTL
run $M -A PREROUTING -j TTL --ttl-eq 1
run $IPT -A OUTPUT -j TTL --ttl-set 1
echo "### CLASSIFY"
run $M -A FORWARD -j CLASSIFY --set-class 0000:ffff
run $M -A FORWARD -j CLASSIFY --set-class 1:2
run $M -A OUTPUT -j CLASSIFY --set-class 10:abc
run $M -A POSTROUTING -o eth0 -j CLASSIFY --set-class 0x10:0X20
run $M -A POSTROUTING -j CLASSIFY --set-class ffff:0
run $M -A POSTROUTING -j CLASSIFY --set-class ffffffff1:1
run $M -A POSTROUTING -j CLASSIFY --set-class -1:-1
run $M -A POSTROUTING -j CLASSIFY --set-class " 1: 2"
run $M -A POSTROUTING -j CLASSIFY --set-class 1:2xyz
run $M -A POSTROUTING -j CLASSIFY --set-class 0x:1
run $M -A mt -j CLASSIFY --set-class 1:1
run $IPT -A FORWARD -j CLASSIFY --set-class 1:10
run $IPT -A OUTPUT -j CLASSIFY --set-class 2:20
run $IPT -t nat -A POSTROUTING -j CLASSIFY --set-class 3:30
run $IPT -t raw -A OUTPUT -j CLASSIFY --set-class 4:40
run $M -A PREROUTING -j CLASSIFY --set-class 1:1
run $M -A INPUT -j CLASSIFY --set-class 1:1
run $IPT -A INPUT -j CLASSIFY --set-class 1:1
run $M -A PREROUTING -j mt
run $M -A CLASSIFY
run $M -A POSTROUTING -j CLASSIFY
run $M -A POSTROUTING -j CLASSIFY --set-class 1
run $M -A POSTROUTING -j CLASSIFY --set-class 1:
run $M -A POSTROUTING -j CLASSIFY --set-class :1
run $M -A POSTROUTING -j CLASSIFY --set-class g:1
run $M -A POSTROUTING -j CLASSIFY --set-class "1 :2"
run $M -A POSTROUTING -j CLASSIFY --set-class ""
run $M -A POSTROUTING -j CLASSIFY --set-class 1:1 --set-class 2:2
run $M -A POSTROUTING -j CLASSIFY ! --set-class 1:1
echo "### CHECKSUM"
run $M -A POSTROUTING -o virbr0 -p udp --dport 68 -j CHECKSUM --checksum-fill
run $M -A POSTROUTING -p udp -j CHECKSUM --checksum-fill
run $M -A PREROUTING -j CHECKSUM --checksum-fill
run $M -A FORWARD -p tcp -j CHECKSUM --checksum-fill
run $M -A OUTPUT ! -p udp -j CHECKSUM --checksum-fill
run $M -A mt -j CHECKSUM --checksum-fill
run $M -A POSTROUTING -j CHECKSUM
run $M -A POSTROUTING -j CHECKSUM --checksum-fill --checksum-fill
run $M -A POSTROUTING -j CHECKSUM ! --checksum-fill
run $M -A POSTROUTING -j CHECKSUM --checksum-fill 1
run $M -A POSTROUTING -j CHECKSUM --checksum
run $IPT -A OUTPUT -p udp -j CHECKSUM --checksum-fill
echo "### listing"
run $M -S
run $M -S mt
run $M -L
run $M -L -n
run $M -L -n -v
run $M -L POSTROUTING -n --line-numbers
run $M -L OUTPUT 3 -n
run $IPT-save -t mangle
run $IPT -S
echo "### edits"
run $M -C PREROUTING -p tcp --dport 22 -j DSCP --set-dscp 0x2e
run $M -C PREROUTING -p tcp --dport 22 -j DSCP --set-dscp 0x2f
run $M -C FORWARD -j TOS --set-tos 0x04/0x3f
run $M -C FORWARD -j TOS --set-tos 0x04/0xff
run $M -D OUTPUT -j TOS --and-tos 0x12
run $M -D FORWARD -j TTL --ttl-inc 16
run $M -D FORWARD -j TTL --ttl-dec 16
run $M -R POSTROUTING 1 -j CLASSIFY --set-class 5:5
run $M -D POSTROUTING -p udp -j CHECKSUM --checksum-fill
run $M -I OUTPUT 2 -j TTL --ttl-set 1
run $M -S OUTPUT
run $M -S POSTROUTING
run $M -F
run $M -X
printf '*mangle\n-A PREROUTING -j TOS --set-tos 0x10/0x3f\n-A FORWARD -j DSCP --set-dscp 0x2e\n-A POSTROUTING -p udp -j CHECKSUM --checksum-fill\n-A POSTROUTING -j CLASSIFY --set-class 0001:0002\n-A OUTPUT -j TTL --ttl-dec 3\nCOMMIT\n' | run $IPT-restore
run $M -S
printf '*mangle\n-A PREROUTING -j CLASSIFY --set-class 0001:0002\nCOMMIT\n' | run $IPT-restore --noflush
printf '*filter\n-A INPUT -j TTL --ttl-set 1\nCOMMIT\n' | run $IPT-restore --noflush
run $M -S
run $M -F
