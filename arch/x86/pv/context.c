/*
 * Putting a PV vCPU on a CPU and taking it off. While a vCPU runs, its
 * registers live in the frame at the top of the CPU's stack (where traps
 * from the guest put them); while it does not, in v->arch.user_regs.
 * Entering a vCPU empties the stack and returns to the guest from that
 * frame, so nothing of what ran before stays on the stack.
 */
#include <asm/cpu.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <keel/console.h>
#include <keel/domain.h>
#include <keel/keyhandler.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/sched.h>
#include <keel/softirq.h>
#include <keel/vcpu_op.h>
#include "../traps.h"
#include "pv.h"

void reset_stack_and_jump(uint64_t sp, void (*fn)(void)) __attribute__((noreturn));
extern const char enter_guest[];

static void load_guest_segments(const struct vcpu *v)
{
    wrmsr(MSR_FS_BASE, v->arch.fs_base);
    wrmsr(MSR_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_kernel : v->arch.gs_base_user);
}

void pv_toggle_guest_mode(struct vcpu *v)
{
    /* The base the guest leaves is what it set last: keep it. */
    if (v->arch.kernel_mode)
        v->arch.gs_base_kernel = rdmsr(MSR_GS_BASE);
    else
        v->arch.gs_base_user = rdmsr(MSR_GS_BASE);
    v->arch.kernel_mode = !v->arch.kernel_mode;
    wrmsr(MSR_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_kernel : v->arch.gs_base_user);
    if (v->arch.guest_table_user)
        write_cr3(v->arch.kernel_mode ? v->arch.guest_table : v->arch.guest_table_user);
}

void arch_save_vcpu(struct vcpu *v)
{
    v->arch.user_regs = *guest_regs();
    v->arch.fs_base = rdmsr(MSR_FS_BASE);
    if (v->arch.kernel_mode)
        v->arch.gs_base_kernel = rdmsr(MSR_GS_BASE);
    else
        v->arch.gs_base_user = rdmsr(MSR_GS_BASE);
}

void arch_enter_vcpu(struct vcpu *v)
{
    struct cpu_regs *frame = guest_regs();

    *frame = v->arch.user_regs;
    write_cr3(v->arch.kernel_mode || !v->arch.guest_table_user
                  ? v->arch.guest_table : v->arch.guest_table_user);
    load_guest_segments(v);
    pv_gdt_load(v);
    vcpu_runstate_publish(v); /* now that its page tables are loaded */
    reset_stack_and_jump((uint64_t)frame, (void (*)(void))enter_guest);
}

void arch_enter_idle(void)
{
    paging_load(); /* Keel's own tables: no guest's mappings while idle */
    pv_gdt_load(NULL); /* nor its descriptor frames, which may be freed */
    reset_stack_and_jump(stack_top(smp_processor_id()), idle_loop);
}

void arch_dump_vcpu(const struct vcpu *v)
{
    /* A running vCPU's registers are on its CPU's stack, not in user_regs. */
    kinfo("*** d%uv%u: %s, %s mode, CR3 %#llx ***\n", v->domain->domid, v->id,
          v->running ? "running (registers as last saved)" : "not running",
          v->arch.kernel_mode ? "kernel" : "user",
          (unsigned long long)v->arch.guest_table);
    show_gprs(&v->arch.user_regs);
}
