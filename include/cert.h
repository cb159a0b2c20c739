/*
 * cert.h: a certificate, summarised as plain text fields.
 *
 * Takes DER bytes (from a handshake, from a file, from the raw parser
 * later) and fills a struct cert_summary (result.h). Pure apart from the
 * OpenSSL decoder; any thread.
 */
#ifndef TLSMATRIX_CERT_H
#define TLSMATRIX_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "status.h"

/* Fills out from one DER certificate; ST_EPARSE if it does not decode. */
enum status	cert_summary_from_der(const uint8_t *der, size_t len,
		    struct cert_summary *out);
/* A DER DistinguishedName (a CertificateRequest's CA, RFC 5246 §7.4.4)
 * as one line, as cert_summary names it; ST_EPARSE if it does not
 * decode. */
enum status	cert_name_from_der(const uint8_t *der, size_t len, char *buf,
		    size_t buflen);

#endif
