/*
 * sysctl: host-wide questions from the control domain
 * (keel/../public/sysctl.h). Checked in Xen's order: the interface
 * version (-EACCES), the caller's right (-EPERM), the command (-ENOSYS).
 */
#include <keel/page.h>
#include <keel/console.h>
#include <keel/cpu_features.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
#include <keel/sched_credit.h>
#include <keel/hypercall.h>
#include <keel/percpu.h>
#include <keel/string.h>
#include <keel/time.h>
#include <public/sysctl.h>

static void physinfo(struct xen_sysctl_physinfo *pi)
{
    struct mem_summary mem;

    heap_summary(&mem, 0, 0);
    memset(pi, 0, sizeof(*pi));
    /* Keel counts CPUs, not their topology: each is a one-thread core. */
    pi->threads_per_core = 1;
    pi->cores_per_socket = nr_cpus_online;
    pi->nr_cpus = nr_cpus_online;
    pi->max_cpu_id = KEEL_MAX_CPUS - 1;
    pi->nr_nodes = 1;
    pi->max_node_id = 0;
    pi->cpu_khz = (uint32_t)(tsc_hz() / 1000);
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
    pi->total_pages = mem.ram >> PAGE_SHIFT;
    pi->free_pages = heap_free_frames();
    pi->max_mfn = frame_table.nr_frames - 1;
    arch_cpu_feature_words(pi->hw_cap);
}

static long readconsole(struct xen_sysctl_readconsole *rc)
{
    char chunk[256];
    uint64_t pos = console_ring_start(rc->index, rc->incremental);
    uint64_t buffer = (uint64_t)(uintptr_t)rc->buffer;
    uint32_t done = 0;

    /* The ring is read under its lock, the guest written outside it, a
     * chunk at a time. */
    while (done < rc->count) {
        size_t want = rc->count - done < sizeof(chunk) ? rc->count - done : sizeof(chunk);
        size_t n = console_ring_read(&pos, chunk, want);

        if (!n)
            break;
        if (copy_to_guest(buffer + done, chunk, n))
            return -EFAULT;
        done += (uint32_t)n;
    }
    if (rc->clear)
        console_ring_clear(pos);
    rc->count = done;
    rc->index = (uint32_t)pos;
    return 0;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *gl)
{
    uint64_t buffer = (uint64_t)(uintptr_t)gl->buffer;
    struct xen_domctl_getdomaininfo info;
    uint32_t n = 0;

    for (unsigned int id = gl->first_domain; id < MAX_DOMAINS && n < gl->max_domains; id++) {
        const struct domain *d = domain_by_id((uint16_t)id);

        if (!d)
            continue;
        domain_get_info(d, &info);
        if (copy_to_guest(buffer + (uint64_t)n * sizeof(info), &info, sizeof(info)))
            return -EFAULT;
        n++;
    }
    gl->num_domains = n;
    return 0;
}

static long scheduler_op(struct xen_sysctl_scheduler_op *op)
{
    if (op->cpupool_id || op->sched_id != XEN_SCHEDULER_CREDIT)
        return -EINVAL;
    if (op->cmd == XEN_SYSCTL_SCHEDOP_putinfo)
        return -EOPNOTSUPP;
    if (op->cmd != XEN_SYSCTL_SCHEDOP_getinfo)
        return -EINVAL;
    op->u.sched_credit.tslice_ms = (uint32_t)(CSCHED_TSLICE_NS / 1000000);
    op->u.sched_credit.ratelimit_us = 0;
    op->u.sched_credit.vcpu_migr_delay_us = 0;
    return 0;
}

long do_sysctl(hc_arg_t arg)
{
    struct xen_sysctl op;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!current_vcpu()->domain->is_privileged)
        return -EPERM;
    switch (op.cmd) {
    case XEN_SYSCTL_readconsole:
        rc = readconsole(&op.u.readconsole);
        break;
    case XEN_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        rc = 0;
        break;
    case XEN_SYSCTL_sched_id:
        op.u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
        rc = 0;
        break;
    case XEN_SYSCTL_getdomaininfolist:
        rc = getdomaininfolist(&op.u.getdomaininfolist);
        break;
    case XEN_SYSCTL_scheduler_op:
        rc = scheduler_op(&op.u.scheduler_op);
        break;
    default:
        return -ENOSYS;
    }
    if (rc)
        return rc;
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
