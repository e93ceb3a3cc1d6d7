#ifndef ARCH_X86_SMPBOOT_H
#define ARCH_X86_SMPBOOT_H

struct platform_info;

/* Start every other CPU the platform lists. */
void smp_boot_cpus(const struct platform_info *pi);

#endif
