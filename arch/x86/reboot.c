/*
 * Resetting and halting the machine. ACPI's reset register comes with the
 * ACPI tables; until then: the keyboard controller, the PCI reset control
 * register, and a triple fault as the last resort.
 */
#include <asm/cpu.h>
#include <asm/io.h>
#include <keel/panic.h>
#include <keel/time.h>

#define KBC_STATUS 0x64
#define KBC_CMD_RESET 0xfe
#define PCI_RESET_CONTROL 0xcf9

void machine_halt(void)
{
    halt_forever();
}

void machine_restart(void)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) no_idt = { 0, 0 };

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
