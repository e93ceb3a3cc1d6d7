/*
 * Domains: ids, vCPUs, memory ownership and shutdown (see keel/domain.h
 * for the invariants).
 */
#include <keel/page.h>
#include <keel/console.h>
#include <keel/domain.h>
#include <keel/guest_time.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/sched.h>
#include <keel/string.h>
#include <keel/time.h>
#include <public/sched.h>
#include <public/xen.h>


static struct domain *domains[MAX_DOMAINS];
static spinlock_t domains_lock = SPINLOCK_INIT("domains");

struct domain *domain_by_id(uint16_t domid)
{
    return domid < MAX_DOMAINS ? domains[domid] : NULL;
}

uint64_t alloc_shared_page(uint16_t domid)
{
    uint64_t mfn = alloc_pages(&heap, 0, domid, 0);
    struct page_info *pg = mfn == INVALID_MFN ? NULL : mfn_to_page(&frame_table, mfn);

    if (!pg)
        return INVALID_MFN;
    /* A fresh frame takes both references. */
    if (!get_page(pg, domid)) {
        free_pages(&heap, mfn, 0);
        return INVALID_MFN;
    }
    if (get_page_type(pg, PGT_WRITABLE) < 0) {
        put_page(pg);
        free_pages(&heap, mfn, 0);
        return INVALID_MFN;
    }
    return mfn;
}

void free_shared_page(uint64_t mfn)
{
    struct page_info *pg = mfn_to_page(&frame_table, mfn);

    put_page_type(pg);
    if (put_page(pg) == 1)
        free_pages(&heap, mfn, 0);
}

struct domain *domain_create(uint16_t domid, bool privileged)
{
    struct domain *d;
    unsigned long flags;
    uint64_t mfn;

    if (domid >= MAX_DOMAINS || domains[domid])
        return NULL;
    d = alloc_xen_memory(sizeof(*d));
    if (!d)
        return NULL;
    mfn = alloc_shared_page(domid);
    if (mfn == INVALID_MFN) {
        free_xen_memory(d, sizeof(*d));
        return NULL;
    }
    d->domid = domid;
    d->is_privileged = privileged;
    d->state = DOMAIN_RUNNING;
    d->page_lock = (spinlock_t)SPINLOCK_INIT("domain_pages");
    d->shared_info_mfn = mfn;
    d->shared_info = phys_to_virt(mfn << PAGE_SHIFT);
    snprintf(d->name, sizeof(d->name), domid == 0 ? "Domain-0" : "d%u", domid);
    update_domain_wallclock(d);

    flags = spin_lock_irqsave(&domains_lock);
    domains[domid] = d;
    spin_unlock_irqrestore(&domains_lock, flags);
    return d;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu)
{
    struct vcpu *v;

    if (id >= MAX_VIRT_CPUS || d->vcpus[id] || !(v = alloc_xen_memory(sizeof(*v))))
        return NULL;
    v->id = id;
    v->domain = d;
    v->processor = cpu;
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    v->vcpu_info->evtchn_upcall_mask = 1; /* events start masked, as on Xen */
    v->arch.kernel_mode = true;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
    d->vcpus[id] = v;
    if (id >= d->nr_vcpus)
        d->nr_vcpus = id + 1;
    return v;
}

uint64_t domain_alloc_pages(struct domain *d, unsigned int order)
{
    unsigned long flags = spin_lock_irqsave(&d->page_lock);
    uint64_t mfn = INVALID_MFN;

    if (d->tot_pages + (1ull << order) <= d->max_pages) {
        mfn = alloc_pages(&heap, order, d->domid, 0);
        if (mfn != INVALID_MFN)
            d->tot_pages += 1ull << order;
    }
    spin_unlock_irqrestore(&d->page_lock, flags);
    return mfn;
}

/* dom0 speaks for the machine: its power-off, reboot or crash is the
 * machine's, as with Xen's hardware domain. */
static void hardware_domain_shutdown(unsigned int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        kinfo("Hardware domain powered off: powering off the machine\n");
        machine_power_off();
    case SHUTDOWN_reboot:
        kinfo("Hardware domain rebooted: rebooting the machine\n");
        machine_restart();
    case SHUTDOWN_crash:
        panic("the hardware domain (dom0) crashed");
    default:
        kwarn("Hardware domain stopped (reason %u): Keel stays up\n", reason);
    }
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    static const char *const reasons[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft reset",
    };

    if (d->state != DOMAIN_RUNNING)
        return;
    d->shutdown_code = reason;
    d->state = DOMAIN_SHUTDOWN;
    kinfo("Domain %u (%s) shut down: %s\n", d->domid, d->name,
          reason < sizeof(reasons) / sizeof(reasons[0]) ? reasons[reason] : "unknown");
    if (d->domid == 0)
        hardware_domain_shutdown(reason);
    domain_pause_vcpus(d);
}


long do_vm_assist(hc_arg_t cmd, hc_arg_t type)
{
    /* Accepted and remembered by nothing yet: Keel's PV MMU already acts as
     * the writable-page-tables assist asks. */
    if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
        return -EINVAL;
    return type < 32 ? 0 : -EINVAL;
}
