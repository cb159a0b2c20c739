/*
 * test_bytes.c: the bounded cursors and capped writers (bytes.c).
 *
 * Reads: every getter at and past the end, prefixed children, and a nested
 * structure cut at every length (each cut must fail cleanly without moving
 * the cursor). Writes: the hard cap, sticky failure, nested prefixes filled
 * on wr_end, u8/u16 prefix overflow, depth limit and unbalanced ends.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "bytes.h"

static void
test_reads(void)
{
	static const uint8_t b[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct rd r;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	const uint8_t *p;

	rd_init(&r, b, sizeof b);
	is_int(rd_left(&r), 10, "left at start");
	ok(rd_u8(&r, &u8) && u8 == 1, "u8");
	ok(rd_u16(&r, &u16) && u16 == 0x0203, "u16 big-endian");
	ok(rd_u24(&r, &u32) && u32 == 0x040506, "u24");
	ok(rd_u32(&r, &u32) && u32 == 0x0708090a, "u32");
	is_int(rd_left(&r), 0, "all read");
	ok(!rd_u8(&r, &u8), "u8 at end fails");
	ok(rd_bytes(&r, &p, 0), "zero bytes at end is fine");

	/* A failed read leaves the cursor where it was. */
	rd_init(&r, b, 3);
	ok(!rd_u32(&r, &u32), "u32 over 3 bytes fails");
	ok(rd_u24(&r, &u32) && u32 == 0x010203, "u24 over 3 bytes works");
	rd_init(&r, b, 1);
	ok(!rd_u16(&r, &u16), "u16 over 1 byte fails");
	is_int(rd_left(&r), 1, "cursor unchanged after failure");
	ok(!rd_skip(&r, 2), "skip past end fails");
	ok(!rd_bytes(&r, &p, SIZE_MAX), "huge length fails");
	ok(rd_skip(&r, 1) && rd_left(&r) == 0, "skip exactly to end");

	rd_init(&r, NULL, 5);
	is_int(rd_left(&r), 0, "NULL buffer reads as empty");
}

static void
test_prefixed(void)
{
	/* u8 [2: aa bb], u16 [3: cc dd ee], u24 [1: ff] */
	static const uint8_t b[] = {
		2, 0xaa, 0xbb,
		0, 3, 0xcc, 0xdd, 0xee,
		0, 0, 1, 0xff,
	};
	static const uint8_t short8[] = { 3, 0xaa, 0xbb };
	static const uint8_t short16[] = { 0x01, 0x00, 0xaa };
	struct rd r, c;
	uint8_t u8;
	uint16_t u16;

	rd_init(&r, b, sizeof b);
	ok(rd_prefixed_u8(&r, &c) && rd_left(&c) == 2, "u8 child");
	ok(rd_u16(&c, &u16) && u16 == 0xaabb && rd_left(&c) == 0,
	    "child holds its bytes only");
	ok(rd_prefixed_u16(&r, &c) && rd_left(&c) == 3, "u16 child");
	ok(rd_skip(&c, 3) && !rd_u8(&c, &u8), "child ends at its length");
	ok(rd_prefixed_u24(&r, &c) && rd_u8(&c, &u8) && u8 == 0xff,
	    "u24 child");
	is_int(rd_left(&r), 0, "parent consumed");

	rd_init(&r, short8, sizeof short8);
	ok(!rd_prefixed_u8(&r, &c), "u8 prefix longer than data fails");
	is_int(rd_left(&r), 3, "and does not consume the prefix");
	rd_init(&r, short16, sizeof short16);
	ok(!rd_prefixed_u16(&r, &c), "u16 prefix 256 over 1 byte fails");
	rd_init(&r, short16, 1);
	ok(!rd_prefixed_u16(&r, &c), "half a u16 prefix fails");
	ok(!rd_prefixed_u24(&r, &c), "a third of a u24 prefix fails");
}

/*
 * Parses hs { u24 body { u16 list { u8 vec } } , u8 trailer } and reports
 * whether the whole structure was there; used at every truncation.
 */
static bool
parse_nested(const uint8_t *p, size_t len, size_t *n_vecs)
{
	struct rd r, body, list, vec;
	uint8_t type, trailer;

	*n_vecs = 0;
	rd_init(&r, p, len);
	if (!rd_u8(&r, &type) || !rd_prefixed_u24(&r, &body))
		return false;
	if (!rd_prefixed_u16(&body, &list))
		return false;
	while (rd_left(&list) > 0) {
		if (!rd_prefixed_u8(&list, &vec))
			return false;
		(*n_vecs)++;
	}
	if (!rd_u8(&body, &trailer) || rd_left(&body) != 0)
		return false;
	return rd_left(&r) == 0;
}

static void
test_truncations(void)
{
	struct wr w;
	size_t cut, n, bad = 0, i;

	/* Build the structure with the writer, then cut it everywhere. */
	wr_init(&w, 1024);
	wr_u8(&w, 1);
	wr_begin_u24(&w);
	wr_begin_u16(&w);
	for (i = 0; i < 4; i++) {
		wr_begin_u8(&w);
		wr_zeros(&w, i);
		wr_end(&w);
	}
	wr_end(&w);
	wr_u8(&w, 0x7f);
	wr_end(&w);
	ok(wr_ok(&w), "nested structure built");
	is_int(w.len, 1 + 3 + 2 + (1 + 0) + (1 + 1) + (1 + 2) + (1 + 3) + 1,
	    "nested length");
	ok(parse_nested(w.buf, w.len, &n) && n == 4, "whole structure parses");
	for (cut = 0; cut < w.len; cut++)
		if (parse_nested(w.buf, cut, &n))
			bad++;
	is_int(bad, 0, "every one of %zu truncations is refused", w.len);
	/* Each cut in a heap buffer of exactly its size, so ASan reports a
	 * read of even one byte past the end (malloc(0) gives a zero-sized
	 * block it also guards). */
	bad = 0;
	for (cut = 0; cut < w.len; cut++) {
		uint8_t *copy = malloc(cut);

		if (copy == NULL && cut > 0) {
			bad++;
			continue;
		}
		if (cut > 0)
			memcpy(copy, w.buf, cut);
		if (parse_nested(copy, cut, &n))
			bad++;
		free(copy);
	}
	is_int(bad, 0, "every truncation in an exact-size buffer is refused");
	wr_cleanup(&w);
}

static void
test_writes(void)
{
	struct wr w;
	static const uint8_t want[] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xaa, 0xbb, 0, 0,
	};

	wr_init(&w, 64);
	ok(wr_u8(&w, 1) && wr_u16(&w, 0x0203) && wr_u24(&w, 0x040506),
	    "u8 u16 u24");
	ok(wr_bytes(&w, "\xaa\xbb", 2) && wr_zeros(&w, 2), "bytes, zeros");
	ok(wr_bytes(&w, NULL, 0), "empty bytes");
	ok(wr_ok(&w) && w.len == sizeof want &&
	    memcmp(w.buf, want, sizeof want) == 0, "bytes as written");
	ok(!wr_u24(&w, 0x1000000), "u24 over 24 bits fails");
	ok(!wr_ok(&w) && w.len == sizeof want, "and fails the writer");
	ok(!wr_u8(&w, 0), "failure is sticky");
	wr_cleanup(&w);
	ok(w.buf == NULL && w.len == 0, "cleanup");

	/* The hard cap, exactly. */
	wr_init(&w, 5);
	ok(wr_zeros(&w, 4) && wr_u8(&w, 9), "up to the cap");
	ok(!wr_u8(&w, 1), "one byte past the cap fails");
	ok(!wr_ok(&w) && w.len == 5, "nothing written past the cap");
	ok(!wr_begin_u8(&w) && !wr_end(&w), "begin/end after failure fail");
	wr_cleanup(&w);

	wr_init(&w, 3);
	ok(!wr_bytes(&w, "abcd", 4) && w.len == 0, "bytes over the cap");
	wr_cleanup(&w);
	wr_init(&w, 3);
	ok(!wr_zeros(&w, SIZE_MAX) && w.len == 0, "SIZE_MAX over the cap");
	wr_cleanup(&w);
	wr_init(&w, 2);
	ok(wr_begin_u16(&w) && !wr_u8(&w, 1), "a prefix counts toward the cap");
	wr_cleanup(&w);
	wr_init(&w, 0);
	ok(!wr_u8(&w, 1) && !wr_ok(&w), "zero cap takes nothing");
	wr_cleanup(&w);

	/* Growth past the first allocation keeps the bytes. */
	wr_init(&w, 100000);
	{
		size_t i;
		bool same = true;

		for (i = 0; i < 70000; i++)
			wr_u8(&w, (uint8_t)(i * 7));
		for (i = 0; i < 70000; i++)
			same = same && w.buf[i] == (uint8_t)(i * 7);
		ok(wr_ok(&w) && w.len == 70000 && same && w.cap <= 100000,
		    "growth keeps bytes and stays under the cap");
	}
	wr_cleanup(&w);
}

static void
test_nested_writes(void)
{
	struct wr w;
	static const uint8_t want[] = {
		0x00, 0x00, 0x0a,		/* u24 = 10 */
		0x00, 0x07,			/* u16 = 7 */
		0x03, 'a', 'b', 'c',		/* u8 = 3 */
		0x00,				/* u8 = 0 */
		0x01, 'z',			/* u8 = 1 */
		0xee,
	};
	size_t i;

	wr_init(&w, 64);
	wr_begin_u24(&w);
	wr_begin_u16(&w);
	wr_begin_u8(&w);
	wr_bytes(&w, "abc", 3);
	ok(!wr_ok(&w), "not ok while children are open");
	wr_end(&w);
	wr_begin_u8(&w);
	wr_end(&w);
	wr_begin_u8(&w);
	wr_u8(&w, 'z');
	wr_end(&w);
	wr_end(&w);
	wr_u8(&w, 0xee);
	ok(wr_end(&w), "outer end");
	ok(wr_ok(&w) && w.len == sizeof want &&
	    memcmp(w.buf, want, sizeof want) == 0, "nested prefixes filled");
	ok(!wr_end(&w) && !wr_ok(&w), "an unmatched end fails the writer");
	wr_cleanup(&w);

	/* A u8 prefix holds 255 bytes, not 256. */
	wr_init(&w, 1024);
	wr_begin_u8(&w);
	wr_zeros(&w, 255);
	ok(wr_end(&w) && wr_ok(&w) && w.buf[0] == 0xff, "u8 prefix of 255");
	wr_cleanup(&w);
	wr_init(&w, 1024);
	wr_begin_u8(&w);
	wr_zeros(&w, 256);
	ok(!wr_end(&w), "u8 prefix of 256 overflows");
	ok(!wr_ok(&w), "overflow fails the writer");
	wr_cleanup(&w);
	wr_init(&w, 70000);
	wr_begin_u16(&w);
	wr_zeros(&w, 65536);
	ok(!wr_end(&w) && !wr_ok(&w), "u16 prefix of 65536 overflows");
	wr_cleanup(&w);
	wr_init(&w, 70000);
	wr_begin_u16(&w);
	wr_zeros(&w, 65535);
	ok(wr_end(&w) && w.buf[0] == 0xff && w.buf[1] == 0xff,
	    "u16 prefix of 65535");
	wr_cleanup(&w);

	/* Depth limit. */
	wr_init(&w, 1024);
	for (i = 0; i < WR_MAX_DEPTH; i++)
		wr_begin_u8(&w);
	ok(!w.failed, "%d nested children", WR_MAX_DEPTH);
	ok(!wr_begin_u8(&w) && w.failed, "one more fails");
	wr_cleanup(&w);
}

int
main(void)
{
	test_reads();
	test_prefixed();
	test_truncations();
	test_writes();
	test_nested_writes();
	return tap_done();
}
