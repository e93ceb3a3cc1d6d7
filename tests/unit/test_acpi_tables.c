/*
 * Unit tests for platform discovery (drivers/acpi/), finding the tables:
 * the ACPI and MP tables QEMU's pc and q35 machines really have
 * (tests/unit/data/acpi/, see its README), the RSDP, RSDT and XSDT broken in
 * the ways firmware gets them wrong, and platform_report() at its limits.
 * The fixture (fake physical memory, the captures): acpi_fixture.h.
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

/* ---- the captures as they are ---- */

static void test_pc(void **state)
{
    (void)state;
    use_capture(&pc);
    assert_int_equal(discover(0), 0);
    assert_string_equal(pi.oem, "BOCHS ");
    assert_int_equal(pi.acpi_revision, 0);
    assert_string_equal(pi.acpi_root, "RSDT");
    assert_qemu_madt(4);
    assert_qemu_fadt();
    assert_false(pi.reset_supported);
    assert_int_equal(pi.acpi_enable, 0xf1);
    expect_msgs(NULL);
    expect_lines(pc_lines[0], pc_lines[1], pc_lines[2], pc_lines[3],
                 pc_lines[4], pc_lines[5], pc_lines[6], NULL);
    /* The caller's own APIC ID decides the BSP; an unknown one changes nothing. */
    assert_true(platform_set_bsp(&pi, 2));
    assert_false(pi.cpus[0].bsp);
    assert_true(pi.cpus[2].bsp);
    assert_false(platform_set_bsp(&pi, 9));
    assert_true(pi.cpus[0].bsp);
    assert_false(pi.cpus[2].bsp);
}

static void test_q35(void **state)
{
    (void)state;
    use_capture(&q35);
    assert_int_equal(discover(0), 0);
    assert_string_equal(pi.oem, "BOCHS ");
    assert_string_equal(pi.acpi_root, "RSDT");
    assert_qemu_madt(2);
    assert_qemu_fadt();
    assert_true(pi.reset_supported);
    assert_int_equal(pi.reset_reg.space_id, ACPI_SPACE_IO);
    assert_int_equal(pi.reset_reg.bit_width, 8);
    assert_int_equal(pi.reset_reg.address, 0xcf9);
    assert_int_equal(pi.reset_value, 0x0f);
    assert_int_equal(pi.acpi_enable, 0x02);
    expect_msgs(NULL);
    expect_lines("ACPI: RSDP rev 0 (BOCHS ), RSDT",
                 "ACPI: 2 CPUs (APIC IDs 0 1), IOAPIC id 0 at 0xfec00000 GSI 0, "
                     "5 overrides",
                 pc_lines[2], pc_lines[3], pc_lines[4],
                 "ACPI: reset register I/O 0xcf9 value 0xf; S5 SLP_TYP 0/0",
                 "ACPI: PM1a control 0x604, PM timer 0x608 (24-bit), SMI command "
                     "0xb2 enable 0x2, century 0x32",
                 NULL);
}

/* The loader's RSDP copy is used as is; a bad one means a search. */
static void test_hint(void **state)
{
    (void)state;
    use_capture(&pc);
    assert_int_equal(discover(pc.rsdp), 0);
    assert_qemu_madt(4);
    expect_msgs(NULL);
}

static void test_bad_hints(void **state)
{
    (void)state;
    use_capture(&q35);
    assert_int_equal(discover(SCRATCH_BASE + 0x40), 0);
    assert_qemu_madt(2);
    expect_msgs("ACPI: no valid RSDP at 0x100040 (from the loader); searching",
                NULL);
    teardown(NULL);
    assert_int_equal(discover(FAR_AWAY), 0);
    assert_qemu_madt(2);
    expect_msgs("ACPI: no valid RSDP at 0xdead000000 (from the loader); searching",
                NULL);
}

/* ---- broken RSDP, no tables at all ---- */

static void test_bad_rsdp_checksum_uses_mp_table(void **state)
{
    (void)state;
    use_capture(&pc);
    put8(pc.rsdp + 9, get8(pc.rsdp + 9) + 1); /* OEM 'B' -> 'C' */
    assert_int_equal(discover(0), 0);
    assert_seabios_mp();
    assert_string_equal(pi.acpi_root, "");
    assert_int_equal(pi.hpet_addr, 0);
    assert_false(pi.s5_valid);
    expect_msgs("ACPI: RSDP at 0xf59d0 checksum wrong (sum 0x01); skipped",
                "ACPI: no RSDP found", NULL);
    expect_lines(mp_pc_lines[0], mp_pc_lines[1], NULL);
}

static void test_no_rsdp_no_mp_table(void **state)
{
    (void)state;
    use_capture(&q35);
    memcpy(at(q35.rsdp, 8), "RSD PTX ", 8);
    assert_int_equal(discover(0), 0);
    assert_seabios_mp();
    expect_msgs("ACPI: no RSDP found", NULL);
    expect_lines(mp_pc_lines[0], mp_pc_lines[1], NULL);
    teardown(NULL);

    memcpy(at(q35.mpf, 4), "_MX_", 4);
    assert_int_equal(discover(0), -1);
    assert_string_equal(pi.source, "none (single CPU)");
    assert_int_equal(pi.nr_cpus, 1);
    assert_int_equal(pi.cpus[0].apic_id, 0);
    assert_true(pi.cpus[0].bsp);
    assert_int_equal(pi.nr_ioapics, 0);
    assert_int_equal(pi.lapic_addr, 0xfee00000);
    expect_msgs("ACPI: no RSDP found", "MP table: none found", NULL);
    expect_lines("Platform: no ACPI MADT or MP table; assuming one CPU", NULL);
    /* The caller gives the placeholder CPU its real APIC ID. */
    assert_false(platform_set_bsp(&pi, 7));
    assert_int_equal(pi.cpus[0].apic_id, 7);
    assert_true(pi.cpus[0].bsp);
}

/* platform_report() on values no discovery gives: lines are cut, not overrun. */
static void test_report_extremes(void **state)
{
    (void)state;
    memset(&pi, 0, sizeof(pi));
    pi.source = "ACPI";
    pi.acpi_root = "XSDT";
    memcpy(pi.oem, "ABCDEF", 7);
    pi.nr_cpus = 20;
    for (unsigned int i = 0; i < 20; i++)
        pi.cpus[i].apic_id = 4000000000u + i;
    pi.nr_ioapics = 1;
    pi.ioapics[0] = (struct platform_ioapic){ 25, 0xffffffff, 4000000000u };
    pi.reset_supported = true;
    pi.reset_reg.space_id = 9;
    pi.reset_reg.address = UINT64_MAX;
    pi.overrides[0].flags = 0xa; /* reserved polarity and trigger codes */
    pi.nr_overrides = 1;
    platform_report(&pi, print_line);
    assert_int_equal(strlen(lines[1]), 255);
    assert_int_equal(strncmp(lines[1], "ACPI: 20 CPUs (APIC IDs 4000000000 ", 35), 0);
    assert_string_equal(lines[3], "ACPI: overrides IRQ0->GSI0 ? ?");
    assert_string_equal(lines[5], "ACPI: reset register space? 0xffffffffffffffff "
                        "value 0x0; S5 unknown");
}

static void test_nothing_readable(void **state)
{
    (void)state;
    nr_regions = 0;
    assert_int_equal(discover(0), -1);
    expect_msgs("ACPI: cannot read 0xe0000-0xfffff to search it",
                "ACPI: no RSDP found",
                "ACPI: cannot read 0x9fc00-0x9ffff to search it",
                "ACPI: cannot read 0xe0000-0xfffff to search it",
                "MP table: none found", NULL);
}

/* ---- an XSDT, made from the capture's RSDT ---- */

/* A revision 2 RSDP at 0xe0000 (searched before the capture's) and an XSDT. */
static uint64_t add_xsdt(const struct capture *c, uint64_t *rsdp)
{
    uint64_t rsdt = rsdt_of(c), xsdt;
    unsigned int n = (get32(rsdt + 4) - 36) / 4;

    xsdt = scratch_alloc(36 + 8 * n);
    memcpy(at(xsdt, 36), at(rsdt, 36), 36);
    memcpy(at(xsdt, 4), "XSDT", 4);
    put32(xsdt + 4, 36 + 8 * n);
    for (unsigned int i = 0; i < n; i++)
        put64(xsdt + 36 + 8 * i, get32(rsdt + 36 + 4 * i));
    fix_table(xsdt);
    *rsdp = 0xe0000;
    memcpy(at(*rsdp, 20), at(c->rsdp, 20), 20);
    put8(*rsdp + 15, 2);
    put32(*rsdp + 20, 36);
    put64(*rsdp + 24, xsdt);
    fix_rsdp(*rsdp);
    return xsdt;
}

static void test_xsdt(void **state)
{
    uint64_t rsdp;

    (void)state;
    use_capture(&q35);
    add_xsdt(&q35, &rsdp);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.acpi_revision, 2);
    assert_string_equal(pi.acpi_root, "XSDT");
    assert_qemu_madt(2);
    assert_qemu_fadt();
    expect_msgs(NULL);
    assert_string_equal(lines[0], "ACPI: RSDP rev 2 (BOCHS ), XSDT");
}

static void test_bad_xsdt_checksum_falls_back_to_rsdt(void **state)
{
    uint64_t rsdp, xsdt;

    (void)state;
    use_capture(&pc);
    xsdt = add_xsdt(&pc, &rsdp);
    put8(xsdt + 36, get8(xsdt + 36) + 0x3c);
    assert_int_equal(discover(0), 0);
    assert_string_equal(pi.acpi_root, "RSDT");
    assert_qemu_madt(4);
    expect_msgs("ACPI: XSDT checksum wrong (sum 0x3c); table ignored",
                "ACPI: using the RSDT instead", NULL);
}

static void test_xsdt_outside_memory(void **state)
{
    uint64_t rsdp;

    (void)state;
    use_capture(&pc);
    add_xsdt(&pc, &rsdp);
    put64(rsdp + 24, FAR_AWAY);
    fix_rsdp(rsdp);
    assert_int_equal(discover(rsdp), 0);
    assert_string_equal(pi.acpi_root, "RSDT");
    expect_msgs("ACPI: XSDT at 0xdead000000 cannot be read; table ignored",
                "ACPI: using the RSDT instead", NULL);
}

static void test_absurd_xsdt_length(void **state)
{
    uint64_t rsdp, xsdt;

    (void)state;
    use_capture(&pc);
    xsdt = add_xsdt(&pc, &rsdp);
    put32(xsdt + 4, 0xffffffff);
    assert_int_equal(discover(0), 0);
    assert_string_equal(pi.acpi_root, "RSDT");
    expect_msgs("ACPI: XSDT length 0xffffffff implausible; table ignored",
                "ACPI: using the RSDT instead", NULL);
    teardown(NULL);

    /* Plausible, but longer than the memory there. */
    use_capture(&pc);
    xsdt = add_xsdt(&pc, &rsdp);
    put32(xsdt + 4, 0x100000);
    assert_int_equal(discover(0), 0);
    assert_string_equal(pi.acpi_root, "RSDT");
    expect_msgs(f("ACPI: XSDT at %#lx length 1048576 cannot be read; table ignored",
                  (unsigned long)xsdt),
                "ACPI: using the RSDT instead", NULL);
}

static void test_bad_extended_checksum(void **state)
{
    uint64_t rsdp;

    (void)state;
    use_capture(&pc);
    add_xsdt(&pc, &rsdp);
    put8(rsdp + 33, 1); /* reserved byte, covered by the extended sum only */
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.acpi_revision, 2);
    assert_string_equal(pi.acpi_root, "RSDT");
    expect_msgs("ACPI: RSDP at 0xe0000 extended checksum wrong (sum 0x01); "
                "using its RSDT only", NULL);
}

static void test_bad_xsdt_and_rsdt(void **state)
{
    uint64_t rsdp, xsdt;

    (void)state;
    use_capture(&pc);
    xsdt = add_xsdt(&pc, &rsdp);
    memcpy(at(xsdt, 4), "XSDX", 4);
    put32(rsdt_of(&pc) + 4, 20);
    assert_int_equal(discover(0), 0);
    assert_seabios_mp();
    assert_int_equal(pi.hpet_addr, 0);
    expect_msgs(f("ACPI: XSDT at %#lx has signature \"XSDX\"; table ignored",
                  (unsigned long)xsdt),
                "ACPI: using the RSDT instead",
                "ACPI: RSDT length 20 too short; table ignored", NULL);
}

static void test_root_entries(void **state)
{
    uint64_t rsdt;

    (void)state;
    use_capture(&pc);
    rsdt = rsdt_of(&pc);
    /* One more entry, pointing nowhere, and two stray bytes. */
    put32(rsdt + 52, FAR_AWAY >> 16);
    put32(rsdt + 4, 58);
    fix_table(rsdt);
    assert_int_equal(discover(0), 0);
    assert_qemu_madt(4);
    expect_msgs("ACPI: RSDT length 58 is not a whole number of entries; "
                "last bytes ignored",
                "ACPI: RSDT entry 4 (0xdead00) cannot be read; skipped", NULL);
}

/* ---- synthetic roots ---- */

/* A revision 2 RSDP in the EBDA's last 32 bytes: no room for the XSDT part. */
static void test_rsdp_in_ebda_cut_short(void **state)
{
    static struct buf e;
    uint64_t madt, rsdp, ebda = 0x9fc00;

    (void)state;
    blank_machine();
    put16(0x40e, (uint16_t)(ebda >> 4));
    e.n = 0;
    lapic(&e, 0, 3, 1);
    madt = put_madt(&e, 0xfee00000, 1);
    rsdp = put_acpi(&madt, 1);
    memcpy(at(ebda + 0x3e0, 20), at(rsdp, 20), 20);
    put8(ebda + 0x3e0 + 15, 2);
    fix_rsdp(ebda + 0x3e0);
    put32(ebda + 0x3e0 + 20, 36); /* past the KiB searched: not part of it */
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.acpi_revision, 2);
    assert_string_equal(pi.acpi_root, "RSDT");
    assert_int_equal(pi.cpus[0].apic_id, 3);
    expect_msgs("ACPI: RSDP at 0x9ffe0 rev 2 cut short; using its RSDT only",
                "ACPI: no usable FADT; no reset register or S5", NULL);
}

static void test_xsdt_with_too_many_entries(void **state)
{
    static struct buf e, x;
    uint64_t madt, xsdt, rsdp;

    (void)state;
    blank_machine();
    e.n = x.n = 0;
    lapic(&e, 0, 0, 1);
    madt = put_madt(&e, 0xfee00000, 1);
    for (unsigned int i = 0; i < 70; i++)
        b64(&x, i == 63 ? madt : SCRATCH_BASE); /* the rest: zeros, no table */
    xsdt = put_table("XSDT", 1, &x);
    rsdp = scratch_alloc(36);
    memcpy(at(rsdp, 16), "RSD PTR \0KEELT \2", 16);
    put32(rsdp + 20, 36);
    put64(rsdp + 24, xsdt);
    fix_rsdp(rsdp);
    assert_int_equal(discover(rsdp), 0);
    assert_string_equal(pi.acpi_root, "XSDT");
    assert_int_equal(pi.nr_cpus, 1);
    expect_msgs("ACPI: XSDT lists 70 tables; only the first 64 are used",
                "ACPI: no usable FADT; no reset register or S5", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_pc),
        T(test_q35),
        T(test_hint),
        T(test_bad_hints),
        T(test_bad_rsdp_checksum_uses_mp_table),
        T(test_no_rsdp_no_mp_table),
        T(test_rsdp_in_ebda_cut_short),
        T(test_report_extremes),
        T(test_nothing_readable),
        T(test_xsdt),
        T(test_bad_xsdt_checksum_falls_back_to_rsdt),
        T(test_xsdt_outside_memory),
        T(test_absurd_xsdt_length),
        T(test_bad_extended_checksum),
        T(test_bad_xsdt_and_rsdt),
        T(test_xsdt_with_too_many_entries),
        T(test_root_entries),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
