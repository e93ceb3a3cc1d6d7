/*
 * The loader information tests' fixture: see boot_fixture.h.
 */
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

#include "boot_fixture.h"

static uint8_t *mem;          /* the "physical memory" */
static uint64_t next_pa;      /* bump allocator within it */
static void **copies;         /* what read_phys handed out, freed per test */
static size_t nr_copies, cap_copies;
static unsigned long nr_reads;
struct boot_info bi;

/* ---- fake physical memory ---- */

const void *read_phys(uint64_t pa, size_t len)
{
    void *copy;

    if (++nr_reads > READ_LIMIT)
        fail_msg("read_phys called %lu times: the parser loops", nr_reads);
    if (pa < MEM_BASE || len > MEM_SIZE || pa - MEM_BASE > MEM_SIZE - len)
        return NULL;
    if (nr_copies == cap_copies) {
        cap_copies = cap_copies ? 2 * cap_copies : 1024;
        copies = realloc(copies, cap_copies * sizeof(*copies));
        assert_non_null(copies);
    }
    copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, mem + (pa - MEM_BASE), len);
    copies[nr_copies++] = copy;
    return copy;
}

static void free_copies(void)
{
    for (size_t i = 0; i < nr_copies; i++)
        free(copies[i]);
    nr_copies = 0;
}

void *at(uint64_t pa)
{
    assert_true(pa >= MEM_BASE && pa <= MEM_END);
    return mem + (pa - MEM_BASE);
}

/* Reserve len bytes at the next multiple of align. */
uint64_t alloc_pa(size_t len, size_t align)
{
    uint64_t pa = (next_pa + align - 1) & ~(uint64_t)(align - 1);

    assert_true(pa + len <= MEM_END);
    next_pa = pa + len;
    return pa;
}

uint64_t put_bytes(const void *data, size_t len, size_t align)
{
    uint64_t pa = alloc_pa(len, align);

    memcpy(at(pa), data, len);
    return pa;
}

uint64_t put_string(const char *s)
{
    return put_bytes(s, strlen(s) + 1, 1);
}

/* Bytes in the very last len bytes of memory (for strings with no NUL). */
uint64_t put_at_end(const void *data, size_t len)
{
    uint64_t pa = MEM_END - len;

    assert_true(pa >= next_pa);
    memcpy(at(pa), data, len);
    return pa;
}

int setup(void **state)
{
    (void)state;
    memset(mem, 0, MEM_SIZE);
    next_pa = MEM_BASE + 0x1000; /* leave a page, so pa 0 offsets stay out */
    nr_reads = 0;
    memset(&bi, 0xa5, sizeof(bi)); /* bootinfo_parse must set everything */
    alarm(20);
    return 0;
}

int teardown(void **state)
{
    (void)state;
    alarm(0);
    free_copies();
    return 0;
}

/* ---- invariants and parsing ---- */

/* s is "" or "unknown", or a NUL-terminated string inside `area`. */
static void assert_kept_string(const char *s, const char *area, size_t size,
                               const char *what)
{
    if (!s)
        fail_msg("%s is NULL", what);
    if (s >= area && s < area + size) {
        if (!memchr(s, '\0', (size_t)(area + size - s)))
            fail_msg("%s runs off the end of its buffer", what);
        return;
    }
    if (strcmp(s, "") != 0 && strcmp(s, "unknown") != 0)
        fail_msg("%s points outside struct boot_info: \"%.40s\"", what, s);
}

static void assert_invariants(void)
{
    assert_true(bi.nr_mem <= BOOT_MAX_MEM);
    assert_true(bi.nr_modules <= BOOT_MAX_MODULES);
    assert_true(bi.strings_used <= BOOT_STRINGS_MAX);
    assert_non_null(bi.protocol);
    assert_kept_string(bi.loader, bi.strings, BOOT_STRINGS_MAX, "loader");
    assert_kept_string(bi.cmdline, bi.cmdline_buf, BOOT_CMDLINE_MAX, "cmdline");
    assert_true(memchr(bi.cmdline_buf, '\0', BOOT_CMDLINE_MAX) != NULL);
    for (unsigned int i = 0; i < bi.nr_modules; i++) {
        assert_kept_string(bi.modules[i].cmdline, bi.strings,
                           BOOT_STRINGS_MAX, "module cmdline");
        assert_true(bi.modules[i].start <= bi.modules[i].end);
    }
    for (unsigned int i = 0; i < bi.nr_mem; i++)
        assert_true(bi.mem[i].size != 0);
}

int parse(uint32_t magic, uint64_t info_pa)
{
    int rc = bootinfo_parse(&bi, magic, info_pa, read_phys);

    if (rc == 0)
        assert_invariants();
    return rc;
}

/* ---- tables shared by both protocols ---- */

const struct mmap_in pc_map[] = {
    { 0x0, 0x9fc00, MEM_USABLE },
    { 0x9fc00, 0x400, MEM_RESERVED },
    { 0xf0000, 0x10000, MEM_RESERVED },
    { 0x100000, 0x1fee0000, MEM_USABLE },
    { 0x1ffe0000, 0x20000, MEM_ACPI_DATA },
    { 0xfffc0000, 0x40000, MEM_RESERVED },
    { 0x100000000ull, 0x40000000ull, MEM_USABLE },
};
#define PC_MAP_USABLE (0x9fc00ull + 0x1fee0000ull + 0x40000000ull)

void assert_pc_map(void)
{
    assert_int_equal(bi.nr_mem, sizeof(pc_map) / sizeof(pc_map[0]));
    for (unsigned int i = 0; i < bi.nr_mem; i++) {
        assert_int_equal(bi.mem[i].start, pc_map[i].base);
        assert_int_equal(bi.mem[i].size, pc_map[i].length);
        assert_int_equal(bi.mem[i].type, pc_map[i].type);
    }
    assert_int_equal(bootinfo_usable_bytes(&bi), PC_MAP_USABLE);
}

/* The hypervisor's own line as the loader gives it, and what Keel keeps. */
const struct line_case own_lines[] = {
    { "/boot/keel.gz dom0_mem=512M", "dom0_mem=512M" },
    { "/keel.gz dom0_mem=512M console=com1 com1=115200,8n1",
      "dom0_mem=512M console=com1 com1=115200,8n1" },
    { "build/keel console=com1", "console=com1" },
    { "(hd0,msdos1)/boot/keel.gz loglvl=all", "loglvl=all" },
    { "noreboot console=com1", "noreboot console=com1" },
    { "sync_console", "sync_console" },
    { "no-noreboot loglvl=info", "no-noreboot loglvl=info" },
    { "keel console=com1", "console=com1" },
    { "keel", "" },
    { "/boot/keel.gz", "" },
    { "/boot/keel.gz   ", "" },
    { "dom0_mem=512M", "dom0_mem=512M" },
    { "keel=1 console=vga", "keel=1 console=vga" },   /* name=value: kept */
    { "   /boot/keel.gz   dom0_mem=512M", "dom0_mem=512M" },
    { "  noreboot", "noreboot" },
    { "\t/keel\tconsole=vga", "console=vga" },
    { "  keel  noreboot", "noreboot" },
    { "", "" },
    { "   ", "" },
};

/* A module's line as the loader gives it, and what Keel keeps. */
const struct line_case module_lines[] = {
    { "/dom0.gz console=hvc0", "console=hvc0" },
    { "/boot/netbsd-XEN3_DOM0.gz root=xbd0a", "root=xbd0a" },
    { "dom0 console=hvc0", "dom0 console=hvc0" },   /* no '/': kept */
    { "noreboot", "noreboot" },
    { "  /a/b  x=1", "x=1" },
    { "/initrd.img", "" },
    { "", "" },
};

void assert_kept(const struct line_case *c, const char *got)
{
    if (strcmp(got, c->kept) != 0)
        fail_msg("\"%s\" gave \"%s\", expected \"%s\"", c->given, got,
                 c->kept);
}

/* ---- per binary ---- */

int group_setup(void **state)
{
    (void)state;
    mem = malloc(MEM_SIZE);
    return mem ? 0 : -1;
}

int group_teardown(void **state)
{
    (void)state;
    free(mem);
    free(copies);
    return 0;
}
