/*
 * ui_detail.c: the detail pane for the selected cell, address or profile.
 *
 * Shows fmt_cell_detail() (already sanitized) wrapped to the pane's width,
 * under a title naming the address and the profile, or the server's
 * enumeration for an address, or a profile's hello, policy, provenance
 * and JA3/JA4 for a column header; and scrolls when the
 * pane has the focus. The pane sits right of the matrix or below it, as
 * the layout decides. Main thread, called from ui.c.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "fingerprint.h"
#include "fmt.h"
#include "tls_names.h"
#include "ui_int.h"
#include "xmem.h"

#define DETAIL_BUF	16384	/* fmt_cell_detail output, truncated there */
#define DETAIL_SEGS	1024	/* wrapped lines kept; more are cut */
#define WRAP_INDENT	2	/* continuation lines are indented */

/* Splits text at '\n' and wraps each line to width columns at spaces. */
size_t
ui_wrap(const char *text, int width, struct ui_seg *segs, size_t max)
{
	const char	*p = text, *nl;
	size_t		 n, fit, brk, skip, i, nseg = 0;
	int		 indent, avail;
	bool		 first;

	if (width <= WRAP_INDENT)
		return (0);
	while (*p != '\0' && nseg < max) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		first = true;
		do {
			indent = first ? 0 : WRAP_INDENT;
			avail = width - indent;
			fit = ui_fit(p, n, avail, NULL);
			if (fit == 0 && n > 0)	/* a wide char in 1 column */
				fit = ui_fit(p, n, 2, NULL);
			if (fit == 0 && n > 0)
				fit = 1;
			brk = fit;
			skip = 0;
			if (fit < n) {
				/* Break at the last space that fits. */
				for (i = fit; i > 0; i--)
					if (p[i] == ' ')
						break;
				if (i > 0) {
					brk = i;
					skip = 1;
				}
			}
			segs[nseg].p = p;
			segs[nseg].len = brk;
			segs[nseg].indent = indent;
			nseg++;
			p += brk + skip;
			n -= brk + skip;
			first = false;
		} while (n > 0 && nseg < max);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return (nseg);
}

/* Appends printf output to buf (len bytes, used so far in *used). */
static void __attribute__((format(printf, 4, 0)))
vapp_text(char *buf, size_t len, size_t *used, const char *fmt, va_list ap)
{
	int	n;

	if (*used + 1 >= len)
		return;
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	if (n > 0)
		*used += (size_t)n < len - *used ? (size_t)n : len - *used - 1;
}

static void __attribute__((format(printf, 4, 5)))
app_text(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vapp_text(buf, len, used, fmt, ap);
	va_end(ap);
}

void
ui_appendf(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vapp_text(buf, len, used, fmt, ap);
	va_end(ap);
}

/* A list of codes by name, "name, name, 0x1234". */
static void
app_codes(char *buf, size_t len, size_t *used, const uint16_t *c, size_t n,
    const char *(*name)(uint16_t))
{
	const char	*s;
	size_t		 i;

	for (i = 0; i < n; i++) {
		s = name(c[i]);
		if (s != NULL)
			app_text(buf, len, used, "%s%s", i ? ", " : "", s);
		else
			app_text(buf, len, used, "%s0x%04X", i ? ", " : "",
			    (unsigned)c[i]);
	}
	if (n == 0)
		app_text(buf, len, used, "none");
	app_text(buf, len, used, "\n");
}

static const char *
suite_name(uint16_t code)
{
	static char	one[64];

	fmt_suite_short(code, one, sizeof one);
	return (one);
}

static const char *
version_name(uint16_t ver)
{
	return (tls_version_name(ver));
}

/* fmt_sanitize each line of in into out, keeping the line breaks. */
static void
sanitize_lines(char *in, char *out, size_t len, bool utf8)
{
	char	*line = in, *nl;
	size_t	 used = 0;

	out[0] = '\0';
	while (*line != '\0' && used + 2 < len) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		fmt_sanitize(line, out + used, len - used - 1, utf8);
		used += strlen(out + used);
		out[used++] = '\n';
		out[used] = '\0';
		if (nl == NULL)
			break;
		line = nl + 1;
	}
}

void
ui_sanitize_lines(char *in, char *out, size_t len, bool utf8)
{
	sanitize_lines(in, out, len, utf8);
}

/*
 * The column header: who the client is, what its hello offers, the
 * policy it applies, where the profile came from, and its JA3/JA4
 * (computed once per profile; the hashes need digest.c).
 */
static void
profile_detail(const struct profile *p, char *out, size_t len, bool utf8)
{
	static const struct profile	*fp_of;
	static struct fingerprint	 fp;
	static char			 fp_err[256];
	static bool			 fp_ok;
	char				*raw = xmalloc(len);
	size_t				 used = 0, i;

	if (fp_of != p) {
		if (fp_of != NULL)
			fingerprint_cleanup(&fp);
		fp_of = p;
		fp_ok = fingerprint_from_profile(p, &fp, fp_err,
		    sizeof fp_err) == ST_OK;
		if (fp_ok)
			digest_fingerprint(&fp);
	}
	app_text(raw, len, &used, "profile %s: %s\n", p->id, p->name);
	app_text(raw, len, &used, "library: %s\n", p->library);
	app_text(raw, len, &used, "runtime: %s\n", p->runtime);
	app_text(raw, len, &used, "platform: %s\n", p->platform);
	app_text(raw, len, &used, "family: %s\n", p->family);
	app_text(raw, len, &used, "versions: ");
	app_codes(raw, len, &used, p->versions, p->n_versions, version_name);
	app_text(raw, len, &used, "suites (%zu): ", p->n_suites);
	app_codes(raw, len, &used, p->suites, p->n_suites, suite_name);
	app_text(raw, len, &used, "groups: ");
	app_codes(raw, len, &used, p->groups, p->n_groups, tls_group_name);
	app_text(raw, len, &used, "key shares: ");
	app_codes(raw, len, &used, p->key_shares, p->n_key_shares,
	    tls_group_name);
	app_text(raw, len, &used, "signature algorithms: ");
	app_codes(raw, len, &used, p->sigalgs, p->n_sigalgs, tls_sigalg_name);
	app_text(raw, len, &used, "ALPN: ");
	for (i = 0; i < p->n_alpn; i++)
		app_text(raw, len, &used, "%s%s", i ? ", " : "", p->alpn[i]);
	app_text(raw, len, &used, "%s\nSNI: %s\n", p->n_alpn ? "" : "none",
	    profile_sni_name(p->sni));
	app_text(raw, len, &used, "policy: security level %d, verify %s, "
	    "hostname check %s\n", p->security_level,
	    p->verify_peer ? "yes" : "no", p->check_hostname ? "yes" : "no");
	app_text(raw, len, &used, "  min RSA bits %u, min DH bits %u%s\n",
	    p->min_rsa_bits, p->min_dh_bits,
	    p->min_rsa_bits == 0 && p->min_dh_bits == 0 ?
	    " (from the security level)" : "");
	app_text(raw, len, &used, "  strict X.509 %s, SHA-1 certificates %s, "
	    "legacy signatures %s\n", p->strict_x509 ? "yes" : "no",
	    p->sha1_certificates ? "pass" : "fail",
	    p->legacy_signatures ? "pass" : "fail");
	if (fp_ok) {
		app_text(raw, len, &used, "JA3: %s\n", fp.ja3_hash);
		app_text(raw, len, &used, "JA4: %s\n", fp.ja4);
		app_text(raw, len, &used, "JA3 string: %s\n", fp.ja3);
	} else
		app_text(raw, len, &used, "JA3/JA4: cannot build the hello: "
		    "%s\n", fp_err);
	app_text(raw, len, &used, "source: %s\n", p->source[0] != '\0' ?
	    p->source : "-");
	if (p->note[0] != '\0')
		app_text(raw, len, &used, "note: %s\n", p->note);
	if (p->path != NULL)
		app_text(raw, len, &used, "file: %s\n", p->path);
	/* Profile files are local, but sanitize line by line anyway. */
	sanitize_lines(raw, out, len, utf8);
	free(raw);
}

static void
detail_draw(struct view *v, WINDOW *w)
{
	const struct rect	*d = &v->lay.detail;
	const struct model_row	*row;
	const struct profile	*p;
	const struct ui_seg	*s;
	static char		 buf[DETAIL_BUF];
	static struct ui_seg	 segs[DETAIL_SEGS];
	char			 title[512], id[256], line[DETAIL_BUF];
	size_t			 nseg, i, mr, mc, used;
	int			 x, y, cw, ch, tx;
	attr_t			 ta;

	if (d->w <= 0 || d->h <= 0)
		return;
	if (v->lay.detail_right) {
		ui_vline(v, w, d->y, d->x, d->h);
		x = d->x + 2;
		cw = d->w - 3;
		tx = x;
	} else {
		ui_hline(v, w, d->y, d->x, d->w);
		x = d->x + 1;
		cw = d->w - 2;
		tx = d->x + 2;
	}
	y = d->y + 1;
	ch = d->h - 1;
	v->detail_page = ch > 1 ? ch - 1 : 1;

	mr = ui_mrow(v, v->sel_row);
	mc = ui_mcol(v, v->sel_col);
	if (v->sel_hdr && mc != SIZE_MAX) {
		/* a profile column header: the client itself */
		row = NULL;
		p = model_col(v->m, mc);
		fmt_sanitize(p != NULL && p->id != NULL ? p->id : "?", id,
		    sizeof id, v->utf8);
		if (p != NULL)
			profile_detail(p, buf, sizeof buf, v->utf8);
		else
			buf[0] = '\0';
	} else if (mr == SIZE_MAX || mc == SIZE_MAX) {
		v->detail_max_top = 0;
		ui_put(w, d->y, tx, cw, " detail ", ui_attr(v, UI_C_TITLE));
		return;
	} else if (v->sel_addr) {
		/* the address itself: what this server accepts */
		row = model_row(v->m, mr);
		snprintf(id, sizeof id, "server");
		fmt_server_detail(v->m, mr, v->utf8, buf, sizeof buf);
		/* then the chains the clients built and their anchors */
		used = strlen(buf);
		if (used > 0 && buf[used - 1] != '\n' && used + 1 < sizeof buf) {
			buf[used++] = '\n';
			buf[used] = '\0';
		}
		fmt_chain_detail(v->m, mr, v->utf8, buf + used,
		    sizeof buf - used);
	} else {
		row = model_row(v->m, mr);
		p = model_col(v->m, mc);
		fmt_sanitize(p != NULL && p->id != NULL ? p->id : "?", id,
		    sizeof id, v->utf8);
		fmt_cell_detail_mode(v->m, mr, mc, v->utf8, buf, sizeof buf);
	}
	nseg = ui_wrap(buf, cw, segs, DETAIL_SEGS);

	v->detail_max_top = nseg > (size_t)ch ? nseg - (size_t)ch : 0;
	if (v->detail_top > v->detail_max_top)
		v->detail_top = v->detail_max_top;
	if (nseg > (size_t)ch)
		snprintf(title, sizeof title, " %s  %s  (%zu-%zu/%zu) ",
		    row != NULL ? row->text : "profile", id, v->detail_top + 1,
		    v->detail_top + (size_t)ch, nseg);
	else
		snprintf(title, sizeof title, " %s  %s ",
		    row != NULL ? row->text : "profile", id);
	ta = ui_attr(v, UI_C_TITLE);
	if (v->focus == FOCUS_DETAIL)
		ta |= A_REVERSE;
	ui_put(w, d->y, tx, cw, title, ta);

	for (i = 0; i < (size_t)ch && v->detail_top + i < nseg; i++) {
		s = &segs[v->detail_top + i];
		memcpy(line, s->p, s->len);
		line[s->len] = '\0';
		/* The first line is fmt's verdict. */
		ui_put(w, y + (int)i, x + s->indent, cw - s->indent, line,
		    v->detail_top + i == 0 ? A_BOLD : A_NORMAL);
	}
}

enum ui_action
ui_scroll_key(int ch, size_t *top, size_t max_top, int lines)
{
	size_t	page = (size_t)(lines > 0 ? lines : 1);

	switch (ch) {
	case KEY_UP:
	case 'k':
		if (*top > 0)
			(*top)--;
		return (UI_REDRAW);
	case KEY_DOWN:
	case 'j':
		if (*top < max_top)
			(*top)++;
		return (UI_REDRAW);
	case KEY_PPAGE:
		*top = *top > page ? *top - page : 0;
		return (UI_REDRAW);
	case KEY_NPAGE:
	case ' ':
		*top += page;
		if (*top > max_top)
			*top = max_top;
		return (UI_REDRAW);
	case KEY_HOME:
	case 'g':
		*top = 0;
		return (UI_REDRAW);
	case KEY_END:
	case 'G':
		*top = max_top;
		return (UI_REDRAW);
	}
	return (UI_NONE);
}

static enum ui_action
detail_key(struct view *v, int ch)
{
	enum ui_action	act;

	act = ui_scroll_key(ch, &v->detail_top, v->detail_max_top,
	    v->detail_page);
	if (act != UI_NONE)
		return (act);
	switch (ch) {
	case 27:	/* Esc */
	case '\t':
	case KEY_BTAB:
	case KEY_LEFT:
	case 'h':
	case '\r':
	case '\n':
	case KEY_ENTER:
		return (UI_FOCUS_MATRIX);
	}
	return (UI_NONE);
}

const struct ui_pane ui_pane_detail = {
	"detail",
	detail_draw,
	detail_key,
};
