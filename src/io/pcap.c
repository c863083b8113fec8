// SPDX-License-Identifier: MIT
/*
 * pcap driver: an interface whose wire is a pair of capture files.
 *
 *   rx FILE (pcap or pcapng) --pcap_next_ex--> sr6_pkt --> pipeline
 *   pipeline --> sr6_pkt --pcap_dump--> tx FILE (pcap, nanosecond stamps)
 *
 * This is what the conformance tier drives srv6d with, so it favours
 * exactness over speed: timestamps are read and written in nanoseconds (the
 * output keeps the input's times to the digit), link types are checked
 * rather than guessed, and a record we cannot deliver whole (longer than a
 * buffer, or cut short by the capture's snap length) is skipped and counted
 * instead of being forwarded mangled.
 *
 * Link type (DESIGN.md §2.2): "linktype" forces it; otherwise the rx file
 * decides; with no rx file we write Ethernet. Raw files are written as
 * LINKTYPE_RAW (101), which libpcap maps from DLT_RAW whatever number the
 * platform gives DLT_RAW, so tshark and scapy read them as raw IP.
 *
 * Records are pulled one at a time into a buffer allocated *before* the
 * read: when the pool runs dry the next record stays in the file for the
 * next call, never lost.
 */
#include "backend.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

/* Largest record libpcap itself accepts (its MAXIMUM_SNAPLEN). */
#define SR6_PCAP_SNAPLEN 262144

#define SR6_LINKTYPE_RAW 101 /* tcpdump.org link-layer header types */
#define SR6_LINKTYPE_IPV4 228
#define SR6_LINKTYPE_IPV6 229

struct sr6_pcap {
	pcap_t *rx;
	pcap_t *dead; /* the handle tx records are written through */
	pcap_dumper_t *dump;
	struct sr6_pkt_pool *pool;
	/* one record read ahead (valid until the next pcap_next_ex), so replay
	   can merge several inputs in capture-time order */
	struct pcap_pkthdr *next_h;
	const u_char *next_bytes;
};

static const char *sr6_pcap_linktype_word(enum sr6_linktype lt)
{
	return lt == SR6_LINK_RAW ? "raw" : "ethernet";
}

/*
 * libpcap says "x.pcap: No such file or directory"; we already name the
 * file, so drop its copy of the path.
 */
static const char *sr6_pcap_reason(const char *msg, const char *path)
{
	size_t n = strlen(path);

	if (strncmp(msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
		return msg + n + 2;
	return msg;
}

/* Map the rx file's DLT to our link type; -EPROTONOSUPPORT if we can't. */
static int sr6_pcap_dlt_linktype(int dlt, enum sr6_linktype *lt)
{
	if (dlt == DLT_EN10MB) {
		*lt = SR6_LINK_ETHERNET;
		return 0;
	}
	/* DLT_RAW is 12 on most systems, 14 on OpenBSD; 101 is its LINKTYPE. */
	if (dlt == DLT_RAW || dlt == 12 || dlt == 14 || dlt == SR6_LINKTYPE_RAW ||
	    dlt == SR6_LINKTYPE_IPV4 || dlt == SR6_LINKTYPE_IPV6) {
		*lt = SR6_LINK_RAW;
		return 0;
	}
	return -EPROTONOSUPPORT;
}

static int sr6_pcap_open_rx(struct sr6_io *io, struct sr6_pcap *pc, const struct sr6_io_config *cfg,
			    char *err)
{
	char perr[PCAP_ERRBUF_SIZE] = "";
	enum sr6_linktype file_lt;
	int dlt;

	if (!cfg->pool) {
		sr6_io_errf(err, "pcap rx file %s: no packet pool to read into", cfg->rx_path);
		return -EINVAL;
	}
	/*
	 * Nanosecond precision: libpcap scales microsecond files up, so
	 * ts.tv_usec below always holds nanoseconds.
	 */
	pc->rx = pcap_open_offline_with_tstamp_precision(cfg->rx_path, PCAP_TSTAMP_PRECISION_NANO,
							 perr);
	if (!pc->rx) {
		sr6_io_errf(err, "pcap rx file %s: %s", cfg->rx_path,
			    sr6_pcap_reason(perr, cfg->rx_path));
		return -EINVAL;
	}
	dlt = pcap_datalink(pc->rx);
	if (sr6_pcap_dlt_linktype(dlt, &file_lt) < 0) {
		const char *dname = pcap_datalink_val_to_name(dlt);

		sr6_io_errf(err,
			    "pcap rx file %s: link type %s (%d) not supported "
			    "(want EN10MB, RAW, IPV4 or IPV6)",
			    cfg->rx_path, dname ? dname : "unknown", dlt);
		return -EPROTONOSUPPORT;
	}
	if (cfg->linktype != SR6_LINK_AUTO && cfg->linktype != file_lt) {
		sr6_io_errf(err,
			    "pcap rx file %s: file's link type is %s "
			    "but the interface says linktype %s",
			    cfg->rx_path, sr6_pcap_linktype_word(file_lt),
			    sr6_pcap_linktype_word(cfg->linktype));
		return -EINVAL;
	}
	io->linktype = file_lt;
	pc->pool = cfg->pool;
	return 0;
}

static int sr6_pcap_open_tx(struct sr6_pcap *pc, enum sr6_linktype lt, const char *path, char *err)
{
	int dlt = lt == SR6_LINK_RAW ? DLT_RAW : DLT_EN10MB;

	pc->dead = pcap_open_dead_with_tstamp_precision(dlt, SR6_PCAP_SNAPLEN,
							PCAP_TSTAMP_PRECISION_NANO);
	if (!pc->dead) {
		sr6_io_errf(err, "pcap tx file %s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	pc->dump = pcap_dump_open(pc->dead, path);
	if (!pc->dump) {
		sr6_io_errf(err, "pcap tx file %s: %s", path,
			    sr6_pcap_reason(pcap_geterr(pc->dead), path));
		return -EIO;
	}
	return 0;
}

static void sr6_pcap_release(struct sr6_pcap *pc)
{
	if (pc->dump)
		pcap_dump_close(pc->dump);
	if (pc->dead)
		pcap_close(pc->dead);
	if (pc->rx)
		pcap_close(pc->rx);
	free(pc);
}

static int sr6_pcap_open(struct sr6_io *io, const struct sr6_io_config *cfg, char *err)
{
	struct sr6_pcap *pc;
	int rc;

	pc = calloc(1, sizeof(*pc));
	if (!pc)
		return -ENOMEM;
	/* No rx file: nothing will ever arrive, and an output defaults to Ethernet. */
	io->linktype = cfg->linktype == SR6_LINK_AUTO ? SR6_LINK_ETHERNET : cfg->linktype;
	io->rx_done = true;
	if (cfg->rx_path) {
		rc = sr6_pcap_open_rx(io, pc, cfg, err);
		if (rc < 0)
			goto fail;
		io->rx_done = false;
	}
	if (cfg->tx_path) {
		rc = sr6_pcap_open_tx(pc, io->linktype, cfg->tx_path, err);
		if (rc < 0)
			goto fail;
	}
	io->priv = pc;
	return 0;
fail:
	sr6_pcap_release(pc);
	return rc;
}

static uint64_t sr6_pcap_ts(const struct pcap_pkthdr *h)
{
	/* files are opened with nanosecond precision: tv_usec holds ns */
	return (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
}

/* Make the next usable record current; false at the end of the file. */
static bool sr6_pcap_read_ahead(struct sr6_io *io, struct sr6_pcap *pc)
{
	while (!pc->next_h && !io->rx_done) {
		int rc = pcap_next_ex(pc->rx, &pc->next_h, &pc->next_bytes);
		if (rc != 1) {
			/* -2: end of file; -1: damaged file (e.g. cut mid-record). */
			if (rc != PCAP_ERROR_BREAK)
				io->stats.rx_errors++;
			io->rx_done = true;
			pc->next_h = NULL;
		} else if (pc->next_h->caplen < pc->next_h->len ||
			   pc->next_h->caplen > SR6_PKT_DATA_ROOM) {
			io->stats.rx_errors++;
			pc->next_h = NULL;
		}
	}
	return pc->next_h != NULL;
}

static uint64_t sr6_pcap_peek_ts(struct sr6_io *io)
{
	struct sr6_pcap *pc = io->priv;
	return pc->rx && sr6_pcap_read_ahead(io, pc) ? sr6_pcap_ts(pc->next_h) : UINT64_MAX;
}

static uint16_t sr6_pcap_rx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	struct sr6_pcap *pc = io->priv;
	uint16_t got = 0;
	uint16_t flags = io->linktype == SR6_LINK_ETHERNET ? SR6_PKT_F_L2 : 0;

	while (got < n && sr6_pcap_read_ahead(io, pc)) {
		uint64_t ts = sr6_pcap_ts(pc->next_h);
		if (io->rx_until_ns && ts > io->rx_until_ns)
			break;
		struct sr6_pkt *p = sr6_pkt_alloc(pc->pool);
		if (!p)
			break;
		memcpy(p->data, pc->next_bytes, pc->next_h->caplen);
		p->len = pc->next_h->caplen;
		p->flags = flags;
		p->ts_ns = ts;
		pc->next_h = NULL;
		io->stats.rx_pkts++;
		io->stats.rx_bytes += p->len;
		pkts[got++] = p;
	}
	return got;
}

static uint16_t sr6_pcap_tx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	struct sr6_pcap *pc = io->priv;

	for (uint16_t i = 0; i < n; i++) {
		struct sr6_pkt *p = pkts[i];

		if (pc->dump) {
			struct pcap_pkthdr h = {
				.ts.tv_sec = (time_t)(p->ts_ns / 1000000000u),
				/* nanoseconds: the dumper was opened with NANO precision */
				.ts.tv_usec = (suseconds_t)(p->ts_ns % 1000000000u),
				.caplen = p->len,
				.len = p->len,
			};
			pcap_dump((u_char *)pc->dump, &h, p->data);
		}
		io->stats.tx_pkts++;
		io->stats.tx_bytes += p->len;
		sr6_io_pkt_release(p);
	}
	return n;
}

static void sr6_pcap_flush(struct sr6_io *io)
{
	struct sr6_pcap *pc = io->priv;

	if (pc->dump)
		pcap_dump_flush(pc->dump);
}

static void sr6_pcap_close(struct sr6_io *io)
{
	sr6_pcap_release(io->priv);
	io->priv = NULL;
}

const struct sr6_io_ops sr6_io_pcap_ops = {
	.driver = "pcap",
	.open = sr6_pcap_open,
	.rx_burst = sr6_pcap_rx_burst,
	.peek_ts = sr6_pcap_peek_ts,
	.tx_burst = sr6_pcap_tx_burst,
	.flush = sr6_pcap_flush,
	.close = sr6_pcap_close,
};
