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
#include "tls_names.h"
#include "xmem.h"

/* A bounded appender over a caller's buffer: never overruns, always
 * terminated, and a full buffer just drops the rest. */
struct sbuf {
	char	*buf;
	size_t	 len;
	size_t	 pos;
};

static void	sb_printf(struct sbuf *sb, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

static void
sb_init(struct sbuf *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = len;
	sb->pos = 0;
	if (len > 0)
		buf[0] = '\0';
}

static void
sb_printf(struct sbuf *sb, const char *fmt, ...)
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
static void
sb_safe(struct sbuf *sb, const char *src, bool utf8)
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

static const char *
verdict_words(enum cell_class k)
{
	switch (k) {
	case CLASS_PENDING:
		return "pending";
	case CLASS_OK:
		return "ok";
	case CLASS_FAIL:
		return "FAIL";
	case CLASS_ERROR:
		break;
	}
	return "ERROR (the probe could not run)";
}

/* One "alert ...: name (code)" line; alerts are -1 when absent. */
static void
detail_alert(struct sbuf *sb, const char *what, int alert)
{
	const char	*name = NULL;

	if (alert < 0)
		return;
	if (alert <= 255)
		name = tls_alert_name((uint8_t)alert);
	sb_printf(sb, "%s: %s (%d)\n", what, name != NULL ? name : "unknown",
	    alert);
}

static void
detail_cert(struct sbuf *sb, const struct cert_summary *c, bool utf8)
{
	sb_printf(sb, "certificate subject: ");
	sb_safe(sb, c->subject, utf8);
	sb_printf(sb, "\ncertificate issuer: ");
	sb_safe(sb, c->issuer, utf8);
	sb_printf(sb, "\ncertificate SAN: ");
	sb_safe(sb, c->san[0] != '\0' ? c->san : "(none)", utf8);
	sb_printf(sb, "\ncertificate validity: ");
	sb_safe(sb, c->not_before, utf8);
	sb_printf(sb, " to ");
	sb_safe(sb, c->not_after, utf8);
	sb_printf(sb, "\ncertificate key: ");
	sb_safe(sb, c->key_type[0] != '\0' ? c->key_type : "?", utf8);
	sb_printf(sb, " %d bits\ncertificate signature: ", c->key_bits);
	sb_safe(sb, c->signature_algorithm, utf8);
	sb_printf(sb, "\ncertificate sha256: ");
	sb_safe(sb, c->sha256, utf8);
	sb_printf(sb, "\n");
}

bool
fmt_cell_explain(const struct model *m, size_t row, size_t col,
    struct explanation *e)
{
	const struct model_cell *c = model_cell(m, row, col);
	const struct model_row *rw = model_row(m, row);

	if (c == NULL || c->state != CELL_DONE || c->result == NULL)
		return false;
	explain_cell(model_col(m, col), rw->scan_state == SCAN_DONE ?
	    rw->server : NULL, c->result, e);
	return true;
}

void
fmt_cell_label_at(const struct model *m, size_t row, size_t col, bool utf8,
    char *buf, size_t len)
{
	const struct model_cell *c = model_cell(m, row, col);
	struct explanation e;
	int n;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (c == NULL)
		return;
	/* --repeat: "k/N ok" first, the outcome after it */
	if (c->expected > 1 && c->state == CELL_DONE) {
		n = snprintf(buf, len, "%u/%u ok ", c->ok, c->expected);
		if (n < 0 || (size_t)n >= len)
			return;
		buf += n;
		len -= (size_t)n;
	}
	/* A refined reason says more than the bare alert it explains. */
	if (fmt_cell_class(c) == CLASS_FAIL &&
	    fmt_cell_explain(m, row, col, &e) && e.reason != c->result->reason) {
		snprintf(buf, len, "%s", result_reason_name(e.reason));
		return;
	}
	fmt_cell_label_mode(c, utf8, buf, len);
}

/* Appends each line of text, indented. */
static void
sb_lines(struct sbuf *sb, const char *text, const char *indent, bool utf8)
{
	char line[EXPLAIN_TEXT_MAX];
	const char *p = text, *nl;
	size_t n;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		sb_printf(sb, "%s", indent);
		sb_safe(sb, line, utf8);
		sb_printf(sb, "\n");
		p = nl != NULL ? nl + 1 : p + strlen(p);
	}
}

/* The explanation of a cell: why, both sides, and the fixes as hints. */
static void
detail_explanation(struct sbuf *sb, const struct explanation *e, bool utf8)
{
	static const char *const side[] = { "", "server", "client",
	    "network" };

	if (e->side != SIDE_NONE) {
		sb_printf(sb, "why (%s side): ", side[e->side]);
		sb_safe(sb, e->summary, utf8);
		sb_printf(sb, "\n");
	}
	sb_lines(sb, e->detail, "  ", utf8);
	if (e->fix_server[0] != '\0') {
		sb_printf(sb, "hint, fix the server: ");
		sb_safe(sb, e->fix_server, utf8);
		sb_printf(sb, "\n");
	}
	if (e->fix_client[0] != '\0') {
		sb_printf(sb, "hint, or the client: ");
		sb_safe(sb, e->fix_client, utf8);
		sb_printf(sb, "\n");
	}
	if (e->fix_client_warning[0] != '\0') {
		sb_printf(sb, "  warning: ");
		sb_safe(sb, e->fix_client_warning, utf8);
		sb_printf(sb, "\n");
	}
}

/* --repeat: how many probes worked and each distinct outcome. */
static void
detail_repeats(struct sbuf *sb, const struct model_cell *c)
{
	size_t i;

	sb_printf(sb, "repeats: %u/%u ok", c->ok, c->finished);
	if (c->n_outcomes > 1)
		sb_printf(sb, ", %zu different outcomes: the address may hide "
		    "several backends", c->n_outcomes);
	sb_printf(sb, "\n");
	for (i = 0; i < c->n_outcomes; i++) {
		const struct model_outcome *o = &c->outcomes[i];
		char suite[96];

		if (o->ok) {
			fmt_suite_short(o->cipher, suite, sizeof suite);
			sb_printf(sb, "  %ux ok %s %s\n", o->count,
			    fmt_version_short(o->version), suite);
		} else {
			sb_printf(sb, "  %ux %s\n", o->count,
			    result_reason_name(o->reason));
		}
	}
}

void
fmt_cell_detail_mode(const struct model *m, size_t row, size_t col,
    bool utf8, char *buf, size_t len)
{
	const struct model_row		*rw;
	const struct profile		*p;
	const struct model_cell		*c;
	const struct probe_result	*r;
	const struct tls_suite		*s;
	const char			*name;
	enum cell_class			 k;
	struct sbuf			 sb;
	struct explanation		 e;
	bool				 have_e = false;
	char				 hist[MODEL_HISTORY_MAX * 200];
	char				*hist_list;

	sb_init(&sb, buf, len);
	if (row >= model_rows(m) || col >= model_cols(m))
		return;
	rw = model_row(m, row);
	p = model_col(m, col);
	c = model_cell(m, row, col);
	k = fmt_cell_class(c);

	sb_printf(&sb, "address: ");
	sb_safe(&sb, rw->text, utf8);
	sb_printf(&sb, " port %u", (unsigned)rw->port);
	if (rw->source != NULL && rw->source[0] != '\0') {
		sb_printf(&sb, " (");
		sb_safe(&sb, rw->source, utf8);
		sb_printf(&sb, ")");
	}
	if (rw->label[0] != '\0') {
		sb_printf(&sb, " ");
		sb_safe(&sb, rw->label, utf8);
	}
	sb_printf(&sb, "\nprofile: ");
	sb_safe(&sb, p->id, utf8);
	sb_printf(&sb, " (");
	sb_safe(&sb, p->name, utf8);
	sb_printf(&sb, ")\nverdict: %s\n", verdict_words(k));
	/* --repeat and t: right under the verdict they qualify */
	if (c->expected > 1 && c->finished > 0)
		detail_repeats(&sb, c);
	/* every result the cell had: the strip here, the list at the end */
	fmt_cell_history(c, utf8, true, hist, sizeof hist);
	hist_list = strchr(hist, '\n');
	if (hist_list != NULL) {
		*hist_list++ = '\0';
		sb_printf(&sb, "%s\n", hist);
	}

	if (k != CLASS_PENDING) {
		r = c->result;
		if (r->version != 0) {
			name = tls_version_name(r->version);
			if (name != NULL)
				sb_printf(&sb, "protocol: %s\n", name);
			else
				sb_printf(&sb, "protocol: 0x%04x\n",
				    (unsigned)r->version);
		}
		if (r->cipher != 0) {
			s = tls_suite_by_code(r->cipher);
			if (s != NULL && s->openssl != NULL)
				sb_printf(&sb, "cipher: %s (%s)\n", s->iana,
				    s->openssl);
			else if (s != NULL)
				sb_printf(&sb, "cipher: %s\n", s->iana);
			else
				sb_printf(&sb, "cipher: 0x%04X (unknown)\n",
				    (unsigned)r->cipher);
		}
		if (r->group != 0) {
			name = tls_group_name(r->group);
			if (name != NULL)
				sb_printf(&sb, "group: %s\n", name);
			else
				sb_printf(&sb, "group: 0x%04x\n",
				    (unsigned)r->group);
		}
		if (r->dh_bits > 0)
			sb_printf(&sb, "DH bits: %d\n", r->dh_bits);
		detail_alert(&sb, "alert received", r->alert_received);
		detail_alert(&sb, "alert sent", r->alert_sent);
		have_e = fmt_cell_explain(m, row, col, &e);
		if (r->outcome != PROBE_OK || r->reason != REASON_NONE) {
			if (have_e && e.reason != r->reason)
				sb_printf(&sb, "reason: %s: %s (the probe saw "
				    "%s; the enumeration shows why)\n",
				    result_reason_name(e.reason),
				    result_reason_text(e.reason),
				    fmt_reason_name(r));
			else {
				sb_printf(&sb, "reason: %s", fmt_reason_name(r));
				if (r->reason != REASON_NONE)
					sb_printf(&sb, ": %s",
					    result_reason_text(r->reason));
				sb_printf(&sb, "\n");
			}
		}
		if (have_e)
			detail_explanation(&sb, &e, utf8);
		if (r->detail[0] != '\0') {
			sb_printf(&sb, "detail: ");
			sb_safe(&sb, r->detail, utf8);
			sb_printf(&sb, "\n");
		}
		if (r->have_cert)
			detail_cert(&sb, &r->cert, utf8);
		if (!r->by_enumeration)
			sb_printf(&sb, "timings: connect %lu ms, handshake "
			    "%lu ms\n", (unsigned long)r->connect_ms,
			    (unsigned long)r->handshake_ms);
	}
	/* the explanation may already have cited the note */
	if (p->note[0] != '\0' &&
	    !(have_e && strstr(e.detail, p->note) != NULL)) {
		sb_printf(&sb, "note: ");
		sb_safe(&sb, p->note, utf8);
		sb_printf(&sb, "\n");
	}
	if (p->source[0] != '\0') {
		sb_printf(&sb, "source: ");
		sb_safe(&sb, p->source, utf8);
		sb_printf(&sb, "\n");
	}
	if (hist_list != NULL)
		sb_printf(&sb, "results, oldest first (time since the start):"
		    "\n%s", hist_list);
	/* no trailing newline: callers join or split lines themselves */
	if (sb.pos > 0 && sb.buf[sb.pos - 1] == '\n')
		sb.buf[--sb.pos] = '\0';
}

void
fmt_cell_detail(const struct model *m, size_t row, size_t col, char *buf,
    size_t len)
{
	fmt_cell_detail_mode(m, row, col, false, buf, len);
}

/* A list of code names ("0xC0FF" for unknown ones), space-separated. */
static void
detail_codes(struct sbuf *sb, const uint16_t *v, size_t n,
    const char *(*name)(uint16_t))
{
	size_t	i;

	for (i = 0; i < n; i++) {
		const char *s = name(v[i]);

		if (s != NULL)
			sb_printf(sb, "%s%s", i ? " " : "", s);
		else
			sb_printf(sb, "%s0x%04X", i ? " " : "", v[i]);
	}
}

static const char *
suite_short_name(uint16_t code)
{
	const struct tls_suite *s = tls_suite_by_code(code);

	if (s == NULL)
		return NULL;
	return s->openssl != NULL ? s->openssl : s->iana;
}

void
fmt_row_tag(const struct model *m, size_t row, char *buf, size_t len)
{
	const struct model_row	*rw = model_row(m, row);
	size_t			 i, n = model_resolver_count(m), used = 0;
	bool			 any = false;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (rw == NULL || rw->sources == NULL)
		return;
	for (i = 0; n > 1 && i < n && used + 1 < len; i++) {
		if (rw->sources[i].seen == 0)
			continue;
		snprintf(buf + used, len - used, "%s#%zu", any ? "," : "",
		    i + 1);
		used = strlen(buf);
		any = true;
	}
	if (rw->gone && used + 1 < len)
		snprintf(buf + used, len - used, "%sgone", any ? " " : "");
}

/* How this backend compares with its siblings, and the server fix that
 * would let every column complete on it. */
static void
detail_siblings(struct sbuf *sb, const struct model *m, size_t row,
    bool utf8)
{
	const struct model_row *rw = model_row(m, row);
	const struct profile **cols;
	struct findings f;
	char diff[EXPLAIN_TEXT_MAX], fix[EXPLAIN_TEXT_MAX];
	size_t c, nc = model_cols(m);

	findings_compute(m, &f);
	sb_printf(sb, "configuration: %s", f.rows[row].signature);
	if (f.have_ref && f.ref_row != row) {
		const struct model_row *ref = model_row(m, f.ref_row);

		explain_server_diff(rw->server, ref->server, diff,
		    sizeof diff);
		if (diff[0] == '\0') {
			sb_printf(sb, ", the same as ");
			sb_safe(sb, ref->text, utf8);
			sb_printf(sb, "\n");
		} else {
			sb_printf(sb, ", differs from ");
			sb_safe(sb, ref->text, utf8);
			sb_printf(sb, " (the most common one):\n");
			sb_lines(sb, diff, "  ", utf8);
		}
	} else if (f.have_ref && model_rows(m) > 1) {
		sb_printf(sb, " (the reference the others are compared with)\n");
	} else {
		sb_printf(sb, "\n");
	}
	findings_cleanup(&f);

	cols = xcalloc(nc ? nc : 1, sizeof *cols);
	for (c = 0; c < nc; c++)
		cols[c] = model_col(m, c);
	explain_server_fix(cols, nc, rw->server, fix, sizeof fix);
	free(cols);
	if (fix[0] != '\0') {
		sb_printf(sb, "hint, to let every profile complete here: ");
		sb_safe(sb, fix, utf8);
		sb_printf(sb, "\n");
	}
}

void
fmt_server_detail(const struct model *m, size_t row, bool utf8, char *buf,
    size_t len)
{
	const struct model_row		*rw;
	const struct server_info	*si;
	struct sbuf			 sb;
	size_t				 i;
	bool				 any = false;

	sb_init(&sb, buf, len);
	if (row >= model_rows(m))
		return;
	rw = model_row(m, row);
	si = rw->server;
	sb_printf(&sb, "address: ");
	sb_safe(&sb, rw->text, utf8);
	sb_printf(&sb, " port %u", (unsigned)rw->port);
	if (rw->source != NULL && rw->source[0] != '\0') {
		sb_printf(&sb, " (");
		sb_safe(&sb, rw->source, utf8);
		sb_printf(&sb, ")");
	}
	if (rw->ttl > 0)
		sb_printf(&sb, " ttl %lu", (unsigned long)rw->ttl);
	if (rw->gone)
		sb_printf(&sb, "\n  gone: in no resolver's latest answer");
	for (i = 0; rw->sources != NULL && i < model_resolver_count(m); i++) {
		const struct model_resolver *rv = model_resolver(m, i);
		const struct model_source *src = &rw->sources[i];

		sb_printf(&sb, "\n  #%zu ", i + 1);
		sb_safe(&sb, rv->name, utf8);
		sb_printf(&sb, ": seen %lu of %lu", (unsigned long)src->seen,
		    (unsigned long)rv->queries);
		if (src->seen > 0)
			sb_printf(&sb, ", ttl %lu%s", (unsigned long)src->ttl,
			    src->present ? "" : ", not in its latest answer");
		if (rv->last_failed)
			sb_printf(&sb, ", latest query failed (%s)",
			    rv->reason != NULL ? rv->reason : "error");
	}
	if (rw->label[0] != '\0') {
		sb_printf(&sb, "\n  ");
		sb_safe(&sb, rw->label, utf8);
	}
	sb_printf(&sb, "\n");
	switch (rw->scan_state) {
	case SCAN_OFF:
		sb_printf(&sb, "enumeration: off (--no-scan)\n");
		return;
	case SCAN_PENDING:
		sb_printf(&sb, "enumeration: running...\n");
		return;
	case SCAN_DONE:
		break;
	}
	if (si == NULL)
		return;
	if (si->error_reason != REASON_NONE) {
		sb_printf(&sb, "enumeration failed: %s: ",
		    result_reason_name(si->error_reason));
		sb_safe(&sb, si->error, utf8);
		sb_printf(&sb, "\n");
	}
	for (i = 0; i < si->n_protocols; i++) {
		const struct server_protocol *sp = &si->protocols[i];
		const char *vn = tls_version_name(sp->version);

		if (!sp->accepted)
			continue;
		any = true;
		sb_printf(&sb, "%s: %zu suite%s%s\n  ", vn ? vn : "?",
		    sp->n_suites, sp->n_suites == 1 ? "" : "s",
		    !sp->preference_known ? "" : sp->server_preference ?
		    ", server's order" : ", client's order");
		detail_codes(&sb, sp->suites, sp->n_suites, suite_short_name);
		sb_printf(&sb, "\n");
	}
	if (!any && si->error_reason == REASON_NONE)
		sb_printf(&sb, "no protocol version accepted\n");
	if (si->n_protocols > 0) {
		bool first = true;

		sb_printf(&sb, "refused:");
		for (i = 0; i < si->n_protocols; i++) {
			const char *vn = tls_version_name(
			    si->protocols[i].version);

			if (si->protocols[i].accepted)
				continue;
			sb_printf(&sb, " %s", vn ? vn : "?");
			first = false;
		}
		sb_printf(&sb, "%s\n", first ? " none" : "");
	}
	if (si->n_groups13 > 0) {
		sb_printf(&sb, "TLS 1.3 groups: ");
		detail_codes(&sb, si->groups13, si->n_groups13,
		    tls_group_name);
		sb_printf(&sb, "%s\n", si->hrr_seen ?
		    " (asks for another key share: HelloRetryRequest)" : "");
	}
	if (si->sigalgs13_known) {
		sb_printf(&sb, "TLS 1.3 signature schemes: ");
		detail_codes(&sb, si->sigalgs13, si->n_sigalgs13,
		    tls_sigalg_name);
		sb_printf(&sb, "%s\n", si->n_sigalgs13 == 0 ? "none" : "");
	}
	if (si->sigalgs12_known) {
		sb_printf(&sb, "TLS 1.2 signature schemes: ");
		detail_codes(&sb, si->sigalgs12, si->n_sigalgs12,
		    tls_sigalg_name);
		sb_printf(&sb, "%s\n", si->n_sigalgs12 == 0 ? "none" : "");
	}
	if (si->n_groups12 > 0) {
		sb_printf(&sb, "TLS 1.2 ECDHE curves: ");
		detail_codes(&sb, si->groups12, si->n_groups12,
		    tls_group_name);
		sb_printf(&sb, "\n");
	}
	if (si->dh_bits > 0)
		sb_printf(&sb, "DHE group: %d bits\n", si->dh_bits);
	/* Intolerance (of our long hellos, of a version) looks like this:
	 * say the lists may be short, and why no cell was settled. */
	if (si->suites_unclear)
		sb_printf(&sb, "note: some hellos were refused by a close, a "
		    "reset or silence instead of an alert; these lists may "
		    "miss what they would have found, so every cell was "
		    "probed\n");
	if (si->other_refusal)
		sb_printf(&sb, "note: a hello was refused with alert %s, which "
		    "proves no version or suite mismatch; no cell was "
		    "settled from these lists\n",
		    tls_alert_name(si->other_alert) != NULL ?
		    tls_alert_name(si->other_alert) : "(unknown)");
	if (si->have_cert) {
		if (si->chain_len > 0)
			sb_printf(&sb, "chain: %zu certificate%s\n",
			    si->chain_len, si->chain_len == 1 ? "" : "s");
		detail_cert(&sb, &si->cert, utf8);
	}
	sb_printf(&sb, "connections: %u\n", si->connections);
	detail_siblings(&sb, m, row, utf8);
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
	struct sbuf sb;
	size_t i, n = model_cell_hist_len(c);
	enum cell_class k;

	sb_init(&sb, buf, len);
	for (i = 0; i < n; i++) {
		k = fmt_hist_class(model_cell_hist(c, i));
		sb_printf(&sb, "%s", utf8 ? fmt_cell_glyph_utf8(k) :
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
	struct sbuf sb;
	char strip[MODEL_HISTORY_MAX * 4 + 1], words[160];
	size_t i, n = model_cell_hist_len(c), ok = fmt_hist_ok(c);

	sb_init(&sb, buf, len);
	if (n < 2)
		return;
	fmt_hist_strip(c, utf8, strip, sizeof strip);
	sb_printf(&sb, "history: %s  %zu ok of %zu%s%s\n", strip, ok, n,
	    c->hist_total > n ? " (the last kept)" : "",
	    fmt_hist_flaps(c) ? ", FLAPPING" : ", steady");
	for (i = 0; i < n; i++) {
		const struct model_hist *h = model_cell_hist(c, i);

		fmt_hist_words(h, words, sizeof words);
		if (timings)
			sb_printf(&sb, "  %2zu  +%u.%us  %s\n", i + 1,
			    (unsigned)(h->at_ms / 1000),
			    (unsigned)(h->at_ms % 1000 / 100), words);
		else
			sb_printf(&sb, "  %2zu  %s\n", i + 1, words);
	}
}

/* One chain on a line: "CN=a > CN=b > CN=root (anchor)". */
static void
chain_line(struct sbuf *sb, const struct probe_result *r, bool utf8)
{
	size_t i;

	for (i = 0; i < r->n_chain; i++) {
		sb_printf(sb, "%s", i > 0 ? " > " : "");
		sb_safe(sb, r->chain[i].subject, utf8);
		if (strcmp(r->chain[i].from, "fetched") == 0)
			sb_printf(sb, " (fetched)");
	}
	sb_printf(sb, r->chain_anchored ? " (anchor)" : " (broken: %s)",
	    r->outcome == PROBE_OK ? "not anchored" : fmt_reason_name(r));
}

/* True when two results built the same chain to the same end. */
static bool
same_chain(const struct probe_result *a, const struct probe_result *b)
{
	size_t i;

	if (a->n_chain != b->n_chain || a->chain_anchored != b->chain_anchored
	    || strcmp(a->trust_store, b->trust_store) != 0)
		return false;
	for (i = 0; i < a->n_chain; i++)
		if (strcmp(a->chain[i].sha256, b->chain[i].sha256) != 0)
			return false;
	return true;
}

static const struct probe_result *
finished_result(const struct model *m, size_t row, size_t col)
{
	const struct model_cell *c = model_cell(m, row, col);
	enum cell_class k = fmt_cell_class(c);

	return k == CLASS_PENDING || c->result == NULL ? NULL : c->result;
}

/* What the server asked of the clients' certificates (#15): the request
 * as one probe of the row saw it, and what it did without one. */
static void
client_auth_lines(struct sbuf *sb, const struct model *m, size_t row,
    bool utf8)
{
	const struct client_auth *ca = NULL;
	const struct probe_result *r;
	const char *what, *n;
	size_t c, i;

	for (c = 0; c < model_cols(m) && ca == NULL; c++)
		if ((r = finished_result(m, row, c)) != NULL &&
		    r->client_auth.verdict != CLIENT_AUTH_NONE)
			ca = &r->client_auth;
	if (ca == NULL)
		return;
	switch (ca->verdict) {
	case CLIENT_AUTH_REQUIRED:
		what = "required (clients without one fail)";
		break;
	case CLIENT_AUTH_OPTIONAL:
		what = "asked for, not required";
		break;
	case CLIENT_AUTH_ACCEPTED:
		what = "asked for; --cert's was accepted";
		break;
	case CLIENT_AUTH_REJECTED:
		what = "asked for; --cert's was rejected";
		break;
	default:
		what = "asked for";
		break;
	}
	sb_printf(sb, "client certificate: %s\n  CAs: ", what);
	sb_safe(sb, ca->n_ca_names > 0 ? ca->ca_names : "any", utf8);
	sb_printf(sb, "\n  signature algorithms:");
	for (i = 0; i < ca->n_sigalgs; i++) {
		n = tls_sigalg_name(ca->sigalgs[i]);
		if (n != NULL)
			sb_printf(sb, " %s", n);
		else
			sb_printf(sb, " 0x%04x", ca->sigalgs[i]);
	}
	sb_printf(sb, "%s\n", ca->n_sigalgs == 0 ? " (none listed)" : "");
}

void
fmt_chain_detail(const struct model *m, size_t row, bool utf8, char *buf,
    size_t len)
{
	const struct probe_result *r, *r2, *sent = NULL;
	size_t c, c2, i, nc = model_cols(m);
	struct sbuf sb;
	bool *done;

	sb_init(&sb, buf, len);
	if (row >= model_rows(m))
		return;
	client_auth_lines(&sb, m, row, utf8);
	for (c = 0; c < nc && sent == NULL; c++)
		if ((r = finished_result(m, row, c)) != NULL && r->n_sent > 0)
			sent = r;
	if (sent == NULL)
		return;
	sb_printf(&sb, "chain as sent:\n");
	for (i = 0; i < sent->n_sent; i++) {
		sb_printf(&sb, "  %zu ", i);
		sb_safe(&sb, sent->sent[i], utf8);
		sb_printf(&sb, "\n");
	}
	/* Each distinct chain built, with the profiles that built it. */
	done = xcalloc(nc ? nc : 1, sizeof *done);
	sb_printf(&sb, "chains built, by client:\n");
	for (c = 0; c < nc; c++) {
		if (done[c] || (r = finished_result(m, row, c)) == NULL ||
		    r->n_chain == 0)
			continue;
		sb_printf(&sb, "  ");
		sb_safe(&sb, model_col(m, c)->family, utf8);
		sb_printf(&sb, " (");
		for (c2 = c; c2 < nc; c2++) {
			r2 = finished_result(m, row, c2);
			if (done[c2] || r2 == NULL || !same_chain(r, r2) ||
			    strcmp(model_col(m, c2)->family,
			    model_col(m, c)->family) != 0)
				continue;
			done[c2] = true;
			sb_printf(&sb, "%s", c2 > c ? ", " : "");
			sb_safe(&sb, model_col(m, c2)->id, utf8);
		}
		sb_printf(&sb, "; store ");
		sb_safe(&sb, r->trust_store, utf8);
		sb_printf(&sb, "): ");
		chain_line(&sb, r, utf8);
		sb_printf(&sb, "\n");
	}
	/* Which stores hold each anchor reached, and which lack it. */
	memset(done, 0, (nc ? nc : 1) * sizeof *done);
	for (c = 0; c < nc; c++) {
		const struct result_link *a;
		bool any_lack = false;

		if (done[c] || (r = finished_result(m, row, c)) == NULL ||
		    !r->chain_anchored || r->n_chain == 0)
			continue;
		a = &r->chain[r->n_chain - 1];
		sb_printf(&sb, "anchor ");
		sb_safe(&sb, a->subject, utf8);
		sb_printf(&sb, " is in the stores of: ");
		for (c2 = 0; c2 < nc; c2++) {
			r2 = finished_result(m, row, c2);
			if (r2 == NULL || !r2->chain_anchored ||
			    r2->n_chain == 0 || strcmp(r2->chain[r2->n_chain -
			    1].sha256, a->sha256) != 0)
				continue;
			sb_printf(&sb, "%s", done[c] && c2 != c ? ", " : "");
			done[c2] = true;
			sb_safe(&sb, model_col(m, c2)->id, utf8);
		}
		for (c2 = 0; c2 < nc; c2++) {
			r2 = finished_result(m, row, c2);
			if (r2 == NULL || r2->reason != REASON_CERT_UNTRUSTED)
				continue;
			sb_printf(&sb, "%s", any_lack ? ", " : "; not reached by: ");
			any_lack = true;
			sb_safe(&sb, model_col(m, c2)->id, utf8);
			sb_printf(&sb, " (");
			sb_safe(&sb, r2->trust_store, utf8);
			sb_printf(&sb, ")");
		}
		sb_printf(&sb, "\n");
	}
	free(done);
	if (sb.pos > 0 && sb.buf[sb.pos - 1] == '\n')
		sb.buf[--sb.pos] = '\0';
}
