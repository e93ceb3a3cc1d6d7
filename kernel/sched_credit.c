/*
 * The credit scheduler's policy (see keel/sched_credit.h for the interface,
 * the rules in brief and the invariants I1-I6 this file keeps).
 *
 * The rules are Xen's credit1 (xen/common/sched/credit.c); each function
 * says which of Xen's it follows and where Keel's model is simpler:
 *  - no SMT/NUMA topology, soft affinity, cpupools, context-switch rate
 *    limit or migration delay (cache hotness);
 *  - a waking vCPU is queued directly on an idle CPU it may use (Xen queues
 *    it where it last ran, tickles an idle CPU and lets that one steal it);
 *  - the outgoing vCPU is saved by the caller before csched_do_schedule(),
 *    so a queued vCPU can always be stolen (Xen waits for context_saved());
 *  - the run queues are re-sorted by csched_account() itself, under the
 *    caller's one lock (Xen lets each CPU sort its own at its next tick).
 */
#include <stddef.h>

#include <keel/errno.h>
#include <keel/sched_credit.h>

/* At most this much credit is burnt in one go (ten periods' worth). */
#define BURN_MAX    (10 * CSCHED_CREDITS_PER_TSLICE)
/* Credit never drops below this between periods (no int overflow). */
#define CREDIT_MIN  (-(1 << 24))

#define CPU_BIT(c)  (1ull << (c))

/* ---------------------------------------------------------------- lists */

static void link_init(struct csched_link *l)
{
    l->next = l;
    l->prev = l;
}

static bool link_empty(const struct csched_link *l)
{
    return l->next == l;
}

/* Put l just before pos (at the tail, if pos is the list head). */
static void link_insert_before(struct csched_link *pos, struct csched_link *l)
{
    l->prev = pos->prev;
    l->next = pos;
    pos->prev->next = l;
    pos->prev = l;
}

static void link_del(struct csched_link *l)
{
    l->prev->next = l->next;
    l->next->prev = l->prev;
    link_init(l);
}

#define link_entry(l, type, member) \
    ((type *)((char *)(l) - offsetof(type, member)))

static struct csched_vcpu *runq_vcpu(struct csched_link *l)
{
    return link_entry(l, struct csched_vcpu, runq_elem);
}

/* ------------------------------------------------------------- helpers */

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

static bool cpu_allowed(const struct csched_vcpu *v, unsigned int cpu)
{
    return cpu < CSCHED_MAX_CPUS && ((v->affinity >> cpu) & 1);
}

static bool is_current(const struct csched *s, const struct csched_vcpu *v)
{
    return v->cpu < s->nr_cpus && s->pcpu[v->cpu].curr == v;
}

/* Nothing running and nothing queued: the CPU is idle for good. */
static bool cpu_idle(const struct csched *s, unsigned int cpu)
{
    return !s->pcpu[cpu].curr && link_empty(&s->pcpu[cpu].runq);
}

static struct csched_vcpu *runq_head(struct csched *s, unsigned int cpu)
{
    struct csched_link *q = &s->pcpu[cpu].runq;

    return link_empty(q) ? NULL : runq_vcpu(q->next);
}

/*
 * Queue v on cpu behind every vCPU of its priority or higher (Xen's
 * __runq_insert). A yielding vCPU also goes behind the first vCPU of lower
 * priority, if there is one: it asked to let someone else run, and the
 * next sort brings it forward again.
 */
static void runq_insert(struct csched *s, struct csched_vcpu *v,
                        unsigned int cpu)
{
    struct csched_link *q = &s->pcpu[cpu].runq, *it;

    for (it = q->next; it != q; it = it->next)
        if (v->pri > runq_vcpu(it)->pri)
            break;
    if (v->yielding && it != q)
        it = it->next;
    v->cpu = cpu;
    link_insert_before(it, &v->runq_elem);
}

/* Stable sort by priority once priorities changed (Xen's csched_runq_sort). */
static void runq_sort(struct csched *s, unsigned int cpu)
{
    struct csched_link *q = &s->pcpu[cpu].runq, tmp;

    if (link_empty(q))
        return;
    tmp.next = q->next;
    tmp.prev = q->prev;
    tmp.next->prev = &tmp;
    tmp.prev->next = &tmp;
    link_init(q);
    while (!link_empty(&tmp)) {
        struct csched_vcpu *v = runq_vcpu(tmp.next);
        struct csched_link *it;

        link_del(&v->runq_elem);
        for (it = q->next; it != q; it = it->next)
            if (v->pri > runq_vcpu(it)->pri)
                break;
        link_insert_before(it, &v->runq_elem);
    }
}

/*
 * Where v should wait to run (a simple _csched_cpu_pick): the CPU it last
 * ran on if that is idle, else an idle CPU it may use (searching onwards
 * from its own, to spread), else its own, else the next it may use.
 */
static unsigned int pick_cpu(const struct csched *s,
                             const struct csched_vcpu *v)
{
    uint64_t allowed = v->affinity & s->online;
    unsigned int start = v->cpu < s->nr_cpus ? v->cpu : 0;

    for (unsigned int i = 0; i < s->nr_cpus; i++) {
        unsigned int c = (start + i) % s->nr_cpus;

        if ((allowed & CPU_BIT(c)) && cpu_idle(s, c))
            return c;
    }
    for (unsigned int i = 0; i < s->nr_cpus; i++) {
        unsigned int c = (start + i) % s->nr_cpus;

        if (allowed & CPU_BIT(c))
            return c;
    }
    return start; /* unreachable: I3 keeps an allowed CPU */
}

/*
 * v was just queued on cpu: must cpu look again? Yes if it is idle, or if
 * v outranks what it runs (Xen's __runq_tickle, once pick_cpu has
 * preferred idle CPUs).
 */
static bool should_tickle(const struct csched *s, unsigned int cpu,
                          const struct csched_vcpu *v)
{
    const struct csched_vcpu *cur = s->pcpu[cpu].curr;

    return !cur || v->pri > cur->pri;
}

/* Queue v where it runs best; the CPUs to tickle for it (Xen: wake+tickle). */
static uint64_t enqueue(struct csched *s, struct csched_vcpu *v)
{
    unsigned int cpu = pick_cpu(s, v);

    runq_insert(s, v, cpu);
    return should_tickle(s, cpu, v) ? CPU_BIT(cpu) : 0;
}

/*
 * Charge v for the CPU time since start_ns (Xen's burn_credits): 10
 * credits a millisecond, the remainder under a credit kept for next time.
 */
static void burn_credits(struct csched_vcpu *v, uint64_t now)
{
    uint64_t ns, credits;

    if (now <= v->start_ns)
        return;
    ns = now - v->start_ns + v->residual_ns;
    credits = ns / CSCHED_NS_PER_CREDIT;
    v->residual_ns = ns % CSCHED_NS_PER_CREDIT;
    v->start_ns = now;
    if (credits > BURN_MAX)
        credits = BURN_MAX;
    if (v->credit < CREDIT_MIN + (int)credits)
        v->credit = CREDIT_MIN;
    else
        v->credit -= (int)credits;
}

/* v starts earning credit (Xen's __csched_unit_acct_start). */
static void acct_start(struct csched *s, struct csched_vcpu *v)
{
    struct csched_dom *d = v->dom;

    if (!link_empty(&v->active_elem))
        return;
    link_insert_before(d->active_vcpus.next, &v->active_elem);
    if (d->nr_active++ == 0)
        link_insert_before(s->active_doms.next, &d->active_elem);
    s->weight += d->weight;
}

/* v stops earning credit (Xen's __csched_unit_acct_stop_locked). */
static void acct_stop(struct csched *s, struct csched_vcpu *v)
{
    struct csched_dom *d = v->dom;

    if (link_empty(&v->active_elem))
        return;
    link_del(&v->active_elem);
    if (--d->nr_active == 0)
        link_del(&d->active_elem);
    s->weight -= d->weight;
}

/*
 * Idle CPUs that could take a vCPU waiting on cpu's queue (Xen tickles an
 * idler, or marks the running vCPU as migrating, when a waking vCPU
 * preempts one that could run elsewhere). The idler steals it.
 */
static uint64_t idlers_for_queue(struct csched *s, unsigned int cpu)
{
    struct csched_link *q = &s->pcpu[cpu].runq, *it;
    uint64_t mask = 0;

    for (it = q->next; it != q; it = it->next) {
        const struct csched_vcpu *v = runq_vcpu(it);

        if (v->yielding)
            continue;
        for (unsigned int c = 0; c < s->nr_cpus; c++) {
            if (c != cpu && !(mask & CPU_BIT(c)) && cpu_allowed(v, c) &&
                cpu_idle(s, c)) {
                mask |= CPU_BIT(c);
                break;
            }
        }
    }
    return mask;
}

/*
 * Take from another CPU's queue the first vCPU of priority above `pri`
 * that may run on cpu (Xen's csched_load_balance and csched_runq_steal):
 * not from an idle CPU (it is about to run its queue itself), not a
 * yielding vCPU (it waits for a reason). Peers are searched round robin
 * from after the last one stolen from, so no queue is always robbed first.
 */
static struct csched_vcpu *steal(struct csched *s, unsigned int cpu, int pri)
{
    for (unsigned int i = 0; i < s->nr_cpus; i++) {
        unsigned int peer = (s->balance_bias + i) % s->nr_cpus;
        struct csched_link *q = &s->pcpu[peer].runq, *it;

        if (peer == cpu || !s->pcpu[peer].curr)
            continue;
        for (it = q->next; it != q; it = it->next) {
            struct csched_vcpu *v = runq_vcpu(it);

            if (v->pri <= pri)
                break;
            if (v->yielding || !cpu_allowed(v, cpu))
                continue;
            link_del(&v->runq_elem);
            v->cpu = cpu;
            s->balance_bias = (peer + 1) % s->nr_cpus;
            return v;
        }
    }
    return NULL;
}

/* -------------------------------------------------------------- the API */

int csched_init(struct csched *s, unsigned int nr_cpus)
{
    if (nr_cpus == 0 || nr_cpus > CSCHED_MAX_CPUS)
        return -EINVAL;
    s->nr_cpus = nr_cpus;
    s->online = nr_cpus == CSCHED_MAX_CPUS ? ~0ull : CPU_BIT(nr_cpus) - 1;
    for (unsigned int c = 0; c < CSCHED_MAX_CPUS; c++) {
        link_init(&s->pcpu[c].runq);
        s->pcpu[c].curr = NULL;
        s->pcpu[c].last_balance_ns = 0;
    }
    link_init(&s->active_doms);
    s->weight = 0;
    s->credit_balance = 0;
    s->balance_bias = 0;
    return 0;
}

void csched_add_domain(struct csched *s, struct csched_dom *d)
{
    (void)s;
    link_init(&d->active_vcpus);
    link_init(&d->active_elem);
    d->weight = CSCHED_DEFAULT_WEIGHT;
    d->cap = 0;
    d->nr_vcpus = 0;
    d->nr_active = 0;
    d->added = true;
}

int csched_remove_domain(struct csched *s, struct csched_dom *d)
{
    (void)s;
    if (d->nr_vcpus)
        return -EBUSY;
    d->added = false;
    return 0;
}

int csched_add_vcpu(struct csched *s, struct csched_dom *d,
                    struct csched_vcpu *v, unsigned int cpu)
{
    if (cpu >= s->nr_cpus || !d->added || v->dom)
        return -EINVAL;
    link_init(&v->runq_elem);
    link_init(&v->active_elem);
    v->dom = d;
    v->state = CSCHED_BLOCKED;
    v->pri = CSCHED_PRI_UNDER;
    v->credit = 0;
    v->affinity = s->online;
    v->cpu = cpu;
    v->parked = false;
    v->yielding = false;
    v->start_ns = 0;
    v->residual_ns = 0;
    d->nr_vcpus++;
    return 0;
}

int csched_remove_vcpu(struct csched *s, struct csched_vcpu *v)
{
    int cpu = -1;

    if (!v->dom)
        return -1;
    if (is_current(s, v)) {
        s->pcpu[v->cpu].curr = NULL;
        cpu = (int)v->cpu;
    }
    if (csched_vcpu_queued(v))
        link_del(&v->runq_elem);
    acct_stop(s, v);
    v->dom->nr_vcpus--;
    v->dom = NULL;
    v->state = CSCHED_BLOCKED;
    v->parked = false;
    return cpu;
}

/*
 * Xen's csched_unit_wake. The boost: a vCPU that wakes with credit to
 * spare (UNDER) goes ahead of everything not boosted. If it uses a fair
 * amount of CPU, a tick catches it running and takes the boost away; if it
 * only wakes, works briefly and blocks again (I/O), it stays boosted and
 * keeps low wake-to-run latency, without hurting fairness since it burns
 * credit like anyone. No boost for an OVER vCPU (it has overspent) nor
 * for a vCPU unparked after overspending its cap (csched_account queues
 * those itself).
 */
int csched_wake(struct csched *s, struct csched_vcpu *v, uint64_t now)
{
    uint64_t tickle;

    (void)now; /* credit1 needs no time here; the interface keeps it */
    if (!v->dom)
        return -1;
    v->state = CSCHED_RUNNABLE;
    if (is_current(s, v) || csched_vcpu_queued(v) || v->parked)
        return -1;
    if (v->pri == CSCHED_PRI_UNDER)
        v->pri = CSCHED_PRI_BOOST;
    tickle = enqueue(s, v);
    return tickle ? (int)v->cpu : -1;
}

/* Xen's csched_unit_sleep. */
int csched_sleep(struct csched *s, struct csched_vcpu *v)
{
    if (!v->dom)
        return -1;
    v->state = CSCHED_BLOCKED;
    if (is_current(s, v))
        return (int)v->cpu;
    if (csched_vcpu_queued(v))
        link_del(&v->runq_elem);
    return -1;
}

/* Xen's csched_unit_yield: acted on when the vCPU is next queued. */
void csched_yield(struct csched *s, struct csched_vcpu *v)
{
    (void)s;
    if (v->dom)
        v->yielding = true;
}

/*
 * A running vCPU is left where it is: its CPU, told to reschedule, moves
 * it (Xen sets _VPF_migrating). A queued one moves at once if its CPU is
 * no longer allowed or an idle CPU it may use exists; a blocked one just
 * belongs to an allowed CPU from now on.
 */
int csched_set_affinity(struct csched *s, struct csched_vcpu *v,
                        uint64_t mask)
{
    unsigned int cpu;

    if (!v->dom || !(mask & s->online))
        return -EINVAL;
    v->affinity = mask;
    if (is_current(s, v))
        return cpu_allowed(v, v->cpu) ? 0 : 1;
    cpu = pick_cpu(s, v);
    if (!csched_vcpu_queued(v)) {
        if (!cpu_allowed(v, v->cpu))
            v->cpu = cpu;
        return 0;
    }
    if (cpu == v->cpu)
        return 0;
    link_del(&v->runq_elem);
    runq_insert(s, v, cpu);
    return should_tickle(s, cpu, v) ? 1 : 0;
}

/*
 * Xen's csched_dom_cntl (putinfo), with absolute values: the hypercall
 * layer turns Xen's "0: keep the weight" and "~0: keep the cap" into the
 * current values before calling.
 */
int csched_set_params(struct csched *s, struct csched_dom *d,
                      unsigned int weight, unsigned int cap)
{
    if (!d->added || weight < CSCHED_MIN_WEIGHT ||
        weight > CSCHED_MAX_WEIGHT || cap > CSCHED_MAX_CAP)
        return -EINVAL;
    s->weight -= (uint64_t)d->weight * d->nr_active;
    s->weight += (uint64_t)weight * d->nr_active;
    d->weight = weight;
    d->cap = cap;
    return 0;
}

/*
 * Xen's csched_tick and csched_unit_acct. Only a vCPU found running at a
 * tick counts as active (earning credit): one that runs too little to be
 * caught keeps its credit and its boost. Xen does not preempt at a tick;
 * Keel does in the two cases where a wake would have: a boosted vCPU waits
 * behind one that has just lost its boost, or the running vCPU may no
 * longer run here.
 */
bool csched_tick(struct csched *s, unsigned int cpu, uint64_t now)
{
    struct csched_vcpu *v, *head;

    if (cpu >= s->nr_cpus || !(v = s->pcpu[cpu].curr))
        return false;
    if (v->pri == CSCHED_PRI_BOOST)
        v->pri = CSCHED_PRI_UNDER;
    burn_credits(v, now);
    acct_start(s, v);
    if (!csched_vcpu_eligible(v) || !cpu_allowed(v, cpu))
        return true;
    head = runq_head(s, cpu);
    return head && head->pri == CSCHED_PRI_BOOST;
}

/* Stop v running until a later period (Xen parks it by pausing it). */
static uint64_t park(struct csched *s, struct csched_vcpu *v)
{
    v->parked = true;
    if (csched_vcpu_queued(v))
        link_del(&v->runq_elem);
    return is_current(s, v) ? CPU_BIT(v->cpu) : 0;
}

/* v may run again; queued unboosted if it wants to run (Xen unpauses it). */
static uint64_t unpark(struct csched *s, struct csched_vcpu *v)
{
    v->parked = false;
    if (v->state != CSCHED_RUNNABLE || is_current(s, v) ||
        csched_vcpu_queued(v))
        return 0;
    return enqueue(s, v);
}

/*
 * Xen's csched_acct. Each period the CPUs' credit (300 each) is dealt out
 * to the active domains in proportion to weight x active vCPUs, rounding
 * up. A domain gets at most what its active vCPUs can burn in a period
 * (its "peak"), less if its cap says so; what it cannot use is handed on
 * to the domains after it in the list (and the domain goes to the list's
 * head, so next time the surplus is known before the others are served).
 * When the active vCPUs together ended the last period with negative
 * credit, that debt is added to what is dealt out, so the total converges
 * back to zero. Each vCPU then gets its domain's share split evenly:
 *  - credit < 0: OVER; parked if its domain is capped and it is more than
 *    its slice of the cap in debt; never below -300 (one period's debt).
 *  - credit >= 0: UNDER; unparked; above 300 it stops being active (it is
 *    not using its share) and its credit is halved, so it starts a little
 *    ahead when it becomes active again.
 */
uint64_t csched_account(struct csched *s, uint64_t now)
{
    uint64_t credit_total = (uint64_t)CSCHED_CREDITS_PER_TSLICE * s->nr_cpus;
    uint64_t weight_total = s->weight, weight_left = weight_total;
    uint64_t debt = s->credit_balance < 0 ?
                    (uint64_t)(-(int64_t)s->credit_balance) : 0;
    uint64_t tickle = 0;
    struct csched_link *dl, *dnext;
    int64_t balance = 0;
    bool extra = false;

    /* Bring the running vCPUs' credit up to now (Xen: up to a tick late). */
    for (unsigned int c = 0; c < s->nr_cpus; c++)
        if (s->pcpu[c].curr)
            burn_credits(s->pcpu[c].curr, now);

    if (weight_total == 0) {
        s->credit_balance = 0;
        return 0;
    }
    credit_total += debt;

    for (dl = s->active_doms.next; dl != &s->active_doms; dl = dnext) {
        struct csched_dom *d = link_entry(dl, struct csched_dom, active_elem);
        uint64_t dweight = (uint64_t)d->weight * d->nr_active;
        uint64_t peak = (uint64_t)d->nr_active * CSCHED_CREDITS_PER_TSLICE;
        uint64_t fair, vcap = 0;
        struct csched_link *vl, *vnext;

        dnext = dl->next;
        weight_left -= dweight;
        if (debt)
            peak += ceil_div(debt * dweight, weight_total);
        if (d->cap) {
            uint64_t dcap = ceil_div((uint64_t)d->cap *
                                     CSCHED_CREDITS_PER_TSLICE, 100);

            if (dcap < peak)
                peak = dcap;
            vcap = ceil_div(dcap, d->nr_active);
        }
        fair = ceil_div(credit_total * dweight, weight_total);
        if (fair < peak) {
            extra = true;
        } else {
            if (weight_left)
                credit_total += ceil_div((fair - peak) * weight_total,
                                         weight_left);
            if (extra) {
                link_del(&d->active_elem);
                link_insert_before(s->active_doms.next, &d->active_elem);
            }
            fair = peak;
        }
        fair = ceil_div(fair, d->nr_active);

        for (vl = d->active_vcpus.next; vl != &d->active_vcpus; vl = vnext) {
            struct csched_vcpu *v = link_entry(vl, struct csched_vcpu,
                                               active_elem);
            int64_t credit = (int64_t)v->credit + (int64_t)fair;

            vnext = vl->next;
            if (credit < 0) {
                v->pri = CSCHED_PRI_OVER;
                if (d->cap && credit < -(int64_t)vcap && !v->parked)
                    tickle |= park(s, v);
                if (credit < -CSCHED_CREDITS_PER_TSLICE)
                    credit = -CSCHED_CREDITS_PER_TSLICE;
            } else {
                v->pri = CSCHED_PRI_UNDER;
                if (v->parked)
                    tickle |= unpark(s, v);
                if (credit > CSCHED_CREDITS_PER_TSLICE) {
                    acct_stop(s, v);
                    credit /= 2;
                }
            }
            v->credit = (int)credit;
            balance += credit;
        }
    }
    if (balance < -(int64_t)(1 << 30))
        balance = -(int64_t)(1 << 30);
    if (balance > (int64_t)(1 << 30))
        balance = (int64_t)(1 << 30);
    s->credit_balance = (int)balance;

    for (unsigned int c = 0; c < s->nr_cpus; c++)
        runq_sort(s, c);
    return tickle;
}

/*
 * Xen's csched_schedule. The previous vCPU is charged and, if it may still
 * run here, queued again behind its equals (so equals take turns a slice
 * each). The head of the queue runs next, unless it is OVER or there is
 * none: then a better vCPU is stolen from another CPU if one may run
 * here (an OVER head tries at most once per CSCHED_BALANCE_RATELIMIT_NS;
 * an idle CPU always tries, where Xen rate-limits it too).
 */
uint64_t csched_do_schedule(struct csched *s, unsigned int cpu, uint64_t now,
                            struct csched_vcpu **next, uint64_t *slice_ns)
{
    struct csched_pcpu *pc;
    struct csched_vcpu *prev, *snext, *stolen;
    uint64_t tickle = 0;
    int pri;

    *next = NULL;
    *slice_ns = 0;
    if (cpu >= s->nr_cpus)
        return 0;
    pc = &s->pcpu[cpu];
    prev = pc->curr;
    if (prev) {
        burn_credits(prev, now);
        pc->curr = NULL;
        if (csched_vcpu_eligible(prev)) {
            if (cpu_allowed(prev, cpu))
                runq_insert(s, prev, cpu);
            else
                tickle |= enqueue(s, prev);
        }
    }

    snext = runq_head(s, cpu);
    pri = snext ? snext->pri : CSCHED_PRI_IDLE;
    if (pri == CSCHED_PRI_IDLE ||
        (pri <= CSCHED_PRI_OVER &&
         now >= pc->last_balance_ns + CSCHED_BALANCE_RATELIMIT_NS)) {
        if (pri != CSCHED_PRI_IDLE)
            pc->last_balance_ns = now;
        stolen = steal(s, cpu, pri);
        if (stolen)
            snext = stolen;
    }
    if (snext) {
        if (csched_vcpu_queued(snext))
            link_del(&snext->runq_elem);
        snext->cpu = cpu;
        snext->yielding = false;
        snext->start_ns = now;
        pc->curr = snext;
        *next = snext;
        *slice_ns = CSCHED_TSLICE_NS;
    }
    tickle |= idlers_for_queue(s, cpu);
    return tickle & ~CPU_BIT(cpu);
}
