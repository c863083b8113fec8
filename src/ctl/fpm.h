/* SPDX-License-Identifier: MIT */
/*
 * FPM server: FRRouting's zebra programs srv6d the way it programs the
 * kernel (`srv6d --fpm [ADDR:]PORT`; zebra `-M dplane_fpm_nl` with
 * `fpm address ADDR port PORT` and `no fpm use-next-hop-groups`).
 *
 *   bgpd/ospf6d/isisd/staticd ─► zebra (RIB) ─► kernel (netlink)
 *                                     └──TCP──► srv6d FPM server ─► config lines ─► sr6_ctl_exec
 *
 * Wire (FRR fpm/fpm.h): a stream of frames, each a 4-byte header
 * {version 1, type 1 = netlink, length of the whole frame, 16 bits network
 * order} and one or more netlink messages. zebra sends RTM_NEWROUTE for an
 * install (replace semantics: a NEWROUTE is complete in itself), the pair
 * RTM_DELROUTE + RTM_NEWROUTE in one frame for an update, RTM_DELROUTE for
 * a removal, and its whole table again after every (re)connection. It never
 * reads what we send (we send nothing).
 *
 * Each route becomes the config line an operator would type, run through
 * sr6_ctl_exec, so the config file, srv6ctl and FRR mean the same thing:
 *
 *   unicast via GW / dev IF          route replace [table N] P via GW dev IF
 *   blackhole / unreachable,prohibit route replace [table N] blackhole|unreachable P
 *   encap seg6 (mode, SRH)           route replace [table N] P encap seg6 mode M segs ...
 *                                    (ECMP over seg6 next hops: one `segs` per next hop)
 *   encap seg6local (action, ...)    sid add P action End.X nh6 A oif IF flavors ...
 *
 * Kernel table 254 (main) is srv6d's table 0; other ids map to themselves.
 * Interface indexes are the kernel's: mapped to the srv6d interface whose
 * `dev` is that kernel device (if_indextoname in srv6d's namespace, which
 * must be zebra's). A route srv6d cannot represent is refused, logged (at
 * most SR6_FPM_WARN_PER_SEC a second) and counted by reason; zebra keeps
 * it in its RIB and FRR's `show fpm` knows nothing of it.
 *
 * Ownership: srv6d remembers which prefixes FRR installed. FRR replaces
 * and deletes only those; a prefix the operator configured (route, SID,
 * steer, address) wins over FRR's (as a static route's distance would) and
 * FRR's is refused as a conflict. A plain unicast route with several next
 * hops takes the first (srv6d's forward next hop is one adjacency).
 *
 * Disconnection is graceful: routes FRR installed stay and keep
 * forwarding (as the kernel's do when zebra dies); when zebra connects
 * again and has resent its table, what it did not resend is swept: once
 * stale_sec have passed since the connection and no frame came for
 * SR6_FPM_QUIET_MS (zebra sends its table in one burst).
 */
#ifndef SR6_CTL_FPM_H
#define SR6_CTL_FPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/ratelimit.h"
#include "ctl.h"
#include "rtnl.h"
#include "server.h"

#define SR6_FPM_PORT_DEFAULT	  2620
#define SR6_FPM_FRAME_MAX	  65535	      /* 16-bit length */
#define SR6_FPM_BUF		  (2 * 65536) /* a whole frame always fits after the rest of one */
#define SR6_FPM_READ_MAX	  (1u << 20)  /* per poll round: srv6ctl stays served */
#define SR6_FPM_STALE_SEC_DEFAULT 30
#define SR6_FPM_QUIET_MS	  1000
#define SR6_FPM_WARN_PER_SEC	  10

/* Why a route was refused: X(name, key, meaning). */
#define SR6_FPM_REFUSALS(X)                                                                      \
	X(UNMAPPED_IFINDEX, "unmapped_ifindex",                                                  \
	  "a next hop's interface is no srv6d interface (no `dev` for that kernel device)")      \
	X(NEXTHOP_GROUP, "nexthop_group",                                                        \
	  "the route points at a next-hop group (configure `no fpm use-next-hop-groups` in "     \
	  "zebra)")                                                                              \
	X(CONFLICT, "conflict", "srv6d's own configuration holds the prefix")                    \
	X(UNSUPPORTED, "unsupported", "an encap, behavior or route type srv6d cannot represent") \
	X(REJECTED, "rejected", "the config line was refused (the log says why)")

enum sr6_fpm_refusal {
#define SR6_FPM_REFUSAL_ENUM(name, key, text) SR6_FPM_REFUSED_##name,
	SR6_FPM_REFUSALS(SR6_FPM_REFUSAL_ENUM)
#undef SR6_FPM_REFUSAL_ENUM
	    SR6_FPM_REFUSED__COUNT
};

struct sr6_fpm_stats {
	uint64_t connections, frames, bytes, messages;
	uint64_t added, replaced, unchanged, deleted, swept;
	uint64_t ignored;      /* link-local, multicast, local table, srv6d's own subnet */
	uint64_t ecmp_first;   /* plain routes with several next hops: the first taken */
	uint64_t nexthop_msgs; /* RTM_NEWNEXTHOP/DELNEXTHOP: not taken */
	uint64_t other_msgs;   /* neither routes nor next hops */
	uint64_t malformed;    /* frames that closed the connection */
	uint64_t refused[SR6_FPM_REFUSED__COUNT];
};

/* A prefix FRR installed: table, prefix, what it became, when it was last sent. */
struct sr6_fpm_entry {
	struct sr6_ip6 dst;
	uint32_t table; /* srv6d table id */
	uint8_t len;	/* 0..128, IPv4 as 96 + length */
	uint8_t state;	/* free, used, deleted (a tombstone for the probe chains) */
	uint8_t is_sid; /* a `sid add` rather than a route */
	uint32_t gen;	/* connection that last sent it */
	uint64_t hash;	/* of the config words: a resend of the same route is a no-op */
};

struct sr6_fpm {
	struct sr6_ctl *ctl;
	int listen_fd, conn_fd; /* -1 when absent */
	char where[80], peer[80];
	unsigned stale_sec;
	/* reassembly of the connection's byte stream */
	uint8_t *buf;
	size_t len;
	/* prefixes FRR owns (open addressing, linear probing) */
	struct sr6_fpm_entry *own;
	size_t own_cap, own_used, own_routes, own_sids; /* used: live + tombstones */
	uint32_t gen;
	bool up; /* zebra is connected */
	bool sweep_pending;
	bool nhg_warned; /* this connection sent next-hop groups and was told */
	uint64_t connected_ns, disconnected_ns, last_rx_ns;
	struct sr6_fpm_stats st;
	struct sr6_tbucket warn_tb;
	uint64_t warn_dropped;
	/* kernel ifindex -> device name (if_indextoname); NULL when none */
	const char *(*ifname)(unsigned ifindex, char *buf);
	struct sr6_reply line, msg; /* scratch */
	struct sr6_rtnl_route *rt;  /* scratch: a route is large */
};

/* Ready to take input (sr6_fpm_input) without any socket: tests, and sr6_fpm_open. */
int sr6_fpm_init(struct sr6_fpm *f, struct sr6_ctl *ctl);

/*
 * Listen on "PORT" (127.0.0.1), "ADDR:PORT" or "[ADDR6]:PORT" and set
 * ctl->fpm. 0 or -errno with a one-line reason in err (256 bytes).
 */
int sr6_fpm_open(struct sr6_fpm *f, const char *where, struct sr6_ctl *ctl, char *err);
/* Serve from s's poll loop. 0 or -ENOSPC. */
int sr6_fpm_attach(struct sr6_fpm *f, struct sr6_server *s);
/* Close the sockets; routes FRR installed stay in the tables. */
void sr6_fpm_close(struct sr6_fpm *f);

/*
 * What a connection does (the socket code calls these; tests too):
 * connected starts a new generation, input takes bytes of the stream in
 * any pieces (0, or -EBADMSG: the stream is broken and must be closed, the
 * reason logged), disconnected forgets a half frame, tick sweeps stale
 * routes when it is time. now_ns: CLOCK_MONOTONIC.
 */
void sr6_fpm_connected(struct sr6_fpm *f, uint64_t now_ns);
int sr6_fpm_input(struct sr6_fpm *f, const void *data, size_t n, uint64_t now_ns);
void sr6_fpm_disconnected(struct sr6_fpm *f, uint64_t now_ns);
void sr6_fpm_tick(struct sr6_fpm *f, uint64_t now_ns);

/* Did FRR install this route or SID (srv6d table id, prefix as srv6d keys it)? */
bool sr6_fpm_owns(const struct sr6_ctl *ctl, uint32_t table, const struct sr6_ip6 *dst,
		  unsigned len);

/* `show fpm [--json]` (ctl->fpm NULL: FPM is off). */
int sr6_show_fpm(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
/* srv6d_fpm_* metric families (nothing when FPM is off). */
void sr6_fpm_metrics(const struct sr6_ctl *ctl, struct sr6_reply *r);

#endif
