/*
 * profile.c: client profiles from text files (format: docs/PROFILES.md).
 *
 * Callers: main/cli load the profile directory once at start-up; the model,
 * the probes and the front ends then read the frozen profiles from any
 * thread. Parsing is pure and strict: profile files are input we did not
 * write, so every line is bounded, every byte checked (no NUL, no control
 * characters, valid UTF-8) and every name must be one the registries in
 * tls_names know. A bad file is an error with "origin:line: reason", never
 * a partly filled profile.
 */
#include "config.h"

#include <ctype.h>

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"
#include "tls_names.h"
#include "xmem.h"

/* Longest physical line; a longer one is an error, not a truncation. */
#define PROFILE_MAX_LINE	(64 * 1024)
/* Longest id (it names a matrix column and a JSON key). */
#define PROFILE_MAX_ID		64
/* Largest key-size floor we accept for min_rsa_bits and min_dh_bits. */
#define PROFILE_MAX_BITS	16384

enum key_kind {
	KIND_TEXT,	/* free text; continuation lines join with a space */
	KIND_LIST,	/* whitespace or comma separated tokens */
};

enum key_id {
	KEY_ID,
	KEY_NAME,
	KEY_FAMILY,
	KEY_RUNTIME,
	KEY_LIBRARY,
	KEY_PLATFORM,
	KEY_VERSIONS,
	KEY_SUITES,
	KEY_GROUPS,
	KEY_KEY_SHARES,
	KEY_SIGALGS,
	KEY_EXTENSIONS,
	KEY_ALPN,
	KEY_SNI,
	KEY_SECURITY_LEVEL,
	KEY_VERIFY_PEER,
	KEY_CHECK_HOSTNAME,
	KEY_MIN_RSA_BITS,
	KEY_MIN_DH_BITS,
	KEY_SOURCE,
	KEY_NOTE,
	KEY_COUNT
};

static const struct {
	const char	*name;
	enum key_kind	 kind;
	bool		 required;
} keys[KEY_COUNT] = {
	/* designated initialisers keep the names next to the enum */
	[KEY_ID] = { "id", KIND_TEXT, true },
	[KEY_NAME] = { "name", KIND_TEXT, true },
	[KEY_FAMILY] = { "family", KIND_TEXT, true },
	[KEY_RUNTIME] = { "runtime", KIND_TEXT, false },
	[KEY_LIBRARY] = { "library", KIND_TEXT, false },
	[KEY_PLATFORM] = { "platform", KIND_TEXT, false },
	[KEY_VERSIONS] = { "versions", KIND_LIST, true },
	[KEY_SUITES] = { "suites", KIND_LIST, true },
	[KEY_GROUPS] = { "groups", KIND_LIST, false },
	[KEY_KEY_SHARES] = { "key_shares", KIND_LIST, false },
	[KEY_SIGALGS] = { "sigalgs", KIND_LIST, false },
	[KEY_EXTENSIONS] = { "extensions", KIND_LIST, false },
	[KEY_ALPN] = { "alpn", KIND_LIST, false },
	[KEY_SNI] = { "sni", KIND_TEXT, false },
	[KEY_SECURITY_LEVEL] = { "security_level", KIND_TEXT, false },
	[KEY_VERIFY_PEER] = { "verify_peer", KIND_TEXT, false },
	[KEY_CHECK_HOSTNAME] = { "check_hostname", KIND_TEXT, false },
	[KEY_MIN_RSA_BITS] = { "min_rsa_bits", KIND_TEXT, false },
	[KEY_MIN_DH_BITS] = { "min_dh_bits", KIND_TEXT, false },
	[KEY_SOURCE] = { "source", KIND_TEXT, false },
	[KEY_NOTE] = { "note", KIND_TEXT, false },
};

/* The state of one profile_parse call. */
struct parser {
	const char	*origin;
	char		*err;
	size_t		 errlen;
	struct profile	*p;

	unsigned	 line;		/* physical line, from 1 */
	int		 cur;		/* key being read, or -1 */
	unsigned	 seen[KEY_COUNT];	/* line of each key or 0 */

	char		*text;		/* value of a text key */
	size_t		 text_len;
	size_t		 text_cap;
	size_t		 list_cap;	/* capacity of the list */
};

static enum status __attribute__((format(printf, 3, 4)))
perr(struct parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->err == NULL || ps->errlen == 0)
		return ST_EPARSE;
	n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->origin, line);
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return ST_EPARSE;
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Checks one physical line (without its newline): no control characters
 * but tab, and well-formed UTF-8 (no overlong forms, no surrogates), so
 * nothing from a profile can drive a terminal or break JSON output.
 */
static const char *
check_bytes(const unsigned char *s, size_t len)
{
	size_t i = 0, need, k;
	unsigned c, cp, min;

	while (i < len) {
		c = s[i];
		if (c == '\0')
			return "NUL byte";
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return "control character";
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else
			return "invalid UTF-8";
		if (len - i - 1 < need)
			return "invalid UTF-8";
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return "invalid UTF-8";
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return "invalid UTF-8";
		if (cp >= 0x80 && cp < 0xa0)
			return "control character";
		i += need + 1;
	}
	return NULL;
}

/* Parses 0x followed by one to four hex digits. */
static bool
parse_code(const char *s, uint16_t *out)
{
	unsigned v = 0;
	size_t i;
	int c;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || s[2] == '\0')
		return false;
	for (i = 2; s[i] != '\0'; i++) {
		if (i >= 6)
			return false;
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned)(c - 'A' + 10);
		else
			return false;
	}
	*out = (uint16_t)v;
	return true;
}

/* Parses a decimal number in [0, max]; no sign, no spaces. */
static bool
parse_uint(const char *s, unsigned max, unsigned *out)
{
	unsigned long v = 0;
	size_t i;

	if (s[0] == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 9)
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

static bool
parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0) {
		*out = true;
		return true;
	}
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0) {
		*out = false;
		return true;
	}
	return false;
}

/* The array and count fields of a uint16 list key. */
static void
list_fields(struct profile *p, int key, uint16_t ***v, size_t **n)
{
	switch (key) {
	case KEY_VERSIONS:
		*v = &p->versions;
		*n = &p->n_versions;
		break;
	case KEY_SUITES:
		*v = &p->suites;
		*n = &p->n_suites;
		break;
	case KEY_GROUPS:
		*v = &p->groups;
		*n = &p->n_groups;
		break;
	case KEY_KEY_SHARES:
		*v = &p->key_shares;
		*n = &p->n_key_shares;
		break;
	case KEY_SIGALGS:
		*v = &p->sigalgs;
		*n = &p->n_sigalgs;
		break;
	default:
		*v = &p->extensions;
		*n = &p->n_extensions;
		break;
	}
}

/* Turns one list token into a code; NULL or the reason it is bad. */
static const char *
token_code(int key, const char *tok, uint16_t *code)
{
	const struct tls_suite *s;

	switch (key) {
	case KEY_VERSIONS:
		return tls_version_parse(tok, code) ? NULL : "unknown version";
	case KEY_SUITES:
		/* A code may be one the registry lacks (GREASE, private). */
		if (parse_code(tok, code))
			return NULL;
		if ((s = tls_suite_by_name(tok)) == NULL)
			return "unknown cipher suite";
		*code = s->code;
		return NULL;
	case KEY_GROUPS:
	case KEY_KEY_SHARES:
		if (parse_code(tok, code) || tls_group_parse(tok, code))
			return NULL;
		return "unknown group";
	case KEY_SIGALGS:
		if (parse_code(tok, code) || tls_sigalg_parse(tok, code))
			return NULL;
		return "unknown signature algorithm";
	default:
		if (parse_code(tok, code) || tls_ext_parse(tok, code))
			return NULL;
		return "unknown extension";
	}
}

/* Adds one token of a list value, read on the current line. */
static enum status
add_token(struct parser *ps, const char *tok)
{
	struct profile *p = ps->p;
	uint16_t **v, code;
	size_t *n, i, len;
	const char *why;

	if (ps->cur == KEY_ALPN) {
		/* RFC 7301 §3.1: a protocol name is 1..255 bytes. */
		len = strlen(tok);
		if (len > 255)
			return perr(ps, ps->line, "alpn: protocol name longer "
			    "than 255 bytes");
		for (i = 0; i < p->n_alpn; i++) {
			if (strcmp(p->alpn[i], tok) == 0)
				return perr(ps, ps->line, "alpn: '%s' listed "
				    "twice", tok);
		}
		if (p->n_alpn >= PROFILE_MAX_LIST)
			return perr(ps, ps->line, "alpn: more than %d entries",
			    PROFILE_MAX_LIST);
		if (p->n_alpn == ps->list_cap) {
			ps->list_cap = ps->list_cap ? ps->list_cap * 2 : 8;
			p->alpn = xreallocarray(p->alpn, ps->list_cap,
			    sizeof *p->alpn);
		}
		p->alpn[p->n_alpn++] = xstrdup(tok);
		return ST_OK;
	}

	list_fields(p, ps->cur, &v, &n);
	if ((why = token_code(ps->cur, tok, &code)) != NULL)
		return perr(ps, ps->line, "%s: %s '%s'", keys[ps->cur].name,
		    why, tok);
	for (i = 0; i < *n; i++) {
		if ((*v)[i] == code)
			return perr(ps, ps->line, "%s: '%s' (0x%04x) listed "
			    "twice", keys[ps->cur].name, tok, code);
	}
	/* Clients list supported_versions highest first (RFC 8446 §4.2.1);
	 * min and max are derived from that order. */
	if (ps->cur == KEY_VERSIONS && *n > 0 && code > (*v)[*n - 1])
		return perr(ps, ps->line, "versions: '%s' must come before "
		    "%s (list the highest first)", tok,
		    tls_version_name((*v)[*n - 1]));
	if (*n >= PROFILE_MAX_LIST)
		return perr(ps, ps->line, "%s: more than %d entries",
		    keys[ps->cur].name, PROFILE_MAX_LIST);
	if (*n == ps->list_cap) {
		ps->list_cap = ps->list_cap ? ps->list_cap * 2 : 16;
		*v = xreallocarray(*v, ps->list_cap, sizeof **v);
	}
	(*v)[(*n)++] = code;
	return ST_OK;
}

/* Adds a value segment (one line's worth, trimmed) to the current key. */
static enum status
add_segment(struct parser *ps, char *seg, size_t len)
{
	enum status st;
	size_t i, start;

	if (keys[ps->cur].kind == KIND_TEXT) {
		if (len == 0)
			return ST_OK;
		if (ps->text_len + len + 2 > ps->text_cap) {
			ps->text_cap = ps->text_len + len + 64;
			ps->text = xreallocarray(ps->text, ps->text_cap, 1);
		}
		if (ps->text_len > 0)
			ps->text[ps->text_len++] = ' ';
		memcpy(ps->text + ps->text_len, seg, len);
		ps->text_len += len;
		ps->text[ps->text_len] = '\0';
		return ST_OK;
	}
	i = 0;
	while (i < len) {
		while (i < len && (is_space(seg[i]) || seg[i] == ','))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_space(seg[i]) && seg[i] != ',')
			i++;
		seg[i] = '\0';	/* seg is our own copy of the line */
		if ((st = add_token(ps, seg + start)) != ST_OK)
			return st;
		i++;
	}
	return ST_OK;
}

/* Checks an id: [a-z0-9._-]+, at most PROFILE_MAX_ID bytes. */
static bool
valid_id(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return false;
	}
	return i > 0 && i <= PROFILE_MAX_ID;
}

/* Finishes the current key: stores and checks a text value. */
static enum status
finish_key(struct parser *ps)
{
	struct profile *p = ps->p;
	unsigned line, u;
	const char *v, *name;
	size_t *n;
	uint16_t **arr;
	int key = ps->cur;

	if (key < 0)
		return ST_OK;
	ps->cur = -1;
	line = ps->seen[key];
	name = keys[key].name;

	if (keys[key].kind == KIND_LIST) {
		ps->list_cap = 0;
		if (key == KEY_ALPN)
			return ST_OK;
		list_fields(p, key, &arr, &n);
		if (*n == 0 && keys[key].required)
			return perr(ps, line, "%s: empty list", name);
		return ST_OK;
	}

	v = ps->text_len > 0 ? ps->text : "";
	ps->text_len = 0;
	if (v[0] == '\0' && keys[key].required)
		return perr(ps, line, "%s: empty value", name);

	switch (key) {
	case KEY_ID:
		if (!valid_id(v))
			return perr(ps, line, "id: '%s' is not [a-z0-9._-]+ "
			    "of at most %d characters", v, PROFILE_MAX_ID);
		p->id = xstrdup(v);
		break;
	case KEY_NAME:
		p->name = xstrdup(v);
		break;
	case KEY_FAMILY:
		p->family = xstrdup(v);
		break;
	case KEY_RUNTIME:
		p->runtime = xstrdup(v);
		break;
	case KEY_LIBRARY:
		p->library = xstrdup(v);
		break;
	case KEY_PLATFORM:
		p->platform = xstrdup(v);
		break;
	case KEY_SOURCE:
		p->source = xstrdup(v);
		break;
	case KEY_NOTE:
		p->note = xstrdup(v);
		break;
	case KEY_SNI:
		if (strcmp(v, "hostname") == 0)
			p->sni = SNI_HOSTNAME;
		else if (strcmp(v, "dotted") == 0)
			p->sni = SNI_DOTTED;
		else if (strcmp(v, "never") == 0)
			p->sni = SNI_NEVER;
		else
			return perr(ps, line, "sni: '%s' is not hostname, "
			    "dotted or never", v);
		break;
	case KEY_SECURITY_LEVEL:
		if (!parse_uint(v, 5, &u))
			return perr(ps, line, "security_level: '%s' is not "
			    "a number from 0 to 5", v);
		p->security_level = (int)u;
		break;
	case KEY_VERIFY_PEER:
	case KEY_CHECK_HOSTNAME:
		if (!parse_bool(v, key == KEY_VERIFY_PEER ?
		    &p->verify_peer : &p->check_hostname))
			return perr(ps, line, "%s: '%s' is not yes or no",
			    name, v);
		break;
	case KEY_MIN_RSA_BITS:
	case KEY_MIN_DH_BITS:
		if (!parse_uint(v, PROFILE_MAX_BITS, &u))
			return perr(ps, line, "%s: '%s' is not a number from "
			    "0 to %d", name, v, PROFILE_MAX_BITS);
		if (key == KEY_MIN_RSA_BITS)
			p->min_rsa_bits = u;
		else
			p->min_dh_bits = u;
		break;
	}
	return ST_OK;
}

/* Handles a "key = value" line. */
static enum status
key_line(struct parser *ps, char *s, size_t len)
{
	size_t i = 0, klen;
	int key;

	while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' ||
	    (s[i] >= '0' && s[i] <= '9')))
		i++;
	klen = i;
	while (i < len && is_space(s[i]))
		i++;
	if (klen == 0 || i == len || s[i] != '=')
		return perr(ps, ps->line, "expected 'key = value'");
	for (key = 0; key < KEY_COUNT; key++) {
		if (strlen(keys[key].name) == klen &&
		    memcmp(keys[key].name, s, klen) == 0)
			break;
	}
	if (key == KEY_COUNT)
		return perr(ps, ps->line, "unknown key '%.*s'", (int)klen, s);
	if (ps->seen[key] != 0)
		return perr(ps, ps->line, "duplicate key '%s' (first on line "
		    "%u)", keys[key].name, ps->seen[key]);
	ps->seen[key] = ps->line;
	ps->cur = key;
	i++;
	while (i < len && is_space(s[i]))
		i++;
	return add_segment(ps, s + i, len - i);
}

/* Handles one physical line; buf is a writable copy of it. */
static enum status
do_line(struct parser *ps, char *s, size_t len)
{
	const char *why;
	enum status st;
	size_t i;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	if ((why = check_bytes((const unsigned char *)s, len)) != NULL)
		return perr(ps, ps->line, "%s", why);
	/* '#' starts a comment at the start of a line or after blank. */
	for (i = 0; i < len; i++) {
		if (s[i] == '#' && (i == 0 || is_space(s[i - 1]))) {
			len = i;
			break;
		}
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	s[len] = '\0';
	i = 0;
	while (i < len && is_space(s[i]))
		i++;
	if (i == len)
		return ST_OK;		/* blank or comment */
	if (i > 0) {
		if (ps->cur < 0)
			return perr(ps, ps->line, "continuation line without "
			    "a key");
		return add_segment(ps, s + i, len - i);
	}
	if ((st = finish_key(ps)) != ST_OK)
		return st;
	return key_line(ps, s, len);
}

/* Checks that belong to the whole profile once every key is read. */
static enum status
finish_profile(struct parser *ps, unsigned last)
{
	struct profile *p = ps->p;
	size_t i, j;
	int key;

	for (key = 0; key < KEY_COUNT; key++) {
		if (keys[key].required && ps->seen[key] == 0)
			return perr(ps, last, "missing required key '%s'",
			    keys[key].name);
	}
	/* RFC 8446 §4.2.8: each key share must be for an offered group. */
	for (i = 0; i < p->n_key_shares; i++) {
		for (j = 0; j < p->n_groups; j++) {
			if (p->key_shares[i] == p->groups[j])
				break;
		}
		if (j == p->n_groups)
			return perr(ps, ps->seen[KEY_KEY_SHARES], "key_shares: "
			    "0x%04x is not in groups", p->key_shares[i]);
	}
	p->max_version = p->versions[0];
	p->min_version = p->versions[p->n_versions - 1];
	if (p->runtime == NULL)
		p->runtime = xstrdup("");
	if (p->library == NULL)
		p->library = xstrdup("");
	if (p->platform == NULL)
		p->platform = xstrdup("");
	if (p->source == NULL)
		p->source = xstrdup("");
	if (p->note == NULL)
		p->note = xstrdup("");
	return ST_OK;
}

enum status
profile_parse(const char *text, size_t len, const char *origin,
    struct profile **out, char *err, size_t errlen)
{
	struct parser ps;
	enum status st = ST_OK;
	const char *nl;
	char *buf = NULL;
	size_t off = 0, ll;

	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&ps, 0, sizeof ps);
	ps.origin = origin != NULL ? origin : "(profile)";
	ps.err = err;
	ps.errlen = errlen;
	ps.cur = -1;
	if (len > PROFILE_MAX_FILE)
		return perr(&ps, 1, "file larger than %d bytes",
		    PROFILE_MAX_FILE);

	ps.p = xcalloc(1, sizeof *ps.p);
	ps.p->security_level = 1;	/* OpenSSL's compiled-in default */
	ps.p->verify_peer = true;
	ps.p->check_hostname = true;
	ps.p->sni = SNI_HOSTNAME;

	/* a line never needs more than the text or the line limit */
	buf = xmalloc((len < PROFILE_MAX_LINE ? len : PROFILE_MAX_LINE) + 1);
	while (off < len) {
		ps.line++;
		nl = memchr(text + off, '\n', len - off);
		ll = (nl != NULL ? (size_t)(nl - text) : len) - off;
		if (ll > PROFILE_MAX_LINE) {
			st = perr(&ps, ps.line, "line longer than %d bytes",
			    PROFILE_MAX_LINE);
			goto out;
		}
		memcpy(buf, text + off, ll);
		buf[ll] = '\0';
		if ((st = do_line(&ps, buf, ll)) != ST_OK)
			goto out;
		off += ll + (nl != NULL ? 1 : 0);
	}
	if ((st = finish_key(&ps)) != ST_OK)
		goto out;
	st = finish_profile(&ps, ps.line > 0 ? ps.line : 1);
out:
	free(buf);
	free(ps.text);
	if (st != ST_OK) {
		profile_free(ps.p);
		return st;
	}
	*out = ps.p;
	return ST_OK;
}

enum status
profile_load_file(const char *path, struct profile **out, char *err,
    size_t errlen)
{
	struct stat sb;
	enum status st;
	char *buf = NULL;
	size_t total = 0;
	ssize_t n;
	int fd;

	*out = NULL;
	/* O_NONBLOCK: opening a FIFO left in the directory must not hang. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? ST_ENOENT : ST_EIO;
	}
	if (fstat(fd, &sb) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		st = ST_EIO;
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		st = ST_EINVAL;
		goto out;
	}
	if (sb.st_size > PROFILE_MAX_FILE) {
		snprintf(err, errlen, "%s: file larger than %d bytes", path,
		    PROFILE_MAX_FILE);
		st = ST_ERANGE;
		goto out;
	}
	/* Read one byte past the limit so a growing file is still caught. */
	buf = xmalloc(PROFILE_MAX_FILE + 1);
	while (total <= PROFILE_MAX_FILE) {
		n = read(fd, buf + total, PROFILE_MAX_FILE + 1 - total);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", path,
			    strerror(errno));
			st = ST_EIO;
			goto out;
		}
		if (n == 0)
			break;
		total += (size_t)n;
	}
	if (total > PROFILE_MAX_FILE) {
		snprintf(err, errlen, "%s: file larger than %d bytes", path,
		    PROFILE_MAX_FILE);
		st = ST_ERANGE;
		goto out;
	}
	st = profile_parse(buf, total, path, out, err, errlen);
	if (st == ST_OK)
		(*out)->path = xstrdup(path);
out:
	free(buf);
	close(fd);
	return st;
}

void
profile_free(struct profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	free(p->id);
	free(p->name);
	free(p->family);
	free(p->runtime);
	free(p->library);
	free(p->platform);
	free(p->versions);
	free(p->suites);
	free(p->groups);
	free(p->key_shares);
	free(p->sigalgs);
	free(p->extensions);
	for (i = 0; i < p->n_alpn; i++)
		free(p->alpn[i]);
	free(p->alpn);
	free(p->source);
	free(p->note);
	free(p->path);
	free(p);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
profile_id_cmp(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea = a, *eb = b;
			size_t la, lb;
			int c;

			/* Compare digit runs as numbers: skip zeros, then
			 * the longer run is larger, then digit by digit. */
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				continue;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				continue;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = memcmp(a, b, la)) != 0)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int
cmp_profile_id(const void *a, const void *b)
{
	const struct profile *pa = *(const struct profile *const *)a;
	const struct profile *pb = *(const struct profile *const *)b;
	int c = profile_id_cmp(pa->id, pb->id);

	/* "x-01" and "x-1" are equal numerically; keep the order total. */
	return c != 0 ? c : strcmp(pa->id, pb->id);
}

/* True for "x.profile" names that are not hidden files. */
static bool
is_profile_name(const char *name)
{
	static const char ext[] = ".profile";
	size_t len = strlen(name);

	return name[0] != '.' && len > sizeof ext - 1 &&
	    strcmp(name + len - (sizeof ext - 1), ext) == 0;
}

enum status
profile_set_load_dir(const char *dir, struct profile_set *set, char *err,
    size_t errlen)
{
	struct dirent *de;
	enum status st = ST_OK;
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i;
	DIR *d;

	set->v = NULL;
	set->n = 0;
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return errno == ENOENT ? ST_ENOENT : ST_EIO;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_profile_name(de->d_name))
			continue;
		if (n >= PROFILE_MAX_COUNT) {
			snprintf(err, errlen, "%s: more than %d profiles", dir,
			    PROFILE_MAX_COUNT);
			st = ST_ERANGE;
			goto out;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (n == 0) {
		snprintf(err, errlen, "%s: no *.profile files", dir);
		st = ST_ENOENT;
		goto out;
	}
	/* Load in name order so that the first error is always the same. */
	qsort(names, n, sizeof *names, cmp_str);
	set->v = xcalloc(n, sizeof *set->v);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		st = profile_load_file(path, &set->v[set->n], err, errlen);
		free(path);
		if (st != ST_OK)
			goto out;
		set->n++;
	}
	qsort(set->v, set->n, sizeof *set->v, cmp_profile_id);
	for (i = 1; i < set->n; i++) {
		if (strcmp(set->v[i - 1]->id, set->v[i]->id) == 0) {
			snprintf(err, errlen, "%s: duplicate id '%s' (also in "
			    "%s)", set->v[i]->path, set->v[i]->id,
			    set->v[i - 1]->path);
			st = ST_EINVAL;
			goto out;
		}
	}
out:
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (st != ST_OK)
		profile_set_cleanup(set);
	return st;
}

const struct profile *
profile_set_find(const struct profile_set *set, const char *id)
{
	size_t i;

	if (set == NULL || id == NULL)
		return NULL;
	for (i = 0; i < set->n; i++) {
		if (strcmp(set->v[i]->id, id) == 0)
			return set->v[i];
	}
	return NULL;
}

void
profile_set_cleanup(struct profile_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		profile_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

bool
profile_offers_tls13(const struct profile *p)
{
	const struct tls_suite *s;
	size_t i;

	if (p->max_version < TLS_VERSION_TLS13)
		return false;
	for (i = 0; i < p->n_suites; i++) {
		s = tls_suite_by_code(p->suites[i]);
		if (s != NULL && s->tls13)
			return true;
	}
	return false;
}

const char *
profile_sni_name(enum sni_policy sni)
{
	switch (sni) {
	case SNI_HOSTNAME:
		return "hostname";
	case SNI_DOTTED:
		return "dotted";
	case SNI_NEVER:
		return "never";
	}
	return "?";
}
