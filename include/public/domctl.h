/*
 * Xen toolstack ABI: __HYPERVISOR_domctl(struct xen_domctl *). Control of
 * one domain by the control domain (dom0): creating, pausing, destroying
 * and inspecting it. Not a stable guest ABI: the caller states the
 * interface version it was built for, and a mismatch is refused with
 * -EACCES. Keel speaks Xen 4.17's version, with its layouts, so 4.17's
 * tools and our dom0 read the same bytes on either hypervisor.
 *
 * Only the operations Keel implements are listed; any other command
 * returns -ENOSYS. Every operation needs a privileged caller (-EPERM).
 */
#ifndef __XEN_PUBLIC_DOMCTL_H__
#define __XEN_PUBLIC_DOMCTL_H__

#include "xen.h"

/* Xen 4.17's domctl interface. */
#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/*
 * u.createdomain: a new domain, with no memory and its vCPUs down, paused
 * once by the toolstack (it unpauses it when built). domain: the id
 * wanted, or 0 (or one of DOMID_FIRST_RESERVED and up) for the next free
 * one; set to the id given. -EEXIST if the wanted id is in use, -EINVAL
 * for flags or limits Keel cannot honour (HVM and HAP come with a later
 * issue: -EOPNOTSUPP), -ENOMEM.
 */
#define XEN_DOMCTL_createdomain    1
/*
 * domain: the domain to destroy. Not the caller's own (-EINVAL). Its
 * vCPUs stop, its ports close, its memory goes back; it lingers, marked
 * dying, while other domains still map its pages. Destroying a dying
 * domain again succeeds and does nothing more.
 */
#define XEN_DOMCTL_destroydomain   2
/* domain: stop its vCPUs until as many unpauses; not the caller's own
 * (-EINVAL). Nests up to 255 deep (-EOVERFLOW). */
#define XEN_DOMCTL_pausedomain     3
/* domain: undo one pause (-EINVAL if not paused). */
#define XEN_DOMCTL_unpausedomain   4
/*
 * u.getdomaininfo: describe the first domain whose id is at least
 * `domain` (so a caller can walk every domain); domctl.domain is set to
 * the id found. -ESRCH if there is none, -EINVAL for an id of
 * DOMID_FIRST_RESERVED or above.
 */
#define XEN_DOMCTL_getdomaininfo   5
/*
 * u.vcpuaffinity: set the CPUs a vCPU may run on (flags HARD: it never
 * runs elsewhere; SOFT: kept and reported, but Keel's scheduler does not
 * prefer them). A vCPU on a CPU no longer allowed moves at once. On
 * return the maps hold what takes effect: hard & online CPUs, and soft &
 * hard & online. -EINVAL for a vCPU id past the domain's, no flags, a
 * NULL map, or a hard map with no online CPU; -ESRCH for a vCPU not made.
 */
#define XEN_DOMCTL_setvcpuaffinity 9
/* u.max_mem: the most memory the domain may hold (its balloon's ceiling),
 * in KiB, rounded down to pages. */
#define XEN_DOMCTL_max_mem         11
/* u.getvcpuinfo: one vCPU's state; -EINVAL, -ESRCH as setvcpuaffinity. */
#define XEN_DOMCTL_getvcpuinfo     14
/*
 * u.max_vcpus: Xen's step that made the vCPUs after createdomain; both
 * Xen 4.17 and Keel make them in createdomain, so this only checks that
 * max is the count given there (-EINVAL otherwise, or for the caller's
 * own domain).
 */
#define XEN_DOMCTL_max_vcpus       15
/*
 * u.scheduler_op: the domain's scheduling parameters. sched_id must be
 * the running scheduler's (-EINVAL): Keel has only the credit scheduler,
 * whose getinfo and putinfo read and set u.credit; putinfo keeps the
 * weight if it is 0 and the cap if it is 0xffff, and takes any other
 * value, as Xen (the toolstack checks ranges). Per-vCPU commands: -EINVAL.
 */
#define XEN_DOMCTL_scheduler_op    16
/* u.settimeoffset: seconds added to the domain's wall clock (shared_info). */
#define XEN_DOMCTL_settimeoffset   24
/* u.vcpuaffinity: the maps as last set (all CPUs until then), unchanged. */
#define XEN_DOMCTL_getvcpuaffinity 25

/*
 * Keel's own, not Xen's (Xen's toolstack builds a PV domain itself, page
 * by page; Keel's dom0 hands the images to the builder that builds dom0):
 * u.keel_build_pv lays out a domain made by createdomain and given its
 * memory limit by max_mem: the kernel (ELF with Xen notes, or gzipped),
 * an optional ramdisk and a command line, all read from the caller's
 * memory, plus the console and xenstore ring pages, which it grants to
 * their backends (GNTTAB_RESERVED_CONSOLE, _XENSTORE). vCPU 0 is then
 * ready at the kernel's entry; the domain stays paused. -EEXIST if it
 * was built already, -EINVAL for a bad image (the reason is logged),
 * -E2BIG for images past 256 MiB, -ENOMEM.
 */
#define XEN_DOMCTL_keel_build_pv   0x4b00

/* getdomaininfo.flags */
#define XEN_DOMINF_dying       (1u << 0) /* destroyed, its remains not yet gone */
#define XEN_DOMINF_hvm_guest   (1u << 1) /* HVM, not PV */
#define XEN_DOMINF_shutdown    (1u << 2) /* shut itself down (reason below) */
#define XEN_DOMINF_paused      (1u << 3) /* paused by the toolstack */
#define XEN_DOMINF_blocked     (1u << 4) /* every online vCPU waits for an event */
#define XEN_DOMINF_running     (1u << 5) /* some vCPU is on a CPU right now */
#define XEN_DOMINF_debugged    (1u << 6) /* a debugger is attached */
#define XEN_DOMINF_xs_domain   (1u << 7) /* it runs xenstored */
#define XEN_DOMINF_hap         (1u << 8) /* hardware-assisted paging */
/* The SHUTDOWN_* reason, in bits 16-23, valid with XEN_DOMINF_shutdown. */
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16

/* x86 domain configuration, as createdomain takes it and getdomaininfo
 * reports it. */
struct xen_arch_domainconfig {
    uint32_t emulation_flags; /* XEN_X86_EMU_*: devices Xen emulates (0 for PV) */
    uint32_t misc_flags;      /* XEN_X86_MSR_RELAXED and the like */
};

struct xen_domctl_getdomaininfo {
    domid_t  domain;            /* OUT: the id found (also in domctl.domain) */
    uint16_t pad1;
    uint32_t flags;             /* OUT: XEN_DOMINF_* */
    uint64_t tot_pages;         /* OUT: frames the domain holds as memory */
    uint64_t max_pages;         /* OUT: its allowance (XENMEM_maximum_reservation) */
    uint64_t outstanding_pages; /* OUT: claimed but not yet allocated (0 on Keel) */
    uint64_t shr_pages;         /* OUT: shared by memory sharing (0 on Keel) */
    uint64_t paged_pages;       /* OUT: paged out (0 on Keel) */
    uint64_t shared_info_frame; /* OUT: the frame of its shared_info (PV: an MFN) */
    uint64_t cpu_time;          /* OUT: ns its vCPUs have run, in total */
    uint32_t nr_online_vcpus;   /* OUT: vCPUs up */
    uint32_t max_vcpu_id;       /* OUT: highest vCPU id, or XEN_INVALID_MAX_VCPU_ID */
    uint32_t ssidref;           /* OUT: security label (0: no XSM) */
    xen_domain_handle_t handle; /* OUT: the toolstack's UUID for it */
    uint32_t cpupool;           /* OUT: its CPU pool (0: the only one) */
    uint8_t  gpaddr_bits;       /* OUT: guest physical address width (0 for PV) */
    uint8_t  pad2[7];
    struct xen_arch_domainconfig arch_config; /* OUT: as created */
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;

/* createdomain.flags */
#define XEN_DOMCTL_CDF_hvm           (1u << 0) /* HVM, not PV */
#define XEN_DOMCTL_CDF_hap           (1u << 1) /* with hardware-assisted paging */
#define XEN_DOMCTL_CDF_s3_integrity  (1u << 2) /* tboot checks it across S3 */
#define XEN_DOMCTL_CDF_oos_off       (1u << 3) /* no out-of-sync shadows */
#define XEN_DOMCTL_CDF_xs_domain     (1u << 4) /* it will run xenstored */
#define XEN_DOMCTL_CDF_iommu         (1u << 5) /* it may use the IOMMU */
#define XEN_DOMCTL_CDF_nested_virt   (1u << 6) /* it may run its own guests */
#define XEN_DOMCTL_CDF_vpmu          (1u << 7) /* it sees a virtual PMU */

struct xen_domctl_createdomain {
    uint32_t ssidref;           /* IN: security label (XSM; ignored) */
    xen_domain_handle_t handle; /* IN: the toolstack's UUID for it */
    uint32_t flags;             /* IN: XEN_DOMCTL_CDF_* */
    uint32_t iommu_opts;        /* IN: XEN_DOMCTL_IOMMU_* (none on Keel) */
    uint32_t max_vcpus;         /* IN: vCPUs it will have, 1 up */
    uint32_t max_evtchn_port;   /* IN: highest event channel port it may use */
    int32_t  max_grant_frames;  /* IN: grant table frames; < 0: the default */
    int32_t  max_maptrack_frames; /* IN: maptrack frames; < 0: the default */
    uint32_t grant_opts;        /* IN: low 4 bits: grant table version (0: default) */
    uint32_t vmtrace_size;      /* IN: per-vCPU trace buffer bytes (0: none) */
    uint32_t cpupool_id;        /* IN: CPU pool (0: the only one) */
    struct xen_arch_domainconfig arch; /* IN: emulated devices (0 for PV) */
};
typedef struct xen_domctl_createdomain xen_domctl_createdomain_t;

struct xen_domctl_max_mem {
    uint64_t max_memkb;         /* IN */
};
typedef struct xen_domctl_max_mem xen_domctl_max_mem_t;

/* A bitmap in the caller's memory: bit n of byte n / 8 is item n (CPU n). */
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8_t) bitmap; /* the bytes */
    uint32_t nr_bits;           /* bits the caller has there; Keel reads */
                                /* and writes at most 64 (CPUs 0-63) and */
                                /* zeroes the bytes past them */
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

/* vcpuaffinity.flags */
#define XEN_VCPUAFFINITY_HARD  (1u << 0) /* cpumap_hard is used */
#define XEN_VCPUAFFINITY_SOFT  (1u << 1) /* cpumap_soft is used */
#define XEN_VCPUAFFINITY_FORCE (1u << 2) /* undo a guest's SCHEDOP_pin_override */
                                         /* (Keel has none: ignored) */

struct xen_domctl_vcpuaffinity {
    uint32_t vcpu;              /* IN: the vCPU */
    uint32_t flags;             /* IN: XEN_VCPUAFFINITY_* */
    struct xenctl_bitmap cpumap_hard; /* IN/OUT (set), OUT (get) */
    struct xenctl_bitmap cpumap_soft; /* IN/OUT (set), OUT (get) */
};
typedef struct xen_domctl_vcpuaffinity xen_domctl_vcpuaffinity_t;

struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;              /* IN: the vCPU */
    uint8_t  online;            /* OUT: up (not VCPUOP_down or never up) */
    uint8_t  blocked;           /* OUT: waiting for an event */
    uint8_t  running;           /* OUT: on a CPU right now */
    uint64_t cpu_time;          /* OUT: ns it has run */
    uint32_t cpu;               /* OUT: the CPU it runs on or last ran on */
};
typedef struct xen_domctl_getvcpuinfo xen_domctl_getvcpuinfo_t;

struct xen_domctl_max_vcpus {
    uint32_t max;               /* IN: vCPUs (as createdomain's max_vcpus) */
};
typedef struct xen_domctl_max_vcpus xen_domctl_max_vcpus_t;

/* scheduler_op.cmd */
#define XEN_DOMCTL_SCHEDOP_putinfo     0 /* set the domain's parameters */
#define XEN_DOMCTL_SCHEDOP_getinfo     1 /* read them */
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2 /* per vCPU: not for credit */
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3 /* per vCPU: not for credit */

struct xen_domctl_sched_credit {
    uint16_t weight;            /* share of CPU against other domains, 1-65535 */
    uint16_t cap;               /* most CPU it may use, in % of one CPU; 0: no cap */
};

struct xen_domctl_scheduler_op {
    uint32_t sched_id;          /* IN: XEN_SCHEDULER_* */
    uint32_t cmd;               /* IN: XEN_DOMCTL_SCHEDOP_* */
    union {
        struct xen_domctl_sched_credit credit; /* IN/OUT */
        uint8_t pad[16];        /* the other schedulers' forms, Xen's size */
    } u;
};
typedef struct xen_domctl_scheduler_op xen_domctl_scheduler_op_t;

struct xen_domctl_settimeoffset {
    int64_t time_offset_seconds; /* IN: added to the domain's wall clock */
};
typedef struct xen_domctl_settimeoffset xen_domctl_settimeoffset_t;

struct xen_domctl_keel_build_pv {
    XEN_GUEST_HANDLE_64(const uint8_t) kernel;  /* IN: the kernel image */
    uint64_t kernel_len;                      /* IN: its bytes */
    XEN_GUEST_HANDLE_64(const uint8_t) ramdisk; /* IN: ramdisk, or NULL */
    uint64_t ramdisk_len;                     /* IN: its bytes (0: none) */
    XEN_GUEST_HANDLE_64(const char) cmdline;  /* IN: command line, NUL-terminated, */
                                              /* at most 1024 bytes with the NUL */
    uint32_t console_port;      /* IN: its port for the console backend */
    uint32_t store_port;        /* IN: its port for xenstored */
    domid_t  console_domid;     /* IN: the console backend's domain */
    domid_t  store_domid;       /* IN: xenstored's domain */
    uint32_t pad;
    uint64_t console_mfn;       /* OUT: the console ring's frame */
    uint64_t store_mfn;         /* OUT: the xenstore ring's frame */
};
typedef struct xen_domctl_keel_build_pv xen_domctl_keel_build_pv_t;

#define XEN_INVALID_MAX_VCPU_ID (~0u) /* the domain has no vCPU */

/* Scheduler ids (sysctl sched_id, scheduler domctls), Xen's numbering;
 * 4 was SEDF, removed. */
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

struct xen_domctl {
    uint32_t cmd;               /* XEN_DOMCTL_* */
    uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
    domid_t  domain;            /* the domain acted on */
    uint16_t _pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_vcpuaffinity vcpuaffinity;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        struct xen_domctl_scheduler_op scheduler_op;
        struct xen_domctl_settimeoffset settimeoffset;
        struct xen_domctl_keel_build_pv keel_build_pv;
        uint8_t pad[128];       /* the union's size in Xen's ABI */
    } u;
};
typedef struct xen_domctl xen_domctl_t;

#endif
