// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ptrap-trace: output buffers, string quoting and symbolic constants.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

static void sb_grow(struct strbuf *sb, size_t more)
{
	size_t want = sb->len + more + 1;
	char *nbuf;

	if (want <= sb->cap)
		return;
	if (want < 256)
		want = 256;
	if (want < sb->cap * 2)
		want = sb->cap * 2;
	nbuf = realloc(sb->buf, want);
	if (!nbuf) {
		fputs(PROG_NAME ": out of memory\n", stderr);
		exit(1);
	}
	sb->buf = nbuf;
	sb->cap = want;
}

void sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb_grow(sb, 0);
	sb->buf[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->buf[0] = '\0';
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n + 1);
	sb->len += n;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sb->cap - sb->len) {
		sb_grow(sb, n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += n;
}

/* Hand the buffer over to the caller (who frees it); @sb is reset. */
char *sb_steal(struct strbuf *sb)
{
	char *s = sb->buf;

	sb_init(sb);
	return s;
}

/*
 * As strace: printable ASCII as is, the usual C escapes, anything else in
 * octal, with three digits when an octal digit follows so that it reads
 * back unambiguously.
 */
void sb_quote(struct strbuf *sb, const unsigned char *s, size_t len)
{
	size_t i;

	sb_putc(sb, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
			sb_puts(sb, "\\\"");
			continue;
		case '\\':
			sb_puts(sb, "\\\\");
			continue;
		case '\n':
			sb_puts(sb, "\\n");
			continue;
		case '\t':
			sb_puts(sb, "\\t");
			continue;
		case '\r':
			sb_puts(sb, "\\r");
			continue;
		case '\v':
			sb_puts(sb, "\\v");
			continue;
		case '\f':
			sb_puts(sb, "\\f");
			continue;
		}
		if (c >= ' ' && c < 0x7f)
			sb_putc(sb, c);
		else if (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7')
			sb_printf(sb, "\\%03o", c);
		else
			sb_printf(sb, "\\%o", c);
	}
	sb_putc(sb, '"');
}

const char *xlat_name(const struct xlat *tab, uint64_t val)
{
	for (; tab->name; tab++)
		if (tab->val == val)
			return tab->name;
	return NULL;
}

void sb_xlat(struct strbuf *sb, const struct xlat *tab, uint64_t val,
	     const char *fallback)
{
	const char *name = xlat_name(tab, val);

	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, fallback, (unsigned long long)val);
}

void sb_flags(struct strbuf *sb, const struct xlat *tab, uint64_t val,
	      const char *zero)
{
	int first = 1;

	if (!val) {
		sb_puts(sb, zero);
		return;
	}
	for (; tab->name && val; tab++) {
		if (!tab->val || (val & tab->val) != tab->val)
			continue;
		if (!first)
			sb_putc(sb, '|');
		sb_puts(sb, tab->name);
		val &= ~tab->val;
		first = 0;
	}
	if (val)
		sb_printf(sb, "%s%#llx", first ? "" : "|",
			  (unsigned long long)val);
}
