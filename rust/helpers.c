// SPDX-License-Identifier: GPL-2.0
/*
 * C helpers for the kernel's static inline functions and macros that Rust cannot call directly.
 */
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/seq_file_net.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "helpers.h"

void *oxt_net_generic(const struct net *net, unsigned int id)
{
	void *p;

	rcu_read_lock();
	p = net_generic(net, id);
	rcu_read_unlock();
	return p;
}

struct net *oxt_seq_file_single_net(struct seq_file *seq)
{
	return seq_file_single_net(seq);
}

struct proc_dir_entry *oxt_net_proc_dir(struct net *net)
{
	return net->proc_net;
}

struct oxt_counter __percpu *oxt_counters_alloc(unsigned int n)
{
	return __alloc_percpu(array_size(n, sizeof(struct oxt_counter)),
			      __alignof__(struct oxt_counter));
}

void oxt_counter_add(struct oxt_counter __percpu *base, unsigned int idx, u64 bytes)
{
	this_cpu_add(base[idx].pcnt, 1);
	this_cpu_add(base[idx].bcnt, bytes);
}

void oxt_counter_sum(struct oxt_counter __percpu *base, unsigned int idx, struct oxt_counter *out)
{
	unsigned int cpu;

	out->pcnt = 0;
	out->bcnt = 0;
	for_each_possible_cpu(cpu) {
		const struct oxt_counter *c = per_cpu_ptr(base, cpu) + idx;

		out->pcnt += READ_ONCE(c->pcnt);
		out->bcnt += READ_ONCE(c->bcnt);
	}
}

unsigned int oxt_skb_len(const struct sk_buff *skb)
{
	return skb->len;
}
