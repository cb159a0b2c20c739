/*
 * result.c: names and phrases for probe outcomes (see result.h).
 * Pure; any thread. The machine names are the JSON `reason` values and are
 * a stable interface: change a phrase freely, never a name.
 */
#include "config.h"

#include <string.h>

#include "result.h"

static const struct {
	const char	*name;
	const char	*text;
} reasons[] = {
	[REASON_NONE]			= { "", "" },
	[REASON_NO_SHARED_CIPHER]	= { "no-shared-cipher",
	    "no cipher suite in common" },
	[REASON_NO_SHARED_PROTOCOL]	= { "no-shared-protocol",
	    "no protocol version in common" },
	[REASON_NO_SHARED_GROUP]	= { "no-shared-group",
	    "no key exchange group in common" },
	[REASON_NO_SHARED_SIGALG]	= { "no-shared-sigalg",
	    "no signature algorithm in common" },
	[REASON_LEGACY_SIGNATURE]	= { "legacy-signature",
	    "the handshake signature uses a hash the client refuses" },
	[REASON_DH_TOO_SMALL]		= { "dh-too-small",
	    "the server's DH group is smaller than the client accepts" },
	[REASON_KEY_TOO_SMALL]		= { "key-too-small",
	    "a certificate key is smaller than the client accepts" },
	[REASON_CERT_UNTRUSTED]		= { "cert-untrusted",
	    "the certificate chain does not lead to a trusted root" },
	[REASON_CERT_EXPIRED]		= { "cert-expired",
	    "the certificate has expired" },
	[REASON_CERT_NOT_YET_VALID]	= { "cert-not-yet-valid",
	    "the certificate is not valid yet" },
	[REASON_CERT_HOSTNAME]		= { "cert-hostname",
	    "the certificate does not name this host" },
	[REASON_CERT_WEAK_SIGNATURE]	= { "cert-weak-signature",
	    "a certificate is signed with a hash the client refuses" },
	[REASON_CERT_STRICT]		= { "cert-strict",
	    "the certificate breaks a strict X.509 rule the client enforces" },
	[REASON_CERT_INVALID]		= { "cert-invalid",
	    "the certificate failed verification" },
	[REASON_SNI_REQUIRED]		= { "sni-required",
	    "the server needs SNI, which this client does not send here" },
	[REASON_SERVER_ALERT]		= { "server-alert",
	    "the server refused the handshake with an alert" },
	[REASON_REFUSED]		= { "refused",
	    "the TCP connection was refused" },
	[REASON_TIMEOUT]		= { "timeout",
	    "no answer before the deadline" },
	[REASON_RESET]			= { "reset",
	    "the connection was reset" },
	[REASON_CLOSED]			= { "closed",
	    "the server closed the connection without an alert" },
	[REASON_NOT_TLS]		= { "not-tls",
	    "the server does not speak TLS on this port" },
	[REASON_UNREACHABLE]		= { "unreachable",
	    "the address cannot be reached" },
	[REASON_PROTOCOL_ERROR]		= { "protocol-error",
	    "the server broke the TLS protocol" },
	[REASON_LOCAL]			= { "local-error",
	    "tlsmatrix could not run this probe" },
	[REASON_CERT_EKU]		= { "cert-eku",
	    "the certificate is not valid for server authentication" },
	[REASON_MESSAGE_TOO_LARGE]	= { "message-too-large",
	    "a handshake message is larger than the client accepts" },
	[REASON_SNI_REJECTED]		= { "sni-rejected",
	    "the server does not recognise the name sent (SNI)" },
	[REASON_ILLEGAL_PARAMETER]	= { "illegal-parameter",
	    "the server picked something the client never offered" },
	[REASON_CLIENT_CERT_REQUIRED]	= { "client-cert-required",
	    "the server requires a client certificate" },
	[REASON_PROXY_UNREACHABLE]	= { "proxy-unreachable",
	    "the proxy (--proxy) cannot be reached" },
	[REASON_PROXY_REFUSED]		= { "proxy-refused",
	    "the proxy refused to open a tunnel to this address" },
	[REASON_PROXY_AUTH]		= { "proxy-auth",
	    "the proxy wants credentials, or refused the ones given" },
	[REASON_PROXY_PROTOCOL]		= { "proxy-protocol",
	    "the proxy's answer is not HTTP CONNECT or SOCKS5" },
	[REASON_STARTTLS_UNSUPPORTED]	= { "starttls-unsupported",
	    "the service does not offer STARTTLS" },
	[REASON_STARTTLS_REFUSED]	= { "starttls-refused",
	    "the service refused to start TLS" },
	[REASON_STARTTLS_PROTOCOL]	= { "starttls-protocol",
	    "the service does not speak the STARTTLS protocol chosen" },
};

const char *
result_reason_name(enum fail_reason r)
{
	if ((size_t)r >= sizeof reasons / sizeof reasons[0] ||
	    reasons[r].name == NULL)
		return "unknown";
	return reasons[r].name;
}

const char *
result_reason_text(enum fail_reason r)
{
	if ((size_t)r >= sizeof reasons / sizeof reasons[0] ||
	    reasons[r].text == NULL)
		return "unknown failure";
	return reasons[r].text;
}

void
result_init(struct probe_result *r)
{
	memset(r, 0, sizeof *r);
	r->outcome = PROBE_ERROR;
	r->reason = REASON_LOCAL;
	r->method = "none";
	r->alert_received = -1;
	r->alert_sent = -1;
	r->client_auth.alert = -1;
}
