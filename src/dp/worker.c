// SPDX-License-Identifier: MIT
/*
 * Poll loop body (see worker.h). Interfaces are read through the RCU'd
 * pointer each poll, so an interface added or deleted by the control thread
 * takes effect at the next poll without stopping the loop.
 */
#include "worker.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "../core/bytes.h"
#include "../core/exthdr.h"
#include "../core/ip4frag.h"
#include "../io/io.h"
#include "internal.h"

int sr6_poller_init(struct sr6_poller *pl, const struct sr6_dp *dp, uint16_t id, uint16_t n_workers,
		    uint32_t pool_size)
{
	memset(pl, 0, sizeof(*pl));
	pl->n_workers = n_workers ? n_workers : 1;
	pl->pool = sr6_pkt_pool_create(pool_size);
	if (!pl->pool)
		return -1;
	if (sr6_worker_init(&pl->w, dp, id, pl->pool) < 0) {
		sr6_pkt_pool_destroy(pl->pool);
		return -1;
	}
	return 0;
}

void sr6_poller_fini(struct sr6_poller *pl)
{
	for (int i = 0; i < SR6_IF_MAX; i++)
		for (uint16_t k = 0; k < pl->txq[i].n; k++)
			sr6_pkt_free(pl->txq[i].pkts[k]);
	sr6_worker_fini(&pl->w);
	sr6_pkt_pool_destroy(pl->pool);
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ volatile("" ::: "memory");
#endif
}

static void txq_flush(struct sr6_poller *pl, uint16_t oif)
{
	struct sr6_txq *q = &pl->txq[oif];
	const struct sr6_iface *ifc = sr6_dp_iface(pl->w.dp, oif);
	struct sr6_counters *cnt = pl->w.cnt;
	if (!q->n)
		return;
	if (!ifc || !ifc->io) {
		for (uint16_t i = 0; i < q->n; i++) {
			cnt->drop[SR6_DROP_IF_DOWN]++;
			sr6_pkt_free(q->pkts[i]);
		}
		q->n = 0;
		return;
	}
	uint64_t bytes[SR6_BATCH_MAX];
	for (uint16_t i = 0; i < q->n; i++)
		bytes[i] = q->pkts[i]->len;
	bool shared = pl->n_workers > 1;
	while (shared && __atomic_test_and_set(&ifc->io->tx_lock, __ATOMIC_ACQUIRE))
		cpu_relax();
	uint16_t sent = sr6_io_tx(ifc->io, q->pkts, q->n);
	if (shared)
		__atomic_clear(&ifc->io->tx_lock, __ATOMIC_RELEASE);
	for (uint16_t i = 0; i < sent; i++)
		cnt->ifc[oif].tx_bytes += bytes[i];
	cnt->ifc[oif].tx_pkts += sent;
	/* what the backend did not take: its device is down/gone, or its ring full */
	cnt->drop[ifc->io->link_down ? SR6_DROP_IF_DOWN : SR6_DROP_TX_FULL] +=
	    (uint64_t)(q->n - sent);
	q->n = 0;
}

void sr6_poller_flush(struct sr6_poller *pl)
{
	for (uint16_t i = 0; i < pl->n_dirty; i++)
		txq_flush(pl, pl->dirty[i]);
	pl->n_dirty = 0;
}

static void txq_add(struct sr6_poller *pl, struct sr6_pkt *p, uint16_t oif);

/*
 * Where the IPv4 datagram to cut starts in a packet marked
 * SR6_PKT_F_FRAGMENT: right after the link-layer header, or behind the
 * IPv6 headers (and SRH) the headend put in front of it. False when there
 * is none to cut.
 */
static bool ip4_to_cut(const struct sr6_pkt *p, uint32_t l2, uint32_t *at)
{
	const uint8_t *d = p->data + l2;
	uint32_t len = p->len - l2;
	struct sr6_ip6_info info;
	if (p->len <= l2)
		return false;
	*at = l2;
	if ((d[0] >> 4) == 4)
		return true;
	if ((d[0] >> 4) != 6 || sr6_ip6_walk(d, len, &info) != SR6_DROP_NONE ||
	    info.l4_proto != SR6_IPPROTO_IPIP || info.frag_off || info.l4_off >= len)
		return false;
	*at += info.l4_off;
	return true;
}

/*
 * A packet the pipeline marked SR6_PKT_F_FRAGMENT (an IPv4 datagram
 * without DF, alone or encapsulated, larger than the MTU of oif), framed
 * for the link and resolved: the datagram is cut (core/ip4frag.h) and every
 * piece gets a copy of the headers in front of it (link layer, and the
 * outer IPv6 + SRH of an encapsulation, its Payload Length set for the
 * piece). Here, at the last step, a packet held for its neighbor is cut
 * once it is released.
 */
static void txq_add_fragments(struct sr6_poller *pl, struct sr6_pkt *p, uint16_t oif)
{
	const struct sr6_iface *ifc = sr6_dp_iface(pl->w.dp, oif);
	struct sr6_pkt *more[SR6_IP4_FRAGS_MAX - 1];
	uint32_t l2 = (p->flags & SR6_PKT_F_L2) ? sizeof(struct sr6_eth_hdr) : 0;
	uint32_t in = 0; /* bytes in front of the datagram */
	bool found = ip4_to_cut(p, l2, &in);
	uint32_t outer6 = in - l2; /* of which outer IPv6 headers */
	int n = -ENXIO;
	p->flags &= (uint16_t)~SR6_PKT_F_FRAGMENT;
	if (ifc && found && ifc->mtu > outer6 && p->len >= in + sizeof(struct sr6_ip4_hdr)) {
		sr6_pkt_pull(p, in);
		n = sr6_ip4_fragment(p, ifc->mtu - outer6, pl->pool, more, SR6_IP4_FRAGS_MAX - 1);
		const uint8_t *hdrs = sr6_pkt_push(p, in);
		for (int k = 0; k < n; k++)
			memcpy(sr6_pkt_push(more[k], in), hdrs, in);
	}
	if (n < 0) {
		sr6_dp_count_drop(&pl->w, p,
				  n == -ENOMEM ? SR6_DROP_NO_BUFFER : SR6_DROP_IP4_TOO_BIG);
		sr6_pkt_free(p);
		return;
	}
	pl->w.cnt->event[SR6_EV_IP4_FRAGMENTED]++;
	for (int k = -1; k < n; k++) {
		struct sr6_pkt *q = k < 0 ? p : more[k];
		q->flags = p->flags;
		if (outer6)
			sr6_put_be16(q->data + l2 + 4,
				     (uint16_t)(q->len - l2 - sizeof(struct sr6_ip6_hdr)));
		txq_add(pl, q, oif);
	}
}

static void txq_add(struct sr6_poller *pl, struct sr6_pkt *p, uint16_t oif)
{
	if (__builtin_expect((p->flags & SR6_PKT_F_FRAGMENT) != 0, 0)) {
		txq_add_fragments(pl, p, oif);
		return;
	}
	struct sr6_txq *q = &pl->txq[oif];
	if (q->n == SR6_BATCH_MAX)
		txq_flush(pl, oif); /* still on the dirty list: it gets p */
	else if (q->n == 0)
		pl->dirty[pl->n_dirty++] = oif;
	q->pkts[q->n++] = p;
}

static void emit_held(struct sr6_pkt *p, uint16_t oif, void *arg)
{
	txq_add(arg, p, oif);
}

void sr6_poller_process(struct sr6_poller *pl, struct sr6_pkt **pkts, uint16_t n)
{
	uint16_t next[SR6_BATCH_MAX];
	sr6_pipeline_run(&pl->w, pkts, n, next);
	for (uint16_t i = 0; i < n; i++) {
		if (next[i] == SR6_NEXT_HELD)
			continue;
		if (next[i] == SR6_NEXT_DROP || next[i] == SR6_NEXT_CONSUMED) {
			sr6_pkt_free(pkts[i]);
			continue;
		}
		txq_add(pl, pkts[i], next[i]);
	}
}

void sr6_poller_held(struct sr6_poller *pl, bool final)
{
	if (pl->w.n_held)
		sr6_held_run(&pl->w, final, emit_held, pl);
}

unsigned sr6_poller_poll_one(struct sr6_poller *pl, uint16_t i, uint64_t now_ns)
{
	struct sr6_pkt *pkts[SR6_BATCH_MAX];
	const struct sr6_iface *ifc = sr6_dp_iface(pl->w.dp, i);
	if (!ifc || !ifc->io || ifc->io->rx_done)
		return 0;
	uint16_t n = sr6_io_rx(ifc->io, pkts, SR6_BATCH_MAX);
	if (!n)
		return 0;
	struct sr6_if_counters *c = &pl->w.cnt->ifc[i];
	/* replayed input (now_ns 0) runs on its own recorded clock */
	pl->w.now_ns = now_ns ? now_ns : pkts[n - 1]->ts_ns;
	for (uint16_t k = 0; k < n; k++) {
		pkts[k]->rx_if = i;
		c->rx_bytes += pkts[k]->len;
	}
	c->rx_pkts += n;
	sr6_poller_process(pl, pkts, n);
	return n;
}

unsigned sr6_poller_poll(struct sr6_poller *pl, uint64_t now_ns)
{
	unsigned total = 0;
	for (uint16_t i = pl->w.id; i < SR6_IF_MAX; i += pl->n_workers)
		total += sr6_poller_poll_one(pl, i, now_ns);
	if (now_ns)
		pl->w.now_ns = now_ns;
	sr6_poller_held(pl, false);
	sr6_poller_flush(pl);
	return total;
}

bool sr6_poller_inputs_done(const struct sr6_poller *pl)
{
	for (uint16_t i = pl->w.id; i < SR6_IF_MAX; i += pl->n_workers) {
		const struct sr6_iface *ifc = sr6_dp_iface(pl->w.dp, i);
		if (ifc && ifc->io && !ifc->io->rx_done)
			return false;
	}
	return true;
}
