/* SPDX-License-Identifier: MIT */
/*
 * Flow hashes: one 32-bit value per flow, the same for every packet of it,
 * with no state. Used for the outer flow label of encapsulated packets
 * (RFC 6437 §3: a function of the inner 5-tuple) and to choose among a
 * policy's segment lists.
 *
 * IPv6: source, destination, flow label when set (the sender already
 * labelled its flow) else the next header and, for TCP/UDP/SCTP right after
 * the IPv6 header, the ports. IPv4: addresses, protocol, ports unless a
 * fragment. Ethernet: MACs and type, plus the IP hash when IP follows.
 * Never 0 (0 means "not computed" in struct sr6_pkt).
 */
#ifndef SR6_CORE_FLOWHASH_H
#define SR6_CORE_FLOWHASH_H

#include <stdint.h>

uint32_t sr6_flow_hash6(const uint8_t *ip6, uint32_t len);
uint32_t sr6_flow_hash4(const uint8_t *ip4, uint32_t len);
uint32_t sr6_flow_hash_eth(const uint8_t *frame, uint32_t len);

/* Any IP packet by its version nibble. */
uint32_t sr6_flow_hash_ip(const uint8_t *ip, uint32_t len);

#endif
