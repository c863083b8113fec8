// SPDX-License-Identifier: MIT
/*
 * Prometheus metrics (see metrics.h): the exposition text, and the small
 * HTTP/1.x server that hands it out.
 */
#include "metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../sr/policy.h"
#include "../sr/sid.h"
#include "cmd.h"
#include "fpm.h"
#include "listen.h"
#include "log.h"

/* Exposition text. */

/* A label value: backslash, double quote and newline escaped. */
static void label(struct sr6_reply *r, const char *s)
{
	sr6_reply_printf(r, "\"");
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			sr6_reply_printf(r, "\\%c", *s);
		else if (*s == '\n')
			sr6_reply_printf(r, "\\n");
		else
			sr6_reply_printf(r, "%c", *s);
	}
	sr6_reply_printf(r, "\"");
}

static void family(struct sr6_reply *r, const char *name, const char *type, const char *help)
{
	sr6_reply_printf(r, "# HELP srv6d_%s %s\n# TYPE srv6d_%s %s\n", name, help, name, type);
}

static void interfaces(struct sr6_ctl *ctl, const struct sr6_counters *s, struct sr6_reply *r)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} f[] = {
	    {"interface_rx_packets_total", "Packets received.",
	     offsetof(struct sr6_if_counters, rx_pkts)},
	    {"interface_rx_bytes_total", "Bytes received.",
	     offsetof(struct sr6_if_counters, rx_bytes)},
	    {"interface_tx_packets_total", "Packets sent.",
	     offsetof(struct sr6_if_counters, tx_pkts)},
	    {"interface_tx_bytes_total", "Bytes sent.", offsetof(struct sr6_if_counters, tx_bytes)},
	    {"interface_drops_total", "Packets received here and dropped, any reason.",
	     offsetof(struct sr6_if_counters, drops)},
	};
	for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
		family(r, f[k].name, "counter", f[k].help);
		for (int i = 0; i < SR6_IF_MAX; i++) {
			const struct sr6_iface *ifc = ctl->dp->ifaces[i];
			if (!ifc)
				continue;
			uint64_t v;
			memcpy(&v, (const char *)&s->ifc[i] + f[k].off, sizeof(v));
			sr6_reply_printf(r, "srv6d_%s{interface=", f[k].name);
			label(r, ifc->name);
			sr6_reply_printf(r, "} %llu\n", (unsigned long long)v);
		}
	}
}

/* packets/bytes/drops of one object, under the labels in lbl ("sid=\"..\""). */
static void obj_samples(struct sr6_reply *r, const char *what, const char *lbl,
			const struct sr6_obj_counters *c, int which)
{
	static const char *const sfx[] = {"packets", "bytes", "drops"};
	uint64_t v = which == 0 ? c->pkts : which == 1 ? c->bytes : c->drops;
	sr6_reply_printf(r, "srv6d_%s_%s_total{%s} %llu\n", what, sfx[which], lbl,
			 (unsigned long long)v);
}

static const char *const obj_help[] = {
    "Packets handled and sent on.",
    "Bytes (as received) handled and sent on.",
    "Packets that matched and were dropped.",
};

static void obj_family(struct sr6_reply *r, const char *what, int which, const char *whose)
{
	static const char *const sfx[] = {"packets", "bytes", "drops"};
	char name[64];
	char help[160];
	snprintf(name, sizeof(name), "%s_%s_total", what, sfx[which]);
	snprintf(help, sizeof(help), "%s %s", whose, obj_help[which]);
	family(r, name, "counter", help);
}

static void sids(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	struct sr6_reply lbl = {0};
	char pfx[80];
	for (int which = 0; which < 3; which++) {
		obj_family(r, "sid", which, "Per local SID:");
		for (size_t i = 0; i < ctl->n_sids; i++) {
			const struct sr6_sid *sid = sr6_fib_nh(ctl->dp->fib, ctl->sids[i].nh)->obj;
			struct sr6_obj_counters c;
			sr6_ctl_obj_read(ctl, ctl->sids[i].nh, false, &c);
			sr6_reply_clear(&lbl);
			sr6_reply_printf(&lbl, "sid=\"%s\",behavior=\"%s\"",
					 sr6_prefix_format(&sid->addr, sid->len, pfx, sizeof(pfx)),
					 sr6_behavior_descs[sid->behavior].name);
			obj_samples(r, "sid", lbl.buf, &c, which);
		}
	}
	sr6_reply_free(&lbl);
}

static void policies(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	struct sr6_reply lbl = {0};
	for (int which = 0; which < 3; which++) {
		obj_family(r, "policy", which, "Per SR policy (all its segment lists):");
		for (size_t i = 0; i < ctl->n_policies; i++) {
			struct sr6_obj_counters c;
			sr6_ctl_obj_read(ctl, ctl->policies[i].nh, false, &c);
			sr6_reply_clear(&lbl);
			sr6_reply_printf(&lbl, "policy=");
			label(&lbl, ctl->policies[i].name);
			obj_samples(r, "policy", lbl.buf, &c, which);
		}
	}
	for (int which = 0; which < 3; which++) {
		obj_family(r, "policy_list", which, "Per segment list of an SR policy:");
		for (size_t i = 0; i < ctl->n_policies; i++) {
			const struct sr6_policy *pol =
			    sr6_fib_nh(ctl->dp->fib, ctl->policies[i].nh)->obj;
			for (unsigned k = 0; k < pol->n_lists; k++) {
				struct sr6_obj_counters c;
				sr6_ctl_list_read(ctl, ctl->policies[i].nh, k, false, &c);
				sr6_reply_clear(&lbl);
				sr6_reply_printf(&lbl, "policy=");
				label(&lbl, ctl->policies[i].name);
				sr6_reply_printf(&lbl, ",list=\"%u\"", k);
				obj_samples(r, "policy_list", lbl.buf, &c, which);
			}
		}
	}
	sr6_reply_free(&lbl);
}

struct encap_walk {
	struct sr6_ctl *ctl;
	struct sr6_reply *r;
	uint32_t table;
	int which;
};

static int encap_route(const struct sr6_ip6 *pfx, unsigned len, uint32_t id, void *arg)
{
	struct encap_walk *e = arg;
	const struct sr6_nh *nh = sr6_fib_nh(e->ctl->dp->fib, id);
	const struct sr6_policy *pol = nh->kind == SR6_NH_ENCAP ? nh->obj : NULL;
	char p[80], lbl[128];
	if (!pol || pol->name[0])
		return 0; /* steers count on their policy */
	struct sr6_obj_counters c;
	sr6_ctl_obj_read(e->ctl, id, false, &c);
	snprintf(lbl, sizeof(lbl), "table=\"%u\",prefix=\"%s\"", e->table,
		 sr6_prefix_format(pfx, len, p, sizeof(p)));
	obj_samples(e->r, "route_encap", lbl, &c, e->which);
	return 0;
}

static void encap_routes(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	const struct sr6_fib_table *t[SR6_FIB_TABLES_MAX];
	uint32_t n = sr6_ctl_tables_sorted(ctl, t);
	struct encap_walk e = {.ctl = ctl, .r = r};
	for (e.which = 0; e.which < 3; e.which++) {
		obj_family(r, "route_encap", e.which, "Per route with encap seg6:");
		for (uint32_t i = 0; i < n; i++) {
			e.table = t[i]->id;
			sr6_fib_walk(t[i], encap_route, &e);
		}
	}
}

void sr6_metrics_render(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	static struct sr6_counters sum; /* large; the control thread is single */
	sr6_ctl_counters_read(ctl, false, &sum);
	interfaces(ctl, &sum, r);
	family(r, "drops_total", "counter", "Packets dropped, by reason (src/core/drop.h).");
	for (int i = 1; i < SR6_DROP__COUNT; i++)
		sr6_reply_printf(r, "srv6d_drops_total{reason=\"%s\"} %llu\n", sr6_drop_key[i],
				 (unsigned long long)sum.drop[i]);
	family(r, "events_total", "counter", "Things that happened to packets that are not drops.");
	for (int i = 0; i < SR6_EV__COUNT; i++)
		sr6_reply_printf(r, "srv6d_events_total{event=\"%s\"} %llu\n", sr6_event_key[i],
				 (unsigned long long)sum.event[i]);
	sids(ctl, r);
	policies(ctl, r);
	encap_routes(ctl, r);
	sr6_fpm_metrics(ctl, r);
	family(r, "workers", "gauge", "Worker threads.");
	sr6_reply_printf(r, "srv6d_workers %u\n", ctl->n_workers);
}

/* HTTP. */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int sr6_metrics_open(struct sr6_metrics *m, const char *where, struct sr6_ctl *ctl, char *err)
{
	memset(m, 0, sizeof(*m));
	m->ctl = ctl;
	m->listen_fd = sr6_listen_tcp(where, "--metrics", 16, err);
	return m->listen_fd < 0 ? m->listen_fd : 0;
}

static void client_drop(struct sr6_metrics *m, unsigned i)
{
	close(m->client[i].fd);
	sr6_reply_free(&m->client[i].out);
	m->client[i] = m->client[--m->n_clients];
}

static void respond(struct sr6_metrics *m, struct sr6_metrics_client *c)
{
	struct sr6_reply body = {0};
	const char *status = "200 OK", *type = "text/plain; version=0.0.4; charset=utf-8";
	char method[8] = "", path[64] = "";
	c->req[c->req_len] = '\0';
	sscanf(c->req, "%7s %63s", method, path);
	bool head = strcmp(method, "HEAD") == 0;
	if (strcmp(method, "GET") != 0 && !head) {
		status = "405 Method Not Allowed";
		sr6_reply_printf(&body, "GET /metrics\n");
	} else if (strcmp(path, "/metrics") == 0) {
		sr6_metrics_render(m->ctl, &body);
	} else {
		status = "404 Not Found";
		sr6_reply_printf(&body, "srv6d: the metrics are at /metrics\n");
	}
	sr6_reply_printf(&c->out,
			 "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 status, type, body.len);
	if (!head && body.len)
		sr6_reply_printf(&c->out, "%s", body.buf);
	sr6_reply_free(&body);
	c->out_off = 0;
}

/* Read the request head; respond once it is complete. False: drop the client. */
static bool client_read(struct sr6_metrics *m, struct sr6_metrics_client *c)
{
	for (;;) {
		if (c->req_len >= sizeof(c->req) - 1)
			return false; /* a head this large is not a scrape */
		ssize_t n = read(c->fd, c->req + c->req_len, sizeof(c->req) - 1 - c->req_len);
		if (n == 0)
			return false;
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->req_len += (size_t)n;
		c->req[c->req_len] = '\0';
		if (strstr(c->req, "\r\n\r\n") || strstr(c->req, "\n\n")) {
			respond(m, c);
			return true;
		}
	}
}

/* False when done (all sent) or broken. */
static bool client_write(struct sr6_metrics_client *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = send(c->fd, c->out.buf + c->out_off, c->out.len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->out_off += (size_t)n;
	}
	return false;
}

static unsigned fill(void *arg, struct pollfd *pfd, unsigned max)
{
	struct sr6_metrics *m = arg;
	unsigned n = 0;
	if (m->listen_fd < 0 || max < 1)
		return 0;
	pfd[n++] = (struct pollfd){.fd = m->listen_fd, .events = POLLIN};
	for (unsigned i = 0; i < m->n_clients && n < max; i++) {
		const struct sr6_metrics_client *c = &m->client[i];
		pfd[n++] = (struct pollfd){.fd = c->fd, .events = c->out.len ? POLLOUT : POLLIN};
	}
	return n;
}

static void accept_clients(struct sr6_metrics *m, uint64_t now)
{
	for (;;) {
		int fd = accept4(m->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (m->n_clients == SR6_METRICS_CLIENTS) {
			close(fd); /* busy: the scraper retries */
			continue;
		}
		struct sr6_metrics_client *c = &m->client[m->n_clients++];
		memset(c, 0, sizeof(*c));
		c->fd = fd;
		c->since_ns = now;
	}
}

static void handle(void *arg, const struct pollfd *pfd, unsigned n)
{
	struct sr6_metrics *m = arg;
	uint64_t now = now_ns();
	/* pfd[1 + i] is client i as fill() saw it; walk back so drops do not shift the rest */
	for (unsigned i = n - 1; i >= 1 && i - 1 < m->n_clients; i--) {
		struct sr6_metrics_client *c = &m->client[i - 1];
		bool alive = true;
		if (!c->out.len && (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
			alive = client_read(m, c);
		if (alive && c->out.len)
			alive = client_write(c);
		if (alive && !c->out.len && now - c->since_ns > SR6_METRICS_IDLE_NS)
			alive = false;
		if (!alive)
			client_drop(m, i - 1);
	}
	if (pfd[0].revents & POLLIN)
		accept_clients(m, now);
}

void sr6_metrics_attach(struct sr6_metrics *m, struct sr6_server *s)
{
	sr6_server_add_ext(s, &(struct sr6_poll_ext){.fill = fill, .handle = handle, .arg = m});
}

void sr6_metrics_close(struct sr6_metrics *m)
{
	while (m->n_clients)
		client_drop(m, m->n_clients - 1);
	if (m->listen_fd >= 0)
		close(m->listen_fd);
	m->listen_fd = -1;
}
