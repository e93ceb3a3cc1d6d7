/*
 * Domains and their vCPUs.
 *
 * Invariants: a domain's id is unique among live domains and never reused
 * while the domain is alive; every frame a domain owns is counted in
 * tot_pages and listed in its frame's page_info.owner; a vCPU belongs to
 * exactly one domain and runs on at most one CPU at a time.
 */
#ifndef KEEL_DOMAIN_H
#define KEEL_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <keel/evtchn.h>
#include <keel/grant_table.h>
#include <keel/sched_credit.h>
#include <keel/spinlock.h>
#include <keel/timer.h>
#include <asm/domain.h>
#include <public/vcpu.h>

#define MAX_DOMAINS   1024
#define MAX_VIRT_CPUS 32 /* XEN_LEGACY_MAX_VCPUS: vcpu_info in shared_info */

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
    struct vcpu_runstate_info runstate;
    uint64_t runstate_area;      /* guest virtual address it is copied to, or 0 */
    struct timer timer;          /* set_timer_op: raises VIRQ_TIMER */
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
    unsigned int shutdown_code;  /* SHUTDOWN_* */
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
    char name[32];
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

/* Create a domain (no vCPUs, no memory); NULL if there is no room. */
struct domain *domain_create(uint16_t domid, bool privileged);

/* Add vCPU `id` to d; NULL if out of memory. */
struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu);

/* Give d 2^order fresh (zeroed) frames; the first mfn, or INVALID_MFN. */
uint64_t domain_alloc_pages(struct domain *d, unsigned int order);

/* Look up a live domain by id; NULL if none. */
struct domain *domain_by_id(uint16_t domid);

/* Stop a domain for `reason` (SHUTDOWN_*), as SCHEDOP_shutdown does. */
void domain_shutdown(struct domain *d, unsigned int reason);

/* The vCPU running on this CPU, or NULL for the idle vCPU. */
struct vcpu *current_vcpu(void);

#endif
