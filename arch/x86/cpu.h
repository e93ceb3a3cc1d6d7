#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H

/* Allocate and map a CPU's stacks and GDT (run by the boot CPU). */
void cpu_prepare(unsigned int cpu);

/* On the CPU itself, on its own stack: load its tables, enable features. */
void cpu_init(unsigned int cpu);

/*
 * This CPU's GDT shows the guest's descriptor frames (nr of them, at
 * most FIRST_RESERVED_GDT_PAGE) in its guest pages, the zero frame in
 * the rest. The GDT register stays as it is: its base and limit never change.
 */
#include <stdint.h>
void cpu_load_guest_gdt(const uint64_t *mfns, unsigned int nr);

/* Count the CPU as online: the boot CPU waits for this. */
void cpu_mark_online(unsigned int cpu);

/* " NX SMEP SMAP PGE", as enabled on this CPU. */
const char *cpu_features(char *buf, unsigned long len);

/* Move the boot CPU from the boot stack to its stack block and call fn. */
void cpu_boot_stack_switch(void (*fn)(void)) __attribute__((noreturn));

#endif
