/*
 * Resetting, powering off and halting the machine. Reset tries, in order:
 * the ACPI reset register, the keyboard controller, the PCI reset control
 * register, and a triple fault as the last resort. Power-off uses ACPI's
 * S5 sleep state from the DSDT; without it, Keel halts.
 */
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/page.h>
#include <keel/acpi.h>
#include <keel/console.h>
#include <keel/panic.h>
#include <keel/time.h>
#include "reboot.h"

#define KBC_STATUS 0x64
#define KBC_CMD_RESET 0xfe
#define PCI_RESET_CONTROL 0xcf9
#define PM1_SLP_EN (1u << 13)
#define PM1_SLP_TYP_SHIFT 10

static const struct platform_info *platform;

void reboot_init(const struct platform_info *pi)
{
    platform = pi;
}

void machine_halt(void)
{
    halt_forever();
}

static void acpi_reset(void)
{
    const struct acpi_gas *r;

    if (!platform || !platform->reset_supported)
        return;
    r = &platform->reset_reg;
    if (r->space_id == ACPI_SPACE_IO) {
        outb((uint16_t)r->address, platform->reset_value);
    } else if (r->space_id == ACPI_SPACE_MEMORY) {
        volatile uint8_t *reg = ioremap(r->address, 1);

        if (reg)
            *reg = platform->reset_value;
    }
    udelay(50000);
}

void machine_restart(void)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) no_idt = { 0, 0 };

    console_force_sync();
    if (platform && platform->reset_supported)
        kinfo("reboot: through the ACPI reset register\n");
    acpi_reset();
    for (int i = 0; i < 10000 && (inb(KBC_STATUS) & 0x02); i++)
        udelay(10);
    outb(KBC_STATUS, KBC_CMD_RESET);
    udelay(50000);
    outb(PCI_RESET_CONTROL, 0x02);
    outb(PCI_RESET_CONTROL, 0x06);
    udelay(50000);
    asm volatile("lidt %0; int3" : : "m"(no_idt));
    halt_forever();
}

void machine_power_off(void)
{
    console_force_sync();
    if (platform && platform->s5_valid && platform->pm1a_cnt) {
        asm volatile("cli");
        outw((uint16_t)platform->pm1a_cnt,
             (uint16_t)(platform->slp_typa << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
        if (platform->pm1b_cnt)
            outw((uint16_t)platform->pm1b_cnt,
                 (uint16_t)(platform->slp_typb << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
        udelay(100000);
    }
    kerr("power-off: ACPI S5 did not work; halting\n");
    machine_halt();
}
