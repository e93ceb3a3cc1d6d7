/*
 * Reading multiboot1 and multiboot2 information into struct boot_info.
 * Every pointer the loader gave is treated as untrusted: read through
 * read_phys with a length, strings bounded.
 */
#include <stdbool.h>
#include <keel/bootinfo.h>
#include <keel/cmdline.h>
#include <keel/multiboot.h>
#include <keel/string.h>

/* Multiboot1 strings have no container: only their NUL ends them. */
#define NO_LIMIT UINT64_MAX
/* Firmware maps have tens of entries; this bounds a hostile mmap_length. */
#define MAX_MMAP_ENTRIES 4096

const char *mem_type_name(uint32_t type)
{
    switch (type) {
    case MEM_USABLE:     return "usable";
    case MEM_ACPI_DATA:  return "ACPI data";
    case MEM_ACPI_NVS:   return "ACPI NVS";
    case MEM_UNUSABLE:   return "unusable";
    case MEM_PERSISTENT: return "persistent";
    default:             return "reserved";
    }
}

uint64_t bootinfo_usable_bytes(const struct boot_info *bi)
{
    uint64_t total = 0;

    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == MEM_USABLE)
            total += bi->mem[i].size;
    return total;
}

/* Length of the word starting at s. */
static size_t word_len(const char *s)
{
    size_t n = 0;

    while (s[n] && s[n] != ' ' && s[n] != '\t')
        n++;
    return n;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/*
 * Loaders put the image's path before its arguments (GRUB, QEMU). A first
 * word with a '/' is a path; on the hypervisor's own line, so is a first
 * word that is neither an option nor a name=value pair.
 */
static const char *strip_image_path(const char *s, bool own_line)
{
    size_t n;

    s = skip_spaces(s);
    n = word_len(s);
    if (!n)
        return s;
    bool has_slash = false, has_eq = false;
    for (size_t i = 0; i < n; i++) {
        has_slash |= s[i] == '/';
        has_eq |= s[i] == '=';
    }
    if (has_slash || (own_line && !has_eq && !cmdline_is_option(s, (unsigned int)n)))
        return skip_spaces(s + n);
    return s;
}

/*
 * Copy the loader's string at pa into dst (capacity cap), reading no more
 * than cap - 1 bytes nor past limit (the end of the tag holding it).
 * Returns the number of bytes copied.
 */
static size_t copy_string(char *dst, size_t cap, uint64_t pa, uint64_t limit,
                          phys_reader_fn read_phys)
{
    size_t n = 0;

    for (; n + 1 < cap && pa + n < limit; n++) {
        const char *c = read_phys(pa + n, 1);

        if (!c || !*c)
            break;
        dst[n] = *c;
    }
    dst[n] = '\0';
    return n;
}

/* A loader string kept in the shared pool, or "" if the pool is full. */
static const char *keep_string(struct boot_info *bi, uint64_t pa, uint64_t limit,
                               phys_reader_fn read_phys)
{
    size_t room = sizeof(bi->strings) - bi->strings_used;
    char *dst = bi->strings + bi->strings_used;

    if (!pa || room < 2)
        return "";
    bi->strings_used += copy_string(dst, room, pa, limit, read_phys) + 1;
    return dst;
}

static void set_cmdline(struct boot_info *bi, uint64_t pa, uint64_t limit,
                        phys_reader_fn read_phys)
{
    size_t n = copy_string(bi->cmdline_buf, sizeof(bi->cmdline_buf), pa, limit,
                           read_phys);
    const char *next = n + 1 == sizeof(bi->cmdline_buf) && pa + n < limit
                           ? read_phys(pa + n, 1) : NULL;

    if (next && *next)
        bi->cmdline_truncated = 1;
    bi->cmdline = strip_image_path(bi->cmdline_buf, true);
}

static void add_region(struct boot_info *bi, uint64_t start, uint64_t size,
                       uint32_t type)
{
    if (!size)
        return;
    if (bi->nr_mem == BOOT_MAX_MEM) {
        bi->dropped++;
        return;
    }
    bi->mem[bi->nr_mem++] = (struct boot_mem_region){ start, size, type };
}

static void add_module(struct boot_info *bi, uint64_t start, uint64_t end,
                       uint64_t cmdline_pa, uint64_t limit, phys_reader_fn read_phys)
{
    if (bi->nr_modules == BOOT_MAX_MODULES || end < start) {
        bi->dropped++;
        return;
    }
    bi->modules[bi->nr_modules++] = (struct boot_module){
        start, end,
        strip_image_path(keep_string(bi, cmdline_pa, limit, read_phys), false)
    };
}

static int parse_mb1(struct boot_info *bi, uint64_t info_pa,
                     phys_reader_fn read_phys)
{
    const struct mb1_info *mbi = read_phys(info_pa, sizeof(*mbi));

    if (!mbi)
        return -1;
    bi->protocol = "multiboot1";
    if (mbi->flags & MB1_INFO_LOADER_NAME)
        bi->loader = keep_string(bi, mbi->boot_loader_name, NO_LIMIT, read_phys);
    if (mbi->flags & MB1_INFO_CMDLINE)
        set_cmdline(bi, mbi->cmdline, NO_LIMIT, read_phys);
    if (mbi->flags & MB1_INFO_MMAP) {
        uint64_t pa = mbi->mmap_addr, end = pa + mbi->mmap_length;

        for (unsigned int n = 0; n < MAX_MMAP_ENTRIES &&
                                 pa + sizeof(struct mb1_mmap_entry) <= end; n++) {
            const struct mb1_mmap_entry *e = read_phys(pa, sizeof(*e));

            if (!e || e->size < sizeof(*e) - sizeof(e->size))
                break;
            add_region(bi, e->base_addr, e->length, e->type);
            pa += e->size + sizeof(e->size);
        }
    }
    if (mbi->flags & MB1_INFO_MODS) {
        uint32_t count = mbi->mods_count;

        if (count > BOOT_MAX_MODULES) { /* don't read what can't be kept */
            bi->dropped += count - BOOT_MAX_MODULES;
            count = BOOT_MAX_MODULES;
        }
        for (uint32_t i = 0; i < count; i++) {
            const struct mb1_module *m =
                read_phys(mbi->mods_addr + (uint64_t)i * sizeof(*m), sizeof(*m));

            if (!m)
                break;
            add_module(bi, m->mod_start, m->mod_end, m->string, NO_LIMIT, read_phys);
        }
    }
    return 0;
}

static void parse_mb2_mmap(struct boot_info *bi, uint64_t tag_pa,
                           const struct mb2_tag_mmap *t,
                           phys_reader_fn read_phys)
{
    uint64_t pa = tag_pa + sizeof(*t), end = tag_pa + t->tag.size;

    if (t->entry_size < sizeof(struct mb2_mmap_entry))
        return;
    for (; pa + t->entry_size <= end; pa += t->entry_size) {
        const struct mb2_mmap_entry *e = read_phys(pa, sizeof(*e));

        if (!e)
            return;
        add_region(bi, e->base_addr, e->length, e->type);
    }
}

static void parse_mb2_tag(struct boot_info *bi, uint64_t pa,
                          const struct mb2_tag *tag, phys_reader_fn read_phys)
{
    const uint64_t body = pa + sizeof(*tag);

    switch (tag->type) {
    case MB2_TAG_CMDLINE:
        set_cmdline(bi, body, pa + tag->size, read_phys);
        break;
    case MB2_TAG_LOADER_NAME:
        bi->loader = keep_string(bi, body, pa + tag->size, read_phys);
        break;
    case MB2_TAG_MODULE: {
        const struct mb2_tag_module *m = read_phys(pa, sizeof(*m));

        if (m && tag->size >= sizeof(*m))
            add_module(bi, m->mod_start, m->mod_end, pa + sizeof(*m), pa + tag->size,
                       read_phys);
        break;
    }
    case MB2_TAG_MMAP: {
        const struct mb2_tag_mmap *t = read_phys(pa, sizeof(*t));

        if (t && tag->size >= sizeof(*t))
            parse_mb2_mmap(bi, pa, t, read_phys);
        break;
    }
    case MB2_TAG_ACPI_OLD:
    case MB2_TAG_ACPI_NEW:
        if (!bi->rsdp || tag->type == MB2_TAG_ACPI_NEW)
            bi->rsdp = body;
        break;
    default:
        break;
    }
}

static int parse_mb2(struct boot_info *bi, uint64_t info_pa,
                     phys_reader_fn read_phys)
{
    const struct mb2_info_header *h = read_phys(info_pa, sizeof(*h));
    uint64_t pa, end;

    if (!h || h->total_size < sizeof(*h))
        return -1;
    bi->protocol = "multiboot2";
    end = info_pa + h->total_size;
    for (pa = info_pa + sizeof(*h); pa + sizeof(struct mb2_tag) <= end;) {
        const struct mb2_tag *tag = read_phys(pa, sizeof(*tag));

        if (!tag || tag->type == MB2_TAG_END || tag->size < sizeof(*tag) ||
            tag->size > end - pa)
            break;
        parse_mb2_tag(bi, pa, tag, read_phys);
        pa += (tag->size + 7) & ~7ull;
    }
    return 0;
}

int bootinfo_parse(struct boot_info *bi, uint32_t magic, uint64_t info_pa,
                   phys_reader_fn read_phys)
{
    memset(bi, 0, sizeof(*bi));
    bi->loader = "unknown";
    bi->cmdline = "";
    if (magic == MB1_BOOTLOADER_MAGIC)
        return parse_mb1(bi, info_pa, read_phys);
    if (magic == MB2_BOOTLOADER_MAGIC)
        return parse_mb2(bi, info_pa, read_phys);
    return -1;
}
