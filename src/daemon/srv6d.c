// SPDX-License-Identifier: MIT
/*
 * srv6d: the router process (DESIGN.md §2.1).
 *
 *   srv6d -c FILE [-s SOCK]        run: workers forward, this thread serves
 *                                  the control socket until SIGINT/SIGTERM
 *         [--metrics [ADDR:]PORT]  ... and Prometheus metrics (ctl/metrics.h)
 *         [--fpm [ADDR:]PORT [--fpm-stale-time SEC]]
 *                                  ... and FRR zebra's routes (ctl/fpm.h)
 *         [--syslog] [--log-level L]  logging (ctl/log.h)
 *   srv6d -c FILE --oneshot [--json]
 *                                  process every pcap input in this thread,
 *                                  flush outputs, print counters, exit 0
 *   srv6d --check -c FILE          validate; FILE:LINE: message per error
 *
 * Once the config's interfaces and the control socket are open, srv6d
 * keeps only the capabilities a live `interface add` needs (ctl/privs.h;
 * --drop-privileges: none, --keep-privileges: all). The control socket is
 * 0600, or 0660 for --socket-group NAME.
 *
 * A thin main: it wires the layers together (dataplane, workers, control
 * plane, control socket) and owns the threads; the logic lives in them.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "ctl/cmd_sec.h"
#include "ctl/ctl.h"
#include "ctl/privs.h"
#include "ctl/server.h"
#include "dp/punt.h"
#include "dp/workers.h"
#include "ctl/fpm.h"
#include "ctl/log.h"
#include "ctl/metrics.h"

#define SR6_POOL_SIZE 4096

static volatile sig_atomic_t stop;
static enum sr6_privs privs = SR6_PRIVS_LIVE;
static const char *socket_group;

static int drop_privileges(void)
{
	char err[256];
	if (sr6_privs_drop(privs, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "srv6d: %s\n", err);
	return -1;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: srv6d -c FILE [-s SOCK] [--socket-group NAME]\n"
		   "             [--drop-privileges | --keep-privileges]\n"
		   "             [--metrics [ADDR:]PORT] [--fpm [ADDR:]PORT [--fpm-stale-time SEC]]\n"
		   "             [--syslog] [--log-level error|warn|info|debug]\n"
		   "       srv6d -c FILE --oneshot [--json]\n"
		   "       srv6d --check -c FILE\n");
}

/* Options of the live router: metrics and FPM listeners, logging. */
static struct {
	const char *metrics; /* --metrics [ADDR:]PORT, NULL = off */
	const char *fpm;     /* --fpm [ADDR:]PORT, NULL = off */
	unsigned fpm_stale;  /* --fpm-stale-time SEC */
	bool syslog;
	enum sr6_log_level log_level;
} opts_live = {.log_level = SR6_LOG_INFO, .fpm_stale = SR6_FPM_STALE_SEC_DEFAULT};

/* Everything a running srv6d is made of. */
struct router {
	struct sr6_dp *dp;
	struct sr6_workers ws;
	struct sr6_ctl ctl;
	struct sr6_counters *counters[SR6_WORKERS_MAX];
};

static int set_workers(struct sr6_ctl *ctl, unsigned n)
{
	struct router *rt = (struct router *)((char *)ctl - offsetof(struct router, ctl));
	int rc = sr6_workers_create(&rt->ws, rt->dp, n, SR6_POOL_SIZE);
	if (rc < 0)
		return rc;
	for (unsigned i = 0; i < n; i++) {
		ctl->pools[i] = rt->ws.pl[i]->pool;
		ctl->punts[i] = rt->ws.pl[i]->w.punt;
		rt->counters[i] = rt->ws.pl[i]->w.cnt;
	}
	ctl->counters = rt->counters;
	ctl->n_counters = n;
	return 0;
}

static void synchronize(struct sr6_ctl *ctl)
{
	struct router *rt = (struct router *)((char *)ctl - offsetof(struct router, ctl));
	sr6_workers_synchronize(&rt->ws);
	sr6_reclaim_run(&rt->dp->reclaim);
}

static int check_config(const char *path)
{
	struct sr6_dp *dp = sr6_dp_create();
	struct sr6_ctl ctl;
	if (!dp) {
		fprintf(stderr, "srv6d: out of memory\n");
		return 1;
	}
	sr6_ctl_init(&ctl, dp, true);
	int errors = sr6_ctl_load(&ctl, path, stderr);
	sr6_ctl_config_secret_check(path, stderr);
	sr6_ctl_fini(&ctl);
	sr6_dp_destroy(dp);
	if (errors == 0)
		printf("%s: ok\n", path);
	return errors == 0 ? 0 : 1;
}

static void print_counters(struct sr6_ctl *ctl, bool json)
{
	struct sr6_reply r = {0};
	sr6_ctl_exec(ctl, json ? "show counters --json" : "show counters", &r);
	fputs(r.buf ? r.buf : "", stdout);
	sr6_reply_free(&r);
}

static void apply_learned(void *arg)
{
	sr6_ctl_neigh_learn(arg);
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int run_live(struct router *rt, const char *sock)
{
	struct sr6_server srv = {.listen_fd = -1};
	char err[256];
	struct sr6_metrics metrics = {.listen_fd = -1};
	struct sr6_fpm fpm = {.listen_fd = -1, .conn_fd = -1};
	int wake = -1, rc = 1;
	if ((opts_live.metrics && sr6_metrics_open(&metrics, opts_live.metrics, &rt->ctl, err) < 0) ||
	    (opts_live.fpm && sr6_fpm_open(&fpm, opts_live.fpm, &rt->ctl, err) < 0) ||
	    sr6_server_open(&srv, sock, &rt->ctl, err) < 0 ||
	    (socket_group && sr6_privs_socket_group(sock, socket_group, err, sizeof(err)) < 0)) {
		fprintf(stderr, "srv6d: %s\n", err);
		goto out;
	}
	fpm.stale_sec = opts_live.fpm_stale;
	if (drop_privileges() < 0) /* interfaces and sockets are open: keep what is needed */
		goto out;
	wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (wake < 0) {
		fprintf(stderr, "srv6d: eventfd: %s\n", strerror(errno));
		goto out;
	}
	for (unsigned i = 0; i < rt->ws.n; i++)
		rt->ws.pl[i]->w.punt->wake_fd = wake;
	srv.wake_fd = wake;
	srv.on_wake = apply_learned;
	srv.wake_arg = &rt->ctl;
	if (opts_live.metrics)
		sr6_metrics_attach(&metrics, &srv);
	if (opts_live.fpm)
		sr6_fpm_attach(&fpm, &srv);
	int err_start = sr6_workers_start(&rt->ws);
	if (err_start < 0) {
		fprintf(stderr, "srv6d: cannot start workers: %s\n", strerror(-err_start));
		goto out;
	}
	rt->ctl.synchronize = synchronize;
	sr6_log(SR6_LOG_INFO, "running, %u worker(s), control socket %s%s%s%s%s", rt->ws.n, sock,
		opts_live.metrics ? ", metrics on " : "", opts_live.metrics ? opts_live.metrics : "",
		opts_live.fpm ? ", FPM on " : "", opts_live.fpm ? opts_live.fpm : "");
	while (!stop) {
		sr6_server_poll(&srv, 200);
		sr6_ctl_reclaim(&rt->ctl);
		sr6_ctl_neigh_age(&rt->ctl, monotonic_ns());
		sr6_ctl_watch_links(&rt->ctl);
	}
	sr6_log(SR6_LOG_INFO, "stopping");
	sr6_workers_stop(&rt->ws);
	rt->ctl.synchronize = NULL;
	rc = 0;
out:
	sr6_fpm_close(&fpm);
	sr6_metrics_close(&metrics);
	sr6_server_close(&srv);
	if (wake >= 0)
		close(wake);
	return rc;
}

static int run(const char *path, const char *sock, bool oneshot, bool json)
{
	struct router *rt = calloc(1, sizeof(*rt));
	int rc = 1;
	if (!rt || !(rt->dp = sr6_dp_create())) {
		fprintf(stderr, "srv6d: out of memory\n");
		free(rt);
		return 1;
	}
	sr6_ctl_init(&rt->ctl, rt->dp, false);
	rt->ctl.set_workers = set_workers;
	int errors = sr6_ctl_load(&rt->ctl, path, stderr);
	if (errors) {
		if (errors > 0)
			fprintf(stderr, "srv6d: %s: %d error(s), not starting\n", path, errors);
		goto out;
	}
	struct sr6_reply r = {0};
	if (!rt->ctl.n_workers && sr6_ctl_workers_default(&rt->ctl, &r) < 0) {
		fprintf(stderr, "srv6d: %s\n", r.buf);
		sr6_reply_free(&r);
		goto out;
	}
	sr6_reply_free(&r);
	sr6_ctl_config_secret_check(path, stderr);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (oneshot) {
		if (drop_privileges() < 0)
			goto out;
		sr6_workers_replay(&rt->ws, apply_learned, &rt->ctl, &stop);
		print_counters(&rt->ctl, json);
		rc = 0;
	} else {
		rc = run_live(rt, sock);
	}
out:
	sr6_ctl_fini(&rt->ctl);
	sr6_workers_destroy(&rt->ws);
	sr6_dp_destroy(rt->dp);
	free(rt);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"metrics", required_argument, NULL, 'm'},
		{"fpm", required_argument, NULL, 'F'},
		{"fpm-stale-time", required_argument, NULL, 'T'},
		{"syslog", no_argument, NULL, 'S'},
		{"log-level", required_argument, NULL, 'L'},
		{"socket", required_argument, NULL, 's'},
		{"oneshot", no_argument, NULL, 'o'},
		{"check", no_argument, NULL, 'k'},
		{"json", no_argument, NULL, 'j'},
		{"socket-group", required_argument, NULL, 'g'},
		{"drop-privileges", no_argument, NULL, 'D'},
		{"keep-privileges", no_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *config = NULL;
	const char *sock = getenv("SRV6D_SOCK");
	bool oneshot = false, check = false, json = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "c:s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 'm':
			opts_live.metrics = optarg;
			break;
		case 'F':
			opts_live.fpm = optarg;
			break;
		case 'T': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || v > 86400) {
				fprintf(stderr, "srv6d: --fpm-stale-time: '%s' is not 0..86400 "
						"seconds\n", optarg);
				return 2;
			}
			opts_live.fpm_stale = (unsigned)v;
			break;
		}
		case 'S':
			opts_live.syslog = true;
			break;
		case 'L':
			if (sr6_log_level_parse(optarg, &opts_live.log_level) < 0) {
				fprintf(stderr, "srv6d: --log-level: '%s' is not error, warn, info "
						"or debug\n", optarg);
				return 2;
			}
			break;
		case 's':
			sock = optarg;
			break;
		case 'o':
			oneshot = true;
			break;
		case 'k':
			check = true;
			break;
		case 'j':
			json = true;
			break;
		case 'g':
			socket_group = optarg;
			break;
		case 'D':
			privs = SR6_PRIVS_NONE;
			break;
		case 'K':
			privs = SR6_PRIVS_ALL;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!config || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (check)
		return check_config(config);
	sr6_log_setup(opts_live.syslog, opts_live.log_level);
	return run(config, sock && *sock ? sock : SR6_CTL_SOCK_DEFAULT, oneshot, json);
}
