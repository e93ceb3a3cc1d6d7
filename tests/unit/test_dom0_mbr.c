/* Unit tests for dom0's MBR partition table reader (dom0/drivers/mbr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/mbr.h>

static uint8_t sector[512];
static char reports[8][96];
static unsigned int nr_reports;

static void record(void *arg, unsigned int index, const char *why)
{
    assert_ptr_equal(arg, sector);
    assert_true(nr_reports < 8);
    snprintf(reports[nr_reports++], sizeof(reports[0]), "%u: %s", index, why);
}

static void entry(unsigned int i, uint8_t type, uint32_t first, uint32_t count)
{
    uint8_t *e = sector + 446 + 16 * i;

    e[4] = type;
    for (int b = 0; b < 4; b++) {
        e[8 + b] = (uint8_t)(first >> (8 * b));
        e[12 + b] = (uint8_t)(count >> (8 * b));
    }
}

static int setup(void **state)
{
    (void)state;
    memset(sector, 0, sizeof(sector));
    sector[510] = 0x55;
    sector[511] = 0xaa;
    nr_reports = 0;
    return 0;
}

static unsigned int parse(uint64_t disk, struct mbr_part parts[MBR_ENTRIES])
{
    return mbr_parse(sector, disk, parts, record, sector);
}

static void test_no_signature_is_no_table(void **state)
{
    struct mbr_part parts[MBR_ENTRIES];

    (void)state;
    entry(0, 0x83, 2048, 100);
    sector[511] = 0;
    assert_int_equal(parse(1 << 20, parts), 0);
    assert_int_equal(nr_reports, 0);
}

static void test_entries_are_read_in_slot_order(void **state)
{
    struct mbr_part parts[MBR_ENTRIES];

    (void)state;
    entry(0, 0x83, 2048, 20480);
    entry(2, 0xa9, 22528, 1000);
    assert_int_equal(parse(1 << 20, parts), 2);
    assert_int_equal(parts[0].index, 1);
    assert_int_equal(parts[0].type, 0x83);
    assert_int_equal(parts[0].first, 2048);
    assert_int_equal(parts[0].count, 20480);
    assert_int_equal(parts[1].index, 3);
    assert_int_equal(parts[1].first, 22528);
    assert_int_equal(parts[1].count, 1000);
}

static void test_bad_entries_are_reported_and_skipped(void **state)
{
    struct mbr_part parts[MBR_ENTRIES];

    (void)state;
    entry(0, 0x83, 2048, 4096);         /* fine, ends at the disk's end */
    entry(1, 0x83, 4000, 2145);         /* one sector too many */
    entry(2, 0xee, 1, 6143);            /* protective GPT */
    entry(3, 0x05, 0, 10);              /* extended, and over the table */
    assert_int_equal(parse(6144, parts), 1);
    assert_int_equal(parts[0].count, 4096);
    assert_int_equal(nr_reports, 3);
    assert_string_equal(reports[0], "2: extends past the end of the disk");
    assert_string_equal(reports[1], "3: a GPT disk: dom0 reads MBR tables only");
    assert_string_equal(reports[2],
                        "4: an extended partition: its logical partitions are not read");
}

static void test_empty_and_wrapping_extents(void **state)
{
    struct mbr_part parts[MBR_ENTRIES];

    (void)state;
    entry(0, 0x83, 0, 100);
    entry(1, 0x83, 100, 0);
    entry(2, 0x83, 0xffffffffu, 0xffffffffu);
    assert_int_equal(parse(UINT64_C(1) << 32, parts), 0);
    assert_int_equal(nr_reports, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_no_signature_is_no_table, setup),
        cmocka_unit_test_setup(test_entries_are_read_in_slot_order, setup),
        cmocka_unit_test_setup(test_bad_entries_are_reported_and_skipped, setup),
        cmocka_unit_test_setup(test_empty_and_wrapping_extents, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
