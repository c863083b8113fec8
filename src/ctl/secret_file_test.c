// SPDX-License-Identifier: MIT
/*
 * Secret files: what is read (the text without the whitespace around it)
 * and every refusal, each with the message that names the path and the
 * problem and never the content: a relative path, a missing file, a
 * directory, a FIFO, a mode that lets anyone but the owner in, another
 * owner (as root only: chown), a file too large.
 */
#include "ctl/secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define CONTENT "c0ffee00deadbeef"

static char dir[] = "/tmp/sr6-secret-XXXXXX";
static char path[64];

static void teardown(void)
{
	static const char *const names[] = {"k", "fifo"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* The tests' directory, made on first use and removed at exit. */
static void use_dir(void)
{
	static bool made;
	if (made)
		return;
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	made = true;
	atexit(teardown);
}

/* path := dir/name holding text, with mode (chmod: the umask does not apply). */
static int put(const char *name, const char *text, mode_t mode)
{
	use_dir();
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? chmod(path, mode) : -1;
}

/* Read path; the reply's message when refused (checked never to hold CONTENT). */
static int read_secret(char *buf, size_t size, struct sr6_reply *r)
{
	sr6_reply_clear(r);
	int rc = sr6_secret_file_read(path, buf, size, r);
	if (rc < 0 && r->buf && strstr(r->buf, CONTENT))
		return -1000; /* a refusal echoed the secret */
	return rc;
}

static void reads_the_hex_without_surrounding_whitespace(void)
{
	char buf[SR6_SECRET_FILE_MAX + 1];
	struct sr6_reply r = {0};
	CHECK(put("k", "\n\t  0x" CONTENT " \r\n\n", 0600) == 0);
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), 2 + strlen(CONTENT));
	CHECK(strcmp(buf, "0x" CONTENT) == 0);
	CHECK(put("k", CONTENT, 0400) == 0); /* read-only for the owner is fine too */
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), strlen(CONTENT));
	CHECK(strcmp(buf, CONTENT) == 0);
	CHECK(put("k", " \n", 0600) == 0); /* empty: the caller's hex check refuses it */
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), 0);
	CHECK_EQ(buf[0], '\0');
	sr6_reply_free(&r);
}

static void refuses_a_relative_path_a_missing_file_and_non_files(void)
{
	char buf[SR6_SECRET_FILE_MAX + 1];
	struct sr6_reply r = {0};
	use_dir();
	snprintf(path, sizeof(path), "relative/k");
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), -EINVAL);
	CHECK(strstr(r.buf, "'relative/k' is not an absolute path"));
	snprintf(path, sizeof(path), "%s/none", dir);
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), -ENOENT);
	CHECK(strstr(r.buf, "/none: No such file or directory"));
	snprintf(path, sizeof(path), "%s", dir);
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), -EINVAL);
	CHECK(strstr(r.buf, "not a regular file"));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	CHECK(mkfifo(path, 0600) == 0);
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), -EINVAL); /* and not blocked opening it */
	CHECK(strstr(r.buf, "/fifo: not a regular file"));
	unlink(path);
	sr6_reply_free(&r);
}

static void refuses_any_mode_but_0600_and_0400(void)
{
	static const mode_t bad[] = {0644, 0640, 0604, 0660, 0606, 0700, 0500, 0200, 0000, 04600};
	char buf[SR6_SECRET_FILE_MAX + 1], want[32];
	struct sr6_reply r = {0};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(put("k", CONTENT "\n", bad[i]) == 0);
		CHECK_EQ(read_secret(buf, sizeof(buf), &r), -EPERM);
		snprintf(want, sizeof(want), "mode %04o;", (unsigned)bad[i]);
		CHECK(strstr(r.buf, want) && strstr(r.buf, "chmod 600"));
	}
	sr6_reply_free(&r);
}

static void refuses_a_file_of_another_owner(void)
{
	char buf[SR6_SECRET_FILE_MAX + 1];
	struct sr6_reply r = {0};
	if (geteuid() != 0) {
		fprintf(stderr, "  (not root: cannot give a file away; owner check not run)\n");
		return;
	}
	CHECK(put("k", CONTENT "\n", 0600) == 0);
	CHECK(chown(path, 65534, 65534) == 0);
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), -EPERM);
	CHECK(strstr(r.buf, "owned by uid 65534, not by uid 0"));
	sr6_reply_free(&r);
}

static void refuses_a_file_larger_than_a_secret_needs(void)
{
	char buf[SR6_SECRET_FILE_MAX + 1], big[SR6_SECRET_FILE_MAX + 2];
	struct sr6_reply r = {0};
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(put("k", big, 0600) == 0);
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), -EFBIG);
	CHECK(strstr(r.buf, "more than 1024 bytes"));
	big[sizeof(big) - 2] = '\0'; /* exactly the limit is fine */
	CHECK(put("k", big, 0600) == 0);
	CHECK_EQ(read_secret(buf, sizeof(buf), &r), SR6_SECRET_FILE_MAX);
	sr6_reply_free(&r);
}

SR6_TESTS(T(reads_the_hex_without_surrounding_whitespace),
	  T(refuses_a_relative_path_a_missing_file_and_non_files),
	  T(refuses_any_mode_but_0600_and_0400), T(refuses_a_file_of_another_owner),
	  T(refuses_a_file_larger_than_a_secret_needs))
