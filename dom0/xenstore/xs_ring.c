/*
 * The xenstore ring, xenstored's side (see dom0/xs_ring.h). Indices run
 * freely and are masked on use; prod - cons is what is outstanding, and
 * more than XENSTORE_RING_SIZE of that is impossible. Barriers as Xen's
 * xenstored has them: read the indices, then the data; finish with the
 * data, then move the index.
 */
#include <dom0/xenstore.h>
#include <dom0/xs_ring.h>
#include <keel/string.h>

#define RING_MB() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* One read of an index the guest may be changing. */
static XENSTORE_RING_IDX load(const XENSTORE_RING_IDX *idx)
{
    return __atomic_load_n(idx, __ATOMIC_RELAXED);
}

static void store(XENSTORE_RING_IDX *idx, XENSTORE_RING_IDX v)
{
    __atomic_store_n(idx, v, __ATOMIC_RELAXED);
}

static bool sane(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
    return prod - cons <= XENSTORE_RING_SIZE;
}

long xs_ring_read(struct xenstore_domain_interface *intf, void *buf,
                  size_t max)
{
    XENSTORE_RING_IDX cons = load(&intf->req_cons);
    XENSTORE_RING_IDX prod = load(&intf->req_prod);
    size_t n, first;

    RING_MB();
    if (!sane(cons, prod))
        return -XEN_EIO;
    n = prod - cons;
    if (n > max)
        n = max;
    first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
    if (first > n)
        first = n;
    memcpy(buf, intf->req + MASK_XENSTORE_IDX(cons), first);
    memcpy((char *)buf + first, intf->req, n - first);
    RING_MB();
    store(&intf->req_cons, cons + (XENSTORE_RING_IDX)n);
    return (long)n;
}

long xs_ring_space(const struct xenstore_domain_interface *intf)
{
    XENSTORE_RING_IDX cons = load(&intf->rsp_cons);
    XENSTORE_RING_IDX prod = load(&intf->rsp_prod);

    if (!sane(cons, prod))
        return -XEN_EIO;
    return (long)(XENSTORE_RING_SIZE - (prod - cons));
}

long xs_ring_write(struct xenstore_domain_interface *intf, const void *buf,
                   size_t len)
{
    XENSTORE_RING_IDX cons = load(&intf->rsp_cons);
    XENSTORE_RING_IDX prod = load(&intf->rsp_prod);
    size_t n, first;

    RING_MB();
    if (!sane(cons, prod))
        return -XEN_EIO;
    n = XENSTORE_RING_SIZE - (prod - cons);
    if (n > len)
        n = len;
    first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
    if (first > n)
        first = n;
    memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), buf, first);
    memcpy(intf->rsp, (const char *)buf + first, n - first);
    RING_MB();
    store(&intf->rsp_prod, prod + (XENSTORE_RING_IDX)n);
    return (long)n;
}

/* conn's output into the ring, as much as fits; false if the guest
 * broke the indices (or moved them under us). */
static bool flush(struct xenstore_domain_interface *intf,
                  struct xs_conn *conn, bool *notify)
{
    char buf[XENSTORE_RING_SIZE];
    long space = xs_ring_space(intf);
    size_t n;

    if (space < 0)
        return false;
    n = xs_conn_output(conn, buf, (size_t)space);
    if (n == 0)
        return true;
    *notify = true;
    return xs_ring_write(intf, buf, n) == (long)n;
}

static int fail(struct xenstore_domain_interface *intf, uint32_t why)
{
    intf->error = why;
    return -XEN_EIO;
}

int xs_ring_service(struct xenstore_domain_interface *intf,
                    struct xs_conn *conn, bool *notify)
{
    char buf[XENSTORE_RING_SIZE];

    *notify = false;
    for (;;) {
        size_t room;
        long n;

        if (!flush(intf, conn, notify))
            return fail(intf, XENSTORE_ERROR_RINGIDX);
        /* A request held back for output room goes first. */
        if (xs_conn_input(conn, NULL, 0) < 0)
            return fail(intf, xs_conn_error(conn));
        room = xs_conn_input_room(conn);
        if (room == 0)
            break;
        n = xs_ring_read(intf, buf, room < sizeof(buf) ? room : sizeof(buf));
        if (n < 0)
            return fail(intf, XENSTORE_ERROR_RINGIDX);
        if (n == 0)
            break;
        *notify = true;                 /* the guest may wait for space */
        if (xs_conn_input(conn, buf, (size_t)n) < 0)
            return fail(intf, xs_conn_error(conn));
    }
    return flush(intf, conn, notify) ? 0 : fail(intf, XENSTORE_ERROR_RINGIDX);
}
