/*
 * Unit tests for the PV page-table validation core
 * (arch/x86/pv/pt_validate.c).
 *
 * Fake machine: NR frames of memory (mem[mfn] is the frame's 512
 * entries) under a real frame table:
 *   0            reserved, unowned (I/O, e.g. the first MiB)
 *   1-39         domain 1 (the guest under test)
 *   40-47        domain 2
 *   48-50        Keel's (reserved, DOMID_XEN); 51 Keel's (allocated)
 *   52-55        reserved, unowned (I/O inside the table)
 *   56-63        free
 *   64 and up    outside the frame table (MMIO)
 * Every refused call must leave the frame table and all memory exactly as
 * they were; every successful one must leave the counts equal to what
 * the current tables imply, recomputed from scratch (check_refs).
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
#include "../../arch/x86/pv/pt_validate.h"
#include "xorshift.h"

#define NR      64
#define DOM1    1
#define DOM2    2
#define IO_OUT  100            /* an MFN outside the frame table */
#define XEN_RO  48             /* a Keel frame the hook shares read-only */
#define UPPER   0xffff000000000000ull /* sign extension of the upper half */

#define P   PTE_PRESENT
#define RW  PTE_RW
#define US  PTE_USER
#define A   PTE_ACCESSED
#define D   PTE_DIRTY

static uint64_t mem[NR][PT_NR_ENTRIES] __attribute__((aligned(4096)));
static struct page_info frames[NR];
static struct frame_table ft;
static uint64_t keel_l4[PT_NR_ENTRIES];
static unsigned int pre_validate_calls[5];
static uint64_t iomem_refused = UINT64_MAX;
static bool snap_busy;           /* the one snapshot is taken (below) */

static uint64_t E(uint64_t mfn, uint64_t flags)
{
    return (mfn << 12) | flags;
}

static uint64_t *map(void *arg, uint64_t mfn)
{
    (void)arg;
    assert_true(mfn < NR);
    return mem[mfn];
}

static void pre_validate(void *arg, uint64_t mfn, unsigned int level)
{
    (void)arg;
    assert_true(mfn < NR);
    assert_true(level >= 1 && level <= 4);
    assert_int_equal(frames[mfn].type, level);
    assert_int_equal(frames[mfn].type_count, 1);
    pre_validate_calls[level]++;
}

static bool iomem_permitted(void *arg, uint64_t mfn)
{
    (void)arg;
    return mfn != iomem_refused;
}

/* Keel shares frame XEN_RO read-only, nothing else. */
static bool xen_frame_mappable(void *arg, uint64_t mfn, bool writable)
{
    (void)arg;
    return mfn == XEN_RO && !writable;
}

static struct pt_ctx ctx(uint16_t domid)
{
    return (struct pt_ctx){
        .ft = &ft,
        .domid = domid,
        .map = map,
        .keel_l4 = keel_l4,
        .pre_validate = pre_validate,
    };
}

static struct pt_ctx ctx_priv(uint16_t domid)
{
    struct pt_ctx c = ctx(domid);

    c.privileged = true;
    c.iomem_permitted = iomem_permitted;
    c.xen_frame_mappable = xen_frame_mappable;
    return c;
}

static void own(uint64_t mfn, uint16_t owner)
{
    frames[mfn].flags = PGF_HEAD;
    frames[mfn].order = 0;
    frames[mfn].owner = owner;
}

static int setup(void **state)
{
    (void)state;
    memset(mem, 0, sizeof(mem));
    memset(pre_validate_calls, 0, sizeof(pre_validate_calls));
    iomem_refused = UINT64_MAX;
    snap_busy = false;
    assert_int_equal(frame_table_init(&ft, frames, NR), 0);
    for (uint64_t m = 1; m < 40; m++)
        own(m, DOM1);
    for (uint64_t m = 40; m < 48; m++)
        own(m, DOM2);
    assert_int_equal(frame_table_reserve(&ft, 48, 51), 0);
    own(51, DOMID_XEN);
    for (uint64_t m = 56; m < 64; m++)
        frames[m].flags = PGF_FREE;
    for (unsigned int i = 0; i < PT_NR_ENTRIES; i++)
        keel_l4[i] = (i >= PT_L4_HOLE_FIRST && i <= PT_L4_HOLE_LAST)
                     ? (0xabc000000ull + ((uint64_t)i << 12)) | P | RW | A | D
                     : 0;
    return 0;
}

/* ---- state checks ---- */

struct snap {
    struct page_info frames[NR];
    uint64_t mem[NR][PT_NR_ENTRIES];
};

/* One snapshot at a time (taken, then checked or dropped): static, as a
 * quarter MiB per step of the randomised tests is no job for malloc. */
static struct snap snap_buf;

static struct snap *snap_take(void)
{
    struct snap *s = &snap_buf;

    assert_false(snap_busy);
    snap_busy = true;
    memcpy(s->frames, frames, sizeof(frames));
    memcpy(s->mem, mem, sizeof(mem));
    return s;
}

static void snap_drop(struct snap *s)
{
    assert_ptr_equal(s, &snap_buf);
    assert_true(snap_busy);
    snap_busy = false;
}

/* Nothing changed since s; drops s. */
static void assert_unchanged(struct snap *s)
{
    if (!memcmp(s->frames, frames, sizeof(frames)) &&
        !memcmp(s->mem, mem, sizeof(mem))) {
        snap_drop(s);
        return;
    }
    for (unsigned int m = 0; m < NR; m++) {
        if (memcmp(&s->frames[m], &frames[m], sizeof(frames[m]))) {
            print_error("mfn %u: count %u->%u type_count %u->%u type %u->%u flags %#x->%#x\n",
                        m, s->frames[m].count, frames[m].count,
                        s->frames[m].type_count, frames[m].type_count,
                        s->frames[m].type, frames[m].type,
                        s->frames[m].flags, frames[m].flags);
            fail();
        }
        for (unsigned int i = 0; i < PT_NR_ENTRIES; i++) {
            if (s->mem[m][i] != mem[m][i]) {
                print_error("mfn %u slot %u: %#llx -> %#llx\n", m, i,
                            (unsigned long long)s->mem[m][i],
                            (unsigned long long)mem[m][i]);
                fail();
            }
        }
    }
    snap_drop(s);
}

/*
 * Only what validation writes into a table may differ: an entry gained
 * USER (and GUEST_KERNEL), ACCESSED (L4), lost GLOBAL, or had its cache
 * attributes made UC (I/O).
 */
static bool is_adjustment(uint64_t old, uint64_t new)
{
    uint64_t mask = US | PTE_GUEST_KERNEL | A | PTE_GLOBAL | PTE_CACHE_ATTRS;

    return (old & P) && !((old ^ new) & ~mask) && (new & US) &&
           !(new & PTE_GLOBAL);
}

/*
 * Counts and flags exactly as in s, memory but for validation's
 * adjustments of lower tables that validated before a failure (see
 * pt_validate.h); drops s.
 */
static void assert_unchanged_adj(struct snap *s)
{
    for (unsigned int m = 0; m < NR; m++) {
        for (unsigned int i = 0; i < PT_NR_ENTRIES; i++) {
            if (s->mem[m][i] != mem[m][i] &&
                !is_adjustment(s->mem[m][i], mem[m][i])) {
                print_error("mfn %u slot %u: %#llx -> %#llx\n", m, i,
                            (unsigned long long)s->mem[m][i],
                            (unsigned long long)mem[m][i]);
                fail();
            }
        }
    }
    memcpy(s->mem, mem, sizeof(mem));
    assert_unchanged(s);
}

static void assert_frame(uint64_t mfn, uint32_t count, uint32_t type_count,
                         uint8_t type)
{
    if (frames[mfn].count != count || frames[mfn].type_count != type_count ||
        frames[mfn].type != type) {
        print_error("mfn %llu: count %u type_count %u type %u, expected %u %u %u\n",
                    (unsigned long long)mfn, frames[mfn].count,
                    frames[mfn].type_count, frames[mfn].type, count,
                    type_count, type);
        fail();
    }
}

/* Torn down: every frame unreferenced, untyped, unpinned. */
static void assert_all_clear(void)
{
    for (uint64_t m = 0; m < NR; m++) {
        assert_frame(m, 0, 0, PGT_NONE);
        assert_false(frames[m].flags & PGF_PINNED);
    }
}

struct held {
    uint64_t mfn;
    unsigned int level;
};

static bool test_is_io(uint64_t mfn)
{
    return mfn >= NR || ((frames[mfn].flags & PGF_RESERVED) &&
                         (frames[mfn].owner == DOMID_INVALID ||
                          frames[mfn].owner == DOMID_IO));
}

static void want_type(uint8_t *want, uint64_t mfn, uint8_t type)
{
    if (want[mfn] && want[mfn] != type) {
        print_error("mfn %llu wanted as type %u and %u\n",
                    (unsigned long long)mfn, want[mfn], type);
        fail();
    }
    want[mfn] = type;
}

/* The rules every entry of a validated table obeys, as written. */
static void check_entry(unsigned int level, uint64_t e)
{
    assert_true(e & US);
    if (level == 1) {
        assert_false(e & PTE_GLOBAL);
    } else {
        assert_false(e & (PTE_PSE | PTE_GLOBAL | PTE_PCD | PTE_PWT));
    }
    if (level == 4)
        assert_true(e & A);
}

/*
 * Recompute every frame's counts from scratch: the references the present
 * entries of validated tables hold, pins, and the `held` references the
 * test took with pt_get_type. They must be exactly the frame table's.
 */
static void check_refs(const struct held *h, unsigned int nh)
{
    uint32_t gen[NR] = { 0 }, typ[NR] = { 0 };
    uint8_t want[NR] = { 0 };

    for (uint64_t f = 0; f < NR; f++) {
        unsigned int level = frames[f].type;

        if (frames[f].flags & PGF_PINNED) {
            assert_true(level >= PGT_L1 && level <= PGT_L4);
            gen[f]++;
            typ[f]++;
            want_type(want, f, (uint8_t)level);
        }
        if (level < PGT_L1 || level > PGT_L4 || frames[f].type_count == 0)
            continue;
        for (unsigned int i = 0; i < PT_NR_ENTRIES; i++) {
            uint64_t e = mem[f][i], t = (e & PTE_MFN_MASK) >> 12;

            if (level == 4 && i >= PT_L4_HOLE_FIRST && i <= PT_L4_HOLE_LAST) {
                assert_int_equal(e, keel_l4[i]);
                continue;
            }
            if (!(e & P))
                continue;
            check_entry(level, e);
            if (level == 1) {
                if (test_is_io(t))
                    continue;
                gen[t]++;
                if (e & RW) {
                    typ[t]++;
                    want_type(want, t, PGT_WRITABLE);
                }
            } else if (t == f) {
                assert_false(e & RW); /* a self entry holds nothing */
            } else {
                assert_true(t < NR);
                gen[t]++;
                typ[t]++;
                want_type(want, t, (uint8_t)(level - 1));
            }
        }
    }
    for (unsigned int i = 0; i < nh; i++) {
        gen[h[i].mfn]++;
        typ[h[i].mfn]++;
        want_type(want, h[i].mfn, (uint8_t)h[i].level);
    }
    for (uint64_t f = 0; f < NR; f++)
        assert_frame(f, gen[f], typ[f], typ[f] ? want[f] : PGT_NONE);
}

/*
 * The standard tree of domain 1, not yet validated:
 *   L4 1 [0] -> L3 2 [0] -> L2 3 [0] -> L1 4
 *   L1 4: [0] 5 RW (no USER), [1] 6 RO, [2] the L4 itself RO,
 *         [3] 5 RW again, [4] non-present junk
 *   L4 1 hole slots hold guest junk (a domain 2 frame, PSE).
 * It maps va 0 .. 0x4fff.
 */
static void build_tree(void)
{
    mem[1][0] = E(2, P | RW | US);
    mem[1][256] = E(40, P | RW | PTE_PSE);
    mem[1][271] = E(2, P | RW);
    mem[2][0] = E(3, P | RW | US | A);
    mem[3][0] = E(4, P | RW);
    mem[4][0] = E(5, P | RW);
    mem[4][1] = E(6, P | US);
    mem[4][2] = E(1, P | US | A);
    mem[4][3] = E(5, P | RW | US | A | D);
    mem[4][4] = 0x123456000ull | PTE_PSE;
}

static void assert_tree_counts(void)
{
    assert_frame(1, 2, 1, PGT_L4);  /* the reference taken, and L1 [2] */
    assert_frame(2, 1, 1, PGT_L3);
    assert_frame(3, 1, 1, PGT_L2);
    assert_frame(4, 1, 1, PGT_L1);
    assert_frame(5, 2, 2, PGT_WRITABLE);
    assert_frame(6, 1, 0, PGT_NONE);
}

static void validate_tree(const struct pt_ctx *c)
{
    build_tree();
    assert_int_equal(pt_get_type(c, 1, 4), 0);
    assert_tree_counts();
}

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

/* ---- randomised ---- */

#define POOL      16     /* frames 1..POOL are the tables' playground */
#define MAX_HELD  16

struct rnd {
    uint64_t seed;
    struct held held[MAX_HELD];
    unsigned int nheld;
};

static uint64_t rnd(struct rnd *r, uint64_t n)
{
    return xorshift64(&r->seed) % n;
}

/*
 * Frames 1..POOL have a role, so that deep trees form: 1-2 are meant as
 * L4s, 3-5 L3s, 6-9 L2s, 10-13 L1s, 14-16 data. Every choice follows the
 * roles most of the time and is anything at all the rest of the time.
 */
static unsigned int role(uint64_t mfn)
{
    if (mfn <= 2)
        return 4;
    if (mfn <= 5)
        return 3;
    if (mfn <= 9)
        return 2;
    if (mfn <= 13)
        return 1;
    return 0;
}

static uint64_t rnd_of_role(struct rnd *r, unsigned int want)
{
    for (;;) {
        uint64_t m = 1 + rnd(r, POOL);

        if (role(m) == want)
            return m;
    }
}

static uint64_t rnd_odd(struct rnd *r)
{
    static const uint64_t odd[] = { 0, 17, 40, 41, XEN_RO, 49, 51, 52, 56,
                                    IO_OUT, 0xfffffffffull };

    return odd[rnd(r, sizeof(odd) / sizeof(odd[0]))];
}

/* A well-formed entry for a table of `level` by the roles. */
static uint64_t rnd_good_entry(struct rnd *r, unsigned int level)
{
    uint64_t e = rnd(r, 100) < 90 ? P : 0;

    if (rnd(r, 2))
        e |= US;
    e |= rnd(r, 4) * A;          /* A, D, or both, or neither */
    if (rnd(r, 100) < 10)
        e |= PTE_NX;
    if (level > 1)
        return e | RW | (rnd_of_role(r, level - 1) << 12);
    if (rnd(r, 100) < 70)
        return e | (rnd(r, 2) * RW) | (rnd_of_role(r, 0) << 12);
    return e | ((1 + rnd(r, POOL)) << 12);          /* read-only, anything */
}

/* Anything: any frame, any flags. */
static uint64_t rnd_chaos_entry(struct rnd *r)
{
    static const uint64_t bits[] = { P, RW, US, A, D, PTE_PSE, PTE_PCD,
                                     PTE_PWT, PTE_GLOBAL, PTE_AVAIL,
                                     PTE_GNTTAB, PTE_NX };
    uint64_t mfn = rnd(r, 2) ? 1 + rnd(r, POOL) : rnd_odd(r);
    uint64_t e = mfn << 12;

    for (unsigned int i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
        if (rnd(r, 100) < (i < 4 ? 60 : 8))
            e |= bits[i];
    }
    return e;
}

/* An entry for a table of `level` (0: a data frame, by its role). */
static uint64_t rnd_entry(struct rnd *r, unsigned int level)
{
    if (level && rnd(r, 100) < 94)
        return rnd_good_entry(r, level);
    return rnd_chaos_entry(r);
}

static unsigned int rnd_slot(struct rnd *r)
{
    static const unsigned int slots[] = { 0, 1, 2, 3, 255, 256, 271, 272, 511 };

    return slots[rnd(r, sizeof(slots) / sizeof(slots[0]))];
}

static unsigned int rnd_level(struct rnd *r, uint64_t mfn)
{
    if (role(mfn) && rnd(r, 100) < 80)
        return role(mfn);
    return 1 + (unsigned int)rnd(r, 4);
}

static int rnd_step(struct rnd *r, const struct pt_ctx *c)
{
    unsigned int op = (unsigned int)rnd(r, 100);
    uint64_t mfn = 1 + rnd(r, POOL);
    unsigned int level;
    int rc;

    if (op >= 60 && !role(mfn) && rnd(r, 100) < 90)
        mfn = 1 + rnd(r, POOL - 3);   /* type and pin tables, mostly */
    level = rnd_level(r, mfn);

    if (op < 60)
        return pt_update_entry(c, mfn, rnd_slot(r), rnd_entry(r, role(mfn)),
                               rnd(r, 2));
    if (op < 70)
        return pt_pin(c, mfn, level);
    if (op < 78)
        return pt_unpin(c, mfn);
    if (op < 90) {
        if (r->nheld == MAX_HELD)
            return -EAGAIN;
        rc = pt_get_type(c, mfn, level);
        if (rc == 0)
            r->held[r->nheld++] = (struct held){ mfn, level };
        return rc;
    }
    if (r->nheld == 0)
        return -EAGAIN;
    {
        unsigned int i = (unsigned int)rnd(r, r->nheld);

        rc = pt_put_type(c, r->held[i].mfn, r->held[i].level);
        if (rc == 0)
            r->held[i] = r->held[--r->nheld];
        return rc;
    }
}

static void random_run(const struct pt_ctx *c, uint64_t seed, unsigned int steps)
{
    struct rnd r = { .seed = seed };
    unsigned int ok = 0, refused = 0, errs[128] = { 0 };

    for (unsigned int n = 0; n < steps; n++) {
        struct snap *s = snap_take();
        int rc = rnd_step(&r, c);

        if (rc) {
            assert_unchanged_adj(s);
            if (rc != -EAGAIN)
                refused++;
            if (-rc < 128)
                errs[-rc]++;
        } else {
            snap_drop(s);
            ok++;
        }
        check_refs(r.held, r.nheld);
    }
    /* Both outcomes must have been exercised, every error seen. */
    print_message("%u steps: %u done, %u refused (EINVAL %u, EBUSY %u, EPERM %u, EACCES %u)\n",
                  steps, ok, refused, errs[EINVAL], errs[EBUSY], errs[EPERM],
                  errs[EACCES]);
    assert_true(ok > steps / 10);
    assert_true(refused > steps / 10);
    assert_true(errs[EINVAL] > 0 && errs[EBUSY] > 0);

    /* Tear down: every pin and held reference; then nothing is left. */
    for (uint64_t m = 1; m <= POOL; m++) {
        if (frames[m].flags & PGF_PINNED)
            assert_int_equal(pt_unpin(c, m), 0);
    }
    while (r.nheld) {
        r.nheld--;
        assert_int_equal(pt_put_type(c, r.held[r.nheld].mfn,
                                     r.held[r.nheld].level), 0);
        check_refs(r.held, r.nheld);
    }
    assert_all_clear();
}

static void test_random(void **state)
{
    struct pt_ctx c = ctx(DOM1);

    (void)state;
    random_run(&c, 0x9e3779b97f4a7c15ull, 4000);
}

static void test_random_privileged_linear(void **state)
{
    struct pt_ctx c = ctx_priv(DOM1);

    (void)state;
    c.self_linear = true;
    random_run(&c, 0xc2b2ae3d27d4eb4full, 4000);
}

/* Deep trees do form: count the validated tables of each level seen. */
static void test_random_reaches_depth(void **state)
{
    struct pt_ctx c = ctx(DOM1);
    struct rnd r = { .seed = 12345 };
    unsigned int seen[5] = { 0 };

    (void)state;
    for (unsigned int n = 0; n < 3000; n++) {
        (void)rnd_step(&r, &c);
        for (uint64_t m = 1; m <= POOL; m++) {
            if (frames[m].type >= PGT_L1 && frames[m].type <= PGT_L4)
                seen[frames[m].type]++;
        }
    }
    print_message("validated tables seen: L1 %u, L2 %u, L3 %u, L4 %u\n",
                  seen[1], seen[2], seen[3], seen[4]);
    for (unsigned int l = 1; l <= 4; l++)
        assert_true(seen[l] > 100);
    check_refs(r.held, r.nheld);
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
        T(test_update_moves_refs),
        T(test_update_devalidates),
        T(test_fastpath_and_preserve_ad),
        T(test_plain_writes),
        T(test_pin_unpin),
        T(test_bad_arguments),
        T(test_walk),
        T(test_l1tf_rules),
        T(test_random),
        T(test_random_privileged_linear),
        T(test_random_reaches_depth),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
