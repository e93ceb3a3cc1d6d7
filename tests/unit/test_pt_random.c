/*
 * Unit tests for the PV page-table validation core
 * (arch/x86/pv/pt_validate.c): randomised runs of updates, pins and type
 * references, each call checked against the counts recomputed from
 * scratch and, if refused, against a snapshot of the machine.
 *
 * The fake machine is described in pt_fixture.h.
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
#include "xorshift.h"

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
        T(test_random),
        T(test_random_privileged_linear),
        T(test_random_reaches_depth),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
