/*
 * physdev_op: a vCPU's I/O privilege, and the physical interrupts dom0's
 * drivers take as PIRQs (keel/pirq.h). Mapping a GSI is for the hardware
 * domain only, for itself: Keel has no device passthrough to domUs.
 */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <keel/pirq.h>
#include <public/physdev.h>

static long set_iopl(struct vcpu *v, hc_arg_t arg)
{
    struct physdev_set_iopl s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (s.iopl > 3)
        return -EINVAL;
    v->arch.iopl = (uint8_t)s.iopl;
    return 0;
}

static bool names_self(const struct domain *d, domid_t domid)
{
    return domid == DOMID_SELF || domid == d->domid;
}

static long map_pirq(struct domain *d, hc_arg_t arg)
{
    struct physdev_map_pirq m;
    int rc;

    if (copy_from_guest(&m, arg, sizeof(m)))
        return -EFAULT;
    if (!d->is_privileged)
        return -EPERM;
    if (!names_self(d, m.domid))
        return -EOPNOTSUPP; /* a domU's PIRQ would be passthrough */
    if (m.type != MAP_PIRQ_TYPE_GSI)
        return -EOPNOTSUPP; /* MSI needs Keel to program the device's table */
    rc = pirq_map_gsi(d, m.index, m.pirq);
    if (rc < 0)
        return rc;
    m.pirq = rc;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

static long unmap_pirq(struct domain *d, hc_arg_t arg)
{
    struct physdev_unmap_pirq u;

    if (copy_from_guest(&u, arg, sizeof(u)))
        return -EFAULT;
    if (!names_self(d, u.domid))
        return -EPERM;
    return pirq_unmap(d, u.pirq);
}

static long eoi(struct domain *d, hc_arg_t arg)
{
    struct physdev_eoi e;

    if (copy_from_guest(&e, arg, sizeof(e)))
        return -EFAULT;
    return pirq_eoi(d, e.irq);
}

static long irq_status_query(struct domain *d, hc_arg_t arg)
{
    struct physdev_irq_status_query q;
    int rc;

    if (copy_from_guest(&q, arg, sizeof(q)))
        return -EFAULT;
    if ((rc = pirq_status(d, q.irq, &q.flags)))
        return rc;
    return copy_to_guest(arg, &q, sizeof(q)) ? -EFAULT : 0;
}

static long setup_gsi(struct domain *d, hc_arg_t arg)
{
    struct physdev_setup_gsi s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (!d->is_privileged)
        return -EPERM;
    if (s.triggering > 1 || s.polarity > 1)
        return -EINVAL;
    return pirq_setup_gsi(s.gsi, s.triggering, s.polarity);
}

long do_physdev_op(hc_arg_t cmd, hc_arg_t arg)
{
    struct vcpu *v = current_vcpu();

    switch (cmd) {
    case PHYSDEVOP_set_iopl:
        return set_iopl(v, arg);
    case PHYSDEVOP_map_pirq:
        return map_pirq(v->domain, arg);
    case PHYSDEVOP_unmap_pirq:
        return unmap_pirq(v->domain, arg);
    case PHYSDEVOP_eoi:
        return eoi(v->domain, arg);
    case PHYSDEVOP_irq_status_query:
        return irq_status_query(v->domain, arg);
    case PHYSDEVOP_setup_gsi:
        return setup_gsi(v->domain, arg);
    default:
        return -ENOSYS;
    }
}
