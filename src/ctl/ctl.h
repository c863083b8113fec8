/* SPDX-License-Identifier: MIT */
/*
 * The control plane: one config-grammar line in, one change (or one show)
 * out. The config file, srv6ctl and FRR (fpm.h) all arrive here, so a line
 * means the same thing wherever it comes from (DESIGN.md §2.2).
 *
 * Each command parses and checks everything first, then applies; a line is
 * applied whole or not at all. In check mode (`srv6d --check`) the same
 * code runs against a private dataplane but opens no interface, so --check
 * reports exactly the errors startup would.
 */
#ifndef SR6_CTL_CTL_H
#define SR6_CTL_CTL_H

#include <stdbool.h>
#include <stdio.h>

#include "../dp/dp.h"
#include "../dp/qsbr.h"
#include "../io/io.h"
#include "../sr/policy.h"
#include "nameidx.h"
#include "reply.h"

struct sr6_fpm;

/* How an interface was configured: what `show interfaces` and running-config print. */
struct sr6_ctl_iface {
	bool used;
	char driver[16];
	char dev[SR6_IFNAMSIZ];
	char *rx_path, *tx_path;
	enum sr6_linktype linktype; /* as configured (AUTO when not given) */
	bool mac_set, mtu_set;
	bool down_logged; /* "device down" was logged; log again when it is back */
};

struct sr6_ctl_addr {
	struct sr6_ip6 addr;
	unsigned len; /* v4: 96 + prefix length */
	uint16_t ifindex;
};

/* A local SID as configured: its FIB next hop holds the sr6_sid. */
struct sr6_ctl_sid {
	uint32_t nh;   /* SR6_NH_SID next hop; its obj is the struct sr6_sid */
	bool for_bsid; /* installed by `policy add ... bsid`, not by `sid add` */
};

/* A named policy; route-with-encap policies are not listed here. */
struct sr6_ctl_policy {
	char name[32];
	uint32_t nh;      /* SR6_NH_ENCAP next hop; its obj is the struct sr6_policy */
	uint32_t bsid_nh; /* SID next hop of its binding SID, 0 = none */
	struct sr6_policy_spec *spec; /* as configured, for show and rebuilds */
};

/* An HMAC key read from `secret-file PATH`: running-config names the file. */
struct sr6_ctl_key_file {
	uint32_t keyid;
	char *path; /* absolute, as given */
};

struct sr6_ctl {
	struct sr6_dp *dp;
	bool check_only; /* validate; open no interface */
	/* rx buffers of each worker: interface i is read by worker i % n_workers */
	struct sr6_pkt_pool *pools[SR6_WORKERS_MAX];
	unsigned n_workers; /* 0 until `workers N` or the first interface */
	/* make the workers (daemon); NULL in check mode. 0 or -errno. */
	int (*set_workers)(struct sr6_ctl *ctl, unsigned n);
	struct sr6_ctl_iface ifcfg[SR6_IF_MAX];
	struct sr6_ctl_addr *addrs;
	size_t n_addrs, addrs_cap;
	struct sr6_ctl_sid *sids;
	size_t n_sids, sids_cap;
	struct sr6_ctl_policy *policies;
	size_t n_policies, policies_cap;
	struct sr6_nameidx policy_idx; /* name -> position in policies */
	struct sr6_ctl_key_file *key_files; /* keys given by file (cmd_sec.c) */
	size_t n_key_files, key_files_cap;
	/* each worker's neighbor-learn ring (owned by the caller) */
	struct sr6_punt_ring *punts[SR6_WORKERS_MAX];
	/* counters of every worker, summed by `show counters` (owned by the caller) */
	struct sr6_counters **counters;
	unsigned n_counters;
	/* sums at the last `clear counters`, NULL before one (cmd_counters.c) */
	struct sr6_counters *base;
	/* after each change: wait for readers, then free what they dropped */
	void (*synchronize)(struct sr6_ctl *ctl);
	struct sr6_fpm *fpm; /* FRR's FPM connection (fpm.h), NULL when off */
};

int sr6_ctl_init(struct sr6_ctl *ctl, struct sr6_dp *dp, bool check_only);
void sr6_ctl_fini(struct sr6_ctl *ctl);

/*
 * Run one line. Returns 0 (reply holds any output) or a negative errno
 * (reply holds the message). Blank and comment-only lines do nothing.
 */
int sr6_ctl_exec(struct sr6_ctl *ctl, const char *line, struct sr6_reply *reply);

/*
 * Run every line of a config file; report each error as "FILE:LINE: message"
 * on errs. Returns the number of errors, or -errno when the file cannot be
 * read (message on errs).
 */
int sr6_ctl_load(struct sr6_ctl *ctl, const char *path, FILE *errs);

/*
 * Apply what workers learned from ND/ARP (their punt rings) to the neighbor
 * table; static entries are never overwritten. Returns entries changed.
 */
unsigned sr6_ctl_neigh_learn(struct sr6_ctl *ctl);

/* Forget learned neighbors not heard from since now_ns - SR6_NEIGH_TTL_NS. */
#define SR6_NEIGH_TTL_NS (300ull * 1000000000ull)
void sr6_ctl_neigh_age(struct sr6_ctl *ctl, uint64_t now_ns);

/*
 * Log, once per change, each interface whose device went down or away (its
 * drops count as if_down) or came back. Called periodically by the daemon.
 */
void sr6_ctl_watch_links(struct sr6_ctl *ctl);

/*
 * Free what changes retired once no worker can hold it. Changes leave up to
 * SR6_RECLAIM_BATCH items for this; the daemon calls it when idle.
 */
#define SR6_RECLAIM_BATCH 4096
void sr6_ctl_reclaim(struct sr6_ctl *ctl);

/* Make the one default worker if `workers N` has not made any. 0 or -errno. */
int sr6_ctl_workers_default(struct sr6_ctl *ctl, struct sr6_reply *reply);

#endif
