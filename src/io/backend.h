/* SPDX-License-Identifier: MIT */
/*
 * What the backends of src/io share, and nothing outside src/io needs: the
 * ops of each driver (listed once, in io.c's table) and two helpers.
 *
 * A backend's open() fills err with a reason that does not name the
 * interface ("pcap rx file x.pcap: No such file or directory");
 * sr6_io_open() puts "interface NAME: " in front, so every message starts
 * the same way and no backend has to know the srv6d name.
 */
#ifndef SR6_IO_BACKEND_H
#define SR6_IO_BACKEND_H

#include "io.h"

extern const struct sr6_io_ops sr6_io_pcap_ops;
extern const struct sr6_io_ops sr6_io_null_ops;
extern const struct sr6_io_ops sr6_io_afpacket_ops;
extern const struct sr6_io_ops sr6_io_tap_ops;
extern const struct sr6_io_ops sr6_io_afxdp_ops;

/* printf into err (SR6_IO_ERRLEN bytes), truncating quietly. */
__attribute__((format(printf, 2, 3))) void sr6_io_errf(char *err, const char *fmt, ...);

/*
 * Give a transmitted or dropped packet back: pool buffers go home, external
 * ones (pool == NULL) belong to whoever lent them.
 */
static inline void sr6_io_pkt_release(struct sr6_pkt *p)
{
	if (p->pool)
		sr6_pkt_free(p);
}

#endif
