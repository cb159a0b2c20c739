/*
 * fmt.c: the words and glyphs a human sees for a cell, and the escaping
 * that stands between server-controlled bytes and a terminal.
 *
 * Called by the TUI panes and by export_text.c and export_md.c for the
 * snapshots. Pure: no I/O, no globals, so any thread may call it; the
 * model accessors it uses are main-thread only, which is where its
 * callers live.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "findings.h"
#include "fmt.h"
#include "fmt_int.h"
#include "tls_names.h"
#include "xmem.h"

void
fmt_sb_init(struct fmt_sbuf *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = len;
	sb->pos = 0;
	if (len > 0)
		buf[0] = '\0';
}

void
fmt_sb_printf(struct fmt_sbuf *sb, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (sb->len == 0 || sb->pos + 1 >= sb->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->pos, sb->len - sb->pos, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->pos] = '\0';
		return;
	}
	if ((size_t)n >= sb->len - sb->pos)
		sb->pos = sb->len - 1;
	else
		sb->pos += (size_t)n;
}

/* Appends src sanitized; a cut never splits an escape (fmt_sanitize). */
void
fmt_sb_safe(struct fmt_sbuf *sb, const char *src, bool utf8)
{
	if (sb->len == 0 || sb->pos + 1 >= sb->len)
		return;
	fmt_sanitize(src, sb->buf + sb->pos, sb->len - sb->pos, utf8);
	sb->pos += strlen(sb->buf + sb->pos);
}

static enum cell_class
outcome_class(enum probe_outcome o)
{
	switch (o) {
	case PROBE_OK:
		return CLASS_OK;
	case PROBE_FAILED:
		return CLASS_FAIL;
	case PROBE_ERROR:
	case PROBE_CANCELED:
		break;
	}
	return CLASS_ERROR;
}

enum cell_class
fmt_cell_class(const struct model_cell *c)
{
	if (c == NULL || c->state != CELL_DONE || c->result == NULL)
		return CLASS_PENDING;
	return outcome_class(c->result->outcome);
}

const char *
fmt_cell_glyph_ascii(enum cell_class k)
{
	switch (k) {
	case CLASS_PENDING:
		return ".";
	case CLASS_OK:
		return "+";
	case CLASS_FAIL:
		return "x";
	case CLASS_ERROR:
		break;
	}
	return "!";
}

const char *
fmt_cell_glyph_utf8(enum cell_class k)
{
	switch (k) {
	case CLASS_PENDING:
		return "\xe2\x80\xa6";		/* U+2026 HORIZONTAL ELLIPSIS */
	case CLASS_OK:
		return "\xe2\x9c\x94";		/* U+2714 HEAVY CHECK MARK */
	case CLASS_FAIL:
		return "\xe2\x9c\x98";		/* U+2718 HEAVY BALLOT X */
	case CLASS_ERROR:
		break;
	}
	return "!";
}

const char *
fmt_version_short(unsigned version)
{
	switch (version) {
	case 0:
		return "-";
	case TLS_VERSION_SSL3:
		return "SSL3";
	case TLS_VERSION_TLS10:
		return "TLS1.0";
	case TLS_VERSION_TLS11:
		return "TLS1.1";
	case TLS_VERSION_TLS12:
		return "TLS1.2";
	case TLS_VERSION_TLS13:
		return "TLS1.3";
	}
	return "?";
}

void
fmt_reason_label(const struct probe_result *r, char *buf, size_t len)
{
	const char	*alert;

	if (len == 0)
		return;
	if (r->reason == REASON_SERVER_ALERT && r->alert_received >= 0 &&
	    r->alert_received <= 255) {
		alert = tls_alert_name((uint8_t)r->alert_received);
		if (alert != NULL)
			snprintf(buf, len, "alert:%s", alert);
		else
			snprintf(buf, len, "alert:%d", r->alert_received);
		return;
	}
	snprintf(buf, len, "%s", fmt_reason_name(r));
}

const char *
fmt_reason_name(const struct probe_result *r)
{
	if (r->reason != REASON_NONE)
		return result_reason_name(r->reason);
	/* a failure without a reason should not happen; say what we know */
	switch (r->outcome) {
	case PROBE_OK:
		return "";
	case PROBE_CANCELED:
		return "canceled";
	case PROBE_ERROR:
		return "local-error";
	case PROBE_FAILED:
		break;
	}
	return "unknown";
}

void
fmt_suite_short(uint16_t code, char *buf, size_t len)
{
	const struct tls_suite	*s;

	if (len == 0)
		return;
	s = tls_suite_by_code(code);
	if (s != NULL && s->openssl != NULL)
		snprintf(buf, len, "%s", s->openssl);
	else if (s != NULL && s->iana != NULL)
		snprintf(buf, len, "%s", s->iana);
	else
		snprintf(buf, len, "0x%04X", code);
}

void
fmt_cell_label_mode(const struct model_cell *c, bool utf8, char *buf,
    size_t len)
{
	const struct probe_result	*r;
	char				 suite[96];

	if (len == 0)
		return;
	switch (fmt_cell_class(c)) {
	case CLASS_PENDING:
		snprintf(buf, len, "%s", utf8 ? "\xe2\x80\xa6" : "...");
		return;
	case CLASS_OK:
		r = c->result;
		if (r->cipher == 0) {
			snprintf(buf, len, "%s",
			    fmt_version_short(r->version));
			return;
		}
		fmt_suite_short(r->cipher, suite, sizeof suite);
		snprintf(buf, len, "%s %s", fmt_version_short(r->version),
		    suite);
		return;
	case CLASS_FAIL:
	case CLASS_ERROR:
		break;
	}
	fmt_reason_label(c->result, buf, len);
}

void
fmt_cell_label(const struct model_cell *c, char *buf, size_t len)
{
	fmt_cell_label_mode(c, false, buf, len);
}

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it
 * is invalid: overlong forms, surrogates and values past U+10FFFF are all
 * invalid (RFC 3629 §4). *cp receives the code point.
 */
size_t
fmt_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char	*s = (const unsigned char *)str;
	unsigned char		 lo = 0x80, hi = 0xbf;
	size_t			 need, i;
	uint32_t		 v;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		v = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		v = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		v = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xbf))
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return need;
}

/*
 * Code points that are valid UTF-8 but unsafe to show: C1 controls (a
 * terminal may read U+009B as CSI) and the bidirectional overrides and
 * isolates that can make a name display as something else (CVE-2021-42574),
 * plus the line and paragraph separators.
 */
bool
fmt_codepoint_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

void
fmt_sanitize(const char *src, char *buf, size_t len, bool utf8)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 n, i, o = 0, k;
	uint32_t		 cp;

	if (len == 0)
		return;
	if (src == NULL) {
		buf[0] = '\0';
		return;
	}
	n = strlen(src);
	for (i = 0; i < n; i += k) {
		k = 1;
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
			if (o + 1 >= len)
				break;
			buf[o++] = (char)s[i];
			continue;
		}
		if (utf8 && s[i] >= 0x80) {
			k = fmt_utf8_decode(src + i, n - i, &cp);
			if (k != 0 && !fmt_codepoint_unsafe(cp)) {
				/* the whole sequence, or nothing */
				if (o + k >= len)
					break;
				memcpy(buf + o, s + i, k);
				o += k;
				continue;
			}
			/* escape only the first byte of an invalid sequence
			 * and resynchronise on the next one; an unsafe one
			 * is escaped byte by byte */
			if (k == 0)
				k = 1;
		}
		if (o + 4 * k >= len)
			break;
		for (size_t j = 0; j < k; j++) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[s[i + j] >> 4];
			buf[o++] = hex[s[i + j] & 0x0f];
		}
	}
	buf[o] = '\0';
}

const char *
fmt_reason_code(enum fail_reason r)
{
	switch (r) {
	case REASON_NONE:
		return "ok";
	case REASON_NO_SHARED_CIPHER:
		return "ciph";
	case REASON_NO_SHARED_PROTOCOL:
		return "proto";
	case REASON_NO_SHARED_GROUP:
		return "group";
	case REASON_NO_SHARED_SIGALG:
		return "sigal";
	case REASON_LEGACY_SIGNATURE:
		return "lgsig";
	case REASON_DH_TOO_SMALL:
		return "dh";
	case REASON_KEY_TOO_SMALL:
		return "key";
	case REASON_CERT_UNTRUSTED:
		return "trust";
	case REASON_CERT_EXPIRED:
		return "exp";
	case REASON_CERT_NOT_YET_VALID:
		return "nyv";
	case REASON_CERT_HOSTNAME:
		return "host";
	case REASON_CERT_WEAK_SIGNATURE:
		return "wksig";
	case REASON_CERT_STRICT:
		return "strct";
	case REASON_CERT_INVALID:
		return "cert";
	case REASON_SNI_REQUIRED:
		return "sni";
	case REASON_SERVER_ALERT:
		return "alert";
	case REASON_REFUSED:
		return "refus";
	case REASON_TIMEOUT:
		return "tmout";
	case REASON_RESET:
		return "reset";
	case REASON_CLOSED:
		return "close";
	case REASON_NOT_TLS:
		return "!tls";
	case REASON_UNREACHABLE:
		return "unrch";
	case REASON_PROTOCOL_ERROR:
		return "perr";
	case REASON_LOCAL:
		return "local";
	case REASON_CERT_EKU:
		return "eku";
	case REASON_MESSAGE_TOO_LARGE:
		return "big";
	case REASON_SNI_REJECTED:
		return "snirj";
	case REASON_ILLEGAL_PARAMETER:
		return "illeg";
	case REASON_CLIENT_CERT_REQUIRED:
		return "ccert";
	case REASON_PROXY_UNREACHABLE:
		return "pxunr";
	case REASON_PROXY_REFUSED:
		return "pxref";
	case REASON_PROXY_AUTH:
		return "pxaut";
	case REASON_PROXY_PROTOCOL:
		return "pxerr";
	case REASON_STARTTLS_UNSUPPORTED:
		return "!stls";
	case REASON_STARTTLS_REFUSED:
		return "stlsr";
	case REASON_STARTTLS_PROTOCOL:
		return "stlsp";
	}
	return "?";	/* a reason added later without a code */
}

void
fmt_cell_code_at(const struct model *m, size_t row, size_t col, char *buf,
    size_t len)
{
	const struct model_cell *c = model_cell(m, row, col);
	struct explanation e;
	const char *v;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (fmt_cell_class(c) != CLASS_PENDING && c->expected > 1) {
		/* repeats: how many worked, as the full label starts */
		snprintf(buf, len, "%u/%u", c->ok, c->expected);
		return;
	}
	switch (fmt_cell_class(c)) {
	case CLASS_PENDING:
		return;
	case CLASS_OK:
		/* "TLS1.3" without its "TLS" */
		v = fmt_version_short(c->result->version);
		snprintf(buf, len, "%s", strncmp(v, "TLS", 3) == 0 ? v + 3 : v);
		return;
	case CLASS_FAIL:
	case CLASS_ERROR:
		break;
	}
	if (fmt_cell_class(c) == CLASS_FAIL && fmt_cell_explain(m, row, col, &e))
		snprintf(buf, len, "%s", fmt_reason_code(e.reason));
	else
		snprintf(buf, len, "%s", fmt_reason_code(c->result->reason));
}

enum cell_class
fmt_hist_class(const struct model_hist *h)
{
	return outcome_class((enum probe_outcome)h->outcome);
}

size_t
fmt_hist_ok(const struct model_cell *c)
{
	size_t i, n = model_cell_hist_len(c), ok = 0;

	for (i = 0; i < n; i++)
		if (fmt_hist_class(model_cell_hist(c, i)) == CLASS_OK)
			ok++;
	return ok;
}

void
fmt_hist_strip(const struct model_cell *c, bool utf8, char *buf, size_t len)
{
	struct fmt_sbuf sb;
	size_t i, n = model_cell_hist_len(c);
	enum cell_class k;

	fmt_sb_init(&sb, buf, len);
	for (i = 0; i < n; i++) {
		k = fmt_hist_class(model_cell_hist(c, i));
		fmt_sb_printf(&sb, "%s", utf8 ? fmt_cell_glyph_utf8(k) :
		    fmt_cell_glyph_ascii(k));
	}
}

bool
fmt_hist_flaps(const struct model_cell *c)
{
	const struct model_hist *a = model_cell_hist(c, 0), *b;
	size_t i, n = model_cell_hist_len(c);

	/* a failure refined by the enumeration and the probe's alert for
	 * it are the same verdict: only a changed class or a different
	 * protocol or suite of a success counts */
	for (i = 1; a != NULL && i < n; i++) {
		b = model_cell_hist(c, i);
		if (fmt_hist_class(b) != fmt_hist_class(a))
			return true;
		if (fmt_hist_class(a) == CLASS_OK &&
		    (b->version != a->version || b->cipher != a->cipher))
			return true;
	}
	return false;
}

void
fmt_hist_words(const struct model_hist *h, char *buf, size_t len)
{
	struct probe_result r;
	char what[96];

	if (len == 0)
		return;
	if (fmt_hist_class(h) == CLASS_OK) {
		fmt_suite_short(h->cipher, what, sizeof what);
		snprintf(buf, len, "ok %s %s", fmt_version_short(h->version),
		    what);
		return;
	}
	/* the same words as a cell's label, from the remembered fields */
	memset(&r, 0, sizeof r);
	r.outcome = (enum probe_outcome)h->outcome;
	r.reason = (enum fail_reason)h->reason;
	r.alert_received = h->alert;
	fmt_reason_label(&r, what, sizeof what);
	snprintf(buf, len, "%s %s", fmt_hist_class(h) == CLASS_FAIL ? "fail" :
	    "error", what);
}

void
fmt_cell_history(const struct model_cell *c, bool utf8, bool timings,
    char *buf, size_t len)
{
	struct fmt_sbuf sb;
	char strip[MODEL_HISTORY_MAX * 4 + 1], words[160];
	size_t i, n = model_cell_hist_len(c), ok = fmt_hist_ok(c);

	fmt_sb_init(&sb, buf, len);
	if (n < 2)
		return;
	fmt_hist_strip(c, utf8, strip, sizeof strip);
	fmt_sb_printf(&sb, "history: %s  %zu ok of %zu%s%s\n", strip, ok, n,
	    c->hist_total > n ? " (the last kept)" : "",
	    fmt_hist_flaps(c) ? ", FLAPPING" : ", steady");
	for (i = 0; i < n; i++) {
		const struct model_hist *h = model_cell_hist(c, i);

		fmt_hist_words(h, words, sizeof words);
		if (timings)
			fmt_sb_printf(&sb, "  %2zu  +%u.%us  %s\n", i + 1,
			    (unsigned)(h->at_ms / 1000),
			    (unsigned)(h->at_ms % 1000 / 100), words);
		else
			fmt_sb_printf(&sb, "  %2zu  %s\n", i + 1, words);
	}
}
