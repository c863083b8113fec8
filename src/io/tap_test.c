// SPDX-License-Identifier: MIT
/*
 * tap driver with the Linux kernel as the peer, each test in its own netns:
 *
 *   kernel: sr6tap0 2001:db8::1/64  <==tap==>  srv6d tap io, MAC 02:.. (ours), "2001:db8::2"
 *
 * We play a host at 2001:db8::2 and ping the kernel through tx_burst:
 *
 *   tx: [kmac <- ourmac 86dd][2001:db8::2 -> ::1 ICMPv6 echo req id 0x1234 seq 1 "srv6d-io"]
 *   rx: [ourmac <- kmac 86dd][2001:db8::1 -> ::2 ICMPv6 echo reply, same id/seq/data]
 *
 * and, without a neighbour entry, check the kernel asks for us first (NS
 * for 2001:db8::2 to its solicited-node group). TUN mode (linktype raw)
 * does the same ping with bare IPv6 packets. Needs root: otherwise SKIP.
 */
#include "check.h"

#include "io/io.h"

#include "testns.h"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define TAP "sr6tap0"

static const uint8_t addr_kernel[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const uint8_t addr_us[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
static const uint8_t echo_data[8] = "srv6d-io";

static struct sr6_io *open_tap(const char *dev, enum sr6_linktype lt, struct sr6_pkt_pool *pool,
			       char *err)
{
	struct sr6_io_config cfg = {
		.name = "lan0", .driver = "tap", .dev = dev, .linktype = lt, .pool = pool};

	err[0] = '\0';
	struct sr6_io *io = sr6_io_open(&cfg, err);
	if (!io)
		fprintf(stderr, "  open: %s\n", err);
	return io;
}

static int dev_ioctl(const char *dev, unsigned long req, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", dev);
	rc = ioctl(fd, req, ifr);
	close(fd);
	return rc;
}

/*
 * Give the kernel 2001:db8::1/64 on dev and wait until it is usable: even
 * with nodad, the address leaves the tentative state from a workqueue, and
 * a packet that arrives before that is not for us.
 */
static int add_kernel_addr(const char *dev)
{
	if (sh("ip -6 addr add 2001:db8::1/64 dev %s nodad", dev) != 0)
		return -1;
	for (uint64_t end = testns_now_ms() + 1000; testns_now_ms() < end;) {
		if (sh("ip -6 addr show dev %s tentative | grep -q 2001:db8::1/", dev) != 0)
			return 0;
		usleep(1000);
	}
	return -1;
}

/* RFC 4443 §2.3: checksum over the RFC 8200 §8.1 pseudo-header and the message. */
static uint16_t icmp6_csum(const uint8_t *src, const uint8_t *dst, const uint8_t *msg, size_t len)
{
	uint32_t sum = 0;
	uint8_t ph[40] = {0};

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	ph[34] = (uint8_t)(len >> 8);
	ph[35] = (uint8_t)len;
	ph[39] = 58;
	for (size_t i = 0; i < 40; i += 2)
		sum += (uint32_t)(ph[i] << 8 | ph[i + 1]);
	for (size_t i = 0; i < len; i += 2)
		sum += (uint32_t)(msg[i] << 8 | (i + 1 < len ? msg[i + 1] : 0));
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* IPv6 + ICMPv6 echo request from us to the kernel at p; returns its length (56). */
static size_t make_echo_request(uint8_t *p)
{
	uint8_t *icmp = p + 40;
	size_t icmp_len = 8 + sizeof(echo_data);

	memset(p, 0, 40);
	p[0] = 0x60;
	p[5] = (uint8_t)icmp_len;
	p[6] = 58; /* ICMPv6 */
	p[7] = 64;
	memcpy(p + 8, addr_us, 16);
	memcpy(p + 24, addr_kernel, 16);
	icmp[0] = 128; /* echo request */
	icmp[1] = 0;
	icmp[2] = icmp[3] = 0;
	icmp[4] = 0x12;
	icmp[5] = 0x34;
	icmp[6] = 0;
	icmp[7] = 1;
	memcpy(icmp + 8, echo_data, sizeof(echo_data));
	uint16_t c = icmp6_csum(addr_us, addr_kernel, icmp, icmp_len);
	icmp[2] = (uint8_t)(c >> 8);
	icmp[3] = (uint8_t)c;
	return 40 + icmp_len;
}

/*
 * First received IPv6 packet (at l3 offset) carrying ICMPv6 of the given
 * type (and, for ND, about target), or NULL. Other traffic (the kernel's
 * DAD for its link-local address, MLD reports) is passed over.
 */
static struct sr6_pkt *recv_icmp6(struct sr6_io *io, size_t l3, uint8_t type,
				  const uint8_t *target, int timeout_ms)
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
		uint32_t len = pkts[0]->len;
		if (len >= l3 + 48 && (d[l3] >> 4) == 6 && d[l3 + 6] == 58 && d[l3 + 40] == type &&
		    (!target || (len >= l3 + 64 && memcmp(d + l3 + 48, target, 16) == 0)))
			return pkts[0];
		sr6_pkt_free(pkts[0]);
	}
	return NULL;
}

/* The reply at r mirrors make_echo_request()'s request, checksum included. */
static int echo_reply_ok(const uint8_t *r, size_t len)
{
	return len == 56 && r[0] >> 4 == 6 && r[6] == 58 && memcmp(r + 8, addr_kernel, 16) == 0 &&
	       memcmp(r + 24, addr_us, 16) == 0 && r[40] == 129 && r[44] == 0x12 &&
	       r[45] == 0x34 && r[46] == 0 && r[47] == 1 && memcmp(r + 48, echo_data, 8) == 0 &&
	       icmp6_csum(r + 8, r + 24, r + 40, 16) == 0;
}

/*
 * Send our echo request (in Ethernet to kmac when kmac is given, else bare)
 * and wait for the kernel's answer of the given type, resending every
 * 250 ms like ping: one late softirq on a loaded machine must not fail the
 * test (the kernel retransmits an NS only after 1 s). NULL after 2 s.
 */
static struct sr6_pkt *ping(struct sr6_io *io, struct sr6_pkt_pool *pool, const uint8_t *kmac,
			    uint8_t type, const uint8_t *target)
{
	size_t l3 = kmac ? 14 : 0;

	for (int try = 0; try < 8; try++) {
		struct sr6_pkt *p = sr6_pkt_alloc(pool), *r;

		if (kmac) {
			memcpy(p->data, kmac, 6);
			memcpy(p->data + 6, io->mac, 6);
			p->data[12] = 0x86;
			p->data[13] = 0xdd;
		}
		p->len = (uint32_t)(l3 + make_echo_request(p->data + l3));
		if (sr6_io_tx(io, &p, 1) != 1)
			return NULL;
		r = recv_icmp6(io, l3, type, target, 250);
		if (r)
			return r;
	}
	return NULL;
}

static void open_creates_device_up_with_stable_local_mac_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];
	struct ifreq ifr;
	uint8_t mac[6];

	struct sr6_io *io = open_tap(TAP, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_ETHERNET);
	CHECK_EQ(io->mtu, 1500);
	CHECK_EQ(io->mac[0], 0x02); /* locally administered, unicast */
	CHECK_EQ(dev_ioctl(TAP, SIOCGIFFLAGS, &ifr), 0);
	CHECK(ifr.ifr_flags & IFF_UP);
	CHECK_EQ(dev_ioctl(TAP, SIOCGIFHWADDR, &ifr), 0);
	CHECK(memcmp(ifr.ifr_hwaddr.sa_data, io->mac, 6) != 0); /* not the kernel side's */
	memcpy(mac, io->mac, 6);
	sr6_io_close(io);
	CHECK_EQ(if_nametoindex(TAP), 0); /* our tap was not persistent */

	io = open_tap(TAP, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_MEM(io->mac, mac, 6);
	sr6_io_close(io);
	io = open_tap("sr6tap1", SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK(memcmp(io->mac, mac, 6) != 0);
	sr6_io_close(io);

	/* no dev: the device takes the srv6d interface's name */
	struct sr6_io_config cfg = {.name = "sr6lan0", .driver = "tap", .pool = pool};
	io = sr6_io_open(&cfg, err);
	CHECK(io);
	CHECK(if_nametoindex("sr6lan0") != 0);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(tap_open_creates_device_up_with_stable_local_mac,
       open_creates_device_up_with_stable_local_mac_body)

static void echo_request_gets_kernel_reply_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(16);
	char err[SR6_IO_ERRLEN];
	struct ifreq ifr;
	uint8_t kmac[6];

	struct sr6_io *io = open_tap(TAP, SR6_LINK_ETHERNET, pool, err);
	CHECK(io);
	CHECK_EQ(dev_ioctl(TAP, SIOCGIFHWADDR, &ifr), 0);
	memcpy(kmac, ifr.ifr_hwaddr.sa_data, 6);
	CHECK_EQ(add_kernel_addr(TAP), 0);
	CHECK_EQ(sh("ip -6 neigh replace 2001:db8::2 lladdr %02x:%02x:%02x:%02x:%02x:%02x dev " TAP,
		    io->mac[0], io->mac[1], io->mac[2], io->mac[3], io->mac[4], io->mac[5]),
		 0);

	struct sr6_pkt *r = ping(io, pool, kmac, 129, NULL);
	CHECK(r);
	CHECK(io->stats.tx_pkts >= 1);
	CHECK_EQ(io->stats.tx_bytes, 70 * io->stats.tx_pkts);
	CHECK_EQ(r->flags, SR6_PKT_F_L2);
	CHECK(r->data == r->head + SR6_PKT_HEADROOM);
	CHECK_MEM(r->data, io->mac, 6);
	CHECK_MEM(r->data + 6, kmac, 6);
	CHECK_EQ(r->data[12], 0x86);
	CHECK_EQ(r->data[13], 0xdd);
	if (!echo_reply_ok(r->data + 14, r->len - 14))
		sr6_check_hexdump("reply", r->data, r->len);
	CHECK(echo_reply_ok(r->data + 14, r->len - 14));
	CHECK(r->ts_ns > 0);
	sr6_pkt_free(r);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(tap_echo_request_gets_kernel_reply, echo_request_gets_kernel_reply_body)

/*
 * No neighbour entry for us: before replying the kernel asks
 *   [33:33:ff:00:00:02 <- kmac 86dd][.. -> ff02::1:ff00:2 NS target 2001:db8::2]
 */
static void kernel_solicits_us_without_neighbor_entry_body(void)
{
	static const uint8_t solicited[16] = {0xff, 0x02, [11] = 1, 0xff, 0, 0, 2};
	static const uint8_t solicited_mac[6] = {0x33, 0x33, 0xff, 0, 0, 2};
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(16);
	char err[SR6_IO_ERRLEN];
	struct ifreq ifr;
	uint8_t kmac[6];

	struct sr6_io *io = open_tap(TAP, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(dev_ioctl(TAP, SIOCGIFHWADDR, &ifr), 0);
	memcpy(kmac, ifr.ifr_hwaddr.sa_data, 6);
	CHECK_EQ(add_kernel_addr(TAP), 0);

	struct sr6_pkt *ns = ping(io, pool, kmac, 135, addr_us);
	CHECK(ns);
	CHECK_MEM(ns->data, solicited_mac, 6);
	CHECK_MEM(ns->data + 6, kmac, 6);
	CHECK_MEM(ns->data + 14 + 24, solicited, 16);
	CHECK_MEM(ns->data + 14 + 48, addr_us, 16); /* NS target */
	sr6_pkt_free(ns);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(tap_kernel_solicits_us_without_neighbor_entry,
       kernel_solicits_us_without_neighbor_entry_body)

/* linktype raw: a TUN device, bare IPv6 both ways, no MAC. */
static void tun_raw_mode_moves_bare_ipv6_body(void)
{
	static const uint8_t zero[6];
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(16);
	char err[SR6_IO_ERRLEN];

	struct sr6_io *io = open_tap("sr6tun0", SR6_LINK_RAW, pool, err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_RAW);
	CHECK_MEM(io->mac, zero, 6);
	CHECK_EQ(add_kernel_addr("sr6tun0"), 0);

	struct sr6_pkt *r = ping(io, pool, NULL, 129, NULL);
	CHECK(r);
	CHECK_EQ(r->flags & SR6_PKT_F_L2, 0);
	if (!echo_reply_ok(r->data, r->len))
		sr6_check_hexdump("reply", r->data, r->len);
	CHECK(echo_reply_ok(r->data, r->len));
	sr6_pkt_free(r);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(tun_raw_mode_moves_bare_ipv6, tun_raw_mode_moves_bare_ipv6_body)

/* A runt frame is refused by the kernel: counted, freed, not "sent". */
static void tap_tx_error_is_counted_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	char err[SR6_IO_ERRLEN];

	struct sr6_io *io = open_tap(TAP, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	struct sr6_pkt *p = sr6_pkt_alloc(pool);
	p->len = 6;
	CHECK_EQ(sr6_io_tx(io, &p, 1), 0);
	CHECK_EQ(io->stats.tx_errors, 1);
	CHECK_EQ(pool->n_free, pool->size);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(tap_tx_error_is_counted, tap_tx_error_is_counted_body)

static void tap_on_existing_non_tap_device_says_so_body(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	char err[SR6_IO_ERRLEN];

	TESTNS_REQUIRE(sh("ip link add notatap type veth peer name notatap1") == 0,
		       "cannot create veth pair");
	struct sr6_io_config cfg = {
		.name = "lan0", .driver = "tap", .dev = "notatap", .pool = pool};
	CHECK(!sr6_io_open(&cfg, err));
	CHECK(strcmp(err, "interface lan0: tap dev notatap: TUNSETIFF: Invalid argument (a device "
			  "of that name exists and is not a tap)") == 0);
	cfg.dev = "a-name-too-long-for-linux";
	CHECK(!sr6_io_open(&cfg, err));
	CHECK(strcmp(err, "interface lan0: tap dev a-name-too-long-for-linux: name longer than 15 "
			  "characters") == 0);
	sr6_pkt_pool_destroy(pool);
}
TESTNS(tap_on_existing_non_tap_device_says_so, tap_on_existing_non_tap_device_says_so_body)

SR6_TESTS(T(tap_open_creates_device_up_with_stable_local_mac),
	  T(tap_echo_request_gets_kernel_reply),
	  T(tap_kernel_solicits_us_without_neighbor_entry),
	  T(tun_raw_mode_moves_bare_ipv6),
	  T(tap_tx_error_is_counted),
	  T(tap_on_existing_non_tap_device_says_so))
