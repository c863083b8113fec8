// SPDX-License-Identifier: MIT
/*
 * Control-plane benchmark (issue #6 §3): how fast configuration goes in,
 * what it costs in memory, and whether forwarding keeps up meanwhile.
 *
 *   1. config file: `route add` (DFZ-like prefixes, 4 gateways), `sid add`,
 *      `policy add` (4 SIDs) and `steer add` lines written to a file and
 *      applied with sr6_ctl_load (what srv6d -c does), one object type at a
 *      time on a router with 3 `null` interfaces. Rate = lines / wall time;
 *      memory = RSS and heap (mallinfo2) growth / objects. The RSS after the
 *      route file is the router's RSS with that many routes.
 *   2. control socket: a real build/srv6d (null interfaces, one worker
 *      thread, control socket in a temp dir, --log-level warn: at info it
 *      logs every change to stderr) fed `route add` lines on a
 *      Unix socket ("LINE\n" -> "200 <len>\n<body>"), request-reply (one
 *      line in flight) and pipelined (up to WINDOW lines in flight): first
 *      one write() per line, then (new routes) half a window per write(),
 *      as a client with a send buffer writes; srv6d's CPU time per route
 *      (/proc/PID/stat, all threads: on a shared machine a steadier figure
 *      than the rate) and RSS growth per route (/proc/PID/status).
 *   3. churn: one thread forwards (plain IPv6, destinations spread over the
 *      installed prefixes, batches of SR6_BATCH_MAX through
 *      sr6_poller_process, announcing a QSBR quiescent state after each
 *      batch, as a worker does) while this thread adds CHURN new routes with
 *      sr6_ctl_exec. Retired memory is reclaimed as srv6d does it (59e9a88):
 *      a change waits for a grace period (sr6_qsbr_synchronize) only once
 *      SR6_RECLAIM_BATCH items are pending, and the rest is reclaimed by
 *      sr6_ctl_reclaim when the burst is over (srv6d's idle step), inside
 *      the timed interval. Reported: forwarding Mpps alone and during the
 *      adds, adds/s with and without the forwarder, the grace periods
 *      waited, and that no packet was dropped.
 *
 * Usage: ctl_bench [--quick] [--srv6d PATH] [--cpu-fwd N] [--cpu-ctl N]
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "core/wire.h"
#include "dp/qsbr.h"

#define N_GW	4
#define WINDOW	512
#define PAYLOAD 64

static size_t n_routes = 1000000, n_sids = 100000, n_policies = 10000, n_steers = 100000;
static size_t n_sock_rr = 20000, n_sock_pipe = 200000, n_churn = 100000, n_fwd_base = 100000;
static int cpu_fwd = 1, cpu_ctl = 0;
static char tmpdir[] = "/tmp/ctl_bench.XXXXXX";

static void die(const char *what)
{
	fprintf(stderr, "ctl_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void die_on(int rc)
{
	if (rc < 0)
		exit(1);
}

static struct bench_router *router_base(void)
{
	struct bench_router *rt = bench_router_create();

	if (!rt)
		die("router");
	die_on(bench_router_exec(rt, "interface add wan driver null mac 02:00:00:00:00:01"));
	die_on(bench_router_exec(rt, "interface add core driver null mac 02:00:00:00:00:02"));
	die_on(bench_router_exec(rt, "interface add adj driver null mac 02:00:00:00:00:03"));
	die_on(bench_router_exec(rt, "address add fd00:1::1/64 dev wan"));
	die_on(bench_router_exec(rt, "address add fd00:2::1/64 dev core"));
	die_on(bench_router_exec(rt, "encap source fd00:ffff::1"));
	for (unsigned g = 0; g < N_GW; g++)
		die_on(bench_router_exec(rt,
					 "neighbor add fd00:2::%x lladdr 02:00:00:00:00:%02x "
					 "dev core",
					 2 + g, 0x22 + g));
	die_on(bench_router_exec(rt, "route add fc00::/16 via fd00:2::2"));
	return rt;
}

/* ---- 1. config file --------------------------------------------------- */

enum obj { OBJ_ROUTE, OBJ_SID, OBJ_POLICY, OBJ_STEER };

static void write_line(FILE *f, enum obj o, size_t i, const struct bench_pfx *p)
{
	char pfx[64];

	switch (o) {
	case OBJ_ROUTE:
		bench_pfx_str(p, 0, pfx, sizeof(pfx));
		fprintf(f, "route add %s via fd00:2::%x\n", pfx, 2 + (unsigned)(i % N_GW));
		break;
	case OBJ_SID:
		fprintf(f, "sid add fc00:ffff:%x:%x::1 action End\n", (unsigned)(i >> 16) + 1,
			(unsigned)(i & 0xffff));
		break;
	case OBJ_POLICY:
		fprintf(f,
			"policy add P%zu segs fc00:1:%zx::1,fc00:2:%zx::1,fc00:3:%zx::1,"
			"fc00:4:%zx::1\n",
			i, i & 0xffff, i & 0xffff, i & 0xffff, i & 0xffff);
		break;
	case OBJ_STEER:
		bench_pfx_str(p, 0, pfx, sizeof(pfx));
		fprintf(f, "steer add %s policy P%zu\n", pfx, i % n_policies);
		break;
	}
}

struct load_result {
	double rate, rss_per, heap_per;
	size_t rss_after;
};

static struct load_result load_file(struct bench_router *rt, enum obj o, size_t n,
				    const struct bench_pfx *p)
{
	char path[128];
	struct load_result r;
	FILE *f;
	size_t rss0, heap0;
	double t0;
	int errs;

	snprintf(path, sizeof(path), "%s/objs.conf", tmpdir);
	f = fopen(path, "w");
	if (!f)
		die(path);
	for (size_t i = 0; i < n; i++)
		write_line(f, o, i, p ? &p[i] : NULL);
	if (fclose(f))
		die(path);
	rss0 = bench_rss();
	heap0 = bench_heap();
	t0 = bench_now();
	errs = sr6_ctl_load(&rt->ctl, path, stderr);
	r.rate = (double)n / (bench_now() - t0);
	if (errs) {
		fprintf(stderr, "ctl_bench: %s: %d error(s)\n", path, errs);
		exit(1);
	}
	r.rss_after = bench_rss();
	r.rss_per = (double)(r.rss_after - rss0) / (double)n;
	r.heap_per = (double)(bench_heap() - heap0) / (double)n;
	unlink(path);
	return r;
}

static void section_file(void)
{
	struct bench_router *rt;
	struct bench_pfx *dfz, *steer;
	struct load_result r;
	size_t rss_base;

	printf("## 1. Config file (sr6_ctl_load), one object type at a time\n\n");
	printf("| lines | objects | adds/s | RSS bytes/object | heap bytes/object | RSS after |\n");
	printf("|---|---:|---:|---:|---:|---:|\n");
	bench_seed(0xc7l);
	dfz = bench_gen_v6(n_routes + n_steers);
	steer = dfz + n_routes;
	rt = router_base();
	rss_base = bench_rss();
	r = load_file(rt, OBJ_ROUTE, n_routes, dfz);
	printf("| route add (DFZ-like, 4 gateways) | %zu | %.0f | %.0f | %.0f | %.0f MiB |\n",
	       n_routes, r.rate, r.rss_per, r.heap_per, (double)r.rss_after / 1048576);
	r = load_file(rt, OBJ_SID, n_sids, NULL);
	printf("| sid add ... action End (/128) | %zu | %.0f | %.0f | %.0f | %.0f MiB |\n", n_sids,
	       r.rate, r.rss_per, r.heap_per, (double)r.rss_after / 1048576);
	r = load_file(rt, OBJ_POLICY, n_policies, NULL);
	printf("| policy add (1 list of 4 SIDs) | %zu | %.0f | %.0f | %.0f | %.0f MiB |\n",
	       n_policies, r.rate, r.rss_per, r.heap_per, (double)r.rss_after / 1048576);
	r = load_file(rt, OBJ_STEER, n_steers, steer);
	printf("| steer add (DFZ-like prefixes) | %zu | %.0f | %.0f | %.0f | %.0f MiB |\n",
	       n_steers, r.rate, r.rss_per, r.heap_per, (double)r.rss_after / 1048576);
	printf("\nRSS of the router before the route file (3 interfaces, 1 poller with its "
	       "4096-buffer pool): %.0f MiB\n\n",
	       (double)rss_base / 1048576);
	fflush(stdout);
	bench_router_destroy(rt);
	free(dfz);
}

/* ---- 2. control socket ----------------------------------------------- */

static pid_t daemon_pid = -1;

static void stop_daemon(void)
{
	if (daemon_pid > 0) {
		kill(daemon_pid, SIGTERM);
		waitpid(daemon_pid, NULL, 0);
		daemon_pid = -1;
	}
}

static size_t proc_rss(pid_t pid)
{
	char path[64], line[256];
	size_t kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = strtoul(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb * 1024;
}

/* CPU time srv6d has used (all its threads, user + system), seconds. */
static double proc_cpu(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')'); /* fields 14 and 15 follow "(comm) state ..." */
	if (!p ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int sock_connect(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (strlen(path) >= sizeof(sa.sun_path))
		die("socket path too long");
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (fd < 0)
		die("socket");
	for (int tries = 0; tries < 200; tries++) {
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		usleep(20000);
	}
	die(path);
	return -1;
}

/* Buffered reader of "CODE LEN\nBODY" replies. */
struct rd {
	int fd;
	char buf[1 << 16];
	size_t off, len;
};

static int rd_byte(struct rd *r)
{
	if (r->off == r->len) {
		ssize_t n = read(r->fd, r->buf, sizeof(r->buf));

		if (n <= 0)
			die("control socket read");
		r->off = 0;
		r->len = (size_t)n;
	}
	return (unsigned char)r->buf[r->off++];
}

/* One reply; returns its code, prints the body of a non-200. */
static int rd_reply(struct rd *r)
{
	char head[32];
	unsigned i = 0, code;
	size_t len;
	int c;

	while ((c = rd_byte(r)) != '\n' && i < sizeof(head) - 1)
		head[i++] = (char)c;
	head[i] = 0;
	if (sscanf(head, "%u %zu", &code, &len) != 2) {
		fprintf(stderr, "ctl_bench: bad reply header '%s'\n", head);
		exit(1);
	}
	if (code != 200)
		fprintf(stderr, "ctl_bench: reply %u: ", code);
	for (size_t k = 0; k < len; k++) {
		c = rd_byte(r);
		if (code != 200)
			fputc(c, stderr);
	}
	return (int)code;
}

static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("control socket write");
		}
		s += w;
		n -= (size_t)w;
	}
}

/*
 * Send lines[from, to) with at most `window` unanswered; returns seconds.
 * batched: once half the window is answered, write the lines that refill
 * it with one write() (as a client with a send buffer does) instead of one
 * write() per line.
 */
static double send_routes(struct rd *r, const struct bench_pfx *p, size_t from, size_t to,
			  size_t window, int batched)
{
	static char buf[WINDOW * 128];
	char pfx[64];
	size_t sent = from, got = from;
	double t0 = bench_now();

	while (got < to) {
		size_t len = 0;

		if (!batched || sent - got <= window / 2) {
			while (sent < to && sent - got < window) {
				bench_pfx_str(&p[sent], 0, pfx, sizeof(pfx));
				len += (size_t)snprintf(buf + len, sizeof(buf) - len,
							"route add %s via fd00:2::%x\n", pfx,
							2 + (unsigned)(sent % N_GW));
				sent++;
				if (!batched) {
					write_all(r->fd, buf, len);
					len = 0;
				}
			}
			write_all(r->fd, buf, len);
		}
		if (rd_reply(r) != 200)
			exit(1);
		got++;
	}
	return bench_now() - t0;
}

static void section_socket(const char *srv6d)
{
	char conf[128], sock[128], log[128];
	struct bench_pfx *p;
	struct rd *r = calloc(1, sizeof(*r));
	size_t rss0, rss1;
	double t_rr, t_pipe, t_batch, cpu[4];
	FILE *f;

	snprintf(conf, sizeof(conf), "%s/srv6d.conf", tmpdir);
	snprintf(sock, sizeof(sock), "%s/srv6d.sock", tmpdir);
	snprintf(log, sizeof(log), "%s/srv6d.log", tmpdir);
	f = fopen(conf, "w");
	if (!f || !r)
		die(conf);
	fprintf(f, "interface add wan driver null mac 02:00:00:00:00:01\n"
		   "interface add core driver null mac 02:00:00:00:00:02\n"
		   "address add fd00:2::1/64 dev core\n");
	for (unsigned g = 0; g < N_GW; g++)
		fprintf(f, "neighbor add fd00:2::%x lladdr 02:00:00:00:00:%02x dev core\n", 2 + g,
			0x22 + g);
	fclose(f);
	daemon_pid = fork();
	if (daemon_pid < 0)
		die("fork");
	if (daemon_pid == 0) {
		/* info would log every change line; the figure is the change itself */
		if (!freopen(log, "w", stderr) || !freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(srv6d, srv6d, "-c", conf, "-s", sock, "--log-level", "warn", (char *)NULL);
		fprintf(stderr, "ctl_bench: exec %s: %s\n", srv6d, strerror(errno));
		_exit(127);
	}
	atexit(stop_daemon);
	r->fd = sock_connect(sock);
	bench_seed(0x50c);
	p = bench_gen_v6(n_sock_rr + 2 * n_sock_pipe);
	rss0 = proc_rss(daemon_pid);
	cpu[0] = proc_cpu(daemon_pid);
	t_rr = send_routes(r, p, 0, n_sock_rr, 1, 0);
	cpu[1] = proc_cpu(daemon_pid);
	t_pipe = send_routes(r, p, n_sock_rr, n_sock_rr + n_sock_pipe, WINDOW, 0);
	cpu[2] = proc_cpu(daemon_pid);
	rss1 = proc_rss(daemon_pid);
	t_batch =
	    send_routes(r, p, n_sock_rr + n_sock_pipe, n_sock_rr + 2 * n_sock_pipe, WINDOW, 1);
	cpu[3] = proc_cpu(daemon_pid);
	printf("## 2. Control socket (%s --log-level warn, 1 worker thread, null interfaces)\n\n",
	       srv6d);
	printf("| mode | route adds | adds/s | srv6d CPU us/route | srv6d RSS bytes/route |\n"
	       "|---|---:|---:|---:|---:|\n");
	printf("| request-reply (1 in flight) | %zu | %.0f | %.1f | |\n", n_sock_rr,
	       (double)n_sock_rr / t_rr, 1e6 * (cpu[1] - cpu[0]) / (double)n_sock_rr);
	printf("| pipelined (%d in flight) | %zu | %.0f | %.1f | %.0f |\n", WINDOW, n_sock_pipe,
	       (double)n_sock_pipe / t_pipe, 1e6 * (cpu[2] - cpu[1]) / (double)n_sock_pipe,
	       (double)(rss1 - rss0) / (double)(n_sock_rr + n_sock_pipe));
	printf("| pipelined, written %d lines a write() | %zu | %.0f | %.1f | |\n\n", WINDOW / 2,
	       n_sock_pipe, (double)n_sock_pipe / t_batch,
	       1e6 * (cpu[3] - cpu[2]) / (double)n_sock_pipe);
	fflush(stdout);
	close(r->fd);
	free(r);
	free(p);
	stop_daemon();
	unlink(conf);
	unlink(log);
}

/* ---- 3. forwarding during route adds ------------------------------- */

#define RING_BATCHES 16

struct fwd {
	struct bench_router *rt;
	struct sr6_poller *pl;
	struct sr6_pkt_pool *pool;
	struct sr6_pkt *ring[RING_BATCHES * SR6_BATCH_MAX];
	uint8_t tpl[14 + 40 + 8 + PAYLOAD];
	uint8_t (*dst)[16];
	size_t n_dst;
	volatile int stop;
	uint64_t pkts;
};

static void fwd_template(struct fwd *f)
{
	uint8_t *p = f->tpl;

	memset(p, 0, sizeof(f->tpl));
	memcpy(p, (uint8_t[]){2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0x10, 0x86, 0xdd}, 14);
	p += 14;
	p[0] = 0x60;
	p[5] = 8 + PAYLOAD;
	p[6] = SR6_IPPROTO_UDP;
	p[7] = 64;
	p[8] = 0xfd;
	p[23] = 0x10;
	p[40 + 5] = 8 + PAYLOAD;
}

static void *fwd_main(void *arg)
{
	struct fwd *f = arg;
	struct sr6_qsbr *q = &f->rt->ws.qsbr;
	size_t k = 0;

	bench_pin(cpu_fwd);
	sr6_qsbr_quiescent(q, 0);
	for (uint64_t b = 0; !__atomic_load_n(&f->stop, __ATOMIC_RELAXED); b++) {
		struct sr6_pkt **batch = &f->ring[b % RING_BATCHES * SR6_BATCH_MAX];

		for (unsigned i = 0; i < SR6_BATCH_MAX; i++) {
			struct sr6_pkt *p = batch[i];

			sr6_pkt_reset(p);
			memcpy(p->data, f->tpl, sizeof(f->tpl));
			memcpy(p->data + 14 + 24, f->dst[k++ % f->n_dst], 16);
			p->len = sizeof(f->tpl);
			p->flags = SR6_PKT_F_L2;
			p->rx_if = 0;
		}
		sr6_poller_process(f->pl, batch, SR6_BATCH_MAX);
		sr6_poller_flush(f->pl);
		f->pool->n_free = 0;
		sr6_qsbr_quiescent(q, 0);
		__atomic_store_n(&f->pkts, f->pkts + SR6_BATCH_MAX, __ATOMIC_RELAXED);
	}
	sr6_qsbr_offline(q, 0);
	return NULL;
}

static unsigned long n_grace; /* grace periods waited by the churn phase */

/* srv6d's ctl.synchronize, with the bench's forwarder as the one worker. */
static void synchronize(struct sr6_ctl *ctl)
{
	struct bench_router *rt =
	    (struct bench_router *)((char *)ctl - offsetof(struct bench_router, ctl));

	sr6_qsbr_synchronize(&rt->ws.qsbr);
	sr6_reclaim_run(&rt->dp->reclaim);
	n_grace++;
}

/* Add routes p[from, to), then reclaim as srv6d does when idle. */
static void churn_adds(struct bench_router *rt, const struct bench_pfx *p, size_t from,
		       size_t to)
{
	char pfx[64];

	for (size_t i = from; i < to; i++) {
		bench_pfx_str(&p[i], 0, pfx, sizeof(pfx));
		die_on(bench_router_exec(rt, "route add %s via fd00:2::%x", pfx,
					 2 + (unsigned)(i % N_GW)));
	}
	sr6_ctl_reclaim(&rt->ctl);
}

static uint64_t drops(const struct sr6_counters *c)
{
	uint64_t n = 0;

	for (unsigned i = 1; i < SR6_DROP__COUNT; i++)
		n += c->drop[i];
	return n;
}

/*
 * Forward for `secs` seconds, or while adding routes [from, to) when
 * to > from. Returns the forwarding rate (Mpps) over that interval only.
 */
static double fwd_phase(struct fwd *f, const struct bench_pfx *p, size_t from, size_t to,
			double secs, double *add_rate)
{
	pthread_t th;
	uint64_t p0;
	double t0, t1;

	f->stop = 0;
	f->pkts = 0;
	if (pthread_create(&th, NULL, fwd_main, f))
		die("pthread_create");
	usleep(100000); /* let it reach full speed */
	p0 = __atomic_load_n(&f->pkts, __ATOMIC_RELAXED);
	t0 = bench_now();
	if (to > from) {
		churn_adds(f->rt, p, from, to);
	} else {
		while (bench_now() - t0 < secs)
			usleep(10000);
	}
	t1 = bench_now();
	p0 = __atomic_load_n(&f->pkts, __ATOMIC_RELAXED) - p0;
	if (add_rate)
		*add_rate = (double)(to - from) / (t1 - t0);
	__atomic_store_n(&f->stop, 1, __ATOMIC_RELAXED);
	pthread_join(th, NULL);
	return (double)p0 / (t1 - t0) / 1e6;
}

static void section_churn(void)
{
	struct fwd *f = calloc(1, sizeof(*f));
	struct bench_pfx *p;
	struct sr6_counters *cnt;
	double alone, during, add_busy = 0, add_idle, t0;
	uint64_t d0, tx0, fwd_total = 0;
	unsigned long grace_busy;
	char pfx[64];

	if (!f)
		die("calloc");
	bench_seed(0xc4u);
	p = bench_gen_v6(n_fwd_base + 2 * n_churn);
	f->rt = router_base();
	f->rt->ctl.synchronize = synchronize;
	for (size_t i = 0; i < n_fwd_base; i++) {
		bench_pfx_str(&p[i], 0, pfx, sizeof(pfx));
		die_on(bench_router_exec(f->rt, "route add %s via fd00:2::%x", pfx,
					 2 + (unsigned)(i % N_GW)));
	}
	f->pl = f->rt->ws.pl[0];
	cnt = f->pl->w.cnt;
	f->pool = sr6_pkt_pool_create(RING_BATCHES * SR6_BATCH_MAX);
	if (!f->pool)
		die("pool");
	for (unsigned i = 0; i < RING_BATCHES * SR6_BATCH_MAX; i++)
		f->ring[i] = sr6_pkt_alloc(f->pool);
	fwd_template(f);
	f->n_dst = 1u << 20;
	f->dst = malloc(f->n_dst * 16);
	if (!f->dst)
		die("malloc");
	for (size_t i = 0; i < f->n_dst; i++)
		bench_addr_in(&p[bench_rnd() % n_fwd_base], 16, f->dst[i]);

	d0 = drops(cnt);
	tx0 = cnt->ifc[1].tx_pkts;
	alone = fwd_phase(f, p, 0, 0, 1.0, NULL);
	fwd_total += f->pkts;
	n_grace = 0;
	during = fwd_phase(f, p, n_fwd_base, n_fwd_base + n_churn, 0, &add_busy);
	grace_busy = n_grace;
	fwd_total += f->pkts;
	/* the same number of adds with no reader online: grace periods are free */
	t0 = bench_now();
	churn_adds(f->rt, p, n_fwd_base + n_churn, n_fwd_base + 2 * n_churn);
	add_idle = (double)n_churn / (bench_now() - t0);

	printf("## 3. Forwarding while routes are added (forwarder on CPU %d, control on CPU "
	       "%d)\n\n",
	       cpu_fwd, cpu_ctl);
	printf("| phase | FIB prefixes | forwarding Mpps | route adds/s |\n|---|---:|---:|---:|\n");
	printf("| forwarding alone (1 s) | %zu | %.2f | |\n", n_fwd_base, alone);
	printf("| forwarding + %zu adds | %zu -> %zu | %.2f | %.0f |\n", n_churn, n_fwd_base,
	       n_fwd_base + n_churn, during, add_busy);
	printf("| adds alone (no reader online) | %zu -> %zu | | %.0f |\n\n", n_fwd_base + n_churn,
	       n_fwd_base + 2 * n_churn, add_idle);
	printf("Forwarding during the adds: %.0f%% of the rate alone; %lu grace periods "
	       "waited for %zu adds; %llu packets forwarded, %llu dropped, %llu sent out "
	       "core.\n\n",
	       100.0 * during / alone, grace_busy, n_churn, (unsigned long long)fwd_total,
	       (unsigned long long)(drops(cnt) - d0),
	       (unsigned long long)(cnt->ifc[1].tx_pkts - tx0));
	fflush(stdout);
	f->pool->n_free = f->pool->size;
	sr6_pkt_pool_destroy(f->pool);
	f->rt->ctl.synchronize = NULL;
	bench_router_destroy(f->rt);
	free(f->dst);
	free(f);
	free(p);
}

/* srv6d next to this program (build dir), unless --srv6d says otherwise. */
static void default_srv6d(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 16);
	char *slash;

	if (n <= 0) {
		snprintf(buf, len, "srv6d");
		return;
	}
	buf[n] = 0;
	slash = strrchr(buf, '/');
	strcpy(slash ? slash + 1 : buf, "srv6d");
}

static void cleanup(void)
{
	rmdir(tmpdir);
}

int main(int argc, char **argv)
{
	char srv6d[4096];

	default_srv6d(srv6d, sizeof(srv6d));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--quick")) {
			n_routes = 100000;
			n_sids = 10000;
			n_policies = 1000;
			n_steers = 10000;
			n_sock_rr = 2000;
			n_sock_pipe = 20000;
			n_churn = 10000;
			n_fwd_base = 10000;
		} else if (val && !strcmp(a, "--srv6d")) {
			snprintf(srv6d, sizeof(srv6d), "%s", val);
			i++;
		} else if (val && !strcmp(a, "--cpu-fwd")) {
			cpu_fwd = atoi(val);
			i++;
		} else if (val && !strcmp(a, "--cpu-ctl")) {
			cpu_ctl = atoi(val);
			i++;
		} else {
			fprintf(stderr, "usage: ctl_bench [--quick] [--srv6d PATH] [--cpu-fwd N] "
					"[--cpu-ctl N]\n");
			return 2;
		}
	}
	if (!mkdtemp(tmpdir))
		die("mkdtemp");
	atexit(cleanup);
	bench_pin(cpu_ctl);
	bench_print_machine(stdout);
	printf("Control thread on CPU %d, nice %d\n\n", cpu_ctl, bench_nice());
	section_file();
	if (access(srv6d, X_OK) == 0)
		section_socket(srv6d);
	else
		printf("## 2. Control socket: SKIP (no srv6d at %s; --srv6d PATH)\n\n", srv6d);
	section_churn();
	return 0;
}
