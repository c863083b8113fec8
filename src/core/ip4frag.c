// SPDX-License-Identifier: MIT
/*
 * IPv4 fragmentation; see ip4frag.h for the layout of the pieces.
 */
#include "ip4frag.h"

#include <errno.h>
#include <string.h>

#include "bytes.h"
#include "csum.h"

#define IP4_OPT_EOL    0
#define IP4_OPT_NOP    1
#define IP4_OPT_COPIED 0x80

/*
 * The options of the header at ip (opts_len bytes after the fixed 20) that
 * every piece after the first carries: those with the copied flag, in
 * order, padded with End of Option List to a multiple of 4. Returns the
 * padded length. A malformed option list (a length running past the
 * header) copies what came before it.
 */
static uint32_t copied_options(const uint8_t *opts, uint32_t opts_len, uint8_t out[40])
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < opts_len;) {
		uint8_t type = opts[i];
		if (type == IP4_OPT_EOL)
			break;
		if (type == IP4_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= opts_len || opts[i + 1] < 2 || i + opts[i + 1] > opts_len)
			break;
		uint32_t len = opts[i + 1];
		if (type & IP4_OPT_COPIED) {
			memcpy(out + n, opts + i, len);
			n += len;
		}
		i += len;
	}
	while (n % 4)
		out[n++] = IP4_OPT_EOL;
	return n;
}

static void set_piece(struct sr6_ip4_hdr *ip, uint32_t ihl, uint32_t data_len, uint16_t flags,
		      uint32_t offset8)
{
	ip->ver_ihl = (uint8_t)(0x40 | ihl / 4);
	ip->total_len = sr6_htons((uint16_t)(ihl + data_len));
	ip->frag_off = sr6_htons((uint16_t)(flags | offset8));
	sr6_ip4_set_checksum(ip);
}

int sr6_ip4_fragment(struct sr6_pkt *p, uint32_t mtu, struct sr6_pkt_pool *pool,
		     struct sr6_pkt **more, unsigned max_more)
{
	struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)p->data;
	uint32_t ihl = (ip->ver_ihl & 0xf) * 4u;
	uint32_t total = sr6_ntohs(ip->total_len);
	if (total <= mtu)
		return 0;
	uint8_t opts[40];
	uint32_t ihl_more =
	    sizeof(*ip) + copied_options(p->data + sizeof(*ip), ihl - sizeof(*ip), opts);
	/* RFC 791: every piece but the last carries a multiple of 8 data bytes */
	uint32_t first = mtu > ihl ? (mtu - ihl) & ~7u : 0;
	uint32_t each = mtu > ihl_more ? (mtu - ihl_more) & ~7u : 0;
	if (!first || !each || total > p->len || mtu > SR6_PKT_DATA_ROOM)
		return -EMSGSIZE;
	uint32_t data = total - ihl;
	unsigned n_more = (data - first + each - 1) / each;
	uint32_t offset8 = sr6_ntohs(ip->frag_off) & SR6_IP4_OFFSET_MASK;
	/* a piece must not end past 65535 bytes of the datagram (RFC 791's limit) */
	if (n_more > max_more || offset8 * 8 + data > 0xffff)
		return -EMSGSIZE;
	for (unsigned k = 0; k < n_more; k++) {
		more[k] = sr6_pkt_alloc(pool);
		if (!more[k]) {
			while (k--)
				sr6_pkt_free(more[k]);
			return -ENOMEM;
		}
	}

	uint16_t frag = sr6_ntohs(ip->frag_off);
	uint16_t keep = frag & SR6_IP4_DF; /* 0 here, but kept as it was */
	const uint8_t *payload = p->data + ihl;
	for (unsigned k = 0; k < n_more; k++) {
		struct sr6_pkt *q = more[k];
		uint32_t start = first + k * each;
		uint32_t len = data - start < each ? data - start : each;
		bool last = k + 1 == n_more;
		uint8_t *d = sr6_pkt_put(q, ihl_more + len);
		memcpy(d, ip, sizeof(*ip));
		memcpy(d + sizeof(*ip), opts, ihl_more - sizeof(*ip));
		memcpy(d + ihl_more, payload + start, len);
		uint16_t flags = keep | (last ? (frag & SR6_IP4_MF) : SR6_IP4_MF);
		set_piece((struct sr6_ip4_hdr *)d, ihl_more, len, flags, offset8 + start / 8);
		q->rx_if = p->rx_if;
		q->tx_if = p->tx_if;
		q->flags = p->flags & SR6_PKT_F_TRACE;
		q->flow_hash = p->flow_hash;
		q->ts_ns = p->ts_ns;
		q->nexthop = p->nexthop;
	}
	set_piece(ip, ihl, first, keep | SR6_IP4_MF, offset8);
	sr6_pkt_trim(p, ihl + first);
	return (int)n_more;
}
