/*
 * exitcode.h: the process's exit statuses, in one place (tlsmatrix.1,
 * EXIT STATUS). Only main() returns them to the system; the runners
 * (batch, targets, capture, the TUI) compute them.
 */
#ifndef TLSMATRIX_EXITCODE_H
#define TLSMATRIX_EXITCODE_H

#define EXIT_ALL_OK	0	/* every cell succeeded; --diff: nothing
				 * got worse */
#define EXIT_CELL_FAIL	1	/* some cell failed; --diff: worse */
#define EXIT_USAGE	2	/* a bad flag, file or list line */
#define EXIT_RUNTIME	3	/* resolution failed, a write or a read
				 * failed, no memory for a pipe */
/* Ended by signal sig (SIGINT, SIGTERM, SIGHUP), as a shell reports it. */
#define EXIT_SIGNAL(sig)	(128 + (sig))

#endif
