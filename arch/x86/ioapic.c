/*
 * IOAPIC programming and the legacy PIC. Each IOAPIC serves the GSIs from
 * its base up to its number of pins; ISA IRQs map to GSIs one-to-one unless
 * the MADT overrides them, and default to edge-triggered, active high.
 */
#include <asm/io.h>
#include <keel/acpi.h>
#include <keel/console.h>
#include <asm/page.h>
#include "ioapic.h"

#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_REDIR   0x10
#define REDIR_MASKED       (1u << 16)
#define REDIR_LEVEL        (1u << 15)
#define REDIR_ACTIVE_LOW   (1u << 13)

/* MPS INTI flags in MADT overrides. */
#define INTI_POLARITY_MASK 0x3
#define INTI_ACTIVE_LOW    0x3
#define INTI_TRIGGER_MASK  0xc
#define INTI_LEVEL         0xc

#define MAX_IOAPICS 8

static struct ioapic {
    volatile uint32_t *regs;
    uint32_t gsi_base;
    unsigned int pins;
} ioapics[MAX_IOAPICS];
static unsigned int nr_ioapics;
static const struct platform_info *platform;

static uint32_t ioapic_read(struct ioapic *io, uint32_t reg)
{
    io->regs[0] = reg;
    return io->regs[4];
}

static void ioapic_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
    io->regs[0] = reg;
    io->regs[4] = v;
}

static void write_redir(struct ioapic *io, unsigned int pin, uint32_t lo, uint32_t dest)
{
    /* Masked while the halves disagree. */
    ioapic_write(io, IOAPIC_REG_REDIR + 2 * pin, REDIR_MASKED);
    ioapic_write(io, IOAPIC_REG_REDIR + 2 * pin + 1, dest << 24);
    ioapic_write(io, IOAPIC_REG_REDIR + 2 * pin, lo);
}

void ioapic_init(const struct platform_info *pi)
{
    platform = pi;
    for (unsigned int i = 0; i < pi->nr_ioapics && nr_ioapics < MAX_IOAPICS; i++) {
        struct ioapic *io = &ioapics[nr_ioapics];

        io->regs = ioremap(pi->ioapics[i].addr, PAGE_SIZE);
        if (!io->regs) {
            kwarn("IOAPIC %u: cannot map %#x; ignored\n", pi->ioapics[i].id,
                  pi->ioapics[i].addr);
            continue;
        }
        io->pins = ((ioapic_read(io, IOAPIC_REG_VERSION) >> 16) & 0xff) + 1;
        /* An MP table gives no GSI base: IOAPICs then number on in order. */
        io->gsi_base = pi->ioapics[i].gsi_base != PLATFORM_GSI_UNKNOWN
                           ? pi->ioapics[i].gsi_base
                           : nr_ioapics ? io[-1].gsi_base + io[-1].pins : 0;
        for (unsigned int pin = 0; pin < io->pins; pin++)
            write_redir(io, pin, REDIR_MASKED, 0);
        kinfo("IOAPIC %u at %#x: GSIs %u-%u\n", pi->ioapics[i].id, pi->ioapics[i].addr,
              io->gsi_base, io->gsi_base + io->pins - 1);
        nr_ioapics++;
    }
}

int ioapic_route_isa_irq(unsigned int irq, unsigned int vector, uint32_t dest)
{
    uint32_t gsi = irq, lo = vector & 0xff;

    for (unsigned int i = 0; i < platform->nr_overrides; i++) {
        if (platform->overrides[i].bus_irq != irq)
            continue;
        gsi = platform->overrides[i].gsi;
        if ((platform->overrides[i].flags & INTI_POLARITY_MASK) == INTI_ACTIVE_LOW)
            lo |= REDIR_ACTIVE_LOW;
        if ((platform->overrides[i].flags & INTI_TRIGGER_MASK) == INTI_LEVEL)
            lo |= REDIR_LEVEL;
    }
    for (unsigned int i = 0; i < nr_ioapics; i++) {
        struct ioapic *io = &ioapics[i];

        if (gsi >= io->gsi_base && gsi < io->gsi_base + io->pins) {
            write_redir(io, gsi - io->gsi_base, lo, dest);
            return (int)gsi;
        }
    }
    return -1;
}

void i8259_disable(void)
{
    /* Re-initialise both PICs onto vectors 0x20-0x2f, then mask every line:
     * a spurious IRQ 7 or 15 then lands on a harmless vector, not an
     * exception's. */
    outb(0x20, 0x11);
    outb(0xa0, 0x11);
    outb(0x21, 0x20);
    outb(0xa1, 0x28);
    outb(0x21, 0x04);
    outb(0xa1, 0x02);
    outb(0x21, 0x01);
    outb(0xa1, 0x01);
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}
