/*
 * Unit tests for include/public/: Keel's copy of Xen's x86_64 guest ABI.
 *
 * Every structure's size and the offsets of its fields are pinned to the
 * numbers Xen's own headers give on x86_64 (LP64: long and pointers are 8
 * bytes, 8-aligned; guest handles are one pointer). Each expected number
 * was counted by hand from Xen's public headers (4.17, and the current tree
 * where a structure has grown since); the comment beside it shows the sum.
 * The same numbers were also cross-checked by compiling Xen's headers and
 * these side by side and comparing every record layout and every numeric
 * macro the two have in common.
 *
 * SIZE and OFF check at compile time (_Static_assert) and again at run time,
 * so a mismatch names itself in either place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "public/xen.h"
#include "public/errno.h"
#include "public/elfnote.h"
#include "public/version.h"
#include "public/features.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/memory.h"
#include "public/callback.h"
#include "public/physdev.h"
#include "public/platform.h"
#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/hvm/start_info.h"
#include "public/io/xs_wire.h"
#include "public/io/ring.h"
#include "public/io/console.h"
#include "public/io/blkif.h"
#include "public/io/netif.h"
#include "public/io/xenbus.h"

#define SIZE(T, n) do {                                                 \
    _Static_assert(sizeof(T) == (n), "sizeof(" #T ") != " #n);          \
    assert_int_equal(sizeof(T), (n));                                   \
} while (0)

#define OFF(T, f, n) do {                                               \
    _Static_assert(offsetof(T, f) == (n),                               \
                   "offsetof(" #T ", " #f ") != " #n);                  \
    assert_int_equal(offsetof(T, f), (n));                              \
} while (0)

#define VAL(x, n) do {                                                  \
    _Static_assert((x) == (n), #x " != " #n);                           \
    assert_true((x) == (n));                                            \
} while (0)

/* ------------------------------------------------------------------ */
/* xen.h                                                               */
/* ------------------------------------------------------------------ */

static void test_xen_core_layouts(void **state)
{
    (void)state;

    SIZE(domid_t, 2);
    SIZE(xen_pfn_t, 8);
    SIZE(xen_ulong_t, 8);
    SIZE(xen_domain_handle_t, 16);
    SIZE(xen_uuid_t, 16);

    /* Two uint64_t. */
    SIZE(struct mmu_update, 16);
    OFF(struct mmu_update, val, 8);

    /* cmd 4, pad 4 (unions hold 8-byte members), arg1 8, arg2 8. */
    SIZE(struct mmuext_op, 24);
    OFF(struct mmuext_op, arg1.mfn, 8);
    OFF(struct mmuext_op, arg1.linear_addr, 8);
    OFF(struct mmuext_op, arg2.nr_ents, 16);
    OFF(struct mmuext_op, arg2.vcpumask, 16);
    OFF(struct mmuext_op, arg2.src_mfn, 16);

    /* op, result and six args: 8 longs. */
    SIZE(struct multicall_entry, 64);
    OFF(struct multicall_entry, result, 8);
    OFF(struct multicall_entry, args, 16);
    OFF(struct multicall_entry, args[5], 56);

    /*
     * version 4, pad0 4, tsc_timestamp 8 (at 8), system_time 8 (16),
     * mul 4 (24), shift 1 (28), flags 1 (29), pad1 2 (30): 32.
     */
    SIZE(struct vcpu_time_info, 32);
    OFF(struct vcpu_time_info, tsc_timestamp, 8);
    OFF(struct vcpu_time_info, system_time, 16);
    OFF(struct vcpu_time_info, tsc_to_system_mul, 24);
    OFF(struct vcpu_time_info, tsc_shift, 28);
    OFF(struct vcpu_time_info, flags, 29);
    OFF(struct vcpu_time_info, pad1, 30);

    /*
     * pending 1, mask 1, pad to 8, pending_sel 8 (at 8), arch: cr2 + pad
     * = 16 (at 16), time 32 (at 32): 64.
     */
    SIZE(struct arch_vcpu_info, 16);
    SIZE(struct vcpu_info, 64);
    OFF(struct vcpu_info, evtchn_upcall_pending, 0);
    OFF(struct vcpu_info, evtchn_upcall_mask, 1);
    OFF(struct vcpu_info, evtchn_pending_sel, 8);
    OFF(struct vcpu_info, arch, 16);
    OFF(struct vcpu_info, arch.cr2, 16);
    OFF(struct vcpu_info, time, 32);

    /*
     * arch_shared_info: max_pfn, frame_list_list, nmi_reason, p2m_cr3,
     * p2m_vaddr, p2m_generation: 6 longs = 48.
     */
    SIZE(struct arch_shared_info, 48);
    OFF(struct arch_shared_info, pfn_to_mfn_frame_list_list, 8);
    OFF(struct arch_shared_info, nmi_reason, 16);
    OFF(struct arch_shared_info, p2m_cr3, 24);
    OFF(struct arch_shared_info, p2m_vaddr, 32);
    OFF(struct arch_shared_info, p2m_generation, 40);

    /*
     * 32 vcpu_info of 64 = 2048; evtchn_pending 64 longs = 512 (at 2048);
     * evtchn_mask 512 (at 2560); wc_version, wc_sec, wc_nsec, wc_sec_hi
     * 4 each (at 3072..3084); arch 48 (at 3088): 3136. Fits one page.
     */
    SIZE(struct shared_info, 3136);
    OFF(struct shared_info, vcpu_info[1], 64);
    OFF(struct shared_info, vcpu_info[31], 1984);
    OFF(struct shared_info, evtchn_pending, 2048);
    OFF(struct shared_info, evtchn_mask, 2560);
    OFF(struct shared_info, wc_version, 3072);
    OFF(struct shared_info, wc_sec, 3076);
    OFF(struct shared_info, wc_nsec, 3080);
    OFF(struct shared_info, wc_sec_hi, 3084);
    OFF(struct shared_info, arch, 3088);
    OFF(struct shared_info, arch.max_pfn, 3088);
    OFF(struct shared_info, arch.p2m_generation, 3128);

    /*
     * magic 32; nr_pages 8 (32); shared_info 8 (40); flags 4 (48), pad 4;
     * store_mfn 8 (56); store_evtchn 4 (64), pad 4; console: domU is mfn
     * 8 + evtchn 4 + pad 4 = 16 (72); pt_base (88), nr_pt_frames (96),
     * mfn_list (104), mod_start (112), mod_len (120); cmd_line 1024 (128);
     * first_p2m_pfn (1152), nr_p2m_frames (1160): 1168.
     */
    SIZE(struct start_info, 1168);
    OFF(struct start_info, nr_pages, 32);
    OFF(struct start_info, shared_info, 40);
    OFF(struct start_info, flags, 48);
    OFF(struct start_info, store_mfn, 56);
    OFF(struct start_info, store_evtchn, 64);
    OFF(struct start_info, console, 72);
    OFF(struct start_info, console.domU.mfn, 72);
    OFF(struct start_info, console.domU.evtchn, 80);
    OFF(struct start_info, console.dom0.info_off, 72);
    OFF(struct start_info, console.dom0.info_size, 76);
    OFF(struct start_info, pt_base, 88);
    OFF(struct start_info, nr_pt_frames, 96);
    OFF(struct start_info, mfn_list, 104);
    OFF(struct start_info, mod_start, 112);
    OFF(struct start_info, mod_len, 120);
    OFF(struct start_info, cmd_line, 128);
    OFF(struct start_info, first_p2m_pfn, 1152);
    OFF(struct start_info, nr_p2m_frames, 1160);

    /* Four uint32_t. */
    SIZE(struct xen_multiboot_mod_list, 16);
    OFF(struct xen_multiboot_mod_list, cmdline, 8);

    /*
     * video_type 1, pad to the union's 4-byte alignment; vesa_lfb, the
     * larger member: 4 u16 (8), lfb_base (8), lfb_size (12), 8 u8 (16),
     * gbl_caps (24), mode_attrs (28), pad (30), ext_lfb_base (32) = 36.
     * 4 + 36 = 40.
     */
    SIZE(struct dom0_vga_console_info, 40);
    OFF(struct dom0_vga_console_info, u, 4);
    OFF(struct dom0_vga_console_info, u.text_mode_3.font_height, 4);
    OFF(struct dom0_vga_console_info, u.text_mode_3.columns, 12);
    OFF(struct dom0_vga_console_info, u.vesa_lfb.bytes_per_line, 8);
    OFF(struct dom0_vga_console_info, u.vesa_lfb.lfb_base, 12);
    OFF(struct dom0_vga_console_info, u.vesa_lfb.lfb_size, 16);
    OFF(struct dom0_vga_console_info, u.vesa_lfb.red_pos, 20);
    OFF(struct dom0_vga_console_info, u.vesa_lfb.rsvd_size, 27);
    OFF(struct dom0_vga_console_info, u.vesa_lfb.gbl_caps, 28);
    OFF(struct dom0_vga_console_info, u.vesa_lfb.mode_attrs, 32);
    OFF(struct dom0_vga_console_info, u.vesa_lfb.ext_lfb_base, 36);
}

static void test_xen_core_numbers(void **state)
{
    (void)state;

    VAL(__HYPERVISOR_set_trap_table, 0);
    VAL(__HYPERVISOR_mmu_update, 1);
    VAL(__HYPERVISOR_set_gdt, 2);
    VAL(__HYPERVISOR_stack_switch, 3);
    VAL(__HYPERVISOR_set_callbacks, 4);
    VAL(__HYPERVISOR_fpu_taskswitch, 5);
    VAL(__HYPERVISOR_sched_op_compat, 6);
    VAL(__HYPERVISOR_platform_op, 7);
    VAL(__HYPERVISOR_set_debugreg, 8);
    VAL(__HYPERVISOR_get_debugreg, 9);
    VAL(__HYPERVISOR_update_descriptor, 10);
    VAL(__HYPERVISOR_memory_op, 12);
    VAL(__HYPERVISOR_multicall, 13);
    VAL(__HYPERVISOR_update_va_mapping, 14);
    VAL(__HYPERVISOR_set_timer_op, 15);
    VAL(__HYPERVISOR_event_channel_op_compat, 16);
    VAL(__HYPERVISOR_xen_version, 17);
    VAL(__HYPERVISOR_console_io, 18);
    VAL(__HYPERVISOR_physdev_op_compat, 19);
    VAL(__HYPERVISOR_grant_table_op, 20);
    VAL(__HYPERVISOR_vm_assist, 21);
    VAL(__HYPERVISOR_update_va_mapping_otherdomain, 22);
    VAL(__HYPERVISOR_iret, 23);
    VAL(__HYPERVISOR_vcpu_op, 24);
    VAL(__HYPERVISOR_set_segment_base, 25);
    VAL(__HYPERVISOR_mmuext_op, 26);
    VAL(__HYPERVISOR_xsm_op, 27);
    VAL(__HYPERVISOR_nmi_op, 28);
    VAL(__HYPERVISOR_sched_op, 29);
    VAL(__HYPERVISOR_callback_op, 30);
    VAL(__HYPERVISOR_xenoprof_op, 31);
    VAL(__HYPERVISOR_event_channel_op, 32);
    VAL(__HYPERVISOR_physdev_op, 33);
    VAL(__HYPERVISOR_hvm_op, 34);
    VAL(__HYPERVISOR_sysctl, 35);
    VAL(__HYPERVISOR_domctl, 36);
    VAL(__HYPERVISOR_kexec_op, 37);
    VAL(__HYPERVISOR_tmem_op, 38);
    VAL(__HYPERVISOR_argo_op, 39);
    VAL(__HYPERVISOR_xenpmu_op, 40);
    VAL(__HYPERVISOR_dm_op, 41);
    VAL(__HYPERVISOR_hypfs_op, 42);
    VAL(__HYPERVISOR_arch_0, 48);
    VAL(__HYPERVISOR_arch_7, 55);
    VAL(__HYPERVISOR_mca, 48);

    VAL(VIRQ_TIMER, 0);
    VAL(VIRQ_DEBUG, 1);
    VAL(VIRQ_CONSOLE, 2);
    VAL(VIRQ_DOM_EXC, 3);
    VAL(VIRQ_TBUF, 4);
    VAL(VIRQ_DEBUGGER, 6);
    VAL(VIRQ_XENOPROF, 7);
    VAL(VIRQ_CON_RING, 8);
    VAL(VIRQ_PCPU_STATE, 9);
    VAL(VIRQ_MEM_EVENT, 10);
    VAL(VIRQ_ARGO, 11);
    VAL(VIRQ_ENOMEM, 12);
    VAL(VIRQ_XENPMU, 13);
    VAL(VIRQ_ARCH_0, 16);
    VAL(VIRQ_MCA, 16);
    VAL(VIRQ_ARCH_7, 23);
    VAL(NR_VIRQS, 24);

    VAL(MMU_NORMAL_PT_UPDATE, 0);
    VAL(MMU_MACHPHYS_UPDATE, 1);
    VAL(MMU_PT_UPDATE_PRESERVE_AD, 2);
    VAL(MMU_PT_UPDATE_NO_TRANSLATE, 3);

    VAL(MMUEXT_PIN_L1_TABLE, 0);
    VAL(MMUEXT_PIN_L2_TABLE, 1);
    VAL(MMUEXT_PIN_L3_TABLE, 2);
    VAL(MMUEXT_PIN_L4_TABLE, 3);
    VAL(MMUEXT_UNPIN_TABLE, 4);
    VAL(MMUEXT_NEW_BASEPTR, 5);
    VAL(MMUEXT_TLB_FLUSH_LOCAL, 6);
    VAL(MMUEXT_INVLPG_LOCAL, 7);
    VAL(MMUEXT_TLB_FLUSH_MULTI, 8);
    VAL(MMUEXT_INVLPG_MULTI, 9);
    VAL(MMUEXT_TLB_FLUSH_ALL, 10);
    VAL(MMUEXT_INVLPG_ALL, 11);
    VAL(MMUEXT_FLUSH_CACHE, 12);
    VAL(MMUEXT_SET_LDT, 13);
    VAL(MMUEXT_NEW_USER_BASEPTR, 15);
    VAL(MMUEXT_CLEAR_PAGE, 16);
    VAL(MMUEXT_COPY_PAGE, 17);
    VAL(MMUEXT_FLUSH_CACHE_GLOBAL, 18);
    VAL(MMUEXT_MARK_SUPER, 19);
    VAL(MMUEXT_UNMARK_SUPER, 20);

    VAL(UVMF_NONE, 0);
    VAL(UVMF_TLB_FLUSH, 1);
    VAL(UVMF_INVLPG, 2);
    VAL(UVMF_FLUSHTYPE_MASK, 3);
    VAL(UVMF_MULTI, 0);
    VAL(UVMF_LOCAL, 0);
    VAL(UVMF_ALL, 4);

    VAL(CONSOLEIO_write, 0);
    VAL(CONSOLEIO_read, 1);

    VAL(VMASST_CMD_enable, 0);
    VAL(VMASST_CMD_disable, 1);
    VAL(VMASST_TYPE_4gb_segments, 0);
    VAL(VMASST_TYPE_4gb_segments_notify, 1);
    VAL(VMASST_TYPE_writable_pagetables, 2);
    VAL(VMASST_TYPE_pae_extended_cr3, 3);
    VAL(VMASST_TYPE_architectural_iopl, 4);
    VAL(VMASST_TYPE_runstate_update_flag, 5);
    VAL(VMASST_TYPE_m2p_strict, 32);

    VAL(DOMID_FIRST_RESERVED, 0x7FF0);
    VAL(DOMID_SELF, 0x7FF0);
    VAL(DOMID_IO, 0x7FF1);
    VAL(DOMID_XEN, 0x7FF2);
    VAL(DOMID_COW, 0x7FF3);
    VAL(DOMID_INVALID, 0x7FF4);
    VAL(DOMID_ANY, 0x7FF5);
    VAL(DOMID_IDLE, 0x7FFF);
    VAL(DOMID_MASK, 0x7FFF);

    VAL(SIF_PRIVILEGED, 1);
    VAL(SIF_INITDOMAIN, 2);
    VAL(SIF_MULTIBOOT_MOD, 4);
    VAL(SIF_MOD_START_PFN, 8);
    VAL(SIF_VIRT_P2M_4TOOLS, 16);
    VAL(SIF_PM_MASK, 0xFF00);

    VAL(XEN_PVCLOCK_TSC_STABLE_BIT, 1);
    VAL(XEN_PVCLOCK_GUEST_STOPPED, 2);
    VAL(MAX_GUEST_CMDLINE, 1024);
    VAL(XEN_VGATYPE_TEXT_MODE_3, 0x03);
    VAL(XEN_VGATYPE_VESA_LFB, 0x23);
    VAL(XEN_VGATYPE_EFI_LFB, 0x70);
    VAL(XEN_LEGACY_MAX_VCPUS, 32);

    /* The magic a 64-bit PV guest checks, and it fits with its NUL. */
    assert_string_equal(KEEL_START_INFO_MAGIC, "xen-3.0-x86_64");
    assert_true(sizeof(KEEL_START_INFO_MAGIC) <= sizeof(((struct start_info *)0)->magic));
}

/* ------------------------------------------------------------------ */
/* arch-x86/xen.h, arch-x86/xen-x86_64.h, arch-x86/cpuid.h             */
/* ------------------------------------------------------------------ */

/* Never called: proves XEN_CPUID assembles as an instruction prefix. */
void keel_test_xen_cpuid_assembles(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d);
void keel_test_xen_cpuid_assembles(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile(XEN_CPUID
                     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                     : "0"(XEN_CPUID_FIRST_LEAF));
}

static void test_arch_x86(void **state)
{
    static const unsigned char prefix[] = { XEN_EMULATE_PREFIX_BYTES };
    char sig[13];
    uint32_t words[3] = {
        XEN_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_ECX, XEN_CPUID_SIGNATURE_EDX
    };

    (void)state;

    /* vector 1, flags 1, cs 2, pad 4, address 8 (at 8). */
    SIZE(struct trap_info, 16);
    OFF(struct trap_info, flags, 1);
    OFF(struct trap_info, cs, 2);
    OFF(struct trap_info, address, 8);

    /* Nine uint64_t. */
    SIZE(struct iret_context, 72);
    OFF(struct iret_context, r11, 8);
    OFF(struct iret_context, rcx, 16);
    OFF(struct iret_context, flags, 24);
    OFF(struct iret_context, rip, 32);
    OFF(struct iret_context, cs, 40);
    OFF(struct iret_context, rflags, 48);
    OFF(struct iret_context, rsp, 56);
    OFF(struct iret_context, ss, 64);

    /*
     * 15 registers r15..rdi of 8 = 120; error_code (120), entry_vector
     * (124); rip (128); cs + _pad0 (136); saved_upcall_mask + _pad1 (140);
     * rflags (144); rsp (152); ss, es, ds, fs, gs each 2 + 6 pad (160, 168,
     * 176, 184, 192): 200.
     */
    SIZE(struct cpu_user_regs, 200);
    OFF(struct cpu_user_regs, r14, 8);
    OFF(struct cpu_user_regs, r12, 24);
    OFF(struct cpu_user_regs, rbp, 32);
    OFF(struct cpu_user_regs, rbx, 40);
    OFF(struct cpu_user_regs, r11, 48);
    OFF(struct cpu_user_regs, r8, 72);
    OFF(struct cpu_user_regs, rax, 80);
    OFF(struct cpu_user_regs, rcx, 88);
    OFF(struct cpu_user_regs, rdx, 96);
    OFF(struct cpu_user_regs, rsi, 104);
    OFF(struct cpu_user_regs, rdi, 112);
    OFF(struct cpu_user_regs, error_code, 120);
    OFF(struct cpu_user_regs, entry_vector, 124);
    OFF(struct cpu_user_regs, rip, 128);
    OFF(struct cpu_user_regs, cs, 136);
    OFF(struct cpu_user_regs, saved_upcall_mask, 140);
    OFF(struct cpu_user_regs, rflags, 144);
    OFF(struct cpu_user_regs, rsp, 152);
    OFF(struct cpu_user_regs, ss, 160);
    OFF(struct cpu_user_regs, es, 168);
    OFF(struct cpu_user_regs, ds, 176);
    OFF(struct cpu_user_regs, fs, 184);
    OFF(struct cpu_user_regs, gs, 192);

    /*
     * fpu_ctxt 512; flags 8 (512); user_regs 200 (520); trap_ctxt 256 *
     * 16 = 4096 (720); ldt_base, ldt_ents (4816, 4824); gdt_frames 16 * 8
     * (4832); gdt_ents (4960); kernel_ss, kernel_sp (4968, 4976); ctrlreg
     * 64 (4984); debugreg 64 (5048); event, failsafe, syscall callbacks
     * (5112, 5120, 5128); vm_assist (5136); fs_base, gs_base_kernel,
     * gs_base_user (5144, 5152, 5160): 5168.
     */
    SIZE(struct vcpu_guest_context, 5168);
    OFF(struct vcpu_guest_context, flags, 512);
    OFF(struct vcpu_guest_context, user_regs, 520);
    OFF(struct vcpu_guest_context, user_regs.rip, 648);
    OFF(struct vcpu_guest_context, trap_ctxt, 720);
    OFF(struct vcpu_guest_context, ldt_base, 4816);
    OFF(struct vcpu_guest_context, ldt_ents, 4824);
    OFF(struct vcpu_guest_context, gdt_frames, 4832);
    OFF(struct vcpu_guest_context, gdt_ents, 4960);
    OFF(struct vcpu_guest_context, kernel_ss, 4968);
    OFF(struct vcpu_guest_context, kernel_sp, 4976);
    OFF(struct vcpu_guest_context, ctrlreg, 4984);
    OFF(struct vcpu_guest_context, ctrlreg[3], 5008);
    OFF(struct vcpu_guest_context, debugreg, 5048);
    OFF(struct vcpu_guest_context, event_callback_eip, 5112);
    OFF(struct vcpu_guest_context, failsafe_callback_eip, 5120);
    OFF(struct vcpu_guest_context, syscall_callback_eip, 5128);
    OFF(struct vcpu_guest_context, vm_assist, 5136);
    OFF(struct vcpu_guest_context, fs_base, 5144);
    OFF(struct vcpu_guest_context, gs_base_kernel, 5152);
    OFF(struct vcpu_guest_context, gs_base_user, 5160);

    VAL(VGCF_I387_VALID, 1);
    VAL(VGCF_IN_KERNEL, 4);
    VAL(VGCF_i387_valid, 1);
    VAL(VGCF_in_kernel, 4);
    VAL(VGCF_failsafe_disables_events, 8);
    VAL(VGCF_syscall_disables_events, 16);
    VAL(VGCF_online, 32);
    VAL(VGCF_in_syscall, 256);
    VAL(VGCF_IN_SYSCALL, 256);

    VAL(FLAT_RING3_CS32, 0xe023);
    VAL(FLAT_RING3_CS64, 0xe033);
    VAL(FLAT_RING3_DS32, 0xe02b);
    VAL(FLAT_RING3_DS64, 0x0000);
    VAL(FLAT_RING3_SS32, 0xe02b);
    VAL(FLAT_RING3_SS64, 0xe02b);
    VAL(FLAT_KERNEL_CS, 0xe033);
    VAL(FLAT_KERNEL_DS, 0x0000);
    VAL(FLAT_KERNEL_SS, 0xe02b);
    VAL(FLAT_USER_CS, 0xe033);
    VAL(FLAT_USER_CS32, 0xe023);
    VAL(FLAT_USER_SS32, 0xe02b);
    /*
     * The flat selectors (RPL 3) index entries 4-6 of the reserved page:
     * 0xe023 >> 3 = 7172 = 7168 + 4. (Xen's comments call them "260-262",
     * a numbering from an older GDT layout; the values are what count.)
     */
    VAL(FIRST_RESERVED_GDT_PAGE, 14);
    VAL(FIRST_RESERVED_GDT_BYTE, 57344);
    VAL(FIRST_RESERVED_GDT_ENTRY, 7168);
    VAL(FLAT_RING3_CS32 >> 3, 7168 + 4);
    VAL(FLAT_RING3_DS32 >> 3, 7168 + 5);
    VAL(FLAT_RING3_CS64 >> 3, 7168 + 6);
    VAL(FLAT_RING3_CS32 & 3, 3);

    VAL(HYPERVISOR_VIRT_START, 0xFFFF800000000000UL);
    VAL(HYPERVISOR_VIRT_END, 0xFFFF880000000000UL);
    VAL(MACH2PHYS_VIRT_START, 0xFFFF800000000000UL);
    VAL(MACH2PHYS_VIRT_END, 0xFFFF804000000000UL);
    VAL(MACH2PHYS_NR_ENTRIES, 1UL << 35);  /* 256 GiB / 8 */

    VAL(SEGBASE_FS, 0);
    VAL(SEGBASE_GS_USER, 1);
    VAL(SEGBASE_GS_KERNEL, 2);
    VAL(SEGBASE_GS_USER_SEL, 3);

    VAL(xen_pfn_to_cr3(0x1234UL), 0x1234000UL);
    VAL(xen_cr3_to_pfn(0x1234fffUL), 0x1234UL);

    /* ud2 then "xen". */
    assert_int_equal(sizeof(prefix), 5);
    assert_memory_equal(prefix, "\x0f\x0b" "xen", 5);
    assert_string_equal(TRAP_INSTR, "syscall");

    memcpy(sig, words, 12);
    sig[12] = '\0';
    assert_string_equal(sig, "XenVMMXenVMM");
    VAL(XEN_CPUID_FIRST_LEAF, 0x40000000);
    VAL(XEN_CPUID_LEAF(3), 0x40000003);
}

/* ------------------------------------------------------------------ */
/* version.h, features.h, elfnote.h, sched.h, vcpu.h, callback.h       */
/* ------------------------------------------------------------------ */

static void test_version_features_elfnotes(void **state)
{
    (void)state;

    /* 64 + 16 + 32 + 32 chars. */
    SIZE(struct xen_compile_info, 144);
    OFF(struct xen_compile_info, compile_by, 64);
    OFF(struct xen_compile_info, compile_domain, 80);
    OFF(struct xen_compile_info, compile_date, 112);
    SIZE(xen_extraversion_t, 16);
    SIZE(xen_capabilities_info_t, 1024);
    SIZE(xen_changeset_info_t, 64);
    SIZE(xen_commandline_t, 1024);
    SIZE(struct xen_platform_parameters, 8);
    SIZE(struct xen_feature_info, 8);
    OFF(struct xen_feature_info, submap, 4);
    /* len, then the flexible buffer. */
    SIZE(struct xen_varbuf, 4);
    OFF(struct xen_varbuf, buf, 4);
    SIZE(struct xen_build_id, 4);

    VAL(XENVER_version, 0);
    VAL(XENVER_extraversion, 1);
    VAL(XENVER_compile_info, 2);
    VAL(XENVER_capabilities, 3);
    VAL(XENVER_changeset, 4);
    VAL(XENVER_platform_parameters, 5);
    VAL(XENVER_get_features, 6);
    VAL(XENVER_pagesize, 7);
    VAL(XENVER_guest_handle, 8);
    VAL(XENVER_commandline, 9);
    VAL(XENVER_build_id, 10);
    VAL(XENVER_extraversion2, 11);
    VAL(XENVER_capabilities2, 12);
    VAL(XENVER_changeset2, 13);
    VAL(XENVER_commandline2, 14);

    VAL(XENFEAT_writable_page_tables, 0);
    VAL(XENFEAT_writable_descriptor_tables, 1);
    VAL(XENFEAT_auto_translated_physmap, 2);
    VAL(XENFEAT_supervisor_mode_kernel, 3);
    VAL(XENFEAT_pae_pgdir_above_4gb, 4);
    VAL(XENFEAT_mmu_pt_update_preserve_ad, 5);
    VAL(XENFEAT_highmem_assist, 6);
    VAL(XENFEAT_gnttab_map_avail_bits, 7);
    VAL(XENFEAT_hvm_callback_vector, 8);
    VAL(XENFEAT_hvm_safe_pvclock, 9);
    VAL(XENFEAT_hvm_pirqs, 10);
    VAL(XENFEAT_dom0, 11);
    VAL(XENFEAT_memory_op_vnode_supported, 13);
    VAL(XENFEAT_ARM_SMCCC_supported, 14);
    VAL(XENFEAT_linux_rsdp_unrestricted, 15);
    VAL(XENFEAT_not_direct_mapped, 16);
    VAL(XENFEAT_direct_mapped, 17);
    VAL(XENFEAT_runstate_phys_area, 18);
    VAL(XENFEAT_vcpu_time_phys_area, 19);
    VAL(XENFEAT_dm_msix_all_writes, 20);
    VAL(XENFEAT_NR_SUBMAPS, 1);

    VAL(XEN_ELFNOTE_INFO, 0);
    VAL(XEN_ELFNOTE_ENTRY, 1);
    VAL(XEN_ELFNOTE_HYPERCALL_PAGE, 2);
    VAL(XEN_ELFNOTE_VIRT_BASE, 3);
    VAL(XEN_ELFNOTE_PADDR_OFFSET, 4);
    VAL(XEN_ELFNOTE_XEN_VERSION, 5);
    VAL(XEN_ELFNOTE_GUEST_OS, 6);
    VAL(XEN_ELFNOTE_GUEST_VERSION, 7);
    VAL(XEN_ELFNOTE_LOADER, 8);
    VAL(XEN_ELFNOTE_PAE_MODE, 9);
    VAL(XEN_ELFNOTE_FEATURES, 10);
    VAL(XEN_ELFNOTE_BSD_SYMTAB, 11);
    VAL(XEN_ELFNOTE_HV_START_LOW, 12);
    VAL(XEN_ELFNOTE_L1_MFN_VALID, 13);
    VAL(XEN_ELFNOTE_SUSPEND_CANCEL, 14);
    VAL(XEN_ELFNOTE_INIT_P2M, 15);
    VAL(XEN_ELFNOTE_MOD_START_PFN, 16);
    VAL(XEN_ELFNOTE_SUPPORTED_FEATURES, 17);
    VAL(XEN_ELFNOTE_PHYS32_ENTRY, 18);
    VAL(XEN_ELFNOTE_PHYS32_RELOC, 19);
    VAL(XEN_ELFNOTE_MAX, 19);
    VAL(XEN_ELFNOTE_CRASH_INFO, 0x1000001);
    VAL(XEN_ELFNOTE_CRASH_REGS, 0x1000002);
    VAL(XEN_ELFNOTE_DUMPCORE_NONE, 0x2000000);
    VAL(XEN_ELFNOTE_DUMPCORE_HEADER, 0x2000001);
    VAL(XEN_ELFNOTE_DUMPCORE_XEN_VERSION, 0x2000002);
    VAL(XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION, 0x2000003);
}

static void test_sched_vcpu_callback(void **state)
{
    (void)state;

    SIZE(struct sched_shutdown, 4);
    /* ports handle 8, nr_ports 4 (8), pad 4, timeout 8 (16). */
    SIZE(struct sched_poll, 24);
    OFF(struct sched_poll, nr_ports, 8);
    OFF(struct sched_poll, timeout, 16);
    /* domain_id 2, pad 2, reason 4 (4). */
    SIZE(struct sched_remote_shutdown, 8);
    OFF(struct sched_remote_shutdown, reason, 4);
    SIZE(struct sched_watchdog, 8);
    SIZE(struct sched_pin_override, 4);

    VAL(SCHEDOP_yield, 0);
    VAL(SCHEDOP_block, 1);
    VAL(SCHEDOP_shutdown, 2);
    VAL(SCHEDOP_poll, 3);
    VAL(SCHEDOP_remote_shutdown, 4);
    VAL(SCHEDOP_shutdown_code, 5);
    VAL(SCHEDOP_watchdog, 6);
    VAL(SCHEDOP_pin_override, 7);
    VAL(SHUTDOWN_poweroff, 0);
    VAL(SHUTDOWN_reboot, 1);
    VAL(SHUTDOWN_suspend, 2);
    VAL(SHUTDOWN_crash, 3);
    VAL(SHUTDOWN_watchdog, 4);
    VAL(SHUTDOWN_soft_reset, 5);
    VAL(SHUTDOWN_MAX, 5);

    /* state 4, pad 4, state_entry_time 8 (8), time[4] 32 (16): 48. */
    SIZE(struct vcpu_runstate_info, 48);
    OFF(struct vcpu_runstate_info, state_entry_time, 8);
    OFF(struct vcpu_runstate_info, time, 16);
    OFF(struct vcpu_runstate_info, time[3], 40);
    /* A union of a handle, a pointer and a uint64_t. */
    SIZE(struct vcpu_register_runstate_memory_area, 8);
    SIZE(struct vcpu_register_time_memory_area, 8);
    SIZE(struct vcpu_set_periodic_timer, 8);
    /* timeout 8, flags 4 (8), tail pad 4. */
    SIZE(struct vcpu_set_singleshot_timer, 16);
    OFF(struct vcpu_set_singleshot_timer, flags, 8);
    /* mfn 8, offset 4 (8), rsvd 4 (12). */
    SIZE(struct vcpu_register_vcpu_info, 16);
    OFF(struct vcpu_register_vcpu_info, offset, 8);
    OFF(struct vcpu_register_vcpu_info, rsvd, 12);
    SIZE(struct vcpu_get_physid, 8);

    VAL(VCPUOP_initialise, 0);
    VAL(VCPUOP_up, 1);
    VAL(VCPUOP_down, 2);
    VAL(VCPUOP_is_up, 3);
    VAL(VCPUOP_get_runstate_info, 4);
    VAL(VCPUOP_register_runstate_memory_area, 5);
    VAL(VCPUOP_set_periodic_timer, 6);
    VAL(VCPUOP_stop_periodic_timer, 7);
    VAL(VCPUOP_set_singleshot_timer, 8);
    VAL(VCPUOP_stop_singleshot_timer, 9);
    VAL(VCPUOP_register_vcpu_info, 10);
    VAL(VCPUOP_send_nmi, 11);
    VAL(VCPUOP_get_physid, 12);
    VAL(VCPUOP_register_vcpu_time_memory_area, 13);
    VAL(VCPUOP_register_runstate_phys_area, 14);
    VAL(VCPUOP_register_vcpu_time_phys_area, 15);
    VAL(RUNSTATE_running, 0);
    VAL(RUNSTATE_runnable, 1);
    VAL(RUNSTATE_blocked, 2);
    VAL(RUNSTATE_offline, 3);
    VAL(VCPU_SSHOTTMR_future, 1);
    VAL(XEN_RUNSTATE_UPDATE, 0x8000000000000000ULL);
    VAL(xen_vcpu_physid_to_x86_apicid(0x0000000500000007ULL), 7);
    VAL(xen_vcpu_physid_to_x86_acpiid(0x0000000500000007ULL), 5);

    /* type 2, flags 2, pad 4, address 8 (8). */
    SIZE(struct callback_register, 16);
    OFF(struct callback_register, flags, 2);
    OFF(struct callback_register, address, 8);
    SIZE(struct callback_unregister, 4);

    VAL(CALLBACKTYPE_event, 0);
    VAL(CALLBACKTYPE_failsafe, 1);
    VAL(CALLBACKTYPE_syscall, 2);
    VAL(CALLBACKTYPE_sysenter_deprecated, 3);
    VAL(CALLBACKTYPE_nmi, 4);
    VAL(CALLBACKTYPE_sysenter, 5);
    VAL(CALLBACKTYPE_syscall32, 7);
    VAL(CALLBACKF_mask_events, 1);
    VAL(CALLBACKOP_register, 0);
    VAL(CALLBACKOP_unregister, 1);
}

/* ------------------------------------------------------------------ */
/* memory.h                                                            */
/* ------------------------------------------------------------------ */

static void test_memory(void **state)
{
    (void)state;

    /*
     * extent_start 8, nr_extents 8 (8), extent_order 4 (16), mem_flags 4
     * (20), domid 2 (24), tail pad 6: 32.
     */
    SIZE(struct xen_memory_reservation, 32);
    OFF(struct xen_memory_reservation, nr_extents, 8);
    OFF(struct xen_memory_reservation, extent_order, 16);
    OFF(struct xen_memory_reservation, mem_flags, 20);
    OFF(struct xen_memory_reservation, domid, 24);
    /* in 32, out 32 (32), nr_exchanged 8 (64). */
    SIZE(struct xen_memory_exchange, 72);
    OFF(struct xen_memory_exchange, out, 32);
    OFF(struct xen_memory_exchange, nr_exchanged, 64);
    SIZE(struct xen_memory_domain, 2);
    /* max_extents 4, pad 4, handle 8 (8), nr_extents 4 (16), pad 4. */
    SIZE(struct xen_machphys_mfn_list, 24);
    OFF(struct xen_machphys_mfn_list, extent_start, 8);
    OFF(struct xen_machphys_mfn_list, nr_extents, 16);
    SIZE(struct xen_machphys_mapping, 24);
    /* domid 2, size 2 (2), space 4 (4), idx 8 (8), gpfn 8 (16). */
    SIZE(struct xen_add_to_physmap, 24);
    OFF(struct xen_add_to_physmap, size, 2);
    OFF(struct xen_add_to_physmap, space, 4);
    OFF(struct xen_add_to_physmap, idx, 8);
    OFF(struct xen_add_to_physmap, gpfn, 16);
    /* domid, space, size, u: 4 x 2 = 8; three handles (8, 16, 24). */
    SIZE(struct xen_add_to_physmap_batch, 32);
    OFF(struct xen_add_to_physmap_batch, space, 2);
    OFF(struct xen_add_to_physmap_batch, size, 4);
    OFF(struct xen_add_to_physmap_batch, u.foreign_domid, 6);
    OFF(struct xen_add_to_physmap_batch, idxs, 8);
    OFF(struct xen_add_to_physmap_batch, gpfns, 16);
    OFF(struct xen_add_to_physmap_batch, errs, 24);
    /* domid 2, pad 6, gpfn 8. */
    SIZE(struct xen_remove_from_physmap, 16);
    OFF(struct xen_remove_from_physmap, gpfn, 8);
    /* nr_entries 4, pad 4, buffer 8 (8). */
    SIZE(struct xen_memory_map, 16);
    OFF(struct xen_memory_map, buffer, 8);
    /* domid 2, pad 6, map 16 (8). */
    SIZE(struct xen_foreign_memory_map, 24);
    OFF(struct xen_foreign_memory_map, map, 8);
    /* Four uint64_t, domid 2 (32), pad 6. */
    SIZE(struct xen_pod_target, 40);
    OFF(struct xen_pod_target, domid, 32);
    /* BIOS E820 entry, packed: 8 + 8 + 4. */
    SIZE(struct e820entry, 20);
    OFF(struct e820entry, size, 8);
    OFF(struct e820entry, type, 16);
    /* start, end 16; flags, nid 8. */
    SIZE(struct xen_vmemrange, 24);
    /* domid 2, pad 2, three counts 12 (4..15), three 8-byte unions (16). */
    SIZE(struct xen_vnuma_topology_info, 40);
    OFF(struct xen_vnuma_topology_info, nr_vnodes, 4);
    OFF(struct xen_vnuma_topology_info, nr_vmemranges, 12);
    OFF(struct xen_vnuma_topology_info, vdistance, 16);
    OFF(struct xen_vnuma_topology_info, vcpu_to_vnode, 24);
    OFF(struct xen_vnuma_topology_info, vmemrange, 32);
    /* domid 2, type 2, id 4, nr_frames 4 (8), pad 4 (12), frame 8 (16), */
    /* frame_list 8 (24). */
    SIZE(struct xen_mem_acquire_resource, 32);
    OFF(struct xen_mem_acquire_resource, id, 4);
    OFF(struct xen_mem_acquire_resource, nr_frames, 8);
    OFF(struct xen_mem_acquire_resource, frame, 16);
    OFF(struct xen_mem_acquire_resource, frame_list, 24);

    VAL(XENMEM_increase_reservation, 0);
    VAL(XENMEM_decrease_reservation, 1);
    VAL(XENMEM_maximum_ram_page, 2);
    VAL(XENMEM_current_reservation, 3);
    VAL(XENMEM_maximum_reservation, 4);
    VAL(XENMEM_machphys_mfn_list, 5);
    VAL(XENMEM_populate_physmap, 6);
    VAL(XENMEM_add_to_physmap, 7);
    VAL(XENMEM_memory_map, 9);
    VAL(XENMEM_machine_memory_map, 10);
    VAL(XENMEM_exchange, 11);
    VAL(XENMEM_machphys_mapping, 12);
    VAL(XENMEM_set_memory_map, 13);
    VAL(XENMEM_maximum_gpfn, 14);
    VAL(XENMEM_remove_from_physmap, 15);
    VAL(XENMEM_set_pod_target, 16);
    VAL(XENMEM_get_pod_target, 17);
    VAL(XENMEM_add_to_physmap_batch, 23);
    VAL(XENMEM_claim_pages, 24);
    VAL(XENMEM_machphys_compat_mfn_list, 25);
    VAL(XENMEM_get_vnumainfo, 26);
    VAL(XENMEM_reserved_device_memory_map, 27);
    VAL(XENMEM_acquire_resource, 28);
    VAL(XENMAPSPACE_shared_info, 0);
    VAL(XENMAPSPACE_grant_table, 1);
    VAL(XENMAPSPACE_gmfn, 2);
    VAL(XENMAPSPACE_gmfn_range, 3);
    VAL(XENMAPSPACE_gmfn_foreign, 4);
    VAL(XENMAPSPACE_dev_mmio, 5);
    VAL(XENMAPIDX_grant_table_status, 0x80000000U);
    VAL(XENMEMF_populate_on_demand, 1 << 16);
    VAL(XENMEMF_exact_node_request, 1 << 17);
    VAL(XENMEMF_vnode, 1 << 18);
    /* Node n is stored as n + 1 in bits 15:8, address bits in 7:0. */
    VAL(XENMEMF_node(0), 0x100);
    VAL(XENMEMF_node(5), 0x600);
    VAL(XENMEMF_get_node(XENMEMF_node(5) | XENMEMF_address_bits(32)), 5);
    VAL(XENMEMF_get_node(XENMEMF_exact_node(254) | XENMEMF_vnode), 254);
    VAL(XENMEMF_get_address_bits(XENMEMF_node(3) | XENMEMF_address_bits(32)), 32);
}

/* ------------------------------------------------------------------ */
/* physdev.h, platform.h                                               */
/* ------------------------------------------------------------------ */

static void test_physdev(void **state)
{
    (void)state;

    SIZE(struct physdev_eoi, 4);
    SIZE(struct physdev_pirq_eoi_gmfn, 8);
    SIZE(struct physdev_irq_status_query, 8);
    SIZE(struct physdev_set_iopl, 4);
    /* bitmap 8, nr_ports 4 (8), pad 4. */
    SIZE(struct physdev_set_iobitmap, 16);
    OFF(struct physdev_set_iobitmap, nr_ports, 8);
    /* apic_physbase 8, reg 4 (8), value 4 (12). */
    SIZE(struct physdev_apic, 16);
    OFF(struct physdev_apic, reg, 8);
    OFF(struct physdev_apic, value, 12);
    SIZE(struct physdev_irq, 8);
    /*
     * domid 2, pad 2, six ints type..entry_nr (4..24), pad 4 at 28,
     * table_base 8 (32): 40.
     */
    SIZE(struct physdev_map_pirq, 40);
    OFF(struct physdev_map_pirq, type, 4);
    OFF(struct physdev_map_pirq, index, 8);
    OFF(struct physdev_map_pirq, pirq, 12);
    OFF(struct physdev_map_pirq, bus, 16);
    OFF(struct physdev_map_pirq, devfn, 20);
    OFF(struct physdev_map_pirq, entry_nr, 24);
    OFF(struct physdev_map_pirq, table_base, 32);
    /* domid 2, pad 2, pirq 4. */
    SIZE(struct physdev_unmap_pirq, 8);
    OFF(struct physdev_unmap_pirq, pirq, 4);
    SIZE(struct physdev_manage_pci, 2);
    SIZE(struct physdev_restore_msi, 2);
    /* bus, devfn 2, pad 2, is_extfn 4 (4), is_virtfn 4 (8), physfn 2 (12), pad 2. */
    SIZE(struct physdev_manage_pci_ext, 16);
    OFF(struct physdev_manage_pci_ext, is_extfn, 4);
    OFF(struct physdev_manage_pci_ext, is_virtfn, 8);
    OFF(struct physdev_manage_pci_ext, physfn, 12);
    /* cmd 4, pad 4, union of at most 16 bytes (set_iobitmap, apic_op) at 8. */
    SIZE(struct physdev_op, 24);
    OFF(struct physdev_op, u, 8);
    /* gsi 4, triggering 1 (4), polarity 1 (5), pad 2. */
    SIZE(struct physdev_setup_gsi, 8);
    OFF(struct physdev_setup_gsi, triggering, 4);
    OFF(struct physdev_setup_gsi, polarity, 5);
    SIZE(struct physdev_get_free_pirq, 8);
    /* address 8, segment 2 (8), start_bus (10), end_bus (11), flags 4 (12). */
    SIZE(struct physdev_pci_mmcfg_reserved, 16);
    OFF(struct physdev_pci_mmcfg_reserved, segment, 8);
    OFF(struct physdev_pci_mmcfg_reserved, start_bus, 10);
    OFF(struct physdev_pci_mmcfg_reserved, end_bus, 11);
    OFF(struct physdev_pci_mmcfg_reserved, flags, 12);
    /* seg 2, bus, devfn (2, 3), flags 4 (4), physfn 2 (8), pad 2, optarr (12). */
    SIZE(struct physdev_pci_device_add, 12);
    OFF(struct physdev_pci_device_add, flags, 4);
    OFF(struct physdev_pci_device_add, physfn, 8);
    OFF(struct physdev_pci_device_add, optarr, 12);
    SIZE(struct physdev_pci_device, 4);
    SIZE(struct pci_device_reset, 8);
    OFF(struct pci_device_reset, flags, 4);
    /* op 1, bus 1, u: one pci device of 4 bytes, 2-aligned (2). */
    SIZE(struct physdev_dbgp_op, 6);
    OFF(struct physdev_dbgp_op, u, 2);

    VAL(PHYSDEVOP_irq_status_query, 5);
    VAL(PHYSDEVOP_set_iopl, 6);
    VAL(PHYSDEVOP_set_iobitmap, 7);
    VAL(PHYSDEVOP_apic_read, 8);
    VAL(PHYSDEVOP_apic_write, 9);
    VAL(PHYSDEVOP_alloc_irq_vector, 10);
    VAL(PHYSDEVOP_free_irq_vector, 11);
    VAL(PHYSDEVOP_eoi, 12);
    VAL(PHYSDEVOP_map_pirq, 13);
    VAL(PHYSDEVOP_unmap_pirq, 14);
    VAL(PHYSDEVOP_manage_pci_add, 15);
    VAL(PHYSDEVOP_manage_pci_remove, 16);
    VAL(PHYSDEVOP_pirq_eoi_gmfn_v1, 17);
    VAL(PHYSDEVOP_restore_msi, 19);
    VAL(PHYSDEVOP_manage_pci_add_ext, 20);
    VAL(PHYSDEVOP_setup_gsi, 21);
    VAL(PHYSDEVOP_get_free_pirq, 23);
    VAL(PHYSDEVOP_pci_mmcfg_reserved, 24);
    VAL(PHYSDEVOP_pci_device_add, 25);
    VAL(PHYSDEVOP_pci_device_remove, 26);
    VAL(PHYSDEVOP_restore_msi_ext, 27);
    VAL(PHYSDEVOP_pirq_eoi_gmfn_v2, 28);
    VAL(PHYSDEVOP_pirq_eoi_gmfn, 28);
    VAL(PHYSDEVOP_dbgp_op, 29);
    VAL(PHYSDEVOP_prepare_msix, 30);
    VAL(PHYSDEVOP_release_msix, 31);
    VAL(PHYSDEVOP_pci_device_reset, 32);
    VAL(XENIRQSTAT_needs_eoi, 1);
    VAL(XENIRQSTAT_shared, 2);
    VAL(MAP_PIRQ_TYPE_MSI, 0);
    VAL(MAP_PIRQ_TYPE_GSI, 1);
    VAL(MAP_PIRQ_TYPE_UNKNOWN, 2);
    VAL(MAP_PIRQ_TYPE_MSI_SEG, 3);
    VAL(MAP_PIRQ_TYPE_MULTI_MSI, 4);
    VAL(XEN_PCI_DEV_EXTFN, 1);
    VAL(XEN_PCI_DEV_VIRTFN, 2);
    VAL(XEN_PCI_DEV_PXM, 4);
}

static void test_platform(void **state)
{
    (void)state;

    /* secs 4, nsecs 4, system_time 8 (8). */
    SIZE(struct xenpf_settime32, 16);
    OFF(struct xenpf_settime32, system_time, 8);
    /* secs 8, nsecs 4 (8), mbz 4 (12), system_time 8 (16). */
    SIZE(struct xenpf_settime64, 24);
    OFF(struct xenpf_settime64, nsecs, 8);
    OFF(struct xenpf_settime64, mbz, 12);
    OFF(struct xenpf_settime64, system_time, 16);
    /* mfn 8, nr_mfns 8 (8), type, handle, reg 4 each (16, 20, 24), pad 4. */
    SIZE(struct xenpf_add_memtype, 32);
    OFF(struct xenpf_add_memtype, nr_mfns, 8);
    OFF(struct xenpf_add_memtype, type, 16);
    OFF(struct xenpf_add_memtype, handle, 20);
    OFF(struct xenpf_add_memtype, reg, 24);
    SIZE(struct xenpf_del_memtype, 8);
    /* reg 4, pad 4, mfn (8), nr_mfns (16), type 4 (24), pad 4. */
    SIZE(struct xenpf_read_memtype, 32);
    OFF(struct xenpf_read_memtype, mfn, 8);
    OFF(struct xenpf_read_memtype, type, 24);
    /* data 8, length 4 (8), pad 4. */
    SIZE(struct xenpf_microcode_update, 16);
    OFF(struct xenpf_microcode_update, length, 8);
    /* flags 4, length 4, data 8 (8). */
    SIZE(struct xenpf_microcode_update2, 16);
    OFF(struct xenpf_microcode_update2, data, 8);
    SIZE(struct xenpf_platform_quirk, 4);
    /* year 2, five u8 (2..6), pad, ns 4 (8), tz 2 (12), daylight (14), pad. */
    SIZE(struct xenpf_efi_time, 16);
    OFF(struct xenpf_efi_time, sec, 6);
    OFF(struct xenpf_efi_time, ns, 8);
    OFF(struct xenpf_efi_time, tz, 12);
    OFF(struct xenpf_efi_time, daylight, 14);
    SIZE(struct xenpf_efi_guid, 16);
    OFF(struct xenpf_efi_guid, data4, 8);
    /*
     * function 4, misc 4, status 8 (8), u (16): largest member is
     * get_variable = name 8 + size 8 + data 8 + guid 16 = 40: 56.
     */
    SIZE(struct xenpf_efi_runtime_call, 56);
    OFF(struct xenpf_efi_runtime_call, status, 8);
    OFF(struct xenpf_efi_runtime_call, u, 16);
    OFF(struct xenpf_efi_runtime_call, u.get_variable.size, 24);
    OFF(struct xenpf_efi_runtime_call, u.get_variable.vendor_guid, 40);
    OFF(struct xenpf_efi_runtime_call, u.get_time.resolution, 32);
    /*
     * type 4, index 4, u (8): largest member efi_info.mem = 3 x 8 +
     * type 4 + pad 4 = 32: 40.
     */
    SIZE(union xenpf_efi_info, 32);
    SIZE(struct xenpf_firmware_info, 40);
    OFF(struct xenpf_firmware_info, u, 8);
    OFF(struct xenpf_firmware_info, u.disk_info.interface_support, 10);
    OFF(struct xenpf_firmware_info, u.disk_info.legacy_max_cylinder, 12);
    OFF(struct xenpf_firmware_info, u.disk_info.legacy_sectors_per_track, 15);
    OFF(struct xenpf_firmware_info, u.disk_info.edd_params, 16);
    OFF(struct xenpf_firmware_info, u.disk_mbr_signature.mbr_signature, 12);
    OFF(struct xenpf_firmware_info, u.vbeddc_info.edid, 16);
    OFF(struct xenpf_firmware_info, u.efi_info.cfg.nent, 16);
    OFF(struct xenpf_firmware_info, u.efi_info.vendor.name, 16);
    OFF(struct xenpf_firmware_info, u.efi_info.mem.type, 32);
    OFF(struct xenpf_firmware_info, u.efi_info.pci_rom.address, 16);
    OFF(struct xenpf_firmware_info, u.efi_info.pci_rom.size, 24);
    /* val_a 2, val_b 2, sleep_state 4 (4), flags 4 (8). */
    SIZE(struct xenpf_enter_acpi_sleep, 12);
    OFF(struct xenpf_enter_acpi_sleep, sleep_state, 4);
    OFF(struct xenpf_enter_acpi_sleep, flags, 8);
    SIZE(struct xenpf_change_freq, 16);
    OFF(struct xenpf_change_freq, freq, 8);
    /* bitmap 8, nr_cpus 4 (8), pad, idletime 8 (16), now 8 (24). */
    SIZE(struct xenpf_getidletime, 32);
    OFF(struct xenpf_getidletime, cpumap_nr_cpus, 8);
    OFF(struct xenpf_getidletime, idletime, 16);
    OFF(struct xenpf_getidletime, now, 24);
    /* Four uint32_t and an address. */
    SIZE(struct xen_power_register, 24);
    SIZE(struct xen_processor_csd, 12);
    /* reg 24, type 1 (24), latency (28), power (32), dpcnt (36), dp 8 (40). */
    SIZE(struct xen_processor_cx, 48);
    OFF(struct xen_processor_cx, type, 24);
    OFF(struct xen_processor_cx, latency, 28);
    OFF(struct xen_processor_cx, dpcnt, 36);
    OFF(struct xen_processor_cx, dp, 40);
    SIZE(struct xen_processor_flags, 4);
    SIZE(struct xen_processor_power, 16);
    OFF(struct xen_processor_power, states, 8);
    /* u8, pad, u16 (2), four u8 (4..7), address 8 (8). */
    SIZE(struct xen_pct_register, 16);
    OFF(struct xen_pct_register, length, 2);
    OFF(struct xen_pct_register, space_id, 4);
    OFF(struct xen_pct_register, address, 8);
    SIZE(struct xen_processor_px, 48);
    SIZE(struct xen_psd_package, 40);
    /*
     * flags, platform_limit 8; two pct registers 32 (8, 24); state_count
     * 4 (40), pad; states 8 (48); domain_info 40 (56); shared_type 4
     * (96), pad 4: 104.
     */
    SIZE(struct xen_processor_performance, 104);
    OFF(struct xen_processor_performance, control_register, 8);
    OFF(struct xen_processor_performance, status_register, 24);
    OFF(struct xen_processor_performance, state_count, 40);
    OFF(struct xen_processor_performance, states, 48);
    OFF(struct xen_processor_performance, domain_info, 56);
    OFF(struct xen_processor_performance, shared_type, 96);
    /* flags 1, pad 3, cpc 6 x 4 (4), shared_type (28), domain_info (32). */
    SIZE(struct xen_processor_cppc, 72);
    OFF(struct xen_processor_cppc, cpc, 4);
    OFF(struct xen_processor_cppc, shared_type, 28);
    OFF(struct xen_processor_cppc, domain_info, 32);
    /* id, type, u (8) whose largest member is perf (104). */
    SIZE(struct xenpf_set_processor_pminfo, 112);
    OFF(struct xenpf_set_processor_pminfo, u, 8);
    SIZE(struct xenpf_pcpuinfo, 20);
    OFF(struct xenpf_pcpuinfo, acpi_id, 16);
    /* 4 + 4 + 12 + 3 x 4. */
    SIZE(struct xenpf_pcpu_version, 32);
    OFF(struct xenpf_pcpu_version, vendor_id, 8);
    OFF(struct xenpf_pcpu_version, family, 20);
    OFF(struct xenpf_pcpu_version, stepping, 28);
    SIZE(struct xenpf_cpu_ol, 4);
    SIZE(struct xenpf_cpu_hotadd, 12);
    SIZE(struct xenpf_mem_hotadd, 24);
    OFF(struct xenpf_mem_hotadd, pxm, 16);
    SIZE(struct xenpf_core_parking, 8);
    /* u 4, rsvd 4, idx 8 (8), val 8 (16). */
    SIZE(struct xenpf_resource_entry, 24);
    OFF(struct xenpf_resource_entry, idx, 8);
    OFF(struct xenpf_resource_entry, val, 16);
    SIZE(struct xenpf_resource_op, 16);
    OFF(struct xenpf_resource_op, entries, 8);
    /* namelen, symnum, name 8 (8), address 8 (16), type 1 (24), pad 7. */
    SIZE(struct xenpf_symdata, 32);
    OFF(struct xenpf_symdata, name, 8);
    OFF(struct xenpf_symdata, address, 16);
    OFF(struct xenpf_symdata, type, 24);
    SIZE(struct xenpf_ucode_revision, 16);
    /* cmd 4, interface_version 4, u: pad[128] at 8 (8-aligned): 136. */
    SIZE(struct xen_platform_op, 136);
    OFF(struct xen_platform_op, interface_version, 4);
    OFF(struct xen_platform_op, u, 8);
    OFF(struct xen_platform_op, u.settime64.system_time, 24);
    OFF(struct xen_platform_op, u.pcpu_info.apic_id, 20);

    VAL(XENPF_INTERFACE_VERSION, 0x03000001);
    VAL(XENPF_settime32, 17);
    VAL(XENPF_add_memtype, 31);
    VAL(XENPF_del_memtype, 32);
    VAL(XENPF_read_memtype, 33);
    VAL(XENPF_microcode_update, 35);
    VAL(XENPF_platform_quirk, 39);
    VAL(XENPF_get_cpu_version, 48);
    VAL(XENPF_efi_runtime_call, 49);
    VAL(XENPF_firmware_info, 50);
    VAL(XENPF_enter_acpi_sleep, 51);
    VAL(XENPF_change_freq, 52);
    VAL(XENPF_getidletime, 53);
    VAL(XENPF_set_processor_pminfo, 54);
    VAL(XENPF_get_cpuinfo, 55);
    VAL(XENPF_cpu_online, 56);
    VAL(XENPF_cpu_offline, 57);
    VAL(XENPF_cpu_hotadd, 58);
    VAL(XENPF_mem_hotadd, 59);
    VAL(XENPF_core_parking, 60);
    VAL(XENPF_resource_op, 61);
    VAL(XENPF_settime64, 62);
    VAL(XENPF_settime, 62);
    VAL(XENPF_get_symbol, 63);
    VAL(XENPF_get_dom0_console, 64);
    VAL(XENPF_get_ucode_revision, 65);
    VAL(XENPF_microcode_update2, 66);
    VAL(XEN_FW_DISK_INFO, 1);
    VAL(XEN_FW_DISK_MBR_SIGNATURE, 2);
    VAL(XEN_FW_VBEDDC_INFO, 3);
    VAL(XEN_FW_EFI_INFO, 4);
    VAL(XEN_FW_KBD_SHIFT_FLAGS, 5);
    VAL(XEN_FW_EFI_APPLE_PROPERTIES, 6);
    VAL(XEN_PM_CX, 0);
    VAL(XEN_PM_PX, 1);
    VAL(XEN_PM_TX, 2);
    VAL(XEN_PM_PDC, 3);
    VAL(XEN_PM_CPPC, 4);
    VAL(XENPF_ACPI_SLEEP_EXTENDED, 1);
    VAL(XEN_PCPU_FLAGS_ONLINE, 1);
    VAL(XEN_PCPU_FLAGS_INVALID, 2);
}

/* ------------------------------------------------------------------ */
/* event_channel.h, grant_table.h                                      */
/* ------------------------------------------------------------------ */

static void test_event_channel(void **state)
{
    (void)state;

    SIZE(evtchn_port_t, 4);
    SIZE(event_word_t, 4);
    /* dom 2, remote_dom 2, port 4 (4). */
    SIZE(struct evtchn_alloc_unbound, 8);
    OFF(struct evtchn_alloc_unbound, remote_dom, 2);
    OFF(struct evtchn_alloc_unbound, port, 4);
    /* remote_dom 2, pad 2, remote_port (4), local_port (8). */
    SIZE(struct evtchn_bind_interdomain, 12);
    OFF(struct evtchn_bind_interdomain, remote_port, 4);
    OFF(struct evtchn_bind_interdomain, local_port, 8);
    SIZE(struct evtchn_bind_virq, 12);
    OFF(struct evtchn_bind_virq, port, 8);
    SIZE(struct evtchn_bind_pirq, 12);
    OFF(struct evtchn_bind_pirq, port, 8);
    SIZE(struct evtchn_bind_ipi, 8);
    SIZE(struct evtchn_close, 4);
    SIZE(struct evtchn_send, 4);
    /*
     * dom 2, pad 2, port (4), status (8), vcpu (12), u (16): largest is
     * interdomain = dom 2, pad 2, port 4 = 8: 24.
     */
    SIZE(struct evtchn_status, 24);
    OFF(struct evtchn_status, port, 4);
    OFF(struct evtchn_status, status, 8);
    OFF(struct evtchn_status, vcpu, 12);
    OFF(struct evtchn_status, u, 16);
    OFF(struct evtchn_status, u.interdomain.port, 20);
    SIZE(struct evtchn_bind_vcpu, 8);
    SIZE(struct evtchn_unmask, 4);
    SIZE(struct evtchn_reset, 2);
    /* control_gfn 8, offset (8), vcpu (12), link_bits (16), _pad 7: 24. */
    SIZE(struct evtchn_init_control, 24);
    OFF(struct evtchn_init_control, offset, 8);
    OFF(struct evtchn_init_control, vcpu, 12);
    OFF(struct evtchn_init_control, link_bits, 16);
    SIZE(struct evtchn_expand_array, 8);
    SIZE(struct evtchn_set_priority, 8);
    /* cmd 4, u (4): largest member evtchn_status, 24, 4-aligned: 28. */
    SIZE(struct evtchn_op, 28);
    OFF(struct evtchn_op, u, 4);
    /* ready, _rsvd, 16 heads: 18 x 4. */
    SIZE(struct evtchn_fifo_control_block, 72);
    OFF(struct evtchn_fifo_control_block, head, 8);

    VAL(EVTCHNOP_bind_interdomain, 0);
    VAL(EVTCHNOP_bind_virq, 1);
    VAL(EVTCHNOP_bind_pirq, 2);
    VAL(EVTCHNOP_close, 3);
    VAL(EVTCHNOP_send, 4);
    VAL(EVTCHNOP_status, 5);
    VAL(EVTCHNOP_alloc_unbound, 6);
    VAL(EVTCHNOP_bind_ipi, 7);
    VAL(EVTCHNOP_bind_vcpu, 8);
    VAL(EVTCHNOP_unmask, 9);
    VAL(EVTCHNOP_reset, 10);
    VAL(EVTCHNOP_init_control, 11);
    VAL(EVTCHNOP_expand_array, 12);
    VAL(EVTCHNOP_set_priority, 13);
    VAL(EVTCHNSTAT_closed, 0);
    VAL(EVTCHNSTAT_unbound, 1);
    VAL(EVTCHNSTAT_interdomain, 2);
    VAL(EVTCHNSTAT_pirq, 3);
    VAL(EVTCHNSTAT_virq, 4);
    VAL(EVTCHNSTAT_ipi, 5);
    VAL(BIND_PIRQ__WILL_SHARE, 1);
    /* 64 words of 64 bits, as shared_info.evtchn_pending holds. */
    VAL(EVTCHN_2L_NR_CHANNELS, 4096);
    VAL(EVTCHN_2L_NR_CHANNELS,
        sizeof(((struct shared_info *)0)->evtchn_pending) * 8);
    VAL(EVTCHN_FIFO_PRIORITY_MAX, 0);
    VAL(EVTCHN_FIFO_PRIORITY_DEFAULT, 7);
    VAL(EVTCHN_FIFO_PRIORITY_MIN, 15);
    VAL(EVTCHN_FIFO_MAX_QUEUES, 16);
    VAL(EVTCHN_FIFO_PENDING, 31);
    VAL(EVTCHN_FIFO_MASKED, 30);
    VAL(EVTCHN_FIFO_LINKED, 29);
    VAL(EVTCHN_FIFO_BUSY, 28);
    VAL(EVTCHN_FIFO_LINK_BITS, 17);
    VAL(EVTCHN_FIFO_LINK_MASK, 0x1ffff);
    VAL(EVTCHN_FIFO_NR_CHANNELS, 131072);
}

static void test_grant_table(void **state)
{
    (void)state;

    SIZE(grant_ref_t, 4);
    SIZE(grant_handle_t, 4);
    SIZE(grant_status_t, 2);
    /* flags 2, domid 2, frame 4: 512 per page. */
    SIZE(struct grant_entry_v1, 8);
    OFF(struct grant_entry_v1, domid, 2);
    OFF(struct grant_entry_v1, frame, 4);
    SIZE(struct grant_entry_header, 4);
    /* hdr 4, then 4 + 8 (full_page, sub_page) or 2 + 2 + 4 (transitive). */
    SIZE(union grant_entry_v2, 16);
    OFF(union grant_entry_v2, full_page.frame, 8);
    OFF(union grant_entry_v2, sub_page.page_off, 4);
    OFF(union grant_entry_v2, sub_page.length, 6);
    OFF(union grant_entry_v2, sub_page.frame, 8);
    OFF(union grant_entry_v2, transitive.trans_domid, 4);
    OFF(union grant_entry_v2, transitive.gref, 8);
    /*
     * host_addr 8, flags (8), ref (12), dom 2 (16), status 2 (18),
     * handle (20), dev_bus_addr 8 (24).
     */
    SIZE(struct gnttab_map_grant_ref, 32);
    OFF(struct gnttab_map_grant_ref, flags, 8);
    OFF(struct gnttab_map_grant_ref, ref, 12);
    OFF(struct gnttab_map_grant_ref, dom, 16);
    OFF(struct gnttab_map_grant_ref, status, 18);
    OFF(struct gnttab_map_grant_ref, handle, 20);
    OFF(struct gnttab_map_grant_ref, dev_bus_addr, 24);
    /* host_addr, dev_bus_addr, handle (16), status (20), pad 2. */
    SIZE(struct gnttab_unmap_grant_ref, 24);
    OFF(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
    OFF(struct gnttab_unmap_grant_ref, handle, 16);
    OFF(struct gnttab_unmap_grant_ref, status, 20);
    /* dom 2, pad 2, nr_frames (4), status (8), pad 6, frame_list (16). */
    SIZE(struct gnttab_setup_table, 24);
    OFF(struct gnttab_setup_table, nr_frames, 4);
    OFF(struct gnttab_setup_table, status, 8);
    OFF(struct gnttab_setup_table, frame_list, 16);
    SIZE(struct gnttab_dump_table, 4);
    OFF(struct gnttab_dump_table, status, 2);
    /* mfn 8, domid 2 (8), pad 2, ref (12), status 2 (16), pad 6. */
    SIZE(struct gnttab_transfer, 24);
    OFF(struct gnttab_transfer, domid, 8);
    OFF(struct gnttab_transfer, ref, 12);
    OFF(struct gnttab_transfer, status, 16);
    /* copy_ptr: u 8, domid (8), offset (10), pad 4 = 16; two of them, */
    /* len (32), flags (34), status (36), pad 2.                         */
    SIZE(struct gnttab_copy_ptr, 16);
    OFF(struct gnttab_copy_ptr, domid, 8);
    OFF(struct gnttab_copy_ptr, offset, 10);
    SIZE(struct gnttab_copy, 40);
    OFF(struct gnttab_copy, dest, 16);
    OFF(struct gnttab_copy, dest.u.gmfn, 16);
    OFF(struct gnttab_copy, len, 32);
    OFF(struct gnttab_copy, flags, 34);
    OFF(struct gnttab_copy, status, 36);
    /* dom 2, pad 2, nr_frames (4), max_nr_frames (8), status (12), pad 2. */
    SIZE(struct gnttab_query_size, 16);
    OFF(struct gnttab_query_size, nr_frames, 4);
    OFF(struct gnttab_query_size, max_nr_frames, 8);
    OFF(struct gnttab_query_size, status, 12);
    SIZE(struct gnttab_unmap_and_replace, 24);
    OFF(struct gnttab_unmap_and_replace, new_addr, 8);
    OFF(struct gnttab_unmap_and_replace, handle, 16);
    OFF(struct gnttab_unmap_and_replace, status, 20);
    SIZE(struct gnttab_set_version, 4);
    /* nr_frames 4, dom 2 (4), status 2 (6), frame_list 8 (8). */
    SIZE(struct gnttab_get_status_frames, 16);
    OFF(struct gnttab_get_status_frames, dom, 4);
    OFF(struct gnttab_get_status_frames, status, 6);
    OFF(struct gnttab_get_status_frames, frame_list, 8);
    SIZE(struct gnttab_get_version, 8);
    OFF(struct gnttab_get_version, version, 4);
    SIZE(struct gnttab_swap_grant_ref, 12);
    OFF(struct gnttab_swap_grant_ref, status, 8);
    /* a 8, offset (8), length (10), op (12). */
    SIZE(struct gnttab_cache_flush, 16);
    OFF(struct gnttab_cache_flush, offset, 8);
    OFF(struct gnttab_cache_flush, length, 10);
    OFF(struct gnttab_cache_flush, op, 12);

    VAL(GNTTABOP_map_grant_ref, 0);
    VAL(GNTTABOP_unmap_grant_ref, 1);
    VAL(GNTTABOP_setup_table, 2);
    VAL(GNTTABOP_dump_table, 3);
    VAL(GNTTABOP_transfer, 4);
    VAL(GNTTABOP_copy, 5);
    VAL(GNTTABOP_query_size, 6);
    VAL(GNTTABOP_unmap_and_replace, 7);
    VAL(GNTTABOP_set_version, 8);
    VAL(GNTTABOP_get_status_frames, 9);
    VAL(GNTTABOP_get_version, 10);
    VAL(GNTTABOP_swap_grant_ref, 11);
    VAL(GNTTABOP_cache_flush, 12);
    VAL(GTF_invalid, 0);
    VAL(GTF_permit_access, 1);
    VAL(GTF_accept_transfer, 2);
    VAL(GTF_transitive, 3);
    VAL(GTF_type_mask, 3);
    VAL(GTF_readonly, 1 << 2);
    VAL(GTF_reading, 1 << 3);
    VAL(GTF_writing, 1 << 4);
    VAL(GTF_PWT, 1 << 5);
    VAL(GTF_PCD, 1 << 6);
    VAL(GTF_PAT, 1 << 7);
    VAL(GTF_sub_page, 1 << 8);
    VAL(GTF_transfer_committed, 1 << 2);
    VAL(GTF_transfer_completed, 1 << 3);
    VAL(GNTMAP_device_map, 1);
    VAL(GNTMAP_host_map, 2);
    VAL(GNTMAP_readonly, 4);
    VAL(GNTMAP_application_map, 8);
    VAL(GNTMAP_contains_pte, 16);
    VAL(GNTMAP_guest_avail_mask, 0xffff0000U);
    VAL(GNTCOPY_source_gref, 1);
    VAL(GNTCOPY_dest_gref, 2);
    VAL(GNTTAB_NR_RESERVED_ENTRIES, 8);
    VAL(GNTTAB_RESERVED_CONSOLE, 0);
    VAL(GNTTAB_RESERVED_XENSTORE, 1);
    VAL(GNTST_okay, 0);
    VAL(GNTST_general_error, -1);
    VAL(GNTST_bad_domain, -2);
    VAL(GNTST_bad_gntref, -3);
    VAL(GNTST_bad_handle, -4);
    VAL(GNTST_bad_virt_addr, -5);
    VAL(GNTST_bad_dev_addr, -6);
    VAL(GNTST_no_device_space, -7);
    VAL(GNTST_permission_denied, -8);
    VAL(GNTST_bad_page, -9);
    VAL(GNTST_bad_copy_arg, -10);
    VAL(GNTST_address_too_big, -11);
    VAL(GNTST_eagain, -12);
    VAL(GNTST_no_space, -13);

    {
        /* One message per status, indexed by -status. */
        static const char *const msgs[] = GNTTABOP_error_msgs;
        assert_int_equal(sizeof(msgs) / sizeof(msgs[0]), 1 - GNTST_no_space);
    }
}

/* ------------------------------------------------------------------ */
/* hvm/start_info.h, errno.h                                           */
/* ------------------------------------------------------------------ */

static void test_hvm_start_info_and_errno(void **state)
{
    (void)state;

    /*
     * Four uint32_t (0..12), then modlist, cmdline, rsdp, memmap
     * addresses (16, 24, 32, 40), memmap_entries (48), reserved (52).
     */
    SIZE(struct hvm_start_info, 56);
    OFF(struct hvm_start_info, version, 4);
    OFF(struct hvm_start_info, flags, 8);
    OFF(struct hvm_start_info, nr_modules, 12);
    OFF(struct hvm_start_info, modlist_paddr, 16);
    OFF(struct hvm_start_info, cmdline_paddr, 24);
    OFF(struct hvm_start_info, rsdp_paddr, 32);
    OFF(struct hvm_start_info, memmap_paddr, 40);
    OFF(struct hvm_start_info, memmap_entries, 48);
    OFF(struct hvm_start_info, reserved, 52);
    SIZE(struct hvm_modlist_entry, 32);
    OFF(struct hvm_modlist_entry, cmdline_paddr, 16);
    SIZE(struct hvm_memmap_table_entry, 24);
    OFF(struct hvm_memmap_table_entry, type, 16);
    VAL(XEN_HVM_START_MAGIC_VALUE, 0x336ec578);
    assert_memory_equal(&(uint32_t){ XEN_HVM_START_MAGIC_VALUE }, "x\xc5" "n3", 4);
    VAL(XEN_HVM_MEMMAP_TYPE_RAM, 1);
    VAL(XEN_HVM_MEMMAP_TYPE_PMEM, 7);

    VAL(XEN_EPERM, 1);
    VAL(XEN_ENOENT, 2);
    VAL(XEN_ESRCH, 3);
    VAL(XEN_EIO, 5);
    VAL(XEN_E2BIG, 7);
    VAL(XEN_EAGAIN, 11);
    VAL(XEN_ENOMEM, 12);
    VAL(XEN_EACCES, 13);
    VAL(XEN_EFAULT, 14);
    VAL(XEN_EBUSY, 16);
    VAL(XEN_EEXIST, 17);
    VAL(XEN_EXDEV, 18);
    VAL(XEN_ENODEV, 19);
    VAL(XEN_EISDIR, 21);
    VAL(XEN_EINVAL, 22);
    VAL(XEN_ENOSPC, 28);
    VAL(XEN_EROFS, 30);
    VAL(XEN_ERANGE, 34);
    VAL(XEN_EDEADLK, 35);
    VAL(XEN_ENOSYS, 38);
    VAL(XEN_ENOTEMPTY, 39);
    VAL(XEN_ENODATA, 61);
    VAL(XEN_ETIME, 62);
    VAL(XEN_EOVERFLOW, 75);
    VAL(XEN_ERESTART, 85);
    VAL(XEN_EOPNOTSUPP, 95);
    VAL(XEN_EISCONN, 106);
    VAL(XEN_ENOTCONN, 107);
    VAL(XEN_ETIMEDOUT, 110);
    VAL(XEN_ECONNREFUSED, 111);
}

/* ------------------------------------------------------------------ */
/* io/: xenstore, console, xenbus                                      */
/* ------------------------------------------------------------------ */

static void test_io_xenstore_console(void **state)
{
    (void)state;

    /* Four uint32_t. */
    SIZE(struct xsd_sockmsg, 16);
    OFF(struct xsd_sockmsg, req_id, 4);
    OFF(struct xsd_sockmsg, tx_id, 8);
    OFF(struct xsd_sockmsg, len, 12);
    /*
     * req 1024, rsp 1024 (1024), then eight uint32_t from 2048:
     * req_cons, req_prod, rsp_cons, rsp_prod, server_features,
     * connection, error, evtchn_port = 2080. (Xen 4.17 ends before
     * evtchn_port, at 2076; the page is the same.)
     */
    SIZE(struct xenstore_domain_interface, 2080);
    OFF(struct xenstore_domain_interface, rsp, 1024);
    OFF(struct xenstore_domain_interface, req_cons, 2048);
    OFF(struct xenstore_domain_interface, req_prod, 2052);
    OFF(struct xenstore_domain_interface, rsp_cons, 2056);
    OFF(struct xenstore_domain_interface, rsp_prod, 2060);
    OFF(struct xenstore_domain_interface, server_features, 2064);
    OFF(struct xenstore_domain_interface, connection, 2068);
    OFF(struct xenstore_domain_interface, error, 2072);
    OFF(struct xenstore_domain_interface, evtchn_port, 2076);
    /*
     * in 1024, out 2048 (1024), in_cons, in_prod, out_cons, out_prod
     * (3072..3084), connection 1 (3088), pad 3: 3092. (Xen 4.17 ends
     * before connection, at 3088.)
     */
    SIZE(struct xencons_interface, 3092);
    OFF(struct xencons_interface, out, 1024);
    OFF(struct xencons_interface, in_cons, 3072);
    OFF(struct xencons_interface, in_prod, 3076);
    OFF(struct xencons_interface, out_cons, 3080);
    OFF(struct xencons_interface, out_prod, 3084);
    OFF(struct xencons_interface, connection, 3088);

    VAL(XS_CONTROL, 0);
    VAL(XS_DEBUG, 0);
    VAL(XS_DIRECTORY, 1);
    VAL(XS_READ, 2);
    VAL(XS_GET_PERMS, 3);
    VAL(XS_WATCH, 4);
    VAL(XS_UNWATCH, 5);
    VAL(XS_TRANSACTION_START, 6);
    VAL(XS_TRANSACTION_END, 7);
    VAL(XS_INTRODUCE, 8);
    VAL(XS_RELEASE, 9);
    VAL(XS_GET_DOMAIN_PATH, 10);
    VAL(XS_WRITE, 11);
    VAL(XS_MKDIR, 12);
    VAL(XS_RM, 13);
    VAL(XS_SET_PERMS, 14);
    VAL(XS_WATCH_EVENT, 15);
    VAL(XS_ERROR, 16);
    VAL(XS_IS_DOMAIN_INTRODUCED, 17);
    VAL(XS_RESUME, 18);
    VAL(XS_SET_TARGET, 19);
    VAL(XS_RESET_WATCHES, 21);
    VAL(XS_DIRECTORY_PART, 22);
    VAL(XS_GET_FEATURE, 23);
    VAL(XS_SET_FEATURE, 24);
    VAL(XS_GET_QUOTA, 25);
    VAL(XS_SET_QUOTA, 26);
    VAL(XS_TYPE_COUNT, 27);
    VAL(XS_INVALID, 0xffff);
    VAL(XS_WATCH_PATH, 0);
    VAL(XS_WATCH_TOKEN, 1);
    VAL(XENSTORE_RING_SIZE, 1024);
    VAL(MASK_XENSTORE_IDX(1024 + 5), 5);
    VAL(XENSTORE_PAYLOAD_MAX, 4096);
    VAL(XENSTORE_ABS_PATH_MAX, 3072);
    VAL(XENSTORE_REL_PATH_MAX, 2048);
    VAL(XENSTORE_SERVER_FEATURE_RECONNECTION, 1);
    VAL(XENSTORE_SERVER_FEATURE_ERROR, 2);
    VAL(XENSTORE_SERVER_FEATURE_WATCHDEPTH, 4);
    VAL(XENSTORE_SERVER_FEATURE_DOMID_ANY, 8);
    VAL(XENSTORE_CONNECTED, 0);
    VAL(XENSTORE_RECONNECT, 1);
    VAL(XENSTORE_ERROR_NONE, 0);
    VAL(XENSTORE_ERROR_COMM, 1);
    VAL(XENSTORE_ERROR_RINGIDX, 2);
    VAL(XENSTORE_ERROR_PROTO, 3);

    VAL(XENCONSOLE_CONNECTED, 0);
    VAL(XENCONSOLE_DISCONNECTED, 1);
    {
        struct xencons_interface c;
        VAL(MASK_XENCONS_IDX(1030u, c.in), 6);
        VAL(MASK_XENCONS_IDX(1030u, c.out), 1030);
        VAL(MASK_XENCONS_IDX(2050u, c.out), 2);
    }

    VAL(XenbusStateUnknown, 0);
    VAL(XenbusStateInitialising, 1);
    VAL(XenbusStateInitWait, 2);
    VAL(XenbusStateInitialised, 3);
    VAL(XenbusStateConnected, 4);
    VAL(XenbusStateClosing, 5);
    VAL(XenbusStateClosed, 6);
    VAL(XenbusStateReconfiguring, 7);
    VAL(XenbusStateReconfigured, 8);
}

/* The error table maps names to XEN_E* numbers; EINVAL comes first. */
static void test_xs_errors(void **state)
{
    static const struct {
        const char *name;
        int num;
    } want[] = {
        { "EINVAL", 22 }, { "EACCES", 13 }, { "EEXIST", 17 }, { "EISDIR", 21 },
        { "ENOENT", 2 }, { "ENOMEM", 12 }, { "ENOSPC", 28 }, { "EIO", 5 },
        { "ENOTEMPTY", 39 }, { "ENOSYS", 38 }, { "EROFS", 30 }, { "EBUSY", 16 },
        { "EAGAIN", 11 }, { "EISCONN", 106 }, { "E2BIG", 7 }, { "EPERM", 1 },
    };

    (void)state;

    SIZE(struct xsd_errors, 16);
    assert_int_equal(XSD_ERRORS_COUNT, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++) {
        assert_string_equal(xsd_errors[i].errstring, want[i].name);
        assert_int_equal(xsd_errors[i].errnum, want[i].num);
    }
}

/* ------------------------------------------------------------------ */
/* io/ring.h, io/blkif.h, io/netif.h                                   */
/* ------------------------------------------------------------------ */

static void test_io_blkif_netif_layouts(void **state)
{
    (void)state;

    /* gref 4, first_sect (4), last_sect (5), pad 2. */
    SIZE(struct blkif_request_segment, 8);
    OFF(struct blkif_request_segment, first_sect, 4);
    OFF(struct blkif_request_segment, last_sect, 5);
    /*
     * operation, nr_segments, handle 2 (2), pad 4, id 8 (8), sector 8
     * (16), 11 segments of 8 (24): 112.
     */
    SIZE(struct blkif_request, 112);
    OFF(struct blkif_request, nr_segments, 1);
    OFF(struct blkif_request, handle, 2);
    OFF(struct blkif_request, id, 8);
    OFF(struct blkif_request, sector_number, 16);
    OFF(struct blkif_request, seg, 24);
    OFF(struct blkif_request, seg[10], 104);
    /* operation, flag, handle (2), pad, id (8), sector (16), nr_sectors (24). */
    SIZE(struct blkif_request_discard, 32);
    OFF(struct blkif_request_discard, flag, 1);
    OFF(struct blkif_request_discard, id, 8);
    OFF(struct blkif_request_discard, nr_sectors, 24);
    /*
     * operation, indirect_op, nr_segments 2 (2), pad, id (8), sector
     * (16), handle 2 (24), pad 2, 8 grefs 32 (28): 60, rounded to 64.
     */
    SIZE(struct blkif_request_indirect, 64);
    OFF(struct blkif_request_indirect, indirect_op, 1);
    OFF(struct blkif_request_indirect, nr_segments, 2);
    OFF(struct blkif_request_indirect, id, 8);
    OFF(struct blkif_request_indirect, sector_number, 16);
    OFF(struct blkif_request_indirect, handle, 24);
    OFF(struct blkif_request_indirect, indirect_grefs, 28);
    /* id 8, operation (8), pad, status 2 (10), pad 4. */
    SIZE(struct blkif_response, 16);
    OFF(struct blkif_response, operation, 8);
    OFF(struct blkif_response, status, 10);
    /* All other requests fit in a read/write request's slot. */
    SIZE(union blkif_sring_entry, 112);

    /*
     * Shared ring header: four RING_IDX (0, 4, 8, 12), pvt 4 (16), pad
     * 44 (20): entries start at 64.
     */
    OFF(struct blkif_sring, req_prod, 0);
    OFF(struct blkif_sring, req_event, 4);
    OFF(struct blkif_sring, rsp_prod, 8);
    OFF(struct blkif_sring, rsp_event, 12);
    OFF(struct blkif_sring, pvt, 16);
    OFF(struct blkif_sring, __pad, 20);
    OFF(struct blkif_sring, ring, 64);
    OFF(struct netif_tx_sring, ring, 64);
    OFF(struct netif_rx_sring, ring, 64);
    OFF(struct xen_netif_ctrl_sring, ring, 64);
    /* req_prod_pvt, rsp_cons, nr_ents 12, pad 4, sring pointer (16). */
    SIZE(struct blkif_front_ring, 24);
    OFF(struct blkif_front_ring, sring, 16);
    SIZE(struct blkif_back_ring, 24);

    /* gref 4, offset (4), flags (6), id (8), size (10). */
    SIZE(struct netif_tx_request, 12);
    OFF(struct netif_tx_request, offset, 4);
    OFF(struct netif_tx_request, flags, 6);
    OFF(struct netif_tx_request, id, 8);
    OFF(struct netif_tx_request, size, 10);
    /* type, flags, u 6 (2). */
    SIZE(struct netif_extra_info, 8);
    OFF(struct netif_extra_info, u, 2);
    OFF(struct netif_extra_info, u.gso.size, 2);
    OFF(struct netif_extra_info, u.gso.type, 4);
    OFF(struct netif_extra_info, u.gso.features, 6);
    OFF(struct netif_extra_info, u.hash.value, 4);
    SIZE(struct netif_tx_response, 4);
    OFF(struct netif_tx_response, status, 2);
    /* id, pad, gref 4 (4). */
    SIZE(struct netif_rx_request, 8);
    OFF(struct netif_rx_request, gref, 4);
    /* id, offset (2), flags (4), status (6). */
    SIZE(struct netif_rx_response, 8);
    OFF(struct netif_rx_response, offset, 2);
    OFF(struct netif_rx_response, flags, 4);
    OFF(struct netif_rx_response, status, 6);
    SIZE(union netif_tx_sring_entry, 12);
    SIZE(union netif_rx_sring_entry, 8);
    /* id, type, data[3] (4). */
    SIZE(struct xen_netif_ctrl_request, 16);
    OFF(struct xen_netif_ctrl_request, data, 4);
    /* id, type, status (4), data (8). */
    SIZE(struct xen_netif_ctrl_response, 12);
    OFF(struct xen_netif_ctrl_response, data, 8);
    SIZE(struct xen_netif_gref, 8);
    OFF(struct xen_netif_gref, status, 6);

    /*
     * Entries in one 4 KiB page: (4096 - 64) / size, rounded down to a
     * power of two. blkif 4032 / 112 = 36 -> 32; netif tx 4032 / 12 = 336
     * -> 256; rx 4032 / 8 = 504 -> 256; ctrl 4032 / 16 = 252 -> 128.
     */
    VAL(__CONST_RING_SIZE(blkif, 4096), 32);
    VAL(__CONST_RING_SIZE(netif_tx, 4096), 256);
    VAL(__CONST_RING_SIZE(netif_rx, 4096), 256);
    VAL(__CONST_RING_SIZE(xen_netif_ctrl, 4096), 128);
    /* Two pages of blkif: 8128 / 112 = 72 -> 64. */
    VAL(__CONST_RING_SIZE(blkif, 8192), 64);

    VAL(BLKIF_OP_READ, 0);
    VAL(BLKIF_OP_WRITE, 1);
    VAL(BLKIF_OP_WRITE_BARRIER, 2);
    VAL(BLKIF_OP_FLUSH_DISKCACHE, 3);
    VAL(BLKIF_OP_RESERVED_1, 4);
    VAL(BLKIF_OP_DISCARD, 5);
    VAL(BLKIF_OP_INDIRECT, 6);
    VAL(BLKIF_MAX_SEGMENTS_PER_REQUEST, 11);
    VAL(BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST, 8);
    VAL(BLKIF_DISCARD_SECURE, 1);
    VAL(BLKIF_RSP_EOPNOTSUPP, -2);
    VAL(BLKIF_RSP_ERROR, -1);
    VAL(BLKIF_RSP_OKAY, 0);
    VAL(VDISK_CDROM, 1);
    VAL(VDISK_REMOVABLE, 2);
    VAL(VDISK_READONLY, 4);

    VAL(NETTXF_csum_blank, 1);
    VAL(NETTXF_data_validated, 2);
    VAL(NETTXF_more_data, 4);
    VAL(NETTXF_extra_info, 8);
    VAL(NETRXF_data_validated, 1);
    VAL(NETRXF_csum_blank, 2);
    VAL(NETRXF_more_data, 4);
    VAL(NETRXF_extra_info, 8);
    VAL(NETRXF_gso_prefix, 16);
    VAL(XEN_NETIF_EXTRA_TYPE_NONE, 0);
    VAL(XEN_NETIF_EXTRA_TYPE_GSO, 1);
    VAL(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 2);
    VAL(XEN_NETIF_EXTRA_TYPE_MCAST_DEL, 3);
    VAL(XEN_NETIF_EXTRA_TYPE_HASH, 4);
    VAL(XEN_NETIF_EXTRA_TYPE_MAX, 5);
    VAL(XEN_NETIF_EXTRA_FLAG_MORE, 1);
    VAL(XEN_NETIF_GSO_TYPE_NONE, 0);
    VAL(XEN_NETIF_GSO_TYPE_TCPV4, 1);
    VAL(XEN_NETIF_GSO_TYPE_TCPV6, 2);
    VAL(NETIF_RSP_DROPPED, -2);
    VAL(NETIF_RSP_ERROR, -1);
    VAL(NETIF_RSP_OKAY, 0);
    VAL(NETIF_RSP_NULL, 1);
    VAL(XEN_NETIF_NR_SLOTS_MIN, 18);
    VAL(XEN_NETIF_MAX_TX_SIZE, 0xFFFF);
    VAL(XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING, 10);
    VAL(XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW, 3);
}

/* A blkif ring in one page, aligned like a page. */
static union {
    blkif_sring_t sring;
    unsigned char page[4096];
} ring_page __attribute__((aligned(4096)));

/* One request from front to back and its response, with notifications. */
static void test_ring_round_trip(void **state)
{
    blkif_front_ring_t front;
    blkif_back_ring_t back;
    blkif_request_t *req, copy;
    blkif_response_t *rsp;
    int notify, work;

    (void)state;

    memset(&ring_page, 0xaa, sizeof(ring_page));
    XEN_FRONT_RING_INIT(&front, &ring_page.sring, 4096);
    BACK_RING_INIT(&back, &ring_page.sring, 4096);

    /* Initialisation: indices 0, thresholds 1, header padding zeroed. */
    assert_int_equal(RING_SIZE(&front), 32);
    assert_int_equal(RING_SIZE(&back), 32);
    assert_int_equal(ring_page.sring.req_prod, 0);
    assert_int_equal(ring_page.sring.rsp_prod, 0);
    assert_int_equal(ring_page.sring.req_event, 1);
    assert_int_equal(ring_page.sring.rsp_event, 1);
    for (size_t i = 16; i < 64; i++)
        assert_int_equal(ring_page.page[i], 0);
    assert_int_equal(RING_FREE_REQUESTS(&front), 32);
    assert_false(RING_FULL(&front));
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 0);

    /* Front queues one request; the back asked to hear about it. */
    req = RING_GET_REQUEST(&front, front.req_prod_pvt);
    assert_ptr_equal(req, &ring_page.sring.ring[0].req);
    req->operation = BLKIF_OP_READ;
    req->id = 0x1234;
    front.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    assert_true(notify);
    assert_int_equal(ring_page.sring.req_prod, 1);
    assert_int_equal(RING_FREE_REQUESTS(&front), 31);

    /* Back takes it, copies it, and finds nothing more. */
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 1);
    RING_COPY_REQUEST(&back, back.req_cons, &copy);
    assert_int_equal(copy.id, 0x1234);
    back.req_cons++;
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    assert_false(work);
    assert_int_equal(ring_page.sring.req_event, 2);

    /* Back answers; the front asked to hear about it. */
    rsp = RING_GET_RESPONSE(&back, back.rsp_prod_pvt);
    rsp->id = copy.id;
    rsp->operation = copy.operation;
    rsp->status = BLKIF_RSP_OKAY;
    back.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, notify);
    assert_true(notify);

    assert_int_equal(RING_HAS_UNCONSUMED_RESPONSES(&front), 1);
    rsp = RING_GET_RESPONSE(&front, front.rsp_cons);
    assert_int_equal(rsp->id, 0x1234);
    front.rsp_cons++;
    RING_FINAL_CHECK_FOR_RESPONSES(&front, work);
    assert_false(work);
    assert_int_equal(ring_page.sring.rsp_event, 2);
    assert_int_equal(RING_FREE_REQUESTS(&front), 32);

    /* Two more requests at once: the back's threshold (2) is in (1, 3]. */
    front.req_prod_pvt += 2;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    assert_true(notify);
    /* One more while the back has not re-armed: no notification. */
    front.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    assert_false(notify);
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 3);

    /* The final check finds work that is there without re-arming. */
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    assert_true(work);
    assert_int_equal(ring_page.sring.req_event, 2);
}

/* Full ring, index wrap-around at 2^32, and checks against a bad peer. */
static void test_ring_limits(void **state)
{
    blkif_front_ring_t front;
    blkif_back_ring_t back;
    const RING_IDX start = 0xfffffff0u;
    int notify;

    (void)state;

    memset(&ring_page, 0, sizeof(ring_page));
    SHARED_RING_INIT(&ring_page.sring);
    ring_page.sring.req_prod = start;
    ring_page.sring.rsp_prod = start;
    FRONT_RING_ATTACH(&front, &ring_page.sring, start, 4096);
    BACK_RING_ATTACH(&back, &ring_page.sring, start, 4096);

    /* Fill every slot across the wrap; slot numbers follow the index. */
    for (unsigned int i = 0; i < 32; i++) {
        blkif_request_t *req = RING_GET_REQUEST(&front, front.req_prod_pvt);
        assert_ptr_equal(req, &ring_page.sring.ring[(start + i) % 32].req);
        req->id = i;
        front.req_prod_pvt++;
    }
    assert_true(RING_FULL(&front));
    assert_int_equal(RING_FREE_REQUESTS(&front), 0);
    assert_int_equal(front.req_prod_pvt, start + 32);  /* wrapped */
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    (void)notify;

    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 32);
    assert_int_equal(RING_GET_REQUEST(&back, start + 17)->id, 17);
    assert_false(RING_REQUEST_PROD_OVERFLOW(&back, ring_page.sring.req_prod));
    assert_false(RING_REQUEST_CONS_OVERFLOW(&back, back.req_cons + 31));
    assert_true(RING_REQUEST_CONS_OVERFLOW(&back, back.req_cons + 32));

    /* A frontend claiming more requests than slots is caught ... */
    ring_page.sring.req_prod = start + 100;
    assert_true(RING_REQUEST_PROD_OVERFLOW(&back, ring_page.sring.req_prod));
    /* ... and the backend never sees more than it can answer. */
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 32);

    /* Same for a backend publishing too many responses. */
    assert_false(RING_RESPONSE_PROD_OVERFLOW(&front, start + 32));
    assert_true(RING_RESPONSE_PROD_OVERFLOW(&front, start + 33));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xen_core_layouts),
        cmocka_unit_test(test_xen_core_numbers),
        cmocka_unit_test(test_arch_x86),
        cmocka_unit_test(test_version_features_elfnotes),
        cmocka_unit_test(test_sched_vcpu_callback),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_physdev),
        cmocka_unit_test(test_platform),
        cmocka_unit_test(test_event_channel),
        cmocka_unit_test(test_grant_table),
        cmocka_unit_test(test_hvm_start_info_and_errno),
        cmocka_unit_test(test_io_xenstore_console),
        cmocka_unit_test(test_xs_errors),
        cmocka_unit_test(test_io_blkif_netif_layouts),
        cmocka_unit_test(test_ring_round_trip),
        cmocka_unit_test(test_ring_limits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
