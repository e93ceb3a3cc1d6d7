/*
 * The x86 PV hypercalls that set how traps reach the guest kernel and how
 * it returns: set_trap_table, stack_switch, set_callbacks, callback_op,
 * iret, set_segment_base, fpu_taskswitch.
 */
#include <asm/cpu.h>
#include <asm/msr.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <public/callback.h>
#include <public/sched.h>
#include <public/xen.h>
#include "pv.h"

#define RFLAGS_IF   (1ull << 9)
#define RFLAGS_IOPL (3ull << 12)
/* What a guest may set in its own RFLAGS: not IF (events are the guest's
 * IF), IOPL, VM, VIF/VIP. */
#define RFLAGS_GUEST_MASK 0x003f0dd5ull

/* A handler must be a canonical guest address (0 means none). */
static bool guest_code_ok(uint64_t va)
{
    return va == 0 || guest_range_ok(va, 1);
}

long do_set_trap_table(hc_arg_t traps)
{
    struct vcpu *v = current_vcpu();
    struct trap_info ti;

    if (!traps) { /* an empty table clears every handler */
        for (unsigned int i = 0; i < 256; i++)
            v->arch.traps[i] = (struct pv_trap){ 0 };
        return 0;
    }
    for (unsigned int i = 0; i < 256; i++, traps += sizeof(ti)) {
        if (copy_from_guest(&ti, traps, sizeof(ti)))
            return -EFAULT;
        if (!ti.address)
            return 0; /* the list ends with a zero address */
        if (!guest_code_ok(ti.address))
            return -EINVAL;
        v->arch.traps[ti.vector] = (struct pv_trap){
            .address = ti.address, .cs = ti.cs,
            .mask_events = !TI_GET_IF(&ti), .dpl = TI_GET_DPL(&ti),
        };
    }
    return 0;
}

long do_stack_switch(hc_arg_t ss, hc_arg_t esp)
{
    struct vcpu *v = current_vcpu();

    v->arch.kernel_ss = (uint16_t)ss;
    v->arch.kernel_sp = esp;
    return 0;
}

static long set_callback(struct vcpu *v, unsigned int type, uint64_t address, bool mask)
{
    if (!guest_code_ok(address))
        return -EINVAL;
    switch (type) {
    case CALLBACKTYPE_event:
        v->arch.event_callback = address;
        return 0;
    case CALLBACKTYPE_failsafe:
        v->arch.failsafe_callback = address;
        return 0;
    case CALLBACKTYPE_syscall:
        v->arch.syscall_callback = address;
        v->arch.syscall_mask_events = mask;
        return 0;
    case CALLBACKTYPE_nmi:
        return 0; /* Keel does not forward NMIs to guests */
    default:
        return -EINVAL;
    }
}

long do_set_callbacks(hc_arg_t event, hc_arg_t failsafe, hc_arg_t syscall)
{
    struct vcpu *v = current_vcpu();
    long rc;

    if ((rc = set_callback(v, CALLBACKTYPE_event, event, true)) ||
        (rc = set_callback(v, CALLBACKTYPE_failsafe, failsafe, true)))
        return rc;
    return set_callback(v, CALLBACKTYPE_syscall, syscall, true);
}

long do_callback_op(hc_arg_t cmd, hc_arg_t arg)
{
    struct vcpu *v = current_vcpu();

    if (cmd == CALLBACKOP_register) {
        struct callback_register cb;

        if (copy_from_guest(&cb, arg, sizeof(cb)))
            return -EFAULT;
        return set_callback(v, cb.type, cb.address, cb.flags & CALLBACKF_mask_events);
    }
    if (cmd == CALLBACKOP_unregister) {
        struct callback_unregister cb;

        if (copy_from_guest(&cb, arg, sizeof(cb)))
            return -EFAULT;
        return set_callback(v, cb.type, 0, false);
    }
    return -ENOSYS;
}

/*
 * iret: the guest kernel returns from a bounce frame. Its stack holds a
 * struct iret_context; the registers come back from it, into kernel or
 * user mode as its CS says, with the event mask the frame saved.
 */
long do_iret(void)
{
    struct vcpu *v = current_vcpu();
    struct cpu_regs *regs = guest_regs();
    struct iret_context ic;

    if (copy_from_guest(&ic, regs->rsp, sizeof(ic))) {
        domain_shutdown(v->domain, SHUTDOWN_crash);
        return -EFAULT;
    }
    if ((ic.cs & 3) == 3 && v->arch.kernel_mode)
        pv_toggle_guest_mode(v); /* back to user space */
    regs->rax = ic.rax;
    if (!(ic.flags & VGCF_in_syscall)) {
        regs->r11 = ic.r11;
        regs->rcx = ic.rcx;
    }
    regs->rip = ic.rip;
    /* Ring 3 always, and only the guest's own flat selectors: anything
     * else (Keel's selectors with RPL 3, say) would fault in Keel's IRET. */
    regs->cs = (ic.cs | 3) == GUEST_CS32 ? GUEST_CS32 : GUEST_CS64;
    regs->rflags = (ic.rflags & RFLAGS_GUEST_MASK) | RFLAGS_IF;
    regs->rsp = ic.rsp;
    regs->ss = GUEST_DS;
    v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & RFLAGS_IF);
    return (long)regs->rax; /* the dispatcher stores this in RAX again */
}

long do_set_segment_base(hc_arg_t which, hc_arg_t base)
{
    struct vcpu *v = current_vcpu();

    if (!guest_range_ok(base, 0))
        return -EINVAL;
    switch (which) {
    case SEGBASE_FS:
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        v->arch.gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        wrmsr(MSR_GS_BASE, base); /* the guest is in kernel mode here */
        return 0;
    case SEGBASE_GS_USER_SEL:
        return 0; /* user GS selectors are the null selector in 64-bit PV */
    default:
        return -EINVAL;
    }
}

long do_fpu_taskswitch(hc_arg_t set)
{
    /* The guest asks for CR0.TS; Keel keeps the FPU eagerly for now. */
    (void)set;
    return 0;
}
