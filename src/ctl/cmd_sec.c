// SPDX-License-Identifier: MIT
/*
 * Security configuration: interface edge words, HMAC keys, locators (the
 * SID space), ICMP error rate limits, and their shows (see cmd_sec.h).
 *
 * Everything the dataplane reads is published by RCU: a key table or
 * locator list is copied, changed and swapped in whole; the old one is
 * freed after a grace period (key tables wiped first).
 *
 * Policies sign with a key at build time (sr/policy.c), so replacing a
 * key's secret re-signs, and swaps in, every policy that uses it (named or
 * a route's own), and points the SIDs that push a replaced policy (End.B6,
 * binding SIDs) at its successor. A key in use cannot be deleted: rolling
 * over means adding a new key id and moving the policies to it.
 */
#include "cmd_sec.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/ip6.h"
#include "../dp/edge.h"
#include "../sr/hmac.h"
#include "cmd.h"
#include "secret_file.h"
#include "vec.h"

static const char *const hmac_modes[] = {
    [SR6_HMAC_MODE_OFF] = "off",
    [SR6_HMAC_MODE_CHECK] = "check",
    [SR6_HMAC_MODE_REQUIRE] = "require",
};

static const char *const urpf_modes[] = {
    [SR6_URPF_OFF] = "off",
    [SR6_URPF_LOOSE] = "loose",
    [SR6_URPF_STRICT] = "strict",
};

const char *sr6_hmac_mode_name(unsigned mode)
{
	return mode < 3 ? hmac_modes[mode] : "?";
}

const char *sr6_urpf_mode_name(unsigned mode)
{
	return mode < 3 ? urpf_modes[mode] : "?";
}

static int parse_mode(const char *s, const char *const *names, const char *what, uint8_t *out,
		      struct sr6_reply *r)
{
	for (uint8_t i = 0; i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	return sr6_reply_error(r, -EINVAL, "%s: '%s' is not %s, %s or %s", what, s, names[2],
			       names[1], names[0]);
}

static uint8_t hmac_default(bool untrusted)
{
	return untrusted ? SR6_HMAC_MODE_REQUIRE : SR6_HMAC_MODE_OFF;
}

/* The hmac and urpf words (either may be absent) into ifc. */
static int sec_words(struct sr6_args *a, struct sr6_iface *ifc, struct sr6_reply *r)
{
	const char *hmac = sr6_args_kw(a, "hmac");
	const char *urpf = sr6_args_kw(a, "urpf");
	int rc;
	if (hmac && (rc = parse_mode(hmac, hmac_modes, "hmac", &ifc->hmac, r)) < 0)
		return rc;
	if (urpf && (rc = parse_mode(urpf, urpf_modes, "urpf", &ifc->urpf, r)) < 0)
		return rc;
	if (hmac)
		ifc->hmac_set = true;
	return 0;
}

int sr6_ctl_iface_sec_args(struct sr6_args *a, struct sr6_iface *tmpl, struct sr6_reply *r)
{
	tmpl->hmac = hmac_default(tmpl->untrusted);
	tmpl->urpf = SR6_URPF_OFF;
	tmpl->hmac_set = false;
	return sec_words(a, tmpl, r);
}

const char *sr6_ctl_iface_sec_text(const struct sr6_iface *ifc, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	if (ifc->untrusted)
		n += (size_t)snprintf(buf + n, size - n, "untrusted ");
	if ((ifc->untrusted || ifc->hmac != SR6_HMAC_MODE_OFF) && n < size)
		n += (size_t)snprintf(buf + n, size - n, "hmac=%s ", sr6_hmac_mode_name(ifc->hmac));
	if (ifc->urpf != SR6_URPF_OFF && n < size)
		n += (size_t)snprintf(buf + n, size - n, "urpf=%s ", sr6_urpf_mode_name(ifc->urpf));
	if (n && n <= size)
		buf[n - 1] = '\0';
	return buf;
}

/* ---- interface set -------------------------------------------------- */

static void set_sec(struct sr6_iface *ifc, const void *arg)
{
	const struct sr6_iface *want = arg;
	ifc->untrusted = want->untrusted;
	ifc->hmac = want->hmac;
	ifc->hmac_set = want->hmac_set;
	ifc->urpf = want->urpf;
}

int sr6_cmd_interface_set(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	bool untrusted = sr6_args_flag(a, "untrusted");
	bool trusted = sr6_args_flag(a, "trusted");
	const char *name = sr6_args_next(a);
	if (!name)
		return sr6_reply_error(r, -EINVAL, "interface set: NAME missing");
	int idx = sr6_ctl_iface_find(ctl, name, r);
	if (idx < 0)
		return -ENOENT;
	struct sr6_iface want = *ctl->dp->ifaces[idx];
	int rc = sec_words(a, &want, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (untrusted && trusted)
		return sr6_reply_error(r, -EINVAL,
				       "interface set %s: untrusted or trusted, not both", name);
	if (untrusted || trusted) {
		want.untrusted = untrusted;
		if (!want.hmac_set)
			want.hmac = hmac_default(untrusted);
	}
	if (sr6_ctl_iface_update(ctl, (uint16_t)idx, set_sec, &want) < 0)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	return 0;
}

/* ---- HMAC keys ------------------------------------------------------ */

static void keys_free_cb(void *p)
{
	sr6_hmac_keys_free(p);
}

/* Does this ENCAP next hop carry a live policy signing with key id? */
static const struct sr6_policy *signing_policy(const struct sr6_nh *nh, uint32_t id)
{
	const struct sr6_policy *pol = nh->obj;
	if (nh->kind != SR6_NH_ENCAP || !nh->refcnt || !pol)
		return NULL;
	return pol->hmac && pol->hmac_key_id == id ? pol : NULL;
}

static unsigned key_users(const struct sr6_ctl *ctl, uint32_t id)
{
	const struct sr6_fib *fib = ctl->dp->fib;
	unsigned n = 0;
	for (uint32_t i = 1; i < fib->nh_next; i++)
		n += signing_policy(sr6_fib_nh(fib, i), id) != NULL;
	return n;
}

/* Point SIDs that push old (End.B6, binding SIDs) at pol. */
static int repoint_sids(struct sr6_ctl *ctl, const struct sr6_policy *old,
			const struct sr6_policy *pol)
{
	for (size_t i = 0; i < ctl->n_sids; i++) {
		struct sr6_nh *nh = sr6_fib_nh(ctl->dp->fib, ctl->sids[i].nh);
		const struct sr6_sid *cur = nh->obj;
		if (cur->policy != old)
			continue;
		struct sr6_sid *sid = malloc(sizeof(*sid));
		if (!sid)
			return -ENOMEM;
		*sid = *cur;
		sid->policy = pol;
		sr6_rcu_assign(nh->obj, (const void *)sid);
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)cur, NULL);
	}
	return 0;
}

/*
 * Publish keys (replacing key id) and every policy signing with id, signed
 * again. Nothing changes when a copy cannot be made.
 */
static int rekey(struct sr6_ctl *ctl, struct sr6_hmac_keys *keys, uint32_t id, struct sr6_reply *r)
{
	struct sr6_fib *fib = ctl->dp->fib;
	unsigned n = key_users(ctl, id), k = 0;
	struct sr6_policy **fresh = calloc(n ? n : 1, sizeof(*fresh));
	if (!fresh)
		goto nomem;
	for (uint32_t i = 1; i < fib->nh_next && k < n; i++) {
		const struct sr6_policy *pol = signing_policy(sr6_fib_nh(fib, i), id);
		if (pol && !(fresh[k++] = sr6_policy_resign(pol, keys)))
			goto nomem;
	}
	const struct sr6_hmac_keys *old_keys = ctl->dp->hmac_keys;
	sr6_rcu_assign(ctl->dp->hmac_keys, (const struct sr6_hmac_keys *)keys);
	if (old_keys)
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)old_keys, keys_free_cb);
	int rc = 0;
	k = 0;
	for (uint32_t i = 1; i < fib->nh_next && k < n; i++) {
		struct sr6_nh *nh = sr6_fib_nh(fib, i);
		const struct sr6_policy *pol = signing_policy(nh, id);
		if (!pol)
			continue;
		sr6_rcu_assign(nh->obj, (const void *)fresh[k]);
		if (repoint_sids(ctl, pol, fresh[k]) < 0)
			rc = -ENOMEM;
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)pol, NULL);
		k++;
	}
	free(fresh);
	if (rc < 0)
		return sr6_reply_error(r, rc,
				       "hmac keyid %u: out of memory; some End.B6 SIDs "
				       "still push the policies signed with the old secret",
				       id);
	return 0;
nomem:
	for (unsigned i = 0; fresh && i < k; i++)
		free(fresh[i]);
	free(fresh);
	sr6_hmac_keys_free(keys);
	return sr6_reply_error(r, -ENOMEM, "out of memory");
}

/* what: where the hex came from, for messages ("secret", "secret-file PATH"). */
static int hex_secret(const char *s, const char *what, uint8_t *out, size_t *len,
		      struct sr6_reply *r)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n == 0 || n % 2 || n / 2 > SR6_HMAC_SECRET_MAX)
		return sr6_reply_error(r, -EINVAL,
				       "%s: 1 to %d bytes as an even number of hex "
				       "digits",
				       what, SR6_HMAC_SECRET_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (v < 0)
			return sr6_reply_error(r, -EINVAL, "%s: not hex (digit %zu)", what, i + 1);
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(v << 4);
		else
			out[i / 2] |= (uint8_t)v;
	}
	*len = n / 2;
	return 0;
}

/* Like sr6_args_done, but never echoes a word: the line holds a secret. */
static int done_quietly(struct sr6_args *a, struct sr6_reply *r)
{
	for (int i = a->pos; i < a->n; i++)
		if (!a->used[i])
			return sr6_reply_error(r, -EINVAL,
					       "hmac: unexpected word (the %d%s); "
					       "hmac add keyid N algo sha256|sha1 secret HEX|"
					       "secret-file PATH",
					       i + 1,
					       i == 0	? "st"
					       : i == 1 ? "nd"
					       : i == 2 ? "rd"
							: "th");
	return 0;
}

/* The file key id was read from, NULL when it was given inline. */
const char *sr6_ctl_hmac_key_file(const struct sr6_ctl *ctl, uint32_t id)
{
	for (size_t i = 0; i < ctl->n_key_files; i++)
		if (ctl->key_files[i].keyid == id)
			return ctl->key_files[i].path;
	return NULL;
}

/*
 * Remember where key id came from: path (taken over), or inline (NULL).
 * Never fails: an added entry's room was reserved before the key changed.
 */
static void key_file_set(struct sr6_ctl *ctl, uint32_t id, char *path)
{
	for (size_t i = 0; i < ctl->n_key_files; i++) {
		if (ctl->key_files[i].keyid != id)
			continue;
		free(ctl->key_files[i].path);
		if (path)
			ctl->key_files[i].path = path;
		else
			ctl->key_files[i] = ctl->key_files[--ctl->n_key_files];
		return;
	}
	if (path)
		ctl->key_files[ctl->n_key_files++] = (struct sr6_ctl_key_file){id, path};
}

/*
 * The secret of an `hmac add` line, from `secret HEX` or `secret-file PATH`
 * (exactly one of them), into key. The file's text is wiped after use.
 */
static int line_secret(char *secret, const char *file, uint8_t *key, size_t *key_len,
		       struct sr6_reply *r)
{
	char text[SR6_SECRET_FILE_MAX + 1], what[PATH_MAX + 16];
	if (secret && file)
		return sr6_reply_error(r, -EINVAL, "hmac add: secret or secret-file, not both");
	if (!secret && !file)
		return sr6_reply_error(r, -EINVAL,
				       "hmac add: secret HEX or secret-file PATH missing");
	if (secret)
		return hex_secret(secret, "secret", key, key_len, r);
	int rc = sr6_secret_file_read(file, text, sizeof(text), r);
	snprintf(what, sizeof(what), "secret-file %s", file);
	if (rc >= 0)
		rc = hex_secret(text, what, key, key_len, r);
	explicit_bzero(text, sizeof(text));
	return rc;
}

int sr6_cmd_hmac_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	const char *keyid = sr6_args_kw(a, "keyid");
	const char *algo = sr6_args_kw(a, "algo");
	char *secret = (char *)sr6_args_kw(a, "secret");
	const char *file = sr6_args_kw(a, "secret-file");
	uint8_t key[SR6_HMAC_SECRET_MAX];
	size_t key_len = 0;
	char *path = NULL;
	uint32_t id;
	int alg = sr6_hmac_algo_parse(algo);
	int rc = done_quietly(a, r);
	if (rc == 0 && !keyid)
		rc = sr6_reply_error(r, -EINVAL, "hmac add: keyid N missing");
	if (rc == 0)
		rc = sr6_parse_u32(keyid, 1, UINT32_MAX, "keyid", &id, r);
	if (rc == 0 && !alg)
		rc = sr6_reply_error(r, -EINVAL, "algo: '%s' is not sha256 or sha1",
				     algo ? algo : "");
	if (rc == 0)
		rc = line_secret(secret, file, key, &key_len, r);
	if (secret)
		explicit_bzero(secret, strlen(secret)); /* the line lives on in a->storage */
	/* room to remember the file, made before anything changes */
	if (rc == 0 && file &&
	    (!(path = strdup(file)) ||
	     SR6_VEC_RESERVE(ctl->key_files, ctl->key_files_cap, ctl->n_key_files) < 0))
		rc = sr6_reply_error(r, -ENOMEM, "out of memory");
	if (rc < 0)
		goto out;
	const struct sr6_hmac_keys *cur = ctl->dp->hmac_keys;
	const struct sr6_hmac_key *k = sr6_hmac_key_find(cur, id);
	if (k && sr6_hmac_key_same(k, alg, key, key_len)) {
		key_file_set(ctl, id, path); /* the same key again, perhaps from elsewhere */
		path = NULL;
		goto out;
	}
	if (!k && sr6_hmac_keys_count(cur) >= SR6_HMAC_KEYS_MAX) {
		rc = sr6_reply_error(r, -ENOSPC, "hmac: %d keys already", SR6_HMAC_KEYS_MAX);
		goto out;
	}
	struct sr6_hmac_keys *keys = sr6_hmac_keys_set(cur, id, alg, key, key_len);
	if (!keys)
		rc = sr6_reply_error(r, -ENOMEM, "out of memory");
	else
		rc = rekey(ctl, keys, id, r);
	/* rekey can fail after the new key is in use: say where that key came from */
	k = sr6_hmac_key_find(ctl->dp->hmac_keys, id);
	if (k && sr6_hmac_key_same(k, alg, key, key_len)) {
		key_file_set(ctl, id, path);
		path = NULL;
	}
out:
	free(path);
	explicit_bzero(key, sizeof(key));
	return rc;
}

int sr6_cmd_hmac_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	const char *keyid = sr6_args_kw(a, "keyid");
	uint32_t id;
	for (int i = a->pos; i < a->n; i++)
		a->used[i] = true; /* the rest of the add line may follow */
	if (!keyid)
		return sr6_reply_error(r, -EINVAL, "hmac del: keyid N missing");
	int rc = sr6_parse_u32(keyid, 1, UINT32_MAX, "keyid", &id, r);
	if (rc < 0)
		return rc;
	const struct sr6_hmac_keys *cur = ctl->dp->hmac_keys;
	if (!sr6_hmac_key_find(cur, id))
		return sr6_reply_error(r, -ENOENT, "no hmac keyid %u", id);
	unsigned users = key_users(ctl, id);
	if (users)
		return sr6_reply_error(r, -EBUSY,
				       "hmac keyid %u signs %u policy(s)/route(s); move "
				       "them to another key first",
				       id, users);
	struct sr6_hmac_keys *keys = sr6_hmac_keys_del(cur, id);
	if (!keys)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	sr6_rcu_assign(ctl->dp->hmac_keys, (const struct sr6_hmac_keys *)keys);
	sr6_reclaim_defer(&ctl->dp->reclaim, (void *)cur, keys_free_cb);
	key_file_set(ctl, id, NULL);
	return 0;
}

int sr6_ctl_policy_hmac_word(struct sr6_args *a, int *i, const char *kw, const char *val,
			     struct sr6_policy_spec *spec, struct sr6_reply *r)
{
	if (strcmp(kw, "hmac") == 0) {
		if (strcmp(val, "keyid") == 0) { /* `hmac keyid N`, or iproute2's `hmac N` */
			if (*i + 1 >= a->n)
				return sr6_reply_error(r, -EINVAL, "hmac keyid: value missing");
			val = a->w[++*i];
			a->used[*i] = true;
		}
		int rc = sr6_parse_u32(val, 1, UINT32_MAX, "hmac keyid", &spec->hmac_key_id, r);
		if (rc < 0)
			return rc;
		spec->hmac = true;
		return 1;
	}
	if (strcmp(kw, "hmac-flag") == 0) {
		if (strcmp(val, "linux") == 0)
			spec->hmac_no_flag = false;
		else if (strcmp(val, "none") == 0)
			spec->hmac_no_flag = true;
		else
			return sr6_reply_error(r, -EINVAL, "hmac-flag: '%s' is not linux or none",
					       val);
		return 1;
	}
	return 0;
}

/* ---- locators ------------------------------------------------------- */

static int locator_words(struct sr6_args *a, struct sr6_locator *loc, struct sr6_reply *r)
{
	const char *word = sr6_args_next(a);
	unsigned len;
	int rc = sr6_parse_prefix(word, "locator", &loc->pfx, &len, r);
	if (rc < 0 || (rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (sr6_fib_is_v4(&loc->pfx, len) || len == 0)
		return sr6_reply_error(r, -EINVAL,
				       "locator: %s is not an IPv6 prefix of length "
				       "1..128",
				       word);
	loc->len = (uint8_t)len;
	return 0;
}

static int locator_find(const struct sr6_locators *l, const struct sr6_locator *loc)
{
	for (unsigned i = 0; i < l->n; i++)
		if (l->e[i].len == loc->len && sr6_ip6_eq(&l->e[i].pfx, &loc->pfx))
			return (int)i;
	return -1;
}

static int locators_publish(struct sr6_ctl *ctl, struct sr6_locators *l)
{
	const struct sr6_locators *old = ctl->dp->locators;
	sr6_rcu_assign(ctl->dp->locators, (const struct sr6_locators *)l);
	if (old)
		sr6_reclaim_defer(&ctl->dp->reclaim, (void *)old, NULL);
	return 0;
}

static int locator_change(struct sr6_ctl *ctl, struct sr6_args *a, bool add, struct sr6_reply *r)
{
	struct sr6_locator loc = {0};
	char b[SR6_ADDRSTRLEN + 4];
	int rc = locator_words(a, &loc, r);
	if (rc < 0)
		return rc;
	const struct sr6_locators *cur = sr6_dp_locators(ctl->dp);
	int at = locator_find(cur, &loc);
	sr6_prefix_format(&loc.pfx, loc.len, b, sizeof(b));
	if (add && at >= 0)
		return sr6_reply_error(r, -EEXIST, "locator %s exists", b);
	if (!add && at < 0)
		return sr6_reply_error(r, -ENOENT, "no locator %s", b);
	if (add && cur->n == SR6_LOCATORS_MAX)
		return sr6_reply_error(r, -ENOSPC, "locator: %d already", SR6_LOCATORS_MAX);
	struct sr6_locators *l = malloc(sizeof(*l));
	if (!l)
		return sr6_reply_error(r, -ENOMEM, "out of memory");
	*l = *cur;
	if (add)
		l->e[l->n++] = loc;
	else
		l->e[at] = l->e[--l->n];
	return locators_publish(ctl, l);
}

int sr6_cmd_locator_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	return locator_change(ctl, a, true, r);
}

int sr6_cmd_locator_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	return locator_change(ctl, a, false, r);
}

/* ---- icmp ratelimit ------------------------------------------------- */

int sr6_cmd_icmp_ratelimit(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	static const char *const kws[] = {"rate", "burst", "peer-rate", "peer-burst"};
	struct sr6_dp *dp = ctl->dp;
	uint64_t *fields[] = {&dp->icmp_rate, &dp->icmp_burst, &dp->icmp_peer_rate,
			      &dp->icmp_peer_burst};
	uint32_t v[4];
	bool given[4], any = false;
	int rc;
	for (int i = 0; i < 4; i++) {
		const char *w = sr6_args_kw(a, kws[i]);
		given[i] = w != NULL;
		any |= given[i];
		/* rates: 0 = unlimited; bursts at least 1 */
		if (w && (rc = sr6_parse_u32(w, i % 2, 1000000, kws[i], &v[i], r)) < 0)
			return rc;
	}
	if ((rc = sr6_args_done(a, r)) < 0)
		return rc;
	if (!any)
		return sr6_reply_error(r, -EINVAL,
				       "icmp ratelimit: give rate, burst, peer-rate "
				       "and/or peer-burst");
	for (int i = 0; i < 4; i++)
		if (given[i])
			*fields[i] = v[i];
	__atomic_add_fetch(&dp->icmp_gen, 1, __ATOMIC_RELEASE);
	return 0;
}

/* ---- shows ---------------------------------------------------------- */

static void hmac_json(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	const struct sr6_hmac_keys *t = ctl->dp->hmac_keys;
	sr6_reply_printf(r, "[");
	for (unsigned i = 0; i < sr6_hmac_keys_count(t); i++) {
		uint32_t id;
		int algo;
		sr6_hmac_keys_at(t, i, &id, &algo);
		const char *file = sr6_ctl_hmac_key_file(ctl, id);
		sr6_reply_printf(r, "%s{\"keyid\":%u,\"algo\":\"%s\",\"users\":%u,\"secret_file\":",
				 i ? "," : "", id, sr6_hmac_algo_name(algo), key_users(ctl, id));
		if (file)
			sr6_reply_json_str(r, file);
		else
			sr6_reply_printf(r, "null");
		sr6_reply_printf(r, "}");
	}
	sr6_reply_printf(r, "]");
}

int sr6_show_hmac(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	const struct sr6_hmac_keys *t = ctl->dp->hmac_keys;
	if (json) {
		hmac_json(ctl, r);
		sr6_reply_printf(r, "\n");
		return 0;
	}
	sr6_reply_printf(r, "%-10s %-7s %-6s %s\n", "keyid", "algo", "users", "secret");
	for (unsigned i = 0; i < sr6_hmac_keys_count(t); i++) {
		uint32_t id;
		int algo;
		sr6_hmac_keys_at(t, i, &id, &algo);
		const char *file = sr6_ctl_hmac_key_file(ctl, id);
		sr6_reply_printf(r, "%-10u %-7s %-6u %s%s\n", id, sr6_hmac_algo_name(algo),
				 key_users(ctl, id), file ? "(not shown) from " : "(not shown)",
				 file ? file : "");
	}
	return 0;
}

static bool is_default_locator(const struct sr6_locator *l)
{
	return l->len == sr6_locators_default.e[0].len &&
	       sr6_ip6_eq(&l->pfx, &sr6_locators_default.e[0].pfx);
}

static void locators_out(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	const struct sr6_locators *l = sr6_dp_locators(ctl->dp);
	char b[SR6_ADDRSTRLEN + 4];
	if (json)
		sr6_reply_printf(r, "[");
	for (unsigned i = 0; i < l->n; i++) {
		sr6_prefix_format(&l->e[i].pfx, l->e[i].len, b, sizeof(b));
		if (json)
			sr6_reply_printf(r, "%s{\"prefix\":\"%s\",\"default\":%s}", i ? "," : "", b,
					 is_default_locator(&l->e[i]) ? "true" : "false");
		else
			sr6_reply_printf(r, "%s%s\n", b,
					 is_default_locator(&l->e[i]) ? "  (RFC 9602 default)"
								      : "");
	}
	if (json)
		sr6_reply_printf(r, "]");
}

int sr6_show_locators(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	locators_out(ctl, json, r);
	if (json)
		sr6_reply_printf(r, "\n");
	return 0;
}

int sr6_show_security(struct sr6_ctl *ctl, bool json, struct sr6_reply *r)
{
	const struct sr6_dp *dp = ctl->dp;
	bool first = true;
	if (json)
		sr6_reply_printf(r, "{\"interfaces\":[");
	else
		sr6_reply_printf(r, "%-12s %-9s %-8s %s\n", "interface", "trust", "hmac", "urpf");
	for (int i = 0; i < SR6_IF_MAX; i++) {
		const struct sr6_iface *ifc = dp->ifaces[i];
		if (!ifc)
			continue;
		if (json) {
			sr6_reply_printf(r, "%s{\"name\":", first ? "" : ",");
			sr6_reply_json_str(r, ifc->name);
			sr6_reply_printf(r, ",\"untrusted\":%s,\"hmac\":\"%s\",\"urpf\":\"%s\"}",
					 ifc->untrusted ? "true" : "false",
					 sr6_hmac_mode_name(ifc->hmac),
					 sr6_urpf_mode_name(ifc->urpf));
		} else {
			sr6_reply_printf(r, "%-12s %-9s %-8s %s\n", ifc->name,
					 ifc->untrusted ? "untrusted" : "trusted",
					 sr6_hmac_mode_name(ifc->hmac),
					 sr6_urpf_mode_name(ifc->urpf));
		}
		first = false;
	}
	if (json) {
		sr6_reply_printf(r, "],\"locators\":");
		locators_out(ctl, true, r);
		sr6_reply_printf(r, ",\"hmac_keys\":");
		hmac_json(ctl, r);
		sr6_reply_printf(r,
				 ",\"icmp\":{\"rate\":%llu,\"burst\":%llu,\"peer_rate\":%llu,"
				 "\"peer_burst\":%llu}}\n",
				 (unsigned long long)dp->icmp_rate,
				 (unsigned long long)dp->icmp_burst,
				 (unsigned long long)dp->icmp_peer_rate,
				 (unsigned long long)dp->icmp_peer_burst);
		return 0;
	}
	sr6_reply_printf(r, "\nSID space (locators):\n");
	locators_out(ctl, false, r);
	sr6_reply_printf(r, "\nHMAC keys:\n");
	sr6_show_hmac(ctl, false, r);
	sr6_reply_printf(r,
			 "\nICMP errors per worker: %llu/s burst %llu; per destination %llu/s "
			 "burst %llu (0/s: unlimited)\n",
			 (unsigned long long)dp->icmp_rate, (unsigned long long)dp->icmp_burst,
			 (unsigned long long)dp->icmp_peer_rate,
			 (unsigned long long)dp->icmp_peer_burst);
	return 0;
}

/* ---- what may be logged ---------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *sr6_ctl_redact(const char *line, char *out, size_t size)
{
	size_t n = 0;
	bool hide = false; /* the previous word was "secret" */
	if (!size)
		return out;
	for (const char *s = line; *s && n + 1 < size;) {
		if (is_space(*s)) {
			out[n++] = *s++;
			continue;
		}
		size_t w = 1;
		while (s[w] && !is_space(s[w]))
			w++;
		const char *word = hide ? "<hidden>" : s;
		size_t len = hide ? 8 : w;
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(out + n, word, len);
		n += len;
		hide = w == 6 && strncmp(s, "secret", 6) == 0;
		s += w;
	}
	out[n] = '\0';
	return out;
}

/* ---- config file permissions ---------------------------------------- */

/* Does the line hold the word "secret" (a secret follows; "secret-file" names a file)? */
static bool has_secret_word(const char *s)
{
	for (const char *p = s; (p = strstr(p, "secret")) != NULL; p += 6)
		if ((p == s || is_space(p[-1])) && is_space(p[6]))
			return true;
	return false;
}

int sr6_ctl_config_secret_check(const char *path, FILE *errs)
{
	struct stat st;
	if (stat(path, &st) < 0 || !(st.st_mode & 077))
		return 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char *line = NULL;
	size_t cap = 0;
	bool secret = false;
	while (!secret && getline(&line, &cap, f) > 0) {
		const char *s = line + strspn(line, " \t");
		secret = strncmp(s, "hmac", 4) == 0 && (s[4] == ' ' || s[4] == '\t') &&
			 has_secret_word(s);
	}
	free(line);
	fclose(f);
	if (!secret)
		return 0;
	fprintf(errs,
		"srv6d: warning: %s holds HMAC secrets and can be read by group or "
		"others (mode %04o); chmod 600 %s\n",
		path, (unsigned)(st.st_mode & 07777), path);
	return 1;
}
