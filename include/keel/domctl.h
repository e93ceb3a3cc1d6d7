/* The domctls that make a domU (kernel/domctl_create.c). */
#ifndef KEEL_DOMCTL_H
#define KEEL_DOMCTL_H

#include <public/domctl.h>

struct domain;

/* XEN_DOMCTL_createdomain: *domid in is the id wanted (0: any), out the
 * id given. 0 or a negative errno (public/domctl.h lists them). */
long domctl_createdomain(domid_t *domid, const struct xen_domctl_createdomain *c);

/* XEN_DOMCTL_keel_build_pv on d; fills b's OUT fields. */
long domctl_keel_build_pv(struct domain *d, struct xen_domctl_keel_build_pv *b);

#endif
