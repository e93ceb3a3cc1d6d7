/*
 * Per-CPU timer queues. Each queue is protected by its CPU's lock, taken
 * with interrupts off, because another CPU may arm or stop a timer on it.
 * After every change the CPU's hardware timer is programmed for the
 * earliest expiry.
 */
#include <keel/arch_irq.h>
#include <keel/console.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/softirq.h>
#include <keel/spinlock.h>
#include <keel/time.h>
#include <keel/timers.h>

#define TIMERS_PER_CPU 1024

static struct cpu_timers {
    spinlock_t lock;
    struct timer_queue queue;
    struct timer *slots[TIMERS_PER_CPU];
} cpu_timers[KEEL_MAX_CPUS];

/* Reprogram only from the owning CPU: the hardware timer is per-CPU. */
static void reprogram(unsigned int cpu)
{
    if (cpu == smp_processor_id())
        arch_timer_program(timer_queue_next_expiry(&cpu_timers[cpu].queue));
    else
        cpu_raise_softirq(cpu, SOFTIRQ_TIMER);
}

/*
 * t->cpu is written under the lock of the queue t joins and read by the
 * timer's serialised owner only, so it names the queue to look in; the
 * queue itself says whether t is still there (it may have just fired).
 */
void stop_timer(struct timer *t)
{
    struct cpu_timers *ct = &cpu_timers[t->cpu];
    unsigned long flags = spin_lock_irqsave(&ct->lock);

    timer_queue_remove(&ct->queue, t);
    spin_unlock_irqrestore(&ct->lock, flags);
}

void set_timer(struct timer *t, unsigned int cpu, uint64_t expires)
{
    struct cpu_timers *ct = &cpu_timers[cpu];
    unsigned long flags;
    int rc;

    if (t->cpu != cpu)
        stop_timer(t); /* a queue holds only its own CPU's timers */
    flags = spin_lock_irqsave(&ct->lock);
    rc = timer_queue_add(&ct->queue, t, expires);
    if (!rc)
        t->cpu = cpu;
    spin_unlock_irqrestore(&ct->lock, flags);
    if (rc)
        panic("timers: CPU%u has no room for another timer", cpu);
    reprogram(cpu);
}

/*
 * Due timers run with the lock dropped, so a callback may arm timers; the
 * queue pops one at a time, so dropping it between timers is safe.
 */
static void timer_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    struct cpu_timers *ct = &cpu_timers[cpu];
    unsigned long flags;

    for (;;) {
        struct timer *t;

        flags = spin_lock_irqsave(&ct->lock);
        t = timer_queue_peek(&ct->queue);
        if (!t || t->expires > NOW())
            break;
        timer_queue_remove(&ct->queue, t);
        spin_unlock_irqrestore(&ct->lock, flags);
        t->fn(t->data);
    }
    arch_timer_program(timer_queue_next_expiry(&ct->queue));
    spin_unlock_irqrestore(&ct->lock, flags);
}

void timer_interrupt(void)
{
    raise_softirq(SOFTIRQ_TIMER);
}

void timers_init_cpu(unsigned int cpu)
{
    struct cpu_timers *ct = &cpu_timers[cpu];

    ct->lock = (spinlock_t)SPINLOCK_INIT("timers");
    timer_queue_init(&ct->queue, ct->slots, TIMERS_PER_CPU);
    if (cpu == 0)
        open_softirq(SOFTIRQ_TIMER, timer_softirq);
}

unsigned int timers_pending(unsigned int cpu)
{
    return cpu_timers[cpu].queue.count;
}
