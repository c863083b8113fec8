// SPDX-License-Identifier: MIT
/*
 * LPM tests against an independent brute-force model: a flat list of
 * prefixes, longest match by linear scan over plain bytes. Random tables
 * (seeded; SR6_TEST_SEED=N to replay) mix adds, replaces and deletes, and
 * each batch is re-checked at random addresses and at every prefix's edges:
 *
 *     first-1 | first ........ last | last+1      (for each prefix)
 *
 * which is where an off-by-one in slot ranges, leaf runs or top-level
 * ranges shows. Plus edge cases of the API contract, reclaim, and one
 * writer racing a reader.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "check.h"
#include "fib/lpm.h"

/* ---- one interface over both families -------------------------------- */

struct fam {
	const char *name;
	unsigned alen, maxlen;
	void *(*create)(struct sr6_reclaim *r);
	void (*destroy)(void *t);
	int (*add)(void *t, const uint8_t *p, unsigned len, uint32_t v);
	int (*del)(void *t, const uint8_t *p, unsigned len);
	int (*get)(const void *t, const uint8_t *p, unsigned len, uint32_t *v);
	uint32_t (*lookup)(const void *t, const uint8_t *a);
	void (*bulk)(const void *t, const uint8_t *const *a, uint32_t *v, unsigned n);
	size_t (*count)(const void *t);
};

#define FAM_WRAPPERS(F)                                                                       \
	static void *F##_create(struct sr6_reclaim *r)                                        \
	{                                                                                     \
		return sr6_##F##_create(r);                                                   \
	}                                                                                     \
	static void F##_destroy(void *t)                                                      \
	{                                                                                     \
		sr6_##F##_destroy(t);                                                         \
	}                                                                                     \
	static int F##_add(void *t, const uint8_t *p, unsigned len, uint32_t v)               \
	{                                                                                     \
		return sr6_##F##_add(t, p, len, v);                                           \
	}                                                                                     \
	static int F##_del(void *t, const uint8_t *p, unsigned len)                           \
	{                                                                                     \
		return sr6_##F##_del(t, p, len);                                              \
	}                                                                                     \
	static int F##_get(const void *t, const uint8_t *p, unsigned len, uint32_t *v)        \
	{                                                                                     \
		return sr6_##F##_get(t, p, len, v);                                           \
	}                                                                                     \
	static uint32_t F##_lookup(const void *t, const uint8_t *a)                           \
	{                                                                                     \
		return sr6_##F##_lookup(t, a);                                                \
	}                                                                                     \
	static void F##_bulk(const void *t, const uint8_t *const *a, uint32_t *v, unsigned n) \
	{                                                                                     \
		sr6_##F##_lookup_bulk(t, a, v, n);                                            \
	}                                                                                     \
	static size_t F##_count(const void *t)                                                \
	{                                                                                     \
		return sr6_##F##_count(t);                                                    \
	}

FAM_WRAPPERS(lpm6)
FAM_WRAPPERS(lpm4)

static const struct fam fam6 = {"v6",	      16,	 128,	    lpm6_create,
				lpm6_destroy, lpm6_add,	 lpm6_del,  lpm6_get,
				lpm6_lookup,  lpm6_bulk, lpm6_count};
static const struct fam fam4 = {"v4",	      4,	 32,	    lpm4_create,
				lpm4_destroy, lpm4_add,	 lpm4_del,  lpm4_get,
				lpm4_lookup,  lpm4_bulk, lpm4_count};

/* ---- deterministic randomness ----------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t seed_rng(const char *test)
{
	const char *env = getenv("SR6_TEST_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : 0x5eed6f1b2024ULL;

	printf("%s: seed %" PRIu64 " (SR6_TEST_SEED to override)\n", test, seed);
	rng_state = seed;
	return seed;
}

/* ---- brute-force model ------------------------------------------------ */

struct ref_entry {
	uint8_t p[16];
	unsigned len;
	uint32_t value;
};

struct ref {
	struct ref_entry e[8192];
	size_t n;
	unsigned alen;
};

static void mask_bytes(uint8_t *p, unsigned alen, unsigned len)
{
	for (unsigned i = 0; i < alen; i++) {
		if (len >= 8 * (i + 1))
			continue;
		p[i] &= len <= 8 * i ? 0 : (uint8_t)(0xff << (8 - (len - 8 * i)));
	}
}

static bool ref_covers(const uint8_t *p, unsigned len, const uint8_t *a)
{
	unsigned full = len / 8, rem = len % 8;

	if (memcmp(p, a, full))
		return false;
	return !rem || !((p[full] ^ a[full]) & (uint8_t)(0xff << (8 - rem)));
}

static uint32_t ref_lookup(const struct ref *r, const uint8_t *a)
{
	int best = -1;
	uint32_t v = SR6_LPM_MISS;

	for (size_t i = 0; i < r->n; i++) {
		if ((int)r->e[i].len > best && ref_covers(r->e[i].p, r->e[i].len, a)) {
			best = (int)r->e[i].len;
			v = r->e[i].value;
		}
	}
	return v;
}

static long ref_find(const struct ref *r, const uint8_t *p, unsigned len)
{
	uint8_t m[16];

	memcpy(m, p, r->alen);
	mask_bytes(m, r->alen, len);
	for (size_t i = 0; i < r->n; i++)
		if (r->e[i].len == len && !memcmp(r->e[i].p, m, r->alen))
			return (long)i;
	return -1;
}

static void ref_set(struct ref *r, const uint8_t *p, unsigned len, uint32_t v)
{
	long i = ref_find(r, p, len);

	if (i < 0) {
		i = (long)r->n++;
		memcpy(r->e[i].p, p, r->alen);
		mask_bytes(r->e[i].p, r->alen, len);
		r->e[i].len = len;
	}
	r->e[i].value = v;
}

static void ref_del(struct ref *r, long i)
{
	r->e[i] = r->e[--r->n];
}

/* ---- random prefixes and addresses ------------------------------------ */

static const unsigned special6[] = {0,	1,  8,	15, 16, 17, 21, 22,  23,  28,  34, 40,
				    46, 48, 52, 58, 63, 64, 65, 118, 124, 127, 128};
static const unsigned special4[] = {0, 1, 8, 16, 17, 18, 19, 23, 24, 25, 29, 30, 31, 32};

/* Random bytes with the top bits drawn from a few values so prefixes share top entries. */
static void rand_addr(const struct fam *f, uint8_t *a)
{
	static const uint8_t tops[][3] = {
	    {0x20, 0x01, 0x0d}, {0x0a, 0x00, 0x00}, {0xfe, 0x80, 0x00}};
	uint64_t x = rnd();

	for (unsigned i = 0; i < f->alen; i++)
		a[i] = (uint8_t)rnd();
	if (x % 4 != 3) {
		memcpy(a, tops[x % 3], 2);
		if (x & 16)
			a[2] = (uint8_t)(tops[x % 3][2] | (a[2] & 0x0f));
	}
}

static unsigned rand_len(const struct fam *f)
{
	if (rnd() % 4 == 0) {
		if (f->maxlen == 128)
			return special6[rnd() % (sizeof(special6) / sizeof(special6[0]))];
		return special4[rnd() % (sizeof(special4) / sizeof(special4[0]))];
	}
	return (unsigned)(rnd() % (f->maxlen + 1));
}

/*
 * Host-heavy tables (IPv6): half the new prefixes are /128s, and half of
 * those sit next to another /128 (a few low bits apart), so hosts come in
 * clusters with no other prefix among them, bigger than the poptrie scans
 * (PT_HOST_SCAN), under a covering prefix or under none.
 */
static bool host_heavy;

/* Half the time a more specific of an existing prefix, so nesting is common. Bits past len stay. */
static void rand_prefix(const struct fam *f, const struct ref *r, uint8_t *p, unsigned *len)
{
	rand_addr(f, p);
	*len = rand_len(f);
	if (r->n && rnd() % 2) {
		const struct ref_entry *e = &r->e[rnd() % r->n];
		unsigned full = e->len / 8, rem = e->len % 8;

		memcpy(p, e->p, full);
		if (rem)
			p[full] = (uint8_t)((e->p[full] & (0xff << (8 - rem))) |
					    (p[full] & (0xff >> rem)));
		*len = e->len + (unsigned)(rnd() % (f->maxlen - e->len + 1));
	}
	if (host_heavy && rnd() % 2) {
		const struct ref_entry *e = &r->e[r->n ? rnd() % r->n : 0];

		*len = 128;
		if (r->n && e->len == 128 && rnd() % 2) {
			memcpy(p, e->p, 16);
			p[15] ^= (uint8_t)(1 + rnd() % 255);
			if (rnd() % 4 == 0)
				p[14] ^= (uint8_t)(1u << (rnd() % 8));
		}
	}
}

static uint32_t rand_value(void)
{
	/* Few distinct values: neighbours often equal, which exercises leaf runs. */
	return rnd() % 4 ? 1 + (uint32_t)(rnd() % 6) : ((uint32_t)rnd() & SR6_LPM_VALUE_MAX) | 1;
}

static void addr_step(uint8_t *a, unsigned alen, int dir)
{
	for (int i = (int)alen - 1; i >= 0; i--) {
		a[i] = (uint8_t)(a[i] + dir);
		if (a[i] != (dir > 0 ? 0x00 : 0xff))
			break;
	}
}

/* ---- checking ----------------------------------------------------------- */

struct probes {
	uint8_t (*a)[16];
	size_t n, cap;
};

static void probes_add(struct probes *pr, const uint8_t *a, unsigned alen)
{
	if (pr->n == pr->cap) {
		pr->cap = pr->cap ? 2 * pr->cap : 1024;
		pr->a = realloc(pr->a, pr->cap * sizeof(*pr->a));
		if (!pr->a)
			abort();
	}
	memset(pr->a[pr->n], 0, 16);
	memcpy(pr->a[pr->n++], a, alen);
}

static void probes_build(struct probes *pr, const struct fam *f, const struct ref *r,
			 unsigned nrandom)
{
	uint8_t a[16];

	pr->n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct ref_entry *e = &r->e[i];

		memcpy(a, e->p, f->alen);
		probes_add(pr, a, f->alen);
		addr_step(a, f->alen, -1);
		probes_add(pr, a, f->alen);
		memcpy(a, e->p, f->alen);
		for (unsigned b = e->len; b < 8 * f->alen; b++)
			a[b / 8] |= (uint8_t)(0x80 >> (b % 8));
		probes_add(pr, a, f->alen);
		addr_step(a, f->alen, 1);
		probes_add(pr, a, f->alen);
	}
	for (unsigned i = 0; i < nrandom; i++) {
		rand_addr(f, a);
		if (r->n && rnd() % 2) {
			const struct ref_entry *e = &r->e[rnd() % r->n];

			for (unsigned b = 0; b < e->len; b++)
				a[b / 8] = (uint8_t)((a[b / 8] & ~(0x80 >> (b % 8))) |
						     (e->p[b / 8] & (0x80 >> (b % 8))));
		}
		probes_add(pr, a, f->alen);
	}
}

static void print_addr(const char *what, const struct fam *f, const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(f->alen == 16 ? AF_INET6 : AF_INET, a, buf, sizeof(buf));
	fprintf(stderr, "  %s %s\n", what, buf);
}

/* Single and bulk lookups of every probe agree with the model. Returns mismatches. */
static size_t check_probes(const struct fam *f, const void *t, const struct ref *r,
			   const struct probes *pr)
{
	const uint8_t *ptrs[64];
	uint32_t got[64];
	size_t bad = 0;

	for (size_t i = 0; i < pr->n; i += 64) {
		unsigned n = pr->n - i < 64 ? (unsigned)(pr->n - i) : 64;
		unsigned chunk = 1 + (unsigned)(rnd() % n); /* odd group sizes too */

		for (unsigned j = 0; j < n; j++)
			ptrs[j] = pr->a[i + j];
		f->bulk(t, ptrs, got, chunk);
		f->bulk(t, ptrs + chunk, got + chunk, n - chunk);
		for (unsigned j = 0; j < n; j++) {
			uint32_t want = ref_lookup(r, ptrs[j]), one = f->lookup(t, ptrs[j]);

			if (one == want && got[j] == want)
				continue;
			if (bad++ < 5) {
				print_addr("mismatch at", f, ptrs[j]);
				fprintf(stderr, "  want %u, lookup %u, bulk %u\n", want, one,
					got[j]);
			}
		}
	}
	return bad;
}

/* ---- random tables ------------------------------------------------------ */

static struct ref model;

static void random_table_matches_model(const struct fam *f)
{
	struct sr6_reclaim rc = {0};
	struct probes pr = {0};
	void *t = f->create(&rc);
	uint8_t p[16];
	unsigned len;

	CHECK(t);
	model.n = 0;
	model.alen = f->alen;
	for (int round = 0; round < 12; round++) {
		for (int op = 0; op < 500; op++) {
			unsigned kind = (unsigned)(rnd() % 10);

			if (kind < 6 || model.n == 0) {
				uint32_t v = rand_value();

				rand_prefix(f, &model, p, &len);
				if (model.n == sizeof(model.e) / sizeof(model.e[0]))
					continue;
				CHECK_EQ(f->add(t, p, len, v), 0);
				ref_set(&model, p, len, v);
			} else if (kind < 8) {
				long i = (long)(rnd() % model.n);
				uint32_t v = rand_value();

				CHECK_EQ(f->add(t, model.e[i].p, model.e[i].len, v), 0);
				model.e[i].value = v;
			} else if (kind < 9) {
				long i = (long)(rnd() % model.n);

				CHECK_EQ(f->del(t, model.e[i].p, model.e[i].len), 0);
				ref_del(&model, i);
			} else {
				rand_prefix(f, &model, p, &len);
				CHECK_EQ(f->del(t, p, len),
					 ref_find(&model, p, len) < 0 ? -ENOENT : 0);
				if (ref_find(&model, p, len) >= 0)
					ref_del(&model, ref_find(&model, p, len));
			}
		}
		CHECK_EQ(f->count(t), model.n);
		probes_build(&pr, f, &model, 2000);
		CHECK_EQ(check_probes(f, t, &model, &pr), 0);
		if (round % 2)
			sr6_reclaim_run(&rc);
	}
	/* Drain in random order; the empty table misses everywhere. */
	while (model.n) {
		long i = (long)(rnd() % model.n);

		CHECK_EQ(f->del(t, model.e[i].p, model.e[i].len), 0);
		ref_del(&model, i);
		if (model.n % 500 == 0) {
			probes_build(&pr, f, &model, 500);
			CHECK_EQ(check_probes(f, t, &model, &pr), 0);
		}
	}
	CHECK_EQ(f->count(t), 0);
	f->destroy(t);
	sr6_reclaim_fini(&rc);
	free(pr.a);
}

static void v6_random_adds_replaces_deletes_match_brute_force(void)
{
	seed_rng(__func__);
	random_table_matches_model(&fam6);
}

static void v6_host_heavy_tables_match_brute_force(void)
{
	seed_rng(__func__);
	host_heavy = true;
	random_table_matches_model(&fam6);
	host_heavy = false;
}

static void v4_random_adds_replaces_deletes_match_brute_force(void)
{
	seed_rng(__func__);
	random_table_matches_model(&fam4);
}

/* ---- API edge cases ----------------------------------------------------- */

static void a6(uint8_t out[16], const char *s)
{
	if (inet_pton(AF_INET6, s, out) != 1)
		abort();
}

static void a4(uint8_t out[4], const char *s)
{
	if (inet_pton(AF_INET, s, out) != 1)
		abort();
}

static uint32_t l6(const struct sr6_lpm6 *t, const char *s)
{
	uint8_t a[16];

	a6(a, s);
	return sr6_lpm6_lookup(t, a);
}

static uint32_t l4(const struct sr6_lpm4 *t, const char *s)
{
	uint8_t a[4];

	a4(a, s);
	return sr6_lpm4_lookup(t, a);
}

static int add6(struct sr6_lpm6 *t, const char *s, unsigned len, uint32_t v)
{
	uint8_t a[16];

	a6(a, s);
	return sr6_lpm6_add(t, a, len, v);
}

static int del6(struct sr6_lpm6 *t, const char *s, unsigned len)
{
	uint8_t a[16];

	a6(a, s);
	return sr6_lpm6_del(t, a, len);
}

static int add4(struct sr6_lpm4 *t, const char *s, unsigned len, uint32_t v)
{
	uint8_t a[4];

	a4(a, s);
	return sr6_lpm4_add(t, a, len, v);
}

static int del4(struct sr6_lpm4 *t, const char *s, unsigned len)
{
	uint8_t a[4];

	a4(a, s);
	return sr6_lpm4_del(t, a, len);
}

static void empty_table_misses_and_default_route_matches_everything(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);
	struct sr6_lpm4 *t4 = sr6_lpm4_create(&rc);

	CHECK(t && t4);
	CHECK_EQ(l6(t, "::"), SR6_LPM_MISS);
	CHECK_EQ(l6(t, "2001:db8::1"), SR6_LPM_MISS);
	CHECK_EQ(add6(t, "::", 0, 9), 0);
	CHECK_EQ(l6(t, "::"), 9);
	CHECK_EQ(l6(t, "2001:db8::1"), 9);
	CHECK_EQ(l6(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 9);
	CHECK_EQ(l4(t4, "10.1.2.3"), SR6_LPM_MISS);
	CHECK_EQ(add4(t4, "0.0.0.0", 0, 4), 0);
	CHECK_EQ(l4(t4, "0.0.0.0"), 4);
	CHECK_EQ(l4(t4, "255.255.255.255"), 4);
	CHECK_EQ(del6(t, "::", 0), 0);
	CHECK_EQ(l6(t, "2001:db8::1"), SR6_LPM_MISS);
	CHECK_EQ(del4(t4, "0.0.0.0", 0), 0);
	CHECK_EQ(l4(t4, "10.1.2.3"), SR6_LPM_MISS);
	sr6_lpm6_destroy(t);
	sr6_lpm4_destroy(t4);
	sr6_reclaim_fini(&rc);
}

static void host_routes_match_only_their_own_address(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);
	struct sr6_lpm4 *t4 = sr6_lpm4_create(&rc);

	CHECK(t && t4);
	CHECK_EQ(add6(t, "2001:db8::1", 128, 5), 0);
	CHECK_EQ(add6(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 128, 6), 0);
	CHECK_EQ(l6(t, "2001:db8::1"), 5);
	CHECK_EQ(l6(t, "2001:db8::"), SR6_LPM_MISS);
	CHECK_EQ(l6(t, "2001:db8::2"), SR6_LPM_MISS);
	CHECK_EQ(l6(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 6);
	CHECK_EQ(l6(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), SR6_LPM_MISS);
	CHECK_EQ(add4(t4, "192.0.2.1", 32, 7), 0);
	CHECK_EQ(add4(t4, "255.255.255.255", 32, 8), 0);
	CHECK_EQ(l4(t4, "192.0.2.1"), 7);
	CHECK_EQ(l4(t4, "192.0.2.0"), SR6_LPM_MISS);
	CHECK_EQ(l4(t4, "192.0.2.2"), SR6_LPM_MISS);
	CHECK_EQ(l4(t4, "255.255.255.255"), 8);
	CHECK_EQ(l4(t4, "255.255.255.254"), SR6_LPM_MISS);
	sr6_lpm6_destroy(t);
	sr6_lpm4_destroy(t4);
	sr6_reclaim_fini(&rc);
}

static void nested_prefixes_longest_wins_and_deleting_covering_keeps_more_specifics(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);
	struct sr6_lpm4 *t4 = sr6_lpm4_create(&rc);

	CHECK(t && t4);
	CHECK_EQ(add6(t, "2000::", 3, 1), 0);
	CHECK_EQ(add6(t, "2001:db8::", 32, 2), 0);
	CHECK_EQ(add6(t, "2001:db8:1::", 48, 3), 0);
	CHECK_EQ(add6(t, "2001:db8:1:2::", 64, 4), 0);
	CHECK_EQ(add6(t, "2001:db8:1:2::7", 128, 5), 0);
	CHECK_EQ(l6(t, "2400::1"), 1);
	CHECK_EQ(l6(t, "2001:db8:ffff::1"), 2);
	CHECK_EQ(l6(t, "2001:db8:1:ffff::1"), 3);
	CHECK_EQ(l6(t, "2001:db8:1:2::1"), 4);
	CHECK_EQ(l6(t, "2001:db8:1:2::7"), 5);
	CHECK_EQ(del6(t, "2001:db8::", 32), 0);
	CHECK_EQ(l6(t, "2001:db8:ffff::1"), 1);
	CHECK_EQ(l6(t, "2001:db8:1:ffff::1"), 3);
	CHECK_EQ(l6(t, "2001:db8:1:2::7"), 5);
	CHECK_EQ(del6(t, "2000::", 3), 0);
	CHECK_EQ(l6(t, "2001:db8:ffff::1"), SR6_LPM_MISS);
	CHECK_EQ(l6(t, "2001:db8:1:2::1"), 4);
	CHECK_EQ(del6(t, "2001:db8:1:2::", 64), 0);
	CHECK_EQ(l6(t, "2001:db8:1:2::1"), 3);
	CHECK_EQ(l6(t, "2001:db8:1:2::7"), 5);

	CHECK_EQ(add4(t4, "10.0.0.0", 8, 1), 0);
	CHECK_EQ(add4(t4, "10.1.0.0", 16, 2), 0);
	CHECK_EQ(add4(t4, "10.1.2.0", 24, 3), 0);
	CHECK_EQ(add4(t4, "10.1.2.128", 25, 4), 0);
	CHECK_EQ(l4(t4, "10.9.9.9"), 1);
	CHECK_EQ(l4(t4, "10.1.9.9"), 2);
	CHECK_EQ(l4(t4, "10.1.2.127"), 3);
	CHECK_EQ(l4(t4, "10.1.2.128"), 4);
	CHECK_EQ(del4(t4, "10.1.0.0", 16), 0);
	CHECK_EQ(l4(t4, "10.1.9.9"), 1);
	CHECK_EQ(l4(t4, "10.1.2.1"), 3);
	CHECK_EQ(del4(t4, "10.0.0.0", 8), 0);
	CHECK_EQ(l4(t4, "10.9.9.9"), SR6_LPM_MISS);
	CHECK_EQ(l4(t4, "10.1.2.200"), 4);
	sr6_lpm6_destroy(t);
	sr6_lpm4_destroy(t4);
	sr6_reclaim_fini(&rc);
}

static void bad_arguments_are_rejected_without_changing_the_table(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);
	struct sr6_lpm4 *t4 = sr6_lpm4_create(&rc);
	uint8_t a[16], b[4];
	uint32_t v;

	CHECK(t && t4);
	a6(a, "2001:db8::");
	a4(b, "10.0.0.0");
	CHECK_EQ(sr6_lpm6_add(t, a, 129, 1), -EINVAL);
	CHECK_EQ(sr6_lpm6_add(t, a, 32, SR6_LPM_MISS), -EINVAL);
	CHECK_EQ(sr6_lpm6_add(t, a, 128, SR6_LPM_MISS), -EINVAL);
	CHECK_EQ(sr6_lpm6_add(t, a, 32, SR6_LPM_VALUE_MAX + 1), -EINVAL);
	CHECK_EQ(sr6_lpm6_add(t, a, 128, SR6_LPM_VALUE_MAX + 1), -EINVAL);
	CHECK_EQ(sr6_lpm6_del(t, a, 129), -EINVAL);
	CHECK_EQ(sr6_lpm6_get(t, a, 129, &v), -EINVAL);
	CHECK_EQ(sr6_lpm6_del(t, a, 32), -ENOENT);
	CHECK_EQ(sr6_lpm6_get(t, a, 32, &v), -ENOENT);
	CHECK_EQ(sr6_lpm4_add(t4, b, 33, 1), -EINVAL);
	CHECK_EQ(sr6_lpm4_add(t4, b, 8, SR6_LPM_MISS), -EINVAL);
	CHECK_EQ(sr6_lpm4_add(t4, b, 8, SR6_LPM_VALUE_MAX + 1), -EINVAL);
	CHECK_EQ(sr6_lpm4_del(t4, b, 33), -EINVAL);
	CHECK_EQ(sr6_lpm4_get(t4, b, 33, &v), -EINVAL);
	CHECK_EQ(sr6_lpm4_del(t4, b, 8), -ENOENT);
	CHECK_EQ(sr6_lpm6_count(t), 0);
	CHECK_EQ(sr6_lpm4_count(t4), 0);
	/* A covering or covered prefix is not "the" prefix. */
	CHECK_EQ(add6(t, "2001:db8::", 32, 3), 0);
	CHECK_EQ(del6(t, "2001:db8::", 31), -ENOENT);
	CHECK_EQ(del6(t, "2001:db8::", 33), -ENOENT);
	CHECK_EQ(l6(t, "2001:db8::1"), 3);
	/* A branch point inside the RIB holds no prefix either. */
	CHECK_EQ(add6(t, "2001:db8:8000::", 33, 4), 0);
	CHECK_EQ(add6(t, "2001:db8:c000::", 34, 5), 0);
	CHECK_EQ(add6(t, "2001:db8:8000::", 40, 6), 0);
	CHECK_EQ(del6(t, "2001:db8:8000::", 34), -ENOENT);
	CHECK_EQ(del6(t, "2001:db8:8000::", 33), 0);
	CHECK_EQ(del6(t, "2001:db8:8000::", 33), -ENOENT);
	CHECK_EQ(sr6_lpm6_count(t), 3);
	sr6_lpm6_destroy(t);
	sr6_lpm4_destroy(t4);
	sr6_reclaim_fini(&rc);
}

static void bits_beyond_len_are_ignored_by_add_get_and_del(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);
	struct sr6_lpm4 *t4 = sr6_lpm4_create(&rc);
	uint8_t a[16], b[4];
	uint32_t v = 0;

	CHECK(t && t4);
	CHECK_EQ(add6(t, "2001:db8:ffff:ffff::1", 32, 7), 0);
	CHECK_EQ(l6(t, "2001:db8::"), 7);
	a6(a, "2001:db8:1234::");
	CHECK_EQ(sr6_lpm6_get(t, a, 32, &v), 0);
	CHECK_EQ(v, 7);
	CHECK_EQ(add6(t, "2001:db8:5555::", 32, 8), 0); /* replaces, not a second prefix */
	CHECK_EQ(sr6_lpm6_count(t), 1);
	CHECK_EQ(l6(t, "2001:db8::"), 8);
	CHECK_EQ(del6(t, "2001:db8:abcd::", 32), 0);
	CHECK_EQ(sr6_lpm6_count(t), 0);
	CHECK_EQ(add6(t, "ffff::", 0, 2), 0);
	CHECK_EQ(l6(t, "::"), 2);

	CHECK_EQ(add4(t4, "10.1.2.3", 8, 9), 0);
	CHECK_EQ(l4(t4, "10.0.0.0"), 9);
	a4(b, "10.200.0.0");
	CHECK_EQ(sr6_lpm4_get(t4, b, 8, &v), 0);
	CHECK_EQ(v, 9);
	CHECK_EQ(del4(t4, "10.255.255.255", 8), 0);
	CHECK_EQ(l4(t4, "10.0.0.0"), SR6_LPM_MISS);
	sr6_lpm6_destroy(t);
	sr6_lpm4_destroy(t4);
	sr6_reclaim_fini(&rc);
}

struct walked {
	uint8_t p[64][16];
	unsigned len[64];
	uint32_t v[64];
	unsigned n, stop_after;
};

static int walk6_cb(const uint8_t prefix[16], unsigned len, uint32_t value, void *arg)
{
	struct walked *w = arg;

	memcpy(w->p[w->n], prefix, 16);
	w->len[w->n] = len;
	w->v[w->n] = value;
	return ++w->n == w->stop_after ? 42 : 0;
}

static int walk4_cb(const uint8_t prefix[4], unsigned len, uint32_t value, void *arg)
{
	struct walked *w = arg;

	memset(w->p[w->n], 0, 16);
	memcpy(w->p[w->n], prefix, 4);
	w->len[w->n] = len;
	w->v[w->n] = value;
	return ++w->n == w->stop_after ? 42 : 0;
}

static void walk_visits_in_address_order_with_masked_prefixes_and_stops_early(void)
{
	static const struct {
		const char *a;
		unsigned len;
	} in6[] =
	    {{"2001:db8:1::", 48}, {"::", 0},	       {"2001:db8::ff", 32},
	     {"2001:db8::1", 128}, {"fe80::", 10},     {"2001:db8:0:1::", 64},
	     {"2001::", 16},	   {"2001:db8::", 128}}, /* 2001:db8::ff/32 is 2001:db8::/32 */
	    want6[] = {{"::", 0},
		       {"2001::", 16},
		       {"2001:db8::", 32},
		       {"2001:db8::", 128},
		       {"2001:db8::1", 128},
		       {"2001:db8:0:1::", 64},
		       {"2001:db8:1::", 48},
		       {"fe80::", 10}};
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);
	struct sr6_lpm4 *t4 = sr6_lpm4_create(&rc);
	static struct walked w;
	uint8_t a[16];

	CHECK(t && t4);
	for (unsigned i = 0; i < 8; i++)
		CHECK_EQ(add6(t, in6[i].a, in6[i].len, 100 + i), 0);
	CHECK_EQ(sr6_lpm6_count(t), 8);
	w = (struct walked){0};
	CHECK_EQ(sr6_lpm6_walk(t, walk6_cb, &w), 0);
	CHECK_EQ(w.n, 8);
	for (unsigned i = 0; i < 8; i++) {
		uint32_t v = 0;

		a6(a, want6[i].a);
		CHECK_MEM(w.p[i], a, 16);
		CHECK_EQ(w.len[i], want6[i].len);
		CHECK_EQ(sr6_lpm6_get(t, a, want6[i].len, &v), 0);
		CHECK_EQ(w.v[i], v);
	}
	w = (struct walked){.stop_after = 3};
	CHECK_EQ(sr6_lpm6_walk(t, walk6_cb, &w), 42);
	CHECK_EQ(w.n, 3);

	CHECK_EQ(add4(t4, "192.0.2.0", 24, 1), 0);
	CHECK_EQ(add4(t4, "10.0.0.0", 8, 2), 0);
	CHECK_EQ(add4(t4, "10.0.0.0", 16, 3), 0);
	CHECK_EQ(add4(t4, "10.0.0.77", 9, 4), 0); /* 10.0.0.0/9 */
	w = (struct walked){0};
	CHECK_EQ(sr6_lpm4_walk(t4, walk4_cb, &w), 0);
	CHECK_EQ(w.n, 4);
	CHECK_EQ(w.len[0], 8);
	CHECK_EQ(w.len[1], 9);
	CHECK_EQ(w.len[2], 16);
	CHECK_EQ(w.len[3], 24);
	a4(a, "10.0.0.0");
	CHECK_MEM(w.p[1], a, 4);
	a4(a, "192.0.2.0");
	CHECK_MEM(w.p[3], a, 4);
	w = (struct walked){.stop_after = 1};
	CHECK_EQ(sr6_lpm4_walk(t4, walk4_cb, &w), 42);
	CHECK_EQ(w.n, 1);
	sr6_lpm6_destroy(t);
	sr6_lpm4_destroy(t4);
	sr6_reclaim_fini(&rc);
}

static void count_and_get_follow_adds_replaces_and_deletes(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);
	uint8_t a[16];
	uint32_t v = 0;

	CHECK(t);
	a6(a, "2001:db8::");
	CHECK_EQ(sr6_lpm6_add(t, a, 32, 1), 0);
	CHECK_EQ(sr6_lpm6_add(t, a, 48, 2), 0);
	CHECK_EQ(sr6_lpm6_add(t, a, 32, 3), 0);
	CHECK_EQ(sr6_lpm6_count(t), 2);
	CHECK_EQ(sr6_lpm6_get(t, a, 32, &v), 0);
	CHECK_EQ(v, 3);
	CHECK_EQ(sr6_lpm6_get(t, a, 48, &v), 0);
	CHECK_EQ(v, 2);
	CHECK_EQ(sr6_lpm6_get(t, a, 40, &v), -ENOENT);
	CHECK_EQ(sr6_lpm6_del(t, a, 32), 0);
	CHECK_EQ(sr6_lpm6_count(t), 1);
	CHECK_EQ(sr6_lpm6_get(t, a, 32, &v), -ENOENT);
	CHECK_EQ(sr6_lpm6_get(t, a, 48, &v), 0);
	CHECK(sr6_lpm6_memory(t) > 0);
	sr6_lpm6_destroy(t);
	sr6_reclaim_fini(&rc);
}

/* What the table answers at a: the /128 there, else the /48, else a miss (no other routes). */
static uint32_t host_or_48(const struct sr6_lpm6 *t, const uint8_t *a)
{
	uint32_t v;

	if (!sr6_lpm6_get(t, a, 128, &v) || !sr6_lpm6_get(t, a, 48, &v))
		return v;
	return SR6_LPM_MISS;
}

static size_t check_host_probes(const struct sr6_lpm6 *t, const uint8_t (*probe)[16], size_t n)
{
	const uint8_t *ptrs[64];
	uint32_t got[64];
	size_t bad = 0;

	for (size_t i = 0; i < n; i += 64) {
		unsigned m = n - i < 64 ? (unsigned)(n - i) : 64;

		for (unsigned j = 0; j < m; j++)
			ptrs[j] = probe[i + j];
		sr6_lpm6_lookup_bulk(t, ptrs, got, m);
		for (unsigned j = 0; j < m; j++) {
			uint32_t want = host_or_48(t, ptrs[j]), one = sr6_lpm6_lookup(t, ptrs[j]);

			if (one == want && got[j] == want)
				continue;
			if (bad++ < 5) {
				print_addr("mismatch at", &fam6, ptrs[j]);
				fprintf(stderr, "  want %u, lookup %u, bulk %u\n", want, one,
					got[j]);
			}
		}
	}
	return bad;
}

/*
 * Bulk lookups interleave once the trie's nodes outgrow L2 (30000 /48s
 * here). Hosts under those /48s, under no route at all, and in clusters
 * bigger than the trie scans come out of the bulk path as out of single
 * lookups, and right: a host gives its value, the address next to it
 * (last bit flipped, not a host) its /48's value or a miss; also after
 * half the hosts are deleted (tombstones in the host map).
 */
static void v6_hosts_in_a_big_table_bulk_and_single_lookups_agree(void)
{
	enum { NPFX = 30000, NHOST = 4000 };
	static uint8_t pfx[NPFX][16], host[NHOST][16], probe[2 * NHOST][16];
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);

	CHECK(t);
	seed_rng(__func__);
	for (int i = 0; i < NPFX; i++) {
		uint8_t *p = pfx[i];

		memset(p, 0, 16);
		p[0] = 0x2a;
		p[1] = (uint8_t)(rnd() & 0x0f);
		for (int b = 2; b < 6; b++)
			p[b] = (uint8_t)rnd();
		CHECK_EQ(sr6_lpm6_add(t, p, 48, 2 + (uint32_t)(p[2] ^ p[3] ^ p[4] ^ p[5])), 0);
	}
	for (int j = 0; j < NHOST; j++) {
		uint8_t *h = host[j];

		switch (j % 3) {
		case 0: /* under a /48 */
			memcpy(h, pfx[rnd() % NPFX], 6);
			for (int b = 6; b < 16; b++)
				h[b] = (uint8_t)rnd();
			break;
		case 1: /* under no route */
			h[0] = 0x2b;
			for (int b = 1; b < 16; b++)
				h[b] = (uint8_t)(b < 8 ? 0 : rnd());
			break;
		default: /* next to the one before: clusters */
			memcpy(h, host[j - 1], 16);
			h[15] ^= (uint8_t)(1 + rnd() % 255);
			break;
		}
		CHECK_EQ(sr6_lpm6_add(t, h, 128, 100000 + (uint32_t)j), 0);
		memcpy(probe[2 * j], h, 16);
		memcpy(probe[2 * j + 1], h, 16);
		probe[2 * j + 1][15] ^= 1;
	}
	CHECK_EQ(check_host_probes(t, (const uint8_t(*)[16])probe, 2 * NHOST), 0);
	for (int j = 0; j < NHOST; j += 2)
		sr6_lpm6_del(t, host[j], 128); /* may be gone already: a cluster repeats */
	sr6_reclaim_run(&rc);
	CHECK_EQ(check_host_probes(t, (const uint8_t(*)[16])probe, 2 * NHOST), 0);
	sr6_lpm6_destroy(t);
	sr6_reclaim_fini(&rc);
}

static void updates_defer_replaced_memory_until_reclaim_runs(void)
{
	struct sr6_reclaim rc = {0};
	struct sr6_lpm6 *t = sr6_lpm6_create(&rc);
	struct sr6_lpm4 *t4 = sr6_lpm4_create(&rc);
	uint8_t a[16];

	CHECK(t && t4);
	seed_rng(__func__);
	CHECK_EQ(add6(t, "2001:db8::", 32, 1), 0);
	CHECK_EQ(add6(t, "2001:db8:1::", 48, 2), 0);
	CHECK(sr6_reclaim_pending(&rc) > 0); /* the /48 replaced the /32's blocks */
	sr6_reclaim_run(&rc);
	CHECK_EQ(sr6_reclaim_pending(&rc), 0);
	for (int i = 0; i < 2000; i++) {
		rand_addr(&fam6, a);
		CHECK_EQ(sr6_lpm6_add(t, a, 20 + (unsigned)(rnd() % 109), 1 + i % 5), 0);
		a[0] = (uint8_t)rnd();
		CHECK_EQ(sr6_lpm4_add(t4, a, (unsigned)(rnd() % 33), 1 + i % 5), 0);
		if (i % 100 == 0)
			sr6_reclaim_run(&rc);
	}
	CHECK(sr6_reclaim_pending(&rc) > 0);
	sr6_reclaim_run(&rc);
	CHECK_EQ(sr6_reclaim_pending(&rc), 0);
	/* Destroying with live subtrees frees them (ASan's leak check has the last word). */
	sr6_lpm6_destroy(t);
	sr6_lpm4_destroy(t4);
	sr6_reclaim_fini(&rc);
}

/* ---- one writer, one reader -------------------------------------------- */

struct race {
	struct sr6_lpm6 *t;
	const uint8_t (*probe)[16];
	const uint32_t (*allowed)[2];
	unsigned nprobes;
	int stop;
	uint64_t rounds; /* reader's quiescent-state counter */
	uint64_t bad;
};

static void *race_reader(void *arg)
{
	struct race *r = arg;
	const uint8_t *ptrs[32];
	uint32_t got[32];

	for (unsigned i = 0; i < r->nprobes; i++)
		ptrs[i] = r->probe[i];
	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		for (unsigned i = 0; i < r->nprobes; i++) {
			uint32_t v = sr6_lpm6_lookup(r->t, r->probe[i]);

			if (v != r->allowed[i][0] && v != r->allowed[i][1])
				__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		}
		sr6_lpm6_lookup_bulk(r->t, ptrs, got, r->nprobes);
		for (unsigned i = 0; i < r->nprobes; i++)
			if (got[i] != r->allowed[i][0] && got[i] != r->allowed[i][1])
				__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		/* Between rounds the reader holds no table pointer: a quiescent state. */
		__atomic_add_fetch(&r->rounds, 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool covers_any(const uint8_t *p, unsigned len, const uint8_t (*probe)[16], unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (ref_covers(p, len, probe[i]))
			return true;
	return false;
}

static void reader_sees_old_or_new_value_while_writer_updates(void)
{
	/*
	 * Fixed routes the writer never touches, three that flip between two
	 * values (one a /128), one /128 it adds and deletes, and churn of
	 * random more-specifics, a quarter of them /128s (sharing top entries,
	 * nodes and the host map with the probes), that never cover a probe.
	 */
	static const struct {
		const char *p;
		unsigned len;
		uint32_t v, v2;
	} fixed[] = {
	    {"::", 0, 1, 1},
	    {"2001:db8::", 32, 10, 10},
	    {"2001:db8:1:2::", 64, 11, 11},
	    {"2001:db8:2::1", 128, 12, 13},  /* flips: a host */
	    {"2001:db8:ff00::", 40, 20, 21}, /* flips */
	    {"3000::", 8, 30, 31},	     /* flips: a range of top entries */
	    {"2001:db8:4::6", 128, 42, 10},  /* comes and goes: 10 is 2001:db8::/32 */
	};
	static const struct {
		const char *a;
		unsigned route;
	} probes[] = {
	    {"::1", 0},
	    {"2001:db8::1", 1},
	    {"2001:db8:7:8::9", 1},
	    {"2001:db8:1:2::5", 2},
	    {"2001:db8:2::1", 3},
	    {"2001:db8:ff00::1", 4},
	    {"2001:db8:ff12:3::4", 4},
	    {"3000::1", 5},
	    {"30ff:ffff::", 5},
	    {"3012:3456::", 5},
	    {"2001:db8:2::2", 1},
	    {"4000::", 0},
	    {"2001:db8:4::6", 6},
	    {"2001:db8:4::7", 1},
	};
	enum { NP = sizeof(probes) / sizeof(probes[0]) };
	static uint8_t probe[NP][16], churn[4096][16];
	static uint32_t allowed[NP][2];
	static unsigned churn_len[4096];
	struct sr6_reclaim rc = {0};
	struct race r = {0};
	pthread_t th;
	unsigned nchurn = 0;
	uint64_t ops = 0;
	double end;

	seed_rng(__func__);
	r.t = sr6_lpm6_create(&rc);
	CHECK(r.t);
	for (unsigned i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		CHECK_EQ(add6(r.t, fixed[i].p, fixed[i].len, fixed[i].v), 0);
	for (unsigned i = 0; i < NP; i++) {
		a6(probe[i], probes[i].a);
		allowed[i][0] = fixed[probes[i].route].v;
		allowed[i][1] = fixed[probes[i].route].v2;
	}
	/* Bulk lookups interleave only once the nodes outgrow L2: grow the table past that. */
	for (int i = 0; i < 30000; i++) {
		uint8_t p[16] = {0x2a,		 (uint8_t)(rnd() & 0x0f), (uint8_t)rnd(),
				 (uint8_t)rnd(), (uint8_t)rnd(),	  (uint8_t)rnd()};

		CHECK_EQ(sr6_lpm6_add(r.t, p, 48, 2), 0);
	}
	r.probe = (const uint8_t(*)[16])probe;
	r.allowed = (const uint32_t(*)[2])allowed;
	r.nprobes = NP;
	CHECK_EQ(pthread_create(&th, NULL, race_reader, &r), 0);
	end = now_s() + 1.0;
	while (now_s() < end) {
		for (int k = 0; k < 64; k++, ops++) {
			uint8_t p[16];
			unsigned len;

			if (nchurn && (nchurn == 4096 || rnd() % 3 == 0)) {
				unsigned i = (unsigned)(rnd() % nchurn);

				if (sr6_lpm6_del(r.t, churn[i], churn_len[i]))
					__atomic_add_fetch(&r.bad, 1, __ATOMIC_RELAXED);
				memcpy(churn[i], churn[--nchurn], 16);
				churn_len[i] = churn_len[nchurn];
			} else if (rnd() % 8 == 0) {
				unsigned f = 3 + (unsigned)(rnd() % 3);

				if (add6(r.t, fixed[f].p, fixed[f].len,
					 rnd() % 2 ? fixed[f].v : fixed[f].v2))
					__atomic_add_fetch(&r.bad, 1, __ATOMIC_RELAXED);
			} else if (rnd() % 8 == 0) {
				if (rnd() % 2 == 0)
					del6(r.t, fixed[6].p, 128); /* may be gone already */
				else if (add6(r.t, fixed[6].p, 128, fixed[6].v))
					__atomic_add_fetch(&r.bad, 1, __ATOMIC_RELAXED);
			} else {
				/* Near a probe (same first 9+ bits), /9 to /128, covering none. */
				uint32_t v;

				memcpy(p, probe[rnd() % NP], 16);
				for (unsigned b = 9 + (unsigned)(rnd() % 100); b < 128; b++)
					if (rnd() % 2)
						p[b / 8] ^= (uint8_t)(0x80 >> (b % 8));
				len = rnd() % 4 ? 9 + (unsigned)(rnd() % 120) : 128;
				if ((p[0] != 0x20 && p[0] != 0x30) ||
				    covers_any(p, len, probe, NP) || !sr6_lpm6_get(r.t, p, len, &v))
					continue;
				mask_bytes(p, 16, len);
				if (sr6_lpm6_add(r.t, p, len, 1000 + (uint32_t)(rnd() % 100)))
					__atomic_add_fetch(&r.bad, 1, __ATOMIC_RELAXED);
				memcpy(churn[nchurn], p, 16);
				churn_len[nchurn++] = len;
			}
		}
		/* Grace period: the reader finished a round after the old blocks were unpublished.
		 */
		uint64_t seen = __atomic_load_n(&r.rounds, __ATOMIC_SEQ_CST);

		while (__atomic_load_n(&r.rounds, __ATOMIC_SEQ_CST) == seen)
			;
		sr6_reclaim_run(&rc);
	}
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	printf("  %" PRIu64 " updates, %" PRIu64 " reader rounds\n", ops, r.rounds);
	CHECK_EQ(r.bad, 0);
	CHECK(ops > 1000 && r.rounds > 1000);
	sr6_lpm6_destroy(r.t);
	sr6_reclaim_fini(&rc);
}

SR6_TESTS(T(v6_random_adds_replaces_deletes_match_brute_force),
	  T(v6_host_heavy_tables_match_brute_force),
	  T(v4_random_adds_replaces_deletes_match_brute_force),
	  T(v6_hosts_in_a_big_table_bulk_and_single_lookups_agree),
	  T(empty_table_misses_and_default_route_matches_everything),
	  T(host_routes_match_only_their_own_address),
	  T(nested_prefixes_longest_wins_and_deleting_covering_keeps_more_specifics),
	  T(bad_arguments_are_rejected_without_changing_the_table),
	  T(bits_beyond_len_are_ignored_by_add_get_and_del),
	  T(walk_visits_in_address_order_with_masked_prefixes_and_stops_early),
	  T(count_and_get_follow_adds_replaces_and_deletes),
	  T(updates_defer_replaced_memory_until_reclaim_runs),
	  T(reader_sees_old_or_new_value_while_writer_updates))
