/*
 * Unit tests for platform discovery (drivers/acpi/), the MP tables: the
 * captured SeaBIOS MP table broken, and synthetic ones. The fixture (fake
 * physical memory, the captures, the table builders): acpi_fixture.h.
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

#include "acpi_fixture.h"

/* ---- the captured MP table, broken ---- */

static void test_bad_mp_tables(void **state)
{
    (void)state;
    use_capture(&pc);
    memcpy(at(pc.rsdp, 8), "RSD PTX ", 8);
    put8(pc.mpf + 12, 1); /* floating pointer checksum */
    assert_int_equal(discover(0), -1);
    expect_msgs("ACPI: no RSDP found",
                "MP table: floating pointer at 0xf5ba0 checksum wrong (sum 0x01); "
                    "skipped",
                "MP table: none found", NULL);
    teardown(NULL);

    use_capture(&pc);
    memcpy(at(pc.rsdp, 8), "RSD PTX ", 8);
    put8(pc.mpf + 16 + 199, get8(pc.mpf + 16 + 199) + 1); /* last entry */
    assert_int_equal(discover(0), -1);
    expect_msgs("ACPI: no RSDP found",
                "MP table: checksum wrong (sum 0x01); table ignored", NULL);
    teardown(NULL);

    use_capture(&pc);
    memcpy(at(pc.rsdp, 8), "RSD PTX ", 8);
    put8(pc.mpf + 16 + 44 + 20 + 8 + 8, 9); /* the I/O APIC entry's type */
    fix_sum(pc.mpf + 16, 200, pc.mpf + 16 + 7);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.nr_cpus, 1);
    assert_int_equal(pi.nr_ioapics, 0);
    expect_msgs("ACPI: no RSDP found",
                "MP table: entry type 9 unknown; rest of table ignored", NULL);
}

/* ---- MP tables, synthetic ---- */

static void put_mpf(uint64_t pa, uint32_t config, uint8_t default_type)
{
    memcpy(at(pa, 4), "_MP_", 4);
    put32(pa + 4, config);
    put8(pa + 8, 1);
    put8(pa + 9, 4);
    put8(pa + 11, default_type);
    fix_sum(pa, 16, pa + 10);
}

static uint64_t put_mpc(const struct buf *entries, unsigned int count)
{
    uint64_t pa = scratch_alloc(44 + entries->n);

    memcpy(at(pa, 4), "PCMP", 4);
    put16(pa + 4, (uint16_t)(44 + entries->n));
    put8(pa + 6, 4);
    memcpy(at(pa + 8, 20), "KEELTEST    MP          ", 20);
    put16(pa + 34, (uint16_t)count);
    put32(pa + 36, 0xfee00000);
    memcpy(at(pa + 44, entries->n), entries->b, entries->n);
    fix_sum(pa, 44 + entries->n, pa + 7);
    return pa;
}

static void mp_cpu(struct buf *b, uint8_t id, uint8_t flags)
{
    b8(b, 0); b8(b, id); b8(b, 0x14); b8(b, flags);
    b32(b, 0x600); b32(b, 0); b32(b, 0); b32(b, 0);
}

static void mp_ioapic(struct buf *b, uint8_t id, uint8_t flags, uint32_t addr)
{
    b8(b, 2); b8(b, id); b8(b, 0x11); b8(b, flags); b32(b, addr);
}

static void test_mp_default_configuration(void **state)
{
    (void)state;
    blank_machine();
    put_mpf(0x9fc00, 0, 5); /* last KiB of base memory; no EBDA pointer */
    assert_int_equal(discover(0), 0);
    assert_string_equal(pi.source, "MP table");
    assert_int_equal(pi.nr_cpus, 2);
    assert_true(pi.cpus[0].bsp);
    assert_int_equal(pi.cpus[1].apic_id, 1);
    assert_int_equal(pi.ioapics[0].id, 2);
    expect_msgs("ACPI: no RSDP found",
                "MP table: default configuration 5; assuming 2 CPUs", NULL);
}

static void test_mp_entries(void **state)
{
    static struct buf e;
    uint64_t mpc;

    (void)state;
    blank_machine();
    put16(0x40e, 0x9000); /* EBDA at 0x90000 */
    e.n = 0;
    mp_cpu(&e, 0, 1);
    mp_cpu(&e, 1, 0);         /* disabled */
    mp_cpu(&e, 2, 3);         /* the BSP */
    mp_cpu(&e, 2, 1);         /* twice */
    b8(&e, 1); b8(&e, 0); b_bytes(&e, "ISA   ", 6);
    mp_ioapic(&e, 4, 1, 0xfec00000);
    mp_ioapic(&e, 5, 0, 0xfec10000); /* disabled */
    mp_ioapic(&e, 6, 1, 0xfec20000);
    b8(&e, 9); b8(&e, 0); b8(&e, 0); b8(&e, 0); /* unknown: the walk ends */
    mp_cpu(&e, 3, 1);
    mpc = put_mpc(&e, 10);
    put_mpf(0x90000 + 0x3f0, (uint32_t)mpc, 0);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.nr_cpus, 2);
    assert_false(pi.cpus[0].bsp);
    assert_int_equal(pi.cpus[1].apic_id, 2);
    assert_true(pi.cpus[1].bsp);
    assert_int_equal(pi.nr_ioapics, 2);
    assert_int_equal(pi.ioapics[1].gsi_base, PLATFORM_GSI_UNKNOWN);
    expect_msgs("ACPI: no RSDP found",
                "MP table: APIC ID 2 listed twice; repeats ignored",
                "MP table: entry type 9 unknown; rest of table ignored", NULL);
    expect_lines("MP table: 2 CPUs (APIC IDs 0 2), IOAPIC id 4 at 0xfec00000 GSI 0, "
                     "0 overrides",
                 "MP table: IOAPIC id 6 at 0xfec20000 GSI ?",
                 "MP table: local APIC at 0xfee00000, 8259 PIC present", NULL);
}

static void test_mp_many_cpus_and_bad_counts(void **state)
{
    static struct buf e;
    uint64_t mpc;

    (void)state;
    blank_machine();
    e.n = 0;
    for (unsigned int i = 0; i < 70; i++)
        mp_cpu(&e, (uint8_t)i, 1);
    mpc = put_mpc(&e, 0xffff); /* more entries claimed than the table holds */
    put_mpf(0xf0000, (uint32_t)mpc, 0);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.nr_cpus, 64);
    assert_int_equal(pi.cpus_dropped, 6);
    assert_true(pi.cpus[0].bsp);
    expect_msgs("ACPI: no RSDP found",
                "MP table: lists 70 CPUs; Keel supports 64, the other 6 are not "
                    "used", NULL);
    teardown(NULL);

    /* The last entry runs past the end; the floating pointer's length is 0. */
    blank_machine();
    e.n = 0;
    mp_cpu(&e, 0, 1);
    mpc = put_mpc(&e, 2);
    put16(mpc + 4, 44 + 20 + 4);
    fix_sum(mpc, 44 + 20 + 4, mpc + 7);
    put_mpf(0xf0000, 0, 0);
    put8(0xf0000 + 8, 0);
    put_mpf(0xf0010, (uint32_t)mpc, 0);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.nr_cpus, 1);
    expect_msgs("ACPI: no RSDP found",
                "MP table: floating pointer at 0xf0000 length 0 bad; skipped",
                "MP table: entry type 0 runs past the end of the table; rest of "
                    "table ignored", NULL);
    teardown(NULL);

    /* A floating pointer to nothing. */
    blank_machine();
    put_mpf(0xf0000, 0x200000, 0);
    assert_int_equal(discover(0), -1);
    expect_msgs("ACPI: no RSDP found",
                "MP table: no configuration table at 0x200000; ignored", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_bad_mp_tables),
        T(test_mp_default_configuration),
        T(test_mp_entries),
        T(test_mp_many_cpus_and_bad_counts),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
