/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C helpers for the kernel's static inline functions and macros that Rust cannot call directly.
 * Each one is a thin, obviously correct wrapper; the safety contracts are on the Rust side.
 */
#ifndef OXT_HELPERS_H
#define OXT_HELPERS_H

#include <linux/types.h>

#include <linux/if.h>
#include <linux/sockptr.h>

struct file;
struct inode;
struct net;
struct nf_hook_ops;
struct notifier_block;
struct nf_hook_state;
struct proc_dir_entry;
struct seq_file;
struct seq_operations;
struct sk_buff;
struct sock;
struct ts_config;

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

/* Add pcnt packets and bcnt bytes to counter idx on the local CPU (IPT_SO_SET_ADD_COUNTERS). */
void oxt_counter_add_n(struct oxt_counter __percpu *base, unsigned int idx, u64 pcnt, u64 bcnt);

/* --- Sockets and the sockopt ABI --- */

/* sock_net(sk). */
struct net *oxt_sock_net(const struct sock *sk);

/* Whether the caller has CAP_NET_ADMIN in the user namespace owning the socket's netns. */
bool oxt_sock_net_admin(const struct sock *sk);

/* in_compat_syscall(): a 32-bit caller on a 64-bit kernel. */
bool oxt_in_compat_syscall(void);

/* copy_from_sockptr_offset(); 0 or -EFAULT. */
int oxt_copy_from_sockptr(void *dst, sockptr_t src, size_t offset, size_t size);

/* --- The packet path's per-CPU "in a table" sequence, as x_tables' xt_recseq --- */

/* How deep walks may nest on one CPU: a target that emits a packet (REJECT's reset or ICMP
 * error) sends it through OUTPUT and POSTROUTING before its own walk has returned. */
#define OXT_WALK_NEST 4

/* Disable BHs, mark this CPU as inside a table walk and return the addend to pass to
 * oxt_recseq_end() (0 if the CPU was already inside one: a nested walk). *depth is set to the
 * number of walks this CPU was already inside (0 for an outermost walk). */
unsigned int oxt_recseq_begin(unsigned int *depth);

/* End a walk begun by oxt_recseq_begin() and re-enable BHs. */
void oxt_recseq_end(unsigned int addend);

/* Wait until every CPU that was inside a walk when this was called has left it. */
void oxt_recseq_wait(void);

/* smp_processor_id() (only meaningful with BHs or preemption disabled) and nr_cpu_ids. */
unsigned int oxt_smp_processor_id(void);
unsigned int oxt_nr_cpu_ids(void);

/* --- What the matches see of a packet --- */

struct oxt_pkt {
	__be32 saddr;
	__be32 daddr;
	u16 frag_off; /* ntohs(frag_off) & IP_OFFSET */
	u8 protocol;
	u8 tos;
	u32 len; /* skb->len */
	char in[IFNAMSIZ];
	char out[IFNAMSIZ];
	u8 ttl;
	u8 pad;
	u16 tot_len; /* ntohs(tot_len) */
};

/* Fill p from the skb and hook state, and copy up to cap bytes from the transport header on into
 * l4. Returns the number of transport bytes copied (0 for non-first fragments). */
unsigned int oxt_pkt_fill(struct sk_buff *skb, const struct nf_hook_state *state, struct oxt_pkt *p,
			  u8 *l4, unsigned int cap);

/* --- Conntrack and NAT (issue 5) --- */

/* An IPv4 NAT range: the fields of struct nf_nat_range2 that IPv4 uses, ports in host order. */
struct oxt_nat_range {
	u32 flags;
	__be32 min_ip;
	__be32 max_ip;
	u16 min_proto;
	u16 max_proto;
	u16 base_proto;
	u16 pad;
};

/* SNAT (dst false) or DNAT (dst true) of the packet's new connection: nf_nat_setup_info() on
 * the conntrack entry attached to skb, as xt_snat_target_v2/xt_dnat_target_v2. NF_DROP if the
 * packet has no conntrack entry (the NAT core only hands us packets that have one). */
unsigned int oxt_nat_setup(struct sk_buff *skb, const struct oxt_nat_range *r, bool dst);

/* MASQUERADE (masquerade_tg): nf_nat_masquerade_ipv4() with the flags and ports of r. */
unsigned int oxt_nat_masquerade(struct sk_buff *skb, const struct nf_hook_state *state,
				const struct oxt_nat_range *r);

/* REDIRECT (redirect_tg4): nf_nat_redirect_ipv4() with the flags and ports of r. */
unsigned int oxt_nat_redirect(struct sk_buff *skb, const struct nf_hook_state *state,
			      const struct oxt_nat_range *r);

/* NOTRACK / CT --notrack (xt_ct_target with ct NULL): mark the packet untracked unless it
 * already has conntrack state. */
void oxt_ct_notrack(struct sk_buff *skb);

/*
 * The CT target's conntrack template: xt_ct_tg_check from nf_ct_tmpl_alloc on (the conntrack
 * reference, nf_ct_netns_get, is the table's), in upstream's order and with its errnos. helper
 * is 16 bytes and timeout 32, both as the rule has them; l4proto is xt_ct_find_proto's answer (0
 * when the rule has no protocol or inverts it). On failure NULL, *err the negative errno and
 * *stage which step failed (enum oxt_ct_stage).
 */
enum oxt_ct_stage {
	OXT_CT_STAGE_ALLOC = 1,
	OXT_CT_STAGE_EVENTS,
	OXT_CT_STAGE_HELPER_NAME,
	OXT_CT_STAGE_HELPER_PROTO,
	OXT_CT_STAGE_HELPER,
	OXT_CT_STAGE_TIMEOUT_NAME,
	OXT_CT_STAGE_TIMEOUT_PROTO,
	OXT_CT_STAGE_TIMEOUT,
};
struct nf_conn *oxt_ct_tmpl_create(struct net *net, u16 zone_id, u16 flags, u32 ct_events,
				   u32 exp_events, const char *helper, const char *timeout,
				   u8 l4proto, int *err, int *stage);
/* xt_ct_tg_destroy without the conntrack reference: the helper, the timeout policy, the
 * template. */
void oxt_ct_tmpl_destroy(struct nf_conn *ct);
/* xt_ct_target with a template: attach it to a packet that has no conntrack state yet. */
void oxt_ct_tmpl_attach(struct sk_buff *skb, struct nf_conn *ct);

/* What the conntrack and state matches see of a packet's conntrack entry. */
enum {
	OXT_CT_INVALID = 0,	/* nf_ct_get() is NULL and the packet is not untracked */
	OXT_CT_UNTRACKED = 1,	/* nf_ct_get() is NULL, ctinfo IP_CT_UNTRACKED */
	OXT_CT_TRACKED = 2,	/* an entry; the other fields are filled in */
};

struct oxt_ct {
	u8 kind;		/* OXT_CT_* */
	u8 ctinfo;		/* enum ip_conntrack_info */
	u8 l4proto;		/* nf_ct_protonum() */
	u8 pad;
	u32 status;		/* ct->status (low 32 bits) */
	__be32 orig_src;
	__be32 orig_dst;
	__be32 repl_src;
	__be32 repl_dst;
	__be16 orig_sport;	/* tuple.src.u.all of the original direction */
	__be16 orig_dport;
	__be16 repl_sport;
	__be16 repl_dport;
	u32 expires_secs;	/* nf_ct_expires() / HZ */
	u32 mark;		/* READ_ONCE(ct->mark), 0 without CONFIG_NF_CONNTRACK_MARK */
};

void oxt_ct_fill(const struct sk_buff *skb, struct oxt_ct *out);

/* CONNMARK (connmark_tg_shift): if the packet has a conntrack entry whose mark differs from
 * mark, WRITE_ONCE(ct->mark, mark) and nf_conntrack_event_cache(IPCT_MARK, ct). */
void oxt_ct_set_mark(const struct sk_buff *skb, u32 mark);

/* xt_helper's view: the name of the helper of the master connection of the packet's conntrack
 * entry (rcu_dereference(nfct_help(ct->master)->helper)->name), copied NUL-padded into out
 * (NF_CT_HELPER_NAME_LEN bytes). False, out untouched, when the packet has no entry, the entry
 * no master, the master no helper extension or no helper. Called under rcu_read_lock. */
bool oxt_ct_master_helper(const struct sk_buff *skb, u8 *out);

/* --- What the extensions read of the packet and its namespace --- */

/* skb->mark. */
u32 oxt_skb_mark(const struct sk_buff *skb);
bool oxt_skb_dst_tclassid(const struct sk_buff *skb, u32 *tclassid);

/* skb->mark = mark (MARK, CONNMARK --restore-mark). */
void oxt_skb_set_mark(struct sk_buff *skb, u32 mark);

/* skb->pkt_type (PACKET_*). */
u8 oxt_skb_pkt_type(const struct sk_buff *skb);

/* xt_mac's view of the packet: if skb->dev is an ARPHRD_ETHER device and the MAC header was set
 * with at least ETH_HLEN bytes before the network header, copy eth_hdr(skb)->h_source (ETH_ALEN
 * bytes) to src and return true; else return false and leave src alone. */
bool oxt_skb_mac_source(const struct sk_buff *skb, u8 *src);

/* skb_ip_totlen(skb): the IPv4 total length (skb->len minus the network offset for a BIG TCP
 * GSO packet whose tot_len is 0). */
unsigned int oxt_skb_ip_totlen(const struct sk_buff *skb);

/* Which device an address-type lookup is limited to. */
enum {
	OXT_DEV_ANY = 0,	/* none: inet_dev_addr_type(net, NULL, addr) */
	OXT_DEV_IN = 1,		/* state->in (may be NULL) */
	OXT_DEV_OUT = 2,	/* state->out (may be NULL) */
};

/* inet_dev_addr_type(state->net, dev, addr), dev chosen by which (OXT_DEV_*). */
unsigned int oxt_addr_type(const struct nf_hook_state *state, __be32 addr, unsigned int which);

/* READ_ONCE(jiffies). */
unsigned long oxt_jiffies(void);
/* totalram_pages() (hashlimit's default table size). */
unsigned long oxt_totalram_pages(void);

/* skb->nf_trace (false on a kernel without the field). */
bool oxt_skb_nf_trace(const struct sk_buff *skb);
/* raw_smp_processor_id() (NFQUEUE --queue-cpu-fanout). */
u32 oxt_raw_smp_processor_id(void);
/* skb->nf_trace = 1 (TRACE; nothing on a kernel without the field). */
void oxt_skb_set_nf_trace(struct sk_buff *skb);

/* ipt_do_table's trace_packet() line: nf_log_trace() with a LOG-type logger at level 4 and
 * NF_LOG_DEFAULT_MASK, "TRACE: table:chain:comment:rulenum ". The names are NUL-terminated. */
void oxt_log_trace(const struct nf_hook_state *state, const struct sk_buff *skb, const char *table,
		   const char *chain, const char *comment, unsigned int rulenum);

/* nf_ct_netns_get/put for NFPROTO_IPV4. */
int oxt_ct_netns_get(struct net *net);
void oxt_ct_netns_put(struct net *net);

/*
 * connlimit's counter (nf_conncount, reached through symbol_get after request_module, so that
 * oxtables.ko does not link it): nf_conncount_init with the ERR_PTR split into NULL and *err
 * (ENOENT when nf_conncount cannot be loaded); nf_conncount_destroy; and connlimit_mt's IPv4
 * count: key { addr, zone->id } (zone of the packet's conntrack entry, else the default zone),
 * nf_conncount_count_skb.
 */
struct oxt_conncount;
struct oxt_conncount *oxt_conncount_init(struct net *net, unsigned int keylen, int *err);
void oxt_conncount_destroy(struct net *net, struct oxt_conncount *c);
unsigned int oxt_connlimit_count(struct net *net, const struct sk_buff *skb,
				 const struct oxt_conncount *c, __be32 addr);

/* Register/unregister a nat table hook with the NAT core (nf_nat_ipv4_register_fn). */
int oxt_nat_register_fn(struct net *net, const struct nf_hook_ops *ops);
void oxt_nat_unregister_fn(struct net *net, const struct nf_hook_ops *ops);

/* A single plain hook (nf_register_net_hook / nf_unregister_net_hook). */
int oxt_register_hook(struct net *net, const struct nf_hook_ops *ops);
void oxt_unregister_hook(struct net *net, const struct nf_hook_ops *ops);

/* synchronize_net(): wait for every packet-path reader (RCU) to finish. */
void oxt_synchronize_net(void);

/* MASQUERADE's device and address notifiers (refcounted by the NAT core). */
int oxt_masq_notifiers_register(void);
void oxt_masq_notifiers_unregister(void);

/* --- REJECT and LOG --- */

/* REJECT: nf_send_unreach(skb, code, state->hook), an ICMP destination unreachable with code. */
void oxt_send_unreach(const struct nf_hook_state *state, struct sk_buff *skb, u8 code);

/* REJECT --reject-with tcp-reset: nf_send_reset(state->net, state->sk, skb, state->hook). */
void oxt_send_reset(const struct nf_hook_state *state, struct sk_buff *skb);

/* LOG (log_tg): nf_log_packet() for NFPROTO_IPV4 through the NF_LOG_TYPE_LOG logger at level
 * with logflags (XT_LOG_*), "%s" prefix. prefix is NUL-terminated. */
void oxt_log_packet(const struct nf_hook_state *state, const struct sk_buff *skb, u8 level,
		    u8 logflags, const char *prefix);

/* log_tg_check's logger reference: nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_LOG), loading
 * nf_log_syslog and trying again on failure; 0 or a negative errno. Process context. */
int oxt_logger_get(void);

/* log_tg_destroy: nf_logger_put(NFPROTO_IPV4, NF_LOG_TYPE_LOG). */
void oxt_logger_put(void);

/* NFLOG (nflog_tg): nf_log_packet() for NFPROTO_IPV4 through the NF_LOG_TYPE_ULOG logger with
 * group, copy_len, qthreshold and flags (NF_LOG_F_*), "%s" prefix. prefix is NUL-terminated. */
void oxt_nflog_packet(const struct nf_hook_state *state, const struct sk_buff *skb, u16 group,
		      u32 copy_len, u16 qthreshold, u16 flags, const char *prefix);

/* nflog_tg_check's logger reference: nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_ULOG), loading
 * nfnetlink_log and trying again on failure; 0 or a negative errno. Process context. */
int oxt_ulogger_get(void);

/* nflog_tg_destroy: nf_logger_put(NFPROTO_IPV4, NF_LOG_TYPE_ULOG). */
void oxt_ulogger_put(void);

/* --- owner, time and devgroup --- */

/* What xt_owner's owner_mt sees of a packet's socket (struct oxt_sock_owner's kind). */
enum {
	OXT_SOCK_NONE = 0,	/* no full socket, no sk_socket, or one of another namespace */
	OXT_SOCK_NOFILE = 1,	/* sk_socket->file is NULL */
	OXT_SOCK_FILE = 2,	/* fsuid, fsgid and suppl are filled in */
};

struct oxt_sock_owner {
	u8 kind;		/* OXT_SOCK_* */
	u8 suppl;		/* a supplementary group lies in the range asked for */
	u16 pad;
	u32 fsuid;		/* __kuid_val(file->f_cred->fsuid) */
	u32 fsgid;		/* __kgid_val(file->f_cred->fsgid) */
};

/* owner_mt's reads of the packet's socket: skb_to_full_sk(skb), READ_ONCE(sk->sk_socket) and
 * the socket's namespace against state->net, READ_ONCE(sock->file), then the file's f_cred
 * fsuid and fsgid; with want_suppl, whether one of f_cred->group_info's groups lies in
 * [gid_min, gid_max] (kernel gids). Called under the hook's rcu_read_lock, which keeps the
 * socket's file and credentials alive (both are RCU freed). */
void oxt_sock_owner(const struct sk_buff *skb, const struct nf_hook_state *state, bool want_suppl,
		    u32 gid_min, u32 gid_max, struct oxt_sock_owner *out);

/* ktime_get_real_seconds(): the wall clock (xt_time). */
s64 oxt_real_seconds(void);

/* sys_tz.tz_minuteswest: the kernel's timezone (xt_time --kerneltz). */
int oxt_tz_minuteswest(void);

/* dev->group of state->in (which == OXT_DEV_IN) or state->out (OXT_DEV_OUT) into *group; false,
 * *group untouched, when the hook has no such device (xt_devgroup). */
bool oxt_dev_group(const struct nf_hook_state *state, unsigned int which, u32 *group);

/* __kuid_val(make_kuid(net->user_ns, uid)) and __kgid_val(make_kgid(net->user_ns, gid)):
 * (u32)-1 when unmapped (xt_owner's checkentry). */
u32 oxt_make_kuid(const struct net *net, u32 uid);
u32 oxt_make_kgid(const struct net *net, u32 gid);

/* current_user_ns() == net->user_ns (xt_owner's checkentry; process context). */
bool oxt_current_user_ns_is(const struct net *net);
/* --- TCPMSS: writing the packet, and route MTUs --- */

/* skb_ensure_writable(skb, skb->len): all of the packet linear and private; 0 or -ENOMEM. */
int oxt_skb_make_writable(struct sk_buff *skb);

/* skb->len - ip_hdrlen(skb): the transport header and what follows (negative if the IP header
 * claims more than the packet holds). */
int oxt_skb_l4_len(const struct sk_buff *skb);

/* What oxt_pkt_fill copies into l4, now: up to cap bytes from the transport header on (none for
 * a non-first fragment). Returns the count. */
unsigned int oxt_skb_l4_copy(const struct sk_buff *skb, u8 *l4, unsigned int cap);

/* Copy n bytes from src into the packet at off from the transport header (ip_hdrlen(skb)),
 * making that much writable first. False, nothing written, if they do not all lie inside the
 * packet or it cannot be made writable. */
bool oxt_skb_l4_write(struct sk_buff *skb, unsigned int off, const u8 *src, unsigned int n);

/* tcpmss_mangle_packet's growth of a linear packet: pskb_expand_head(skb, 0, len - tailroom,
 * GFP_ATOMIC) if the tailroom is short (-ENOMEM if that fails), then skb_put(skb, len).
 * -EINVAL, nothing done, for a non-linear packet. */
int oxt_skb_grow_tail(struct sk_buff *skb, unsigned int len);

/* inet_proto_csum_replace4/2(&tcp_hdr->check, skb, from, to, pseudohdr) on the TCP header at
 * ip_hdrlen(skb), made writable that far. False, nothing done, if it is not inside the packet. */
bool oxt_tcp_csum_replace4(struct sk_buff *skb, __be32 from, __be32 to, bool pseudohdr);
bool oxt_tcp_csum_replace2(struct sk_buff *skb, __be16 from, __be16 to, bool pseudohdr);

/* tcpmss_tg4: iph->tot_len += add, with csum_replace2() of the header checksum. False, nothing
 * done, if the IP header cannot be made writable. */
bool oxt_ip_add_tot_len(struct sk_buff *skb, u16 add);

/* dst_mtu(skb_dst(skb)), 0 for a packet without a route. Under RCU (the hook's). */
unsigned int oxt_skb_dst_mtu(const struct sk_buff *skb);

/* tcpmss_reverse_mtu: nf_route() in state->net for a flow to daddr (the rest zero), the route's
 * dst_mtu() then dst_release(); ~0U without a route. */
unsigned int oxt_route_mtu(const struct nf_hook_state *state, __be32 daddr);

/* net_err_ratelimited() of TCPMSS's "unknown or invalid path-MTU (%u)". */
void oxt_log_invalid_pmtu(unsigned int mtu);

/* --- The header-rewriting mangle targets (DSCP, TOS, TTL, CLASSIFY, CHECKSUM) --- */

/* DSCP, TOS: skb_ensure_writable(skb, sizeof(struct iphdr)), then
 * ipv4_change_dsfield(ip_hdr(skb), mask, value) (TOS byte and header checksum). False, nothing
 * written, if the header cannot be made writable. */
bool oxt_ip_change_dsfield(struct sk_buff *skb, u8 mask, u8 value);

/* TTL (ttl_tg): skb_ensure_writable(skb, sizeof(struct iphdr)), then, if ttl differs from the
 * header's, csum_replace2() of the checksum and the new TTL written. False, nothing written, if
 * the header cannot be made writable. */
bool oxt_ip_set_ttl(struct sk_buff *skb, u8 ttl);

/* CLASSIFY: skb->priority = priority. */
void oxt_skb_set_priority(struct sk_buff *skb, u32 priority);

/* CHECKSUM: skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb). */
bool oxt_skb_csum_partial(const struct sk_buff *skb);

/* CHECKSUM --checksum-fill: false if ip_check_csum_start() fails (the checksum would start
 * inside the IP header), else skb_checksum_help() (its result ignored, as checksum_tg does) and
 * true. */
bool oxt_skb_checksum_help(struct sk_buff *skb);

/* printk_ratelimited()'s test, on one rate-limit state (default interval and burst) for the
 * module's pr_info_ratelimited lines: whether a line may be printed now. */
bool oxt_ratelimit_info(void);

/* What ipt_mangle_out() saves before the walk and compares after it: a change means the packet
 * is routed again. */
struct oxt_route_key {
	__be32 saddr;
	__be32 daddr;
	u32 mark;
	u8 tos;
	u8 pad[3];
};

/* The route keys of the packet now (ip_hdr(skb)->saddr, daddr, tos and skb->mark). */
void oxt_skb_route_key(const struct sk_buff *skb, struct oxt_route_key *k);

/* ip_route_me_harder(state->net, state->sk, skb, RTN_UNSPEC): 0 or a negative errno. */
int oxt_route_me_harder(const struct nf_hook_state *state, struct sk_buff *skb);
/* --- recent --- */

/* recent_mt's "TTL as seen before forwarding": xt_out(par) && (!skb->sk ||
 * !net_eq(xt_net(par), sock_net(skb->sk))). */
bool oxt_out_without_own_sk(const struct sk_buff *skb, const struct nf_hook_state *state);

/* local_bh_disable() / local_bh_enable(): around a spinlock the packet path takes too. */
void oxt_local_bh_disable(void);
void oxt_local_bh_enable(void);

/* proc_set_user(pde, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID). */
void oxt_proc_set_root(struct proc_dir_entry *pde);

/* seq_open(file, ops), then the seq_file's private is pde_data(inode). */
int oxt_proc_seq_open(struct inode *inode, struct file *file, const struct seq_operations *ops);

/* pde_data(file_inode(file)). */
void *oxt_proc_file_data(struct file *file);

/* --- physdev --- */

/*
 * nf_bridge_info_exists(skb): 0 if not; else 1 | 2 with physindev's name copied to indev (the
 * device of nf_bridge_get_physindev(skb, state->net)) | 4 with physoutdev's copied to outdev.
 * Both buffers hold IFNAMSIZ bytes. Under the hook's RCU read lock.
 */
int oxt_physdev(const struct sk_buff *skb, const struct nf_hook_state *state, char *indev,
		char *outdev);

/* request_module("%s", name). Process context. */
void oxt_request_module(const char *name);

/* --- textsearch (the string match) --- */

/*
 * textsearch_prepare(algo, pattern, len, GFP_KERNEL, TS_AUTOLOAD | (icase ? TS_IGNORECASE : 0)):
 * the configuration, or NULL with *err the negative errno of its ERR_PTR. Process context.
 */
struct ts_config *oxt_textsearch_prepare(const char *algo, const void *pattern, unsigned int len,
					 bool icase, int *err);

/* textsearch_destroy(conf). */
void oxt_textsearch_destroy(struct ts_config *conf);

/* skb_find_text(skb, from, to, conf). */
unsigned int oxt_skb_find_text(struct sk_buff *skb, unsigned int from, unsigned int to,
			       struct ts_config *conf);

#endif

/* --- ipset (the set match) --- */

/* struct ip_set_adt_opt's fields as xt_set's ADT_OPT() fills them. */
struct oxt_ip_set_opt {
	u8 family;
	u8 dim;
	u8 flags;
	u32 cmdflags;
	u32 timeout;
	u64 packets;
	u64 bytes;
	u8 packets_op;
	u8 bytes_op;
};

/* ip_set_nfnl_get_byindex(net, index): index with a reference taken, or IPSET_INVALID_ID. */
u16 oxt_ip_set_get_byindex(struct net *net, u16 index);

/* ip_set_nfnl_put(net, index). */
void oxt_ip_set_put(struct net *net, u16 index);

/* ip_set_test(index, skb, par, &opt) with par's state the hook's (as xt_set's match sees). */
int oxt_ip_set_test(struct sk_buff *skb, const struct nf_hook_state *state, u16 index,
		    const struct oxt_ip_set_opt *o);

/* --- ipset (the SET target) --- */

enum {
	OXT_IP_SET_TEST = 0,
	OXT_IP_SET_ADD = 1,
	OXT_IP_SET_DEL = 2,
};

/* struct ip_set_skbinfo: what a lookup of an entry with the skbinfo extension hands back. */
struct oxt_ip_set_skbinfo {
	u32 skbmark;
	u32 skbmarkmask;
	u32 skbprio;
	u16 skbqueue;
};

/*
 * ip_set_test, ip_set_add or ip_set_del(index, skb, par, &opt) with par as oxt_ip_set_test
 * builds it; *out gets opt.ext.skbinfo afterwards (what the test copied from the entry).
 */
int oxt_ip_set_adt(struct sk_buff *skb, const struct nf_hook_state *state, u16 index,
		   u32 cmd, const struct oxt_ip_set_opt *o,
		   struct oxt_ip_set_skbinfo *out);

/* skb->dev ? (*n = skb->dev->real_num_tx_queues, true) : false. */
bool oxt_skb_real_num_tx_queues(const struct sk_buff *skb, u32 *n);

/* skb_set_queue_mapping(skb, queue). */
void oxt_skb_set_queue_mapping(struct sk_buff *skb, u16 queue);

/* --- TEE --- */

/*
 * nf_dup_ipv4(state->net, skb, state->hook, &gw, oif): a copy of skb routed to the gateway gw
 * (network byte order) through oif (0 or -1: any), sent before this returns.
 */
void oxt_dup_ipv4(const struct nf_hook_state *state, struct sk_buff *skb, __be32 gw, int oif);

/* The ifindex of the device named name (NUL-terminated within IFNAMSIZ) in net, or -1. */
int oxt_dev_ifindex_by_name(const struct net *net, const char *name);

/* What a netdevice notifier event means to TEE's oif tracking (tee_netdev_event). */
enum {
	OXT_NETDEV_OTHER = 0,
	OXT_NETDEV_REGISTER = 1,
	OXT_NETDEV_UNREGISTER = 2,
	OXT_NETDEV_CHANGENAME = 3,
};

/*
 * For a netdevice notifier call (event, ptr): which of the events above it is; for those, the
 * device's namespace in *net, its ifindex in *ifindex and its name (NUL-padded) in name[16].
 */
u32 oxt_netdev_event_info(unsigned long event, void *ptr, struct net **net, int *ifindex,
			  char *name);

/* register_netdevice_notifier(nb) / unregister_netdevice_notifier(nb). */
int oxt_register_netdevice_notifier(struct notifier_block *nb);
void oxt_unregister_netdevice_notifier(struct notifier_block *nb);
