/*
 * xl sched-credit: the credit scheduler's weight and cap per domain, and
 * its own parameters, as Xen 4.17's xl prints and sets them. Keel has
 * one CPU pool, Pool-0; its slice, rate limit and migration delay can be
 * read (-s) but not changed.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/getopt.h>
#include "xl_cmds.h"
#include "xl_text.h"

#define POOL_NAME  "Pool-0"
#define LIST_CHUNK 16

struct sched_args {
    const char *dom, *pool;
    long weight, cap;
    bool opt_s, opt_trm;        /* -s; any of -t, -r, -m */
};

static void pool_line(void)
{
    struct xen_sysctl_credit_schedule p;

    if (host_sched_credit_params(&p))
        printk("Cpupool %s: [sched params unavailable]\n", POOL_NAME);
    else
        printk("Cpupool %s: tslice=%ums ratelimit=%uus migration-delay=%uus\n", POOL_NAME,
               p.tslice_ms, p.ratelimit_us, p.vcpu_migr_delay_us);
}

static void domain_header(void)
{
    printk("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
}

static int domain_row(domid_t domid)
{
    struct xen_domctl_sched_credit c;
    char name[64];

    if (sched_credit_get(domid, &c)) {
        printk("libxl_domain_sched_params_get failed.\n");
        return 1;
    }
    xl_domain_label(domid, name, sizeof(name));
    printk("%-33s %4u %6u %4u\n", name, domid, c.weight, c.cap);
    return 0;
}

/* Every domain, under its pool's line; nothing when credit does not run
 * the pool (Xen 4.17's default is credit2). Stops at a failed row. */
static int list_all(void)
{
    struct xen_domctl_getdomaininfo d[LIST_CHUNK];
    domid_t from = 0;
    int n;

    if (host_sched_id() != XEN_SCHEDULER_CREDIT)
        return 0;
    pool_line();
    domain_header();
    while ((n = domain_info_list(from, d, LIST_CHUNK)) > 0) {
        for (int i = 0; i < n; i++)
            if (domain_row(d[i].domain))
                return 0;
        from = (domid_t)(d[n - 1].domain + 1);
    }
    return 0;
}

/* libxl's sched_credit_domain_set: its range checks, then the change. */
static int set_params(domid_t domid, long weight, long cap)
{
    struct xen_domctl_getdomaininfo info;
    struct xen_domctl_sched_credit c = { 0, 0xffff };
    char why[120];

    if (domain_info_of(domid, &info)) {
        printk("libxl_domain_sched_params_set failed.\n");
        return 1;
    }
    if (xl_credit_check(weight, cap, info.max_vcpu_id + 1, why, sizeof(why))) {
        printk("libxl: error: Domain %u:%s\n", domid, why);
        printk("libxl_domain_sched_params_set failed.\n");
        return 1;
    }
    if (weight != XL_SCHED_KEEP)
        c.weight = (uint16_t)weight;
    if (cap != XL_SCHED_KEEP)
        c.cap = (uint16_t)cap;
    if (sched_credit_set(domid, c)) {
        printk("libxl_domain_sched_params_set failed.\n");
        return 1;
    }
    return 0;
}

static int one_domain(const struct sched_args *a)
{
    domid_t domid;

    if (xl_find_domain(a->dom, &domid))
        return 1;
    if (a->weight != XL_SCHED_KEEP || a->cap != XL_SCHED_KEEP)
        return set_params(domid, a->weight, a->cap);
    domain_header();
    return domain_row(domid);
}

/* -s: the pool's parameters; Keel cannot change them (-t, -r, -m). */
static int pool_params(const struct sched_args *a)
{
    if (a->opt_trm) {
        printk("libxl_sched_credit_params_set failed.\n");
        return 1;
    }
    pool_line();
    return 0;
}

static int read_args(int argc, char **argv, struct sched_args *a)
{
    struct getopt g;
    int c;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "d:w:c:p:t:r:m:s")) != -1) {
        switch (c) {
        case '?': return -1;
        case 'd': a->dom = g.arg; break;
        case 'w': a->weight = xl_parse_long(g.arg); break;
        case 'c': a->cap = xl_parse_long(g.arg); break;
        case 'p': a->pool = g.arg; break;
        case 's': a->opt_s = true; break;
        default:  a->opt_trm = true; break;      /* -t, -r, -m */
        }
    }
    return xl_operands_ok(&g, argc, argv, 0, 0) ? 0 : -1;
}

/* xl sched-credit [-d DOM [-w WEIGHT] [-c CAP]] [-s [-t MS] [-r US] [-m US]] [-p POOL] */
int xl_sched_credit(int argc, char **argv)
{
    struct sched_args a = { NULL, NULL, XL_SCHED_KEEP, XL_SCHED_KEEP, false, false };
    bool dom_opts;

    if (read_args(argc, argv, &a))
        return 1;
    dom_opts = a.weight != XL_SCHED_KEEP || a.cap != XL_SCHED_KEEP;
    if ((a.pool || a.opt_s) && (a.dom || dom_opts)) {
        printk("Specifying a cpupool or schedparam is not allowed with domain options.\n");
        return 1;
    }
    if (!a.dom && dom_opts) {
        printk("Must specify a domain.\n");
        return 1;
    }
    if (!a.opt_s && a.opt_trm) {
        printk("Must specify schedparam to set schedule parameter values.\n");
        return 1;
    }
    if (a.pool && strcmp(a.pool, POOL_NAME) && strcmp(a.pool, "0")) {
        printk("unknown cpupool '%s'\n", a.pool);
        return 1;
    }
    if (a.opt_s)
        return pool_params(&a);
    return a.dom ? one_domain(&a) : list_all();
}
