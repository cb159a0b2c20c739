/*
 * run_resume.c: --resume FILE.jsonl. Reads FILE's complete lines (each a
 * target's JSON document ending in a newline) and remembers the host and
 * port of each; a last line without its newline (a run killed mid-write)
 * is cut off, so FILE holds only complete lines. Then the rest of the
 * list is appended, one write loop per line. Main thread only.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "run_int.h"
#include "xmem.h"

/* A line of FILE longer than this is not one of ours. */
#define RESUME_LINE_MAX		(64u * 1024 * 1024)
#define RESUME_KEY_MAX		300

struct run_resume {
	int	 fd;
	char	**keys;		/* "host port", open addressing */
	size_t	 cap, n;
};

static size_t
key_hash(const char *k)
{
	uint32_t h = 2166136261u;

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

static char **
key_slot(char **keys, size_t cap, const char *k)
{
	size_t i = key_hash(k) & (cap - 1);

	while (keys[i] != NULL && strcmp(keys[i], k) != 0)
		i = (i + 1) & (cap - 1);
	return &keys[i];
}

static void
key_add(struct run_resume *r, const char *k)
{
	char	**s, **old = r->keys;
	size_t	 i, oldcap = r->cap;

	if ((r->n + 1) * 2 > r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->keys = xcalloc(r->cap, sizeof *r->keys);
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL)
				*key_slot(r->keys, r->cap, old[i]) = old[i];
		free(old);
	}
	s = key_slot(r->keys, r->cap, k);
	if (*s == NULL) {
		*s = xstrdup(k);
		r->n++;
	}
}

/* The "host port" key of one of our JSON lines; false if it has none. */
static bool
line_key(const char *line, char *key, size_t len)
{
	static const char	 tag[] = "\"target\": {\"host\": \"";
	const char		*h = strstr(line, tag), *e, *p;
	unsigned long		 port = 0;

	if (h == NULL)
		return false;
	h += sizeof tag - 1;
	if ((e = strchr(h, '"')) == NULL || (size_t)(e - h) >= len - 8)
		return false;
	if (strncmp(e, "\", \"port\": ", 11) != 0)
		return false;
	for (p = e + 11; *p >= '0' && *p <= '9' && port <= 65535; p++)
		port = port * 10 + (unsigned long)(*p - '0');
	if (p == e + 11 || port > 65535)
		return false;
	snprintf(key, len, "%.*s %lu", (int)(e - h), h, port);
	return true;
}

/* Reads every complete line; *keep: the bytes up to the last newline. */
static enum status
read_lines(struct run_resume *r, FILE *f, const char *name, off_t *keep,
    char *err, size_t errlen)
{
	char	*line = NULL, key[RESUME_KEY_MAX];
	size_t	 cap = 0;
	ssize_t	 n;

	*keep = 0;
	errno = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] != '\n')
			break;		/* the cut-off last line */
		if ((size_t)n > RESUME_LINE_MAX) {
			snprintf(err, errlen, "--resume: %s: a line of more "
			    "than %u bytes: not tlsmatrix's JSON lines", name,
			    RESUME_LINE_MAX);
			free(line);
			return ST_EINVAL;
		}
		*keep += n;
		line[n - 1] = '\0';
		if (line_key(line, key, sizeof key))
			key_add(r, key);
	}
	free(line);
	if (ferror(f)) {
		snprintf(err, errlen, "--resume: cannot read %s: %s", name,
		    strerror(errno ? errno : EIO));
		return ST_EIO;
	}
	return ST_OK;
}

enum status
run_resume_open(const char *path, struct run_resume **out, char *err,
    size_t errlen)
{
	struct run_resume	*r = xcalloc(1, sizeof *r);
	char			 name[256];
	struct stat		 sb;
	enum status		 st = ST_EIO;
	FILE			*f = NULL;
	off_t			 keep;
	int			 fd;

	*out = NULL;
	fmt_sanitize(path, name, sizeof name, false);
	r->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (r->fd < 0 || fstat(r->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "--resume: cannot use %s: %s", name,
		    r->fd < 0 ? strerror(errno) : "not a regular file");
		goto fail;
	}
	if ((fd = dup(r->fd)) < 0 || (f = fdopen(fd, "r")) == NULL) {
		snprintf(err, errlen, "--resume: %s: %s", name,
		    strerror(errno));
		goto fail;
	}
	if ((st = read_lines(r, f, name, &keep, err, errlen)) != ST_OK)
		goto fail;
	if (keep < sb.st_size) {
		/* a run killed mid-line: that target is probed again */
		if (ftruncate(r->fd, keep) != 0) {
			snprintf(err, errlen, "--resume: cannot cut the "
			    "incomplete last line of %s: %s", name,
			    strerror(errno));
			st = ST_EIO;
			goto fail;
		}
		fprintf(stderr, "tlsmatrix: --resume: %s: dropped an "
		    "incomplete last line\n", name);
	}
	fclose(f);
	*out = r;
	return ST_OK;
fail:
	if (f != NULL)
		fclose(f);
	run_resume_close(r);
	return st;
}

bool
run_resume_has(const struct run_resume *r, const char *host, unsigned port)
{
	char	key[RESUME_KEY_MAX];

	if (r == NULL || r->cap == 0)
		return false;
	snprintf(key, sizeof key, "%s %u", host, port);
	return *key_slot(r->keys, r->cap, key) != NULL;
}

size_t
run_resume_count(const struct run_resume *r)
{
	return r != NULL ? r->n : 0;
}

int
run_resume_append(struct run_resume *r, const char *buf, size_t len)
{
	ssize_t	w;

	/* a signal that stops the run waits for the whole line */
	while (len > 0) {
		w = write(r->fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

void
run_resume_close(struct run_resume *r)
{
	size_t	i;

	if (r == NULL)
		return;
	if (r->fd >= 0)
		close(r->fd);
	for (i = 0; i < r->cap; i++)
		free(r->keys[i]);
	free(r->keys);
	free(r);
}
