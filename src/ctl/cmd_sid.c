// SPDX-License-Identifier: MIT
/*
 * sid add|del, show sids.
 *
 *   sid add SID[/LEN] action BEHAVIOR [nh6 ADDR] [nh4 ADDR] [oif NAME]
 *           [table N] [policy NAME] [flavors psp,usp,usd,next-csid,replace-csid]
 *           [lblen N] [nflen N]
 *
 * The line is checked against the behavior's descriptor (src/sr/sid.c):
 * required parameters present, nothing it does not take, flavors it
 * supports. Then the SID becomes a FIB entry in the main table whose next
 * hop (kind SID) carries the struct sr6_sid; C-SID behaviors are installed
 * at the locator-block + node/function length (RFC 9800 §4).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ip6.h"
#include "../sr/sid.h"
#include "cmd.h"
#include "table.h"
#include "vec.h"

static const char *const param_names[] = {"nh6", "nh4", "oif", "table", "policy"};

static int parse_flavors(const char *s, uint16_t *out, struct sr6_reply *r)
{
	static const struct {
		const char *name;
		uint16_t bit;
	} names[] = {
#define SR6_FLAVOR_NAME(name, bit, str) {str, SR6_FLAVOR_##name},
		SR6_FLAVORS(SR6_FLAVOR_NAME)
#undef SR6_FLAVOR_NAME
	};
	char buf[128];
	if (strlen(s) >= sizeof(buf))
		return sr6_reply_error(r, -EINVAL, "flavors: list too long");
	strcpy(buf, s);
	char *save = NULL;
	*out = 0;
	for (char *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(f, names[i].name) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return sr6_reply_error(r, -EINVAL,
					       "flavors: unknown '%s' (psp, usp, usd, next-csid, "
					       "replace-csid)",
					       f);
		*out |= names[i].bit;
	}
	return 0;
}

int sr6_ctl_resolve_oif(struct sr6_ctl *ctl, const struct sr6_fib_table *t,
			const struct sr6_ip6 *gw, uint16_t *oif, struct sr6_reply *r)
{
	bool v4 = sr6_ip6_is_v4mapped(gw);
	uint32_t id = v4 ? sr6_lpm4_lookup(t->v4, gw->b + 12) : sr6_lpm6_lookup(t->v6, gw->b);
	const struct sr6_nh *cover = sr6_fib_nh(ctl->dp->fib, id);
	if (cover->kind != SR6_NH_FORWARD || !sr6_ip6_is_zero(&cover->gw)) {
		char buf[SR6_ADDRSTRLEN];
		return sr6_reply_error(r, -ENETUNREACH,
				       "%s: gateway is on no connected network; add oif/dev NAME",
				       sr6_ip6_format(gw, buf));
	}
	*oif = cover->oif;
	return 0;
}

/* Words of a `sid add` line, before anything is resolved. */
struct sid_words {
	const char *action, *nh6, *nh4, *oif, *table, *policy, *flavors, *lblen, *nflen;
};

static uint8_t given_params(const struct sid_words *sw)
{
	return (sw->nh6 ? SR6_PARAM_NH6 : 0) | (sw->nh4 ? SR6_PARAM_NH4 : 0) |
	       (sw->oif ? SR6_PARAM_OIF : 0) | (sw->table ? SR6_PARAM_TABLE : 0) |
	       (sw->policy ? SR6_PARAM_POLICY : 0);
}

static int check_params(const struct sr6_behavior_desc *d, uint8_t given, struct sr6_reply *r)
{
	for (unsigned i = 0; i < 5; i++) {
		uint8_t bit = (uint8_t)(1u << i);
		if ((d->required & bit) && !(given & bit))
			return sr6_reply_error(r, -EINVAL, "%s needs %s", d->name, param_names[i]);
		if ((given & bit) && !((d->required | d->one_of | d->optional) & bit))
			return sr6_reply_error(r, -EINVAL, "%s takes no %s", d->name,
					       param_names[i]);
	}
	if (d->one_of && !(given & d->one_of)) {
		sr6_reply_error(r, -EINVAL, "%s needs", d->name);
		for (unsigned i = 0, n = 0; i < 5; i++)
			if (d->one_of & (1u << i))
				sr6_reply_printf(r, "%s %s", n++ ? " or" : "", param_names[i]);
		return -EINVAL;
	}
	return 0;
}

static int check_csid(struct sr6_sid *sid, const struct sid_words *sw, struct sr6_reply *r)
{
	bool csid = sid->flavors & (SR6_FLAVOR_NEXT_CSID | SR6_FLAVOR_REPLACE_CSID);
	uint32_t lb = SR6_CSID_LBLEN_DEFAULT, nf = SR6_CSID_NFLEN_DEFAULT;
	int rc;
	if (!csid && (sw->lblen || sw->nflen))
		return sr6_reply_error(r, -EINVAL, "lblen/nflen go with flavor next-csid or "
				       "replace-csid");
	if (!csid)
		return 0;
	if ((sid->flavors & SR6_FLAVOR_NEXT_CSID) && (sid->flavors & SR6_FLAVOR_REPLACE_CSID))
		return sr6_reply_error(r, -EINVAL, "flavors next-csid and replace-csid exclude each "
				       "other");
	if (sw->lblen && (rc = sr6_parse_u32(sw->lblen, 8, 120, "lblen", &lb, r)) < 0)
		return rc;
	if (sw->nflen && (rc = sr6_parse_u32(sw->nflen, 8, 120, "nflen", &nf, r)) < 0)
		return rc;
	if (lb % 8 || nf % 8 || lb + nf >= 128)
		return sr6_reply_error(r, -EINVAL, "lblen %u, nflen %u: both multiples of 8 and "
				       "lblen + nflen < 128 (RFC 9800)", lb, nf);
	if ((sid->flavors & SR6_FLAVOR_REPLACE_CSID) && nf != 16 && nf != 32)
		return sr6_reply_error(r, -EINVAL, "replace-csid: nflen (the C-SID length) is 16 "
				       "or 32 (RFC 9800 §4.2)");
	sid->lblen = (uint8_t)lb;
	sid->nflen = (uint8_t)nf;
	return 0;
}

/* Resolve everything the line names into sid; takes a reference on the adjacency. */
static int resolve(struct sr6_ctl *ctl, struct sr6_sid *sid, const struct sid_words *sw,
		   struct sr6_reply *r)
{
	struct sr6_fib *fib = ctl->dp->fib;
	struct sr6_nh adj = {.kind = SR6_NH_FORWARD};
	int rc, oif = -1;
	if (sw->oif && (oif = sr6_ctl_iface_find(ctl, sw->oif, r)) < 0)
		return -ENOENT;
	if (sid->behavior == SR6_BEH_END_DX2) {
		if (!ctl->dp->ifaces[oif]->l2)
			return sr6_reply_error(r, -EINVAL, "End.DX2: oif %s is not an Ethernet "
					       "interface", sw->oif);
		sid->oif = (uint16_t)oif;
	} else if (sw->nh6 || sw->nh4 || sw->oif) {
		if (sw->nh6 && (rc = sr6_parse_addr(sw->nh6, false, "nh6", &adj.gw, r)) < 0)
			return rc;
		if (sw->nh4 && (rc = sr6_parse_addr(sw->nh4, true, "nh4", &adj.gw, r)) < 0)
			return rc;
		if (sw->nh4 && !sr6_ip6_is_v4mapped(&adj.gw))
			return sr6_reply_error(r, -EINVAL, "nh4: '%s' is not an IPv4 address",
					       sw->nh4);
		if (oif >= 0)
			adj.oif = (uint16_t)oif;
		else if ((rc = sr6_ctl_resolve_oif(ctl, sr6_fib_main(fib), &adj.gw, &adj.oif,
						   r)) < 0)
			return rc;
		sid->adj_nh = sr6_fib_nh_get(fib, &adj);
		if (!sid->adj_nh)
			return sr6_reply_error(r, -ENOMEM, "out of next-hop objects");
	}
	if (sw->table &&
	    (rc = sr6_parse_u32(sw->table, 0, UINT32_MAX, "table", &sid->table_id, r)) < 0)
		return rc;
	if (sw->policy) {
		int pi = sr6_ctl_policy_find(ctl, sw->policy);
		if (pi < 0)
			return sr6_reply_error(r, -ENOENT, "no policy '%s'", sw->policy);
		const struct sr6_policy *pol = sr6_fib_nh(fib, ctl->policies[pi].nh)->obj;
		uint8_t want = sid->behavior == SR6_BEH_END_B6_ENCAPS ? SR6_MODE_ENCAP
								      : SR6_MODE_ENCAP_RED;
		if (pol->mode != want)
			return sr6_reply_error(r, -EINVAL, "%s needs a policy of mode %s",
					       sr6_behavior_descs[sid->behavior].name,
					       want == SR6_MODE_ENCAP ? "encap" : "encap.red");
		sid->policy = pol;
		sid->policy_nh = ctl->policies[pi].nh;
		snprintf(sid->policy_name, sizeof(sid->policy_name), "%s", sw->policy);
	}
	/* last: a table made for a line that then fails would outlive it */
	sid->table = sw->table ? sr6_fib_table(fib, sid->table_id, true)
			       : sr6_fib_main(fib); /* USD on End decapsulates into main */
	if (!sid->table)
		return sr6_reply_error(r, -ENOMEM, "table %u: out of memory", sid->table_id);
	return 0;
}

int sr6_ctl_sid_install(struct sr6_ctl *ctl, struct sr6_sid *sid, bool for_bsid,
			struct sr6_reply *r)
{
	struct sr6_fib *fib = ctl->dp->fib;
	struct sr6_fib_table *main_t = sr6_fib_main(fib);
	char buf[80];
	sr6_prefix_format(&sid->addr, sid->len, buf, sizeof(buf));
	if (sr6_fib_route_get(main_t, &sid->addr, sid->len))
		return sr6_reply_error(r, -EEXIST, "%s is already a route or SID", buf);
	if (SR6_VEC_RESERVE(ctl->sids, ctl->sids_cap, ctl->n_sids) < 0)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	uint32_t id = sr6_fib_nh_new(fib, SR6_NH_SID);
	if (!id || sr6_ctl_obj_init(ctl, id) < 0) {
		sr6_fib_nh_put(fib, id);
		return sr6_reply_error(r, -ENOMEM, "out of next-hop objects");
	}
	sr6_fib_nh(fib, id)->obj = sid;
	int rc = sr6_fib_route_add(fib, main_t, &sid->addr, sid->len, id);
	sr6_fib_nh_put(fib, id); /* the route holds it now */
	if (rc < 0)
		return sr6_reply_error(r, rc, "%s: %s", buf, strerror(-rc));
	ctl->sids[ctl->n_sids++] = (struct sr6_ctl_sid){.nh = id, .for_bsid = for_bsid};
	return 0;
}

static void sid_free(void *arg)
{
	free(arg);
}

void sr6_ctl_sid_uninstall(struct sr6_ctl *ctl, size_t i)
{
	struct sr6_fib *fib = ctl->dp->fib;
	struct sr6_sid *sid = (struct sr6_sid *)sr6_fib_nh(fib, ctl->sids[i].nh)->obj;
	sr6_fib_route_del(fib, sr6_fib_main(fib), &sid->addr, sid->len);
	if (sid->adj_nh)
		sr6_fib_nh_put(fib, sid->adj_nh);
	sr6_reclaim_defer(&ctl->dp->reclaim, sid, sid_free);
	ctl->sids[i] = ctl->sids[--ctl->n_sids];
}

int sr6_cmd_sid_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	struct sid_words sw = {
		.action = sr6_args_kw(a, "action"), .nh6 = sr6_args_kw(a, "nh6"),
		.nh4 = sr6_args_kw(a, "nh4"),       .oif = sr6_args_kw(a, "oif"),
		.table = sr6_args_kw(a, "table"),   .policy = sr6_args_kw(a, "policy"),
		.flavors = sr6_args_kw(a, "flavors"), .lblen = sr6_args_kw(a, "lblen"),
		.nflen = sr6_args_kw(a, "nflen"),
	};
	const char *sid_word = sr6_args_next(a);
	struct sr6_sid tmpl = {0};
	unsigned len;
	bool len_given = sid_word && strchr(sid_word, '/');
	int rc = sr6_parse_prefix(sid_word, "sid", &tmpl.addr, &len, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (sr6_ip6_is_v4mapped(&tmpl.addr))
		return sr6_reply_error(r, -EINVAL, "sid: a SID is an IPv6 address");
	if (!sw.action)
		return sr6_reply_error(r, -EINVAL, "sid: action BEHAVIOR missing");
	int beh = sr6_behavior_find(sw.action);
	if (beh < 0)
		return sr6_reply_error(r, -EINVAL, "sid: unknown action '%s'", sw.action);
	const struct sr6_behavior_desc *d = &sr6_behavior_descs[beh];
	tmpl.behavior = (uint8_t)beh;
	if ((rc = check_params(d, given_params(&sw), r)) < 0)
		return rc;
	if (sw.flavors && (rc = parse_flavors(sw.flavors, &tmpl.flavors, r)) < 0)
		return rc;
	if (tmpl.flavors & ~d->flavors)
		return sr6_reply_error(r, -EINVAL, "%s does not take flavors %s", d->name,
				       sw.flavors);
	if ((rc = check_csid(&tmpl, &sw, r)) < 0)
		return rc;
	tmpl.len = tmpl.lblen ? (uint8_t)(tmpl.lblen + tmpl.nflen) : (uint8_t)len;
	if (len_given && tmpl.lblen && len != tmpl.len)
		return sr6_reply_error(r, -EINVAL, "sid: a C-SID is installed at /%u (lblen + "
				       "nflen), not /%u", tmpl.len, len);
	struct sr6_ip6 masked = tmpl.addr;
	sr6_ip6_mask(&masked, tmpl.len);
	if (!sr6_ip6_eq(&masked, &tmpl.addr))
		return sr6_reply_error(r, -EINVAL, "sid: %s has bits past /%u", sid_word, tmpl.len);
	if (sr6_fib_route_get(sr6_fib_main(ctl->dp->fib), &tmpl.addr, tmpl.len)) {
		char buf[80];
		return sr6_reply_error(r, -EEXIST, "%s is already a route or SID",
				       sr6_prefix_format(&tmpl.addr, tmpl.len, buf, sizeof(buf)));
	}
	struct sr6_sid *sid = malloc(sizeof(*sid));
	if (!sid)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	*sid = tmpl;
	if ((rc = resolve(ctl, sid, &sw, r)) < 0 ||
	    (rc = sr6_ctl_sid_install(ctl, sid, false, r)) < 0) {
		if (sid->adj_nh)
			sr6_fib_nh_put(ctl->dp->fib, sid->adj_nh);
		free(sid);
		return rc;
	}
	return 0;
}

int sr6_cmd_sid_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	const char *sid_word = sr6_args_next(a);
	/* the rest of the add line may follow; the key is the SID */
	for (int i = a->pos; i < a->n; i++)
		a->used[i] = true;
	struct sr6_ip6 addr;
	unsigned len;
	bool len_given = sid_word && strchr(sid_word, '/');
	int rc = sr6_parse_prefix(sid_word, "sid", &addr, &len, r);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < ctl->n_sids; i++) {
		const struct sr6_sid *sid = sr6_fib_nh(ctl->dp->fib, ctl->sids[i].nh)->obj;
		if (!sr6_ip6_eq(&sid->addr, &addr) || (len_given && sid->len != len))
			continue;
		if (ctl->sids[i].for_bsid)
			return sr6_reply_error(r, -EPERM, "%s is the binding SID of policy %s; "
					       "change the policy", sid_word, sid->policy_name);
		sr6_ctl_sid_uninstall(ctl, i);
		return 0;
	}
	return sr6_reply_error(r, -ENOENT, "no sid %s", sid_word);
}

/* "nh6 X oif Y table N policy P flavors a,b lblen L nflen F" as configured. */
void sr6_ctl_sid_params(struct sr6_ctl *ctl, const struct sr6_sid *sid, struct sr6_reply *t)
{
	char gw[SR6_ADDRSTRLEN];
	const char *sep = "";
	sr6_reply_clear(t);
	if (sid->adj_nh) {
		const struct sr6_nh *adj = sr6_fib_nh(ctl->dp->fib, sid->adj_nh);
		const struct sr6_iface *ifc = ctl->dp->ifaces[adj->oif];
		if (!sr6_ip6_is_zero(&adj->gw))
			sr6_reply_printf(t, "%s %s ", sr6_ip6_is_v4mapped(&adj->gw) ? "nh4" : "nh6",
					 sr6_ip6_format(&adj->gw, gw));
		if (ifc)
			sr6_reply_printf(t, "oif %s ", ifc->name);
	}
	if (sid->behavior == SR6_BEH_END_DX2 && ctl->dp->ifaces[sid->oif])
		sr6_reply_printf(t, "oif %s ", ctl->dp->ifaces[sid->oif]->name);
	const struct sr6_behavior_desc *d = &sr6_behavior_descs[sid->behavior];
	if ((d->required | d->optional) & SR6_PARAM_TABLE)
		sr6_reply_printf(t, "table %u ", sid->table_id);
	if (sid->policy_name[0])
		sr6_reply_printf(t, "policy %s ", sid->policy_name);
	if (sid->flavors)
		sr6_reply_printf(t, "flavors ");
#define SR6_FLAVOR_TEXT(name, bit, str)                                                            \
	if (sid->flavors & SR6_FLAVOR_##name) {                                                    \
		sr6_reply_printf(t, "%s%s", sep, str);                                             \
		sep = ",";                                                                         \
	}
	SR6_FLAVORS(SR6_FLAVOR_TEXT)
#undef SR6_FLAVOR_TEXT
	if (sid->flavors)
		sr6_reply_printf(t, " ");
	if (sid->lblen)
		sr6_reply_printf(t, "lblen %u nflen %u ", sid->lblen, sid->nflen);
	if (t->len)
		t->buf[--t->len] = '\0'; /* the trailing space */
}

static const struct sr6_sid *sid_of(const struct sr6_ctl *ctl, const struct sr6_ctl_sid *cs)
{
	return sr6_fib_nh(ctl->dp->fib, cs->nh)->obj;
}

static const struct sr6_ctl *sort_ctl; /* qsort has no context argument in C11 */

static int sid_cmp(const void *a, const void *b)
{
	const struct sr6_sid *x = sid_of(sort_ctl, *(const struct sr6_ctl_sid *const *)a);
	const struct sr6_sid *y = sid_of(sort_ctl, *(const struct sr6_ctl_sid *const *)b);
	int c = memcmp(x->addr.b, y->addr.b, sizeof(x->addr.b));
	return c ? c : (int)x->len - (int)y->len;
}

const struct sr6_ctl_sid **sr6_ctl_sids_sorted(struct sr6_ctl *ctl)
{
	const struct sr6_ctl_sid **v = malloc((ctl->n_sids + 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < ctl->n_sids; i++)
		v[i] = &ctl->sids[i];
	sort_ctl = ctl;
	qsort(v, ctl->n_sids, sizeof(*v), sid_cmp);
	return v;
}

int sr6_show_sids(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	const struct sr6_ctl_sid **v = sr6_ctl_sids_sorted(ctl);
	if (!v)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	struct sr6_table t;
	if (json)
		sr6_reply_printf(r, "[");
	else
		sr6_table_init(&t, "sid action params packets bytes drops", "lllrrr");
	struct sr6_reply text = {0};
	for (size_t i = 0; i < ctl->n_sids; i++) {
		uint32_t id = v[i]->nh;
		const struct sr6_sid *sid = sid_of(ctl, v[i]);
		struct sr6_obj_counters c;
		char pfx[80];
		sr6_ctl_obj_sum(ctl, id, &c);
		sr6_prefix_format(&sid->addr, sid->len, pfx, sizeof(pfx));
		sr6_ctl_sid_params(ctl, sid, &text);
		const char *params = text.buf ? text.buf : "";
		const char *action = sr6_behavior_descs[sid->behavior].name;
		if (json) {
			sr6_reply_printf(r, "%s{\"sid\":\"%s\",\"action\":\"%s\",\"params\":",
					 i ? "," : "", pfx, action);
			sr6_reply_json_str(r, params);
			sr6_reply_printf(r, ",\"binding\":%s,\"packets\":%llu,\"bytes\":%llu,"
					    "\"drops\":%llu}",
					 v[i]->for_bsid ? "true" : "false", (unsigned long long)c.pkts,
					 (unsigned long long)c.bytes, (unsigned long long)c.drops);
		} else {
			sr6_table_cell(&t, "%s", pfx);
			sr6_table_cell(&t, "%s", action);
			sr6_table_cell(&t, "%s", params);
			sr6_table_cell(&t, "%llu", (unsigned long long)c.pkts);
			sr6_table_cell(&t, "%llu", (unsigned long long)c.bytes);
			sr6_table_cell(&t, "%llu", (unsigned long long)c.drops);
		}
	}
	sr6_reply_free(&text);
	free(v);
	if (json)
		sr6_reply_printf(r, "]\n");
	else
		sr6_table_print(&t, r);
	return 0;
}
