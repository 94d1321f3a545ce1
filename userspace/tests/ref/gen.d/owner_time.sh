#!/bin/bash
# owner, time and devgroup (libxt_owner, libxt_time, libxt_devgroup): rules, listings, save,
# -C/-D, the kernel's hook checks, errors.
# Same conventions as ../gen.sh; rules go into user chains that no hook reaches while they are
# listed, so no traffic moves their counters (and an unreachable owner or devgroup rule passes
# the hook checks, as upstream); the chains are then jumped to from allowed and refused hooks.
M="$IPT -t mangle"
echo "### owner_time: owner"
$IPT -F
$IPT -X
$M -F
$M -X
run $M -N OWN
run $M -A OWN -m owner --uid-owner root
run $M -A OWN -m owner --uid-owner 0-10 -j ACCEPT
run $M -A OWN -m owner --uid-owner 1000:2000
run $M -A OWN -m owner ! --uid-owner 0
run $M -A OWN -m owner --gid-owner root
run $M -A OWN -m owner --gid-owner 5-7 --suppl-groups
run $M -A OWN -m owner ! --gid-owner 100 --suppl-groups
run $M -A OWN -m owner --socket-exists
run $M -A OWN -m owner ! --socket-exists -j DROP
run $M -A OWN -m owner --gid-owner 0 --uid-owner 65534 --socket-exists
run $M -A OWN -m owner --uid-owner nobody
run $M -A OWN -m owner --uid-owner 0x10 ! --gid-owner 010
run $M -A OWN -m owner --uid-owner 4294967294
run $M -A OWN -m owner --uid-owner 5 -m owner --gid-owner 6
run $M -S OWN
run $M -L OWN
run $M -L OWN -n
run $M -L OWN -n -v --line-numbers
run $IPT-save -t mangle
run $M -C OWN -m owner --uid-owner 0
run $M -C OWN -m owner --uid-owner 1
run $M -C OWN -m owner --gid-owner 5-7 --suppl-groups
run $M -C OWN -m owner --gid-owner 5-7
run $M -D OWN -m owner --uid-owner 1000-2000
run $M -D OWN -m owner --socket-exists
run $M -D OWN 1
run $M -S OWN
echo "### owner_time: owner hooks (the kernel allows OUTPUT and POSTROUTING only)"
run $M -A OUTPUT -j OWN
run $M -A POSTROUTING -j OWN
run $M -A INPUT -j OWN
run $M -A FORWARD -m owner --socket-exists
run $M -A PREROUTING -m owner --uid-owner 0
run $IPT -A INPUT -m owner --uid-owner 0
run $IPT -A OUTPUT -m owner --uid-owner 0
run $IPT -t nat -A POSTROUTING -m owner --gid-owner 0
run $IPT -t nat -A PREROUTING -m owner --gid-owner 0
run $IPT -t raw -A OUTPUT -m owner --socket-exists
run $IPT -t raw -A PREROUTING -m owner --socket-exists
run $M -A OWN -m owner --uid-owner 10-5
run $M -A OWN -m owner --gid-owner 7:6
run $M -S
$M -F
$M -X
$IPT -F
$IPT -t nat -F
$IPT -t raw -F
echo "### owner_time: owner errors"
run $M -A OUTPUT -m owner
run $M -A OUTPUT -m owner --suppl-groups
run $M -A OUTPUT -m owner --suppl-groups --gid-owner 0
run $M -A OUTPUT -m owner --gid-owner 0 ! --suppl-groups
run $M -A OUTPUT -m owner --gid-owner 0 --suppl-groups --suppl-groups
run $M -A OUTPUT -m owner --uid-owner 0 --uid-owner 1
run $M -A OUTPUT -m owner --socket-exists --socket-exists
run $M -A OUTPUT -m owner --uid-owner 4294967295
run $M -A OUTPUT -m owner --uid-owner -1
run $M -A OUTPUT -m owner --uid-owner 1-
run $M -A OUTPUT -m owner --uid-owner 1-2-3
run $M -A OUTPUT -m owner --uid-owner nosuchuser_x
run $M -A OUTPUT -m owner --gid-owner nosuchgroup_x
run $M -A OUTPUT -m owner --uid-owner
run $M -A OUTPUT -m owner --pid-owner 1
run $M -A OUTPUT -m owner --sid-owner 1
run $M -A OUTPUT -m owner --cmd-owner x
run $M -A OUTPUT -m owner --uid 0
run $M -A OUTPUT --uid-owner 0
echo "### owner_time: time"
run $IPT -N TIME
run $IPT -A TIME -m time
run $IPT -A TIME -m time --timestart 8:00 --timestop 17:30 -j ACCEPT
run $IPT -A TIME -m time --timestart 23:00 --timestop 01:00 --contiguous
run $IPT -A TIME -m time --timestart 12:00 --timestop 12:00 --contiguous --kerneltz
run $IPT -A TIME -m time --timestart 00:00:01 --timestop 23:59:59
run $IPT -A TIME -m time --timestop 0:0:0
run $IPT -A TIME -m time --weekdays Mon,Tue,Wed,Thu,Fri,Sat,Sun
run $IPT -A TIME -m time ! --weekdays Sat,Sun
run $IPT -A TIME -m time --weekdays 7,0x6,Mo,Tuesday
run $IPT -A TIME -m time --weekdays Mon,
run $IPT -A TIME -m time --weekdays 8
run $IPT -A TIME -m time --monthdays 1,2,3,11,12,13,21,22,23,31
run $IPT -A TIME -m time ! --monthdays 1
run $IPT -A TIME -m time --monthdays 0
run $IPT -A TIME -m time --monthdays 123
run $IPT -A TIME -m time --datestart 2001
run $IPT -A TIME -m time --datestart 2001-02 --datestop 2001-03-04T05:06:07
run $IPT -A TIME -m time --datestart 2000-02-30
run $IPT -A TIME -m time --datestart 2000-
run $IPT -A TIME -m time --datestart 2038-12-31T23:59:59
run $IPT -A TIME -m time --datestop 1970-01-01T00:00:01
run $IPT -A TIME -m time --datestop 1970
run $IPT -A TIME -m time --datestart " +2000-1-1T1:2:3"
run $IPT -A TIME -m time --kerneltz
run $IPT -A TIME -m time --localtz
run $IPT -A TIME -m time --utc --weekdays Fri
run $IPT -A TIME -m time --localtz --kerneltz
run $IPT -A TIME -m time --timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05 --kerneltz
run $IPT -A TIME -m time --timestart 02:00:00 --timestop 03:00:00 --datestart 1970-01-01T02:00:00 --datestop 1970-01-01T03:00:00
run $IPT -S TIME
run $IPT -L TIME
run $IPT -L TIME -n -v
run $IPT-save -t filter
run $IPT -C TIME -m time --timestart 08:00 --timestop 17:30:00 -j ACCEPT
run $IPT -C TIME -m time --timestart 08:00 --timestop 17:30:01 -j ACCEPT
run $IPT -C TIME -m time --kerneltz
run $IPT -C TIME -m time --localtz --kerneltz
run $IPT -D TIME -m time --weekdays Sun,Mon,Tue,Wed,Thu,Fri,Sat
run $IPT -D TIME -m time --datestart 2001-01-01
run $IPT -D TIME 1
run $IPT -S TIME
run $IPT -A INPUT -j TIME
run $IPT -t nat -A PREROUTING -m time --weekdays Sat
run $IPT -t raw -A OUTPUT -m time --timestart 22:00 --timestop 06:00
run $M -A POSTROUTING -m time --monthdays 28 --kerneltz -j ACCEPT
run $IPT -t nat -S PREROUTING
run $IPT -t raw -S OUTPUT
run $M -S POSTROUTING
$IPT -F
$IPT -X
$IPT -t nat -F
$IPT -t raw -F
$M -F
echo "### owner_time: time errors"
run $IPT -A INPUT -m time --timestart 01:00 --timestop 23:00 --contiguous
run $IPT -A INPUT -m time --contiguous
run $IPT -A INPUT -m time --timestart 24:00
run $IPT -A INPUT -m time --timestart 12:60
run $IPT -A INPUT -m time --timestart 12:00:60
run $IPT -A INPUT -m time --timestart 12
run $IPT -A INPUT -m time --timestart 1:2:3:4
run $IPT -A INPUT -m time --timestop -1:00
run $IPT -A INPUT -m time --weekdays 0
run $IPT -A INPUT -m time --weekdays Mon,,Tue
run $IPT -A INPUT -m time --weekdays Xy
run $IPT -A INPUT -m time --weekdays mon
run $IPT -A INPUT -m time --weekdays 1x
run $IPT -A INPUT -m time --weekdays Xyzzy
run $IPT -A INPUT -m time --monthdays 32
run $IPT -A INPUT -m time --monthdays 1x
run $IPT -A INPUT -m time --monthdays 0x1f
run $IPT -A INPUT -m time --datestart 2039
run $IPT -A INPUT -m time --datestart 1969-12-31
run $IPT -A INPUT -m time --datestart 2000-13
run $IPT -A INPUT -m time --datestart 2000-01-32
run $IPT -A INPUT -m time --datestart 2000-01-01T24
run $IPT -A INPUT -m time --datestart 2000-01-01T12:60
run $IPT -A INPUT -m time --datestart 2000-01-01T12:00:60
run $IPT -A INPUT -m time --datestart 2000/01/01
run $IPT -A INPUT -m time --datestart ""
run $IPT -A INPUT -m time --datestart 1970-01-00
run $IPT -A INPUT -m time --datestop 1970-00
run $IPT -A INPUT -m time --utc --kerneltz
run $IPT -A INPUT -m time --kerneltz --utc
run $IPT -A INPUT -m time --localtz --utc
run $IPT -A INPUT -m time ! --datestart 2000
run $IPT -A INPUT -m time ! --kerneltz
run $IPT -A INPUT -m time ! --contiguous
run $IPT -A INPUT -m time --weekdays Mon --weekdays Tue
run $IPT -A INPUT -m time --monthdays 1 --monthdays 2
run $IPT -A INPUT -m time --datestart 2000 --datestart 2001
run $IPT -A INPUT -m time --kerneltz --kerneltz
run $IPT -A INPUT -m time --datestart
run $IPT -A INPUT -m time --weekdays
run $IPT -A INPUT --weekdays Mon
run $IPT -S INPUT
echo "### owner_time: devgroup"
run $IPT -N DG
run $IPT -A DG -m devgroup --src-group 1
run $IPT -A DG -m devgroup --src-group 0
run $IPT -A DG -m devgroup --src-group default -j ACCEPT
run $IPT -A DG -m devgroup --dst-group 0x10/0xf0
run $IPT -A DG -m devgroup ! --dst-group 5
run $IPT -A DG -m devgroup --src-group 1 ! --dst-group 2
run $IPT -A DG -m devgroup ! --dst-group 2 ! --src-group 1/3
run $IPT -A DG -m devgroup --src-group 4294967295
run $IPT -A DG -m devgroup --src-group 0/0
run $IPT -A DG -m devgroup ! --dst-group default
run $IPT -S DG
run $IPT -L DG
run $IPT -L DG -n
run $IPT -L DG -n -v
run $IPT-save -t filter
run $IPT -C DG -m devgroup --src-group 0x1
run $IPT -C DG -m devgroup --src-group 0 -j ACCEPT
run $IPT -C DG -m devgroup --src-group 0/0xffffffff
run $IPT -D DG -m devgroup --dst-group 16/240
run $IPT -D DG 1
run $IPT -S DG
echo "### owner_time: devgroup hooks (src: PREROUTING/INPUT/FORWARD, dst: FORWARD/OUTPUT/POSTROUTING)"
run $IPT -A FORWARD -j DG
run $IPT -A INPUT -j DG
run $IPT -A OUTPUT -j DG
run $IPT -A INPUT -m devgroup --src-group 3
run $IPT -A INPUT -m devgroup --dst-group 3
run $IPT -A OUTPUT -m devgroup --dst-group 3
run $IPT -A OUTPUT -m devgroup --src-group 3
run $M -A PREROUTING -m devgroup ! --src-group default
run $M -A PREROUTING -m devgroup --dst-group 1
run $M -A POSTROUTING -m devgroup --dst-group 0x2/0x2
run $M -A POSTROUTING -m devgroup --src-group 1
run $IPT -t nat -A OUTPUT -m devgroup --dst-group 7
run $IPT -t raw -A PREROUTING -m devgroup --src-group 7
run $IPT -S
run $M -S
$IPT -F
$IPT -X
$IPT -t nat -F
$IPT -t raw -F
$M -F
echo "### owner_time: devgroup errors"
run $IPT -A FORWARD -m devgroup
run $IPT -A FORWARD -m devgroup --src-group 4294967296
run $IPT -A FORWARD -m devgroup --src-group nosuch
run $IPT -A FORWARD -m devgroup --src-group 1/x
run $IPT -A FORWARD -m devgroup --src-group 1/2x
run $IPT -A FORWARD -m devgroup --src-group 1x
run $IPT -A FORWARD -m devgroup --src-group 1 --src-group 2
run $IPT -A FORWARD -m devgroup --dst-group default --dst-group 1
run $IPT -A FORWARD -m devgroup --src-group
run $IPT -A FORWARD --src-group 1
run $IPT -S FORWARD
