/*
 * run_int.h: what the runners' files share (run_targets.c with
 * run_progress.c and run_resume.c); nothing else includes it.
 */
#ifndef TLSMATRIX_RUN_INT_H
#define TLSMATRIX_RUN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* The one-line progress display of --targets on stderr. */
struct run_progress {
	bool		 on;
	unsigned long	 total;		/* 0: not known (standard input) */
	unsigned long	 done;		/* written, resumed or bad */
	unsigned long	 failed;	/* exit status 1 or worse */
	uint64_t	 start_ms, drawn_ms;
	bool		 drawn;		/* a line is on the terminal */
};

/* on: whether to draw at all (--progress, or stderr a terminal without
 * --quiet). */
void	run_progress_init(struct run_progress *p, bool on,
	    unsigned long total);
/* Redraws if due (or force); at most a few times a second. */
void	run_progress_draw(struct run_progress *p, bool force);
/* Milliseconds until the next redraw is due; -1 when off. */
int	run_progress_next_ms(const struct run_progress *p);
/* Erases the line before another message on stderr. */
void	run_progress_aside(struct run_progress *p);
/* Draws the final count and ends its line. */
void	run_progress_end(struct run_progress *p);
/* "1.2/s", "ETA 3m05s": the line, without drawing it (the tests). */
void	run_progress_format(const struct run_progress *p, uint64_t now_ms,
	    char *buf, size_t len);

/* --resume FILE.jsonl: the targets already in FILE, and FILE to append
 * to. */
struct run_resume;
enum status run_resume_open(const char *path, struct run_resume **out,
	    char *err, size_t errlen);
/* True when FILE has a complete line for host:port. */
bool	run_resume_has(const struct run_resume *r, const char *host,
	    unsigned port);
/* Lines found complete in FILE. */
size_t	run_resume_count(const struct run_resume *r);
/* Appends one whole line (len bytes, with its newline); -1 and errno on
 * failure. */
int	run_resume_append(struct run_resume *r, const char *buf, size_t len);
void	run_resume_close(struct run_resume *r);

#endif
