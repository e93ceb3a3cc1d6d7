/*
 * Per-CPU run queues and the switch between vCPUs (see keel/sched.h).
 * Each CPU's queue is a ring of the vCPUs placed on it; only that CPU
 * changes its current vCPU.
 */
#include <keel/console.h>
#include <keel/domain.h>
#include <keel/guest_time.h>
#include <keel/percpu.h>
#include <keel/sched.h>
#include <keel/softirq.h>
#include <keel/spinlock.h>
#include <keel/time.h>
#include <keel/timers.h>

#define SLICE_NS 30000000ull
#define MAX_QUEUED (MAX_VIRT_CPUS * 4)

static struct run_queue {
    spinlock_t lock;
    struct vcpu *vcpus[MAX_QUEUED];
    unsigned int nr, next;
    struct vcpu *current;
    struct timer slice;
} queues[KEEL_MAX_CPUS];

struct vcpu *current_vcpu(void)
{
    return queues[smp_processor_id()].current;
}

void set_current_vcpu(struct vcpu *v)
{
    queues[smp_processor_id()].current = v;
}

bool vcpu_runnable(const struct vcpu *v)
{
    return v->online && !v->blocked && v->domain->state == DOMAIN_RUNNING;
}

void sched_kick(unsigned int cpu)
{
    cpu_raise_softirq(cpu, SOFTIRQ_SCHEDULE);
}

static void slice_expired(void *data)
{
    (void)data;
    raise_softirq(SOFTIRQ_SCHEDULE);
}

void sched_add_vcpu(struct vcpu *v)
{
    struct run_queue *q = &queues[v->processor];
    unsigned long flags = spin_lock_irqsave(&q->lock);

    if (q->nr < MAX_QUEUED)
        q->vcpus[q->nr++] = v;
    spin_unlock_irqrestore(&q->lock, flags);
    sched_kick(v->processor);
}

void vcpu_wake(struct vcpu *v)
{
    if (!v->blocked)
        return;
    v->blocked = false;
    sched_kick(v->processor);
}

/* The next runnable vCPU after the current one, round robin; NULL: idle. */
static struct vcpu *pick_next(struct run_queue *q)
{
    for (unsigned int i = 0; i < q->nr; i++) {
        struct vcpu *v = q->vcpus[(q->next + i) % q->nr];

        if (vcpu_runnable(v)) {
            q->next = (q->next + i + 1) % q->nr;
            return v;
        }
    }
    return NULL;
}

static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct run_queue *q = &queues[cpu];
    struct vcpu *prev = q->current, *next;
    unsigned long flags = spin_lock_irqsave(&q->lock);

    next = pick_next(q);
    spin_unlock_irqrestore(&q->lock, flags);
    if (next == prev && (!prev || vcpu_runnable(prev))) {
        if (prev)
            set_timer(&q->slice, cpu, NOW() + SLICE_NS);
        return;
    }
    if (prev) {
        arch_save_vcpu(prev);
        prev->running = false;
    }
    q->current = next;
    if (!next)
        arch_enter_idle();
    next->running = true;
    update_vcpu_time(next);
    set_timer(&q->slice, cpu, NOW() + SLICE_NS);
    arch_enter_vcpu(next);
}

void sched_check_current(void)
{
    struct vcpu *v = current_vcpu();

    if (v && !vcpu_runnable(v))
        schedule();
}

void sched_init_cpu(unsigned int cpu)
{
    struct run_queue *q = &queues[cpu];

    q->lock = (spinlock_t)SPINLOCK_INIT("runq");
    timer_init(&q->slice, slice_expired, NULL);
    if (cpu == 0)
        open_softirq(SOFTIRQ_SCHEDULE, schedule);
}
