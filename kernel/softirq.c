/* Softirqs: a pending bit per CPU and softirq, handled in number order. */
#include <keel/arch_irq.h>
#include <keel/grace.h>
#include <keel/percpu.h>
#include <keel/softirq.h>

static void (*handlers[NR_SOFTIRQS])(void);

void open_softirq(enum softirq nr, void (*fn)(void))
{
    handlers[nr] = fn;
}

void raise_softirq(enum softirq nr)
{
    __atomic_or_fetch(&this_cpu()->softirq_pending, 1u << nr, __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, enum softirq nr)
{
    __atomic_or_fetch(&percpu[cpu].softirq_pending, 1u << nr, __ATOMIC_SEQ_CST);
    if (cpu != smp_processor_id())
        arch_send_event_check(cpu);
}

void do_softirq(void)
{
    struct percpu *me = this_cpu();
    uint32_t pending;

    arch_irq_enable();
    while ((pending = __atomic_exchange_n(&me->softirq_pending, 0, __ATOMIC_SEQ_CST)))
        for (unsigned int nr = 0; nr < NR_SOFTIRQS; nr++)
            if ((pending & (1u << nr)) && handlers[nr])
                handlers[nr]();
}

/*
 * The last look for softirqs and the halt happen with interrupts off, and
 * arch_idle enables them and halts in one step: an interrupt that raises a
 * softirq after the look (the timer's, an IPI's) then ends the halt instead
 * of being handled just before it and left pending while the CPU sleeps.
 */
void idle_loop(void)
{
    for (;;) {
        do_softirq();
        cpu_quiescent();
        arch_irq_save();
        if (__atomic_load_n(&this_cpu()->softirq_pending, __ATOMIC_SEQ_CST))
            continue;       /* do_softirq turns interrupts back on */
        arch_idle();
    }
}
