#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

/* Build and load the IDT: from here on a fault in Keel panics readably. */
void traps_init(void);

/* Point every gate at Keel's own code selector, once CPUs use Keel's GDT. */
void traps_use_keel_gdt(void);

/* Load the (shared) IDT on this CPU. */
void traps_load(void);

#endif
