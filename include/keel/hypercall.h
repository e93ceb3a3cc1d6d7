/*
 * Hypercalls: one table (kernel/hypercall.c) maps Xen's numbers to the
 * handlers, each in the file named for its family. Arguments arrive as
 * the guest passed them (RDI, RSI, RDX, R10, R8); a handler checks them
 * all, copies guest memory only through keel/guest_access.h, and returns
 * 0 or a negative Xen errno.
 */
#ifndef KEEL_HYPERCALL_H
#define KEEL_HYPERCALL_H

typedef unsigned long hc_arg_t;

long hypercall_dispatch(unsigned long nr, hc_arg_t a1, hc_arg_t a2, hc_arg_t a3,
                        hc_arg_t a4, hc_arg_t a5);

/* kernel/ */
long do_console_io(hc_arg_t cmd, hc_arg_t count, hc_arg_t buffer);
long do_xen_version(hc_arg_t cmd, hc_arg_t arg);
long do_sched_op(hc_arg_t cmd, hc_arg_t arg);
long do_vm_assist(hc_arg_t cmd, hc_arg_t type);
long do_memory_op(hc_arg_t cmd, hc_arg_t arg);
long do_vcpu_op(hc_arg_t cmd, hc_arg_t vcpuid, hc_arg_t arg);
long do_event_channel_op(hc_arg_t cmd, hc_arg_t arg);
long do_grant_table_op(hc_arg_t cmd, hc_arg_t uop, hc_arg_t count);
long do_set_timer_op(hc_arg_t timeout);
long do_multicall(hc_arg_t list, hc_arg_t nr);
long do_physdev_op(hc_arg_t cmd, hc_arg_t arg);
long do_sysctl(hc_arg_t arg);
long do_domctl(hc_arg_t arg);

/* arch/x86/pv/ */
long do_set_trap_table(hc_arg_t traps);
long do_stack_switch(hc_arg_t ss, hc_arg_t esp);
long do_iret(void);
long do_set_gdt(hc_arg_t frame_list, hc_arg_t entries);
long do_update_descriptor(hc_arg_t maddr, hc_arg_t desc);
long do_set_callbacks(hc_arg_t event, hc_arg_t failsafe, hc_arg_t syscall);
long do_callback_op(hc_arg_t cmd, hc_arg_t arg);
long do_set_segment_base(hc_arg_t which, hc_arg_t base);
long do_fpu_taskswitch(hc_arg_t set);
long do_mmu_update(hc_arg_t ureqs, hc_arg_t count, hc_arg_t pdone, hc_arg_t foreigndom);
long do_update_va_mapping(hc_arg_t va, hc_arg_t val, hc_arg_t flags);
long do_mmuext_op(hc_arg_t uops, hc_arg_t count, hc_arg_t pdone, hc_arg_t foreigndom);

#endif
