/*
 * Grant tables v1 (kernel/grant_table.c): every GNTTABOP's checks and
 * status codes as Xen 4.17 gives them, the entry status bits, pin counts,
 * page references and maptrack handles, and that a refused operation
 * changes nothing.
 * The fake machine is grant_fixture.h's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keel/errno.h"
#include "keel/grant_table.h"
#include "grant_fixture.h"

#define HOST GNTMAP_host_map
#define DEV  GNTMAP_device_map
#define RO   GNTMAP_readonly

/* Frame table, grant entries and handles: what a refused call must keep. */
struct snapshot {
    struct page_info frames[NR];
    uint16_t flags[4];
    uint32_t used[4];
};

static void snap(struct snapshot *s)
{
    unsigned int i;

    memcpy(s->frames, frames, sizeof(frames));
    for (i = 0; i < 4; i++) {
        s->flags[i] = gflags(1, (grant_ref_t)i);
        s->used[i] = tables[i].maptrack_used;
    }
}

static void assert_unchanged(const struct snapshot *s)
{
    struct snapshot now;

    snap(&now);
    assert_memory_equal(&now, s, sizeof(now));
}

static void test_init_and_query(void **state)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct grant_table bad = tables[1];

    (void)state;
    gnttab_query_size(&tables[1], &q);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);
    assert_int_equal(q.max_nr_frames, 2);
    bad.max_frames = 0;
    assert_int_equal(gnttab_init(&bad), -EINVAL);
    bad.max_frames = GNTTAB_MAX_FRAMES + 1;
    assert_int_equal(gnttab_init(&bad), -EINVAL);
    bad = tables[1];
    bad.hooks = NULL;
    assert_int_equal(gnttab_init(&bad), -EINVAL);

    q.dom = 2;
    gnttab_query_size(&tables[1], &q);
    assert_int_equal(q.status, GNTST_permission_denied);
    gnttab_query_size(&tables[0], &q);
    assert_int_equal(q.status, GNTST_okay);
    q.dom = 7;
    gnttab_query_size(&tables[0], &q);
    assert_int_equal(q.status, GNTST_bad_domain);
}

static void test_setup_table(void **state)
{
    struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = 2 };
    struct grant_table *t;

    (void)state;
    gnttab_setup_table(&tables[1], &op, &t);
    assert_int_equal(op.status, GNTST_okay);
    assert_ptr_equal(t, &tables[1]);
    assert_int_equal(t->nr_frames, 2);
    assert_true(gnttab_frame_mfn(t, 0) >= POOL && gnttab_frame_mfn(t, 1) >= POOL);
    assert_int_not_equal(gnttab_frame_mfn(t, 0), gnttab_frame_mfn(t, 1));
    assert_int_equal(frames[gnttab_frame_mfn(t, 1)].owner, 1);

    op.nr_frames = 1; /* never shrinks */
    gnttab_setup_table(&tables[1], &op, &t);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(t->nr_frames, 2);

    op.nr_frames = 3;
    gnttab_setup_table(&tables[1], &op, &t);
    assert_int_equal(op.status, GNTST_general_error);
    assert_int_equal(t->nr_frames, 2);

    op = (struct gnttab_setup_table){ .dom = 2, .nr_frames = 1 };
    gnttab_setup_table(&tables[1], &op, &t);
    assert_int_equal(op.status, GNTST_permission_denied);
    gnttab_setup_table(&tables[0], &op, &t);
    assert_int_equal(op.status, GNTST_okay);
    assert_ptr_equal(t, &tables[2]);
    op.dom = 9;
    gnttab_setup_table(&tables[0], &op, &t);
    assert_int_equal(op.status, GNTST_bad_domain);

    /* Out of memory for a new frame: an error, nothing half-done. */
    pool_used = NR - POOL;
    op = (struct gnttab_setup_table){ .dom = DOMID_SELF, .nr_frames = 2 };
    gnttab_setup_table(&tables[3], &op, &t);
    assert_int_equal(op.status, GNTST_general_error);
    assert_int_equal(tables[3].nr_frames, 1);
}

static void test_map_unmap_writable(void **state)
{
    struct gnttab_map_grant_ref m;

    (void)state;
    grant(1, 5, 2, 3, GTF_permit_access);
    m = map(2, 1, 5, HOST, 0x1000);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(m.dev_bus_addr, 3ull << 12);
    assert_int_equal(gflags(1, 5), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(frames[3].count, 1);
    assert_int_equal(frames[3].type_count, 1);
    assert_int_equal(frames[3].type, PGT_WRITABLE);
    assert_non_null(pte_at(&tables[2], 0x1000));
    assert_int_equal(tables[1].active[0][5].pin, GNTPIN_hstw_inc);

    assert_int_equal(unmap(2, m.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(gflags(1, 5), GTF_permit_access);
    assert_int_equal(frames[3].count, 0);
    assert_int_equal(frames[3].type, PGT_NONE);
    assert_null(pte_at(&tables[2], 0x1000));
    assert_int_equal(tables[2].maptrack_used, 0);
    /* The handle is gone. */
    assert_int_equal(unmap(2, m.handle, 0x1000, 0), GNTST_bad_handle);
}

/* The builder's reserved grants: mappable by the backend named, as a
 * guest's own; refused where the slot is taken or out of range. */
static void test_seed(void **state)
{
    struct gnttab_map_grant_ref m;

    (void)state;
    assert_int_equal(gnttab_seed(&tables[1], GNTTAB_RESERVED_XENSTORE, 0, 3), 0);
    assert_int_equal(gflags(1, GNTTAB_RESERVED_XENSTORE), GTF_permit_access);
    assert_int_equal(gnttab_seed(&tables[1], GNTTAB_RESERVED_XENSTORE, 0, 4), -EBUSY);
    assert_int_equal(gnttab_seed(&tables[1], (grant_ref_t)GNTTAB_PER_FRAME, 0, 3), -EINVAL);
    assert_int_equal(gnttab_seed(&tables[1], 2, 0, 1ull << 32), -EINVAL);

    m = map(2, 1, GNTTAB_RESERVED_XENSTORE, HOST, 0x1000);
    assert_int_equal(m.status, GNTST_general_error);    /* not for domain 2 (Xen's status) */
    m = map(0, 1, GNTTAB_RESERVED_XENSTORE, HOST, 0x1000);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(m.dev_bus_addr, 3ull << 12);
    assert_int_equal(unmap(0, m.handle, 0x1000, 0), GNTST_okay);
}

static void test_map_readonly(void **state)
{
    struct gnttab_map_grant_ref m;
    struct snapshot s;

    (void)state;
    grant(1, 1, 2, 4, GTF_permit_access);
    m = map(2, 1, 1, HOST | RO, 0x2000);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(gflags(1, 1), GTF_permit_access | GTF_reading);
    assert_int_equal(frames[4].count, 1);
    assert_int_equal(frames[4].type_count, 0);
    assert_int_equal(unmap(2, m.handle, 0x2000, 0), GNTST_okay);
    assert_int_equal(gflags(1, 1), GTF_permit_access);

    /* A read-only grant refuses a writable mapping, changing nothing. */
    grant(1, 2, 2, 4, GTF_permit_access | GTF_readonly);
    snap(&s);
    m = map(2, 1, 2, HOST, 0x2000);
    assert_int_equal(m.status, GNTST_general_error);
    assert_unchanged(&s);
    assert_null(pte_at(&tables[2], 0x2000));
    m = map(2, 1, 2, HOST | RO, 0x2000);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(gflags(1, 2), GTF_permit_access | GTF_readonly | GTF_reading);
}

static void test_map_errors(void **state)
{
    struct snapshot s;

    (void)state;
    grant(1, 0, 2, 3, GTF_permit_access);
    grant(1, 1, 3, 3, GTF_permit_access);                     /* to someone else */
    grant(1, 2, 2, 3, GTF_invalid);
    grant(1, 3, 2, 3, GTF_permit_access | GTF_sub_page);
    snap(&s);
    assert_int_equal(map(2, 1, 0, 0, 0x1000).status, GNTST_bad_gntref);
    assert_int_equal(map(2, 1, 0, RO, 0x1000).status, GNTST_bad_gntref);
    assert_int_equal(map(2, 9, 0, HOST, 0x1000).status, GNTST_bad_domain);
    assert_int_equal(map(2, DOMID_SELF, 0, HOST, 0x1000).status, GNTST_bad_domain);
    assert_int_equal(map(2, 1, GNTTAB_PER_FRAME, HOST, 0x1000).status, GNTST_bad_gntref);
    assert_int_equal(map(2, 1, 1, HOST, 0x1000).status, GNTST_general_error);
    assert_int_equal(map(2, 1, 2, HOST, 0x1000).status, GNTST_general_error);
    assert_int_equal(map(2, 1, 3, HOST, 0x1000).status, GNTST_general_error);
    assert_int_equal(map(2, 1, 0, HOST, BAD_ADDR).status, GNTST_general_error);
    assert_unchanged(&s);

    /* A frame that is not the granter's: bad page, status bits undone. */
    grant(1, 0, 2, 20, GTF_permit_access);
    assert_int_equal(map(2, 1, 0, HOST, 0x1000).status, GNTST_bad_page);
    grant(1, 0, 2, 50, GTF_permit_access); /* a free frame */
    assert_int_equal(map(2, 1, 0, HOST, 0x1000).status, GNTST_bad_page);
    grant(1, 0, 2, NR + 5, GTF_permit_access); /* beyond the frame table */
    assert_int_equal(map(2, 1, 0, HOST | RO, 0x1000).status, GNTST_bad_page);
    assert_int_equal(gflags(1, 0), GTF_permit_access);
    assert_int_equal(tables[2].maptrack_used, 0);
}

static void test_map_page_table_frame_refused(void **state)
{
    (void)state;
    /* A frame in use as a page table cannot be mapped writable. */
    assert_true(get_page(&frames[6], 1));
    assert_int_equal(get_page_type(&frames[6], PGT_L1), 1);
    grant(1, 0, 2, 6, GTF_permit_access);
    assert_int_equal(map(2, 1, 0, HOST, 0x1000).status, GNTST_general_error);
    assert_int_equal(gflags(1, 0), GTF_permit_access);
    assert_int_equal(frames[6].count, 1);
    assert_int_equal(map(2, 1, 0, HOST | RO, 0x1000).status, GNTST_okay);
    assert_int_equal(frames[6].count, 2);
}

static void test_pins_shared_and_counted(void **state)
{
    struct gnttab_map_grant_ref a, b, c;

    (void)state;
    grant(1, 7, 2, 8, GTF_permit_access);
    a = map(2, 1, 7, HOST | RO, 0x1000);
    b = map(2, 1, 7, HOST, 0x2000);
    c = map(2, 1, 7, HOST | DEV, 0x3000);
    assert_int_equal(a.status, GNTST_okay);
    assert_int_equal(b.status, GNTST_okay);
    assert_int_equal(c.status, GNTST_okay);
    assert_int_not_equal(a.handle, b.handle);
    assert_int_equal(tables[1].active[0][7].pin,
                     GNTPIN_hstr_inc + 2 * GNTPIN_hstw_inc + GNTPIN_devw_inc);
    assert_int_equal(frames[8].count, 4);
    assert_int_equal(frames[8].type_count, 3);

    /* Another grantee cannot join a grant pinned for domain 2. */
    grant(1, 7, 3, 8, GTF_permit_access);
    assert_int_equal(map(3, 1, 7, HOST | RO, 0x1000).status, GNTST_general_error);
    grant(1, 7, 2, 8, GTF_permit_access | GTF_reading | GTF_writing);

    /* Unmap the device half of c only: the handle lives on. */
    assert_int_equal(unmap(2, c.handle, 0, (8ull << 12) + 4096), GNTST_bad_dev_addr);
    assert_int_equal(unmap(2, c.handle, 0, 8ull << 12), GNTST_okay);
    assert_int_equal(tables[2].maptrack_used, 3);
    assert_int_equal(unmap(2, c.handle, 0, 8ull << 12), GNTST_okay); /* nothing left to do */
    assert_int_equal(unmap(2, c.handle, 0x3000, 0), GNTST_okay);
    assert_int_equal(tables[2].maptrack_used, 2);
    assert_int_equal(unmap(2, c.handle, 0x3000, 0), GNTST_bad_handle);

    assert_int_equal(unmap(2, b.handle, 0x2000, 0), GNTST_okay);
    /* Only the read-only mapping is left: writing is clear, reading not. */
    assert_int_equal(gflags(1, 7), GTF_permit_access | GTF_reading);
    assert_int_equal(frames[8].type_count, 0);
    assert_int_equal(unmap(2, a.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(gflags(1, 7), GTF_permit_access);
    assert_int_equal(frames[8].count, 0);
}

static void test_pin_overflow(void **state)
{
    unsigned int i;

    (void)state;
    grant(1, 0, 2, 3, GTF_permit_access);
    tables[2].max_maptrack_pages = 1;
    /* As Xen: a counter stops at 128, well short of wrapping. */
    for (i = 0; i < 128; i++)
        assert_int_equal(map(2, 1, 0, DEV | RO, 0).status, GNTST_okay);
    assert_int_equal(map(2, 1, 0, DEV | RO, 0).status, GNTST_general_error);
    assert_int_equal(map(2, 1, 0, DEV, 0).status, GNTST_okay); /* another counter */
}

static void test_maptrack_exhausted(void **state)
{
    unsigned int i;

    (void)state;
    for (i = 0; i < GNTTAB_PER_FRAME; i++)
        grant(1, i, 2, 3, GTF_permit_access | GTF_readonly);
    for (i = 0; i < MAPTRACK_PER_PAGE; i++)
        assert_int_equal(map(2, 1, i, DEV | RO, 0).status, GNTST_okay);
    assert_int_equal(map(2, 1, 0, DEV | RO, 0).status, GNTST_no_space);
    assert_int_equal(tables[1].active[0][0].pin, GNTPIN_devr_inc);
    /* One handle back, one map more. */
    assert_int_equal(unmap(2, 17, 0, 3ull << 12), GNTST_okay);
    assert_int_equal(map(2, 1, 0, DEV | RO, 0).status, GNTST_okay);
    assert_int_equal(tables[1].active[0][0].pin, 2 * GNTPIN_devr_inc);
}

static void test_unmap_errors(void **state)
{
    struct gnttab_map_grant_ref m;

    (void)state;
    grant(1, 0, 2, 3, GTF_permit_access);
    m = map(2, 1, 0, HOST, 0x1000);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(unmap(2, 100000, 0x1000, 0), GNTST_bad_handle);
    assert_int_equal(unmap(2, m.handle + 1, 0x1000, 0), GNTST_bad_handle);
    assert_int_equal(unmap(3, m.handle, 0x1000, 0), GNTST_bad_handle);
    /* The wrong address: the mapping stays, pinned. */
    assert_int_equal(unmap(2, m.handle, 0x5000, 0), GNTST_general_error);
    assert_int_equal(gflags(1, 0), GTF_permit_access | GTF_reading | GTF_writing);
    /* Zero addresses: nothing to do, and said so. */
    assert_int_equal(unmap(2, m.handle, 0, 0), GNTST_okay);
    assert_int_equal(tables[2].maptrack_used, 1);
    assert_int_equal(unmap(2, m.handle, 0x1000, 0), GNTST_okay);
}

static void test_unmap_and_replace(void **state)
{
    struct gnttab_map_grant_ref m, n;
    struct gnttab_unmap_and_replace op;

    (void)state;
    grant(1, 0, 2, 3, GTF_permit_access);
    grant(1, 1, 2, 4, GTF_permit_access);
    m = map(2, 1, 0, HOST, 0x1000);
    n = map(2, 1, 1, HOST | RO, 0x2000);
    op = (struct gnttab_unmap_and_replace){ .host_addr = 0x1000, .new_addr = 0x2000,
                                            .handle = m.handle };
    gnttab_unmap_and_replace(&tables[2], &op);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(pte_at(&tables[2], 0x1000)->mfn, 4);
    assert_null(pte_at(&tables[2], 0x2000));
    assert_int_equal(gflags(1, 0), GTF_permit_access);
    assert_int_equal(frames[3].count, 0);
    assert_int_equal(frames[4].count, 1);
    /* n's mapping now lives at 0x1000. */
    assert_int_equal(unmap(2, n.handle, 0x2000, 0), GNTST_general_error);
    assert_int_equal(unmap(2, n.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(frames[4].count, 0);
}

static void test_revoke_while_mapped(void **state)
{
    struct gnttab_map_grant_ref m;
    grant_entry_v1_t *e = &tables[1].shared[0][4];

    (void)state;
    grant(1, 4, 2, 9, GTF_permit_access);
    m = map(2, 1, 4, HOST, 0x1000);
    assert_int_equal(m.status, GNTST_okay);
    /* The guest's end-access, a compare-and-swap from flags without the
     * in-use bits, fails: the entry shows it is mapped. */
    assert_int_not_equal(e->flags & (GTF_reading | GTF_writing), 0);
    /* A guest that clears the entry anyway: the mapping stays usable and
     * pinned, no one else can map the entry, and unmapping still works. */
    e->flags = 0;
    assert_int_equal(frames[9].count, 1);
    assert_int_equal(map(3, 1, 4, HOST, 0x1000).status, GNTST_general_error);
    /* The pinned grantee may even map it again: the pin, not the entry,
     * is what counts (as Xen). */
    assert_int_equal(map(2, 1, 4, HOST | RO, 0x4000).status, GNTST_okay);
    assert_int_equal(unmap(2, m.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(e->flags, 0);
    assert_int_equal(frames[9].count, 1);
}

static struct gnttab_copy copy_op(uint16_t flags, domid_t sdom, uint32_t sref, uint16_t soff,
                                  domid_t ddom, uint32_t dref, uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = { .len = len, .flags = flags };

    op.source.domid = sdom;
    op.source.offset = soff;
    op.dest.domid = ddom;
    op.dest.offset = doff;
    if (flags & GNTCOPY_source_gref)
        op.source.u.ref = sref;
    else
        op.source.u.gmfn = sref;
    if (flags & GNTCOPY_dest_gref)
        op.dest.u.ref = dref;
    else
        op.dest.u.gmfn = dref;
    return op;
}

static int16_t copy(domid_t by, struct gnttab_copy op)
{
    gnttab_copy(&tables[by], &op);
    return op.status;
}

#define SRC_GREF GNTCOPY_source_gref
#define DST_GREF GNTCOPY_dest_gref

static void test_copy(void **state)
{
    struct snapshot s;

    (void)state;
    grant(1, 0, 2, 3, GTF_permit_access | GTF_readonly);
    grant(1, 1, 2, 4, GTF_permit_access);
    /* Pull 4 KiB from a read-only grant into our frame 20. */
    assert_int_equal(copy(2, copy_op(SRC_GREF, 1, 0, 0, DOMID_SELF, 20, 0, 4096)), GNTST_okay);
    assert_memory_equal(mem[20], mem[3], 4096);
    /* Push 100 bytes from frame 21 into the writable grant, at an offset. */
    assert_int_equal(copy(2, copy_op(DST_GREF, DOMID_SELF, 21, 10, 1, 1, 4000, 96)), GNTST_okay);
    assert_int_equal(mem[4][3999], 4);
    assert_int_equal(mem[4][4000], 21);
    assert_int_equal(mem[4][4095], 21);
    assert_int_equal(gflags(1, 0), GTF_permit_access | GTF_readonly);
    assert_int_equal(gflags(1, 1), GTF_permit_access);
    assert_int_equal(frames[3].count + frames[4].count + frames[20].count + frames[21].count, 0);

    snap(&s);
    memset(mem[4], 4, 4096);
    /* Errors, in Xen's order; none leaves a pin, a reference or a bit. */
    assert_int_equal(copy(2, copy_op(0, 9, 20, 0, 1, 1, 0, 0)), GNTST_okay); /* len 0 */
    assert_int_equal(copy(2, copy_op(DST_GREF, 2, 20, 0, 1, 1, 0, 8)), GNTST_permission_denied);
    assert_int_equal(copy(2, copy_op(DST_GREF, DOMID_SELF, 20, 0, 9, 1, 0, 8)), GNTST_bad_domain);
    assert_int_equal(copy(2, copy_op(DST_GREF, DOMID_SELF, 20, 0, 1, 999, 0, 8)), GNTST_bad_gntref);
    assert_int_equal(copy(2, copy_op(DST_GREF, DOMID_SELF, 20, 0, 1, 0, 0, 8)), GNTST_general_error);
    assert_int_equal(copy(2, copy_op(DST_GREF, DOMID_SELF, 3, 0, 1, 1, 0, 8)), GNTST_bad_page);
    assert_int_equal(copy(3, copy_op(DST_GREF, DOMID_SELF, 33, 0, 1, 1, 0, 8)), GNTST_general_error);
    assert_int_equal(copy(2, copy_op(DST_GREF, DOMID_SELF, 20, 4090, 1, 1, 0, 8)), GNTST_bad_copy_arg);
    assert_int_equal(copy(2, copy_op(SRC_GREF, 1, 0, 0, DOMID_SELF, 20, 4089, 8)), GNTST_bad_copy_arg);
    assert_unchanged(&s);
    assert_int_equal(mem[4][0], 4);
}

/* Once its domain is dying, nobody may take a grant of it any more; the
 * refusal changes nothing. */
static void test_dying_granter(void **state)
{
    struct snapshot s;

    (void)state;
    grant(1, 0, 2, 3, GTF_permit_access);
    tables[1].dying = true;
    snap(&s);
    assert_int_equal(map(2, 1, 0, GNTMAP_host_map, 0x1000).status, GNTST_general_error);
    assert_int_equal(copy(2, copy_op(SRC_GREF, 1, 0, 0, DOMID_SELF, 20, 0, 8)), GNTST_bad_domain);
    assert_int_equal(copy(2, copy_op(DST_GREF, DOMID_SELF, 20, 0, 1, 0, 0, 8)), GNTST_bad_domain);
    assert_unchanged(&s);
    tables[1].dying = false;
    assert_int_equal(copy(2, copy_op(SRC_GREF, 1, 0, 0, DOMID_SELF, 20, 0, 8)), GNTST_okay);
}

static void test_copy_alongside_map(void **state)
{
    struct gnttab_map_grant_ref m;

    (void)state;
    grant(1, 2, 2, 5, GTF_permit_access);
    m = map(2, 1, 2, HOST | RO, 0x1000);
    /* A writable copy joins the read-only pin, and leaves it as it was. */
    assert_int_equal(copy(2, copy_op(DST_GREF, DOMID_SELF, 22, 0, 1, 2, 0, 64)), GNTST_okay);
    assert_int_equal(gflags(1, 2), GTF_permit_access | GTF_reading);
    assert_int_equal(tables[1].active[0][2].pin, GNTPIN_hstr_inc);
    assert_int_equal(frames[5].count, 1);
    assert_int_equal(frames[5].type_count, 0);
    /* Grant copy by another domain while domain 2 has it pinned: refused. */
    grant(1, 2, 3, 5, GTF_permit_access | GTF_reading);
    assert_int_equal(copy(3, copy_op(DST_GREF, DOMID_SELF, 34, 0, 1, 2, 0, 64)), GNTST_general_error);
    assert_int_equal(unmap(2, m.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(copy(3, copy_op(DST_GREF, DOMID_SELF, 34, 0, 1, 2, 0, 64)), GNTST_okay);
}

static void test_release_mappings(void **state)
{
    (void)state;
    grant(1, 0, 2, 3, GTF_permit_access);
    grant(1, 1, 2, 4, GTF_permit_access);
    assert_int_equal(map(2, 1, 0, HOST, 0x1000).status, GNTST_okay);
    assert_int_equal(map(2, 1, 1, DEV | RO, 0).status, GNTST_okay);
    assert_true(gnttab_has_pins(&tables[1]));
    /* Domain 2 dies: its page tables go first (the PTE's references)... */
    drop_pte_refs(pte_at(&tables[2], 0x1000));
    /* ...then its mappings. */
    gnttab_release_mappings(&tables[2]);
    assert_false(gnttab_has_pins(&tables[1]));
    assert_int_equal(gflags(1, 0), GTF_permit_access);
    assert_int_equal(gflags(1, 1), GTF_permit_access);
    assert_int_equal(frames[3].count + frames[4].count, 0);
    assert_int_equal(frames[3].type, PGT_NONE);
    assert_int_equal(tables[2].maptrack_used, 0);
}

static void test_versions_and_dump(void **state)
{
    struct gnttab_set_version sv = { 1 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    struct gnttab_get_status_frames gs = { .nr_frames = 1, .dom = DOMID_SELF };
    struct gnttab_dump_table dt = { .dom = DOMID_SELF };

    (void)state;
    assert_int_equal(gnttab_set_version(&tables[1], &sv), 0);
    sv.version = 2;
    assert_int_equal(gnttab_set_version(&tables[1], &sv), -ENOSYS);
    sv.version = 3;
    assert_int_equal(gnttab_set_version(&tables[1], &sv), -EINVAL);
    assert_int_equal(gnttab_get_version(&tables[1], &gv), 0);
    assert_int_equal(gv.version, 1);
    gv.dom = 2;
    assert_int_equal(gnttab_get_version(&tables[1], &gv), -EPERM);
    gv.dom = 9;
    assert_int_equal(gnttab_get_version(&tables[0], &gv), -ESRCH);
    gnttab_get_status_frames(&tables[1], &gs);
    assert_int_equal(gs.status, GNTST_general_error);
    gs.nr_frames = 0;
    gnttab_get_status_frames(&tables[1], &gs);
    assert_int_equal(gs.status, GNTST_okay);
    gs.dom = 2;
    gnttab_get_status_frames(&tables[1], &gs);
    assert_int_equal(gs.status, GNTST_permission_denied);

    grant(1, 3, 2, 3, GTF_permit_access);
    assert_int_equal(map(2, 1, 3, HOST, 0x1000).status, GNTST_okay);
    gnttab_dump_table(&tables[1], &dt);
    assert_int_equal(dt.status, GNTST_okay);
    assert_int_equal(print_lines, 2);
    dt.dom = 2;
    gnttab_dump_table(&tables[1], &dt);
    assert_int_equal(dt.status, GNTST_permission_denied);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_init_and_query), T(test_setup_table), T(test_map_unmap_writable),
        T(test_seed), T(test_map_readonly), T(test_map_errors), T(test_map_page_table_frame_refused),
        T(test_pins_shared_and_counted), T(test_pin_overflow), T(test_maptrack_exhausted),
        T(test_unmap_errors), T(test_unmap_and_replace), T(test_revoke_while_mapped),
        T(test_copy), T(test_dying_granter), T(test_copy_alongside_map), T(test_release_mappings),
        T(test_versions_and_dump),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
