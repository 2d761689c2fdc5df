// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl monitor [--count N]: print the module's events (the "events"
 * multicast group) as they come, one line each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/ctrl.h>

#include "ctl.h"

static const char monitor_usage[] =
"usage: ptrapctl [--json] monitor [--count N]\n"
"\n"
"Print the module's events as they happen, one line (or one JSON object)\n"
"each: session-open, session-close, attach, detach, refused (with the\n"
"reason: access, scope, disabled, session-limit, tracee-limit), policy,\n"
"detach-session. Ids are those of the initial namespaces. With --count,\n"
"exit after N events. Needs no privilege.\n";

struct monitor {
	bool json;
	long left;		/* events still to print; < 0: no limit */
	bool bad;
};

static const char *event_name(unsigned int type)
{
	switch (type) {
	case PTRAP_NL_EVENT_SESSION_OPEN: return "session-open";
	case PTRAP_NL_EVENT_SESSION_CLOSE: return "session-close";
	case PTRAP_NL_EVENT_ATTACH: return "attach";
	case PTRAP_NL_EVENT_DETACH: return "detach";
	case PTRAP_NL_EVENT_REFUSED: return "refused";
	case PTRAP_NL_EVENT_POLICY: return "policy";
	case PTRAP_NL_EVENT_DETACH_SESSION: return "detach-session";
	}
	return "?";
}

static int monitor_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PTRAP_A_MAX + 1], *s[PTRAP_SESSION_A_MAX + 1];
	struct monitor *m = arg;
	struct ctl_policy p;
	uint32_t session = 0, tid = 0;
	unsigned int type;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PTRAP_A_MAX, NULL) ||
	    !tb[PTRAP_A_EVENT_TYPE]) {
		m->bad = true;
		return NL_STOP;
	}
	type = nla_get_u8(tb[PTRAP_A_EVENT_TYPE]);
	if (tb[PTRAP_A_SESSION_ID])
		session = nla_get_u32(tb[PTRAP_A_SESSION_ID]);
	if (tb[PTRAP_A_TID])
		tid = nla_get_u32(tb[PTRAP_A_TID]);

	if (m->json) {
		json_begin('{');
		json_str("event", event_name(type));
		if (type != PTRAP_NL_EVENT_POLICY)
			json_u64("session", session);
		if (tb[PTRAP_A_TID])
			json_u64("tid", tid);
		if (tb[PTRAP_A_REASON])
			json_str("reason", ctl_refusal_name(nla_get_u8(tb[PTRAP_A_REASON])));
	} else {
		printf("%-15s", event_name(type));
		if (type != PTRAP_NL_EVENT_POLICY)
			printf(" session=%u", session);
		if (tb[PTRAP_A_TID])
			printf(" tid=%u", tid);
		if (tb[PTRAP_A_REASON])
			printf(" reason=%s", ctl_refusal_name(nla_get_u8(tb[PTRAP_A_REASON])));
	}
	if (tb[PTRAP_A_SESSION] &&
	    !ctl_nested(tb[PTRAP_A_SESSION], PTRAP_SESSION_A_MAX, s) &&
	    s[PTRAP_SESSION_A_PID] && s[PTRAP_SESSION_A_UID] &&
	    s[PTRAP_SESSION_A_COMM]) {
		if (m->json) {
			json_u64("pid", nla_get_u32(s[PTRAP_SESSION_A_PID]));
			json_u64("uid", nla_get_u32(s[PTRAP_SESSION_A_UID]));
			json_str("comm", nla_get_string(s[PTRAP_SESSION_A_COMM]));
		} else {
			printf(" pid=%u uid=%u comm=%s",
			       nla_get_u32(s[PTRAP_SESSION_A_PID]),
			       nla_get_u32(s[PTRAP_SESSION_A_UID]),
			       nla_get_string(s[PTRAP_SESSION_A_COMM]));
		}
	}
	if (tb[PTRAP_A_POLICY] && !ctl_policy_parse(tb[PTRAP_A_POLICY], &p)) {
		if (m->json) {
			json_key("policy");
			json_begin('{');
			ctl_policy_print(&p, true, "");
			json_end('}');
		} else {
			printf(" scope=%u max-sessions-per-user=%u max-tracees-per-session=%u force-exitkill=%u",
			       p.scope, p.max_sessions, p.max_tracees,
			       p.force_exitkill);
		}
	}
	if (m->json)
		json_end('}');
	else
		printf("\n");
	fflush(stdout);
	if (m->left > 0 && --m->left == 0)
		return NL_STOP;
	return NL_OK;
}

int cmd_monitor(struct ctl *c, int argc, char **argv)
{
	struct monitor m = { .json = c ? c->json : false, .left = -1 };
	char *end;
	int grp, ret;

	if (ctl_help_asked(argc, argv, monitor_usage))
		return EXIT_OK;
	if (argc == 3 && !strcmp(argv[1], "--count")) {
		errno = 0;
		m.left = strtol(argv[2], &end, 10);
		if (errno || *end || end == argv[2] || m.left <= 0) {
			fprintf(stderr, "%s: monitor: bad count '%s'\n",
				c->prog, argv[2]);
			return EXIT_USAGE;
		}
	} else if (argc != 1) {
		fprintf(stderr, "%s: monitor: bad arguments\n%s", c->prog,
			monitor_usage);
		return EXIT_USAGE;
	}
	grp = genl_ctrl_resolve_grp(c->sk, PTRAP_GENL_NAME,
				    PTRAP_GENL_MCGRP_EVENTS);
	if (grp < 0) {
		fprintf(stderr, "%s: the module has no events group: %s\n",
			c->prog, nl_geterror(grp));
		return EXIT_FAIL;
	}
	ret = nl_socket_add_membership(c->sk, grp);
	if (ret < 0) {
		fprintf(stderr, "%s: cannot join the events group: %s\n",
			c->prog, nl_geterror(ret));
		return EXIT_FAIL;
	}
	nl_socket_disable_seq_check(c->sk);
	nl_socket_modify_cb(c->sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_event, &m);
	/* Tell a script waiting for us that we listen now. */
	if (!m.json)
		fprintf(stderr, "%s: listening for events\n", c->prog);
	while (m.left != 0 && !m.bad) {
		ret = nl_recvmsgs_default(c->sk);
		if (ret < 0 && ret != -NLE_INTR && ret != -NLE_AGAIN) {
			fprintf(stderr, "%s: monitor: %s\n", c->prog,
				nl_geterror(ret));
			return EXIT_FAIL;
		}
	}
	return m.bad ? EXIT_FAIL : EXIT_OK;
}
