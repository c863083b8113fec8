// SPDX-License-Identifier: MIT
/* Address helpers; parsing and printing lean on the C library's inet_*. */
#include "ip6.h"

#include <arpa/inet.h>
#include <errno.h>

void sr6_ip6_mask(struct sr6_ip6 *a, unsigned len)
{
	if (len >= 128)
		return;
	unsigned byte = len / 8;
	if (len % 8)
		a->b[byte++] &= (uint8_t)(0xff00u >> (len % 8));
	memset(a->b + byte, 0, 16 - byte);
}

bool sr6_ip6_prefix_match(const struct sr6_ip6 *a, const struct sr6_ip6 *b, unsigned len)
{
	unsigned full = len / 8;
	if (len > 128)
		return false;
	if (memcmp(a->b, b->b, full) != 0)
		return false;
	if (len % 8 == 0)
		return true;
	uint8_t m = (uint8_t)(0xff00u >> (len % 8));
	return ((a->b[full] ^ b->b[full]) & m) == 0;
}

int sr6_ip6_parse(const char *s, struct sr6_ip6 *out, bool allow_v4)
{
	if (inet_pton(AF_INET6, s, out->b) == 1)
		return 0;
	if (allow_v4) {
		uint32_t v4;
		if (inet_pton(AF_INET, s, &v4) == 1) {
			*out = sr6_ip6_from_v4(v4);
			return 0;
		}
	}
	return -EINVAL;
}

const char *sr6_ip6_format(const struct sr6_ip6 *a, char buf[SR6_ADDRSTRLEN])
{
	if (sr6_ip6_is_v4mapped(a))
		inet_ntop(AF_INET, a->b + 12, buf, SR6_ADDRSTRLEN);
	else
		inet_ntop(AF_INET6, a->b, buf, SR6_ADDRSTRLEN);
	return buf;
}
