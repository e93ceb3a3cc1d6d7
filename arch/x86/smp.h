#ifndef ARCH_X86_SMP_H
#define ARCH_X86_SMP_H

/* Install the IPI handlers (once, on the boot CPU). */
void smp_init_ipis(void);

#endif
