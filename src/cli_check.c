/*
 * cli_check.c: what the options say together, once every one is read
 * (cli_int.h): --diff's two files, the target and its ports, the
 * combinations that make no sense, the fix preview's. cli_parse calls
 * these; main thread.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_int.h"

/* --diff OLD.json NEW.json: two snapshots, nothing to probe. */
enum status
cli_check_diff(struct options *o, int npos, char *const *pos, char *err,
    size_t errlen)
{
	char	q[80];

	if (o->demo || o->capture || o->targets_path != NULL ||
	    o->list_profiles)
		return cli_fail(err, errlen, "--diff: cannot be combined with %s",
		    o->demo ? "--demo" : o->capture ? "--capture" :
		    o->targets_path != NULL ? "--targets" : "--list-profiles");
	if (npos != 2)
		return cli_fail(err, errlen, "--diff: needs two snapshots, OLD.json "
		    "NEW.json%s%s%s", npos > 2 ? " (unexpected '" : "",
		    npos > 2 ? cli_quote(pos[2], q, sizeof q) : "",
		    npos > 2 ? "')" : "");
	o->diff_old = pos[0];
	o->diff_new = pos[1];
	return ST_OK;
}

/* Appends the ports of list ("443,8443") to o->ports; false with why. */
static bool
add_ports(struct options *o, const char *list, const char *what, char *why,
    size_t whylen)
{
	char one[8];
	const char *p = list, *e;
	uint16_t port;
	size_t i, n;

	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 0 || n >= sizeof one) {
			snprintf(why, whylen, "%s: \"%.40s\" is not a list of "
			    "ports (PORT,PORT,...)", what, list);
			return false;
		}
		memcpy(one, p, n);
		one[n] = '\0';
		if (!netaddr_parse_port(one, &port)) {
			snprintf(why, whylen, "%s: port \"%s\" is not a "
			    "number from 1 to 65535", what, one);
			return false;
		}
		for (i = 0; i < o->n_ports; i++)
			if (o->ports[i] == port) {
				snprintf(why, whylen, "%s: port %u is listed "
				    "twice", what, (unsigned)port);
				return false;
			}
		if (o->n_ports == OPTIONS_MAX_PORTS) {
			snprintf(why, whylen, "%s: more than %d ports", what,
			    OPTIONS_MAX_PORTS);
			return false;
		}
		o->ports[o->n_ports++] = port;
		if (e == NULL)
			return true;
		p = e + 1;
	}
}

/*
 * HOST[:PORT[,PORT...]] and -P/--ports LIST into o->target and o->ports:
 * one row per address and port. The first port is target.port.
 */
static enum status
target_ports(struct options *o, const char *s, char *why, size_t whylen)
{
	char buf[NETADDR_HOST_MAX + 64];
	char *comma;

	o->n_ports = 0;
	if (strlen(s) >= sizeof buf) {
		snprintf(why, whylen, "target \"%.40s...\" is too long", s);
		return ST_EINVAL;
	}
	snprintf(buf, sizeof buf, "%s", s);
	comma = buf[0] == '[' ? strchr(strchr(buf, ']') != NULL ?
	    strchr(buf, ']') : buf, ',') : strchr(buf, ',');
	if (comma != NULL)
		*comma = '\0';
	if (target_parse(buf, 0, &o->target, why, whylen) != ST_OK)
		return ST_EINVAL;
	if (comma != NULL && o->target.port == 0) {
		snprintf(why, whylen, "target \"%.60s\": write HOST:PORT,PORT "
		    "(the first port is missing)", s);
		return ST_EINVAL;
	}
	if (o->ports_arg != NULL) {
		if (o->target.port != 0) {
			snprintf(why, whylen, "give the ports after HOST: or "
			    "with --ports, not both");
			return ST_EINVAL;
		}
		if (!add_ports(o, o->ports_arg, "--ports", why, whylen))
			return ST_EINVAL;
		o->target.port = o->ports[0];
		return ST_OK;
	}
	if (o->target.port == 0)
		o->target.port = 443;
	o->ports[o->n_ports++] = o->target.port;
	if (comma != NULL && !add_ports(o, comma + 1, "target", why, whylen))
		return ST_EINVAL;
	return ST_OK;
}

/* The checks that need the whole command line. */
enum status
cli_check_combinations(struct options *o, bool v4, bool v6, int npos,
    char *const *pos, char *err, size_t errlen)
{
	char	why[160], q[320];

	if (v4 && v6)
		return cli_fail(err, errlen, "-4 and -6 exclude each other");
	if ((o->cert_file == NULL) != (o->key_file == NULL))
		return cli_fail(err, errlen, "%s needs %s too (a client certificate "
		    "and its private key)", o->cert_file != NULL ? "--cert" :
		    "--key", o->cert_file != NULL ? "--key" : "--cert");
	o->family = v4 ? RESOLVER_V4 : v6 ? RESOLVER_V6 : RESOLVER_ANY;
	if (o->demo) {
		if (npos > 0)
			return cli_fail(err, errlen, "--demo: no HOST allowed, the "
			    "demo probes its own backends ('%s')",
			    cli_quote(pos[0], q, sizeof q));
		if (o->n_resolve > 0 || o->n_dns > 0 ||
		    o->targets_path != NULL)
			return cli_fail(err, errlen, "--demo: cannot be combined "
			    "with %s", o->n_resolve > 0 ? "--resolve" :
			    o->n_dns > 0 ? "--dns" : "--targets");
		return ST_OK;
	}
	if (o->targets_path == NULL && (o->shard_n > 0 ||
	    o->resume_path != NULL))
		return cli_fail(err, errlen, "%s needs --targets", o->shard_n > 0 ?
		    "--shard" : "--resume");
	if (o->quiet && o->progress)
		return cli_fail(err, errlen, "--quiet and --progress exclude each "
		    "other");
	if (o->targets_path != NULL) {
		if (npos > 0)
			return cli_fail(err, errlen, "--targets: no HOST allowed, "
			    "the targets come from the file ('%s')",
			    cli_quote(pos[0], q, sizeof q));
		if (o->capture || o->list_profiles)
			return cli_fail(err, errlen, "--targets: cannot be "
			    "combined with %s", o->capture ? "--capture" :
			    "--list-profiles");
		if (o->n_resolve > 0)
			return cli_fail(err, errlen, "--targets: cannot be "
			    "combined with --resolve");
		if (o->export_path != NULL)
			return cli_fail(err, errlen, "--targets: cannot be "
			    "combined with --export (the lines go to "
			    "standard output)");
		o->batch = true;
		return ST_OK;
	}
	if (npos > 1)
		return cli_fail(err, errlen, "unexpected argument '%s' (only one "
		    "HOST[:PORT])", cli_quote(pos[1], q, sizeof q));
	if (o->capture) {
		if (npos > 0)
			return cli_fail(err, errlen, "--capture: no HOST allowed "
			    "('%s')", cli_quote(pos[0], q, sizeof q));
		return ST_OK;
	}
	if ((o->capture_dir != NULL || o->capture_count > 0) && !o->capture)
		return cli_fail(err, errlen, "%s needs --capture",
		    o->capture_dir != NULL ? "--capture-dir" :
		    "--capture-count");
	if (npos == 0) {
		if (o->list_profiles)
			return ST_OK;
		return cli_fail(err, errlen, "missing HOST (usage: tlsmatrix "
		    "[options] HOST[:PORT]; see tlsmatrix --help)");
	}
	if (target_ports(o, pos[0], why, sizeof why) != ST_OK)
		return cli_fail(err, errlen, "%s", cli_quote(why, q, sizeof q));
	o->have_target = true;
	return ST_OK;
}

/* What the options say together about the fix preview. */
enum status
cli_check_preview(const struct options *o, char *err, size_t errlen)
{
	if ((o->what_if != NULL || o->suggest_fix) &&
	    (o->targets_path != NULL || (o->what_if != NULL && o->suggest_fix)))
		return cli_fail(err, errlen, "%s: not with %s", o->what_if != NULL ?
		    "--what-if" : "--suggest-fix", o->targets_path != NULL ?
		    "--targets" : "--suggest-fix");
	if (o->n_what_if_addrs > 0 && o->what_if == NULL && !o->suggest_fix)
		return cli_fail(err, errlen, "--what-if-address needs --what-if or "
		    "--suggest-fix");
	return ST_OK;
}
