/*
 * SCHEDOP_poll from the guest's side: refusals (too many ports, a port
 * not bound), a timeout, a port already pending, and a masked port that
 * becomes pending (VIRQ_TIMER from a single-shot timer) waking the poller
 * with no upcall.
 *
 * Included by main.c after vcpu_timers.c (guest_now, singleshot, and
 * shared_info mapped at shinfo_page).
 */
static long sched_poll_ports(evtchn_port_t *ports, unsigned int nr, uint64_t timeout)
{
    struct sched_poll p = { .ports = ports, .nr_ports = nr, .timeout = timeout };

    return HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_poll, &p, 0);
}

static void port_bit(volatile xen_ulong_t *words, evtchn_port_t port, int set)
{
    xen_ulong_t bit = 1ul << (port % 64);

    if (set)
        __atomic_fetch_or(&words[port / 64], bit, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&words[port / 64], ~bit, __ATOMIC_SEQ_CST);
}

static int port_pending(evtchn_port_t port)
{
    const volatile shared_info_t *sh = (const volatile shared_info_t *)shinfo_page;

    return (sh->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static void check_poll_refusals(void)
{
    static evtchn_port_t many[129];
    evtchn_port_t bad = 4000;
    long rc;

    set_upcall_mask(1);
    rc = sched_poll_ports(many, 129, 0);
    check(rc == -XEN_EINVAL, "sched_op poll: 129 ports: -EINVAL", rc);
    rc = sched_poll_ports((evtchn_port_t *)0x1000, 1, 0);
    check(rc == -XEN_EFAULT, "sched_op poll: ports at an unmapped address: -EFAULT", rc);
    rc = sched_poll_ports(&bad, 1, 0);
    check(rc == -XEN_EINVAL, "sched_op poll: a port never bound: -EINVAL", rc);
}

static void check_poll_waits(void)
{
    volatile shared_info_t *sh = (volatile shared_info_t *)shinfo_page;
    struct evtchn_alloc_unbound quiet = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    evtchn_port_t ports[2];
    uint64_t start, took;
    int before = event_count;
    long rc = evtchn_op(EVTCHNOP_alloc_unbound, &quiet);

    check(rc == 0, "sched_op poll: a port nobody sends on", rc);
    ports[0] = quiet.port;
    start = guest_now();
    rc = sched_poll_ports(ports, 1, start + 20 * MS);
    took = guest_now() - start;
    check(rc == 0 && took + MS >= 20 * MS && took < 1000 * MS,
          "sched_op poll: it times out after 20 ms (us)", rc ? rc : (long)took / 1000);

    /* VIRQ_TIMER masked: its event wakes the poller, and raises no upcall. */
    port_bit(sh->evtchn_mask, virq_timer_port, 1);
    port_bit(sh->evtchn_pending, virq_timer_port, 0);
    ports[1] = virq_timer_port;
    start = guest_now();
    singleshot(0, start + 10 * MS, 0);
    rc = sched_poll_ports(ports, 2, start + 2000 * MS);
    took = guest_now() - start;
    check(rc == 0 && port_pending(virq_timer_port) && took + MS >= 10 * MS && took < 1000 * MS,
          "sched_op poll: a masked port becoming pending wakes it (us)",
          rc ? rc : (long)took / 1000);
    start = guest_now();
    rc = sched_poll_ports(ports, 2, start + 2000 * MS);
    took = guest_now() - start;
    check(rc == 0 && took < 1000 * MS, "sched_op poll: a port already pending: at once (us)",
          rc ? rc : (long)took / 1000);
    check(event_count == before, "sched_op poll: no upcall for the masked port",
          event_count - before);
    port_bit(sh->evtchn_pending, virq_timer_port, 0);
    port_bit(sh->evtchn_mask, virq_timer_port, 0);
}

static void check_poll(void)
{
    if (!virq_timer_port || !guest_now())
        return;
    check_poll_refusals();
    check_poll_waits();
}
