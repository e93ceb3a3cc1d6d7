/*
 * Xen guest ABI: __HYPERVISOR_callback_op(cmd, arg). Where the hypervisor
 * enters a PV guest kernel for events, failures and system calls.
 */
#ifndef __XEN_PUBLIC_CALLBACK_H__
#define __XEN_PUBLIC_CALLBACK_H__

#include "xen.h"

#define CALLBACKTYPE_event                 0 /* event upcall (vcpu_info pending) */
#define CALLBACKTYPE_failsafe              1 /* returning to the guest failed, */
                                             /* e.g. a bad segment: last resort */
#define CALLBACKTYPE_syscall               2 /* SYSCALL from 64-bit user mode */
#define CALLBACKTYPE_sysenter_deprecated   3 /* old 32-bit hypervisor only */
#define CALLBACKTYPE_nmi                   4 /* NMI delivery */
#define CALLBACKTYPE_sysenter              5 /* SYSENTER from 32-bit user mode */
/* 6 is unused */
#define CALLBACKTYPE_syscall32             7 /* SYSCALL from 32-bit user mode */

/* Mask events while in the callback (ignored for event and NMI: always). */
#define _CALLBACKF_mask_events             0
#define CALLBACKF_mask_events              (1U << _CALLBACKF_mask_events)

/* arg struct callback_register */
#define CALLBACKOP_register                0
/* arg struct callback_unregister; some types refuse (-XEN_EINVAL). */
#define CALLBACKOP_unregister              1

#ifndef __ASSEMBLER__
struct callback_register {
    uint16_t type;              /* CALLBACKTYPE_* */
    uint16_t flags;             /* CALLBACKF_* */
    xen_callback_t address;     /* entry point */
};
typedef struct callback_register callback_register_t;

struct callback_unregister {
    uint16_t type;              /* CALLBACKTYPE_* */
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
#endif

#endif /* __XEN_PUBLIC_CALLBACK_H__ */
