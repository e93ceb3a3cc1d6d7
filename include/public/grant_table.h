/*
 * Xen guest ABI: grant tables, __HYPERVISOR_grant_table_op(cmd, args[],
 * count). A domain shares a page with another by writing an entry in its
 * grant table (a table it shares with the hypervisor) naming the page and
 * the grantee; the grantee then maps or copies it by grant reference (the
 * entry's index), never seeing a machine address. Split drivers (block,
 * net, console, xenstore) are built on this. C only.
 *
 * Granting (v1): write domid and frame, then a write barrier, then flags.
 * Revoking an unused GTF_permit_access entry: check that neither
 * GTF_reading nor GTF_writing is set and clear flags with one
 * compare-and-swap; an entry in use cannot be revoked.
 */
#ifndef __XEN_PUBLIC_GRANT_TABLE_H__
#define __XEN_PUBLIC_GRANT_TABLE_H__

#include "xen.h"

/* Index of an entry in a domain's grant table. */
typedef uint32_t grant_ref_t;

/* Tracks one mapping made by GNTTABOP_map_grant_ref. */
typedef uint32_t grant_handle_t;

/* v1 entry: 8 bytes, 512 per page. */
struct grant_entry_v1 {
    uint16_t flags;             /* GTF_*: type and state (guest and hypervisor) */
    domid_t  domid;             /* the grantee */
    /*
     * permit_access: the frame (GFN) offered; accept_transfer: the frame
     * slot to fill; after a transfer: the MFN received (PV only).
     */
    uint32_t frame;
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Entries that survive a version change; tools may fill them at creation. */
#define GNTTAB_NR_RESERVED_ENTRIES     8
#define GNTTAB_RESERVED_CONSOLE        0 /* the console ring, for the backend */
#define GNTTAB_RESERVED_XENSTORE       1 /* the xenstore ring, for xenstored */

/* flags[1:0]: entry type. */
#define GTF_invalid         (0U << 0) /* grants nothing */
#define GTF_permit_access   (1U << 0) /* domid may map / copy frame */
#define GTF_accept_transfer (2U << 0) /* domid may give us a frame */
#define GTF_transitive      (3U << 0) /* domid may use a grant we hold (v2) */
#define GTF_type_mask       (3U << 0)

/* Further bits of permit_access (and transitive) entries. */
#define _GTF_readonly       (2)       /* grantee may only read (set by guest) */
#define GTF_readonly        (1U << _GTF_readonly)
#define _GTF_reading        (3)       /* mapped for reading now (hypervisor) */
#define GTF_reading         (1U << _GTF_reading)
#define _GTF_writing        (4)       /* mapped for writing now (hypervisor) */
#define GTF_writing         (1U << _GTF_writing)
#define _GTF_PWT            (5)       /* x86 cache attributes of mappings */
#define GTF_PWT             (1U << _GTF_PWT)
#define _GTF_PCD            (6)
#define GTF_PCD             (1U << _GTF_PCD)
#define _GTF_PAT            (7)
#define GTF_PAT             (1U << _GTF_PAT)
#define _GTF_sub_page       (8)       /* only part of the page, copy only (v2) */
#define GTF_sub_page        (1U << _GTF_sub_page)

/* Further bits of accept_transfer entries, set by the hypervisor. */
#define _GTF_transfer_committed (2)   /* a transfer started: leave the entry be */
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed (3)   /* frame now holds the new MFN */
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/* v2 entries: the status bits live apart, in grant_status_t frames. */
struct grant_entry_header {
    uint16_t flags;
    domid_t  domid;
};
typedef struct grant_entry_header grant_entry_header_t;

/* v2 entry: 16 bytes, 256 per page. */
union grant_entry_v2 {
    grant_entry_header_t hdr;

    /* A whole page: accept_transfer, or permit_access without sub_page. */
    struct {
        grant_entry_header_t hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;

    /* permit_access with sub_page: bytes [page_off, page_off + length). */
    struct {
        grant_entry_header_t hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;

    /* transitive: use grant gref of trans_domid as if it were ours. */
    struct {
        grant_entry_header_t hdr;
        domid_t trans_domid;
        uint16_t pad0;
        grant_ref_t gref;
    } transitive;

    uint32_t __spacer[4];       /* fixes the size at 16 */
};
typedef union grant_entry_v2 grant_entry_v2_t;

typedef uint16_t grant_status_t;

/* Commands; args points to count structures of the command's type. */
#define GNTTABOP_map_grant_ref        0  /* struct gnttab_map_grant_ref */
#define GNTTABOP_unmap_grant_ref      1  /* struct gnttab_unmap_grant_ref */
#define GNTTABOP_setup_table          2  /* struct gnttab_setup_table */
#define GNTTABOP_dump_table           3  /* struct gnttab_dump_table */
#define GNTTABOP_transfer             4  /* struct gnttab_transfer */
#define GNTTABOP_copy                 5  /* struct gnttab_copy */
#define GNTTABOP_query_size           6  /* struct gnttab_query_size */
#define GNTTABOP_unmap_and_replace    7  /* struct gnttab_unmap_and_replace */
#define GNTTABOP_set_version          8  /* struct gnttab_set_version */
#define GNTTABOP_get_status_frames    9  /* struct gnttab_get_status_frames */
#define GNTTABOP_get_version          10 /* struct gnttab_get_version */
#define GNTTABOP_swap_grant_ref       11 /* struct gnttab_swap_grant_ref */
#define GNTTABOP_cache_flush          12 /* struct gnttab_cache_flush */

/*
 * map_grant_ref: map grant ref of domain dom. GNTMAP_host_map maps it for
 * the CPU at host_addr (a virtual address, or with GNTMAP_contains_pte the
 * machine address of the PTE to write); GNTMAP_device_map returns the bus
 * address for DMA in dev_bus_addr. Undo only with unmap_grant_ref.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;         /* in */
    uint32_t flags;             /* in: GNTMAP_* */
    grant_ref_t ref;            /* in */
    domid_t  dom;               /* in: the granting domain */
    int16_t  status;            /* out: GNTST_* */
    grant_handle_t handle;      /* out: for unmapping */
    uint64_t dev_bus_addr;      /* out */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;

/*
 * unmap_grant_ref: remove the mapping(s) handle made; a zero address is
 * skipped. No stale TLB entries remain when the batch returns.
 */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;         /* in */
    uint64_t dev_bus_addr;      /* in */
    grant_handle_t handle;      /* in */
    int16_t  status;            /* out: GNTST_* */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;

/*
 * setup_table: make dom's table (DOMID_SELF unless privileged) at least
 * nr_frames long and return its frames (PV guests map those).
 */
struct gnttab_setup_table {
    domid_t  dom;               /* in */
    uint32_t nr_frames;         /* in */
    int16_t  status;            /* out: GNTST_* */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* out: nr_frames frames */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;

/* dump_table: print dom's grant table on the hypervisor console (debug). */
struct gnttab_dump_table {
    domid_t dom;                /* in */
    int16_t status;             /* out: GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;

/*
 * transfer (PV only): give page mfn to domid, into its accept_transfer
 * entry ref. The page is gone even on failure, except GNTST_bad_page.
 */
struct gnttab_transfer {
    xen_pfn_t     mfn;          /* in */
    domid_t       domid;        /* in */
    grant_ref_t   ref;          /* in */
    int16_t       status;       /* out: GNTST_* */
};
typedef struct gnttab_transfer gnttab_transfer_t;

/*
 * copy: the hypervisor copies len bytes between two pages, each named by
 * a local frame or by a grant reference of a foreign domain (per flags);
 * neither side may cross a page end.
 */
#define _GNTCOPY_source_gref      (0)  /* source.u is a grant reference */
#define GNTCOPY_source_gref       (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref        (1)  /* dest.u is a grant reference */
#define GNTCOPY_dest_gref         (1 << _GNTCOPY_dest_gref)

struct gnttab_copy {
    struct gnttab_copy_ptr {
        union {
            grant_ref_t ref;    /* with GNTCOPY_*_gref */
            xen_pfn_t   gmfn;   /* otherwise: our own frame */
        } u;
        domid_t  domid;         /* owner of the page */
        uint16_t offset;        /* byte offset in the page */
    } source, dest;
    uint16_t      len;          /* bytes */
    uint16_t      flags;        /* GNTCOPY_* */
    int16_t       status;       /* out: GNTST_* */
};
typedef struct gnttab_copy gnttab_copy_t;

/* query_size: current and largest table size of dom, in frames. */
struct gnttab_query_size {
    domid_t  dom;               /* in */
    uint32_t nr_frames;         /* out */
    uint32_t max_nr_frames;     /* out */
    int16_t  status;            /* out: GNTST_* */
};
typedef struct gnttab_query_size gnttab_query_size_t;

/*
 * unmap_and_replace: remove the mapping handle made at host_addr and put
 * the mapping now at new_addr there instead; new_addr is left unmapped.
 */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;         /* in */
    uint64_t new_addr;          /* in */
    grant_handle_t handle;      /* in */
    int16_t  status;            /* out: GNTST_* */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;

/* set_version: switch to table format 1 or 2 (no grants may be active). */
struct gnttab_set_version {
    uint32_t version;           /* in: wanted; out: in effect */
};
typedef struct gnttab_set_version gnttab_set_version_t;

/* get_status_frames: the frames of dom's v2 status array. */
struct gnttab_get_status_frames {
    uint32_t nr_frames;         /* in: room in frame_list */
    domid_t  dom;               /* in */
    int16_t  status;            /* out: GNTST_* */
    XEN_GUEST_HANDLE(uint64_t) frame_list; /* out */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;

/* get_version: table format in use by dom. */
struct gnttab_get_version {
    domid_t dom;                /* in */
    uint16_t pad;
    uint32_t version;           /* out */
};
typedef struct gnttab_get_version gnttab_get_version_t;

/* swap_grant_ref: exchange the contents of two of our entries. */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;
    grant_ref_t ref_b;
    int16_t status;             /* out: GNTST_* */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;

/* cache_flush: clean / invalidate caches for part of a granted page (Arm). */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;        /* with GNTTAB_CACHE_SOURCE_GREF */
    } a;
    uint16_t offset;            /* within the grant */
    uint16_t length;
#define GNTTAB_CACHE_CLEAN          (1u << 0)
#define GNTTAB_CACHE_INVAL          (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF    (1u << 31)
    uint32_t op;
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map      (0)   /* map for device DMA */
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map        (1)   /* map for the CPU */
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly        (2)   /* read-only mapping */
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map (3)   /* host map usable from user mode too */
#define GNTMAP_application_map  (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte    (4)   /* host_addr is the PTE's machine address */
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)
/* Bits 16 up go into the PTE's available bits (XENFEAT_gnttab_map_avail_bits). */
#define _GNTMAP_guest_avail0    (16)
#define GNTMAP_guest_avail_mask (0xffffffffU << _GNTMAP_guest_avail0)

/* Status codes (negative on error). */
#define GNTST_okay              (0)   /* done */
#define GNTST_general_error     (-1)  /* failed, no better code */
#define GNTST_bad_domain        (-2)  /* no such domain */
#define GNTST_bad_gntref        (-3)  /* bad or unusable grant reference */
#define GNTST_bad_handle        (-4)  /* bad mapping handle */
#define GNTST_bad_virt_addr     (-5)  /* unusable virtual address */
#define GNTST_bad_dev_addr      (-6)  /* unusable device address */
#define GNTST_no_device_space   (-7)  /* IOMMU has no room */
#define GNTST_permission_denied (-8)  /* not allowed */
#define GNTST_bad_page          (-9)  /* page cannot be used for this */
#define GNTST_bad_copy_arg      (-10) /* copy would cross a page end */
#define GNTST_address_too_big   (-11) /* transferred page above what fits */
#define GNTST_eagain            (-12) /* not done, retry (page paged out) */
#define GNTST_no_space          (-13) /* out of handles or similar */

/* Text for each status, indexed by -status. */
#define GNTTABOP_error_msgs {                  \
    "ok",                                      \
    "general error",                           \
    "no such domain",                          \
    "bad grant reference",                     \
    "bad mapping handle",                      \
    "bad virtual address",                     \
    "bad device address",                      \
    "no room in the IOMMU",                    \
    "permission denied",                       \
    "bad page",                                \
    "copy crosses a page boundary",            \
    "page address too large",                  \
    "try again",                               \
    "out of space",                            \
}

#endif /* __XEN_PUBLIC_GRANT_TABLE_H__ */
