/*
 * whatif_view.h: the fix preview over a whole matrix (issue #16), for the
 * batch snapshot (--what-if, --suggest-fix) and the TUI's editor (w).
 *
 * Takes the measured model, a spec per address (whatif.h) and returns a
 * copy of the model whose cells of those addresses are the predicted
 * ones (method "what-if") and whose enumerations are the predicted
 * configurations, with the list of cells whose verdict or reason would
 * change (regressions first), the counts, and the same as text, Markdown
 * and the JSON "what_if" object (docs/JSON.md). --suggest-fix's search
 * for the smallest change lives here too. Main thread.
 */
#ifndef TLSMATRIX_WHATIF_VIEW_H
#define TLSMATRIX_WHATIF_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "netaddr.h"
#include "status.h"
#include "whatif.h"

struct whatif_outcome {
	struct model	*predicted;	/* a copy of the model; NULL if no
					 * row could be predicted */
	size_t		 fixed;		/* fail -> ok */
	size_t		 broken;	/* ok -> fail */
	size_t		 changed;	/* fail -> fail for another reason */
	size_t		 uncertain;	/* predicted cells marked uncertain */
	size_t		 rows;		/* rows predicted */
	char		*text;		/* heap: the preface of the text
					 * snapshot */
	char		*md;		/* heap: the same in Markdown */
	char		*json;		/* heap: the "what_if" object */
	bool		*cell_changed;	/* rows x cols of predicted: true where
					 * the verdict or reason changes */
	bool		*cell_uncertain;
};

/*
 * Predicts m under specs: specs[r] for row r of m (NULL: the row keeps
 * its measured cells); n is model_rows(m). label is the spec as shown
 * (the JSON "spec"). fixes (may be NULL) are per-row suggested lines,
 * written with the preview. out is cleaned up with whatif_outcome_cleanup.
 */
void	whatif_view_predict(const struct model *m,
	    const struct whatif_spec *const *specs, size_t n,
	    const char *label, char *const *fixes, struct whatif_outcome *out);
void	whatif_outcome_cleanup(struct whatif_outcome *out);

/* True if row r of m is one --what-if-address names (all when none). */
bool	whatif_view_selected(const struct model *m, size_t r,
	    const struct netaddr *addrs, size_t n_addrs);

/*
 * The smallest change to row r's configuration that lets every column
 * of m complete (versions, then suites preferring forward secrecy, then
 * groups), as a spec over the enumeration (out) and ready lines for
 * nginx, Apache and HAProxy (lines, heap). false when the row has no
 * usable enumeration, or nothing needs to change (lines say why).
 */
bool	whatif_view_suggest(const struct model *m, size_t r,
	    struct whatif_spec *out, char **lines);

/* The batch front end: loads o->what_if (a usage error names the part),
 * and after the run the predicted model and its strings. */
struct whatif_batch;
enum status	whatif_batch_new(const char *what_if, bool suggest_fix,
		    const struct netaddr *addrs, size_t n_addrs,
		    struct whatif_batch **out, char *err, size_t errlen);
/* The model to write (the predicted one) and the strings for the
 * snapshot; rc becomes 1 when a cell that works now would fail. */
const struct model *whatif_batch_run(struct whatif_batch *b,
		    const struct model *m, const char **text, const char **md,
		    const char **json, int *rc);
void		whatif_batch_free(struct whatif_batch *b);

#endif
