/* idmap.c: IDs to indices, by open addressing with FNV-1a. */
#include "idmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static size_t
hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return (size_t)h;
}

void
idmap_init(struct idmap *m, const void *set, const char *(*key)(const void *set, size_t i))
{
	*m = (struct idmap){NULL, 0, 0, set, key};
}

/* The slot for the len bytes at id: the one holding it, or the empty one
 * where it would go. */
static size_t *
slot(const struct idmap *m, const char *id, size_t len)
{
	size_t mask = m->cap - 1, i = hash(id, len) & mask;
	for (;;) {
		size_t *e = &m->slot[i];
		if (*e == 0)
			return e;
		const char *k = m->key(m->set, *e - 1);
		if (strncmp(k, id, len) == 0 && k[len] == '\0')
			return e;
		i = (i + 1) & mask;
	}
}

long
idmap_add(struct idmap *m, size_t i)
{
	const char *id = m->key(m->set, i);
	size_t len = strlen(id);
	/* at most half full: a probe ends soon */
	if (2 * (m->n + 1) > m->cap) {
		size_t *old = m->slot, ocap = m->cap;
		m->cap = ocap ? 2 * ocap : 64;
		m->slot = xcalloc(m->cap, sizeof *m->slot);
		for (size_t k = 0; k < ocap; k++)
			if (old[k]) {
				const char *ok = m->key(m->set, old[k] - 1);
				*slot(m, ok, strlen(ok)) = old[k];
			}
		free(old);
	}
	size_t *e = slot(m, id, len);
	if (*e)
		return (long)(*e - 1);
	*e = i + 1;
	m->n++;
	return -1;
}

long
idmap_find(const struct idmap *m, const char *id, size_t len)
{
	if (m->cap == 0)
		return -1;
	size_t *e = slot(m, id, len);
	return *e ? (long)(*e - 1) : -1;
}

void
idmap_free(struct idmap *m)
{
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}
