/*
 * Transactions, as Xen 4.17 runs them: nothing is copied at the start.
 * The first time a transaction looks at a path (present or not) it
 * records what the store had and that record's generation; from then on
 * it sees its own copy, which its writes replace. Commit fails with
 * EAGAIN if any path it looked at has changed generation since (so a
 * directory listing conflicts with a child added elsewhere, since that
 * rewrites the parent), and otherwise publishes its changes in the order
 * it first touched them, firing the watches they earned.
 *
 * Invariants: every entry's path was looked up through tx_get before any
 * batch changed it, so tx_apply never allocates; an entry holds a
 * reference on node and on orig.
 */
#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

struct xs_tx *tx_find(const struct xs_conn *c, uint32_t id)
{
    struct xs_tx *tx = c->txs;

    while (tx && tx->id != id)
        tx = tx->next;
    return tx;
}

int tx_start(struct xs_conn *c, struct xs_tx **out)
{
    struct xs_tx *tx;

    /* Xen lets the count reach one past the quota. */
    if (conn_unprivileged(c) && c->ntxs > XS_QUOTA_TRANSACTIONS)
        return -XEN_ENOSPC;
    tx = calloc(1, sizeof(*tx));
    if (!tx)
        return -XEN_ENOMEM;
    if (map_init(&tx->map) < 0) {
        free(tx);
        return -XEN_ENOMEM;
    }
    tx->conn = c;
    tx->tail = &tx->first;
    do {                                /* 0 means "no transaction" */
        tx->id = c->next_txid++;
    } while (tx->id == 0 || tx_find(c, tx->id));
    tx->next = c->txs;
    c->txs = tx;
    c->ntxs++;
    *out = tx;
    return 0;
}

int tx_get(struct xs_tx *tx, const char *path, size_t len,
           struct xs_node **out)
{
    struct xs_tx_entry *e = (struct xs_tx_entry *)map_find(&tx->map, path, len);
    struct xs_node *node;

    if (e) {
        *out = e->node;
        return 0;
    }
    if (conn_unprivileged(tx->conn) && tx->count >= XS_QUOTA_TX_NODES)
        return -XEN_ENOSPC;
    e = malloc(sizeof(*e) + len + 1);
    if (!e)
        return -XEN_ENOMEM;
    memset(e, 0, sizeof(*e));
    memcpy(e->path, path, len);
    e->path[len] = '\0';
    e->link.key = e->path;
    e->link.keylen = len;
    node = db_find(path, len);
    e->node = e->orig = node;
    e->read_gen = node ? node->generation : XS_NO_GENERATION;
    if (node) {
        node_get(node);
        node_get(node);
    }
    map_insert(&tx->map, &e->link);
    *tx->tail = e;
    tx->tail = &e->next;
    tx->count++;
    *out = node;
    return 0;
}

static struct xs_tx_entry *entry(struct xs_tx *tx, const char *path, size_t len)
{
    return (struct xs_tx_entry *)map_find(&tx->map, path, len);
}

void tx_apply(struct xs_tx *tx, struct xs_batch *b)
{
    for (struct xs_change *c = b->first; c; c = c->next) {
        struct xs_tx_entry *e = entry(tx, c->path, c->len);

        if (!e) {                       /* broken invariant: never commit */
            tx->failed = true;
            continue;
        }
        node_put(e->node);
        e->node = c->node;
        if (c->node) {
            node_get(c->node);
            c->node->generation = ++xs.generation;
        }
        e->modified = true;
    }
    tx->created |= b->created;
}

void tx_queue_watch(struct xs_tx *tx, const char *path, size_t len, bool exact)
{
    struct xs_tx_entry *e = entry(tx, path, len);

    if (!e) {
        tx->failed = true;
        return;
    }
    /* A subtree event (not exact) covers an exact one, not the reverse. */
    e->exact = e->fire ? e->exact && exact : exact;
    e->fire = true;
}

/* ---- Commit ---- */

/* Moves the ownership counts as committing tx would, forward (+1) or
 * back (-1). */
static void shift_counts(struct xs_tx *tx, int dir)
{
    for (struct xs_tx_entry *e = tx->first; e; e = e->next) {
        struct xs_node *cur;

        if (!e->modified)
            continue;
        cur = db_find(e->path, e->link.keylen);
        if (cur)
            db_count(cur, -dir);
        if (e->node)
            db_count(e->node, dir);
    }
}

/* Does a domain that gains nodes end at or over its quota? (Xen checks
 * >= here, one stricter than outside transactions.) */
static bool over_quota(struct xs_tx *tx)
{
    bool over = false;

    shift_counts(tx, 1);
    for (struct xs_tx_entry *e = tx->first; e; e = e->next) {
        uint32_t owner;
        struct xs_node *cur;

        if (!e->modified || !e->node)
            continue;
        owner = node_owner(e->node);
        cur = db_find(e->path, e->link.keylen);
        if (owner != 0 && owner < XS_DOMID_LIMIT &&
            (!cur || node_owner(cur) != owner) &&
            xs_owned[owner] >= XS_QUOTA_NODES)
            over = true;
    }
    shift_counts(tx, -1);
    return over;
}

static bool conflicts(struct xs_tx *tx)
{
    for (struct xs_tx_entry *e = tx->first; e; e = e->next) {
        struct xs_node *cur = db_find(e->path, e->link.keylen);
        uint64_t gen = cur ? cur->generation : XS_NO_GENERATION;

        if (gen != e->read_gen)
            return true;
    }
    return false;
}

static int commit(struct xs_tx *tx)
{
    struct xs_req global = { tx->conn, NULL };

    if (tx->failed)
        return -XEN_EAGAIN;
    if (tx->created && conn_unprivileged(tx->conn) && over_quota(tx))
        return -XEN_ENOSPC;
    if (conflicts(tx))
        return -XEN_EAGAIN;
    for (struct xs_tx_entry *e = tx->first; e; e = e->next) {
        if (e->modified)
            db_replace(e->path, e->link.keylen, e->node);
        if (e->fire)
            watch_fire(&global, e->path, e->link.keylen, e->exact, NULL, NULL,
                       e->orig ? e->orig->perms : NULL,
                       e->orig ? e->orig->nperms : 0);
    }
    return 0;
}

static void drop_entry(struct xs_link *l)
{
    struct xs_tx_entry *e = (struct xs_tx_entry *)l;

    node_put(e->node);
    node_put(e->orig);
    free(e);
}

static void tx_free(struct xs_tx *tx)
{
    map_drain(&tx->map, drop_entry);
    map_fini(&tx->map);
    free(tx);
}

static void unlink_tx(struct xs_tx *tx)
{
    struct xs_tx **pp = &tx->conn->txs;

    while (*pp != tx)
        pp = &(*pp)->next;
    *pp = tx->next;
    tx->conn->ntxs--;
}

int tx_end(struct xs_tx *tx, bool do_commit)
{
    int rc = 0;

    unlink_tx(tx);
    if (do_commit)
        rc = commit(tx);
    tx_free(tx);
    return rc;
}

void tx_free_all(struct xs_conn *c)
{
    while (c->txs) {
        struct xs_tx *tx = c->txs;

        unlink_tx(tx);
        tx_free(tx);
    }
}

/* ---- A domain goes ---- */

static void entry_domain_gone(struct xs_tx *tx, struct xs_tx_entry *e,
                              unsigned int domid)
{
    if (e->modified && e->node && node_owner(e->node) == domid)
        tx->failed = true;
    if (e->node)
        perms_ignore(e->node->perms, e->node->nperms, domid);
    if (e->orig)
        perms_ignore(e->orig->perms, e->orig->nperms, domid);
}

void tx_domain_gone(unsigned int domid)
{
    for (struct xs_conn *c = xs.conns; c; c = c->next)
        for (struct xs_tx *tx = c->txs; tx; tx = tx->next)
            for (struct xs_tx_entry *e = tx->first; e; e = e->next)
                entry_domain_gone(tx, e, domid);
}
