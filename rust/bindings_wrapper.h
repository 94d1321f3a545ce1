/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel headers oxtables binds to. bindgen reads this with the module's own C flags and the
 * allow-list in bindgen_parameters; the output (bindings_generated.rs) is a build product.
 */
#include <linux/errno.h>
#include <linux/netfilter.h>
#include <linux/notifier.h>
#include <linux/socket.h>
#include <net/sock.h>
#include <linux/netfilter_ipv4.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

#include "helpers.h"
