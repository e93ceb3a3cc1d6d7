/* Interrupt vectors and their handlers. */
#ifndef ARCH_X86_IRQ_H
#define ARCH_X86_IRQ_H

#include <stdbool.h>
#include <asm/regs.h>

/* Legacy ISA IRQ n (through the IOAPIC) arrives on IRQ_VECTOR_BASE + n. */
#define IRQ_VECTOR_BASE      0x20
#define VECTOR_TIMER         0xf0  /* LAPIC timer */
#define VECTOR_EVENT_CHECK   0xf1  /* IPI: look for softirqs */
#define VECTOR_CALL_FUNCTION 0xf2  /* IPI: run a function (TLB flush, dumps) */
#define VECTOR_APIC_ERROR    0xfe
#define VECTOR_SPURIOUS      0xff
#define VECTOR_NMI           2

typedef void (*irq_handler_fn)(struct cpu_regs *regs);

/* Install the handler for a vector (before the source is unmasked). */
void set_irq_handler(unsigned int vector, irq_handler_fn fn);

/* Called from do_trap for NMI and vectors 32-255. */
void do_irq(struct cpu_regs *regs);

static inline void local_irq_enable(void)
{
    asm volatile("sti" ::: "memory");
}

static inline void local_irq_disable(void)
{
    asm volatile("cli" ::: "memory");
}

static inline unsigned long local_irq_save(void)
{
    unsigned long flags;

    asm volatile("pushf; pop %0; cli" : "=r"(flags) : : "memory");
    return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
    asm volatile("push %0; popf" : : "r"(flags) : "memory", "cc");
}

static inline bool local_irq_is_enabled(void)
{
    unsigned long flags;

    asm volatile("pushf; pop %0" : "=r"(flags));
    return flags & (1ul << 9);
}

#endif
