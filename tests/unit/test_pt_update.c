/*
 * Unit tests for the PV page-table validation core
 * (arch/x86/pv/pt_validate.c): updates of entries of validated tables,
 * pin and unpin, bad arguments, the walk for update_va_mapping and the
 * L1TF rules. Validation and its refusals are in test_pt_validate.c.
 *
 * The fake machine, and what every test checks of each call, are
 * described in pt_fixture.h.
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
#include "pt_fixture.h"

/* ---- updates ---- */

static void test_update_moves_refs(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct held h = { 1, 4 };

    (void)state;
    validate_tree(&c);
    /* [0] 5 RW -> 6 RO. */
    assert_int_equal(pt_update_entry(&c, 4, 0, E(6, P | US), false), 0);
    assert_frame(5, 1, 1, PGT_WRITABLE);
    assert_frame(6, 2, 0, PGT_NONE);
    /* [3] 5 RW -> none: 5 is free of mappings. */
    assert_int_equal(pt_update_entry(&c, 4, 3, 0, false), 0);
    assert_frame(5, 0, 0, PGT_NONE);
    /* 6 read-only twice; make one writable. */
    assert_int_equal(pt_update_entry(&c, 4, 1, E(6, P | RW | US), false), 0);
    assert_frame(6, 2, 1, PGT_WRITABLE);
    /* Same frame, RW dropped: the slow path, type reference gone. */
    assert_int_equal(pt_update_entry(&c, 4, 1, E(6, P | US), false), 0);
    assert_frame(6, 2, 0, PGT_NONE);
    /* Now 5 can become a page table. */
    assert_int_equal(pt_update_entry(&c, 3, 1, E(5, P | RW), false), 0);
    assert_frame(5, 1, 1, PGT_L1);
    /* Moving an L2 slot from one L1 to another. */
    mem[7][0] = E(8, P | RW);
    assert_int_equal(pt_update_entry(&c, 3, 1, E(7, P | RW), false), 0);
    assert_frame(5, 0, 0, PGT_NONE);
    assert_frame(7, 1, 1, PGT_L1);
    assert_frame(8, 1, 1, PGT_WRITABLE);
    check_refs(&h, 1);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

static void test_update_devalidates(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct held h = { 1, 4 };

    (void)state;
    validate_tree(&c);
    /* The L2's only entry held the L1's last reference. */
    assert_int_equal(pt_update_entry(&c, 3, 0, 0, false), 0);
    assert_frame(4, 0, 0, PGT_NONE);
    assert_frame(5, 0, 0, PGT_NONE);
    assert_frame(6, 0, 0, PGT_NONE);
    assert_frame(1, 1, 1, PGT_L4);      /* its read-only mapping went too */
    check_refs(&h, 1);
    /* Back, then the whole subtree from the top. */
    assert_int_equal(pt_update_entry(&c, 3, 0, E(4, P | RW), false), 0);
    assert_tree_counts();
    assert_int_equal(pt_update_entry(&c, 1, 0, 0, false), 0);
    for (uint64_t m = 2; m <= 6; m++)
        assert_frame(m, 0, 0, PGT_NONE);
    assert_frame(1, 1, 1, PGT_L4);
    /* A shared table survives losing one of two references. */
    assert_int_equal(pt_update_entry(&c, 1, 0, E(2, P | RW), false), 0);
    assert_int_equal(pt_update_entry(&c, 1, 1, E(2, P | RW), false), 0);
    assert_frame(2, 2, 2, PGT_L3);
    assert_int_equal(pt_update_entry(&c, 1, 0, 0, false), 0);
    assert_frame(2, 1, 1, PGT_L3);
    assert_frame(4, 1, 1, PGT_L1);
    check_refs(&h, 1);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

static void test_fastpath_and_preserve_ad(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct held h = { 1, 4 };

    (void)state;
    validate_tree(&c);
    memset(pre_validate_calls, 0, sizeof(pre_validate_calls));
    /* NX and A/D changes keep the references; preserve_ad keeps A/D. */
    assert_int_equal(pt_update_entry(&c, 4, 3, E(5, P | RW | US | PTE_NX), true), 0);
    assert_int_equal(mem[4][3], E(5, P | RW | US | A | D | PTE_NX));
    assert_int_equal(pt_update_entry(&c, 4, 3, E(5, P | RW | US), false), 0);
    assert_int_equal(mem[4][3], E(5, P | RW | US));
    assert_tree_counts();
    /* RW of an upper entry changes without revalidation. */
    assert_int_equal(pt_update_entry(&c, 3, 0, E(4, P | US | A | D), true), 0);
    assert_int_equal(mem[3][0], E(4, P | US | A | D));
    assert_int_equal(pt_update_entry(&c, 2, 0, E(3, P), false), 0);
    assert_int_equal(mem[2][0], E(3, P | US));
    assert_tree_counts();
    for (unsigned int l = 1; l <= 4; l++)
        assert_int_equal(pre_validate_calls[l], 0);
    /* preserve_ad on the slow path and into a non-present entry (Xen
     * ORs the old A/D in either way). */
    assert_int_equal(pt_update_entry(&c, 4, 1, E(7, P | US), true), 0);
    assert_int_equal(mem[4][1], E(7, P | US));      /* old [1] had no A/D */
    assert_int_equal(pt_update_entry(&c, 4, 3, E(5, P | RW | US | A | D), false), 0);
    assert_int_equal(pt_update_entry(&c, 4, 3, E(6, P | US), true), 0);
    assert_int_equal(mem[4][3], E(6, P | US | A | D));
    assert_int_equal(pt_update_entry(&c, 4, 0, E(5, P | RW | A), false), 0);
    assert_int_equal(pt_update_entry(&c, 4, 0, 0, true), 0);
    assert_int_equal(mem[4][0], A);
    check_refs(&h, 1);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

static void test_plain_writes(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;
    uint64_t junk = E(40, P | RW | PTE_PSE | PTE_PCD | PTE_GLOBAL);

    (void)state;
    validate_tree(&c);
    /* An untyped frame of the domain: written as is. */
    assert_int_equal(pt_update_entry(&c, 7, 3, junk, true), 0);
    assert_int_equal(mem[7][3], junk);
    assert_frame(7, 0, 0, PGT_NONE);
    /* A writable-mapped one too. */
    assert_int_equal(pt_update_entry(&c, 5, 0, junk, false), 0);
    assert_int_equal(mem[5][0], junk);
    assert_frame(5, 2, 2, PGT_WRITABLE);
    /* A descriptor page, someone else's, Keel's, free, outside: no. */
    assert_true(get_page(&frames[8], DOM1));
    assert_int_equal(get_page_type(&frames[8], PGT_SEG_DESC), 1);
    s = snap_take();
    assert_int_equal(pt_update_entry(&c, 8, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 40, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 48, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 51, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 56, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, IO_OUT, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 7, PT_NR_ENTRIES, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 4, PT_NR_ENTRIES, 0, false), -EINVAL);
    assert_unchanged(s);
    assert_int_equal(put_page_type(&frames[8]), 1);
    assert_int_equal(put_page(&frames[8]), 1);
    /* The junk is checked when frame 7 becomes a table. */
    s = snap_take();
    assert_int_equal(pt_update_entry(&c, 3, 1, E(7, P | RW), false), -EINVAL);
    assert_unchanged(s);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- pin and unpin ---- */

static void test_pin_unpin(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;

    (void)state;
    build_tree();
    assert_int_equal(pt_pin(&c, 1, 4), 0);
    assert_true(frames[1].flags & PGF_PINNED);
    assert_tree_counts();
    check_refs(NULL, 0);
    s = snap_take();
    assert_int_equal(pt_pin(&c, 1, 4), -EINVAL);     /* already pinned */
    assert_int_equal(pt_pin(&c, 1, 3), -EINVAL);
    assert_int_equal(pt_put_type(&c, 1, 4), -EINVAL); /* that one is the pin's */
    assert_int_equal(pt_put_type(&c, 2, 4), -EINVAL);
    assert_int_equal(pt_unpin(&c, 2), -EINVAL);      /* not pinned */
    assert_unchanged(s);

    /* Pinning a table already in use joins it. */
    assert_int_equal(pt_pin(&c, 4, 1), 0);
    assert_frame(4, 2, 2, PGT_L1);
    /* With the L4 gone, the pinned L1 stays validated. */
    assert_int_equal(pt_unpin(&c, 1), 0);
    assert_false(frames[1].flags & PGF_PINNED);
    assert_frame(2, 0, 0, PGT_NONE);
    assert_frame(3, 0, 0, PGT_NONE);
    assert_frame(4, 1, 1, PGT_L1);
    assert_frame(5, 2, 2, PGT_WRITABLE);
    assert_frame(1, 1, 0, PGT_NONE);   /* still mapped read-only by 4 */
    check_refs(NULL, 0);
    assert_int_equal(pt_unpin(&c, 1), -EINVAL);
    assert_int_equal(pt_unpin(&c, 4), 0);
    assert_all_clear();

    /* A pin that fails validation pins nothing. */
    mem[4][9] = E(40, P);
    s = snap_take();
    assert_int_equal(pt_pin(&c, 1, 4), -EBUSY);
    assert_unchanged(s);
    /* Bad arguments. */
    s = snap_take();
    assert_int_equal(pt_pin(&c, 1, 0), -EINVAL);
    assert_int_equal(pt_pin(&c, 1, 5), -EINVAL);
    assert_int_equal(pt_pin(&c, IO_OUT, 1), -EINVAL);
    assert_int_equal(pt_unpin(&c, IO_OUT), -EINVAL);
    assert_unchanged(s);
}

static void test_bad_arguments(void **state)
{
    struct pt_ctx c = ctx(DOM1), bad = ctx(DOMID_XEN), nomap = ctx(DOM1);
    struct snap *s;
    uint64_t l1;
    unsigned int idx;

    (void)state;
    nomap.map = NULL;
    build_tree();
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 0), -EINVAL);
    assert_int_equal(pt_get_type(&c, 1, 5), -EINVAL);
    assert_int_equal(pt_get_type(NULL, 1, 4), -EINVAL);
    assert_int_equal(pt_get_type(&bad, 48, 1), -EINVAL);
    assert_int_equal(pt_get_type(&nomap, 1, 4), -EINVAL);
    assert_int_equal(pt_put_type(&c, 1, 4), -EINVAL);  /* never taken */
    assert_int_equal(pt_pin(&bad, 48, 1), -EINVAL);
    assert_int_equal(pt_update_entry(&bad, 48, 0, 0, false), -EINVAL);
    assert_int_equal(pt_walk(&bad, 48, 0, &l1, &idx), -EINVAL);
    assert_unchanged(s);

    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    s = snap_take();
    assert_int_equal(pt_put_type(&c, 1, 3), -EINVAL);  /* wrong level */
    assert_int_equal(pt_put_type(&c, 1, 0), -EINVAL);
    assert_int_equal(pt_put_type(&c, 5, 1), -EINVAL);  /* writable, no table */
    assert_int_equal(pt_put_type(&c, 6, 1), -EINVAL);  /* untyped */
    assert_unchanged(s);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- the walk for update_va_mapping ---- */

static void test_walk(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    uint64_t l1 = 0;
    unsigned int idx = 0;
    uint64_t high = 0xffff880000000000ull;   /* L4 slot 272 */
    struct snap *s;

    (void)state;
    build_tree();
    mem[1][272] = E(10, P | RW);
    mem[10][0] = E(11, P | RW);
    mem[11][0] = E(14, P | RW);
    assert_int_equal(pt_get_type(&c, 1, 4), 0);

    assert_int_equal(pt_walk(&c, 1, 0x5123, &l1, &idx), 0);
    assert_int_equal(l1, 4);
    assert_int_equal(idx, 5);
    assert_int_equal(pt_walk(&c, 1, 0x1ff000, &l1, &idx), 0);
    assert_int_equal(idx, 511);
    assert_int_equal(pt_walk(&c, 1, high + 0x3000, &l1, &idx), 0);
    assert_int_equal(l1, 14);
    assert_int_equal(idx, 3);
    assert_int_equal(pt_walk(&c, 1, UINT64_MAX, &l1, &idx), -EINVAL);

    s = snap_take();
    l1 = 77;
    idx = 77;
    assert_int_equal(pt_walk(&c, 1, 0x200000, &l1, &idx), -EINVAL);  /* no L1 */
    assert_int_equal(pt_walk(&c, 1, 0x40000000, &l1, &idx), -EINVAL); /* no L2 */
    assert_int_equal(pt_walk(&c, 1, 1ull << 39, &l1, &idx), -EINVAL); /* no L3 */
    assert_int_equal(pt_walk(&c, 1, 0xffff800000000000ull, &l1, &idx), -EINVAL);
    assert_int_equal(pt_walk(&c, 1, 0xffff87ffffffffffull, &l1, &idx), -EINVAL);
    assert_int_equal(pt_walk(&c, 1, 0x0000800000000000ull, &l1, &idx), -EINVAL);
    assert_int_equal(pt_walk(&c, 1, 0xffff7fffffffffffull, &l1, &idx), -EINVAL);
    /* Non-canonical although its slot bits lead to a real path (272). */
    assert_int_equal(pt_walk(&c, 1, 0x0000880000003000ull, &l1, &idx), -EINVAL);
    assert_int_equal(pt_walk(&c, 1, 0x7fff880000003000ull, &l1, &idx), -EINVAL);
    assert_int_equal(pt_walk(&c, 2, 0, &l1, &idx), -EINVAL);   /* not an L4 */
    assert_int_equal(pt_walk(&c, 12, 0, &l1, &idx), -EINVAL);  /* not validated */
    assert_int_equal(pt_walk(&c, 40, 0, &l1, &idx), -EINVAL);  /* not ours */
    assert_int_equal(pt_walk(&c, IO_OUT, 0, &l1, &idx), -EINVAL);
    assert_int_equal(l1, 77);
    assert_int_equal(idx, 77);
    assert_unchanged(s);

    /* The walk and the update together: update_va_mapping. */
    assert_int_equal(pt_walk(&c, 1, 0x7000, &l1, &idx), 0);
    assert_int_equal(pt_update_entry(&c, l1, idx, E(9, P | RW | US), false), 0);
    assert_frame(9, 1, 1, PGT_WRITABLE);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- L1TF ---- */

static void test_l1tf_rules(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;

    (void)state;
    c.l1tf_addr_mask = ((1ull << 46) - 1) & ~0xfffull;
    c.l1tf_safe_maddr = 1ull << 40;
    build_tree();
    mem[4][4] = 0;
    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    s = snap_take();
    assert_int_equal(pt_update_entry(&c, 4, 5, E(5, 0), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 4, 5, 0xfff0000ull | RW, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 3, 1, PTE_PSE, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 1, 1, E(5, RW), false), -EINVAL);
    assert_unchanged(s);
    /* Safe: no address, above the safe limit, or only bits the L1D ignores
     * ... where they do not bring the address below it. */
    assert_int_equal(pt_update_entry(&c, 4, 5, 0x3e, false), 0);
    assert_int_equal(pt_update_entry(&c, 4, 6, (1ull << 41) | RW, false), 0);
    assert_int_equal(pt_update_entry(&c, 4, 7, (1ull << 50) | (1ull << 44), false), 0);
    assert_int_equal(pt_update_entry(&c, 4, 8, PTE_PSE, false), 0); /* PAT, L1 */
    assert_int_equal(pt_update_entry(&c, 4, 9, 1ull << 50, false), 0);
    assert_int_equal(pt_update_entry(&c, 4, 10, (1ull << 50) | 0x5000, false), -EINVAL);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();

    /* In a validation. */
    mem[3][7] = E(3, 0);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EINVAL);
    assert_unchanged(s);
    /* Off: the same entry is nobody's business. */
    c.l1tf_addr_mask = 0;
    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- grant mappings ---- */

/* What the grant code takes before pt_grant_map: a general and (for a
 * writable mapping) a type reference on domain 2's frame. */
static void take_grant_refs(uint64_t mfn)
{
    assert_true(get_page(&frames[mfn], DOM2));
    assert_true(get_page_type(&frames[mfn], PGT_WRITABLE) >= 0);
}

static void test_grant_entries(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct held h = { 1, 4 };
    struct pt_slot at = { 4, 10 }, from = { 4, 11 };
    struct snap *s;

    (void)state;
    validate_tree(&c);
    take_grant_refs(41);
    assert_int_equal(pt_grant_map(&c, at, E(41, P | RW | A | D)), 0);
    assert_int_equal(mem[4][10], E(41, P | RW | A | D | US) | PTE_GUEST_KERNEL);
    assert_frame(41, 1, 1, PGT_WRITABLE);
    check_refs(&h, 1);

    /* Refused: not an L1, not ours, not what is mapped there. */
    s = snap_take();
    assert_int_equal(pt_grant_map(&c, (struct pt_slot){ 3, 10 }, E(41, P)), -EINVAL);
    assert_int_equal(pt_grant_map(&c, (struct pt_slot){ 4, PT_NR_ENTRIES }, E(41, P)), -EINVAL);
    assert_int_equal(pt_grant_map(&c, at, 0), -EINVAL);
    assert_int_equal(pt_grant_unmap(&c, at, 42, true, NULL), -EINVAL);
    assert_int_equal(pt_grant_unmap(&c, at, 41, false, NULL), -EINVAL);
    assert_int_equal(pt_grant_unmap(&c, (struct pt_slot){ 4, 12 }, 41, true, NULL), -EINVAL);
    assert_int_equal(pt_grant_unmap(&c, at, 41, true, &at), -EINVAL);
    /* The guest cannot make its own copy of the foreign entry. */
    assert_int_equal(pt_update_entry(&c, 4, 12, E(41, P), false), -EBUSY);
    assert_unchanged(s);

    /* Unmapped: the entry goes, its references are the caller's. */
    assert_int_equal(pt_grant_unmap(&c, at, 41, true, NULL), 0);
    assert_int_equal(mem[4][10], 0);
    assert_frame(41, 1, 1, PGT_WRITABLE);
    assert_int_equal(put_page_type(&frames[41]), 1);
    assert_int_equal(put_page(&frames[41]), 1);

    /* Mapped over an entry of the guest's: that entry's references go. */
    take_grant_refs(41);
    assert_int_equal(pt_grant_map(&c, (struct pt_slot){ 4, 3 }, E(41, P | RW)), 0);
    assert_frame(5, 1, 1, PGT_WRITABLE);
    /* Replaced by the entry at `from`, which moves, references and all. */
    mem[4][11] = 0;
    assert_int_equal(pt_update_entry(&c, 4, 11, E(6, P), false), 0);
    assert_frame(6, 2, 0, PGT_NONE);
    assert_int_equal(pt_grant_unmap(&c, (struct pt_slot){ 4, 3 }, 41, true, &from), 0);
    assert_int_equal(mem[4][11], 0);
    assert_int_equal(mem[4][3] & PTE_MFN_MASK, 6ull << 12);
    assert_frame(6, 2, 0, PGT_NONE);
    assert_int_equal(put_page_type(&frames[41]), 1);
    assert_int_equal(put_page(&frames[41]), 1);
    check_refs(&h, 1);

    /* A grant entry the guest removes itself, or that goes with its
     * table, drops the references as any entry does. */
    take_grant_refs(41);
    assert_int_equal(pt_grant_map(&c, at, E(41, P | RW)), 0);
    assert_int_equal(pt_update_entry(&c, 4, 10, 0, false), 0);
    assert_frame(41, 0, 0, PGT_NONE);
    take_grant_refs(41);
    assert_int_equal(pt_grant_map(&c, at, E(41, P | RW)), 0);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

static uint64_t unreferenced[NR];
static unsigned int nr_unreferenced;

static void note_unreferenced(void *arg, uint64_t mfn)
{
    (void)arg;
    assert_true(nr_unreferenced < NR);
    assert_int_equal(frames[mfn].count, 0);
    unreferenced[nr_unreferenced++] = mfn;
}

/* A dying domain: once its base pointer goes and every pin with
 * pt_unpin_all, nothing it referenced keeps a reference, and each frame
 * whose last reference went is reported, the granted one included. */
static void test_unpin_all(void **state)
{
    struct pt_ctx c = ctx(DOM1), other = ctx(DOM2);
    unsigned int n;

    (void)state;
    nr_unreferenced = 0;
    c.unreferenced = note_unreferenced;
    validate_tree(&c);                     /* the caller's reference on L4 1 */
    assert_int_equal(pt_pin(&c, 1, 4), 0);
    assert_int_equal(pt_pin(&c, 4, 1), 0);
    mem[9][0] = E(6, P);                   /* a separate pinned L1 */
    assert_int_equal(pt_pin(&c, 9, 1), 0);
    take_grant_refs(41);
    assert_int_equal(pt_grant_map(&c, (struct pt_slot){ 4, 10 }, E(41, P | RW)), 0);
    assert_int_equal(pt_unpin_all(&other), 0); /* another domain's: none of ours */
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_int_equal(pt_unpin_all(&c), 3);
    assert_all_clear();
    for (n = 0; n < nr_unreferenced && unreferenced[n] != 41; n++)
        ;
    assert_true(n < nr_unreferenced);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_update_moves_refs),
        T(test_update_devalidates),
        T(test_fastpath_and_preserve_ad),
        T(test_plain_writes),
        T(test_pin_unpin),
        T(test_bad_arguments),
        T(test_walk),
        T(test_l1tf_rules), T(test_grant_entries), T(test_unpin_all),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
