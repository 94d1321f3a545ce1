/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C helpers for the kernel's static inline functions and macros that Rust cannot call directly.
 * Each one is a thin, obviously correct wrapper; the safety contracts are on the Rust side.
 */
#ifndef OXT_HELPERS_H
#define OXT_HELPERS_H

#include <linux/types.h>

struct net;
struct seq_file;
struct sk_buff;

/* One packet/byte counter pair, as in struct xt_counters. */
struct oxt_counter {
	u64 pcnt;
	u64 bcnt;
};

/* net_generic(): the per-namespace storage of a pernet_operations with .id/.size. */
void *oxt_net_generic(const struct net *net, unsigned int id);

/* seq_file_single_net(): the namespace of a file made by proc_create_net_single(). */
struct net *oxt_seq_file_single_net(struct seq_file *seq);

/* The namespace's /proc/net directory. */
struct proc_dir_entry *oxt_net_proc_dir(struct net *net);

/* alloc_percpu() of n zeroed counters (a macro over the allocator); NULL on failure. */
struct oxt_counter __percpu *oxt_counters_alloc(unsigned int n);

/* this_cpu_add() on counter idx of a per-CPU array (interrupt-safe, no locking). */
void oxt_counter_add(struct oxt_counter __percpu *base, unsigned int idx, u64 bytes);

/* Sum of counter idx over every possible CPU. */
void oxt_counter_sum(struct oxt_counter __percpu *base, unsigned int idx, struct oxt_counter *out);

/* The length of the packet, as ip_tables counts it (skb->len). */
unsigned int oxt_skb_len(const struct sk_buff *skb);

#endif
