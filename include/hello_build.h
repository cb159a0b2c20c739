/*
 * hello_build.h: a ClientHello, byte for byte, from a profile.
 *
 * hello_build is a pure function of the profile, the SNI name and the
 * per-connection choices in struct hello_vars (random, session id, GREASE
 * values, the extension order of clients that shuffle it, key share
 * public keys, the GREASE ECH payload). The same inputs give the same
 * bytes, which is what the golden tests check against the captures of
 * real clients. Key shares need real key pairs, so the caller (an I/O
 * module with OpenSSL) generates them; hello_vars_fill draws everything
 * else from a random source. RFC 8446 §4.1.2 and §4.2, RFC 5246 §7.4.1.2.
 * Any thread.
 */
#ifndef TLSMATRIX_HELLO_BUILD_H
#define TLSMATRIX_HELLO_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "profile.h"
#include "status.h"

#define HELLO_MAX_BYTES		(32 * 1024)	/* records included */
#define HELLO_MAX_SHARES	4
#define HELLO_MAX_KEY		1216	/* X25519MLKEM768 share */
#define HELLO_MAX_EXTS		64
#define HELLO_MAX_GREASE	8
#define HELLO_MAX_ECH		512

/*
 * Which GREASE value goes where (BoringSSL's layout, RFC 8701 §3.1). The
 * key_share GREASE entry reuses the supported_groups value; the first and
 * the second GREASE extension of profile->extensions use EXT1 and EXT2.
 */
enum hello_grease_slot {
	HELLO_GREASE_CIPHER = 0,	/* first cipher suite */
	HELLO_GREASE_GROUP,		/* supported_groups[0], key_share */
	HELLO_GREASE_EXT1,		/* first GREASE extension (empty) */
	HELLO_GREASE_EXT2,		/* second one (one 0x00 byte) */
	HELLO_GREASE_VERSION,		/* supported_versions[0] */
	HELLO_GREASE_SIGALG,		/* signature_algorithms[0] */
	HELLO_GREASE_NSLOTS,
};

/* A random source: fills buf with len bytes. */
typedef void	(*hello_rng_fn)(void *ctx, uint8_t *buf, size_t len);

struct hello_key_share {
	uint16_t	group;
	uint8_t		pub[HELLO_MAX_KEY];
	size_t		len;
};

struct hello_vars {
	uint8_t		random[32];
	uint8_t		session_id[32];		/* profile->session_id_len used */
	/* GREASE values (RFC 8701), indexed by enum hello_grease_slot; see
	 * hello_build.c for where each goes. */
	uint16_t	grease[HELLO_MAX_GREASE];
	/* For shuffle_extensions: the order of the extensions that move (all
	 * but GREASE and padding, which keep their places) as indexes into
	 * profile->extensions. */
	uint8_t		ext_order[HELLO_MAX_EXTS];
	size_t		n_ext_order;
	struct hello_key_share shares[HELLO_MAX_SHARES];
	size_t		n_shares;
	/* GREASE ECH: the HPKE AEAD (0: the profile's ech_grease.aead; NSS
	 * picks one of ech_grease.aeads per hello), config id, encapsulated
	 * key, payload. */
	uint16_t	ech_aead;
	uint8_t		ech_config_id;
	uint8_t		ech_enc[32];
	uint8_t		ech_payload[HELLO_MAX_ECH];
	size_t		ech_payload_len;
};

/*
 * Fills everything in v except the key shares from rng: random, session
 * id, GREASE values, the extension order (a Fisher-Yates shuffle when the
 * profile shuffles), and the ECH choices.
 */
void		hello_vars_fill(struct hello_vars *v, const struct profile *p,
		    hello_rng_fn rng, void *rng_ctx);

/*
 * Appends the ClientHello for p to out: TLS record header(s) and the
 * handshake message. sni NULL or an IP literal sends no server_name.
 * ST_EINVAL with err when the profile cannot be expressed (e.g. a key
 * share for a group v has no key for), ST_ERANGE past HELLO_MAX_BYTES.
 */
enum status	hello_build(const struct profile *p, const char *sni,
		    const struct hello_vars *v, struct wr *out,
		    char *err, size_t errlen);

#endif
