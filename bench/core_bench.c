// SPDX-License-Identifier: MIT
/*
 * Core benchmark: the real pipeline, one pinned core, packets prepared in
 * memory, per SRv6 behavior (issue #6 §1).
 *
 *   config lines ─► sr6_ctl_exec ─► router (3 `null` interfaces, 1 poller)
 *
 *   per batch of SR6_BATCH_MAX:   reset 64 buffers from the case's template
 *   (not timed, reported apart)   + one varying address per packet
 *                                          │
 *   timed (TSC):                  sr6_poller_process + sr6_poller_flush
 *                                 (classify, FIB, behavior, rewrite, L2 out,
 *                                  tx queue, null tx: the poll loop's work
 *                                  minus rx)
 *
 * Router: wan, core and adj are `null` interfaces with Ethernet framing and
 * static neighbors. The FIB holds N DFZ-like prefixes (bench_gen_v6: the
 * fib_bench length mix) via 4 gateways on core, plus the SR domain: 1024
 * remote locators fc00:0:X::/48 and 1024 uN neighbours fcbb:bbbb:X::/48
 * (also via core), the local SIDs and the steered prefixes of each case.
 *
 * Packets: Ethernet + the case's headers + UDP with a 64-byte payload. One
 * address per packet varies (a new one for every packet of a run, 1M per
 * run, --quick 64k), and which one says what the case stresses:
 *   dfz    an address inside a random one of the N DFZ prefixes
 *   loc    an address inside a random one of the 1024 remote locators
 *   un     fcbb:bbbb:100:X:Y:: with X, Y random uN neighbours
 *   steer  an address inside a random steered prefix of the case
 *   v4     a random address in 198.18.0.0/15 (IPv4 checksum kept right)
 * Uniform over the prefixes is the worst case (no locality at all) and is
 * what the main tables show. For the largest FIB and steering sizes of a
 * run the cases whose address is a DFZ or steered prefix are measured
 * again with destinations of realistic locality: one fixed address in each
 * prefix, drawn from a Zipf distribution (exponent ZIPF_S, rank = the
 * prefix's place in the generated list, which is in random address
 * order; the top 1k of 1M destinations take about half the packets):
 * rows labelled "(Zipf 1.0)", never in place of the uniform row. Full runs only (no --case, no
 * --callgrind), so a profile of one case measures that case alone.
 *
 * Buffers: a ring of 16 batches from a pool of our own; each batch is reset
 * right before it runs, so its headers are cache-hot, as after an rx burst
 * that has touched them. The reset cost (template copy + address patch) is
 * measured apart and not included in the pipeline figure.
 *
 * Every case is checked before it is timed: the first packet's output must
 * leave the expected interface to the expected neighbour MAC with the
 * expected headers; after every run, no packet may have been dropped and
 * every packet must have been sent out the expected interface.
 *
 * Figures: Mpps and TSC cycles/packet of the timed region, median of RUNS
 * runs [min-max]; instructions/packet counted by perf_event_open (user
 * space, only while the pipeline runs) when the machine offers the
 * counter. --callgrind runs one pass of a fixed count for
 *   valgrind --tool=callgrind --toggle-collect=sr6_poller_process \
 *            --toggle-collect=sr6_poller_flush core_bench --callgrind --case X
 * (collected Ir / packets = instructions per packet). For perf record,
 * SR6_PERF_CTL=CTL,ACK confines sampling to the timed runs (bench/profile.sh).
 *
 * Usage: core_bench [--quick] [--case NAME] [--fib N] [--steer N] [--runs N]
 *                   [--packets N] [--cpu N] [--callgrind] [--list]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "core/csum.h"
#include "core/wire.h"

#define MAXRUNS	       15
#define RING_BATCHES   16
#define RING	       (RING_BATCHES * SR6_BATCH_MAX)
#define PAYLOAD	       64
#define N_LOC	       1024 /* remote locators fc00:0:1::/48 .. fc00:0:400::/48 */
#define N_UN	       1024 /* uN neighbours fcbb:bbbb:1000::/48 .. fcbb:bbbb:13ff::/48 */
#define UN_BASE	       0x1000
#define N_GW	       4
#define STEER_POLICIES 256

enum { IF_WAN, IF_CORE, IF_ADJ };

static const uint8_t mac_wan[6] = {2, 0, 0, 0, 0, 0x01};
static const uint8_t mac_core[6] = {2, 0, 0, 0, 0, 0x02};
static const uint8_t mac_adj[6] = {2, 0, 0, 0, 0, 0x03};
static const uint8_t mac_host[6] = {2, 0, 0, 0, 0, 0x10};

static unsigned runs = 5;
static int zipf_rows = 1; /* measure the Zipf rows (full runs) */
static size_t npkts = 1u << 20;
static int insn_fd = -1;
static int failed;

/* ---- templates -------------------------------------------------------- */

static void a6(const char *s, uint8_t *out)
{
	if (inet_pton(AF_INET6, s, out) != 1) {
		fprintf(stderr, "core_bench: bad address %s\n", s);
		exit(2);
	}
}

/* A frame being built front to back; lengths are fixed up at the end. */
struct tb {
	uint8_t b[1024];
	unsigned len;
	unsigned ip6_off[4], n_ip6;
	unsigned ip4_off; /* 0 = none (offset 0 is Ethernet) */
};

static uint8_t *tb_put(struct tb *t, unsigned n)
{
	uint8_t *p = t->b + t->len;

	memset(p, 0, n);
	t->len += n;
	return p;
}

static void tb_eth(struct tb *t, uint16_t type)
{
	uint8_t *p = tb_put(t, 14);

	memcpy(p, mac_wan, 6);
	memcpy(p + 6, mac_host, 6);
	p[12] = (uint8_t)(type >> 8);
	p[13] = (uint8_t)type;
}

static void tb_ip6(struct tb *t, const char *src, const char *dst, uint8_t nh, uint8_t hlim)
{
	uint8_t *p;

	t->ip6_off[t->n_ip6++] = t->len;
	p = tb_put(t, 40);
	p[0] = 0x60;
	p[6] = nh;
	p[7] = hlim;
	a6(src, p + 8);
	a6(dst, p + 24);
}

/* SRH with segs[] as the Segment List (segs[0] = last segment), RFC 8754 §2. */
static unsigned tb_srh(struct tb *t, uint8_t nh, const char *const *segs, unsigned n, uint8_t sl)
{
	unsigned off = t->len;
	uint8_t *p = tb_put(t, 8 + 16 * n);

	p[0] = nh;
	p[1] = (uint8_t)(2 * n);
	p[2] = 4;
	p[3] = sl;
	p[4] = (uint8_t)(n - 1);
	for (unsigned i = 0; i < n; i++)
		a6(segs[i], p + 8 + 16 * i);
	return off;
}

static void tb_ip4(struct tb *t, const char *src, const char *dst, uint8_t ttl)
{
	uint8_t *p;

	t->ip4_off = t->len;
	p = tb_put(t, 20);
	p[0] = 0x45;
	p[8] = ttl;
	p[9] = SR6_IPPROTO_UDP;
	inet_pton(AF_INET, src, p + 12);
	inet_pton(AF_INET, dst, p + 16);
}

static void tb_udp(struct tb *t)
{
	uint8_t *p = tb_put(t, 8 + PAYLOAD);

	p[0] = 0x30;
	p[1] = 0x39; /* 12345 */
	p[2] = 0x13;
	p[3] = 0x88; /* 5000 */
	p[4] = 0;
	p[5] = 8 + PAYLOAD;
	for (unsigned i = 0; i < PAYLOAD; i++)
		p[8 + i] = (uint8_t)i;
}

static void tb_finish(struct tb *t)
{
	for (unsigned i = 0; i < t->n_ip6; i++) {
		unsigned plen = t->len - t->ip6_off[i] - 40;

		t->b[t->ip6_off[i] + 4] = (uint8_t)(plen >> 8);
		t->b[t->ip6_off[i] + 5] = (uint8_t)plen;
	}
	if (t->ip4_off) {
		struct sr6_ip4_hdr *ip = (struct sr6_ip4_hdr *)(t->b + t->ip4_off);
		unsigned tot = t->len - t->ip4_off;

		t->b[t->ip4_off + 2] = (uint8_t)(tot >> 8);
		t->b[t->ip4_off + 3] = (uint8_t)tot;
		sr6_ip4_set_checksum(ip);
	}
}

/* ---- cases ------------------------------------------------------------ */

enum var_kind { VAR_DFZ, VAR_LOC, VAR_UN, VAR_STEER, VAR_V4 };

static const char *const var_name[] = {"dfz", "loc", "un", "steer", "v4"};

struct bcase {
	const char *name;
	const char *what;
	enum var_kind var;
	uint16_t oif;
	unsigned nsegs;	   /* headend/B6: segments pushed */
	const char *steer; /* VAR_STEER: the steered prefix (main table) */
};

static const struct bcase cases[] = {
    {"fwd", "plain IPv6 forward (hop limit - 1)", VAR_DFZ, IF_CORE, 0, NULL},
    {"end", "End, SRH of 3 SIDs, SL 2 -> 1, next SID looked up", VAR_LOC, IF_CORE, 0, NULL},
    {"end-psp", "End with PSP: SL 1 -> 0, SRH popped", VAR_LOC, IF_CORE, 0, NULL},
    {"un", "uN (End, next-csid, lblen 32 nflen 16): DA shift, no SRH", VAR_UN, IF_CORE, 0, NULL},
    {"end-x", "End.X to an adjacency, SRH of 3 SIDs", VAR_LOC, IF_ADJ, 0, NULL},
    {"end-dx6", "End.DX6: outer IPv6 + SRH (SL 0) off, inner to nh6", VAR_DFZ, IF_ADJ, 0, NULL},
    {"end-dt6", "End.DT6 (table 0): decap, inner DA looked up", VAR_DFZ, IF_CORE, 0, NULL},
    {"end-dx4", "End.DX4: outer IPv6 + SRH (SL 0) off, inner IPv4 to nh4", VAR_V4, IF_ADJ, 0, NULL},
    {"encaps1", "H.Encaps, 1 SID (SRH of 1)", VAR_STEER, IF_CORE, 1, "3ffe:1::/32"},
    {"encaps4", "H.Encaps, 4 SIDs", VAR_STEER, IF_CORE, 4, "3ffe:4::/32"},
    {"encaps16", "H.Encaps, 16 SIDs", VAR_STEER, IF_CORE, 16, "3ffe:16::/32"},
    {"encaps-red", "H.Encaps.Red, 4 SIDs (SRH of 3)", VAR_STEER, IF_CORE, 4, "3ffe:a::/32"},
    {"insert", "H.Insert, 4 SIDs (SRH of 5: DA kept last)", VAR_STEER, IF_CORE, 4, "3ffe:b::/32"},
    {"b6-encaps", "End.B6.Encaps: End on SRH of 3, push 4-SID policy", VAR_LOC, IF_CORE, 4, NULL},
    {"encaps-v4", "H.Encaps of IPv4, 4 SIDs (steer 198.18.0.0/15)", VAR_V4, IF_CORE, 4, NULL},
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

#define SID_END "fc00:ffff:1::1"
#define SID_PSP "fc00:ffff:2::1"
#define SID_X	"fc00:ffff:3::1"
#define SID_DX6 "fc00:ffff:4::1"
#define SID_DT6 "fc00:ffff:5::1"
#define SID_DX4 "fc00:ffff:6::1"
#define SID_B6	"fc00:ffff:7::1"
#define HOST	"fd00:1::10"
#define FINAL	"fd00:1::f"
#define S_PREV	"fc00:0:1::1"

/* The template of a case and where its varying address goes. */
struct tpl {
	struct tb t;
	unsigned var_off, var_len; /* bytes of the frame the varying address replaces */
	unsigned csum_off;	   /* IPv4 header checksum to patch with it, 0 = none */
};

static void build_template(const struct bcase *c, struct tpl *tp)
{
	static const char *const seg_dummy = "fc00:0:2::1";
	struct tb *t = &tp->t;
	const char *segs[3];

	memset(tp, 0, sizeof(*tp));
	tp->var_len = 16;
	if (!strcmp(c->name, "fwd") || c->var == VAR_STEER || !strcmp(c->name, "un")) {
		tb_eth(t, SR6_ETH_P_IPV6);
		tb_ip6(t, HOST, !strcmp(c->name, "un") ? "fcbb:bbbb:100::" : "3ffe::1",
		       SR6_IPPROTO_UDP, 64);
		tp->var_off = 14 + 24;
		tb_udp(t);
	} else if (!strcmp(c->name, "end") || !strcmp(c->name, "end-x") ||
		   !strcmp(c->name, "b6-encaps")) {
		const char *sid = !strcmp(c->name, "end")     ? SID_END
				  : !strcmp(c->name, "end-x") ? SID_X
							      : SID_B6;
		unsigned off;

		segs[0] = FINAL;
		segs[1] = seg_dummy;
		segs[2] = sid;
		tb_eth(t, SR6_ETH_P_IPV6);
		tb_ip6(t, HOST, sid, SR6_IPPROTO_ROUTING, 64);
		off = tb_srh(t, SR6_IPPROTO_UDP, segs, 3, 2);
		tp->var_off = off + 8 + 16; /* Segment List[1]: the next DA */
		tb_udp(t);
	} else if (!strcmp(c->name, "end-psp")) {
		unsigned off;

		segs[0] = seg_dummy;
		segs[1] = SID_PSP;
		segs[2] = S_PREV;
		tb_eth(t, SR6_ETH_P_IPV6);
		tb_ip6(t, HOST, SID_PSP, SR6_IPPROTO_ROUTING, 64);
		off = tb_srh(t, SR6_IPPROTO_UDP, segs, 3, 1);
		tp->var_off = off + 8; /* Segment List[0]: the final DA */
		tb_udp(t);
	} else {
		/* decapsulating SIDs: IPv6(A -> SID)/SRH(SID, S_PREV; SL 0)/inner */
		const char *sid = !strcmp(c->name, "end-dx6")	? SID_DX6
				  : !strcmp(c->name, "end-dt6") ? SID_DT6
								: SID_DX4;
		int v4 = c->var == VAR_V4;

		segs[0] = sid;
		segs[1] = S_PREV;
		if (!strcmp(c->name, "encaps-v4")) {
			tb_eth(t, SR6_ETH_P_IPV4);
			tb_ip4(t, "192.0.2.99", "198.18.0.1", 64);
		} else {
			tb_eth(t, SR6_ETH_P_IPV6);
			tb_ip6(t, HOST, sid, SR6_IPPROTO_ROUTING, 64);
			tb_srh(t, v4 ? SR6_IPPROTO_IPIP : SR6_IPPROTO_IPV6, segs, 2, 0);
			if (v4)
				tb_ip4(t, "192.0.2.99", "198.18.0.1", 50);
			else
				tb_ip6(t, "fd00:1::20", "3ffe::1", SR6_IPPROTO_UDP, 50);
		}
		if (v4) {
			tp->var_off = t->ip4_off + 16;
			tp->var_len = 4;
			tp->csum_off = t->ip4_off + 10;
		} else {
			tp->var_off = t->ip6_off[1] + 24;
		}
		tb_udp(t);
	}
	tb_finish(t);
}

/* ---- varying addresses ---------------------------------------------- */

struct var {
	uint8_t a[16];
	uint8_t csum[2];
};

#define ZIPF_S 1.0

/* Cumulative Zipf(s) probabilities of ranks 0..n-1, and the destination of each rank. */
struct zipf {
	double *cdf;
	uint8_t (*dst)[16]; /* one address inside prefix i */
	size_t n;
};

static void zipf_init(struct zipf *z, const struct bench_pfx *pfx, size_t n, double s)
{
	double sum = 0;

	z->n = n;
	z->cdf = malloc(n * sizeof(*z->cdf));
	z->dst = malloc(n * sizeof(*z->dst));
	if (!z->cdf || !z->dst) {
		fprintf(stderr, "core_bench: out of memory\n");
		exit(1);
	}
	for (size_t i = 0; i < n; i++) {
		z->cdf[i] = sum += pow((double)(i + 1), -s);
		bench_addr_in(&pfx[i], 16, z->dst[i]);
	}
	for (size_t i = 0; i < n; i++)
		z->cdf[i] /= sum;
}

static void zipf_fini(struct zipf *z)
{
	free(z->cdf);
	free(z->dst);
}

static size_t zipf_draw(const struct zipf *z)
{
	double u = bench_urand();
	size_t lo = 0, hi = z->n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct world {
	struct bench_pfx *dfz;
	size_t n_dfz;
	struct bench_pfx *steer; /* steered prefixes of the scale runs, NULL in the main one */
	size_t n_steer;
	const struct zipf *zipf; /* draw DFZ/steered destinations from it; NULL: uniform */
};

/* The next destination among prefixes pfx[0..n-1]: uniform, or by the world's Zipf. */
static void pick(const struct world *wd, const struct bench_pfx *pfx, size_t n, uint8_t *a)
{
	if (wd->zipf)
		memcpy(a, wd->zipf->dst[zipf_draw(wd->zipf)], 16);
	else
		bench_addr_in(&pfx[bench_rnd() % n], 16, a);
}

static void make_vars(const struct bcase *c, const struct tpl *tp, const struct world *wd,
		      struct var *v, size_t n)
{
	struct bench_pfx sp = {{0}, 0};

	if (c->steer) {
		char buf[64], *slash;

		snprintf(buf, sizeof(buf), "%s", c->steer);
		slash = strchr(buf, '/');
		*slash = 0;
		a6(buf, sp.a);
		sp.len = (uint8_t)atoi(slash + 1);
	}
	for (size_t i = 0; i < n; i++) {
		uint8_t *a = v[i].a;

		memset(&v[i], 0, sizeof(v[i]));
		switch (c->var) {
		case VAR_DFZ:
			pick(wd, wd->dfz, wd->n_dfz, a);
			break;
		case VAR_LOC: {
			struct bench_pfx p = {{0xfc, 0x00, 0, 0}, 48};
			unsigned x = 1 + (unsigned)(bench_rnd() % N_LOC);

			p.a[4] = (uint8_t)(x >> 8);
			p.a[5] = (uint8_t)x;
			bench_addr_in(&p, 16, a);
			break;
		}
		case VAR_UN: {
			unsigned x = UN_BASE + (unsigned)(bench_rnd() % N_UN);
			unsigned y = UN_BASE + (unsigned)(bench_rnd() % N_UN);

			a6("fcbb:bbbb:100::", a);
			a[6] = (uint8_t)(x >> 8);
			a[7] = (uint8_t)x;
			a[8] = (uint8_t)(y >> 8);
			a[9] = (uint8_t)y;
			break;
		}
		case VAR_STEER:
			if (wd->steer)
				pick(wd, wd->steer, wd->n_steer, a);
			else
				bench_addr_in(&sp, 16, a);
			break;
		case VAR_V4: {
			uint8_t hdr[20];
			uint32_t x = (uint32_t)bench_rnd() & 0x1ffff;

			a[0] = 198;
			a[1] = (uint8_t)(18 + (x >> 16));
			a[2] = (uint8_t)(x >> 8);
			a[3] = (uint8_t)(x ? x : 1);
			memcpy(hdr, tp->t.b + tp->csum_off - 10, 20);
			memcpy(hdr + 16, a, 4);
			sr6_ip4_set_checksum((struct sr6_ip4_hdr *)hdr);
			memcpy(v[i].csum, hdr + 10, 2);
			break;
		}
		}
	}
}

/* ---- the router ------------------------------------------------------ */

static void die_on(int rc)
{
	if (rc < 0)
		exit(1);
}

static void segs_str(char *buf, size_t len, unsigned n, unsigned first)
{
	size_t o = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, len - o, "%sfc00:0:%x::1", i ? "," : "",
				      1 + (first + i) % N_LOC);
}

/* Interfaces, neighbours, the SR domain, every case's SIDs and policies. */
static struct bench_router *router_base(void)
{
	struct bench_router *rt = bench_router_create();
	char segs[1024];

	if (!rt) {
		fprintf(stderr, "core_bench: out of memory\n");
		exit(1);
	}
	die_on(bench_router_exec(rt, "interface add wan driver null mac 02:00:00:00:00:01"));
	die_on(bench_router_exec(rt, "interface add core driver null mac 02:00:00:00:00:02"));
	die_on(bench_router_exec(rt, "interface add adj driver null mac 02:00:00:00:00:03"));
	die_on(bench_router_exec(rt, "address add fd00:1::1/64 dev wan"));
	die_on(bench_router_exec(rt, "address add fd00:2::1/64 dev core"));
	die_on(bench_router_exec(rt, "address add fd00:3::1/64 dev adj"));
	die_on(bench_router_exec(rt, "address add 198.51.100.1/24 dev adj"));
	die_on(bench_router_exec(rt, "encap source fd00:ffff::1"));
	for (unsigned g = 0; g < N_GW; g++)
		die_on(bench_router_exec(rt,
					 "neighbor add fd00:2::%x lladdr 02:00:00:00:00:%02x "
					 "dev core",
					 2 + g, 0x22 + g));
	die_on(bench_router_exec(rt, "neighbor add fd00:3::9 lladdr 02:00:00:00:00:39 dev adj"));
	die_on(bench_router_exec(rt, "neighbor add 198.51.100.9 lladdr 02:00:00:00:00:49 dev adj"));
	for (unsigned x = 1; x <= N_LOC; x++)
		die_on(bench_router_exec(rt, "route add fc00:0:%x::/48 via fd00:2::%x", x,
					 2 + x % N_GW));
	for (unsigned x = UN_BASE; x < UN_BASE + N_UN; x++)
		die_on(bench_router_exec(rt, "route add fcbb:bbbb:%x::/48 via fd00:2::%x", x,
					 2 + x % N_GW));
	die_on(bench_router_exec(rt, "sid add fcbb:bbbb:100:: action End flavors next-csid"));
	die_on(bench_router_exec(rt, "sid add " SID_END " action End"));
	die_on(bench_router_exec(rt, "sid add " SID_PSP " action End flavors psp"));
	die_on(bench_router_exec(rt, "sid add " SID_X " action End.X nh6 fd00:3::9"));
	die_on(bench_router_exec(rt, "sid add " SID_DX6 " action End.DX6 nh6 fd00:3::9"));
	die_on(bench_router_exec(rt, "sid add " SID_DT6 " action End.DT6 table 0"));
	die_on(bench_router_exec(rt, "sid add " SID_DX4 " action End.DX4 nh4 198.51.100.9"));
	for (unsigned k = 0; k < N_CASES; k++) {
		const struct bcase *c = &cases[k];
		const char *mode = !strcmp(c->name, "encaps-red") ? " mode encap.red"
				   : !strcmp(c->name, "insert")	  ? " mode insert"
								  : "";

		if (!c->nsegs)
			continue;
		segs_str(segs, sizeof(segs), c->nsegs, 0);
		die_on(bench_router_exec(rt, "policy add P-%s%s segs %s", c->name, mode, segs));
		if (c->steer)
			die_on(
			    bench_router_exec(rt, "steer add %s policy P-%s", c->steer, c->name));
	}
	die_on(bench_router_exec(rt, "sid add " SID_B6 " action End.B6.Encaps policy P-b6-encaps"));
	die_on(bench_router_exec(rt, "steer add 198.18.0.0/15 policy P-encaps-v4"));
	return rt;
}

static void add_dfz(struct bench_router *rt, const struct bench_pfx *p, size_t n)
{
	char pfx[64];

	for (size_t i = 0; i < n; i++) {
		bench_pfx_str(&p[i], 0, pfx, sizeof(pfx));
		die_on(bench_router_exec(rt, "route add %s via fd00:2::%x", pfx,
					 2 + (unsigned)(i % N_GW)));
	}
}

/* Steered prefixes of the scale runs into STEER_POLICIES 4-SID policies. */
static void add_steers(struct bench_router *rt, const struct bench_pfx *p, size_t n)
{
	size_t npol = n < STEER_POLICIES ? n : STEER_POLICIES;
	char segs[256], pfx[64];

	for (size_t i = 0; i < npol; i++) {
		segs_str(segs, sizeof(segs), 4, (unsigned)i);
		die_on(bench_router_exec(rt, "policy add T%zu segs %s", i, segs));
	}
	for (size_t i = 0; i < n; i++) {
		bench_pfx_str(&p[i], 0, pfx, sizeof(pfx));
		die_on(bench_router_exec(rt, "steer add %s policy T%zu", pfx, i % npol));
	}
}

/* ---- checks -------------------------------------------------------- */

static int is_s1(const uint8_t *a, int any_locator)
{
	uint8_t want[16];

	if (!any_locator) {
		a6("fc00:0:1::1", want);
		return !memcmp(a, want, 16);
	}
	a6("fc00::1", want);
	unsigned x = (unsigned)a[4] << 8 | a[5];
	return !memcmp(a, want, 4) && !memcmp(a + 6, want + 6, 10) && x >= 1 && x <= N_LOC;
}

/*
 * What the first packet of a case must look like on the way out. Returns
 * NULL when right, or what is wrong.
 */
static const char *check_output(const struct bcase *c, const struct tpl *tp, const struct var *v,
				const struct sr6_pkt *p, uint16_t next, int scale)
{
	static char why[128];
	const uint8_t *f = p->data;
	const uint8_t *ip = f + 14;
	unsigned in_len = tp->t.len, k = c->nsegs;
	const uint8_t *mac = c->oif == IF_CORE ? mac_core : mac_adj;
	int v4_out = !strcmp(c->name, "end-dx4");

	if (next != c->oif) {
		snprintf(why, sizeof(why), "output %u, want %u (drop reason %u)", next, c->oif,
			 p->drop);
		return why;
	}
	if (p->len < 14 + 20 || memcmp(f + 6, mac, 6))
		return "wrong source MAC";
	if (c->oif == IF_CORE ? (f[0] != 2 || f[5] < 0x22 || f[5] >= 0x22 + N_GW)
			      : f[5] != (v4_out ? 0x49 : 0x39))
		return "wrong neighbour MAC";
	if (((unsigned)f[12] << 8 | f[13]) != (v4_out ? SR6_ETH_P_IPV4 : SR6_ETH_P_IPV6))
		return "wrong ethertype";
	if (v4_out) {
		if (memcmp(ip + 16, v->a, 4) || ip[8] != 50 || p->len != in_len - 40 - 40)
			return "End.DX4: not the inner IPv4 packet, unchanged";
		return NULL;
	}
	if (!strcmp(c->name, "fwd"))
		return memcmp(ip + 24, v->a, 16) || ip[7] != 63 || p->len != in_len
			   ? "forward: DA, hop limit or length wrong"
			   : NULL;
	if (!strcmp(c->name, "end") || !strcmp(c->name, "end-x"))
		return memcmp(ip + 24, v->a, 16) || ip[7] != 63 || ip[40 + 3] != 1
			   ? "End: DA not the next SID, or hop limit / SL wrong"
			   : NULL;
	if (!strcmp(c->name, "end-psp"))
		return memcmp(ip + 24, v->a, 16) || ip[6] != SR6_IPPROTO_UDP ||
			       p->len != in_len - 56
			   ? "End PSP: SRH not popped or DA wrong"
			   : NULL;
	if (!strcmp(c->name, "un")) {
		uint8_t want[16] = {0};

		memcpy(want, v->a, 4);
		memcpy(want + 4, v->a + 6, 10);
		return memcmp(ip + 24, want, 16) || ip[7] != 63 ? "uN: DA not shifted by 16 bits"
								: NULL;
	}
	if (!strcmp(c->name, "end-dx6") || !strcmp(c->name, "end-dt6"))
		return memcmp(ip + 24, v->a, 16) || ip[7] != 50 || p->len != in_len - 40 - 40
			   ? "decap: not the inner IPv6 packet, unchanged"
			   : NULL;
	if (!strcmp(c->name, "insert"))
		return !is_s1(ip + 24, 0) || ip[6] != SR6_IPPROTO_ROUTING || ip[40 + 3] != k ||
			       memcmp(ip + 40 + 8, v->a, 16) || p->len != in_len + 8 + 16 * (k + 1)
			   ? "H.Insert: DA, SRH or original DA as last segment wrong"
			   : NULL;
	/* encapsulations: outer IPv6 to S1 */
	unsigned srh_n = !strcmp(c->name, "encaps-red") ? k - 1 : k;
	uint8_t inner = !strcmp(c->name, "encaps-v4") ? SR6_IPPROTO_IPIP : SR6_IPPROTO_IPV6;

	if (!is_s1(ip + 24, scale) || ip[6] != SR6_IPPROTO_ROUTING || ip[40] != inner ||
	    ip[40 + 3] != k - 1 || ip[40 + 4] != srh_n - 1)
		return "encap: outer DA or SRH wrong";
	if (!strcmp(c->name, "b6-encaps")) {
		const uint8_t *in6 = ip + 40 + 8 + 16 * k;

		return memcmp(in6 + 24, v->a, 16) || in6[40 + 3] != 1 ||
			       p->len != in_len + 40 + 8 + 16 * k
			   ? "End.B6.Encaps: inner not advanced to the next SID"
			   : NULL;
	}
	if (p->len != in_len + 40 + 8 + 16 * srh_n)
		return "encap: length wrong";
	return NULL;
}

/* ---- measuring --------------------------------------------------------- */

struct rig {
	struct bench_router *rt;
	struct sr6_poller *pl;
	struct sr6_pkt_pool *pool;
	struct sr6_pkt *ring[RING];
	const struct tpl *tp;
	const struct var *v;
};

static inline void reset(const struct rig *g, struct sr6_pkt *p, const struct var *v)
{
	const struct tpl *tp = g->tp;

	sr6_pkt_reset(p);
	memcpy(p->data, tp->t.b, tp->t.len);
	memcpy(p->data + tp->var_off, v->a, tp->var_len);
	if (tp->csum_off)
		memcpy(p->data + tp->csum_off, v->csum, 2);
	p->len = tp->t.len;
	p->flags = SR6_PKT_F_L2;
	p->rx_if = IF_WAN;
}

static uint64_t drops_total(const struct sr6_counters *cnt)
{
	uint64_t n = 0;

	for (unsigned i = 1; i < SR6_DROP__COUNT; i++)
		n += cnt->drop[i];
	return n;
}

static void print_drops(const struct sr6_counters *cnt)
{
	for (unsigned i = 1; i < SR6_DROP__COUNT; i++)
		if (cnt->drop[i])
			fprintf(stderr, "  drop %s: %llu\n", sr6_drop_key[i],
				(unsigned long long)cnt->drop[i]);
}

/*
 * One run over n packets. Returns pipeline TSC cycles; *prep gets the
 * reset cycles. With insn, counts instructions of the pipeline only.
 */
static uint64_t run_once(struct rig *g, size_t n, uint64_t *prep, int insn)
{
	uint64_t pipe = 0, rst = 0;

	for (size_t done = 0; done < n; done += SR6_BATCH_MAX) {
		struct sr6_pkt **b =
		    &g->ring[(done / SR6_BATCH_MAX) % RING_BATCHES * SR6_BATCH_MAX];
		const struct var *v = &g->v[done];
		uint64_t t0 = bench_tsc(), t1, t2;

		for (unsigned i = 0; i < SR6_BATCH_MAX; i++)
			reset(g, b[i], &v[i]);
		if (insn)
			bench_insn_enable(insn_fd);
		t1 = bench_tsc();
		sr6_poller_process(g->pl, b, SR6_BATCH_MAX);
		sr6_poller_flush(g->pl);
		t2 = bench_tsc();
		if (insn)
			bench_insn_disable(insn_fd);
		g->pool->n_free = 0; /* the null driver gave them back; they stay ours */
		rst += t1 - t0;
		pipe += t2 - t1;
	}
	*prep = rst;
	return pipe;
}

/*
 * With SR6_PERF_CTL=CTL_FIFO,ACK_FIFO (perf record -D -1 --control
 * fifo:CTL_FIFO,ACK_FIFO), perf samples only the timed runs.
 */
static void perf_ctl(const char *cmd)
{
	static FILE *ctl, *ack;
	static int tried;
	char line[16];

	if (!tried) {
		const char *env = getenv("SR6_PERF_CTL");
		char path[512], *comma;

		tried = 1;
		if (!env)
			return;
		snprintf(path, sizeof(path), "%s", env);
		comma = strchr(path, ',');
		if (!comma)
			return;
		*comma = 0;
		ctl = fopen(path, "w");
		ack = fopen(comma + 1, "r");
	}
	if (!ctl || !ack)
		return;
	fprintf(ctl, "%s\n", cmd);
	fflush(ctl);
	if (!fgets(line, sizeof(line), ack))
		ack = NULL;
}

struct result {
	struct bench_stat cyc;
	double insn, prep;
	int ok;
};

static struct result measure(struct rig *g, const struct bcase *c, const struct world *wd,
			     int scale)
{
	struct result r = {.insn = -1};
	struct tpl tp;
	struct var *v = malloc(npkts * sizeof(*v));
	struct sr6_counters *cnt = g->pl->w.cnt;
	double cyc[MAXRUNS], prep[MAXRUNS];
	uint16_t next;
	const char *bad;

	if (!v) {
		fprintf(stderr, "core_bench: out of memory\n");
		exit(1);
	}
	build_template(c, &tp);
	make_vars(c, &tp, wd, v, npkts);
	g->tp = &tp;
	g->v = v;

	/* the first packet, through the pipeline alone, must come out right */
	reset(g, g->ring[0], &v[0]);
	sr6_pipeline_run(&g->pl->w, g->ring, 1, &next);
	bad = check_output(c, &tp, &v[0], g->ring[0], next, scale);
	if (bad) {
		fprintf(stderr, "core_bench: case %s: %s\n", c->name, bad);
		print_drops(cnt);
		failed = 1;
		free(v);
		return r;
	}
	perf_ctl("enable");
	for (unsigned k = 0; k < runs; k++) {
		uint64_t d0 = drops_total(cnt), tx0 = cnt->ifc[c->oif].tx_pkts, rst;
		uint64_t pipe = run_once(g, npkts, &rst, 0);

		if (drops_total(cnt) != d0 || cnt->ifc[c->oif].tx_pkts - tx0 != npkts) {
			fprintf(stderr, "core_bench: case %s: %llu of %zu sent, %llu dropped\n",
				c->name, (unsigned long long)(cnt->ifc[c->oif].tx_pkts - tx0),
				npkts, (unsigned long long)(drops_total(cnt) - d0));
			print_drops(cnt);
			perf_ctl("disable");
			failed = 1;
			free(v);
			return r;
		}
		cyc[k] = (double)pipe / (double)npkts;
		prep[k] = (double)rst / (double)npkts;
	}
	perf_ctl("disable");
	r.cyc = bench_stat_of(cyc, runs);
	r.prep = bench_stat_of(prep, runs).med;
	if (insn_fd >= 0) {
		uint64_t i0 = bench_insn_read(insn_fd), rst;

		run_once(g, npkts, &rst, 1);
		r.insn = (double)(bench_insn_read(insn_fd) - i0) / (double)npkts;
	}
	r.ok = 1;
	free(v);
	return r;
}

static void print_row(const char *name, const char *fib, const struct result *r)
{
	double ghz = bench_tsc_ghz();
	char insn[32] = "-";

	if (!r->ok) {
		printf("| %s | %s | FAILED (see stderr) | | | |\n", name, fib);
		fflush(stdout);
		return;
	}
	if (r->insn >= 0)
		snprintf(insn, sizeof(insn), "%.0f", r->insn);
	printf("| %s | %s | %.2f [%.2f-%.2f] | %.1f [%.1f-%.1f] | %s | %.1f |\n", name, fib,
	       ghz * 1e3 / r->cyc.med, ghz * 1e3 / r->cyc.max, ghz * 1e3 / r->cyc.min, r->cyc.med,
	       r->cyc.min, r->cyc.max, insn, r->prep);
	fflush(stdout);
}

static void rig_init(struct rig *g, struct bench_router *rt)
{
	memset(g, 0, sizeof(*g));
	g->rt = rt;
	g->pl = rt->ws.pl[0];
	g->pool = sr6_pkt_pool_create(RING);
	if (!g->pool) {
		fprintf(stderr, "core_bench: out of memory\n");
		exit(1);
	}
	for (unsigned i = 0; i < RING; i++)
		g->ring[i] = sr6_pkt_alloc(g->pool);
}

static void rig_fini(struct rig *g)
{
	g->pool->n_free = g->pool->size;
	sr6_pkt_pool_destroy(g->pool);
}

static const char *only;

static int selected(const char *name)
{
	return !only || !strcmp(only, name);
}

static void table_head(const char *fibcol)
{
	printf("| case | %s | Mpps | TSC cycles/pkt | instructions/pkt | prep cycles/pkt |\n",
	       fibcol);
	printf("|---|---:|---:|---:|---:|---:|\n");
}

static void main_table(const size_t *sizes, unsigned nsizes)
{
	table_head("FIB prefixes");
	for (unsigned s = 0; s < nsizes; s++) {
		struct world wd = {0};
		struct bench_router *rt;
		struct rig g;
		char fib[32];
		double t0 = bench_now();

		bench_seed(0x5eed + sizes[s]);
		rt = router_base();
		wd.n_dfz = sizes[s];
		wd.dfz = bench_gen_v6(wd.n_dfz);
		add_dfz(rt, wd.dfz, wd.n_dfz);
		fprintf(stderr, "core_bench: router with %zu DFZ prefixes built in %.1f s\n",
			wd.n_dfz, bench_now() - t0);
		snprintf(fib, sizeof(fib), "%zu", wd.n_dfz);
		rig_init(&g, rt);
		for (unsigned k = 0; k < N_CASES; k++) {
			struct result r;

			if (!selected(cases[k].name))
				continue;
			r = measure(&g, &cases[k], &wd, 0);
			print_row(cases[k].name, fib, &r);
		}
		if (zipf_rows && s == nsizes - 1) {
			struct zipf z;

			zipf_init(&z, wd.dfz, wd.n_dfz, ZIPF_S);
			wd.zipf = &z;
			for (unsigned k = 0; k < N_CASES; k++) {
				char name[64];
				struct result r;

				if (cases[k].var != VAR_DFZ || !selected(cases[k].name))
					continue;
				r = measure(&g, &cases[k], &wd, 0);
				snprintf(name, sizeof(name), "%s (Zipf %.1f)", cases[k].name,
					 ZIPF_S);
				print_row(name, fib, &r);
			}
			zipf_fini(&z);
		}
		rig_fini(&g);
		bench_router_destroy(rt);
		free(wd.dfz);
	}
}

/* H.Encaps with 4 SIDs as the number of steered prefixes grows. */
static void steer_table(const size_t *sizes, unsigned nsizes)
{
	const struct bcase *c = NULL;

	for (unsigned k = 0; k < N_CASES; k++)
		if (!strcmp(cases[k].name, "encaps4"))
			c = &cases[k];
	if (!selected(c->name))
		return;
	printf("\nStateless ingress: %s as steered prefixes grow (DFZ-like prefixes, "
	       "steered round-robin into min(N, %d) 4-SID policies; no DFZ routes besides)\n\n",
	       c->name, STEER_POLICIES);
	table_head("steered prefixes");
	for (unsigned s = 0; s < nsizes; s++) {
		struct world wd = {0};
		struct bench_router *rt;
		struct rig g;
		struct result r;
		char n[32];
		double t0 = bench_now();

		bench_seed(0x57ee + sizes[s]);
		rt = router_base();
		wd.n_steer = sizes[s];
		wd.steer = bench_gen_v6(wd.n_steer);
		add_steers(rt, wd.steer, wd.n_steer);
		fprintf(stderr, "core_bench: router with %zu steered prefixes built in %.1f s\n",
			wd.n_steer, bench_now() - t0);
		snprintf(n, sizeof(n), "%zu", wd.n_steer);
		rig_init(&g, rt);
		r = measure(&g, c, &wd, 1);
		print_row(c->name, n, &r);
		if (zipf_rows && s == nsizes - 1 && wd.n_steer > 1) {
			struct zipf z;
			char name[64];

			zipf_init(&z, wd.steer, wd.n_steer, ZIPF_S);
			wd.zipf = &z;
			r = measure(&g, c, &wd, 1);
			snprintf(name, sizeof(name), "%s (Zipf %.1f)", c->name, ZIPF_S);
			print_row(name, n, &r);
			zipf_fini(&z);
		}
		rig_fini(&g);
		bench_router_destroy(rt);
		free(wd.steer);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: core_bench [--quick] [--case NAME] [--fib N] [--steer N] [--runs N]\n"
		   "                  [--packets N] [--cpu N] [--callgrind] [--list]\n");
}

int main(int argc, char **argv)
{
	size_t fib[] = {1000, 1000000}, steer[] = {1, 10000, 1000000};
	unsigned nfib = 2, nsteer = 3;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int cpu = ncpu > 1 ? (int)ncpu - 1 : 0, callgrind = 0, steer_given = 0, nice_val, rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--quick")) {
			runs = 1;
			npkts = 1u << 16;
			nfib = 1;
			nsteer = 2;
		} else if (!strcmp(a, "--callgrind")) {
			callgrind = 1;
		} else if (!strcmp(a, "--list")) {
			for (unsigned k = 0; k < N_CASES; k++)
				printf("%-12s %s [%s]\n", cases[k].name, cases[k].what,
				       var_name[cases[k].var]);
			return 0;
		} else if (val && !strcmp(a, "--case")) {
			only = val;
			i++;
		} else if (val && !strcmp(a, "--fib")) {
			fib[0] = strtoul(val, NULL, 0);
			nfib = 1;
			i++;
		} else if (val && !strcmp(a, "--steer")) {
			steer[0] = strtoul(val, NULL, 0);
			nsteer = 1;
			steer_given = 1;
			i++;
		} else if (val && !strcmp(a, "--runs")) {
			runs = (unsigned)strtoul(val, NULL, 0);
			i++;
		} else if (val && !strcmp(a, "--packets")) {
			npkts = strtoul(val, NULL, 0);
			i++;
		} else if (val && !strcmp(a, "--cpu")) {
			cpu = atoi(val);
			i++;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (only) {
		unsigned k;

		for (k = 0; k < N_CASES && strcmp(cases[k].name, only); k++)
			;
		if (k == N_CASES) {
			fprintf(stderr, "core_bench: no case '%s' (--list)\n", only);
			return 2;
		}
	}
	zipf_rows = !only && !callgrind;
	if (callgrind) {
		runs = 1;
		nfib = 1;
		if (npkts == 1u << 20)
			npkts = 1u << 16;
	}
	if (runs < 1 || runs > MAXRUNS || npkts < SR6_BATCH_MAX) {
		fprintf(stderr, "core_bench: --runs 1..%d, --packets >= %d\n", MAXRUNS,
			SR6_BATCH_MAX);
		return 2;
	}
	npkts -= npkts % SR6_BATCH_MAX;
	if ((rc = bench_pin(cpu)) < 0)
		fprintf(stderr, "core_bench: cannot pin to CPU %d: %s\n", cpu, strerror(-rc));
	if (!callgrind)
		insn_fd = bench_insn_open();
	nice_val = bench_nice();
	bench_print_machine(stdout);
	printf("Pinned to CPU %d, nice %d; %u run(s) of %zu packets per case; batches of %d; "
	       "instructions/packet: %s\n\n",
	       cpu, nice_val, runs, npkts, SR6_BATCH_MAX,
	       insn_fd >= 0 ? "perf_event_open, user space, pipeline only"
	       : callgrind  ? "see callgrind"
			    : "no counter on this machine");
	printf("Mpps and TSC cycles/pkt: sr6_poller_process + sr6_poller_flush per batch, median "
	       "[min-max];\nprep = resetting the batch from the template (not included).\n\n");
	main_table(fib, nfib);
	if (!callgrind || steer_given)
		steer_table(steer, nsteer);
	if (insn_fd >= 0)
		close(insn_fd);
	return failed;
}
