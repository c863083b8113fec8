/* SPDX-License-Identifier: MIT */
/*
 * Command handlers, one file per object (interface, address, neighbor,
 * route, show). Each gets the line's words after "<object> <verb>" and
 * follows the same order: read every word, check every reference, then
 * change the dataplane. Shared lookups live here too.
 */
#ifndef SR6_CTL_CMD_H
#define SR6_CTL_CMD_H

#include "args.h"
#include "ctl.h"
#include "../sr/sid.h"

typedef int (*sr6_cmd_fn)(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);

int sr6_cmd_interface_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_interface_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_address_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_address_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_neighbor_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_neighbor_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_route_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_route_replace(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_route_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_workers(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_encap_source(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_sid_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_sid_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_policy_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_policy_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_steer_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_steer_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_clear_counters(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_trace_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_trace_clear(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);

/* show handlers: json selects machine output */
int sr6_show_interfaces(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_routes(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_neighbors(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_counters(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_sids(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_policies(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_trace(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);

/* One line of what the headers in b[0..n) say (n may cut them short). */
void sr6_ctl_trace_summary(const uint8_t *b, uint32_t n, bool l2, struct sr6_reply *r);

/* Interface index by name, or -1 (with "no interface 'x'" in r). */
int sr6_ctl_iface_find(struct sr6_ctl *ctl, const char *name, struct sr6_reply *r);

/*
 * Publish a changed copy of interface idx: copy the current one, let fn
 * edit the copy, swap it in, retire the old one after a grace period.
 */
int sr6_ctl_iface_update(struct sr6_ctl *ctl, uint16_t idx,
			 void (*fn)(struct sr6_iface *ifc, const void *arg), const void *arg);

/* Interface a gateway is reached through (its connected route), or -ENETUNREACH. */
int sr6_ctl_resolve_oif(struct sr6_ctl *ctl, const struct sr6_fib_table *t,
			const struct sr6_ip6 *gw, uint16_t *oif, struct sr6_reply *r);

/* Index of the named policy in ctl->policies, or -1. */
int sr6_ctl_policy_find(struct sr6_ctl *ctl, const char *name);
/* Every policy, sorted by name (malloc'ed; NULL when out of memory). */
const struct sr6_ctl_policy **sr6_ctl_policies_sorted(struct sr6_ctl *ctl);

/* Install sid (malloc'ed; owned by the FIB next hop from now on) in the main table. */
int sr6_ctl_sid_install(struct sr6_ctl *ctl, struct sr6_sid *sid, bool for_bsid,
			struct sr6_reply *r);
void sr6_ctl_sid_uninstall(struct sr6_ctl *ctl, size_t i);
/* Every SID, sorted by address (malloc'ed; NULL when out of memory). */
const struct sr6_ctl_sid **sr6_ctl_sids_sorted(struct sr6_ctl *ctl);
/* A SID's parameters as `sid add` words ("nh6 X oif Y flavors psp"). */
void sr6_ctl_sid_params(struct sr6_ctl *ctl, const struct sr6_sid *sid, struct sr6_reply *text);

/* Parse "encap seg6 mode M segs S1,S2,..." into an anonymous policy's spec. */
int sr6_ctl_parse_route_encap(struct sr6_args *a, struct sr6_policy_spec *spec,
			      struct sr6_reply *r);
/* A next hop (kind ENCAP, one reference) for an anonymous policy built from spec. */
uint32_t sr6_ctl_encap_nh(struct sr6_ctl *ctl, const struct sr6_policy_spec *spec,
			  struct sr6_reply *r);
/* Text of what an ENCAP next hop does: "policy P" or "seg6 mode encap segs a,b". */
void sr6_ctl_encap_text(const struct sr6_nh *nh, char *buf, size_t size);
/* " mode encap" (the word `policy add` takes for mode) appended to r. */
void sr6_ctl_policy_mode_words(uint8_t mode, struct sr6_reply *r);
int sr6_show_running_config(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
/* Rebuild policies that take their source from `encap source`. */
int sr6_ctl_policies_rebuild_src(struct sr6_ctl *ctl, struct sr6_reply *r);

/* Remove ctl->addrs[i]: its local and connected routes, the interface's source address. */
void sr6_ctl_addr_remove(struct sr6_ctl *ctl, size_t i);

/* The FIB's tables by id (out: SR6_FIB_TABLES_MAX entries); returns how many. */
uint32_t sr6_ctl_tables_sorted(struct sr6_ctl *ctl, const struct sr6_fib_table **out);

/* The line's `table N` (0 without it): 0 or -EINVAL with a message. */
int sr6_ctl_table_id(struct sr6_args *a, uint32_t *id, struct sr6_reply *r);
/* Table by id for a command: created on demand; -ENOMEM message in r. */
struct sr6_fib_table *sr6_ctl_table(struct sr6_ctl *ctl, struct sr6_args *a,
				    struct sr6_reply *r, int *err);

/*
 * Give a new object id (and its segment lists) a zeroed counter slot in
 * every worker (an id is only reused after a grace period, so no worker
 * still counts on it). 0 or -ENOMEM.
 */
int sr6_ctl_obj_init(struct sr6_ctl *ctl, uint32_t id);
/*
 * Sums of every worker's counters: raw (since start), or since the last
 * `clear counters` (cmd_counters.c). sum gets drops, events and interfaces.
 */
void sr6_ctl_counters_read(const struct sr6_ctl *ctl, bool since_clear,
			   struct sr6_counters *sum);
void sr6_ctl_obj_read(const struct sr6_ctl *ctl, uint32_t id, bool since_clear,
		      struct sr6_obj_counters *out);
/* Segment list `list` of the policy whose ENCAP next hop is id. */
void sr6_ctl_list_read(const struct sr6_ctl *ctl, uint32_t id, unsigned list, bool since_clear,
		       struct sr6_obj_counters *out);
/* sr6_ctl_obj_read since the last clear: what `show` prints. */
void sr6_ctl_obj_sum(const struct sr6_ctl *ctl, uint32_t id, struct sr6_obj_counters *out);
int sr6_ctl_counters_clear(struct sr6_ctl *ctl, struct sr6_reply *r);
/* A new interface at idx counts from 0 whatever an old one there counted. */
void sr6_ctl_counters_reset_if(struct sr6_ctl *ctl, uint16_t idx);
void sr6_ctl_counters_fini(struct sr6_ctl *ctl);

/* Wait for readers and run deferred frees (see struct sr6_ctl). */
void sr6_ctl_sync(struct sr6_ctl *ctl);

#endif
