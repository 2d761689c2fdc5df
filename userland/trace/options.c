// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: command line and program lookup.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace.h"

#define SYNOPSIS \
"Usage: " PROG_NAME " [-fv] [-e EXPR] [-o FILE] [-p PID]... [--] COMMAND [ARG...]\n" \
"       " PROG_NAME " [-fv] [-e EXPR] [-o FILE] -p PID[,PID...]...\n"

void usage(FILE *f)
{
	fputs(SYNOPSIS
"       " PROG_NAME " -h\n"
"\n"
"Run COMMAND, or attach to running processes, as tracees of a ptrap\n"
"session and print each system call they make, strace-style:\n"
"\n"
"    openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3\n"
"    read(3, \"root:x:0:0:root:/root:/bin/bash\\n\"..., 4096) = 1234\n"
"    openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)\n"
"    --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=42, si_uid=0} ---\n"
"    --- stopped by SIGTSTP ---\n"
"    exit_group(0) = ?\n"
"    +++ exited with 0 +++\n"
"\n"
"A call is printed when it is entered and completed when it returns.\n"
"Paths are shown whole, data buffers up to 32 bytes, failures with the\n"
"errno's name and text. Signals are shown between --- and --- with their\n"
"siginfo and delivered unchanged; a tracee's end as +++ exited with N +++\n"
"or +++ killed by SIGNAL +++.\n"
"\n"
"Options:\n"
"  -f, --follow-forks  trace the children (fork, vfork, clone) and threads\n"
"                      of the tracees too; lines then start with [pid N]\n"
"                      while more than one tracee exists, and a call that\n"
"                      another tracee interrupts shows as <unfinished ...>\n"
"                      and later <... NAME resumed>\n"
"  -p, --attach=PID[,PID...]\n"
"                      attach to these running processes (repeatable; with\n"
"                      -f, to all their threads). Interrupt (SIGINT, SIGTERM,\n"
"                      SIGHUP) to detach from them and leave them running\n"
"  -e, --trace=[!]NAME[,NAME...]\n"
"                      print only these system calls (! all but these);\n"
"                      also -e trace=... Names are system calls or classes:\n"
"                      %file %process %network %signal %ipc %memory %desc\n"
"                      %creds %clock %pure %stat %lstat %fstat %%stat\n"
"                      %statfs %fstatfs %%statfs, or all, none\n"
"  -o, --output=FILE   write the trace to FILE instead of standard error\n"
"  -v, --verbose       report the backend and the traced processes on\n"
"                      standard error\n"
"  -h, --help          show this help and exit\n"
"\n"
"The session is served by the ptrap kernel module when /dev/ptrap can be\n"
"opened, else by real ptrace(2) (the \"stub-pool\" backend); set\n"
"PTRAP_BACKEND=module or PTRAP_BACKEND=stub-pool to force one. Where the\n"
"backend lacks what an option needs (-f needs fork tracing), " PROG_NAME "\n"
"says so and exits with status 1.\n"
"\n"
"COMMAND is looked up in PATH as the shell does when it has no slash.\n"
"Options are only recognised before COMMAND; use -- if COMMAND starts\n"
"with a dash.\n"
"\n"
"Exit status:\n"
"  the traced command's exit status, or 128+N if signal N killed it;\n"
"  with -p and no COMMAND, 0 (1 if no process could be attached);\n"
"  126 if COMMAND cannot be executed, 127 if it is not found;\n"
"  1 if " PROG_NAME " itself fails (bad usage, no session, the backend\n"
"  lacks a feature an option needs).\n"
"\n"
"See ptrap-trace(1).\n", f);
}

/* Add the pids of a -p argument ("1,2", "1 2"). 0, or -1 after a message. */
static int add_pids(struct options *opts, const char *arg)
{
	const char *p = arg;

	for (;;) {
		char *end;
		long v;
		pid_t *n;

		p += strspn(p, ", \t");
		if (!*p)
			break;
		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || end == p || v <= 0 || v > 0x3fffffff ||
		    (*end && !strchr(", \t", *end))) {
			fprintf(stderr, PROG_NAME ": invalid process id: '%.*s'\n",
				(int)strcspn(p, ", \t"), p);
			return -1;
		}
		if (v == getpid()) {
			fprintf(stderr, PROG_NAME ": cannot trace itself (pid %ld)\n", v);
			return -1;
		}
		n = realloc(opts->pids, (opts->npids + 1) * sizeof(*n));
		if (!n) {
			fputs(PROG_NAME ": out of memory\n", stderr);
			return -1;
		}
		opts->pids = n;
		opts->pids[opts->npids++] = v;
		p = end;
	}
	return 0;
}

/*
 * -e QUALIFIER=EXPR or -e EXPR. Only trace= is supported; strace's other
 * qualifiers are refused by name rather than taken for system calls.
 */
static int qualify(const char *arg)
{
	static const char *const unsupported[] = {
		"abbrev", "a", "verbose", "v", "raw", "x", "signal", "signals",
		"s", "status", "read", "reads", "r", "write", "writes", "w",
		"fault", "inject", "kvm", "quiet", "silent", "silence", "q",
		"decode-fds", "decode-fd", "decode-pids", "trace-fds",
		"trace-fd", "fd", "fds",
	};
	const char *eq = strchr(arg, '=');
	size_t i;

	if (eq) {
		size_t n = eq - arg;

		if ((n == 5 && !strncmp(arg, "trace", 5)) ||
		    (n == 1 && arg[0] == 't'))
			return filter_set(eq + 1);
		for (i = 0; i < ARRAY_SIZE(unsupported); i++) {
			if (strlen(unsupported[i]) == n &&
			    !strncmp(arg, unsupported[i], n)) {
				fprintf(stderr, PROG_NAME ": -e %.*s= is not "
					"supported (only -e trace=)\n", (int)n, arg);
				return -1;
			}
		}
	}
	return filter_set(arg);
}

int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option longopts[] = {
		{ "follow-forks", no_argument,		NULL, 'f' },
		{ "attach",	required_argument,	NULL, 'p' },
		{ "trace",	required_argument,	NULL, 'T' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(opts, 0, sizeof(*opts));
	opterr = 0;
	/*
	 * '+': stop at the first non-option, the command; ':' report a
	 * missing argument as such.
	 */
	while ((c = getopt_long(argc, argv, "+:fp:e:o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			opts->follow = 1;
			break;
		case 'p':
			if (add_pids(opts, optarg))
				goto bad;
			break;
		case 'e':
			if (qualify(optarg))
				goto bad;
			break;
		case 'T':
			if (filter_set(optarg))
				goto bad;
			break;
		case 'o':
			opts->outfile = optarg;
			break;
		case 'v':
			opts->verbose++;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			fprintf(stderr, PROG_NAME ": option '%s' needs an argument\n",
				argv[optind - 1]);
			goto bad;
		default:
			if (optopt)
				fprintf(stderr, PROG_NAME ": unknown option '-%c'\n",
					optopt);
			else
				fprintf(stderr, PROG_NAME ": unknown option '%s'\n",
					argv[optind - 1]);
			goto bad;
		}
	}
	if (optind < argc)
		opts->argv = argv + optind;
	else if (!opts->npids) {
		fputs(PROG_NAME ": must have COMMAND or -p PID\n", stderr);
		goto bad;
	}
	return 0;
bad:
	fputs("Try '" PROG_NAME " -h' for more information.\n", stderr);
	return -1;
}

static int executable(const char *path, int *exists)
{
	struct stat st;

	if (stat(path, &st))
		return 0;
	*exists = 1;
	return S_ISREG(st.st_mode) && !access(path, X_OK);
}

char *find_program(const char *cmd)
{
	const char *path, *dir, *end;
	int exists = 0;

	if (!*cmd) {
		errno = ENOENT;
		return NULL;
	}
	if (strchr(cmd, '/'))
		return strdup(cmd);

	path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";	/* as execvp(3) */
	for (dir = path; ; dir = end + 1) {
		size_t dlen;
		char *full;

		end = strchr(dir, ':');
		if (!end)
			end = dir + strlen(dir);
		dlen = end - dir;
		full = malloc(dlen + strlen(cmd) + 3);
		if (!full)
			return NULL;
		/* An empty entry is the current directory. */
		sprintf(full, "%.*s/%s", (int)(dlen ? dlen : 1),
			dlen ? dir : ".", cmd);
		if (executable(full, &exists))
			return full;
		free(full);
		if (!*end)
			break;
	}
	errno = exists ? EACCES : ENOENT;
	return NULL;
}
