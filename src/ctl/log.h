/* SPDX-License-Identifier: MIT */
/*
 * Logging for the control plane and the daemon: to stderr (default) or
 * syslog, with a level threshold (error < warn < info < debug).
 *
 * What is logged: startup and shutdown (info), every change made through the
 * control socket (info) and every refused one (warn), failures of the
 * daemon's own machinery (error/warn). Packets are never logged: that is
 * what `trace add` is for, and a log line per packet would be a denial of
 * service on the router. Lines from clients are logged with control bytes
 * escaped and cut at SR6_LOG_LINE_MAX, so a client cannot forge log lines.
 */
#ifndef SR6_CTL_LOG_H
#define SR6_CTL_LOG_H

#include <stdbool.h>

enum sr6_log_level { SR6_LOG_ERROR, SR6_LOG_WARN, SR6_LOG_INFO, SR6_LOG_DEBUG };

#define SR6_LOG_LINE_MAX 200

/* Level by name ("error", "warn", "info", "debug"): 0 or -EINVAL. */
int sr6_log_level_parse(const char *name, enum sr6_log_level *out);

/* Where and how much; before it: stderr, info. */
void sr6_log_setup(bool use_syslog, enum sr6_log_level level);
void sr6_log_close(void);

bool sr6_log_enabled(enum sr6_log_level level);

void sr6_log(enum sr6_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* s with control and non-ASCII bytes as \xNN, cut to SR6_LOG_LINE_MAX (out: 4x + 8). */
const char *sr6_log_escape(const char *s, char *out, unsigned out_size);

#endif
