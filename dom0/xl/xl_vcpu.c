/*
 * xl vcpu-list [DOM...], xl vcpu-pin DOM VCPU|all HARD [SOFT] and xl
 * vcpu-set DOM N: each vCPU's CPU, state, time and affinity, setting its
 * affinity, and how many are online, as Xen 4.17's xl prints and reads
 * them.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/getopt.h>
#include <dom0/xenstored.h>
#include <dom0/xl_cfg.h>
#include "xl_cmds.h"
#include "xl_text.h"

#define LIST_CHUNK 16
#define ALL_VCPUS  (-1L)

/* The CPUs xl prints maps over (physinfo's max_cpu_id + 1); 0 on error. */
static unsigned int map_cpus(void)
{
    struct xen_sysctl_physinfo pi;

    if (host_physinfo(&pi)) {
        printk("libxl_physinfo failed.\n");
        return 0;
    }
    return pi.max_cpu_id + 1;
}

/* xl's row: name, ids, CPU, r/b/p state, seconds, hard / soft. */
static void vcpu_row(const char *name, domid_t domid, uint32_t id,
                     const struct xen_domctl_getvcpuinfo *vi, uint64_t hard, uint64_t soft,
                     unsigned int nr_cpus)
{
    uint64_t tenths = vi->cpu_time / 100000000;
    char secs[24], hmap[200], smap[200];

    snprintf(secs, sizeof(secs), "%lu.%lu", tenths / 10, tenths % 10);
    xl_format_cpumap(hard, nr_cpus, hmap, sizeof(hmap));
    xl_format_cpumap(soft, nr_cpus, smap, sizeof(smap));
    printk("%-32s %5u %5u", name, domid, id);
    if (vi->online)
        printk("%5u %3c%c- ", vi->cpu, vi->running ? 'r' : '-', vi->blocked ? 'b' : '-');
    else
        printk("%5c %3c%cp ", '-', '-', '-');
    printk("%9s  %s / %s\n", secs, hmap, smap);
}

/* Every vCPU of one domain; nothing if it cannot be read, as xl. */
static void list_domain(domid_t domid, unsigned int nr_cpus)
{
    struct xen_domctl_getdomaininfo d;
    char name[64];

    if (domain_info_of(domid, &d) || d.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID)
        return;
    xl_domain_label(domid, name, sizeof(name));
    for (uint32_t id = 0; id <= d.max_vcpu_id; id++) {
        struct xen_domctl_getvcpuinfo vi;
        uint64_t hard, soft;

        if (vcpu_info_get(domid, id, &vi) || vcpu_affinity_get(domid, id, &hard, &soft))
            return;
        vcpu_row(name, domid, id, &vi, hard, soft, nr_cpus);
    }
}

static int list_all(unsigned int nr_cpus)
{
    struct xen_domctl_getdomaininfo d[LIST_CHUNK];
    domid_t from = 0;
    int n;

    while ((n = domain_info_list(from, d, LIST_CHUNK)) > 0) {
        for (int i = 0; i < n; i++)
            list_domain(d[i].domain, nr_cpus);
        from = (domid_t)(d[n - 1].domain + 1);
    }
    if (n < 0)
        printk("libxl_list_domain failed.\n");
    return n < 0;
}

int xl_vcpu_list(int argc, char **argv)
{
    int i = xl_no_options(argc, argv, 0, argc);
    unsigned int nr_cpus;

    if (i < 0)
        return 1;
    if (!(nr_cpus = map_cpus()))
        return 1;
    printk("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State", "Time(s)",
           "Affinity (Hard / Soft)");
    if (i == argc)
        return list_all(nr_cpus);
    for (; i < argc; i++) {
        domid_t domid;

        if (xl_find_domain(argv[i], &domid))
            return 1;
        list_domain(domid, nr_cpus);
    }
    return 0;
}

/* A vCPU number, or ALL_VCPUS for "all"; xl's complaint otherwise. */
static int parse_vcpu(const char *s, bool force, long *vcpu)
{
    if (*s >= '0' && *s <= '9') {
        *vcpu = xl_parse_long(s);
        return 0;
    }
    if (strcmp(s, "all")) {
        printk("Error: Invalid argument %s as VCPU.\n", s);
        return -1;
    }
    if (force) {
        printk("Error: --force and 'all' as VCPU not allowed.\n");
        return -1;
    }
    *vcpu = ALL_VCPUS;
    return 0;
}

/* A CPU list as xl's parse_cpurange reads it; "-": leave that map alone
 * (*map_out NULL). Names the bad item as xl does. */
static int parse_cpus(const char *s, uint64_t *map, uint64_t **map_out)
{
    const char *why;
    size_t off, end;

    *map_out = NULL;
    if (!strcmp(s, "-"))
        return 0;
    if (xl_cpulist_parse(s, map, &off, &why)) {
        for (end = off; s[end] && s[end] != ','; end++)
            ;
        printk("Invalid pcpu range: %.*s.\n", (int)(end - off), s + off);
        return -1;
    }
    *map_out = map;
    return 0;
}

static int pin_one(domid_t domid, uint32_t vcpu, uint64_t *hard, uint64_t *soft)
{
    uint64_t h = hard ? *hard : 0, s = soft ? *soft : 0;
    int rc = vcpu_affinity_set(domid, vcpu, hard ? &h : NULL, soft ? &s : NULL);

    if (rc)
        xl_libxl_error(domid, "Setting vcpu affinity", rc);
    return rc;
}

/* Every vCPU the domain has, as libxl_set_vcpuaffinity_all: all tried. */
static int pin_all(domid_t domid, uint64_t *hard, uint64_t *soft)
{
    struct xen_domctl_getdomaininfo d;
    int failed = 0;

    if (domain_info_of(domid, &d)) {
        printk("libxl_list_vcpu failed.\n");
        return 1;
    }
    for (uint32_t id = 0; d.max_vcpu_id != XEN_INVALID_MAX_VCPU_ID && id <= d.max_vcpu_id; id++)
        failed |= pin_one(domid, id, hard, soft) != 0;
    if (failed)
        printk("Could not set affinity.\n");
    return failed;
}

/* xl vcpu-pin [-f] [-i] DOM VCPU|all HARD|-|all [SOFT|-|all]. Keel has no
 * pin override to undo: -f is accepted and has nothing to do. */
int xl_vcpu_pin(int argc, char **argv)
{
    uint64_t hard_map = 0, soft_map = 0, *hard, *soft = NULL;
    struct getopt g;
    bool force = false;
    domid_t domid;
    long vcpu;
    int c;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "fi")) != -1) {
        if (c == '?')
            return 1;
        force |= c == 'f';
    }
    if (!xl_operands_ok(&g, argc, argv, 3, 4) || xl_find_domain(argv[g.ind], &domid) ||
        parse_vcpu(argv[g.ind + 1], force, &vcpu) ||
        parse_cpus(argv[g.ind + 2], &hard_map, &hard) ||
        (g.ind + 3 < argc && parse_cpus(argv[g.ind + 3], &soft_map, &soft)))
        return 1;
    if (vcpu == ALL_VCPUS)
        return pin_all(domid, hard, soft);
    if (vcpu > 0xffffffffL || pin_one(domid, (uint32_t)vcpu, hard, soft)) {
        printk("Could not set affinity for vcpu `%ld'.\n", vcpu);
        return 1;
    }
    return 0;
}

/* The digits of s as a count; false if s is not all digits or too big. */
static bool parse_count(const char *s, unsigned long *out)
{
    unsigned long v = 0;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 0x7fffffff / 10)
            return false;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return true;
}

/*
 * libxl_set_vcpuonline for a PV guest: vCPUs below n are "online" in
 * xenstore's cpu/I/availability, the rest "offline"; the guest's
 * hotplug code watches those nodes. 0, -ENOENT (no such domain) or -1
 * (said why).
 */
static int set_online(domid_t domid, unsigned long n)
{
    struct xs_client *cl = xenstore();
    struct xen_domctl_getdomaininfo info;
    char path[64];
    int rc;

    if (domain_info_of(domid, &info))
        return -ENOENT;
    if (n == 0 || n > info.max_vcpu_id + 1UL) {
        if (n == 0)
            printk("libxl: error: Domain %u:Requested 0 VCPUs!\n", domid);
        else
            printk("libxl: error: Domain %u:Requested %lu VCPUs, however maxcpus is %u!\n",
                   domid, n, info.max_vcpu_id + 1);
        return -1;
    }
    for (uint32_t i = 0; i <= info.max_vcpu_id; i++) {
        const char *state = i < n ? "online" : "offline";

        snprintf(path, sizeof(path), "/local/domain/%u/cpu/%u/availability", domid, i);
        rc = cl ? xs_write(cl, 0, path, state, strlen(state)) : -ENOENT;
        if (rc) {
            xl_libxl_error(domid, "Couldn't write cpu availability", rc);
            return -1;
        }
    }
    return 0;
}

/* xl vcpu-set [-i] DOM N: N vCPUs online, no more than the host has
 * unless -i (--ignore-host). */
int xl_vcpu_set(int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    bool check_host = true;
    unsigned long n;
    struct getopt g;
    domid_t domid;
    int c;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "i")) != -1) {
        if (c == '?')
            return 1;
        check_host = false;
    }
    if (!xl_operands_ok(&g, argc, argv, 2, 2) || xl_find_domain(argv[g.ind], &domid))
        return 1;
    if (!parse_count(argv[g.ind + 1], &n)) {
        printk("Error: Invalid argument.\n");
        return 1;
    }
    if (check_host) {
        unsigned int host = map_cpus();

        if (!host)
            return 1;
        if (domain_info_of(domid, &info)) {
            printk("Domain %u does not exist.\n", domid);
            return 1;
        }
        if (n > info.nr_online_vcpus && n > host) {
            printk("You are overcommmitting! You have %u physical CPUs and want %lu vCPUs! "
                   "Aborting, use --ignore-host to continue\n", host, n);
            return 1;
        }
    }
    switch (set_online(domid, n)) {
    case 0:
        return 0;
    case -ENOENT:
        printk("Domain %u does not exist.\n", domid);
        return 1;
    default:
        printk("libxl_set_vcpuonline failed domid=%u max_vcpus=%lu, rc: %d\n", domid, n, -6);
        return 1;
    }
}
