// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the control socket protocol: the real server
 * (src/ctl/server.c) on a Unix socket, fed by one to three clients that
 * write the input's bytes in fuzzed chunks interleaved with the server's
 * polls, then close their sending side and read until the server closes.
 *
 *   byte 0   clients (1 + b % 3)      byte 1   chunk size (1 + b % 61)
 *   rest     split between the clients in turn, chunk by chunk
 *
 * The lines run in check mode on a fresh dataplane per input, so nothing
 * a line asks for touches the machine. Checked, per client: the server
 * answers every complete line it got ("\n"-terminated), in order, each
 * with a well-formed "200 N\n"/"400 N\n" header followed by exactly N
 * bytes, nothing else, and closes the connection after the last reply
 * (within a bounded number of polls: a server that stops answering is a
 * failure). A partial last line gets no answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl/ctl.h"
#include "ctl/log.h"
#include "ctl/server.h"

#include "fuzz_check.h"

#define CLIENTS	  3
#define POLLS_MAX 100000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct client {
	int fd;
	uint8_t *sent;
	size_t n_sent;
	char *got;
	size_t n_got, cap;
	bool eof;
};

static struct sr6_server srv;
static char path[108];
static bool ready;

static void cleanup(void)
{
	sr6_server_close(&srv);
}

static void setup(void)
{
	char err[256];
	sr6_log_setup(false, SR6_LOG_ERROR);
	snprintf(path, sizeof(path), "/tmp/srv6d-fuzz-ctl-%d.sock", (int)getpid());
	FUZZ_CHECK(sr6_server_open(&srv, path, NULL, err) == 0);
	atexit(cleanup);
	ready = true;
}

static int connect_client(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FUZZ_CHECK(fd >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	FUZZ_CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	FUZZ_CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
	return fd;
}

static void read_some(struct client *c)
{
	while (!c->eof) {
		if (c->cap - c->n_got < 4096) {
			c->cap = c->cap ? c->cap * 2 : 65536;
			c->got = realloc(c->got, c->cap);
			FUZZ_CHECK(c->got);
		}
		ssize_t n = read(c->fd, c->got + c->n_got, c->cap - c->n_got);
		if (n > 0)
			c->n_got += (size_t)n;
		else if (n == 0)
			c->eof = true;
		else
			break; /* EAGAIN: nothing more now */
	}
}

/* Replies parse as headers + bodies, one per complete line sent. */
static void check_replies(const struct client *c)
{
	size_t lines = 0, longest = 0, run = 0;
	for (size_t i = 0; i < c->n_sent; i++) {
		if (c->sent[i] == '\n') {
			lines++;
			run = 0;
		} else if (++run > longest) {
			longest = run;
		}
	}
	if (longest >= SR6_SERVER_LINE_MAX)
		return; /* refused and closed: cannot be framed */
	size_t off = 0, replies = 0;
	while (off < c->n_got) {
		const char *nl = memchr(c->got + off, '\n', c->n_got - off);
		FUZZ_CHECK(nl);
		int status = -1;
		size_t len = 0;
		char head[40];
		size_t hl = (size_t)(nl - (c->got + off));
		FUZZ_CHECK(hl < sizeof(head));
		memcpy(head, c->got + off, hl);
		head[hl] = '\0';
		FUZZ_CHECK(sscanf(head, "%d %zu", &status, &len) == 2);
		FUZZ_CHECK(status == 200 || status == 400);
		off += hl + 1;
		FUZZ_CHECK(len <= c->n_got - off);
		off += len;
		replies++;
	}
	FUZZ_CHECK(replies == lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		setup();
	if (size < 2)
		return 0;
	struct sr6_dp *dp = sr6_dp_create();
	struct sr6_ctl ctl;
	FUZZ_CHECK(dp);
	sr6_ctl_init(&ctl, dp, true);
	srv.ctl = &ctl;

	unsigned n = 1 + data[0] % CLIENTS, chunk = 1 + data[1] % 61;
	struct client cl[CLIENTS] = {0};
	for (unsigned i = 0; i < n; i++) {
		cl[i].fd = connect_client();
		cl[i].sent = malloc(size);
		FUZZ_CHECK(cl[i].sent);
	}
	unsigned turn = 0;
	for (size_t off = 2; off < size; turn = (turn + 1) % n) {
		size_t k = size - off < chunk ? size - off : chunk;
		struct client *c = &cl[turn];
		FUZZ_CHECK(write(c->fd, data + off, k) == (ssize_t)k);
		memcpy(c->sent + c->n_sent, data + off, k);
		c->n_sent += k;
		off += k;
		sr6_server_poll(&srv, 0);
		read_some(c);
	}
	for (unsigned i = 0; i < n; i++)
		shutdown(cl[i].fd, SHUT_WR);
	unsigned open = n, polls = 0;
	while (open && polls++ < POLLS_MAX) {
		sr6_server_poll(&srv, 0);
		open = 0;
		for (unsigned i = 0; i < n; i++) {
			read_some(&cl[i]);
			open += !cl[i].eof;
		}
	}
	FUZZ_CHECK(open == 0);
	FUZZ_CHECK(srv.n_clients == 0);
	for (unsigned i = 0; i < n; i++) {
		check_replies(&cl[i]);
		close(cl[i].fd);
		free(cl[i].sent);
		free(cl[i].got);
	}
	srv.ctl = NULL;
	sr6_ctl_fini(&ctl);
	sr6_dp_destroy(dp);
	return 0;
}
