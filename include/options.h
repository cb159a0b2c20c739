/*
 * options.h: everything the user chose, as one frozen struct.
 *
 * Filled by the command line (cli.h) on the main thread before any worker
 * starts, then only read. Pure data, but it sits in layer 2 because it
 * carries the resolver's settings.
 */
#ifndef TLSMATRIX_OPTIONS_H
#define TLSMATRIX_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "netaddr.h"
#include "probe.h"
#include "resolver.h"

#define OPTIONS_MAX_RESOLVE	16
#define OPTIONS_MAX_PROFILES	256
#define OPTIONS_MAX_TRUST	64

enum output_format {
	OUTPUT_TEXT = 0,
	OUTPUT_JSON,
	OUTPUT_MD,		/* --format md: tables for tickets */
	OUTPUT_JSONL,		/* --format jsonl: a line per finished cell */
	OUTPUT_CSV,		/* --format csv: a row per cell (RFC 4180) */
	OUTPUT_HTML,		/* --format html: one self-contained page */
};

struct options {
	struct target		target;		/* HOST[:PORT] */
	bool			have_target;
	const char		*sni;		/* --sni; NULL: the host */

	struct dns_server	dns[NETADDR_MAX_DNS];	/* --dns */
	size_t			n_dns;
	struct resolve_entry	resolve[OPTIONS_MAX_RESOLVE];	/* --resolve */
	size_t			n_resolve;
	enum resolver_family	family;		/* -4 / -6 */
	unsigned		samples;	/* --samples: rounds of
						 * resolution; 0: not given */
	int			interval_ms;	/* --interval between rounds;
						 * 0: not given */

	const char		*profile_ids[OPTIONS_MAX_PROFILES]; /* -p */
	size_t			n_profile_ids;	/* 0: the defaults */
	const char		*profile_dir;	/* --profile-dir DIR */
	const char		*ca_file;	/* --ca-file */

	int			timeout_ms;	/* --timeout, per probe */
	unsigned		jobs;		/* --jobs, worker threads */
	unsigned		per_address;	/* --per-address cap */
	unsigned		repeat;		/* --repeat: probes per cell */

	bool			batch;		/* --batch */
	enum output_format	format;		/* --json / --format */
	const char		*export_path;	/* --export FILE */
	const char		*diff_old;	/* --diff OLD NEW */
	const char		*diff_new;
	const char		*targets_path;	/* --targets FILE */
	bool			demo;		/* --demo */
	bool			list_profiles;	/* --list-profiles */
	bool			capture;	/* --capture [ADDR:]PORT */
	struct netaddr		capture_addr;	/* default 127.0.0.1 */
	uint16_t		capture_port;
	const char		*capture_dir;	/* --capture-dir; NULL: . */
	unsigned		capture_count;	/* --capture-count; 0: until
						 * interrupted */
	bool			no_color;	/* --no-color or NO_COLOR */
	bool			ascii;		/* --ascii */
	bool			no_timings;	/* --no-timings: snapshots
						 * without times, for diffs */
	bool			no_scan;	/* --no-scan: no server
						 * enumeration */
	bool			probe_all;	/* --probe-all: no cell
						 * decided by the scan */
	const char		*trace_path;	/* --trace FILE */
	enum probe_backend	method;		/* --method */
	bool			help, version;
	bool			no_mouse;	/* --no-mouse: the TUI leaves
						 * the mouse to the terminal */

	/* trust stores and AIA fetches (issue #14) */
	const char		*system_store;	/* --system-store FILE */
	struct probe_trust_override trust[OPTIONS_MAX_TRUST];	/* --trust */
	size_t			n_trust;
	bool			no_fetch;	/* --no-fetch */
	const char		*cert_file;	/* --cert: client certificate */
	const char		*key_file;	/* --key: its private key */
	bool			no_config;	/* --no-config: the command
						 * line only (conffile.h) */

	/* fleets (issue #19) */
	unsigned		shard_i, shard_n; /* --shard I/N, I in 1..N;
						 * 0/0: the whole list */
	const char		*resume_path;	/* --resume FILE.jsonl */
	double			rate;		/* --rate: connections a
						 * second, all; 0: no limit */
	double			rate_per_address; /* --rate-per-address */
	bool			rate_per_address_set; /* given: holds on
						 * loopback too */
	bool			quiet;		/* --quiet: no progress */
	bool			progress;	/* --progress: even when
						 * stderr is no terminal */
};

/* --rate-per-address unless given: zgrab2's --server-rate-limit default
 * (tlsmatrix.1 says where that comes from). */
#define OPTIONS_RATE_PER_ADDRESS	20.0
/* The largest rate either option takes. */
#define OPTIONS_RATE_MAX		100000.0

/* Fills o with the defaults documented in tlsmatrix.1. */
void	options_defaults(struct options *o);
/* "N/s" or "N" (N a decimal, 0: no limit) into *out; false with why. */
bool	options_parse_rate(const char *s, double *out, char *why,
	    size_t whylen);
/* "I/N", 1 <= I <= N <= 1000000; false with why. */
bool	options_parse_shard(const char *s, unsigned *i, unsigned *n,
	    char *why, size_t whylen);

#endif
