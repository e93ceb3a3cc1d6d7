/*
 * xl list, domid, domname: the domains, as Xen 4.17's xl prints them
 * (xl list -l's JSON: xl_list_json.c).
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/getopt.h>
#include "xl_cmds.h"

#define LIST_CHUNK 16

/* libxl's letters for the shutdown reasons (SHUTDOWN_*), in order. */
static const char shutdown_letters[] = "-rscwS";

static char flag(uint32_t flags, uint32_t bit, char c)
{
    return flags & bit ? c : '-';
}

/* One row; the columns and their widths are xl's. */
static void list_row(const struct xen_domctl_getdomaininfo *d)
{
    unsigned int reason = d->flags & XEN_DOMINF_shutdown ?
        d->flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask : 0;
    uint64_t tenths = (d->cpu_time + 50000000) / 100000000;
    char name[64], secs[24];

    if (xl_domain_name(d->domain, name, sizeof(name)))
        snprintf(name, sizeof(name), "(null)");
    snprintf(secs, sizeof(secs), "%lu.%lu", tenths / 10, tenths % 10);
    printk("%-40s %5u %5lu %5u     %c%c%c%c%c%c  %8s\n", name, d->domain,
           (d->tot_pages + d->outstanding_pages) * 4 / 1024, d->nr_online_vcpus,
           flag(d->flags, XEN_DOMINF_running, 'r'), flag(d->flags, XEN_DOMINF_blocked, 'b'),
           flag(d->flags, XEN_DOMINF_paused, 'p'), flag(d->flags, XEN_DOMINF_shutdown, 's'),
           reason < sizeof(shutdown_letters) - 1 ? shutdown_letters[reason] : '?',
           flag(d->flags, XEN_DOMINF_dying, 'd'), secs);
}

static void list_header(void)
{
    printk("Name                                        ID   Mem VCPUs\tState\tTime(s)\n");
}

static int list_one(const char *arg, bool json)
{
    struct xen_domctl_getdomaininfo d;
    domid_t domid;

    if (xl_find_domain(arg, &domid))
        return 1;
    if (domain_info_of(domid, &d)) {
        printk("Error: Domain '%s' does not exist.\n", arg);
        return 1;
    }
    if (json) {
        xl_json_begin();
        xl_json_domain(&d, true);
        xl_json_end(true);
    } else {
        list_header();
        list_row(&d);
    }
    return 0;
}

static int list_all(bool json)
{
    struct xen_domctl_getdomaininfo d[LIST_CHUNK];
    domid_t from = 0;
    bool first = true;
    int n;

    if (json)
        xl_json_begin();
    else
        list_header();
    while ((n = domain_info_list(from, d, LIST_CHUNK)) > 0) {
        for (int i = 0; i < n; i++) {
            if (json)
                xl_json_domain(&d[i], first);
            else
                list_row(&d[i]);
            first = false;
        }
        from = (domid_t)(d[n - 1].domain + 1);
    }
    if (json)
        xl_json_end(!first);
    if (n < 0) {
        printk("libxl_list_domain failed.\n");
        return 1;
    }
    return 0;
}

/* xl list [-l] [DOM]: -l (--long) prints each domain's config as JSON. */
int xl_list(int argc, char **argv)
{
    struct getopt g;
    bool json = false;
    int c;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "l")) != -1) {
        if (c == '?')
            return 1;
        json = true;
    }
    if (!xl_operands_ok(&g, argc, argv, 0, 1))
        return 1;
    return g.ind < argc ? list_one(argv[g.ind], json) : list_all(json);
}

/* xl domid NAME: by name only, as libxl_name_to_domid (digits are a name
 * here too). */
int xl_domid(int argc, char **argv)
{
    int i = xl_no_options(argc, argv, 1, 1);
    domid_t domid;

    if (i < 0)
        return 1;
    if (xl_domain_by_name(argv[i], &domid)) {
        printk("Can't get domid of domain name '%s', maybe this domain does not exist.\n",
               argv[i]);
        return 1;
    }
    printk("%u\n", domid);
    return 0;
}

/* xl domname ID */
int xl_domname(int argc, char **argv)
{
    struct xen_domctl_getdomaininfo d;
    int i = xl_no_options(argc, argv, 1, 1);
    char name[64];
    unsigned long id = 0;
    const char *p;

    if (i < 0)
        return 1;
    for (p = argv[i]; *p >= '0' && *p <= '9' && id <= 0xffff; p++)
        id = id * 10 + (unsigned long)(*p - '0');
    if (p == argv[i]) {
        printk("Invalid domain id.\n\n");
        return 1;
    }
    if (id > 0xffff || domain_info_of((domid_t)id, &d) ||
        xl_domain_name((domid_t)id, name, sizeof(name))) {
        printk("Can't get domain name of domain id '%lu', maybe this domain does not exist.\n", id);
        return 1;
    }
    printk("%s\n", name);
    return 0;
}
