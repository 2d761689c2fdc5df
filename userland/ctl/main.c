// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl: administer the ptrap module over generic netlink.
 *
 *   ptrapctl [--json] COMMAND [ARGS]     see usage() and ptrapctl(8)
 *
 * main() finds the subcommand in the table, connects, and runs it.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"

struct ctl_cmd {
	const char *name;
	int (*fn)(struct ctl *c, int argc, char **argv);
	const char *summary;
};

static const struct ctl_cmd ctl_cmds[] = {
	{ "status",   cmd_status,   "module version, sessions, tracees, policy" },
	{ "stats",    cmd_stats,    "counters and the stop latency histogram [--reset]" },
	{ "policy",   cmd_policy,   "show or set the policy: policy [show | set KEY=VALUE...]" },
	{ "sessions", cmd_sessions, "list the open sessions" },
	{ "tracees",  cmd_tracees,  "list the tracees [--session ID]" },
	{ "detach",   cmd_detach,   "detach every tracee of a session and revoke it: detach ID" },
	{ "monitor",  cmd_monitor,  "print the module's events as they happen" },
};

static void usage(FILE *f, const char *prog)
{
	size_t i;

	fprintf(f, "usage: %s [--json] COMMAND [ARGS]\n\ncommands:\n", prog);
	for (i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++)
		fprintf(f, "  %-9s %s\n", ctl_cmds[i].name, ctl_cmds[i].summary);
	fprintf(f, "\n--json (before or after COMMAND) prints JSON; COMMAND -h "
		"explains one command.\nSee ptrapctl(8).\n");
}

/* -h/--help among the arguments: print the command's usage. */
bool ctl_help_asked(int argc, char **argv, const char *text)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(text, stdout);
			return true;
		}
	}
	return false;
}

const char *ctl_stop_name(unsigned int kind)
{
	static const char *const names[] = {
		[PTRAP_STOP_SIGNAL] = "signal",
		[PTRAP_STOP_GROUP] = "group-stop",
		[PTRAP_STOP_SYSCALL_ENTER] = "syscall-enter",
		[PTRAP_STOP_SYSCALL_EXIT] = "syscall-exit",
		[PTRAP_STOP_EVENT] = "event",
	};

	return kind < sizeof(names) / sizeof(names[0]) && names[kind] ?
	       names[kind] : "?";
}

const char *ctl_state_name(unsigned int state)
{
	switch (state) {
	case PTRAP_TRACEE_RUNNING: return "running";
	case PTRAP_TRACEE_STOPPED: return "stopped";
	case PTRAP_TRACEE_LISTENING: return "listening";
	}
	return "?";
}

const char *ctl_refusal_name(unsigned int reason)
{
	switch (reason) {
	case PTRAP_REFUSED_ACCESS: return "access";
	case PTRAP_REFUSED_SCOPE: return "scope";
	case PTRAP_REFUSED_DISABLED: return "disabled";
	case PTRAP_REFUSED_SESSION_LIMIT: return "session-limit";
	case PTRAP_REFUSED_TRACEE_LIMIT: return "tracee-limit";
	}
	return "?";
}

const char *ctl_scope_name(unsigned int scope)
{
	switch (scope) {
	case PTRAP_SCOPE_CLASSIC: return "classic";
	case PTRAP_SCOPE_DESCENDANTS: return "descendants";
	case PTRAP_SCOPE_CAPABLE: return "capable";
	case PTRAP_SCOPE_NONE: return "none";
	}
	return "?";
}

/* PTRAP_O_* as "tracesysgood,exitkill", or "-". */
void ctl_options_str(uint64_t o, char *buf, size_t len)
{
	static const struct { uint64_t bit; const char *name; } opts[] = {
		{ PTRAP_O_TRACESYSGOOD, "tracesysgood" },
		{ PTRAP_O_TRACEFORK, "tracefork" },
		{ PTRAP_O_TRACEVFORK, "tracevfork" },
		{ PTRAP_O_TRACECLONE, "traceclone" },
		{ PTRAP_O_TRACEEXEC, "traceexec" },
		{ PTRAP_O_TRACEVFORKDONE, "tracevforkdone" },
		{ PTRAP_O_TRACEEXIT, "traceexit" },
		{ PTRAP_O_EXITKILL, "exitkill" },
	};
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (o & opts[i].bit)
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      n ? "," : "", opts[i].name);
	if (!n)
		snprintf(buf, len, "-");
}

void ctl_time_str(uint64_t secs, char *buf, size_t len)
{
	time_t t = (time_t)secs;
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "%llu", (unsigned long long)secs);
}

int main(int argc, char **argv)
{
	struct ctl c = { .prog = "ptrapctl" };
	const struct ctl_cmd *cmd = NULL;
	char **args;
	int i, n, ret;
	size_t k;

	/* --json anywhere; the rest keeps its order. */
	args = calloc(argc + 1, sizeof(*args));
	if (!args)
		return EXIT_FAIL;
	for (i = 1, n = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			c.json = true;
		else
			args[n++] = argv[i];
	}
	if (n == 0 || !strcmp(args[0], "-h") || !strcmp(args[0], "--help") ||
	    !strcmp(args[0], "help")) {
		usage(n ? stdout : stderr, c.prog);
		free(args);
		return n ? EXIT_OK : EXIT_USAGE;
	}
	for (k = 0; k < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); k++)
		if (!strcmp(args[0], ctl_cmds[k].name))
			cmd = &ctl_cmds[k];
	if (!cmd) {
		fprintf(stderr, "%s: unknown command '%s'\n", c.prog, args[0]);
		usage(stderr, c.prog);
		free(args);
		return EXIT_USAGE;
	}
	/* The command's own -h needs no module. */
	for (i = 1; i < n; i++)
		if (!strcmp(args[i], "-h") || !strcmp(args[i], "--help"))
			return cmd->fn(NULL, n, args);
	ret = ctl_connect(&c);
	if (ret == EXIT_OK)
		ret = cmd->fn(&c, n, args);
	if (c.sk)
		ctl_disconnect(&c);
	free(args);
	fflush(stdout);
	return ret;
}
