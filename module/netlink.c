// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: the generic netlink family "ptrap" (uapi/linux/ptrap.h, "The
 * generic netlink family"): status, statistics, policy, the sessions and
 * tracees dumps, revoking a session, and the "events" multicast group.
 * ptrapctl(8) is its client.
 */
#include <linux/module.h>
#include <linux/utsname.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "ptrap.h"

/* Not const: 6.1's NLA_POLICY_FULL_RANGE() takes a non-const pointer. */
static struct netlink_range_validation ptrap_nl_limit_range __ro_after_init = {
	.min = 0,
	.max = PTRAP_LIMIT_MAX,
};

static const struct nla_policy ptrap_nl_policy_policy[PTRAP_POLICY_A_MAX + 1] = {
	[PTRAP_POLICY_A_SCOPE] = NLA_POLICY_MAX(NLA_U8, PTRAP_SCOPE_NONE),
	[PTRAP_POLICY_A_MAX_SESSIONS_PER_USER] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ptrap_nl_limit_range),
	[PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ptrap_nl_limit_range),
	[PTRAP_POLICY_A_FORCE_EXITKILL] = NLA_POLICY_MAX(NLA_U8, 1),
};

/*
 * Only what a request may carry is declared; the attributes the module
 * only sends are NLA_UNSPEC, which strict validation refuses.
 */
static const struct nla_policy ptrap_nl_policy[PTRAP_A_MAX + 1] = {
	[PTRAP_A_POLICY] = NLA_POLICY_NESTED(ptrap_nl_policy_policy),
	[PTRAP_A_SESSION_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static struct genl_family ptrap_nl_family;

/**
 * ptrap_nl_only() - refuse the attributes a command does not take
 * @attrs: the parsed attributes.
 * @allowed: bit i set if attribute i is allowed.
 * @extack: for the message.
 *
 * The family's policy covers every command; this narrows it to one.
 * Return: 0 or -EINVAL.
 */
static int ptrap_nl_only(struct nlattr **attrs, unsigned long allowed,
			 struct netlink_ext_ack *extack)
{
	int i;

	if (!attrs)
		return 0;
	for (i = 1; i <= PTRAP_A_MAX; i++) {
		if (attrs[i] && !(allowed & BIT(i))) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[i],
					    "attribute not accepted by this command");
			return -EINVAL;
		}
	}
	return 0;
}

/* The privileged commands: CAP_NET_ADMIN in the initial user namespace. */
static int ptrap_nl_admin(struct sk_buff *skb, struct genl_info *info,
			  const char *msg)
{
	if (netlink_capable(skb, CAP_NET_ADMIN))
		return 0;
	/* NL_SET_ERR_MSG() wants a literal; @msg is one of the callers'. */
	if (info->extack)
		info->extack->_msg = msg;
	return -EPERM;
}

static int ptrap_nl_put_policy(struct sk_buff *skb,
			       const struct ptrap_policy *p)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, PTRAP_A_POLICY);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, PTRAP_POLICY_A_SCOPE, p->scope) ||
	    nla_put_u32(skb, PTRAP_POLICY_A_MAX_SESSIONS_PER_USER,
			p->max_sessions) ||
	    nla_put_u32(skb, PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION,
			p->max_tracees) ||
	    nla_put_u8(skb, PTRAP_POLICY_A_FORCE_EXITKILL, p->force_exitkill)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * A session's attributes. @ns: the pid namespace ids are reported in;
 * @uns: the user namespace of the uid.
 */
static int ptrap_nl_put_session(struct sk_buff *skb, struct ptrap_session *s,
				struct pid_namespace *ns,
				struct user_namespace *uns)
{
	struct nlattr *nest;
	u32 tracees;

	spin_lock(&s->lock);
	tracees = ptrap_session_live_tracees(s);
	spin_unlock(&s->lock);

	nest = nla_nest_start(skb, PTRAP_A_SESSION);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, PTRAP_SESSION_A_ID, s->id) ||
	    nla_put_u32(skb, PTRAP_SESSION_A_PID, pid_nr_ns(s->owner, ns)) ||
	    nla_put_u32(skb, PTRAP_SESSION_A_UID,
			from_kuid_munged(uns, s->cred->uid)) ||
	    nla_put_string(skb, PTRAP_SESSION_A_COMM, s->comm) ||
	    nla_put_u64_64bit(skb, PTRAP_SESSION_A_OPENED, s->opened,
			      PTRAP_SESSION_A_PAD) ||
	    nla_put_u32(skb, PTRAP_SESSION_A_TRACEES, tracees) ||
	    nla_put_u8(skb, PTRAP_SESSION_A_DETACHED, READ_ONCE(s->revoked))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- GET_STATUS ---- */

/* PTRAP_A_MEMORY: what the module's own objects hold now. */
static int ptrap_nl_put_memory(struct sk_buff *skb)
{
	struct nlattr *nest = nla_nest_start(skb, PTRAP_A_MEMORY);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PTRAP_MEMORY_A_SESSIONS,
			      ptrap_mem_read(PTRAP_MEM_SESSION),
			      PTRAP_MEMORY_A_PAD) ||
	    nla_put_u64_64bit(skb, PTRAP_MEMORY_A_TRACEES,
			      ptrap_mem_read(PTRAP_MEM_TRACEE),
			      PTRAP_MEMORY_A_PAD) ||
	    nla_put_u64_64bit(skb, PTRAP_MEMORY_A_FILTERS,
			      ptrap_mem_read(PTRAP_MEM_FILTER),
			      PTRAP_MEMORY_A_PAD) ||
	    nla_put_u64_64bit(skb, PTRAP_MEMORY_A_REGS_PAGES,
			      ptrap_mem_read(PTRAP_MEM_REGS_PAGE),
			      PTRAP_MEMORY_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ptrap_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct ptrap_policy p;
	struct sk_buff *msg;
	u32 sessions, tracees;
	void *hdr;
	int ret;

	ret = ptrap_nl_only(info->attrs, 0, info->extack);
	if (ret)
		return ret;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ptrap_nl_family, 0,
				PTRAP_CMD_GET_STATUS);
	if (!hdr)
		goto err_msg;
	ptrap_admin_counts(&sessions, &tracees);
	ptrap_policy_get(&p);
	if (nla_put_string(msg, PTRAP_A_VERSION, PTRAP_MODULE_VERSION) ||
	    nla_put_string(msg, PTRAP_A_KERNEL_RELEASE, init_utsname()->release) ||
	    nla_put_u32(msg, PTRAP_A_SESSIONS, sessions) ||
	    nla_put_u32(msg, PTRAP_A_TRACEES, tracees) ||
	    nla_put_u8(msg, PTRAP_A_PROBES, ptrap_hooks_active()) ||
	    nla_put_u8(msg, PTRAP_A_UNTRACED_FASTPATH, ptrap_hooks_fastpath()) ||
	    ptrap_nl_put_policy(msg, &p) || ptrap_nl_put_memory(msg))
		goto err_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* ---- GET_STATS, RESET_STATS ---- */

static int ptrap_nl_put_u64s(struct sk_buff *skb, int type, const u64 *v,
			     int first, int n, int pad)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (nla_put_u64_64bit(skb, first + i, v[i], pad)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ptrap_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	u64 *cnt, *latency;
	struct nlattr *nest;
	struct sk_buff *msg;
	time64_t since;
	void *hdr;
	int ret;

	ret = ptrap_nl_only(info->attrs, 0, info->extack);
	if (ret)
		return ret;
	cnt = kcalloc(PTRAP_CNT_MAX + 1 + PTRAP_LATENCY_BUCKETS, sizeof(u64),
		      GFP_KERNEL);
	if (!cnt)
		return -ENOMEM;
	latency = cnt + PTRAP_CNT_MAX + 1;
	since = ptrap_stats_read(cnt, latency);

	ret = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto err_cnt;
	ret = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &ptrap_nl_family, 0,
				PTRAP_CMD_GET_STATS);
	if (!hdr)
		goto err_msg;
	nest = nla_nest_start(msg, PTRAP_A_STATS);
	if (!nest)
		goto err_msg;
	if (nla_put_u64_64bit(msg, PTRAP_STATS_A_SINCE, since,
			      PTRAP_STATS_A_PAD) ||
	    ptrap_nl_put_u64s(msg, PTRAP_STATS_A_COUNTERS,
			      cnt + PTRAP_CNT_STOP_SIGNAL, PTRAP_CNT_STOP_SIGNAL,
			      PTRAP_CNT_MAX + 1 - PTRAP_CNT_STOP_SIGNAL,
			      PTRAP_CNT_PAD) ||
	    ptrap_nl_put_u64s(msg, PTRAP_STATS_A_LATENCY, latency, 1,
			      PTRAP_LATENCY_BUCKETS, PTRAP_CNT_PAD))
		goto err_msg;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	kfree(cnt);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
err_cnt:
	kfree(cnt);
	return ret;
}

static int ptrap_nl_reset_stats(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	ret = ptrap_nl_admin(skb, info,
			     "resetting the statistics needs CAP_NET_ADMIN");
	if (!ret)
		ret = ptrap_nl_only(info->attrs, 0, info->extack);
	if (ret)
		return ret;
	ptrap_stats_reset();
	return 0;
}

/* ---- GET_POLICY, SET_POLICY ---- */

static int ptrap_nl_reply_policy(struct genl_info *info, u8 cmd)
{
	struct ptrap_policy p;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ptrap_nl_family, 0, cmd);
	ptrap_policy_get(&p);
	if (!hdr || ptrap_nl_put_policy(msg, &p)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int ptrap_nl_get_policy(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	ret = ptrap_nl_only(info->attrs, 0, info->extack);
	if (ret)
		return ret;
	return ptrap_nl_reply_policy(info, PTRAP_CMD_GET_POLICY);
}

static int ptrap_nl_set_policy(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PTRAP_POLICY_A_MAX + 1];
	struct ptrap_policy p, old;
	int ret;

	ret = ptrap_nl_admin(skb, info,
			     "setting the policy needs CAP_NET_ADMIN");
	if (!ret)
		ret = ptrap_nl_only(info->attrs, BIT(PTRAP_A_POLICY),
				    info->extack);
	if (ret)
		return ret;
	if (GENL_REQ_ATTR_CHECK(info, PTRAP_A_POLICY)) {
		GENL_SET_ERR_MSG(info, "the policy nest is missing");
		return -EINVAL;
	}
	/* Validated with the family's policy already. */
	ret = nla_parse_nested(tb, PTRAP_POLICY_A_MAX, info->attrs[PTRAP_A_POLICY],
			       ptrap_nl_policy_policy, info->extack);
	if (ret)
		return ret;
	if (!tb[PTRAP_POLICY_A_SCOPE] &&
	    !tb[PTRAP_POLICY_A_MAX_SESSIONS_PER_USER] &&
	    !tb[PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION] &&
	    !tb[PTRAP_POLICY_A_FORCE_EXITKILL]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PTRAP_A_POLICY],
				    "the policy nest sets nothing");
		return -EINVAL;
	}

	ptrap_policy_update(tb, &p, &old);
	pr_notice("policy changed by uid %u pid %d (%s): scope %u -> %u, sessions/user %u -> %u, tracees/session %u -> %u, force-exitkill %u -> %u\n",
		  from_kuid(&init_user_ns, current_uid()),
		  task_tgid_nr(current), current->comm,
		  old.scope, p.scope, old.max_sessions, p.max_sessions,
		  old.max_tracees, p.max_tracees, old.force_exitkill,
		  p.force_exitkill);
	ptrap_admin_audit_policy(&old, &p);
	ptrap_nl_notify_policy(&p);
	return ptrap_nl_reply_policy(info, PTRAP_CMD_SET_POLICY);
}

/* ---- the dumps ---- */

static struct nlattr **ptrap_nl_dump_attrs(struct netlink_callback *cb)
{
#ifdef PTRAP_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

struct ptrap_nl_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct pid_namespace *ns;
	u32 filter;
};

static void *ptrap_nl_dump_hdr(struct ptrap_nl_dump *d, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &ptrap_nl_family, NLM_F_MULTI,
			  cmd);
	if (hdr)
		genl_dump_check_consistent(d->cb, hdr);
	return hdr;
}

/* cb->args[0]: id of the last session sent. */
static int ptrap_nl_dump_session(struct ptrap_session *s, void *arg)
{
	struct ptrap_nl_dump *d = arg;
	void *hdr;

	hdr = ptrap_nl_dump_hdr(d, PTRAP_CMD_GET_SESSIONS);
	if (!hdr)
		return -EMSGSIZE;
	if (ptrap_nl_put_session(d->skb, s, d->ns, current_user_ns())) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	d->cb->args[0] = s->id;
	return 0;
}

static int ptrap_nl_get_sessions(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct ptrap_nl_dump d = {
		.skb = skb, .cb = cb, .ns = task_active_pid_ns(current),
	};
	int ret;

	ret = ptrap_nl_only(ptrap_nl_dump_attrs(cb), 0, cb->extack);
	if (ret)
		return ret;
	cb->seq = ptrap_admin_generation();
	ret = ptrap_admin_walk_sessions(cb->args[0], ptrap_nl_dump_session, &d);
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

static u8 ptrap_nl_tracee_state(struct ptrap_tracee *t)
{
	if (t->state == PTRAP_LISTENING ||
	    (t->resumed && t->resume_mode == PTRAP_RESUME_LISTEN &&
	     t->state == PTRAP_STOPPED))
		return PTRAP_TRACEE_LISTENING;
	if (t->state == PTRAP_STOPPED && !t->resumed)
		return PTRAP_TRACEE_STOPPED;
	return PTRAP_TRACEE_RUNNING;
}

static int ptrap_nl_put_tracee(struct sk_buff *skb, struct ptrap_tracee *t,
			       struct pid_namespace *ns)
{
	struct nlattr *nest;
	u8 state;

	lockdep_assert_held(&t->session->lock);
	state = ptrap_nl_tracee_state(t);
	nest = nla_nest_start(skb, PTRAP_A_TRACEE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, PTRAP_TRACEE_A_TID, task_pid_nr_ns(t->task, ns)) ||
	    nla_put_u32(skb, PTRAP_TRACEE_A_TGID,
			task_tgid_nr_ns(t->task, ns)) ||
	    nla_put_u32(skb, PTRAP_TRACEE_A_SESSION_ID, t->session->id) ||
	    nla_put_u8(skb, PTRAP_TRACEE_A_STATE, state) ||
	    (state == PTRAP_TRACEE_STOPPED &&
	     nla_put_u8(skb, PTRAP_TRACEE_A_STOP, t->report.kind)) ||
	    nla_put_u64_64bit(skb, PTRAP_TRACEE_A_OPTIONS, t->options,
			      PTRAP_TRACEE_A_PAD) ||
	    nla_put_u8(skb, PTRAP_TRACEE_A_SEIZED, t->seized)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * cb->args[0]: the session to go on with (its id; 0 from the start),
 * cb->args[1]: how many of its live tracees were sent already.
 */
static int ptrap_nl_dump_tracees_of(struct ptrap_session *s, void *arg)
{
	struct ptrap_nl_dump *d = arg;
	struct netlink_callback *cb = d->cb;
	struct ptrap_tracee *t;
	unsigned long idx = 0, skip;
	void *hdr;
	int ret = 0;

	if (d->filter && s->id != d->filter)
		return 0;
	skip = s->id == cb->args[0] ? cb->args[1] : 0;
	spin_lock(&s->lock);
	list_for_each_entry(t, &s->tracees, node) {
		if (t->state == PTRAP_GONE)
			continue;
		if (idx++ < skip)
			continue;
		hdr = ptrap_nl_dump_hdr(d, PTRAP_CMD_GET_TRACEES);
		if (!hdr || ptrap_nl_put_tracee(d->skb, t, d->ns)) {
			if (hdr)
				genlmsg_cancel(d->skb, hdr);
			cb->args[0] = s->id;
			cb->args[1] = idx - 1;
			ret = -EMSGSIZE;
			break;
		}
		genlmsg_end(d->skb, hdr);
	}
	spin_unlock(&s->lock);
	if (!ret) {
		cb->args[0] = s->id + 1;
		cb->args[1] = 0;
	}
	return ret;
}

static int ptrap_nl_get_tracees(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct nlattr **attrs = ptrap_nl_dump_attrs(cb);
	struct ptrap_nl_dump d = {
		.skb = skb, .cb = cb, .ns = task_active_pid_ns(current),
	};
	int ret;

	ret = ptrap_nl_only(attrs, BIT(PTRAP_A_SESSION_ID), cb->extack);
	if (ret)
		return ret;
	if (attrs && attrs[PTRAP_A_SESSION_ID])
		d.filter = nla_get_u32(attrs[PTRAP_A_SESSION_ID]);
	cb->seq = ptrap_admin_generation();
	ret = ptrap_admin_walk_sessions(cb->args[0] ? cb->args[0] - 1 : 0,
					ptrap_nl_dump_tracees_of, &d);
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

/* ---- DETACH_SESSION ---- */

static int ptrap_nl_detach_session(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	ret = ptrap_nl_admin(skb, info,
			     "detaching a session needs CAP_NET_ADMIN");
	if (!ret)
		ret = ptrap_nl_only(info->attrs, BIT(PTRAP_A_SESSION_ID),
				    info->extack);
	if (ret)
		return ret;
	if (GENL_REQ_ATTR_CHECK(info, PTRAP_A_SESSION_ID)) {
		GENL_SET_ERR_MSG(info, "the session id is missing");
		return -EINVAL;
	}
	ret = ptrap_admin_revoke(nla_get_u32(info->attrs[PTRAP_A_SESSION_ID]));
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[PTRAP_A_SESSION_ID],
				    "no such session");
	return ret;
}

/* ---- events ---- */

enum ptrap_nl_mcgrp {
	PTRAP_NL_MCGRP_EVENTS,
};

static const struct genl_multicast_group ptrap_nl_mcgrps[] = {
	[PTRAP_NL_MCGRP_EVENTS] = { .name = PTRAP_GENL_MCGRP_EVENTS },
};

/*
 * A new event message, or NULL if nobody listens (or no memory). @gfp:
 * GFP_KERNEL, or GFP_ATOMIC from a probe (and then for the send too).
 */
static struct sk_buff *ptrap_nl_event_new(u8 type, u32 session_id,
					  void **hdr, gfp_t gfp)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&ptrap_nl_family, &init_net,
				PTRAP_NL_MCGRP_EVENTS))
		return NULL;
	msg = genlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &ptrap_nl_family, 0, PTRAP_CMD_EVENT);
	if (!*hdr || nla_put_u8(msg, PTRAP_A_EVENT_TYPE, type) ||
	    (type != PTRAP_NL_EVENT_POLICY &&
	     nla_put_u32(msg, PTRAP_A_SESSION_ID, session_id))) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void ptrap_nl_event_send(struct sk_buff *msg, void *hdr, bool ok,
				gfp_t gfp)
{
	if (!ok) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&ptrap_nl_family, msg, 0, PTRAP_NL_MCGRP_EVENTS, gfp);
}

/**
 * ptrap_nl_notify_session() - announce a session event
 * @type: PTRAP_NL_EVENT_SESSION_OPEN, _SESSION_CLOSE or _DETACH_SESSION.
 * @s: the session.
 *
 * Process context. Ids are those of the initial namespaces.
 */
void ptrap_nl_notify_session(u8 type, struct ptrap_session *s)
{
	struct sk_buff *msg;
	void *hdr;

	msg = ptrap_nl_event_new(type, s->id, &hdr, GFP_KERNEL);
	if (msg)
		ptrap_nl_event_send(msg, hdr, type != PTRAP_NL_EVENT_SESSION_OPEN ||
				    !ptrap_nl_put_session(msg, s, &init_pid_ns,
							  &init_user_ns),
				    GFP_KERNEL);
}

/**
 * ptrap_nl_notify_tracee() - announce an attach or a detach
 * @type: PTRAP_NL_EVENT_ATTACH or _DETACH.
 * @s: the session.
 * @tid: the thread, as the initial pid namespace numbers it.
 * @gfp: GFP_KERNEL in process context, GFP_ATOMIC in the fork probe.
 */
void ptrap_nl_notify_tracee(u8 type, struct ptrap_session *s, pid_t tid,
			    gfp_t gfp)
{
	struct sk_buff *msg;
	void *hdr;

	msg = ptrap_nl_event_new(type, s->id, &hdr, gfp);
	if (msg)
		ptrap_nl_event_send(msg, hdr,
				    !nla_put_u32(msg, PTRAP_A_TID, tid), gfp);
}

/* Announce a refusal (enum ptrap_refusal). Process context. */
void ptrap_nl_notify_refused(u32 session_id, pid_t tid, u8 reason)
{
	struct sk_buff *msg;
	void *hdr;

	msg = ptrap_nl_event_new(PTRAP_NL_EVENT_REFUSED, session_id, &hdr,
				 GFP_KERNEL);
	if (msg)
		ptrap_nl_event_send(msg, hdr,
				    !nla_put_u32(msg, PTRAP_A_TID, tid) &&
				    !nla_put_u8(msg, PTRAP_A_REASON, reason),
				    GFP_KERNEL);
}

/* Announce a policy change. Process context. */
void ptrap_nl_notify_policy(const struct ptrap_policy *p)
{
	struct sk_buff *msg;
	void *hdr;

	msg = ptrap_nl_event_new(PTRAP_NL_EVENT_POLICY, 0, &hdr, GFP_KERNEL);
	if (msg)
		ptrap_nl_event_send(msg, hdr, !ptrap_nl_put_policy(msg, p),
				    GFP_KERNEL);
}

/* ---- the family ---- */

static const struct genl_ops ptrap_nl_ops[] = {
	{
		.cmd = PTRAP_CMD_GET_STATUS,
		.doit = ptrap_nl_get_status,
	},
	{
		.cmd = PTRAP_CMD_GET_STATS,
		.doit = ptrap_nl_get_stats,
	},
	{
		.cmd = PTRAP_CMD_RESET_STATS,
		.doit = ptrap_nl_reset_stats,
	},
	{
		.cmd = PTRAP_CMD_GET_POLICY,
		.doit = ptrap_nl_get_policy,
	},
	{
		.cmd = PTRAP_CMD_SET_POLICY,
		.doit = ptrap_nl_set_policy,
	},
	{
		.cmd = PTRAP_CMD_GET_SESSIONS,
		.dumpit = ptrap_nl_get_sessions,
	},
	{
		.cmd = PTRAP_CMD_GET_TRACEES,
		.dumpit = ptrap_nl_get_tracees,
	},
	{
		.cmd = PTRAP_CMD_DETACH_SESSION,
		.doit = ptrap_nl_detach_session,
	},
};

static struct genl_family ptrap_nl_family __ro_after_init = {
	.name = PTRAP_GENL_NAME,
	.version = PTRAP_GENL_VERSION,
	.maxattr = PTRAP_A_MAX,
	.policy = ptrap_nl_policy,
	.module = THIS_MODULE,
	.ops = ptrap_nl_ops,
	.n_ops = ARRAY_SIZE(ptrap_nl_ops),
	.mcgrps = ptrap_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ptrap_nl_mcgrps),
	.parallel_ops = true,
};

int __init ptrap_nl_init(void)
{
	return genl_register_family(&ptrap_nl_family);
}

void ptrap_nl_exit(void)
{
	genl_unregister_family(&ptrap_nl_family);
}

MODULE_ALIAS_GENL_FAMILY(PTRAP_GENL_NAME);
