/*
 * The buddy allocator: machine frames in blocks of 2^order, order 0 (4 KiB)
 * to MAX_ORDER (1 GiB), over the frame table.
 *
 * Invariants (with those of include/keel/mm.h):
 *   - A free block of order o starts at a multiple of 2^o, lies inside the
 *     table, and is on free_head[o]'s list exactly once; its head carries
 *     PGF_FREE | PGF_HEAD and order o, its other frames PGF_FREE alone.
 *   - No free block has a free buddy of its own order: blocks merge on
 *     every free, so the free lists always hold maximal blocks.
 *   - nr_free_blocks[o] counts list o; nr_free_pages counts every PGF_FREE
 *     frame.
 *   - Every free frame that may hold data is PGF_DIRTY, and allocation
 *     scrubs it before anyone sees it; an allocated frame is never dirty.
 *     Scrubbing at allocation, not at free, keeps free cheap and scrubs
 *     only memory that is about to be used.
 * Every public function checks before it writes, so a refused call changes
 * nothing.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel/errno.h"
#include "keel/mm.h"
#include "keel/string.h"

#define BLOCK(order) (1ull << (order))

static struct page_info *frame(const struct page_alloc *pa, uint64_t mfn)
{
    return &pa->ft->frames[mfn];
}

static bool is_free_head(const struct page_info *pg, unsigned int order)
{
    return (pg->flags & (PGF_FREE | PGF_HEAD)) == (PGF_FREE | PGF_HEAD) &&
           pg->order == order;
}

/* Whether [start, end) is a non-reversed range inside the table. */
static bool range_ok(const struct page_alloc *pa, uint64_t start,
                     uint64_t end)
{
    return start <= end && end <= pa->ft->nr_frames;
}

static void list_push(struct page_alloc *pa, uint64_t mfn, unsigned int order)
{
    struct page_info *pg = frame(pa, mfn);
    uint32_t old = pa->free_head[order];

    pg->flags |= PGF_HEAD;
    pg->order = (uint8_t)order;
    pg->prev = FRAME_NONE;
    pg->next = old;
    if (old != FRAME_NONE)
        frame(pa, old)->prev = (uint32_t)mfn;
    pa->free_head[order] = (uint32_t)mfn;
    pa->nr_free_blocks[order]++;
    pa->nr_free_pages += BLOCK(order);
}

static void list_remove(struct page_alloc *pa, uint64_t mfn,
                        unsigned int order)
{
    struct page_info *pg = frame(pa, mfn);

    if (pg->prev == FRAME_NONE)
        pa->free_head[order] = pg->next;
    else
        frame(pa, pg->prev)->next = pg->next;
    if (pg->next != FRAME_NONE)
        frame(pa, pg->next)->prev = pg->prev;
    pa->nr_free_blocks[order]--;
    pa->nr_free_pages -= BLOCK(order);
}

/* Put the free block [mfn, +2^order) on a list, merged with free buddies. */
static void merge_and_push(struct page_alloc *pa, uint64_t mfn,
                           unsigned int order)
{
    while (order < MAX_ORDER) {
        uint64_t buddy = mfn ^ BLOCK(order);

        if (buddy >= pa->ft->nr_frames ||
            !is_free_head(frame(pa, buddy), order))
            break;
        list_remove(pa, buddy, order);
        frame(pa, buddy > mfn ? buddy : mfn)->flags &= ~PGF_HEAD;
        mfn &= ~BLOCK(order);
        order++;
    }
    list_push(pa, mfn, order);
}

/* Make [mfn, +2^order) free, dirty and unowned, and merge it in. */
static void release_block(struct page_alloc *pa, uint64_t mfn,
                          unsigned int order)
{
    for (uint64_t i = mfn; i < mfn + BLOCK(order); i++) {
        frame(pa, i)->flags = PGF_FREE | PGF_DIRTY;
        frame(pa, i)->owner = DOMID_INVALID;
    }
    merge_and_push(pa, mfn, order);
}

int page_alloc_init(struct page_alloc *pa, struct frame_table *ft,
                    void (*scrub)(void *ctx, uint64_t mfn), void *ctx)
{
    if (!ft || !scrub)
        return -EINVAL;
    pa->ft = ft;
    pa->scrub = scrub;
    pa->scrub_ctx = ctx;
    for (unsigned int o = 0; o <= MAX_ORDER; o++) {
        pa->free_head[o] = FRAME_NONE;
        pa->nr_free_blocks[o] = 0;
    }
    pa->nr_free_pages = 0;
    return 0;
}

/* Largest order of an aligned block starting at mfn and ending by end. */
static unsigned int max_block_order(uint64_t mfn, uint64_t end)
{
    unsigned int order = 0;

    while (order < MAX_ORDER && (mfn & BLOCK(order)) == 0 &&
           mfn + BLOCK(order + 1) <= end)
        order++;
    return order;
}

/* Frames the allocator may take: reserved, but not for the hypervisor. */
static bool is_unused_ram(const struct page_info *pg)
{
    return (pg->flags & PGF_RESERVED) && pg->owner == DOMID_INVALID;
}

int page_alloc_add_range(struct page_alloc *pa, uint64_t start_mfn,
                         uint64_t end_mfn)
{
    if (!range_ok(pa, start_mfn, end_mfn))
        return -EINVAL;
    for (uint64_t mfn = start_mfn; mfn < end_mfn; mfn++) {
        if (!(frame(pa, mfn)->flags & PGF_RESERVED))
            return -EEXIST;
    }
    for (uint64_t mfn = start_mfn; mfn < end_mfn;) {
        uint64_t run_end = mfn;

        while (run_end < end_mfn && is_unused_ram(frame(pa, run_end)))
            run_end++;
        while (mfn < run_end) {
            unsigned int order = max_block_order(mfn, run_end);

            release_block(pa, mfn, order);
            mfn += BLOCK(order);
        }
        /* Skip the hypervisor's frames up to the next run. */
        while (mfn < end_mfn && !is_unused_ram(frame(pa, mfn)))
            mfn++;
    }
    return 0;
}

static bool valid_owner(uint16_t owner)
{
    return owner < DOMID_FIRST_RESERVED || owner == DOMID_XEN;
}

/*
 * First free block of order `order` on list `from` whose first 2^order
 * frames lie below max_mfn (0: any), or FRAME_NONE. Splitting keeps the
 * low end of a block, so those are the frames the caller would get.
 */
static uint32_t find_block(const struct page_alloc *pa, unsigned int from,
                           unsigned int order, uint64_t max_mfn)
{
    uint32_t mfn = pa->free_head[from];

    while (mfn != FRAME_NONE && max_mfn && mfn + BLOCK(order) > max_mfn)
        mfn = frame(pa, mfn)->next;
    return mfn;
}

/* Give the block [mfn, +2^order) to owner, scrubbing what is dirty. */
static void claim_block(struct page_alloc *pa, uint64_t mfn,
                        unsigned int order, uint16_t owner)
{
    for (uint64_t i = mfn; i < mfn + BLOCK(order); i++) {
        struct page_info *pg = frame(pa, i);

        if (pg->flags & PGF_DIRTY)
            pa->scrub(pa->scrub_ctx, i);
        pg->flags &= PGF_HEAD;
        pg->owner = owner;
    }
    frame(pa, mfn)->order = (uint8_t)order;
}

uint64_t alloc_pages(struct page_alloc *pa, unsigned int order,
                     uint16_t owner, uint64_t max_mfn)
{
    unsigned int from;
    uint32_t mfn = FRAME_NONE;

    if (order > MAX_ORDER || !valid_owner(owner))
        return INVALID_MFN;
    for (from = order; from <= MAX_ORDER; from++) {
        mfn = find_block(pa, from, order, max_mfn);
        if (mfn != FRAME_NONE)
            break;
    }
    if (mfn == FRAME_NONE)
        return INVALID_MFN;
    list_remove(pa, mfn, from);
    /* Split: the upper halves go back, already maximal (their buddy is ours). */
    while (from > order) {
        from--;
        list_push(pa, mfn + BLOCK(from), from);
    }
    claim_block(pa, mfn, order, owner);
    return mfn;
}

int page_alloc_split(struct page_alloc *pa, uint64_t mfn, unsigned int order)
{
    struct page_info *head = mfn_to_page(pa->ft, mfn);

    if (!head || order > MAX_ORDER || (head->flags & (PGF_FREE | PGF_RESERVED)) ||
        !(head->flags & PGF_HEAD) || head->order != order)
        return -EINVAL;
    for (uint64_t i = mfn; i < mfn + BLOCK(order); i++) {
        frame(pa, i)->flags |= PGF_HEAD;
        frame(pa, i)->order = 0;
    }
    return 0;
}

/* The error free_pages() owes for [mfn, +2^order), or 0. */
static int check_free(const struct page_alloc *pa, uint64_t mfn,
                      unsigned int order)
{
    uint16_t flags = 0;
    bool referenced = false;
    const struct page_info *head;

    if (order > MAX_ORDER || (mfn & (BLOCK(order) - 1)) ||
        mfn >= pa->ft->nr_frames || BLOCK(order) > pa->ft->nr_frames - mfn)
        return -EINVAL;
    for (uint64_t i = mfn; i < mfn + BLOCK(order); i++) {
        flags |= frame(pa, i)->flags;
        referenced |= frame(pa, i)->count || frame(pa, i)->type_count;
    }
    if (flags & PGF_FREE)
        return -EALREADY;
    if (flags & PGF_RESERVED)
        return -EINVAL;
    head = frame(pa, mfn);
    if (!(head->flags & PGF_HEAD) || head->order != order)
        return -EINVAL;
    return referenced ? -EBUSY : 0;
}

int free_pages(struct page_alloc *pa, uint64_t mfn, unsigned int order)
{
    int rc = check_free(pa, mfn, order);

    if (rc)
        return rc;
    release_block(pa, mfn, order);
    return 0;
}

void page_alloc_for_each_free(const struct page_alloc *pa,
                              void (*fn)(void *ctx, uint64_t mfn,
                                         unsigned int order),
                              void *ctx)
{
    for (unsigned int o = 0; o <= MAX_ORDER; o++) {
        for (uint32_t mfn = pa->free_head[o]; mfn != FRAME_NONE;
             mfn = frame(pa, mfn)->next)
            fn(ctx, mfn, o);
    }
}

/* Format at buf + *used, counting in *used also what does not fit. */
static void __attribute__((format(printf, 4, 5)))
append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    bool room = *used < len;
    va_list ap;

    va_start(ap, fmt);
    *used += (size_t)vsnprintf(room ? buf + *used : NULL,
                               room ? len - *used : 0, fmt, ap);
    va_end(ap);
}

int page_alloc_dump(const struct page_alloc *pa, char *buf, size_t len)
{
    size_t used = 0;

    append(buf, len, &used, "free: %llu pages (%llu KiB)\n",
           (unsigned long long)pa->nr_free_pages,
           (unsigned long long)pa->nr_free_pages * 4);
    for (unsigned int o = 0; o <= MAX_ORDER; o++) {
        if (pa->nr_free_blocks[o] == 0)
            continue;
        append(buf, len, &used, "  order %2u: %llu blocks, %llu pages\n", o,
               (unsigned long long)pa->nr_free_blocks[o],
               (unsigned long long)(pa->nr_free_blocks[o] << o));
    }
    return (int)used;
}

/* What page_alloc_check() learns from its walk over the frames. */
struct census {
    uint64_t free_heads[MAX_ORDER + 1];
    uint64_t free_frames;
    uint64_t block_end;   /* end of the block being walked */
    bool block_free;      /* whether that block is free */
};

/* Describe an inconsistency in msg; always false, for `return problem(...)`. */
static bool __attribute__((format(printf, 3, 4)))
problem(char *msg, size_t len, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, len, fmt, ap);
    va_end(ap);
    return false;
}

static bool check_reserved(const struct page_info *pg, uint64_t mfn,
                           char *msg, size_t len)
{
    if (pg->flags != PGF_RESERVED)
        return problem(msg, len, "mfn %#llx: reserved with flags %#x",
                       (unsigned long long)mfn, pg->flags);
    if (pg->owner != DOMID_XEN && (pg->owner != DOMID_INVALID || pg->count))
        return problem(msg, len, "mfn %#llx: reserved, owner %#x, count %u",
                       (unsigned long long)mfn, pg->owner, pg->count);
    return true;
}

static bool check_refs(const struct page_info *pg, uint64_t mfn, char *msg,
                       size_t len)
{
    if (pg->type_count > pg->count ||
        (pg->type_count == 0) != (pg->type == PGT_NONE))
        return problem(msg, len, "mfn %#llx: type %u, type_count %u, count %u",
                       (unsigned long long)mfn, pg->type, pg->type_count,
                       pg->count);
    return true;
}

/* A free or allocated frame: its place in its block, owner and flags. */
static bool check_block_frame(const struct page_info *pg, uint64_t mfn,
                              uint64_t nr_frames, struct census *c,
                              char *msg, size_t len)
{
    bool is_free = pg->flags & PGF_FREE;

    if (pg->flags & PGF_HEAD) {
        if (mfn < c->block_end || pg->order > MAX_ORDER ||
            (mfn & (BLOCK(pg->order) - 1)) ||
            BLOCK(pg->order) > nr_frames - mfn)
            return problem(msg, len, "mfn %#llx: bad block head, order %u",
                           (unsigned long long)mfn, pg->order);
        c->block_end = mfn + BLOCK(pg->order);
        c->block_free = is_free;
        if (is_free)
            c->free_heads[pg->order]++;
    } else if (mfn >= c->block_end || is_free != c->block_free) {
        return problem(msg, len, "mfn %#llx: outside any block",
                       (unsigned long long)mfn);
    }
    if (is_free) {
        c->free_frames++;
        if (pg->owner != DOMID_INVALID || pg->count)
            return problem(msg, len, "mfn %#llx: free, owner %#x, count %u",
                           (unsigned long long)mfn, pg->owner, pg->count);
    } else if (!valid_owner(pg->owner) || (pg->flags & PGF_DIRTY)) {
        return problem(msg, len, "mfn %#llx: allocated, owner %#x, flags %#x",
                       (unsigned long long)mfn, pg->owner, pg->flags);
    }
    return true;
}

static bool check_frames(const struct page_alloc *pa, struct census *c,
                         char *msg, size_t len)
{
    for (uint64_t mfn = 0; mfn < pa->ft->nr_frames; mfn++) {
        const struct page_info *pg = frame(pa, mfn);

        if (!check_refs(pg, mfn, msg, len))
            return false;
        if (pg->flags & PGF_RESERVED) {
            if (mfn < c->block_end)
                return problem(msg, len, "mfn %#llx: reserved inside a block",
                               (unsigned long long)mfn);
            if (!check_reserved(pg, mfn, msg, len))
                return false;
        } else if (!check_block_frame(pg, mfn, pa->ft->nr_frames, c, msg,
                                      len)) {
            return false;
        }
    }
    return true;
}

/* One free list: links, heads, maximality, and its length. */
static bool check_list(const struct page_alloc *pa, unsigned int order,
                       char *msg, size_t len)
{
    uint64_t n = 0;
    uint32_t prev = FRAME_NONE;

    for (uint32_t mfn = pa->free_head[order]; mfn != FRAME_NONE;
         prev = mfn, mfn = frame(pa, mfn)->next) {
        uint64_t buddy = mfn ^ BLOCK(order);

        if (mfn >= pa->ft->nr_frames || n++ >= pa->nr_free_blocks[order] ||
            frame(pa, mfn)->prev != prev ||
            !is_free_head(frame(pa, mfn), order))
            return problem(msg, len, "order %u list: bad entry %#x after %#x",
                           order, mfn, prev);
        if (order < MAX_ORDER && buddy < pa->ft->nr_frames &&
            is_free_head(frame(pa, buddy), order))
            return problem(msg, len, "order %u: free buddies %#x, %#llx",
                           order, mfn, (unsigned long long)buddy);
    }
    if (n != pa->nr_free_blocks[order])
        return problem(msg, len, "order %u list: %llu blocks, counter %llu",
                       order, (unsigned long long)n,
                       (unsigned long long)pa->nr_free_blocks[order]);
    return true;
}

bool page_alloc_check(const struct page_alloc *pa, char *msg, size_t len)
{
    struct census c = { .block_end = 0 };
    uint64_t listed = 0;

    if (!check_frames(pa, &c, msg, len))
        return false;
    for (unsigned int o = 0; o <= MAX_ORDER; o++) {
        if (!check_list(pa, o, msg, len))
            return false;
        /* Listed heads are distinct free heads; equal counts: all listed. */
        if (c.free_heads[o] != pa->nr_free_blocks[o])
            return problem(msg, len, "order %u: %llu free heads, %llu listed",
                           o, (unsigned long long)c.free_heads[o],
                           (unsigned long long)pa->nr_free_blocks[o]);
        listed += pa->nr_free_blocks[o] << o;
    }
    if (listed != pa->nr_free_pages || c.free_frames != pa->nr_free_pages)
        return problem(msg, len, "%llu free frames, %llu listed, counter %llu",
                       (unsigned long long)c.free_frames,
                       (unsigned long long)listed,
                       (unsigned long long)pa->nr_free_pages);
    return true;
}
