/*
 * Unit tests for the buddy allocator (kernel/page_alloc.c).
 *
 * Each test owns a fixture: a frame table of its chosen size, the
 * allocator, and a record of every scrub call. After every call that
 * changes state, page_alloc_check() must pass; after every refused call,
 * the free lists, counters and frames must be exactly as before.
 * Free-list states are compared as text, "mfn/order" per block in
 * page_alloc_for_each_free() order (by order, then list order: the most
 * recently freed block first).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keel/errno.h"
#include "keel/mm.h"

#define NO_OWNER 0xffff   /* the stress test's shadow: frame not allocated */

struct fixture {
    struct page_info *frames;
    struct frame_table ft;
    struct page_alloc pa;
    uint32_t *scrubs;         /* scrub calls per frame */
    uint64_t nr_scrubs;
    struct page_info *saved;  /* snapshot for "nothing changed" */
    struct page_alloc saved_pa;
};

/* Every scrub must be of a frame that is dirty, at that moment. */
static void scrub(void *ctx, uint64_t mfn)
{
    struct fixture *f = ctx;

    assert_true(mfn < f->ft.nr_frames);
    assert_true(f->frames[mfn].flags & PGF_DIRTY);
    f->scrubs[mfn]++;
    f->nr_scrubs++;
}

static struct fixture *fx_new(void **state, uint64_t nr)
{
    struct fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    *state = f;
    f->frames = calloc(nr, sizeof(*f->frames));
    f->saved = calloc(nr, sizeof(*f->saved));
    f->scrubs = calloc(nr, sizeof(*f->scrubs));
    assert_true(f->frames && f->saved && f->scrubs);
    assert_int_equal(frame_table_init(&f->ft, f->frames, nr), 0);
    assert_int_equal(page_alloc_init(&f->pa, &f->ft, scrub, f), 0);
    return f;
}

static int fx_teardown(void **state)
{
    struct fixture *f = *state;

    if (f) {
        free(f->frames);
        free(f->saved);
        free(f->scrubs);
        free(f);
    }
    return 0;
}

static void check(struct fixture *f)
{
    char msg[160];

    if (!page_alloc_check(&f->pa, msg, sizeof(msg)))
        fail_msg("page_alloc_check: %s", msg);
}

static void save(struct fixture *f)
{
    memcpy(f->saved, f->frames, f->ft.nr_frames * sizeof(*f->frames));
    f->saved_pa = f->pa;
}

static void assert_unchanged(struct fixture *f)
{
    assert_memory_equal(f->saved, f->frames,
                        f->ft.nr_frames * sizeof(*f->frames));
    assert_memory_equal(&f->saved_pa, &f->pa, sizeof(f->pa));
    check(f);
}

struct text {
    char buf[4096];
    size_t len;
};

static void add_block(void *ctx, uint64_t mfn, unsigned int order)
{
    struct text *t = ctx;

    t->len += (size_t)snprintf(t->buf + t->len, sizeof(t->buf) - t->len,
                               "%s%llu/%u", t->len ? " " : "",
                               (unsigned long long)mfn, order);
    assert_true(t->len < sizeof(t->buf));
}

/* Checks the allocator and that its free lists read `want`. */
static void assert_free_lists(struct fixture *f, const char *want)
{
    struct text t = { .len = 0 };

    check(f);
    t.buf[0] = '\0';
    page_alloc_for_each_free(&f->pa, add_block, &t);
    assert_string_equal(t.buf, want);
}

static uint64_t alloc_ok(struct fixture *f, unsigned int order, uint16_t owner)
{
    uint64_t mfn = alloc_pages(&f->pa, order, owner, 0);

    assert_int_not_equal(mfn, INVALID_MFN);
    check(f);
    return mfn;
}

static void free_ok(struct fixture *f, uint64_t mfn, unsigned int order)
{
    assert_int_equal(free_pages(&f->pa, mfn, order), 0);
    check(f);
}

static void assert_frame(struct fixture *f, uint64_t mfn, uint16_t flags,
                         uint16_t owner)
{
    assert_int_equal(f->frames[mfn].flags, flags);
    assert_int_equal(f->frames[mfn].owner, owner);
}

static void test_init_empty(void **state)
{
    struct fixture *f = fx_new(state, 16);
    char buf[64];

    assert_free_lists(f, "");
    assert_int_equal(f->pa.nr_free_pages, 0);
    assert_int_equal(alloc_pages(&f->pa, 0, 1, 0), INVALID_MFN);
    page_alloc_dump(&f->pa, buf, sizeof(buf));
    assert_string_equal(buf, "free: 0 pages (0 KiB)\n");
}

static void test_init_errors(void **state)
{
    struct fixture *f = fx_new(state, 16);
    struct page_alloc pa;

    assert_int_equal(page_alloc_init(&pa, NULL, scrub, f), -EINVAL);
    assert_int_equal(page_alloc_init(&pa, &f->ft, NULL, f), -EINVAL);
}

static void test_add_range_aligned(void **state)
{
    struct fixture *f = fx_new(state, 16);

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 16), 0);
    assert_free_lists(f, "0/4");
    assert_int_equal(f->pa.nr_free_pages, 16);
    assert_int_equal(f->pa.nr_free_blocks[4], 1);
    assert_frame(f, 0, PGF_FREE | PGF_DIRTY | PGF_HEAD, DOMID_INVALID);
    for (uint64_t mfn = 1; mfn < 16; mfn++)
        assert_frame(f, mfn, PGF_FREE | PGF_DIRTY, DOMID_INVALID);
    assert_int_equal(f->nr_scrubs, 0);   /* scrubbing waits for allocation */
}

static void test_add_range_unaligned(void **state)
{
    struct fixture *f = fx_new(state, 64);

    assert_int_equal(page_alloc_add_range(&f->pa, 3, 29), 0);
    assert_free_lists(f, "28/0 3/0 24/2 4/2 16/3 8/3");
    assert_int_equal(f->pa.nr_free_pages, 26);
    for (uint64_t mfn = 0; mfn < 64; mfn++) {
        if (mfn < 3 || mfn >= 29)
            assert_frame(f, mfn, PGF_RESERVED, DOMID_INVALID);
    }
}

/* Ranges added apart merge as if added at once. */
static void test_add_range_merges(void **state)
{
    struct fixture *f = fx_new(state, 32);

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 4), 0);
    assert_int_equal(page_alloc_add_range(&f->pa, 8, 16), 0);
    assert_free_lists(f, "0/2 8/3");
    assert_int_equal(page_alloc_add_range(&f->pa, 4, 8), 0);
    assert_free_lists(f, "0/4");
    /* 16..19 and 20..23 are buddies, 20..23 and 24..27 are not. */
    assert_int_equal(page_alloc_add_range(&f->pa, 20, 28), 0);
    assert_free_lists(f, "24/2 20/2 0/4");
    assert_int_equal(page_alloc_add_range(&f->pa, 16, 20), 0);
    assert_free_lists(f, "24/2 16/3 0/4");
    assert_int_equal(page_alloc_add_range(&f->pa, 28, 32), 0);
    assert_free_lists(f, "0/5");
}

/* Frames kept for the hypervisor inside a RAM range are skipped, and the
 * blocks next to them never merge across them. */
static void test_add_range_next_to_reserved(void **state)
{
    struct fixture *f = fx_new(state, 32);
    uint64_t got = 0;

    assert_int_equal(frame_table_reserve(&f->ft, 10, 13), 0);
    assert_int_equal(page_alloc_add_range(&f->pa, 0, 32), 0);
    assert_free_lists(f, "13/0 14/1 8/1 0/3 16/4");
    for (uint64_t mfn = 10; mfn < 13; mfn++)
        assert_frame(f, mfn, PGF_RESERVED, DOMID_XEN);

    for (uint64_t mfn; (mfn = alloc_pages(&f->pa, 0, 1, 0)) != INVALID_MFN;) {
        assert_true(mfn < 10 || mfn >= 13);
        got++;
    }
    check(f);
    assert_int_equal(got, 29);
    for (uint64_t mfn = 0; mfn < 32; mfn++) {
        if (mfn < 10 || mfn >= 13)
            assert_int_equal(free_pages(&f->pa, mfn, 0), 0);
    }
    assert_free_lists(f, "13/0 14/1 8/1 0/3 16/4");
}

static void test_add_range_errors(void **state)
{
    struct fixture *f = fx_new(state, 32);
    uint64_t mfn;

    assert_int_equal(page_alloc_add_range(&f->pa, 8, 16), 0);
    mfn = alloc_ok(f, 0, 1);
    save(f);
    assert_int_equal(page_alloc_add_range(&f->pa, 5, 4), -EINVAL);
    assert_int_equal(page_alloc_add_range(&f->pa, 0, 33), -EINVAL);
    assert_int_equal(page_alloc_add_range(&f->pa, 33, 34), -EINVAL);
    /* Overlapping free or allocated frames: nothing is added, not even
     * the new frames in front of them. */
    assert_int_equal(page_alloc_add_range(&f->pa, 0, 9), -EEXIST);
    assert_int_equal(page_alloc_add_range(&f->pa, 15, 20), -EEXIST);
    assert_int_equal(page_alloc_add_range(&f->pa, mfn, mfn + 1), -EEXIST);
    assert_int_equal(page_alloc_add_range(&f->pa, 4, 4), 0);
    assert_int_equal(page_alloc_add_range(&f->pa, 32, 32), 0);
    assert_unchanged(f);
}

/* Exact free lists through a sequence of splits and merges. */
static void test_split_merge(void **state)
{
    struct fixture *f = fx_new(state, 16);

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 16), 0);
    assert_int_equal(alloc_ok(f, 0, 1), 0);
    assert_free_lists(f, "1/0 2/1 4/2 8/3");
    assert_int_equal(alloc_ok(f, 1, 1), 2);
    assert_free_lists(f, "1/0 4/2 8/3");
    assert_int_equal(alloc_ok(f, 0, 1), 1);
    assert_free_lists(f, "4/2 8/3");
    assert_int_equal(alloc_ok(f, 2, 1), 4);
    assert_free_lists(f, "8/3");
    assert_int_equal(alloc_ok(f, 0, 1), 8);
    assert_free_lists(f, "9/0 10/1 12/2");

    free_ok(f, 1, 0);
    assert_free_lists(f, "1/0 9/0 10/1 12/2");
    free_ok(f, 0, 0);
    assert_free_lists(f, "9/0 0/1 10/1 12/2");
    free_ok(f, 4, 2);
    assert_free_lists(f, "9/0 0/1 10/1 4/2 12/2");
    free_ok(f, 2, 1);
    assert_free_lists(f, "9/0 10/1 12/2 0/3");
    free_ok(f, 8, 0);
    assert_free_lists(f, "0/4");
    assert_int_equal(f->pa.nr_free_pages, 16);
}

/* A domain's block, split so that each frame goes back alone, in any order. */
static void test_split_allocated_block(void **state)
{
    struct fixture *f = fx_new(state, 16);

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 16), 0);
    assert_int_equal(alloc_ok(f, 2, 1), 0);
    save(f);
    assert_int_equal(page_alloc_split(&f->pa, 0, 1), -EINVAL);  /* wrong order */
    assert_int_equal(page_alloc_split(&f->pa, 1, 0), -EINVAL);  /* not a head */
    assert_int_equal(page_alloc_split(&f->pa, 4, 2), -EINVAL);  /* free */
    assert_int_equal(page_alloc_split(&f->pa, 99, 0), -EINVAL); /* outside */
    assert_unchanged(f);
    assert_int_equal(page_alloc_split(&f->pa, 0, 2), 0);
    check(f);
    for (uint64_t i = 0; i < 4; i++)
        assert_frame(f, i, PGF_HEAD, 1);
    assert_int_equal(free_pages(&f->pa, 0, 2), -EINVAL); /* no longer one block */
    free_ok(f, 2, 0);
    free_ok(f, 0, 0);
    free_ok(f, 3, 0);
    assert_free_lists(f, "0/0 2/1 4/2 8/3");
    free_ok(f, 1, 0);
    assert_free_lists(f, "0/4");
}

/* The block handed out: owner, flags, order; its frames all alike. */
static void test_alloc_block_state(void **state)
{
    struct fixture *f = fx_new(state, 16);
    uint64_t mfn;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 16), 0);
    mfn = alloc_ok(f, 2, 5);
    assert_frame(f, mfn, PGF_HEAD, 5);
    assert_int_equal(f->frames[mfn].order, 2);
    for (uint64_t i = mfn + 1; i < mfn + 4; i++)
        assert_frame(f, i, 0, 5);
    for (uint64_t i = mfn; i < mfn + 4; i++) {
        assert_int_equal(f->frames[i].count, 0);
        assert_int_equal(f->frames[i].type_count, 0);
        assert_int_equal(f->frames[i].type, PGT_NONE);
    }
    free_ok(f, mfn, 2);
    for (uint64_t i = mfn; i < mfn + 4; i++)
        assert_int_equal(f->frames[i].flags & ~PGF_HEAD, PGF_FREE | PGF_DIRTY);
}

static void test_owner(void **state)
{
    struct fixture *f = fx_new(state, 16);
    static const uint16_t bad[] = {
        DOMID_INVALID, DOMID_FIRST_RESERVED, 0x7ff1, 0x7ff3, 0xffff,
    };
    uint64_t a, b;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 16), 0);
    save(f);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(alloc_pages(&f->pa, 0, bad[i], 0), INVALID_MFN);
    assert_unchanged(f);
    assert_int_equal(f->nr_scrubs, 0);

    a = alloc_ok(f, 1, 0);
    b = alloc_ok(f, 1, DOMID_XEN);
    assert_int_equal(f->frames[a].owner, 0);
    assert_int_equal(f->frames[a + 1].owner, 0);
    assert_int_equal(f->frames[b + 1].owner, DOMID_XEN);
    assert_true(get_page(&f->frames[a + 1], 0));
    assert_false(get_page(&f->frames[b], 0));
    assert_int_equal(put_page(&f->frames[a + 1]), 1);
    free_ok(f, a, 1);
    assert_int_equal(f->frames[a].owner, DOMID_INVALID);
    assert_int_equal(f->frames[a + 1].owner, DOMID_INVALID);
    assert_false(get_page(&f->frames[a], 0));
}

/* Allocate until nothing is left: every frame once, counters at zero. */
static void test_exhaustion(void **state)
{
    struct fixture *f = fx_new(state, 100);
    bool seen[100] = { false };
    uint64_t got = 0;

    assert_int_equal(page_alloc_add_range(&f->pa, 1, 100), 0);
    for (unsigned int order = MAX_ORDER + 1; order-- > 0;) {
        uint64_t mfn;

        while ((mfn = alloc_pages(&f->pa, order, 2, 0)) != INVALID_MFN) {
            for (uint64_t i = mfn; i < mfn + (1u << order); i++) {
                assert_false(seen[i]);
                seen[i] = true;
            }
            got += 1u << order;
            assert_int_equal(f->pa.nr_free_pages, 99 - got);
            check(f);
        }
    }
    assert_int_equal(got, 99);
    assert_false(seen[0]);
    assert_free_lists(f, "");
    for (unsigned int o = 0; o <= MAX_ORDER; o++)
        assert_int_equal(f->pa.nr_free_blocks[o], 0);
    save(f);
    assert_int_equal(alloc_pages(&f->pa, 0, 2, 0), INVALID_MFN);
    assert_unchanged(f);
}

static void test_double_free(void **state)
{
    struct fixture *f = fx_new(state, 32);
    uint64_t a, b;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 32), 0);
    a = alloc_ok(f, 2, 1);
    b = alloc_ok(f, 2, 1);
    free_ok(f, a, 2);
    save(f);
    assert_int_equal(free_pages(&f->pa, a, 2), -EALREADY);
    assert_int_equal(free_pages(&f->pa, a + 1, 0), -EALREADY);
    assert_int_equal(free_pages(&f->pa, a, 0), -EALREADY);
    /* b is allocated, but the order-3 block around it overlaps a. */
    assert_int_equal(free_pages(&f->pa, a & ~7ull, 3), -EALREADY);
    assert_unchanged(f);
    free_ok(f, b, 2);
    assert_int_equal(free_pages(&f->pa, b, 2), -EALREADY);
    assert_free_lists(f, "0/5");
}

static void test_free_wrong_order(void **state)
{
    struct fixture *f = fx_new(state, 32);
    uint64_t a, b;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 32), 0);
    a = alloc_ok(f, 2, 1);
    b = alloc_ok(f, 2, 1);
    assert_int_equal(a ^ b, 4);   /* buddies, both allocated */
    save(f);
    assert_int_equal(free_pages(&f->pa, a, 1), -EINVAL);
    assert_int_equal(free_pages(&f->pa, a, 0), -EINVAL);
    assert_int_equal(free_pages(&f->pa, a + 2, 1), -EINVAL);
    assert_int_equal(free_pages(&f->pa, a & ~7ull, 3), -EINVAL);
    assert_unchanged(f);
    free_ok(f, a, 2);
    free_ok(f, b, 2);
    assert_free_lists(f, "0/5");
}

static void test_free_misaligned_or_outside(void **state)
{
    struct fixture *f = fx_new(state, 32);
    uint64_t a;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 32), 0);
    a = alloc_ok(f, 3, 1);
    save(f);
    assert_int_equal(free_pages(&f->pa, a + 1, 0), -EINVAL);  /* interior */
    assert_int_equal(free_pages(&f->pa, a + 2, 2), -EINVAL);  /* misaligned */
    assert_int_equal(free_pages(&f->pa, a + 4, 3), -EINVAL);
    assert_int_equal(free_pages(&f->pa, 32, 0), -EINVAL);
    assert_int_equal(free_pages(&f->pa, INVALID_MFN, 0), -EINVAL);
    assert_int_equal(free_pages(&f->pa, 0, 6), -EINVAL);      /* past end */
    assert_int_equal(free_pages(&f->pa, 0, MAX_ORDER + 1), -EINVAL);
    assert_int_equal(free_pages(&f->pa, 0, ~0u), -EINVAL);
    assert_unchanged(f);
}

static void test_free_reserved(void **state)
{
    struct fixture *f = fx_new(state, 32);

    assert_int_equal(frame_table_reserve(&f->ft, 20, 21), 0);
    assert_int_equal(page_alloc_add_range(&f->pa, 8, 32), 0);
    save(f);
    assert_int_equal(free_pages(&f->pa, 0, 0), -EINVAL);    /* never RAM */
    assert_int_equal(free_pages(&f->pa, 4, 2), -EINVAL);
    assert_int_equal(free_pages(&f->pa, 20, 0), -EINVAL);   /* hypervisor's */
    assert_unchanged(f);
}

static void test_free_referenced(void **state)
{
    struct fixture *f = fx_new(state, 16);
    uint64_t a;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 16), 0);
    a = alloc_ok(f, 1, 3);
    assert_true(get_page(&f->frames[a + 1], 3));
    assert_int_equal(get_page_type(&f->frames[a + 1], PGT_WRITABLE), 1);
    save(f);
    assert_int_equal(free_pages(&f->pa, a, 1), -EBUSY);
    assert_unchanged(f);
    assert_int_equal(put_page_type(&f->frames[a + 1]), 1);
    assert_int_equal(free_pages(&f->pa, a, 1), -EBUSY);
    assert_int_equal(put_page(&f->frames[a + 1]), 1);
    free_ok(f, a, 1);
}

static void test_max_mfn(void **state)
{
    struct fixture *f = fx_new(state, 64);
    uint64_t mfn;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 32), 0);
    assert_int_equal(page_alloc_add_range(&f->pa, 48, 52), 0);
    assert_int_equal(alloc_ok(f, 0, 1), 48);   /* smallest fit first */
    assert_free_lists(f, "49/0 50/1 0/5");
    mfn = alloc_pages(&f->pa, 0, 1, 16);
    assert_int_equal(mfn, 0);
    check(f);
    assert_free_lists(f, "1/0 49/0 2/1 50/1 4/2 8/3 16/4");

    /* The block must end by max_mfn, not just start below it. */
    save(f);
    assert_int_equal(alloc_pages(&f->pa, 2, 1, 7), INVALID_MFN);
    assert_int_equal(alloc_pages(&f->pa, 0, 1, 1), INVALID_MFN);
    assert_unchanged(f);
    assert_int_equal(alloc_pages(&f->pa, 2, 1, 8), 4);
    assert_int_equal(alloc_pages(&f->pa, 0, 1, 2), 1);
    assert_int_equal(alloc_pages(&f->pa, 1, 1, 51), 2);
    check(f);
    /* max_mfn beyond the table is no constraint. */
    assert_int_equal(alloc_pages(&f->pa, 1, 1, ~0ull), 50);
    check(f);
}

/* Scrubbed exactly once per dirty spell: at allocation, never at free or
 * add, never a frame already handed out, never on a failed allocation. */
static void test_scrub(void **state)
{
    struct fixture *f = fx_new(state, 16);
    uint64_t a, b;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 16), 0);
    a = alloc_ok(f, 0, 1);
    assert_int_equal(f->nr_scrubs, 1);
    assert_int_equal(f->scrubs[a], 1);
    b = alloc_ok(f, 3, 1);
    assert_int_equal(f->nr_scrubs, 9);
    for (uint64_t i = b; i < b + 8; i++)
        assert_int_equal(f->scrubs[i], 1);
    for (uint64_t i = 0; i < 16; i++) {
        assert_false(f->frames[i].flags & PGF_DIRTY &&
                     !(f->frames[i].flags & PGF_FREE));
    }
    free_ok(f, a, 0);
    assert_int_equal(f->nr_scrubs, 9);
    assert_true(f->frames[a].flags & PGF_DIRTY);
    /* a merged back into 0..7, whose first frame it is: scrubbed again,
     * its neighbours for the first time only when they are handed out. */
    assert_int_equal(alloc_ok(f, 0, 2), a);
    assert_int_equal(f->scrubs[a], 2);
    assert_int_equal(f->nr_scrubs, 10);
    assert_int_equal(alloc_pages(&f->pa, 3, 1, 0), INVALID_MFN);
    assert_int_equal(f->nr_scrubs, 10);
    for (uint64_t i = b; i < b + 8; i++)
        assert_int_equal(f->scrubs[i], 1);
}

/* Order-18 blocks (1 GiB) are the largest: two never merge. */
static void test_max_order(void **state)
{
    const uint64_t big = 1ull << MAX_ORDER;
    struct fixture *f = fx_new(state, 2 * big + 5);
    char want[64];
    uint64_t a;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 2 * big + 5), 0);
    snprintf(want, sizeof(want), "%llu/0 %llu/2 %llu/18 0/18",
             (unsigned long long)(2 * big + 4), (unsigned long long)(2 * big),
             (unsigned long long)big);
    assert_free_lists(f, want);
    assert_int_equal(alloc_pages(&f->pa, MAX_ORDER + 1, 1, 0), INVALID_MFN);
    a = alloc_ok(f, MAX_ORDER, 1);
    assert_int_equal(a, big);
    assert_int_equal(f->nr_scrubs, big);
    assert_int_equal(f->frames[a].order, MAX_ORDER);
    free_ok(f, a, MAX_ORDER);
    assert_free_lists(f, want);
}

static void test_dump(void **state)
{
    struct fixture *f = fx_new(state, 64);
    static const char want[] =
        "free: 27 pages (108 KiB)\n"
        "  order  0: 1 blocks, 1 pages\n"
        "  order  1: 1 blocks, 2 pages\n"
        "  order  3: 1 blocks, 8 pages\n"
        "  order  4: 1 blocks, 16 pages\n";
    char buf[sizeof(want)], small[10];

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 30), 0);
    assert_int_equal(alloc_ok(f, 0, 1), 28);
    assert_int_equal(alloc_ok(f, 1, 1), 24);
    assert_int_equal(page_alloc_dump(&f->pa, buf, sizeof(buf)),
                     (int)strlen(want));
    assert_string_equal(buf, want);
    /* Cut short: NUL-terminated, length still the full one. */
    memset(small, 'x', sizeof(small));
    assert_int_equal(page_alloc_dump(&f->pa, small, sizeof(small)),
                     (int)strlen(want));
    assert_string_equal(small, "free: 27 ");
    assert_int_equal(page_alloc_dump(&f->pa, NULL, 0), (int)strlen(want));
}

/* The checker itself: each kind of damage is reported. */
static void expect_damage(struct fixture *f, const char *what)
{
    char msg[160];

    msg[0] = '\0';
    assert_false(page_alloc_check(&f->pa, msg, sizeof(msg)));
    if (!strstr(msg, what))
        fail_msg("expected \"%s\" in \"%s\"", what, msg);
    memcpy(f->frames, f->saved, f->ft.nr_frames * sizeof(*f->frames));
    f->pa = f->saved_pa;
    check(f);
}

static void test_check_detects_damage(void **state)
{
    struct fixture *f = fx_new(state, 32);
    uint64_t a;

    assert_int_equal(page_alloc_add_range(&f->pa, 0, 32), 0);
    a = alloc_ok(f, 0, 1);
    save(f);

    f->pa.nr_free_pages++;
    expect_damage(f, "counter");
    f->pa.nr_free_blocks[4]++;
    expect_damage(f, "blocks, counter");
    f->frames[5].flags &= ~PGF_FREE;         /* interior of a free block */
    expect_damage(f, "mfn 0x5");
    f->frames[a].flags |= PGF_DIRTY;         /* allocated yet dirty */
    expect_damage(f, "allocated");
    f->frames[16].owner = 3;                 /* free yet owned */
    expect_damage(f, "free, owner");
    f->frames[a].type_count = 1;             /* type ref without count */
    expect_damage(f, "type_count");
    f->frames[31].flags = PGF_RESERVED;      /* reserved inside a block */
    expect_damage(f, "reserved inside");
    f->frames[16].next = 16;                 /* a loop in list 4 */
    expect_damage(f, "order 4 list");
    /* Split the order-4 block into two unmerged order-3 buddies. */
    f->frames[16].order = 3;
    f->frames[24].flags |= PGF_HEAD;
    f->frames[24].order = 3;
    f->frames[24].prev = FRAME_NONE;
    f->frames[24].next = 16;
    f->frames[16].prev = 24;
    f->frames[16].next = 8;
    f->frames[8].prev = 16;
    f->pa.free_head[3] = 24;
    f->pa.nr_free_blocks[3] = 3;
    f->pa.free_head[4] = FRAME_NONE;
    f->pa.nr_free_blocks[4] = 0;
    expect_damage(f, "free buddies");
}

/* xorshift64*: a fixed, portable sequence. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dull;
}

struct live {
    uint64_t mfn;
    unsigned int order;
};

struct stress {
    struct fixture *f;
    uint16_t *owner;      /* shadow: who the test thinks owns each frame */
    bool *ram;            /* frames handed to the allocator */
    struct live *live;
    size_t nr_live;
    uint64_t nr_ram, nr_allocated;
    uint64_t seed;
};

/* Whether a free block could have served (order, max_mfn). */
struct fit {
    unsigned int order;
    uint64_t max_mfn;
    bool found;
};

static void find_fit(void *ctx, uint64_t mfn, unsigned int order)
{
    struct fit *fit = ctx;

    if (order >= fit->order &&
        (!fit->max_mfn || mfn + (1ull << fit->order) <= fit->max_mfn))
        fit->found = true;
}

static bool stress_alloc(struct stress *s, unsigned int order,
                         uint64_t max_mfn)
{
    struct fixture *f = s->f;
    uint16_t owner = (uint16_t)(rnd(&s->seed) % 4);
    uint64_t mfn = alloc_pages(&f->pa, order, owner, max_mfn);

    if (mfn == INVALID_MFN) {
        struct fit fit = { order, max_mfn, false };

        page_alloc_for_each_free(&f->pa, find_fit, &fit);
        assert_false(fit.found);
        return false;
    }
    assert_int_equal(mfn & ((1ull << order) - 1), 0);
    assert_true(!max_mfn || mfn + (1ull << order) <= max_mfn);
    for (uint64_t i = mfn; i < mfn + (1ull << order); i++) {
        assert_true(i < f->ft.nr_frames && s->ram[i]);
        assert_int_equal(s->owner[i], NO_OWNER);   /* never twice */
        s->owner[i] = owner;
        assert_int_equal(f->frames[i].owner, owner);
        assert_int_equal(f->scrubs[i], 1);          /* every free frame was dirty */
        f->scrubs[i] = 0;
    }
    s->live[s->nr_live++] = (struct live){ mfn, order };
    s->nr_allocated += 1ull << order;
    return true;
}

static void stress_free(struct stress *s, size_t idx)
{
    struct fixture *f = s->f;
    struct live l = s->live[idx];

    assert_int_equal(free_pages(&f->pa, l.mfn, l.order), 0);
    for (uint64_t i = l.mfn; i < l.mfn + (1ull << l.order); i++) {
        assert_int_not_equal(s->owner[i], NO_OWNER);
        s->owner[i] = NO_OWNER;
    }
    s->live[idx] = s->live[--s->nr_live];
    s->nr_allocated -= 1ull << l.order;
    /* Freeing it again, or with the wrong order, is refused. */
    save(f);
    assert_int_equal(free_pages(&f->pa, l.mfn, l.order), -EALREADY);
    assert_true(free_pages(&f->pa, l.mfn, l.order + 1) < 0);
    assert_unchanged(f);
}

static void stress_invariants(struct stress *s)
{
    check(s->f);
    assert_int_equal(s->f->pa.nr_free_pages, s->nr_ram - s->nr_allocated);
}

/* Mostly small orders, now and then a large one. */
static unsigned int random_order(uint64_t *seed)
{
    uint64_t r = rnd(seed);

    return r % 8 ? (unsigned int)(r >> 8) % 4 : (unsigned int)(r >> 8) % 10;
}

struct sorted {
    struct live blocks[512];
    size_t n;
};

static void collect(void *ctx, uint64_t mfn, unsigned int order)
{
    struct sorted *b = ctx;

    assert_true(b->n < 512);
    b->blocks[b->n++] = (struct live){ mfn, order };
}

static int by_mfn(const void *a, const void *b)
{
    const struct live *x = a, *y = b;

    return x->mfn < y->mfn ? -1 : x->mfn > y->mfn;
}

static void sorted_blocks(struct fixture *f, struct sorted *out)
{
    out->n = 0;
    page_alloc_for_each_free(&f->pa, collect, out);
    qsort(out->blocks, out->n, sizeof(out->blocks[0]), by_mfn);
}

#define STRESS_FRAMES 3000
#define STRESS_STEPS  6000

/*
 * RAM in odd pieces with hypervisor frames inside; random allocations
 * (some below a random max_mfn) and frees with every invariant checked
 * after each step; then everything allocated, then everything freed in a
 * random order, which must leave the same maximal blocks as at the start.
 */
static void stress(void **state, uint64_t seed)
{
    static const uint64_t ranges[][2] = {
        { 1, 700 }, { 700, 701 }, { 1023, 2049 }, { 2100, 2999 },
    };
    struct fixture *f = fx_new(state, STRESS_FRAMES);
    struct stress s = { .f = f, .seed = seed };
    struct sorted start, end;

    s.owner = malloc(STRESS_FRAMES * sizeof(*s.owner));
    s.ram = calloc(STRESS_FRAMES, sizeof(*s.ram));
    s.live = malloc(STRESS_FRAMES * sizeof(*s.live));
    assert_true(s.owner && s.ram && s.live);
    memset(s.owner, 0xff, STRESS_FRAMES * sizeof(*s.owner));

    assert_int_equal(frame_table_reserve(&f->ft, 1500, 1537), 0);
    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
        assert_int_equal(page_alloc_add_range(&f->pa, ranges[i][0],
                                              ranges[i][1]), 0);
        for (uint64_t m = ranges[i][0]; m < ranges[i][1]; m++)
            s.ram[m] = m < 1500 || m >= 1537;
    }
    for (uint64_t m = 0; m < STRESS_FRAMES; m++)
        s.nr_ram += s.ram[m];
    stress_invariants(&s);
    sorted_blocks(f, &start);

    for (int step = 0; step < STRESS_STEPS; step++) {
        uint64_t r = rnd(&s.seed);

        if (s.nr_live && r % 5 < 2)
            stress_free(&s, (size_t)(rnd(&s.seed) % s.nr_live));
        else
            stress_alloc(&s, random_order(&s.seed),
                         r % 5 == 4 ? rnd(&s.seed) % STRESS_FRAMES : 0);
        stress_invariants(&s);
    }

    /* Everything, in random orders, down to the last frame. */
    for (unsigned int order = random_order(&s.seed);;) {
        if (!stress_alloc(&s, order, 0)) {
            if (f->pa.nr_free_pages == 0)
                break;
            order = order ? order - 1 : 0;
            continue;
        }
        stress_invariants(&s);
        order = random_order(&s.seed);
    }
    assert_int_equal(s.nr_allocated, s.nr_ram);
    for (uint64_t m = 0; m < STRESS_FRAMES; m++)
        assert_int_equal(s.owner[m] != NO_OWNER, s.ram[m]);

    while (s.nr_live) {
        stress_free(&s, (size_t)(rnd(&s.seed) % s.nr_live));
        stress_invariants(&s);
    }
    sorted_blocks(f, &end);
    assert_int_equal(end.n, start.n);
    for (size_t i = 0; i < start.n; i++) {
        assert_int_equal(end.blocks[i].mfn, start.blocks[i].mfn);
        assert_int_equal(end.blocks[i].order, start.blocks[i].order);
    }
    free(s.owner);
    free(s.ram);
    free(s.live);
}

static void test_stress_seed1(void **state)
{
    stress(state, 0x9e3779b97f4a7c15ull);
}

static void test_stress_seed2(void **state)
{
    stress(state, 12345);
}

#define T(fn) cmocka_unit_test_teardown(fn, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_init_empty),
        T(test_init_errors),
        T(test_add_range_aligned),
        T(test_add_range_unaligned),
        T(test_add_range_merges),
        T(test_add_range_next_to_reserved),
        T(test_add_range_errors),
        T(test_split_merge),
        T(test_split_allocated_block),
        T(test_alloc_block_state),
        T(test_owner),
        T(test_exhaustion),
        T(test_double_free),
        T(test_free_wrong_order),
        T(test_free_misaligned_or_outside),
        T(test_free_reserved),
        T(test_free_referenced),
        T(test_max_mfn),
        T(test_scrub),
        T(test_max_order),
        T(test_dump),
        T(test_check_detects_damage),
        T(test_stress_seed1),
        T(test_stress_seed2),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
