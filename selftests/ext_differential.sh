#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Differential test of the extensions: every rule set in selftests/ext_sets/*.rules (or those in
# OXT_EXT_SETS) through oxtables.ko and through ip_tables.ko with upstream's xt modules, compared
# as xt_differential.sh compares its own sets (exit codes, save output, verdicts, counters).
XT_DIFF_EXT=1 exec bash "$(dirname "$0")/xt_differential.sh"
