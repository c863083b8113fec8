/* SPDX-License-Identifier: MIT */
/*
 * FUZZ_CHECK(cond): the fuzzers' invariant check. A broken invariant is a
 * crash (abort) with file, line and the condition, so libFuzzer keeps the
 * input that broke it like any other finding, and the replay unit tests
 * (fuzz/replay.c) fail on it.
 */
#ifndef SR6_FUZZ_CHECK_H
#define SR6_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                     \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

#endif
