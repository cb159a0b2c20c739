/*
 * scan_int.h: what the parts of the scanner share, seen only by
 * src/scan*.c: the scanner's state and its exchanges (scan.c), one part
 * run on a worker (scan_part.c), and the plan and merge of a scan's parts
 * on the main thread (scan_plan.c).
 */
#ifndef TLSMATRIX_SCAN_INT_H
#define TLSMATRIX_SCAN_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "result.h"
#include "scan.h"
#include "server.h"

/*
 * Suites per hello. testssl.sh and nmap keep to 128 and 64: some servers
 * and middleboxes fail on long suite lists, and an OpenSSL-based server
 * copes with any. 128 suites make a hello of about 600 bytes with our
 * extensions, padded past the 256..511 range F5 devices choke on.
 */
#define SCAN_CHUNK		128
#define SCAN_MAX_SUITES		512	/* the registry has about 350 */
#define SCAN_MAX_GROUPS		64

/* What one answer means for the enumeration. */
enum answer {
	ANS_PICK,		/* a ServerHello (or HRR) at the version asked */
	ANS_REFUSED,		/* nothing offered here is acceptable */
	ANS_VERSION_REFUSED,	/* protocol_version: no version <= ours */
	ANS_LOWER_VERSION,	/* it answered with a lower version */
	ANS_FATAL,		/* unreachable, not TLS, cancelled: stop */
};

struct scan_flag;

struct scanner {
	const struct scan_job	*job;
	struct scan_flag	*flag;		/* the scan's, or NULL */
	const atomic_bool	*cancel;
	struct server_info	*out;
	bool			 stop;		/* end the scan now */
	bool			 answered;	/* the server spoke TLS once */
	/* the most telling refusal so far (protocol error > reset >
	 * closed), for a server that never answered in TLS */
	enum fail_reason	 refusal;
	char			 refusal_detail[RESULT_TEXT_MAX];

	/* the hello we send, rebuilt for every exchange */
	struct profile		 prof;
	uint16_t		 versions[1];
	uint16_t		 suites[SCAN_MAX_SUITES];
	uint16_t		 groups[SCAN_MAX_GROUPS];
	uint16_t		 shares[1];
	uint16_t		 exts[16];

	/* groups found so far */
	uint16_t		 g12[SCAN_MAX_GROUPS], g13[SCAN_MAX_GROUPS];
	size_t			 n_g12, n_g13;
};

/* The result for one version while it is being enumerated. */
struct enum_state {
	uint16_t	 accepted[SCAN_MAX_SUITES];
	size_t		 n_accepted;
	size_t		 chunk_of[SCAN_MAX_SUITES];	/* per accepted */
	/* the hello that gave the first pick, to read the order off it */
	uint16_t	 first_offer[SCAN_CHUNK];
	size_t		 n_first_offer;
};

/*
 * Stage 1 runs five kinds of part at once: TLS 1.3, each TLS 1.2 chunk,
 * the older versions (one after another, since a protocol_version alert
 * ends that ladder), and the TLS 1.2 curves over every ECDHE suite of the
 * registry. Stage 2 needs stage 1's answers: the TLS 1.2 preference and
 * order across chunks, the TLS 1.3 groups, the curves of a server without
 * TLS 1.2, and the certificate of a TLS 1.3-only server.
 */
enum part_kind {
	PART_CHUNK12,		/* one TLS 1.2 chunk by elimination */
	PART_GROUPS12,		/* curves, at version, over suites[] */
	PART_TLS13,
	PART_LOWER,		/* TLS 1.1, 1.0, SSLv3 */
	PART_PREF12,		/* preference and order among es */
	PART_GROUPS13,		/* groups over suites[], known[] left out */
	PART_CERT,
	PART_SIGALGS,		/* signature schemes at version (#15) */
};

#define SCAN_MAX_CHUNKS		((SCAN_MAX_SUITES + SCAN_CHUNK - 1) / SCAN_CHUNK)

/*
 * Shared by a scan and its parts: set when the scan stops early (an error
 * before the server ever answered in TLS) or is abandoned, so the parts
 * still queued end without a connection instead of each waiting out its
 * timeout against a silent server. The one thing a part reads that it
 * does not own; freed with its last reference, on whichever thread.
 */
struct scan_flag {
	atomic_bool		 stop;
	atomic_bool		 answered;	/* a part got a TLS answer */
	atomic_uint		 refs;
};


struct scan_part {
	enum part_kind		 kind;
	struct scan_flag	*flag;		/* the scan's: skip when set */
	bool			 skipped;	/* not run: the scan had stopped */
	struct scan_job		 job;		/* by value */
	uint32_t		 stage;
	size_t			 chunk;		/* PART_CHUNK12 */
	uint16_t		 version;	/* PART_GROUPS12,
	    PART_SIGALGS */
	char			 key_type[16];	/* PART_SIGALGS: "" unknown */
	uint16_t		 suites[SCAN_MAX_SUITES];
	size_t			 n_suites;
	uint16_t		 known[SCAN_MAX_GROUPS];
	size_t			 n_known;
	/* answers */
	struct enum_state	*es;		/* PART_CHUNK12, PART_PREF12 */
	struct server_protocol	 pref;		/* PART_PREF12 */
	struct server_info	 out;
	bool			 answered;
	bool			 cancelled;
	bool			 answered_before;	/* stage 2 */
	enum fail_reason	 refusal;	/* as in struct scanner */
	char			 refusal_detail[RESULT_TEXT_MAX];
};

struct scan_work {
	struct scan_job		 job;
	struct scan_flag	*flag;
	uint32_t		 stage;		/* stages handed out */
	uint64_t		 t0;
	struct server_info	 out;		/* protocols[] filled last */
	bool			 answered, cancelled, stop;
	enum fail_reason	 refusal;	/* as in struct scanner */
	char			 refusal_detail[RESULT_TEXT_MAX];
	uint16_t		 g12[SCAN_MAX_GROUPS], g13[SCAN_MAX_GROUPS];
	size_t			 n_g12, n_g13;
	uint16_t		 g12_elim[SCAN_MAX_GROUPS];
	size_t			 n_g12_elim;

	bool			 have13;
	struct server_protocol	 p13;
	struct enum_state	*chunk_es[SCAN_MAX_CHUNKS];
	bool			 have12;
	struct server_protocol	 p12;
	struct enum_state	*es12;		/* the chunks merged */
	size_t			 parts_out;	/* handed out, not merged */
	size_t			 stage1_left, chunks_left;
	size_t			 suite_parts_left;	/* chunks, TLS 1.3,
							 * the older versions */
	bool			 suites_unclear;	/* in those parts */
	bool			 pref_planned;
	struct server_protocol	 lower[SERVER_MAX_PROTOCOLS];
	size_t			 n_lower;
};

/* --- scan.c: the scanner's exchanges --- */

/* Every signature scheme a server might need to sign with, and every
 * TLS 1.3 group, in the order the scanner offers them. */
#define SCAN_N_SIGALGS		26
#define SCAN_N_GROUPS13		29
extern uint16_t		scan_sigalgs[SCAN_N_SIGALGS];
extern const uint16_t	scan_groups13_all[SCAN_N_GROUPS13];

/* supported_groups while enumerating suites: every curve, then the
 * finite-field groups (RFC 7919), so that no suite is missed for want of
 * a group. */
size_t	scan_all_groups12(uint16_t *out);
bool	scan_canceled(const struct scanner *s);
/* How many chunks of at most SCAN_CHUNK, balanced, pool[] is cut into. */
size_t	scan_chunk_count(size_t n_pool);
void	scan_copy_groups(uint16_t **dst, size_t *n, const uint16_t *src,
	    size_t len);
/*
 * Does the server choose by its own order? The first pick a beat the
 * second, b, in a hello where both were offered, unless b lay in a later
 * chunk. If b came before a in that hello, a server that follows the
 * client would have taken b: proven at no cost. Otherwise offer b, a.
 */
void	scan_detect_preference(struct scanner *s, uint16_t v,
	    const struct enum_state *es,
	    struct server_protocol *sp);
/*
 * Offers chunks [c_lo, c_hi) of pool[] and removes each pick, for version
 * v. Returns ANS_PICK if the version answered at all (picks may be none),
 * ANS_VERSION_REFUSED / ANS_LOWER_VERSION if the very first answers say
 * the version is not there, ANS_FATAL to stop.
 */
enum answer	scan_eliminate_suites(struct scanner *s, uint16_t v,
	    const uint16_t *pool,
	    size_t n_pool, size_t c_lo, size_t c_hi, struct enum_state *es);
/*
 * Sends the current hello, counts the connection and says what the
 * answer means for an enumeration at version v. A failure to connect, a
 * non-TLS answer or silence before the server ever spoke TLS ends the
 * scan; after that, a dropped connection is the server's way to refuse.
 */
enum answer	scan_exchange(struct scanner *s, uint16_t v,
	    struct hello_exchange *x);
/* The certificate of a server we only reached over TLS 1.3: one OpenSSL
 * handshake, since the chain is encrypted there. */
void	scan_fetch_certificate(struct scanner *s);
struct scan_flag *scan_flag_ref(struct scan_flag *f);
void	scan_flag_release(struct scan_flag *f);
/* TLS <= 1.2 curves at version v: the ECDHE suites among suites[], one
 * curve list that shrinks by each curve the ServerKeyExchange names (RFC
 * 8422 §5.4), leaving out the curves already in s->g12. */
void	scan_groups12(struct scanner *s, uint16_t v, const uint16_t *suites,
	    size_t n_suites);
/*
 * TLS 1.3 groups: an empty key_share (RFC 8446 §4.2.8 allows it) makes
 * every acceptable hello a HelloRetryRequest naming the group the server
 * wants among those offered; remove it and ask again.
 */
void	scan_groups13(struct scanner *s, const struct server_protocol *sp);
/* The server answered in TLS: this part, and every part of the scan,
 * now takes silence as a refusal rather than a dead server. */
void	scan_heard(struct scanner *s);
/*
 * Keeps the most telling way a server refused a hello (a protocol error
 * says more than a reset, a reset more than a close), so that a server
 * that never answered in TLS is reported by what it did (issue #9).
 */
void	scan_keep_refusal(enum fail_reason *have, char *detail,
	    enum fail_reason why,
	    const char *why_detail);
/*
 * Sets the hello's version and extensions: TLS 1.3 by supported_versions
 * with only 1.3 in it (RFC 8446 §4.2.1), older ones by legacy_version
 * alone; signature_algorithms only from TLS 1.2 on (RFC 5246 §7.4.1.4.1)
 * and no extensions at all in an SSLv3 hello.
 */
void	scan_offer_version(struct scanner *s, uint16_t v);
void	scan_profile_init(struct scanner *s);
/*
 * With server preference, picks from one chunk are in the server's order
 * but chunks were asked one after another. If the accepted suites came
 * from more than one chunk, ask again among them only: |A| - 1 hellos.
 */
void	scan_reorder_by_server(struct scanner *s, uint16_t v,
	    struct enum_state *es);
/* The suites worth offering at version v, likely ones first. */
size_t	scan_suite_pool(uint16_t v, uint16_t *out, size_t cap);
void	scan_u16_add(uint16_t *v, size_t *n, size_t cap, uint16_t x);
/* Removes x from v[0..*n), keeping the order; false if absent. */
bool	scan_u16_remove(uint16_t *v, size_t *n, uint16_t x);
/* Enumerates one version into the next protocols[] entry. */
enum answer	scan_version(struct scanner *s, uint16_t v);

#endif
