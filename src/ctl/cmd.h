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

typedef int (*sr6_cmd_fn)(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);

int sr6_cmd_interface_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_interface_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_address_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_address_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_neighbor_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_neighbor_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_route_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_route_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_encap_source(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);

/* show handlers: json selects machine output */
int sr6_show_interfaces(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_routes(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_neighbors(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_counters(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);

/* Interface index by name, or -1 (with "no interface 'x'" in r). */
int sr6_ctl_iface_find(struct sr6_ctl *ctl, const char *name, struct sr6_reply *r);

/*
 * Publish a changed copy of interface idx: copy the current one, let fn
 * edit the copy, swap it in, retire the old one after a grace period.
 */
int sr6_ctl_iface_update(struct sr6_ctl *ctl, uint16_t idx,
			 void (*fn)(struct sr6_iface *ifc, const void *arg), const void *arg);

/* Remove ctl->addrs[i]: its local and connected routes, the interface's source address. */
void sr6_ctl_addr_remove(struct sr6_ctl *ctl, size_t i);

/* Table by id for a command: created on demand; -ENOMEM message in r. */
struct sr6_fib_table *sr6_ctl_table(struct sr6_ctl *ctl, struct sr6_args *a,
				    struct sr6_reply *r, int *err);

/* Wait for readers and run deferred frees (see struct sr6_ctl). */
void sr6_ctl_sync(struct sr6_ctl *ctl);

#endif
