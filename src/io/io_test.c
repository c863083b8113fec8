// SPDX-License-Identifier: MIT
/*
 * Registry and null driver: every driver of DESIGN.md §2.2 that exists is
 * found by name, an unknown one fails with a message that lists the
 * choices, and the null driver swallows and counts what it is given while
 * giving every buffer back.
 */
#include "check.h"

#include "io/io.h"

static void io_find_knows_each_driver_by_name(void)
{
	const char *names[] = {"pcap", "null", "afpacket", "tap"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct sr6_io_ops *ops = sr6_io_find(names[i]);
		CHECK(ops);
		CHECK(strcmp(ops->driver, names[i]) == 0);
		CHECK(ops->open && ops->rx_burst && ops->tx_burst && ops->close);
	}
	CHECK(!sr6_io_find("bogus"));
	CHECK(!sr6_io_find(NULL));
}

static void io_open_unknown_driver_lists_the_known_ones(void)
{
	struct sr6_io_config cfg = {.name = "wan0", .driver = "bogus"};
	char err[SR6_IO_ERRLEN];

	CHECK(!sr6_io_open(&cfg, err));
	const char *want = "interface wan0: unknown driver bogus (have pcap, null, afpacket, tap";
	if (strncmp(err, want, strlen(want)) != 0)
		fprintf(stderr, "  got: %s\n", err);
	CHECK(strncmp(err, want, strlen(want)) == 0); /* more drivers may follow */
	CHECK(err[strlen(err) - 1] == ')');
}

/* Required options are checked before any device is touched. */
static void io_open_live_driver_without_dev_says_so(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(1);
	struct sr6_io_config cfg = {.name = "wan0", .driver = "afpacket", .pool = pool};
	char err[SR6_IO_ERRLEN];

	CHECK(!sr6_io_open(&cfg, err));
	CHECK(strcmp(err, "interface wan0: afpacket: dev IFNAME is required") == 0);
	cfg.dev = "eth0";
	cfg.linktype = SR6_LINK_RAW;
	CHECK(!sr6_io_open(&cfg, err));
	CHECK(strcmp(err, "interface wan0: afpacket dev eth0: "
			  "only linktype ethernet is supported") == 0);
	sr6_pkt_pool_destroy(pool);
}

static void null_never_receives_and_swallows_tx(void)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_io_config cfg = {.name = "bench0", .driver = "null", .pool = pool};
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[3];

	struct sr6_io *io = sr6_io_open(&cfg, err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_ETHERNET);
	CHECK_EQ(sr6_io_rx(io, pkts, 3), 0);
	CHECK(io->rx_done);
	for (int i = 0; i < 3; i++) {
		pkts[i] = sr6_pkt_alloc(pool);
		pkts[i]->len = 100;
	}
	CHECK_EQ(sr6_io_tx(io, pkts, 3), 3);
	CHECK_EQ(io->stats.tx_pkts, 3);
	CHECK_EQ(io->stats.tx_bytes, 300);
	CHECK_EQ(pool->n_free, pool->size);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

/* A packet in someone else's memory (pool NULL, e.g. AF_XDP UMEM) is not ours to free. */
static void null_leaves_external_buffers_alone(void)
{
	struct sr6_io_config cfg = {.name = "bench0", .driver = "null", .linktype = SR6_LINK_RAW};
	char err[SR6_IO_ERRLEN];
	uint8_t buf[64];
	struct sr6_pkt ext = {.data = buf, .len = 64, .head = buf, .end = buf + sizeof(buf)};
	struct sr6_pkt *p = &ext;

	struct sr6_io *io = sr6_io_open(&cfg, err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_RAW);
	CHECK_EQ(sr6_io_tx(io, &p, 1), 1);
	CHECK_EQ(io->stats.tx_bytes, 64);
	sr6_io_close(io);
}

SR6_TESTS(T(io_find_knows_each_driver_by_name), T(io_open_unknown_driver_lists_the_known_ones),
	  T(io_open_live_driver_without_dev_says_so), T(null_never_receives_and_swallows_tx),
	  T(null_leaves_external_buffers_alone))
