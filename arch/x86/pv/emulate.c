/*
 * Instructions Keel carries out for a PV guest. For now: CPUID behind
 * Xen's forced-emulation prefix (ud2; 'x' 'e' 'n'), through which a PV
 * kernel reads the hypervisor's CPUID leaves (0x40000000 up) and the
 * feature bits as the hypervisor filters them.
 */
#include <asm/cpu.h>
#include <keel/domain.h>
#include <keel/guest_access.h>
#include <public/arch-x86/cpuid.h>
#include "pv.h"

#define FORCED_PREFIX_LEN 5   /* 0f 0b 78 65 6e */
#define CPUID_INSN_LEN    2   /* 0f a2 */

/* Leaf 1 ECX bits a PV guest must not see: MONITOR, VMX, x2APIC, TSC-deadline. */
#define LEAF1_ECX_HIDE ((1u << 3) | (1u << 5) | (1u << 21) | (1u << 24))
#define LEAF1_ECX_HYPERVISOR (1u << 31)

static void pv_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    if (leaf >= XEN_CPUID_FIRST_LEAF && leaf < XEN_CPUID_FIRST_LEAF + 0x100) {
        r[0] = r[1] = r[2] = r[3] = 0;
        switch (leaf - XEN_CPUID_FIRST_LEAF) {
        case 0:
            r[0] = XEN_CPUID_FIRST_LEAF + 2; /* the last leaf Keel answers */
            r[1] = XEN_CPUID_SIGNATURE_EBX;
            r[2] = XEN_CPUID_SIGNATURE_ECX;
            r[3] = XEN_CPUID_SIGNATURE_EDX;
            break;
        case 1:
            r[0] = (4u << 16) | 17; /* the Xen ABI version Keel implements */
            break;
        case 2:
            r[0] = 1;               /* one hypercall page */
            r[1] = XEN_CPUID_FIRST_LEAF; /* the MSR that would place it */
            break;
        }
        return;
    }
    cpuid(leaf, sub, r);
    if (leaf == 1)
        r[2] = (r[2] & ~LEAF1_ECX_HIDE) | LEAF1_ECX_HYPERVISOR;
}

bool pv_emulate_forced(struct vcpu *v, struct cpu_regs *regs)
{
    static const uint8_t prefix[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    uint8_t insn[sizeof(prefix)];
    uint32_t r[4];

    (void)v;
    if (copy_from_guest(insn, regs->rip, sizeof(insn)))
        return false;
    for (unsigned int i = 0; i < sizeof(prefix); i++)
        if (insn[i] != prefix[i])
            return false;
    pv_cpuid((uint32_t)regs->rax, (uint32_t)regs->rcx, r);
    regs->rax = r[0];
    regs->rbx = r[1];
    regs->rcx = r[2];
    regs->rdx = r[3];
    regs->rip += FORCED_PREFIX_LEN + CPUID_INSN_LEN;
    return true;
}
