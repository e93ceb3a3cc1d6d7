/*
 * xl create [-c] [-p] CFG [KEY=VALUE...]: a PV domU from an xl.cfg file,
 * made as libxl makes one: check that its name is free and that it fits
 * in free memory, create it paused, give it its memory limit and a port
 * for each backend, have the hypervisor's builder lay out the kernel,
 * write its xenstore area and hand it to xenstored and the console
 * backend, then let it run (-c: and attach its console). Anything that
 * fails after the domain exists tears it down: nothing is left behind.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/consoled.h>
#include <dom0/control.h>
#include <dom0/getopt.h>
#include <dom0/time.h>
#include <dom0/vfs.h>
#include <dom0/xenstored.h>
#include <dom0/xl_cfg.h>
#include "xl_cmds.h"

#define MIB_PAGES 256
#define BACKEND_DOMID 0     /* dom0 runs the console backend and xenstored */

/* A whole file in a fresh heap block; NULL with the reason printed. */
static void *read_file(const char *what, const char *path, size_t *len)
{
    struct vfs_stat st;
    long n = vfs_stat(path, &st);
    void *buf = NULL;

    if (n == 0 && st.type == VFS_DIR)
        n = -EISDIR;
    if (n == 0 && !(buf = malloc(st.size ? st.size : 1)))
        n = -ENOMEM;
    if (n == 0 && (n = vfs_read(path, 0, buf, st.size)) >= 0 && (uint64_t)n != st.size)
        n = -EIO;
    if (n < 0) {
        printk("xl create: %s %s: %s\n", what, path, vfs_strerror((int)n));
        free(buf);
        return NULL;
    }
    *len = (size_t)n;
    return buf;
}

static int parse(const char *path, char **overrides, int n, struct xl_domain_cfg *cfg)
{
    static struct xl_cfg_diag diag;
    size_t len = 0;
    char *text = read_file("config", path, &len);
    int rc;

    if (!text)
        return -1;
    printk("Parsing config from %s\n", path);
    rc = xl_cfg_parse(path, text, len, (const char *const *)overrides, (size_t)n, cfg, &diag);
    free(text);
    for (size_t i = 0; i < diag.n_warnings; i++)
        printk("%s\n", diag.warning[i]);
    if (rc)
        printk("%s\n", diag.error);
    return rc;
}

/* Refuse what cannot fit, before anything is made. */
static int check_fits(const struct xl_domain_cfg *cfg)
{
    struct xen_sysctl_physinfo pi;
    uint64_t free_mib;

    if (host_physinfo(&pi)) {
        printk("xl create: cannot read the host's free memory\n");
        return -1;
    }
    free_mib = pi.free_pages / MIB_PAGES;
    if (cfg->memory_mb > free_mib) {
        printk("xl create: not enough memory for %s: it needs %lu MiB, %lu MiB are free\n",
               cfg->name, cfg->memory_mb, free_mib);
        return -1;
    }
    return 0;
}

/* A random-looking UUID (version 4) from the clock. */
static void make_handle(uint8_t handle[16])
{
    uint64_t x = now_ns() * 0x9e3779b97f4a7c15ull | 1;

    for (int i = 0; i < 16; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        handle[i] = (uint8_t)x;
    }
    handle[6] = (uint8_t)((handle[6] & 0x0f) | 0x40);
    handle[8] = (uint8_t)((handle[8] & 0x3f) | 0x80);
}

struct images {
    void *kernel, *ramdisk;
    size_t kernel_len, ramdisk_len;
};

static int build(domid_t domid, const struct xl_domain_cfg *cfg, const struct images *im,
                 struct xl_guest_rings *rings)
{
    struct xen_domctl_keel_build_pv b = {
        .kernel = im->kernel, .kernel_len = im->kernel_len,
        .ramdisk = im->ramdisk, .ramdisk_len = im->ramdisk_len,
        .cmdline = cfg->cmdline,
        .console_domid = BACKEND_DOMID, .store_domid = BACKEND_DOMID,
    };
    int console = evtchn_alloc_unbound_in(domid, BACKEND_DOMID);
    int store = evtchn_alloc_unbound_in(domid, BACKEND_DOMID);
    int rc;

    if (console < 0 || store < 0) {
        printk("xl create: no event channels for %s's backends (error %d)\n", cfg->name,
               console < 0 ? console : store);
        return -1;
    }
    b.console_port = (uint32_t)console;
    b.store_port = (uint32_t)store;
    /* Built with `memory`; `maxmem` is its ceiling from then on. */
    if ((rc = domain_max_mem(domid, cfg->memory_mb * 1024)) ||
        (rc = domain_build_pv(domid, &b)) ||
        (rc = domain_max_mem(domid, cfg->maxmem_mb * 1024))) {
        printk("xl create: cannot build %s (error %d; the hypervisor's log, xl dmesg, "
               "says why)\n", cfg->name, rc);
        return -1;
    }
    *rings = (struct xl_guest_rings){ b.console_mfn, b.store_mfn, b.console_port,
                                      b.store_port };
    return 0;
}

/* What libxl does between building a domU and unpausing it: its xenstore
 * area, then xenstored and the console backend take it on. */
static int connect_backends(domid_t domid, const struct xl_domain_cfg *cfg,
                            const struct xl_guest_rings *r, const uint8_t handle[16])
{
    struct xs_client *cl = xenstore();
    int rc;

    if (!cl) {
        printk("xl create: xenstored is not running (xencommons=YES in /etc/rc.conf)\n");
        return -1;
    }
    if ((rc = xl_xs_domain_write(domid, cfg, r, handle)) ||
        (rc = xs_introduce_domain(cl, domid, r->store_mfn, r->store_port))) {
        printk("xl create: xenstore refused %s's entries (error %d)\n", cfg->name, rc);
        return -1;
    }
    if ((rc = consoled_add(domid, r->console_port, cfg->name))) {
        printk("xl create: the console backend cannot serve %s (error %d)\n", cfg->name, rc);
        return -1;
    }
    if (xl_lifecycle_adopt(domid, cfg)) {
        printk("xl create: no memory to keep %s's config\n", cfg->name);
        return -1;
    }
    return 0;
}

/* The config's scheduling, as libxl applies it before the first run:
 * credit weight and cap, and each vCPU's hard affinity from cpus=. */
static int apply_sched(domid_t domid, const struct xl_domain_cfg *cfg)
{
    struct xen_domctl_sched_credit c = { .weight = cfg->cpu_weight, .cap = cfg->cap };
    int rc = sched_credit_set(domid, c);

    if (rc) {
        printk("xl create: %s's cpu_weight and cap refused (error %d)\n", cfg->name, rc);
        return -1;
    }
    for (uint32_t i = 0; cfg->cpus_set && i < cfg->maxvcpus; i++) {
        uint64_t hard = cfg->n_vcpu_cpumaps == 0 ? cfg->cpumap
                        : i < cfg->n_vcpu_cpumaps ? cfg->vcpu_cpumap[i] : ~0ull;

        if ((rc = vcpu_affinity_set(domid, i, &hard, NULL))) {
            printk("xl create: %s: cpus= leaves vCPU %u no CPU it may use (error %d)\n",
                   cfg->name, i, rc);
            return -1;
        }
    }
    return 0;
}

/* A second domain of one name would make every name ambiguous. */
static int check_name_free(const char *name)
{
    domid_t other;

    if (xl_domain_by_name(name, &other) != 0)
        return 0;
    printk("xl create: domain with name \"%s\" already exists (id %u)\n", name, other);
    return -1;
}

int xl_create_domain(const struct xl_domain_cfg *cfg, bool paused, domid_t *out)
{
    struct images im = { 0 };
    struct xl_guest_rings rings;
    uint8_t handle[16];
    domid_t domid = 0;
    int rc = -1;

    if (check_name_free(cfg->name) || check_fits(cfg) ||
        !(im.kernel = read_file("kernel", cfg->kernel, &im.kernel_len)) ||
        (cfg->ramdisk[0] && !(im.ramdisk = read_file("ramdisk", cfg->ramdisk, &im.ramdisk_len))))
        goto out;
    make_handle(handle);
    if ((rc = domain_create(&domid, cfg->maxvcpus, handle))) {
        printk("xl create: cannot create domain %s (error %d)\n", cfg->name, rc);
        goto out;
    }
    if ((rc = domain_max_vcpus(domid, cfg->maxvcpus)))
        printk("xl create: %s's vCPU count refused (error %d)\n", cfg->name, rc);
    if (!rc)
        rc = build(domid, cfg, &im, &rings);
    if (!rc)
        rc = apply_sched(domid, cfg);
    if (!rc)
        rc = connect_backends(domid, cfg, &rings, handle);
    if (!rc && !paused && (rc = domain_unpause(domid)))
        printk("xl create: cannot unpause domain %u (error %d)\n", domid, rc);
    if (rc)
        xl_domain_teardown(domid);
    else
        *out = domid;
out:
    free(im.kernel);
    free(im.ramdisk);
    return rc ? -1 : 0;
}

int xl_create(int argc, char **argv)
{
    static struct xl_domain_cfg cfg;  /* large: off the shell's stack */
    struct getopt g;
    bool paused = false, console = false;
    domid_t domid;
    int c;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "pc")) != -1) {
        if (c == '?')
            return 1;
        if (c == 'p')
            paused = true;
        else
            console = true;
    }
    if (!xl_operands_ok(&g, argc, argv, 1, argc))
        return 1;
    if (parse(argv[g.ind], argv + g.ind + 1, argc - g.ind - 1, &cfg))
        return 1;
    if (xl_create_domain(&cfg, paused, &domid))
        return 1;
    return console ? (consoled_attach(domid) ? 1 : 0) : 0;
}
