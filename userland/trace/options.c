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

void usage(FILE *f)
{
	fputs(
"Usage: " PROG_NAME " [-o FILE] [-v] [--] COMMAND [ARG...]\n"
"       " PROG_NAME " -h\n"
"\n"
"Run COMMAND as a tracee of a ptrap session and print each system call it\n"
"makes, strace-style, one line per call once it returns:\n"
"\n"
"    openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3\n"
"    read(3, \"root:x:0:0:root:/root:/bin/bash\\n\"..., 4096) = 1234\n"
"    openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)\n"
"    --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=42, si_uid=0} ---\n"
"    exit_group(0) = ?\n"
"    +++ exited with 0 +++\n"
"\n"
"Paths are shown whole, data buffers up to 32 bytes, failures with the\n"
"errno's name and text. Signals the tracee receives are shown between\n"
"--- and --- and delivered to it unchanged.\n"
"\n"
"The session is served by the ptrap kernel module when /dev/ptrap can be\n"
"opened, else by real ptrace(2) (the \"stub-pool\" backend); set\n"
"PTRAP_BACKEND=module or PTRAP_BACKEND=stub-pool to force one.\n"
"\n"
"Options:\n"
"  -o, --output=FILE  write the trace to FILE instead of standard error\n"
"  -v, --verbose      report the backend and the traced process on\n"
"                     standard error\n"
"  -h, --help         show this help and exit\n"
"\n"
"COMMAND is looked up in PATH as the shell does when it has no slash.\n"
"Options are only recognised before COMMAND; use -- if COMMAND starts\n"
"with a dash.\n"
"\n"
"Exit status:\n"
"  the traced command's exit status, or 128+N if signal N killed it;\n"
"  126 if COMMAND cannot be executed, 127 if it is not found;\n"
"  1 if " PROG_NAME " itself fails (bad usage, no session).\n"
"\n"
"See ptrap-trace(1).\n", f);
}

int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option longopts[] = {
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
	while ((c = getopt_long(argc, argv, "+:o:vh", longopts, NULL)) != -1) {
		switch (c) {
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
	if (optind >= argc) {
		fputs(PROG_NAME ": no command given\n", stderr);
		fputs("Usage: " PROG_NAME " [-o FILE] [-v] [--] COMMAND [ARG...]\n",
		      stderr);
		return -1;
	}
	opts->argv = argv + optind;
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
