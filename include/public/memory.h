/*
 * Xen guest ABI: __HYPERVISOR_memory_op(cmd, arg). Growing and shrinking a
 * domain's memory, exchanging frames, placing special pages in a
 * translated guest's physical space, and the memory maps. C only.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

/*
 * arg struct xen_memory_reservation; returns how many extents were done.
 *   increase: allocate nr_extents extents; their MFNs go to extent_start.
 *   decrease: free the extents whose GMFNs are in extent_start.
 *   populate_physmap: back the GPFNs in extent_start with new memory (and
 *             update the M2P); the frames allocated are written back.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

/* mem_flags of a reservation (XENMEMF_*). */
#define XENMEMF_address_bits(x)     (x)                   /* max address bits, 0: any */
#define XENMEMF_get_address_bits(x) ((x) & 0xff)
#define XENMEMF_node(n)             ((1 + (n)) << 8)      /* preferred NUMA node */
#define XENMEMF_get_node(f)         ((((f) >> 8) + 0xff) & 0xff) /* node + 1 stored */
#define XENMEMF_populate_on_demand  (1 << 16)             /* populate lazily (PoD) */
#define XENMEMF_exact_node_request  (1 << 17)             /* that node or fail */
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1 << 18)             /* node is a virtual node */

struct xen_memory_reservation {
    /* Frame list, in or out as described per command above. */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    xen_ulong_t    nr_extents;      /* how many extents */
    unsigned int   extent_order;    /* each is 2^order pages, aligned */
    unsigned int   mem_flags;       /* XENMEMF_* */
    domid_t        domid;           /* whose memory; DOMID_SELF unless privileged */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;

/*
 * arg struct xen_memory_exchange (PV only): atomically give back the
 * extents in "in" and get "out" (same total size, e.g. to get memory
 * below 4 GiB). Returns 0 only if everything was exchanged.
 */
#define XENMEM_exchange             11
struct xen_memory_exchange {
    struct xen_memory_reservation in;   /* frames given up (GMFNs) */
    struct xen_memory_reservation out;  /* GPFNs to fill; GMFNs written back */
    /* Out: extents done, from the start of both lists. Must be 0 on entry. */
    xen_ulong_t nr_exchanged;
};
typedef struct xen_memory_exchange xen_memory_exchange_t;

/* arg NULL: returns the highest machine frame of RAM. Never fails. */
#define XENMEM_maximum_ram_page     2

/* arg struct xen_memory_domain: current / maximum pages of a domain. */
#define XENMEM_current_reservation  3
#define XENMEM_maximum_reservation  4
/* arg struct xen_memory_domain: the highest GPFN the domain uses. */
#define XENMEM_maximum_gpfn         14

struct xen_memory_domain {
    domid_t domid;              /* the domain asked about (or DOMID_SELF) */
};

/*
 * arg struct xen_machphys_mfn_list: the MFNs of the 2 MiB pieces that make
 * up the M2P table (0 for holes).
 */
#define XENMEM_machphys_mfn_list    5
struct xen_machphys_mfn_list {
    unsigned int max_extents;   /* room in extent_start */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* out: MFNs */
    unsigned int nr_extents;    /* out: how many were written */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;

/* As machphys_mfn_list, for the 32-bit guests' compatibility M2P. */
#define XENMEM_machphys_compat_mfn_list     25

/* arg struct xen_machphys_mapping: where the M2P is mapped for guests. */
#define XENMEM_machphys_mapping     12
struct xen_machphys_mapping {
    xen_ulong_t v_start;        /* first virtual address */
    xen_ulong_t v_end;          /* end virtual address */
    xen_ulong_t max_mfn;        /* highest MFN it covers */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;

/* What add_to_physmap maps (struct xen_add_to_physmap.space). */
#define XENMAPSPACE_shared_info  0 /* the shared info page (idx 0) */
#define XENMAPSPACE_grant_table  1 /* grant table frame idx */
                                   /* (| XENMAPIDX_grant_table_status) */
#define XENMAPSPACE_gmfn         2 /* move the guest's own frame idx */
#define XENMAPSPACE_gmfn_range   3 /* size frames from idx (not batch) */
#define XENMAPSPACE_gmfn_foreign 4 /* another domain's frame (batch only) */
#define XENMAPSPACE_dev_mmio     5 /* device MMIO (Arm only) */

/* arg struct xen_add_to_physmap: place a page at gpfn (translated guests). */
#define XENMEM_add_to_physmap      7
struct xen_add_to_physmap {
    domid_t domid;              /* whose physical space */
    uint16_t size;              /* pages, for XENMAPSPACE_gmfn_range */
    unsigned int space;         /* XENMAPSPACE_* */
#define XENMAPIDX_grant_table_status 0x80000000U /* status frames, v2 tables */
    xen_ulong_t idx;            /* which page of that space */
    xen_pfn_t gpfn;             /* where it appears */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;

/* arg struct xen_add_to_physmap_batch: many at once, errors per page. */
#define XENMEM_add_to_physmap_batch 23
struct xen_add_to_physmap_batch {
    domid_t domid;              /* whose physical space */
    uint16_t space;             /* XENMAPSPACE_* */
    uint16_t size;              /* entries in the arrays */
    union xen_add_to_physmap_batch_extra {
        domid_t foreign_domid;  /* gmfn_foreign: the frames' owner */
        uint16_t res0;          /* other spaces: zero */
    } u;
    XEN_GUEST_HANDLE(xen_ulong_t) idxs;  /* in: pages of the space */
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;   /* in: where each appears */
    XEN_GUEST_HANDLE(int) errs;          /* out: per-page result */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;

/* arg struct xen_remove_from_physmap: unmap whatever is at gpfn. */
#define XENMEM_remove_from_physmap      15
struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;

/* 8 was translate_gpfn_list, withdrawn. */

/*
 * arg struct xen_memory_map:
 *   memory_map: the domain's own (pseudo-physical) E820 map, as set by
 *               XENMEM_set_memory_map;
 *   machine_memory_map: the host's real E820 map (privileged); with a
 *               null buffer, just how many entries it has.
 * Entries are struct e820entry.
 */
#define XENMEM_memory_map           9
#define XENMEM_machine_memory_map   10
struct xen_memory_map {
    unsigned int nr_entries;    /* in: room in buffer; out: entries written */
    XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;

/* One BIOS INT 15h/E820 entry: 20 bytes, no padding. */
struct e820entry {
    uint64_t addr;              /* start */
    uint64_t size;              /* length in bytes */
    uint32_t type;              /* E820_* */
} __attribute__((packed));

#define E820_RAM          1
#define E820_RESERVED     2
#define E820_ACPI         3     /* ACPI tables, reclaimable */
#define E820_NVS          4     /* ACPI non-volatile storage */
#define E820_UNUSABLE     5     /* faulty memory */

/* arg struct xen_foreign_memory_map: set a domain's map (toolstack). */
#define XENMEM_set_memory_map       13
struct xen_foreign_memory_map {
    domid_t domid;
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;

/* arg struct xen_pod_target: populate-on-demand target (toolstack). */
#define XENMEM_set_pod_target       16
#define XENMEM_get_pod_target       17
struct xen_pod_target {
    uint64_t target_pages;      /* in: wanted size */
    uint64_t tot_pages;         /* out */
    uint64_t pod_cache_pages;   /* out */
    uint64_t pod_entries;       /* out */
    domid_t domid;              /* in */
};
typedef struct xen_pod_target xen_pod_target_t;

/* Toolstack-only commands; their arguments are not described here. */
#define XENMEM_get_sharing_freed_pages    18
#define XENMEM_get_sharing_shared_pages   19
#define XENMEM_paging_op                  20
#define XENMEM_access_op                  21
#define XENMEM_sharing_op                 22
/* arg struct xen_memory_reservation with only domid and nr_extents set: */
/* reserve that many pages for the domain without allocating them. */
#define XENMEM_claim_pages                24
#define XENMEM_reserved_device_memory_map 27

/* arg struct xen_vnuma_topology_info: the guest's virtual NUMA layout. */
#define XENMEM_get_vnumainfo              26

struct xen_vmemrange {
    uint64_t start, end;        /* [start, end) guest physical */
    unsigned int flags;
    unsigned int nid;           /* virtual node */
};
typedef struct xen_vmemrange xen_vmemrange_t;

struct xen_vnuma_topology_info {
    domid_t domid;
    uint16_t pad;
    /* In: room in each array; out: how many there are. */
    unsigned int nr_vnodes;
    unsigned int nr_vcpus;
    unsigned int nr_vmemranges;
    union {
        XEN_GUEST_HANDLE(unsigned int) h; /* nr_vnodes^2 distances */
        uint64_t pad;
    } vdistance;
    union {
        XEN_GUEST_HANDLE(unsigned int) h; /* node of each vCPU */
        uint64_t pad;
    } vcpu_to_vnode;
    union {
        XEN_GUEST_HANDLE(xen_vmemrange_t) h;
        uint64_t pad;
    } vmemrange;
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;

/*
 * arg struct xen_mem_acquire_resource: map frames of a resource of another
 * domain (grant table, ioreq server pages, trace buffers) into the caller.
 * With nr_frames 0 and a null frame_list, returns the resource's size.
 */
#define XENMEM_acquire_resource 28
struct xen_mem_acquire_resource {
    domid_t domid;              /* owner of the resource */
    uint16_t type;              /* XENMEM_resource_* */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table  1
#define XENMEM_resource_vmtrace_buf  2
    uint32_t id;                /* which one of that type (else 0) */
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
    uint32_t nr_frames;         /* in: frames wanted; out: size, if asked */
    uint32_t pad;               /* zero */
    uint64_t frame;             /* first frame of the resource to map */
#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))
    /* PV caller: out, the MFNs; HVM caller: in, the GFNs to map them at. */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;

#endif /* __XEN_PUBLIC_MEMORY_H__ */
