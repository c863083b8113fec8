// SPDX-License-Identifier: MIT
/*
 * ICMP errors the router sends, and routing them home.
 *
 * The offending packet becomes the error in place (core/icmp.c), so sending
 * an error costs no buffer. Whether to send at all is decided here, in this
 * order: is the packet allowed to get one (RFC 4443 §2.4 (e), RFC 1812
 * §4.3.2.7) - then is there a token left (RFC 4443 §2.4 (f)): first in the
 * bucket of the error's destination (one source cannot spend everybody's
 * budget, nor have us reflect a flood at a victim it spoofs), then in the
 * worker's - then do we have a source address. Every "no" is counted as an
 * event; the packet is then dropped for its original reason.
 *
 * `icmp ratelimit` changes the limits live: it bumps dp->icmp_gen, and a
 * worker re-arms its own buckets at its next error (the worker is their
 * only writer, so no lock).
 */
#include <string.h>

#include "../core/icmp.h"
#include "../core/ip6.h"
#include "../core/ratemap.h"
#include "internal.h"

static const struct sr6_ip6 *icmp6_source(const struct sr6_worker *w, const struct sr6_pkt *p)
{
	const struct sr6_iface *ifc = sr6_dp_iface(w->dp, p->rx_if);
	if (ifc && !sr6_ip6_is_zero(&ifc->addr6))
		return &ifc->addr6;
	if (!sr6_ip6_is_zero(&w->dp->any_addr6))
		return &w->dp->any_addr6;
	return NULL;
}

static uint32_t icmp4_source(const struct sr6_worker *w, const struct sr6_pkt *p)
{
	const struct sr6_iface *ifc = sr6_dp_iface(w->dp, p->rx_if);
	if (ifc && ifc->addr4)
		return ifc->addr4;
	return w->dp->any_addr4;
}

/* A token for an error to dst from its bucket, then from the worker's. */
static bool rate_ok(struct sr6_worker *w, const struct sr6_ip6 *dst)
{
	const struct sr6_dp *dp = w->dp;
	uint32_t gen = __atomic_load_n(&dp->icmp_gen, __ATOMIC_ACQUIRE);
	if (gen != w->icmp_gen) {
		sr6_tbucket_init(&w->icmp_tb, dp->icmp_rate, dp->icmp_burst);
		if (w->icmp_peers)
			sr6_ratemap_reset(w->icmp_peers, dp->icmp_peer_rate, dp->icmp_peer_burst);
		w->icmp_gen = gen;
	}
	if (w->icmp_peers && !sr6_ratemap_take(w->icmp_peers, dst, w->now_ns)) {
		sr6_dp_event(w, SR6_EV_ICMP_ERR_RATE_LIMITED_PEER);
		return false;
	}
	if (!sr6_tbucket_take(&w->icmp_tb, w->now_ns)) {
		sr6_dp_event(w, SR6_EV_ICMP_ERR_RATE_LIMITED);
		return false;
	}
	return true;
}

uint16_t sr6_icmp6_send_error(struct sr6_worker *w, struct sr6_pkt *p, enum sr6_drop why,
			      uint8_t type, uint8_t code, uint32_t data)
{
	struct sr6_ip6_info info;
	uint8_t l4_proto = SR6_IPPROTO_NONE;
	uint32_t l4_off = p->len;
	if (sr6_ip6_walk(p->data, p->len, &info) == SR6_DROP_NONE && !info.is_later_fragment) {
		l4_proto = info.l4_proto;
		l4_off = info.l4_off;
	}
	if (!sr6_icmp6_error_allowed(p, l4_proto, l4_off, type, code)) {
		sr6_dp_event(w, SR6_EV_ICMP_ERR_NOT_ALLOWED);
		return sr6_dp_drop(p, why);
	}
	if (!rate_ok(w, &((const struct sr6_ip6_hdr *)p->data)->src))
		return sr6_dp_drop(p, why);
	const struct sr6_ip6 *src = icmp6_source(w, p);
	if (!src || sr6_icmp6_error(p, src, type, code, data) < 0) {
		sr6_dp_event(w, SR6_EV_ICMP_ERR_NO_SOURCE);
		return sr6_dp_drop(p, why);
	}
	sr6_dp_count_drop(w, p, why);
	SR6_TRACE(w, p, SR6_TR_ICMP, type, code, why, 0);
	sr6_dp_event(w, SR6_EV_ICMP6_ERR_SENT);
	p->flags |= SR6_PKT_F_ICMP_ERR;
	return sr6_ip6_output(w, sr6_dp_rx_table(w, p), SR6_REPLY_PASS, 0);
}

uint16_t sr6_icmp4_send_error(struct sr6_worker *w, struct sr6_pkt *p, enum sr6_drop why,
			      uint8_t type, uint8_t code, uint32_t data)
{
	if (!sr6_icmp4_error_allowed(p)) {
		sr6_dp_event(w, SR6_EV_ICMP_ERR_NOT_ALLOWED);
		return sr6_dp_drop(p, why);
	}
	struct sr6_ip6 dst = sr6_ip6_from_v4(((const struct sr6_ip4_hdr *)p->data)->src);
	if (!rate_ok(w, &dst))
		return sr6_dp_drop(p, why);
	uint32_t src = icmp4_source(w, p);
	if (!src || sr6_icmp4_error(p, src, type, code, data) < 0) {
		sr6_dp_event(w, SR6_EV_ICMP_ERR_NO_SOURCE);
		return sr6_dp_drop(p, why);
	}
	sr6_dp_count_drop(w, p, why);
	SR6_TRACE(w, p, SR6_TR_ICMP, type, code, why, 0);
	sr6_dp_event(w, SR6_EV_ICMP4_ERR_SENT);
	p->flags |= SR6_PKT_F_ICMP_ERR;
	return sr6_ip4_output(w, sr6_dp_rx_table(w, p), SR6_REPLY_PASS);
}
