/*
 * evq.h: the queue that carries results from workers to the main thread.
 *
 * Any thread pushes; only the main thread drains. A push appends and
 * writes one byte to a non-blocking wake pipe (EAGAIN means a wake-up is
 * already pending) under a mutex held for just that, so the main loop can
 * poll() evq_fd() beside the terminal, and a pusher whose event has been
 * drained touches the queue no more. This is the cmus / redis bio.c
 * pattern; see docs/ARCHITECTURE.md.
 */
#ifndef TLSMATRIX_EVQ_H
#define TLSMATRIX_EVQ_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/*
 * One event: kind is the producer's own enumeration (the queue knows
 * none of them), and says which type payload points to.
 */
struct event {
	int		 kind;
	void		*payload;	/* heap; ownership moves with the event */
};

struct evq;

enum status	 evq_new(struct evq **out, char *err, size_t errlen);
/* Frees queued payloads with free_payload (NULL: free()). */
void		 evq_free(struct evq *q, void (*free_payload)(struct event *));
/* Appends ev and wakes the main thread. Any thread; cannot fail. */
void		 evq_push(struct evq *q, const struct event *ev);
/* The read end of the wake pipe: readable while events are pending. */
int		 evq_fd(const struct evq *q);
/* Moves up to max events into out, oldest first, and clears the wake-up
 * once the queue is empty. Main thread only. Returns how many; 0 after a
 * spurious wake-up (a push whose event an earlier drain already took). */
size_t		 evq_drain(struct evq *q, struct event *out, size_t max);

#endif
