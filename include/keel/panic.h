/* Fatal errors: report, then reboot (or halt with `noreboot`). */
#ifndef KEEL_PANIC_H
#define KEEL_PANIC_H

#include <stdarg.h>
#include <stdbool.h>

struct cpu_regs;

void panic(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

/* Panic for a trap: regs are what the CPU had when it trapped. */
void panic_regs(const struct cpu_regs *regs, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

/* Whether a panic halts instead of rebooting. */
void panic_set_noreboot(bool noreboot);

/* Provided by the architecture. */
void arch_show_regs(const struct cpu_regs *regs);
void arch_show_trace(const struct cpu_regs *regs);
void machine_restart(void) __attribute__((noreturn));
void machine_halt(void) __attribute__((noreturn));
void machine_power_off(void) __attribute__((noreturn));

#endif
