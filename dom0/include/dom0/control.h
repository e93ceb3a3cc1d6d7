/*
 * The hypervisor's control interface (domctl, sysctl), as dom0 uses it:
 * thin wrappers that fill in the interface version and return 0 or a
 * negative Xen errno.
 */
#ifndef DOM0_CONTROL_H
#define DOM0_CONTROL_H

#include <stdint.h>
#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>

/* The first domain whose id is >= from; -ESRCH past the last. */
int domain_info_from(domid_t from, struct xen_domctl_getdomaininfo *out);
int domain_destroy(domid_t dom);
/* Ask a domain to shut down for reason (SHUTDOWN_*), as its own
 * SCHEDOP_shutdown would. */
int domain_shutdown(domid_t dom, unsigned int reason);
int host_physinfo(struct xen_sysctl_physinfo *out);

#endif
