#!/bin/bash
# mark/MARK and connmark/CONNMARK: commands run with iptables-legacy 1.8.9 on ip_tables.ko and
# with the oxtables tool, outputs and exit codes compared (same conventions as ../gen.sh).
type run >/dev/null 2>&1 || run() { echo "### $*"; "$@" 2>&1; echo "### rc=$?"; }
M="$IPT -t mangle"
R="$IPT -t raw"
N="$IPT -t nat"
for t in filter mangle raw nat; do $IPT -t $t -F; $IPT -t $t -X; done
echo "### mark match"
run $IPT -A INPUT -m mark --mark 0xfeedcafe/0xfeedcafe
run $IPT -A INPUT -m mark --mark 0x0
run $IPT -A INPUT -m mark --mark 4294967295
run $IPT -A INPUT -s 1.2.0.0/15 -m mark --mark 0x0/0xff0
run $IPT -A INPUT -m mark --mark 7 -j ACCEPT
run $IPT -A INPUT -m mark --mark 010/0x0f -j DROP
run $IPT -A INPUT -m mark --mark 0x1/0xffffffff
run $IPT -A INPUT -m mark --mark 0x1/0
run $IPT -A INPUT -m mark ! --mark 0x1/0x3 -j DROP
run $IPT -A INPUT -m mark --mark 1 -m mark ! --mark 2
run $IPT -A FORWARD -p tcp --dport 22 -m mark --mark 0x10/0xf0 -j ACCEPT
run $IPT -A OUTPUT -m mark ! --mark 0xffffffff/0xffffffff
echo "### MARK target"
run $IPT -A INPUT -j MARK --set-xmark 0xfeedcafe/0xfeedcafe
run $IPT -A INPUT -j MARK --set-xmark 0x0
run $IPT -A INPUT -j MARK --set-xmark 4294967295
run $IPT -A INPUT -j MARK --set-mark 5
run $IPT -A INPUT -j MARK --set-mark 0x5/0xf0
run $IPT -A INPUT -j MARK --set-mark 0
run $IPT -A INPUT -j MARK --and-mark 0xf0
run $IPT -A INPUT -j MARK --and-mark 0
run $IPT -A INPUT -j MARK --or-mark 3
run $IPT -A INPUT -j MARK --xor-mark 3
run $IPT -A INPUT -j MARK --xor-mark 0
run $IPT -A INPUT -j MARK --set-xmark 0x11/0x1
run $IPT -A INPUT -p tcp --dport 80 -j MARK --set-mark 0x50
run $IPT -A INPUT -m mark --mark 0x1 -j MARK --set-mark 0x2
run $M -A PREROUTING -i eth0 -j MARK --set-mark 0x100
run $M -A POSTROUTING -j MARK --set-x 0x3/0x7
run $R -A PREROUTING -j MARK --set-mark 0x1
run $R -A OUTPUT -p udp -j MARK --and-mark 0xff00
run $N -A POSTROUTING -j MARK --or-mark 0x1
run $N -A PREROUTING -j MARK --xor-mark 0x80000000
echo "### connmark match"
run $M -A PREROUTING -m connmark --mark 0xffffffff
run $M -A PREROUTING -m connmark --mark 0xffffffff/0xffffffff
run $M -A PREROUTING -m connmark --mark 0xffffffff/0x0
run $M -A PREROUTING -m connmark --mark 0/0xffffffff
run $M -A PREROUTING -m connmark ! --mark 0x1/0x1 -j ACCEPT
run $IPT -A FORWARD -m connmark --mark 0x10/0xf0 -j DROP
run $IPT -A FORWARD -m connmark ! --mark 5
echo "### CONNMARK target"
run $M -A PREROUTING -j CONNMARK --restore-mark
run $M -A PREROUTING -j CONNMARK --save-mark
run $M -A PREROUTING -j CONNMARK --save-mark --nfmask 0xfffffff --ctmask 0xffffffff
run $M -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xfffffff --ctmask 0xffffffff
run $M -A PREROUTING -j CONNMARK --set-mark 1
run $M -A PREROUTING -j CONNMARK --set-mark 0x10/0xf0
run $M -A PREROUTING -j CONNMARK --set-mark 0x1/0xf0
run $M -A PREROUTING -j CONNMARK --set-xmark 0x10/0xf0
run $M -A PREROUTING -j CONNMARK --set-xmark 7
run $M -A PREROUTING -j CONNMARK --and-mark 0xff
run $M -A PREROUTING -j CONNMARK --or-mark 0x4
run $M -A PREROUTING -j CONNMARK --xor-mark 4
run $M -A FORWARD -j CONNMARK --save-mark --mask 0xff
run $M -A FORWARD -j CONNMARK --restore-mark --mask 0xff
run $M -A FORWARD -j CONNMARK --restore-mark --ctmask 0xff
run $M -A FORWARD -j CONNMARK --save-mark --nfmask 0xff00 --ctmask 0xffff
run $M -A FORWARD -j CONNMARK --restore-mark --ctmask 0xff00 --nfmask 0xf0
run $M -A FORWARD -j CONNMARK --nfmask 1 --ctmask 2 --save-mark
run $M -A FORWARD -j CONNMARK --set-mark 1 --mask 0xff
run $M -A FORWARD -j CONNMARK --mask 0xff --set-mark 1
run $M -A OUTPUT -j CONNMARK --save-mark --left-shift-mark 8
run $M -A OUTPUT -j CONNMARK --restore-mark --right-shift-mark 16 --mask 0xffff0000
run $M -A OUTPUT -j CONNMARK --restore-mark --ctmask 0xff00 --right-shift-mark 8
run $M -A OUTPUT -j CONNMARK --set-mark 1 --left-shift-mark 0
run $M -A OUTPUT -j CONNMARK --set-xmark 0x1/0xff --left-shift-mark 31
run $M -A OUTPUT -j CONNMARK --and-mark 0xf0 --right-shift-mark 4
run $M -A OUTPUT -j CONNMARK --save-mark --left-shift-mark 2 --right-shift-mark 3
run $M -A POSTROUTING -m mark --mark 0x1 -j CONNMARK --save-mark
run $M -A POSTROUTING -m connmark --mark 0x2 -j MARK --set-mark 0x3
run $IPT -A OUTPUT -j CONNMARK --save-mark
run $R -A PREROUTING -j CONNMARK --set-mark 0x3
run $N -A OUTPUT -j CONNMARK --restore-mark
echo "### mark listings"
run $IPT -S
run $IPT -L -n
run $IPT -L -n -v
run $IPT -L
run $IPT -L INPUT 14 -n
run $M -S
run $M -L -n
run $M -L -n -v -x --line-numbers
run timeout 30 $M -L
run $R -S
run $R -L -n
run $N -S
run $N -L -n
run $IPT-save -t filter
run $IPT-save -t mangle
run $IPT-save -t raw -c
echo "### mark checks and deletes"
run $IPT -C INPUT -m mark --mark 7 -j ACCEPT
run $IPT -C INPUT -m mark --mark 0x7/0xffffffff -j ACCEPT
run $IPT -C INPUT -m mark --mark 8 -j ACCEPT
run $IPT -C INPUT -j MARK --set-mark 5
run $IPT -C INPUT -j MARK --set-xmark 5/0xffffffff
run $IPT -C INPUT -j MARK --or-mark 5
run $M -C PREROUTING -j CONNMARK --save-mark
run $M -C PREROUTING -j CONNMARK --save-mark --mask 0xff
run $M -C OUTPUT -j CONNMARK --save-mark --left-shift-mark 8
run $M -C OUTPUT -j CONNMARK --save-mark --left-shift-mark 9
run $IPT -D INPUT -m mark ! --mark 0x1/0x3 -j DROP
run $IPT -D INPUT -j MARK --and-mark 0xf0
run $M -D PREROUTING -m connmark --mark 0xffffffff/0x0
run $M -D FORWARD -j CONNMARK --set-mark 1 --mask 0xff
run $IPT -R INPUT 1 -m mark --mark 0x42 -j RETURN
run $M -I OUTPUT 2 -j CONNMARK --xor-mark 0x8
run $IPT -v -A INPUT -m mark --mark 0x9 -j MARK --set-mark 0xa
run $M -v -A PREROUTING -m connmark ! --mark 1/1 -j CONNMARK --restore-mark --mask 1
run $IPT -S INPUT
run $M -S OUTPUT
echo "### mark errors"
run $IPT -A INPUT -m mark --mark 4294967296
run $IPT -A INPUT -m mark --mark -1
run $IPT -A INPUT -m mark
run $IPT -A INPUT -m mark --mark 1/2/3
run $IPT -A INPUT -m mark --mark 1x
run $IPT -A INPUT -m mark --mark 1/
run $IPT -A INPUT -m mark --mark /1
run $IPT -A INPUT -m mark --mark 1/0x100000000
run $IPT -A INPUT -m mark --mark abc
run $IPT -A INPUT -m mark --mark ""
run $IPT -A INPUT -m mark --mark 1 --mark 2
run $IPT -A INPUT -m mark --mark
run $IPT -A INPUT -m mark --set-mark 1
run $IPT -A INPUT -m mark ! --mark 1 ! --mark 2
run $IPT -A INPUT -j MARK --set-xmark 4294967296
run $IPT -A INPUT -j MARK --set-xmark -1
run $IPT -A INPUT -j MARK
run $IPT -A INPUT -j MARK --set-mark 1 --and-mark 2
run $IPT -A INPUT -j MARK --and-mark 2 --set-xmark 1
run $IPT -A INPUT -j MARK --xor-mark 2 --or-mark 1
run $IPT -A INPUT -j MARK --set-mark 1 --set-mark 2
run $IPT -A INPUT -j MARK --and-mark 4294967296
run $IPT -A INPUT -j MARK --or-mark 0x1/0x2
run $IPT -A INPUT -j MARK --xor-mark -1
run $IPT -A INPUT -j MARK --set-mark 1/2/3
run $IPT -A INPUT -j MARK ! --set-mark 1
run $IPT -A INPUT -j MARK --mark 1
run $IPT -A INPUT -j MARK --set-mark
run $IPT -A INPUT -j MARK --or-mark ""
run $M -A PREROUTING -m connmark --mark -1
run $M -A PREROUTING -m connmark --mark 0xfffffffff
run $M -A PREROUTING -m connmark
run $M -A PREROUTING -m connmark --mark 1x
run $M -A PREROUTING -m connmark --mark 1 --mark 2
run $M -A PREROUTING -j CONNMARK
run $M -A PREROUTING -j CONNMARK --save-mark --left-shift-mark 33
run $M -A PREROUTING -j CONNMARK --save-mark --right-shift-mark -1
run $M -A PREROUTING -j CONNMARK --save-mark --restore-mark
run $M -A PREROUTING -j CONNMARK --restore-mark --set-xmark 1
run $M -A PREROUTING -j CONNMARK --and-mark 1 --or-mark 2
run $M -A PREROUTING -j CONNMARK --save-mark --ctmask 1 --mask 2
run $M -A PREROUTING -j CONNMARK --mask 2 --nfmask 1 --restore-mark
run $M -A PREROUTING -j CONNMARK --mask 1
run $M -A PREROUTING -j CONNMARK --left-shift-mark 1
run $M -A PREROUTING -j CONNMARK --mask 1 --ctmask 2
run $M -A PREROUTING -j CONNMARK --set-mark 1 --set-mark 2
run $M -A PREROUTING -j CONNMARK --save-mark --save-mark
run $M -A PREROUTING -j CONNMARK ! --save-mark
run $M -A PREROUTING -j CONNMARK --set-mark 1/2/3
run $M -A PREROUTING -j CONNMARK --set-xmark 0x100000000
run $M -A PREROUTING -j CONNMARK --save-mark --ctmask -1
run $M -A PREROUTING -j CONNMARK --and-mark 0x1/0x1
run $M -A PREROUTING -j CONNMARK --save-mark --mask
run $M -A PREROUTING -j CONNMARK --save
echo "### mark kernel refusals"
run $M -A PREROUTING -j CONNMARK --save-mark --left-shift-mark 32
run $M -A PREROUTING -j CONNMARK --restore-mark --right-shift-mark 32
run $M -v -A PREROUTING -j CONNMARK --set-mark 1 --left-shift-mark 32
run $M -S PREROUTING
echo "### mark restore"
printf '*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n[5:6] -A PREROUTING -m mark --mark 0x1/0xff -j MARK --set-xmark 0x2/0xff\n-A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff --left-shift-mark 8\n-A FORWARD -m connmark ! --mark 0x0/0xff00 -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff\nCOMMIT\n' | run $IPT-restore -c
run $IPT-save -t mangle -c
printf '*mangle\n-A PREROUTING -j CONNMARK --save-mark --right-shift-mark 32\nCOMMIT\n' | run $IPT-restore --noflush
printf '*mangle\n-A PREROUTING -j MARK --set-mark\nCOMMIT\n' | run $IPT-restore --noflush
run $M -L -n -v
for t in filter mangle raw nat; do $IPT -t $t -F; $IPT -t $t -X; done
run $M -S
