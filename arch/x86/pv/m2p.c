/*
 * The machine-to-phys table: for every machine frame, the pseudo-physical
 * frame its owning domain knows it by (INVALID_M2P_ENTRY if none). PV
 * guests read it directly, read-only, at MACH2PHYS_VIRT_START, which sits
 * in Keel's part of every address space; Keel writes it through the
 * direct map.
 */
#include <asm/page.h>
#include <keel/heap.h>
#include <keel/layout.h>
#include <keel/m2p.h>
#include <keel/panic.h>
#include <keel/string.h>
#include <public/xen.h>

#define M2P_FLAGS (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX | _PAGE_GLOBAL)

static uint64_t *table;    /* Keel's writable view (direct map) */
static uint64_t nr_entries;

void m2p_init(uint64_t nr_frames)
{
    uint64_t bytes = (nr_frames * sizeof(uint64_t) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

    if (bytes > MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START ||
        !(table = alloc_xen_memory(bytes)) ||
        map_pages(MACH2PHYS_VIRT_START, virt_to_phys(table), bytes, M2P_FLAGS))
        panic("m2p: no room for a machine-to-phys table of %llu frames",
              (unsigned long long)nr_frames);
    memset(table, 0xff, bytes); /* INVALID_M2P_ENTRY everywhere */
    nr_entries = bytes / sizeof(uint64_t);
}

void m2p_set(uint64_t mfn, uint64_t pfn)
{
    if (mfn < nr_entries)
        table[mfn] = pfn;
}

