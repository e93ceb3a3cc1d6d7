/*
 * Unit tests for the PV descriptor rules (arch/x86/pv/descriptor_check.c):
 * what a 64-bit PV guest may put in a GDT or LDT, and how Keel rewrites
 * it, as Xen 4.17's check_descriptor does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../arch/x86/pv/descriptor_check.h"

#define CODE64_DPL3 0x00affa000000ffffull /* flat 64-bit code, ring 3 */
#define DATA_DPL3   0x00cff2000000ffffull /* flat data, ring 3 */
#define CODE64_DPL0 0x00af9a000000ffffull
#define DATA_DPL1   0x00cfb2000000ffffull

/* A 64-bit call gate (low half): offset 0x1234, selector sel, DPL dpl. */
static uint64_t call_gate(uint16_t sel, unsigned int dpl)
{
    return 0x1234ull | (uint64_t)sel << 16 | (0x8c00ull | dpl << 13) << 32;
}

static void expect(uint64_t in, bool ok, uint64_t out)
{
    uint64_t d = in;

    assert_int_equal(pv_descriptor_ok(&d), ok);
    assert_int_equal(d, ok ? out : in); /* a refused descriptor is left alone */
}

static void test_ring3_code_and_data_pass_unchanged(void **state)
{
    (void)state;
    expect(CODE64_DPL3, true, CODE64_DPL3);
    expect(DATA_DPL3, true, DATA_DPL3);
}

/* The guest kernel is in ring 3 too: a DPL 0-2 segment becomes DPL 3. */
static void test_privileged_segments_are_lowered_to_ring3(void **state)
{
    (void)state;
    expect(CODE64_DPL0, true, CODE64_DPL3);
    expect(DATA_DPL1, true, DATA_DPL3);
}

/* Not present: loading it faults, so anything goes, untouched. */
static void test_not_present_passes_untouched(void **state)
{
    (void)state;
    expect(0, true, 0);
    expect(0x00af1a000000ffffull, true, 0x00af1a000000ffffull); /* DPL 0, P clear */
    expect(0x0000090000000067ull, true, 0x0000090000000067ull); /* a TSS, P clear */
}

static void test_system_descriptors_are_refused(void **state)
{
    (void)state;
    expect(0x0000890000000067ull, false, 0); /* available 64-bit TSS */
    expect(0x0000820000000fffull, false, 0); /* LDT */
    expect(0x00008e0000101234ull, false, 0); /* interrupt gate */
    expect(0x00008f0000101234ull, false, 0); /* trap gate */
}

/* Present with type 0: the upper half of a 16-byte gate, kept as it is. */
static void test_type0_upper_half_passes(void **state)
{
    (void)state;
    expect(0x0000800000000000ull, true, 0x0000800000000000ull);
}

/* A call gate to the guest's own code: DPL forced to 0 (use faults), the
 * wanted DPL (raised to 3) kept in the selector's RPL. */
static void test_call_gate_to_guest_code_is_made_dpl0(void **state)
{
    (void)state;
    expect(call_gate(0x0010, 3), true, call_gate(0x0013, 0));
    expect(call_gate(0x0010, 0), true, call_gate(0x0013, 0));
    expect(call_gate(0xe033, 3), true, call_gate(0xe033, 0)); /* FLAT_KERNEL_CS */
    expect(call_gate(0xe00c, 3), true, call_gate(0xe00f, 0)); /* an LDT selector */
}

/* Into Keel's descriptors (past FIRST_RESERVED_GDT_ENTRY): refused, the
 * gate would run guest code with Keel's code segment. */
static void test_call_gate_to_keel_is_refused(void **state)
{
    (void)state;
    expect(call_gate(0xe008, 3), false, 0);
    expect(call_gate(0xe000, 3), false, 0);
    expect(call_gate(0xfff8, 0), false, 0);
}

static void test_call_gate_reserved_bits_are_refused(void **state)
{
    (void)state;
    expect(call_gate(0x0010, 3) | 1ull << 32, false, 0);
}

static void test_page_fixes_up_to_the_first_refusal(void **state)
{
    uint64_t page[DESCS_PER_PAGE] = { 0, CODE64_DPL0, DATA_DPL3 };

    (void)state;
    assert_true(pv_descriptor_page_ok(page));
    assert_int_equal(page[1], CODE64_DPL3);
    page[1] = CODE64_DPL0;
    page[300] = 0x0000890000000067ull;
    page[301] = CODE64_DPL0;
    assert_false(pv_descriptor_page_ok(page));
    assert_int_equal(page[1], CODE64_DPL3);
    assert_int_equal(page[301], CODE64_DPL0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring3_code_and_data_pass_unchanged),
        cmocka_unit_test(test_privileged_segments_are_lowered_to_ring3),
        cmocka_unit_test(test_not_present_passes_untouched),
        cmocka_unit_test(test_system_descriptors_are_refused),
        cmocka_unit_test(test_type0_upper_half_passes),
        cmocka_unit_test(test_call_gate_to_guest_code_is_made_dpl0),
        cmocka_unit_test(test_call_gate_to_keel_is_refused),
        cmocka_unit_test(test_call_gate_reserved_bits_are_refused),
        cmocka_unit_test(test_page_fixes_up_to_the_first_refusal),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
