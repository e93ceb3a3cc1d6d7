/*
 * The heap. Requests up to MAX_SMALL bytes come from pages cut into
 * chunks of one size class (a power of two from 16); bigger ones get
 * whole pages. Every heap page starts with a header, so free() finds what
 * a pointer is by rounding it down to its page:
 *  - a small page keeps its free chunks on its own list and sits on its
 *    class's `partial` list while it has any; when its last chunk comes
 *    back, the page goes back to the page allocator;
 *  - a large allocation is one run of pages whose first header gives the
 *    run's length; the caller's bytes start after the header.
 * Headers carry a magic number: freeing a pointer the heap did not give
 * out panics instead of corrupting it.
 */
#include <stdint.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/layout.h>
#include <dom0/pages.h>
#include <dom0/traps.h>

#define HEADER_SIZE 64      /* chunks after it stay 64-byte aligned */
#define MIN_SHIFT   4       /* 16-byte chunks */
#define NR_CLASSES  7       /* 16 .. 1024 */
#define MAX_SMALL   (1ul << (MIN_SHIFT + NR_CLASSES - 1))
#define MAGIC_SMALL 0x6b65656c736d616cull
#define MAGIC_LARGE 0x6b65656c6c617267ull

struct chunk {
    struct chunk *next;
};

struct page_header {
    uint64_t magic;
    unsigned int class;             /* small: size class */
    unsigned int used;              /* small: chunks handed out */
    unsigned long nr_pages;         /* large: pages in the run */
    size_t size;                    /* large: bytes asked for */
    struct chunk *free;             /* small: this page's free chunks */
    struct page_header *prev, *next; /* small: the class's partial list */
};

_Static_assert(sizeof(struct page_header) <= HEADER_SIZE, "heap page header too big");

static struct page_header *partial[NR_CLASSES];
static unsigned long bytes_in_use, heap_pages;

static unsigned int class_of(size_t size)
{
    unsigned int c = 0;

    while ((1ul << (MIN_SHIFT + c)) < size)
        c++;
    return c;
}

static size_t class_size(unsigned int c)
{
    return 1ul << (MIN_SHIFT + c);
}

static void partial_unlink(struct page_header *h)
{
    if (h->prev)
        h->prev->next = h->next;
    else
        partial[h->class] = h->next;
    if (h->next)
        h->next->prev = h->prev;
    h->prev = h->next = NULL;
}

static void partial_push(struct page_header *h)
{
    h->prev = NULL;
    h->next = partial[h->class];
    if (h->next)
        h->next->prev = h;
    partial[h->class] = h;
}

static struct page_header *new_small_page(unsigned int c)
{
    struct page_header *h = page_alloc();
    size_t sz = class_size(c);

    if (!h)
        return NULL;
    heap_pages++;
    *h = (struct page_header){ .magic = MAGIC_SMALL, .class = c };
    for (size_t off = PAGE_SIZE - sz; off >= HEADER_SIZE; off -= sz) {
        struct chunk *ch = (struct chunk *)((char *)h + off);

        ch->next = h->free;
        h->free = ch;
    }
    partial_push(h);
    return h;
}

static void *small_alloc(size_t size)
{
    unsigned int c = class_of(size);
    struct page_header *h = partial[c] ? partial[c] : new_small_page(c);
    struct chunk *ch;

    if (!h)
        return NULL;
    ch = h->free;
    h->free = ch->next;
    h->used++;
    if (!h->free)
        partial_unlink(h);
    bytes_in_use += class_size(c);
    return ch;
}

static void *large_alloc(size_t size)
{
    unsigned long n = (size + HEADER_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
    struct page_header *h;

    if (size > (1ul << 40))
        return NULL;
    h = pages_alloc(n);
    if (!h)
        return NULL;
    *h = (struct page_header){ .magic = MAGIC_LARGE, .nr_pages = n, .size = size };
    heap_pages += n;
    bytes_in_use += size;
    return (char *)h + HEADER_SIZE;
}

static struct page_header *header_of(void *p)
{
    struct page_header *h = (struct page_header *)((uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1));

    if (h->magic == MAGIC_LARGE && (char *)p == (char *)h + HEADER_SIZE)
        return h;
    if (h->magic == MAGIC_SMALL && h->class < NR_CLASSES) {
        uintptr_t off = (uintptr_t)p - (uintptr_t)h;

        if (off >= HEADER_SIZE && off % class_size(h->class) == 0)
            return h;
    }
    panic("free/realloc of %p, which the heap did not hand out", p);
}

void *malloc(size_t size)
{
    if (!size)
        size = 1;
    return size <= MAX_SMALL ? small_alloc(size) : large_alloc(size);
}

void *calloc(size_t count, size_t size)
{
    void *p;

    if (size && count > SIZE_MAX / size)
        return NULL;
    p = malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void free(void *p)
{
    struct page_header *h;

    if (!p)
        return;
    h = header_of(p);
    if (h->magic == MAGIC_LARGE) {
        bytes_in_use -= h->size;
        heap_pages -= h->nr_pages;
        h->magic = 0;
        pages_free(h, h->nr_pages);
        return;
    }
    ((struct chunk *)p)->next = h->free;
    if (!h->free)
        partial_push(h);
    h->free = p;
    h->used--;
    bytes_in_use -= class_size(h->class);
    if (!h->used) {
        partial_unlink(h);
        h->magic = 0;
        heap_pages--;
        pages_free(h, 1);
    }
}

void *realloc(void *p, size_t size)
{
    struct page_header *h;
    size_t have;
    void *n;

    if (!p)
        return malloc(size);
    h = header_of(p);
    have = h->magic == MAGIC_LARGE ? h->size : class_size(h->class);
    if (size <= have && h->magic == MAGIC_SMALL)
        return p;
    n = malloc(size);
    if (!n)
        return NULL;
    memcpy(n, p, have < size ? have : size);
    free(p);
    return n;
}

void heap_stats(struct heap_stats *st)
{
    st->bytes_in_use = bytes_in_use;
    st->pages = heap_pages;
}
