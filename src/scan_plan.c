/*
 * scan_plan.c: a scan cut into parts and put back together, on the main
 * thread: which parts stage 1 and stage 2 run (scan_next_parts), each
 * part's answers merged as it comes back (scan_merge), the partial view
 * the TUI shows (scan_work_peek) and the final server_info
 * (scan_finish); scan_run does it all on one thread.
 */
#include "config.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "clock.h"
#include "hello_io.h"
#include "hello_parse.h"
#include "profile.h"
#include "result.h"
#include "scan.h"
#include "scan_int.h"
#include "server.h"
#include "tls_names.h"
#include "xmem.h"

void
scan_part_free(struct scan_part *p)
{
	if (p == NULL)
		return;
	scan_flag_release(p->flag);
	free(p->es);
	server_info_cleanup(&p->out);
	free(p);
}

struct scan_work *
scan_work_new(const struct scan_job *job)
{
	struct scan_work *st = xcalloc(1, sizeof *st);

	st->job = *job;
	st->flag = xcalloc(1, sizeof *st->flag);
	atomic_init(&st->flag->stop, false);
	atomic_init(&st->flag->refs, 1);
	st->t0 = clock_ms();
	server_info_init(&st->out);
	return st;
}

void
scan_work_free(struct scan_work *st)
{
	size_t i;

	if (st == NULL)
		return;
	/* Parts still queued are stale now: they need not connect. */
	atomic_store(&st->flag->stop, true);
	scan_flag_release(st->flag);
	for (i = 0; i < SCAN_MAX_CHUNKS; i++)
		free(st->chunk_es[i]);
	free(st->es12);
	free(st->p13.suites);
	free(st->p12.suites);
	for (i = 0; i < st->n_lower; i++)
		free(st->lower[i].suites);
	server_info_cleanup(&st->out);
	free(st);
}

static struct scan_part *
new_part(const struct scan_work *st, enum part_kind kind)
{
	struct scan_part *p = xcalloc(1, sizeof *p);

	p->kind = kind;
	p->flag = scan_flag_ref(st->flag);
	p->job = st->job;
	/* The preference is asked while stage 1 still runs, but it is
	 * not one of stage 1's parts. */
	p->stage = kind == PART_PREF12 ? 2 : st->stage;
	p->answered_before = p->stage > 1;
	server_info_init(&p->out);
	return p;
}

/*
 * Stage 1, longest chains first: the curves (over every ECDHE suite of
 * the registry, so they need not wait for the accepted ones; a typical
 * server has five), then the first chunk, which holds the suites servers
 * use, then TLS 1.3, the older versions and the other chunks.
 */
static size_t
plan_stage1(struct scan_work *st, struct scan_part **parts)
{
	uint16_t pool[SCAN_MAX_SUITES];
	size_t n_pool, chunks, c, n = 0;
	struct scan_part *p;

	n_pool = scan_suite_pool(TLS_VERSION_TLS12, pool, SCAN_MAX_SUITES);
	chunks = scan_chunk_count(n_pool);
	if (chunks > SCAN_MAX_CHUNKS)
		chunks = SCAN_MAX_CHUNKS;
	p = parts[n++] = new_part(st, PART_GROUPS12);
	p->version = TLS_VERSION_TLS12;
	memcpy(p->suites, pool, n_pool * sizeof *pool);
	p->n_suites = n_pool;
	st->chunks_left = chunks;
	st->suite_parts_left = chunks + 2;
	for (c = 0; c < chunks; c++) {
		parts[n] = new_part(st, PART_CHUNK12);
		parts[n++]->chunk = c;
		if (c == 0) {
			parts[n++] = new_part(st, PART_TLS13);
			parts[n++] = new_part(st, PART_LOWER);
		}
	}
	return n;
}

/* The TLS 1.2 chunks, merged in chunk order. */
static void
merge_chunks(struct scan_work *st)
{
	struct enum_state *es, *m;
	size_t c, i;

	m = st->es12 = xcalloc(1, sizeof *st->es12);
	for (c = 0; c < SCAN_MAX_CHUNKS; c++) {
		es = st->chunk_es[c];
		if (es == NULL || es->n_accepted == 0)
			continue;
		if (m->n_accepted == 0) {
			memcpy(m->first_offer, es->first_offer,
			    es->n_first_offer * sizeof *es->first_offer);
			m->n_first_offer = es->n_first_offer;
		}
		for (i = 0; i < es->n_accepted &&
		    m->n_accepted < SCAN_MAX_SUITES; i++) {
			m->chunk_of[m->n_accepted] = c;
			m->accepted[m->n_accepted++] = es->accepted[i];
		}
	}
	st->p12.version = TLS_VERSION_TLS12;
	st->have12 = true;
	if (m->n_accepted > 0) {
		st->p12.accepted = true;
		st->p12.n_suites = m->n_accepted;
		st->p12.suites = xreallocarray(NULL, m->n_accepted,
		    sizeof *st->p12.suites);
		memcpy(st->p12.suites, m->accepted,
		    m->n_accepted * sizeof *st->p12.suites);
	}
}

/* Once every TLS 1.2 chunk is in: the preference and the order. */
static size_t
plan_pref12(struct scan_work *st, struct scan_part **parts)
{
	struct scan_part *p;

	merge_chunks(st);
	if (st->es12->n_accepted < 2)
		return 0;
	p = parts[0] = new_part(st, PART_PREF12);
	p->es = xmalloc(sizeof *p->es);
	*p->es = *st->es12;
	return 1;
}

static size_t
plan_sigalgs(const struct scan_work *st, const struct server_protocol *sp,
    struct scan_part **parts)
{
	struct scan_part *p = parts[0] = new_part(st, PART_SIGALGS);

	p->version = sp->version;
	p->n_suites = sp->n_suites < SCAN_CHUNK ? sp->n_suites : SCAN_CHUNK;
	memcpy(p->suites, sp->suites, p->n_suites * sizeof *p->suites);
	if (st->out.have_cert)
		snprintf(p->key_type, sizeof p->key_type, "%s",
		    st->out.cert.key_type);
	return 1;
}

/* Once all of stage 1 is in: what needs the versions' answers. */
static size_t
plan_stage2(struct scan_work *st, struct scan_part **parts)
{
	const struct server_protocol *best12 = NULL;
	struct scan_part *p;
	size_t n = 0, i;

	if (st->have13 && st->p13.accepted) {
		p = parts[n++] = new_part(st, PART_GROUPS13);
		p->n_suites = st->p13.n_suites < SCAN_CHUNK ?
		    st->p13.n_suites : SCAN_CHUNK;
		memcpy(p->suites, st->p13.suites,
		    p->n_suites * sizeof *p->suites);
		memcpy(p->known, st->g13, st->n_g13 * sizeof *st->g13);
		p->n_known = st->n_g13;
		if (!st->out.have_cert)
			parts[n++] = new_part(st, PART_CERT);
	}
	/* The signature schemes of TLS 1.3 and 1.2, with their suites. */
	if (st->have13 && st->p13.accepted)
		n += plan_sigalgs(st, &st->p13, parts + n);
	if (st->have12 && st->p12.accepted)
		n += plan_sigalgs(st, &st->p12, parts + n);
	/* Without TLS 1.2, stage 1 found no curves: ask the best older
	 * version, with the suites it accepted. */
	if (!st->p12.accepted) {
		for (i = 0; i < st->n_lower && best12 == NULL; i++)
			if (st->lower[i].accepted)
				best12 = &st->lower[i];
		if (best12 != NULL) {
			p = parts[n++] = new_part(st, PART_GROUPS12);
			p->version = best12->version;
			p->n_suites = best12->n_suites < SCAN_MAX_SUITES ?
			    best12->n_suites : SCAN_MAX_SUITES;
			memcpy(p->suites, best12->suites,
			    p->n_suites * sizeof *p->suites);
			memcpy(p->known, st->g12, st->n_g12 * sizeof *st->g12);
			p->n_known = st->n_g12;
		}
	}
	return n;
}

struct scan_part **
scan_next_parts(struct scan_work *st, size_t *n)
{
	struct scan_part **parts;

	*n = 0;
	if (st->cancelled)
		return NULL;
	parts = xcalloc(SCAN_MAX_CHUNKS + 8, sizeof *parts);
	if (st->stage == 0) {
		st->stage = 1;
		*n = plan_stage1(st, parts);
		st->stage1_left = *n;
	}
	if (st->stage == 1 && st->chunks_left == 0 && !st->pref_planned) {
		st->pref_planned = true;
		*n += plan_pref12(st, parts + *n);
	}
	if (st->stage == 1 && st->stage1_left == 0) {
		st->stage = 2;
		/* An answer anywhere makes the other parts' silence a
		 * refusal, as in a scan one hello at a time. Not after a
		 * stop: the parts it skipped did not refuse anything. */
		if (st->answered && !st->stop) {
			st->out.error_reason = REASON_NONE;
			st->out.error[0] = '\0';
			*n += plan_stage2(st, parts + *n);
		}
	}
	st->parts_out += *n;
	if (*n == 0) {
		free(parts);
		return NULL;
	}
	return parts;
}

bool
scan_work_done(const struct scan_work *st)
{
	return st->parts_out == 0 && (st->stage == 2 || st->cancelled);
}

/* Moves sp (its suite list) into dst. */
static void
take_protocol(struct server_protocol *dst, struct server_protocol *sp)
{
	*dst = *sp;
	sp->suites = NULL;
	sp->n_suites = 0;
}

/* What only a part of p's kind answers, taken into the scan. */
static void
merge_kind(struct scan_work *st, struct scan_part *p)
{
	struct server_info *o = &p->out;
	size_t i;

	switch (p->kind) {
	case PART_CHUNK12:
		if (p->chunk < SCAN_MAX_CHUNKS &&
		    st->chunk_es[p->chunk] == NULL) {
			st->chunk_es[p->chunk] = p->es;
			p->es = NULL;
		}
		break;
	case PART_TLS13:
		if (o->n_protocols > 0) {
			take_protocol(&st->p13, &o->protocols[0]);
			st->have13 = true;
		}
		break;
	case PART_LOWER:
		for (i = 0; i < o->n_protocols && st->n_lower <
		    SERVER_MAX_PROTOCOLS; i++)
			take_protocol(&st->lower[st->n_lower++],
			    &o->protocols[i]);
		break;
	case PART_PREF12:
		st->p12.server_preference = p->pref.server_preference;
		st->p12.preference_known = p->pref.preference_known;
		if (st->p12.suites != NULL &&
		    p->es->n_accepted == st->p12.n_suites)
			memcpy(st->p12.suites, p->es->accepted,
			    st->p12.n_suites * sizeof *st->p12.suites);
		break;
	case PART_GROUPS12:
		for (i = 0; i < o->n_groups12; i++)
			scan_u16_add(st->g12_elim, &st->n_g12_elim,
			    SCAN_MAX_GROUPS, o->groups12[i]);
		break;
	case PART_SIGALGS:
		if (o->sigalgs12_known) {
			free(st->out.sigalgs12);
			st->out.sigalgs12 = o->sigalgs12;
			st->out.n_sigalgs12 = o->n_sigalgs12;
			st->out.sigalgs12_known = true;
			o->sigalgs12 = NULL;
		}
		if (o->sigalgs13_known) {
			free(st->out.sigalgs13);
			st->out.sigalgs13 = o->sigalgs13;
			st->out.n_sigalgs13 = o->n_sigalgs13;
			st->out.sigalgs13_known = true;
			o->sigalgs13 = NULL;
		}
		break;
	case PART_GROUPS13:
	case PART_CERT:
		break;
	}
}

void
scan_merge(struct scan_work *st, struct scan_part *p)
{
	struct server_info *o = &p->out;
	size_t i;

	if (st->parts_out > 0)
		st->parts_out--;
	if (p->stage == 1 && st->stage1_left > 0)
		st->stage1_left--;
	if (p->kind == PART_CHUNK12 && st->chunks_left > 0)
		st->chunks_left--;
	if (p->stage == 1 && (p->kind == PART_CHUNK12 ||
	    p->kind == PART_TLS13 || p->kind == PART_LOWER)) {
		if (st->suite_parts_left > 0)
			st->suite_parts_left--;
		/* A part that failed or was cancelled leaves holes too. */
		st->suites_unclear = st->suites_unclear || o->suites_unclear ||
		    o->error_reason != REASON_NONE || p->cancelled;
	}
	st->out.connections += o->connections;
	st->answered = st->answered || p->answered;
	scan_keep_refusal(&st->refusal, st->refusal_detail, p->refusal,
	    p->refusal_detail);
	st->cancelled = st->cancelled || p->cancelled;
	/* A skipped part refused nothing: the result cannot stand in for
	 * a whole enumeration, even if a straggler answers. */
	if (p->skipped)
		st->stop = true;
	if (o->error_reason != REASON_NONE) {
		if (st->out.error_reason == REASON_NONE) {
			st->out.error_reason = o->error_reason;
			memcpy(st->out.error, o->error, sizeof st->out.error);
		}
		/* Unreachable, silent or not TLS before any answer: the scan
		 * one hello at a time stops here too, and the parts still
		 * queued need not wait out their own timeouts. */
		if (!st->answered && !atomic_load(&st->flag->answered)) {
			st->stop = true;
			atomic_store(&st->flag->stop, true);
		}
	}
	st->out.hrr_seen = st->out.hrr_seen || o->hrr_seen;
	if (o->other_refusal && !st->out.other_refusal) {
		st->out.other_refusal = true;
		st->out.other_alert = o->other_alert;
	}
	st->out.connected = st->out.connected || o->connected;
	if (!st->out.have_cert && o->have_cert) {
		st->out.have_cert = true;
		st->out.cert = o->cert;
		st->out.chain_len = o->chain_len;
	}
	if (st->out.dh_bits == 0)
		st->out.dh_bits = o->dh_bits;
	for (i = 0; i < o->n_groups12; i++)
		scan_u16_add(st->g12, &st->n_g12, SCAN_MAX_GROUPS, o->groups12[i]);
	for (i = 0; i < o->n_groups13; i++)
		scan_u16_add(st->g13, &st->n_g13, SCAN_MAX_GROUPS, o->groups13[i]);
	merge_kind(st, p);
	scan_part_free(p);
}

void
scan_finish(struct scan_work *st, struct server_info *out)
{
	size_t i;

	*out = st->out;
	server_info_init(&st->out);
	if (st->have13)
		take_protocol(&out->protocols[out->n_protocols++], &st->p13);
	if (st->have12)
		take_protocol(&out->protocols[out->n_protocols++], &st->p12);
	for (i = 0; i < st->n_lower &&
	    out->n_protocols < SERVER_MAX_PROTOCOLS; i++)
		take_protocol(&out->protocols[out->n_protocols++],
		    &st->lower[i]);
	if (!st->answered && out->error_reason == REASON_NONE &&
	    !st->cancelled && (st->refusal == REASON_PROTOCOL_ERROR ||
	    st->refusal == REASON_RESET)) {
		out->error_reason = st->refusal;
		snprintf(out->error, sizeof out->error, "no ClientHello got a "
		    "TLS answer: %.200s", st->refusal_detail);
	}
	if (!st->answered && out->error_reason == REASON_NONE &&
	    !st->cancelled) {
		out->error_reason = REASON_CLOSED;
		snprintf(out->error, sizeof out->error, "%s", "the server "
		    "closed every connection without answering a "
		    "ClientHello");
	}
	/* The curves in the order the elimination found them (the
	 * server's, if it has one), then any only a suite's flight showed. */
	for (i = 0; i < st->n_g12; i++)
		scan_u16_add(st->g12_elim, &st->n_g12_elim, SCAN_MAX_GROUPS,
		    st->g12[i]);
	memcpy(st->g12, st->g12_elim, st->n_g12_elim * sizeof *st->g12);
	st->n_g12 = st->n_g12_elim;
	scan_copy_groups(&out->groups12, &out->n_groups12, st->g12, st->n_g12);
	scan_copy_groups(&out->groups13, &out->n_groups13, st->g13, st->n_g13);
	out->suites_unclear = st->suites_unclear;
	out->elapsed_ms = (uint32_t)(clock_ms() - st->t0);
	out->done = !st->cancelled;
	scan_work_free(st);
}

bool
scan_work_stopped(const struct scan_work *st)
{
	return st->stop;
}

bool
scan_work_suites_known(const struct scan_work *st)
{
	/* pref_planned: the chunks are merged into p12 by then */
	return st->stage >= 1 && st->suite_parts_left == 0 &&
	    st->pref_planned;
}

/* A copy of sp, its suite list included. */
static void
copy_protocol(struct server_protocol *dst, const struct server_protocol *sp)
{
	*dst = *sp;
	dst->suites = NULL;
	if (sp->n_suites > 0) {
		dst->suites = xreallocarray(NULL, sp->n_suites,
		    sizeof *dst->suites);
		memcpy(dst->suites, sp->suites,
		    sp->n_suites * sizeof *dst->suites);
	}
}

void
scan_work_peek(const struct scan_work *st, struct server_info *out)
{
	size_t i;

	server_info_init(out);
	if (st->have13)
		copy_protocol(&out->protocols[out->n_protocols++], &st->p13);
	if (st->have12)
		copy_protocol(&out->protocols[out->n_protocols++], &st->p12);
	for (i = 0; i < st->n_lower &&
	    out->n_protocols < SERVER_MAX_PROTOCOLS; i++)
		copy_protocol(&out->protocols[out->n_protocols++],
		    &st->lower[i]);
	out->suites_unclear = st->suites_unclear;
	out->other_refusal = st->out.other_refusal;
	out->other_alert = st->out.other_alert;
	out->connected = st->out.connected;
	out->connections = st->out.connections;
	out->error_reason = st->out.error_reason;
	memcpy(out->error, st->out.error, sizeof out->error);
	if (st->answered && !st->stop) {
		/* as at the end of stage 1: the others' silence refused */
		out->error_reason = REASON_NONE;
		out->error[0] = '\0';
	} else if (out->error_reason == REASON_NONE) {
		out->error_reason = REASON_CLOSED;
		snprintf(out->error, sizeof out->error, "%s", "no answer in "
		    "TLS yet");
	}
}

/* The same parts on this thread, one after another. */
void
scan_run(const struct scan_job *job, const atomic_bool *cancel,
    struct server_info *out)
{
	struct scan_work *st = scan_work_new(job);
	struct scan_part **parts;
	size_t n, i;
	int pass;

	while ((parts = scan_next_parts(st, &n)) != NULL) {
		/* TLS 1.3 first, as a client would: if the server does not
		 * answer it, the rest is not asked. */
		for (pass = 0; pass < 2; pass++) {
			for (i = 0; i < n; i++) {
				if (parts[i] == NULL ||
				    (parts[i]->kind == PART_TLS13) != (pass == 0))
					continue;
				if (st->stop || (cancel != NULL &&
				    atomic_load(cancel))) {
					st->cancelled = st->cancelled ||
					    (cancel != NULL &&
					    atomic_load(cancel));
					/* merged unrun, empty: the counts
					 * move on */
				} else
					scan_part_run(parts[i], cancel);
				scan_merge(st, parts[i]);
				parts[i] = NULL;
			}
		}
		free(parts);
	}
	scan_finish(st, out);
}
