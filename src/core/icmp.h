/* SPDX-License-Identifier: MIT */
/*
 * ICMPv6 (RFC 4443) and ICMP (RFC 792, RFC 1812 §4.3) replies, built in
 * place: the packet that caused the error becomes the error, quoted behind
 * a new IP + ICMP header pushed into its headroom and trimmed to the
 * minimum MTU (1280 bytes for IPv6, 576 for IPv4). No allocation.
 *
 * The caller decides *whether* to send (rate limit, RFC 4443 §2.4 (e)
 * rules through sr6_icmp6_error_allowed()) and where the result goes.
 */
#ifndef SR6_CORE_ICMP_H
#define SR6_CORE_ICMP_H

#include <stdbool.h>
#include <stdint.h>

#include "pkt.h"
#include "wire.h"

#define SR6_ICMP6_ERR_MAX 1280 /* RFC 4443 §2.4 (c) */
#define SR6_ICMP4_ERR_MAX 576  /* RFC 1812 §4.3.2.3 */
#define SR6_ICMP_HOP_LIMIT 64

/*
 * RFC 4443 §2.4 (e): may this IPv6 packet (pkt->data at its IPv6 header)
 * get an error of this type/code? No for: an ICMPv6 error message (type
 * < 128) or a Redirect (137) (e.1, e.2), an unspecified or multicast source
 * (e.6), a multicast destination (e.3) except for Packet Too Big and
 * Parameter Problem code 2. l4_proto/l4_off come from sr6_ip6_walk; when
 * the packet's ICMPv6 type is not reachable it is treated as not an error
 * message: l4_off at or past the end of pkt or of its IPv6 payload
 * (truncated; link padding is not a message), or l4_proto other than
 * ICMPv6 — pass SR6_IPPROTO_NONE for a later fragment, whose l4_off points
 * into the middle of the message. Left to the caller, which knows them:
 * link-layer multicast/broadcast (e.4, e.5), anycast sources (e.6), and
 * that a code 2 to a multicast destination is for an option whose type
 * starts with bits 10 (RFC 8200 §4.2).
 */
bool sr6_icmp6_error_allowed(const struct sr6_pkt *pkt, uint8_t l4_proto, uint32_t l4_off,
			     uint8_t type, uint8_t code);

/*
 * Turn pkt into an ICMPv6 error from src to the packet's source:
 *   IPv6(src -> orig src, hlim 64, tc 0, flow 0) | ICMPv6(type, code, data)
 *   | orig[...]
 * data is the Parameter Problem pointer or the Packet Too Big MTU (host
 * order; 0 otherwise). The quote is the original IPv6 packet (link padding
 * past its payload length dropped) cut so the error is at most 1280 bytes.
 * Sets SR6_PKT_F_ICMP_ERR. Returns 0, -EINVAL when pkt is shorter than an
 * IPv6 header, or -ENOSPC without 48 bytes of headroom (pkt unchanged).
 */
int sr6_icmp6_error(struct sr6_pkt *pkt, const struct sr6_ip6 *src, uint8_t type, uint8_t code,
		    uint32_t data);

/*
 * RFC 1812 §4.3.2.7 for IPv4 (pkt->data at its IPv4 header): no error for
 * a malformed header, an ICMP error (types 3, 4, 5, 11, 12, and, as in
 * Linux, unknown types above 18), a non-first fragment, a source in 0/8,
 * 127/8, 224/4 or 240/4 (RFC 1812 §5.3.7, includes 255.255.255.255), a
 * multicast or limited-broadcast destination. Directed broadcasts and
 * link-layer broadcast/multicast are the caller's to check.
 */
bool sr6_icmp4_error_allowed(const struct sr6_pkt *pkt);

/*
 * IPv4 counterpart: IPv4(src_be -> orig src, ttl 64, tos 0xc0 (RFC 1812
 * §4.3.2.5), DF, id 0) | ICMP | orig[...], at most 576 bytes. data (host
 * order) is the Parameter Problem pointer, which goes in the first byte of
 * the ICMP data word (RFC 792), or the Fragmentation Needed next-hop MTU,
 * its low 16 bits (RFC 1191); 0 otherwise. Returns as sr6_icmp6_error.
 */
int sr6_icmp4_error(struct sr6_pkt *pkt, uint32_t src_be, uint8_t type, uint8_t code,
		    uint32_t data);

/*
 * Answer an echo request in place: swap addresses (the reply's source is
 * the address the request was sent to), type 128->129 / 8->0, code 0, fix
 * the checksum, hop limit/TTL 64. l4_off is the ICMP header offset from
 * pkt->data. Extension headers between IPv6 and ICMPv6 are removed (and
 * the flow label cleared); IPv4 options are removed (IHL 5). Link padding
 * is trimmed. Returns 0, -EINVAL when the packet is not a whole,
 * unfragmented echo request, or -EBADMSG when the request's ICMP checksum
 * is wrong (the reply would make a corrupted request look good).
 */
int sr6_icmp6_echo_reply(struct sr6_pkt *pkt, uint32_t l4_off);
int sr6_icmp4_echo_reply(struct sr6_pkt *pkt);

/* Checksum of an ICMPv6 message over its pseudo-header, ready to store. */
uint16_t sr6_icmp6_checksum(const struct sr6_ip6_hdr *ip6, const uint8_t *icmp, uint32_t len);

#endif
