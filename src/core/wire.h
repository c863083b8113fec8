/* SPDX-License-Identifier: MIT */
/*
 * Wire layouts of the headers srv6d reads and writes.
 *
 * Every struct is packed and checked with static_assert; multi-byte fields
 * are in network byte order (marked "be"). Byte-level fields that straddle
 * bit boundaries (version/class/flow label) are kept as one be32 word and
 * picked apart by helpers, so no struct relies on bitfield layout.
 *
 *   IPv6 ............ RFC 8200 §3
 *   ext headers ..... RFC 8200 §4 (HBH, Routing, Fragment, DestOpt)
 *   SRH ............. RFC 8754 §2, TLVs §2.1
 *   IPv4 ............ RFC 791 §3.1
 *   ICMPv6 .......... RFC 4443 §2.1, ND RFC 4861 §4
 *   ICMP ............ RFC 792
 *   Ethernet, ARP ... IEEE 802.3, RFC 826
 */
#ifndef SR6_CORE_WIRE_H
#define SR6_CORE_WIRE_H

#include <assert.h>
#include <stdint.h>

#define SR6_PACKED __attribute__((packed))

/* IANA protocol numbers (next header values) used by srv6d. */
enum {
	SR6_IPPROTO_HOPOPTS = 0,
	SR6_IPPROTO_ICMP = 1,
	SR6_IPPROTO_IPIP = 4, /* IPv4 payload */
	SR6_IPPROTO_TCP = 6,
	SR6_IPPROTO_UDP = 17,
	SR6_IPPROTO_IPV6 = 41,
	SR6_IPPROTO_ROUTING = 43,
	SR6_IPPROTO_FRAGMENT = 44,
	SR6_IPPROTO_ESP = 50,
	SR6_IPPROTO_AH = 51,
	SR6_IPPROTO_ICMPV6 = 58,
	SR6_IPPROTO_NONE = 59,
	SR6_IPPROTO_DSTOPTS = 60,
	SR6_IPPROTO_ETHERNET = 143, /* RFC 8986 §10.1: Ethernet payload */
};

enum {
	SR6_ETH_P_IPV4 = 0x0800,
	SR6_ETH_P_ARP = 0x0806,
	SR6_ETH_P_VLAN = 0x8100,
	SR6_ETH_P_IPV6 = 0x86dd,
};

struct sr6_eth_hdr {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t type; /* be */
} SR6_PACKED;
static_assert(sizeof(struct sr6_eth_hdr) == 14, "ethernet header is 14 bytes");

/* An IPv6 address as 16 bytes in network order; no alignment assumed. */
struct sr6_ip6 {
	uint8_t b[16];
};
static_assert(sizeof(struct sr6_ip6) == 16, "IPv6 address is 16 bytes");

/* RFC 8200 §3 */
struct sr6_ip6_hdr {
	uint32_t ver_tc_flow; /* be: version 4 bits, traffic class 8, flow label 20 */
	uint16_t payload_len; /* be */
	uint8_t next_header;
	uint8_t hop_limit;
	struct sr6_ip6 src;
	struct sr6_ip6 dst;
} SR6_PACKED;
static_assert(sizeof(struct sr6_ip6_hdr) == 40, "IPv6 header is 40 bytes");

/* RFC 8200 §4.3-4.6: the common first two bytes of HBH, DestOpt, Routing. */
struct sr6_ext_hdr {
	uint8_t next_header;
	uint8_t hdr_ext_len; /* 8-octet units, not counting the first 8 */
} SR6_PACKED;

/* RFC 8200 §4.5 */
struct sr6_frag_hdr {
	uint8_t next_header;
	uint8_t reserved;
	uint16_t offset_flags; /* be: offset 13 bits, res 2, M 1 */
	uint32_t ident;        /* be */
} SR6_PACKED;
static_assert(sizeof(struct sr6_frag_hdr) == 8, "fragment header is 8 bytes");

/* RFC 8754 §2: Segment Routing Header (Routing Type 4). */
struct sr6_srh {
	uint8_t next_header;
	uint8_t hdr_ext_len; /* 8-octet units, not counting the first 8 */
	uint8_t routing_type;
	uint8_t segments_left;
	uint8_t last_entry;
	uint8_t flags;
	uint16_t tag; /* be */
	struct sr6_ip6 segments[];
} SR6_PACKED;
static_assert(sizeof(struct sr6_srh) == 8, "SRH fixed part is 8 bytes");

#define SR6_SRH_ROUTING_TYPE 4
#define SR6_SRH_OFF_SEGMENTS_LEFT 3 /* Parameter Problem pointers */
#define SR6_SRH_OFF_LAST_ENTRY 4
/*
 * The Linux kernel's HMAC verifier (net/ipv6/seg6_hmac.c) still tests the
 * H flag of draft-ietf-6man-segment-routing-header-07 (0x08) before it looks
 * for the HMAC TLV; RFC 8754 left the flags unallocated.
 */
#define SR6_SRH_FLAG_HMAC_LINUX 0x08

/* RFC 8754 §2.1 TLV types. */
enum {
	SR6_SRH_TLV_PAD1 = 0,
	SR6_SRH_TLV_PADN = 4,
	SR6_SRH_TLV_HMAC = 5,
};

struct sr6_srh_tlv {
	uint8_t type;
	uint8_t len; /* bytes of value following this 2-byte header */
} SR6_PACKED;

/* RFC 8754 §2.1.2: HMAC TLV (value: D/reserved, key id, HMAC). */
struct sr6_srh_hmac_tlv {
	uint8_t type;
	uint8_t len;
	uint16_t d_reserved; /* be: D flag is the top bit */
	uint32_t key_id;     /* be */
	uint8_t hmac[];      /* len - 6 bytes, a multiple of 8 */
} SR6_PACKED;
static_assert(sizeof(struct sr6_srh_hmac_tlv) == 8, "HMAC TLV header is 8 bytes");

/* RFC 791 §3.1 */
struct sr6_ip4_hdr {
	uint8_t ver_ihl;
	uint8_t tos;
	uint16_t total_len; /* be */
	uint16_t id;        /* be */
	uint16_t frag_off;  /* be: flags 3 bits (DF 0x4000, MF 0x2000), offset 13 */
	uint8_t ttl;
	uint8_t protocol;
	uint16_t checksum; /* be */
	uint32_t src;      /* be */
	uint32_t dst;      /* be */
} SR6_PACKED;
static_assert(sizeof(struct sr6_ip4_hdr) == 20, "IPv4 header is 20 bytes");

#define SR6_IP4_DF 0x4000
#define SR6_IP4_MF 0x2000
#define SR6_IP4_OFFSET_MASK 0x1fff

/* RFC 4443 §2.1 and RFC 792: same first 8 bytes for errors and echo. */
struct sr6_icmp_hdr {
	uint8_t type;
	uint8_t code;
	uint16_t checksum; /* be */
	uint32_t data;     /* be: pointer, MTU, or echo id/seq */
} SR6_PACKED;
static_assert(sizeof(struct sr6_icmp_hdr) == 8, "ICMP header is 8 bytes");

enum {
	SR6_ICMP6_DEST_UNREACH = 1,
	SR6_ICMP6_PACKET_TOO_BIG = 2,
	SR6_ICMP6_TIME_EXCEEDED = 3,
	SR6_ICMP6_PARAM_PROB = 4,
	SR6_ICMP6_ECHO_REQUEST = 128,
	SR6_ICMP6_ECHO_REPLY = 129,
	SR6_ICMP6_ND_RS = 133,
	SR6_ICMP6_ND_RA = 134,
	SR6_ICMP6_ND_NS = 135,
	SR6_ICMP6_ND_NA = 136,
	SR6_ICMP6_ND_REDIRECT = 137,
};

/* RFC 4443 codes */
enum {
	SR6_ICMP6_UNREACH_NOROUTE = 0,
	SR6_ICMP6_UNREACH_ADMIN = 1,
	SR6_ICMP6_UNREACH_ADDR = 3,
	SR6_ICMP6_UNREACH_PORT = 4,
	SR6_ICMP6_TIME_EXCEED_HOPLIMIT = 0,
	SR6_ICMP6_PARAMPROB_HEADER = 0,
	SR6_ICMP6_PARAMPROB_NEXTHEADER = 1,
	SR6_ICMP6_PARAMPROB_OPTION = 2,
	SR6_ICMP6_PARAMPROB_SEGMENT = 4, /* RFC 8754 §4.3.1.1: SR upper-layer header error */
};

enum {
	SR6_ICMP4_ECHO_REPLY = 0,
	SR6_ICMP4_DEST_UNREACH = 3,
	SR6_ICMP4_ECHO_REQUEST = 8,
	SR6_ICMP4_TIME_EXCEEDED = 11,
	SR6_ICMP4_PARAM_PROB = 12,
};

enum {
	SR6_ICMP4_UNREACH_NET = 0,
	SR6_ICMP4_UNREACH_HOST = 1,
	SR6_ICMP4_UNREACH_PORT = 3,
	SR6_ICMP4_UNREACH_NEEDFRAG = 4,
	SR6_ICMP4_UNREACH_ADMIN = 13,
};

/* RFC 4861 §4.3/§4.4: NS and NA bodies after the ICMPv6 header. */
struct sr6_nd_msg {
	struct sr6_icmp_hdr icmp; /* data: NA flags R|S|O in the top bits */
	struct sr6_ip6 target;
	uint8_t options[];
} SR6_PACKED;
static_assert(sizeof(struct sr6_nd_msg) == 24, "NS/NA fixed part is 24 bytes");

#define SR6_ND_NA_ROUTER 0x80000000u
#define SR6_ND_NA_SOLICITED 0x40000000u
#define SR6_ND_NA_OVERRIDE 0x20000000u
enum {
	SR6_ND_OPT_SRC_LLADDR = 1,
	SR6_ND_OPT_TGT_LLADDR = 2,
};

/* RFC 826 for Ethernet/IPv4. */
struct sr6_arp_hdr {
	uint16_t htype; /* be: 1 */
	uint16_t ptype; /* be: 0x0800 */
	uint8_t hlen;
	uint8_t plen;
	uint16_t oper; /* be: 1 request, 2 reply */
	uint8_t sha[6];
	uint32_t spa; /* be */
	uint8_t tha[6];
	uint32_t tpa; /* be */
} SR6_PACKED;
static_assert(sizeof(struct sr6_arp_hdr) == 28, "ARP for Ethernet/IPv4 is 28 bytes");

struct sr6_udp_hdr {
	uint16_t sport; /* be */
	uint16_t dport; /* be */
	uint16_t len;   /* be */
	uint16_t checksum;
} SR6_PACKED;
static_assert(sizeof(struct sr6_udp_hdr) == 8, "UDP header is 8 bytes");

#endif
