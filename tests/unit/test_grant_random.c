/*
 * Grant tables under a long random sequence of operations by three
 * domains (maps of every kind, unmaps with right and wrong handles and
 * addresses, copies, grants rewritten while unused), with the whole state
 * recomputed from scratch after every step: each active entry's pin
 * counts equal the mappings the maptracks record, each frame's references
 * equal what the live PTEs and device mappings hold, and the in-use bits
 * of every entry say what its pins say. At the end everything is unmapped
 * and every count is back where it started.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keel/errno.h"
#include "keel/grant_table.h"
#include "grant_fixture.h"
#include "xorshift.h"

#define STEPS  20000
#define REFS   8          /* grant references in play per domain */
#define ADDRS  4          /* host addresses in play per mapper */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
/* Successes, so that a sequence refusing everything cannot pass. */
static unsigned int maps_ok, unmaps_ok, copies_ok;

static unsigned int pick(unsigned int n)
{
    return (unsigned int)(xorshift64(&rng) % n);
}

/* What one mapping adds to its grant's pin: one in the byte of each kind
 * it is (host bytes 0-1, device 2-3; writable, then read-only). */
static uint32_t mapping_pin(uint16_t flags)
{
    unsigned int ro = flags & GNTMAP_readonly ? 8 : 0;

    return (flags & GNTMAP_host_map ? 1u << ro : 0) +
           (flags & GNTMAP_device_map ? 1u << (16 + ro) : 0);
}

static void check_state(void)
{
    uint32_t pins[4][REFS] = { { 0 } }, gen[NR] = { 0 }, typ[NR] = { 0 };

    for (unsigned int d = 1; d < 4; d++) {
        struct grant_table *t = &tables[d];

        for (uint32_t h = 0; h < t->maptrack_limit; h++) {
            struct grant_mapping *m = &t->maptrack[h / MAPTRACK_PER_PAGE][h % MAPTRACK_PER_PAGE];
            const struct active_grant *act;

            if (!m->flags)
                continue;
            assert_true(m->domid >= 1 && m->domid < 4 && m->ref < REFS);
            pins[m->domid][m->ref] += mapping_pin(m->flags);
            act = &tables[m->domid].active[0][m->ref];
            assert_int_equal(act->domid, d);
            if (m->flags & GNTMAP_device_map) {
                gen[act->mfn]++;
                typ[act->mfn] += !(m->flags & GNTMAP_readonly);
            }
        }
        for (unsigned int i = 0; i < MAX_HOST; i++) {
            if (!ptes[d][i].used)
                continue;
            gen[ptes[d][i].mfn]++;
            typ[ptes[d][i].mfn] += ptes[d][i].rw;
        }
    }
    for (unsigned int d = 1; d < 4; d++)
        for (unsigned int r = 0; r < REFS; r++) {
            uint32_t pin = tables[d].active[0][r].pin;
            uint16_t f = gflags((domid_t)d, r);

            assert_int_equal(pin, pins[d][r]);
            assert_int_equal(!!(f & GTF_reading), pin != 0);
            assert_int_equal(!!(f & GTF_writing),
                             (pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)) != 0);
        }
    for (unsigned int f = 1; f < POOL; f++) {
        assert_int_equal(frames[f].count, gen[f]);
        assert_int_equal(frames[f].type_count, typ[f]);
    }
}

static domid_t any_domain(void)
{
    return (domid_t)(1 + pick(3));
}

/* A frame: usually the granter's own, sometimes anyone's or a free one. */
static uint32_t some_frame(domid_t owner)
{
    return pick(4) ? 16 * owner + pick(16) - (owner == 1) * !pick(2) : pick(NR + 4);
}

static void step_grant(void)
{
    domid_t from = any_domain();
    grant_ref_t ref = pick(REFS);
    static const uint16_t kinds[] = { GTF_permit_access, GTF_permit_access | GTF_readonly,
                                      GTF_invalid, GTF_accept_transfer,
                                      GTF_permit_access | GTF_sub_page };

    if (tables[from].active[0][ref].pin)
        return; /* a well-behaved guest leaves an entry in use alone */
    grant(from, ref, any_domain(), some_frame(from), kinds[pick(5)]);
}

static void step_map(void)
{
    static const uint32_t kinds[] = { GNTMAP_host_map, GNTMAP_host_map | GNTMAP_readonly,
                                      GNTMAP_device_map, GNTMAP_device_map | GNTMAP_readonly,
                                      GNTMAP_host_map | GNTMAP_device_map, 0 };
    domid_t by = any_domain();
    uint32_t flags = kinds[pick(6)];
    uint64_t addr = pick(8) ? 0x1000 * (1 + pick(ADDRS)) : BAD_ADDR;
    unsigned int free_slot = 0;

    while (free_slot < MAX_HOST && ptes[by][free_slot].used)
        free_slot++;
    if ((flags & GNTMAP_host_map) && free_slot == MAX_HOST && !pte_at(&tables[by], addr))
        return; /* the fake's PTE table is full */
    maps_ok += map(by, any_domain(), pick(REFS + 1), flags, addr).status == GNTST_okay;
}

static void step_unmap(void)
{
    domid_t by = any_domain();
    struct grant_table *t = &tables[by];
    grant_handle_t h = t->maptrack_limit && pick(8) ? pick(t->maptrack_limit) : pick(100000);
    uint64_t addr = pick(4) ? 0x1000 * (1 + pick(ADDRS)) : 0;
    uint64_t bus = 0;

    if (h < t->maptrack_limit && pick(4)) {
        struct grant_mapping *m = &t->maptrack[h / MAPTRACK_PER_PAGE][h % MAPTRACK_PER_PAGE];

        if (m->flags && m->ref < REFS)
            bus = tables[m->domid].active[0][m->ref].mfn << 12;
    }
    unmaps_ok += unmap(by, h, addr, pick(8) ? bus : 0x5000) == GNTST_okay && (addr || bus);
}

static void step_copy(void)
{
    struct gnttab_copy op = { .len = (uint16_t)(pick(8) ? pick(2048) : pick(4200)),
                              .flags = (uint16_t)pick(4) };
    domid_t by = any_domain();

    op.source.domid = op.flags & GNTCOPY_source_gref ? any_domain() : DOMID_SELF;
    op.dest.domid = op.flags & GNTCOPY_dest_gref ? any_domain() : DOMID_SELF;
    op.source.u.ref = op.flags & GNTCOPY_source_gref ? pick(REFS) : some_frame(by);
    op.dest.u.ref = op.flags & GNTCOPY_dest_gref ? pick(REFS) : some_frame(by);
    op.source.offset = (uint16_t)(pick(8) ? pick(2048) : pick(4096));
    op.dest.offset = (uint16_t)(pick(8) ? pick(2048) : pick(4096));
    gnttab_copy(&tables[by], &op);
    assert_true(op.status <= 0 && op.status >= GNTST_no_space);
    copies_ok += op.status == GNTST_okay && op.len;
}

/* A guest zaps one of its grant PTEs with mmu_update: the references go
 * with it, the maptrack entry stays (unmapping it later fails). */
static void step_zap(void)
{
    domid_t by = any_domain();
    unsigned int i = pick(MAX_HOST);

    if (ptes[by][i].used)
        drop_pte_refs(&ptes[by][i]);
}

static void test_random_sequence(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < 12; i++)
        grant((domid_t)(1 + i % 3), i % REFS, (domid_t)(1 + (i + 1) % 3),
              16 * (1 + i % 3) + i, GTF_permit_access);
    for (unsigned int s = 0; s < STEPS; s++) {
        unsigned int op = pick(20);

        if (op < 4)
            step_grant();
        else if (op < 10)
            step_map();
        else if (op < 15)
            step_unmap();
        else if (op < 19)
            step_copy();
        else
            step_zap();
        check_state();
    }
    /* Everything goes: PTEs with the page tables, then the mappings. */
    for (unsigned int d = 1; d < 4; d++) {
        for (unsigned int i = 0; i < MAX_HOST; i++)
            if (ptes[d][i].used)
                drop_pte_refs(&ptes[d][i]);
        gnttab_release_mappings(&tables[d]);
    }
    check_state();
    for (unsigned int d = 1; d < 4; d++)
        assert_false(gnttab_has_pins(&tables[d]));
    print_message("maps %u, unmaps %u, copies %u succeeded\n", maps_ok, unmaps_ok, copies_ok);
    assert_true(maps_ok > 300 && unmaps_ok > 100 && copies_ok > 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_random_sequence, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
