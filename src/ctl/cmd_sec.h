/* SPDX-License-Identifier: MIT */
/*
 * Security configuration (cmd_sec.c): the SR domain edge, HMAC keys, the
 * SID space, uRPF and ICMP error rate limits.
 *
 *   interface add ... [untrusted] [hmac require|check|off] [urpf strict|loose|off]
 *   interface set NAME [untrusted|trusted] [hmac MODE] [urpf MODE]
 *   hmac add keyid N algo sha256|sha1 secret HEX|secret-file PATH
 *   hmac del keyid N
 *   locator add PREFIX                                locator del PREFIX
 *   icmp ratelimit [rate N] [burst N] [peer-rate N] [peer-burst N]
 *   show hmac|locators|security [--json]
 *
 * Defaults: an untrusted interface verifies HMACs (hmac require: an SRH
 * crosses the edge only with a valid one), a trusted one ignores them
 * (hmac off: as before this existed); uRPF off; the SID space is
 * 5f00::/16 (RFC 9602) until a locator is added.
 *
 * Secrets are written once and never shown: no show, error message or
 * reply repeats them, and the line's word holding one is wiped after use.
 * A secret in a file (secret_file.h: absolute path, owner-only mode) is
 * read when the line runs; show hmac and running-config name the file,
 * so a configuration with such keys round-trips.
 */
#ifndef SR6_CTL_CMD_SEC_H
#define SR6_CTL_CMD_SEC_H

#include <stddef.h>
#include <stdio.h>

#include "args.h"
#include "ctl.h"

int sr6_cmd_hmac_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_hmac_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_locator_add(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_locator_del(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_interface_set(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_cmd_icmp_ratelimit(struct sr6_ctl *ctl, struct sr6_args *a, struct sr6_reply *r);
int sr6_show_hmac(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);

/* The file key id's secret was read from, or NULL (given inline, or no such key). */
const char *sr6_ctl_hmac_key_file(const struct sr6_ctl *ctl, uint32_t id);
int sr6_show_locators(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);
int sr6_show_security(struct sr6_ctl *ctl, bool json, struct sr6_reply *r);

/*
 * `interface add`: read the hmac and urpf words into tmpl (after its
 * untrusted flag is set). 0 or -EINVAL with the message in r.
 */
int sr6_ctl_iface_sec_args(struct sr6_args *a, struct sr6_iface *tmpl, struct sr6_reply *r);

/* "untrusted hmac=require urpf=strict": what differs from a trusted default. */
const char *sr6_ctl_iface_sec_text(const struct sr6_iface *ifc, char *buf, size_t size);
const char *sr6_hmac_mode_name(unsigned mode);
const char *sr6_urpf_mode_name(unsigned mode);

/*
 * `policy add|route add ... hmac [keyid] N [hmac-flag linux|none]`: kw and
 * val are the words at *i - 1 and *i, already taken; "keyid" takes one more
 * (*i moves). 1 when kw was one of these (spec set), 0 when not, -EINVAL.
 */
int sr6_ctl_policy_hmac_word(struct sr6_args *a, int *i, const char *kw, const char *val,
			     struct sr6_policy_spec *spec, struct sr6_reply *r);

/*
 * line with the word after every "secret" replaced by "<hidden>", in out
 * (cut to size): what may be logged of a line. Returns out.
 */
const char *sr6_ctl_redact(const char *line, char *out, size_t size);

/*
 * A config file's lines may hold HMAC secrets: warn (on errs) when the file
 * has `hmac add` lines and can be read by group or others. Returns 1 when
 * it warned.
 */
int sr6_ctl_config_secret_check(const char *path, FILE *errs);

#endif
