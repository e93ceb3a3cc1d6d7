/*
 * What arch-neutral code may ask of the CPU's interrupt state; the
 * architecture provides these (arch/x86/irq.h implements them inline).
 */
#ifndef KEEL_ARCH_IRQ_H
#define KEEL_ARCH_IRQ_H

#include <stdbool.h>
#include <stdint.h>

bool arch_irq_enabled(void);
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
void arch_irq_enable(void);
void arch_cpu_relax(void);

/* Interrupt another CPU so that it looks at its pending softirqs. */
void arch_send_event_check(unsigned int cpu);

/* Program this CPU's timer to interrupt at `ns` since boot (UINT64_MAX: never). */
void arch_timer_program(uint64_t ns);

/* Sleep until the next interrupt, with interrupts enabled atomically. */
void arch_idle(void);

#endif
