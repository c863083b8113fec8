// SPDX-License-Identifier: MIT
/*
 * Reading a secret file under ssh's rule for private keys (secret_file.h).
 *
 *   stat: regular, mode, owner, size (a FIFO or device is never opened:
 *   that may block, or act; a bad mode is named even when it also keeps
 *   srv6d out) ─► open ─► the same checks on what was opened (fstat)
 *   ─► read ─► strip surrounding whitespace
 *
 * Messages name the path and what is wrong with it, never the content.
 */
#include "secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int sys_error(struct sr6_reply *r, int err, const char *path)
{
	return sr6_reply_error(r, -err, "secret-file %s: %s", path, strerror(err));
}

/* What only the owner may read: ssh's rule for a private key. */
static int check(const struct stat *st, const char *path, struct sr6_reply *r)
{
	unsigned mode = (unsigned)(st->st_mode & 07777);
	if (!S_ISREG(st->st_mode))
		return sr6_reply_error(r, -EINVAL, "secret-file %s: not a regular file", path);
	if (mode != 0600 && mode != 0400)
		return sr6_reply_error(r, -EPERM,
				       "secret-file %s: mode %04o; only its owner may read it: "
				       "0600 or 0400 (chmod 600 %s)",
				       path, mode, path);
	if (st->st_uid != geteuid())
		return sr6_reply_error(r, -EPERM,
				       "secret-file %s: owned by uid %u, not by uid %u that srv6d "
				       "runs as",
				       path, (unsigned)st->st_uid, (unsigned)geteuid());
	if (st->st_size > SR6_SECRET_FILE_MAX)
		return sr6_reply_error(r, -EFBIG,
				       "secret-file %s: more than %d bytes; it holds one secret "
				       "in hex",
				       path, SR6_SECRET_FILE_MAX);
	return 0;
}

/* Up to limit bytes of fd into buf; -EFBIG when there is more (the file grew). */
static int read_all(int fd, char *buf, size_t limit, const char *path, struct sr6_reply *r)
{
	size_t n = 0;
	for (;;) {
		ssize_t got = read(fd, buf + n, limit + 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return sys_error(r, errno, path);
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > limit)
			return sr6_reply_error(r, -EFBIG,
					       "secret-file %s: more than %zu bytes; it holds one "
					       "secret in hex",
					       path, limit);
	}
	return (int)n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int sr6_secret_file_read(const char *path, char *buf, size_t size, struct sr6_reply *r)
{
	struct stat st;
	if (!path || path[0] != '/')
		return sr6_reply_error(r, -EINVAL,
				       "secret-file: '%s' is not an absolute path (running-config "
				       "prints it back: it must name one file wherever it is "
				       "loaded)",
				       path ? path : "");
	if (stat(path, &st) < 0)
		return sys_error(r, errno, path);
	int n = check(&st, path, r);
	if (n < 0)
		return n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return sys_error(r, errno, path);
	size_t limit = size - 1 < SR6_SECRET_FILE_MAX ? size - 1 : SR6_SECRET_FILE_MAX;
	n = fstat(fd, &st) < 0 ? sys_error(r, errno, path) : check(&st, path, r);
	if (n == 0)
		n = read_all(fd, buf, limit, path, r);
	close(fd);
	if (n < 0) {
		explicit_bzero(buf, size);
		return n;
	}
	size_t start = 0, end = (size_t)n;
	while (start < end && is_space(buf[start]))
		start++;
	while (end > start && is_space(buf[end - 1]))
		end--;
	memmove(buf, buf + start, end - start);
	explicit_bzero(buf + (end - start), size - (end - start));
	return (int)(end - start);
}
