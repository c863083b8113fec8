/* SPDX-License-Identifier: MIT */
/*
 * A growing text buffer for command replies, plus the few JSON helpers
 * `show ... --json` needs. One reply per command; on error the buffer holds
 * the message (no FILE:LINE prefix: the caller knows where the line came
 * from).
 */
#ifndef SR6_CTL_REPLY_H
#define SR6_CTL_REPLY_H

#include <stdarg.h>
#include <stddef.h>

struct sr6_reply {
	char *buf;
	size_t len, cap;
};

void sr6_reply_printf(struct sr6_reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sr6_reply_vprintf(struct sr6_reply *r, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void sr6_reply_clear(struct sr6_reply *r);
void sr6_reply_free(struct sr6_reply *r);

/* Set the reply to a message and return err (negative errno) for `return`. */
int sr6_reply_error(struct sr6_reply *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Append s as a JSON string literal, quotes included. */
void sr6_reply_json_str(struct sr6_reply *r, const char *s);

/* Text cell content for tables: string or "-" when empty. */
static inline const char *sr6_or_dash(const char *s)
{
	return s && *s ? s : "-";
}

#endif
