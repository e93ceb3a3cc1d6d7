/*
 * The frame table and the reference rules of a frame, after Xen's
 * get_page/put_page and get_page_type/put_page_type.
 *
 * Invariants kept here (include/keel/mm.h states them all):
 *   - type_count <= count: a type reference needs a spare general one.
 *   - type == PGT_NONE exactly when type_count == 0, so a frame has one
 *     type at a time and changes it only when nothing uses the old one.
 *   - Only owned frames (not free, owner not DOMID_INVALID) are referenced.
 * Every function checks before it writes, so a refused call changes
 * nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel/errno.h"
#include "keel/mm.h"

int frame_table_init(struct frame_table *ft, struct page_info *frames,
                     uint64_t nr_frames)
{
    if (!frames || nr_frames > FRAME_NONE)
        return -EINVAL;
    ft->frames = frames;
    ft->nr_frames = nr_frames;
    for (uint64_t mfn = 0; mfn < nr_frames; mfn++) {
        frames[mfn] = (struct page_info){
            .next = FRAME_NONE,
            .prev = FRAME_NONE,
            .owner = DOMID_INVALID,
            .type = PGT_NONE,
            .flags = PGF_RESERVED,
        };
    }
    return 0;
}

int frame_table_reserve(struct frame_table *ft, uint64_t start_mfn,
                        uint64_t end_mfn)
{
    if (start_mfn > end_mfn || end_mfn > ft->nr_frames)
        return -EINVAL;
    for (uint64_t mfn = start_mfn; mfn < end_mfn; mfn++) {
        if (!(ft->frames[mfn].flags & PGF_RESERVED))
            return -EBUSY;
    }
    for (uint64_t mfn = start_mfn; mfn < end_mfn; mfn++)
        ft->frames[mfn].owner = DOMID_XEN;
    return 0;
}

bool get_page(struct page_info *pg, uint16_t owner)
{
    /* Free frames are unowned, so the owner test refuses them too. */
    if (owner == DOMID_INVALID || pg->owner != owner ||
        pg->count == UINT32_MAX)
        return false;
    pg->count++;
    return true;
}

int put_page(struct page_info *pg)
{
    if (pg->count == 0 || pg->count == pg->type_count)
        return -EINVAL;
    pg->count--;
    return pg->count == 0;
}

int get_page_type(struct page_info *pg, uint8_t type)
{
    if (type == PGT_NONE || type > PGT_WRITABLE)
        return -EINVAL;
    /* count > type_count also keeps type_count from overflowing. */
    if (pg->count <= pg->type_count)
        return -EINVAL;
    if (pg->type_count == 0) {
        pg->type = type;
        pg->type_count = 1;
        return 1;
    }
    if (pg->type != type)
        return -EBUSY;
    pg->type_count++;
    return 0;
}

int put_page_type(struct page_info *pg)
{
    if (pg->type_count == 0)
        return -EINVAL;
    pg->type_count--;
    if (pg->type_count > 0)
        return 0;
    pg->type = PGT_NONE;
    return 1;
}
