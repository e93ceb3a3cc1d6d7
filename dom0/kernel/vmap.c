/*
 * vmap: one bit per page of [VMAP_START, VMAP_END), set while handed
 * out. First fit; ranges are few and long-lived (rings, consoles), so a
 * scan is cheap enough.
 */
#include <stdbool.h>
#include <stdint.h>
#include <dom0/layout.h>
#include <dom0/mm.h>
#include <dom0/traps.h>
#include <dom0/vmap.h>

#define VMAP_PAGES ((VMAP_END - VMAP_START) >> PAGE_SHIFT)
#define WORD_BITS  64

static uint64_t used[VMAP_PAGES / WORD_BITS];

static bool page_used(unsigned long i)
{
    return used[i / WORD_BITS] >> (i % WORD_BITS) & 1;
}

static void mark(unsigned long first, unsigned long n, bool on)
{
    for (unsigned long i = first; i < first + n; i++) {
        if (on)
            used[i / WORD_BITS] |= 1ull << (i % WORD_BITS);
        else
            used[i / WORD_BITS] &= ~(1ull << (i % WORD_BITS));
    }
}

static unsigned long va_page(const void *va)
{
    return ((unsigned long)va - VMAP_START) >> PAGE_SHIFT;
}

void *vmap_alloc(unsigned long n)
{
    unsigned long run = 0;

    if (!n)
        return NULL;
    for (unsigned long i = 0; i < VMAP_PAGES; i++) {
        run = page_used(i) ? 0 : run + 1;
        if (run == n) {
            unsigned long first = i + 1 - n;

            mark(first, n, true);
            for (unsigned long p = first; p <= i; p++)
                mm_make_l1(VMAP_START + (p << PAGE_SHIFT));
            return (void *)(VMAP_START + (first << PAGE_SHIFT));
        }
    }
    return NULL;
}

void vmap_free(void *va, unsigned long n)
{
    unsigned long first = va_page(va);

    if ((unsigned long)va < VMAP_START || first + n > VMAP_PAGES)
        panic("vmap_free of %p, outside the vmap area", va);
    for (unsigned long i = first; i < first + n; i++)
        if (!page_used(i))
            panic("vmap_free of %p: page %lu was not allocated", va, i - first);
    mark(first, n, false);
}
