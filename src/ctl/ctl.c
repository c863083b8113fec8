// SPDX-License-Identifier: MIT
/*
 * Command dispatch and config files.
 *
 * A line is "<object> <verb> ..." (or "show <what> [--json]", or "encap
 * source ADDR"); the table below maps it to a handler. Config files are
 * just these lines, so loading a file and typing into srv6ctl can never
 * disagree.
 */
#include "ctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_sec.h"
#include "fpm.h"

static const struct {
	const char *object, *verb;
	sr6_cmd_fn fn;
} commands[] = {
	{"interface", "add", sr6_cmd_interface_add},
	{"interface", "del", sr6_cmd_interface_del},
	{"address", "add", sr6_cmd_address_add},
	{"address", "del", sr6_cmd_address_del},
	{"neighbor", "add", sr6_cmd_neighbor_add},
	{"neighbor", "del", sr6_cmd_neighbor_del},
	{"route", "add", sr6_cmd_route_add},
	{"route", "replace", sr6_cmd_route_replace},
	{"route", "del", sr6_cmd_route_del},
	{"encap", "source", sr6_cmd_encap_source},
	{"workers", NULL, sr6_cmd_workers},
	{"trace", "add", sr6_cmd_trace_add},
	{"trace", "clear", sr6_cmd_trace_clear},
	{"sid", "add", sr6_cmd_sid_add},
	{"sid", "del", sr6_cmd_sid_del},
	{"policy", "add", sr6_cmd_policy_add},
	{"policy", "del", sr6_cmd_policy_del},
	{"steer", "add", sr6_cmd_steer_add},
	{"steer", "del", sr6_cmd_steer_del},
	{"clear", "counters", sr6_cmd_clear_counters},
	{"interface", "set", sr6_cmd_interface_set},
	{"hmac", "add", sr6_cmd_hmac_add},
	{"hmac", "del", sr6_cmd_hmac_del},
	{"locator", "add", sr6_cmd_locator_add},
	{"locator", "del", sr6_cmd_locator_del},
	{"icmp", "ratelimit", sr6_cmd_icmp_ratelimit},
};

static const struct {
	const char *what;
	int (*fn)(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
} shows[] = {
	{"interfaces", sr6_show_interfaces},
	{"routes", sr6_show_routes},
	{"trace", sr6_show_trace},
	{"running-config", sr6_show_running_config},
	{"neighbors", sr6_show_neighbors},
	{"counters", sr6_show_counters},
	{"sids", sr6_show_sids},
	{"policies", sr6_show_policies},
	{"hmac", sr6_show_hmac},
	{"locators", sr6_show_locators},
	{"security", sr6_show_security},
	{"fpm", sr6_show_fpm},
};

int sr6_ctl_init(struct sr6_ctl *ctl, struct sr6_dp *dp, bool check_only)
{
	memset(ctl, 0, sizeof(*ctl));
	ctl->dp = dp;
	ctl->check_only = check_only;
	return 0;
}

/* Anonymous (route) encap policies: owned by their one route's next hop. */
static int free_route_policy(const struct sr6_ip6 *pfx, unsigned len, uint32_t id, void *arg)
{
	struct sr6_nh *nh = sr6_fib_nh(arg, id);
	const struct sr6_policy *pol = nh->obj;
	(void)pfx;
	(void)len;
	if (nh->kind == SR6_NH_ENCAP && pol && !pol->name[0]) {
		free((void *)pol);
		nh->obj = NULL;
	}
	return 0;
}

/* Objects the FIB's next hops own; no worker runs any more. */
static void free_fib_objects(struct sr6_ctl *ctl)
{
	struct sr6_fib *fib = ctl->dp->fib;
	for (size_t i = 0; i < ctl->n_sids; i++) {
		struct sr6_nh *nh = sr6_fib_nh(fib, ctl->sids[i].nh);
		free((void *)nh->obj);
		nh->obj = NULL;
	}
	for (size_t i = 0; i < ctl->n_policies; i++) {
		struct sr6_nh *nh = sr6_fib_nh(fib, ctl->policies[i].nh);
		free((void *)nh->obj);
		nh->obj = NULL; /* steers still point here: the walk below skips it */
		free(ctl->policies[i].spec);
	}
	for (uint32_t i = 0; i < fib->n_tables; i++)
		sr6_fib_walk(fib->tables[i], free_route_policy, fib);
}

void sr6_ctl_fini(struct sr6_ctl *ctl)
{
	sr6_reclaim_run(&ctl->dp->reclaim);
	free_fib_objects(ctl);
	for (int i = 0; i < SR6_IF_MAX; i++) {
		struct sr6_iface *ifc = ctl->dp->ifaces[i];
		if (ifc) {
			sr6_io_close(ifc->io);
			ifc->io = NULL;
		}
		free(ctl->ifcfg[i].rx_path);
		free(ctl->ifcfg[i].tx_path);
	}
	for (size_t i = 0; i < ctl->n_key_files; i++)
		free(ctl->key_files[i].path);
	free(ctl->key_files);
	free(ctl->policies);
	sr6_nameidx_free(&ctl->policy_idx);
	free(ctl->sids);
	free(ctl->addrs);
	sr6_ctl_counters_fini(ctl);
	memset(ctl, 0, sizeof(*ctl));
}

void sr6_ctl_sync(struct sr6_ctl *ctl)
{
	if (ctl->synchronize)
		ctl->synchronize(ctl);
	else
		sr6_reclaim_run(&ctl->dp->reclaim); /* no other threads */
}

/*
 * After a change: memory the change retired waits for a grace period. With
 * workers running, waiting after every line would cap a burst of changes at
 * the grace-period rate; instead the daemon reclaims when it is idle
 * (sr6_ctl_reclaim) and a change waits only when much is pending.
 */
static void reclaim_after_change(struct sr6_ctl *ctl)
{
	if (!ctl->synchronize || sr6_reclaim_pending(&ctl->dp->reclaim) >= SR6_RECLAIM_BATCH)
		sr6_ctl_sync(ctl);
}

void sr6_ctl_reclaim(struct sr6_ctl *ctl)
{
	if (sr6_reclaim_pending(&ctl->dp->reclaim))
		sr6_ctl_sync(ctl);
}

static int run_show(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r)
{
	const char *what = sr6_args_next(a);
	bool json = sr6_args_flag(a, "--json") || sr6_args_flag(a, "json");
	int rc = sr6_args_done(a, r);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
		if (what && strcmp(what, shows[i].what) == 0)
			return shows[i].fn(ctl, json, r);
	sr6_reply_error(r, -EINVAL, "show: unknown '%s'; one of:", what ? what : "");
	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
		sr6_reply_printf(r, " %s", shows[i].what);
	return -EINVAL;
}

int sr6_ctl_exec(struct sr6_ctl *ctl, const char *line, struct sr6_reply *r)
{
	struct sr6_args a;
	sr6_reply_clear(r);
	int rc = sr6_args_split(&a, line, r);
	if (rc <= 0)
		goto out;
	const char *object = sr6_args_next(&a);
	if (strcmp(object, "show") == 0) {
		rc = run_show(ctl, &a, r);
		goto out;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!commands[i].verb && strcmp(object, commands[i].object) == 0) {
			rc = commands[i].fn(ctl, &a, r); /* a one-word command */
			goto out;
		}
	}
	const char *verb = sr6_args_next(&a);
	bool known_object = false;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(object, commands[i].object) != 0)
			continue;
		known_object = true;
		if (verb && commands[i].verb && strcmp(verb, commands[i].verb) == 0) {
			rc = commands[i].fn(ctl, &a, r);
			if (rc == 0)
				reclaim_after_change(ctl);
			goto out;
		}
	}
	if (known_object)
		rc = sr6_reply_error(r, -EINVAL, "%s: unknown verb '%s'", object, verb ? verb : "");
	else
		rc = sr6_reply_error(r, -EINVAL, "unknown command '%s'", object);
out:
	sr6_args_free(&a);
	return rc < 0 ? rc : 0;
}

int sr6_ctl_load(struct sr6_ctl *ctl, const char *path, FILE *errs)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		int err = errno;
		fprintf(errs, "%s: %s\n", path, strerror(err));
		return -err;
	}
	struct sr6_reply r = {0};
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int errors = 0;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (sr6_ctl_exec(ctl, line, &r) < 0) {
			fprintf(errs, "%s:%u: %s\n", path, lineno, r.buf ? r.buf : "error");
			errors++;
		}
	}
	free(line);
	sr6_reply_free(&r);
	fclose(f);
	return errors;
}
