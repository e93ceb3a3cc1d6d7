/*
 * Grant tables, version 1: each domain's table of grants (shared with
 * it), the hypervisor's shadow of the grants in use (active entries, with
 * pin counts), and the record of mappings a domain made of others' grants
 * (maptrack). Pure logic with Xen 4.17's checks, status codes and order
 * of checks (xen/common/grant_table.c): no hardware, no locks. What needs
 * those is a callback in struct gnttab_hooks.
 *
 * Locking is the caller's: every call runs under one lock covering all
 * tables (Keel's grant lock). Only the {flags, domid} words of the
 * shared entries are written concurrently, by their guest; they are
 * updated here with compare-and-swap, as Xen does.
 *
 * Invariants, at every moment between calls:
 *   - an entry's GTF_reading is set by Keel exactly while its active entry
 *     has a pin, GTF_writing exactly while it has a writable pin (the
 *     guest may clear them behind Keel's back; Keel sets them again on
 *     the next pin that needs them, and never relies on them);
 *   - a pinned active entry names one frame (mfn) of the granting domain
 *     and one grantee (domid); every mapping or copy in progress counts
 *     once in its pin, in the counter of its kind;
 *   - every mapping holds, on that frame, one general reference per kind
 *     (host, device) and, when writable, one PGT_WRITABLE type reference
 *     per kind. A host mapping's references live with the PTE Keel wrote
 *     for it: the PTE's removal (unmap, or the page tables' own teardown)
 *     drops them, exactly as for any other L1 entry;
 *   - a maptrack entry is free (flags 0, ref links the free list) or
 *     records one live mapping: GNTMAP_host_map and/or GNTMAP_device_map,
 *     GNTMAP_readonly if so made, the granting domain and the reference.
 * Hence a frame can be freed only after every grant mapping of it is
 * gone, and a grantee never reaches a frame it was not granted.
 */
#ifndef KEEL_GRANT_TABLE_H
#define KEEL_GRANT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keel/mm.h>
#include <public/grant_table.h>
#include <public/xen.h>

/* Entries per shared frame, and the most frames a table may have. */
#define GNTTAB_PER_FRAME   (4096 / sizeof(grant_entry_v1_t))
#define GNTTAB_MAX_FRAMES  64   /* Xen's default gnttab_max_frames */
/* Handles per maptrack page, and the most pages a domain may have. */
#define MAPTRACK_PER_PAGE  (4096 / sizeof(struct grant_mapping))
#define MAPTRACK_MAX_PAGES 1024 /* Xen's default gnttab_max_maptrack_frames */

/*
 * pin: four 8-bit counters, of host writable, host read-only, device
 * writable and device read-only uses (Xen's layout, so the overflow check
 * is one mask).
 */
#define GNTPIN_hstw_inc  (1u << 0)
#define GNTPIN_hstr_inc  (1u << 8)
#define GNTPIN_devw_inc  (1u << 16)
#define GNTPIN_devr_inc  (1u << 24)
#define GNTPIN_hstw_mask (0xffu << 0)
#define GNTPIN_hstr_mask (0xffu << 8)
#define GNTPIN_devw_mask (0xffu << 16)
#define GNTPIN_devr_mask (0xffu << 24)

/* The hypervisor's shadow of one grant in use. */
struct active_grant {
    uint32_t pin;     /* GNTPIN_* counters; 0: not in use */
    domid_t domid;    /* the grantee using it (valid while pinned) */
    uint64_t mfn;     /* the granted frame (valid while pinned) */
};

/* One mapping a domain made (Xen's 8-byte maptrack entry). */
struct grant_mapping {
    uint32_t ref;     /* the grant; on a free entry, the next free handle */
    domid_t domid;    /* the granting domain */
    uint16_t flags;   /* GNTMAP_host_map|device_map|readonly; 0: free */
};

struct grant_table;

struct gnttab_hooks {
    void *ctx;
    /* The table of domain domid (never DOMID_SELF), alive or dying, as
     * long as it has not been destroyed; NULL if none. */
    struct grant_table *(*table_by_id)(void *ctx, domid_t domid);
    /* A fresh zeroed frame for t's shared entries, owned by t's domain and
     * never usable as a page table: its address, and frame in *mfn. NULL
     * if there is no memory. free_shared_frame gives it back. */
    void *(*alloc_shared_frame)(void *ctx, struct grant_table *t, uint64_t *mfn);
    void (*free_shared_frame)(void *ctx, struct grant_table *t, void *va,
                              uint64_t mfn);
    /* Zeroed hypervisor memory for active entries and maptrack pages. */
    void *(*zalloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *p, size_t size);
    /* Frame gfn of t's domain: its mfn, or INVALID_MFN. NULL: gfn is the
     * mfn (PV guests name machine frames). */
    uint64_t (*gfn_to_mfn)(void *ctx, struct grant_table *t, uint64_t gfn);
    /* The frame's 4 KiB, readable and writable, until the call returns. */
    void *(*map_frame)(void *ctx, uint64_t mfn);
    /* Put frame mfn at host_addr for `mapper` (GNTMAP_* flags say how),
     * dropping the references of whatever entry it replaces: GNTST_okay,
     * or the error (GNTST_general_error for an unusable address). */
    int (*host_map)(void *ctx, struct grant_table *mapper, uint64_t host_addr,
                    uint64_t mfn, uint32_t flags);
    /* Remove the mapping of mfn at host_addr that host_map made (with
     * new_addr: move the entry now at new_addr there instead), without
     * dropping its references (the caller does): GNTST_okay, or
     * GNTST_general_error if it is not there as made. */
    int (*host_unmap)(void *ctx, struct grant_table *mapper, uint64_t host_addr,
                      uint64_t mfn, uint64_t new_addr, uint32_t flags);
    /* Optional: dropping a grant's reference left frame mfn with none;
     * if its owner is dying, the frame is garbage for the caller. */
    void (*unreferenced)(void *ctx, uint64_t mfn);
    /* Optional: one line of dump_table output. */
    void (*print)(void *ctx, const char *line);
};

struct grant_table {
    /* --- caller: set before gnttab_init() --- */
    domid_t domid;
    bool privileged;           /* the control domain: may name others */
    struct frame_table *ft;    /* for page references */
    uint32_t max_frames;       /* 1 .. GNTTAB_MAX_FRAMES */
    uint32_t max_maptrack_pages; /* 0 .. MAPTRACK_MAX_PAGES */
    const struct gnttab_hooks *hooks;
    /* --- caller: kept up to date --- */
    bool dying;                /* its domain is being destroyed: nobody may
                                  map or copy its grants any more */
    /* --- private --- */
    uint32_t nr_frames;        /* shared frames [0, this) exist */
    grant_entry_v1_t *shared[GNTTAB_MAX_FRAMES];
    uint64_t shared_mfn[GNTTAB_MAX_FRAMES];
    struct active_grant *active[GNTTAB_MAX_FRAMES]; /* GNTTAB_PER_FRAME each */
    uint32_t maptrack_limit;   /* handles [0, this) exist */
    uint32_t maptrack_free;    /* first free handle, or UINT32_MAX */
    uint32_t maptrack_used;    /* handles in use */
    struct grant_mapping *maptrack[MAPTRACK_MAX_PAGES];
};

/* Set up t with one shared frame (as Xen). 0, -EINVAL, or -ENOMEM. */
int gnttab_init(struct grant_table *t);

/*
 * Free what gnttab_init and growth allocated. The caller has made sure no
 * other domain holds a pin on t's grants and t holds no mapping.
 */
void gnttab_destroy(struct grant_table *t);

/* Does t have any grant pinned (mapped or being copied by anyone)? */
bool gnttab_has_pins(const struct grant_table *t);

/*
 * t's domain is dying: end every mapping it made of other domains'
 * grants (Xen's gnttab_release_mappings). Device mappings' references
 * are dropped here; host mappings' went with t's page tables, which the
 * caller has already torn down.
 */
void gnttab_release_mappings(struct grant_table *t);

/* The GNTTABOPs for the calling domain's table ld; statuses in op. */
void gnttab_map_grant_ref(struct grant_table *ld, struct gnttab_map_grant_ref *op);
void gnttab_unmap_grant_ref(struct grant_table *ld, struct gnttab_unmap_grant_ref *op);
void gnttab_unmap_and_replace(struct grant_table *ld,
                              struct gnttab_unmap_and_replace *op);
void gnttab_copy(struct grant_table *ld, struct gnttab_copy *op);
/* setup_table: on GNTST_okay the caller hands out gnttab_frame_mfn(*t, i)
 * for i < op->nr_frames, *t being the table named. */
void gnttab_setup_table(struct grant_table *ld, struct gnttab_setup_table *op,
                        struct grant_table **t);
void gnttab_query_size(struct grant_table *ld, struct gnttab_query_size *op);
void gnttab_get_status_frames(struct grant_table *ld,
                              struct gnttab_get_status_frames *op);
void gnttab_dump_table(struct grant_table *ld, struct gnttab_dump_table *op);

/*
 * The builder's grant, as if t's domain had written it: ref lets domid map
 * frame writably (the reserved console and xenstore grants of a new
 * domain). -EINVAL for a ref past t's entries or a frame wider than v1's
 * 32 bits, -EBUSY if ref is in use.
 */
int gnttab_seed(struct grant_table *t, grant_ref_t ref, domid_t domid, uint64_t frame);
/* These two return 0 or -E*, as Xen's. */
int gnttab_set_version(struct grant_table *ld, struct gnttab_set_version *op);
int gnttab_get_version(struct grant_table *ld, struct gnttab_get_version *op);

static inline uint64_t gnttab_frame_mfn(const struct grant_table *t, unsigned int i)
{
    return t->shared_mfn[i];
}

/* Print t's grants in use and its mappings through hooks->print. */
void gnttab_dump(struct grant_table *t);

#endif
