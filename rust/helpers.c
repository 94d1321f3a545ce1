// SPDX-License-Identifier: GPL-2.0
/*
 * C helpers for the kernel's static inline functions and macros that Rust cannot call directly.
 */
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter/xt_helper.h>
#include <linux/netfilter/xt_limit.h>
#include <linux/netfilter/xt_statistic.h>
#include <linux/netfilter/xt_recent.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/ratelimit.h>
#include <linux/seq_file_net.h>
#include <linux/skbuff.h>
#include <linux/textsearch.h>
#include <net/net_namespace.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/netns/generic.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/netfilter/ipv4/nf_dup_ipv4.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_count.h>
#include <net/netfilter/nf_conntrack_zones.h>
#include <net/netfilter/nf_conntrack_ecache.h>
#include <net/netfilter/nf_conntrack_helper.h>
#include <net/netfilter/nf_conntrack_l4proto.h>
#include <net/netfilter/nf_conntrack_timeout.h>
#include <net/netfilter/nf_conntrack_zones.h>
#include <linux/netfilter/xt_CT.h>
#include <net/netfilter/nf_log.h>
#include <net/netfilter/nf_nat.h>
#include <net/netfilter/nf_nat_masquerade.h>
#include <net/netfilter/nf_nat_redirect.h>
#include <net/sock.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/netfilter/xt_devgroup.h>
#include <linux/netfilter/xt_owner.h>
#include <linux/netfilter/xt_time.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>
#include <net/inet_sock.h>

#include "helpers.h"

/* The payload layouts engine/src/ext/{limit,statistic,helper}.rs decode, and the helper name
 * length of its Env (engine/src/env.rs), checked against the kernel's own headers. */
static_assert(sizeof(struct xt_rateinfo) == 40);
static_assert(offsetof(struct xt_rateinfo, prev) == 8);
static_assert(offsetof(struct xt_rateinfo, credit) == 16);
static_assert(offsetof(struct xt_rateinfo, credit_cap) == 20);
static_assert(offsetof(struct xt_rateinfo, cost) == 24);
static_assert(offsetof(struct xt_rateinfo, master) == 32);
static_assert(sizeof(struct xt_statistic_info) == 24);
static_assert(offsetof(struct xt_statistic_info, u.nth.packet) == 8);
static_assert(offsetof(struct xt_statistic_info, u.nth.count) == 12);
static_assert(offsetof(struct xt_statistic_info, master) == 16);
static_assert(sizeof(struct xt_helper_info) == 36);
static_assert(offsetof(struct xt_helper_info, name) == 4);
static_assert(NF_CT_HELPER_NAME_LEN == 16);
/* engine/src/ext/{owner,time,devgroup}.rs. */
static_assert(sizeof(struct xt_owner_match_info) == 20);
static_assert(offsetof(struct xt_owner_match_info, gid_min) == 8);
static_assert(offsetof(struct xt_owner_match_info, match) == 16);
static_assert(offsetof(struct xt_owner_match_info, invert) == 17);
static_assert(XT_OWNER_MASK == 0xf);
static_assert(sizeof(struct xt_time_info) == 24);
static_assert(offsetof(struct xt_time_info, monthdays_match) == 16);
static_assert(offsetof(struct xt_time_info, weekdays_match) == 20);
static_assert(offsetof(struct xt_time_info, flags) == 21);
static_assert(XT_TIME_ALL_FLAGS == 3 && XT_TIME_MAX_DAYTIME == 86399);
static_assert(sizeof(struct xt_devgroup_info) == 20);
static_assert(offsetof(struct xt_devgroup_info, dst_mask) == 16);
static_assert(sizeof(kuid_t) == 4 && sizeof(kgid_t) == 4);
/* engine/src/ext/recent.rs: both revisions' layouts and the check_set bits. */
static_assert(sizeof(struct xt_recent_mtinfo) == 212);
static_assert(sizeof(struct xt_recent_mtinfo_v1) == 228);
static_assert(offsetof(struct xt_recent_mtinfo_v1, check_set) == 8);
static_assert(offsetof(struct xt_recent_mtinfo_v1, invert) == 9);
static_assert(offsetof(struct xt_recent_mtinfo_v1, name) == 10);
static_assert(offsetof(struct xt_recent_mtinfo_v1, side) == 210);
static_assert(offsetof(struct xt_recent_mtinfo_v1, mask) == 212);
static_assert(XT_RECENT_NAME_LEN == 200);
static_assert(XT_RECENT_CHECK == 1 && XT_RECENT_SET == 2 && XT_RECENT_UPDATE == 4);
static_assert(XT_RECENT_REMOVE == 8 && XT_RECENT_TTL == 16 && XT_RECENT_REAP == 32);
static_assert(XT_RECENT_DEST == 1);

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

void oxt_counter_add_n(struct oxt_counter __percpu *base, unsigned int idx, u64 pcnt, u64 bcnt)
{
	this_cpu_add(base[idx].pcnt, pcnt);
	this_cpu_add(base[idx].bcnt, bcnt);
}

struct net *oxt_sock_net(const struct sock *sk)
{
	return sock_net(sk);
}

bool oxt_sock_net_admin(const struct sock *sk)
{
	return ns_capable(sock_net(sk)->user_ns, CAP_NET_ADMIN);
}

bool oxt_in_compat_syscall(void)
{
	return in_compat_syscall();
}

int oxt_copy_from_sockptr(void *dst, sockptr_t src, size_t offset, size_t size)
{
	return copy_from_sockptr_offset(dst, src, offset, size) ? -EFAULT : 0;
}

/*
 * The same protocol as x_tables' xt_recseq (see xt_write_recseq_begin() and xt_replace_table()),
 * on a sequence of our own: x_tables may not be loaded, and oxtables must not depend on it.
 */
static DEFINE_PER_CPU(unsigned int, oxt_recseq);
/* How many walks this CPU is inside (walks nest only through synchronous calls from a target,
 * so they end in the reverse order they began). */
static DEFINE_PER_CPU(unsigned int, oxt_walk_depth);

unsigned int oxt_recseq_begin(unsigned int *depth)
{
	unsigned int addend;

	local_bh_disable();
	/* The low bit is set while this CPU is inside a walk: then the addend is 0. */
	addend = (__this_cpu_read(oxt_recseq) + 1) & 1;
	__this_cpu_add(oxt_recseq, addend);
	*depth = __this_cpu_read(oxt_walk_depth);
	__this_cpu_inc(oxt_walk_depth);
	smp_mb();
	return addend;
}

void oxt_recseq_end(unsigned int addend)
{
	__this_cpu_dec(oxt_walk_depth);
	smp_wmb();
	__this_cpu_add(oxt_recseq, addend);
	local_bh_enable();
}

void oxt_recseq_wait(void)
{
	unsigned int cpu;

	/* Make the new table pointer visible before sampling the sequences. */
	smp_mb();
	for_each_possible_cpu(cpu) {
		unsigned int *s = per_cpu_ptr(&oxt_recseq, cpu);
		unsigned int seq = READ_ONCE(*s);

		if (seq & 1) {
			do {
				cond_resched();
				cpu_relax();
			} while (seq == READ_ONCE(*s));
		}
	}
}

unsigned int oxt_smp_processor_id(void)
{
	return smp_processor_id();
}

unsigned int oxt_nr_cpu_ids(void)
{
	return nr_cpu_ids;
}

unsigned int oxt_pkt_fill(struct sk_buff *skb, const struct nf_hook_state *state, struct oxt_pkt *p,
			  u8 *l4, unsigned int cap)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int thoff, n;
	const void *h;

	p->saddr = iph->saddr;
	p->daddr = iph->daddr;
	p->protocol = iph->protocol;
	p->frag_off = ntohs(iph->frag_off) & IP_OFFSET;
	p->tos = iph->tos;
	p->ttl = iph->ttl;
	p->pad = 0;
	p->tot_len = ntohs(iph->tot_len);
	p->len = skb->len;
	memset(p->in, 0, sizeof(p->in));
	memset(p->out, 0, sizeof(p->out));
	if (state->in)
		strscpy_pad(p->in, state->in->name);
	if (state->out)
		strscpy_pad(p->out, state->out->name);

	if (p->frag_off)
		return 0;
	thoff = ip_hdrlen(skb);
	if (skb->len <= thoff)
		return 0;
	n = min(cap, skb->len - thoff);
	h = skb_header_pointer(skb, thoff, n, l4);
	if (!h)
		return 0;
	if (h != l4)
		memcpy(l4, h, n);
	return n;
}

/* --- Conntrack and NAT --- */

static void oxt_range2(struct nf_nat_range2 *dst, const struct oxt_nat_range *r)
{
	memset(dst, 0, sizeof(*dst));
	dst->flags = r->flags;
	dst->min_addr.ip = r->min_ip;
	dst->max_addr.ip = r->max_ip;
	dst->min_proto.all = htons(r->min_proto);
	dst->max_proto.all = htons(r->max_proto);
	dst->base_proto.all = htons(r->base_proto);
}

unsigned int oxt_nat_setup(struct sk_buff *skb, const struct oxt_nat_range *r, bool dst)
{
	struct nf_nat_range2 range;
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;

	ct = nf_ct_get(skb, &ctinfo);
	if (WARN_ON_ONCE(!ct))
		return NF_DROP;
	oxt_range2(&range, r);
	return nf_nat_setup_info(ct, &range, dst ? NF_NAT_MANIP_DST : NF_NAT_MANIP_SRC);
}

unsigned int oxt_nat_masquerade(struct sk_buff *skb, const struct nf_hook_state *state,
				const struct oxt_nat_range *r)
{
	struct nf_nat_range2 range;

	oxt_range2(&range, r);
	return nf_nat_masquerade_ipv4(skb, state->hook, &range, state->out);
}

unsigned int oxt_nat_redirect(struct sk_buff *skb, const struct nf_hook_state *state,
			      const struct oxt_nat_range *r)
{
	struct nf_nat_range2 range;

	oxt_range2(&range, r);
	return nf_nat_redirect_ipv4(skb, &range, state->hook);
}

void oxt_ct_notrack(struct sk_buff *skb)
{
	/* Previously seen (loopback)? Ignore. */
	if (skb->_nfct != 0)
		return;
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
}

static void oxt_ct_put_helper(struct nf_conn *ct)
{
	struct nf_conn_help *help = nfct_help(ct);
	struct nf_conntrack_helper *helper;

	if (!help)
		return;
	/* Not yet exposed to other CPUs, or the rules already detached (after a grace period). */
	helper = rcu_dereference_raw(help->helper);
	if (helper)
		nf_conntrack_helper_put(helper);
}

struct nf_conn *oxt_ct_tmpl_create(struct net *net, u16 zone_id, u16 flags, u32 ct_events,
				   u32 exp_events, const char *helper, const char *timeout,
				   u8 l4proto, int *err, int *stage)
{
	struct nf_conntrack_zone zone;
	struct nf_conntrack_helper *h;
	struct nf_conn_help *help;
	struct nf_conn *ct;
	int ret;

	memset(&zone, 0, sizeof(zone));
	zone.id = zone_id;
	switch (flags & (XT_CT_ZONE_DIR_ORIG | XT_CT_ZONE_DIR_REPL)) {
	case XT_CT_ZONE_DIR_ORIG:
		zone.dir = NF_CT_ZONE_DIR_ORIG;
		break;
	case XT_CT_ZONE_DIR_REPL:
		zone.dir = NF_CT_ZONE_DIR_REPL;
		break;
	default:
		zone.dir = NF_CT_DEFAULT_ZONE_DIR;
		break;
	}
	if (flags & XT_CT_ZONE_MARK)
		zone.flags |= NF_CT_FLAG_MARK;

	ct = nf_ct_tmpl_alloc(net, &zone, GFP_KERNEL);
	if (!ct) {
		*stage = OXT_CT_STAGE_ALLOC;
		*err = -ENOMEM;
		return NULL;
	}

	if ((ct_events || exp_events) &&
	    !nf_ct_ecache_ext_add(ct, ct_events, exp_events, GFP_KERNEL)) {
		*stage = OXT_CT_STAGE_EVENTS;
		ret = -EINVAL;
		goto err3;
	}

	if (helper[0]) {
		if (strnlen(helper, 16) == 16) {
			*stage = OXT_CT_STAGE_HELPER_NAME;
			ret = -ENAMETOOLONG;
			goto err3;
		}
		if (!l4proto) {
			pr_info_ratelimited("You must specify a L4 protocol and not use inversions on it\n");
			*stage = OXT_CT_STAGE_HELPER_PROTO;
			ret = -ENOENT;
			goto err3;
		}
		h = nf_conntrack_helper_try_module_get(helper, NFPROTO_IPV4, l4proto);
		if (!h) {
			pr_info_ratelimited("No such helper \"%s\"\n", helper);
			*stage = OXT_CT_STAGE_HELPER;
			ret = -ENOENT;
			goto err3;
		}
		help = nf_ct_helper_ext_add(ct, GFP_KERNEL);
		if (!help) {
			nf_conntrack_helper_put(h);
			*stage = OXT_CT_STAGE_HELPER;
			ret = -ENOMEM;
			goto err3;
		}
		rcu_assign_pointer(help->helper, h);
	}

	if (timeout[0]) {
		const struct nf_conntrack_l4proto *l4;

		if (strnlen(timeout, 32) == 32) {
			*stage = OXT_CT_STAGE_TIMEOUT_NAME;
			ret = -ENAMETOOLONG;
			goto err4;
		}
		if (!l4proto) {
			pr_info_ratelimited("You must specify a L4 protocol and not use inversions on it");
			*stage = OXT_CT_STAGE_TIMEOUT_PROTO;
			ret = -EINVAL;
			goto err4;
		}
		l4 = nf_ct_l4proto_find(l4proto);
		ret = nf_ct_set_timeout(net, ct, NFPROTO_IPV4, l4->l4proto, timeout);
		if (ret < 0) {
			*stage = OXT_CT_STAGE_TIMEOUT;
			goto err4;
		}
	}
	__set_bit(IPS_CONFIRMED_BIT, &ct->status);
	*err = 0;
	*stage = 0;
	return ct;

err4:
	oxt_ct_put_helper(ct);
err3:
	nf_ct_tmpl_free(ct);
	*err = ret;
	return NULL;
}

void oxt_ct_tmpl_destroy(struct nf_conn *ct)
{
	oxt_ct_put_helper(ct);
	nf_ct_destroy_timeout(ct);
	nf_ct_put(ct);
}

void oxt_ct_tmpl_attach(struct sk_buff *skb, struct nf_conn *ct)
{
	/* Previously seen (loopback)? Ignore. */
	if (skb->_nfct != 0)
		return;
	refcount_inc(&ct->ct_general.use);
	nf_ct_set(skb, ct, IP_CT_NEW);
}

void oxt_ct_fill(const struct sk_buff *skb, struct oxt_ct *out)
{
	const struct nf_conntrack_tuple *o, *r;
	enum ip_conntrack_info ctinfo;
	const struct nf_conn *ct;

	memset(out, 0, sizeof(*out));
	ct = nf_ct_get(skb, &ctinfo);
	if (!ct) {
		out->kind = ctinfo == IP_CT_UNTRACKED ? OXT_CT_UNTRACKED : OXT_CT_INVALID;
		return;
	}
	out->kind = OXT_CT_TRACKED;
	out->ctinfo = ctinfo;
	out->l4proto = nf_ct_protonum(ct);
	out->status = (u32)READ_ONCE(ct->status);
	o = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	r = &ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	out->orig_src = o->src.u3.ip;
	out->orig_dst = o->dst.u3.ip;
	out->repl_src = r->src.u3.ip;
	out->repl_dst = r->dst.u3.ip;
	out->orig_sport = o->src.u.all;
	out->orig_dport = o->dst.u.all;
	out->repl_sport = r->src.u.all;
	out->repl_dport = r->dst.u.all;
	out->expires_secs = (u32)(nf_ct_expires(ct) / HZ);
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	out->mark = READ_ONCE(ct->mark);
#endif
}

void oxt_ct_set_mark(const struct sk_buff *skb, u32 mark)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;

	ct = nf_ct_get(skb, &ctinfo);
	if (ct && READ_ONCE(ct->mark) != mark) {
		WRITE_ONCE(ct->mark, mark);
		nf_conntrack_event_cache(IPCT_MARK, ct);
	}
#endif
}

bool oxt_ct_master_helper(const struct sk_buff *skb, u8 *out)
{
	const struct nf_conntrack_helper *helper;
	const struct nf_conn_help *master_help;
	enum ip_conntrack_info ctinfo;
	const struct nf_conn *ct;

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct || !ct->master)
		return false;
	master_help = nfct_help(ct->master);
	if (!master_help)
		return false;
	helper = rcu_dereference(master_help->helper);
	if (!helper)
		return false;
	strscpy_pad((char *)out, helper->name, NF_CT_HELPER_NAME_LEN);
	return true;
}

bool oxt_skb_nf_trace(const struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_NETFILTER_XT_TARGET_TRACE) || IS_ENABLED(CONFIG_NF_TABLES)
	return skb->nf_trace;
#else
	return false;
#endif
}

u32 oxt_raw_smp_processor_id(void)
{
	return raw_smp_processor_id();
}

void oxt_skb_set_nf_trace(struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_NETFILTER_XT_TARGET_TRACE) || IS_ENABLED(CONFIG_NF_TABLES)
	skb->nf_trace = 1;
#endif
}

static const struct nf_loginfo oxt_trace_loginfo = {
	.type = NF_LOG_TYPE_LOG,
	.u = {
		.log = {
			.level = 4,
			.logflags = NF_LOG_DEFAULT_MASK,
		},
	},
};

void oxt_log_trace(const struct nf_hook_state *state, const struct sk_buff *skb, const char *table,
		   const char *chain, const char *comment, unsigned int rulenum)
{
	nf_log_trace(state->net, AF_INET, state->hook, skb, state->in, state->out,
		     &oxt_trace_loginfo, "TRACE: %s:%s:%s:%u ", table, chain, comment, rulenum);
}

unsigned long oxt_jiffies(void)
{
	return READ_ONCE(jiffies);
}

unsigned long oxt_totalram_pages(void)
{
	return totalram_pages();
}

u32 oxt_skb_mark(const struct sk_buff *skb)
{
	return skb->mark;
}

bool oxt_skb_dst_tclassid(const struct sk_buff *skb, u32 *tclassid)
{
	const struct dst_entry *dst = skb_dst(skb);

	if (!dst)
		return false;
#ifdef CONFIG_IP_ROUTE_CLASSID
	*tclassid = dst->tclassid;
#else
	*tclassid = 0;
#endif
	return true;
}

void oxt_skb_set_mark(struct sk_buff *skb, u32 mark)
{
	skb->mark = mark;
}

u8 oxt_skb_pkt_type(const struct sk_buff *skb)
{
	return skb->pkt_type;
}

bool oxt_skb_mac_source(const struct sk_buff *skb, u8 *src)
{
	/* As mac_mt(). */
	if (skb->dev == NULL || skb->dev->type != ARPHRD_ETHER)
		return false;
	if (!skb_mac_header_was_set(skb) || skb_mac_header_len(skb) < ETH_HLEN)
		return false;
	ether_addr_copy(src, eth_hdr(skb)->h_source);
	return true;
}

unsigned int oxt_skb_ip_totlen(const struct sk_buff *skb)
{
	return skb_ip_totlen(skb);
}

unsigned int oxt_addr_type(const struct nf_hook_state *state, __be32 addr, unsigned int which)
{
	const struct net_device *dev = NULL;

	if (which == OXT_DEV_IN)
		dev = state->in;
	else if (which == OXT_DEV_OUT)
		dev = state->out;
	return inet_dev_addr_type(state->net, dev, addr);
}

int oxt_ct_netns_get(struct net *net)
{
	return nf_ct_netns_get(net, NFPROTO_IPV4);
}

void oxt_ct_netns_put(struct net *net)
{
	nf_ct_netns_put(net, NFPROTO_IPV4);
}

/*
 * nf_conncount is reached through symbol_get (no link-time dependency, so a plain insmod of
 * oxtables.ko works): the first connlimit check loads it with request_module, as loading
 * xt_connlimit would. Each counter holds a reference on each of the three symbols (and so on
 * the module) until it is destroyed.
 */
struct oxt_conncount {
	struct nf_conncount_data *data;
	void (*destroy)(struct net *net, struct nf_conncount_data *data);
	unsigned int (*count)(struct net *net, const struct sk_buff *skb, u16 l3num,
			      struct nf_conncount_data *data, const u32 *key);
};

static void oxt_conncount_put_symbols(struct oxt_conncount *c, bool init)
{
	if (init)
		symbol_put(nf_conncount_init);
	if (c->destroy)
		symbol_put(nf_conncount_destroy);
	if (c->count)
		symbol_put(nf_conncount_count_skb);
}

struct oxt_conncount *oxt_conncount_init(struct net *net, unsigned int keylen, int *err)
{
	struct nf_conncount_data *(*init)(struct net *net, unsigned int keylen);
	struct nf_conncount_data *data;
	struct oxt_conncount *c;

	init = symbol_get(nf_conncount_init);
	if (!init) {
		request_module("%s", "nf_conncount");
		init = symbol_get(nf_conncount_init);
	}
	if (!init) {
		*err = -ENOENT;
		return NULL;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		symbol_put(nf_conncount_init);
		*err = -ENOMEM;
		return NULL;
	}
	/* The module is held by the reference on init: these are there. */
	c->destroy = symbol_get(nf_conncount_destroy);
	c->count = symbol_get(nf_conncount_count_skb);
	if (!c->destroy || !c->count) {
		oxt_conncount_put_symbols(c, true);
		kfree(c);
		*err = -ENOENT;
		return NULL;
	}
	data = init(net, keylen);
	if (IS_ERR(data)) {
		oxt_conncount_put_symbols(c, true);
		kfree(c);
		*err = PTR_ERR(data);
		return NULL;
	}
	symbol_put(nf_conncount_init);
	c->data = data;
	*err = 0;
	return c;
}

void oxt_conncount_destroy(struct net *net, struct oxt_conncount *c)
{
	c->destroy(net, c->data);
	oxt_conncount_put_symbols(c, false);
	kfree(c);
}

unsigned int oxt_connlimit_count(struct net *net, const struct sk_buff *skb,
				 const struct oxt_conncount *c, __be32 addr)
{
	const struct nf_conntrack_zone *zone = &nf_ct_zone_dflt;
	enum ip_conntrack_info ctinfo;
	const struct nf_conn *ct;
	u32 key[5];

	ct = nf_ct_get(skb, &ctinfo);
	if (ct)
		zone = nf_ct_zone(ct);
	key[0] = (__force __u32)addr;
	key[1] = zone->id;
	return c->count(net, skb, NFPROTO_IPV4, c->data, key);
}

int oxt_nat_register_fn(struct net *net, const struct nf_hook_ops *ops)
{
	return nf_nat_ipv4_register_fn(net, ops);
}

void oxt_nat_unregister_fn(struct net *net, const struct nf_hook_ops *ops)
{
	nf_nat_ipv4_unregister_fn(net, ops);
}

int oxt_register_hook(struct net *net, const struct nf_hook_ops *ops)
{
	return nf_register_net_hook(net, ops);
}

void oxt_unregister_hook(struct net *net, const struct nf_hook_ops *ops)
{
	nf_unregister_net_hook(net, ops);
}

void oxt_synchronize_net(void)
{
	synchronize_net();
}

int oxt_masq_notifiers_register(void)
{
	return nf_nat_masquerade_inet_register_notifiers();
}

void oxt_masq_notifiers_unregister(void)
{
	nf_nat_masquerade_inet_unregister_notifiers();
}

/* --- REJECT and LOG --- */

void oxt_send_unreach(const struct nf_hook_state *state, struct sk_buff *skb, u8 code)
{
	nf_send_unreach(skb, code, state->hook);
}

void oxt_send_reset(const struct nf_hook_state *state, struct sk_buff *skb)
{
	nf_send_reset(state->net, state->sk, skb, state->hook);
}

void oxt_log_packet(const struct nf_hook_state *state, const struct sk_buff *skb, u8 level,
		    u8 logflags, const char *prefix)
{
	struct nf_loginfo li = {
		.type = NF_LOG_TYPE_LOG,
		.u = {
			.log = {
				.level = level,
				.logflags = logflags,
			},
		},
	};

	nf_log_packet(state->net, NFPROTO_IPV4, state->hook, skb, state->in, state->out, &li,
		      "%s", prefix);
}

int oxt_logger_get(void)
{
	int ret = nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_LOG);

	if (ret != 0) {
		request_module("%s", "nf_log_syslog");
		ret = nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_LOG);
	}
	return ret;
}

void oxt_logger_put(void)
{
	nf_logger_put(NFPROTO_IPV4, NF_LOG_TYPE_LOG);
}

void oxt_nflog_packet(const struct nf_hook_state *state, const struct sk_buff *skb, u16 group,
		      u32 copy_len, u16 qthreshold, u16 flags, const char *prefix)
{
	struct nf_loginfo li;

	/* As nflog_tg(). */
	li.type = NF_LOG_TYPE_ULOG;
	li.u.ulog.copy_len = copy_len;
	li.u.ulog.group = group;
	li.u.ulog.qthreshold = qthreshold;
	li.u.ulog.flags = flags;
	nf_log_packet(state->net, NFPROTO_IPV4, state->hook, skb, state->in, state->out, &li,
		      "%s", prefix);
}

int oxt_ulogger_get(void)
{
	int ret = nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_ULOG);

	if (ret != 0) {
		request_module("%s", "nfnetlink_log");
		ret = nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_ULOG);
	}
	return ret;
}

void oxt_ulogger_put(void)
{
	nf_logger_put(NFPROTO_IPV4, NF_LOG_TYPE_ULOG);
}

/* --- owner, time and devgroup --- */

void oxt_sock_owner(const struct sk_buff *skb, const struct nf_hook_state *state, bool want_suppl,
		    u32 gid_min, u32 gid_max, struct oxt_sock_owner *out)
{
	struct sock *sk = skb_to_full_sk(skb);
	const struct group_info *gi;
	const struct socket *sock;
	const struct file *filp;
	const struct cred *cred;
	int i;

	memset(out, 0, sizeof(*out));
	/* As owner_mt(). */
	if (!sk || !READ_ONCE(sk->sk_socket) || !net_eq(state->net, sock_net(sk))) {
		out->kind = OXT_SOCK_NONE;
		return;
	}
	sock = READ_ONCE(sk->sk_socket);
	filp = sock ? READ_ONCE(sock->file) : NULL;
	if (!filp) {
		out->kind = OXT_SOCK_NOFILE;
		return;
	}
	cred = filp->f_cred;
	out->kind = OXT_SOCK_FILE;
	out->fsuid = __kuid_val(cred->fsuid);
	out->fsgid = __kgid_val(cred->fsgid);
	gi = cred->group_info;
	if (!want_suppl || !gi)
		return;
	for (i = 0; i < gi->ngroups; ++i) {
		u32 g = __kgid_val(gi->gid[i]);

		if (g >= gid_min && g <= gid_max) {
			out->suppl = 1;
			break;
		}
	}
}

s64 oxt_real_seconds(void)
{
	return ktime_get_real_seconds();
}

int oxt_tz_minuteswest(void)
{
	return sys_tz.tz_minuteswest;
}

bool oxt_dev_group(const struct nf_hook_state *state, unsigned int which, u32 *group)
{
	const struct net_device *dev = NULL;

	if (which == OXT_DEV_IN)
		dev = state->in;
	else if (which == OXT_DEV_OUT)
		dev = state->out;
	if (!dev)
		return false;
	*group = (u32)dev->group;
	return true;
}

u32 oxt_make_kuid(const struct net *net, u32 uid)
{
	return __kuid_val(make_kuid(net->user_ns, uid));
}

u32 oxt_make_kgid(const struct net *net, u32 gid)
{
	return __kgid_val(make_kgid(net->user_ns, gid));
}

bool oxt_current_user_ns_is(const struct net *net)
{
	return current_user_ns() == net->user_ns;
}

/* --- TCPMSS: writing the packet, and route MTUs --- */

#include <linux/net.h>
#include <linux/netfilter/xt_TCPMSS.h>
#include <linux/netfilter/xt_tcpmss.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/dst.h>

/* The payload layouts engine/src/ext/tcpmss.rs and tcpmss_tg.rs decode. */
static_assert(sizeof(struct xt_tcpmss_info) == 2);
static_assert(XT_TCPMSS_CLAMP_PMTU == 0xffff);
static_assert(sizeof(struct xt_tcpmss_match_info) == 6);
static_assert(offsetof(struct xt_tcpmss_match_info, invert) == 4);

/* Where the transport header starts, from skb->data (network header + ip_hdrlen), or -1 when
 * that is not inside the packet. */
static int oxt_l4_offset(const struct sk_buff *skb)
{
	int off = skb_network_offset(skb) + (int)ip_hdrlen(skb);

	if (off < 0 || (unsigned int)off > skb->len)
		return -1;
	return off;
}

int oxt_skb_make_writable(struct sk_buff *skb)
{
	return skb_ensure_writable(skb, skb->len);
}

int oxt_skb_l4_len(const struct sk_buff *skb)
{
	return (int)skb->len - (int)ip_hdrlen(skb);
}

unsigned int oxt_skb_l4_copy(const struct sk_buff *skb, u8 *l4, unsigned int cap)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int thoff, n;
	const void *h;

	if (ntohs(iph->frag_off) & IP_OFFSET)
		return 0;
	thoff = ip_hdrlen(skb);
	if (skb->len <= thoff)
		return 0;
	n = min(cap, skb->len - thoff);
	h = skb_header_pointer(skb, thoff, n, l4);
	if (!h)
		return 0;
	if (h != l4)
		memcpy(l4, h, n);
	return n;
}

bool oxt_skb_l4_write(struct sk_buff *skb, unsigned int off, const u8 *src, unsigned int n)
{
	int thoff = oxt_l4_offset(skb);
	u64 end;

	if (thoff < 0)
		return false;
	end = (u64)thoff + off + n;
	if (end > skb->len || skb_ensure_writable(skb, end))
		return false;
	memcpy(skb->data + thoff + off, src, n);
	return true;
}

int oxt_skb_grow_tail(struct sk_buff *skb, unsigned int len)
{
	/* skb_put() is for linear packets only (oxt_skb_make_writable made it so). */
	if (skb_is_nonlinear(skb))
		return -EINVAL;
	if (skb_tailroom(skb) < len) {
		if (pskb_expand_head(skb, 0, len - skb_tailroom(skb), GFP_ATOMIC))
			return -ENOMEM;
	}
	skb_put(skb, len);
	return 0;
}

/* The TCP header at ip_hdrlen(skb), made writable up to its checksum field; NULL if it is not
 * inside the packet. */
static struct tcphdr *oxt_tcp_check_writable(struct sk_buff *skb)
{
	int thoff = oxt_l4_offset(skb);
	unsigned int end;

	if (thoff < 0)
		return NULL;
	end = thoff + offsetofend(struct tcphdr, check);
	if (end > skb->len || skb_ensure_writable(skb, end))
		return NULL;
	return (struct tcphdr *)(skb->data + thoff);
}

bool oxt_tcp_csum_replace4(struct sk_buff *skb, __be32 from, __be32 to, bool pseudohdr)
{
	struct tcphdr *th = oxt_tcp_check_writable(skb);

	if (!th)
		return false;
	inet_proto_csum_replace4(&th->check, skb, from, to, pseudohdr);
	return true;
}

bool oxt_tcp_csum_replace2(struct sk_buff *skb, __be16 from, __be16 to, bool pseudohdr)
{
	struct tcphdr *th = oxt_tcp_check_writable(skb);

	if (!th)
		return false;
	inet_proto_csum_replace2(&th->check, skb, from, to, pseudohdr);
	return true;
}

bool oxt_ip_add_tot_len(struct sk_buff *skb, u16 add)
{
	struct iphdr *iph;
	__be16 newlen;

	if (skb_network_offset(skb) < 0 ||
	    skb_ensure_writable(skb, skb_network_offset(skb) + sizeof(struct iphdr)))
		return false;
	iph = ip_hdr(skb);
	newlen = htons(ntohs(iph->tot_len) + add);
	csum_replace2(&iph->check, iph->tot_len, newlen);
	iph->tot_len = newlen;
	return true;
}

unsigned int oxt_skb_dst_mtu(const struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);

	return dst ? dst_mtu(dst) : 0;
}

unsigned int oxt_route_mtu(const struct nf_hook_state *state, __be32 daddr)
{
	struct dst_entry *dst = NULL;
	unsigned int mtu = ~0U;
	struct flowi fl;

	memset(&fl.u.ip4, 0, sizeof(fl.u.ip4));
	fl.u.ip4.daddr = daddr;
	nf_route(state->net, &dst, &fl, false, NFPROTO_IPV4);
	if (dst) {
		mtu = dst_mtu(dst);
		dst_release(dst);
	}
	return mtu;
}

void oxt_log_invalid_pmtu(unsigned int mtu)
{
	net_err_ratelimited("oxtables: TCPMSS: unknown or invalid path-MTU (%u)\n", mtu);
}

/* --- The header-rewriting mangle targets --- */

bool oxt_ip_change_dsfield(struct sk_buff *skb, u8 mask, u8 value)
{
	if (skb_ensure_writable(skb, sizeof(struct iphdr)))
		return false;
	ipv4_change_dsfield(ip_hdr(skb), mask, value);
	return true;
}

bool oxt_ip_set_ttl(struct sk_buff *skb, u8 ttl)
{
	struct iphdr *iph;

	if (skb_ensure_writable(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	if (ttl != iph->ttl) {
		csum_replace2(&iph->check, htons(iph->ttl << 8), htons(ttl << 8));
		iph->ttl = ttl;
	}
	return true;
}

void oxt_skb_set_priority(struct sk_buff *skb, u32 priority)
{
	skb->priority = priority;
}

bool oxt_skb_csum_partial(const struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb);
}

bool oxt_skb_checksum_help(struct sk_buff *skb)
{
	if (ip_check_csum_start(skb))
		return false;
	skb_checksum_help(skb);
	return true;
}

bool oxt_ratelimit_info(void)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);

	return __ratelimit(&rs);
}

void oxt_skb_route_key(const struct sk_buff *skb, struct oxt_route_key *k)
{
	const struct iphdr *iph = ip_hdr(skb);

	memset(k, 0, sizeof(*k));
	k->saddr = iph->saddr;
	k->daddr = iph->daddr;
	k->mark = skb->mark;
	k->tos = iph->tos;
}

int oxt_route_me_harder(const struct nf_hook_state *state, struct sk_buff *skb)
{
	return ip_route_me_harder(state->net, state->sk, skb, RTN_UNSPEC);
}

/* --- recent: the packet's TTL rule, the lists' lock and their /proc files --- */

bool oxt_out_without_own_sk(const struct sk_buff *skb, const struct nf_hook_state *state)
{
	return state->out && (!skb->sk || !net_eq(state->net, sock_net(skb->sk)));
}

void oxt_local_bh_disable(void)
{
	local_bh_disable();
}

void oxt_local_bh_enable(void)
{
	local_bh_enable();
}

void oxt_proc_set_root(struct proc_dir_entry *pde)
{
	proc_set_user(pde, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID);
}

int oxt_proc_seq_open(struct inode *inode, struct file *file, const struct seq_operations *ops)
{
	int ret = seq_open(file, ops);

	if (ret == 0)
		((struct seq_file *)file->private_data)->private = pde_data(inode);
	return ret;
}

void *oxt_proc_file_data(struct file *file)
{
	return pde_data(file_inode(file));
}

u16 oxt_ip_set_get_byindex(struct net *net, u16 index)
{
	return ip_set_nfnl_get_byindex(net, index);
}

void oxt_ip_set_put(struct net *net, u16 index)
{
	ip_set_nfnl_put(net, index);
}

int oxt_ip_set_test(struct sk_buff *skb, const struct nf_hook_state *state, u16 index,
		    const struct oxt_ip_set_opt *o)
{
	struct oxt_ip_set_skbinfo unused;

	return oxt_ip_set_adt(skb, state, index, OXT_IP_SET_TEST, o, &unused);
}

int oxt_ip_set_adt(struct sk_buff *skb, const struct nf_hook_state *state, u16 index,
		   u32 cmd, const struct oxt_ip_set_opt *o,
		   struct oxt_ip_set_skbinfo *out)
{
	struct xt_action_param par = {
		.state = state,
		.thoff = ip_hdrlen(skb),
		.fragoff = ntohs(ip_hdr(skb)->frag_off) & IP_OFFSET,
	};
	struct ip_set_adt_opt opt = {
		.family = o->family,
		.dim = o->dim,
		.flags = o->flags,
		.cmdflags = o->cmdflags,
		.ext.timeout = o->timeout,
		.ext.packets = o->packets,
		.ext.bytes = o->bytes,
		.ext.packets_op = o->packets_op,
		.ext.bytes_op = o->bytes_op,
	};
	int ret;

	switch (cmd) {
	case OXT_IP_SET_ADD:
		ret = ip_set_add(index, skb, &par, &opt);
		break;
	case OXT_IP_SET_DEL:
		ret = ip_set_del(index, skb, &par, &opt);
		break;
	default:
		ret = ip_set_test(index, skb, &par, &opt);
		break;
	}
	out->skbmark = opt.ext.skbinfo.skbmark;
	out->skbmarkmask = opt.ext.skbinfo.skbmarkmask;
	out->skbprio = opt.ext.skbinfo.skbprio;
	out->skbqueue = opt.ext.skbinfo.skbqueue;
	return ret;
}

bool oxt_skb_real_num_tx_queues(const struct sk_buff *skb, u32 *n)
{
	if (!skb->dev)
		return false;
	*n = skb->dev->real_num_tx_queues;
	return true;
}

void oxt_skb_set_queue_mapping(struct sk_buff *skb, u16 queue)
{
	skb_set_queue_mapping(skb, queue);
}

struct ts_config *oxt_textsearch_prepare(const char *algo, const void *pattern, unsigned int len,
					 bool icase, int *err)
{
	struct ts_config *conf;

	conf = textsearch_prepare(algo, pattern, len, GFP_KERNEL,
				  TS_AUTOLOAD | (icase ? TS_IGNORECASE : 0));
	if (IS_ERR(conf)) {
		*err = PTR_ERR(conf);
		return NULL;
	}
	*err = 0;
	return conf;
}

void oxt_textsearch_destroy(struct ts_config *conf)
{
	textsearch_destroy(conf);
}

unsigned int oxt_skb_find_text(struct sk_buff *skb, unsigned int from, unsigned int to,
			       struct ts_config *conf)
{
	return skb_find_text(skb, from, to, conf);
}

int oxt_physdev(const struct sk_buff *skb, const struct nf_hook_state *state, char *indev,
		char *outdev)
{
#if IS_ENABLED(CONFIG_BRIDGE_NETFILTER)
	const struct net_device *dev;
	int ret = 1;

	if (!nf_bridge_info_exists(skb))
		return 0;
	dev = nf_bridge_get_physindev(skb, state->net);
	if (dev) {
		memcpy(indev, dev->name, IFNAMSIZ);
		ret |= 2;
	}
	dev = nf_bridge_get_physoutdev(skb);
	if (dev) {
		memcpy(outdev, dev->name, IFNAMSIZ);
		ret |= 4;
	}
	return ret;
#else
	return 0;
#endif
}

void oxt_request_module(const char *name)
{
	request_module("%s", name);
}

/* --- TEE --- */

void oxt_dup_ipv4(const struct nf_hook_state *state, struct sk_buff *skb, __be32 gw, int oif)
{
	const struct in_addr a = { .s_addr = gw };

	nf_dup_ipv4(state->net, skb, state->hook, &a, oif);
}

int oxt_dev_ifindex_by_name(const struct net *net, const char *name)
{
	struct net_device *dev;
	int ifindex = -1;

	rcu_read_lock();
	dev = dev_get_by_name_rcu((struct net *)net, name);
	if (dev)
		ifindex = dev->ifindex;
	rcu_read_unlock();
	return ifindex;
}

u32 oxt_netdev_event_info(unsigned long event, void *ptr, struct net **net, int *ifindex,
			  char *name)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	u32 kind;

	switch (event) {
	case NETDEV_REGISTER:
		kind = OXT_NETDEV_REGISTER;
		break;
	case NETDEV_UNREGISTER:
		kind = OXT_NETDEV_UNREGISTER;
		break;
	case NETDEV_CHANGENAME:
		kind = OXT_NETDEV_CHANGENAME;
		break;
	default:
		return OXT_NETDEV_OTHER;
	}
	*net = dev_net(dev);
	*ifindex = dev->ifindex;
	memset(name, 0, IFNAMSIZ);
	strscpy(name, dev->name, IFNAMSIZ);
	return kind;
}

int oxt_register_netdevice_notifier(struct notifier_block *nb)
{
	return register_netdevice_notifier(nb);
}

void oxt_unregister_netdevice_notifier(struct notifier_block *nb)
{
	unregister_netdevice_notifier(nb);
}
