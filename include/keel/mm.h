/*
 * Machine memory: the frame table (one struct page_info per 4 KiB machine
 * frame, as Xen's) and the buddy allocator that hands frames out.
 *
 * Every frame is in exactly one of three states:
 *   reserved   PGF_RESERVED. Never allocatable. Owner DOMID_INVALID (not
 *              RAM, or RAM not handed to the allocator yet) or DOMID_XEN
 *              (kept by the hypervisor: its image, modules, the table).
 *   free       PGF_FREE. In one free block of the allocator; PGF_DIRTY
 *              until scrubbed. Owner DOMID_INVALID, no references.
 *   allocated  neither flag. In one allocated block; owned by a domain or
 *              by DOMID_XEN; never PGF_DIRTY.
 * The first frame of every free or allocated block carries PGF_HEAD and
 * the block's order; its other frames do not.
 * References: type_count <= count (each type reference is backed by a
 * general one, as Xen's get_page_and_type takes both), and type is
 * PGT_NONE exactly when type_count is 0.
 *
 * Boot order: frame_table_init() (all reserved, unowned), then
 * frame_table_reserve() for what the hypervisor keeps, then
 * page_alloc_add_range() for each usable RAM range (frames reserved for
 * the hypervisor inside it are skipped).
 *
 * Nothing here locks: callers serialise (one CPU at boot, a lock later).
 */
#ifndef KEEL_MM_H
#define KEEL_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen.h> /* DOMID_XEN, DOMID_INVALID, DOMID_FIRST_RESERVED */

#define INVALID_MFN UINT64_MAX

/* Free-list links are 32-bit frame numbers: at most 16 TiB of frames. */
#define FRAME_NONE  UINT32_MAX

/* page_info.type: what a frame is validated as; one at a time. */
#define PGT_NONE      0
#define PGT_L1        1   /* page tables, by level */
#define PGT_L2        2
#define PGT_L3        3
#define PGT_L4        4
#define PGT_SEG_DESC  5   /* GDT/LDT frame */
#define PGT_WRITABLE  6   /* mapped writable by a guest */

/* page_info.flags */
#define PGF_FREE      (1u << 0) /* in a free block of the allocator */
#define PGF_RESERVED  (1u << 1) /* never allocatable */
#define PGF_DIRTY     (1u << 2) /* free, and must be scrubbed before reuse */
#define PGF_HEAD      (1u << 3) /* first frame of a free or allocated block */
#define PGF_PINNED    (1u << 4) /* pinned page table (MMUEXT_PIN_*): holds one
                                   general and one type reference (pt_validate) */

/*
 * 24 bytes per frame (0.6% of RAM). Links are frame numbers rather than
 * pointers to halve them, as Xen's page_list does.
 */
struct page_info {
    uint32_t next, prev;  /* free-list links, FRAME_NONE = end; valid on a free head */
    uint32_t count;       /* general references (mappings, grants) */
    uint32_t type_count;  /* validated uses of `type` */
    uint16_t owner;       /* domain id, DOMID_XEN or DOMID_INVALID */
    uint8_t  type;        /* PGT_* */
    uint8_t  order;       /* block order, valid on a PGF_HEAD frame */
    uint16_t flags;       /* PGF_* */
};

struct frame_table {
    struct page_info *frames;
    uint64_t nr_frames;
};

/*
 * Use `frames` (nr_frames entries, owned by the caller) as the table for
 * frames [0, nr_frames), all reserved and unowned.
 * Returns 0, or -EINVAL if nr_frames exceeds FRAME_NONE or frames is NULL.
 */
int frame_table_init(struct frame_table *ft, struct page_info *frames,
                     uint64_t nr_frames);

/* NULL when mfn is outside the table. */
static inline struct page_info *mfn_to_page(const struct frame_table *ft,
                                            uint64_t mfn)
{
    return mfn < ft->nr_frames ? &ft->frames[mfn] : NULL;
}

static inline uint64_t page_to_mfn(const struct frame_table *ft,
                                   const struct page_info *pg)
{
    return (uint64_t)(pg - ft->frames);
}

/*
 * Keep [start_mfn, end_mfn) for the hypervisor: reserved, owned by
 * DOMID_XEN, skipped by page_alloc_add_range(). Returns 0; -EINVAL for a
 * range outside the table or reversed; -EBUSY, changing nothing, if a
 * frame in it already belongs to the allocator (free or allocated).
 */
int frame_table_reserve(struct frame_table *ft, uint64_t start_mfn,
                        uint64_t end_mfn);

/*
 * Take a general reference to a frame owned by `owner`. False, taking
 * nothing, for another owner, an unowned frame (free, or never handed
 * out), or a count that would overflow.
 */
bool get_page(struct page_info *pg, uint16_t owner);

/*
 * Drop a general reference. Returns 1 if it was the last (the caller frees
 * the frame), 0 if others remain, or -EINVAL, changing nothing, if there
 * was none to drop or every remaining one backs a type reference.
 */
int put_page(struct page_info *pg);

/*
 * Take a reference to the frame as `type` (PGT_L1..PGT_WRITABLE); the
 * caller holds a general reference not yet backing a type reference.
 * A frame has one type at a time, which changes only when type_count is 0.
 * Returns 1 if this is the first reference of the type: the validation
 * hook, where the caller must validate the contents as `type` now and, if
 * they fail, drop the reference with put_page_type(). Returns 0 when
 * joining existing uses of the type; -EBUSY if the frame is in use as
 * another type; -EINVAL for a bad type or no spare general reference.
 */
int get_page_type(struct page_info *pg, uint8_t type);

/*
 * Drop a type reference. Returns 1 if it was the last (the frame is
 * untyped again: the caller undoes what validation set up, e.g. the
 * references a page table holds), 0 if others remain, -EINVAL if none.
 */
int put_page_type(struct page_info *pg);

/* The buddy allocator: blocks of 2^order frames, 4 KiB to 1 GiB. */
#define MAX_ORDER 18

/*
 * Caller-owned allocator state. Free blocks of each order form a doubly
 * linked list through page_info.next/prev, so a buddy is unlinked in O(1)
 * when it merges. Counters are read directly (the `m` debug key).
 */
struct page_alloc {
    struct frame_table *ft;
    void (*scrub)(void *ctx, uint64_t mfn); /* clear one frame */
    void *scrub_ctx;
    uint32_t free_head[MAX_ORDER + 1];       /* first free block, FRAME_NONE */
    uint64_t nr_free_blocks[MAX_ORDER + 1];  /* free blocks of each order */
    uint64_t nr_free_pages;                  /* frames in all free blocks */
};

/*
 * Start an allocator over ft, with nothing free. scrub(ctx, mfn) must
 * clear the frame; it is called once for every dirty frame, just before
 * the frame is handed out. Returns 0, or -EINVAL if ft or scrub is NULL.
 */
int page_alloc_init(struct page_alloc *pa, struct frame_table *ft,
                    void (*scrub)(void *ctx, uint64_t mfn), void *ctx);

/*
 * Hand the RAM [start_mfn, end_mfn) to the allocator as free, dirty
 * frames in maximal aligned blocks, merged with free neighbours. Frames
 * reserved for the hypervisor are skipped. Returns 0; -EINVAL for a range
 * outside the table or reversed; -EEXIST, changing nothing, if a frame in
 * it already belongs to the allocator.
 */
int page_alloc_add_range(struct page_alloc *pa, uint64_t start_mfn,
                         uint64_t end_mfn);

/*
 * Allocate 2^order frames for `owner` (a domain id below
 * DOMID_FIRST_RESERVED, or DOMID_XEN), every frame below max_mfn unless
 * max_mfn is 0. The frames are clean and unreferenced. Returns the first
 * frame, or INVALID_MFN if no block fits or an argument is invalid.
 */
uint64_t alloc_pages(struct page_alloc *pa, unsigned int order,
                     uint16_t owner, uint64_t max_mfn);

/*
 * Turn the allocated block [mfn, +2^order) into 2^order single-frame
 * blocks, so that each can be freed alone (a domain's frames are given
 * back one by one as their last users let go). 0, or -EINVAL, changing
 * nothing, if mfn does not start an allocated block of that order.
 */
int page_alloc_split(struct page_alloc *pa, uint64_t mfn, unsigned int order);

/*
 * Free a block exactly as allocated (first frame and order). The frames
 * become dirty and unowned. Returns 0, or, changing nothing:
 *   -EALREADY  a frame of the block is free (double free, or overlap
 *              with a free block)
 *   -EINVAL    order above MAX_ORDER, misaligned, outside the table, a
 *              reserved frame, or not the start of an allocated block of
 *              that order
 *   -EBUSY     a frame still has references
 */
int free_pages(struct page_alloc *pa, uint64_t mfn, unsigned int order);

/* Call fn for every free block, by order, in free-list order. */
void page_alloc_for_each_free(const struct page_alloc *pa,
                              void (*fn)(void *ctx, uint64_t mfn,
                                         unsigned int order),
                              void *ctx);

/*
 * Summary for the `m` debug key: total free, then blocks and pages of
 * each order that has any, one line each. Returns what snprintf would.
 */
int page_alloc_dump(const struct page_alloc *pa, char *buf, size_t len);

/*
 * Walk every frame and free list and check the invariants above, the
 * counters, and that no two free buddies are left unmerged. Returns
 * true, or false with the first problem found written to msg.
 */
bool page_alloc_check(const struct page_alloc *pa, char *msg, size_t len);

#endif
