/* idmap.h: finding an entry by its ID in constant time. Citations, footnote
 * references and [§ID] are looked up once each, and a hostile file may hold
 * a million of them against ten thousand IDs: a linear search would take
 * minutes. The map holds indices into the caller's array; key(set, i) gives
 * the ID of entry i. */
#ifndef VANBAN_IDMAP_H
#define VANBAN_IDMAP_H

#include <stddef.h>

struct idmap {
	size_t *slot; /* open addressing: index + 1, 0 empty */
	size_t cap, n;
	const void *set;
	const char *(*key)(const void *set, size_t i);
};

void idmap_init(struct idmap *m, const void *set, const char *(*key)(const void *set, size_t i));
/* Adds entry i; returns -1, or the index of an earlier entry with the same
 * ID (then i is not added: the first keeps the ID). */
long idmap_add(struct idmap *m, size_t i);
/* The entry whose ID is the len bytes at id, or -1. */
long idmap_find(const struct idmap *m, const char *id, size_t len);
void idmap_free(struct idmap *m);

#endif
