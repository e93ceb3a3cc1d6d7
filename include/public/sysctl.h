/*
 * Xen toolstack ABI: __HYPERVISOR_sysctl(struct xen_sysctl *). Host-wide
 * questions and control for the control domain (dom0). As with domctl,
 * the caller states the interface version (Xen 4.17's here); a mismatch
 * is refused with -EACCES, an unknown command with -ENOSYS, and an
 * unprivileged caller with -EPERM.
 */
#ifndef __XEN_PUBLIC_SYSCTL_H__
#define __XEN_PUBLIC_SYSCTL_H__

#include "xen.h"

/* Xen 4.17's sysctl interface. */
#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* u.physinfo: the machine as Keel sees it (xl info). */
#define XEN_SYSCTL_physinfo 3

/* physinfo.capabilities */
#define XEN_SYSCTL_PHYSCAP_hvm                (1u << 0) /* HVM guests can run */
#define XEN_SYSCTL_PHYSCAP_pv                 (1u << 1) /* PV guests can run */
#define XEN_SYSCTL_PHYSCAP_directio           (1u << 2) /* an IOMMU for passthrough */
#define XEN_SYSCTL_PHYSCAP_hap                (1u << 3) /* nested paging (NPT/EPT) */
#define XEN_SYSCTL_PHYSCAP_shadow             (1u << 4) /* shadow paging */
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1u << 5) /* IOMMU shares the p2m */
#define XEN_SYSCTL_PHYSCAP_vmtrace            (1u << 6) /* processor trace for guests */
#define XEN_SYSCTL_PHYSCAP_vpmu               (1u << 7) /* virtual PMU */
#define XEN_SYSCTL_PHYSCAP_gnttab_v1          (1u << 8) /* grant tables v1 */
#define XEN_SYSCTL_PHYSCAP_gnttab_v2          (1u << 9) /* grant tables v2 */

struct xen_sysctl_physinfo {
    uint32_t threads_per_core;  /* OUT: SMT siblings per core */
    uint32_t cores_per_socket;  /* OUT */
    uint32_t nr_cpus;           /* OUT: CPUs online */
    uint32_t max_cpu_id;        /* OUT: highest CPU number possible */
    uint32_t nr_nodes;          /* OUT: NUMA nodes online */
    uint32_t max_node_id;       /* OUT: highest node number possible */
    uint32_t cpu_khz;           /* OUT: TSC frequency */
    uint32_t capabilities;      /* OUT: XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* OUT: architecture-specific (none on x86 in 4.17) */
    uint32_t pad;
    uint64_t total_pages;       /* OUT: RAM frames */
    uint64_t free_pages;        /* OUT: frames not given to anyone */
    uint64_t scrub_pages;       /* OUT: free frames awaiting scrubbing */
    uint64_t outstanding_pages; /* OUT: claimed frames (0 on Keel) */
    uint64_t max_mfn;           /* OUT: highest machine frame number */
    uint32_t hw_cap[8];         /* OUT: CPUID feature words */
};
typedef struct xen_sysctl_physinfo xen_sysctl_physinfo_t;

struct xen_sysctl {
    uint32_t cmd;               /* XEN_SYSCTL_* */
    uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_physinfo physinfo;
        uint8_t pad[128];       /* the union's size in Xen's ABI */
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;

#endif
