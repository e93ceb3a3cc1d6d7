/* Machine-contiguous memory for devices (dom0/dma.h). */
#include <stdbool.h>
#include <keel/string.h>
#include <dom0/dma.h>
#include <dom0/mm.h>
#include <dom0/pages.h>

#define DMA_TRIES 8   /* runs tried before giving up */

static bool machine_contiguous(const void *va, unsigned long n)
{
    unsigned long first = virt_to_mfn(va);

    for (unsigned long i = 1; i < n; i++)
        if (virt_to_mfn((const char *)va + i * PAGE_SIZE) != first + i)
            return false;
    return true;
}

void *dma_alloc(unsigned long n, uint64_t *maddr)
{
    void *tried[DMA_TRIES];
    unsigned int nr_tried = 0;
    void *va = NULL;

    /* The builder gives dom0 large machine-contiguous chunks, so the
     * first run nearly always does; the ones that did not are held until
     * the search ends, so it never sees them twice. */
    while (nr_tried < DMA_TRIES && (va = pages_alloc(n)) && !machine_contiguous(va, n)) {
        tried[nr_tried++] = va;
        va = NULL;
    }
    while (nr_tried)
        pages_free(tried[--nr_tried], n);
    if (!va)
        return NULL;
    memset(va, 0, n * PAGE_SIZE);
    *maddr = (uint64_t)virt_to_mfn(va) << PAGE_SHIFT;
    return va;
}

void dma_free(void *va, unsigned long n)
{
    pages_free(va, n);
}

uint64_t dma_maddr(const void *va)
{
    return ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) | ((unsigned long)va & (PAGE_SIZE - 1));
}
