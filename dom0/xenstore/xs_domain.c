/*
 * Domains, as Xen 4.17's xenstored_domain.c tracks them: which are
 * introduced (have a ring connection), the special watch paths
 * "@introduceDomain" and "@releaseDomain" with their own permissions,
 * and what happens when a domain goes.
 *
 * Invariant: a domain is in xs.doms exactly while it is introduced; its
 * conn is the connection the host made for its ring, until that is freed.
 */
#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

#define DOMID_SELF 0x7FF0

static const char *const special_names[2] = {
    "@introduceDomain", "@releaseDomain"
};

struct xs_dom *dom_find(unsigned int domid)
{
    struct xs_dom *d = xs.doms;

    while (d && d->domid != domid)
        d = d->next;
    return d;
}

bool dom_exists(unsigned int domid)
{
    if (domid == 0 || dom_find(domid))
        return true;
    if (domid >= XS_DOMID_LIMIT)
        return false;
    if (xs.ops && xs.ops->domain_exists)
        return xs.ops->domain_exists(xs.ctx, domid);
    return true;
}

bool dom_introduced(unsigned int domid)
{
    return domid == 0 || domid == DOMID_SELF || dom_find(domid);
}

static int special_index(const char *name)
{
    for (int i = 0; i < 2; i++)
        if (strcmp(name, special_names[i]) == 0)
            return i;
    return -1;
}

struct xs_perm *special_perms(const char *name, uint32_t **n)
{
    int i = special_index(name);

    if (i < 0)
        return NULL;
    *n = &xs.nspecial[i];
    return xs.special[i];
}

void special_set(const char *name, struct xs_perm *perms, uint32_t n)
{
    int i = special_index(name);

    free(xs.special[i]);
    xs.special[i] = perms;
    xs.nspecial[i] = n;
}

/* ---- Introduce ---- */

int dom_introduce(unsigned int domid, unsigned long mfn, unsigned int port)
{
    struct xs_dom *d = dom_find(domid);
    int err = -XEN_ENOMEM;

    if (d) {
        /* Again: Xen resets the connection and rebinds the port. */
        if (d->conn) {
            conn_reset(d->conn);
            if (xs.ops->reintroduce)
                xs.ops->reintroduce(xs.ctx, d->conn, port);
        }
        return 0;
    }
    if (!xs.ops || !xs.ops->introduce)
        return -XEN_ENOSYS;
    d = calloc(1, sizeof(*d));
    if (!d)
        return -XEN_ENOMEM;
    d->conn = xs.ops->introduce(xs.ctx, domid, mfn, port, &err);
    if (!d->conn) {
        free(d);
        return err < 0 ? err : -XEN_EIO;
    }
    d->domid = domid;
    d->next = xs.doms;
    xs.doms = d;
    watch_fire_special("@introduceDomain");
    return 0;
}

/* ---- A domain goes ---- */

/* The first node in tree order that domid owns. */
static struct xs_node *find_owned(unsigned int domid)
{
    struct xs_node *n = db_find("/", 1);

    while (n && node_owner(n) != domid)
        n = db_next(n, true);
    return n;
}

/*
 * Removes every node domid owns, with its subtree, firing watches as an
 * rm would. Where that cannot be done (no memory, or "/") the node goes
 * to dom0 instead, as Xen's --keep-orphans would have it.
 */
static void remove_owned(unsigned int domid)
{
    const struct xs_req engine = { NULL, NULL };
    struct xs_node *n;

    while ((n = find_owned(domid)) != NULL) {
        if (n->link.keylen > 1 &&
            store_rm(&engine, n->path, n->link.keylen) == 0)
            continue;
        db_count(n, -1);
        n->perms[0].id = 0;
        db_count(n, 1);
    }
}

static void ignore_in_node(struct xs_link *l, void *arg)
{
    struct xs_node *n = (struct xs_node *)l;

    perms_ignore(n->perms, n->nperms, *(unsigned int *)arg);
}

/* Xen's remove_domid_from_perm, for a special path. */
static void forget_in_special(int i, unsigned int domid)
{
    struct xs_perm *p = xs.special[i];
    uint32_t kept = 1;

    if (p[0].id == domid)
        p[0].id = 0;
    for (uint32_t j = 1; j < xs.nspecial[i]; j++)
        if (p[j].id != domid)
            p[kept++] = p[j];
    xs.nspecial[i] = kept;
}

/* The connection of d goes first, so its own watches hear nothing. */
static void drop_conn(struct xs_dom *d)
{
    struct xs_conn *c = d->conn;

    if (!c)
        return;
    d->conn = NULL;
    if (xs.ops->release)
        xs.ops->release(xs.ctx, c);
    xs_conn_free(c);
}

static void unlink_dom(struct xs_dom *d)
{
    struct xs_dom **pp = &xs.doms;

    while (*pp != d)
        pp = &(*pp)->next;
    *pp = d->next;
}

/* Xen's destroy_domain. */
static void domain_gone(unsigned int domid)
{
    struct xs_dom *d = dom_find(domid);

    if (d) {
        unlink_dom(d);
        drop_conn(d);
    }
    remove_owned(domid);
    map_each(&xs.nodes, ignore_in_node, &domid);
    tx_domain_gone(domid);
    forget_in_special(0, domid);
    forget_in_special(1, domid);
    if (d) {
        watch_fire_special("@releaseDomain");
        free(d);
    }
}

int dom_release(unsigned int domid, const struct xs_conn *requester)
{
    struct xs_dom *d;

    if (domid == 0)
        return -XEN_EINVAL;
    d = dom_find(domid);
    if (!d)
        return -XEN_ENOENT;
    if (!d->conn)
        return -XEN_EINVAL;
    if (d->conn == requester)
        return -XEN_EBUSY;              /* it would free itself mid-request */
    domain_gone(domid);
    return 0;
}

void xs_domain_gone(unsigned int domid)
{
    if (xs.ready && domid != 0 && domid < XS_DOMID_LIMIT)
        domain_gone(domid);
}

void xs_domain_shutdown(unsigned int domid)
{
    struct xs_dom *d = xs.ready ? dom_find(domid) : NULL;

    if (d && !d->shutdown) {
        d->shutdown = true;
        watch_fire_special("@releaseDomain");
    }
}

int dom_resume(unsigned int domid)
{
    struct xs_dom *d = domid ? dom_find(domid) : NULL;

    if (domid == 0)
        return -XEN_EINVAL;
    if (!d)
        return -XEN_ENOENT;
    if (!d->conn)
        return -XEN_EINVAL;
    d->shutdown = false;
    return 0;
}

int dom_set_target(unsigned int domid, unsigned int target)
{
    struct xs_dom *d = dom_find(domid), *t = dom_find(target);

    if (!d || !t)
        return -XEN_ENOENT;
    if (!d->conn || !t->conn)
        return -XEN_EINVAL;
    d->conn->has_target = true;
    d->conn->target = target;
    return 0;
}

void dom_conn_gone(struct xs_conn *c)
{
    for (struct xs_dom *d = xs.doms; d; d = d->next)
        if (d->conn == c)
            d->conn = NULL;
}

void dom_free_all(void)
{
    while (xs.doms) {
        struct xs_dom *d = xs.doms;

        xs.doms = d->next;
        drop_conn(d);
        free(d);
    }
}
