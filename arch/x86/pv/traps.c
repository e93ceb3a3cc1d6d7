/*
 * Traps between a PV guest and Keel: exceptions and user system calls
 * bounced to the guest kernel through frames on its stack, exactly as
 * Xen lays them out, so a kernel written for Xen needs nothing else:
 *
 *   RCX, R11, [error code,] RIP, CS (saved upcall mask in bits 32-39),
 *   RFLAGS (IF = events unmasked), RSP, SS       (lowest address first)
 *
 * A frame bounced while the guest was in kernel mode carries CS with RPL
 * 0, so the guest can tell kernel from user context.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <keel/console.h>
#include <keel/domain.h>
#include <keel/grace.h>
#include <keel/guest_access.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/arch_irq.h>
#include <keel/hypercall.h>
#include <keel/percpu.h>
#include <keel/sched.h>
#include <keel/softirq.h>
#include <public/sched.h>
#include <public/xen.h>
#include "../irq.h"
#include "pv.h"

#define PFEC_USER   (1ull << 2)
#define RFLAGS_TF   (1ull << 8)
#define RFLAGS_IF   (1ull << 9)
#define RFLAGS_IOPL (3ull << 12)
#define RFLAGS_NT   (1ull << 14)
#define RFLAGS_RF   (1ull << 16)
#define RFLAGS_VM   (1ull << 17)
#define RFLAGS_AC   (1ull << 18)

struct cpu_regs *guest_regs(void)
{
    return (struct cpu_regs *)(stack_top(smp_processor_id()) - sizeof(struct cpu_regs));
}

static void crash_domain(struct vcpu *v, const char *why, const struct cpu_regs *regs)
{
    kerr("d%uv%u: %s at %04lx:%016lx; domain crashed\n", v->domain->domid, v->id, why,
         (unsigned long)regs->cs, (unsigned long)regs->rip);
    domain_shutdown(v->domain, SHUTDOWN_crash);
}

static bool pv_bounce(struct vcpu *v, struct cpu_regs *regs, uint64_t handler,
               bool mask_events, bool has_error, uint32_t error)
{
    struct vcpu_info *vi = v->vcpu_info;
    uint64_t frame[8], sp, cs = regs->cs;
    uint8_t saved_mask = vi->evtchn_upcall_mask;
    unsigned int n = 0;

    if (!handler) {
        crash_domain(v, "no handler for a trap", regs);
        return false;
    }
    if (v->arch.kernel_mode) {
        sp = regs->rsp;
        cs &= ~3ull; /* tell the guest it was in kernel context */
    } else {
        pv_toggle_guest_mode(v);
        sp = v->arch.kernel_sp;
    }
    sp &= ~15ull;

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if (has_error)
        frame[n++] = error;
    frame[n++] = regs->rip;
    frame[n++] = (cs & 0xffff) | (uint64_t)saved_mask << 32;
    frame[n++] = (regs->rflags & ~(RFLAGS_IF | RFLAGS_IOPL)) | (saved_mask ? 0 : RFLAGS_IF);
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;
    sp -= n * sizeof(uint64_t);
    if (copy_to_guest(sp, frame, n * sizeof(uint64_t))) {
        crash_domain(v, "cannot write a trap frame on the guest's stack", regs);
        return false;
    }
    if (mask_events)
        vi->evtchn_upcall_mask = 1;
    regs->rflags &= ~(RFLAGS_AC | RFLAGS_VM | RFLAGS_RF | RFLAGS_NT | RFLAGS_TF);
    regs->rflags |= RFLAGS_IF; /* the real IF stays on in guests */
    regs->ss = GUEST_DS;
    regs->cs = GUEST_CS64;
    regs->rsp = sp;
    regs->rip = handler;
    return true;
}

/* Exceptions that push an error code. */
static bool has_error_code(unsigned int vector)
{
    return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 ||
           vector == 21 || vector == 29 || vector == 30;
}

void pv_do_exception(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();
    unsigned int vector = (unsigned int)regs->vector;
    const struct pv_trap *t = &v->arch.traps[vector];

    if (vector == 14) {
        v->vcpu_info->arch.cr2 = read_cr2(); /* before interrupts can fault again */
        /* The CPU saw ring 3 either way; the guest must see whether its
         * kernel or its user space faulted, as Xen reports it. */
        if (v->arch.kernel_mode)
            regs->error_code &= ~PFEC_USER;
    }
    local_irq_enable(); /* guest work runs interruptible; the exit path masks again */
    if (vector == 6 && pv_emulate_forced(v, regs))
        return;
    if (vector == 13 && regs->error_code == 0 &&
        (pv_emulate_io(v, regs) || pv_emulate_msr(v, regs)))
        return;
    pv_bounce(v, regs, t->address, t->mask_events, has_error_code(vector),
              (uint32_t)regs->error_code);
}

void pv_do_syscall(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();

    local_irq_enable();
    if (regs->vector == VECTOR_SYSCALL && v->arch.kernel_mode) {
        regs->rax = (uint64_t)hypercall_dispatch(regs->rax, regs->rdi, regs->rsi,
                                                 regs->rdx, regs->r10, regs->r8);
        return;
    }
    /* A system call in the guest's user space is its kernel's business. */
    pv_bounce(v, regs, v->arch.syscall_callback, v->arch.syscall_mask_events,
              false, 0);
}

void pv_exit_to_guest(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();

    /* Only the guest frame at the top of the stack leaves for a guest
     * (an NMI from a guest returns on its own stack, untouched). */
    if (regs != guest_regs() || !v)
        return;
    for (;;) {
        local_irq_disable();
        sched_check_current(); /* a crashed or blocked vCPU leaves here */
        if (this_cpu()->softirq_pending) {
            do_softirq(); /* may switch away from v for good */
            continue;
        }
        if (v->vcpu_info->evtchn_upcall_pending && !v->vcpu_info->evtchn_upcall_mask) {
            arch_irq_enable();
            pv_bounce(v, regs, v->arch.event_callback, true, false, 0);
            continue;
        }
        cpu_quiescent();
        return;
    }
}

void pv_bad_iret(void)
{
    struct vcpu *v = current_vcpu();

    crash_domain(v, "returning to the guest faulted", guest_regs());
    sched_check_current(); /* the crashed vCPU never runs again */
    panic("a vCPU of a crashed domain is still running");
}
