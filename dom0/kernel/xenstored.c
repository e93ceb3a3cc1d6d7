/*
 * xenstored's place in dom0: the engine (dom0/xenstore/), told by the
 * hypervisor which domains exist, a privileged local connection for
 * dom0's own tools (the shell's xenstore-* commands, xl), and the rings
 * of the domains introduced to it.
 *
 * A ring is served by the "xenstored" thread, never from inside the
 * engine: its event, or new output for it (a watch fired by another
 * connection's request), only queues it for the thread.
 */
#include <keel/string.h>
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/xen.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/dom_exc.h>
#include <dom0/events.h>
#include <dom0/grant.h>
#include <dom0/sched.h>
#include <dom0/xenstore.h>
#include <dom0/xenstored.h>
#include <dom0/xs_ring.h>

/* A guest's ring, as the xs_conn's transport. */
struct store_ring {
    struct xs_conn *conn;
    struct grant_mapping page;  /* its struct xenstore_domain_interface */
    unsigned int port;          /* dom0's end of its event channel; 0: none */
    bool queued, broken;
    struct store_ring *next;    /* in `queue` while queued */
    struct store_ring *next_all;
};

static struct xs_client client;
static bool running;
static struct store_ring *queue, *rings;
static struct waitq work;

static void enqueue(struct store_ring *r)
{
    if (r->queued)
        return;
    r->queued = true;
    r->next = queue;
    queue = r;
    waitq_wake_all(&work);
}

static void dequeue(struct store_ring *r)
{
    for (struct store_ring **p = &queue; *p; p = &(*p)->next)
        if (*p == r) {
            *p = r->next;
            break;
        }
    r->queued = false;
}

static void ring_event(unsigned int port, void *arg)
{
    (void)port;
    enqueue(arg);
}

static void serve(struct store_ring *r)
{
    bool notify = false;

    if (r->broken)
        return;
    /* A broken stream is the guest's own loss: xs_ring_service has told
     * it in intf->error, and its ring is not read again. */
    if (xs_ring_service(r->page.va, r->conn, &notify) < 0) {
        r->broken = true;
        printk("dom0: xenstored: domain %u broke its ring; no longer served\n",
               xs_conn_domid(r->conn));
        notify = true;
    }
    if (notify && r->port)
        evtchn_notify(r->port);
}

static void service_thread(void *arg)
{
    (void)arg;
    for (;;) {
        while (queue) {
            struct store_ring *r = queue;

            dequeue(r);
            serve(r);
        }
        waitq_sleep(&work);
    }
}

static struct xs_conn *introduce(void *ctx, unsigned int domid, unsigned long mfn,
                                 unsigned int port, int *err)
{
    struct store_ring *r = calloc(1, sizeof(*r));
    int rc;

    (void)ctx;
    (void)mfn;      /* the builder granted the page: ref GNTTAB_RESERVED_XENSTORE */
    if (!r) {
        *err = -XEN_ENOMEM;
        return NULL;
    }
    if (grant_map((domid_t)domid, GNTTAB_RESERVED_XENSTORE, false, &r->page)) {
        free(r);
        *err = -XEN_EINVAL;
        return NULL;
    }
    rc = evtchn_bind_interdomain((domid_t)domid, port, ring_event, r);
    if (rc < 0 || !(r->conn = xs_conn_new(domid, false))) {
        if (rc >= 0)
            evtchn_close((unsigned int)rc);
        grant_unmap(&r->page);
        free(r);
        *err = rc < 0 ? rc : -XEN_ENOMEM;
        return NULL;
    }
    r->port = (unsigned int)rc;
    r->next_all = rings;
    rings = r;
    xs_conn_set_priv(r->conn, r);
    enqueue(r);     /* the guest may have written before it was introduced */
    return r->conn;
}

static void reintroduce(void *ctx, struct xs_conn *conn, unsigned int port)
{
    struct store_ring *r = xs_conn_priv(conn);
    struct xenstore_domain_interface *intf = r->page.va;
    int rc;

    (void)ctx;
    evtchn_close(r->port);
    intf->req_cons = intf->req_prod = intf->rsp_cons = intf->rsp_prod = 0;
    intf->error = XENSTORE_ERROR_NONE;
    r->broken = false;
    rc = evtchn_bind_interdomain((domid_t)xs_conn_domid(conn), port, ring_event, r);
    if (rc < 0) {
        printk("dom0: xenstored: domain %u: binding port %u failed (%d)\n",
               xs_conn_domid(conn), port, rc);
        r->broken = true;
        r->port = 0;
        return;
    }
    r->port = (unsigned int)rc;
}

static void release(void *ctx, struct xs_conn *conn)
{
    struct store_ring *r = xs_conn_priv(conn);

    (void)ctx;
    if (!r)
        return;
    dequeue(r);
    for (struct store_ring **p = &rings; *p; p = &(*p)->next_all)
        if (*p == r) {
            *p = r->next_all;
            break;
        }
    if (r->port)
        evtchn_close(r->port);
    grant_unmap(&r->page);
    free(r);
}

static void output_ready(void *ctx, struct xs_conn *conn)
{
    struct store_ring *r = xs_conn_priv(conn);

    (void)ctx;
    if (r)
        enqueue(r);
}

static bool domain_exists(void *ctx, unsigned int domid)
{
    struct xen_domctl_getdomaininfo info;

    (void)ctx;
    return domain_info_of((domid_t)domid, &info) == 0;
}

static void log_line(void *ctx, const char *msg)
{
    (void)ctx;
    printk("xenstored: %s\n", msg);
}

static const struct xs_host_ops ops = {
    .introduce = introduce,
    .reintroduce = reintroduce,
    .release = release,
    .domain_exists = domain_exists,
    .output_ready = output_ready,
    .log = log_line,
};

/*
 * As Xen's xenstored on VIRQ_DOM_EXC: an introduced domain that is dying
 * or gone is released; one that shut down fires @releaseDomain.
 */
static void domains_changed(void *arg)
{
    struct store_ring *r = rings;

    (void)arg;
    while (r) {
        struct xen_domctl_getdomaininfo info;
        unsigned int domid = xs_conn_domid(r->conn);
        bool gone = domain_info_of((domid_t)domid, &info) ||
                    (info.flags & XEN_DOMINF_dying);

        if (gone) {
            xs_domain_gone(domid);  /* frees r: look at the list again */
            r = rings;
            continue;
        }
        if (info.flags & XEN_DOMINF_shutdown)
            xs_domain_shutdown(domid);
        r = r->next_all;
    }
}

static int write_str(const char *path, const char *value)
{
    return xs_write(&client, 0, path, value, strlen(value));
}

int xenstored_start(void)
{
    struct xs_conn *conn;
    int rc = xs_init(&ops, NULL);

    if (rc)
        return rc;
    if (!(conn = xs_conn_new(0, true))) {
        xs_shutdown();
        return -XEN_ENOMEM;
    }
    xs_client_init(&client, conn, NULL, NULL);
    /* What Xen's xencommons writes for dom0. */
    if ((rc = write_str("/local/domain/0/name", "Domain-0")) ||
        (rc = write_str("/local/domain/0/domid", "0"))) {
        xs_shutdown();
        return rc;
    }
    if (!thread_create("xenstored", service_thread, NULL) ||
        dom_exc_listen(domains_changed, NULL)) {
        xs_shutdown();
        return -XEN_ENOMEM;
    }
    running = true;
    return 0;
}

struct xs_client *xenstore(void)
{
    return running ? &client : NULL;
}
