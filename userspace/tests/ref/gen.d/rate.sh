#!/bin/bash
# limit, statistic and helper (libxt_limit, libxt_statistic, libxt_helper): rules, listings, save, -C/-D, errors.
# Same conventions as ../gen.sh; rules go into a user chain so no traffic moves their counters.
echo "### rate: limit"
$IPT -F
$IPT -X
run $IPT -N RATE
run $IPT -A RATE -m limit
run $IPT -A RATE -m limit --limit 1/sec -j ACCEPT
run $IPT -A RATE -m limit --limit 1/min
run $IPT -A RATE -m limit --limit 1000/hour
run $IPT -A RATE -m limit --limit 1000/day --limit-burst 1
run $IPT -A RATE -m limit --limit 5 --limit-burst 10000
run $IPT -A RATE -m limit --limit 3/s
run $IPT -A RATE -m limit --limit 3/SeC
run $IPT -A RATE -m limit --limit 3/M
run $IPT -A RATE -m limit --limit 60/minute
run $IPT -A RATE -m limit --limit 2/h
run $IPT -A RATE -m limit --limit 7/d
run $IPT -A RATE -m limit --limit 90/min
run $IPT -A RATE -m limit --limit 7/sec
run $IPT -A RATE -m limit --limit 10000/sec
run $IPT -A RATE -m limit --limit 5abc
run $IPT -A RATE -m limit --limit-burst 7 -j DROP
run $IPT -A RATE -p tcp -m limit --limit 2/min --limit-burst 3 -j DROP
run $IPT -A RATE -m limit --limit 1/hour --limit-burst 37
run $IPT -A RATE -m limit --limit 1/sec -m limit --limit 2/sec
echo "### rate: limit refusals (kernel ERANGE, tool errors)"
run $IPT -A RATE -m limit --limit 1/hour --limit-burst 38
run $IPT -A RATE -m limit --limit 1/day --limit-burst 2
run $IPT -A RATE -m limit --limit 1/sec --limit-burst 0
run $IPT -A RATE -m limit --limit-burst 10000
run $IPT -A RATE -m limit --limit 1/seconds
run $IPT -A RATE -m limit --limit 0/sec
run $IPT -A RATE -m limit --limit abc
run $IPT -A RATE -m limit --limit 1/
run $IPT -A RATE -m limit --limit /sec
run $IPT -A RATE -m limit --limit 1/week
run $IPT -A RATE -m limit --limit 10001/sec
run $IPT -A RATE -m limit --limit -1/day
run $IPT -A RATE -m limit --limit-burst 10001
run $IPT -A RATE -m limit --limit-burst -1
run $IPT -A RATE -m limit --limit-burst abc
run $IPT -A RATE -m limit ! --limit 1/sec
run $IPT -A RATE -m limit ! --limit-burst 1
run $IPT -A RATE -m limit --limit 1/sec --limit 2/sec
run $IPT -A RATE -m limit --limit-burst 1 --limit-burst 2
run $IPT -A RATE -m limit --limit
run $IPT -A RATE -m limit --limit-b 7
run $IPT -A RATE -m limit --lim 7
run $IPT -A RATE -m statistic --mode nth --ev 3 --pa 1
echo "### rate: statistic"
run $IPT -A RATE -m statistic --mode random ! --probability 0.50000000000
run $IPT -A RATE -m statistic --mode random --probability 0.5 -j ACCEPT
run $IPT -A RATE -m statistic --mode random --probability 0
run $IPT -A RATE -m statistic --mode random --probability 1
run $IPT -A RATE -m statistic --mode random --probability 0.3
run $IPT -A RATE -m statistic --mode random --probability 0.1
run $IPT -A RATE -m statistic --mode random --probability 0.99999999999
run $IPT -A RATE -m statistic --mode random --probability 0x1p-2
run $IPT -A RATE -m statistic --mode random --probability 1e-10
run $IPT -A RATE -m statistic --mode random --probability .000000001
run $IPT -A RATE -m statistic --mode random --probability " 0.75"
run $IPT -A RATE -m statistic --mode random --probability nan
run $IPT -A RATE -m statistic --mode nth ! --every 5 --packet 2
run $IPT -A RATE -m statistic --mode nth --every 3 --packet 0 -j DROP
run $IPT -A RATE -m statistic --mode nth --every 1 --packet 0
run $IPT -A RATE -m statistic --mode nth --every 0x10 --packet 017
run $IPT -A RATE -m statistic --mode nth --every 4294967295 --packet 4294967294
run $IPT -A RATE -p udp -m statistic --mode nth --every 2 --packet 1 -m limit --limit 4/min
echo "### rate: statistic errors"
run $IPT -A RATE -m statistic
run $IPT -A RATE -m statistic --mode random ! --probability 1.1
run $IPT -A RATE -m statistic --probability 1
run $IPT -A RATE -m statistic --mode nth ! --every 5
run $IPT -A RATE -m statistic --mode nth ! --every 5 --packet 5
run $IPT -A RATE -m statistic --mode random --probability -0.1
run $IPT -A RATE -m statistic --mode random --probability abc
run $IPT -A RATE -m statistic --mode random --probability 0.5x
run $IPT -A RATE -m statistic --mode random --probability inf
run $IPT -A RATE -m statistic --mode nth --every 0 --packet 0
run $IPT -A RATE -m statistic --mode nth --every 4294967296 --packet 0
run $IPT -A RATE -m statistic --mode nth --every 2 --packet -1
run $IPT -A RATE -m statistic --mode nth --packet 1
run $IPT -A RATE -m statistic --mode nth --packet 0
run $IPT -A RATE -m statistic --mode nth
run $IPT -A RATE -m statistic --mode random --every 2 --packet 1
run $IPT -A RATE -m statistic --mode nth --every 2 --packet 1 --probability 0.5
run $IPT -A RATE -m statistic --mode random --probability 0.5 --every 2
run $IPT -A RATE -m statistic --mode random --probability 0.5 --packet 0
run $IPT -A RATE -m statistic --mode bogus
run $IPT -A RATE -m statistic --mode Random
run $IPT -A RATE -m statistic ! --mode nth
run $IPT -A RATE -m statistic --mode nth --every 2 ! --packet 1
run $IPT -A RATE -m statistic --mode nth --mode nth
run $IPT -A RATE -m statistic --mode random --probability 0.5 --probability 0.5
echo "### rate: helper"
run $IPT -A RATE -m helper --helper ftp
run $IPT -A RATE -m helper ! --helper ftp -j DROP
run $IPT -A RATE -m helper --helper ""
run $IPT -A RATE -m helper --helper "a b"
run $IPT -A RATE -m helper --helper "it's \\ \"quoted\""
run $IPT -A RATE -m helper --helper abcdefghijklmnopqrstuvwxyz0123456789
run $IPT -A RATE -m helper
run $IPT -A RATE -m helper --helper ftp --helper irc
run $IPT -A RATE -m helper --helper
echo "### rate: listings"
run $IPT -S RATE
run $IPT -S RATE 2
run $IPT -L RATE -n
run $IPT -L RATE -n -v -x --line-numbers
run timeout 30 $IPT -L RATE
run $IPT-save -t filter
echo "### rate: check and delete"
run $IPT -C RATE -m limit --limit 1/sec -j ACCEPT
run $IPT -C RATE -m limit --limit 1/sec --limit-burst 6 -j ACCEPT
run $IPT -C RATE -m statistic --mode nth ! --every 5 --packet 2
run $IPT -C RATE -m statistic --mode nth --every 5 --packet 2
run $IPT -C RATE -m statistic --mode random --probability 0.5 -j ACCEPT
run $IPT -C RATE -m helper ! --helper ftp -j DROP
run $IPT -D RATE -m helper --helper "a b"
run $IPT -D RATE -m limit --limit 3/hour
run $IPT -D RATE -m limit --limit 3/hour
run $IPT -D RATE -m statistic --mode nth --every 3 --packet 0 -j DROP
run $IPT -D RATE -m statistic --mode random --probability 0.3
run $IPT -R RATE 1 -m limit --limit 9/hour --limit-burst 9
run $IPT -I RATE 2 -m statistic --mode nth --every 9 --packet 8
run $IPT -S RATE
echo "### rate: restore"
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:RATE - [0:0]\n[1:2] -A RATE -m limit --limit 4/sec --limit-burst 8 -j ACCEPT\n-A RATE -m statistic --mode nth --every 4 --packet 3 -j DROP\n-A RATE -m statistic --mode random --probability 0.25000000000\nCOMMIT\n' | run $IPT-restore -c
run $IPT-save -c -t filter
printf '*filter\n-A RATE -m limit --limit 1/day --limit-burst 2\nCOMMIT\n' | run $IPT-restore --noflush
printf '*filter\n-A RATE -m statistic --mode nth --every 2\nCOMMIT\n' | run $IPT-restore --noflush
run $IPT -L RATE -n
run $IPT -F RATE
run $IPT -X RATE
run $IPT -S
