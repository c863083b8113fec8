// SPDX-License-Identifier: MIT
/*
 * afpacket driver against a real veth pair, each test in its own netns:
 *
 *   srv6d afpacket io [va 02:00:00:00:00:0a] <==veth==> [vb] raw AF_PACKET socket (the test)
 *
 * Proves: frames sent on vb come out of rx_burst byte for byte (VLAN tag
 * the kernel strips put back), tx_burst frames reach vb byte for byte up to
 * jumbo size, our own transmissions are not received, an empty pool delays
 * frames without losing them, a full ring's drops are counted, and a device
 * that goes down or away costs errors, not crashes. Frames use the local
 * experimental Ethertype 0x88b5 so stray kernel traffic can't be mistaken
 * for them. Needs root: otherwise SKIP (exit 77).
 */
#include "check.h"

#include "io/io.h"

#include "testns.h"

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>

#define ETH_TEST 0x88b5
#define VA_MAC "02:00:00:00:00:0a"
#define VB_MAC "02:00:00:00:00:0b"
#define MTU 9000

static const uint8_t va_mac[6] = {2, 0, 0, 0, 0, 0x0a};
static const uint8_t vb_mac[6] = {2, 0, 0, 0, 0, 0x0b};

/* va/vb up, MTU 9000, fixed MACs, IPv6 off so nothing but our frames flows. */
static void veth_setup(void)
{
	testns_disable_ipv6();
	TESTNS_REQUIRE(sh("ip link add va type veth peer name vb") == 0, "cannot create veth pair");
	CHECK_EQ(sh("ip link set va address " VA_MAC " mtu %d up", MTU), 0);
	CHECK_EQ(sh("ip link set vb address " VB_MAC " mtu %d up", MTU), 0);
}

static struct sr6_io *open_afp(const char *dev, struct sr6_pkt_pool *pool, char *err)
{
	struct sr6_io_config cfg = {.name = "wan0", .driver = "afpacket", .dev = dev, .pool = pool};

	err[0] = '\0';
	struct sr6_io *io = sr6_io_open(&cfg, err);
	if (!io)
		fprintf(stderr, "  open: %s\n", err);
	return io;
}

/* dst, src, 0x88b5, then a 4-byte id and a pattern: len bytes in all. */
static size_t make_frame(uint8_t *f, size_t len, const uint8_t *dst, const uint8_t *src,
			 uint32_t id)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = ETH_TEST >> 8;
	f[13] = ETH_TEST & 0xff;
	memcpy(f + 14, &id, 4);
	for (size_t i = 18; i < len; i++)
		f[i] = (uint8_t)(i * 13 + id);
	return len;
}

/* The test's side of the wire: a plain AF_PACKET socket on vb. */
static int peer_socket(const char *dev)
{
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, __builtin_bswap16(ETH_P_ALL));
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = __builtin_bswap16(ETH_P_ALL),
		.sll_ifindex = (int)if_nametoindex(dev),
	};

	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("peer socket");
		return -1;
	}
	return fd;
}

static int peer_send(int fd, const uint8_t *f, size_t len)
{
	for (;;) {
		ssize_t r = send(fd, f, len, 0);
		if (r == (ssize_t)len)
			return 0;
		if (r < 0 && (errno == EAGAIN || errno == ENOBUFS)) {
			poll(&(struct pollfd){.fd = fd, .events = POLLOUT}, 1, 10);
			continue;
		}
		perror("peer send");
		return -1;
	}
}

/* Next incoming 0x88b5 frame on the peer within timeout_ms: its length, or -1. */
static ssize_t peer_recv(int fd, uint8_t *buf, size_t size, int timeout_ms)
{
	uint64_t end = testns_now_ms() + (uint64_t)timeout_ms;

	while (testns_now_ms() < end) {
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		ssize_t r = recvfrom(fd, buf, size, 0, (struct sockaddr *)&from, &flen);

		if (r < 0) {
			poll(&(struct pollfd){.fd = fd, .events = POLLIN}, 1, 10);
			continue;
		}
		if (from.sll_pkttype != PACKET_OUTGOING && r >= 14 && buf[12] == (ETH_TEST >> 8) &&
		    buf[13] == (ETH_TEST & 0xff))
			return r;
	}
	return -1;
}

/* Next 0x88b5 (possibly VLAN-tagged) frame from rx_burst within timeout_ms, or NULL. */
static struct sr6_pkt *afp_recv(struct sr6_io *io, int timeout_ms)
{
	uint64_t end = testns_now_ms() + (uint64_t)timeout_ms;
	struct sr6_pkt *pkts[8];

	while (testns_now_ms() < end) {
		uint16_t n = sr6_io_rx(io, pkts, 1);

		if (!n) {
			usleep(1000);
			continue;
		}
		const uint8_t *d = pkts[0]->data;
		uint32_t l = pkts[0]->len;
		if ((l >= 14 && d[12] == (ETH_TEST >> 8) && d[13] == (ETH_TEST & 0xff)) ||
		    (l >= 18 && d[12] == 0x81 && d[13] == 0x00 && d[16] == (ETH_TEST >> 8)))
			return pkts[0];
		sr6_pkt_free(pkts[0]);
	}
	return NULL;
}

/*
 * Promiscuity taken by a socket is not in SIOCGIFFLAGS (that shows only
 * what the admin set); iproute2 prints the device's counter.
 */
static int promiscuity(const char *dev)
{
	for (int n = 0; n < 4; n++)
		if (sh("ip -d link show %s | grep -q ' promiscuity %d '", dev, n) == 0)
			return n;
	return -1;
}

static void open_reads_mac_mtu_and_sets_promisc_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	CHECK_EQ(promiscuity("va"), 0);
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	CHECK_MEM(io->mac, va_mac, 6);
	CHECK_EQ(io->mtu, MTU);
	CHECK_EQ(io->linktype, SR6_LINK_ETHERNET);
	CHECK_EQ(promiscuity("va"), 1);
	sr6_io_close(io);
	CHECK_EQ(promiscuity("va"), 0); /* promisc goes with the socket */
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_open_reads_mac_mtu_and_sets_promisc, open_reads_mac_mtu_and_sets_promisc_body)

static void missing_device_error_names_it_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	struct sr6_io_config cfg = {
		.name = "wan0", .driver = "afpacket", .dev = "veth9", .pool = pool};
	char err[SR6_IO_ERRLEN];

	CHECK(!sr6_io_open(&cfg, err));
	CHECK(strcmp(err, "interface wan0: afpacket dev veth9: No such device") == 0);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_missing_device_error_names_it, missing_device_error_names_it_body)

/* vb sends [va_mac vb_mac 88b5 id ...] (100 B) -> rx_burst returns those 100 bytes. */
static void rx_gets_frame_sent_on_peer_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(64);
	char err[SR6_IO_ERRLEN];
	uint8_t f[100];
	struct timespec now;

	veth_setup();
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	make_frame(f, sizeof(f), va_mac, vb_mac, 1);
	CHECK_EQ(peer_send(fd, f, sizeof(f)), 0);
	struct sr6_pkt *p = afp_recv(io, 1000);
	CHECK(p);
	CHECK_EQ(p->len, sizeof(f));
	CHECK_MEM(p->data, f, sizeof(f));
	CHECK(p->data == p->head + SR6_PKT_HEADROOM);
	CHECK_EQ(p->flags, SR6_PKT_F_L2);
	clock_gettime(CLOCK_REALTIME, &now);
	uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	CHECK(p->ts_ns <= now_ns && p->ts_ns > now_ns - 5000000000ull);
	CHECK(io->stats.rx_pkts >= 1);
	sr6_pkt_free(p);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_rx_gets_frame_sent_on_peer, rx_gets_frame_sent_on_peer_body)

/*
 * On the wire: [va_mac vb_mac 8100 2064 88b5 id ...]. The kernel strips the
 * tag into the tpacket header; rx_burst must hand back the tagged frame.
 */
static void rx_puts_back_stripped_vlan_tag_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(64);
	char err[SR6_IO_ERRLEN];
	uint8_t f[104], plain[100];

	veth_setup();
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	make_frame(plain, sizeof(plain), va_mac, vb_mac, 2);
	memcpy(f, plain, 12);
	f[12] = 0x81;
	f[13] = 0x00;
	f[14] = 0x20; /* PCP 1, VID 100 */
	f[15] = 0x64;
	memcpy(f + 16, plain + 12, sizeof(plain) - 12);
	CHECK_EQ(peer_send(fd, f, sizeof(f)), 0);
	struct sr6_pkt *p = afp_recv(io, 1000);
	CHECK(p);
	CHECK_EQ(p->len, sizeof(f));
	CHECK_MEM(p->data, f, sizeof(f));
	sr6_pkt_free(p);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_rx_puts_back_stripped_vlan_tag, rx_puts_back_stripped_vlan_tag_body)

/*
 * tx_burst [vb_mac va_mac 88b5 ...] of 100 B and of 9014 B (MTU 9000 + L2):
 * vb receives both byte for byte; va's rx_burst does not see them.
 */
static void tx_frames_arrive_on_peer_body(void)
{
	static uint8_t f[2][MTU + 14], got[MTU + 100];
	const size_t lens[2] = {100, MTU + 14};
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(64);
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[2];

	veth_setup();
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	for (int i = 0; i < 2; i++) {
		make_frame(f[i], lens[i], vb_mac, va_mac, 10 + (uint32_t)i);
		pkts[i] = sr6_pkt_alloc(pool);
		memcpy(pkts[i]->data, f[i], lens[i]);
		pkts[i]->len = (uint32_t)lens[i];
	}
	CHECK_EQ(sr6_io_tx(io, pkts, 2), 2);
	CHECK_EQ(pool->n_free, pool->size);
	CHECK_EQ(io->stats.tx_pkts, 2);
	CHECK_EQ(io->stats.tx_bytes, lens[0] + lens[1]);
	for (int i = 0; i < 2; i++) {
		ssize_t r = peer_recv(fd, got, sizeof(got), 1000);
		CHECK_EQ(r, (ssize_t)lens[i]);
		CHECK_MEM(got, f[i], lens[i]);
	}
	CHECK(!afp_recv(io, 100));
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_tx_frames_arrive_on_peer, tx_frames_arrive_on_peer_body)

/* MTU + 14 + 4 is the most the kernel takes; one byte more is ours to drop and count. */
static void tx_drops_frame_over_mtu_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	struct sr6_pkt *p = sr6_pkt_alloc(pool);
	make_frame(p->data, MTU + 19, vb_mac, va_mac, 3);
	p->len = MTU + 19;
	CHECK_EQ(sr6_io_tx(io, &p, 1), 0);
	CHECK_EQ(io->stats.tx_errors, 1);
	CHECK_EQ(io->stats.tx_pkts, 0);
	CHECK_EQ(pool->n_free, pool->size);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_tx_drops_frame_over_mtu, tx_drops_frame_over_mtu_body)

/* Pool of one buffer, three frames waiting: they come out one per call, in order. */
static void pool_exhaustion_keeps_frames_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(1);
	char err[SR6_IO_ERRLEN];
	uint8_t f[80];
	struct sr6_pkt *pkts[4];

	veth_setup();
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	for (uint32_t i = 0; i < 3; i++) {
		make_frame(f, sizeof(f), va_mac, vb_mac, 100 + i);
		CHECK_EQ(peer_send(fd, f, sizeof(f)), 0);
	}
	uint64_t end = testns_now_ms() + 1000;
	uint32_t want = 100;
	while (want < 103 && testns_now_ms() < end) {
		uint16_t n = sr6_io_rx(io, pkts, 4);
		if (!n) {
			usleep(1000);
			continue;
		}
		CHECK_EQ(n, 1);
		uint32_t id;
		memcpy(&id, pkts[0]->data + 14, 4);
		CHECK_EQ(id, want);
		want++;
		sr6_pkt_free(pkts[0]);
	}
	CHECK_EQ(want, 103);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_pool_exhaustion_keeps_frames, pool_exhaustion_keeps_frames_body)

/*
 * 12000 x 1500 B (18 MB) into an 8 MiB ring nobody reads: the kernel drops
 * the overflow and flags a block LOSING; once drained, the drops show up
 * in rx_errors, and delivered + dropped never exceeds what was sent.
 */
static void full_ring_drops_are_counted_body(void)
{
	const uint32_t n_flood = 12000;
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(64);
	char err[SR6_IO_ERRLEN];
	static uint8_t f[1500];
	struct sr6_pkt *pkts[64];

	veth_setup();
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	for (uint32_t i = 0; i < n_flood; i++) {
		make_frame(f, sizeof(f), va_mac, vb_mac, i);
		CHECK_EQ(peer_send(fd, f, sizeof(f)), 0);
	}
	/* Drain, then one more frame so a fresh block closes carrying LOSING. */
	uint64_t end = testns_now_ms() + 2000;
	bool marker_sent = false, marker_seen = false;
	while (!marker_seen && testns_now_ms() < end) {
		uint16_t n = sr6_io_rx(io, pkts, 64);
		for (uint16_t i = 0; i < n; i++) {
			uint32_t id;
			memcpy(&id, pkts[i]->data + 14, 4);
			marker_seen |= id == 0xffffffffu;
			sr6_pkt_free(pkts[i]);
		}
		if (!n && !marker_sent) {
			make_frame(f, 100, va_mac, vb_mac, 0xffffffffu);
			CHECK_EQ(peer_send(fd, f, 100), 0);
			marker_sent = true;
		} else if (!n) {
			usleep(1000);
		}
	}
	CHECK(marker_seen);
	CHECK(io->stats.rx_errors > 0);
	CHECK(io->stats.rx_pkts + io->stats.rx_errors <= n_flood + 1);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_full_ring_drops_are_counted, full_ring_drops_are_counted_body)

static struct sr6_pkt *frame_pkt(struct sr6_pkt_pool *pool, uint32_t id)
{
	struct sr6_pkt *p = sr6_pkt_alloc(pool);

	p->len = (uint32_t)make_frame(p->data, 100, vb_mac, va_mac, id);
	return p;
}

/*
 * va down: tx_burst returns 0 and counts the error, nothing queued behind
 * our back. va up again: the next frame (and only it) reaches vb.
 */
static void tx_while_down_fails_then_recovers_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];
	uint8_t got[200];

	veth_setup();
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	CHECK_EQ(sh("ip link set va down"), 0);
	struct sr6_pkt *p = frame_pkt(pool, 7);
	CHECK_EQ(sr6_io_tx(io, &p, 1), 0);
	CHECK_EQ(io->stats.tx_errors, 1);
	CHECK_EQ(io->stats.tx_pkts, 0);
	CHECK_EQ(sh("ip link set va up"), 0);
	p = frame_pkt(pool, 8);
	uint64_t end = testns_now_ms() + 1000;
	while (sr6_io_tx(io, &p, 1) != 1 && testns_now_ms() < end) { /* carrier settling */
		usleep(1000);
		p = frame_pkt(pool, 8);
	}
	ssize_t r = peer_recv(fd, got, sizeof(got), 1000);
	CHECK_EQ(r, 100);
	uint32_t id;
	memcpy(&id, got + 14, 4);
	CHECK_EQ(id, 8);
	CHECK_EQ(pool->n_free, pool->size);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_tx_while_down_fails_then_recovers, tx_while_down_fails_then_recovers_body)

/* The device is deleted under us: rx and tx return 0, tx counts errors, close is clean. */
static void device_deleted_later_costs_errors_not_crashes_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[8];

	veth_setup();
	struct sr6_io *io = open_afp("va", pool, err);
	CHECK(io);
	CHECK_EQ(sh("ip link del va"), 0);
	for (int i = 0; i < 3; i++) {
		struct sr6_pkt *p = frame_pkt(pool, (uint32_t)i);
		CHECK_EQ(sr6_io_tx(io, &p, 1), 0);
		CHECK_EQ(sr6_io_rx(io, pkts, 8), 0);
	}
	CHECK_EQ(io->stats.tx_errors, 3);
	CHECK_EQ(pool->n_free, pool->size);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afpacket_device_deleted_later_costs_errors_not_crashes,
       device_deleted_later_costs_errors_not_crashes_body)

SR6_TESTS(T(afpacket_open_reads_mac_mtu_and_sets_promisc),
	  T(afpacket_missing_device_error_names_it), T(afpacket_rx_gets_frame_sent_on_peer),
	  T(afpacket_rx_puts_back_stripped_vlan_tag), T(afpacket_tx_frames_arrive_on_peer),
	  T(afpacket_tx_drops_frame_over_mtu), T(afpacket_pool_exhaustion_keeps_frames),
	  T(afpacket_full_ring_drops_are_counted), T(afpacket_tx_while_down_fails_then_recovers),
	  T(afpacket_device_deleted_later_costs_errors_not_crashes))
