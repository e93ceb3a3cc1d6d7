/*
 * The credit scheduler's policy (Xen's "credit1", xen/common/sched/credit.c)
 * as pure logic: which vCPU each CPU runs next, how long, and which CPUs
 * must look again. No locks, no timers, no hardware, no allocation.
 *
 * The caller (kernel/schedule.c) embeds a struct csched_vcpu in each vCPU
 * and a struct csched_dom in each domain, serialises every call on one
 * struct csched (one scheduler lock: csched_do_schedule() steals from other
 * CPUs' queues, csched_account() touches all of them), passes NOW(), and
 * does what the results ask:
 *  - a returned CPU (>= 0) or CPU mask: raise the schedule softirq there;
 *  - csched_do_schedule(): switch to *next (NULL: idle), arm the slice
 *    timer *slice_ns from now (0: none), and keep csched_tick() running
 *    every CSCHED_TICK_NS on that CPU while a vCPU runs (it may stop while
 *    idle); after it returns, a vCPU's `cpu` field is the CPU it belongs to
 *    (it changes when a vCPU is stolen or moved): copy it to v->processor;
 *  - call csched_account() every CSCHED_TSLICE_NS (the accounting period)
 *    on any one CPU.
 * The caller must have saved the outgoing vCPU's state before calling
 * csched_do_schedule() (or hold the lock until it has): once it returns,
 * the outgoing vCPU may be stolen and entered by another CPU.
 *
 * Rules (Xen's, see kernel/sched_credit.c for the reasoning):
 *  - Credit: 10 credits per ms of CPU. Every accounting period each
 *    CPU's 300 credits are shared among the active vCPUs in proportion to
 *    their domain's weight, limited by the domain's cap; running burns
 *    credit (at each tick and each schedule).
 *  - Priority: BOOST > UNDER (credit >= 0) > OVER (credit < 0) > IDLE. A
 *    vCPU woken from blocking with priority UNDER is BOOSTed until a tick
 *    catches it running; a woken BOOST vCPU preempts a running UNDER/OVER.
 *  - Cap: a capped domain's vCPU that overspends is parked (not run) at
 *    an accounting period and unparked at a later one, once its credit is
 *    back to >= 0.
 *  - Picking: the head of the CPU's queue (highest priority, FIFO within
 *    one); if that is OVER or nothing, steal a better vCPU from another
 *    CPU's queue that may run here (hard affinity).
 *
 * Invariants, between calls, for a struct csched s:
 *  I1 A vCPU is "eligible" iff state == CSCHED_RUNNABLE and !parked. Every
 *     eligible vCPU is either queued or current (s->pcpu[c].curr) on
 *     exactly one CPU; a vCPU that is not eligible is never queued (it may
 *     still be current until that CPU, which was told to, reschedules).
 *  I2 v queued => it is on the run queue of v->cpu, and only there;
 *     s->pcpu[c].curr == v => v->cpu == c and v is not queued.
 *  I3 A queued vCPU's affinity contains its CPU. A current vCPU's affinity
 *     contains its CPU unless csched_set_affinity() just asked for that
 *     CPU to reschedule. A vCPU's affinity always holds an existing CPU.
 *  I4 Each run queue is in non-increasing priority order; vCPUs of equal
 *     priority are in the order queued (a yielding vCPU is also put behind
 *     the first lower-priority one).
 *  I5 v is "active" (earns credit) iff it is on its domain's active list;
 *     a domain is on s->active_doms iff it has an active vCPU;
 *     d->nr_active counts them; s->weight == sum of d->weight *
 *     d->nr_active over active domains.
 *  I6 parked => active: a parked vCPU keeps earning credit, so a later
 *     period finds it back at >= 0 and unparks it.
 */
#ifndef KEEL_SCHED_CREDIT_H
#define KEEL_SCHED_CREDIT_H

#include <stdbool.h>
#include <stdint.h>

#define CSCHED_MAX_CPUS           64          /* bits in an affinity mask */
#define CSCHED_TICK_NS            10000000ull /* 10 ms: credit burn tick */
#define CSCHED_TICKS_PER_TSLICE   3
#define CSCHED_TSLICE_NS          (CSCHED_TICK_NS * CSCHED_TICKS_PER_TSLICE)
#define CSCHED_CREDITS_PER_MSEC   10
#define CSCHED_CREDITS_PER_TSLICE (CSCHED_CREDITS_PER_MSEC * 30) /* 300 */
#define CSCHED_NS_PER_CREDIT      (1000000ull / CSCHED_CREDITS_PER_MSEC)
#define CSCHED_DEFAULT_WEIGHT     256
#define CSCHED_MIN_WEIGHT         1
#define CSCHED_MAX_WEIGHT         65535
#define CSCHED_MAX_CAP            65535       /* percent of one CPU */
/* Minimum time between two steals by a CPU whose best local vCPU is OVER. */
#define CSCHED_BALANCE_RATELIMIT_NS 1000000ull

/* Xen's values: higher runs first. */
enum csched_pri {
    CSCHED_PRI_BOOST = 0,    /* woke from blocking, not yet caught running */
    CSCHED_PRI_UNDER = -1,   /* credit >= 0 */
    CSCHED_PRI_OVER  = -2,   /* credit < 0 */
    CSCHED_PRI_IDLE  = -64,  /* the idle vCPU: what an empty queue offers */
};

enum csched_state {
    CSCHED_BLOCKED,          /* blocked, offline, paused: not to be run */
    CSCHED_RUNNABLE,
};

/* An intrusive doubly linked list; an element on no list points to itself. */
struct csched_link {
    struct csched_link *next, *prev;
};

struct csched_dom;

struct csched_vcpu {
    struct csched_link runq_elem;    /* on s->pcpu[cpu].runq iff queued */
    struct csched_link active_elem;  /* on dom->active_vcpus iff active */
    struct csched_dom *dom;          /* NULL: not added */
    enum csched_state state;
    int pri;                         /* enum csched_pri */
    int credit;
    uint64_t affinity;               /* hard affinity: bit c: may use CPU c */
    unsigned int cpu;                /* queued on, running on or last ran on */
    bool parked;                     /* capped out until a later period */
    bool yielding;                   /* asked to yield; cleared when picked */
    uint64_t start_ns;               /* running: credit burnt up to here */
    uint64_t residual_ns;            /* run time short of a whole credit */
};

struct csched_dom {
    struct csched_link active_vcpus; /* its active vCPUs */
    struct csched_link active_elem;  /* on s->active_doms iff nr_active > 0 */
    unsigned int weight;             /* 1..65535, default 256 */
    unsigned int cap;                /* percent of one CPU; 0: no cap */
    unsigned int nr_vcpus;           /* added to the scheduler */
    unsigned int nr_active;
    bool added;
};

struct csched_pcpu {
    struct csched_link runq;         /* queued vCPUs: priority, then FIFO */
    struct csched_vcpu *curr;        /* running; NULL: idle */
    uint64_t last_balance_ns;        /* last steal attempt while OVER */
};

struct csched {
    unsigned int nr_cpus;
    uint64_t online;                 /* CPUs 0 .. nr_cpus - 1 */
    struct csched_pcpu pcpu[CSCHED_MAX_CPUS];
    struct csched_link active_doms;
    uint64_t weight;                 /* see I5 */
    int credit_balance;              /* credit left over at the last period */
    unsigned int balance_bias;       /* where the next steal search starts */
};

/* Set up for CPUs 0 .. nr_cpus - 1, all idle; -EINVAL if not 1..64. */
int csched_init(struct csched *s, unsigned int nr_cpus);

/* A new domain: weight 256, no cap, no vCPUs. */
void csched_add_domain(struct csched *s, struct csched_dom *d);
/* Forget d; -EBUSY while it has vCPUs. */
int csched_remove_domain(struct csched *s, struct csched_dom *d);

/*
 * Add v to d, blocked, with credit 0, priority UNDER, affinity all CPUs,
 * belonging to `cpu`; csched_wake() makes it runnable. v must start zeroed
 * (or removed). -EINVAL if cpu does not exist, d was not added or v
 * already was.
 */
int csched_add_vcpu(struct csched *s, struct csched_dom *d,
                    struct csched_vcpu *v, unsigned int cpu);
/*
 * Take v out of the scheduler, even if it is running. Returns the CPU that
 * was running it (it must reschedule: csched no longer knows v, and that
 * CPU's next csched_do_schedule() finds no previous vCPU), or -1.
 */
int csched_remove_vcpu(struct csched *s, struct csched_vcpu *v);

/*
 * v has something to do. Queues it (boosted if it was UNDER) on the best
 * CPU its affinity allows: its own if idle, else an idle one, else its own.
 * Returns the CPU to tickle (idle, or running something v preempts), or -1.
 * Waking a running, queued or parked vCPU only marks it runnable.
 */
int csched_wake(struct csched *s, struct csched_vcpu *v, uint64_t now);

/* v blocks. Returns the CPU to tickle if v is running there, or -1. */
int csched_sleep(struct csched *s, struct csched_vcpu *v);

/* v gives way at its CPU's next schedule (which the caller triggers). */
void csched_yield(struct csched *s, struct csched_vcpu *v);

/*
 * Set v's hard affinity. -EINVAL if mask holds no existing CPU; else 1 if
 * the CPU v->cpu must reschedule (v runs there against its new affinity,
 * or v was moved to v->cpu's queue and should run there now), else 0.
 */
int csched_set_affinity(struct csched *s, struct csched_vcpu *v,
                        uint64_t mask);

/* weight 1..65535, cap 0..65535 (0: none); -EINVAL, changing nothing, else. */
int csched_set_params(struct csched *s, struct csched_dom *d,
                      unsigned int weight, unsigned int cap);

/*
 * The CPU's credit tick (every CSCHED_TICK_NS while it runs a vCPU): the
 * running vCPU loses its boost, burns its credit and becomes active.
 * Returns true if the CPU should reschedule now (a BOOST vCPU waits while
 * the running one is no longer boosted, or the running one may not run).
 */
bool csched_tick(struct csched *s, unsigned int cpu, uint64_t now);

/*
 * The accounting period: share out credit, recompute priorities, park and
 * unpark capped vCPUs, re-sort the queues. Returns the CPUs to tickle.
 */
uint64_t csched_account(struct csched *s, uint64_t now);

/*
 * Pick what `cpu` runs next: *next (NULL: idle) for *slice_ns (0: no
 * slice, idle). The previous vCPU (s->pcpu[cpu].curr) burns its credit and
 * is queued again if it may still run here. Returns the other CPUs to
 * tickle (where the previous vCPU went, idle CPUs that can take a vCPU
 * waiting here).
 */
uint64_t csched_do_schedule(struct csched *s, unsigned int cpu, uint64_t now,
                            struct csched_vcpu **next, uint64_t *slice_ns);

/* v is queued on some run queue. */
static inline bool csched_vcpu_queued(const struct csched_vcpu *v)
{
    return v->runq_elem.next != &v->runq_elem;
}

/* v may be run: runnable and not parked. */
static inline bool csched_vcpu_eligible(const struct csched_vcpu *v)
{
    return v->state == CSCHED_RUNNABLE && !v->parked;
}

#endif
