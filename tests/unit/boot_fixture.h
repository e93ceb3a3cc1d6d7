/*
 * The fixture shared by the tests of reading the loader's information
 * (arch/x86/boot/multiboot.c; test_multiboot1.c, test_multiboot2.c).
 *
 * A buffer stands for physical memory [MEM_BASE, MEM_BASE + MEM_SIZE); each
 * test lays out multiboot1 or multiboot2 information in it as a loader
 * would (or as a hostile one might) and parses it. read_phys() refuses any
 * range not wholly inside, and hands out a fresh heap copy of exactly the
 * bytes asked for, so ASan catches the parser reading past what it asked
 * for, and the parser cannot rely on anything it did not ask for. Every
 * parse ends with checks that hold whatever the input: counts within
 * bounds, every string NUL-terminated inside struct boot_info.
 *
 * Include after <setjmp.h>, <stdarg.h>, <stddef.h> and <cmocka.h>.
 */
#ifndef KEEL_TEST_BOOT_FIXTURE_H
#define KEEL_TEST_BOOT_FIXTURE_H

#include <stdint.h>

#include "keel/bootinfo.h"
#include "keel/multiboot.h"

#define MEM_BASE   0x100000ull
#define MEM_SIZE   (256u * 1024)
#define MEM_END    (MEM_BASE + MEM_SIZE)
#define READ_LIMIT 10000000ul /* more read_phys calls than this: a loop */

extern struct boot_info bi;   /* what the last parse() gave */

/* ---- fake physical memory ---- */

const void *read_phys(uint64_t pa, size_t len);
/* The test's own view of physical address pa. */
void *at(uint64_t pa);
/* Reserve len bytes at the next multiple of align. */
uint64_t alloc_pa(size_t len, size_t align);
uint64_t put_bytes(const void *data, size_t len, size_t align);
uint64_t put_string(const char *s);
/* Bytes in the very last len bytes of memory (for strings with no NUL). */
uint64_t put_at_end(const void *data, size_t len);

/* ---- per test, per binary ---- */

int setup(void **state);
int teardown(void **state);
int group_setup(void **state);     /* allocates the memory */
int group_teardown(void **state);

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* bootinfo_parse() into bi; if it succeeds, its invariants checked. */
int parse(uint32_t magic, uint64_t info_pa);

/* ---- tables shared by both protocols ---- */

/* A memory map entry as a test gives it, in either protocol's layout. */
struct mmap_in {
    uint64_t base, length;
    uint32_t type;
};

/* A PC's memory map; assert_pc_map() checks bi holds exactly it. */
#define NR_PC_MAP 7
extern const struct mmap_in pc_map[NR_PC_MAP];
void assert_pc_map(void);

/* A command line as the loader gives it, and what Keel keeps of it. */
struct line_case {
    const char *given, *kept;
};
#define NR_OWN 19
#define NR_MODLINES 7
extern const struct line_case own_lines[NR_OWN];       /* the hypervisor's */
extern const struct line_case module_lines[NR_MODLINES]; /* a module's */
/* got is what Keel kept of c->given. */
void assert_kept(const struct line_case *c, const char *got);

#endif
