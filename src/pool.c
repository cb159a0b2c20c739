/*
 * pool.c: fixed worker threads with a per-key concurrency cap (see pool.h).
 *
 * Jobs wait in one FIFO per key (a key is an address). Keys that have
 * waiting jobs and fewer than `cap` running ones sit on a ready ring; a
 * free worker takes the first job of the first ready key and moves that
 * key to the back of the ring. So all addresses progress together instead
 * of one address being drained first, no address ever sees more than cap
 * connections from us, and picking a job costs O(1) whatever the queue
 * length. Keys are found by a linear scan over the keys in use: there are
 * as many as addresses with work, a few hundred at most. A key with no
 * job queued or running is retired at once, so a long --targets list
 * (new keys all the time) keeps neither memory nor scan time.
 *
 * The main thread submits and cancels; workers only run jobs. Workers start
 * with every signal blocked, so signals reach the main thread alone.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "xmem.h"

struct pool_job {
	pool_fn		 fn;
	void		*arg;
	void		(*free_fn)(void *);
	struct pool_keyq *kq;
	struct pool_job	*next;
};

struct pool_keyq {
	uint32_t	 key;
	size_t		 idx;		/* in pool.keys */
	unsigned	 running;
	bool		 ready;		/* on the ready ring */
	struct pool_job	*head, *tail;
	struct pool_keyq *next_ready;
};

struct pool {
	pthread_mutex_t	 lock;
	pthread_cond_t	 wake;
	pthread_t	*threads;
	unsigned	 nthreads;
	unsigned	 cap;
	atomic_bool	 cancel;
	bool		 stopping;
	size_t		 pending;	/* queued + running */

	struct pool_keyq **keys;
	size_t		 n_keys;
	struct pool_keyq *ready_head, *ready_tail;
};

static unsigned
key_cap(const struct pool *p, const struct pool_keyq *kq)
{
	return kq->key == POOL_NO_KEY ? p->nthreads : p->cap;
}

static struct pool_keyq *
find_key(struct pool *p, uint32_t key)
{
	size_t i;
	struct pool_keyq *kq;

	for (i = 0; i < p->n_keys; i++)
		if (p->keys[i]->key == key)
			return p->keys[i];
	kq = xcalloc(1, sizeof *kq);
	kq->key = key;
	kq->idx = p->n_keys;
	p->keys = xreallocarray(p->keys, p->n_keys + 1, sizeof *p->keys);
	p->keys[p->n_keys++] = kq;
	return kq;
}

/* Frees kq if it has nothing queued or running; lock held. */
static void
maybe_retire(struct pool *p, struct pool_keyq *kq)
{
	if (kq->head != NULL || kq->running > 0 || kq->ready)
		return;
	p->keys[kq->idx] = p->keys[--p->n_keys];
	p->keys[kq->idx]->idx = kq->idx;
	free(kq);
}

/* Puts kq at the back of the ready ring if it can start a job. */
static void
maybe_ready(struct pool *p, struct pool_keyq *kq)
{
	if (kq->ready || kq->head == NULL || kq->running >= key_cap(p, kq))
		return;
	kq->ready = true;
	kq->next_ready = NULL;
	if (p->ready_tail != NULL)
		p->ready_tail->next_ready = kq;
	else
		p->ready_head = kq;
	p->ready_tail = kq;
}

/* Takes the next job to run, or NULL; lock held. */
static struct pool_job *
take_job(struct pool *p)
{
	struct pool_keyq *kq = p->ready_head;
	struct pool_job *j = NULL;

	if (kq == NULL)
		return NULL;
	p->ready_head = kq->next_ready;
	if (p->ready_head == NULL)
		p->ready_tail = NULL;
	kq->ready = false;

	j = kq->head;
	kq->head = j->next;
	if (kq->head == NULL)
		kq->tail = NULL;
	kq->running++;
	maybe_ready(p, kq);
	return j;
}

static void *
worker_main(void *arg)
{
	struct pool *p = arg;
	struct pool_job *j = NULL;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stopping && (j = take_job(p)) == NULL)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->stopping)
			break;
		pthread_mutex_unlock(&p->lock);

		j->fn(j->arg, &p->cancel);

		pthread_mutex_lock(&p->lock);
		j->kq->running--;
		p->pending--;
		maybe_ready(p, j->kq);
		maybe_retire(p, j->kq);
		if (p->ready_head != NULL)
			pthread_cond_signal(&p->wake);
		free(j);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

enum status
pool_new(unsigned nthreads, unsigned cap, struct pool **out, char *err,
    size_t errlen)
{
	struct pool *p;
	sigset_t all, old;
	unsigned i;
	int rc;

	*out = NULL;
	if (nthreads < 1 || nthreads > 256 || cap < 1) {
		snprintf(err, errlen, "worker pool: bad size %u (cap %u)",
		    nthreads, cap);
		return ST_EINVAL;
	}
	p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	atomic_init(&p->cancel, false);
	p->cap = cap;
	p->threads = xcalloc(nthreads, sizeof *p->threads);

	/* Threads inherit the creator's mask: block everything meanwhile. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < nthreads; i++) {
		rc = pthread_create(&p->threads[i], NULL, worker_main, p);
		if (rc != 0)
			break;
		p->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (p->nthreads == 0) {
		snprintf(err, errlen, "worker pool: pthread_create: %s",
		    strerror(rc));
		pool_free(p);
		return ST_EIO;
	}
	*out = p;
	return ST_OK;
}

void
pool_submit(struct pool *p, pool_fn fn, void *arg, void (*free_fn)(void *),
    uint32_t key)
{
	struct pool_job *j = NULL;

	if (atomic_load(&p->cancel)) {
		if (free_fn != NULL)
			free_fn(arg);
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->fn = fn;
	j->arg = arg;
	j->free_fn = free_fn;

	pthread_mutex_lock(&p->lock);
	j->kq = find_key(p, key);
	if (j->kq->tail != NULL)
		j->kq->tail->next = j;
	else
		j->kq->head = j;
	j->kq->tail = j;
	p->pending++;
	maybe_ready(p, j->kq);
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
}

size_t
pool_key_count(struct pool *p)
{
	size_t n;

	pthread_mutex_lock(&p->lock);
	n = p->n_keys;
	pthread_mutex_unlock(&p->lock);
	return n;
}

size_t
pool_pending(struct pool *p)
{
	size_t n;

	pthread_mutex_lock(&p->lock);
	n = p->pending;
	pthread_mutex_unlock(&p->lock);
	return n;
}

void
pool_cancel_all(struct pool *p)
{
	struct pool_job *dropped = NULL, *j, *next;
	size_t i;

	atomic_store(&p->cancel, true);
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->n_keys; i++) {
		struct pool_keyq *kq = p->keys[i];

		for (j = kq->head; j != NULL; j = next) {
			next = j->next;
			j->next = dropped;
			dropped = j;
			p->pending--;
		}
		kq->head = kq->tail = NULL;
		kq->ready = false;
	}
	for (i = p->n_keys; i > 0; i--)
		maybe_retire(p, p->keys[i - 1]);
	p->ready_head = p->ready_tail = NULL;
	pthread_mutex_unlock(&p->lock);

	/* Free outside the lock: free_fn is the caller's code. */
	for (j = dropped; j != NULL; j = next) {
		next = j->next;
		if (j->free_fn != NULL)
			j->free_fn(j->arg);
		free(j);
	}
}

void
pool_free(struct pool *p)
{
	unsigned i;
	size_t k;

	if (p == NULL)
		return;
	pool_cancel_all(p);
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	for (k = 0; k < p->n_keys; k++)
		free(p->keys[k]);
	free(p->keys);
	free(p->threads);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
