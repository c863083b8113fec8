// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the whole dataplane: a router built in-process as
 * srv6d builds one (dataplane, control plane, one poller), with four null
 * interfaces and a config that has every behavior, flavor, headend mode,
 * HMAC signing, locators, steering, an unresolved next hop and a second
 * table. The input varies the edge settings and carries the packets:
 *
 *   byte 0     wan: untrusted (bit 0), hmac mode (bits 1-2), urpf (bits 3-4);
 *              core: hmac mode (bits 5-6)
 *   byte 1     ICMP limits: rate and burst (bits 0-3), per destination (4-7)
 *   then       packets: meta (interface: bits 0-1; time step: bits 2-7, in
 *              ms, a new batch when non-zero) | length (2, LE) | bytes
 *
 * Every packet gets a buffer of exactly its size behind the headroom, so
 * ASan catches any byte read or written past it. After each batch:
 *   - every packet is accounted for: sent, dropped, held or consumed, and
 *     the drop counters grew by the drops plus the ICMP errors (an error
 *     counts the drop of the packet it replaces);
 *   - every packet sent is well formed for its interface: framed for an
 *     Ethernet one, and an IP packet whose length fields match its size
 *     and whose IPv4 header checksum is right.
 * (End.DX2 sends its frames out of l2in untouched: only their framing is
 * checked.) Held packets are flushed at the end of each input (solicits, give-ups),
 * learned neighbors forgotten, so inputs do not depend on each other.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/csum.h"
#include "ctl/ctl.h"
#include "ctl/log.h"
#include "dp/worker.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const config[] = {
    "interface add wan driver null linktype raw",
    "interface add core driver null linktype ethernet mac 02:00:00:00:00:02",
    "interface add lan driver null linktype raw mtu 1400",
    "interface add l2in driver null linktype ethernet mac 02:00:00:00:00:04",
    "address add 2001:db8:1::1/64 dev wan",
    "address add 192.0.2.1/24 dev wan",
    "address add 2001:db8:2::1/64 dev core",
    "address add 198.51.100.1/24 dev core",
    "address add 2001:db8:3::1/64 dev lan",
    "neighbor add 2001:db8:2::2 lladdr 02:00:00:00:00:22 dev core",
    "neighbor add 198.51.100.2 lladdr 02:00:00:00:00:42 dev core",
    "encap source 2001:db8:ffff::1",
    "route add fc00::/16 via 2001:db8:2::2",
    "route add 5f00::/16 via 2001:db8:2::2",
    "route add 2001:db8:100::/48 via 2001:db8:2::2",
    "route add 2001:db8:101::/48 via 2001:db8:2::9",
    "route add 2001:db8:102::/48 dev lan",
    "route add blackhole 2001:db8:1:1::/64",
    "route add unreachable 2001:db8:1:2::/64",
    "route add 203.0.113.0/24 via 198.51.100.2",
    "route add table 10 ::/0 via 2001:db8:3::2 dev lan",
    "route add table 10 0.0.0.0/0 via 198.51.100.2 dev core",
    "hmac add keyid 7 algo sha256 secret 7365637265742d6b6579",
    "hmac add keyid 9 algo sha1 secret 00ff",
    "locator add fc00:e::/32",
    "sid add fc00:e::1 action End",
    "sid add fc00:e::2 action End flavors psp,usp,usd",
    "sid add fc00:e::3 action End.X nh6 2001:db8:2::2 flavors psp",
    "sid add fc00:e::4 action End.T table 10 flavors usd",
    "sid add fc00:e::d6 action End.DX6 nh6 2001:db8:2::2",
    "sid add fc00:e::d4 action End.DX4 nh4 198.51.100.2",
    "sid add fc00:e::d2 action End.DX2 oif l2in",
    "sid add fc00:e::76 action End.DT6 table 10",
    "sid add fc00:e::74 action End.DT4 table 10",
    "sid add fc00:e::46 action End.DT46 table 10",
    "sid add fc00:0:100::/48 action End flavors next-csid lblen 32 nflen 16",
    "sid add fc00:0:102::/48 action End.X nh6 2001:db8:2::2 flavors next-csid,psp",
    "sid add fc00:0:200::/48 action End flavors replace-csid lblen 32 nflen 16",
    "policy add P1 segs fc00:1::1,fc00:2::1,fc00:3::1 hmac keyid 7",
    ("policy add P2 mode encap.red bsid fc00:e::b2 segs fc00:1::1,fc00:3::1 weight 3 "
     "segs fc00:e::1,fc00:3::1 weight 1"),
    "policy add P3 mode insert segs fc00:e::1,fc00:2::1 hmac keyid 9",
    "policy add P4 bsid fc00:e::b4 segs fc00:9::1 hmac keyid 7 hmac-flag none",
    "policy add L2 mode l2encap segs fc00:1::1,fc00:0:100:200::",
    "sid add fc00:e::b6 action End.B6.Encaps policy P1",
    "sid add fc00:e::b7 action End.B6.Encaps.Red policy P2",
    "steer add 2001:db8:200::/48 policy P1",
    "steer add 2001:db8:201::/48 policy P2",
    "steer add 2001:db8:202::/48 policy P3",
    "steer add 10.0.0.0/8 policy P4",
    "steer add dev l2in policy L2",
    "route add 2001:db8:203::/48 encap seg6 mode encap segs fc00:e::1 hmac 7",
    "route add 2001:db8:204::/48 encap seg6 mode encap.red segs fc00:1::1,fc00:2::1",
    "route add 2001:db8:205::/48 encap seg6 mode inline segs fc00:1::1",
    "route add 198.51.100.128/25 encap seg6 mode encap segs fc00:e::d4",
};

enum { WAN, CORE, LAN, L2IN }; /* interface indexes, in config order */

static struct {
	bool ready;
	struct sr6_dp *dp;
	struct sr6_ctl ctl;
	struct sr6_poller pl;
	struct sr6_counters *counters[1];
	struct sr6_pkt_pool mine; /* where the pipeline returns our exact-size packets */
	struct sr6_pkt *mine_free[4 * SR6_BATCH_MAX + SR6_HELD_MAX];
} R;

static int set_workers(struct sr6_ctl *ctl, unsigned n)
{
	if (n != 1)
		return -22;
	if (sr6_poller_init(&R.pl, R.dp, 0, 1, 256) < 0)
		return -12;
	ctl->pools[0] = R.pl.pool;
	ctl->punts[0] = R.pl.w.punt;
	R.counters[0] = R.pl.w.cnt;
	ctl->counters = R.counters;
	ctl->n_counters = 1;
	return 0;
}

static void exec_line(const char *line)
{
	struct sr6_reply r = {0};
	if (sr6_ctl_exec(&R.ctl, line, &r) < 0) {
		fprintf(stderr, "fuzz_pipeline: '%s': %s\n", line, r.buf ? r.buf : "");
		abort();
	}
	sr6_reply_free(&r);
}

static void setup(void)
{
	sr6_log_setup(false, SR6_LOG_ERROR);
	R.dp = sr6_dp_create();
	FUZZ_CHECK(R.dp);
	sr6_ctl_init(&R.ctl, R.dp, false);
	R.ctl.set_workers = set_workers;
	for (size_t i = 0; i < sizeof(config) / sizeof(config[0]); i++)
		exec_line(config[i]);
	R.mine.free = R.mine_free;
	R.mine.size = sizeof(R.mine_free) / sizeof(R.mine_free[0]);
	R.ready = true;
}

/* Free every packet the pipeline gave back to our pool. */
static void drain_mine(void)
{
	while (R.mine.n_free) {
		struct sr6_pkt *p = R.mine.free[--R.mine.n_free];
		free(p->head);
		free(p);
	}
}

static struct sr6_pkt *make_pkt(const uint8_t *b, uint32_t len, uint16_t rx_if, bool l2)
{
	struct sr6_pkt *p = calloc(1, sizeof(*p));
	FUZZ_CHECK(p);
	p->head = malloc(SR6_PKT_HEADROOM + len);
	FUZZ_CHECK(p->head);
	p->data = p->head + SR6_PKT_HEADROOM;
	p->end = p->data + len; /* no tailroom: growing needs sr6_pkt_put */
	p->len = len;
	memcpy(p->data, b, len);
	p->rx_if = rx_if;
	p->flags = l2 ? SR6_PKT_F_L2 : 0;
	p->pool = &R.mine;
	return p;
}

static bool ip_ok(const uint8_t *ip, uint32_t len)
{
	if (len < 20)
		return false;
	if ((ip[0] >> 4) == 6)
		return len >= 40 && 40u + sr6_get_be16(ip + 4) == len;
	uint32_t ihl = (ip[0] & 0xfu) * 4u;
	return (ip[0] >> 4) == 4 && ihl >= 20 && ihl <= len && sr6_get_be16(ip + 2) == len &&
	       sr6_ip4_checksum_ok((const struct sr6_ip4_hdr *)ip, ihl);
}

/* A packet leaving by oif: inside its buffer and well formed. */
static void check_out(const struct sr6_pkt *p, uint16_t oif)
{
	const struct sr6_iface *ifc = sr6_dp_iface(R.dp, oif);
	FUZZ_CHECK(ifc);
	FUZZ_CHECK(p->data >= p->head && p->data + p->len <= p->end);
	bool ok;
	if (!ifc->l2) {
		ok = !(p->flags & SR6_PKT_F_L2) && ip_ok(p->data, p->len);
	} else {
		/* out of l2in: End.DX2's frames, sent as they came; out of core:
		 * ARP replies and IP packets the router framed */
		ok = (p->flags & SR6_PKT_F_L2) && p->len >= 14;
		if (ok && oif != L2IN && sr6_get_be16(p->data + 12) == SR6_ETH_P_ARP)
			ok = p->len == 14 + sizeof(struct sr6_arp_hdr);
		else if (ok && oif != L2IN)
			ok = p->len > 14 && ip_ok(p->data + 14, p->len - 14) &&
			     sr6_get_be16(p->data + 12) ==
				 ((p->data[14] >> 4) == 6 ? SR6_ETH_P_IPV6 : SR6_ETH_P_IPV4);
	}
	if (ok)
		return;
	fprintf(stderr, "bad packet out of %s (%u bytes, flags %#x):", ifc->name, p->len, p->flags);
	for (uint32_t i = 0; i < p->len && i < 256; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", p->data[i]);
	fprintf(stderr, "\n");
	FUZZ_CHECK(ok);
}

static uint64_t drops(void)
{
	uint64_t n = 0;
	for (int i = 1; i < SR6_DROP__COUNT; i++)
		n += R.pl.w.cnt->drop[i];
	return n;
}

static uint64_t errors_sent(void)
{
	return R.pl.w.cnt->event[SR6_EV_ICMP6_ERR_SENT] + R.pl.w.cnt->event[SR6_EV_ICMP4_ERR_SENT];
}

static void run_batch(struct sr6_pkt **pkts, uint16_t n)
{
	uint16_t next[SR6_BATCH_MAX];
	uint64_t drops0 = drops(), errs0 = errors_sent();
	uint16_t held0 = R.pl.w.n_held;
	sr6_pipeline_run(&R.pl.w, pkts, n, next);
	uint64_t n_drop = 0, n_held = 0;
	for (uint16_t i = 0; i < n; i++) {
		if (next[i] == SR6_NEXT_HELD) {
			n_held++;
			continue;
		}
		if (next[i] == SR6_NEXT_DROP) {
			FUZZ_CHECK(pkts[i]->drop > 0 && pkts[i]->drop < SR6_DROP__COUNT);
			n_drop++;
		} else if (next[i] != SR6_NEXT_CONSUMED) {
			FUZZ_CHECK(next[i] < SR6_IF_MAX);
			check_out(pkts[i], next[i]);
		}
		sr6_pkt_free(pkts[i]);
	}
	/* a packet held when the queue is full is dropped instead: counted */
	FUZZ_CHECK(R.pl.w.n_held == held0 + n_held);
	FUZZ_CHECK(drops() - drops0 == n_drop + (errors_sent() - errs0));
	drain_mine();
}

static void emit_held(struct sr6_pkt *p, uint16_t oif, void *arg)
{
	(void)arg;
	check_out(p, oif);
	sr6_pkt_free(p);
}

static void configure(uint8_t edge, uint8_t icmp)
{
	static const char *const hmac[] = {"off", "check", "require", "require"};
	static const char *const urpf[] = {"off", "loose", "strict", "off"};
	char line[160];
	snprintf(line, sizeof(line), "interface set wan %s hmac %s urpf %s",
		 edge & 1 ? "untrusted" : "trusted", hmac[(edge >> 1) & 3], urpf[(edge >> 3) & 3]);
	exec_line(line);
	snprintf(line, sizeof(line), "interface set core hmac %s", hmac[(edge >> 5) & 3]);
	exec_line(line);
	snprintf(line, sizeof(line), "icmp ratelimit rate %u burst %u peer-rate %u peer-burst %u",
		 (icmp & 3) * 100, 1 + ((icmp >> 2) & 3) * 20, ((icmp >> 4) & 3) * 5,
		 1 + ((icmp >> 6) & 3) * 4);
	exec_line(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!R.ready)
		setup();
	if (size < 2)
		return 0;
	configure(data[0], data[1]);
	struct sr6_pkt *pkts[SR6_BATCH_MAX];
	uint16_t n = 0;
	uint64_t now = 1000000000ull;
	R.pl.w.now_ns = now;
	for (size_t off = 2; off + 3 <= size;) {
		uint8_t meta = data[off];
		uint32_t len = data[off + 1] | (uint32_t)data[off + 2] << 8;
		off += 3;
		if (len > size - off)
			len = (uint32_t)(size - off);
		if (n && (meta >> 2)) { /* time moves: a new batch */
			run_batch(pkts, n);
			n = 0;
		}
		now += (uint64_t)(meta >> 2) * 1000000ull;
		R.pl.w.now_ns = now;
		uint16_t rx = meta & 3;
		pkts[n++] = make_pkt(data + off, len, rx, sr6_dp_iface(R.dp, rx)->l2);
		off += len;
		if (n == SR6_BATCH_MAX) {
			run_batch(pkts, n);
			n = 0;
		}
	}
	if (n)
		run_batch(pkts, n);
	R.pl.w.now_ns = now + 10 * 1000000000ull;
	sr6_held_run(&R.pl.w, true, emit_held, NULL);
	FUZZ_CHECK(R.pl.w.n_held == 0);
	drain_mine();
	sr6_ctl_neigh_learn(&R.ctl);
	sr6_ctl_neigh_age(&R.ctl, UINT64_MAX);
	return 0;
}
