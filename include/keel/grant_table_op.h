/* Grant tables for Keel's domains (see kernel/grant_table_op.c). */
#ifndef KEEL_GRANT_TABLE_OP_H
#define KEEL_GRANT_TABLE_OP_H

struct domain;

/* Give d its grant table (one frame to start, as Xen). 0 or -E*. */
int domain_grant_init(struct domain *d);

/* A grant in d's table as if d had made it: ref lets domid map frame
 * (gnttab_seed: the reserved console and xenstore grants). */
#include <stdint.h>
int domain_grant_seed(struct domain *d, uint32_t ref, uint16_t domid, uint64_t frame);

/* d is dying: nobody may map or copy its grants from now on. */
void domain_grant_kill(struct domain *d);

/* d is dying and its page tables are gone: end the mappings it made. */
void domain_grant_release(struct domain *d);

/* If nobody holds a pin on d's grants any more, free its table (true). */
#include <stdbool.h>
bool domain_grant_free(struct domain *d);

/* Print every domain's grants in use (the `g` debug key). */
void grant_dump_all(void);

#endif
