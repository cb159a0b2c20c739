/*
 * explain.h: why a cell failed, and what would fix it, by set arithmetic.
 *
 * A probe says *that* a handshake failed and how (an alert, a certificate
 * error). Knowing *why* needs both sides: what the client offers (its
 * profile) and what the server accepts (its enumeration, server.h). This
 * module intersects them on each dimension in the order a handshake
 * meets them (protocol version, then cipher suite, then key exchange
 * group) and names the first that is empty; it groups the two sides so a
 * human sees the gap at once ("client: 17 suites, all ECDHE/DHE; server:
 * 2 suites, RSA key exchange only; overlap: none"), and proposes the
 * smallest change on each side. Pure; any thread; nothing is allocated.
 */
#ifndef TLSMATRIX_EXPLAIN_H
#define TLSMATRIX_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "result.h"
#include "server.h"

#define EXPLAIN_TEXT_MAX	1024

enum explain_side {
	SIDE_NONE = 0,		/* the handshake succeeded */
	SIDE_SERVER,		/* the server refused (an alert) */
	SIDE_CLIENT,		/* the client's policy refused the answer */
	SIDE_NETWORK,		/* no TLS conversation took place */
};

struct explanation {
	/* The reason after the set arithmetic: a server-alert becomes
	 * no-shared-protocol, no-shared-cipher or no-shared-group when the
	 * enumeration shows that gap. Equal to the probe's reason otherwise. */
	enum fail_reason	reason;
	enum explain_side	side;
	/* One line: what happened, who refused. */
	char			summary[EXPLAIN_TEXT_MAX];
	/* The dimension that decided it, both sides and the overlap, one
	 * line per item separated by '\n'. For a success: what was
	 * negotiated and why that suite won. */
	char			detail[EXPLAIN_TEXT_MAX];
	/* Hints, "" when there is none to give. */
	char			fix_server[EXPLAIN_TEXT_MAX];
	char			fix_client[EXPLAIN_TEXT_MAX];
	char			fix_client_warning[EXPLAIN_TEXT_MAX];
};

/*
 * Explains one finished cell. si may be NULL (no enumeration yet or
 * --no-scan): the explanation then rests on the probe alone and the
 * reason is not refined.
 */
void	explain_cell(const struct profile *p, const struct server_info *si,
	    const struct probe_result *r, struct explanation *out);

/*
 * Both sides of a profile against a server, as phrases for a comparison
 * (the TUI's compare view): what the client offers, what the server
 * accepts, and the overlap on each dimension, by the same set arithmetic
 * explain_cell uses. Without a usable enumeration (si NULL, not done,
 * failed) only the client's side is filled and have_server is false.
 */
struct explain_sides {
	bool	have_server;
	char	client_versions[64], server_versions[64], common_versions[64];
	char	client_suites[256];	/* "17 suites, all ECDHE/DHE" */
	char	server_suites[256];
	size_t	n_common_suites;	/* at the common versions */
	char	common_suites[512];	/* the first four, or "none" */
	size_t	client_groups, server_groups13, server_groups12;
	size_t	common_groups;
};

void	explain_sides(const struct profile *p, const struct server_info *si,
	    struct explain_sides *out);

/*
 * The refusal that the enumeration alone makes certain for p, so that its
 * cell needs no probe: REASON_NO_SHARED_PROTOCOL when p offers no version
 * the server accepts, REASON_NO_SHARED_CIPHER when p offers none of the
 * suites the server accepts at any version both accept. REASON_NONE
 * otherwise: whether the handshake completes, and how, depends on more
 * than the two lists (the server's reaction to the profile's groups,
 * shares, signature algorithms and extensions, then the client's policy),
 * so only a probe can say. The enumeration covers every suite and version
 * with a hello that offers every group and signature algorithm, so
 * whatever it did not find, no narrower hello gets. Reads si's protocols
 * only (groups, order and certificate may still be unknown); the caller
 * checks that they are complete (server_info_settles).
 */
enum fail_reason explain_certain_refusal(const struct profile *p,
	    const struct server_info *si);

/*
 * The smallest change to one backend that lets every given profile
 * complete on it (as far as suites and versions go): which suites to
 * enable, chosen greedily to cover every profile, in OpenSSL/nginx
 * cipher-string syntax. "" when every profile already shares a suite.
 */
void	explain_server_fix(const struct profile *const *profiles, size_t n,
	    const struct server_info *si, char *buf, size_t len);

/*
 * A short signature of a server's configuration (protocols, suites in
 * order, groups, certificate), equal for identically configured backends:
 * 8 hex digits.
 */
void	explain_server_signature(const struct server_info *si, char *buf,
	    size_t len);

/*
 * What differs between a server and a reference one (e.g. the majority of
 * its siblings), as lines "TLSv1.2: lacks ECDHE-RSA-AES256-SHA384",
 * "TLSv1.2: adds AES256-SHA", "certificate differs". "" when equal.
 */
void	explain_server_diff(const struct server_info *si,
	    const struct server_info *ref, char *buf, size_t len);

#endif
