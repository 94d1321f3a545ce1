#!/bin/bash
# owner, time and devgroup (libxt_owner, libxt_time, libxt_devgroup): rules, -L (names and
# numbers), save, -C/-D, the kernel's hook checks, and the errors whose output rules.t does not
# see (stderr warnings, perror, kernel refusals). rules.t has the canonical forms and messages.
# Same conventions as ../gen.sh; rules go into user chains that no hook reaches while they are
# listed, so no traffic moves their counters (an unreachable owner or devgroup rule passes the
# hook checks, as upstream); the chains are then jumped to from allowed and refused hooks.
M="$IPT -t mangle"
echo "### owner_time: owner"
$IPT -F
$IPT -X
$M -F
$M -X
run $M -N OWN
run $M -A OWN -m owner --uid-owner root
run $M -A OWN -m owner --uid-owner 0-10 -j ACCEPT
run $M -A OWN -m owner ! --uid-owner 0 --gid-owner root
run $M -A OWN -m owner --gid-owner 5:7 --suppl-groups
run $M -A OWN -m owner --socket-exists
run $M -A OWN -m owner ! --socket-exists -j DROP
run $M -A OWN -m owner --gid-owner 0 --uid-owner nobody --socket-exists
run $M -S OWN
run $M -L OWN
run $M -L OWN -n -v
run $M -C OWN -m owner --uid-owner 0
run $M -C OWN -m owner --gid-owner 5-7
run $M -D OWN -m owner --socket-exists
run $M -A OUTPUT -j OWN
run $M -A INPUT -j OWN
run $M -A FORWARD -m owner --socket-exists
run $M -A OWN -m owner --uid-owner 10-5
run $M -A OWN -m owner
run $M -A OWN -m owner --suppl-groups --gid-owner 0
run $M -A OWN -m owner --uid-owner nosuchuser_x
run $M -A OWN -m owner --pid-owner 1
$M -F
$M -X
echo "### owner_time: time"
run $IPT -N TIME
run $IPT -A TIME -m time
run $IPT -A TIME -m time --timestart 8:00 --timestop 17:30 -j ACCEPT
run $IPT -A TIME -m time --timestart 23:00 --timestop 01:00 --contiguous --kerneltz
run $IPT -A TIME -m time ! --weekdays Sat,Sun --monthdays 1,2,3,11,22,31
run $IPT -A TIME -m time --datestart 2000-02-30 --datestop 2001-03
run $IPT -A TIME -m time --localtz --weekdays 8
run $IPT -A TIME -m time --timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05
run $IPT -S TIME
run $IPT -L TIME
run $IPT -L TIME -n
run $IPT -C TIME -m time --timestart 08:00 --timestop 17:30:00 -j ACCEPT
run $IPT -D TIME -m time --weekdays Sun,Mon,Tue,Wed,Thu,Fri,Sat
run $IPT -A TIME -m time --timestart 01:00 --timestop 23:00 --contiguous
run $IPT -A TIME -m time --timestart 12:60
run $IPT -A TIME -m time --weekdays 0
run $IPT -A TIME -m time --datestart 2039
run $IPT -A TIME -m time --datestart 1970-01-00
run $IPT -A TIME -m time --utc --kerneltz
$IPT -F
$IPT -X
echo "### owner_time: devgroup"
run $IPT -N DG
run $IPT -A DG -m devgroup --src-group 1
run $IPT -A DG -m devgroup --src-group default -j ACCEPT
run $IPT -A DG -m devgroup --dst-group 0x10/0xf0
run $IPT -A DG -m devgroup ! --dst-group 0 --src-group 4294967295
run $IPT -S DG
run $IPT -L DG
run $IPT -L DG -n
run $IPT -C DG -m devgroup --src-group 0
run $IPT -D DG -m devgroup --dst-group 16/240
run $IPT -A FORWARD -j DG
run $IPT -A INPUT -j DG
run $IPT -A DG -m devgroup --src-group nosuch
run $IPT -A DG -m devgroup --src-group 1/x
run $IPT -A DG -m devgroup
$IPT -F
$IPT -X
