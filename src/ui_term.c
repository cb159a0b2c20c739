/*
 * ui_term.c: can this terminal show the TUI at all? (issue #22)
 *
 * ui_run asks before newterm. A terminal without cursor addressing
 * (TERM=dumb, an Emacs shell buffer, a hardcopy or generic entry) lets
 * ncurses start, draw the first lines and never update them: a frozen
 * screen. A type missing from the terminfo database makes newterm fail.
 * Both get one clear sentence naming --batch instead. Kept apart from
 * ui.c because <term.h> defines macros (lines, columns, ...) that would
 * leak into the panes. Main thread, before the terminal is taken.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ui_int.h"

#include <term.h>

/* A terminfo string capability that is present. */
static bool
has_str(const char *cap)
{
	char	*s = tigetstr(cap);

	return s != NULL && s != (char *)-1 && *s != '\0';
}

bool
ui_term_usable(char *why, size_t len)
{
	const char	*term = getenv("TERM");
	int		 err = 0;
	bool		 ok;

	if (term == NULL || *term == '\0') {
		snprintf(why, len, "TERM is not set");
		return false;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		/* 0: unknown, or hardcopy/generic; -1: no database */
		if (err == 0)
			snprintf(why, len, "terminal type '%s' is unknown or "
			    "too generic", term);
		else
			snprintf(why, len, "no terminfo database for '%s'",
			    term);
		return false;
	}
	/* cup moves the cursor: every update of the matrix needs it */
	ok = has_str("cup");
	if (!ok)
		snprintf(why, len, "terminal '%s' cannot move the cursor",
		    term);
	del_curterm(cur_term);
	return ok;
}
