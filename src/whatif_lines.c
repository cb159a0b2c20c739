/*
 * whatif_lines.c: the fix preview's configuration lines (whatif.h, issue
 * #16): a spec, or one made from a server's enumeration, written back
 * as nginx, Apache or HAProxy lines. Main thread; no network.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls_names.h"
#include "whatif.h"
#include "whatif_int.h"
#include "xmem.h"

/* Appends a line to buf (bounded). */
void
whatif_add_line(char *buf, size_t len, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (buf == NULL || len == 0)
		return;
	used = strnlen(buf, len);
	if (used + 2 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	used = strnlen(buf, len);
	if (used + 1 < len) {
		buf[used] = '\n';
		buf[used + 1] = '\0';
	}
}

/* A colon list of OpenSSL suite names into buf. */
static void
suite_names(const uint16_t *v, size_t n, char *buf, size_t len)
{
	const struct tls_suite *ts;
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used + 2 < len; i++) {
		ts = tls_suite_by_code(v[i]);
		if (ts == NULL)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used ? ":" : "", ts->openssl != NULL && !ts->tls13 ?
		    ts->openssl : ts->iana);
	}
}

static void
group_names(const uint16_t *v, size_t n, char *buf, size_t len)
{
	size_t i, used = 0;
	const char *g;

	buf[0] = '\0';
	for (i = 0; i < n && used + 2 < len; i++)
		if ((g = tls_group_name(v[i])) != NULL)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
			    used ? ":" : "", g);
}

/* A spec from an enumeration: what whatif_nginx_lines writes. */
void
whatif_spec_from(const struct server_info *si, struct whatif_spec *s)
{
	const struct server_protocol *sp;
	size_t i, j;
	uint8_t bits = 0;
	bool level0 = false;

	memset(s, 0, sizeof *s);
	for (i = 0; i < si->n_protocols; i++) {
		sp = &si->protocols[i];
		if (!sp->accepted)
			continue;
		bits |= (uint8_t)(1u << (sp->version & 7));
		if (sp->version < TLS_VERSION_TLS12)
			level0 = true;
		if (sp->preference_known && !s->has_preference) {
			s->has_preference = true;
			s->server_preference = sp->server_preference;
		}
		for (j = 0; j < sp->n_suites; j++) {
			uint16_t c = sp->suites[j];

			if (sp->version == TLS_VERSION_TLS13) {
				if (!whatif_has(s->suites13, s->n_suites13, c) &&
				    s->n_suites13 < WHATIF_MAX_SUITES)
					s->suites13[s->n_suites13++] = c;
			} else if (!whatif_has(s->ciphers, s->n_ciphers, c) &&
			    s->n_ciphers < WHATIF_MAX_SUITES) {
				s->cipher_min[s->n_ciphers] =
				    whatif_suite_min_version(c);
				s->ciphers[s->n_ciphers++] = c;
			}
		}
	}
	whatif_versions_set(s, bits);
	s->has_ciphers = s->n_ciphers > 0;
	s->has_suites13 = s->n_suites13 > 0;
	s->has_seclevel = level0;
	s->seclevel = level0 ? 0 : 2;
	if (si->n_groups13 > 0 || si->n_groups12 > 0) {
		const uint16_t *g = si->n_groups13 > 0 ? si->groups13 :
		    si->groups12;

		s->n_groups = si->n_groups13 > 0 ? si->n_groups13 :
		    si->n_groups12;
		if (s->n_groups > WHATIF_MAX_GROUPS)
			s->n_groups = WHATIF_MAX_GROUPS;
		memcpy(s->groups, g, s->n_groups * sizeof g[0]);
		s->has_groups = true;
	}
	if (si->dh_bits > 0) {
		s->has_dh = true;
		s->dh_bits = si->dh_bits;
	}
}

void
whatif_spec_lines(const struct whatif_spec *s, enum whatif_flavour fl,
    char *buf, size_t len)
{
	char list[4096], v[64];
	size_t i, used = 0;
	bool lvl0 = s->has_seclevel && s->seclevel == 0;

	buf[0] = '\0';
	v[0] = '\0';
	for (i = s->n_versions; i > 0; i--) {
		const char *n = tls_version_name(s->versions[i - 1]);

		if (n == NULL)
			continue;
		if (fl == WHATIF_APACHE)
			used += (size_t)snprintf(v + used, sizeof v - used,
			    "%s+%s", used ? " " : "-all ", n);
		else
			used += (size_t)snprintf(v + used, sizeof v - used,
			    "%s%s", used ? " " : "", n);
		if (used >= sizeof v)
			break;
	}
	if (s->has_versions && s->n_versions > 0) {
		if (fl == WHATIF_NGINX)
			whatif_add_line(buf, len, "ssl_protocols %s;", v);
		else if (fl == WHATIF_APACHE)
			whatif_add_line(buf, len, "SSLProtocol %s", v);
		else {
			char lo[16], hi[16];

			snprintf(lo, sizeof lo, "%s", tls_version_name(
			    s->versions[s->n_versions - 1]));
			snprintf(hi, sizeof hi, "%s",
			    tls_version_name(s->versions[0]));
			if (strcmp(lo, "TLSv1") == 0)
				snprintf(lo, sizeof lo, "TLSv1.0");
			if (strcmp(hi, "TLSv1") == 0)
				snprintf(hi, sizeof hi, "TLSv1.0");
			whatif_add_line(buf, len, "ssl-min-ver %s", lo);
			whatif_add_line(buf, len, "ssl-max-ver %s", hi);
		}
	}
	if (s->has_ciphers && s->n_ciphers > 0) {
		suite_names(s->ciphers, s->n_ciphers, list, sizeof list - 16);
		if (lvl0)	/* the 16 bytes kept free above */
			snprintf(list + strlen(list), sizeof list - strlen(list),
			    ":@SECLEVEL=0");
		whatif_add_line(buf, len, fl == WHATIF_NGINX ? "ssl_ciphers %s;" :
		    fl == WHATIF_APACHE ? "SSLCipherSuite %s" : "ciphers %s",
		    list);
	}
	if (s->has_suites13 && s->n_suites13 > 0) {
		suite_names(s->suites13, s->n_suites13, list, sizeof list);
		whatif_add_line(buf, len, fl == WHATIF_NGINX ?
		    "ssl_conf_command Ciphersuites %s;" : fl == WHATIF_APACHE ?
		    "SSLOpenSSLConfCmd Ciphersuites %s" : "ciphersuites %s",
		    list);
	}
	if (s->has_preference) {
		if (fl == WHATIF_NGINX)
			whatif_add_line(buf, len, "ssl_prefer_server_ciphers %s;",
			    s->server_preference ? "on" : "off");
		else if (fl == WHATIF_APACHE)
			whatif_add_line(buf, len, "SSLHonorCipherOrder %s",
			    s->server_preference ? "on" : "off");
		else if (!s->server_preference)
			whatif_add_line(buf, len, "prefer-client-ciphers");
	}
	if (s->has_groups && s->n_groups > 0) {
		group_names(s->groups, s->n_groups, list, sizeof list);
		whatif_add_line(buf, len, fl == WHATIF_NGINX ? "ssl_ecdh_curve %s;" :
		    fl == WHATIF_APACHE ? "SSLOpenSSLConfCmd Curves %s" :
		    "curves %s", list);
	}
	if (s->has_dh && fl == WHATIF_NGINX)
		whatif_add_line(buf, len, "ssl_dhparam dhparam%d.pem;", s->dh_bits);
}

void
whatif_nginx_lines(const struct server_info *si, char *buf, size_t len)
{
	struct whatif_spec *s = xcalloc(1, sizeof *s);

	whatif_spec_from(si, s);
	whatif_spec_lines(s, WHATIF_NGINX, buf, len);
	free(s);
}
