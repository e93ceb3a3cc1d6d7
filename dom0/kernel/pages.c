/*
 * Page allocator: one bit per page of the direct map, set when in use.
 * First fit from a rover that moves past each allocation, so successive
 * allocations do not rescan the used front; a miss scans once more from
 * the start. Freeing a page that is not allocated is a bug: panic.
 */
#include <stdint.h>
#include <keel/string.h>
#include <dom0/layout.h>
#include <dom0/mm.h>
#include <dom0/pages.h>
#include <dom0/traps.h>

#define WORD_BITS 64

static uint64_t bitmap[MAX_DIRECT_PAGES / WORD_BITS];
static unsigned long first_pfn, end_pfn, rover, nr_free;

static bool in_use(unsigned long pfn)
{
    return bitmap[pfn / WORD_BITS] >> (pfn % WORD_BITS) & 1;
}

static void set_range(unsigned long pfn, unsigned long n, bool used)
{
    for (; n; n--, pfn++) {
        if (used)
            bitmap[pfn / WORD_BITS] |= 1ull << (pfn % WORD_BITS);
        else
            bitmap[pfn / WORD_BITS] &= ~(1ull << (pfn % WORD_BITS));
    }
}

void pages_init(unsigned long first, unsigned long end)
{
    if (end > MAX_DIRECT_PAGES)
        end = MAX_DIRECT_PAGES;
    memset(bitmap, 0xff, sizeof(bitmap));
    set_range(first, end - first, false);
    first_pfn = rover = first;
    end_pfn = end;
    nr_free = end - first;
}

/* The first run of n free pages in [from, to), or 0 (pfn 0 is never free). */
static unsigned long find_run(unsigned long from, unsigned long to, unsigned long n)
{
    unsigned long run = 0;

    for (unsigned long pfn = from; pfn < to; pfn++) {
        if (!(pfn % WORD_BITS) && bitmap[pfn / WORD_BITS] == ~0ull) {
            run = 0;
            pfn += WORD_BITS - 1;   /* a full word: skip it whole */
            continue;
        }
        run = in_use(pfn) ? 0 : run + 1;
        if (run == n)
            return pfn + 1 - n;
    }
    return 0;
}

void *pages_alloc(unsigned long n)
{
    unsigned long pfn;

    if (!n || n > nr_free)
        return NULL;
    pfn = find_run(rover, end_pfn, n);
    if (!pfn)
        pfn = find_run(first_pfn, end_pfn, n);
    if (!pfn)
        return NULL;
    set_range(pfn, n, true);
    nr_free -= n;
    rover = pfn + n < end_pfn ? pfn + n : first_pfn;
    return pfn_to_virt(pfn);
}

void pages_free(void *va, unsigned long n)
{
    unsigned long pfn = virt_to_pfn(va);

    for (unsigned long i = 0; i < n; i++)
        if (pfn + i < first_pfn || pfn + i >= end_pfn || !in_use(pfn + i))
            panic("freeing page %lu, which is not allocated", pfn + i);
    set_range(pfn, n, false);
    nr_free += n;
    if (pfn < rover)
        rover = pfn;
}

unsigned long pages_free_count(void)
{
    return nr_free;
}

unsigned long pages_total(void)
{
    return end_pfn - first_pfn;
}
