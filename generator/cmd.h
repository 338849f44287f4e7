/* cmd.h: the commands that write what a clerk starts from rather than a
 * document: vanban new (a skeleton of a kind, cmd_new.c) and vanban schema
 * (the JSON Schema of the content format, schema.c). Both are written from
 * the key tables of keys.h and the kind templates, as the validator reads
 * them. Included by main.c and the tests. */
#ifndef VANBAN_CMD_H
#define VANBAN_CMD_H

#include "common.h"

/* vanban new ...: argv[0] is "new"; tdir the templates directory when
 * --templates does not name one. Returns the exit status. */
int cmd_new(int argc, char **argv, const char *tdir);
/* vanban schema [--templates DIR]: the schema on standard output. */
int cmd_schema(int argc, char **argv, const char *tdir);

/* The skeleton of kind id in family fam (0 party, 1 state), its first line
 * naming schema_ref; NULL (reported on stderr) when the kind's template
 * cannot be read. Owned. */
char *skeleton(const char *tdir, const char *id, int fam, const char *schema_ref);
/* The schema, as vanban schema prints it; NULL when no kind can be read. */
char *schema_json(const char *tdir);

#endif
