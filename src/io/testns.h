/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the io tests that need real devices (afpacket_test.c,
 * tap_test.c): each test body runs in a forked child inside a network
 * namespace of its own, so the host's interfaces and routes are never
 * touched and everything the test made dies with the child.
 *
 *   parent (test runner) --fork--> child: unshare(CLONE_NEWNET), ip link add ...,
 *                                  body, exit(0 pass | 1 fail | 77 skip)
 *
 * Without root, netns support or the `ip` tool the whole program prints
 * "SKIP: why" and exits 77, which ctest reports as skipped.
 *
 * Include after check.h (uses its failure counter).
 */
#ifndef SR6_IO_TESTNS_H
#define SR6_IO_TESTNS_H

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TESTNS_SKIP 77

static inline void testns_skip(const char *why)
{
	printf("SKIP: %s\n", why);
	fflush(stdout);
	exit(TESTNS_SKIP);
}

/* Run a shell command (quietly); its exit status, or -1. */
__attribute__((format(printf, 1, 2))) static inline int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	rc = system(cmd);
	return rc == -1 || !WIFEXITED(rc) ? -1 : WEXITSTATUS(rc);
}

static inline uint64_t testns_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Quiet namespace: no IPv6 autoconf chatter (DAD, RS, MLD) unless a test wants it. */
static inline void testns_disable_ipv6(void)
{
	const char *paths[] = {"/proc/sys/net/ipv6/conf/all/disable_ipv6",
			       "/proc/sys/net/ipv6/conf/default/disable_ipv6"};

	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(paths[i], "w");
		if (f) {
			fputs("1", f);
			fclose(f);
		}
	}
}

/*
 * Fork, enter a fresh netns in the child, run body there. Returns 0 when the
 * body passed; exits the whole program with 77 when the environment can't
 * run it (the child says why).
 */
static inline int testns_run(void (*body)(void))
{
	static int checked;
	pid_t pid;
	int status;

	if (!checked) {
		if (geteuid() != 0)
			testns_skip("needs root (network namespaces, veth, tap)");
		if (sh("ip -V") != 0)
			testns_skip("the ip tool (iproute2) is not installed");
		checked = 1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET) < 0) {
			printf("SKIP: unshare(CLONE_NEWNET): %s\n", strerror(errno));
			fflush(stdout);
			_exit(TESTNS_SKIP);
		}
		alarm(10); /* a wedged test must not hang ctest */
		sr6_check_failures = 0;
		body();
		/* exit, not _exit: LeakSanitizer checks the child too */
		exit(sr6_check_failures ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == TESTNS_SKIP)
		exit(TESTNS_SKIP);
	if (!WIFEXITED(status)) {
		fprintf(stderr, "  test child died: signal %d\n",
			WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		return -1;
	}
	return WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Pass if the body passed in its namespace. */
#define TESTNS(name, body)                                                                         \
	static void name(void)                                                                     \
	{                                                                                          \
		CHECK_EQ(testns_run(body), 0);                                                     \
	}

/* Body needs a device the kernel can't make (veth module missing...). */
#define TESTNS_REQUIRE(cmd_ok, what)                                                               \
	do {                                                                                       \
		if (!(cmd_ok)) {                                                                   \
			printf("SKIP: %s\n", what);                                                \
			fflush(stdout);                                                            \
			_exit(TESTNS_SKIP);                                                        \
		}                                                                                  \
	} while (0)

#endif
