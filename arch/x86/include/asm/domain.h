/* x86 state of a PV vCPU and domain. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/regs.h>
#include <keel/layout.h>

/* One entry of a guest's trap table (set_trap_table). */
struct pv_trap {
    uint64_t address;      /* handler, 0: none */
    uint16_t cs;
    bool mask_events;      /* TI_SET_IF clear: mask events on entry */
    uint8_t dpl;           /* privilege needed to raise it with INT n */
};

struct arch_vcpu {
    struct cpu_regs user_regs;     /* the guest's registers while it does not run */
    struct pv_trap traps[256];
    uint64_t kernel_sp;            /* stack_switch: the kernel's stack for bounces */
    uint16_t kernel_ss;
    uint64_t event_callback;       /* upcall for events */
    uint64_t failsafe_callback;    /* when a return to the guest faults */
    uint64_t syscall_callback;     /* user-mode SYSCALL goes here */
    bool syscall_mask_events;
    uint64_t guest_table;          /* kernel-mode L4 (machine address) */
    uint64_t guest_table_user;     /* user-mode L4, 0 if none */
    bool kernel_mode;              /* the guest runs its kernel, not a user task */
    uint8_t iopl;                  /* virtual IOPL (PHYSDEVOP_set_iopl), 0-3 */
    uint64_t fs_base, gs_base_kernel, gs_base_user;
    uint64_t gdt_frames[FIRST_RESERVED_GDT_PAGE]; /* set_gdt: its descriptor frames, */
    unsigned int gdt_nr_frames;    /* each held as PGT_SEG_DESC (pv/descriptor.c) */
    unsigned int gdt_ents;         /* descriptors the guest named */
};

struct arch_domain {
    uint64_t hypercall_page_va;    /* 0 if the guest gave none */
    uint32_t pci_cf8;              /* its virtual PCI CONFIG_ADDRESS */
};

#endif
