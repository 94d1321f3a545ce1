#!/usr/bin/env bash
# The interactive shell of `make shell`: load oxtables.ko, say what is there, hand over to bash.
TOP=$(cd "$(dirname "$0")/.." && pwd)
insmod "$TOP/oxtables.ko" && echo "oxtables.ko loaded; try: cat /proc/net/oxtables_hooks; nft list hooks ip"
exec bash -i "$@"
