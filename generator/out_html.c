/* out_html.c: a standalone HTML page: cmark renders the document's text
 * (escaped; raw HTML never reaches it, validation refuses it), and the page
 * template and style sheet from templates/ frame it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "text.h"
#include "tree.h"

static char *
slurp(const char *path, struct diag *d)
{
	char *s = read_file(path);
	if (s == NULL)
		diag(d, D_IO, (struct pos){0}, path, sys_error(errno));
	return s;
}

static void
escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

int
html_page_load(const char *tdir, char **page, char **css, struct diag *d)
{
	char *path = xasprintf("%s/page.html", tdir);
	*page = slurp(path, d);
	free(path);
	path = xasprintf("%s/page.css", tdir);
	*css = slurp(path, d);
	free(path);
	if (*page == NULL || *css == NULL) {
		free(*page);
		free(*css);
		*page = *css = NULL;
		return -1;
	}
	return 0;
}

char *
html_render(const struct doc *doc, const char *tdir, struct diag *d)
{
	char *page, *css;
	if (html_page_load(tdir, &page, &css, d) < 0)
		return NULL;
	char *s = html_render_page(doc, page, css);
	free(page);
	free(css);
	return s;
}

char *
html_render_page(const struct doc *doc, const char *page, const char *css)
{
	cmark_node *t = tree_build(doc, TREE_HTML);
	char *content = cmark_render_html(t, CMARK_OPT_DEFAULT);
	cmark_node_free(t);

	struct buf title = {0}, subject = {0};
	char *subj = text_plain(doc->subject);
	if (*fmt_type_name(doc))
		buf_printf(&title, "%s ", fmt_type_name(doc));
	buf_puts(&title, subj);
	escape(&subject, buf_cstr(&title));
	free(subj);

	/* Placeholders are replaced in one pass over the template; the values
	 * are never scanned again, so nothing in them can act as one. */
	struct {
		const char *key;
		const char *val;
	} vars[] = {
	    {"{{title}}", buf_cstr(&subject)},
	    {"{{css}}", css},
	    {"{{content}}", content},
	    {"{{family}}", doc->family->name},
	    {"{{kind}}", doc->kind->id},
	    {"{{generator}}", "vanban " VANBAN_VERSION},
	};
	struct buf out = {0};
	for (const char *p = page; *p;) {
		size_t i, nv = sizeof vars / sizeof *vars;
		for (i = 0; i < nv; i++)
			if (strncmp(p, vars[i].key, strlen(vars[i].key)) == 0)
				break;
		if (i < nv) {
			buf_puts(&out, vars[i].val);
			p += strlen(vars[i].key);
		} else {
			buf_putc(&out, *p++);
		}
	}
	free(content);
	buf_free(&title);
	buf_free(&subject);
	return buf_take(&out);
}
