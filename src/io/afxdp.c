// SPDX-License-Identifier: MIT
/*
 * afxdp driver: a kernel network device through one AF_XDP socket bound to
 * one of its queues (Documentation/networking/af_xdp.rst).
 *
 *   device queue 0 --XDP program: bpf_redirect_map(xsks, rx_queue_index, XDP_PASS)--> socket
 *
 *   UMEM, 4096 frames x 4 KiB = 16 MiB, registered with the socket:
 *   | RX frames 0..2047: live in fill ring -> RX ring -> copied out -> fill ring |
 *   | TX frames 2048..4095: free stack -> TX ring -> completion ring -> free stack |
 *
 * Every frame is copied, both ways, between the UMEM and sr6_pkt buffers of
 * the worker's pool. That costs a memcpy per packet but keeps the contract of
 * io.h (the pipeline owns pool buffers with SR6_PKT_HEADROOM in front, for
 * encapsulation) and lets an RX frame go straight back to the fill ring, so
 * the kernel never waits for the pipeline to free a buffer. Frames never
 * move between the RX and TX halves, which is what makes the ring sizes
 * below simple: each half can account for its frames on its own.
 *
 * API: libxdp's xsk.h, for the socket and UMEM setup and its ring helpers
 * (reserve/submit, peek/release over cached indices): inline, and what one
 * would write by hand over <linux/if_xdp.h> and mmap().
 *
 * The XDP program that steers queue 0 into the socket is normally our own:
 * five instructions, assembled below so the build needs no BPF compiler,
 * with its own XSKMAP, attached through a BPF link (Linux 5.9+; native
 * mode, else generic). A link needs no bpffs and goes away with its fd, so
 * close, or srv6d dying, detaches it. libxdp's way, xsk_socket__create()
 * loading its default program (through its multi-program dispatcher when
 * bpffs allows it, else alone), comes second, for a device where our link
 * is refused: XDP already in use there (libxdp can join its own program or
 * dispatcher), or a kernel without XDP links. It is not first because
 * libxdp 1.3 (Debian 12) leaks a program fd and a map fd with every socket
 * it deletes (fixed upstream much later), so each interface del/add would
 * cost two fds, and because a crashed srv6d would leave its program behind.
 *
 * Startup, in order; the first that works wins:
 *  1. our program on the device (native, then generic mode)
 *  2. a socket bound zero-copy, then in copy mode (veth, most virtual
 *     devices), put in our XSKMAP
 *  3. if 1 failed: the same two binds, with libxdp's program
 *
 * A socket closed moments ago still holds its queue (the kernel releases it
 * from a deferred work item, ~20-30 ms here), so a bind that finds the queue
 * busy is retried for up to SR6_XDP_BUSY_WAIT_MS; that is what lets an
 * interface be deleted and added back at once.
 *
 * Sizes, and why:
 *  - Frame 4 KiB: aligned-mode chunks are a power of two no larger than a
 *    page. The kernel keeps XDP_PACKET_HEADROOM (256 B) in front of each
 *    received frame, so a frame is at most 3840 bytes: MTU 3822 with a VLAN
 *    tag. Larger frames need multi-buffer (XDP_USE_SG, Linux 6.6+; issue #4),
 *    so open refuses a device whose MTU is larger, and tx drops and counts
 *    frames over MTU + 18, like the afpacket driver.
 *  - 2048 RX frames (the RX ring size): ~2 ms of input at 1 Mpps for a worker
 *    stall, any frame size. The fill ring has twice as many slots: the kernel
 *    publishes how far it has read the fill ring a little after it hands
 *    those frames over on the RX ring, so up to 2 x 2048 slots can look used;
 *    at twice the frame count, giving a frame back always succeeds.
 *  - 2048 TX frames (the completion ring size), and a TX ring of twice that
 *    for the same reason.
 *
 * TX in copy mode happens only inside sendto(), which sends at most 32 frames
 * per call (TX_BATCH_SIZE in net/xdp/xsk.c) and says EAGAIN when more are
 * left, so a burst takes a few kicks. EBUSY means the kernel dropped one frame
 * (no carrier) and stopped: counted in tx_errors. ENETDOWN/ENXIO come before
 * the kernel reads the ring; in copy mode nothing else reads it, so we take
 * the burst back, count it and return 0; nothing is sent behind our back when
 * the device comes back. ENXIO means the device is gone for good: from then
 * on tx drops and counts without a syscall, and rx stays quiet.
 *
 * Frames the kernel dropped for want of a fill buffer show up only in the
 * socket's XDP_STATISTICS; we read them into rx_errors when a full burst
 * finds the fill ring drained (the only time the kernel can have dropped).
 *
 * Limits the operator must know:
 *  - One queue (0): traffic the NIC steers to other queues goes to the host
 *    stack (XDP_PASS). Configure a single combined channel, or RSS to queue 0.
 *  - One afxdp interface per device: our program is the device's only one,
 *    and a second interface's link is refused (a queue word would need one
 *    program and XSKMAP per device, shared by its interfaces).
 *  - tx_pkts counts frames handed to the kernel; one it then drops for lack
 *    of carrier is counted again in tx_errors.
 *  - The MTU is read once at open; raise it past 3822 later and the kernel
 *    drops the big frames, which reach rx_errors only at the next drain.
 *  - With libxdp's program (step 3), each close leaks two fds in libxdp 1.3.
 */
#include "backend.h"

#include <assert.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>

#define SR6_XDP_FRAME	   4096u
#define SR6_XDP_RX_FRAMES  2048u
#define SR6_XDP_TX_FRAMES  2048u
#define SR6_XDP_FILL_SLOTS (2 * SR6_XDP_RX_FRAMES)
#define SR6_XDP_TX_SLOTS   (2 * SR6_XDP_TX_FRAMES)
#define SR6_XDP_UMEM_SIZE  ((size_t)(SR6_XDP_RX_FRAMES + SR6_XDP_TX_FRAMES) * SR6_XDP_FRAME)
#define SR6_XDP_RX_MAX	   (SR6_XDP_FRAME - XDP_PACKET_HEADROOM) /* largest received frame */
#define SR6_VLAN_HLEN	   4
#define SR6_XDP_MAX_MTU	   (SR6_XDP_RX_MAX - ETH_HLEN - SR6_VLAN_HLEN)

/* Kicks per burst: a full batch at 32 frames per sendto, one for frames left from before. */
#define SR6_XDP_KERNEL_TX_BUDGET 32u
#define SR6_XDP_KICKS		 (SR6_BATCH_MAX / SR6_XDP_KERNEL_TX_BUDGET + 2)

#define SR6_XDP_BUSY_WAIT_MS 500u
#define SR6_XDP_MAX_QUEUES   64u /* entries of our XSKMAP, indexed by queue id */

static_assert((SR6_XDP_FRAME & (SR6_XDP_FRAME - 1)) == 0, "aligned-mode chunks are a power of 2");
static_assert(SR6_XDP_FRAME <= 4096, "a chunk is at most a page, and pages are 4 KiB or more");
static_assert((SR6_XDP_RX_FRAMES & (SR6_XDP_RX_FRAMES - 1)) == 0, "ring sizes are powers of 2");
static_assert((SR6_XDP_TX_FRAMES & (SR6_XDP_TX_FRAMES - 1)) == 0, "ring sizes are powers of 2");
static_assert(SR6_XDP_RX_MAX <= SR6_PKT_DATA_ROOM, "a received frame fits a packet buffer");

struct sr6_xdp {
	/* hot: rings, UMEM, pool */
	struct xsk_ring_cons rx;
	struct xsk_ring_prod fq;
	struct xsk_ring_prod tx;
	struct xsk_ring_cons cq;
	uint8_t *area; /* the UMEM */
	struct sr6_pkt_pool *pool;
	int fd;		     /* the socket, for kicks and statistics */
	uint32_t tx_max_len; /* largest frame the device takes */
	bool zc;	     /* zero-copy bind: the driver reads the TX ring itself */
	bool dead;	     /* the device went away (ENXIO) */
	bool tx_queued;	     /* frames left on the TX ring after the last kick */
	uint64_t kern_rx_drops, kern_tx_drops; /* XDP_STATISTICS already counted */
	/* setup */
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	uint32_t queue; /* device queue bound; config has no queue word yet (issue #4) */
	int map_fd, prog_fd, link_fd; /* our program's, or -1 when libxdp's is in use */
	uint32_t tx_nfree;
	uint64_t tx_free[SR6_XDP_TX_FRAMES]; /* UMEM offsets of idle TX frames */
};

/*
 * libbpf and libxdp print each failed step of the startup attempts to
 * stderr; a fallback that works is not news. Silenced only while we call them.
 */
static int sr6_xdp_quiet_bpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int sr6_xdp_quiet_xdp(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

struct sr6_xdp_logs {
	libbpf_print_fn_t bpf;
	libxdp_print_fn_t xdp;
};

static struct sr6_xdp_logs sr6_xdp_logs_off(void)
{
	return (struct sr6_xdp_logs){
	    .bpf = libbpf_set_print(sr6_xdp_quiet_bpf),
	    .xdp = libxdp_set_print(sr6_xdp_quiet_xdp),
	};
}

static void sr6_xdp_logs_restore(struct sr6_xdp_logs logs)
{
	libbpf_set_print(logs.bpf);
	libxdp_set_print(logs.xdp);
}

static uint64_t sr6_xdp_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Device MAC and MTU; only Ethernet devices whose frames fit a UMEM frame. */
static int sr6_xdp_read_device(struct sr6_io *io, const char *dev, char *err)
{
	struct ifreq ifr;
	int fd, rc = 0;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0); /* any socket reaches dev_ioctl */
	if (fd < 0) {
		rc = -errno;
		sr6_io_errf(err, "afxdp dev %s: socket: %s", dev, strerror(-rc));
		return rc;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, dev, strlen(dev));
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		rc = -errno;
		sr6_io_errf(err, "afxdp dev %s: SIOCGIFHWADDR: %s", dev, strerror(-rc));
		goto out;
	}
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		sr6_io_errf(err, "afxdp dev %s: not an Ethernet device (ARPHRD type %u)", dev,
			    ifr.ifr_hwaddr.sa_family);
		rc = -EPROTONOSUPPORT;
		goto out;
	}
	memcpy(io->mac, ifr.ifr_hwaddr.sa_data, sizeof(io->mac));
	if (ioctl(fd, SIOCGIFMTU, &ifr) < 0) {
		rc = -errno;
		sr6_io_errf(err, "afxdp dev %s: SIOCGIFMTU: %s", dev, strerror(-rc));
		goto out;
	}
	if (ifr.ifr_mtu > (int)SR6_XDP_MAX_MTU) {
		sr6_io_errf(err,
			    "afxdp dev %s: MTU %d does not fit an AF_XDP frame (%u at most); "
			    "lower it or use driver afpacket",
			    dev, ifr.ifr_mtu, SR6_XDP_MAX_MTU);
		rc = -EMSGSIZE;
		goto out;
	}
	io->mtu = (uint32_t)ifr.ifr_mtu;
out:
	close(fd);
	return rc;
}

/* UMEM registration failures end the attempts: every one needs a UMEM. */
static int sr6_xdp_umem(struct sr6_xdp *x, const char *dev, char *err)
{
	const struct xsk_umem_config cfg = {
	    .fill_size = SR6_XDP_FILL_SLOTS,
	    .comp_size = SR6_XDP_TX_FRAMES,
	    .frame_size = SR6_XDP_FRAME,
	    .frame_headroom = 0,
	    .flags = 0,
	};
	int rc;

	rc = xsk_umem__create(&x->umem, x->area, SR6_XDP_UMEM_SIZE, &x->fq, &x->cq, &cfg);
	if (!rc)
		return 0;
	x->umem = NULL;
	if (rc == -EAFNOSUPPORT)
		sr6_io_errf(err, "afxdp dev %s: AF_XDP is not supported by this kernel: %s", dev,
			    strerror(-rc));
	else if (rc == -EPERM || rc == -EACCES)
		sr6_io_errf(err, "afxdp dev %s: AF_XDP socket: %s (needs CAP_NET_RAW)", dev,
			    strerror(-rc));
	else if (rc == -ENOBUFS || rc == -ENOMEM)
		sr6_io_errf(err, "afxdp dev %s: UMEM of %zu MiB: %s (RLIMIT_MEMLOCK?)", dev,
			    SR6_XDP_UMEM_SIZE >> 20, strerror(-rc));
	else
		sr6_io_errf(err, "afxdp dev %s: UMEM: %s", dev, strerror(-rc));
	return rc;
}

/*
 * One socket on our queue, bound with bind_flags, with libxdp's program or
 * with none (ours is already on the device), on a fresh UMEM. A queue found
 * busy is retried until SR6_XDP_BUSY_WAIT_MS, each time on a fresh UMEM
 * too: when libxdp's program is what failed, the UMEM socket is left bound.
 * Returns 0, or a negative errno with err set when nothing else can do
 * better (no UMEM, queue held by another socket), or with err empty.
 */
static int sr6_xdp_try(struct sr6_xdp *x, const char *dev, uint16_t bind_flags, bool libxdp_prog,
		       char *err)
{
	const struct xsk_socket_config cfg = {
	    .rx_size = SR6_XDP_RX_FRAMES,
	    .tx_size = SR6_XDP_TX_SLOTS,
	    .libxdp_flags = libxdp_prog ? 0 : XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
	    .xdp_flags = 0,
	    .bind_flags = bind_flags | XDP_USE_NEED_WAKEUP,
	};
	uint64_t deadline = sr6_xdp_now_ms() + SR6_XDP_BUSY_WAIT_MS;
	int rc;

	for (;;) {
		rc = sr6_xdp_umem(x, dev, err);
		if (rc < 0)
			return rc;
		rc = xsk_socket__create(&x->xsk, dev, x->queue, x->umem, &x->rx, &x->tx, &cfg);
		if (!rc) {
			x->fd = xsk_socket__fd(x->xsk);
			x->zc = bind_flags & XDP_ZEROCOPY;
			return 0;
		}
		x->xsk = NULL;
		xsk_umem__delete(x->umem);
		x->umem = NULL;
		if (rc != -EBUSY || sr6_xdp_now_ms() >= deadline)
			break;
		nanosleep(&(struct timespec){.tv_nsec = 2000000}, NULL);
	}
	if (rc == -EBUSY && !libxdp_prog)
		sr6_io_errf(err, "afxdp dev %s: queue %u is held by another AF_XDP socket: %s", dev,
			    x->queue, strerror(-rc));
	return rc;
}

/*
 * Our redirect program, assembled by hand (the same instructions libbpf
 * loaded as its default AF_XDP program before libxdp took that over):
 *
 *	r2 = *(u32 *)(r1 + offsetof(struct xdp_md, rx_queue_index))
 *	r1 = map_fd ll          ; our XSKMAP (ld_imm64 takes two slots)
 *	r3 = XDP_PASS           ; what to do when the queue has no socket
 *	call bpf_redirect_map
 *	exit
 */
static int sr6_xdp_load_prog(int map_fd)
{
	const struct bpf_insn insns[] = {
	    {.code = BPF_LDX | BPF_MEM | BPF_W,
	     .dst_reg = BPF_REG_2,
	     .src_reg = BPF_REG_1,
	     .off = offsetof(struct xdp_md, rx_queue_index)},
	    {.code = BPF_LD | BPF_DW | BPF_IMM,
	     .dst_reg = BPF_REG_1,
	     .src_reg = BPF_PSEUDO_MAP_FD,
	     .imm = map_fd},
	    {.code = 0},
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = XDP_PASS},
	    {.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_redirect_map},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_XDP);

	return bpf_prog_load(BPF_PROG_TYPE_XDP, "srv6d_xsk", "Dual MIT/GPL", insns,
			     sizeof(insns) / sizeof(insns[0]), &opts);
}

/*
 * Our program and its (still empty) XSKMAP on the device, native mode
 * first, then generic. Until a socket is in the map it passes everything.
 */
static int sr6_xdp_own_prog(struct sr6_xdp *x, unsigned int ifindex)
{
	static const uint32_t modes[] = {XDP_FLAGS_DRV_MODE, XDP_FLAGS_SKB_MODE};
	int rc;

	rc = bpf_map_create(BPF_MAP_TYPE_XSKMAP, "srv6d_xsks", sizeof(uint32_t), sizeof(int),
			    SR6_XDP_MAX_QUEUES, NULL);
	if (rc < 0)
		return rc;
	x->map_fd = rc;
	rc = sr6_xdp_load_prog(x->map_fd);
	if (rc < 0)
		goto fail_map;
	x->prog_fd = rc;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = modes[i]);

		rc = bpf_link_create(x->prog_fd, (int)ifindex, BPF_XDP, &opts);
		if (rc >= 0) {
			x->link_fd = rc;
			return 0;
		}
	}
	close(x->prog_fd);
	x->prog_fd = -1;
fail_map:
	close(x->map_fd);
	x->map_fd = -1;
	return rc;
}

/* The order of the top comment: our program, then a socket for it; else libxdp's way. */
static int sr6_xdp_setup(struct sr6_xdp *x, const char *dev, unsigned int ifindex, char *err)
{
	static const uint16_t binds[] = {XDP_ZEROCOPY, XDP_COPY};
	int own_rc = sr6_xdp_own_prog(x, ifindex);
	int rc = 0;

	for (size_t i = 0; i < sizeof(binds) / sizeof(binds[0]); i++) {
		rc = sr6_xdp_try(x, dev, binds[i], own_rc < 0, err);
		if (err[0])
			return rc;
		if (rc < 0)
			continue; /* this bind mode is not for this device */
		if (own_rc < 0)
			return 0;
		rc = bpf_map_update_elem(x->map_fd, &x->queue, &x->fd, BPF_ANY);
		if (rc < 0)
			sr6_io_errf(err, "afxdp dev %s: XSKMAP update: %s", dev, strerror(-rc));
		return rc;
	}
	if (own_rc < 0)
		sr6_io_errf(
		    err, "afxdp dev %s: XDP attach failed: own program: %s%s; libxdp: %s", dev,
		    strerror(-own_rc),
		    own_rc == -EEXIST || own_rc == -EBUSY ? " (the device has an XDP program)" : "",
		    strerror(-rc));
	else
		sr6_io_errf(err, "afxdp dev %s: AF_XDP socket on queue %u: %s", dev, x->queue,
			    strerror(-rc));
	return rc;
}

/* Give every RX frame to the kernel and stack every TX frame as idle. */
static void sr6_xdp_frames_init(struct sr6_xdp *x)
{
	uint32_t idx = 0;
	uint32_t got = xsk_ring_prod__reserve(&x->fq, SR6_XDP_RX_FRAMES, &idx);

	assert(got == SR6_XDP_RX_FRAMES);
	for (uint32_t i = 0; i < got; i++)
		*xsk_ring_prod__fill_addr(&x->fq, idx + i) = (uint64_t)i * SR6_XDP_FRAME;
	xsk_ring_prod__submit(&x->fq, got);
	for (uint32_t i = 0; i < SR6_XDP_TX_FRAMES; i++)
		x->tx_free[i] = (uint64_t)(SR6_XDP_RX_FRAMES + i) * SR6_XDP_FRAME;
	x->tx_nfree = SR6_XDP_TX_FRAMES;
}

static void sr6_xdp_release(struct sr6_xdp *x)
{
	struct sr6_xdp_logs logs = sr6_xdp_logs_off();

	if (x->link_fd >= 0)
		close(x->link_fd); /* detaches our program */
	if (x->xsk)
		xsk_socket__delete(x->xsk); /* and libxdp's, when we were its last user */
	if (x->umem)
		xsk_umem__delete(x->umem);
	if (x->prog_fd >= 0)
		close(x->prog_fd);
	if (x->map_fd >= 0)
		close(x->map_fd);
	if (x->area)
		munmap(x->area, SR6_XDP_UMEM_SIZE);
	sr6_xdp_logs_restore(logs);
	free(x);
}

static int sr6_xdp_open(struct sr6_io *io, const struct sr6_io_config *cfg, char *err)
{
	const char *dev = cfg->dev;
	struct sr6_xdp_logs logs;
	struct sr6_xdp *x;
	unsigned int ifindex;
	int rc;

	if (!dev || !dev[0]) {
		sr6_io_errf(err, "afxdp: dev IFNAME is required");
		return -EINVAL;
	}
	if (strlen(dev) >= IFNAMSIZ) {
		sr6_io_errf(err, "afxdp dev %s: name longer than %d characters", dev, IFNAMSIZ - 1);
		return -EINVAL;
	}
	if (cfg->linktype == SR6_LINK_RAW) {
		sr6_io_errf(err, "afxdp dev %s: only linktype ethernet is supported", dev);
		return -EINVAL;
	}
	if (!cfg->pool) {
		sr6_io_errf(err, "afxdp dev %s: no packet pool to receive into", dev);
		return -EINVAL;
	}
	ifindex = if_nametoindex(dev);
	if (!ifindex) {
		rc = -errno;
		sr6_io_errf(err, "afxdp dev %s: %s", dev, strerror(-rc));
		return rc;
	}
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->pool = cfg->pool;
	x->fd = x->map_fd = x->prog_fd = x->link_fd = -1;
	rc = sr6_xdp_read_device(io, dev, err);
	if (rc < 0)
		goto fail;
	x->area = mmap(NULL, SR6_XDP_UMEM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (x->area == MAP_FAILED) {
		rc = -errno;
		x->area = NULL;
		sr6_io_errf(err, "afxdp dev %s: UMEM of %zu MiB: %s", dev, SR6_XDP_UMEM_SIZE >> 20,
			    strerror(-rc));
		goto fail;
	}
	logs = sr6_xdp_logs_off();
	rc = sr6_xdp_setup(x, dev, ifindex, err);
	sr6_xdp_logs_restore(logs);
	if (rc < 0)
		goto fail;
	sr6_xdp_frames_init(x);
	x->tx_max_len = io->mtu + ETH_HLEN + SR6_VLAN_HLEN;
	io->linktype = SR6_LINK_ETHERNET;
	io->priv = x;
	return 0;
fail:
	sr6_xdp_release(x);
	return rc;
}

/* The kernel's own drop counters, as deltas into ours. */
static void sr6_xdp_count_kernel_drops(struct sr6_io *io, struct sr6_xdp *x)
{
	struct xdp_statistics st;
	socklen_t len = sizeof(st);

	if (getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &st, &len) < 0)
		return;
	uint64_t rx = st.rx_dropped + st.rx_ring_full + st.rx_invalid_descs;
	io->stats.rx_errors += rx - x->kern_rx_drops;
	io->stats.tx_errors += st.tx_invalid_descs - x->kern_tx_drops;
	x->kern_rx_drops = rx;
	x->kern_tx_drops = st.tx_invalid_descs;
}

static uint16_t sr6_xdp_rx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	struct sr6_xdp *x = io->priv;
	uint32_t rx_idx = 0, fq_idx = 0, got, i;
	struct timespec now;
	uint64_t bytes = 0;

	got = xsk_ring_cons__peek(&x->rx, n, &rx_idx);
	if (!got)
		return 0;
	/* A full burst with the fill ring drained: the kernel may have had to drop. */
	if (got == n && xsk_prod_nb_free(&x->fq, SR6_XDP_FILL_SLOTS) == SR6_XDP_FILL_SLOTS)
		sr6_xdp_count_kernel_drops(io, x);
	clock_gettime(CLOCK_REALTIME, &now);
	uint64_t ts = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	for (i = 0; i < got; i++) {
		const struct xdp_desc *d = xsk_ring_cons__rx_desc(&x->rx, rx_idx + i);
		struct sr6_pkt *p = sr6_pkt_alloc(x->pool);

		if (!p)
			break; /* the rest stay on the ring for the next call */
		memcpy(p->data, xsk_umem__get_data(x->area, d->addr), d->len);
		p->len = d->len;
		p->flags = SR6_PKT_F_L2;
		p->ts_ns = ts;
		bytes += d->len;
		pkts[i] = p;
	}
	if (i < got)
		xsk_ring_cons__cancel(&x->rx, got - i);
	if (!i)
		return 0;
	/* Cannot come up short: the fill ring has a slot for every RX frame twice. */
	uint32_t slots = xsk_ring_prod__reserve(&x->fq, i, &fq_idx);
	assert(slots == i);
	for (uint32_t k = 0; k < slots; k++)
		*xsk_ring_prod__fill_addr(&x->fq, fq_idx + k) =
		    xsk_ring_cons__rx_desc(&x->rx, rx_idx + k)->addr &
		    ~(uint64_t)(SR6_XDP_FRAME - 1);
	xsk_ring_prod__submit(&x->fq, slots);
	xsk_ring_cons__release(&x->rx, i);
	/* Zero-copy drivers that ran out of buffers wait to be told there are more. */
	if (xsk_ring_prod__needs_wakeup(&x->fq))
		recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
	io->stats.rx_pkts += i;
	io->stats.rx_bytes += bytes;
	return (uint16_t)i;
}

/* Frames the kernel is done with come back on the completion ring. */
static void sr6_xdp_reap(struct sr6_xdp *x)
{
	uint32_t idx = 0;
	uint32_t done = xsk_ring_cons__peek(&x->cq, SR6_XDP_TX_FRAMES, &idx);

	for (uint32_t i = 0; i < done; i++)
		x->tx_free[x->tx_nfree++] = *xsk_ring_cons__comp_addr(&x->cq, idx + i);
	if (done)
		xsk_ring_cons__release(&x->cq, done);
}

/*
 * Make the kernel send what is on the TX ring: 0 when it took everything,
 * -EAGAIN when frames are left (busy driver), or the error that stopped it.
 */
static int sr6_xdp_kick(struct sr6_io *io, struct sr6_xdp *x)
{
	for (unsigned int i = 0; i < SR6_XDP_KICKS; i++) {
		if (sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0)
			return 0;
		if (errno == EBUSY)
			io->stats.tx_errors++; /* one frame dropped: no carrier */
		else if (errno != EAGAIN)
			return -errno;
	}
	return -EAGAIN;
}

/*
 * Take back the last k descriptors submitted. Only when nothing can be
 * reading the ring: copy mode, right after a sendto() refused before looking.
 */
static void sr6_xdp_tx_unsubmit(struct sr6_xdp *x, uint32_t first, uint32_t k)
{
	for (uint32_t i = 0; i < k; i++)
		x->tx_free[x->tx_nfree++] = xsk_ring_prod__tx_desc(&x->tx, first + i)->addr;
	x->tx.cached_prod -= k;
	__atomic_store_n(x->tx.producer, x->tx.cached_prod, __ATOMIC_RELEASE);
}

static uint16_t sr6_xdp_tx_burst(struct sr6_io *io, struct sr6_pkt **pkts, uint16_t n)
{
	struct sr6_xdp *x = io->priv;
	uint32_t first = 0, idx = 0, k = 0;
	uint64_t bytes = 0;

	if (x->dead) {
		for (uint16_t i = 0; i < n; i++)
			sr6_io_pkt_release(pkts[i]);
		io->stats.tx_errors += n;
		return 0;
	}
	sr6_xdp_reap(x);
	for (uint16_t i = 0; i < n; i++) {
		struct sr6_pkt *p = pkts[i];

		if (p->len < ETH_HLEN || p->len > x->tx_max_len || !x->tx_nfree ||
		    !xsk_ring_prod__reserve(&x->tx, 1, &idx)) {
			io->stats.tx_errors++;
			sr6_io_pkt_release(p);
			continue;
		}
		if (!k)
			first = idx;
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&x->tx, idx);
		d->addr = x->tx_free[--x->tx_nfree];
		d->len = p->len;
		d->options = 0;
		memcpy(xsk_umem__get_data(x->area, d->addr), p->data, p->len);
		bytes += p->len;
		k++;
		sr6_io_pkt_release(p);
	}
	if (!k)
		return 0;
	xsk_ring_prod__submit(&x->tx, k);
	if (x->zc && !xsk_ring_prod__needs_wakeup(&x->tx))
		goto sent;
	int rc = sr6_xdp_kick(io, x);
	if (rc == -ENXIO)
		x->dead = true;
	if ((rc == -ENETDOWN || rc == -ENXIO) && !x->zc) {
		sr6_xdp_tx_unsubmit(x, first, k);
		io->stats.tx_errors += k;
		io->link_down = true;
		return 0;
	}
	x->tx_queued = rc < 0;
	io->link_down = false;
sent:
	io->stats.tx_pkts += k;
	io->stats.tx_bytes += bytes;
	return (uint16_t)k;
}

/* Kick out frames a busy driver left on the ring, even if no burst follows. */
static void sr6_xdp_flush(struct sr6_io *io)
{
	struct sr6_xdp *x = io->priv;

	if (x->tx_queued && !x->dead)
		x->tx_queued = sr6_xdp_kick(io, x) < 0;
}

static void sr6_xdp_close(struct sr6_io *io)
{
	sr6_xdp_release(io->priv);
	io->priv = NULL;
}

const struct sr6_io_ops sr6_io_afxdp_ops = {
    .driver = "afxdp",
    .open = sr6_xdp_open,
    .rx_burst = sr6_xdp_rx_burst,
    .tx_burst = sr6_xdp_tx_burst,
    .flush = sr6_xdp_flush,
    .close = sr6_xdp_close,
};
