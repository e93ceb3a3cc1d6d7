/*
 * Unit tests for the toolstack's CPU bitmaps (kernel/lib/xenctl_bitmap.c):
 * how many bytes a map has, which bits of them count, and the way back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "keel/xenctl_bitmap.h"

static void test_byte_counts(void **state)
{
    (void)state;
    assert_int_equal(xenctl_bitmap_bytes(0), 0);
    assert_int_equal(xenctl_bitmap_bytes(1), 1);
    assert_int_equal(xenctl_bitmap_bytes(8), 1);
    assert_int_equal(xenctl_bitmap_bytes(9), 2);
    assert_int_equal(xenctl_bitmap_bytes(4096), 512);
    assert_int_equal(xenctl_bitmap_shared_bytes(9), 2);
    assert_int_equal(xenctl_bitmap_shared_bytes(64), 8);
    assert_int_equal(xenctl_bitmap_shared_bytes(4096), 8);
    assert_int_equal(xenctl_bitmap_shared_bytes(0xffffffffu), 8);
}

/* Byte i holds CPUs 8i..8i+7, lowest bit first. */
static void test_to_mask_byte_order(void **state)
{
    const uint8_t b[8] = { 0x02, 0x80, 0, 0, 0, 0, 0, 0x80 };

    (void)state;
    assert_int_equal(xenctl_bitmap_to_mask(b, 64), (1ull << 1) | (1ull << 15) | (1ull << 63));
    assert_int_equal(xenctl_bitmap_to_mask(b, 4096), (1ull << 1) | (1ull << 15) | (1ull << 63));
}

/* Bits past nr_bits are not the caller's: a stale byte tail is ignored. */
static void test_to_mask_ignores_bits_past_nr_bits(void **state)
{
    const uint8_t b[2] = { 0xff, 0xff };

    (void)state;
    assert_int_equal(xenctl_bitmap_to_mask(b, 0), 0);
    assert_int_equal(xenctl_bitmap_to_mask(b, 1), 0x1);
    assert_int_equal(xenctl_bitmap_to_mask(b, 2), 0x3);
    assert_int_equal(xenctl_bitmap_to_mask(b, 8), 0xff);
    assert_int_equal(xenctl_bitmap_to_mask(b, 12), 0xfff);
    assert_int_equal(xenctl_bitmap_to_mask(b, 16), 0xffff);
}

static void test_round_trip(void **state)
{
    const uint64_t masks[] = { 0, 1, 0x2, 0xf0f0, 1ull << 63, ~0ull, 0x0123456789abcdefull };
    uint8_t b[XENCTL_MASK_BYTES];

    (void)state;
    for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
        xenctl_bitmap_from_mask(masks[i], b);
        assert_int_equal(xenctl_bitmap_to_mask(b, 64), masks[i]);
    }
    xenctl_bitmap_from_mask(0x0123456789abcdefull, b);
    assert_int_equal(b[0], 0xef);
    assert_int_equal(b[7], 0x01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byte_counts),
        cmocka_unit_test(test_to_mask_byte_order),
        cmocka_unit_test(test_to_mask_ignores_bits_past_nr_bits),
        cmocka_unit_test(test_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
