// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl detach SESSION: let every tracee of a session go (or die, per
 * its EXITKILL) and revoke the session.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

static const char detach_usage[] =
"usage: ptrapctl detach SESSION\n"
"\n"
"Detach every tracee of the session SESSION (an id from `ptrapctl\n"
"sessions`): a tracee with EXITKILL is killed, the others resume as if\n"
"never stopped. The session is revoked: its requests fail with ENXIO and\n"
"reading it gives end of file; the supervisor process is not touched.\n"
"Needs CAP_NET_ADMIN.\n";

static int detach_build(struct nl_msg *msg, void *arg)
{
	return nla_put_u32(msg, PTRAP_A_SESSION_ID, *(uint32_t *)arg);
}

int cmd_detach(struct ctl *c, int argc, char **argv)
{
	unsigned long v;
	uint32_t id;
	char *end;
	int ret;

	if (ctl_help_asked(argc, argv, detach_usage))
		return EXIT_OK;
	if (argc != 2) {
		fprintf(stderr, "%s: detach: which session?\n%s", c->prog,
			detach_usage);
		return EXIT_USAGE;
	}
	errno = 0;
	v = strtoul(argv[1], &end, 10);
	if (errno || *end || end == argv[1] || !v || v > UINT32_MAX) {
		fprintf(stderr, "%s: detach: bad session id '%s'\n", c->prog,
			argv[1]);
		return EXIT_USAGE;
	}
	id = v;
	ret = ctl_request(c, PTRAP_CMD_DETACH_SESSION, false, detach_build, &id,
			  NULL, NULL, "detaching the session");
	if (!ret && !c->json)
		printf("session %u detached\n", id);
	return ret;
}
