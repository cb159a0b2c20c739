/*
 * profile_write.h: a struct profile as profile file text.
 *
 * The inverse of profile_parse (profile.h, docs/PROFILES.md): the text
 * profile_write gives parses back into an equal profile. Codes the name
 * tables know are written as names, others as 0xHHHH. Used by the capture
 * server to save what a client sent. Pure; any thread.
 */
#ifndef TLSMATRIX_PROFILE_WRITE_H
#define TLSMATRIX_PROFILE_WRITE_H

#include <stddef.h>

#include "profile.h"
#include "status.h"

/*
 * Formats p as a profile file into a new NUL-terminated *out (*len bytes
 * without the NUL) that the caller frees. comment, when not NULL, goes
 * first as "# " lines (split at '\n'). ST_EINVAL with err for a value the
 * format cannot hold (an empty required field, text with a control
 * character or a comment mark, an ALPN name with a blank or a comma);
 * ST_ERANGE past PROFILE_MAX_FILE or a 64 KiB line.
 */
enum status	profile_write(const struct profile *p, const char *comment,
		    char **out, size_t *len, char *err, size_t errlen);

#endif
