/*
 * Watches and their events, as Xen 4.17's xenstored_watch.c has them.
 *
 * A watch is a canonical path (or a special "@name") and a token. A
 * change to a node fires every watch on it or on an ancestor, each
 * once, with the changed path; removing a subtree also fires, for each
 * removed node, the watches on exactly that node. A watcher hears of a
 * change only if it may read the node (before or after the change) or
 * its parent. A watch set with a relative path reports paths relative to
 * the same base.
 *
 * Paths given to the functions here are NUL-terminated at len.
 */
#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

int watch_add(struct xs_conn *c, const char *path, size_t len, size_t rel,
              const char *token)
{
    size_t tlen = strlen(token);
    struct xs_watch *w;

    for (w = c->watches; w; w = w->next)
        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0)
            return -XEN_EEXIST;
    /* Xen lets the count reach one past the quota. */
    if (conn_unprivileged(c) && c->nwatches > XS_QUOTA_WATCHES)
        return -XEN_E2BIG;
    w = malloc(sizeof(*w) + len + 1 + tlen + 1);
    if (!w)
        return -XEN_ENOMEM;
    w->next = NULL;
    w->rel = rel;
    memcpy(w->path, path, len + 1);
    w->token = w->path + len + 1;
    memcpy(w->token, token, tlen + 1);
    *c->watch_tail = w;
    c->watch_tail = &w->next;
    c->nwatches++;
    return 0;
}

int watch_remove(struct xs_conn *c, const char *path, const char *token)
{
    struct xs_watch **pp = &c->watches, *w;

    while ((w = *pp) &&
           (strcmp(w->path, path) != 0 || strcmp(w->token, token) != 0))
        pp = &w->next;
    if (!w)
        return -XEN_ENOENT;
    *pp = w->next;
    if (c->watch_tail == &w->next)
        c->watch_tail = pp;
    c->nwatches--;
    free(w);
    return 0;
}

void watch_free_all(struct xs_conn *c)
{
    while (c->watches) {
        struct xs_watch *w = c->watches;

        c->watches = w->next;
        free(w);
    }
    c->watch_tail = &c->watches;
    c->nwatches = 0;
}

/* Is an identical event still waiting in c's queue? Xen sends it once. */
static bool pending(const struct xs_conn *c, const char *path, size_t plen,
                    const char *token, uint32_t len)
{
    const size_t hdr = sizeof(struct xsd_sockmsg);

    for (const struct xs_msg *m = c->out_head; m; m = m->next)
        if (m->event && m->len == hdr + len &&
            memcmp(m->bytes + hdr, path, plen + 1) == 0 &&
            strcmp((const char *)m->bytes + hdr + plen + 1, token) == 0)
            return true;
    return false;
}

void watch_event(struct xs_conn *c, const char *path, const char *token)
{
    size_t plen = strlen(path), tlen = strlen(token);
    uint32_t len = (uint32_t)(plen + 1 + tlen + 1);
    struct xsd_sockmsg hdr = { XS_WATCH_EVENT, 0, 0, len };
    struct xs_msg *m;

    if (c->error || (path[0] != '@' && pending(c, path, plen, token, len)))
        return;
    if (len > XENSTORE_PAYLOAD_MAX ||
        c->out_bytes + sizeof(hdr) + len > XS_CONN_OUTPUT_MAX) {
        c->dropped++;
        return;
    }
    m = msg_new(len);
    if (!m) {
        c->dropped++;
        return;
    }
    memcpy(m->bytes, &hdr, sizeof(hdr));
    memcpy(m->bytes + sizeof(hdr), path, plen + 1);
    memcpy(m->bytes + sizeof(hdr) + plen + 1, token, tlen + 1);
    m->event = true;
    conn_queue(c, m);
}

/* Xen's watch_permitted. */
static bool may_see(const struct xs_conn *c, const char *path, size_t len,
                    const struct xs_node *node, const struct xs_node *parent,
                    const struct xs_perm *extra, uint32_t nextra)
{
    if (extra && (perm_for(c, extra, nextra) & XS_PERM_READ))
        return true;
    if (!node && !(node = db_find(path, len)))
        return false;
    if (perm_for(c, node->perms, node->nperms) & XS_PERM_READ)
        return true;
    if (!parent && !(parent = db_find(path, path_parent_len(path, len))))
        return false;
    return perm_for(c, parent->perms, parent->nperms) & XS_PERM_READ;
}

/* path as watch w reports it: relative if w was set relative. */
static const char *reported(const struct xs_watch *w, const char *path)
{
    path += w->rel;
    return w->rel && *path == '/' ? path + 1 : path;
}

static bool matches(const struct xs_watch *w, const char *path, size_t len,
                    bool exact)
{
    size_t wlen = strlen(w->path);

    if (exact)
        return wlen == len && memcmp(w->path, path, len) == 0;
    return path_under(path, len, w->path, wlen);
}

void watch_fire(const struct xs_req *r, const char *path, size_t len,
                bool exact, const struct xs_node *node,
                const struct xs_node *parent, const struct xs_perm *extra,
                uint32_t nextra)
{
    if (r->tx) {
        tx_queue_watch(r->tx, path, len, exact);
        return;
    }
    for (struct xs_conn *c = xs.conns; c; c = c->next) {
        if (!c->watches ||
            !may_see(c, path, len, node, parent, extra, nextra))
            continue;
        for (struct xs_watch *w = c->watches; w; w = w->next)
            if (matches(w, path, len, exact))
                watch_event(c, reported(w, path), w->token);
    }
}

void watch_fire_special(const char *name)
{
    uint32_t *n;
    struct xs_perm *perms = special_perms(name, &n);

    for (struct xs_conn *c = xs.conns; c; c = c->next) {
        if (!(perm_for(c, perms, *n) & XS_PERM_READ))
            continue;
        for (struct xs_watch *w = c->watches; w; w = w->next)
            if (strcmp(w->path, name) == 0)
                watch_event(c, name, w->token);
    }
}
