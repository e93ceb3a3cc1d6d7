/*
 * Unit tests for platform discovery (drivers/acpi/): the captured QEMU
 * tables with random damage, every discovery checked only for what holds
 * whatever the input (acpi_fixture.c's discover()) and for staying inside
 * the memory it was given (ASan). The fixture: acpi_fixture.h.
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
#include "xorshift.h"

/* ---- fuzzing the captures ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
    return (uint32_t)xorshift64(&rng);
}

static const uint32_t interesting[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
    0xffffffff, 0xfffffffe, 36, 44, 35,
};

/* Change a few bytes, or one field to a value parsers get wrong. */
static void scribble(uint64_t pa, size_t len)
{
    unsigned int n = 1 + rnd() % 4;

    for (unsigned int i = 0; i < n; i++) {
        uint64_t p = pa + rnd() % len;

        if (rnd() % 2 && p + 4 <= pa + len)
            put32(p, interesting[rnd() % (sizeof(interesting) / sizeof(interesting[0]))]);
        else
            put8(p, (uint8_t)rnd());
    }
}

/* Mostly fix the checksum, so the parser gets past it to the contents. */
static void fix_table_sometimes(const struct capture *c, uint64_t t)
{
    uint32_t len = get32(t + 4);

    if (rnd() % 4 && len >= 36 && t - c->acpi_base + len <= ACPI_MEM_SIZE)
        fix_table(t);
}

static void fuzz_one(const struct capture *c)
{
    static const char *const sigs[] = { "APIC", "FACP", "HPET", "DSDT" };
    unsigned int what = rnd() % 7;
    uint64_t t;

    use_capture(c);
    if (what < 4) {
        t = table(c, sigs[what]);
        scribble(t, get32(t + 4));
        fix_table_sometimes(c, t);
    } else if (what == 4) {
        t = rsdt_of(c);
        scribble(t, get32(t + 4));
        fix_table_sometimes(c, t);
    } else if (what == 5) { /* the MP table (200 bytes in both captures) */
        memcpy(at(c->rsdp, 8), "RSD PTX ", 8);
        scribble(c->mpf + 16, 200);
        if (rnd() % 4)
            fix_sum(c->mpf + 16, 200, c->mpf + 16 + 7);
    } else {
        scribble(c->rsdp, 20);
        if (rnd() % 4)
            fix_rsdp(c->rsdp);
    }
    discover(rnd() % 8 ? 0 : c->rsdp);
    teardown(NULL);
    nr_reads = 0;
}

static void test_fuzz_captures(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < 3000; i++) {
        fuzz_one(&pc);
        fuzz_one(&q35);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_fuzz_captures),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
