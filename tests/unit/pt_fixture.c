/* The fake machine of the page-table validation tests: see pt_fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keel/mm.h"
#include "pt_fixture.h"

uint64_t mem[NR][PT_NR_ENTRIES] __attribute__((aligned(4096)));
struct page_info frames[NR];
static struct frame_table ft;
uint64_t keel_l4[PT_NR_ENTRIES];
unsigned int pre_validate_calls[5];
uint64_t iomem_refused = UINT64_MAX;
static bool snap_busy;           /* the one snapshot is taken (below) */

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
bool xen_frame_mappable(void *arg, uint64_t mfn, bool writable)
{
    (void)arg;
    return mfn == XEN_RO && !writable;
}

struct pt_ctx ctx(uint16_t domid)
{
    return (struct pt_ctx){
        .ft = &ft,
        .domid = domid,
        .map = map,
        .keel_l4 = keel_l4,
        .pre_validate = pre_validate,
    };
}

struct pt_ctx ctx_priv(uint16_t domid)
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

int setup(void **state)
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

struct snap *snap_take(void)
{
    struct snap *s = &snap_buf;

    assert_false(snap_busy);
    snap_busy = true;
    memcpy(s->frames, frames, sizeof(frames));
    memcpy(s->mem, mem, sizeof(mem));
    return s;
}

void snap_drop(struct snap *s)
{
    assert_ptr_equal(s, &snap_buf);
    assert_true(snap_busy);
    snap_busy = false;
}

/* Nothing changed since s; drops s. */
void assert_unchanged(struct snap *s)
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
void assert_unchanged_adj(struct snap *s)
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

void assert_frame(uint64_t mfn, uint32_t count, uint32_t type_count,
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
void assert_all_clear(void)
{
    for (uint64_t m = 0; m < NR; m++) {
        assert_frame(m, 0, 0, PGT_NONE);
        assert_false(frames[m].flags & PGF_PINNED);
    }
}

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
void check_refs(const struct held *h, unsigned int nh)
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
void build_tree(void)
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

void assert_tree_counts(void)
{
    assert_frame(1, 2, 1, PGT_L4);  /* the reference taken, and L1 [2] */
    assert_frame(2, 1, 1, PGT_L3);
    assert_frame(3, 1, 1, PGT_L2);
    assert_frame(4, 1, 1, PGT_L1);
    assert_frame(5, 2, 2, PGT_WRITABLE);
    assert_frame(6, 1, 0, PGT_NONE);
}

void validate_tree(const struct pt_ctx *c)
{
    build_tree();
    assert_int_equal(pt_get_type(c, 1, 4), 0);
    assert_tree_counts();
}
