// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl status: the module's version, what it holds now, its policy.
 */
#include <string.h>

#include "ctl.h"

static const char status_usage[] =
"usage: ptrapctl [--json] status\n"
"\n"
"Module version, kernel release, open sessions, live tracees, whether the\n"
"syscall probes are registered (they slow down every process while they\n"
"are; while nothing else uses the syscall tracepoints, only for tracees:\n"
"the untraced fast path), the kernel memory the module holds in its sessions, tracees and\n"
"syscall filters, and the policy in force.\n";

struct status {
	char version[64];
	char release[128];
	uint32_t sessions, tracees;
	uint8_t probes;
	int fastpath;		/* enum ptrap_untraced_fastpath, -1 absent */
	uint64_t mem[4];	/* sessions, tracees, filters, pages: bytes */
	struct ctl_policy policy;
};

static const char *const mem_names[4] = {
	"sessions", "tracees", "filters", "regs_pages"
};

static const char *const fastpath_json[3] = { "off", "active", "foreign" };

static const char *fastpath_name(int fp)
{
	switch (fp) {
	case PTRAP_UNTRACED_FASTPATH_OFF:
		return "off";
	case PTRAP_UNTRACED_FASTPATH_ACTIVE:
		return "active";
	case PTRAP_UNTRACED_FASTPATH_FOREIGN:
		return "inactive (foreign probe)";
	case -1:
		return "unknown (older module)";
	default:
		return "unknown";
	}
}

static int status_take(struct nlattr **tb, void *arg)
{
	struct status *st = arg;

	if (!tb[PTRAP_A_VERSION] || !tb[PTRAP_A_KERNEL_RELEASE] ||
	    !tb[PTRAP_A_SESSIONS] || !tb[PTRAP_A_TRACEES] ||
	    !tb[PTRAP_A_PROBES])
		return -1;
	snprintf(st->version, sizeof(st->version), "%s",
		 nla_get_string(tb[PTRAP_A_VERSION]));
	snprintf(st->release, sizeof(st->release), "%s",
		 nla_get_string(tb[PTRAP_A_KERNEL_RELEASE]));
	st->sessions = nla_get_u32(tb[PTRAP_A_SESSIONS]);
	st->tracees = nla_get_u32(tb[PTRAP_A_TRACEES]);
	st->probes = nla_get_u8(tb[PTRAP_A_PROBES]);
	st->fastpath = tb[PTRAP_A_UNTRACED_FASTPATH] ?
		       nla_get_u8(tb[PTRAP_A_UNTRACED_FASTPATH]) : -1;
	if (tb[PTRAP_A_MEMORY]) {
		struct nlattr *m[PTRAP_MEMORY_A_MAX + 1];
		int i;

		if (ctl_nested(tb[PTRAP_A_MEMORY], PTRAP_MEMORY_A_MAX, m))
			return -1;
		for (i = 0; i < 4; i++)
			if (m[PTRAP_MEMORY_A_SESSIONS + i])
				st->mem[i] = nla_get_u64(m[PTRAP_MEMORY_A_SESSIONS + i]);
	}
	return ctl_policy_parse(tb[PTRAP_A_POLICY], &st->policy);
}

int cmd_status(struct ctl *c, int argc, char **argv)
{
	struct status st;
	int ret;

	if (ctl_help_asked(argc, argv, status_usage))
		return EXIT_OK;
	if (argc > 1) {
		fprintf(stderr, "%s: status takes no argument\n", c->prog);
		return EXIT_USAGE;
	}
	memset(&st, 0, sizeof(st));
	ret = ctl_request(c, PTRAP_CMD_GET_STATUS, false, NULL, NULL,
			  status_take, &st, "reading the status");
	if (ret)
		return ret;
	if (c->json) {
		json_begin('{');
		json_str("version", st.version);
		json_str("kernel", st.release);
		json_u64("sessions", st.sessions);
		json_u64("tracees", st.tracees);
		json_bool("probes", st.probes);
		json_key("memory");
		json_begin('{');
		for (ret = 0; ret < 4; ret++)
			json_u64(mem_names[ret], st.mem[ret]);
		json_end('}');
		json_key("policy");
		json_begin('{');
		ctl_policy_print(&st.policy, true, "");
		json_end('}');
		if (st.fastpath >= 0)
			json_str("untraced_fastpath", fastpath_json[st.fastpath % 3]);
		json_end('}');
		return EXIT_OK;
	}
	printf("ptrap %s on Linux %s\n", st.version, st.release);
	printf("sessions: %u   tracees: %u   probes: %s\n", st.sessions,
	       st.tracees, st.probes ? "registered" : "not registered");
	printf("untraced fast path: %s\n", fastpath_name(st.fastpath));
	printf("memory: %llu bytes (sessions %llu, tracees %llu, filters %llu, "
	       "register pages %llu)\n",
	       (unsigned long long)(st.mem[0] + st.mem[1] + st.mem[2] +
				    st.mem[3]),
	       (unsigned long long)st.mem[0], (unsigned long long)st.mem[1],
	       (unsigned long long)st.mem[2], (unsigned long long)st.mem[3]);
	printf("policy:\n");
	ctl_policy_print(&st.policy, false, "  ");
	return EXIT_OK;
}
