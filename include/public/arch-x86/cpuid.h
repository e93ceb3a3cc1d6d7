/*
 * Xen guest ABI: the hypervisor's CPUID leaves, by which a guest finds out
 * it runs on Xen (or on Keel, which answers as Xen does).
 *
 * The leaves start at XEN_CPUID_FIRST_LEAF, or at the next multiple of
 * 0x100 above it when another hypervisor's leaves (e.g. Viridian) sit
 * there; guests scan in steps of 0x100 for the signature. PV guests reach
 * them through the XEN_CPUID forced-emulation prefix.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_CPUID_H__
#define __XEN_PUBLIC_ARCH_X86_CPUID_H__

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/*
 * Leaf base+0: EAX = last leaf offered (base + n); EBX, ECX, EDX spell
 * "XenVMMXenVMM" in little-endian ASCII.
 */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558 /* 'X' 'e' 'n' 'V' */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d /* 'M' 'M' 'X' 'e' */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e /* 'n' 'V' 'M' 'M' */

/* Leaf base+1: EAX = version, major in [31:16], minor in [15:0]. */

/*
 * Leaf base+2: EAX = number of hypercall pages (always 1), EBX = the MSR
 * that, written with a guest physical address, fills a hypercall page,
 * ECX = feature bits below, EDX = 0.
 */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD \
    (1u << _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD)

/*
 * Leaf base+3: time. Sub-leaf 0: EAX flags below, EBX TSC mode, ECX guest
 * TSC kHz, EDX migration count. Sub-leaf 1: TSC offset (EAX low, EBX high)
 * and the TSC-to-ns multiplier (ECX) and shift (EDX). Sub-leaf 2: EAX host
 * TSC kHz.
 */
#define XEN_CPUID_TSC_EMULATED               (1u << 0)
#define XEN_CPUID_HOST_TSC_RELIABLE          (1u << 1)
#define XEN_CPUID_RDTSCP_INSTR_AVAIL         (1u << 2)

#define XEN_CPUID_TSC_MODE_DEFAULT           (0)
#define XEN_CPUID_TSC_MODE_ALWAYS_EMULATE    (1u)
#define XEN_CPUID_TSC_MODE_NEVER_EMULATE     (2u)
#define XEN_CPUID_TSC_MODE_PVRDTSCP          (3u)

/* Leaf base+4: HVM features in EAX; vCPU id in EBX, domid in ECX if flagged. */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1u << 0) /* APIC page virtualised */
#define XEN_HVM_CPUID_X2APIC_VIRT      (1u << 1) /* x2APIC MSRs virtualised */
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1u << 2) /* foreign maps are DMA-able */
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1u << 3) /* EBX holds the vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT    (1u << 4) /* ECX holds the domid */
#define XEN_HVM_CPUID_EXT_DEST_ID      (1u << 5) /* 15-bit APIC dest in MSI/RTE */
#define XEN_HVM_CPUID_UPCALL_VECTOR    (1u << 6) /* per-vCPU upcall vector ok */

/* Leaf base+5: PV. EAX = last sub-leaf; EBX[7:0] = machine address bits. */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffu << 0)

/* Leaves after base+0 (EAX of leaf base+0 is at most base + this). */
#define XEN_CPUID_MAX_NUM_LEAVES 5

#endif /* __XEN_PUBLIC_ARCH_X86_CPUID_H__ */
