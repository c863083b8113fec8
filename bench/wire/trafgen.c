// SPDX-License-Identifier: MIT
/*
 * Wire benchmark traffic generator and sink (bench/wire/run.sh).
 *
 *   wire_trafgen tx DEV PCAP COUNT RATE     send COUNT copies of the first
 *                                           frame of PCAP at RATE pps (0 =
 *                                           as fast as possible)
 *   wire_trafgen rx DEV IDLE_MS MAX_S [DUMP] count frames that end with the
 *                                           marker until IDLE_MS pass with
 *                                           none (after the first) or MAX_S
 *
 * tx: an AF_PACKET TPACKET_V2 TX ring with PACKET_QDISC_BYPASS. The ring's
 * 4096 slots are filled once with the frame, each with its own UDP source
 * port (the innermost UDP header sits right before the 64-byte payload),
 * so a send only flips slot status words; nothing is copied per packet.
 * Pacing: bursts of 32, released when the clock passes start + sent/RATE
 * (sleeping when more than 200 us ahead, spinning otherwise).
 *
 *   slot: [tpacket2_hdr | frame] x 4096  -- SEND_REQUEST --> kernel
 *         <-- AVAILABLE when the skb is freed (the frame reached its end)
 *
 * rx: an AF_PACKET TPACKET_V3 RX ring (64 blocks of 1 MiB); a frame counts
 * when its last 8 bytes are the marker "SRV6BNCH" (what frames.py puts at
 * the end of every payload), so neighbour discovery and other noise do not.
 * Ring overflows (PACKET_STATISTICS tp_drops) are reported: a step where
 * the sink dropped measured the sink, not the device under test. DUMP gets
 * the first counted frame as hex, for the script to check the headers.
 *
 * Both print one line of "key=value" results on stdout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MARKER	  "SRV6BNCH"
#define PAYLOAD	  64
#define TX_SLOTS  4096u
#define TX_FRAME  2048u
#define TX_BLOCK  (1u << 20)
#define BURST	  32u
#define RX_BLOCK  (1u << 20)
#define RX_BLOCKS 64u

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what)
{
	fprintf(stderr, "wire_trafgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int packet_socket(const char *dev, int proto, struct sockaddr_ll *sll)
{
	int fd = socket(AF_PACKET, SOCK_RAW, proto);

	if (fd < 0)
		die("socket(AF_PACKET)");
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = (uint16_t)proto;
	sll->sll_ifindex = (int)if_nametoindex(dev);
	if (!sll->sll_ifindex)
		die(dev);
	return fd;
}

/* ---- tx -------------------------------------------------------------- */

static unsigned load_frame(const char *path, uint8_t *buf, unsigned cap)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p = pcap_open_offline(path, err);

	if (!p) {
		fprintf(stderr, "wire_trafgen: %s\n", err);
		exit(1);
	}
	if (pcap_next_ex(p, &h, &data) != 1 || h->caplen > cap || h->caplen < PAYLOAD + 8 + 14) {
		fprintf(stderr, "wire_trafgen: %s: no usable first frame\n", path);
		exit(1);
	}
	memcpy(buf, data, h->caplen);
	pcap_close(p);
	if (memcmp(buf + h->caplen - 8, MARKER, 8)) {
		fprintf(stderr, "wire_trafgen: %s: frame does not end with the marker\n", path);
		exit(1);
	}
	return h->caplen;
}

static void wait_until(double t)
{
	double d;

	while ((d = t - now_s()) > 0) {
		if (d > 200e-6) {
			struct timespec ts = {0, (long)((d - 100e-6) * 1e9)};

			nanosleep(&ts, NULL);
		}
	}
}

static int do_tx(const char *dev, const char *pcap_path, unsigned long count, double rate)
{
	struct tpacket_req req = {
	    .tp_block_size = TX_BLOCK,
	    .tp_block_nr = TX_SLOTS * TX_FRAME / TX_BLOCK,
	    .tp_frame_size = TX_FRAME,
	    .tp_frame_nr = TX_SLOTS,
	};
	const unsigned data_off = TPACKET2_HDRLEN - sizeof(struct sockaddr_ll);
	uint8_t frame[TX_FRAME];
	unsigned len = load_frame(pcap_path, frame, TX_FRAME - data_off);
	struct sockaddr_ll sll;
	int fd = packet_socket(dev, 0, &sll), one = 1, v = TPACKET_V2;
	uint8_t *ring;
	unsigned long sent = 0, wrong = 0;
	double t0, t_last;

	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0)
		die("PACKET_VERSION");
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) < 0)
		die("PACKET_QDISC_BYPASS");
	if (setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)) < 0)
		die("PACKET_TX_RING");
	ring = mmap(NULL, (size_t)req.tp_block_size * req.tp_block_nr, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
	if (ring == MAP_FAILED)
		die("mmap");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind");
	for (unsigned i = 0; i < TX_SLOTS; i++) {
		struct tpacket2_hdr *h = (struct tpacket2_hdr *)(ring + (size_t)i * TX_FRAME);
		uint8_t *d = (uint8_t *)h + data_off;
		uint16_t sport = htons((uint16_t)(10000 + i));

		memcpy(d, frame, len);
		memcpy(d + len - PAYLOAD - 8, &sport, 2); /* innermost UDP source port */
		h->tp_len = len;
		h->tp_status = TP_STATUS_AVAILABLE;
	}
	t0 = now_s();
	while (sent < count) {
		unsigned n = count - sent < BURST ? (unsigned)(count - sent) : BURST;

		if (rate > 0)
			wait_until(t0 + (double)sent / rate);
		for (unsigned k = 0; k < n; k++) {
			struct tpacket2_hdr *h =
			    (struct tpacket2_hdr *)(ring +
						    (size_t)((sent + k) % TX_SLOTS) * TX_FRAME);

			while (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) &
			       (TP_STATUS_SEND_REQUEST | TP_STATUS_SENDING))
				if (send(fd, NULL, 0, MSG_DONTWAIT) < 0 && errno != EAGAIN &&
				    errno != ENOBUFS)
					die("send");
			if (h->tp_status == TP_STATUS_WRONG_FORMAT)
				wrong++;
			__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
		}
		if (send(fd, NULL, 0, MSG_DONTWAIT) < 0 && errno != EAGAIN && errno != ENOBUFS)
			die("send");
		sent += n;
	}
	t_last = now_s();
	/* let the kernel take the last bursts */
	for (int tries = 0; tries < 1000; tries++) {
		int busy = 0;

		for (unsigned i = 0; i < TX_SLOTS && !busy; i++) {
			struct tpacket2_hdr *h =
			    (struct tpacket2_hdr *)(ring + (size_t)i * TX_FRAME);

			busy = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) ==
			       TP_STATUS_SEND_REQUEST;
		}
		if (!busy)
			break;
		send(fd, NULL, 0, MSG_DONTWAIT);
		usleep(1000);
	}
	printf("sent=%lu secs=%.6f pps=%.0f wrong_format=%lu\n", sent, t_last - t0,
	       (double)sent / (t_last - t0), wrong);
	return 0;
}

/* ---- rx -------------------------------------------------------------- */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void dump_frame(const char *path, const uint8_t *d, unsigned len)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die(path);
	for (unsigned i = 0; i < len; i++)
		fprintf(f, "%02x", d[i]);
	fputc('\n', f);
	fclose(f);
}

static int do_rx(const char *dev, unsigned idle_ms, double max_s, const char *dump)
{
	struct tpacket_req3 req = {
	    .tp_block_size = RX_BLOCK,
	    .tp_block_nr = RX_BLOCKS,
	    .tp_frame_size = 2048,
	    .tp_frame_nr = RX_BLOCK / 2048 * RX_BLOCKS,
	    .tp_retire_blk_tov = 5,
	};
	struct sockaddr_ll sll;
	int fd = packet_socket(dev, htons(ETH_P_ALL), &sll), v = TPACKET_V3;
	struct tpacket_stats_v3 st;
	socklen_t slen = sizeof(st);
	unsigned long got = 0, other = 0;
	unsigned blk = 0;
	uint8_t *ring;
	double t_start = now_s(), t_first = 0, t_lastpkt = 0;

	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0)
		die("PACKET_VERSION");
	if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0)
		die("PACKET_RX_RING");
	ring = mmap(NULL, (size_t)RX_BLOCK * RX_BLOCKS, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ring == MAP_FAILED)
		die("mmap");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind");
	getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &slen); /* zero the counters */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		struct tpacket_block_desc *b =
		    (struct tpacket_block_desc *)(ring + (size_t)blk * RX_BLOCK);
		double t = now_s();

		if (!(__atomic_load_n(&b->hdr.bh1.block_status, __ATOMIC_ACQUIRE) &
		      TP_STATUS_USER)) {
			struct pollfd pfd = {.fd = fd, .events = POLLIN};

			if (t - t_start > max_s || (got && (t - t_lastpkt) * 1e3 > idle_ms))
				break;
			poll(&pfd, 1, 10);
			continue;
		}
		struct tpacket3_hdr *h =
		    (struct tpacket3_hdr *)((uint8_t *)b + b->hdr.bh1.offset_to_first_pkt);

		for (unsigned i = 0; i < b->hdr.bh1.num_pkts; i++) {
			const uint8_t *d = (const uint8_t *)h + h->tp_mac;

			if (h->tp_snaplen >= 8 && !memcmp(d + h->tp_snaplen - 8, MARKER, 8)) {
				if (!got && dump)
					dump_frame(dump, d, h->tp_snaplen);
				if (!got)
					t_first = t;
				got++;
			} else {
				other++;
			}
			h = (struct tpacket3_hdr *)((uint8_t *)h + h->tp_next_offset);
		}
		if (b->hdr.bh1.num_pkts)
			t_lastpkt = t;
		__atomic_store_n(&b->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		blk = (blk + 1) % RX_BLOCKS;
	}
	slen = sizeof(st);
	getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &slen);
	printf("got=%lu other=%lu ring_drops=%u secs=%.6f\n", got, other, st.tp_drops,
	       got ? t_lastpkt - t_first : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "tx"))
		return do_tx(argv[2], argv[3], strtoul(argv[4], NULL, 0), strtod(argv[5], NULL));
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "rx"))
		return do_rx(argv[2], (unsigned)strtoul(argv[3], NULL, 0), strtod(argv[4], NULL),
			     argc == 6 ? argv[5] : NULL);
	fprintf(stderr, "usage: wire_trafgen tx DEV PCAP COUNT RATE\n"
			"       wire_trafgen rx DEV IDLE_MS MAX_S [DUMP]\n");
	return 2;
}
