/*
 * test_dns_answer.c: CNAME loops read from raw DNS replies (RFC 1035 §4.1).
 * Messages are built with the bytes.h writer: a loop, a chain that ends,
 * compressed names, compression pointers that loop or point forward, a
 * name over 255 bytes, and every truncation of a real reply in a buffer of
 * exactly its size (so ASan sees a one-byte over-read).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "dns_answer.h"
#include "../tap.h"

/* Writes name as labels, uncompressed. */
static void
put_name(struct wr *w, const char *name)
{
	const char *p = name, *dot;

	while (*p != '\0') {
		dot = strchr(p, '.');
		size_t n = dot != NULL ? (size_t)(dot - p) : strlen(p);

		wr_u8(w, (uint8_t)n);
		wr_bytes(w, p, n);
		p += n;
		if (*p == '.')
			p++;
	}
	wr_u8(w, 0);
}

static void
header(struct wr *w, uint16_t qd, uint16_t an)
{
	wr_u16(w, 0x1234);
	wr_u16(w, 0x8180);
	wr_u16(w, qd);
	wr_u16(w, an);
	wr_u16(w, 0);
	wr_u16(w, 0);
}

/* owner CNAME target, both uncompressed. */
static void
cname(struct wr *w, const char *owner, const char *target)
{
	put_name(w, owner);
	wr_u16(w, 5);
	wr_u16(w, 1);
	wr_u16(w, 0);
	wr_u16(w, 60);
	wr_begin_u16(w);
	put_name(w, target);
	wr_end(w);
}

static void
question(struct wr *w, const char *name)
{
	put_name(w, name);
	wr_u16(w, 1);
	wr_u16(w, 1);
}

int
main(void)
{
	struct wr w;
	size_t cut, off_q, bad = 0;
	char longname[300];

	ok(dns_name_eq("A.Example.", "a.example"), "names compare case-folded, "
	    "one final dot ignored");
	ok(!dns_name_eq("a.example", "a.example.org"), "different names differ");

	/* a -> b -> a */
	wr_init(&w, 4096);
	header(&w, 1, 2);
	question(&w, "a.loop.test");
	cname(&w, "a.loop.test", "b.loop.test");
	cname(&w, "b.loop.test", "a.loop.test");
	ok(wr_ok(&w), "loop message built");
	ok(dns_answer_has_cname_loop(w.buf, w.len, "a.loop.test"),
	    "a -> b -> a is a loop");
	ok(dns_answer_has_cname_loop(w.buf, w.len, "A.LOOP.TEST."),
	    "found from the name in another case, with a final dot");
	/* Every truncation of it, each in a buffer of exactly its size. */
	for (cut = 0; cut < w.len; cut++) {
		uint8_t *copy = malloc(cut);

		if (cut > 0 && copy == NULL) {
			bad++;
			continue;
		}
		if (cut > 0)
			memcpy(copy, w.buf, cut);
		if (dns_answer_has_cname_loop(copy, cut, "a.loop.test"))
			bad++;
		free(copy);
	}
	is_int(bad, 0, "no truncation of %zu bytes reads as a loop", w.len);
	wr_cleanup(&w);

	/* a -> b -> c: a chain that ends. */
	wr_init(&w, 4096);
	header(&w, 1, 2);
	question(&w, "a.chain.test");
	cname(&w, "a.chain.test", "b.chain.test");
	cname(&w, "b.chain.test", "c.chain.test");
	ok(!dns_answer_has_cname_loop(w.buf, w.len, "a.chain.test"),
	    "a -> b -> c is no loop");
	wr_cleanup(&w);

	/* Compressed: the answer's owner points at the question's name. */
	wr_init(&w, 4096);
	header(&w, 1, 2);
	off_q = w.len;
	question(&w, "x.zip.test");
	wr_u16(&w, (uint16_t)(0xc000 | off_q));	/* owner: -> x.zip.test */
	wr_u16(&w, 5);
	wr_u16(&w, 1);
	wr_u16(&w, 0);
	wr_u16(&w, 60);
	wr_begin_u16(&w);
	wr_u8(&w, 1);
	wr_bytes(&w, "y", 1);
	wr_u16(&w, (uint16_t)(0xc000 | (off_q + 2)));	/* y + zip.test */
	wr_end(&w);
	cname(&w, "y.zip.test", "x.zip.test");
	ok(wr_ok(&w) && dns_answer_has_cname_loop(w.buf, w.len, "x.zip.test"),
	    "compressed names are followed: x -> y -> x");
	wr_cleanup(&w);

	/* A pointer to itself, and one pointing forward past the end. */
	wr_init(&w, 4096);
	header(&w, 1, 0);
	wr_u16(&w, (uint16_t)(0xc000 | w.len));
	wr_u16(&w, 1);
	wr_u16(&w, 1);
	ok(!dns_answer_has_cname_loop(w.buf, w.len, "a"),
	    "a compression pointer to itself is refused, not followed");
	wr_cleanup(&w);
	wr_init(&w, 4096);
	header(&w, 1, 0);
	wr_u16(&w, 0xc000 | 0x3fff);
	ok(!dns_answer_has_cname_loop(w.buf, w.len, "a"),
	    "a pointer past the message is refused");
	wr_cleanup(&w);

	/* A 300-byte name (five 60-byte labels) is over the limit. */
	memset(longname, 'a', sizeof longname);
	for (cut = 60; cut < 299; cut += 61)
		longname[cut] = '.';
	longname[299] = '\0';
	wr_init(&w, 4096);
	header(&w, 1, 2);
	question(&w, "a.long.test");
	cname(&w, "a.long.test", longname);
	cname(&w, longname, "a.long.test");
	ok(!dns_answer_has_cname_loop(w.buf, w.len, "a.long.test"),
	    "a name over 255 bytes does not parse");
	ok(!dns_answer_has_cname_loop(w.buf, w.len, longname),
	    "nor does a query name over 255 bytes");
	wr_cleanup(&w);
	return tap_done();
}
