#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

/* Load the IDT: from here on a fault in Keel panics readably. */
void traps_init(void);

#endif
