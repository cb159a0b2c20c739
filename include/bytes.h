/*
 * bytes.h: bounded byte cursors for wire formats (CBS/CBB style).
 *
 * struct rd reads from a fixed buffer: every get checks the length first,
 * advances only on success, and returns false otherwise, so a parser
 * written with it cannot over-read. struct wr appends to a growing buffer
 * with a hard cap and fills in length prefixes itself: open a prefixed
 * child with wr_begin_u8/u16/u24, write into it, close it with wr_end.
 * A failed write (cap reached, prefix overflow) makes the writer sticky
 * failed, so a builder checks once at the end. Pure; any thread.
 */
#ifndef TLSMATRIX_BYTES_H
#define TLSMATRIX_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t	*p;
	size_t		 len;
};

void	rd_init(struct rd *r, const uint8_t *p, size_t len);
size_t	rd_left(const struct rd *r);
bool	rd_u8(struct rd *r, uint8_t *v);
bool	rd_u16(struct rd *r, uint16_t *v);
bool	rd_u24(struct rd *r, uint32_t *v);
bool	rd_u32(struct rd *r, uint32_t *v);
/* Points *p at the next n bytes and skips them. */
bool	rd_bytes(struct rd *r, const uint8_t **p, size_t n);
bool	rd_skip(struct rd *r, size_t n);
/* Splits off a child cursor over a u8/u16/u24 length-prefixed vector. */
bool	rd_prefixed_u8(struct rd *r, struct rd *child);
bool	rd_prefixed_u16(struct rd *r, struct rd *child);
bool	rd_prefixed_u24(struct rd *r, struct rd *child);

#define WR_MAX_DEPTH	8

struct wr {
	uint8_t		*buf;
	size_t		 len, cap, max;
	bool		 failed;
	size_t		 open[WR_MAX_DEPTH];	/* offsets of open prefixes */
	uint8_t		 open_size[WR_MAX_DEPTH];
	size_t		 depth;
};

/* A writer that may grow to max bytes; the caller frees with wr_cleanup. */
void	wr_init(struct wr *w, size_t max);
void	wr_cleanup(struct wr *w);
bool	wr_u8(struct wr *w, uint8_t v);
bool	wr_u16(struct wr *w, uint16_t v);
bool	wr_u24(struct wr *w, uint32_t v);
bool	wr_bytes(struct wr *w, const void *p, size_t n);
bool	wr_zeros(struct wr *w, size_t n);
/* Opens a child whose length goes in a 1-, 2- or 3-byte prefix. */
bool	wr_begin_u8(struct wr *w);
bool	wr_begin_u16(struct wr *w);
bool	wr_begin_u24(struct wr *w);
/* Closes the innermost child, writing its length; fails on overflow. */
bool	wr_end(struct wr *w);
/* True if nothing failed and every child was closed. */
bool	wr_ok(const struct wr *w);

/* True if x is one of v[0..n): the code lists of hellos (suites, groups,
 * extensions) are searched this way. */
bool	u16_list_has(const uint16_t *v, size_t n, uint16_t x);
/* The index of the first x in v[0..n), or n when there is none. */
size_t	u16_list_index(const uint16_t *v, size_t n, uint16_t x);

#endif
