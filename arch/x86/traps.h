#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

/* Build and load the IDT: from here on a fault in Keel panics readably. */
void traps_init(void);

/* Point every gate at Keel's own code selector, once CPUs use Keel's GDT. */
void traps_use_keel_gdt(void);

/* The general registers of a frame (no control registers: they may not
 * be this CPU's, as for a vCPU's saved frame). */
struct cpu_regs;
void show_gprs(const struct cpu_regs *r);

/* Load the (shared) IDT on this CPU. */
void traps_load(void);

#endif
