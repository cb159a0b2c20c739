/*
 * options.c: the defaults of every option, as tlsmatrix.1 documents them.
 *
 * Called by main (and the unit tests) on the main thread before cli_parse;
 * the struct is frozen before any worker starts. The environment
 * (NO_COLOR, TLSMATRIX_PROFILES) is main's business.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

void
options_defaults(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->target.port = 443;
	o->family = RESOLVER_ANY;
	o->timeout_ms = 5000;
	o->jobs = 16;
	o->per_address = 4;
	o->repeat = 1;
	o->format = OUTPUT_TEXT;
	o->rate_per_address = OPTIONS_RATE_PER_ADDRESS;
}

/* Digits of s into *v; the end. NULL if none or too many. */
static const char *
digits(const char *s, unsigned long *v, unsigned *nd)
{
	*v = 0;
	*nd = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++*nd > 9)
			return NULL;
		*v = *v * 10 + (unsigned long)(*s - '0');
	}
	return *nd > 0 ? s : NULL;
}

bool
options_parse_rate(const char *s, double *out, char *why, size_t whylen)
{
	unsigned long	ip, fp = 0;
	unsigned	nd, fd = 0;
	const char	*p = digits(s, &ip, &nd);
	double		scale = 1;

	/* by hand: a locale's decimal comma must not change the meaning */
	if (p != NULL && *p == '.' && (p = digits(p + 1, &fp, &fd)) == NULL)
		goto bad;
	if (p == NULL || (*p != '\0' && strcmp(p, "/s") != 0))
		goto bad;
	while (fd-- > 0)
		scale *= 10;
	*out = (double)ip + (double)fp / scale;
	if (*out > OPTIONS_RATE_MAX) {
		snprintf(why, whylen, "more than %.0f a second",
		    OPTIONS_RATE_MAX);
		return false;
	}
	return true;
bad:
	snprintf(why, whylen, "not a rate (N/s, e.g. 50/s or 0.5/s; 0: no "
	    "limit)");
	return false;
}

bool
options_parse_shard(const char *s, unsigned *i, unsigned *n, char *why,
    size_t whylen)
{
	unsigned long	a, b;
	unsigned	nd;
	const char	*p = digits(s, &a, &nd);

	if (p == NULL || *p != '/' || (p = digits(p + 1, &b, &nd)) == NULL ||
	    *p != '\0') {
		snprintf(why, whylen, "not I/N (e.g. 1/4: the first of four "
		    "parts)");
		return false;
	}
	if (b < 1 || b > 1000000 || a < 1 || a > b) {
		snprintf(why, whylen, "I/N needs 1 <= I <= N <= 1000000 (parts "
		    "are numbered from 1)");
		return false;
	}
	*i = (unsigned)a;
	*n = (unsigned)b;
	return true;
}
