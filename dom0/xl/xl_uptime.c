/*
 * xl uptime [-s] [DOM...]: how long domains have been up, as Xen 4.17's
 * xl prints it. dom0's is the hypervisor's system time (dom0 starts with
 * it); a domU's runs from the start_time xl create wrote in its /vm area,
 * and one without (started by Keel from a boot module) is left out with
 * libxl's complaint, as Xen's xl leaves out such a domain.
 */
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/getopt.h>
#include <dom0/time.h>
#include "xl_cmds.h"
#include "xl_text.h"

#define LIST_CHUNK 16

/* Seconds domid has been up; false (said why) if that is not known. */
static bool up_seconds(domid_t domid, uint64_t now, uint64_t *secs)
{
    uint64_t start;

    if (domid == 0) {
        *secs = now_ns() / NSEC_PER_SEC;
        return true;
    }
    if (xl_store_start_time(domid, &start)) {
        printk("libxl: error: Domain %u:Can't get start time of domain\n", domid);
        return false;
    }
    *secs = now > start ? now - start : 0;
    return true;
}

/* Long form: "Name ID Uptime" columns; short: " HH:MM:SS up T, name (id)". */
static void uptime_row(domid_t domid, bool short_mode, uint64_t now)
{
    char name[64], up[40];
    uint64_t secs;

    if (!up_seconds(domid, now, &secs))
        return;
    xl_domain_label(domid, name, sizeof(name));
    xl_format_uptime(secs, short_mode, up, sizeof(up));
    if (short_mode)
        printk(" %02lu:%02lu:%02lu up %s, %s (%u)\n", now / 3600 % 24, now / 60 % 60, now % 60,
               up, name, domid);
    else
        printk("%-33s %4u %s\n", name, domid, up);
}

static void all_rows(bool short_mode, uint64_t now)
{
    struct xen_domctl_getdomaininfo d[LIST_CHUNK];
    domid_t from = 1;
    int n;

    uptime_row(0, short_mode, now);
    while ((n = domain_info_list(from, d, LIST_CHUNK)) > 0) {
        for (int i = 0; i < n; i++)
            uptime_row(d[i].domain, short_mode, now);
        from = (domid_t)(d[n - 1].domain + 1);
    }
}

int xl_uptime(int argc, char **argv)
{
    domid_t doms[32];
    struct getopt g;
    bool short_mode = false;
    uint64_t now = wallclock_sec();
    int c, n = 0;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "s")) != -1) {
        if (c == '?')
            return 1;
        short_mode = true;
    }
    if (!xl_operands_ok(&g, argc, argv, 0, (int)(sizeof(doms) / sizeof(doms[0]))))
        return 1;
    for (int i = g.ind; i < argc; i++)
        if (xl_find_domain(argv[i], &doms[n++]))
            return 1;
    if (!short_mode)
        printk("%-33s %4s %s\n", "Name", "ID", "Uptime");
    if (!n)
        all_rows(short_mode, now);
    for (int i = 0; i < n; i++)
        uptime_row(doms[i], short_mode, now);
    return 0;
}
