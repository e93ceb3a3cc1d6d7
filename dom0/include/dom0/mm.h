/*
 * dom0's memory: its page tables (changed only through the PV MMU
 * hypercalls), the direct map of every page it owns, and the P2M the
 * builder handed over. See dom0/include/dom0/layout.h for the address
 * space.
 */
#ifndef DOM0_MM_H
#define DOM0_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>
#include <dom0/layout.h>

/* Page-table entry bits. */
#define PTE_PRESENT  0x001ull
#define PTE_RW       0x002ull
#define PTE_USER     0x004ull
#define PTE_PCD      0x010ull
#define PTE_ACCESSED 0x020ull
#define PTE_DIRTY    0x040ull
#define PTE_FRAME    0x000ffffffffff000ull

/* Map all of dom0's memory and the shared info page; returns the first
 * pfn nobody uses (the builder's pages, the image, the tables end there). */
unsigned long mm_init(const start_info_t *si);

shared_info_t *shared_info(void);
/* vCPU 0's vcpu_info; NULL until mm_init mapped shared_info. */
vcpu_info_t *vcpu0_info(void);

/* Whether [va, va + len) is inside the part of the direct map in use. */
bool mm_is_direct_mapped(unsigned long va, size_t len);

unsigned long mm_nr_pages(void);     /* pages dom0 owns */
unsigned long mm_mapped_pages(void); /* of those, the ones in the direct map */
unsigned long mm_table_pages(void);  /* page-table pages mm.c added */

static inline void *pfn_to_virt(unsigned long pfn)
{
    return (void *)(VIRT_BASE + (pfn << PAGE_SHIFT));
}

static inline unsigned long virt_to_pfn(const void *va)
{
    return ((unsigned long)va - VIRT_BASE) >> PAGE_SHIFT;
}

/* Make the page tables down to the L1 that maps va (outside the direct
 * map: vmap.c's area), so that an entry there can be written. */
void mm_make_l1(unsigned long va);

/* Unmap a page of the direct map to guard a stack, and map it back. */
void mm_guard_page(void *va);
void mm_unguard_page(void *va);

unsigned long pfn_to_mfn(unsigned long pfn);
unsigned long virt_to_mfn(const void *va);

#endif
