/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ptrap-trace: a strace-like tracer built on libptrap.
 *
 * main.c     the session, starting or attaching, the record loop, the end
 * options.c  command line, usage, PATH search
 * filter.c   -e trace=: which system calls are shown, syscall classes
 * tcb.c      per-tracee state and the output lines (prefixes, unfinished)
 * stops.c    what each stop record prints and how the tracee is resumed
 * attach.c   -p: attaching to running processes, detaching from them
 * decode.c   system call arguments and return values
 * format.c   growable output buffer, string quoting, flag sets
 * tables.c   names: signals, errnos, flags (errno and syscall names are
 *            generated at build time from the installed uapi headers)
 * sysargs.c  the argument types of each system call
 */
#ifndef PTRAP_TRACE_H
#define PTRAP_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "ptrap.h"

#define PROG_NAME	"ptrap-trace"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Strings read from a tracee: paths are read whole up to PATH_CAP bytes,
 * data buffers are shown up to STR_SHOW bytes, as strace's default -s 32.
 */
#define PATH_CAP	4096
#define STR_SHOW	32
#define ARGV_SHOW	32	/* argv entries shown before "..." */

/* ---- options.c ---- */

struct options {
	const char *outfile;	/* -o, NULL for stderr */
	int verbose;		/* -v */
	int follow;		/* -f */
	pid_t *pids;		/* -p, @npids of them, in the order given */
	size_t npids;
	char **argv;		/* the command and its arguments; NULL: -p only */
};

/* 0, or -1 after a message on stderr (exit 1). -e goes to filter_set(). */
int parse_options(int argc, char **argv, struct options *opts);
void usage(FILE *f);
/*
 * Resolve @cmd as execvp(3) would. Returns a malloc'd path or NULL with
 * errno set (ENOENT: not found, EACCES: found but not executable).
 */
char *find_program(const char *cmd);

/* ---- format.c ---- */

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
__attribute__((format(printf, 2, 3)))
void sb_printf(struct strbuf *sb, const char *fmt, ...);
char *sb_steal(struct strbuf *sb);

/* Quote @len bytes as a C string literal, strace-style ("a\nb\33"). */
void sb_quote(struct strbuf *sb, const unsigned char *s, size_t len);

struct xlat {
	uint64_t val;
	const char *name;
};
#define XLAT(x)		{ (x), #x }
#define XLAT_END	{ 0, NULL }

/* The name of @val in @tab, or NULL. */
const char *xlat_name(const struct xlat *tab, uint64_t val);
/* @val by name, or @fallback formatted with @val ("%#llx", "%lld"...). */
void sb_xlat(struct strbuf *sb, const struct xlat *tab, uint64_t val,
	     const char *fallback);
/*
 * @val as NAME|NAME|0x..., or @zero if it is 0. Entries are tried in
 * order, so multi-bit values must come before their parts.
 */
void sb_flags(struct strbuf *sb, const struct xlat *tab, uint64_t val,
	      const char *zero);

/* ---- filter.c ---- */

/*
 * -e trace=EXPR: show only the system calls EXPR names (the last -e trace=
 * wins, as strace). 0, or -1 after a message on stderr.
 */
int filter_set(const char *expr);
/* Whether calls of number @nr are shown. */
int filter_wants(long nr);
/*
 * Give the stopped tracee @tid the syscall filter of the shown calls (its
 * auto-attached children inherit it), unless every call must stop.
 */
void filter_install(pid_t tid);

/* ---- tables.c ---- */

const char *syscall_name(long nr);	/* NULL if unknown */
long syscall_number(const char *name);	/* -1 if unknown */
const char *errno_name(long err);	/* "ENOENT", NULL if unknown */
const char *errno_text(long err);	/* strerror, or the kernel's text */
const char *signal_name(int sig);	/* "SIGUSR1"; static buffer for RT */
void sb_signal(struct strbuf *sb, int sig);
void sb_sigset(struct strbuf *sb, const uint8_t *set, size_t len);
void sb_siginfo(struct strbuf *sb, const void *siginfo);

extern const struct xlat open_flags[];
extern const struct xlat open_accmode[];
extern const struct xlat fd_flags[];
extern const struct xlat mmap_prot[];
extern const struct xlat mmap_flags[];
extern const struct xlat mmap_type[];
extern const struct xlat mremap_flags[];
extern const struct xlat access_modes[];
extern const struct xlat at_flags[];
extern const struct xlat whence_names[];
extern const struct xlat fcntl_cmds[];
extern const struct xlat ioctl_cmds[];
extern const struct xlat sigprocmask_hows[];
extern const struct xlat clone_flags[];
extern const struct xlat socket_families[];
extern const struct xlat socket_types[];
extern const struct xlat socket_type_flags[];
extern const struct xlat futex_ops[];
extern const struct xlat futex_op_flags[];
extern const struct xlat madvise_advice[];
extern const struct xlat rlimit_resources[];
extern const struct xlat arch_prctl_codes[];
extern const struct xlat wait_options[];
extern const struct xlat clock_ids[];
extern const struct xlat prctl_options[];
extern const struct xlat epoll_ctl_ops[];
extern const struct xlat getrandom_flags[];

/* ---- sysargs.c ---- */

/*
 * Argument types, one character per argument:
 *   i int          l long         u unsigned long   x hex
 *   p pointer      f fd           D dirfd (AT_FDCWD) S signal number
 *   s path (read at entry)        Z path written by the call (len = ret)
 *   w buffer in, length in the next argument
 *   r buffer out, length = return value (read at exit)
 *   A argv         E envp         N int[2] out (pipe fds)
 *   o open flags   k O_CLOEXEC|O_NONBLOCK-style flags (no access mode)
 *   m mode (octal) P mmap prot    M mmap flags      a access mode
 *   t AT_* flags   W lseek whence K fcntl cmd       I ioctl cmd
 *   h sigprocmask how             g sigset in       G sigset out
 *   C clone flags  c socket family T socket type    F futex op
 *   v madvise advice              L rlimit resource q arch_prctl code
 *   y wait options Y wait status out                R mremap flags
 *   j clockid      O prctl option e epoll_ctl op  b FD_CLOEXEC flags
 *   B struct stat out             n getrandom flags
 *   X clone's arguments, all of them, named as strace does
 *   Q clone3's struct clone_args, size in the next argument
 * Return types: 'd' decimal (default), 'x' hex (addresses), 'o' octal,
 * 'n' never returns (exit, exit_group).
 */
struct sysarg {
	const char *args;
	char ret;
};

/* The entry for @nr, or NULL when its arguments are unknown. */
const struct sysarg *sysarg_get(long nr);

/* ---- decode.c ---- */

/*
 * One system call in progress: what syscall-enter-stop saw, and the
 * arguments formatted then (strings must be read before the call runs:
 * execve replaces them, unlink removes what they name...).
 */
struct call {
	long nr;
	__u64 args[6];
	char types[7];		/* arguments to show, adjusted per call */
	char *shown[6];		/* formatted at entry; NULL: format at exit */
	char ret;
	int nhead;		/* arguments printed by call_head() */
};

void call_enter(struct ptrap *p, pid_t tid, struct call *c, long nr,
		const __u64 args[6]);
/*
 * What strace prints at a call's entry: "name(" and the arguments known
 * then, up to the first one the call fills in ("read(3, ").
 */
void call_head(struct call *c, struct strbuf *out);
/*
 * The rest, once it returns: the other arguments, ")" and " = ret"
 * ("\"data\"..., 832) = 832"). @retval is ignored when @returned is 0 (the
 * tracee exited or was killed inside the call: " = ?").
 */
void call_tail(struct ptrap *p, pid_t tid, struct call *c, int returned,
	       int64_t retval, struct strbuf *out);
const char *call_name(const struct call *c);	/* static buffer if unknown */
void call_free(struct call *c);

/* ---- tcb.c ---- */

/* One traced thread (strace's "tcb"). */
struct tcb {
	pid_t tid;
	pid_t tgid;
	unsigned int flags;	/* TCB_* */
	int in_call;		/* entered a system call that has not returned */
	int call_shown;		/* ... and its entry was printed (not filtered) */
	long prev_nr;		/* the call it returned from last, -1 if none */
	struct call call;
	struct ptrap_regs_page *regs;	/* its register page, or NULL */
	struct tcb *next;
};

#define TCB_STARTUP	0x01	/* its first stop, from attaching, is to come */
#define TCB_EXEC_TRAP	0x02	/* an exec's SIGTRAP (or EXEC event) is to come */
#define TCB_ATTACHED	0x04	/* from -p, or a child of one: detach, never kill */
#define TCB_SEIZED	0x08	/* seize-style: INTERRUPT and LISTEN apply */
#define TCB_DETACHING	0x10	/* being stopped to detach from it */
#define TCB_OUR_SIGSTOP	0x20	/* a SIGSTOP we sent is to come: suppress it */
#define TCB_FILTERED	0x40	/* has the syscall filter (or inherited it) */

extern struct ptrap *session;
extern FILE *out;		/* the trace: stderr or -o FILE */
extern struct tcb *tcbs;	/* every tracee, newest first */

struct tcb *tcb_find(pid_t tid);
/*
 * A new tracee. On the module backend (tcb_use_regs_page()) its register
 * page is mapped at once, and unmapped by tcb_drop(); where that fails,
 * tcb_getregs() asks for the registers instead.
 */
struct tcb *tcb_new(pid_t tid, pid_t tgid, unsigned int flags);
void tcb_drop(struct tcb *t);
int tcb_count(void);
/* Map the register page of every tracee from now on (module backend). */
void tcb_use_regs_page(void);
/* The general registers of @t, in a stop: 0 or -errno (ptrap_getregs()). */
int tcb_getregs(struct tcb *t, struct user_regs_struct *regs);

/*
 * Output. Lines of several tracees are told apart by a "[pid N] " prefix
 * while more than one tracee exists. A call's entry is printed at once and
 * its line left open; if another tracee prints before it returns, the line
 * is closed with " <unfinished ...>" and its end comes later as
 * "<... NAME resumed>...", as strace does.
 */
void print_line(struct tcb *t, const char *text);	/* a whole line */
void print_open(struct tcb *t, const char *text);	/* a call's entry */
void print_rest(struct tcb *t, const char *text);	/* ... and its end */
void print_detached(struct tcb *t);	/* " <detached ...>" if its line is open */
__attribute__((format(printf, 1, 2)))
void note(const char *fmt, ...);	/* "ptrap-trace: ..." on stderr */

/* ---- stops.c ---- */

/* -f's options: every kind of child, and exec events (no SIGTRAP then). */
#define FOLLOW_OPTIONS	(PTRAP_O_TRACEFORK | PTRAP_O_TRACEVFORK | \
			 PTRAP_O_TRACECLONE | PTRAP_O_TRACEEXEC)

/* What the trace needs to know about the session's tracees. */
struct trace_state {
	uint64_t options;	/* PTRAP_O_* every tracee is given */
	int follow;		/* -f */
	pid_t leader;		/* the spawned command, 0 if none */
	int leader_status;	/* its wait(2) status once gone; -1 unknown */
	int have_leader;	/* the command was started (its end counts) */
};
extern struct trace_state ts;

void handle_record(const struct ptrap_stop *st);
/*
 * Resume @t in SYSCALL mode, delivering @sig. Deferred: the record loop
 * does it together with the wait for the next record (take_resume() and
 * ptrap_resume_wait()), or alone (resume_pending()); nothing may happen to
 * the tracees in between.
 */
void resume(struct tcb *t, int sig);
/* Take the deferred resume: 1 with its @tid and @sig, or 0 if none. */
int take_resume(pid_t *tid, int *sig);
/* Do the deferred resume, if any, now. */
void resume_pending(void);
/* A resume of @tid failed with @err: say so (-ESRCH: its end follows). */
void resume_failed(pid_t tid, int err);

/* ---- attach.c ---- */

/*
 * Attach to each process of -p (with -f, to each of its threads). Returns
 * how many processes were attached; -1 if the backend cannot do what -f
 * needs (the message is printed).
 */
int attach_all(const struct options *opts);
/* Start detaching from every attached tracee (termination signal). */
void detach_all(void);
int detach_requested(void);	/* detach_all() was called */
/*
 * A record of a tracee that is being detached: detach it if this stop
 * allows. Returns 1 if the record was consumed.
 */
int detach_at_stop(struct tcb *t, const struct ptrap_stop *st);
/* A number field of /proc/TID/status ("Tgid", "PPid"), or -1. */
long proc_status_field(pid_t tid, const char *field);

#endif /* PTRAP_TRACE_H */
