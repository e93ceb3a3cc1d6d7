/* The local APIC, in xAPIC (MMIO) or x2APIC (MSR) mode. */
#ifndef ARCH_X86_APIC_H
#define ARCH_X86_APIC_H

#include <stdbool.h>
#include <stdint.h>

/* On the boot CPU: choose the mode, map the registers, enable the APIC. */
void apic_init_bsp(uint64_t lapic_addr);

/* On each other CPU, in the mode the boot CPU chose. */
void apic_init_ap(void);

uint32_t apic_id(void);
bool apic_is_x2apic(void);
void apic_eoi(void);

void apic_send_ipi(uint32_t apic_id, unsigned int vector);

/* INIT, then two STARTUPs at physical page `page` (below 1 MiB). */
void apic_start_cpu(uint32_t apic_id, uint64_t page);

/* Measure the APIC timer against the TSC; choose TSC-deadline if present. */
void apic_timer_init(void);

/* Fire VECTOR_TIMER once, at TSC value `deadline` (0: cancel). */
void apic_timer_set(uint64_t deadline);

/* "TSC-deadline" or "one-shot, N kHz" for the log. */
const char *apic_timer_mode(void);

#endif
