/* Grant tables for Keel's domains (see kernel/grant_table_op.c). */
#ifndef KEEL_GRANT_TABLE_OP_H
#define KEEL_GRANT_TABLE_OP_H

struct domain;

/* Give d its grant table (one frame to start, as Xen). 0 or -E*. */
int domain_grant_init(struct domain *d);

/* Print every domain's grants in use (the `g` debug key). */
void grant_dump_all(void);

#endif
