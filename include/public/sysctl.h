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
#include "domctl.h"

/* Xen 4.17's sysctl interface. */
#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* u.readconsole: read (and optionally clear) the hypervisor's log (xl dmesg). */
#define XEN_SYSCTL_readconsole 1
/* u.physinfo: the machine as Keel sees it (xl info). */
#define XEN_SYSCTL_physinfo 3
/* u.sched_id: which scheduler runs the domains (xl info). */
#define XEN_SYSCTL_sched_id 4
/* u.getdomaininfolist: getdomaininfo for many domains at once (xl list). */
#define XEN_SYSCTL_getdomaininfolist 6
/*
 * u.scheduler_op: the scheduler's own parameters (xl sched-credit -s).
 * Keel answers getinfo for the credit scheduler of the only CPU pool (0);
 * its slice is fixed and it has no rate limit or migration delay, so
 * putinfo is -EOPNOTSUPP. -EINVAL for another pool, scheduler or command.
 */
#define XEN_SYSCTL_scheduler_op 19

#define XEN_SYSCTL_SCHEDOP_putinfo 0
#define XEN_SYSCTL_SCHEDOP_getinfo 1

struct xen_sysctl_credit_schedule {
    uint32_t tslice_ms;          /* a turn's length */
    uint32_t ratelimit_us;       /* least time a vCPU runs before preemption (0: none) */
    uint32_t vcpu_migr_delay_us; /* how long a vCPU stays cache-hot on its CPU */
};

struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id;        /* IN: the pool */
    uint32_t sched_id;          /* IN: XEN_SCHEDULER_* (domctl.h) */
    uint32_t cmd;               /* IN: XEN_SYSCTL_SCHEDOP_* */
    union {
        struct xen_sysctl_credit_schedule sched_credit; /* OUT (getinfo) */
        uint64_t pad[2];        /* the other schedulers' forms, Xen's size */
    } u;
};
typedef struct xen_sysctl_scheduler_op xen_sysctl_scheduler_op_t;

struct xen_sysctl_sched_id {
    uint32_t sched_id;          /* OUT: XEN_SCHEDULER_* (domctl.h) */
};
typedef struct xen_sysctl_sched_id xen_sysctl_sched_id_t;

/*
 * The log is a ring of bytes; a reader walks it by index, the low 32 bits
 * of a byte count since boot. A read copies up to count bytes from the
 * start (the oldest byte kept, or index when incremental and that byte is
 * still kept) and returns how many it copied and the index after them,
 * where the next incremental read continues.
 */
struct xen_sysctl_readconsole {
    uint8_t  clear;             /* IN: forget, for later readers, what was read */
    uint8_t  incremental;       /* IN: start at index, not at the oldest byte */
    uint8_t  pad0, pad1;
    uint32_t index;             /* IN: where to start (incremental); OUT: where it ended */
    XEN_GUEST_HANDLE_64(char) buffer; /* IN: where to copy the bytes */
    uint32_t count;             /* IN: buffer's size; OUT: bytes copied */
};
typedef struct xen_sysctl_readconsole xen_sysctl_readconsole_t;

/* Records for the domains with ids from first_domain up, in id order. */
struct xen_sysctl_getdomaininfolist {
    domid_t  first_domain;      /* IN: lowest id wanted */
    uint32_t max_domains;       /* IN: records buffer holds */
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer; /* IN: where they go */
    uint32_t num_domains;       /* OUT: records written */
};
typedef struct xen_sysctl_getdomaininfolist xen_sysctl_getdomaininfolist_t;

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
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_scheduler_op scheduler_op;
        uint8_t pad[128];       /* the union's size in Xen's ABI */
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;

#endif
