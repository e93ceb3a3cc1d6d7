/*
 * Heap fault injection for the dom0 sources a test builds. A test passes
 *     -include $(HERE)/dom0_alloc_fault.h
 * in its test_X_CFLAGS: every malloc, calloc, realloc and free in those
 * sources then goes through the counting wrappers of dom0_alloc_fault.c,
 * which can be told to fail. The test itself includes this header with
 * DOM0_ALLOC_FAULT_CONTROL defined, which gives it the controls without
 * renaming its own heap calls.
 */
#ifndef DOM0_ALLOC_FAULT_H
#define DOM0_ALLOC_FAULT_H

#include <stddef.h>
#include <stdlib.h>

void *fault_malloc(size_t size);
void *fault_calloc(size_t count, size_t size);
void *fault_realloc(void *ptr, size_t size);
void fault_free(void *ptr);

/* From now on, let n allocations succeed and fail every later one;
 * n < 0 never fails. */
void alloc_fault_after(long n);
/* From now on, fail every allocation of more than size bytes (0: none). */
void alloc_fault_max_size(size_t size);
/* Allocations refused since the last alloc_fault_after. */
long alloc_fault_refused(void);
/* Blocks the wrapped sources hold: allocated and not yet freed. */
long alloc_fault_live(void);

#ifndef DOM0_ALLOC_FAULT_CONTROL
#define malloc fault_malloc
#define calloc fault_calloc
#define realloc fault_realloc
#define free fault_free
#endif

#endif
