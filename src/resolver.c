/*
 * resolver.c: one host name to all its A and AAAA addresses, with c-ares.
 *
 * Called by the resolve job on a pool worker thread; the only file that
 * includes <ares.h>. Each resolver_run creates its own channel, drives it
 * with poll() in slices of at most RESOLVE_SLICE_MS (so a cancel is seen
 * promptly and the whole call ends by its deadline), and destroys it.
 *
 * Why ares_getaddrinfo rather than ares_query for A and AAAA: with
 * AF_UNSPEC it asks both types, keeps each record's TTL (ai_ttl) and the
 * CNAME chain (->cnames), applies the search list, and, for the system
 * case, consults the hosts file first as libc would (its "fb" lookups).
 * ares_query with ares_parse_a_reply/ares_parse_aaaa_reply gives TTLs too
 * but never reads /etc/hosts, so "localhost" or a pinned name would fail.
 * With --dns we set lookups to "b" and an empty search list: the user asked
 * that server, for that exact name, and nothing else.
 *
 * Two causes c-ares folds into codes that would mislead, told apart here:
 * a truncated answer whose TCP retry failed (c-ares reports the refused
 * TCP connection; a socket callback sees the TCP socket being made), and a
 * CNAME loop (ares_getaddrinfo reports "no data" and frees the answer; a
 * second, plain query is read record by record to find the loop).
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ares.h>

#include "clock.h"
#include "dns_answer.h"
#include "resolver.h"
#include "xmem.h"

#define RESOLVE_SLICE_MS	200	/* longest wait between cancel checks */
#define RESOLVE_DEFAULT_MS	5000	/* when opts->timeout_ms is not set */
#define RESOLVE_MIN_TRY_MS	200	/* shortest per-server try */
#define RESOLVE_TRIES		2	/* c-ares doubles the 2nd try's wait */
#define LABEL_MAX		256	/* "127.0.0.1:5353,[::1]:5353" ... */
/* RFC 1035 §3.2.2 and §3.2.4. */
#define DNS_TYPE_A		1
#define DNS_CLASS_IN		1

/* What the ares_getaddrinfo callback hands back to resolver_run. */
struct gai_ctx {
	bool			 done;
	int			 status;
	struct ares_addrinfo	*ai;
	bool			 tcp;	/* c-ares opened a TCP socket */
};

/* The raw answer of the diagnostic query (see find_cname_loop). */
struct query_ctx {
	bool			 done;
	int			 status;
	unsigned char		*abuf;	/* owned copy */
	int			 alen;
};

enum status
resolver_global_init(char *err, size_t errlen)
{
	int rc;

	rc = ares_library_init(ARES_LIB_INIT_ALL);
	if (rc != ARES_SUCCESS) {
		status_set_err(err, errlen, "c-ares initialisation failed: %s",
		    ares_strerror(rc));
		return ST_EIO;
	}
	return ST_OK;
}

void
resolver_global_cleanup(void)
{
	ares_library_cleanup();
}

void
resolve_result_cleanup(struct resolve_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->addrs);
	free(r->canonical);
	for (i = 0; i < r->n_cname; i++)
		free(r->cname_chain[i]);
	free(r->cname_chain);
	memset(r, 0, sizeof *r);
}

/* Notes TCP sockets: c-ares makes one only to retry a truncated answer. */
static int
sock_callback(ares_socket_t fd, int type, void *arg)
{
	struct gai_ctx *ctx = arg;

	(void)fd;
	if (type == SOCK_STREAM)
		ctx->tcp = true;
	return ARES_SUCCESS;
}

static void
gai_callback(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct gai_ctx *ctx = arg;

	(void)timeouts;
	ctx->done = true;
	ctx->status = status;
	ctx->ai = ai;		/* NULL unless ARES_SUCCESS */
}

/* Appends "sep addr:port" to a label, truncating with "..." when full. */
static void
label_add(char *label, size_t len, const struct netaddr *a, uint16_t port)
{
	char one[NETADDR_TEXT_MAX + 8];
	size_t used = strlen(label);

	netaddr_format_port(a, port, one, sizeof one);
	if (used + strlen(one) + 5 >= len) {
		if (used + 4 < len && strstr(label, "...") == NULL)
			snprintf(label + used, len - used, ",...");
		return;
	}
	snprintf(label + used, len - used, "%s%s", used != 0 ? "," : "", one);
}

/* Converts a c-ares server node to our netaddr; false for odd families. */
static bool
node_to_netaddr(const struct ares_addr_port_node *n, struct netaddr *a)
{
	memset(a, 0, sizeof *a);
	if (n->family == AF_INET) {
		a->family = NETADDR_V4;
		memcpy(a->bytes, &n->addr.addr4, 4);
		return true;
	}
	if (n->family == AF_INET6) {
		a->family = NETADDR_V6;
		memcpy(a->bytes, &n->addr.addr6, 16);
		return true;
	}
	return false;
}

/*
 * Names the resolvers asked, for error lines: the --dns list as given, or
 * "system resolver" with the servers c-ares read from resolv.conf.
 */
static void
make_label(ares_channel ch, const struct resolver_opts *opts, char *label,
    size_t len)
{
	struct ares_addr_port_node *servers = NULL, *n;
	struct netaddr a;
	char list[LABEL_MAX];
	size_t i;

	label[0] = '\0';
	if (opts->n_servers != 0) {
		for (i = 0; i < opts->n_servers; i++)
			label_add(label, len, &opts->servers[i].addr,
			    opts->servers[i].port);
		return;
	}
	list[0] = '\0';
	if (ares_get_servers_ports(ch, &servers) == ARES_SUCCESS) {
		for (n = servers; n != NULL; n = n->next)
			if (node_to_netaddr(n, &a))
				label_add(list, sizeof list, &a,
				    (uint16_t)(n->udp_port ? n->udp_port : 53));
		ares_free_data(servers);
	}
	if (list[0] != '\0')
		snprintf(label, len, "system resolver %s", list);
	else
		snprintf(label, len, "system resolver");
}

/* Sets the channel's servers from the --dns list. */
static enum status
set_servers(ares_channel ch, const struct resolver_opts *opts, char *err,
    size_t errlen)
{
	struct ares_addr_port_node *nodes;
	char text[NETADDR_TEXT_MAX];
	enum status st = ST_OK;
	size_t i;
	int rc;

	nodes = xcalloc(opts->n_servers, sizeof *nodes);
	for (i = 0; i < opts->n_servers; i++) {
		const struct dns_server *s = &opts->servers[i];

		/* c-ares 1.18's server list has no field for an IPv6 zone. */
		if (s->addr.family == NETADDR_V6 && s->addr.scope_id != 0) {
			netaddr_format(&s->addr, text, sizeof text);
			status_set_err(err, errlen, "DNS server %s: a zone (scoped "
			    "IPv6 server) is not supported by c-ares", text);
			st = ST_EUNSUPPORTED;
			goto out;
		}
		if (s->addr.family == NETADDR_V4) {
			nodes[i].family = AF_INET;
			memcpy(&nodes[i].addr.addr4, s->addr.bytes, 4);
		} else if (s->addr.family == NETADDR_V6) {
			nodes[i].family = AF_INET6;
			memcpy(&nodes[i].addr.addr6, s->addr.bytes, 16);
		} else {
			status_set_err(err, errlen, "DNS server %zu has no address",
			    i + 1);
			st = ST_EINVAL;
			goto out;
		}
		nodes[i].udp_port = s->port ? s->port : 53;
		nodes[i].tcp_port = nodes[i].udp_port;
		nodes[i].next = i + 1 < opts->n_servers ? &nodes[i + 1] : NULL;
	}
	rc = ares_set_servers_ports(ch, nodes);
	if (rc != ARES_SUCCESS) {
		status_set_err(err, errlen, "setting DNS servers: %s",
		    ares_strerror(rc));
		st = rc == ARES_ENOMEM ? ST_ENOMEM : ST_EINVAL;
	}
out:
	free(nodes);
	return st;
}

/*
 * Creates the channel. The per-try timeout is chosen so that each of nserv
 * servers gets RESOLVE_TRIES tries (c-ares doubles the wait on each round)
 * within the budget; our own deadline still cuts whatever is left.
 *
 * c-ares 1.18 reports a SERVFAIL or REFUSED answer, after failing over, as
 * ARES_ECONNREFUSED, the same code as an unreachable server. With a single
 * server there is nothing to fail over to, so ARES_FLAG_NOCHECKRESP lets
 * the rcode through and the user reads what the server really said.
 */
static enum status
channel_new(const struct resolver_opts *opts, int budget_ms, size_t nserv,
    ares_channel *out, char *err, size_t errlen)
{
	static char dns_only[] = "b";
	struct ares_options o;
	int mask, per_try, rc;
	enum status st;

	memset(&o, 0, sizeof o);
	if (nserv == 0)
		nserv = 1;
	/* Rounds take t, 2t, ...: RESOLVE_TRIES == 2 costs 3t per server. */
	per_try = (int)((size_t)budget_ms / (3 * nserv));
	if (per_try < RESOLVE_MIN_TRY_MS)
		per_try = RESOLVE_MIN_TRY_MS;
	o.timeout = per_try;
	o.tries = RESOLVE_TRIES;
	o.flags = nserv == 1 ? ARES_FLAG_NOCHECKRESP : 0;
	mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS;
	if (opts->n_servers != 0) {
		o.lookups = dns_only;
		o.domains = NULL;
		o.ndomains = 0;
		o.flags |= ARES_FLAG_NOSEARCH;
		mask |= ARES_OPT_LOOKUPS | ARES_OPT_DOMAINS;
	}
	rc = ares_init_options(out, &o, mask);
	if (rc != ARES_SUCCESS) {
		status_set_err(err, errlen, "c-ares channel: %s", ares_strerror(rc));
		return rc == ARES_ENOMEM ? ST_ENOMEM : ST_EIO;
	}
	if (opts->n_servers != 0) {
		st = set_servers(*out, opts, err, errlen);
		if (st != ST_OK) {
			ares_destroy(*out);
			return st;
		}
	}
	return ST_OK;
}

/* How many servers the channel has (those of resolv.conf, if ours). */
static size_t
server_count(ares_channel ch)
{
	struct ares_addr_port_node *servers = NULL, *n;
	size_t count = 0;

	if (ares_get_servers_ports(ch, &servers) != ARES_SUCCESS)
		return 0;
	for (n = servers; n != NULL; n = n->next)
		count++;
	ares_free_data(servers);
	return count;
}

/* Waits for the channel's sockets for at most one slice and processes. */
static enum status
drive_once(ares_channel ch, int left_ms, char *err, size_t errlen)
{
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	struct pollfd pfd[ARES_GETSOCK_MAXNUM];
	struct timeval maxtv, tvbuf, *tv;
	nfds_t n = 0;
	unsigned bits;
	int i, wait, r;

	/*
	 * Tested as unsigned: ARES_GETSOCK_WRITABLE shifts a signed 1 into the
	 * sign bit for the 16th socket, which is undefined behaviour.
	 */
	bits = (unsigned)ares_getsock(ch, socks, ARES_GETSOCK_MAXNUM);
	for (i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
		short ev = 0;

		if (bits & (1u << i))
			ev |= POLLIN;
		if (bits & (1u << (i + ARES_GETSOCK_MAXNUM)))
			ev |= POLLOUT;
		if (ev == 0)
			continue;
		pfd[n].fd = socks[i];
		pfd[n].events = ev;
		pfd[n].revents = 0;
		n++;
	}
	wait = left_ms < RESOLVE_SLICE_MS ? left_ms : RESOLVE_SLICE_MS;
	maxtv.tv_sec = wait / 1000;
	maxtv.tv_usec = (wait % 1000) * 1000;
	tv = ares_timeout(ch, &maxtv, &tvbuf);
	/* Round up so we never spin on a sub-millisecond timer. */
	wait = (int)(tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000);

	r = poll(n != 0 ? pfd : NULL, n, wait);
	if (r < 0) {
		if (errno == EINTR)
			return ST_OK;
		char ebuf[128];

		if (strerror_r(errno, ebuf, sizeof ebuf) != 0)
			snprintf(ebuf, sizeof ebuf, "error %d", errno);
		status_set_err(err, errlen, "poll: %s", ebuf);
		return ST_EIO;
	}
	if (r == 0) {
		/* No traffic: let c-ares retransmit or give up on timers. */
		ares_process_fd(ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
		return ST_OK;
	}
	for (i = 0; i < (int)n; i++) {
		short re = pfd[i].revents;

		if (re == 0)
			continue;
		ares_process_fd(ch,
		    (re & (POLLIN | POLLERR | POLLHUP)) ? pfd[i].fd :
		    ARES_SOCKET_BAD,
		    (re & POLLOUT) ? pfd[i].fd : ARES_SOCKET_BAD);
	}
	return ST_OK;
}

/* True if s is already one of the n names of chain. */
static bool
chain_has(char *const *chain, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dns_name_eq(chain[i], s))
			return true;
	return false;
}

/*
 * The CNAME chain that starts at name (RFC 1034 §3.6.2), hop by hop, into
 * out->cname_chain, and its end into out->canonical. Bounded by the
 * number of entries and RESOLVER_MAX_CNAMES, and stops at a name seen
 * before, so a loop in a hostile answer cannot hang us.
 */
static void
cname_chain(const char *name, const struct ares_addrinfo_cname *cn,
    struct resolve_result *out)
{
	const struct ares_addrinfo_cname *c;
	const char *cur = name;
	size_t i, count = 0;

	for (c = cn; c != NULL; c = c->next)
		count++;
	if (count == 0)
		return;
	out->cname_chain = xcalloc(RESOLVER_MAX_CNAMES,
	    sizeof *out->cname_chain);
	/* A search domain may have been appended: then start at the head. */
	for (c = cn; c != NULL; c = c->next)
		if (c->alias != NULL && dns_name_eq(c->alias, name))
			break;
	if (c == NULL && cn->alias != NULL) {
		cur = cn->alias;
		out->cname_chain[out->n_cname++] = xstrdup(cur);
	}
	for (i = 0; i < count && out->n_cname < RESOLVER_MAX_CNAMES; i++) {
		for (c = cn; c != NULL; c = c->next)
			if (c->alias != NULL && c->name != NULL &&
			    dns_name_eq(c->alias, cur))
				break;
		if (c == NULL || dns_name_eq(c->name, name) ||
		    chain_has(out->cname_chain, out->n_cname, c->name))
			break;
		cur = c->name;
		out->cname_chain[out->n_cname++] = xstrdup(cur);
	}
	if (out->n_cname > 0)
		out->canonical = xstrdup(out->cname_chain[out->n_cname - 1]);
}

static void
query_callback(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct query_ctx *q = arg;

	(void)timeouts;
	q->done = true;
	q->status = status;
	if (abuf != NULL && alen > 0 && alen <= 65535) {
		q->abuf = xmalloc((size_t)alen);
		memcpy(q->abuf, abuf, (size_t)alen);
		q->alen = alen;
	}
}

/* Adds a to out unless present; keeps the smaller TTL of duplicates. */
static void
result_add(struct resolve_result *out, size_t *cap, const struct netaddr *a,
    uint32_t ttl)
{
	size_t i;

	for (i = 0; i < out->n_addrs; i++) {
		if (netaddr_equal(&out->addrs[i].addr, a)) {
			if (ttl < out->addrs[i].ttl)
				out->addrs[i].ttl = ttl;
			return;
		}
	}
	if (out->n_addrs >= RESOLVER_MAX_ADDRS) {
		out->truncated = true;
		return;
	}
	if (out->n_addrs == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		out->addrs = xreallocarray(out->addrs, *cap,
		    sizeof *out->addrs);
	}
	out->addrs[out->n_addrs].addr = *a;
	out->addrs[out->n_addrs].ttl = ttl;
	out->n_addrs++;
}

/*
 * Copies the answer. IPv4 first, then IPv6, each in answer order: the A
 * and AAAA replies race, and c-ares appends in arrival order, so taking
 * them as they came would make the row order change from run to run.
 */
static void
collect(const struct ares_addrinfo *ai, struct resolve_result *out)
{
	const struct ares_addrinfo_node *n;
	struct netaddr a;
	size_t cap = 0;
	int pass, fam;

	for (pass = 0; pass < 2; pass++) {
		fam = pass == 0 ? AF_INET : AF_INET6;
		for (n = ai->nodes; n != NULL; n = n->ai_next) {
			if (n->ai_family != fam || n->ai_addr == NULL)
				continue;
			memset(&a, 0, sizeof a);
			if (fam == AF_INET) {
				const struct sockaddr_in *sin;

				if (n->ai_addrlen < sizeof *sin)
					continue;
				sin = (const struct sockaddr_in *)
				    (const void *)n->ai_addr;
				a.family = NETADDR_V4;
				memcpy(a.bytes, &sin->sin_addr, 4);
			} else {
				const struct sockaddr_in6 *sin6;

				if (n->ai_addrlen < sizeof *sin6)
					continue;
				sin6 = (const struct sockaddr_in6 *)
				    (const void *)n->ai_addr;
				a.family = NETADDR_V6;
				memcpy(a.bytes, &sin6->sin6_addr, 16);
				a.scope_id = sin6->sin6_scope_id;
			}
			result_add(out, &cap, &a,
			    n->ai_ttl > 0 ? (uint32_t)n->ai_ttl : 0);
		}
	}
}

/* Turns a c-ares status into our status and one line for the user. */
static enum status
map_error(int rc, const char *label, const char *name,
    const struct resolver_opts *opts, size_t nserv, bool tcp,
    uint64_t elapsed_ms, char *err, size_t errlen)
{
	const char *what;

	switch (rc) {
	case ARES_ENOTFOUND:
		status_set_err(err, errlen, "%s: %s: NXDOMAIN (name does not exist)",
		    label, name);
		return ST_ENOENT;
	case ARES_ENODATA:
		what = opts->family == RESOLVER_V4 ? "A" :
		    opts->family == RESOLVER_V6 ? "AAAA" : "A/AAAA";
		status_set_err(err, errlen, "%s: %s: no %s records", label, name,
		    what);
		return ST_ENODATA;
	case ARES_ETIMEOUT:
		status_set_err(err, errlen, "%s: %s: timed out after %llu ms%s",
		    label, name, (unsigned long long)elapsed_ms,
		    tcp ? " (retrying a truncated answer over TCP)" : "");
		return ST_ETIMEDOUT;
	case ARES_ESERVFAIL:
		status_set_err(err, errlen, "%s: %s: SERVFAIL (server failure)",
		    label, name);
		return ST_EIO;
	case ARES_EREFUSED:
		status_set_err(err, errlen, "%s: %s: REFUSED (the server refused "
		    "the query)", label, name);
		return ST_EIO;
	case ARES_ENOTIMP:
		status_set_err(err, errlen, "%s: %s: NOTIMP (query not implemented "
		    "by the server)", label, name);
		return ST_EIO;
	case ARES_EFORMERR:
		status_set_err(err, errlen, "%s: %s: FORMERR (the server could not "
		    "read the query)", label, name);
		return ST_EIO;
	case ARES_EBADRESP:
		status_set_err(err, errlen, "%s: %s: malformed DNS response", label,
		    name);
		return ST_EIO;
	case ARES_ECONNREFUSED:
		/* See channel_new: with failover this code means several. */
		if (tcp)
			status_set_err(err, errlen, "%s: %s: truncated answer (TC bit "
			    "set) and the retry over TCP failed", label, name);
		else if (nserv > 1)
			status_set_err(err, errlen, "%s: %s: no usable answer (each "
			    "server failed, refused or was unreachable)", label,
			    name);
		else
			status_set_err(err, errlen, "%s: %s: connection refused (no "
			    "DNS server at that address)", label, name);
		return ST_EIO;
	case ARES_EBADNAME:
		status_set_err(err, errlen, "%s: %s: not a valid host name", label,
		    name);
		return ST_EINVAL;
	case ARES_ENOMEM:
		status_set_err(err, errlen, "%s: %s: out of memory", label, name);
		return ST_ENOMEM;
	default:
		status_set_err(err, errlen, "%s: %s: %s", label, name,
		    ares_strerror(rc));
		return ST_EIO;
	}
}

/* The stable reason name of a c-ares failure (resolver.h). */
static const char *
reason_for(int rc, bool tcp)
{
	switch (rc) {
	case ARES_ENOTFOUND:
		return "nxdomain";
	case ARES_ENODATA:
		return "nodata";
	case ARES_ETIMEOUT:
		return "timeout";
	case ARES_ESERVFAIL:
		return "servfail";
	case ARES_EREFUSED:
		return "refused";
	case ARES_ENOTIMP:
		return "notimp";
	case ARES_EFORMERR:
		return "formerr";
	case ARES_EBADRESP:
		return "malformed";
	case ARES_ECONNREFUSED:
		return tcp ? "truncated" : "unreachable";
	case ARES_EBADNAME:
		return "bad-name";
	case ARES_ECANCELLED:
	case ARES_EDESTRUCTION:
		return "cancelled";
	default:
		return "error";
	}
}

/*
 * Runs the channel until *done, the deadline or a cancel. ST_OK when done;
 * otherwise err says why, naming label and name.
 */
static enum status
drive(ares_channel ch, const bool *done, const struct deadline *dl,
    int budget, const atomic_bool *cancel, const char *label,
    const char *name, char *err, size_t errlen)
{
	enum status st;
	int left;

	while (!*done) {
		if (cancel != NULL && atomic_load(cancel)) {
			status_set_err(err, errlen, "%s: %s: cancelled", label, name);
			return ST_ECANCELED;
		}
		left = deadline_left_ms(dl);
		if (left == 0) {
			status_set_err(err, errlen, "%s: %s: timed out after %d ms",
			    label, name, budget);
			return ST_ETIMEDOUT;
		}
		st = drive_once(ch, left, err, errlen);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

/*
 * After "no data": asks for the A record plainly, which keeps the raw
 * answer, and reads it for a CNAME loop. Best effort within the deadline;
 * false when there is no loop or no answer in time.
 */
static bool
find_cname_loop(ares_channel ch, const char *name, const struct deadline *dl,
    const atomic_bool *cancel)
{
	struct query_ctx q;
	char scratch[8];
	bool loop = false;

	memset(&q, 0, sizeof q);
	if (deadline_left_ms(dl) == 0)
		return false;
	ares_query(ch, name, DNS_CLASS_IN, DNS_TYPE_A, query_callback, &q);
	if (drive(ch, &q.done, dl, 0, cancel, "", name, scratch,
	    sizeof scratch) == ST_OK && q.abuf != NULL)
		loop = dns_answer_has_cname_loop(q.abuf, (size_t)q.alen, name);
	if (!q.done)
		ares_cancel(ch);	/* its callback runs now, on our stack */
	free(q.abuf);
	return loop;
}

/* The getaddrinfo hints of a run: the family asked for, unsorted. */
static void
hints_for(const struct resolver_opts *opts, struct ares_addrinfo_hints *hints)
{
	memset(hints, 0, sizeof *hints);
	hints->ai_family = opts->family == RESOLVER_V4 ? AF_INET :
	    opts->family == RESOLVER_V6 ? AF_INET6 : AF_UNSPEC;
	hints->ai_socktype = SOCK_STREAM;
	/*
	 * NOSORT: the RFC 6724 sort opens a UDP socket per address to find
	 * source addresses, and would reorder rows by this host's routes.
	 */
	hints->ai_flags = ARES_AI_NOSORT;
}

enum status
resolver_run(const char *name, const struct resolver_opts *opts,
    const atomic_bool *cancel, struct resolve_result *out, char *err,
    size_t errlen)
{
	struct ares_addrinfo_hints hints;
	struct gai_ctx ctx;
	struct deadline dl;
	ares_channel ch = NULL;
	char label[LABEL_MAX];
	uint64_t start = clock_ms();
	const char *reason = "error";
	size_t nserv;
	int budget, rc;
	enum status st;

	memset(out, 0, sizeof *out);
	memset(&ctx, 0, sizeof ctx);
	if (name == NULL || *name == '\0' ||
	    strlen(name) > NETADDR_HOST_MAX + 1) {
		status_set_err(err, errlen, "resolver: empty or overlong host name");
		out->reason = "bad-name";
		return ST_EINVAL;
	}
	budget = opts->timeout_ms > 0 ? opts->timeout_ms : RESOLVE_DEFAULT_MS;
	dl = deadline_in((uint64_t)budget);

	st = channel_new(opts, budget, opts->n_servers, &ch, err, errlen);
	if (st != ST_OK) {
		out->reason = "error";
		return st;
	}
	nserv = opts->n_servers;
	if (nserv == 0) {
		/* Only now do we know how many servers resolv.conf lists. */
		nserv = server_count(ch);
		if (nserv > 1) {
			ares_destroy(ch);
			st = channel_new(opts, budget, nserv, &ch, err, errlen);
			if (st != ST_OK) {
				out->reason = "error";
				return st;
			}
		}
	}
	ares_set_socket_callback(ch, sock_callback, &ctx);
	make_label(ch, opts, label, sizeof label);

	hints_for(opts, &hints);
	/* The callback may run before this returns (hosts file, literal). */
	ares_getaddrinfo(ch, name, NULL, &hints, gai_callback, &ctx);

	st = drive(ch, &ctx.done, &dl, budget, cancel, label, name, err,
	    errlen);
	if (st != ST_OK) {
		reason = st == ST_ECANCELED ? "cancelled" :
		    st == ST_ETIMEDOUT ? "timeout" : "error";
		if (st == ST_ETIMEDOUT && ctx.tcp)
			status_set_err(err, errlen, "%s: %s: timed out after %d ms "
			    "(retrying a truncated answer over TCP)", label,
			    name, budget);
		goto out;
	}

	rc = ctx.status != ARES_SUCCESS ? ctx.status : ARES_ENODATA;
	if (rc == ARES_SUCCESS || (ctx.ai != NULL && rc == ARES_ENODATA &&
	    ctx.status == ARES_SUCCESS)) {
		if (ctx.ai != NULL)
			collect(ctx.ai, out);
		if (out->n_addrs > 0) {
			cname_chain(name, ctx.ai->cnames, out);
			st = ST_OK;
			goto out;
		}
		rc = ARES_ENODATA;
	}
	if (rc == ARES_ENODATA && find_cname_loop(ch, name, &dl, cancel)) {
		status_set_err(err, errlen, "%s: %s: CNAME loop (the aliases lead "
		    "back to a name already seen)", label, name);
		reason = "cname-loop";
		st = ST_EIO;
		goto out;
	}
	reason = reason_for(rc, ctx.tcp);
	st = map_error(rc, label, name, opts, nserv, ctx.tcp,
	    clock_ms() - start, err, errlen);
out:
	/* Destroying ends any query still running; its callback sees it. */
	ares_destroy(ch);
	if (ctx.ai != NULL)
		ares_freeaddrinfo(ctx.ai);
	if (st != ST_OK) {
		resolve_result_cleanup(out);
		out->reason = reason;
	}
	return st;
}

const char *
resolver_library_version(void)
{
	return ares_version(NULL);
}
