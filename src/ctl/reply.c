// SPDX-License-Identifier: MIT
/*
 * Reply buffer. Allocation failure truncates the reply rather than failing
 * the command: the change was already applied, and a short answer is
 * better than a lie about the result.
 */
#include "reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sr6_reply_vprintf(struct sr6_reply *r, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if (r->len + (size_t)n + 1 > r->cap) {
		size_t cap = r->cap ? r->cap : 256;
		while (cap < r->len + (size_t)n + 1)
			cap *= 2;
		char *b = realloc(r->buf, cap);
		if (!b)
			return;
		r->buf = b;
		r->cap = cap;
	}
	vsnprintf(r->buf + r->len, r->cap - r->len, fmt, ap);
	r->len += (size_t)n;
}

void sr6_reply_printf(struct sr6_reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sr6_reply_vprintf(r, fmt, ap);
	va_end(ap);
}

void sr6_reply_clear(struct sr6_reply *r)
{
	r->len = 0;
	if (r->buf)
		r->buf[0] = '\0';
}

void sr6_reply_free(struct sr6_reply *r)
{
	free(r->buf);
	r->buf = NULL;
	r->len = r->cap = 0;
}

int sr6_reply_error(struct sr6_reply *r, int err, const char *fmt, ...)
{
	va_list ap;
	sr6_reply_clear(r);
	va_start(ap, fmt);
	sr6_reply_vprintf(r, fmt, ap);
	va_end(ap);
	return err;
}

void sr6_reply_json_str(struct sr6_reply *r, const char *s)
{
	sr6_reply_printf(r, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sr6_reply_printf(r, "\\%c", c);
		else if (c < 0x20)
			sr6_reply_printf(r, "\\u%04x", c);
		else
			sr6_reply_printf(r, "%c", c);
	}
	sr6_reply_printf(r, "\"");
}
