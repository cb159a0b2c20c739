/*
 * test_tls_names.c: the static IANA tables of tls_names.c.
 *
 * Checks every table for order and duplicates, the round trips code ->
 * name -> code, the OpenSSL names against a golden list taken from this
 * machine's `openssl ciphers -V -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'`
 * (OpenSSL 3.0.19), the classification used to explain failures, GREASE,
 * and the spellings tls_version_parse accepts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "tls_names.h"

/* `openssl ciphers -V -stdname` of OpenSSL 3.0.19: code, IANA, OpenSSL. */
static const struct {
	uint16_t	 code;
	const char	*iana;
	const char	*openssl;
} golden[] = {
	{ 0x0001, "TLS_RSA_WITH_NULL_MD5", "NULL-MD5" },
	{ 0x0002, "TLS_RSA_WITH_NULL_SHA", "NULL-SHA" },
	{ 0x002C, "TLS_PSK_WITH_NULL_SHA", "PSK-NULL-SHA" },
	{ 0x002D, "TLS_DHE_PSK_WITH_NULL_SHA", "DHE-PSK-NULL-SHA" },
	{ 0x002E, "TLS_RSA_PSK_WITH_NULL_SHA", "RSA-PSK-NULL-SHA" },
	{ 0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA" },
	{ 0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", "DHE-DSS-AES128-SHA" },
	{ 0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA" },
	{ 0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", "ADH-AES128-SHA" },
	{ 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA" },
	{ 0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", "DHE-DSS-AES256-SHA" },
	{ 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA" },
	{ 0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA", "ADH-AES256-SHA" },
	{ 0x003B, "TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256" },
	{ 0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256" },
	{ 0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256" },
	{ 0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
	    "DHE-DSS-AES128-SHA256" },
	{ 0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", "CAMELLIA128-SHA" },
	{ 0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA",
	    "DHE-DSS-CAMELLIA128-SHA" },
	{ 0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA",
	    "DHE-RSA-CAMELLIA128-SHA" },
	{ 0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA",
	    "ADH-CAMELLIA128-SHA" },
	{ 0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
	    "DHE-RSA-AES128-SHA256" },
	{ 0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
	    "DHE-DSS-AES256-SHA256" },
	{ 0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
	    "DHE-RSA-AES256-SHA256" },
	{ 0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", "ADH-AES128-SHA256" },
	{ 0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", "ADH-AES256-SHA256" },
	{ 0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "CAMELLIA256-SHA" },
	{ 0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA",
	    "DHE-DSS-CAMELLIA256-SHA" },
	{ 0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",
	    "DHE-RSA-CAMELLIA256-SHA" },
	{ 0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA",
	    "ADH-CAMELLIA256-SHA" },
	{ 0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA", "PSK-AES128-CBC-SHA" },
	{ 0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA", "PSK-AES256-CBC-SHA" },
	{ 0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA",
	    "DHE-PSK-AES128-CBC-SHA" },
	{ 0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA",
	    "DHE-PSK-AES256-CBC-SHA" },
	{ 0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA",
	    "RSA-PSK-AES128-CBC-SHA" },
	{ 0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA",
	    "RSA-PSK-AES256-CBC-SHA" },
	{ 0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256" },
	{ 0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384" },
	{ 0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
	    "DHE-RSA-AES128-GCM-SHA256" },
	{ 0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
	    "DHE-RSA-AES256-GCM-SHA384" },
	{ 0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
	    "DHE-DSS-AES128-GCM-SHA256" },
	{ 0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
	    "DHE-DSS-AES256-GCM-SHA384" },
	{ 0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
	    "ADH-AES128-GCM-SHA256" },
	{ 0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
	    "ADH-AES256-GCM-SHA384" },
	{ 0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256" },
	{ 0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384" },
	{ 0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256",
	    "DHE-PSK-AES128-GCM-SHA256" },
	{ 0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384",
	    "DHE-PSK-AES256-GCM-SHA384" },
	{ 0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256",
	    "RSA-PSK-AES128-GCM-SHA256" },
	{ 0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384",
	    "RSA-PSK-AES256-GCM-SHA384" },
	{ 0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256", "PSK-AES128-CBC-SHA256" },
	{ 0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384", "PSK-AES256-CBC-SHA384" },
	{ 0x00B0, "TLS_PSK_WITH_NULL_SHA256", "PSK-NULL-SHA256" },
	{ 0x00B1, "TLS_PSK_WITH_NULL_SHA384", "PSK-NULL-SHA384" },
	{ 0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256",
	    "DHE-PSK-AES128-CBC-SHA256" },
	{ 0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384",
	    "DHE-PSK-AES256-CBC-SHA384" },
	{ 0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256", "DHE-PSK-NULL-SHA256" },
	{ 0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384", "DHE-PSK-NULL-SHA384" },
	{ 0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256",
	    "RSA-PSK-AES128-CBC-SHA256" },
	{ 0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384",
	    "RSA-PSK-AES256-CBC-SHA384" },
	{ 0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256", "RSA-PSK-NULL-SHA256" },
	{ 0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384", "RSA-PSK-NULL-SHA384" },
	{ 0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256",
	    "CAMELLIA128-SHA256" },
	{ 0x00BD, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256",
	    "DHE-DSS-CAMELLIA128-SHA256" },
	{ 0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
	    "DHE-RSA-CAMELLIA128-SHA256" },
	{ 0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256",
	    "ADH-CAMELLIA128-SHA256" },
	{ 0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256",
	    "CAMELLIA256-SHA256" },
	{ 0x00C3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256",
	    "DHE-DSS-CAMELLIA256-SHA256" },
	{ 0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256",
	    "DHE-RSA-CAMELLIA256-SHA256" },
	{ 0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256",
	    "ADH-CAMELLIA256-SHA256" },
	{ 0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256" },
	{ 0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384" },
	{ 0x1303, "TLS_CHACHA20_POLY1305_SHA256",
	    "TLS_CHACHA20_POLY1305_SHA256" },
	{ 0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE-ECDSA-NULL-SHA" },
	{ 0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
	    "ECDHE-ECDSA-AES128-SHA" },
	{ 0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
	    "ECDHE-ECDSA-AES256-SHA" },
	{ 0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE-RSA-NULL-SHA" },
	{ 0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
	    "ECDHE-RSA-AES128-SHA" },
	{ 0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
	    "ECDHE-RSA-AES256-SHA" },
	{ 0xC015, "TLS_ECDH_anon_WITH_NULL_SHA", "AECDH-NULL-SHA" },
	{ 0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "AECDH-AES128-SHA" },
	{ 0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", "AECDH-AES256-SHA" },
	{ 0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", "SRP-AES-128-CBC-SHA" },
	{ 0xC01E, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA",
	    "SRP-RSA-AES-128-CBC-SHA" },
	{ 0xC01F, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA",
	    "SRP-DSS-AES-128-CBC-SHA" },
	{ 0xC020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", "SRP-AES-256-CBC-SHA" },
	{ 0xC021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA",
	    "SRP-RSA-AES-256-CBC-SHA" },
	{ 0xC022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA",
	    "SRP-DSS-AES-256-CBC-SHA" },
	{ 0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
	    "ECDHE-ECDSA-AES128-SHA256" },
	{ 0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
	    "ECDHE-ECDSA-AES256-SHA384" },
	{ 0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
	    "ECDHE-RSA-AES128-SHA256" },
	{ 0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
	    "ECDHE-RSA-AES256-SHA384" },
	{ 0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
	    "ECDHE-ECDSA-AES128-GCM-SHA256" },
	{ 0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
	    "ECDHE-ECDSA-AES256-GCM-SHA384" },
	{ 0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	    "ECDHE-RSA-AES128-GCM-SHA256" },
	{ 0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
	    "ECDHE-RSA-AES256-GCM-SHA384" },
	{ 0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA",
	    "ECDHE-PSK-AES128-CBC-SHA" },
	{ 0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA",
	    "ECDHE-PSK-AES256-CBC-SHA" },
	{ 0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
	    "ECDHE-PSK-AES128-CBC-SHA256" },
	{ 0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384",
	    "ECDHE-PSK-AES256-CBC-SHA384" },
	{ 0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA", "ECDHE-PSK-NULL-SHA" },
	{ 0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256", "ECDHE-PSK-NULL-SHA256" },
	{ 0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384", "ECDHE-PSK-NULL-SHA384" },
	{ 0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", "ARIA128-GCM-SHA256" },
	{ 0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", "ARIA256-GCM-SHA384" },
	{ 0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256",
	    "DHE-RSA-ARIA128-GCM-SHA256" },
	{ 0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384",
	    "DHE-RSA-ARIA256-GCM-SHA384" },
	{ 0xC056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256",
	    "DHE-DSS-ARIA128-GCM-SHA256" },
	{ 0xC057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384",
	    "DHE-DSS-ARIA256-GCM-SHA384" },
	{ 0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256",
	    "ECDHE-ECDSA-ARIA128-GCM-SHA256" },
	{ 0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384",
	    "ECDHE-ECDSA-ARIA256-GCM-SHA384" },
	{ 0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256",
	    "ECDHE-ARIA128-GCM-SHA256" },
	{ 0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",
	    "ECDHE-ARIA256-GCM-SHA384" },
	{ 0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256",
	    "PSK-ARIA128-GCM-SHA256" },
	{ 0xC06B, "TLS_PSK_WITH_ARIA_256_GCM_SHA384",
	    "PSK-ARIA256-GCM-SHA384" },
	{ 0xC06C, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256",
	    "DHE-PSK-ARIA128-GCM-SHA256" },
	{ 0xC06D, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384",
	    "DHE-PSK-ARIA256-GCM-SHA384" },
	{ 0xC06E, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256",
	    "RSA-PSK-ARIA128-GCM-SHA256" },
	{ 0xC06F, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384",
	    "RSA-PSK-ARIA256-GCM-SHA384" },
	{ 0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256",
	    "ECDHE-ECDSA-CAMELLIA128-SHA256" },
	{ 0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384",
	    "ECDHE-ECDSA-CAMELLIA256-SHA384" },
	{ 0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
	    "ECDHE-RSA-CAMELLIA128-SHA256" },
	{ 0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384",
	    "ECDHE-RSA-CAMELLIA256-SHA384" },
	{ 0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256",
	    "PSK-CAMELLIA128-SHA256" },
	{ 0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384",
	    "PSK-CAMELLIA256-SHA384" },
	{ 0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256",
	    "DHE-PSK-CAMELLIA128-SHA256" },
	{ 0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384",
	    "DHE-PSK-CAMELLIA256-SHA384" },
	{ 0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256",
	    "RSA-PSK-CAMELLIA128-SHA256" },
	{ 0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384",
	    "RSA-PSK-CAMELLIA256-SHA384" },
	{ 0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256",
	    "ECDHE-PSK-CAMELLIA128-SHA256" },
	{ 0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384",
	    "ECDHE-PSK-CAMELLIA256-SHA384" },
	{ 0xC09C, "TLS_RSA_WITH_AES_128_CCM", "AES128-CCM" },
	{ 0xC09D, "TLS_RSA_WITH_AES_256_CCM", "AES256-CCM" },
	{ 0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM" },
	{ 0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM" },
	{ 0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", "AES128-CCM8" },
	{ 0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", "AES256-CCM8" },
	{ 0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", "DHE-RSA-AES128-CCM8" },
	{ 0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", "DHE-RSA-AES256-CCM8" },
	{ 0xC0A4, "TLS_PSK_WITH_AES_128_CCM", "PSK-AES128-CCM" },
	{ 0xC0A5, "TLS_PSK_WITH_AES_256_CCM", "PSK-AES256-CCM" },
	{ 0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM", "DHE-PSK-AES128-CCM" },
	{ 0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM", "DHE-PSK-AES256-CCM" },
	{ 0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8", "PSK-AES128-CCM8" },
	{ 0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8", "PSK-AES256-CCM8" },
	{ 0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE-PSK-AES128-CCM8" },
	{ 0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8", "DHE-PSK-AES256-CCM8" },
	{ 0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
	    "ECDHE-ECDSA-AES128-CCM" },
	{ 0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
	    "ECDHE-ECDSA-AES256-CCM" },
	{ 0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
	    "ECDHE-ECDSA-AES128-CCM8" },
	{ 0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
	    "ECDHE-ECDSA-AES256-CCM8" },
	{ 0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
	    "ECDHE-RSA-CHACHA20-POLY1305" },
	{ 0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
	    "ECDHE-ECDSA-CHACHA20-POLY1305" },
	{ 0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
	    "DHE-RSA-CHACHA20-POLY1305" },
	{ 0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",
	    "PSK-CHACHA20-POLY1305" },
	{ 0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
	    "ECDHE-PSK-CHACHA20-POLY1305" },
	{ 0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
	    "DHE-PSK-CHACHA20-POLY1305" },
	{ 0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256",
	    "RSA-PSK-CHACHA20-POLY1305" },
};

/* Every suite in the decoded captures of shared/reference/client-hellos
 * and the appendix of client-defaults.md, GREASE aside. */
static const uint16_t captured[] = {
	0x000A, 0x002F, 0x0032, 0x0033, 0x0035, 0x0038, 0x0039, 0x003C,
	0x003D, 0x0040, 0x0041, 0x0044, 0x0045, 0x0067, 0x006A, 0x006B,
	0x0084, 0x0087, 0x0088, 0x009C, 0x009D, 0x009E, 0x009F, 0x00A2,
	0x00A3, 0x00BA, 0x00BD, 0x00BE, 0x00C0, 0x00C3, 0x00C4, 0x00FF,
	0x1301, 0x1302, 0x1303, 0x1304, 0xC009, 0xC00A, 0xC012, 0xC013,
	0xC014, 0xC023, 0xC024, 0xC027, 0xC028, 0xC02B, 0xC02C, 0xC02F,
	0xC030, 0xC050, 0xC051, 0xC052, 0xC053, 0xC056, 0xC057, 0xC05C,
	0xC05D, 0xC060, 0xC061, 0xC072, 0xC073, 0xC076, 0xC077, 0xC09C,
	0xC09D, 0xC09E, 0xC09F, 0xC0A0, 0xC0A1, 0xC0A2, 0xC0A3, 0xC0AC,
	0xC0AD, 0xC0AE, 0xC0AF, 0xCCA8, 0xCCA9, 0xCCAA,};

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static void
test_tables(void)
{
	char err[128] = "";
	const struct tls_suite *t, *s;
	size_t n, i, bad;
	unsigned c;

	ok(tls_names_check(err, sizeof err), "tables sorted, no duplicates");
	if (err[0] != '\0')
		tap_diag(err);

	t = tls_suites(&n);
	ok(n >= 340, "suite table has %zu entries", n);
	bad = 0;
	for (i = 0; i < n; i++) {
		if (tls_suite_by_code(t[i].code) != &t[i] ||
		    tls_suite_by_name(t[i].iana) != &t[i] ||
		    strcmp(tls_suite_name(t[i].code), t[i].iana) != 0 ||
		    (t[i].openssl != NULL &&
		    tls_suite_by_name(t[i].openssl) != &t[i]) ||
		    t[i].cipher == NULL || strncmp(t[i].iana, "TLS_", 4) != 0)
			bad++;
	}
	is_int(bad, 0, "every suite round-trips code <-> IANA <-> OpenSSL");

	/* The binary search agrees with a linear scan for every code. */
	bad = 0;
	for (c = 0; c <= 0xffff; c++) {
		s = NULL;
		for (i = 0; i < n; i++) {
			if (t[i].code == c)
				s = &t[i];
		}
		if (tls_suite_by_code((uint16_t)c) != s)
			bad++;
	}
	is_int(bad, 0, "tls_suite_by_code matches a linear scan");
	ok(tls_suite_by_code(0x0047) == NULL, "reserved 0x0047 unknown");
	ok(tls_suite_by_code(0xffff) == NULL, "0xffff unknown");
	ok(tls_suite_by_name("TLS_NO_SUCH_SUITE") == NULL, "unknown name");
	ok(tls_suite_by_name("aes256-sha") == NULL, "names are case-sensitive");
	ok(tls_suite_by_name(NULL) == NULL, "NULL name");
}

static void
test_openssl_names(void)
{
	const struct tls_suite *s;
	size_t i, bad = 0;

	for (i = 0; i < NELEM(golden); i++) {
		s = tls_suite_by_code(golden[i].code);
		if (s == NULL || strcmp(s->iana, golden[i].iana) != 0 ||
		    s->openssl == NULL ||
		    strcmp(s->openssl, golden[i].openssl) != 0) {
			printf("# 0x%04x %s %s\n", golden[i].code,
			    golden[i].iana, golden[i].openssl);
			bad++;
		}
	}
	is_int(bad, 0, "%zu suites match openssl ciphers -stdname",
	    NELEM(golden));

	bad = 0;
	for (i = 0; i < NELEM(captured); i++) {
		if (tls_suite_by_code(captured[i]) == NULL)
			bad++;
	}
	is_int(bad, 0, "all %zu captured suites are known", NELEM(captured));

	/* The incident: the only suites the backend offers. */
	is_str(tls_suite_by_code(0x0035)->openssl, "AES256-SHA", "0x0035");
	is_str(tls_suite_by_code(0x002f)->openssl, "AES128-SHA", "0x002F");
	is_str(tls_suite_by_code(0xc028)->openssl, "ECDHE-RSA-AES256-SHA384",
	    "0xC028");
	is_str(tls_suite_by_code(0xc013)->openssl, "ECDHE-RSA-AES128-SHA",
	    "0xC013");
	is_str(tls_suite_name(0x0035), "TLS_RSA_WITH_AES_256_CBC_SHA",
	    "0x0035 IANA name");
	is_int(tls_suite_by_name("AES128-SHA")->code, 0x002f,
	    "AES128-SHA -> 0x002F");
	is_str(tls_suite_by_code(0x1301)->openssl, "TLS_AES_128_GCM_SHA256",
	    "TLS 1.3 suites use the IANA name in OpenSSL");
	is_str(tls_suite_by_code(0x1305)->openssl, "TLS_AES_128_CCM_8_SHA256",
	    "0x1305 OpenSSL name");
	ok(tls_suite_by_code(0xc07a)->openssl == NULL,
	    "CAMELLIA-GCM has no OpenSSL name");
}

static void
test_classification(void)
{
	const struct tls_suite *s;
	unsigned c;
	size_t i, n, bad;

	s = tls_suite_by_code(0x0035);
	is_int(s->kx, TLS_KX_RSA, "0x0035 kx RSA");
	is_int(s->auth, TLS_AUTH_RSA, "0x0035 auth RSA");
	is_int(s->mac, TLS_MAC_SHA1, "0x0035 mac SHA1");
	is_str(s->cipher, "AES_256_CBC", "0x0035 cipher");
	ok(!s->tls13, "0x0035 not TLS 1.3");

	s = tls_suite_by_code(0xc013);
	ok(s->kx == TLS_KX_ECDHE && s->auth == TLS_AUTH_RSA &&
	    s->mac == TLS_MAC_SHA1, "0xC013 ECDHE RSA SHA1");
	s = tls_suite_by_code(0xc028);
	ok(s->kx == TLS_KX_ECDHE && s->mac == TLS_MAC_SHA384,
	    "0xC028 ECDHE SHA384");
	s = tls_suite_by_code(0xc02c);
	ok(s->kx == TLS_KX_ECDHE && s->auth == TLS_AUTH_ECDSA &&
	    s->mac == TLS_MAC_AEAD && strcmp(s->cipher, "AES_256_GCM") == 0,
	    "0xC02C ECDHE ECDSA AEAD AES_256_GCM");
	s = tls_suite_by_code(0x009f);
	ok(s->kx == TLS_KX_DHE && s->auth == TLS_AUTH_RSA, "0x009F DHE RSA");
	s = tls_suite_by_code(0xcca8);
	ok(s->mac == TLS_MAC_AEAD &&
	    strcmp(s->cipher, "CHACHA20_POLY1305") == 0, "0xCCA8 ChaCha20");
	s = tls_suite_by_code(0x00a7);
	ok(s->kx == TLS_KX_ANON && s->auth == TLS_AUTH_NONE, "0x00A7 anon");
	s = tls_suite_by_code(0xc0ac);
	ok(s->mac == TLS_MAC_AEAD && strcmp(s->cipher, "AES_128_CCM") == 0,
	    "0xC0AC CCM is AEAD");
	s = tls_suite_by_code(0x000a);
	is_str(s->cipher, "3DES_EDE_CBC", "0x000A 3DES");
	s = tls_suite_by_code(0x0005);
	ok(s->mac == TLS_MAC_SHA1 && strcmp(s->cipher, "RC4_128") == 0,
	    "0x0005 RC4 SHA1");
	s = tls_suite_by_code(0x0003);
	ok(s->kx == TLS_KX_RSA && s->mac == TLS_MAC_MD5 &&
	    strcmp(s->cipher, "RC4_40") == 0, "0x0003 export RC4-40 MD5");
	s = tls_suite_by_code(0x0001);
	ok(s->mac == TLS_MAC_MD5 && strcmp(s->cipher, "NULL") == 0,
	    "0x0001 NULL-MD5");
	s = tls_suite_by_code(0x00ae);
	ok(s->kx == TLS_KX_PSK && s->auth == TLS_AUTH_PSK, "0x00AE PSK");
	s = tls_suite_by_code(0xc01e);
	ok(s->kx == TLS_KX_SRP && s->auth == TLS_AUTH_RSA, "0xC01E SRP-RSA");
	s = tls_suite_by_code(0xc025);
	ok(s->kx == TLS_KX_ECDH && s->auth == TLS_AUTH_ECDSA,
	    "0xC025 static ECDH");
	s = tls_suite_by_code(0x0030);
	ok(s->kx == TLS_KX_DH && s->auth == TLS_AUTH_DSS, "0x0030 static DH");

	for (c = 0x1301; c <= 0x1305; c++) {
		s = tls_suite_by_code((uint16_t)c);
		ok(s != NULL && s->tls13 && s->kx == TLS_KX_ANY &&
		    s->auth == TLS_AUTH_ANY && s->mac == TLS_MAC_AEAD,
		    "0x%04x is a TLS 1.3 AEAD suite", c);
	}
	s = tls_suite_by_code(0x00ff);
	ok(s != NULL && s->kx == TLS_KX_NONE &&
	    strcmp(s->iana, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV") == 0,
	    "0x00FF renegotiation SCSV");
	s = tls_suite_by_code(0x5600);
	ok(s != NULL && strcmp(s->iana, "TLS_FALLBACK_SCSV") == 0,
	    "0x5600 fallback SCSV");

	/* Only 0x13xx and the other TLS 1.3-only suites claim TLS 1.3. */
	s = tls_suites(&n);
	bad = 0;
	for (i = 0; i < n; i++) {
		if ((s[i].code >> 8 == 0x13) && !s[i].tls13)
			bad++;
		if (s[i].tls13 && s[i].kx != TLS_KX_ANY)
			bad++;
		if (!s[i].tls13 && s[i].kx == TLS_KX_ANY)
			bad++;
	}
	is_int(bad, 0, "tls13 flag consistent with kx");
}

static void
test_grease(void)
{
	unsigned c, n = 0;

	for (c = 0; c <= 0xffff; c++) {
		if (tls_is_grease((uint16_t)c)) {
			n++;
			if (!tls_suite_is_signal((uint16_t)c))
				n += 100;
		}
	}
	is_int(n, 16, "exactly 16 GREASE values, all signals");
	ok(tls_is_grease(0x0a0a) && tls_is_grease(0xfafa) &&
	    tls_is_grease(0x9a9a), "0x0a0a 0x9a9a 0xfafa");
	ok(!tls_is_grease(0x0a1a) && !tls_is_grease(0x0b0b) &&
	    !tls_is_grease(0x0000), "0x0a1a 0x0b0b 0x0000 are not");
	ok(tls_suite_is_signal(0x00ff) && tls_suite_is_signal(0x5600),
	    "SCSVs are signals");
	ok(!tls_suite_is_signal(0x0035) && !tls_suite_is_signal(0x1301),
	    "real suites are not");
	ok(tls_suite_by_code(0x0a0a) == NULL, "GREASE is not in the table");
}

static void
test_versions(void)
{
	static const struct {
		const char	*s;
		uint16_t	 v;
	} good[] = {
		{ "TLSv1.3", 0x0304 }, { "TLSv1.2", 0x0303 },
		{ "TLSv1.1", 0x0302 }, { "TLSv1", 0x0301 },
		{ "TLSv1.0", 0x0301 }, { "TLS1.2", 0x0303 },
		{ "tls1.2", 0x0303 }, { "tlsv1.3", 0x0304 },
		{ "1.2", 0x0303 }, { "1.0", 0x0301 }, { "TLS1", 0x0301 },
		{ "SSLv3", 0x0300 }, { "SSL3", 0x0300 }, { "0x0304", 0x0304 },
	};
	static const char *bad[] = {
		"", "1", "TLSv1.4", "TLSv2", "SSLv2", "TLSv1.2x", " TLSv1.2",
		"0x0305", "0x303", "TLS", "v1.2", "1.3.0",
	};
	uint16_t v;
	size_t i;

	for (i = 0; i < NELEM(good); i++) {
		v = 0;
		ok(tls_version_parse(good[i].s, &v) && v == good[i].v,
		    "version \"%s\" -> 0x%04x", good[i].s, good[i].v);
	}
	for (i = 0; i < NELEM(bad); i++) {
		v = 0x1234;
		ok(!tls_version_parse(bad[i], &v) && v == 0x1234,
		    "version \"%s\" rejected", bad[i]);
	}
	ok(!tls_version_parse(NULL, &v), "NULL version rejected");
	is_str(tls_version_name(0x0304), "TLSv1.3", "0x0304 name");
	is_str(tls_version_name(0x0301), "TLSv1", "0x0301 name as OpenSSL");
	is_str(tls_version_name(0x0300), "SSLv3", "0x0300 name");
	ok(tls_version_name(0x0305) == NULL, "0x0305 unknown");
	for (v = 0x0300; v <= 0x0304; v++) {
		uint16_t w = 0;

		ok(tls_version_parse(tls_version_name(v), &w) && w == v,
		    "version 0x%04x round-trips", v);
	}
}

/* name(code) -> parse -> code for every code that has a name. */
static unsigned
round_trip(const char *(*name)(uint16_t), bool (*parse)(const char *,
    uint16_t *), unsigned *named)
{
	unsigned c, bad = 0;
	uint16_t back;
	const char *s;

	*named = 0;
	for (c = 0; c <= 0xffff; c++) {
		if ((s = name((uint16_t)c)) == NULL)
			continue;
		(*named)++;
		if (!parse(s, &back) || back != c)
			bad++;
	}
	return bad;
}

static void
test_groups_sigalgs_exts(void)
{
	unsigned named;
	uint16_t v;

	is_int(round_trip(tls_group_name, tls_group_parse, &named), 0,
	    "groups round-trip (%u named)", named);
	ok(named >= 50, "at least 50 groups");
	ok(tls_group_parse("P-256", &v) && v == 0x0017, "P-256");
	ok(tls_group_parse("prime256v1", &v) && v == 0x0017, "prime256v1");
	ok(tls_group_parse("X25519", &v) && v == 0x001d, "X25519");
	ok(tls_group_parse("x448", &v) && v == 0x001e, "x448");
	ok(tls_group_parse("X25519MLKEM768", &v) && v == 0x11ec,
	    "X25519MLKEM768");
	ok(tls_group_parse("ffdhe8192", &v) && v == 0x0104, "ffdhe8192");
	ok(tls_group_parse("brainpoolP384r1", &v) && v == 0x001b,
	    "brainpoolP384r1");
	ok(tls_group_parse("0x0017", &v) && v == 0x0017, "0x0017");
	ok(!tls_group_parse("0x4a4a", &v), "unknown code as group name");
	ok(!tls_group_parse("curve25519x", &v), "unknown group");
	is_str(tls_group_name(0x11ec), "X25519MLKEM768", "0x11EC name");
	is_str(tls_group_name(0x0100), "ffdhe2048", "0x0100 name");

	is_int(round_trip(tls_sigalg_name, tls_sigalg_parse, &named), 0,
	    "sigalgs round-trip (%u named)", named);
	ok(tls_sigalg_parse("rsa_pkcs1_sha1", &v) && v == 0x0201,
	    "rsa_pkcs1_sha1");
	ok(tls_sigalg_parse("ecdsa_sha1", &v) && v == 0x0203, "ecdsa_sha1");
	ok(tls_sigalg_parse("rsa_pkcs1_sha224", &v) && v == 0x0301,
	    "rsa_pkcs1_sha224");
	ok(tls_sigalg_parse("rsa_sha224", &v) && v == 0x0301,
	    "IANA spelling rsa_sha224");
	ok(tls_sigalg_parse("ecdsa_sha224", &v) && v == 0x0303,
	    "ecdsa_sha224");
	ok(tls_sigalg_parse("dsa_sha512", &v) && v == 0x0602, "dsa_sha512");
	ok(tls_sigalg_parse("rsa_pss_rsae_sha256", &v) && v == 0x0804,
	    "rsa_pss_rsae_sha256");
	ok(tls_sigalg_parse("mldsa65", &v) && v == 0x0905, "mldsa65");
	ok(tls_sigalg_parse("ed448", &v) && v == 0x0808, "ed448");
	ok(!tls_sigalg_parse("rsa_pss_sha256", &v), "unknown sigalg");

	is_int(round_trip(tls_ext_name, tls_ext_parse, &named), 0,
	    "extensions round-trip (%u named)", named);
	ok(named >= 60, "at least 60 extensions");
	is_str(tls_ext_name(0), "server_name", "ext 0");
	is_str(tls_ext_name(21), "padding", "ext 21");
	is_str(tls_ext_name(43), "supported_versions", "ext 43");
	is_str(tls_ext_name(0xfe0d), "encrypted_client_hello", "ext 0xfe0d");
	is_str(tls_ext_name(0xff01), "renegotiation_info", "ext 0xff01");
	ok(tls_ext_parse("alpn", &v) && v == 16, "alias alpn");
	ok(tls_ext_parse("ech", &v) && v == 0xfe0d, "alias ech");
	ok(tls_ext_parse("delegated_credentials", &v) && v == 34,
	    "alias delegated_credentials");
	ok(!tls_ext_parse("no_such_extension", &v), "unknown extension");
}

static void
test_alerts(void)
{
	is_str(tls_alert_name(0), "close_notify", "alert 0");
	is_str(tls_alert_name(40), "handshake_failure", "alert 40");
	is_str(tls_alert_name(70), "protocol_version", "alert 70");
	is_str(tls_alert_name(71), "insufficient_security", "alert 71");
	is_str(tls_alert_name(86), "inappropriate_fallback", "alert 86");
	is_str(tls_alert_name(112), "unrecognized_name", "alert 112");
	is_str(tls_alert_name(120), "no_application_protocol", "alert 120");
	ok(tls_alert_name(255) == NULL, "alert 255 unknown");
	ok(tls_alert_name(1) == NULL, "alert 1 unknown");
}

static bool
same(const char *got, const char *want)
{
	return got != NULL && strcmp(got, want) == 0;
}

/* The code points the wire code names (tls_names.h) are the registry's. */
static void
test_wire_constants(void)
{
	static const struct {
		unsigned	 code;
		const char	*name;
	} exts[] = {
		{ TLS_EXT_SERVER_NAME, "server_name" },
		{ TLS_EXT_STATUS_REQUEST, "status_request" },
		{ TLS_EXT_SUPPORTED_GROUPS, "supported_groups" },
		{ TLS_EXT_EC_POINT_FORMATS, "ec_point_formats" },
		{ TLS_EXT_SIGALGS, "signature_algorithms" },
		{ TLS_EXT_ALPN, "application_layer_protocol_negotiation" },
		{ TLS_EXT_SCT, "signed_certificate_timestamp" },
		{ TLS_EXT_PADDING, "padding" },
		{ TLS_EXT_ENCRYPT_THEN_MAC, "encrypt_then_mac" },
		{ TLS_EXT_EMS, "extended_master_secret" },
		{ TLS_EXT_COMPRESS_CERT, "compress_certificate" },
		{ TLS_EXT_RECORD_SIZE_LIMIT, "record_size_limit" },
		{ TLS_EXT_DELEGATED_CRED, "delegated_credential" },
		{ TLS_EXT_SESSION_TICKET, "session_ticket" },
		{ TLS_EXT_PRE_SHARED_KEY, "pre_shared_key" },
		{ TLS_EXT_SUPPORTED_VERSIONS, "supported_versions" },
		{ TLS_EXT_COOKIE, "cookie" },
		{ TLS_EXT_PSK_MODES, "psk_key_exchange_modes" },
		{ TLS_EXT_POST_HS_AUTH, "post_handshake_auth" },
		{ TLS_EXT_SIGALGS_CERT, "signature_algorithms_cert" },
		{ TLS_EXT_KEY_SHARE, "key_share" },
		{ TLS_EXT_ALPS_OLD, "application_settings_old" },
		{ TLS_EXT_ALPS, "application_settings" },
		{ TLS_EXT_ECH, "encrypted_client_hello" },
		{ TLS_EXT_RENEGOTIATION_INFO, "renegotiation_info" },
	}, groups[] = {
		{ TLS_GROUP_SECP256R1, "secp256r1" },
		{ TLS_GROUP_SECP384R1, "secp384r1" },
		{ TLS_GROUP_SECP521R1, "secp521r1" },
		{ TLS_GROUP_X25519, "x25519" },
		{ TLS_GROUP_X448, "x448" },
		{ TLS_GROUP_FFDHE2048, "ffdhe2048" },
		{ TLS_GROUP_FFDHE8192, "ffdhe8192" },
		{ TLS_GROUP_X25519MLKEM768, "X25519MLKEM768" },
	}, alerts[] = {
		{ TLS_ALERT_HANDSHAKE_FAILURE, "handshake_failure" },
		{ TLS_ALERT_PROTOCOL_VERSION, "protocol_version" },
		{ TLS_ALERT_UNRECOGNIZED_NAME, "unrecognized_name" },
	};
	size_t i;

	for (i = 0; i < sizeof exts / sizeof exts[0]; i++)
		ok(same(tls_ext_name((uint16_t)exts[i].code), exts[i].name),
		    "TLS_EXT 0x%04x is %s", exts[i].code, exts[i].name);
	for (i = 0; i < sizeof groups / sizeof groups[0]; i++)
		ok(same(tls_group_name((uint16_t)groups[i].code),
		    groups[i].name), "TLS_GROUP 0x%04x is %s", groups[i].code,
		    groups[i].name);
	for (i = 0; i < sizeof alerts / sizeof alerts[0]; i++)
		ok(same(tls_alert_name((uint8_t)alerts[i].code),
		    alerts[i].name), "TLS_ALERT %u is %s", alerts[i].code,
		    alerts[i].name);
	ok(tls_is_grease(TLS_EXT_GREASE), "TLS_EXT_GREASE is a GREASE value");
}

int
main(void)
{
	test_tables();
	test_openssl_names();
	test_classification();
	test_grease();
	test_versions();
	test_groups_sigalgs_exts();
	test_alerts();
	test_wire_constants();
	return tap_done();
}
