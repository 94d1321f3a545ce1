#!/bin/bash
# recent (libxt_recent): rules, listings, save, -C/-D, restore, errors.
# Same conventions as ../gen.sh; rules go into a user chain so no traffic reaches them.
echo "### recent: rules"
run $IPT -N RECENT
run $IPT -A RECENT -m recent --set
run $IPT -A RECENT -m recent --name ssh --rcheck --seconds 60 --hitcount 4 -j DROP
run $IPT -A RECENT -m recent --update --seconds 30 --hitcount 6 --name DEFAULT --rsource -j DROP
run $IPT -A RECENT -p tcp -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-ABCDEF --mask 255.255.255.255 --rsource -j ACCEPT
run $IPT -A RECENT -m recent --name KUBE-SEP-ABCDEF --set -j ACCEPT
run $IPT -A RECENT -m recent ! --rcheck --name x
run $IPT -A RECENT -m recent ! --set --rdest
run $IPT -A RECENT -m recent ! --update --seconds 5 --rttl
run $IPT -A RECENT -m recent ! --remove --name y
run $IPT -A RECENT -m recent --remove --rdest --name y
run $IPT -A RECENT -m recent --rsource --rdest --set --name z
run $IPT -A RECENT -m recent --rdest --rsource --set --name z
run $IPT -A RECENT -m recent --set --mask 255.255.255.0 --name net24
run $IPT -A RECENT -m recent --set --mask 10.1 --name net24
run $IPT -A RECENT -m recent --rcheck --mask 0.0.0.0
run $IPT -A RECENT -m recent --rcheck --rttl --seconds 60 --hitcount 2 --reap
run $IPT -A RECENT -m recent --rcheck --seconds 4294967295 --name big
run $IPT -A RECENT -m recent --rcheck --seconds 2147483648 --hitcount 65535 --name big
run $IPT -A RECENT -m recent --rcheck --seconds 0x10 --hitcount 010
run $IPT -A RECENT -m recent --rcheck --hitcount 0 --name ...
run $IPT -A RECENT -m recent --rcheck --hitcount 999 --name foo -m recent --rcheck --hitcount 3 --name foo
run $IPT -A RECENT -m recent --rcheck --name aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
run $IPT -A RECENT -m recent --rcheck --name bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
run $IPT -A RECENT -m recent --rcheck --name "with space"
run $IPT -A RECENT -m rec --set --name abbrev
run $IPT -A RECENT -m recent --upd --sec 9 --hit 2 --na abbrev --rd
echo "### recent: kernel refusals"
run $IPT -A RECENT -m recent --rcheck --hitcount 65536
run $IPT -A RECENT -m recent --set --seconds 5
run $IPT -A RECENT -m recent --set --hitcount 2
run $IPT -A RECENT -m recent --remove --seconds 5 --reap
run $IPT -A RECENT -m recent --set --name ""
run $IPT -A RECENT -m recent --set --name .
run $IPT -A RECENT -m recent --set --name ..
run $IPT -A RECENT -m recent --set --name a/b
echo "### recent: tool errors"
run $IPT -A RECENT -m recent
run $IPT -A RECENT -m recent --name foo --rttl
run $IPT -A RECENT -m recent --set --rcheck
run $IPT -A RECENT -m recent --update --remove
run $IPT -A RECENT -m recent --rcheck --update --set
run $IPT -A RECENT -m recent --set --rttl
run $IPT -A RECENT -m recent --remove --rttl
run $IPT -A RECENT -m recent --rcheck --reap
run $IPT -A RECENT -m recent --set --reap
run $IPT -A RECENT -m recent --set --set
run $IPT -A RECENT -m recent --rcheck --name a --name b
run $IPT -A RECENT -m recent --set --rsource --rsource
run $IPT -A RECENT -m recent --set ! --name x
run $IPT -A RECENT -m recent --rcheck ! --rttl
run $IPT -A RECENT -m recent --set ! --rdest
run $IPT -A RECENT -m recent --rcheck ! --reap --seconds 1
run $IPT -A RECENT -m recent --rcheck --seconds 0
run $IPT -A RECENT -m recent --rcheck --seconds 4294967296
run $IPT -A RECENT -m recent --rcheck --seconds -1
run $IPT -A RECENT -m recent --rcheck --seconds 5s
run $IPT -A RECENT -m recent --rcheck --hitcount x
run $IPT -A RECENT -m recent --rcheck --hitcount -1
run $IPT -A RECENT -m recent --rcheck --seconds
run $IPT -A RECENT -m recent --rcheck --name
run $IPT -A RECENT -m recent --rcheck --mask
run $IPT -A RECENT -m recent --r
run $IPT -A RECENT -m recent --set --bogus
echo "### recent: listings"
run $IPT -S RECENT
run $IPT -S RECENT 3
run $IPT -L RECENT -n
run $IPT -L RECENT -n -v -x --line-numbers
run $IPT-save -t filter
echo "### recent: check, delete, replace, insert"
run $IPT -C RECENT -m recent --set
run $IPT -C RECENT -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource
run $IPT -C RECENT -m recent --set --rdest
run $IPT -C RECENT -m recent --set --name other
run $IPT -C RECENT -m recent --name ssh --rcheck --seconds 60 --hitcount 4 -j DROP
run $IPT -C RECENT -m recent --name ssh --rcheck --seconds 61 --hitcount 4 -j DROP
run $IPT -C RECENT -m recent --set --mask 255.255.255.0 --name net24
run $IPT -C RECENT -m recent --set --mask 255.255.0.0 --name net24
run $IPT -D RECENT -m recent --name ssh --rcheck --seconds 60 --hitcount 4 -j DROP
run $IPT -D RECENT -m recent --name ssh --rcheck --seconds 60 --hitcount 4 -j DROP
run $IPT -D RECENT -m recent ! --set --rdest
run $IPT -R RECENT 1 -m recent --update --name replaced --seconds 7
run $IPT -I RECENT 2 -m recent --remove --name inserted
run $IPT -S RECENT
echo "### recent: other tables"
run $IPT -t mangle -A PREROUTING -m recent --update --seconds 60 --name pre
run $IPT -t raw -A OUTPUT -m recent --rcheck --rdest
run $IPT -t nat -A POSTROUTING -m recent --set --name nat
run $IPT -A FORWARD -m recent --set --rdest --name fwd
run $IPT -t mangle -S
run $IPT -t raw -L -n
run $IPT -t nat -S POSTROUTING
run $IPT -t mangle -F
run $IPT -t raw -F
run $IPT -t nat -F
run $IPT -F FORWARD
echo "### recent: restore"
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:RECENT - [0:0]\n[3:4] -A RECENT -m recent --rcheck --seconds 60 --hitcount 2 --name DEFAULT --mask 255.255.255.255 --rsource -j DROP\n-A RECENT -m recent --set --name web --mask 255.255.255.0 --rdest\n-A RECENT -m recent ! --update --seconds 10 --reap --rttl --name DEFAULT --mask 255.255.255.255 --rsource\nCOMMIT\n' | run $IPT-restore -c
run $IPT-save -c -t filter
printf '*filter\n-A RECENT -m recent --set --seconds 1\nCOMMIT\n' | run $IPT-restore --noflush
printf '*filter\n-A RECENT -m recent --rcheck --reap\nCOMMIT\n' | run $IPT-restore --noflush
run $IPT -L RECENT -n -v
run $IPT -F RECENT
run $IPT -X RECENT
run $IPT -S
