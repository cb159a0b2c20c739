/*
 * options.c: the defaults of every option, as tlsmatrix.1 documents them.
 *
 * Called by main (and the unit tests) on the main thread before cli_parse;
 * the struct is frozen before any worker starts. The environment
 * (NO_COLOR, TLSMATRIX_PROFILES) is main's business.
 */
#include "config.h"

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
}
