/*
 * probe.c: the front of the probe module (probe.h).
 *
 * Builds the shared trust store once (probe_env_new, main thread, before
 * workers start) and dispatches each probe to a backend through struct
 * probe_ops (probe_int.h), as curl's vtls.c does. probe_run is called on
 * worker threads; the env is only read there (X509_STORE locks itself for
 * the lookups OpenSSL makes during verification).
 */
#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "probe.h"
#include "probe_int.h"
#include "result.h"
#include "xmem.h"

/*
 * The backends by enum probe_backend. The default is the profile's own
 * hello: it predicts the real clients at least as well as an OpenSSL
 * handshake (tests/e2e/fidelity.sh), and plays clients the local OpenSSL
 * cannot (GnuTLS, Java, Chromium).
 */
static const struct probe_ops *
backend_ops(enum probe_backend b)
{
	return b == PROBE_BACKEND_OPENSSL ? &probe_ossl_ops : &probe_raw_ops;
}

const char *
probe_backend_name(enum probe_backend b)
{
	switch (b) {
	case PROBE_BACKEND_OPENSSL:
		return probe_ossl_ops.name;
	case PROBE_BACKEND_DEFAULT:
	case PROBE_BACKEND_HELLO:
		return probe_raw_ops.name;
	}
	return NULL;
}

bool
probe_backend_parse(const char *s, enum probe_backend *out)
{
	if (strcmp(s, probe_ossl_ops.name) == 0)
		*out = PROBE_BACKEND_OPENSSL;
	else if (strcmp(s, probe_raw_ops.name) == 0)
		*out = PROBE_BACKEND_HELLO;
	else
		return false;
	return true;
}

/* Copies the first queued OpenSSL error into err, or a fallback text. */
static void
ossl_err(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char buf[160];

	if (e == 0) {
		snprintf(err, errlen, "%s", what);
	} else {
		ERR_error_string_n(e, buf, sizeof buf);
		snprintf(err, errlen, "%s: %s", what, buf);
	}
	ERR_clear_error();
}

/* Adds every certificate of a PEM text to store; 0 certificates is an error. */
static enum status
load_pem_text(X509_STORE *store, const char *pem, char *err, size_t errlen)
{
	BIO *bio;
	X509 *x;
	int n = 0;
	enum status st = ST_OK;

	bio = BIO_new_mem_buf(pem, -1);
	if (bio == NULL) {
		ossl_err(err, errlen, "cannot read CA text");
		return ST_ENOMEM;
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (X509_STORE_add_cert(store, x) != 1) {
			X509_free(x);
			ossl_err(err, errlen, "cannot add CA certificate");
			st = ST_EPARSE;
			goto out;
		}
		X509_free(x);
		n++;
	}
	/* The loop ends on "no start line" at the end of the text. */
	ERR_clear_error();
	if (n == 0) {
		snprintf(err, errlen, "no PEM certificate in CA text");
		st = ST_EPARSE;
	}
out:
	BIO_free(bio);
	return st;
}

/*
 * OpenSSL fills a certificate's extension cache (key identifiers, usage,
 * purposes) on its first use, under the certificate's own lock, while
 * other threads read those fields without it: workers verifying at once
 * against the shared store race on a trust anchor's first use
 * (ThreadSanitizer caught one reading the CA's key identifier as another
 * set it). Filling every anchor's cache here, before any worker starts,
 * leaves them read-only. That covers the CA file, the demo CA and, on
 * Debian, the system store (X509_STORE_set_default_paths loads the
 * bundle, /usr/lib/ssl/cert.pem, at once: 144 anchors); only an anchor
 * found solely in the hashed directory, loaded on demand, is not.
 */
static void
warm_store(X509_STORE *store)
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

enum status
probe_env_new(const char *ca_file, const char *ca_pem, struct probe_env **out,
    char *err, size_t errlen)
{
	struct probe_env *env;
	enum status st = ST_OK;

	*out = NULL;
	ERR_clear_error();
	env = xcalloc(1, sizeof *env);
	env->store = X509_STORE_new();
	if (env->store == NULL) {
		ossl_err(err, errlen, "cannot create trust store");
		st = ST_ENOMEM;
		goto out;
	}
	if (ca_file != NULL) {
		if (X509_STORE_load_file(env->store, ca_file) != 1) {
			char what[300];

			snprintf(what, sizeof what, "cannot load CA file %s",
			    ca_file);
			ossl_err(err, errlen, what);
			st = ST_EIO;
			goto out;
		}
	} else if (ca_pem != NULL) {
		st = load_pem_text(env->store, ca_pem, err, errlen);
		if (st != ST_OK)
			goto out;
	} else if (X509_STORE_set_default_paths(env->store) != 1) {
		ossl_err(err, errlen, "cannot load the system trust store");
		st = ST_EIO;
		goto out;
	}
	warm_store(env->store);
	*out = env;
	env = NULL;
out:
	probe_env_free(env);
	return st;
}

void
probe_env_free(struct probe_env *env)
{
	if (env == NULL)
		return;
	X509_STORE_free(env->store);
	free(env);
}

/* The result of a probe that cannot start; true when out is final. */
static bool
not_started(const struct probe_job *job, const struct profile *p,
    const atomic_bool *cancel, struct probe_result *out)
{
	if (job == NULL || p == NULL || job->env == NULL ||
	    job->timeout_ms <= 0) {
		out->outcome = PROBE_ERROR;
		out->reason = REASON_LOCAL;
		snprintf(out->detail, sizeof out->detail,
		    "probe job incomplete (no profile, trust store or timeout)");
		return true;
	}
	if (cancel != NULL && atomic_load(cancel)) {
		out->outcome = PROBE_CANCELED;
		out->reason = REASON_NONE;	/* not a failure of the cell */
		snprintf(out->detail, sizeof out->detail, "cancelled");
		return true;
	}
	return false;
}

void
probe_run(const struct probe_job *job, const atomic_bool *cancel,
    struct probe_result *out)
{
	const struct profile *p = job != NULL ? job->profile : NULL;

	probe_run_shared(job, &p, 1, cancel, out);
}

/*
 * Appends "; one handshake shared by a, b, c (the same ClientHello)" to
 * r's detail, or "by N profiles" when the names do not fit, or nothing
 * when neither does: the detail's own words come first.
 */
static void
shared_note(struct probe_result *r, const struct profile *const *profiles,
    size_t n)
{
	char note[RESULT_TEXT_MAX];
	size_t used, i, room = sizeof r->detail - strlen(r->detail);
	const char *sep = r->detail[0] != '\0' ? "; " : "";
	int k;

	k = snprintf(note, sizeof note, "%sone handshake shared by ", sep);
	used = (size_t)k;
	for (i = 0; i < n && used < sizeof note; i++) {
		k = snprintf(note + used, sizeof note - used, "%s%s",
		    i > 0 ? ", " : "", profiles[i]->id);
		used += (size_t)k;
	}
	if (used < sizeof note)
		used += (size_t)snprintf(note + used, sizeof note - used,
		    " (the same ClientHello)");
	if (used >= room)
		used = (size_t)snprintf(note, sizeof note, "%sone handshake "
		    "shared by %zu profiles (the same ClientHello)", sep, n);
	if (used < room)
		memcpy(r->detail + strlen(r->detail), note, used + 1);
}

void
probe_run_shared(const struct probe_job *job,
    const struct profile *const *profiles, size_t n,
    const atomic_bool *cancel, struct probe_result *out)
{
	const struct probe_ops *backend;
	struct probe_job one;
	size_t i, k;

	if (n == 0)
		return;
	backend = backend_ops(job != NULL ? job->backend :
	    PROBE_BACKEND_DEFAULT);
	for (i = 0; i < n; i++) {
		result_init(&out[i]);
		out[i].method = backend->name;
	}
	for (i = 0; i < n; i++)
		if (not_started(job, profiles[i], cancel, &out[i]))
			break;
	if (i < n) {
		/* What stops one of them stops the exchange they share. */
		for (k = 0; k < n; k++)
			out[k] = out[i];
		return;
	}
	if (backend->run_shared == NULL) {
		for (i = 0; i < n; i++) {
			one = *job;
			one.profile = profiles[i];
			backend->run(&one, cancel, &out[i]);
			/* One handshake each, unless it never connected. */
			out[i].connections = out[i].reason != REASON_LOCAL;
		}
		return;
	}
	backend->run_shared(job, profiles, n, cancel, out);
	if (n < 2)
		return;
	for (i = 0; i < n; i++) {
		out[i].shared_by = n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
		shared_note(&out[i], profiles, n);
	}
}

const char *
probe_tls_library_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
