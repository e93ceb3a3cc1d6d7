/*
 * ELF64 x86-64 executables and their Xen ELF notes: what the PV domain
 * builder reads from a guest kernel (already decompressed; see
 * keel/inflate.h). The hypervisor, dom0's toolstack and the host unit
 * tests compile the same code (kernel/lib/elf_loader.c, elf_notes.c).
 *
 * Every byte of the image is untrusted. elf_parse() checks all of it that
 * the builder will rely on, so that afterwards elf_load() and the builder
 * can use the result without further bounds checks; a malformed image
 * gives a negative errno and a one-line message, never a read outside the
 * image or an unbounded loop. Nothing is allocated and nothing is kept
 * between calls.
 *
 * Where segments go (Xen's rule, which Xen kernels are linked for): a
 * segment is loaded at the virtual address
 *     p_paddr + VIRT_BASE - PADDR_OFFSET
 * (notes XEN_ELFNOTE_VIRT_BASE, default 0, and XEN_ELFNOTE_PADDR_OFFSET,
 * default 0), not at p_vaddr: Linux links its per-CPU segment at p_vaddr 0
 * but gives it a p_paddr in sequence with the others. For kernels whose
 * p_vaddr and p_paddr agree, the two are the same.
 *
 * Strings taken from notes point into the image: the image must outlive
 * the struct elf_image. They are not NUL-terminated (Linux writes its
 * FEATURES note without the NUL): use the length.
 */
#ifndef KEEL_ELF_LOADER_H
#define KEEL_ELF_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16     /* PT_LOAD segments an image may have */
#define ELF_MAX_NOTES    1024   /* notes (of any name) an image may have */

/* Segment permission flags (p_flags). */
#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

/* One PT_LOAD segment with p_memsz > 0. */
struct elf_segment {
    uint64_t vaddr;     /* load address (see above) */
    uint64_t p_vaddr;   /* as linked, for messages */
    uint64_t paddr;     /* p_paddr */
    uint64_t offset;    /* of its file bytes in the image */
    uint64_t filesz;    /* bytes from the image; then zeros up to memsz */
    uint64_t memsz;
    uint32_t flags;     /* ELF_PF_* */
};

/* A string from a note: len bytes at s, up to (not with) its NUL if any. */
struct elf_str {
    const char *s;
    size_t len;
};

/*
 * The Xen notes (name "Xen") found, by type (XEN_ELFNOTE_* in
 * public/elfnote.h). A field is valid only if its type's bit is set in
 * present; when a type appears more than once the last one counts.
 * Numeric notes may be 4 or 8 bytes; types not listed here are skipped.
 */
struct elf_xen_notes {
    uint32_t present;           /* bit n: a note of type n was found */
    struct elf_str guest_os;        /* GUEST_OS: "linux", "NetBSD" */
    struct elf_str guest_version;   /* GUEST_VERSION */
    struct elf_str xen_version;     /* XEN_VERSION: "xen-3.0" */
    struct elf_str loader;          /* LOADER: "generic" */
    struct elf_str pae_mode;        /* PAE_MODE: "yes", "bimodal" */
    struct elf_str features;        /* FEATURES: see elf_xen_features_ok */
    struct elf_str bsd_symtab;      /* BSD_SYMTAB: "yes" */
    uint64_t entry;             /* ENTRY: virtual entry point (PV) */
    uint64_t hypercall_page;    /* HYPERCALL_PAGE: virtual address */
    uint64_t virt_base;         /* VIRT_BASE */
    uint64_t paddr_offset;      /* PADDR_OFFSET */
    uint64_t hv_start_low;      /* HV_START_LOW */
    uint64_t l1_mfn_valid_mask; /* L1_MFN_VALID: its first mask/value pair */
    uint64_t l1_mfn_valid_value;
    uint64_t suspend_cancel;    /* SUSPEND_CANCEL */
    uint64_t init_p2m;          /* INIT_P2M: virtual address */
    uint64_t mod_start_pfn;     /* MOD_START_PFN */
    uint64_t supported_features;/* SUPPORTED_FEATURES: XENFEAT bitmap */
    uint64_t phys32_entry;      /* PHYS32_ENTRY: 32-bit physical entry (PVH) */
};

struct elf_image {
    /*
     * The PV entry point: the ENTRY note, else e_entry. Checked to lie in
     * a segment, except in a PVH-only kernel (PHYS32_ENTRY and no ENTRY
     * note), whose e_entry is often physical and is not used for PV.
     */
    uint64_t entry;
    uint64_t virt_offset;       /* VIRT_BASE - PADDR_OFFSET, modulo 2^64 */
    uint64_t vstart, vend;      /* lowest load address; one past the highest */
    uint64_t pstart, pend;      /* the same in p_paddr terms */
    unsigned int nr_segments;   /* >= 1; sorted by vaddr, none overlapping */
    struct elf_segment seg[ELF_MAX_SEGMENTS];
    bool notes_from_sections;   /* no Xen note in PT_NOTE: taken from SHT_NOTE */
    struct elf_xen_notes xen;
};

/*
 * Validates img[0 .. len) as an ELF64 little-endian x86-64 executable
 * (ET_EXEC) and fills *out:
 *  - header: magic, class, data, version, type, machine, header sizes;
 *  - program headers inside the file, e_phnum * e_phentsize without
 *    overflow;
 *  - PT_LOAD: p_filesz <= p_memsz, file bytes inside the file, no address
 *    arithmetic that wraps, p_align 0 or a power of two with p_vaddr and
 *    p_offset congruent modulo it, at most ELF_MAX_SEGMENTS, no two
 *    overlapping once placed; at least one;
 *  - the Xen notes of the PT_NOTE segments, or if they have none of the
 *    SHT_NOTE sections: every note inside its segment or section, at most
 *    ELF_MAX_NOTES in all, numeric notes 4 or 8 bytes;
 *  - PADDR_OFFSET only with VIRT_BASE; VIRT_BASE at or below the lowest
 *    load address; the entry point (see struct elf_image) inside a
 *    segment; HYPERCALL_PAGE inside the image; PHYS32_ENTRY inside a
 *    segment's physical range.
 * Returns 0; -ENOEXEC if img is not an ELF64 x86-64 executable; -E2BIG for
 * more segments or notes than supported; -EINVAL if it is malformed. The
 * message (err, err_len as for snprintf) says what and where.
 *
 * An image without Xen notes parses (out->xen.present is 0, segments at
 * p_paddr): whether the builder can start it is the builder's decision.
 */
int elf_parse(const uint8_t *img, size_t len, struct elf_image *out,
              char *err, size_t err_len);

/*
 * Hands out the contents of e's segments, parsed from the same img, by
 * load address: copy() for each segment's file bytes, then zero() for the
 * rest up to its size (skipped when empty). Every range lies inside
 * [e->vstart, e->vend); the builder must have checked that range fits
 * the guest, and maps guest memory itself.
 */
void elf_load(const struct elf_image *e, const uint8_t *img,
              void (*copy)(void *ctx, uint64_t vaddr, const void *src, size_t len),
              void (*zero)(void *ctx, uint64_t vaddr, size_t len),
              void *ctx);

/*
 * Collects the Xen notes of one note area, img[off .. off + size), whose
 * notes are padded to align (4 or 8) bytes, into *n. *budget is the number
 * of notes that may still be read; it is decreased by those read. Returns
 * the number of Xen notes found, or a negative errno as elf_parse.
 * (elf_parse uses it; exported for tools that read notes alone.)
 */
int elf_notes_parse(const uint8_t *img, size_t len, uint64_t off,
                    uint64_t size, uint64_t align, struct elf_xen_notes *n,
                    unsigned int *budget, char *err, size_t err_len);

/* The XENFEAT bits a kernel asks for. */
struct elf_xen_features {
    uint32_t supported; /* it can use them: named in FEATURES, or set in SUPPORTED_FEATURES */
    uint32_t required;  /* it cannot run without them: named with '!' */
};

/*
 * Reads n's FEATURES note, names (XENFEAT_* without the prefix: see
 * public/features.h) separated by '|', '!' before a required one, plus
 * its SUPPORTED_FEATURES bitmap, into *f; then checks the host offers
 * every required feature. Empty names are skipped, and so are unknown
 * names not marked required (a newer kernel may know newer features).
 * Returns 0; -EINVAL for an unknown required name or a bare '!';
 * -EOPNOTSUPP if a required feature is not in offered (a XENFEAT
 * bitmap). The builder also decides what else it needs, e.g. that a dom0
 * kernel with SUPPORTED_FEATURES has XENFEAT_dom0 there, as Xen does.
 */
int elf_xen_features_ok(const struct elf_xen_notes *n, uint32_t offered,
                        struct elf_xen_features *f, char *err, size_t err_len);

#endif
