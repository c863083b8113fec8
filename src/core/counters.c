// SPDX-License-Identifier: MIT
/* Event names and the paged object-counter vector. */
#include "counters.h"

#include <errno.h>
#include <stdlib.h>

const char *const sr6_event_key[SR6_EV__COUNT] = {
#define SR6_EVENT_KEY(name, key, descr) [SR6_EV_##name] = key,
	SR6_EVENTS(SR6_EVENT_KEY)
#undef SR6_EVENT_KEY
};

const char *const sr6_event_descr[SR6_EV__COUNT] = {
#define SR6_EVENT_DESCR(name, key, descr) [SR6_EV_##name] = descr,
	SR6_EVENTS(SR6_EVENT_DESCR)
#undef SR6_EVENT_DESCR
};

int sr6_cvec_reserve(struct sr6_cvec *v, uint32_t id)
{
	uint32_t pg = id >> SR6_CVEC_PAGE_BITS;
	if (pg >= SR6_CVEC_PAGES)
		return -ENOSPC;
	if (v->page[pg])
		return 0;
	v->page[pg] = calloc(SR6_CVEC_PAGE_SIZE, sizeof(struct sr6_obj_counters));
	return v->page[pg] ? 0 : -ENOMEM;
}

void sr6_cvec_free(struct sr6_cvec *v)
{
	for (uint32_t i = 0; i < SR6_CVEC_PAGES; i++) {
		free(v->page[i]);
		v->page[i] = NULL;
	}
}
