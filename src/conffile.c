/*
 * conffile.c: reads and splits the configuration file (conffile.h).
 *
 * Called by cli.c before the command line is parsed, on the main thread.
 * A byte cursor walks the buffer line by line; every limit is checked
 * before anything is copied, and a bad line stops the parse with its
 * number, so the user is told exactly where to look. What a key means
 * and whether its value is good is cli.c's business.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"
#include "xmem.h"

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* One line without its end: a comment, blank, or key = value. */
static enum status
parse_line(const char *s, size_t n, unsigned line, struct conffile *out,
    char *err, size_t errlen)
{
	struct conffile_entry	*e;
	size_t			 i = 0, k0, kn, v0, vn;

	while (i < n && is_blank(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return ST_OK;
	for (k0 = i; i < n && key_char(s[i]); i++)
		continue;
	kn = i - k0;
	while (i < n && is_blank(s[i]))
		i++;
	if (kn == 0 || i == n || s[i] != '=') {
		snprintf(err, errlen, "expected 'key = value' (a long option "
		    "name such as timeout, then '=' and its value)");
		return ST_EPARSE;
	}
	if (kn >= CONFFILE_KEY_MAX) {
		snprintf(err, errlen, "key longer than %d characters",
		    CONFFILE_KEY_MAX - 1);
		return ST_EPARSE;
	}
	for (i++; i < n && is_blank(s[i]); i++)
		continue;
	for (v0 = i, vn = n; vn > v0 && is_blank(s[vn - 1]); vn--)
		continue;
	if (vn == v0) {
		snprintf(err, errlen, "'%.*s' has no value", (int)kn, s + k0);
		return ST_EPARSE;
	}
	for (i = v0; i < vn; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			snprintf(err, errlen, "control character 0x%02x in "
			    "the value of '%.*s'", c, (int)kn, s + k0);
			return ST_EPARSE;
		}
	}
	if (out->n == CONFFILE_MAX_ENTRIES) {
		snprintf(err, errlen, "more than %d settings",
		    CONFFILE_MAX_ENTRIES);
		return ST_ERANGE;
	}
	out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
	e = &out->v[out->n++];
	memcpy(e->key, s + k0, kn);
	e->key[kn] = '\0';
	e->value = xstrndup(s + v0, vn - v0);
	e->line = line;
	return ST_OK;
}

enum status
conffile_parse(const char *buf, size_t len, struct conffile *out,
    unsigned *bad_line, char *err, size_t errlen)
{
	const char	*p = buf, *end = buf + len, *nl;
	size_t		 n;
	unsigned	 line = 0;
	enum status	 st = ST_OK;

	out->v = NULL;
	out->n = 0;
	*bad_line = 0;
	if (errlen > 0)
		err[0] = '\0';
	if (len > CONFFILE_MAX_BYTES) {
		snprintf(err, errlen, "larger than %d bytes",
		    CONFFILE_MAX_BYTES);
		return ST_ERANGE;
	}
	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')	/* CRLF from an editor */
			n--;
		if (n > CONFFILE_MAX_LINE) {
			snprintf(err, errlen, "line longer than %d bytes",
			    CONFFILE_MAX_LINE);
			st = ST_ERANGE;
		} else if (memchr(p, '\0', n) != NULL) {
			snprintf(err, errlen, "NUL byte");
			st = ST_EPARSE;
		} else
			st = parse_line(p, n, line, out, err, errlen);
		if (st != ST_OK) {
			*bad_line = line;
			conffile_cleanup(out);
			return st;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	return ST_OK;
}

enum status
conffile_load(const char *path, struct conffile *out, unsigned *bad_line,
    char *err, size_t errlen)
{
	struct stat	 sb;
	char		*buf = NULL;
	size_t		 total = 0;
	ssize_t		 n;
	enum status	 st = ST_EIO;
	int		 fd;

	out->v = NULL;
	out->n = 0;
	*bad_line = 0;
	/* O_NONBLOCK: a FIFO in its place must not hang the start. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		return errno == ENOENT ? ST_ENOENT : ST_EIO;
	}
	if (fstat(fd, &sb) == -1) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "cannot read: not a regular file");
		goto out;
	}
	/* One byte past the limit, so that a growing file is caught too. */
	buf = xmalloc(CONFFILE_MAX_BYTES + 1);
	while (total <= CONFFILE_MAX_BYTES) {
		n = read(fd, buf + total, CONFFILE_MAX_BYTES + 1 - total);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "cannot read: %s",
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		total += (size_t)n;
	}
	st = conffile_parse(buf, total, out, bad_line, err, errlen);
out:
	free(buf);
	close(fd);
	return st;
}

void
conffile_cleanup(struct conffile *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].value);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

bool
conffile_default_path(char *buf, size_t len)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME");
	const char	*home = getenv("HOME");
	int		 w;

	if (xdg != NULL && xdg[0] == '/')
		w = snprintf(buf, len, "%s/tlsmatrix/config", xdg);
	else if (home != NULL && home[0] != '\0')
		w = snprintf(buf, len, "%s/.config/tlsmatrix/config", home);
	else
		return false;
	return w > 0 && (size_t)w < len;
}
