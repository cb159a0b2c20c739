/*
 * probe_classify.c: why an OpenSSL handshake failed, as one of our
 * fail_reasons and one detail line.
 *
 * The OpenSSL backend (probe_ossl.c) hands over a failed SSL_connect: the
 * error queue, the alerts and DH size its callbacks saw, the socket BIO's
 * errno and the server's first bytes are weighed here, most telling first
 * (a server's fatal alert, then a reset, then libssl's reason code). Called
 * on the worker thread whose handshake failed, since OpenSSL's error queue
 * is per thread; no shared state.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "probe_int.h"
#include "result.h"
#include "tls_names.h"

/* "server sent fatal alert handshake_failure (40)" */
static void
alert_text(char *buf, size_t len, const char *who, int level, int desc)
{
	const char *name = tls_alert_name((uint8_t)desc);

	snprintf(buf, len, "%s %s alert %s (%d)", who,
	    level == SSL3_AL_WARNING ? "warning" : "fatal",
	    name != NULL ? name : "unknown", desc);
}

/*
 * Describes the first bytes of a server that does not speak TLS. OpenSSL
 * read only a record header (5 bytes), so whatever else has already
 * arrived is taken too, without waiting, to quote an HTTP status line.
 * Text is what the hello parser calls text (hello_parse.c): five
 * printable bytes first; its first line is quoted as received
 * (probe_fail_answered), to be escaped when displayed.
 */
static void
not_tls_detail(struct probe_result *r, BIO *bio, int fd, const char *why)
{
	unsigned char first[SOCKBIO_FIRST_MAX];
	size_t n, i, total;
	ssize_t more;
	bool text = true;

	total = sockbio_received(bio, first, sizeof first, &n);
	if (n < sizeof first) {
		more = recv(fd, first + n, sizeof first - n, MSG_DONTWAIT);
		if (more > 0)
			n += (size_t)more;
	}
	for (i = 0; i < n && i < 5; i++) {
		if ((first[i] < 0x20 || first[i] > 0x7e) && first[i] != '\t' &&
		    first[i] != '\r' && first[i] != '\n')
			text = false;
	}
	/* the first line's length */
	for (i = 0; i < n && first[i] != '\r' && first[i] != '\n'; i++)
		continue;
	/* A TLS record header (content type 20-24, version 3.x) with a
	 * length over 2^14 + 2048 is TLS broken, not another protocol
	 * (RFC 8446 §5.1, §5.2: record_overflow). */
	if (n >= 5 && first[0] >= 20 && first[0] <= 24 && first[1] == 3 &&
	    (first[3] << 8 | first[4]) > 16384 + 2048) {
		probe_set_fail(r, REASON_PROTOCOL_ERROR, "record of %d bytes, over "
		    "the TLS limit of %d (%s)", first[3] << 8 | first[4],
		    16384 + 2048, why);
		return;
	}
	if (total > 0 && text && i >= 4) {
		probe_fail_answered(r, first, n);
	} else if (n >= 4) {
		probe_set_fail(r, REASON_NOT_TLS, "not a TLS server (%s; first "
		    "bytes %02x %02x %02x %02x)", why, first[0], first[1],
		    first[2], first[3]);
	} else {
		probe_set_fail(r, REASON_NOT_TLS, "not a TLS server (%s)", why);
	}
}

/* A fatal alert the server sent: the reason it names. */
static bool
by_alert_received(struct probe_result *r, const struct probe_ossl_seen *seen)
{
	char alert[80];

	if (seen->alert_recv < 0 || seen->alert_recv_level != SSL3_AL_FATAL)
		return false;
	alert_text(alert, sizeof alert, "server sent",
	    SSL3_AL_FATAL, seen->alert_recv);
	if (seen->alert_recv == SSL_AD_PROTOCOL_VERSION)
		probe_set_fail(r, REASON_NO_SHARED_PROTOCOL, "%s: no protocol "
		    "version in common", alert);
	else if (seen->alert_recv == SSL_AD_UNRECOGNIZED_NAME &&
	    !seen->sent_sni)
		probe_set_fail(r, REASON_SNI_REQUIRED, "%s: the server needs "
		    "SNI", alert);
	else if (seen->alert_recv == SSL_AD_UNRECOGNIZED_NAME)
		probe_set_fail(r, REASON_SNI_REJECTED, "%s: the server does "
		    "not recognise the name sent", alert);
	else
		probe_set_fail(r, REASON_SERVER_ALERT, "%s", alert);
	return true;
}

/* The reasons of OpenSSL's own that say why at once; false for the rest. */
static bool
by_reason(struct probe_result *r, int reason, BIO *bio, int fd,
    unsigned long first_ssl, const char *text,
    const struct probe_ossl_seen *seen, int security_level)
{
	switch (reason) {
	case SSL_R_DH_KEY_TOO_SMALL:
		if (seen->ske_dh_bits > 0)
			probe_set_fail(r, REASON_DH_TOO_SMALL, "server DH group too "
			    "small: %d bits at security level %d",
			    seen->ske_dh_bits, security_level);
		else
			probe_set_fail(r, REASON_DH_TOO_SMALL, "server DH group too "
			    "small at security level %d", security_level);
		return true;
	case SSL_R_UNSUPPORTED_PROTOCOL:
	case SSL_R_VERSION_TOO_LOW:
	case SSL_R_NO_PROTOCOLS_AVAILABLE:
	case SSL_R_UNSUPPORTED_SSL_VERSION:
	case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
		probe_set_fail(r, REASON_NO_SHARED_PROTOCOL, "no protocol version in "
		    "common (%s)", text);
		return true;
	case SSL_R_NO_CIPHERS_AVAILABLE:
		probe_set_fail(r, REASON_NO_SHARED_CIPHER, "the profile has no suite "
		    "it may offer at security level %d", security_level);
		return true;
	case SSL_R_WRONG_VERSION_NUMBER:
	case SSL_R_PACKET_LENGTH_TOO_LONG:
	case SSL_R_HTTP_REQUEST:
	case SSL_R_HTTPS_PROXY_REQUEST:
	case SSL_R_UNKNOWN_PROTOCOL:
	case SSL_R_RECORD_LENGTH_MISMATCH:
		not_tls_detail(r, bio, fd, ERR_reason_error_string(first_ssl));
		return true;
	case SSL_R_UNEXPECTED_EOF_WHILE_READING:
		probe_set_fail(r, REASON_CLOSED, "server closed the connection "
		    "during the handshake");
		return true;
	case SSL_R_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED:
		probe_set_fail(r, REASON_LEGACY_SIGNATURE, "the server's TLS 1.0/1.1 "
		    "signature (MD5+SHA-1) is not allowed at security level %d",
		    security_level);
		return true;
	case SSL_R_NO_SHARED_SIGNATURE_ALGORITHMS:
	case SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM:
	case SSL_R_WRONG_SIGNATURE_TYPE:
		probe_set_fail(r, REASON_NO_SHARED_SIGALG, "no signature algorithm "
		    "in common (%s)", text);
		return true;
	case SSL_R_WRONG_CIPHER_RETURNED:
	case SSL_R_UNKNOWN_CIPHER_RETURNED:
	case SSL_R_BAD_KEY_SHARE:
		/* The ServerHello picked what was never offered (#15). */
		probe_set_fail(r, REASON_ILLEGAL_PARAMETER, "the server picked "
		    "what the client did not offer (%s)", text);
		return true;
	case SSL_R_UNSOLICITED_EXTENSION:
	case SSL_R_BAD_EXTENSION:
		probe_set_fail(r, REASON_PROTOCOL_ERROR, "the server sent an "
		    "extension the client did not offer (%s)", text);
		return true;
	case SSL_R_EE_KEY_TOO_SMALL:
	case SSL_R_CA_KEY_TOO_SMALL:
		probe_set_fail(r, REASON_KEY_TOO_SMALL, "certificate key too small at "
		    "security level %d", security_level);
		return true;
	case SSL_R_CA_MD_TOO_WEAK:
		probe_set_fail(r, REASON_CERT_WEAK_SIGNATURE, "certificate signature "
		    "too weak at security level %d", security_level);
		return true;
	default:
		return false;
	}
}

/* Explains a failed SSL_connect from the error queue, alerts and errno. */
void
probe_classify_fail(struct probe_result *r, BIO *bio, int fd, int sslerr,
    const struct probe_ossl_seen *seen, int security_level)
{
	unsigned long e, first = 0, first_ssl = 0;
	int reason = 0, eno = sockbio_errno(bio);
	char text[128], alert[80];

	/* This thread's queue; drain it all so the next probe starts clean. */
	while ((e = ERR_get_error()) != 0) {
		if (first == 0)
			first = e;
		if (first_ssl == 0 && ERR_GET_LIB(e) == ERR_LIB_SSL)
			first_ssl = e;
	}
	if (first_ssl != 0)
		reason = ERR_GET_REASON(first_ssl);
	text[0] = '\0';
	if (first != 0)
		ERR_error_string_n(first, text, sizeof text);

	/* A fatal alert from the server says most about why it refused. */
	if (by_alert_received(r, seen))
		return;
	if (eno == ECONNRESET || eno == EPIPE) {
		probe_set_fail(r, REASON_RESET, "connection reset by the server "
		    "during the handshake");
		return;
	}
	if (by_reason(r, reason, bio, fd, first_ssl, text, seen,
	    security_level))
		return;
	/* SSL_R_*_ALERT_* codes are an alert the info callback missed. */
	if (reason > SSL_AD_REASON_OFFSET &&
	    reason < SSL_AD_REASON_OFFSET + 256) {
		alert_text(alert, sizeof alert, "server sent", SSL3_AL_FATAL,
		    reason - SSL_AD_REASON_OFFSET);
		probe_set_fail(r, reason - SSL_AD_REASON_OFFSET ==
		    SSL_AD_PROTOCOL_VERSION ? REASON_NO_SHARED_PROTOCOL :
		    REASON_SERVER_ALERT, "%s", alert);
		if (r->alert_received < 0)
			r->alert_received = reason - SSL_AD_REASON_OFFSET;
		return;
	}
	if (sslerr == SSL_ERROR_ZERO_RETURN) {
		probe_set_fail(r, REASON_CLOSED, "server sent close_notify during the "
		    "handshake");
		return;
	}
	if (sslerr == SSL_ERROR_SYSCALL && first == 0) {
		if (eno != 0)
			probe_set_fail(r, REASON_RESET, "connection failed during the "
			    "handshake: %s", strerror(eno));
		else
			probe_set_fail(r, REASON_CLOSED, "server closed the "
			    "connection during the handshake");
		return;
	}
	/* The certificate did not decode (verification failures came
	 * through the verify callback, above). */
	if (seen->alert_sent == SSL_AD_BAD_CERTIFICATE &&
	    ERR_GET_LIB(first) == ERR_LIB_ASN1) {
		probe_set_fail(r, REASON_CERT_INVALID, "the server's certificate "
		    "does not decode (%s)", text);
		return;
	}
	if (seen->alert_sent >= 0) {
		alert_text(alert, sizeof alert, "client sent", SSL3_AL_FATAL,
		    seen->alert_sent);
		probe_set_fail(r, REASON_PROTOCOL_ERROR, "%s: %s", alert,
		    text[0] ? text : "handshake failed");
		return;
	}
	probe_set_fail(r, REASON_PROTOCOL_ERROR, "handshake failed: %s",
	    text[0] ? text : "unknown error");
}

/* Appends the profile's unplayable items to a failure's detail. */
void
probe_classify_notes(struct probe_result *r, const char *notes)
{
	size_t used = strlen(r->detail);

	if (notes[0] == '\0' || used + 8 >= sizeof r->detail)
		return;
	snprintf(r->detail + used, sizeof r->detail - used, " [%s]", notes);
}
