/*
 * Keel's physical memory: the frame table and the page allocator built
 * from the loader's memory map, and what Keel allocates for itself.
 */
#ifndef KEEL_HEAP_H
#define KEEL_HEAP_H

#include <stddef.h>
#include <stdint.h>
#include <keel/mm.h>

struct boot_info;

extern struct frame_table frame_table;
extern struct page_alloc heap;

/*
 * Build the frame table and hand every usable frame to the allocator,
 * except the first MiB, the Keel image, the modules and the table itself.
 * Until heap_lift_limit(), allocations stay in the first 4 GiB: the only
 * memory the boot page tables map.
 */
void heap_init(const struct boot_info *bi);
void heap_lift_limit(void);

/* A zeroed frame for Keel itself: its physical address, or 0. */
uint64_t alloc_xen_page(void);

/* Zeroed memory for Keel's own objects, whole pages (direct-mapped). */
void *alloc_xen_memory(size_t bytes);
void free_xen_memory(void *p, size_t bytes);

/*
 * 2^order fresh zeroed frames for domain domid, each its own block, so
 * that each can go back alone (free_domain_frame) when its last user lets
 * go: the first frame, or INVALID_MFN.
 */
uint64_t alloc_domain_frames(uint16_t domid, unsigned int order);
int free_domain_frame(uint64_t mfn);

/* Frames in the allocator now (XEN_SYSCTL_physinfo's free_pages). */
uint64_t heap_free_frames(void);

/* The allocator's state, for the `m` key (page_alloc_dump's format). */
int heap_dump(char *buf, size_t len);

/* Zero one 4 KiB page (provided by the architecture, fast). */
void clear_page(void *va);

/* A usable page below 1 MiB, set aside for starting other CPUs. */
uint64_t heap_low_page(void);

struct mem_summary {
    uint64_t ram;        /* bytes of usable RAM in the memory map */
    uint64_t keel;       /* bytes Keel keeps: image, frame table, first MiB */
    uint64_t free;       /* bytes in the allocator */
    uint64_t dom0;       /* what dom0 will get */
    uint64_t domu;       /* what is left for other domains */
};

/* Where memory goes, given dom0_mem (0 = Xen's default rule). */
void heap_summary(struct mem_summary *s, uint64_t dom0_mem, uint64_t dom0_mem_max);

#endif
