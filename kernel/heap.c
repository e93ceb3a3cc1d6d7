/*
 * From the memory map to a working page allocator. The frame table is
 * placed in usable RAM below 4 GiB (the boot page tables map only that),
 * clear of the image, the modules and the first MiB; then every usable
 * frame that nothing else holds is given to the allocator.
 */
#include <keel/page.h>
#include <keel/bootinfo.h>
#include <keel/console.h>
#include <keel/heap.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/spinlock.h>
#include <keel/string.h>

#define LOW_MEMORY (1ull << 20)
#define FOUR_GIB   (1ull << 32)
#define MAX_RESERVED (BOOT_MAX_MODULES + 4)

struct frame_table frame_table;
struct page_alloc heap;

static uint64_t alloc_limit_mfn = FOUR_GIB >> PAGE_SHIFT;
static uint64_t low_page;
static uint64_t ram_bytes, keel_bytes;

/* Any CPU may allocate or free; interrupts go off with it, since the `m`
 * debug key reads the allocator from an interrupt. */
static spinlock_t heap_lock = SPINLOCK_INIT("heap");

/* Byte ranges no one may allocate, besides what is not usable RAM. */
static struct range {
    uint64_t start, end;
} reserved[MAX_RESERVED];
static unsigned int nr_reserved;

static void reserve(uint64_t start, uint64_t end)
{
    if (nr_reserved == MAX_RESERVED)
        panic("heap: too many reserved ranges");
    reserved[nr_reserved++] = (struct range){ start, end };
}

static bool overlaps_reserved(uint64_t start, uint64_t end)
{
    for (unsigned int i = 0; i < nr_reserved; i++)
        if (start < reserved[i].end && reserved[i].start < end)
            return true;
    return false;
}

static void scrub_frame(void *ctx, uint64_t mfn)
{
    (void)ctx;
    clear_page(phys_to_virt(mfn << PAGE_SHIFT));
}

/* The highest page-aligned spot of `size` bytes in usable RAM below 4 GiB. */
static uint64_t find_space(const struct boot_info *bi, uint64_t size)
{
    uint64_t best = 0;

    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_region *r = &bi->mem[i];
        uint64_t end = r->start + r->size, pa;

        if (r->type != MEM_USABLE)
            continue;
        if (end > FOUR_GIB)
            end = FOUR_GIB;
        for (pa = (end - size) & ~(PAGE_SIZE - 1); end >= size && pa >= r->start &&
                                                    pa >= LOW_MEMORY;
             pa -= PAGE_SIZE) {
            if (!overlaps_reserved(pa, pa + size)) {
                if (pa > best)
                    best = pa;
                break;
            }
        }
    }
    return best;
}

static uint64_t highest_usable(const struct boot_info *bi)
{
    uint64_t top = 0;

    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == MEM_USABLE && bi->mem[i].start + bi->mem[i].size > top)
            top = bi->mem[i].start + bi->mem[i].size;
    return top;
}

/* Give [start, end) to the allocator, minus the reserved ranges. */
static void add_usable(uint64_t start, uint64_t end)
{
    start = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    end &= ~(PAGE_SIZE - 1);
    while (start < end) {
        uint64_t stop = end;

        for (unsigned int i = 0; i < nr_reserved; i++) {
            if (start >= reserved[i].start && start < reserved[i].end) {
                start = (reserved[i].end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
                stop = 0; /* look again from the new start */
                break;
            }
            if (reserved[i].start > start && reserved[i].start < stop)
                stop = reserved[i].start & ~(PAGE_SIZE - 1);
        }
        if (!stop)
            continue;
        if (stop > start && page_alloc_add_range(&heap, start >> PAGE_SHIFT,
                                                 stop >> PAGE_SHIFT))
            kwarn("memory map: %#lx-%#lx overlaps another usable region; ignored\n",
                  (unsigned long)start, (unsigned long)stop);
        start = stop;
    }
}

/* The highest usable page below 1 MiB, for the other CPUs' start-up code. */
static uint64_t pick_low_page(const struct boot_info *bi)
{
    uint64_t best = 0;

    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_region *r = &bi->mem[i];
        uint64_t end = r->start + r->size > LOW_MEMORY ? LOW_MEMORY : r->start + r->size;
        uint64_t pa = (end & ~(PAGE_SIZE - 1)) - PAGE_SIZE;

        if (r->type == MEM_USABLE && end >= PAGE_SIZE && pa >= r->start &&
            pa >= PAGE_SIZE && pa > best)
            best = pa;
    }
    return best;
}

void heap_init(const struct boot_info *bi)
{
    extern const char _end[];
    uint64_t top = highest_usable(bi), nr_frames = top >> PAGE_SHIFT;
    uint64_t table_bytes = (nr_frames * sizeof(struct page_info) + PAGE_SIZE - 1) &
                           ~(PAGE_SIZE - 1);
    uint64_t table_pa;

    reserve(0, LOW_MEMORY);
    reserve(KEEL_LOAD_PHYS, virt_to_phys(_end));
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        reserve(bi->modules[i].start, bi->modules[i].end);
    table_pa = find_space(bi, table_bytes);
    if (!table_pa)
        panic("heap: no room below 4 GiB for a %lu KiB frame table",
              (unsigned long)(table_bytes >> 10));
    reserve(table_pa, table_pa + table_bytes);

    if (frame_table_init(&frame_table, phys_to_virt(table_pa), nr_frames) ||
        page_alloc_init(&heap, &frame_table, scrub_frame, NULL))
        panic("heap: cannot set up the frame table");
    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == MEM_USABLE)
            add_usable(bi->mem[i].start, bi->mem[i].start + bi->mem[i].size);

    low_page = pick_low_page(bi);
    ram_bytes = bootinfo_usable_bytes(bi);
    keel_bytes = ram_bytes - heap.nr_free_pages * PAGE_SIZE;
}

void heap_lift_limit(void)
{
    alloc_limit_mfn = 0;
}

/* Allocate for `owner`, counting Keel's own use. */
static uint64_t heap_alloc(unsigned int order, uint16_t owner, uint64_t max_mfn)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    uint64_t mfn = alloc_pages(&heap, order, owner, max_mfn);

    if (mfn != INVALID_MFN && owner == DOMID_XEN)
        keel_bytes += PAGE_SIZE << order;
    spin_unlock_irqrestore(&heap_lock, flags);
    return mfn;
}

static int heap_free(uint64_t mfn, unsigned int order, bool keel)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    int rc = free_pages(&heap, mfn, order);

    if (!rc && keel)
        keel_bytes -= PAGE_SIZE << order;
    spin_unlock_irqrestore(&heap_lock, flags);
    return rc;
}

uint64_t alloc_xen_page(void)
{
    uint64_t mfn = heap_alloc(0, DOMID_XEN, alloc_limit_mfn);

    return mfn == INVALID_MFN ? 0 : mfn << PAGE_SHIFT;
}

static unsigned int order_for(size_t bytes)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

void *alloc_xen_memory(size_t bytes)
{
    uint64_t mfn = heap_alloc(order_for(bytes), DOMID_XEN, alloc_limit_mfn);

    return mfn == INVALID_MFN ? NULL : phys_to_virt(mfn << PAGE_SHIFT);
}

void free_xen_memory(void *p, size_t bytes)
{
    if (heap_free(virt_to_phys(p) >> PAGE_SHIFT, order_for(bytes), true))
        panic("heap: bad free of %p", p);
}

uint64_t alloc_domain_frames(uint16_t domid, unsigned int order)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    uint64_t mfn = alloc_pages(&heap, order, domid, 0);

    if (mfn != INVALID_MFN && page_alloc_split(&heap, mfn, order))
        panic("heap: cannot split a fresh block at %#llx", (unsigned long long)mfn);
    spin_unlock_irqrestore(&heap_lock, flags);
    return mfn;
}

int free_domain_frame(uint64_t mfn)
{
    return heap_free(mfn, 0, false);
}

uint64_t heap_free_frames(void)
{
    return __atomic_load_n(&heap.nr_free_pages, __ATOMIC_RELAXED);
}

int heap_dump(char *buf, size_t len)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    int n = page_alloc_dump(&heap, buf, len);

    spin_unlock_irqrestore(&heap_lock, flags);
    return n;
}

uint64_t heap_low_page(void)
{
    return low_page;
}

/*
 * Xen's rule: dom0 gets dom0_mem, or without it all free memory, but never
 * the reserve for the hypervisor (1/16 of free memory, at most 128 MiB):
 * building dom0 and running it take frames of Keel's too (page tables,
 * the P2M, vCPU state), and a dom0 that took everything could not be built.
 */
void heap_summary(struct mem_summary *s, uint64_t dom0_mem, uint64_t dom0_mem_max)
{
    uint64_t free = heap.nr_free_pages * PAGE_SIZE;
    uint64_t reserve = free / 16 < (128ull << 20) ? free / 16 : (128ull << 20);
    uint64_t dom0 = dom0_mem ? dom0_mem : free - reserve;

    dom0 &= ~(PAGE_SIZE - 1); /* domains get whole pages */

    if (dom0_mem_max && dom0 > dom0_mem_max)
        dom0 = dom0_mem_max;
    if (dom0 > free - reserve)
        dom0 = (free - reserve) & ~(PAGE_SIZE - 1);
    *s = (struct mem_summary){
        .ram = ram_bytes, .keel = keel_bytes, .free = free,
        .dom0 = dom0, .domu = free - dom0,
    };
}
