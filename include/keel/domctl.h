/* The domctls beyond domctl.c's own: making a domU (kernel/domctl_create.c),
 * vCPUs and scheduling (kernel/domctl_sched.c). */
#ifndef KEEL_DOMCTL_H
#define KEEL_DOMCTL_H

#include <public/domctl.h>

struct domain;

/* XEN_DOMCTL_createdomain: *domid in is the id wanted (0: any), out the
 * id given. 0 or a negative errno (public/domctl.h lists them). */
long domctl_createdomain(domid_t *domid, const struct xen_domctl_createdomain *c);

/* XEN_DOMCTL_keel_build_pv on d; fills b's OUT fields. */
long domctl_keel_build_pv(struct domain *d, struct xen_domctl_keel_build_pv *b);

/* The domctls on a domain's vCPUs and scheduling (kernel/domctl_sched.c);
 * 0 or a negative errno, OUT fields filled. */
long domctl_vcpuaffinity(struct domain *d, uint32_t cmd, struct xen_domctl_vcpuaffinity *a);
long domctl_getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *info);
long domctl_scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *op);

/* The ns v has run, up to now. */
struct vcpu;
uint64_t vcpu_cpu_time(const struct vcpu *v, uint64_t now);

#endif
