// SPDX-License-Identifier: MIT
/*
 * Local SIDs: run the behavior (src/sr), then do what its verdict says.
 *
 *   DA hits SID ─► sr6_sid_process ─► LOOKUP6/4 ─► output lookup in table
 *                                   ├ ADJ ──────► transmit via the adjacency
 *                                   ├ L2_OUT ───► frame out the interface
 *                                   ├ ECHO ─────► echo reply from the SID
 *                                   ├ ICMP6 ────► error to the source, drop
 *                                   └ DROP
 *
 * The SID's counters (indexed by its next-hop id) count what it handled:
 * packets and bytes as received when it passed them on, drops otherwise.
 * A binding SID's policy and the segment list it pushed count the packet
 * too, as they count a steered one (headend.c).
 * First, the receiving interface's HMAC policy (edge.c); a verification
 * the edge made counts for this SID only, not for what the packet becomes.
 */
#include "../core/flowhash.h"
#include "../core/icmp.h"
#include "../sr/sid.h"
#include "edge.h"
#include "internal.h"

static uint16_t adjacency(struct sr6_worker *w, struct sr6_pkt *p, uint32_t id, unsigned pass,
			  uint16_t pushed)
{
	const struct sr6_nh *adj = sr6_fib_nh(w->dp->fib, id);
	if (p->len && (p->data[0] >> 4) == 4)
		return sr6_ip4_dispatch(w, p, adj, pass + 1, false);
	return sr6_ip6_dispatch(w, p, adj, pass + 1, false, pushed);
}

static uint16_t verdict_apply(struct sr6_worker *w, struct sr6_pkt *p,
			      const struct sr6_verdict *v, unsigned pass)
{
	switch (v->kind) {
	case SR6_V_LOOKUP6:
		return sr6_ip6_output(w, v->table, pass, v->pushed);
	case SR6_V_LOOKUP4:
		return sr6_ip4_output(w, v->table, pass);
	case SR6_V_ADJ:
		return adjacency(w, p, v->nh, pass, v->pushed);
	case SR6_V_L2_OUT: {
		const struct sr6_iface *oif = sr6_dp_iface(w->dp, v->oif);
		if (!oif || !oif->l2)
			return sr6_dp_drop(p, SR6_DROP_IF_DOWN);
		p->flags |= SR6_PKT_F_L2;
		p->tx_if = v->oif;
		return v->oif;
	}
	case SR6_V_ECHO:
		if (sr6_icmp6_echo_reply(p, v->data) < 0)
			return sr6_dp_drop(p, SR6_DROP_LOCAL_PROTO);
		sr6_dp_event(w, SR6_EV_ECHO6_REPLIED);
		return sr6_ip6_output(w, sr6_dp_rx_table(w, p), SR6_REPLY_PASS, 0);
	case SR6_V_ICMP6:
		return sr6_icmp6_send_error(w, p, (enum sr6_drop)v->why, v->icmp_type,
					    v->icmp_code, v->data);
	default:
		return sr6_dp_drop(p, (enum sr6_drop)v->why);
	}
}

/* B6: the list the behavior took (v->list - 1) of the SID's policy; its push may have failed. */
static inline void policy_count(struct sr6_worker *w, const struct sr6_sid *sid,
				const struct sr6_verdict *v, uint32_t bytes)
{
	unsigned list = v->list - 1u;
	if (v->kind == SR6_V_DROP) {
		sr6_dp_obj_drop(w, sid->policy_nh);
		sr6_dp_list_drop(w, sid->policy_nh, list);
		return;
	}
	sr6_dp_obj_ok(w, sid->policy_nh, bytes);
	sr6_dp_list_ok(w, sid->policy_nh, list, bytes);
}

uint16_t sr6_dp_sid(struct sr6_worker *w, struct sr6_pkt *p, const struct sr6_nh *nh,
		    unsigned pass)
{
	const struct sr6_sid *sid = sr6_rcu_deref(nh->obj);
	struct sr6_sr_env env = {
		.main = sr6_fib_main(w->dp->fib),
		.encap_src = &w->dp->encap_src,
	};
	struct sr6_verdict v = {0};
	uint32_t bytes = p->len;
	uint16_t next;
	const struct sr6_iface *rx = sr6_dp_iface(w->dp, p->rx_if);
	if (rx && rx->hmac != SR6_HMAC_MODE_OFF && !sr6_edge_sid(w, p, rx, sid, &next)) {
		sr6_dp_obj_drop(w, nh->id);
		return next;
	}
	p->flags &= ~SR6_PKT_F_HMAC_OK;
	if (sid->behavior == SR6_BEH_END_B6_ENCAPS || sid->behavior == SR6_BEH_END_B6_ENCAPS_RED)
		env.flow_hash = sr6_flow_hash6(p->data, p->len);
	sr6_sid_process(sid, p, &env, &v);
	SR6_TRACE(w, p, SR6_TR_SID, sid->behavior, v.kind, v.why, nh->id);
	if (v.kind == SR6_V_DROP || v.kind == SR6_V_ICMP6)
		sr6_dp_obj_drop(w, nh->id);
	else
		sr6_dp_obj_ok(w, nh->id, bytes);
	if (v.list)
		policy_count(w, sid, &v, bytes);
	return verdict_apply(w, p, &v, pass);
}
