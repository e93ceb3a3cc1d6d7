/*
 * Grant mappings, dom0's side: one vmap page per mapping. The hypervisor
 * writes and clears the page-table entry; dom0 only picks the address.
 */
#include <dom0/console.h>
#include <dom0/grant.h>
#include <dom0/hypercall.h>
#include <dom0/traps.h>
#include <dom0/vmap.h>

int grant_map(domid_t dom, grant_ref_t ref, bool readonly, struct grant_mapping *m)
{
    struct gnttab_map_grant_ref op = {
        .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
        .ref = ref,
        .dom = dom,
    };
    void *va = vmap_alloc(1);
    long rc;

    m->va = NULL;
    if (!va)
        return GNTST_general_error;     /* no address space left */
    op.host_addr = (unsigned long)va;
    rc = hyp_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
    if (rc || op.status != GNTST_okay) {
        vmap_free(va, 1);
        return rc ? GNTST_general_error : op.status;
    }
    m->va = va;
    m->handle = op.handle;
    return 0;
}

void grant_unmap(struct grant_mapping *m)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = (unsigned long)m->va,
                                         .handle = m->handle };
    long rc;

    if (!m->va)
        return;
    rc = hyp_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);
    /* A failed unmap leaves the page mapped: its address stays taken. */
    if (rc || op.status != GNTST_okay) {
        printk("dom0: grant: unmapping %p failed (%ld, status %d)\n", m->va, rc, op.status);
        m->va = NULL;
        return;
    }
    vmap_free(m->va, 1);
    m->va = NULL;
}
