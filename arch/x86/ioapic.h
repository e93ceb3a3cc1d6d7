/* IOAPICs: routing legacy IRQs (and later dom0's GSIs) to vectors. */
#ifndef ARCH_X86_IOAPIC_H
#define ARCH_X86_IOAPIC_H

#include <stdint.h>

struct platform_info;

/* Map every IOAPIC the platform lists and mask all of its pins. */
void ioapic_init(const struct platform_info *pi);

/*
 * Route ISA IRQ `irq` (honouring the MADT's overrides) to `vector` on the
 * CPU with APIC ID `dest`, unmasked. Returns the GSI, or -1 if no IOAPIC
 * serves it.
 */
int ioapic_route_isa_irq(unsigned int irq, unsigned int vector, uint32_t dest);

/* Mask the legacy 8259 PICs, after moving their vectors out of the way. */
void i8259_disable(void);

#endif
