/*
 * Started by dom0's `xl create` (command line word "xl"): the checks of a
 * domain a toolstack built. start_info names its console and xenstore
 * rings and their ports, the rings are pages of its own, fresh, and it is
 * not privileged. (The PV console and xenstore clients come with them.)
 */
static int ring_page_fresh(const start_info_t *si, uint64_t mfn)
{
    const uint64_t *page = frame_va(si, mfn);

    if (!page)
        return 0;
    for (unsigned int i = 0; i < PAGE_BYTES / 8; i++)
        if (page[i])
            return 0;
    return 1;
}

static void run_as_xl_guest(const start_info_t *si)
{
    check(!(si->flags & (SIF_INITDOMAIN | SIF_PRIVILEGED)), "xl guest: unprivileged",
          (long)si->flags);
    check(si->store_mfn && si->console.domU.mfn && si->store_mfn != si->console.domU.mfn,
          "xl guest: start_info names two ring pages", (long)si->store_mfn);
    check(si->store_evtchn && si->console.domU.evtchn &&
          si->store_evtchn != si->console.domU.evtchn,
          "xl guest: start_info names two ports", (long)si->store_evtchn);
    check(ring_page_fresh(si, si->store_mfn), "xl guest: the xenstore ring is ours, zeroed",
          (long)si->store_mfn);
    check(ring_page_fresh(si, si->console.domU.mfn), "xl guest: the console ring is ours, zeroed",
          (long)si->console.domU.mfn);
    print("pvtest: xl guest: %lu MiB, store port %u, console port %u\n",
          si->nr_pages >> 8, si->store_evtchn, si->console.domU.evtchn);
}
