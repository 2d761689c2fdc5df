// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrapctl: a small JSON writer for --json (stdout, compact, one document
 * per command, a newline at the end of the outermost value).
 */
#include <stdio.h>
#include <inttypes.h>

#include "ctl.h"

static int json_depth;
static bool json_first = true;

static void json_sep(void)
{
	if (!json_first)
		putchar(',');
	json_first = false;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/* Begin an object or array, as a value (after json_key()) or alone. */
void json_begin(char open)
{
	putchar(open);
	json_depth++;
	json_first = true;
}

void json_end(char close)
{
	putchar(close);
	json_first = false;
	if (--json_depth == 0)
		putchar('\n');
}

/* A key whose value follows (json_begin() for an object or array). */
void json_key(const char *key)
{
	json_sep();
	if (key) {
		json_string(key);
		putchar(':');
	}
}

void json_str(const char *key, const char *val)
{
	json_key(key);
	json_string(val);
}

void json_u64(const char *key, uint64_t val)
{
	json_key(key);
	printf("%" PRIu64, val);
}

void json_bool(const char *key, bool val)
{
	json_key(key);
	fputs(val ? "true" : "false", stdout);
}
