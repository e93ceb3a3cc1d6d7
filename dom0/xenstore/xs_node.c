/*
 * Node records (see xs_core.h): one heap block each, holding the struct,
 * then the permissions, the value, the child list and the path. A record
 * never changes once published; a change builds a new one.
 */
#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

/* Xen's record header in TDB: generation, three counts, padding. */
#define XEN_RECORD_HEADER 24
#define XEN_RECORD_PERM   8

struct xs_node *node_new(const char *path, size_t len,
                         const struct xs_perm *perms, uint32_t nperms,
                         const void *data, uint32_t datalen,
                         const struct xs_span child[3])
{
    uint32_t childlen = child[0].len + child[1].len + child[2].len;
    size_t perm_bytes = nperms * sizeof(*perms);
    struct xs_node *n = malloc(sizeof(*n) + perm_bytes + datalen + childlen +
                               len + 1);
    char *p;

    if (!n)
        return NULL;
    memset(n, 0, sizeof(*n));
    n->refs = 1;
    n->nperms = nperms;
    n->datalen = datalen;
    n->childlen = childlen;
    n->perms = (struct xs_perm *)(n + 1);
    memcpy(n->perms, perms, perm_bytes);
    n->data = (char *)n->perms + perm_bytes;
    memcpy(n->data, data, datalen);
    n->children = p = n->data + datalen;
    for (int i = 0; i < 3; i++) {
        memcpy(p, child[i].p, child[i].len);
        p += child[i].len;
    }
    n->path = p;
    memcpy(n->path, path, len);
    n->path[len] = '\0';
    n->link.key = n->path;
    n->link.keylen = len;
    return n;
}

/* n's child list as the first span, the other two empty. */
static void same_children(const struct xs_node *n, struct xs_span child[3])
{
    child[0] = (struct xs_span){ n->children, n->childlen };
    child[1] = child[2] = (struct xs_span){ "", 0 };
}

struct xs_node *node_with_data(const struct xs_node *n, const void *data,
                               uint32_t len)
{
    struct xs_span child[3];

    same_children(n, child);
    return node_new(n->path, n->link.keylen, n->perms, n->nperms, data, len,
                    child);
}

struct xs_node *node_with_perms(const struct xs_node *n,
                                const struct xs_perm *perms, uint32_t nperms)
{
    struct xs_span child[3];

    same_children(n, child);
    return node_new(n->path, n->link.keylen, perms, nperms, n->data,
                    n->datalen, child);
}

struct xs_node *node_with_child(const struct xs_node *n, const char *name,
                                size_t len)
{
    struct xs_span child[3] = {
        { n->children, n->childlen },
        { name, (uint32_t)len },
        { "", 1 },                      /* the name's NUL */
    };

    return node_new(n->path, n->link.keylen, n->perms, n->nperms, n->data,
                    n->datalen, child);
}

long node_child_offset(const struct xs_node *n, const char *name, size_t len)
{
    uint32_t off = 0;

    while (off < n->childlen) {
        size_t l = strlen(n->children + off);

        if (l == len && memcmp(n->children + off, name, len) == 0)
            return off;
        off += (uint32_t)l + 1;
    }
    return -1;
}

struct xs_node *node_without_child(const struct xs_node *n, const char *name,
                                   size_t len)
{
    long off = node_child_offset(n, name, len);
    struct xs_span child[3];

    same_children(n, child);
    if (off >= 0) {
        uint32_t after = (uint32_t)off + (uint32_t)len + 1;

        child[0].len = (uint32_t)off;
        child[1] = (struct xs_span){ n->children + after,
                                     n->childlen - after };
    }
    return node_new(n->path, n->link.keylen, n->perms, n->nperms, n->data,
                    n->datalen, child);
}

void node_get(struct xs_node *n)
{
    n->refs++;
}

void node_put(struct xs_node *n)
{
    if (n && --n->refs == 0)
        free(n);
}

size_t node_size(const struct xs_node *n)
{
    return XEN_RECORD_HEADER + XEN_RECORD_PERM * (size_t)n->nperms +
           n->datalen + n->childlen;
}
