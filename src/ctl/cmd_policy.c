// SPDX-License-Identifier: MIT
/*
 * policy add|del, steer add|del, route ... encap seg6, show policies.
 *
 *   policy add NAME [bsid SID] [src ADDR] [mode encap|encap.red|insert|l2encap]
 *          segs S1,S2,... [weight W] [segs ... [weight W]]...
 *   steer add [table N] PREFIX policy NAME     (stateless ingress)
 *   steer add dev NAME policy NAME             (H.Encaps.L2: every frame of NAME)
 *   route add [table N] PREFIX encap seg6 mode encap|encap.red|inline|l2encap segs S1,...
 *
 * A policy is one ENCAP next hop; every steered prefix is just a FIB entry
 * pointing at it, so a million steered prefixes cost a million FIB leaves
 * and nothing per flow. `policy add` on an existing name replaces the
 * policy in place (a controller moving traffic to a new path): the next hop
 * keeps its id, steers keep pointing at it, and workers switch to the new
 * rewrites at once. `policy del` is refused while anything still uses it,
 * unless forced (`policy del NAME force`: its steers and End.B6 SIDs go too).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ip6.h"
#include "cmd.h"
#include "cmd_sec.h"
#include "table.h"
#include "vec.h"

static const struct {
	const char *name;
	uint8_t mode;
} modes[] = {
	{"encap", SR6_MODE_ENCAP},     {"encap.red", SR6_MODE_ENCAP_RED},
	{"insert", SR6_MODE_INSERT},   {"inline", SR6_MODE_INSERT},
	{"l2encap", SR6_MODE_L2ENCAP},
};

static const char *mode_name(uint8_t mode)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (modes[i].mode == mode)
			return modes[i].name;
	return "?";
}

void sr6_ctl_policy_mode_words(uint8_t mode, struct sr6_reply *r)
{
	sr6_reply_printf(r, " mode %s", mode_name(mode));
}

static int parse_mode(const char *s, uint8_t *mode, struct sr6_reply *r)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(s, modes[i].name) == 0) {
			*mode = modes[i].mode;
			return 0;
		}
	}
	return sr6_reply_error(r, -EINVAL, "mode: '%s' is not encap, encap.red, insert (inline) "
			       "or l2encap", s);
}

static int parse_segs(const char *s, struct sr6_ip6 *segs, uint8_t *n, struct sr6_reply *r)
{
	char buf[SR6_SRH_MAX_SEGS * 48];
	if (strlen(s) >= sizeof(buf))
		return sr6_reply_error(r, -EINVAL, "segs: more than %d segments",
				       SR6_SRH_MAX_SEGS);
	strcpy(buf, s);
	char *save = NULL;
	*n = 0;
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (*n == SR6_SRH_MAX_SEGS)
			return sr6_reply_error(r, -EINVAL, "segs: more than %d segments",
					       SR6_SRH_MAX_SEGS);
		int rc = sr6_parse_addr(w, false, "segs", &segs[*n], r);
		if (rc < 0)
			return rc;
		if (sr6_ip6_is_multicast(&segs[*n]) || sr6_ip6_is_zero(&segs[*n]))
			return sr6_reply_error(r, -EINVAL, "segs: %s is not a unicast SID", w);
		(*n)++;
	}
	if (*n == 0)
		return sr6_reply_error(r, -EINVAL, "segs: no segment");
	return 0;
}

/*
 * The words after the policy name, in order: keywords, and "segs" groups
 * each optionally followed by its "weight".
 */
static int parse_spec(struct sr6_args *a, struct sr6_policy_spec *spec, bool route_form,
		      struct sr6_reply *r)
{
	int rc;
	spec->mode = SR6_MODE_ENCAP;
	for (int i = a->pos; i < a->n; i++) {
		if (a->used[i])
			continue;
		const char *kw = a->w[i], *val = i + 1 < a->n ? a->w[i + 1] : NULL;
		a->used[i] = true;
		if (!val)
			return sr6_reply_error(r, -EINVAL, "%s: value missing", kw);
		a->used[++i] = true;
		if (strcmp(kw, "segs") == 0) {
			if (spec->n_lists == SR6_POLICY_LISTS_MAX)
				return sr6_reply_error(r, -EINVAL, "more than %d segment lists",
						       SR6_POLICY_LISTS_MAX);
			spec->lists[spec->n_lists].weight = 1;
			rc = parse_segs(val, spec->lists[spec->n_lists].segs,
					&spec->lists[spec->n_lists].n_segs, r);
			spec->n_lists++;
		} else if (strcmp(kw, "weight") == 0 && !route_form) {
			uint32_t wgt;
			if (!spec->n_lists)
				return sr6_reply_error(r, -EINVAL, "weight comes after its segs");
			rc = sr6_parse_u32(val, 1, 65535, "weight", &wgt, r);
			spec->lists[spec->n_lists - 1].weight = (uint16_t)wgt;
		} else if (strcmp(kw, "mode") == 0) {
			rc = parse_mode(val, &spec->mode, r);
		} else if (strcmp(kw, "bsid") == 0 && !route_form) {
			spec->has_bsid = true;
			rc = sr6_parse_addr(val, false, "bsid", &spec->bsid, r);
		} else if (strcmp(kw, "src") == 0 && !route_form) {
			spec->has_src = true;
			rc = sr6_parse_addr(val, false, "src", &spec->src, r);
		} else if ((rc = sr6_ctl_policy_hmac_word(a, &i, kw, val, spec, r)) != 0) {
			rc = rc < 0 ? rc : 0; /* hmac keyid N, hmac-flag: cmd_sec.c */
		} else {
			return sr6_reply_error(r, -EINVAL, "unexpected word '%s'", kw);
		}
		if (rc < 0)
			return rc;
	}
	if (!spec->n_lists)
		return sr6_reply_error(r, -EINVAL, "segs S1,S2,... missing");
	if (spec->has_bsid && spec->mode != SR6_MODE_ENCAP && spec->mode != SR6_MODE_ENCAP_RED)
		return sr6_reply_error(r, -EINVAL, "bsid: a binding SID (End.B6.Encaps) needs mode "
				       "encap or encap.red");
	return 0;
}

static struct sr6_policy *build(struct sr6_ctl *ctl, const struct sr6_policy_spec *spec,
				struct sr6_reply *r)
{
	char err[160];
	struct sr6_policy *pol =
	    sr6_policy_build_keys(spec, &ctl->dp->encap_src, ctl->dp->hmac_keys, err, sizeof(err));
	if (!pol)
		sr6_reply_error(r, -EINVAL, "%s%s%s", spec->name && *spec->name ? spec->name : "",
				spec->name && *spec->name ? ": " : "", err);
	return pol;
}

uint32_t sr6_ctl_encap_nh(struct sr6_ctl *ctl, const struct sr6_policy_spec *spec,
			  struct sr6_reply *r)
{
	struct sr6_policy *pol = build(ctl, spec, r);
	if (!pol)
		return 0;
	uint32_t id = sr6_fib_nh_new(ctl->dp->fib, SR6_NH_ENCAP);
	if (!id || sr6_ctl_obj_init(ctl, id) < 0) {
		sr6_fib_nh_put(ctl->dp->fib, id);
		free(pol);
		sr6_reply_error(r, -ENOMEM, "out of next-hop objects");
		return 0;
	}
	sr6_fib_nh(ctl->dp->fib, id)->obj = pol;
	return id;
}

int sr6_ctl_parse_route_encap(struct sr6_args *a, struct sr6_policy_spec *spec,
			      struct sr6_reply *r)
{
	const char *type = sr6_args_kw(a, "encap");
	if (!type || strcmp(type, "seg6") != 0)
		return sr6_reply_error(r, -EINVAL, "encap: only seg6 is supported");
	int rc = parse_spec(a, spec, true, r);
	if (rc < 0)
		return rc;
	if (spec->mode == SR6_MODE_L2ENCAP)
		return sr6_reply_error(r, -EINVAL, "mode l2encap steers the frames of an interface: "
				       "steer add dev NAME policy P");
	return 0;
}

/* SIDs (End.B6.*, binding SIDs) that use the policy named name. */
static unsigned sids_using(struct sr6_ctl *ctl, const char *name, bool count_bsid)
{
	unsigned n = 0;
	for (size_t i = 0; i < ctl->n_sids; i++) {
		const struct sr6_sid *sid = sr6_fib_nh(ctl->dp->fib, ctl->sids[i].nh)->obj;
		if (strcmp(sid->policy_name, name) == 0 && (count_bsid || !ctl->sids[i].for_bsid))
			n++;
	}
	return n;
}

static void sid_free(void *arg)
{
	free(arg);
}

static struct sr6_namelist policy_names(const struct sr6_ctl *ctl)
{
	return (struct sr6_namelist){ctl->policies, sizeof(*ctl->policies),
				     offsetof(struct sr6_ctl_policy, name)};
}

int sr6_ctl_policy_find(struct sr6_ctl *ctl, const char *name)
{
	return (int)sr6_nameidx_find(&ctl->policy_idx, policy_names(ctl), name);
}

/* Point every SID that uses the named policy at pol (new SID objects, RCU). */
static int repoint_sids(struct sr6_ctl *ctl, const char *name, const struct sr6_policy *pol)
{
	for (size_t i = 0; i < ctl->n_sids; i++) {
		struct sr6_nh *nh = sr6_fib_nh(ctl->dp->fib, ctl->sids[i].nh);
		struct sr6_sid *old = (struct sr6_sid *)nh->obj;
		if (strcmp(old->policy_name, name) != 0)
			continue;
		struct sr6_sid *sid = malloc(sizeof(*sid));
		if (!sid)
			return -ENOMEM;
		*sid = *old;
		sid->policy = pol;
		sr6_rcu_assign(nh->obj, (const void *)sid);
		sr6_reclaim_defer(&ctl->dp->reclaim, old, sid_free);
	}
	return 0;
}

static int install_bsid(struct sr6_ctl *ctl, struct sr6_ctl_policy *cp,
			const struct sr6_policy *pol, struct sr6_reply *r)
{
	struct sr6_sid *sid = calloc(1, sizeof(*sid));
	if (!sid)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	sid->addr = pol->bsid;
	sid->len = 128;
	sid->behavior = pol->mode == SR6_MODE_ENCAP ? SR6_BEH_END_B6_ENCAPS
						    : SR6_BEH_END_B6_ENCAPS_RED;
	sid->policy = pol;
	sid->policy_nh = cp->nh;
	sid->table = sr6_fib_main(ctl->dp->fib);
	snprintf(sid->policy_name, sizeof(sid->policy_name), "%s", cp->name);
	int rc = sr6_ctl_sid_install(ctl, sid, true, r);
	if (rc < 0) {
		free(sid);
		return rc;
	}
	cp->bsid_nh = ctl->sids[ctl->n_sids - 1].nh;
	return 0;
}

static void uninstall_bsid(struct sr6_ctl *ctl, struct sr6_ctl_policy *cp)
{
	for (size_t i = 0; cp->bsid_nh && i < ctl->n_sids; i++) {
		if (ctl->sids[i].nh == cp->bsid_nh) {
			sr6_ctl_sid_uninstall(ctl, i);
			break;
		}
	}
	cp->bsid_nh = 0;
}

/* Swap in a policy built from spec for cp (same next hop), fixing its SIDs. */
static int replace(struct sr6_ctl *ctl, struct sr6_ctl_policy *cp,
		   struct sr6_policy_spec *spec, struct sr6_reply *r)
{
	struct sr6_nh *nh = sr6_fib_nh(ctl->dp->fib, cp->nh);
	const struct sr6_policy *old = nh->obj;
	if (spec->mode != old->mode && sids_using(ctl, cp->name, false))
		return sr6_reply_error(r, -EBUSY, "policy %s: End.B6 SIDs use it; its mode cannot "
				       "change", cp->name);
	if ((old->mode == SR6_MODE_L2ENCAP) != (spec->mode == SR6_MODE_L2ENCAP) &&
	    nh->refcnt > 1)
		return sr6_reply_error(r, -EBUSY, "policy %s is steered into; it cannot change "
				       "between l2encap and the other modes", cp->name);
	struct sr6_policy *pol = build(ctl, spec, r);
	if (!pol)
		return -EINVAL;
	bool bsid_same = old->has_bsid == pol->has_bsid &&
			 (!pol->has_bsid || sr6_ip6_eq(&old->bsid, &pol->bsid));
	if (!bsid_same && pol->has_bsid &&
	    sr6_fib_route_get(sr6_fib_main(ctl->dp->fib), &pol->bsid, 128)) {
		free(pol);
		char b[SR6_ADDRSTRLEN];
		return sr6_reply_error(r, -EEXIST, "bsid %s is already a route or SID",
				       sr6_ip6_format(&spec->bsid, b));
	}
	sr6_rcu_assign(nh->obj, (const void *)pol);
	if (!bsid_same)
		uninstall_bsid(ctl, cp);
	if (repoint_sids(ctl, cp->name, pol) < 0 ||
	    (!bsid_same && pol->has_bsid && install_bsid(ctl, cp, pol, r) < 0)) {
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)old, NULL);
		return sr6_reply_error(r, -ENOMEM, "policy %s: out of memory; replaced without "
				       "its binding SID", cp->name);
	}
	sr6_reclaim_defer(&ctl->dp->reclaim, (void *)old, NULL);
	*cp->spec = *spec;
	cp->spec->name = cp->name;
	return 0;
}

int sr6_cmd_policy_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	struct sr6_policy_spec spec = {0};
	char name[SR6_POLICY_NAMSIZ];
	int rc = sr6_parse_name(sr6_args_next(a), "policy", name, sizeof(name), r);
	if (rc < 0 || (rc = parse_spec(a, &spec, false, r)) < 0)
		return rc;
	int pi = sr6_ctl_policy_find(ctl, name);
	spec.name = name; /* a replacement keeps its name: steers are told from routes by it */
	if (pi >= 0)
		return replace(ctl, &ctl->policies[pi], &spec, r);
	if (spec.has_bsid && sr6_fib_route_get(sr6_fib_main(ctl->dp->fib), &spec.bsid, 128)) {
		char b[SR6_ADDRSTRLEN];
		return sr6_reply_error(r, -EEXIST, "bsid %s is already a route or SID",
				       sr6_ip6_format(&spec.bsid, b));
	}
	if (SR6_VEC_RESERVE(ctl->policies, ctl->policies_cap, ctl->n_policies) < 0 ||
	    sr6_nameidx_reserve(&ctl->policy_idx, ctl->n_policies + 1) < 0)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	struct sr6_ctl_policy cp = {0};
	snprintf(cp.name, sizeof(cp.name), "%s", name);
	cp.spec = malloc(sizeof(*cp.spec));
	if (!cp.spec)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	*cp.spec = spec;
	cp.nh = sr6_ctl_encap_nh(ctl, &spec, r);
	if (!cp.nh) {
		free(cp.spec);
		return -EINVAL;
	}
	const struct sr6_policy *pol = sr6_fib_nh(ctl->dp->fib, cp.nh)->obj;
	if (pol->has_bsid && (rc = install_bsid(ctl, &cp, pol, r)) < 0) {
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)pol, NULL);
		sr6_fib_nh_put(ctl->dp->fib, cp.nh);
		free(cp.spec);
		return rc;
	}
	ctl->policies[ctl->n_policies] = cp;
	ctl->policies[ctl->n_policies].spec->name = ctl->policies[ctl->n_policies].name;
	sr6_nameidx_add(&ctl->policy_idx, cp.name, (uint32_t)ctl->n_policies);
	ctl->n_policies++;
	return 0;
}

/* Prefixes steered into one policy, collected before any is deleted. */
struct steer_list {
	uint32_t nh;
	struct sr6_fib_table *table;
	struct steered {
		struct sr6_fib_table *table;
		struct sr6_ip6 pfx;
		unsigned len;
	} *v;
	size_t n, cap;
	int err;
};

static int collect_steer(const struct sr6_ip6 *pfx, unsigned len, uint32_t id, void *arg)
{
	struct steer_list *l = arg;
	if (id != l->nh)
		return 0;
	if (SR6_VEC_RESERVE(l->v, l->cap, l->n) < 0) {
		l->err = -ENOMEM;
		return -ENOMEM;
	}
	l->v[l->n++] = (struct steered){l->table, *pfx, len};
	return 0;
}

static void clear_l2_steer(struct sr6_iface *ifc, const void *arg)
{
	(void)arg;
	ifc->l2_steer_nh = 0;
}

/*
 * `policy del NAME force`: what a controller withdrawing a policy wants.
 * Its steers go (their prefixes are then routed by whatever else covers
 * them), frames steered from an interface are no longer encapsulated, and
 * End.B6 SIDs bound to it are deleted. Everything is collected first, so an
 * allocation failure changes nothing.
 */
static int unbind_all(struct sr6_ctl *ctl, struct sr6_ctl_policy *cp, struct sr6_reply *r)
{
	struct sr6_fib *fib = ctl->dp->fib;
	struct steer_list l = {.nh = cp->nh};
	for (uint32_t t = 0; t < fib->n_tables && !l.err; t++) {
		l.table = fib->tables[t];
		sr6_fib_walk(l.table, collect_steer, &l);
	}
	if (l.err) {
		free(l.v);
		return sr6_reply_error(r, -ENOMEM, "policy %s: out of memory; nothing deleted",
				       cp->name);
	}
	for (size_t i = 0; i < l.n; i++)
		sr6_fib_route_del(fib, l.v[i].table, &l.v[i].pfx, l.v[i].len);
	free(l.v);
	for (uint16_t i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = ctl->dp->ifaces[i];
		if (ifc && ifc->l2_steer_nh == cp->nh &&
		    sr6_ctl_iface_update(ctl, i, clear_l2_steer, NULL) == 0)
			sr6_fib_nh_put(fib, cp->nh);
	}
	for (size_t i = ctl->n_sids; i-- > 0;) {
		const struct sr6_sid *sid = sr6_fib_nh(fib, ctl->sids[i].nh)->obj;
		if (!ctl->sids[i].for_bsid && strcmp(sid->policy_name, cp->name) == 0)
			sr6_ctl_sid_uninstall(ctl, i);
	}
	if (sr6_fib_nh(fib, cp->nh)->refcnt > 1)
		return sr6_reply_error(r, -ENOMEM, "policy %s: out of memory; some of its steers "
				       "are left", cp->name);
	return 0;
}

int sr6_cmd_policy_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	const char *name = sr6_args_next(a);
	bool force = sr6_args_flag(a, "force");
	for (int i = a->pos; i < a->n; i++)
		a->used[i] = true; /* the rest of the add line may follow */
	int pi = name ? sr6_ctl_policy_find(ctl, name) : -1;
	if (pi < 0)
		return sr6_reply_error(r, -ENOENT, "no policy '%s'", name ? name : "");
	struct sr6_ctl_policy *cp = &ctl->policies[pi];
	struct sr6_nh *nh = sr6_fib_nh(ctl->dp->fib, cp->nh);
	unsigned sids = sids_using(ctl, name, false);
	if ((nh->refcnt > 1 || sids) && !force)
		return sr6_reply_error(r, -EBUSY, "policy %s is used by %u steer(s) and %u SID(s); "
				       "delete them first, or `policy del %s force` to delete "
				       "them with it", name, nh->refcnt - 1, sids, name);
	int rc = force ? unbind_all(ctl, cp, r) : 0;
	if (rc < 0)
		return rc;
	uninstall_bsid(ctl, cp);
	sr6_reclaim_defer(&ctl->dp->reclaim, (void *)nh->obj, NULL);
	sr6_fib_nh_put(ctl->dp->fib, cp->nh);
	free(cp->spec);
	sr6_nameidx_del(&ctl->policy_idx, policy_names(ctl), cp->name);
	size_t last = --ctl->n_policies;
	if ((size_t)pi != last) {
		ctl->policies[pi] = ctl->policies[last];
		sr6_nameidx_move(&ctl->policy_idx, ctl->policies[pi].name, (uint32_t)last,
				 (uint32_t)pi);
	}
	return 0;
}

int sr6_ctl_policies_rebuild_src(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	for (size_t i = 0; i < ctl->n_policies; i++) {
		struct sr6_policy_spec spec = *ctl->policies[i].spec;
		if (spec.has_src)
			continue;
		/* the stored spec's name points where the entry was when last set */
		spec.name = ctl->policies[i].name;
		int rc = replace(ctl, &ctl->policies[i], &spec, r);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void set_l2_steer(struct sr6_iface *ifc, const void *arg)
{
	ifc->l2_steer_nh = *(const uint32_t *)arg;
}

static int steer_dev(struct sr6_ctl *ctl, const char *dev, const char *policy, bool add,
		     struct sr6_reply *r)
{
	int idx = sr6_ctl_iface_find(ctl, dev, r);
	if (idx < 0)
		return -ENOENT;
	const struct sr6_iface *ifc = ctl->dp->ifaces[idx];
	uint32_t id = 0;
	if (!add) {
		if (!ifc->l2_steer_nh)
			return sr6_reply_error(r, -ENOENT, "no steer on dev %s", dev);
		sr6_fib_nh_put(ctl->dp->fib, ifc->l2_steer_nh);
		return sr6_ctl_iface_update(ctl, (uint16_t)idx, set_l2_steer, &id);
	}
	int pi = sr6_ctl_policy_find(ctl, policy);
	if (pi < 0)
		return sr6_reply_error(r, -ENOENT, "no policy '%s'", policy);
	const struct sr6_policy *pol = sr6_fib_nh(ctl->dp->fib, ctl->policies[pi].nh)->obj;
	if (pol->mode != SR6_MODE_L2ENCAP)
		return sr6_reply_error(r, -EINVAL, "steer dev %s: policy %s must be mode l2encap",
				       dev, policy);
	if (!ifc->l2)
		return sr6_reply_error(r, -EINVAL, "steer dev %s: not an Ethernet interface", dev);
	if (ifc->l2_steer_nh)
		return sr6_reply_error(r, -EEXIST, "dev %s is already steered", dev);
	id = ctl->policies[pi].nh;
	sr6_fib_nh_hold(ctl->dp->fib, id);
	if (sr6_ctl_iface_update(ctl, (uint16_t)idx, set_l2_steer, &id) < 0) {
		sr6_fib_nh_put(ctl->dp->fib, id);
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	}
	return 0;
}

static int steer(struct sr6_ctl *ctl, struct sr6_args *a, bool add, struct sr6_reply *r)
{
	int rc;
	const char *dev = sr6_args_kw(a, "dev");
	const char *policy = sr6_args_kw(a, "policy");
	if (dev) {
		if ((rc = sr6_args_done(a, r)) < 0)
			return rc;
		if (add && !policy)
			return sr6_reply_error(r, -EINVAL, "steer: policy NAME missing");
		return steer_dev(ctl, dev, policy, add, r);
	}
	struct sr6_fib_table *t = sr6_ctl_table(ctl, a, r, &rc);
	if (!t)
		return rc;
	struct sr6_ip6 pfx;
	unsigned len;
	const char *pfx_word = sr6_args_next(a);
	if ((rc = sr6_parse_prefix(pfx_word, "steer", &pfx, &len, r)) < 0 ||
	    (rc = sr6_args_done(a, r)) < 0)
		return rc;
	struct sr6_fib *fib = ctl->dp->fib;
	uint32_t cur = sr6_fib_route_get(t, &pfx, len);
	if (!add) {
		if (!cur || sr6_fib_nh(fib, cur)->kind != SR6_NH_ENCAP)
			return sr6_reply_error(r, -ENOENT, "no steer %s in table %u", pfx_word,
					       t->id);
		return sr6_fib_route_del(fib, t, &pfx, len);
	}
	if (!policy)
		return sr6_reply_error(r, -EINVAL, "steer: policy NAME missing");
	int pi = sr6_ctl_policy_find(ctl, policy);
	if (pi < 0)
		return sr6_reply_error(r, -ENOENT, "no policy '%s'", policy);
	const struct sr6_policy *pol = sr6_fib_nh(fib, ctl->policies[pi].nh)->obj;
	if (pol->mode == SR6_MODE_L2ENCAP)
		return sr6_reply_error(r, -EINVAL, "policy %s is mode l2encap: steer a dev into it",
				       policy);
	if (pol->mode == SR6_MODE_INSERT && sr6_fib_is_v4(&pfx, len))
		return sr6_reply_error(r, -EINVAL, "policy %s is mode insert: IPv6 only", policy);
	if (cur)
		return sr6_reply_error(r, -EEXIST, "%s is already routed in table %u", pfx_word,
				       t->id);
	rc = sr6_fib_route_add(fib, t, &pfx, len, ctl->policies[pi].nh);
	return rc < 0 ? sr6_reply_error(r, rc, "steer %s: %s", pfx_word, strerror(-rc)) : 0;
}

int sr6_cmd_steer_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	return steer(ctl, a, true, r);
}

int sr6_cmd_steer_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	return steer(ctl, a, false, r);
}

static void segs_text(const struct sr6_seglist *sl, struct sr6_reply *r)
{
	char b[SR6_ADDRSTRLEN];
	for (unsigned k = 0; k < sl->n_segs; k++)
		sr6_reply_printf(r, "%s%s", k ? "," : "", sr6_ip6_format(&sl->segs[k], b));
}

void sr6_ctl_encap_text(const struct sr6_nh *nh, char *buf, size_t size)
{
	const struct sr6_policy *pol = nh->obj;
	if (pol->name[0]) {
		snprintf(buf, size, "policy %s", pol->name);
		return;
	}
	struct sr6_reply r = {0};
	sr6_reply_printf(&r, "seg6 mode %s", mode_name(pol->mode));
	for (unsigned k = 0; k < pol->n_lists; k++) { /* ECMP: one `segs` per list */
		sr6_reply_printf(&r, " segs ");
		segs_text(&pol->lists[k], &r);
	}
	if (pol->hmac)
		sr6_reply_printf(&r, " hmac %u", pol->hmac_key_id);
	snprintf(buf, size, "%s", r.buf ? r.buf : "");
	sr6_reply_free(&r);
}

/* Policies in name order: the order an operator looks for them in. */
static int policy_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sr6_ctl_policy *const *)a)[0]->name,
		      ((const struct sr6_ctl_policy *const *)b)[0]->name);
}

const struct sr6_ctl_policy **sr6_ctl_policies_sorted(struct sr6_ctl *ctl)
{
	const struct sr6_ctl_policy **v = malloc((ctl->n_policies + 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < ctl->n_policies; i++)
		v[i] = &ctl->policies[i];
	qsort(v, ctl->n_policies, sizeof(*v), policy_cmp);
	return v;
}

static void show_policy_json(struct sr6_ctl *ctl, const struct sr6_ctl_policy *cp, bool first,
			     struct sr6_reply *r)
{
	char b[SR6_ADDRSTRLEN];
	const struct sr6_nh *nh = sr6_fib_nh(ctl->dp->fib, cp->nh);
	const struct sr6_policy *pol = nh->obj;
	struct sr6_obj_counters c;
	sr6_ctl_obj_sum(ctl, cp->nh, &c);
	sr6_reply_printf(r, "%s{\"name\":", first ? "" : ",");
	sr6_reply_json_str(r, cp->name);
	sr6_reply_printf(r, ",\"mode\":\"%s\",\"src\":\"%s\"", mode_name(pol->mode),
			 sr6_ip6_format(&pol->src, b));
	if (pol->has_bsid)
		sr6_reply_printf(r, ",\"bsid\":\"%s\"", sr6_ip6_format(&pol->bsid, b));
	if (pol->hmac)
		sr6_reply_printf(r, ",\"hmac_keyid\":%u,\"hmac_flag\":\"%s\"", pol->hmac_key_id,
				 pol->hmac_no_flag ? "none" : "linux");
	sr6_reply_printf(r, ",\"steers\":%u,\"packets\":%llu,\"bytes\":%llu,\"drops\":%llu,"
			    "\"lists\":[",
			 nh->refcnt - 1, (unsigned long long)c.pkts, (unsigned long long)c.bytes,
			 (unsigned long long)c.drops);
	for (unsigned k = 0; k < pol->n_lists; k++) {
		sr6_ctl_list_read(ctl, cp->nh, k, true, &c);
		sr6_reply_printf(r, "%s{\"index\":%u,\"weight\":%u,\"packets\":%llu,"
				    "\"bytes\":%llu,\"drops\":%llu,\"segs\":[",
				 k ? "," : "", k, pol->lists[k].weight, (unsigned long long)c.pkts,
				 (unsigned long long)c.bytes, (unsigned long long)c.drops);
		for (unsigned s = 0; s < pol->lists[k].n_segs; s++)
			sr6_reply_printf(r, "%s\"%s\"", s ? "," : "",
					 sr6_ip6_format(&pol->lists[k].segs[s], b));
		sr6_reply_printf(r, "]}");
	}
	sr6_reply_printf(r, "]}");
}

int sr6_show_policies(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	const struct sr6_ctl_policy **v = sr6_ctl_policies_sorted(ctl);
	if (!v)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	if (json) {
		sr6_reply_printf(r, "[");
		for (size_t i = 0; i < ctl->n_policies; i++)
			show_policy_json(ctl, v[i], i == 0, r);
		sr6_reply_printf(r, "]\n");
		free(v);
		return 0;
	}
	char b[SR6_ADDRSTRLEN];
	struct sr6_table t;
	sr6_table_init(&t, "policy mode src bsid hmac steers packets bytes drops", "lllllrrrr");
	for (size_t i = 0; i < ctl->n_policies; i++) {
		const struct sr6_nh *nh = sr6_fib_nh(ctl->dp->fib, v[i]->nh);
		const struct sr6_policy *pol = nh->obj;
		struct sr6_obj_counters c;
		sr6_ctl_obj_sum(ctl, v[i]->nh, &c);
		sr6_table_cell(&t, "%s", v[i]->name);
		sr6_table_cell(&t, "%s", mode_name(pol->mode));
		sr6_table_cell(&t, "%s", sr6_ip6_format(&pol->src, b));
		sr6_table_cell(&t, "%s", pol->has_bsid ? sr6_ip6_format(&pol->bsid, b) : "");
		if (pol->hmac)
			sr6_table_cell(&t, "keyid %u", pol->hmac_key_id);
		else
			sr6_table_cell(&t, "%s", "");
		sr6_table_cell(&t, "%u", nh->refcnt - 1);
		sr6_table_cell(&t, "%llu", (unsigned long long)c.pkts);
		sr6_table_cell(&t, "%llu", (unsigned long long)c.bytes);
		sr6_table_cell(&t, "%llu", (unsigned long long)c.drops);
	}
	sr6_table_print(&t, r);
	sr6_reply_printf(r, "\n");
	sr6_table_init(&t, "policy list weight packets bytes drops segs", "lrrrrrl");
	struct sr6_reply segs = {0};
	for (size_t i = 0; i < ctl->n_policies; i++) {
		const struct sr6_policy *pol = sr6_fib_nh(ctl->dp->fib, v[i]->nh)->obj;
		for (unsigned k = 0; k < pol->n_lists; k++) {
			struct sr6_obj_counters c;
			sr6_ctl_list_read(ctl, v[i]->nh, k, true, &c);
			sr6_reply_clear(&segs);
			segs_text(&pol->lists[k], &segs);
			sr6_table_cell(&t, "%s", v[i]->name);
			sr6_table_cell(&t, "%u", k);
			sr6_table_cell(&t, "%u", pol->lists[k].weight);
			sr6_table_cell(&t, "%llu", (unsigned long long)c.pkts);
			sr6_table_cell(&t, "%llu", (unsigned long long)c.bytes);
			sr6_table_cell(&t, "%llu", (unsigned long long)c.drops);
			sr6_table_cell(&t, "%s", segs.buf ? segs.buf : "");
		}
	}
	sr6_reply_free(&segs);
	sr6_table_print(&t, r);
	free(v);
	return 0;
}
