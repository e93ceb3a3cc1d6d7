/*
 * Looking at the whole store: the consistency check (XS_CONTROL "check",
 * and the tests' oracle after every operation) and a text dump (the
 * tests' proof that a failed request changed nothing).
 */
#include <stdarg.h>

#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

/* A child's path; the engine is single-threaded. */
static char path_buf[XENSTORE_ABS_PATH_MAX + 1];

/* Does every name n lists exist? */
static bool children_exist(const struct xs_node *n)
{
    size_t plen = n->link.keylen == 1 ? 0 : n->link.keylen;

    for (uint32_t off = 0; off < n->childlen;) {
        const char *name = n->children + off;
        size_t nlen = strlen(name);

        off += (uint32_t)nlen + 1;
        if (plen + 1 + nlen > XENSTORE_ABS_PATH_MAX)
            return false;
        memcpy(path_buf, n->path, plen);
        path_buf[plen] = '/';
        memcpy(path_buf + plen + 1, name, nlen);
        if (!db_find(path_buf, plen + 1 + nlen))
            return false;
    }
    return true;
}

static unsigned int times_listed(const struct xs_node *p, const char *name,
                                 size_t len)
{
    unsigned int n = 0;

    for (uint32_t off = 0; off < p->childlen;) {
        size_t l = strlen(p->children + off);

        n += l == len && memcmp(p->children + off, name, len) == 0;
        off += (uint32_t)l + 1;
    }
    return n;
}

/* Is n (not "/") listed exactly once by its parent? */
static bool listed_once(const struct xs_node *n)
{
    size_t blen;
    const char *base = path_base(n->path, n->link.keylen, &blen);
    const struct xs_node *p =
        db_find(n->path, path_parent_len(n->path, n->link.keylen));

    return p && times_listed(p, base, blen) == 1;
}

static bool node_ok(const struct xs_node *n, uint32_t *owned)
{
    if (n->nperms == 0 || n->generation > xs.generation ||
        (n->childlen && n->children[n->childlen - 1] != '\0'))
        return false;
    if (n->link.keylen > 1 && !listed_once(n))
        return false;
    if (node_owner(n) < XS_DOMID_LIMIT)
        owned[node_owner(n)]++;
    return children_exist(n);
}

int xs_check(void)
{
    uint32_t *owned = xs.ready ? calloc(XS_DOMID_LIMIT, sizeof(*owned)) : NULL;
    size_t reached = 0;
    bool ok = owned != NULL;

    for (struct xs_node *n = db_find("/", 1); ok && n; n = db_next(n, true)) {
        ok = node_ok(n, owned);
        reached++;
    }
    ok = ok && reached == xs.nodes.count &&
         memcmp(owned, xs_owned, sizeof(xs_owned)) == 0;
    free(owned);
    return ok ? 0 : -XEN_EIO;
}

/* ---- Dump ---- */

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
    size_t room = o->len < o->size ? o->size - o->len : 0;
    va_list ap;

    va_start(ap, fmt);
    o->len += (size_t)vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
}

static void put_node(struct out *o, const struct xs_node *n)
{
    static const char letter[] = { 'n', 'r', 'w', 'b' };

    put(o, "%s %llu", n->path, (unsigned long long)n->generation);
    for (uint32_t i = 0; i < n->nperms; i++)
        put(o, " %c%u%s", letter[n->perms[i].perms & 3], n->perms[i].id,
            n->perms[i].perms & XS_PERM_IGNORE ? "!" : "");
    put(o, " = \"");
    for (uint32_t i = 0; i < n->datalen; i++) {
        unsigned char ch = (unsigned char)n->data[i];

        if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
            put(o, "%c", ch);
        else
            put(o, "\\x%02x", ch);
    }
    put(o, "\"\n");
}

size_t xs_dump(char *buf, size_t size)
{
    struct out o = { buf, size, 0 };

    if (size)
        buf[0] = '\0';
    put(&o, "generation %llu\n", (unsigned long long)xs.generation);
    for (struct xs_node *n = db_find("/", 1); n; n = db_next(n, true))
        put_node(&o, n);
    return o.len;
}
