/*
 * What one request sees (the store, or its transaction's copy on top of
 * the store) and batches of changes to it (see xs_core.h for why changes
 * come in batches).
 */
#include <dom0/alloc.h>

#include "xs_core.h"

int view_get(const struct xs_req *r, const char *path, size_t len,
             struct xs_node **out)
{
    if (r->tx)
        return tx_get(r->tx, path, len, out);
    *out = db_find(path, len);
    return 0;
}

bool batch_add(struct xs_batch *b, struct xs_node *node, struct xs_node *old)
{
    struct xs_change *c = malloc(sizeof(*c));
    const struct xs_node *named = node ? node : old;

    if (!c) {
        node_put(node);
        return false;
    }
    c->node = node;
    c->old = old;
    if (old)
        node_get(old);
    c->path = named->path;
    c->len = named->link.keylen;
    c->next = b->first;
    b->first = c;
    return true;
}

void batch_apply(const struct xs_req *r, struct xs_batch *b)
{
    if (r->tx)
        tx_apply(r->tx, b);
    else
        db_apply(b);
}

void batch_free(struct xs_batch *b)
{
    while (b->first) {
        struct xs_change *c = b->first;

        b->first = c->next;
        node_put(c->node);
        node_put(c->old);
        free(c);
    }
}
