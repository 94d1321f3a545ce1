#!/usr/bin/env bash
# Runs inside the VM: load oxtables.ko (unless OXT_LOAD=0), then run the given command.
TOP=$(cd "$(dirname "$0")/.." && pwd)
# oxtables.ko links nf_conncount's symbols (connlimit), a module in the test kernel: loaded
# first, and kept for every later insmod.
modprobe nf_conncount || { echo "vm-init: modprobe nf_conncount failed" >&2; exit 1; }
if [ "${OXT_LOAD:-1}" = 1 ]; then
	insmod "$TOP/oxtables.ko" || { echo "vm-init: insmod oxtables.ko failed" >&2; exit 1; }
fi
if [ $# -eq 0 ]; then
	exit 0
fi
exec bash -c "$*"
