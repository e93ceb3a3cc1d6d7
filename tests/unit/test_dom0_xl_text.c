/*
 * Unit tests for xl's text conversions (dom0/xl/xl_text.c): memory sizes
 * as parse_mem_size_kb reads them, CPU maps and uptimes as xl prints
 * them, and libxl's checks on credit parameters.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dom0/xl/xl_text.h"

static uint64_t kb_of(const char *s)
{
    uint64_t kb = 12345;

    assert_int_equal(xl_parse_mem_kb(s, &kb), 0);
    return kb;
}

static void test_mem_units(void **state)
{
    (void)state;
    assert_int_equal(kb_of("64"), 64 * 1024);       /* no unit: MiB */
    assert_int_equal(kb_of("64m"), 64 * 1024);
    assert_int_equal(kb_of("64M"), 64 * 1024);
    assert_int_equal(kb_of("512k"), 512);
    assert_int_equal(kb_of("2g"), 2 * 1024 * 1024);
    assert_int_equal(kb_of("1T"), 1024ull * 1024 * 1024);
    assert_int_equal(kb_of("4096b"), 4);
    assert_int_equal(kb_of("1000b"), 0);            /* bytes round down */
    assert_int_equal(kb_of("0"), 0);
}

static void test_mem_refused(void **state)
{
    const char *bad[] = { "", "m", "-1", "+5", " 5", "5mb", "5x", "5 ", "1.5g",
                          "99999999999999999999", "9007199254740993g" };
    uint64_t kb = 7;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(xl_parse_mem_kb(bad[i], &kb), -EINVAL);
        assert_int_equal(kb, 7);
    }
}

static void test_parse_long_as_strtol(void **state)
{
    (void)state;
    assert_int_equal(xl_parse_long("512"), 512);
    assert_int_equal(xl_parse_long("-1"), -1);
    assert_int_equal(xl_parse_long("+7"), 7);
    assert_int_equal(xl_parse_long(" 12x"), 12);
    assert_int_equal(xl_parse_long("abc"), 0);
    assert_int_equal(xl_parse_long(""), 0);
    assert_true(xl_parse_long("99999999999999999999999") == __LONG_MAX__);
    assert_true(xl_parse_long("-99999999999999999999999") == -__LONG_MAX__ - 1);
}

static void expect_map(uint64_t map, unsigned int nr, const char *want)
{
    char buf[64];

    xl_format_cpumap(map, nr, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void test_cpumap(void **state)
{
    (void)state;
    expect_map(~0ull, 64, "all");
    expect_map(0x3, 2, "all");
    expect_map(0xff, 2, "all");          /* bits past nr_cpus are not CPUs */
    expect_map(0, 64, "none");
    expect_map(0x4, 2, "none");
    expect_map(0x2, 64, "1");
    expect_map(0x1, 64, "0");
    expect_map(0x3, 64, "0-1");
    expect_map(0xa, 64, "1,3");
    expect_map(0x2d, 64, "0,2-3,5");
    expect_map(1ull << 63, 64, "63");
    expect_map(~1ull, 64, "1-63");
    expect_map(0x7fffffffffffffffull, 64, "0-62");
}

static void test_cpumap_cut_to_buffer(void **state)
{
    char buf[6];

    (void)state;
    xl_format_cpumap(0x5555, 64, buf, sizeof(buf));
    assert_string_equal(buf, "0,2,4");
    xl_format_cpumap(0x5555, 64, buf, 2);
    assert_string_equal(buf, "0");
}

static void expect_uptime(uint64_t secs, bool short_mode, const char *want)
{
    char buf[48];

    xl_format_uptime(secs, short_mode, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void test_uptime(void **state)
{
    (void)state;
    expect_uptime(0, false, " 0:00:00");
    expect_uptime(65, false, " 0:01:05");
    expect_uptime(36000 + 61, false, "10:01:01");
    expect_uptime(86400 + 3600, false, "1 day,  1:00:00");
    expect_uptime(3 * 86400 + 59, false, "3 days,  0:00:59");
    expect_uptime(65, true, " 0:01");
    expect_uptime(86400, true, "1 day,  0:00");
    expect_uptime(2 * 86400 + 7200, true, "2 days,  2:00");
}

static void test_credit_check(void **state)
{
    char why[160] = "";

    (void)state;
    assert_int_equal(xl_credit_check(1, 0, 1, why, sizeof(why)), 0);
    assert_int_equal(xl_credit_check(65535, 100, 1, why, sizeof(why)), 0);
    assert_int_equal(xl_credit_check(XL_SCHED_KEEP, 200, 2, why, sizeof(why)), 0);
    assert_int_equal(xl_credit_check(512, XL_SCHED_KEEP, 1, why, sizeof(why)), 0);
    assert_int_equal(xl_credit_check(0, XL_SCHED_KEEP, 1, why, sizeof(why)), -EINVAL);
    assert_string_equal(why, "Cpu weight out of range, valid values are within range "
                             "from 1 to 65535");
    assert_int_equal(xl_credit_check(65536, XL_SCHED_KEEP, 1, why, sizeof(why)), -EINVAL);
    assert_int_equal(xl_credit_check(XL_SCHED_KEEP, 201, 2, why, sizeof(why)), -EINVAL);
    assert_string_equal(why, "Cpu cap out of range, valid range is from 0 to 200 for "
                             "specified number of vcpus");
    assert_int_equal(xl_credit_check(XL_SCHED_KEEP, -2, 1, why, sizeof(why)), -EINVAL);
}

/* The 16 bytes in order (byte i is i * 17 + 1, cut to 8 bits), dashes
 * after bytes 4, 6, 8 and 10. */
static void test_uuid(void **state)
{
    uint8_t h[16];
    char out[37];

    (void)state;
    for (int i = 0; i < 16; i++)
        h[i] = (uint8_t)(i * 17 + 1);
    xl_format_uuid(h, out);
    assert_string_equal(out, "01122334-4556-6778-899a-abbccddeef00");
    memset(h, 0, sizeof(h));
    xl_format_uuid(h, out);
    assert_string_equal(out, "00000000-0000-0000-0000-000000000000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem_units),
        cmocka_unit_test(test_mem_refused),
        cmocka_unit_test(test_parse_long_as_strtol),
        cmocka_unit_test(test_cpumap),
        cmocka_unit_test(test_cpumap_cut_to_buffer),
        cmocka_unit_test(test_uptime),
        cmocka_unit_test(test_credit_check),
        cmocka_unit_test(test_uuid),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
