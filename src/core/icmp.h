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
 * get an error of this type/code? No for: errors and redirects we would
 * answer (an ICMPv6 error message or a non-echo informational we do not
 * know), unspecified or multicast source, multicast destination (except
 * Packet Too Big and Parameter Problem code 2). l4_proto/l4_off come from
 * sr6_ip6_walk; when the packet's ICMPv6 type is not reachable (fragment,
 * truncated) it is treated as not an error message.
 */
bool sr6_icmp6_error_allowed(const struct sr6_pkt *pkt, uint8_t l4_proto, uint32_t l4_off,
			     uint8_t type, uint8_t code);

/*
 * Turn pkt into an ICMPv6 error from src to the packet's source:
 *   IPv6(src -> orig src, hlim 64) | ICMPv6(type, code, data) | orig[...]
 * data is the Parameter Problem pointer or the Packet Too Big MTU (host
 * order; 0 otherwise). Returns 0, or -ENOSPC without headroom.
 */
int sr6_icmp6_error(struct sr6_pkt *pkt, const struct sr6_ip6 *src, uint8_t type, uint8_t code,
		    uint32_t data);

/*
 * RFC 1812 §4.3.2.7 for IPv4: no error for an ICMP error, a non-first
 * fragment, a broadcast/multicast/zero/loopback source or a link broadcast
 * or multicast destination.
 */
bool sr6_icmp4_error_allowed(const struct sr6_pkt *pkt);

/* IPv4 counterpart: IPv4(src_be -> orig src, ttl 64) | ICMP | orig[...] */
int sr6_icmp4_error(struct sr6_pkt *pkt, uint32_t src_be, uint8_t type, uint8_t code,
		    uint32_t data);

/*
 * Answer an echo request in place: swap addresses (the reply's source is
 * the address the request was sent to), type 128->129 / 8->0, fix the
 * checksum, hop limit/TTL 64. l4_off is the ICMP header offset from
 * pkt->data. Extension headers between IPv6 and ICMPv6 are removed.
 */
int sr6_icmp6_echo_reply(struct sr6_pkt *pkt, uint32_t l4_off);
int sr6_icmp4_echo_reply(struct sr6_pkt *pkt);

/* Checksum of an ICMPv6 message over its pseudo-header, ready to store. */
uint16_t sr6_icmp6_checksum(const struct sr6_ip6_hdr *ip6, const uint8_t *icmp, uint32_t len);

#endif
