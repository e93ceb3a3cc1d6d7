/*
 * Xen guest ABI: feature bits, read with XENVER_get_features (32 per
 * submap) and named, without the XENFEAT_ prefix, in a kernel's
 * XEN_ELFNOTE_FEATURES note. A guest that wants to run as dom0 and uses
 * XEN_ELFNOTE_SUPPORTED_FEATURES must set XENFEAT_dom0 there.
 */
#ifndef __XEN_PUBLIC_FEATURES_H__
#define __XEN_PUBLIC_FEATURES_H__

/* Page tables may be written directly (no read-only mapping needed). */
#define XENFEAT_writable_page_tables       0
/* GDT/LDT pages may be written directly. */
#define XENFEAT_writable_descriptor_tables 1
/* The hypervisor translates guest frames to machine frames (HVM/PVH). */
#define XENFEAT_auto_translated_physmap    2
/* The guest kernel runs in ring 0. */
#define XENFEAT_supervisor_mode_kernel     3
/* 32-bit PAE page directories may lie above 4 GiB. */
#define XENFEAT_pae_pgdir_above_4gb        4
/* MMU_PT_UPDATE_PRESERVE_AD is available. */
#define XENFEAT_mmu_pt_update_preserve_ad  5
/* MMUEXT_CLEAR_PAGE and MMUEXT_COPY_PAGE are available. */
#define XENFEAT_highmem_assist             6
/* GNTTABOP_map_grant_ref puts GNTMAP_guest_avail bits into the PTE. */
#define XENFEAT_gnttab_map_avail_bits      7
/* HVM: events can arrive as an interrupt vector (HVM_PARAM_CALLBACK_IRQ). */
#define XENFEAT_hvm_callback_vector        8
/* HVM: the PV clock is safe to use. */
#define XENFEAT_hvm_safe_pvclock           9
/* HVM: physical IRQs can be routed to event channels. */
#define XENFEAT_hvm_pirqs                 10
/* The kernel can run as dom0 (in the ELF note) / this host allows it. */
#define XENFEAT_dom0                      11
/* 12 was grant_map_identity, withdrawn: do not reuse. */
/* XENMEMF_vnode may be used in memory reservations. */
#define XENFEAT_memory_op_vnode_supported 13
/* Arm only: SMCCC calls are supported. */
#define XENFEAT_ARM_SMCCC_supported       14
/* PVH Linux: the ACPI RSDP may be anywhere, not only below 1 MiB. */
#define XENFEAT_linux_rsdp_unrestricted   15
/* Guest frames are not (17: are) equal to machine frames. */
#define XENFEAT_not_direct_mapped         16
#define XENFEAT_direct_mapped             17
/* VCPUOP_register_runstate_phys_area is available. */
#define XENFEAT_runstate_phys_area        18
/* VCPUOP_register_vcpu_time_phys_area is available. */
#define XENFEAT_vcpu_time_phys_area       19
/* Device models see every MSI-X vector-control write. */
#define XENFEAT_dm_msix_all_writes        20

/* Number of 32-bit submaps XENVER_get_features answers. */
#define XENFEAT_NR_SUBMAPS 1

#endif /* __XEN_PUBLIC_FEATURES_H__ */
