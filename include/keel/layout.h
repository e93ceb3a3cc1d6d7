/*
 * Keel's virtual address layout, shared by C and assembly.
 *
 * PV x86_64 guests share their address space with the hypervisor, and the
 * Xen ABI gives guests everything outside 0xffff800000000000 to
 * 0xffff87ffffffffff. Keel lives entirely inside that hole, which is why the
 * image cannot sit in the top 2 GiB (-mcmodel=kernel): that is where Linux's
 * PV kernel maps itself. Keel is built position-independent (-fpie) and
 * linked at a fixed address inside the hole instead, as Xen is.
 *
 *   0xffff800000000000  read-only machine-to-phys table for PV guests (ABI)
 *   0xffff828000000000  the Keel image: KEEL_IMAGE_BASE + physical address
 *   0xffff82c000000000  MMIO mappings (LAPIC, IOAPIC, HPET), uncached
 *   0xffff82c800000000  per-CPU stack blocks, with unmapped guard pages
 *   0xffff82d000000000  per-CPU GDTs (guest pages first, Keel's page last)
 *   0xffff82d800000000  per-CPU SYSCALL entry stubs (code page, data page)
 *   0xffff830000000000  direct map of RAM: DIRECTMAP_BASE + physical address
 *   0xffff880000000000  end of the hole; guest space resumes
 */
#ifndef KEEL_LAYOUT_H
#define KEEL_LAYOUT_H

#define HYPERVISOR_HOLE_START 0xffff800000000000
#define HYPERVISOR_HOLE_END   0xffff880000000000
#define KEEL_IMAGE_BASE       0xffff828000000000
#define IOREMAP_BASE          0xffff82c000000000
#define IOREMAP_SIZE          0x0000000040000000 /* 1 GiB */
#define STACKS_BASE           0xffff82c800000000
#define GDT_AREA_BASE         0xffff82d000000000
#define SYSCALL_STUBS_BASE    0xffff82d800000000
#define SYSCALL_STUB_STRIDE   0x2000
#define DIRECTMAP_BASE        0xffff830000000000
#define DIRECTMAP_SIZE        (HYPERVISOR_HOLE_END - DIRECTMAP_BASE) /* 5 TiB */

/*
 * Each CPU's stacks share one STACK_BLOCK_SIZE-aligned block, so the
 * per-CPU information at the top of the block can be found from any of
 * them by rounding the stack pointer. Pages, from the bottom:
 *   0 guard, 1-2 #MC stack, 3 guard, 4-5 NMI stack, 6 guard,
 *   7-8 #DF stack, 9 guard, 10-15 the CPU's own stack (cpu_info on top).
 * A guard page is never mapped: running off a stack faults at once.
 */
#define STACK_BLOCK_SIZE      0x10000
#define STACK_PAGE_MCE        1
#define STACK_PAGE_NMI        4
#define STACK_PAGE_DF         7
#define STACK_PAGE_PRIMARY    10
#define STACK_IST_PAGES       2
#define STACK_PRIMARY_PAGES   6

/*
 * Each CPU's GDT spans GDT_PAGES pages: the first FIRST_RESERVED_GDT_PAGE
 * are for a PV guest's own descriptors (Xen's ABI: set_gdt), the last holds
 * Keel's, so Keel's selectors are the ones Xen uses (0xe008, ...).
 */
#define GDT_AREA_STRIDE       0x10000
#define FIRST_RESERVED_GDT_PAGE 14
#define GDT_PAGES             (FIRST_RESERVED_GDT_PAGE + 1)

/* Physical address the loader puts the image at (2 MiB, large-page aligned). */
#define KEEL_LOAD_PHYS        0x200000

/* What the boot page tables map, in both the identity and direct maps. */
#define BOOT_DIRECTMAP_SIZE   0x100000000 /* 4 GiB */

#define BOOT_STACK_SIZE       0x4000

/* Segment selectors of the boot GDT. */
#define BOOT_CS 0x08
#define BOOT_DS 0x10

/* Keel's selectors in every CPU's GDT (Xen's values). */
#define HYPERVISOR_CS 0xe008
#define HYPERVISOR_DS 0xe010
#define TSS_SELECTOR  0xe040

/* Selectors a 64-bit PV guest runs with (Xen's FLAT_RING3_*). */
#define GUEST_CS64    0xe033
#define GUEST_CS32    0xe023
#define GUEST_DS      0xe02b

/* The vector numbers Keel's frames carry for a SYSCALL from a guest. */
#define VECTOR_SYSCALL   0x100
#define VECTOR_SYSCALL32 0x101

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline void *phys_to_virt(uint64_t pa)
{
    return (void *)(DIRECTMAP_BASE + pa);
}

static inline uint64_t virt_to_phys(const void *va)
{
    uint64_t v = (uint64_t)va;

    return v >= KEEL_IMAGE_BASE && v < DIRECTMAP_BASE ? v - KEEL_IMAGE_BASE
                                                      : v - DIRECTMAP_BASE;
}
#endif

#endif
