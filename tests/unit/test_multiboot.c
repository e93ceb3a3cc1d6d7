/*
 * Unit tests for reading the loader's information (arch/x86/boot/multiboot.c).
 *
 * A buffer stands for physical memory [MEM_BASE, MEM_BASE + MEM_SIZE); each
 * test lays out multiboot1 or multiboot2 information in it as a loader
 * would (or as a hostile one might) and parses it. read_phys() refuses any
 * range not wholly inside, and hands out a fresh heap copy of exactly the
 * bytes asked for, so ASan catches the parser reading past what it asked
 * for, and the parser cannot rely on anything it did not ask for. Every
 * parse ends with checks that hold whatever the input: counts within
 * bounds, every string NUL-terminated inside struct boot_info.
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

#include "keel/bootinfo.h"
#include "keel/multiboot.h"

#define MEM_BASE   0x100000ull
#define MEM_SIZE   (256u * 1024)
#define MEM_END    (MEM_BASE + MEM_SIZE)
#define READ_LIMIT 10000000ul /* more read_phys calls than this: a loop */

static uint8_t *mem;          /* the "physical memory" */
static uint64_t next_pa;      /* bump allocator within it */
static void **copies;         /* what read_phys handed out, freed per test */
static size_t nr_copies, cap_copies;
static unsigned long nr_reads;
static struct boot_info bi;

/* ---- fake physical memory ---- */

static const void *read_phys(uint64_t pa, size_t len)
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

static void *at(uint64_t pa)
{
    assert_true(pa >= MEM_BASE && pa <= MEM_END);
    return mem + (pa - MEM_BASE);
}

/* Reserve len bytes at the next multiple of align. */
static uint64_t alloc_pa(size_t len, size_t align)
{
    uint64_t pa = (next_pa + align - 1) & ~(uint64_t)(align - 1);

    assert_true(pa + len <= MEM_END);
    next_pa = pa + len;
    return pa;
}

static uint64_t put_bytes(const void *data, size_t len, size_t align)
{
    uint64_t pa = alloc_pa(len, align);

    memcpy(at(pa), data, len);
    return pa;
}

static uint64_t put_string(const char *s)
{
    return put_bytes(s, strlen(s) + 1, 1);
}

/* Bytes in the very last len bytes of memory (for strings with no NUL). */
static uint64_t put_at_end(const void *data, size_t len)
{
    uint64_t pa = MEM_END - len;

    assert_true(pa >= next_pa);
    memcpy(at(pa), data, len);
    return pa;
}

/* A string of n copies of c after prefix; the caller frees it. */
static char *repeat(const char *prefix, char c, size_t n)
{
    size_t plen = strlen(prefix);
    char *s = malloc(plen + n + 1);

    assert_non_null(s);
    memcpy(s, prefix, plen);
    memset(s + plen, c, n);
    s[plen + n] = '\0';
    return s;
}

static int setup(void **state)
{
    (void)state;
    memset(mem, 0, MEM_SIZE);
    next_pa = MEM_BASE + 0x1000; /* leave a page, so pa 0 offsets stay out */
    nr_reads = 0;
    memset(&bi, 0xa5, sizeof(bi)); /* bootinfo_parse must set everything */
    alarm(20);
    return 0;
}

static int teardown(void **state)
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

static int parse(uint32_t magic, uint64_t info_pa)
{
    int rc = bootinfo_parse(&bi, magic, info_pa, read_phys);

    if (rc == 0)
        assert_invariants();
    return rc;
}

/* ---- multiboot1 layout ---- */

/* A fresh, zeroed mb1_info; its address in *pa. */
static struct mb1_info *mb1_new(uint64_t *pa)
{
    *pa = alloc_pa(sizeof(struct mb1_info), 8);
    return at(*pa);
}

struct mmap_in {
    uint64_t base, length;
    uint32_t type;
};

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

/* ---- tables shared by both protocols ---- */

static const struct mmap_in pc_map[] = {
    { 0x0, 0x9fc00, MEM_USABLE },
    { 0x9fc00, 0x400, MEM_RESERVED },
    { 0xf0000, 0x10000, MEM_RESERVED },
    { 0x100000, 0x1fee0000, MEM_USABLE },
    { 0x1ffe0000, 0x20000, MEM_ACPI_DATA },
    { 0xfffc0000, 0x40000, MEM_RESERVED },
    { 0x100000000ull, 0x40000000ull, MEM_USABLE },
};
#define PC_MAP_USABLE (0x9fc00ull + 0x1fee0000ull + 0x40000000ull)

static void assert_pc_map(void)
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
static const struct {
    const char *given, *kept;
} own_lines[] = {
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
static const struct {
    const char *given, *kept;
} module_lines[] = {
    { "/dom0.gz console=hvc0", "console=hvc0" },
    { "/boot/netbsd-XEN3_DOM0.gz root=xbd0a", "root=xbd0a" },
    { "dom0 console=hvc0", "dom0 console=hvc0" },   /* no '/': kept */
    { "noreboot", "noreboot" },
    { "  /a/b  x=1", "x=1" },
    { "/initrd.img", "" },
    { "", "" },
};
#define NR_OWN (sizeof(own_lines) / sizeof(own_lines[0]))
#define NR_MODLINES (sizeof(module_lines) / sizeof(module_lines[0]))

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
        if (strcmp(bi.cmdline, own_lines[i].kept) != 0)
            fail_msg("\"%s\" gave \"%s\", expected \"%s\"", own_lines[i].given,
                     bi.cmdline, own_lines[i].kept);
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
        if (strcmp(bi.modules[i].cmdline, module_lines[i].kept) != 0)
            fail_msg("\"%s\" gave \"%s\", expected \"%s\"",
                     module_lines[i].given, bi.modules[i].cmdline,
                     module_lines[i].kept);
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
        if (strcmp(bi.cmdline, own_lines[i].kept) != 0)
            fail_msg("\"%s\" gave \"%s\", expected \"%s\"", own_lines[i].given,
                     bi.cmdline, own_lines[i].kept);
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
        if (strcmp(bi.modules[i].cmdline, module_lines[i].kept) != 0)
            fail_msg("\"%s\" gave \"%s\", expected \"%s\"",
                     module_lines[i].given, bi.modules[i].cmdline,
                     module_lines[i].kept);
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

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

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
        T(test_wrong_magic),
        T(test_mem_type_name),
        T(test_usable_bytes),
    };
    int rc;

    mem = malloc(MEM_SIZE);
    if (!mem)
        return 1;
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(mem);
    free(copies);
    return rc;
}
