/*
 * probe_aia.c: missing intermediates fetched from a certificate's AIA
 * caIssuers URL (RFC 5280 §4.2.2.1), as the clients that do so (Chrome,
 * Safari, Windows, .NET on Linux) fetch them.
 *
 * The URL comes from a hostile server, so everything is bounded: only
 * http:// (what those clients fetch), a host that is an IP literal or a
 * name resolved with the run's --resolve and --dns settings, one
 * HTTP/1.0 GET over net.c against the probe's deadline, at most
 * AIA_MAX_BODY bytes, AIA_MAX_REDIRECTS redirects, and a body that must
 * be one DER or PEM certificate or a PKCS#7 certs-only bundle. Each URL
 * is fetched once per run: the cache in struct probe_env holds the
 * outcome, and a worker that asks for a URL another is fetching waits for
 * it (bounded by its own deadline). Called on worker threads only.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "clock.h"
#include "net.h"
#include "netaddr.h"
#include "probe_int.h"
#include "resolver.h"
#include "xmem.h"

#define AIA_URL_MAX	512
#define AIA_HEAD_MAX	8192

struct aia_entry {
	char			 url[AIA_URL_MAX];
	bool			 done;
	unsigned char		*der[AIA_MAX_CERTS];
	size_t			 len[AIA_MAX_CERTS];
	size_t			 n;
	char			 note[RESULT_TEXT_MAX];
	struct aia_entry	*next;
};

struct aia_cache {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct aia_entry	*head;
	size_t			 n;
};

struct aia_cache *
probe_aia_cache_new(void)
{
	struct aia_cache *c = xcalloc(1, sizeof *c);

	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	return c;
}

void
probe_aia_cache_free(struct aia_cache *c)
{
	struct aia_entry *e, *next;
	size_t i;

	if (c == NULL)
		return;
	for (e = c->head; e != NULL; e = next) {
		next = e->next;
		for (i = 0; i < e->n; i++)
			free(e->der[i]);
		free(e);
	}
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* --- the URL and the address --------------------------------------------- */

struct url {
	char		host[NETADDR_HOST_MAX + 1];
	uint16_t	port;
	char		path[AIA_URL_MAX];
};

/* http://host[:port][/path]: false and why for anything else. */
static bool
url_parse(const char *s, struct url *u, char *why, size_t whylen)
{
	const char *h, *e, *p;
	unsigned long port = 80;
	char *end;
	size_t hl;

	if (strncmp(s, "http://", 7) != 0) {
		snprintf(why, whylen, "not an http:// URL (clients fetch only "
		    "those)");
		return false;
	}
	h = s + 7;
	p = h + strcspn(h, "/?#");
	if (*h == '[') {
		e = memchr(h, ']', (size_t)(p - h));
		if (e == NULL) {
			snprintf(why, whylen, "bad IPv6 host");
			return false;
		}
		hl = (size_t)(e - h - 1);
		h++;
		e++;
	} else {
		e = memchr(h, ':', (size_t)(p - h));
		if (e == NULL)
			e = p;
		hl = (size_t)(e - h);
	}
	if (hl == 0 || hl >= sizeof u->host || memchr(h, '@', hl) != NULL) {
		snprintf(why, whylen, "bad host");
		return false;
	}
	memcpy(u->host, h, hl);
	u->host[hl] = '\0';
	if (e < p && *e == ':') {
		port = strtoul(e + 1, &end, 10);
		if (end != p || port == 0 || port > 65535) {
			snprintf(why, whylen, "bad port");
			return false;
		}
	}
	u->port = (uint16_t)port;
	snprintf(u->path, sizeof u->path, "%s", *p == '/' ? p : "/");
	/* Only what an HTTP request line can carry. */
	for (p = u->path; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) {
			snprintf(why, whylen, "bad path");
			return false;
		}
	}
	return true;
}

/* The host's address: a literal, a --resolve entry, or --dns/the run's
 * resolver. */
static bool
url_addr(const struct probe_env *env, const struct url *u,
    const atomic_bool *cancel, int timeout_ms, struct netaddr *out,
    char *why, size_t whylen)
{
	struct resolver_opts ro;
	struct resolve_result rr;
	char err[RESULT_TEXT_MAX];
	size_t i;
	bool ok;

	if (netaddr_parse(u->host, out))
		return true;
	for (i = 0; i < env->n_resolve; i++) {
		if (strcasecmp(env->resolve[i].host, u->host) == 0 &&
		    (env->resolve[i].port == u->port ||
		    env->resolve[i].port == 0) && env->resolve[i].n_addrs > 0) {
			*out = env->resolve[i].addrs[0];
			return true;
		}
	}
	if (!env->may_resolve) {
		snprintf(why, whylen, "%.80s is not resolved (no --dns, and no "
		    "--resolve for it)", u->host);
		return false;
	}
	memset(&ro, 0, sizeof ro);
	ro.servers = env->n_dns > 0 ? env->dns : NULL;
	ro.n_servers = env->n_dns;
	ro.family = env->family;
	ro.timeout_ms = timeout_ms;
	memset(&rr, 0, sizeof rr);
	ok = resolver_run(u->host, &ro, cancel, &rr, err, sizeof err) ==
	    ST_OK && rr.n_addrs > 0;
	if (ok)
		*out = rr.addrs[0].addr;
	else
		snprintf(why, whylen, "cannot resolve %.60s: %.80s", u->host,
		    err);
	resolve_result_cleanup(&rr);
	return ok;
}

/* --- one GET --------------------------------------------------------------- */

/*
 * GETs u into body (at most AIA_MAX_BODY bytes). Returns 200, a 3xx with
 * location set, another status, or -1 with why.
 */
static int
http_get(const struct netaddr *a, const struct url *u,
    const struct deadline *dl, const atomic_bool *cancel,
    unsigned char *body, size_t *body_len, char *location, size_t loclen,
    char *why, size_t whylen)
{
	char req[AIA_URL_MAX + NETADDR_HOST_MAX + 128];
	char *head = xmalloc(AIA_HEAD_MAX + AIA_MAX_BODY + 1);
	size_t used = 0, sent = 0, hl = 0, cap = AIA_HEAD_MAX + AIA_MAX_BODY;
	size_t reqlen;
	enum fail_reason r;
	char err[RESULT_TEXT_MAX], *eoh, *line, *le;
	ssize_t k;
	int fd, w, status = -1;
	long clen = -1;
	struct deadline turn_dl;

	*body_len = 0;
	location[0] = '\0';
	/* the fetch keeps the probe's deadline, whatever the wait for a
	 * turn under --rate took */
	turn_dl = *dl;
	fd = net_connect(a, u->port, &turn_dl, cancel, &r, err, sizeof err);
	if (fd < 0) {
		snprintf(why, whylen, "%.150s", err);
		goto out;
	}
	reqlen = (size_t)snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: "
	    "%s\r\nUser-Agent: tlsmatrix\r\nAccept: */*\r\nConnection: "
	    "close\r\n\r\n", u->path, u->host);
	while (sent < reqlen) {
		w = net_wait(fd, POLLOUT, dl, cancel);
		if (w != 1)
			goto slow;
		k = send(fd, req + sent, reqlen - sent, MSG_NOSIGNAL);
		if (k < 0 && errno != EAGAIN && errno != EINTR) {
			snprintf(why, whylen, "send: %s", strerror(errno));
			goto out;
		}
		if (k > 0)
			sent += (size_t)k;
	}
	for (;;) {
		if (used == cap) {
			snprintf(why, whylen, "answer larger than %d bytes",
			    AIA_MAX_BODY);
			goto out;
		}
		w = net_wait(fd, POLLIN, dl, cancel);
		if (w != 1)
			goto slow;
		k = recv(fd, head + used, cap - used, 0);
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k < 0) {
			snprintf(why, whylen, "recv: %s", strerror(errno));
			goto out;
		}
		if (k == 0)
			break;
		used += (size_t)k;
		head[used] = '\0';
		if (hl == 0 && (eoh = strstr(head, "\r\n\r\n")) != NULL)
			hl = (size_t)(eoh - head) + 4;
		if (hl == 0 && used > AIA_HEAD_MAX) {
			snprintf(why, whylen, "HTTP header larger than %d bytes",
			    AIA_HEAD_MAX);
			goto out;
		}
		if (hl > 0 && used - hl > AIA_MAX_BODY) {
			snprintf(why, whylen, "answer larger than %d bytes",
			    AIA_MAX_BODY);
			goto out;
		}
		if (hl > 0 && clen < 0) {
			/* Content-Length, once the header is in. */
			for (line = strstr(head, "\r\n"); line != NULL &&
			    line < head + hl; line = strstr(line + 2, "\r\n")) {
				if (strncasecmp(line + 2, "Content-Length:", 15)
				    == 0)
					clen = strtol(line + 17, NULL, 10);
			}
			if (clen < 0)
				clen = -2;	/* read to the close */
		}
		if (hl > 0 && clen >= 0 && used - hl >= (size_t)clen)
			break;
	}
	head[used] = '\0';
	if (hl == 0 || strncmp(head, "HTTP/1.", 7) != 0 || used < 12) {
		snprintf(why, whylen, "not an HTTP answer");
		goto out;
	}
	status = atoi(head + 9);
	if (clen > AIA_MAX_BODY) {
		snprintf(why, whylen, "answer larger than %d bytes",
		    AIA_MAX_BODY);
		status = -1;
		goto out;
	}
	for (line = strstr(head, "\r\n"); line != NULL && line < head + hl;
	    line = strstr(line + 2, "\r\n")) {
		if (strncasecmp(line + 2, "Location:", 9) == 0) {
			le = strstr(line + 2, "\r\n");
			line += 11;
			while (*line == ' ')
				line++;
			snprintf(location, loclen, "%.*s", le != NULL ?
			    (int)(le - line) : 0, line);
			break;
		}
		if (strncasecmp(line + 2, "Transfer-Encoding:", 18) == 0 &&
		    status == 200) {
			snprintf(why, whylen, "chunked answer to an HTTP/1.0 "
			    "request");
			status = -1;
			goto out;
		}
	}
	*body_len = used - hl;
	memcpy(body, head + hl, *body_len);
	goto out;
slow:
	snprintf(why, whylen, cancel != NULL && atomic_load(cancel) ?
	    "cancelled" : "no answer "
	    "in time (%zu bytes received)", used);
	status = -1;
out:
	if (fd >= 0)
		close(fd);
	free(head);
	return status;
}

/* The certificates of a body: DER, PEM, or PKCS#7 certs-only (DER). */
static size_t
decode_body(const unsigned char *b, size_t len, struct aia_entry *e,
    char *why, size_t whylen)
{
	STACK_OF(X509) *certs = NULL;
	const unsigned char *q = b;
	PKCS7 *p7 = NULL;
	BIO *bio;
	X509 *x;
	int i, dl;
	unsigned char *der;

	certs = sk_X509_new_null();
	if (certs == NULL)
		return 0;
	if ((x = d2i_X509(NULL, &q, (long)len)) != NULL) {
		sk_X509_push(certs, x);
	} else if ((q = b, p7 = d2i_PKCS7(NULL, &q, (long)len)) != NULL &&
	    PKCS7_type_is_signed(p7) && p7->d.sign != NULL &&
	    p7->d.sign->cert != NULL) {
		for (i = 0; i < sk_X509_num(p7->d.sign->cert); i++) {
			x = sk_X509_value(p7->d.sign->cert, i);
			if (X509_up_ref(x) == 1 && sk_X509_push(certs, x) <= 0)
				X509_free(x);
		}
	} else if ((bio = BIO_new_mem_buf(b, (int)len)) != NULL) {
		while (sk_X509_num(certs) < AIA_MAX_CERTS &&
		    (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL)
			if (sk_X509_push(certs, x) <= 0)
				X509_free(x);
		BIO_free(bio);
	}
	PKCS7_free(p7);
	ERR_clear_error();
	for (i = 0; i < sk_X509_num(certs) && e->n < AIA_MAX_CERTS; i++) {
		der = NULL;
		dl = i2d_X509(sk_X509_value(certs, i), &der);
		if (dl <= 0)
			continue;
		e->der[e->n] = xmalloc((size_t)dl);
		memcpy(e->der[e->n], der, (size_t)dl);
		e->len[e->n++] = (size_t)dl;
		OPENSSL_free(der);
	}
	sk_X509_pop_free(certs, X509_free);
	if (e->n == 0)
		snprintf(why, whylen, "not a certificate (%zu bytes, neither "
		    "DER, PEM nor PKCS#7)", len);
	return e->n;
}

/* The whole fetch of e->url, redirects included; fills e. */
static void
fetch(const struct probe_env *env, struct aia_entry *e,
    const atomic_bool *cancel, int timeout_ms)
{
	struct deadline dl = deadline_in((uint64_t)(timeout_ms > 0 ?
	    timeout_ms : 1));
	unsigned char *body = xmalloc(AIA_MAX_BODY + AIA_HEAD_MAX + 1);
	char cur[AIA_URL_MAX], loc[AIA_URL_MAX], why[160] = "";
	struct netaddr a;
	struct url u;
	size_t blen;
	int status, hops;

	snprintf(cur, sizeof cur, "%s", e->url);
	for (hops = 0; ; hops++) {
		if (!url_parse(cur, &u, why, sizeof why) ||
		    !url_addr(env, &u, cancel, timeout_ms, &a, why,
		    sizeof why))
			break;
		status = http_get(&a, &u, &dl, cancel, body, &blen, loc,
		    sizeof loc, why, sizeof why);
		if (status < 0)
			break;
		if (status >= 300 && status < 400 && loc[0] != '\0') {
			if (hops == AIA_MAX_REDIRECTS) {
				snprintf(why, sizeof why, "more than %d "
				    "redirects", AIA_MAX_REDIRECTS);
				break;
			}
			if (loc[0] == '/') {
				char host[NETADDR_HOST_MAX + 16];

				snprintf(host, sizeof host, strchr(u.host, ':') ?
				    "[%s]:%u" : "%s:%u", u.host, u.port);
				snprintf(cur, sizeof cur, "http://%s%.*s", host,
				    (int)(sizeof cur - 16 - strlen(host)), loc);
			} else
				snprintf(cur, sizeof cur, "%s", loc);
			continue;
		}
		if (status != 200) {
			snprintf(why, sizeof why, "HTTP status %d", status);
			break;
		}
		(void)decode_body(body, blen, e, why, sizeof why);
		break;
	}
	free(body);
	if (e->n > 0)
		snprintf(e->note, sizeof e->note, "fetched %.180s", e->url);
	else
		snprintf(e->note, sizeof e->note, "fetch of %.120s failed: %s",
		    e->url, why);
}

size_t
probe_aia_fetch(const struct probe_env *env, const char *url,
    const atomic_bool *cancel, int timeout_ms,
    unsigned char **der, size_t *len, size_t max, char *note, size_t notelen)
{
	struct aia_cache *c = env->aia;
	struct aia_entry *e;
	struct timespec ts;
	uint64_t until = clock_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms :
	    1);
	bool mine = false;
	size_t i, n = 0;

	pthread_mutex_lock(&c->lock);
	for (e = c->head; e != NULL; e = e->next)
		if (strcmp(e->url, url) == 0)
			break;
	if (e == NULL) {
		if (c->n >= AIA_MAX_URLS) {
			pthread_mutex_unlock(&c->lock);
			snprintf(note, notelen, "not fetched: more than %d AIA "
			    "URLs in this run", AIA_MAX_URLS);
			return 0;
		}
		e = xcalloc(1, sizeof *e);
		snprintf(e->url, sizeof e->url, "%s", url);
		e->next = c->head;
		c->head = e;
		c->n++;
		mine = true;
	}
	pthread_mutex_unlock(&c->lock);
	if (mine) {
		/* The fetch runs unlocked; e is only ours until done. */
		struct aia_entry tmp;

		memset(&tmp, 0, sizeof tmp);
		snprintf(tmp.url, sizeof tmp.url, "%s", url);
		fetch(env, &tmp, cancel, timeout_ms);
		pthread_mutex_lock(&c->lock);
		memcpy(e->der, tmp.der, sizeof e->der);
		memcpy(e->len, tmp.len, sizeof e->len);
		e->n = tmp.n;
		memcpy(e->note, tmp.note, sizeof e->note);
		e->done = true;
		pthread_cond_broadcast(&c->cond);
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_lock(&c->lock);
	while (!e->done && clock_ms() < until &&
	    !(cancel != NULL && atomic_load(cancel))) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000000L;	/* re-check the cancel flag */
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&c->cond, &c->lock, &ts);
	}
	if (!e->done)
		snprintf(note, notelen, "fetch of %.120s not finished in time "
		    "(another probe is fetching it)", url);
	else {
		for (i = 0; i < e->n && n < max; i++) {
			der[n] = xmalloc(e->len[i]);
			memcpy(der[n], e->der[i], e->len[i]);
			len[n++] = e->len[i];
		}
		snprintf(note, notelen, "%s", e->note);
	}
	pthread_mutex_unlock(&c->lock);
	return n;
}
