/*
 * trust.c: trust stores as data (trust.h).
 *
 * Reads PEM bundles strictly, line by line, so that an error can say which
 * certificate of which file is broken, and keeps each store as the list
 * of its anchors and an X509_STORE built from them. Called on the main
 * thread before workers start (probe_env_build); afterwards the stores are
 * only read, by the workers' verifications.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "trust.h"
#include "xmem.h"

struct trust_store {
	struct trust_info	 info;
	STACK_OF(X509)		*certs;		/* the anchors, in file order */
	X509_STORE		*store;
};

static struct trust_store *
store_new(const char *id, const char *path)
{
	struct trust_store *ts = xcalloc(1, sizeof *ts);

	snprintf(ts->info.id, sizeof ts->info.id, "%s", id);
	snprintf(ts->info.path, sizeof ts->info.path, "%s", path ? path : "");
	ts->certs = sk_X509_new_null();
	ts->store = X509_STORE_new();
	if (ts->certs == NULL || ts->store == NULL) {
		fprintf(stderr, "tlsmatrix: out of memory\n");
		abort();
	}
	return ts;
}

void
trust_store_free(struct trust_store *ts)
{
	if (ts == NULL)
		return;
	sk_X509_pop_free(ts->certs, X509_free);
	X509_STORE_free(ts->store);
	free(ts);
}

/*
 * OpenSSL fills a certificate's extension cache (key identifiers, usage,
 * purposes) on its first use, under the certificate's own lock, while
 * other threads read those fields without it: workers verifying at once
 * against a shared store race on an anchor's first use (ThreadSanitizer
 * caught one reading the CA's key identifier as another set it). Filling
 * every anchor's cache here, before any worker starts, leaves them
 * read-only. For the default paths that covers the bundle, which
 * X509_STORE_set_default_paths loads at once; only an anchor found solely
 * in the hashed directory, loaded on demand, is not.
 */
static void
warm(X509_STORE *store)
{
	STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
	X509 *x;
	int i;

	for (i = 0; i < sk_X509_OBJECT_num(objs); i++) {
		x = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
		if (x != NULL)
			(void)X509_check_purpose(x, -1, 0);
	}
}

static void
add_cert(struct trust_store *ts, X509 *x)
{
	/* A duplicate is not an error: bundles repeat anchors. */
	(void)X509_STORE_add_cert(ts->store, x);
	if (sk_X509_push(ts->certs, x) <= 0) {
		fprintf(stderr, "tlsmatrix: out of memory\n");
		abort();
	}
	ts->info.count++;
}

/* "# key: value" of the header: copies value into out if key matches. */
static bool
header_field(const char *line, size_t len, const char *key, char *out,
    size_t outlen)
{
	size_t kl = strlen(key), i = 1;

	while (i < len && line[i] == ' ')
		i++;
	if (len - i < kl + 1 || memcmp(line + i, key, kl) != 0 ||
	    line[i + kl] != ':')
		return false;
	i += kl + 1;
	while (i < len && line[i] == ' ')
		i++;
	while (len > i && (line[len - 1] == ' ' || line[len - 1] == '\r'))
		len--;
	snprintf(out, outlen, "%.*s", (int)(len - i), line + i);
	return true;
}

static bool
starts(const char *line, size_t len, const char *prefix)
{
	size_t pl = strlen(prefix);

	return len >= pl && memcmp(line, prefix, pl) == 0;
}

/* The first OpenSSL error as text, or what; clears the queue. */
static const char *
ossl_why(char *buf, size_t len, const char *what)
{
	unsigned long e = ERR_peek_last_error();

	if (e == 0)
		snprintf(buf, len, "%s", what);
	else
		ERR_error_string_n(e, buf, len);
	ERR_clear_error();
	return buf;
}

/* Certificate k of origin (a PEM block of len bytes from line
 * block_line) into ts; false with err set when it does not decode or is
 * one too many. */
static bool
add_block(struct trust_store *ts, const char *origin, const char *block,
    size_t len, bool trusted, size_t k, unsigned block_line, char *err,
    size_t errlen)
{
	char why[160];
	BIO *bio;
	X509 *x;

	bio = BIO_new_mem_buf(block, (int)len);
	x = bio == NULL ? NULL : trusted ?
	    PEM_read_bio_X509_AUX(bio, NULL, NULL, NULL) :
	    PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (x == NULL) {
		snprintf(err, errlen, "%s: certificate %zu (line %u): does not "
		    "decode: %s", origin, k, block_line, ossl_why(why,
		    sizeof why, "bad PEM or DER"));
		return false;
	}
	if (ts->info.count >= TRUST_MAX_CERTS) {
		X509_free(x);
		snprintf(err, errlen, "%s: more than %d certificates", origin,
		    TRUST_MAX_CERTS);
		return false;
	}
	add_cert(ts, x);
	return true;
}

enum status
trust_store_from_pem(const char *text, size_t len, const char *origin,
    const char *id, struct trust_store **out, char *err, size_t errlen)
{
	struct trust_store *ts;
	const char *line, *nl, *block = NULL;
	char count_text[24] = "";
	unsigned lineno = 0, block_line = 0;
	size_t off = 0, ll, k = 0;
	bool trusted = false, any_text = false;

	*out = NULL;
	if (memchr(text, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: not PEM (binary data; a DER "
		    "certificate converts with openssl x509 -inform der)",
		    origin);
		return ST_EPARSE;
	}
	ts = store_new(id, origin);
	while (off < len) {
		line = text + off;
		nl = memchr(line, '\n', len - off);
		ll = nl != NULL ? (size_t)(nl - line) : len - off;
		off += ll + (nl != NULL);
		lineno++;
		while (ll > 0 && (line[ll - 1] == '\r' || line[ll - 1] == ' '))
			ll--;
		if (ll > 0)
			any_text = true;
		if (block == NULL && ll > 0 && line[0] == '#') {
			if (k == 0 && !header_field(line, ll, "source",
			    ts->info.source, sizeof ts->info.source) &&
			    !header_field(line, ll, "version",
			    ts->info.version, sizeof ts->info.version) &&
			    !header_field(line, ll, "date", ts->info.date,
			    sizeof ts->info.date))
				(void)header_field(line, ll, "count",
				    count_text, sizeof count_text);
			continue;
		}
		if (block == NULL && starts(line, ll, "-----BEGIN ")) {
			k++;
			if (ll == sizeof "-----BEGIN CERTIFICATE-----" - 1 &&
			    starts(line, ll, "-----BEGIN CERTIFICATE-----"))
				trusted = false;
			else if (starts(line, ll,
			    "-----BEGIN TRUSTED CERTIFICATE-----"))
				trusted = true;
			else {
				snprintf(err, errlen, "%s: line %u: %.*s is not "
				    "a certificate", origin, lineno,
				    (int)(ll > 60 ? 60 : ll), line);
				goto fail;
			}
			block = line;
			block_line = lineno;
			continue;
		}
		if (block != NULL && starts(line, ll, "-----END ")) {
			if (!add_block(ts, origin, block, (size_t)(line + ll -
			    block), trusted, k, block_line, err, errlen))
				goto fail;
			block = NULL;
		}
	}
	if (block != NULL) {
		snprintf(err, errlen, "%s: certificate %zu (line %u): no END "
		    "line", origin, k, block_line);
		goto fail;
	}
	if (ts->info.count == 0) {
		snprintf(err, errlen, any_text ? "%s: not PEM (no -----BEGIN "
		    "CERTIFICATE----- line)" : "%s: empty (no certificate)",
		    origin);
		goto fail;
	}
	if (count_text[0] != '\0' && strtoul(count_text, NULL, 10) !=
	    ts->info.count) {
		snprintf(err, errlen, "%s: the header says count %s but the "
		    "file holds %zu certificates", origin, count_text,
		    ts->info.count);
		goto fail;
	}
	warm(ts->store);
	ERR_clear_error();
	*out = ts;
	return ST_OK;
fail:
	ERR_clear_error();
	trust_store_free(ts);
	return ST_EPARSE;
}

enum status
trust_store_load(const char *path, const char *id, struct trust_store **out,
    char *err, size_t errlen)
{
	struct stat sb;
	FILE *f;
	char *buf;
	size_t got;
	enum status st;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ST_EIO;
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		fclose(f);
		return ST_EIO;
	}
	if (sb.st_size > TRUST_MAX_FILE) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
		    TRUST_MAX_FILE);
		fclose(f);
		return ST_EPARSE;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	got = fread(buf, 1, (size_t)sb.st_size, f);
	fclose(f);
	buf[got] = '\0';
	st = trust_store_from_pem(buf, got, path, id, out, err, errlen);
	free(buf);
	return st;
}

enum status
trust_store_default(struct trust_store **out, char *err, size_t errlen)
{
	struct trust_store *ts = store_new("system", NULL);
	STACK_OF(X509_OBJECT) *objs;
	const char *env = getenv(X509_get_default_cert_file_env());
	X509 *x;
	int i;

	*out = NULL;
	ERR_clear_error();
	if (X509_STORE_set_default_paths(ts->store) != 1) {
		char why[160];

		snprintf(err, errlen, "cannot load the system trust store: %s",
		    ossl_why(why, sizeof why, "?"));
		trust_store_free(ts);
		return ST_EIO;
	}
	snprintf(ts->info.path, sizeof ts->info.path, "%s",
	    env != NULL && *env != '\0' ? env : X509_get_default_cert_file());
	snprintf(ts->info.source, sizeof ts->info.source, "this machine's "
	    "store (OpenSSL's default paths)");
	objs = X509_STORE_get0_objects(ts->store);
	for (i = 0; i < sk_X509_OBJECT_num(objs); i++) {
		x = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
		if (x != NULL && X509_up_ref(x) == 1 &&
		    sk_X509_push(ts->certs, x) <= 0)
			X509_free(x);
	}
	ts->info.count = (size_t)sk_X509_num(ts->certs);
	warm(ts->store);
	ERR_clear_error();
	*out = ts;
	return ST_OK;
}

struct trust_store *
trust_store_union(struct trust_store *const *v, size_t n, const char *id)
{
	struct trust_store *ts = store_new(id, NULL);
	size_t i;
	int k;
	X509 *x;

	for (i = 0; i < n; i++) {
		for (k = 0; k < sk_X509_num(v[i]->certs); k++) {
			x = sk_X509_value(v[i]->certs, k);
			if (X509_up_ref(x) != 1)
				continue;
			add_cert(ts, x);
		}
		/* The default store's hashed directory, if any, too. */
		if (v[i]->info.path[0] != '\0' && v[i]->info.source[0] != '\0' &&
		    strcmp(v[i]->info.id, "system") == 0 &&
		    strstr(v[i]->info.source, "default paths") != NULL)
			(void)X509_STORE_set_default_paths(ts->store);
	}
	snprintf(ts->info.source, sizeof ts->info.source, "union of %zu "
	    "stores", n);
	warm(ts->store);
	ERR_clear_error();
	return ts;
}

const struct trust_info *
trust_store_info(const struct trust_store *ts)
{
	return &ts->info;
}

struct x509_store_st *
trust_store_x509(const struct trust_store *ts)
{
	return ts->store;
}
