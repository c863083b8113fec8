// SPDX-License-Identifier: MIT
/*
 * Benchmark helpers (see common.h). Nothing here is timed: these set up
 * what the benchmarks measure and read the clocks and counters around it.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <malloc.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

/* ---- clocks, statistics, machine -------------------------------------- */

static uint64_t rng = 0x1234567;

void bench_seed(uint64_t seed)
{
	rng = seed;
}

uint64_t bench_rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double bench_urand(void)
{
	return (double)(bench_rnd() >> 11) / 9007199254740992.0;
}

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t bench_tsc(void)
{
	_mm_lfence();
	return __rdtsc();
}

double bench_tsc_ghz(void)
{
	static double ghz;

	if (!ghz) {
		double t0 = bench_now(), t1;
		uint64_t c0 = __rdtsc();

		do {
			t1 = bench_now();
		} while (t1 - t0 < 0.2);
		ghz = (double)(__rdtsc() - c0) / (t1 - t0) / 1e9;
	}
	return ghz;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct bench_stat bench_stat_of(double *v, unsigned n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return (struct bench_stat){v[n / 2], v[0], v[n - 1]};
}

void bench_print_machine(FILE *out)
{
	char line[256], model[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");
	struct utsname un;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

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
	fprintf(out, "CPU: %s, %ld CPUs; TSC %.3f GHz (measured); kernel %s\n", model, ncpu,
		bench_tsc_ghz(), un.release);
}

int bench_pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) < 0 ? -errno : 0;
}

int bench_nice(void)
{
	setpriority(PRIO_PROCESS, 0, -15);
	errno = 0;
	return getpriority(PRIO_PROCESS, 0);
}

int bench_insn_open(void)
{
	struct perf_event_attr a = {
	    .type = PERF_TYPE_HARDWARE,
	    .size = sizeof(a),
	    .config = PERF_COUNT_HW_INSTRUCTIONS,
	    .disabled = 1,
	    .exclude_kernel = 1,
	    .exclude_hv = 1,
	};

	return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

void bench_insn_enable(int fd)
{
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
}

void bench_insn_disable(int fd)
{
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
}

uint64_t bench_insn_read(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

size_t bench_rss(void)
{
	unsigned long size = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu", &size, &res) != 2)
			res = 0;
		fclose(f);
	}
	return (size_t)res * (size_t)sysconf(_SC_PAGESIZE);
}

size_t bench_heap(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/* ---- prefix sets ----------------------------------------------------- */

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

		put_bits(a, b, e, bench_rnd());
	}
}

/* Distinct (prefix, len) pairs: open addressing over a power-of-two table. */
struct pfx_set {
	struct bench_pfx *slot;
	size_t mask;
};

static uint64_t pfx_hash(const struct bench_pfx *p)
{
	uint64_t h = p->len * 0x9e3779b97f4a7c15ULL, w;

	for (unsigned i = 0; i < 16; i += 8) {
		memcpy(&w, p->a + i, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
	}
	return h;
}

/* True when p was not in the set (and now is). len 0 marks a free slot. */
static int pfx_set_add(struct pfx_set *s, const struct bench_pfx *p)
{
	for (size_t i = pfx_hash(p) & s->mask;; i = (i + 1) & s->mask) {
		if (!s->slot[i].len) {
			s->slot[i] = *p;
			return 1;
		}
		if (s->slot[i].len == p->len && !memcmp(s->slot[i].a, p->a, 16))
			return 0;
	}
}

static void pfx_set_init(struct pfx_set *s, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap <<= 1;
	s->slot = calloc(cap, sizeof(*s->slot));
	s->mask = cap - 1;
	if (!s->slot) {
		perror("bench: prefix set");
		exit(1);
	}
}

static unsigned v6_len(void)
{
	static const unsigned mid[] = {33, 34, 35, 36, 36, 36, 37, 38, 39, 40, 40,
				       40, 40, 41, 42, 43, 44, 44, 44, 45, 46, 47};
	double u = bench_urand();

	if (u < 0.15)
		return 32;
	if (u < 0.40)
		return mid[bench_rnd() % (sizeof(mid) / sizeof(mid[0]))];
	if (u < 0.85)
		return 48;
	if (u < 0.95) {
		u = bench_urand();
		return u < 0.4 ? 56 : u < 0.8 ? 64 : 57 + (unsigned)(bench_rnd() % 7);
	}
	if (u < 0.98)
		return 128;
	return 16 + (unsigned)(bench_rnd() % 16);
}

/* An LIR allocation: /32 near the low end of an RIR block. */
static void v6_lir(uint8_t a[16])
{
	static const struct {
		uint16_t top;
		unsigned len, weight;
	} rir[] = {{0x2001, 16, 20}, {0x2400, 12, 20}, {0x2600, 12, 25},
		   {0x2800, 12, 8},  {0x2a00, 12, 25}, {0x2c00, 12, 2}};
	unsigned w = (unsigned)(bench_rnd() % 100), i = 0;
	double u;

	while (w >= rir[i].weight)
		w -= rir[i++].weight;
	memset(a, 0, 16);
	a[0] = (uint8_t)(rir[i].top >> 8);
	a[1] = (uint8_t)rir[i].top;
	/* cubic skew: allocations are made from the start of each block */
	u = bench_urand();
	put_bits(a, rir[i].len, 32, (uint64_t)(u * u * u * (double)(1ULL << (32 - rir[i].len))));
}

struct bench_pfx *bench_gen_v6(size_t n)
{
	size_t nlir = n / 7 + 16;
	uint8_t(*lir)[16] = malloc(nlir * 16);
	struct bench_pfx *out = malloc(n * sizeof(*out));
	struct pfx_set seen;
	size_t k = 0;

	if (!lir || !out) {
		perror("bench: prefixes");
		exit(1);
	}
	pfx_set_init(&seen, n);
	for (size_t i = 0; i < nlir; i++)
		v6_lir(lir[i]);
	while (k < n) {
		struct bench_pfx p = {.len = (uint8_t)v6_len()};
		double u = bench_urand();

		/* big LIRs: quadratic skew of the owner */
		memcpy(p.a, lir[(size_t)(u * u * (double)nlir)], 16);
		if (p.len > 32)
			rand_bits(p.a, 32, p.len);
		mask(p.a, 16, p.len);
		if (pfx_set_add(&seen, &p))
			out[k++] = p;
	}
	free(seen.slot);
	free(lir);
	return out;
}

static unsigned v4_len(void)
{
	double u = bench_urand();

	if (u < 0.60)
		return 24;
	if (u < 0.78)
		return 22 + (unsigned)(bench_rnd() % 2);
	if (u < 0.93)
		return 16 + (unsigned)(bench_rnd() % 6);
	if (u < 0.94)
		return 8 + (unsigned)(bench_rnd() % 8);
	return 25 + (unsigned)(bench_rnd() % 8);
}

struct bench_pfx *bench_gen_v4(size_t n)
{
	size_t nalloc = n / 10 + 16;
	struct bench_pfx *al = malloc(nalloc * sizeof(*al));
	struct bench_pfx *out = malloc(n * sizeof(*out));
	struct pfx_set seen;
	size_t k = 0;

	if (!al || !out) {
		perror("bench: prefixes");
		exit(1);
	}
	pfx_set_init(&seen, n);
	for (size_t i = 0; i < nalloc; i++) {
		uint32_t x;

		do {
			x = (uint32_t)bench_rnd();
		} while ((x >> 24) == 0 || (x >> 24) == 10 || (x >> 24) == 127 || (x >> 24) >= 224);
		memset(&al[i], 0, sizeof(al[i]));
		al[i].len = (uint8_t)(12 + bench_rnd() % 9);
		x &= ~0u << (32 - al[i].len);
		al[i].a[0] = (uint8_t)(x >> 24);
		al[i].a[1] = (uint8_t)(x >> 16);
		al[i].a[2] = (uint8_t)(x >> 8);
		al[i].a[3] = (uint8_t)x;
	}
	while (k < n) {
		const struct bench_pfx *base = &al[bench_rnd() % nalloc];
		struct bench_pfx p = {.len = (uint8_t)v4_len()};

		memcpy(p.a, base->a, 4);
		if (p.len > base->len)
			rand_bits(p.a, base->len, p.len);
		mask(p.a, 4, p.len);
		if (pfx_set_add(&seen, &p))
			out[k++] = p;
	}
	free(seen.slot);
	free(al);
	return out;
}

void bench_addr_in(const struct bench_pfx *p, unsigned alen, uint8_t *out)
{
	memcpy(out, p->a, alen);
	rand_bits(out, p->len, 8 * alen);
}

void bench_pfx_str(const struct bench_pfx *p, int v4, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(v4 ? AF_INET : AF_INET6, p->a, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, p->len);
}

/* ---- a router in this process ----------------------------------------- */

#define BENCH_POOL_SIZE 4096

static int set_workers(struct sr6_ctl *ctl, unsigned n)
{
	struct bench_router *rt =
	    (struct bench_router *)((char *)ctl - offsetof(struct bench_router, ctl));
	int rc = sr6_workers_create(&rt->ws, rt->dp, n, BENCH_POOL_SIZE);

	if (rc < 0)
		return rc;
	for (unsigned i = 0; i < n; i++) {
		ctl->pools[i] = rt->ws.pl[i]->pool;
		rt->counters[i] = rt->ws.pl[i]->w.cnt;
	}
	ctl->counters = rt->counters;
	ctl->n_counters = n;
	return 0;
}

struct bench_router *bench_router_create(void)
{
	struct bench_router *rt = calloc(1, sizeof(*rt));

	if (!rt || !(rt->dp = sr6_dp_create())) {
		free(rt);
		return NULL;
	}
	sr6_ctl_init(&rt->ctl, rt->dp, false);
	rt->ctl.set_workers = set_workers;
	return rt;
}

void bench_router_destroy(struct bench_router *rt)
{
	if (!rt)
		return;
	sr6_ctl_fini(&rt->ctl);
	sr6_workers_destroy(&rt->ws);
	sr6_dp_destroy(rt->dp);
	sr6_reply_free(&rt->reply);
	free(rt);
}

int bench_router_exec(struct bench_router *rt, const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	rc = sr6_ctl_exec(&rt->ctl, line, &rt->reply);
	if (rc < 0)
		fprintf(stderr, "bench: '%s': %s\n", line, rt->reply.buf ? rt->reply.buf : "?");
	return rc;
}
