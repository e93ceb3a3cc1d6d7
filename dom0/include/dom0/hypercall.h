/*
 * dom0's hypercalls: one typed function per hypercall it makes, each a
 * call into the hypercall page the hypervisor wrote (32 bytes an entry).
 * Arguments go in RDI, RSI, RDX, R10, R8; the result comes back in RAX,
 * a negative Xen errno on failure.
 */
#ifndef DOM0_HYPERCALL_H
#define DOM0_HYPERCALL_H

#include <stdint.h>
#include <public/xen.h>
#include <public/sched.h>
#include <public/event_channel.h>
#include <public/callback.h>

extern char hypercall_page[];

static inline long hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
                             unsigned long a3, unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm("r10") = a4;
    register unsigned long r8 asm("r8") = a5;
    long ret;

    asm volatile("call *%[entry]"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : [entry] "r"(hypercall_page + nr * 32)
                 : "memory", "rcx", "r9", "r11");
    return ret;
}

#define HC(nr, a1, a2, a3, a4, a5) hypercall(nr, (unsigned long)(a1), (unsigned long)(a2), \
    (unsigned long)(a3), (unsigned long)(a4), (unsigned long)(a5))

static inline long hyp_console_io(int cmd, unsigned long count, void *buf)
{
    return HC(__HYPERVISOR_console_io, cmd, count, buf, 0, 0);
}

static inline long hyp_sched_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}

static inline long hyp_event_channel_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static inline long hyp_callback_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_callback_op, cmd, arg, 0, 0, 0);
}

static inline long hyp_set_trap_table(const trap_info_t *table)
{
    return HC(__HYPERVISOR_set_trap_table, table, 0, 0, 0, 0);
}

static inline long hyp_set_timer_op(uint64_t deadline_ns)
{
    return HC(__HYPERVISOR_set_timer_op, deadline_ns, 0, 0, 0, 0);
}

static inline long hyp_mmu_update(mmu_update_t *reqs, unsigned int count,
                                  unsigned int *done, domid_t foreign)
{
    return HC(__HYPERVISOR_mmu_update, reqs, count, done, foreign, 0);
}

static inline long hyp_mmuext_op(mmuext_op_t *ops, unsigned int count,
                                 unsigned int *done, domid_t foreign)
{
    return HC(__HYPERVISOR_mmuext_op, ops, count, done, foreign, 0);
}

static inline long hyp_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
    return HC(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0);
}

static inline long hyp_xen_version(int cmd, void *arg)
{
    return HC(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}

static inline long hyp_domctl(void *op)
{
    return HC(__HYPERVISOR_domctl, op, 0, 0, 0, 0);
}

static inline long hyp_sysctl(void *op)
{
    return HC(__HYPERVISOR_sysctl, op, 0, 0, 0, 0);
}

static inline long hyp_physdev_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

static inline long hyp_memory_op(int cmd, void *arg)
{
    return HC(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}

static inline long hyp_grant_table_op(int cmd, void *args, unsigned int count)
{
    return HC(__HYPERVISOR_grant_table_op, cmd, args, count, 0, 0);
}

#endif
