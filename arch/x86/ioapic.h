/* IOAPICs: routing legacy IRQs (and later dom0's GSIs) to vectors. */
#ifndef ARCH_X86_IOAPIC_H
#define ARCH_X86_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

struct platform_info;

/* GSIs Keel can hand to dom0 (and tracks as its own) are below this. */
#define IOAPIC_MAX_GSIS 128

/* How a GSI signals: edge or level, active high or low. */
struct gsi_mode {
    bool level;
    bool active_low;
};

/* Map every IOAPIC the platform lists and mask all of its pins. */
void ioapic_init(const struct platform_info *pi);

/*
 * Route ISA IRQ `irq` (honouring the MADT's overrides) to `vector` on the
 * CPU with APIC ID `dest`, unmasked. Returns the GSI, or -1 if no IOAPIC
 * serves it.
 */
int ioapic_route_isa_irq(unsigned int irq, unsigned int vector, uint32_t dest);

/* Whether an IOAPIC pin serves gsi. */
bool ioapic_gsi_exists(uint32_t gsi);

/* Whether Keel routed gsi for itself with ioapic_route_isa_irq. */
bool ioapic_gsi_is_keels(uint32_t gsi);

/*
 * The mode the platform gives gsi: an MADT override naming it, else ISA's
 * edge/high below 16 and PCI's level/low above.
 */
void ioapic_gsi_default_mode(uint32_t gsi, struct gsi_mode *mode);

/* Route gsi to vector on APIC ID dest, left masked; -1 if no pin. */
int ioapic_route_gsi(uint32_t gsi, unsigned int vector, uint32_t dest,
                     const struct gsi_mode *mode);

/* Mask or unmask gsi's pin (nothing if there is none). */
void ioapic_mask_gsi(uint32_t gsi, bool masked);

/* Mask the legacy 8259 PICs, after moving their vectors out of the way. */
void i8259_disable(void);

#endif
