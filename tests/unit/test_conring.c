/*
 * Unit tests for the console ring (kernel/conring.c).
 *
 * The byte written at stream position p is always pat(p), so any byte read
 * back can be checked against the position it claims to come from.
 * The randomized test compares against a model that keeps the whole stream.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keel/conring.h"
#include "keel/errno.h"

#include "xorshift.h"

static char pat(uint64_t pos)
{
    return (char)(' ' + (pos * 7 + pos / 95) % 95);   /* printable, varied */
}

/* Writes len pattern bytes continuing the stream at r->producer. */
static void write_pat(struct conring *r, size_t len)
{
    char *s = malloc(len + 1);

    assert_non_null(s);
    for (size_t i = 0; i < len; i++)
        s[i] = pat(r->producer + i);
    conring_write(r, s, len);
    free(s);
}

static void assert_pat(const char *out, uint64_t from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (out[i] != pat(from + i))
            fail_msg("byte %zu: got %d, want %d (position %llu)", i, out[i],
                     pat(from + i), (unsigned long long)(from + i));
}

/* Reads up to len bytes at *index, checking the count, the loss and content. */
static void read_expect(const struct conring *r, uint64_t *index, size_t len,
                        size_t want_n, uint64_t want_lost, uint64_t want_from)
{
    char out[64];
    uint64_t lost = 12345;
    size_t n;

    assert_true(len <= sizeof(out));
    n = conring_read(r, index, out, len, &lost);
    assert_int_equal(n, want_n);
    assert_int_equal(lost, want_lost);
    assert_int_equal(*index, want_from + n);
    assert_pat(out, want_from, n);
}

static void test_init_sizes(void **state)
{
    static const uint32_t bad[] = { 0, 1, 2, 8, 15, 17, 24, 48, 1000,
                                    (1u << 20) + 16, UINT32_MAX };
    static const uint32_t good[] = { 16, 32, 4096, 65536, 1u << 24, 1u << 31 };
    struct conring r;
    char buf[16];

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(conring_init(&r, buf, bad[i]), -EINVAL);
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        assert_int_equal(conring_init(&r, buf, good[i]), 0);
        assert_int_equal(r.size, good[i]);
        assert_int_equal(r.producer, 0);
        assert_int_equal(conring_oldest(&r), 0);
    }
}

static void test_empty(void **state)
{
    struct conring r;
    char buf[16], out[16];
    uint64_t idx = 0;

    (void)state;
    assert_int_equal(conring_init(&r, buf, sizeof(buf)), 0);
    read_expect(&r, &idx, 16, 0, 0, 0);
    assert_int_equal(conring_snapshot(&r, out, sizeof(out)), 0);
    conring_write(&r, "", 0);
    assert_int_equal(r.producer, 0);
}

static void test_simple_write_read(void **state)
{
    struct conring r;
    char buf[16], out[16];
    uint64_t idx = 0, lost;

    (void)state;
    assert_int_equal(conring_init(&r, buf, sizeof(buf)), 0);
    conring_write(&r, "hello\n", 6);
    assert_int_equal(conring_read(&r, &idx, out, sizeof(out), &lost), 6);
    assert_memory_equal(out, "hello\n", 6);
    assert_int_equal(idx, 6);
    assert_int_equal(lost, 0);
    assert_int_equal(conring_read(&r, &idx, out, sizeof(out), &lost), 0);
    assert_int_equal(idx, 6);
    assert_int_equal(conring_snapshot(&r, out, sizeof(out)), 6);
    assert_memory_equal(out, "hello\n", 6);
}

/* Fill to exactly the end, then one more byte, then cross the boundary. */
static void test_wrap_at_exact_boundaries(void **state)
{
    struct conring r;
    char buf[16], out[16];
    uint64_t idx = 0;

    (void)state;
    assert_int_equal(conring_init(&r, buf, sizeof(buf)), 0);
    write_pat(&r, 10);
    write_pat(&r, 6);                     /* ends exactly at buf's end */
    assert_int_equal(conring_oldest(&r), 0);
    assert_int_equal(conring_snapshot(&r, out, 16), 16);
    assert_pat(out, 0, 16);
    read_expect(&r, &idx, 16, 16, 0, 0);  /* whole ring, nothing lost */

    write_pat(&r, 1);                     /* first byte overwritten */
    assert_int_equal(conring_oldest(&r), 1);
    idx = 0;
    read_expect(&r, &idx, 16, 16, 1, 1);

    write_pat(&r, 7);                     /* offset 1 .. 7 */
    write_pat(&r, 16);                    /* exactly size, from offset 8 */
    assert_int_equal(r.producer, 40);
    assert_int_equal(conring_snapshot(&r, out, 16), 16);
    assert_pat(out, 24, 16);
    read_expect(&r, &idx, 16, 16, 7, 24);  /* 17 .. 23 lost */

    write_pat(&r, 12);                    /* crosses the end: 8..15, 0..3 */
    read_expect(&r, &idx, 16, 12, 0, 40);
    assert_int_equal(conring_snapshot(&r, out, 16), 16);
    assert_pat(out, 36, 16);
}

static void test_write_longer_than_ring(void **state)
{
    struct conring r;
    char buf[16], out[16];
    uint64_t idx = 0;

    (void)state;
    assert_int_equal(conring_init(&r, buf, sizeof(buf)), 0);
    write_pat(&r, 3);
    write_pat(&r, 16 * 5 + 3);            /* keeps its last 16 bytes */
    assert_int_equal(r.producer, 86);
    assert_int_equal(conring_oldest(&r), 70);
    assert_int_equal(conring_snapshot(&r, out, 16), 16);
    assert_pat(out, 70, 16);
    read_expect(&r, &idx, 16, 16, 70, 70);
    write_pat(&r, 17);                    /* one more than the ring */
    assert_int_equal(conring_snapshot(&r, out, 16), 16);
    assert_pat(out, 87, 16);
    read_expect(&r, &idx, 16, 16, 1, 87);
}

/* A reader that keeps up, then falls behind the writer and is told so. */
static void test_incremental_reader_overrun(void **state)
{
    struct conring r;
    char buf[16];
    uint64_t idx = 0;

    (void)state;
    assert_int_equal(conring_init(&r, buf, sizeof(buf)), 0);
    write_pat(&r, 10);
    read_expect(&r, &idx, 4, 4, 0, 0);    /* small out buffer: partial */
    read_expect(&r, &idx, 4, 4, 0, 4);
    write_pat(&r, 9);                     /* 19 written: position 2 gone */
    read_expect(&r, &idx, 4, 4, 0, 8);    /* 8 is still there */
    write_pat(&r, 20);                    /* 39 written: kept 23 .. 38 */
    read_expect(&r, &idx, 5, 5, 11, 23);  /* 12 .. 22 lost */
    read_expect(&r, &idx, 64, 11, 0, 28);
    read_expect(&r, &idx, 64, 0, 0, 39);
}

static void test_index_past_producer(void **state)
{
    struct conring r;
    char buf[16];
    uint64_t idx = 1000;

    (void)state;
    assert_int_equal(conring_init(&r, buf, sizeof(buf)), 0);
    write_pat(&r, 5);
    read_expect(&r, &idx, 16, 0, 0, 5);   /* pulled back to the producer */
    write_pat(&r, 3);
    read_expect(&r, &idx, 16, 3, 0, 5);
}

static void test_clear(void **state)
{
    struct conring r;
    char buf[16], out[16];
    uint64_t idx = 0, late = 0;

    (void)state;
    assert_int_equal(conring_init(&r, buf, sizeof(buf)), 0);
    write_pat(&r, 10);
    read_expect(&r, &late, 3, 3, 0, 0);   /* a reader mid-way at 3 */
    conring_clear(&r, UINT64_MAX);
    assert_int_equal(conring_oldest(&r), 10);
    assert_int_equal(conring_snapshot(&r, out, sizeof(out)), 0);
    read_expect(&r, &idx, 16, 0, 0, 10);  /* cleared bytes are not "lost" */
    write_pat(&r, 4);
    read_expect(&r, &idx, 16, 4, 0, 10);
    read_expect(&r, &late, 16, 4, 0, 10);
    assert_int_equal(conring_snapshot(&r, out, sizeof(out)), 4);
    assert_pat(out, 10, 4);

    write_pat(&r, 20);                    /* 34 written: kept 18 .. 33 */
    assert_int_equal(conring_oldest(&r), 18);
    idx = 0;                              /* only 10 .. 17 count as lost */
    read_expect(&r, &idx, 16, 16, 8, 18);
    conring_clear(&r, 20);                /* only up to what was read */
    assert_int_equal(conring_oldest(&r), 20);
    conring_clear(&r, 19);                /* never moves back */
    assert_int_equal(conring_oldest(&r), 20);
    idx = 0;
    read_expect(&r, &idx, 16, 14, 0, 20);
    conring_clear(&r, UINT64_MAX);
    conring_clear(&r, UINT64_MAX);        /* idempotent */
    idx = 0;
    read_expect(&r, &idx, 16, 0, 0, 34);
}

static void test_snapshot_smaller_than_kept(void **state)
{
    struct conring r;
    char buf[16], out[16];

    (void)state;
    assert_int_equal(conring_init(&r, buf, sizeof(buf)), 0);
    write_pat(&r, 30);
    assert_int_equal(conring_snapshot(&r, out, 5), 5);   /* the newest 5 */
    assert_pat(out, 25, 5);
    assert_int_equal(conring_snapshot(&r, out, 0), 0);
}

/* 1 MiB, the size of a generous conring_size=: many wraps, odd lengths. */
static void test_one_mib(void **state)
{
    const uint32_t size = 1u << 20;
    struct conring r;
    char *buf = malloc(size), *out = malloc(size);
    uint64_t idx = 0, lost;
    size_t n;

    (void)state;
    assert_non_null(buf);
    assert_non_null(out);
    assert_int_equal(conring_init(&r, buf, size), 0);
    write_pat(&r, 1000);
    n = conring_read(&r, &idx, out, size, &lost);
    assert_int_equal(n, 1000);
    while (r.producer < 5 * (uint64_t)size + 12345)
        write_pat(&r, 65521);             /* prime: every offset differs */
    write_pat(&r, size + 7);
    assert_int_equal(conring_snapshot(&r, out, size), size);
    assert_pat(out, r.producer - size, size);
    n = conring_read(&r, &idx, out, size, &lost);
    assert_int_equal(n, size);
    assert_int_equal(lost, r.producer - size - 1000);
    assert_int_equal(idx, r.producer);
    assert_pat(out, r.producer - size, size);
    free(buf);
    free(out);
}

/*
 * Randomized: writes of 0 .. 3 * size bytes, readers with their own
 * indices and buffer sizes, clears and snapshots, against a model that
 * knows only the stream length, the clear point and the rules.
 */
static uint64_t rng = 0x2545f4914f6cdd1dull;

static size_t rnd_below(size_t n)
{
    return (size_t)(xorshift64(&rng) % n);
}

#define R_READERS 3

static void random_read(const struct conring *r, uint64_t *index,
                        uint64_t cleared, char *out, size_t cap)
{
    uint64_t kept = r->producer > r->size ? r->producer - r->size : 0;
    uint64_t from = *index, lost = 0, got_lost;
    size_t len = rnd_below(cap + 1), want, n;

    /* Model: skip cleared bytes silently, clamp to the producer, then
     * report every byte between there and the oldest kept one as lost. */
    if (from < cleared)
        from = cleared;
    if (from > r->producer)
        from = r->producer;
    if (from < kept) {
        lost = kept - from;
        from = kept;
    }
    want = r->producer - from < len ? r->producer - from : len;
    n = conring_read(r, index, out, len, &got_lost);
    assert_int_equal(n, want);
    assert_int_equal(got_lost, lost);
    assert_int_equal(*index, from + n);
    assert_pat(out, from, n);
}

static void random_run(uint32_t size, int steps)
{
    struct conring r;
    char *buf = malloc(size), *out = malloc(2 * (size_t)size);
    uint64_t idx[R_READERS] = { 0 }, cleared = 0;

    assert_non_null(buf);
    assert_non_null(out);
    assert_int_equal(conring_init(&r, buf, size), 0);
    for (int step = 0; step < steps; step++) {
        uint64_t kept = r.producer > size ? r.producer - size : 0;
        uint64_t oldest = kept > cleared ? kept : cleared;
        size_t n, len;

        switch (rnd_below(8)) {
        case 0: case 1: case 2:
            write_pat(&r, rnd_below(4) ? rnd_below(size / 2 + 1)
                                       : rnd_below(3 * (size_t)size));
            break;
        case 3: case 4: case 5:
            random_read(&r, &idx[rnd_below(R_READERS)], cleared, out,
                        2 * (size_t)size);
            break;
        case 6:
            len = rnd_below(2 * (size_t)size);
            n = conring_snapshot(&r, out, len);
            assert_int_equal(n, r.producer - oldest < len ? r.producer - oldest : len);
            assert_pat(out, r.producer - n, n);
            break;
        default:
            if (rnd_below(4) == 0) {
                uint64_t upto = rnd_below((size_t)r.producer + size + 1);

                conring_clear(&r, upto);
                if (upto > r.producer)
                    upto = r.producer;
                if (upto > cleared)
                    cleared = upto;
            }
            break;
        }
        kept = r.producer > size ? r.producer - size : 0;
        assert_int_equal(conring_oldest(&r), kept > cleared ? kept : cleared);
    }
    free(buf);
    free(out);
}

static void test_randomized_against_model(void **state)
{
    (void)state;
    random_run(16, 20000);
    random_run(64, 20000);
    random_run(4096, 3000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_sizes),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_simple_write_read),
        cmocka_unit_test(test_wrap_at_exact_boundaries),
        cmocka_unit_test(test_write_longer_than_ring),
        cmocka_unit_test(test_incremental_reader_overrun),
        cmocka_unit_test(test_index_past_producer),
        cmocka_unit_test(test_clear),
        cmocka_unit_test(test_snapshot_smaller_than_kept),
        cmocka_unit_test(test_one_mib),
        cmocka_unit_test(test_randomized_against_model),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
