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
 *   0xffff830000000000  direct map of RAM: DIRECTMAP_BASE + physical address
 *   0xffff880000000000  end of the hole; guest space resumes
 */
#ifndef KEEL_LAYOUT_H
#define KEEL_LAYOUT_H

#define HYPERVISOR_HOLE_START 0xffff800000000000
#define HYPERVISOR_HOLE_END   0xffff880000000000
#define KEEL_IMAGE_BASE       0xffff828000000000
#define DIRECTMAP_BASE        0xffff830000000000

/* Physical address the loader puts the image at (2 MiB, large-page aligned). */
#define KEEL_LOAD_PHYS        0x200000

/* What the boot page tables map, in both the identity and direct maps. */
#define BOOT_DIRECTMAP_SIZE   0x100000000 /* 4 GiB */

#define BOOT_STACK_SIZE       0x4000

/* Segment selectors of the boot GDT. */
#define BOOT_CS 0x08
#define BOOT_DS 0x10

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
