/*
 * SCHEDOP_poll: a vCPU sleeps until one of up to 128 of its domain's
 * ports is pending, an event is due for delivery to it, or its timeout
 * (absolute system time; 0: none) passes; as Xen's do_poll. It returns 0
 * in every one of those cases, at once if one holds already: the guest
 * looks for itself what happened. Ports are polled whether or not they
 * are masked, which is what makes poll useful (Linux's PV spinlocks wait
 * on a masked port this way).
 *
 * Wake-up without loss: the poller sets `polling`, then `blocked`, then
 * looks at its ports under the event lock; a sender marks a port pending
 * and then looks at `polling`, under the same lock. So either the sender
 * sees the poller (and wakes it) or the poller sees the port. Whoever
 * wakes a poller clears `polling` first, so it is woken once; a poller
 * woken otherwise (an upcall, the toolstack) may keep `polling` set
 * until its next poll, which costs at most a spurious wake-up, as on Xen.
 */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event_channel_op.h>
#include <keel/guest_access.h>
#include <keel/sched.h>
#include <keel/sched_poll.h>
#include <keel/timers.h>
#include <keel/percpu.h>
#include <public/sched.h>

#define POLL_MAX_PORTS 128 /* Xen's "fairly arbitrary limit" */

struct poll_request {
    const evtchn_port_t *ports;
    unsigned int nr_ports;
    int rc;              /* -EINVAL for a bad port, else 0 */
};

static bool take_poller(struct vcpu *v)
{
    return __atomic_exchange_n(&v->polling, false, __ATOMIC_SEQ_CST);
}

static void poll_timeout(void *data)
{
    struct vcpu *v = data;

    if (take_poller(v))
        vcpu_wake(v);
}

void vcpu_poll_init(struct vcpu *v)
{
    timer_init(&v->poll_timer, poll_timeout, v);
}

void vcpu_poll_kill(struct vcpu *v)
{
    v->polling = false;
    stop_timer(&v->poll_timer);
}

void sched_poll_wake(struct domain *d, evtchn_port_t port)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];

        if (!v || !__atomic_load_n(&v->polling, __ATOMIC_SEQ_CST))
            continue;
        if ((v->poll_port == 0 || v->poll_port == port) && take_poller(v))
            vcpu_wake(v);
    }
}

/* Asked once the poller counts as blocked: whether it must not sleep. */
static bool poll_ready(struct vcpu *v, void *arg)
{
    struct poll_request *req = arg;
    const struct vcpu_info *vi = v->vcpu_info;

    if (!__atomic_load_n(&v->polling, __ATOMIC_SEQ_CST))
        return true; /* woken already */
    if (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST) &&
        !__atomic_load_n(&vi->evtchn_upcall_mask, __ATOMIC_SEQ_CST))
        return true; /* an upcall is due: Xen's local_events_need_delivery */
    for (unsigned int i = 0; i < req->nr_ports; i++) {
        int pending = domain_evtchn_port_poll(v->domain, req->ports[i]);

        if (pending) {
            req->rc = pending < 0 ? pending : 0;
            return true;
        }
    }
    return false;
}

static long poll(struct vcpu *v, const struct sched_poll *p)
{
    evtchn_port_t ports[POLL_MAX_PORTS];
    struct poll_request req = { .ports = ports, .nr_ports = p->nr_ports };

    if (p->nr_ports > POLL_MAX_PORTS)
        return -EINVAL;
    if (copy_from_guest(ports, (hc_arg_t)p->ports, p->nr_ports * sizeof(ports[0])))
        return -EFAULT;
    stop_timer(&v->poll_timer); /* a timeout left by an earlier poll */
    v->poll_port = p->nr_ports == 1 ? ports[0] : 0;
    __atomic_store_n(&v->polling, true, __ATOMIC_SEQ_CST);
    if (vcpu_block_unless(v, poll_ready, &req)) {
        v->polling = false;
        return req.rc;
    }
    if (p->timeout)
        set_timer(&v->poll_timer, smp_processor_id(), p->timeout);
    return 0;
}

long sched_poll(struct vcpu *v, hc_arg_t arg)
{
    struct sched_poll p;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    return poll(v, &p);
}
