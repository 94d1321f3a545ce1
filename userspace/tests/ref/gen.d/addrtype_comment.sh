# addrtype (revision 1) and comment
run $IPT -A INPUT -m addrtype --src-type LOCAL --dst-type LOCAL -j ACCEPT
run $IPT -A INPUT -m addrtype ! --src-type local,unicast --limit-iface-in
run $IPT -A FORWARD -m addrtype --dst-type BROAD,MULTICAST -j DROP
run $IPT -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out
run $IPT -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-in
run $IPT -A INPUT -m addrtype
run $IPT -A INPUT -m addrtype --src-type bogus
run $IPT -A INPUT -m addrtype --src-type bogus,LOCAL
run $IPT -A INPUT -m addrtype --dst-type LOCAL,,UNICAST
run $IPT -A INPUT -m addrtype --src-type LOCAL --limit-iface-in --limit-iface-out
run $IPT -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j RETURN
run $IPT -A INPUT -p tcp --dport 22 -m comment --comment "ssh from anywhere" -j ACCEPT
run $IPT -A INPUT -m comment --comment plain_word-1 -j DROP
run $IPT -A INPUT -m comment --comment "quotes \" and ' and \\ inside"
run $IPT -A INPUT -m comment --comment ""
run $IPT -A INPUT -m comment
run $IPT -A INPUT -m comment ! --comment x
run $IPT -A INPUT -m comment --comment a --comment b
run $IPT -A INPUT -m comment --comment "$(printf 'y%.0s' $(seq 300))"
run $IPT -S
run $IPT -L -n
run $IPT -L -n -v -x --line-numbers
run $IPT -t nat -S
run $IPT-save -t filter
run $IPT -D INPUT -m comment --comment "ssh from anywhere" -p tcp --dport 22 -j ACCEPT
run $IPT -C INPUT -m addrtype --src-type LOCAL --dst-type LOCAL -j ACCEPT
run $IPT -S INPUT
