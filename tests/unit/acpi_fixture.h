/*
 * The fixture shared by the platform discovery tests (test_acpi_*.c):
 * fake physical memory, the captured QEMU tables, builders of synthetic
 * tables, the capture of report messages and report lines, and discovery
 * with the checks that hold whatever the input.
 *
 * Fake physical memory is a few regions: low memory (BDA, EBDA, BIOS area),
 * a scratch area for tables the tests build, and the capture's ACPI region.
 * read_phys() refuses any range not wholly inside one region and hands out
 * a fresh heap copy of exactly the bytes asked for, freeing the previous
 * one: ASan catches the parser reading past what it asked for, or using a
 * pointer after its next read (the contract in keel/acpi.h). Every
 * discovery ends with checks that hold whatever the input, and every test
 * checks the exact report messages.
 *
 * Include after <setjmp.h>, <stdarg.h>, <stddef.h> and <cmocka.h>.
 */
#ifndef KEEL_TEST_ACPI_FIXTURE_H
#define KEEL_TEST_ACPI_FIXTURE_H

#include <stdint.h>

#include "keel/acpi.h"

#define LOW_SIZE       0x100000u
#define SCRATCH_BASE   0x100000u
#define SCRATCH_SIZE   0x80000u
#define ACPI_MEM_SIZE  0x10000u
#define READ_LIMIT     100000ul /* more read_phys calls than this: a loop */
#define MAX_MSGS       64
#define FAR_AWAY       0xdead000000ull /* not in any region */

extern struct platform_info pi;   /* what the last discover() found */
extern char *msgs[MAX_MSGS], *lines[MAX_MSGS];
extern size_t nr_msgs, nr_lines;
extern unsigned int nr_regions;
extern unsigned long nr_reads;

/* ---- fake physical memory ---- */

const void *read_phys(uint64_t pa, size_t len);
/* The test's own view of [pa, pa + len), which must lie in one region. */
uint8_t *at(uint64_t pa, size_t len);
uint8_t get8(uint64_t pa);
uint32_t get32(uint64_t pa);
void put8(uint64_t pa, uint8_t v);
void put16(uint64_t pa, uint16_t v);
void put32(uint64_t pa, uint32_t v);
void put64(uint64_t pa, uint64_t v);
/* Set the byte at sum_pa so that [pa, pa + len) sums to 0. */
void fix_sum(uint64_t pa, size_t len, uint64_t sum_pa);
void fix_table(uint64_t pa);
void fix_rsdp(uint64_t pa);
uint64_t scratch_alloc(size_t len);
/* Low memory and scratch, all zero: a machine with no tables at all. */
void blank_machine(void);

/* ---- the captures (tests/unit/data/acpi/) ---- */

struct capture {
    const char *name;
    uint64_t acpi_base, rsdp, mpf;
    uint8_t *bda, *ebda, *bios, *acpi;
    size_t acpi_len;
};
extern struct capture pc, q35;

/* Physical memory as the capture found it, plus empty scratch. */
void use_capture(const struct capture *c);
uint64_t rsdt_of(const struct capture *c);
/* Physical address of the capture's table with this signature. */
uint64_t table(const struct capture *c, const char *sig);

/* ---- messages ---- */

void report(const char *msg);
void print_line(const char *line);
/* A formatted string that lives until the end of the test. */
const char *f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The messages (report lines) said, in order: exactly these, NULL-ended. */
void expect_msgs(const char *first, ...);
void expect_lines(const char *first, ...);
void free_list(char **list, size_t *n);

/* ---- discovery, per-test and per-binary setup ---- */

/* platform_discover() into pi, its invariants checked, then reported. */
int discover(uint64_t hint);
int setup(void **state);
int teardown(void **state);
int group_setup(void **state);     /* loads the captures */
int group_teardown(void **state);

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* ---- what the captures hold ---- */

void assert_qemu_madt(unsigned int cpus);
void assert_qemu_fadt(void);
void assert_seabios_mp(void);
extern const char *const pc_lines[7];    /* the pc capture's report */
extern const char *const mp_pc_lines[2]; /* its MP table's */

/* ---- synthetic tables ---- */

struct buf {
    uint8_t b[4096];
    size_t n;
};

void b_bytes(struct buf *b, const void *p, size_t n);
void b8(struct buf *b, uint8_t v);
void b16(struct buf *b, uint16_t v);
void b32(struct buf *b, uint32_t v);
void b64(struct buf *b, uint64_t v);
/* MADT entries. */
void lapic(struct buf *b, uint8_t acpi_id, uint8_t apic_id, uint32_t flags);
void x2apic(struct buf *b, uint32_t apic_id, uint32_t flags, uint32_t uid);
void ioapic(struct buf *b, uint8_t id, uint32_t addr, uint32_t gsi);
void override(struct buf *b, uint8_t bus, uint8_t irq, uint32_t gsi,
              uint16_t flags);
/* A table in scratch: header (OEM "KEELT "), then body; checksum right. */
uint64_t put_table(const char *sig, uint8_t rev, const struct buf *body);
/* RSDP (rev 0) and RSDT listing these tables; returns the RSDP for a hint. */
uint64_t put_acpi(const uint64_t *tables, unsigned int n);
uint64_t put_madt(const struct buf *entries, uint32_t lapic_addr,
                  uint32_t flags);

#endif
