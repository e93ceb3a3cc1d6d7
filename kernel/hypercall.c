/*
 * The hypercall table: Xen's numbers to Keel's handlers. A number with no
 * handler, or past the table, gets -ENOSYS, as Xen answers.
 */
#include <keel/errno.h>
#include <keel/hypercall.h>
#include <public/xen.h>

typedef long (*hypercall_fn)(hc_arg_t, hc_arg_t, hc_arg_t, hc_arg_t, hc_arg_t);

/* Handlers take fewer arguments than five; the extra ones are ignored, as
 * the x86-64 calling convention allows. */
#define HC(fn) ((hypercall_fn)(void (*)(void))(fn))

static const hypercall_fn table[64] = {
    [__HYPERVISOR_set_trap_table] = HC(do_set_trap_table),
    [__HYPERVISOR_mmu_update] = HC(do_mmu_update),
    [__HYPERVISOR_set_gdt] = HC(do_set_gdt),
    [__HYPERVISOR_stack_switch] = HC(do_stack_switch),
    [__HYPERVISOR_set_callbacks] = HC(do_set_callbacks),
    [__HYPERVISOR_set_timer_op] = HC(do_set_timer_op),
    [__HYPERVISOR_fpu_taskswitch] = HC(do_fpu_taskswitch),
    [__HYPERVISOR_update_descriptor] = HC(do_update_descriptor),
    [__HYPERVISOR_update_va_mapping] = HC(do_update_va_mapping),
    [__HYPERVISOR_memory_op] = HC(do_memory_op),
    [__HYPERVISOR_multicall] = HC(do_multicall),
    [__HYPERVISOR_console_io] = HC(do_console_io),
    [__HYPERVISOR_xen_version] = HC(do_xen_version),
    [__HYPERVISOR_iret] = HC(do_iret),
    [__HYPERVISOR_mmuext_op] = HC(do_mmuext_op),
    [__HYPERVISOR_vm_assist] = HC(do_vm_assist),
    [__HYPERVISOR_vcpu_op] = HC(do_vcpu_op),
    [__HYPERVISOR_set_segment_base] = HC(do_set_segment_base),
    [__HYPERVISOR_sched_op] = HC(do_sched_op),
    [__HYPERVISOR_callback_op] = HC(do_callback_op),
    [__HYPERVISOR_event_channel_op] = HC(do_event_channel_op),
    [__HYPERVISOR_grant_table_op] = HC(do_grant_table_op),
    [__HYPERVISOR_physdev_op] = HC(do_physdev_op),
    [__HYPERVISOR_sysctl] = HC(do_sysctl),
    [__HYPERVISOR_domctl] = HC(do_domctl),
};

long hypercall_dispatch(unsigned long nr, hc_arg_t a1, hc_arg_t a2, hc_arg_t a3,
                        hc_arg_t a4, hc_arg_t a5)
{
    if (nr >= sizeof(table) / sizeof(table[0]) || !table[nr])
        return -ENOSYS;
    return table[nr](a1, a2, a3, a4, a5);
}
