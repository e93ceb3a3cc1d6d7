/*
 * Ending domains, with xl's messages:
 *   xl shutdown [-a] [-w] [-F] DOM   ask the guest to power off, by
 *                                    writing "poweroff" to its
 *                                    control/shutdown (its power button)
 *   xl reboot [-a] [-w] [-F] DOM     the same with "reboot"
 *   xl destroy [-f] DOM              pull the plug
 * -w waits until each domain has shut down or is gone (-ww: gone).
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/getopt.h>
#include <dom0/xenstored.h>
#include "xl_cmds.h"

#define MAX_AT_ONCE 64

static int press(domid_t domid, bool reboot)
{
    struct xs_client *cl = xenstore();
    const char *what = reboot ? "reboot" : "poweroff";
    char path[48];
    int rc;

    printk("%s domain %u\n", reboot ? "Rebooting" : "Shutting down", domid);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    rc = cl ? xs_write(cl, 0, path, what, strlen(what)) : -ENOENT;
    if (rc) {
        printk("PV control interface not available: %s failed (error %d)\n",
               reboot ? "reboot" : "shutdown", rc);
        return -1;
    }
    return 0;
}

static bool waiting_for(const domid_t *ids, unsigned int n, domid_t domid)
{
    for (unsigned int i = 0; i < n; i++)
        if (ids[i] == domid)
            return true;
    return false;
}

/* xl's wait_for_domain_deaths: each domain counts once, at its shutdown
 * (unless death_only) or its death. */
static void wait_for(const domid_t *ids, unsigned int n, uint64_t seq, bool death_only)
{
    unsigned int done = 0;
    struct xl_event ev;

    printk("Waiting for %u domains\n", n);
    while (done < n && xl_event_wait(seq++, &ev)) {
        if (!waiting_for(ids, n, ev.domid))
            continue;
        if (ev.type == XL_EVENT_DEATH) {
            printk("Domain %u has been destroyed\n", ev.domid);
            done++;
        } else {
            printk("Domain %u has been shut down, reason code %u\n", ev.domid, ev.reason);
            if (!death_only)
                done++;
            else
                printk("Domain %u continue waiting for death\n", ev.domid);
        }
    }
}

/* Every domain but dom0, in id order: how many went into ids. */
static unsigned int all_domus(domid_t *ids)
{
    struct xen_domctl_getdomaininfo info[MAX_AT_ONCE];
    int n = domain_info_list(1, info, MAX_AT_ONCE);
    unsigned int k = 0;

    for (int i = 0; i < n; i++)
        ids[k++] = info[i].domain;
    return k;
}

static int shutdown_or_reboot(int argc, char **argv, bool reboot)
{
    domid_t ids[MAX_AT_ONCE];
    unsigned int n = 0, pressed = 0;
    int waits = 0, c, rc = 0;
    bool all = false;
    struct getopt g;
    uint64_t seq = xl_event_next();

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "awF")) != -1) {
        if (c == '?')
            return 1;
        if (c == 'a')
            all = true;
        else if (c == 'w')
            waits++;
        /* -F: the ACPI fallback, for HVM guests without PV drivers: a PV
         * guest always has the PV interface. */
    }
    if (!all && g.ind >= argc) {
        printk("You must specify -a or a domain id.\n\n");
        return 1;
    }
    if (all)
        n = all_domus(ids);
    else if (!xl_operands_ok(&g, argc, argv, 1, 1) || xl_find_domain(argv[g.ind], &ids[n++]))
        return 1;
    for (unsigned int i = 0; i < n; i++) {
        if (press(ids[i], reboot)) {
            rc = 1;
            continue;
        }
        ids[pressed++] = ids[i];
    }
    if (waits && pressed)
        wait_for(ids, pressed, seq, waits > 1);
    return rc;
}

int xl_shutdown(int argc, char **argv)
{
    return shutdown_or_reboot(argc, argv, false);
}

int xl_reboot(int argc, char **argv)
{
    return shutdown_or_reboot(argc, argv, true);
}

int xl_destroy(int argc, char **argv)
{
    struct getopt g;
    bool force = false;
    domid_t domid;
    int c, rc;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "f")) != -1) {
        if (c == '?')
            return 1;
        force = true;
    }
    if (!xl_operands_ok(&g, argc, argv, 1, 1) || xl_find_domain(argv[g.ind], &domid))
        return 1;
    if (domid == 0 && !force) {
        printk("Not destroying domain 0; use -f to force.\n"
               "This can only be done when using a disaggregated hardware domain and "
               "toolstack.\n\n");
        return 1;
    }
    if ((rc = xl_domain_teardown(domid))) {
        printk("destroy failed (rc=%d)\n", rc);
        return 1;
    }
    return 0;
}
