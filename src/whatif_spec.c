/*
 * whatif_spec.c: the fix preview's spec (whatif.h, issue #16): nginx,
 * Apache and HAProxy lines read into a struct whatif_spec. Every cipher
 * string, suite list and group list goes to OpenSSL's own parser
 * (whatif_expand.c); writing a spec back as lines is whatif_lines.c's.
 * Main thread; no network.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fileio.h"
#include "tls_names.h"
#include "whatif.h"
#include "whatif_int.h"
#include "xmem.h"

bool
whatif_has(const uint16_t *v, size_t n, uint16_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static void
fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* --- the spec ------------------------------------------------------- */

#define MAX_TOKENS	64

struct stmt {
	char	*tok[MAX_TOKENS];
	size_t	 n;
	int	 line;
};

static bool
expand_ciphers(struct whatif_spec *s, const char *str, char *why,
    size_t whylen)
{
	return whatif_expand(s, str, false, why, whylen);
}

static bool
expand_suites13(struct whatif_spec *s, const char *str, char *why,
    size_t whylen)
{
	return whatif_expand(s, str, true, why, whylen);
}

/* "TLSv1.2" and friends; SSLv2 is refused, SSLv3 kept (OpenSSL here
 * cannot speak it: whatif_apply drops it). */
static bool
version_of(const char *t, uint16_t *v)
{
	if (strcasecmp(t, "TLSv1.0") == 0) {
		*v = TLS_VERSION_TLS10;
		return true;
	}
	return tls_version_parse(t, v) && *v >= TLS_VERSION_SSL3 &&
	    *v <= TLS_VERSION_TLS13;
}

/* The versions of bits (1 << (v & 7)) as an absolute list, newest first. */
void
whatif_versions_set(struct whatif_spec *s, uint8_t bits)
{
	uint16_t v;

	s->n_versions = 0;
	for (v = TLS_VERSION_TLS13; v >= TLS_VERSION_SSL3; v--)
		if (bits & (1u << (v & 7)))
			s->versions[s->n_versions++] = v;
	s->has_versions = true;
	s->versions_relative = false;
}

/* "on"/"off" (any case). */
static bool
on_off(const char *t, bool *out)
{
	if (strcasecmp(t, "on") == 0)
		*out = true;
	else if (strcasecmp(t, "off") == 0)
		*out = false;
	else
		return false;
	return true;
}

/* A size: "2048", "ffdhe2048", or a file name with the size in it
 * ("/etc/nginx/dh2048.pem"): what the prediction needs of ssl_dhparam. */
static bool
dh_size(const char *t, int *bits)
{
	const char *base = strrchr(t, '/'), *p;
	long v = 0;

	base = base != NULL ? base + 1 : t;
	for (p = base; *p != '\0' && !isdigit((unsigned char)*p); p++)
		;
	if (*p == '\0')
		return false;
	while (isdigit((unsigned char)*p) && v < 100000)
		v = v * 10 + (*p++ - '0');
	if (v < 512 || v > 16384)
		return false;
	*bits = (int)v;
	return true;
}

/* The joined tokens from i on, for values that may hold spaces. */
static void
join(const struct stmt *st, size_t i, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; i < st->n && used + 2 < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used ? " " : "", st->tok[i]);
}

static enum status
conf_cmd(struct whatif_spec *s, const struct stmt *st, const char *who,
    char *err, size_t errlen)
{
	char why[160];
	uint16_t v;

	if (st->n != 3) {
		fail(err, errlen, "line %d: %s needs a command and a value",
		    st->line, who);
		return ST_EINVAL;
	}
	why[0] = '\0';
	if (strcasecmp(st->tok[1], "Ciphersuites") == 0) {
		if (!expand_suites13(s, st->tok[2], why, sizeof why))
			goto bad;
	} else if (strcasecmp(st->tok[1], "Curves") == 0 ||
	    strcasecmp(st->tok[1], "Groups") == 0) {
		if (!whatif_expand_groups(s, st->tok[2], why, sizeof why))
			goto bad;
	} else if (strcasecmp(st->tok[1], "MinProtocol") == 0 ||
	    strcasecmp(st->tok[1], "MaxProtocol") == 0) {
		if (!version_of(st->tok[2], &v)) {
			snprintf(why, sizeof why, "not a protocol version");
			goto bad;
		}
		if (strcasecmp(st->tok[1], "MinProtocol") == 0)
			s->min_version = v;
		else
			s->max_version = v;
	} else {
		fail(err, errlen, "line %d: %s %s: not understood (Ciphersuites, "
		    "Curves, Groups, MinProtocol and MaxProtocol are)", st->line,
		    who, st->tok[1]);
		return ST_EINVAL;
	}
	return ST_OK;
bad:
	fail(err, errlen, "line %d: %s %s \"%s\": %s", st->line, who,
	    st->tok[1], st->tok[2], why);
	return ST_EINVAL;
}

/* HAProxy keywords from st->tok[i] on (a bind line, the global
 * ssl-default-bind-options, or one keyword on its own line). */
static enum status
haproxy_words(struct whatif_spec *s, const struct stmt *st, size_t i,
    char *err, size_t errlen)
{
	char why[160];
	const char *k;
	uint16_t v;

	s->flavours |= WHATIF_HAPROXY;
	for (; i < st->n; i++) {
		k = st->tok[i];
		why[0] = '\0';
		if (strcmp(k, "ssl") == 0 || strcmp(k, "strict-sni") == 0 ||
		    strcmp(k, "no-tls-tickets") == 0)
			continue;
		if (strcmp(k, "prefer-client-ciphers") == 0) {
			s->has_preference = true;
			s->server_preference = false;
			continue;
		}
		if (strncmp(k, "no-", 3) == 0 || strncmp(k, "force-", 6) == 0) {
			const char *name = k + (k[0] == 'n' ? 3 : 6);
			static const struct { const char *n; uint16_t v; } t[] = {
				{ "sslv3", 0x0300 }, { "tlsv10", 0x0301 },
				{ "tlsv11", 0x0302 }, { "tlsv12", 0x0303 },
				{ "tlsv13", 0x0304 },
			};
			size_t j;

			for (j = 0; j < sizeof t / sizeof t[0]; j++)
				if (strcmp(name, t[j].n) == 0)
					break;
			if (j == sizeof t / sizeof t[0])
				goto unknown;
			if (k[0] == 'n') {
				s->v_del |= (uint8_t)(1u << (t[j].v & 7));
				s->versions_relative = !s->has_versions;
			} else {
				s->min_version = s->max_version = t[j].v;
			}
			continue;
		}
		if (strcmp(k, "crt") != 0 && strcmp(k, "ca-file") != 0 &&
		    strcmp(k, "alpn") != 0 && strcmp(k, "crt-list") != 0 &&
		    strcmp(k, "ssl-min-ver") != 0 &&
		    strcmp(k, "ssl-max-ver") != 0 && strcmp(k, "ciphers") != 0 &&
		    strcmp(k, "ciphersuites") != 0 && strcmp(k, "curves") != 0)
			goto unknown;
		if (i + 1 >= st->n) {
			fail(err, errlen, "line %d: %s needs a value", st->line,
			    k);
			return ST_EINVAL;
		}
		if (strcmp(k, "crt") == 0 || strcmp(k, "ca-file") == 0 ||
		    strcmp(k, "alpn") == 0 || strcmp(k, "crt-list") == 0) {
			if (strcmp(k, "crt") == 0 || strcmp(k, "crt-list") == 0)
				s->cert_given = true;
			i++;
			continue;
		}
		if (strcmp(k, "ssl-min-ver") == 0 ||
		    strcmp(k, "ssl-max-ver") == 0) {
			if (!version_of(st->tok[i + 1], &v)) {
				fail(err, errlen, "line %d: %s \"%s\": not a "
				    "protocol version", st->line, k,
				    st->tok[i + 1]);
				return ST_EINVAL;
			}
			if (k[5] == 'i')
				s->min_version = v;
			else
				s->max_version = v;
		} else if (strcmp(k, "ciphers") == 0) {
			if (!expand_ciphers(s, st->tok[i + 1], why, sizeof why))
				goto bad;
		} else if (strcmp(k, "ciphersuites") == 0) {
			if (!expand_suites13(s, st->tok[i + 1], why, sizeof why))
				goto bad;
		} else if (strcmp(k, "curves") == 0) {
			if (!whatif_expand_groups(s, st->tok[i + 1], why, sizeof why))
				goto bad;
		} else
			goto unknown;
		i++;
		continue;
bad:
		fail(err, errlen, "line %d: %s \"%s\": %s", st->line, k,
		    st->tok[i + 1], why);
		return ST_EINVAL;
	}
	return ST_OK;
unknown:
	fail(err, errlen, "line %d: unknown HAProxy keyword \"%s\"", st->line,
	    st->tok[i]);
	return ST_EINVAL;
}

/* Apache's SSLProtocol: "all -TLSv1 -TLSv1.1", "-all +TLSv1.2", or a
 * plain list (each plain word replaces what came before, as mod_ssl
 * does, with its warning). Only +/- words: over what was found. */
static enum status
apache_protocol(struct whatif_spec *s, const struct stmt *st, char *err,
    size_t errlen)
{
	uint8_t bits = 0, all = 0x1e;	/* TLS 1.0 to 1.3 */
	bool absolute = false;
	const char *w;
	uint16_t v;
	size_t i;
	char op;

	for (i = 1; i < st->n; i++) {
		w = st->tok[i];
		op = *w == '+' || *w == '-' ? *w++ : '\0';
		if (strcasecmp(w, "all") == 0) {
			if (op == '-') {
				bits = 0;
				absolute = true;
			} else {
				bits = op == '+' ? bits | all : all;
				absolute = true;
			}
			continue;
		}
		if (!version_of(w, &v)) {
			fail(err, errlen, "line %d: SSLProtocol \"%s\": not a "
			    "protocol", st->line, st->tok[i]);
			return ST_EINVAL;
		}
		if (op == '\0') {
			bits = (uint8_t)(1u << (v & 7));
			absolute = true;
		} else if (op == '+') {
			bits |= (uint8_t)(1u << (v & 7));
			s->v_add |= (uint8_t)(1u << (v & 7));
		} else {
			bits &= (uint8_t)~(1u << (v & 7));
			s->v_del |= (uint8_t)(1u << (v & 7));
		}
	}
	if (absolute) {
		whatif_versions_set(s, bits);
		s->v_add = s->v_del = 0;
		if (s->n_versions == 0) {
			fail(err, errlen, "line %d: SSLProtocol leaves no "
			    "protocol", st->line);
			return ST_EINVAL;
		}
	} else
		s->versions_relative = true;
	return ST_OK;
}

/* Directives that change nothing the prediction reads. */
static bool
ignored(const char *d)
{
	static const char *const names[] = {
		"listen", "server_name", "ssl", "ssl_session_cache",
		"ssl_session_timeout", "ssl_session_tickets", "ssl_stapling",
		"ssl_stapling_verify", "ssl_trusted_certificate",
		"ssl_early_data", "ssl_buffer_size", "SSLEngine", "server",
		"http",
		"SSLSessionCache", "SSLSessionCacheTimeout", "SSLSessionTickets",
		"SSLUseStapling", "SSLCompression", "ServerName",
		"SSLCertificateChainFile", "add_header", "location", "return",
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(d, names[i]) == 0)
			return true;
	return false;
}

static enum status
one_stmt(struct whatif_spec *s, const struct stmt *st, char *err,
    size_t errlen)
{
	const char *d = st->tok[0];
	char val[WHATIF_TEXT_MAX], why[160];
	uint16_t v;
	uint8_t bits = 0;
	size_t i;
	bool b;

	why[0] = '\0';
	if (ignored(d))
		return ST_OK;
	if (strcmp(d, "ssl_certificate") == 0 ||
	    strcmp(d, "ssl_certificate_key") == 0 ||
	    strcasecmp(d, "SSLCertificateFile") == 0 ||
	    strcasecmp(d, "SSLCertificateKeyFile") == 0) {
		s->cert_given = true;
		return ST_OK;
	}
	if (strcmp(d, "bind") == 0) {
		/* HAProxy picks by its own order unless told otherwise
		 * (prefer-client-ciphers, below) */
		s->has_preference = true;
		s->server_preference = true;
		return haproxy_words(s, st, 2, err, errlen);
	}
	if (strcmp(d, "ssl-default-bind-options") == 0)
		return haproxy_words(s, st, 1, err, errlen);
	if (strcmp(d, "ssl-default-bind-ciphers") == 0 ||
	    strcmp(d, "ssl-default-bind-ciphersuites") == 0 ||
	    strcmp(d, "ssl-default-bind-curves") == 0) {
		struct stmt one = *st;
		char kw[32];

		snprintf(kw, sizeof kw, "%s", d + strlen("ssl-default-bind-"));
		one.tok[0] = kw;
		return haproxy_words(s, &one, 0, err, errlen);
	}
	if (strcmp(d, "ssl-min-ver") == 0 || strcmp(d, "ssl-max-ver") == 0 ||
	    strcmp(d, "ciphers") == 0 || strcmp(d, "ciphersuites") == 0 ||
	    strcmp(d, "curves") == 0 || strcmp(d, "prefer-client-ciphers") == 0
	    || strncmp(d, "no-tlsv1", 8) == 0 || strcmp(d, "no-sslv3") == 0)
		return haproxy_words(s, st, 0, err, errlen);

	if (strcmp(d, "ssl_protocols") == 0) {
		s->flavours |= WHATIF_NGINX;
		for (i = 1; i < st->n; i++) {
			if (!version_of(st->tok[i], &v)) {
				fail(err, errlen, "line %d: ssl_protocols \"%s\": "
				    "not a protocol", st->line, st->tok[i]);
				return ST_EINVAL;
			}
			bits |= (uint8_t)(1u << (v & 7));
		}
		if (bits == 0) {
			fail(err, errlen, "line %d: ssl_protocols names no "
			    "protocol", st->line);
			return ST_EINVAL;
		}
		whatif_versions_set(s, bits);
		return ST_OK;
	}
	if (strcmp(d, "ssl_ciphers") == 0 ||
	    strcasecmp(d, "SSLCipherSuite") == 0) {
		size_t first = 1;
		bool tls13 = false;

		s->flavours |= d[0] == 's' ? WHATIF_NGINX : WHATIF_APACHE;
		/* Apache 2.4.37: "SSLCipherSuite TLSv1.3 TLS_AES_..." */
		if (d[0] == 'S' && st->n == 3 &&
		    (strcasecmp(st->tok[1], "TLSv1.3") == 0 ||
		    strcasecmp(st->tok[1], "SSL") == 0)) {
			tls13 = strcasecmp(st->tok[1], "TLSv1.3") == 0;
			first = 2;
		}
		if (st->n != first + 1) {
			fail(err, errlen, "line %d: %s needs one cipher string",
			    st->line, d);
			return ST_EINVAL;
		}
		if (tls13 ? !expand_suites13(s, st->tok[first], why, sizeof why)
		    : !expand_ciphers(s, st->tok[first], why, sizeof why)) {
			fail(err, errlen, "line %d: %s \"%s\": %s", st->line, d,
			    st->tok[first], why);
			return ST_EINVAL;
		}
		return ST_OK;
	}
	if (strcmp(d, "ssl_prefer_server_ciphers") == 0 ||
	    strcasecmp(d, "SSLHonorCipherOrder") == 0) {
		s->flavours |= d[0] == 's' ? WHATIF_NGINX : WHATIF_APACHE;
		if (st->n != 2 || !on_off(st->tok[1], &b)) {
			fail(err, errlen, "line %d: %s takes on or off",
			    st->line, d);
			return ST_EINVAL;
		}
		s->has_preference = true;
		s->server_preference = b;
		return ST_OK;
	}
	if (strcmp(d, "ssl_ecdh_curve") == 0) {
		s->flavours |= WHATIF_NGINX;
		if (st->n != 2 || !whatif_expand_groups(s, st->tok[1], why,
		    sizeof why)) {
			join(st, 1, val, sizeof val);
			fail(err, errlen, "line %d: ssl_ecdh_curve \"%s\": %s",
			    st->line, val, why[0] ? why : "one list expected");
			return ST_EINVAL;
		}
		return ST_OK;
	}
	if (strcmp(d, "ssl_dhparam") == 0) {
		s->flavours |= WHATIF_NGINX;
		if (st->n != 2 || !dh_size(st->tok[1], &s->dh_bits)) {
			fail(err, errlen, "line %d: ssl_dhparam: give the size "
			    "in bits (2048), ffdhe2048 or a file named with its "
			    "size", st->line);
			return ST_EINVAL;
		}
		s->has_dh = true;
		return ST_OK;
	}
	if (strcmp(d, "ssl_conf_command") == 0) {
		s->flavours |= WHATIF_NGINX;
		return conf_cmd(s, st, d, err, errlen);
	}
	if (strcasecmp(d, "SSLOpenSSLConfCmd") == 0) {
		s->flavours |= WHATIF_APACHE;
		return conf_cmd(s, st, d, err, errlen);
	}
	if (strcasecmp(d, "SSLProtocol") == 0) {
		s->flavours |= WHATIF_APACHE;
		return apache_protocol(s, st, err, errlen);
	}
	fail(err, errlen, "line %d: unknown directive \"%.60s\" (nginx "
	    "ssl_protocols, ssl_ciphers, ssl_conf_command, "
	    "ssl_prefer_server_ciphers, ssl_ecdh_curve, ssl_dhparam; Apache "
	    "SSLProtocol, SSLCipherSuite, SSLHonorCipherOrder, "
	    "SSLOpenSSLConfCmd; HAProxy ssl-min-ver, ssl-max-ver, ciphers, "
	    "ciphersuites, curves, prefer-client-ciphers)", st->line, d);
	return ST_EINVAL;
}

/* Splits one statement (a line up to ';' or a newline) into tokens,
 * quotes removed. */
static bool
tokenize(char *p, struct stmt *st)
{
	char q;

	st->n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0')
			return true;
		if (st->n >= MAX_TOKENS)
			return false;
		if (*p == '"' || *p == '\'') {
			q = *p++;
			st->tok[st->n++] = p;
			while (*p != '\0' && *p != q)
				p++;
			if (*p == '\0')
				return false;
			*p++ = '\0';
			continue;
		}
		st->tok[st->n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
}

enum status
whatif_spec_parse(const char *text, size_t len, struct whatif_spec *out,
    char *err, size_t errlen)
{
	char *copy, *p, *end, *line_end, *stmt_end;
	struct stmt st;
	enum status rc = ST_OK;
	bool any = false;
	int line = 1;
	size_t used = 0, i;

	memset(out, 0, sizeof *out);
	if (len > WHATIF_SPEC_MAX) {
		fail(err, errlen, "the spec is longer than %d bytes",
		    WHATIF_SPEC_MAX);
		return ST_ERANGE;
	}
	if (memchr(text, '\0', len) != NULL) {
		fail(err, errlen, "the spec holds a NUL byte");
		return ST_EINVAL;
	}
	copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	end = copy + len;
	for (p = copy; p < end && rc == ST_OK; p = line_end + 1, line++) {
		line_end = strchr(p, '\n');
		if (line_end == NULL)
			line_end = end;
		*line_end = '\0';
		if ((stmt_end = strchr(p, '#')) != NULL)
			*stmt_end = '\0';
		/* statements end at ';' (nginx): one line may hold several */
		while (rc == ST_OK && p != NULL) {
			char *s = p;

			stmt_end = strchr(p, ';');
			if (stmt_end != NULL) {
				*stmt_end = '\0';
				p = stmt_end + 1;
			} else
				p = NULL;
			/* braces of a pasted block: server {, <VirtualHost> */
			for (i = 0; s[i] != '\0'; i++)
				if (s[i] == '{' || s[i] == '}')
					s[i] = ' ';
			if (s[strspn(s, " \t\r")] == '<')
				continue;
			for (i = 0; s[i] != '\0'; i++)
				if ((unsigned char)s[i] < 0x20 && s[i] != '\t' &&
				    s[i] != '\r') {
					fail(err, errlen, "line %d: a control "
					    "character", line);
					rc = ST_EINVAL;
					break;
				}
			if (rc != ST_OK)
				break;
			st.line = line;
			if (!tokenize(s, &st)) {
				fail(err, errlen, "line %d: an unterminated "
				    "quote or too many words", line);
				rc = ST_EINVAL;
				break;
			}
			if (st.n == 0)
				continue;
			rc = one_stmt(out, &st, err, errlen);
			if (rc == ST_OK && !ignored(st.tok[0])) {
				char joined[WHATIF_TEXT_MAX];

				any = true;
				join(&st, 0, joined, sizeof joined);
				if (used + strlen(joined) + 2 < sizeof out->text)
					used += (size_t)snprintf(out->text + used,
					    sizeof out->text - used, "%s%s",
					    joined, "\n");
			}
		}
		if (line_end == end)
			break;
	}
	free(copy);
	if (rc == ST_OK && !any) {
		fail(err, errlen, "the spec holds no TLS directive");
		rc = ST_EINVAL;
	}
	if (rc == ST_OK && out->min_version != 0 && out->max_version != 0 &&
	    out->min_version > out->max_version) {
		fail(err, errlen, "the minimum protocol is above the maximum");
		rc = ST_EINVAL;
	}
	return rc;
}

enum status
whatif_spec_load(const char *arg, struct whatif_spec *out, char *err,
    size_t errlen)
{
	char *buf = NULL, e2[512];
	size_t len = 0;
	enum status st;

	if (arg[0] != '@')
		return whatif_spec_parse(arg, strlen(arg), out, err, errlen);
	st = fileio_read(arg + 1, WHATIF_SPEC_MAX, "--what-if", &buf, &len,
	    e2, sizeof e2);
	if (st != ST_OK) {
		fail(err, errlen, "%s", e2);
		return st;
	}
	st = whatif_spec_parse(buf, len, out, e2, sizeof e2);
	if (st != ST_OK)
		fail(err, errlen, "%s: %s", arg + 1, e2);
	free(buf);
	return st;
}
