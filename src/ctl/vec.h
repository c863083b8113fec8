/* SPDX-License-Identifier: MIT */
/* Growing arrays for the control plane's lists (addresses, SIDs, policies). */
#ifndef SR6_CTL_VEC_H
#define SR6_CTL_VEC_H

#include <errno.h>
#include <stdlib.h>

/* Make room for element n of an array of `size`-byte items: 0 or -ENOMEM. */
static inline int sr6_vec_reserve(void **items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = realloc(*items, ncap * size);
	if (!p)
		return -ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

#define SR6_VEC_RESERVE(arr, cap, n) sr6_vec_reserve((void **)&(arr), &(cap), (n), sizeof(*(arr)))

#endif
