/*
 * The requests: parsing each message type's payload and replying, as
 * Xen 4.17's xenstored does (docs/misc/xenstore.txt). A reply echoes the
 * request's type, req_id and tx_id; an error is XS_ERROR carrying the
 * errno's name and a NUL; a change is acknowledged with "OK" and a NUL.
 *
 * Before a request runs, a short reply is reserved for it, so once it
 * has changed anything its "OK" cannot fail to be sent.
 */
#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

#define HDR sizeof(struct xsd_sockmsg)

struct call {
    struct xs_req r;            /* the connection and its transaction */
    const struct xsd_sockmsg *hdr;
    const char *body;           /* hdr->len bytes, not NUL-terminated */
    uint32_t len;
    struct xs_msg *small;       /* reserved for a short reply until used */
};

/* A canonical path: requests use one at a time. */
static char canon[XS_DOMAIN_PATH_MAX + XENSTORE_PAYLOAD_MAX + 1];

/* ---- Replies ---- */

/* A message with room for len payload bytes: the reserved one if it fits. */
static struct xs_msg *reply_msg(struct call *k, uint32_t len)
{
    struct xs_msg *m = k->small;

    if (len <= XS_SMALL_REPLY && m) {
        k->small = NULL;
        return m;
    }
    return msg_new(len);
}

static void reply_send(struct call *k, struct xs_msg *m, uint32_t type,
                       uint32_t len)
{
    struct xsd_sockmsg h = { type, k->hdr->req_id, k->hdr->tx_id, len };

    memcpy(m->bytes, &h, HDR);
    m->len = (uint32_t)HDR + len;
    m->sent = 0;
    m->event = false;
    conn_queue(k->r.conn, m);
}

static int reply(struct call *k, const void *data, uint32_t len)
{
    struct xs_msg *m;

    if (len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    m = reply_msg(k, len);
    if (!m)
        return -XEN_ENOMEM;
    memcpy(m->bytes + HDR, data, len);
    reply_send(k, m, k->hdr->type, len);
    return 0;
}

static int reply_ok(struct call *k)
{
    return reply(k, "OK", 3);
}

/* Errors go by name; a number with no name in the table is EINVAL. */
static void reply_error(struct call *k, int err)
{
    const char *name = xsd_errors[0].errstring;
    uint32_t len;
    struct xs_msg *m;

    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++)
        if (xsd_errors[i].errnum == -err)
            name = xsd_errors[i].errstring;
    len = (uint32_t)strlen(name) + 1;
    m = reply_msg(k, len);
    if (!m)
        return;                         /* cannot happen: reserved */
    memcpy(m->bytes + HDR, name, len);
    reply_send(k, m, XS_ERROR, len);
}

/* ---- Payload parsing ---- */

/* The payload if it is exactly one string and its NUL, else NULL. */
static const char *onearg(const struct call *k)
{
    if (k->len == 0 || strnlen(k->body, k->len) != k->len - 1)
        return NULL;
    return k->body;
}

static unsigned int count_nuls(const struct call *k)
{
    unsigned int n = 0;

    for (uint32_t i = 0; i < k->len; i++)
        n += k->body[i] == '\0';
    return n;
}

/* The NUL-terminated strings of the payload, up to max into vec; returns
 * how many there are (bytes after the last NUL do not count). */
static unsigned int strings(const struct call *k, const char **vec,
                            unsigned int max)
{
    unsigned int n = 0;

    for (uint32_t off = 0; off < k->len;) {
        size_t l = strnlen(k->body + off, k->len - off);

        if (off + l == k->len)
            break;
        if (n < max)
            vec[n] = k->body + off;
        n++;
        off += (uint32_t)l + 1;
    }
    return n;
}

/* The canonical form of p, in canon; its length. */
static size_t canonical(const struct call *k, const char *p)
{
    return path_canonical(k->r.conn, p, strlen(p), canon);
}

/* The node at the single path argument, if the caller may do perm. */
static int node_arg(struct call *k, unsigned int perm, struct xs_node **n)
{
    const char *p = onearg(k);

    if (!p)
        return -XEN_EINVAL;
    return store_get(&k->r, canon, canonical(k, p), perm, n);
}

/* ---- Reading ---- */

static int do_read(struct call *k)
{
    struct xs_node *n;
    int rc = node_arg(k, XS_PERM_READ, &n);

    return rc < 0 ? rc : reply(k, n->data, n->datalen);
}

static int do_directory(struct call *k)
{
    struct xs_node *n;
    int rc = node_arg(k, XS_PERM_READ, &n);

    return rc < 0 ? rc : reply(k, n->children, n->childlen);
}

/* Bytes of whole names from off that fit in room; *end if that is all. */
static uint32_t names_fitting(const struct xs_node *n, uint32_t off,
                              uint32_t room, bool *end)
{
    uint32_t len = 0;

    *end = false;
    while (len + strlen(n->children + off + len) < room) {
        len += (uint32_t)strlen(n->children + off + len) + 1;
        if (off + len == n->childlen) {
            *end = true;
            break;
        }
    }
    return len;
}

/*
 * "<generation>\0" then as many whole names from byte offset off of the
 * child list as fit, then an empty string if that reached the end. A
 * client reads on from offset + what it got while the generation holds.
 */
static int do_directory_part(struct call *k)
{
    const char *vec[2];
    char gen[24];
    uint32_t genlen, off, len = 0;
    bool end = true;
    struct xs_node *n;
    struct xs_msg *m;
    int rc;

    if (count_nuls(k) != 2 || strings(k, vec, 2) != 2)
        return -XEN_EINVAL;
    rc = store_get(&k->r, canon, canonical(k, vec[0]), XS_PERM_READ, &n);
    if (rc < 0)
        return rc;
    off = (uint32_t)xs_atoi(vec[1]);
    genlen = (uint32_t)snprintf(gen, sizeof(gen), "%llu",
                                (unsigned long long)n->generation) + 1;
    if (off < n->childlen)
        len = names_fitting(n, off, XENSTORE_PAYLOAD_MAX - genlen - 1, &end);
    m = reply_msg(k, genlen + len + 1);
    if (!m)
        return -XEN_ENOMEM;
    memcpy(m->bytes + HDR, gen, genlen);
    if (len)
        memcpy(m->bytes + HDR + genlen, n->children + off, len);
    m->bytes[HDR + genlen + len] = '\0';
    reply_send(k, m, k->hdr->type, genlen + len + end);
    return 0;
}

static int do_get_perms(struct call *k)
{
    struct xs_node *n;
    struct xs_msg *m;
    size_t len;
    int rc = node_arg(k, XS_PERM_READ, &n);

    if (rc < 0)
        return rc;
    m = reply_msg(k, n->nperms * XS_PERM_STR_MAX);
    if (!m)
        return -XEN_ENOMEM;
    len = perms_format(n->perms, n->nperms, (char *)m->bytes + HDR);
    if (len > XENSTORE_PAYLOAD_MAX) {
        msg_free(k->r.conn, m);
        return -XEN_E2BIG;
    }
    reply_send(k, m, k->hdr->type, (uint32_t)len);
    return 0;
}

/* ---- Changing ---- */

static int do_write(struct call *k)
{
    const char *vec[1];
    size_t off, len;
    int rc;

    if (strings(k, vec, 1) < 1)
        return -XEN_EINVAL;
    off = strlen(vec[0]) + 1;
    len = canonical(k, vec[0]);
    rc = store_write(&k->r, canon, len, k->body + off,
                     k->len - (uint32_t)off);
    return rc < 0 ? rc : reply_ok(k);
}

/* MKDIR and RM: one path. */
static int path_op(struct call *k,
                   int (*op)(const struct xs_req *, const char *, size_t))
{
    const char *p = onearg(k);
    int rc;

    if (!p)
        return -XEN_EINVAL;
    rc = op(&k->r, canon, canonical(k, p));
    return rc < 0 ? rc : reply_ok(k);
}

static int do_mkdir(struct call *k)
{
    return path_op(k, store_mkdir);
}

static int do_rm(struct call *k)
{
    return path_op(k, store_rm);
}

/* A special path's new permissions (taking perms), after Xen's check. */
static int set_special(struct call *k, struct xs_perm *perms, uint32_t n)
{
    uint32_t *cur_n;
    struct xs_perm *cur = special_perms(k->body, &cur_n);
    const unsigned int need = XS_PERM_WRITE | XS_PERM_OWNER;

    if (!cur)
        return -XEN_EINVAL;
    if ((perm_for(k->r.conn, cur, *cur_n) & need) != need)
        return -XEN_EACCES;
    special_set(k->body, perms, n);
    return 0;
}

/* Parses n perm strings after the path; entries naming no domain are
 * kept but ignored, as Xen does, and an owner that is none is ENOENT. */
static int parse_perms(struct call *k, struct xs_perm *perms, uint32_t n)
{
    size_t plen = strlen(k->body) + 1;
    int rc = perms_parse(k->body + plen, k->len - plen, perms, n);

    for (uint32_t i = 0; rc == 0 && i < n; i++)
        if (!dom_exists(perms[i].id))
            perms[i].perms |= XS_PERM_IGNORE;
    if (rc == 0 && (perms[0].perms & XS_PERM_IGNORE))
        rc = -XEN_ENOENT;
    return rc;
}

static int do_set_perms(struct call *k)
{
    unsigned int nuls = count_nuls(k);
    struct xs_perm *perms;
    uint32_t n;
    int rc;

    if (nuls < 2)
        return -XEN_EINVAL;
    n = nuls - 1;
    if (conn_unprivileged(k->r.conn) && n > XS_QUOTA_PERMS)
        return -XEN_ENOSPC;
    perms = malloc(n * sizeof(*perms));
    if (!perms)
        return -XEN_ENOMEM;
    rc = parse_perms(k, perms, n);
    if (rc == 0 && k->body[0] == '@') {
        rc = set_special(k, perms, n);
        if (rc == 0)
            return reply_ok(k);         /* perms are the special's now */
    } else if (rc == 0) {
        rc = store_set_perms(&k->r, canon, canonical(k, k->body), perms, n);
    }
    free(perms);
    return rc < 0 ? rc : reply_ok(k);
}

/* ---- Watches ---- */

static int do_watch(struct call *k)
{
    const char *vec[2];
    char dom[XS_DOMAIN_PATH_MAX];
    size_t len, rel = 0;
    int rc;

    if (strings(k, vec, 2) != 2)
        return -XEN_EINVAL;
    len = canonical(k, vec[0]);
    if (vec[0][0] == '@') {
        if (len > XENSTORE_REL_PATH_MAX)
            return -XEN_EINVAL;
    } else {
        if (!path_valid(canon, len))
            return -XEN_EINVAL;
        if (vec[0][0] != '/')
            rel = path_domain(dom, k->r.conn->domid);
    }
    rc = watch_add(k->r.conn, canon, len, rel, vec[1]);
    if (rc < 0)
        return rc;
    reply_ok(k);
    /* It fires once at once, with the path as the client gave it. */
    watch_event(k->r.conn, vec[0], vec[1]);
    return 0;
}

static int do_unwatch(struct call *k)
{
    const char *vec[2];
    int rc;

    if (strings(k, vec, 2) != 2)
        return -XEN_EINVAL;
    canonical(k, vec[0]);
    rc = watch_remove(k->r.conn, canon, vec[1]);
    return rc < 0 ? rc : reply_ok(k);
}

static int do_reset_watches(struct call *k)
{
    watch_free_all(k->r.conn);
    tx_free_all(k->r.conn);
    k->r.tx = NULL;
    return reply_ok(k);
}

/* ---- Transactions ---- */

static int do_transaction_start(struct call *k)
{
    struct xs_tx *tx;
    char id[12];
    int rc;

    if (k->r.tx)
        return -XEN_EBUSY;              /* no nesting */
    rc = tx_start(k->r.conn, &tx);
    if (rc < 0)
        return rc;
    return reply(k, id, (uint32_t)snprintf(id, sizeof(id), "%u", tx->id) + 1);
}

static int do_transaction_end(struct call *k)
{
    const char *arg = onearg(k);
    bool commit = arg && strcmp(arg, "T") == 0;
    int rc;

    if (!arg || (!commit && strcmp(arg, "F") != 0))
        return -XEN_EINVAL;
    if (!k->r.tx)
        return -XEN_ENOENT;
    rc = tx_end(k->r.tx, commit);
    k->r.tx = NULL;
    return rc < 0 ? rc : reply_ok(k);
}

/* ---- Domains ---- */

/* A decimal frame number; Xen ignores it, the host may not. */
static unsigned long parse_frame(const char *s)
{
    unsigned long v = 0;

    while (*s >= '0' && *s <= '9')
        v = v * 10 + (unsigned long)(*s++ - '0');
    return v;
}

static int do_introduce(struct call *k)
{
    const char *vec[3];
    int domid, port, rc;

    if (strings(k, vec, 3) < 3)
        return -XEN_EINVAL;
    domid = xs_atoi(vec[0]);
    port = xs_atoi(vec[2]);
    if (port <= 0 || domid <= 0 || domid >= XS_DOMID_LIMIT)
        return -XEN_EINVAL;
    rc = dom_introduce((unsigned int)domid, parse_frame(vec[1]),
                       (unsigned int)port);
    return rc < 0 ? rc : reply_ok(k);
}

/* RELEASE and RESUME: one domid. */
static int domid_arg(struct call *k, unsigned int *domid)
{
    const char *p = onearg(k);

    if (!p)
        return -XEN_EINVAL;
    *domid = (unsigned int)xs_atoi(p);
    return 0;
}

static int do_release(struct call *k)
{
    unsigned int domid;
    int rc = domid_arg(k, &domid);

    if (rc == 0)
        rc = dom_release(domid, k->r.conn);
    return rc < 0 ? rc : reply_ok(k);
}

static int do_resume(struct call *k)
{
    unsigned int domid;
    int rc = domid_arg(k, &domid);

    if (rc == 0)
        rc = dom_resume(domid);
    return rc < 0 ? rc : reply_ok(k);
}

static int do_get_domain_path(struct call *k)
{
    char path[XS_DOMAIN_PATH_MAX];
    unsigned int domid;
    int rc = domid_arg(k, &domid);

    if (rc < 0)
        return rc;
    return reply(k, path, (uint32_t)path_domain(path, domid) + 1);
}

static int do_is_domain_introduced(struct call *k)
{
    unsigned int domid;
    int rc = domid_arg(k, &domid);

    if (rc < 0)
        return rc;
    return reply(k, dom_introduced(domid) ? "T" : "F", 2);
}

static int do_set_target(struct call *k)
{
    const char *vec[2];
    int rc;

    if (strings(k, vec, 2) < 2)
        return -XEN_EINVAL;
    rc = dom_set_target((unsigned int)xs_atoi(vec[0]),
                        (unsigned int)xs_atoi(vec[1]));
    return rc < 0 ? rc : reply_ok(k);
}

/* ---- Control ---- */

static const char control_help[] =
    "check\t\n"
    "print\t<string>\n"
    "help\t\n";

/* "check", "print <string>" and "help", with Xen's argument rules. */
static int do_control(struct call *k)
{
    const char *vec[2];
    unsigned int params = count_nuls(k);

    if (strings(k, vec, 2) < 1)
        return -XEN_EINVAL;
    params--;
    if (strcmp(vec[0], "check") == 0 && params == 0)
        return xs_check() < 0 ? -XEN_EIO : reply_ok(k);
    if (strcmp(vec[0], "print") == 0 && params == 1) {
        if (xs.ops && xs.ops->log)
            xs.ops->log(xs.ctx, vec[1]);
        return reply_ok(k);
    }
    if (strcmp(vec[0], "help") == 0 && params == 0)
        return reply(k, control_help, sizeof(control_help));
    return -XEN_EINVAL;
}

/* ---- Dispatch ---- */

#define PRIV  1     /* privileged connections only */
#define NOTID 2     /* tx_id is ignored */

static const struct {
    int (*fn)(struct call *k);
    unsigned int flags;
} requests[XS_TYPE_COUNT] = {
    [XS_CONTROL]              = { do_control, PRIV },
    [XS_DIRECTORY]            = { do_directory, 0 },
    [XS_READ]                 = { do_read, 0 },
    [XS_GET_PERMS]            = { do_get_perms, 0 },
    [XS_WATCH]                = { do_watch, NOTID },
    [XS_UNWATCH]              = { do_unwatch, NOTID },
    [XS_TRANSACTION_START]    = { do_transaction_start, 0 },
    [XS_TRANSACTION_END]      = { do_transaction_end, 0 },
    [XS_INTRODUCE]            = { do_introduce, PRIV },
    [XS_RELEASE]              = { do_release, PRIV },
    [XS_GET_DOMAIN_PATH]      = { do_get_domain_path, 0 },
    [XS_WRITE]                = { do_write, 0 },
    [XS_MKDIR]                = { do_mkdir, 0 },
    [XS_RM]                   = { do_rm, 0 },
    [XS_SET_PERMS]            = { do_set_perms, 0 },
    [XS_IS_DOMAIN_INTRODUCED] = { do_is_domain_introduced, PRIV },
    [XS_RESUME]               = { do_resume, PRIV },
    [XS_SET_TARGET]           = { do_set_target, PRIV },
    [XS_RESET_WATCHES]        = { do_reset_watches, 0 },
    [XS_DIRECTORY_PART]       = { do_directory_part, 0 },
};

static int dispatch(struct call *k)
{
    uint32_t type = k->hdr->type;

    if (type >= XS_TYPE_COUNT || !requests[type].fn)
        return -XEN_ENOSYS;
    if ((requests[type].flags & PRIV) && conn_unprivileged(k->r.conn))
        return -XEN_EACCES;
    if (!(requests[type].flags & NOTID) && k->hdr->tx_id) {
        k->r.tx = tx_find(k->r.conn, k->hdr->tx_id);
        if (!k->r.tx)
            return -XEN_ENOENT;
    }
    return requests[type].fn(k);
}

bool proto_handle(struct xs_conn *c)
{
    struct call k = { { c, NULL }, &c->hdr, c->body, c->hdr.len,
                      msg_new(XS_SMALL_REPLY) };
    int rc;

    if (!k.small) {
        if (c->spare.len)
            return false;               /* the last one is still queued */
        k.small = &c->spare;
        reply_error(&k, -XEN_ENOMEM);
        return true;
    }
    rc = dispatch(&k);
    if (rc < 0)
        reply_error(&k, rc);
    if (k.small)
        msg_free(c, k.small);
    return true;
}
