/*
 * evloop.c: one poll() over apps, extra descriptors and timers (see
 * evloop.h). Front ends keep their own policy (when to draw, when to
 * stop); this file only waits and hands each app its results, so there
 * is one loop to get right: every wait bounded by a timer or an event,
 * a dead descriptor never spun on. Main thread only.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

#include "evloop.h"
#include "xmem.h"

struct evloop {
	struct app	**apps;
	size_t		  n_apps, cap_apps;
	int		 *xfd;		/* the extra descriptors */
	short		 *events;	/* their revents in the last step */
	size_t		  n_fds;
	struct pollfd	 *p;		/* scratch: extra fds, then apps */
	size_t		  cap_p;
};

struct evloop *
evloop_new(void)
{
	return xcalloc(1, sizeof(struct evloop));
}

void
evloop_free(struct evloop *l)
{
	if (l == NULL)
		return;
	free(l->apps);
	free(l->xfd);
	free(l->events);
	free(l->p);
	free(l);
}

void
evloop_add_app(struct evloop *l, struct app *a)
{
	if (l->n_apps == l->cap_apps) {
		l->cap_apps = l->cap_apps ? l->cap_apps * 2 : 8;
		l->apps = xreallocarray(l->apps, l->cap_apps,
		    sizeof *l->apps);
	}
	l->apps[l->n_apps++] = a;
}

void
evloop_remove_app(struct evloop *l, struct app *a)
{
	size_t i;

	for (i = 0; i < l->n_apps; i++)
		if (l->apps[i] == a) {
			/* order does not matter: each app is polled alike */
			l->apps[i] = l->apps[--l->n_apps];
			return;
		}
}

size_t
evloop_app_count(const struct evloop *l)
{
	return l->n_apps;
}

size_t
evloop_add_fd(struct evloop *l, int fd)
{
	l->xfd = xreallocarray(l->xfd, l->n_fds + 1, sizeof *l->xfd);
	l->events = xreallocarray(l->events, l->n_fds + 1,
	    sizeof *l->events);
	l->xfd[l->n_fds] = fd;
	l->events[l->n_fds] = 0;
	return l->n_fds++;
}

short
evloop_fd_events(const struct evloop *l, size_t handle)
{
	return handle < l->n_fds ? l->events[handle] : 0;
}

/* The wait: the caller's bound or the earliest app timer. */
static int
next_timeout(const struct evloop *l, int timeout_ms)
{
	size_t	i;
	int	due;

	for (i = 0; i < l->n_apps; i++) {
		due = app_next_timer_ms(l->apps[i]);
		if (due >= 0 && (timeout_ms < 0 || due < timeout_ms))
			timeout_ms = due;
	}
	return timeout_ms;
}

int
evloop_step(struct evloop *l, int timeout_ms)
{
	struct pollfd	*p;
	size_t		 i, nx = l->n_fds, n = nx + l->n_apps;
	int		 changed = 0, rc, e;

	/* the extra descriptors first, then one slot per app */
	if (n > l->cap_p) {
		l->cap_p = n;
		l->p = xreallocarray(l->p, n, sizeof *l->p);
	}
	p = l->p;
	for (i = 0; i < n; i++) {
		p[i].fd = i < nx ? l->xfd[i] : app_fd(l->apps[i - nx]);
		p[i].events = POLLIN;
		p[i].revents = 0;
	}
	rc = poll(p, (nfds_t)n, next_timeout(l, timeout_ms));
	e = errno;
	for (i = 0; i < nx; i++) {
		l->events[i] = rc > 0 ? p[i].revents : 0;
		/* never spin on a dead descriptor: the caller saw it once */
		if (l->events[i] & (POLLHUP | POLLERR | POLLNVAL))
			l->xfd[i] = -1;
	}
	for (i = 0; i < l->n_apps; i++) {
		struct app *a = l->apps[i];
		bool ch = app_tick(a);

		if (rc > 0 && p[nx + i].revents != 0)
			ch |= app_process(a);
		changed += ch;
	}
	if (rc < 0) {
		errno = e;
		return -1;
	}
	return changed;
}
