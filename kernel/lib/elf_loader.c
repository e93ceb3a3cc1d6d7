/*
 * ELF64 x86-64 executables: checking the header and program headers,
 * placing the PT_LOAD segments as Xen does, and handing out their
 * contents. The Xen notes are read by elf_notes.c. The contract is in
 * include/keel/elf_loader.h.
 *
 * Invariants:
 *  - Nothing in img is read before the range holding it is known to lie
 *    in img[0 .. len): first the 64-byte ELF header, then the whole
 *    program header table, then (only if needed) the section header
 *    table; every field is read with byte loads, so no alignment is
 *    assumed.
 *  - Address sums (offset + size, address + size) are checked against
 *    wrap-around before they are formed.
 *  - When elf_parse returns 0: out->seg[0 .. nr_segments) lies in the
 *    file and in the address space, is sorted by vaddr and disjoint, and
 *    vstart/vend bound it; elf_load relies on exactly that.
 *  - Loops run over e_phnum (< 65535) or e_shnum entries of tables that
 *    lie in the file, or over at most ELF_MAX_SEGMENTS segments.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/elfnote.h>

#include "keel/elf_loader.h"
#include "keel/bytes.h"
#include "keel/errmsg.h"
#include "keel/errno.h"
#include "keel/string.h"

/* ELF64 constants and layouts (System V gABI, x86-64 psABI). */
#define EHDR_SIZE   64
#define PHDR_SIZE   56
#define SHDR_SIZE   64
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_EXEC     2
#define EM_X86_64   62
#define PT_LOAD     1
#define PT_NOTE     4
#define SHT_NOTE    7
#define PN_XNUM     0xffff  /* e_phnum escape for more program headers */

/* The fields of a program header this file uses. */
struct phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* Whether [off, off + size) lies in a file of len bytes. */
static bool in_file(uint64_t off, uint64_t size, size_t len)
{
    return off <= len && size <= len - off;
}

static unsigned long long ull(uint64_t x)
{
    return x;
}

/* ---- the ELF header ---- */

static int check_ident(const uint8_t *img, size_t len, char *err, size_t err_len)
{
    if (len < EHDR_SIZE)
        return errmsg(err, err_len, -ENOEXEC, "not an ELF64 file: %zu bytes", len);
    if (memcmp(img, "\177ELF", 4) != 0)
        return errmsg(err, err_len, -ENOEXEC, "not an ELF file (no magic)");
    if (img[4] != ELFCLASS64)
        return errmsg(err, err_len, -ENOEXEC, "not a 64-bit ELF file (class %u)", img[4]);
    if (img[5] != ELFDATA2LSB)
        return errmsg(err, err_len, -ENOEXEC, "not a little-endian ELF file");
    if (img[6] != EV_CURRENT || get_le32(img + 20) != EV_CURRENT)
        return errmsg(err, err_len, -ENOEXEC, "unknown ELF version");
    if (get_le16(img + 16) != ET_EXEC)
        return errmsg(err, err_len, -ENOEXEC, "not an ELF executable (type %u)",
                    get_le16(img + 16));
    if (get_le16(img + 18) != EM_X86_64)
        return errmsg(err, err_len, -ENOEXEC, "not an x86-64 ELF file (machine %u)",
                    get_le16(img + 18));
    if (get_le16(img + 52) != EHDR_SIZE)
        return errmsg(err, err_len, -EINVAL, "ELF header size %u, not 64", get_le16(img + 52));
    return 0;
}

/* The program header table: where it is and that it lies in the file. */
static int check_phdrs(const uint8_t *img, size_t len, uint64_t *phoff,
                       unsigned int *phnum, char *err, size_t err_len)
{
    *phoff = get_le64(img + 32);
    *phnum = get_le16(img + 56);
    if (*phnum == 0)
        return errmsg(err, err_len, -EINVAL, "no program headers");
    if (*phnum == PN_XNUM)
        return errmsg(err, err_len, -EINVAL, "extended program header numbering is not supported");
    if (get_le16(img + 54) != PHDR_SIZE)
        return errmsg(err, err_len, -EINVAL, "program header size %u, not 56",
                    get_le16(img + 54));
    /* phnum < 2^16 and PHDR_SIZE < 2^6: the product cannot overflow. */
    if (!in_file(*phoff, (uint64_t)*phnum * PHDR_SIZE, len))
        return errmsg(err, err_len, -EINVAL,
                    "program headers (%u at %#llx) run past the end of the file",
                    *phnum, ull(*phoff));
    return 0;
}

static void read_phdr(const uint8_t *p, struct phdr *ph)
{
    ph->type = get_le32(p);
    ph->flags = get_le32(p + 4);
    ph->offset = get_le64(p + 8);
    ph->vaddr = get_le64(p + 16);
    ph->paddr = get_le64(p + 24);
    ph->filesz = get_le64(p + 32);
    ph->memsz = get_le64(p + 40);
    ph->align = get_le64(p + 48);
}

/* ---- PT_LOAD segments ---- */

/* Checks program header i, a PT_LOAD, on its own. */
static int check_load(const struct phdr *ph, unsigned int i, size_t len,
                      char *err, size_t err_len)
{
    if (ph->filesz > ph->memsz)
        return errmsg(err, err_len, -EINVAL,
                    "segment %u: file size %#llx above memory size %#llx",
                    i, ull(ph->filesz), ull(ph->memsz));
    if (!in_file(ph->offset, ph->filesz, len))
        return errmsg(err, err_len, -EINVAL,
                    "segment %u: %#llx bytes at %#llx run past the end of the file",
                    i, ull(ph->filesz), ull(ph->offset));
    if (ph->memsz > UINT64_MAX - ph->vaddr || ph->memsz > UINT64_MAX - ph->paddr)
        return errmsg(err, err_len, -EINVAL,
                    "segment %u: %#llx bytes at %#llx (physical %#llx) wrap around",
                    i, ull(ph->memsz), ull(ph->vaddr), ull(ph->paddr));
    if (ph->align > 1 && (ph->align & (ph->align - 1)))
        return errmsg(err, err_len, -EINVAL, "segment %u: alignment %#llx is not a power of two",
                    i, ull(ph->align));
    if (ph->align > 1 && ((ph->vaddr - ph->offset) & (ph->align - 1)))
        return errmsg(err, err_len, -EINVAL,
                    "segment %u: address %#llx and offset %#llx differ modulo alignment %#llx",
                    i, ull(ph->vaddr), ull(ph->offset), ull(ph->align));
    return 0;
}

/* Records a checked PT_LOAD (memsz > 0) in out, not yet placed. */
static int add_segment(struct elf_image *out, const struct phdr *ph,
                       char *err, size_t err_len)
{
    struct elf_segment *s;

    if (out->nr_segments == ELF_MAX_SEGMENTS)
        return errmsg(err, err_len, -E2BIG, "more than %u loadable segments",
                    (unsigned int)ELF_MAX_SEGMENTS);
    s = &out->seg[out->nr_segments++];
    s->p_vaddr = ph->vaddr;
    s->paddr = ph->paddr;
    s->offset = ph->offset;
    s->filesz = ph->filesz;
    s->memsz = ph->memsz;
    s->flags = ph->flags & (ELF_PF_R | ELF_PF_W | ELF_PF_X);
    return 0;
}

/*
 * One pass over the program headers: checks and records every PT_LOAD,
 * and reads the notes of every PT_NOTE. Returns the number of Xen notes
 * found, or an error.
 */
static int scan_phdrs(const uint8_t *img, size_t len, uint64_t phoff,
                      unsigned int phnum, struct elf_image *out,
                      unsigned int *budget, char *err, size_t err_len)
{
    int found = 0;

    for (unsigned int i = 0; i < phnum; i++) {
        struct phdr ph;
        int r = 0;

        read_phdr(img + phoff + (uint64_t)i * PHDR_SIZE, &ph);
        if (ph.type == PT_LOAD) {
            r = check_load(&ph, i, len, err, err_len);
            if (!r && ph.memsz)
                r = add_segment(out, &ph, err, err_len);
        } else if (ph.type == PT_NOTE) {
            r = elf_notes_parse(img, len, ph.offset, ph.filesz, ph.align,
                                &out->xen, budget, err, err_len);
            found += r > 0 ? r : 0;
        }
        if (r < 0)
            return r;
    }
    return found;
}

/* The Xen notes of the SHT_NOTE sections: for images without PT_NOTE ones. */
static int scan_sections(const uint8_t *img, size_t len, struct elf_image *out,
                         unsigned int *budget, char *err, size_t err_len)
{
    uint64_t shoff = get_le64(img + 40);
    unsigned int shnum = get_le16(img + 60);
    int found = 0;

    if (shnum == 0 || shoff == 0)
        return 0;
    if (get_le16(img + 58) != SHDR_SIZE)
        return errmsg(err, err_len, -EINVAL, "section header size %u, not 64",
                    get_le16(img + 58));
    if (!in_file(shoff, (uint64_t)shnum * SHDR_SIZE, len))
        return errmsg(err, err_len, -EINVAL,
                    "section headers (%u at %#llx) run past the end of the file",
                    shnum, ull(shoff));
    for (unsigned int i = 0; i < shnum; i++) {
        const uint8_t *sh = img + shoff + (uint64_t)i * SHDR_SIZE;
        int r;

        if (get_le32(sh + 4) != SHT_NOTE)
            continue;
        r = elf_notes_parse(img, len, get_le64(sh + 24), get_le64(sh + 32),
                            get_le64(sh + 48), &out->xen, budget, err, err_len);
        if (r < 0)
            return r;
        found += r;
    }
    return found;
}

/* ---- placing the segments ---- */

static bool has_note(const struct elf_image *e, unsigned int type)
{
    return e->xen.present & (1u << type);
}

/* Sorts the segments by load address (few: insertion sort). */
static void sort_segments(struct elf_image *e)
{
    for (unsigned int i = 1; i < e->nr_segments; i++) {
        struct elf_segment s = e->seg[i];
        unsigned int j = i;

        for (; j > 0 && e->seg[j - 1].vaddr > s.vaddr; j--)
            e->seg[j] = e->seg[j - 1];
        e->seg[j] = s;
    }
}

/*
 * Load addresses by Xen's rule (see elf_loader.h): checks they do not
 * wrap and do not overlap, and sets the bounds.
 */
static int place_segments(struct elf_image *e, char *err, size_t err_len)
{
    uint64_t virt_base = has_note(e, XEN_ELFNOTE_VIRT_BASE) ? e->xen.virt_base : 0;
    uint64_t paddr_offset = has_note(e, XEN_ELFNOTE_PADDR_OFFSET) ? e->xen.paddr_offset : 0;

    if (has_note(e, XEN_ELFNOTE_PADDR_OFFSET) && !has_note(e, XEN_ELFNOTE_VIRT_BASE))
        return errmsg(err, err_len, -EINVAL, "Xen note PADDR_OFFSET without VIRT_BASE");
    e->virt_offset = virt_base - paddr_offset;
    e->pstart = UINT64_MAX;
    e->pend = 0;
    for (unsigned int i = 0; i < e->nr_segments; i++) {
        struct elf_segment *s = &e->seg[i];

        s->vaddr = s->paddr + e->virt_offset;
        if (s->memsz > UINT64_MAX - s->vaddr)
            return errmsg(err, err_len, -EINVAL,
                        "segment at physical %#llx placed at %#llx wraps around",
                        ull(s->paddr), ull(s->vaddr));
        e->pstart = s->paddr < e->pstart ? s->paddr : e->pstart;
        e->pend = s->paddr + s->memsz > e->pend ? s->paddr + s->memsz : e->pend;
    }
    sort_segments(e);
    e->vstart = e->seg[0].vaddr;
    e->vend = 0;
    for (unsigned int i = 0; i < e->nr_segments; i++) {
        const struct elf_segment *s = &e->seg[i];

        if (i > 0 && s->vaddr < e->vend)
            return errmsg(err, err_len, -EINVAL,
                        "segments at %#llx and %#llx overlap",
                        ull(e->seg[i - 1].vaddr), ull(s->vaddr));
        e->vend = s->vaddr + s->memsz;
    }
    return 0;
}

/* Whether addr lies in a segment: by load address, or physical address. */
static bool in_segment(const struct elf_image *e, uint64_t addr, bool physical)
{
    for (unsigned int i = 0; i < e->nr_segments; i++) {
        uint64_t start = physical ? e->seg[i].paddr : e->seg[i].vaddr;

        if (addr >= start && addr - start < e->seg[i].memsz)
            return true;
    }
    return false;
}

/* The addresses the notes and header give, against the placed segments. */
static int check_addresses(struct elf_image *e, uint64_t e_entry,
                           char *err, size_t err_len)
{
    bool pvh_only = has_note(e, XEN_ELFNOTE_PHYS32_ENTRY) &&
                    !has_note(e, XEN_ELFNOTE_ENTRY);

    if (has_note(e, XEN_ELFNOTE_VIRT_BASE) && e->xen.virt_base > e->vstart)
        return errmsg(err, err_len, -EINVAL,
                    "Xen note VIRT_BASE %#llx is above the image's start %#llx",
                    ull(e->xen.virt_base), ull(e->vstart));
    e->entry = has_note(e, XEN_ELFNOTE_ENTRY) ? e->xen.entry : e_entry;
    if (!pvh_only && !in_segment(e, e->entry, false))
        return errmsg(err, err_len, -EINVAL, "entry point %#llx is outside the segments",
                    ull(e->entry));
    if (has_note(e, XEN_ELFNOTE_HYPERCALL_PAGE) &&
        !in_segment(e, e->xen.hypercall_page, false))
        return errmsg(err, err_len, -EINVAL, "hypercall page %#llx is outside the segments",
                    ull(e->xen.hypercall_page));
    if (has_note(e, XEN_ELFNOTE_PHYS32_ENTRY) &&
        !in_segment(e, e->xen.phys32_entry, true))
        return errmsg(err, err_len, -EINVAL,
                    "PVH entry point %#llx is outside the segments' physical range",
                    ull(e->xen.phys32_entry));
    return 0;
}

int elf_parse(const uint8_t *img, size_t len, struct elf_image *out,
              char *err, size_t err_len)
{
    unsigned int phnum, budget = ELF_MAX_NOTES;
    uint64_t phoff;
    int r;

    memset(out, 0, sizeof(*out));
    if (err && err_len)
        err[0] = '\0';
    if (!img)
        return errmsg(err, err_len, -ENOEXEC, "no image");
    r = check_ident(img, len, err, err_len);
    if (!r)
        r = check_phdrs(img, len, &phoff, &phnum, err, err_len);
    if (!r)
        r = scan_phdrs(img, len, phoff, phnum, out, &budget, err, err_len);
    if (r == 0) {
        r = scan_sections(img, len, out, &budget, err, err_len);
        out->notes_from_sections = r > 0;
    }
    if (r < 0)
        return r;
    if (out->nr_segments == 0)
        return errmsg(err, err_len, -EINVAL, "no loadable segment");
    r = place_segments(out, err, err_len);
    if (!r)
        r = check_addresses(out, get_le64(img + 24), err, err_len);
    return r;
}

void elf_load(const struct elf_image *e, const uint8_t *img,
              void (*copy)(void *ctx, uint64_t vaddr, const void *src, size_t len),
              void (*zero)(void *ctx, uint64_t vaddr, size_t len),
              void *ctx)
{
    for (unsigned int i = 0; i < e->nr_segments; i++) {
        const struct elf_segment *s = &e->seg[i];

        if (s->filesz)
            copy(ctx, s->vaddr, img + s->offset, (size_t)s->filesz);
        if (s->memsz > s->filesz)
            zero(ctx, s->vaddr + s->filesz, (size_t)(s->memsz - s->filesz));
    }
}
