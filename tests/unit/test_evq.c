/*
 * test_evq.c: the worker -> main queue under many producers.
 * Asserts every event arrives exactly once, in per-producer order, and
 * that the wake fd is readable exactly while events wait. A TSan target.
 */
#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <stdlib.h>

#include "evq.h"
#include "xmem.h"
#include "../tap.h"

#define PRODUCERS	8
#define PER_PRODUCER	5000

static struct evq *q;

/* The test's own event kind and payload: which producer, which item. */
#define TEST_EV	7

struct item {
	uint32_t	producer, seq;
};

static void *
producer(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg, i;

	for (i = 0; i < PER_PRODUCER; i++) {
		struct item *it = xmalloc(sizeof *it);
		struct event ev = { TEST_EV, it };

		it->producer = id;
		it->seq = i;
		evq_push(q, &ev);
	}
	return NULL;
}

static bool
readable(int fd, int timeout_ms)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, timeout_ms) == 1;
}

static int payloads_freed;

static void
count_payload_free(struct event *ev)
{
	payloads_freed++;
	free(ev->payload);
}

int
main(void)
{
	pthread_t th[PRODUCERS];
	uint32_t next[PRODUCERS] = { 0 };
	struct event evs[100];
	size_t total = 0, n, i;
	bool order_ok = true;
	char err[128];
	uintptr_t t;

	ok(evq_new(&q, err, sizeof err) == ST_OK, "evq_new");
	ok(!readable(evq_fd(q), 0), "empty queue: fd not readable");

	for (t = 0; t < PRODUCERS; t++)
		pthread_create(&th[t], NULL, producer, (void *)t);
	/* Bounded: every wait has a 5 s timeout, the loop ends on count. */
	while (total < PRODUCERS * PER_PRODUCER) {
		if (!readable(evq_fd(q), 5000))
			break;
		n = evq_drain(q, evs, sizeof evs / sizeof evs[0]);
		for (i = 0; i < n; i++) {
			const struct item *it = evs[i].payload;

			if (evs[i].kind != TEST_EV || it->producer >= PRODUCERS ||
			    it->seq != next[it->producer])
				order_ok = false;
			else
				next[it->producer]++;
			free(evs[i].payload);
		}
		total += n;
	}
	for (t = 0; t < PRODUCERS; t++)
		pthread_join(th[t], NULL);
	is_int(total, PRODUCERS * PER_PRODUCER, "every event delivered once");
	ok(order_ok, "events of one producer arrive in order");
	/* A producer writes its wake byte after appending, so the main
	 * thread may already have taken the event when the byte lands: one
	 * spurious wake-up, which the next drain (finding nothing) clears. */
	is_int(evq_drain(q, evs, sizeof evs / sizeof evs[0]), 0,
	    "nothing left after the last event");
	ok(!readable(evq_fd(q), 0), "drained queue: fd not readable");

	/* A partial drain leaves the fd readable for the rest. */
	for (i = 0; i < 3; i++) {
		struct event ev = { TEST_EV, NULL };

		evq_push(q, &ev);
	}
	is_int(evq_drain(q, evs, 2), 2, "partial drain takes 2");
	ok(readable(evq_fd(q), 0), "fd still readable with 1 left");
	is_int(evq_drain(q, evs, 10), 1, "rest drained");

	/* Queued payloads go to the caller's free function, each once. */
	{
		struct event ev = { TEST_EV, NULL };
		int k;

		for (k = 0; k < 3; k++) {
			ev.payload = xmalloc(32);
			evq_push(q, &ev);
		}
	}
	evq_free(q, count_payload_free);
	is_int(payloads_freed, 3, "evq_free hands every pending payload "
	    "to free_payload once");
	return tap_done();
}
