/* sched_op: a vCPU yields, blocks until an event, polls ports, or stops
 * its domain. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <keel/sched.h>
#include <keel/sched_poll.h>
#include <public/sched.h>
#include <public/xen.h>

/* Xen takes the reason as a byte, whatever the guest passes. */
static long shutdown_self(struct domain *d, hc_arg_t arg, bool now)
{
    struct sched_shutdown s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (now)
        domain_shutdown(d, (uint8_t)s.reason);
    else if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
        d->shutdown_code = (uint8_t)s.reason; /* SCHEDOP_shutdown_code */
    return 0;
}

/* The control domain shuts another down (or itself), as its power button. */
static long remote_shutdown(const struct domain *self, hc_arg_t arg)
{
    struct sched_remote_shutdown s;
    struct domain *d;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (!(d = domain_by_id(s.domain_id)))
        return -ESRCH;
    if (!self->is_privileged)
        return -EPERM;
    domain_shutdown(d, (uint8_t)s.reason);
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
        return shutdown_self(v->domain, arg, true);
    case SCHEDOP_shutdown_code:
        return shutdown_self(v->domain, arg, false);
    case SCHEDOP_remote_shutdown:
        return remote_shutdown(v->domain, arg);
    case SCHEDOP_poll:
        return sched_poll(v, arg);
    default:
        return -ENOSYS;
    }
}
