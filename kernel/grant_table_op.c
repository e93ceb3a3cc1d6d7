/*
 * Grant tables as a hypercall (__HYPERVISOR_grant_table_op): the glue
 * between Keel's domains and the logic of kernel/grant_table.c. One lock
 * covers every table, so an operation on two domains (map, copy) sees
 * both still; each batch element takes it on its own, so a long batch
 * lets others in between. Grant-table frames are shared pages
 * (alloc_shared_page): the guest maps them, but can never make one a page
 * table.
 */
#include <asm/grant_table.h>
#include <keel/console.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/grant_table.h>
#include <keel/grant_table_op.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <keel/page.h>
#include <keel/spinlock.h>
#include <public/grant_table.h>

/* The operation is in the low 12 bits; Xen keeps the rest for its own
 * continuations and refuses them from guests. */
#define GNTTABOP_CMD_MASK 0xfffu

/* Taken with interrupts off: the `g` debug key runs from an interrupt. */
static spinlock_t grant_lock = SPINLOCK_INIT("grant");

static unsigned long grant_lock_take(void)
{
    return spin_lock_irqsave(&grant_lock);
}

static void grant_lock_drop(unsigned long flags)
{
    spin_unlock_irqrestore(&grant_lock, flags);
}

static struct grant_table *table_by_id(void *ctx, domid_t id)
{
    struct domain *d = domain_by_id(id);

    (void)ctx;
    return d && d->grant.hooks ? &d->grant : NULL;
}

static void *alloc_shared_frame(void *ctx, struct grant_table *t, uint64_t *mfn)
{
    (void)ctx;
    *mfn = alloc_shared_page(t->domid);
    return *mfn == INVALID_MFN ? NULL : phys_to_virt(*mfn << PAGE_SHIFT);
}

static void free_shared_frame(void *ctx, struct grant_table *t, void *va, uint64_t mfn)
{
    (void)ctx;
    (void)t;
    (void)va;
    free_shared_page(mfn);
}

static void *zalloc(void *ctx, size_t size)
{
    (void)ctx;
    return alloc_xen_memory(size);
}

static void xfree(void *ctx, void *p, size_t size)
{
    (void)ctx;
    free_xen_memory(p, size);
}

static void *map_frame(void *ctx, uint64_t mfn)
{
    (void)ctx;
    return phys_to_virt(mfn << PAGE_SHIFT);
}

/* Host mappings are made by the calling vCPU, in its own page tables. */
static int host_map(void *ctx, struct grant_table *t, uint64_t addr, uint64_t mfn,
                    uint32_t flags)
{
    (void)ctx;
    (void)t;
    return pv_grant_host_map(current_vcpu(), addr, mfn, flags);
}

static int host_unmap(void *ctx, struct grant_table *t, uint64_t addr, uint64_t mfn,
                      uint64_t new_addr, uint32_t flags)
{
    (void)ctx;
    (void)t;
    return pv_grant_host_unmap(current_vcpu(), addr, mfn, new_addr, flags);
}

static void unreferenced(void *ctx, uint64_t mfn)
{
    (void)ctx;
    frame_unreferenced(mfn);
}

static void print(void *ctx, const char *line)
{
    (void)ctx;
    kinfo("%s\n", line);
}

static const struct gnttab_hooks hooks = {
    .table_by_id = table_by_id, .alloc_shared_frame = alloc_shared_frame,
    .free_shared_frame = free_shared_frame, .zalloc = zalloc, .free = xfree,
    .map_frame = map_frame, .host_map = host_map, .host_unmap = host_unmap,
    .unreferenced = unreferenced, .print = print,
};

int domain_grant_init(struct domain *d)
{
    struct grant_table *t = &d->grant;
    int rc;

    t->domid = d->domid;
    t->privileged = d->is_privileged;
    t->ft = &frame_table;
    t->max_frames = GNTTAB_MAX_FRAMES;
    t->max_maptrack_pages = MAPTRACK_MAX_PAGES;
    t->hooks = &hooks;
    rc = gnttab_init(t);
    if (rc)
        t->hooks = NULL;
    return rc;
}

int domain_grant_seed(struct domain *d, uint32_t ref, uint16_t domid, uint64_t frame)
{
    unsigned long flags = grant_lock_take();
    int rc = gnttab_seed(&d->grant, ref, domid, frame);

    grant_lock_drop(flags);
    return rc;
}

void domain_grant_kill(struct domain *d)
{
    unsigned long flags = grant_lock_take();

    d->grant.dying = true;
    grant_lock_drop(flags);
}

void domain_grant_release(struct domain *d)
{
    unsigned long flags;

    if (!d->grant.hooks)
        return;
    flags = grant_lock_take();
    gnttab_release_mappings(&d->grant);
    grant_lock_drop(flags);
}

bool domain_grant_free(struct domain *d)
{
    unsigned long flags = grant_lock_take();
    bool pinned = d->grant.hooks && gnttab_has_pins(&d->grant);

    if (!pinned && d->grant.hooks) {
        gnttab_destroy(&d->grant);
        d->grant.hooks = NULL; /* table_by_id finds it no more */
    }
    grant_lock_drop(flags);
    return !pinned;
}

void grant_dump_all(void)
{
    unsigned long flags = grant_lock_take();

    for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
        struct grant_table *t = table_by_id(NULL, (domid_t)id);

        if (t)
            gnttab_dump(t);
    }
    grant_lock_drop(flags);
}

/* The batched operations: one element at a time, each under the lock. */
#define BATCH(type, fn)                                                      \
    static long batch_##fn(struct grant_table *ld, hc_arg_t uop,             \
                           unsigned int count)                               \
    {                                                                        \
        for (unsigned int i = 0; i < count; i++) {                           \
            hc_arg_t at = uop + (uint64_t)i * sizeof(type);                  \
            type op;                                                         \
                                                                             \
            if (copy_from_guest(&op, at, sizeof(op)))                        \
                return -EFAULT;                                              \
            unsigned long flags = grant_lock_take();                         \
            fn(ld, &op);                                                     \
            grant_lock_drop(flags);                                          \
            if (copy_to_guest(at, &op, sizeof(op)))                          \
                return -EFAULT;                                              \
        }                                                                    \
        return 0;                                                            \
    }

BATCH(struct gnttab_map_grant_ref, gnttab_map_grant_ref)
BATCH(struct gnttab_unmap_grant_ref, gnttab_unmap_grant_ref)
BATCH(struct gnttab_unmap_and_replace, gnttab_unmap_and_replace)
BATCH(struct gnttab_copy, gnttab_copy)

static long setup_table(struct grant_table *ld, hc_arg_t uop, unsigned int count)
{
    struct gnttab_setup_table op;
    struct grant_table *t;
    unsigned long flags;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    if (!guest_range_ok((uint64_t)(uintptr_t)op.frame_list, (size_t)op.nr_frames * sizeof(xen_pfn_t)))
        return -EFAULT;
    flags = grant_lock_take();
    gnttab_setup_table(ld, &op, &t);
    grant_lock_drop(flags);
    /* A table never shrinks: the frames stay valid without the lock. */
    for (uint32_t i = 0; op.status == GNTST_okay && i < op.nr_frames; i++) {
        xen_pfn_t mfn = gnttab_frame_mfn(t, i);

        if (copy_to_guest((uint64_t)(uintptr_t)op.frame_list + i * sizeof(mfn), &mfn, sizeof(mfn)))
            op.status = GNTST_bad_virt_addr;
    }
    return copy_to_guest(uop + offsetof(struct gnttab_setup_table, status), &op.status,
                         sizeof(op.status)) ? -EFAULT : 0;
}

/* The single-structure queries: count must be 1, written back whole. */
#define QUERY(type, fn)                                                      \
    static long query_##fn(struct grant_table *ld, hc_arg_t uop,             \
                           unsigned int count)                               \
    {                                                                        \
        type op;                                                             \
                                                                             \
        if (count != 1)                                                      \
            return -EINVAL;                                                  \
        if (copy_from_guest(&op, uop, sizeof(op)))                           \
            return -EFAULT;                                                  \
        unsigned long flags = grant_lock_take();                             \
        fn(ld, &op);                                                         \
        grant_lock_drop(flags);                                              \
        return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;            \
    }

QUERY(struct gnttab_query_size, gnttab_query_size)
QUERY(struct gnttab_dump_table, gnttab_dump_table)

static long status_frames(struct grant_table *ld, hc_arg_t uop, unsigned int count)
{
    struct gnttab_get_status_frames op;
    unsigned long flags;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    if (!guest_range_ok((uint64_t)(uintptr_t)op.frame_list, (size_t)op.nr_frames * sizeof(uint64_t)))
        return -EFAULT;
    flags = grant_lock_take();
    gnttab_get_status_frames(ld, &op);
    grant_lock_drop(flags);
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long set_version(struct grant_table *ld, hc_arg_t uop)
{
    struct gnttab_set_version op;
    long rc;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    rc = gnttab_set_version(ld, &op);
    op.version = 1; /* what is in effect, whatever was asked */
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long get_version(struct grant_table *ld, hc_arg_t uop)
{
    struct gnttab_get_version op;
    unsigned long flags;
    long rc;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    flags = grant_lock_take();
    rc = gnttab_get_version(ld, &op);
    grant_lock_drop(flags);
    if (!rc && copy_to_guest(uop, &op, sizeof(op)))
        return -EFAULT;
    return rc;
}

long do_grant_table_op(hc_arg_t cmd, hc_arg_t uop, hc_arg_t count)
{
    struct grant_table *ld = &current_vcpu()->domain->grant;
    unsigned int n = (unsigned int)count;

    if ((int)n < 0 || (cmd & ~(hc_arg_t)GNTTABOP_CMD_MASK))
        return -EINVAL;
    if (!ld->hooks)
        return -ENOSYS;
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        return batch_gnttab_map_grant_ref(ld, uop, n);
    case GNTTABOP_unmap_grant_ref:
        return batch_gnttab_unmap_grant_ref(ld, uop, n);
    case GNTTABOP_unmap_and_replace:
        return batch_gnttab_unmap_and_replace(ld, uop, n);
    case GNTTABOP_copy:
        return batch_gnttab_copy(ld, uop, n);
    case GNTTABOP_setup_table:
        return setup_table(ld, uop, n);
    case GNTTABOP_query_size:
        return query_gnttab_query_size(ld, uop, n);
    case GNTTABOP_get_status_frames:
        return status_frames(ld, uop, n);
    case GNTTABOP_dump_table:
        return query_gnttab_dump_table(ld, uop, n);
    case GNTTABOP_set_version:
        return set_version(ld, uop);
    case GNTTABOP_get_version:
        return get_version(ld, uop);
    default:
        return -ENOSYS;
    }
}
