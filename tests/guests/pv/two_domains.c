/*
 * Two domains at once, both this guest: dom0 (run with "twodom" on its
 * command line) and domain 1 (a boot module with "domU" on its line, which
 * Keel starts beside dom0). They meet through a page dom0 grants to
 * domain 1 at a fixed reference, holding the port dom0 allocated for it;
 * then they exercise interdomain events in both directions and grants
 * across domains: map and write, a read-only grant refused for writing,
 * copy both ways, revocation refused while mapped and allowed after.
 * Domain 1 counts its own checks and reports them through the page; dom0's
 * summary line covers both. Last, dom0 destroys domain 1 while it still
 * maps dom0's page and is mapped by dom0, and watches it die: its port
 * unbound, VIRQ_DOM_EXC raised, its last page kept while dom0 maps it,
 * then gone with all its memory back. Xen 4.17 cannot start a domain from
 * a boot module, so this runs on Keel only.
 *
 * Included by main.c after grants.c (the windows, gnt_*), events.c and
 * time.c (the upcall counter, the PV clock).
 */
#define XD_DOMU       1
#define XD_CTL_REF    20   /* dom0's shared page, granted to domain 1 */
#define XD_RW_REF     30   /* domain 1's page, granted writable to dom0 */
#define XD_RO_REF     31   /* the same page, read-only */
#define XD_KEEP_REF   32   /* the same page, still granted when domain 1 dies */
#define XD_WAIT_NS    20000000000ull /* 20 s of guest time for the peer */

/* The shared page. Each field has one writer, named first. */
struct xd_ctl {
    uint32_t a_port;             /* dom0: its port for domain 1 */
    uint32_t b_port;             /* domain 1: its end, once bound */
    uint32_t stage_a, stage_b;   /* each side's progress */
    uint32_t b_events;           /* domain 1: events it saw from dom0 */
    uint32_t b_passed, b_failed; /* domain 1: its checks, at stage 3 */
};

static uint8_t xd_page[PAGE_BYTES] __attribute__((aligned(4096)));
static uint64_t xd_now(void)
{
    const volatile struct vcpu_info *vi = event_vcpu_info;
    struct vcpu_time_info t;

    if (!vi || !pvclock_read(&vi->time, &t))
        return 0;
    return pvclock_at(&t, rdtsc_ordered());
}

/*
 * Events are masked from clearing the pending bits to the block, which
 * unmasks and sleeps in one step: an upcall in between would take the
 * timer's event and leave the block nothing to wake it.
 */
static void xd_mask_events(void)
{
    ((volatile uint8_t *)event_vcpu_info)[1] = 1; /* evtchn_upcall_mask */
}

static void xd_unmask_events(void)
{
    ((volatile uint8_t *)event_vcpu_info)[1] = 0;
}

/* Block until *v reaches `want` (the peer sends an event when it moves
 * on; a 1 ms timer covers a missed one); 0 if the peer never does. */
static int xd_wait(const volatile uint32_t *v, uint32_t want)
{
    uint64_t deadline = xd_now() + XD_WAIT_NS;

    int ok = 1;

    while (*v < want) {
        uint64_t now = xd_now();

        if (!now || now > deadline) {
            ok = 0;
            break;
        }
        xd_mask_events();
        clear_pending_events();
        if (*v >= want)
            break;
        HYPERCALL(__HYPERVISOR_set_timer_op, now + 1000000, 0, 0);
        HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
    }
    xd_unmask_events();
    return ok;
}

static int xd_pending(uint32_t port)
{
    const volatile shared_info_t *sh = (const volatile shared_info_t *)shinfo_page;

    return (sh->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static void xd_notify(uint32_t port)
{
    struct evtchn_send send = { .port = port };

    evtchn_op(EVTCHNOP_send, &send);
}

/* ------------------------------------------------------------ dom0's side */

static void xd_dom0_grants(volatile struct xd_ctl *ctl)
{
    struct gnttab_map_grant_ref m;
    int16_t rc;

    m = gnt_map(XD_RW_REF, XD_DOMU, GNTMAP_host_map);
    check(m.status == 0 && gnt_window[1][0] == 0xb1,
          "two domains: map domain 1's grant and read its page", m.status ? m.status : gnt_window[1][0]);
    if (m.status)
        return;
    gnt_window[1][0] = 0xa1;
    check(gnt_map(XD_RO_REF, XD_DOMU, GNTMAP_host_map).status == GNTST_general_error,
          "two domains: domain 1's read-only grant refuses a writable mapping", 0);
    rc = gnt_copy(GNTCOPY_source_gref, XD_RW_REF, XD_DOMU, 0,
                  (uint32_t)va_mfn(gnt_copy_page), DOMID_SELF, 0, PAGE_BYTES);
    check(rc == 0 && gnt_copy_page[100] == 0xb1 && gnt_copy_page[0] == 0xa1,
          "two domains: copy domain 1's page into ours", rc);
    gnt_copy_page[0] = 0xa8;
    rc = gnt_copy(GNTCOPY_dest_gref, (uint32_t)va_mfn(gnt_copy_page), DOMID_SELF, 0,
                  XD_RW_REF, XD_DOMU, 8, 1);
    check(rc == 0, "two domains: copy a byte into domain 1's page", rc);

    ctl->stage_a = 2; /* domain 1 now looks at its page, and tries to revoke */
    xd_notify(ctl->a_port);
    check(xd_wait(&ctl->stage_b, 2), "two domains: domain 1 saw our writes", ctl->stage_b);
    check(gnt_unmap(m.handle) == 0, "two domains: unmap domain 1's page", 0);
    ctl->stage_a = 3; /* now it may revoke */
    xd_notify(ctl->a_port);
    check(xd_wait(&ctl->stage_b, 3), "two domains: domain 1 revoked its grant", ctl->stage_b);
    check(gnt_map(XD_RW_REF, XD_DOMU, GNTMAP_host_map).status == GNTST_general_error,
          "two domains: a revoked grant cannot be mapped", 0);
}

/* Wait (bounded) until domain 1 has left the domain list. */
static long xd_wait_gone(void)
{
    struct xen_domctl_getdomaininfo info;
    uint64_t deadline = xd_now() + XD_WAIT_NS;
    long rc;

    for (;;) {
        xd_mask_events();
        clear_pending_events(); /* or the timer's port, still pending, wakes nobody */
        if ((rc = domain_info(XD_DOMU, &info)) != 0 || info.domain != XD_DOMU ||
            xd_now() >= deadline)
            break;
        HYPERCALL(__HYPERVISOR_set_timer_op, xd_now() + 1000000, 0, 0);
        HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
    }
    xd_unmask_events();
    return rc == 0 && info.domain != XD_DOMU ? -XEN_ESRCH : rc;
}

/* Domain 1 waits forever, our page mapped, its own granted: kill it. */
static void xd_destroy_peer(uint32_t port)
{
    struct evtchn_bind_virq virq = { .virq = VIRQ_DOM_EXC, .vcpu = 0 };
    struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
    struct xen_domctl_getdomaininfo info;
    struct xen_sysctl_physinfo before, after;
    struct gnttab_map_grant_ref m = gnt_map(XD_KEEP_REF, XD_DOMU, GNTMAP_host_map);
    uint64_t tot = 0;
    long rc;

    check(m.status == 0 && gnt_window[1][200] == 0xd1,
          "two domains: map the page domain 1 keeps granted", m.status);
    rc = evtchn_op(EVTCHNOP_bind_virq, &virq);
    check(rc == 0, "two domains: bind VIRQ_DOM_EXC", rc);
    rc = domain_info(XD_DOMU, &info);
    check(rc == 0 && info.domain == XD_DOMU && info.tot_pages > 0 &&
          !(info.flags & (XEN_DOMINF_dying | XEN_DOMINF_shutdown)),
          "two domains: getdomaininfo(1): alive, with memory", rc ? rc : (long)info.flags);
    tot = info.tot_pages;
    rc = domctl_simple(XEN_DOMCTL_pausedomain, XD_DOMU);
    check(rc == 0 && domctl_simple(XEN_DOMCTL_pausedomain, XD_DOMU) == 0 &&
          domain_info(XD_DOMU, &info) == 0 && (info.flags & XEN_DOMINF_paused) &&
          !(info.flags & XEN_DOMINF_running),
          "two domains: domain 1 paused twice, and off every CPU", rc ? rc : (long)info.flags);
    rc = domctl_simple(XEN_DOMCTL_unpausedomain, XD_DOMU);
    check(rc == 0 && domain_info(XD_DOMU, &info) == 0 && (info.flags & XEN_DOMINF_paused),
          "two domains: one unpause leaves it paused", rc ? rc : (long)info.flags);
    rc = domctl_simple(XEN_DOMCTL_unpausedomain, XD_DOMU);
    check(rc == 0 && domctl_simple(XEN_DOMCTL_unpausedomain, XD_DOMU) == -XEN_EINVAL &&
          domain_info(XD_DOMU, &info) == 0 && !(info.flags & XEN_DOMINF_paused),
          "two domains: the second unpauses it, a third is refused", rc);
    check(physinfo(&before) == 0, "two domains: physinfo before", 0);
    clear_pending_events();
    rc = domctl_simple(XEN_DOMCTL_destroydomain, XD_DOMU);
    check(rc == 0, "two domains: destroy domain 1 in the middle of its wait", rc);
    check(xd_pending(virq.port), "two domains: VIRQ_DOM_EXC tells dom0 of the death", virq.port);
    rc = evtchn_op(EVTCHNOP_status, &st);
    check(rc == 0 && st.status == EVTCHNSTAT_unbound,
          "two domains: our port to the dead domain is unbound again", rc ? rc : st.status);
    rc = domain_info(XD_DOMU, &info);
    check(rc == 0 && info.domain == XD_DOMU && (info.flags & XEN_DOMINF_dying) &&
          info.tot_pages == 1, "two domains: domain 1 lingers, dying, with the one page we map",
          rc ? rc : (long)info.tot_pages);
    check(m.status == 0 && gnt_window[1][200] == 0xd1,
          "two domains: the dead domain's page stays readable while mapped", gnt_window[1][200]);
    check(gnt_map(XD_KEEP_REF, XD_DOMU, GNTMAP_host_map).status == GNTST_general_error,
          "two domains: a dying domain's grant cannot be mapped", 0);
    check(gnt_copy(GNTCOPY_source_gref, XD_KEEP_REF, XD_DOMU, 0,
                   (uint32_t)va_mfn(gnt_copy_page), DOMID_SELF, 0, 8) == GNTST_bad_domain,
          "two domains: nor copied", 0);
    check(gnt_revoke(XD_CTL_REF),
          "two domains: its mapping of our page ended with it: our grant revokes",
          gnt_table[XD_CTL_REF].flags);
    check(m.status == 0 && gnt_unmap(m.handle) == 0, "two domains: unmap the dead domain's page",
          m.status);
    rc = xd_wait_gone();
    check(rc == -XEN_ESRCH, "two domains: domain 1 is gone once nothing maps it", rc);
    check(physinfo(&after) == 0 && after.free_pages >= before.free_pages + tot,
          "two domains: all its memory is free again",
          (long)after.free_pages - (long)before.free_pages);
    check(domctl_simple(XEN_DOMCTL_destroydomain, XD_DOMU) == -XEN_ESRCH,
          "two domains: destroying it again: -ESRCH", 0);
}

static void check_two_domains(const start_info_t *si)
{
    volatile struct xd_ctl *ctl = (volatile struct xd_ctl *)xd_page;
    struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF, .remote_dom = XD_DOMU };
    struct evtchn_status st;
    int before = event_count;
    long rc;

    if (!gnt_frame || gnt_windows_open() || map_shared_info(si)) {
        check(0, "two domains: our grant table and shared_info are mapped", 0);
        return;
    }
    rc = evtchn_op(EVTCHNOP_alloc_unbound, &alloc);
    check(rc == 0, "two domains: alloc_unbound for domain 1", rc);
    ctl->a_port = alloc.port;
    gnt_grant(XD_CTL_REF, XD_DOMU, (uint32_t)va_mfn(xd_page), GTF_permit_access);
    if (!xd_wait(&ctl->stage_b, 1)) {
        check(0, "two domains: domain 1 binds to our port (is it running?)", ctl->stage_b);
        gnt_windows_close();
        return;
    }
    st.dom = DOMID_SELF;
    st.port = alloc.port;
    rc = evtchn_op(EVTCHNOP_status, &st);
    check(rc == 0 && st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == XD_DOMU &&
          st.u.interdomain.port == ctl->b_port,
          "two domains: our port is connected to domain 1's", rc ? rc : st.status);
    check(event_count > before, "two domains: domain 1's event arrived as an upcall",
          event_count - before);
    ctl->stage_a = 1;
    xd_notify(alloc.port);
    check(xd_wait(&ctl->b_events, 1), "two domains: domain 1 got our event", ctl->b_events);
    xd_dom0_grants(ctl);
    check(xd_wait(&ctl->stage_b, 4) && ctl->b_failed == 0 && ctl->b_passed > 0,
          "two domains: domain 1 passed all its checks", ctl->b_failed ? -(long)ctl->b_failed
                                                                        : (long)ctl->b_passed);
    check(!gnt_revoke(XD_CTL_REF), "two domains: our page cannot be revoked while domain 1 maps it",
          gnt_table[XD_CTL_REF].flags);
    xd_destroy_peer(alloc.port);
    gnt_windows_close();
}

/* --------------------------------------------------------- domain 1's side */

static void xd_domu_peer(volatile struct xd_ctl *ctl, uint32_t port)
{
    int seen = event_count;

    ctl->b_port = port;
    ctl->stage_b = 1;
    xd_notify(port);
    check(xd_wait(&ctl->stage_a, 1), "two domains (d1): dom0 moved on", ctl->stage_a);
    /* dom0 sends right after stage 1: wait for that event itself. */
    xd_wait((const volatile uint32_t *)&event_count, (uint32_t)seen + 1);
    check(event_count > seen, "two domains (d1): dom0's event arrived as an upcall",
          event_count - seen);
    ctl->b_events = (uint32_t)(event_count - seen);
    check(xd_wait(&ctl->stage_a, 2), "two domains (d1): dom0 mapped and wrote", ctl->stage_a);
    check(xd_page[0] == 0xa1, "two domains (d1): dom0's write through its mapping landed",
          xd_page[0]);
    check(xd_page[8] == 0xa8, "two domains (d1): dom0's grant copy landed", xd_page[8]);
    check(!gnt_revoke(XD_RW_REF), "two domains (d1): our grant is not revoked while mapped",
          gnt_table[XD_RW_REF].flags);
    ctl->stage_b = 2;
    xd_notify(port);
    check(xd_wait(&ctl->stage_a, 3), "two domains (d1): dom0 unmapped", ctl->stage_a);
    check(gnt_revoke(XD_RW_REF) && gnt_revoke(XD_RO_REF),
          "two domains (d1): our grants are revoked once unmapped", gnt_table[XD_RW_REF].flags);
    ctl->b_passed = passed;
    ctl->b_failed = failed;
    ctl->stage_b = 3;
    xd_notify(port);
}

/* Domain 1's whole life: the checks that make sense in a domU, then the
 * meeting with dom0. 1 if dom0 is to destroy it now (it met dom0, and
 * the summary is printed). */
static int run_as_domu(const start_info_t *si)
{
    struct evtchn_bind_interdomain bind = { .remote_dom = 0 };
    struct gnttab_map_grant_ref m;
    volatile struct xd_ctl *ctl;
    uint64_t deadline;
    long rc;

    check(!(si->flags & (SIF_INITDOMAIN | SIF_PRIVILEGED)), "domU: start_info says unprivileged",
          (long)si->flags);
    check_page_tables(si);
    check_vcpu_info(si); /* the upcall handler clears the moved vcpu_info */
    check_events();
    check_control_refused();
    if (gnt_setup() || map_shared_info(si))
        return 0;
    memset(xd_page, 0xb1, sizeof(xd_page));
    gnt_grant(XD_RW_REF, 0, (uint32_t)va_mfn(xd_page), GTF_permit_access);
    gnt_grant(XD_RO_REF, 0, (uint32_t)va_mfn(xd_page), GTF_permit_access | GTF_readonly);
    /* dom0 grants its page when it gets to it: poll for it. */
    deadline = xd_now() + XD_WAIT_NS;
    do {
        m = gnt_map(XD_CTL_REF, 0, GNTMAP_host_map);
        if (m.status)
            HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    } while (m.status && xd_now() < deadline);
    check(m.status == 0, "two domains (d1): map dom0's page", m.status);
    if (m.status)
        return 0;
    ctl = (volatile struct xd_ctl *)gnt_window[1];
    bind.remote_port = ctl->a_port;
    rc = evtchn_op(EVTCHNOP_bind_interdomain, &bind);
    check(rc == 0, "two domains (d1): bind to dom0's port", rc);
    if (!rc)
        xd_domu_peer(ctl, bind.local_port);
    /* Keep dom0's page mapped and one of ours granted: dom0 kills us so. */
    xd_page[200] = 0xd1;
    gnt_grant(XD_KEEP_REF, 0, (uint32_t)va_mfn(xd_page), GTF_permit_access);
    /* Our last words come before dom0 may act. */
    print("pvtest: %u passed, %u failed\n", passed, failed);
    print("pvtest: waiting for dom0 to destroy this domain\n");
    ctl->stage_b = 4;
    xd_notify(bind.local_port);
    return 1;
}
