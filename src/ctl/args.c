// SPDX-License-Identifier: MIT
/* Word splitting and typed readers for the config grammar (DESIGN.md §2.2). */
#include "args.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ip6.h"

int sr6_args_split(struct sr6_args *a, const char *line, struct sr6_reply *err)
{
	size_t len = strlen(line);
	memset(a->used, 0, sizeof(a->used)); /* w[] is filled before it is read */
	a->n = a->pos = 0;
	/* most lines fit: no allocation per line on the control socket's path */
	a->storage = len < sizeof(a->inline_storage) ? a->inline_storage : malloc(len + 1);
	if (!a->storage)
		return sr6_reply_error(err, -ENOMEM, "out of memory");
	memcpy(a->storage, line, len + 1);
	char *hash = strchr(a->storage, '#');
	if (hash)
		*hash = '\0';
	char *save = NULL;
	for (char *w = strtok_r(a->storage, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (a->n == SR6_ARGS_MAX)
			return sr6_reply_error(err, -E2BIG, "line has more than %d words",
					       SR6_ARGS_MAX);
		a->w[a->n++] = w;
	}
	return a->n;
}

void sr6_args_free(struct sr6_args *a)
{
	if (a->storage != a->inline_storage)
		free(a->storage);
	a->storage = NULL;
}

const char *sr6_args_next(struct sr6_args *a)
{
	while (a->pos < a->n && a->used[a->pos])
		a->pos++;
	if (a->pos >= a->n)
		return NULL;
	a->used[a->pos] = true;
	return a->w[a->pos++];
}

const char *sr6_args_kw(struct sr6_args *a, const char *kw)
{
	for (int i = a->pos; i + 1 < a->n; i++) {
		if (!a->used[i] && strcmp(a->w[i], kw) == 0) {
			a->used[i] = a->used[i + 1] = true;
			return a->w[i + 1];
		}
	}
	return NULL;
}

bool sr6_args_has(const struct sr6_args *a, const char *kw)
{
	for (int i = 0; i < a->n; i++)
		if (!a->used[i] && strcmp(a->w[i], kw) == 0)
			return true;
	return false;
}

bool sr6_args_flag(struct sr6_args *a, const char *flag)
{
	for (int i = a->pos; i < a->n; i++) {
		if (!a->used[i] && strcmp(a->w[i], flag) == 0) {
			a->used[i] = true;
			return true;
		}
	}
	return false;
}

int sr6_args_done(struct sr6_args *a, struct sr6_reply *err)
{
	for (int i = 0; i < a->n; i++)
		if (!a->used[i])
			return sr6_reply_error(err, -EINVAL, "unexpected word '%s'", a->w[i]);
	return 0;
}

int sr6_parse_u32(const char *s, uint32_t min, uint32_t max, const char *what, uint32_t *out,
		  struct sr6_reply *err)
{
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return sr6_reply_error(err, -EINVAL, "%s: expected a number, got '%s'", what,
				       s ? s : "nothing");
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return sr6_reply_error(err, -EINVAL, "%s: '%s' is not a number in %u..%u", what, s,
				       min, max);
	*out = (uint32_t)v;
	return 0;
}

int sr6_parse_addr(const char *s, bool allow_v4, const char *what, struct sr6_ip6 *out,
		   struct sr6_reply *err)
{
	if (!s || sr6_ip6_parse(s, out, allow_v4) < 0)
		return sr6_reply_error(err, -EINVAL, "%s: '%s' is not an %s address", what,
				       s ? s : "nothing", allow_v4 ? "IP" : "IPv6");
	return 0;
}

static int parse_prefix(const char *s, const char *what, struct sr6_ip6 *out, unsigned *len,
			bool host_bits_ok, struct sr6_reply *err)
{
	char buf[64];
	if (!s || strlen(s) >= sizeof(buf))
		return sr6_reply_error(err, -EINVAL, "%s: '%s' is not a prefix", what,
				       s ? s : "nothing");
	strcpy(buf, s);
	char *slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (sr6_ip6_parse(buf, out, true) < 0)
		return sr6_reply_error(err, -EINVAL, "%s: '%s' is not a prefix", what, s);
	bool v4 = sr6_ip6_is_v4mapped(out) && !strchr(buf, ':');
	if (!v4 && sr6_ip6_is_v4mapped(out))
		return sr6_reply_error(err, -EINVAL, "%s: IPv4-mapped IPv6 prefixes are not routable",
				       what);
	uint32_t l = v4 ? 32 : 128;
	if (slash && sr6_parse_u32(slash + 1, 0, v4 ? 32 : 128, what, &l, err) < 0)
		return -EINVAL;
	*len = v4 ? 96 + l : l;
	struct sr6_ip6 masked = *out;
	sr6_ip6_mask(&masked, *len);
	if (!host_bits_ok && !sr6_ip6_eq(&masked, out))
		return sr6_reply_error(err, -EINVAL, "%s: '%s' has host bits set", what, s);
	return 0;
}

int sr6_parse_prefix(const char *s, const char *what, struct sr6_ip6 *out, unsigned *len,
		     struct sr6_reply *err)
{
	return parse_prefix(s, what, out, len, false, err);
}

int sr6_parse_addr_len(const char *s, const char *what, struct sr6_ip6 *out, unsigned *len,
		       struct sr6_reply *err)
{
	return parse_prefix(s, what, out, len, true, err);
}

int sr6_parse_mac(const char *s, uint8_t mac[6], struct sr6_reply *err)
{
	unsigned b[6];
	char tail;
	if (!s || sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
			 &tail) != 6)
		return sr6_reply_error(err, -EINVAL, "'%s' is not a MAC address (aa:bb:cc:dd:ee:ff)",
				       s ? s : "nothing");
	for (int i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return sr6_reply_error(err, -EINVAL, "'%s' is not a MAC address", s);
		mac[i] = (uint8_t)b[i];
	}
	return 0;
}

int sr6_parse_name(const char *s, const char *what, char *out, size_t size,
		   struct sr6_reply *err)
{
	if (!s || !*s)
		return sr6_reply_error(err, -EINVAL, "%s: name missing", what);
	if (strlen(s) >= size)
		return sr6_reply_error(err, -EINVAL, "%s: '%s' is longer than %zu characters", what,
				       s, size - 1);
	for (const char *c = s; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_-.:", *c))
			return sr6_reply_error(err, -EINVAL,
					       "%s: '%s' may only hold letters, digits and _-.:",
					       what, s);
	strcpy(out, s);
	return 0;
}

const char *sr6_prefix_format(const struct sr6_ip6 *pfx, unsigned len, char *buf, size_t size)
{
	char a[SR6_ADDRSTRLEN];
	bool v4 = len >= 96 && sr6_ip6_is_v4mapped(pfx);
	snprintf(buf, size, "%s/%u", sr6_ip6_format(pfx, a), v4 ? len - 96 : len);
	return buf;
}

const char *sr6_mac_format(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}
