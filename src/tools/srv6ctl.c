// SPDX-License-Identifier: MIT
/*
 * srv6ctl: send config-grammar lines to a running srv6d (DESIGN.md §2.1).
 *
 *   srv6ctl [-s SOCK] [--json] COMMAND...    one command from the arguments
 *   srv6ctl [-s SOCK] [--json] < FILE        one command per input line
 *
 * Socket: -s, else $SRV6D_SOCK, else /run/srv6d.sock. Replies are framed
 * "200|400 <length>\n<body>" (src/ctl/server.h); a 400 goes to stderr and
 * makes the exit status 1. --json is added to every `show`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SOCK_DEFAULT "/run/srv6d.sock"

static int connect_to(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "srv6ctl: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "srv6ctl: cannot reach srv6d at %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Buffered reader over the socket. */
struct conn {
	int fd;
	char buf[65536];
	size_t len, off;
};

static int conn_getc(struct conn *c)
{
	if (c->off == c->len) {
		ssize_t n;
		do
			n = read(c->fd, c->buf, sizeof(c->buf));
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return -1;
		c->len = (size_t)n;
		c->off = 0;
	}
	return (unsigned char)c->buf[c->off++];
}

/* Read one framed reply, print it; 0 ok, 1 refused, -1 connection broken. */
static int read_reply(struct conn *c)
{
	char head[32];
	size_t h = 0;
	int ch;
	while ((ch = conn_getc(c)) >= 0 && ch != '\n' && h < sizeof(head) - 1)
		head[h++] = (char)ch;
	head[h] = '\0';
	int status;
	size_t len;
	if (ch != '\n' || sscanf(head, "%d %zu", &status, &len) != 2) {
		fprintf(stderr, "srv6ctl: srv6d closed the connection or sent a bad reply\n");
		return -1;
	}
	FILE *out = status == 200 ? stdout : stderr;
	for (size_t i = 0; i < len; i++) {
		if ((ch = conn_getc(c)) < 0) {
			fprintf(stderr, "srv6ctl: reply cut short\n");
			return -1;
		}
		fputc(ch, out);
	}
	if (len && status != 200)
		fputc('\n', out);
	return status == 200 ? 0 : 1;
}

static int send_line(struct conn *c, const char *line, int json)
{
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	int is_show = strncmp(line, "show", 4) == 0 && (n == 4 || line[4] == ' ');
	if (write_all(c->fd, line, n) < 0 ||
	    (json && is_show && !strstr(line, "--json") && write_all(c->fd, " --json", 7) < 0) ||
	    write_all(c->fd, "\n", 1) < 0) {
		fprintf(stderr, "srv6ctl: lost the connection to srv6d\n");
		return -1;
	}
	return read_reply(c);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: srv6ctl [-s SOCK] [--json] COMMAND...\n"
		   "       srv6ctl [-s SOCK] [--json] < commands\n"
		   "COMMAND is a config line, clear counters, trace add N [interface NAME],\n"
		   "trace clear, or show interfaces|routes|sids|policies|neighbors|counters|trace|\n"
		   "running-config\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"socket", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *sock = getenv("SRV6D_SOCK");
	int json = 0, opt;
	/* "+": stop at the first non-option, so COMMAND words are never options */
	while ((opt = getopt_long(argc, argv, "+s:jh", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			sock = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	struct conn *c = calloc(1, sizeof(*c));
	if (!c)
		return 1;
	c->fd = connect_to(sock && *sock ? sock : SOCK_DEFAULT);
	if (c->fd < 0) {
		free(c);
		return 1;
	}
	int failed = 0, rc = 0;
	if (optind < argc) {
		size_t n = 1;
		for (int i = optind; i < argc; i++)
			n += strlen(argv[i]) + 1;
		char *line = malloc(n);
		if (!line)
			return 1;
		line[0] = '\0';
		for (int i = optind; i < argc; i++) {
			strcat(line, argv[i]);
			if (i + 1 < argc)
				strcat(line, " ");
		}
		rc = send_line(c, line, json);
		free(line);
		failed = rc != 0;
	} else {
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, stdin) > 0) {
			const char *p = line + strspn(line, " \t");
			if (*p == '\n' || *p == '#' || *p == '\0')
				continue;
			rc = send_line(c, line, json);
			if (rc < 0)
				break;
			failed |= rc != 0;
		}
		free(line);
	}
	close(c->fd);
	free(c);
	return rc < 0 || failed ? 1 : 0;
}
