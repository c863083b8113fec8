/* SPDX-License-Identifier: MIT */
/*
 * Privileges: what srv6d keeps once its interfaces and control socket are
 * open (DESIGN.md §2.1; issue #7 item 6).
 *
 *   startup (root) ─► config: interfaces opened ─► control socket bound,
 *                     its group set ─► sr6_privs_drop() ─► workers start
 *
 *   SR6_PRIVS_LIVE (default): keep CAP_NET_RAW (AF_PACKET, AF_XDP sockets),
 *       CAP_NET_ADMIN (XDP attach, TUN) and CAP_BPF (the XDP program), so a
 *       live `interface add` of afpacket/afxdp/tap still works; RLIMIT_MEMLOCK
 *       is raised first (AF_XDP UMEM is charged to it without CAP_IPC_LOCK).
 *   SR6_PRIVS_NONE (--drop-privileges): keep nothing; interfaces are the
 *       ones the config opened (pcap and null can still be added).
 *   SR6_PRIVS_ALL (--keep-privileges): change nothing (debugging).
 *
 * Everything else goes from the effective, permitted, inheritable and
 * ambient sets and from the bounding set, and no_new_privs is set, so
 * nothing srv6d could ever exec regains a capability. Capabilities are per
 * thread: this must run before the workers start (checked: it refuses with
 * more than one thread).
 */
#ifndef SR6_CTL_PRIVS_H
#define SR6_CTL_PRIVS_H

#include <stddef.h>

enum sr6_privs {
	SR6_PRIVS_LIVE,
	SR6_PRIVS_NONE,
	SR6_PRIVS_ALL,
};

/* 0, or -errno with a one-line reason in err. */
int sr6_privs_drop(enum sr6_privs keep, char *err, size_t errlen);

/*
 * Let group `group` use the control socket at path: group owner, mode 0660
 * (root-only 0600 otherwise). 0, or -errno with a reason in err.
 */
int sr6_privs_socket_group(const char *path, const char *group, char *err, size_t errlen);

#endif
