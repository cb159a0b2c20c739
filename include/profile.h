/*
 * profile.h: client profiles, loaded from text files in data/profiles/.
 *
 * A profile is everything that decides whether one client completes a
 * handshake: the hello it sends (versions, suites, groups, signature
 * algorithms, extensions) and the policy it applies to the answer
 * (security level, certificate and hostname checks). The file format is
 * documented in docs/PROFILES.md. Profiles are immutable once loaded and
 * are shared read-only by the worker threads.
 *
 * profile_parse is pure; the _load functions read files. Errors name the
 * file, the line and the reason in the caller's buffer.
 */
#ifndef TLSMATRIX_PROFILE_H
#define TLSMATRIX_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Hard limits on what a profile file may declare. */
#define PROFILE_MAX_FILE	(256 * 1024)	/* bytes per file */
#define PROFILE_MAX_LIST	512		/* entries per list */
#define PROFILE_MAX_COUNT	1024		/* profiles per directory */
#define PROFILE_ECH_MAX_CHOICES	8		/* ech_grease aead, payload */
#define PROFILE_ECH_MAX_PAYLOAD	512		/* bytes of GREASE ECH payload */

#define PROFILE_MAX_STORES	4		/* trust_store ids */
#define PROFILE_STORE_ID_MAX	32		/* bytes of one id */

/* When the client reads the certificate's CN as its name (RFC 6125 §6.4.4). */
enum cn_fallback {
	CN_NO_DNS_SAN = 0,	/* only without a DNS SAN (OpenSSL, Java) */
	CN_NO_SAN,		/* only without any DNS or IP SAN (curl) */
	CN_NEVER,		/* never (Go 1.15+) */
	CN_ALWAYS,		/* beside the SANs too (IO::Socket::SSL's
				 * default scheme) */
};

/* Which wildcards the client accepts (RFC 6125 §6.4.3). */
enum wildcard_rule {
	WILDCARD_LABEL = 0,	/* "*" as the whole left-most label */
	WILDCARD_PARTIAL,	/* also "f*.example.com" */
	WILDCARD_NONE,
};

/* When the client sends server_name (RFC 6066 §3). */
enum sni_policy {
	SNI_HOSTNAME = 0,	/* any host name, never an IP literal */
	SNI_DOTTED,		/* only names with a dot (Java) */
	SNI_NEVER,
};

struct profile {
	/* identity */
	char		*id;		/* "python-3.12": [a-z0-9._-]+ */
	char		*name;		/* "Python 3.12 (ssl, Debian 12)" */
	char		*family;	/* "python" */
	char		*runtime;	/* "CPython 3.12.1" */
	char		*library;	/* "OpenSSL 3.0.19" */
	char		*platform;	/* "Debian 12, system libssl" */
	/* (all text fields but path are never NULL; absent ones are "") */

	/* the hello, in the client's order */
	uint16_t	*versions;	/* supported versions, highest first */
	size_t		 n_versions;
	uint16_t	 min_version, max_version;	/* derived */
	uint16_t	*suites;	/* all suites incl. TLS 1.3 and SCSV */
	size_t		 n_suites;
	uint16_t	*groups;
	size_t		 n_groups;
	uint16_t	*key_shares;
	size_t		 n_key_shares;
	uint16_t	*sigalgs;
	size_t		 n_sigalgs;
	uint16_t	*extensions;	/* extension order; may be empty */
	size_t		 n_extensions;
	char	       **alpn;		/* protocol names; may be empty */
	size_t		 n_alpn;
	enum sni_policy	 sni;

	/*
	 * Byte-level details of the hello, for the hello engine (hello_build.h).
	 * Every one has a default that matches OpenSSL's client.
	 */
	uint16_t	 record_version;	/* 0: TLS 1.0 (0x0301) */
	uint16_t	 legacy_version;	/* 0: min(max_version, TLS 1.2) */
	uint8_t		 session_id_len;	/* default 32 (RFC 8446 §D.4) */
	uint8_t		*compression;		/* methods; default {0} */
	size_t		 n_compression;
	uint16_t	*sigalgs_cert;		/* signature_algorithms_cert */
	size_t		 n_sigalgs_cert;
	uint8_t		*ec_point_formats;	/* default {0} */
	size_t		 n_ec_point_formats;
	uint8_t		*psk_modes;		/* default {1}: psk_dhe_ke */
	size_t		 n_psk_modes;
	uint16_t	*cert_compression;	/* compress_certificate algs */
	size_t		 n_cert_compression;
	uint16_t	 record_size_limit;	/* 0: not sent */
	enum hello_padding {
		PADDING_NONE = 0,
		PADDING_F5,	/* OpenSSL, GnuTLS: a hello of 256..511
				 * bytes is padded to 512 (RFC 7685) */
	}		 padding;
	bool		 grease;	/* RFC 8701 values, Chromium's places */
	bool		 shuffle_extensions;	/* Chromium: new order each
						 * connection, GREASE pinned */
	char	       **alps;		/* application_settings protocols */
	size_t		 n_alps;
	uint16_t	*delegated_credentials;	/* sigalgs; empty: none */
	size_t		 n_delegated_credentials;
	struct profile_ext_data {	/* fixed bodies, e.g. unknown ones */
		uint16_t	 type;
		uint8_t		*data;
		size_t		 len;
	}		*ext_data;
	size_t		 n_ext_data;
	struct profile_ech_grease {	/* GREASE ECH (draft-ietf-tls-esni) */
		uint16_t	 kdf, aead;	/* HPKE ids; aead is aeads[0] */
		uint16_t	 aeads[PROFILE_ECH_MAX_CHOICES];
		size_t		 n_aeads;	/* >1: chosen per hello (NSS) */
		uint16_t	 payload_lens[PROFILE_ECH_MAX_CHOICES];
		size_t		 n_payload_lens;	/* chosen per hello */
	}		 ech_grease;	/* set when n_payload_lens > 0; used
					 * when extensions lists it */
	bool		 in_default_set;	/* used when -p is not given;
						 * "default", absent: yes */

	/* the policy applied to the server's answer */
	int		 security_level;	/* OpenSSL level 0..5 */
	bool		 verify_peer;		/* chain must verify */
	bool		 check_hostname;	/* name must match */
	unsigned	 min_rsa_bits;		/* 0: from security level */
	unsigned	 min_dh_bits;		/* 0: from security level */
	bool		 strict_x509;		/* X509_V_FLAG_X509_STRICT
						 * (Python 3.13) */
	bool		 sha1_certificates;	/* SHA-1-signed certificates
						 * pass; absent: level 0 */
	bool		 legacy_signatures;	/* SHA-1 and MD5+SHA-1 handshake
						 * signatures pass; absent:
						 * level 0 */

	/* the certificate decision (issue #14; docs/PROFILES.md) */
	char		 trust_store[PROFILE_MAX_STORES][PROFILE_STORE_ID_MAX];
	size_t		 n_trust_store;		/* ids; "system": the OS's;
						 * absent: system */
	bool		 trusted_first;		/* absent: yes */
	bool		 aia_fetch;		/* fetches missing
						 * intermediates (AIA) */
	bool		 chain_sorted;		/* refuses a chain sent out of
						 * order or with extras */
	enum cn_fallback cn_fallback;
	enum wildcard_rule wildcards;
	bool		 ip_cn;			/* an IP literal also matches
						 * a CN equal to it (Python's
						 * match_hostname) */
	bool		 eku_server_auth;	/* absent: yes */
	unsigned	 max_cert_message;	/* bytes; 0: no limit */

	/* where it came from */
	char		*source;	/* "captured ..." or "documented ..." */
	char		*note;		/* why this client behaves so */
	char		*path;		/* file it was loaded from, or NULL */
};

struct profile_set {
	struct profile	**v;
	size_t		  n;
};

/*
 * Parses one profile from text (not NUL-terminated: len bytes). origin names
 * the input in error messages ("data/profiles/x.profile"). On success *out
 * is a new profile the caller frees with profile_free. On failure err holds
 * "origin:line: reason".
 */
enum status	profile_parse(const char *text, size_t len, const char *origin,
		    struct profile **out, char *err, size_t errlen);
/* Reads and parses one file (at most PROFILE_MAX_FILE bytes). */
enum status	profile_load_file(const char *path, struct profile **out,
		    char *err, size_t errlen);
void		profile_free(struct profile *p);

/* Orders ids as people read versions: "python-3.9" before "python-3.12". */
int		profile_id_cmp(const char *a, const char *b);

/*
 * Loads every "*.profile" file in dir, sorted by profile_id_cmp. Duplicate ids and any
 * malformed file are errors (the whole load fails, naming the file).
 */
enum status	profile_set_load_dir(const char *dir, struct profile_set *set,
		    char *err, size_t errlen);
/* The profile with this id, or NULL. */
const struct profile *profile_set_find(const struct profile_set *set,
		    const char *id);
void		profile_set_cleanup(struct profile_set *set);
/* The set's profiles as the rest of the program takes them, read-only:
 * the one place the pointer array turns const. */
const struct profile *const *profile_set_list(const struct profile_set *set);

/* True when this profile offers at least one TLS 1.3 suite and TLS 1.3. */
bool		profile_offers_tls13(const struct profile *p);
/* "no-dns-san", "no-san", "never"; "label", "partial", "none". */
const char	*profile_cn_fallback_name(enum cn_fallback c);
const char	*profile_wildcard_name(enum wildcard_rule w);
/* True for a store id: [a-z0-9._-]+, shorter than PROFILE_STORE_ID_MAX. */
bool		profile_valid_store_id(const char *id);
/* True when type is in p's extension list. */
bool		profile_has_extension(const struct profile *p, uint16_t type);
/* "hostname", "dotted" or "never", as written in profile files. */
const char	*profile_sni_name(enum sni_policy sni);

#endif
