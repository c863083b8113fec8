/* SPDX-License-Identifier: MIT */
/*
 * RIB: the authoritative prefix set behind an LPM table, for any key width
 * up to 128 bits (IPv4 keys sit left-aligned in the same 128-bit key).
 *
 * A path-compressed binary trie. Every node carries its full prefix (key
 * masked to len), so a walk never needs the parent to know where it is:
 *
 *            2001:db8::/32 (value 7)          node = prefix + value (0 = none)
 *              /          \                   child[b] extends the node's
 *    2001:db8::/48 (9)   2001:db8:8000::/33   prefix with bit b at position
 *                         (no value: branch)  len, skipping any bits that
 *                          /          \       no prefix tells apart.
 *                      .../48 (3)   .../56 (4)
 *
 * Invariant: a node without a value has two children, so the trie has at
 * most 2n - 1 nodes for n prefixes and any subtree holds at least one value.
 * sr6_rib_clear() may leave one valueless node behind (a "tombstone") so a
 * delete cannot fail half-way; sr6_rib_prune() removes it once the data
 * plane no longer depends on the old shape.
 *
 * Only the control thread touches the RIB: nodes live in a chunked pool
 * addressed by 32-bit index (32 bytes a node instead of 48 from malloc),
 * and chunks never move, so node pointers stay valid while the pool grows.
 */
#ifndef SR6_FIB_RIB_H
#define SR6_FIB_RIB_H

#include <stddef.h>
#include <stdint.h>

/* 128-bit key, bit 0 = most significant bit of hi. */
struct sr6_key {
	uint64_t hi, lo;
};

#define SR6_RIB_NIL 0u

struct sr6_rib_node {
	struct sr6_key key; /* masked to len */
	uint32_t child[2];  /* SR6_RIB_NIL when absent */
	uint32_t value;	    /* 0: no prefix here, only a branch point */
	uint8_t len;
};

struct sr6_rib {
	struct sr6_rib_node **chunks;
	uint32_t nchunks;
	uint32_t used; /* indices handed out so far (index 0 is NIL) */
	uint32_t free_head;
	uint32_t root;
	size_t count; /* prefixes with a value */
};

#define SR6_RIB_CHUNK_SHIFT 10
#define SR6_RIB_CHUNK	    (1u << SR6_RIB_CHUNK_SHIFT)

static inline struct sr6_rib_node *sr6_rib_node(const struct sr6_rib *rib, uint32_t i)
{
	return &rib->chunks[i >> SR6_RIB_CHUNK_SHIFT][i & (SR6_RIB_CHUNK - 1)];
}

/* Key helpers (len and offsets in bits, 0..128). */
static inline struct sr6_key sr6_key_mask(struct sr6_key k, unsigned len)
{
	if (len == 0)
		return (struct sr6_key){0, 0};
	if (len <= 64)
		return (struct sr6_key){k.hi & (~0ULL << (64 - len)), 0};
	return (struct sr6_key){k.hi, k.lo & (~0ULL << (128 - len))};
}

/* Bit at position i (< 128). */
static inline unsigned sr6_key_bit(struct sr6_key k, unsigned i)
{
	return i < 64 ? (unsigned)(k.hi >> (63 - i)) & 1 : (unsigned)(k.lo >> (127 - i)) & 1;
}

/* Length of the common prefix of a and b (128 when equal). */
static inline unsigned sr6_key_common(struct sr6_key a, struct sr6_key b)
{
	uint64_t x = a.hi ^ b.hi;
	if (x)
		return (unsigned)__builtin_clzll(x);
	x = a.lo ^ b.lo;
	return x ? 64 + (unsigned)__builtin_clzll(x) : 128;
}

/* w (<= 32) bits starting at bit off; bits past 128 read as zero. */
static inline uint64_t sr6_key_bits(struct sr6_key k, unsigned off, unsigned w)
{
	uint64_t x;

	if (w == 0)
		return 0;
	if (off == 0)
		x = k.hi;
	else if (off < 64)
		x = k.hi << off | k.lo >> (64 - off);
	else if (off < 128)
		x = k.lo << (off - 64);
	else
		x = 0;
	return x >> (64 - w);
}

/* k with the w bits at off replaced by v (k's bits from off on are zero). */
static inline struct sr6_key sr6_key_with_bits(struct sr6_key k, unsigned off, unsigned w,
					       uint64_t v)
{
	unsigned end = off + w; /* v's last bit lands just before end */

	if (w == 0)
		return k;
	if (end <= 64)
		k.hi |= v << (64 - end);
	else if (off >= 64)
		k.lo |= end <= 128 ? v << (128 - end) : v >> (end - 128);
	else {
		k.hi |= v >> (end - 64);
		k.lo |= v << (128 - end);
	}
	return k;
}

int sr6_rib_init(struct sr6_rib *rib);
void sr6_rib_fini(struct sr6_rib *rib);

/*
 * Give key/len the value (!= 0). *old receives the value it had (0 if the
 * prefix is new). Replacing never allocates. 0 or -ENOMEM (nothing changed).
 */
int sr6_rib_set(struct sr6_rib *rib, struct sr6_key key, unsigned len, uint32_t value,
		uint32_t *old);

/* Value of exactly key/len, 0 if absent. */
uint32_t sr6_rib_get(const struct sr6_rib *rib, struct sr6_key key, unsigned len);

/* Remove the value of key/len, keeping the node (see above). Returns the old value, 0 if none. */
uint32_t sr6_rib_clear(struct sr6_rib *rib, struct sr6_key key, unsigned len);

/* Free the valueless node at key/len left by sr6_rib_clear() if the invariant no longer needs it.
 */
void sr6_rib_prune(struct sr6_rib *rib, struct sr6_key key, unsigned len);

/*
 * Descend from node i along key until the first node with len >= off that
 * lies inside key/off; SR6_RIB_NIL if there is none. Valued nodes shorter
 * than off that cover key are reported through *inh_val / *inh_len (the
 * last one seen is the longest); pass NULL if not wanted.
 */
uint32_t sr6_rib_descend(const struct sr6_rib *rib, uint32_t i, struct sr6_key key, unsigned off,
			 uint32_t *inh_val, int *inh_len);

/* Prefixes in address order (shorter first at equal start); stops at the first non-zero return. */
typedef int (*sr6_rib_walk_fn)(struct sr6_key key, unsigned len, uint32_t value, void *arg);
int sr6_rib_walk(const struct sr6_rib *rib, sr6_rib_walk_fn cb, void *arg);

size_t sr6_rib_memory(const struct sr6_rib *rib);

#endif
