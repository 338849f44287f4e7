/* tasks_xlsx.c: runs vanban-xlsx, the program that writes the task table
 * as an Excel workbook (see tasks_xlsx.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tasks_xlsx.h"

/* The time a workbook of documents without a date says it was made:
 * 1980-01-01T00:00:00Z, the earliest a zip file holds. */
#define XLSX_NO_DATE 315532800LL

long long
tasks_xlsx_time(const struct doc *doc)
{
	if (doc->date.y == 0)
		return 0;
	struct tm tm = {0};
	tm.tm_year = doc->date.y - 1900;
	tm.tm_mon = doc->date.m ? doc->date.m - 1 : 0;
	tm.tm_mday = doc->date.m ? doc->date.d : 1;
	return (long long)timegm(&tm);
}

int
tasks_xlsx_write(const char *path, const struct buf *sheets, long long created)
{
	char *helper = helper_path("vanban-xlsx");
	if (helper == NULL) {
		fprintf(stderr, _("vanban: error: %s not written: the workbook writer vanban-xlsx is not installed "
		                  "beside vanban\n"), path);
		return -1;
	}
	struct buf rows = {0};
	buf_printf(&rows, "vanban-xlsx\t1\ncreated\t%lld\n", created > XLSX_NO_DATE ? created : XLSX_NO_DATE);
	buf_add(&rows, sheets->s, sheets->len);
	/* its messages in the language and from the catalogue of ours */
	const char *localedir = bindtextdomain("vanban", NULL);
	char *argv[] = {helper, "--localedir", (char *)(localedir ? localedir : "."), (char *)path, NULL};
	int p[2];
	pid_t pid;
	int e = pipe(p) == 0 ? 0 : errno;
	if (e == 0) {
		/* the writer holds only its standard input's end: it sees the
		 * end of the rows when we close ours */
		fcntl(p[0], F_SETFD, FD_CLOEXEC);
		fcntl(p[1], F_SETFD, FD_CLOEXEC);
		posix_spawn_file_actions_t fa;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, p[0], 0);
		extern char **environ;
		e = posix_spawn(&pid, helper, &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		close(p[0]);
		if (e != 0)
			close(p[1]);
	}
	int ok = 0;
	if (e != 0) {
		fprintf(stderr, _("vanban: error: cannot run %s: %s\n"), helper, strerror(e));
	} else {
		/* a writer that ends before it has read everything makes a
		 * write fail (EPIPE), not end vanban; what went wrong, the
		 * writer says */
		struct sigaction ign = {0}, was;
		ign.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &ign, &was);
		for (size_t at = 0; at < rows.len;) {
			ssize_t n = write(p[1], rows.s + at, rows.len - at);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			at += (size_t)n;
		}
		close(p[1]);
		sigaction(SIGPIPE, &was, NULL);
		int st = -1;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
		if (WIFSIGNALED(st))
			fprintf(stderr, _("vanban: error: %s ended by signal %d\n"), helper, WTERMSIG(st));
	}
	buf_free(&rows);
	free(helper);
	return ok ? 0 : -1;
}
