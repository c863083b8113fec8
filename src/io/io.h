/* SPDX-License-Identifier: MIT */
/*
 * I/O backends behind one small ops struct (DESIGN.md §1): pcap files,
 * AF_PACKET, AF_XDP, TAP, null. A backend moves frames between the outside
 * and sr6_pkt buffers; it knows nothing of SRv6.
 *
 * Ownership: rx_burst hands out packets the caller now owns (allocated
 * from the pool given at open). tx_burst takes ownership of all n packets:
 * it sends what it can, frees the rest and returns how many it sent, so
 * the caller counts n - sent as TX_FULL without a second loop.
 */
#ifndef SR6_IO_IO_H
#define SR6_IO_IO_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/pkt.h"

enum sr6_linktype {
	SR6_LINK_AUTO = 0, /* pcap: take the rx file's link type */
	SR6_LINK_ETHERNET,
	SR6_LINK_RAW, /* packets start at the IP header */
};

struct sr6_io_config {
	const char *name;   /* srv6d's interface name */
	const char *driver; /* "pcap", "afpacket", ... */
	const char *dev;    /* kernel device for live backends */
	const char *rx_path;
	const char *tx_path;
	enum sr6_linktype linktype;
	struct sr6_pkt_pool *pool; /* rx buffers come from here */
};

struct sr6_io_stats {
	uint64_t rx_pkts, rx_bytes, tx_pkts, tx_bytes;
	uint64_t rx_errors; /* frames the backend could not deliver (too big, no buffer) */
	uint64_t tx_errors;
};

struct sr6_io;

struct sr6_io_ops {
	const char *driver;
	/* 0, or negative errno with a one-line reason in err[256]. */
	int (*open)(struct sr6_io *io, const struct sr6_io_config *cfg, char *err);
	uint16_t (*rx_burst)(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n);
	uint16_t (*tx_burst)(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n);
	/* Receive time of the next packet rx_burst would return, UINT64_MAX at
	   the end; only finite (replayed) inputs have it. May be NULL. */
	uint64_t (*peek_ts)(struct sr6_io *io);
	/* Push out anything buffered (pcap: fflush). May be NULL. */
	void (*flush)(struct sr6_io *io);
	void (*close)(struct sr6_io *io);
};

struct sr6_io {
	const struct sr6_io_ops *ops;
	void *priv;
	enum sr6_linktype linktype; /* resolved at open: ETHERNET or RAW */
	bool rx_done;               /* finite input (pcap) fully read */
	uint64_t rx_until_ns;       /* replay: return no packet received after this (0: all) */
	uint8_t mac[6];             /* device MAC when the backend knows it */
	uint32_t mtu;               /* device MTU when the backend knows it, else 0 */
	struct sr6_io_stats stats;
	/* the device refused the last send as down or gone (ENETDOWN/ENXIO);
	   cleared by the next send it accepts */
	bool link_down;
	/* taken around tx_burst when several workers send out of this
	   interface (a backend's TX ring has one producer) */
	uint32_t tx_lock;
};

/* Backend for a driver name, or NULL. */
const struct sr6_io_ops *sr6_io_find(const char *driver);

/*
 * Open: allocates io with the driver's ops. Returns NULL and a reason in
 * err (256 bytes) on failure ("interface wan0: pcap rx file x.pcap: No
 * such file or directory").
 */
struct sr6_io *sr6_io_open(const struct sr6_io_config *cfg, char *err);
void sr6_io_close(struct sr6_io *io);

static inline uint16_t sr6_io_rx(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	return io->ops->rx_burst(io, pkts, n);
}

static inline uint16_t sr6_io_tx(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	return io->ops->tx_burst(io, pkts, n);
}

#define SR6_IO_ERRLEN 256

#endif
