/*
 * Mapping other domains' grants into dom0 (GNTTABOP_map_grant_ref with
 * GNTMAP_host_map): the way a backend reaches a frontend's ring page.
 */
#ifndef DOM0_GRANT_H
#define DOM0_GRANT_H

#include <stdbool.h>
#include <public/grant_table.h>

struct grant_mapping {
    void *va;                   /* where the page is, while mapped */
    grant_handle_t handle;
};

/* Map grant ref of domain dom at a fresh place; 0 or a negative GNTST_*
 * status. */
int grant_map(domid_t dom, grant_ref_t ref, bool readonly, struct grant_mapping *m);
/* Undo grant_map; m->va is NULL afterwards. */
void grant_unmap(struct grant_mapping *m);

#endif
