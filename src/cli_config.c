/*
 * cli_config.c: the configuration file (conffile.h) as command-line
 * options.
 *
 * cli_load_config reads $XDG_CONFIG_HOME/tlsmatrix/config unless the
 * command line says not to; cli_parse_config puts each of its settings
 * before argv as the option it stands for, so every value gets the command
 * line's own checks and the command line wins. The option table stays in
 * cli.c (cli_int.h). Main thread, before anything starts.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_int.h"
#include "conffile.h"
#include "options.h"
#include "xmem.h"

/* The long options a file may set: defaults that outlive one run. Not
 * the modes (--demo, --diff, --capture, --targets), nor what names one
 * target (--sni, --resolve) or one run's files (--export, --trace). */
static const char *const config_keys[] = {
	"profiles", "profile-dir", "dns", "ca-file", "timeout", "jobs",
	"per-address", "repeat", "samples", "interval", "format", "method",
	"ascii", "no-color", "no-timings", "no-scan", "probe-all",
};

enum status
cli_load_config(int argc, char *argv[], struct conffile *cf, char *path,
    size_t pathlen, char *err, size_t errlen)
{
	struct cli_given	 g = cli_scan_given(argc, argv);
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
		cli_quote(path, q, sizeof q);
		if (line > 0)
			return cli_fail(err, errlen, "%s:%u: %s", q, line, why);
		return cli_fail(err, errlen, "%s: %s", q, why);
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
	struct options		*tmp;
	char			*targv[4], why[STATUS_ERR_MAX], q[320], qv[80];
	size_t			 i;
	int			 has_arg = -1;
	bool			 on;
	enum status		 st;

	*arg = NULL;
	cli_quote(path, q, sizeof q);
	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++)
		if (strcmp(e->key, config_keys[i]) == 0)
			break;
	if (i < sizeof config_keys / sizeof config_keys[0])
		has_arg = cli_long_has_arg(e->key);
	if (has_arg < 0)
		return cli_fail(err, errlen, "%s:%u: '%s' is not an option a "
		    "configuration file can set (see tlsmatrix --help)", q,
		    e->line, e->key);
	if (has_arg == no_argument) {
		if (!config_bool(e->value, &on))
			return cli_fail(err, errlen, "%s:%u: %s: '%s' is not yes "
			    "or no", q, e->line, e->key,
			    cli_quote(e->value, qv, sizeof qv));
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
		return cli_fail(err, errlen, "%s:%u: %s", q, e->line, why);
	}
	return ST_OK;
}

enum status
cli_parse_config(int argc, char *argv[], const struct conffile *cf,
    const char *path, struct options *o, struct cli_args *args, char *err,
    size_t errlen)
{
	struct cli_given	 g = cli_scan_given(argc, argv);
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
