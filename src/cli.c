/*
 * cli.c: argv into struct options, with every value checked.
 *
 * main calls cli_parse once on the main thread, after options_defaults and
 * options_apply_env. A bad value is a usage error whose one-line message
 * names the option and the accepted range; nothing here prints or exits.
 * The option table is here; the --help text is cli_usage.c's, the
 * configuration file cli_config.c's.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "cli.h"
#include "cli_int.h"
#include "fmt.h"
#include "proxy.h"
#include "xmem.h"

enum {
	OPT_PROFILE_DIR = 256,
	OPT_LIST_PROFILES,
	OPT_CAPTURE,
	OPT_CAPTURE_DIR,
	OPT_CAPTURE_COUNT,
	OPT_DNS,
	OPT_RESOLVE,
	OPT_SAMPLES,
	OPT_INTERVAL,
	OPT_SNI,
	OPT_CA_FILE,
	OPT_TIMEOUT,
	OPT_PER_ADDRESS,
	OPT_REPEAT,
	OPT_BATCH,
	OPT_JSON,
	OPT_FORMAT,
	OPT_DEMO,
	OPT_ASCII,
	OPT_NO_COLOR,
	OPT_NO_TIMINGS,
	OPT_NO_SCAN,
	OPT_METHOD,
	OPT_DIFF,
	OPT_TARGETS,
	OPT_TRACE,
	OPT_PROBE_ALL,
	OPT_NO_MOUSE,
	OPT_SYSTEM_STORE,
	OPT_TRUST,
	OPT_NO_FETCH,
	OPT_CERT,
	OPT_KEY,
	OPT_NO_CONFIG,
	OPT_SHARD,		/* fleets (issue #19) */
	OPT_RESUME,
	OPT_RATE,
	OPT_RATE_PER_ADDRESS,
	OPT_QUIET,
	OPT_PROGRESS,
	OPT_WHAT_IF,		/* issue #16 */
	OPT_WHAT_IF_ADDRESS,
	OPT_SUGGEST_FIX,
	OPT_PROXY,
	OPT_PROXY_ENV,
	OPT_STARTTLS,
};

/* The leading ':' makes a missing value return ':' instead of '?'. */
static const char short_opts[] = ":p:46j:o:hVP:";

static const struct option long_opts[] = {
	{ "profiles",		required_argument,	NULL, 'p' },
	{ "profile-dir",	required_argument,	NULL, OPT_PROFILE_DIR },
	{ "list-profiles",	no_argument,		NULL, OPT_LIST_PROFILES },
	{ "capture",		required_argument,	NULL, OPT_CAPTURE },
	{ "capture-dir",	required_argument,	NULL, OPT_CAPTURE_DIR },
	{ "capture-count",	required_argument,	NULL, OPT_CAPTURE_COUNT },
	{ "dns",		required_argument,	NULL, OPT_DNS },
	{ "resolve",		required_argument,	NULL, OPT_RESOLVE },
	{ "samples",		required_argument,	NULL, OPT_SAMPLES },
	{ "interval",		required_argument,	NULL, OPT_INTERVAL },
	{ "sni",		required_argument,	NULL, OPT_SNI },
	{ "ca-file",		required_argument,	NULL, OPT_CA_FILE },
	{ "timeout",		required_argument,	NULL, OPT_TIMEOUT },
	{ "jobs",		required_argument,	NULL, 'j' },
	{ "per-address",	required_argument,	NULL, OPT_PER_ADDRESS },
	{ "repeat",		required_argument,	NULL, OPT_REPEAT },
	{ "batch",		no_argument,		NULL, OPT_BATCH },
	{ "json",		no_argument,		NULL, OPT_JSON },
	{ "format",		required_argument,	NULL, OPT_FORMAT },
	{ "export",		required_argument,	NULL, 'o' },
	{ "demo",		no_argument,		NULL, OPT_DEMO },
	{ "ascii",		no_argument,		NULL, OPT_ASCII },
	{ "no-color",		no_argument,		NULL, OPT_NO_COLOR },
	{ "no-timings",		no_argument,		NULL, OPT_NO_TIMINGS },
	{ "no-mouse",		no_argument,		NULL, OPT_NO_MOUSE },
	{ "cert",		required_argument,	NULL, OPT_CERT },
	{ "key",		required_argument,	NULL, OPT_KEY },
	{ "no-scan",		no_argument,		NULL, OPT_NO_SCAN },
	{ "method",		required_argument,	NULL, OPT_METHOD },
	{ "diff",		no_argument,		NULL, OPT_DIFF },
	{ "targets",		required_argument,	NULL, OPT_TARGETS },
	{ "trace",		required_argument,	NULL, OPT_TRACE },
	{ "probe-all",		no_argument,		NULL, OPT_PROBE_ALL },
	{ "system-store",	required_argument,	NULL, OPT_SYSTEM_STORE },
	{ "trust",		required_argument,	NULL, OPT_TRUST },
	{ "no-fetch",		no_argument,		NULL, OPT_NO_FETCH },
	{ "no-config",		no_argument,		NULL, OPT_NO_CONFIG },
	{ "shard",		required_argument,	NULL, OPT_SHARD },
	{ "resume",		required_argument,	NULL, OPT_RESUME },
	{ "rate",		required_argument,	NULL, OPT_RATE },
	{ "rate-per-address",	required_argument,	NULL,
	    OPT_RATE_PER_ADDRESS },
	{ "quiet",		no_argument,		NULL, OPT_QUIET },
	{ "progress",		no_argument,		NULL, OPT_PROGRESS },
	{ "what-if",		required_argument,	NULL, OPT_WHAT_IF },
	{ "what-if-address",	required_argument,	NULL, OPT_WHAT_IF_ADDRESS },
	{ "suggest-fix",	no_argument,		NULL, OPT_SUGGEST_FIX },
	{ "proxy",		required_argument,	NULL, OPT_PROXY },
	{ "proxy-env",		no_argument,		NULL, OPT_PROXY_ENV },
	{ "ports",		required_argument,	NULL, 'P' },
	{ "starttls",		required_argument,	NULL, OPT_STARTTLS },
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL,			0,			NULL, 0 },
};

enum status
cli_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	(void)status_vset_err(err, errlen, fmt, ap);
	va_end(ap);
	return ST_EINVAL;
}

const char *
cli_quote(const char *s, char *buf, size_t len)
{
	fmt_sanitize(s, buf, len, true);
	/* mark a cut so that "abc" is not mistaken for the whole value */
	if (strlen(buf) + 1 == len && len > 4)
		memcpy(buf + len - 4, "...", 4);
	return buf;
}

/* "--timeout" for the option whose getopt value is val. */
static const char *
long_name(int val, char *buf, size_t len)
{
	const struct option	*lo;

	for (lo = long_opts; lo->name != NULL; lo++) {
		if (lo->val == val) {
			snprintf(buf, len, "--%s", lo->name);
			return buf;
		}
	}
	if (val > 0 && val < 256)
		snprintf(buf, len, "-%c", val);
	else
		snprintf(buf, len, "option");
	return buf;
}

/* Strict decimal: digits only (a leading '-' is read to be refused by the
 * range), nothing after them, within [lo, hi]. */
static bool
parse_long(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	if (s[0] != '-' && (s[0] < '0' || s[0] > '9'))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool
profile_id_valid(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '.' || *s == '_' || *s == '-'))
			return false;
	}
	return true;
}

/* Splits "a,b,c" in place (argv strings are ours to modify, C11
 * §5.1.2.2.1) and appends each id once. */
static enum status
add_profiles(struct options *o, char *list, char *err, size_t errlen)
{
	char	q[80], *id, *comma;
	size_t	i;

	if (*list == '\0')
		return cli_fail(err, errlen, "--profiles: empty list");
	for (id = list; id != NULL; id = comma) {
		comma = strchr(id, ',');
		if (comma != NULL)
			*comma++ = '\0';
		if (*id == '\0')
			return cli_fail(err, errlen,
			    "--profiles: empty profile id in the list");
		if (!profile_id_valid(id))
			return cli_fail(err, errlen, "--profiles: '%s' is not a "
			    "profile id (letters a-z, digits, '.', '_', '-')",
			    cli_quote(id, q, sizeof q));
		for (i = 0; i < o->n_profile_ids; i++) {
			if (strcmp(o->profile_ids[i], id) == 0)
				break;
		}
		if (i < o->n_profile_ids)
			continue;
		if (o->n_profile_ids == OPTIONS_MAX_PROFILES)
			return cli_fail(err, errlen, "--profiles: more than %d "
			    "profiles", OPTIONS_MAX_PROFILES);
		o->profile_ids[o->n_profile_ids++] = id;
	}
	return ST_OK;
}

static enum status
add_dns(struct options *o, const char *arg, char *err, size_t errlen)
{
	struct dns_server	tmp[NETADDR_MAX_DNS];
	char			why[160], q[320];
	size_t			n = 0, i;

	if (dns_servers_parse(arg, tmp, NETADDR_MAX_DNS, &n, why,
	    sizeof why) != ST_OK)
		return cli_fail(err, errlen, "--dns: %s", cli_quote(why, q, sizeof q));
	if (n == 0)
		return cli_fail(err, errlen, "--dns: '%s': no server",
		    cli_quote(arg, q, sizeof q));
	if (o->n_dns + n > NETADDR_MAX_DNS)
		return cli_fail(err, errlen, "--dns: more than %d servers",
		    NETADDR_MAX_DNS);
	for (i = 0; i < n; i++)
		o->dns[o->n_dns++] = tmp[i];
	return ST_OK;
}

/* --trust ID=FILE: profile ID verifies against FILE (repeatable). */
static enum status
add_trust(struct options *o, const char *arg, char *err, size_t errlen)
{
	struct probe_trust_override *t;
	const char *eq = strchr(arg, '=');
	char q[80];
	size_t n, i;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		return cli_fail(err, errlen, "--trust: '%s' is not ID=FILE",
		    cli_quote(arg, q, sizeof q));
	n = (size_t)(eq - arg);
	if (n >= sizeof o->trust[0].profile_id)
		return cli_fail(err, errlen, "--trust: profile id too long");
	for (i = 0; i < n; i++)
		if (!((arg[i] >= 'a' && arg[i] <= 'z') || (arg[i] >= '0' &&
		    arg[i] <= '9') || arg[i] == '.' || arg[i] == '_' ||
		    arg[i] == '-'))
			return cli_fail(err, errlen, "--trust: '%s' is not a "
			    "profile id", cli_quote(arg, q, sizeof q));
	for (i = 0; i < o->n_trust; i++)
		if (strlen(o->trust[i].profile_id) == n &&
		    memcmp(o->trust[i].profile_id, arg, n) == 0)
			return cli_fail(err, errlen, "--trust: profile %.*s given "
			    "twice", (int)n, arg);
	if (o->n_trust == OPTIONS_MAX_TRUST)
		return cli_fail(err, errlen, "--trust: more than %d",
		    OPTIONS_MAX_TRUST);
	t = &o->trust[o->n_trust++];
	memcpy(t->profile_id, arg, n);
	t->profile_id[n] = '\0';
	t->file = eq + 1;
	return ST_OK;
}

static enum status
add_resolve(struct options *o, const char *arg, char *err, size_t errlen)
{
	char	why[160], q[320];

	if (o->n_resolve == OPTIONS_MAX_RESOLVE)
		return cli_fail(err, errlen, "--resolve: more than %d entries",
		    OPTIONS_MAX_RESOLVE);
	if (resolve_entry_parse(arg, &o->resolve[o->n_resolve], why,
	    sizeof why) != ST_OK)
		return cli_fail(err, errlen, "--resolve: %s",
		    cli_quote(why, q, sizeof q));
	o->n_resolve++;
	return ST_OK;
}

/* A server name as RFC 6066 §3 sends it: an ASCII host name. */
static bool
sni_valid(const char *s)
{
	size_t	n = strlen(s);

	if (n == 0 || n > NETADDR_HOST_MAX)
		return false;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' ||
		    *s == '_'))
			return false;
	}
	return true;
}

/* The numeric options: name, range and the unit words of the message. */
static enum status
set_number(const char *name, const char *arg, long lo, long hi,
    const char *what, long *out, char *err, size_t errlen)
{
	char	q[80];

	if (!parse_long(arg, lo, hi, out))
		return cli_fail(err, errlen, "%s: '%s' is not a number of %s "
		    "between %ld and %ld", name, cli_quote(arg, q, sizeof q),
		    what, lo, hi);
	return ST_OK;
}

/* --capture [ADDR:]PORT (capture.h says what the default address is). */
static enum status
set_capture(struct options *o, const char *arg, char *err, size_t errlen)
{
	char	why[160], q[320];

	if (capture_parse_listen(arg, &o->capture_addr, &o->capture_port,
	    why, sizeof why) != ST_OK)
		return cli_fail(err, errlen, "--capture: %s",
		    cli_quote(why, q, sizeof q));
	o->capture = true;
	return ST_OK;
}

/* The options of fleets (issue #19): --shard, --resume, --rate,
 * --rate-per-address, --quiet, --progress. */
static enum status
fleet_option(int ch, const char *arg, struct options *o, char *err,
    size_t errlen)
{
	char	why[160], q[80], name[40];

	switch (ch) {
	case OPT_SHARD:
		if (!options_parse_shard(arg, &o->shard_i, &o->shard_n, why,
		    sizeof why))
			return cli_fail(err, errlen, "--shard: '%s': %s",
			    cli_quote(arg, q, sizeof q), why);
		return ST_OK;
	case OPT_RESUME:
		if (*arg == '\0')
			return cli_fail(err, errlen, "--resume: empty file name");
		o->resume_path = arg;
		return ST_OK;
	case OPT_RATE:
	case OPT_RATE_PER_ADDRESS:
		if (!options_parse_rate(arg, ch == OPT_RATE ? &o->rate :
		    &o->rate_per_address, why, sizeof why))
			return cli_fail(err, errlen, "%s: '%s': %s",
			    long_name(ch, name, sizeof name),
			    cli_quote(arg, q, sizeof q), why);
		o->rate_per_address_set |= ch == OPT_RATE_PER_ADDRESS;
		return ST_OK;
	case OPT_QUIET:
		o->quiet = true;
		return ST_OK;
	case OPT_PROGRESS:
		o->progress = true;
		return ST_OK;
	default:
		return ST_ENOENT;
	}
}

/* Options of where profiles, captures and addresses come from.
 * ST_ENOENT when ch is none of them. */
static enum status
source_option(struct options *o, int ch, char *err, size_t errlen)
{
	enum status	 st = ST_OK;
	long		 v = 0;

	switch (ch) {
	case 'p':
		st = add_profiles(o, optarg, err, errlen);
		break;
	case OPT_PROFILE_DIR:
		if (*optarg == '\0')
			return cli_fail(err, errlen,
			    "--profile-dir: empty directory name");
		o->profile_dir = optarg;
		break;
	case OPT_LIST_PROFILES:
		o->list_profiles = true;
		break;
	case OPT_CAPTURE:
		st = set_capture(o, optarg, err, errlen);
		break;
	case OPT_CAPTURE_DIR:
		if (*optarg == '\0')
			return cli_fail(err, errlen,
			    "--capture-dir: empty directory name");
		o->capture_dir = optarg;
		break;
	case OPT_CAPTURE_COUNT:
		st = set_number("--capture-count", optarg, 1, 1000000,
		    "clients", &v, err, errlen);
		if (st == ST_OK)
			o->capture_count = (unsigned)v;
		break;
	case OPT_DNS:
		st = add_dns(o, optarg, err, errlen);
		break;
	case OPT_RESOLVE:
		st = add_resolve(o, optarg, err, errlen);
		break;
	case OPT_SAMPLES:
		st = set_number("--samples", optarg, 1, 1000,
		    "rounds", &v, err, errlen);
		if (st == ST_OK)
			o->samples = (unsigned)v;
		break;
	case OPT_INTERVAL:
		st = set_number("--interval", optarg, 10, 3600000,
		    "milliseconds", &v, err, errlen);
		if (st == ST_OK)
			o->interval_ms = (int)v;
		break;
	default:
		return ST_ENOENT;
	}
	return st;
}

/* Options of how to probe: names, trust, timing, workers.
 * ST_ENOENT when ch is none of them. */
static enum status
probe_option(struct options *o, int ch, char *err, size_t errlen)
{
	enum status	 st = ST_OK;
	char		 q[80];
	long		 v = 0;

	switch (ch) {
	case OPT_SNI:
		if (!sni_valid(optarg))
			return cli_fail(err, errlen, "--sni: '%s' is not "
			    "a host name (letters, digits, '.', '-', "
			    "'_'; at most %d)",
			    cli_quote(optarg, q, sizeof q),
			    NETADDR_HOST_MAX);
		o->sni = optarg;
		break;
	case OPT_CA_FILE:
		if (*optarg == '\0')
			return cli_fail(err, errlen,
			    "--ca-file: empty file name");
		o->ca_file = optarg;
		break;
	case OPT_SYSTEM_STORE:
		if (*optarg == '\0')
			return cli_fail(err, errlen,
			    "--system-store: empty file name");
		o->system_store = optarg;
		break;
	case OPT_TRUST:
		st = add_trust(o, optarg, err, errlen);
		break;
	case OPT_NO_FETCH:
		o->no_fetch = true;
		break;
	case OPT_TIMEOUT:
		st = set_number("--timeout", optarg, 100, 600000,
		    "milliseconds", &v, err, errlen);
		if (st == ST_OK)
			o->timeout_ms = (int)v;
		break;
	case 'j':
		st = set_number("--jobs", optarg, 1, 256, "workers",
		    &v, err, errlen);
		if (st == ST_OK)
			o->jobs = (unsigned)v;
		break;
	case OPT_PER_ADDRESS:
		st = set_number("--per-address", optarg, 1, 64,
		    "probes", &v, err, errlen);
		if (st == ST_OK)
			o->per_address = (unsigned)v;
		break;
	case OPT_REPEAT:
		st = set_number("--repeat", optarg, 1, 100, "probes",
		    &v, err, errlen);
		if (st == ST_OK)
			o->repeat = (unsigned)v;
		break;
	default:
		return ST_ENOENT;
	}
	return st;
}

/* Options of what to show and how: batch, formats, export, the
 * terminal, the backend.
 * ST_ENOENT when ch is none of them. */
static enum status
output_option(struct options *o, int ch, char *err, size_t errlen)
{
	enum status	 st = ST_OK;
	char		 q[80];

	switch (ch) {
	case OPT_BATCH:
		o->batch = true;
		break;
	case OPT_JSON:
		o->format = OUTPUT_JSON;
		break;
	case OPT_FORMAT:
		if (strcmp(optarg, "text") == 0)
			o->format = OUTPUT_TEXT;
		else if (strcmp(optarg, "json") == 0)
			o->format = OUTPUT_JSON;
		else if (strcmp(optarg, "md") == 0)
			o->format = OUTPUT_MD;
		else if (strcmp(optarg, "jsonl") == 0)
			o->format = OUTPUT_JSONL;
		else if (strcmp(optarg, "csv") == 0)
			o->format = OUTPUT_CSV;
		else if (strcmp(optarg, "html") == 0)
			o->format = OUTPUT_HTML;
		else
			return cli_fail(err, errlen, "--format: '%s' is "
			    "not one of text, json, md, jsonl, csv, html",
			    cli_quote(optarg, q, sizeof q));
		break;
	case 'o':
		if (*optarg == '\0')
			return cli_fail(err, errlen,
			    "--export: empty file name");
		o->export_path = optarg;
		break;
	case OPT_DEMO:
		o->demo = true;
		break;
	case OPT_ASCII:
		o->ascii = true;
		break;
	case OPT_NO_COLOR:
		o->no_color = true;
		break;
	case OPT_NO_SCAN:
		o->no_scan = true;
		break;
	case OPT_METHOD:
		if (!probe_backend_parse(optarg, &o->method)) {
			return cli_fail(err, errlen, "--method: '%s' is "
			    "not one of openssl, hello",
			    cli_quote(optarg, q, sizeof q));
		}
		break;
	case OPT_NO_TIMINGS:
		o->no_timings = true;
		break;
	case OPT_NO_MOUSE:
		o->no_mouse = true;
		break;
	default:
		return ST_ENOENT;
	}
	return st;
}

/* Files and run-wide switches: --targets, --trace, --probe-all, --cert,
 * --key, --no-config. ST_ENOENT when ch is none of them. */
static enum status
run_option(struct options *o, int ch, char *err, size_t errlen)
{
	switch (ch) {
	case OPT_TARGETS:
		if (*optarg == '\0')
			return cli_fail(err, errlen,
			    "--targets: empty file name");
		o->targets_path = optarg;
		break;
	case OPT_TRACE:
		if (*optarg == '\0')
			return cli_fail(err, errlen,
			    "--trace: empty file name");
		o->trace_path = optarg;
		break;
	case OPT_PROBE_ALL:
		o->probe_all = true;
		break;
	case OPT_CERT:
	case OPT_KEY:
		if (*optarg == '\0')
			return cli_fail(err, errlen, "%s: empty file name",
			    ch == OPT_CERT ? "--cert" : "--key");
		if (ch == OPT_CERT)
			o->cert_file = optarg;
		else
			o->key_file = optarg;
		break;
	case OPT_NO_CONFIG:
		o->no_config = true;
		break;
	default:
		return ST_ENOENT;
	}
	return ST_OK;
}

/* The fix preview's options (issue #16): --what-if, --what-if-address,
 * --suggest-fix. ST_ENOENT when ch is none of them. */
static enum status
preview_option(struct options *o, int ch, char *err, size_t errlen)
{
	char	q[80];

	switch (ch) {
	case OPT_WHAT_IF:	/* the fix preview: batch only */
		if (*optarg == '\0')
			return cli_fail(err, errlen, "--what-if: empty spec");
		o->what_if = optarg;
		o->batch = true;
		break;
	case OPT_WHAT_IF_ADDRESS:
		if (o->n_what_if_addrs >= OPTIONS_MAX_WHAT_IF ||
		    !netaddr_parse(optarg, &o->what_if_addrs[
		    o->n_what_if_addrs]))
			return cli_fail(err, errlen, "--what-if-address: "
			    "'%s' is not an IP address (or more than "
			    "%d)", cli_quote(optarg, q, sizeof q),
			    OPTIONS_MAX_WHAT_IF);
		o->n_what_if_addrs++;
		break;
	case OPT_SUGGEST_FIX:
		o->suggest_fix = true;
		o->batch = true;
		break;
	default:
		return ST_ENOENT;
	}
	return ST_OK;
}

/* How a connection reaches the server (issue #17): --proxy,
 * --proxy-env, --ports, --starttls. ST_ENOENT when ch is none of them. */
static enum status
route_option(struct options *o, int ch, char *err, size_t errlen)
{
	enum status	st = ST_OK;
	char		q[80];

	switch (ch) {
	case OPT_PROXY: {
		struct proxy_config px;

		st = proxy_parse(optarg, &px, err, errlen);
		memset(&px, 0, sizeof px);	/* no copy of a password */
		o->proxy_url = optarg;
		break;
	}
	case OPT_PROXY_ENV:
		o->proxy_env = true;
		break;
	case 'P':
		o->ports_arg = optarg;
		break;
	case OPT_STARTTLS:
		if (!starttls_parse(optarg, &o->starttls))
			return cli_fail(err, errlen, "--starttls: unknown "
			    "protocol '%s' (smtp, imap, pop3, ftp, "
			    "ldap, postgres, mysql, xmpp, xmpp-server, "
			    "nntp, sieve, none or auto)",
			    cli_quote(optarg, q, sizeof q));
		break;
	default:
		return ST_ENOENT;
	}
	return st;
}

enum status
cli_parse(int argc, char *argv[], struct options *o, char *err,
    size_t errlen)
{
	char		 name[32], q[80];
	enum status	 st;
	bool		 v4 = false, v6 = false, diff = false;
	int		 ch;

	if (errlen > 0)
		err[0] = '\0';
	/* glibc: optind 0 restarts the scan, so cli_parse can run twice */
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, short_opts, long_opts,
	    NULL)) != -1) {
		st = source_option(o, ch, err, errlen);
		if (st == ST_ENOENT)
			st = probe_option(o, ch, err, errlen);
		if (st == ST_ENOENT)
			st = output_option(o, ch, err, errlen);
		if (st == ST_ENOENT)
			st = run_option(o, ch, err, errlen);
		if (st == ST_ENOENT)
			st = preview_option(o, ch, err, errlen);
		if (st == ST_ENOENT)
			st = route_option(o, ch, err, errlen);
		if (st == ST_ENOENT)
			st = fleet_option(ch, optarg, o, err, errlen);
		if (st != ST_ENOENT) {
			if (st != ST_OK)
				return st;
			continue;
		}
		st = ST_OK;
		switch (ch) {
		case '4':
			v4 = true;
			break;
		case '6':
			v6 = true;
			break;
		case OPT_DIFF:
			diff = true;
			break;
		case 'h':
			/* help and version win over everything after them */
			o->help = true;
			return ST_OK;
		case 'V':
			o->version = true;
			return ST_OK;
		case ':':
			return cli_fail(err, errlen, "%s: needs a value",
			    long_name(optopt, name, sizeof name));
		case '?':
		default:
			if (optopt != 0 && (optopt >= 256 ||
			    strchr(short_opts + 1, optopt) != NULL))
				return cli_fail(err, errlen, "%s: takes no value",
				    long_name(optopt, name, sizeof name));
			if (optopt > 0 && optopt < 256)
				return cli_fail(err, errlen, "unknown option "
				    "'-%c' (see tlsmatrix --help)",
				    (optopt > ' ' && optopt < 0x7f) ? optopt :
				    '?');
			return cli_fail(err, errlen, "unknown or ambiguous "
			    "option '%s' (see tlsmatrix --help)",
			    cli_quote(argv[optind - 1], q, sizeof q));
		}
		if (st != ST_OK)
			return st;
	}
	if ((st = cli_check_preview(o, err, errlen)) != ST_OK)
		return st;
	if (diff)
		return cli_check_diff(o, argc - optind, argv + optind, err, errlen);
	st = cli_check_combinations(o, v4, v6, argc - optind, argv + optind,
	    err, errlen);
	if (st == ST_OK && o->ports_arg != NULL && !o->have_target)
		return cli_fail(err, errlen, "--ports needs a HOST");
	return st;
}

/* --- for the configuration file (cli_config.c, cli_int.h) --- */

/* getopt over a copy of argv (getopt permutes what it is given). */
struct cli_given
cli_scan_given(int argc, char *argv[])
{
	struct cli_given	 g = { false, false, false, false, false };
	char			**copy = xcalloc((size_t)argc + 1, sizeof *copy);
	int			 ch, i;

	for (i = 0; i < argc; i++)
		copy[i] = argv[i];
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, copy, short_opts, long_opts,
	    NULL)) != -1) {
		g.profiles |= ch == 'p';
		g.dns |= ch == OPT_DNS;
		g.demo |= ch == OPT_DEMO;
		g.no_config |= ch == OPT_NO_CONFIG;
		g.help |= ch == 'h' || ch == 'V';
	}
	free(copy);
	return g;
}

int
cli_long_has_arg(const char *name)
{
	const struct option	*lo;

	for (lo = long_opts; lo->name != NULL; lo++)
		if (strcmp(lo->name, name) == 0)
			return lo->has_arg;
	return -1;
}
