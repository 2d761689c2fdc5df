// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl stats [--reset]: the module's counters and the stop-to-resume
 * latency histogram, drawn as bars.
 */
#include <string.h>
#include <inttypes.h>

#include "ctl.h"

static const char stats_usage[] =
"usage: ptrapctl [--json] stats [--reset]\n"
"\n"
"Counters since the module was loaded or the statistics were last reset:\n"
"stops by kind, resumes by mode, events, attaches, detaches, kills,\n"
"refusals by reason, and the stop-to-resume latency as a histogram.\n"
"--reset zeroes them instead (needs CAP_NET_ADMIN).\n";

/* Names, in the order of enum ptrap_counter; NULL: not a counter. */
static const char *const counter_names[PTRAP_CNT_MAX + 1] = {
	[PTRAP_CNT_STOP_SIGNAL] = "stops.signal",
	[PTRAP_CNT_STOP_GROUP] = "stops.group",
	[PTRAP_CNT_STOP_SYSCALL_ENTER] = "stops.syscall_enter",
	[PTRAP_CNT_STOP_SYSCALL_EXIT] = "stops.syscall_exit",
	[PTRAP_CNT_STOP_EVENT] = "stops.event",
	[PTRAP_CNT_RESUME_CONT] = "resumes.cont",
	[PTRAP_CNT_RESUME_SYSCALL] = "resumes.syscall",
	[PTRAP_CNT_RESUME_SYSEMU] = "resumes.sysemu",
	[PTRAP_CNT_RESUME_SINGLESTEP] = "resumes.singlestep",
	[PTRAP_CNT_RESUME_SYSEMU_SINGLESTEP] = "resumes.sysemu_singlestep",
	[PTRAP_CNT_RESUME_LISTEN] = "resumes.listen",
	[PTRAP_CNT_RESUME_DETACH] = "resumes.detach",
	[PTRAP_CNT_EVENT_FORK] = "events.fork",
	[PTRAP_CNT_EVENT_VFORK] = "events.vfork",
	[PTRAP_CNT_EVENT_CLONE] = "events.clone",
	[PTRAP_CNT_EVENT_EXEC] = "events.exec",
	[PTRAP_CNT_EVENT_VFORK_DONE] = "events.vfork_done",
	[PTRAP_CNT_EVENT_EXIT] = "events.exit",
	[PTRAP_CNT_EVENT_STOP] = "events.stop",
	[PTRAP_CNT_ATTACH] = "tracees.attach",
	[PTRAP_CNT_AUTO_ATTACH] = "tracees.auto_attach",
	[PTRAP_CNT_DETACH] = "tracees.detach",
	[PTRAP_CNT_KILL] = "tracees.kill",
	[PTRAP_CNT_SESSION_DETACH] = "sessions.detached",
	[PTRAP_CNT_REFUSED_ACCESS] = "refused.access",
	[PTRAP_CNT_REFUSED_SCOPE] = "refused.scope",
	[PTRAP_CNT_REFUSED_DISABLED] = "refused.disabled",
	[PTRAP_CNT_REFUSED_SESSION_LIMIT] = "refused.session_limit",
	[PTRAP_CNT_REFUSED_TRACEE_LIMIT] = "refused.tracee_limit",
};

struct stats {
	uint64_t since;
	uint64_t cnt[PTRAP_CNT_MAX + 1];
	uint64_t lat[PTRAP_LATENCY_BUCKETS];
};

static int stats_take(struct nlattr **tb, void *arg)
{
	struct nlattr *s[PTRAP_STATS_A_MAX + 1], *a;
	struct stats *st = arg;
	int rem, type;

	if (!tb[PTRAP_A_STATS] ||
	    ctl_nested(tb[PTRAP_A_STATS], PTRAP_STATS_A_MAX, s) ||
	    !s[PTRAP_STATS_A_SINCE] || !s[PTRAP_STATS_A_COUNTERS] ||
	    !s[PTRAP_STATS_A_LATENCY])
		return -1;
	st->since = nla_get_u64(s[PTRAP_STATS_A_SINCE]);
	nla_for_each_nested(a, s[PTRAP_STATS_A_COUNTERS], rem) {
		type = nla_type(a);
		if (type > PTRAP_CNT_PAD && type <= PTRAP_CNT_MAX)
			st->cnt[type] = nla_get_u64(a);
	}
	nla_for_each_nested(a, s[PTRAP_STATS_A_LATENCY], rem) {
		type = nla_type(a);
		if (type >= 1 && type <= PTRAP_LATENCY_BUCKETS)
			st->lat[type - 1] = nla_get_u64(a);
	}
	return 0;
}

/* "512ns", "1us", "2ms", "4s": the lower edge 2^i of bucket i. */
static void bucket_str(int i, char *buf, size_t len)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };
	uint64_t v = i ? (uint64_t)1 << i : 0;
	int u = 0;

	while (v >= 1000 && u < 3) {
		v /= 1000;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 "%s", v, unit[u]);
}

static void print_table(const struct stats *st)
{
	static const char *const groups[] = {
		"stops", "resumes", "events", "tracees", "sessions", "refused"
	};
	const char *name, *dot;
	size_t g, glen;
	int i, col;

	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		glen = strlen(groups[g]);
		printf("%-9s", groups[g]);
		col = 0;
		for (i = 0; i <= PTRAP_CNT_MAX; i++) {
			name = counter_names[i];
			if (!name || strncmp(name, groups[g], glen) ||
			    name[glen] != '.')
				continue;
			dot = name + glen + 1;
			if (col && col % 3 == 0)
				printf("\n%-9s", "");
			printf(" %-18s %10" PRIu64, dot, st->cnt[i]);
			col++;
		}
		printf("\n");
	}
}

static void print_histogram(const struct stats *st)
{
	uint64_t max = 0, total = 0;
	int i, first = -1, last = -1, w;
	char lo[16], hi[16];

	for (i = 0; i < PTRAP_LATENCY_BUCKETS; i++) {
		total += st->lat[i];
		if (st->lat[i] > max)
			max = st->lat[i];
		if (st->lat[i]) {
			if (first < 0)
				first = i;
			last = i;
		}
	}
	printf("\nstop-to-resume latency (%" PRIu64 " stops resumed)\n", total);
	if (!total) {
		printf("  (no stop resumed yet)\n");
		return;
	}
	for (i = first; i <= last; i++) {
		bucket_str(i, lo, sizeof(lo));
		if (i == PTRAP_LATENCY_BUCKETS - 1)
			snprintf(hi, sizeof(hi), "...");
		else
			bucket_str(i + 1, hi, sizeof(hi));
		w = (int)((st->lat[i] * 40 + max - 1) / max);
		printf("  %6s - %-6s |%-40.*s| %" PRIu64 "\n", lo, hi, w,
		       "########################################", st->lat[i]);
	}
}

int cmd_stats(struct ctl *c, int argc, char **argv)
{
	struct stats st;
	char since[64];
	int i, ret;

	if (ctl_help_asked(argc, argv, stats_usage))
		return EXIT_OK;
	if (argc == 2 && !strcmp(argv[1], "--reset"))
		return ctl_request(c, PTRAP_CMD_RESET_STATS, false, NULL, NULL,
				   NULL, NULL, "resetting the statistics");
	if (argc > 1) {
		fprintf(stderr, "%s: stats: unknown argument '%s'\n%s",
			c->prog, argv[1], stats_usage);
		return EXIT_USAGE;
	}
	memset(&st, 0, sizeof(st));
	ret = ctl_request(c, PTRAP_CMD_GET_STATS, false, NULL, NULL,
			  stats_take, &st, "reading the statistics");
	if (ret)
		return ret;
	if (c->json) {
		json_begin('{');
		json_u64("since", st.since);
		json_key("counters");
		json_begin('{');
		for (i = 0; i <= PTRAP_CNT_MAX; i++)
			if (counter_names[i])
				json_u64(counter_names[i], st.cnt[i]);
		json_end('}');
		json_key("latency_log2_ns");
		json_begin('[');
		for (i = 0; i < PTRAP_LATENCY_BUCKETS; i++)
			json_u64(NULL, st.lat[i]);
		json_end(']');
		json_end('}');
		return EXIT_OK;
	}
	ctl_time_str(st.since, since, sizeof(since));
	printf("since %s\n\n", since);
	print_table(&st);
	print_histogram(&st);
	return EXIT_OK;
}
