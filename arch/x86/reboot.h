#ifndef ARCH_X86_REBOOT_H
#define ARCH_X86_REBOOT_H

struct platform_info;

/* Use the platform's ACPI reset register and S5 state from now on. */
void reboot_init(const struct platform_info *pi);

#endif
