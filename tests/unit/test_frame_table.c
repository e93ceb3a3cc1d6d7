/*
 * Unit tests for the frame table (kernel/frame_table.c): initial state,
 * mfn/page conversion, reservation for the hypervisor, and the reference
 * rules of get_page/put_page and get_page_type/put_page_type.
 *
 * Frames are put into the states the allocator would leave them in by
 * hand (the `own` helper), so these tests need only the frame table.
 * Every refused call must leave the frame exactly as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keel/errno.h"
#include "keel/mm.h"

#define NR 64

static struct page_info frames[NR];
static struct frame_table ft;

static int setup(void **state)
{
    (void)state;
    return frame_table_init(&ft, frames, NR);
}

/* What alloc_pages leaves: an allocated frame owned by `owner`. */
static struct page_info *own(uint64_t mfn, uint16_t owner)
{
    struct page_info *pg = mfn_to_page(&ft, mfn);

    pg->flags = PGF_HEAD;
    pg->order = 0;
    pg->owner = owner;
    return pg;
}

static void assert_page_equal(const struct page_info *a,
                              const struct page_info *b)
{
    assert_int_equal(a->next, b->next);
    assert_int_equal(a->prev, b->prev);
    assert_int_equal(a->count, b->count);
    assert_int_equal(a->type_count, b->type_count);
    assert_int_equal(a->owner, b->owner);
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->order, b->order);
    assert_int_equal(a->flags, b->flags);
}

static void test_init(void **state)
{
    (void)state;
    memset(frames, 0xa5, sizeof(frames));
    assert_int_equal(frame_table_init(&ft, frames, NR), 0);
    assert_ptr_equal(ft.frames, frames);
    assert_int_equal(ft.nr_frames, NR);
    for (unsigned int i = 0; i < NR; i++) {
        assert_int_equal(frames[i].flags, PGF_RESERVED);
        assert_int_equal(frames[i].owner, DOMID_INVALID);
        assert_int_equal(frames[i].count, 0);
        assert_int_equal(frames[i].type_count, 0);
        assert_int_equal(frames[i].type, PGT_NONE);
        assert_int_equal(frames[i].next, FRAME_NONE);
        assert_int_equal(frames[i].prev, FRAME_NONE);
    }
}

static void test_init_errors(void **state)
{
    struct frame_table bad = { NULL, 0 };

    (void)state;
    assert_int_equal(frame_table_init(&bad, NULL, 1), -EINVAL);
    /* Links are 32-bit: one frame more than they can name is refused
     * before the storage is touched. */
    assert_int_equal(frame_table_init(&bad, frames, (uint64_t)FRAME_NONE + 1),
                     -EINVAL);
    assert_null(bad.frames);
    assert_int_equal(frame_table_init(&bad, frames, 0), 0);
}

static void test_mfn_page(void **state)
{
    (void)state;
    assert_ptr_equal(mfn_to_page(&ft, 0), &frames[0]);
    assert_ptr_equal(mfn_to_page(&ft, NR - 1), &frames[NR - 1]);
    assert_null(mfn_to_page(&ft, NR));
    assert_null(mfn_to_page(&ft, INVALID_MFN));
    for (uint64_t mfn = 0; mfn < NR; mfn++)
        assert_int_equal(page_to_mfn(&ft, mfn_to_page(&ft, mfn)), mfn);
}

static void test_reserve(void **state)
{
    (void)state;
    assert_int_equal(frame_table_reserve(&ft, 4, 8), 0);
    for (uint64_t mfn = 0; mfn < NR; mfn++) {
        assert_int_equal(frames[mfn].flags, PGF_RESERVED);
        assert_int_equal(frames[mfn].owner,
                         mfn >= 4 && mfn < 8 ? DOMID_XEN : DOMID_INVALID);
    }
    /* Again, and an empty range: both harmless. */
    assert_int_equal(frame_table_reserve(&ft, 4, 8), 0);
    assert_int_equal(frame_table_reserve(&ft, 9, 9), 0);
    assert_int_equal(frames[9].owner, DOMID_INVALID);
    assert_int_equal(frame_table_reserve(&ft, NR - 1, NR), 0);
    assert_int_equal(frames[NR - 1].owner, DOMID_XEN);
}

static void test_reserve_errors(void **state)
{
    struct page_info before[NR];

    (void)state;
    own(20, 1);
    frames[21].flags = PGF_FREE | PGF_DIRTY | PGF_HEAD;
    memcpy(before, frames, sizeof(frames));
    assert_int_equal(frame_table_reserve(&ft, 8, 4), -EINVAL);
    assert_int_equal(frame_table_reserve(&ft, 0, NR + 1), -EINVAL);
    assert_int_equal(frame_table_reserve(&ft, NR, NR + 1), -EINVAL);
    /* Allocated or free frames belong to the allocator: nothing changes,
     * not even the frames before them. */
    assert_int_equal(frame_table_reserve(&ft, 16, 21), -EBUSY);
    assert_int_equal(frame_table_reserve(&ft, 21, 22), -EBUSY);
    for (unsigned int i = 0; i < NR; i++)
        assert_page_equal(&frames[i], &before[i]);
}

static void test_get_put_page(void **state)
{
    struct page_info *pg = own(3, 7);

    (void)state;
    assert_true(get_page(pg, 7));
    assert_true(get_page(pg, 7));
    assert_int_equal(pg->count, 2);
    assert_int_equal(put_page(pg), 0);
    assert_int_equal(put_page(pg), 1);   /* last one: caller frees */
    assert_int_equal(pg->count, 0);
    assert_int_equal(put_page(pg), -EINVAL);
    assert_int_equal(pg->count, 0);
}

static void test_get_page_wrong_owner(void **state)
{
    struct page_info *pg = own(3, 7);

    (void)state;
    assert_false(get_page(pg, 8));
    assert_false(get_page(pg, DOMID_XEN));
    assert_int_equal(pg->count, 0);
    /* Unowned frames (never given out, or free) cannot be referenced,
     * not even by asking for DOMID_INVALID. */
    assert_false(get_page(&frames[5], DOMID_INVALID));
    frames[6].flags = PGF_FREE | PGF_DIRTY | PGF_HEAD;
    assert_false(get_page(&frames[6], DOMID_INVALID));
    assert_int_equal(frames[5].count + frames[6].count, 0);
}

static void test_get_page_reserved_for_xen(void **state)
{
    (void)state;
    assert_int_equal(frame_table_reserve(&ft, 10, 11), 0);
    assert_true(get_page(&frames[10], DOMID_XEN));
    assert_false(get_page(&frames[10], 0));
    assert_int_equal(put_page(&frames[10]), 1);
}

static void test_get_page_overflow(void **state)
{
    struct page_info *pg = own(3, 7);

    (void)state;
    pg->count = UINT32_MAX - 1;
    assert_true(get_page(pg, 7));
    assert_int_equal(pg->count, UINT32_MAX);
    assert_false(get_page(pg, 7));
    assert_int_equal(pg->count, UINT32_MAX);
    assert_int_equal(put_page(pg), 0);
    assert_int_equal(pg->count, UINT32_MAX - 1);
}

static void test_page_type_basic(void **state)
{
    struct page_info *pg = own(3, 7);

    (void)state;
    assert_true(get_page(pg, 7));
    assert_true(get_page(pg, 7));
    assert_int_equal(get_page_type(pg, PGT_L1), 1);   /* first: validate */
    assert_int_equal(pg->type, PGT_L1);
    assert_int_equal(get_page_type(pg, PGT_L1), 0);   /* joins */
    assert_int_equal(pg->type_count, 2);
    assert_int_equal(put_page_type(pg), 0);
    assert_int_equal(put_page_type(pg), 1);           /* last: devalidate */
    assert_int_equal(pg->type, PGT_NONE);
    assert_int_equal(pg->type_count, 0);
    assert_int_equal(put_page_type(pg), -EINVAL);
    assert_int_equal(pg->type_count, 0);
}

/* Xen's rule: one type at a time, changed only when nothing uses it. */
static void test_page_type_exclusive(void **state)
{
    struct page_info *pg = own(3, 7);

    (void)state;
    assert_true(get_page(pg, 7));
    assert_true(get_page(pg, 7));
    assert_int_equal(get_page_type(pg, PGT_WRITABLE), 1);
    for (uint8_t t = PGT_L1; t <= PGT_SEG_DESC; t++)
        assert_int_equal(get_page_type(pg, t), -EBUSY);
    assert_int_equal(pg->type, PGT_WRITABLE);
    assert_int_equal(pg->type_count, 1);
    assert_int_equal(put_page_type(pg), 1);
    assert_int_equal(get_page_type(pg, PGT_L4), 1);
    assert_int_equal(get_page_type(pg, PGT_WRITABLE), -EBUSY);
    assert_int_equal(pg->type, PGT_L4);
}

static void test_page_type_bad_type(void **state)
{
    struct page_info *pg = own(3, 7);

    (void)state;
    assert_true(get_page(pg, 7));
    assert_int_equal(get_page_type(pg, PGT_NONE), -EINVAL);
    assert_int_equal(get_page_type(pg, PGT_WRITABLE + 1), -EINVAL);
    assert_int_equal(get_page_type(pg, 0xff), -EINVAL);
    assert_int_equal(pg->type_count, 0);
    assert_int_equal(pg->type, PGT_NONE);
}

/* Each type reference needs a general one behind it, so neither count
 * can be dropped below the other, and type_count cannot overflow. */
static void test_page_type_needs_general_ref(void **state)
{
    struct page_info *pg = own(3, 7);

    (void)state;
    assert_int_equal(get_page_type(pg, PGT_L2), -EINVAL);
    assert_true(get_page(pg, 7));
    assert_int_equal(get_page_type(pg, PGT_L2), 1);
    assert_int_equal(get_page_type(pg, PGT_L2), -EINVAL);
    assert_int_equal(pg->type_count, 1);
    assert_int_equal(put_page(pg), -EINVAL);
    assert_int_equal(pg->count, 1);
    assert_int_equal(put_page_type(pg), 1);
    assert_int_equal(put_page(pg), 1);

    pg->count = UINT32_MAX;
    pg->type_count = UINT32_MAX - 1;
    pg->type = PGT_L1;
    assert_int_equal(get_page_type(pg, PGT_L1), 0);
    assert_int_equal(get_page_type(pg, PGT_L1), -EINVAL);
    assert_int_equal(pg->type_count, UINT32_MAX);
}

/* The validation hook: a failed validation undoes the first reference. */
static void test_page_type_failed_validation(void **state)
{
    struct page_info *pg = own(3, 7);

    (void)state;
    assert_true(get_page(pg, 7));
    assert_int_equal(get_page_type(pg, PGT_L3), 1);
    /* ... the caller finds the contents are not a valid L3 ... */
    assert_int_equal(put_page_type(pg), 1);
    assert_int_equal(pg->type, PGT_NONE);
    assert_int_equal(get_page_type(pg, PGT_WRITABLE), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_init_errors),
        cmocka_unit_test_setup(test_mfn_page, setup),
        cmocka_unit_test_setup(test_reserve, setup),
        cmocka_unit_test_setup(test_reserve_errors, setup),
        cmocka_unit_test_setup(test_get_put_page, setup),
        cmocka_unit_test_setup(test_get_page_wrong_owner, setup),
        cmocka_unit_test_setup(test_get_page_reserved_for_xen, setup),
        cmocka_unit_test_setup(test_get_page_overflow, setup),
        cmocka_unit_test_setup(test_page_type_basic, setup),
        cmocka_unit_test_setup(test_page_type_exclusive, setup),
        cmocka_unit_test_setup(test_page_type_bad_type, setup),
        cmocka_unit_test_setup(test_page_type_needs_general_ref, setup),
        cmocka_unit_test_setup(test_page_type_failed_validation, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
