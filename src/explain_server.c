/*
 * explain_server.c: what explain.h says of a server as a whole: a refusal
 * certain from the enumeration alone (explain_certain_refusal), the one
 * server change that fixes the most profiles (explain_server_fix), and
 * a server's configuration signature and how siblings differ
 * (explain_server_signature, explain_server_diff), and the cipher
 * string of what it accepts (explain_cipher_string). Pure; main thread.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bytes.h"
#include "explain.h"
#include "explain_int.h"
#include "tls_names.h"

/* "ECDHE-RSA-AES128-SHA:AES256-SHA" of what the server accepts at v. */
void
explain_cipher_string(const struct server_info *si, char *buf, size_t len)
{
	size_t i, j;

	buf[0] = '\0';
	for (i = 0; i < si->n_protocols; i++) {
		const struct server_protocol *sp = &si->protocols[i];

		if (!sp->accepted || sp->version == TLS_VERSION_TLS13)
			continue;
		for (j = 0; j < sp->n_suites; j++) {
			const struct tls_suite *s = tls_suite_by_code(
			    sp->suites[j]);

			if (s == NULL || s->openssl == NULL)
				continue;
			if (strstr(buf, s->openssl) != NULL)
				continue;
			explain_cat(buf, len, "%s%s", buf[0] ? ":" : "", s->openssl);
		}
	}
}

enum fail_reason
explain_certain_refusal(const struct profile *p, const struct server_info *si)
{
	uint16_t sv[SERVER_MAX_PROTOCOLS];
	const struct server_protocol *sp;
	size_t ns, i, j;
	bool common = false;

	ns = explain_server_versions(si, sv, SERVER_MAX_PROTOCOLS);
	if (ns == 0)
		return REASON_NONE;	/* nothing known to compare with */
	for (i = 0; i < ns; i++) {
		if (!explain_offers_version(p, sv[i]))
			continue;
		common = true;
		sp = server_protocol(si, sv[i]);
		for (j = 0; sp != NULL && j < sp->n_suites; j++)
			if (explain_offers_suite(p, sp->suites[j]))
				return REASON_NONE;
	}
	return common ? REASON_NO_SHARED_CIPHER : REASON_NO_SHARED_PROTOCOL;
}

void
explain_server_fix(const struct profile *const *profiles, size_t n,
    const struct server_info *si, char *buf, size_t len)
{
	bool covered[256];
	uint16_t picked[16];
	size_t npicked = 0, i, k, left = 0;
	char have[512];

	buf[0] = '\0';
	if (si == NULL || !si->done || si->error_reason != REASON_NONE)
		return;
	if (n > sizeof covered / sizeof covered[0])
		n = sizeof covered / sizeof covered[0];
	/* A profile is covered if it shares a suite at a shared version. */
	for (k = 0; k < n; k++) {
		const struct profile *p = profiles[k];

		covered[k] = false;
		for (i = 0; i < si->n_protocols && !covered[k]; i++) {
			const struct server_protocol *sp = &si->protocols[i];
			size_t j;

			if (!sp->accepted || !explain_offers_version(p,
			    sp->version))
				continue;
			for (j = 0; j < sp->n_suites; j++)
				if (explain_offers_suite(p, sp->suites[j]))
					covered[k] = true;
		}
		if (!covered[k])
			left++;
	}
	/* Greedy set cover: each round, the suite most uncovered profiles
	 * would share (the first profile's choice breaks ties). */
	while (left > 0 && npicked < sizeof picked / sizeof picked[0]) {
		uint16_t best = 0;
		size_t best_n = 0;

		for (k = 0; k < n; k++) {
			uint16_t cand;
			size_t m, cnt = 0;

			if (covered[k])
				continue;
			cand = explain_suite_to_enable(profiles[k], si);
			if (cand == 0)
				continue;
			for (m = 0; m < n; m++)
				if (!covered[m] && explain_offers_suite(
				    profiles[m], cand))
					cnt++;
			if (cnt > best_n) {
				best = cand;
				best_n = cnt;
			}
		}
		if (best == 0)
			break;
		picked[npicked++] = best;
		for (k = 0; k < n; k++)
			if (!covered[k] && explain_offers_suite(profiles[k],
			    best)) {
				covered[k] = true;
				left--;
			}
	}
	if (npicked == 0)
		return;
	explain_cipher_string(si, have, sizeof have);
	snprintf(buf, len, "enable");
	for (i = 0; i < npicked; i++)
		explain_cat(buf, len, "%s %s", i ? "," : "", explain_sname(picked[i]));
	explain_cat(buf, len, ": OpenSSL/nginx: ssl_ciphers '");
	for (i = 0; i < npicked; i++)
		explain_cat(buf, len, "%s%s", i ? ":" : "", explain_sname(picked[i]));
	explain_cat(buf, len, "%s%s';", have[0] ? ":" : "", have);
	if (left > 0)
		explain_cat(buf, len, " (%zu profile%s would still fail: no suite "
		    "this server's certificate and versions allow)", left,
		    left == 1 ? "" : "s");
}

/* FNV-1a, enough to tell configurations apart at a glance. */
static uint32_t
fnv(uint32_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0) {
		h ^= *b++;
		h *= 16777619u;
	}
	return h;
}

void
explain_server_signature(const struct server_info *si, char *buf, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	if (si == NULL || !si->done) {
		snprintf(buf, len, "--------");
		return;
	}
	for (i = 0; i < si->n_protocols; i++) {
		const struct server_protocol *sp = &si->protocols[i];

		if (!sp->accepted)
			continue;
		h = fnv(h, &sp->version, sizeof sp->version);
		h = fnv(h, sp->suites, sp->n_suites * sizeof *sp->suites);
		h = fnv(h, &sp->server_preference, 1);
	}
	h = fnv(h, si->groups12, si->n_groups12 * sizeof *si->groups12);
	h = fnv(h, si->groups13, si->n_groups13 * sizeof *si->groups13);
	if (si->have_cert)
		h = fnv(h, si->cert.sha256, strlen(si->cert.sha256));
	h = fnv(h, &si->dh_bits, sizeof si->dh_bits);
	snprintf(buf, len, "%08x", (unsigned)h);
}

void
explain_server_diff(const struct server_info *si,
    const struct server_info *ref, char *buf, size_t len)
{
	static const uint16_t versions[] = { TLS_VERSION_TLS13,
	    TLS_VERSION_TLS12, TLS_VERSION_TLS11, TLS_VERSION_TLS10,
	    TLS_VERSION_SSL3 };
	size_t v, i;

	buf[0] = '\0';
	if (si == NULL || ref == NULL || !si->done || !ref->done)
		return;
	for (v = 0; v < sizeof versions / sizeof versions[0]; v++) {
		const struct server_protocol *a = server_protocol(si,
		    versions[v]);
		const struct server_protocol *b = server_protocol(ref,
		    versions[v]);
		bool ina = a != NULL && a->accepted;
		bool inb = b != NULL && b->accepted;

		if (ina != inb) {
			explain_cat(buf, len, "%s: %s\n", explain_vname(versions[v]),
			    ina ? "accepted here, refused by the others" :
			    "refused here, accepted by the others");
			continue;
		}
		if (!ina)
			continue;
		for (i = 0; i < b->n_suites; i++)
			if (!u16_list_has(a->suites, a->n_suites, b->suites[i]))
				explain_cat(buf, len, "%s: lacks %s\n",
				    explain_vname(versions[v]), explain_sname(b->suites[i]));
		for (i = 0; i < a->n_suites; i++)
			if (!u16_list_has(b->suites, b->n_suites, a->suites[i]))
				explain_cat(buf, len, "%s: adds %s\n",
				    explain_vname(versions[v]), explain_sname(a->suites[i]));
	}
	if (si->have_cert && ref->have_cert &&
	    strcmp(si->cert.sha256, ref->cert.sha256) != 0)
		explain_cat(buf, len, "certificate differs\n");
	if (si->dh_bits != ref->dh_bits)
		explain_cat(buf, len, "DH group: %d bits here, %d on the others\n",
		    si->dh_bits, ref->dh_bits);
}
