/*
 * PIRQs on x86: a guest's PIRQ n is GSI n, delivered by the IOAPIC on
 * vector PIRQ_VECTOR_BASE + n to the boot CPU, and from there to the
 * guest's event channel. A level-triggered line stays asserted until the
 * guest has served its device, so Keel masks the pin when it fires and
 * unmasks it at the guest's PHYSDEVOP_eoi (Xen's "ack" for PV guests);
 * an edge-triggered one needs nothing after the local APIC's EOI.
 *
 * Locking: pirq_lock (interrupts off) guards gsis[]. It nests inside the
 * event-channel lock (bind and unbind are called under it); the interrupt
 * handler drops it before delivering, so the order is never reversed.
 */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/percpu.h>
#include <keel/pirq.h>
#include <keel/spinlock.h>
#include <public/physdev.h>
#include <public/xen.h>
#include "ioapic.h"
#include "irq.h"

#define PIRQ_VECTOR_BASE 0x40  /* above the ISA IRQs' 0x20-0x2f */

_Static_assert(PIRQ_NR <= IOAPIC_MAX_GSIS, "a PIRQ is a GSI Keel can track");
_Static_assert(PIRQ_VECTOR_BASE + PIRQ_NR <= VECTOR_TIMER, "PIRQ vectors fit below Keel's");

struct gsi_state {
    domid_t owner;          /* DOMID_INVALID: not mapped */
    bool bound;             /* a port of the owner's takes it */
    bool in_flight;         /* level: fired, masked, waiting for the EOI */
    bool mode_set;          /* dom0 gave its mode (PHYSDEVOP_setup_gsi) */
    struct gsi_mode mode;
};

static spinlock_t pirq_lock = SPINLOCK_INIT("pirq");
static struct gsi_state gsis[PIRQ_NR] = {
    [0 ... PIRQ_NR - 1] = { .owner = DOMID_INVALID },
};

static struct gsi_state *owned(const struct domain *d, uint32_t pirq)
{
    return pirq < PIRQ_NR && gsis[pirq].owner == d->domid ? &gsis[pirq] : NULL;
}

static void pirq_interrupt(struct cpu_regs *regs)
{
    uint32_t gsi = (uint32_t)regs->vector - PIRQ_VECTOR_BASE;
    unsigned long flags = spin_lock_irqsave(&pirq_lock);
    struct gsi_state *g = &gsis[gsi];
    domid_t owner = g->owner;
    bool deliver = g->bound && owner != DOMID_INVALID;

    if (deliver && g->mode.level) {
        ioapic_mask_gsi(gsi, true);
        g->in_flight = true;
    }
    spin_unlock_irqrestore(&pirq_lock, flags);
    if (deliver)
        domain_send_pirq(owner, gsi);
}

int pirq_map_gsi(struct domain *d, int gsi, int pirq)
{
    unsigned long flags;
    int rc = gsi;

    if (gsi < 0 || gsi >= PIRQ_NR || !ioapic_gsi_exists((uint32_t)gsi) ||
        (pirq != -1 && pirq != gsi))
        return -EINVAL;
    if (ioapic_gsi_is_keels((uint32_t)gsi))
        return -EBUSY;
    flags = spin_lock_irqsave(&pirq_lock);
    if (gsis[gsi].owner == DOMID_INVALID) {
        gsis[gsi].owner = d->domid;
        gsis[gsi].bound = gsis[gsi].in_flight = false;
        if (!gsis[gsi].mode_set)
            ioapic_gsi_default_mode((uint32_t)gsi, &gsis[gsi].mode);
    } else if (gsis[gsi].owner != d->domid) {
        rc = -EEXIST;
    }
    spin_unlock_irqrestore(&pirq_lock, flags);
    return rc;
}

int pirq_unmap(struct domain *d, int pirq)
{
    unsigned long flags = spin_lock_irqsave(&pirq_lock);
    struct gsi_state *g = pirq >= 0 ? owned(d, (uint32_t)pirq) : NULL;
    int rc = 0;

    if (!g)
        rc = -EINVAL;
    else if (g->bound)
        rc = -EBUSY;
    else
        g->owner = DOMID_INVALID;
    spin_unlock_irqrestore(&pirq_lock, flags);
    return rc;
}

bool pirq_is_mapped(const struct domain *d, uint32_t pirq)
{
    return owned(d, pirq) != NULL;
}

int pirq_bind(struct domain *d, uint32_t pirq)
{
    unsigned long flags = spin_lock_irqsave(&pirq_lock);
    struct gsi_state *g = owned(d, pirq);
    int rc = 0;

    if (!g) {
        rc = -EINVAL;
    } else {
        set_irq_handler(PIRQ_VECTOR_BASE + pirq, pirq_interrupt);
        if (ioapic_route_gsi(pirq, PIRQ_VECTOR_BASE + pirq, percpu[0].arch.apic_id,
                             &g->mode) < 0) {
            rc = -EINVAL;
        } else {
            g->bound = true;
            g->in_flight = false;
            ioapic_mask_gsi(pirq, false);
        }
    }
    spin_unlock_irqrestore(&pirq_lock, flags);
    return rc;
}

void pirq_unbind(struct domain *d, uint32_t pirq)
{
    unsigned long flags = spin_lock_irqsave(&pirq_lock);
    struct gsi_state *g = owned(d, pirq);

    if (g && g->bound) {
        ioapic_mask_gsi(pirq, true);
        g->bound = g->in_flight = false;
    }
    spin_unlock_irqrestore(&pirq_lock, flags);
}

int pirq_eoi(struct domain *d, uint32_t pirq)
{
    unsigned long flags = spin_lock_irqsave(&pirq_lock);
    struct gsi_state *g = owned(d, pirq);
    int rc = g ? 0 : -EINVAL;

    if (g && g->in_flight) {
        g->in_flight = false;
        if (g->bound)
            ioapic_mask_gsi(pirq, false);
    }
    spin_unlock_irqrestore(&pirq_lock, flags);
    return rc;
}

int pirq_status(const struct domain *d, uint32_t pirq, uint32_t *out)
{
    unsigned long flags;
    struct gsi_state *g;

    if (pirq >= PIRQ_NR)
        return -EINVAL;
    flags = spin_lock_irqsave(&pirq_lock);
    g = owned(d, pirq);
    *out = g && g->mode.level ? XENIRQSTAT_needs_eoi : 0;
    spin_unlock_irqrestore(&pirq_lock, flags);
    return 0;
}

int pirq_setup_gsi(int gsi, bool level, bool active_low)
{
    unsigned long flags;
    int rc = 0;

    if (gsi < 0 || gsi >= PIRQ_NR || !ioapic_gsi_exists((uint32_t)gsi))
        return -EINVAL;
    if (ioapic_gsi_is_keels((uint32_t)gsi))
        return -EBUSY;
    flags = spin_lock_irqsave(&pirq_lock);
    if (gsis[gsi].owner != DOMID_INVALID) {
        rc = -EBUSY;
    } else {
        gsis[gsi].mode = (struct gsi_mode){ .level = level, .active_low = active_low };
        gsis[gsi].mode_set = true;
    }
    spin_unlock_irqrestore(&pirq_lock, flags);
    return rc;
}

void pirq_release_domain(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&pirq_lock);

    for (uint32_t i = 0; i < PIRQ_NR; i++) {
        if (gsis[i].owner != d->domid)
            continue;
        ioapic_mask_gsi(i, true);
        gsis[i] = (struct gsi_state){ .owner = DOMID_INVALID,
                                      .mode_set = gsis[i].mode_set, .mode = gsis[i].mode };
    }
    spin_unlock_irqrestore(&pirq_lock, flags);
}
