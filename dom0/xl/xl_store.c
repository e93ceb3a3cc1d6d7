/*
 * The xenstore entries xl keeps for a domain, at the paths libxl uses:
 * its name, the /vm/UUID area with its start time, and its memory
 * target and static maximum (KiB). xl create writes them with the rest
 * of the domain's area (xl_xs_domain.c); rename, uptime, mem-max and
 * mem-set read or change them.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/xenstored.h>
#include "xl_cmds.h"

#define PATH_LEN 96

/* 0, or a negative errno (xenstored not running, or its error). */
static int put(const char *path, const char *value)
{
    struct xs_client *cl = xenstore();

    if (!cl)
        return -ENOENT;
    return xs_write(cl, 0, path, value, strlen(value)) ? -EIO : 0;
}

/* The value at path, NUL-terminated, into buf (cut to fit); -ENOENT. */
static int get(const char *path, char *buf, size_t len)
{
    struct xs_client *cl = xenstore();
    char *value;
    size_t vlen;

    if (!cl || xs_read(cl, 0, path, &value, &vlen))
        return -ENOENT;
    snprintf(buf, len, "%.*s", (int)vlen, value);
    free(value);
    return 0;
}

/* The digits a value starts with (xl's strtoul); -EINVAL without any. */
static int get_u64(const char *path, uint64_t *out)
{
    char buf[32];
    uint64_t v = 0;
    const char *p = buf;

    if (get(path, buf, sizeof(buf)))
        return -ENOENT;
    for (; *p >= '0' && *p <= '9'; p++)
        v = v * 10 + (uint64_t)(*p - '0');
    if (p == buf)
        return -EINVAL;
    *out = v;
    return 0;
}

int xl_store_memory(domid_t domid, const char *which, uint64_t *kb)
{
    char path[PATH_LEN];

    snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, which);
    return get_u64(path, kb);
}

int xl_store_set_memory(domid_t domid, const char *which, uint64_t kb)
{
    char path[PATH_LEN], value[24];

    snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, which);
    snprintf(value, sizeof(value), "%lu", kb);
    return put(path, value);
}

int xl_store_start_time(domid_t domid, uint64_t *sec)
{
    char path[PATH_LEN], vm[PATH_LEN - 16];

    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    if (get(path, vm, sizeof(vm)))
        return -ENOENT;
    snprintf(path, sizeof(path), "%s/start_time", vm);
    return get_u64(path, sec);
}

/* The name, in the domain's own directory and in its /vm area if any. */
int xl_store_set_name(domid_t domid, const char *name)
{
    char path[PATH_LEN], vm[PATH_LEN - 8];
    int rc;

    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    if ((rc = put(path, name)))
        return rc;
    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    if (get(path, vm, sizeof(vm)))
        return 0;
    snprintf(path, sizeof(path), "%s/name", vm);
    return put(path, name);
}
