/*
 * The toolstack's hypercalls, as dom0 uses them: sysctl physinfo and
 * domctl getdomaininfo, pause and destroy, with Xen 4.17's interface
 * versions and layouts. Run on both Keel and Xen, these pin down the
 * bytes `xl info` and `xl list` read. Only dom0 (privileged) runs them.
 *
 * Included by main.c.
 */
#include <public/domctl.h>
#include <public/sysctl.h>

static long domctl(struct xen_domctl *op)
{
    return HYPERCALL(__HYPERVISOR_domctl, op, 0, 0);
}

static long domctl_simple(uint32_t cmd, domid_t dom)
{
    struct xen_domctl op = { .cmd = cmd, .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
                             .domain = dom };

    return domctl(&op);
}

/* getdomaininfo for the first domain at or above dom: 0 and *info, or -E. */
static long domain_info(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getdomaininfo,
                             .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
                             .domain = dom };
    long rc = domctl(&op);

    if (!rc)
        *info = op.u.getdomaininfo;
    return rc;
}

static long physinfo(struct xen_sysctl_physinfo *pi)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo,
                             .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    long rc = HYPERCALL(__HYPERVISOR_sysctl, &op, 0, 0);

    if (!rc)
        *pi = op.u.physinfo;
    return rc;
}

static void check_physinfo(void)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo,
                             .interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1 };
    struct xen_sysctl_physinfo pi;
    long rc = physinfo(&pi);

    check(rc == 0, "sysctl physinfo", rc);
    if (rc)
        return;
    check(pi.nr_cpus >= 1 && pi.max_cpu_id + 1 >= pi.nr_cpus, "physinfo: CPUs online",
          pi.nr_cpus);
    check(pi.cpu_khz > 100000, "physinfo: CPU frequency in kHz", pi.cpu_khz);
    check(pi.free_pages > 0 && pi.free_pages < pi.total_pages &&
          pi.total_pages <= pi.max_mfn + 1, "physinfo: free below total below max_mfn",
          (long)pi.free_pages);
    check((pi.capabilities & XEN_SYSCTL_PHYSCAP_pv) &&
          (pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1), "physinfo: PV and grant v1 capable",
          pi.capabilities);
    check(pi.hw_cap[0] & 1, "physinfo: hw_cap[0] is CPUID 1 EDX (FPU)", pi.hw_cap[0]);
    rc = HYPERCALL(__HYPERVISOR_sysctl, &op, 0, 0);
    check(rc == -XEN_EACCES, "sysctl with another interface version: -EACCES", rc);
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    op.cmd = 1000;
    rc = HYPERCALL(__HYPERVISOR_sysctl, &op, 0, 0);
    check(rc == -XEN_ENOSYS, "sysctl with an unknown command: -ENOSYS", rc);
}

static void check_domctl(const start_info_t *si)
{
    struct xen_domctl_getdomaininfo info;
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getdomaininfo,
                             .interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1 };
    long rc = domain_info(0, &info);

    check(rc == 0 && info.domain == 0, "domctl getdomaininfo(0)", rc);
    if (!rc) {
        check(info.nr_online_vcpus >= 1 && info.max_vcpu_id + 1 >= info.nr_online_vcpus,
              "getdomaininfo: dom0's vCPUs", info.nr_online_vcpus);
        check((info.flags & XEN_DOMINF_running) &&
              !(info.flags & (XEN_DOMINF_dying | XEN_DOMINF_shutdown | XEN_DOMINF_paused |
                              XEN_DOMINF_blocked | XEN_DOMINF_hvm_guest)),
              "getdomaininfo: dom0 is running, not blocked, paused or dying", info.flags);
        /* Xen reports a code never set as all ones in the top half. */
        check(info.flags >> XEN_DOMINF_shutdownshift == 0xffff,
              "getdomaininfo: no shutdown code yet (0xffff)", info.flags >> 16);
        check(info.tot_pages > 0 && info.tot_pages <= info.max_pages,
              "getdomaininfo: tot_pages within max_pages", (long)info.tot_pages);
        check(info.shared_info_frame == si->shared_info >> 12,
              "getdomaininfo: shared_info_frame is start_info's", (long)info.shared_info_frame);
        check(info.cpu_time > 0, "getdomaininfo: dom0 has used CPU time", (long)info.cpu_time);
    }
    rc = domctl(&op);
    check(rc == -XEN_EACCES, "domctl with another interface version: -EACCES", rc);
    rc = domain_info(DOMID_FIRST_RESERVED, &info);
    check(rc == -XEN_EINVAL, "getdomaininfo of a reserved id: -EINVAL", rc);
    check(domctl_simple(XEN_DOMCTL_pausedomain, 0) == -XEN_EINVAL,
          "domctl: pausing ourselves is refused", 0);
    check(domctl_simple(XEN_DOMCTL_destroydomain, 0) == -XEN_EINVAL,
          "domctl: destroying ourselves is refused", 0);
    check(domctl_simple(XEN_DOMCTL_unpausedomain, 0) == -XEN_EINVAL,
          "domctl: unpausing a domain that is not paused", 0);
    check(domctl_simple(XEN_DOMCTL_pausedomain, 999) == -XEN_ESRCH,
          "domctl: no domain 999: -ESRCH", 0);
}

static void check_control(const start_info_t *si)
{
    check_physinfo();
    check_domctl(si);
}

/* A domU may use none of it. */
static void check_control_refused(void)
{
    struct xen_domctl_getdomaininfo info;
    struct xen_sysctl_physinfo pi;
    struct sched_remote_shutdown rs = { .domain_id = 0, .reason = SHUTDOWN_poweroff };

    check(domain_info(0, &info) == -XEN_EPERM, "domU: domctl getdomaininfo: -EPERM", 0);
    check(domctl_simple(XEN_DOMCTL_destroydomain, 0) == -XEN_EPERM,
          "domU: domctl destroydomain(0): -EPERM", 0);
    check(physinfo(&pi) == -XEN_EPERM, "domU: sysctl physinfo: -EPERM", 0);
    check(HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, &rs, 0) == -XEN_EPERM,
          "domU: remote_shutdown of dom0: -EPERM", 0);
}
