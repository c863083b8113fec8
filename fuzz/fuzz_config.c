// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the config grammar: the input is a config file, run
 * line by line through sr6_ctl_exec in check mode (what `srv6d --check`
 * does: a private dataplane, no interface opened, no file written), on a
 * fresh dataplane per input. After every 8 lines, and at the end, every
 * show runs in both forms on whatever state the lines built.
 *
 * Checked: a reply is a NUL-terminated string of its stated length; a
 * command answers 0 or a negative errno; an `hmac add` line's secret never
 * appears in its reply or in any show (when the secret word is at least 8
 * characters and appears once in the input, so no other word can be it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/log.h"

#include "fuzz_check.h"

#define LINES_MAX   128
#define SECRETS_MAX 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const shows[] = {
    "show interfaces", "show routes", "show neighbors", "show counters", "show sids",
    "show policies",   "show hmac",   "show locators",	"show security",
};

static char secrets[SECRETS_MAX][80];
static unsigned n_secrets;

static void check_reply(const struct sr6_reply *r, int rc)
{
	FUZZ_CHECK(rc == 0 || (rc < 0 && rc > -4096));
	if (!r->buf)
		return;
	FUZZ_CHECK(r->len < r->cap && r->buf[r->len] == '\0');
	for (unsigned i = 0; i < n_secrets; i++)
		FUZZ_CHECK(!memmem(r->buf, r->len, secrets[i], strlen(secrets[i])));
}

/* The word after "secret", when it is a safe one to look for: long enough
 * and nowhere else in the input (else another line could show it). */
static void note_secret(const char *line, const uint8_t *all, size_t size)
{
	const char *s = strstr(line, " secret ");
	if (!s || n_secrets == SECRETS_MAX || strncmp(line + strspn(line, " \t"), "hmac", 4))
		return;
	s += 8;
	size_t n = strcspn(s, " \t\r\n#");
	if (n < 8 || n >= sizeof(secrets[0]))
		return;
	char w[80];
	memcpy(w, s, n);
	w[n] = '\0';
	const uint8_t *at = memmem(all, size, w, n);
	if (!at || memmem(at + 1, size - (size_t)(at + 1 - all), w, n))
		return;
	strcpy(secrets[n_secrets++], w);
}

static void run_shows(struct sr6_ctl *ctl, struct sr6_reply *r)
{
	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++) {
		for (int json = 0; json < 2; json++) {
			char line[48];
			snprintf(line, sizeof(line), "%s%s", shows[i], json ? " --json" : "");
			int rc = sr6_ctl_exec(ctl, line, r);
			check_reply(r, rc);
			FUZZ_CHECK(rc == 0);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;
	if (!quiet) {
		sr6_log_setup(false, SR6_LOG_ERROR);
		quiet = true;
	}
	struct sr6_dp *dp = sr6_dp_create();
	struct sr6_ctl ctl;
	struct sr6_reply r = {0};
	FUZZ_CHECK(dp);
	sr6_ctl_init(&ctl, dp, true);
	n_secrets = 0;
	char *text = malloc(size + 1);
	FUZZ_CHECK(text);
	memcpy(text, data, size);
	text[size] = '\0';
	unsigned lines = 0;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line && lines < LINES_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		note_secret(line, data, size);
		check_reply(&r, sr6_ctl_exec(&ctl, line, &r));
		if (++lines % 8 == 0)
			run_shows(&ctl, &r);
	}
	run_shows(&ctl, &r);
	free(text);
	sr6_reply_free(&r);
	sr6_ctl_fini(&ctl);
	sr6_dp_destroy(dp);
	return 0;
}
