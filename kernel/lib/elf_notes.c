/*
 * Xen ELF notes: reading the notes of one note area into struct
 * elf_xen_notes, and the FEATURES string into XENFEAT bits. The contract
 * is in include/keel/elf_loader.h; the meaning of each note in
 * include/public/elfnote.h.
 *
 * Invariants:
 *  - Only img[off .. off + size) is read, and that range is checked to lie
 *    in img[0 .. len) first. Each note's header, name and value are
 *    checked to lie inside the area before any of them is read.
 *  - Each loop step consumes at least one 12-byte note header (or one
 *    byte of FEATURES), and the note loop also stops when the caller's
 *    budget runs out, so every loop is bounded by its input.
 *  - Strings stay in the image (pointer and length): never copied, never
 *    assumed to be NUL-terminated.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/elfnote.h>
#include <public/features.h>

#include "keel/elf_loader.h"
#include "keel/bytes.h"
#include "keel/errmsg.h"
#include "keel/errno.h"
#include "keel/string.h"

#define NOTE_HEADER 12      /* namesz, descsz, type: 32 bits each */
#define QUOTE_MAX   40      /* longest feature name quoted in a message */

static uint64_t round_up(uint64_t x, uint64_t align)
{
    return (x + align - 1) & ~(align - 1);
}

/* ---- the notes ---- */

/* How a note type's value is read, and into which field. */
enum note_form { NOTE_SKIP, NOTE_STRING, NOTE_NUMBER, NOTE_PAIRS };

struct note_kind {
    enum note_form form;
    size_t field;           /* offset in struct elf_xen_notes */
};

#define STRING(f) { NOTE_STRING, offsetof(struct elf_xen_notes, f) }
#define NUMBER(f) { NOTE_NUMBER, offsetof(struct elf_xen_notes, f) }

/* Types not listed (INFO, PHYS32_RELOC, ...) are skipped. */
static const struct note_kind note_kinds[XEN_ELFNOTE_MAX + 1] = {
    [XEN_ELFNOTE_ENTRY] = NUMBER(entry),
    [XEN_ELFNOTE_HYPERCALL_PAGE] = NUMBER(hypercall_page),
    [XEN_ELFNOTE_VIRT_BASE] = NUMBER(virt_base),
    [XEN_ELFNOTE_PADDR_OFFSET] = NUMBER(paddr_offset),
    [XEN_ELFNOTE_XEN_VERSION] = STRING(xen_version),
    [XEN_ELFNOTE_GUEST_OS] = STRING(guest_os),
    [XEN_ELFNOTE_GUEST_VERSION] = STRING(guest_version),
    [XEN_ELFNOTE_LOADER] = STRING(loader),
    [XEN_ELFNOTE_PAE_MODE] = STRING(pae_mode),
    [XEN_ELFNOTE_FEATURES] = STRING(features),
    [XEN_ELFNOTE_BSD_SYMTAB] = STRING(bsd_symtab),
    [XEN_ELFNOTE_HV_START_LOW] = NUMBER(hv_start_low),
    [XEN_ELFNOTE_L1_MFN_VALID] = { NOTE_PAIRS, 0 },
    [XEN_ELFNOTE_SUSPEND_CANCEL] = NUMBER(suspend_cancel),
    [XEN_ELFNOTE_INIT_P2M] = NUMBER(init_p2m),
    [XEN_ELFNOTE_MOD_START_PFN] = NUMBER(mod_start_pfn),
    [XEN_ELFNOTE_SUPPORTED_FEATURES] = NUMBER(supported_features),
    [XEN_ELFNOTE_PHYS32_ENTRY] = NUMBER(phys32_entry),
};

/* Name "Xen", with its NUL (namesz 4, as everyone writes it) or without. */
static bool is_xen(const uint8_t *name, uint32_t namesz)
{
    return (namesz == 4 && memcmp(name, "Xen", 4) == 0) ||
           (namesz == 3 && memcmp(name, "Xen", 3) == 0);
}

/* L1_MFN_VALID: mask/value pairs of 32-bit (8 bytes) or 64-bit numbers. */
static int read_pairs(struct elf_xen_notes *n, const uint8_t *desc,
                      uint32_t descsz, char *err, size_t err_len)
{
    if (descsz == 8) {
        n->l1_mfn_valid_mask = get_le32(desc);
        n->l1_mfn_valid_value = get_le32(desc + 4);
    } else if (descsz >= 16 && descsz % 16 == 0) {
        n->l1_mfn_valid_mask = get_le64(desc);
        n->l1_mfn_valid_value = get_le64(desc + 8);
    } else {
        return errmsg(err, err_len, -EINVAL,
                    "Xen note L1_MFN_VALID: %u bytes are not mask/value pairs", descsz);
    }
    return 0;
}

/* Stores one Xen note's value (desc[0 .. descsz), inside the image). */
static int read_xen_note(struct elf_xen_notes *n, uint32_t type,
                         const uint8_t *desc, uint32_t descsz,
                         char *err, size_t err_len)
{
    const struct note_kind *k;
    char *field;

    if (type < 32)
        n->present |= 1u << type;
    if (type > XEN_ELFNOTE_MAX)
        return 0;
    k = &note_kinds[type];
    field = (char *)n + k->field;
    switch (k->form) {
    case NOTE_STRING: {
        struct elf_str *s = (struct elf_str *)field;
        size_t len = 0;

        while (len < descsz && desc[len])
            len++;
        s->s = (const char *)desc;
        s->len = len;
        return 0;
    }
    case NOTE_NUMBER:
        if (descsz != 4 && descsz != 8)
            return errmsg(err, err_len, -EINVAL,
                        "Xen note %u: a number of %u bytes (not 4 or 8)", type, descsz);
        *(uint64_t *)field = descsz == 4 ? get_le32(desc) : get_le64(desc);
        return 0;
    case NOTE_PAIRS:
        return read_pairs(n, desc, descsz, err, err_len);
    default:
        return 0;
    }
}

int elf_notes_parse(const uint8_t *img, size_t len, uint64_t off,
                    uint64_t size, uint64_t align, struct elf_xen_notes *n,
                    unsigned int *budget, char *err, size_t err_len)
{
    uint64_t pos, end;
    int found = 0;

    if (align != 8)
        align = 4;
    if (off > len || size > len - off)
        return errmsg(err, err_len, -EINVAL,
                    "note area at %#llx (%#llx bytes) runs past the end of the file",
                    (unsigned long long)off, (unsigned long long)size);
    /*
     * Name and value start at multiples of align from the note's start,
     * which is itself aligned: for align 4 that is the usual rounding of
     * namesz and descsz; for 8 the value follows the 12-byte header and
     * name at the next multiple of 8. Fewer than 12 bytes left are
     * padding.
     */
    for (pos = off, end = off + size; end - pos >= NOTE_HEADER;) {
        uint64_t rest = end - pos, desc_at, next;
        uint32_t namesz = get_le32(img + pos), descsz = get_le32(img + pos + 4);
        uint32_t type = get_le32(img + pos + 8);

        if (*budget == 0)
            return errmsg(err, err_len, -E2BIG, "more than %u ELF notes",
                        (unsigned int)ELF_MAX_NOTES);
        (*budget)--;
        desc_at = round_up(NOTE_HEADER + (uint64_t)namesz, align);
        if (desc_at > rest || descsz > rest - desc_at)
            return errmsg(err, err_len, -EINVAL,
                        "note at %#llx: name (%u bytes) or value (%u bytes) runs past its area",
                        (unsigned long long)pos, namesz, descsz);
        if (is_xen(img + pos + NOTE_HEADER, namesz)) {
            int r = read_xen_note(n, type, img + pos + desc_at, descsz, err, err_len);

            if (r)
                return r;
            found++;
        }
        next = round_up(desc_at + descsz, align);
        pos += next < rest ? next : rest;
    }
    return found;
}

/* ---- FEATURES ---- */

/* XENFEAT names as kernels write them in FEATURES. */
static const struct {
    const char *name;
    unsigned int bit;
} feature_names[] = {
    { "writable_page_tables", XENFEAT_writable_page_tables },
    { "writable_descriptor_tables", XENFEAT_writable_descriptor_tables },
    { "auto_translated_physmap", XENFEAT_auto_translated_physmap },
    { "supervisor_mode_kernel", XENFEAT_supervisor_mode_kernel },
    { "pae_pgdir_above_4gb", XENFEAT_pae_pgdir_above_4gb },
    { "mmu_pt_update_preserve_ad", XENFEAT_mmu_pt_update_preserve_ad },
    { "highmem_assist", XENFEAT_highmem_assist },
    { "gnttab_map_avail_bits", XENFEAT_gnttab_map_avail_bits },
    { "hvm_callback_vector", XENFEAT_hvm_callback_vector },
    { "hvm_safe_pvclock", XENFEAT_hvm_safe_pvclock },
    { "hvm_pirqs", XENFEAT_hvm_pirqs },
    { "dom0", XENFEAT_dom0 },
    /* Withdrawn, so public/features.h leaves it out; old kernels may name it. */
    { "grant_map_identity", 12 },
    { "memory_op_vnode_supported", XENFEAT_memory_op_vnode_supported },
    { "ARM_SMCCC", XENFEAT_ARM_SMCCC_supported },
    { "ARM_SMCCC_supported", XENFEAT_ARM_SMCCC_supported },
    { "linux_rsdp_unrestricted", XENFEAT_linux_rsdp_unrestricted },
    { "not_direct_mapped", XENFEAT_not_direct_mapped },
    { "direct_mapped", XENFEAT_direct_mapped },
    { "runstate_phys_area", XENFEAT_runstate_phys_area },
    { "vcpu_time_phys_area", XENFEAT_vcpu_time_phys_area },
    { "dm_msix_all_writes", XENFEAT_dm_msix_all_writes },
};

/* The bit of the feature named s[0 .. len), or -1. */
static int feature_bit(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++)
        if (strlen(feature_names[i].name) == len &&
            memcmp(feature_names[i].name, s, len) == 0)
            return (int)feature_names[i].bit;
    return -1;
}

/* One '|'-separated item, s[0 .. len), non-empty: into *f. */
static int feature_item(const char *s, size_t len, struct elf_xen_features *f,
                        char *err, size_t err_len)
{
    bool required = s[0] == '!';
    int bit;

    if (required) {
        s++;
        len--;
        if (len == 0)
            return errmsg(err, err_len, -EINVAL, "Xen FEATURES: '!' without a name");
    }
    bit = feature_bit(s, len);
    if (bit < 0)
        return required ? errmsg(err, err_len, -EINVAL,
                               "Xen FEATURES: unknown required feature '%.*s'",
                               (int)(len < QUOTE_MAX ? len : QUOTE_MAX), s) : 0;
    f->supported |= 1u << bit;
    if (required)
        f->required |= 1u << bit;
    return 0;
}

/* The name of the lowest bit in bits (which is not 0). */
static const char *feature_name(uint32_t bits)
{
    unsigned int bit = 0;

    while (!(bits & (1u << bit)))
        bit++;
    for (size_t i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++)
        if (feature_names[i].bit == bit)
            return feature_names[i].name;
    return "?";
}

int elf_xen_features_ok(const struct elf_xen_notes *n, uint32_t offered,
                        struct elf_xen_features *f, char *err, size_t err_len)
{
    uint32_t missing;

    if (err && err_len)
        err[0] = '\0';
    f->required = 0;
    /* XENFEAT_NR_SUBMAPS is 1: only 32 feature bits exist. */
    f->supported = n->present & (1u << XEN_ELFNOTE_SUPPORTED_FEATURES) ?
                   (uint32_t)n->supported_features : 0;
    if (n->present & (1u << XEN_ELFNOTE_FEATURES)) {
        const char *s = n->features.s;
        size_t len = n->features.len, i = 0;

        while (i < len) {
            size_t j = i;
            int r;

            while (j < len && s[j] != '|')
                j++;
            r = j > i ? feature_item(s + i, j - i, f, err, err_len) : 0;
            if (r)
                return r;
            i = j + 1;
        }
    }
    missing = f->required & ~offered;
    if (missing)
        return errmsg(err, err_len, -EOPNOTSUPP,
                    "the kernel requires Xen feature %s, which is not offered",
                    feature_name(missing));
    return 0;
}
