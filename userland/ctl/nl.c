// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl: the generic netlink connection. One request at a time,
 * answered by one message (do) or many (dump); errors come back with the
 * module's extended ACK message, which is printed.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>

#include "ctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int ctl_connect(struct ctl *c)
{
	int one = 1;

	c->sk = nl_socket_alloc();
	if (!c->sk) {
		fprintf(stderr, "%s: out of memory\n", c->prog);
		return EXIT_FAIL;
	}
	if (genl_connect(c->sk)) {
		fprintf(stderr, "%s: cannot open a generic netlink socket\n",
			c->prog);
		return EXIT_FAIL;
	}
	/* Ask for the module's messages with errors (extended ACK). */
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	c->family = genl_ctrl_resolve(c->sk, PTRAP_GENL_NAME);
	if (c->family < 0) {
		fprintf(stderr,
			"%s: ptrap module not loaded: run modprobe ptrap\n",
			c->prog);
		return EXIT_NOMODULE;
	}
	return EXIT_OK;
}

void ctl_disconnect(struct ctl *c)
{
	nl_socket_free(c->sk);
	c->sk = NULL;
}

/* Map an errno from the module to an exit code. */
int ctl_exit_for(int err)
{
	return err == EPERM || err == EACCES ? EXIT_PERM : EXIT_FAIL;
}

int ctl_nested(struct nlattr *nest, int max, struct nlattr **tb)
{
	return nla_parse_nested(tb, max, nest, NULL);
}

struct ctl_req {
	ctl_parse_fn parse;
	void *parg;
	int err;		/* errno from the module, or 0 */
	char msg[256];		/* its extended ACK message */
	bool done;
	bool intr;
	int parse_err;
};

static int ctl_on_valid(struct nl_msg *msg, void *arg)
{
	struct ctl_req *r = arg;
	struct nlattr *tb[PTRAP_A_MAX + 1];
	int ret;

	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, PTRAP_A_MAX, NULL);
	if (ret < 0) {
		r->parse_err = ret;
		return NL_STOP;
	}
	if (r->parse && r->parse(tb, r->parg)) {
		r->parse_err = -NLE_PARSE_ERR;
		return NL_STOP;
	}
	return NL_OK;
}

static int ctl_on_finish(struct nl_msg *msg, void *arg)
{
	((struct ctl_req *)arg)->done = true;
	return NL_STOP;
}

static int ctl_on_intr(struct nl_msg *msg, void *arg)
{
	((struct ctl_req *)arg)->intr = true;
	return NL_OK;
}

/* The error, and NLMSGERR_ATTR_MSG from the TLVs after it. */
static int ctl_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct ctl_req *r = arg;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*nlh) + sizeof(*e);
	int len;

	r->err = -e->error;
	r->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	len = (int)nlh->nlmsg_len - (int)off;
	if (len <= 0)
		return NL_STOP;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		      len, NULL) == 0 && tb[NLMSGERR_ATTR_MSG])
		snprintf(r->msg, sizeof(r->msg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

/**
 * ctl_request() - send one request and take its answer
 * @cmd: PTRAP_CMD_*.
 * @dump: a dump request (NLM_F_DUMP).
 * @build: adds the request's attributes, or NULL.
 * @parse: called with the top-level attributes of each answer, or NULL.
 * @what: what the request does, for error messages ("setting the policy").
 *
 * A dump interrupted by a change (NLM_F_DUMP_INTR) is the caller's to
 * repeat: it returns -EAGAIN then. Errors are printed.
 * Return: 0, -EAGAIN, or an exit code (> 0).
 */
int ctl_request(struct ctl *c, uint8_t cmd, bool dump, ctl_build_fn build,
		void *barg, ctl_parse_fn parse, void *parg, const char *what)
{
	struct ctl_req r = { .parse = parse, .parg = parg };
	struct nl_msg *msg;
	struct nl_cb *cb;
	int ret;

	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		fprintf(stderr, "%s: out of memory\n", c->prog);
		ret = EXIT_FAIL;
		goto out;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0,
			 NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0),
			 cmd, PTRAP_GENL_VERSION) ||
	    (build && build(msg, barg))) {
		fprintf(stderr, "%s: cannot build the request\n", c->prog);
		ret = EXIT_FAIL;
		goto out;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, ctl_on_valid, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, ctl_on_finish, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ctl_on_finish, &r);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, ctl_on_intr, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, ctl_on_error, &r);

	ret = nl_send_auto(c->sk, msg);
	if (ret < 0) {
		fprintf(stderr, "%s: %s: %s\n", c->prog, what, nl_geterror(ret));
		ret = EXIT_FAIL;
		goto out;
	}
	while (!r.done && !r.parse_err) {
		ret = nl_recvmsgs(c->sk, cb);
		if (ret < 0 && !r.done) {
			fprintf(stderr, "%s: %s: %s\n", c->prog, what,
				nl_geterror(ret));
			ret = EXIT_FAIL;
			goto out;
		}
	}
	if (r.parse_err) {
		fprintf(stderr, "%s: %s: malformed answer from the module\n",
			c->prog, what);
		ret = EXIT_FAIL;
	} else if (r.err == EPERM) {
		fprintf(stderr, "%s: permission denied: %s\n", c->prog,
			r.msg[0] ? r.msg : what);
		ret = EXIT_PERM;
	} else if (r.err) {
		fprintf(stderr, "%s: %s: %s%s%s\n", c->prog, what,
			strerror(r.err), r.msg[0] ? ": " : "", r.msg);
		ret = ctl_exit_for(r.err);
	} else {
		ret = r.intr ? -EAGAIN : 0;
	}
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return ret;
}
