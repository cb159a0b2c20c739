/*
 * snapdiff.c: tlsmatrix --diff OLD.json NEW.json (snapdiff.h).
 *
 * main calls snapdiff_files once, on the main thread. The snapshots are
 * read with jansson, the one place <jansson.h> is included: every value
 * is checked for its type before use, so a hand-edited or hostile file is
 * an error message, never a crash. Strings are printed through fmt's
 * sanitizer. Output is one change per line, in the order of NEW's rows
 * (gone rows last), so it is deterministic and grep-able. A cell of OLD
 * missing from NEW (its address gone, its profile dropped, the file cut
 * short) is a change for the worse: a gate must not pass a snapshot
 * because it holds less. Each file is read whole with a ceiling
 * (SNAPDIFF_MAX_FILE), so a huge or endless file is refused at once.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fileio.h"
#include "fmt.h"
#include "netaddr.h"
#include "snapdiff.h"
#include "xmem.h"

#define SAFE_MAX	512	/* one sanitized field of a line */

/* A cell, an address or a server by its (address, profile) key. */
struct ref {
	const char	*addr, *profile;	/* profile "" for addresses */
	size_t		 pos;			/* in its array: ties */
	const json_t	*v;
};

struct snap {
	const char	*path;
	json_t		*doc;
	json_t		*addresses, *cells, *servers;	/* arrays */
	/* sorted by key, so that a lookup is a binary search: a linear one
	 * per cell took 85 s for two 11,000-cell snapshots */
	struct ref	*cell_idx, *addr_idx, *server_idx;
	size_t		 n_cell_idx, n_addr_idx, n_server_idx;
};

/* The string member key of o, or NULL when absent or not a string. */
static const char *
str_of(const json_t *o, const char *key)
{
	const json_t	*v = json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
put_safe(FILE *f, const char *s)
{
	char	buf[SAFE_MAX];

	fmt_sanitize(s != NULL ? s : "-", buf, sizeof buf, false);
	fputs(buf, f);
}

/*
 * Several ports (HOST:443,8443): a row is an address and a port, so the
 * entries of arr whose "port" is not the target's get "address" rewritten
 * to ADDR:PORT ([ADDR]:PORT for IPv6) in this copy of the document. Rows
 * on the target's port keep the bare address, so a snapshot of one port
 * still meets its rows in one of several.
 */
static void
key_by_port(json_t *arr, json_int_t target_port)
{
	json_t		*v, *port;
	const char	*a;
	char		 key[NETADDR_TEXT_MAX + 8];
	size_t		 i;

	json_array_foreach(arr, i, v) {
		port = json_object_get(v, "port");
		a = str_of(v, "address");
		if (a == NULL || !json_is_integer(port) ||
		    json_integer_value(port) == target_port)
			continue;
		snprintf(key, sizeof key, strchr(a, ':') != NULL ? "[%.64s]:%lld" :
		    "%.64s:%lld", a, (long long)json_integer_value(port));
		json_object_set_new(v, "address", json_string(key));
	}
}

static int
ref_cmp(const void *a, const void *b)
{
	const struct ref	*x = a, *y = b;
	int			 c = strcmp(x->addr, y->addr);

	if (c == 0)
		c = strcmp(x->profile, y->profile);
	if (c == 0)
		c = x->pos < y->pos ? -1 : x->pos > y->pos;
	return c;
}

/* The entries of arr that have a string "address" (and, for cells, a
 * string "profile"), sorted by key, first in the file first. */
static struct ref *
index_of(const json_t *arr, bool cells, size_t *n)
{
	struct ref	*idx = xcalloc(json_array_size(arr) + 1, sizeof *idx);
	const json_t	*v;
	size_t		 i;

	*n = 0;
	json_array_foreach(arr, i, v) {
		const char *a = str_of(v, "address");
		const char *p = cells ? str_of(v, "profile") : "";

		if (a == NULL || p == NULL)
			continue;
		idx[*n].addr = a;
		idx[*n].profile = p;
		idx[*n].pos = i;
		idx[(*n)++].v = v;
	}
	qsort(idx, *n, sizeof *idx, ref_cmp);
	return idx;
}

static int
pos_cmp(const void *a, const void *b)
{
	size_t	x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The first entry of idx with this key (profile NULL: any), or NULL. */
static const struct ref *
ref_find(const struct ref *idx, size_t n, const char *addr,
    const char *profile)
{
	size_t	lo = 0, hi = n, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(idx[mid].addr, addr);
		if (c == 0 && profile != NULL)
			c = strcmp(idx[mid].profile, profile);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || strcmp(idx[lo].addr, addr) != 0 ||
	    (profile != NULL && strcmp(idx[lo].profile, profile) != 0))
		return NULL;
	return &idx[lo];
}

static void
snap_free(struct snap *s)
{
	json_decref(s->doc);
	free(s->cell_idx);
	free(s->addr_idx);
	free(s->server_idx);
}

static enum status
snap_load(struct snap *s, const char *path, char *err, size_t errlen)
{
	json_error_t	 je;
	const json_t	*v, *tp;
	char		 p[SAFE_MAX], why[SAFE_MAX * 2], *text;
	size_t		 len;
	enum status	 st;

	memset(s, 0, sizeof *s);
	s->path = path;
	fmt_sanitize(path, p, sizeof p, false);
	st = fileio_read(path, SNAPDIFF_MAX_FILE, "a snapshot", &text, &len,
	    why, sizeof why);
	if (st != ST_OK) {
		fmt_sanitize(why, p, sizeof p, false);
		snprintf(err, errlen, "%s", p);
		return st == ST_ERANGE ? ST_ERANGE : ST_EIO;
	}
	s->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (s->doc == NULL) {
		snprintf(err, errlen, "%s: not JSON: line %d: %s", p,
		    je.line, je.text);
		return ST_EPARSE;
	}
	v = json_object_get(s->doc, "schema_version");
	if (!json_is_object(s->doc) || !json_is_integer(v) ||
	    json_integer_value(v) != 1 ||
	    str_of(s->doc, "tool") == NULL ||
	    strcmp(str_of(s->doc, "tool"), "tlsmatrix") != 0) {
		snprintf(err, errlen, "%s: not a tlsmatrix snapshot with "
		    "schema_version 1 (--format json)", p);
		return ST_EPARSE;
	}
	s->addresses = json_object_get(s->doc, "addresses");
	s->cells = json_object_get(s->doc, "cells");
	s->servers = json_object_get(s->doc, "servers");
	if (!json_is_array(s->addresses) || !json_is_array(s->cells) ||
	    !json_is_array(s->servers)) {
		snprintf(err, errlen, "%s: \"addresses\", \"cells\" and "
		    "\"servers\" must be arrays", p);
		return ST_EPARSE;
	}
	tp = json_object_get(json_object_get(s->doc, "target"), "port");
	if (json_is_integer(tp)) {
		key_by_port(s->addresses, json_integer_value(tp));
		key_by_port(s->cells, json_integer_value(tp));
		key_by_port(s->servers, json_integer_value(tp));
	}
	s->cell_idx = index_of(s->cells, true, &s->n_cell_idx);
	s->addr_idx = index_of(s->addresses, false, &s->n_addr_idx);
	s->server_idx = index_of(s->servers, false, &s->n_server_idx);
	return ST_OK;
}

static bool
has_address(const struct snap *s, const char *addr)
{
	return ref_find(s->addr_idx, s->n_addr_idx, addr, NULL) != NULL;
}

static const json_t *
find_cell(const struct snap *s, const char *addr, const char *profile)
{
	const struct ref *r = ref_find(s->cell_idx, s->n_cell_idx, addr,
	    profile);

	return r != NULL ? r->v : NULL;
}

static const json_t *
find_server(const struct snap *s, const char *addr)
{
	const struct ref *r = ref_find(s->server_idx, s->n_server_idx, addr,
	    NULL);

	return r != NULL ? r->v : NULL;
}

/* "ok", "fail no-shared-cipher", "pending". */
static void
put_verdict(FILE *f, const json_t *c)
{
	const char	*v = str_of(c, "verdict"), *r = str_of(c, "reason");

	put_safe(f, v);
	if (v != NULL && strcmp(v, "fail") == 0 && r != NULL) {
		putc(' ', f);
		put_safe(f, r);
	}
}

static void
line_start(FILE *f, struct snapdiff_result *res, const char *what,
    const char *addr)
{
	fprintf(f, "%-16s ", what);
	put_safe(f, addr);
	res->changes++;
}

static bool
verdict_is(const json_t *c, const char *v)
{
	const char *s = str_of(c, "verdict");

	return s != NULL && strcmp(s, v) == 0;
}

static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Cells of NEW against OLD, in NEW's order. */
static void
diff_cells(const struct snap *o, const struct snap *n, FILE *f,
    struct snapdiff_result *res)
{
	size_t		 i;
	const json_t	*nc, *oc;

	json_array_foreach(n->cells, i, nc) {
		const char *a = str_of(nc, "address"), *p = str_of(nc, "profile");
		const char *what = NULL;

		if (a == NULL || p == NULL)
			continue;
		oc = find_cell(o, a, p);
		if (oc == NULL) {
			/* a new row or column: only a failure is news */
			if (!verdict_is(nc, "fail"))
				continue;
			what = "cell new-fail";
			if (!has_address(o, a))
				res->worse = true;
		} else if (verdict_is(oc, "ok") && verdict_is(nc, "fail")) {
			what = "cell broken";
			res->worse = true;
		} else if (verdict_is(oc, "fail") && verdict_is(nc, "ok"))
			what = "cell fixed";
		else if (verdict_is(oc, "fail") && verdict_is(nc, "fail") &&
		    !same_str(str_of(oc, "reason"), str_of(nc, "reason")))
			what = "cell reason";
		if (what == NULL)
			continue;
		line_start(f, res, what, a);
		putc(' ', f);
		put_safe(f, p);
		fputs(": ", f);
		if (oc != NULL) {
			put_verdict(f, oc);
			fputs(" -> ", f);
		}
		put_verdict(f, nc);
		putc('\n', f);
	}
	/* then OLD's cells that NEW lacks, in OLD's order */
	json_array_foreach(o->cells, i, oc) {
		const char *a = str_of(oc, "address"), *p = str_of(oc, "profile");

		if (a == NULL || p == NULL || find_cell(n, a, p) != NULL)
			continue;
		line_start(f, res, "cell vanished", a);
		putc(' ', f);
		put_safe(f, p);
		fputs(": ", f);
		put_verdict(f, oc);
		fputs(" -> absent\n", f);
		res->vanished++;
		res->worse = true;
	}
}

static bool
in_str_array(const json_t *arr, const char *s)
{
	size_t		 i;
	const json_t	*v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

static const json_t *
find_protocol(const json_t *srv, const char *version)
{
	const json_t	*ps = json_object_get(srv, "protocols"), *p;
	size_t		 i;

	json_array_foreach(ps, i, p) {
		const char *v = str_of(p, "version");

		if (v != NULL && strcmp(v, version) == 0)
			return p;
	}
	return NULL;
}

/* Profiles whose ok cell at addr in OLD negotiated key = val: a removal
 * of val breaks them. Writes " (used by a, b)" and returns true if any. */
static bool
used_by(const struct snap *o, const char *addr, const char *key,
    const char *val, const char *version, FILE *f)
{
	const struct ref	*r = ref_find(o->cell_idx, o->n_cell_idx, addr,
				    NULL), *end = o->cell_idx + o->n_cell_idx;
	size_t			*pos, n = 0, k;

	/* only this address's cells, named in OLD's order */
	for (; r != NULL && r < end && strcmp(r->addr, addr) == 0; r++)
		n++;
	if (n == 0)
		return false;
	r -= n;
	pos = xcalloc(n, sizeof *pos);
	for (n = 0; r < end && strcmp(r->addr, addr) == 0; r++) {
		const json_t *c = r->v;

		if (!verdict_is(c, "ok") || !same_str(str_of(c, key), val))
			continue;
		if (version != NULL && !same_str(str_of(c, "protocol"),
		    version))
			continue;
		pos[n++] = r->pos;
	}
	qsort(pos, n, sizeof *pos, pos_cmp);
	for (k = 0; k < n; k++) {
		fputs(k == 0 ? " (used by " : ", ", f);
		put_safe(f, str_of(json_array_get(o->cells, pos[k]),
		    "profile"));
	}
	if (n > 0)
		putc(')', f);
	free(pos);
	return n > 0;
}

/* The names in a but not in b: what/addr/[version]/name per line. */
static void
diff_list(const struct snap *o, const json_t *a, const json_t *b,
    const char *what, const char *addr, const char *version,
    const char *used_key, FILE *f, struct snapdiff_result *res)
{
	size_t		 i;
	const json_t	*v;

	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || in_str_array(b, json_string_value(v)))
			continue;
		line_start(f, res, what, addr);
		if (version != NULL) {
			putc(' ', f);
			put_safe(f, version);
		}
		putc(' ', f);
		put_safe(f, json_string_value(v));
		if (used_key != NULL && used_by(o, addr, used_key,
		    json_string_value(v), version, f))
			res->worse = true;
		putc('\n', f);
	}
}

/* The versions of the protocols ps that the server b lacks, a line each
 * as what; a removed one also names the cells of OLD that used it. */
static void
diff_protocols(const struct snap *o, const char *addr, const json_t *ps,
    const json_t *b, const char *what, bool removed, FILE *f,
    struct snapdiff_result *res)
{
	const json_t	*p;
	size_t		 i;

	json_array_foreach(ps, i, p) {
		const char *v = str_of(p, "version");

		if (v == NULL || find_protocol(b, v) != NULL)
			continue;
		line_start(f, res, what, addr);
		putc(' ', f);
		put_safe(f, v);
		if (removed && used_by(o, addr, "protocol", v, NULL, f))
			res->worse = true;
		putc('\n', f);
	}
}

/* What one address's server accepts, OLD against NEW. Only enumerations
 * that finished on both sides are compared. */
static void
diff_server(const struct snap *o, const char *addr, const json_t *os,
    const json_t *ns, FILE *f, struct snapdiff_result *res)
{
	const json_t	*ops, *nps, *p, *q;
	size_t		 i;

	if (!same_str(str_of(os, "state"), "done") ||
	    !same_str(str_of(ns, "state"), "done"))
		return;
	ops = json_object_get(os, "protocols");
	nps = json_object_get(ns, "protocols");
	diff_protocols(o, addr, nps, os, "protocol added", false, f, res);
	diff_protocols(o, addr, ops, ns, "protocol removed", true, f, res);
	/* suites per version present in both */
	json_array_foreach(nps, i, p) {
		const char *v = str_of(p, "version");

		if (v == NULL || (q = find_protocol(os, v)) == NULL)
			continue;
		diff_list(o, json_object_get(p, "ciphers"),
		    json_object_get(q, "ciphers"), "suite added", addr, v,
		    NULL, f, res);
		diff_list(o, json_object_get(q, "ciphers"),
		    json_object_get(p, "ciphers"), "suite removed", addr, v,
		    "cipher", f, res);
	}
	diff_list(o, json_object_get(ns, "groups"),
	    json_object_get(os, "groups"), "group added", addr, NULL, NULL,
	    f, res);
	diff_list(o, json_object_get(os, "groups"),
	    json_object_get(ns, "groups"), "group removed", addr, NULL,
	    "group", f, res);
}

static void
diff_addresses(const struct snap *o, const struct snap *n, FILE *f,
    struct snapdiff_result *res)
{
	size_t		 i;
	const json_t	*a;

	json_array_foreach(n->addresses, i, a) {
		const char *t = str_of(a, "address");

		if (t != NULL && !has_address(o, t)) {
			line_start(f, res, "address added", t);
			putc('\n', f);
		}
	}
	json_array_foreach(o->addresses, i, a) {
		const char *t = str_of(a, "address");

		if (t != NULL && !has_address(n, t)) {
			line_start(f, res, "address gone", t);
			putc('\n', f);
		}
	}
}

/* Servers of addresses in both, in NEW's order. */
static void
diff_servers(const struct snap *o, const struct snap *n, FILE *f,
    struct snapdiff_result *res)
{
	size_t		 i;
	const json_t	*a, *os, *ns;

	json_array_foreach(n->addresses, i, a) {
		const char *t = str_of(a, "address");

		if (t == NULL || (os = find_server(o, t)) == NULL ||
		    (ns = find_server(n, t)) == NULL)
			continue;
		diff_server(o, t, os, ns, f, res);
	}
}

enum status
snapdiff_files(const char *old_path, const char *new_path, FILE *out,
    struct snapdiff_result *res, char *err, size_t errlen)
{
	struct snap	o, n;
	enum status	st;

	memset(res, 0, sizeof *res);
	memset(&n, 0, sizeof n);
	if (errlen > 0)
		err[0] = '\0';
	errno = 0;
	if ((st = snap_load(&o, old_path, err, errlen)) != ST_OK)
		goto out;
	errno = 0;
	if ((st = snap_load(&n, new_path, err, errlen)) != ST_OK)
		goto out;
	if (!same_str(str_of(json_object_get(o.doc, "target"), "host"),
	    str_of(json_object_get(n.doc, "target"), "host"))) {
		fputs("target           ", out);
		put_safe(out, str_of(json_object_get(o.doc, "target"), "host"));
		fputs(" -> ", out);
		put_safe(out, str_of(json_object_get(n.doc, "target"), "host"));
		putc('\n', out);
		res->changes++;
	}
	diff_addresses(&o, &n, out, res);
	diff_cells(&o, &n, out, res);
	diff_servers(&o, &n, out, res);
	fprintf(out, "%zu change%s; %s\n", res->changes,
	    res->changes == 1 ? "" : "s", res->worse ? "something got worse" :
	    "nothing got worse");
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "cannot write to standard output: %s",
		    strerror(errno != 0 ? errno : EIO));
		st = ST_EIO;
	}
out:
	snap_free(&o);
	snap_free(&n);
	return st;
}

const char *
snapdiff_library_version(void)
{
	return jansson_version_str();
}
