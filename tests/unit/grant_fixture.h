/*
 * The fake machine for the grant-table tests (test_grant_table.c,
 * test_grant_random.c): NR frames of memory under a real frame table.
 *   1-15   domain 1      16-31  domain 2      32-47  domain 3
 *   48-55  free          56-63  pool for grant-table frames
 * Domain 0 is privileged and owns no memory; tables[i] is domain i's.
 * Host mappings are recorded in a small table per mapper; like Keel's
 * PTEs they hold the mapping's references, which the fake drops when a
 * mapping is replaced or zapped. Pool frames hold one permanent general
 * and writable reference each, as Keel's grant frames do.
 */
#ifndef KEEL_TEST_GRANT_FIXTURE_H
#define KEEL_TEST_GRANT_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include "keel/grant_table.h"

#define NR        64
#define POOL      56
#define BAD_ADDR  0xdead000ull   /* host_map refuses this address */
#define MAX_HOST  8

struct host_pte {
    uint64_t addr, mfn;
    bool rw, used;
};

extern uint8_t mem[NR][4096];
extern struct page_info frames[NR];
extern struct grant_table tables[4];
extern unsigned int pool_used;    /* pool frames handed out */
extern unsigned int print_lines;  /* lines dump_table printed */
extern struct host_pte ptes[4][MAX_HOST];

/* cmocka setup / teardown: the machine above, every table initialised. */
int setup(void **state);
int teardown(void **state);

/* What put_l1e does for an entry that goes away. */
void drop_pte_refs(struct host_pte *p);
/* t's host mapping at addr, or NULL. */
struct host_pte *pte_at(struct grant_table *t, uint64_t addr);

/* Domain `from` grants frame to `to` at ref, as a guest writes it. */
void grant(domid_t from, grant_ref_t ref, domid_t to, uint32_t frame, uint16_t flags);
uint16_t gflags(domid_t from, grant_ref_t ref);
/* GNTTABOP_map_grant_ref / unmap_grant_ref by domain `by`. */
struct gnttab_map_grant_ref map(domid_t by, domid_t from, grant_ref_t ref,
                                uint32_t flags, uint64_t addr);
int16_t unmap(domid_t by, grant_handle_t h, uint64_t addr, uint64_t bus);

#endif
