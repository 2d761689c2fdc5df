// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl policy [show | set KEY=VALUE...]: the module's policy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

static const char policy_usage[] =
"usage: ptrapctl [--json] policy [show]\n"
"       ptrapctl policy set KEY=VALUE...\n"
"\n"
"Show or change who may use /dev/ptrap. Keys:\n"
"  scope=0..3 | classic | descendants | capable | none\n"
"      0 classic access check only; 1 only descendants of the attaching\n"
"      process unless the session has CAP_SYS_PTRACE; 2 only sessions with\n"
"      CAP_SYS_PTRACE; 3 nobody (opening /dev/ptrap fails with EPERM)\n"
"  max-sessions-per-user=N   open sessions per uid (0: no limit; EUSERS)\n"
"  max-tracees-per-session=N live tracees per session (0: no limit; ENOSPC)\n"
"  force-exitkill=0|1        every new tracee gets EXITKILL\n"
"Setting needs CAP_NET_ADMIN; changes apply to new opens and attaches.\n";

int ctl_policy_parse(struct nlattr *nest, struct ctl_policy *p)
{
	struct nlattr *tb[PTRAP_POLICY_A_MAX + 1];

	memset(p, 0, sizeof(*p));
	if (!nest || ctl_nested(nest, PTRAP_POLICY_A_MAX, tb))
		return -1;
	if (!tb[PTRAP_POLICY_A_SCOPE] ||
	    !tb[PTRAP_POLICY_A_MAX_SESSIONS_PER_USER] ||
	    !tb[PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION] ||
	    !tb[PTRAP_POLICY_A_FORCE_EXITKILL])
		return -1;
	p->scope = nla_get_u8(tb[PTRAP_POLICY_A_SCOPE]);
	p->max_sessions = nla_get_u32(tb[PTRAP_POLICY_A_MAX_SESSIONS_PER_USER]);
	p->max_tracees = nla_get_u32(tb[PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION]);
	p->force_exitkill = nla_get_u8(tb[PTRAP_POLICY_A_FORCE_EXITKILL]);
	p->have = true;
	return 0;
}

static void limit_str(uint32_t v, char *buf, size_t len)
{
	if (v)
		snprintf(buf, len, "%u", v);
	else
		snprintf(buf, len, "unlimited");
}

/* As JSON members of the current object, or as "key: value" lines. */
void ctl_policy_print(const struct ctl_policy *p, bool json,
		      const char *indent)
{
	char a[16], b[16];

	if (json) {
		json_u64("scope", p->scope);
		json_str("scope_name", ctl_scope_name(p->scope));
		json_u64("max_sessions_per_user", p->max_sessions);
		json_u64("max_tracees_per_session", p->max_tracees);
		json_bool("force_exitkill", p->force_exitkill);
		return;
	}
	limit_str(p->max_sessions, a, sizeof(a));
	limit_str(p->max_tracees, b, sizeof(b));
	printf("%sscope:                   %u (%s)\n", indent, p->scope,
	       ctl_scope_name(p->scope));
	printf("%smax-sessions-per-user:   %s\n", indent, a);
	printf("%smax-tracees-per-session: %s\n", indent, b);
	printf("%sforce-exitkill:          %s\n", indent,
	       p->force_exitkill ? "yes" : "no");
}

static int policy_take(struct nlattr **tb, void *arg)
{
	return ctl_policy_parse(tb[PTRAP_A_POLICY], arg);
}

static int policy_show(struct ctl *c)
{
	struct ctl_policy p;
	int ret;

	ret = ctl_request(c, PTRAP_CMD_GET_POLICY, false, NULL, NULL,
			  policy_take, &p, "reading the policy");
	if (ret)
		return ret;
	if (c->json) {
		json_begin('{');
		ctl_policy_print(&p, true, "");
		json_end('}');
	} else {
		ctl_policy_print(&p, false, "");
	}
	return EXIT_OK;
}

struct policy_set {
	int scope;		/* -1: unchanged */
	int64_t max_sessions;	/* -1: unchanged */
	int64_t max_tracees;
	int force_exitkill;
};

static int policy_build(struct nl_msg *msg, void *arg)
{
	struct policy_set *ps = arg;
	struct nlattr *nest;

	nest = nla_nest_start(msg, PTRAP_A_POLICY);
	if (!nest)
		return -1;
	if ((ps->scope >= 0 &&
	     nla_put_u8(msg, PTRAP_POLICY_A_SCOPE, ps->scope)) ||
	    (ps->max_sessions >= 0 &&
	     nla_put_u32(msg, PTRAP_POLICY_A_MAX_SESSIONS_PER_USER,
			 ps->max_sessions)) ||
	    (ps->max_tracees >= 0 &&
	     nla_put_u32(msg, PTRAP_POLICY_A_MAX_TRACEES_PER_SESSION,
			 ps->max_tracees)) ||
	    (ps->force_exitkill >= 0 &&
	     nla_put_u8(msg, PTRAP_POLICY_A_FORCE_EXITKILL,
			ps->force_exitkill)))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int parse_num(const char *s, int64_t max, int64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno || end == s || *end || *v < 0 || *v > max ? -1 : 0;
}

static int parse_bool(const char *s)
{
	if (!strcmp(s, "1") || !strcmp(s, "yes") || !strcmp(s, "on") ||
	    !strcmp(s, "true"))
		return 1;
	if (!strcmp(s, "0") || !strcmp(s, "no") || !strcmp(s, "off") ||
	    !strcmp(s, "false"))
		return 0;
	return -1;
}

static int policy_set(struct ctl *c, int argc, char **argv)
{
	struct policy_set ps = { -1, -1, -1, -1 };
	struct ctl_policy p;
	const char *key, *val;
	int64_t v;
	int i, s, ret;

	if (argc < 1) {
		fprintf(stderr, "%s: policy set: nothing to set\n%s", c->prog,
			policy_usage);
		return EXIT_USAGE;
	}
	for (i = 0; i < argc; i++) {
		key = argv[i];
		val = strchr(key, '=');
		if (!val)
			goto bad;
		val++;
		if (!strncmp(key, "scope=", 6)) {
			for (s = 0; s <= PTRAP_SCOPE_NONE; s++)
				if (!strcmp(val, ctl_scope_name(s)))
					break;
			if (s > PTRAP_SCOPE_NONE) {
				if (parse_num(val, PTRAP_SCOPE_NONE, &v))
					goto bad;
				s = v;
			}
			ps.scope = s;
		} else if (!strncmp(key, "max-sessions-per-user=", 22)) {
			if (parse_num(val, PTRAP_LIMIT_MAX, &ps.max_sessions))
				goto bad;
		} else if (!strncmp(key, "max-tracees-per-session=", 24)) {
			if (parse_num(val, PTRAP_LIMIT_MAX, &ps.max_tracees))
				goto bad;
		} else if (!strncmp(key, "force-exitkill=", 15)) {
			ps.force_exitkill = parse_bool(val);
			if (ps.force_exitkill < 0)
				goto bad;
		} else {
			goto bad;
		}
	}
	ret = ctl_request(c, PTRAP_CMD_SET_POLICY, false, policy_build, &ps,
			  policy_take, &p, "setting the policy");
	if (ret)
		return ret;
	if (c->json) {
		json_begin('{');
		ctl_policy_print(&p, true, "");
		json_end('}');
	} else {
		ctl_policy_print(&p, false, "");
	}
	return EXIT_OK;
bad:
	fprintf(stderr, "%s: policy set: bad setting '%s'\n%s", c->prog,
		argv[i], policy_usage);
	return EXIT_USAGE;
}

int cmd_policy(struct ctl *c, int argc, char **argv)
{
	if (ctl_help_asked(argc, argv, policy_usage))
		return EXIT_OK;
	if (argc < 2 || !strcmp(argv[1], "show")) {
		if (argc > 2) {
			fprintf(stderr, "%s: policy show takes no argument\n",
				c->prog);
			return EXIT_USAGE;
		}
		return policy_show(c);
	}
	if (!strcmp(argv[1], "set"))
		return policy_set(c, argc - 2, argv + 2);
	fprintf(stderr, "%s: policy: unknown action '%s'\n%s", c->prog,
		argv[1], policy_usage);
	return EXIT_USAGE;
}
