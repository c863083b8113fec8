/* SPDX-License-Identifier: MIT */
/*
 * Why a packet was dropped: one X-macro list gives the enum, the short key
 * printed by `show counters` (and used in JSON and metrics) and a one-line
 * description. Add a reason here, never reuse one for a different cause.
 *
 * Parse and check functions return enum sr6_drop: SR6_DROP_NONE (0) means
 * "fine, go on", anything else is the reason to count.
 */
#ifndef SR6_CORE_DROP_H
#define SR6_CORE_DROP_H

/* X(ENUM_SUFFIX, "key", "description") */
#define SR6_DROP_REASONS(X)                                                                        \
	X(NONE, "none", "not dropped")                                                             \
	X(L2_RUNT, "l2_runt", "frame shorter than an Ethernet header")                             \
	X(L2_ETHERTYPE, "l2_ethertype", "Ethernet type is not IPv4, IPv6 or ARP")                 \
	X(L2_NOT_FOR_US, "l2_not_for_us", "destination MAC is neither ours nor broadcast/multicast") \
	X(ARP_INVALID, "arp_invalid", "ARP packet malformed or not Ethernet/IPv4")                 \
	X(ARP_NOT_FOR_US, "arp_not_for_us", "ARP for an address that is not ours")                  \
	X(ND_INVALID, "nd_invalid", "neighbor discovery message fails RFC 4861 §7.1 checks")       \
	X(ND_NOT_FOR_US, "nd_not_for_us", "neighbor solicitation for an address that is not ours")  \
	X(ND_UNSUPPORTED, "nd_unsupported", "router solicitation/advertisement or redirect (not served)") \
	X(IP6_TRUNCATED, "ip6_truncated", "shorter than an IPv6 header")                           \
	X(IP6_VERSION, "ip6_version", "IP version field is not 6")                                 \
	X(IP6_LENGTH, "ip6_length", "payload length larger than the packet")                      \
	X(IP6_SRC_INVALID, "ip6_src_invalid", "source address is multicast")                     \
	X(IP6_DST_INVALID, "ip6_dst_invalid", "destination is unspecified, loopback or link-scope multicast we do not serve") \
	X(IP6_HOP_LIMIT, "ip6_hop_limit", "hop limit expired")              \
	X(IP6_NO_ROUTE, "ip6_no_route", "no route to the destination")         \
	X(IP6_EXTHDR, "ip6_exthdr", "extension header chain malformed or runs past the packet")   \
	X(IP6_TOO_BIG, "ip6_too_big", "larger than the egress MTU")         \
	X(SRH_TRUNCATED, "srh_truncated", "SRH Hdr Ext Len runs past the packet")                  \
	X(SRH_LAST_ENTRY, "srh_last_entry", "SRH Last Entry larger than its segment list allows")   \
	X(SRH_SEGMENTS_LEFT, "srh_segments_left", "SRH Segments Left greater than Last Entry + 1")  \
	X(SRH_TLV, "srh_tlv", "SRH TLVs malformed or do not fill the header")                        \
	X(SRH_BAD_TYPE, "srh_bad_type", "unknown routing type with Segments Left > 0")             \
	X(SR_UPPER_LAYER, "sr_upper_layer",                                                        \
	  "upper-layer header not allowed at a SID (Parameter Problem code 4, RFC 8754 §4.3.1.1)") \
	X(SR_NOT_LAST_SID, "sr_not_last_sid",                                                      \
	  "Segments Left not 0 at a SID that must be the last one (End.DX*, End.DT*)")             \
	X(SR_FRAGMENT, "sr_fragment", "fragment reaching a SID's upper-layer processing (no reassembly)") \
	X(SR_CSID_INDEX, "sr_csid_index", "REPLACE-CSID index in the DA outside its C-SID container") \
	X(SR_BEHAVIOR, "sr_behavior", "SID behavior unknown to this build")                      \
	X(IP4_TRUNCATED, "ip4_truncated", "shorter than an IPv4 header")                           \
	X(IP4_HEADER, "ip4_header", "IPv4 version or header length invalid")                       \
	X(IP4_CHECKSUM, "ip4_checksum", "IPv4 header checksum wrong")                              \
	X(IP4_LENGTH, "ip4_length", "IPv4 total length invalid for the packet")                    \
	X(IP4_SRC_INVALID, "ip4_src_invalid", "IPv4 source is multicast or broadcast")           \
	X(IP4_DST_INVALID, "ip4_dst_invalid", "IPv4 destination is zero, loopback, multicast or broadcast") \
	X(IP4_TTL, "ip4_ttl", "TTL expired")                                  \
	X(IP4_NO_ROUTE, "ip4_no_route", "no IPv4 route to the destination")     \
	X(IP4_TOO_BIG, "ip4_too_big", "larger than the egress MTU with DF set, or than 64 fragments") \
	X(LOCAL_PROTO, "local_proto", "addressed to the router with a protocol it does not serve") \
	X(ROUTE_BLACKHOLE, "route_blackhole", "route says drop")                                   \
	X(NEIGH_UNRESOLVED, "neigh_unresolved", "next hop did not answer neighbor/ARP solicitations") \
	X(NEIGH_QUEUE_FULL, "neigh_queue_full", "no room to hold the packet while its next hop resolves") \
	X(IF_DOWN, "if_down", "output interface missing or down")                                   \
	X(TX_FULL, "tx_full", "output queue full")                                                  \
	X(NO_BUFFER, "no_buffer", "packet buffer pool empty")                                       \
	X(NO_HEADROOM, "no_headroom", "not enough headroom to add headers")                        \
	X(NO_TAILROOM, "no_tailroom", "no room after the packet for a reply longer than it")       \
	X(LOOP, "loop", "too many lookups for one packet (routing loop)")                          \
	X(SR_INSERT_V4, "sr_insert_v4", "IPv4 packet steered into an H.Insert policy (IPv6 only)")  \
	X(L2_TOO_BIG, "l2_too_big", "frame larger than the egress MTU after H.Encaps.L2")          \
	X(SR_EDGE_SRH, "sr_edge_srh",                                                              \
	  "SRH from an untrusted interface without an HMAC it accepts (RFC 8754 §5.1)")           \
	X(SR_EDGE_SID, "sr_edge_sid",                                                              \
	  "destination in the SID space from an untrusted interface (RFC 8754 §5.1, RFC 9602)")   \
	X(SR_HMAC_MISSING, "sr_hmac_missing", "SRH without the HMAC TLV the interface requires") \
	X(SR_HMAC_KEY, "sr_hmac_key", "HMAC TLV names a key id the router does not have")        \
	X(SR_HMAC_INVALID, "sr_hmac_invalid",                                                      \
	  "HMAC TLV does not verify: wrong MAC, or destination check (RFC 8754 §2.1.2.1)")       \
	X(URPF_STRICT, "urpf_strict",                                                              \
	  "source not routed back out of the receiving interface (uRPF strict, RFC 3704 §2.2)")   \
	X(URPF_LOOSE, "urpf_loose", "no route back to the source (uRPF loose, RFC 3704 §2.4)")

enum sr6_drop {
#define SR6_DROP_ENUM(name, key, descr) SR6_DROP_##name,
	SR6_DROP_REASONS(SR6_DROP_ENUM)
#undef SR6_DROP_ENUM
		SR6_DROP__COUNT
};

extern const char *const sr6_drop_key[SR6_DROP__COUNT];
extern const char *const sr6_drop_descr[SR6_DROP__COUNT];

#endif
