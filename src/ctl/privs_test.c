// SPDX-License-Identifier: MIT
/*
 * Privilege tests, each in a forked child (capabilities cannot be had
 * back): the default keeps exactly CAP_NET_RAW, CAP_NET_ADMIN and CAP_BPF
 * in every set and the bounding set, --drop-privileges keeps nothing, both
 * set no_new_privs; a control socket can be handed to a group (0660) and
 * an unknown group is an error that names it. Needs root (SKIP 77).
 */
#include "ctl/privs.h"

#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static uint64_t status_hex(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	uint64_t v = UINT64_MAX;
	size_t n = strlen(key);
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, n) == 0)
			v = strtoull(line + n, NULL, line[n - 1] == ':' ? 16 : 10);
	if (f)
		fclose(f);
	return v;
}

/* Run fn in a child; its exit status is the number of failed checks. */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

#define LIVE_CAPS ((1ull << 12) | (1ull << 13) | (1ull << 39)) /* NET_ADMIN, NET_RAW, BPF */

static int drop_live(void)
{
	char err[128];
	/* where RLIMIT_MEMLOCK cannot be raised (no CAP_SYS_RESOURCE), CAP_IPC_LOCK stays */
	struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};
	uint64_t want = LIVE_CAPS | (setrlimit(RLIMIT_MEMLOCK, &rl) < 0 ? 1ull << 14 : 0);
	uint64_t prm = status_hex("CapPrm:") & want, bnd = status_hex("CapBnd:") & want;
	if (sr6_privs_drop(SR6_PRIVS_LIVE, err, sizeof(err)) < 0)
		return 1;
	return (status_hex("CapEff:") != prm) + (status_hex("CapPrm:") != prm) +
	       (status_hex("CapBnd:") != bnd) + (status_hex("CapInh:") != 0) +
	       (status_hex("CapAmb:") != 0) + (status_hex("NoNewPrivs:") != 1);
}

static int drop_none(void)
{
	char err[128];
	if (sr6_privs_drop(SR6_PRIVS_NONE, err, sizeof(err)) < 0)
		return 1;
	return (status_hex("CapEff:") != 0) + (status_hex("CapPrm:") != 0) +
	       (status_hex("CapBnd:") != 0) + (status_hex("NoNewPrivs:") != 1) +
	       (geteuid() != 0); /* still uid 0, but powerless */
}

static int keep_all(void)
{
	char err[128];
	uint64_t before = status_hex("CapEff:");
	return sr6_privs_drop(SR6_PRIVS_ALL, err, sizeof(err)) != 0 ||
	       status_hex("CapEff:") != before;
}

static bool root(void)
{
	if (geteuid() == 0 && status_hex("CapEff:") & (1ull << 8))
		return true;
	printf("SKIP: needs root with CAP_SETPCAP\n");
	return false;
}

static void privs_default_keeps_only_what_live_interface_add_needs(void)
{
	if (root())
		CHECK_EQ(in_child(drop_live), 0);
}

static void privs_drop_privileges_keeps_nothing(void)
{
	if (root())
		CHECK_EQ(in_child(drop_none), 0);
}

static void privs_keep_privileges_changes_nothing(void)
{
	CHECK_EQ(in_child(keep_all), 0);
}

static void privs_socket_group_is_0660_with_that_group(void)
{
	char path[] = "/tmp/srv6d-privs-XXXXXX", err[128];
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	chmod(path, 0600);
	struct group *g = getgrgid(getegid());
	CHECK(g);
	char name[64];
	snprintf(name, sizeof(name), "%s", g->gr_name);
	CHECK_EQ(sr6_privs_socket_group(path, name, err, sizeof(err)), 0);
	struct stat st;
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0660);
	CHECK_EQ(st.st_gid, getegid());
	CHECK_EQ(sr6_privs_socket_group(path, "no-such-group-srv6d", err, sizeof(err)), -ENOENT);
	CHECK(strcmp(err, "socket group no-such-group-srv6d: no such group") == 0);
	unlink(path);
}

SR6_TESTS(T(privs_default_keeps_only_what_live_interface_add_needs),
	  T(privs_drop_privileges_keeps_nothing), T(privs_keep_privileges_changes_nothing),
	  T(privs_socket_group_is_0660_with_that_group))
