// SPDX-License-Identifier: MIT
/*
 * TCP listeners (see listen.h). The default host is the loopback address:
 * the metrics and the FPM port carry no authentication, so reaching them
 * from the network is something the operator must ask for by address.
 */
#include "listen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sr6_listen_parse(const char *where, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64] = "127.0.0.1";
	const char *port = where;
	const char *colon = strrchr(where, ':');
	if (colon) {
		size_t n = (size_t)(colon - where);
		if (n >= sizeof(host))
			return -EINVAL;
		memcpy(host, where, n);
		host[n] = '\0';
		port = colon + 1;
		if (host[0] == '[' && n >= 2 && host[n - 1] == ']') {
			memmove(host, host + 1, n - 2);
			host[n - 2] = '\0';
		}
	}
	char *end;
	unsigned long p = strtoul(port, &end, 10);
	if (!*port || *end || p == 0 || p > 65535)
		return -EINVAL;
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)p);
		*len = sizeof(*v4);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)p);
		*len = sizeof(*v6);
	} else {
		return -EINVAL;
	}
	return 0;
}

int sr6_listen_tcp(const char *where, const char *opt, int backlog, char *err)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (sr6_listen_parse(where, &ss, &len) < 0) {
		snprintf(err, 256, "%s %s: expected PORT, ADDR:PORT or [ADDR6]:PORT", opt, where);
		return -EINVAL;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, backlog) < 0) {
		int rc = -errno;
		snprintf(err, 256, "%s %s: %s", opt, where, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	return fd;
}
