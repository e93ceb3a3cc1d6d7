/*
 * memory_op: what a domain may learn and change about its memory. Only
 * the queries a PV kernel makes as it boots exist so far (and
 * add_to_physmap, which a PV guest is refused); the balloon
 * operations (increase/decrease reservation, populate, exchange) answer
 * -ENOSYS until they do.
 */
#include <keel/page.h>
#include <keel/bootinfo.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
#include <keel/hypercall.h>
#include <public/memory.h>
#include <public/xen.h>


/* The domain a query names: itself, or any for a privileged caller. */
static struct domain *target(const struct domain *self, hc_arg_t arg, long *rc)
{
    domid_t id;
    struct domain *d;

    if (copy_from_guest(&id, arg, sizeof(id))) {
        *rc = -EFAULT;
        return NULL;
    }
    if (id == DOMID_SELF || id == self->domid)
        return (struct domain *)self;
    if (!self->is_privileged) {
        *rc = -EPERM;
        return NULL;
    }
    if (!(d = domain_by_id(id)))
        *rc = -ESRCH;
    return d;
}

/* The pseudo-physical map a PV guest sees: its pages, one RAM region. */
static long guest_memory_map(const struct domain *d, hc_arg_t arg)
{
    struct xen_memory_map map;
    struct e820entry ram = { 0, d->p2m_size << PAGE_SHIFT, E820_RAM };

    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    if (map.nr_entries < 1)
        return -EINVAL;
    map.nr_entries = 1;
    if (copy_to_guest((uint64_t)map.buffer, &ram, sizeof(ram)) ||
        copy_to_guest(arg, &map, sizeof(map)))
        return -EFAULT;
    return 0;
}

/* dom0 sees the machine's own map, as the loader gave it. */
static long machine_memory_map(const struct domain *d, hc_arg_t arg)
{
    struct xen_memory_map map;
    const struct boot_info *bi = boot_info_get();
    unsigned int n;

    if (!d->is_privileged)
        return -EPERM;
    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    for (n = 0; n < bi->nr_mem && n < map.nr_entries; n++) {
        struct e820entry e = { bi->mem[n].start, bi->mem[n].size, bi->mem[n].type };

        if (copy_to_guest((uint64_t)map.buffer + n * sizeof(e), &e, sizeof(e)))
            return -EFAULT;
    }
    map.nr_entries = n;
    return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/* add_to_physmap places pages in a translated guest's physical space; a
 * PV guest has none to place them in (Xen: -EACCES). */
static long add_to_physmap(const struct domain *self, hc_arg_t arg)
{
    struct xen_add_to_physmap xatp;

    if (copy_from_guest(&xatp, arg, sizeof(xatp)))
        return -EFAULT;
    if (xatp.space == XENMAPSPACE_gmfn_foreign)
        return -ENOSYS; /* batch only */
    if (xatp.domid != DOMID_SELF && xatp.domid != self->domid && !domain_by_id(xatp.domid))
        return -ESRCH;
    return -EACCES;
}

long do_memory_op(hc_arg_t cmd, hc_arg_t arg)
{
    struct domain *self = current_vcpu()->domain, *d;
    long rc = 0;

    switch (cmd) {
    case XENMEM_maximum_ram_page:
        return (long)frame_table.nr_frames - 1;
    case XENMEM_current_reservation:
        return (d = target(self, arg, &rc)) ? (long)d->tot_pages : rc;
    case XENMEM_maximum_reservation:
        return (d = target(self, arg, &rc)) ? (long)d->max_pages : rc;
    case XENMEM_maximum_gpfn:
        return (d = target(self, arg, &rc)) ? (long)d->p2m_size - 1 : rc;
    case XENMEM_memory_map:
        return guest_memory_map(self, arg);
    case XENMEM_machine_memory_map:
        return machine_memory_map(self, arg);
    case XENMEM_add_to_physmap:
        return add_to_physmap(self, arg);
    default:
        return -ENOSYS;
    }
}
