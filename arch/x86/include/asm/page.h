/* x86-64 page-table entry bits and Keel's page-table interface. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <keel/page.h>
#define LARGE_PAGE_SIZE (1ul << 21)

#define _PAGE_PRESENT  0x001ull
#define _PAGE_RW       0x002ull
#define _PAGE_USER     0x004ull
#define _PAGE_PWT      0x008ull
#define _PAGE_PCD      0x010ull
#define _PAGE_ACCESSED 0x020ull
#define _PAGE_DIRTY    0x040ull
#define _PAGE_PSE      0x080ull
#define _PAGE_GLOBAL   0x100ull
#define _PAGE_NX       (1ull << 63)
#define PTE_ADDR_MASK  0x000ffffffffff000ull

/* What Keel maps its own memory as. */
#define PAGE_HYPERVISOR_RX  (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_HYPERVISOR_RO  (PAGE_HYPERVISOR_RX | _PAGE_NX)
#define PAGE_HYPERVISOR_RW  (PAGE_HYPERVISOR_RO | _PAGE_RW | _PAGE_DIRTY)
#define PAGE_HYPERVISOR_UC  (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)

/* Build Keel's page tables from the memory map and switch to them. */
struct boot_info;
void paging_init(const struct boot_info *bi);

/* Load Keel's page tables on this CPU (APs, after the trampoline). */
void paging_load(void);

/* Physical address of Keel's top-level table (the APs' trampoline needs it). */
uint64_t paging_root(void);

/*
 * Map [pa, pa + size) into Keel's address space at va with flags.
 * Returns 0 or a negative errno (no memory for a table, or a clash with
 * an existing mapping).
 */
int map_pages(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags);

/*
 * Point an existing 4 KiB mapping of Keel's at pa with flags, flushing
 * only this CPU's TLB: for addresses no other CPU uses (its GDT area).
 */
void remap_page_local(uint64_t va, uint64_t pa, uint64_t flags);

/* Remove 4 KiB mappings of [va, va + size) and flush them from every CPU. */
void unmap_pages(uint64_t va, uint64_t size);

/* Whether va is mapped in Keel's page tables. */
bool paging_is_mapped(uint64_t va);

/* Whether pa lies in device registers Keel has mapped for itself. */
bool is_keel_mmio(uint64_t pa);

/* Map device registers uncached; NULL if the MMIO window is exhausted. */
void *ioremap(uint64_t pa, uint64_t size);

/* Whether this CPU supports NX (the bit is reserved otherwise). */
bool cpu_has_nx(void);

#endif
