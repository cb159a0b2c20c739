/*
 * capdata.h: the captured ClientHellos of tests/data/hello for the tests
 * of client_hello, fingerprint and profile_write: list the .hex files,
 * read one into bytes, map a file to its profile id. Header-only.
 */
#ifndef TLSMATRIX_TEST_CAPDATA_H
#define TLSMATRIX_TEST_CAPDATA_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cap_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads a one-line hex file into a new buffer of exactly its size. */
static uint8_t * __attribute__((unused))
cap_read(const char *dir, const char *file, size_t *len)
{
	char path[8448];
	FILE *f;
	uint8_t *out;
	int c, hi = -1, v;
	size_t n = 0, cap = 4096;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	out = malloc(cap);
	while ((c = fgetc(f)) != EOF) {
		if ((v = cap_hexval(c)) < 0)
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			out = realloc(out, cap *= 2);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	fclose(f);
	*len = n;
	return realloc(out, n > 0 ? n : 1);
}

static int
cap_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted .hex names in dir, NULL-terminated. */
static char ** __attribute__((unused))
cap_list(const char *dir, size_t *n)
{
	DIR *d;
	struct dirent *de;
	char **v = calloc(1, sizeof *v);
	size_t len;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return v;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".hex") != 0)
			continue;
		v = realloc(v, (*n + 2) * sizeof *v);
		v[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof *v, cap_cmp);
	v[*n] = NULL;
	return v;
}

static void __attribute__((unused))
cap_list_free(char **v)
{
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* The profile id of a capture file (tests/data/hello/README.md). */
static void __attribute__((unused))
cap_profile_id(const char *file, char *id, size_t len)
{
	const char *dot = strstr(file, ".hex");

	if (strncmp(file, "chromium-156-", 13) == 0)
		snprintf(id, len, "chrome-156");
	else if (strncmp(file, "firefox-esr-153-", 16) == 0)
		snprintf(id, len, "firefox-153");
	else
		snprintf(id, len, "%.*s", (int)(dot - file), file);
}

#endif
