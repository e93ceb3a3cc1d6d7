/*
 * Grant tables from both sides at once: the guest grants pages of its own
 * to itself (dom0's id, 0) and maps and copies them by reference, as a
 * backend would a frontend's. Xen allows a domain to be its own grantee,
 * so the same checks run on Keel and on Xen 4.17 with the same results.
 *
 * The table's first frame is mapped over gnt_window[0], grants are mapped
 * at gnt_window[1]; both pages get their own mappings back at the end.
 * Included by main.c after mmu.c (walk(), va_mfn()); bench.c uses the
 * setup it leaves.
 */
#include <public/grant_table.h>
#include <public/memory.h>

#define GNT_SELF   0    /* our domain id, as dom0 */
#define GNT_REF    10   /* the grant the checks use */
#define GNT_RO_REF 11   /* a read-only one */
#define GNT_HYPERVISOR_VA 0xffff830000000000ul /* no guest may name it */

static uint8_t gnt_page[PAGE_BYTES] __attribute__((aligned(4096)));      /* granted */
static uint8_t gnt_copy_page[PAGE_BYTES] __attribute__((aligned(4096))); /* copy target */
static uint8_t gnt_window[2][PAGE_BYTES] __attribute__((aligned(4096)));
static uint64_t gnt_window_pte[2];          /* the windows' own entries */
static volatile grant_entry_v1_t *gnt_table; /* gnt_window[0], once mapped */
static uint32_t gnt_nr_frames;
static xen_pfn_t gnt_frame;                  /* the table's first frame */

static long gnttab_op(unsigned int cmd, void *op, unsigned int count)
{
    return HYPERCALL(__HYPERVISOR_grant_table_op, cmd, op, count);
}

static uint64_t window_pte(int i)
{
    int levels;
    const volatile uint64_t *pte = walk((unsigned long)gnt_window[i], 1, &levels);

    return pte ? *pte : 0;
}

/* Write a grant as a guest must: frame and grantee, a barrier, flags. */
static void gnt_grant(grant_ref_t ref, domid_t to, uint32_t frame, uint16_t flags)
{
    gnt_table[ref].domid = to;
    gnt_table[ref].frame = frame;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    gnt_table[ref].flags = flags;
}

/* End access as Linux's gnttab_end_foreign_access_ref does: one CAS from
 * flags without the in-use bits to 0. Fails while the grant is mapped. */
static int gnt_revoke(grant_ref_t ref)
{
    uint16_t flags = gnt_table[ref].flags & ~(GTF_reading | GTF_writing);

    return __atomic_compare_exchange_n(&gnt_table[ref].flags, &flags, 0, 0,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static struct gnttab_map_grant_ref gnt_map(grant_ref_t ref, domid_t dom, uint32_t flags)
{
    struct gnttab_map_grant_ref op = { .host_addr = (unsigned long)gnt_window[1],
                                       .flags = flags, .ref = ref, .dom = dom };
    long rc = gnttab_op(GNTTABOP_map_grant_ref, &op, 1);

    if (rc)
        op.status = (int16_t)rc;
    return op;
}

static int16_t gnt_unmap(grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = (unsigned long)gnt_window[1],
                                         .handle = handle };
    long rc = gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);

    return rc ? (int16_t)rc : op.status;
}

static int16_t gnt_copy(uint16_t flags, uint32_t src, domid_t sdom, uint16_t soff,
                        uint32_t dst, domid_t ddom, uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = { .len = len, .flags = flags };
    long rc;

    op.source.u.ref = src;
    if (!(flags & GNTCOPY_source_gref))
        op.source.u.gmfn = src;
    op.source.domid = sdom;
    op.source.offset = soff;
    op.dest.u.ref = dst;
    if (!(flags & GNTCOPY_dest_gref))
        op.dest.u.gmfn = dst;
    op.dest.domid = ddom;
    op.dest.offset = doff;
    rc = gnttab_op(GNTTABOP_copy, &op, 1);
    return rc ? (int16_t)rc : op.status;
}

/* Map the table over window 0. */
static long gnt_windows_open(void)
{
    long rc = HYPERCALL(__HYPERVISOR_update_va_mapping, gnt_window[0],
                        (gnt_frame << 12) | PG_PRESENT | PG_RW | PG_ACCESSED | PG_DIRTY,
                        UVMF_INVLPG | UVMF_LOCAL);

    gnt_table = rc ? 0 : (volatile grant_entry_v1_t *)gnt_window[0];
    return rc;
}

/* Give both windows their own pages back. */
static long gnt_windows_close(void)
{
    long rc = HYPERCALL(__HYPERVISOR_update_va_mapping, gnt_window[1], gnt_window_pte[1],
                        UVMF_INVLPG | UVMF_LOCAL);

    rc |= HYPERCALL(__HYPERVISOR_update_va_mapping, gnt_window[0], gnt_window_pte[0],
                    UVMF_INVLPG | UVMF_LOCAL);
    gnt_table = 0;
    return rc;
}

/* Query, set up and map our table; 0 if the rest can run. */
static int gnt_setup(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    xen_pfn_t frame = 0;
    long rc;

    gnt_window_pte[0] = window_pte(0);
    gnt_window_pte[1] = window_pte(1);
    rc = gnttab_op(GNTTABOP_query_size, &q, 1);
    check(rc == 0 && q.status == 0 && q.nr_frames >= 1 && q.max_nr_frames >= q.nr_frames,
          "grant tables: query_size (frames in use)", rc ? rc : q.status ? q.status : (long)q.nr_frames);
    gnt_nr_frames = q.nr_frames;
    st.frame_list = &frame;
    rc = gnttab_op(GNTTABOP_setup_table, &st, 1);
    check(rc == 0 && st.status == 0 && frame != 0, "grant tables: setup_table gives frame 0",
          rc ? rc : st.status);
    st.nr_frames = q.max_nr_frames + 1;
    rc = gnttab_op(GNTTABOP_setup_table, &st, 1);
    check(rc == 0 && st.status == GNTST_general_error,
          "grant tables: setup_table past the maximum: general error", rc ? rc : st.status);
    rc = gnttab_op(GNTTABOP_setup_table, &st, 2);
    check(rc == -XEN_EINVAL, "grant tables: setup_table with count 2: -EINVAL", rc);
    st.nr_frames = 1;
    st.frame_list = (xen_pfn_t *)GNT_HYPERVISOR_VA;
    rc = gnttab_op(GNTTABOP_setup_table, &st, 1);
    check(rc == -XEN_EFAULT, "grant tables: setup_table's frame list in the hypervisor: -EFAULT", rc);
    rc = gnttab_op(GNTTABOP_map_grant_ref, (void *)GNT_HYPERVISOR_VA, 1);
    check(rc == -XEN_EFAULT, "grant tables: map_grant_ref's batch in the hypervisor: -EFAULT", rc);
    st.frame_list = &frame;
    if (!frame || !gnt_window_pte[0] || !gnt_window_pte[1])
        return -1;
    gnt_frame = frame;
    rc = gnt_windows_open();
    check(rc == 0, "grant tables: the table's frame maps writable", rc);
    return rc ? -1 : 0;
}

static void check_grant_map(void)
{
    uint32_t mfn = (uint32_t)va_mfn(gnt_page);
    struct gnttab_map_grant_ref m;
    uint64_t pte;

    memset(gnt_page, 0xa5, sizeof(gnt_page));
    gnt_grant(GNT_REF, GNT_SELF, mfn, GTF_permit_access);
    m = gnt_map(GNT_REF, GNT_SELF, GNTMAP_host_map);
    check(m.status == 0, "grant tables: map a grant writable", m.status);
    if (m.status)
        return;
    pte = window_pte(1);
    check(((pte & PG_FRAME) >> 12) == mfn && (pte & PG_RW),
          "grant tables: the mapping's entry points at the granted frame, writable", pte_flags(pte));
    check(m.dev_bus_addr == (uint64_t)mfn << 12, "grant tables: dev_bus_addr is the frame's address",
          (long)m.dev_bus_addr);
    check(gnt_window[1][7] == 0xa5, "grant tables: the mapping reads the granted page",
          gnt_window[1][7]);
    gnt_window[1][100] = 0x5a;
    asm volatile("" ::: "memory"); /* the two arrays alias: the compiler cannot know */
    check(gnt_page[100] == 0x5a, "grant tables: a write through the mapping lands in the page",
          gnt_page[100]);
    check(gnt_table[GNT_REF].flags == (GTF_permit_access | GTF_reading | GTF_writing),
          "grant tables: a writable mapping sets GTF_reading and GTF_writing",
          gnt_table[GNT_REF].flags);
    check(!gnt_revoke(GNT_REF), "grant tables: a mapped grant cannot be revoked",
          gnt_table[GNT_REF].flags);
    check(gnt_unmap(m.handle) == 0, "grant tables: unmap", 0);
    check(!(window_pte(1) & PG_PRESENT), "grant tables: unmap leaves the address unmapped",
          pte_flags(window_pte(1)));
    check(gnt_table[GNT_REF].flags == GTF_permit_access,
          "grant tables: unmap clears the in-use bits", gnt_table[GNT_REF].flags);
    check(gnt_unmap(m.handle) == GNTST_bad_handle, "grant tables: unmap twice: bad handle",
          gnt_unmap(m.handle));

    gnt_grant(GNT_RO_REF, GNT_SELF, mfn, GTF_permit_access | GTF_readonly);
    m = gnt_map(GNT_RO_REF, GNT_SELF, GNTMAP_host_map);
    check(m.status == GNTST_general_error,
          "grant tables: a read-only grant refuses a writable mapping", m.status);
    m = gnt_map(GNT_RO_REF, GNT_SELF, GNTMAP_host_map | GNTMAP_readonly);
    pte = window_pte(1);
    check(m.status == 0 && (pte & PG_PRESENT) && !(pte & PG_RW) && gnt_window[1][100] == 0x5a,
          "grant tables: a read-only grant maps read-only", m.status ? m.status : pte_flags(pte));
    check(gnt_table[GNT_RO_REF].flags == (GTF_permit_access | GTF_readonly | GTF_reading),
          "grant tables: a read-only mapping sets GTF_reading only", gnt_table[GNT_RO_REF].flags);
    if (!m.status)
        gnt_unmap(m.handle);

    check(gnt_map(GNT_REF, GNT_SELF, 0).status == GNTST_bad_gntref,
          "grant tables: map with neither host_map nor device_map: bad gntref", 0);
    check(gnt_map(GNT_REF, DOMID_SELF, GNTMAP_host_map).status == GNTST_bad_domain,
          "grant tables: map names DOMID_SELF: bad domain", 0);
    check(gnt_map(gnt_nr_frames * 512, GNT_SELF, GNTMAP_host_map).status == GNTST_bad_gntref,
          "grant tables: map a reference past the table: bad gntref", 0);
    gnt_grant(GNT_REF, 7, mfn, GTF_permit_access);
    check(gnt_map(GNT_REF, GNT_SELF, GNTMAP_host_map).status == GNTST_general_error,
          "grant tables: map a grant made to another domain: general error", 0);
    gnt_grant(GNT_REF, GNT_SELF, mfn, GTF_permit_access);
    check(gnt_revoke(GNT_REF) && gnt_table[GNT_REF].flags == 0,
          "grant tables: an unused grant is revoked", gnt_table[GNT_REF].flags);
}

static void check_grant_copy(void)
{
    uint32_t mfn = (uint32_t)va_mfn(gnt_page), cmfn = (uint32_t)va_mfn(gnt_copy_page);
    int16_t rc;

    for (unsigned int i = 0; i < PAGE_BYTES; i++)
        gnt_page[i] = (uint8_t)(i * 7);
    memset(gnt_copy_page, 0, sizeof(gnt_copy_page));
    gnt_grant(GNT_REF, GNT_SELF, mfn, GTF_permit_access);
    rc = gnt_copy(GNTCOPY_source_gref, GNT_REF, GNT_SELF, 0, cmfn, DOMID_SELF, 0, PAGE_BYTES);
    check(rc == 0 && !memcmp(gnt_copy_page, gnt_page, PAGE_BYTES),
          "grant tables: copy 4 KiB from a grant", rc);
    gnt_copy_page[0] = 0xee;
    rc = gnt_copy(GNTCOPY_dest_gref, cmfn, DOMID_SELF, 0, GNT_REF, GNT_SELF, 4095, 1);
    check(rc == 0 && gnt_page[4095] == 0xee, "grant tables: copy one byte into a grant's last",
          rc ? rc : gnt_page[4095]);
    rc = gnt_copy(GNTCOPY_dest_gref, cmfn, DOMID_SELF, 2048, GNT_REF, GNT_SELF, 4090, 16);
    check(rc == GNTST_bad_copy_arg, "grant tables: copy across the page end: bad copy arg", rc);
    rc = gnt_copy(GNTCOPY_dest_gref, cmfn, GNT_SELF, 0, GNT_REF, GNT_SELF, 0, 16);
    check(rc == GNTST_permission_denied,
          "grant tables: copy from a frame named by domain id, not DOMID_SELF: permission denied", rc);
    rc = gnt_copy(GNTCOPY_dest_gref, cmfn, DOMID_SELF, 0, GNT_RO_REF, GNT_SELF, 0, 16);
    check(rc == GNTST_general_error, "grant tables: copy into a read-only grant: general error", rc);
    check(gnt_table[GNT_REF].flags == GTF_permit_access && gnt_revoke(GNT_REF),
          "grant tables: copies leave no in-use bits behind", gnt_table[GNT_REF].flags);
}

static void check_grant_misc(void)
{
    struct gnttab_set_version sv = { .version = 1 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    struct gnttab_get_status_frames gs = { .nr_frames = 0, .dom = DOMID_SELF };
    struct xen_add_to_physmap xatp = { .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
                                       .idx = 0, .gpfn = 0 };
    long rc;

    rc = gnttab_op(GNTTABOP_set_version, &sv, 1);
    check(rc == 0 && sv.version == 1, "grant tables: set_version 1", rc ? rc : sv.version);
    rc = gnttab_op(GNTTABOP_get_version, &gv, 1);
    check(rc == 0 && gv.version == 1, "grant tables: get_version", rc ? rc : gv.version);
    rc = gnttab_op(GNTTABOP_get_status_frames, &gs, 1);
    check(rc == 0 && gs.status == 0, "grant tables: get_status_frames for none", rc ? rc : gs.status);
    rc = gnttab_op(GNTTABOP_get_status_frames, &gs, 2);
    check(rc == -XEN_EINVAL, "grant tables: get_status_frames with count 2: -EINVAL", rc);
    rc = gnttab_op(99, &gs, 1);
    check(rc == -XEN_ENOSYS, "grant tables: unknown command: -ENOSYS", rc);
    rc = HYPERCALL(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, &xatp, 0);
    check(rc == -XEN_EACCES, "grant tables: add_to_physmap in a PV guest: -EACCES", rc);
}

static void check_grants(void)
{
    long rc;

    if (gnt_setup())
        return;
    check_grant_map();
    check_grant_copy();
    check_grant_misc();
    rc = gnt_windows_close();
    check(rc == 0, "grant tables: the windows get their own pages back", rc);
}
