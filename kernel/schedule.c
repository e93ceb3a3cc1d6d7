/*
 * What each CPU runs: the credit scheduler's policy (kernel/sched_credit.c)
 * behind the calls of keel/sched.h. One lock covers the policy's state,
 * since a CPU may take work from another's queue. A vCPU that stops
 * running is saved before that lock is released, so that another CPU
 * that takes it finds its registers complete.
 *
 * Timers: each CPU running a vCPU ticks every 10 ms (credit is burnt),
 * CPU 0 does the 30 ms accounting, and a slice timer ends each turn.
 */
#include <keel/arch_irq.h>
#include <keel/console.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_time.h>
#include <keel/percpu.h>
#include <keel/sched.h>
#include <keel/sched_credit.h>
#include <keel/softirq.h>
#include <keel/spinlock.h>
#include <keel/time.h>
#include <keel/timers.h>
#include <keel/vcpu_op.h>
#include <keel/vcpu_timer.h>

static struct csched csched;
static spinlock_t sched_lock = SPINLOCK_INIT("scheduler");
static bool sched_ready;

static struct cpu_sched {
    struct vcpu *current;
    struct timer slice, tick;
} cpus[KEEL_MAX_CPUS];
static struct timer accounting;

struct vcpu *current_vcpu(void)
{
    return cpus[smp_processor_id()].current;
}

bool vcpu_runnable(const struct vcpu *v)
{
    return v->online && !v->blocked && v->domain->state == DOMAIN_RUNNING &&
           !v->domain->pause_count;
}

void sched_kick(unsigned int cpu)
{
    cpu_raise_softirq(cpu, SOFTIRQ_SCHEDULE);
}

static void kick_mask(uint64_t mask)
{
    for (unsigned int cpu = 0; mask; cpu++, mask >>= 1)
        if (mask & 1)
            sched_kick(cpu);
}

static struct vcpu *vcpu_of(struct csched_vcpu *sv)
{
    return sv ? (struct vcpu *)((char *)sv - __builtin_offsetof(struct vcpu, sched)) : NULL;
}

/* The policy may have moved v; Keel's record of where it runs follows. */
static void sync_processor(struct vcpu *v)
{
    v->processor = v->sched.cpu;
}

/* v's runnability changed: tell the policy, kick the CPU it names. */
static void update_runnable(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    int cpu = vcpu_runnable(v) ? csched_wake(&csched, &v->sched, NOW())
                               : csched_sleep(&csched, &v->sched);

    sync_processor(v);
    spin_unlock_irqrestore(&sched_lock, flags);
    if (cpu >= 0)
        sched_kick((unsigned int)cpu);
}

/* The policy learns of a domain when it first needs to: at its first
 * vCPU, or when the toolstack first asks for its parameters. Under the
 * lock. */
static struct csched_dom *sched_dom(struct domain *d)
{
    if (!d->sched.added)
        csched_add_domain(&csched, &d->sched);
    return &d->sched;
}

/* v joins with the hard affinity the toolstack may have given it already. */
void sched_add_vcpu(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    csched_add_vcpu(&csched, sched_dom(v->domain), &v->sched, v->processor);
    csched_set_affinity(&csched, &v->sched, v->affinity_hard);
    spin_unlock_irqrestore(&sched_lock, flags);
    update_runnable(v);
}

uint64_t sched_online_cpus(void)
{
    return csched.online;
}

/*
 * A vCPU the policy does not know yet (not built, or never brought up)
 * only needs its CPU to be an allowed one; the policy gets the mask when
 * it is added.
 */
int sched_set_affinity(struct vcpu *v, uint64_t mask, uint64_t *effective)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    uint64_t allowed = mask & csched.online;
    unsigned int cpu;
    int rc = 0;

    if (!allowed)
        rc = -EINVAL;
    else if (v->sched.dom)
        rc = csched_set_affinity(&csched, &v->sched, mask);
    else if (!(allowed >> v->processor & 1))
        v->processor = (unsigned int)__builtin_ctzll(allowed);
    if (rc >= 0) {
        v->affinity_hard = mask;
        *effective = allowed;
    }
    if (v->sched.dom)
        sync_processor(v);
    cpu = v->processor;
    spin_unlock_irqrestore(&sched_lock, flags);
    if (rc == 1)
        sched_kick(cpu);
    return rc < 0 ? rc : 0;
}

void sched_get_params(struct domain *d, unsigned int *weight, unsigned int *cap)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    const struct csched_dom *sd = sched_dom(d);

    *weight = sd->weight;
    *cap = sd->cap;
    spin_unlock_irqrestore(&sched_lock, flags);
}

int sched_set_params(struct domain *d, unsigned int weight, unsigned int cap)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    int rc = csched_set_params(&csched, sched_dom(d), weight, cap);

    spin_unlock_irqrestore(&sched_lock, flags);
    return rc;
}

void vcpu_wake(struct vcpu *v)
{
    if (!__atomic_exchange_n(&v->blocked, false, __ATOMIC_SEQ_CST))
        return;
    update_runnable(v);
}

/*
 * Blocked first, the condition looked at second: an event sender sets
 * what the condition reads and then calls vcpu_wake, so with both orders
 * sequentially consistent one side always sees the other and no wakeup
 * is lost between the check and the sleep (Xen's vcpu_block does the same).
 */
bool vcpu_block_unless(struct vcpu *v, bool (*ready)(struct vcpu *v, void *arg), void *arg)
{
    __atomic_store_n(&v->blocked, true, __ATOMIC_SEQ_CST);
    if (ready(v, arg)) {
        vcpu_wake(v);
        return true;
    }
    update_runnable(v);
    return false;
}

static bool upcall_pending(struct vcpu *v, void *arg)
{
    (void)arg;
    return __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST);
}

void vcpu_block(struct vcpu *v)
{
    vcpu_block_unless(v, upcall_pending, NULL);
}

void domain_update_runnable(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i] && d->vcpus[i]->sched.dom)
            update_runnable(d->vcpus[i]);
}

void domain_wait_descheduled(const struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        while (d->vcpus[i] && __atomic_load_n(&d->vcpus[i]->running, __ATOMIC_ACQUIRE))
            arch_cpu_relax();
}

void sched_remove_domain(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        int cpu = d->vcpus[i] ? csched_remove_vcpu(&csched, &d->vcpus[i]->sched) : -1;

        if (cpu >= 0)
            sched_kick((unsigned int)cpu);
    }
    if (d->sched.added)
        csched_remove_domain(&csched, &d->sched);
    spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_yield(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    csched_yield(&csched, &v->sched);
    spin_unlock_irqrestore(&sched_lock, flags);
    sched_kick(v->processor);
}

static void slice_expired(void *data)
{
    (void)data;
    raise_softirq(SOFTIRQ_SCHEDULE);
}

static void tick(void *data)
{
    unsigned int cpu = smp_processor_id();
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    bool resched = csched_tick(&csched, cpu, NOW());

    spin_unlock_irqrestore(&sched_lock, flags);
    (void)data;
    if (resched)
        raise_softirq(SOFTIRQ_SCHEDULE);
    if (cpus[cpu].current) {
        /* Guests extrapolate their clock from the last sample: keep it fresh. */
        update_vcpu_time(cpus[cpu].current);
        set_timer(&cpus[cpu].tick, cpu, NOW() + CSCHED_TICK_NS);
    }
}

static void account(void *data)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    uint64_t tickle = csched_account(&csched, NOW());

    spin_unlock_irqrestore(&sched_lock, flags);
    (void)data;
    kick_mask(tickle);
    set_timer(&accounting, 0, NOW() + CSCHED_TSLICE_NS);
}

static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct cpu_sched *c = &cpus[cpu];
    struct vcpu *prev = c->current, *next;
    struct csched_vcpu *picked;
    uint64_t now = NOW(), slice, tickle;
    unsigned long flags;

    if (!sched_ready)
        return;
    flags = spin_lock_irqsave(&sched_lock);
    tickle = csched_do_schedule(&csched, cpu, now, &picked, &slice);
    next = vcpu_of(picked);
    if (next)
        sync_processor(next);
    if (prev && prev != next) {
        arch_save_vcpu(prev);
        prev->running = false;
        vcpu_runstate_change(prev, !vcpu_runnable(prev) ? (prev->online ? RUNSTATE_blocked
                                                                     : RUNSTATE_offline)
                                                        : RUNSTATE_runnable, now);
        vcpu_runstate_publish(prev); /* its page tables are still loaded */
    }
    spin_unlock_irqrestore(&sched_lock, flags);
    kick_mask(tickle);

    if (next == prev) {
        if (next)
            set_timer(&c->slice, cpu, now + slice);
        return;
    }
    c->current = next;
    /* Outside sched_lock: a periodic tick may wake a vCPU, which takes it;
     * so prev may be running elsewhere already (vcpu_timers_leave knows). */
    if (prev)
        vcpu_timers_leave(prev);
    if (!next) {
        stop_timer(&c->slice);
        stop_timer(&c->tick);
        arch_enter_idle();
    }
    next->running = true;
    vcpu_runstate_change(next, RUNSTATE_running, now);
    update_vcpu_time(next);
    vcpu_timers_arrive(next);
    set_timer(&c->slice, cpu, now + slice);
    if (!prev)
        set_timer(&c->tick, cpu, now + CSCHED_TICK_NS);
    arch_enter_vcpu(next);
}

void sched_check_current(void)
{
    struct vcpu *v = current_vcpu();

    if (v && !vcpu_runnable(v))
        schedule();
}

void sched_dump_cpu(unsigned int cpu)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    const struct csched_pcpu *p = &csched.pcpu[cpu];
    const struct vcpu *cur = cpus[cpu].current;
    unsigned int queued = 0;

    for (const struct csched_link *l = p->runq.next; l != &p->runq; l = l->next)
        queued++;
    spin_unlock_irqrestore(&sched_lock, flags);
    if (cur)
        kinfo("   running d%uv%u (credit %d)\n", cur->domain->domid, cur->id,
              cur->sched.credit);
    else
        kinfo("   idle\n");
    kinfo("   %u vCPUs queued\n", queued);
}

void sched_init_cpu(unsigned int cpu)
{
    timer_init(&cpus[cpu].slice, slice_expired, NULL);
    timer_init(&cpus[cpu].tick, tick, NULL);
    if (cpu == 0)
        open_softirq(SOFTIRQ_SCHEDULE, schedule);
}

void sched_start(unsigned int nr_cpus)
{
    if (csched_init(&csched, nr_cpus))
        kerr("scheduler: cannot manage %u CPUs\n", nr_cpus);
    timer_init(&accounting, account, NULL);
    set_timer(&accounting, 0, NOW() + CSCHED_TSLICE_NS);
    sched_ready = true;
    kinfo("Scheduler: credit, %u CPUs, %llu ms slices\n", nr_cpus,
          (unsigned long long)(CSCHED_TSLICE_NS / 1000000));
}
