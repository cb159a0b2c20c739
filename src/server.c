/*
 * server.c: helpers for struct server_info (see server.h). Pure; the
 * scan job fills one on a worker, the model owns it on the main thread.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "xmem.h"

void
server_info_init(struct server_info *s)
{
	memset(s, 0, sizeof *s);
}

void
server_info_cleanup(struct server_info *s)
{
	size_t i;

	for (i = 0; i < s->n_protocols; i++)
		free(s->protocols[i].suites);
	free(s->groups12);
	free(s->groups13);
	free(s->sigalgs12);
	free(s->sigalgs13);
	server_info_init(s);
}

static uint16_t *
dup_u16(const uint16_t *v, size_t n)
{
	uint16_t *p;

	if (n == 0)
		return NULL;
	p = xreallocarray(NULL, n, sizeof *p);
	memcpy(p, v, n * sizeof *p);
	return p;
}

void
server_info_copy(struct server_info *dst, const struct server_info *src)
{
	size_t i;

	*dst = *src;
	for (i = 0; i < src->n_protocols; i++)
		dst->protocols[i].suites = dup_u16(src->protocols[i].suites,
		    src->protocols[i].n_suites);
	dst->groups12 = dup_u16(src->groups12, src->n_groups12);
	dst->groups13 = dup_u16(src->groups13, src->n_groups13);
	dst->sigalgs12 = dup_u16(src->sigalgs12, src->n_sigalgs12);
	dst->sigalgs13 = dup_u16(src->sigalgs13, src->n_sigalgs13);
}

const struct server_protocol *
server_protocol(const struct server_info *s, uint16_t version)
{
	size_t i;

	for (i = 0; i < s->n_protocols; i++)
		if (s->protocols[i].version == version)
			return &s->protocols[i];
	return NULL;
}

bool
server_info_settles(const struct server_info *s)
{
	size_t i;

	if (s->error_reason != REASON_NONE || s->suites_unclear ||
	    s->other_refusal)
		return false;
	for (i = 0; i < s->n_protocols; i++)
		if (s->protocols[i].accepted)
			return true;
	return false;
}

bool
server_alert_proves_mismatch(int alert)
{
	return alert == 40 || alert == 70 || alert == 71;
}

bool
server_info_unreachable(const struct server_info *s)
{
	if (s->connected)
		return false;
	switch (s->error_reason) {
	case REASON_REFUSED:
	case REASON_UNREACHABLE:
	case REASON_TIMEOUT:
		return true;
	default:
		return false;
	}
}

bool
server_accepts(const struct server_info *s, uint16_t version, uint16_t suite)
{
	const struct server_protocol *sp = server_protocol(s, version);
	size_t i;

	if (sp == NULL || !sp->accepted)
		return false;
	for (i = 0; i < sp->n_suites; i++)
		if (sp->suites[i] == suite)
			return true;
	return false;
}
