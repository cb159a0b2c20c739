/*
 * starttls_int.h: what the STARTTLS modules share, seen by src/starttls*.c
 * alone: one exchange's session and its bounded I/O primitives
 * (starttls.c), and the protocols' scripts that starttls_run dispatches
 * to: the line protocols (starttls_line.c), XMPP (starttls_xmpp.c), the
 * binary ones (starttls_bin.c). Worker threads, one session each.
 */
#ifndef TLSMATRIX_STARTTLS_INT_H
#define TLSMATRIX_STARTTLS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "starttls.h"

/* One exchange: the socket, its bounds, and the line just read. */
struct sess {
	int			 fd;
	const char		*proto;
	const struct deadline	*dl;
	const atomic_bool	*cancel;
	enum fail_reason	 why;
	char			*err;
	size_t			 errlen;
	const char		*step;	/* "the greeting", "EHLO", ... */
	size_t			 lines, bytes;
	char			 line[STARTTLS_LINE_MAX + 1];
	size_t			 len;	/* without the CR LF */
};

/* Sets the failure (the first one wins) and returns false. */
bool	st_fail(struct sess *s, enum fail_reason why, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Server bytes made safe to print into buf: printable ASCII kept,
 * anything else as \xNN, at most 80 bytes of input, "..." when cut. */
const char *st_quote(const void *p, size_t n, char *buf, size_t len);
/* The line just read, quoted. */
#define ST_QLINE(s, q)	st_quote((s)->line, (s)->len, (q), sizeof (q))
/* Sends all n bytes within the deadline. */
bool	st_send_bytes(struct sess *s, const void *buf, size_t n);
/* Sends text as the step named step (the name failures give). */
bool	st_send_str(struct sess *s, const char *step, const char *text);
/* Up to n bytes (MSG_PEEK: left on the socket); 0 on failure. Bytes
 * taken count against STARTTLS_BYTES_MAX. */
size_t	st_get(struct sess *s, void *buf, size_t n, int flags);
/* Exactly n bytes. */
bool	st_read_exact(struct sess *s, void *buf, size_t n);
/* One line into s->line, CR LF (or LF) removed; never past its LF. */
bool	st_read_line(struct sess *s);

/* The protocols: each leaves the socket at the server's first TLS byte
 * and returns true, or fails with st_fail(). */
bool	st_run_smtp(struct sess *s);
bool	st_run_imap(struct sess *s);
bool	st_run_pop3(struct sess *s);
bool	st_run_ftp(struct sess *s);
bool	st_run_nntp(struct sess *s);
bool	st_run_sieve(struct sess *s);
bool	st_run_xmpp(struct sess *s, bool server, const char *host);
bool	st_run_ldap(struct sess *s);
bool	st_run_postgres(struct sess *s);
bool	st_run_mysql(struct sess *s);

#endif
