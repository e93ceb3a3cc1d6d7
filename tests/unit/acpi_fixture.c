/*
 * The platform discovery tests' fixture: see acpi_fixture.h.
 */
#define _GNU_SOURCE /* vasprintf */
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

#include "acpi_fixture.h"

static uint8_t low_mem[LOW_SIZE], scratch_mem[SCRATCH_SIZE], acpi_mem[ACPI_MEM_SIZE];

struct region {
    uint64_t base;
    size_t size;
    uint8_t *buf;
};
static struct region regions[3];
unsigned int nr_regions;
static void *last_copy;
unsigned long nr_reads;
static uint64_t scratch_next;

struct platform_info pi;
char *msgs[MAX_MSGS], *lines[MAX_MSGS];
size_t nr_msgs, nr_lines;
static char *strs[256]; /* f()'s results, freed per test */
static size_t nr_strs;

/* ---- fake physical memory ---- */

const void *read_phys(uint64_t pa, size_t len)
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

uint8_t *at(uint64_t pa, size_t len)
{
    for (unsigned int i = 0; i < nr_regions; i++) {
        const struct region *r = &regions[i];

        if (pa >= r->base && len <= r->size && pa - r->base <= r->size - len)
            return r->buf + (pa - r->base);
    }
    fail_msg("test bug: %#lx+%zu outside memory", (unsigned long)pa, len);
    return NULL;
}

uint8_t get8(uint64_t pa) { return *at(pa, 1); }
uint32_t get32(uint64_t pa) { uint32_t v; memcpy(&v, at(pa, 4), 4); return v; }
void put8(uint64_t pa, uint8_t v) { *at(pa, 1) = v; }
void put16(uint64_t pa, uint16_t v) { memcpy(at(pa, 2), &v, 2); }
void put32(uint64_t pa, uint32_t v) { memcpy(at(pa, 4), &v, 4); }
void put64(uint64_t pa, uint64_t v) { memcpy(at(pa, 8), &v, 8); }

/* Set the byte at sum_pa so that [pa, pa + len) sums to 0. */
void fix_sum(uint64_t pa, size_t len, uint64_t sum_pa)
{
    uint8_t sum = 0, *p = at(pa, len);

    put8(sum_pa, 0);
    for (size_t i = 0; i < len; i++)
        sum += p[i];
    put8(sum_pa, (uint8_t)-sum);
}

void fix_table(uint64_t pa) { fix_sum(pa, get32(pa + 4), pa + 9); }

void fix_rsdp(uint64_t pa)
{
    fix_sum(pa, 20, pa + 8);
    if (get8(pa + 15) >= 2)
        fix_sum(pa, 36, pa + 32);
}

uint64_t scratch_alloc(size_t len)
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
void blank_machine(void)
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

struct capture pc = { "pc", 0x7fe0000, 0xf59d0, 0xf5ba0, 0, 0, 0, 0, 0 };
struct capture q35 = { "q35", 0x7ffe0000, 0xf59e0, 0xf5ba0, 0, 0, 0, 0, 0 };

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
void use_capture(const struct capture *c)
{
    blank_machine();
    memcpy(low_mem + 0x400, c->bda, 0x100);
    memcpy(low_mem + 0x9fc00, c->ebda, 0x400);
    memcpy(low_mem + 0xe0000, c->bios, 0x20000);
    memcpy(acpi_mem, c->acpi, c->acpi_len);
    add_region(c->acpi_base, acpi_mem, ACPI_MEM_SIZE);
}

uint64_t rsdt_of(const struct capture *c) { return get32(c->rsdp + 16); }

/* Physical address of the capture's table with this signature. */
uint64_t table(const struct capture *c, const char *sig)
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

void report(const char *msg)
{
    assert_non_null(msg);
    assert_null(strchr(msg, '\n'));
    assert_true(strlen(msg) > 0 && strlen(msg) < 160);
    assert_true(!strncmp(msg, "ACPI: ", 6) || !strncmp(msg, "MP table: ", 10) ||
                !strncmp(msg, "Platform: ", 10));
    assert_true(nr_msgs < MAX_MSGS);
    msgs[nr_msgs++] = strdup(msg);
}

void print_line(const char *line)
{
    assert_null(strchr(line, '\n'));
    assert_true(strlen(line) > 0 && strlen(line) < 256);
    assert_true(nr_lines < MAX_MSGS);
    lines[nr_lines++] = strdup(line);
}

/* A formatted string that lives until the end of the test. */
const char *f(const char *fmt, ...)
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

void expect_msgs(const char *first, ...)
{
    va_list ap;

    va_start(ap, first);
    expect_list(msgs, nr_msgs, "messages", first, ap);
    va_end(ap);
}

void expect_lines(const char *first, ...)
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

int discover(uint64_t hint)
{
    int rc;

    memset(&pi, 0xa5, sizeof(pi)); /* discovery must set everything */
    rc = platform_discover(&pi, hint, read_phys, report);
    assert_invariants(rc);
    platform_report(&pi, print_line);
    return rc;
}

int setup(void **state)
{
    (void)state;
    nr_reads = 0;
    alarm(60);
    return 0;
}

void free_list(char **list, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free(list[i]);
    *n = 0;
}

int teardown(void **state)
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

/* ---- what the captures hold ---- */

void assert_qemu_madt(unsigned int cpus)
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

void assert_qemu_fadt(void)
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

const char *const pc_lines[] = {
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

const char *const mp_pc_lines[] = {
    "MP table: 1 CPU (APIC IDs 0), IOAPIC id 0 at 0xfec00000 GSI 0, 0 overrides",
    "MP table: local APIC at 0xfee00000, 8259 PIC present",
};

void assert_seabios_mp(void)
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

/* ---- synthetic tables ---- */

void b_bytes(struct buf *b, const void *p, size_t n)
{
    assert_true(b->n + n <= sizeof(b->b));
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

void b8(struct buf *b, uint8_t v) { b_bytes(b, &v, 1); }
void b16(struct buf *b, uint16_t v) { b_bytes(b, &v, 2); }
void b32(struct buf *b, uint32_t v) { b_bytes(b, &v, 4); }
void b64(struct buf *b, uint64_t v) { b_bytes(b, &v, 8); }

void lapic(struct buf *b, uint8_t acpi_id, uint8_t apic_id, uint32_t flags)
{
    b8(b, 0); b8(b, 8); b8(b, acpi_id); b8(b, apic_id); b32(b, flags);
}

void x2apic(struct buf *b, uint32_t apic_id, uint32_t flags, uint32_t uid)
{
    b8(b, 9); b8(b, 16); b16(b, 0); b32(b, apic_id); b32(b, flags); b32(b, uid);
}

void ioapic(struct buf *b, uint8_t id, uint32_t addr, uint32_t gsi)
{
    b8(b, 1); b8(b, 12); b8(b, id); b8(b, 0); b32(b, addr); b32(b, gsi);
}

void override(struct buf *b, uint8_t bus, uint8_t irq, uint32_t gsi,
              uint16_t flags)
{
    b8(b, 2); b8(b, 10); b8(b, bus); b8(b, irq); b32(b, gsi); b16(b, flags);
}

/* A table in scratch: header (OEM "KEELT "), then body; checksum right. */
uint64_t put_table(const char *sig, uint8_t rev, const struct buf *body)
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
uint64_t put_acpi(const uint64_t *tables, unsigned int n)
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

uint64_t put_madt(const struct buf *entries, uint32_t lapic_addr,
                  uint32_t flags)
{
    struct buf body = { .n = 0 };

    b32(&body, lapic_addr);
    b32(&body, flags);
    b_bytes(&body, entries->b, entries->n);
    return put_table("APIC", 4, &body);
}

/* ---- per binary ---- */

int group_setup(void **state)
{
    (void)state;
    load_capture(&pc);
    load_capture(&q35);
    return 0;
}

int group_teardown(void **state)
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
