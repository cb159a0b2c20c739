/*
 * probe.c: the front of the probe module (probe.h).
 *
 * Builds the shared trust stores once (probe_env_build, main thread,
 * before workers start): the system store, each profile's store of
 * data/trust/ or --trust file (unions for profiles that read several),
 * or the one --ca-file every profile trusts; and the AIA cache. Then
 * dispatches each probe to a backend through struct probe_ops
 * (probe_int.h), as curl's vtls.c does. probe_run is called on worker
 * threads; the env is only read there (X509_STORE locks itself for the
 * lookups OpenSSL makes during verification, the AIA cache has its own
 * lock).
 */
#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cert.h"
#include "probe.h"
#include "probe_int.h"
#include "result.h"
#include "trust.h"
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

bool
probe_backend_shares(enum probe_backend b)
{
	return backend_ops(b)->run_shared != NULL;
}

/* Adds ts to env's stores, which free it. */
static struct trust_store *
own(struct probe_env *env, struct trust_store *ts)
{
	env->owned = xreallocarray(env->owned, env->n_owned + 1,
	    sizeof *env->owned);
	env->owned[env->n_owned++] = ts;
	return ts;
}

/* The store of data/trust/ID.pem, loaded once; NULL and why if it is not
 * installed. A file that is there but broken is an error. */
static enum status
store_by_id(struct probe_env *env, const struct probe_env_config *cfg,
    struct trust_store *system, const char *id, struct trust_store **out,
    char *missing, size_t mlen, char *err, size_t errlen)
{
	char path[PATH_MAX];
	size_t i;
	enum status st;

	*out = NULL;
	if (strcmp(id, "system") == 0) {
		*out = system;
		return ST_OK;
	}
	for (i = 0; i < env->n_owned; i++) {
		if (strcmp(trust_store_info(env->owned[i])->id, id) == 0 &&
		    trust_store_info(env->owned[i])->path[0] != '\0') {
			*out = env->owned[i];
			return ST_OK;
		}
	}
	snprintf(path, sizeof path, "%s/%s.pem", cfg->trust_dir != NULL ?
	    cfg->trust_dir : ".", id);
	if (access(path, F_OK) != 0) {
		snprintf(missing, mlen, "trust store %s is not installed (%.180s)",
		    id, path);
		return ST_OK;
	}
	st = trust_store_load(path, id, out, err, errlen);
	if (st == ST_OK)
		own(env, *out);
	return st;
}

/* Finds or makes the store of p: its override, or its ids. */
static enum status
store_of_profile(struct probe_env *env, const struct probe_env_config *cfg,
    struct trust_store *system, const struct profile *p,
    struct probe_env_store *pe, char *err, size_t errlen)
{
	struct trust_store *parts[PROFILE_MAX_STORES], *ts;
	size_t i, k, used = 0;
	enum status st;

	snprintf(pe->profile_id, sizeof pe->profile_id, "%s", p->id);
	for (i = 0; i < cfg->n_overrides; i++) {
		if (strcmp(cfg->overrides[i].profile_id, p->id) != 0)
			continue;
		snprintf(pe->label, sizeof pe->label, "--trust %s", p->id);
		st = trust_store_load(cfg->overrides[i].file, pe->label, &ts,
		    err, errlen);
		if (st != ST_OK)
			return st;
		pe->ts = own(env, ts);
		return ST_OK;
	}
	for (i = 0; i < p->n_trust_store; i++) {
		st = store_by_id(env, cfg, system, p->trust_store[i], &parts[i],
		    pe->missing, sizeof pe->missing, err, errlen);
		if (st != ST_OK) {
			char what[RESULT_TEXT_MAX];

			snprintf(what, sizeof what, "%s", err);
			snprintf(err, errlen, "profile %s: %s", p->id, what);
			return st;
		}
		if (parts[i] == NULL)
			return ST_OK;	/* not installed: pe->missing says */
		used += (size_t)snprintf(pe->label + used, used <
		    sizeof pe->label ? sizeof pe->label - used : 0, "%s%s",
		    i > 0 ? "+" : "", p->trust_store[i]);
		if (used >= sizeof pe->label)
			used = sizeof pe->label - 1;
	}
	if (p->n_trust_store == 1) {
		pe->ts = parts[0];
		return ST_OK;
	}
	/* A client that reads several stores: one union per combination. */
	for (k = 0; k < env->n_owned; k++) {
		if (strcmp(trust_store_info(env->owned[k])->id, pe->label) == 0) {
			pe->ts = env->owned[k];
			return ST_OK;
		}
	}
	pe->ts = own(env, trust_store_union(parts, p->n_trust_store,
	    pe->label));
	return ST_OK;
}

enum status
probe_env_build(const struct probe_env_config *cfg, struct probe_env **out,
    char *err, size_t errlen)
{
	struct probe_env *env;
	struct trust_store *ts = NULL;
	size_t i, k, used = 0;
	enum status st = ST_OK;

	*out = NULL;
	ERR_clear_error();
	env = xcalloc(1, sizeof *env);
	env->aia = probe_aia_cache_new();
	env->no_fetch = cfg->no_fetch;
	env->may_resolve = cfg->may_resolve;
	env->family = cfg->family;
	if (cfg->n_resolve > 0) {
		env->resolve = xcalloc(cfg->n_resolve, sizeof *env->resolve);
		memcpy(env->resolve, cfg->resolve, cfg->n_resolve *
		    sizeof *env->resolve);
		env->n_resolve = cfg->n_resolve;
	}
	if (cfg->n_dns > 0) {
		env->dns = xcalloc(cfg->n_dns, sizeof *env->dns);
		memcpy(env->dns, cfg->dns, cfg->n_dns * sizeof *env->dns);
		env->n_dns = cfg->n_dns;
	}
	if (cfg->ca_file != NULL) {
		st = trust_store_load(cfg->ca_file, "ca-file", &ts, err, errlen);
		snprintf(env->fallback_label, sizeof env->fallback_label,
		    "ca-file");
		env->everyone = true;
	} else if (cfg->ca_pem != NULL) {
		st = trust_store_from_pem(cfg->ca_pem, strlen(cfg->ca_pem),
		    "CA text", "ca", &ts, err, errlen);
		snprintf(env->fallback_label, sizeof env->fallback_label, "ca");
		env->everyone = true;
	} else {
		st = cfg->system_store != NULL ?
		    trust_store_load(cfg->system_store, "system", &ts, err,
		    errlen) : trust_store_default(&ts, err, errlen);
		snprintf(env->fallback_label, sizeof env->fallback_label,
		    "system");
	}
	if (st != ST_OK)
		goto out;
	env->fallback = own(env, ts);
	env->store = trust_store_x509(ts);
	for (i = 0; i < cfg->n_overrides; i++) {
		for (k = 0; k < cfg->n_profiles; k++)
			if (strcmp(cfg->profiles[k]->id,
			    cfg->overrides[i].profile_id) == 0)
				break;
		if (k == cfg->n_profiles) {
			snprintf(err, errlen, "--trust %s=%s: no profile %s",
			    cfg->overrides[i].profile_id,
			    cfg->overrides[i].file,
			    cfg->overrides[i].profile_id);
			st = ST_EINVAL;
			goto out;
		}
	}
	for (i = 0; i < cfg->n_profiles; i++) {
		const struct profile *p = cfg->profiles[i];

		if (p->aia_fetch && used + strlen(p->id) + 3 <
		    sizeof env->fetchers)
			used += (size_t)snprintf(env->fetchers + used,
			    sizeof env->fetchers - used, "%s%s",
			    used > 0 ? ", " : "", p->id);
	}
	if (!env->everyone && cfg->n_profiles > 0) {
		env->per = xcalloc(cfg->n_profiles, sizeof *env->per);
		for (i = 0; i < cfg->n_profiles; i++) {
			st = store_of_profile(env, cfg, env->fallback,
			    cfg->profiles[i], &env->per[i], err, errlen);
			if (st != ST_OK)
				goto out;
			env->n_per++;
		}
	}
	*out = env;
	env = NULL;
out:
	probe_env_free(env);
	ERR_clear_error();
	return st;
}

enum status
probe_env_new(const char *ca_file, const char *ca_pem, struct probe_env **out,
    char *err, size_t errlen)
{
	struct probe_env_config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.ca_file = ca_file;
	cfg.ca_pem = ca_pem;
	return probe_env_build(&cfg, out, err, errlen);
}

/* Copies the first queued OpenSSL error into err after what, or what
 * alone; clears the queue. */
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

enum status
probe_env_set_client_cert(struct probe_env *env, const char *cert_file,
    const char *key_file, char *err, size_t errlen)
{
	struct cert_summary cs;
	unsigned char *der = NULL;
	X509 *x = NULL;
	EVP_PKEY *k = NULL;
	BIO *b;
	char what[300];
	int len;

	ERR_clear_error();
	if ((b = BIO_new_file(cert_file, "r")) != NULL) {
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
		BIO_free(b);
	}
	if (x == NULL) {
		snprintf(what, sizeof what, "cannot read a PEM certificate "
		    "from --cert %s", cert_file);
		ossl_err(err, errlen, what);
		return ST_EIO;
	}
	if ((b = BIO_new_file(key_file, "r")) != NULL) {
		k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
		BIO_free(b);
	}
	if (k == NULL) {
		snprintf(what, sizeof what, "cannot read a PEM private key "
		    "(RSA, ECDSA, Ed25519; not encrypted) from --key %s",
		    key_file);
		ossl_err(err, errlen, what);
		X509_free(x);
		return ST_EIO;
	}
	if (X509_check_private_key(x, k) != 1) {
		snprintf(what, sizeof what, "--key %s does not match the "
		    "certificate of --cert %s", key_file, cert_file);
		ossl_err(err, errlen, what);
		X509_free(x);
		EVP_PKEY_free(k);
		return ST_EINVAL;
	}
	X509_free(env->client_cert);
	EVP_PKEY_free(env->client_key);
	env->client_cert = x;
	env->client_key = k;
	env->client_subject[0] = '\0';
	if ((len = i2d_X509(x, &der)) > 0 && cert_summary_from_der(der,
	    (size_t)len, &cs) == ST_OK)
		snprintf(env->client_subject, sizeof env->client_subject,
		    "%.127s", cs.subject);
	OPENSSL_free(der);
	return ST_OK;
}

void
probe_env_free(struct probe_env *env)
{
	size_t i;

	if (env == NULL)
		return;
	for (i = 0; i < env->n_owned; i++)
		trust_store_free(env->owned[i]);
	free(env->owned);
	free(env->per);
	free(env->resolve);
	free(env->dns);
	probe_aia_cache_free(env->aia);
	X509_free(env->client_cert);
	EVP_PKEY_free(env->client_key);
	free(env);
}

const struct trust_store *
probe_env_store_for(const struct probe_env *env, const struct profile *p,
    const char **label, const char **missing)
{
	size_t i;

	*missing = NULL;
	if (!env->everyone && p != NULL) {
		for (i = 0; i < env->n_per; i++) {
			if (strcmp(env->per[i].profile_id, p->id) != 0)
				continue;
			*label = env->per[i].label[0] != '\0' ?
			    env->per[i].label : p->trust_store[0];
			if (env->per[i].ts == NULL)
				*missing = env->per[i].missing;
			return env->per[i].ts;
		}
	}
	*label = env->fallback_label;
	return env->fallback;
}

const char *
probe_env_store_label(const struct probe_env *env, const struct profile *p)
{
	const char *label, *missing;

	(void)probe_env_store_for(env, p, &label, &missing);
	return label;
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
