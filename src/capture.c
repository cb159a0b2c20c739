/*
 * capture.c: tlsmatrix --capture, recording the ClientHello of real clients.
 *
 * Caller: main, on the main thread, which prints what the callbacks
 * report. One client at a time: accept, read records until
 * client_hello_complete says the hello is whole (deadline per
 * connection, CLIENT_HELLO_MAX_BYTES at most), answer with a fatal
 * handshake_failure alert, close; then parse the hello into a profile,
 * fingerprint it and write "captured-<ja4>.profile" atomically (a
 * temporary file renamed). Waits are poll() slices of 200 ms so that the
 * stop flag of a signal handler is seen promptly.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "clock.h"
#include "digest.h"
#include "fingerprint.h"
#include "net.h"
#include "profile_match.h"
#include "profile_write.h"
#include "tls_names.h"
#include "xmem.h"

#define SLICE_MS	200
#define READ_CHUNK	4096

enum status
capture_parse_listen(const char *s, struct netaddr *addr, uint16_t *port,
    char *err, size_t errlen)
{
	char host[NETADDR_TEXT_MAX];
	const char *colon, *p = s;
	size_t n;

	memset(addr, 0, sizeof *addr);
	colon = strrchr(s, ':');
	if (colon == NULL) {
		/* Loopback unless asked: a capture server answers anyone. */
		netaddr_parse("127.0.0.1", addr);
	} else {
		if (*s == '[') {
			p = s + 1;
			if (colon == s || colon[-1] != ']') {
				snprintf(err, errlen, "'%s': write an IPv6 "
				    "address as [ADDR]:PORT", s);
				return ST_EINVAL;
			}
			n = (size_t)(colon - 1 - p);
		} else
			n = (size_t)(colon - s);
		if (n == 0 || n >= sizeof host) {
			snprintf(err, errlen, "'%s': no address before the "
			    "port", s);
			return ST_EINVAL;
		}
		memcpy(host, p, n);
		host[n] = '\0';
		if (!netaddr_parse(host, addr) ||
		    (*s == '[') != (addr->family == NETADDR_V6)) {
			snprintf(err, errlen, "'%s': '%s' is not an IP address%s",
			    s, host, *s != '[' && strchr(host, ':') != NULL ?
			    " (IPv6 goes in brackets)" : "");
			return ST_EINVAL;
		}
		s = colon + 1;
	}
	if (*s == '\0' || !netaddr_parse_port(s, port)) {
		/* netaddr_parse_port refuses 0, which we allow. */
		if (strcmp(s, "0") == 0) {
			*port = 0;
			return ST_OK;
		}
		snprintf(err, errlen, "'%s' is not a port (0 to 65535)", s);
		return ST_EINVAL;
	}
	return ST_OK;
}

/* The peer of fd as "ADDR:PORT". */
static void
peer_name(int fd, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	struct netaddr a;
	uint16_t port = 0;

	memset(&a, 0, sizeof a);
	snprintf(buf, len, "unknown");
	if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0)
		return;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in sin;

		memcpy(&sin, &ss, sizeof sin);
		a.family = NETADDR_V4;
		memcpy(a.bytes, &sin.sin_addr, 4);
		port = ntohs(sin.sin_port);
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 sin6;

		memcpy(&sin6, &ss, sizeof sin6);
		a.family = NETADDR_V6;
		memcpy(a.bytes, &sin6.sin6_addr, 16);
		a.scope_id = sin6.sin6_scope_id;
		port = ntohs(sin6.sin6_port);
	} else
		return;
	netaddr_format_port(&a, port, buf, len);
}

/* A server name as safe text: host name characters only. */
static void
printable_sni(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < len; i++) {
		char c = in[i];

		out[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		    c == '_') ? c : '?';
	}
	out[i] = '\0';
}

enum status
capture_profile_text(struct client_hello *ch, const char *peer,
    const char *when, const char *ja3, const char *ja4,
    const struct profile *const *known, size_t n_known, char **text,
    size_t *len, char *err, size_t errlen)
{
	struct profile *p = ch->profile, *back = NULL;
	struct profile_match m;
	char sni[256], comment[1024], *policy;
	enum status st;

	printable_sni(ch->sni, sni, sizeof sni);
	free(p->id);
	free(p->name);
	free(p->family);
	free(p->source);
	free(p->note);
	p->id = xasprintf("captured-%s", ja4);
	p->name = xasprintf("Client captured from %s (JA4 %s)", peer, ja4);
	p->family = xstrdup("captured");
	p->source = xasprintf("captured %s by tlsmatrix --capture from %s, "
	    "server name %s%s%s; JA3 %s; JA4 %s", when, peer,
	    sni[0] != '\0' ? "'" : "", sni[0] != '\0' ? sni : "none",
	    sni[0] != '\0' ? "'" : "", ja3, ja4);
	profile_match(p, known, n_known, &m);
	policy = profile_match_inherit(p, &m, known, n_known);
	p->note = xasprintf("The hello as this client sent it%s%s. %s",
	    ch->exact ? ", rebuilt byte for byte" : "; not expressed: ",
	    ch->exact ? "" : ch->note, policy != NULL ? policy :
	    "No shipped profile is near enough to name its library: the "
	    "policy keys are defaults, set them for the client.");
	free(policy);
	p->in_default_set = false;
	snprintf(comment, sizeof comment, "Written by tlsmatrix --capture "
	    "(format: docs/PROFILES.md).\nAdd runtime, library and platform, "
	    "and the policy the client applies.");
	st = profile_write(p, comment, text, len, err, errlen);
	if (st != ST_OK)
		return st;
	/* What we write must load: parse it back before anyone relies on it. */
	st = profile_parse(*text, *len, p->id, &back, err, errlen);
	profile_free(back);
	if (st != ST_OK) {
		free(*text);
		*text = NULL;
	}
	return st;
}

/* Writes text to dir/name through a temporary file and rename(2). */
static enum status
write_atomic(const char *dir, const char *name, const char *text,
    size_t len, char *path, size_t pathlen, char *err, size_t errlen)
{
	char tmp[4200];
	FILE *f;
	int fd;

	snprintf(path, pathlen, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "%.200s: %s", tmp, strerror(errno));
		return ST_EIO;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		snprintf(err, errlen, "%.200s: %s", tmp, strerror(errno));
		return ST_EIO;
	}
	fchmod(fd, 0644);
	if (fwrite(text, 1, len, f) != len || fflush(f) != 0 ||
	    fclose(f) != 0) {
		unlink(tmp);
		snprintf(err, errlen, "%.200s: write failed", tmp);
		return ST_EIO;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%.200s: %s", path, strerror(errno));
		unlink(tmp);
		return ST_EIO;
	}
	return ST_OK;
}

/* Reads one whole ClientHello from fd into *buf before the deadline. */
static bool
read_hello(int fd, const struct capture_opts *o,
    const volatile sig_atomic_t *stop, uint8_t *buf, size_t *len,
    char *why, size_t whylen)
{
	struct deadline dl;
	struct pollfd pfd;
	enum status st;
	size_t used;
	ssize_t n;
	int left;

	*len = 0;
	dl = deadline_in(o->timeout_ms > 0 ? (uint64_t)o->timeout_ms : 5000);
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		if (stop != NULL && *stop) {
			snprintf(why, whylen, "interrupted");
			return false;
		}
		left = deadline_left_ms(&dl);
		if (left <= 0) {
			snprintf(why, whylen, "no whole ClientHello within "
			    "%d ms (%zu bytes)", o->timeout_ms, *len);
			return false;
		}
		if (poll(&pfd, 1, left < SLICE_MS ? left : SLICE_MS) <= 0)
			continue;
		n = recv(fd, buf + *len, CLIENT_HELLO_MAX_BYTES + 5 - *len, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			snprintf(why, whylen, "closed after %zu bytes, before "
			    "a whole ClientHello", *len);
			return false;
		}
		*len += (size_t)n;
		st = client_hello_complete(buf, *len, &used, why, whylen);
		if (st == ST_OK)
			return true;
		if (st != ST_ENODATA)
			return false;
		if (*len >= CLIENT_HELLO_MAX_BYTES + 5) {
			snprintf(why, whylen, "more than %d bytes",
			    CLIENT_HELLO_MAX_BYTES);
			return false;
		}
	}
}

/* Handles one accepted client; true when a profile was written. */
static bool
serve(int fd, const struct capture_opts *o, const volatile sig_atomic_t *stop,
    struct capture_client *c)
{
	/* RFC 8446 §6.2: fatal (2) handshake_failure (40). */
	static const uint8_t alert[] = { 21, 3, 3, 0, 2, 2, 40 };
	struct client_hello *ch = NULL;
	struct profile_match m;
	struct fingerprint fp;
	uint8_t *buf = xmalloc(CLIENT_HELLO_MAX_BYTES + 5);
	char *text = NULL, name[128], when[32];
	size_t len = 0, tlen = 0, i;
	time_t now = time(NULL);
	struct tm tm;
	bool ok = false;

	memset(&fp, 0, sizeof fp);
	peer_name(fd, c->peer, sizeof c->peer);
	if (!read_hello(fd, o, stop, buf, &len, c->error, sizeof c->error))
		goto out;
	(void)send(fd, alert, sizeof alert, MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	if (client_hello_parse(buf, len, &ch, c->error, sizeof c->error) !=
	    ST_OK)
		goto out;
	fingerprint_from_hello(ch, &fp);
	digest_fingerprint(&fp);
	snprintf(c->ja3, sizeof c->ja3, "%s", fp.ja3_hash);
	snprintf(c->ja4, sizeof c->ja4, "%s", fp.ja4);
	printable_sni(ch->sni, c->sni, sizeof c->sni);
	/* As --list-profiles counts: without SCSVs and GREASE. */
	for (i = 0; i < ch->profile->n_suites; i++)
		if (!tls_suite_is_signal(ch->profile->suites[i]))
			c->n_suites++;
	c->exact = ch->exact;
	snprintf(c->note, sizeof c->note, "%s", ch->note);
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (capture_profile_text(ch, c->peer, when, fp.ja3_hash, fp.ja4,
	    o->known, o->n_known, &text, &tlen, c->error,
	    sizeof c->error) != ST_OK)
		goto out;
	profile_match(ch->profile, o->known, o->n_known, &m);
	c->confidence = profile_match_conf_name(m.conf);
	if (m.best != NULL && m.conf != PROFILE_MATCH_NONE) {
		snprintf(c->library, sizeof c->library, "%s",
		    m.best->library);
		snprintf(c->nearest, sizeof c->nearest, "%s", m.best->id);
		c->similarity = (int)(m.score * 100 + 0.5);
	}
	snprintf(name, sizeof name, "captured-%s.profile", fp.ja4);
	if (write_atomic(o->dir != NULL ? o->dir : ".", name, text, tlen,
	    c->path, sizeof c->path, c->error, sizeof c->error) != ST_OK) {
		c->path[0] = '\0';
		goto out;
	}
	ok = true;
out:
	fingerprint_cleanup(&fp);
	client_hello_free(ch);
	free(text);
	free(buf);
	return ok;
}

enum status
capture_run(const struct capture_opts *o, const volatile sig_atomic_t *stop,
    char *err, size_t errlen)
{
	struct capture_client c;
	struct pollfd pfd;
	char where[NETADDR_TEXT_MAX + 8];
	uint16_t bound = 0;
	unsigned recorded = 0;
	int lfd, cfd, flags;

	lfd = net_listen(&o->addr, o->port, &bound, err, errlen);
	if (lfd < 0)
		return ST_EIO;
	netaddr_format_port(&o->addr, bound, where, sizeof where);
	if (o->on_listen != NULL)
		o->on_listen(o->ctx, where);
	pfd.fd = lfd;
	pfd.events = POLLIN;
	while (!(stop != NULL && *stop) &&
	    (o->count == 0 || recorded < o->count)) {
		if (poll(&pfd, 1, SLICE_MS) <= 0)
			continue;
		cfd = accept(lfd, NULL, NULL);
		if (cfd < 0)
			continue;
		flags = fcntl(cfd, F_GETFL);
		if (flags >= 0)
			fcntl(cfd, F_SETFL, flags | O_NONBLOCK);
		fcntl(cfd, F_SETFD, FD_CLOEXEC);
		memset(&c, 0, sizeof c);
		if (serve(cfd, o, stop, &c))
			recorded++;
		close(cfd);
		if (o->on_client != NULL)
			o->on_client(o->ctx, &c);
	}
	close(lfd);
	return ST_OK;
}
