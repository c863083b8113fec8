/* SPDX-License-Identifier: MIT */
/*
 * Words of one config line and typed readers for them.
 *
 * A command handler takes its positional words in order and its keyword
 * arguments ("dev eth0", "mtu 9000", bare flags like "untrusted") by name;
 * sr6_args_done() then rejects any word nobody took, so a typo is an error
 * that names the word, never silently ignored.
 */
#ifndef SR6_CTL_ARGS_H
#define SR6_CTL_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/wire.h"
#include "reply.h"

#define SR6_ARGS_MAX 128

struct sr6_args {
	char *w[SR6_ARGS_MAX];
	bool used[SR6_ARGS_MAX];
	int n;
	int pos;       /* next positional word */
	char *storage; /* the words: inline when the line fits, else malloc'ed */
	char inline_storage[256];
};

/*
 * Split line into words (comment from '#' on dropped). Returns the number of
 * words, or -E2BIG with a message when the line has too many.
 */
int sr6_args_split(struct sr6_args *a, const char *line, struct sr6_reply *err);
void sr6_args_free(struct sr6_args *a);

/* Next unused positional word, or NULL. */
const char *sr6_args_next(struct sr6_args *a);
/* Value after keyword kw (marks both used); NULL when kw is absent. */
const char *sr6_args_kw(struct sr6_args *a, const char *kw);
/* True when the bare flag is present (marks it used). */
bool sr6_args_flag(struct sr6_args *a, const char *flag);
/* True when an unused word equals kw (nothing is marked used). */
bool sr6_args_has(const struct sr6_args *a, const char *kw);
/* 0, or -EINVAL naming the first word nobody took. */
int sr6_args_done(struct sr6_args *a, struct sr6_reply *err);

/* Typed readers: 0 or -EINVAL with a message naming what was wrong. */
int sr6_parse_u32(const char *s, uint32_t min, uint32_t max, const char *what, uint32_t *out,
		  struct sr6_reply *err);
int sr6_parse_addr(const char *s, bool allow_v4, const char *what, struct sr6_ip6 *out,
		   struct sr6_reply *err);
/*
 * "2001:db8::/32" or "10.0.0.0/8" (v4-mapped, len + 96); no "/": host route.
 * Host bits set are an error for a prefix; sr6_parse_addr_len allows them
 * ("2001:db8::1/64": an address and its subnet).
 */
int sr6_parse_prefix(const char *s, const char *what, struct sr6_ip6 *out, unsigned *len,
		     struct sr6_reply *err);
int sr6_parse_addr_len(const char *s, const char *what, struct sr6_ip6 *out, unsigned *len,
		       struct sr6_reply *err);
int sr6_parse_mac(const char *s, uint8_t mac[6], struct sr6_reply *err);
int sr6_parse_name(const char *s, const char *what, char *out, size_t size,
		   struct sr6_reply *err);

/* Print a prefix (v4-mapped back to IPv4 notation) into buf. */
const char *sr6_prefix_format(const struct sr6_ip6 *pfx, unsigned len, char *buf, size_t size);
const char *sr6_mac_format(const uint8_t mac[6], char buf[18]);

#endif
