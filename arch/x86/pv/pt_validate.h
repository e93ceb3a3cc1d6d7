/*
 * The validation core of the PV MMU: page-table types for x86_64 PV
 * guests, with the rules Xen's arch/x86/mm.c enforces (get_page_from_lNe,
 * promote/demote_lN_table, mod_lN_entry, MMUEXT_PIN/UNPIN). Pure logic
 * over the frame table (include/keel/mm.h): no hardware access, so the
 * host unit tests run it as is (tests/unit/test_pt_validate.c).
 *
 * What a validated frame guarantees. A frame of type PGT_L1..PGT_L4 with
 * type_count > 0 is a validated page table of that level; for it:
 *   - every present entry in a guest slot obeys the rules of its level
 *     (below), as adjusted (USER set, ...), and holds exactly one
 *     reference of the right kind:
 *       L1, to a RAM frame:     one general reference, plus one
 *                               PGT_WRITABLE type reference if RW;
 *       L1, to an I/O frame:    none (I/O frames are not reference-counted);
 *       L2-L4:                  one general and one type reference of the
 *                               level below on the frame it points to;
 *       L2-L4, to its own table (read-only "self" linear entry, only with
 *                               pt_ctx.self_linear): none.
 *   - non-present entries hold nothing (and are otherwise free-form).
 *   - an L4's slots 256-271 (Keel's hole) hold Keel's entries, copied from
 *     keel_l4 at validation and never changed by the guest; they hold no
 *     references.
 * Hence, for every frame, at every moment between calls:
 *   type_count = entries of validated tables that point to it with a type
 *                reference + its pin (PGF_PINNED) + references callers
 *                took with pt_get_type (CR3s, ...);
 *   count      = type_count + read-only L1 mappings of it + other users'
 *                general references (grants, ...).
 * A frame has one type at a time (frame table rule), so no frame is both
 * a page table (or descriptor page) and mapped writable: the guest can
 * change a page table only through pt_update_entry. Levels strictly
 * decrease along references (self entries hold none), so there are no
 * reference cycles: dropping every pin and caller reference brings every
 * count back to 0.
 *
 * Entries of a frame that is not a validated page table mean nothing to
 * Keel; they are checked when the frame becomes one.
 *
 * A refused call changes no count and no flag, and does not write the
 * table it was asked to update or validate (a table's adjusted entries
 * and Keel's L4 slots are written only once all its entries have passed).
 * One exception, as in Xen: lower tables that validated completely before
 * a later entry failed keep the adjustments their validation wrote (USER
 * and GUEST_KERNEL added, GLOBAL cleared, I/O made UC): idempotent, and
 * what any later validation writes anyway. Errors follow Xen's (see
 * pt_validate.c for each).
 *
 * Callers serialise: one call at a time per domain (Xen holds the page
 * lock; a domain's MMU lock here), and frames' ownership must not change
 * during a call. Every frame a call touches belongs to c->domid except
 * I/O frames and Keel frames the hooks allow.
 */
#ifndef ARCH_X86_PV_PT_VALIDATE_H
#define ARCH_X86_PV_PT_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>
#include <keel/mm.h>

/* Entry bits, x86_64 (as Xen names them: _PAGE_*). */
#define PTE_PRESENT      (1ull << 0)
#define PTE_RW           (1ull << 1)
#define PTE_USER         (1ull << 2)
#define PTE_PWT          (1ull << 3)
#define PTE_PCD          (1ull << 4)
#define PTE_ACCESSED     (1ull << 5)
#define PTE_DIRTY        (1ull << 6)
#define PTE_PSE          (1ull << 7)   /* L2/L3: superpage; L4: reserved */
#define PTE_PAT          (1ull << 7)   /* L1: PAT index bit 2 */
#define PTE_GLOBAL       (1ull << 8)
#define PTE_AVAIL        (7ull << 9)   /* bits 9-11, the guest's own */
#define PTE_GUEST_KERNEL (1ull << 52)  /* Xen's mark: a guest-kernel L1 mapping */
#define PTE_AVAIL_HIGH   (0x7ffull << 52) /* bits 52-62, the guest's own... */
#define PTE_GNTTAB       (1ull << 62)  /* ...but Xen keeps bit 62 of L1s for grants */
#define PTE_NX           (1ull << 63)
#define PTE_MFN_MASK     0x000ffffffffff000ull /* bits 12-51 */
#define PTE_CACHE_ATTRS  (PTE_PAT | PTE_PCD | PTE_PWT)

#define PT_NR_ENTRIES    512
/* L4 slots of Keel's hole, 0xffff800000000000-0xffff87ffffffffff (Xen's
 * ROOT_PAGETABLE_FIRST/LAST_XEN_SLOT). */
#define PT_L4_HOLE_FIRST 256
#define PT_L4_HOLE_LAST  271

/*
 * The PAT PV guests assume (Xen's XEN_MSR_PAT, an ABI): index 0 WB, 1 WT,
 * 2 UC-, 3 UC, 4 WC, 5 WP, 6 UC, 7 UC. The cache type an entry asks for
 * is judged with it; Keel must load it into IA32_PAT before running PV
 * guests.
 */
#define PT_XEN_MSR_PAT   0x0000050100070406ull

/* What one call works on: the domain whose tables these are, and how to
 * reach frames. Fields after `keel_l4` are optional (zero: off). */
struct pt_ctx {
    struct frame_table *ft;
    uint16_t domid;     /* a real domain, below DOMID_FIRST_RESERVED */
    bool privileged;    /* may map I/O frames (dom0; Xen: iomem caps,
                           which also let it choose cache attributes) */
    /* The frame's 512 entries, readable and writable; never NULL, and
     * valid until the call returns (Keel: the direct map). */
    uint64_t *(*map)(void *arg, uint64_t mfn);
    void *arg;
    /* A whole L4 (512 entries, e.g. Keel's own root) whose slots 256-271
     * are copied into every L4 validated; NULL clears those slots. */
    const uint64_t *keel_l4;

    /* Accept read-only L2-L4 entries that point at their own table (Xen's
     * linear page tables, self case only: NetBSD's recursive PDIR_SLOT_PTE
     * is one). false: every linear/recursive entry is refused (-EINVAL).
     * Entries pointing at another table of the same level are refused
     * either way. */
    bool self_linear;
    /* The CPU has no NX: bit 63 is reserved, so refused like Xen does. */
    bool nx_reserved;
    /* For a privileged domain, whether it may map this I/O frame; NULL:
     * every I/O frame. Keel's own MMIO (LAPIC, IOAPIC, HPET, IOMMU) must
     * be refused here, as Xen removes them from dom0's iomem caps. */
    bool (*iomem_permitted)(void *arg, uint64_t mfn);
    /* For a privileged domain, whether it may map this frame of Keel's
     * (owner DOMID_XEN), writable or not; NULL: none. The read-only M2P
     * frames are what Xen shares so (read-only). */
    bool (*xen_frame_mappable)(void *arg, uint64_t mfn, bool writable);
    /* Called just before a frame's contents are validated as a page table
     * (its type reference 0 -> 1). No CPU may still hold a writable TLB
     * entry for it from a mapping since removed: Xen flushes the domain's
     * CPUs here (filtered by the time of the frame's last writable use);
     * the caller must do the same, or guarantee it otherwise. */
    void (*pre_validate)(void *arg, uint64_t mfn, unsigned int level);
    /* L1TF (Xen's pv-l1tf): when l1tf_addr_mask is non-zero, a non-present
     * entry whose address bits (& mask) are non-zero and below
     * l1tf_safe_maddr, or (L2-L4) with PSE, is refused (-EINVAL; Xen would
     * shadow or crash the domain). */
    uint64_t l1tf_addr_mask;
    uint64_t l1tf_safe_maddr;
    /* Called when an L1 entry going away dropped the last general
     * reference to a frame: if its owner is dying, the frame is now
     * garbage for the caller to free (Keel: frame_unreferenced). */
    void (*unreferenced)(void *arg, uint64_t mfn);
};

/*
 * Take a type reference on `mfn` as a page table of `level` (1-4), with
 * the general reference that backs it, validating the frame (recursively
 * taking references on what its entries point to) if this is its first.
 * For MMUEXT_NEW_BASEPTR and the like. Returns 0, or, having taken
 * nothing: -EINVAL (bad level, not the domain's frame, in use as another
 * type, a bad entry, ...), -EBUSY / -EPERM / -EACCES from an L1 entry
 * (see pt_validate.c).
 */
int pt_get_type(const struct pt_ctx *c, uint64_t mfn, unsigned int level);

/*
 * Drop a reference pt_get_type took; on the last, devalidate the frame
 * (release what its entries hold). Returns 0, or -EINVAL, changing
 * nothing, if the frame is not the domain's page table of that level, or
 * its only type reference is its pin.
 */
int pt_put_type(const struct pt_ctx *c, uint64_t mfn, unsigned int level);

/*
 * MMU_NORMAL_PT_UPDATE (preserve_ad: MMU_PT_UPDATE_PRESERVE_AD, which
 * keeps the entry's current Accessed and Dirty bits): write `new_entry`
 * into slot `index` of frame `table_mfn`.
 *   - the frame must be the domain's (-EINVAL);
 *   - a validated page table: the entry is checked for its level,
 *     adjusted, its references taken, written, then the old entry's
 *     released (possibly devalidating a lower table). L4 slots 256-271
 *     refuse any change (-EINVAL);
 *   - PGT_NONE or PGT_WRITABLE: a plain write of guest memory, as Xen
 *     does (checked when the frame becomes a page table);
 *   - any other type (descriptor page): -EINVAL.
 * Returns 0 or a negative errno, having changed nothing.
 */
int pt_update_entry(const struct pt_ctx *c, uint64_t table_mfn,
                    unsigned int index, uint64_t new_entry, bool preserve_ad);

/*
 * MMUEXT_PIN_Ln_TABLE: take a type reference (validating if first) and
 * keep it with the frame (PGF_PINNED). -EINVAL if already pinned, or as
 * pt_get_type.
 */
int pt_pin(const struct pt_ctx *c, uint64_t mfn, unsigned int level);

/*
 * MMUEXT_UNPIN_TABLE: drop the pin's reference (devalidating on the
 * last). -EINVAL if the frame is not the domain's or not pinned.
 */
int pt_unpin(const struct pt_ctx *c, uint64_t mfn);

/*
 * The domain is dying: unpin every table it pinned. Once the caller has
 * also dropped its own references (CR3s, with pt_put_type), every page
 * table of the domain is devalidated and every reference its tables held
 * is gone (the invariant's "no cycles"), foreign grant frames included.
 * Returns how many tables were unpinned.
 */
uint64_t pt_unpin_all(const struct pt_ctx *c);

/*
 * For update_va_mapping: the L1 table and slot that map `va` under the
 * validated L4 `l4_mfn`. Returns 0, or -EINVAL (as Xen's
 * update_va_mapping) if va is non-canonical or in Keel's hole, the L4 is
 * not the domain's validated L4, or a level on the way is not present
 * or not a validated table of the level below.
 */
int pt_walk(const struct pt_ctx *c, uint64_t l4_mfn, uint64_t va,
            uint64_t *l1_mfn, unsigned int *index);

/* One slot of an L1 table. */
struct pt_slot {
    uint64_t l1_mfn;
    unsigned int index;
};

/*
 * A grant mapping's entry (GNTTABOP_map_grant_ref): write `e`, present
 * and adjusted as any guest L1 entry, into `at`, which must be a guest
 * slot of the domain's validated L1 (-EINVAL otherwise). The frame it
 * maps is another domain's, granted: its references were taken by the
 * grant code and from now on belong to the entry, dropped like any other
 * L1 entry's when it goes. The entry it replaces is released.
 */
int pt_grant_map(const struct pt_ctx *c, struct pt_slot at, uint64_t e);

/*
 * Undo pt_grant_map (GNTTABOP_unmap_grant_ref): the entry at `at` must be
 * present and map `mfn`, writable exactly if rw (-EINVAL otherwise, and
 * nothing changes). It is cleared, or, with `from`, replaced by the entry
 * at `from` (which is cleared: the entry moves, references and all). The
 * removed entry's references are the caller's to drop.
 */
int pt_grant_unmap(const struct pt_ctx *c, struct pt_slot at, uint64_t mfn,
                   bool rw, const struct pt_slot *from);

#endif
