/*
 * profile_set.c: profile files and directories (profile_load_file,
 * profile_set_load_dir: bounded reads, sorted by id, duplicates refused),
 * the set's look-ups, and the small questions asked of a loaded profile.
 * Main thread to load; the frozen profiles are then read from any thread.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"
#include "profile_int.h"
#include "tls_names.h"
#include "xmem.h"

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
	free(p->compression);
	free(p->sigalgs_cert);
	free(p->ec_point_formats);
	free(p->psk_modes);
	free(p->cert_compression);
	for (i = 0; i < p->n_alps; i++)
		free(p->alps[i]);
	free(p->alps);
	free(p->delegated_credentials);
	for (i = 0; i < p->n_ext_data; i++)
		free(p->ext_data[i].data);
	free(p->ext_data);
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

const struct profile *const *
profile_set_list(const struct profile_set *set)
{
	return (const struct profile *const *)set->v;
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
