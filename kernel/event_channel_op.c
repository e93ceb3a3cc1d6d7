/*
 * Event channels as hypercalls and as Keel's own source of events: the
 * glue between Keel's domains and the port logic of kernel/evtchn*.c.
 * One lock covers every domain's ports, so operations that touch two
 * domains take it once; it is taken with interrupts off, since timers
 * raise VIRQs from interrupt context.
 */
#include <keel/page.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event_channel_op.h>
#include <keel/evtchn.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <keel/percpu.h>
#include <keel/pirq.h>
#include <keel/sched.h>
#include <keel/sched_poll.h>
#include <keel/softirq.h>
#include <keel/spinlock.h>
#include <keel/string.h>
#include <keel/time.h>
#include <public/event_channel.h>
#include <public/xen.h>

#define NR_PORTS 4096 /* the 2-level ABI's limit for 64-bit guests */

static spinlock_t evtchn_lock = SPINLOCK_INIT("evtchn");

static struct evtchn_domain *by_id(void *ctx, domid_t id)
{
    struct domain *d = domain_by_id(id);

    (void)ctx;
    return d && d->evtchn.ports ? &d->evtchn : NULL;
}

static struct domain *domain_of(struct evtchn_domain *e)
{
    return domain_by_id(e->domid);
}

/* An upcall became pending: wake the vCPU, and make its CPU look. */
static void kick_vcpu(void *ctx, struct evtchn_domain *e, unsigned int id)
{
    struct vcpu *v = domain_of(e)->vcpus[id];

    (void)ctx;
    vcpu_wake(v);
    if (v->running && v->processor != smp_processor_id())
        sched_kick(v->processor);
}

/* A PV guest names frames by machine frame number: one of its own,
 * which it may write. */
static int map_frame(void *ctx, struct evtchn_domain *e, uint64_t gfn, void **va)
{
    struct page_info *pg = mfn_to_page(&frame_table, gfn);

    (void)ctx;
    if (!pg || !get_page(pg, e->domid))
        return -EINVAL;
    if (get_page_type(pg, PGT_WRITABLE) < 0) {
        put_page(pg);
        return -EINVAL;
    }
    *va = phys_to_virt(gfn << PAGE_SHIFT);
    return 0;
}

static void unmap_frame(void *ctx, struct evtchn_domain *e, void *va)
{
    struct page_info *pg = mfn_to_page(&frame_table, virt_to_phys(va) >> PAGE_SHIFT);

    (void)ctx;
    (void)e;
    frame_put_writable(pg);
}

/* PIRQs: only those PHYSDEVOP_map_pirq gave the domain (keel/pirq.h). */
static bool pirq_permitted(void *ctx, struct evtchn_domain *e, uint32_t pirq)
{
    (void)ctx;
    return pirq_is_mapped(domain_of(e), pirq);
}

static int bind_pirq(void *ctx, struct evtchn_domain *e, uint32_t pirq,
                     unsigned int vcpu, bool will_share)
{
    (void)ctx;
    (void)vcpu;         /* Keel delivers every PIRQ through the boot CPU */
    (void)will_share;   /* a GSI is one domain's at a time anyway */
    return pirq_bind(domain_of(e), pirq);
}

static void unbind_pirq(void *ctx, struct evtchn_domain *e, uint32_t pirq)
{
    (void)ctx;
    pirq_unbind(domain_of(e), pirq);
}

static void poll_wake(void *ctx, struct evtchn_domain *e, evtchn_port_t port)
{
    (void)ctx;
    sched_poll_wake(domain_of(e), port);
}

int domain_evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_lock);
    int rc = evtchn_port_poll(&d->evtchn, port);

    spin_unlock_irqrestore(&evtchn_lock, flags);
    return rc;
}

static const struct evtchn_hooks hooks = {
    .domain_by_id = by_id, .kick_vcpu = kick_vcpu, .poll_wake = poll_wake,
    .map_guest_frame = map_frame, .unmap_guest_frame = unmap_frame,
    .pirq_permitted = pirq_permitted, .pirq_bind = bind_pirq,
    .pirq_unbind = unbind_pirq,
};

void domain_send_pirq(uint16_t domid, uint32_t pirq)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_lock);
    struct domain *d = domain_by_id(domid);

    if (d && d->evtchn.ports && d->evtchn.pirq_to_port)
        evtchn_send_pirq(&d->evtchn, pirq);
    spin_unlock_irqrestore(&evtchn_lock, flags);
}

void vcpu_send_timer_virq(struct vcpu *v)
{
    unsigned long flags;

    if (!v->domain->evtchn.ports)
        return; /* a timer fired before the domain got its ports */
    flags = spin_lock_irqsave(&evtchn_lock);

    evtchn_send_vcpu_virq(&v->domain->evtchn, v->id, VIRQ_TIMER);
    spin_unlock_irqrestore(&evtchn_lock, flags);
}

void domain_send_global_virq(struct domain *d, uint32_t virq)
{
    unsigned long flags;

    if (!d->evtchn.ports)
        return;
    flags = spin_lock_irqsave(&evtchn_lock);
    evtchn_send_global_virq(&d->evtchn, virq);
    spin_unlock_irqrestore(&evtchn_lock, flags);
}

int domain_evtchn_init(struct domain *d)
{
    struct evtchn_domain *e = &d->evtchn;

    e->ports = alloc_xen_memory(NR_PORTS * sizeof(*e->ports));
    if (!e->ports)
        return -ENOMEM;
    e->domid = d->domid;
    e->privileged = d->is_privileged;
    e->shared = d->shared_info;
    e->nr_vcpus = d->nr_vcpus;
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        e->vcpu_info[i] = d->vcpus[i]->vcpu_info;
    e->nr_ports = NR_PORTS;
    e->max_evtchn_port = NR_PORTS - 1;
    if (d->is_privileged) {
        /* Only the hardware domain is given physical interrupts. */
        e->pirq_to_port = alloc_xen_memory(PIRQ_NR * sizeof(*e->pirq_to_port));
        if (!e->pirq_to_port) {
            domain_evtchn_free(d);
            return -ENOMEM;
        }
        memset(e->pirq_to_port, 0, PIRQ_NR * sizeof(*e->pirq_to_port));
        e->nr_pirqs = PIRQ_NR;
    }
    e->hooks = &hooks;
    return evtchn_domain_init(e);
}

void domain_evtchn_destroy(struct domain *d)
{
    unsigned long flags;

    if (!d->evtchn.ports)
        return;
    flags = spin_lock_irqsave(&evtchn_lock);
    evtchn_destroy(&d->evtchn, false);
    spin_unlock_irqrestore(&evtchn_lock, flags);
}

void domain_evtchn_free(struct domain *d)
{
    if (d->evtchn.ports)
        free_xen_memory(d->evtchn.ports, NR_PORTS * sizeof(*d->evtchn.ports));
    if (d->evtchn.pirq_to_port)
        free_xen_memory(d->evtchn.pirq_to_port, PIRQ_NR * sizeof(*d->evtchn.pirq_to_port));
    d->evtchn.ports = NULL;
    d->evtchn.pirq_to_port = NULL;
    d->evtchn.nr_pirqs = 0;
}

void domain_evtchn_move_vcpu_info(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_lock);

    v->domain->evtchn.vcpu_info[v->id] = v->vcpu_info;
    spin_unlock_irqrestore(&evtchn_lock, flags);
}

long do_event_channel_op(hc_arg_t cmd, hc_arg_t arg)
{
    struct domain *d = current_vcpu()->domain;
    union evtchn_op_arg u;
    bool copy_back = false;
    int size = evtchn_op_arg_size((int)cmd, &copy_back);
    unsigned long flags;
    long rc;

    if (size < 0)
        return -ENOSYS;
    if (copy_from_guest(&u, arg, (size_t)size))
        return -EFAULT;
    flags = spin_lock_irqsave(&evtchn_lock);
    rc = evtchn_do_op(&d->evtchn, (int)cmd, &u);
    spin_unlock_irqrestore(&evtchn_lock, flags);
    if (!rc && copy_back && copy_to_guest(arg, &u, (size_t)size))
        return -EFAULT;
    return rc;
}
