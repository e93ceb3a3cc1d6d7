/*
 * The store: the map of published records, the generation counter, the
 * ownership counts, and the engine's start and end.
 *
 * Invariants (xs_check tests them): "/" always exists; every other
 * node's parent exists and lists its name exactly once; every listed
 * child exists; xs_owned[d] is the number of nodes whose owner is d; the
 * map holds one reference on each record in it.
 */
#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

struct xs_state xs;
uint32_t xs_owned[XS_DOMID_LIMIT];

/* What "/" and the special paths start with: dom0's, no access for others. */
static const struct xs_perm dom0_only = { 0, XS_PERM_NONE };

struct xs_node *db_find(const char *path, size_t len)
{
    struct xs_link *l = map_find(&xs.nodes, path, len);

    return l ? (struct xs_node *)l : NULL;  /* link is the first member */
}

void db_count(const struct xs_node *n, int delta)
{
    uint32_t owner = node_owner(n);

    if (owner < XS_DOMID_LIMIT)
        xs_owned[owner] += (uint32_t)delta;
}

void db_replace(const char *path, size_t len, struct xs_node *node)
{
    struct xs_node *old = db_find(path, len);

    if (old) {
        map_remove(&xs.nodes, &old->link);
        db_count(old, -1);
        node_put(old);
    }
    if (node) {
        node->generation = ++xs.generation;
        node_get(node);
        map_insert(&xs.nodes, &node->link);
        db_count(node, 1);
    }
}

void db_apply(struct xs_batch *b)
{
    for (struct xs_change *c = b->first; c; c = c->next)
        db_replace(c->path, c->len, c->node);
}

/* ---- Walking the tree without a stack ---- */

/* The child of p named at offset off of its list. */
static struct xs_node *child_at(const struct xs_node *p, uint32_t off)
{
    static char buf[XENSTORE_ABS_PATH_MAX + 1];
    const char *name = p->children + off;
    size_t plen = p->link.keylen, nlen = strlen(name);
    size_t len = (plen == 1 ? 0 : plen) + 1 + nlen;

    if (len > XENSTORE_ABS_PATH_MAX)
        return NULL;
    memcpy(buf, p->path, plen);
    buf[plen == 1 ? 0 : plen] = '/';
    memcpy(buf + len - nlen, name, nlen);
    return db_find(buf, len);
}

/* The first existing child of p listed at or after offset off. */
static struct xs_node *child_from(const struct xs_node *p, uint32_t off)
{
    for (; off < p->childlen; off += (uint32_t)strlen(p->children + off) + 1) {
        struct xs_node *c = child_at(p, off);

        if (c)
            return c;
    }
    return NULL;
}

struct xs_node *db_next(const struct xs_node *n, bool descend)
{
    struct xs_node *next = descend ? child_from(n, 0) : NULL;

    while (!next && n->link.keylen > 1) {
        size_t blen;
        const char *base = path_base(n->path, n->link.keylen, &blen);
        const struct xs_node *parent =
            db_find(n->path, path_parent_len(n->path, n->link.keylen));
        long off = parent ? node_child_offset(parent, base, blen) : -1;

        if (off < 0)
            return NULL;                /* not in the tree: see xs_check */
        next = child_from(parent, (uint32_t)off + (uint32_t)blen + 1);
        n = parent;
    }
    return next;
}

/* ---- Start and end ---- */

static int special_init(int i)
{
    xs.special[i] = malloc(sizeof(dom0_only));
    if (!xs.special[i])
        return -XEN_ENOMEM;
    xs.special[i][0] = dom0_only;
    xs.nspecial[i] = 1;
    return 0;
}

int xs_init(const struct xs_host_ops *ops, void *ctx)
{
    static const struct xs_span none[3] = { { "", 0 }, { "", 0 }, { "", 0 } };
    struct xs_node *root;

    memset(&xs, 0, sizeof(xs));
    memset(xs_owned, 0, sizeof(xs_owned));
    xs.ops = ops;
    xs.ctx = ctx;
    xs.conn_tail = &xs.conns;
    if (map_init(&xs.nodes) < 0)
        return -XEN_ENOMEM;
    root = node_new("/", 1, &dom0_only, 1, "", 0, none);
    if (!root || special_init(0) < 0 || special_init(1) < 0) {
        node_put(root);
        xs_shutdown();
        return -XEN_ENOMEM;
    }
    db_replace("/", 1, root);
    node_put(root);
    xs.ready = true;
    return 0;
}

static void drop_node(struct xs_link *l)
{
    node_put((struct xs_node *)l);
}

void xs_shutdown(void)
{
    dom_free_all();
    while (xs.conns)
        xs_conn_free(xs.conns);
    if (xs.nodes.buckets)
        map_drain(&xs.nodes, drop_node);
    map_fini(&xs.nodes);
    free(xs.special[0]);
    free(xs.special[1]);
    memset(&xs, 0, sizeof(xs));
}

unsigned int xs_domain_nodes(unsigned int domid)
{
    return domid < XS_DOMID_LIMIT ? xs_owned[domid] : 0;
}
