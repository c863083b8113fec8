/* SPDX-License-Identifier: MIT */
/*
 * Local SIDs and their endpoint behaviors (RFC 8986 §4, RFC 9800 §4).
 *
 * A SID is a FIB entry whose next hop is of kind SR6_NH_SID and points at a
 * struct sr6_sid. The behavior runs on the packet and returns a verdict that
 * tells the pipeline what to do next, so the sr layer never touches FIB
 * internals, interfaces or counters:
 *
 *   pipeline ──DA hits SID──► sr6_sid_process(sid, pkt) ──► verdict
 *                                                           LOOKUP6/4: look up the (new)
 *                                                              destination in `table`, transmit
 *                                                           ADJ: transmit via next hop `nh`
 *                                                           L2_OUT: frame out `oif` as is
 *                                                           ECHO: answer the echo request
 *                                                           ICMP6: send an error, drop
 *                                                           DROP: drop for `why`
 *
 * "Transmit" after a behavior never decrements the hop limit again: the
 * behavior already did (RFC 8986 S12/S15: "submit the packet to the egress
 * IPv6 FIB lookup for transmission").
 *
 * One descriptor per behavior (as Linux seg6_local does) says which
 * parameters it needs and which flavors it takes; the control plane checks
 * a `sid add` line against it before anything is installed.
 */
#ifndef SR6_SR_SID_H
#define SR6_SR_SID_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/drop.h"
#include "../core/pkt.h"
#include "../core/wire.h"
#include "../fib/fib.h"

/* X(ENUM, "config name") */
#define SR6_BEHAVIORS(X)                                                                           \
	X(END, "End")                                                                              \
	X(END_X, "End.X")                                                                          \
	X(END_T, "End.T")                                                                          \
	X(END_DX2, "End.DX2")                                                                      \
	X(END_DX4, "End.DX4")                                                                      \
	X(END_DX6, "End.DX6")                                                                      \
	X(END_DT4, "End.DT4")                                                                      \
	X(END_DT6, "End.DT6")                                                                      \
	X(END_DT46, "End.DT46")                                                                    \
	X(END_B6_ENCAPS, "End.B6.Encaps")                                                          \
	X(END_B6_ENCAPS_RED, "End.B6.Encaps.Red")

enum sr6_behavior {
#define SR6_BEH_ENUM(name, str) SR6_BEH_##name,
	SR6_BEHAVIORS(SR6_BEH_ENUM)
#undef SR6_BEH_ENUM
		SR6_BEH__COUNT
};

/* RFC 8986 §4.16 and RFC 9800 §4 flavors. X(ENUM, bit, "config name") */
#define SR6_FLAVORS(X)                                                                             \
	X(PSP, 0, "psp")                                                                           \
	X(USP, 1, "usp")                                                                           \
	X(USD, 2, "usd")                                                                           \
	X(NEXT_CSID, 3, "next-csid")                                                               \
	X(REPLACE_CSID, 4, "replace-csid")

enum sr6_flavor {
#define SR6_FLAVOR_ENUM(name, bit, str) SR6_FLAVOR_##name = 1 << (bit),
	SR6_FLAVORS(SR6_FLAVOR_ENUM)
#undef SR6_FLAVOR_ENUM
};

/* Parameters a behavior requires/accepts (descriptor bit sets). */
enum sr6_sid_param {
	SR6_PARAM_NH6 = 1 << 0,    /* IPv6 next hop (End.X, DX6) */
	SR6_PARAM_NH4 = 1 << 1,    /* IPv4 next hop (DX4) */
	SR6_PARAM_OIF = 1 << 2,    /* output interface (End.X, DX2, DX4, DX6) */
	SR6_PARAM_TABLE = 1 << 3,  /* lookup table (End.T, DT*) */
	SR6_PARAM_POLICY = 1 << 4, /* SR policy (B6) */
};

#define SR6_CSID_LBLEN_DEFAULT 32
#define SR6_CSID_NFLEN_DEFAULT 16

struct sr6_policy;

struct sr6_sid {
	struct sr6_ip6 addr; /* the SID as configured (prefix bits beyond len zero) */
	uint8_t len;         /* installed prefix length (128, or lblen + nflen for C-SIDs) */
	uint8_t behavior;    /* enum sr6_behavior */
	uint16_t flavors;    /* enum sr6_flavor bits */
	uint8_t lblen, nflen; /* C-SID: locator-block and node+function bits */
	uint16_t oif;         /* DX2 output interface */
	uint32_t adj_nh;      /* End.X, DX4, DX6: FORWARD next hop id (a reference is held) */
	uint32_t table_id;    /* End.T, DT*: table id as configured */
	const struct sr6_fib_table *table;  /* End.T, DT*: resolved table; USD on End: main */
	const struct sr6_policy *policy;    /* B6: the policy whose segment list is pushed */
	uint32_t policy_nh;   /* B6: the policy's next-hop id (its counters: counters.h) */
	char policy_name[32]; /* B6: as configured */
};

/* How a behavior is configured and run. */
struct sr6_behavior_desc {
	const char *name;
	uint8_t required; /* every one of these (sr6_sid_param) */
	uint8_t one_of;   /* at least one of these, if non-zero */
	uint8_t optional;
	uint16_t flavors; /* flavors this behavior takes */
};

extern const struct sr6_behavior_desc sr6_behavior_descs[SR6_BEH__COUNT];

/* Behavior by config name ("End.DX6"), or -1. */
int sr6_behavior_find(const char *name);

enum sr6_verdict_kind {
	SR6_V_LOOKUP6, /* IPv6 packet at data: look up its DA in `table`, transmit */
	SR6_V_LOOKUP4, /* IPv4 packet at data: look up its DA in `table`, transmit */
	SR6_V_ADJ,     /* transmit the packet at data via FORWARD next hop `nh` */
	SR6_V_L2_OUT,  /* data is an Ethernet frame: send it out `oif` as is */
	SR6_V_ECHO,    /* ICMPv6 echo request for this SID at l4 offset `data`: answer it */
	SR6_V_ICMP6,   /* send ICMPv6 error icmp_type/icmp_code/data about the packet, drop for why */
	SR6_V_DROP,    /* drop for why */
};

struct sr6_verdict {
	uint8_t kind; /* enum sr6_verdict_kind */
	uint8_t icmp_type, icmp_code;
	/* B6: 1 + index of the policy segment list the packet took (pushed,
	 * or dropped at the push), for its counters; 0 when none was taken */
	uint8_t list;
	uint16_t why;  /* enum sr6_drop for ICMP6 and DROP */
	uint32_t data; /* ICMPv6 pointer (from the IPv6 header) or MTU; ECHO: l4 offset */
	uint32_t nh;   /* ADJ */
	uint16_t oif;  /* L2_OUT */
	/* bytes this behavior pushed in front of the packet it received (B6):
	 * an MTU failure reports about the packet behind them */
	uint16_t pushed;
	const struct sr6_fib_table *table; /* LOOKUP6/4 */
};

/* What behaviors need from the router beyond the SID itself. */
struct sr6_sr_env {
	const struct sr6_fib_table *main;
	const struct sr6_ip6 *encap_src; /* outer source for B6 pushes */
	uint32_t flow_hash;              /* of the packet's flow (B6 list choice, flow label) */
};

/*
 * Run the SID's behavior on the IPv6 packet at p->data (already checked by
 * the pipeline: version, payload length trimmed, DA == a prefix of sid).
 */
void sr6_sid_process(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		     struct sr6_verdict *v);

/* Helpers for the behaviors' verdicts. */
static inline void sr6_verdict_drop(struct sr6_verdict *v, enum sr6_drop why)
{
	v->kind = SR6_V_DROP;
	v->why = (uint16_t)why;
}

static inline void sr6_verdict_icmp6(struct sr6_verdict *v, enum sr6_drop why, uint8_t type,
				     uint8_t code, uint32_t data)
{
	v->kind = SR6_V_ICMP6;
	v->why = (uint16_t)why;
	v->icmp_type = type;
	v->icmp_code = code;
	v->data = data;
}

static inline void sr6_verdict_lookup6(struct sr6_verdict *v, const struct sr6_fib_table *t)
{
	v->kind = SR6_V_LOOKUP6;
	v->table = t;
}

#endif
