/*
 * Port I/O from a PV guest, carried out by Keel: a guest kernel in ring 3
 * traps on IN/OUT (#GP), and Keel does the access if the vCPU's virtual
 * IOPL allows it (PHYSDEVOP_set_iopl: 1 for its kernel, 3 for user
 * space) and the port is one the domain may use. As on Xen: only dom0
 * reaches hardware ports, never Keel's own (its UARTs, the PIC, the PIT,
 * the reset register); PCI configuration space goes through a virtual
 * 0xcf8 (the address dom0 writes is kept, and applied only for its
 * accesses at 0xcfc-0xcff, under a lock), and a port it may not use reads
 * as all ones and ignores writes.
 */
#include <asm/io.h>
#include <keel/domain.h>
#include <keel/guest_access.h>
#include <keel/spinlock.h>
#include "pv.h"

#define PCI_CONF_ADDR 0xcf8
#define PCI_CONF_DATA 0xcfc
#define PCI_CONF_ENABLE (1u << 31)

static spinlock_t pci_conf_lock = SPINLOCK_INIT("pci_conf");

/* Ports Keel itself drives, which no domain may touch directly. */
static bool keel_port(uint16_t port, unsigned int size)
{
    static const struct { uint16_t first, last; } keel_ports[] = {
        { 0x20, 0x21 }, { 0xa0, 0xa1 },   /* PIC */
        { 0x40, 0x43 },                   /* PIT */
        { 0x4d0, 0x4d1 },                 /* ELCR */
        { 0x2f8, 0x2ff }, { 0x3f8, 0x3ff },  /* COM2, COM1 */
        { 0xcf9, 0xcf9 },                 /* reset control */
    };
    uint16_t last = (uint16_t)(port + size - 1);

    for (unsigned int i = 0; i < sizeof(keel_ports) / sizeof(keel_ports[0]); i++)
        if (port <= keel_ports[i].last && last >= keel_ports[i].first)
            return true;
    return false;
}

static uint32_t port_in(uint16_t port, unsigned int size)
{
    uint32_t v;

    switch (size) {
    case 1: return inb(port);
    case 2: asm volatile("inw %1, %w0" : "=a"(v) : "Nd"(port)); return v & 0xffff;
    default: asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v;
    }
}

static void port_out(uint16_t port, unsigned int size, uint32_t v)
{
    switch (size) {
    case 1: outb(port, (uint8_t)v); break;
    case 2: asm volatile("outw %w0, %1" : : "a"(v), "Nd"(port)); break;
    default: asm volatile("outl %0, %1" : : "a"(v), "Nd"(port)); break;
    }
}

/* One access by domain d; reads return the value, writes return 0. */
static uint32_t do_io(struct domain *d, uint16_t port, unsigned int size, bool in, uint32_t v)
{
    uint32_t all_ones = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    unsigned long flags;

    if (!d->is_privileged)
        return in ? all_ones : 0;
    /* CONFIG_ADDRESS as a dword; its bytes overlap the reset register. */
    if (port == PCI_CONF_ADDR && size == 4) {
        if (!in)
            d->arch.pci_cf8 = v;
        return in ? d->arch.pci_cf8 : 0;
    }
    if (port >= PCI_CONF_DATA && port + size <= PCI_CONF_DATA + 4) {
        if (!(d->arch.pci_cf8 & PCI_CONF_ENABLE))
            return in ? all_ones : 0;
        flags = spin_lock_irqsave(&pci_conf_lock);
        port_out(PCI_CONF_ADDR, 4, d->arch.pci_cf8);
        v = in ? port_in(port, size) : (port_out(port, size, v), 0);
        spin_unlock_irqrestore(&pci_conf_lock, flags);
        return v;
    }
    if (keel_port(port, size))
        return in ? all_ones : 0;
    if (in)
        return port_in(port, size);
    port_out(port, size, v);
    return 0;
}

/* IN or OUT with an 8-bit immediate port or DX, 1, 2 or 4 bytes. */
bool pv_emulate_io(struct vcpu *v, struct cpu_regs *regs)
{
    uint8_t insn[3];
    unsigned int len = 0, size;
    bool opsize = false, in;
    uint16_t port;
    uint8_t op;
    uint32_t val;

    if (v->arch.iopl < (v->arch.kernel_mode ? 1 : 3))
        return false;
    if (copy_from_guest(insn, regs->rip, 2) || (insn[0] == 0x66 &&
                                                copy_from_guest(insn, regs->rip, 3)))
        return false;
    if (insn[0] == 0x66) {
        opsize = true;
        len = 1;
    }
    op = insn[len++];
    switch (op) {
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:
        port = insn[len++];
        break;
    case 0xec: case 0xed: case 0xee: case 0xef:
        port = (uint16_t)regs->rdx;
        break;
    default:
        return false; /* not port I/O Keel emulates (string I/O, say) */
    }
    size = (op & 1) ? (opsize ? 2 : 4) : 1;
    in = !(op & 2);
    val = do_io(v->domain, port, size, in, (uint32_t)regs->rax);
    if (in) {
        if (size == 4)
            regs->rax = val; /* a 32-bit result clears the upper half */
        else
            regs->rax = (regs->rax & ~((1ull << (8 * size)) - 1)) | val;
    }
    regs->rip += len;
    return true;
}
