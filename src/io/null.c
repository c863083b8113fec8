// SPDX-License-Identifier: MIT
/*
 * null driver: never receives, swallows what it is given.
 *
 * Benchmarks inject packets straight into the pipeline and need an egress
 * that costs nothing but a counter and a buffer return, so what they
 * measure is the dataplane, not a device.
 */
#include "backend.h"

static int sr6_null_open(struct sr6_io *io, const struct sr6_io_config *cfg, char *err)
{
	(void)err;
	io->linktype = cfg->linktype == SR6_LINK_AUTO ? SR6_LINK_ETHERNET : cfg->linktype;
	io->rx_done = true;
	return 0;
}

static uint16_t sr6_null_rx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	(void)pkts;
	(void)n;
	io->rx_done = true;
	return 0;
}

static uint16_t sr6_null_tx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		io->stats.tx_bytes += pkts[i]->len;
		sr6_io_pkt_release(pkts[i]);
	}
	io->stats.tx_pkts += n;
	return n;
}

static void sr6_null_close(struct sr6_io *io)
{
	(void)io;
}

const struct sr6_io_ops sr6_io_null_ops = {
	.driver = "null",
	.open = sr6_null_open,
	.rx_burst = sr6_null_rx_burst,
	.tx_burst = sr6_null_tx_burst,
	.close = sr6_null_close,
};
