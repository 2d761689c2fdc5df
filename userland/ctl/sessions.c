// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl sessions, ptrapctl tracees [--session ID]: the two dumps.
 * A dump interrupted by a change (NLM_F_DUMP_INTR: a session or tracee
 * came or went, a tracee changed its state, stop or options) is repeated,
 * a few times at most, so that the table is consistent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

#define DUMP_TRIES	5

static const char sessions_usage[] =
"usage: ptrapctl [--json] sessions\n"
"\n"
"One line per open session of /dev/ptrap: its id (for detach), the\n"
"process that opened it (pid, uid, command), when, and its live tracees.\n"
"A session revoked by detach shows \"detached\".\n";

static const char tracees_usage[] =
"usage: ptrapctl [--json] tracees [--session ID]\n"
"\n"
"One line per traced thread: tid, process, session, state (running,\n"
"stopped and in which stop, listening) and options.\n";

struct session_row {
	uint32_t id, pid, uid, tracees;
	uint64_t opened;
	char comm[32];
	uint8_t detached;
};

struct tracee_row {
	uint32_t tid, tgid, session;
	uint8_t state, stop, seized;
	uint64_t options;
};

struct rows {
	void *v;
	size_t n, cap, size;
};

static void *rows_add(struct rows *r)
{
	void *nv;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		nv = realloc(r->v, r->cap * r->size);
		if (!nv)
			return NULL;
		r->v = nv;
	}
	return memset((char *)r->v + r->n++ * r->size, 0, r->size);
}

static int session_take(struct nlattr **tb, void *arg)
{
	struct nlattr *a[PTRAP_SESSION_A_MAX + 1];
	struct session_row *s;

	if (!tb[PTRAP_A_SESSION] ||
	    ctl_nested(tb[PTRAP_A_SESSION], PTRAP_SESSION_A_MAX, a) ||
	    !a[PTRAP_SESSION_A_ID] || !a[PTRAP_SESSION_A_PID] ||
	    !a[PTRAP_SESSION_A_UID] || !a[PTRAP_SESSION_A_COMM] ||
	    !a[PTRAP_SESSION_A_OPENED] || !a[PTRAP_SESSION_A_TRACEES])
		return -1;
	s = rows_add(arg);
	if (!s)
		return -1;
	s->id = nla_get_u32(a[PTRAP_SESSION_A_ID]);
	s->pid = nla_get_u32(a[PTRAP_SESSION_A_PID]);
	s->uid = nla_get_u32(a[PTRAP_SESSION_A_UID]);
	snprintf(s->comm, sizeof(s->comm), "%s",
		 nla_get_string(a[PTRAP_SESSION_A_COMM]));
	s->opened = nla_get_u64(a[PTRAP_SESSION_A_OPENED]);
	s->tracees = nla_get_u32(a[PTRAP_SESSION_A_TRACEES]);
	if (a[PTRAP_SESSION_A_DETACHED])
		s->detached = nla_get_u8(a[PTRAP_SESSION_A_DETACHED]);
	return 0;
}

static int tracee_take(struct nlattr **tb, void *arg)
{
	struct nlattr *a[PTRAP_TRACEE_A_MAX + 1];
	struct tracee_row *t;

	if (!tb[PTRAP_A_TRACEE] ||
	    ctl_nested(tb[PTRAP_A_TRACEE], PTRAP_TRACEE_A_MAX, a) ||
	    !a[PTRAP_TRACEE_A_TID] || !a[PTRAP_TRACEE_A_TGID] ||
	    !a[PTRAP_TRACEE_A_SESSION_ID] || !a[PTRAP_TRACEE_A_STATE] ||
	    !a[PTRAP_TRACEE_A_OPTIONS])
		return -1;
	t = rows_add(arg);
	if (!t)
		return -1;
	t->tid = nla_get_u32(a[PTRAP_TRACEE_A_TID]);
	t->tgid = nla_get_u32(a[PTRAP_TRACEE_A_TGID]);
	t->session = nla_get_u32(a[PTRAP_TRACEE_A_SESSION_ID]);
	t->state = nla_get_u8(a[PTRAP_TRACEE_A_STATE]);
	if (a[PTRAP_TRACEE_A_STOP])
		t->stop = nla_get_u8(a[PTRAP_TRACEE_A_STOP]);
	t->options = nla_get_u64(a[PTRAP_TRACEE_A_OPTIONS]);
	if (a[PTRAP_TRACEE_A_SEIZED])
		t->seized = nla_get_u8(a[PTRAP_TRACEE_A_SEIZED]);
	return 0;
}

/*
 * Dump until a consistent picture comes back, DUMP_TRIES times at most;
 * then show the last one, with a warning.
 */
static int dump(struct ctl *c, uint8_t cmd, ctl_build_fn build, void *barg,
		ctl_parse_fn take, struct rows *r, const char *what)
{
	int i, ret = -EAGAIN;

	for (i = 0; i < DUMP_TRIES && ret == -EAGAIN; i++) {
		r->n = 0;
		ret = ctl_request(c, cmd, true, build, barg, take, r, what);
	}
	if (ret != -EAGAIN)
		return ret;
	fprintf(stderr, "%s: warning: %s: changed during each of %d tries, the table may be inconsistent\n",
		c->prog, what, DUMP_TRIES);
	return 0;
}

int cmd_sessions(struct ctl *c, int argc, char **argv)
{
	struct rows r = { .size = sizeof(struct session_row) };
	struct session_row *s;
	char when[64];
	size_t i;
	int ret;

	if (ctl_help_asked(argc, argv, sessions_usage))
		return EXIT_OK;
	if (argc > 1) {
		fprintf(stderr, "%s: sessions takes no argument\n", c->prog);
		return EXIT_USAGE;
	}
	ret = dump(c, PTRAP_CMD_GET_SESSIONS, NULL, NULL, session_take, &r,
		   "listing the sessions");
	if (ret)
		goto out;
	if (c->json) {
		json_begin('[');
		for (i = 0; i < r.n; i++) {
			s = (struct session_row *)r.v + i;
			json_key(NULL);
			json_begin('{');
			json_u64("id", s->id);
			json_u64("pid", s->pid);
			json_u64("uid", s->uid);
			json_str("comm", s->comm);
			json_u64("opened", s->opened);
			json_u64("tracees", s->tracees);
			json_bool("detached", s->detached);
			json_end('}');
		}
		json_end(']');
		goto out;
	}
	printf("%6s %8s %6s %-16s %-19s %7s\n", "ID", "PID", "UID", "COMMAND",
	       "OPENED", "TRACEES");
	for (i = 0; i < r.n; i++) {
		s = (struct session_row *)r.v + i;
		ctl_time_str(s->opened, when, sizeof(when));
		printf("%6u %8u %6u %-16s %-19s %7u%s\n", s->id, s->pid, s->uid,
		       s->comm, when, s->tracees, s->detached ? "  detached" : "");
	}
	if (!r.n)
		printf("(no session)\n");
out:
	free(r.v);
	return ret;
}

static int tracees_build(struct nl_msg *msg, void *arg)
{
	uint32_t id = *(uint32_t *)arg;

	return id ? nla_put_u32(msg, PTRAP_A_SESSION_ID, id) : 0;
}

int cmd_tracees(struct ctl *c, int argc, char **argv)
{
	struct rows r = { .size = sizeof(struct tracee_row) };
	struct tracee_row *t;
	char opts[160], state[40];
	uint32_t session = 0;
	unsigned long v;
	char *end;
	size_t i;
	int ret;

	if (ctl_help_asked(argc, argv, tracees_usage))
		return EXIT_OK;
	if (argc == 3 && (!strcmp(argv[1], "--session") || !strcmp(argv[1], "-s"))) {
		errno = 0;
		v = strtoul(argv[2], &end, 10);
		if (errno || *end || end == argv[2] || !v || v > UINT32_MAX) {
			fprintf(stderr, "%s: tracees: bad session id '%s'\n",
				c->prog, argv[2]);
			return EXIT_USAGE;
		}
		session = v;
	} else if (argc != 1) {
		fprintf(stderr, "%s: tracees: bad arguments\n%s", c->prog,
			tracees_usage);
		return EXIT_USAGE;
	}
	ret = dump(c, PTRAP_CMD_GET_TRACEES, tracees_build, &session,
		   tracee_take, &r, "listing the tracees");
	if (ret)
		goto out;
	if (c->json) {
		json_begin('[');
		for (i = 0; i < r.n; i++) {
			t = (struct tracee_row *)r.v + i;
			json_key(NULL);
			json_begin('{');
			json_u64("tid", t->tid);
			json_u64("tgid", t->tgid);
			json_u64("session", t->session);
			json_str("state", ctl_state_name(t->state));
			if (t->state == PTRAP_TRACEE_STOPPED)
				json_str("stop", ctl_stop_name(t->stop));
			json_u64("options", t->options);
			json_bool("seized", t->seized);
			json_end('}');
		}
		json_end(']');
		goto out;
	}
	printf("%8s %8s %7s %-24s %s\n", "TID", "TGID", "SESSION", "STATE",
	       "OPTIONS");
	for (i = 0; i < r.n; i++) {
		t = (struct tracee_row *)r.v + i;
		if (t->state == PTRAP_TRACEE_STOPPED)
			snprintf(state, sizeof(state), "stopped (%s)",
				 ctl_stop_name(t->stop));
		else
			snprintf(state, sizeof(state), "%s",
				 ctl_state_name(t->state));
		ctl_options_str(t->options, opts, sizeof(opts));
		printf("%8u %8u %7u %-24s %s%s\n", t->tid, t->tgid, t->session,
		       state, opts, t->seized ? " (seized)" : "");
	}
	if (!r.n)
		printf("(no tracee)\n");
out:
	free(r.v);
	return ret;
}
