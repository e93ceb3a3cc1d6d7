/*
 * Xen guest ABI, the parts that exist only for 64-bit x86 PV guests: the
 * flat selectors Keel keeps in every GDT, where the hypervisor sits in the
 * guest's address space, the register frame exchanged with the guest, and
 * the stack frame of __HYPERVISOR_iret.
 *
 * Included by arch-x86/xen.h; not meant to be included on its own by C
 * code, though it compiles alone. Numbers and layouts are Xen's.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/*
 * Hypercall convention (64-bit PV): number in %rax, arguments in %rdi,
 * %rsi, %rdx, %r10, %r8, %r9, result in %rax. Guests normally call the
 * 32-byte stub for N in the hypercall page (at N * 32), which the
 * hypervisor writes; the stub keeps %rcx and %r11, but the argument
 * registers the call uses come back clobbered.
 *
 * Older Xen headers called the trapping instruction TRAP_INSTR; on x86_64
 * it is SYSCALL. Kept for guests that emit it directly.
 */
#ifdef __ASSEMBLER__
#define TRAP_INSTR syscall
#else
#define TRAP_INSTR "syscall"
#endif

/*
 * Flat 4 GiB segments that live in the hypervisor's reserved GDT page
 * (its entries 4-6, i.e. GDT entries 7172-7174: FIRST_RESERVED_GDT_ENTRY
 * is 7168), so a guest can run without a GDT of its own. All are RPL 3: a 64-bit PV kernel runs in
 * ring 3 as well, so kernel and user selectors are the same values.
 */
#define FLAT_RING3_CS32 0xe023  /* entry 7172: 32-bit code */
#define FLAT_RING3_CS64 0xe033  /* entry 7174: 64-bit code */
#define FLAT_RING3_DS32 0xe02b  /* entry 7173: data */
#define FLAT_RING3_DS64 0x0000  /* long mode needs no data segment: null */
#define FLAT_RING3_SS32 0xe02b  /* entry 7173, as a stack segment */
#define FLAT_RING3_SS64 0xe02b  /* entry 7173, as a stack segment */

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS   FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS   FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS   FLAT_USER_SS64

/*
 * The hole at the bottom of the upper canonical half that belongs to the
 * hypervisor in every 64-bit PV address space (PML4 slots 256-271). Its
 * first 256 GiB hold the read-only machine-to-phys table, one 8-byte guest
 * frame number per machine frame, which the guest reads directly.
 * The literals are unsigned long on their own: too big for long.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000

#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START __HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_END   __HYPERVISOR_VIRT_END
#endif
#define MACH2PHYS_VIRT_START  __MACH2PHYS_VIRT_START
#define MACH2PHYS_VIRT_END    __MACH2PHYS_VIRT_END
/* Entries in the table: one per 8 bytes of its range. */
#define MACH2PHYS_NR_ENTRIES  ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) / 8)
#ifndef machine_to_phys_mapping
#define machine_to_phys_mapping ((unsigned long *)HYPERVISOR_VIRT_START)
#endif

/*
 * __HYPERVISOR_set_segment_base(which, base): 64-bit guests cannot write
 * the FS/GS base MSRs themselves.
 */
#define SEGBASE_FS          0 /* %fs base */
#define SEGBASE_GS_USER     1 /* %gs base used while in user mode */
#define SEGBASE_GS_KERNEL   2 /* %gs base used while in kernel mode */
#define SEGBASE_GS_USER_SEL 3 /* load user %gs selector base[15:0] */

/*
 * VGCF_in_syscall: the guest entered through SYSCALL, so
 * __HYPERVISOR_iret may return with SYSRET (only rax, rip, rflags, rsp are
 * restored from struct iret_context; r11, rcx, cs, ss are dropped).
 * Without it every field of the frame is restored.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

#ifndef __ASSEMBLER__

/*
 * What a guest kernel pushes before __HYPERVISOR_iret, lowest address
 * (the %rsp at the hypercall) first. The saved CS's RPL picks the mode to
 * return to: RPL 3 returns to guest user mode, anything lower to guest
 * kernel mode. A kernel returning to itself may instead just iretq.
 */
struct iret_context {
    uint64_t rax;    /* restored: the hypercall clobbered it */
    uint64_t r11;    /* restored unless VGCF_in_syscall */
    uint64_t rcx;    /* restored unless VGCF_in_syscall */
    uint64_t flags;  /* VGCF_in_syscall or 0 */
    uint64_t rip;
    uint64_t cs;
    uint64_t rflags; /* IF here sets the event mask, as in a real iret */
    uint64_t rsp;
    uint64_t ss;
};

/*
 * The guest-visible register frame, as in vcpu_guest_context and as Keel
 * saves it on entry. Registers are named by their 64-bit names only.
 */
struct cpu_user_regs {
    uint64_t r15;
    uint64_t r14;
    uint64_t r13;
    uint64_t r12;
    uint64_t rbp;
    uint64_t rbx;
    uint64_t r11;
    uint64_t r10;
    uint64_t r9;
    uint64_t r8;
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rsi;
    uint64_t rdi;
    uint32_t error_code;     /* hypervisor-private: exception error code */
    uint32_t entry_vector;   /* hypervisor-private: how we were entered */
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t  saved_upcall_mask; /* guest event mask at entry (IF = !mask) */
    uint8_t  _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;

/* CR3 values carry the frame number shifted up by the page size. */
#define xen_pfn_to_cr3(pfn) ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((unsigned long)(cr3) >> 12)

/* The x86 part of struct vcpu_info. */
struct arch_vcpu_info {
    unsigned long cr2;  /* faulting address of the last page fault bounced */
    unsigned long pad;  /* keeps struct vcpu_info at 64 bytes */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A callback is just its 64-bit entry address (the code segment is fixed). */
typedef unsigned long xen_callback_t;

#endif /* !__ASSEMBLER__ */

#endif /* __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__ */
