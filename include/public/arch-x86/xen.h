/*
 * Xen guest ABI, x86 part shared by every x86 guest type: basic types,
 * guest handles, the hypervisor's share of the GDT, the trap table, the
 * saved vCPU context, and the x86 fields of the shared info page.
 *
 * Keel is 64-bit only, so only the x86_64 forms are here. Numbers and
 * layouts are Xen's; xen.h includes this header before anything else.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_H__

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#include "xen-x86_64.h"
#include "cpuid.h"

#ifndef __ASSEMBLER__

/*
 * A guest handle names guest memory in a hypercall argument. On x86 it is
 * an address in the calling guest's own address space, so a plain pointer
 * (8 bytes) has exactly the layout Xen's one-pointer struct has. Write
 * XEN_GUEST_HANDLE(uint8_t), XEN_GUEST_HANDLE(const void), ...
 */
#define XEN_GUEST_HANDLE(type)        type *
#define XEN_GUEST_HANDLE_PARAM(type)  XEN_GUEST_HANDLE(type)
#define XEN_GUEST_HANDLE_64(type)     XEN_GUEST_HANDLE(type)
#define set_xen_guest_handle_raw(hnd, val) ((hnd) = (val))
#define set_xen_guest_handle(hnd, val)     set_xen_guest_handle_raw(hnd, val)

/* A (pseudo-)physical or machine frame number. */
typedef unsigned long xen_pfn_t;
#define PRI_xen_pfn  "lx"
#define PRIu_xen_pfn "lu"

/* The native word: one bit per event channel in the selector, for one. */
typedef unsigned long xen_ulong_t;
#define PRI_xen_ulong "lx"

/* A TSC value, as RDTSC returns it. */
typedef uint64_t tsc_timestamp_t;

#endif /* !__ASSEMBLER__ */

/* This ABI has PV entry (start_info) and a per-vCPU event mask. */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/*
 * __HYPERVISOR_set_gdt(frames[], entries): a PV guest's GDT is the first
 * FIRST_RESERVED_GDT_PAGE pages of each vCPU's GDT (at most 14 frames,
 * 7168 descriptors); the page after them belongs to the hypervisor and holds
 * its own selectors and the FLAT_RING3_* segments. Sitting at the end keeps
 * clear of the low selector numbers some guests hard-code. The LDT is set
 * with MMUEXT_SET_LDT, descriptors with __HYPERVISOR_update_descriptor
 * (machine address of the descriptor, 8-byte descriptor).
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* vCPUs whose vcpu_info fits in the shared info page. */
#define XEN_LEGACY_MAX_VCPUS 32

/* Architectural hypercalls and VIRQs (numbers from xen.h's arch range). */
#define __HYPERVISOR_mca __HYPERVISOR_arch_0 /* machine-check operations */
#define VIRQ_MCA         VIRQ_ARCH_0         /* global: machine check seen */

#ifndef __ASSEMBLER__

/*
 * __HYPERVISOR_set_trap_table(traps[]): the guest's virtual IDT, one entry
 * per vector it handles, ended by an entry whose address is 0.
 * flags[1:0] is the lowest privilege allowed to raise the vector with INT n
 * (on x86_64: 0 none, 1-2 the guest kernel, 3 anyone); flags[2] set means
 * "mask events on entry", like an interrupt gate clearing IF.
 */
struct trap_info {
    uint8_t       vector;  /* exception or interrupt vector */
    uint8_t       flags;   /* [1:0] DPL, [2] mask events on delivery */
    uint16_t      cs;      /* guest code selector for the handler */
    unsigned long address; /* handler entry point; 0 ends the table */
};
typedef struct trap_info trap_info_t;

#define TI_GET_DPL(ti)      ((ti)->flags & 3)
#define TI_GET_IF(ti)       ((ti)->flags & 4)
#define TI_SET_DPL(ti, dpl) ((ti)->flags |= (dpl))
#define TI_SET_IF(ti, on)   ((ti)->flags |= ((on) ? 4 : 0))

/*
 * A vCPU's complete PV state, as given to VCPUOP_initialise to start a
 * secondary vCPU (and as the toolstack saves and restores it).
 */
struct vcpu_guest_context {
    /* FXSAVE image; first so that it stays 16-byte aligned. */
    struct { char x[512]; } fpu_ctxt;
#define VGCF_I387_VALID                (1 << 0)
#define VGCF_IN_KERNEL                 (1 << 2)
#define _VGCF_i387_valid               0  /* fpu_ctxt holds real state */
#define VGCF_i387_valid                (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel                2  /* start in guest kernel mode */
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3  /* mask events on failsafe entry */
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4  /* mask events on syscall entry */
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                   5  /* (toolstack) vCPU is up */
#define VGCF_online                    (1 << _VGCF_online)
    unsigned long flags;                 /* VGCF_* */
    struct cpu_user_regs user_regs;      /* general registers, rip, rsp... */
    struct trap_info trap_ctxt[256];     /* virtual IDT, indexed by vector */
    unsigned long ldt_base;              /* LDT linear address */
    unsigned long ldt_ents;              /* LDT entries */
    unsigned long gdt_frames[16];        /* GDT frames (machine) */
    unsigned long gdt_ents;              /* GDT entries */
    unsigned long kernel_ss;             /* stack for guest-kernel entry */
    unsigned long kernel_sp;
    /* ctrlreg[3]: kernel page table; ctrlreg[1]: user page table (x86_64) */
    unsigned long ctrlreg[8];
    unsigned long debugreg[8];           /* DR0-DR7 */
    unsigned long event_callback_eip;    /* event upcall entry */
    unsigned long failsafe_callback_eip; /* entry when a bad frame is met */
    unsigned long syscall_callback_eip;  /* entry for user SYSCALL */
    unsigned long vm_assist;             /* VMASST_TYPE_* bits to enable */
    uint64_t      fs_base;               /* segment bases (no MSR access) */
    uint64_t      gs_base_kernel;
    uint64_t      gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;

/* The x86 part of struct shared_info. */
struct arch_shared_info {
    /* One past the highest PFN the guest's P2M describes. */
    unsigned long max_pfn;
    /*
     * MFN of the top page of the guest's 3-level P2M tree (a page of MFNs
     * of pages of MFNs of the P2M itself), for the toolstack. 0 means not
     * set yet, ~0 that the tree is not kept and p2m_vaddr is to be used.
     */
    xen_pfn_t     pfn_to_mfn_frame_list_list;
    unsigned long nmi_reason;     /* why the last NMI was raised (dom0) */
    /*
     * A linear P2M: an array of max_pfn MFNs at p2m_vaddr in the address
     * space whose CR3 (in xen_pfn_to_cr3 form) is p2m_cr3. Only valid when
     * p2m_cr3 is non-zero. The guest makes p2m_generation odd while it
     * changes the mapping and even again afterwards, so readers can tell.
     */
    unsigned long p2m_cr3;
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
};
typedef struct arch_shared_info arch_shared_info_t;

#endif /* !__ASSEMBLER__ */

/*
 * A PV guest cannot trap CPUID (or other non-faulting instructions) by
 * itself. Prefixing one with these five bytes -- UD2 then the ASCII letters
 * 'x' 'e' 'n' -- makes it fault, and the hypervisor emulates the instruction
 * that follows with the guest's view (e.g. Xen's CPUID leaves).
 */
#define XEN_EMULATE_PREFIX_BYTES 0x0f, 0x0b, 0x78, 0x65, 0x6e
#ifdef __ASSEMBLER__
#define XEN_EMULATE_PREFIX .byte 0x0f, 0x0b, 0x78, 0x65, 0x6e ;
#define XEN_CPUID          XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e\n\t"
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"
#endif

/* I/O port whose writes go to the hypervisor's console (HVM/PVH guests). */
#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

#endif /* __XEN_PUBLIC_ARCH_X86_XEN_H__ */
