/*
 * Interrupt dispatch: one handler per vector. Every vector from the LAPIC
 * is acknowledged after its handler, except the spurious vector, which the
 * architecture says must not be.
 */
#include <stdbool.h>
#include <keel/console.h>
#include <keel/percpu.h>
#include "apic.h"
#include "irq.h"

static irq_handler_fn handlers[256];

void set_irq_handler(unsigned int vector, irq_handler_fn fn)
{
    handlers[vector & 0xff] = fn;
}

void do_irq(struct cpu_regs *regs)
{
    unsigned int vector = (unsigned int)regs->vector;
    irq_handler_fn fn = handlers[vector];

    if (fn)
        fn(regs);
    else if (vector != VECTOR_SPURIOUS)
        kwarn("CPU%u: unexpected interrupt on vector %#x\n", smp_processor_id(), vector);
    if (vector != VECTOR_SPURIOUS && vector != VECTOR_NMI)
        apic_eoi();
}
