/*
 * Event channels: the port table and its state machine (Xen 4.17's
 * xen/common/event_channel.c, rules and error returns; the code is
 * Keel's). Delivery is in evtchn_2l.c and evtchn_fifo.c; this file picks
 * the one the domain uses.
 *
 * Invariants, for a domain d (between calls, under d's event lock):
 *  - ports [0, valid_evtchns) are initialised; valid_evtchns is a
 *    multiple of EVTCHN_BUCKET_PORTS and at most nr_ports; port 0 is
 *    ECS_RESERVED; active_evtchns counts the ports in a state above
 *    ECS_RESERVED.
 *  - an ECS_INTERDOMAIN port (d, p) names (r, q) whose state is
 *    ECS_INTERDOMAIN and which names (d, p) back.
 *  - virq_to_port[v][x] is non-zero exactly for the ECS_VIRQ port bound to
 *    VIRQ x, where v is 0 for global VIRQs and the bound vCPU otherwise;
 *    pirq_to_port[x] likewise for ECS_PIRQ ports, each of which is on the
 *    pirq list of its notify vCPU.
 *  - closing a port clears its pending state, so a free port is never
 *    pending by Keel's doing (the guest may still write its own bits).
 *
 * Where Keel differs from Xen 4.17, on purpose:
 *  - no Xen-internal consumers (alloc_unbound_xen_event_channel): no port
 *    is ever Xen's, so the -EACCES/-EINVAL Xen gives for those cannot
 *    happen;
 *  - PIRQs: only the PV path; routing the IRQ is the pirq_* hooks' job,
 *    the HVM emulated-IRQ cases are absent, and the PIRQ table is the
 *    caller's array (no -ENOMEM);
 *  - FIFO: a port's "raised before its event word existed" flag is
 *    dropped when the port is closed, where Xen keeps it and raises a
 *    stale event on the port's next binding once the page arrives;
 *  - global VIRQ handlers (which domain gets VIRQ_DOM_EXC...) are chosen
 *    by the caller, who passes that domain to evtchn_send_global_virq;
 *  - no locks: see include/keel/evtchn.h.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel/errno.h"
#include "keel/evtchn.h"
#include "keel/string.h"

/* ------------------------------------------------------------------ */
/* Lookups and checks                                                  */

bool evtchn_vcpu_valid(const struct evtchn_domain *d, uint32_t vcpu)
{
    return vcpu < d->nr_vcpus && vcpu < EVTCHN_MAX_VCPUS;
}

uint32_t evtchn_max_ports(const struct evtchn_domain *d)
{
    return d->abi == EVTCHN_ABI_FIFO ? EVTCHN_FIFO_NR_CHANNELS
                                     : EVTCHN_2L_NR_CHANNELS;
}

static bool port_is_valid(const struct evtchn_domain *d, evtchn_port_t port)
{
    return port < d->valid_evtchns;
}

static struct evtchn *port_chn(const struct evtchn_domain *d,
                               evtchn_port_t port)
{
    return port_is_valid(d, port) ? &d->ports[port] : NULL;
}

/* Xen's rcu_lock_domain_by_any_id(): DOMID_SELF is the caller. */
static struct evtchn_domain *lookup(struct evtchn_domain *cur, domid_t dom)
{
    if (dom == DOMID_SELF)
        return cur;
    if (dom == cur->domid)
        return cur;
    if (!cur->hooks->domain_by_id)
        return NULL;
    return cur->hooks->domain_by_id(cur->hooks->ctx, dom);
}

/*
 * XSM_TARGET under Xen's default policy: src acts on itself, on the
 * domain it is device model for, or is the control domain.
 */
static int may_target(const struct evtchn_domain *src,
                      const struct evtchn_domain *target)
{
    if (src == target)
        return 0;
    if (target && src->target == target)
        return 0;
    if (src->privileged)
        return 0;
    return -EPERM;
}

/* Bound by the guest (Xen's evtchn_usable, with no Xen consumers). */
static bool usable(const struct evtchn *chn)
{
    return chn->state > ECS_RESERVED;
}

bool evtchn_virq_is_global(uint32_t virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    default:
        return true;    /* x86: the VIRQ_ARCH_* are global too */
    }
}

/* ------------------------------------------------------------------ */
/* Delivery: one switch on the domain's ABI (Xen's evtchn_port_ops)    */

void evtchn_mark_events_pending(struct evtchn_domain *d, unsigned int vcpu)
{
    struct vcpu_info *vi;

    if (!evtchn_vcpu_valid(d, vcpu) || !(vi = d->vcpu_info[vcpu]))
        return;
    /* Xen: test_and_set_bit(0, &evtchn_upcall_pending), kick if clear. */
    if (__atomic_fetch_or(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST) & 1)
        return;
    if (d->hooks->kick_vcpu)
        d->hooks->kick_vcpu(d->hooks->ctx, d, vcpu);
}

void evtchn_check_pollers(struct evtchn_domain *d, evtchn_port_t port)
{
    if (d->hooks->poll_wake)
        d->hooks->poll_wake(d->hooks->ctx, d, port);
}

static void port_init(struct evtchn_domain *d, struct evtchn *chn)
{
    if (d->abi == EVTCHN_ABI_FIFO)
        evtchn_fifo_port_init(d, chn);
}

static void port_set_pending(struct evtchn_domain *d, unsigned int vcpu,
                             struct evtchn *chn)
{
    if (!usable(chn))
        return;
    if (d->abi == EVTCHN_ABI_FIFO)
        evtchn_fifo_set_pending(d, vcpu, chn);
    else
        evtchn_2l_set_pending(d, vcpu, evtchn_port_of(d, chn));
}

static void port_clear_pending(struct evtchn_domain *d, struct evtchn *chn)
{
    if (!usable(chn))
        return;
    if (d->abi == EVTCHN_ABI_FIFO)
        evtchn_fifo_clear_pending(d, chn);
    else
        evtchn_2l_clear_pending(d, evtchn_port_of(d, chn));
}

static void port_unmask(struct evtchn_domain *d, struct evtchn *chn)
{
    if (!usable(chn))
        return;
    if (d->abi == EVTCHN_ABI_FIFO)
        evtchn_fifo_unmask(d, chn);
    else
        evtchn_2l_unmask(d, chn->notify_vcpu, evtchn_port_of(d, chn));
}

static bool port_is_busy(const struct evtchn_domain *d,
                         const struct evtchn *chn)
{
    return d->abi == EVTCHN_ABI_FIFO && evtchn_fifo_is_busy(d, chn);
}

static bool chn_is_pending(const struct evtchn_domain *d,
                           const struct evtchn *chn)
{
    if (!usable(chn))
        return false;
    if (d->abi == EVTCHN_ABI_FIFO)
        return evtchn_fifo_is_pending(d, chn);
    return evtchn_2l_is_pending(d, evtchn_port_of(d, chn));
}

static bool chn_is_masked(const struct evtchn_domain *d,
                          const struct evtchn *chn)
{
    if (!usable(chn))
        return true;
    if (d->abi == EVTCHN_ABI_FIFO)
        return evtchn_fifo_is_masked(d, chn);
    return evtchn_2l_is_masked(d, evtchn_port_of(d, chn));
}

/* ------------------------------------------------------------------ */
/* Allocating and freeing ports                                        */

/*
 * Xen's evtchn_allocate_port: take port if free (and, FIFO, no longer
 * linked), making its bucket valid first if needed.
 */
static int allocate_port(struct evtchn_domain *d, evtchn_port_t port)
{
    if (port > d->max_evtchn_port || port >= evtchn_max_ports(d) ||
        port >= d->nr_ports)
        return -ENOSPC;

    if (port_is_valid(d, port)) {
        const struct evtchn *chn = &d->ports[port];

        if (chn->state != ECS_FREE || port_is_busy(d, chn))
            return -EBUSY;
    } else {
        uint32_t upto = (port / EVTCHN_BUCKET_PORTS + 1) * EVTCHN_BUCKET_PORTS;

        memset(&d->ports[d->valid_evtchns], 0,
               (upto - d->valid_evtchns) * sizeof(d->ports[0]));
        d->valid_evtchns = upto;
    }
    d->active_evtchns++;
    return 0;
}

/* The lowest free port, allocated; -EINVAL if d is dying, or -ENOSPC. */
static int get_free_port(struct evtchn_domain *d)
{
    if (d->is_dying)
        return -EINVAL;

    for (evtchn_port_t port = 0; port <= d->max_evtchn_port; port++) {
        int rc = allocate_port(d, port);

        if (rc == 0)
            return (int)port;
        if (rc != -EBUSY)
            return rc;
    }
    return -ENOSPC;
}

/* Undo get_free_port() for a port an operation then failed to bind. */
static void check_free_port(struct evtchn_domain *d, evtchn_port_t port)
{
    if (port_is_valid(d, port) && d->ports[port].state == ECS_FREE)
        d->active_evtchns--;
}

static void evtchn_free(struct evtchn_domain *d, struct evtchn *chn)
{
    /* Clear the pending event, so a re-bind does not see it. */
    port_clear_pending(d, chn);
    d->active_evtchns--;
    chn->state = ECS_FREE;
    chn->notify_vcpu = 0;
    /*
     * Keel: also forget a FIFO event raised while the port had no event
     * word, which Xen keeps and re-raises on the new binding when the
     * page arrives.
     */
    chn->pending = false;
}

static void link_pirq_port(struct evtchn_domain *d, evtchn_port_t port,
                           struct evtchn *chn, unsigned int vcpu)
{
    chn->u.pirq.prev_port = 0;
    chn->u.pirq.next_port = d->pirq_head[vcpu];
    if (d->pirq_head[vcpu])
        d->ports[d->pirq_head[vcpu]].u.pirq.prev_port = port;
    d->pirq_head[vcpu] = port;
}

static void unlink_pirq_port(struct evtchn_domain *d, struct evtchn *chn,
                             unsigned int vcpu)
{
    evtchn_port_t prev = chn->u.pirq.prev_port, next = chn->u.pirq.next_port;

    if (prev)
        d->ports[prev].u.pirq.next_port = next;
    else
        d->pirq_head[vcpu] = next;
    if (next)
        d->ports[next].u.pirq.prev_port = prev;
}

/* ------------------------------------------------------------------ */
/* Domain life                                                         */

int evtchn_domain_init(struct evtchn_domain *d)
{
    if (!d->ports || !d->hooks || !d->shared ||
        d->nr_ports < EVTCHN_BUCKET_PORTS ||
        d->nr_ports % EVTCHN_BUCKET_PORTS != 0 || d->nr_vcpus == 0 ||
        d->nr_vcpus > EVTCHN_MAX_VCPUS || (d->nr_pirqs && !d->pirq_to_port))
        return -EINVAL;
    if (d->max_evtchn_port > INT32_MAX)
        d->max_evtchn_port = INT32_MAX;

    d->is_dying = false;
    d->abi = EVTCHN_ABI_2L;
    d->valid_evtchns = 0;
    d->active_evtchns = 0;
    d->next_reset = 0;
    memset(d->virq_to_port, 0, sizeof(d->virq_to_port));
    memset(d->pirq_head, 0, sizeof(d->pirq_head));
    memset(d->fifo_vcpu, 0, sizeof(d->fifo_vcpu));
    memset(d->fifo_array, 0, sizeof(d->fifo_array));
    d->fifo_nr_words = 0;
    if (d->nr_pirqs)
        memset(d->pirq_to_port, 0, d->nr_pirqs * sizeof(d->pirq_to_port[0]));

    /* Port 0 is reserved and not counted as active. */
    if (allocate_port(d, 0) != 0)
        return -EINVAL;
    d->ports[0].state = ECS_RESERVED;
    d->active_evtchns = 0;
    return 0;
}

static int close_port(struct evtchn_domain *d1, evtchn_port_t port1);

int evtchn_destroy(struct evtchn_domain *d, bool preemptible)
{
    const struct evtchn_hooks *h = d->hooks;

    /* After this no port is allocated. */
    d->is_dying = true;

    /* Close every port, from the top, as Xen does. */
    for (uint32_t i = d->valid_evtchns; i > 1; ) {
        i--;
        close_port(d, i);
        if (preemptible && !(i & 0x3f) && h->preempt_check &&
            h->preempt_check(h->ctx)) {
            d->valid_evtchns = i;
            return -ERESTART;
        }
    }

    evtchn_fifo_destroy(d);
    d->abi = EVTCHN_ABI_2L;
    return 0;
}

/* ------------------------------------------------------------------ */
/* The operations                                                      */

int evtchn_alloc_unbound(struct evtchn_domain *cur,
                         struct evtchn_alloc_unbound *alloc)
{
    struct evtchn_domain *d = lookup(cur, alloc->dom);
    struct evtchn *chn;
    int port, rc;

    if (!d)
        return -ESRCH;

    /* Xen allocates first, then checks the caller's right to. */
    port = get_free_port(d);
    if (port < 0)
        return port;
    chn = &d->ports[port];

    rc = may_target(cur, d);
    if (rc) {
        check_free_port(d, (evtchn_port_t)port);
        return rc;
    }

    chn->state = ECS_UNBOUND;
    chn->u.unbound.remote_domid =
        alloc->remote_dom == DOMID_SELF ? cur->domid : alloc->remote_dom;
    port_init(d, chn);

    alloc->port = (evtchn_port_t)port;
    return 0;
}

int evtchn_bind_interdomain(struct evtchn_domain *cur,
                            struct evtchn_bind_interdomain *bind)
{
    struct evtchn_domain *ld = cur, *rd;
    evtchn_port_t rport = bind->remote_port;
    struct evtchn *lchn, *rchn;
    int lport;

    rd = lookup(cur, bind->remote_dom);
    if (!rd)
        return -ESRCH;

    lport = get_free_port(ld);
    if (lport < 0)
        return lport;
    lchn = &ld->ports[lport];

    rchn = port_chn(rd, rport);
    if (!rchn || rchn->state != ECS_UNBOUND ||
        rchn->u.unbound.remote_domid != ld->domid) {
        check_free_port(ld, (evtchn_port_t)lport);
        return -EINVAL;
    }

    lchn->u.interdomain.remote_dom = rd;
    lchn->u.interdomain.remote_port = rport;
    lchn->state = ECS_INTERDOMAIN;
    port_init(ld, lchn);

    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = (evtchn_port_t)lport;
    rchn->state = ECS_INTERDOMAIN;

    /*
     * The peer may have signalled while its port was unbound (dropped):
     * make the new port pending, as Xen does, in case.
     */
    port_set_pending(ld, lchn->notify_vcpu, lchn);

    bind->local_port = (evtchn_port_t)lport;
    return 0;
}

int evtchn_bind_virq(struct evtchn_domain *cur, struct evtchn_bind_virq *bind)
{
    struct evtchn_domain *d = cur;
    uint32_t virq = bind->virq, vcpu = bind->vcpu;
    struct evtchn *chn;
    int port;

    if (virq >= NR_VIRQS)
        return -EINVAL;
    if (evtchn_virq_is_global(virq) && vcpu != 0)
        return -EINVAL;
    if (!evtchn_vcpu_valid(d, vcpu))
        return -ENOENT;
    if (d->virq_to_port[vcpu][virq])
        return -EEXIST;

    port = get_free_port(d);
    if (port < 0)
        return port;
    chn = &d->ports[port];

    chn->state = ECS_VIRQ;
    chn->notify_vcpu = (uint16_t)vcpu;
    chn->u.virq = virq;
    port_init(d, chn);

    bind->port = (evtchn_port_t)port;
    d->virq_to_port[vcpu][virq] = (evtchn_port_t)port;
    return 0;
}

int evtchn_bind_ipi(struct evtchn_domain *cur, struct evtchn_bind_ipi *bind)
{
    struct evtchn_domain *d = cur;
    struct evtchn *chn;
    int port;

    if (!evtchn_vcpu_valid(d, bind->vcpu))
        return -ENOENT;

    port = get_free_port(d);
    if (port < 0)
        return port;
    chn = &d->ports[port];

    chn->state = ECS_IPI;
    chn->notify_vcpu = (uint16_t)bind->vcpu;
    port_init(d, chn);

    bind->port = (evtchn_port_t)port;
    return 0;
}

int evtchn_bind_pirq(struct evtchn_domain *cur, struct evtchn_bind_pirq *bind)
{
    struct evtchn_domain *d = cur;
    const struct evtchn_hooks *h = d->hooks;
    uint32_t pirq = bind->pirq;
    struct evtchn *chn;
    bool permitted;
    int port, rc;

    if (pirq >= d->nr_pirqs)
        return -EINVAL;

    permitted = h->pirq_permitted ? h->pirq_permitted(h->ctx, d, pirq)
                                  : d->privileged;
    if (!permitted)
        return -EPERM;

    if (d->pirq_to_port[pirq] != 0)
        return -EEXIST;

    port = get_free_port(d);
    if (port < 0)
        return port;
    chn = &d->ports[port];

    d->pirq_to_port[pirq] = (evtchn_port_t)port;
    rc = h->pirq_bind ? h->pirq_bind(h->ctx, d, pirq, 0,
                                     !!(bind->flags & BIND_PIRQ__WILL_SHARE))
                      : 0;
    if (rc != 0) {
        d->pirq_to_port[pirq] = 0;
        check_free_port(d, (evtchn_port_t)port);
        return rc;
    }

    chn->state = ECS_PIRQ;
    chn->u.pirq.irq = pirq;
    link_pirq_port(d, (evtchn_port_t)port, chn, 0);
    port_init(d, chn);

    bind->port = (evtchn_port_t)port;
    return 0;
}

/* Xen's evtchn_close(d1, port1, ...): for the guest, reset and destroy. */
static int close_port(struct evtchn_domain *d1, evtchn_port_t port1)
{
    struct evtchn *chn1 = port_chn(d1, port1), *chn2;
    struct evtchn_domain *d2;
    const struct evtchn_hooks *h = d1->hooks;

    if (!chn1)
        return -EINVAL;

    switch (chn1->state) {
    case ECS_FREE:
    case ECS_RESERVED:
        return -EINVAL;

    case ECS_UNBOUND:
    case ECS_IPI:
        break;

    case ECS_PIRQ: {
        uint32_t pirq = chn1->u.pirq.irq;

        if (pirq < d1->nr_pirqs && d1->pirq_to_port[pirq] == port1) {
            if (h->pirq_unbind)
                h->pirq_unbind(h->ctx, d1, pirq);
            d1->pirq_to_port[pirq] = 0;
        }
        unlink_pirq_port(d1, chn1, chn1->notify_vcpu);
        break;
    }

    case ECS_VIRQ: {
        uint32_t virq = chn1->u.virq;
        unsigned int v = evtchn_virq_is_global(virq) ? 0 : chn1->notify_vcpu;

        d1->virq_to_port[v][virq] = 0;
        break;
    }

    case ECS_INTERDOMAIN:
        d2 = chn1->u.interdomain.remote_dom;
        chn2 = port_chn(d2, chn1->u.interdomain.remote_port);
        evtchn_free(d1, chn1);
        /* The peer's port waits, unbound, for us to bind again. */
        if (chn2 && chn2->state == ECS_INTERDOMAIN &&
            chn2->u.interdomain.remote_dom == d1) {
            chn2->state = ECS_UNBOUND;
            chn2->u.unbound.remote_domid = d1->domid;
        }
        return 0;

    default:
        return -EINVAL;
    }

    evtchn_free(d1, chn1);
    return 0;
}

int evtchn_close(struct evtchn_domain *cur, evtchn_port_t port)
{
    return close_port(cur, port);
}

int evtchn_send(struct evtchn_domain *cur, evtchn_port_t port)
{
    struct evtchn_domain *ld = cur, *rd;
    struct evtchn *lchn = port_chn(ld, port), *rchn;

    if (!lchn)
        return -EINVAL;

    switch (lchn->state) {
    case ECS_INTERDOMAIN:
        rd = lchn->u.interdomain.remote_dom;
        rchn = port_chn(rd, lchn->u.interdomain.remote_port);
        if (rchn)
            port_set_pending(rd, rchn->notify_vcpu, rchn);
        return 0;
    case ECS_IPI:
        port_set_pending(ld, lchn->notify_vcpu, lchn);
        return 0;
    case ECS_UNBOUND:
        /* Nobody to tell: dropped silently. */
        return 0;
    default:
        return -EINVAL;
    }
}

int evtchn_status(struct evtchn_domain *cur, struct evtchn_status *status)
{
    struct evtchn_domain *d = lookup(cur, status->dom);
    const struct evtchn *chn;
    int rc;

    if (!d)
        return -ESRCH;
    chn = port_chn(d, status->port);
    if (!chn)
        return -EINVAL;
    rc = may_target(cur, d);
    if (rc)
        return rc;

    switch (chn->state) {
    case ECS_FREE:
    case ECS_RESERVED:
        status->status = EVTCHNSTAT_closed;
        break;
    case ECS_UNBOUND:
        status->status = EVTCHNSTAT_unbound;
        status->u.unbound.dom = chn->u.unbound.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        status->status = EVTCHNSTAT_interdomain;
        status->u.interdomain.dom = chn->u.interdomain.remote_dom->domid;
        status->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_PIRQ:
        status->status = EVTCHNSTAT_pirq;
        status->u.pirq = chn->u.pirq.irq;
        break;
    case ECS_VIRQ:
        status->status = EVTCHNSTAT_virq;
        status->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        status->status = EVTCHNSTAT_ipi;
        break;
    default:
        return -EINVAL;
    }
    status->vcpu = chn->notify_vcpu;
    return 0;
}

int evtchn_bind_vcpu(struct evtchn_domain *cur, evtchn_port_t port,
                     uint32_t vcpu)
{
    struct evtchn_domain *d = cur;
    const struct evtchn_hooks *h = d->hooks;
    struct evtchn *chn;

    if (!evtchn_vcpu_valid(d, vcpu))
        return -ENOENT;
    chn = port_chn(d, port);
    if (!chn)
        return -EINVAL;

    switch (chn->state) {
    case ECS_VIRQ:
        if (!evtchn_virq_is_global(chn->u.virq))
            return -EINVAL;
        chn->notify_vcpu = (uint16_t)vcpu;
        return 0;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        chn->notify_vcpu = (uint16_t)vcpu;
        return 0;
    case ECS_PIRQ:
        if (chn->notify_vcpu == vcpu)
            return 0;
        unlink_pirq_port(d, chn, chn->notify_vcpu);
        chn->notify_vcpu = (uint16_t)vcpu;
        if (h->pirq_set_affinity)
            h->pirq_set_affinity(h->ctx, d, chn->u.pirq.irq, vcpu);
        link_pirq_port(d, port, chn, vcpu);
        return 0;
    default:
        return -EINVAL;
    }
}

int evtchn_unmask(struct evtchn_domain *cur, evtchn_port_t port)
{
    struct evtchn *chn = port_chn(cur, port);

    if (!chn)
        return -EINVAL;
    port_unmask(cur, chn);
    return 0;
}

int evtchn_reset(struct evtchn_domain *cur, domid_t dom, bool resuming)
{
    struct evtchn_domain *d = lookup(cur, dom);
    const struct evtchn_hooks *h;
    uint32_t i;
    int rc;

    if (!d)
        return -ESRCH;
    rc = may_target(cur, d);
    if (rc)
        return rc;
    if (d != cur && !d->controller_paused)
        return -EINVAL;
    h = d->hooks;

    /*
     * Resuming: start where the last call stopped. Otherwise refuse if a
     * reset is already under way, and record that this one is.
     */
    i = resuming ? d->next_reset : !d->next_reset;
    if (i > d->next_reset)
        d->next_reset = i;
    if (!i)
        return -EBUSY;

    for (; port_is_valid(d, i) && d->active_evtchns > 0; i++) {
        close_port(d, i);
        if (!(i & 0x3f) && h->preempt_check && h->preempt_check(h->ctx)) {
            d->next_reset = i;
            return -ERESTART;
        }
    }

    d->next_reset = 0;
    if (d->active_evtchns > 0)
        return -EAGAIN;
    if (d->abi == EVTCHN_ABI_FIFO) {
        /* Back to the 2-level ABI. */
        evtchn_fifo_destroy(d);
        d->abi = EVTCHN_ABI_2L;
    }
    return 0;
}

int evtchn_set_priority(struct evtchn_domain *cur,
                        const struct evtchn_set_priority *set)
{
    struct evtchn *chn = port_chn(cur, set->port);

    if (!chn)
        return -EINVAL;
    if (cur->abi != EVTCHN_ABI_FIFO)
        return -ENOSYS;
    if (!usable(chn))
        return -EACCES;
    return evtchn_fifo_set_priority(cur, chn, set->priority);
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */

int evtchn_op_arg_size(int cmd, bool *copy_back)
{
    *copy_back = false;
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        *copy_back = true;
        return sizeof(struct evtchn_alloc_unbound);
    case EVTCHNOP_bind_interdomain:
        *copy_back = true;
        return sizeof(struct evtchn_bind_interdomain);
    case EVTCHNOP_bind_virq:
        *copy_back = true;
        return sizeof(struct evtchn_bind_virq);
    case EVTCHNOP_bind_ipi:
        *copy_back = true;
        return sizeof(struct evtchn_bind_ipi);
    case EVTCHNOP_bind_pirq:
        *copy_back = true;
        return sizeof(struct evtchn_bind_pirq);
    case EVTCHNOP_status:
        *copy_back = true;
        return sizeof(struct evtchn_status);
    case EVTCHNOP_init_control:
        *copy_back = true;
        return sizeof(struct evtchn_init_control);
    case EVTCHNOP_close:
        return sizeof(struct evtchn_close);
    case EVTCHNOP_send:
        return sizeof(struct evtchn_send);
    case EVTCHNOP_bind_vcpu:
        return sizeof(struct evtchn_bind_vcpu);
    case EVTCHNOP_unmask:
        return sizeof(struct evtchn_unmask);
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont:
        return sizeof(struct evtchn_reset);
    case EVTCHNOP_expand_array:
        return sizeof(struct evtchn_expand_array);
    case EVTCHNOP_set_priority:
        return sizeof(struct evtchn_set_priority);
    default:
        return -ENOSYS;
    }
}

int evtchn_do_op(struct evtchn_domain *cur, int cmd, union evtchn_op_arg *arg)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return evtchn_alloc_unbound(cur, &arg->alloc_unbound);
    case EVTCHNOP_bind_interdomain:
        return evtchn_bind_interdomain(cur, &arg->bind_interdomain);
    case EVTCHNOP_bind_virq:
        return evtchn_bind_virq(cur, &arg->bind_virq);
    case EVTCHNOP_bind_ipi:
        return evtchn_bind_ipi(cur, &arg->bind_ipi);
    case EVTCHNOP_bind_pirq:
        return evtchn_bind_pirq(cur, &arg->bind_pirq);
    case EVTCHNOP_close:
        return evtchn_close(cur, arg->close.port);
    case EVTCHNOP_send:
        return evtchn_send(cur, arg->send.port);
    case EVTCHNOP_status:
        return evtchn_status(cur, &arg->status);
    case EVTCHNOP_bind_vcpu:
        return evtchn_bind_vcpu(cur, arg->bind_vcpu.port, arg->bind_vcpu.vcpu);
    case EVTCHNOP_unmask:
        return evtchn_unmask(cur, arg->unmask.port);
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont:
        return evtchn_reset(cur, arg->reset.dom, cmd == EVTCHNOP_reset_cont);
    case EVTCHNOP_init_control:
        return evtchn_init_control(cur, &arg->init_control);
    case EVTCHNOP_expand_array:
        return evtchn_expand_array(cur, &arg->expand_array);
    case EVTCHNOP_set_priority:
        return evtchn_set_priority(cur, &arg->set_priority);
    default:
        return -ENOSYS;
    }
}

/* ------------------------------------------------------------------ */
/* Events raised by the hypervisor                                     */

void evtchn_send_vcpu_virq(struct evtchn_domain *d, unsigned int vcpu,
                           uint32_t virq)
{
    evtchn_port_t port;
    struct evtchn *chn;

    if (virq >= NR_VIRQS || evtchn_virq_is_global(virq) ||
        !evtchn_vcpu_valid(d, vcpu))
        return;
    port = d->virq_to_port[vcpu][virq];
    if (port == 0 || !(chn = port_chn(d, port)))
        return;
    port_set_pending(d, vcpu, chn);
}

void evtchn_send_global_virq(struct evtchn_domain *d, uint32_t virq)
{
    evtchn_port_t port;
    struct evtchn *chn;

    if (!d || virq >= NR_VIRQS || !evtchn_virq_is_global(virq))
        return;
    port = d->virq_to_port[0][virq];
    if (port == 0 || !(chn = port_chn(d, port)))
        return;
    port_set_pending(d, chn->notify_vcpu, chn);
}

bool evtchn_virq_enabled(const struct evtchn_domain *d, unsigned int vcpu,
                         uint32_t virq)
{
    if (!d || virq >= NR_VIRQS || !evtchn_vcpu_valid(d, vcpu))
        return false;
    if (evtchn_virq_is_global(virq))
        vcpu = 0;
    return d->virq_to_port[vcpu][virq] != 0;
}

void evtchn_send_pirq(struct evtchn_domain *d, uint32_t pirq)
{
    evtchn_port_t port;
    struct evtchn *chn;

    if (pirq >= d->nr_pirqs || (port = d->pirq_to_port[pirq]) == 0)
        return;
    if (!(chn = port_chn(d, port)))
        return;
    port_set_pending(d, chn->notify_vcpu, chn);
}

void evtchn_move_pirqs(struct evtchn_domain *d, unsigned int vcpu)
{
    const struct evtchn_hooks *h = d->hooks;

    if (!evtchn_vcpu_valid(d, vcpu) || !h->pirq_set_affinity)
        return;
    for (evtchn_port_t port = d->pirq_head[vcpu]; port;
         port = d->ports[port].u.pirq.next_port)
        h->pirq_set_affinity(h->ctx, d, d->ports[port].u.pirq.irq, vcpu);
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

int evtchn_port_poll(const struct evtchn_domain *d, evtchn_port_t port)
{
    const struct evtchn *chn = port_chn(d, port);

    if (!chn || !usable(chn))
        return -EINVAL;
    return chn_is_pending(d, chn);
}

bool evtchn_port_is_pending(const struct evtchn_domain *d, evtchn_port_t port)
{
    const struct evtchn *chn = port_chn(d, port);

    return chn && chn_is_pending(d, chn);
}

bool evtchn_port_is_masked(const struct evtchn_domain *d, evtchn_port_t port)
{
    const struct evtchn *chn = port_chn(d, port);

    return !chn || chn_is_masked(d, chn);
}
