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
static evtchn_port_t virq_timer_port; /* VIRQ_TIMER on vCPU 0, once bound */

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
    virq_timer_port = bind.port;
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

/* Events come as upcalls to event_handler, which clears vcpu_info's
 * pending flags (vcpu_info in shared_info, or where it was moved). */
static long register_upcall(volatile void *vcpu_info)
{
    struct callback_register cb = { .type = CALLBACKTYPE_event,
                                    .address = (unsigned long)event_handler };

    event_vcpu_info = vcpu_info;
    return HYPERCALL(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb, 0);
}

/* shared_info, mapped over a page of the guest's own: the upcall handler
 * leaves ports pending, and a port still pending from its last event
 * raises no new upcall, so a waiter clears them here before it looks. */
static uint8_t shinfo_page[PAGE_BYTES] __attribute__((aligned(4096)));

static long map_shared_info(const start_info_t *si)
{
    return update_va_mapping((unsigned long)shinfo_page,
                             si->shared_info | PG_PRESENT | PG_RW | PG_ACCESSED | PG_DIRTY,
                             UVMF_INVLPG | UVMF_LOCAL);
}

/* Forget every pending port: what arrived is read from the shared pages. */
static void clear_pending_events(void)
{
    volatile shared_info_t *sh = (volatile shared_info_t *)shinfo_page;

    for (unsigned int i = 0; i < sizeof(sh->evtchn_pending) / sizeof(sh->evtchn_pending[0]); i++)
        __atomic_store_n(&sh->evtchn_pending[i], 0, __ATOMIC_SEQ_CST);
}

/*
 * Wait for a peer: run step until it says it is done, sleeping between
 * tries. Events stay masked (vcpu_info's upcall mask) except inside
 * SCHEDOP_block, which unmasks and sleeps unless one is pending, in one
 * step; and step runs after the pending bits are cleared, so whatever
 * arrives after it looked wakes the block. Returns with events masked.
 * Needs map_shared_info() and register_upcall().
 */
static void block_until(int (*step)(void))
{
    for (;;) {
        ((volatile uint8_t *)event_vcpu_info)[1] = 1; /* evtchn_upcall_mask */
        clear_pending_events(); /* seq_cst: before step reads anything */
        if (step())
            return;
        HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
    }
}

static void check_events(void)
{
    long rc = register_upcall(vcpu_info_page + 64);

    check(rc == 0, "callback_op: register the event upcall", rc);
    check_timer_virq();
    check_loopback();
}
