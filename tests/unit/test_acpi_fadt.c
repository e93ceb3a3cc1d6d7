/*
 * Unit tests for platform discovery (drivers/acpi/), the FADT, the HPET
 * table and the DSDT's \_S5 package: the captured QEMU tables broken, and
 * synthetic ones. The fixture (fake physical memory, the captures, the table
 * builders): acpi_fixture.h.
 */
#define _GNU_SOURCE /* memmem */
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

/* ---- FADT and HPET ---- */

/* A synthetic FADT of this length (and revision) with a DSDT holding aml. */
static uint64_t put_fadt(uint32_t len, uint8_t rev, const void *aml, size_t aml_len)
{
    static struct buf body, dsdt_body;
    uint64_t dsdt;

    dsdt_body.n = 0;
    b_bytes(&dsdt_body, aml, aml_len);
    dsdt = put_table("DSDT", 2, &dsdt_body);
    body.n = 0;
    assert_true(len >= 44 && len - 36 <= sizeof(body.b));
    memset(body.b, 0, len - 36);
    body.n = len - 36;
    memcpy(body.b + 4, &(uint32_t){ (uint32_t)dsdt }, 4);
    return put_table("FACP", rev, &body);
}

static void test_short_fadt(void **state)
{
    static const uint8_t aml[] = "\x08_S5_\x12\x06\x02\x0a\x05\x0a\x07";
    static struct buf e;
    uint64_t t[2];

    (void)state;
    blank_machine();
    e.n = 0;
    lapic(&e, 0, 0, 1);
    t[0] = put_madt(&e, 0xfee00000, 1);
    t[1] = put_fadt(60, 1, aml, sizeof(aml) - 1);
    put32(t[1] + 48, 0xb2); /* SMI command: inside the 60 bytes */
    fix_table(t[1]);
    assert_int_equal(discover(put_acpi(t, 2)), 0);
    assert_int_equal(pi.smi_cmd, 0xb2);
    assert_int_equal(pi.pm1a_cnt, 0);
    assert_true(pi.s5_valid);
    assert_int_equal(pi.slp_typa, 5);
    assert_int_equal(pi.slp_typb, 7);
    expect_msgs("ACPI: FADT length 60 shorter than ACPI 1.0's 116; missing "
                "fields taken as 0", NULL);
}

/* FADT fields that are there but unusable. */
static void test_fadt_oddities(void **state)
{
    static const uint8_t aml[] = "\x10\x05\\_S5_\x08\\_S5_\x12\x04\x02\x01\x00";
    static struct buf e;
    uint64_t t[2], fadt;

    (void)state;
    blank_machine();
    e.n = 0;
    lapic(&e, 0, 0, 1);
    t[0] = put_madt(&e, 0xfee00000, 1);
    t[1] = fadt = put_fadt(244, 3, aml, sizeof(aml) - 1);
    put32(fadt + 112, (1u << 10) | (1u << 8)); /* RESET_REG_SUP, TMR_VAL_EXT */
    put8(fadt + 116, 7);                       /* reset register: space 7 */
    put64(fadt + 120, 0xcf9);
    put32(fadt + 64, 0x404);                   /* PM1a_CNT_BLK */
    put8(fadt + 172, ACPI_SPACE_MEMORY);       /* X_PM1a_CNT_BLK in memory */
    put64(fadt + 176, 0xfe000404);
    put32(fadt + 68, 0x12345);                 /* PM1b: not a port */
    put32(fadt + 76, 0x408);                   /* PM timer, PM_TMR_LEN 0 */
    put64(fadt + 140, FAR_AWAY);               /* X_DSDT nowhere */
    fix_table(fadt);
    assert_int_equal(discover(put_acpi(t, 2)), 0);
    assert_false(pi.reset_supported);
    assert_int_equal(pi.pm1a_cnt, 0x404);
    assert_int_equal(pi.pm1b_cnt, 0);
    assert_int_equal(pi.pm_timer_port, 0);
    assert_true(pi.pm_timer_32bit);
    assert_true(pi.s5_valid);
    assert_int_equal(pi.slp_typa, 1);
    assert_int_equal(pi.slp_typb, 0);
    expect_msgs("ACPI: FADT reset register (space 7, 0xcf9) unusable; not used",
                "ACPI: FADT X_PM1a_CNT_BLK is not an I/O port (space 0, "
                    "0xfe000404); using PM1a_CNT_BLK 0x404",
                "ACPI: FADT PM1b_CNT_BLK 0x12345 is not an I/O port; ignored",
                "ACPI: DSDT at 0xdead000000 cannot be read; table ignored",
                f("ACPI: trying the FADT's 32-bit DSDT address %#x",
                  get32(fadt + 40)),
                NULL);
}

static void test_fadt_rev1_claims_reset(void **state)
{
    uint64_t fadt;

    (void)state;
    use_capture(&pc);
    fadt = table(&pc, "FACP");
    put32(fadt + 112, get32(fadt + 112) | 1u << 10);
    fix_table(fadt);
    assert_int_equal(discover(0), 0);
    assert_false(pi.reset_supported);
    assert_qemu_fadt();
    expect_msgs("ACPI: FADT rev 1 length 116 claims a reset register it cannot "
                "hold; not used", NULL);
}

static void test_q35_x_fields(void **state)
{
    uint64_t fadt;

    (void)state;
    use_capture(&q35);
    fadt = table(&q35, "FACP");
    put64(fadt + 140, FAR_AWAY);      /* X_DSDT */
    put8(fadt + 172, ACPI_SPACE_PCI); /* X_PM1a_CNT_BLK */
    put8(fadt + 208, 1);              /* X_PM_TMR_BLK: I/O, but elsewhere */
    put64(fadt + 212, 0x1008);
    fix_table(fadt);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.pm1a_cnt, 0x604);
    assert_int_equal(pi.pm_timer_port, 0x1008);
    assert_true(pi.s5_valid);
    expect_msgs("ACPI: FADT X_PM1a_CNT_BLK is not an I/O port (space 2, 0x604); "
                    "using PM1a_CNT_BLK 0x604",
                "ACPI: DSDT at 0xdead000000 cannot be read; table ignored",
                "ACPI: trying the FADT's 32-bit DSDT address 0x7ffe0040", NULL);
}

static void test_hpet_not_in_memory(void **state)
{
    uint64_t hpet;

    (void)state;
    use_capture(&pc);
    hpet = table(&pc, "HPET");
    put8(hpet + 40, ACPI_SPACE_IO);
    fix_table(hpet);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.hpet_addr, 0);
    expect_msgs("ACPI: HPET base (space 1, 0xfed00000) not in memory; ignored",
                NULL);
    assert_string_equal(lines[4], "ACPI: no HPET");
    teardown(NULL);

    use_capture(&pc);
    hpet = table(&pc, "HPET");
    put32(hpet + 4, 48);
    fix_table(hpet);
    assert_int_equal(discover(0), 0);
    assert_int_equal(pi.hpet_addr, 0);
    expect_msgs("ACPI: HPET length 48 too short; table ignored", NULL);
}

/* ---- \_S5 ---- */

/* Where the capture's DSDT has "_S5_" (once, in both). */
static uint64_t find_s5(const struct capture *c)
{
    uint64_t dsdt = table(c, "DSDT");
    uint32_t len = get32(dsdt + 4);
    const uint8_t *p = at(dsdt, len), *hit = memmem(p, len, "_S5_", 4);

    assert_non_null(hit);
    assert_null(memmem(hit + 1, len - (size_t)(hit + 1 - p), "_S5_", 4));
    return dsdt + (uint64_t)(hit - p);
}

static void test_dsdt_without_s5(void **state)
{
    (void)state;
    use_capture(&q35);
    put8(find_s5(&q35) + 2, '6');
    fix_table(table(&q35, "DSDT"));
    assert_int_equal(discover(0), 0);
    assert_false(pi.s5_valid);
    assert_true(pi.reset_supported);
    expect_msgs("ACPI: DSDT has no \\_S5 package; S5 unknown", NULL);
    assert_string_equal(lines[5], "ACPI: reset register I/O 0xcf9 value 0xf; "
                        "S5 unknown");
    teardown(NULL);

    /* The package says it has no elements. */
    use_capture(&pc);
    put8(find_s5(&pc) + 6, 0);
    fix_table(table(&pc, "DSDT"));
    assert_int_equal(discover(0), 0);
    assert_false(pi.s5_valid);
    expect_msgs("ACPI: \\_S5 package is empty; ignored", NULL);
    teardown(NULL);

    /* A DSDT checksum error costs S5, nothing else. */
    use_capture(&pc);
    put8(table(&pc, "DSDT") + 40, get8(table(&pc, "DSDT") + 40) ^ 0x80);
    assert_int_equal(discover(0), 0);
    assert_false(pi.s5_valid);
    assert_qemu_madt(4);
    expect_msgs("ACPI: DSDT checksum wrong (sum 0x80); table ignored", NULL);
}

struct s5_case {
    const char *aml;
    size_t len;
    bool ok;
    uint8_t a, b;
    const char *msg;
};

#define AML(s) s, sizeof(s) - 1

static const struct s5_case s5_cases[] = {
    { AML("\x08_S5_\x12\x06\x04\x00\x00\x00\x00"), true, 0, 0, NULL },
    { AML("\x08\\_S5_\x12\x08\x04\x0a\x05\x0a\x05\x00\x00"), true, 5, 5, NULL },
    { AML("\x08_S5_\x12\x04\x02\x07\x07"), true, 7, 7, NULL },         /* raw */
    { AML("\x08_S5_\x12\x04\x02\x01\x00"), true, 1, 0, NULL },         /* One, Zero */
    { AML("\x08_S5_\x12\x05\x01\x0b\x05\x07"), true, 5, 7, NULL },     /* one word */
    { AML("\x08_S5_\x12\x10\x02\x0c\x03\x00\x00\x00\x0e\x04\x00\x00\x00\x00\x00\x00\x00"),
      true, 3, 4, NULL },                                              /* DWord, QWord */
    { AML("\x08_S5_\x12\x04\x02\xff\x00"), true, 0xff, 0, NULL },      /* Ones */
    { AML("\x08_S5_\x12\x47\x00\x02\x0a\x06\x0a\x07"), true, 6, 7, NULL }, /* 2-byte PkgLength */
    { AML("\x08_S5_\x12\x04\x00\x00\x00"), false, 0, 0, "ACPI: \\_S5 package is empty; ignored" },
    { AML("\x08_S5_\x12\x09\x02\x00\x00"), false, 0, 0,
      "ACPI: \\_S5 package length does not fit the table; ignored" },
    { AML("\x08_S5_\x12\x01\x02\x00\x00"), false, 0, 0,
      "ACPI: \\_S5 package length does not fit the table; ignored" },
    { AML("\x08_S5_\x12\xc0\xff\xff"), false, 0, 0,
      "ACPI: \\_S5 package cut off by the end of the table; ignored" },
    { AML("\x08_S5_\x12\x04"), false, 0, 0,
      "ACPI: \\_S5 package cut off by the end of the table; ignored" },
    { AML("\x08_S5_"), false, 0, 0,
      "ACPI: \\_S5 package cut off by the end of the table; ignored" },
    { AML("\x08_S5_\x12\x04\x02SLPA"), false, 0, 0,
      "ACPI: \\_S5 package element 0 is not an integer constant; ignored" },
    { AML("\x08_S5_\x12\x04\x02\x00\x0a\x05"), false, 0, 0,
      "ACPI: \\_S5 package element 1 is not an integer constant; ignored" },
    { AML("\x08_S5_\x12\x03\x02\x00\x00"), false, 0, 0,                /* 1 of 2 */
      "ACPI: \\_S5 package element 1 is not an integer constant; ignored" },
    { AML("\x08_S5_\x12\x04\x02\x0c\x01\x00"), false, 0, 0,            /* DWord cut */
      "ACPI: \\_S5 package element 0 is not an integer constant; ignored" },
    { AML("\x08_S5_\x12\x04\x02\x0d\x00\x00"), false, 0, 0,            /* a string */
      "ACPI: \\_S5 package element 0 is not an integer constant; ignored" },
    { AML("\x08_S5_\x0a\x05"), false, 0, 0, "ACPI: \\_S5 is not a package (byte 0x0a); ignored" },
    { AML("\x14\x0c_S5_\x00\xa4\x12\x06\x04\x00\x00\x00\x00"), false, 0, 0, /* a method */
      "ACPI: DSDT has no \\_S5 package; S5 unknown" },
    { AML("_S5_\x12\x04\x02\x00\x00"), false, 0, 0, "ACPI: DSDT has no \\_S5 package; S5 unknown" },
    { AML(""), false, 0, 0, "ACPI: DSDT has no \\_S5 package; S5 unknown" },
    /* A broken one, then a good one. */
    { AML("\x08_S5_\x12\x04\x00\x00\x00\x08_S5_\x12\x04\x02\x03\x04"), true, 3, 4,
      "ACPI: \\_S5 package is empty; ignored" },
};

static void test_s5_decoding(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(s5_cases) / sizeof(s5_cases[0]); i++) {
        const struct s5_case *k = &s5_cases[i];
        struct acpi_ctx c = { .read = read_phys, .report = report };
        uint8_t *aml = malloc(k->len ? k->len : 1); /* exact size, for ASan */
        uint8_t a = 0x5a, b = 0x5a;
        bool ok;

        assert_non_null(aml);
        memcpy(aml, k->aml, k->len);
        ok = acpi_find_s5(&c, aml, k->len, &a, &b);
        free(aml);
        if (ok != k->ok || (ok && (a != k->a || b != k->b)))
            fail_msg("case %zu: got %d %u/%u", i, ok, a, b);
        if (k->msg)
            expect_msgs(k->msg, NULL);
        else
            expect_msgs(NULL);
        free_list(msgs, &nr_msgs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_short_fadt),
        T(test_fadt_oddities),
        T(test_fadt_rev1_claims_reset),
        T(test_q35_x_fields),
        T(test_hpet_not_in_memory),
        T(test_dsdt_without_s5),
        T(test_s5_decoding),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
