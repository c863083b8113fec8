// SPDX-License-Identifier: MIT
/*
 * pcap driver: what goes out through a tx file comes back, byte for byte
 * and nanosecond for nanosecond, through an rx file; link types follow
 * DESIGN.md §2.2; records we cannot deliver whole are counted, not
 * forwarded; an empty pool delays records, never loses them.
 *
 *   pkts --tx_burst--> DIR/x.pcap --rx_burst--> pkts'   (pkts == pkts')
 *
 * Files live in a mkdtemp directory removed at exit. Odd files (unsupported
 * link types, damaged records, pcapng) are written with libpcap directly or
 * by hand, so the reader is not only tested against our own writer.
 */
#include "check.h"

#include "io/io.h"

#include <dirent.h>
#include <pcap/pcap.h>
#include <unistd.h>

static char tmpdir[64];

static void tmpdir_remove(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* DIR/name, in a static buffer per call site's needs (two at a time at most). */
static const char *tmp(const char *name)
{
	static char bufs[2][512];
	static int which;
	char *b = bufs[which ^= 1];

	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/sr6_pcap_test.XXXXXX");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(1);
		}
		atexit(tmpdir_remove);
	}
	snprintf(b, sizeof(bufs[0]), "%s/%s", tmpdir, name);
	return b;
}

static void fill(uint8_t *b, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)(seed + i * 7);
	if (len)
		b[0] = 0x60; /* looks like IPv6 to anyone peeking */
}

static struct sr6_pkt *pkt_from(struct sr6_pkt_pool *pool, const uint8_t *b, uint32_t len,
				uint64_t ts_ns)
{
	struct sr6_pkt *p = sr6_pkt_alloc(pool);

	if (!p)
		return NULL;
	memcpy(p->data, b, len);
	p->len = len;
	p->ts_ns = ts_ns;
	return p;
}

static struct sr6_io *open_pcap(const char *rx, const char *tx, enum sr6_linktype lt,
				struct sr6_pkt_pool *pool, char *err)
{
	struct sr6_io_config cfg = {
		.name = "t0",
		.driver = "pcap",
		.rx_path = rx,
		.tx_path = tx,
		.linktype = lt,
		.pool = pool,
	};
	err[0] = '\0';
	return sr6_io_open(&cfg, err);
}

/* Magic and link type of a pcap file as written on this host. */
static int file_header(const char *path, uint32_t *magic, uint32_t *linktype)
{
	uint8_t h[24];
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	size_t n = fread(h, 1, sizeof(h), f);
	fclose(f);
	if (n != sizeof(h))
		return -1;
	memcpy(magic, h, 4);
	memcpy(linktype, h + 20, 4);
	return 0;
}

/* Write n records of the given sizes through a tx-only interface. */
static int write_records(const char *path, enum sr6_linktype lt, const uint32_t *lens, int n,
			 uint64_t ts0)
{
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	char err[SR6_IO_ERRLEN];
	struct sr6_io *io = open_pcap(NULL, path, lt, pool, err);
	uint8_t buf[SR6_PKT_DATA_ROOM];
	int rc = -1;

	if (!io) {
		fprintf(stderr, "  %s\n", err);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		fill(buf, lens[i], (uint8_t)i);
		struct sr6_pkt *p = pkt_from(pool, buf, lens[i], ts0 + (uint64_t)i);
		if (!p || sr6_io_tx(io, &p, 1) != 1)
			goto out;
	}
	io->ops->flush(io);
	rc = pool->n_free == pool->size ? 0 : -1; /* every packet went home */
out:
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
	return rc;
}

/*
 * tx raw:  [60 ..  40 B] [60 .. 1500 B] [60 .. 9216 B]   ts 1700000000.123456789 + i ns
 * file:    magic a1b23c4d (ns), linktype 101
 * rx auto: same three packets, same bytes, same ns, no L2 flag, then rx_done
 */
static void pcap_raw_roundtrip_keeps_bytes_and_ns_timestamps(void)
{
	const uint32_t lens[] = {40, 1500, 9216};
	const uint64_t ts0 = 1700000000123456789ull;
	const char *path = tmp("raw.pcap");
	uint32_t magic, linktype;
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[8];
	uint8_t want[SR6_PKT_DATA_ROOM];

	CHECK_EQ(write_records(path, SR6_LINK_RAW, lens, 3, ts0), 0);
	CHECK_EQ(file_header(path, &magic, &linktype), 0);
	CHECK_EQ(magic, 0xa1b23c4d);
	CHECK_EQ(linktype, 101);

	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_RAW);
	CHECK(!io->rx_done);
	CHECK_EQ(sr6_io_rx(io, pkts, 8), 3);
	uint64_t bytes = 0;
	for (int i = 0; i < 3; i++) {
		fill(want, lens[i], (uint8_t)i);
		CHECK_EQ(pkts[i]->len, lens[i]);
		CHECK_MEM(pkts[i]->data, want, lens[i]);
		CHECK(pkts[i]->data == pkts[i]->head + SR6_PKT_HEADROOM);
		CHECK_EQ(pkts[i]->ts_ns, ts0 + (uint64_t)i);
		CHECK_EQ(pkts[i]->flags & SR6_PKT_F_L2, 0);
		bytes += lens[i];
		sr6_pkt_free(pkts[i]);
	}
	CHECK(io->rx_done);
	CHECK_EQ(sr6_io_rx(io, pkts, 8), 0);
	CHECK_EQ(io->stats.rx_pkts, 3);
	CHECK_EQ(io->stats.rx_bytes, bytes);
	CHECK_EQ(io->stats.rx_errors, 0);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

static void pcap_ethernet_roundtrip_sets_l2_flag(void)
{
	const uint32_t lens[] = {60, 1514};
	const char *path = tmp("eth.pcap");
	uint32_t magic, linktype;
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[4];
	uint8_t want[1514];

	CHECK_EQ(write_records(path, SR6_LINK_ETHERNET, lens, 2, 5), 0);
	CHECK_EQ(file_header(path, &magic, &linktype), 0);
	CHECK_EQ(linktype, 1);

	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_ETHERNET);
	CHECK_EQ(sr6_io_rx(io, pkts, 4), 2);
	for (int i = 0; i < 2; i++) {
		fill(want, lens[i], (uint8_t)i);
		CHECK_MEM(pkts[i]->data, want, lens[i]);
		CHECK_EQ(pkts[i]->flags, SR6_PKT_F_L2);
		sr6_pkt_free(pkts[i]);
	}
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

/* DESIGN.md §2.2: "an interface with no rx file writes Ethernet" */
static void pcap_without_rx_file_writes_ethernet(void)
{
	const uint32_t lens[] = {60};
	const char *path = tmp("norx.pcap");
	uint32_t magic, linktype;

	CHECK_EQ(write_records(path, SR6_LINK_AUTO, lens, 1, 0), 0);
	CHECK_EQ(file_header(path, &magic, &linktype), 0);
	CHECK_EQ(linktype, 1);
}

/* The rx file's link type is also what the tx file gets. */
static void pcap_tx_follows_rx_file_linktype(void)
{
	const uint32_t lens[] = {40};
	const char *in = tmp("follow_in.pcap"), *out = tmp("follow_out.pcap");
	uint32_t magic, linktype;
	char err[SR6_IO_ERRLEN];

	CHECK_EQ(write_records(in, SR6_LINK_RAW, lens, 1, 0), 0);
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_io *io = open_pcap(in, out, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_RAW);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
	CHECK_EQ(file_header(out, &magic, &linktype), 0);
	CHECK_EQ(linktype, 101);
}

static void pcap_forced_linktype_must_match_rx_file(void)
{
	const uint32_t lens[] = {40};
	const char *path = tmp("forced.pcap");
	char err[SR6_IO_ERRLEN], want[SR6_IO_ERRLEN];

	CHECK_EQ(write_records(path, SR6_LINK_RAW, lens, 1, 0), 0);
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);

	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_RAW, pool, err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_RAW);
	sr6_io_close(io);

	io = open_pcap(path, NULL, SR6_LINK_ETHERNET, pool, err);
	CHECK(!io);
	snprintf(want, sizeof(want),
		 "interface t0: pcap rx file %s: file's link type is raw but the interface says "
		 "linktype ethernet",
		 path);
	if (strcmp(err, want) != 0)
		fprintf(stderr, "  got: %s\n  want: %s\n", err, want);
	CHECK(strcmp(err, want) == 0);
	sr6_pkt_pool_destroy(pool);
}

/* Write one record with libpcap directly, in any link type. */
static int write_dlt_file(const char *path, int dlt, int precision, const uint8_t *b,
			  uint32_t caplen, uint32_t len, long sec, long frac)
{
	pcap_t *dead = pcap_open_dead_with_tstamp_precision(dlt, 262144, precision);
	pcap_dumper_t *d = dead ? pcap_dump_open(dead, path) : NULL;
	struct pcap_pkthdr h = {.ts.tv_sec = sec, .ts.tv_usec = frac, .caplen = caplen, .len = len};

	if (!d) {
		if (dead)
			pcap_close(dead);
		return -1;
	}
	pcap_dump((u_char *)d, &h, b);
	pcap_dump_close(d);
	pcap_close(dead);
	return 0;
}

/* LINKTYPE_IPV6 (229) and LINKTYPE_IPV4 (228) carry bare IP: RAW to us. */
static void pcap_linktype_ipv6_and_ipv4_read_as_raw(void)
{
	const int dlts[] = {229, 228};
	uint8_t b[40];
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *p;

	fill(b, sizeof(b), 1);
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	for (int i = 0; i < 2; i++) {
		const char *path = tmp(i ? "ipv4.pcap" : "ipv6.pcap");
		const int usec = PCAP_TSTAMP_PRECISION_MICRO;
		CHECK_EQ(write_dlt_file(path, dlts[i], usec, b, 40, 40, 1, 2), 0);
		struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
		CHECK(io);
		CHECK_EQ(io->linktype, SR6_LINK_RAW);
		CHECK_EQ(sr6_io_rx(io, &p, 1), 1);
		CHECK_MEM(p->data, b, 40);
		CHECK_EQ(p->flags & SR6_PKT_F_L2, 0);
		sr6_pkt_free(p);
		sr6_io_close(io);
	}
	sr6_pkt_pool_destroy(pool);
}

static void pcap_unsupported_linktype_fails_naming_it(void)
{
	const char *path = tmp("sll.pcap");
	uint8_t b[40];
	char err[SR6_IO_ERRLEN];

	fill(b, sizeof(b), 1);
	CHECK_EQ(write_dlt_file(path, DLT_LINUX_SLL, PCAP_TSTAMP_PRECISION_MICRO, b, 40, 40, 1, 2),
		 0);
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
	CHECK(!io);
	CHECK(strncmp(err, "interface t0: pcap rx file ", 27) == 0);
	CHECK(strstr(err, "link type LINUX_SLL (113) not supported"));
	sr6_pkt_pool_destroy(pool);
}

/* A microsecond file's 1.000123 s reads as 1000123000 ns. */
static void pcap_microsecond_file_gives_nanoseconds(void)
{
	const char *path = tmp("usec.pcap");
	uint8_t b[40];
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *p;

	fill(b, sizeof(b), 1);
	CHECK_EQ(write_dlt_file(path, DLT_RAW, PCAP_TSTAMP_PRECISION_MICRO, b, 40, 40, 1, 123), 0);
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(sr6_io_rx(io, &p, 1), 1);
	CHECK_EQ(p->ts_ns, 1000123000ull);
	sr6_pkt_free(p);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

/*
 *   rec 0: caplen = len = DATA_ROOM + 1     too big       -> rx_errors
 *   rec 1: caplen 60 < len 100              snapped short -> rx_errors
 *   rec 2: caplen = len = 60                delivered
 *   rec 3: caplen = len = DATA_ROOM         delivered (largest that fits)
 */
static void pcap_skips_oversize_and_truncated_records(void)
{
	const char *path = tmp("bad_records.pcap");
	static uint8_t b[SR6_PKT_DATA_ROOM + 1];
	struct pcap_pkthdr h[4] = {
		{.caplen = SR6_PKT_DATA_ROOM + 1, .len = SR6_PKT_DATA_ROOM + 1},
		{.caplen = 60, .len = 100},
		{.caplen = 60, .len = 60},
		{.caplen = SR6_PKT_DATA_ROOM, .len = SR6_PKT_DATA_ROOM},
	};
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[8];

	fill(b, sizeof(b), 3);
	pcap_t *dead = pcap_open_dead(DLT_RAW, 262144);
	pcap_dumper_t *d = pcap_dump_open(dead, path);
	CHECK(d);
	for (int i = 0; i < 4; i++)
		pcap_dump((u_char *)d, &h[i], b);
	pcap_dump_close(d);
	pcap_close(dead);

	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(8);
	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(sr6_io_rx(io, pkts, 8), 2);
	CHECK_EQ(pkts[0]->len, 60);
	CHECK_MEM(pkts[0]->data, b, 60);
	CHECK_EQ(pkts[1]->len, SR6_PKT_DATA_ROOM);
	CHECK_MEM(pkts[1]->data, b, SR6_PKT_DATA_ROOM);
	CHECK_EQ(io->stats.rx_errors, 2);
	CHECK_EQ(io->stats.rx_pkts, 2);
	CHECK(io->rx_done);
	sr6_pkt_free(pkts[0]);
	sr6_pkt_free(pkts[1]);
	CHECK_EQ(pool->n_free, pool->size); /* skipped records did not leak buffers */
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

/* Pool of 2, file of 5: bursts of 2, 0 (pool empty), 2, 1 -- records 0..4 in order. */
static void pcap_pool_exhaustion_does_not_lose_records(void)
{
	const uint32_t lens[] = {40, 41, 42, 43, 44};
	const char *path = tmp("five.pcap");
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[8], *held[2];

	CHECK_EQ(write_records(path, SR6_LINK_RAW, lens, 5, 0), 0);
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(2);
	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(sr6_io_rx(io, held, 8), 2);
	CHECK_EQ(sr6_io_rx(io, pkts, 8), 0);
	CHECK(!io->rx_done);
	CHECK_EQ(held[0]->len, 40);
	CHECK_EQ(held[1]->len, 41);
	sr6_pkt_free(held[0]);
	sr6_pkt_free(held[1]);
	CHECK_EQ(sr6_io_rx(io, pkts, 8), 2);
	CHECK_EQ(pkts[0]->len, 42);
	CHECK_EQ(pkts[1]->len, 43);
	sr6_pkt_free(pkts[0]);
	sr6_pkt_free(pkts[1]);
	CHECK_EQ(sr6_io_rx(io, pkts, 8), 1);
	CHECK_EQ(pkts[0]->len, 44);
	CHECK_EQ(pkts[0]->ts_ns, 4);
	sr6_pkt_free(pkts[0]);
	CHECK(io->rx_done);
	CHECK_EQ(io->stats.rx_pkts, 5);
	CHECK_EQ(io->stats.rx_errors, 0);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

/* A file cut inside a record: what precedes is delivered, the cut counted, input ends. */
static void pcap_file_cut_mid_record_ends_input_with_error(void)
{
	const uint32_t lens[] = {100, 100};
	const char *path = tmp("cut.pcap");
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *pkts[4];

	CHECK_EQ(write_records(path, SR6_LINK_RAW, lens, 2, 0), 0);
	CHECK_EQ(truncate(path, 24 + 16 + 100 + 16 + 50), 0);
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK_EQ(sr6_io_rx(io, pkts, 4), 1);
	sr6_pkt_free(pkts[0]);
	CHECK(io->rx_done);
	CHECK_EQ(io->stats.rx_errors, 1);
	CHECK_EQ(sr6_io_rx(io, pkts, 4), 0);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

static void put32(uint8_t **w, uint32_t v)
{
	memcpy(*w, &v, 4);
	*w += 4;
}

/*
 * pcapng by hand (host byte order, as the BOM says):
 *   SHB | IDB linktype 101, if_tsresol 9 (ns) | EPB ts = 1700000000123456789 ns, 40 B
 */
static void pcap_reads_pcapng_with_ns_resolution(void)
{
	const char *path = tmp("ng.pcapng");
	const uint64_t ts = 1700000000123456789ull;
	uint8_t file[256], *w = file, pkt[40];
	char err[SR6_IO_ERRLEN];
	struct sr6_pkt *p;

	fill(pkt, sizeof(pkt), 9);
	/* Section Header Block */
	put32(&w, 0x0a0d0d0a);
	put32(&w, 28);
	put32(&w, 0x1a2b3c4d);
	put32(&w, 1); /* major 1, minor 0 (little-endian halves) */
	put32(&w, 0xffffffff);
	put32(&w, 0xffffffff); /* section length unknown */
	put32(&w, 28);
	/* Interface Description Block */
	put32(&w, 1);
	put32(&w, 32);
	put32(&w, 101);      /* linktype 101, reserved 0 */
	put32(&w, 262144);   /* snaplen */
	put32(&w, 9 | 1 << 16); /* option if_tsresol, length 1 */
	put32(&w, 9);        /* 10^-9, padded */
	put32(&w, 0);        /* opt_endofopt */
	put32(&w, 32);
	/* Enhanced Packet Block */
	put32(&w, 6);
	put32(&w, 32 + 40);
	put32(&w, 0);
	put32(&w, (uint32_t)(ts >> 32));
	put32(&w, (uint32_t)ts);
	put32(&w, 40);
	put32(&w, 40);
	memcpy(w, pkt, 40);
	w += 40;
	put32(&w, 32 + 40);

	FILE *f = fopen(path, "wb");
	CHECK(f);
	CHECK_EQ(fwrite(file, 1, (size_t)(w - file), f), (size_t)(w - file));
	fclose(f);

	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_io *io = open_pcap(path, NULL, SR6_LINK_AUTO, pool, err);
	if (!io)
		fprintf(stderr, "  %s\n", err);
	CHECK(io);
	CHECK_EQ(io->linktype, SR6_LINK_RAW);
	CHECK_EQ(sr6_io_rx(io, &p, 1), 1);
	CHECK_EQ(p->len, 40);
	CHECK_MEM(p->data, pkt, 40);
	CHECK_EQ(p->ts_ns, ts);
	sr6_pkt_free(p);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

static void pcap_missing_rx_file_error_names_interface_and_file(void)
{
	const char *path = tmp("missing.pcap");
	char err[SR6_IO_ERRLEN], want[SR6_IO_ERRLEN];

	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	CHECK(!open_pcap(path, NULL, SR6_LINK_AUTO, pool, err));
	snprintf(want, sizeof(want), "interface t0: pcap rx file %s: No such file or directory",
		 path);
	if (strcmp(err, want) != 0)
		fprintf(stderr, "  got: %s\n  want: %s\n", err, want);
	CHECK(strcmp(err, want) == 0);
	sr6_pkt_pool_destroy(pool);
}

static void pcap_tx_file_in_missing_directory_fails(void)
{
	const char *path = tmp("no/such/dir.pcap");
	char err[SR6_IO_ERRLEN], want[SR6_IO_ERRLEN];

	CHECK(!open_pcap(NULL, path, SR6_LINK_AUTO, NULL, err));
	snprintf(want, sizeof(want), "interface t0: pcap tx file %s: No such file or directory",
		 path);
	if (strcmp(err, want) != 0)
		fprintf(stderr, "  got: %s\n  want: %s\n", err, want);
	CHECK(strcmp(err, want) == 0);
}

/* Neither rx nor tx: never receives, swallows and counts what it sends. */
static void pcap_without_files_discards_and_counts_tx(void)
{
	char err[SR6_IO_ERRLEN];
	uint8_t b[64];
	struct sr6_pkt *pkts[2];

	fill(b, sizeof(b), 0);
	struct sr6_pkt_pool *pool = sr6_pkt_pool_create(4);
	struct sr6_io *io = open_pcap(NULL, NULL, SR6_LINK_AUTO, pool, err);
	CHECK(io);
	CHECK(io->rx_done);
	CHECK_EQ(sr6_io_rx(io, pkts, 2), 0);
	pkts[0] = pkt_from(pool, b, 64, 0);
	pkts[1] = pkt_from(pool, b, 60, 0);
	CHECK_EQ(sr6_io_tx(io, pkts, 2), 2);
	CHECK_EQ(io->stats.tx_pkts, 2);
	CHECK_EQ(io->stats.tx_bytes, 124);
	CHECK_EQ(pool->n_free, pool->size);
	sr6_io_close(io);
	sr6_pkt_pool_destroy(pool);
}

SR6_TESTS(T(pcap_raw_roundtrip_keeps_bytes_and_ns_timestamps),
	  T(pcap_ethernet_roundtrip_sets_l2_flag),
	  T(pcap_without_rx_file_writes_ethernet),
	  T(pcap_tx_follows_rx_file_linktype),
	  T(pcap_forced_linktype_must_match_rx_file),
	  T(pcap_linktype_ipv6_and_ipv4_read_as_raw),
	  T(pcap_unsupported_linktype_fails_naming_it),
	  T(pcap_microsecond_file_gives_nanoseconds),
	  T(pcap_skips_oversize_and_truncated_records),
	  T(pcap_pool_exhaustion_does_not_lose_records),
	  T(pcap_file_cut_mid_record_ends_input_with_error),
	  T(pcap_reads_pcapng_with_ns_resolution),
	  T(pcap_missing_rx_file_error_names_interface_and_file),
	  T(pcap_tx_file_in_missing_directory_fails),
	  T(pcap_without_files_discards_and_counts_tx))
