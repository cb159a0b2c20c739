/*
 * probe_bio.h: the socket BIO that both probe backends and the demo's
 * servers read and write through (probe_bio.c). A header of its own so the
 * demo needs none of the backends' private header. OpenSSL's types are
 * named by their struct tags only; any thread, each BIO on one.
 */
#ifndef TLSMATRIX_PROBE_BIO_H
#define TLSMATRIX_PROBE_BIO_H

#include <stddef.h>

/*
 * A socket BIO whose writes use send(MSG_NOSIGNAL), so a peer that closed
 * cannot raise SIGPIPE whatever the calling thread's signal mask. The
 * method is per owner (no global state): create it, make BIOs on it, free
 * it after every BIO made from it is gone. The BIO does not close fd.
 */
struct bio_method_st *probe_sock_method_new(void);
struct bio_st	*probe_sock_bio_new(struct bio_method_st *meth, int fd);
/* errno of the last failed read or write, 0 if none. */
int		 probe_sock_bio_errno(struct bio_st *b);
/* Bytes received so far and a copy of the first (up to len) of them. */
size_t		 probe_sock_bio_received(struct bio_st *b, unsigned char *first,
		    size_t len, size_t *copied);
/* How many first bytes a BIO keeps (to explain NOT_TLS): len need be no
 * larger. */
#define PROBE_SOCK_FIRST_MAX	48

#endif
