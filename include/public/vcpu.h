/*
 * Xen guest ABI: __HYPERVISOR_vcpu_op(cmd, vcpuid, arg). Starting and
 * stopping vCPUs, their timers, and where their shared data lives.
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#include "xen.h"

/*
 * arg struct vcpu_guest_context (PV): give a not yet initialised vCPU its
 * first state. Once only; it runs after VCPUOP_up.
 */
#define VCPUOP_initialise            0
/* arg NULL: make an initialised vCPU runnable. */
#define VCPUOP_up                    1
/*
 * arg NULL: stop a vCPU. Asynchronous unless a vCPU does it to itself; the
 * vCPU keeps its page tables and GDT referenced while down.
 */
#define VCPUOP_down                  2
/* arg NULL: returns 1 if the vCPU is up, else 0. */
#define VCPUOP_is_up                 3
/* arg struct vcpu_runstate_info: copy out the vCPU's runstate. */
#define VCPUOP_get_runstate_info     4

#ifndef __ASSEMBLER__
struct vcpu_runstate_info {
    int      state;             /* RUNSTATE_* now */
    uint64_t state_entry_time;  /* system time (ns) it entered that state; */
                                /* XEN_RUNSTATE_UPDATE set while rewritten */
    uint64_t time[4];           /* ns spent in each RUNSTATE_*, in total */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
#endif

/* Top bit of state_entry_time: update in progress (VMASST runstate_update_flag). */
#define XEN_RUNSTATE_UPDATE          (xen_mk_ullong(1) << 63)

#define RUNSTATE_running  0 /* on a physical CPU */
#define RUNSTATE_runnable 1 /* wants a CPU, waiting for one */
#define RUNSTATE_blocked  2 /* waiting for an event */
#define RUNSTATE_offline  3 /* neither: down, paused, or held by the hypervisor */

/*
 * arg struct vcpu_register_runstate_memory_area: have the hypervisor keep
 * a vcpu_runstate_info at this guest virtual address up to date, each time
 * the vCPU is scheduled (so state always reads "running" from inside).
 */
#define VCPUOP_register_runstate_memory_area 5

#ifndef __ASSEMBLER__
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;             /* the *_phys_area ops: guest physical */
    } addr;
};
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;
#endif

/* Periodic timer (raises VIRQ_TIMER every period_ns); stop takes arg NULL. */
#define VCPUOP_set_periodic_timer    6
#define VCPUOP_stop_periodic_timer   7
/* One-shot timer at an absolute system time; stop takes arg NULL. */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9

#ifndef __ASSEMBLER__
struct vcpu_set_periodic_timer {
    uint64_t period_ns;         /* under 1 ms may be refused */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* system time (ns) to fire at */
    uint32_t flags;             /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
#endif

/* Fail with -XEN_ETIME if the time is already past (may be ignored). */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

/*
 * arg struct vcpu_register_vcpu_info: move this vCPU's vcpu_info out of
 * shared_info to (mfn, offset); it must not cross a page end. Once only.
 * Needed for vCPUs 32 and up.
 */
#define VCPUOP_register_vcpu_info   10

#ifndef __ASSEMBLER__
struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* frame to hold the vcpu_info */
    uint32_t offset;            /* byte offset in that frame */
    uint32_t rsvd;              /* zero */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
#endif

/* arg NULL: send the vCPU an NMI. */
#define VCPUOP_send_nmi             11

/*
 * arg struct vcpu_get_physid: for a vCPU pinned to one CPU, that CPU's
 * APIC id (bits 31:0) and ACPI id (63:32); -XEN_EINVAL otherwise.
 */
#define VCPUOP_get_physid           12

#ifndef __ASSEMBLER__
struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
#endif
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)((physid) & 0xffffffffu))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/*
 * arg struct vcpu_register_time_memory_area: keep a second copy of this
 * vCPU's vcpu_time_info at this address (e.g. for a user-mode vDSO).
 */
#define VCPUOP_register_vcpu_time_memory_area   13

#ifndef __ASSEMBLER__
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;             /* the *_phys_area ops: guest physical */
    } addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
#endif

/*
 * As 5 and 13, but addr.p is a guest physical address (not crossing a
 * page); ~0 unregisters. While registered, the virtual-address area is no
 * longer updated. Announced by XENFEAT_runstate_phys_area and
 * XENFEAT_vcpu_time_phys_area.
 */
#define VCPUOP_register_runstate_phys_area      14
#define VCPUOP_register_vcpu_time_phys_area     15

#endif /* __XEN_PUBLIC_VCPU_H__ */
