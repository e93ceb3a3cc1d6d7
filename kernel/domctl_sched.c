/*
 * The domctls on a domain's vCPUs and its share of the CPUs: hard and
 * soft affinity, a vCPU's state, and the credit scheduler's weight and
 * cap (public/domctl.h). Called under the domctl lock; the scheduler
 * takes its own.
 */
#include <keel/domain.h>
#include <keel/domctl.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/sched.h>
#include <keel/time.h>
#include <keel/xenctl_bitmap.h>
#include <public/domctl.h>

/* Xen's "leave it as it is" values for putinfo. */
#define KEEP_WEIGHT 0
#define KEEP_CAP    0xffff

/* The vCPU an id names: -EINVAL past the domain's, -ESRCH if not made. */
static long find_vcpu(struct domain *d, uint32_t id, struct vcpu **v)
{
    if (id >= d->nr_vcpus)
        return -EINVAL;
    *v = d->vcpus[id];
    return *v ? 0 : -ESRCH;
}

static long read_map(const struct xenctl_bitmap *map, uint64_t *mask)
{
    uint8_t bytes[XENCTL_MASK_BYTES];
    uint32_t n = xenctl_bitmap_shared_bytes(map->nr_bits);

    if (n && copy_from_guest(bytes, (uint64_t)(uintptr_t)map->bitmap, n))
        return -EFAULT;
    *mask = n ? xenctl_bitmap_to_mask(bytes, map->nr_bits) : 0;
    return 0;
}

/* The mask into the caller's map, its bytes past Keel's 64 CPUs zeroed. */
static long write_map(struct xenctl_bitmap *map, uint64_t mask)
{
    static const uint8_t zero[64];
    uint64_t va = (uint64_t)(uintptr_t)map->bitmap;
    uint32_t total = xenctl_bitmap_bytes(map->nr_bits);
    uint32_t done = xenctl_bitmap_shared_bytes(map->nr_bits);
    uint8_t bytes[XENCTL_MASK_BYTES];

    xenctl_bitmap_from_mask(mask, bytes);
    if (done && copy_to_guest(va, bytes, done))
        return -EFAULT;
    while (done < total) {
        uint32_t n = total - done < sizeof(zero) ? total - done : (uint32_t)sizeof(zero);

        if (copy_to_guest(va + done, zero, n))
            return -EFAULT;
        done += n;
    }
    return 0;
}

/* Set the maps the flags name; each is written back as it takes effect. */
static long set_affinity(struct vcpu *v, struct xen_domctl_vcpuaffinity *a)
{
    uint64_t hard = v->affinity_hard, soft = v->affinity_soft, effective = 0;
    long rc;

    if ((a->flags & XEN_VCPUAFFINITY_HARD) && (rc = read_map(&a->cpumap_hard, &hard)))
        return rc;
    if ((a->flags & XEN_VCPUAFFINITY_SOFT) && (rc = read_map(&a->cpumap_soft, &soft)))
        return rc;
    if ((rc = sched_set_affinity(v, hard, &effective)))
        return rc;
    v->affinity_soft = soft;
    if ((a->flags & XEN_VCPUAFFINITY_HARD) && (rc = write_map(&a->cpumap_hard, effective)))
        return rc;
    if (a->flags & XEN_VCPUAFFINITY_SOFT)
        return write_map(&a->cpumap_soft, soft & effective);
    return 0;
}

static long get_affinity(const struct vcpu *v, struct xen_domctl_vcpuaffinity *a)
{
    long rc = 0;

    if (a->flags & XEN_VCPUAFFINITY_HARD)
        rc = write_map(&a->cpumap_hard, v->affinity_hard);
    if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
        rc = write_map(&a->cpumap_soft, v->affinity_soft);
    return rc;
}

/* Xen's checks, in its order: the vCPU, then flags and maps. */
long domctl_vcpuaffinity(struct domain *d, uint32_t cmd, struct xen_domctl_vcpuaffinity *a)
{
    struct vcpu *v;
    long rc = find_vcpu(d, a->vcpu, &v);

    if (rc)
        return rc;
    if (!a->flags ||
        ((a->flags & XEN_VCPUAFFINITY_HARD) && !a->cpumap_hard.bitmap) ||
        ((a->flags & XEN_VCPUAFFINITY_SOFT) && !a->cpumap_soft.bitmap))
        return -EINVAL;
    return cmd == XEN_DOMCTL_setvcpuaffinity ? set_affinity(v, a) : get_affinity(v, a);
}

long domctl_getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *info)
{
    struct vcpu *v;
    long rc = find_vcpu(d, info->vcpu, &v);

    if (rc)
        return rc;
    info->online = v->online;
    info->blocked = v->blocked;
    info->running = v->running;
    info->cpu_time = vcpu_cpu_time(v, NOW());
    info->cpu = v->processor;
    return 0;
}

long domctl_scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *op)
{
    struct xen_domctl_sched_credit *c = &op->u.credit;
    unsigned int weight, cap;

    if (op->sched_id != XEN_SCHEDULER_CREDIT)
        return -EINVAL;
    sched_get_params(d, &weight, &cap);
    switch (op->cmd) {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        c->weight = (uint16_t)weight;
        c->cap = (uint16_t)cap;
        return 0;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        return sched_set_params(d, c->weight != KEEP_WEIGHT ? c->weight : weight,
                                c->cap != KEEP_CAP ? c->cap : cap);
    default:
        return -EINVAL;
    }
}
