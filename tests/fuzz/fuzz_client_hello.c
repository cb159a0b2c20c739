/*
 * fuzz_client_hello.c: libFuzzer target for the ClientHello parser.
 *
 * Feeds arbitrary bytes to client_hello_complete and client_hello_parse
 * as if a client had sent them, and checks what must hold for any input:
 * the two agree on completeness, a parsed hello stays inside the buffer,
 * its profile writes and parses back (the capture server relies on
 * that), and its fingerprints are well formed. Seeds:
 * tests/fuzz/corpus/client_hello/ (the captures of tests/data/hello).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client_hello.h"
#include "fingerprint.h"
#include "fuzz.h"
#include "profile_write.h"
#include "xmem.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client_hello	*ch = NULL;
	struct profile		*back = NULL;
	struct fingerprint	 fp;
	enum status		 st, cst;
	char			 err[256], *text;
	size_t			 used = 0, len;

	cst = client_hello_complete(data, size, &used, err, sizeof err);
	st = client_hello_parse(data, size, &ch, err, sizeof err);
	FUZZ_CHECK((st == ST_OK) == (ch != NULL));
	FUZZ_CHECK(st == ST_OK || err[0] != '\0');
	if (st != ST_OK) {
		/* Complete records may still hold a malformed hello. */
		FUZZ_CHECK(cst != ST_OK || st == ST_EPARSE);
		return 0;
	}
	FUZZ_CHECK(cst == ST_OK && used == ch->record_len);
	FUZZ_CHECK(ch->record_len <= size);
	FUZZ_CHECK(ch->profile->n_suites > 0 && ch->profile->n_versions > 0);
	FUZZ_CHECK(memchr(ch->note, '\0', sizeof ch->note) != NULL);
	FUZZ_CHECK(ch->vars.n_shares <= HELLO_MAX_SHARES);

	fingerprint_from_hello(ch, &fp);
	FUZZ_CHECK(fp.ja3 != NULL && strlen(fp.ja4_a) == 10 &&
	    fp.ja4_a[0] == 't');
	fingerprint_cleanup(&fp);

	free(ch->profile->id);
	free(ch->profile->name);
	free(ch->profile->family);
	ch->profile->id = xstrdup("fuzz");
	ch->profile->name = xstrdup("fuzz");
	ch->profile->family = xstrdup("fuzz");
	if (profile_write(ch->profile, NULL, &text, &len, err, sizeof err) ==
	    ST_OK) {
		st = profile_parse(text, len, "fuzz", &back, err, sizeof err);
		free(text);
		profile_free(back);
	}
	client_hello_free(ch);
	return 0;
}
