/*
 * bytes.c: bounded byte cursors (struct rd) and capped writers (struct wr).
 *
 * The base of every wire format in tlsmatrix: hello_build writes with
 * struct wr, hello_parse and the tests read with struct rd. A read checks
 * the length before it touches a byte and leaves the cursor alone when it
 * fails; a writer stops at its cap and stays failed, so builders test
 * wr_ok once at the end. Modelled on BoringSSL's CBS/CBB. Pure; any thread.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "xmem.h"

void
rd_init(struct rd *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = p != NULL ? len : 0;
}

size_t
rd_left(const struct rd *r)
{
	return r->len;
}

/* Reads an n-byte big-endian number (n <= 4). */
static bool
rd_uint(struct rd *r, size_t n, uint32_t *v)
{
	uint32_t x = 0;
	size_t i;

	if (r->len < n)
		return false;
	for (i = 0; i < n; i++)
		x = (x << 8) | r->p[i];
	r->p += n;
	r->len -= n;
	*v = x;
	return true;
}

bool
rd_u8(struct rd *r, uint8_t *v)
{
	uint32_t x;

	if (!rd_uint(r, 1, &x))
		return false;
	*v = (uint8_t)x;
	return true;
}

bool
rd_u16(struct rd *r, uint16_t *v)
{
	uint32_t x;

	if (!rd_uint(r, 2, &x))
		return false;
	*v = (uint16_t)x;
	return true;
}

bool
rd_u24(struct rd *r, uint32_t *v)
{
	return rd_uint(r, 3, v);
}

bool
rd_u32(struct rd *r, uint32_t *v)
{
	return rd_uint(r, 4, v);
}

bool
rd_bytes(struct rd *r, const uint8_t **p, size_t n)
{
	if (r->len < n)
		return false;
	*p = r->p;
	r->p += n;
	r->len -= n;
	return true;
}

bool
rd_skip(struct rd *r, size_t n)
{
	const uint8_t *p;

	return rd_bytes(r, &p, n);
}

/* Splits off a child over an n-byte length prefix; r is unchanged on error. */
static bool
rd_prefixed(struct rd *r, size_t n, struct rd *child)
{
	struct rd tmp = *r;
	const uint8_t *p;
	uint32_t len;

	if (!rd_uint(&tmp, n, &len) || !rd_bytes(&tmp, &p, len))
		return false;
	rd_init(child, p, len);
	*r = tmp;
	return true;
}

bool
rd_prefixed_u8(struct rd *r, struct rd *child)
{
	return rd_prefixed(r, 1, child);
}

bool
rd_prefixed_u16(struct rd *r, struct rd *child)
{
	return rd_prefixed(r, 2, child);
}

bool
rd_prefixed_u24(struct rd *r, struct rd *child)
{
	return rd_prefixed(r, 3, child);
}

void
wr_init(struct wr *w, size_t max)
{
	memset(w, 0, sizeof *w);
	w->max = max;
}

void
wr_cleanup(struct wr *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
	w->depth = 0;
}

/* Makes room for n more bytes, or fails the writer for good. */
static bool
wr_reserve(struct wr *w, size_t n)
{
	size_t want;

	if (w->failed)
		return false;
	if (n > w->max || w->len > w->max - n) {
		w->failed = true;
		return false;
	}
	if (w->len + n <= w->cap)
		return true;
	/* Double, but never beyond the cap: the cap is what bounds memory. */
	want = w->cap < 64 ? 64 : w->cap;
	while (want < w->len + n)
		want = want > w->max / 2 ? w->max : want * 2;
	if (want > w->max)
		want = w->max;
	w->buf = xreallocarray(w->buf, want, 1);
	w->cap = want;
	return true;
}

/* Appends the low n bytes of v, big-endian. */
static bool
wr_uint(struct wr *w, size_t n, uint32_t v)
{
	size_t i;

	if (!wr_reserve(w, n))
		return false;
	for (i = 0; i < n; i++)
		w->buf[w->len + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	w->len += n;
	return true;
}

bool
wr_u8(struct wr *w, uint8_t v)
{
	return wr_uint(w, 1, v);
}

bool
wr_u16(struct wr *w, uint16_t v)
{
	return wr_uint(w, 2, v);
}

bool
wr_u24(struct wr *w, uint32_t v)
{
	if (v > 0xffffff) {
		w->failed = true;
		return false;
	}
	return wr_uint(w, 3, v);
}

bool
wr_bytes(struct wr *w, const void *p, size_t n)
{
	if (!wr_reserve(w, n))
		return false;
	if (n > 0)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
	return true;
}

bool
wr_zeros(struct wr *w, size_t n)
{
	if (!wr_reserve(w, n))
		return false;
	if (n > 0)
		memset(w->buf + w->len, 0, n);
	w->len += n;
	return true;
}

/* Opens a child with an n-byte length prefix, written as zeros for now. */
static bool
wr_begin(struct wr *w, uint8_t n)
{
	if (w->failed)
		return false;
	if (w->depth >= WR_MAX_DEPTH) {
		w->failed = true;
		return false;
	}
	if (!wr_zeros(w, n))
		return false;
	w->open[w->depth] = w->len - n;
	w->open_size[w->depth] = n;
	w->depth++;
	return true;
}

bool
wr_begin_u8(struct wr *w)
{
	return wr_begin(w, 1);
}

bool
wr_begin_u16(struct wr *w)
{
	return wr_begin(w, 2);
}

bool
wr_begin_u24(struct wr *w)
{
	return wr_begin(w, 3);
}

bool
wr_end(struct wr *w)
{
	size_t at, n, len, i;

	if (w->failed)
		return false;
	if (w->depth == 0) {
		w->failed = true;
		return false;
	}
	w->depth--;
	at = w->open[w->depth];
	n = w->open_size[w->depth];
	len = w->len - at - n;
	/* A body longer than its prefix can say is an error, never a wrap. */
	if (len >> (8 * n) != 0) {
		w->failed = true;
		return false;
	}
	for (i = 0; i < n; i++)
		w->buf[at + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
	return true;
}

bool
wr_ok(const struct wr *w)
{
	return !w->failed && w->depth == 0;
}

bool
u16_list_has(const uint16_t *v, size_t n, uint16_t x)
{
	return u16_list_index(v, n, x) < n;
}

size_t
u16_list_index(const uint16_t *v, size_t n, uint16_t x)
{
	size_t i;

	for (i = 0; i < n && v[i] != x; i++)
		continue;
	return i;
}
