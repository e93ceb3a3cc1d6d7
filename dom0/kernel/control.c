/* domctl and sysctl calls, see dom0/include/dom0/control.h. */
#include <keel/string.h>
#include <public/errno.h>
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

int domain_info_of(domid_t dom, struct xen_domctl_getdomaininfo *out)
{
    int rc = domain_info_from(dom, out);

    if (rc == 0 && out->domain != dom)
        rc = -XEN_ESRCH;      /* the hypervisor gave the next one up */
    return rc;
}

int domain_create(domid_t *dom, uint32_t max_vcpus, const uint8_t handle[16])
{
    struct xen_domctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = max_vcpus;
    op.u.createdomain.max_evtchn_port = 1023;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    memcpy(op.u.createdomain.handle, handle, sizeof(op.u.createdomain.handle));
    rc = domctl(XEN_DOMCTL_createdomain, *dom, &op);
    if (!rc)
        *dom = op.domain;
    return (int)rc;
}

int domain_max_mem(domid_t dom, uint64_t kib)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_memkb = kib;
    return (int)domctl(XEN_DOMCTL_max_mem, dom, &op);
}

int domain_build_pv(domid_t dom, struct xen_domctl_keel_build_pv *build)
{
    struct xen_domctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.keel_build_pv = *build;
    rc = domctl(XEN_DOMCTL_keel_build_pv, dom, &op);
    *build = op.u.keel_build_pv;
    return (int)rc;
}

int domain_unpause(domid_t dom)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    return (int)domctl(XEN_DOMCTL_unpausedomain, dom, &op);
}

int domain_pause(domid_t dom)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    return (int)domctl(XEN_DOMCTL_pausedomain, dom, &op);
}

int domain_max_vcpus(domid_t dom, uint32_t max)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.max_vcpus.max = max;
    return (int)domctl(XEN_DOMCTL_max_vcpus, dom, &op);
}

int vcpu_info_get(domid_t dom, uint32_t vcpu, struct xen_domctl_getvcpuinfo *out)
{
    struct xen_domctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.getvcpuinfo.vcpu = vcpu;
    rc = domctl(XEN_DOMCTL_getvcpuinfo, dom, &op);
    if (!rc)
        *out = op.u.getvcpuinfo;
    return (int)rc;
}

/* A mask is its own byte bitmap on x86 (little-endian): CPU n is bit n
 * of byte n / 8. NULL: that map is not asked for. */
static void affinity_maps(struct xen_domctl_vcpuaffinity *a, uint64_t *hard, uint64_t *soft)
{
    a->flags = (hard ? XEN_VCPUAFFINITY_HARD : 0) | (soft ? XEN_VCPUAFFINITY_SOFT : 0);
    a->cpumap_hard.bitmap = (uint8_t *)hard;
    a->cpumap_hard.nr_bits = hard ? 64 : 0;
    a->cpumap_soft.bitmap = (uint8_t *)soft;
    a->cpumap_soft.nr_bits = soft ? 64 : 0;
}

static int vcpu_affinity(uint32_t cmd, domid_t dom, uint32_t vcpu, uint64_t *hard, uint64_t *soft)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.vcpuaffinity.vcpu = vcpu;
    affinity_maps(&op.u.vcpuaffinity, hard, soft);
    return (int)domctl(cmd, dom, &op);
}

int vcpu_affinity_get(domid_t dom, uint32_t vcpu, uint64_t *hard, uint64_t *soft)
{
    return vcpu_affinity(XEN_DOMCTL_getvcpuaffinity, dom, vcpu, hard, soft);
}

int vcpu_affinity_set(domid_t dom, uint32_t vcpu, uint64_t *hard, uint64_t *soft)
{
    return vcpu_affinity(XEN_DOMCTL_setvcpuaffinity, dom, vcpu, hard, soft);
}

static int sched_credit(uint32_t cmd, domid_t dom, struct xen_domctl_sched_credit *c)
{
    struct xen_domctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.credit = *c;
    rc = domctl(XEN_DOMCTL_scheduler_op, dom, &op);
    if (!rc)
        *c = op.u.scheduler_op.u.credit;
    return (int)rc;
}

int sched_credit_get(domid_t dom, struct xen_domctl_sched_credit *out)
{
    return sched_credit(XEN_DOMCTL_SCHEDOP_getinfo, dom, out);
}

int sched_credit_set(domid_t dom, struct xen_domctl_sched_credit params)
{
    return sched_credit(XEN_DOMCTL_SCHEDOP_putinfo, dom, &params);
}

int evtchn_alloc_unbound_in(domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote };
    long rc = hyp_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return rc ? (int)rc : (int)op.port;
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

int host_sched_credit_params(struct xen_sysctl_credit_schedule *out)
{
    struct xen_sysctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = XEN_SYSCTL_SCHEDOP_getinfo;
    rc = sysctl(XEN_SYSCTL_scheduler_op, &op);
    if (!rc)
        *out = op.u.scheduler_op.u.sched_credit;
    return (int)rc;
}
