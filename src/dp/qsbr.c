// SPDX-License-Identifier: MIT
/* Grace periods for the control thread (see qsbr.h). */
#include "qsbr.h"

#include <sched.h>
#include <string.h>

void sr6_qsbr_init(struct sr6_qsbr *q, unsigned n_readers)
{
	memset(q, 0, sizeof(*q));
	q->gp = 1;
	q->n_readers = n_readers < SR6_WORKERS_MAX ? n_readers : SR6_WORKERS_MAX;
}

void sr6_qsbr_synchronize(struct sr6_qsbr *q)
{
	uint64_t target = __atomic_add_fetch(&q->gp, 1, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < q->n_readers; i++) {
		for (;;) {
			uint64_t seen = __atomic_load_n(&q->reader[i].seen, __ATOMIC_ACQUIRE);
			if (seen == 0 || seen >= target)
				break;
			sched_yield();
		}
	}
}
