/* domctl and sysctl calls, see dom0/include/dom0/control.h. */
#include <keel/string.h>
#include <dom0/control.h>
#include <dom0/hypercall.h>

static long domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return hyp_domctl(op);
}

int domain_info_from(domid_t from, struct xen_domctl_getdomaininfo *out)
{
    struct xen_domctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    rc = domctl(XEN_DOMCTL_getdomaininfo, from, &op);
    if (rc)
        return (int)rc;
    *out = op.u.getdomaininfo;
    return 0;
}

int domain_destroy(domid_t dom)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    return (int)domctl(XEN_DOMCTL_destroydomain, dom, &op);
}

int domain_shutdown(domid_t dom, unsigned int reason)
{
    struct sched_remote_shutdown rs = { .domain_id = dom, .reason = reason };

    return (int)hyp_sched_op(SCHEDOP_remote_shutdown, &rs);
}

int host_physinfo(struct xen_sysctl_physinfo *out)
{
    struct xen_sysctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_physinfo;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    rc = hyp_sysctl(&op);
    if (rc)
        return (int)rc;
    *out = op.u.physinfo;
    return 0;
}
