#!/bin/bash
# Runs gen.sh with the oxtables tool (multi-call links in a VM-local directory).
top=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p /tmp/oxb
for n in oxtables oxtables-save oxtables-restore; do ln -sf "$top/target/debug/oxtables" /tmp/oxb/$n; done
IPT=/tmp/oxb/oxtables bash "$(dirname "$0")/gen.sh"
