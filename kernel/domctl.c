/*
 * domctl: the control domain acts on one domain (keel/../public/domctl.h).
 * Checked in Xen's order: the interface version (-EACCES), the domain
 * (-ESRCH), the caller's right (-EPERM). One lock serialises every
 * domctl, as Xen's domctl_lock, so two control vCPUs never pause or
 * destroy the same domain at once.
 */
#include <keel/page.h>
#include <keel/domain.h>
#include <keel/domctl.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/guest_time.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <keel/spinlock.h>
#include <keel/string.h>
#include <keel/time.h>
#include <keel/vcpu_op.h>
#include <public/domctl.h>
#include <public/vcpu.h>

static spinlock_t domctl_lock = SPINLOCK_INIT("domctl");

uint64_t vcpu_cpu_time(const struct vcpu *v, uint64_t now)
{
    uint64_t t = v->runstate.time[RUNSTATE_running];

    if (v->runstate.state == RUNSTATE_running && now > v->runstate.state_entry_time)
        t += now - v->runstate.state_entry_time;
    return t;
}

/* Xen's getdomaininfo: blocked only if every online vCPU is, running if any is. */
void domain_get_info(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;
    uint64_t now = NOW();

    memset(info, 0, sizeof(*info));
    info->domain = d->domid;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        const struct vcpu *v = d->vcpus[i];

        if (!v)
            continue;
        info->cpu_time += vcpu_cpu_time(v, now);
        info->max_vcpu_id = v->id;
        if (!v->online)
            continue;
        if (!v->blocked)
            flags &= ~XEN_DOMINF_blocked;
        if (v->running)
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    info->flags = (info->nr_online_vcpus ? flags : 0) |
                  (d->state == DOMAIN_DYING ? XEN_DOMINF_dying : 0) |
                  (d->state == DOMAIN_SHUTDOWN ? XEN_DOMINF_shutdown : 0) |
                  (d->pause_count ? XEN_DOMINF_paused : 0) |
                  d->shutdown_code << XEN_DOMINF_shutdownshift;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->shared_info_mfn;
}

static long act(struct domain *d, struct xen_domctl *op, bool *copy_back)
{
    struct domain *self = current_vcpu()->domain;

    switch (op->cmd) {
    case XEN_DOMCTL_destroydomain:
        return d == self ? -EINVAL : domain_kill(d);
    case XEN_DOMCTL_pausedomain:
        return d == self ? -EINVAL : domain_pause(d);
    case XEN_DOMCTL_unpausedomain:
        return domain_unpause(d);
    case XEN_DOMCTL_getdomaininfo:
        domain_get_info(d, &op->u.getdomaininfo);
        op->domain = d->domid;
        *copy_back = true;
        return 0;
    case XEN_DOMCTL_max_mem:
        /* Keel lets a domain hold at most max_pages; lowering it below
         * what the domain holds takes nothing away, as on Xen. */
        d->max_pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
        return 0;
    case XEN_DOMCTL_max_vcpus:
        /* The vCPUs were made by createdomain; Xen checks the same. */
        return d == self || op->u.max_vcpus.max != d->nr_vcpus ? -EINVAL : 0;
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        return domctl_vcpuaffinity(d, op->cmd, &op->u.vcpuaffinity);
    case XEN_DOMCTL_getvcpuinfo:
        *copy_back = true;
        return domctl_getvcpuinfo(d, &op->u.getvcpuinfo);
    case XEN_DOMCTL_scheduler_op:
        *copy_back = true;
        return domctl_scheduler_op(d, &op->u.scheduler_op);
    case XEN_DOMCTL_settimeoffset:
        d->time_offset = op->u.settimeoffset.time_offset_seconds;
        update_domain_wallclock(d);
        return 0;
    case XEN_DOMCTL_keel_build_pv:
        *copy_back = true;
        return domctl_keel_build_pv(d, &op->u.keel_build_pv);
    default:
        return -ENOSYS;
    }
}

long do_domctl(hc_arg_t arg)
{
    struct xen_domctl op;
    struct domain *d = NULL;
    bool copy_back = false;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (op.cmd != XEN_DOMCTL_getdomaininfo && op.cmd != XEN_DOMCTL_createdomain &&
        !(d = domain_by_id(op.domain)))
        return -ESRCH;
    if (!current_vcpu()->domain->is_privileged)
        return -EPERM;
    if (op.cmd == XEN_DOMCTL_createdomain) {
        spin_lock(&domctl_lock);
        rc = domctl_createdomain(&op.domain, &op.u.createdomain);
        spin_unlock(&domctl_lock);
        return rc ? rc : copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
    }
    if (op.cmd == XEN_DOMCTL_getdomaininfo) {
        if (op.domain >= DOMID_FIRST_RESERVED)
            return -EINVAL;
        if (!(d = domain_from_id(op.domain)))
            return -ESRCH;
    }
    /* Never from an interrupt, and long (destroy frees all of a domain's
     * memory): interrupts stay on. */
    spin_lock(&domctl_lock);
    rc = act(d, &op, &copy_back);
    spin_unlock(&domctl_lock);
    if (!rc && copy_back && copy_to_guest(arg, &op, sizeof(op)))
        return -EFAULT;
    return rc;
}
