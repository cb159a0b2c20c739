/*
 * sockbio.c: a socket BIO that cannot raise SIGPIPE and keeps the first
 * bytes the peer sent.
 *
 * OpenSSL's socket BIO writes with write(2), which raises SIGPIPE on a
 * peer that has gone. Ours uses send(MSG_NOSIGNAL) and keeps the first
 * bytes the server sent, to show what a non-TLS server said. Used by the
 * probe backends (probe_ossl.c, probe_raw.c) on worker threads and by the
 * demo servers (demo.c) on their own threads. No shared state: each owner
 * makes its own method, and a BIO is used by one thread at a time.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>

#include "sockbio.h"
#include "xmem.h"

struct sock_bio {
	int		fd;
	int		last_errno;
	bool		eof;
	size_t		received;
	size_t		n_first;
	unsigned char	first[SOCKBIO_FIRST_MAX];
};

#define SOCK_BIO_TYPE	(126 | BIO_TYPE_SOURCE_SINK)

static int
sock_bio_write(BIO *b, const char *buf, size_t len, size_t *written)
{
	struct sock_bio *s = BIO_get_data(b);
	ssize_t n;

	*written = 0;
	BIO_clear_retry_flags(b);
	if (s == NULL)
		return 0;
	do
		n = send(s->fd, buf, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			BIO_set_retry_write(b);
		else
			s->last_errno = errno;
		return 0;
	}
	*written = (size_t)n;
	return 1;
}

static int
sock_bio_read(BIO *b, char *buf, size_t len, size_t *readbytes)
{
	struct sock_bio *s = BIO_get_data(b);
	ssize_t n;
	size_t keep;

	*readbytes = 0;
	BIO_clear_retry_flags(b);
	if (s == NULL)
		return 0;
	do
		n = recv(s->fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			BIO_set_retry_read(b);
		else
			s->last_errno = errno;
		return 0;
	}
	if (n == 0) {
		s->eof = true;
		return 0;
	}
	if (s->n_first < sizeof s->first) {
		keep = sizeof s->first - s->n_first;
		if (keep > (size_t)n)
			keep = (size_t)n;
		memcpy(s->first + s->n_first, buf, keep);
		s->n_first += keep;
	}
	s->received += (size_t)n;
	*readbytes = (size_t)n;
	return 1;
}

static int
sock_bio_puts(BIO *b, const char *str)
{
	size_t written;

	if (!sock_bio_write(b, str, strlen(str), &written))
		return -1;
	return (int)written;
}

static long
sock_bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	struct sock_bio *s = BIO_get_data(b);

	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return 1;
	case BIO_CTRL_EOF:
		/* ssl3_read_n tells an unexpected EOF apart by this. */
		return s != NULL && s->eof;
	default:
		return 0;
	}
}

static int
sock_bio_destroy(BIO *b)
{
	free(BIO_get_data(b));
	BIO_set_data(b, NULL);
	BIO_set_init(b, 0);
	return 1;
}

BIO_METHOD *
sockbio_method_new(void)
{
	BIO_METHOD *m;

	m = BIO_meth_new(SOCK_BIO_TYPE, "tlsmatrix socket");
	if (m == NULL)
		return NULL;
	if (!BIO_meth_set_write_ex(m, sock_bio_write) ||
	    !BIO_meth_set_read_ex(m, sock_bio_read) ||
	    !BIO_meth_set_puts(m, sock_bio_puts) ||
	    !BIO_meth_set_ctrl(m, sock_bio_ctrl) ||
	    !BIO_meth_set_destroy(m, sock_bio_destroy)) {
		BIO_meth_free(m);
		return NULL;
	}
	return m;
}

BIO *
sockbio_new(BIO_METHOD *meth, int fd)
{
	struct sock_bio *s;
	BIO *b;

	b = BIO_new(meth);
	if (b == NULL)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->fd = fd;
	BIO_set_data(b, s);
	BIO_set_init(b, 1);
	return b;
}

int
sockbio_errno(BIO *b)
{
	struct sock_bio *s = b != NULL ? BIO_get_data(b) : NULL;

	return s != NULL ? s->last_errno : 0;
}

size_t
sockbio_received(BIO *b, unsigned char *first, size_t len,
    size_t *copied)
{
	struct sock_bio *s = b != NULL ? BIO_get_data(b) : NULL;
	size_t n = 0;

	if (s != NULL && first != NULL) {
		n = s->n_first < len ? s->n_first : len;
		memcpy(first, s->first, n);
	}
	if (copied != NULL)
		*copied = n;
	return s != NULL ? s->received : 0;
}
