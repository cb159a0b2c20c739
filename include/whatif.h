/*
 * whatif.h: the fix preview engine (issue #16). What would each client
 * get from an address if its TLS configuration were changed, predicted
 * without a connection from the address's enumeration (server.h), each
 * profile's hello (profile.h) and the measured cells of the address.
 *
 * A SPEC is the server's own configuration lines, as pasted: nginx
 * (ssl_protocols, ssl_ciphers, ssl_conf_command Ciphersuites/Curves/
 * Groups/MinProtocol/MaxProtocol, ssl_prefer_server_ciphers,
 * ssl_ecdh_curve, ssl_dhparam as a size), Apache (SSLProtocol,
 * SSLCipherSuite, SSLHonorCipherOrder, SSLOpenSSLConfCmd Curves/Groups/
 * Ciphersuites) and HAProxy (ssl-min-ver, ssl-max-ver, ciphers,
 * ciphersuites, curves, prefer-client-ciphers, on their own lines, in a
 * bind line or as ssl-default-bind-*). Lines end at a newline or ';'.
 * Cipher strings are expanded by OpenSSL itself on a scratch SSL_CTX,
 * the library nginx, Apache and HAProxy run on here, which also gives the
 * security level the string sets (@SECLEVEL=N) or the system's default.
 *
 * whatif_apply puts a spec over an enumeration: what a directive does not
 * give keeps what the enumeration found. whatif_predict then decides one
 * profile's cell as the server would (version, suite by the server's or
 * the client's order, group) and judges it with the client's policy
 * (policy.h, the code that judges a measured flight) and the
 * certificate decision the measured cells already made. What the
 * prediction cannot know is returned as an "uncertain" text, never
 * guessed silently. Main thread (OpenSSL's scratch contexts are local);
 * nothing here touches the network.
 */
#ifndef TLSMATRIX_WHATIF_H
#define TLSMATRIX_WHATIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "result.h"
#include "server.h"
#include "status.h"

#define WHATIF_SPEC_MAX		(64 * 1024)	/* bytes of a SPEC */
#define WHATIF_MAX_SUITES	256
#define WHATIF_MAX_GROUPS	32
#define WHATIF_TEXT_MAX		512

/* Which server's syntax a spec used (bits). */
enum whatif_flavour {
	WHATIF_NGINX	= 1,
	WHATIF_APACHE	= 2,
	WHATIF_HAPROXY	= 4,
};

struct whatif_spec {
	unsigned	 flavours;
	/* each part is set only when a directive gave it */
	bool		 has_versions;	/* nginx, Apache: the whole set */
	uint16_t	 versions[SERVER_MAX_PROTOCOLS];	/* highest first */
	size_t		 n_versions;
	bool		 versions_relative;	/* Apache "+TLSv1.3 -TLSv1":
						 * over what was found */
	uint8_t		 v_add, v_del;	/* bits 1 << (v & 7) */
	uint16_t	 min_version, max_version;	/* HAProxy; 0: not
							 * given */
	bool		 has_ciphers;	/* TLS 1.2 and older, server order */
	uint16_t	 ciphers[WHATIF_MAX_SUITES];
	uint16_t	 cipher_min[WHATIF_MAX_SUITES];	/* lowest version */
	size_t		 n_ciphers;
	bool		 has_suites13;
	uint16_t	 suites13[WHATIF_MAX_SUITES];
	size_t		 n_suites13;
	bool		 has_preference;
	bool		 server_preference;
	bool		 has_groups;
	uint16_t	 groups[WHATIF_MAX_GROUPS];
	size_t		 n_groups;
	bool		 has_dh;
	int		 dh_bits;
	bool		 has_seclevel;	/* a cipher string was given */
	int		 seclevel;	/* what OpenSSL set from it */
	bool		 cert_given;	/* a certificate directive */
	char		 text[WHATIF_SPEC_MAX];	/* the directives understood,
						 * one a line, for output */
};

/*
 * Parses a spec (len bytes, not NUL-terminated). An unknown directive, a
 * value OpenSSL rejects or that leaves nothing (an empty cipher list, no
 * protocol) is ST_EINVAL with err naming the line and the part. out is
 * filled on success.
 */
enum status	whatif_spec_parse(const char *text, size_t len,
		    struct whatif_spec *out, char *err, size_t errlen);
/* The --what-if argument: "@FILE" reads FILE ("@-": standard input, at
 * most WHATIF_SPEC_MAX bytes), anything else is the spec itself. */
enum status	whatif_spec_load(const char *arg, struct whatif_spec *out,
		    char *err, size_t errlen);

/*
 * The enumeration found, with spec over it (out initialised here; the
 * caller cleans it up). notes (may be NULL) gets the assumptions made,
 * one a line ("groups: none seen, OpenSSL's default assumed"), and
 * *assumed (may be NULL) the same as bits (enum whatif_assumed). false when
 * found is not usable (no enumeration, the server never answered in TLS):
 * nothing can be predicted for that address.
 */
/* What whatif_apply had to assume (bits of *assumed): the enumeration
 * did not see it and the spec does not say. */
enum whatif_assumed {
	WHATIF_ASSUMED_GROUPS12	= 1,	/* TLS 1.2 curves */
	WHATIF_ASSUMED_GROUPS13	= 2,	/* TLS 1.3 groups */
	WHATIF_ASSUMED_ORDER13	= 4,	/* TLS 1.3 suites or their order */
};

bool		whatif_apply(const struct whatif_spec *spec,
		    const struct server_info *found, struct server_info *out,
		    char *notes, size_t len, unsigned *assumed);

/* The measured cells of one address: what the certificate decisions and
 * the server's behaviour beyond its configuration are taken from. */
struct whatif_row {
	const struct profile		*const *profiles;
	const struct probe_result	*const *results;	/* NULL: none */
	size_t				 n;
	unsigned			 assumed;	/* whatif_apply's */
};

/*
 * Profile row->profiles[col] against pred (whatif_apply's out): the
 * server's choice, then the client's policy. out is a full result with
 * method "what-if" and no connection. uncertain gets "" or why the cell
 * may read otherwise (the certificate not yet judged by this client, an
 * order the enumeration could not see ...).
 */
void		whatif_predict(const struct server_info *pred,
		    const struct whatif_row *row, size_t col,
		    struct probe_result *out, char *uncertain, size_t len);

/* A spec that states everything si found (versions, suites in order,
 * preference, groups, DH size): the start of a suggested fix. */
void		whatif_spec_from(const struct server_info *si,
		    struct whatif_spec *out);
/* True when the OpenSSL here can serve this suite (its cipher-list
 * parser knows it at @SECLEVEL=0) or this group. */
bool		whatif_suite_usable(uint16_t code);
bool		whatif_group_usable(uint16_t group);

/* True if x is one of the n values of v. */
bool		whatif_has(const uint16_t *v, size_t n, uint16_t x);

/* The enumeration as nginx directives, one a line (the TUI's editor). */
void		whatif_nginx_lines(const struct server_info *si, char *buf,
		    size_t len);

/* The same directives for nginx, Apache and HAProxy, from a spec that
 * gives versions, ciphers, suites13, preference and groups. */
void		whatif_spec_lines(const struct whatif_spec *s, enum
		    whatif_flavour flavour, char *buf, size_t len);

#endif
