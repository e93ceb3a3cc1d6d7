/*
 * The dom0 kernel heap: malloc, calloc, realloc and free with the C
 * library's meaning (dom0/kernel/alloc.c implements them in the kernel).
 * Host unit tests (KEEL_HOST_TEST) use the C library's, so the same sources
 * compile in both places.
 */
#ifndef DOM0_ALLOC_H
#define DOM0_ALLOC_H

#include <stddef.h>

#ifdef KEEL_HOST_TEST
#include <stdlib.h>
#else
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
#endif

/* Bytes handed out and not yet freed, and pages the heap holds
 * (dom0/kernel/alloc.c). */
struct heap_stats {
    unsigned long bytes_in_use;
    unsigned long pages;
};
void heap_stats(struct heap_stats *st);

#endif
