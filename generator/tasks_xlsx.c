/* tasks_xlsx.c: runs vanban-xlsx, the program that writes the task table
 * as an Excel workbook (see tasks_xlsx.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
	int ok = run_program(helper, argv, rows.s, rows.len) == 0;
	buf_free(&rows);
	free(helper);
	return ok ? 0 : -1;
}
