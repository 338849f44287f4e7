/* tasks_xlsx.h: vanban tasks --xlsx: the workbook is written by the helper
 * program vanban-xlsx (generator/xlsx/out_xlsx.c), which vanban runs with
 * the rows on its standard input, so that vanban itself never loads
 * libxlsxwriter. Included by main.c only. */
#ifndef VANBAN_TASKS_XLSX_H
#define VANBAN_TASKS_XLSX_H

#include "common.h"
#include "doc.h"

/* The time a workbook says it was made, from one of its documents: its
 * date (seconds since 1970, UTC), 0 for a document without one. The
 * workbook takes the latest, so that the same sources give the same bytes
 * whenever and wherever they are built. */
long long tasks_xlsx_time(const struct doc *doc);

/* Writes the workbook of sheets (tasks_sheet's lines, a sheet for each
 * document) into path, made at created (tasks_xlsx_time's latest, 0 when
 * no document has a date): runs vanban-xlsx, found beside the program
 * (build/, as the build leaves it) or in PREFIX/libexec/vanban once installed.
 * Returns 0, or -1 once said on standard error. */
int tasks_xlsx_write(const char *path, const struct buf *sheets, long long created);

#endif
