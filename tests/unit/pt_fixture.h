/*
 * The fake machine for the tests of the PV page-table validation core
 * (arch/x86/pv/pt_validate.c): test_pt_validate.c, test_pt_update.c,
 * test_pt_random.c.
 *
 * NR frames of memory (mem[mfn] is the frame's 512 entries) under a real
 * frame table:
 *   0            reserved, unowned (I/O, e.g. the first MiB)
 *   1-39         domain 1 (the guest under test)
 *   40-47        domain 2
 *   48-50        Keel's (reserved, DOMID_XEN); 51 Keel's (allocated)
 *   52-55        reserved, unowned (I/O inside the table)
 *   56-63        free
 *   64 and up    outside the frame table (MMIO)
 * Every refused call must leave the frame table and all memory exactly as
 * they were; every successful one must leave the counts equal to what
 * the current tables imply, recomputed from scratch (check_refs).
 */
#ifndef KEEL_TEST_PT_FIXTURE_H
#define KEEL_TEST_PT_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "keel/mm.h"
#include "../../arch/x86/pv/pt_validate.h"

#define NR      64
#define DOM1    1
#define DOM2    2
#define IO_OUT  100            /* an MFN outside the frame table */
#define XEN_RO  48             /* a Keel frame the hook shares read-only */
#define UPPER   0xffff000000000000ull /* sign extension of the upper half */

#define P   PTE_PRESENT
#define RW  PTE_RW
#define US  PTE_USER
#define A   PTE_ACCESSED
#define D   PTE_DIRTY

extern uint64_t mem[NR][PT_NR_ENTRIES];
extern struct page_info frames[NR];
extern uint64_t keel_l4[PT_NR_ENTRIES];
extern unsigned int pre_validate_calls[5];   /* by level, from the hook */
extern uint64_t iomem_refused;   /* the one MFN iomem_permitted says no to */

static inline uint64_t E(uint64_t mfn, uint64_t flags)
{
    return (mfn << 12) | flags;
}

/* The hook: Keel shares frame XEN_RO read-only, nothing else. */
bool xen_frame_mappable(void *arg, uint64_t mfn, bool writable);

/* A domain's context; privileged: with the I/O and Keel-frame hooks. */
struct pt_ctx ctx(uint16_t domid);
struct pt_ctx ctx_priv(uint16_t domid);

/* cmocka setup: the machine above, all memory zero, nothing typed. */
int setup(void **state);

/* ---- state checks ---- */

/* A copy of the frame table and all memory; one at a time. */
struct snap;

struct snap *snap_take(void);
void snap_drop(struct snap *s);
/* Nothing changed since s; drops s. */
void assert_unchanged(struct snap *s);
/*
 * Counts and flags exactly as in s, memory but for validation's
 * adjustments of lower tables that validated before a failure (see
 * pt_validate.h); drops s.
 */
void assert_unchanged_adj(struct snap *s);

void assert_frame(uint64_t mfn, uint32_t count, uint32_t type_count,
                  uint8_t type);
/* Torn down: every frame unreferenced, untyped, unpinned. */
void assert_all_clear(void);

/* A type reference the test took with pt_get_type. */
struct held {
    uint64_t mfn;
    unsigned int level;
};

/*
 * Recompute every frame's counts from scratch: the references the present
 * entries of validated tables hold, pins, and the `held` references the
 * test took with pt_get_type. They must be exactly the frame table's.
 */
void check_refs(const struct held *h, unsigned int nh);

/* ---- the standard tree (see pt_fixture.c) ---- */

void build_tree(void);
void assert_tree_counts(void);
/* build_tree, then take a type reference to its L4 (frame 1). */
void validate_tree(const struct pt_ctx *c);

#endif
