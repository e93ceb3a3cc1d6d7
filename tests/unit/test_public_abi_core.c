/*
 * Unit tests for include/public/, part 1 of 4: the core guest ABI.
 * xen.h, arch-x86/ (xen.h, xen-x86_64.h, cpuid.h), version.h, features.h,
 * elfnote.h, sched.h, vcpu.h, callback.h and memory.h.
 *
 * The other parts: test_public_abi_platform.c (physdev.h, platform.h),
 * test_public_abi_events.c (event_channel.h, grant_table.h) and
 * test_public_abi_io.c (hvm/start_info.h, errno.h, io/). How the expected
 * numbers were found, and SIZE/OFF/VAL, are in abi_check.h.
 */
#include "abi_check.h"

/*
 * Every public header, in one translation unit: a guest or dom0 source
 * includes several at once, so they must not clash. This file tests only
 * the first ones; the others are tested in the files named above (which
 * include just what they test, so each of those headers is also compiled
 * on its own).
 */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xen_core_layouts),
        cmocka_unit_test(test_xen_core_numbers),
        cmocka_unit_test(test_arch_x86),
        cmocka_unit_test(test_version_features_elfnotes),
        cmocka_unit_test(test_sched_vcpu_callback),
        cmocka_unit_test(test_memory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
