/*
 * xendomains, as NetBSD's rc.d script: at boot `xl create` each domain
 * named in rc.conf's xendomains (a config in /etc/keel/, by file name,
 * with or without ".cfg", or an absolute path); when dom0 goes down, every
 * domU is asked to shut down cleanly, given DOMU_STOP_NS, and whatever is
 * left then is destroyed.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <public/sched.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/sched.h>
#include <dom0/time.h>
#include <dom0/vfs.h>
#include <dom0/xenstored.h>
#include "xl_cmds.h"

#define CONFIG_DIR   "/etc/keel"
#define DOMU_STOP_NS (10 * NSEC_PER_SEC)
#define NAME_MAX_LEN 96

/* Where the config for word lives; false if nowhere. */
static bool config_path(const char *word, char *out, size_t len)
{
    struct vfs_stat st;

    if (word[0] == '/') {
        snprintf(out, len, "%s", word);
        return vfs_stat(out, &st) == 0 && st.type == VFS_FILE;
    }
    snprintf(out, len, CONFIG_DIR "/%s", word);
    if (vfs_stat(out, &st) == 0 && st.type == VFS_FILE)
        return true;
    snprintf(out, len, CONFIG_DIR "/%s.cfg", word);
    return vfs_stat(out, &st) == 0 && st.type == VFS_FILE;
}

static void start_one(const char *word)
{
    char path[160];
    char *argv[] = { "create", path, NULL };

    if (!config_path(word, path, sizeof(path))) {
        printk("dom0: xendomains: no config for %s in " CONFIG_DIR "; not started\n", word);
        return;
    }
    printk("dom0: xendomains: starting %s\n", word);
    if (xl_create(2, argv))
        printk("dom0: xendomains: %s did not start\n", word);
}

void xendomains_start(const char *list)
{
    const char *p = list ? list : "";

    while (*p) {
        char word[NAME_MAX_LEN];
        size_t n = 0;

        while (*p == ' ' || *p == '\t')
            p++;
        while (*p && *p != ' ' && *p != '\t')
            if (n < sizeof(word) - 1)
                word[n++] = *p++;
            else
                p++;
        word[n] = '\0';
        if (n)
            start_one(word);
    }
}

/* Calls fn for every domU that is not dying; how many fn returned true for. */
static unsigned int each_domu(bool (*fn)(const struct xen_domctl_getdomaininfo *))
{
    struct xen_domctl_getdomaininfo di;
    unsigned int n = 0;

    for (domid_t d = 1; domain_info_from(d, &di) == 0 && di.domain < DOMID_FIRST_RESERVED;
         d = di.domain + 1)
        if (!(di.flags & XEN_DOMINF_dying))
            n += fn(&di);
    return n;
}

/* The guest's power button if it has one (a xenstore area), else the
 * hypervisor's shutdown on its behalf. */
static bool ask_down(const struct xen_domctl_getdomaininfo *di)
{
    struct xs_client *cl = xenstore();
    char path[48];

    if (di->flags & XEN_DOMINF_shutdown)
        return false;
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", di->domain);
    if (cl && xs_write(cl, 0, path, "poweroff", 8) == 0)
        return true;
    return domain_shutdown(di->domain, SHUTDOWN_poweroff) == 0;
}

static bool still_up(const struct xen_domctl_getdomaininfo *di)
{
    return !(di->flags & XEN_DOMINF_shutdown);
}

static bool tear_down(const struct xen_domctl_getdomaininfo *di)
{
    return xl_domain_teardown(di->domain) == 0;
}

void xendomains_stop(void)
{
    uint64_t deadline = now_ns() + DOMU_STOP_NS;
    unsigned int asked = each_domu(ask_down);

    if (asked)
        printk("Stopping %u domain%s...\n", asked, asked == 1 ? "" : "s");
    while (each_domu(still_up) && now_ns() < deadline)
        sleep_ns(10 * NSEC_PER_MSEC);
    each_domu(tear_down);
}
