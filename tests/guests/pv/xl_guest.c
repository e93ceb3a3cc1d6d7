/*
 * Started by dom0's `xl create` (command line word "xl"): a PV guest as a
 * toolstack expects one. First the checks of a domain a toolstack built:
 * start_info names its console and xenstore rings and their ports, the
 * rings are pages of its own, fresh, and it is not privileged. With
 * "quick" that is all. Otherwise it goes on as Linux would: reads its name
 * and domid from xenstore, says it is running (data/pvtest-state), watches
 * control/shutdown, greets on the PV console, then serves. A console line
 * is echoed ("exit" powers off; "crash" crashes the domain, for on_crash);
 * a shutdown request is acknowledged by clearing the node, then obeyed.
 * It waits on dom0 without a timeout: a dom0 that never answers leaves it
 * blocked.
 *
 * Included by main.c after pv_console.c and xenbus.c.
 */
/*
 * The page at mfn is the guest's and its first `bytes` (the rings and
 * their indices) are zero. The fields after them are the backend's to set
 * before the guest runs: xenstored may announce its server_features when
 * the domain is introduced.
 */
static int ring_page_fresh(const start_info_t *si, uint64_t mfn, size_t bytes)
{
    const uint8_t *page = (const uint8_t *)frame_va(si, mfn);

    if (!page)
        return 0;
    for (size_t i = 0; i < bytes; i++)
        if (page[i])
            return 0;
    return 1;
}

static void check_xl_start_info(const start_info_t *si)
{
    check(!(si->flags & (SIF_INITDOMAIN | SIF_PRIVILEGED)), "xl guest: unprivileged",
          (long)si->flags);
    check(si->store_mfn && si->console.domU.mfn && si->store_mfn != si->console.domU.mfn,
          "xl guest: start_info names two ring pages", (long)si->store_mfn);
    check(si->store_evtchn && si->console.domU.evtchn &&
          si->store_evtchn != si->console.domU.evtchn,
          "xl guest: start_info names two ports", (long)si->store_evtchn);
    check(ring_page_fresh(si, si->store_mfn,
                          offsetof(struct xenstore_domain_interface, server_features)),
          "xl guest: the xenstore ring is ours, zeroed", (long)si->store_mfn);
    check(ring_page_fresh(si, si->console.domU.mfn, offsetof(struct xencons_interface, connection)),
          "xl guest: the console ring is ours, zeroed", (long)si->console.domU.mfn);
    print("pvtest: xl guest: %lu MiB, store port %u, console port %u\n",
          si->nr_pages >> 8, si->store_evtchn, si->console.domU.evtchn);
}

/* Events on the store and console ports wake the guest from SCHEDOP_block
 * through its upcall; vcpu_info is where the builder left it, in
 * shared_info. Fresh ports start unmasked, but a guest cannot know what
 * was done before it ran (Linux masks every port at boot, then unmasks). */
static int xl_events_init(const start_info_t *si)
{
    volatile shared_info_t *sh = (volatile shared_info_t *)shinfo_page;
    struct evtchn_unmask store = { .port = si->store_evtchn };
    struct evtchn_unmask console = { .port = si->console.domU.evtchn };
    long rc = map_shared_info(si);

    if (!rc)
        rc = register_upcall(&sh->vcpu_info[0]);
    if (!rc)
        rc = evtchn_op(EVTCHNOP_unmask, &store) ?: evtchn_op(EVTCHNOP_unmask, &console);
    check(rc == 0, "xl guest: shared_info mapped, upcall registered, ports unmasked", rc);
    return rc == 0;
}

/* A xenstore call's outcome as a check: the reply's payload, or the error. */
static void xl_check_xs(const char *what, const char *err)
{
    check_str(!err, what, err ? err : xs.value);
}

/* The xenstore conversation before serving; the domain's id into domid. */
static void xl_introduce_self(char *domid, size_t size)
{
    const char *err;

    xl_check_xs("xl guest: xenstore read name", xs_read("name"));
    err = xs_read("domid");
    xl_check_xs("xl guest: xenstore read domid", err);
    snprintf(domid, size, "%s", err ? "unknown" : xs.value);
    xl_check_xs("xl guest: xenstore write data/pvtest-state",
                xs_write("data/pvtest-state", "running"));
    xl_check_xs("xl guest: xenstore watch control/shutdown",
                xs_watch("control/shutdown", XS_SHUTDOWN_TOKEN));
}

/* What control/shutdown may ask for, as Linux's drivers/xen/manage.c
 * takes it ("halt" powers off too). */
static const struct {
    const char *request;
    unsigned int reason;
} xl_shutdown_requests[] = {
    { "poweroff", SHUTDOWN_poweroff },
    { "halt", SHUTDOWN_poweroff },
    { "reboot", SHUTDOWN_reboot },
};

/*
 * The watch fired: read the node. Empty is no request (the watch fires
 * once when set, and again when the guest clears the node). A request the
 * guest obeys is cleared first, so the toolstack knows it was seen; one it
 * does not know is left alone, as Linux leaves it.
 */
static void xl_shutdown_requested(void)
{
    const char *err = xs_read("control/shutdown");

    if (err) { /* ENOENT: no node, so no request */
        if (strcmp(err, "ENOENT"))
            say("pvtest: cannot read control/shutdown: %s", err);
        return;
    }
    if (!xs.value[0])
        return;
    for (unsigned int i = 0; i < sizeof(xl_shutdown_requests) / sizeof(xl_shutdown_requests[0]); i++) {
        if (strcmp(xs.value, xl_shutdown_requests[i].request))
            continue;
        err = xs_write("control/shutdown", "");
        if (err)
            say("pvtest: cannot clear control/shutdown: %s", err);
        shut_down(xl_shutdown_requests[i].request, xl_shutdown_requests[i].reason);
    }
    say("pvtest: ignoring shutdown request \"%s\"", xs.value);
}

static void xl_console_line(const char *line)
{
    say("pvtest: console input: %s", line);
    if (!strcmp(line, "exit"))
        shut_down("poweroff", SHUTDOWN_poweroff);
    if (!strcmp(line, "crash"))
        shut_down("crash", SHUTDOWN_crash);
}

/*
 * A block_until step: whatever dom0 sent. 1 after doing anything, so that
 * the caller looks again before it sleeps: the waits inside (for room on
 * the console, for xenstored's reply) clear pending events this step has
 * not looked at. Several watch events make one read: the value counts.
 */
static int xl_serve(void)
{
    const char *line = con_read_line();

    if (line)
        xl_console_line(line);
    xs_receive();
    if (!xs.shutdown_events)
        return line != NULL;
    xs.shutdown_events = 0;
    xl_shutdown_requested();
    return 1;
}

/* After check_xl_start_info() found nothing wrong; returns only if the
 * guest cannot wait for events (it could never be answered). */
static void serve_as_xl_guest(const start_info_t *si)
{
    char domid[16];

    con_init(si);
    xs_init(si);
    if (!xl_events_init(si))
        return;
    xl_introduce_self(domid, sizeof(domid));
    say("pvtest: hello from the PV console, domain %s", domid);
    print("pvtest: %u passed, %u failed\n", passed, failed);
    print("pvtest: xl guest: serving console input and control/shutdown\n");
    for (;;)
        block_until(xl_serve);
}
