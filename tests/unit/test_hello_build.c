/*
 * test_hello_build.c: the ClientHello builder (hello_build.c).
 *
 * Golden test, the acceptance test of issue #3: every capture of a real
 * client in tests/data/hello/ (*.hex) is decoded here with bytes.h, its
 * per-connection values (random, session id, GREASE values, Chromium's
 * extension order, key share public keys, the GREASE ECH fields) go into
 * struct hello_vars, and hello_build with the client's profile from
 * data/profiles/ must give back the identical bytes. When it does not,
 * the test prints the first differing offset and what in the profile file
 * differs from the capture. The same captures are also rebuilt from a
 * profile derived from the capture itself, which tests the builder alone.
 * Then: determinism, no SNI for IP literals, record splitting, caps, and
 * hello_vars_fill with a fixed random source.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "bytes.h"
#include "hello_build.h"
#include "profile.h"
#include "tls_names.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])
#define SNI		"api.example.test"
#define MAX_LIST	512
#define MAX_NAMES	8
#define MAX_EXT_DATA	16

static char top[4096];
static char empty[] = "";

struct cap_ext {
	uint16_t	 type;
	const uint8_t	*body;
	size_t		 len;
};

/* One decoded capture, plus the profile derived from it. */
struct capture {
	char		 file[128];
	uint8_t		*raw;
	size_t		 raw_len;
	size_t		 n_records;
	uint8_t		 hs[HELLO_MAX_BYTES];
	size_t		 hs_len;
	struct hello_vars v;
	struct cap_ext	 ext[HELLO_MAX_EXTS];
	size_t		 n_ext;
	char		 why[256];	/* why decoding failed */

	/* the derived profile and its storage */
	struct profile	 prof;
	uint16_t	 suites[MAX_LIST], groups[MAX_LIST], shares[MAX_LIST];
	uint16_t	 sigalgs[MAX_LIST], sigalgs_cert[MAX_LIST];
	uint16_t	 versions[MAX_LIST], exts[HELLO_MAX_EXTS];
	uint16_t	 cert_comp[MAX_LIST], deleg[MAX_LIST];
	uint8_t		 comp[256], ecpf[256], pskm[256];
	char		 names[2][MAX_NAMES][256];
	char		*alpn[MAX_NAMES], *alps[MAX_NAMES];
	struct profile_ext_data ext_data[MAX_EXT_DATA];
};

/* Which profile id a capture file belongs to. */
static const struct {
	const char	*prefix;
	const char	*id;
} file_ids[] = {
	{ "chromium-156-", "chrome-156" },
	{ "firefox-esr-153-", "firefox-153" },
	{ "go-1.19-tls.", "go-1.19-tls" },
	{ "go-1.19.", "go-1.19" },
};

static void
id_for_file(const char *file, char *id, size_t len)
{
	size_t i;
	const char *dot;

	for (i = 0; i < NELEM(file_ids); i++)
		if (strncmp(file, file_ids[i].prefix,
		    strlen(file_ids[i].prefix)) == 0) {
			snprintf(id, len, "%s", file_ids[i].id);
			return;
		}
	dot = strstr(file, ".hex");
	snprintf(id, len, "%.*s", (int)(dot != NULL ? dot - file :
	    (long)strlen(file)), file);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads a one-line hex file into a new buffer. */
static uint8_t *
read_hex(const char *path, size_t *len)
{
	FILE *f;
	uint8_t *out = NULL;
	char *text = NULL;
	size_t n = 0, cap = 0, i, o = 0;
	int c, hi, lo;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	while ((c = fgetc(f)) != EOF) {
		if (c == '\n' || c == '\r' || c == ' ')
			continue;
		if (n + 1 >= cap) {
			cap = cap * 2 + 1024;
			text = realloc(text, cap);
		}
		text[n++] = (char)c;
	}
	fclose(f);
	if (n == 0 || n % 2 != 0)
		goto fail;
	out = malloc(n / 2);
	for (i = 0; i < n; i += 2) {
		hi = hexval(text[i]);
		lo = hexval(text[i + 1]);
		if (hi < 0 || lo < 0)
			goto fail;
		out[o++] = (uint8_t)(hi << 4 | lo);
	}
	free(text);
	*len = o;
	return out;
fail:
	free(text);
	free(out);
	return NULL;
}

/* Reads a u16 list (after its prefix) into v, dropping GREASE values into
 * *grease when it is not NULL. */
static bool
rd_u16_list(struct rd *r, uint16_t *v, size_t *n, uint16_t *grease)
{
	uint16_t x;
	bool first = true;

	*n = 0;
	while (rd_left(r) > 0) {
		if (!rd_u16(r, &x) || *n >= MAX_LIST)
			return false;
		if (tls_is_grease(x) && first && grease != NULL) {
			*grease = x;
			first = false;
			continue;
		}
		first = false;
		v[(*n)++] = x;
	}
	return true;
}

/* Copies u8-prefixed names (ALPN, ALPS) into slot k of c->names. */
static bool
rd_names(struct capture *c, struct rd *list, int k, char **out, size_t *n)
{
	struct rd name;

	*n = 0;
	while (rd_left(list) > 0) {
		if (!rd_prefixed_u8(list, &name) || *n >= MAX_NAMES)
			return false;
		memcpy(c->names[k][*n], name.p, rd_left(&name));
		c->names[k][*n][rd_left(&name)] = '\0';
		out[*n] = c->names[k][*n];
		(*n)++;
	}
	return true;
}

static void
add_ext_data(struct capture *c, const struct cap_ext *e)
{
	struct profile_ext_data *d;

	if (c->prof.n_ext_data >= MAX_EXT_DATA)
		return;
	d = &c->ext_data[c->prof.n_ext_data++];
	d->type = e->type;
	d->data = (uint8_t *)(uintptr_t)e->body;
	d->len = e->len;
}

/*
 * Decodes one extension into the derived profile and the vars. Returns
 * false with c->why set when the body is malformed.
 */
static bool
decode_ext(struct capture *c, const struct cap_ext *e, size_t *n_grease_ext)
{
	struct profile *p = &c->prof;
	struct hello_vars *v = &c->v;
	struct rd r, list, sub;
	const uint8_t *b;
	uint16_t group;
	uint8_t u8;
	static const uint8_t ocsp[] = { 1, 0, 0, 0, 0 };

	rd_init(&r, e->body, e->len);
	if (tls_is_grease(e->type)) {
		v->grease[*n_grease_ext == 0 ? HELLO_GREASE_EXT1 :
		    HELLO_GREASE_EXT2] = e->type;
		(*n_grease_ext)++;
		return true;
	}
	switch (e->type) {
	case 0x0000:	/* server_name */
	case 0x0016: case 0x0017: case 0x0023: case 0x0012: case 0x0031:
		if (e->type != 0 && e->len != 0)
			add_ext_data(c, e);
		return true;
	case 0x0005:
		if (e->len != sizeof ocsp || memcmp(e->body, ocsp, e->len) != 0)
			add_ext_data(c, e);
		return true;
	case 0xff01:
		if (e->len != 1 || e->body[0] != 0)
			add_ext_data(c, e);
		return true;
	case 0x000a:
		if (!rd_prefixed_u16(&r, &list) || !rd_u16_list(&list,
		    c->groups, &p->n_groups, &v->grease[HELLO_GREASE_GROUP]))
			return false;
		return true;
	case 0x000b:
		if (!rd_prefixed_u8(&r, &list))
			return false;
		p->n_ec_point_formats = rd_left(&list);
		memcpy(c->ecpf, list.p, rd_left(&list));
		return true;
	case 0x000d:
		return rd_prefixed_u16(&r, &list) && rd_u16_list(&list,
		    c->sigalgs, &p->n_sigalgs, &v->grease[HELLO_GREASE_SIGALG]);
	case 0x0032:
		return rd_prefixed_u16(&r, &list) && rd_u16_list(&list,
		    c->sigalgs_cert, &p->n_sigalgs_cert, NULL);
	case 0x0010:
		return rd_prefixed_u16(&r, &list) &&
		    rd_names(c, &list, 0, c->alpn, &p->n_alpn);
	case 0x44cd:
	case 0x4469:
		return rd_prefixed_u16(&r, &list) &&
		    rd_names(c, &list, 1, c->alps, &p->n_alps);
	case 0x002b:
		return rd_prefixed_u8(&r, &list) && rd_u16_list(&list,
		    c->versions, &p->n_versions,
		    &v->grease[HELLO_GREASE_VERSION]);
	case 0x002d:
		if (!rd_prefixed_u8(&r, &list))
			return false;
		p->n_psk_modes = rd_left(&list);
		memcpy(c->pskm, list.p, rd_left(&list));
		return true;
	case 0x001b:
		return rd_prefixed_u8(&r, &list) && rd_u16_list(&list,
		    c->cert_comp, &p->n_cert_compression, NULL);
	case 0x0022:
		return rd_prefixed_u16(&r, &list) && rd_u16_list(&list,
		    c->deleg, &p->n_delegated_credentials, NULL);
	case 0x001c:
		return rd_u16(&r, &p->record_size_limit);
	case 0x0015:
		p->padding = PADDING_F5;
		return true;
	case 0x0033:
		if (!rd_prefixed_u16(&r, &list))
			return false;
		while (rd_left(&list) > 0) {
			if (!rd_u16(&list, &group) ||
			    !rd_prefixed_u16(&list, &sub))
				return false;
			if (tls_is_grease(group))
				continue;
			if (v->n_shares >= HELLO_MAX_SHARES ||
			    rd_left(&sub) > HELLO_MAX_KEY)
				return false;
			v->shares[v->n_shares].group = group;
			v->shares[v->n_shares].len = rd_left(&sub);
			memcpy(v->shares[v->n_shares].pub, sub.p,
			    rd_left(&sub));
			c->shares[p->n_key_shares++] = group;
			v->n_shares++;
		}
		return true;
	case 0xfe0d:
		if (!rd_u8(&r, &u8) || u8 != 0 ||
		    !rd_u16(&r, &p->ech_grease.kdf) ||
		    !rd_u16(&r, &v->ech_aead) ||
		    !rd_u8(&r, &v->ech_config_id) ||
		    !rd_prefixed_u16(&r, &sub) ||
		    rd_left(&sub) != sizeof v->ech_enc ||
		    !rd_bytes(&sub, &b, sizeof v->ech_enc))
			return false;
		memcpy(v->ech_enc, b, sizeof v->ech_enc);
		if (!rd_prefixed_u16(&r, &sub) ||
		    rd_left(&sub) > HELLO_MAX_ECH)
			return false;
		v->ech_payload_len = rd_left(&sub);
		memcpy(v->ech_payload, sub.p, rd_left(&sub));
		p->ech_grease.aead = p->ech_grease.aeads[0] = v->ech_aead;
		p->ech_grease.n_aeads = 1;
		p->ech_grease.payload_lens[0] = (uint16_t)rd_left(&sub);
		p->ech_grease.n_payload_lens = 1;
		return rd_left(&r) == 0;
	default:
		add_ext_data(c, e);
		return true;
	}
}

/*
 * Decodes the records and the ClientHello of c->raw (RFC 8446 §5.1,
 * §4.1.2) into c->v and c->prof. False with c->why on malformed input.
 */
static bool
decode(struct capture *c)
{
	struct rd r, rec, hs, body, list, exts, ext;
	struct profile *p = &c->prof;
	uint8_t type;
	uint16_t rv, x;
	const uint8_t *b;
	size_t n_grease_ext = 0, i;

	memset(p, 0, sizeof *p);
	p->id = p->name = p->family = p->runtime = p->library = empty;
	p->platform = p->source = p->note = empty;
	p->suites = c->suites;
	p->groups = c->groups;
	p->key_shares = c->shares;
	p->sigalgs = c->sigalgs;
	p->sigalgs_cert = c->sigalgs_cert;
	p->versions = c->versions;
	p->extensions = c->exts;
	p->compression = c->comp;
	p->ec_point_formats = c->ecpf;
	p->psk_modes = c->pskm;
	p->cert_compression = c->cert_comp;
	p->delegated_credentials = c->deleg;
	p->alpn = c->alpn;
	p->alps = c->alps;
	p->ext_data = c->ext_data;
	p->sni = SNI_HOSTNAME;

	rd_init(&r, c->raw, c->raw_len);
	c->hs_len = 0;
	while (rd_left(&r) > 0) {
		if (!rd_u8(&r, &type) || type != 22 || !rd_u16(&r, &rv) ||
		    !rd_prefixed_u16(&r, &rec) ||
		    c->hs_len + rd_left(&rec) > sizeof c->hs) {
			snprintf(c->why, sizeof c->why, "bad record");
			return false;
		}
		p->record_version = rv;
		memcpy(c->hs + c->hs_len, rec.p, rd_left(&rec));
		c->hs_len += rd_left(&rec);
		c->n_records++;
	}
	rd_init(&hs, c->hs, c->hs_len);
	if (!rd_u8(&hs, &type) || type != 1 || !rd_prefixed_u24(&hs, &body) ||
	    rd_left(&hs) != 0) {
		snprintf(c->why, sizeof c->why, "bad handshake header");
		return false;
	}
	if (!rd_u16(&body, &p->legacy_version) ||
	    !rd_bytes(&body, &b, 32)) {
		snprintf(c->why, sizeof c->why, "short hello");
		return false;
	}
	memcpy(c->v.random, b, 32);
	if (!rd_prefixed_u8(&body, &list) || rd_left(&list) > 32) {
		snprintf(c->why, sizeof c->why, "bad session id");
		return false;
	}
	p->session_id_len = (uint8_t)rd_left(&list);
	memcpy(c->v.session_id, list.p, rd_left(&list));
	if (!rd_prefixed_u16(&body, &list) || !rd_u16_list(&list, c->suites,
	    &p->n_suites, &c->v.grease[HELLO_GREASE_CIPHER])) {
		snprintf(c->why, sizeof c->why, "bad cipher suites");
		return false;
	}
	p->grease = tls_is_grease(c->v.grease[HELLO_GREASE_CIPHER]);
	if (!rd_prefixed_u8(&body, &list)) {
		snprintf(c->why, sizeof c->why, "bad compression");
		return false;
	}
	p->n_compression = rd_left(&list);
	memcpy(c->comp, list.p, rd_left(&list));
	if (rd_left(&body) == 0)
		return true;
	if (!rd_prefixed_u16(&body, &exts) || rd_left(&body) != 0) {
		snprintf(c->why, sizeof c->why, "bad extensions block");
		return false;
	}
	while (rd_left(&exts) > 0) {
		if (c->n_ext >= HELLO_MAX_EXTS || !rd_u16(&exts, &x) ||
		    !rd_prefixed_u16(&exts, &ext)) {
			snprintf(c->why, sizeof c->why, "bad extension");
			return false;
		}
		c->ext[c->n_ext].type = x;
		c->ext[c->n_ext].body = ext.p;
		c->ext[c->n_ext].len = rd_left(&ext);
		/* GREASE extensions are marked with 0x0a0a in profiles. */
		c->exts[c->n_ext] = tls_is_grease(x) ? 0x0a0a : x;
		if (!decode_ext(c, &c->ext[c->n_ext], &n_grease_ext)) {
			snprintf(c->why, sizeof c->why,
			    "bad body of extension 0x%04x", x);
			return false;
		}
		c->n_ext++;
	}
	p->n_extensions = c->n_ext;
	/* Chromium is the client that shuffles (and the one with GREASE). */
	p->shuffle_extensions = p->grease;
	p->max_version = p->n_versions > 0 ? p->versions[0] :
	    p->legacy_version;
	for (i = 0; i < p->n_versions; i++)
		if (p->versions[i] > p->max_version)
			p->max_version = p->versions[i];
	return true;
}

/* Fills c->v.ext_order with the wire order of the capture, as indexes
 * into prof->extensions. False with c->why when prof lacks one. */
static bool
fill_order(struct capture *c, const struct profile *prof)
{
	size_t i, k;
	uint16_t t;

	c->v.n_ext_order = 0;
	for (i = 0; i < c->n_ext; i++) {
		t = c->ext[i].type;
		if (tls_is_grease(t) || t == 0x0015)
			continue;
		for (k = 0; k < prof->n_extensions; k++)
			if (prof->extensions[k] == t)
				break;
		if (k == prof->n_extensions || k > UINT8_MAX ||
		    c->v.n_ext_order >= HELLO_MAX_EXTS) {
			snprintf(c->why, sizeof c->why, "the profile has no "
			    "extension 0x%04x", t);
			return false;
		}
		c->v.ext_order[c->v.n_ext_order++] = (uint8_t)k;
	}
	return true;
}

/* Prints the first difference of two byte strings with some context. */
static void
show_diff(const uint8_t *got, size_t got_len, const uint8_t *want,
    size_t want_len)
{
	size_t i, off, from, to;

	for (off = 0; off < got_len && off < want_len; off++)
		if (got[off] != want[off])
			break;
	printf("#   first difference at offset %zu (built %zu bytes, "
	    "captured %zu)\n", off, got_len, want_len);
	from = off > 16 ? off - 16 : 0;
	printf("#   built:    ");
	to = off + 16 < got_len ? off + 16 : got_len;
	for (i = from; i < to; i++)
		printf("%s%02x", i == off ? "[" : "", got[i]);
	printf("\n#   captured: ");
	to = off + 16 < want_len ? off + 16 : want_len;
	for (i = from; i < to; i++)
		printf("%s%02x", i == off ? "[" : "", want[i]);
	printf("\n");
}

/* Builds p with c's vars and compares with the capture. */
static bool
build_matches(struct capture *c, const struct profile *p, const char *what)
{
	struct wr w;
	char err[256];
	enum status st;
	bool same;

	wr_init(&w, HELLO_MAX_BYTES);
	st = hello_build(p, SNI, &c->v, &w, err, sizeof err);
	same = st == ST_OK && w.len == c->raw_len &&
	    memcmp(w.buf, c->raw, w.len) == 0;
	ok(same, "%s: %s rebuilt byte for byte (%zu bytes)", c->file, what,
	    c->raw_len);
	if (st != ST_OK)
		printf("#   hello_build: %s: %s\n", status_str(st), err);
	else if (!same)
		show_diff(w.buf, w.len, c->raw, c->raw_len);
	wr_cleanup(&w);
	return same;
}

/* Compares two u16 lists and explains the first difference. */
static bool
same_u16(const char *id, const char *field, const uint16_t *a, size_t na,
    const uint16_t *b, size_t nb)
{
	size_t i;

	for (i = 0; i < na && i < nb; i++)
		if (a[i] != b[i])
			break;
	if (i == na && i == nb)
		return true;
	printf("#   %s: %s: profile has %zu entries, capture %zu; first "
	    "difference at entry %zu: 0x%04x vs 0x%04x\n", id, field, na, nb,
	    i + 1, i < na ? a[i] : 0, i < nb ? b[i] : 0);
	return false;
}

static bool
same_u8(const char *id, const char *field, const uint8_t *a, size_t na,
    const uint8_t *b, size_t nb)
{
	if (na == nb && (na == 0 || memcmp(a, b, na) == 0))
		return true;
	printf("#   %s: %s: profile has %zu bytes, capture %zu differ\n", id,
	    field, na, nb);
	return false;
}

static bool
same_names(const char *id, const char *field, char **a, size_t na,
    char **b, size_t nb)
{
	size_t i;

	for (i = 0; i < na && i < nb; i++)
		if (strcmp(a[i], b[i]) != 0)
			break;
	if (i == na && i == nb)
		return true;
	printf("#   %s: %s: profile and capture differ at entry %zu\n", id,
	    field, i + 1);
	return false;
}

/* Explains which fields of a loaded profile differ from the capture. */
static void
explain(const struct profile *p, const struct capture *c)
{
	const struct profile *d = &c->prof;
	static const uint8_t zero[] = { 0 }, one[] = { 1 };
	uint16_t sorted_a[HELLO_MAX_EXTS], sorted_b[HELLO_MAX_EXTS], t;
	size_t i, j, n;
	const char *id = p->id;

	(void)same_u16(id, "suites", p->suites, p->n_suites, d->suites,
	    d->n_suites);
	(void)same_u16(id, "groups", p->groups, p->n_groups, d->groups,
	    d->n_groups);
	(void)same_u16(id, "key_shares", p->key_shares, p->n_key_shares,
	    d->key_shares, d->n_key_shares);
	(void)same_u16(id, "sigalgs", p->sigalgs, p->n_sigalgs, d->sigalgs,
	    d->n_sigalgs);
	if (d->n_sigalgs_cert > 0)
		(void)same_u16(id, "sigalgs_cert", p->sigalgs_cert,
		    p->n_sigalgs_cert, d->sigalgs_cert, d->n_sigalgs_cert);
	if (d->n_versions > 0)
		(void)same_u16(id, "versions", p->versions, p->n_versions,
		    d->versions, d->n_versions);
	if (d->shuffle_extensions) {
		/* Only the set matters for a client that shuffles. */
		n = p->n_extensions < HELLO_MAX_EXTS ? p->n_extensions :
		    HELLO_MAX_EXTS;
		for (i = 0; i < n; i++)
			sorted_a[i] = tls_is_grease(p->extensions[i]) ?
			    0x0a0a : p->extensions[i];
		for (i = 0; i < d->n_extensions; i++)
			sorted_b[i] = d->extensions[i];
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (sorted_a[j] < sorted_a[i]) {
					t = sorted_a[i];
					sorted_a[i] = sorted_a[j];
					sorted_a[j] = t;
				}
		for (i = 0; i < d->n_extensions; i++)
			for (j = i + 1; j < d->n_extensions; j++)
				if (sorted_b[j] < sorted_b[i]) {
					t = sorted_b[i];
					sorted_b[i] = sorted_b[j];
					sorted_b[j] = t;
				}
		(void)same_u16(id, "extensions (as a set)", sorted_a, n,
		    sorted_b, d->n_extensions);
		if (p->n_extensions > 0 && (!tls_is_grease(p->extensions[0]) ||
		    !tls_is_grease(p->extensions[p->n_extensions - 1])))
			printf("#   %s: extensions: GREASE must be first and "
			    "last\n", id);
	} else {
		for (i = 0; i < p->n_extensions && i < HELLO_MAX_EXTS; i++)
			sorted_a[i] = tls_is_grease(p->extensions[i]) ?
			    0x0a0a : p->extensions[i];
		(void)same_u16(id, "extensions", sorted_a, i, d->extensions,
		    d->n_extensions);
	}
	(void)same_names(id, "alpn", p->alpn, p->n_alpn, d->alpn, d->n_alpn);
	(void)same_names(id, "alps", p->alps, p->n_alps, d->alps, d->n_alps);
	if (d->n_ec_point_formats > 0)
		(void)same_u8(id, "ec_point_formats", p->n_ec_point_formats ?
		    p->ec_point_formats : zero, p->n_ec_point_formats ?
		    p->n_ec_point_formats : 1, d->ec_point_formats,
		    d->n_ec_point_formats);
	if (d->n_psk_modes > 0)
		(void)same_u8(id, "psk_modes", p->n_psk_modes ? p->psk_modes :
		    one, p->n_psk_modes ? p->n_psk_modes : 1, d->psk_modes,
		    d->n_psk_modes);
	(void)same_u8(id, "compression", p->n_compression ? p->compression :
	    zero, p->n_compression ? p->n_compression : 1, d->compression,
	    d->n_compression);
	if (d->n_cert_compression > 0)
		(void)same_u16(id, "cert_compression", p->cert_compression,
		    p->n_cert_compression, d->cert_compression,
		    d->n_cert_compression);
	if (d->n_delegated_credentials > 0)
		(void)same_u16(id, "delegated_credentials",
		    p->delegated_credentials, p->n_delegated_credentials,
		    d->delegated_credentials, d->n_delegated_credentials);
	if (d->record_size_limit != 0 &&
	    p->record_size_limit != d->record_size_limit)
		printf("#   %s: record_size_limit %u, capture %u\n", id,
		    p->record_size_limit, d->record_size_limit);
	if ((p->record_version ? p->record_version : 0x0301) !=
	    d->record_version)
		printf("#   %s: record_version 0x%04x, capture 0x%04x\n", id,
		    p->record_version, d->record_version);
	if (p->legacy_version != 0 && p->legacy_version != d->legacy_version)
		printf("#   %s: legacy_version 0x%04x, capture 0x%04x\n", id,
		    p->legacy_version, d->legacy_version);
	if (p->session_id_len != d->session_id_len)
		printf("#   %s: session_id_len %u, capture %u\n", id,
		    p->session_id_len, d->session_id_len);
	if (p->padding != d->padding)
		printf("#   %s: padding %d, capture %d\n", id, (int)p->padding,
		    (int)d->padding);
	if (p->grease != d->grease)
		printf("#   %s: grease %d, capture %d\n", id, p->grease,
		    d->grease);
	if (p->shuffle_extensions != d->shuffle_extensions)
		printf("#   %s: shuffle_extensions %d, capture %d\n", id,
		    p->shuffle_extensions, d->shuffle_extensions);
	if (d->ech_grease.n_payload_lens > 0) {
		bool listed = false;

		bool aead = p->ech_grease.aead == d->ech_grease.aead;

		for (i = 0; i < p->ech_grease.n_payload_lens &&
		    i < PROFILE_ECH_MAX_CHOICES; i++)
			listed = listed || p->ech_grease.payload_lens[i] ==
			    d->ech_grease.payload_lens[0];
		for (i = 0; i < p->ech_grease.n_aeads &&
		    i < PROFILE_ECH_MAX_CHOICES; i++)
			aead = aead || p->ech_grease.aeads[i] ==
			    d->ech_grease.aead;
		if (p->ech_grease.kdf != d->ech_grease.kdf || !aead || !listed)
			printf("#   %s: ech_grease kdf %u aead %u, capture kdf "
			    "%u aead %u payload %u\n", id, p->ech_grease.kdf,
			    p->ech_grease.aead, d->ech_grease.kdf,
			    d->ech_grease.aead, d->ech_grease.payload_lens[0]);
	}
	for (i = 0; i < d->n_ext_data; i++) {
		for (j = 0; j < p->n_ext_data; j++)
			if (p->ext_data[j].type == d->ext_data[i].type)
				break;
		if (j == p->n_ext_data)
			printf("#   %s: ext_data lacks 0x%04x (%zu bytes)\n",
			    id,
			    d->ext_data[i].type, d->ext_data[i].len);
		else
			(void)same_u8(id, "ext_data", p->ext_data[j].data,
			    p->ext_data[j].len, d->ext_data[i].data,
			    d->ext_data[i].len);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .hex files of tests/data/hello, sorted; NULL-terminated. */
static char **
list_captures(const char *dir, size_t *n)
{
	DIR *d;
	struct dirent *de;
	char **v = NULL;
	size_t len;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".hex") != 0)
			continue;
		v = realloc(v, (*n + 2) * sizeof *v);
		v[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	if (v != NULL) {
		qsort(v, *n, sizeof *v, cmp_str);
		v[*n] = NULL;
	}
	return v;
}

static struct capture *
load_capture(const char *dir, const char *file)
{
	struct capture *c = calloc(1, sizeof *c);
	char path[16384];

	snprintf(c->file, sizeof c->file, "%s", file);
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((c->raw = read_hex(path, &c->raw_len)) == NULL) {
		snprintf(c->why, sizeof c->why, "cannot read %.200s", path);
		return c;
	}
	if (!decode(c))
		free(c->raw), c->raw = NULL;
	return c;
}

static void
free_capture(struct capture *c)
{
	free(c->raw);
	free(c);
}

/* The golden test proper: every capture against its shipped profile. */
static void
test_golden(void)
{
	char dir[8192], pdir[8192], id[128], err[512];
	char **files;
	size_t n, i, matched = 0;
	struct profile_set set = { NULL, 0 };
	const struct profile *p;
	struct capture *c;
	enum status st;

	snprintf(dir, sizeof dir, "%s/tests/data/hello", top);
	snprintf(pdir, sizeof pdir, "%s/data/profiles", top);
	files = list_captures(dir, &n);
	ok(n >= 27, "%zu captures in tests/data/hello", n);
	st = profile_set_load_dir(pdir, &set, err, sizeof err);
	if (!ok(st == ST_OK, "data/profiles loads"))
		printf("#   %s\n", err);

	for (i = 0; i < n; i++) {
		c = load_capture(dir, files[i]);
		if (!ok(c->raw != NULL, "%s decodes", files[i])) {
			printf("#   %s\n", c->why);
			free_capture(c);
			continue;
		}
		/* The builder alone: a profile derived from the capture. */
		if (!fill_order(c, &c->prof))
			printf("#   %s\n", c->why);
		(void)build_matches(c, &c->prof, "derived profile");

		/* The acceptance test: the profile file of that client. */
		id_for_file(files[i], id, sizeof id);
		if ((p = profile_set_find(&set, id)) == NULL) {
			ok(false, "%s: profile %s exists", files[i], id);
			free_capture(c);
			continue;
		}
		if (p->shuffle_extensions && !fill_order(c, p)) {
			ok(false, "%s: %s: %s", files[i], id, c->why);
			explain(p, c);
			free_capture(c);
			continue;
		}
		if (build_matches(c, p, id))
			matched++;
		else
			explain(p, c);
		free_capture(c);
	}
	ok(matched == n, "%zu of %zu captures match their profile", matched,
	    n);
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	profile_set_cleanup(&set);
}

/* The extension types of a built hello, in order; false if malformed. */
static bool
built_exts(const uint8_t *p, size_t len, uint16_t *types, size_t *n)
{
	struct capture *c = calloc(1, sizeof *c);
	size_t i;
	bool good;

	c->raw = malloc(len);
	memcpy(c->raw, p, len);
	c->raw_len = len;
	good = decode(c);
	*n = c->n_ext;
	for (i = 0; i < c->n_ext; i++)
		types[i] = c->ext[i].type;
	free_capture(c);
	return good;
}

static bool
has_ext(const uint16_t *types, size_t n, uint16_t t)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (types[i] == t)
			return true;
	return false;
}

/* Builds c's derived profile with sni; returns the status, bytes in w. */
static enum status
build_with(struct capture *c, const char *sni, struct wr *w, size_t max)
{
	char err[256];

	wr_init(w, max);
	return hello_build(&c->prof, sni, &c->v, w, err, sizeof err);
}

static void
test_determinism_and_sni(const char *dir)
{
	struct capture *c = load_capture(dir, "python-3.12.hex");
	struct capture *g = load_capture(dir, "chromium-156-1.hex");
	struct wr a, b;
	uint16_t types[HELLO_MAX_EXTS];
	size_t n, i;
	static const char *literals[] = {
		"192.0.2.1", "2001:db8::1", "[2001:db8::1]", "::1",
		"fe80::1%1",
	};

	if (!ok(c->raw != NULL && g->raw != NULL, "base captures decode"))
		goto out;
	fill_order(g, &g->prof);
	build_with(c, SNI, &a, HELLO_MAX_BYTES);
	build_with(c, SNI, &b, HELLO_MAX_BYTES);
	ok(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0,
	    "same vars, same bytes");
	wr_cleanup(&a);
	wr_cleanup(&b);
	build_with(g, SNI, &a, HELLO_MAX_BYTES);
	build_with(g, SNI, &b, HELLO_MAX_BYTES);
	ok(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0,
	    "same vars, same bytes (Chromium)");
	wr_cleanup(&a);
	wr_cleanup(&b);

	for (i = 0; i < NELEM(literals); i++) {
		is_int(build_with(c, literals[i], &a, HELLO_MAX_BYTES), ST_OK,
		    "builds for %s", literals[i]);
		ok(built_exts(a.buf, a.len, types, &n) &&
		    !has_ext(types, n, 0x0000) && has_ext(types, n, 0x0015),
		    "no server_name for IP literal %s", literals[i]);
		/* OpenSSL pads the shorter hello up to 512 all the same. */
		is_int(a.len, 517, "padded to 512 without server_name");
		wr_cleanup(&a);
	}
	build_with(c, NULL, &a, HELLO_MAX_BYTES);
	ok(built_exts(a.buf, a.len, types, &n) && !has_ext(types, n, 0),
	    "no server_name for NULL");
	wr_cleanup(&a);

	c->prof.sni = SNI_DOTTED;
	build_with(c, "localhost", &a, HELLO_MAX_BYTES);
	ok(built_exts(a.buf, a.len, types, &n) && !has_ext(types, n, 0),
	    "dotted: no server_name for localhost");
	wr_cleanup(&a);
	build_with(c, "a.b", &a, HELLO_MAX_BYTES);
	ok(built_exts(a.buf, a.len, types, &n) && has_ext(types, n, 0),
	    "dotted: server_name for a.b");
	wr_cleanup(&a);
	c->prof.sni = SNI_NEVER;
	build_with(c, SNI, &a, HELLO_MAX_BYTES);
	ok(built_exts(a.buf, a.len, types, &n) && !has_ext(types, n, 0),
	    "never: no server_name");
	wr_cleanup(&a);
	c->prof.sni = SNI_HOSTNAME;

	/* A longer name shrinks the padding by as much (README of the data). */
	build_with(c, "a-much-longer-name.api.example.test", &a,
	    HELLO_MAX_BYTES);
	is_int(a.len, 517, "longer name, same padded length");
	wr_cleanup(&a);
out:
	free_capture(c);
	free_capture(g);
}

/* A fixed body of len bytes appended to the derived profile. */
static void
add_big_ext(struct capture *c, uint16_t type, uint8_t *data, size_t len)
{
	struct profile_ext_data *d = &c->ext_data[c->prof.n_ext_data++];

	d->type = type;
	d->data = data;
	d->len = len;
	c->exts[c->prof.n_extensions++] = type;
}

static void
test_records_and_caps(const char *dir)
{
	struct capture *c = load_capture(dir, "python-3.12.hex");
	struct wr w;
	struct rd r, rec;
	uint8_t *big = calloc(1, 70000), *hs = malloc(HELLO_MAX_BYTES);
	uint8_t type;
	uint16_t rv;
	uint32_t hlen;
	size_t hs_len = 0, n_rec = 0, first = 0;
	char err[256], longname[300];
	enum status st;
	struct hello_vars saved;

	if (!ok(c->raw != NULL, "base capture decodes"))
		goto out;
	memset(big, 0x5a, 70000);

	/* RFC 8446 §5.1: more than 2^14 bytes go into several records. */
	add_big_ext(c, 0xff77, big, 20000);
	is_int(build_with(c, SNI, &w, HELLO_MAX_BYTES), ST_OK,
	    "a 20 kB hello builds");
	rd_init(&r, w.buf, w.len);
	while (rd_left(&r) > 0 && rd_u8(&r, &type) && rd_u16(&r, &rv) &&
	    rd_prefixed_u16(&r, &rec)) {
		if (n_rec++ == 0)
			first = rd_left(&rec);
		ok(type == 22 && rv == 0x0301 && rd_left(&rec) <= 16384,
		    "record %zu: handshake, TLS 1.0, %zu bytes", n_rec,
		    rd_left(&rec));
		memcpy(hs + hs_len, rec.p, rd_left(&rec));
		hs_len += rd_left(&rec);
	}
	is_int(rd_left(&r), 0, "records fill the output");
	is_int(n_rec, 2, "two records");
	is_int(first, 16384, "the first one full");
	rd_init(&r, hs, hs_len);
	ok(rd_u8(&r, &type) && type == 1 && rd_u24(&r, &hlen) &&
	    hlen == hs_len - 4, "records carry one %zu-byte ClientHello",
	    hs_len);
	ok(hs_len > 20000, "padding left out above 511 bytes");
	wr_cleanup(&w);

	/* Caps: the caller's writer and HELLO_MAX_BYTES. */
	is_int(build_with(c, SNI, &w, 1000), ST_ERANGE,
	    "output cap below the hello: ST_ERANGE");
	ok(w.len <= 1000, "output cap respected (%zu bytes)", w.len);
	wr_cleanup(&w);
	c->ext_data[c->prof.n_ext_data - 1].len = HELLO_MAX_BYTES - 400;
	is_int(build_with(c, SNI, &w, 2 * HELLO_MAX_BYTES), ST_ERANGE,
	    "hello past HELLO_MAX_BYTES: ST_ERANGE");
	ok(w.len == 0, "nothing appended");
	wr_cleanup(&w);
	c->ext_data[c->prof.n_ext_data - 1].len = 65536;
	is_int(build_with(c, SNI, &w, 2 * HELLO_MAX_BYTES), ST_ERANGE,
	    "extension body past 65535 bytes: ST_ERANGE");
	wr_cleanup(&w);
	c->prof.n_ext_data--;
	c->prof.n_extensions--;
	is_int(build_with(c, SNI, &w, 517), ST_OK, "exactly 517 bytes fit");
	wr_cleanup(&w);
	is_int(build_with(c, SNI, &w, 516), ST_ERANGE, "516 do not");
	wr_cleanup(&w);

	/* Profiles or vars the builder refuses. */
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	is_int(build_with(c, longname, &w, HELLO_MAX_BYTES), ST_EINVAL,
	    "a 299-byte host name: ST_EINVAL");
	wr_cleanup(&w);
	c->prof.session_id_len = 33;
	st = hello_build(&c->prof, SNI, &c->v, &w, err, sizeof err);
	is_int(st, ST_EINVAL, "session id of 33 bytes: %s", err);
	c->prof.session_id_len = 32;
	saved = c->v;
	c->v.n_shares = 0;
	wr_init(&w, HELLO_MAX_BYTES);
	st = hello_build(&c->prof, SNI, &c->v, &w, err, sizeof err);
	is_int(st, ST_EINVAL, "key share without a key: %s", err);
	ok(w.len == 0, "nothing appended on error");
	wr_cleanup(&w);
	c->v = saved;
	c->v.shares[0].len = 0;
	is_int(build_with(c, SNI, &w, HELLO_MAX_BYTES), ST_EINVAL,
	    "empty key share: ST_EINVAL");
	wr_cleanup(&w);
	c->v = saved;
	c->v.n_shares = HELLO_MAX_SHARES + 1;
	is_int(build_with(c, SNI, &w, HELLO_MAX_BYTES), ST_EINVAL,
	    "too many key shares: ST_EINVAL");
	wr_cleanup(&w);
	c->v = saved;
	c->prof.grease = true;
	c->v.grease[HELLO_GREASE_CIPHER] = 0x0a0b;
	is_int(build_with(c, SNI, &w, HELLO_MAX_BYTES), ST_EINVAL,
	    "a GREASE slot without GREASE: ST_EINVAL");
	wr_cleanup(&w);
	c->prof.grease = false;
	c->v = saved;
	c->prof.n_alpn = 0;
	c->exts[c->prof.n_extensions++] = 0x0010;
	st = hello_build(&c->prof, SNI, &c->v, &w, err, sizeof err);
	is_int(st, ST_EINVAL, "ALPN listed without names: %s", err);
	c->prof.n_extensions--;
out:
	free(big);
	free(hs);
	free_capture(c);
}

/* A deterministic random source: xorshift64 from a seed. */
struct test_rng {
	uint64_t	 s;
	int		 constant;	/* >= 0: every byte is this */
};

static void
test_rng_fill(void *ctx, uint8_t *buf, size_t len)
{
	struct test_rng *r = ctx;
	size_t i;

	for (i = 0; i < len; i++) {
		if (r->constant >= 0) {
			buf[i] = (uint8_t)r->constant;
			continue;
		}
		r->s ^= r->s << 13;
		r->s ^= r->s >> 7;
		r->s ^= r->s << 17;
		buf[i] = (uint8_t)(r->s >> 24);
	}
}

static void
test_vars_fill(const char *dir)
{
	struct capture *g = load_capture(dir, "chromium-156-1.hex");
	struct capture *c = load_capture(dir, "python-3.12.hex");
	struct hello_vars *v = calloc(1, sizeof *v);
	struct test_rng rng = { 0x9e3779b97f4a7c15ULL, -1 };
	struct wr w;
	char err[256];
	size_t seed, i, n_moving = 0, bad_grease = 0, bad_perm = 0;
	size_t same_ext = 0, bad_ech = 0, bad_build = 0, orders = 0;
	uint8_t first_order[HELLO_MAX_EXTS];
	bool seen[HELLO_MAX_EXTS];
	static const uint16_t lens[] = { 144, 176, 208, 240 };

	if (!ok(g->raw != NULL && c->raw != NULL, "base captures decode"))
		goto out;
	for (i = 0; i < g->prof.n_extensions; i++)
		if (!tls_is_grease(g->prof.extensions[i]))
			n_moving++;
	memcpy(g->prof.ech_grease.payload_lens, lens, sizeof lens);
	g->prof.ech_grease.n_payload_lens = NELEM(lens);

	for (seed = 1; seed <= 200; seed++) {
		rng.s = seed * 0x9e3779b97f4a7c15ULL;
		memset(v, 0xee, sizeof *v);
		/* The caller's key shares survive the fill. */
		v->n_shares = g->v.n_shares;
		memcpy(v->shares, g->v.shares, sizeof v->shares);
		hello_vars_fill(v, &g->prof, test_rng_fill, &rng);
		for (i = 0; i < HELLO_GREASE_NSLOTS; i++)
			if (!tls_is_grease(v->grease[i]))
				bad_grease++;
		if (v->grease[HELLO_GREASE_EXT1] ==
		    v->grease[HELLO_GREASE_EXT2])
			same_ext++;
		memset(seen, 0, sizeof seen);
		if (v->n_ext_order != n_moving)
			bad_perm++;
		for (i = 0; i < v->n_ext_order && i < HELLO_MAX_EXTS; i++) {
			uint8_t k = v->ext_order[i];

			if (k >= g->prof.n_extensions || seen[k] ||
			    tls_is_grease(g->prof.extensions[k]))
				bad_perm++;
			else
				seen[k] = true;
		}
		if (seed == 1)
			memcpy(first_order, v->ext_order, sizeof first_order);
		else if (memcmp(first_order, v->ext_order, n_moving) != 0)
			orders++;
		for (i = 0; i < NELEM(lens); i++)
			if (v->ech_payload_len == lens[i])
				break;
		if (i == NELEM(lens))
			bad_ech++;
		wr_init(&w, HELLO_MAX_BYTES);
		if (hello_build(&g->prof, SNI, v, &w, err, sizeof err) !=
		    ST_OK ||
		    w.len != 1924 + v->ech_payload_len - 144)
			bad_build++;
		wr_cleanup(&w);
	}
	is_int(bad_grease, 0, "200 fills: every slot holds a GREASE value");
	is_int(same_ext, 0, "the two GREASE extensions always differ");
	is_int(bad_perm, 0, "ext_order is a permutation of the moving ones");
	ok(orders > 190, "the order changes between fills (%zu of 199)",
	    orders);
	is_int(bad_ech, 0, "ECH payload length from the profile's list");
	is_int(bad_build, 0, "every filled hello builds, 1924..2020 bytes");

	/* NSS picks the ECH AEAD per hello from the profile's list. */
	{
		size_t n1 = 0, n3 = 0;

		g->prof.ech_grease.aeads[0] = 1;
		g->prof.ech_grease.aeads[1] = 3;
		g->prof.ech_grease.n_aeads = 2;
		for (seed = 1; seed <= 100; seed++) {
			hello_vars_fill(v, &g->prof, test_rng_fill, &rng);
			n1 += v->ech_aead == 1;
			n3 += v->ech_aead == 3;
		}
		ok(n1 + n3 == 100 && n1 > 20 && n3 > 20,
		    "ECH AEAD drawn from the list (%zu x 1, %zu x 3)", n1, n3);
		g->prof.ech_grease.n_aeads = 1;
	}

	/* Worst-case sources terminate and still give valid values. */
	rng.constant = 0xff;
	hello_vars_fill(v, &g->prof, test_rng_fill, &rng);
	ok(v->grease[0] == 0xfafa && v->n_ext_order == n_moving,
	    "an all-0xff source: 0xfafa and a full order");
	rng.constant = 0;
	hello_vars_fill(v, &g->prof, test_rng_fill, &rng);
	ok(v->grease[HELLO_GREASE_EXT1] == 0x0a0a &&
	    v->grease[HELLO_GREASE_EXT2] == 0x1a1a,
	    "an all-zero source: 0x0a0a, second extension 0x1a1a");

	/* A profile that does not shuffle keeps its order. */
	rng.constant = -1;
	memset(v, 0, sizeof *v);
	v->n_shares = c->v.n_shares;
	memcpy(v->shares, c->v.shares, sizeof v->shares);
	hello_vars_fill(v, &c->prof, test_rng_fill, &rng);
	for (i = 0; i < v->n_ext_order; i++)
		if (v->ext_order[i] != i)
			break;
	ok(i == v->n_ext_order && v->n_ext_order == c->prof.n_extensions - 1,
	    "no shuffle: identity order without padding");
	ok(memcmp(v->random, c->v.random, 32) != 0 && v->ech_payload_len == 0,
	    "fresh random, no ECH payload without lengths");
	wr_init(&w, HELLO_MAX_BYTES);
	is_int(hello_build(&c->prof, SNI, v, &w, err, sizeof err), ST_OK,
	    "a filled python-3.12 hello builds");
	is_int(w.len, 517, "at 517 bytes");
	ok(w.len > 44 + 32 && memcmp(w.buf + 11, v->random, 32) == 0 &&
	    w.buf[43] == 32 && memcmp(w.buf + 44, v->session_id, 32) == 0,
	    "random and session id in place");
	wr_cleanup(&w);

	/* A permutation that is not one is refused. */
	fill_order(g, &g->prof);
	g->v.ext_order[1] = g->v.ext_order[0];
	wr_init(&w, HELLO_MAX_BYTES);
	is_int(hello_build(&g->prof, SNI, &g->v, &w, err, sizeof err),
	    ST_EINVAL, "a repeated index in ext_order: %s", err);
	wr_cleanup(&w);
	fill_order(g, &g->prof);
	g->v.n_ext_order--;
	wr_init(&w, HELLO_MAX_BYTES);
	is_int(hello_build(&g->prof, SNI, &g->v, &w, err, sizeof err),
	    ST_EINVAL, "a short ext_order: %s", err);
	wr_cleanup(&w);
out:
	free(v);
	free_capture(g);
	free_capture(c);
}

int
main(void)
{
	const char *env = getenv("TOP_SRCDIR");
	char dir[8192];

	snprintf(top, sizeof top, "%s", env != NULL && env[0] != '\0' ?
	    env : SRCDIR);
	snprintf(dir, sizeof dir, "%s/tests/data/hello", top);
	test_golden();
	test_determinism_and_sni(dir);
	test_records_and_caps(dir);
	test_vars_fill(dir);
	return tap_done();
}
