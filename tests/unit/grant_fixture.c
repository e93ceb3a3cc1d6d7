/*
 * The fake machine of the grant-table tests (see grant_fixture.h).
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
#include "grant_fixture.h"

uint8_t mem[NR][4096];
struct page_info frames[NR];
static struct frame_table ft = { frames, NR };
struct grant_table tables[4];
unsigned int pool_used;
unsigned int print_lines;

struct host_pte ptes[4][MAX_HOST];

static struct grant_table *by_id(void *ctx, domid_t id)
{
    (void)ctx;
    return id < 4 ? &tables[id] : NULL;
}

/* As Keel: owned by the domain, with a permanent writable type. */
static void *alloc_shared(void *ctx, struct grant_table *t, uint64_t *mfn)
{
    (void)ctx;
    if (pool_used == NR - POOL)
        return NULL;
    *mfn = POOL + pool_used++;
    frames[*mfn].owner = t->domid;
    assert_true(get_page(&frames[*mfn], t->domid));
    assert_int_equal(get_page_type(&frames[*mfn], PGT_WRITABLE), 1);
    memset(mem[*mfn], 0, 4096);
    return mem[*mfn];
}

static void free_shared(void *ctx, struct grant_table *t, void *va, uint64_t mfn)
{
    (void)ctx;
    (void)t;
    assert_ptr_equal(va, mem[mfn]);
    assert_int_equal(put_page_type(&frames[mfn]), 1);
    assert_int_equal(put_page(&frames[mfn]), 1);
}

static void *zalloc(void *ctx, size_t n) { (void)ctx; return calloc(1, n); }
static void zfree(void *ctx, void *p, size_t n) { (void)ctx; (void)n; free(p); }
static void *map_frame(void *ctx, uint64_t mfn) { (void)ctx; return mem[mfn]; }

/* What put_l1e does for an entry that goes away. */
void drop_pte_refs(struct host_pte *p)
{
    if (p->rw)
        assert_true(put_page_type(&frames[p->mfn]) >= 0);
    assert_true(put_page(&frames[p->mfn]) >= 0);
    p->used = false;
}

struct host_pte *pte_at(struct grant_table *t, uint64_t addr)
{
    unsigned int i;

    for (i = 0; i < MAX_HOST; i++)
        if (ptes[t->domid][i].used && ptes[t->domid][i].addr == addr)
            return &ptes[t->domid][i];
    return NULL;
}

static int host_map(void *ctx, struct grant_table *t, uint64_t addr, uint64_t mfn,
                    uint32_t flags)
{
    struct host_pte *p = pte_at(t, addr);
    unsigned int i;

    (void)ctx;
    if (addr == BAD_ADDR)
        return GNTST_general_error;
    if (p)
        drop_pte_refs(p);
    for (i = 0; ptes[t->domid][i].used; i++)
        ;
    ptes[t->domid][i] = (struct host_pte){ addr, mfn, !(flags & GNTMAP_readonly), true };
    return GNTST_okay;
}

static int host_unmap(void *ctx, struct grant_table *t, uint64_t addr, uint64_t mfn,
                      uint64_t new_addr, uint32_t flags)
{
    struct host_pte *p = pte_at(t, addr), *q;

    (void)ctx;
    if (!p || p->mfn != mfn || p->rw != !(flags & GNTMAP_readonly))
        return GNTST_general_error;
    p->used = false;
    if (new_addr && (q = pte_at(t, new_addr)))
        q->addr = addr; /* moved, references and all */
    return GNTST_okay;
}

static void print(void *ctx, const char *line)
{
    (void)ctx;
    assert_non_null(strstr(line, "d"));
    print_lines++;
}

static const struct gnttab_hooks hooks = {
    .table_by_id = by_id, .alloc_shared_frame = alloc_shared,
    .free_shared_frame = free_shared, .zalloc = zalloc, .free = zfree,
    .map_frame = map_frame, .host_map = host_map, .host_unmap = host_unmap,
    .print = print,
};

int setup(void **state)
{
    unsigned int i;

    (void)state;
    memset(frames, 0, sizeof(frames));
    memset(ptes, 0, sizeof(ptes));
    pool_used = print_lines = 0;
    for (i = 0; i < NR; i++) {
        frames[i].owner = i == 0 ? DOMID_INVALID : i < 16 ? 1 : i < 32 ? 2 : i < 48 ? 3 : DOMID_INVALID;
        frames[i].flags = i >= 48 && i < POOL ? PGF_FREE : 0;
        memset(mem[i], (int)i, 4096);
    }
    for (i = 0; i < 4; i++) {
        memset(&tables[i], 0, sizeof(tables[i]));
        tables[i] = (struct grant_table){ .domid = (domid_t)i, .privileged = i == 0,
                                          .ft = &ft, .max_frames = 2,
                                          .max_maptrack_pages = 1, .hooks = &hooks };
        assert_int_equal(gnttab_init(&tables[i]), 0);
    }
    return 0;
}

int teardown(void **state)
{
    unsigned int i;

    (void)state;
    for (i = 0; i < 4; i++)
        gnttab_destroy(&tables[i]);
    return 0;
}

/* Domain `from` grants frame to `to` at ref, as a guest writes it. */
void grant(domid_t from, grant_ref_t ref, domid_t to, uint32_t frame, uint16_t flags)
{
    grant_entry_v1_t *e = &tables[from].shared[ref / GNTTAB_PER_FRAME][ref % GNTTAB_PER_FRAME];

    e->domid = to;
    e->frame = frame;
    e->flags = flags;
}

uint16_t gflags(domid_t from, grant_ref_t ref)
{
    return tables[from].shared[ref / GNTTAB_PER_FRAME][ref % GNTTAB_PER_FRAME].flags;
}

struct gnttab_map_grant_ref map(domid_t by, domid_t from, grant_ref_t ref,
                                       uint32_t flags, uint64_t addr)
{
    struct gnttab_map_grant_ref op = { .host_addr = addr, .flags = flags, .ref = ref,
                                       .dom = from, .handle = 0x5a5a };

    gnttab_map_grant_ref(&tables[by], &op);
    return op;
}

int16_t unmap(domid_t by, grant_handle_t h, uint64_t addr, uint64_t bus)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = addr, .dev_bus_addr = bus, .handle = h };

    gnttab_unmap_grant_ref(&tables[by], &op);
    return op.status;
}

