/*
 * RDMSR and WRMSR from a PV guest kernel. Its kernel runs in ring 3, so
 * both raise #GP; Keel answers the MSRs Xen 4.17 answers a PV domain
 * (read_msr/write_msr in xen/arch/x86/pv/emul-priv-op.c) and leaves every
 * other one to the #GP, which the guest's trap table receives as Xen
 * would deliver it. Guest user space gets the #GP unemulated.
 *
 * Not done as Xen does: Xen reads an MSR the hardware has as 0 for a
 * guest with no #GP handler, and answers MISC_ENABLE and a few vendor
 * MSRs; Keel, which cannot probe an MSR safely yet, raises #GP for them.
 */
#include <asm/cpu.h>
#include <asm/msr.h>
#include <keel/domain.h>
#include <keel/guest_access.h>
#include "pv.h"

#define RDMSR_INSN 0x320f /* 0f 32, as read little-endian */
#define WRMSR_INSN 0x300f /* 0f 30 */
#define MSR_INSN_LEN 2

#define APIC_BASE_BSP     (1ull << 8)
#define APIC_BASE_ENABLE  (1ull << 11)
#define APIC_DEFAULT_BASE 0xfee00000ull
/* EFER as a PV guest sees it: known bits, never SVM (Xen's guest_efer). */
#define EFER_GUEST_MASK (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | EFER_FFXSE)

static uint64_t guest_efer(void)
{
    return rdmsr(MSR_EFER) & EFER_GUEST_MASK;
}

/* The guest's value of msr; false for #GP. v runs here, so its FS and
 * GS bases are in the CPU. */
static bool read_msr(const struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_APIC_BASE: /* Linux reads it; an enabled xAPIC, vCPU 0 the BSP */
        *val = APIC_DEFAULT_BASE | APIC_BASE_ENABLE | (v->id ? 0 : APIC_BASE_BSP);
        return true;
    case MSR_FS_BASE:
    case MSR_GS_BASE:
        *val = rdmsr(msr);
        return true;
    case MSR_SHADOW_GS_BASE:
        *val = v->arch.gs_base_user;
        return true;
    case MSR_IA32_TSC:
        *val = rdtsc();
        return true;
    case MSR_EFER:
        *val = guest_efer();
        return true;
    case MSR_PAT: /* what its mappings' cache attributes mean */
        *val = rdmsr(MSR_PAT);
        return true;
    case MSR_PERF_CAPABILITIES:
        *val = 0; /* no performance-monitoring extras */
        return true;
    default:
        return false;
    }
}

/* Carry out a guest's write; false for #GP. Bases must be guest
 * addresses, as set_segment_base wants them; EFER may only be written
 * back as it reads (Linux does), as on Xen. */
static bool write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_FS_BASE:
    case MSR_GS_BASE:
        if (!guest_range_ok(val, 0))
            return false;
        wrmsr(msr, val);
        return true;
    case MSR_SHADOW_GS_BASE:
        if (!guest_range_ok(val, 0))
            return false;
        v->arch.gs_base_user = val;
        return true;
    case MSR_EFER:
        return val == guest_efer();
    default:
        return false;
    }
}

bool pv_emulate_msr(struct vcpu *v, struct cpu_regs *regs)
{
    uint32_t msr = (uint32_t)regs->rcx;
    uint16_t insn;
    uint64_t val;

    if (!v->arch.kernel_mode || copy_from_guest(&insn, regs->rip, sizeof(insn)))
        return false;
    if (insn == RDMSR_INSN) {
        if (!read_msr(v, msr, &val))
            return false;
        regs->rax = (uint32_t)val;
        regs->rdx = val >> 32;
    } else if (insn == WRMSR_INSN) {
        val = (uint32_t)regs->rax | (uint64_t)(uint32_t)regs->rdx << 32;
        if (!write_msr(v, msr, val))
            return false;
    } else {
        return false;
    }
    regs->rip += MSR_INSN_LEN;
    return true;
}
