/*
 * Unit tests for the ELF loader and Xen notes (kernel/lib/elf_loader.c,
 * kernel/lib/elf_notes.c).
 *
 * Images are written here, field by field, by a small ELF writer: a
 * Linux-like kernel (text, data, and a per-CPU segment linked at 0 but
 * placed by p_paddr), every Xen note, then one defect at a time. One more
 * image is made by the host's gcc and ld, when they can be run, to meet
 * what real linkers write. Every parse runs on a heap copy of exactly the
 * image's size, so ASan catches any read past its end.
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

#include <public/elfnote.h>
#include <public/features.h>

#include "keel/elf_loader.h"
#include "keel/errno.h"
#include "xorshift.h"

#define IMG_MAX  (64 * 1024)
#define KBASE    0xffffffff80000000ull   /* VIRT_BASE of the test kernel */
#define TEXT_P   0x200000ull             /* its physical start */
#define TEXT_V   (KBASE + TEXT_P)
#define ENTRY_V  (TEXT_V + 0x40)
#define PVH_P    (TEXT_P + 0x80)

/* ---- writing images ---- */

static void w16(uint8_t *p, uint64_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void w32(uint8_t *p, uint64_t v)
{
    w16(p, v);
    w16(p + 2, v >> 16);
}

static void w64(uint8_t *p, uint64_t v)
{
    w32(p, v);
    w32(p + 4, v >> 32);
}

/* Notes, as an assembler lays them out with .balign align. */
struct notes {
    uint8_t buf[16384];
    size_t len;
};

static void note_pad(struct notes *n, size_t from, unsigned int align)
{
    while ((n->len - from) % align)
        n->buf[n->len++] = 0;
}

static void note_raw(struct notes *n, const char *name, uint32_t namesz,
                     uint32_t type, const void *desc, uint32_t descsz,
                     unsigned int align)
{
    size_t start = n->len;

    assert_true(n->len + 12 + namesz + descsz + 16 < sizeof(n->buf));
    w32(n->buf + n->len, namesz);
    w32(n->buf + n->len + 4, descsz);
    w32(n->buf + n->len + 8, type);
    n->len += 12;
    memset(n->buf + n->len, 0, namesz);
    memcpy(n->buf + n->len, name, strnlen(name, namesz));
    n->len += namesz;
    note_pad(n, start, align);
    memcpy(n->buf + n->len, desc, descsz);
    n->len += descsz;
    note_pad(n, start, align);
}

static void note_str(struct notes *n, uint32_t type, const char *s)
{
    note_raw(n, "Xen", 4, type, s, (uint32_t)strlen(s) + 1, 4);
}

/* A number of size bytes (little-endian; beyond 8, zero bytes follow). */
static void note_num(struct notes *n, uint32_t type, uint64_t v, unsigned int size)
{
    uint8_t d[16] = { 0 };

    assert_true(size <= sizeof(d));
    w64(d, v);
    note_raw(n, "Xen", 4, type, d, size, 4);
}

/* Every Xen note the loader reads, as Linux writes them. */
static void all_notes(struct notes *n)
{
    static const char features[] = "!writable_page_tables|pae_pgdir_above_4gb";
    uint8_t pairs[16];

    memset(n, 0, sizeof(*n));
    note_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(n, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    note_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_str(n, XEN_ELFNOTE_LOADER, "generic");
    note_num(n, XEN_ELFNOTE_VIRT_BASE, KBASE, 8);
    note_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    note_num(n, XEN_ELFNOTE_ENTRY, ENTRY_V, 8);
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, TEXT_V, 8);
    /* No NUL, as Linux writes it (.ascii). */
    note_raw(n, "Xen", 4, XEN_ELFNOTE_FEATURES, features, sizeof(features) - 1, 4);
    note_str(n, XEN_ELFNOTE_PAE_MODE, "yes");
    note_str(n, XEN_ELFNOTE_BSD_SYMTAB, "yes");
    note_num(n, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ull, 8);
    w64(pairs, 1);
    w64(pairs + 8, 1);
    note_raw(n, "Xen", 4, XEN_ELFNOTE_L1_MFN_VALID, pairs, 16, 4);
    note_num(n, XEN_ELFNOTE_SUSPEND_CANCEL, 1, 4);
    note_num(n, XEN_ELFNOTE_INIT_P2M, 0x8000000000ull, 8);
    note_num(n, XEN_ELFNOTE_MOD_START_PFN, 1, 4);
    note_num(n, XEN_ELFNOTE_SUPPORTED_FEATURES,
             1u << XENFEAT_writable_page_tables | 1u << XENFEAT_dom0, 4);
    note_num(n, XEN_ELFNOTE_PHYS32_ENTRY, PVH_P, 4);
}

struct image {
    uint8_t buf[IMG_MAX];
    size_t len;
};

#define PH(i) (64 + 56 * (i))   /* offset of program header i */
#define NOTES_AT PH(4)          /* build_kernel's notes follow its 4 headers */

static void img_header(struct image *im, unsigned int phnum, uint64_t entry)
{
    memset(im, 0, sizeof(*im));
    memcpy(im->buf, "\177ELF\2\1\1", 7);
    w16(im->buf + 16, 2);       /* ET_EXEC */
    w16(im->buf + 18, 62);      /* EM_X86_64 */
    w32(im->buf + 20, 1);
    w64(im->buf + 24, entry);
    w64(im->buf + 32, 64);      /* e_phoff */
    w16(im->buf + 52, 64);
    w16(im->buf + 54, 56);
    w16(im->buf + 56, phnum);
    w16(im->buf + 58, 64);
    im->len = PH(phnum);
}

static void img_phdr(struct image *im, unsigned int i, uint32_t type,
                     uint32_t flags, uint64_t off, uint64_t vaddr,
                     uint64_t paddr, uint64_t filesz, uint64_t memsz,
                     uint64_t align)
{
    uint8_t *p = im->buf + PH(i);

    w32(p, type);
    w32(p + 4, flags);
    w64(p + 8, off);
    w64(p + 16, vaddr);
    w64(p + 24, paddr);
    w64(p + 32, filesz);
    w64(p + 40, memsz);
    w64(p + 48, align);
}

/* Appends n bytes (pattern seed) at the next multiple of align; their offset. */
static uint64_t img_append(struct image *im, const void *p, size_t n,
                           size_t align, unsigned int seed)
{
    uint64_t off;

    while (im->len % align)
        im->len++;
    off = im->len;
    assert_true(off + n <= IMG_MAX);
    for (size_t i = 0; i < n; i++)
        im->buf[off + i] = p ? ((const uint8_t *)p)[i] : (uint8_t)(i * 7 + seed);
    im->len += n;
    return off;
}

/*
 * The test kernel: text (RX) and data (RW, with bss) linked at TEXT_V,
 * a per-CPU segment linked at 0 but with the next physical address, as
 * Linux has, and n's notes in a PT_NOTE. Its last segment ends the file.
 */
static void build_kernel(struct image *im, const struct notes *n)
{
    uint64_t note_off;

    img_header(im, 4, TEXT_P + 0x40);
    note_off = img_append(im, n->buf, n->len, 4, 0);
    img_phdr(im, 3, 4, 4, note_off, 0, 0, n->len, n->len, 4);
    img_phdr(im, 0, 1, 5, img_append(im, NULL, 0x800, 0x1000, 1),
             TEXT_V, TEXT_P, 0x800, 0x800, 0x1000);
    img_phdr(im, 1, 1, 6, img_append(im, NULL, 0x400, 0x1000, 2),
             TEXT_V + 0x1000, TEXT_P + 0x1000, 0x400, 0x3000, 0x1000);
    img_phdr(im, 2, 1, 6, img_append(im, NULL, 0x200, 0x1000, 3),
             0, TEXT_P + 0x4000, 0x200, 0x1000, 0x1000);
}

static void build_default(struct image *im)
{
    struct notes n;

    all_notes(&n);
    build_kernel(im, &n);
}

/*
 * The image last parsed: the strings of its struct elf_image point into
 * it, so it is kept until the next parse (or the end of the tests).
 */
static uint8_t *held;

static int release_held(void **state)
{
    (void)state;
    free(held);
    held = NULL;
    return 0;
}

/* Parses the first len bytes of im from an exact-size heap copy. */
static int parse_len(const struct image *im, size_t len, struct elf_image *e,
                     char *err, size_t err_len)
{
    release_held(NULL);
    held = malloc(len ? len : 1);
    assert_non_null(held);
    memcpy(held, im->buf, len);
    return elf_parse(held, len, e, err, err_len);
}

static char last_err[200];

/* Parses im; checks the message is set exactly on failure. */
static int parse(const struct image *im, struct elf_image *e)
{
    int r;

    memset(last_err, 'x', sizeof(last_err));
    r = parse_len(im, im->len, e, last_err, sizeof(last_err));
    assert_non_null(memchr(last_err, '\0', sizeof(last_err)));
    if (r)
        assert_true(strlen(last_err) > 5);
    else
        assert_string_equal(last_err, "");
    return r;
}

static void expect_error(const struct image *im, int err, const char *part)
{
    struct elf_image e;

    assert_int_equal(parse(im, &e), err);
    if (part && !strstr(last_err, part))
        fail_msg("message \"%s\" lacks \"%s\"", last_err, part);
}

static bool str_is(struct elf_str s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.s, want, s.len) == 0;
}

/* ---- well-formed images ---- */

static void test_kernel_with_every_note(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;
    uint32_t want_present = 0;

    (void)state;
    build_default(im);
    assert_int_equal(parse(im, &e), 0);
    for (unsigned int t = 1; t <= 18; t++)
        want_present |= 1u << t;
    assert_int_equal(e.xen.present, want_present);
    assert_false(e.notes_from_sections);
    assert_true(str_is(e.xen.guest_os, "linux"));
    assert_true(str_is(e.xen.guest_version, "2.6"));
    assert_true(str_is(e.xen.xen_version, "xen-3.0"));
    assert_true(str_is(e.xen.loader, "generic"));
    assert_true(str_is(e.xen.features, "!writable_page_tables|pae_pgdir_above_4gb"));
    assert_true(str_is(e.xen.pae_mode, "yes"));
    assert_true(str_is(e.xen.bsd_symtab, "yes"));
    assert_int_equal(e.xen.virt_base, KBASE);
    assert_int_equal(e.xen.paddr_offset, 0);
    assert_int_equal(e.xen.entry, ENTRY_V);
    assert_int_equal(e.xen.hypercall_page, TEXT_V);
    assert_int_equal(e.xen.hv_start_low, 0xffff800000000000ull);
    assert_int_equal(e.xen.l1_mfn_valid_mask, 1);
    assert_int_equal(e.xen.l1_mfn_valid_value, 1);
    assert_int_equal(e.xen.suspend_cancel, 1);
    assert_int_equal(e.xen.init_p2m, 0x8000000000ull);
    assert_int_equal(e.xen.mod_start_pfn, 1);
    assert_int_equal(e.xen.supported_features, 0x801);
    assert_int_equal(e.xen.phys32_entry, PVH_P);

    /* Placed by p_paddr + VIRT_BASE: the per-CPU segment follows data. */
    assert_int_equal(e.entry, ENTRY_V);
    assert_int_equal(e.virt_offset, KBASE);
    assert_int_equal(e.nr_segments, 3);
    assert_int_equal(e.seg[0].vaddr, TEXT_V);
    assert_int_equal(e.seg[0].flags, ELF_PF_R | ELF_PF_X);
    assert_int_equal(e.seg[0].filesz, 0x800);
    assert_int_equal(e.seg[1].vaddr, TEXT_V + 0x1000);
    assert_int_equal(e.seg[1].memsz, 0x3000);
    assert_int_equal(e.seg[2].vaddr, TEXT_V + 0x4000);
    assert_int_equal(e.seg[2].p_vaddr, 0);
    assert_int_equal(e.seg[2].paddr, TEXT_P + 0x4000);
    assert_int_equal(e.vstart, TEXT_V);
    assert_int_equal(e.vend, TEXT_V + 0x5000);
    assert_int_equal(e.pstart, TEXT_P);
    assert_int_equal(e.pend, TEXT_P + 0x5000);
    free(im);
}

/* A guest's memory for elf_load, as the builder would map it. */
struct guest {
    uint64_t base;
    uint8_t mem[0x5000];
    uint8_t touched[0x5000];
    const uint8_t *img;
    size_t img_len;
    int calls;
};

static void guest_copy(void *ctx, uint64_t vaddr, const void *src, size_t len)
{
    struct guest *g = ctx;
    const uint8_t *s = src;

    assert_true(vaddr >= g->base && len <= sizeof(g->mem) - (vaddr - g->base));
    assert_true(s >= g->img && len <= g->img_len - (size_t)(s - g->img));
    memcpy(g->mem + (vaddr - g->base), src, len);
    memset(g->touched + (vaddr - g->base), 1, len);
    g->calls++;
}

static void guest_zero(void *ctx, uint64_t vaddr, size_t len)
{
    struct guest *g = ctx;

    assert_true(vaddr >= g->base && len <= sizeof(g->mem) - (vaddr - g->base));
    memset(g->mem + (vaddr - g->base), 0, len);
    memset(g->touched + (vaddr - g->base), 1, len);
    g->calls++;
}

static void test_load_by_address(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct guest *g = malloc(sizeof(*g));
    struct elf_image e;

    (void)state;
    build_default(im);
    assert_int_equal(parse(im, &e), 0);
    memset(g, 0xee, sizeof(*g));
    memset(g->touched, 0, sizeof(g->touched));
    g->base = TEXT_V;
    g->img = im->buf;
    g->img_len = im->len;
    g->calls = 0;
    elf_load(&e, im->buf, guest_copy, guest_zero, g);
    /* text: copy; data: copy + zero; per-CPU: copy + zero. */
    assert_int_equal(g->calls, 5);
    for (size_t i = 0; i < 0x800; i++)
        assert_int_equal(g->mem[i], (uint8_t)(i * 7 + 1));
    for (size_t i = 0x800; i < 0x1000; i++)
        assert_int_equal(g->touched[i], 0);     /* the gap is not written */
    for (size_t i = 0; i < 0x3000; i++)
        assert_int_equal(g->mem[0x1000 + i], i < 0x400 ? (uint8_t)(i * 7 + 2) : 0);
    for (size_t i = 0; i < 0x1000; i++)
        assert_int_equal(g->mem[0x4000 + i], i < 0x200 ? (uint8_t)(i * 7 + 3) : 0);
    free(g);
    free(im);
}

/* Numbers of 4 and 8 bytes; other sizes are refused. */
static void test_numeric_note_sizes(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;
    struct notes n;

    (void)state;
    for (unsigned int size = 1; size <= 9; size++) {
        memset(&n, 0, sizeof(n));
        note_num(&n, XEN_ELFNOTE_INIT_P2M, 0x1122334455667788ull, size);
        build_kernel(im, &n);   /* no VIRT_BASE: e_entry is in the text */
        if (size == 4 || size == 8) {
            assert_int_equal(parse(im, &e), 0);
            assert_int_equal(e.xen.init_p2m, size == 4 ? 0x55667788ull : 0x1122334455667788ull);
        } else {
            expect_error(im, -EINVAL, "not 4 or 8");
        }
    }
    /* L1_MFN_VALID: 32-bit pairs, 64-bit pairs, nothing else. */
    for (unsigned int size = 4; size <= 32; size += 4) {
        uint8_t d[32];

        for (unsigned int i = 0; i < sizeof(d); i++)
            d[i] = (uint8_t)(i + 1);
        memset(&n, 0, sizeof(n));
        note_raw(&n, "Xen", 4, XEN_ELFNOTE_L1_MFN_VALID, d, size, 4);
        build_kernel(im, &n);
        if (size == 8 || size == 16 || size == 32) {
            assert_int_equal(parse(im, &e), 0);
            assert_int_equal(e.xen.l1_mfn_valid_mask,
                             size == 8 ? 0x04030201ull : 0x0807060504030201ull);
        } else {
            expect_error(im, -EINVAL, "mask/value");
        }
    }
    free(im);
}

/*
 * Names: "Xen" with or without its NUL (and the padding after either);
 * other names and empty notes are skipped; an 8-aligned note area.
 */
static void test_note_names_and_padding(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;
    struct notes n;
    uint8_t d[8] = { 0 };

    (void)state;
    for (unsigned int align = 4; align <= 8; align += 4) {
        memset(&n, 0, sizeof(n));
        note_raw(&n, "", 0, 0, "", 0, align);                  /* empty */
        note_raw(&n, "GNU", 4, 3, d, 5, align);                /* build id-ish */
        note_raw(&n, "Xe", 2, XEN_ELFNOTE_GUEST_OS, "no", 3, align);
        note_raw(&n, "XenX", 4, XEN_ELFNOTE_GUEST_OS, "no", 3, align);
        note_raw(&n, "Xen", 5, XEN_ELFNOTE_GUEST_OS, "no", 3, align);
        note_raw(&n, "Xen", 3, XEN_ELFNOTE_LOADER, "generic", 8, align);
        note_raw(&n, "Xen", 4, XEN_ELFNOTE_GUEST_OS, "NetBSD", 7, align);
        note_raw(&n, "Xen", 4, XEN_ELFNOTE_GUEST_VERSION, "", 0, align);
        note_raw(&n, "Xen", 4, XEN_ELFNOTE_XEN_VERSION, "a\0b", 3, align);
        note_raw(&n, "Xen", 4, 99, d, 7, align);               /* unknown type */
        note_raw(&n, "Xen", 4, XEN_ELFNOTE_PHYS32_RELOC, d, 8, align);
        build_kernel(im, &n);
        w64(im->buf + PH(3) + 48, align);
        assert_int_equal(parse(im, &e), 0);
        assert_true(str_is(e.xen.loader, "generic"));
        assert_true(str_is(e.xen.guest_os, "NetBSD"));
        assert_true(str_is(e.xen.guest_version, ""));
        assert_true(str_is(e.xen.xen_version, "a"));
        assert_int_equal(e.xen.present,
                         1u << XEN_ELFNOTE_LOADER | 1u << XEN_ELFNOTE_GUEST_OS |
                         1u << XEN_ELFNOTE_GUEST_VERSION | 1u << XEN_ELFNOTE_XEN_VERSION |
                         1u << XEN_ELFNOTE_PHYS32_RELOC);
        /* Without Xen notes the image sits at its physical addresses. */
        assert_int_equal(e.virt_offset, 0);
        assert_int_equal(e.vstart, TEXT_P);
    }
    free(im);
}

/* A later note of the same type wins. */
static void test_repeated_note(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;
    struct notes n;

    (void)state;
    memset(&n, 0, sizeof(n));
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "first");
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "second");
    build_kernel(im, &n);
    assert_int_equal(parse(im, &e), 0);
    assert_true(str_is(e.xen.guest_os, "second"));
    free(im);
}

/*
 * Other layouts Xen kernels use: FreeBSD's (VIRT_BASE = PADDR_OFFSET and
 * p_paddr = p_vaddr), a PVH-only kernel whose e_entry is physical.
 */
static void test_other_layouts(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;
    struct notes n;

    (void)state;
    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_VIRT_BASE, KBASE, 8);
    note_num(&n, XEN_ELFNOTE_PADDR_OFFSET, KBASE, 8);
    build_kernel(im, &n);
    for (unsigned int i = 0; i < 3; i++)    /* p_paddr = p_vaddr */
        w64(im->buf + PH(i) + 24, i < 2 ? TEXT_V + i * 0x1000 : TEXT_V + 0x4000);
    w64(im->buf + PH(2) + 16, TEXT_V + 0x4000);
    w64(im->buf + 24, ENTRY_V);
    assert_int_equal(parse(im, &e), 0);
    assert_int_equal(e.virt_offset, 0);
    assert_int_equal(e.vstart, TEXT_V);
    assert_int_equal(e.vend, TEXT_V + 0x5000);
    assert_int_equal(e.entry, ENTRY_V);

    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_PHYS32_ENTRY, PVH_P, 4);
    build_kernel(im, &n);
    w64(im->buf + 24, 0x1000000);       /* physical, outside every segment */
    assert_int_equal(parse(im, &e), 0);
    assert_int_equal(e.xen.phys32_entry, PVH_P);
    free(im);
}

/* The notes from SHT_NOTE sections when the PT_NOTEs have no Xen note. */
static void test_notes_from_sections(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;
    struct notes n, other;
    uint64_t note_off, shoff;
    uint8_t sh[3 * 64];

    (void)state;
    memset(&other, 0, sizeof(other));
    note_raw(&other, "GNU", 4, 3, "12345678", 8, 4);
    all_notes(&n);
    for (int variant = 0; variant < 3; variant++) {
        build_kernel(im, &other);   /* PT_NOTE with a GNU note only */
        if (variant == 2)
            w32(im->buf + PH(3), 0x6474e551);   /* no PT_NOTE at all */
        note_off = img_append(im, n.buf, n.len, 4, 0);
        memset(sh, 0, sizeof(sh));
        w32(sh + 64 + 4, 1);                    /* a PROGBITS section */
        w32(sh + 128 + 4, 7);                   /* SHT_NOTE */
        w64(sh + 128 + 24, note_off);
        w64(sh + 128 + 32, n.len);
        w64(sh + 128 + 48, 4);
        shoff = img_append(im, sh, sizeof(sh), 8, 0);
        w64(im->buf + 40, shoff);
        w16(im->buf + 60, 3);
        if (variant == 1) {
            w64(im->buf + 40, im->len - 64);    /* table past the end */
            expect_error(im, -EINVAL, "section headers");
            continue;
        }
        assert_int_equal(parse(im, &e), 0);
        assert_true(e.notes_from_sections);
        assert_int_equal(e.xen.entry, ENTRY_V);
        assert_int_equal(e.vstart, TEXT_V);
    }
    free(im);
}

/* ---- FEATURES ---- */

static int features(const char *s, uint64_t supported_bitmap, uint32_t offered,
                    struct elf_xen_features *f, char *err)
{
    struct elf_xen_notes n;

    memset(&n, 0, sizeof(n));
    if (s) {
        n.present |= 1u << XEN_ELFNOTE_FEATURES;
        n.features.s = s;
        n.features.len = strlen(s);
    }
    if (supported_bitmap != UINT64_MAX) {
        n.present |= 1u << XEN_ELFNOTE_SUPPORTED_FEATURES;
        n.supported_features = supported_bitmap;
    }
    return elf_xen_features_ok(&n, offered, f, err, 160);
}

static void test_features(void **state)
{
    static const struct { const char *name; unsigned int bit; } names[] = {
        { "writable_page_tables", 0 }, { "writable_descriptor_tables", 1 },
        { "auto_translated_physmap", 2 }, { "supervisor_mode_kernel", 3 },
        { "pae_pgdir_above_4gb", 4 }, { "mmu_pt_update_preserve_ad", 5 },
        { "highmem_assist", 6 }, { "gnttab_map_avail_bits", 7 },
        { "hvm_callback_vector", 8 }, { "hvm_safe_pvclock", 9 },
        { "hvm_pirqs", 10 }, { "dom0", 11 }, { "grant_map_identity", 12 },
        { "memory_op_vnode_supported", 13 }, { "ARM_SMCCC", 14 },
        { "linux_rsdp_unrestricted", 15 }, { "not_direct_mapped", 16 },
        { "direct_mapped", 17 },
    };
    struct elf_xen_features f;
    char err[160], buf[64];

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(buf, sizeof(buf), "!%s", names[i].name);
        assert_int_equal(features(buf, UINT64_MAX, ~0u, &f, err), 0);
        assert_int_equal(f.required, 1u << names[i].bit);
        assert_int_equal(f.supported, 1u << names[i].bit);
    }

    /* Linux's, with and without what it needs. */
    assert_int_equal(features("!writable_page_tables|pae_pgdir_above_4gb",
                              0x800, 1, &f, err), 0);
    assert_int_equal(f.required, 1);
    assert_int_equal(f.supported, 0x811);
    assert_int_equal(features("!writable_page_tables|pae_pgdir_above_4gb",
                              UINT64_MAX, 0x10, &f, err), -EOPNOTSUPP);
    assert_non_null(strstr(err, "writable_page_tables"));

    /* Unknown optional names and empty items are skipped. */
    assert_int_equal(features("|future_thing||dom0|", UINT64_MAX, 0, &f, err), 0);
    assert_int_equal(f.supported, 1u << 11);
    assert_int_equal(f.required, 0);
    assert_int_equal(features("dom0|!future_thing", UINT64_MAX, ~0u, &f, err), -EINVAL);
    assert_non_null(strstr(err, "future_thing"));
    assert_int_equal(features("dom0|!", UINT64_MAX, ~0u, &f, err), -EINVAL);
    assert_int_equal(features("!dom", UINT64_MAX, ~0u, &f, err), -EINVAL);
    assert_int_equal(features("!dom0x", UINT64_MAX, ~0u, &f, err), -EINVAL);

    /* Nothing at all: nothing asked. */
    assert_int_equal(features(NULL, UINT64_MAX, 0, &f, err), 0);
    assert_int_equal(f.supported | f.required, 0);
    assert_int_equal(features("", 7, 0, &f, err), 0);
    assert_int_equal(f.supported, 7);

    /* A long unknown name is quoted, cut short. */
    memset(buf, 'a', sizeof(buf));
    buf[0] = '!';
    buf[sizeof(buf) - 1] = '\0';
    assert_int_equal(features(buf, UINT64_MAX, ~0u, &f, err), -EINVAL);
    assert_true(strlen(err) < 100);
}

/* ---- malformed images ---- */

static void test_truncated_everywhere(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;
    char err[160];

    (void)state;
    build_default(im);
    for (size_t len = 0; len < im->len; len++) {
        int r = parse_len(im, len, &e, err, sizeof(err));

        assert_true(r == -ENOEXEC || r == -EINVAL);
    }
    assert_int_equal(parse_len(im, im->len, &e, err, sizeof(err)), 0);
    assert_int_equal(elf_parse(NULL, 0, &e, err, sizeof(err)), -ENOEXEC);
    free(im);
}

static void test_not_our_elf(void **state)
{
    static const struct { size_t off; uint8_t val; const char *part; } bad[] = {
        { 0, 0x7e, "magic" }, { 3, 'f', "magic" },
        { 4, 1, "64-bit" }, { 5, 2, "little-endian" }, { 6, 0, "version" },
        { 20, 2, "version" }, { 16, 3, "executable" }, { 16, 1, "executable" },
        { 18, 3, "x86-64" }, { 18, 40, "x86-64" },
    };
    struct image *im = malloc(sizeof(*im));

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        build_default(im);
        im->buf[bad[i].off] = bad[i].val;
        expect_error(im, -ENOEXEC, bad[i].part);
    }
    build_default(im);
    w16(im->buf + 52, 52);
    expect_error(im, -EINVAL, "header size");
    free(im);
}

static void test_bad_program_headers(void **state)
{
    struct image *im = malloc(sizeof(*im));

    (void)state;
    build_default(im);
    w64(im->buf + 32, im->len);                 /* e_phoff past the end */
    expect_error(im, -EINVAL, "program headers");
    build_default(im);
    w64(im->buf + 32, UINT64_MAX - 100);        /* e_phoff + size wraps */
    expect_error(im, -EINVAL, "program headers");
    build_default(im);
    w16(im->buf + 56, 0xfffe);                  /* e_phnum * 56 past the end */
    expect_error(im, -EINVAL, "program headers");
    build_default(im);
    w16(im->buf + 56, 0xffff);                  /* PN_XNUM */
    expect_error(im, -EINVAL, "extended");
    build_default(im);
    w16(im->buf + 56, 0);
    expect_error(im, -EINVAL, "no program headers");
    build_default(im);
    w16(im->buf + 54, 64);                      /* e_phentsize */
    expect_error(im, -EINVAL, "program header size");
    build_default(im);
    for (unsigned int i = 0; i < 3; i++)
        w32(im->buf + PH(i), 0x6474e551);       /* no PT_LOAD left */
    expect_error(im, -EINVAL, "no loadable");
    free(im);
}

/* Sets field (byte offset in a program header) of segment i to v. */
static void set_ph(struct image *im, unsigned int i, unsigned int field, uint64_t v)
{
    w64(im->buf + PH(i) + field, v);
}

enum { P_OFFSET = 8, P_VADDR = 16, P_PADDR = 24, P_FILESZ = 32, P_MEMSZ = 40, P_ALIGN = 48 };

static void test_bad_segments(void **state)
{
    static const struct {
        unsigned int seg, field;
        uint64_t val;
        const char *part;
    } bad[] = {
        { 0, P_OFFSET, UINT64_MAX - 5, "past the end" },      /* offset + filesz wraps */
        { 1, P_OFFSET, 0x3000 + 0x100, "past the end" },      /* past the end of the file */
        { 2, P_FILESZ, 0x201, "past the end" },
        { 0, P_FILESZ, 0x801, "above memory size" },          /* filesz > memsz */
        { 1, P_MEMSZ, UINT64_MAX, "wrap" },                   /* vaddr + memsz wraps */
        { 2, P_PADDR, UINT64_MAX - 0x10, "wrap" },            /* paddr + memsz wraps */
        { 0, P_ALIGN, 0x3000, "power of two" },
        { 0, P_VADDR, TEXT_V + 0x10, "modulo alignment" },
        { 1, P_PADDR, TEXT_P + 0x400, "overlap" },            /* into the text */
        { 2, P_PADDR, TEXT_P + 0x3fff, "overlap" },           /* one byte into the bss */
        { 2, P_PADDR, 0x80000000, "VIRT_BASE" },              /* placed at 0 */
    };
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        build_default(im);
        set_ph(im, bad[i].seg, bad[i].field, bad[i].val);
        expect_error(im, -EINVAL, bad[i].part);
    }
    /*
     * Touching is not overlapping (the default data and per-CPU segments
     * touch); an empty segment is ignored.
     */
    build_default(im);
    assert_int_equal(parse(im, &e), 0);
    set_ph(im, 2, P_MEMSZ, 0);
    set_ph(im, 2, P_FILESZ, 0);
    assert_int_equal(parse(im, &e), 0);
    assert_int_equal(e.nr_segments, 2);
    /* Placement by VIRT_BASE that wraps the address space. */
    build_default(im);
    set_ph(im, 2, P_PADDR, 0x7ffff800);     /* + KBASE: 2^64 - 0x800 */
    expect_error(im, -EINVAL, "wraps");
    free(im);
}

static void test_too_many_segments(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;

    (void)state;
    for (unsigned int n = 16; n <= 17; n++) {
        img_header(im, n, TEXT_P);
        for (unsigned int i = 0; i < n; i++)
            img_phdr(im, i, 1, 5, img_append(im, NULL, 0x10, 0x100, i),
                     TEXT_V + i * 0x1000, TEXT_P + i * 0x1000, 0x10, 0x10, 0x100);
        if (n == 16) {
            assert_int_equal(parse(im, &e), 0);
            assert_int_equal(e.nr_segments, 16);
            /* No notes: placed at the physical addresses. */
            assert_int_equal(e.vstart, TEXT_P);
        } else {
            expect_error(im, -E2BIG, "loadable segments");
        }
    }
    free(im);
}

/* Builds the test kernel with notes n, and e_entry entry. */
static void kernel_with(struct image *im, const struct notes *n, uint64_t entry)
{
    build_kernel(im, n);
    w64(im->buf + 24, entry);
}

static void test_bad_addresses(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct notes n;

    (void)state;
    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_VIRT_BASE, KBASE, 8);
    kernel_with(im, &n, TEXT_V + 0x900);    /* in the gap after the text */
    expect_error(im, -EINVAL, "entry point");
    kernel_with(im, &n, TEXT_V + 0x5000);   /* just past the end */
    expect_error(im, -EINVAL, "entry point");
    kernel_with(im, &n, TEXT_P + 0x40);     /* physical, as Linux's e_entry */
    expect_error(im, -EINVAL, "entry point");

    note_num(&n, XEN_ELFNOTE_ENTRY, KBASE, 8);
    kernel_with(im, &n, ENTRY_V);           /* the note counts, not e_entry */
    expect_error(im, -EINVAL, "entry point");

    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_VIRT_BASE, KBASE, 8);
    note_num(&n, XEN_ELFNOTE_ENTRY, ENTRY_V, 8);
    note_num(&n, XEN_ELFNOTE_HYPERCALL_PAGE, TEXT_V + 0x5000, 8);
    build_kernel(im, &n);
    expect_error(im, -EINVAL, "hypercall page");

    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_VIRT_BASE, KBASE, 8);
    note_num(&n, XEN_ELFNOTE_ENTRY, ENTRY_V, 8);
    note_num(&n, XEN_ELFNOTE_PHYS32_ENTRY, TEXT_P - 1, 4);
    build_kernel(im, &n);
    expect_error(im, -EINVAL, "PVH entry");

    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    build_kernel(im, &n);
    expect_error(im, -EINVAL, "without VIRT_BASE");

    /* VIRT_BASE above the image (PADDR_OFFSET keeps the placement). */
    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_VIRT_BASE, KBASE + 0x300000, 8);
    note_num(&n, XEN_ELFNOTE_PADDR_OFFSET, 0x300000, 8);
    note_num(&n, XEN_ELFNOTE_ENTRY, ENTRY_V, 8);
    build_kernel(im, &n);
    expect_error(im, -EINVAL, "VIRT_BASE");
    free(im);
}

static void test_bad_notes(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct elf_image e;
    struct notes n;
    uint64_t note_size;

    (void)state;
    all_notes(&n);
    note_size = n.len;
    /* namesz and descsz near 2^32: past the area, no wrap. */
    for (int field = 0; field < 2; field++) {
        for (uint64_t v = 0xfffffff0; v <= 0xffffffff; v += 0xf) {
            build_kernel(im, &n);
            w32(im->buf + NOTES_AT + 4 * field, v);     /* the first note's */
            expect_error(im, -EINVAL, "runs past its area");
        }
    }
    /* The last value one byte longer than its segment. */
    build_kernel(im, &n);
    set_ph(im, 3, P_FILESZ, note_size - 1);
    set_ph(im, 3, P_MEMSZ, note_size - 1);
    expect_error(im, -EINVAL, "runs past its area");
    /* The PT_NOTE itself outside the file. */
    build_kernel(im, &n);
    set_ph(im, 3, P_OFFSET, im->len - 8);
    expect_error(im, -EINVAL, "note area");
    build_kernel(im, &n);
    set_ph(im, 3, P_OFFSET, UINT64_MAX - 8);
    expect_error(im, -EINVAL, "note area");
    /* Trailing bytes too few for a note are padding. */
    build_kernel(im, &n);
    set_ph(im, 3, P_FILESZ, note_size + 11);
    assert_int_equal(parse(im, &e), 0);
    free(im);
}

/* Many notes: empty ones are fine up to the limit, and the loop is bounded. */
static void test_note_counts(void **state)
{
    struct image *im = malloc(sizeof(*im));
    struct notes *n = malloc(sizeof(*n));
    struct elf_image e;
    uint64_t zeros;

    (void)state;
    memset(n, 0, sizeof(*n));
    note_num(n, XEN_ELFNOTE_VIRT_BASE, KBASE, 8);
    n->len += 12 * (ELF_MAX_NOTES - 1);     /* zero-filled: empty notes */
    assert_true(n->len <= sizeof(n->buf));
    kernel_with(im, n, TEXT_V);
    assert_int_equal(parse(im, &e), 0);
    assert_int_equal(e.xen.virt_base, KBASE);
    n->len += 12;
    kernel_with(im, n, TEXT_V);
    expect_error(im, -E2BIG, "notes");

    /* 40 KiB of zeros as notes: stops at the limit, not after 3400 notes. */
    build_default(im);
    zeros = img_append(im, NULL, 0, 8, 0);
    memset(im->buf + zeros, 0, 40 * 1024);
    im->len += 40 * 1024;
    set_ph(im, 3, P_OFFSET, zeros);
    set_ph(im, 3, P_FILESZ, 40 * 1024);
    expect_error(im, -E2BIG, "notes");
    free(n);
    free(im);
}

/* ---- random damage ---- */

static uint64_t rng = 0x853c49e6748fea9bull;

static uint32_t rnd(void)
{
    return (uint32_t)(xorshift64(&rng) >> 11);
}

static const uint64_t interesting[] = {
    0, 1, 4, 8, 0x38, 0x40, 0xfff, 0x1000, 0x7fffffff, 0xffffffff,
    0x100000000ull, UINT64_MAX, UINT64_MAX - 1, 0x8000000000000000ull,
    TEXT_V, KBASE, TEXT_P,
};

/* Whatever parses must keep every promise elf_load relies on. */
static void check_invariants(const struct elf_image *e, size_t len)
{
    assert_true(e->nr_segments >= 1 && e->nr_segments <= ELF_MAX_SEGMENTS);
    for (unsigned int i = 0; i < e->nr_segments; i++) {
        const struct elf_segment *s = &e->seg[i];

        assert_true(s->memsz > 0 && s->filesz <= s->memsz);
        assert_true(s->offset <= len && s->filesz <= len - s->offset);
        assert_true(s->vaddr >= e->vstart && s->memsz <= e->vend - s->vaddr);
        if (i > 0)
            assert_true(e->seg[i - 1].vaddr + e->seg[i - 1].memsz <= s->vaddr);
    }
}

/* What elf_load may touch: the image's bounds, and the file's. */
struct load_check {
    const struct elf_image *e;
    const uint8_t *img;
    size_t len;
};

static void check_copy(void *ctx, uint64_t vaddr, const void *src, size_t len)
{
    const struct load_check *c = ctx;
    const uint8_t *p = src;

    assert_true(vaddr >= c->e->vstart && len <= c->e->vend - vaddr);
    assert_true(p >= c->img && len <= c->len - (size_t)(p - c->img));
}

static void check_zero(void *ctx, uint64_t vaddr, size_t len)
{
    const struct load_check *c = ctx;

    assert_true(vaddr >= c->e->vstart && len <= c->e->vend - vaddr);
}

static void test_random_damage(void **state)
{
    struct image *im = malloc(sizeof(*im)), *m = malloc(sizeof(*m));
    size_t head;
    int ok = 0;

    (void)state;
    build_default(im);
    head = 64 + 4 * 56 + 800;   /* headers and notes: where damage matters */
    for (int iter = 0; iter < 20000; iter++) {
        struct elf_image e;
        struct elf_xen_features f;
        struct load_check c;
        char err[160];
        uint8_t *copy;
        int r;

        memcpy(m, im, sizeof(*im));
        for (unsigned int k = 1 + rnd() % 6; k > 0; k--) {
            size_t at = rnd() % head;

            if (rnd() % 3 == 0 && at + 8 <= head)
                w64(m->buf + (at & ~7ul), interesting[rnd() % (sizeof(interesting) / 8)]);
            else
                m->buf[at] ^= (uint8_t)(1u << (rnd() % 8));
        }
        copy = malloc(m->len);
        memcpy(copy, m->buf, m->len);
        r = elf_parse(copy, m->len, &e, err, sizeof(err));
        assert_true(r == 0 || r == -EINVAL || r == -ENOEXEC || r == -E2BIG);
        if (r == 0) {
            ok++;
            check_invariants(&e, m->len);
            c = (struct load_check){ &e, copy, m->len };
            elf_load(&e, copy, check_copy, check_zero, &c);
            r = elf_xen_features_ok(&e.xen, rnd(), &f, err, sizeof(err));
            assert_true(r == 0 || r == -EINVAL || r == -EOPNOTSUPP);
        }
        free(copy);
    }
    assert_true(ok > 100);  /* the damage is not all fatal: paths beyond the header run */
    free(m);
    free(im);
}

/* ---- an image from a real linker ---- */

static const char guest_asm[] =
    "#define NOTE(type, dir, value) .balign 4; .long 4; .long 2f - 1f; .long type;\\\n"
    "    .asciz \"Xen\"; 1: dir value; 2: .balign 4\n"
    "    .section .note.Xen, \"a\"\n"
    "    NOTE(6, .asciz, \"keel-test\")\n"
    "    NOTE(3, .quad, 0xffffffff80000000)\n"
    "    NOTE(4, .quad, 0)\n"
    "    NOTE(1, .quad, _start)\n"
    "    NOTE(2, .quad, hypercall_page)\n"
    "    NOTE(10, .ascii, \"!writable_page_tables|pae_pgdir_above_4gb\")\n"
    "    NOTE(17, .long, 0x801)\n"
    "    NOTE(18, .long, pvh_start - 0xffffffff80000000)\n"
    "    .text\n"
    "    .globl _start\n"
    "_start: hlt; jmp _start\n"
    "pvh_start: hlt\n"
    "    .balign 4096\n"
    "hypercall_page: .fill 4096, 1, 0xcc\n"
    "    .data\n"
    "    .quad 0x1122334455667788\n"
    "    .section .data..percpu, \"aw\"\n"
    "    .quad 5\n"
    "    .bss\n"
    "    .fill 8192, 1, 0\n";

static const char guest_lds[] =
    "ENTRY(_start)\n"
    "PHDRS { text PT_LOAD; data PT_LOAD; percpu PT_LOAD; note PT_NOTE; }\n"
    "SECTIONS {\n"
    "    . = 0xffffffff80200000;\n"
    "    .text : AT(0x200000) { *(.text) } :text\n"
    "    .notes : { *(.note.Xen) } :text :note\n"
    "    . = ALIGN(0x1000);\n"
    "    .data : AT(ADDR(.data) - 0xffffffff80000000) { *(.data) } :data\n"
    "    .bss : { *(.bss) } :data\n"
    "    . = ALIGN(0x1000);\n"
    "    percpu_phys = . - 0xffffffff80000000;\n"
    "    .data..percpu 0 : AT(percpu_phys) { *(.data..percpu) } :percpu\n"
    "    /DISCARD/ : { *(.note.gnu.property) *(.comment) }\n"
    "}\n";

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(text, f) >= 0;

    return f && fclose(f) == 0 && ok;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

/*
 * A Linux-shaped guest assembled and linked by the host's gcc and ld
 * (skipped if they cannot be run): what real tools write, section
 * headers and all.
 */
static void test_real_linker_output(void **state)
{
    char dir[] = "/tmp/keel-elf-XXXXXX", cmd[512], path[256];
    struct elf_xen_features f;
    struct elf_image e;
    uint8_t *img;
    size_t len = 0;
    char err[160];
    int rc;

    (void)state;
    if (!mkdtemp(dir))
        skip();
    snprintf(path, sizeof(path), "%s/guest.S", dir);
    assert_true(write_file(path, guest_asm));
    snprintf(path, sizeof(path), "%s/guest.lds", dir);
    assert_true(write_file(path, guest_lds));
    snprintf(cmd, sizeof(cmd),
             "cd %s && gcc -nostdlib -static -no-pie -Wl,-T,guest.lds "
             "-Wl,--build-id=none -Wl,-z,max-page-size=0x1000 -o guest guest.S "
             ">/dev/null 2>&1", dir);
    rc = system(cmd);
    snprintf(path, sizeof(path), "%s/guest", dir);
    img = rc == 0 ? read_file(path, &len) : NULL;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0 || !img) {
        free(img);
        skip();
    }
    assert_int_equal(elf_parse(img, len, &e, err, sizeof(err)), 0);
    assert_int_equal(e.nr_segments, 3);
    assert_int_equal(e.vstart, TEXT_V);
    assert_int_equal(e.entry, TEXT_V);                  /* _start, first in .text */
    assert_int_equal(e.xen.hypercall_page, TEXT_V + 0x1000);
    assert_int_equal(e.xen.phys32_entry, TEXT_P + 3);
    assert_int_equal(e.seg[2].p_vaddr, 0);              /* per-CPU, linked at 0 */
    assert_int_equal(e.seg[2].vaddr, KBASE + e.seg[2].paddr);
    assert_true(e.seg[2].vaddr >= e.seg[1].vaddr + e.seg[1].memsz);
    assert_true(str_is(e.xen.guest_os, "keel-test"));
    assert_int_equal(elf_xen_features_ok(&e.xen, 1u << XENFEAT_writable_page_tables,
                                         &f, err, sizeof(err)), 0);
    assert_int_equal(f.supported, 0x811);
    free(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernel_with_every_note),
        cmocka_unit_test(test_load_by_address),
        cmocka_unit_test(test_numeric_note_sizes),
        cmocka_unit_test(test_note_names_and_padding),
        cmocka_unit_test(test_repeated_note),
        cmocka_unit_test(test_other_layouts),
        cmocka_unit_test(test_notes_from_sections),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_not_our_elf),
        cmocka_unit_test(test_bad_program_headers),
        cmocka_unit_test(test_bad_segments),
        cmocka_unit_test(test_too_many_segments),
        cmocka_unit_test(test_bad_addresses),
        cmocka_unit_test(test_bad_notes),
        cmocka_unit_test(test_note_counts),
        cmocka_unit_test(test_random_damage),
        cmocka_unit_test(test_real_linker_output),
    };

    return cmocka_run_group_tests(tests, NULL, release_held);
}
