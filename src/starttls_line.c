/*
 * starttls_line.c: the STARTTLS scripts of the line protocols, over the
 * session primitives of starttls.c: SMTP, FTP, IMAP, POP3, NNTP and
 * ManageSieve. Worker threads, called by starttls_run.
 *
 * Sources: SMTP RFC 3207 and RFC 5321 §4.2 (multiline replies); IMAP
 * RFC 3501 §6.2.1; POP3 RFC 2595 §4 and RFC 2449 (CAPA); FTP RFC 4217
 * §4 and RFC 2389 (FEAT); NNTP RFC 4642 and RFC 3977 §5.2; ManageSieve
 * RFC 5804 §1.7 and §2.2.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "starttls.h"
#include "starttls_int.h"

/* True if text (len bytes) holds word as a whole token: bounded by the
 * ends, spaces, tabs, '[', ']', ';', '"' or '='. Case-insensitive. */
static bool
has_word(const char *text, size_t len, const char *word)
{
	static const char sep[] = " \t[];\"=";
	size_t wl = strlen(word), i;

	for (i = 0; i + wl <= len; i++) {
		if (strncasecmp(text + i, word, wl) != 0)
			continue;
		if ((i == 0 || strchr(sep, text[i - 1]) != NULL) &&
		    (i + wl == len || strchr(sep, text[i + wl]) != NULL))
			return true;
	}
	return false;
}

/* True if text starts with word as a whole token. */
static bool
starts_word(const char *text, size_t len, const char *word)
{
	size_t wl = strlen(word);

	return len >= wl && strncasecmp(text, word, wl) == 0 &&
	    (len == wl || strchr(" \t[];\"=", text[wl]) != NULL);
}

/* True if the line's first word is word (case-insensitive). */
static bool
first_word(const struct sess *s, const char *word)
{
	size_t wl = strlen(word);

	return s->len >= wl && strncasecmp(s->line, word, wl) == 0 &&
	    (s->len == wl || s->line[wl] == ' ' || s->line[wl] == '\t');
}

/*
 * A reply with a three-digit code (SMTP, FTP, NNTP): "250-..." lines up
 * to "250 ..." (RFC 5321 §4.2.1, RFC 959 §4.2: FTP's middle lines may be
 * any text). *code is -1 for a first line that has no code. *has tells
 * whether a line's text (after the code, or a middle line) starts with
 * word, and names also too when also is not NULL (FEAT's "AUTH TLS").
 * first gets the first line, quoted.
 */
static bool
read_coded(struct sess *s, int *code, const char *word, const char *also,
    bool *has, char *first, size_t firstlen)
{
	char c[4];
	bool more;
	size_t i;

	*code = -1;
	if (has != NULL)
		*has = false;
	if (!st_read_line(s))
		return false;
	st_quote(s->line, s->len, first, firstlen);
	for (i = 0; i < 3; i++)
		if (i >= s->len || s->line[i] < '0' || s->line[i] > '9')
			return true;
	if (s->len > 3 && s->line[3] != ' ' && s->line[3] != '-')
		return true;
	memcpy(c, s->line, 3);
	c[3] = '\0';
	*code = (c[0] - '0') * 100 + (c[1] - '0') * 10 + (c[2] - '0');
	more = s->len > 3 && s->line[3] == '-';
	for (;;) {
		if (word != NULL && has != NULL) {
			const char *t = s->line;
			size_t tl = s->len;

			if (tl >= 4 && memcmp(t, c, 3) == 0 &&
			    (t[3] == '-' || t[3] == ' ')) {
				t += 4;
				tl -= 4;
			}
			while (tl > 0 && (*t == ' ' || *t == '\t')) {
				t++;
				tl--;
			}
			if (starts_word(t, tl, word) && (also == NULL ||
			    has_word(t, tl, also)))
				*has = true;
		}
		if (!more)
			return true;
		if (!st_read_line(s))
			return false;
		if (s->len >= 3 && memcmp(s->line, c, 3) == 0 &&
		    (s->len == 3 || s->line[3] == ' '))
			more = false;
	}
}

/* RFC 3207 §4 and RFC 5321 §4.2: greeting 220, EHLO's 250 lines name
 * the extensions, STARTTLS answers 220. */
bool
st_run_smtp(struct sess *s)
{
	char q[200];
	int code;
	bool has;

	s->step = "the greeting";
	if (!read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an SMTP "
		    "greeting: %s", q);
	if (code != 220)
		return st_fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!st_send_str(s, "EHLO", "EHLO tlsmatrix.invalid\r\n") ||
	    !read_coded(s, &code, "STARTTLS", NULL, &has, q, sizeof q))
		return false;
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an SMTP reply "
		    "to EHLO: %s", q);
	if (code / 100 != 2)
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "EHLO refused "
		    "(no ESMTP): %s", q);
	if (!has)
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "the EHLO reply "
		    "does not offer STARTTLS (%s)", q);
	if (!st_send_str(s, "STARTTLS", "STARTTLS\r\n") ||
	    !read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an SMTP reply "
		    "to STARTTLS: %s", q);
	if (code != 220)
		return st_fail(s, REASON_STARTTLS_REFUSED, "STARTTLS answered "
		    "%s", q);
	return true;
}

/* RFC 4217 §4: FEAT (RFC 2389) lists "AUTH TLS" where offered; AUTH TLS
 * answers 234. 500/502/504 mean the command is unknown. */
bool
st_run_ftp(struct sess *s)
{
	char q[200];
	int code, i;
	bool has = false, feat_known = false;

	s->step = "the greeting";
	/* 120: "ready in nnn minutes", then the real greeting */
	for (i = 0; i < 2; i++) {
		if (!read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
			return false;
		if (code != 120)
			break;
	}
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an FTP greeting: "
		    "%s", q);
	if (code != 220)
		return st_fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!st_send_str(s, "FEAT", "FEAT\r\n") ||
	    !read_coded(s, &code, "AUTH", "TLS", &has, q, sizeof q))
		return false;
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an FTP reply to "
		    "FEAT: %s", q);
	feat_known = code == 211;
	if (feat_known && !has)
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "FEAT does not list "
		    "AUTH TLS");
	if (!st_send_str(s, "AUTH TLS", "AUTH TLS\r\n") ||
	    !read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code == 234)
		return true;
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an FTP reply to "
		    "AUTH TLS: %s", q);
	if (!feat_known && (code == 500 || code == 502 || code == 504))
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "AUTH TLS "
		    "answered %s", q);
	return st_fail(s, REASON_STARTTLS_REFUSED, "AUTH TLS answered %s", q);
}

/* Reads until the line tagged tag (IMAP) and says whether it is OK;
 * an untagged CAPABILITY line sets *has when it names STARTTLS. */
static bool
imap_tagged(struct sess *s, const char *tag, bool *ok, bool *has, char *q,
    size_t qlen)
{
	for (;;) {
		if (!st_read_line(s))
			return false;
		if (has != NULL && first_word(s, "*") && s->len > 2 &&
		    strncasecmp(s->line + 2, "CAPABILITY", 10) == 0 &&
		    has_word(s->line, s->len, "STARTTLS"))
			*has = true;
		if (first_word(s, tag)) {
			st_quote(s->line, s->len, q, qlen);
			*ok = s->len > strlen(tag) + 3 &&
			    strncasecmp(s->line + strlen(tag) + 1, "OK", 2) ==
			    0 && (s->len == strlen(tag) + 3 ||
			    s->line[strlen(tag) + 3] == ' ');
			return true;
		}
		if (!first_word(s, "*") && !first_word(s, "+")) {
			st_quote(s->line, s->len, q, qlen);
			return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an IMAP "
			    "answer to %s: %s", s->step, q);
		}
	}
}

/* RFC 3501 §6.2.1: "* OK" greeting, CAPABILITY names STARTTLS, the
 * tagged STARTTLS answers OK. */
bool
st_run_imap(struct sess *s)
{
	char q[200];
	bool ok, has = false;

	s->step = "the greeting";
	if (!st_read_line(s))
		return false;
	ST_QLINE(s, q);
	if (s->len >= 6 && strncasecmp(s->line, "* BYE", 5) == 0)
		return st_fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!(s->len >= 4 && (strncasecmp(s->line, "* OK", 4) == 0 ||
	    strncasecmp(s->line, "* PREAUTH", 9) == 0)))
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an IMAP "
		    "greeting: %s", q);
	if (!st_send_str(s, "CAPABILITY", "a1 CAPABILITY\r\n") ||
	    !imap_tagged(s, "a1", &ok, &has, q, sizeof q))
		return false;
	if (ok && !has)
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "CAPABILITY does "
		    "not list STARTTLS");
	if (!st_send_str(s, "STARTTLS", "a2 STARTTLS\r\n") ||
	    !imap_tagged(s, "a2", &ok, NULL, q, sizeof q))
		return false;
	if (ok)
		return true;
	return st_fail(s, has ? REASON_STARTTLS_REFUSED :
	    REASON_STARTTLS_UNSUPPORTED, "STARTTLS answered %s", q);
}

/* A dot-terminated list (POP3 CAPA, NNTP CAPABILITIES); *has when a
 * line's first word is word. */
static bool
read_list(struct sess *s, const char *word, bool *has)
{
	for (;;) {
		if (!st_read_line(s))
			return false;
		if (s->len == 1 && s->line[0] == '.')
			return true;
		if (first_word(s, word))
			*has = true;
	}
}

/* RFC 2595 §4, RFC 2449: "+OK" greeting, CAPA lists STLS, STLS +OK. */
bool
st_run_pop3(struct sess *s)
{
	char q[200];
	bool has = false, capa;

	s->step = "the greeting";
	if (!st_read_line(s))
		return false;
	ST_QLINE(s, q);
	if (first_word(s, "-ERR"))
		return st_fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!first_word(s, "+OK"))
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not a POP3 "
		    "greeting: %s", q);
	if (!st_send_str(s, "CAPA", "CAPA\r\n") || !st_read_line(s))
		return false;
	capa = first_word(s, "+OK");
	if (!capa && !first_word(s, "-ERR"))
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not a POP3 answer "
		    "to CAPA: %s", ST_QLINE(s, q));
	if (capa && !read_list(s, "STLS", &has))
		return false;
	if (capa && !has)
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "CAPA does not "
		    "list STLS");
	if (!st_send_str(s, "STLS", "STLS\r\n") || !st_read_line(s))
		return false;
	if (first_word(s, "+OK"))
		return true;
	ST_QLINE(s, q);
	if (!first_word(s, "-ERR"))
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not a POP3 answer "
		    "to STLS: %s", q);
	return st_fail(s, has ? REASON_STARTTLS_REFUSED :
	    REASON_STARTTLS_UNSUPPORTED, "STLS answered %s", q);
}

/* RFC 4642, RFC 3977 §5.1 and §5.2: greeting 200/201, CAPABILITIES
 * (101, a list) names STARTTLS, STARTTLS answers 382. */
bool
st_run_nntp(struct sess *s)
{
	char q[200];
	int code;
	bool has = false, known;

	s->step = "the greeting";
	if (!read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an NNTP "
		    "greeting: %s", q);
	if (code != 200 && code != 201)
		return st_fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!st_send_str(s, "CAPABILITIES", "CAPABILITIES\r\n") ||
	    !read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an NNTP answer "
		    "to CAPABILITIES: %s", q);
	known = code == 101;
	if (known && !read_list(s, "STARTTLS", &has))
		return false;
	if (known && !has)
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "CAPABILITIES "
		    "does not list STARTTLS");
	if (!st_send_str(s, "STARTTLS", "STARTTLS\r\n") ||
	    !read_coded(s, &code, NULL, NULL, NULL, q, sizeof q))
		return false;
	if (code == 382)
		return true;
	if (code < 0)
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not an NNTP answer "
		    "to STARTTLS: %s", q);
	return st_fail(s, has || code == 580 ? REASON_STARTTLS_REFUSED :
	    REASON_STARTTLS_UNSUPPORTED, "STARTTLS answered %s", q);
}

/*
 * ManageSieve (RFC 5804 §1.7, §2.2): capability lines, each a quoted
 * string, up to a response line: OK, NO or BYE. *has when one of them
 * is "STARTTLS". *ok tells whether the response is OK.
 */
static bool
sieve_response(struct sess *s, bool *has, bool *ok, char *q, size_t qlen)
{
	for (;;) {
		if (!st_read_line(s))
			return false;
		if (s->len > 0 && s->line[0] == '"') {
			if (has != NULL && s->len >= 10 &&
			    strncasecmp(s->line, "\"STARTTLS\"", 10) == 0)
				*has = true;
			continue;
		}
		st_quote(s->line, s->len, q, qlen);
		if (first_word(s, "OK")) {
			*ok = true;
			return true;
		}
		if (first_word(s, "NO") || first_word(s, "BYE")) {
			*ok = false;
			return true;
		}
		return st_fail(s, REASON_STARTTLS_PROTOCOL, "not a ManageSieve "
		    "answer to %s: %s", s->step, q);
	}
}

bool
st_run_sieve(struct sess *s)
{
	char q[200];
	bool has = false, ok;

	s->step = "the greeting";
	if (!sieve_response(s, &has, &ok, q, sizeof q))
		return false;
	if (!ok)
		return st_fail(s, REASON_STARTTLS_REFUSED, "the server greets "
		    "with %s", q);
	if (!has)
		return st_fail(s, REASON_STARTTLS_UNSUPPORTED, "the capabilities "
		    "do not list STARTTLS");
	if (!st_send_str(s, "STARTTLS", "STARTTLS\r\n") ||
	    !sieve_response(s, NULL, &ok, q, sizeof q))
		return false;
	if (!ok)
		return st_fail(s, REASON_STARTTLS_REFUSED, "STARTTLS answered %s",
		    q);
	return true;
}
