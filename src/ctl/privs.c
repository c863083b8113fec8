// SPDX-License-Identifier: MIT
/*
 * Dropping capabilities and sharing the control socket (see privs.h).
 *
 * No libcap: capget/capset and prctl are three syscalls, and what they do
 * is plain here. Order matters: the bounding set can only shrink while
 * CAP_SETPCAP is still effective, so it goes first; capset then leaves
 * only the kept set; no_new_privs last. A process without CAP_SETPCAP
 * (not root) cannot touch its bounding set and has nothing to lose there.
 */
#include "privs.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CAP_BPF
#define CAP_BPF 39 /* Linux 5.8; older headers */
#endif

static int fail(int err, char *buf, size_t len, const char *what)
{
	snprintf(buf, len, "%s: %s", what, strerror(err));
	return -err;
}

static unsigned threads(void)
{
	DIR *d = opendir("/proc/self/task");
	unsigned n = 0;
	if (!d)
		return 1;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static int cap_last(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");
	int last = 40;
	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = 40;
		fclose(f);
	}
	return last;
}

int sr6_privs_drop(enum sr6_privs keep, char *err, size_t errlen)
{
	static const int live[] = {CAP_NET_RAW, CAP_NET_ADMIN, CAP_BPF};
	uint64_t kept = 0;
	if (keep == SR6_PRIVS_ALL)
		return 0;
	if (threads() > 1) {
		snprintf(err, errlen,
			 "dropping privileges: %u threads already (capabilities are per "
			 "thread)",
			 threads());
		return -EBUSY;
	}
	if (keep == SR6_PRIVS_LIVE) {
		for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
			kept |= 1ull << live[i];
		/* AF_XDP's UMEM counts against RLIMIT_MEMLOCK unless CAP_IPC_LOCK.
		   Raising the hard limit needs CAP_SYS_RESOURCE, which containers
		   often lack: then keep CAP_IPC_LOCK instead, or a live afxdp
		   `interface add` fails with ENOBUFS past the 8 MiB default. */
		struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};
		if (setrlimit(RLIMIT_MEMLOCK, &rl) < 0)
			kept |= 1ull << CAP_IPC_LOCK;
	}

	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return fail(errno, err, errlen, "capget");
	bool setpcap = d[0].effective & (1u << CAP_SETPCAP);
	for (int c = 0, last = cap_last(); setpcap && c <= last && c < 64; c++) {
		if (!(kept & (1ull << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 &&
		    errno != EINVAL)
			return fail(errno, err, errlen, "dropping the capability bounding set");
	}
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	for (int i = 0; i < 2; i++) {
		uint32_t k = (uint32_t)(kept >> (32 * i));
		d[i].permitted &= k;
		d[i].effective = d[i].permitted;
		d[i].inheritable = 0;
	}
	if (syscall(SYS_capset, &h, d) < 0)
		return fail(errno, err, errlen, "capset");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(errno, err, errlen, "no_new_privs");
	return 0;
}

int sr6_privs_socket_group(const char *path, const char *group, char *err, size_t errlen)
{
	struct group gr, *res = NULL;
	char buf[4096];
	int rc = getgrnam_r(group, &gr, buf, sizeof(buf), &res);
	if (!res) {
		snprintf(err, errlen, "socket group %s: %s", group,
			 rc ? strerror(rc) : "no such group");
		return rc ? -rc : -ENOENT;
	}
	if (chown(path, (uid_t)-1, gr.gr_gid) < 0 || chmod(path, 0660) < 0)
		return fail(errno, err, errlen, path);
	return 0;
}
