/*
 * The part of dom0's address space for frames it does not own: other
 * domains' pages it maps by grant, device memory. Page-granular ranges
 * of [VMAP_START, VMAP_END); the L1 tables under a range exist before it
 * is handed out, because a grant mapping names its place by virtual
 * address and the hypervisor only writes an entry of an existing table.
 */
#ifndef DOM0_VMAP_H
#define DOM0_VMAP_H

/* n contiguous unmapped pages of address space, or NULL. */
void *vmap_alloc(unsigned long n);
/* Give back a range vmap_alloc returned, once nothing is mapped in it. */
void vmap_free(void *va, unsigned long n);

#endif
