// SPDX-License-Identifier: MIT
/*
 * afpacket driver: a kernel network device through one AF_PACKET socket
 * with memory-mapped rings (Documentation/networking/packet_mmap.rst).
 *
 *   mmap:  | RX ring: 64 blocks x 128 KiB | TX ring: 79 blocks x 13 slots of 10032 B |
 *
 * RX is TPACKET_V3: the kernel packs variable-sized frames into a block and
 * hands us the whole block (full, or after a 1 ms retire timeout); we walk
 * its frames and give the block back when the last one is copied out.
 * Nothing here blocks or makes a syscall on the fast path: rx_burst looks at
 * one status word and returns 0 when no block is ready. If the pool runs
 * dry mid-block we keep our place and resume there next call.
 *
 * TX uses the same socket (so also TPACKET_V3, fixed-size slots; kernels
 * since 4.11): copy into a free slot, flip it to SEND_REQUEST, and kick the
 * kernel with one non-blocking sendto() per burst. PACKET_QDISC_BYPASS hands
 * frames straight to the driver, as VPP and DPDK's af_packet can: a router
 * queues and schedules for itself, and the qdisc layer would add a lock
 * and a second queue per frame. (So tcpdump on the device does not see our
 * TX either.) PACKET_LOSS makes the kernel skip a slot it refuses instead
 * of wedging the ring on it.
 *
 * Sizes, and why:
 *  - RX 64 x 128 KiB = 8 MiB. A block must hold the largest frame (a
 *    frame never spans blocks; a dozen 9216-byte jumbos fit), and the ring
 *    must soak up a worker stall: ~50k minimum-size frames or ~5k at 1500
 *    bytes, i.e. ~50 ms at 1 Mpps. Blocks much larger than the largest
 *    frame only delay their return to the kernel, which waits until every
 *    frame in them is read.
 *  - RX retire timeout 1 ms: bounds the latency a lone packet waits in a
 *    half-filled block (the kernel's default follows link speed and is
 *    8 ms when the speed is unknown). Jiffy granularity may round it up.
 *  - TX slot = tpacket header + SR6_PKT_HEADROOM + SR6_PKT_DATA_ROOM, so
 *    anything the pipeline can build fits; 1027 slots (~10 MiB) cover
 *    frames waiting for TX completion (a slot stays attached to its skb,
 *    zero-copy, until the driver frees it): ~1 ms at 1 Mpps. The kernel caps
 *    a frame at MTU + 14 + 4 (VLAN); we drop larger ones ourselves and count
 *    them, rather than let the kernel log an error per frame.
 *
 * The receive path strips an 802.1Q/802.1ad tag into skb metadata before a
 * packet socket sees the frame (TP_STATUS_VLAN_VALID); we put it back so
 * the pipeline sees the frame that was on the wire. Frames the
 * socket sees leaving the device (PACKET_OUTGOING: ours when the kernel lacks
 * PACKET_IGNORE_OUTGOING, or the host stack's) are not input and are skipped.
 *
 * When the device goes away or down the RX ring just goes quiet; a TX kick
 * then fails with ENXIO/ENETDOWN before the kernel touches a slot, so we
 * take the burst's slots back, count it in tx_errors and return 0.
 *
 * Limits the operator must know (the frames are the kernel's, not ours):
 *  - GRO/LRO coalesce frames up to 64 KiB before a packet socket sees them;
 *    those exceed our buffer and are dropped as rx_errors. Turn them off on
 *    the device (ethtool -K DEV gro off lro off).
 *  - Frames the local stack sent into a veth with checksum offload arrive
 *    with the L4 checksum unfinished (TP_STATUS_CSUMNOTREADY); forwarded as
 *    they are, the far end drops them. Turn off tx offload on the sending
 *    peer (ethtool -K PEER tx off).
 *  - The MTU is read once at open; after raising it, reopen the interface.
 */
#include "backend.h"

#include "../core/bytes.h"

#include <assert.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#define SR6_AFP_BLOCK_SIZE (128u << 10)
#define SR6_AFP_RX_BLOCKS 64u
#define SR6_AFP_RX_FRAME 2048u /* V3 frames are variable: only a ring-size check */
#define SR6_AFP_RX_TOV_MS 1u

/* Where a frame's bytes start, without PACKET_TX_HAS_OFF. */
#define SR6_AFP_TX_DATA_OFF TPACKET_ALIGN(sizeof(struct tpacket3_hdr))
#define SR6_AFP_TX_FRAME TPACKET_ALIGN(SR6_AFP_TX_DATA_OFF + SR6_PKT_HEADROOM + SR6_PKT_DATA_ROOM)
#define SR6_AFP_TX_PER_BLOCK (SR6_AFP_BLOCK_SIZE / SR6_AFP_TX_FRAME)
#define SR6_AFP_TX_WANT 1024u
#define SR6_AFP_TX_BLOCKS ((SR6_AFP_TX_WANT + SR6_AFP_TX_PER_BLOCK - 1) / SR6_AFP_TX_PER_BLOCK)
#define SR6_AFP_TX_FRAMES (SR6_AFP_TX_BLOCKS * SR6_AFP_TX_PER_BLOCK)

#define SR6_AFP_RX_SIZE ((size_t)SR6_AFP_RX_BLOCKS * SR6_AFP_BLOCK_SIZE)
#define SR6_AFP_TX_SIZE ((size_t)SR6_AFP_TX_BLOCKS * SR6_AFP_BLOCK_SIZE)

#define SR6_VLAN_HLEN 4

static_assert(SR6_AFP_TX_PER_BLOCK >= 1, "a TX block holds at least one frame");
static_assert(SR6_AFP_BLOCK_SIZE % 4096 == 0, "blocks are whole pages");

struct sr6_afp {
	int fd;
	uint8_t *map; /* RX ring, then TX ring */
	uint8_t *tx_ring;
	struct sr6_pkt_pool *pool;
	/* RX: the block we hold, if rx_left > 0, and the next frame in it */
	uint32_t rx_blk;
	uint32_t rx_left;
	struct tpacket3_hdr *rx_frame;
	/* TX: next slot to fill; largest frame the kernel will take */
	uint32_t tx_head;
	uint32_t tx_max_len;
	bool tx_queued; /* a kick failed with slots still waiting in the ring */
};

static struct tpacket_block_desc *sr6_afp_rx_block(struct sr6_afp *a, uint32_t i)
{
	return (struct tpacket_block_desc *)(a->map + (size_t)i * SR6_AFP_BLOCK_SIZE);
}

static struct tpacket3_hdr *sr6_afp_tx_frame(struct sr6_afp *a, uint32_t i)
{
	size_t off = (size_t)(i / SR6_AFP_TX_PER_BLOCK) * SR6_AFP_BLOCK_SIZE +
		     (size_t)(i % SR6_AFP_TX_PER_BLOCK) * SR6_AFP_TX_FRAME;
	return (struct tpacket3_hdr *)(a->tx_ring + off);
}

static int sr6_afp_setopt(int fd, int opt, const void *val, socklen_t len, const char *what,
			  const char *dev, char *err)
{
	if (setsockopt(fd, SOL_PACKET, opt, val, len) == 0)
		return 0;
	int e = errno;
	sr6_io_errf(err, "afpacket dev %s: %s: %s", dev, what, strerror(e));
	return -e;
}

static int sr6_afp_setopt_int(int fd, int opt, int val, const char *what, const char *dev,
			      char *err)
{
	return sr6_afp_setopt(fd, opt, &val, sizeof(val), what, dev, err);
}

static int sr6_afp_ioctl(int fd, unsigned long req, struct ifreq *ifr, const char *what,
			 const char *dev, char *err)
{
	if (ioctl(fd, req, ifr) == 0)
		return 0;
	int e = errno;
	sr6_io_errf(err, "afpacket dev %s: %s: %s", dev, what, strerror(e));
	return -e;
}

/* Device MAC, MTU and type: only Ethernet devices carry the frames we expect. */
static int sr6_afp_read_device(struct sr6_io *io, int fd, const char *dev, char *err)
{
	struct ifreq ifr;
	int rc;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, dev, strlen(dev));
	rc = sr6_afp_ioctl(fd, SIOCGIFHWADDR, &ifr, "SIOCGIFHWADDR", dev, err);
	if (rc < 0)
		return rc;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		sr6_io_errf(err, "afpacket dev %s: not an Ethernet device (ARPHRD type %u)", dev,
			    ifr.ifr_hwaddr.sa_family);
		return -EPROTONOSUPPORT;
	}
	memcpy(io->mac, ifr.ifr_hwaddr.sa_data, sizeof(io->mac));
	rc = sr6_afp_ioctl(fd, SIOCGIFMTU, &ifr, "SIOCGIFMTU", dev, err);
	if (rc < 0)
		return rc;
	io->mtu = (uint32_t)ifr.ifr_mtu;
	return 0;
}

static int sr6_afp_setup_rings(struct sr6_afp *a, const char *dev, char *err)
{
	struct tpacket_req3 rx = {
		.tp_block_size = SR6_AFP_BLOCK_SIZE,
		.tp_block_nr = SR6_AFP_RX_BLOCKS,
		.tp_frame_size = SR6_AFP_RX_FRAME,
		.tp_frame_nr = SR6_AFP_RX_BLOCKS * (SR6_AFP_BLOCK_SIZE / SR6_AFP_RX_FRAME),
		.tp_retire_blk_tov = SR6_AFP_RX_TOV_MS,
	};
	struct tpacket_req3 tx = {
		.tp_block_size = SR6_AFP_BLOCK_SIZE,
		.tp_block_nr = SR6_AFP_TX_BLOCKS,
		.tp_frame_size = SR6_AFP_TX_FRAME,
		.tp_frame_nr = SR6_AFP_TX_FRAMES,
	};
	int rc;

	rc = sr6_afp_setopt_int(a->fd, PACKET_VERSION, TPACKET_V3, "PACKET_VERSION", dev, err);
	if (!rc)
		rc = sr6_afp_setopt_int(a->fd, PACKET_LOSS, 1, "PACKET_LOSS", dev, err);
	if (!rc)
		rc = sr6_afp_setopt_int(a->fd, PACKET_QDISC_BYPASS, 1, "PACKET_QDISC_BYPASS", dev,
					err);
	if (!rc)
		rc = sr6_afp_setopt(a->fd, PACKET_RX_RING, &rx, sizeof(rx), "PACKET_RX_RING", dev,
				    err);
	if (!rc)
		rc = sr6_afp_setopt(a->fd, PACKET_TX_RING, &tx, sizeof(tx),
				    "PACKET_TX_RING (TPACKET_V3 TX needs Linux 4.11+)", dev, err);
	if (rc < 0)
		return rc;
	a->map = mmap(NULL, SR6_AFP_RX_SIZE + SR6_AFP_TX_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		      a->fd, 0);
	if (a->map == MAP_FAILED) {
		int e = errno;
		a->map = NULL;
		sr6_io_errf(err, "afpacket dev %s: mmap rings: %s", dev, strerror(e));
		return -e;
	}
	a->tx_ring = a->map + SR6_AFP_RX_SIZE;
	return 0;
}

static void sr6_afp_release(struct sr6_afp *a)
{
	if (a->map)
		munmap(a->map, SR6_AFP_RX_SIZE + SR6_AFP_TX_SIZE);
	if (a->fd >= 0)
		close(a->fd); /* also drops our promiscuous-mode reference */
	free(a);
}

static int sr6_afp_open(struct sr6_io *io, const struct sr6_io_config *cfg, char *err)
{
	const char *dev = cfg->dev;
	struct sr6_afp *a;
	unsigned int ifindex;
	int rc;

	if (!dev || !dev[0]) {
		sr6_io_errf(err, "afpacket: dev IFNAME is required");
		return -EINVAL;
	}
	if (strlen(dev) >= IFNAMSIZ) {
		sr6_io_errf(err, "afpacket dev %s: name longer than %d characters", dev,
			    IFNAMSIZ - 1);
		return -EINVAL;
	}
	if (cfg->linktype == SR6_LINK_RAW) {
		sr6_io_errf(err, "afpacket dev %s: only linktype ethernet is supported", dev);
		return -EINVAL;
	}
	if (!cfg->pool) {
		sr6_io_errf(err, "afpacket dev %s: no packet pool to receive into", dev);
		return -EINVAL;
	}
	ifindex = if_nametoindex(dev);
	if (!ifindex) {
		rc = -errno;
		sr6_io_errf(err, "afpacket dev %s: %s", dev, strerror(-rc));
		return rc;
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->pool = cfg->pool;
	/* Protocol 0: nothing is queued to us before the rings exist and we bind. */
	a->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (a->fd < 0) {
		rc = -errno;
		sr6_io_errf(err, "afpacket dev %s: socket: %s", dev, strerror(-rc));
		goto fail;
	}
	rc = sr6_afp_read_device(io, a->fd, dev, err);
	if (rc < 0)
		goto fail;
	rc = sr6_afp_setup_rings(a, dev, err);
	if (rc < 0)
		goto fail;
	/* Linux 4.20+; older kernels show us our own frames, which rx skips. */
	if (setsockopt(a->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &(int){1}, sizeof(int)) < 0 &&
	    errno != ENOPROTOOPT) {
		rc = -errno;
		sr6_io_errf(err, "afpacket dev %s: PACKET_IGNORE_OUTGOING: %s", dev, strerror(-rc));
		goto fail;
	}
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = sr6_htons(ETH_P_ALL),
		.sll_ifindex = (int)ifindex,
	};
	if (bind(a->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		rc = -errno;
		sr6_io_errf(err, "afpacket dev %s: bind: %s", dev, strerror(-rc));
		goto fail;
	}
	/* A router must see frames for its own MAC too, not only the host's. */
	struct packet_mreq mr = {.mr_ifindex = (int)ifindex, .mr_type = PACKET_MR_PROMISC};
	rc = sr6_afp_setopt(a->fd, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr), "promiscuous mode", dev,
			    err);
	if (rc < 0)
		goto fail;
	a->tx_max_len = io->mtu + ETH_HLEN + SR6_VLAN_HLEN;
	if (a->tx_max_len > SR6_AFP_TX_FRAME - SR6_AFP_TX_DATA_OFF)
		a->tx_max_len = SR6_AFP_TX_FRAME - SR6_AFP_TX_DATA_OFF;
	io->linktype = SR6_LINK_ETHERNET;
	io->priv = a;
	return 0;
fail:
	sr6_afp_release(a);
	return rc;
}

/* The kernel flags a block LOSING when its ring was full: collect the count. */
static void sr6_afp_count_drops(struct sr6_io *io, struct sr6_afp *a)
{
	struct tpacket_stats_v3 st;
	socklen_t len = sizeof(st);

	if (getsockopt(a->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
		io->stats.rx_errors += st.tp_drops;
}

static void sr6_afp_rx_release_block(struct sr6_afp *a)
{
	struct tpacket_block_desc *bd = sr6_afp_rx_block(a, a->rx_blk);

	__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
	a->rx_blk = (a->rx_blk + 1) % SR6_AFP_RX_BLOCKS;
	a->rx_left = 0;
}

/* Copy one frame out, putting back a VLAN tag the kernel took off. */
static int sr6_afp_copy_frame(const struct tpacket3_hdr *h, struct sr6_pkt *p)
{
	const uint8_t *src = (const uint8_t *)h + h->tp_mac;
	uint32_t snap = h->tp_snaplen;
	bool vlan = h->tp_status & TP_STATUS_VLAN_VALID;
	uint32_t len = snap + (vlan ? SR6_VLAN_HLEN : 0);

	if (snap < h->tp_len || len > SR6_PKT_DATA_ROOM)
		return -EMSGSIZE;
	if (vlan) {
		uint16_t tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID) ? h->hv1.tp_vlan_tpid
									  : ETH_P_8021Q;
		if (snap < 2 * ETH_ALEN)
			return -EINVAL;
		memcpy(p->data, src, 2 * ETH_ALEN);
		sr6_put_be16(p->data + 2 * ETH_ALEN, tpid);
		sr6_put_be16(p->data + 2 * ETH_ALEN + 2, (uint16_t)h->hv1.tp_vlan_tci);
		memcpy(p->data + 2 * ETH_ALEN + SR6_VLAN_HLEN, src + 2 * ETH_ALEN,
		       snap - 2 * ETH_ALEN);
	} else {
		memcpy(p->data, src, snap);
	}
	p->len = len;
	p->flags = SR6_PKT_F_L2;
	p->ts_ns = (uint64_t)h->tp_sec * 1000000000u + h->tp_nsec;
	return 0;
}

static bool sr6_afp_is_outgoing(const struct tpacket3_hdr *h)
{
	const struct sockaddr_ll *sll =
		(const struct sockaddr_ll *)((const uint8_t *)h + TPACKET_ALIGN(sizeof(*h)));
	return sll->sll_pkttype == PACKET_OUTGOING;
}

static uint16_t sr6_afp_rx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	struct sr6_afp *a = io->priv;
	uint16_t got = 0;

	while (got < n) {
		if (!a->rx_left) {
			struct tpacket_block_desc *bd = sr6_afp_rx_block(a, a->rx_blk);
			uint32_t st = __atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE);

			if (!(st & TP_STATUS_USER))
				break;
			if (st & TP_STATUS_LOSING)
				sr6_afp_count_drops(io, a);
			uint8_t *first = (uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt;

			a->rx_left = bd->hdr.bh1.num_pkts;
			a->rx_frame = (struct tpacket3_hdr *)first;
			if (!a->rx_left) {
				sr6_afp_rx_release_block(a);
				continue;
			}
		}
		struct tpacket3_hdr *h = a->rx_frame;
		if (!sr6_afp_is_outgoing(h)) {
			struct sr6_pkt *p = sr6_pkt_alloc(a->pool);

			if (!p)
				break; /* keep our place; the frame is read next call */
			if (sr6_afp_copy_frame(h, p) < 0) {
				io->stats.rx_errors++;
				sr6_pkt_free(p);
			} else {
				io->stats.rx_pkts++;
				io->stats.rx_bytes += p->len;
				pkts[got++] = p;
			}
		}
		a->rx_frame = (struct tpacket3_hdr *)((uint8_t *)h + h->tp_next_offset);
		if (--a->rx_left == 0)
			sr6_afp_rx_release_block(a);
	}
	return got;
}

static uint16_t sr6_afp_tx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	struct sr6_afp *a = io->priv;
	uint32_t first = a->tx_head;
	uint64_t bytes = 0;
	uint16_t sent = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct sr6_pkt *p = pkts[i];
		struct tpacket3_hdr *h = sr6_afp_tx_frame(a, a->tx_head);

		if (p->len < ETH_HLEN || p->len > a->tx_max_len ||
		    __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) != TP_STATUS_AVAILABLE) {
			io->stats.tx_errors++;
			sr6_io_pkt_release(p);
			continue;
		}
		memcpy((uint8_t *)h + SR6_AFP_TX_DATA_OFF, p->data, p->len);
		h->tp_next_offset = 0;
		h->tp_len = p->len;
		h->tp_snaplen = p->len;
		__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
		a->tx_head = (a->tx_head + 1) % SR6_AFP_TX_FRAMES;
		bytes += p->len;
		sent++;
		sr6_io_pkt_release(p);
	}
	if (!sent)
		return 0;
	a->tx_queued = false;
	if (sendto(a->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0) {
		if (errno == ENXIO || errno == ENETDOWN) {
			/* Refused before the kernel looked at a slot: they are ours again. */
			for (uint16_t i = 0; i < sent; i++)
				sr6_afp_tx_frame(a, (first + i) % SR6_AFP_TX_FRAMES)->tp_status =
					TP_STATUS_AVAILABLE;
			a->tx_head = first;
			io->stats.tx_errors += sent;
			io->link_down = true;
			return 0;
		}
		/* ENOBUFS from a busy driver: the slots stay queued for the next kick. */
		a->tx_queued = true;
	}
	io->link_down = false;
	io->stats.tx_pkts += sent;
	io->stats.tx_bytes += bytes;
	return sent;
}

/* Kick out slots a congested driver left queued, even if no burst follows. */
static void sr6_afp_flush(struct sr6_io *io)
{
	struct sr6_afp *a = io->priv;

	if (a->tx_queued && sendto(a->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0)
		a->tx_queued = false;
}

static void sr6_afp_close(struct sr6_io *io)
{
	sr6_afp_release(io->priv);
	io->priv = NULL;
}

const struct sr6_io_ops sr6_io_afpacket_ops = {
	.driver = "afpacket",
	.open = sr6_afp_open,
	.rx_burst = sr6_afp_rx_burst,
	.tx_burst = sr6_afp_tx_burst,
	.flush = sr6_afp_flush,
	.close = sr6_afp_close,
};
