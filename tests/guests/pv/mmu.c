/*
 * The PV MMU from the guest's side: the guest finds its own page tables
 * from start_info, then changes them through the three hypercalls a PV
 * kernel has for it (update_va_mapping, mmu_update, mmuext_op), and is
 * refused what Xen 4.17 refuses, with Xen's error numbers.
 *
 * Included by main.c (it shares print() and check()); time.c and fuzz.c,
 * included after it, use its map of the guest (struct guest_mm).
 *
 * The initial mapping, as Xen's dom0 builder lays it out
 * (xen/arch/x86/pv/dom0_build.c): from the kernel's virtual base, the
 * kernel, the P2M (pfn -> mfn array), start_info, the page tables
 * (nr_pt_frames of them, from pt_base), one boot-stack page, then padding
 * up to a 4 MiB boundary at least 512 KiB past that stack. pfn n is mapped
 * at KERNEL_BASE + n * 4096, and the page-table frames are mapped
 * read-only: the guest reads its tables directly and writes them only by
 * hypercall.
 */
#include <public/errno.h>

#define KERNEL_BASE 0xffffffff80000000ul /* VIRT_BASE in head.S */
#define PAGE_BYTES 4096ul

/* The virtual address of the guest frame at `mfn` (found in the P2M
 * list), or NULL if the guest does not own it. */
static const uint64_t *frame_va(const start_info_t *si, uint64_t mfn)
{
    const unsigned long *p2m = (const unsigned long *)si->mfn_list;

    for (unsigned long pfn = 0; pfn < si->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return (const uint64_t *)(KERNEL_BASE + pfn * PAGE_BYTES);
    return 0;
}

/* Page-table entry bits (x86_64; Xen's names in comments). */
#define PG_PRESENT  0x001ull
#define PG_RW       0x002ull
#define PG_USER     0x004ull
#define PG_ACCESSED 0x020ull
#define PG_DIRTY    0x040ull
#define PG_FRAME    0x000ffffffffff000ull
/*
 * _PAGE_GUEST_KERNEL, software-available bit 52: a 64-bit PV kernel and
 * its user space both run in ring 3, so Xen sets USER on every L1 entry
 * and marks with this bit those the guest wrote without USER (kernel
 * pages): adjust_guest_l1e() in xen/arch/x86/pv/mm.h. The guest reads the
 * adjusted entry back.
 */
#define PG_GUEST_KERNEL (1ull << 52)
#define PG_PSE       0x080ull      /* in an L2: a 2 MiB page */
#define PG_NX        (1ull << 63)
/* The bits left to software: 9-11 and 52-62 (Xen's _PAGE_AVAIL and
 * _PAGE_AVAIL_HIGH; bit 52 is PG_GUEST_KERNEL above). */
#define PG_SOFTWARE  (0xe00ull | (0x7ffull << 52))

#define L4_HYPERVISOR_FIRST 256 /* L4 slots 256-271 are the hypervisor's */

extern char _end[];

/* What the guest knows of its own memory, filled by check_page_tables(). */
static struct guest_mm {
    int ok;                       /* the walk found all of the below */
    const xen_pfn_t *p2m;         /* start_info.mfn_list */
    unsigned long nr_pages;
    unsigned long pt_pfn, nr_pt;  /* the page-table area, in pfns */
    const uint64_t *l4;           /* start_info.pt_base */
    unsigned long l4_mfn;
    unsigned long stack_end;      /* end of the builder's boot stack */
    unsigned long end;            /* first address past the initial mapping */
    unsigned long spare;          /* its last page, padding nobody uses */
    const volatile uint64_t *spare_pte; /* that page's L1 entry */
    const uint64_t *spare_l1;     /* that L1 table, read-only */
    unsigned long spare_l1_mfn;
    uint64_t spare_orig;          /* the entry as the builder wrote it */
    unsigned long min_mfn, max_mfn; /* bounds of the guest's own frames */
} mm;

/* A data page of the guest's, mapped a second time at the spare page. */
static uint64_t probe_page[PAGE_BYTES / 8] __attribute__((aligned(4096)));

static unsigned long va_pfn(const void *va)
{
    return ((unsigned long)va - KERNEL_BASE) / PAGE_BYTES;
}

static unsigned long va_mfn(const void *va)
{
    return mm.p2m[va_pfn(va)];
}

/* Machine address of a byte of the initial mapping. */
static uint64_t va_maddr(const volatile void *va)
{
    return ((uint64_t)va_mfn((const void *)va) << 12) | ((unsigned long)va & (PAGE_BYTES - 1));
}

/* An entry's flags as Xen prints them: bits 0-11, and 52-63 as 12-23. */
static long pte_flags(uint64_t e)
{
    return (long)((e & 0xfff) | ((e >> 40) & 0xfff000));
}

/* The pfn holding machine frame mfn, found by searching the P2M. */
static long mfn_pfn(unsigned long mfn)
{
    unsigned long pfn;

    for (pfn = 0; pfn < mm.nr_pages; pfn++)
        if (mm.p2m[pfn] == mfn)
            return (long)pfn;
    return -1;
}

/*
 * The table a present entry points to, by its address in the initial
 * mapping; NULL unless the frame is one of the page-table area's (where
 * every table of the initial mapping lives: reading anything else could
 * fault).
 */
static const uint64_t *next_table(uint64_t entry)
{
    long pfn;

    if (!(entry & PG_PRESENT))
        return NULL;
    pfn = mfn_pfn((entry & PG_FRAME) >> 12);
    if (pfn < (long)mm.pt_pfn || pfn >= (long)(mm.pt_pfn + mm.nr_pt))
        return NULL;
    return (const uint64_t *)(KERNEL_BASE + (unsigned long)pfn * PAGE_BYTES);
}

static unsigned int pt_index(unsigned long va, int level)
{
    return (va >> (12 + 9 * (level - 1))) & 511;
}

/*
 * The entry mapping va at `level` (4 = L4 ... 1 = L1), found by walking
 * down from the L4; NULL if a table on the way is absent. *tables counts
 * the tables found.
 */
static const volatile uint64_t *walk(unsigned long va, int level, int *tables)
{
    const uint64_t *t = mm.l4;
    int l;

    *tables = 1;
    for (l = 4; l > level; l--) {
        t = next_table(t[pt_index(va, l)]);
        if (!t)
            return NULL;
        ++*tables;
    }
    return &t[pt_index(va, level)];
}

/* Find where the initial mapping ends: the last present L2 entry of the
 * L2 covering _end, then the last present entry of its L1. The mapping
 * is a few MiB from -2 GiB, so one L2 (1 GiB) holds it all. */
static unsigned long find_mapping_end(void)
{
    unsigned long va = (unsigned long)_end;
    const volatile uint64_t *l2e;
    const uint64_t *l2, *l1;
    unsigned int i, j;
    int n;

    l2e = walk(va, 2, &n);
    if (!l2e)
        return 0;
    l2 = (const uint64_t *)((unsigned long)l2e & ~(PAGE_BYTES - 1));
    for (i = pt_index(va, 2); i < 511 && (l2[i + 1] & PG_PRESENT); i++)
        ;
    l1 = next_table(l2[i]);
    if (!l1)
        return 0;
    for (j = 511; j > 0 && !(l1[j] & PG_PRESENT); j--)
        ;
    return (va & ~((1ul << 30) - 1)) + ((unsigned long)i << 21) + ((unsigned long)(j + 1) << 12);
}

static void find_own_frames(void)
{
    unsigned long pfn;

    mm.min_mfn = ~0ul;
    mm.max_mfn = 0;
    for (pfn = 0; pfn < mm.nr_pages; pfn++) {
        if (mm.p2m[pfn] < mm.min_mfn)
            mm.min_mfn = mm.p2m[pfn];
        if (mm.p2m[pfn] > mm.max_mfn)
            mm.max_mfn = mm.p2m[pfn];
    }
}

/* Every page of the page-table area mapped, and read-only. */
static unsigned long count_read_only_tables(void)
{
    unsigned long i, n = 0;
    int levels;

    for (i = 0; i < mm.nr_pt; i++) {
        const volatile uint64_t *e =
            walk(KERNEL_BASE + (mm.pt_pfn + i) * PAGE_BYTES, 1, &levels);

        if (e && (*e & PG_PRESENT) && !(*e & PG_RW))
            n++;
    }
    return n;
}

static void check_page_tables(const start_info_t *si)
{
    const volatile uint64_t *e;
    unsigned long read_only;
    uint64_t frame;
    int levels;

    mm.p2m = (const xen_pfn_t *)si->mfn_list;
    mm.nr_pages = si->nr_pages;
    mm.l4 = (const uint64_t *)si->pt_base;
    mm.pt_pfn = va_pfn(mm.l4);
    mm.nr_pt = si->nr_pt_frames;
    mm.l4_mfn = va_mfn(mm.l4);
    find_own_frames();
    print("pvtest: info: nr_pages %lu, pt_base %lx (%lu frames), mfn_list %lx, own mfns %lx-%lx\n",
          mm.nr_pages, (unsigned long)si->pt_base, mm.nr_pt, (unsigned long)si->mfn_list,
          mm.min_mfn, mm.max_mfn);

    /* A kernel data page: the walk must end at the frame the P2M names. */
    e = walk((unsigned long)probe_page, 1, &levels);
    check(levels == 4, "page tables: L4, L3, L2 and L1 found in start_info's page-table area",
          levels);
    frame = e ? (*e & PG_FRAME) >> 12 : 0;
    check(e && frame == va_mfn(probe_page),
          "page tables: the walk of a kernel page ends at its P2M frame", (long)frame);
    read_only = count_read_only_tables();
    check(read_only == mm.nr_pt, "page tables: every page-table frame is mapped read-only",
          (long)read_only);
    if (levels != 4 || !e)
        return;

    mm.end = find_mapping_end();
    check(mm.end && !(mm.end & ((4ul << 20) - 1)),
          "page tables: the initial mapping ends on a 4 MiB boundary (KiB mapped)",
          (long)((mm.end - KERNEL_BASE) >> 10));
    mm.stack_end = si->pt_base + (mm.nr_pt + 1) * PAGE_BYTES; /* one boot-stack page */
    check(mm.end >= mm.stack_end + (512ul << 10),
          "page tables: the mapping extends at least 512 KiB past the boot stack (KiB)",
          (long)(mm.end - mm.stack_end) >> 10);
    /* Without that padding, the spare page (and fuzz.c's buffer) could
     * be something the guest uses: stop here. */
    if (!mm.end || mm.end < mm.stack_end + (512ul << 10))
        return;
    mm.spare = mm.end - PAGE_BYTES;
    check(va_pfn((void *)mm.spare) < mm.nr_pages,
          "page tables: the mapping's last page has a pfn below nr_pages", (long)va_pfn((void *)mm.spare));
    mm.spare_pte = walk(mm.spare, 1, &levels);
    if (!mm.spare_pte || va_pfn((void *)mm.spare) >= mm.nr_pages)
        return;
    mm.spare_l1 = (const uint64_t *)((unsigned long)mm.spare_pte & ~(PAGE_BYTES - 1));
    mm.spare_l1_mfn = va_mfn(mm.spare_l1);
    mm.spare_orig = *mm.spare_pte;
    mm.ok = 1;
}

/* ---- the hypercalls ---- */

static long update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
    return HYPERCALL(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static long mmu_update(mmu_update_t *reqs, unsigned int count, unsigned int *done)
{
    return hypercall5(__HYPERVISOR_mmu_update, (unsigned long)reqs, count,
                      (unsigned long)done, DOMID_SELF, 0);
}

static long mmu_update1(uint64_t ptr, uint64_t val)
{
    mmu_update_t req = { ptr, val };
    unsigned int done = 0;

    return mmu_update(&req, 1, &done);
}

static long mmuext(unsigned int cmd, unsigned long arg1)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg1 };
    unsigned int done = 0;

    return hypercall5(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1,
                      (unsigned long)&done, DOMID_SELF, 0);
}

/* Put the spare page's entry back as the builder wrote it. */
static long restore_spare(void)
{
    return update_va_mapping(mm.spare, mm.spare_orig, UVMF_INVLPG | UVMF_LOCAL);
}

/* ---- update_va_mapping ---- */

static void check_update_va_mapping(void)
{
    uint64_t l1_frame = (uint64_t)mm.spare_l1_mfn << 12;
    uint64_t probe = va_maddr(probe_page);
    long rc;

    /*
     * The spare page's own L1 table, writable: a frame is a page table or
     * writable, never both. get_page_from_l1e() cannot take the writable
     * type of a frame typed L1 and returns -EBUSY (its could_not_pin).
     */
    rc = update_va_mapping(mm.spare, l1_frame | PG_PRESENT | PG_RW | PG_ACCESSED,
                           UVMF_INVLPG | UVMF_LOCAL);
    check(rc == -XEN_EBUSY, "update_va_mapping: a page table mapped writable: -EBUSY", rc);

    /* The same frame read-only is fine: the guest sees its L1 twice. */
    rc = update_va_mapping(mm.spare, l1_frame | PG_PRESENT | PG_ACCESSED,
                           UVMF_INVLPG | UVMF_LOCAL);
    check(rc == 0, "update_va_mapping: a page table mapped read-only", rc);
    if (rc == 0) {
        check(!memcmp((const void *)mm.spare, mm.spare_l1, PAGE_BYTES),
              "update_va_mapping: the new mapping shows that page table", 0);
        check(*mm.spare_pte == (l1_frame | PG_PRESENT | PG_ACCESSED | PG_USER | PG_GUEST_KERNEL),
              "update_va_mapping: it reads back with USER and Xen's guest-kernel bit 52 added (flags)",
              pte_flags(*mm.spare_pte));
    }
    rc = restore_spare();
    check(rc == 0, "update_va_mapping: restore the original entry", rc);

    /*
     * No L1 flag bit is refused to dom0. L1_DISALLOW_MASK is PWT, PCD, PAT
     * and the _PAGE_GNTTAB debug bit (62); dom0, holding I/O memory
     * rights, may set the cache attributes (l1_disallow_mask()), and
     * _PAGE_GNTTAB is 0 in release builds such as Debian's (asm/page.h:
     * "#ifdef NDEBUG #undef _PAGE_GNTTAB"). So the software bits (9-11,
     * 52-62) and NX pass through, as guests' own PTE bits must.
     */
    rc = update_va_mapping(mm.spare, probe | PG_PRESENT | PG_ACCESSED | PG_SOFTWARE | PG_NX,
                           UVMF_INVLPG | UVMF_LOCAL);
    check(rc == 0, "update_va_mapping: software bits 9-11, 52-62 and NX accepted", rc);
    if (rc == 0)
        check(*mm.spare_pte == (probe | PG_PRESENT | PG_ACCESSED | PG_SOFTWARE | PG_NX | PG_USER),
              "update_va_mapping: they read back as written, USER added (flags)",
              pte_flags(*mm.spare_pte));
    rc = restore_spare();
    check(rc == 0, "update_va_mapping: restore the original entry again", rc);

    /*
     * Every address bit set: Xen's INVALID_MFN. Not RAM, and outside
     * dom0's I/O memory rights (which end at the machine's address width);
     * get_page_from_l1e() answers -EINVAL for that one frame (-EPERM for
     * other frames dom0 may not map).
     */
    rc = update_va_mapping(mm.spare, PG_FRAME | PG_PRESENT | PG_ACCESSED,
                           UVMF_INVLPG | UVMF_LOCAL);
    check(rc == -XEN_EINVAL, "update_va_mapping: frame ~0 (INVALID_MFN): -EINVAL", rc);

    /* No L1 to write: a hypervisor address (map_guest_l1e() refuses
     * non-guest addresses), and a guest address with no page tables. */
    rc = update_va_mapping(0xffff800000001000ul, probe | PG_PRESENT | PG_ACCESSED,
                           UVMF_INVLPG | UVMF_LOCAL);
    check(rc == -XEN_EINVAL, "update_va_mapping: a hypervisor address: -EINVAL", rc);
    rc = update_va_mapping(0x1000, probe | PG_PRESENT | PG_ACCESSED, UVMF_INVLPG | UVMF_LOCAL);
    check(rc == -XEN_EINVAL, "update_va_mapping: an address without an L1 table: -EINVAL", rc);
    check(*mm.spare_pte == mm.spare_orig, "update_va_mapping: refusals left the entry alone (flags)",
          pte_flags(*mm.spare_pte));
}

/* ---- mmu_update ---- */

/*
 * PSE in an L2 (a 2 MiB page) is in L2_DISALLOW_MASK: mod_l2_entry()
 * refuses it with -EINVAL before it changes anything. Aimed at the L2
 * entry of the mapping's last 2 MiB, and only when that is all padding,
 * so that a hypervisor that wrongly took it would not pull the guest's
 * own pages from under it; put back at once if it did.
 */
static void check_l2_superpage(void)
{
    const volatile uint64_t *l2e;
    uint64_t old;
    int levels;
    long rc;

    l2e = walk(mm.spare, 2, &levels);
    if (!l2e || mm.end - (2ul << 20) < mm.stack_end) {
        check(0, "mmu_update: a 2 MiB page (PSE) in an L2: -EINVAL (no padding L2 entry)", 0);
        return;
    }
    old = *l2e;
    rc = mmu_update1(va_maddr(l2e) | MMU_NORMAL_PT_UPDATE, old | PG_PSE);
    if (rc == 0)
        mmu_update1(va_maddr(l2e) | MMU_NORMAL_PT_UPDATE, old);
    check(rc == -XEN_EINVAL && *l2e == old, "mmu_update: a 2 MiB page (PSE) in an L2: -EINVAL", rc);
}

/* Reading through the spare page sees probe_page: the same frame. */
static int spare_shows_probe(void)
{
    const volatile uint64_t *alias = (const volatile uint64_t *)mm.spare;

    probe_page[1] = 0x5eed0001;
    if (alias[1] != 0x5eed0001)
        return 0;
    probe_page[1] = 0x5eed0002; /* a change made through the other mapping */
    return alias[1] == 0x5eed0002;
}

static void check_mmu_update(void)
{
    uint64_t ptr = va_maddr(mm.spare_pte);
    uint64_t probe = va_maddr(probe_page);
    uint64_t expect;
    mmu_update_t reqs[2];
    unsigned int done = 99;
    long rc;

    /*
     * Point the spare page at probe_page by writing its L1 entry
     * (ptr = the entry's machine address). mmu_update does not flush the
     * TLB for an L1 change: the guest does, with MMUEXT_INVLPG_LOCAL.
     */
    reqs[0].ptr = ptr | MMU_NORMAL_PT_UPDATE;
    reqs[0].val = probe | PG_PRESENT | PG_ACCESSED | PG_DIRTY;
    rc = mmu_update(reqs, 1, &done);
    check(rc == 0, "mmu_update: the spare page's L1 entry to another page", rc);
    check(done == 1, "mmu_update: done count 1", done);
    rc = mmuext(MMUEXT_INVLPG_LOCAL, mm.spare);
    check(rc == 0, "mmuext_op: MMUEXT_INVLPG_LOCAL", rc);
    check(spare_shows_probe(), "mmu_update: the page reads through its new mapping", 0);
    expect = probe | PG_PRESENT | PG_ACCESSED | PG_DIRTY | PG_USER | PG_GUEST_KERNEL;
    check(*mm.spare_pte == expect, "mmu_update: it reads back with USER and bit 52 added (flags)",
          pte_flags(*mm.spare_pte));

    /* PRESERVE_AD keeps the Accessed and Dirty bits the entry has. */
    rc = mmu_update1(ptr | MMU_PT_UPDATE_PRESERVE_AD, probe | PG_PRESENT);
    check(rc == 0 && *mm.spare_pte == expect,
          "mmu_update: MMU_PT_UPDATE_PRESERVE_AD kept Accessed and Dirty (flags)",
          rc ? rc : pte_flags(*mm.spare_pte));
    rc = mmu_update1(ptr | MMU_NORMAL_PT_UPDATE, probe | PG_PRESENT);
    check(rc == 0 && *mm.spare_pte == (probe | PG_PRESENT | PG_USER | PG_GUEST_KERNEL),
          "mmu_update: MMU_NORMAL_PT_UPDATE clears them (flags)",
          rc ? rc : pte_flags(*mm.spare_pte));

    /* M2P: the probe frame's entry set to its own pfn changes nothing. */
    rc = mmu_update1(probe | MMU_MACHPHYS_UPDATE, va_pfn(probe_page));
    check(rc == 0, "mmu_update: MMU_MACHPHYS_UPDATE of a page to its own pfn", rc);

    /*
     * A batch: restore the spare entry, then write an L4 slot of the
     * hypervisor's (256; the value it holds, so a broken hypervisor
     * changes nothing): mod_l4_entry() refuses slots outside
     * is_guest_l4_slot() with -EINVAL, and done counts the first only.
     */
    reqs[0].ptr = ptr | MMU_NORMAL_PT_UPDATE;
    reqs[0].val = mm.spare_orig;
    reqs[1].ptr = ((uint64_t)mm.l4_mfn << 12) + L4_HYPERVISOR_FIRST * 8;
    reqs[1].val = mm.l4[L4_HYPERVISOR_FIRST];
    done = 99;
    rc = mmu_update(reqs, 2, &done);
    check(rc == -XEN_EINVAL, "mmu_update: an L4 slot of the hypervisor's (256): -EINVAL", rc);
    check(done == 1, "mmu_update: done counts the requests before the refused one", done);
    mmuext(MMUEXT_INVLPG_LOCAL, mm.spare);
    check(*mm.spare_pte == mm.spare_orig, "mmu_update: the spare page's entry restored (flags)",
          pte_flags(*mm.spare_pte));

    check_l2_superpage();

    /* A frame the guest does not own (0, dom_io's): get_page_from_gfn()
     * fails (Xen logs "d0v0 Error mfn 00000: rd=d0 od=d[IO]"). */
    rc = mmu_update1(0 | MMU_NORMAL_PT_UPDATE, 0);
    check(rc == -XEN_EINVAL, "mmu_update: an entry in a frame of someone else's (mfn 0): -EINVAL", rc);
}

/* ---- mmuext_op ---- */

static void check_mmuext_op(void)
{
    struct mmuext_op ops[3] = {
        { .cmd = MMUEXT_TLB_FLUSH_LOCAL },
        { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = (unsigned long)probe_page },
        { .cmd = 99 },
    };
    unsigned int done = 99;
    long rc;

    rc = mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
    check(rc == 0, "mmuext_op: MMUEXT_TLB_FLUSH_LOCAL", rc);
    /* The builder pins the initial L4: pinning it again fails (the
     * test_and_set_bit(_PGT_pinned) in do_mmuext_op). */
    rc = mmuext(MMUEXT_PIN_L4_TABLE, mm.l4_mfn);
    check(rc == -XEN_EINVAL, "mmuext_op: MMUEXT_PIN_L4_TABLE of the pinned initial L4: -EINVAL", rc);
    /* Reloading the current L4 is allowed (a TLB flush, in effect). */
    rc = mmuext(MMUEXT_NEW_BASEPTR, mm.l4_mfn);
    check(rc == 0, "mmuext_op: MMUEXT_NEW_BASEPTR to the current L4", rc);

    /* An L1 in use may be pinned as an L1, once; not as an L2. */
    rc = mmuext(MMUEXT_PIN_L1_TABLE, mm.spare_l1_mfn);
    check(rc == 0, "mmuext_op: MMUEXT_PIN_L1_TABLE of an L1 in use", rc);
    rc = mmuext(MMUEXT_UNPIN_TABLE, mm.spare_l1_mfn);
    check(rc == 0, "mmuext_op: MMUEXT_UNPIN_TABLE of it", rc);
    rc = mmuext(MMUEXT_UNPIN_TABLE, mm.spare_l1_mfn);
    check(rc == -XEN_EINVAL, "mmuext_op: MMUEXT_UNPIN_TABLE of an unpinned table: -EINVAL", rc);
    rc = mmuext(MMUEXT_PIN_L2_TABLE, mm.spare_l1_mfn);
    check(rc == -XEN_EINVAL, "mmuext_op: MMUEXT_PIN_L2_TABLE of an L1: -EINVAL", rc);

    rc = mmuext(99, 0);
    check(rc == -XEN_ENOSYS, "mmuext_op: unknown command 99: -ENOSYS", rc);
    rc = hypercall5(__HYPERVISOR_mmuext_op, (unsigned long)ops, 3, (unsigned long)&done,
                    DOMID_SELF, 0);
    check(rc == -XEN_ENOSYS && done == 2,
          "mmuext_op: a batch stops at its unknown command, done 2", rc == -XEN_ENOSYS ? done : rc);
}

/* The checks that change mappings, after check_page_tables() (and time.c,
 * which borrows the spare page first). */
static void check_mmu_ops(void)
{
    if (!mm.ok) {
        check(0, "mmu: update_va_mapping, mmu_update, mmuext_op (the walk failed)", 0);
        return;
    }
    check_update_va_mapping();
    check_mmu_update();
    check_mmuext_op();
}
