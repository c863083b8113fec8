// SPDX-License-Identifier: MIT
/*
 * tap driver: srv6d as the far end of a TAP (or TUN) device.
 *
 *   host stack <--> [dev sr6tap0] <--/dev/net/tun fd--> srv6d
 *
 * This is how a laptop runs End.DX6/End.DT6 for its own applications: the
 * host routes into the tap, srv6d decapsulates and writes the inner packet
 * back. We create the device (or attach to a persistent one of that name),
 * bring it up, and move frames with read()/write() on a non-blocking fd:
 * one syscall per frame is the price of TAP, and fine at laptop rates.
 *
 * IFF_TAP gives Ethernet frames; `linktype raw` asks for IFF_TUN and bare
 * IP packets instead. IFF_NO_PI either way: no 4-byte prefix to strip.
 *
 * The kernel's side of a tap has its own random MAC; srv6d, the other end of
 * the cable, needs one too. We derive a locally administered unicast MAC
 * (02:xx:xx:xx:xx:xx) from the device name, so it is the same after every
 * restart and the host's neighbour cache stays valid.
 *
 * A frame longer than our buffer is cut by the kernel (which returns the
 * full or the cut length, by version); a one-byte second iovec makes both
 * visible as "more than fits", and such frames are counted and dropped.
 * Receive time is taken once per burst: TAP has no per-frame stamp.
 */
#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

struct sr6_tap {
	int fd;
	struct sr6_pkt_pool *pool;
	uint8_t overflow; /* catches the first byte past a full buffer */
};

/* FNV-1a: small, stable across versions and platforms. */
static void sr6_tap_mac_from_name(const char *name, uint8_t mac[6])
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const char *c = name; *c; c++) {
		h ^= (uint8_t)*c;
		h *= 0x100000001b3ull;
	}
	mac[0] = 0x02; /* locally administered, unicast */
	for (int i = 1; i < 6; i++)
		mac[i] = (uint8_t)(h >> (8 * (i - 1)));
}

/* Bring the device up and read its MTU, through any socket. */
static int sr6_tap_up(struct sr6_io *io, const char *dev, char *err)
{
	struct ifreq ifr;
	const char *what;
	int fd, rc = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		rc = -errno;
		sr6_io_errf(err, "tap dev %s: socket: %s", dev, strerror(-rc));
		return rc;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, dev, strlen(dev));
	what = "SIOCGIFFLAGS";
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		goto fail;
	/* A persistent tap already up needs no CAP_NET_ADMIN from us. */
	if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		what = "set up";
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			goto fail;
	}
	what = "SIOCGIFMTU";
	if (ioctl(fd, SIOCGIFMTU, &ifr) < 0)
		goto fail;
	io->mtu = (uint32_t)ifr.ifr_mtu;
	close(fd);
	return 0;
fail:
	rc = -errno;
	sr6_io_errf(err, "tap dev %s: %s: %s", dev, what, strerror(-rc));
	close(fd);
	return rc;
}

static int sr6_tap_open(struct sr6_io *io, const struct sr6_io_config *cfg, char *err)
{
	/* Without dev, the device is named after the srv6d interface. */
	const char *dev = cfg->dev && cfg->dev[0] ? cfg->dev : cfg->name;
	bool tun = cfg->linktype == SR6_LINK_RAW;
	struct sr6_tap *t;
	struct ifreq ifr;
	int rc;

	if (!dev || !dev[0]) {
		sr6_io_errf(err, "tap: dev IFNAME is required");
		return -EINVAL;
	}
	if (strlen(dev) >= IFNAMSIZ) {
		sr6_io_errf(err, "tap dev %s: name longer than %d characters", dev, IFNAMSIZ - 1);
		return -EINVAL;
	}
	if (!cfg->pool) {
		sr6_io_errf(err, "tap dev %s: no packet pool to receive into", dev);
		return -EINVAL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->pool = cfg->pool;
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		rc = -errno;
		sr6_io_errf(err, "tap dev %s: /dev/net/tun: %s", dev, strerror(-rc));
		goto fail;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, dev, strlen(dev));
	ifr.ifr_flags = (short)((tun ? IFF_TUN : IFF_TAP) | IFF_NO_PI);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		rc = -errno;
		const char *hint = "";

		if (rc == -EINVAL)
			hint = tun ? " (a device of that name exists and is not a tun)"
				   : " (a device of that name exists and is not a tap)";
		sr6_io_errf(err, "tap dev %s: TUNSETIFF: %s%s", dev, strerror(-rc), hint);
		goto fail;
	}
	rc = sr6_tap_up(io, dev, err);
	if (rc < 0)
		goto fail;
	if (tun) {
		io->linktype = SR6_LINK_RAW;
	} else {
		io->linktype = SR6_LINK_ETHERNET;
		sr6_tap_mac_from_name(dev, io->mac);
	}
	io->priv = t;
	return 0;
fail:
	if (t->fd >= 0)
		close(t->fd);
	free(t);
	return rc;
}

static uint16_t sr6_tap_rx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	struct sr6_tap *t = io->priv;
	uint16_t flags = io->linktype == SR6_LINK_ETHERNET ? SR6_PKT_F_L2 : 0;
	uint16_t got = 0;
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	while (got < n) {
		struct sr6_pkt *p = sr6_pkt_alloc(t->pool);
		struct iovec iov[2];
		ssize_t r;

		if (!p)
			break;
		iov[0] = (struct iovec){.iov_base = p->data, .iov_len = SR6_PKT_DATA_ROOM};
		iov[1] = (struct iovec){.iov_base = &t->overflow, .iov_len = sizeof(t->overflow)};
		r = readv(t->fd, iov, 2);
		if (r <= 0) {
			/*
			 * EAGAIN: drained. Anything else (EBADFD: device deleted)
			 * is counted once per burst: a dead device costs one call.
			 */
			if (r < 0 && errno != EAGAIN && errno != EINTR)
				io->stats.rx_errors++;
			sr6_pkt_free(p);
			break;
		}
		if (r > SR6_PKT_DATA_ROOM) {
			io->stats.rx_errors++;
			sr6_pkt_free(p);
			continue;
		}
		p->len = (uint32_t)r;
		p->flags = flags;
		p->ts_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
		io->stats.rx_pkts++;
		io->stats.rx_bytes += p->len;
		pkts[got++] = p;
	}
	return got;
}

static uint16_t sr6_tap_tx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	struct sr6_tap *t = io->priv;
	uint16_t sent = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct sr6_pkt *p = pkts[i];

		if (write(t->fd, p->data, p->len) == (ssize_t)p->len) {
			sent++;
			io->stats.tx_pkts++;
			io->stats.tx_bytes += p->len;
		} else {
			/* EIO: device down; EINVAL: runt frame; EAGAIN: kernel queue full */
			io->stats.tx_errors++;
		}
		sr6_io_pkt_release(p);
	}
	return sent;
}

static void sr6_tap_close(struct sr6_io *io)
{
	struct sr6_tap *t = io->priv;

	close(t->fd); /* a tap we created (not persistent) goes away with it */
	free(t);
	io->priv = NULL;
}

const struct sr6_io_ops sr6_io_tap_ops = {
	.driver = "tap",
	.open = sr6_tap_open,
	.rx_burst = sr6_tap_rx_burst,
	.tx_burst = sr6_tap_tx_burst,
	.close = sr6_tap_close,
};
