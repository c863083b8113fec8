/* SPDX-License-Identifier: MIT */
/*
 * What the router benchmarks (core_bench, ctl_bench) share: clocks and
 * statistics, the machine line, CPU pinning, a self-read instruction
 * counter, memory probes, DFZ-like prefix sets, and a router assembled in
 * process the way src/daemon/srv6d.c assembles one (dataplane, one or more
 * pollers, control plane fed config-grammar lines).
 *
 * The IPv6 prefix generator has the length mix and clustering of
 * bench/fib_bench.c (see BENCHMARKS.md, "FIB lookup"); it hands out
 * distinct prefixes as a list, so a benchmark can turn them into
 * `route add` lines instead of direct LPM calls.
 */
#ifndef SR6_BENCH_COMMON_H
#define SR6_BENCH_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ctl/ctl.h"
#include "dp/workers.h"

/* ---- clocks, statistics, machine -------------------------------------- */

void bench_seed(uint64_t seed);
uint64_t bench_rnd(void);
double bench_urand(void);   /* [0, 1) */
double bench_now(void);	    /* CLOCK_MONOTONIC seconds */
double bench_tsc_ghz(void); /* measured over 200 ms on first call */
uint64_t bench_tsc(void);   /* lfence; rdtsc */

struct bench_stat {
	double med, min, max;
};

/* Sorts v in place. */
struct bench_stat bench_stat_of(double *v, unsigned n);

/* "CPU: ...; TSC x GHz (measured); kernel ..." */
void bench_print_machine(FILE *f);

/* Pin the calling thread to one CPU. 0 or -errno. */
int bench_pin(int cpu);

/*
 * Raise the process's CPU share to nice -15 when allowed (root): on a shared
 * machine other processes then preempt the measurement less. Returns the
 * nice value in effect.
 */
int bench_nice(void);

/*
 * User-space instructions retired by the calling thread (perf_event_open),
 * counting only while enabled. -1 when the kernel or VM offers no counter.
 */
int bench_insn_open(void);
void bench_insn_enable(int fd);
void bench_insn_disable(int fd);
uint64_t bench_insn_read(int fd);

size_t bench_rss(void);	 /* resident set, bytes (/proc/self/statm) */
size_t bench_heap(void); /* bytes malloc handed out (mallinfo2) */

/* ---- prefix sets ----------------------------------------------------- */

struct bench_pfx {
	uint8_t a[16]; /* v4: first 4 bytes */
	uint8_t len;
};

/*
 * n distinct DFZ-like IPv6 prefixes under 2000::/3 (fib_bench's mix:
 * /32 15%, /33-/47 25%, /48 45%, /56-/64 10%, /128 3%, /16-/31 2%).
 * Returns a malloc'd array.
 */
struct bench_pfx *bench_gen_v6(size_t n);

/* n distinct IPv4 prefixes with fib_bench's mix (/24 60% ...). */
struct bench_pfx *bench_gen_v4(size_t n);

/* A random address inside p (alen: 16 for IPv6, 4 for IPv4). */
void bench_addr_in(const struct bench_pfx *p, unsigned alen, uint8_t *out);

/* "2001:db8::/32" or "192.0.2.0/24" */
void bench_pfx_str(const struct bench_pfx *p, int v4, char *buf, size_t len);

/* ---- a router in this process ----------------------------------------- */

struct bench_router {
	struct sr6_dp *dp;
	struct sr6_workers ws; /* pollers; threads only when the caller starts them */
	struct sr6_ctl ctl;
	struct sr6_counters *counters[SR6_WORKERS_MAX];
	struct sr6_reply reply;
};

/* A router with no configuration; `workers` pollers are made on first use. */
struct bench_router *bench_router_create(void);
void bench_router_destroy(struct bench_router *rt);

/* Apply one config line; on error print it with the reply and return rc. */
int bench_router_exec(struct bench_router *rt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
