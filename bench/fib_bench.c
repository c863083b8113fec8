// SPDX-License-Identifier: MIT
/*
 * FIB benchmark: lookup rate, update rate and memory of the LPM tables
 * (src/fib/lpm.h) at 1k, 100k and 1M prefixes, single core.
 *
 * IPv6 tables imitate a real DFZ: LIR /32s (or shorter) clustered at the
 * low end of the RIR blocks under 2000::/3 (2001::/16, 2400::/12,
 * 2600::/12, 2800::/12, 2a00::/12, 2c00::/12), a few big LIRs holding many
 * more-specifics, and the length mix
 *     /32 15%  /33-/47 25%  /48 45%  /56-/64 10%  /128 3%  /16-/31 2%
 * IPv4 tables: allocations (/12-/20) over unicast space with
 *     /24 60%  /22-/23 18%  /16-/21 15%  /8-/15 1%  /25-/32 6%.
 *
 * Workloads (addresses prepared in memory, 1M per run, lookups in a tight
 * loop or in bursts of 64 through lookup_bulk):
 *   in-prefix  a random address inside a random installed prefix
 *   deep       the same, drawn only from the longest prefixes (v6 /56 and
 *              longer, v4 /25 and longer): every lookup walks the deepest
 *              paths with no locality: the cache-unfriendly mix
 * Each figure is the median of RUNS runs, [min-max] beside it. Cycles are
 * TSC cycles (__rdtsc), converted with the TSC rate measured at start.
 * Instructions per lookup (user space, perf_event_open; "-" where the VM
 * offers no counter) come from one more pass of each kind: they barely
 * move with the load, so they are the A/B signal on a noisy machine.
 *
 * Usage: fib_bench [--quick] [--v6|--v4] [--size N]
 *   --quick: 1 run, 128k lookups, 1k and 100k only; --size: that one size
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <x86intrin.h>

#include "common.h"
#include "core/reclaim.h"
#include "fib/lpm.h"

#define MAXRUNS 5
#define BURST	64

static unsigned runs = MAXRUNS;
static size_t nlookups = 1u << 20;
static double tsc_ghz;
static int insn_fd = -1;

static uint64_t rng = 0x1234567;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double urand(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void measure_tsc(void)
{
	double t0 = now_s(), t1;
	uint64_t c0 = __rdtsc(), c1;

	do {
		t1 = now_s();
	} while (t1 - t0 < 0.2);
	c1 = __rdtsc();
	tsc_ghz = (double)(c1 - c0) / (t1 - t0) / 1e9;
}

/* Bytes the allocator has handed out, its own headers and rounding included. */
static size_t heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct stat3 {
	double med, min, max;
};

static struct stat3 stat_of(double *v, unsigned n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return (struct stat3){v[n / 2], v[0], v[n - 1]};
}

/* ---- prefix sets ---------------------------------------------------------- */

struct pfx {
	uint8_t a[16];
	uint8_t len;
};

struct set {
	struct pfx *p;
	size_t n;
	unsigned alen;
};

static void put_bits(uint8_t *a, unsigned from, unsigned to, uint64_t v)
{
	/* bits [from, to) of a get the low (to - from) bits of v, MSB first */
	for (unsigned b = from; b < to; b++) {
		unsigned bit = (unsigned)(v >> (to - 1 - b)) & 1;

		a[b / 8] = (uint8_t)((a[b / 8] & ~(0x80 >> (b % 8))) | (bit << (7 - b % 8)));
	}
}

static void mask(uint8_t *a, unsigned alen, unsigned len)
{
	for (unsigned b = len; b < 8 * alen; b++)
		a[b / 8] &= (uint8_t) ~(0x80 >> (b % 8));
}

static void rand_bits(uint8_t *a, unsigned from, unsigned to)
{
	for (unsigned b = from; b < to; b += 32) {
		unsigned e = b + 32 < to ? b + 32 : to;

		put_bits(a, b, e, rnd());
	}
}

static unsigned v6_len(void)
{
	static const unsigned mid[] = {33, 34, 35, 36, 36, 36, 37, 38, 39, 40, 40,
				       40, 40, 41, 42, 43, 44, 44, 44, 45, 46, 47};
	double u = urand();

	if (u < 0.15)
		return 32;
	if (u < 0.40)
		return mid[rnd() % (sizeof(mid) / sizeof(mid[0]))];
	if (u < 0.85)
		return 48;
	if (u < 0.95) {
		u = urand();
		return u < 0.4 ? 56 : u < 0.8 ? 64 : 57 + (unsigned)(rnd() % 7);
	}
	if (u < 0.98)
		return 128;
	return 16 + (unsigned)(rnd() % 16);
}

/* An LIR allocation: /32 (sometimes /29../31) near the low end of an RIR block. */
static void v6_lir(uint8_t a[16])
{
	static const struct {
		uint16_t top;
		unsigned len, weight;
	} rir[] = {{0x2001, 16, 20}, {0x2400, 12, 20}, {0x2600, 12, 25},
		   {0x2800, 12, 8},  {0x2a00, 12, 25}, {0x2c00, 12, 2}};
	unsigned w = (unsigned)(rnd() % 100), i = 0;

	while (w >= rir[i].weight)
		w -= rir[i++].weight;
	memset(a, 0, 16);
	a[0] = (uint8_t)(rir[i].top >> 8);
	a[1] = (uint8_t)rir[i].top;
	/* cubic skew: allocations are made from the start of each block */
	double u = urand();
	put_bits(a, rir[i].len, 32, (uint64_t)(u * u * u * (double)(1ULL << (32 - rir[i].len))));
}

static void build_v6(struct set *s, size_t n, struct sr6_lpm6 *t)
{
	size_t nlir = n / 7 + 16;
	uint8_t(*lir)[16] = malloc(nlir * 16);

	for (size_t i = 0; i < nlir; i++)
		v6_lir(lir[i]);
	s->p = malloc(n * sizeof(*s->p));
	s->alen = 16;
	s->n = 0;
	while (s->n < n) {
		struct pfx *p = &s->p[s->n];
		unsigned len = v6_len();
		uint32_t v;
		double u = urand();

		/* big LIRs: quadratic skew of the owner */
		memcpy(p->a, lir[(size_t)(u * u * (double)nlir)], 16);
		if (len > 32)
			rand_bits(p->a, 32, len);
		mask(p->a, 16, len);
		p->len = (uint8_t)len;
		if (!sr6_lpm6_get(t, p->a, len, &v))
			continue;
		sr6_lpm6_add(t, p->a, len, 1 + (uint32_t)(s->n % 4096));
		s->n++;
	}
	free(lir);
}

static unsigned v4_len(void)
{
	double u = urand();

	if (u < 0.60)
		return 24;
	if (u < 0.78)
		return 22 + (unsigned)(rnd() % 2);
	if (u < 0.93)
		return 16 + (unsigned)(rnd() % 6);
	if (u < 0.94)
		return 8 + (unsigned)(rnd() % 8);
	return 25 + (unsigned)(rnd() % 8);
}

static void build_v4(struct set *s, size_t n, struct sr6_lpm4 *t)
{
	size_t nalloc = n / 10 + 16;
	uint8_t(*al)[5] = malloc(nalloc * 5);

	for (size_t i = 0; i < nalloc; i++) {
		uint32_t x;

		do {
			x = (uint32_t)rnd();
		} while ((x >> 24) == 0 || (x >> 24) == 10 || (x >> 24) == 127 || (x >> 24) >= 224);
		al[i][4] = (uint8_t)(12 + rnd() % 9);
		x &= ~0u << (32 - al[i][4]);
		al[i][0] = (uint8_t)(x >> 24);
		al[i][1] = (uint8_t)(x >> 16);
		al[i][2] = (uint8_t)(x >> 8);
		al[i][3] = (uint8_t)x;
	}
	s->p = malloc(n * sizeof(*s->p));
	s->alen = 4;
	s->n = 0;
	while (s->n < n) {
		struct pfx *p = &s->p[s->n];
		unsigned len = v4_len();
		const uint8_t *base = al[rnd() % nalloc];
		uint32_t v;

		memset(p->a, 0, 16);
		memcpy(p->a, base, 4);
		if (len > base[4])
			rand_bits(p->a, base[4], len);
		mask(p->a, 4, len);
		p->len = (uint8_t)len;
		if (!sr6_lpm4_get(t, p->a, len, &v))
			continue;
		sr6_lpm4_add(t, p->a, len, 1 + (uint32_t)(s->n % 4096));
		s->n++;
	}
	free(al);
}

/* Addresses inside random prefixes of the set (only those of min_len and longer). */
static uint8_t (*make_addrs(const struct set *s, unsigned min_len))[16]
{
	uint8_t(*a)[16] = malloc(nlookups * 16);
	size_t *pick = malloc(s->n * sizeof(*pick)), npick = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->p[i].len >= min_len)
			pick[npick++] = i;
	for (size_t i = 0; i < nlookups; i++) {
		const struct pfx *p = &s->p[pick[rnd() % npick]];

		memcpy(a[i], p->a, 16);
		rand_bits(a[i], p->len, 8 * s->alen);
	}
	free(pick);
	return a;
}

/* ---- the two families behind one set of function pointers ------------------ */

struct fam {
	const char *name;
	uint32_t (*lookup)(const void *t, const uint8_t *a);
	void (*bulk)(const void *t, const uint8_t *const *a, uint32_t *v, unsigned n);
	int (*add)(void *t, const uint8_t *p, unsigned len, uint32_t v);
	int (*del)(void *t, const uint8_t *p, unsigned len);
	void *(*create)(struct sr6_reclaim *r);
	void (*destroy)(void *t);
	size_t (*memory)(const void *t);
	size_t (*count)(const void *t);
	unsigned deep_len;
};

static uint32_t l6(const void *t, const uint8_t *a)
{
	return sr6_lpm6_lookup(t, a);
}
static void b6(const void *t, const uint8_t *const *a, uint32_t *v, unsigned n)
{
	sr6_lpm6_lookup_bulk(t, a, v, n);
}
static int a6(void *t, const uint8_t *p, unsigned len, uint32_t v)
{
	return sr6_lpm6_add(t, p, len, v);
}
static int d6(void *t, const uint8_t *p, unsigned len)
{
	return sr6_lpm6_del(t, p, len);
}
static void *c6(struct sr6_reclaim *r)
{
	return sr6_lpm6_create(r);
}
static void x6(void *t)
{
	sr6_lpm6_destroy(t);
}
static size_t m6(const void *t)
{
	return sr6_lpm6_memory(t);
}
static size_t n6(const void *t)
{
	return sr6_lpm6_count(t);
}
static uint32_t l4(const void *t, const uint8_t *a)
{
	return sr6_lpm4_lookup(t, a);
}
static void b4(const void *t, const uint8_t *const *a, uint32_t *v, unsigned n)
{
	sr6_lpm4_lookup_bulk(t, a, v, n);
}
static int a4(void *t, const uint8_t *p, unsigned len, uint32_t v)
{
	return sr6_lpm4_add(t, p, len, v);
}
static int d4(void *t, const uint8_t *p, unsigned len)
{
	return sr6_lpm4_del(t, p, len);
}
static void *c4(struct sr6_reclaim *r)
{
	return sr6_lpm4_create(r);
}
static void x4(void *t)
{
	sr6_lpm4_destroy(t);
}
static size_t m4(const void *t)
{
	return sr6_lpm4_memory(t);
}
static size_t n4(const void *t)
{
	return sr6_lpm4_count(t);
}

static const struct fam fam6 = {"IPv6", l6, b6, a6, d6, c6, x6, m6, n6, 56};
static const struct fam fam4 = {"IPv4", l4, b4, a4, d4, c4, x4, m4, n4, 25};

/* ---- measurements ------------------------------------------------------------ */

static volatile uint32_t sink;

/* cycles per lookup for one pass, single or bulk */
static double pass(const struct fam *f, const void *t, uint8_t (*addr)[16], int bulk)
{
	static const uint8_t *ptrs[BURST];
	uint32_t vals[BURST], acc = 0;
	uint64_t c0 = __rdtsc();

	if (bulk) {
		for (size_t i = 0; i < nlookups; i += BURST) {
			for (unsigned j = 0; j < BURST; j++)
				ptrs[j] = addr[i + j];
			f->bulk(t, ptrs, vals, BURST);
			for (unsigned j = 0; j < BURST; j++)
				acc += vals[j];
		}
	} else {
		for (size_t i = 0; i < nlookups; i++)
			acc += f->lookup(t, addr[i]);
	}
	sink = acc;
	return (double)(__rdtsc() - c0) / (double)nlookups;
}

/* Instructions per lookup of one more pass ("-" without a counter) into buf. */
static void pass_insn(const struct fam *f, const void *t, uint8_t (*addr)[16], int bulk, char *buf,
		      size_t len)
{
	uint64_t i0;

	if (insn_fd < 0) {
		snprintf(buf, len, "-");
		return;
	}
	i0 = bench_insn_read(insn_fd);
	bench_insn_enable(insn_fd);
	pass(f, t, addr, bulk);
	bench_insn_disable(insn_fd);
	snprintf(buf, len, "%.1f", (double)(bench_insn_read(insn_fd) - i0) / (double)nlookups);
}

static void print_lookup(const struct fam *f, size_t n, const char *wl, const void *t,
			 uint8_t (*addr)[16])
{
	double s[MAXRUNS], b[MAXRUNS];
	char si[32], bi[32];
	struct stat3 ss, bs;

	for (unsigned r = 0; r < runs; r++) {
		s[r] = pass(f, t, addr, 0);
		b[r] = pass(f, t, addr, 1);
	}
	ss = stat_of(s, runs);
	bs = stat_of(b, runs);
	pass_insn(f, t, addr, 0, si, sizeof(si));
	pass_insn(f, t, addr, 1, bi, sizeof(bi));
	/* Mlookups/s = GHz * 1e3 / cycles: the slowest run gives the minimum rate */
	printf("| %s | %zu | %s | %.1f [%.1f-%.1f] | %.1f | %s | %.1f [%.1f-%.1f] | %.1f | %s | "
	       "%.2fx |\n",
	       f->name, n, wl, tsc_ghz * 1e3 / ss.med, tsc_ghz * 1e3 / ss.max,
	       tsc_ghz * 1e3 / ss.min, ss.med, si, tsc_ghz * 1e3 / bs.med, tsc_ghz * 1e3 / bs.max,
	       tsc_ghz * 1e3 / bs.min, bs.med, bi, ss.med / bs.med);
	fflush(stdout);
}

struct upd {
	struct stat3 fill, add, del;
	double bytes, heap;
};

/* Fill an empty table with the set (timed), then delete and re-add 10% at full size. */
static void *measure_updates(const struct fam *f, const struct set *s, struct sr6_reclaim *rc,
			     struct upd *u)
{
	double fill[MAXRUNS], add[MAXRUNS], del[MAXRUNS];
	size_t nchurn = s->n / 10 ? s->n / 10 : 1;
	void *t = NULL;

	for (unsigned r = 0; r < runs; r++) {
		size_t heap0 = heap_bytes();
		double t0;

		if (t)
			f->destroy(t);
		sr6_reclaim_run(rc);
		t = f->create(rc);
		t0 = now_s();
		for (size_t i = 0; i < s->n; i++) {
			f->add(t, s->p[i].a, s->p[i].len, 1 + (uint32_t)(i % 4096));
			if ((i & 255) == 255)
				sr6_reclaim_run(rc);
		}
		sr6_reclaim_run(rc);
		fill[r] = (double)s->n / (now_s() - t0);
		if (r == 0)
			u->heap = (double)(heap_bytes() - heap0) / (double)s->n;

		size_t first = (size_t)(rnd() % (s->n - nchurn + 1));
		t0 = now_s();
		for (size_t i = first; i < first + nchurn; i++) {
			f->del(t, s->p[i].a, s->p[i].len);
			if ((i & 255) == 255)
				sr6_reclaim_run(rc);
		}
		sr6_reclaim_run(rc);
		del[r] = (double)nchurn / (now_s() - t0);
		t0 = now_s();
		for (size_t i = first; i < first + nchurn; i++) {
			f->add(t, s->p[i].a, s->p[i].len, 1 + (uint32_t)(i % 4096));
			if ((i & 255) == 255)
				sr6_reclaim_run(rc);
		}
		sr6_reclaim_run(rc);
		add[r] = (double)nchurn / (now_s() - t0);
	}
	u->fill = stat_of(fill, runs);
	u->add = stat_of(add, runs);
	u->del = stat_of(del, runs);
	u->bytes = (double)f->memory(t) / (double)f->count(t);
	return t;
}

static struct upd results[2][3];

static void bench(const struct fam *f, const size_t *sizes, unsigned nsizes, unsigned fi)
{
	for (unsigned k = 0; k < nsizes; k++) {
		struct sr6_reclaim rc = {0};
		struct set s;
		void *gen = f->create(&rc), *t;
		uint8_t(*in)[16], (*deep)[16];

		if (f == &fam6)
			build_v6(&s, sizes[k], gen);
		else
			build_v4(&s, sizes[k], gen);
		f->destroy(gen);
		sr6_reclaim_run(&rc);
		t = measure_updates(f, &s, &rc, &results[fi][k]);
		in = make_addrs(&s, 0);
		deep = make_addrs(&s, f->deep_len);
		print_lookup(f, s.n, "in-prefix", t, in);
		print_lookup(f, s.n, "deep", t, deep);
		free(in);
		free(deep);
		f->destroy(t);
		sr6_reclaim_fini(&rc);
		free(s.p);
	}
}

static void print_updates(const struct fam *f, const size_t *sizes, unsigned nsizes, unsigned fi)
{
	for (unsigned k = 0; k < nsizes; k++) {
		const struct upd *u = &results[fi][k];

		printf(
		    "| %s | %zu | %.0f [%.0f-%.0f] | %.0f [%.0f-%.0f] | %.0f [%.0f-%.0f] | %.0f | "
		    "%.0f |\n",
		    f->name, sizes[k], u->fill.med / 1e3, u->fill.min / 1e3, u->fill.max / 1e3,
		    u->add.med / 1e3, u->add.min / 1e3, u->add.max / 1e3, u->del.med / 1e3,
		    u->del.min / 1e3, u->del.max / 1e3, u->bytes, u->heap);
	}
}

static void print_machine(void)
{
	char line[256], model[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");
	struct utsname un;

	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "model name", 10)) {
			char *c = strchr(line, ':');

			snprintf(model, sizeof(model), "%s", c ? c + 2 : line);
			model[strcspn(model, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	uname(&un);
	printf("CPU: %s; TSC %.3f GHz (measured); kernel %s; %u run(s), %zu lookups per run\n\n",
	       model, tsc_ghz, un.release, runs, nlookups);
}

int main(int argc, char **argv)
{
	size_t sizes[] = {1000, 100000, 1000000};
	unsigned nsizes = 3;
	int v6 = 1, v4 = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			runs = 1;
			nlookups = 1u << 17;
			nsizes = 2;
		} else if (!strcmp(argv[i], "--v6")) {
			v4 = 0;
		} else if (!strcmp(argv[i], "--v4")) {
			v6 = 0;
		} else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
			sizes[0] = strtoul(argv[++i], NULL, 0);
			nsizes = 1;
		} else {
			fprintf(stderr, "usage: %s [--quick] [--v6|--v4] [--size N]\n", argv[0]);
			return 2;
		}
	}
	measure_tsc();
	insn_fd = bench_insn_open();
	print_machine();
	printf(
	    "Lookups: Mlookups/s median [min-max], TSC cycles/lookup, instructions/lookup; bulk = "
	    "lookup_bulk of %d\n\n",
	    BURST);
	printf("| family | prefixes | workload | single Mlookups/s | single cycles | single insn "
	       "| bulk Mlookups/s | bulk cycles | bulk insn | bulk/single |\n");
	printf("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
	if (v6)
		bench(&fam6, sizes, nsizes, 0);
	if (v4)
		bench(&fam4, sizes, nsizes, 1);
	printf(
	    "\nUpdates (thousand prefixes/s, median [min-max]): fill = adds into an empty table;\n"
	    "add/del at size = deleting 10%% of the full table, then adding them back.\n"
	    "Memory: sr6_*_memory() (RIB + poptrie as requested from malloc) and heap growth\n"
	    "(mallinfo2: what malloc handed out, its headers and rounding included).\n\n");
	printf(
	    "| family | prefixes | fill kadds/s | kadds/s at size | kdels/s at size | bytes/prefix "
	    "| heap bytes/prefix |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|\n");
	if (v6)
		print_updates(&fam6, sizes, nsizes, 0);
	if (v4)
		print_updates(&fam4, sizes, nsizes, 1);
	return 0;
}
