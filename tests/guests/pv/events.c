/*
 * Event channels from the guest's side: a timer VIRQ raised by
 * set_timer_op wakes a blocked vCPU through the event upcall; a channel
 * looped back to the domain itself carries a send; closing works once.
 *
 * Included by main.c after vcpu.c: vCPU 0's vcpu_info then lives in
 * vcpu_info_page (offset 64), where the upcall handler clears it.
 */
#include <public/callback.h>
#include <public/event_channel.h>

void event_handler(void);
volatile int event_count;
volatile void *event_vcpu_info;

static long evtchn_op(unsigned int cmd, void *arg)
{
    return HYPERCALL(__HYPERVISOR_event_channel_op, cmd, arg, 0);
}

static void check_timer_virq(void)
{
    struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
    long rc = evtchn_op(EVTCHNOP_bind_virq, &bind);
    int before;

    check(rc == 0 && bind.port > 0, "event channels: bind VIRQ_TIMER (port)", rc ? rc : bind.port);
    rc = evtchn_op(EVTCHNOP_bind_virq, &bind);
    check(rc == -XEN_EEXIST, "event channels: VIRQ_TIMER bound twice: -EEXIST", rc);
    before = event_count;
    /* A time already past fires at once; block then sleeps until it has. */
    rc = HYPERCALL(__HYPERVISOR_set_timer_op, 1, 0, 0);
    check(rc == 0, "set_timer_op in the past", rc);
    HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
    check(event_count > before, "event channels: the timer VIRQ woke the blocked vCPU by upcall",
          event_count - before);
}

static void check_loopback(void)
{
    struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bind = { .remote_dom = DOMID_SELF };
    struct evtchn_send send;
    struct evtchn_close close;
    long rc = evtchn_op(EVTCHNOP_alloc_unbound, &alloc);
    int before;

    check(rc == 0, "event channels: alloc_unbound for ourselves", rc);
    bind.remote_port = alloc.port;
    rc = evtchn_op(EVTCHNOP_bind_interdomain, &bind);
    check(rc == 0 && bind.local_port != alloc.port,
          "event channels: bind_interdomain to it (a loopback pair)", rc ? rc : bind.local_port);
    before = event_count;
    send.port = bind.local_port;
    rc = evtchn_op(EVTCHNOP_send, &send);
    check(rc == 0 && event_count > before, "event channels: a send arrives as an upcall",
          rc ? rc : event_count - before);
    close.port = bind.local_port;
    rc = evtchn_op(EVTCHNOP_close, &close);
    check(rc == 0, "event channels: close", rc);
    rc = evtchn_op(EVTCHNOP_close, &close);
    check(rc == -XEN_EINVAL, "event channels: close again: -EINVAL", rc);
    rc = evtchn_op(99, &close);
    check(rc == -XEN_ENOSYS, "event channels: unknown command: -ENOSYS", rc);
}

static void check_events(void)
{
    struct callback_register cb = { .type = CALLBACKTYPE_event,
                                    .address = (unsigned long)event_handler };
    long rc;

    event_vcpu_info = vcpu_info_page + 64;
    rc = HYPERCALL(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb, 0);
    check(rc == 0, "callback_op: register the event upcall", rc);
    check_timer_virq();
    check_loopback();
}
