/* SPDX-License-Identifier: MIT */
/*
 * IPv6 (and IPv4-mapped) address helpers shared by every layer.
 *
 * An IPv4 address travels inside srv6d as ::ffff:a.b.c.d (RFC 4291 §2.5.5.2)
 * wherever a table is keyed by "an address" (neighbors, next hops), so one
 * key type serves both families.
 */
#ifndef SR6_CORE_IP6_H
#define SR6_CORE_IP6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"
#include "wire.h"

#define SR6_ADDRSTRLEN 46 /* INET6_ADDRSTRLEN */

static inline bool sr6_ip6_eq(const struct sr6_ip6 *a, const struct sr6_ip6 *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static inline bool sr6_ip6_is_zero(const struct sr6_ip6 *a)
{
	return sr6_get_be64(a->b) == 0 && sr6_get_be64(a->b + 8) == 0;
}

static inline bool sr6_ip6_is_multicast(const struct sr6_ip6 *a)
{
	return a->b[0] == 0xff;
}

static inline bool sr6_ip6_is_v4mapped(const struct sr6_ip6 *a)
{
	static const uint8_t pfx[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return memcmp(a->b, pfx, sizeof(pfx)) == 0;
}

/* be32 IPv4 address (as in struct sr6_ip4_hdr) to ::ffff:a.b.c.d */
static inline struct sr6_ip6 sr6_ip6_from_v4(uint32_t be_addr)
{
	struct sr6_ip6 a = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}};
	memcpy(a.b + 12, &be_addr, 4);
	return a;
}

static inline uint32_t sr6_ip6_to_v4(const struct sr6_ip6 *a)
{
	uint32_t v;
	memcpy(&v, a->b + 12, 4);
	return v;
}

/* Zero every bit after the first len bits. */
void sr6_ip6_mask(struct sr6_ip6 *a, unsigned len);

/* True when the first len bits of a and b are equal. */
bool sr6_ip6_prefix_match(const struct sr6_ip6 *a, const struct sr6_ip6 *b, unsigned len);

/* Parse "2001:db8::1" or, when allow_v4, "192.0.2.1" (stored v4-mapped). */
int sr6_ip6_parse(const char *s, struct sr6_ip6 *out, bool allow_v4);

/* Print in RFC 5952 form (v4-mapped prints as dotted quad). Returns buf. */
const char *sr6_ip6_format(const struct sr6_ip6 *a, char buf[SR6_ADDRSTRLEN]);

#endif
