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
        struct xen_domctl_getdomaininfo getdomaininfo;
        uint8_t pad[128];       /* the union's size in Xen's ABI */
    } u;
};
typedef struct xen_domctl xen_domctl_t;

#endif
