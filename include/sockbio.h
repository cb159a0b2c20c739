/*
 * sockbio.h: the socket BIO that the probe backends, the chain fetch
 * (chain_fetch.c) and the demo's servers read and write through
 * (sockbio.c). A public module of its own, so that none of them needs the
 * backends' private header. OpenSSL's types are
 * named by their struct tags only; any thread, each BIO on one.
 */
#ifndef TLSMATRIX_SOCKBIO_H
#define TLSMATRIX_SOCKBIO_H

#include <stddef.h>

/*
 * A socket BIO whose writes use send(MSG_NOSIGNAL), so a peer that closed
 * cannot raise SIGPIPE whatever the calling thread's signal mask. The
 * method is per owner (no global state): create it, make BIOs on it, free
 * it after every BIO made from it is gone. The BIO does not close fd.
 */
struct bio_method_st *sockbio_method_new(void);
struct bio_st	*sockbio_new(struct bio_method_st *meth, int fd);
/* errno of the last failed read or write, 0 if none. */
int		 sockbio_errno(struct bio_st *b);
/* Bytes received so far and a copy of the first (up to len) of them. */
size_t		 sockbio_received(struct bio_st *b, unsigned char *first,
		    size_t len, size_t *copied);
/* How many first bytes a BIO keeps (to explain NOT_TLS): len need be no
 * larger. */
#define SOCKBIO_FIRST_MAX	48

#endif
