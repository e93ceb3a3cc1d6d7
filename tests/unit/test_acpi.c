/*
 * Unit tests for platform discovery (drivers/acpi/): the ACPI and MP tables
 * QEMU's pc and q35 machines really have (tests/unit/data/acpi/, see its
 * README), those tables broken in the ways firmware gets them wrong, and
 * small synthetic tables for the edges.
 *
 * Fake physical memory is a few regions: low memory (BDA, EBDA, BIOS area),
 * a scratch area for tables the tests build, and the capture's ACPI region.
 * read_phys() refuses any range not wholly inside one region and hands out
 * a fresh heap copy of exactly the bytes asked for, freeing the previous
 * one: ASan catches the parser reading past what it asked for, or using a
 * pointer after its next read (the contract in keel/acpi.h). Every
 * discovery ends with checks that hold whatever the input, and every test
 * checks the exact report messages.
 */
#define _GNU_SOURCE /* memmem, vasprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "keel/acpi.h"

#define LOW_SIZE       0x100000u
#define SCRATCH_BASE   0x100000u
#define SCRATCH_SIZE   0x80000u
#define ACPI_MEM_SIZE  0x10000u
#define READ_LIMIT     100000ul /* more read_phys calls than this: a loop */
#define MAX_MSGS       64
#define FAR_AWAY       0xdead000000ull /* not in any region */

static uint8_t low_mem[LOW_SIZE], scratch_mem[SCRATCH_SIZE], acpi_mem[ACPI_MEM_SIZE];

struct region {
    uint64_t base;
    size_t size;
    uint8_t *buf;
};
static struct region regions[3];
static unsigned int nr_regions;
static void *last_copy;
static unsigned long nr_reads;
static uint64_t scratch_next;

static struct platform_info pi;
static char *msgs[MAX_MSGS], *lines[MAX_MSGS];
static size_t nr_msgs, nr_lines;
static char *strs[256]; /* f()'s results, freed per test */
static size_t nr_strs;

/* ---- fake physical memory ---- */

static const void *read_phys(uint64_t pa, size_t len)
{
    if (++nr_reads > READ_LIMIT)
        fail_msg("read_phys called %lu times: the parser loops", nr_reads);
    free(last_copy);
    last_copy = NULL;
    for (unsigned int i = 0; i < nr_regions; i++) {
        const struct region *r = &regions[i];

        if (pa < r->base || len > r->size || pa - r->base > r->size - len)
            continue;
        last_copy = malloc(len ? len : 1);
        assert_non_null(last_copy);
        memcpy(last_copy, r->buf + (pa - r->base), len);
        return last_copy;
    }
    return NULL;
}

static uint8_t *at(uint64_t pa, size_t len)
{
    for (unsigned int i = 0; i < nr_regions; i++) {
        const struct region *r = &regions[i];

        if (pa >= r->base && len <= r->size && pa - r->base <= r->size - len)
            return r->buf + (pa - r->base);
    }
    fail_msg("test bug: %#lx+%zu outside memory", (unsigned long)pa, len);
    return NULL;
}

static uint8_t get8(uint64_t pa) { return *at(pa, 1); }
static uint32_t get32(uint64_t pa) { uint32_t v; memcpy(&v, at(pa, 4), 4); return v; }
static void put8(uint64_t pa, uint8_t v) { *at(pa, 1) = v; }
static void put16(uint64_t pa, uint16_t v) { memcpy(at(pa, 2), &v, 2); }
static void put32(uint64_t pa, uint32_t v) { memcpy(at(pa, 4), &v, 4); }
static void put64(uint64_t pa, uint64_t v) { memcpy(at(pa, 8), &v, 8); }

/* Set the byte at sum_pa so that [pa, pa + len) sums to 0. */
static void fix_sum(uint64_t pa, size_t len, uint64_t sum_pa)
{
    uint8_t sum = 0, *p = at(pa, len);

    put8(sum_pa, 0);
    for (size_t i = 0; i < len; i++)
        sum += p[i];
    put8(sum_pa, (uint8_t)-sum);
}

static void fix_table(uint64_t pa) { fix_sum(pa, get32(pa + 4), pa + 9); }

static void fix_rsdp(uint64_t pa)
{
    fix_sum(pa, 20, pa + 8);
    if (get8(pa + 15) >= 2)
        fix_sum(pa, 36, pa + 32);
}

static uint64_t scratch_alloc(size_t len)
{
    uint64_t pa = (scratch_next + 15) & ~15ull;

    assert_true(pa + len <= SCRATCH_BASE + SCRATCH_SIZE);
    scratch_next = pa + len;
    return pa;
}

static void add_region(uint64_t base, uint8_t *buf, size_t size)
{
    regions[nr_regions++] = (struct region){ base, size, buf };
}

/* Low memory and scratch, all zero: a machine with no tables at all. */
static void blank_machine(void)
{
    memset(low_mem, 0, sizeof(low_mem));
    memset(scratch_mem, 0, sizeof(scratch_mem));
    memset(acpi_mem, 0, sizeof(acpi_mem));
    nr_regions = 0;
    add_region(0, low_mem, LOW_SIZE);
    add_region(SCRATCH_BASE, scratch_mem, SCRATCH_SIZE);
    scratch_next = SCRATCH_BASE;
}

/* ---- the captures ---- */

struct capture {
    const char *name;
    uint64_t acpi_base, rsdp, mpf;
    uint8_t *bda, *ebda, *bios, *acpi;
    size_t acpi_len;
};
static struct capture pc = { "pc", 0x7fe0000, 0xf59d0, 0xf5ba0, 0, 0, 0, 0, 0 };
static struct capture q35 = { "q35", 0x7ffe0000, 0xf59e0, 0xf5ba0, 0, 0, 0, 0, 0 };

static uint8_t *load_file(const char *name, size_t *len)
{
    static const char *const dirs[] = { NULL, "data/acpi", "tests/unit/data/acpi" };
    char dir[4096], path[4200];
    const char *slash = strrchr(__FILE__, '/');

    /* Next to this source first: make may run the test from anywhere. */
    snprintf(dir, sizeof(dir), "%.*s/data/acpi",
             slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        FILE *f;
        uint8_t *buf;
        long n;

        snprintf(path, sizeof(path), "%s/%s", dirs[i] ? dirs[i] : dir, name);
        if (!(f = fopen(path, "rb")))
            continue;
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        rewind(f);
        buf = malloc((size_t)n);
        if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
            abort();
        fclose(f);
        *len = (size_t)n;
        return buf;
    }
    fprintf(stderr, "cannot find %s under %s\n", name, dir);
    return NULL;
}

static void load_capture(struct capture *c)
{
    char name[64];
    size_t len;

    snprintf(name, sizeof(name), "%s-bda.bin", c->name);
    c->bda = load_file(name, &len);
    assert_true(c->bda && len == 0x100);
    snprintf(name, sizeof(name), "%s-ebda.bin", c->name);
    c->ebda = load_file(name, &len);
    assert_true(c->ebda && len == 0x400);
    snprintf(name, sizeof(name), "%s-bios.bin", c->name);
    c->bios = load_file(name, &len);
    assert_true(c->bios && len == 0x20000);
    snprintf(name, sizeof(name), "%s-acpi.bin", c->name);
    c->acpi = load_file(name, &c->acpi_len);
    assert_true(c->acpi && c->acpi_len <= ACPI_MEM_SIZE);
}

/* Physical memory as the capture found it, plus empty scratch. */
static void use_capture(const struct capture *c)
{
    blank_machine();
    memcpy(low_mem + 0x400, c->bda, 0x100);
    memcpy(low_mem + 0x9fc00, c->ebda, 0x400);
    memcpy(low_mem + 0xe0000, c->bios, 0x20000);
    memcpy(acpi_mem, c->acpi, c->acpi_len);
    add_region(c->acpi_base, acpi_mem, ACPI_MEM_SIZE);
}

static uint64_t rsdt_of(const struct capture *c) { return get32(c->rsdp + 16); }

/* Physical address of the capture's table with this signature. */
static uint64_t table(const struct capture *c, const char *sig)
{
    uint64_t rsdt = rsdt_of(c);
    unsigned int n = (get32(rsdt + 4) - 36) / 4;

    if (!memcmp(sig, "DSDT", 4))
        return get32(table(c, "FACP") + 40);
    for (unsigned int i = 0; i < n; i++) {
        uint64_t pa = get32(rsdt + 36 + 4 * i);

        if (!memcmp(at(pa, 4), sig, 4))
            return pa;
    }
    fail_msg("test bug: no %s", sig);
    return 0;
}

/* ---- messages ---- */

static void report(const char *msg)
{
    assert_non_null(msg);
    assert_null(strchr(msg, '\n'));
    assert_true(strlen(msg) > 0 && strlen(msg) < 160);
    assert_true(!strncmp(msg, "ACPI: ", 6) || !strncmp(msg, "MP table: ", 10) ||
                !strncmp(msg, "Platform: ", 10));
    assert_true(nr_msgs < MAX_MSGS);
    msgs[nr_msgs++] = strdup(msg);
}

static void print_line(const char *line)
{
    assert_null(strchr(line, '\n'));
    assert_true(strlen(line) > 0 && strlen(line) < 256);
    assert_true(nr_lines < MAX_MSGS);
    lines[nr_lines++] = strdup(line);
}

/* A formatted string that lives until the end of the test. */
static const char *f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *f(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    assert_true(vasprintf(&s, fmt, ap) >= 0);
    va_end(ap);
    assert_true(nr_strs < sizeof(strs) / sizeof(strs[0]));
    return strs[nr_strs++] = s;
}

static void dump(const char *what, char **list, size_t n)
{
    fprintf(stderr, "%s (%zu):\n", what, n);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  \"%s\"\n", list[i]);
}

/* The list (NULL-terminated) must equal what was said, in order. */
static void expect_list(char **got, size_t n, const char *what,
                        const char *first, va_list ap)
{
    size_t i = 0;

    for (const char *want = first; want; want = va_arg(ap, const char *), i++) {
        if (i >= n || strcmp(got[i], want)) {
            dump(what, got, n);
            fail_msg("%s %zu: wanted \"%s\"", what, i, want);
        }
    }
    if (i != n) {
        dump(what, got, n);
        fail_msg("%zu %s, wanted %zu", n, what, i);
    }
}

static void expect_msgs(const char *first, ...)
{
    va_list ap;

    va_start(ap, first);
    expect_list(msgs, nr_msgs, "messages", first, ap);
    va_end(ap);
}

static void expect_lines(const char *first, ...)
{
    va_list ap;

    va_start(ap, first);
    expect_list(lines, nr_lines, "report lines", first, ap);
    va_end(ap);
}

/* ---- discovery and what must hold whatever the input ---- */

static void assert_invariants(int rc)
{
    unsigned int bsps = 0;

    assert_non_null(pi.source);
    assert_true(!strcmp(pi.source, "ACPI") || !strcmp(pi.source, "MP table") ||
                !strcmp(pi.source, "none (single CPU)"));
    assert_int_equal(rc, strcmp(pi.source, "none (single CPU)") ? 0 : -1);
    assert_non_null(memchr(pi.oem, '\0', sizeof(pi.oem)));
    assert_true(!strcmp(pi.acpi_root, "") || !strcmp(pi.acpi_root, "RSDT") ||
                !strcmp(pi.acpi_root, "XSDT"));
    assert_true(pi.nr_cpus >= 1 && pi.nr_cpus <= KEEL_MAX_CPUS);
    assert_true(pi.nr_ioapics <= PLATFORM_MAX_IOAPICS);
    assert_true(pi.nr_overrides <= PLATFORM_MAX_OVERRIDES);
    for (unsigned int i = 0; i < pi.nr_cpus; i++) {
        bsps += pi.cpus[i].bsp;
        for (unsigned int j = 0; j < i; j++)
            assert_int_not_equal(pi.cpus[i].apic_id, pi.cpus[j].apic_id);
    }
    assert_int_equal(bsps, 1);
    assert_true(pi.lapic_addr != 0);
}

static int discover(uint64_t hint)
{
    int rc;

    memset(&pi, 0xa5, sizeof(pi)); /* discovery must set everything */
    rc = platform_discover(&pi, hint, read_phys, report);
    assert_invariants(rc);
    platform_report(&pi, print_line);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    nr_reads = 0;
    alarm(60);
    return 0;
}

static void free_list(char **list, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free(list[i]);
    *n = 0;
}

static int teardown(void **state)
{
    (void)state;
    alarm(0);
    free(last_copy);
    last_copy = NULL;
    free_list(msgs, &nr_msgs);
    free_list(lines, &nr_lines);
    free_list(strs, &nr_strs);
    return 0;
}

/* ---- the captures as they are ---- */

static void assert_qemu_madt(unsigned int cpus)
{
    static const struct platform_override want[] = {
        { 0, 2, 0 }, { 5, 5, 0xd }, { 9, 9, 0xd }, { 10, 10, 0xd }, { 11, 11, 0xd },
    };

    assert_string_equal(pi.source, "ACPI");
    assert_int_equal(pi.nr_cpus, cpus);
    for (unsigned int i = 0; i < cpus; i++) {
        assert_int_equal(pi.cpus[i].apic_id, i);
        assert_int_equal(pi.cpus[i].acpi_id, i);
        assert_int_equal(pi.cpus[i].bsp, i == 0);
    }
    assert_int_equal(pi.cpus_dropped, 0);
    assert_int_equal(pi.lapic_addr, 0xfee00000);
    assert_int_equal(pi.nr_ioapics, 1);
    assert_int_equal(pi.ioapics[0].id, 0);
    assert_int_equal(pi.ioapics[0].addr, 0xfec00000);
    assert_int_equal(pi.ioapics[0].gsi_base, 0);
    assert_int_equal(pi.nr_overrides, 5);
    for (unsigned int i = 0; i < 5; i++) {
        assert_int_equal(pi.overrides[i].bus_irq, want[i].bus_irq);
        assert_int_equal(pi.overrides[i].gsi, want[i].gsi);
        assert_int_equal(pi.overrides[i].flags, want[i].flags);
    }
    assert_int_equal(pi.nr_nmi_sources, 0);
    assert_int_equal(pi.nr_lapic_nmis, 1);
    assert_true(pi.pic_present);
    assert_int_equal(pi.hpet_addr, 0xfed00000);
}

static void assert_qemu_fadt(void)
{
    assert_int_equal(pi.pm1a_cnt, 0x604);
    assert_int_equal(pi.pm1b_cnt, 0);
    assert_int_equal(pi.pm_timer_port, 0x608);
    assert_false(pi.pm_timer_32bit);
    assert_int_equal(pi.smi_cmd, 0xb2);
    assert_int_equal(pi.century, 0x32);
    assert_true(pi.s5_valid);
    assert_int_equal(pi.slp_typa, 0);
    assert_int_equal(pi.slp_typb, 0);
}

static const char *const pc_lines[] = {
    "ACPI: RSDP rev 0 (BOCHS ), RSDT",
    "ACPI: 4 CPUs (APIC IDs 0 1 2 3), IOAPIC id 0 at 0xfec00000 GSI 0, 5 overrides",
    "ACPI: local APIC at 0xfee00000, 8259 PIC present, NMI entries: 0 GSI, 1 LINT",
    "ACPI: overrides IRQ0->GSI2, IRQ5->GSI5 level high, IRQ9->GSI9 level high, "
        "IRQ10->GSI10 level high, IRQ11->GSI11 level high",
    "ACPI: HPET at 0xfed00000",
    "ACPI: no reset register; S5 SLP_TYP 0/0",
    "ACPI: PM1a control 0x604, PM timer 0x608 (24-bit), SMI command 0xb2 "
        "enable 0xf1, century 0x32",
};

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

static const char *const mp_pc_lines[] = {
    "MP table: 1 CPU (APIC IDs 0), IOAPIC id 0 at 0xfec00000 GSI 0, 0 overrides",
    "MP table: local APIC at 0xfee00000, 8259 PIC present",
};

static void assert_seabios_mp(void)
{
    assert_string_equal(pi.source, "MP table");
    assert_int_equal(pi.nr_cpus, 1);
    assert_int_equal(pi.cpus[0].apic_id, 0);
    assert_true(pi.cpus[0].bsp);
    assert_int_equal(pi.nr_ioapics, 1);
    assert_int_equal(pi.ioapics[0].id, 0);
    assert_int_equal(pi.ioapics[0].addr, 0xfec00000);
    assert_int_equal(pi.lapic_addr, 0xfee00000);
    assert_int_equal(pi.nr_overrides, 0);
    assert_true(pi.pic_present);
}

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

/* ---- synthetic tables ---- */

struct buf {
    uint8_t b[4096];
    size_t n;
};

static void b_bytes(struct buf *b, const void *p, size_t n)
{
    assert_true(b->n + n <= sizeof(b->b));
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

static void b8(struct buf *b, uint8_t v) { b_bytes(b, &v, 1); }
static void b16(struct buf *b, uint16_t v) { b_bytes(b, &v, 2); }
static void b32(struct buf *b, uint32_t v) { b_bytes(b, &v, 4); }
static void b64(struct buf *b, uint64_t v) { b_bytes(b, &v, 8); }

static void lapic(struct buf *b, uint8_t acpi_id, uint8_t apic_id, uint32_t flags)
{
    b8(b, 0); b8(b, 8); b8(b, acpi_id); b8(b, apic_id); b32(b, flags);
}

static void x2apic(struct buf *b, uint32_t apic_id, uint32_t flags, uint32_t uid)
{
    b8(b, 9); b8(b, 16); b16(b, 0); b32(b, apic_id); b32(b, flags); b32(b, uid);
}

static void ioapic(struct buf *b, uint8_t id, uint32_t addr, uint32_t gsi)
{
    b8(b, 1); b8(b, 12); b8(b, id); b8(b, 0); b32(b, addr); b32(b, gsi);
}

static void override(struct buf *b, uint8_t bus, uint8_t irq, uint32_t gsi,
                     uint16_t flags)
{
    b8(b, 2); b8(b, 10); b8(b, bus); b8(b, irq); b32(b, gsi); b16(b, flags);
}

/* A table in scratch: header (OEM "KEELT "), then body; checksum right. */
static uint64_t put_table(const char *sig, uint8_t rev, const struct buf *body)
{
    uint64_t pa = scratch_alloc(36 + body->n);
    uint8_t *h = at(pa, 36 + body->n);

    memset(h, 0, 36);
    memcpy(h, sig, 4);
    put32(pa + 4, (uint32_t)(36 + body->n));
    h[8] = rev;
    memcpy(h + 10, "KEELT KEELTEST", 14);
    memcpy(h + 36, body->b, body->n);
    fix_table(pa);
    return pa;
}

/* RSDP (rev 0) and RSDT listing these tables; returns the RSDP for a hint. */
static uint64_t put_acpi(const uint64_t *tables, unsigned int n)
{
    struct buf body = { .n = 0 };
    uint64_t rsdt, rsdp;

    for (unsigned int i = 0; i < n; i++)
        b32(&body, (uint32_t)tables[i]);
    rsdt = put_table("RSDT", 1, &body);
    rsdp = scratch_alloc(20);
    memcpy(at(rsdp, 20), "RSD PTR \0KEELT \0", 16);
    put32(rsdp + 16, (uint32_t)rsdt);
    fix_rsdp(rsdp);
    return rsdp;
}

static uint64_t put_madt(const struct buf *entries, uint32_t lapic_addr,
                         uint32_t flags)
{
    struct buf body = { .n = 0 };

    b32(&body, lapic_addr);
    b32(&body, flags);
    b_bytes(&body, entries->b, entries->n);
    return put_table("APIC", 4, &body);
}

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

/* ---- fuzzing the captures ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
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

/* ---- main ---- */

static int group_setup(void **state)
{
    (void)state;
    load_capture(&pc);
    load_capture(&q35);
    return 0;
}

static int group_teardown(void **state)
{
    struct capture *cs[] = { &pc, &q35 };

    (void)state;
    for (unsigned int i = 0; i < 2; i++) {
        free(cs[i]->bda);
        free(cs[i]->ebda);
        free(cs[i]->bios);
        free(cs[i]->acpi);
    }
    return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

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
        T(test_bad_mp_tables),
        T(test_xsdt),
        T(test_bad_xsdt_checksum_falls_back_to_rsdt),
        T(test_xsdt_outside_memory),
        T(test_absurd_xsdt_length),
        T(test_bad_extended_checksum),
        T(test_bad_xsdt_and_rsdt),
        T(test_xsdt_with_too_many_entries),
        T(test_root_entries),
        T(test_madt_checksum),
        T(test_madt_truncated),
        T(test_madt_entry_length_zero),
        T(test_madt_absurd_lengths),
        T(test_too_many_cpus),
        T(test_madt_entry_kinds),
        T(test_madt_without_cpus),
        T(test_report_limit),
        T(test_short_fadt),
        T(test_fadt_oddities),
        T(test_fadt_rev1_claims_reset),
        T(test_q35_x_fields),
        T(test_hpet_not_in_memory),
        T(test_dsdt_without_s5),
        T(test_s5_decoding),
        T(test_mp_default_configuration),
        T(test_mp_entries),
        T(test_mp_many_cpus_and_bad_counts),
        T(test_fuzz_captures),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
