/*
 * Unit tests for reading the loader's information (arch/x86/boot/multiboot.c)
 * as multiboot2 gives it. The fixture (fake physical memory, the checks
 * every parse ends with, tables of lines): boot_fixture.h.
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

/* ---- multiboot2 layout: built in a host buffer, then placed ---- */

static uint8_t mb2_buf[64 * 1024];
static size_t mb2_len;

static void mb2_begin(void)
{
    memset(mb2_buf, 0, sizeof(mb2_buf));
    mb2_len = sizeof(struct mb2_info_header);
}

/* A tag whose size field says `size`, followed by body_len bytes of body. */
static void mb2_tag_sized(uint32_t type, uint32_t size, const void *body,
                          size_t body_len)
{
    struct mb2_tag t = { type, size };

    assert_true(mb2_len + sizeof(t) + body_len + 8 <= sizeof(mb2_buf));
    memcpy(mb2_buf + mb2_len, &t, sizeof(t));
    if (body_len)
        memcpy(mb2_buf + mb2_len + sizeof(t), body, body_len);
    mb2_len = (mb2_len + sizeof(t) + body_len + 7) & ~(size_t)7;
}

static void mb2_tag(uint32_t type, const void *body, size_t body_len)
{
    mb2_tag_sized(type, (uint32_t)(sizeof(struct mb2_tag) + body_len), body,
                  body_len);
}

static void mb2_string_tag(uint32_t type, const char *s)
{
    mb2_tag(type, s, strlen(s) + 1);
}

static void mb2_module(uint32_t start, uint32_t end, const char *cmdline)
{
    uint8_t body[8 + 4096];
    size_t len = strlen(cmdline) + 1;

    assert_true(len <= sizeof(body) - 8);
    memcpy(body, &start, 4);
    memcpy(body + 4, &end, 4);
    memcpy(body + 8, cmdline, len);
    mb2_tag(MB2_TAG_MODULE, body, 8 + len);
}

/* A memory map tag with entries entry_size bytes apart. */
static void mb2_mmap(const struct mmap_in *e, size_t n, uint32_t entry_size)
{
    static uint8_t body[8 + 200 * 64];
    uint32_t version = 0;

    assert_true(8 + n * entry_size <= sizeof(body));
    memset(body, 0xee, sizeof(body));
    memcpy(body, &entry_size, 4);
    memcpy(body + 4, &version, 4);
    for (size_t i = 0; i < n; i++) {
        struct mb2_mmap_entry me = { e[i].base, e[i].length, e[i].type, 0 };

        memcpy(body + 8 + i * entry_size, &me,
               entry_size < sizeof(me) ? entry_size : sizeof(me));
    }
    mb2_tag(MB2_TAG_MMAP, body, 8 + n * entry_size);
}

static void mb2_end_tag(void)
{
    mb2_tag(MB2_TAG_END, NULL, 0);
}

/* Place what was built (total_size = its length) at an 8-byte boundary. */
static uint64_t mb2_place(void)
{
    struct mb2_info_header h = { (uint32_t)mb2_len, 0 };

    memcpy(mb2_buf, &h, sizeof(h));
    return put_bytes(mb2_buf, mb2_len, 8);
}

static uint64_t mb2_finish(void)
{
    mb2_end_tag();
    return mb2_place();
}

static void mb2_set_total_size(uint64_t pa, uint32_t total)
{
    memcpy(at(pa), &total, 4);
}

/* ---- multiboot2 ---- */

static void test_mb2_full(void **state)
{
    static const uint8_t rsdp[20] = "RSD PTR ";
    uint64_t pa;

    (void)state;
    mb2_begin();
    mb2_string_tag(MB2_TAG_CMDLINE, "/boot/keel.gz dom0_mem=512M console=com1");
    mb2_string_tag(MB2_TAG_LOADER_NAME, "GRUB 2.06-13");
    mb2_tag(4, "\x80\x02\0\0\0\xfc\x1f\0", 8);   /* basic meminfo: skipped */
    mb2_module(0x2000000, 0x2400000, "/dom0.gz console=hvc0");
    mb2_module(0x2400000, 0x2401000, "initrd");
    mb2_mmap(pc_map, sizeof(pc_map) / sizeof(pc_map[0]),
             sizeof(struct mb2_mmap_entry));
    mb2_tag(MB2_TAG_ACPI_NEW, rsdp, sizeof(rsdp));
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.protocol, "multiboot2");
    assert_string_equal(bi.loader, "GRUB 2.06-13");
    assert_string_equal(bi.cmdline, "dom0_mem=512M console=com1");
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_pc_map();
    assert_int_equal(bi.nr_modules, 2);
    assert_int_equal(bi.modules[0].start, 0x2000000);
    assert_int_equal(bi.modules[0].end, 0x2400000);
    assert_string_equal(bi.modules[0].cmdline, "console=hvc0");
    assert_string_equal(bi.modules[1].cmdline, "initrd");
    assert_int_equal(bi.dropped, 0);
    /* The RSDP copy is the ACPI tag's body. */
    assert_true(bi.rsdp > pa && bi.rsdp < pa + mb2_len);
    assert_memory_equal(at(bi.rsdp), "RSD PTR ", 8);
}

static void test_mb2_empty(void **state)
{
    uint64_t pa;

    (void)state;
    mb2_begin();
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.protocol, "multiboot2");
    assert_string_equal(bi.loader, "unknown");
    assert_string_equal(bi.cmdline, "");
    assert_int_equal(bi.nr_mem, 0);
    assert_int_equal(bi.nr_modules, 0);
    assert_int_equal(bi.rsdp, 0);
    /* Just the header, not even an end tag. */
    mb2_begin();
    pa = mb2_place();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 0);
}

static void test_mb2_own_cmdline(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_OWN; i++) {
        uint64_t pa;

        setup(NULL);
        mb2_begin();
        mb2_string_tag(MB2_TAG_CMDLINE, own_lines[i].given);
        pa = mb2_finish();
        assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
        assert_kept(&own_lines[i], bi.cmdline);
        teardown(NULL);
    }
}

static void test_mb2_module_cmdlines(void **state)
{
    uint64_t pa;

    (void)state;
    mb2_begin();
    for (size_t i = 0; i < NR_MODLINES; i++)
        mb2_module(0x1000000 + 0x1000 * (uint32_t)i,
                   0x1001000 + 0x1000 * (uint32_t)i, module_lines[i].given);
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, NR_MODLINES);
    for (size_t i = 0; i < NR_MODLINES; i++) {
        assert_kept(&module_lines[i], bi.modules[i].cmdline);
        assert_int_equal(bi.modules[i].start, 0x1000000 + 0x1000 * i);
        assert_int_equal(bi.modules[i].end, 0x1001000 + 0x1000 * i);
    }
}

static void test_mb2_module_tag_too_small(void **state)
{
    uint32_t body[2] = { 0x2000000, 0x2001000 };
    uint64_t pa;

    (void)state;
    mb2_begin();
    /* size 12: too short for start and end; skipped, parsing goes on. */
    mb2_tag_sized(MB2_TAG_MODULE, 12, body, 4);
    /* size 16: start and end, but not even a NUL for the line. */
    mb2_tag_sized(MB2_TAG_MODULE, 16, body, 8);
    mb2_module(0x3000000, 0x3001000, "/x after");
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 2);
    assert_int_equal(bi.dropped, 0);
    assert_int_equal(bi.modules[0].start, 0x2000000);
    assert_int_equal(bi.modules[0].end, 0x2001000);
    /* The line ends with its tag: nothing of the next tag leaks into it. */
    assert_string_equal(bi.modules[0].cmdline, "");
    assert_int_equal(bi.modules[1].start, 0x3000000);
    assert_string_equal(bi.modules[1].cmdline, "after");
}

static void test_mb2_module_end_before_start(void **state)
{
    uint64_t pa;

    (void)state;
    mb2_begin();
    mb2_module(0x2000000, 0x1fff000, "/bad");
    mb2_module(0x3000000, 0x3001000, "/good x");
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 1);
    assert_int_equal(bi.dropped, 1);
    assert_string_equal(bi.modules[0].cmdline, "x");
}

static void test_mb2_too_many_modules(void **state)
{
    const size_t n = BOOT_MAX_MODULES + 3;
    uint64_t pa;

    (void)state;
    mb2_begin();
    for (size_t i = 0; i < n; i++) {
        char line[32];

        snprintf(line, sizeof(line), "/mod%zu arg=%zu", i, i);
        mb2_module(0x1000000 + 0x1000 * (uint32_t)i,
                   0x1000800 + 0x1000 * (uint32_t)i, line);
    }
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, BOOT_MAX_MODULES);
    assert_int_equal(bi.dropped, 3);
    assert_string_equal(bi.modules[BOOT_MAX_MODULES - 1].cmdline, "arg=15");
}

static void test_mb2_mmap_larger_entries(void **state)
{
    uint64_t pa;

    (void)state;
    mb2_begin();
    mb2_mmap(pc_map, sizeof(pc_map) / sizeof(pc_map[0]), 40);
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_pc_map();
}

static void test_mb2_mmap_bad_entry_size(void **state)
{
    static const uint32_t sizes[] = { 0, 8, 16, 23 };
    uint64_t pa;

    (void)state;
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        setup(NULL);
        mb2_begin();
        mb2_mmap(pc_map, 3, sizes[i]);
        mb2_module(0x2000000, 0x2001000, "later");
        pa = mb2_finish();
        assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
        assert_int_equal(bi.nr_mem, 0);
        assert_int_equal(bi.nr_modules, 1);   /* the tags after it still read */
        teardown(NULL);
    }
}

static void test_mb2_mmap_partial_entry(void **state)
{
    uint8_t body[8 + 2 * 24 + 10];
    struct mb2_mmap_entry me[2] = {
        { 0x100000, 0x1000, MEM_USABLE, 0 },
        { 0x200000, 0x2000, MEM_USABLE, 0 },
    };
    uint32_t hdr[2] = { 24, 0 };
    uint64_t pa;

    (void)state;
    memset(body, 0x77, sizeof(body));
    memcpy(body, hdr, 8);
    memcpy(body + 8, me, sizeof(me));
    mb2_begin();
    /* Two entries, then 10 bytes that are not a whole entry. */
    mb2_tag(MB2_TAG_MMAP, body, sizeof(body));
    /* A map tag too short for its own header. */
    mb2_tag_sized(MB2_TAG_MMAP, 12, hdr, 4);
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, 2);
    assert_int_equal(bootinfo_usable_bytes(&bi), 0x3000);
}

static void test_mb2_too_many_regions(void **state)
{
    static struct mmap_in map[BOOT_MAX_MEM + 7];
    const size_t n = sizeof(map) / sizeof(map[0]);
    uint64_t pa;

    (void)state;
    for (size_t i = 0; i < n; i++)
        map[i] = (struct mmap_in){ 0x100000ull * i, 0x2000, MEM_USABLE };
    mb2_begin();
    /* Split over two map tags: both count. */
    mb2_mmap(map, 100, sizeof(struct mb2_mmap_entry));
    mb2_mmap(map + 100, n - 100, sizeof(struct mb2_mmap_entry));
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_mem, BOOT_MAX_MEM);
    assert_int_equal(bi.dropped, 7);
    assert_int_equal(bootinfo_usable_bytes(&bi), 0x2000ull * BOOT_MAX_MEM);
}

static void test_mb2_acpi(void **state)
{
    static const uint8_t old_rsdp[20] = "RSD PTR old";
    static const uint8_t new_rsdp[36] = "RSD PTR new";
    uint64_t pa;

    (void)state;
    /* Old only. */
    mb2_begin();
    mb2_tag(MB2_TAG_ACPI_OLD, old_rsdp, sizeof(old_rsdp));
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.rsdp, pa + 8 + 8);
    assert_memory_equal(at(bi.rsdp), "RSD PTR old", 11);

    /* New after old: new wins. */
    mb2_begin();
    mb2_tag(MB2_TAG_ACPI_OLD, old_rsdp, sizeof(old_rsdp));
    mb2_tag(MB2_TAG_ACPI_NEW, new_rsdp, sizeof(new_rsdp));
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_memory_equal(at(bi.rsdp), "RSD PTR new", 11);

    /* Old after new: new stays. */
    mb2_begin();
    mb2_tag(MB2_TAG_ACPI_NEW, new_rsdp, sizeof(new_rsdp));
    mb2_tag(MB2_TAG_ACPI_OLD, old_rsdp, sizeof(old_rsdp));
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_memory_equal(at(bi.rsdp), "RSD PTR new", 11);
}

static void test_mb2_tags_after_end_ignored(void **state)
{
    uint64_t pa;

    (void)state;
    mb2_begin();
    mb2_string_tag(MB2_TAG_LOADER_NAME, "GRUB");
    mb2_end_tag();
    mb2_string_tag(MB2_TAG_CMDLINE, "/keel noreboot");
    mb2_module(0x2000000, 0x2001000, "x");
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.loader, "GRUB");
    assert_string_equal(bi.cmdline, "");
    assert_int_equal(bi.nr_modules, 0);
}

static void test_mb2_odd_tag_sizes_padded(void **state)
{
    uint64_t pa;

    (void)state;
    mb2_begin();
    /* Sizes 9..15: each tag padded to 8 before the next. */
    mb2_string_tag(MB2_TAG_LOADER_NAME, "G");         /* size 10 */
    mb2_tag(21, "\1\2\3\4\5\6\7", 7);                 /* size 15, unknown */
    mb2_string_tag(MB2_TAG_CMDLINE, "/k noreboot");   /* size 20 */
    mb2_module(0x2000000, 0x2001000, "");             /* size 17 */
    mb2_module(0x3000000, 0x3001000, "/m a=b");
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.loader, "G");
    assert_string_equal(bi.cmdline, "noreboot");
    assert_int_equal(bi.nr_modules, 2);
    assert_string_equal(bi.modules[0].cmdline, "");
    assert_string_equal(bi.modules[1].cmdline, "a=b");
}

static void test_mb2_total_size_too_small(void **state)
{
    uint64_t pa;

    (void)state;
    mb2_begin();
    mb2_string_tag(MB2_TAG_CMDLINE, "/keel noreboot");
    pa = mb2_finish();
    for (uint32_t total = 0; total < sizeof(struct mb2_info_header); total++) {
        mb2_set_total_size(pa, total);
        assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), -1);
    }
    /* The header alone, or less than one tag's header: no tags read. */
    for (uint32_t total = 8; total < 16; total++) {
        mb2_set_total_size(pa, total);
        assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
        assert_string_equal(bi.cmdline, "");
    }
}

static void test_mb2_tag_size_below_header(void **state)
{
    static const uint32_t bad[] = { 0, 1, 4, 7 };
    uint64_t pa;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        setup(NULL);
        mb2_begin();
        mb2_string_tag(MB2_TAG_LOADER_NAME, "first");
        mb2_tag_sized(MB2_TAG_CMDLINE, bad[i], "/k noreboot", 12);
        mb2_module(0x2000000, 0x2001000, "after");
        pa = mb2_finish();
        assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
        assert_string_equal(bi.loader, "first");
        assert_string_equal(bi.cmdline, "");
        assert_int_equal(bi.nr_modules, 0);   /* parsing stopped there */
        teardown(NULL);
    }
}

static void test_mb2_tag_past_total_size(void **state)
{
    uint64_t pa;
    size_t before;

    (void)state;
    mb2_begin();
    mb2_string_tag(MB2_TAG_LOADER_NAME, "first");
    before = mb2_len;
    mb2_module(0x2000000, 0x2001000, "/m module line");
    pa = mb2_finish();
    /* total_size ends inside the module tag: it is not read. */
    mb2_set_total_size(pa, (uint32_t)before + 12);
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.loader, "first");
    assert_int_equal(bi.nr_modules, 0);
    /* A tag claiming more than total_size. */
    mb2_begin();
    mb2_string_tag(MB2_TAG_LOADER_NAME, "first");
    mb2_tag_sized(MB2_TAG_MMAP, 0x10000, NULL, 0);
    mb2_tag_sized(MB2_TAG_CMDLINE, 0xffffffff, "/k noreboot", 12);
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.loader, "first");
    assert_int_equal(bi.nr_mem, 0);
    assert_string_equal(bi.cmdline, "");
    /* Exactly total_size: read. */
    mb2_begin();
    mb2_module(0x2000000, 0x2001000, "/m x=1");
    pa = mb2_place();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 1);
    assert_string_equal(bi.modules[0].cmdline, "x=1");
}

static void test_mb2_total_size_past_memory(void **state)
{
    uint64_t pa;

    (void)state;
    /* Tags at the very end of memory, and a total_size far beyond. */
    mb2_begin();
    mb2_string_tag(MB2_TAG_LOADER_NAME, "GRUB");
    mb2_string_tag(MB2_TAG_CMDLINE, "/keel noreboot");
    pa = MEM_END - mb2_len;
    {
        struct mb2_info_header h = { 0xfffffff8, 0 };

        memcpy(mb2_buf, &h, sizeof(h));
        memcpy(at(pa), mb2_buf, mb2_len);
    }
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.loader, "GRUB");
    assert_string_equal(bi.cmdline, "noreboot");
    /* The header itself straddling the end, or outside: refused. */
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, MEM_END - 4), -1);
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, MEM_END), -1);
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, 0), -1);
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, UINT64_MAX - 3), -1);
}

/*
 * The information ends with memory: a header, then one tag of `type` filling
 * the remaining 56 bytes, whose last bytes are `tail` with no NUL after it;
 * `fill` before. Returns the information's address.
 */
static uint64_t mb2_tag_to_end(uint32_t type, char fill, const char *tail,
                               const void *head, size_t head_len)
{
    const uint64_t pa = MEM_END - 64;
    struct mb2_info_header h = { 64, 0 };
    struct mb2_tag t = { type, 56 };
    size_t n = strlen(tail);

    memcpy(at(pa), &h, sizeof(h));
    memcpy(at(pa + 8), &t, sizeof(t));
    memset(at(pa + 16), fill, 48);
    if (head_len)
        memcpy(at(pa + 16), head, head_len);
    memcpy(at(MEM_END - n), tail, n);
    return pa;
}

static void test_mb2_strings_unterminated(void **state)
{
    const uint32_t se[2] = { 0x2000000, 0x2001000 };
    uint64_t pa;

    (void)state;
    pa = mb2_tag_to_end(MB2_TAG_LOADER_NAME, 'x', "GRUB no NUL", NULL, 0);
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(strlen(bi.loader), 48);
    assert_string_equal(bi.loader + 48 - 11, "GRUB no NUL");

    pa = mb2_tag_to_end(MB2_TAG_CMDLINE, ' ', "/keel console=vga", NULL, 0);
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_string_equal(bi.cmdline, "console=vga");

    pa = mb2_tag_to_end(MB2_TAG_MODULE, ' ', "/dom0 root=xbd0a", se, 8);
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 1);
    assert_int_equal(bi.modules[0].start, 0x2000000);
    assert_string_equal(bi.modules[0].cmdline, "root=xbd0a");
}

static void test_mb2_cmdline_cap(void **state)
{
    char *line = repeat("/keel loglvl=all ", 'z', 2 * BOOT_CMDLINE_MAX);
    uint8_t *body;
    size_t len = strlen(line) + 1;
    uint64_t pa;

    (void)state;
    /* Too big for mb2_buf: lay out header, tag and string by hand. */
    body = malloc(16 + len);
    assert_non_null(body);
    {
        struct mb2_info_header h = { (uint32_t)(16 + len), 0 };
        struct mb2_tag t = { MB2_TAG_CMDLINE, (uint32_t)(8 + len) };

        memcpy(body, &h, 8);
        memcpy(body + 8, &t, 8);
        memcpy(body + 16, line, len);
    }
    pa = put_bytes(body, 16 + len, 8);
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_true(bi.cmdline_truncated != 0);
    assert_int_equal(strlen(bi.cmdline_buf), BOOT_CMDLINE_MAX - 1);
    assert_memory_equal(bi.cmdline_buf, line, BOOT_CMDLINE_MAX - 1);
    assert_int_equal(strncmp(bi.cmdline, "loglvl=all zzz", 14), 0);
    free(body);
    free(line);
}

static void test_mb2_string_pool_exhausted(void **state)
{
    char *line = repeat("/mod ", 'q', 3000);
    uint64_t pa;
    size_t total = 0;

    (void)state;
    mb2_begin();
    mb2_string_tag(MB2_TAG_LOADER_NAME, "GRUB");
    for (int i = 0; i < 5; i++)
        mb2_module(0x2000000, 0x2001000, line);
    /* Loader names after the pool is full: empty, never past it. */
    mb2_string_tag(MB2_TAG_LOADER_NAME, "late name");
    pa = mb2_finish();
    assert_int_equal(parse(MB2_BOOTLOADER_MAGIC, pa), 0);
    assert_int_equal(bi.nr_modules, 5);
    assert_string_equal(bi.modules[0].cmdline, line + 5);
    assert_string_equal(bi.modules[1].cmdline, line + 5);
    for (int i = 0; i < 5; i++)
        total += strlen(bi.modules[i].cmdline);
    assert_true(total < BOOT_STRINGS_MAX);
    assert_string_equal(bi.modules[4].cmdline, "");
    assert_string_equal(bi.loader, "");
    assert_true(bi.strings_used <= BOOT_STRINGS_MAX);
    free(line);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_mb2_full),
        T(test_mb2_empty),
        T(test_mb2_own_cmdline),
        T(test_mb2_module_cmdlines),
        T(test_mb2_module_tag_too_small),
        T(test_mb2_module_end_before_start),
        T(test_mb2_too_many_modules),
        T(test_mb2_mmap_larger_entries),
        T(test_mb2_mmap_bad_entry_size),
        T(test_mb2_mmap_partial_entry),
        T(test_mb2_too_many_regions),
        T(test_mb2_acpi),
        T(test_mb2_tags_after_end_ignored),
        T(test_mb2_odd_tag_sizes_padded),
        T(test_mb2_total_size_too_small),
        T(test_mb2_tag_size_below_header),
        T(test_mb2_tag_past_total_size),
        T(test_mb2_total_size_past_memory),
        T(test_mb2_strings_unterminated),
        T(test_mb2_cmdline_cap),
        T(test_mb2_string_pool_exhausted),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
