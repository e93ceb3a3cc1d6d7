/*
 * Page-table validation for x86_64 PV guests (see pt_validate.h for the
 * invariants). The rules, and the error each breach gets, are Xen's
 * (xen/arch/x86/mm.c, pv/mm.h), for a 64-bit PV domain:
 *
 * Flags of a present entry (Xen's base_disallow_mask: a guest may set
 * only P, RW, US, A, D, the available bits 9-11 and 52-62, and NX when
 * the CPU has it):
 *   L1     also GLOBAL (Xen's L1_DISALLOW_MASK lets it through) and bit 62
 *          (Xen keeps it as _PAGE_GNTTAB only in debug builds; release
 *          builds such as Debian's, the reference, accept it); PAT/PCD/PWT
 *          only for a domain with I/O access
 *          (l1_disallow_mask: cache_flush_permitted). Else -EINVAL.
 *   L2-L4  never PWT, PCD, PSE (no superpages, and reserved in an L4),
 *          GLOBAL. Else -EINVAL.
 * What an L1 entry may point to (get_page_from_l1e):
 *   - a frame of the domain (the general reference is taken; RW also
 *     takes a PGT_WRITABLE type reference). Another owner, a free frame,
 *     or a frame in use as a page table or descriptor page when RW: -EBUSY.
 *   - an I/O frame (outside the frame table, or reserved and owned by
 *     DOMID_IO or nobody): only for a privileged domain (and as
 *     iomem_permitted says), with no reference, its cache type forced to
 *     UC unless it asks for UC, UC- or WC (Xen's default, mmio-relax=0).
 *     Else -EPERM (-EINVAL for the all-ones "invalid" MFN).
 *   - a frame of Keel's (DOMID_XEN): only for a privileged domain and as
 *     xen_frame_mappable says (Xen: foreigndom DOMID_XEN and frames shared
 *     with privileged guests, the RO M2P read-only); else -EBUSY. Not with
 *     cache attributes other than WB: -EACCES (Xen's is_special_page).
 * What an L2/L3/L4 entry may point to (get_page_from_l2e/l3e/l4e): a frame
 * of the domain, which must take a type reference of the level below,
 * validating it if first. Another owner, outside the frame table, in use
 * as another type (including linear and recursive entries, and cycles,
 * which always meet a frame of another level): -EINVAL. Errors from
 * validating the lower table pass through (e.g. -EBUSY from one of its L1
 * entries). The only linear entry accepted is Xen's self case, with
 * self_linear: read-only, pointing at its own table, holding nothing.
 *
 * Adjustments written with a present entry (adjust_guest_lNe): the guest
 * kernel runs in ring 3, so USER is set at every level, and an L1 entry
 * without USER also gets _PAGE_GUEST_KERNEL (bit 52); ACCESSED is set in
 * L4 entries. One deliberate difference: Xen sets GLOBAL on guest user
 * mappings and lets the guest set it, relying on flushing global TLB
 * entries whenever it loads a guest's CR3; Keel's context switch does not
 * (a plain CR3 write with CR4.PGE on), so Keel clears GLOBAL instead:
 * otherwise one guest's or process's mappings would outlive a switch.
 *
 * Updates (mod_lN_entry): an entry whose address and non-whitelisted
 * flags are unchanged is written without touching references (Xen's fast
 * path: NX, available bits, GLOBAL, D, A, USER, and RW above L1 when no
 * linear entries are allowed); otherwise the new references are taken
 * before the write and the old entry's dropped after it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keel/errno.h>
#include <keel/mm.h>
#include "pt_validate.h"

/* Flags every level lets a guest set (Xen's base flags, NX aside). */
#define BASE_ALLOWED (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | \
                      PTE_DIRTY | PTE_AVAIL | PTE_AVAIL_HIGH)
/* Flags an update may change without revalidation (Xen's
 * FASTPATH_FLAG_WHITELIST). */
#define FASTPATH_FLAGS (PTE_NX | PTE_AVAIL_HIGH | PTE_AVAIL | PTE_GLOBAL | \
                        PTE_DIRTY | PTE_ACCESSED | PTE_USER)
/* The MFN field all ones: what Xen's check calls INVALID_MFN. */
#define MFN_ALL_ONES (PTE_MFN_MASK >> 12)

/* Memory types (PAT encodings) an I/O mapping may keep. */
#define MT_UC  0
#define MT_WC  1
#define MT_UCM 7

static uint64_t pte_mfn(uint64_t e)
{
    return (e & PTE_MFN_MASK) >> 12;
}

static bool present(uint64_t e)
{
    return e & PTE_PRESENT;
}

static bool ctx_ok(const struct pt_ctx *c)
{
    return c && c->ft && c->map && c->domid < DOMID_FIRST_RESERVED;
}

static bool is_hole_slot(unsigned int i)
{
    return i >= PT_L4_HOLE_FIRST && i <= PT_L4_HOLE_LAST;
}

/* Slots the guest controls; the rest (an L4's hole) are Keel's. */
static bool is_guest_slot(unsigned int level, unsigned int i)
{
    return level != 4 || !is_hole_slot(i);
}

/* Flags a present entry of `level` must not have (Xen's lN_disallow). */
static uint64_t disallowed(const struct pt_ctx *c, unsigned int level)
{
    uint64_t allowed = BASE_ALLOWED | PTE_MFN_MASK;
    uint64_t mask;

    if (!c->nx_reserved)
        allowed |= PTE_NX;
    mask = ~allowed;
    if (level == 1) {
        mask &= ~PTE_GLOBAL;
        if (c->privileged)
            mask &= ~PTE_CACHE_ATTRS;
    }
    return mask;
}

/* Fast-path flags for `level` (RW too above L1 when there can be no
 * linear entries, whose read-only-ness would have to be rechecked). */
static uint64_t fastpath_flags(const struct pt_ctx *c, unsigned int level)
{
    if (level > 1 && !c->self_linear)
        return FASTPATH_FLAGS | PTE_RW;
    return FASTPATH_FLAGS;
}

/* Whether a non-present entry could leak host memory through L1TF. */
static bool l1tf_unsafe(const struct pt_ctx *c, unsigned int level,
                        uint64_t e)
{
    uint64_t maddr = e & c->l1tf_addr_mask;

    if (!c->l1tf_addr_mask)
        return false;
    if (level > 1 && (e & PTE_PSE))
        return true;
    return maddr != 0 && maddr < c->l1tf_safe_maddr;
}

/* Not RAM: no frame-table entry, or reserved and owned by nobody or I/O. */
static bool is_io_frame(const struct pt_ctx *c, uint64_t mfn)
{
    const struct page_info *pg = mfn_to_page(c->ft, mfn);

    if (!pg)
        return true;
    return (pg->flags & PGF_RESERVED) &&
           (pg->owner == DOMID_IO || pg->owner == DOMID_INVALID);
}

static bool io_permitted(const struct pt_ctx *c, uint64_t mfn)
{
    if (!c->privileged)
        return false;
    return !c->iomem_permitted || c->iomem_permitted(c->arg, mfn);
}

/* The memory type an L1 entry selects, under Xen's PAT. */
static unsigned int l1_mem_type(uint64_t e)
{
    unsigned int index = (unsigned int)(((e & PTE_PAT) ? 4 : 0) |
                                        ((e & PTE_PCD) ? 2 : 0) |
                                        ((e & PTE_PWT) ? 1 : 0));

    return (unsigned int)(PT_XEN_MSR_PAT >> (8 * index)) & 0xff;
}

/* The L1 entry as written: ring-3 guest kernel, no GLOBAL (see above),
 * I/O never cacheable. */
static uint64_t adjust_l1(const struct pt_ctx *c, uint64_t e)
{
    unsigned int mt;

    if (!(e & PTE_USER))
        e |= PTE_USER | PTE_GUEST_KERNEL;
    e &= ~PTE_GLOBAL;
    if (is_io_frame(c, pte_mfn(e))) {
        mt = l1_mem_type(e);
        if (mt != MT_UC && mt != MT_UCM && mt != MT_WC)
            e = (e & ~PTE_CACHE_ATTRS) | PTE_PCD | PTE_PWT;
    }
    return e;
}

/* A present entry as written (Xen's adjust_guest_lNe). */
static uint64_t adjust(const struct pt_ctx *c, unsigned int level, uint64_t e)
{
    switch (level) {
    case 1:
        return adjust_l1(c, e);
    case 4:
        return e | PTE_USER | PTE_ACCESSED;
    default:
        return e | PTE_USER;
    }
}

/* Write one entry; with preserve_ad, keep the A/D bits the CPU may be
 * setting in it at this very moment. */
static void write_entry(uint64_t *slot, uint64_t val, bool preserve_ad)
{
    uint64_t cur;

    if (!preserve_ad) {
        __atomic_store_n(slot, val, __ATOMIC_RELAXED);
        return;
    }
    cur = __atomic_load_n(slot, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(slot, &cur,
                                        val | (cur & (PTE_ACCESSED | PTE_DIRTY)),
                                        false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
        ;
}

static int get_table(const struct pt_ctx *c, uint64_t mfn, unsigned int level);
static void put_table(const struct pt_ctx *c, uint64_t mfn);

/* An L1 entry to a frame of Keel's: privileged, allowed, WB only. */
static int get_xen_frame(const struct pt_ctx *c, struct page_info *pg,
                         uint64_t mfn, uint64_t e)
{
    bool rw = e & PTE_RW;

    if (!c->privileged || !c->xen_frame_mappable ||
        !c->xen_frame_mappable(c->arg, mfn, rw))
        return -EBUSY;
    if (e & PTE_CACHE_ATTRS)
        return -EACCES;
    if (!get_page(pg, DOMID_XEN))
        return -EBUSY;
    if (rw && get_page_type(pg, PGT_WRITABLE) < 0) {
        put_page(pg);
        return -EBUSY;
    }
    return 0;
}

/* References for a present L1 entry (Xen's get_page_from_l1e). */
static int get_l1e(const struct pt_ctx *c, uint64_t e)
{
    uint64_t mfn = pte_mfn(e);
    struct page_info *pg;

    if (e & disallowed(c, 1))
        return -EINVAL;
    if (is_io_frame(c, mfn)) {
        if (io_permitted(c, mfn))
            return 0;
        return mfn == MFN_ALL_ONES ? -EINVAL : -EPERM;
    }
    pg = mfn_to_page(c->ft, mfn);
    if (pg->owner == DOMID_XEN)
        return get_xen_frame(c, pg, mfn, e);
    if (!get_page(pg, c->domid))
        return -EBUSY;
    if ((e & PTE_RW) && get_page_type(pg, PGT_WRITABLE) < 0) {
        put_page(pg);
        return -EBUSY;
    }
    return 0;
}

static void put_l1e(const struct pt_ctx *c, uint64_t e)
{
    uint64_t mfn = pte_mfn(e);
    struct page_info *pg;

    if (is_io_frame(c, mfn))
        return;
    pg = mfn_to_page(c->ft, mfn);
    if (e & PTE_RW)
        put_page_type(pg);
    if (put_page(pg) == 1 && c->unreferenced)
        c->unreferenced(c->arg, mfn);
}

/* References for a present L2-L4 entry of table `table_mfn`. */
static int get_upper(const struct pt_ctx *c, uint64_t table_mfn,
                     unsigned int level, uint64_t e)
{
    uint64_t mfn = pte_mfn(e);

    if (e & disallowed(c, level))
        return -EINVAL;
    if (mfn == table_mfn)
        return c->self_linear && !(e & PTE_RW) ? 0 : -EINVAL;
    return get_table(c, mfn, level - 1);
}

/* References for any entry in a guest slot of a `level` table. */
static int get_entry(const struct pt_ctx *c, uint64_t table_mfn,
                     unsigned int level, uint64_t e)
{
    if (!present(e))
        return l1tf_unsafe(c, level, e) ? -EINVAL : 0;
    if (level == 1)
        return get_l1e(c, e);
    return get_upper(c, table_mfn, level, e);
}

static void put_entry(const struct pt_ctx *c, uint64_t table_mfn,
                      unsigned int level, uint64_t e)
{
    if (!present(e))
        return;
    if (level == 1)
        put_l1e(c, e);
    else if (pte_mfn(e) != table_mfn)
        put_table(c, pte_mfn(e));
}

/* Release what slots [0, end) of a `level` table hold. */
static void release_entries(const struct pt_ctx *c, uint64_t mfn,
                            unsigned int level, unsigned int end)
{
    const uint64_t *t = c->map(c->arg, mfn);

    for (unsigned int i = 0; i < end; i++) {
        if (is_guest_slot(level, i))
            put_entry(c, mfn, level, t[i]);
    }
}

/* After every entry passed: write the adjusted entries and Keel's slots. */
static void finish_table(const struct pt_ctx *c, uint64_t mfn,
                         unsigned int level)
{
    uint64_t *t = c->map(c->arg, mfn);

    for (unsigned int i = 0; i < PT_NR_ENTRIES; i++) {
        if (!is_guest_slot(level, i))
            t[i] = c->keel_l4 ? c->keel_l4[i] : 0;
        else if (present(t[i]))
            t[i] = adjust(c, level, t[i]);
    }
}

/* Check every guest slot and take its references; all or nothing. */
static int validate(const struct pt_ctx *c, uint64_t mfn, unsigned int level)
{
    const uint64_t *t = c->map(c->arg, mfn);
    int rc;

    for (unsigned int i = 0; i < PT_NR_ENTRIES; i++) {
        if (!is_guest_slot(level, i))
            continue;
        rc = get_entry(c, mfn, level, t[i]);
        if (rc) {
            release_entries(c, mfn, level, i);
            return rc;
        }
    }
    finish_table(c, mfn, level);
    return 0;
}

/*
 * A general and a type reference on a frame of the domain as a `level`
 * table, validating it on the first. Another owner or type: -EINVAL, as
 * Xen's get_page_and_type_from_mfn.
 */
static int get_table(const struct pt_ctx *c, uint64_t mfn, unsigned int level)
{
    struct page_info *pg = mfn_to_page(c->ft, mfn);
    int rc;

    if (!pg || !get_page(pg, c->domid))
        return -EINVAL;
    rc = get_page_type(pg, (uint8_t)level);
    if (rc < 0) {
        put_page(pg);
        return -EINVAL;
    }
    if (rc == 0)
        return 0;
    if (c->pre_validate)
        c->pre_validate(c->arg, mfn, level);
    rc = validate(c, mfn, level);
    if (rc) {
        put_page_type(pg);
        put_page(pg);
    }
    return rc;
}

/* Drop what get_table took, devalidating on the last type reference. */
static void put_table(const struct pt_ctx *c, uint64_t mfn)
{
    struct page_info *pg = mfn_to_page(c->ft, mfn);
    unsigned int level = pg->type;

    if (put_page_type(pg) == 1)
        release_entries(c, mfn, level, PT_NR_ENTRIES);
    put_page(pg);
}

static bool level_ok(unsigned int level)
{
    return level >= 1 && level <= 4;
}

/* The domain's frame, validated as a `level` table; NULL otherwise. */
static struct page_info *domain_table(const struct pt_ctx *c, uint64_t mfn,
                                      unsigned int level)
{
    struct page_info *pg = mfn_to_page(c->ft, mfn);

    if (!pg || pg->owner != c->domid || pg->type != level ||
        pg->type_count == 0)
        return NULL;
    return pg;
}

int pt_get_type(const struct pt_ctx *c, uint64_t mfn, unsigned int level)
{
    if (!ctx_ok(c) || !level_ok(level))
        return -EINVAL;
    return get_table(c, mfn, level);
}

int pt_put_type(const struct pt_ctx *c, uint64_t mfn, unsigned int level)
{
    struct page_info *pg;

    if (!ctx_ok(c) || !level_ok(level))
        return -EINVAL;
    pg = domain_table(c, mfn, level);
    if (!pg || ((pg->flags & PGF_PINNED) && pg->type_count == 1))
        return -EINVAL;
    put_table(c, mfn);
    return 0;
}

/* A validated table's slot: check, adjust, take, write, release. */
static int mod_entry(const struct pt_ctx *c, uint64_t table_mfn,
                     unsigned int level, unsigned int index, uint64_t new_e,
                     bool preserve_ad)
{
    uint64_t *t = c->map(c->arg, table_mfn);
    uint64_t old_e = t[index];
    uint64_t val = new_e;   /* what is written: adjusted if present */
    int rc;

    if (!is_guest_slot(level, index))
        return -EINVAL;
    if (present(new_e)) {
        if (new_e & disallowed(c, level))
            return -EINVAL;
        val = adjust(c, level, new_e);
        if (present(old_e) && !((old_e ^ val) & ~fastpath_flags(c, level))) {
            write_entry(&t[index], val, preserve_ad);
            return 0;
        }
    }
    /* Checked as the guest wrote it: the adjustments (an I/O frame made
     * UC) are Keel's, not the guest's choice. */
    rc = get_entry(c, table_mfn, level, new_e);
    if (rc)
        return rc;
    write_entry(&t[index], val, preserve_ad);
    put_entry(c, table_mfn, level, old_e);
    return 0;
}

int pt_update_entry(const struct pt_ctx *c, uint64_t table_mfn,
                    unsigned int index, uint64_t new_entry, bool preserve_ad)
{
    struct page_info *pg;

    if (!ctx_ok(c) || index >= PT_NR_ENTRIES)
        return -EINVAL;
    pg = mfn_to_page(c->ft, table_mfn);
    if (!pg || pg->owner != c->domid)
        return -EINVAL;
    switch (pg->type) {
    case PGT_NONE:
    case PGT_WRITABLE:
        write_entry(&c->map(c->arg, table_mfn)[index], new_entry, false);
        return 0;
    case PGT_L1:
    case PGT_L2:
    case PGT_L3:
    case PGT_L4:
        return mod_entry(c, table_mfn, pg->type, index, new_entry,
                         preserve_ad);
    default:
        return -EINVAL;
    }
}

int pt_pin(const struct pt_ctx *c, uint64_t mfn, unsigned int level)
{
    struct page_info *pg;
    int rc;

    if (!ctx_ok(c) || !level_ok(level))
        return -EINVAL;
    pg = mfn_to_page(c->ft, mfn);
    if (!pg || pg->owner != c->domid || (pg->flags & PGF_PINNED))
        return -EINVAL;
    rc = get_table(c, mfn, level);
    if (rc)
        return rc;
    pg->flags |= PGF_PINNED;
    return 0;
}

int pt_unpin(const struct pt_ctx *c, uint64_t mfn)
{
    struct page_info *pg;

    if (!ctx_ok(c))
        return -EINVAL;
    pg = mfn_to_page(c->ft, mfn);
    if (!pg || pg->owner != c->domid || !(pg->flags & PGF_PINNED))
        return -EINVAL;
    pg->flags &= (uint16_t)~PGF_PINNED;
    put_table(c, mfn);
    return 0;
}

uint64_t pt_unpin_all(const struct pt_ctx *c)
{
    uint64_t n = 0;

    if (!ctx_ok(c))
        return 0;
    for (uint64_t mfn = 0; mfn < c->ft->nr_frames; mfn++) {
        const struct page_info *pg = &c->ft->frames[mfn];

        if (pg->owner == c->domid && (pg->flags & PGF_PINNED) && !pt_unpin(c, mfn))
            n++;
    }
    return n;
}

/* A guest slot of the domain's validated L1: its entry, or NULL. */
static uint64_t *l1_slot(const struct pt_ctx *c, struct pt_slot s)
{
    if (!ctx_ok(c) || s.index >= PT_NR_ENTRIES || !domain_table(c, s.l1_mfn, 1))
        return NULL;
    return &c->map(c->arg, s.l1_mfn)[s.index];
}

int pt_grant_map(const struct pt_ctx *c, struct pt_slot at, uint64_t e)
{
    uint64_t *slot = l1_slot(c, at), old;

    if (!slot || !present(e))
        return -EINVAL;
    old = *slot;
    write_entry(slot, adjust_l1(c, e), false);
    put_entry(c, at.l1_mfn, 1, old);
    return 0;
}

int pt_grant_unmap(const struct pt_ctx *c, struct pt_slot at, uint64_t mfn,
                   bool rw, const struct pt_slot *from)
{
    uint64_t *slot = l1_slot(c, at), *src = from ? l1_slot(c, *from) : NULL;
    uint64_t e = slot ? *slot : 0;

    if (!slot || (from && (!src || src == slot)))
        return -EINVAL;
    if (!present(e) || pte_mfn(e) != mfn || !(e & PTE_RW) != !rw)
        return -EINVAL;
    write_entry(slot, src ? *src : 0, false);
    if (src)
        write_entry(src, 0, false);
    return 0;
}

/* Canonical, and outside Keel's hole (Xen's __addr_ok). */
static bool guest_va_ok(uint64_t va)
{
    return va < (1ull << 47) || va >= 0xffff880000000000ull;
}

int pt_walk(const struct pt_ctx *c, uint64_t l4_mfn, uint64_t va,
            uint64_t *l1_mfn, unsigned int *index)
{
    uint64_t mfn = l4_mfn;
    uint64_t e;

    if (!ctx_ok(c) || !guest_va_ok(va))
        return -EINVAL;
    for (unsigned int level = 4; level > 1; level--) {
        if (!domain_table(c, mfn, level))
            return -EINVAL;
        e = c->map(c->arg, mfn)[(va >> (12 + 9 * (level - 1))) & 511];
        if (!present(e))
            return -EINVAL;
        mfn = pte_mfn(e);
    }
    if (!domain_table(c, mfn, 1))
        return -EINVAL;
    *l1_mfn = mfn;
    *index = (unsigned int)((va >> 12) & 511);
    return 0;
}
