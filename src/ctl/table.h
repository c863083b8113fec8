/* SPDX-License-Identifier: MIT */
/*
 * Aligned text tables for `show` output.
 *
 * Column widths come from the widest cell, so a long prefix or interface
 * name never pushes a row out of line (fixed printf widths did). Cells are
 * kept in one growing buffer (NUL-separated) plus an offset per cell, which
 * keeps a table of a million routes to about the size of its text.
 *
 *   struct sr6_table t;
 *   sr6_table_init(&t, "prefix type packets", "llr");
 *   sr6_table_cell(&t, "%s", pfx); ... one call per cell, row after row
 *   sr6_table_print(&t, reply);   prints and frees
 *
 * Numbers are right-aligned ('r'), text left-aligned ('l'); the last
 * column is never padded, so lines carry no trailing blanks.
 */
#ifndef SR6_CTL_TABLE_H
#define SR6_CTL_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "reply.h"

#define SR6_TABLE_COLS 16

struct sr6_table {
	unsigned n_cols;
	char align[SR6_TABLE_COLS];
	size_t width[SR6_TABLE_COLS];
	struct sr6_reply text; /* every cell, header first, each NUL-terminated */
	uint32_t *cell;	       /* offset of each cell in text */
	size_t n_cells, cells_cap;
	int oom; /* a cell was lost: print says so instead of a torn table */
};

/* heads: space-separated column titles; align: one 'l' or 'r' per column. */
void sr6_table_init(struct sr6_table *t, const char *heads, const char *align);

/* Append the next cell (rows fill left to right). Empty text prints as "-". */
void sr6_table_cell(struct sr6_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print header and rows into r, then free the table. */
void sr6_table_print(struct sr6_table *t, struct sr6_reply *r);

#endif
