/*
 * A hash map of strings to intrusive links (see xs_core.h), chained, with
 * a power-of-two bucket array that doubles as it fills. Growing is an
 * optimisation only: if the larger array cannot be allocated the map
 * keeps its chains longer, so inserting never fails.
 *
 * Invariant: every link is in the bucket of its hash, and count is the
 * number of links.
 */
#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

#define FIRST_BUCKETS 16

/* FNV-1a: short keys, good spread, no tables. */
static uint32_t hash_of(const char *key, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    return h;
}

int map_init(struct xs_map *m)
{
    m->buckets = calloc(FIRST_BUCKETS, sizeof(*m->buckets));
    if (!m->buckets)
        return -XEN_ENOMEM;
    m->nbuckets = FIRST_BUCKETS;
    m->count = 0;
    return 0;
}

void map_fini(struct xs_map *m)
{
    free(m->buckets);
    m->buckets = NULL;
    m->nbuckets = m->count = 0;
}

struct xs_link *map_find(const struct xs_map *m, const char *key, size_t len)
{
    uint32_t h = hash_of(key, len);
    struct xs_link *l = m->buckets[h & (m->nbuckets - 1)];

    for (; l; l = l->next)
        if (l->hash == h && l->keylen == len && memcmp(l->key, key, len) == 0)
            return l;
    return NULL;
}

static void link_into(struct xs_link **buckets, size_t n, struct xs_link *l)
{
    struct xs_link **head = &buckets[l->hash & (n - 1)];

    l->next = *head;
    *head = l;
}

/* Twice the buckets, if memory allows. */
static void grow(struct xs_map *m)
{
    size_t n = m->nbuckets * 2;
    struct xs_link **b = calloc(n, sizeof(*b));

    if (!b)
        return;
    for (size_t i = 0; i < m->nbuckets; i++) {
        while (m->buckets[i]) {
            struct xs_link *l = m->buckets[i];

            m->buckets[i] = l->next;
            link_into(b, n, l);
        }
    }
    free(m->buckets);
    m->buckets = b;
    m->nbuckets = n;
}

void map_insert(struct xs_map *m, struct xs_link *l)
{
    l->hash = hash_of(l->key, l->keylen);
    link_into(m->buckets, m->nbuckets, l);
    if (++m->count > 2 * m->nbuckets)
        grow(m);
}

void map_remove(struct xs_map *m, struct xs_link *l)
{
    struct xs_link **pp = &m->buckets[l->hash & (m->nbuckets - 1)];

    while (*pp != l)
        pp = &(*pp)->next;
    *pp = l->next;
    m->count--;
}

void map_drain(struct xs_map *m, void (*fn)(struct xs_link *l))
{
    for (size_t i = 0; i < m->nbuckets; i++) {
        while (m->buckets[i]) {
            struct xs_link *l = m->buckets[i];

            m->buckets[i] = l->next;
            m->count--;
            fn(l);
        }
    }
}

void map_each(const struct xs_map *m, void (*fn)(struct xs_link *l, void *arg),
              void *arg)
{
    for (size_t i = 0; i < m->nbuckets; i++)
        for (struct xs_link *l = m->buckets[i]; l; l = l->next)
            fn(l, arg);
}
