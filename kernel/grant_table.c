/*
 * Grant tables v1 (see keel/grant_table.h for the invariants). Each
 * operation follows Xen 4.17's, check for check, so a guest sees the same
 * status for the same request; where Keel differs it says so here:
 *   - only version 1 exists: set_version(2) is -ENOSYS, as Xen answers
 *     when its gnttab_max_version is 1; get_status_frames is then a
 *     general error, as Xen's on a v1 table;
 *   - grants of I/O memory (frames outside RAM) are refused with a
 *     general error (Xen allows them to domains with I/O rights);
 *   - no IOMMU: device mappings return the machine address to DMA to;
 *   - a mapping whose granter is gone is reported as GNTST_bad_domain on
 *     unmap (Xen crashes the mapper);
 *   - transfer, swap_grant_ref and cache_flush are not offered (-ENOSYS).
 */
#include <keel/errno.h>
#include <keel/grant_table.h>
#include <keel/string.h>
#include <public/grant_table.h>

#define NO_HANDLE UINT32_MAX
#define PAGE_BYTES 4096u

/* Retries of a compare-and-swap on a word the guest shares, as Xen's
 * bound: a guest changing it faster than Keel can is refused. */
#define CAS_RETRIES 4

#define GNTPIN_w_mask (GNTPIN_hstw_mask | GNTPIN_devw_mask)

static uint32_t nr_entries(const struct grant_table *t)
{
    return t->nr_frames * GNTTAB_PER_FRAME;
}

static grant_entry_v1_t *shared_entry(struct grant_table *t, grant_ref_t ref)
{
    return &t->shared[ref / GNTTAB_PER_FRAME][ref % GNTTAB_PER_FRAME];
}

static struct active_grant *active_entry(struct grant_table *t, grant_ref_t ref)
{
    return &t->active[ref / GNTTAB_PER_FRAME][ref % GNTTAB_PER_FRAME];
}

static struct grant_mapping *maptrack_entry(struct grant_table *t, uint32_t h)
{
    return &t->maptrack[h / MAPTRACK_PER_PAGE][h % MAPTRACK_PER_PAGE];
}

/* The {flags, domid} word of an entry, as one 32-bit value (x86 order). */
static uint32_t *entry_word(grant_entry_v1_t *e)
{
    return (uint32_t *)(void *)e;
}

static uint16_t word_flags(uint32_t w) { return (uint16_t)w; }
static domid_t word_domid(uint32_t w) { return (domid_t)(w >> 16); }

/*
 * The domain an operation names: DOMID_SELF or a live table. any: Xen's
 * rcu_lock_domain_by_any_id (DOMID_SELF allowed); else by_id only.
 */
static struct grant_table *lookup(struct grant_table *ld, domid_t dom, bool any)
{
    if (dom == DOMID_SELF)
        return any ? ld : NULL;
    if (dom == ld->domid)
        return ld;
    return ld->hooks->table_by_id(ld->hooks->ctx, dom);
}

/*
 * The table a query or setup names (DOMID_SELF allowed), if ld may act on
 * it: Xen's default XSM "target" check, oneself or the control domain.
 * NULL with *status set otherwise.
 */
static struct grant_table *controlled(struct grant_table *ld, domid_t dom, int16_t *status)
{
    struct grant_table *t = lookup(ld, dom, true);

    if (!t)
        *status = GNTST_bad_domain;
    else if (t != ld && !ld->privileged)
        *status = GNTST_permission_denied;
    else
        return t;
    return NULL;
}

/* ---------------------------------------------------------------- growth */

static int grow(struct grant_table *t, uint32_t want)
{
    const struct gnttab_hooks *h = t->hooks;

    while (t->nr_frames < want) {
        uint32_t i = t->nr_frames;
        uint64_t mfn;
        void *va;

        t->active[i] = h->zalloc(h->ctx, GNTTAB_PER_FRAME * sizeof(struct active_grant));
        if (!t->active[i])
            return -ENOMEM;
        va = h->alloc_shared_frame(h->ctx, t, &mfn);
        if (!va) {
            h->free(h->ctx, t->active[i], GNTTAB_PER_FRAME * sizeof(struct active_grant));
            t->active[i] = NULL;
            return -ENOMEM;
        }
        t->shared[i] = va;
        t->shared_mfn[i] = mfn;
        t->nr_frames = i + 1;
    }
    return 0;
}

int gnttab_init(struct grant_table *t)
{
    const struct gnttab_hooks *h = t ? t->hooks : NULL;

    if (!h || !h->table_by_id || !h->alloc_shared_frame || !h->free_shared_frame ||
        !h->zalloc || !h->free || !h->map_frame || !h->host_map || !h->host_unmap ||
        !t->ft || t->max_frames < 1 || t->max_frames > GNTTAB_MAX_FRAMES ||
        t->max_maptrack_pages > MAPTRACK_MAX_PAGES)
        return -EINVAL;
    t->nr_frames = 0;
    t->maptrack_limit = 0;
    t->maptrack_free = NO_HANDLE;
    t->maptrack_used = 0;
    return grow(t, 1);
}

void gnttab_destroy(struct grant_table *t)
{
    const struct gnttab_hooks *h = t->hooks;
    uint32_t i;

    for (i = 0; i < t->nr_frames; i++) {
        h->free_shared_frame(h->ctx, t, t->shared[i], t->shared_mfn[i]);
        h->free(h->ctx, t->active[i], GNTTAB_PER_FRAME * sizeof(struct active_grant));
        t->shared[i] = NULL;
        t->active[i] = NULL;
    }
    for (i = 0; i < t->maptrack_limit / MAPTRACK_PER_PAGE; i++) {
        h->free(h->ctx, t->maptrack[i], PAGE_BYTES);
        t->maptrack[i] = NULL;
    }
    t->nr_frames = 0;
    t->maptrack_limit = 0;
    t->maptrack_free = NO_HANDLE;
    t->maptrack_used = 0;
}

bool gnttab_has_pins(const struct grant_table *t)
{
    uint32_t ref;

    for (ref = 0; ref < nr_entries(t); ref++)
        if (active_entry((struct grant_table *)t, ref)->pin)
            return true;
    return false;
}

/* -------------------------------------------------------------- maptrack */

static uint32_t get_handle(struct grant_table *t)
{
    uint32_t h = t->maptrack_free;

    if (h == NO_HANDLE) {
        uint32_t page = t->maptrack_limit / MAPTRACK_PER_PAGE, i;
        struct grant_mapping *m;

        if (page >= t->max_maptrack_pages)
            return NO_HANDLE;
        m = t->hooks->zalloc(t->hooks->ctx, PAGE_BYTES);
        if (!m)
            return NO_HANDLE;
        for (i = 0; i < MAPTRACK_PER_PAGE; i++)
            m[i].ref = i + 1 < MAPTRACK_PER_PAGE
                           ? t->maptrack_limit + i + 1 : NO_HANDLE;
        t->maptrack[page] = m;
        h = t->maptrack_limit;
        t->maptrack_limit += MAPTRACK_PER_PAGE;
    }
    t->maptrack_free = maptrack_entry(t, h)->ref;
    t->maptrack_used++;
    return h;
}

static void put_handle(struct grant_table *t, uint32_t h)
{
    struct grant_mapping *m = maptrack_entry(t, h);

    m->flags = 0;
    m->ref = t->maptrack_free;
    t->maptrack_free = h;
    t->maptrack_used--;
}

/* ------------------------------------------------------- entry status */

/*
 * Mark entry e in use for a new pin (Xen's _set_status_v1): on the first
 * pin the entry must grant access to ldom (for a map, of a whole page);
 * GTF_reading is set, and GTF_writing for a writable use, which a
 * read-only grant refuses. Bounded retries against a racing guest.
 */
static int16_t set_status(grant_entry_v1_t *e, const struct active_grant *act,
                          bool readonly, bool mapping, domid_t ldom)
{
    uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
    uint32_t *word = entry_word(e);
    uint32_t cur = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    int tries;

    for (tries = 0;; tries++) {
        uint32_t want;

        if (!act->pin && ((word_flags(cur) & mask) != GTF_permit_access ||
                          word_domid(cur) != ldom))
            return GNTST_general_error;
        want = cur | GTF_reading;
        if (!readonly) {
            if (word_flags(cur) & GTF_readonly)
                return GNTST_general_error;
            want |= GTF_writing;
        }
        if (__atomic_compare_exchange_n(word, &cur, want, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return GNTST_okay;
        if (tries == CAS_RETRIES)
            return GNTST_general_error;
    }
}

/* After a pin is dropped: clear what no remaining pin needs. */
static void reduce_status(grant_entry_v1_t *e, const struct active_grant *act,
                          bool readonly)
{
    uint16_t clear = act->pin ? 0 : GTF_reading;

    if (!readonly && !(act->pin & GNTPIN_w_mask))
        clear |= GTF_writing;
    if (clear)
        __atomic_and_fetch(&e->flags, (uint16_t)~clear, __ATOMIC_ACQ_REL);
}

/* ------------------------------------------------------------- frames */

/* Frame gfn of t's domain, if it is one of its own (Xen's
 * get_paged_frame, for a PV owner): its mfn, or GNTST_bad_page. */
static int16_t find_frame(struct grant_table *t, uint64_t gfn, uint64_t *mfn_out)
{
    const struct gnttab_hooks *h = t->hooks;
    uint64_t mfn = h->gfn_to_mfn ? h->gfn_to_mfn(h->ctx, t, gfn) : gfn;
    struct page_info *pg = mfn == INVALID_MFN ? NULL : mfn_to_page(t->ft, mfn);

    if (!pg || pg->owner != t->domid || (pg->flags & PGF_FREE))
        return GNTST_bad_page;
    *mfn_out = mfn;
    return GNTST_okay;
}

static void put_frame(struct grant_table *t, uint64_t mfn, bool readonly)
{
    struct page_info *pg = mfn_to_page(t->ft, mfn);

    if (!readonly)
        put_page_type(pg);
    if (put_page(pg) == 1 && t->hooks->unreferenced)
        t->hooks->unreferenced(t->hooks->ctx, mfn);
}

/* --------------------------------------------------------------- map */

static uint32_t pin_increment(uint32_t flags)
{
    uint32_t incr = 0;

    if (flags & GNTMAP_device_map)
        incr += flags & GNTMAP_readonly ? GNTPIN_devr_inc : GNTPIN_devw_inc;
    if (flags & GNTMAP_host_map)
        incr += flags & GNTMAP_readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    return incr;
}

/* Adding incr would overflow one of the 8-bit counters it touches. */
static bool pin_would_overflow(uint32_t pin, uint32_t incr)
{
    return pin & (incr << 7);
}

/*
 * Pin ref of rt for ld's use (flags), first marking the entry in use and
 * recording the frame when the pin needs it. The frame's references are
 * the caller's business.
 */
static int16_t pin_for_map(struct grant_table *rt, grant_ref_t ref,
                           const struct grant_table *ld, uint32_t flags)
{
    bool ro = flags & GNTMAP_readonly;
    uint32_t incr = pin_increment(flags);
    struct active_grant *act = active_entry(rt, ref);
    grant_entry_v1_t *e = shared_entry(rt, ref);
    int16_t rc;

    if (act->pin && (act->domid != ld->domid || pin_would_overflow(act->pin, incr)))
        return GNTST_general_error;
    if (!act->pin || (!ro && !(act->pin & GNTPIN_w_mask))) {
        if ((rc = set_status(e, act, ro, true, ld->domid)) != GNTST_okay)
            return rc;
        if (!act->pin) {
            uint64_t mfn;

            if ((rc = find_frame(rt, e->frame, &mfn)) != GNTST_okay) {
                reduce_status(e, act, ro);
                return rc;
            }
            act->domid = ld->domid;
            act->mfn = mfn;
        }
    }
    act->pin += incr;
    return GNTST_okay;
}

static void unpin(struct grant_table *rt, grant_ref_t ref, uint32_t incr, bool ro)
{
    struct active_grant *act = active_entry(rt, ref);

    act->pin -= incr;
    reduce_status(shared_entry(rt, ref), act, ro);
}

/*
 * The references a mapping of the given flags holds (see the header): one
 * general per kind, one writable type per kind if writable. Taken all or
 * none.
 */
static bool get_mapping_refs(struct grant_table *rt, uint64_t mfn, uint32_t flags)
{
    struct page_info *pg = mfn_to_page(rt->ft, mfn);
    bool ro = flags & GNTMAP_readonly;
    unsigned int kinds = !!(flags & GNTMAP_host_map) + !!(flags & GNTMAP_device_map);
    unsigned int got = 0;

    for (; got < kinds; got++) {
        if (!pg || !get_page(pg, rt->domid))
            break;
        if (!ro && get_page_type(pg, PGT_WRITABLE) < 0) {
            put_page(pg);
            break;
        }
    }
    if (got == kinds)
        return true;
    while (got--)
        put_frame(rt, mfn, ro);
    return false;
}

void gnttab_map_grant_ref(struct grant_table *ld, struct gnttab_map_grant_ref *op)
{
    uint32_t incr = pin_increment(op->flags), handle;
    bool ro = op->flags & GNTMAP_readonly;
    struct grant_table *rt;
    struct grant_mapping *m;
    uint64_t mfn;
    int16_t rc;

    if (!incr) {
        op->status = GNTST_bad_gntref;
        return;
    }
    if (!(rt = lookup(ld, op->dom, false))) {
        op->status = GNTST_bad_domain;
        return;
    }
    if (rt->dying) {
        op->status = GNTST_general_error; /* Xen: its frames can no longer be got */
        return;
    }
    if ((handle = get_handle(ld)) == NO_HANDLE) {
        op->status = GNTST_no_space;
        return;
    }
    if (op->ref >= nr_entries(rt))
        rc = GNTST_bad_gntref;
    else
        rc = pin_for_map(rt, op->ref, ld, op->flags);
    if (rc != GNTST_okay)
        goto fail_handle;
    mfn = active_entry(rt, op->ref)->mfn;
    if (!get_mapping_refs(rt, mfn, op->flags)) {
        rc = GNTST_general_error;
        goto fail_pin;
    }
    if (op->flags & GNTMAP_host_map) {
        rc = ld->hooks->host_map(ld->hooks->ctx, ld, op->host_addr, mfn, op->flags);
        if (rc != GNTST_okay) {
            /* The PTE was never written: its references are still ours. */
            if (op->flags & GNTMAP_device_map)
                put_frame(rt, mfn, ro);
            put_frame(rt, mfn, ro);
            goto fail_pin;
        }
    }
    m = maptrack_entry(ld, handle);
    m->domid = rt->domid;
    m->ref = op->ref;
    m->flags = op->flags & (GNTMAP_host_map | GNTMAP_device_map | GNTMAP_readonly);
    op->dev_bus_addr = mfn << 12;
    op->handle = handle;
    op->status = GNTST_okay;
    return;

fail_pin:
    unpin(rt, op->ref, incr, ro);
fail_handle:
    put_handle(ld, handle);
    op->status = rc;
}

/* ------------------------------------------------------------- unmap */

struct unmap_req {
    uint64_t host_addr, dev_bus_addr, new_addr;
    grant_handle_t handle;
};

/* Xen's unmap_common + unmap_common_complete. */
static int16_t unmap_one(struct grant_table *ld, const struct unmap_req *req)
{
    struct grant_mapping *m;
    struct grant_table *rt;
    uint32_t done = 0, incr = 0;
    grant_ref_t ref;
    uint64_t mfn;
    bool ro;
    int16_t rc;

    if (req->handle >= ld->maptrack_limit)
        return GNTST_bad_handle;
    m = maptrack_entry(ld, req->handle);
    if (!m->flags)
        return GNTST_bad_handle;
    if (!(rt = lookup(ld, m->domid, false)))
        return GNTST_bad_domain;
    ref = m->ref;
    if (ref >= nr_entries(rt))
        return GNTST_bad_handle;
    mfn = active_entry(rt, ref)->mfn;
    ro = m->flags & GNTMAP_readonly;
    if (req->dev_bus_addr && (m->flags & GNTMAP_device_map) &&
        req->dev_bus_addr != mfn << 12)
        return GNTST_bad_dev_addr;
    if (req->host_addr && (m->flags & GNTMAP_host_map)) {
        rc = ld->hooks->host_unmap(ld->hooks->ctx, ld, req->host_addr, mfn,
                                   req->new_addr, m->flags);
        if (rc != GNTST_okay)
            return rc;
        done |= GNTMAP_host_map;
        incr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    }
    if (req->dev_bus_addr && (m->flags & GNTMAP_device_map)) {
        done |= GNTMAP_device_map;
        incr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
    }
    if (!done)
        return GNTST_okay;
    m->flags &= ~done;
    if (!(m->flags & (GNTMAP_host_map | GNTMAP_device_map)))
        put_handle(ld, req->handle);
    if (done & GNTMAP_device_map)
        put_frame(rt, mfn, ro);
    if (done & GNTMAP_host_map)
        put_frame(rt, mfn, ro);
    unpin(rt, ref, incr, ro);
    return GNTST_okay;
}

void gnttab_unmap_grant_ref(struct grant_table *ld, struct gnttab_unmap_grant_ref *op)
{
    struct unmap_req req = { op->host_addr, op->dev_bus_addr, 0, op->handle };

    op->status = unmap_one(ld, &req);
}

void gnttab_unmap_and_replace(struct grant_table *ld,
                              struct gnttab_unmap_and_replace *op)
{
    struct unmap_req req = { op->host_addr, 0, op->new_addr, op->handle };

    op->status = unmap_one(ld, &req);
}

/* -------------------------------------------------------------- copy */

/* One side of a copy, with what was taken to reach it. */
struct copy_side {
    struct grant_table *t;   /* the page's domain */
    bool is_gref, readonly;
    grant_ref_t ref;
    uint64_t mfn;
    bool have_pin, have_ref;
};

static int16_t copy_lock_domain(struct grant_table *ld, domid_t dom, bool is_gref,
                                struct copy_side *s)
{
    /* Only one's own frames may be named by frame number. */
    if (dom != DOMID_SELF && !is_gref)
        return GNTST_permission_denied;
    if (!(s->t = lookup(ld, dom, true)) || s->t->dying)
        return GNTST_bad_domain;
    return GNTST_okay;
}

/* Xen's acquire_grant_for_copy, v1: a host pin for the copy's duration. */
static int16_t acquire_for_copy(struct copy_side *s, domid_t ldom)
{
    uint32_t incr = s->readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    struct active_grant *act;
    grant_entry_v1_t *e;
    uint64_t mfn;
    int16_t rc;

    if (s->ref >= nr_entries(s->t))
        return GNTST_bad_gntref;
    act = active_entry(s->t, s->ref);
    e = shared_entry(s->t, s->ref);
    if (act->pin && (act->domid != ldom || pin_would_overflow(act->pin, incr)))
        return GNTST_general_error;
    if (!act->pin || (!s->readonly && !(act->pin & GNTPIN_w_mask))) {
        if ((rc = set_status(e, act, s->readonly, false, ldom)) != GNTST_okay)
            return rc;
        if ((rc = find_frame(s->t, e->frame, &mfn)) != GNTST_okay) {
            reduce_status(e, act, s->readonly);
            return rc;
        }
        if (!act->pin) {
            act->domid = ldom;
            act->mfn = mfn;
        } else if (act->mfn != mfn) {
            /* The guest changed the frame of a grant in use. */
            reduce_status(e, act, s->readonly);
            return GNTST_general_error;
        }
    }
    act->pin += incr;
    s->have_pin = true;
    s->mfn = act->mfn;
    return GNTST_okay;
}

/* Pin (if by reference) and take the page's references for the copy. */
static int16_t copy_claim(struct copy_side *s, const struct gnttab_copy_ptr *p,
                          domid_t ldom)
{
    struct page_info *pg;
    int16_t rc;

    if (s->is_gref) {
        s->ref = p->u.ref;
        if ((rc = acquire_for_copy(s, ldom)) != GNTST_okay)
            return rc;
        pg = mfn_to_page(s->t->ft, s->mfn);
        if (!pg || !get_page(pg, s->t->domid))
            return GNTST_bad_domain;
    } else {
        if ((rc = find_frame(s->t, p->u.gmfn, &s->mfn)) != GNTST_okay)
            return rc;
        pg = mfn_to_page(s->t->ft, s->mfn);
        if (!get_page(pg, s->t->domid))
            return GNTST_bad_page;
    }
    s->have_ref = true;
    if (!s->readonly && get_page_type(pg, PGT_WRITABLE) < 0) {
        put_page(pg);
        s->have_ref = false;
        return GNTST_general_error;
    }
    return GNTST_okay;
}

static void copy_release(struct copy_side *s)
{
    if (s->have_ref)
        put_frame(s->t, s->mfn, s->readonly);
    if (s->have_pin)
        unpin(s->t, s->ref, s->readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc,
              s->readonly);
    s->have_ref = s->have_pin = false;
}

static int16_t copy_one(struct grant_table *ld, const struct gnttab_copy *op,
                        struct copy_side *src, struct copy_side *dst)
{
    const struct gnttab_hooks *h = ld->hooks;
    int16_t rc;

    if (!op->len)
        return GNTST_okay;
    if ((rc = copy_lock_domain(ld, op->source.domid, src->is_gref, src)) ||
        (rc = copy_lock_domain(ld, op->dest.domid, dst->is_gref, dst)))
        return rc;
    if ((rc = copy_claim(src, &op->source, ld->domid)) ||
        (rc = copy_claim(dst, &op->dest, ld->domid)))
        return rc;
    if (op->source.offset + op->len > PAGE_BYTES || op->dest.offset + op->len > PAGE_BYTES)
        return GNTST_bad_copy_arg;
    memmove((char *)h->map_frame(h->ctx, dst->mfn) + op->dest.offset,
            (const char *)h->map_frame(h->ctx, src->mfn) + op->source.offset,
            op->len);
    return GNTST_okay;
}

void gnttab_copy(struct grant_table *ld, struct gnttab_copy *op)
{
    struct copy_side src = { .is_gref = op->flags & GNTCOPY_source_gref, .readonly = true };
    struct copy_side dst = { .is_gref = op->flags & GNTCOPY_dest_gref, .readonly = false };

    op->status = copy_one(ld, op, &src, &dst);
    copy_release(&src);
    copy_release(&dst);
}

/* ------------------------------------------------------------ queries */

void gnttab_setup_table(struct grant_table *ld, struct gnttab_setup_table *op,
                        struct grant_table **out)
{
    struct grant_table *t = *out = controlled(ld, op->dom, &op->status);

    if (!t)
        return;
    if (op->nr_frames > t->max_frames || grow(t, op->nr_frames))
        op->status = GNTST_general_error;
    else
        op->status = GNTST_okay;
}

void gnttab_query_size(struct grant_table *ld, struct gnttab_query_size *op)
{
    struct grant_table *t = controlled(ld, op->dom, &op->status);

    if (!t)
        return;
    op->nr_frames = t->nr_frames;
    op->max_nr_frames = t->max_frames;
    op->status = GNTST_okay;
}

void gnttab_get_status_frames(struct grant_table *ld,
                              struct gnttab_get_status_frames *op)
{
    /* A v1 table has no status frames: only asking for none succeeds. */
    if (controlled(ld, op->dom, &op->status))
        op->status = op->nr_frames ? GNTST_general_error : GNTST_okay;
}

int gnttab_set_version(struct grant_table *ld, struct gnttab_set_version *op)
{
    (void)ld;
    if (op->version != 1 && op->version != 2)
        return -EINVAL;
    if (op->version == 2)
        return -ENOSYS;
    return 0;
}

int gnttab_get_version(struct grant_table *ld, struct gnttab_get_version *op)
{
    int16_t status;

    if (!controlled(ld, op->dom, &status))
        return status == GNTST_bad_domain ? -ESRCH : -EPERM;
    op->version = 1;
    return 0;
}

/* ------------------------------------------------------------- teardown */

void gnttab_release_mappings(struct grant_table *t)
{
    uint32_t h;

    for (h = 0; h < t->maptrack_limit; h++) {
        struct grant_mapping *m = maptrack_entry(t, h);
        struct grant_table *rt;
        bool ro = m->flags & GNTMAP_readonly;
        uint32_t incr;

        if (!m->flags)
            continue;
        rt = lookup(t, m->domid, false);
        if (rt && m->ref < nr_entries(rt)) {
            incr = pin_increment(m->flags);
            if (m->flags & GNTMAP_device_map)
                put_frame(rt, active_entry(rt, m->ref)->mfn, ro);
            unpin(rt, m->ref, incr, ro);
        }
        put_handle(t, h);
    }
}

/* --------------------------------------------------------------- dump */

void gnttab_dump(struct grant_table *t)
{
    const struct gnttab_hooks *h = t->hooks;
    char line[120];
    uint32_t ref;

    if (!h->print)
        return;
    snprintf(line, sizeof(line), "d%u grant table: v1, %u of %u frames, %u mappings made",
             t->domid, t->nr_frames, t->max_frames, t->maptrack_used);
    h->print(h->ctx, line);
    for (ref = 0; ref < nr_entries(t); ref++) {
        struct active_grant *act = active_entry(t, ref);
        grant_entry_v1_t *e = shared_entry(t, ref);

        if (!act->pin)
            continue;
        snprintf(line, sizeof(line),
                 "  ref %u: to d%u frame %#x flags %#x, pin %08x mfn %#llx",
                 ref, act->domid, e->frame, e->flags, act->pin,
                 (unsigned long long)act->mfn);
        h->print(h->ctx, line);
    }
}

int gnttab_seed(struct grant_table *t, grant_ref_t ref, domid_t domid, uint64_t frame)
{
    grant_entry_v1_t *e;

    if (ref >= nr_entries(t) || frame > UINT32_MAX)
        return -EINVAL;
    e = shared_entry(t, ref);
    if (e->flags || active_entry(t, ref)->pin)
        return -EBUSY;
    e->domid = domid;
    e->frame = (uint32_t)frame;
    /* The flags last: they make the entry valid. */
    __atomic_store_n(&e->flags, GTF_permit_access, __ATOMIC_RELEASE);
    return 0;
}

void gnttab_dump_table(struct grant_table *ld, struct gnttab_dump_table *op)
{
    struct grant_table *t = controlled(ld, op->dom, &op->status);

    if (!t)
        return;
    gnttab_dump(t);
    op->status = GNTST_okay;
}
