/*
 * test_cli.c: good and bad command lines through cli_parse, and the help
 * text against the option table.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "xmem.h"
#include "../tap.h"

#define MAX_ARGS	32

/* argv strings are modifiable, as in a real main; they live until the
 * next parse because options point into them */
static char	*args[MAX_ARGS + 1];
static int	 nargs;
static char	 err[512];

static void
free_args(void)
{
	int	i;

	for (i = 0; i < nargs; i++)
		free(args[i]);
	nargs = 0;
}

/* args = "tlsmatrix" and the NULL-terminated arguments of ap; o reset. */
static void
set_args(struct options *o, va_list ap)
{
	const char	*a;

	free_args();
	args[nargs++] = xstrdup("tlsmatrix");
	while ((a = va_arg(ap, const char *)) != NULL && nargs < MAX_ARGS)
		args[nargs++] = xstrdup(a);
	args[nargs] = NULL;
	options_defaults(o);
	err[0] = '\0';
}

/* Parses "tlsmatrix" followed by the NULL-terminated arguments. */
static enum status
parse(struct options *o, ...)
{
	va_list		 ap;

	va_start(ap, o);
	set_args(o, ap);
	va_end(ap);
	return cli_parse(nargs, args, o, err, sizeof err);
}

/* A usage error whose one-line message contains want. */
static void
bad(struct options *o, const char *want, const char *name)
{
	bool	good = strstr(err, want) != NULL &&
		    strchr(err, '\n') == NULL && err[0] != '\0';

	ok(good, "%s", name);
	if (!good)
		printf("#   err: \"%s\", want \"%s\"\n", err, want);
	(void)o;
}

static void
test_defaults(void)
{
	struct options	o;

	options_defaults(&o);
	ok(o.target.port == 443 && o.timeout_ms == 5000 && o.jobs == 16 &&
	    o.per_address == 4 && o.format == OUTPUT_TEXT &&
	    o.family == RESOLVER_ANY && !o.batch && !o.demo,
	    "defaults as documented");
}

static void
test_good(void)
{
	struct options	o;
	char		addr[NETADDR_TEXT_MAX];

	is_int(parse(&o, "api.example.com", NULL), ST_OK, "host only");
	ok(o.have_target && strcmp(o.target.host, "api.example.com") == 0 &&
	    o.target.port == 443, "host, default port 443");

	is_int(parse(&o, "api.example.com:8443", NULL), ST_OK, "host:port");
	is_int(o.target.port, 8443, "port 8443");

	is_int(parse(&o, "[2001:db8::1]:853", NULL), ST_OK, "[v6]:port");
	ok(o.target.is_literal && o.target.port == 853, "v6 literal, port");

	is_int(parse(&o, "-p", "python-3.9,python-3.12", "--profiles",
	    "java-17", "-p", "python-3.9", "h.example", NULL), ST_OK,
	    "repeated -p");
	ok(o.n_profile_ids == 3 &&
	    strcmp(o.profile_ids[0], "python-3.9") == 0 &&
	    strcmp(o.profile_ids[1], "python-3.12") == 0 &&
	    strcmp(o.profile_ids[2], "java-17") == 0,
	    "-p lists split, in order, duplicates once");

	is_int(parse(&o, "--timeout", "100", "-j", "256", "--per-address",
	    "64", "h.example", NULL), ST_OK, "numbers at their limits");
	ok(o.timeout_ms == 100 && o.jobs == 256 && o.per_address == 64,
	    "numbers stored");
	is_int(parse(&o, "--timeout=600000", "--jobs=1", "h.example", NULL),
	    ST_OK, "--opt=value form");
	ok(o.timeout_ms == 600000 && o.jobs == 1, "--opt=value stored");

	is_int(parse(&o, "--dns", "127.0.0.1:5353,[::1]:53", "--dns",
	    "10.0.0.53", "h.example", NULL), ST_OK, "--dns forms");
	is_int(o.n_dns, 3, "three DNS servers");
	if (o.n_dns == 3) {
		is_int(o.dns[0].port, 5353, "first DNS port");
		netaddr_format(&o.dns[1].addr, addr, sizeof addr);
		is_str(addr, "::1", "second DNS server is ::1");
		is_int(o.dns[2].port, 53, "default DNS port 53");
	}

	is_int(parse(&o, "--resolve", "h.example:443:127.0.0.2,127.0.0.3",
	    "--resolve", "h.example:8443:[::1]", "h.example", NULL), ST_OK,
	    "--resolve forms");
	ok(o.n_resolve == 2 && o.resolve[0].n_addrs == 2 &&
	    o.resolve[1].port == 8443, "--resolve entries stored");

	is_int(parse(&o, "--demo", NULL), ST_OK, "--demo without HOST");
	ok(o.demo && !o.have_target, "demo set, no target");
	is_int(parse(&o, "--list-profiles", NULL), ST_OK,
	    "--list-profiles without HOST");
	is_int(parse(&o, "--help", "--timeout", "abc", NULL), ST_OK,
	    "--help first wins");
	ok(o.help, "help set");
	is_int(parse(&o, "-V", NULL), ST_OK, "-V");
	ok(o.version, "version set");

	is_int(parse(&o, "--batch", "--json", "-o", "/tmp/x.json", "-6",
	    "--sni", "api.example.com", "--ascii", "--no-color",
	    "--no-timings", "--ca-file", "/tmp/ca.pem", "--profile-dir",
	    "/tmp/p", "h.example", NULL), ST_OK, "many flags");
	ok(o.batch && o.format == OUTPUT_JSON &&
	    strcmp(o.export_path, "/tmp/x.json") == 0 &&
	    o.family == RESOLVER_V6 && strcmp(o.sni, "api.example.com") == 0 &&
	    o.ascii && o.no_color && o.no_timings &&
	    strcmp(o.ca_file, "/tmp/ca.pem") == 0 &&
	    strcmp(o.profile_dir, "/tmp/p") == 0, "many flags stored");
	is_int(parse(&o, "--json", "--format", "text", "h.example", NULL),
	    ST_OK, "--format after --json");
	is_int(o.format, OUTPUT_TEXT, "last format wins");
	is_int(parse(&o, "h.example", "-4", NULL), ST_OK, "option after HOST");
	is_int(o.family, RESOLVER_V4, "-4 after HOST");
	is_int(parse(&o, "h.example", NULL), ST_OK, "no --starttls");
	is_int(o.starttls, STARTTLS_AUTO, "--starttls: auto by default");
	is_int(parse(&o, "--starttls", "xmpp-server", "h.example", NULL), ST_OK,
	    "--starttls xmpp-server");
	is_int(o.starttls, STARTTLS_XMPP_SERVER, "--starttls stored");
	is_int(parse(&o, "--starttls=none", "h.example:25", NULL), ST_OK,
	    "--starttls=none");
	is_int(o.starttls, STARTTLS_NONE, "--starttls none stored");
}

static void
test_bad(void)
{
	struct options	o;

	is_int(parse(&o, "--starttls", "smtps", "h", NULL), ST_EINVAL,
	    "--starttls smtps");
	bad(&o, "--starttls: unknown protocol 'smtps'", "--starttls message");
	is_int(parse(&o, "--starttls", "\x1b[2J", "h", NULL), ST_EINVAL,
	    "--starttls with an escape");
	ok(strchr(err, '\x1b') == NULL, "--starttls: the escape is not echoed");
	is_int(parse(&o, "host:99999", NULL), ST_EINVAL, "port 99999");
	bad(&o, "99999", "port error quotes the port");
	is_int(parse(&o, "host:0", NULL), ST_EINVAL, "port 0");
	is_int(parse(&o, "host:", NULL), ST_EINVAL, "empty port");
	is_int(parse(&o, "host:44x", NULL), ST_EINVAL, "port 44x");

	is_int(parse(&o, "--timeout", "abc", "h", NULL), ST_EINVAL,
	    "--timeout abc");
	is_str(err, "--timeout: 'abc' is not a number of milliseconds between "
	    "100 and 600000", "--timeout message");
	is_int(parse(&o, "--timeout", "-5", "h", NULL), ST_EINVAL,
	    "--timeout -5");
	bad(&o, "--timeout: '-5'", "--timeout -5 message");
	is_int(parse(&o, "--timeout", "99", "h", NULL), ST_EINVAL,
	    "--timeout 99");
	is_int(parse(&o, "--timeout", "600001", "h", NULL), ST_EINVAL,
	    "--timeout 600001");
	is_int(parse(&o, "--timeout", "5000ms", "h", NULL), ST_EINVAL,
	    "--timeout 5000ms");
	is_int(parse(&o, "--timeout", " 500", "h", NULL), ST_EINVAL,
	    "--timeout with a space");
	is_int(parse(&o, "--timeout", "+500", "h", NULL), ST_EINVAL,
	    "--timeout +500");
	is_int(parse(&o, "--timeout", "99999999999999999999", "h", NULL),
	    ST_EINVAL, "--timeout overflow");
	is_int(parse(&o, "--timeout", "", "h", NULL), ST_EINVAL,
	    "--timeout empty");
	is_int(parse(&o, "-j", "0", "h", NULL), ST_EINVAL, "-j 0");
	bad(&o, "--jobs: '0'", "-j message names --jobs");
	is_int(parse(&o, "-j", "257", "h", NULL), ST_EINVAL, "-j 257");
	is_int(parse(&o, "--per-address", "65", "h", NULL), ST_EINVAL,
	    "--per-address 65");
	bad(&o, "--per-address", "--per-address message");

	is_int(parse(&o, "--resolve", "garbage", "h", NULL), ST_EINVAL,
	    "--resolve garbage");
	bad(&o, "--resolve: ", "--resolve message");
	is_int(parse(&o, "--resolve", "h:443:not-an-ip", "h", NULL),
	    ST_EINVAL, "--resolve bad address");
	is_int(parse(&o, "--resolve", "h:99999:127.0.0.1", "h", NULL),
	    ST_EINVAL, "--resolve bad port");
	is_int(parse(&o, "--dns", "not-an-ip", "h", NULL), ST_EINVAL,
	    "--dns name");
	bad(&o, "--dns: ", "--dns message");
	is_int(parse(&o, "--dns", "127.0.0.1:70000", "h", NULL), ST_EINVAL,
	    "--dns bad port");
	is_int(parse(&o, "--dns", "1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5",
	    "--dns", "1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9", "h", NULL), ST_EINVAL,
	    "more than NETADDR_MAX_DNS servers");

	is_int(parse(&o, "--demo", "api.example.com", NULL), ST_EINVAL,
	    "--demo with HOST");
	bad(&o, "--demo: no HOST", "--demo message");
	is_int(parse(&o, "--demo", "--resolve", "h:443:127.0.0.1", NULL),
	    ST_EINVAL, "--demo with --resolve");
	is_int(parse(&o, NULL), ST_EINVAL, "missing HOST");
	bad(&o, "missing HOST", "missing HOST message");
	is_int(parse(&o, "a.example", "b.example", NULL), ST_EINVAL,
	    "two hosts");
	bad(&o, "unexpected argument 'b.example'", "two hosts message");

	is_int(parse(&o, "--bogus", "h", NULL), ST_EINVAL, "unknown option");
	bad(&o, "unknown or ambiguous option '--bogus'",
	    "unknown option message");
	is_int(parse(&o, "-x", "h", NULL), ST_EINVAL, "unknown short option");
	bad(&o, "unknown option '-x'", "unknown short option message");
	is_int(parse(&o, "h", "--timeout", NULL), ST_EINVAL, "missing value");
	bad(&o, "--timeout: needs a value", "missing value message");
	is_int(parse(&o, "h", "-j", NULL), ST_EINVAL, "-j without value");
	bad(&o, "--jobs: needs a value", "-j missing value names --jobs");
	is_int(parse(&o, "--batch=yes", "h", NULL), ST_EINVAL,
	    "value for a flag");
	bad(&o, "--batch: takes no value", "flag value message");
	is_int(parse(&o, "-4", "-6", "h", NULL), ST_EINVAL, "-4 and -6");
	is_int(parse(&o, "--format", "xml", "h", NULL), ST_EINVAL,
	    "--format xml");
	bad(&o, "--format: 'xml' is not one of text, json", "--format message");
	is_int(parse(&o, "-p", "python-3.9,,java", "h", NULL), ST_EINVAL,
	    "empty profile id");
	is_int(parse(&o, "-p", "Python 3.9", "h", NULL), ST_EINVAL,
	    "bad profile id");
	is_int(parse(&o, "-p", "", "h", NULL), ST_EINVAL, "empty -p");
	is_int(parse(&o, "--sni", "bad name\x1b[2J", "h", NULL), ST_EINVAL,
	    "--sni with space and ESC");
	ok(strchr(err, 0x1b) == NULL, "ESC in a value is escaped in the "
	    "message");
	is_int(parse(&o, "-o", "", "h", NULL), ST_EINVAL, "empty --export");
}

static void
test_usage(void)
{
	static const char *names[] = {
		"--profiles", "--profile-dir", "--list-profiles", "--dns",
		"--resolve", "-4", "-6", "--sni", "--ca-file", "--timeout",
		"--jobs", "--per-address", "--batch", "--json", "--format",
		"--export", "--demo", "--ascii", "--no-color", "--no-timings",
		"--help", "--version", "-p,", "-j,", "-o,", "-h,", "-V,",
		"--no-config",
	};
	char	*text = NULL;
	size_t	 len = 0, i;
	FILE	*f = open_memstream(&text, &len);
	bool	 all = true;

	cli_usage(f);
	fclose(f);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strstr(text, names[i]) == NULL) {
			printf("#   help lacks %s\n", names[i]);
			all = false;
		}
	}
	ok(all, "help mentions every option");
	free(text);
}

/* Issue #8: --format md/jsonl, --diff OLD NEW, --targets FILE. */
static void
test_snapshots(void)
{
	struct options	o;

	is_int(parse(&o, "--format", "md", "--batch", "h", NULL), ST_OK,
	    "--format md");
	is_int(o.format, OUTPUT_MD, "md format");
	is_int(parse(&o, "--format", "jsonl", "h", NULL), ST_OK,
	    "--format jsonl");
	is_int(o.format, OUTPUT_JSONL, "jsonl format");
	is_int(parse(&o, "--diff", "old.json", "new.json", NULL), ST_OK,
	    "--diff OLD NEW");
	is_str(o.diff_old, "old.json", "--diff: OLD");
	is_str(o.diff_new, "new.json", "--diff: NEW");
	is_int(parse(&o, "--diff", "old.json", NULL), ST_EINVAL,
	    "--diff with one file");
	bad(&o, "--diff: needs two snapshots", "--diff message");
	is_int(parse(&o, "--diff", "a", "b", "c", NULL), ST_EINVAL,
	    "--diff with three files");
	is_int(parse(&o, "--diff", "--demo", "a", "b", NULL), ST_EINVAL,
	    "--diff with --demo");
	is_int(parse(&o, "--targets", "list", NULL), ST_OK, "--targets FILE");
	is_str(o.targets_path, "list", "--targets path");
	ok(o.batch, "--targets implies batch");
	is_int(parse(&o, "--targets", "list", "h", NULL), ST_EINVAL,
	    "--targets with a HOST");
	bad(&o, "--targets: no HOST allowed", "--targets message");
	is_int(parse(&o, "--targets", "", NULL), ST_EINVAL,
	    "--targets with an empty name");
	is_int(parse(&o, "--targets", "l", "-o", "x", NULL), ST_EINVAL,
	    "--targets with --export");
	is_int(parse(&o, "--targets", "l", "--demo", NULL), ST_EINVAL,
	    "--targets with --demo");
}

/* Issue #20: --format csv/html; the configuration file's settings under
 * the command line (cli_parse_config). */
static struct cli_args	cargs;

static enum status
parse_cfg(struct options *o, const char *file, ...)
{
	struct conffile	 cf;
	unsigned	 line;
	va_list		 ap;
	enum status	 st;

	cli_args_free(&cargs);
	va_start(ap, file);
	set_args(o, ap);
	va_end(ap);
	if (conffile_parse(file, strlen(file), &cf, &line, err, sizeof err)
	    != ST_OK)
		return ST_EPARSE;
	st = cli_parse_config(nargs, args, &cf, "/h/.config/tlsmatrix/config",
	    o, &cargs, err, sizeof err);
	conffile_cleanup(&cf);
	return st;
}

static void
test_config(void)
{
	struct options	o;

	is_int(parse(&o, "--format", "csv", "h", NULL), ST_OK,
	    "--format csv");
	is_int(o.format, OUTPUT_CSV, "csv format");
	is_int(parse(&o, "--format", "html", "h", NULL), ST_OK,
	    "--format html");
	is_int(o.format, OUTPUT_HTML, "html format");
	is_int(parse(&o, "--format", "xls", "h", NULL), ST_EINVAL,
	    "--format xls");
	bad(&o, "csv, html", "--format lists csv and html");
	is_int(parse(&o, "--no-config", "h", NULL), ST_OK, "--no-config");
	ok(o.no_config, "no_config set");

	is_int(parse_cfg(&o, "timeout = 3000\njobs = 4\nascii = yes\n"
	    "no-color = no\nformat = csv\nprofiles = python-3.9,java-17\n"
	    "dns = 127.0.0.1:5353\n", "h", NULL), ST_OK, "a file's defaults");
	is_int(o.timeout_ms, 3000, "timeout from the file");
	is_int((int)o.jobs, 4, "jobs from the file");
	ok(o.ascii, "ascii = yes");
	ok(!o.no_color, "no-color = no leaves colours on");
	is_int(o.format, OUTPUT_CSV, "format from the file");
	is_int((int)o.n_profile_ids, 2, "profiles from the file");
	is_str(o.n_profile_ids > 1 ? o.profile_ids[1] : "", "java-17",
	    "the file's second profile");
	is_int((int)o.n_dns, 1, "dns from the file");
	ok(o.have_target && strcmp(o.target.host, "h") == 0,
	    "the command line's HOST");

	is_int(parse_cfg(&o, "timeout = 3000\nprofiles = java-17\n"
	    "dns = 127.0.0.1\n", "--timeout", "200", "-p", "python-3.12",
	    "--dns", "127.0.0.2,127.0.0.3", "h", NULL), ST_OK,
	    "the command line over the file");
	is_int(o.timeout_ms, 200, "the command line's timeout wins");
	ok(o.n_profile_ids == 1 && strcmp(o.profile_ids[0], "python-3.12")
	    == 0, "-p replaces the file's profiles");
	is_int((int)o.n_dns, 2, "--dns replaces the file's resolvers");
	is_int(parse_cfg(&o, "dns = 127.0.0.1\n", "--demo", NULL), ST_OK,
	    "the file's dns does not stop --demo");
	is_int((int)o.n_dns, 0, "--demo: no resolver from the file");

	is_int(parse_cfg(&o, "timeout = 1000\n\njobs = lots\n", "h", NULL),
	    ST_EINVAL, "a bad value in the file");
	bad(&o, "/h/.config/tlsmatrix/config:3: --jobs: 'lots' is not a "
	    "number", "names the file, the line and the option");
	is_int(parse_cfg(&o, "demo = yes\n", "h", NULL), ST_EINVAL,
	    "a mode in the file");
	bad(&o, "config:1: 'demo' is not an option a configuration file can "
	    "set", "demo refused");
	is_int(parse_cfg(&o, "bogus = 1\n", "h", NULL), ST_EINVAL,
	    "an unknown key");
	bad(&o, "config:1: 'bogus' is not", "unknown key refused");
	is_int(parse_cfg(&o, "ascii = maybe\n", "h", NULL), ST_EINVAL,
	    "a flag neither yes nor no");
	bad(&o, "config:1: ascii: 'maybe' is not yes or no", "flag value");
	is_int(parse_cfg(&o, "sni = x\n", "h", NULL), ST_EINVAL,
	    "a per-target option in the file");
	is_int(parse_cfg(&o, "profiles = Bad!\n", "h", NULL), ST_EINVAL,
	    "a bad profile id in the file");
	bad(&o, "config:1: --profiles:", "the option's own message");
	is_int(parse_cfg(&o, "", "--timeout", "5", "h", NULL), ST_EINVAL,
	    "an empty file: the command line's errors as before");
	bad(&o, "--timeout: '5'", "the command line's message");
	cli_args_free(&cargs);
}

int
main(void)
{
	test_defaults();
	test_good();
	test_bad();
	test_usage();
	test_snapshots();
	test_config();
	free_args();
	return tap_done();
}
