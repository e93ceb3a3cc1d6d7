/*
 * Unit tests for the PV page-table validation core
 * (arch/x86/pv/pt_validate.c): validating trees, and what validation
 * refuses (page tables mapped writable, other owners' frames, bad flags,
 * the hypervisor hole, linear entries, I/O frames, cycles, failure part
 * of the way down). Updates, pins and the walk are in test_pt_update.c,
 * the randomised runs in test_pt_random.c.
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

/* ---- validation of a tree ---- */

static void test_validate_tree(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct held h = { 1, 4 };

    (void)state;
    validate_tree(&c);
    check_refs(&h, 1);
    for (unsigned int l = 1; l <= 4; l++)
        assert_int_equal(pre_validate_calls[l], 1);

    /* Adjusted: USER everywhere, GUEST_KERNEL where the guest had no
     * USER, ACCESSED in the L4; Keel's slots replaced the guest's. */
    assert_int_equal(mem[1][0], E(2, P | RW | US | A));
    assert_int_equal(mem[2][0], E(3, P | RW | US | A));
    assert_int_equal(mem[3][0], E(4, P | RW | US));
    assert_int_equal(mem[4][0], E(5, P | RW | US) | PTE_GUEST_KERNEL);
    assert_int_equal(mem[4][1], E(6, P | US));
    assert_int_equal(mem[4][3], E(5, P | RW | US | A | D));
    assert_int_equal(mem[4][4], 0x123456000ull | PTE_PSE);
    for (unsigned int i = PT_L4_HOLE_FIRST; i <= PT_L4_HOLE_LAST; i++)
        assert_int_equal(mem[1][i], keel_l4[i]);
    assert_int_equal(mem[1][255], 0);
    assert_int_equal(mem[1][272], 0);

    /* A second reference joins without validating again. */
    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    assert_frame(1, 3, 2, PGT_L4);
    assert_int_equal(pre_validate_calls[4], 1);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);

    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
    /* Devalidation leaves the contents alone. */
    assert_int_equal(mem[1][256], keel_l4[256]);
    assert_int_equal(mem[4][0], E(5, P | RW | US) | PTE_GUEST_KERNEL);
}

static void test_validate_keel_l4_null(void **state)
{
    struct pt_ctx c = ctx(DOM1);

    (void)state;
    c.keel_l4 = NULL;
    mem[1][260] = E(2, P);
    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    for (unsigned int i = PT_L4_HOLE_FIRST; i <= PT_L4_HOLE_LAST; i++)
        assert_int_equal(mem[1][i], 0);
    assert_frame(2, 0, 0, PGT_NONE);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* Every level may be the root of a validation. */
static void test_validate_each_level(void **state)
{
    struct pt_ctx c = ctx(DOM1);

    (void)state;
    build_tree();
    assert_int_equal(pt_get_type(&c, 4, 1), 0);
    assert_frame(4, 1, 1, PGT_L1);
    assert_frame(1, 1, 0, PGT_NONE);
    assert_int_equal(pt_get_type(&c, 3, 2), 0);
    assert_frame(4, 2, 2, PGT_L1);
    assert_int_equal(pt_get_type(&c, 2, 3), 0);
    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    assert_frame(1, 2, 1, PGT_L4);
    assert_frame(2, 2, 2, PGT_L3);
    assert_frame(3, 2, 2, PGT_L2);
    assert_frame(4, 2, 2, PGT_L1);
    assert_int_equal(pt_put_type(&c, 4, 1), 0);
    assert_int_equal(pt_put_type(&c, 3, 2), 0);
    assert_int_equal(pt_put_type(&c, 2, 3), 0);
    assert_tree_counts();
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- page tables are never writable ---- */

static void test_refuse_pagetable_mapped_writable(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;

    (void)state;
    /* An L1 of the tree maps the tree's L2 writable. */
    build_tree();
    mem[4][5] = E(3, P | RW | US);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EBUSY);
    assert_unchanged(s);

    /* The same through updates of a validated tree. */
    mem[4][5] = 0;
    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    s = snap_take();
    for (uint64_t t = 1; t <= 4; t++)
        assert_int_equal(pt_update_entry(&c, 4, 5, E(t, P | RW | US), false),
                         -EBUSY);
    assert_unchanged(s);
    /* Read-only is fine. */
    assert_int_equal(pt_update_entry(&c, 4, 5, E(3, P | US), false), 0);
    assert_frame(3, 2, 1, PGT_L2);
    assert_int_equal(pt_update_entry(&c, 4, 5, 0, false), 0);
    assert_frame(3, 1, 1, PGT_L2);

    /* A descriptor page cannot be mapped writable either. */
    assert_true(get_page(&frames[7], DOM1));
    assert_int_equal(get_page_type(&frames[7], PGT_SEG_DESC), 1);
    s = snap_take();
    assert_int_equal(pt_update_entry(&c, 4, 6, E(7, P | RW), false), -EBUSY);
    assert_unchanged(s);
    assert_int_equal(pt_update_entry(&c, 4, 6, E(7, P), false), 0);
    assert_frame(7, 2, 1, PGT_SEG_DESC);
    assert_int_equal(pt_update_entry(&c, 4, 6, 0, false), 0);
    assert_int_equal(put_page_type(&frames[7]), 1);
    assert_int_equal(put_page(&frames[7]), 1);

    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

static void test_refuse_writable_frame_as_table(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;

    (void)state;
    validate_tree(&c);   /* frame 5 is mapped writable */
    mem[5][0] = 0;       /* contents that would validate at any level */
    s = snap_take();
    for (unsigned int l = 1; l <= 4; l++) {
        assert_int_equal(pt_get_type(&c, 5, l), -EINVAL);
        assert_int_equal(pt_pin(&c, 5, l), -EINVAL);
    }
    assert_int_equal(pt_update_entry(&c, 3, 1, E(5, P | RW | US), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 2, 1, E(5, P | RW | US), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 1, 1, E(5, P | RW | US), false), -EINVAL);
    assert_unchanged(s);

    /* And within one validation: an L1 maps frame 7 writable, a later L2
     * slot uses 7 as an L1. */
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
    mem[4][6] = E(7, P | RW);
    mem[3][1] = E(7, P | RW);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EINVAL);
    assert_unchanged_adj(s);   /* L1 4 validated, adjusting [6] */
    assert_int_equal(mem[4][6], E(7, P | RW | US) | PTE_GUEST_KERNEL);
}

/* ---- other owners ---- */

static void test_refuse_other_domain(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;

    (void)state;
    validate_tree(&c);
    s = snap_take();
    /* L1: another domain's, a free frame: Xen's could_not_pin. */
    assert_int_equal(pt_update_entry(&c, 4, 5, E(40, P), false), -EBUSY);
    assert_int_equal(pt_update_entry(&c, 4, 5, E(40, P | RW), false), -EBUSY);
    assert_int_equal(pt_update_entry(&c, 4, 5, E(56, P), false), -EBUSY);
    /* L2-L4: get_page_and_type_from_mfn fails. */
    assert_int_equal(pt_update_entry(&c, 3, 1, E(40, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 2, 1, E(40, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 1, 1, E(40, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 1, 1, E(56, P | RW), false), -EINVAL);
    /* Its frames are not ours to type, pin or update. */
    assert_int_equal(pt_get_type(&c, 40, 1), -EINVAL);
    assert_int_equal(pt_pin(&c, 40, 1), -EINVAL);
    assert_int_equal(pt_unpin(&c, 40), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 40, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 56, 0, 0, false), -EINVAL);
    assert_unchanged(s);

    /* Within a validation, at the bottom of the tree. */
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
    mem[4][7] = E(41, P);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EBUSY);
    assert_unchanged(s);
}

static void test_keel_frames(void **state)
{
    struct pt_ctx c = ctx(DOM1), p = ctx_priv(DOM1);
    struct snap *s;

    (void)state;
    validate_tree(&c);
    s = snap_take();
    /* Not for an unprivileged domain, even with the hook's consent; nor
     * without it. */
    c.xen_frame_mappable = xen_frame_mappable;
    assert_int_equal(pt_update_entry(&c, 4, 5, E(XEN_RO, P), false), -EBUSY);
    assert_int_equal(pt_update_entry(&c, 4, 5, E(49, P), false), -EBUSY);
    assert_int_equal(pt_update_entry(&c, 4, 5, E(51, P), false), -EBUSY);
    assert_int_equal(pt_update_entry(&p, 4, 5, E(49, P), false), -EBUSY);
    assert_int_equal(pt_update_entry(&p, 4, 5, E(51, P | RW), false), -EBUSY);
    assert_int_equal(pt_update_entry(&p, 4, 5, E(XEN_RO, P | RW), false), -EBUSY);
    /* Not with a cache type other than WB. */
    assert_int_equal(pt_update_entry(&p, 4, 5, E(XEN_RO, P | PTE_PCD), false),
                     -EACCES);
    /* Never as a page table, privileged or not. */
    assert_int_equal(pt_update_entry(&p, 3, 1, E(XEN_RO, P), false), -EINVAL);
    assert_int_equal(pt_get_type(&p, XEN_RO, 1), -EINVAL);
    assert_int_equal(pt_pin(&p, XEN_RO, 1), -EINVAL);
    assert_int_equal(pt_update_entry(&p, XEN_RO, 0, 0, false), -EINVAL);
    assert_unchanged(s);

    /* Read-only, shared by the hook: a general reference. */
    assert_int_equal(pt_update_entry(&p, 4, 5, E(XEN_RO, P), false), 0);
    assert_frame(XEN_RO, 1, 0, PGT_NONE);
    assert_int_equal(frames[XEN_RO].owner, DOMID_XEN);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* Another domain's validated tables are neither ours to use nor to touch. */
static void test_other_domain_tables(void **state)
{
    struct pt_ctx c = ctx(DOM1), d2 = ctx(DOM2);
    struct snap *s;
    uint64_t l1;
    unsigned int idx;

    (void)state;
    mem[40][0] = E(41, P | RW);
    mem[41][0] = E(42, P | RW);
    mem[42][0] = E(43, P | RW);
    mem[43][0] = E(44, P | RW);
    assert_int_equal(pt_pin(&d2, 40, 4), 0);
    assert_int_equal(pt_walk(&d2, 40, 0, &l1, &idx), 0);
    assert_int_equal(l1, 43);
    validate_tree(&c);
    s = snap_take();
    /* Not ours to use: as tables of our tree, or mapped. */
    assert_int_equal(pt_update_entry(&c, 1, 1, E(41, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 2, 1, E(42, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 3, 1, E(43, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 4, 5, E(43, P), false), -EBUSY);
    /* Not ours to touch. */
    assert_int_equal(pt_walk(&c, 40, 0, &l1, &idx), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 43, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 40, 0, 0, false), -EINVAL);
    assert_int_equal(pt_put_type(&c, 41, 3), -EINVAL);
    assert_int_equal(pt_get_type(&c, 41, 3), -EINVAL);
    assert_int_equal(pt_pin(&c, 41, 3), -EINVAL);
    assert_int_equal(pt_unpin(&c, 40), -EINVAL);
    /* Nor the other way round. */
    assert_int_equal(pt_update_entry(&d2, 43, 1, E(5, P), false), -EBUSY);
    assert_int_equal(pt_update_entry(&d2, 42, 1, E(4, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&d2, 4, 0, 0, false), -EINVAL);
    assert_int_equal(pt_walk(&d2, 1, 0, &l1, &idx), -EINVAL);
    assert_unchanged(s);
    assert_int_equal(pt_unpin(&d2, 40), 0);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- entry flags ---- */

static void test_refuse_superpages(void **state)
{
    struct pt_ctx c = ctx(DOM1), p = ctx_priv(DOM1);
    struct snap *s;

    (void)state;
    validate_tree(&c);
    mem[7][0] = E(8, P | RW | US);
    s = snap_take();
    assert_int_equal(pt_update_entry(&c, 3, 1, E(7, P | RW | US | PTE_PSE), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 2, 1, E(7, P | RW | US | PTE_PSE), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 1, 1, E(7, P | RW | US | PTE_PSE), false), -EINVAL);
    assert_int_equal(pt_update_entry(&p, 3, 1, E(7, P | RW | US | PTE_PSE), false), -EINVAL);
    /* An existing entry gaining PSE is no fast path either. */
    assert_int_equal(pt_update_entry(&c, 3, 0, E(4, P | RW | US | PTE_PSE), false), -EINVAL);
    assert_unchanged(s);

    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    mem[3][1] = E(16, P | RW | PTE_PSE);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EINVAL);
    assert_unchanged(s);
    mem[3][1] = 0;
    mem[2][1] = E(16, P | RW | PTE_PSE);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EINVAL);
    assert_unchanged(s);
}

static void test_flags_l1(void **state)
{
    struct pt_ctx c = ctx(DOM1), p = ctx_priv(DOM1), nonx = ctx(DOM1);
    static const uint64_t bad[] = { PTE_PCD, PTE_PWT, PTE_PAT, PTE_PCD | PTE_PWT };
    struct snap *s;

    (void)state;
    nonx.nx_reserved = true;
    validate_tree(&c);
    s = snap_take();
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(pt_update_entry(&c, 4, 5, E(7, P | RW | bad[i]), false),
                         -EINVAL);
    /* Bit 62 is the guest's in release Xen (the reference): accepted. */
    assert_int_equal(pt_update_entry(&c, 4, 5, E(7, P | PTE_GNTTAB), false), 0);
    assert_int_equal(pt_update_entry(&c, 4, 5, 0, false), 0);
    assert_int_equal(pt_update_entry(&nonx, 4, 5, E(7, P | PTE_NX), false), -EINVAL);
    assert_unchanged(s);

    /* Allowed: NX, the available bits, GLOBAL (which Keel clears). */
    assert_int_equal(pt_update_entry(&c, 4, 5, E(7, P | RW | US | PTE_NX |
                                              PTE_AVAIL | (0x3ffull << 52)), false), 0);
    assert_int_equal(mem[4][5], E(7, P | RW | US | PTE_NX | PTE_AVAIL | (0x3ffull << 52)));
    assert_int_equal(pt_update_entry(&c, 4, 6, E(8, P | US | PTE_GLOBAL), false), 0);
    assert_int_equal(mem[4][6], E(8, P | US));
    /* A privileged domain picks cache attributes for RAM. */
    assert_int_equal(pt_update_entry(&p, 4, 7, E(9, P | RW | PTE_CACHE_ATTRS), false), 0);
    assert_int_equal(mem[4][7], E(9, P | RW | US | PTE_CACHE_ATTRS) | PTE_GUEST_KERNEL);
    /* Non-present entries are the guest's business. */
    assert_int_equal(pt_update_entry(&c, 4, 8, ~PTE_PRESENT, false), 0);
    assert_int_equal(mem[4][8], ~PTE_PRESENT);

    struct held h = { 1, 4 };
    check_refs(&h, 1);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

static void test_flags_upper(void **state)
{
    struct pt_ctx c = ctx(DOM1), p = ctx_priv(DOM1), nonx = ctx(DOM1);
    static const uint64_t bad[] = { PTE_PCD, PTE_PWT, PTE_PSE, PTE_GLOBAL };
    struct snap *s;

    (void)state;
    nonx.nx_reserved = true;
    validate_tree(&c);
    s = snap_take();
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        for (uint64_t t = 1; t <= 3; t++) {
            assert_int_equal(pt_update_entry(&c, t, 1, E(10, P | RW | bad[i]), false),
                             -EINVAL);
            assert_int_equal(pt_update_entry(&p, t, 1, E(10, P | RW | bad[i]), false),
                             -EINVAL);
        }
    }
    assert_int_equal(pt_update_entry(&nonx, 3, 1, E(10, P | PTE_NX), false), -EINVAL);
    assert_unchanged(s);

    /* NX and the available bits are fine; bit 62 too, above L1. */
    assert_int_equal(pt_update_entry(&c, 3, 1, E(10, P | PTE_NX | PTE_AVAIL |
                                              PTE_GNTTAB), false), 0);
    assert_int_equal(mem[3][1], E(10, P | US | PTE_NX | PTE_AVAIL | PTE_GNTTAB));
    assert_frame(10, 1, 1, PGT_L1);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- the hypervisor hole of an L4 ---- */

static void test_l4_hole(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;

    (void)state;
    validate_tree(&c);
    s = snap_take();
    for (unsigned int i = PT_L4_HOLE_FIRST; i <= PT_L4_HOLE_LAST; i++) {
        assert_int_equal(pt_update_entry(&c, 1, i, 0, false), -EINVAL);
        assert_int_equal(pt_update_entry(&c, 1, i, keel_l4[i], false), -EINVAL);
        assert_int_equal(pt_update_entry(&c, 1, i, E(10, P | RW), false), -EINVAL);
    }
    assert_unchanged(s);
    /* Either side of it is the guest's. */
    assert_int_equal(pt_update_entry(&c, 1, 255, E(10, P | RW), false), 0);
    assert_int_equal(pt_update_entry(&c, 1, 272, E(11, P | RW), false), 0);
    assert_frame(10, 1, 1, PGT_L3);
    assert_frame(11, 1, 1, PGT_L3);
    /* A second L4 gets Keel's slots too; devalidating leaves them. */
    mem[12][0] = E(2, P | RW);
    mem[12][265] = E(2, P | RW);
    assert_int_equal(pt_pin(&c, 12, 4), 0);
    assert_int_equal(mem[12][265], keel_l4[265]);
    assert_frame(2, 2, 2, PGT_L3);
    assert_int_equal(pt_unpin(&c, 12), 0);
    assert_int_equal(mem[12][265], keel_l4[265]);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- linear (recursive) entries ---- */

static void test_linear_refused(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;

    (void)state;
    validate_tree(&c);
    mem[12][0] = E(2, P);
    assert_int_equal(pt_pin(&c, 12, 4), 0);   /* another L4 */
    s = snap_take();
    /* Self entries, read-only or not. */
    for (uint64_t t = 1; t <= 3; t++) {
        assert_int_equal(pt_update_entry(&c, t, 1, E(t, P), false), -EINVAL);
        assert_int_equal(pt_update_entry(&c, t, 1, E(t, P | RW), false), -EINVAL);
    }
    /* A table of the same level, or of any level above. */
    assert_int_equal(pt_update_entry(&c, 1, 1, E(12, P), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 2, 1, E(2, P), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 2, 1, E(1, P), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 3, 1, E(2, P), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 3, 1, E(1, P), false), -EINVAL);
    assert_unchanged(s);
    assert_int_equal(pt_unpin(&c, 12), 0);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();

    /* In a validation. */
    build_tree();
    mem[1][511] = E(1, P);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EINVAL);
    assert_unchanged_adj(s);
    assert_int_equal(mem[1][0], E(2, P | RW | US));  /* the L4 itself: as was */
    mem[1][511] = 0;
    mem[3][511] = E(3, P);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EINVAL);
    assert_unchanged(s);
}

static void test_self_linear_allowed(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;
    struct held h = { 1, 4 };
    uint64_t l1;
    unsigned int idx;

    (void)state;
    c.self_linear = true;
    build_tree();
    mem[1][300] = E(1, P | PTE_NX);   /* NetBSD's recursive slot */
    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    assert_tree_counts();             /* the self entry holds nothing */
    assert_int_equal(mem[1][300], E(1, P | US | A | PTE_NX));
    check_refs(&h, 1);

    /* Read-only self entries at L2 and L3 too; never writable. */
    assert_int_equal(pt_update_entry(&c, 3, 2, E(3, P), false), 0);
    assert_int_equal(pt_update_entry(&c, 2, 2, E(2, P), false), 0);
    assert_tree_counts();
    assert_int_equal(pt_pin(&c, 12, 4), 0);   /* another L4 */
    s = snap_take();
    assert_int_equal(pt_update_entry(&c, 2, 3, E(2, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 1, 300, E(1, P | RW), false), -EINVAL);
    /* Another table of the same level is still refused. */
    assert_int_equal(pt_update_entry(&c, 1, 301, E(12, P), false), -EINVAL);
    /* update_va_mapping cannot reach through it to an L1. */
    assert_int_equal(pt_walk(&c, 1, UPPER | (300ull << 39), &l1, &idx), -EINVAL);
    assert_int_equal(pt_walk(&c, 1, UPPER | (300ull << 39) | (300ull << 30) |
                                      (300ull << 21) | (300ull << 12),
                         &l1, &idx), -EINVAL);
    assert_unchanged(s);
    assert_int_equal(pt_unpin(&c, 12), 0);

    /* Flag changes keep it free; replacing it releases nothing. */
    assert_int_equal(pt_update_entry(&c, 1, 300, E(1, P), false), 0);
    assert_tree_counts();
    assert_int_equal(pt_update_entry(&c, 2, 2, E(10, P | RW), false), 0);
    assert_frame(10, 1, 1, PGT_L2);
    assert_frame(2, 1, 1, PGT_L3);
    check_refs(&h, 1);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- I/O frames ---- */

static void test_io_frames(void **state)
{
    struct pt_ctx c = ctx(DOM1), p = ctx_priv(DOM1);
    struct snap *s;

    (void)state;
    validate_tree(&c);
    s = snap_take();
    /* Not for an unprivileged domain. */
    assert_int_equal(pt_update_entry(&c, 4, 5, E(IO_OUT, P), false), -EPERM);
    assert_int_equal(pt_update_entry(&c, 4, 5, E(0, P | RW), false), -EPERM);
    assert_int_equal(pt_update_entry(&c, 4, 5, E(52, P), false), -EPERM);
    assert_int_equal(pt_update_entry(&c, 4, 5, PTE_MFN_MASK | P, false), -EINVAL);
    /* Not where the caller says no. */
    iomem_refused = IO_OUT;
    assert_int_equal(pt_update_entry(&p, 4, 5, E(IO_OUT, P), false), -EPERM);
    iomem_refused = UINT64_MAX;
    /* Never as a page table. */
    assert_int_equal(pt_update_entry(&p, 3, 1, E(IO_OUT, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&p, 3, 1, E(0, P | RW), false), -EINVAL);
    assert_int_equal(pt_update_entry(&p, 1, 1, E(52, P | RW), false), -EINVAL);
    assert_int_equal(pt_get_type(&p, IO_OUT, 1), -EINVAL);
    assert_int_equal(pt_pin(&p, 52, 1), -EINVAL);
    assert_int_equal(pt_update_entry(&p, IO_OUT, 0, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&p, 0, 0, 0, false), -EINVAL);
    assert_unchanged(s);

    /* Privileged: mapped without references, cacheable types forced to UC. */
    assert_int_equal(pt_update_entry(&p, 4, 5, E(IO_OUT, P | RW | US), false), 0);
    assert_int_equal(mem[4][5], E(IO_OUT, P | RW | US | PTE_PCD | PTE_PWT));
    assert_int_equal(pt_update_entry(&p, 4, 6, E(0, P | US | PTE_PAT), false), 0);
    assert_int_equal(mem[4][6], E(0, P | US | PTE_PAT));                /* WC */
    assert_int_equal(pt_update_entry(&p, 4, 7, E(52, P | US | PTE_PCD), false), 0);
    assert_int_equal(mem[4][7], E(52, P | US | PTE_PCD));               /* UC- */
    assert_int_equal(pt_update_entry(&p, 4, 8, E(53, P | US | PTE_PAT | PTE_PWT), false), 0);
    assert_int_equal(mem[4][8], E(53, P | US | PTE_PCD | PTE_PWT));     /* WP */
    assert_int_equal(pt_update_entry(&p, 4, 9, E(54, P | US | PTE_PWT), false), 0);
    assert_int_equal(mem[4][9], E(54, P | US | PTE_PCD | PTE_PWT));     /* WT */
    /* Rewriting the same WB request is the fast path: still UC. */
    assert_int_equal(pt_update_entry(&p, 4, 5, E(IO_OUT, P | RW | US | A), false), 0);
    assert_int_equal(mem[4][5], E(IO_OUT, P | RW | US | A | PTE_PCD | PTE_PWT));
    assert_frame(0, 0, 0, PGT_NONE);
    assert_frame(52, 0, 0, PGT_NONE);
    struct held h = { 1, 4 };
    check_refs(&h, 1);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();

    /* In a validation: the L1 of a privileged domain gets the same. */
    mem[4][5] = E(IO_OUT, P | RW);
    assert_int_equal(pt_get_type(&p, 1, 4), 0);
    assert_int_equal(mem[4][5], E(IO_OUT, P | RW | US | PTE_PCD | PTE_PWT) |
                                PTE_GUEST_KERNEL);
    assert_int_equal(pt_put_type(&p, 1, 4), 0);
    assert_all_clear();
    /* Not for the unprivileged (entries as the guest writes them: UC
     * attributes themselves would be refused first, -EINVAL). */
    mem[4][5] = E(IO_OUT, P | RW);
    for (unsigned int i = 6; i <= 9; i++)
        mem[4][i] = 0;
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EPERM);
    assert_unchanged(s);
}

/* ---- cycles ---- */

static void test_cycles(void **state)
{
    struct pt_ctx c = ctx(DOM1), p = ctx(DOM1);
    struct snap *s;

    (void)state;
    p.self_linear = true;
    /* L3 2 -> L2 3 -> "L1" 2. */
    mem[2][0] = E(3, P | RW);
    mem[3][0] = E(2, P | RW);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 2, 3), -EINVAL);
    assert_int_equal(pt_get_type(&p, 2, 3), -EINVAL);
    /* From the L2: 2 as an L1 maps the L2 (being validated) writable. */
    assert_int_equal(pt_get_type(&c, 3, 2), -EBUSY);
    assert_unchanged(s);
    /* L4 1 -> L3 2 -> L2 3 -> L1 1 (read-only). */
    mem[1][0] = E(2, P | RW);
    mem[3][0] = E(1, P);
    s = snap_take();
    assert_int_equal(pt_get_type(&c, 1, 4), -EINVAL);
    assert_int_equal(pt_get_type(&p, 1, 4), -EINVAL);
    assert_unchanged(s);
    /* Two L4s pointing at each other as L3s. */
    memset(mem, 0, sizeof(mem));
    mem[1][0] = E(12, P);
    mem[12][0] = E(1, P);
    s = snap_take();
    assert_int_equal(pt_get_type(&p, 1, 4), -EINVAL);
    assert_int_equal(pt_pin(&p, 12, 4), -EINVAL);
    assert_unchanged(s);

    /* Made by updates of a validated tree. */
    memset(mem, 0, sizeof(mem));
    validate_tree(&c);
    s = snap_take();
    assert_int_equal(pt_update_entry(&c, 3, 1, E(2, P), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 3, 1, E(1, P), false), -EINVAL);
    assert_int_equal(pt_update_entry(&c, 2, 1, E(1, P), false), -EINVAL);
    assert_unchanged(s);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

/* ---- failure in the middle ---- */

/*
 * A wide tree: L4 1 -> L3s 2, 10 (and 10 again); L3 2 -> L2s 3, 11;
 * L3 10 -> L2 11 (shared), 13; L2s -> L1s 4, 14, 15 (shared); L1s map
 * data 20-29 writable and read-only. About everything is validated by
 * the time the last entry is reached.
 */
static void build_wide(void)
{
    build_tree();
    mem[1][1] = E(10, P | RW);
    mem[1][200] = E(10, P | RW);
    mem[2][1] = E(11, P | RW);
    mem[10][0] = E(11, P | RW);
    mem[10][5] = E(13, P | RW);
    mem[3][1] = E(14, P | RW);
    mem[11][0] = E(15, P | RW);
    mem[13][0] = E(15, P | RW);
    mem[13][1] = E(14, P | RW);
    for (unsigned int i = 0; i < 10; i++) {
        mem[14][i] = E(20 + i, P | RW);
        mem[15][i] = E(20 + i, P);
        mem[15][100 + i] = E(1 + i, P);
    }
}

static void test_failure_midway(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;
    const struct { uint64_t mfn; unsigned int slot; uint64_t e; int rc; } bad[] = {
        { 15, 511, E(40, P), -EBUSY },        /* last L1 reached */
        { 15, 300, E(4, P | RW), -EBUSY },    /* an L1 of the tree, writable */
        { 13, 511, E(20, P | RW), -EINVAL },  /* a writable frame as L1 */
        { 10, 511, E(13, P | PTE_PSE), -EINVAL },
        { 1, 511, E(40, P | RW), -EINVAL },   /* after every subtree */
        { 1, 255, E(1, P), -EINVAL },
        { 14, 20, E(IO_OUT, P), -EPERM },
    };

    (void)state;
    build_wide();
    assert_int_equal(pt_get_type(&c, 1, 4), 0);
    {
        struct held h = { 1, 4 };
        check_refs(&h, 1);
    }
    assert_frame(15, 2, 2, PGT_L1);
    assert_frame(20, 2, 1, PGT_WRITABLE);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();

    memset(mem, 0, sizeof(mem));
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        build_wide();
        mem[bad[i].mfn][bad[i].slot] = bad[i].e;
        s = snap_take();
        assert_int_equal(pt_get_type(&c, 1, 4), bad[i].rc);
        assert_unchanged_adj(s);
        s = snap_take();
        assert_int_equal(pt_pin(&c, 1, 4), bad[i].rc);
        assert_unchanged(s);   /* adjustments already made: nothing new */
        memset(mem, 0, sizeof(mem));
    }
    assert_all_clear();
}

/* A failed update leaves even a half-validated new subtree untaken. */
static void test_update_failure_midway(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct snap *s;

    (void)state;
    validate_tree(&c);
    mem[10][0] = E(11, P | RW);
    mem[11][0] = E(14, P | RW);
    mem[14][0] = E(20, P | RW);
    mem[14][1] = E(5, P);
    mem[14][2] = E(40, P);            /* bad, at the bottom */
    s = snap_take();
    assert_int_equal(pt_update_entry(&c, 1, 1, E(10, P | RW), false), -EBUSY);
    assert_unchanged(s);
    mem[14][2] = 0;
    assert_int_equal(pt_update_entry(&c, 1, 1, E(10, P | RW), false), 0);
    assert_frame(14, 1, 1, PGT_L1);
    assert_frame(5, 3, 2, PGT_WRITABLE);
    assert_int_equal(pt_put_type(&c, 1, 4), 0);
    assert_all_clear();
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_validate_tree),
        T(test_validate_keel_l4_null),
        T(test_validate_each_level),
        T(test_refuse_pagetable_mapped_writable),
        T(test_refuse_writable_frame_as_table),
        T(test_refuse_other_domain),
        T(test_other_domain_tables),
        T(test_keel_frames),
        T(test_refuse_superpages),
        T(test_flags_l1),
        T(test_flags_upper),
        T(test_l4_hole),
        T(test_linear_refused),
        T(test_self_linear_allowed),
        T(test_io_frames),
        T(test_cycles),
        T(test_failure_midway),
        T(test_update_failure_midway),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
