/* See dom0_alloc_fault.h: counting heap wrappers that fail on request. */
#define DOM0_ALLOC_FAULT_CONTROL
#include "dom0_alloc_fault.h"

static long budget = -1;    /* allocations left before failing; <0: no limit */
static size_t max_size;    /* 0: any size */
static long refused;
static long live;

void alloc_fault_after(long n)
{
    budget = n;
    refused = 0;
}

void alloc_fault_max_size(size_t size)
{
    max_size = size;
}

long alloc_fault_refused(void)
{
    return refused;
}

long alloc_fault_live(void)
{
    return live;
}

/* May the next allocation, of size bytes, succeed? */
static int allowed(size_t size)
{
    if (max_size && size > max_size) {
        refused++;
        return 0;
    }
    if (budget < 0)
        return 1;
    if (budget == 0) {
        refused++;
        return 0;
    }
    budget--;
    return 1;
}

void *fault_malloc(size_t size)
{
    void *p = allowed(size) ? malloc(size) : NULL;

    if (p)
        live++;
    return p;
}

void *fault_calloc(size_t count, size_t size)
{
    void *p = allowed(count * size) ? calloc(count, size) : NULL;

    if (p)
        live++;
    return p;
}

void *fault_realloc(void *ptr, size_t size)
{
    void *p = allowed(size) ? realloc(ptr, size) : NULL;

    if (p && !ptr)
        live++;
    return p;
}

void fault_free(void *ptr)
{
    if (ptr)
        live--;
    free(ptr);
}
