/*
 * The operations that change nodes (write, mkdir, rm, set perms) and the
 * permission-checked lookup they share, as Xen's xenstored_core.c does
 * them. Each builds a batch against what the request sees, applies it
 * whole, and fires the watches the change earns; any error before the
 * apply leaves everything as it was.
 *
 * Paths here are canonical (absolute) and NUL-terminated at len.
 */
#include <keel/string.h>

#include "xs_core.h"

/* A child's path, for walking a subtree: the engine is single-threaded,
 * and the buffer's content is dead once view_get returns. */
static char child_path[XENSTORE_ABS_PATH_MAX + 1];

/*
 * Xen's errno_from_parents: a client that could not act on a node learns
 * the real reason only if the nearest existing ancestor grants it some of
 * the access it asked for; otherwise EACCES, which tells it nothing.
 */
static int hide_error(const struct xs_req *r, const char *path, size_t len,
                      int err, unsigned int perm)
{
    struct xs_node *n = NULL;

    while (!n && len > 1) {
        int rc;

        len = path_parent_len(path, len);
        rc = view_get(r, path, len, &n);
        if (rc < 0)
            return rc;
    }
    if (n && (perm_for(r->conn, n->perms, n->nperms) & perm))
        return err;
    return -XEN_EACCES;
}

int store_get(const struct xs_req *r, const char *path, size_t len,
              unsigned int perm, struct xs_node **out)
{
    struct xs_node *n;
    int rc;

    if (!path_valid(path, len))
        return -XEN_EINVAL;
    rc = view_get(r, path, len, &n);
    if (rc < 0)
        return rc;
    if (n && (perm_for(r->conn, n->perms, n->nperms) & perm) == perm) {
        *out = n;
        return 0;
    }
    return hide_error(r, path, len, n ? -XEN_EACCES : -XEN_ENOENT, perm);
}

/* Adds n (replacing old) to b, if it is within the record size quota. */
static int add_checked(const struct xs_req *r, struct xs_batch *b,
                       struct xs_node *n, struct xs_node *old)
{
    if (!n)
        return -XEN_ENOMEM;
    if (conn_unprivileged(r->conn) && node_size(n) >= XS_QUOTA_NODE_SIZE) {
        node_put(n);
        return -XEN_ENOSPC;
    }
    return batch_add(b, n, old) ? 0 : -XEN_ENOMEM;
}

/*
 * May the request's domain own k more nodes? Xen counts before each new
 * node, including the ones this request made, except inside a
 * transaction, which is checked again at commit.
 */
static int check_count(const struct xs_req *r, unsigned int k)
{
    uint32_t owned;

    if (!conn_unprivileged(r->conn))
        return 0;
    owned = xs_owned[r->conn->domid];
    return owned + (r->tx ? 0 : k - 1) >= XS_QUOTA_NODES ? -XEN_ENOSPC : 0;
}

static size_t name_end(const char *path, size_t pos, size_t len)
{
    while (pos < len && path[pos] != '/')
        pos++;
    return pos;
}

/*
 * The batch that creates path (known absent) with data, and any missing
 * ancestors empty, under the nearest ancestor that exists. New nodes
 * inherit that ancestor's permissions; an unprivileged creator owns them.
 * *made is the new node, *above its parent.
 */
static int create(const struct xs_req *r, const char *path, size_t len,
                  const void *data, uint32_t datalen, struct xs_batch *b,
                  struct xs_node **made, struct xs_node **above)
{
    struct xs_node *parent = NULL;
    size_t at = len, pos, end;
    unsigned int k = 0;
    int rc;

    while (!parent) {
        if (at == 1)
            return -XEN_EIO;            /* no root: cannot happen */
        at = path_parent_len(path, at);
        rc = view_get(r, path, at, &parent);
        if (rc < 0)
            return rc;
        k++;
    }
    rc = check_count(r, k);
    pos = at == 1 ? 1 : at + 1;         /* the first new name */
    end = name_end(path, pos, len);
    if (!rc)
        rc = add_checked(r, b, node_with_child(parent, path + pos, end - pos),
                         parent);
    for (bool last = false; !rc && !last; pos = end + 1) {
        struct xs_span child[3] = { { "", 0 }, { "", 0 }, { "", 0 } };
        struct xs_node *n;

        end = name_end(path, pos, len);
        last = end == len;
        if (!last) {
            size_t next = name_end(path, end + 1, len);

            child[0] = (struct xs_span){ path + end + 1,
                                         (uint32_t)(next - end - 1) };
            child[1] = (struct xs_span){ "", 1 };
        }
        n = node_new(path, end, parent->perms, parent->nperms,
                     last ? data : "", last ? datalen : 0, child);
        if (n && conn_unprivileged(r->conn))
            n->perms[0].id = r->conn->domid;
        rc = add_checked(r, b, n, NULL);
        *above = parent;
        parent = *made = n;
    }
    b->created = true;
    return rc;
}

/* Applies b, fires path's watches, frees b: the end of a change. */
static int finish(const struct xs_req *r, struct xs_batch *b, int rc,
                  const char *path, size_t len, struct xs_node *node,
                  struct xs_node *parent, const struct xs_node *before)
{
    if (rc == 0) {
        batch_apply(r, b);
        watch_fire(r, path, len, false, node, parent,
                   before ? before->perms : NULL, before ? before->nperms : 0);
    }
    batch_free(b);
    return rc;
}

int store_write(const struct xs_req *r, const char *path, size_t len,
                const void *data, uint32_t datalen)
{
    struct xs_batch b = { NULL, false };
    struct xs_node *n, *made = NULL, *above = NULL;
    int rc = store_get(r, path, len, XS_PERM_WRITE, &n);

    if (rc == -XEN_ENOENT)
        rc = create(r, path, len, data, datalen, &b, &made, &above);
    else if (rc == 0)
        rc = add_checked(r, &b, made = node_with_data(n, data, datalen), n);
    return finish(r, &b, rc, path, len, made, above, NULL);
}

int store_mkdir(const struct xs_req *r, const char *path, size_t len)
{
    struct xs_batch b = { NULL, false };
    struct xs_node *n, *made = NULL, *above = NULL;
    int rc = store_get(r, path, len, XS_PERM_WRITE, &n);

    if (rc != -XEN_ENOENT)
        return rc;                      /* there already, or an error */
    rc = create(r, path, len, "", 0, &b, &made, &above);
    return finish(r, &b, rc, path, len, made, above, NULL);
}

int store_set_perms(const struct xs_req *r, const char *path, size_t len,
                    const struct xs_perm *perms, uint32_t nperms)
{
    struct xs_batch b = { NULL, false };
    struct xs_node *n, *made = NULL;
    int rc = store_get(r, path, len, XS_PERM_WRITE | XS_PERM_OWNER, &n);

    if (rc < 0)
        return rc;
    if (conn_unprivileged(r->conn) && perms[0].id != node_owner(n))
        return -XEN_EPERM;              /* only dom0 gives nodes away */
    rc = add_checked(r, &b, made = node_with_perms(n, perms, nperms), n);
    return finish(r, &b, rc, path, len, made, NULL, n);
}

/* ---- rm ---- */

/* Pushes the children of n (in list order) onto stack. */
static int push_children(const struct xs_req *r, const struct xs_node *n,
                         struct xs_batch *stack)
{
    size_t plen = n->link.keylen == 1 ? 0 : n->link.keylen;

    for (uint32_t off = 0; off < n->childlen;) {
        const char *name = n->children + off;
        size_t nlen = strlen(name), len = plen + 1 + nlen;
        struct xs_node *child;
        int rc;

        off += (uint32_t)nlen + 1;
        if (len > XENSTORE_ABS_PATH_MAX)
            continue;                   /* cannot be in the store */
        memcpy(child_path, n->path, plen);
        child_path[plen] = '/';
        memcpy(child_path + plen + 1, name, nlen);
        rc = view_get(r, child_path, len, &child);
        if (rc < 0)
            return rc;
        if (child && !batch_add(stack, NULL, child))
            return -XEN_ENOMEM;
    }
    return 0;
}

/*
 * Deletions of top and everything under it into b, children before their
 * parent, siblings in list order (Xen's order of events). Popping a
 * stack fed children in list order visits the tree in pre-order with
 * siblings reversed; prepending each to b reverses that into post-order.
 */
static int collect(const struct xs_req *r, struct xs_node *top,
                   struct xs_batch *b)
{
    struct xs_batch stack = { NULL, false };
    int rc = batch_add(&stack, NULL, top) ? 0 : -XEN_ENOMEM;

    while (!rc && stack.first) {
        struct xs_change *c = stack.first;

        stack.first = c->next;
        c->next = b->first;
        b->first = c;
        rc = push_children(r, c->old, &stack);
    }
    batch_free(&stack);
    return rc;
}

/* Fires the watches of every node in b's deletions. Under the removed
 * node itself only watches on exactly the removed path fire. */
static void fire_removed(const struct xs_req *r, const struct xs_batch *b,
                         const char *path, size_t len)
{
    for (const struct xs_change *c = b->first; c; c = c->next)
        if (!c->node) {
            bool below = c->len != len || memcmp(c->path, path, len) != 0;

            watch_fire(r, c->path, c->len, below, c->old, NULL, NULL, 0);
        }
}

/* Removes path, which exists, and its subtree. */
static int remove_tree(const struct xs_req *r, const char *path, size_t len,
                  struct xs_node *n)
{
    struct xs_batch b = { NULL, false };
    size_t blen;
    const char *base = path_base(path, len, &blen);
    struct xs_node *parent;
    int rc = view_get(r, path, path_parent_len(path, len), &parent);

    if (rc == 0 && !parent)
        rc = -XEN_EINVAL;               /* Xen's answer; cannot happen */
    if (rc == 0)
        rc = collect(r, n, &b);
    if (rc == 0)
        rc = add_checked(&(struct xs_req){ NULL, r->tx }, &b,
                         node_without_child(parent, base, blen), parent);
    if (rc == 0) {
        /* Before applying, while the store still has every parent. */
        fire_removed(r, &b, path, len);
        batch_apply(r, &b);
    }
    batch_free(&b);
    return rc;
}

int store_rm(const struct xs_req *r, const char *path, size_t len)
{
    struct xs_node *n, *parent;
    int rc = store_get(r, path, len, XS_PERM_WRITE, &n);

    if (rc == -XEN_ENOENT) {
        /* Gone already: fine, if its parent is there. */
        rc = view_get(r, path, path_parent_len(path, len), &parent);
        return rc < 0 ? rc : parent ? 0 : -XEN_ENOENT;
    }
    if (rc < 0)
        return rc;
    if (len == 1)
        return -XEN_EINVAL;             /* not "/" */
    return remove_tree(r, path, len, n);
}
