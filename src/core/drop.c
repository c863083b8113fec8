// SPDX-License-Identifier: MIT
/* String tables of the drop reasons, generated from the one X-macro list. */
#include "drop.h"

const char *const sr6_drop_key[SR6_DROP__COUNT] = {
#define SR6_DROP_KEY(name, key, descr) [SR6_DROP_##name] = key,
	SR6_DROP_REASONS(SR6_DROP_KEY)
#undef SR6_DROP_KEY
};

const char *const sr6_drop_descr[SR6_DROP__COUNT] = {
#define SR6_DROP_DESCR(name, key, descr) [SR6_DROP_##name] = descr,
	SR6_DROP_REASONS(SR6_DROP_DESCR)
#undef SR6_DROP_DESCR
};
