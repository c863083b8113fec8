// SPDX-License-Identifier: MIT
/*
 * Backend registry and the open/close wrappers around a driver's ops.
 *
 * The table is the only place that lists drivers, so adding one (AF_XDP)
 * is one line here and one in backend.h. sr6_io_open() owns the struct and
 * the shape of error messages: "interface NAME: <backend's reason>", one
 * line, whatever the backend or libpcap put in it.
 */
#include "backend.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct sr6_io_ops *const sr6_io_backends[] = {
	&sr6_io_pcap_ops,
	&sr6_io_null_ops,
	&sr6_io_afpacket_ops,
	&sr6_io_tap_ops,
	&sr6_io_afxdp_ops,
};

#define SR6_IO_N_BACKENDS (sizeof(sr6_io_backends) / sizeof(sr6_io_backends[0]))

void sr6_io_errf(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, SR6_IO_ERRLEN, fmt, ap);
	va_end(ap);
}

const struct sr6_io_ops *sr6_io_find(const char *driver)
{
	if (!driver)
		return NULL;
	for (size_t i = 0; i < SR6_IO_N_BACKENDS; i++)
		if (strcmp(sr6_io_backends[i]->driver, driver) == 0)
			return sr6_io_backends[i];
	return NULL;
}

/* "pcap, null, afpacket, tap" for the unknown-driver message. */
static void sr6_io_driver_list(char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < SR6_IO_N_BACKENDS && off < size; i++) {
		int n = snprintf(buf + off, size - off, "%s%s", i ? ", " : "",
				 sr6_io_backends[i]->driver);
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

/* Error text from libraries may carry a trailing newline: keep one line. */
static void sr6_io_one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

struct sr6_io *sr6_io_open(const struct sr6_io_config *cfg, char *err)
{
	const char *name = cfg->name ? cfg->name : "(unnamed)";
	char why[SR6_IO_ERRLEN] = "";
	const struct sr6_io_ops *ops;
	struct sr6_io *io;
	int rc;

	ops = sr6_io_find(cfg->driver);
	if (!ops) {
		char list[128];

		sr6_io_driver_list(list, sizeof(list));
		sr6_io_errf(err, "interface %s: unknown driver %s (have %s)", name,
			    cfg->driver ? cfg->driver : "(none)", list);
		return NULL;
	}
	io = calloc(1, sizeof(*io));
	if (!io) {
		sr6_io_errf(err, "interface %s: %s", name, strerror(ENOMEM));
		return NULL;
	}
	io->ops = ops;
	rc = ops->open(io, cfg, why);
	if (rc < 0) {
		if (!why[0])
			sr6_io_errf(why, "%s: %s", ops->driver, strerror(-rc));
		sr6_io_errf(err, "interface %s: %s", name, why);
		sr6_io_one_line(err);
		free(io);
		return NULL;
	}
	return io;
}

void sr6_io_close(struct sr6_io *io)
{
	if (!io)
		return;
	io->ops->close(io);
	free(io);
}
