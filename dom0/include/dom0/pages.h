/* dom0's page allocator: whole pages of the direct map. */
#ifndef DOM0_PAGES_H
#define DOM0_PAGES_H

#include <stddef.h>

/* Pages [first, end) are free; everything below first is in use. */
void pages_init(unsigned long first, unsigned long end);

/* n contiguous pages (not zeroed), or NULL. */
void *pages_alloc(unsigned long n);
void pages_free(void *va, unsigned long n);

static inline void *page_alloc(void)
{
    return pages_alloc(1);
}

unsigned long pages_free_count(void);
unsigned long pages_total(void);   /* pages the allocator manages */

#endif
