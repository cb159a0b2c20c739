/*
 * test_profile_write.c: profiles back into text (profile_write.c).
 *
 * Round trips: every shipped profile written and parsed again gives the
 * same lists and values, and writing that again gives the same text.
 * Every captured hello, parsed into a profile (client_hello.c), written,
 * parsed back, still rebuilds the capture byte for byte. Values the
 * format cannot hold are refused with a reason.
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
#include "profile_write.h"
#include "xmem.h"

static char dir[4096], pdir[4096];

#define SAME16(f) (a->n_##f == b->n_##f && (a->n_##f == 0 || \
	memcmp(a->f, b->f, a->n_##f * sizeof *a->f) == 0))

/* The fields profile_write must carry; false names the first that differs. */
static const char *
differs(const struct profile *a, const struct profile *b)
{
	size_t i;

	if (strcmp(a->id, b->id) || strcmp(a->name, b->name) ||
	    strcmp(a->family, b->family) || strcmp(a->runtime, b->runtime) ||
	    strcmp(a->library, b->library) || strcmp(a->platform, b->platform)
	    || strcmp(a->source, b->source) || strcmp(a->note, b->note))
		return "text";
	if (!SAME16(versions) || !SAME16(suites) || !SAME16(groups) ||
	    !SAME16(key_shares) || !SAME16(sigalgs) || !SAME16(extensions) ||
	    !SAME16(sigalgs_cert) || !SAME16(cert_compression) ||
	    !SAME16(delegated_credentials))
		return "a u16 list";
	if (!SAME16(compression) || !SAME16(ec_point_formats) ||
	    !SAME16(psk_modes))
		return "a byte list";
	if (a->n_alpn != b->n_alpn || a->n_alps != b->n_alps)
		return "alpn/alps";
	for (i = 0; i < a->n_alpn; i++)
		if (strcmp(a->alpn[i], b->alpn[i]) != 0)
			return "alpn";
	for (i = 0; i < a->n_alps; i++)
		if (strcmp(a->alps[i], b->alps[i]) != 0)
			return "alps";
	if (a->n_ext_data != b->n_ext_data)
		return "ext_data count";
	for (i = 0; i < a->n_ext_data; i++)
		if (a->ext_data[i].type != b->ext_data[i].type ||
		    a->ext_data[i].len != b->ext_data[i].len ||
		    (a->ext_data[i].len > 0 && memcmp(a->ext_data[i].data,
		    b->ext_data[i].data, a->ext_data[i].len) != 0))
			return "ext_data";
	if (a->ech_grease.n_payload_lens != b->ech_grease.n_payload_lens ||
	    a->ech_grease.kdf != b->ech_grease.kdf ||
	    a->ech_grease.aead != b->ech_grease.aead)
		return "ech_grease";
	if (a->sni != b->sni || a->record_version != b->record_version ||
	    a->legacy_version != b->legacy_version ||
	    a->session_id_len != b->session_id_len ||
	    a->record_size_limit != b->record_size_limit ||
	    a->padding != b->padding || a->grease != b->grease ||
	    a->shuffle_extensions != b->shuffle_extensions ||
	    a->in_default_set != b->in_default_set)
		return "a byte-level value";
	if (a->security_level != b->security_level ||
	    a->verify_peer != b->verify_peer ||
	    a->check_hostname != b->check_hostname ||
	    a->min_rsa_bits != b->min_rsa_bits ||
	    a->min_dh_bits != b->min_dh_bits ||
	    a->strict_x509 != b->strict_x509 ||
	    a->sha1_certificates != b->sha1_certificates ||
	    a->legacy_signatures != b->legacy_signatures)
		return "the policy";
	return NULL;
}

static void
test_shipped(void)
{
	struct profile_set set = { NULL, 0 };
	struct profile *back;
	char err[512], *t1, *t2;
	const char *why;
	size_t i, l1, l2, bad = 0;

	if (!ok(profile_set_load_dir(pdir, &set, err, sizeof err) == ST_OK,
	    "shipped profiles load"))
		return;
	for (i = 0; i < set.n; i++) {
		const struct profile *p = set.v[i];

		if (profile_write(p, "a comment\nof two lines", &t1, &l1, err,
		    sizeof err) != ST_OK) {
			ok(false, "%s: written: %s", p->id, err);
			bad++;
			continue;
		}
		if (profile_parse(t1, l1, p->id, &back, err, sizeof err) !=
		    ST_OK) {
			ok(false, "%s: parsed back: %s", p->id, err);
			bad++;
			free(t1);
			continue;
		}
		why = differs(p, back);
		ok(why == NULL, "%s: round trip%s%s", p->id, why ? ": " : "",
		    why ? why : "");
		profile_write(back, "a comment\nof two lines", &t2, &l2, err,
		    sizeof err);
		ok(l1 == l2 && memcmp(t1, t2, l1) == 0, "%s: written again, "
		    "the same text", p->id);
		free(t1);
		free(t2);
		profile_free(back);
	}
	is_int(bad, 0, "every shipped profile writes and parses");
	profile_set_cleanup(&set);
}

static void
set_text(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

static void
test_captures(void)
{
	struct client_hello *ch;
	struct profile *back;
	struct wr w;
	char **files, err[512], *text;
	uint8_t *raw;
	size_t n, i, len, tlen;

	files = cap_list(dir, &n);
	for (i = 0; i < n; i++) {
		raw = cap_read(dir, files[i], &len);
		if (client_hello_parse(raw, len, &ch, err, sizeof err) !=
		    ST_OK) {
			ok(false, "%s parses: %s", files[i], err);
			free(raw);
			continue;
		}
		set_text(&ch->profile->id, "captured");
		set_text(&ch->profile->name, "Captured");
		set_text(&ch->profile->family, "captured");
		back = NULL;
		if (profile_write(ch->profile, NULL, &text, &tlen, err,
		    sizeof err) != ST_OK || profile_parse(text, tlen,
		    files[i], &back, err, sizeof err) != ST_OK) {
			ok(false, "%s: profile written and parsed: %s",
			    files[i], err);
		} else {
			wr_init(&w, HELLO_MAX_BYTES);
			ok(hello_build(back, ch->sni, &ch->vars, &w, err,
			    sizeof err) == ST_OK && w.len == len &&
			    memcmp(w.buf, raw, len) == 0, "%s: the profile "
			    "file rebuilds the capture", files[i]);
			wr_cleanup(&w);
			free(text);
		}
		profile_free(back);
		client_hello_free(ch);
		free(raw);
	}
	cap_list_free(files);
}

static void
test_refusals(void)
{
	struct client_hello *ch;
	char err[512], *text;
	uint8_t *raw;
	size_t len, tlen;

	raw = cap_read(dir, "curl-7.88.hex", &len);
	if (!ok(client_hello_parse(raw, len, &ch, err, sizeof err) == ST_OK,
	    "curl capture parses"))
		return;
	set_text(&ch->profile->id, "x");
	set_text(&ch->profile->family, "x");
	is_int(profile_write(ch->profile, NULL, &text, &tlen, err,
	    sizeof err), ST_EINVAL, "an empty name: %s", err);
	set_text(&ch->profile->name, "see #12");
	is_int(profile_write(ch->profile, NULL, &text, &tlen, err,
	    sizeof err), ST_EINVAL, "a comment mark in text: %s", err);
	set_text(&ch->profile->name, "two\nlines");
	is_int(profile_write(ch->profile, NULL, &text, &tlen, err,
	    sizeof err), ST_EINVAL, "a newline in text: %s", err);
	set_text(&ch->profile->name, "ok a#b");
	set_text(&ch->profile->alpn[0], "h 2");
	is_int(profile_write(ch->profile, NULL, &text, &tlen, err,
	    sizeof err), ST_EINVAL, "a blank in an ALPN name: %s", err);
	set_text(&ch->profile->alpn[0], "h2");
	is_int(profile_write(ch->profile, NULL, &text, &tlen, err,
	    sizeof err), ST_OK, "fixed, it writes");
	ok(strstr(text, "name = ok a#b\n") != NULL, "'#' inside a word "
	    "stays text");
	free(text);
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
	test_shipped();
	test_captures();
	test_refusals();
	return tap_done();
}
