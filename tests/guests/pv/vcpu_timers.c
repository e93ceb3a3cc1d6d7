/*
 * A vCPU's timers from the guest's side: the periodic timer ticks while
 * the vCPU runs and stops when told; the single-shot timer wakes a blocked
 * vCPU at its deadline, fires at once for a past one, and can be stopped.
 * Every tick is VIRQ_TIMER, which check_events() bound on vCPU 0. The
 * upcall handler leaves the port pending, and a pending port takes no new
 * event, so the waiters here clear it (through shared_info) after each.
 *
 * Xen 4.17.3 and later ignore VCPU_SSHOTTMR_future (an -ETIME answer made
 * old Linux loop), so a past deadline with that flag is accepted and fires
 * at once there; Keel does the same.
 *
 * Included by main.c after events.c (event_count, event_vcpu_info) and
 * time.c (the pvclock readers).
 */
#define MS 1000000ull

/* Time as the guest kernel reads it: its vcpu_info's record and the TSC. */
static uint64_t guest_now(void)
{
    const volatile struct vcpu_info *vi = event_vcpu_info;
    struct vcpu_time_info t;

    if (!pvclock_read(&vi->time, &t))
        return 0;
    return pvclock_at(&t, rdtsc_ordered());
}

static void set_upcall_mask(uint8_t mask)
{
    __atomic_store_n((volatile uint8_t *)event_vcpu_info + 1, mask, __ATOMIC_SEQ_CST);
}

/* Events unmasked, spinning, for `ns` or until `want` more upcalls came:
 * how many came. Returns with events masked. */
static int take_upcalls(uint64_t ns, int want, uint64_t *elapsed)
{
    int before = event_count, seen = before;
    uint64_t start = guest_now();

    clear_pending_events();
    set_upcall_mask(0);
    while (event_count - before < want && guest_now() - start < ns) {
        if (event_count != seen) {
            seen = event_count;
            clear_pending_events();
        }
        asm volatile("pause");
    }
    set_upcall_mask(1);
    *elapsed = guest_now() - start;
    return event_count - before;
}

/* Block until an upcall arrives (giving up after 2 s of wake-ups): how
 * many came, and the time then. Returns with events masked. */
static int block_for_upcall(uint64_t *woke)
{
    int before = event_count;
    uint64_t start = guest_now();

    while (event_count == before && guest_now() - start < 2000 * MS) {
        set_upcall_mask(1);
        clear_pending_events(); /* then block: an event from now on wakes it */
        HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
    }
    set_upcall_mask(1);
    *woke = guest_now();
    return event_count - before;
}

static long singleshot(unsigned int vcpu, uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer set = { .timeout_abs_ns = deadline, .flags = flags };

    return HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, vcpu, &set);
}

static long periodic(uint64_t period)
{
    struct vcpu_set_periodic_timer set = { .period_ns = period };

    return HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_set_periodic_timer, 0, &set);
}

static void check_periodic_timer(void)
{
    uint64_t elapsed;
    long rc = periodic(MS / 2);
    int n;

    check(rc == -XEN_EINVAL, "vcpu timers: a period under 1 ms: -EINVAL", rc);
    rc = periodic(2 * MS);
    check(rc == 0, "vcpu timers: set a 2 ms periodic timer", rc);
    n = take_upcalls(1000 * MS, 5, &elapsed);
    /* The first tick may come at once; four more need four periods
     * (less Xen's 50 us timer slop each). */
    check(n >= 5, "vcpu timers: periodic ticks arrive as upcalls", n);
    check(elapsed >= 7 * MS, "vcpu timers: five ticks take four periods (us)",
          (long)(elapsed / 1000));
    rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_stop_periodic_timer, 0, 0);
    check(rc == 0, "vcpu timers: stop the periodic timer", rc);
    take_upcalls(3 * MS, 1000, &elapsed); /* one may have been on its way */
    n = take_upcalls(30 * MS, 1, &elapsed);
    check(n == 0, "vcpu timers: no tick in 30 ms once stopped", n);
}

static void check_singleshot_timer(void)
{
    uint64_t deadline, start, woke, elapsed;
    long rc = singleshot(1, guest_now() + 10 * MS, 0);
    int n;

    check(rc == -XEN_EINVAL, "vcpu timers: another vCPU's single-shot timer: -EINVAL", rc);
    rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, 0x1000);
    check(rc == -XEN_EFAULT, "vcpu timers: single-shot from an unmapped address: -EFAULT", rc);

    deadline = guest_now() + 20 * MS;
    rc = singleshot(0, deadline, VCPU_SSHOTTMR_future);
    check(rc == 0, "vcpu timers: a single-shot timer 20 ms ahead", rc);
    n = block_for_upcall(&woke);
    /* Xen may fire up to its 50 us slop early; 1 ms covers that. */
    check(n > 0 && woke + MS >= deadline && woke < deadline + 1000 * MS,
          "vcpu timers: the blocked vCPU wakes at its deadline (us after)",
          (long)(woke - deadline) / 1000);

    rc = singleshot(0, guest_now() + 5 * MS, 0);
    check(rc == 0, "vcpu timers: arm a single-shot timer 5 ms ahead", rc);
    rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_stop_singleshot_timer, 0, 0);
    check(rc == 0, "vcpu timers: stop it", rc);
    n = take_upcalls(30 * MS, 1, &elapsed);
    check(n == 0, "vcpu timers: a stopped single-shot timer never fires", n);

    start = guest_now();
    rc = singleshot(0, 1, VCPU_SSHOTTMR_future);
    check(rc == 0, "vcpu timers: a past deadline, future flag: accepted (Xen ignores it)", rc);
    n = block_for_upcall(&woke);
    check(n > 0 && woke - start < 100 * MS, "vcpu timers: ... and it fires at once (us)",
          (long)(woke - start) / 1000);
}

/* Linux stops the default periodic timer at boot; the checks after these
 * run without it too. */
static void check_vcpu_timers(const start_info_t *si)
{
    long rc = map_shared_info(si);

    check(rc == 0, "vcpu timers: map shared_info to clear pending ports", rc);
    if (rc || !guest_now())
        return;
    check_periodic_timer();
    check_singleshot_timer();
}
