/* SPDX-License-Identifier: MIT */
/*
 * The control socket: a Unix stream socket where each request is one line
 * of the config grammar (or `show ...`), and each reply is framed so a
 * client knows where it ends and whether it succeeded:
 *
 *   request:  "route add 2001:db8::/32 via fe80::1 dev wan\n"
 *   reply:    "200 <n>\n" + n bytes of output      success
 *             "400 <n>\n" + n bytes of message     the line was refused
 *
 * (numbered reply classes as in BIRD's and HTTP's protocols; n may be 0).
 * Requests from one client are answered in order. The server runs on the
 * control thread with non-blocking sockets and poll(): a slow or dead
 * client only ever delays itself, and workers never wait for it. A client
 * that does not read its replies is not read from either once
 * SR6_SERVER_BACKLOG bytes of them wait (its requests stay in its socket),
 * so pipelining `show` commands cannot grow the daemon without bound.
 *
 * Changes made here are logged (info), refused lines too (warn, at most
 * SR6_SERVER_WARN_PER_SEC a second); `show` requests only at debug.
 */
#ifndef SR6_CTL_SERVER_H
#define SR6_CTL_SERVER_H

#include <stddef.h>

#include "ctl.h"

#define SR6_SERVER_CLIENTS_MAX 64
#define SR6_SERVER_LINE_MAX (64 * 1024)
#define SR6_SERVER_OUT_MAX (512u * 1024 * 1024) /* a full `show routes` of 1M routes */
#define SR6_SERVER_BACKLOG (1024u * 1024) /* unread reply bytes before we stop reading */
#define SR6_SERVER_WARN_PER_SEC 10
#define SR6_CTL_SOCK_DEFAULT "/run/srv6d.sock"

struct pollfd;

/*
 * More descriptors for the control thread's poll (the metrics listener, the
 * FPM listener, their clients): fill adds up to max entries and returns how
 * many; handle gets them back with revents set (also after a poll that
 * timed out, so an extension can keep its own timers).
 */
struct sr6_poll_ext {
	unsigned (*fill)(void *arg, struct pollfd *pfd, unsigned max);
	void (*handle)(void *arg, const struct pollfd *pfd, unsigned n);
	void *arg;
};

#define SR6_POLL_EXT_MAX 32 /* descriptors of every extension together */
#define SR6_POLL_EXTS 4

struct sr6_server_client {
	int fd;
	char *in;
	size_t in_len, in_cap;
	char *out;
	size_t out_len, out_off, out_cap;
	int closing; /* close once the output is flushed */
};

struct sr6_server {
	int listen_fd;
	char path[108];
	struct sr6_ctl *ctl;
	struct sr6_server_client client[SR6_SERVER_CLIENTS_MAX];
	unsigned n_clients;
	/* another fd to wait on (workers' wake eventfd), -1 = none */
	int wake_fd;
	void (*on_wake)(void *arg);
	void *wake_arg;
	struct sr6_poll_ext ext[SR6_POLL_EXTS];
	unsigned n_ext;
	/* refused lines logged in the current second, and since when */
	unsigned warn_count, warn_dropped;
	long warn_sec;
};

/*
 * Listen on path (mode 0600; a stale socket file is replaced, a live one is
 * an error). 0 or -errno with a one-line reason in err (256 bytes).
 */
int sr6_server_open(struct sr6_server *s, const char *path, struct sr6_ctl *ctl, char *err);

/* Serve e's descriptors from this server's poll too. 0, or -ENOSPC. */
int sr6_server_add_ext(struct sr6_server *s, const struct sr6_poll_ext *e);

/* Wait up to timeout_ms for socket activity and serve it. */
void sr6_server_poll(struct sr6_server *s, int timeout_ms);

void sr6_server_close(struct sr6_server *s);

#endif
