/*
 * Domains: ids, vCPUs, memory ownership, shutdown, pause and death (see
 * keel/domain.h for the invariants).
 */
#include <keel/page.h>
#include <keel/console.h>
#include <keel/domain.h>
#include <keel/event_channel_op.h>
#include <keel/grace.h>
#include <keel/grant_table_op.h>
#include <keel/guest_time.h>
#include <keel/errno.h>
#include <keel/pirq.h>
#include <keel/heap.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/sched.h>
#include <keel/string.h>
#include <keel/time.h>
#include <keel/timers.h>
#include <keel/sched_poll.h>
#include <keel/vcpu_timer.h>
#include <keel/vcpu_op.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/xen.h>


/* Reaping dead domains: every 10 ms while any is dying or in its grace. */
#define REAP_PERIOD_NS 10000000ull

static struct domain *domains[MAX_DOMAINS];
static spinlock_t domains_lock = SPINLOCK_INIT("domains");
static struct timer reaper;          /* runs on CPU 0 */
static struct domain *graveyard;     /* unlinked, awaiting the grace period */
static struct grace graveyard_grace; /* started when the last one joined */

/* An id is taken while its domain is registered or awaiting its grace
 * (domains_lock held). */
static bool id_taken(uint16_t domid)
{
    if (domains[domid])
        return true;
    for (const struct domain *d = graveyard; d; d = d->next_dead)
        if (d->domid == domid)
            return true;
    return false;
}

struct domain *domain_by_id(uint16_t domid)
{
    return domid < MAX_DOMAINS ? __atomic_load_n(&domains[domid], __ATOMIC_ACQUIRE) : NULL;
}

int domain_free_id(uint16_t *out)
{
    static uint16_t rover = 1;   /* Xen's: ids are not reused at once */
    unsigned long flags = spin_lock_irqsave(&domains_lock);
    int rc = -ENOSPC;

    for (unsigned int tries = 1; tries < MAX_DOMAINS; tries++) {
        uint16_t id = rover;

        rover = rover + 1 < MAX_DOMAINS ? rover + 1 : 1;
        if (!id_taken(id)) {
            *out = id;
            rc = 0;
            break;
        }
    }
    spin_unlock_irqrestore(&domains_lock, flags);
    return rc;
}

struct domain *domain_from_id(uint16_t domid)
{
    struct domain *d = NULL;

    for (unsigned int id = domid; id < MAX_DOMAINS && !d; id++)
        d = domain_by_id((uint16_t)id);
    return d;
}

uint64_t alloc_shared_page(uint16_t domid)
{
    uint64_t mfn = alloc_domain_frames(domid, 0);
    struct page_info *pg = mfn == INVALID_MFN ? NULL : mfn_to_page(&frame_table, mfn);

    if (!pg)
        return INVALID_MFN;
    /* A fresh frame takes both references. */
    if (!get_page(pg, domid)) {
        free_domain_frame(mfn);
        return INVALID_MFN;
    }
    if (get_page_type(pg, PGT_WRITABLE) < 0) {
        put_page(pg);
        free_domain_frame(mfn);
        return INVALID_MFN;
    }
    return mfn;
}

void free_shared_page(uint64_t mfn)
{
    struct page_info *pg = mfn_to_page(&frame_table, mfn);

    put_page_type(pg);
    if (put_page(pg) == 1)
        free_domain_frame(mfn);
}

struct domain *domain_create(uint16_t domid, bool privileged)
{
    struct domain *d;
    unsigned long flags;
    uint64_t mfn;
    bool taken;

    if (domid >= MAX_DOMAINS)
        return NULL;
    flags = spin_lock_irqsave(&domains_lock);
    taken = id_taken(domid);
    spin_unlock_irqrestore(&domains_lock, flags);
    if (taken)
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
    d->shutdown_code = SHUTDOWN_CODE_INVALID;
    d->page_lock = (spinlock_t)SPINLOCK_INIT("domain_pages");
    d->shared_info_mfn = mfn;
    d->shared_info = phys_to_virt(mfn << PAGE_SHIFT);
    snprintf(d->name, sizeof(d->name), domid == 0 ? "Domain-0" : "d%u", domid);
    update_domain_wallclock(d);

    flags = spin_lock_irqsave(&domains_lock);
    if (id_taken(domid)) { /* created meanwhile */
        spin_unlock_irqrestore(&domains_lock, flags);
        free_shared_page(mfn);
        free_xen_memory(d, sizeof(*d));
        return NULL;
    }
    __atomic_store_n(&domains[domid], d, __ATOMIC_RELEASE);
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
    v->affinity_hard = v->affinity_soft = ~0ull;
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    v->vcpu_info->evtchn_upcall_mask = 1; /* events start masked, as on Xen */
    v->arch.kernel_mode = true;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
    vcpu_timers_init(v);
    vcpu_poll_init(v);
    d->vcpus[id] = v;
    if (id >= d->nr_vcpus)
        d->nr_vcpus = id + 1;
    return v;
}

uint64_t domain_alloc_pages(struct domain *d, unsigned int order)
{
    unsigned long flags = spin_lock_irqsave(&d->page_lock);
    uint64_t mfn = INVALID_MFN;

    if (d->state != DOMAIN_DYING && d->tot_pages + (1ull << order) <= d->max_pages) {
        mfn = alloc_domain_frames(d->domid, order);
        if (mfn != INVALID_MFN)
            d->tot_pages += 1ull << order;
    }
    spin_unlock_irqrestore(&d->page_lock, flags);
    return mfn;
}

/* A dead domain's frame nobody references: free it (d's page lock held). */
static bool release_if_unused(struct domain *d, uint64_t mfn)
{
    struct page_info *pg = mfn_to_page(&frame_table, mfn);

    if (pg->owner != d->domid || (pg->flags & (PGF_FREE | PGF_RESERVED)) || pg->count)
        return false;
    if (free_domain_frame(mfn))
        panic("d%u: cannot free its frame %#llx", d->domid, (unsigned long long)mfn);
    d->tot_pages--;
    return true;
}

void frame_unreferenced(uint64_t mfn)
{
    struct page_info *pg = mfn_to_page(&frame_table, mfn);
    struct domain *d = pg ? domain_by_id(pg->owner) : NULL;
    unsigned long flags;

    if (!d || !__atomic_load_n(&d->frames_released, __ATOMIC_ACQUIRE))
        return;
    flags = spin_lock_irqsave(&d->page_lock);
    release_if_unused(d, mfn);
    spin_unlock_irqrestore(&d->page_lock, flags);
}

void frame_put(struct page_info *pg)
{
    if (put_page(pg) == 1)
        frame_unreferenced(page_to_mfn(&frame_table, pg));
}

void frame_put_writable(struct page_info *pg)
{
    put_page_type(pg);
    frame_put(pg);
}

/*
 * Free every frame of d nobody references; from now on whoever drops the
 * last reference to one of the others frees it. In chunks, so that the
 * page lock (and interrupts) are never held across all of memory.
 * Returns the frames left in use.
 */
static uint64_t release_frames(struct domain *d)
{
    const uint64_t chunk = 4096;
    unsigned long flags;
    uint64_t left;

    __atomic_store_n(&d->frames_released, true, __ATOMIC_RELEASE);
    for (uint64_t base = 0; base < frame_table.nr_frames; base += chunk) {
        uint64_t end = base + chunk < frame_table.nr_frames ? base + chunk
                                                            : frame_table.nr_frames;

        flags = spin_lock_irqsave(&d->page_lock);
        for (uint64_t mfn = base; mfn < end; mfn++)
            if (frame_table.frames[mfn].owner == d->domid)
                release_if_unused(d, mfn);
        spin_unlock_irqrestore(&d->page_lock, flags);
    }
    flags = spin_lock_irqsave(&d->page_lock);
    left = d->tot_pages;
    spin_unlock_irqrestore(&d->page_lock, flags);
    return left;
}

/* dom0's toolstack learns of a domU's shutdown or death (VIRQ_DOM_EXC). */
static void tell_dom0(const struct domain *d)
{
    struct domain *d0 = domain_by_id(0);

    if (d->domid != 0 && d0)
        domain_send_global_virq(d0, VIRQ_DOM_EXC);
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

    /* A code recorded with SCHEDOP_shutdown_code wins, as on Xen. */
    if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
        d->shutdown_code = reason;
    reason = d->shutdown_code;
    if (d->state != DOMAIN_RUNNING)
        return;
    d->state = DOMAIN_SHUTDOWN;
    kinfo("Domain %u (%s) shut down: %s\n", d->domid, d->name,
          reason < sizeof(reasons) / sizeof(reasons[0]) ? reasons[reason] : "unknown");
    if (d->domid == 0)
        hardware_domain_shutdown(reason);
    domain_update_runnable(d);
    tell_dom0(d);
}

int domain_pause(struct domain *d)
{
    if (d->pause_count >= 255)
        return -EOVERFLOW;
    d->pause_count++;
    d->evtchn.controller_paused = true;
    domain_update_runnable(d);
    domain_wait_descheduled(d);
    return 0;
}

int domain_unpause(struct domain *d)
{
    if (!d->pause_count)
        return -EINVAL;
    if (!--d->pause_count) {
        d->evtchn.controller_paused = false;
        domain_update_runnable(d);
    }
    return 0;
}

/* Frames other than its shared_info that still name d as their owner. */
static uint64_t frames_left(const struct domain *d)
{
    uint64_t n = 0;

    for (uint64_t mfn = 0; mfn < frame_table.nr_frames; mfn++)
        n += frame_table.frames[mfn].owner == d->domid && mfn != d->shared_info_mfn;
    return n;
}

/* After its grace period nobody can reach d: give back what it kept. Its
 * id stays taken till here. */
static void free_domain(struct domain *d)
{
    domain_evtchn_free(d);
    free_shared_page(d->shared_info_mfn);
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i])
            free_xen_memory(d->vcpus[i], sizeof(*d->vcpus[i]));
    free_xen_memory(d, sizeof(*d));
}

/* A dying domain that owns no frame and whose grants nobody holds leaves
 * the table, checked to own nothing but the shared_info Keel frees after
 * the grace period. */
static bool unlink_if_done(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->page_lock);
    bool done = d->frames_released && !d->tot_pages;
    uint64_t left;

    spin_unlock_irqrestore(&d->page_lock, flags);
    if (!done || !domain_grant_free(d))
        return false;
    flags = spin_lock_irqsave(&domains_lock);
    __atomic_store_n(&domains[d->domid], NULL, __ATOMIC_RELEASE);
    d->next_dead = graveyard;
    graveyard = d;
    spin_unlock_irqrestore(&domains_lock, flags);
    left = frames_left(d);
    if (left)
        kerr("Domain %u (%s) is gone, but %llu frames still name it\n", d->domid, d->name,
             (unsigned long long)left);
    else
        kinfo("Domain %u (%s) is gone: every frame returned\n", d->domid, d->name);
    return true;
}

static void reap(void *data)
{
    bool waiting = false, joined = false;
    unsigned long flags;

    (void)data;
    if (graveyard && grace_elapsed(&graveyard_grace)) {
        for (;;) {
            struct domain *d;

            flags = spin_lock_irqsave(&domains_lock);
            if ((d = graveyard))
                graveyard = d->next_dead;
            spin_unlock_irqrestore(&domains_lock, flags);
            if (!d)
                break;
            free_domain(d);
        }
    }
    for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
        struct domain *d = domain_by_id((uint16_t)id);

        if (!d || d->state != DOMAIN_DYING)
            continue;
        if (unlink_if_done(d))
            joined = true;
        else
            waiting = true;
    }
    /* A newcomer restarts the period for all: later, never too early. */
    if (joined)
        grace_start(&graveyard_grace);
    if (waiting || graveyard)
        set_timer(&reaper, 0, NOW() + REAP_PERIOD_NS);
}

int domain_kill(struct domain *d)
{
    uint64_t left;

    if (d->state == DOMAIN_DYING)
        return 0;
    d->state = DOMAIN_DYING;
    domain_update_runnable(d);
    domain_wait_descheduled(d);
    sched_remove_domain(d);
    domain_grant_kill(d);
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        if (d->vcpus[i]) {
            vcpu_timers_kill(d->vcpus[i]);
            vcpu_poll_kill(d->vcpus[i]);
        }
    }
    domain_evtchn_destroy(d);
    pirq_release_domain(d);
    arch_domain_release_tables(d);
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i])
            vcpu_info_release(d->vcpus[i]);
    domain_grant_release(d);
    left = release_frames(d);
    kinfo("Domain %u (%s) destroyed: %llu frames still mapped by others\n", d->domid, d->name,
          (unsigned long long)left);
    tell_dom0(d);
    if (!reaper.fn)
        timer_init(&reaper, reap, NULL);
    set_timer(&reaper, 0, NOW());
    return 0;
}


long do_vm_assist(hc_arg_t cmd, hc_arg_t type)
{
    /* Accepted and remembered by nothing yet: Keel's PV MMU already acts as
     * the writable-page-tables assist asks. */
    if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
        return -EINVAL;
    return type < 32 ? 0 : -EINVAL;
}
