/*
 * Memory a device reads and writes by machine address. dom0's pages are
 * contiguous in its own (pseudo-physical) numbering, not necessarily in
 * the machine's, so a buffer the device must see as one block (a virtio
 * ring) comes from dma_alloc, and any other buffer is handed over a page
 * at a time with dma_maddr.
 */
#ifndef DOM0_DMA_H
#define DOM0_DMA_H

#include <stdint.h>

/* n zeroed pages that are machine-contiguous; their machine address in
 * *maddr. NULL if dom0 has no such run. */
void *dma_alloc(unsigned long n, uint64_t *maddr);
void dma_free(void *va, unsigned long n);

/* The machine address of a byte in dom0's direct map. */
uint64_t dma_maddr(const void *va);

#endif
