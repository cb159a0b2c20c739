/*
 * capture.h: tlsmatrix --capture, a listener that records ClientHellos.
 *
 * Listens on one address and port, reads one whole ClientHello from each
 * client that connects (reassembled across records, at most
 * CLIENT_HELLO_MAX_BYTES, within a deadline per connection), answers with
 * a fatal handshake_failure alert (RFC 8446 §6.2) and closes. Each hello
 * becomes a profile file named by its JA4, "captured-<ja4>.profile" in
 * the chosen directory (a later hello with the same JA4 replaces it), and
 * the caller hears about every client through a callback; nothing here
 * prints. One client at a time, on the caller's thread (main).
 */
#ifndef TLSMATRIX_CAPTURE_H
#define TLSMATRIX_CAPTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client_hello.h"
#include "netaddr.h"
#include "status.h"

/* What one client did; passed to the report callback. */
struct capture_client {
	char		peer[NETADDR_TEXT_MAX + 8];	/* "127.0.0.1:40312" */
	char		sni[256];	/* server name, made printable; "" */
	char		ja3[33];	/* MD5 hex */
	char		ja4[37];
	size_t		n_suites;	/* without GREASE */
	char		path[4096];	/* the profile written; "" on error */
	bool		exact;		/* the profile rebuilds the hello */
	char		note[512];	/* what the profile misses, or "" */
	char		library[128];	/* recognised library, or "" */
	char		nearest[65];	/* its nearest profile, or "" */
	const char     *confidence;	/* profile_match_conf_name */
	int		similarity;	/* to nearest, percent */
	char		error[256];	/* why nothing was recorded, or "" */
};

typedef void	(*capture_listen_fn)(void *ctx, const char *where);
typedef void	(*capture_report_fn)(void *ctx,
		    const struct capture_client *c);

struct capture_opts {
	struct netaddr		 addr;		/* where to listen */
	uint16_t		 port;		/* 0: any free port */
	const char		*dir;		/* for the profiles; NULL: "." */
	unsigned		 count;		/* hellos to record; 0: no limit */
	int			 timeout_ms;	/* per connection */
	capture_listen_fn	 on_listen;	/* "127.0.0.1:8443", may be NULL */
	capture_report_fn	 on_client;	/* may be NULL */
	void			*ctx;
	/* The shipped profiles, to recognise the library behind a hello
	 * (profile_match.h); n_known 0: the policy keys stay defaults. */
	const struct profile *const *known;
	size_t			 n_known;
};

/*
 * "[ADDR:]PORT": "8443", "127.0.0.1:8443", "[::1]:8443". Without ADDR,
 * 127.0.0.1: listening on every interface must be asked for (0.0.0.0 or
 * [::]). PORT 0 takes any free port. ST_EINVAL with err otherwise.
 */
enum status	capture_parse_listen(const char *s, struct netaddr *addr,
		    uint16_t *port, char *err, size_t errlen);

/*
 * Runs the capture until o->count hellos are recorded or *stop is set
 * (seen within 200 ms; a signal handler may set it). ST_OK then;
 * ST_EIO with err when the listener cannot be set up.
 */
enum status	capture_run(const struct capture_opts *o,
		    const volatile sig_atomic_t *stop, char *err,
		    size_t errlen);

/*
 * Names the profile of a parsed hello (id "captured-<ja4>", name, family
 * "captured", source with the peer, the time and the fingerprints, note)
 * and formats it as a profile file, checked by parsing it back. The
 * policy keys come from the library the hello is recognised as among the
 * n_known profiles (profile_match_inherit), and the note says from which
 * profile and how sure; with none near enough they stay defaults. For
 * capture_run and the tests. ST_EINVAL/ST_EPARSE with err on failure.
 */
enum status	capture_profile_text(struct client_hello *ch,
		    const char *peer, const char *when, const char *ja3,
		    const char *ja4, const struct profile *const *known,
		    size_t n_known, char **text, size_t *len, char *err,
		    size_t errlen);

#endif
