// SPDX-License-Identifier: MIT
/* Aligned text tables (see table.h). */
#include "table.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void add_cell(struct sr6_table *t, const char *fmt, va_list ap)
{
	if (t->oom)
		return;
	if (t->n_cells == t->cells_cap) {
		size_t cap = t->cells_cap ? t->cells_cap * 2 : 64;
		uint32_t *c = realloc(t->cell, cap * sizeof(*c));
		if (!c) {
			t->oom = 1;
			return;
		}
		t->cell = c;
		t->cells_cap = cap;
	}
	size_t start = t->text.len;
	sr6_reply_vprintf(&t->text, fmt, ap);
	size_t n = t->text.len - start;
	if (n == 0)
		sr6_reply_printf(&t->text, "-");
	sr6_reply_printf(&t->text, "%c", 0);
	if (t->text.len <= start + (n ? n : 1) || t->text.len > UINT32_MAX) {
		t->oom = 1; /* the reply buffer could not grow */
		return;
	}
	size_t width = t->text.len - start - 1;
	unsigned col = (unsigned)(t->n_cells % t->n_cols);
	if (width > t->width[col])
		t->width[col] = width;
	t->cell[t->n_cells++] = (uint32_t)start;
}

void sr6_table_init(struct sr6_table *t, const char *heads, const char *align)
{
	memset(t, 0, sizeof(*t));
	t->n_cols = (unsigned)strlen(align);
	if (t->n_cols > SR6_TABLE_COLS)
		t->n_cols = SR6_TABLE_COLS;
	memcpy(t->align, align, t->n_cols);
	char word[64];
	const char *p = heads;
	for (unsigned i = 0; i < t->n_cols; i++) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n >= sizeof(word))
			n = sizeof(word) - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		sr6_table_cell(t, "%s", word);
		p += n;
	}
}

void sr6_table_cell(struct sr6_table *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_cell(t, fmt, ap);
	va_end(ap);
}

void sr6_table_print(struct sr6_table *t, struct sr6_reply *r)
{
	if (t->oom) {
		sr6_reply_printf(r, "(out of memory: table not printed)\n");
	} else {
		for (size_t i = 0; i < t->n_cells; i++) {
			unsigned col = (unsigned)(i % t->n_cols);
			const char *s = t->text.buf + t->cell[i];
			bool last = col == t->n_cols - 1 || i == t->n_cells - 1;
			int w = (int)t->width[col];
			if (t->align[col] == 'r')
				sr6_reply_printf(r, "%*s", w, s);
			else if (last)
				sr6_reply_printf(r, "%s", s);
			else
				sr6_reply_printf(r, "%-*s", w, s);
			sr6_reply_printf(r, last ? "\n" : "  ");
		}
	}
	sr6_reply_free(&t->text);
	free(t->cell);
	memset(t, 0, sizeof(*t));
}
