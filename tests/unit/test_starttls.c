/*
 * test_starttls.c: every STARTTLS protocol against a scripted fake server.
 *
 * A thread plays the server's side of a transcript on one end of a
 * socketpair: it sends the server's lines and checks that the client's
 * bytes are exactly the ones expected. Each successful transcript ends
 * with the server's last plaintext answer and the first two bytes of a
 * TLS record in one write; the test then reads those two bytes itself,
 * which proves starttls_run took nothing past the plaintext. The failure
 * transcripts check the reason, and the hostile ones (endless, huge,
 * binary, slow answers) that the run ends within its bounds with a
 * message free of control bytes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "starttls.h"
#include "../tap.h"

#define TLS_START	"\x16\x03"

/* A step of the server: send bytes, expect bytes, send bytes slowly,
 * send one chunk many times, or close. */
enum op { S, R, DRIP, REPEAT, CLOSE, END };

struct step {
	enum op		 op;
	const char	*data;
	size_t		 len;	/* 0: strlen(data) */
	unsigned	 times;	/* REPEAT */
};

struct server {
	int			 fd;
	const struct step	*steps;
	bool			 mismatch;
	char			 why[256];
};

static size_t
step_len(const struct step *st)
{
	return st->len != 0 || st->data == NULL ? st->len : strlen(st->data);
}

static bool
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static void *
serve(void *arg)
{
	struct server *sv = arg;
	const struct step *st;
	char buf[4096];
	size_t n, got, i;
	unsigned k;

	for (st = sv->steps; st->op != END; st++) {
		n = step_len(st);
		switch (st->op) {
		case S:
			if (!send_all(sv->fd, st->data, n))
				return NULL;
			break;
		case R:
			for (got = 0; got < n && got < sizeof buf; ) {
				ssize_t r = recv(sv->fd, buf + got, n - got, 0);

				if (r <= 0)
					break;
				got += (size_t)r;
			}
			if (got != n || memcmp(buf, st->data, n) != 0) {
				sv->mismatch = true;
				snprintf(sv->why, sizeof sv->why, "step %d: "
				    "got %zu bytes \"%.*s\"", (int)(st -
				    sv->steps), got, (int)got, buf);
				return NULL;
			}
			break;
		case DRIP:
			/* a byte every 20 ms: a slowloris */
			for (i = 0; i < n; i++) {
				struct timespec ts = { 0, 20 * 1000 * 1000 };

				if (!send_all(sv->fd, st->data + i, 1))
					return NULL;
				nanosleep(&ts, NULL);
			}
			break;
		case REPEAT:
			for (k = 0; k < st->times; k++)
				if (!send_all(sv->fd, st->data, n))
					return NULL;
			break;
		case CLOSE:
			shutdown(sv->fd, SHUT_RDWR);
			return NULL;
		case END:
			break;
		}
	}
	return NULL;
}

struct outcome {
	bool			ok;
	enum fail_reason	why;
	char			err[512];
	char			next[3];	/* what followed, if ok */
	bool			mismatch;
	char			mwhy[256];
	long			ms;
};

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs p against the script with a deadline of ms. */
static void
run(enum starttls_proto p, const char *host, const struct step *steps,
    int ms, struct outcome *o)
{
	struct server sv;
	struct deadline dl;
	pthread_t t;
	atomic_bool cancel = false;
	int sp[2];
	long t0;

	memset(o, 0, sizeof *o);
	memset(&sv, 0, sizeof sv);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) != 0) {
		o->why = REASON_LOCAL;
		return;
	}
	fcntl(sp[0], F_SETFL, fcntl(sp[0], F_GETFL) | O_NONBLOCK);
	sv.fd = sp[1];
	sv.steps = steps;
	pthread_create(&t, NULL, serve, &sv);
	dl = deadline_in((uint64_t)ms);
	t0 = now_ms();
	o->ok = starttls_run(sp[0], p, host, &dl, &cancel, &o->why, o->err,
	    sizeof o->err);
	o->ms = now_ms() - t0;
	if (o->ok) {
		struct pollfd pfd = { .fd = sp[0], .events = POLLIN };
		size_t got = 0;

		while (got < 2 && poll(&pfd, 1, 2000) > 0) {
			ssize_t r = recv(sp[0], o->next + got, 2 - got, 0);

			if (r <= 0)
				break;
			got += (size_t)r;
		}
	}
	close(sp[0]);
	pthread_join(t, NULL);
	close(sp[1]);
	o->mismatch = sv.mismatch;
	memcpy(o->mwhy, sv.why, sizeof o->mwhy);
}

static bool
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static void
expect_ok(const char *name, enum starttls_proto p, const char *host,
    const struct step *steps)
{
	struct outcome o;

	run(p, host, steps, 3000, &o);
	if (!ok(o.ok && o.why == REASON_NONE, "%s: TLS may start", name))
		printf("#   reason %s: %s\n", result_reason_name(o.why), o.err);
	ok(!o.mismatch, "%s: the client sent what the protocol says", name);
	if (o.mismatch)
		printf("#   %s\n", o.mwhy);
	ok(memcmp(o.next, TLS_START, 2) == 0, "%s: nothing read past the "
	    "plaintext (the TLS bytes are next)", name);
}

static void
expect_fail(const char *name, enum starttls_proto p, const struct step *steps,
    int ms, enum fail_reason want, const char *in_err)
{
	struct outcome o;

	run(p, "example.net", steps, ms, &o);
	ok(!o.ok, "%s: fails", name);
	is_str(result_reason_name(o.why), result_reason_name(want),
	    "%s: reason", name);
	if (!ok(in_err == NULL || strstr(o.err, in_err) != NULL,
	    "%s: the message says \"%s\"", name, in_err ? in_err : ""))
		printf("#   err: %s\n", o.err);
	ok(printable(o.err), "%s: the message is printable ASCII", name);
	ok(o.ms < ms + 1000, "%s: within the deadline (%ld ms)", name, o.ms);
}

#define EHLO	"EHLO tlsmatrix.invalid\r\n"

static void
test_smtp(void)
{
	static const struct step good[] = {
		{ S, "220-mail.example ESMTP\r\n220 ready\r\n", 0, 0 },
		{ R, EHLO, 0, 0 },
		{ S, "250-mail.example\r\n250-PIPELINING\r\n250-STARTTLS\r\n"
		    "250 8BITMIME\r\n", 0, 0 },
		{ R, "STARTTLS\r\n", 0, 0 },
		{ S, "220 2.0.0 Ready to start TLS\r\n" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, last[] = {
		{ S, "220 ready\n", 0, 0 },
		{ R, EHLO, 0, 0 },
		{ S, "250-mail.example\r\n250 starttls\r\n", 0, 0 },
		{ R, "STARTTLS\r\n", 0, 0 },
		{ S, "220 go\r\n" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, none[] = {
		{ S, "220 ready\r\n", 0, 0 },
		{ R, EHLO, 0, 0 },
		{ S, "250-mail.example\r\n250-STARTTLSX\r\n250 SIZE\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, noehlo[] = {
		{ S, "220 ready\r\n", 0, 0 },
		{ R, EHLO, 0, 0 },
		{ S, "502 what\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, refused[] = {
		{ S, "220 ready\r\n", 0, 0 },
		{ R, EHLO, 0, 0 },
		{ S, "250-x\r\n250 STARTTLS\r\n", 0, 0 },
		{ R, "STARTTLS\r\n", 0, 0 },
		{ S, "454 4.7.0 TLS not available due to local problem\r\n",
		    0, 0 },
		{ END, NULL, 0, 0 },
	}, busy[] = {
		{ S, "554 5.3.2 no service\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, ssh[] = {
		{ S, "SSH-2.0-OpenSSH_9.2\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("smtp", STARTTLS_SMTP, "example.net", good);
	expect_ok("smtp, bare LF and a one-line EHLO answer", STARTTLS_SMTP,
	    NULL, last);
	expect_fail("smtp without STARTTLS", STARTTLS_SMTP, none, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "does not offer STARTTLS");
	expect_fail("smtp without EHLO", STARTTLS_SMTP, noehlo, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "502 what");
	expect_fail("smtp STARTTLS 454", STARTTLS_SMTP, refused, 2000,
	    REASON_STARTTLS_REFUSED, "454 4.7.0");
	expect_fail("smtp greeting 554", STARTTLS_SMTP, busy, 2000,
	    REASON_STARTTLS_REFUSED, "554 5.3.2");
	expect_fail("smtp against SSH", STARTTLS_SMTP, ssh, 2000,
	    REASON_STARTTLS_PROTOCOL, "SSH-2.0");
}

static void
test_imap(void)
{
	static const struct step good[] = {
		{ S, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n", 0, 0 },
		{ R, "a1 CAPABILITY\r\n", 0, 0 },
		{ S, "* CAPABILITY IMAP4rev1 SASL-IR STARTTLS LOGINDISABLED\r\n"
		    "a1 OK done\r\n", 0, 0 },
		{ R, "a2 STARTTLS\r\n", 0, 0 },
		{ S, "a2 OK Begin TLS negotiation now.\r\n" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, none[] = {
		{ S, "* OK ready\r\n", 0, 0 },
		{ R, "a1 CAPABILITY\r\n", 0, 0 },
		{ S, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n",
		    0, 0 },
		{ END, NULL, 0, 0 },
	}, refused[] = {
		{ S, "* OK ready\r\n", 0, 0 },
		{ R, "a1 CAPABILITY\r\n", 0, 0 },
		{ S, "* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n", 0, 0 },
		{ R, "a2 STARTTLS\r\n", 0, 0 },
		{ S, "a2 NO [UNAVAILABLE] TLS not configured\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, bye[] = {
		{ S, "* BYE too many connections\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("imap", STARTTLS_IMAP, NULL, good);
	expect_fail("imap without STARTTLS", STARTTLS_IMAP, none, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "CAPABILITY does not list");
	expect_fail("imap STARTTLS NO", STARTTLS_IMAP, refused, 2000,
	    REASON_STARTTLS_REFUSED, "a2 NO");
	expect_fail("imap BYE", STARTTLS_IMAP, bye, 2000,
	    REASON_STARTTLS_REFUSED, "BYE too many");
}

static void
test_pop3(void)
{
	static const struct step good[] = {
		{ S, "+OK Dovecot ready.\r\n", 0, 0 },
		{ R, "CAPA\r\n", 0, 0 },
		{ S, "+OK\r\nCAPA\r\nTOP\r\nSTLS\r\nUSER\r\n.\r\n", 0, 0 },
		{ R, "STLS\r\n", 0, 0 },
		{ S, "+OK Begin TLS negotiation now.\r\n" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, none[] = {
		{ S, "+OK ready\r\n", 0, 0 },
		{ R, "CAPA\r\n", 0, 0 },
		{ S, "+OK\r\nUSER\r\n.\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, nocapa[] = {
		{ S, "+OK ready\r\n", 0, 0 },
		{ R, "CAPA\r\n", 0, 0 },
		{ S, "-ERR unknown command\r\n", 0, 0 },
		{ R, "STLS\r\n", 0, 0 },
		{ S, "-ERR unknown command\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, refused[] = {
		{ S, "+OK ready\r\n", 0, 0 },
		{ R, "CAPA\r\n", 0, 0 },
		{ S, "+OK\r\nSTLS\r\n.\r\n", 0, 0 },
		{ R, "STLS\r\n", 0, 0 },
		{ S, "-ERR TLS unavailable\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("pop3", STARTTLS_POP3, NULL, good);
	expect_fail("pop3 without STLS", STARTTLS_POP3, none, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "CAPA does not list STLS");
	expect_fail("pop3 without CAPA or STLS", STARTTLS_POP3, nocapa, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "STLS answered -ERR");
	expect_fail("pop3 STLS -ERR", STARTTLS_POP3, refused, 2000,
	    REASON_STARTTLS_REFUSED, "-ERR TLS unavailable");
}

static void
test_ftp(void)
{
	static const struct step good[] = {
		{ S, "220-Welcome\r\n to the test\r\n220 ready\r\n", 0, 0 },
		{ R, "FEAT\r\n", 0, 0 },
		{ S, "211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n"
		    "211 End\r\n", 0, 0 },
		{ R, "AUTH TLS\r\n", 0, 0 },
		{ S, "234 Proceed with negotiation.\r\n" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, nofeat[] = {
		{ S, "220 ready\r\n", 0, 0 },
		{ R, "FEAT\r\n", 0, 0 },
		{ S, "502 not implemented\r\n", 0, 0 },
		{ R, "AUTH TLS\r\n", 0, 0 },
		{ S, "234 go\r\n" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, none[] = {
		/* vsftpd with ssl_enable=NO */
		{ S, "220 (vsFTPd 3.0.3)\r\n", 0, 0 },
		{ R, "FEAT\r\n", 0, 0 },
		{ S, "211-Features:\r\n EPRT\r\n PASV\r\n211 End\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, refused[] = {
		{ S, "220 ready\r\n", 0, 0 },
		{ R, "FEAT\r\n", 0, 0 },
		{ S, "211-Features:\r\n AUTH TLS;TLS-C\r\n211 End\r\n", 0, 0 },
		{ R, "AUTH TLS\r\n", 0, 0 },
		{ S, "431 no TLS today\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("ftp", STARTTLS_FTP, NULL, good);
	expect_ok("ftp without FEAT", STARTTLS_FTP, NULL, nofeat);
	expect_fail("ftp without AUTH TLS", STARTTLS_FTP, none, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "FEAT does not list AUTH TLS");
	expect_fail("ftp AUTH TLS 431", STARTTLS_FTP, refused, 2000,
	    REASON_STARTTLS_REFUSED, "431 no TLS");
}

#define LDAP_REQ	"\x30\x1d\x02\x01\x01\x77\x18\x80\x16" \
			"1.3.6.1.4.1.1466.20037"

static void
test_ldap(void)
{
	static const struct step good[] = {
		{ R, LDAP_REQ, 31, 0 },
		{ S, "\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00"
		    TLS_START, 16, 0 },
		{ END, NULL, 0, 0 },
	}, longform[] = {
		{ R, LDAP_REQ, 31, 0 },
		{ S, "\x30\x81\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04"
		    "\x00" TLS_START, 17, 0 },
		{ END, NULL, 0, 0 },
	}, named[] = {
		/* with the responseName (RFC 4511 §4.14.2 lets a server
		 * send it; slapd 2.5 does not) */
		{ R, LDAP_REQ, 31, 0 },
		{ S, "\x30\x24\x02\x01\x01\x78\x1f\x0a\x01\x00\x04\x00\x04\x00"
		    "\x8a\x16" "1.3.6.1.4.1.1466.20037" TLS_START, 40, 0 },
		{ END, NULL, 0, 0 },
	}, unsupported[] = {
		{ R, LDAP_REQ, 31, 0 },
		{ S, "\x30\x2a\x02\x01\x01\x78\x25\x0a\x01\x02\x04\x00\x04\x1e"
		    "unsupported extended operation", 44, 0 },
		{ END, NULL, 0, 0 },
	}, refused[] = {
		{ R, LDAP_REQ, 31, 0 },
		{ S, "\x30\x15\x02\x01\x01\x78\x10\x0a\x01\x35\x04\x00\x04\x09"
		    "no\x1b[2Jway", 23, 0 },
		{ END, NULL, 0, 0 },
	}, notice[] = {
		{ R, LDAP_REQ, 31, 0 },
		{ S, "\x30\x0c\x02\x01\x00\x78\x07\x0a\x01\x34\x04\x00\x04\x00",
		    14, 0 },
		{ END, NULL, 0, 0 },
	}, text[] = {
		{ R, LDAP_REQ, 31, 0 },
		{ S, "220 mail ESMTP\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, huge[] = {
		{ R, LDAP_REQ, 31, 0 },
		{ S, "\x30\x84\xff\xff\xff\xff", 6, 0 },
		{ END, NULL, 0, 0 },
	}, inner[] = {
		/* an inner length past the message's end */
		{ R, LDAP_REQ, 31, 0 },
		{ S, "\x30\x0c\x02\x01\x01\x78\x7f\x0a\x01\x00\x04\x00\x04\x00",
		    14, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("ldap", STARTTLS_LDAP, NULL, good);
	expect_ok("ldap, long-form length", STARTTLS_LDAP, NULL, longform);
	expect_ok("ldap, with the responseName", STARTTLS_LDAP, NULL, named);
	expect_fail("ldap protocolError", STARTTLS_LDAP, unsupported, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "result 2: unsupported extended");
	expect_fail("ldap unwillingToPerform", STARTTLS_LDAP, refused, 2000,
	    REASON_STARTTLS_REFUSED, "result 53: no\\x1b[2Jway");
	expect_fail("ldap notice of disconnection", STARTTLS_LDAP, notice,
	    2000, REASON_STARTTLS_REFUSED, "disconnects");
	expect_fail("ldap against SMTP", STARTTLS_LDAP, text, 2000,
	    REASON_STARTTLS_PROTOCOL, "not an LDAP message");
	expect_fail("ldap 4 GB length", STARTTLS_LDAP, huge, 2000,
	    REASON_STARTTLS_PROTOCOL, "bytes (more than");
	expect_fail("ldap inner length too long", STARTTLS_LDAP, inner, 2000,
	    REASON_STARTTLS_PROTOCOL, "not an LDAP ExtendedResponse");
}

#define PG_REQ	"\x00\x00\x00\x08\x04\xd2\x16\x2f"

static void
test_postgres(void)
{
	static const struct step good[] = {
		{ R, PG_REQ, 8, 0 },
		{ S, "S" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, no[] = {
		{ R, PG_REQ, 8, 0 },
		{ S, "N", 0, 0 },
		{ END, NULL, 0, 0 },
	}, http[] = {
		{ R, PG_REQ, 8, 0 },
		{ S, "HTTP/1.1 400 Bad Request\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("postgres", STARTTLS_POSTGRES, NULL, good);
	expect_fail("postgres ssl = off", STARTTLS_POSTGRES, no, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "'N'");
	expect_fail("postgres against HTTP", STARTTLS_POSTGRES, http, 2000,
	    REASON_STARTTLS_PROTOCOL, "answered H");
}

/* HandshakeV10 of MariaDB 10.11 with the capability flags given (the
 * lower 16 bits at offset 4 + 1 + 22 + 4 + 8 + 1 = 40). */
#define MY_HS(lo, hi) \
	"\x43\x00\x00\x00" "\x0a" "5.5.5-10.11.6-MariaDB\0" \
	"\x05\x00\x00\x00" "abcdefgh" "\x00" lo hi "\x2d" "\x02\x00" \
	"\xff\x81" "\x15" "\0\0\0\0\0\0" "\x1d\x00\x00\x00" "ijklmnopqrst\0"
#define MY_HS_LEN	(4 + 0x43)
#define MY_REQ		"\x20\x00\x00\x01\x85\xae\x7f\x00\x00\x00\x00\x01\x21" \
			"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"

static void
test_mysql(void)
{
	static const struct step good[] = {
		{ S, MY_HS("\xfe", "\xff"), MY_HS_LEN, 0 },
		{ R, MY_REQ, 36, 0 },
		{ S, TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, nossl[] = {
		{ S, MY_HS("\xfe", "\xf7"), MY_HS_LEN, 0 },
		{ END, NULL, 0, 0 },
	}, err[] = {
		{ S, "\x27\x00\x00\x00\xff\x6a\x04" "Host '127.0.0.1' is not "
		    "allowed\x1b[31m", 43, 0 },
		{ END, NULL, 0, 0 },
	}, text[] = {
		{ S, "220 mail ESMTP\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, cut[] = {
		{ S, "\x08\x00\x00\x00\x0a" "5.7\0" "\x01\x00\x00", 12, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("mysql", STARTTLS_MYSQL, NULL, good);
	expect_fail("mysql without CLIENT_SSL", STARTTLS_MYSQL, nossl, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "no CLIENT_SSL");
	expect_fail("mysql error packet", STARTTLS_MYSQL, err, 2000,
	    REASON_STARTTLS_REFUSED, "is not allowed\\x1b[31m");
	expect_fail("mysql against SMTP", STARTTLS_MYSQL, text, 2000,
	    REASON_STARTTLS_PROTOCOL, "not a MySQL handshake");
	expect_fail("mysql handshake cut short", STARTTLS_MYSQL, cut, 2000,
	    REASON_STARTTLS_PROTOCOL, "cut short");
}

#define XMPP_OPEN(ns, extra, to) "<?xml version='1.0'?><stream:stream " \
	"xmlns='jabber:" ns "' xmlns:stream='http://etherx.jabber.org/" \
	"streams'" extra to " version='1.0'>"
#define XMPP_TLS	"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
#define XMPP_REPLY	"<?xml version='1.0'?><stream:stream xmlns:stream=" \
	"'http://etherx.jabber.org/streams' xmlns='jabber:client' id='x1' " \
	"from='example.net' version='1.0'>"

static void
test_xmpp(void)
{
	static const struct step good[] = {
		{ R, XMPP_OPEN("client", "", " to='example.net'"), 0, 0 },
		{ S, XMPP_REPLY, 0, 0 },
		{ S, "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:"
		    "xmpp-tls'><required/></starttls><mechanisms/>", 0, 0 },
		{ S, "</stream:features>", 0, 0 },
		{ R, XMPP_TLS, 0, 0 },
		{ S, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
		    TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, server[] = {
		{ R, XMPP_OPEN("server", " xmlns:db='jabber:server:dialback'",
		    " to='example.net'"), 0, 0 },
		{ S, XMPP_REPLY "<stream:features><starttls xmlns='urn:ietf:"
		    "params:xml:ns:xmpp-tls'/></stream:features>", 0, 0 },
		{ R, XMPP_TLS, 0, 0 },
		{ S, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
		    TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, none[] = {
		{ R, XMPP_OPEN("client", "", " to='example.net'"), 0, 0 },
		{ S, XMPP_REPLY "<stream:features><mechanisms/>"
		    "</stream:features>", 0, 0 },
		{ END, NULL, 0, 0 },
	}, unknown[] = {
		{ R, XMPP_OPEN("client", "", " to='example.net'"), 0, 0 },
		{ S, XMPP_REPLY "<stream:error><host-unknown xmlns='urn:ietf:"
		    "params:xml:ns:xmpp-streams'/></stream:error>", 0, 0 },
		{ END, NULL, 0, 0 },
	}, failure[] = {
		{ R, XMPP_OPEN("client", "", " to='example.net'"), 0, 0 },
		{ S, XMPP_REPLY "<stream:features><starttls xmlns='urn:ietf:"
		    "params:xml:ns:xmpp-tls'/></stream:features>", 0, 0 },
		{ R, XMPP_TLS, 0, 0 },
		{ S, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", 0,
		    0 },
		{ END, NULL, 0, 0 },
	}, text[] = {
		{ R, XMPP_OPEN("client", "", " to='example.net'"), 0, 0 },
		{ S, "HTTP/1.1 400 Bad Request\r\n\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, endless[] = {
		{ R, XMPP_OPEN("client", "", " to='example.net'"), 0, 0 },
		{ S, XMPP_REPLY "<stream:features>", 0, 0 },
		{ REPEAT, "<mechanism>PLAIN</mechanism>", 0, 2000 },
		{ END, NULL, 0, 0 },
	}, noto[] = {
		/* a name with a quote cannot go into to='', nor an IP */
		{ R, XMPP_OPEN("client", "", ""), 0, 0 },
		{ S, XMPP_REPLY "<stream:features><starttls xmlns='urn:ietf:"
		    "params:xml:ns:xmpp-tls'/></stream:features>", 0, 0 },
		{ R, XMPP_TLS, 0, 0 },
		{ S, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
		    TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("xmpp", STARTTLS_XMPP, "example.net.", good);
	expect_ok("xmpp-server", STARTTLS_XMPP_SERVER, "example.net", server);
	expect_ok("xmpp without a usable domain", STARTTLS_XMPP, "a'b", noto);
	expect_ok("xmpp to an IPv4 literal", STARTTLS_XMPP, "192.0.2.1", noto);
	expect_ok("xmpp to an IPv6 literal", STARTTLS_XMPP, "2001:db8::1",
	    noto);
	expect_fail("xmpp without <starttls/>", STARTTLS_XMPP, none, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "do not offer <starttls/>");
	expect_fail("xmpp host-unknown", STARTTLS_XMPP, unknown, 2000,
	    REASON_STARTTLS_REFUSED, "host-unknown");
	expect_fail("xmpp <failure/>", STARTTLS_XMPP, failure, 2000,
	    REASON_STARTTLS_REFUSED, "<failure/>");
	expect_fail("xmpp against HTTP", STARTTLS_XMPP, text, 2000,
	    REASON_STARTTLS_PROTOCOL, "not XMPP: HTTP/1.1");
	expect_fail("xmpp endless features", STARTTLS_XMPP, endless, 3000,
	    REASON_STARTTLS_PROTOCOL, "bytes of XML");
}

static void
test_nntp(void)
{
	static const struct step good[] = {
		{ S, "200 news.example ready\r\n", 0, 0 },
		{ R, "CAPABILITIES\r\n", 0, 0 },
		{ S, "101 Capability list:\r\nVERSION 2\r\nREADER\r\nSTARTTLS\r\n"
		    ".\r\n", 0, 0 },
		{ R, "STARTTLS\r\n", 0, 0 },
		{ S, "382 Continue with TLS negotiation\r\n" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, refused[] = {
		{ S, "201 no posting\r\n", 0, 0 },
		{ R, "CAPABILITIES\r\n", 0, 0 },
		{ S, "500 what\r\n", 0, 0 },
		{ R, "STARTTLS\r\n", 0, 0 },
		{ S, "580 Can not initiate TLS negotiation\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, none[] = {
		{ S, "200 ready\r\n", 0, 0 },
		{ R, "CAPABILITIES\r\n", 0, 0 },
		{ S, "101 list\r\nVERSION 2\r\n.\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("nntp", STARTTLS_NNTP, NULL, good);
	expect_fail("nntp 580", STARTTLS_NNTP, refused, 2000,
	    REASON_STARTTLS_REFUSED, "580 Can not");
	expect_fail("nntp without STARTTLS", STARTTLS_NNTP, none, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "CAPABILITIES does not list");
}

static void
test_sieve(void)
{
	static const struct step good[] = {
		{ S, "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n"
		    "\"SIEVE\" \"fileinto reject\"\r\n\"STARTTLS\"\r\n"
		    "\"VERSION\" \"1.0\"\r\nOK \"Dovecot ready.\"\r\n", 0, 0 },
		{ R, "STARTTLS\r\n", 0, 0 },
		{ S, "OK \"Begin TLS negotiation now.\"\r\n" TLS_START, 0, 0 },
		{ END, NULL, 0, 0 },
	}, none[] = {
		{ S, "\"IMPLEMENTATION\" \"x\"\r\nOK\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, refused[] = {
		{ S, "\"STARTTLS\"\r\nOK\r\n", 0, 0 },
		{ R, "STARTTLS\r\n", 0, 0 },
		{ S, "NO \"no certificate\"\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, text[] = {
		{ S, "* OK IMAP ready\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	};

	expect_ok("sieve", STARTTLS_SIEVE, NULL, good);
	expect_fail("sieve without STARTTLS", STARTTLS_SIEVE, none, 2000,
	    REASON_STARTTLS_UNSUPPORTED, "do not list STARTTLS");
	expect_fail("sieve STARTTLS NO", STARTTLS_SIEVE, refused, 2000,
	    REASON_STARTTLS_REFUSED, "no certificate");
	expect_fail("sieve against IMAP", STARTTLS_SIEVE, text, 2000,
	    REASON_STARTTLS_PROTOCOL, "not a ManageSieve answer");
}

/* Hostile servers: each ends in its bound with a printable message. */
static void
test_hostile(void)
{
	static char huge[5000];
	static const struct step lines[] = {
		{ REPEAT, "220-hello\r\n", 0, 5000 },
		{ END, NULL, 0, 0 },
	}, bytes[] = {
		{ REPEAT, "220-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "\r\n", 0, 1000 },
		{ END, NULL, 0, 0 },
	}, binary[] = {
		{ S, "\x1b[2J\x1b]0;pwned\x07\x9b" "31m\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, slow[] = {
		{ DRIP, "220-slowly, one byte at a time, forever and ever and "
		    "ever and ever and ever and ever and ever\r\n", 0, 0 },
		{ END, NULL, 0, 0 },
	}, silent[] = {
		{ R, "x", 0, 0 },	/* waits for what never comes */
		{ END, NULL, 0, 0 },
	}, closed[] = {
		{ S, "220 ready\r\n", 0, 0 },
		{ R, EHLO, 0, 0 },
		{ CLOSE, NULL, 0, 0 },
	};
	struct step big[] = {
		{ S, huge, sizeof huge, 0 },
		{ END, NULL, 0, 0 },
	};

	memset(huge, 'A', sizeof huge);
	memcpy(huge, "220 ", 4);
	expect_fail("endless lines", STARTTLS_SMTP, lines, 3000,
	    REASON_STARTTLS_PROTOCOL, "more than 256 lines");
	expect_fail("too many bytes", STARTTLS_SMTP, bytes, 3000,
	    REASON_STARTTLS_PROTOCOL, "more than 65536 bytes");
	expect_fail("a huge line", STARTTLS_SMTP, big, 3000,
	    REASON_STARTTLS_PROTOCOL, "a line longer than 2048 bytes");
	expect_fail("terminal escapes", STARTTLS_SMTP, binary, 2000,
	    REASON_STARTTLS_PROTOCOL, "\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m");
	expect_fail("slowloris", STARTTLS_SMTP, slow, 400, REASON_TIMEOUT,
	    "before the deadline");
	expect_fail("silent (a direct TLS port)", STARTTLS_IMAP, silent, 300,
	    REASON_TIMEOUT, "try --starttls none");
	expect_fail("closed after the greeting", STARTTLS_SMTP, closed, 2000,
	    REASON_CLOSED, "closed the connection (waiting for the answer "
	    "to EHLO)");
}

static void
test_names(void)
{
	enum starttls_proto p = STARTTLS_NONE;

	is_int(starttls_for_port(25), STARTTLS_SMTP, "25 is smtp");
	is_int(starttls_for_port(587), STARTTLS_SMTP, "587 is smtp");
	is_int(starttls_for_port(143), STARTTLS_IMAP, "143 is imap");
	is_int(starttls_for_port(110), STARTTLS_POP3, "110 is pop3");
	is_int(starttls_for_port(21), STARTTLS_FTP, "21 is ftp");
	is_int(starttls_for_port(389), STARTTLS_LDAP, "389 is ldap");
	is_int(starttls_for_port(5432), STARTTLS_POSTGRES, "5432 is postgres");
	is_int(starttls_for_port(3306), STARTTLS_MYSQL, "3306 is mysql");
	is_int(starttls_for_port(5222), STARTTLS_XMPP, "5222 is xmpp");
	is_int(starttls_for_port(5269), STARTTLS_XMPP_SERVER,
	    "5269 is xmpp-server");
	is_int(starttls_for_port(119), STARTTLS_NNTP, "119 is nntp");
	is_int(starttls_for_port(4190), STARTTLS_SIEVE, "4190 is sieve");
	is_int(starttls_for_port(443), STARTTLS_NONE, "443 is direct TLS");
	is_int(starttls_for_port(465), STARTTLS_NONE, "465 is direct TLS");
	is_int(starttls_effective(STARTTLS_AUTO, 25), STARTTLS_SMTP,
	    "auto on 25: smtp");
	is_int(starttls_effective(STARTTLS_NONE, 25), STARTTLS_NONE,
	    "none on 25: direct TLS");
	is_int(starttls_effective(STARTTLS_IMAP, 443), STARTTLS_IMAP,
	    "a chosen protocol on any port");
	ok(starttls_parse("XMPP-Server", &p) && p == STARTTLS_XMPP_SERVER,
	    "names parse case-insensitively");
	ok(!starttls_parse("smtps", &p), "smtps is no STARTTLS protocol");
	is_str(starttls_name(STARTTLS_POSTGRES), "postgres", "name");
	is_str(result_reason_name(REASON_STARTTLS_UNSUPPORTED),
	    "starttls-unsupported", "reason name");
	is_str(result_reason_name(REASON_STARTTLS_REFUSED),
	    "starttls-refused", "reason name");
	is_str(result_reason_name(REASON_STARTTLS_PROTOCOL),
	    "starttls-protocol", "reason name");
}

static void
test_cancel(void)
{
	static const struct step silent[] = {
		{ R, "x", 0, 0 },
		{ END, NULL, 0, 0 },
	};
	struct deadline dl = deadline_in(5000);
	atomic_bool cancel = true;
	enum fail_reason why;
	char err[256];
	struct server sv = { .steps = silent };
	pthread_t t;
	int sp[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) != 0) {
		ok(false, "socketpair");
		return;
	}
	fcntl(sp[0], F_SETFL, fcntl(sp[0], F_GETFL) | O_NONBLOCK);
	sv.fd = sp[1];
	pthread_create(&t, NULL, serve, &sv);
	ok(!starttls_run(sp[0], STARTTLS_SMTP, NULL, &dl, &cancel, &why, err,
	    sizeof err) && why == REASON_LOCAL && strstr(err, "cancelled"),
	    "a set cancel flag ends the exchange");
	close(sp[0]);
	pthread_join(t, NULL);
	close(sp[1]);
	ok(starttls_run(-1, STARTTLS_NONE, NULL, &dl, NULL, &why, err,
	    sizeof err) && why == REASON_NONE, "none does nothing");
}

int
main(void)
{
	test_names();
	test_smtp();
	test_imap();
	test_pop3();
	test_ftp();
	test_ldap();
	test_postgres();
	test_mysql();
	test_xmpp();
	test_nntp();
	test_sieve();
	test_hostile();
	test_cancel();
	return tap_done();
}
