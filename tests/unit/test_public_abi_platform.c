/*
 * Unit tests for include/public/, part 2 of 4: the hardware domain's
 * interfaces, physdev.h and platform.h, and the toolstack's, domctl.h and
 * sysctl.h.
 *
 * Part 1 (xen.h and the core guest ABI) is test_public_abi_core.c; how the
 * expected numbers were found, and SIZE/OFF/VAL, are in abi_check.h.
 */
#include "abi_check.h"

#include "public/physdev.h"
#include "public/platform.h"
#include "public/domctl.h"
#include "public/sysctl.h"

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
/* domctl.h, sysctl.h (Xen 4.17, interface versions 0x15)               */
/* ------------------------------------------------------------------ */

static void test_control(void **state)
{
    (void)state;

    VAL(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
    VAL(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
    VAL(XEN_DOMCTL_createdomain, 1);
    VAL(XEN_DOMCTL_destroydomain, 2);
    VAL(XEN_DOMCTL_pausedomain, 3);
    VAL(XEN_DOMCTL_unpausedomain, 4);
    VAL(XEN_DOMCTL_getdomaininfo, 5);
    VAL(XEN_DOMCTL_setvcpuaffinity, 9);
    VAL(XEN_DOMCTL_max_mem, 11);
    VAL(XEN_DOMCTL_getvcpuinfo, 14);
    VAL(XEN_DOMCTL_max_vcpus, 15);
    VAL(XEN_DOMCTL_scheduler_op, 16);
    VAL(XEN_DOMCTL_settimeoffset, 24);
    VAL(XEN_DOMCTL_getvcpuaffinity, 25);
    VAL(XEN_VCPUAFFINITY_HARD, 1);
    VAL(XEN_VCPUAFFINITY_SOFT, 2);
    VAL(XEN_VCPUAFFINITY_FORCE, 4);
    VAL(XEN_DOMCTL_SCHEDOP_putinfo, 0);
    VAL(XEN_DOMCTL_SCHEDOP_getinfo, 1);
    VAL(XEN_DOMCTL_SCHEDOP_getvcpuinfo, 3);
    VAL(XEN_DOMCTL_CDF_hvm, 1);
    VAL(XEN_DOMCTL_CDF_xs_domain, 16);
    VAL(XEN_DOMCTL_CDF_vpmu, 128);
    VAL(XEN_SYSCTL_readconsole, 1);
    VAL(XEN_SYSCTL_physinfo, 3);
    VAL(XEN_SYSCTL_sched_id, 4);
    VAL(XEN_SYSCTL_getdomaininfolist, 6);
    VAL(XEN_SYSCTL_scheduler_op, 19);
    VAL(XEN_SYSCTL_SCHEDOP_putinfo, 0);
    VAL(XEN_SYSCTL_SCHEDOP_getinfo, 1);
    VAL(XEN_SCHEDULER_CREDIT, 5);
    VAL(XEN_SCHEDULER_NULL, 9);

    /* domain 2, pad 2, flags 4, seven uint64_t (8..56), three uint32_t
     * (64..72), handle 16 (76), cpupool 4 (92), gpaddr_bits 1 + 7 pad (96),
     * arch_config 8 (104): 112. */
    SIZE(struct xen_domctl_getdomaininfo, 112);
    OFF(struct xen_domctl_getdomaininfo, flags, 4);
    OFF(struct xen_domctl_getdomaininfo, tot_pages, 8);
    OFF(struct xen_domctl_getdomaininfo, cpu_time, 56);
    OFF(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64);
    OFF(struct xen_domctl_getdomaininfo, handle, 76);
    OFF(struct xen_domctl_getdomaininfo, cpupool, 92);
    OFF(struct xen_domctl_getdomaininfo, arch_config, 104);
    /* ssidref 4, handle 16 (4), flags (20), iommu_opts, max_vcpus (28),
     * max_evtchn_port, two int32 limits, grant_opts (44), vmtrace_size,
     * cpupool_id (52), arch 8 (56): 64. */
    SIZE(struct xen_domctl_createdomain, 64);
    OFF(struct xen_domctl_createdomain, flags, 20);
    OFF(struct xen_domctl_createdomain, max_vcpus, 28);
    OFF(struct xen_domctl_createdomain, grant_opts, 44);
    OFF(struct xen_domctl_createdomain, cpupool_id, 52);
    OFF(struct xen_domctl_createdomain, arch, 56);
    SIZE(struct xen_domctl_max_mem, 8);
    /* A handle 8, nr_bits 4, pad 4. */
    SIZE(struct xenctl_bitmap, 16);
    OFF(struct xenctl_bitmap, nr_bits, 8);
    /* vcpu, flags, then the two bitmaps (8, 24). */
    SIZE(struct xen_domctl_vcpuaffinity, 40);
    OFF(struct xen_domctl_vcpuaffinity, cpumap_hard, 8);
    OFF(struct xen_domctl_vcpuaffinity, cpumap_soft, 24);
    /* vcpu 4, three flag bytes (4..6), pad, cpu_time (8), cpu (16), pad. */
    SIZE(struct xen_domctl_getvcpuinfo, 24);
    OFF(struct xen_domctl_getvcpuinfo, online, 4);
    OFF(struct xen_domctl_getvcpuinfo, running, 6);
    OFF(struct xen_domctl_getvcpuinfo, cpu_time, 8);
    OFF(struct xen_domctl_getvcpuinfo, cpu, 16);
    SIZE(struct xen_domctl_max_vcpus, 4);
    /* sched_id, cmd, then a 16-byte union (credit: weight 8, cap 10). */
    SIZE(struct xen_domctl_scheduler_op, 24);
    OFF(struct xen_domctl_scheduler_op, u.credit.weight, 8);
    OFF(struct xen_domctl_scheduler_op, u.credit.cap, 10);
    SIZE(struct xen_domctl_settimeoffset, 8);
    /* Keel's own: five 8-byte IN words, two ports (40, 44), two domids
     * (48, 50), pad, two frames (56, 64): 72, within the union. */
    SIZE(struct xen_domctl_keel_build_pv, 72);
    OFF(struct xen_domctl_keel_build_pv, cmdline, 32);
    OFF(struct xen_domctl_keel_build_pv, console_port, 40);
    OFF(struct xen_domctl_keel_build_pv, store_domid, 50);
    OFF(struct xen_domctl_keel_build_pv, console_mfn, 56);
    OFF(struct xen_domctl_keel_build_pv, store_mfn, 64);
    /* cmd 4, version 4, domain 2 + pad 6, union 128 at 16. */
    OFF(struct xen_domctl, u, 16);
    SIZE(struct xen_domctl, 144);

    /* clear, incremental, 2 pad, index 4, buffer 8 (8), count 4 (16), pad. */
    SIZE(struct xen_sysctl_readconsole, 24);
    OFF(struct xen_sysctl_readconsole, index, 4);
    OFF(struct xen_sysctl_readconsole, buffer, 8);
    OFF(struct xen_sysctl_readconsole, count, 16);
    /* first_domain 2 (+2), max_domains 4, buffer 8 (8), num_domains (16). */
    SIZE(struct xen_sysctl_getdomaininfolist, 24);
    OFF(struct xen_sysctl_getdomaininfolist, max_domains, 4);
    OFF(struct xen_sysctl_getdomaininfolist, buffer, 8);
    OFF(struct xen_sysctl_getdomaininfolist, num_domains, 16);
    OFF(struct xen_sysctl_physinfo, total_pages, 40);
    /* pool, scheduler, cmd, pad, a 16-byte union at 16 (credit: three
     * uint32_t). */
    SIZE(struct xen_sysctl_credit_schedule, 12);
    OFF(struct xen_sysctl_credit_schedule, vcpu_migr_delay_us, 8);
    SIZE(struct xen_sysctl_scheduler_op, 32);
    OFF(struct xen_sysctl_scheduler_op, cmd, 8);
    OFF(struct xen_sysctl_scheduler_op, u, 16);
    /* cmd 4, version 4, union 128 at 8. */
    OFF(struct xen_sysctl, u, 8);
    SIZE(struct xen_sysctl, 136);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_physdev),
        cmocka_unit_test(test_platform),
        cmocka_unit_test(test_control),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
