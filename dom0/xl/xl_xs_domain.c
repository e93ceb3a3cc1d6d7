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

/* A transaction's writes; the first failure sticks and the rest are
 * skipped, so the writer reads as a list and checks once at the end. */
struct area {
    struct xs_client *cl;
    uint32_t tx;
    int rc;                     /* the first error, or 0 */
    char dom[32];               /* /local/domain/N */
};

static void vput(struct area *a, const char *value, const char *fmt, va_list ap)
{
    char path[160];

    if (a->rc)
        return;
    vsnprintf(path, sizeof(path), fmt, ap);
    a->rc = xs_write(a->cl, a->tx, path, value, strlen(value));
}

static void put(struct area *a, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put(struct area *a, const char *value, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vput(a, value, fmt, ap);
    va_end(ap);
}

static void put_num(struct area *a, uint64_t value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put_num(struct area *a, uint64_t value, const char *fmt, ...)
{
    char num[24];
    va_list ap;

    snprintf(num, sizeof(num), "%lu", (unsigned long)value);
    va_start(ap, fmt);
    vput(a, num, fmt, ap);
    va_end(ap);
}

/* Permissions as the wire has them: owner entry p0, then p1 if any. */
static void perms(struct area *a, const char *path, const char *p0, const char *p1)
{
    char buf[32];
    size_t n = (size_t)snprintf(buf, sizeof(buf), "%s", p0) + 1;

    if (a->rc)
        return;
    if (p1)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", p1) + 1;
    a->rc = xs_set_perms(a->cl, a->tx, path, buf, n);
}

static int write_area(struct area *a, domid_t domid, const struct xl_domain_cfg *cfg,
                      const struct xl_guest_rings *r, const char *vm)
{
    char ro[16], rw[16], start[32];

    snprintf(ro, sizeof(ro), "r%u", domid);
    snprintf(rw, sizeof(rw), "n%u", domid);
    a->rc = 0;
    put(a, "", "%s", a->dom);
    perms(a, a->dom, "n0", ro);
    put(a, cfg->name, "%s/name", a->dom);
    put_num(a, domid, "%s/domid", a->dom);
    put(a, vm, "%s/vm", a->dom);
    put_num(a, cfg->maxmem_mb * 1024, "%s/memory/static-max", a->dom);
    put_num(a, cfg->memory_mb * 1024, "%s/memory/target", a->dom);
    for (uint32_t i = 0; i < cfg->maxvcpus; i++)
        put(a, i < cfg->vcpus ? "online" : "offline", "%s/cpu/%u/availability", a->dom, i);
    put_num(a, r->console_mfn, "%s/console/ring-ref", a->dom);
    put_num(a, r->console_port, "%s/console/port", a->dom);
    put(a, "1048576", "%s/console/limit", a->dom);
    put(a, "xenconsoled", "%s/console/type", a->dom);
    put_num(a, r->store_mfn, "%s/store/ring-ref", a->dom);
    put_num(a, r->store_port, "%s/store/port", a->dom);
    put(a, "1", "%s/control/platform-feature-multiprocessor-suspend", a->dom);
    put(a, "1", "%s/control/platform-feature-xs_reset_watches", a->dom);
    for (size_t i = 0; i < sizeof(guest_rw) / sizeof(guest_rw[0]); i++) {
        char path[96];

        snprintf(path, sizeof(path), "%s/%s", a->dom, guest_rw[i]);
        put(a, "", "%s", path);
        perms(a, path, rw, NULL);
    }
    put(a, "", "%s", vm);
    perms(a, vm, "n0", ro);
    put(a, cfg->name, "%s/name", vm);
    put(a, vm + 4, "%s/uuid", vm);
    /* libxl's start_time has hundredths; dom0 reads whole seconds. */
    snprintf(start, sizeof(start), "%lu.00", (unsigned long)wallclock_sec());
    put(a, start, "%s/start_time", vm);
    put(a, "pv", "/libxl/%u/type", domid);
    return a->rc;
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
