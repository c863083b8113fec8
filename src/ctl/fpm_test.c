// SPDX-License-Identifier: MIT
/*
 * The FPM server without a socket: frames as zebra's dplane_fpm_nl builds
 * them (4-byte header, netlink route messages) go into sr6_fpm_input, and
 * what srv6d made of them is read back with `show routes|sids --json`.
 *
 *   frame: 01 01 LL LL | nlmsghdr | rtmsg | RTA_DST | RTA_GATEWAY | RTA_OIF | ...
 *                                         | RTA_ENCAP_TYPE | RTA_ENCAP { SEG6_* }
 *
 * The router: e1 (kernel device veth1, ifindex 11) on 2001:db8:1::/64,
 * e2 (veth2, ifindex 12) on 2001:db8:2::/64 and 192.0.2.0/24; ifindex 13
 * is a kernel device (dum0) srv6d has no interface for.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/lwtunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/seg6.h>
#include <linux/seg6_iptunnel.h>
#include <linux/seg6_local.h>

#include "check.h"
#include "ctl/cmd.h"
#include "ctl/fpm.h"
#include "ctl/log.h"
#include "ctl/metrics.h"

#define SEC 1000000000ull

struct rig {
	struct sr6_dp *dp;
	struct sr6_ctl ctl;
	struct sr6_worker w;
	struct sr6_pkt_pool *pool;
	struct sr6_counters *cnt[1];
	struct sr6_fpm f;
	struct sr6_reply r;
	uint64_t now;
};

static const char *fake_ifname(unsigned ifindex, char *buf)
{
	static const char *const names[] = {[11] = "veth1", [12] = "veth2", [13] = "dum0"};
	if (ifindex >= sizeof(names) / sizeof(names[0]) || !names[ifindex])
		return NULL;
	strcpy(buf, names[ifindex]);
	return buf;
}

static const char router[] = "interface add e1 driver null dev veth1\n"
			     "interface add e2 driver null dev veth2\n"
			     "encap source 2001:db8:1::1\n"
			     "address add 2001:db8:1::1/64 dev e1\n"
			     "address add 2001:db8:2::1/64 dev e2\n"
			     "address add 192.0.2.1/24 dev e2\n";

static int run(struct rig *g, const char *lines)
{
	char *copy = strdup(lines), *save = NULL;
	int bad = 0;
	for (char *l = strtok_r(copy, "\n", &save); l && !bad; l = strtok_r(NULL, "\n", &save))
		if (sr6_ctl_exec(&g->ctl, l, &g->r) < 0) {
			fprintf(stderr, "'%s': %s\n", l, g->r.buf);
			bad = 1;
		}
	free(copy);
	return bad;
}

static int rig_init(struct rig *g)
{
	memset(g, 0, sizeof(*g));
	sr6_log_setup(false, SR6_LOG_ERROR);
	g->dp = sr6_dp_create();
	g->pool = sr6_pkt_pool_create(16);
	if (!g->dp || !g->pool || sr6_worker_init(&g->w, g->dp, 0, g->pool) < 0)
		return -1;
	sr6_ctl_init(&g->ctl, g->dp, true);
	g->cnt[0] = g->w.cnt;
	g->ctl.counters = g->cnt;
	g->ctl.n_counters = 1;
	if (sr6_fpm_init(&g->f, &g->ctl) < 0 || run(g, router))
		return -1;
	g->f.ifname = fake_ifname;
	g->now = 100 * SEC;
	sr6_fpm_connected(&g->f, g->now);
	return 0;
}

static void rig_fini(struct rig *g)
{
	sr6_fpm_close(&g->f);
	sr6_reply_free(&g->r);
	sr6_ctl_fini(&g->ctl);
	sr6_worker_fini(&g->w);
	sr6_dp_destroy(g->dp);
	sr6_pkt_pool_destroy(g->pool);
}

/* Does `cmd`'s output contain needle? (prints the output when not) */
static bool shows(struct rig *g, const char *cmd, const char *needle)
{
	if (sr6_ctl_exec(&g->ctl, cmd, &g->r) < 0 || !g->r.buf) {
		fprintf(stderr, "%s: %s\n", cmd, g->r.buf ? g->r.buf : "(nothing)");
		return false;
	}
	if (strstr(g->r.buf, needle))
		return true;
	fprintf(stderr, "%s has no\n    %s\nit says:\n%s\n", cmd, needle, g->r.buf);
	return false;
}

static bool lacks(struct rig *g, const char *cmd, const char *needle)
{
	if (sr6_ctl_exec(&g->ctl, cmd, &g->r) < 0 || !g->r.buf)
		return false;
	if (!strstr(g->r.buf, needle))
		return true;
	fprintf(stderr, "%s has (it must not)\n    %s\nit says:\n%s\n", cmd, needle, g->r.buf);
	return false;
}

/* A byte stream of FPM frames, built in place. */
struct stream {
	uint8_t b[16384];
	size_t len, frame, msg;
};

static void frame_begin(struct stream *s)
{
	s->frame = s->len;
	s->len += 4;
}

static void frame_end(struct stream *s)
{
	size_t n = s->len - s->frame;
	uint8_t h[4] = {1, 1, (uint8_t)(n >> 8), (uint8_t)n};
	memcpy(s->b + s->frame, h, 4);
}

static void msg_begin(struct stream *s, uint16_t type, uint8_t family, uint8_t dst_len,
		      uint8_t rtype)
{
	struct nlmsghdr h = {.nlmsg_type = type, .nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE};
	struct rtmsg r = {.rtm_family = family,
			  .rtm_dst_len = dst_len,
			  .rtm_table = RT_TABLE_MAIN,
			  .rtm_protocol = RTPROT_STATIC,
			  .rtm_type = rtype};
	s->msg = s->len;
	memcpy(s->b + s->len, &h, sizeof(h));
	memcpy(s->b + s->len + sizeof(h), &r, sizeof(r));
	s->len += sizeof(h) + sizeof(r);
}

static void msg_end(struct stream *s)
{
	uint32_t n = (uint32_t)(s->len - s->msg);
	memcpy(s->b + s->msg, &n, 4);
}

static size_t attr(struct stream *s, uint16_t type, const void *data, size_t n)
{
	size_t off = s->len;
	uint16_t l = (uint16_t)(NLA_HDRLEN + n);
	memcpy(s->b + off, &l, 2);
	memcpy(s->b + off + 2, &type, 2);
	if (n)
		memcpy(s->b + off + NLA_HDRLEN, data, n);
	memset(s->b + off + l, 0, NLA_ALIGN(l) - l);
	s->len += NLA_ALIGN(l);
	return off;
}

static void attr32(struct stream *s, uint16_t type, uint32_t v)
{
	attr(s, type, &v, 4);
}

static void attr6(struct stream *s, uint16_t type, const char *a)
{
	uint8_t b[16];
	inet_pton(AF_INET6, a, b);
	attr(s, type, b, 16);
}

static void attr4(struct stream *s, uint16_t type, const char *a)
{
	uint8_t b[4];
	inet_pton(AF_INET, a, b);
	attr(s, type, b, 4);
}

static size_t nest(struct stream *s, uint16_t type)
{
	return attr(s, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct stream *s, size_t off)
{
	uint16_t l = (uint16_t)(s->len - off);
	memcpy(s->b + off, &l, 2);
}

/* One whole frame with one route message: a plain IPv6 route. */
static void route6(struct stream *s, uint16_t type, const char *dst, uint8_t len, const char *gw,
		   uint32_t oif)
{
	frame_begin(s);
	msg_begin(s, type, AF_INET6, len, type == RTM_DELROUTE ? RTN_UNSPEC : RTN_UNICAST);
	attr6(s, RTA_DST, dst);
	attr32(s, RTA_PRIORITY, 20);
	if (gw)
		attr6(s, RTA_GATEWAY, gw);
	if (oif)
		attr32(s, RTA_OIF, oif);
	msg_end(s);
	frame_end(s);
}

/* RTA_ENCAP_TYPE + RTA_ENCAP for seg6: segs in travel order; slot0: iproute2's inline slot. */
static void seg6(struct stream *s, int mode, const char *const *segs, unsigned n, bool slot0)
{
	uint16_t et = LWTUNNEL_ENCAP_SEG6;
	uint8_t buf[4 + 8 + 16 * 17] = {0};
	unsigned entries = n + (slot0 ? 1 : 0);
	memcpy(buf, &mode, 4);
	buf[4 + 1] = (uint8_t)(2 * entries); /* Hdr Ext Len */
	buf[4 + 2] = 4;			     /* SRH */
	buf[4 + 3] = (uint8_t)(entries - 1); /* Segments Left */
	buf[4 + 4] = (uint8_t)(entries - 1); /* Last Entry */
	for (unsigned i = 0; i < n; i++)     /* segments[0] is the last segment */
		inet_pton(AF_INET6, segs[i], buf + 12 + 16 * (entries - 1 - i));
	attr(s, RTA_ENCAP_TYPE, &et, 2);
	size_t e = nest(s, RTA_ENCAP);
	attr(s, SEG6_IPTUNNEL_SRH, buf, 4 + 8 + 16 * entries);
	nest_end(s, e);
}

static void seg6_route(struct stream *s, const char *dst, uint8_t len, int mode,
		       const char *const *segs, unsigned n)
{
	frame_begin(s);
	msg_begin(s, RTM_NEWROUTE, AF_INET6, len, RTN_UNICAST);
	attr6(s, RTA_DST, dst);
	seg6(s, mode, segs, n, false);
	attr32(s, RTA_OIF, 12);
	msg_end(s);
	frame_end(s);
}

/* A seg6local route's head, up to the start of RTA_ENCAP's payload (close with sid_end). */
static size_t sid_begin(struct stream *s, const char *sid, uint8_t len, uint32_t action)
{
	uint16_t et = LWTUNNEL_ENCAP_SEG6_LOCAL;
	frame_begin(s);
	msg_begin(s, RTM_NEWROUTE, AF_INET6, len, RTN_UNICAST);
	attr6(s, RTA_DST, sid);
	attr(s, RTA_ENCAP_TYPE, &et, 2);
	size_t e = nest(s, RTA_ENCAP);
	attr32(s, SEG6_LOCAL_ACTION, action);
	return e;
}

static void sid_end(struct stream *s, size_t e, uint32_t oif)
{
	nest_end(s, e);
	if (oif)
		attr32(s, RTA_OIF, oif);
	msg_end(s);
	frame_end(s);
}

static int feed(struct rig *g, struct stream *s)
{
	int rc = sr6_fpm_input(&g->f, s->b, s->len, g->now);
	s->len = 0;
	return rc;
}

static const char *const two[] = {"fc00:1::1", "fc00:2::2"};

static void v6_route_via_gateway_and_oif_becomes_a_forward_route(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:100::/48\",\"type\":\"forward\","
		    "\"via\":\"2001:db8:2::2\",\"dev\":\"e2\""));
	CHECK_EQ(g.f.st.added, 1);
	CHECK_EQ(g.f.own_routes, 1);
	/* FRR's routes are not configuration: running-config leaves them out */
	CHECK(lacks(&g, "show running-config", "2001:db8:100::/48"));
	rig_fini(&g);
}

static void v4_route_in_a_vrf_table_via_gateway(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	frame_begin(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET, 24, RTN_UNICAST);
	attr4(&s, RTA_DST, "198.51.100.0");
	attr32(&s, RTA_TABLE, 10);
	attr4(&s, RTA_GATEWAY, "192.0.2.2");
	attr32(&s, RTA_OIF, 12);
	msg_end(&s);
	/* the same route in main, gateway alone: srv6d finds the interface */
	msg_begin(&s, RTM_NEWROUTE, AF_INET, 24, RTN_UNICAST);
	attr4(&s, RTA_DST, "198.51.100.0");
	attr4(&s, RTA_GATEWAY, "192.0.2.3");
	msg_end(&s);
	frame_end(&s);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show routes --json",
		    "{\"table\":10,\"prefix\":\"198.51.100.0/24\","
		    "\"type\":\"forward\",\"via\":\"192.0.2.2\",\"dev\":\"e2\""));
	CHECK(shows(&g, "show routes --json",
		    "{\"table\":0,\"prefix\":\"198.51.100.0/24\","
		    "\"type\":\"forward\",\"via\":\"192.0.2.3\",\"dev\":\"e2\""));
	CHECK_EQ(g.f.st.added, 2);
	rig_fini(&g);
}

static void onlink_blackhole_and_unreachable_routes(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	route6(&s, RTM_NEWROUTE, "2001:db8:200::", 48, NULL, 11);
	frame_begin(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET6, 48, RTN_BLACKHOLE);
	attr6(&s, RTA_DST, "2001:db8:201::");
	msg_end(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET6, 48, RTN_PROHIBIT);
	attr6(&s, RTA_DST, "2001:db8:202::");
	msg_end(&s);
	frame_end(&s);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:200::/48\",\"type\":\"forward\",\"dev\":\"e1\""));
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:201::/48\",\"type\":\"blackhole\""));
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:202::/48\",\"type\":\"unreachable\""));
	rig_fini(&g);
}

/*
 * zebra's update: DELROUTE + NEWROUTE of the same prefix in one frame. It
 * is one `route replace`: the route is never absent.
 */
static void del_then_new_in_one_frame_is_a_replace(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	CHECK_EQ(feed(&g, &s), 0);
	frame_begin(&s);
	msg_begin(&s, RTM_DELROUTE, AF_INET6, 48, RTN_UNSPEC);
	attr6(&s, RTA_DST, "2001:db8:100::");
	msg_end(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET6, 48, RTN_UNICAST);
	attr6(&s, RTA_DST, "2001:db8:100::");
	attr6(&s, RTA_GATEWAY, "2001:db8:2::3");
	attr32(&s, RTA_OIF, 12);
	msg_end(&s);
	frame_end(&s);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:100::/48\",\"type\":\"forward\","
		    "\"via\":\"2001:db8:2::3\""));
	CHECK_EQ(g.f.st.replaced, 1);
	CHECK_EQ(g.f.st.deleted, 0);
	/* the same route once more (zebra resends everything on reconnection): nothing to do */
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::3", 12);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK_EQ(g.f.st.unchanged, 1);
	CHECK_EQ(g.f.st.replaced, 1);
	rig_fini(&g);
}

static void delroute_removes_what_frr_installed_only(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	CHECK(run(&g, "route add 2001:db8:300::/48 via 2001:db8:2::9") == 0);
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	route6(&s, RTM_DELROUTE, "2001:db8:100::", 48, NULL, 0);
	route6(&s, RTM_DELROUTE, "2001:db8:300::", 48, NULL, 0); /* the operator's */
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(lacks(&g, "show routes", "2001:db8:100::/48"));
	CHECK(shows(&g, "show routes --json", "\"prefix\":\"2001:db8:300::/48\""));
	CHECK_EQ(g.f.st.deleted, 1);
	CHECK_EQ(g.f.own_routes, 0);
	rig_fini(&g);
}

static void unmapped_ifindex_is_refused_and_counted(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	route6(&s, RTM_NEWROUTE, "2001:db8:500::", 48, NULL, 13);	     /* dum0 */
	route6(&s, RTM_NEWROUTE, "2001:db8:501::", 48, "2001:db8:2::2", 99); /* gone */
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(lacks(&g, "show routes", "2001:db8:50"));
	CHECK_EQ(g.f.st.refused[SR6_FPM_REFUSED_UNMAPPED_IFINDEX], 2);
	CHECK(shows(&g, "show fpm", "unmapped_ifindex   2"));
	CHECK(shows(&g, "show fpm --json", "\"unmapped_ifindex\":2"));
	rig_fini(&g);
}

/*
 * zebra also sends the kernel's connected routes of srv6d's subnets: the
 * same thing srv6d has (ignored); a gateway route over srv6d's own or the
 * operator's prefix is a conflict, and the operator's wins.
 */
static void own_prefixes_are_kept_from_frr(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	CHECK(run(&g, "route add 2001:db8:300::/48 via 2001:db8:2::9\n"
		      "sid add fc00:5::1 action End") == 0);
	route6(&s, RTM_NEWROUTE, "2001:db8:2::", 64, NULL, 12);
	route6(&s, RTM_NEWROUTE, "2001:db8:1::", 64, "2001:db8:2::7", 12);
	route6(&s, RTM_NEWROUTE, "2001:db8:300::", 48, "2001:db8:2::8", 12);
	route6(&s, RTM_NEWROUTE, "fc00:5::1", 128, "2001:db8:2::8", 12);
	route6(&s, RTM_NEWROUTE, "fe80::", 64, NULL, 12);
	route6(&s, RTM_NEWROUTE, "ff00::", 8, NULL, 12);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK_EQ(g.f.st.ignored, 3);
	CHECK_EQ(g.f.st.refused[SR6_FPM_REFUSED_CONFLICT], 3);
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:300::/48\",\"type\":\"forward\","
		    "\"via\":\"2001:db8:2::9\""));
	CHECK(shows(&g, "show sids", "fc00:5::1/128"));
	CHECK(lacks(&g, "show routes", "fe80::"));
	rig_fini(&g);
}

static void seg6_encap_and_inline_routes(void)
{
	struct rig g;
	struct stream s = {0};
	static const char *const one[] = {"fc00:3::3"};
	CHECK(rig_init(&g) == 0);
	seg6_route(&s, "2001:db8:400::", 48, SEG6_IPTUN_MODE_ENCAP, two, 2);
	seg6_route(&s, "2001:db8:401::", 48, SEG6_IPTUN_MODE_ENCAP_RED, two, 2);
	/* inline as iproute2 builds it: segments[0] kept free for the destination */
	frame_begin(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET6, 48, RTN_UNICAST);
	attr6(&s, RTA_DST, "2001:db8:402::");
	seg6(&s, SEG6_IPTUN_MODE_INLINE, one, 1, true);
	msg_end(&s);
	frame_end(&s);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:400::/48\",\"type\":\"encap\","
		    "\"encap\":\"seg6 mode encap segs fc00:1::1,fc00:2::2\""));
	CHECK(shows(&g, "show routes --json",
		    "\"encap\":\"seg6 mode encap.red segs fc00:1::1,fc00:2::2\""));
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:402::/48\",\"type\":\"encap\","
		    "\"encap\":\"seg6 mode insert segs fc00:3::3\""));
	/* FRR changes the segment list: the route's policy is replaced in place */
	seg6_route(&s, "2001:db8:400::", 48, SEG6_IPTUN_MODE_ENCAP, one, 1);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show routes --json", "\"encap\":\"seg6 mode encap segs fc00:3::3\""));
	CHECK_EQ(g.f.st.replaced, 1);
	/* l2encap is an interface's business, not a route's */
	seg6_route(&s, "2001:db8:403::", 48, SEG6_IPTUN_MODE_L2ENCAP, two, 2);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK_EQ(g.f.st.refused[SR6_FPM_REFUSED_UNSUPPORTED], 1);
	rig_fini(&g);
}

/* ECMP over seg6 next hops: one segment list per next hop; plain ECMP: the first. */
static void multipath_routes(void)
{
	struct rig g;
	struct stream s = {0};
	static const char *const other[] = {"fc00:9::9"};
	CHECK(rig_init(&g) == 0);
	frame_begin(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET6, 48, RTN_UNICAST);
	attr6(&s, RTA_DST, "2001:db8:600::");
	size_t mp = nest(&s, RTA_MULTIPATH);
	for (int i = 0; i < 2; i++) {
		struct rtnexthop nh = {.rtnh_ifindex = 12};
		size_t at = s.len;
		memcpy(s.b + at, &nh, sizeof(nh));
		s.len += sizeof(nh);
		seg6(&s, SEG6_IPTUN_MODE_ENCAP, i ? other : two, i ? 1 : 2, false);
		uint16_t l = (uint16_t)(s.len - at);
		memcpy(s.b + at, &l, 2);
	}
	nest_end(&s, mp);
	msg_end(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET6, 48, RTN_UNICAST);
	attr6(&s, RTA_DST, "2001:db8:601::");
	mp = nest(&s, RTA_MULTIPATH);
	for (int i = 0; i < 2; i++) {
		struct rtnexthop nh = {.rtnh_ifindex = i ? 11 : 12};
		size_t at = s.len;
		memcpy(s.b + at, &nh, sizeof(nh));
		s.len += sizeof(nh);
		attr6(&s, RTA_GATEWAY, i ? "2001:db8:1::5" : "2001:db8:2::5");
		uint16_t l = (uint16_t)(s.len - at);
		memcpy(s.b + at, &l, 2);
	}
	nest_end(&s, mp);
	msg_end(&s);
	frame_end(&s);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show routes --json",
		    "\"encap\":\"seg6 mode encap segs fc00:1::1,fc00:2::2 segs fc00:9::9\""));
	CHECK(shows(&g, "show routes --json",
		    "\"prefix\":\"2001:db8:601::/48\",\"type\":\"forward\","
		    "\"via\":\"2001:db8:2::5\",\"dev\":\"e2\""));
	CHECK_EQ(g.f.st.ecmp_first, 1);
	rig_fini(&g);
}

static void seg6local_behaviors_become_sids(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	size_t e = sid_begin(&s, "fc00:1::e", 128, SEG6_LOCAL_ACTION_END);
	size_t fl = nest(&s, SEG6_LOCAL_FLAVORS);
	attr32(&s, SEG6_LOCAL_FLV_OPERATION,
	       1u << SEG6_LOCAL_FLV_OP_PSP | 1u << SEG6_LOCAL_FLV_OP_USD);
	nest_end(&s, fl);
	sid_end(&s, e, 1); /* dev lo: no matter for End */
	e = sid_begin(&s, "fc00:1::a", 128, SEG6_LOCAL_ACTION_END_X);
	attr6(&s, SEG6_LOCAL_NH6, "2001:db8:2::2");
	sid_end(&s, e, 12);
	e = sid_begin(&s, "fc00:1::d6", 128, SEG6_LOCAL_ACTION_END_DX6);
	attr6(&s, SEG6_LOCAL_NH6, "2001:db8:1::9");
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:1::d4", 128, SEG6_LOCAL_ACTION_END_DX4);
	attr4(&s, SEG6_LOCAL_NH4, "192.0.2.9");
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:1::6", 128, SEG6_LOCAL_ACTION_END_DT6);
	attr32(&s, SEG6_LOCAL_TABLE, RT_TABLE_MAIN);
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:1::4", 128, SEG6_LOCAL_ACTION_END_DT4);
	attr32(&s, SEG6_LOCAL_VRFTABLE, 10);
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:0:1::", 48, SEG6_LOCAL_ACTION_END);
	fl = nest(&s, SEG6_LOCAL_FLAVORS);
	attr32(&s, SEG6_LOCAL_FLV_OPERATION, 1u << SEG6_LOCAL_FLV_OP_NEXT_CSID);
	uint8_t lb = 32, nf = 16;
	attr(&s, SEG6_LOCAL_FLV_LCBLOCK_BITS, &lb, 1);
	attr(&s, SEG6_LOCAL_FLV_LCNODE_FN_BITS, &nf, 1);
	nest_end(&s, fl);
	sid_end(&s, e, 0);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show sids --json",
		    "{\"sid\":\"fc00:1::e/128\",\"action\":\"End\","
		    "\"params\":\"flavors psp,usd\""));
	CHECK(shows(&g, "show sids --json",
		    "{\"sid\":\"fc00:1::a/128\",\"action\":\"End.X\","
		    "\"params\":\"nh6 2001:db8:2::2 oif e2\""));
	CHECK(shows(&g, "show sids --json",
		    "{\"sid\":\"fc00:1::d6/128\",\"action\":\"End.DX6\","
		    "\"params\":\"nh6 2001:db8:1::9 oif e1\""));
	CHECK(shows(&g, "show sids --json",
		    "{\"sid\":\"fc00:1::d4/128\",\"action\":\"End.DX4\","
		    "\"params\":\"nh4 192.0.2.9 oif e2\""));
	CHECK(shows(&g, "show sids --json",
		    "{\"sid\":\"fc00:1::6/128\",\"action\":\"End.DT6\","
		    "\"params\":\"table 0\""));
	CHECK(shows(&g, "show sids --json",
		    "{\"sid\":\"fc00:1::4/128\",\"action\":\"End.DT4\","
		    "\"params\":\"table 10\""));
	CHECK(shows(&g, "show sids --json",
		    "{\"sid\":\"fc00:0:1::/48\",\"action\":\"End\","
		    "\"params\":\"flavors next-csid lblen 32 nflen 16\""));
	CHECK_EQ(g.f.own_sids, 7);
	CHECK(lacks(&g, "show running-config", "sid add"));
	rig_fini(&g);
}

static void sid_change_and_delete(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	size_t e = sid_begin(&s, "fc00:1::1", 128, SEG6_LOCAL_ACTION_END);
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:1::1", 128, SEG6_LOCAL_ACTION_END_DT6);
	attr32(&s, SEG6_LOCAL_TABLE, 10);
	sid_end(&s, e, 0);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show sids --json",
		    "{\"sid\":\"fc00:1::1/128\",\"action\":\"End.DT6\","
		    "\"params\":\"table 10\""));
	CHECK_EQ(g.f.st.replaced, 1);
	route6(&s, RTM_DELROUTE, "fc00:1::1", 128, NULL, 0);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(lacks(&g, "show sids", "fc00:1::1"));
	CHECK_EQ(g.f.own_sids, 0);
	rig_fini(&g);
}

static void behaviors_srv6d_cannot_take_are_refused(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	size_t e = sid_begin(&s, "fc00:1::b6", 128, SEG6_LOCAL_ACTION_END_B6_ENCAP);
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:1::99", 128, 99); /* no such action */
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:1::a", 128, SEG6_LOCAL_ACTION_END_X); /* no nh6 */
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:1::2", 128, SEG6_LOCAL_ACTION_END);
	attr32(&s, 40, 1); /* a seg6local attribute from a newer kernel */
	sid_end(&s, e, 0);
	e = sid_begin(&s, "fc00:1::3", 128, SEG6_LOCAL_ACTION_END_DT6); /* DT6 takes none */
	attr32(&s, SEG6_LOCAL_TABLE, RT_TABLE_MAIN);
	size_t fl = nest(&s, SEG6_LOCAL_FLAVORS);
	attr32(&s, SEG6_LOCAL_FLV_OPERATION, 1u << SEG6_LOCAL_FLV_OP_PSP);
	nest_end(&s, fl);
	sid_end(&s, e, 0);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK_EQ(g.f.st.refused[SR6_FPM_REFUSED_UNSUPPORTED], 4);
	CHECK_EQ(g.f.st.refused[SR6_FPM_REFUSED_REJECTED], 1); /* srv6d's own check said no */
	CHECK_EQ(g.f.own_sids, 0);
	CHECK(lacks(&g, "show sids", "fc00:1::"));
	rig_fini(&g);
}

static void nexthop_groups_are_refused_with_the_zebra_setting_to_change(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	frame_begin(&s);
	struct nlmsghdr h = {.nlmsg_len = 16 + 8 + 8, .nlmsg_type = RTM_NEWNEXTHOP};
	uint8_t nhmsg[8] = {AF_INET6};
	memcpy(s.b + s.len, &h, 16);
	memcpy(s.b + s.len + 16, nhmsg, 8);
	s.len += 24;
	attr32(&s, 1 /* NHA_ID */, 7);
	frame_end(&s);
	frame_begin(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET6, 48, RTN_UNICAST);
	attr6(&s, RTA_DST, "2001:db8:100::");
	attr32(&s, RTA_NH_ID, 7);
	msg_end(&s);
	frame_end(&s);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK_EQ(g.f.st.nexthop_msgs, 1);
	CHECK_EQ(g.f.st.refused[SR6_FPM_REFUSED_NEXTHOP_GROUP], 1);
	CHECK(shows(&g, "show fpm", "no fpm use-next-hop-groups"));
	rig_fini(&g);
}

/* TCP cuts where it likes: byte by byte gives what one read gives. */
static void frames_split_across_reads(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	seg6_route(&s, "2001:db8:400::", 48, SEG6_IPTUN_MODE_ENCAP, two, 2);
	size_t e = sid_begin(&s, "fc00:1::e", 128, SEG6_LOCAL_ACTION_END);
	sid_end(&s, e, 0);
	for (size_t i = 0; i < s.len; i++)
		CHECK_EQ(sr6_fpm_input(&g.f, s.b + i, 1, g.now), 0);
	CHECK_EQ(g.f.st.frames, 3);
	CHECK_EQ(g.f.st.added, 3);
	CHECK(
	    shows(&g, "show routes --json", "\"prefix\":\"2001:db8:400::/48\",\"type\":\"encap\""));
	CHECK(shows(&g, "show sids", "fc00:1::e/128"));
	rig_fini(&g);
}

/* Each broken stream: -EBADMSG (the connection is closed), counted, nothing applied. */
static void malformed_frames_close_the_connection(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	static const uint8_t bad_version[] = {2, 1, 0, 4};
	static const uint8_t protobuf[] = {1, 2, 0, 4};
	static const uint8_t short_len[] = {1, 1, 0, 3};
	const struct {
		const uint8_t *b;
		size_t n;
	} heads[] = {{bad_version, 4}, {protobuf, 4}, {short_len, 4}};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		CHECK_EQ(sr6_fpm_input(&g.f, heads[i].b, heads[i].n, g.now), -EBADMSG);
	/* a netlink message longer than its frame */
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	uint32_t big = 4000;
	memcpy(s.b + 4, &big, 4);
	CHECK_EQ(feed(&g, &s), -EBADMSG);
	/* an attribute running past its message */
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	uint16_t alen = 200;
	memcpy(s.b + 4 + 16 + 12, &alen, 2); /* RTA_DST's length */
	CHECK_EQ(feed(&g, &s), -EBADMSG);
	/* RTA_DST of 8 bytes for IPv6 */
	frame_begin(&s);
	msg_begin(&s, RTM_NEWROUTE, AF_INET6, 48, RTN_UNICAST);
	attr(&s, RTA_DST, "12345678", 8);
	msg_end(&s);
	frame_end(&s);
	CHECK_EQ(feed(&g, &s), -EBADMSG);
	/* an SRH whose Hdr Ext Len says more than the attribute holds */
	seg6_route(&s, "2001:db8:400::", 48, SEG6_IPTUN_MODE_ENCAP, two, 2);
	for (size_t i = 0; i + 2 < s.len; i++) /* Hdr Ext Len 4 (two segments) -> 40 */
		if (s.b[i] == 4 && s.b[i + 1] == 4 && s.b[i + 2] == 1) {
			s.b[i] = 40;
			break;
		}
	CHECK_EQ(feed(&g, &s), -EBADMSG);
	/* a /129 */
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 129, "2001:db8:2::2", 12);
	CHECK_EQ(feed(&g, &s), -EBADMSG);
	CHECK_EQ(g.f.st.malformed, 8);
	CHECK_EQ(g.f.own_routes, 0);
	CHECK(lacks(&g, "show routes", "2001:db8:100::"));
	/* zebra connects again: a good stream is taken */
	sr6_fpm_disconnected(&g.f, g.now);
	sr6_fpm_connected(&g.f, g.now);
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK_EQ(g.f.own_routes, 1);
	rig_fini(&g);
}

/* Random damage to good frames: never a crash, never a read past the buffer (ASan). */
static void mangled_frames_never_crash(void)
{
	struct rig g;
	struct stream good = {0}, s;
	CHECK(rig_init(&g) == 0);
	route6(&good, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	seg6_route(&good, "2001:db8:400::", 48, SEG6_IPTUN_MODE_ENCAP, two, 2);
	size_t e = sid_begin(&good, "fc00:1::e", 128, SEG6_LOCAL_ACTION_END_DT6);
	attr32(&good, SEG6_LOCAL_TABLE, 254);
	sid_end(&good, e, 0);
	uint32_t x = 12345;
	for (int round = 0; round < 3000; round++) {
		s = good;
		for (int k = 0; k < 1 + round % 4; k++) {
			x = x * 1103515245u + 12345u;
			s.b[(x >> 8) % s.len] ^= (uint8_t)(1u << (x % 8));
		}
		x = x * 1103515245u + 12345u;
		size_t cut = (x >> 8) % (s.len + 1);
		if (sr6_fpm_input(&g.f, s.b, cut, g.now) < 0 ||
		    sr6_fpm_input(&g.f, s.b + cut, s.len - cut, g.now) < 0) {
			sr6_fpm_disconnected(&g.f, g.now);
			sr6_fpm_connected(&g.f, g.now);
		}
	}
	CHECK(g.f.st.malformed > 0);
	CHECK(g.f.st.frames > 0);
	rig_fini(&g);
}

/*
 * zebra goes away: its routes stay and forward. It comes back and resends
 * what it still has; stale_sec later (and once it is quiet) the rest goes.
 */
static void reconnect_sweeps_what_zebra_did_not_resend(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	g.f.stale_sec = 10;
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	route6(&s, RTM_NEWROUTE, "2001:db8:101::", 48, "2001:db8:2::2", 12);
	size_t e = sid_begin(&s, "fc00:1::e", 128, SEG6_LOCAL_ACTION_END);
	sid_end(&s, e, 0);
	CHECK_EQ(feed(&g, &s), 0);
	sr6_fpm_disconnected(&g.f, g.now);
	g.now += 60 * SEC;
	sr6_fpm_tick(&g.f, g.now);
	CHECK_EQ(g.f.own_routes, 2); /* nobody to resend them: they stay */
	CHECK(shows(&g, "show fpm", "disconnected"));
	sr6_fpm_connected(&g.f, g.now);
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	CHECK_EQ(feed(&g, &s), 0);
	g.now += 9 * SEC;
	sr6_fpm_tick(&g.f, g.now);
	CHECK(shows(&g, "show routes --json", "\"prefix\":\"2001:db8:101::/48\""));
	g.now += 2 * SEC;
	sr6_fpm_tick(&g.f, g.now);
	CHECK(shows(&g, "show routes --json", "\"prefix\":\"2001:db8:100::/48\""));
	CHECK(lacks(&g, "show routes", "2001:db8:101::/48"));
	CHECK(lacks(&g, "show sids", "fc00:1::e"));
	CHECK_EQ(g.f.st.swept, 2);
	CHECK_EQ(g.f.own_routes, 1);
	CHECK_EQ(g.f.own_sids, 0);
	rig_fini(&g);
}

/* The ownership table grows (and rehashes) under a burst of routes and deletes. */
static void many_routes_come_and_go(void)
{
	struct rig g;
	struct stream s = {0};
	char pfx[64];
	CHECK(rig_init(&g) == 0);
	for (int pass = 0; pass < 2; pass++) {
		uint16_t type = pass ? RTM_DELROUTE : RTM_NEWROUTE;
		for (int i = 0; i < 3000; i++) {
			snprintf(pfx, sizeof(pfx), "2001:db8:%x::", 0x1000 + i);
			route6(&s, type, pfx, 48, pass ? NULL : "2001:db8:2::2", pass ? 0 : 12);
			CHECK_EQ(feed(&g, &s), 0);
		}
		CHECK_EQ(g.f.own_routes, pass ? 0 : 3000);
	}
	CHECK_EQ(g.f.st.added, 3000);
	CHECK_EQ(g.f.st.deleted, 3000);
	CHECK(lacks(&g, "show routes", "2001:db8:1000::/48"));
	CHECK(lacks(&g, "show routes", "2001:db8:1bb7::/48"));
	rig_fini(&g);
}

static void show_fpm_and_metrics(void)
{
	struct rig g;
	struct stream s = {0};
	CHECK(rig_init(&g) == 0);
	route6(&s, RTM_NEWROUTE, "2001:db8:100::", 48, "2001:db8:2::2", 12);
	CHECK_EQ(feed(&g, &s), 0);
	CHECK(shows(&g, "show fpm", "installed  1 route(s), 0 SID(s)"));
	CHECK(shows(&g, "show fpm --json", "\"connected\":true"));
	CHECK(shows(&g, "show fpm --json", "\"added\":1"));
	struct sr6_reply m = {0};
	sr6_metrics_render(&g.ctl, &m);
	CHECK(m.buf && strstr(m.buf, "srv6d_fpm_added_total 1\n"));
	CHECK(strstr(m.buf, "srv6d_fpm_installed{kind=\"route\"} 1\n"));
	CHECK(strstr(m.buf, "srv6d_fpm_refused_total{reason=\"conflict\"} 0\n"));
	sr6_reply_free(&m);
	rig_fini(&g);
	/* without --fpm */
	CHECK(rig_init(&g) == 0);
	sr6_fpm_close(&g.f);
	CHECK(sr6_ctl_exec(&g.ctl, "show fpm", &g.r) < 0);
	CHECK(strstr(g.r.buf, "fpm is off"));
	rig_fini(&g);
}

SR6_TESTS(T(v6_route_via_gateway_and_oif_becomes_a_forward_route),
	  T(v4_route_in_a_vrf_table_via_gateway), T(onlink_blackhole_and_unreachable_routes),
	  T(del_then_new_in_one_frame_is_a_replace), T(delroute_removes_what_frr_installed_only),
	  T(unmapped_ifindex_is_refused_and_counted), T(own_prefixes_are_kept_from_frr),
	  T(seg6_encap_and_inline_routes), T(multipath_routes), T(seg6local_behaviors_become_sids),
	  T(sid_change_and_delete), T(behaviors_srv6d_cannot_take_are_refused),
	  T(nexthop_groups_are_refused_with_the_zebra_setting_to_change),
	  T(frames_split_across_reads), T(malformed_frames_close_the_connection),
	  T(mangled_frames_never_crash), T(reconnect_sweeps_what_zebra_did_not_resend),
	  T(many_routes_come_and_go), T(show_fpm_and_metrics))
