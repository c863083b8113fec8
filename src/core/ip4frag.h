/* SPDX-License-Identifier: MIT */
/*
 * IPv4 fragmentation (RFC 791 §3.2 "Fragmentation", RFC 1812 §5.2.6): a
 * datagram without DF that is larger than the link's MTU leaves in pieces.
 *
 *   in:   | hdr + options (ihl) |          data (total - ihl)           |
 *   out:  | hdr + all options | data[0, n0)  |            MF
 *         | hdr + copied opts | data[n0, n1) |            MF
 *         | hdr + copied opts | data[n1, end) |           MF as the original
 *
 * Each piece's data is a multiple of 8 bytes except the last one's; its
 * Fragment Offset is the original's plus its place in the data (a fragment
 * can be fragmented again); only options with the copied flag (type bit
 * 0x80) go into the pieces after the first, padded to 4 bytes with
 * End of Option List. Every piece gets its own Total Length and header
 * checksum; TTL, ToS, ID, protocol and addresses are the original's.
 */
#ifndef SR6_CORE_IP4FRAG_H
#define SR6_CORE_IP4FRAG_H

#include <stdint.h>

#include "pkt.h"

/* The most pieces one datagram is cut into (a 64 KiB datagram over a 1280 link: 52). */
#define SR6_IP4_FRAGS_MAX 64

/*
 * Cut the IPv4 datagram at p->data (header checked, total length = p->len)
 * for a link of mtu bytes: p keeps the first piece, more[] gets the others
 * (buffers from pool). Returns how many went to more[] (>= 1), or
 *   -EMSGSIZE  mtu leaves no room for 8 bytes of data, the datagram
 *              would need more than max_more + 1 pieces, or its data would
 *              end past byte 65535 of the original datagram;
 *   -ENOMEM    the pool ran dry.
 * On error p is unchanged and nothing is left allocated.
 */
int sr6_ip4_fragment(struct sr6_pkt *p, uint32_t mtu, struct sr6_pkt_pool *pool,
		     struct sr6_pkt **more, unsigned max_more);

#endif
