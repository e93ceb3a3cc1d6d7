/*
 * dom0's page tables. The builder maps the image and its own structures
 * from VIRT_BASE, pfn n at VIRT_BASE + n pages, a few MiB in all; mm_init
 * extends that direct map over every page dom0 owns, up to the size of
 * the direct-map window.
 *
 * Tables are read through the direct map (a table's frame is found from
 * its entry through the hypervisor's read-only M2P), and written only by
 * mmu_update. A new table page is zeroed, then its direct-map entry made
 * read-only (the hypervisor refuses a table that is writable anywhere),
 * then hooked into its parent.
 *
 * While mm_init runs, table pages come from a bump pointer that starts
 * past the builder's structures: each new L1 maps 512 pages and uses one,
 * so the pointer stays inside what is already mapped. Afterwards they
 * come from the page allocator.
 */
#include <stdint.h>
#include <keel/string.h>
#include <public/arch-x86/xen.h>
#include <dom0/console.h>
#include <dom0/hypercall.h>
#include <dom0/mm.h>
#include <dom0/pages.h>
#include <dom0/traps.h>

#define M2P          ((const unsigned long *)MACH2PHYS_VIRT_START)
#define PT_ENTRIES   512
#define TABLE_FLAGS  (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | PTE_DIRTY)
#define RAM_FLAGS    (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define BATCH        256

static const xen_pfn_t *p2m;
static unsigned long nr_pages, mapped_pages, table_pages;
static uint64_t *l4;
static unsigned long bump_pfn;      /* next table page while booting; 0 after */
static shared_info_t *shared;
extern char boot_stack_guard[];

static struct {
    mmu_update_t req[BATCH];
    unsigned int n;
} batch;

unsigned long pfn_to_mfn(unsigned long pfn)
{
    return p2m[pfn];
}

unsigned long virt_to_mfn(const void *va)
{
    return p2m[virt_to_pfn(va)];
}

static void batch_flush(void)
{
    unsigned int done = 0;
    long rc;

    if (!batch.n)
        return;
    rc = hyp_mmu_update(batch.req, batch.n, &done, DOMID_SELF);
    if (rc)
        panic("mmu_update: %ld after %u of %u entries", rc, done, batch.n);
    batch.n = 0;
}

static void batch_add(const uint64_t *entry, uint64_t val)
{
    unsigned long offset = (unsigned long)entry & (PAGE_SIZE - 1);

    batch.req[batch.n].ptr = ((uint64_t)virt_to_mfn(entry) << PAGE_SHIFT) | offset |
                             MMU_NORMAL_PT_UPDATE;
    batch.req[batch.n].val = val;
    if (++batch.n == BATCH)
        batch_flush();
}

static uint64_t *table_of(uint64_t entry)
{
    return pfn_to_virt(M2P[(entry & PTE_FRAME) >> PAGE_SHIFT]);
}

static unsigned int index_of(unsigned long va, int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/* A zeroed page, mapped read-only, ready to become a table. */
static uint64_t *new_table_page(void)
{
    uint64_t *t;
    long rc;

    if (bump_pfn)
        t = pfn_to_virt(bump_pfn++);
    else if (!(t = page_alloc()))
        panic("out of memory for a page table");
    memset(t, 0, PAGE_SIZE);
    rc = hyp_update_va_mapping((unsigned long)t,
                               ((uint64_t)virt_to_mfn(t) << PAGE_SHIFT) | PTE_PRESENT |
                               PTE_ACCESSED, UVMF_INVLPG | UVMF_LOCAL);
    if (rc)
        panic("making a table page read-only: %ld", rc);
    table_pages++;
    return t;
}

/* The table at `level` (1-3) that maps va, made if missing. */
static uint64_t *table_for(unsigned long va, int level)
{
    uint64_t *t = l4;

    for (int l = 4; l > level; l--) {
        uint64_t *e = &t[index_of(va, l)];

        if (!(*e & PTE_PRESENT)) {
            uint64_t *n;

            batch_flush();   /* the new page must be mapped before it is used */
            n = new_table_page();
            batch_add(e, ((uint64_t)virt_to_mfn(n) << PAGE_SHIFT) | TABLE_FLAGS);
            batch_flush();
        }
        t = table_of(*e);
    }
    return t;
}

void mm_make_l1(unsigned long va)
{
    table_for(va, 1);
}

static void map_direct(unsigned long limit)
{
    for (unsigned long pfn = 0; pfn < limit; pfn++) {
        unsigned long va = (unsigned long)pfn_to_virt(pfn);
        uint64_t *l1 = table_for(va, 1);
        uint64_t *e = &l1[index_of(va, 1)];

        if (!(*e & PTE_PRESENT))
            batch_add(e, ((uint64_t)p2m[pfn] << PAGE_SHIFT) | RAM_FLAGS);
        mapped_pages = pfn + 1;
    }
    batch_flush();
}

static unsigned long pfn_end(unsigned long va, unsigned long len)
{
    return (va + len - VIRT_BASE + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* The first pfn past everything the builder placed. */
static unsigned long first_unused_pfn(const start_info_t *si)
{
    extern char _end[];
    unsigned long end = pfn_end((unsigned long)_end, 0);
    unsigned long ends[] = {
        pfn_end(si->pt_base, si->nr_pt_frames * PAGE_SIZE) + 1,   /* + boot stack */
        pfn_end((unsigned long)si, PAGE_SIZE),
        pfn_end(si->mfn_list, si->nr_pages * sizeof(xen_pfn_t)),
        si->mod_start ? pfn_end(si->mod_start, si->mod_len) : 0,
    };

    for (unsigned int i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
        if (ends[i] > end)
            end = ends[i];
    return end;
}

unsigned long mm_init(const start_info_t *si)
{
    unsigned long first_free;
    long rc;

    p2m = (const xen_pfn_t *)si->mfn_list;
    nr_pages = si->nr_pages;
    l4 = (uint64_t *)si->pt_base;
    first_free = first_unused_pfn(si);
    bump_pfn = first_free;
    map_direct(nr_pages < MAX_DIRECT_PAGES ? nr_pages : MAX_DIRECT_PAGES);
    table_for(fixmap_va(FIX_SHARED_INFO), 1);
    first_free = bump_pfn;
    bump_pfn = 0;
    if (mapped_pages < nr_pages)
        printk("dom0: mm: %lu MiB of %lu MiB mapped (the direct map's size)\n",
               mapped_pages >> 8, nr_pages >> 8);

    rc = hyp_update_va_mapping(fixmap_va(FIX_SHARED_INFO), si->shared_info | RAM_FLAGS,
                               UVMF_INVLPG | UVMF_LOCAL);
    if (rc)
        panic("mapping shared_info: %ld", rc);
    shared = (shared_info_t *)fixmap_va(FIX_SHARED_INFO);
    mm_guard_page(boot_stack_guard);
    return first_free;
}

static void set_direct_pte(void *va, uint64_t pte)
{
    long rc = hyp_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG | UVMF_LOCAL);

    if (rc)
        panic("remapping %p: %ld", va, rc);
}

void mm_guard_page(void *va)
{
    set_direct_pte(va, 0);
}

void mm_unguard_page(void *va)
{
    set_direct_pte(va, ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) | RAM_FLAGS);
}

shared_info_t *shared_info(void)
{
    return shared;
}

vcpu_info_t *vcpu0_info(void)
{
    return shared ? &shared->vcpu_info[0] : NULL;
}

bool mm_is_direct_mapped(unsigned long va, size_t len)
{
    unsigned long end = VIRT_BASE + (mapped_pages << PAGE_SHIFT);

    return va >= VIRT_BASE && va < end && len <= end - va;
}

unsigned long mm_nr_pages(void)
{
    return nr_pages;
}

unsigned long mm_mapped_pages(void)
{
    return mapped_pages;
}

unsigned long mm_table_pages(void)
{
    return table_pages;
}
