// SPDX-License-Identifier: MIT
/*
 * afxdp driver against a real veth pair, each test in its own netns:
 *
 *   srv6d afxdp io [va 02:00:00:00:00:0a, queue 0, XDP] <==veth==> [vb] AF_PACKET socket (test)
 *
 * Proves: frames sent on vb come out of rx_burst byte for byte (up to
 * MTU + 14 = 3014 B, more than a 2 KiB frame would hold), tx_burst frames
 * reach vb byte for byte, more frames than the UMEM has flow both ways (the
 * fill and completion rings recycle), an empty pool delays frames without
 * losing them, fill-ring overflow is counted. Startup: our program goes on
 * in native mode, or generic where the driver refuses native; where
 * libxdp's program is already on the device we join it (and leave it at
 * close), where someone else's is we fail and leave it; close detaches what
 * we attached and leaks no fd or mapping; a queue freed by a close can be
 * bound again at once; startup failures (no device, MTU too big, no
 * CAP_NET_RAW, no CAP_NET_ADMIN) say why. A device that
 * goes down or away costs counted errors, not crashes. Frames use the local
 * experimental Ethertype 0x88b5 so stray kernel traffic can't be mistaken
 * for them. Needs root and AF_XDP: otherwise SKIP (exit 77).
 */
#include "check.h"

#include "io/io.h"

#include "testns.h"

#include <dirent.h>
#include <linux/capability.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>

#define ETH_TEST 0x88b5
#define VA_MAC	 "02:00:00:00:00:0a"
#define VB_MAC	 "02:00:00:00:00:0b"
#define MTU	 3000

#ifndef AF_XDP
#define AF_XDP 44
#endif

static const uint8_t va_mac[6] = {2, 0, 0, 0, 0, 0x0a};
static const uint8_t vb_mac[6] = {2, 0, 0, 0, 0, 0x0b};

/* va/vb up with fixed MACs and the given MTU, IPv6 off so nothing but our frames flows. */
static void veth_setup_mtu(int mtu)
{
	int fd;

	testns_disable_ipv6();
	fd = socket(AF_XDP, SOCK_RAW, 0);
	TESTNS_REQUIRE(fd >= 0 || errno != EAFNOSUPPORT, "AF_XDP is not supported by this kernel");
	if (fd >= 0)
		close(fd);
	/* One queue each way: the socket serves queue 0 only. */
	TESTNS_REQUIRE(sh("ip link add va numtxqueues 1 numrxqueues 1 type veth peer name vb "
			  "numtxqueues 1 numrxqueues 1") == 0,
		       "cannot create veth pair");
	CHECK_EQ(sh("ip link set va address " VA_MAC " mtu %d up", mtu), 0);
	CHECK_EQ(sh("ip link set vb address " VB_MAC " mtu %d up", mtu), 0);
}

static void veth_setup(void)
{
	veth_setup_mtu(MTU);
}

static struct sr6_io *open_xdp(const char *dev, struct sr6_pkt_pool *pool, char *err)
{
	struct sr6_io_config cfg = {.name = "wan0", .driver = "afxdp", .dev = dev, .pool = pool};

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

static uint32_t frame_id(const uint8_t *f)
{
	uint32_t id;

	memcpy(&id, f + 14, 4);
	return id;
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

/* Next 0x88b5 frame from rx_burst within timeout_ms (others are freed), or NULL. */
static struct sr6_pkt *xdp_recv(struct sr6_io *io, int timeout_ms)
{
	uint64_t end = testns_now_ms() + (uint64_t)timeout_ms;
	struct sr6_pkt *pkts[1];

	while (testns_now_ms() < end) {
		if (!sr6_io_rx(io, pkts, 1)) {
			usleep(1000);
			continue;
		}
		const uint8_t *d = pkts[0]->data;
		if (pkts[0]->len >= 14 && d[12] == (ETH_TEST >> 8) && d[13] == (ETH_TEST & 0xff))
			return pkts[0];
		sr6_pkt_free(pkts[0]);
	}
	return NULL;
}

static struct sr6_pkt *frame_pkt(struct sr6_pkt_pool *pool, size_t len, uint32_t id)
{
	struct sr6_pkt *p = sr6_pkt_alloc(pool);

	p->len = (uint32_t)make_frame(p->data, len, vb_mac, va_mac, id);
	return p;
}

/* Any XDP program on dev ("xdp", "xdpgeneric", ... in `ip link`)? */
static bool xdp_attached(const char *dev)
{
	return sh("ip link show %s | grep -q xdp", dev) == 0;
}

/* Program `name` attached to dev in `mode` (xdp = native, xdpgeneric = skb). */
static bool xdp_prog_is(const char *dev, const char *mode, const char *name)
{
	return sh("ip link show %s | grep -Eq 'mtu [0-9]+ %s '", dev, mode) == 0 &&
	       sh("ip -d link show %s | grep -Eq 'prog/xdp id [0-9]+ name %s '", dev, name) == 0;
}

/* One frame each way through an open io. */
static void check_one_frame_each_way(struct sr6_io *io, struct sr6_pkt_pool *pool, int fd,
				     uint32_t id)
{
	uint8_t f[200], got[300];

	make_frame(f, sizeof(f), va_mac, vb_mac, id);
	CHECK_EQ(peer_send(fd, f, sizeof(f)), 0);
	struct sr6_pkt *p = xdp_recv(io, 1000);
	CHECK(p);
	CHECK_EQ(p->len, sizeof(f));
	CHECK_MEM(p->data, f, sizeof(f));
	sr6_pkt_free(p);
	p = frame_pkt(pool, sizeof(f), id + 1);
	CHECK_EQ(sr6_io_tx(io, &p, 1), 1);
	CHECK_EQ(peer_recv(fd, got, sizeof(got), 1000), (ssize_t)sizeof(f));
	CHECK_EQ(frame_id(got), id + 1);
}

/* veth has native XDP: our program goes on in native mode, and comes off at close. */
static void open_reads_mac_mtu_and_close_detaches_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	CHECK(!xdp_attached("va"));
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	CHECK_MEM(io->mac, va_mac, 6);
	CHECK_EQ(io->mtu, MTU);
	CHECK_EQ(io->linktype, SR6_LINK_ETHERNET);
	CHECK(xdp_prog_is("va", "xdp", "srv6d_xsk"));
	sr6_io_close(io);
	CHECK(!xdp_attached("va"));
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_open_reads_mac_mtu_and_close_detaches, open_reads_mac_mtu_and_close_detaches_body)

static void missing_device_error_names_it_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	CHECK(!open_xdp("veth9", pool, err));
	CHECK(strcmp(err, "interface wan0: afxdp dev veth9: No such device") == 0);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_missing_device_error_names_it, missing_device_error_names_it_body)

/* Jumbo frames need multi-buffer AF_XDP: refused at open, not dropped silently later. */
static void mtu_larger_than_a_frame_is_refused_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup_mtu(9000);
	CHECK(!open_xdp("va", pool, err));
	CHECK(strcmp(err,
		     "interface wan0: afxdp dev va: MTU 9000 does not fit an AF_XDP frame (3822 "
		     "at most); lower it or use driver afpacket") == 0);
	CHECK(!xdp_attached("va"));
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_mtu_larger_than_a_frame_is_refused, mtu_larger_than_a_frame_is_refused_body)

/* vb sends [va_mac vb_mac 88b5 id ...] of 100 B and of MTU + 14 B: rx_burst returns those bytes. */
static void rx_gets_frames_sent_on_peer_body(void)
{
	static uint8_t f[MTU + 14];
	const size_t lens[2] = {100, MTU + 14};
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(64);
	char err[SR6_IO_ERRLEN];
	struct timespec now;

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	for (int i = 0; i < 2; i++) {
		make_frame(f, lens[i], va_mac, vb_mac, 1 + (uint32_t)i);
		CHECK_EQ(peer_send(fd, f, lens[i]), 0);
		struct sr6_pkt *p = xdp_recv(io, 1000);
		CHECK(p);
		CHECK_EQ(p->len, lens[i]);
		CHECK_MEM(p->data, f, lens[i]);
		CHECK(p->data == p->head + SR6_PKT_HEADROOM);
		CHECK_EQ(p->flags, SR6_PKT_F_L2);
		clock_gettime(CLOCK_REALTIME, &now);
		uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
		CHECK(p->ts_ns <= now_ns && p->ts_ns > now_ns - 5000000000ull);
		sr6_pkt_free(p);
	}
	CHECK(io->stats.rx_pkts >= 2);
	CHECK(io->stats.rx_bytes >= lens[0] + lens[1]);
	CHECK_EQ(io->stats.rx_errors, 0);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_rx_gets_frames_sent_on_peer, rx_gets_frames_sent_on_peer_body)

/*
 * tx_burst [vb_mac va_mac 88b5 ...] of 100 B and of MTU + 14 B: vb
 * receives both byte for byte, all buffers are back in the pool.
 */
static void tx_frames_arrive_on_peer_body(void)
{
	static uint8_t f[2][MTU + 14], got[MTU + 100];
	const size_t lens[2] = {100, MTU + 14};
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(64);
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[2];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
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
	CHECK(!xdp_recv(io, 50));
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_tx_frames_arrive_on_peer, tx_frames_arrive_on_peer_body)

/* MTU + 14 + 4 is the most the device takes; one byte more is ours to drop and count. */
static void tx_drops_frame_over_mtu_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	struct sr6_pkt *p = frame_pkt(pool, MTU + 19, 3);
	CHECK_EQ(sr6_io_tx(io, &p, 1), 0);
	CHECK_EQ(io->stats.tx_errors, 1);
	CHECK_EQ(io->stats.tx_pkts, 0);
	CHECK_EQ(pool->n_free, pool->size);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_tx_drops_frame_over_mtu, tx_drops_frame_over_mtu_body)

/* Pool of one buffer, three frames waiting: they come out one per call, in order. */
static void pool_exhaustion_keeps_frames_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(1);
	char err[SR6_IO_ERRLEN];
	uint8_t f[80];
	struct sr6_pkt *pkts[4];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
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
		CHECK_EQ(frame_id(pkts[0]->data), want);
		want++;
		sr6_pkt_free(pkts[0]);
	}
	CHECK_EQ(want, 103);
	CHECK_EQ(io->stats.rx_errors, 0);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_pool_exhaustion_keeps_frames, pool_exhaustion_keeps_frames_body)

/*
 * 3000 frames each way, in bursts of 64, more than the 2048 RX and 2048 TX
 * frames of the UMEM: every frame arrives, in order, so the fill ring gets
 * its frames back and the completion ring returns the sent ones. A burst of
 * 64 is also two kernel batches of 32, so a tx_burst needs more than one kick.
 */
static void frames_recycle_through_fill_and_completion_rings_body(void)
{
	const uint32_t total = 3000;
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(128);
	char err[SR6_IO_ERRLEN];
	uint8_t f[128], got[256];
	struct sr6_pkt *pkts[64];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	for (uint32_t base = 0; base < total; base += 64) {
		uint32_t n = total - base < 64 ? total - base : 64;

		for (uint32_t i = 0; i < n; i++) {
			make_frame(f, sizeof(f), va_mac, vb_mac, base + i);
			CHECK_EQ(peer_send(fd, f, sizeof(f)), 0);
		}
		uint32_t seen = 0;
		uint64_t end = testns_now_ms() + 1000;
		while (seen < n && testns_now_ms() < end) {
			uint16_t r = sr6_io_rx(io, pkts, 64);
			for (uint16_t i = 0; i < r; i++) {
				CHECK_EQ(pkts[i]->len, sizeof(f));
				CHECK_EQ(frame_id(pkts[i]->data), base + seen);
				seen++;
				sr6_pkt_free(pkts[i]);
			}
			if (!r)
				usleep(100);
		}
		CHECK_EQ(seen, n);
		for (uint32_t i = 0; i < n; i++)
			pkts[i] = frame_pkt(pool, sizeof(f), base + i);
		CHECK_EQ(sr6_io_tx(io, pkts, (uint16_t)n), n);
		for (uint32_t i = 0; i < n; i++) {
			CHECK_EQ(peer_recv(fd, got, sizeof(got), 1000), (ssize_t)sizeof(f));
			CHECK_EQ(frame_id(got), base + i);
		}
	}
	CHECK_EQ(io->stats.rx_pkts, total);
	CHECK_EQ(io->stats.tx_pkts, total);
	CHECK_EQ(io->stats.rx_errors + io->stats.tx_errors, 0);
	CHECK_EQ(pool->n_free, pool->size);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_frames_recycle_through_fill_and_completion_rings,
       frames_recycle_through_fill_and_completion_rings_body)

/*
 * 4000 frames while nobody reads: the kernel fills the 2048 RX frames and
 * drops the rest for want of a fill buffer. Draining shows those drops in
 * rx_errors; delivered never exceeds the RX frames, delivered + dropped
 * never exceeds what was sent.
 */
static void drained_fill_ring_drops_are_counted_body(void)
{
	const uint32_t n_flood = 4000;
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(64);
	char err[SR6_IO_ERRLEN];
	uint8_t f[100];
	struct sr6_pkt *pkts[64];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	for (uint32_t i = 0; i < n_flood; i++) {
		make_frame(f, sizeof(f), va_mac, vb_mac, i);
		CHECK_EQ(peer_send(fd, f, sizeof(f)), 0);
	}
	usleep(20000); /* let the veth's NAPI finish the flood */
	uint64_t end = testns_now_ms() + 2000;
	uint64_t idle_since = testns_now_ms();
	while (testns_now_ms() < end && testns_now_ms() - idle_since < 100) {
		uint16_t n = sr6_io_rx(io, pkts, 64);
		for (uint16_t i = 0; i < n; i++)
			sr6_pkt_free(pkts[i]);
		if (n)
			idle_since = testns_now_ms();
	}
	CHECK(io->stats.rx_pkts > 0 && io->stats.rx_pkts <= 2048);
	CHECK(io->stats.rx_errors > 0);
	CHECK(io->stats.rx_pkts + io->stats.rx_errors <= n_flood);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_drained_fill_ring_drops_are_counted, drained_fill_ring_drops_are_counted_body)

/*
 * Another process, an AF_XDP user of libxdp, put libxdp's program on va
 * (xsk_setup_xdp_prog, as one serving another queue would). It exits with
 * _exit: that libxdp call leaks a little memory, and LeakSanitizer is for
 * our process. Our link is refused, so we join that program through
 * libxdp, frames flow, and close leaves the program, not ours, in place.
 */
static void joins_libxdp_program_already_on_the_device_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];
	int status;

	veth_setup();
	pid_t pid = fork();
	if (pid == 0) {
		int map_fd;

		libbpf_set_print(NULL);
		libxdp_set_print(NULL);
		_exit(xsk_setup_xdp_prog((int)if_nametoindex("va"), &map_fd) ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(xdp_prog_is("va", "xdp", "xsk_def_prog"));
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	CHECK(xdp_prog_is("va", "xdp", "xsk_def_prog"));
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	check_one_frame_each_way(io, pool, fd, 20);
	close(fd);
	sr6_io_close(io);
	CHECK(xdp_prog_is("va", "xdp", "xsk_def_prog"));
	CHECK_EQ(pool->n_free, pool->size);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_joins_libxdp_program_already_on_the_device,
       joins_libxdp_program_already_on_the_device_body)

/* A program of someone else's holds va without libxdp: open fails, says why, leaves it be. */
static void foreign_xdp_program_fails_open_and_stays_body(void)
{
	const struct bpf_insn pass[] = {
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	int prog = bpf_prog_load(BPF_PROG_TYPE_XDP, "foreign", "GPL", pass, 2, NULL);
	CHECK(prog >= 0);
	CHECK_EQ(bpf_xdp_attach((int)if_nametoindex("va"), prog, XDP_FLAGS_DRV_MODE, NULL), 0);
	CHECK(!open_xdp("va", pool, err));
	CHECK(strcmp(err,
		     "interface wan0: afxdp dev va: XDP attach failed: own program: File exists "
		     "(the device has an XDP program); libxdp: Device or resource busy") == 0);
	CHECK(xdp_prog_is("va", "xdp", "foreign"));
	close(prog);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_foreign_xdp_program_fails_open_and_stays,
       foreign_xdp_program_fails_open_and_stays_body)

/*
 * veth refuses native XDP above MTU ~3500 (a frame must fit a page with
 * its skb_shared_info): at MTU 3800 our program goes on in generic mode,
 * and MTU-sized frames flow both ways.
 */
static void generic_mode_when_native_xdp_refuses_body(void)
{
	static uint8_t f[3814], got[4000];
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup_mtu(3800);
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	CHECK(xdp_prog_is("va", "xdpgeneric", "srv6d_xsk"));
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	make_frame(f, sizeof(f), va_mac, vb_mac, 30);
	CHECK_EQ(peer_send(fd, f, sizeof(f)), 0);
	struct sr6_pkt *p = xdp_recv(io, 1000);
	CHECK(p);
	CHECK_EQ(p->len, sizeof(f));
	CHECK_MEM(p->data, f, sizeof(f));
	sr6_pkt_free(p);
	p = frame_pkt(pool, sizeof(f), 31);
	CHECK_EQ(sr6_io_tx(io, &p, 1), 1);
	CHECK_EQ(peer_recv(fd, got, sizeof(got), 1000), (ssize_t)sizeof(f));
	CHECK_EQ(frame_id(got), 31);
	close(fd);
	sr6_io_close(io);
	CHECK(!xdp_attached("va"));
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_generic_mode_when_native_xdp_refuses, generic_mode_when_native_xdp_refuses_body)

/* The kernel frees a closed socket's queue a little later; open waits for it. */
static void reopen_right_after_close_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	sr6_io_close(io);
	io = open_xdp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	check_one_frame_each_way(io, pool, fd, 40);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_reopen_right_after_close, reopen_right_after_close_body)

/* Entries of /proc/self/fd, and lines of /proc/self/maps naming a socket (AF_XDP rings). */
static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static int count_socket_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, "socket:[") != NULL || strstr(line, "xdp") != NULL;
	fclose(f);
	return n;
}

/* Open and close, and a failed open, give back their fds and ring mappings. */
static void open_close_leaks_nothing_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err); /* warm up: libraries' one-time state */
	CHECK(io);
	sr6_io_close(io);
	int fds = count_fds(), maps = count_socket_maps();
	for (int i = 0; i < 3; i++) {
		io = open_xdp("va", pool, err);
		CHECK(io);
		sr6_io_close(io);
	}
	CHECK(!open_xdp("va9", pool, err));
	CHECK_EQ(count_fds(), fds);
	CHECK_EQ(count_socket_maps(), maps);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_open_close_leaks_nothing, open_close_leaks_nothing_body)

/* Drop capabilities from this (child) process's effective set. */
static int drop_caps(const int *caps, int n)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		d[caps[i] / 32].effective &= ~(1u << (caps[i] % 32));
	return (int)syscall(SYS_capset, &h, d);
}

static void without_cap_net_raw_says_so_body(void)
{
	static const int caps[] = {CAP_NET_RAW};
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	CHECK_EQ(drop_caps(caps, 1), 0);
	CHECK(!open_xdp("va", pool, err));
	CHECK(strcmp(err, "interface wan0: afxdp dev va: AF_XDP socket: Operation not permitted "
			  "(needs CAP_NET_RAW)") == 0);
	CHECK(!xdp_attached("va"));
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_without_cap_net_raw_says_so, without_cap_net_raw_says_so_body)

/* The socket binds, but no program can be loaded: both ways of trying are in the message. */
static void without_cap_net_admin_xdp_attach_fails_body(void)
{
	static const int caps[] = {CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_BPF};
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	CHECK_EQ(drop_caps(caps, 3), 0);
	CHECK(!open_xdp("va", pool, err));
	CHECK(strcmp(err, "interface wan0: afxdp dev va: XDP attach failed: own program: Operation "
			  "not permitted; libxdp: Operation not permitted") == 0);
	CHECK(!xdp_attached("va"));
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_without_cap_net_admin_xdp_attach_fails, without_cap_net_admin_xdp_attach_fails_body)

static bool wait_carrier(const char *dev, int timeout_ms)
{
	for (uint64_t end = testns_now_ms() + (uint64_t)timeout_ms; testns_now_ms() < end;) {
		if (sh("ip link show %s | grep -q LOWER_UP", dev) == 0)
			return true;
		usleep(1000);
	}
	return false;
}

/*
 * va down: tx_burst returns 0 and counts the error, nothing left queued
 * behind our back. va up again: the next frame (and only it) reaches vb.
 */
static void tx_while_down_fails_then_recovers_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];
	uint8_t got[200];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	int fd = peer_socket("vb");
	CHECK(fd >= 0);
	CHECK_EQ(sh("ip link set va down"), 0);
	struct sr6_pkt *p = frame_pkt(pool, 100, 7);
	CHECK_EQ(sr6_io_tx(io, &p, 1), 0);
	CHECK_EQ(io->stats.tx_errors, 1);
	CHECK_EQ(io->stats.tx_pkts, 0);
	CHECK_EQ(pool->n_free, pool->size);
	CHECK_EQ(sh("ip link set va up"), 0);
	CHECK(wait_carrier("va", 1000));
	p = frame_pkt(pool, 100, 8);
	CHECK_EQ(sr6_io_tx(io, &p, 1), 1);
	CHECK_EQ(peer_recv(fd, got, sizeof(got), 1000), 100);
	CHECK_EQ(frame_id(got), 8);
	CHECK_EQ(peer_recv(fd, got, sizeof(got), 50), -1);
	CHECK_EQ(io->stats.tx_errors, 1);
	close(fd);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_tx_while_down_fails_then_recovers, tx_while_down_fails_then_recovers_body)

/* vb down takes va's carrier: the kernel takes the frame and drops it; we count the drop. */
static void tx_without_carrier_counts_the_drop_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	CHECK_EQ(sh("ip link set vb down"), 0);
	struct sr6_pkt *p = frame_pkt(pool, 100, 9);
	sr6_io_tx(io, &p, 1);
	CHECK_EQ(io->stats.tx_errors, 1);
	CHECK_EQ(pool->n_free, pool->size);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_tx_without_carrier_counts_the_drop, tx_without_carrier_counts_the_drop_body)

/* The device is deleted under us: rx and tx return 0, tx counts errors, close is clean. */
static void device_deleted_later_costs_errors_not_crashes_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[8];

	veth_setup();
	struct sr6_io *io = open_xdp("va", pool, err);
	CHECK(io);
	CHECK_EQ(sh("ip link del va"), 0);
	for (uint32_t i = 0; i < 3; i++) {
		struct sr6_pkt *p = frame_pkt(pool, 100, i);
		CHECK_EQ(sr6_io_tx(io, &p, 1), 0);
		CHECK_EQ(sr6_io_rx(io, pkts, 8), 0);
	}
	CHECK_EQ(io->stats.tx_errors, 3);
	CHECK_EQ(pool->n_free, pool->size);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(afxdp_device_deleted_later_costs_errors_not_crashes,
       device_deleted_later_costs_errors_not_crashes_body)

SR6_TESTS(T(afxdp_open_reads_mac_mtu_and_close_detaches), T(afxdp_missing_device_error_names_it),
	  T(afxdp_mtu_larger_than_a_frame_is_refused), T(afxdp_rx_gets_frames_sent_on_peer),
	  T(afxdp_tx_frames_arrive_on_peer), T(afxdp_tx_drops_frame_over_mtu),
	  T(afxdp_pool_exhaustion_keeps_frames),
	  T(afxdp_frames_recycle_through_fill_and_completion_rings),
	  T(afxdp_drained_fill_ring_drops_are_counted),
	  T(afxdp_joins_libxdp_program_already_on_the_device),
	  T(afxdp_foreign_xdp_program_fails_open_and_stays),
	  T(afxdp_generic_mode_when_native_xdp_refuses), T(afxdp_reopen_right_after_close),
	  T(afxdp_open_close_leaks_nothing), T(afxdp_without_cap_net_raw_says_so),
	  T(afxdp_without_cap_net_admin_xdp_attach_fails),
	  T(afxdp_tx_while_down_fails_then_recovers), T(afxdp_tx_without_carrier_counts_the_drop),
	  T(afxdp_device_deleted_later_costs_errors_not_crashes))
