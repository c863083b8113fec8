/* SPDX-License-Identifier: MIT */
/*
 * Secrets kept in files (`hmac add ... secret-file PATH`), so a
 * configuration can name a key without holding it and `show
 * running-config` round-trips.
 *
 * A file is refused unless, like an ssh private key, only its owner can
 * get at it. What is checked, on the file actually opened (fstat, so a
 * rename between check and read changes nothing):
 *
 *   PATH absolute ─► regular file (after symlinks) ─► mode 0600 or 0400
 *   ─► owned by the user srv6d runs as (effective uid) ─► at most
 *   SR6_SECRET_FILE_MAX bytes
 *
 * A relative PATH is refused rather than resolved: srv6d's working
 * directory is not the operator's (srv6ctl sends words, not a directory),
 * and the path is printed back by running-config, which must mean the same
 * file wherever it is loaded. No message ever repeats the file's content.
 */
#ifndef SR6_CTL_SECRET_FILE_H
#define SR6_CTL_SECRET_FILE_H

#include <stddef.h>

#include "reply.h"

/* Longest file read: a 64-byte secret is 128 hex digits, plus "0x" and whitespace. */
#define SR6_SECRET_FILE_MAX 1024

/*
 * Read the secret file at path into buf (size > SR6_SECRET_FILE_MAX),
 * without the whitespace around it, NUL-terminated. The length, or
 * -errno with the reason in r ("secret-file PATH: ..."). The caller wipes
 * buf.
 */
int sr6_secret_file_read(const char *path, char *buf, size_t size, struct sr6_reply *r);

#endif
