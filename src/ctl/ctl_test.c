// SPDX-License-Identifier: MIT
/*
 * The operator's side of the control plane, without sockets or threads:
 * config lines run through sr6_ctl_exec on a dataplane with no backends
 * (check mode), packets through sr6_pipeline_run on one worker.
 *
 *   running-config ─► a second ctl loads it ─► same running-config, same shows
 *   trace add 2 ─► 3 packets ─► 2 records: lookup/SID/lookup steps, tx or drop
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/bytes.h"
#include "ctl/cmd.h"
#include "ctl/log.h"
#include "ctl/metrics.h"
#include "ctl/table.h"
#include "dp/trace.h"

/* A ctl over a fresh dataplane, with one worker's counters to count into. */
struct rig {
	struct sr6_dp *dp;
	struct sr6_ctl ctl;
	struct sr6_worker w;
	struct sr6_pkt_pool *pool;
	struct sr6_counters *cnt[1];
	struct sr6_reply r;
};

static int rig_init(struct rig *g)
{
	memset(g, 0, sizeof(*g));
	g->dp = sr6_dp_create();
	g->pool = sr6_pkt_pool_create(16);
	if (!g->dp || !g->pool || sr6_worker_init(&g->w, g->dp, 0, g->pool) < 0)
		return -1;
	sr6_ctl_init(&g->ctl, g->dp, true);
	g->cnt[0] = g->w.cnt;
	g->ctl.counters = g->cnt;
	g->ctl.n_counters = 1;
	return 0;
}

static void rig_fini(struct rig *g)
{
	sr6_reply_free(&g->r);
	sr6_ctl_fini(&g->ctl);
	sr6_worker_fini(&g->w);
	sr6_dp_destroy(g->dp);
	sr6_pkt_pool_destroy(g->pool);
}

/* Run lines; the number of the first that fails, 0 when all pass. */
static int run(struct rig *g, const char *lines)
{
	char *copy = strdup(lines), *save = NULL;
	int n = 0, bad = 0;
	for (char *l = strtok_r(copy, "\n", &save); l && !bad; l = strtok_r(NULL, "\n", &save)) {
		n++;
		if (sr6_ctl_exec(&g->ctl, l, &g->r) < 0) {
			fprintf(stderr, "line %d '%s': %s\n", n, l, g->r.buf);
			bad = n;
		}
	}
	free(copy);
	return bad;
}

/* Output of a show (malloc'ed). */
static char *show(struct rig *g, const char *what)
{
	if (sr6_ctl_exec(&g->ctl, what, &g->r) < 0)
		return strdup("(error)");
	return strdup(g->r.buf ? g->r.buf : "");
}

static void table_aligns_columns_to_the_widest_cell(void)
{
	struct sr6_table t;
	struct sr6_reply r = {0};
	sr6_table_init(&t, "name packets note", "lrl");
	sr6_table_cell(&t, "%s", "a");
	sr6_table_cell(&t, "%d", 5);
	sr6_table_cell(&t, "%s", "");
	sr6_table_cell(&t, "%s", "longer-name");
	sr6_table_cell(&t, "%d", 12345);
	sr6_table_cell(&t, "%s", "x");
	sr6_table_print(&t, &r);
	CHECK(strcmp(r.buf, "name         packets  note\n"
			    "a                  5  -\n"
			    "longer-name    12345  x\n") == 0);
	sr6_reply_free(&r);
}

static const char config[] = "interface add wan driver null linktype raw\n"
			     "interface add lan driver null mtu 9000 mac 02:00:00:00:00:0a\n"
			     "encap source 2001:db8:1::1\n"
			     "address add 2001:db8:1::1/64 dev wan\n"
			     "address add 2001:db8:2::1/64 dev lan\n"
			     "neighbor add 2001:db8:2::2 lladdr 02:00:00:00:00:02 dev lan\n"
			     "route add fc00:7::/32 via 2001:db8:2::2\n"
			     "route add table 5 2001:db8:9::/48 dev lan\n"
			     "route add blackhole 2001:db8:dead::/48\n"
			     "route add 2001:db8:400::/48 encap seg6 mode encap segs fc00:7::1\n"
			     "policy add P bsid fc00:9::1 segs fc00:7::1,fc00:7::2 weight 2 "
			     "segs fc00:7::3\n"
			     "sid add fc00:5::1 action End\n"
			     "sid add fc00:5::2 action End.X nh6 2001:db8:2::2\n"
			     "sid add fc00:5::3 action End.DT6 table 5\n"
			     "sid add fc00:5::4 action End.B6.Encaps policy P\n"
			     "steer add 2001:db8:200::/48 policy P\n";

static void running_config_reloads_into_the_same_config(void)
{
	struct rig a, b;
	CHECK(rig_init(&a) == 0 && rig_init(&b) == 0);
	CHECK_EQ(run(&a, config), 0);
	char *dump = show(&a, "show running-config");
	CHECK(strstr(dump, "policy add P bsid fc00:9::1 mode encap segs fc00:7::1,fc00:7::2 "
			   "weight 2 segs fc00:7::3\n"));
	CHECK(!strstr(dump, "fc00:9::1/128"));	 /* the binding SID comes with its policy */
	CHECK(!strstr(dump, "2001:db8:1::/64")); /* connected routes come with addresses */
	CHECK(strstr(dump, "steer add 2001:db8:200::/48 policy P\n"));
	CHECK_EQ(run(&b, dump), 0);
	static const char *const shows[] = {"show running-config", "show routes",
					    "show sids",	   "show policies",
					    "show interfaces",	   "show neighbors"};
	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++) {
		char *x = show(&a, shows[i]), *y = show(&b, shows[i]);
		int same = strcmp(x, y) == 0;
		if (!same)
			fprintf(stderr, "%s:\n%s---\n%s", shows[i], x, y);
		free(x);
		free(y);
		CHECK(same);
	}
	free(dump);
	rig_fini(&a);
	rig_fini(&b);
}

static void policy_del_force_takes_its_steers_and_sids(void)
{
	struct rig g;
	CHECK(rig_init(&g) == 0);
	CHECK_EQ(run(&g, config), 0);
	CHECK(sr6_ctl_exec(&g.ctl, "policy del P", &g.r) < 0);
	CHECK(strstr(g.r.buf, "used by 1 steer(s) and 1 SID(s)"));
	CHECK_EQ(run(&g, "policy del P force"), 0);
	char *dump = show(&g, "show running-config");
	CHECK(!strstr(dump, "policy P") && !strstr(dump, "fc00:5::4") &&
	      !strstr(dump, "2001:db8:200"));
	CHECK(strstr(dump, "sid add fc00:5::1/128 action End\n"));
	free(dump);
	char *routes = show(&g, "show routes");
	CHECK(!strstr(routes, "fc00:9::1")); /* its binding SID went too */
	free(routes);
	rig_fini(&g);
}

/*
 * route replace swaps a route's next hop (plain to encap and back, the old
 * encap freed: ASan), adds a missing route, and leaves alone what other
 * commands own: an address's routes, a SID, a steer.
 */
/*
 * 40 policies (the list is reallocated twice on the way), some deleted
 * (the last one moves into each hole), one re-added: every line that names
 * a policy finds exactly the ones that exist.
 */
static void policy_names_resolve_after_adds_deletes_and_moves(void)
{
	struct rig g;
	char line[160];
	CHECK(rig_init(&g) == 0);
	CHECK_EQ(run(&g, "encap source 2001:db8:1::1"), 0);
	for (int i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "policy add P%d segs fc00:7::%x", i, i + 1);
		CHECK_EQ(run(&g, line), 0);
	}
	CHECK_EQ(run(&g, "policy del P0\npolicy del P17\npolicy del P39\npolicy del P38"), 0);
	CHECK_EQ(g.ctl.n_policies, 36);
	CHECK(sr6_ctl_exec(&g.ctl, "policy del P17", &g.r) < 0);
	CHECK(strstr(g.r.buf, "no policy 'P17'"));
	CHECK_EQ(run(&g, "policy add P17 segs fc00:8::17"), 0); /* back, at the end */
	CHECK_EQ(sr6_ctl_policy_find(&g.ctl, "P17"), 36);
	for (int i = 0; i < 40; i++) {
		char name[8];
		bool gone = i == 0 || i == 38 || i == 39;
		snprintf(name, sizeof(name), "P%d", i);
		snprintf(line, sizeof(line), "steer add 2001:db8:%x::/48 policy %s", i, name);
		CHECK_EQ(sr6_ctl_exec(&g.ctl, line, &g.r) < 0, gone);
		int pi = sr6_ctl_policy_find(&g.ctl, name);
		CHECK_EQ(pi < 0, gone);
		if (gone)
			CHECK(strstr(g.r.buf, "no policy"));
		else
			CHECK(strcmp(g.ctl.policies[pi].name, name) == 0);
	}
	char *dump = show(&g, "show running-config");
	CHECK(strstr(dump, "policy add P17 mode encap segs fc00:8::17\n"));
	CHECK(strstr(dump, "steer add 2001:db8:11::/48 policy P17\n"));
	CHECK(strstr(dump, "steer add 2001:db8:25::/48 policy P37\n"));
	CHECK(!strstr(dump, "policy P0\n") && !strstr(dump, "policy add P39"));
	free(dump);
	rig_fini(&g);
}

/*
 * `encap source` rebuilds the policies that take it. Their names must come
 * from the list as it is now: with 40 policies the list has moved since
 * the first ones were added, and a steer is told from an anonymous encap
 * route by its policy's name.
 */
static void encap_source_rebuild_keeps_policy_names(void)
{
	struct rig g;
	char line[160];
	CHECK(rig_init(&g) == 0);
	CHECK_EQ(run(&g, "encap source 2001:db8:1::1"), 0);
	for (int i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "policy add P%d segs fc00:7::%x", i, i + 1);
		CHECK_EQ(run(&g, line), 0);
	}
	CHECK_EQ(run(&g, "steer add 2001:db8:200::/48 policy P0\n"
			 "policy del P1\n"
			 "encap source 2001:db8:1::2"),
		 0);
	char *routes = show(&g, "show routes");
	CHECK(strstr(routes, "policy P0"));
	CHECK(strstr(routes, "2001:db8:200::/48"));
	free(routes);
	char *dump = show(&g, "show running-config");
	CHECK(strstr(dump, "steer add 2001:db8:200::/48 policy P0\n"));
	free(dump);
	const struct sr6_policy *pol =
	    sr6_fib_nh(g.dp->fib, g.ctl.policies[sr6_ctl_policy_find(&g.ctl, "P39")].nh)->obj;
	CHECK(strcmp(pol->name, "P39") == 0); /* moved into P1's place, then rebuilt */
	rig_fini(&g);
}

/*
 * Words live in the line's inline buffer up to 255 bytes and in a malloc'ed
 * one beyond: a 16-segment `policy add` (about 400 bytes) parses the same.
 */
static void long_lines_split_like_short_ones(void)
{
	struct rig g;
	char line[1024], segs[600] = "";
	CHECK(rig_init(&g) == 0);
	for (int i = 0; i < 16; i++)
		snprintf(segs + strlen(segs), sizeof(segs) - strlen(segs), "%sfc00:1234:5678::%x",
			 i ? "," : "", i + 1);
	snprintf(line, sizeof(line), "policy add LONG src 2001:db8:1::1 segs %s   # a comment",
		 segs);
	CHECK(strlen(line) > 256);
	CHECK_EQ(run(&g, line), 0);
	char *dump = show(&g, "show running-config");
	CHECK(strstr(dump, "policy add LONG src 2001:db8:1::1 mode encap segs fc00:1234:5678::1,"));
	CHECK(strstr(dump, ",fc00:1234:5678::10\n"));
	free(dump);
	CHECK(sr6_ctl_exec(&g.ctl, "route add 2001:db8::/32 via", &g.r) < 0); /* short, bad */
	CHECK(sr6_ctl_exec(&g.ctl, line, &g.r) == 0); /* same name: a replace */
	rig_fini(&g);
}

static void route_replace_swaps_routes_and_keeps_what_others_own(void)
{
	struct rig g;
	CHECK(rig_init(&g) == 0);
	CHECK_EQ(run(&g, config), 0);
	CHECK_EQ(run(&g, "route replace fc00:7::/32 encap seg6 mode encap segs fc00:8::1 "
			 "segs fc00:8::2\n"
			 "route replace fc00:7::/32 encap seg6 mode encap.red segs fc00:8::3\n"
			 "route replace 2001:db8:400::/48 via 2001:db8:2::2\n"
			 "route replace table 9 2001:db8:500::/48 dev lan"),
		 0);
	char *routes = show(&g, "show running-config");
	CHECK(strstr(routes, "route add fc00:7::/32 encap seg6 mode encap.red segs fc00:8::3\n"));
	CHECK(strstr(routes, "route add 2001:db8:400::/48 via 2001:db8:2::2 dev lan\n"));
	CHECK(strstr(routes, "route add table 9 2001:db8:500::/48 dev lan\n"));
	free(routes);
	static const char *const refused[] = {
		"route replace 2001:db8:1::/64 via 2001:db8:2::2",  /* connected */
		"route replace 2001:db8:1::1/128 via 2001:db8:2::2", /* local */
		"route replace fc00:5::1/128 via 2001:db8:2::2",     /* a SID */
		"route replace 2001:db8:200::/48 via 2001:db8:2::2", /* a steer */
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		CHECK(sr6_ctl_exec(&g.ctl, refused[i], &g.r) == -EPERM);
		CHECK(strstr(g.r.buf, "use "));
	}
	rig_fini(&g);
}

/* IPv6 2001:db8:1::2 -> fc00:5::1, SRH [fc00:5::1, fc00:7::9] SL 1, UDP 1000 > 2000. */
static size_t end_packet(uint8_t *b, uint8_t hlim)
{
	static const uint8_t seg_last[16] = {0xfc, 0, 0, 7, [15] = 9};
	static const uint8_t sid[16] = {0xfc, 0, 0, 5, [15] = 1};
	static const uint8_t src[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2};
	size_t n = 40 + 40 + 8;
	memset(b, 0, n);
	b[0] = 0x60;
	sr6_put_be16(b + 4, (uint16_t)(n - 40));
	b[6] = 43;
	b[7] = hlim;
	memcpy(b + 8, src, 16);
	memcpy(b + 24, sid, 16);
	uint8_t *srh = b + 40;
	srh[0] = 17;
	srh[1] = 4;
	srh[2] = 4;
	srh[3] = 1; /* segments left */
	srh[4] = 1; /* last entry */
	memcpy(srh + 8, seg_last, 16);
	memcpy(srh + 24, sid, 16);
	uint8_t *udp = b + 80;
	sr6_put_be16(udp, 1000);
	sr6_put_be16(udp + 2, 2000);
	sr6_put_be16(udp + 4, 8);
	return n;
}

static void trace_records_armed_packets_only(void)
{
	struct rig g;
	CHECK(rig_init(&g) == 0);
	CHECK_EQ(run(&g, config), 0);
	CHECK_EQ(run(&g, "trace add 2 interface wan"), 0);
	struct sr6_pkt *pkts[3];
	uint16_t next[3];
	for (int i = 0; i < 3; i++) {
		pkts[i] = sr6_pkt_alloc(g.pool);
		CHECK(pkts[i]);
		pkts[i]->len = (uint32_t)end_packet(pkts[i]->data, i == 1 ? 1 : 64);
		pkts[i]->rx_if = 0;
	}
	sr6_pipeline_run(&g.w, pkts, 3, next);
	CHECK_EQ(next[0], 1); /* out lan */
	const struct sr6_trace_ring *ring = g.dp->trace->ring[0];
	CHECK_EQ(ring->head, 2); /* the budget was 2 */
	const struct sr6_trace_rec *rec = &ring->rec[0];
	CHECK_EQ(rec->n_steps, 3);
	CHECK_EQ(rec->step[0].what, SR6_TR_LOOKUP);
	CHECK_EQ(rec->step[0].a, SR6_NH_SID);
	CHECK_EQ(rec->step[1].what, SR6_TR_SID);
	CHECK_EQ(rec->step[1].a, SR6_BEH_END);
	CHECK_EQ(rec->step[2].a, SR6_NH_FORWARD);
	CHECK_EQ(rec->step[2].addr.b[15], 9); /* the new DA, fc00:7::9 */
	CHECK_EQ(rec->next, 1);
	CHECK(rec->flags & SR6_TRF_OUT_L2); /* lan is Ethernet */
	CHECK_EQ(rec->out[14 + 7], 63);	    /* hop limit on the way out */
	CHECK(!(pkts[0]->flags & SR6_PKT_F_TRACE));
	char *text = show(&g, "show trace");
	CHECK(strstr(text, "Packet 1  worker 0  rx wan"));
	CHECK(strstr(text, "lookup fc00:5::1 (pass 0) -> sid fc00:5::1/128"));
	CHECK(strstr(text, "sid End -> lookup6"));
	CHECK(strstr(text, "out  lan 102 B  eth 02:00:00:00:00:0a > 02:00:00:00:00:02 | "
			   "IPv6 2001:db8:1::2 > fc00:7::9 hlim 63"));
	CHECK(strstr(text, "Packet 2"));
	CHECK(!strstr(text, "Packet 3"));
	free(text);
	for (int i = 0; i < 3; i++)
		sr6_pkt_free(pkts[i]);
	CHECK_EQ(run(&g, "trace clear"), 0);
	CHECK_EQ(g.dp->trace->ring[0]->head, 0);
	rig_fini(&g);
}

static void trace_summary_reads_nested_headers(void)
{
	uint8_t b[128];
	struct sr6_reply r = {0};
	size_t n = end_packet(b, 64);
	sr6_ctl_trace_summary(b, (uint32_t)n, false, &r);
	CHECK(strcmp(r.buf, "IPv6 2001:db8:1::2 > fc00:5::1 hlim 64 plen 48 | SRH sl 1 le 1 "
			    "[fc00:5::1,fc00:7::9] | UDP 1000 > 2000") == 0);
	sr6_reply_clear(&r);
	sr6_ctl_trace_summary(b, 50, false, &r); /* cut inside the SRH */
	CHECK(strstr(r.buf, "| ..."));
	sr6_reply_free(&r);
}

static void clear_counters_moves_the_zero_not_the_counters(void)
{
	struct rig g;
	CHECK(rig_init(&g) == 0);
	CHECK_EQ(run(&g, config), 0);
	g.w.cnt->drop[SR6_DROP_IP6_HOP_LIMIT] = 7;
	g.w.cnt->ifc[0].rx_pkts = 9;
	CHECK_EQ(run(&g, "clear counters"), 0);
	CHECK_EQ(g.w.cnt->drop[SR6_DROP_IP6_HOP_LIMIT], 7); /* worker memory untouched */
	g.w.cnt->drop[SR6_DROP_IP6_HOP_LIMIT] = 10;
	char *json = show(&g, "show counters --json");
	CHECK(strstr(json, "\"ip6_hop_limit\":3"));
	CHECK(strstr(json, "\"rx_packets\":0"));
	free(json);
	struct sr6_reply m = {0};
	sr6_metrics_render(&g.ctl, &m);
	CHECK(strstr(m.buf, "srv6d_drops_total{reason=\"ip6_hop_limit\"} 10\n"));
	CHECK(strstr(m.buf, "# TYPE srv6d_policy_list_packets_total counter\n"));
	CHECK(strstr(m.buf, "srv6d_policy_list_packets_total{policy=\"P\",list=\"1\"} 0\n"));
	CHECK(strstr(m.buf, "srv6d_sid_packets_total{sid=\"fc00:5::1/128\",behavior=\"End\"} 0\n"));
	sr6_reply_free(&m);
	rig_fini(&g);
}

static void log_escape_shows_control_bytes(void)
{
	char out[64];
	CHECK(strcmp(sr6_log_escape("ok\n\x01\\", out, sizeof(out)), "ok\\x0a\\x01\\x5c") == 0);
}

SR6_TESTS(T(table_aligns_columns_to_the_widest_cell),
	  T(running_config_reloads_into_the_same_config),
	  T(policy_del_force_takes_its_steers_and_sids),
	  T(policy_names_resolve_after_adds_deletes_and_moves),
	  T(encap_source_rebuild_keeps_policy_names), T(long_lines_split_like_short_ones),
	  T(route_replace_swaps_routes_and_keeps_what_others_own),
	  T(trace_records_armed_packets_only), T(trace_summary_reads_nested_headers),
	  T(clear_counters_moves_the_zero_not_the_counters), T(log_escape_shows_control_bytes))
