// SPDX-License-Identifier: MIT
/*
 * What the control socket may log of a line: an HMAC secret never, whatever
 * the spacing or the words around it; everything else as it was sent.
 */
#include "ctl/cmd_sec.h"

#include "check.h"

static void redact_hides_the_word_after_secret(void)
{
	char out[128];
	CHECK(
	    strcmp(sr6_ctl_redact("hmac add keyid 7 algo sha256 secret 0011aabb", out, sizeof(out)),
		   "hmac add keyid 7 algo sha256 secret <hidden>") == 0);
	CHECK(strcmp(sr6_ctl_redact("hmac add secret\tdeadbeef keyid 1  secret  x y", out,
				    sizeof(out)),
		     "hmac add secret\t<hidden> keyid 1  secret  <hidden> y") == 0);
}

static void redact_leaves_other_lines_alone(void)
{
	char out[64];
	const char *lines[] = {"route add 2001:db8::/32 via fe80::1 dev wan", "secrets 1 2", "",
			       "show hmac --json"};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		CHECK(strcmp(sr6_ctl_redact(lines[i], out, sizeof(out)), lines[i]) == 0);
}

/* Cut to the buffer: the secret is gone even when the cut falls inside it. */
static void redact_cuts_without_leaking(void)
{
	char out[24];
	sr6_ctl_redact("hmac add secret 00112233445566778899", out, sizeof(out));
	CHECK(strcmp(out, "hmac add secret <hidden") == 0);
	sr6_ctl_redact("secret", out, 4);
	CHECK(strcmp(out, "sec") == 0);
}

SR6_TESTS(T(redact_hides_the_word_after_secret), T(redact_leaves_other_lines_alone),
	  T(redact_cuts_without_leaking))
