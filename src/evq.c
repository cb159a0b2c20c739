/*
 * evq.c: the worker -> main thread event queue (see evq.h).
 *
 * Design: a singly linked FIFO under one mutex, plus a self-pipe. Producers
 * (workers) append and write one byte; the main loop polls the pipe's read
 * end with the terminal and drains. The pipe is non-blocking at both ends:
 * a full pipe on push means a wake-up is already pending, and the drain
 * empties the pipe before it empties the list, so an event pushed during a
 * drain always leaves a byte behind and is never missed. The lock is held
 * only around list operations and the wake-up write, never around a
 * call out. (cmus job.c and redis bio.c use the same shape.)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evq.h"
#include "xmem.h"

struct evq_node {
	struct event	 ev;
	struct evq_node	*next;
};

struct evq {
	pthread_mutex_t	 lock;
	struct evq_node	*head, *tail;
	int		 rfd, wfd;
};

static int
set_nonblock_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

enum status
evq_new(struct evq **out, char *err, size_t errlen)
{
	struct evq *q;
	int fds[2];

	*out = NULL;
	if (pipe(fds) != 0) {
		snprintf(err, errlen, "event queue: pipe: %s", strerror(errno));
		return ST_EIO;
	}
	if (set_nonblock_cloexec(fds[0]) != 0 ||
	    set_nonblock_cloexec(fds[1]) != 0) {
		snprintf(err, errlen, "event queue: fcntl: %s",
		    strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return ST_EIO;
	}
	q = xcalloc(1, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	q->rfd = fds[0];
	q->wfd = fds[1];
	*out = q;
	return ST_OK;
}

void
evq_free(struct evq *q, void (*free_payload)(struct event *))
{
	struct evq_node *n, *next;

	if (q == NULL)
		return;
	for (n = q->head; n != NULL; n = next) {
		next = n->next;
		if (free_payload != NULL)
			free_payload(&n->ev);
		else
			free(n->ev.payload);
		free(n);
	}
	close(q->rfd);
	close(q->wfd);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

void
evq_push(struct evq *q, const struct event *ev)
{
	struct evq_node *n = xmalloc(sizeof *n);
	static const char one = 1;
	ssize_t w;

	n->ev = *ev;
	n->next = NULL;
	pthread_mutex_lock(&q->lock);
	if (q->tail != NULL)
		q->tail->next = n;
	else
		q->head = n;
	q->tail = n;
	/*
	 * The wake-up under the lock too: once this push's event is
	 * drained, the pusher touches nothing of q, so the owner may free
	 * q as soon as the last event it awaits is in (app.c counts its
	 * jobs that way). EAGAIN: the pipe is full, the loop already woken.
	 */
	do {
		w = write(q->wfd, &one, 1);
	} while (w < 0 && errno == EINTR);
	pthread_mutex_unlock(&q->lock);
}

int
evq_fd(const struct evq *q)
{
	return q->rfd;
}

size_t
evq_drain(struct evq *q, struct event *out, size_t max)
{
	char buf[256];
	struct evq_node *n;
	size_t got = 0;

	/* Empty the pipe first: a push racing with us re-arms it. */
	while (read(q->rfd, buf, sizeof buf) > 0)
		continue;

	pthread_mutex_lock(&q->lock);
	while (got < max && (n = q->head) != NULL) {
		q->head = n->next;
		if (q->head == NULL)
			q->tail = NULL;
		out[got++] = n->ev;
		free(n);
	}
	/* Events left behind (out was full) must keep the fd readable. */
	if (q->head != NULL) {
		static const char one = 1;

		if (write(q->wfd, &one, 1) < 0) {
			/* full pipe: already readable */
		}
	}
	pthread_mutex_unlock(&q->lock);
	return got;
}
