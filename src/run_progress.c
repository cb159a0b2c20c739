/*
 * run_progress.c: the one-line progress display of --targets: targets
 * done of the total, failures, rate and ETA, redrawn in place on stderr
 * at most every PROGRESS_REDRAW_MS, the final count left on its line at
 * the end. Only numbers
 * go out, never a name from the list, so nothing hostile reaches the
 * terminal. Main thread only.
 */
#include "config.h"

#include <stdio.h>

#include "clock.h"
#include "run_int.h"

#define PROGRESS_REDRAW_MS	250

void
run_progress_init(struct run_progress *p, bool on, unsigned long total)
{
	p->on = on;
	p->total = total;
	p->done = p->failed = 0;
	p->start_ms = clock_ms();
	p->drawn_ms = 0;
	p->drawn = false;
}

/* "1h02m", "3m05s", "12s" */
static void
duration(uint64_t s, char *buf, size_t len)
{
	if (s >= 3600)
		snprintf(buf, len, "%luh%02lum", (unsigned long)(s / 3600),
		    (unsigned long)(s % 3600 / 60));
	else if (s >= 60)
		snprintf(buf, len, "%lum%02lus", (unsigned long)(s / 60),
		    (unsigned long)(s % 60));
	else
		snprintf(buf, len, "%lus", (unsigned long)s);
}

void
run_progress_format(const struct run_progress *p, uint64_t now_ms,
    char *buf, size_t len)
{
	double	 secs = (double)(now_ms - p->start_ms) / 1000.0;
	double	 rate = secs > 0.5 ? (double)p->done / secs : 0;
	char	 eta[32] = "ETA -";

	if (p->total > 0 && p->done >= p->total)
		snprintf(eta, sizeof eta, "done");
	else if (p->total > 0 && rate > 0) {
		snprintf(eta, sizeof eta, "ETA ");
		duration((uint64_t)((double)(p->total - p->done) / rate),
		    eta + 4, sizeof eta - 4);
	}
	if (p->total > 0)
		snprintf(buf, len, "tlsmatrix: %lu/%lu targets, %lu failed, "
		    "%.1f/s, %s", p->done, p->total, p->failed, rate, eta);
	else
		snprintf(buf, len, "tlsmatrix: %lu targets, %lu failed, "
		    "%.1f/s", p->done, p->failed, rate);
}

void
run_progress_draw(struct run_progress *p, bool force)
{
	uint64_t	now = clock_ms();
	char		line[160];

	if (!p->on || (!force && p->drawn &&
	    now - p->drawn_ms < PROGRESS_REDRAW_MS))
		return;
	run_progress_format(p, now, line, sizeof line);
	/* back to the start of the line, the text, the rest erased */
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	p->drawn = true;
	p->drawn_ms = now;
}

void
run_progress_aside(struct run_progress *p)
{
	if (!p->on || !p->drawn)
		return;
	fputs("\r\033[K", stderr);
	p->drawn = false;	/* drawn again at the next step */
}

int
run_progress_next_ms(const struct run_progress *p)
{
	uint64_t	now;

	if (!p->on)
		return -1;
	now = clock_ms();
	if (!p->drawn || now - p->drawn_ms >= PROGRESS_REDRAW_MS)
		return 0;
	return (int)(p->drawn_ms + PROGRESS_REDRAW_MS - now);
}

void
run_progress_end(struct run_progress *p)
{
	if (!p->on)
		return;
	/* the final count stays on its own line */
	run_progress_draw(p, true);
	fputc('\n', stderr);
	fflush(stderr);
	p->drawn = false;
}
