/* SPDX-License-Identifier: MIT */
/*
 * TCP listeners of the control thread (`--metrics`, `--fpm`): one way to
 * write where they listen, one way to open them.
 *
 *   "PORT"            127.0.0.1:PORT (loopback: nothing reaches it from the
 *                     network unless the operator says so)
 *   "ADDR:PORT"       an IPv4 address
 *   "[ADDR6]:PORT"    an IPv6 address
 */
#ifndef SR6_CTL_LISTEN_H
#define SR6_CTL_LISTEN_H

#include <sys/socket.h>

/* 0, or -EINVAL when where is none of the forms above. */
int sr6_listen_parse(const char *where, struct sockaddr_storage *ss, socklen_t *len);

/*
 * A non-blocking, close-on-exec TCP listener (SO_REUSEADDR) on where.
 * Returns the fd, or -errno with "OPT WHERE: reason" in err (256 bytes).
 */
int sr6_listen_tcp(const char *where, const char *opt, int backlog, char *err);

#endif
