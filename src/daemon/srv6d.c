// SPDX-License-Identifier: MIT
/*
 * srv6d: the router process (DESIGN.md §2.1).
 *
 *   srv6d -c FILE [-s SOCK]        run with that config
 *   srv6d -c FILE --oneshot [--json]
 *                                  process every pcap input, flush outputs,
 *                                  print counters (as JSON), exit 0
 *   srv6d --check -c FILE          validate; FILE:LINE: message per error
 *
 * A thin main: everything it calls lives in the layers, where tests reach it.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/ctl.h"
#include "dp/worker.h"

#define SR6_POOL_SIZE 4096

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: srv6d -c FILE [-s SOCK] [--oneshot [--json]]\n"
		   "       srv6d --check -c FILE\n");
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
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

static int run(const char *path, bool oneshot, bool json)
{
	struct sr6_dp *dp = sr6_dp_create();
	struct sr6_poller *pl = calloc(1, sizeof(*pl));
	struct sr6_ctl ctl;
	int rc = 1;
	if (!dp || !pl || sr6_poller_init(pl, dp, 0, SR6_POOL_SIZE) < 0) {
		fprintf(stderr, "srv6d: out of memory\n");
		goto out_free;
	}
	sr6_ctl_init(&ctl, dp, false);
	ctl.pool = pl->pool;
	ctl.counters = malloc(sizeof(*ctl.counters));
	if (!ctl.counters) {
		fprintf(stderr, "srv6d: out of memory\n");
		goto out;
	}
	ctl.counters[0] = pl->w.cnt;
	ctl.n_counters = 1;
	int errors = sr6_ctl_load(&ctl, path, stderr);
	if (errors) {
		if (errors > 0)
			fprintf(stderr, "srv6d: %s: %d error(s), not starting\n", path, errors);
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (oneshot) {
		while (!stop && (sr6_poller_poll(pl, 0) || !sr6_poller_inputs_done(pl)))
			;
	} else {
		while (!stop) {
			if (!sr6_poller_poll(pl, now_ns()))
				nanosleep(&(struct timespec){0, 50000}, NULL);
		}
	}
	sr6_poller_flush(pl);
	if (oneshot)
		print_counters(&ctl, json);
	rc = 0;
out:
	sr6_ctl_fini(&ctl);
out_free:
	if (pl && pl->pool)
		sr6_poller_fini(pl);
	free(pl);
	sr6_dp_destroy(dp);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"socket", required_argument, NULL, 's'},
		{"oneshot", no_argument, NULL, 'o'},
		{"check", no_argument, NULL, 'k'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *config = NULL;
	bool oneshot = false, check = false, json = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "c:s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 's':
			break; /* control socket: issue #5 */
		case 'o':
			oneshot = true;
			break;
		case 'k':
			check = true;
			break;
		case 'j':
			json = true;
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
	return run(config, oneshot, json);
}
