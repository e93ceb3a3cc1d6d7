/* The one way Keel dies: say why, show where, then reboot or halt. */
#include <keel/console.h>
#include <keel/panic.h>
#include <keel/time.h>
#include <asm/regs.h>

#define REBOOT_DELAY_S 5

static bool halt_on_panic;
static bool panicking;

void panic_set_noreboot(bool noreboot)
{
    halt_on_panic = noreboot;
}

static __attribute__((noreturn)) void vpanic(const struct cpu_regs *regs,
                                             const char *fmt, va_list ap)
{
    if (panicking)   /* a fault while reporting: stop, don't recurse */
        machine_halt();
    panicking = true;
    console_force_unlock();
    console_force_sync();

    printk(LOGLVL_NONE, "PANIC on CPU 0: ");
    vprintk(LOGLVL_NONE, fmt, ap);
    printk(LOGLVL_NONE, "\n");
    arch_show_regs(regs);
    arch_show_trace(regs);
    if (halt_on_panic) {
        printk(LOGLVL_NONE, "noreboot: halting\n");
        machine_halt();
    }
    printk(LOGLVL_NONE, "Rebooting in %d seconds...\n", REBOOT_DELAY_S);
    udelay(REBOOT_DELAY_S * 1000000ull);
    machine_restart();
}

void panic_regs(const struct cpu_regs *regs, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vpanic(regs, fmt, ap);
}

void panic(const char *fmt, ...)
{
    struct cpu_regs regs;
    va_list ap;

    arch_save_regs(&regs);
    va_start(ap, fmt);
    vpanic(&regs, fmt, ap);
}
