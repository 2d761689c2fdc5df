// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: the tracees, and the lines printed for them.
 *
 * strace's output model: a system call's entry is printed when the tracee
 * enters it and the line stays open until the call returns. If another
 * tracee has something to print meanwhile, the open line is closed with
 * " <unfinished ...>", and the call's end is printed later on a line of
 * its own as "<... NAME resumed>...". Lines carry a "[pid N] " prefix while
 * more than one tracee exists.
 *
 * On the module backend each tracee's register page is mapped while it is
 * known, so that its registers are read without a system call.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

struct ptrap *session;
FILE *out;
struct tcb *tcbs;

static int ntcbs;
static struct tcb *open_line;	/* the tracee whose call entry is open */
static int regs_pages;		/* map each tracee's register page */

_Static_assert(sizeof(struct ptrap_user_regs) ==
	       sizeof(struct user_regs_struct), "register page layout");

void tcb_use_regs_page(void)
{
	regs_pages = 1;
}

int tcb_getregs(struct tcb *t, struct user_regs_struct *regs)
{
	struct ptrap_regs_page *pg = t->regs;

	/* The page shows the current stop once its record was taken. */
	if (pg && (__atomic_load_n(&pg->flags, __ATOMIC_ACQUIRE) &
		   PTRAP_REGS_STOPPED) && pg->tid == t->tid) {
		memcpy(regs, &pg->regs, sizeof(*regs));
		return 0;
	}
	return ptrap_getregs(session, t->tid, regs);
}

struct tcb *tcb_find(pid_t tid)
{
	struct tcb *t;

	for (t = tcbs; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

struct tcb *tcb_new(pid_t tid, pid_t tgid, unsigned int flags)
{
	struct tcb *t = calloc(1, sizeof(*t));

	if (!t) {
		fputs(PROG_NAME ": out of memory\n", stderr);
		exit(1);
	}
	t->tid = tid;
	t->tgid = tgid > 0 ? tgid : tid;
	t->flags = flags;
	t->prev_nr = -1;
	if (regs_pages && ptrap_map_regs(session, tid, &t->regs))
		t->regs = NULL;
	t->next = tcbs;
	tcbs = t;
	ntcbs++;
	return t;
}

void tcb_drop(struct tcb *t)
{
	struct tcb **pp;

	for (pp = &tcbs; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			ntcbs--;
			break;
		}
	}
	if (open_line == t) {
		/* Cannot happen: its call is finished first. Keep lines whole. */
		fputc('\n', out);
		open_line = NULL;
	}
	if (t->regs)
		ptrap_unmap_regs(session, t->regs);
	call_free(&t->call);
	free(t);
}

int tcb_count(void)
{
	return ntcbs;
}

static void flush_out(void)
{
	fflush(out);
}

/* Close another tracee's open line, then start one for @t. */
static void begin(struct tcb *t)
{
	if (open_line) {
		fputs(" <unfinished ...>\n", out);
		open_line = NULL;
	}
	if (ntcbs > 1)
		fprintf(out, "[pid %5d] ", t->tid);
}

void print_line(struct tcb *t, const char *text)
{
	begin(t);
	fputs(text, out);
	fputc('\n', out);
	flush_out();
}

void print_open(struct tcb *t, const char *text)
{
	begin(t);
	fputs(text, out);
	open_line = t;
	flush_out();
}

void print_rest(struct tcb *t, const char *text)
{
	if (open_line == t) {
		open_line = NULL;
	} else {
		begin(t);
		fprintf(out, "<... %s resumed>", call_name(&t->call));
	}
	fputs(text, out);
	fputc('\n', out);
	flush_out();
}

void print_detached(struct tcb *t)
{
	if (open_line != t)
		return;
	fputs(" <detached ...>\n", out);
	open_line = NULL;
	flush_out();
}

/*
 * Our own messages go to stderr, as strace's do, even in the middle of an
 * open trace line when the trace goes there too.
 */
void note(const char *fmt, ...)
{
	va_list ap;

	fflush(out);
	fputs(PROG_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
