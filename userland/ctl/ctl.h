/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ptrapctl: the administration tool of the ptrap module. Shared
 * declarations: the netlink connection (nl.c), the JSON writer (json.c)
 * and the subcommands (one file each).
 */
#ifndef PTRAPCTL_H
#define PTRAPCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <linux/ptrap.h>

/* Exit codes (ptrapctl(8), EXIT STATUS). */
enum {
	EXIT_OK		= 0,
	EXIT_FAIL	= 1,	/* the module refused or failed the request */
	EXIT_USAGE	= 2,	/* bad command line */
	EXIT_NOMODULE	= 3,	/* module not loaded */
	EXIT_PERM	= 4,	/* permission denied */
};

struct ctl {
	struct nl_sock *sk;
	int family;
	bool json;
	const char *prog;
};

/* nl.c */
typedef int (*ctl_build_fn)(struct nl_msg *msg, void *arg);
typedef int (*ctl_parse_fn)(struct nlattr **tb, void *arg);

int ctl_connect(struct ctl *c);
void ctl_disconnect(struct ctl *c);
int ctl_request(struct ctl *c, uint8_t cmd, bool dump, ctl_build_fn build,
		void *barg, ctl_parse_fn parse, void *parg, const char *what);
int ctl_nested(struct nlattr *nest, int max, struct nlattr **tb);
int ctl_exit_for(int err);

/* json.c */
void json_begin(char open);
void json_end(char close);
void json_key(const char *key);
void json_str(const char *key, const char *val);
void json_u64(const char *key, uint64_t val);
void json_bool(const char *key, bool val);

/* helpers shared by the subcommands (main.c) */
const char *ctl_stop_name(unsigned int kind);
const char *ctl_state_name(unsigned int state);
const char *ctl_refusal_name(unsigned int reason);
const char *ctl_scope_name(unsigned int scope);
void ctl_options_str(uint64_t o, char *buf, size_t len);
void ctl_time_str(uint64_t secs, char *buf, size_t len);
bool ctl_help_asked(int argc, char **argv, const char *usage);

/* the subcommands */
int cmd_status(struct ctl *c, int argc, char **argv);
int cmd_stats(struct ctl *c, int argc, char **argv);
int cmd_policy(struct ctl *c, int argc, char **argv);
int cmd_sessions(struct ctl *c, int argc, char **argv);
int cmd_tracees(struct ctl *c, int argc, char **argv);
int cmd_detach(struct ctl *c, int argc, char **argv);
int cmd_monitor(struct ctl *c, int argc, char **argv);

/* policy.c: the policy nest, shared with status and monitor */
struct ctl_policy {
	bool have;
	uint8_t scope;
	uint32_t max_sessions;
	uint32_t max_tracees;
	uint8_t force_exitkill;
};

int ctl_policy_parse(struct nlattr *nest, struct ctl_policy *p);
void ctl_policy_print(const struct ctl_policy *p, bool json, const char *indent);

#endif
