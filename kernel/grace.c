/* Grace periods (see keel/grace.h). */
#include <keel/grace.h>
#include <keel/percpu.h>
#include <keel/softirq.h>

static uint64_t quiescent[KEEL_MAX_CPUS];

/* On every return to a guest: only this CPU writes its counter, so a
 * plain release store does, without a locked add. */
void cpu_quiescent(void)
{
    uint64_t *q = &quiescent[smp_processor_id()];

    __atomic_store_n(q, *q + 1, __ATOMIC_RELEASE);
}

void grace_start(struct grace *g)
{
    unsigned int self = smp_processor_id();

    for (unsigned int cpu = 0; cpu < KEEL_MAX_CPUS; cpu++) {
        g->seen[cpu] = __atomic_load_n(&quiescent[cpu], __ATOMIC_ACQUIRE);
        /* An idle CPU sleeps until an interrupt: wake it to pass by. */
        if (cpu != self && percpu[cpu].online)
            cpu_raise_softirq(cpu, SOFTIRQ_TIMER);
    }
}

bool grace_elapsed(const struct grace *g)
{
    unsigned int self = smp_processor_id();

    for (unsigned int cpu = 0; cpu < KEEL_MAX_CPUS; cpu++)
        if (cpu != self && percpu[cpu].online &&
            __atomic_load_n(&quiescent[cpu], __ATOMIC_ACQUIRE) == g->seen[cpu])
            return false;
    return true;
}
