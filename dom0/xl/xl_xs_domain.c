/*
 * A domU's xenstore area, as libxl lays it out: /local/domain/N (the
 * guest reads it, dom0 owns it), the parts the guest writes (control/
 * shutdown, data, device, ...: owned by the guest), /vm/UUID and
 * /libxl/N. Written in one transaction, retried on conflict, before the
 * guest first runs; removed when it is destroyed.
 */
#include <stdarg.h>
#include <keel/errno.h>
#include <keel/string.h>
#include <public/errno.h>
#include <dom0/alloc.h>
#include <dom0/time.h>
#include <dom0/xenstored.h>
#include <dom0/xl_cfg.h>
#include "xl_cmds.h"
#include "xl_text.h"

#define TX_TRIES 8

/* Paths the guest owns and writes, under /local/domain/N. */
static const char *const guest_rw[] = {
    "control/shutdown", "control/feature-poweroff", "control/feature-reboot",
    "control/sysrq", "data", "device", "drivers", "feature", "attr", "error",
};

struct area {
    struct xs_client *cl;
    uint32_t tx;
    char dom[32];               /* /local/domain/N */
};

static int put(struct area *a, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int put(struct area *a, const char *value, const char *fmt, ...)
{
    char path[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    return xs_write(a->cl, a->tx, path, value, strlen(value));
}

static int perms(struct area *a, const char *path, const char *p0, const char *p1)
{
    char buf[32];
    size_t n = (size_t)snprintf(buf, sizeof(buf), "%s", p0) + 1;

    if (p1)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", p1) + 1;
    return xs_set_perms(a->cl, a->tx, path, buf, n);
}

static int write_area(struct area *a, domid_t domid, const struct xl_domain_cfg *cfg,
                      const struct xl_guest_rings *r, const char *vm)
{
    char n[16], ro[16], rw[16], num[32];
    int rc;

    snprintf(n, sizeof(n), "%u", domid);
    snprintf(ro, sizeof(ro), "r%u", domid);
    snprintf(rw, sizeof(rw), "n%u", domid);
#define PUT(value, ...) if ((rc = put(a, value, __VA_ARGS__))) return rc
    PUT("", "%s", a->dom);
    if ((rc = perms(a, a->dom, "n0", ro)))
        return rc;
    PUT(cfg->name, "%s/name", a->dom);
    PUT(n, "%s/domid", a->dom);
    PUT(vm, "%s/vm", a->dom);
    snprintf(num, sizeof(num), "%lu", (unsigned long)(cfg->maxmem_mb * 1024));
    PUT(num, "%s/memory/static-max", a->dom);
    snprintf(num, sizeof(num), "%lu", (unsigned long)(cfg->memory_mb * 1024));
    PUT(num, "%s/memory/target", a->dom);
    for (uint32_t i = 0; i < cfg->maxvcpus; i++)
        PUT(i < cfg->vcpus ? "online" : "offline", "%s/cpu/%u/availability", a->dom, i);
    snprintf(num, sizeof(num), "%lu", (unsigned long)r->console_mfn);
    PUT(num, "%s/console/ring-ref", a->dom);
    snprintf(num, sizeof(num), "%u", r->console_port);
    PUT(num, "%s/console/port", a->dom);
    PUT("1048576", "%s/console/limit", a->dom);
    PUT("xenconsoled", "%s/console/type", a->dom);
    snprintf(num, sizeof(num), "%lu", (unsigned long)r->store_mfn);
    PUT(num, "%s/store/ring-ref", a->dom);
    snprintf(num, sizeof(num), "%u", r->store_port);
    PUT(num, "%s/store/port", a->dom);
    PUT("1", "%s/control/platform-feature-multiprocessor-suspend", a->dom);
    PUT("1", "%s/control/platform-feature-xs_reset_watches", a->dom);
    for (size_t i = 0; i < sizeof(guest_rw) / sizeof(guest_rw[0]); i++) {
        char path[96];

        snprintf(path, sizeof(path), "%s/%s", a->dom, guest_rw[i]);
        PUT("", "%s", path);
        if ((rc = perms(a, path, rw, NULL)))
            return rc;
    }
    PUT("", "%s", vm);
    if ((rc = perms(a, vm, "n0", ro)))
        return rc;
    PUT(cfg->name, "%s/name", vm);
    PUT(vm + 4, "%s/uuid", vm);
    /* libxl's start_time has hundredths; dom0 reads whole seconds. */
    snprintf(num, sizeof(num), "%lu.00", (unsigned long)wallclock_sec());
    PUT(num, "%s/start_time", vm);
    PUT("pv", "/libxl/%u/type", domid);
#undef PUT
    return 0;
}

int xl_xs_domain_write(domid_t domid, const struct xl_domain_cfg *cfg,
                       const struct xl_guest_rings *r, const uint8_t handle[16])
{
    struct area a = { .cl = xenstore() };
    char vm[48] = "/vm/";
    int rc = -XEN_EAGAIN;

    if (!a.cl)
        return -XEN_ENOENT;
    snprintf(a.dom, sizeof(a.dom), "/local/domain/%u", domid);
    xl_format_uuid(handle, vm + 4);
    for (int i = 0; i < TX_TRIES && rc == -XEN_EAGAIN; i++) {
        if ((rc = xs_transaction_start(a.cl, &a.tx)))
            return rc;
        rc = write_area(&a, domid, cfg, r, vm);
        if (rc) {
            xs_transaction_end(a.cl, a.tx, false);
            return rc;
        }
        rc = xs_transaction_end(a.cl, a.tx, true);
    }
    return rc;
}

void xl_xs_domain_remove(domid_t domid)
{
    struct xs_client *cl = xenstore();
    char path[48], *vm;
    size_t len;

    if (!cl)
        return;
    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    if (!xs_read(cl, 0, path, &vm, &len)) {
        if (!strncmp(vm, "/vm/", 4))
            xs_rm(cl, 0, vm);
        free(vm);
    }
    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    xs_rm(cl, 0, path);
    snprintf(path, sizeof(path), "/libxl/%u", domid);
    xs_rm(cl, 0, path);
}
