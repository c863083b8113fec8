/* SPDX-License-Identifier: MIT */
/*
 * Minimal unit-test harness: a test is a void function; CHECK* macros
 * report FILE:LINE and return from the test on the first failure.
 *
 *   static void srh_validate_rejects_sl_above_last_entry(void) { ... }
 *   SR6_TESTS(T(srh_validate_rejects_sl_above_last_entry), ...)
 *
 * `./x_test NAME` runs only the tests whose name contains NAME.
 */
#ifndef SR6_TESTS_CHECK_H
#define SR6_TESTS_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sr6_check_failures;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);   \
			sr6_check_failures++;                                                      \
			return;                                                                    \
		}                                                                                  \
	} while (0)

#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		long long va_ = (long long)(a), vb_ = (long long)(b);                              \
		if (va_ != vb_) {                                                                  \
			fprintf(stderr, "%s:%d: CHECK_EQ(%s, %s) failed: %lld != %lld\n", __FILE__,  \
				__LINE__, #a, #b, va_, vb_);                                       \
			sr6_check_failures++;                                                      \
			return;                                                                    \
		}                                                                                  \
	} while (0)

static inline void sr6_check_hexdump(const char *what, const uint8_t *p, size_t n)
{
	fprintf(stderr, "  %s:", what);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n    ", p[i]);
	fprintf(stderr, "\n");
}

#define CHECK_MEM(a, b, n)                                                                         \
	do {                                                                                       \
		const uint8_t *pa_ = (const uint8_t *)(a), *pb_ = (const uint8_t *)(b);            \
		size_t n_ = (n);                                                                   \
		if (memcmp(pa_, pb_, n_) != 0) {                                                   \
			fprintf(stderr, "%s:%d: CHECK_MEM(%s, %s, %zu) failed\n", __FILE__,        \
				__LINE__, #a, #b, n_);                                             \
			sr6_check_hexdump("got", pa_, n_);                                          \
			sr6_check_hexdump("want", pb_, n_);                                         \
			sr6_check_failures++;                                                      \
			return;                                                                    \
		}                                                                                  \
	} while (0)

struct sr6_test {
	const char *name;
	void (*fn)(void);
};

#define T(fn) {#fn, fn}

#define SR6_TESTS(...)                                                                             \
	int main(int argc, char **argv)                                                            \
	{                                                                                          \
		static const struct sr6_test tests_[] = {__VA_ARGS__};                             \
		int run_ = 0;                                                                      \
		for (size_t i_ = 0; i_ < sizeof(tests_) / sizeof(tests_[0]); i_++) {               \
			if (argc > 1 && !strstr(tests_[i_].name, argv[1]))                         \
				continue;                                                          \
			int before_ = sr6_check_failures;                                          \
			tests_[i_].fn();                                                           \
			run_++;                                                                    \
			printf("%s %s\n", sr6_check_failures == before_ ? "ok  " : "FAIL",         \
			       tests_[i_].name);                                                   \
		}                                                                                  \
		printf("%d tests, %d failed\n", run_, sr6_check_failures);                         \
		return sr6_check_failures ? 1 : 0;                                                 \
	}

#endif
