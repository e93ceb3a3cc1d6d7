/*
 * Unit tests for reading the loader's information (arch/x86/boot/multiboot.c)
 * as multiboot1 gives it, and for what holds with either protocol: a wrong
 * magic, memory type names, usable bytes. The fixture (fake physical memory,
 * the checks every parse ends with, tables of lines): boot_fixture.h.
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

#include "boot_fixture.h"
#include "repeat.h"

/* ---- multiboot1 layout ---- */

/* A fresh, zeroed mb1_info; its address in *pa. */
static struct mb1_info *mb1_new(uint64_t *pa)
{
    *pa = alloc_pa(sizeof(struct mb1_info), 8);
    return at(*pa);
}

/*
 * A multiboot1 memory map of n entries, each with its size field set to
 * 20 + extra (extra bytes of padding after each entry).
 */
static void mb1_set_mmap(struct mb1_info *mbi, const struct mmap_in *e,
                         size_t n, uint32_t extra)
{
    size_t stride = sizeof(struct mb1_mmap_entry) + extra;
    uint64_t pa = alloc_pa(n * stride, 4);

    for (size_t i = 0; i < n; i++) {
        struct mb1_mmap_entry me = {
            .size = (uint32_t)(stride - 4), .base_addr = e[i].base,
            .length = e[i].length, .type = e[i].type,
        };

        memcpy(at(pa + i * stride), &me, sizeof(me));
        memset(at(pa + i * stride + sizeof(me)), 0xee, extra);
    }
    mbi->flags |= MB1_INFO_MMAP;
    mbi->mmap_addr = (uint32_t)pa;
    mbi->mmap_length = (uint32_t)(n * stride);
}

struct module_in {
    uint32_t start, end;
    const char *cmdline; /* NULL: string field 0 */
};

static void mb1_set_modules(struct mb1_info *mbi, const struct module_in *m,
                            size_t n)
{
    uint64_t pa = alloc_pa(n * sizeof(struct mb1_module), 4);

    for (size_t i = 0; i < n; i++) {
        struct mb1_module mm = {
            .mod_start = m[i].start, .mod_end = m[i].end,
            .string = m[i].cmdline ? (uint32_t)put_string(m[i].cmdline) : 0,
        };

        memcpy(at(pa + i * sizeof(mm)), &mm, sizeof(mm));
    }
    mbi->flags |= MB1_INFO_MODS;
    mbi->mods_addr = (uint32_t)pa;
    mbi->mods_count = (uint32_t)n;
}

static void mb1_set_cmdline(struct mb1_info *mbi, const char *s)
{
    mbi->flags |= MB1_INFO_CMDLINE;
    mbi->cmdline = (uint32_t)put_string(s);
}

static void mb1_set_loader(struct mb1_info *mbi, const char *s)
{
    mbi->flags |= MB1_INFO_LOADER_NAME;
    mbi->boot_loader_name = (uint32_t)put_string(s);
}

/* ---- multiboot1 ---- */

static void test_mb1_full(void **state)
{
    static const struct module_in mods[] = {
        { 0x2000000, 0x2400000, "/dom0.gz console=hvc0" },
        { 0x2400000, 0x2401000, "initrd" },
    };
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    mb1_set_loader(mbi, "GRUB 2.06");
    mb1_set_cmdline(mbi, "/boot/keel.gz dom0_mem=512M console=com1");
    mb1_set_mmap(mbi, pc_map, sizeof(pc_map) / sizeof(pc_map[0]), 0);
    mb1_set_modules(mbi, mods, 2);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.protocol, "multiboot1");
    assert_string_equal(bi.loader, "GRUB 2.06");
    assert_string_equal(bi.cmdline, "dom0_mem=512M console=com1");
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_int_equal(bi.rsdp, 0);
    assert_pc_map();
    assert_int_equal(bi.nr_modules, 2);
    assert_int_equal(bi.modules[0].start, 0x2000000);
    assert_int_equal(bi.modules[0].end, 0x2400000);
    assert_string_equal(bi.modules[0].cmdline, "console=hvc0");
    assert_int_equal(bi.modules[1].start, 0x2400000);
    assert_int_equal(bi.modules[1].end, 0x2401000);
    assert_string_equal(bi.modules[1].cmdline, "initrd");
    assert_int_equal(bi.dropped, 0);
}

static void test_mb1_no_flags(void **state)
{
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    /* Fields set but not flagged: ignored. */
    mbi->cmdline = (uint32_t)put_string("/keel noreboot");
    mbi->boot_loader_name = (uint32_t)put_string("ghost");
    mbi->mods_count = 3;
    mbi->mmap_length = 100;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.protocol, "multiboot1");
    assert_string_equal(bi.loader, "unknown");
    assert_string_equal(bi.cmdline, "");
    assert_int_equal(bi.nr_mem, 0);
    assert_int_equal(bi.nr_modules, 0);
    assert_int_equal(bi.dropped, 0);
    assert_int_equal(bi.rsdp, 0);
    assert_int_equal(bootinfo_usable_bytes(&bi), 0);
}

static void test_mb1_own_cmdline(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_OWN; i++) {
        uint64_t pa;
        struct mb1_info *mbi;

        setup(NULL);
        mbi = mb1_new(&pa);
        mb1_set_cmdline(mbi, own_lines[i].given);
        assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
        assert_kept(&own_lines[i], bi.cmdline);
        teardown(NULL);
    }
}

static void test_mb1_module_cmdlines(void **state)
{
    struct module_in mods[NR_MODLINES + 1];
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    for (size_t i = 0; i < NR_MODLINES; i++)
        mods[i] = (struct module_in){ 0x1000000 + 0x1000 * (uint32_t)i,
                                      0x1001000 + 0x1000 * (uint32_t)i,
                                      module_lines[i].given };
    mods[NR_MODLINES] = (struct module_in){ 0x3000000, 0x3000000, NULL };
    mb1_set_modules(mbi, mods, NR_MODLINES + 1);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, NR_MODLINES + 1);
    for (size_t i = 0; i < NR_MODLINES; i++) {
        assert_kept(&module_lines[i], bi.modules[i].cmdline);
        assert_int_equal(bi.modules[i].start, mods[i].start);
        assert_int_equal(bi.modules[i].end, mods[i].end);
    }
    /* string field 0: no command line; an empty module is allowed. */
    assert_string_equal(bi.modules[NR_MODLINES].cmdline, "");
    assert_int_equal(bi.modules[NR_MODLINES].start, 0x3000000);
    assert_int_equal(bi.modules[NR_MODLINES].end, 0x3000000);
    assert_int_equal(bi.dropped, 0);
}

static void test_mb1_mmap_larger_entries(void **state)
{
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    /* size = 20 + 12: each entry followed by 12 bytes the parser skips. */
    mb1_set_mmap(mbi, pc_map, sizeof(pc_map) / sizeof(pc_map[0]), 12);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_pc_map();
}

static void test_mb1_mmap_mixed_sizes(void **state)
{
    uint64_t pa, map;
    struct mb1_info *mbi = mb1_new(&pa);
    uint32_t sizes[3] = { 20, 28, 20 };
    size_t off = 0;

    (void)state;
    map = alloc_pa(200, 4);
    for (int i = 0; i < 3; i++) {
        struct mb1_mmap_entry me = {
            .size = sizes[i], .base_addr = 0x100000ull * (uint64_t)(i + 1),
            .length = 0x1000ull * (uint64_t)(i + 1), .type = MEM_USABLE,
        };

        memcpy(at(map + off), &me, sizeof(me));
        off += 4 + sizes[i];
    }
    mbi->flags = MB1_INFO_MMAP;
    mbi->mmap_addr = (uint32_t)map;
    mbi->mmap_length = (uint32_t)off;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 3);
    for (unsigned int i = 0; i < 3; i++) {
        assert_int_equal(bi.mem[i].start, 0x100000ull * (i + 1));
        assert_int_equal(bi.mem[i].size, 0x1000ull * (i + 1));
    }
    assert_int_equal(bootinfo_usable_bytes(&bi), 0x6000);
}

static void test_mb1_mmap_zero_length_skipped(void **state)
{
    static const struct mmap_in map[] = {
        { 0x0, 0x1000, MEM_USABLE },
        { 0x1000, 0, MEM_USABLE },      /* empty: not a region */
        { 0x2000, 0x1000, MEM_RESERVED },
    };
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    mb1_set_mmap(mbi, map, 3, 0);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 2);
    assert_int_equal(bi.mem[1].start, 0x2000);
    assert_int_equal(bi.dropped, 0);
    assert_int_equal(bootinfo_usable_bytes(&bi), 0x1000);
}

/* An entry whose size field is below the entry's: the map ends there. */
static void mb1_bad_size_case(uint32_t bad_size)
{
    uint64_t pa;
    struct mb1_info *mbi;
    struct mb1_mmap_entry me;

    setup(NULL);
    mbi = mb1_new(&pa);
    mb1_set_mmap(mbi, pc_map, 4, 0);
    memcpy(&me, at(mbi->mmap_addr + 2 * sizeof(me)), sizeof(me));
    me.size = bad_size;
    memcpy(at(mbi->mmap_addr + 2 * sizeof(me)), &me, sizeof(me));
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 2);
    assert_int_equal(bi.mem[1].start, pc_map[1].base);
    teardown(NULL);
}

static void test_mb1_mmap_bad_entry_size(void **state)
{
    (void)state;
    mb1_bad_size_case(0);   /* would never advance */
    mb1_bad_size_case(4);
    mb1_bad_size_case(19);
}

static void test_mb1_mmap_huge_entry_size(void **state)
{
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);
    struct mb1_mmap_entry me;

    (void)state;
    mb1_set_mmap(mbi, pc_map, 3, 0);
    memcpy(&me, at(mbi->mmap_addr), sizeof(me));
    me.size = 0xfffffff0;   /* jumps far past the map */
    memcpy(at(mbi->mmap_addr), &me, sizeof(me));
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 1);
}

static void test_mb1_mmap_length_partial(void **state)
{
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    mb1_set_mmap(mbi, pc_map, 3, 0);
    /* Room for one entry and part of the next: only the whole one. */
    mbi->mmap_length = sizeof(struct mb1_mmap_entry) + 10;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 1);
    /* Shorter than one entry: none. */
    mbi->mmap_length = sizeof(struct mb1_mmap_entry) - 1;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 0);
    mbi->mmap_length = 0;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 0);
}

static void test_mb1_mmap_past_memory(void **state)
{
    uint64_t pa, map;
    struct mb1_info *mbi = mb1_new(&pa);
    struct mb1_mmap_entry me = { 20, 0x100000, 0x1000, MEM_USABLE };
    const size_t n = 3;

    (void)state;
    /* The last n entries of memory, then a length reaching far beyond. */
    map = MEM_END - n * sizeof(me);
    for (size_t i = 0; i < n; i++)
        memcpy(at(map + i * sizeof(me)), &me, sizeof(me));
    mbi->flags = MB1_INFO_MMAP;
    mbi->mmap_addr = (uint32_t)map;
    mbi->mmap_length = 0xffffffff;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, n);
    /* A map wholly outside memory. */
    mbi->mmap_addr = (uint32_t)MEM_END;
    mbi->mmap_length = 4096;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 0);
    mbi->mmap_addr = 0xffffffe0;
    mbi->mmap_length = 0xffffffff;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 0);
}

static void test_mb1_too_many_regions(void **state)
{
    static struct mmap_in map[BOOT_MAX_MEM + 5];
    const size_t n = sizeof(map) / sizeof(map[0]);
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    for (size_t i = 0; i < n; i++)
        map[i] = (struct mmap_in){ 0x100000ull * i, 0x1000,
                                   i % 2 ? MEM_RESERVED : MEM_USABLE };
    mb1_set_mmap(mbi, map, n, 0);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, BOOT_MAX_MEM);
    assert_int_equal(bi.dropped, 5);
    assert_int_equal(bi.mem[BOOT_MAX_MEM - 1].start,
                     0x100000ull * (BOOT_MAX_MEM - 1));
    assert_int_equal(bootinfo_usable_bytes(&bi), 0x1000ull * BOOT_MAX_MEM / 2);
}

static void test_mb1_too_many_modules(void **state)
{
    struct module_in mods[BOOT_MAX_MODULES + 4];
    char lines[BOOT_MAX_MODULES + 4][32];
    const size_t n = BOOT_MAX_MODULES + 4;
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        snprintf(lines[i], sizeof(lines[i]), "/mod%zu arg=%zu", i, i);
        mods[i] = (struct module_in){ 0x1000000 + 0x1000 * (uint32_t)i,
                                      0x1000800 + 0x1000 * (uint32_t)i,
                                      lines[i] };
    }
    mb1_set_modules(mbi, mods, n);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, BOOT_MAX_MODULES);
    assert_int_equal(bi.dropped, 4);
    for (unsigned int i = 0; i < BOOT_MAX_MODULES; i++) {
        char want[32];

        snprintf(want, sizeof(want), "arg=%u", i);
        assert_string_equal(bi.modules[i].cmdline, want);
    }
}

static void test_mb1_module_end_before_start(void **state)
{
    static const struct module_in mods[] = {
        { 0x2000000, 0x2001000, "/a one" },
        { 0x3000000, 0x2fff000, "/b two" },   /* end < start: dropped */
        { 0x4000000, 0x4001000, "/c three" },
    };
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    mb1_set_modules(mbi, mods, 3);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 2);
    assert_int_equal(bi.dropped, 1);
    assert_string_equal(bi.modules[0].cmdline, "one");
    assert_string_equal(bi.modules[1].cmdline, "three");
    assert_int_equal(bi.modules[1].start, 0x4000000);
}

static void test_mb1_modules_past_memory(void **state)
{
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);
    struct mb1_module mm = { 0x2000000, 0x2001000, 0, 0 };

    (void)state;
    /* Two modules at the end of memory, and a count far beyond. */
    mm.string = (uint32_t)put_string("/x y");
    memcpy(at(MEM_END - 2 * sizeof(mm)), &mm, sizeof(mm));
    memcpy(at(MEM_END - sizeof(mm)), &mm, sizeof(mm));
    mbi->flags = MB1_INFO_MODS;
    mbi->mods_addr = (uint32_t)(MEM_END - 2 * sizeof(mm));
    mbi->mods_count = 0xffffffff;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 2);
    assert_string_equal(bi.modules[1].cmdline, "y");
    /* The array wholly outside memory. */
    mbi->mods_addr = 0x10;
    mbi->mods_count = 4;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 0);
    /* A module whose string is outside memory: an empty line. */
    mm.string = 0xfffffff0;
    memcpy(at(MEM_END - sizeof(mm)), &mm, sizeof(mm));
    mbi->mods_addr = (uint32_t)(MEM_END - sizeof(mm));
    mbi->mods_count = 1;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 1);
    assert_string_equal(bi.modules[0].cmdline, "");
}

static void test_mb1_strings_unterminated(void **state)
{
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    /* No NUL before the end of memory: the string ends with memory. */
    mbi->flags = MB1_INFO_LOADER_NAME;
    mbi->boot_loader_name = (uint32_t)put_at_end("GRUB", 4);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.loader, "GRUB");

    mbi->flags = MB1_INFO_CMDLINE;
    mbi->cmdline = (uint32_t)put_at_end("/keel console=com1", 18);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.cmdline, "console=com1");

    mbi->flags = MB1_INFO_MODS;
    mbi->mods_addr = (uint32_t)alloc_pa(sizeof(struct mb1_module), 4);
    mbi->mods_count = 1;
    {
        struct mb1_module mm = { 0x2000000, 0x2001000, 0, 0 };

        mm.string = (uint32_t)put_at_end("/dom0 root=xbd0a", 16);
        memcpy(at(mbi->mods_addr), &mm, sizeof(mm));
    }
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 1);
    assert_string_equal(bi.modules[0].cmdline, "root=xbd0a");

    /* Strings starting outside memory: empty. */
    mbi->flags = MB1_INFO_CMDLINE | MB1_INFO_LOADER_NAME;
    mbi->cmdline = (uint32_t)MEM_END;
    mbi->boot_loader_name = 0xffffffff;
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.cmdline, "");
    assert_string_equal(bi.loader, "");
}

/* The hypervisor's line at exactly len characters (+ NUL) through mb1. */
static void mb1_cmdline_of_length(size_t len, bool expect_cut)
{
    char *line = repeat("/keel console=com1 ", 'x', len - 19);
    uint64_t pa;
    struct mb1_info *mbi;

    setup(NULL);
    mbi = mb1_new(&pa);
    assert_int_equal(strlen(line), len);
    mb1_set_cmdline(mbi, line);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    if (expect_cut) {
        assert_true(bi.cmdline_truncated != 0);
        assert_int_equal(strlen(bi.cmdline_buf), BOOT_CMDLINE_MAX - 1);
        assert_memory_equal(bi.cmdline_buf, line, BOOT_CMDLINE_MAX - 1);
    } else {
        assert_int_equal(bi.cmdline_truncated, 0);
        assert_string_equal(bi.cmdline_buf, line);
    }
    assert_int_equal(strncmp(bi.cmdline, "console=com1 xxx", 16), 0);
    free(line);
    teardown(NULL);
}

static void test_mb1_cmdline_cap(void **state)
{
    (void)state;
    mb1_cmdline_of_length(BOOT_CMDLINE_MAX - 2, false);
    mb1_cmdline_of_length(BOOT_CMDLINE_MAX - 1, false);
    mb1_cmdline_of_length(BOOT_CMDLINE_MAX, true);
    mb1_cmdline_of_length(BOOT_CMDLINE_MAX + 1, true);
    mb1_cmdline_of_length(3 * BOOT_CMDLINE_MAX, true);
}

static void test_mb1_cmdline_cap_at_end_of_memory(void **state)
{
    /* BOOT_CMDLINE_MAX - 1 characters and no NUL, ending with memory. */
    char *line = repeat("", 'y', BOOT_CMDLINE_MAX);
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);

    (void)state;
    mbi->flags = MB1_INFO_CMDLINE;
    mbi->cmdline = (uint32_t)put_at_end(line, BOOT_CMDLINE_MAX - 1);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_int_equal(strlen(bi.cmdline_buf), BOOT_CMDLINE_MAX - 1);
    /* One more character than fits, still without a NUL. */
    mbi->cmdline = (uint32_t)put_at_end(line, BOOT_CMDLINE_MAX);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_true(bi.cmdline_truncated != 0);
    assert_int_equal(strlen(bi.cmdline_buf), BOOT_CMDLINE_MAX - 1);
    free(line);
}

static void test_mb1_string_pool_exhausted(void **state)
{
    enum { N = BOOT_MAX_MODULES, LEN = 1000 };
    struct module_in mods[N];
    char *lines[N];
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);
    size_t full = 0, used;

    (void)state;
    mb1_set_loader(mbi, "GRUB");
    for (size_t i = 0; i < N; i++) {
        char prefix[16];

        snprintf(prefix, sizeof(prefix), "/m%02zu ", i);
        lines[i] = repeat(prefix, (char)('a' + i), LEN);
        mods[i] = (struct module_in){ 0x1000000 + 0x1000 * (uint32_t)i,
                                      0x1001000 + 0x1000 * (uint32_t)i,
                                      lines[i] };
    }
    mb1_set_modules(mbi, mods, N);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.loader, "GRUB");
    assert_int_equal(bi.nr_modules, N);
    assert_int_equal(bi.dropped, 0);
    /* Every line a prefix of what was given; whole ones first. */
    for (size_t i = 0; i < N; i++) {
        const char *got = bi.modules[i].cmdline;
        size_t n = strlen(got);

        if (n == LEN)
            full++;
        else
            assert_true(n < LEN);
        assert_memory_equal(got, lines[i] + 5, n);
        if (i > 0 && n == LEN)
            assert_int_equal(strlen(bi.modules[i - 1].cmdline), LEN);
    }
    used = 5 + full * (5 + LEN + 1);
    assert_int_equal(full, (BOOT_STRINGS_MAX - 5) / (5 + LEN + 1));
    /* The next one got what was left, less its NUL and image path. */
    assert_int_equal(strlen(bi.modules[full].cmdline),
                     BOOT_STRINGS_MAX - used - 1 - 5);
    for (size_t i = full + 1; i < N; i++)
        assert_string_equal(bi.modules[i].cmdline, "");
    assert_true(bi.strings_used <= BOOT_STRINGS_MAX);
    for (size_t i = 0; i < N; i++)
        free(lines[i]);
}

static void test_mb1_info_outside_memory(void **state)
{
    uint64_t pa;

    (void)state;
    mb1_new(&pa);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, 0), -1);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, MEM_BASE - 4), -1);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, MEM_END), -1);
    /* Straddling the end of memory. */
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC,
                           MEM_END - sizeof(struct mb1_info) + 1), -1);
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC, UINT64_MAX - 8), -1);
    /* Ending exactly with memory is fine. */
    assert_int_equal(parse(MB1_BOOTLOADER_MAGIC,
                           MEM_END - sizeof(struct mb1_info)), 0);
}

/* ---- both protocols ---- */

static void test_wrong_magic(void **state)
{
    uint64_t pa;
    struct mb1_info *mbi = mb1_new(&pa);
    static const uint32_t magics[] = {
        0, 1, MB1_HEADER_MAGIC, MB2_HEADER_MAGIC, MB1_BOOTLOADER_MAGIC ^ 1,
        MB2_BOOTLOADER_MAGIC + 1, 0xffffffff,
    };

    (void)state;
    mb1_set_loader(mbi, "GRUB");
    mb1_set_cmdline(mbi, "/keel noreboot");
    for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
        memset(&bi, 0xa5, sizeof(bi));
        assert_int_equal(bootinfo_parse(&bi, magics[i], pa, read_phys), -1);
        /* Still safe to report from. */
        assert_string_equal(bi.loader, "unknown");
        assert_string_equal(bi.cmdline, "");
        assert_int_equal(bi.nr_mem, 0);
        assert_int_equal(bi.nr_modules, 0);
    }
}

static void test_mem_type_name(void **state)
{
    (void)state;
    assert_string_equal(mem_type_name(MEM_USABLE), "usable");
    assert_string_equal(mem_type_name(MEM_RESERVED), "reserved");
    assert_string_equal(mem_type_name(MEM_ACPI_DATA), "ACPI data");
    assert_string_equal(mem_type_name(MEM_ACPI_NVS), "ACPI NVS");
    assert_string_equal(mem_type_name(MEM_UNUSABLE), "unusable");
    assert_string_equal(mem_type_name(MEM_PERSISTENT), "persistent");
    assert_string_equal(mem_type_name(0), "reserved");
    assert_string_equal(mem_type_name(6), "reserved");
    assert_string_equal(mem_type_name(12), "reserved");
    assert_string_equal(mem_type_name(0xffffffff), "reserved");
}

static void test_usable_bytes(void **state)
{
    (void)state;
    memset(&bi, 0, sizeof(bi));
    assert_int_equal(bootinfo_usable_bytes(&bi), 0);
    bi.nr_mem = 4;
    bi.mem[0] = (struct boot_mem_region){ 0, 1ull << 40, MEM_USABLE };
    bi.mem[1] = (struct boot_mem_region){ 1ull << 40, 1ull << 41, MEM_RESERVED };
    bi.mem[2] = (struct boot_mem_region){ 3ull << 40, 1ull << 41, MEM_USABLE };
    bi.mem[3] = (struct boot_mem_region){ 5ull << 40, 4096, MEM_ACPI_NVS };
    assert_int_equal(bootinfo_usable_bytes(&bi), 3ull << 40);
    /* Entries past nr_mem do not count. */
    bi.mem[4] = (struct boot_mem_region){ 0, 1, MEM_USABLE };
    assert_int_equal(bootinfo_usable_bytes(&bi), 3ull << 40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_mb1_full),
        T(test_mb1_no_flags),
        T(test_mb1_own_cmdline),
        T(test_mb1_module_cmdlines),
        T(test_mb1_mmap_larger_entries),
        T(test_mb1_mmap_mixed_sizes),
        T(test_mb1_mmap_zero_length_skipped),
        T(test_mb1_mmap_bad_entry_size),
        T(test_mb1_mmap_huge_entry_size),
        T(test_mb1_mmap_length_partial),
        T(test_mb1_mmap_past_memory),
        T(test_mb1_too_many_regions),
        T(test_mb1_too_many_modules),
        T(test_mb1_module_end_before_start),
        T(test_mb1_modules_past_memory),
        T(test_mb1_strings_unterminated),
        T(test_mb1_cmdline_cap),
        T(test_mb1_cmdline_cap_at_end_of_memory),
        T(test_mb1_string_pool_exhausted),
        T(test_mb1_info_outside_memory),
        T(test_wrong_magic),
        T(test_mem_type_name),
        T(test_usable_bytes),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
