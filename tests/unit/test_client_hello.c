/*
 * test_client_hello.c: ClientHello bytes back into a profile
 * (client_hello.c).
 *
 * Every capture of a real client in tests/data/hello parses, and the
 * parsed profile, with the per-connection values the parser read out and
 * the server name, rebuilds the capture byte for byte through hello_build.
 * The parsed lists are checked against the shipped profile of the same
 * client (data/profiles, made by hand from decoded captures), and the
 * random and session id against their fixed offsets, so the parser is not
 * only consistent with itself. Then: every truncation of every capture is
 * an error and never a crash, a hello split over many records still
 * parses, malformed inputs name their reason, and client_hello_complete
 * agrees with the parser.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "bytes.h"
#include "capdata.h"
#include "client_hello.h"
#include "hello_build.h"
#include "profile.h"
#include "tls_names.h"

static char dir[4096], pdir[4096];

static bool
same16(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
}

/* Extensions of a profile with GREASE marked 0x0a0a, padding kept. */
static bool
same_exts(const struct profile *a, const struct profile *b, bool as_set)
{
	size_t i, j;

	if (a->n_extensions != b->n_extensions)
		return false;
	if (!as_set)
		return same16(a->extensions, a->n_extensions, b->extensions,
		    b->n_extensions);
	for (i = 0; i < a->n_extensions; i++) {
		for (j = 0; j < b->n_extensions; j++)
			if (a->extensions[i] == b->extensions[j])
				break;
		if (j == b->n_extensions)
			return false;
	}
	return true;
}

static void
test_captures(void)
{
	struct profile_set set = { NULL, 0 };
	struct client_hello *ch;
	const struct profile *ref;
	struct wr w;
	char **files, err[512], id[128];
	uint8_t *raw;
	size_t n, i, len, exact = 0;
	enum status st;

	files = cap_list(dir, &n);
	ok(n >= 27, "%zu captures", n);
	if (!ok(profile_set_load_dir(pdir, &set, err, sizeof err) == ST_OK,
	    "shipped profiles load"))
		printf("#   %s\n", err);
	for (i = 0; i < n; i++) {
		raw = cap_read(dir, files[i], &len);
		st = client_hello_parse(raw, len, &ch, err, sizeof err);
		if (!ok(st == ST_OK, "%s parses", files[i])) {
			printf("#   %s: %s\n", status_str(st), err);
			free(raw);
			continue;
		}
		ok(ch->exact, "%s: exact%s%s", files[i],
		    ch->note[0] ? ": " : "", ch->note);
		exact += ch->exact;
		is_str(ch->sni, "api.example.test", "%s: server name",
		    files[i]);
		ok(ch->record_len == len && ch->n_records == 1,
		    "%s: one record of %zu bytes", files[i], len);
		/* RFC 8446 §4.1.2: random at 11, session id after its length */
		ok(memcmp(ch->vars.random, raw + 11, 32) == 0 &&
		    raw[43] == ch->profile->session_id_len &&
		    memcmp(ch->vars.session_id, raw + 44, raw[43]) == 0,
		    "%s: random and session id", files[i]);

		/* The round trip, done here rather than trusting ch->exact. */
		wr_init(&w, HELLO_MAX_BYTES);
		st = hello_build(ch->profile, ch->sni, &ch->vars, &w, err,
		    sizeof err);
		ok(st == ST_OK && w.len == len &&
		    memcmp(w.buf, raw, len) == 0,
		    "%s: hello_build(parsed profile, vars) gives the capture",
		    files[i]);
		wr_cleanup(&w);

		/* Against the hand-made profile of the same client. */
		cap_profile_id(files[i], id, sizeof id);
		ref = profile_set_find(&set, id);
		if (ok(ref != NULL, "%s: shipped profile %s", files[i], id)) {
			const struct profile *p = ch->profile;

			ok(same16(p->suites, p->n_suites, ref->suites,
			    ref->n_suites), "%s: suites as in %s", files[i],
			    id);
			ok(same16(p->groups, p->n_groups, ref->groups,
			    ref->n_groups) && same16(p->key_shares,
			    p->n_key_shares, ref->key_shares,
			    ref->n_key_shares), "%s: groups and key shares",
			    files[i]);
			ok(same16(p->sigalgs, p->n_sigalgs, ref->sigalgs,
			    ref->n_sigalgs), "%s: sigalgs", files[i]);
			ok(same16(p->versions, p->n_versions, ref->versions,
			    ref->n_versions) && p->max_version ==
			    ref->max_version && p->min_version ==
			    ref->min_version, "%s: versions", files[i]);
			ok(same_exts(p, ref, ref->shuffle_extensions),
			    "%s: extensions%s", files[i],
			    ref->shuffle_extensions ? " (as a set)" : "");
			ok(p->grease == ref->grease && p->padding ==
			    ref->padding && p->shuffle_extensions ==
			    ref->shuffle_extensions,
			    "%s: grease, padding, shuffle", files[i]);
			ok(p->n_alpn == ref->n_alpn && (p->n_alpn == 0 ||
			    strcmp(p->alpn[0], ref->alpn[0]) == 0),
			    "%s: alpn", files[i]);
		}
		client_hello_free(ch);
		free(raw);
	}
	is_int(exact, n, "every capture is exact");
	cap_list_free(files);
	profile_set_cleanup(&set);
}

/* Every prefix is incomplete, every byte flip harmless (no crash). */
static void
test_truncations(void)
{
	struct client_hello *ch;
	char **files, err[512];
	uint8_t *raw, *cut;
	size_t n, i, k, len, used, bad = 0, bad_complete = 0, flips_ok = 0;
	enum status st;

	files = cap_list(dir, &n);
	for (i = 0; i < n; i++) {
		raw = cap_read(dir, files[i], &len);
		for (k = 0; k < len; k++) {
			/* An exact-size copy, so ASan sees any over-read. */
			cut = malloc(k > 0 ? k : 1);
			memcpy(cut, raw, k);
			st = client_hello_parse(cut, k, &ch, err, sizeof err);
			if (st == ST_OK || ch != NULL || err[0] == '\0')
				bad++;
			if (client_hello_complete(cut, k, &used, err,
			    sizeof err) != ST_ENODATA)
				bad_complete++;
			free(cut);
		}
		if (client_hello_complete(raw, len, &used, err, sizeof err) !=
		    ST_OK || used != len)
			bad_complete++;
		free(raw);
	}
	is_int(bad, 0, "every truncation of every capture: an error with a "
	    "reason");
	is_int(bad_complete, 0, "client_hello_complete: ENODATA for every "
	    "prefix, OK with the length for the whole");

	/* Flips: every byte of one capture set to 0x00 and to 0xff. */
	raw = cap_read(dir, "chromium-156-1.hex", &len);
	for (k = 0; k < len; k++) {
		uint8_t save = raw[k];
		int v;

		for (v = 0; v <= 0xff; v += 0xff) {
			raw[k] = (uint8_t)v;
			st = client_hello_parse(raw, len, &ch, err, sizeof err);
			if (st == ST_OK)
				flips_ok++;
			client_hello_free(ch);
		}
		raw[k] = save;
	}
	ok(flips_ok > 0, "byte flips: %zu of %zu still parse, none crash",
	    flips_ok, 2 * len);
	free(raw);
	cap_list_free(files);
}

/* Re-splits the hello of raw into records of at most frag bytes. */
static uint8_t *
resplit(const uint8_t *raw, size_t len, size_t frag, size_t *out_len)
{
	size_t msg = len - 5, off, n, o = 0;
	uint8_t *out = malloc(msg + 5 * (msg / frag + 1));

	for (off = 0; off < msg; off += n) {
		n = msg - off < frag ? msg - off : frag;
		out[o++] = 22;
		out[o++] = raw[1];
		out[o++] = raw[2];
		out[o++] = (uint8_t)(n >> 8);
		out[o++] = (uint8_t)n;
		memcpy(out + o, raw + 5 + off, n);
		o += n;
	}
	*out_len = o;
	return out;
}

static void
test_records(void)
{
	struct client_hello *ch, *one;
	char err[512];
	uint8_t *raw, *split, *more;
	size_t len, slen, used;
	enum status st;
	static const uint8_t alert[] = { 21, 3, 1, 0, 2, 2, 40 };
	static const uint8_t v2[] = { 0x80, 0x2e, 0x01, 0x00, 0x02 };
	static const uint8_t huge[] = { 22, 3, 1, 0x40, 0x01 };
	static const uint8_t big_msg[] = { 22, 3, 1, 0, 4, 1, 0x7f, 0, 0 };
	static const uint8_t not_ch[] = { 22, 3, 1, 0, 4, 2, 0, 0, 0 };

	raw = cap_read(dir, "python-3.12.hex", &len);
	split = resplit(raw, len, 7, &slen);
	st = client_hello_parse(split, slen, &ch, err, sizeof err);
	ok(st == ST_OK, "a hello in 7-byte records parses");
	if (st == ST_OK) {
		client_hello_parse(raw, len, &one, err, sizeof err);
		ok(ch->n_records == (len - 5 + 6) / 7 && ch->record_len ==
		    slen, "%zu records, %zu bytes", ch->n_records,
		    ch->record_len);
		ok(!ch->exact && strstr(ch->note, "split") != NULL,
		    "not exact, and the note says why: %s", ch->note);
		ok(same16(ch->profile->suites, ch->profile->n_suites,
		    one->profile->suites, one->profile->n_suites) &&
		    same16(ch->profile->extensions, ch->profile->n_extensions,
		    one->profile->extensions, one->profile->n_extensions),
		    "same profile as from one record");
		client_hello_free(one);
		client_hello_free(ch);
	}
	ok(client_hello_complete(split, slen - 1, &used, err, sizeof err) ==
	    ST_ENODATA, "complete: one byte short is ENODATA");
	/* Bytes after the hello (the next flight) are not part of it. */
	more = malloc(slen + sizeof alert);
	memcpy(more, split, slen);
	memcpy(more + slen, alert, sizeof alert);
	ok(client_hello_complete(more, slen + sizeof alert, &used, err,
	    sizeof err) == ST_OK && used == slen,
	    "complete: stops at the hello's last record");
	st = client_hello_parse(more, slen + sizeof alert, &ch, err,
	    sizeof err);
	ok(st == ST_OK && ch->record_len == slen, "parse ignores what "
	    "follows");
	client_hello_free(ch);
	free(more);
	free(split);

	st = client_hello_parse(alert, sizeof alert, &ch, err, sizeof err);
	ok(st == ST_EPARSE && strstr(err, "record type") != NULL,
	    "an alert: EPARSE (%s)", err);
	st = client_hello_parse(v2, sizeof v2, &ch, err, sizeof err);
	ok(st == ST_EPARSE && strstr(err, "SSL 2.0") != NULL,
	    "an SSLv2 hello: EPARSE (%s)", err);
	st = client_hello_parse(huge, sizeof huge, &ch, err, sizeof err);
	ok(st == ST_EPARSE, "a record over 2^14 bytes: EPARSE (%s)", err);
	st = client_hello_parse(big_msg, sizeof big_msg, &ch, err, sizeof err);
	ok(st == ST_ERANGE, "a hello over 64 KiB: ERANGE (%s)", err);
	st = client_hello_parse(not_ch, sizeof not_ch, &ch, err, sizeof err);
	ok(st == ST_EPARSE && strstr(err, "ClientHello") != NULL,
	    "a ServerHello: EPARSE (%s)", err);

	/* Malformed bodies name the field. */
	raw[43] = 33;	/* session id length */
	st = client_hello_parse(raw, len, &ch, err, sizeof err);
	ok(st == ST_EPARSE && strstr(err, "session_id") != NULL,
	    "a 33-byte session id: EPARSE (%s)", err);
	free(raw);
}

/* What a profile cannot express is noted, and the rest still works. */
static void
test_notes(void)
{
	struct client_hello *ch;
	struct profile *p;
	char err[512];
	uint8_t *raw;
	size_t len;
	enum status st;

	/* A duplicated suite: the profile drops the repeat. */
	raw = cap_read(dir, "python-3.12.hex", &len);
	/* suites start at 44 + 32 + 2; make the second one equal the first */
	raw[78 + 2] = raw[78];
	raw[78 + 3] = raw[79];
	st = client_hello_parse(raw, len, &ch, err, sizeof err);
	ok(st == ST_OK && !ch->exact && strstr(ch->note, "cipher_suites"),
	    "a repeated suite: parsed, noted (%s)", st == ST_OK ? ch->note :
	    err);
	if (st == ST_OK) {
		p = ch->profile;
		ok(p->n_suites == ch->suites.n - 1, "the repeat left out of "
		    "the profile, kept on the wire list");
	}
	client_hello_free(ch);
	free(raw);
}

int
main(void)
{
	const char *top = getenv("TOP_SRCDIR");

	if (top == NULL || top[0] == '\0')
		top = SRCDIR;
	snprintf(dir, sizeof dir, "%s/tests/data/hello", top);
	snprintf(pdir, sizeof pdir, "%s/data/profiles", top);
	test_captures();
	test_truncations();
	test_records();
	test_notes();
	return tap_done();
}
