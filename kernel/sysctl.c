/*
 * sysctl: host-wide questions from the control domain
 * (keel/../public/sysctl.h). Checked in Xen's order: the interface
 * version (-EACCES), the caller's right (-EPERM), the command (-ENOSYS).
 */
#include <keel/page.h>
#include <keel/cpu_features.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
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

long do_sysctl(hc_arg_t arg)
{
    struct xen_sysctl op;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!current_vcpu()->domain->is_privileged)
        return -EPERM;
    switch (op.cmd) {
    case XEN_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
    default:
        return -ENOSYS;
    }
}
