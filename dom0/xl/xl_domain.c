/*
 * Naming domains, as Xen's xl and libxl do: a word of digits is a domain
 * id (whether or not that domain exists: each command checks), anything
 * else a name looked up among the running domains.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/alloc.h>
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
