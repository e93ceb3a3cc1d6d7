/*
 * xl create [-p] CFG [KEY=VALUE...]: a PV domU from an xl.cfg file, made
 * as libxl makes one: check that it fits in free memory, create it
 * paused, give it its memory limit and a port for each backend, have the
 * hypervisor's builder lay out the kernel, record its name, start time
 * and memory in xenstore, then let it run. Anything that
 * fails after the domain exists destroys it: nothing is left behind.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/getopt.h>
#include <dom0/time.h>
#include <dom0/vfs.h>
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

static int build(domid_t domid, const struct xl_domain_cfg *cfg, const struct images *im)
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
    return 0;
}

/* libxl's checks and records around the build: the vCPU count, and the
 * domain's name, start time and memory in xenstore. */
static int store_entries(domid_t domid, const struct xl_domain_cfg *cfg, const uint8_t handle[16])
{
    int rc = domain_max_vcpus(domid, cfg->maxvcpus);

    if (rc)
        printk("xl create: %s's vCPU count refused (error %d)\n", cfg->name, rc);
    else if ((rc = xl_store_new_domain(domid, cfg->name, handle, cfg->memory_mb * 1024,
                                       cfg->maxmem_mb * 1024)))
        printk("xl create: cannot write %s's xenstore entries (error %d)\n", cfg->name, rc);
    return rc;
}

static int create(const struct xl_domain_cfg *cfg, bool paused)
{
    struct images im = { 0 };
    uint8_t handle[16];
    domid_t domid = 0;
    int rc = -1;

    if (check_fits(cfg) ||
        !(im.kernel = read_file("kernel", cfg->kernel, &im.kernel_len)) ||
        (cfg->ramdisk[0] && !(im.ramdisk = read_file("ramdisk", cfg->ramdisk, &im.ramdisk_len))))
        goto out;
    make_handle(handle);
    if ((rc = domain_create(&domid, cfg->maxvcpus, handle))) {
        printk("xl create: cannot create domain %s (error %d)\n", cfg->name, rc);
        goto out;
    }
    rc = build(domid, cfg, &im);
    if (!rc)
        rc = store_entries(domid, cfg, handle);
    if (!rc && !paused && (rc = domain_unpause(domid)))
        printk("xl create: cannot unpause domain %u (error %d)\n", domid, rc);
    if (rc)
        domain_destroy(domid);
out:
    free(im.kernel);
    free(im.ramdisk);
    return rc ? 1 : 0;
}

int xl_create(int argc, char **argv)
{
    static struct xl_domain_cfg cfg;  /* large: off the shell's stack */
    struct getopt g;
    bool paused = false;
    int c;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "p")) != -1) {
        if (c == '?')
            return 1;
        paused = true;
    }
    if (!xl_operands_ok(&g, argc, argv, 1, argc))
        return 1;
    if (parse(argv[g.ind], argv + g.ind + 1, argc - g.ind - 1, &cfg))
        return 1;
    return create(&cfg, paused);
}
