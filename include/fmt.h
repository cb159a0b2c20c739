/*
 * fmt.h: text for humans, shared by the TUI and the text export.
 *
 * Pure formatting: a cell's glyph and short label, a verdict's words, and
 * the escaping that keeps server-controlled bytes (certificate names,
 * alert texts) from reaching a terminal as control sequences. Any thread.
 */
#ifndef TLSMATRIX_FMT_H
#define TLSMATRIX_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain.h"
#include "model.h"
#include "result.h"

enum cell_class {
	CLASS_PENDING = 0,
	CLASS_OK,
	CLASS_FAIL,
	CLASS_ERROR,
};

enum cell_class	 fmt_cell_class(const struct model_cell *c);
/* One ASCII glyph per class: "." pending, "+" ok, "x" fail, "!" error. */
const char	*fmt_cell_glyph_ascii(enum cell_class k);
/* UTF-8 glyphs: "…", "✔", "✘", "!". */
const char	*fmt_cell_glyph_utf8(enum cell_class k);
/*
 * A short label: "TLS1.2 ECDHE-RSA-AES256-SHA384" when ok, the reason name
 * ("no-shared-cipher", "alert:handshake_failure") when not, "..." while
 * pending. ASCII only; always terminates buf.
 */
void		 fmt_cell_label(const struct model_cell *c, char *buf,
		    size_t len);
/* The same, with "\u2026" for pending when utf8 is true. */
void		 fmt_cell_label_mode(const struct model_cell *c, bool utf8,
		    char *buf, size_t len);
/* A failed result's reason name, "alert:NAME" for a server alert. */
void		 fmt_reason_label(const struct probe_result *r, char *buf,
		    size_t len);
/* The machine reason name of a result (result_reason_name), with
 * "canceled", "local-error" or "unknown" for a failure without a reason
 * and "" for success. */
const char	*fmt_reason_name(const struct probe_result *r);
/* A suite's OpenSSL name, else its IANA name, else "0xC0FF". */
void		 fmt_suite_short(uint16_t code, char *buf, size_t len);
/*
 * Copies src into buf, replacing control characters (C0, DEL, C1 as
 * UTF-8), backslash and invalid or overlong UTF-8 with \xHH escapes; keeps
 * valid printable UTF-8 when utf8 is true, else escapes every byte >= 0x80.
 * Never writes past len, always terminates buf (len > 0), and cuts only
 * between whole escapes and whole characters. src NULL gives "".
 */
void		 fmt_sanitize(const char *src, char *buf, size_t len,
		    bool utf8);
/* True for code points never shown raw: C0, DEL, C1, bidi overrides and
 * isolates, U+2028/U+2029, U+FEFF. Shared with the JSON escaper. */
bool		 fmt_codepoint_unsafe(uint32_t cp);
/* Length of the valid UTF-8 sequence at s (n bytes available), 0 when
 * invalid, overlong, a surrogate or past U+10FFFF; *cp gets its value. */
size_t		 fmt_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Protocol name for the table: "TLS1.2"; "-" when 0. */
const char	*fmt_version_short(unsigned version);
/*
 * The detail lines for a cell, into buf separated by '\n', sanitized:
 * verdict, negotiated parameters, failure and its explanation, the
 * certificate, timings.
 */
void		 fmt_cell_detail(const struct model *m, size_t row, size_t col,
		    char *buf, size_t len);
/* The same; utf8 keeps valid printable UTF-8 in server strings (the TUI
 * on a UTF-8 terminal), else the output is pure ASCII. */
void		 fmt_cell_detail_mode(const struct model *m, size_t row,
		    size_t col, bool utf8, char *buf, size_t len);

/* The explanation of a finished cell against its row's enumeration
 * (explain.h); false while the cell is pending. */
bool		 fmt_cell_explain(const struct model *m, size_t row, size_t col,
		    struct explanation *e);
/* fmt_cell_label_mode, with the refined reason (e.g. "no-shared-cipher"
 * rather than the alert) once the enumeration explains a failure. */
void		 fmt_cell_label_at(const struct model *m, size_t row,
		    size_t col, bool utf8, char *buf, size_t len);

/*
 * The detail lines for an address (a row header): where it came from and
 * what the enumeration found (protocols with their suites in the server's
 * order, groups, DH size, certificate, connections used), sanitized.
 */
/*
 * The row's resolver tag for the address list: "#1,#2" (the resolvers that
 * returned it) when there are several, and " gone" when it is in no latest
 * answer; "" otherwise. Always terminated.
 */
void		 fmt_row_tag(const struct model *m, size_t row, char *buf,
		    size_t len);
void		 fmt_server_detail(const struct model *m, size_t row,
		    bool utf8, char *buf, size_t len);
/*
 * The certificate decisions at an address: what the server asked of the
 * clients' own certificates when it asked (#15: required or not, the CAs
 * and signature algorithms), then (#14) the chain as sent,
 * each distinct chain the clients built (grouped by family, with their
 * store and where it ended), and for each anchor reached the profiles
 * whose stores hold it and those that failed cert-untrusted. "" before
 * any cell saw a certificate. Sanitized.
 */
void		 fmt_chain_detail(const struct model *m, size_t row,
		    bool utf8, char *buf, size_t len);

/*
 * The compact cell: a code of at most FMT_CODE_MAX columns for the TUI's
 * narrow columns and the history strip's legend: the protocol ("1.3")
 * when ok, "k/N" under repeats, else a short reason code ("ciph" for
 * no-shared-cipher, "proto", "trust", ...; fmt_reason_code). Refined by
 * the enumeration like fmt_cell_label_at. "" while pending.
 */
#define FMT_CODE_MAX	5
const char	*fmt_reason_code(enum fail_reason r);
void		 fmt_cell_code_at(const struct model *m, size_t row,
		    size_t col, char *buf, size_t len);
/* The class of one remembered result (model_cell_hist). */
enum cell_class	 fmt_hist_class(const struct model_hist *h);
/* How many of the remembered results were successes. */
size_t		 fmt_hist_ok(const struct model_cell *c);
/* The history strip: one glyph per remembered result, oldest first. */
void		 fmt_hist_strip(const struct model_cell *c, bool utf8,
		    char *buf, size_t len);
/* True when the remembered results do not all have the same verdict,
 * or successes differ in protocol or suite (flapping). */
bool		 fmt_hist_flaps(const struct model_cell *c);
/* One remembered result as words: "ok TLS1.2 ECDHE-RSA-AES128-SHA",
 * "fail alert:handshake_failure". ASCII. */
void		 fmt_hist_words(const struct model_hist *h, char *buf,
		    size_t len);
/* The history lines for a detail pane: the strip, then one line per
 * result with its time (when timings is true), sanitized. "" with fewer
 * than two results. */
void		 fmt_cell_history(const struct model_cell *c, bool utf8,
		    bool timings, char *buf, size_t len);

#endif
