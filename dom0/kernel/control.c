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

static long sysctl(uint32_t cmd, struct xen_sysctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hyp_sysctl(op);
}

int domain_info_list(domid_t from, struct xen_domctl_getdomaininfo *out, unsigned int max)
{
    struct xen_sysctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.getdomaininfolist.first_domain = from;
    op.u.getdomaininfolist.max_domains = max;
    op.u.getdomaininfolist.buffer = out;
    rc = sysctl(XEN_SYSCTL_getdomaininfolist, &op);
    return rc ? (int)rc : (int)op.u.getdomaininfolist.num_domains;
}

int host_physinfo(struct xen_sysctl_physinfo *out)
{
    struct xen_sysctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    rc = sysctl(XEN_SYSCTL_physinfo, &op);
    if (rc)
        return (int)rc;
    *out = op.u.physinfo;
    return 0;
}

long host_readconsole(uint32_t *index, char *buf, uint32_t len, bool clear)
{
    struct xen_sysctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.readconsole.clear = clear;
    op.u.readconsole.incremental = 1;
    op.u.readconsole.index = *index;
    op.u.readconsole.buffer = buf;
    op.u.readconsole.count = len;
    rc = sysctl(XEN_SYSCTL_readconsole, &op);
    if (rc)
        return rc;
    *index = op.u.readconsole.index;
    return op.u.readconsole.count;
}

int host_sched_id(void)
{
    struct xen_sysctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    rc = sysctl(XEN_SYSCTL_sched_id, &op);
    return rc ? (int)rc : (int)op.u.sched_id.sched_id;
}
