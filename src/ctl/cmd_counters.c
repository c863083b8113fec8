// SPDX-License-Identifier: MIT
/*
 * show counters, clear counters, and how the control plane reads counters.
 *
 * Workers are the only writers of their counters, so `clear counters`
 * never zeroes them (a worker's `c->pkts++` racing a memset would lose the
 * clear or the packet). It snapshots every worker's sum into ctl->base, and
 * readers report "now - base". Metrics read the raw sums (a Prometheus
 * counter must only go up). A new object id or interface gets its base
 * zeroed or moved too, so it starts from 0 whatever its id held before.
 *
 * Zero lines are left out of the text form (an operator looks for what
 * happened); JSON has them all, so a script never has to guess whether a
 * key exists.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "table.h"

enum vec_which { VEC_OBJ, VEC_LIST };

static const struct sr6_cvec *vec_of(const struct sr6_counters *c, enum vec_which which)
{
	return which == VEC_OBJ ? &c->obj : &c->list;
}

static const struct sr6_obj_counters *slot(const struct sr6_cvec *v, uint32_t id)
{
	const struct sr6_obj_counters *page = v->page[id >> SR6_CVEC_PAGE_BITS];
	return page ? &page[id & (SR6_CVEC_PAGE_SIZE - 1)] : NULL;
}

static uint64_t minus(uint64_t now, uint64_t base)
{
	return now > base ? now - base : 0;
}

/* Sum of every worker's drops, events and interface counters. */
static void sum_raw(const struct sr6_ctl *ctl, struct sr6_counters *sum)
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

void sr6_ctl_counters_read(const struct sr6_ctl *ctl, bool since_clear, struct sr6_counters *sum)
{
	sum_raw(ctl, sum);
	const struct sr6_counters *b = since_clear ? ctl->base : NULL;
	if (!b)
		return;
	for (int i = 0; i < SR6_DROP__COUNT; i++)
		sum->drop[i] = minus(sum->drop[i], b->drop[i]);
	for (int i = 0; i < SR6_EV__COUNT; i++)
		sum->event[i] = minus(sum->event[i], b->event[i]);
	for (int i = 0; i < SR6_IF_MAX; i++) {
		struct sr6_if_counters *s = &sum->ifc[i];
		s->rx_pkts = minus(s->rx_pkts, b->ifc[i].rx_pkts);
		s->rx_bytes = minus(s->rx_bytes, b->ifc[i].rx_bytes);
		s->tx_pkts = minus(s->tx_pkts, b->ifc[i].tx_pkts);
		s->tx_bytes = minus(s->tx_bytes, b->ifc[i].tx_bytes);
		s->drops = minus(s->drops, b->ifc[i].drops);
	}
}

static void vec_read(const struct sr6_ctl *ctl, enum vec_which which, uint32_t id, bool since_clear,
		     struct sr6_obj_counters *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned w = 0; w < ctl->n_counters; w++) {
		const struct sr6_obj_counters *c = slot(vec_of(ctl->counters[w], which), id);
		if (!c)
			continue;
		out->pkts += c->pkts;
		out->bytes += c->bytes;
		out->drops += c->drops;
	}
	const struct sr6_obj_counters *b =
	    since_clear && ctl->base ? slot(vec_of(ctl->base, which), id) : NULL;
	if (b) {
		out->pkts = minus(out->pkts, b->pkts);
		out->bytes = minus(out->bytes, b->bytes);
		out->drops = minus(out->drops, b->drops);
	}
}

void sr6_ctl_obj_read(const struct sr6_ctl *ctl, uint32_t id, bool since_clear,
		      struct sr6_obj_counters *out)
{
	vec_read(ctl, VEC_OBJ, id, since_clear, out);
}

void sr6_ctl_list_read(const struct sr6_ctl *ctl, uint32_t id, unsigned list, bool since_clear,
		       struct sr6_obj_counters *out)
{
	vec_read(ctl, VEC_LIST, sr6_cnt_list_id(id, list), since_clear, out);
}

void sr6_ctl_obj_sum(const struct sr6_ctl *ctl, uint32_t id, struct sr6_obj_counters *out)
{
	sr6_ctl_obj_read(ctl, id, true, out);
}

/* Zero the slots of id (and of its segment lists) in c; pages made when make. */
static int zero_slots(struct sr6_counters *c, uint32_t id, bool make)
{
	uint32_t first = sr6_cnt_list_id(id, 0);
	if (make && (sr6_cvec_reserve(&c->obj, id) < 0 || sr6_cvec_reserve(&c->list, first) < 0))
		return -ENOMEM;
	if (c->obj.page[id >> SR6_CVEC_PAGE_BITS])
		memset(sr6_cvec_at(&c->obj, id), 0, sizeof(struct sr6_obj_counters));
	/* the lists of one id never straddle a page: SR6_CNT_LISTS divides its size */
	if (c->list.page[first >> SR6_CVEC_PAGE_BITS])
		memset(sr6_cvec_at(&c->list, first), 0,
		       SR6_CNT_LISTS * sizeof(struct sr6_obj_counters));
	return 0;
}

int sr6_ctl_obj_init(struct sr6_ctl *ctl, uint32_t id)
{
	for (unsigned w = 0; w < ctl->n_counters; w++)
		if (zero_slots(ctl->counters[w], id, true) < 0)
			return -ENOMEM;
	if (ctl->base)
		zero_slots(ctl->base, id, false);
	return 0;
}

static struct sr6_counters *base_get(struct sr6_ctl *ctl)
{
	if (!ctl->base)
		ctl->base = calloc(1, sizeof(*ctl->base));
	return ctl->base;
}

/* Snapshot the sum of every page some worker has into the base. */
static int base_vec(struct sr6_ctl *ctl, enum vec_which which)
{
	struct sr6_cvec *bv = which == VEC_OBJ ? &ctl->base->obj : &ctl->base->list;
	for (uint32_t pg = 0; pg < SR6_CVEC_PAGES; pg++) {
		bool any = false;
		for (unsigned w = 0; w < ctl->n_counters && !any; w++)
			any = vec_of(ctl->counters[w], which)->page[pg] != NULL;
		if (!any)
			continue;
		uint32_t id0 = pg << SR6_CVEC_PAGE_BITS;
		if (sr6_cvec_reserve(bv, id0) < 0)
			return -ENOMEM;
		for (uint32_t i = 0; i < SR6_CVEC_PAGE_SIZE; i++)
			vec_read(ctl, which, id0 + i, false, sr6_cvec_at(bv, id0 + i));
	}
	return 0;
}

int sr6_ctl_counters_clear(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	if (!base_get(ctl))
		return sr6_reply_error(r, -ENOMEM, "clear counters: out of memory");
	sum_raw(ctl, ctl->base);
	if (base_vec(ctl, VEC_OBJ) < 0 || base_vec(ctl, VEC_LIST) < 0)
		return sr6_reply_error(r, -ENOMEM,
				       "clear counters: out of memory (object "
				       "counters not cleared)");
	return 0;
}

void sr6_ctl_counters_reset_if(struct sr6_ctl *ctl, uint16_t idx)
{
	struct sr6_if_counters now = {0};
	for (unsigned w = 0; w < ctl->n_counters; w++) {
		const struct sr6_if_counters *c = &ctl->counters[w]->ifc[idx];
		now.rx_pkts += c->rx_pkts;
		now.rx_bytes += c->rx_bytes;
		now.tx_pkts += c->tx_pkts;
		now.tx_bytes += c->tx_bytes;
		now.drops += c->drops;
	}
	bool zero = !now.rx_pkts && !now.rx_bytes && !now.tx_pkts && !now.tx_bytes && !now.drops;
	if (zero && !ctl->base)
		return;
	if (base_get(ctl))
		ctl->base->ifc[idx] = now;
}

void sr6_ctl_counters_fini(struct sr6_ctl *ctl)
{
	if (!ctl->base)
		return;
	sr6_cvec_free(&ctl->base->obj);
	sr6_cvec_free(&ctl->base->list);
	free(ctl->base);
	ctl->base = NULL;
}

int sr6_cmd_clear_counters(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	int rc = sr6_args_done(a, r);
	return rc < 0 ? rc : sr6_ctl_counters_clear(ctl, r);
}

/*
 * Errors the backend counted itself since the interface was opened (frames
 * it could not deliver or send: too big, ring overflow, device gone).
 */
static uint64_t dev_errors(const struct sr6_iface *ifc, bool rx)
{
	if (!ifc->io)
		return 0;
	return rx ? ifc->io->stats.rx_errors : ifc->io->stats.tx_errors;
}

static void show_json(const struct sr6_ctl *ctl, const struct sr6_counters *s, struct sr6_reply *r)
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
		sr6_reply_printf(r,
				 ",\"rx_packets\":%llu,\"rx_bytes\":%llu,\"tx_packets\":%llu,"
				 "\"tx_bytes\":%llu,\"drops\":%llu,\"device_rx_errors\":%llu,"
				 "\"device_tx_errors\":%llu,\"link_down\":%s}",
				 (unsigned long long)c->rx_pkts, (unsigned long long)c->rx_bytes,
				 (unsigned long long)c->tx_pkts, (unsigned long long)c->tx_bytes,
				 (unsigned long long)c->drops, (unsigned long long)dev_errors(ifc, true),
				 (unsigned long long)dev_errors(ifc, false),
				 ifc->io && ifc->io->link_down ? "true" : "false");
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

static void show_text(const struct sr6_ctl *ctl, const struct sr6_counters *s, struct sr6_reply *r)
{
	struct sr6_table t;
	sr6_table_init(&t, "interface rx_packets rx_bytes tx_packets tx_bytes drops dev_rx_err "
			   "dev_tx_err link", "lrrrrrrrl");
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = ctl->dp->ifaces[i];
		if (!ifc)
			continue;
		const struct sr6_if_counters *c = &s->ifc[i];
		sr6_table_cell(&t, "%s", ifc->name);
		sr6_table_cell(&t, "%llu", (unsigned long long)c->rx_pkts);
		sr6_table_cell(&t, "%llu", (unsigned long long)c->rx_bytes);
		sr6_table_cell(&t, "%llu", (unsigned long long)c->tx_pkts);
		sr6_table_cell(&t, "%llu", (unsigned long long)c->tx_bytes);
		sr6_table_cell(&t, "%llu", (unsigned long long)c->drops);
		sr6_table_cell(&t, "%llu", (unsigned long long)dev_errors(ifc, true));
		sr6_table_cell(&t, "%llu", (unsigned long long)dev_errors(ifc, false));
		sr6_table_cell(&t, "%s", ifc->io && ifc->io->link_down ? "down" : "up");
	}
	sr6_table_print(&t, r);
	sr6_reply_printf(r, "\n");
	sr6_table_init(&t, "event packets meaning", "lrl");
	for (int i = 0; i < SR6_EV__COUNT; i++) {
		if (!s->event[i])
			continue;
		sr6_table_cell(&t, "%s", sr6_event_key[i]);
		sr6_table_cell(&t, "%llu", (unsigned long long)s->event[i]);
		sr6_table_cell(&t, "%s", sr6_event_descr[i]);
	}
	sr6_table_print(&t, r);
	sr6_reply_printf(r, "\n");
	sr6_table_init(&t, "drop packets reason", "lrl");
	for (int i = 1; i < SR6_DROP__COUNT; i++) {
		if (!s->drop[i])
			continue;
		sr6_table_cell(&t, "%s", sr6_drop_key[i]);
		sr6_table_cell(&t, "%llu", (unsigned long long)s->drop[i]);
		sr6_table_cell(&t, "%s", sr6_drop_descr[i]);
	}
	sr6_table_print(&t, r);
}

int sr6_show_counters(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	static struct sr6_counters sum; /* large; the control thread is single */
	sr6_ctl_counters_read(ctl, true, &sum);
	if (json)
		show_json(ctl, &sum, r);
	else
		show_text(ctl, &sum, r);
	return 0;
}
