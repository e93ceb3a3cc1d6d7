/*
 * Domains and their vCPUs.
 *
 * Invariants: a domain's id is unique among registered domains and is not
 * reused until the domain is gone; every frame a domain was given as
 * memory is counted in tot_pages and names it in page_info.owner (the
 * pages it shares with Keel, shared_info and grant frames, name it too
 * but are not counted, as on Xen); a vCPU belongs to exactly one domain
 * and runs on at most one CPU at a time.
 *
 * Death (domain_kill), in Xen's order: the domain stops being runnable and
 * Keel waits until none of its vCPUs is on a CPU; its ports are closed
 * (peers see them unbound), its page tables unpinned (dropping every
 * mapping, granted frames included), the grant mappings it made released,
 * and every frame nobody else references freed. A frame another domain
 * still maps stays, owned by the dead domain, until that last reference
 * goes (frame_unreferenced frees it). The domain stays registered, dying,
 * until it owns no frame and nobody holds a pin on its grants; then it is
 * unlinked and, after a grace period (keel/grace.h), freed.
 */
#ifndef KEEL_DOMAIN_H
#define KEEL_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <keel/console.h>
#include <keel/evtchn.h>
#include <keel/grant_table.h>
#include <keel/sched_credit.h>
#include <keel/spinlock.h>
#include <keel/timer.h>
#include <asm/domain.h>
#include <public/vcpu.h>

#define MAX_DOMAINS   1024
#define MAX_VIRT_CPUS 32 /* XEN_LEGACY_MAX_VCPUS: vcpu_info in shared_info */
#define SHUTDOWN_CODE_INVALID (~0u) /* no reason recorded yet (Xen's value) */

struct domain;

struct vcpu {
    unsigned int id;
    struct domain *domain;
    unsigned int processor;      /* CPU it runs on, or last ran on */
    bool online;                 /* VCPUOP_up/down, or built online */
    bool blocked;                /* SCHEDOP_block: waits for an event */
    bool running;                /* on a CPU right now */
    bool in_multicall;           /* inside a multicall batch */
    struct vcpu_info *vcpu_info; /* in shared_info, or where the guest moved it */
    struct csched_vcpu sched;    /* the scheduler's record (under its lock) */
    uint64_t affinity_hard;      /* CPUs as the toolstack set them (all by */
    uint64_t affinity_soft;      /* default); the scheduler uses hard & online */
    struct vcpu_runstate_info runstate;
    uint64_t runstate_area;      /* guest virtual address it is copied to, or 0 */
    struct timer singleshot_timer; /* set_timer_op and VCPUOP_*_singleshot_timer */
    struct timer poll_timer;     /* SCHEDOP_poll's timeout (kernel/sched_poll.c) */
    bool polling;                /* in SCHEDOP_poll, not woken yet */
    uint32_t poll_port;          /* the one port it polls, 0: several */
    struct timer periodic_timer; /* VCPUOP_*_periodic_timer (kernel/vcpu_timer.c) */
    spinlock_t periodic_lock;    /* the period, the last tick and periodic_timer */
    uint64_t periodic_period;    /* ns between VIRQ_TIMER ticks, 0: none */
    uint64_t periodic_last;      /* NOW() at the last periodic tick */
    struct arch_vcpu arch;
};

enum domain_state {
    DOMAIN_RUNNING,
    DOMAIN_SHUTDOWN,   /* stopped itself; reason in shutdown_code */
    DOMAIN_DYING,      /* being destroyed */
};

struct domain {
    uint16_t domid;
    bool is_privileged;          /* dom0: may use control operations */
    enum domain_state state;
    unsigned int shutdown_code;  /* SHUTDOWN_*, or SHUTDOWN_CODE_INVALID until
                                    set (getdomaininfo reports it as is) */
    unsigned int pause_count;    /* XEN_DOMCTL_pausedomain nesting, 0-255 */
    bool frames_released;        /* dying: frames go back as users let go */
    spinlock_t page_lock;        /* tot_pages and frame ownership */
    uint64_t tot_pages, max_pages;
    uint64_t p2m_size;           /* pseudo-physical frames the domain knows */
    struct shared_info *shared_info;
    uint64_t shared_info_mfn;
    unsigned int nr_vcpus;
    struct vcpu *vcpus[MAX_VIRT_CPUS];
    struct csched_dom sched;     /* weight, cap (under the scheduler's lock) */
    struct evtchn_domain evtchn; /* its ports (under the event lock) */
    struct grant_table grant;    /* its grants and mappings (under the grant lock) */
    struct arch_domain arch;
    int64_t time_offset;         /* seconds added to its wall clock (settimeoffset) */
    char name[32];
    uint8_t handle[16];          /* the toolstack's UUID (createdomain) */
    struct console_line console_line; /* console_io output awaiting its newline */
    struct domain *next_dead;    /* unlinked, waiting for its grace period */
};

/*
 * A page a domain shares with Keel (shared_info, grant-table frames):
 * owned by domid but typed writable for as long as Keel keeps it, as Xen
 * shares its own pages, so the guest may map it but never make it a page
 * table while Keel writes it. INVALID_MFN if there is no memory.
 * free_shared_page drops Keel's hold and frees it once nobody maps it.
 */
uint64_t alloc_shared_page(uint16_t domid);
void free_shared_page(uint64_t mfn);

/* An id no domain has (1 up, each new one after the last given, as
 * Xen); -ENOSPC if all are taken. */
int domain_free_id(uint16_t *out);

/* Create a domain (no vCPUs, no memory); NULL if there is no room. */
struct domain *domain_create(uint16_t domid, bool privileged);

/* Add vCPU `id` to d; NULL if out of memory. */
struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu);

/* Give d 2^order fresh (zeroed) frames; the first mfn, or INVALID_MFN. */
uint64_t domain_alloc_pages(struct domain *d, unsigned int order);

/* Look up a live domain by id; NULL if none. */
struct domain *domain_by_id(uint16_t domid);

/* Stop a domain for `reason` (SHUTDOWN_*), as SCHEDOP_shutdown does;
 * dom0 hears of a domU's through VIRQ_DOM_EXC. */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * Destroy d (XEN_DOMCTL_destroydomain), as described above; never the
 * calling vCPU's own domain. dom0 hears of it through VIRQ_DOM_EXC. 0;
 * a dying domain is left as it is.
 */
int domain_kill(struct domain *d);

/*
 * The toolstack's pause (XEN_DOMCTL_pausedomain): d's vCPUs stop and are
 * off every CPU when it returns. -EOVERFLOW past 255 nested pauses.
 * Unpause: -EINVAL if d is not paused.
 */
int domain_pause(struct domain *d);
int domain_unpause(struct domain *d);

/*
 * A frame just lost its last general reference. If its owner is dying,
 * it is freed here: whoever drops the last reference to a dead domain's
 * frame gives it back. Anything else: nothing to do.
 */
void frame_unreferenced(uint64_t mfn);

/* Drop one general reference to a frame (frame_unreferenced on the last);
 * the _writable form first drops the PGT_WRITABLE type reference it backs. */
struct page_info;
void frame_put(struct page_info *pg);
void frame_put_writable(struct page_info *pg);

/* The first registered domain with an id at or above `domid` (XEN_DOMCTL_
 * getdomaininfo's search); NULL if none. */
struct domain *domain_from_id(uint16_t domid);

/* Xen's record of d for XEN_DOMCTL_getdomaininfo and
 * XEN_SYSCTL_getdomaininfolist (public/domctl.h). */
struct xen_domctl_getdomaininfo;
void domain_get_info(const struct domain *d, struct xen_domctl_getdomaininfo *info);

/* Arch: drop every page-table and descriptor-table reference d holds
 * (its vCPUs' base pointers and GDTs, its pins): d is dying and none of
 * its vCPUs runs. */
void arch_domain_release_tables(struct domain *d);

/* The vCPU running on this CPU, or NULL for the idle vCPU. */
struct vcpu *current_vcpu(void);

#endif
