// SPDX-License-Identifier: MIT
/*
 * show counters: every worker's counters summed. Zero lines are left out of
 * the text form (an operator looks for what happened); JSON has them all,
 * so a script never has to guess whether a key exists.
 */
#include <errno.h>
#include <string.h>

#include "cmd.h"

static void sum_counters(const struct sr6_ctl *ctl, struct sr6_counters *sum)
{
	memset(sum->drop, 0, sizeof(sum->drop));
	memset(sum->event, 0, sizeof(sum->event));
	memset(sum->ifc, 0, sizeof(sum->ifc));
	for (unsigned w = 0; w < ctl->n_counters; w++) {
		const struct sr6_counters *c = ctl->counters[w];
		for (int i = 0; i < SR6_DROP__COUNT; i++)
			sum->drop[i] += c->drop[i];
		for (int i = 0; i < SR6_EV__COUNT; i++)
			sum->event[i] += c->event[i];
		for (int i = 0; i < SR6_IF_MAX; i++) {
			sum->ifc[i].rx_pkts += c->ifc[i].rx_pkts;
			sum->ifc[i].rx_bytes += c->ifc[i].rx_bytes;
			sum->ifc[i].tx_pkts += c->ifc[i].tx_pkts;
			sum->ifc[i].tx_bytes += c->ifc[i].tx_bytes;
			sum->ifc[i].drops += c->ifc[i].drops;
		}
	}
}

int sr6_ctl_obj_init(struct sr6_ctl *ctl, uint32_t id)
{
	for (unsigned w = 0; w < ctl->n_counters; w++) {
		if (sr6_cvec_reserve(&ctl->counters[w]->obj, id) < 0)
			return -ENOMEM;
		memset(sr6_cvec_at(&ctl->counters[w]->obj, id), 0, sizeof(struct sr6_obj_counters));
	}
	return 0;
}

void sr6_ctl_obj_sum(const struct sr6_ctl *ctl, uint32_t id, struct sr6_obj_counters *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned w = 0; w < ctl->n_counters; w++) {
		const struct sr6_cvec *v = &ctl->counters[w]->obj;
		const struct sr6_obj_counters *page = v->page[id >> SR6_CVEC_PAGE_BITS];
		if (!page)
			continue;
		const struct sr6_obj_counters *c = &page[id & (SR6_CVEC_PAGE_SIZE - 1)];
		out->pkts += c->pkts;
		out->bytes += c->bytes;
		out->drops += c->drops;
	}
}

static void show_json(const struct sr6_ctl *ctl, const struct sr6_counters *s,
		      struct sr6_reply *r)
{
	bool first = true;
	sr6_reply_printf(r, "{\"interfaces\":[");
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = ctl->dp->ifaces[i];
		if (!ifc)
			continue;
		const struct sr6_if_counters *c = &s->ifc[i];
		sr6_reply_printf(r, "%s{\"name\":", first ? "" : ",");
		sr6_reply_json_str(r, ifc->name);
		sr6_reply_printf(r, ",\"rx_packets\":%llu,\"rx_bytes\":%llu,\"tx_packets\":%llu,"
				    "\"tx_bytes\":%llu,\"drops\":%llu}",
				 (unsigned long long)c->rx_pkts, (unsigned long long)c->rx_bytes,
				 (unsigned long long)c->tx_pkts, (unsigned long long)c->tx_bytes,
				 (unsigned long long)c->drops);
		first = false;
	}
	sr6_reply_printf(r, "],\"events\":{");
	for (int i = 0; i < SR6_EV__COUNT; i++)
		sr6_reply_printf(r, "%s\"%s\":%llu", i ? "," : "", sr6_event_key[i],
				 (unsigned long long)s->event[i]);
	sr6_reply_printf(r, "},\"drops\":{");
	for (int i = 1; i < SR6_DROP__COUNT; i++)
		sr6_reply_printf(r, "%s\"%s\":%llu", i > 1 ? "," : "", sr6_drop_key[i],
				 (unsigned long long)s->drop[i]);
	sr6_reply_printf(r, "}}\n");
}

static void show_text(const struct sr6_ctl *ctl, const struct sr6_counters *s,
		      struct sr6_reply *r)
{
	sr6_reply_printf(r, "%-12s %12s %14s %12s %14s %10s\n", "interface", "rx_packets",
			 "rx_bytes", "tx_packets", "tx_bytes", "drops");
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = ctl->dp->ifaces[i];
		if (!ifc)
			continue;
		const struct sr6_if_counters *c = &s->ifc[i];
		sr6_reply_printf(r, "%-12s %12llu %14llu %12llu %14llu %10llu\n", ifc->name,
				 (unsigned long long)c->rx_pkts, (unsigned long long)c->rx_bytes,
				 (unsigned long long)c->tx_pkts, (unsigned long long)c->tx_bytes,
				 (unsigned long long)c->drops);
	}
	sr6_reply_printf(r, "\n%-26s %12s  %s\n", "event", "packets", "meaning");
	for (int i = 0; i < SR6_EV__COUNT; i++)
		if (s->event[i])
			sr6_reply_printf(r, "%-26s %12llu  %s\n", sr6_event_key[i],
					 (unsigned long long)s->event[i], sr6_event_descr[i]);
	sr6_reply_printf(r, "\n%-26s %12s  %s\n", "drop", "packets", "reason");
	for (int i = 1; i < SR6_DROP__COUNT; i++)
		if (s->drop[i])
			sr6_reply_printf(r, "%-26s %12llu  %s\n", sr6_drop_key[i],
					 (unsigned long long)s->drop[i], sr6_drop_descr[i]);
}

int sr6_show_counters(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	static struct sr6_counters sum; /* large; the control thread is single */
	sum_counters(ctl, &sum);
	if (json)
		show_json(ctl, &sum, r);
	else
		show_text(ctl, &sum, r);
	return 0;
}
