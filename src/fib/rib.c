// SPDX-License-Identifier: MIT
/*
 * Path-compressed binary trie of prefixes (see rib.h for the picture).
 *
 * Insert walks down while the node's prefix covers the new one; where they
 * part it either hangs the new prefix below, puts it above the node, or
 * adds a branch node at the first differing bit. Delete is split in two
 * (clear the value, prune later) so the data plane can be rebuilt from the
 * trie between the steps and a failed rebuild can put the value back
 * without allocating.
 */
#include "rib.h"

#include <errno.h>
#include <stdlib.h>

int sr6_rib_init(struct sr6_rib *rib)
{
	*rib = (struct sr6_rib){.used = 1}; /* index 0 is SR6_RIB_NIL */
	return 0;
}

void sr6_rib_fini(struct sr6_rib *rib)
{
	for (uint32_t i = 0; i < rib->nchunks; i++)
		free(rib->chunks[i]);
	free(rib->chunks);
	*rib = (struct sr6_rib){0};
}

static uint32_t rib_alloc(struct sr6_rib *rib)
{
	uint32_t i = rib->free_head;

	if (i != SR6_RIB_NIL) {
		rib->free_head = sr6_rib_node(rib, i)->child[0];
		return i;
	}
	if (rib->used == UINT32_MAX)
		return SR6_RIB_NIL;
	if ((rib->used >> SR6_RIB_CHUNK_SHIFT) == rib->nchunks) {
		struct sr6_rib_node **chunks, *chunk;

		chunks = realloc(rib->chunks, (rib->nchunks + 1) * sizeof(*chunks));
		if (!chunks)
			return SR6_RIB_NIL;
		rib->chunks = chunks;
		chunk = malloc(SR6_RIB_CHUNK * sizeof(*chunk));
		if (!chunk)
			return SR6_RIB_NIL;
		rib->chunks[rib->nchunks++] = chunk;
	}
	return rib->used++;
}

static void rib_free(struct sr6_rib *rib, uint32_t i)
{
	sr6_rib_node(rib, i)->child[0] = rib->free_head;
	rib->free_head = i;
}

static uint32_t rib_new(struct sr6_rib *rib, struct sr6_key key, unsigned len, uint32_t value)
{
	uint32_t i = rib_alloc(rib);

	if (i != SR6_RIB_NIL)
		*sr6_rib_node(rib, i) =
		    (struct sr6_rib_node){.key = key, .len = (uint8_t)len, .value = value};
	return i;
}

int sr6_rib_set(struct sr6_rib *rib, struct sr6_key key, unsigned len, uint32_t value,
		uint32_t *old)
{
	uint32_t *link = &rib->root;

	key = sr6_key_mask(key, len);
	while (*link != SR6_RIB_NIL) {
		uint32_t ni = *link;
		struct sr6_rib_node *n = sr6_rib_node(rib, ni);
		unsigned common = sr6_key_common(key, n->key);
		unsigned lim = len < n->len ? len : n->len;

		if (common > lim)
			common = lim;
		if (common == n->len && n->len == len) {
			*old = n->value;
			if (!n->value)
				rib->count++;
			n->value = value;
			return 0;
		}
		if (common == n->len) {
			link = &n->child[sr6_key_bit(key, n->len)];
			continue;
		}
		/* The paths part inside n's prefix: the new prefix goes above n. */
		uint32_t leaf = rib_new(rib, key, len, value);
		if (leaf == SR6_RIB_NIL)
			return -ENOMEM;
		if (common == len) {
			sr6_rib_node(rib, leaf)->child[sr6_key_bit(n->key, len)] = ni;
			*link = leaf;
		} else {
			uint32_t br = rib_new(rib, sr6_key_mask(key, common), common, 0);
			struct sr6_rib_node *b;

			if (br == SR6_RIB_NIL) {
				rib_free(rib, leaf);
				return -ENOMEM;
			}
			b = sr6_rib_node(rib, br);
			b->child[sr6_key_bit(key, common)] = leaf;
			b->child[sr6_key_bit(n->key, common)] = ni;
			*link = br;
		}
		*old = 0;
		rib->count++;
		return 0;
	}
	*link = rib_new(rib, key, len, value);
	if (*link == SR6_RIB_NIL)
		return -ENOMEM;
	*old = 0;
	rib->count++;
	return 0;
}

/* Link that points at the node holding exactly key/len (masked), or NULL. */
static uint32_t *rib_find(const struct sr6_rib *rib, struct sr6_key key, unsigned len,
			  uint32_t **parent_link)
{
	uint32_t *link = (uint32_t *)&rib->root, *plink = NULL;

	while (*link != SR6_RIB_NIL) {
		struct sr6_rib_node *n = sr6_rib_node(rib, *link);

		if (n->len > len || sr6_key_common(key, n->key) < n->len)
			return NULL;
		if (n->len == len) {
			if (parent_link)
				*parent_link = plink;
			return link;
		}
		plink = link;
		link = &n->child[sr6_key_bit(key, n->len)];
	}
	return NULL;
}

uint32_t sr6_rib_get(const struct sr6_rib *rib, struct sr6_key key, unsigned len)
{
	uint32_t *link = rib_find(rib, sr6_key_mask(key, len), len, NULL);

	return link ? sr6_rib_node(rib, *link)->value : 0;
}

uint32_t sr6_rib_clear(struct sr6_rib *rib, struct sr6_key key, unsigned len)
{
	uint32_t *link = rib_find(rib, sr6_key_mask(key, len), len, NULL);
	struct sr6_rib_node *n;
	uint32_t old;

	if (!link)
		return 0;
	n = sr6_rib_node(rib, *link);
	old = n->value;
	if (old)
		rib->count--;
	n->value = 0;
	return old;
}

/* Drop a valueless node with fewer than two children; 1 if the parent may now need it too. */
static int rib_unlink(struct sr6_rib *rib, uint32_t *link)
{
	uint32_t ni = *link;
	struct sr6_rib_node *n = sr6_rib_node(rib, ni);

	if (n->value || (n->child[0] != SR6_RIB_NIL && n->child[1] != SR6_RIB_NIL))
		return 0;
	*link = n->child[0] != SR6_RIB_NIL ? n->child[0] : n->child[1];
	rib_free(rib, ni);
	return *link == SR6_RIB_NIL;
}

void sr6_rib_prune(struct sr6_rib *rib, struct sr6_key key, unsigned len)
{
	uint32_t *plink = NULL;
	uint32_t *link = rib_find(rib, sr6_key_mask(key, len), len, &plink);

	if (link && rib_unlink(rib, link) && plink)
		rib_unlink(rib, plink);
}

uint32_t sr6_rib_descend(const struct sr6_rib *rib, uint32_t i, struct sr6_key key, unsigned off,
			 uint32_t *inh_val, int *inh_len)
{
	while (i != SR6_RIB_NIL) {
		const struct sr6_rib_node *n = sr6_rib_node(rib, i);
		unsigned need = n->len < off ? n->len : off;

		if (sr6_key_common(key, n->key) < need)
			return SR6_RIB_NIL;
		if (n->len >= off)
			return i;
		if (n->value && inh_val) {
			*inh_val = n->value;
			*inh_len = n->len;
		}
		i = n->child[sr6_key_bit(key, n->len)];
	}
	return SR6_RIB_NIL;
}

static int rib_walk(const struct sr6_rib *rib, uint32_t i, sr6_rib_walk_fn cb, void *arg)
{
	while (i != SR6_RIB_NIL) {
		const struct sr6_rib_node *n = sr6_rib_node(rib, i);
		int rc;

		if (n->value) {
			rc = cb(n->key, n->len, n->value, arg);
			if (rc)
				return rc;
		}
		rc = rib_walk(rib, n->child[0], cb, arg);
		if (rc)
			return rc;
		i = n->child[1];
	}
	return 0;
}

int sr6_rib_walk(const struct sr6_rib *rib, sr6_rib_walk_fn cb, void *arg)
{
	return rib_walk(rib, rib->root, cb, arg);
}

size_t sr6_rib_memory(const struct sr6_rib *rib)
{
	return (size_t)rib->nchunks *
	       (SR6_RIB_CHUNK * sizeof(struct sr6_rib_node) + sizeof(*rib->chunks));
}
