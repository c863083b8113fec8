// SPDX-License-Identifier: MIT
/* Logging to stderr or syslog (see log.h). */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

static bool to_syslog;
static enum sr6_log_level threshold = SR6_LOG_INFO;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

int sr6_log_level_parse(const char *name, enum sr6_log_level *out)
{
	for (int i = 0; i <= SR6_LOG_DEBUG; i++) {
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum sr6_log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

void sr6_log_setup(bool use_syslog, enum sr6_log_level level)
{
	threshold = level;
	to_syslog = use_syslog;
	if (use_syslog)
		openlog("srv6d", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void sr6_log_close(void)
{
	if (to_syslog)
		closelog();
	to_syslog = false;
}

bool sr6_log_enabled(enum sr6_log_level level)
{
	return level <= threshold;
}

void sr6_log(enum sr6_log_level level, const char *fmt, ...)
{
	static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
	char msg[1024];
	va_list ap;
	if (!sr6_log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (to_syslog)
		syslog(prio[level], "%s", msg);
	else if (level == SR6_LOG_INFO)
		fprintf(stderr, "srv6d: %s\n", msg);
	else
		fprintf(stderr, "srv6d: %s: %s\n", level_names[level], msg);
}

const char *sr6_log_escape(const char *s, char *out, unsigned out_size)
{
	unsigned o = 0, n = 0;
	for (; *s && n < SR6_LOG_LINE_MAX && o + 5 < out_size; s++, n++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (unsigned)snprintf(out + o, out_size - o, "\\x%02x", c);
	}
	if (*s && o + 4 < out_size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}
