// SPDX-License-Identifier: MIT
/*
 * The name index against the array it indexes, used the way ctl uses it
 * for policies: append on add, swap-delete (the last entry moves into the
 * hole) on delete.
 *
 *   names: [P0][P1][P2][P3]   del P1 ─► [P0][P3][P2]   index: P3 -> 1
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ctl/nameidx.h"

struct entry {
	int other; /* the name is not the first field: offsets count */
	char name[32];
};

struct list {
	struct entry *v;
	size_t n, cap;
	struct sr6_nameidx ix;
};

static struct sr6_namelist names(const struct list *l)
{
	return (struct sr6_namelist){l->v, sizeof(*l->v), offsetof(struct entry, name)};
}

static int add(struct list *l, const char *name)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4; /* moves the array, as realloc does */
		struct entry *v = calloc(l->cap, sizeof(*v));
		if (!v)
			return -1;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		free(l->v);
		l->v = v;
	}
	if (sr6_nameidx_reserve(&l->ix, l->n + 1) < 0)
		return -1;
	snprintf(l->v[l->n].name, sizeof(l->v[l->n].name), "%s", name);
	sr6_nameidx_add(&l->ix, name, (uint32_t)l->n);
	l->n++;
	return 0;
}

static void del(struct list *l, size_t i)
{
	sr6_nameidx_del(&l->ix, names(l), l->v[i].name);
	size_t last = --l->n;
	if (i != last) {
		l->v[i] = l->v[last];
		sr6_nameidx_move(&l->ix, l->v[i].name, (uint32_t)last, (uint32_t)i);
	}
}

static void find_returns_the_position_of_each_name_and_minus_one_for_others(void)
{
	struct list l = {0};
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P0"), -1); /* empty, no table */
	CHECK(add(&l, "P0") == 0 && add(&l, "core") == 0 && add(&l, "P2") == 0);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P0"), 0);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "core"), 1);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P2"), 2);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P"), -1);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P20"), -1);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), ""), -1);
	CHECK_EQ(l.ix.n, 3);
	sr6_nameidx_free(&l.ix);
	free(l.v);
}

static void swap_delete_moves_the_last_name_into_the_hole(void)
{
	struct list l = {0};
	CHECK(add(&l, "P0") == 0 && add(&l, "P1") == 0 && add(&l, "P2") == 0 && add(&l, "P3") == 0);
	del(&l, 1);
	CHECK_EQ(l.n, 3);
	CHECK(strcmp(l.v[1].name, "P3") == 0);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P3"), 1);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P1"), -1);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P0"), 0);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P2"), 2);
	del(&l, 2); /* the last one: nothing moves */
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P2"), -1);
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P3"), 1);
	CHECK(add(&l, "P1") == 0); /* a deleted name comes back at the end */
	CHECK_EQ(sr6_nameidx_find(&l.ix, names(&l), "P1"), 2);
	sr6_nameidx_free(&l.ix);
	free(l.v);
}

/*
 * 20k random adds and deletes on up to 3000 names (the table grows through
 * several sizes, probe runs wrap around its end): after every step each
 * name is where the array has it, and every deleted name is gone.
 */
static void random_churn_keeps_every_name_at_its_position(void)
{
	enum { NAMES = 3000, STEPS = 20000 };
	struct list l = {0};
	static long where[NAMES]; /* position of name k, -1 when absent */
	uint64_t x = 88172645463325252ull;
	for (int k = 0; k < NAMES; k++)
		where[k] = -1;
	for (int step = 0; step < STEPS; step++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int k = (int)(x % NAMES);
		char name[32];
		snprintf(name, sizeof(name), "pol-%d", k);
		if (where[k] < 0) {
			CHECK(add(&l, name) == 0);
			where[k] = (long)l.n - 1;
		} else {
			size_t i = (size_t)where[k], last = l.n - 1;
			if (i != last) {
				int moved = atoi(l.v[last].name + 4);
				where[moved] = (long)i;
			}
			del(&l, i);
			where[k] = -1;
		}
		if (step % 97 && step != STEPS - 1)
			continue;
		for (int j = 0; j < NAMES; j++) {
			snprintf(name, sizeof(name), "pol-%d", j);
			long got = sr6_nameidx_find(&l.ix, names(&l), name);
			if (got != where[j])
				fprintf(stderr, "step %d: %s at %ld, want %ld\n", step, name, got,
					where[j]);
			CHECK_EQ(got, where[j]);
		}
	}
	CHECK_EQ(l.ix.n, l.n);
	CHECK(2 * l.n <= l.ix.mask + 1); /* at most half full */
	sr6_nameidx_free(&l.ix);
	free(l.v);
}

SR6_TESTS(T(find_returns_the_position_of_each_name_and_minus_one_for_others),
	  T(swap_delete_moves_the_last_name_into_the_hole),
	  T(random_churn_keeps_every_name_at_its_position))
