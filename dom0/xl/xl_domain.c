/*
 * Naming domains, as Xen's xl and libxl do: a word of digits is a domain
 * id (whether or not that domain exists: each command checks), anything
 * else a name looked up among the running domains.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/alloc.h>
#include <dom0/consoled.h>
#include <dom0/control.h>
#include <dom0/xenstored.h>
#include "xl_cmds.h"

#define LIST_CHUNK 16

int xl_domain_name(domid_t domid, char *buf, size_t len)
{
    struct xs_client *cl = xenstore();
    char path[40], *value;
    size_t vlen;

    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    if (!cl || xs_read(cl, 0, path, &value, &vlen))
        return -ENOENT;
    snprintf(buf, len, "%.*s", (int)vlen, value);
    free(value);
    return 0;
}

/* The id a word of digits names; false if it has other characters or
 * does not fit a domid. */
static bool parse_domid(const char *s, domid_t *out)
{
    unsigned long v = 0;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > 0xffff)
            return false;
    }
    *out = (domid_t)v;
    return true;
}

int xl_domain_by_name(const char *name, domid_t *out)
{
    struct xen_domctl_getdomaininfo info[LIST_CHUNK];
    char seen[64];
    domid_t from = 0;
    int n;

    while ((n = domain_info_list(from, info, LIST_CHUNK)) > 0) {
        for (int i = 0; i < n; i++) {
            if (xl_domain_name(info[i].domain, seen, sizeof(seen)) == 0 &&
                !strcmp(seen, name)) {
                *out = info[i].domain;
                return 0;
            }
        }
        from = (domid_t)(info[n - 1].domain + 1);
    }
    return -ENOENT;
}

int xl_find_domain(const char *arg, domid_t *out)
{
    if (parse_domid(arg, out) || xl_domain_by_name(arg, out) == 0)
        return 0;
    printk("%s is an invalid domain identifier (rc=-6)\n", arg);
    return -1;
}

void xl_domain_label(domid_t domid, char *buf, size_t len)
{
    if (xl_domain_name(domid, buf, len))
        snprintf(buf, len, "(null)");
}

void xl_libxl_error(domid_t domid, const char *what, int rc)
{
    printk("libxl: error: Domain %u:%s (error %d)\n", domid, what, rc);
}

/* Whether domid names a domain that exists now. */
static bool domain_exists(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;

    return domain_info_of(domid, &info) == 0;
}

/* xl rename DOM NEWNAME: a non-empty name must be no other domain's. */
int xl_rename(int argc, char **argv)
{
    int i = xl_no_options(argc, argv, 2, 2);
    domid_t domid, other;

    if (i < 0 || xl_find_domain(argv[i], &domid))
        return 1;
    if (argv[i + 1][0] && xl_domain_by_name(argv[i + 1], &other) == 0 && other != domid) {
        printk("libxl: error: Domain %u:Domain with name \"%s\" already exists.\n", domid,
               argv[i + 1]);
        printk("Can't rename domain '%s'.\n", argv[i]);
        return 1;
    }
    if (!domain_exists(domid) || xl_store_set_name(domid, argv[i + 1])) {
        printk("Can't rename domain '%s'.\n", argv[i]);
        return 1;
    }
    consoled_rename(domid, argv[i + 1]);
    return 0;
}
