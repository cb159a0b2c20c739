/*
 * test_conffile.c: the configuration file's syntax (conffile.h): good
 * files split into key, value and line; every kind of bad line refused
 * with its number; the limits; loading a missing, a good and a
 * non-regular file; the default path from XDG_CONFIG_HOME and HOME.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"
#include "xmem.h"
#include "../tap.h"

static struct conffile	cf;
static unsigned		bad_line;
static char		err[256];

static enum status
parse(const char *s)
{
	conffile_cleanup(&cf);
	return conffile_parse(s, strlen(s), &cf, &bad_line, err, sizeof err);
}

static void
test_good(void)
{
	is_int(parse(""), ST_OK, "empty file");
	is_int((int)cf.n, 0, "no settings");
	is_int(parse("# defaults\n\n  \t\ntimeout = 3000\r\n"
	    "profiles=python-3.9,python-3.12\n  ascii\t=  yes  \n"
	    "ca-file = /etc/my ca.pem\n# end"), ST_OK, "a good file");
	is_int((int)cf.n, 4, "four settings");
	is_str(cf.v[0].key, "timeout", "key");
	is_str(cf.v[0].value, "3000", "value without CR");
	is_int((int)cf.v[0].line, 4, "line number counts blank lines");
	is_str(cf.v[1].value, "python-3.9,python-3.12", "no blanks needed");
	is_str(cf.v[2].key, "ascii", "blanks around the key");
	is_str(cf.v[2].value, "yes", "blanks around the value trimmed");
	is_str(cf.v[3].value, "/etc/my ca.pem", "inner blanks kept");
	is_int((int)cf.v[3].line, 7, "line of the last setting");
	is_int(parse("dns = 127.0.0.1\ndns = 127.0.0.2"), ST_OK,
	    "a key twice, no final newline");
	is_int((int)cf.n, 2, "both kept, in order");
	is_str(cf.v[1].value, "127.0.0.2", "second value");
	is_int(parse("timeout = 1 # not a comment"), ST_OK,
	    "'#' inside a value");
	is_str(cf.v[0].value, "1 # not a comment", "kept: paths may hold #");
}

static void
bad(const char *s, unsigned line, const char *want, const char *name)
{
	enum status	st = parse(s);

	ok(st != ST_OK && bad_line == line && strstr(err, want) != NULL &&
	    cf.n == 0 && strchr(err, '\n') == NULL, "%s", name);
	if (st == ST_OK || bad_line != line || strstr(err, want) == NULL)
		printf("#   status %d line %u err '%s'\n", (int)st, bad_line,
		    err);
}

static void
test_bad(void)
{
	char	*big;

	bad("timeout = 1\ntimeout\n", 2, "expected 'key = value'",
	    "a key without '='");
	bad("\n\n= 3\n", 3, "expected 'key = value'", "no key");
	bad("Timeout = 3\n", 1, "expected 'key = value'", "upper case key");
	bad("time out = 3\n", 1, "expected 'key = value'", "blank in key");
	bad("timeout =   \n", 1, "'timeout' has no value", "empty value");
	bad("a = b\nsni = x\x1b[2Jy\n", 2, "control character 0x1b",
	    "ESC in a value");
	bad("a = b\x7f\n", 1, "control character 0x7f", "DEL in a value");
	bad("a = b\n\nc = d\x01\n", 3, "0x01", "C0 in a value");
	ok(conffile_parse("a = b\0c\n", 8, &cf, &bad_line, err, sizeof err)
	    == ST_EPARSE && bad_line == 1 && strstr(err, "NUL") != NULL,
	    "NUL byte");
	bad("abcdefghijabcdefghijabcdefghijabc = 1\n", 1, "key longer than",
	    "a key too long");
	big = xmalloc(CONFFILE_MAX_LINE + 16);
	memset(big, 'x', CONFFILE_MAX_LINE + 8);
	memcpy(big, "a = ", 4);
	big[CONFFILE_MAX_LINE + 8] = '\0';
	bad(big, 1, "line longer than", "a line too long");
	free(big);
	big = xmalloc(CONFFILE_MAX_BYTES + 2);
	memset(big, '\n', CONFFILE_MAX_BYTES + 1);
	big[CONFFILE_MAX_BYTES + 1] = '\0';
	bad(big, 0, "larger than", "a file too large");
	free(big);
	big = xmalloc((CONFFILE_MAX_ENTRIES + 1) * 8 + 1);
	big[0] = '\0';
	for (int i = 0; i <= CONFFILE_MAX_ENTRIES; i++)
		strcat(big, "a = 1\n");
	bad(big, CONFFILE_MAX_ENTRIES + 1, "more than", "too many settings");
	free(big);
}

static void
test_load(void)
{
	char	 dir[] = "/tmp/test_conffile.XXXXXX", path[256], p2[256];
	FILE	*f;

	if (mkdtemp(dir) == NULL) {
		ok(false, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/config", dir);
	conffile_cleanup(&cf);
	is_int(conffile_load(path, &cf, &bad_line, err, sizeof err),
	    ST_ENOENT, "a missing file: ST_ENOENT");
	f = fopen(path, "w");
	fputs("jobs = 4\n\nbad line\n", f);
	fclose(f);
	is_int(conffile_load(path, &cf, &bad_line, err, sizeof err),
	    ST_EPARSE, "a malformed file");
	is_int((int)bad_line, 3, "its line");
	f = fopen(path, "w");
	fputs("jobs = 4\n", f);
	fclose(f);
	is_int(conffile_load(path, &cf, &bad_line, err, sizeof err), ST_OK,
	    "a good file");
	is_str(cf.n == 1 ? cf.v[0].value : "", "4", "its value");
	conffile_cleanup(&cf);
	unlink(path);
	mkdir(path, 0700);
	ok(conffile_load(path, &cf, &bad_line, err, sizeof err) == ST_EIO &&
	    strstr(err, "not a regular file") != NULL, "a directory: %s",
	    err);
	rmdir(path);
	rmdir(dir);

	setenv("XDG_CONFIG_HOME", "/x/y", 1);
	setenv("HOME", "/home/h", 1);
	ok(conffile_default_path(p2, sizeof p2), "a path");
	is_str(p2, "/x/y/tlsmatrix/config", "XDG_CONFIG_HOME first");
	setenv("XDG_CONFIG_HOME", "relative", 1);
	ok(conffile_default_path(p2, sizeof p2), "a path");
	is_str(p2, "/home/h/.config/tlsmatrix/config",
	    "a relative XDG_CONFIG_HOME is ignored (XDG spec)");
	unsetenv("XDG_CONFIG_HOME");
	ok(conffile_default_path(p2, sizeof p2) &&
	    strcmp(p2, "/home/h/.config/tlsmatrix/config") == 0,
	    "unset: ~/.config");
	unsetenv("HOME");
	ok(!conffile_default_path(p2, sizeof p2), "neither: no file");
	setenv("HOME", "/h", 1);
	ok(!conffile_default_path(p2, 8), "a path that does not fit");
}

int
main(void)
{
	test_good();
	test_bad();
	test_load();
	conffile_cleanup(&cf);
	return tap_done();
}
