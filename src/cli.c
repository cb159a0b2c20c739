/*
 * cli.c: argv into struct options, with every value checked.
 *
 * main calls cli_parse once on the main thread, after options_defaults and
 * options_apply_env. A bad value is a usage error whose one-line message
 * names the option and the accepted range; nothing here prints or exits.
 * cli_usage writes the --help text, in the words of tlsmatrix.1.
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
#include "fmt.h"
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
};

/* The leading ':' makes a missing value return ':' instead of '?'. */
static const char short_opts[] = ":p:46j:o:hV";

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
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL,			0,			NULL, 0 },
};

static enum status	fail(char *err, size_t errlen, const char *fmt, ...)
			    __attribute__((format(printf, 3, 4)));

/* Fills err and returns the usage-error status. */
static enum status
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return ST_EINVAL;
}

/* A user's value (or a message quoting one), made safe to print and short
 * enough for one line. */
static const char *
quote(const char *s, char *buf, size_t len)
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
		return fail(err, errlen, "--profiles: empty list");
	for (id = list; id != NULL; id = comma) {
		comma = strchr(id, ',');
		if (comma != NULL)
			*comma++ = '\0';
		if (*id == '\0')
			return fail(err, errlen,
			    "--profiles: empty profile id in the list");
		if (!profile_id_valid(id))
			return fail(err, errlen, "--profiles: '%s' is not a "
			    "profile id (letters a-z, digits, '.', '_', '-')",
			    quote(id, q, sizeof q));
		for (i = 0; i < o->n_profile_ids; i++) {
			if (strcmp(o->profile_ids[i], id) == 0)
				break;
		}
		if (i < o->n_profile_ids)
			continue;
		if (o->n_profile_ids == OPTIONS_MAX_PROFILES)
			return fail(err, errlen, "--profiles: more than %d "
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
		return fail(err, errlen, "--dns: %s", quote(why, q, sizeof q));
	if (n == 0)
		return fail(err, errlen, "--dns: '%s': no server",
		    quote(arg, q, sizeof q));
	if (o->n_dns + n > NETADDR_MAX_DNS)
		return fail(err, errlen, "--dns: more than %d servers",
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
		return fail(err, errlen, "--trust: '%s' is not ID=FILE",
		    quote(arg, q, sizeof q));
	n = (size_t)(eq - arg);
	if (n >= sizeof o->trust[0].profile_id)
		return fail(err, errlen, "--trust: profile id too long");
	for (i = 0; i < n; i++)
		if (!((arg[i] >= 'a' && arg[i] <= 'z') || (arg[i] >= '0' &&
		    arg[i] <= '9') || arg[i] == '.' || arg[i] == '_' ||
		    arg[i] == '-'))
			return fail(err, errlen, "--trust: '%s' is not a "
			    "profile id", quote(arg, q, sizeof q));
	for (i = 0; i < o->n_trust; i++)
		if (strlen(o->trust[i].profile_id) == n &&
		    memcmp(o->trust[i].profile_id, arg, n) == 0)
			return fail(err, errlen, "--trust: profile %.*s given "
			    "twice", (int)n, arg);
	if (o->n_trust == OPTIONS_MAX_TRUST)
		return fail(err, errlen, "--trust: more than %d",
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
		return fail(err, errlen, "--resolve: more than %d entries",
		    OPTIONS_MAX_RESOLVE);
	if (resolve_entry_parse(arg, &o->resolve[o->n_resolve], why,
	    sizeof why) != ST_OK)
		return fail(err, errlen, "--resolve: %s",
		    quote(why, q, sizeof q));
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
		return fail(err, errlen, "%s: '%s' is not a number of %s "
		    "between %ld and %ld", name, quote(arg, q, sizeof q),
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
		return fail(err, errlen, "--capture: %s",
		    quote(why, q, sizeof q));
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
			return fail(err, errlen, "--shard: '%s': %s",
			    quote(arg, q, sizeof q), why);
		return ST_OK;
	case OPT_RESUME:
		if (*arg == '\0')
			return fail(err, errlen, "--resume: empty file name");
		o->resume_path = arg;
		return ST_OK;
	case OPT_RATE:
	case OPT_RATE_PER_ADDRESS:
		if (!options_parse_rate(arg, ch == OPT_RATE ? &o->rate :
		    &o->rate_per_address, why, sizeof why))
			return fail(err, errlen, "%s: '%s': %s",
			    long_name(ch, name, sizeof name),
			    quote(arg, q, sizeof q), why);
		o->rate_per_address_set |= ch == OPT_RATE_PER_ADDRESS;
		return ST_OK;
	case OPT_QUIET:
		o->quiet = true;
		return ST_OK;
	default:
		o->progress = true;
		return ST_OK;
	}
}

/* --diff OLD.json NEW.json: two snapshots, nothing to probe. */
static enum status
check_diff(struct options *o, int npos, char *const *pos, char *err,
    size_t errlen)
{
	char	q[80];

	if (o->demo || o->capture || o->targets_path != NULL ||
	    o->list_profiles)
		return fail(err, errlen, "--diff: cannot be combined with %s",
		    o->demo ? "--demo" : o->capture ? "--capture" :
		    o->targets_path != NULL ? "--targets" : "--list-profiles");
	if (npos != 2)
		return fail(err, errlen, "--diff: needs two snapshots, OLD.json "
		    "NEW.json%s%s%s", npos > 2 ? " (unexpected '" : "",
		    npos > 2 ? quote(pos[2], q, sizeof q) : "",
		    npos > 2 ? "')" : "");
	o->diff_old = pos[0];
	o->diff_new = pos[1];
	return ST_OK;
}

/* The checks that need the whole command line. */
static enum status
check_combinations(struct options *o, bool v4, bool v6, int npos,
    char *const *pos, char *err, size_t errlen)
{
	char	why[160], q[320];

	if (v4 && v6)
		return fail(err, errlen, "-4 and -6 exclude each other");
	if ((o->cert_file == NULL) != (o->key_file == NULL))
		return fail(err, errlen, "%s needs %s too (a client certificate "
		    "and its private key)", o->cert_file != NULL ? "--cert" :
		    "--key", o->cert_file != NULL ? "--key" : "--cert");
	o->family = v4 ? RESOLVER_V4 : v6 ? RESOLVER_V6 : RESOLVER_ANY;
	if (o->demo) {
		if (npos > 0)
			return fail(err, errlen, "--demo: no HOST allowed, the "
			    "demo probes its own backends ('%s')",
			    quote(pos[0], q, sizeof q));
		if (o->n_resolve > 0 || o->n_dns > 0 ||
		    o->targets_path != NULL)
			return fail(err, errlen, "--demo: cannot be combined "
			    "with %s", o->n_resolve > 0 ? "--resolve" :
			    o->n_dns > 0 ? "--dns" : "--targets");
		return ST_OK;
	}
	if (o->targets_path == NULL && (o->shard_n > 0 ||
	    o->resume_path != NULL))
		return fail(err, errlen, "%s needs --targets", o->shard_n > 0 ?
		    "--shard" : "--resume");
	if (o->quiet && o->progress)
		return fail(err, errlen, "--quiet and --progress exclude each "
		    "other");
	if (o->targets_path != NULL) {
		if (npos > 0)
			return fail(err, errlen, "--targets: no HOST allowed, "
			    "the targets come from the file ('%s')",
			    quote(pos[0], q, sizeof q));
		if (o->capture || o->list_profiles)
			return fail(err, errlen, "--targets: cannot be "
			    "combined with %s", o->capture ? "--capture" :
			    "--list-profiles");
		if (o->n_resolve > 0)
			return fail(err, errlen, "--targets: cannot be "
			    "combined with --resolve");
		if (o->export_path != NULL)
			return fail(err, errlen, "--targets: cannot be "
			    "combined with --export (the lines go to "
			    "standard output)");
		o->batch = true;
		return ST_OK;
	}
	if (npos > 1)
		return fail(err, errlen, "unexpected argument '%s' (only one "
		    "HOST[:PORT])", quote(pos[1], q, sizeof q));
	if (o->capture) {
		if (npos > 0)
			return fail(err, errlen, "--capture: no HOST allowed "
			    "('%s')", quote(pos[0], q, sizeof q));
		return ST_OK;
	}
	if ((o->capture_dir != NULL || o->capture_count > 0) && !o->capture)
		return fail(err, errlen, "%s needs --capture",
		    o->capture_dir != NULL ? "--capture-dir" :
		    "--capture-count");
	if (npos == 0) {
		if (o->list_profiles)
			return ST_OK;
		return fail(err, errlen, "missing HOST (usage: tlsmatrix "
		    "[options] HOST[:PORT]; see tlsmatrix --help)");
	}
	if (target_parse(pos[0], 443, &o->target, why, sizeof why) != ST_OK)
		return fail(err, errlen, "%s", quote(why, q, sizeof q));
	o->have_target = true;
	return ST_OK;
}

enum status
cli_parse(int argc, char *argv[], struct options *o, char *err,
    size_t errlen)
{
	char		 name[32], q[80];
	enum status	 st;
	bool		 v4 = false, v6 = false, diff = false;
	long		 v = 0;
	int		 ch;

	if (errlen > 0)
		err[0] = '\0';
	/* glibc: optind 0 restarts the scan, so cli_parse can run twice */
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, short_opts, long_opts,
	    NULL)) != -1) {
		st = ST_OK;
		switch (ch) {
		case 'p':
			st = add_profiles(o, optarg, err, errlen);
			break;
		case OPT_PROFILE_DIR:
			if (*optarg == '\0')
				return fail(err, errlen,
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
				return fail(err, errlen,
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
		case '4':
			v4 = true;
			break;
		case '6':
			v6 = true;
			break;
		case OPT_SNI:
			if (!sni_valid(optarg))
				return fail(err, errlen, "--sni: '%s' is not "
				    "a host name (letters, digits, '.', '-', "
				    "'_'; at most %d)",
				    quote(optarg, q, sizeof q),
				    NETADDR_HOST_MAX);
			o->sni = optarg;
			break;
		case OPT_CA_FILE:
			if (*optarg == '\0')
				return fail(err, errlen,
				    "--ca-file: empty file name");
			o->ca_file = optarg;
			break;
		case OPT_SYSTEM_STORE:
			if (*optarg == '\0')
				return fail(err, errlen,
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
				return fail(err, errlen, "--format: '%s' is "
				    "not one of text, json, md, jsonl, csv, html",
				    quote(optarg, q, sizeof q));
			break;
		case 'o':
			if (*optarg == '\0')
				return fail(err, errlen,
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
				return fail(err, errlen, "--method: '%s' is "
				    "not one of openssl, hello",
				    quote(optarg, q, sizeof q));
			}
			break;
		case OPT_NO_TIMINGS:
			o->no_timings = true;
			break;
		case OPT_NO_MOUSE:
			o->no_mouse = true;
			break;
		case OPT_DIFF:
			diff = true;
			break;
		case OPT_TARGETS:
			if (*optarg == '\0')
				return fail(err, errlen,
				    "--targets: empty file name");
			o->targets_path = optarg;
			break;
		case OPT_TRACE:
			if (*optarg == '\0')
				return fail(err, errlen,
				    "--trace: empty file name");
			o->trace_path = optarg;
			break;
		case OPT_PROBE_ALL:
			o->probe_all = true;
			break;
		case OPT_CERT:
		case OPT_KEY:
			if (*optarg == '\0')
				return fail(err, errlen, "%s: empty file name",
				    ch == OPT_CERT ? "--cert" : "--key");
			if (ch == OPT_CERT)
				o->cert_file = optarg;
			else
				o->key_file = optarg;
			break;
		case OPT_NO_CONFIG:
			o->no_config = true;
			break;
		case OPT_SHARD:
		case OPT_RESUME:
		case OPT_RATE:
		case OPT_RATE_PER_ADDRESS:
		case OPT_QUIET:
		case OPT_PROGRESS:
			st = fleet_option(ch, optarg, o, err, errlen);
			break;
		case 'h':
			/* help and version win over everything after them */
			o->help = true;
			return ST_OK;
		case 'V':
			o->version = true;
			return ST_OK;
		case ':':
			return fail(err, errlen, "%s: needs a value",
			    long_name(optopt, name, sizeof name));
		case '?':
		default:
			if (optopt != 0 && (optopt >= 256 ||
			    strchr(short_opts + 1, optopt) != NULL))
				return fail(err, errlen, "%s: takes no value",
				    long_name(optopt, name, sizeof name));
			if (optopt > 0 && optopt < 256)
				return fail(err, errlen, "unknown option "
				    "'-%c' (see tlsmatrix --help)",
				    (optopt > ' ' && optopt < 0x7f) ? optopt :
				    '?');
			return fail(err, errlen, "unknown or ambiguous "
			    "option '%s' (see tlsmatrix --help)",
			    quote(argv[optind - 1], q, sizeof q));
		}
		if (st != ST_OK)
			return st;
	}
	if (diff)
		return check_diff(o, argc - optind, argv + optind, err, errlen);
	return check_combinations(o, v4, v6, argc - optind, argv + optind,
	    err, errlen);
}

void
cli_usage(FILE *out)
{
	fputs(
"usage: tlsmatrix [options] HOST[:PORT]\n"
"       tlsmatrix --demo [options]\n"
"       tlsmatrix --list-profiles [--profile-dir DIR]\n"
"       tlsmatrix --capture [ADDR:]PORT [--capture-dir DIR]\n"
"       tlsmatrix --targets FILE [options]\n"
"       tlsmatrix --diff OLD.json NEW.json\n"
"\n"
"Resolves HOST to every address it has and tries each address as each\n"
"client profile: a matrix with one row per address and one column per\n"
"profile, showing which client fails against which backend, and why.\n"
"\n"
"Options:\n"
"  -p, --profiles ID[,ID...]\n"
"                      probe only these profiles, in this order\n"
"                      (repeatable; default: the profiles marked default,\n"
"                      see --list-profiles)\n"
"      --profile-dir DIR\n"
"                      load profiles from DIR instead of\n"
"                      " PKGDATADIR "/profiles\n"
"      --list-profiles list the available profiles (id, name, library,\n"
"                      versions, suites, JA3 and JA4) and exit\n"
"      --capture [ADDR:]PORT\n"
"                      listen on ADDR:PORT (default address 127.0.0.1;\n"
"                      0.0.0.0 or [::] for every interface), record the\n"
"                      ClientHello of each client that connects, answer\n"
"                      with a handshake_failure alert, write a profile\n"
"                      captured-<JA4>.profile and print its JA3 and JA4;\n"
"                      the profile gets the policy of the library the\n"
"                      hello is recognised as (nearest shipped profile)\n"
"      --capture-dir DIR\n"
"                      write captured profiles to DIR (default: .)\n"
"      --capture-count N\n"
"                      stop after N recorded hellos (default: until\n"
"                      interrupted); --timeout limits each client\n"
"      --dns IP[:PORT][,IP[:PORT]...]\n"
"                      ask these DNS servers instead of the system's\n"
"                      (IPv6 as [ADDR]:PORT; repeatable); each is asked\n"
"                      separately and the answers compared: every address\n"
"                      any of them returns is probed, labelled with them\n"
"      --samples N     resolve N times, 1 to 1000 (default: once in\n"
"                      --batch; the TUI resolves again until it quits)\n"
"      --interval MS   time between resolutions, 10 to 3600000 ms\n"
"                      (default 1000 with --samples; the TUI: the\n"
"                      smallest TTL, within 5 to 30 s)\n"
"      --resolve HOST:PORT:ADDR[,ADDR...]\n"
"                      use these addresses for HOST:PORT without asking\n"
"                      DNS, as curl does (repeatable)\n"
"  -4                  probe IPv4 addresses only\n"
"  -6                  probe IPv6 addresses only\n"
"      --sni NAME      send NAME as the server name (default: HOST)\n"
"      --ca-file FILE  every client trusts exactly the CA certificates in\n"
"                      FILE (PEM), instead of its own store\n"
"      --system-store FILE\n"
"                      FILE (PEM) stands for the operating system's store\n"
"                      of the machines where the clients run, for the\n"
"                      profiles that read it (trust_store system; default:\n"
"                      this machine's); profiles with a store of their own\n"
"                      (Node, Java, certifi: " PKGDATADIR "/trust)\n"
"                      keep it\n"
"      --trust ID=FILE profile ID verifies against FILE (PEM) instead of\n"
"                      its store (repeatable)\n"
"      --no-fetch      fetch no missing intermediate from its AIA URL,\n"
"                      even for the clients that do (the cell says what\n"
"                      would have been fetched)\n"
"      --cert FILE, --key FILE\n"
"                      present this client certificate and key (PEM; RSA,\n"
"                      ECDSA, Ed25519) when a server asks for one\n"
"      --timeout MS    time limit of one probe, 100 to 600000 ms\n"
"                      (default 5000)\n"
"  -j, --jobs N        probes running at once, 1 to 256 (default 16)\n"
"      --per-address N probes running at once against one address,\n"
"                      1 to 64 (default 4)\n"
"      --repeat N      probe every cell N times, 1 to 100 (default 1):\n"
"                      a cell shows k/N ok and its distinct outcomes\n"
"      --batch         no TUI: probe every cell, print the snapshot to\n"
"                      standard output and exit\n"
"      --json          the same as --format json\n"
"      --format text|json|md|jsonl|csv|html\n"
"                      snapshot format for --batch and --export\n"
"                      (default text): md is Markdown tables for\n"
"                      tickets; jsonl streams a JSON line per cell as\n"
"                      it finishes, then a summary line; csv is a row\n"
"                      per cell (RFC 4180) for spreadsheets; html is\n"
"                      one self-contained page, the matrix coloured\n"
"                      by verdict and each cell's explanation\n"
"  -o, --export FILE   also write the snapshot to FILE, atomically, when\n"
"                      every cell is done\n"
"      --no-timings    leave times out of snapshots (same bytes each run)\n"
"      --targets FILE  probe every HOST[:PORT] of FILE (one a line, #\n"
"                      comments; - reads standard input), one after\n"
"                      another within --jobs; one JSON document per\n"
"                      line per target; exit status the worst of all\n"
"      --shard I/N     with --targets: only the I-th of N parts (I from 1;\n"
"                      entries I, I+N, I+2N, ... of the list)\n"
"      --resume FILE.jsonl  with --targets: skip the targets whose line is\n"
"                      in FILE, append the others to FILE\n"
"      --rate N/s      new connections a second in all (default: no limit)\n"
"      --rate-per-address N/s  to any one address (default 20/s, as\n"
"                      zgrab2; loopback exempt unless given; 0: no limit)\n"
"      --progress      --targets' progress line on stderr even when it is\n"
"                      no terminal (on a terminal it is on by default)\n"
"      --quiet         no progress line\n"
"      --diff OLD.json NEW.json\n"
"                      what changed between two JSON snapshots:\n"
"                      addresses, cells (vanished ones too), protocols,\n"
"                      suites, groups; exit 1 if something got worse\n"
"      --no-scan       do not enumerate what each server accepts; probe\n"
"                      the profiles only\n"
"      --probe-all     probe every cell on its own: also those the\n"
"                      enumeration settles (a profile with no protocol\n"
"                      version or no cipher suite in common with the\n"
"                      server), and profiles that send the same\n"
"                      ClientHello each with a handshake of its own\n"
"      --method openssl|hello\n"
"                      how a cell is decided: hello (the default)\n"
"                      sends the profile's own ClientHello byte for\n"
"                      byte and applies its policy; openssl performs a\n"
"                      real OpenSSL handshake set up as the profile says\n"
"      --demo          probe a replica of the incident on loopback:\n"
"                      two backends, one without forward-secret suites\n"
"      --ascii         draw with ASCII characters only\n"
"      --no-color      no colours (also when NO_COLOR is set)\n"
"      --no-mouse      the TUI ignores the mouse (the terminal keeps it\n"
"                      for selecting text)\n"
"      --trace FILE    write timestamped milestones to FILE (answers,\n"
"                      cells, scans, the first cell on screen)\n"
"      --no-config     ignore the configuration file\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and the versions of the OpenSSL,\n"
"                      c-ares, curses and jansson it runs with, and exit\n"
"\n"
"Keys: arrows or hjkl move (above the first address: the profile), Enter or\n"
"Tab focus the detail, r re-probes (a: all; t: ten times), R resolves\n"
"again, p pauses, f shows only disagreements, / searches, e exports, P picks\n"
"profiles, c compact cells, m marks a cell (Enter on another compares),\n"
"o and O order columns and rows,\n"
"? shows help, q quits.\n"
"\n"
"Exit status: 0 every cell ok, 1 at least one cell failed, 2 usage error\n"
"(or a terminal the TUI cannot use: --batch), 3 no resolver produced an\n"
"address, a file unreadable or over its limit, an output that cannot be\n"
"written, or another runtime error; 128+N ended by signal N. --diff: 0\n"
"nothing got worse, 1 something did (a cell broke or vanished), 3 a file\n"
"is unreadable, too large or not a snapshot. --targets: the worst of all.\n"
"\n"
"Configuration: $XDG_CONFIG_HOME/tlsmatrix/config, else\n"
"~/.config/tlsmatrix/config: lines of 'key = value' whose key is one of\n"
"the long options profiles, profile-dir, dns, ca-file, timeout, jobs,\n"
"per-address, repeat, samples, interval, format, method, ascii, no-color,\n"
"no-timings, no-scan, probe-all, rate, rate-per-address (flags take\n"
"yes or no); # starts a comment line. The command line wins;\n"
"--no-config ignores the file.\n"
"See tlsmatrix(1) and docs/JSON.md.\n", out);
}

/* --- the configuration file (conffile.h) --- */

/* The long options a file may set: defaults that outlive one run. Not
 * the modes (--demo, --diff, --capture, --targets), nor what names one
 * target (--sni, --resolve) or one run's files (--export, --trace). */
static const char *const config_keys[] = {
	"profiles", "profile-dir", "dns", "ca-file", "timeout", "jobs",
	"per-address", "repeat", "samples", "interval", "format", "method",
	"ascii", "no-color", "no-timings", "no-scan", "probe-all",
	"rate", "rate-per-address",
};

/* What the command line itself gives that changes how the file is read. */
struct cli_given {
	bool	profiles, dns, demo, no_config, help;
};

/* getopt over a copy of argv (getopt permutes what it is given): which
 * options appear. Errors are left to cli_parse. */
static struct cli_given
scan_given(int argc, char *argv[])
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

enum status
cli_load_config(int argc, char *argv[], struct conffile *cf, char *path,
    size_t pathlen, char *err, size_t errlen)
{
	struct cli_given	 g = scan_given(argc, argv);
	char			 why[256], q[320];
	unsigned		 line;
	enum status		 st;

	cf->v = NULL;
	cf->n = 0;
	if (errlen > 0)
		err[0] = '\0';
	/* --help and --version work whatever the file holds */
	if (g.no_config || g.help || !conffile_default_path(path, pathlen))
		return ST_OK;
	st = conffile_load(path, cf, &line, why, sizeof why);
	if (st == ST_ENOENT)
		return ST_OK;
	if (st != ST_OK) {
		quote(path, q, sizeof q);
		if (line > 0)
			return fail(err, errlen, "%s:%u: %s", q, line, why);
		return fail(err, errlen, "%s: %s", q, why);
	}
	return ST_OK;
}

static bool
config_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t	i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(v, yes[i]) == 0 || strcmp(v, no[i]) == 0) {
			*out = strcmp(v, yes[i]) == 0;
			return true;
		}
	}
	return false;
}

/*
 * One setting as the argument it stands for ("--timeout=3000", "--ascii"),
 * or NULL for a flag set to no; checked alone through cli_parse, so the
 * file gets the command line's own checks and messages.
 */
static enum status
config_arg(const struct conffile_entry *e, const char *path, char **arg,
    char *err, size_t errlen)
{
	const struct option	*lo = NULL;
	struct options		*tmp;
	char			*targv[4], why[512], q[320], qv[80];
	size_t			 i;
	bool			 on;
	enum status		 st;

	*arg = NULL;
	quote(path, q, sizeof q);
	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++)
		if (strcmp(e->key, config_keys[i]) == 0)
			break;
	if (i < sizeof config_keys / sizeof config_keys[0])
		for (lo = long_opts; lo->name != NULL; lo++)
			if (strcmp(lo->name, e->key) == 0)
				break;
	if (lo == NULL || lo->name == NULL)
		return fail(err, errlen, "%s:%u: '%s' is not an option a "
		    "configuration file can set (see tlsmatrix --help)", q,
		    e->line, e->key);
	if (lo->has_arg == no_argument) {
		if (!config_bool(e->value, &on))
			return fail(err, errlen, "%s:%u: %s: '%s' is not yes "
			    "or no", q, e->line, e->key,
			    quote(e->value, qv, sizeof qv));
		if (!on)
			return ST_OK;
		*arg = xasprintf("--%s", e->key);
	} else
		*arg = xasprintf("--%s=%s", e->key, e->value);
	/* alone, with a mode that needs no HOST */
	targv[0] = xstrdup("tlsmatrix");
	targv[1] = xstrdup(*arg);
	targv[2] = xstrdup("--list-profiles");
	targv[3] = NULL;
	tmp = xmalloc(sizeof *tmp);
	options_defaults(tmp);
	st = cli_parse(3, targv, tmp, why, sizeof why);
	free(tmp);
	for (i = 0; i < 3; i++)
		free(targv[i]);
	if (st != ST_OK) {
		free(*arg);
		*arg = NULL;
		return fail(err, errlen, "%s:%u: %s", q, e->line, why);
	}
	return ST_OK;
}

enum status
cli_parse_config(int argc, char *argv[], const struct conffile *cf,
    const char *path, struct options *o, struct cli_args *args, char *err,
    size_t errlen)
{
	struct cli_given	 g = scan_given(argc, argv);
	char			*arg;
	size_t			 i, n = cf != NULL ? cf->n : 0;
	int			 k;
	enum status		 st;

	memset(args, 0, sizeof *args);
	args->owned = xcalloc(n + 2, sizeof *args->owned);
	args->argv = xcalloc(n + (size_t)argc + 2, sizeof *args->argv);
	arg = xstrdup(argc > 0 ? argv[0] : "tlsmatrix");
	args->owned[args->n_owned++] = arg;
	args->argv[args->argc++] = arg;
	for (i = 0; i < n; i++) {
		const struct conffile_entry *e = &cf->v[i];

		if ((st = config_arg(e, path, &arg, err, errlen)) != ST_OK)
			return st;
		/* a list on the command line replaces the file's; the demo
		 * has its own backends, no DNS */
		if (arg == NULL || (g.profiles && strcmp(e->key,
		    "profiles") == 0) || ((g.dns || g.demo) &&
		    strcmp(e->key, "dns") == 0)) {
			free(arg);
			continue;
		}
		args->owned[args->n_owned++] = arg;
		args->argv[args->argc++] = arg;
	}
	for (k = 1; k < argc; k++)
		args->argv[args->argc++] = argv[k];
	args->argv[args->argc] = NULL;
	return cli_parse(args->argc, args->argv, o, err, errlen);
}

void
cli_args_free(struct cli_args *a)
{
	size_t	i;

	for (i = 0; i < a->n_owned; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->argv);
	memset(a, 0, sizeof *a);
}
