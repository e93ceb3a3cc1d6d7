/*
 * Unit tests for platform discovery (drivers/acpi/), the MADT: the
 * captured QEMU MADTs broken, and synthetic ones for every entry type and
 * every limit. The fixture (fake physical memory, the captures, the table
 * builders): acpi_fixture.h.
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

/* ---- broken MADTs ---- */

static void test_madt_checksum(void **state)
{
    (void)state;
    use_capture(&pc);
    put8(table(&pc, "APIC") + 44 + 3, 5); /* first CPU's APIC ID */
    assert_int_equal(discover(0), 0);
    assert_seabios_mp();
    assert_int_equal(pi.hpet_addr, 0xfed00000); /* the rest of ACPI is fine */
    assert_true(pi.s5_valid);
    expect_msgs("ACPI: MADT checksum wrong (sum 0x05); table ignored",
                "ACPI: no usable MADT; trying the MP table", NULL);
    expect_lines(pc_lines[0], mp_pc_lines[0], mp_pc_lines[1], pc_lines[4],
                 pc_lines[5], pc_lines[6], NULL);
}

static void test_madt_truncated(void **state)
{
    uint64_t madt;

    (void)state;
    use_capture(&pc);
    madt = table(&pc, "APIC");
    put32(madt + 4, 44 + 4 * 8 + 6); /* the IOAPIC entry is cut */
    fix_table(madt);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.nr_cpus, 4);
    assert_int_equal(pi.nr_ioapics, 0);
    assert_int_equal(pi.nr_overrides, 0);
    expect_msgs("ACPI: MADT entry type 1 length 12 runs past the end of the "
                "table; rest of table ignored", NULL);
    assert_string_equal(lines[1], "ACPI: 4 CPUs (APIC IDs 0 1 2 3), no IOAPIC, "
                        "0 overrides");
}

static void test_madt_entry_length_zero(void **state)
{
    uint64_t madt;

    (void)state;
    use_capture(&pc);
    madt = table(&pc, "APIC");
    put8(madt + 44 + 8 + 1, 0); /* second CPU */
    fix_table(madt);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.nr_cpus, 1);
    expect_msgs("ACPI: MADT entry type 0 length 0 too short; rest of table "
                "ignored", NULL);
    teardown(NULL);

    use_capture(&pc);
    madt = table(&pc, "APIC");
    put8(madt + 44 + 32 + 1, 4); /* the IOAPIC */
    fix_table(madt);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.nr_cpus, 4);
    assert_int_equal(pi.nr_ioapics, 0);
    expect_msgs("ACPI: MADT entry type 1 length 4 too short; rest of table "
                "ignored", NULL);
    teardown(NULL);

    use_capture(&pc);
    madt = table(&pc, "APIC");
    put8(madt + 44 + 32 + 1, 200); /* past the end */
    fix_table(madt);
    assert_int_equal(discover(0), 0);
    expect_msgs("ACPI: MADT entry type 1 length 200 runs past the end of the "
                "table; rest of table ignored", NULL);
}

static void test_madt_absurd_lengths(void **state)
{
    uint64_t madt;

    (void)state;
    use_capture(&q35);
    madt = table(&q35, "APIC");
    put32(madt + 4, 0xffffffff);
    assert_int_equal(discover(0), 0);
    assert_seabios_mp();
    expect_msgs("ACPI: MADT length 0xffffffff implausible; table ignored",
                "ACPI: no usable MADT; trying the MP table", NULL);
    teardown(NULL);

    use_capture(&q35);
    madt = table(&q35, "APIC");
    put32(madt + 4, 40);
    fix_table(madt);
    assert_int_equal(discover(0), 0);
    assert_seabios_mp();
    expect_msgs("ACPI: MADT length 40 too short; table ignored",
                "ACPI: no usable MADT; trying the MP table", NULL);
    teardown(NULL);

    use_capture(&q35);
    madt = table(&q35, "APIC");
    put32(madt + 4, 35);
    assert_int_equal(discover(0), 0);
    expect_msgs("ACPI: MADT length 35 too short; table ignored",
                "ACPI: no usable MADT; trying the MP table", NULL);
}

/* ---- synthetic MADTs ---- */

static void test_too_many_cpus(void **state)
{
    static struct buf e;
    uint64_t madt;

    (void)state;
    blank_machine();
    e.n = 0;
    for (unsigned int i = 0; i < 70; i++)
        lapic(&e, (uint8_t)i, (uint8_t)(i + 1), 1);
    x2apic(&e, 300, 1, 300);
    x2apic(&e, 301, 2, 301);
    madt = put_madt(&e, 0xfee00000, 1);
    assert_int_equal(discover(put_acpi(&madt, 1)), 0);
    assert_int_equal(pi.nr_cpus, KEEL_MAX_CPUS);
    assert_int_equal(pi.cpus_dropped, 8);
    assert_int_equal(pi.cpus[0].apic_id, 1);
    assert_true(pi.cpus[0].bsp);
    assert_int_equal(pi.cpus[63].apic_id, 64);
    assert_string_equal(pi.oem, "KEELT ");
    expect_msgs("ACPI: MADT lists 72 CPUs; Keel supports 64, the other 8 are "
                "not used",
                "ACPI: no usable FADT; no reset register or S5", NULL);
    expect_lines("ACPI: RSDP rev 0 (KEELT ), RSDT",
                 "ACPI: 64 CPUs (APIC IDs 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 "
                     "and 48 more), no IOAPIC, 0 overrides",
                 "ACPI: not used (over Keel's limits): 8 CPUs, 0 IOAPICs, "
                     "0 overrides",
                 "ACPI: local APIC at 0xfee00000, 8259 PIC present",
                 "ACPI: no HPET",
                 "ACPI: no reset register; S5 unknown",
                 "ACPI: PM1a control 0x0, no PM timer, SMI command 0x0 enable 0x0, "
                     "century 0x0",
                 NULL);
    assert_true(platform_set_bsp(&pi, 64));
    assert_false(pi.cpus[0].bsp);
    assert_true(pi.cpus[63].bsp);
}

/* Every entry type, flags that make a CPU count or not, and over-full lists. */
static void test_madt_entry_kinds(void **state)
{
    static struct buf e;
    uint64_t madt;

    (void)state;
    blank_machine();
    e.n = 0;
    lapic(&e, 1, 2, 0);              /* disabled: not counted */
    lapic(&e, 2, 4, 1);              /* enabled: the first, so the BSP */
    lapic(&e, 3, 6, 2);              /* online capable */
    lapic(&e, 4, 0xff, 1);           /* broadcast ID: not a CPU */
    x2apic(&e, 0x100, 1, 9);
    x2apic(&e, 4, 1, 10);            /* the same CPU again */
    x2apic(&e, 0xffffffff, 1, 11);   /* not a CPU */
    b8(&e, 5); b8(&e, 12); b16(&e, 0); b64(&e, 0xfee10000); /* LAPIC address */
    b8(&e, 3); b8(&e, 8); b16(&e, 0xd); b32(&e, 2);         /* NMI source */
    b8(&e, 4); b8(&e, 6); b8(&e, 0xff); b16(&e, 5); b8(&e, 1); /* LAPIC NMI */
    b8(&e, 0xa); b8(&e, 12); b16(&e, 5); b32(&e, 0xffffffff); b8(&e, 1);
    b8(&e, 0); b16(&e, 0);                                  /* x2APIC NMI */
    b8(&e, 0x7f); b8(&e, 4); b16(&e, 0);                    /* unknown type */
    override(&e, 1, 3, 3, 0);                               /* not ISA */
    for (unsigned int i = 0; i < 10; i++)
        ioapic(&e, (uint8_t)(i + 8), 0xfec00000 + 0x1000 * i, 24 * i);
    for (unsigned int i = 0; i < 18; i++)
        override(&e, 0, (uint8_t)i, i + 100, i & 1 ? 0xf : 0x5);
    madt = put_madt(&e, 0xfee00000, 0);
    assert_int_equal(discover(put_acpi(&madt, 1)), 0);
    assert_int_equal(pi.nr_cpus, 3);
    assert_int_equal(pi.cpus[0].apic_id, 4);
    assert_int_equal(pi.cpus[0].acpi_id, 2);
    assert_true(pi.cpus[0].bsp);
    assert_int_equal(pi.cpus[1].apic_id, 6);
    assert_false(pi.cpus[1].bsp);
    assert_int_equal(pi.cpus[2].apic_id, 0x100);
    assert_int_equal(pi.cpus[2].acpi_id, 9);
    assert_int_equal(pi.lapic_addr, 0xfee10000);
    assert_int_equal(pi.nr_nmi_sources, 1);
    assert_int_equal(pi.nr_lapic_nmis, 2);
    assert_false(pi.pic_present);
    assert_int_equal(pi.nr_ioapics, 8);
    assert_int_equal(pi.ioapics_dropped, 2);
    assert_int_equal(pi.ioapics[7].gsi_base, 24 * 7);
    assert_int_equal(pi.nr_overrides, 16);
    assert_int_equal(pi.overrides_dropped, 2);
    assert_int_equal(pi.overrides[15].gsi, 115);
    expect_msgs("ACPI: APIC ID 4 listed twice; repeats ignored",
                "ACPI: MADT override for bus 1 IRQ 3 (not ISA) ignored",
                "ACPI: MADT lists 10 IOAPICs; only the first 8 are used",
                "ACPI: MADT lists 18 interrupt overrides; only the first 16 "
                    "are used",
                "ACPI: no usable FADT; no reset register or S5", NULL);
    assert_string_equal(lines[1], "ACPI: 3 CPUs (APIC IDs 4 6 256), IOAPIC id 8 "
                        "at 0xfec00000 GSI 0, 16 overrides");
    assert_string_equal(lines[2], "ACPI: IOAPIC id 9 at 0xfec01000 GSI 24");
    assert_string_equal(lines[9], "ACPI: not used (over Keel's limits): 0 CPUs, "
                        "2 IOAPICs, 2 overrides");
    assert_string_equal(lines[10], "ACPI: local APIC at 0xfee10000, no 8259 PIC, "
                        "NMI entries: 1 GSI, 2 LINT");
    assert_string_equal(lines[11], "ACPI: overrides IRQ0->GSI100 edge high, "
                        "IRQ1->GSI101 level low, IRQ2->GSI102 edge high, "
                        "IRQ3->GSI103 level low, IRQ4->GSI104 edge high, "
                        "IRQ5->GSI105 level low");
    assert_int_equal(nr_lines, 17);
}

static void test_madt_without_cpus(void **state)
{
    static struct buf e;
    uint64_t madt;

    (void)state;
    blank_machine();
    e.n = 0;
    lapic(&e, 0, 0, 0);
    ioapic(&e, 1, 0xfec00000, 0);
    b8(&e, 0x55); /* a stray byte at the end */
    madt = put_madt(&e, 0, 1);
    assert_int_equal(discover(put_acpi(&madt, 1)), -1);
    assert_int_equal(pi.nr_ioapics, 0); /* the MADT's, forgotten */
    expect_msgs("ACPI: MADT ends with 1 stray byte; ignored",
                "ACPI: MADT lists no usable CPU; trying the MP table",
                "ACPI: no usable FADT; no reset register or S5",
                "MP table: none found", NULL);
}

/* Corruption that repeats stops being reported after a while. */
static void test_report_limit(void **state)
{
    static struct buf e;
    uint64_t madt;

    (void)state;
    blank_machine();
    e.n = 0;
    lapic(&e, 0, 0, 1);
    for (unsigned int i = 0; i < 100; i++)
        override(&e, 1, (uint8_t)i, i, 0);
    madt = put_madt(&e, 0xfee00000, 1);
    assert_int_equal(discover(put_acpi(&madt, 1)), 0);
    assert_int_equal(nr_msgs, ACPI_MAX_REPORTS + 1);
    assert_string_equal(msgs[ACPI_MAX_REPORTS - 1],
                        "ACPI: MADT override for bus 1 IRQ 39 (not ISA) ignored");
    assert_string_equal(msgs[ACPI_MAX_REPORTS], "ACPI: more problems; not reported");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_madt_checksum),
        T(test_madt_truncated),
        T(test_madt_entry_length_zero),
        T(test_madt_absurd_lengths),
        T(test_too_many_cpus),
        T(test_madt_entry_kinds),
        T(test_madt_without_cpus),
        T(test_report_limit),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
