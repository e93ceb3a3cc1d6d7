/* sched_op: a vCPU yields, blocks until an event, or stops its domain. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <keel/sched.h>
#include <public/sched.h>
#include <public/xen.h>

static long shutdown_domain(struct domain *d, hc_arg_t arg)
{
    struct sched_shutdown s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    domain_shutdown(d, s.reason);
    return 0;
}

long do_sched_op(hc_arg_t cmd, hc_arg_t arg)
{
    struct vcpu *v = current_vcpu();

    switch (cmd) {
    case SCHEDOP_yield:
        sched_yield(v);
        return 0;
    case SCHEDOP_block:
        /* Events unmasked; sleep unless one is already pending. */
        v->vcpu_info->evtchn_upcall_mask = 0;
        vcpu_block(v);
        return 0;
    case SCHEDOP_shutdown:
        return shutdown_domain(v->domain, arg);
    default:
        return -ENOSYS;
    }
}
