// SPDX-License-Identifier: MIT
/*
 * Control socket server (see server.h). Everything is non-blocking; a
 * client that sends a line longer than SR6_SERVER_LINE_MAX gets a 400 and
 * is closed (it can no longer be framed), one that stops reading is closed
 * when its pending output would pass SR6_SERVER_OUT_MAX, and one whose
 * socket errors is dropped. None of it can stop the server.
 *
 * Lines are served only while the client's unread replies stay under
 * SR6_SERVER_BACKLOG; the rest wait in its input buffer (and, once that is
 * full, in its socket) until it reads.
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cmd_sec.h"
#include "log.h"

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int sr6_server_open(struct sr6_server *s, const char *path, struct sr6_ctl *ctl, char *err)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	memset(s, 0, sizeof(*s));
	s->listen_fd = -1;
	s->wake_fd = -1;
	s->ctl = ctl;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, 256, "control socket %s: path too long", path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	snprintf(s->path, sizeof(s->path), "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		close(fd);
		snprintf(err, 256, "control socket %s: another srv6d is listening there", path);
		return -EADDRINUSE;
	}
	unlink(path); /* a stale socket from a process that died */
	mode_t old = umask(0177);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc < 0 || chmod(path, 0600) < 0 || listen(fd, 16) < 0 || set_nonblock(fd) < 0)
		goto fail;
	s->listen_fd = fd;
	return 0;
fail:
	rc = -errno;
	snprintf(err, 256, "control socket %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

static void client_drop(struct sr6_server *s, unsigned i)
{
	struct sr6_server_client *c = &s->client[i];
	close(c->fd);
	free(c->in);
	free(c->out);
	s->client[i] = s->client[--s->n_clients];
}

static int out_append(struct sr6_server_client *c, const char *data, size_t n)
{
	if (c->out_len + n > SR6_SERVER_OUT_MAX)
		return -ENOBUFS;
	if (c->out_len + n > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;
		while (cap < c->out_len + n)
			cap *= 2;
		char *b = realloc(c->out, cap);
		if (!b)
			return -ENOMEM;
		c->out = b;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, data, n);
	c->out_len += n;
	return 0;
}

/* "STATUS LEN\n" into head (>= 32 bytes); its length. Once per line: no printf. */
static size_t reply_head(char *head, int status, size_t n)
{
	char digits[24];
	size_t k = 0, h = 0;
	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10));
	head[h++] = (char)('0' + status / 100);
	head[h++] = (char)('0' + status / 10 % 10);
	head[h++] = (char)('0' + status % 10);
	head[h++] = ' ';
	while (k)
		head[h++] = digits[--k];
	head[h++] = '\n';
	return h;
}

static int reply(struct sr6_server_client *c, int status, const char *body, size_t n)
{
	char head[32];
	size_t h = reply_head(head, status, n);
	if (out_append(c, head, h) < 0 || out_append(c, body, n) < 0)
		return -ENOBUFS;
	return 0;
}

static size_t backlog(const struct sr6_server_client *c)
{
	return c->out_len - c->out_off;
}

static bool is_show(const char *line)
{
	line += strspn(line, " \t");
	return strncmp(line, "show", 4) == 0 && (line[4] == '\0' || strchr(" \t\r", line[4]));
}

static bool is_blank(const char *line)
{
	line += strspn(line, " \t\r");
	return *line == '\0' || *line == '#';
}

/* Log a refused line, at most SR6_SERVER_WARN_PER_SEC a second. */
static void warn_refused(struct sr6_server *s, const char *esc, const char *msg)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (ts.tv_sec != s->warn_sec) {
		if (s->warn_dropped)
			sr6_log(SR6_LOG_WARN, "control: %u more refused line(s) not logged",
				s->warn_dropped);
		s->warn_sec = ts.tv_sec;
		s->warn_count = s->warn_dropped = 0;
	}
	if (s->warn_count++ < SR6_SERVER_WARN_PER_SEC)
		sr6_log(SR6_LOG_WARN, "control: refused '%s': %s", esc, msg);
	else
		s->warn_dropped++;
}

static void log_line(struct sr6_server *s, const char *line, int rc, const struct sr6_reply *r)
{
	char esc[4 * SR6_LOG_LINE_MAX + 8], msg[4 * SR6_LOG_LINE_MAX + 8];
	bool show = is_show(line);
	enum sr6_log_level level = rc < 0 ? SR6_LOG_WARN : show ? SR6_LOG_DEBUG : SR6_LOG_INFO;
	if (is_blank(line) || !sr6_log_enabled(level))
		return;
	char plain[2 * SR6_LOG_LINE_MAX]; /* what the log may see: no HMAC secret */
	sr6_log_escape(sr6_ctl_redact(line, plain, sizeof(plain)), esc, sizeof(esc));
	if (rc >= 0)
		sr6_log(level, "control: %s", esc);
	else
		warn_refused(s, esc, sr6_log_escape(r->buf ? r->buf : "", msg, sizeof(msg)));
}

static void serve_lines(struct sr6_server *s, struct sr6_server_client *c)
{
	struct sr6_reply r = {0};
	size_t start = 0;
	for (size_t i = 0; i < c->in_len && !c->closing && backlog(c) < SR6_SERVER_BACKLOG; i++) {
		if (c->in[i] != '\n')
			continue;
		c->in[i] = '\0';
		const char *line = c->in + start;
		int rc = sr6_ctl_exec(s->ctl, line, &r);
		log_line(s, line, rc, &r);
		if (reply(c, rc < 0 ? 400 : 200, r.buf ? r.buf : "", r.len) < 0)
			c->closing = 1; /* it does not read its replies */
		start = i + 1;
	}
	memmove(c->in, c->in + start, c->in_len - start);
	c->in_len -= start;
	if (c->in_len >= SR6_SERVER_LINE_MAX && !memchr(c->in, '\n', c->in_len)) {
		static const char msg[] = "request line longer than 65536 bytes";
		reply(c, 400, msg, sizeof(msg) - 1);
		sr6_log(SR6_LOG_WARN, "control: dropped a client that sent a line longer than %u "
			"bytes", SR6_SERVER_LINE_MAX);
		c->closing = 1;
		c->in_len = 0;
	}
	sr6_reply_free(&r);
}

/* Read what is there; false when the client is gone. */
static int client_read(struct sr6_server *s, struct sr6_server_client *c)
{
	while (backlog(c) < SR6_SERVER_BACKLOG) {
		if (c->in_cap - c->in_len < 4096) {
			size_t cap = c->in_cap ? c->in_cap * 2 : 8192;
			if (cap > SR6_SERVER_LINE_MAX + 8192)
				cap = SR6_SERVER_LINE_MAX + 8192;
			if (cap <= c->in_len)
				break;
			char *b = realloc(c->in, cap);
			if (!b)
				return 0;
			c->in = b;
			c->in_cap = cap;
		}
		ssize_t n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
		if (n == 0)
			return c->out_len > c->out_off ? (c->closing = 1) : 0;
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->in_len += (size_t)n;
		serve_lines(s, c);
		if (c->closing)
			return 1;
	}
	serve_lines(s, c);
	return 1;
}

/* Write what fits; false when the client is gone or done. */
static int client_write(struct sr6_server_client *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;
	return !c->closing;
}

static void accept_clients(struct sr6_server *s)
{
	for (;;) {
		int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (s->n_clients == SR6_SERVER_CLIENTS_MAX) {
			static const char msg[] = "400 25\ntoo many control clients";
			(void)!send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
			close(fd);
			continue;
		}
		s->client[s->n_clients++] = (struct sr6_server_client){.fd = fd};
	}
}

/* Whether to wait for input from c: not while its replies pile up unread. */
static bool wants_input(const struct sr6_server_client *c)
{
	return !c->closing && backlog(c) < SR6_SERVER_BACKLOG &&
	       c->in_len < SR6_SERVER_LINE_MAX + 4096;
}

int sr6_server_add_ext(struct sr6_server *s, const struct sr6_poll_ext *e)
{
	if (s->n_ext == SR6_POLL_EXTS)
		return -ENOSPC;
	s->ext[s->n_ext++] = *e;
	return 0;
}

/* Each extension's descriptors after the server's own, from pfd[0]: counts in got[]. */
static unsigned ext_fill(struct sr6_server *s, struct pollfd *pfd, unsigned got[SR6_POLL_EXTS])
{
	unsigned total = 0;
	for (unsigned i = 0; i < s->n_ext; i++) {
		got[i] = s->ext[i].fill(s->ext[i].arg, pfd + total, SR6_POLL_EXT_MAX - total);
		total += got[i];
	}
	return total;
}

static void ext_handle(struct sr6_server *s, const struct pollfd *pfd,
		       const unsigned got[SR6_POLL_EXTS])
{
	for (unsigned i = 0, off = 0; i < s->n_ext; off += got[i++])
		if (got[i])
			s->ext[i].handle(s->ext[i].arg, pfd + off, got[i]);
}

void sr6_server_poll(struct sr6_server *s, int timeout_ms)
{
	struct pollfd pfd[SR6_SERVER_CLIENTS_MAX + 2 + SR6_POLL_EXT_MAX];
	unsigned got[SR6_POLL_EXTS];
	unsigned n = s->n_clients;
	pfd[0] = (struct pollfd){.fd = s->listen_fd, .events = POLLIN};
	pfd[n + 1] = (struct pollfd){.fd = s->wake_fd, .events = POLLIN}; /* fd -1: ignored */
	for (unsigned i = 0; i < n; i++) {
		struct sr6_server_client *c = &s->client[i];
		pfd[i + 1] = (struct pollfd){
			.fd = c->fd,
			.events = (short)((wants_input(c) ? POLLIN : 0) |
					  (backlog(c) ? POLLOUT : 0)),
		};
	}
	unsigned n_ext = ext_fill(s, pfd + n + 2, got);
	int ready = poll(pfd, n + 2 + n_ext, timeout_ms);
	if (ready <= 0) {
		if (ready == 0)
			ext_handle(s, pfd + n + 2, got); /* idle timeouts */
		return;
	}
	if (pfd[n + 1].revents & POLLIN) {
		uint64_t v;
		(void)!read(s->wake_fd, &v, sizeof(v));
		s->on_wake(s->wake_arg);
	}
	/* clients first, from the end: dropping one moves the last into its slot */
	for (unsigned i = n; i-- > 0;) {
		struct sr6_server_client *c = &s->client[i];
		int alive = 1;
		if (pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR))
			alive = client_read(s, c);
		if (alive && backlog(c)) {
			alive = client_write(c);
			if (alive && !backlog(c) && c->in_len)
				serve_lines(s, c); /* requests that waited for it to read */
			if (alive && backlog(c))
				alive = client_write(c);
		} else if (alive && c->closing) {
			alive = 0;
		}
		if (!alive)
			client_drop(s, i);
	}
	ext_handle(s, pfd + n + 2, got);
	if (pfd[0].revents & POLLIN)
		accept_clients(s);
}

void sr6_server_close(struct sr6_server *s)
{
	while (s->n_clients)
		client_drop(s, s->n_clients - 1);
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(s->path);
	}
	s->listen_fd = -1;
}
