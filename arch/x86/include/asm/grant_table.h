/*
 * Grant mappings in a PV guest's page tables: the architecture's half of
 * GNTTABOP_map_grant_ref and unmap_grant_ref (kernel/grant_table_op.c).
 * Both act on the calling vCPU's page tables and return GNTST_* codes.
 */
#ifndef ASM_GRANT_TABLE_H
#define ASM_GRANT_TABLE_H

#include <stdint.h>

struct vcpu;

/* Map frame mfn at addr (a linear address, or with GNTMAP_contains_pte
 * the machine address of the L1 entry), as flags (GNTMAP_*) say. */
int pv_grant_host_map(struct vcpu *v, uint64_t addr, uint64_t mfn, uint32_t flags);

/* Remove that mapping; with new_addr, move the entry at new_addr there. */
int pv_grant_host_unmap(struct vcpu *v, uint64_t addr, uint64_t mfn,
                        uint64_t new_addr, uint32_t flags);

#endif
