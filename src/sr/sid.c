// SPDX-License-Identifier: MIT
/*
 * Local SIDs: what each behavior needs and takes, and the dispatch.
 *
 *   `sid add ... action End.X nh6 ... flavors psp` ──► sr6_behavior_descs[] check (ctl)
 *   pipeline: DA hits the SID ──► sr6_sid_process ──► input[behavior] ──► verdict
 *                                   End, End.X, End.T ......... end.c
 *                                   End.DX2/4/6, End.DT4/6/46 . decap.c
 *                                   End.B6.Encaps(.Red) ....... b6.c
 *
 * Flavors per behavior:
 *   PSP, USP, USD (RFC 8986 §4.16): End, End.X, End.T, which §4.16 defines
 *     them for.
 *   NEXT-CSID (RFC 9800 §4.1): End, End.X, End.T, End.B6.Encaps(.Red).
 *   REPLACE-CSID (RFC 9800 §4.2): the same, plus End.DX* and End.DT*, for
 *     which the RFC keeps the RFC 8986 processing (the flavor only says the
 *     SID is installed as Locator-Block + C-SID, with an argument behind).
 */
#include "sid.h"

#include <string.h>

#include "behavior.h"

#define FLV_8986 (SR6_FLAVOR_PSP | SR6_FLAVOR_USP | SR6_FLAVOR_USD)
#define FLV_CSID (SR6_FLAVOR_NEXT_CSID | SR6_FLAVOR_REPLACE_CSID)

/* clang-format off */
const struct sr6_behavior_desc sr6_behavior_descs[SR6_BEH__COUNT] = {
	[SR6_BEH_END] = {.name = "End", .flavors = FLV_8986 | FLV_CSID},
	[SR6_BEH_END_X] = {.name = "End.X",
			   .one_of = SR6_PARAM_NH6 | SR6_PARAM_OIF,
			   .flavors = FLV_8986 | FLV_CSID},
	[SR6_BEH_END_T] = {.name = "End.T",
			   .required = SR6_PARAM_TABLE,
			   .flavors = FLV_8986 | FLV_CSID},
	[SR6_BEH_END_DX2] = {.name = "End.DX2",
			     .required = SR6_PARAM_OIF,
			     .flavors = SR6_FLAVOR_REPLACE_CSID},
	[SR6_BEH_END_DX4] = {.name = "End.DX4",
			     .required = SR6_PARAM_NH4,
			     .optional = SR6_PARAM_OIF,
			     .flavors = SR6_FLAVOR_REPLACE_CSID},
	[SR6_BEH_END_DX6] = {.name = "End.DX6",
			     .one_of = SR6_PARAM_NH6 | SR6_PARAM_OIF,
			     .flavors = SR6_FLAVOR_REPLACE_CSID},
	[SR6_BEH_END_DT4] = {.name = "End.DT4",
			     .required = SR6_PARAM_TABLE,
			     .flavors = SR6_FLAVOR_REPLACE_CSID},
	[SR6_BEH_END_DT6] = {.name = "End.DT6",
			     .required = SR6_PARAM_TABLE,
			     .flavors = SR6_FLAVOR_REPLACE_CSID},
	[SR6_BEH_END_DT46] = {.name = "End.DT46",
			      .required = SR6_PARAM_TABLE,
			      .flavors = SR6_FLAVOR_REPLACE_CSID},
	[SR6_BEH_END_B6_ENCAPS] = {.name = "End.B6.Encaps",
				   .required = SR6_PARAM_POLICY,
				   .flavors = FLV_CSID},
	[SR6_BEH_END_B6_ENCAPS_RED] = {.name = "End.B6.Encaps.Red",
				       .required = SR6_PARAM_POLICY,
				       .flavors = FLV_CSID},
};
/* clang-format on */

int sr6_behavior_find(const char *name)
{
	for (int b = 0; b < SR6_BEH__COUNT; b++)
		if (strcmp(sr6_behavior_descs[b].name, name) == 0)
			return b;
	return -1;
}

void sr6_sid_process(const struct sr6_sid *sid, struct sr6_pkt *p, const struct sr6_sr_env *env,
		     struct sr6_verdict *v)
{
	*v = (struct sr6_verdict){.kind = SR6_V_DROP};
	switch (sid->behavior) {
	case SR6_BEH_END:
	case SR6_BEH_END_X:
	case SR6_BEH_END_T:
		sr6_end_input(sid, p, env, v);
		break;
	case SR6_BEH_END_DX2:
	case SR6_BEH_END_DX4:
	case SR6_BEH_END_DX6:
	case SR6_BEH_END_DT4:
	case SR6_BEH_END_DT6:
	case SR6_BEH_END_DT46:
		sr6_decap_input(sid, p, env, v);
		break;
	case SR6_BEH_END_B6_ENCAPS:
	case SR6_BEH_END_B6_ENCAPS_RED:
		sr6_b6_input(sid, p, env, v);
		break;
	default:
		v->why = SR6_DROP_SR_BEHAVIOR;
		break;
	}
}
