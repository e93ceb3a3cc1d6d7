/*
 * Inter-processor interrupts. A cross-CPU call uses one slot guarded by a
 * lock: callers are rare (debug keys, TLB shootdowns), so they take turns,
 * which keeps the protocol simple: publish, interrupt, wait for the ack.
 */
#include <asm/cpu.h>
#include <asm/regs.h>
#include <keel/arch_irq.h>
#include <keel/console.h>
#include <keel/keyhandler.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/smp.h>
#include <keel/softirq.h>
#include <keel/spinlock.h>
#include <keel/time.h>
#include "apic.h"
#include "irq.h"
#include "smp.h"

#define CALL_TIMEOUT_NS 1000000000ull

static spinlock_t call_lock = SPINLOCK_INIT("smp_call");
static struct {
    smp_call_fn fn;
    void *data;
    volatile bool done;
} call;

void arch_send_event_check(unsigned int cpu)
{
    apic_send_ipi(percpu[cpu].arch.apic_id, VECTOR_EVENT_CHECK);
}

static void event_check_interrupt(struct cpu_regs *regs)
{
    (void)regs; /* the pending softirqs run on the way to idle */
}

static void call_function_interrupt(struct cpu_regs *regs)
{
    call.fn(call.data, regs);
    __atomic_store_n(&call.done, true, __ATOMIC_RELEASE);
}

bool smp_call_on_cpu(unsigned int cpu, smp_call_fn fn, void *data)
{
    uint64_t deadline = NOW() + CALL_TIMEOUT_NS;
    bool answered = true;

    spin_lock(&call_lock);
    call.fn = fn;
    call.data = data;
    call.done = false;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    apic_send_ipi(percpu[cpu].arch.apic_id, VECTOR_CALL_FUNCTION);
    while (!__atomic_load_n(&call.done, __ATOMIC_ACQUIRE)) {
        if (NOW() > deadline) {
            answered = false;
            break;
        }
        cpu_relax();
    }
    spin_unlock(&call_lock);
    return answered;
}

static void flush_local(void *data, const struct cpu_regs *regs)
{
    (void)data;
    (void)regs;
    write_cr3(read_cr3());
}

void flush_tlb_all(void)
{
    unsigned int me = smp_processor_id();

    for (unsigned int cpu = 0; cpu < KEEL_MAX_CPUS; cpu++)
        if (percpu[cpu].online && cpu != me && !smp_call_on_cpu(cpu, flush_local, NULL))
            kerr("TLB flush: CPU%u did not answer\n", cpu);
    flush_local(NULL, NULL);
}

static void dump_this_cpu(void *data, const struct cpu_regs *regs)
{
    (void)data;
    kinfo("*** Dumping CPU%u state ***\n", smp_processor_id());
    arch_show_regs(regs);
    arch_show_trace(regs);
}

void arch_dump_all_cpus(void)
{
    unsigned int me = smp_processor_id();
    struct cpu_regs regs;

    for (unsigned int cpu = 0; cpu < KEEL_MAX_CPUS; cpu++) {
        if (!percpu[cpu].online)
            continue;
        if (cpu == me) {
            arch_save_regs(&regs);
            dump_this_cpu(NULL, &regs);
        } else if (!smp_call_on_cpu(cpu, dump_this_cpu, NULL)) {
            kerr("*** CPU%u did not answer ***\n", cpu);
        }
    }
}

void smp_init_ipis(void)
{
    set_irq_handler(VECTOR_EVENT_CHECK, event_check_interrupt);
    set_irq_handler(VECTOR_CALL_FUNCTION, call_function_interrupt);
}

/* ---- arch hooks for arch-neutral code (keel/arch_irq.h) ---- */

bool arch_irq_enabled(void)
{
    return local_irq_is_enabled();
}

unsigned long arch_irq_save(void)
{
    return local_irq_save();
}

void arch_irq_restore(unsigned long flags)
{
    local_irq_restore(flags);
}

void arch_irq_enable(void)
{
    local_irq_enable();
}

void arch_cpu_relax(void)
{
    cpu_relax();
}

void arch_idle(void)
{
    /* STI's one-instruction shadow makes "enable, then halt" atomic. */
    asm volatile("sti; hlt" ::: "memory");
}

void arch_timer_program(uint64_t ns)
{
    if (ns == UINT64_MAX) {
        apic_timer_set(0);
        return;
    }
    apic_timer_set(ns_to_tsc(ns));
}
