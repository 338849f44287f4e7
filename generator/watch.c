/* watch.c: the saves of files seen through inotify on their directories,
 * gathered into bursts, until a signal says to stop (vanban watch). */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "watch.h"

/* An editor's save is a few events within a few milliseconds (the new
 * file written, renamed over the old one, a backup removed): a burst ends
 * when this long passes without one more. A burst that never ends (a file
 * written again and again) is taken as over after the second time, so
 * that a rebuild follows a save within a second all the same. */
enum { WATCH_QUIET_MS = 100, WATCH_BURST_MAX_MS = 400 };

/* What a watch on a directory reports: a file written and closed (saved in
 * place), a file or directory moved in (saved by a rename), a directory
 * made (a registry/ beside the sources that was not there). */
#define WATCH_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ONLYDIR)

/* The signals that end a watch. */
static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
enum { NSTOPS = sizeof stops / sizeof stops[0] };

struct watch {
	int ino, sig; /* the inotify descriptor; the signals' descriptor */
	sigset_t held, before;
	struct sigaction was[NSTOPS];
	int stopped; /* a signal ended the watch */
	struct watch_save *v;
	size_t n, cap;
};

struct watch *
watch_new(void)
{
	struct watch *w = xcalloc(1, sizeof *w);
	w->ino = w->sig = -1;
	sigemptyset(&w->held);
	for (int i = 0; i < NSTOPS; i++)
		sigaddset(&w->held, stops[i]);
	if (sigprocmask(SIG_BLOCK, &w->held, &w->before) != 0) {
		free(w);
		return NULL;
	}
	/* An ignored signal is lost even while held. A shell starts a
	 * script's background commands with SIGINT ignored, yet Ctrl-C is how
	 * a watch ends: SIGINT and SIGTERM are taken whatever they were. A
	 * SIGHUP ignored (nohup) stays ignored: the watch outlives the
	 * terminal, as asked. */
	for (int i = 0; i < NSTOPS; i++) {
		sigaction(stops[i], NULL, &w->was[i]);
		if (stops[i] == SIGHUP && w->was[i].sa_handler == SIG_IGN)
			sigdelset(&w->held, stops[i]);
		else
			signal(stops[i], SIG_DFL);
	}
	w->ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->ino >= 0)
		w->sig = signalfd(-1, &w->held, SFD_NONBLOCK | SFD_CLOEXEC);
	if (w->sig < 0) {
		int e = errno;
		watch_free(w);
		errno = e;
		return NULL;
	}
	return w;
}

static void
saves_clear(struct watch *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].name);
	w->n = 0;
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->sig >= 0)
		close(w->sig);
	if (w->ino >= 0)
		close(w->ino);
	/* Once a signal has ended the watch the program is ending: the
	 * signals stay held, so that the same signal sent twice (to the
	 * program and to its process group) or a second Ctrl-C cannot cut
	 * that end short. */
	if (!w->stopped) {
		for (int i = 0; i < NSTOPS; i++)
			sigaction(stops[i], &w->was[i], NULL);
		sigprocmask(SIG_SETMASK, &w->before, NULL);
	}
	saves_clear(w);
	free(w->v);
	free(w);
}

int
watch_dir(struct watch *w, const char *dir)
{
	return inotify_add_watch(w->ino, dir, WATCH_EVENTS);
}

/* A save, once per file in a burst. */
static void
saves_add(struct watch *w, int dir, const char *name)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].dir == dir && strcmp(w->v[i].name, name) == 0)
			return;
	GROW(w->v, w->cap, w->n + 1);
	w->v[w->n++] = (struct watch_save){dir, xstrdup(name)};
}

/* Reads the events there are; 0, or -1 with errno set. */
static int
drain(struct watch *w)
{
	/* room for at least one event with the longest name */
	_Alignas(struct inotify_event) char buf[4096 + sizeof(struct inotify_event) + NAME_MAX + 1];
	for (;;) {
		ssize_t len = read(w->ino, buf, sizeof buf);
		if (len < 0)
			return errno == EAGAIN ? 0 : errno == EINTR ? drain(w) : -1;
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *e = (const struct inotify_event *)(void *)p;
			p += sizeof *e + e->len;
			if (e->mask & IN_Q_OVERFLOW)
				saves_add(w, -1, "");
			else if (e->len > 0 && (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)) &&
			         ((e->mask & IN_CREATE) == 0 || (e->mask & IN_ISDIR)))
				saves_add(w, e->wd, e->name);
		}
	}
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)(t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

long
watch_next(struct watch *w, const struct watch_save **saves)
{
	saves_clear(w);
	*saves = NULL;
	struct timespec first = {0, 0};
	int timeout = -1; /* until the first save */
	for (;;) {
		struct pollfd p[2] = {{w->sig, POLLIN, 0}, {w->ino, POLLIN, 0}};
		int r = poll(p, 2, timeout);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (p[0].revents & POLLIN) {
			w->stopped = 1;
			return 0;
		}
		if (r == 0)
			break; /* quiet: the burst is over */
		size_t had = w->n;
		if (drain(w) < 0)
			return -1;
		if (w->n == 0)
			continue; /* events of no interest: still waiting */
		if (had == 0)
			clock_gettime(CLOCK_MONOTONIC, &first);
		long left = WATCH_BURST_MAX_MS - ms_since(&first);
		if (left <= 0)
			break;
		timeout = left < WATCH_QUIET_MS ? (int)left : WATCH_QUIET_MS;
	}
	*saves = w->v;
	return (long)w->n;
}
