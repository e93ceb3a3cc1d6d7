/*
 * IOAPIC programming and the legacy PIC. Each IOAPIC serves the GSIs from
 * its base up to its number of pins; ISA IRQs map to GSIs one-to-one unless
 * the MADT overrides them, and default to edge-triggered, active high.
 */
#include <asm/io.h>
#include <keel/acpi.h>
#include <keel/console.h>
#include <keel/spinlock.h>
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

/* Serialises the index/data register pairs once CPUs share them. */
static spinlock_t ioapic_lock = SPINLOCK_INIT("ioapic");

/* GSIs Keel routed for itself (its UARTs): never a guest's. */
static uint64_t keel_gsis[IOAPIC_MAX_GSIS / 64];

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

/* The IOAPIC and pin serving gsi, or NULL. */
static struct ioapic *ioapic_of(uint32_t gsi, unsigned int *pin)
{
    for (unsigned int i = 0; i < nr_ioapics; i++) {
        struct ioapic *io = &ioapics[i];

        if (gsi >= io->gsi_base && gsi < io->gsi_base + io->pins) {
            *pin = gsi - io->gsi_base;
            return io;
        }
    }
    return NULL;
}

/* An override's INTI flags, applied to the default mode. */
static void apply_inti(uint16_t flags, struct gsi_mode *mode)
{
    if ((flags & INTI_POLARITY_MASK) == INTI_ACTIVE_LOW)
        mode->active_low = true;
    else if (flags & INTI_POLARITY_MASK)
        mode->active_low = false;
    if ((flags & INTI_TRIGGER_MASK) == INTI_LEVEL)
        mode->level = true;
    else if (flags & INTI_TRIGGER_MASK)
        mode->level = false;
}

static uint32_t redir_lo(unsigned int vector, const struct gsi_mode *mode)
{
    return (vector & 0xff) | (mode->level ? REDIR_LEVEL : 0) |
           (mode->active_low ? REDIR_ACTIVE_LOW : 0);
}

int ioapic_route_isa_irq(unsigned int irq, unsigned int vector, uint32_t dest)
{
    struct gsi_mode mode = { .level = false, .active_low = false };
    uint32_t gsi = irq;
    struct ioapic *io;
    unsigned int pin;

    for (unsigned int i = 0; i < platform->nr_overrides; i++) {
        if (platform->overrides[i].bus_irq != irq)
            continue;
        gsi = platform->overrides[i].gsi;
        apply_inti(platform->overrides[i].flags, &mode);
    }
    if (!(io = ioapic_of(gsi, &pin)))
        return -1;
    if (gsi < IOAPIC_MAX_GSIS)
        keel_gsis[gsi / 64] |= 1ull << (gsi % 64);
    write_redir(io, pin, redir_lo(vector, &mode), dest);
    return (int)gsi;
}

bool ioapic_gsi_exists(uint32_t gsi)
{
    unsigned int pin;

    return ioapic_of(gsi, &pin) != NULL;
}

bool ioapic_gsi_is_keels(uint32_t gsi)
{
    return gsi < IOAPIC_MAX_GSIS && (keel_gsis[gsi / 64] >> (gsi % 64) & 1);
}

void ioapic_gsi_default_mode(uint32_t gsi, struct gsi_mode *mode)
{
    /* ISA interrupts are edge-triggered, active high; PCI's level, low. */
    mode->level = gsi >= 16;
    mode->active_low = gsi >= 16;
    for (unsigned int i = 0; i < platform->nr_overrides; i++)
        if (platform->overrides[i].gsi == gsi)
            apply_inti(platform->overrides[i].flags, mode);
}

int ioapic_route_gsi(uint32_t gsi, unsigned int vector, uint32_t dest,
                     const struct gsi_mode *mode)
{
    unsigned int pin;
    struct ioapic *io = ioapic_of(gsi, &pin);

    unsigned long flags;

    if (!io)
        return -1;
    flags = spin_lock_irqsave(&ioapic_lock);
    write_redir(io, pin, redir_lo(vector, mode) | REDIR_MASKED, dest);
    spin_unlock_irqrestore(&ioapic_lock, flags);
    return 0;
}

void ioapic_mask_gsi(uint32_t gsi, bool masked)
{
    unsigned int pin;
    struct ioapic *io = ioapic_of(gsi, &pin);
    unsigned long flags;
    uint32_t lo;

    if (!io)
        return;
    flags = spin_lock_irqsave(&ioapic_lock);
    lo = ioapic_read(io, IOAPIC_REG_REDIR + 2 * pin);
    lo = masked ? lo | REDIR_MASKED : lo & ~REDIR_MASKED;
    ioapic_write(io, IOAPIC_REG_REDIR + 2 * pin, lo);
    spin_unlock_irqrestore(&ioapic_lock, flags);
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
