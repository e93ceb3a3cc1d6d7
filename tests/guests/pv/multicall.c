/*
 * multicall: a batch of hypercalls, each result written into its entry.
 * Included by main.c.
 */
static void check_multicall(void)
{
    struct multicall_entry calls[4] = {
        { .op = __HYPERVISOR_xen_version, .args = { XENVER_version } },
        { .op = __HYPERVISOR_xen_version, .args = { XENVER_pagesize } },
        { .op = 60 },                       /* no such hypercall */
        { .op = __HYPERVISOR_multicall },   /* a batch inside the batch */
    };
    long version = HYPERCALL(__HYPERVISOR_xen_version, XENVER_version, 0, 0);
    long rc = HYPERCALL(__HYPERVISOR_multicall, calls, 4, 0);

    check(rc == 0, "multicall: a batch of four", rc);
    check((long)calls[0].result == version, "multicall: xen_version's result in its entry",
          (long)calls[0].result);
    check(calls[1].result == 4096, "multicall: the page size in the next", (long)calls[1].result);
    check((long)calls[2].result == -XEN_ENOSYS, "multicall: an unknown call: -ENOSYS in its entry",
          (long)calls[2].result);
    check((long)calls[3].result == -XEN_EINVAL, "multicall: a nested batch: -EINVAL in its entry",
          (long)calls[3].result);
}
