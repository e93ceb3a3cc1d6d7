/*
 * Xen guest ABI: the core. Hypercall and VIRQ numbers, the PV MMU
 * interface (mmu_update, mmuext_op, update_va_mapping flags), domain ids,
 * multicall, and the pages every PV guest shares with the hypervisor:
 * shared_info (with one vcpu_info per vCPU) and start_info.
 *
 * Keel implements this ABI so that guests built for Xen run unchanged, so
 * every number, name, size and field offset here is Xen's (x86_64, latest
 * interface version); the comments are Keel's own. Guests built against
 * Xen's own headers must see the same memory layout: see
 * tests/unit/test_public_abi_*.c, which pins each size and offset.
 *
 * Usable from C (C11, hosted or freestanding) and, for the numbers, from
 * assembly (__ASSEMBLER__).
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#if !defined(__x86_64__)
#error "Keel's public headers describe the x86_64 ABI only"
#endif

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#include "arch-x86/xen.h"

/*
 * Typed constants that assembly can use too: C gets the suffix, the
 * assembler a bare number.
 */
#ifndef __ASSEMBLER__
#define xen_mk_uint(x)   x##U
#define xen_mk_ulong(x)  x##UL
#define xen_mk_ullong(x) x##ULL
#else
#define xen_mk_uint(x)   x
#define xen_mk_ulong(x)  x
#define xen_mk_ullong(x) x
#endif

/*
 * ---------------------------------------------------------------------
 * Hypercall numbers. A 64-bit PV guest calls number N through the stub at
 * N * 32 in its hypercall page (see arch-x86/xen-x86_64.h for registers).
 * Results are >= 0 on success or a negated XEN_E* value (errno.h).
 * ---------------------------------------------------------------------
 */
#define __HYPERVISOR_set_trap_table        0 /* install the virtual IDT */
#define __HYPERVISOR_mmu_update            1 /* batch of checked PTE / M2P writes */
#define __HYPERVISOR_set_gdt               2 /* install a GDT from a frame list */
#define __HYPERVISOR_stack_switch          3 /* kernel SS:SP for entries from user */
#define __HYPERVISOR_set_callbacks         4 /* event + failsafe entries (old form) */
#define __HYPERVISOR_fpu_taskswitch        5 /* set (1) or clear (0) virtual CR0.TS */
#define __HYPERVISOR_sched_op_compat       6 /* sched_op with a scalar argument (old) */
#define __HYPERVISOR_platform_op           7 /* dom0: firmware, time, CPUs (platform.h) */
#define __HYPERVISOR_set_debugreg          8 /* write DR0-DR7 */
#define __HYPERVISOR_get_debugreg          9 /* read DR0-DR7 */
#define __HYPERVISOR_update_descriptor    10 /* write one GDT/LDT descriptor */
/* 11 is unused */
#define __HYPERVISOR_memory_op            12 /* XENMEM_*: reservations, maps (memory.h) */
#define __HYPERVISOR_multicall            13 /* run a batch of multicall_entry */
#define __HYPERVISOR_update_va_mapping    14 /* write the PTE of one address, flush */
#define __HYPERVISOR_set_timer_op         15 /* one-shot timer at a system time (ns) */
#define __HYPERVISOR_event_channel_op_compat 16 /* event channels via evtchn_op (old) */
#define __HYPERVISOR_xen_version          17 /* XENVER_*: version, features (version.h) */
#define __HYPERVISOR_console_io           18 /* CONSOLEIO_*: hypervisor console */
#define __HYPERVISOR_physdev_op_compat    19 /* physdev via physdev_op (old) */
#define __HYPERVISOR_grant_table_op       20 /* GNTTABOP_* (grant_table.h) */
#define __HYPERVISOR_vm_assist            21 /* turn a VMASST_TYPE_* on or off */
#define __HYPERVISOR_update_va_mapping_otherdomain 22 /* as 14, another domain's frame */
#define __HYPERVISOR_iret                 23 /* x86 PV: return via iret_context */
#define __HYPERVISOR_vcpu_op              24 /* VCPUOP_*: vCPU control, timers (vcpu.h) */
#define __HYPERVISOR_set_segment_base     25 /* x86_64 PV: FS/GS bases (SEGBASE_*) */
#define __HYPERVISOR_mmuext_op            26 /* batch of mmuext_op: pins, CR3, TLB */
#define __HYPERVISOR_xsm_op               27 /* security module (XSM/FLASK) */
#define __HYPERVISOR_nmi_op               28 /* register an NMI handler (old form) */
#define __HYPERVISOR_sched_op             29 /* SCHEDOP_*: yield, block, shutdown (sched.h) */
#define __HYPERVISOR_callback_op          30 /* CALLBACKOP_* (callback.h) */
#define __HYPERVISOR_xenoprof_op          31 /* profiling (gone from recent Xen) */
#define __HYPERVISOR_event_channel_op     32 /* EVTCHNOP_* (event_channel.h) */
#define __HYPERVISOR_physdev_op           33 /* PHYSDEVOP_*: IRQs, PCI (physdev.h) */
#define __HYPERVISOR_hvm_op               34 /* HVMOP_*: HVM/PVH parameters */
#define __HYPERVISOR_sysctl               35 /* toolstack: host-wide control */
#define __HYPERVISOR_domctl               36 /* toolstack: per-domain control */
#define __HYPERVISOR_kexec_op             37 /* load / run a crash kernel */
#define __HYPERVISOR_tmem_op              38 /* transcendent memory (removed) */
#define __HYPERVISOR_argo_op              39 /* Argo inter-domain messages */
#define __HYPERVISOR_xenpmu_op            40 /* virtual performance counters */
#define __HYPERVISOR_dm_op                41 /* device-model operations */
#define __HYPERVISOR_hypfs_op             42 /* hypervisor file system */

/* Eight numbers each architecture may use as it likes (x86: see arch-x86). */
#define __HYPERVISOR_arch_0               48
#define __HYPERVISOR_arch_1               49
#define __HYPERVISOR_arch_2               50
#define __HYPERVISOR_arch_3               51
#define __HYPERVISOR_arch_4               52
#define __HYPERVISOR_arch_5               53
#define __HYPERVISOR_arch_6               54
#define __HYPERVISOR_arch_7               55

/*
 * ---------------------------------------------------------------------
 * Virtual IRQs: events the hypervisor raises, bound to an event channel
 * with EVTCHNOP_bind_virq. "Per vCPU" ones can be bound once on each vCPU;
 * "global" ones once per domain, on vCPU 0 (then moved with bind_vcpu).
 * ---------------------------------------------------------------------
 */
#define VIRQ_TIMER      0  /* per vCPU: timer fired / time info updated */
#define VIRQ_DEBUG      1  /* per vCPU: asked to dump debug state */
#define VIRQ_CONSOLE    2  /* global: input on the hypervisor console */
#define VIRQ_DOM_EXC    3  /* global: some domain shut down or crashed */
#define VIRQ_TBUF       4  /* global: trace buffers have records */
/* 5 is unused */
#define VIRQ_DEBUGGER   6  /* global: a domain stopped for a debugger */
#define VIRQ_XENOPROF   7  /* per vCPU: profiling sample ready */
#define VIRQ_CON_RING   8  /* global: hypervisor console ring has new text */
#define VIRQ_PCPU_STATE 9  /* global: a physical CPU came or went */
#define VIRQ_MEM_EVENT  10 /* global: a memory access event is queued */
#define VIRQ_ARGO       11 /* per domain: Argo message arrived */
#define VIRQ_ENOMEM     12 /* global: hypervisor heap running low */
#define VIRQ_XENPMU     13 /* per vCPU: performance counter interrupt */

/* Eight per-architecture VIRQs (x86: VIRQ_MCA). */
#define VIRQ_ARCH_0    16
#define VIRQ_ARCH_1    17
#define VIRQ_ARCH_2    18
#define VIRQ_ARCH_3    19
#define VIRQ_ARCH_4    20
#define VIRQ_ARCH_5    21
#define VIRQ_ARCH_6    22
#define VIRQ_ARCH_7    23

#define NR_VIRQS       24

/*
 * ---------------------------------------------------------------------
 * __HYPERVISOR_mmu_update(reqs[], count, done_out, foreigndom)
 *
 * A PV guest's page tables are mapped read-only to it; it changes them by
 * asking the hypervisor, which validates every entry. Each request is a
 * (ptr, val) pair; the low two bits of ptr (always zero in an 8-byte
 * aligned address) select the command, the rest is a machine address.
 *
 * foreigndom[15:0] is the domain that must own the frames new L1 entries
 * map (usually DOMID_SELF; DOMID_IO for device memory). foreigndom[31:16],
 * if non-zero, is 1 + the domain that owns the page tables being edited.
 * ---------------------------------------------------------------------
 */
/* Write val into the page-table entry at machine address ptr, checked. */
#define MMU_NORMAL_PT_UPDATE       0
/* Set the M2P entry of the frame containing ptr to the guest frame val. */
#define MMU_MACHPHYS_UPDATE        1
/* As NORMAL, but keep the Accessed/Dirty bits the entry has now. */
#define MMU_PT_UPDATE_PRESERVE_AD  2
/* As NORMAL, but val's frame is machine, never translated. */
#define MMU_PT_UPDATE_NO_TRANSLATE 3

/*
 * ---------------------------------------------------------------------
 * __HYPERVISOR_mmuext_op(ops[], count, done_out, foreigndom)
 * Everything about page tables and TLBs that is not an entry write.
 * ---------------------------------------------------------------------
 */
#define MMUEXT_PIN_L1_TABLE      0  /* arg1.mfn: validate and pin as an L1 */
#define MMUEXT_PIN_L2_TABLE      1  /* ... as an L2 */
#define MMUEXT_PIN_L3_TABLE      2  /* ... as an L3 */
#define MMUEXT_PIN_L4_TABLE      3  /* ... as an L4 (a 64-bit root) */
#define MMUEXT_UNPIN_TABLE       4  /* arg1.mfn: drop the pin */
#define MMUEXT_NEW_BASEPTR       5  /* arg1.mfn: load as kernel CR3 */
#define MMUEXT_TLB_FLUSH_LOCAL   6  /* flush this vCPU's TLB */
#define MMUEXT_INVLPG_LOCAL      7  /* arg1.linear_addr: flush one page here */
#define MMUEXT_TLB_FLUSH_MULTI   8  /* arg2.vcpumask: flush those vCPUs' TLBs */
#define MMUEXT_INVLPG_MULTI      9  /* linear_addr on the vCPUs in vcpumask */
#define MMUEXT_TLB_FLUSH_ALL    10  /* flush every vCPU's TLB */
#define MMUEXT_INVLPG_ALL       11  /* linear_addr on every vCPU */
#define MMUEXT_FLUSH_CACHE      12  /* write back and invalidate caches (this CPU) */
#define MMUEXT_SET_LDT          13  /* arg1.linear_addr, arg2.nr_ents: the LDT */
/* 14 is unused */
#define MMUEXT_NEW_USER_BASEPTR 15  /* arg1.mfn: user-mode root (x86_64) */
#define MMUEXT_CLEAR_PAGE       16  /* arg1.mfn: zero the frame */
#define MMUEXT_COPY_PAGE        17  /* arg1.mfn <- arg2.src_mfn, whole frame */
#define MMUEXT_FLUSH_CACHE_GLOBAL 18 /* as FLUSH_CACHE, on every CPU */
#define MMUEXT_MARK_SUPER       19  /* arg1.mfn: mark a 2 MiB superpage */
#define MMUEXT_UNMARK_SUPER     20  /* arg1.mfn: undo MARK_SUPER */

/*
 * ---------------------------------------------------------------------
 * __HYPERVISOR_update_va_mapping(va, pte, flags): the flags say which TLB
 * flush follows the write. For UVMF_MULTI, OR a pointer to the vCPU bitmap
 * into flags (so it must be 4-byte aligned); a null pointer means local.
 * ---------------------------------------------------------------------
 */
#define UVMF_NONE           xen_mk_ulong(0) /* no flush */
#define UVMF_TLB_FLUSH      xen_mk_ulong(1) /* flush whole TLB(s) */
#define UVMF_INVLPG         xen_mk_ulong(2) /* flush just this address */
#define UVMF_FLUSHTYPE_MASK xen_mk_ulong(3)
#define UVMF_MULTI          xen_mk_ulong(0) /* on the vCPUs in the bitmap */
#define UVMF_LOCAL          xen_mk_ulong(0) /* on this vCPU only */
#define UVMF_ALL            xen_mk_ulong(4) /* on every vCPU of the domain */

/* __HYPERVISOR_console_io(cmd, count, buffer) */
#define CONSOLEIO_write         0 /* print count bytes on the console */
#define CONSOLEIO_read          1 /* take up to count bytes of input (dom0) */

/*
 * ---------------------------------------------------------------------
 * __HYPERVISOR_vm_assist(cmd, type): optional hypervisor help.
 * ---------------------------------------------------------------------
 */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1

/* 32-bit guests only: pretend segment limits are 4 GiB. */
#define VMASST_TYPE_4gb_segments         0
/* 32-bit guests only: raise trap 15 when the above is relied upon. */
#define VMASST_TYPE_4gb_segments_notify  1
/* Let the guest write its L1 entries directly; they are trapped/emulated. */
#define VMASST_TYPE_writable_pagetables  2
/* 32-bit PAE guests: page directory pointer tables may lie above 4 GiB. */
#define VMASST_TYPE_pae_extended_cr3     3
/* I/O privilege follows the real IOPL semantics (virtual EFLAGS.IOPL). */
#define VMASST_TYPE_architectural_iopl   4
/* Set XEN_RUNSTATE_UPDATE in the runstate area while updating it. */
#define VMASST_TYPE_runstate_update_flag 5
/* x86_64: M2P entries of frames the guest does not own read as invalid. */
#define VMASST_TYPE_m2p_strict           32

/*
 * ---------------------------------------------------------------------
 * Domain ids. Ordinary domains are 0 (dom0) to DOMID_FIRST_RESERVED - 1;
 * the rest have special meanings.
 * ---------------------------------------------------------------------
 */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0)
#define DOMID_SELF           xen_mk_uint(0x7FF0) /* the calling domain */
#define DOMID_IO             xen_mk_uint(0x7FF1) /* owner of I/O memory */
#define DOMID_XEN            xen_mk_uint(0x7FF2) /* the hypervisor's own frames */
#define DOMID_COW            xen_mk_uint(0x7FF3) /* shared copy-on-write frames */
#define DOMID_INVALID        xen_mk_uint(0x7FF4) /* no owner / no domain */
#define DOMID_ANY            xen_mk_uint(0x7FF5) /* any domain (xenstore perms) */
#define DOMID_IDLE           xen_mk_uint(0x7FFF) /* the idle domain */
#define DOMID_MASK           xen_mk_uint(0x7FFF) /* bits a domain id may use */

/* SIF_* flags in start_info.flags (also hvm_start_info.flags). */
#define SIF_PRIVILEGED      (1 << 0) /* may use privileged operations */
#define SIF_INITDOMAIN      (1 << 1) /* this is dom0, the initial domain */
#define SIF_MULTIBOOT_MOD   (1 << 2) /* mod_start is a multiboot module list */
#define SIF_MOD_START_PFN   (1 << 3) /* mod_start is a PFN, not an address */
#define SIF_VIRT_P2M_4TOOLS (1 << 4) /* tools read the linear P2M (p2m_vaddr) */
#define SIF_PM_MASK         (0xFF << 8) /* reserved for power management */

#ifndef __ASSEMBLER__

typedef uint16_t domid_t;

/* One mmu_update request (see above). */
struct mmu_update {
    uint64_t ptr;  /* machine address of the entry, command in bits 1:0 */
    uint64_t val;  /* value to write */
};
typedef struct mmu_update mmu_update_t;

/* One mmuext_op request; which union member is used depends on cmd. */
struct mmuext_op {
    unsigned int cmd;                    /* MMUEXT_* */
    union {
        xen_pfn_t     mfn;               /* pins, base pointers, clear/copy */
        unsigned long linear_addr;       /* INVLPG_*, SET_LDT */
    } arg1;
    union {
        unsigned int  nr_ents;           /* SET_LDT: entries */
        XEN_GUEST_HANDLE(const void) vcpumask; /* *_MULTI: vCPU bitmap */
        xen_pfn_t     src_mfn;           /* COPY_PAGE: source frame */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;

/*
 * __HYPERVISOR_multicall(entries[], count): each entry is run as the
 * hypercall op with args, and its return value stored in result.
 */
struct multicall_entry {
    xen_ulong_t op;       /* hypercall number */
    xen_ulong_t result;   /* written back: that hypercall's return value */
    xen_ulong_t args[6];  /* its arguments, in order */
};
typedef struct multicall_entry multicall_entry_t;

/*
 * Time as the hypervisor publishes it to each vCPU. Reading it: wait for
 * an even version, copy the fields, re-read version and retry if it moved
 * (the hypervisor makes it odd while it writes). Then
 *   delta = TSC - tsc_timestamp, shifted left by tsc_shift (right if
 *           negative),
 *   now   = system_time + (delta * tsc_to_system_mul) >> 32   (a 96-bit
 *           product; system time is ns since the hypervisor booted).
 */
struct vcpu_time_info {
    uint32_t version;          /* odd while an update is in progress */
    uint32_t pad0;
    uint64_t tsc_timestamp;    /* TSC when system_time was sampled */
    uint64_t system_time;      /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* ns per (shifted) TSC tick, 32.32 fixed */
    int8_t   tsc_shift;        /* pre-scale of the TSC delta */
    uint8_t  flags;            /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

#define XEN_PVCLOCK_TSC_STABLE_BIT     (1 << 0) /* TSC is synchronised across CPUs */
#define XEN_PVCLOCK_GUEST_STOPPED      (1 << 1) /* guest was paused by the host */

/*
 * Per-vCPU part of the shared info page (or wherever the guest moved it
 * with VCPUOP_register_vcpu_info). Events reach the vCPU as an upcall to
 * its event callback when upcall_pending is set and upcall_mask is clear.
 */
struct vcpu_info {
    /*
     * Set by the hypervisor when some event for this vCPU is pending; the
     * guest clears it before scanning, so a new event re-sets it.
     */
    uint8_t evtchn_upcall_pending;
    /* The guest's "interrupts disabled" flag: non-zero blocks upcalls. */
    uint8_t evtchn_upcall_mask;
    /* 2-level ABI: bit i set = word i of evtchn_pending may have work. */
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared info page: one frame the hypervisor and the guest both map
 * (PV: start_info.shared_info; HVM: XENMAPSPACE_shared_info).
 */
struct shared_info {
    /* vCPU n's vcpu_info for n < 32, until it registers one elsewhere. */
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];

    /*
     * 2-level event channels: bit p of evtchn_pending is set when port p
     * fires; bit p of evtchn_mask (set by the guest) stops that firing from
     * raising an upcall. 64 words of 64 bits: 4096 ports.
     */
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];

    /*
     * Wall-clock time (seconds and ns since 1970) at system time 0, as the
     * domain sees it; updated under wc_version like vcpu_time_info.
     */
    uint32_t wc_version;
    uint32_t wc_sec;          /* low 32 bits of the seconds */
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;       /* high 32 bits of the seconds */
#define xen_wc_sec_hi wc_sec_hi

    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/*
 * ---------------------------------------------------------------------
 * start_info: what a PV guest finds at boot, its address in %rsi at the
 * entry point. The fields up to console are rewritten on resume too.
 * ---------------------------------------------------------------------
 */
#define MAX_GUEST_CMDLINE 1024

/* Keel's name for the magic a 64-bit PV guest is given (Xen has none). */
#define KEEL_START_INFO_MAGIC "xen-3.0-x86_64"

struct start_info {
    char magic[32];             /* "xen-<version>-<arch>": "xen-3.0-x86_64" */
    unsigned long nr_pages;     /* pages the domain owns */
    unsigned long shared_info;  /* machine address of the shared info page */
    uint32_t flags;             /* SIF_* */
    xen_pfn_t store_mfn;        /* machine frame of the xenstore ring */
    uint32_t store_evtchn;      /* event channel of the xenstore ring */
    union {
        struct {                /* ordinary domains */
            xen_pfn_t mfn;      /* machine frame of the console ring */
            uint32_t  evtchn;   /* its event channel */
        } domU;
        struct {                /* dom0: no ring, a dom0_vga_console_info */
            uint32_t info_off;  /* its offset from start of start_info */
            uint32_t info_size; /* its size */
        } dom0;
    } console;
    /* The rest is only valid at first boot. */
    unsigned long pt_base;      /* virtual address of the initial L4 */
    unsigned long nr_pt_frames; /* frames of initial page tables */
    unsigned long mfn_list;     /* virtual address of the P2M array */
    unsigned long mod_start;    /* initrd: virtual address (PFN if */
                                /* SIF_MOD_START_PFN), 0 if none */
    unsigned long mod_len;      /* initrd size in bytes */
    int8_t cmd_line[MAX_GUEST_CMDLINE]; /* kernel command line, NUL-ended */
    /* Frames holding the initial page tables and P2M, if placed apart. */
    unsigned long first_p2m_pfn;
    unsigned long nr_p2m_frames;
};
typedef struct start_info start_info_t;

/*
 * With SIF_MULTIBOOT_MOD, mod_start points at an array of these (ended by
 * an entry with mod_start 0), all addresses guest-physical.
 */
struct xen_multiboot_mod_list {
    uint32_t mod_start;  /* first byte of the module */
    uint32_t mod_end;    /* address of its final byte */
    uint32_t cmdline;    /* its NUL-terminated command line */
    uint32_t pad;        /* zero */
};

/*
 * What dom0 is told about the console the boot loader left it (where
 * start_info.console.dom0 points, and XENPF_get_dom0_console).
 */
typedef struct dom0_vga_console_info {
    uint8_t video_type;              /* XEN_VGATYPE_* */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB    0x23
#define XEN_VGATYPE_EFI_LFB     0x70
    union {
        struct {
            uint16_t font_height;    /* pixels per character row */
            uint16_t cursor_x;       /* cursor column */
            uint16_t cursor_y;       /* cursor row */
            uint16_t rows;           /* text rows */
            uint16_t columns;        /* text columns */
        } text_mode_3;
        struct {
            uint16_t width;          /* pixels */
            uint16_t height;
            uint16_t bytes_per_line;
            uint16_t bits_per_pixel;
            uint32_t lfb_base;       /* frame buffer address, low 32 bits */
            uint32_t lfb_size;       /* in 64 KiB units */
            uint8_t  red_pos, red_size;     /* colour fields, VBE style */
            uint8_t  green_pos, green_size;
            uint8_t  blue_pos, blue_size;
            uint8_t  rsvd_pos, rsvd_size;
            uint32_t gbl_caps;       /* VBE controller capabilities */
            uint16_t mode_attrs;     /* VBE mode attributes */
            uint16_t pad;
            uint32_t ext_lfb_base;   /* frame buffer address, high 32 bits */
        } vesa_lfb;
    } u;
} dom0_vga_console_info_t;
#define xen_vga_console_info   dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

/* 16 bytes the toolstack gives each domain, normally its UUID. */
typedef uint8_t xen_domain_handle_t[16];

typedef struct {
    uint8_t a[16];
} xen_uuid_t;

#endif /* !__ASSEMBLER__ */

#endif /* __XEN_PUBLIC_XEN_H__ */
