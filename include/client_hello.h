/*
 * client_hello.h: a client's ClientHello bytes, read back into a profile.
 *
 * The inverse of hello_build.h. client_hello_parse reads TLS records and
 * the ClientHello message in them (RFC 8446 §5.1, §4.1.2, §4.2) with
 * bounded cursors and returns a struct profile holding everything the
 * hello says, the per-connection values (struct hello_vars) and the
 * server name, such that hello_build(profile, sni, vars) gives the same
 * bytes again whenever `exact` is set. What a profile cannot express (a
 * GREASE value out of Chromium's places, a pre_shared_key, a split into
 * records other than 2^14 bytes each) is named in `note` instead.
 * The wire lists (GREASE values included) are kept for fingerprints.
 * Used by the capture server, the fingerprints and the tests. Pure; any
 * thread.
 */
#ifndef TLSMATRIX_CLIENT_HELLO_H
#define TLSMATRIX_CLIENT_HELLO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hello_build.h"
#include "profile.h"
#include "status.h"

/* The most record bytes a ClientHello may take (the capture's cap). */
#define CLIENT_HELLO_MAX_BYTES	(64 * 1024)

/* A u16 list as it was on the wire, GREASE values included. */
struct client_hello_list {
	uint16_t	*v;
	size_t		 n;
};

struct client_hello {
	/* The hello as a profile. Text fields are "" (the caller names it);
	 * the policy fields hold profile defaults. Owned. */
	struct profile		*profile;
	/* What changes per connection; with profile and sni, hello_build
	 * gives the input back (when exact). */
	struct hello_vars	 vars;
	char			 sni[256];	/* host_name, "" when none */
	bool			 has_sni;	/* server_name was sent */
	bool			 exact;		/* the rebuild was identical */
	char			 note[512];	/* why not, or "" */

	/* the wire view, for JA3 and JA4 (GREASE included) */
	uint16_t		 legacy_version;
	struct client_hello_list suites, exts, groups, sigalgs, versions;
	uint8_t			*ec_point_formats;	/* NULL: not sent */
	size_t			 n_ec_point_formats;
	char			*alpn_first;	/* first ALPN name, or NULL: raw
						 * bytes, then a NUL */
	size_t			 alpn_first_len;

	size_t			 record_len;	/* record bytes of the hello */
	size_t			 n_records;
	size_t			 msg_len;	/* handshake message, header
						 * included */
};

/*
 * How much of buf (record bytes from a client) is one whole ClientHello:
 * ST_OK with *used set when complete, ST_ENODATA when more bytes are
 * needed, ST_EPARSE when this is not a ClientHello in handshake records
 * (err says why), ST_ERANGE past CLIENT_HELLO_MAX_BYTES.
 */
enum status	client_hello_complete(const uint8_t *buf, size_t len,
		    size_t *used, char *err, size_t errlen);

/*
 * Parses the ClientHello at the start of buf. ST_OK with a new *out that
 * the caller frees with client_hello_free; ST_EPARSE (or ST_ENODATA when
 * truncated, ST_ERANGE when too big) with err naming the field otherwise.
 * Bytes after the hello's records are ignored.
 */
enum status	client_hello_parse(const uint8_t *buf, size_t len,
		    struct client_hello **out, char *err, size_t errlen);
void		client_hello_free(struct client_hello *ch);

#endif
