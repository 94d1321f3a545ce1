#!/usr/bin/env bash
# Runs inside the VM: load oxtables.ko (unless OXT_LOAD=0), then run the given command.
TOP=$(cd "$(dirname "$0")/.." && pwd)
if [ "${OXT_LOAD:-1}" = 1 ]; then
	insmod "$TOP/oxtables.ko" || { echo "vm-init: insmod oxtables.ko failed" >&2; exit 1; }
fi
if [ $# -eq 0 ]; then
	exit 0
fi
exec bash -c "$*"
