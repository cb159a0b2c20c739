/*
 * dns_answer.c: CNAME loops in a raw DNS reply (see dns_answer.h).
 *
 * Every read goes through the bytes.h cursor. Names are decompressed by
 * hand (RFC 1035 §4.1.4) because a compression pointer reaches back into
 * the whole message: each pointer must point before the one that led to
 * it, which bounds the walk and refuses loops, and a name longer than
 * DNS_NAME_MAX is refused. Pure; called by the resolver on its worker.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bytes.h"
#include "dns_answer.h"

#define DNS_HEADER_LEN	12
#define DNS_TYPE_CNAME	5
#define DNS_PTR_MASK	0xc0

typedef char dns_name[DNS_NAME_MAX + 2];

/* Strips one trailing dot for comparing names. */
static size_t
name_len(const char *s)
{
	size_t n = strlen(s);

	return n > 1 && s[n - 1] == '.' ? n - 1 : n;
}

bool
dns_name_eq(const char *a, const char *b)
{
	size_t na = name_len(a), nb = name_len(b);

	return na == nb && strncasecmp(a, b, na) == 0;
}

/*
 * Reads the name at the cursor r (which advances past its encoding in
 * place) into out, following pointers into msg. Labels are written as
 * they are, dot-separated; a name of no labels is ".".
 */
static bool
read_name(struct rd *r, const uint8_t *msg, size_t len, char *out)
{
	struct rd cur = *r;
	size_t o = 0, limit = len;
	bool jumped = false;
	uint8_t n, lo;

	for (;;) {
		const uint8_t *label;

		if (!rd_u8(&cur, &n))
			return false;
		if (n == 0)
			break;
		if ((n & DNS_PTR_MASK) == DNS_PTR_MASK) {
			size_t at;

			if (!rd_u8(&cur, &lo))
				return false;
			at = (size_t)(n & ~DNS_PTR_MASK) << 8 | lo;
			/* Strictly backwards: no loop, at most len jumps. */
			if (at >= limit)
				return false;
			limit = at;
			if (!jumped)
				*r = cur;
			jumped = true;
			rd_init(&cur, msg + at, len - at);
			continue;
		}
		if ((n & DNS_PTR_MASK) != 0 || !rd_bytes(&cur, &label, n) ||
		    o + n + 1 > DNS_NAME_MAX)
			return false;
		memcpy(out + o, label, n);
		o += n;
		out[o++] = '.';
	}
	if (!jumped)
		*r = cur;
	if (o == 0)
		out[o++] = '.';
	out[o > 1 ? o - 1 : o] = '\0';
	return true;
}

static bool
seen_before(dns_name *seen, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dns_name_eq(seen[i], s))
			return true;
	return false;
}

bool
dns_answer_has_cname_loop(const uint8_t *msg, size_t len, const char *name)
{
	dns_name from[DNS_ANSWER_MAX_RR], to[DNS_ANSWER_MAX_RR];
	dns_name seen[DNS_ANSWER_MAX_RR + 1];
	struct rd r, rdata;
	uint16_t qd, an, type, cls, i;
	size_t n = 0, nseen = 0, hop, k;
	const char *cur = name;
	uint32_t ttl;

	rd_init(&r, msg, len);
	if (!rd_skip(&r, 4) || !rd_u16(&r, &qd) || !rd_u16(&r, &an) ||
	    !rd_skip(&r, 4))
		return false;
	for (i = 0; i < qd; i++) {
		dns_name q;

		if (!read_name(&r, msg, len, q) || !rd_skip(&r, 4))
			return false;
	}
	for (i = 0; i < an && n < DNS_ANSWER_MAX_RR; i++) {
		if (!read_name(&r, msg, len, from[n]) || !rd_u16(&r, &type) ||
		    !rd_u16(&r, &cls) || !rd_u32(&r, &ttl) ||
		    !rd_prefixed_u16(&r, &rdata))
			break;
		if (type == DNS_TYPE_CNAME &&
		    read_name(&rdata, msg, len, to[n]))
			n++;
	}
	if (strlen(name) > DNS_NAME_MAX)
		return false;
	snprintf(seen[nseen++], sizeof seen[0], "%s", name);
	for (hop = 0; hop < n; hop++) {
		for (k = 0; k < n; k++)
			if (dns_name_eq(from[k], cur))
				break;
		if (k == n)
			return false;
		cur = to[k];
		if (seen_before(seen, nseen, cur))
			return true;
		snprintf(seen[nseen++], sizeof seen[0], "%s", cur);
	}
	return false;
}
