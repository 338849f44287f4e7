/* watch.h: waiting for files to be saved, for vanban watch: inotify on
 * their directories (an editor may save by renaming a new file over the
 * old one, which a watch on the file itself would lose), bursts of events
 * taken as one save, and SIGINT, SIGTERM or SIGHUP as the end. Included by
 * main.c only. */
#ifndef VANBAN_WATCH_H
#define VANBAN_WATCH_H

struct watch;

/* Starts watching nothing yet. From here until watch_free the stopping
 * signals are held: they end the wait of watch_next, never a build half
 * written. NULL with errno set when inotify cannot be had. */
struct watch *watch_new(void);
/* Restores the signals as they were. */
void watch_free(struct watch *w);

/* Watches the files saved in directory dir: returns the directory's
 * handle, the same one for the same directory whatever its path, or -1
 * with errno set (ENOENT when it is not there). */
int watch_dir(struct watch *w, const char *dir);

/* A file written and closed, or moved in (a directory made or moved in
 * too), in the directory of handle dir; dir is -1 when the kernel lost
 * events and anything may have changed. */
struct watch_save {
	int dir;
	char *name; /* owned by the watch */
};

/* Waits for the next saves and for the burst they belong to to end (an
 * editor's save is several events); each file saved once in *saves, valid
 * until the next call. Returns how many, 0 when a stopping signal came,
 * -1 with errno set on a failure. */
long watch_next(struct watch *w, const struct watch_save **saves);

#endif
