/*
 * xl.cfg interpretation: the statements of a config file (and of the
 * command-line overrides after it) into a struct xl_domain_cfg.
 *
 * Each statement is applied as it comes, over the defaults, so the last
 * setting of a key wins as in xl; a value that is wrong in itself is an
 * error at once, in file order. What depends on the final values (the
 * guest type, bootloader, required keys, maxmem against memory, the
 * command line) is checked once everything is read.
 */
#include <stdarg.h>
#include <stdint.h>

#include <keel/errno.h>
#include <keel/string.h>

#include "xl_cfg_internal.h"

#define COMMAND_LINE "<command line>"

int xl_error(struct xl_ctx *c, int code, struct xl_pos pos,
             const char *fmt, ...)
{
    struct xl_cfg_diag *dg = c->diag;
    va_list ap;
    int n;

    if (!dg || dg->error[0])
        return code;
    n = snprintf(dg->error, sizeof(dg->error), "%s:%zu:%zu: ", c->src,
                 pos.line, pos.col);
    if (n >= 0 && (size_t)n < sizeof(dg->error)) {
        va_start(ap, fmt);
        vsnprintf(dg->error + n, sizeof(dg->error) - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return code;
}

void xl_warn(struct xl_ctx *c, struct xl_pos pos, const char *fmt, ...)
{
    struct xl_cfg_diag *dg = c->diag;
    char *w;
    va_list ap;
    int n;

    if (!dg)
        return;
    if (dg->n_warnings == XL_CFG_MAX_WARNINGS) {
        dg->n_warnings_dropped++;
        return;
    }
    w = dg->warning[dg->n_warnings++];
    n = snprintf(w, XL_CFG_MSG_MAX, "%s:%zu:%zu: ", c->src, pos.line,
                 pos.col);
    if (n >= 0 && n < XL_CFG_MSG_MAX) {
        va_start(ap, fmt);
        vsnprintf(w + n, XL_CFG_MSG_MAX - (size_t)n, fmt, ap);
        va_end(ap);
    }
}

/* --- Values -------------------------------------------------------------- */

static void mark(struct xl_ctx *c, struct xl_where *w, const struct xl_val *v)
{
    w->set = true;
    w->src = c->src;
    w->pos = v->pos;
}

static int want_atom(struct xl_ctx *c, const char *key,
                     const struct xl_val *v, const char *what)
{
    if (v->kind == XL_VAL_ATOM)
        return 0;
    return xl_error(c, -EINVAL, v->pos, "'%s' wants %s, not a list", key,
                    what);
}

static int want_list(struct xl_ctx *c, const char *key,
                     const struct xl_val *v, size_t max, const char *what)
{
    if (v->kind != XL_VAL_LIST)
        return xl_error(c, -EINVAL, v->pos, "'%s' wants a list, as in %s = "
                        "[ '...' ]", key, key);
    for (size_t k = 0; k < v->n_items; k++) {
        if (k == max)
            return xl_error(c, -EINVAL, v->items[k].pos, "more than %zu %s",
                            max, what);
        if (v->items[k].kind != XL_VAL_ATOM)
            return xl_error(c, -EINVAL, v->items[k].pos, "a '%s' entry is a "
                            "string, not a list", key);
    }
    return 0;
}

static int get_string(struct xl_ctx *c, const char *key,
                      const struct xl_val *v, char *dst, size_t size)
{
    int rc = want_atom(c, key, v, "a string");

    if (rc)
        return rc;
    if (!xl_copy(dst, size, v->text, v->len))
        return xl_error(c, -EINVAL, v->pos, "'%s' is %zu bytes long; at most "
                        "%zu fit", key, v->len, size - 1);
    return 0;
}

static int get_number(struct xl_ctx *c, const char *key,
                      const struct xl_val *v, uint64_t min, uint64_t max,
                      uint64_t *out)
{
    char q[XL_QUOTE_BUF];
    int rc = want_atom(c, key, v, "a number");

    if (rc)
        return rc;
    rc = xl_parse_u64(v->text, v->len, out);
    if (rc == -EINVAL)
        return xl_error(c, -EINVAL, v->pos, "'%s' wants a number, not '%s'",
                        key, xl_quote(q, v->text, v->len));
    if (rc || *out < min || *out > max)
        return xl_error(c, -EINVAL, v->pos, "%s %s is out of range (%llu to "
                        "%llu)", key, xl_quote(q, v->text, v->len),
                        (unsigned long long)min, (unsigned long long)max);
    return 0;
}

static int get_u32(struct xl_ctx *c, const char *key, const struct xl_val *v,
                   uint32_t min, uint32_t max, uint32_t *out)
{
    uint64_t x;
    int rc = get_number(c, key, v, min, max, &x);

    if (!rc)
        *out = (uint32_t)x;
    return rc;
}

/* --- Keys ---------------------------------------------------------------- */

typedef int key_fn(struct xl_ctx *c, const char *key, const struct xl_val *v);

static bool name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
}

static int key_name(struct xl_ctx *c, const char *key, const struct xl_val *v)
{
    char *name = c->out->name;
    char q[XL_QUOTE_BUF];
    bool digits = true;
    int rc = get_string(c, key, v, name, sizeof(c->out->name));

    if (rc)
        return rc;
    if (!v->len)
        return xl_error(c, -EINVAL, v->pos, "the name is empty");
    for (size_t k = 0; k < v->len; k++) {
        if (!name_char(name[k]))
            return xl_error(c, -EINVAL, xl_val_pos_at(v, k), "name '%s': "
                            "only letters, digits, '-', '_' and '.' are "
                            "allowed", xl_quote(q, name, v->len));
        digits = digits && name[k] >= '0' && name[k] <= '9';
    }
    if (digits)
        return xl_error(c, -EINVAL, v->pos, "name '%s' is all digits, like "
                        "a domain id", name);
    if (!strcmp(name, "Domain-0"))
        return xl_error(c, -EINVAL, v->pos, "name 'Domain-0' is dom0's");
    mark(c, &c->name, v);
    return 0;
}

static int key_type(struct xl_ctx *c, const char *key, const struct xl_val *v)
{
    char q[XL_QUOTE_BUF];
    bool builder = key[0] == 'b';
    enum xl_guest_type t;
    int rc = want_atom(c, key, v, "a string");

    if (rc)
        return rc;
    if (!strcmp(v->text, builder ? "generic" : "pv"))
        t = XL_TYPE_PV;
    else if (!builder && !strcmp(v->text, "pvh"))
        t = XL_TYPE_PVH;
    else if (!strcmp(v->text, "hvm"))
        t = XL_TYPE_HVM;
    else
        return xl_error(c, -EINVAL, v->pos, "unknown %s '%s' (%s)", key,
                        xl_quote(q, v->text, v->len),
                        builder ? "generic or hvm" : "pv, pvh or hvm");
    if (builder) {
        c->builder_val = t;
        memcpy(c->builder_text, v->text, v->len + 1);
        mark(c, &c->builder, v);
    } else {
        c->type_val = t;
        memcpy(c->type_text, v->text, v->len + 1);
        mark(c, &c->type, v);
    }
    return 0;
}

static int key_bootloader(struct xl_ctx *c, const char *key,
                          const struct xl_val *v)
{
    int rc = want_atom(c, key, v, "a string");

    if (rc)
        return rc;
    c->bootloader.set = false;
    if (v->len) {
        xl_quote(c->bootloader_text, v->text, v->len);
        mark(c, &c->bootloader, v);
    }
    return 0;
}

static int key_kernel(struct xl_ctx *c, const char *key,
                      const struct xl_val *v)
{
    int rc = get_string(c, key, v, c->out->kernel, sizeof(c->out->kernel));

    if (rc)
        return rc;
    if (!v->len)
        return xl_error(c, -EINVAL, v->pos, "kernel is empty");
    mark(c, &c->kernel, v);
    return 0;
}

static int key_ramdisk(struct xl_ctx *c, const char *key,
                       const struct xl_val *v)
{
    return get_string(c, key, v, c->out->ramdisk, sizeof(c->out->ramdisk));
}

static int key_cmdline(struct xl_ctx *c, const char *key,
                       const struct xl_val *v)
{
    struct xl_domain_cfg *o = c->out;
    char *dst = key[0] == 'c' ? o->cmdline : key[0] == 'r' ? o->root
                                                            : o->extra;
    int rc = get_string(c, key, v, dst, XL_CFG_CMDLINE_MAX);

    if (!rc)
        mark(c, key[0] == 'c' ? &c->cmdline : key[0] == 'r' ? &c->root
                                                              : &c->extra, v);
    return rc;
}

static int key_memory(struct xl_ctx *c, const char *key,
                      const struct xl_val *v)
{
    bool max = key[1] == 'a';
    uint64_t *dst = max ? &c->out->maxmem_mb : &c->out->memory_mb;
    int rc = get_number(c, key, v, 1, XL_CFG_MAX_MEMORY_MB, dst);

    if (!rc)
        mark(c, max ? &c->maxmem : &c->memory, v);
    return rc;
}

static int key_vcpus(struct xl_ctx *c, const char *key,
                     const struct xl_val *v)
{
    bool max = key[0] == 'm';
    uint32_t *dst = max ? &c->out->maxvcpus : &c->out->vcpus;
    int rc = get_u32(c, key, v, 1, XL_CFG_MAX_VCPUS, dst);

    if (!rc)
        mark(c, max ? &c->maxvcpus : &c->vcpus, v);
    return rc;
}

static int cpulist(struct xl_ctx *c, const struct xl_val *v, uint64_t *map)
{
    char q[XL_QUOTE_BUF];
    const char *why;
    size_t off;

    if (xl_cpulist_parse(v->text, map, &off, &why))
        return xl_error(c, -EINVAL, xl_val_pos_at(v, off), "bad CPU list "
                        "'%s': %s", xl_quote(q, v->text, v->len), why);
    if (!*map)
        return xl_error(c, -EINVAL, v->pos, "CPU list '%s' selects no CPU",
                        xl_quote(q, v->text, v->len));
    return 0;
}

static int key_cpus(struct xl_ctx *c, const char *key, const struct xl_val *v)
{
    struct xl_domain_cfg *o = c->out;
    int rc;

    o->cpus_set = false;
    o->cpumap = ~0ull;
    o->n_vcpu_cpumaps = 0;
    if (v->kind == XL_VAL_ATOM) {
        rc = cpulist(c, v, &o->cpumap);
    } else {
        rc = want_list(c, key, v, XL_CFG_MAX_VCPUS, "vCPUs in 'cpus'");
        o->cpumap = 0;
        for (size_t k = 0; !rc && k < v->n_items; k++) {
            rc = cpulist(c, &v->items[k], &o->vcpu_cpumap[k]);
            o->cpumap |= o->vcpu_cpumap[k];
            o->n_vcpu_cpumaps++;
        }
        if (!v->n_items)
            o->cpumap = ~0ull;     /* cpus = [] pins nothing */
    }
    if (!rc && (v->kind == XL_VAL_ATOM || v->n_items)) {
        o->cpus_set = true;
        mark(c, &c->cpus, v);
    }
    return rc;
}

static int key_weight(struct xl_ctx *c, const char *key,
                      const struct xl_val *v)
{
    return key[1] == 'p' ? get_u32(c, key, v, 1, 65535, &c->out->cpu_weight)
                         : get_u32(c, key, v, 0, 65535, &c->out->cap);
}

static const char *const action_names[] = {
    [XL_ACTION_DESTROY] = "destroy",
    [XL_ACTION_RESTART] = "restart",
    [XL_ACTION_PRESERVE] = "preserve",
    [XL_ACTION_RENAME_RESTART] = "rename-restart",
    [XL_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XL_ACTION_COREDUMP_RESTART] = "coredump-restart",
    [XL_ACTION_SOFT_RESET] = "soft-reset",
};

const char *xl_action_name(enum xl_action a)
{
    return (unsigned int)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a]
                                                                            : "?";
}

static int key_action(struct xl_ctx *c, const char *key,
                      const struct xl_val *v)
{
    struct xl_domain_cfg *o = c->out;
    enum xl_action *dst = key[3] == 'p' ? &o->on_poweroff :
                          key[3] == 'r' ? &o->on_reboot : &o->on_crash;
    char q[XL_QUOTE_BUF];
    int rc = want_atom(c, key, v, "a string");

    if (rc)
        return rc;
    for (size_t k = 0; k < sizeof(action_names) / sizeof(action_names[0]);
         k++) {
        if (!strcmp(v->text, action_names[k])) {
            *dst = (enum xl_action)k;
            return 0;
        }
    }
    return xl_error(c, -EINVAL, v->pos, "unknown %s action '%s' (destroy, "
                    "restart, preserve, rename-restart, coredump-destroy, "
                    "coredump-restart or soft-reset)", key,
                    xl_quote(q, v->text, v->len));
}

static int key_vif(struct xl_ctx *c, const char *key, const struct xl_val *v)
{
    struct xl_domain_cfg *o = c->out;
    int rc = want_list(c, key, v, XL_CFG_MAX_VIFS, "vifs");

    o->n_vifs = 0;
    for (size_t k = 0; !rc && k < v->n_items; k++) {
        struct xl_vif_cfg *vif = &o->vifs[k];

        rc = xl_vif_parse(c, &v->items[k], vif);
        for (size_t j = 0; !rc && vif->mac_set && j < k; j++)
            if (o->vifs[j].mac_set && !memcmp(o->vifs[j].mac, vif->mac, 6))
                rc = xl_error(c, -EINVAL, v->items[k].pos, "vif %zu has the "
                              "MAC address of vif %zu", k, j);
        if (!rc)
            o->n_vifs++;
    }
    return rc;
}

static int key_disk(struct xl_ctx *c, const char *key,
                    const struct xl_val *v)
{
    struct xl_domain_cfg *o = c->out;
    int rc = want_list(c, key, v, XL_CFG_MAX_DISKS, "disks");

    o->n_disks = 0;
    for (size_t k = 0; !rc && k < v->n_items; k++) {
        struct xl_disk_cfg *d = &o->disks[k];

        rc = xl_disk_parse(c, &v->items[k], d);
        for (size_t j = 0; !rc && j < k; j++)
            if (o->disks[j].vdev == d->vdev)
                rc = xl_error(c, -EINVAL, v->items[k].pos, "disk %zu has "
                              "the vdev of disk %zu (%s, number %u)", k, j,
                              d->vdev_name, (unsigned int)d->vdev);
        if (!rc)
            o->n_disks++;
    }
    return rc;
}

static int key_pci(struct xl_ctx *c, const char *key, const struct xl_val *v)
{
    struct xl_domain_cfg *o = c->out;
    int rc = want_list(c, key, v, XL_CFG_MAX_PCI, "pci devices");

    o->n_pci = 0;
    for (size_t k = 0; !rc && k < v->n_items; k++) {
        rc = get_string(c, key, &v->items[k], o->pci[k], sizeof(o->pci[k]));
        if (!rc)
            o->n_pci++;
    }
    return rc;
}

static const struct {
    const char *key;
    key_fn *fn;
} keys[] = {
    { "name", key_name },
    { "type", key_type },
    { "builder", key_type },
    { "bootloader", key_bootloader },
    { "kernel", key_kernel },
    { "ramdisk", key_ramdisk },
    { "cmdline", key_cmdline },
    { "root", key_cmdline },
    { "extra", key_cmdline },
    { "memory", key_memory },
    { "maxmem", key_memory },
    { "vcpus", key_vcpus },
    { "maxvcpus", key_vcpus },
    { "cpus", key_cpus },
    { "cpu_weight", key_weight },
    { "cap", key_weight },
    { "on_poweroff", key_action },
    { "on_reboot", key_action },
    { "on_crash", key_action },
    { "vif", key_vif },
    { "disk", key_disk },
    { "pci", key_pci },
};

/* xl.cfg(5) keys that Keel's xl knows of but does not do. */
static const char *const unsupported[] = {
    "uuid", "pool", "cpus_soft", "vnuma", "on_watchdog", "on_soft_reset",
    "firmware", "bootloader_args", "seclabel", "init_seclabel",
    "max_grant_frames", "max_maptrack_frames", "max_grant_version",
    "nomigrate", "driver_domain", "e820_host", "iomem", "ioports", "irqs",
    "vfb", "vkb", "channel", "vtpm", "p9", "usbctrl", "usbdev", "vdispl",
    "vsnd", "rdm", "dtdev", "claim_mode", "localtime", "rtc_timeoffset",
    "tsc_mode", "max_event_channels", "pvshim", "device_model_version",
    "boot", "vnc", "sdl", "serial", "acpi", "apic", "pae", "hap",
    "viridian", "videoram", "stdvga", "usb", "usbdevice", "soundhw",
};

static int on_statement(void *ctx, const char *key, struct xl_pos key_pos,
                        const struct xl_val *v)
{
    struct xl_ctx *c = ctx;

    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
        if (!strcmp(key, keys[k].key))
            return keys[k].fn(c, key, v);
    for (size_t k = 0; k < sizeof(unsupported) / sizeof(unsupported[0]); k++) {
        if (!strcmp(key, unsupported[k])) {
            xl_warn(c, key_pos, "'%s' is not supported by Keel's xl; "
                    "ignored", key);
            return 0;
        }
    }
    xl_warn(c, key_pos, "unknown key '%s' ignored", key);
    return 0;
}

/* --- The checks at the end ----------------------------------------------- */

static int build_cmdline(struct xl_ctx *c)
{
    struct xl_domain_cfg *o = c->out;
    size_t rl, el, need;

    if (c->cmdline.set) {
        if (c->root.set || c->extra.set) {
            c->src = c->cmdline.src;
            xl_warn(c, c->cmdline.pos, "root= and extra= are ignored: "
                    "cmdline= is given");
        }
        return 0;
    }
    if (!c->root.set) {
        memcpy(o->cmdline, o->extra, strlen(o->extra) + 1);
        return 0;
    }
    rl = strlen(o->root);
    el = c->extra.set ? strlen(o->extra) : 0;
    need = 5 + rl + (c->extra.set ? 1 + el : 0);
    if (need >= XL_CFG_CMDLINE_MAX) {
        c->src = c->root.src;
        return xl_error(c, -EINVAL, c->root.pos, "root= and extra= make a "
                        "command line of %zu bytes; at most %d fit", need,
                        XL_CFG_CMDLINE_MAX - 1);
    }
    memcpy(o->cmdline, "root=", 5);
    memcpy(o->cmdline + 5, o->root, rl);
    if (c->extra.set) {
        o->cmdline[5 + rl] = ' ';
        memcpy(o->cmdline + 6 + rl, o->extra, el);
    }
    o->cmdline[need] = '\0';
    return 0;
}

static int finish(struct xl_ctx *c)
{
    struct xl_domain_cfg *o = c->out;

    if (c->type.set && c->type_val != XL_TYPE_PV) {
        c->src = c->type.src;
        return xl_error(c, -EOPNOTSUPP, c->type.pos, "type '%s' is not "
                        "supported yet", c->type_text);
    }
    if (!c->type.set && c->builder.set && c->builder_val != XL_TYPE_PV) {
        c->src = c->builder.src;
        return xl_error(c, -EOPNOTSUPP, c->builder.pos, "builder '%s' is not "
                        "supported yet", c->builder_text);
    }
    if (c->bootloader.set) {
        c->src = c->bootloader.src;
        return xl_error(c, -EOPNOTSUPP, c->bootloader.pos, "bootloader '%s' "
                        "is not supported: give kernel= directly (pvgrub is "
                        "not supported either)", c->bootloader_text);
    }

    c->src = c->file;
    if (!c->name.set)
        return xl_error(c, -EINVAL, (struct xl_pos){ 1, 1 }, "no name given: "
                        "name = \"...\" is required");
    if (!c->kernel.set)
        return xl_error(c, -EINVAL, (struct xl_pos){ 1, 1 }, "no kernel "
                        "given: kernel = \"/path\" is required (Keel boots PV "
                        "kernels directly)");

    if (!c->memory.set && c->maxmem.set) {
        o->memory_mb = o->maxmem_mb;        /* as libxl: target = max */
    } else if (!c->maxmem.set) {
        o->maxmem_mb = o->memory_mb;
    } else if (o->maxmem_mb < o->memory_mb) {
        c->src = c->maxmem.src;
        return xl_error(c, -EINVAL, c->maxmem.pos, "maxmem (%llu MiB) is less "
                        "than memory (%llu MiB)",
                        (unsigned long long)o->maxmem_mb,
                        (unsigned long long)o->memory_mb);
    }
    if (!c->maxvcpus.set) {
        o->maxvcpus = o->vcpus;
    } else if (o->maxvcpus < o->vcpus) {
        c->src = c->maxvcpus.src;
        return xl_error(c, -EINVAL, c->maxvcpus.pos, "maxvcpus (%u) is less "
                        "than vcpus (%u)", (unsigned int)o->maxvcpus,
                        (unsigned int)o->vcpus);
    }
    if (o->n_vcpu_cpumaps > o->maxvcpus) {
        c->src = c->cpus.src;
        xl_warn(c, c->cpus.pos, "cpus lists %u vCPUs but the domain has %u; "
                "the others are ignored", (unsigned int)o->n_vcpu_cpumaps,
                (unsigned int)o->maxvcpus);
        o->n_vcpu_cpumaps = o->maxvcpus;
        o->cpumap = 0;
        for (uint32_t k = 0; k < o->n_vcpu_cpumaps; k++)
            o->cpumap |= o->vcpu_cpumap[k];
    }
    return build_cmdline(c);
}

/* --- Entry --------------------------------------------------------------- */

int xl_cfg_parse(const char *file_name, const char *text, size_t len,
                 const char *const *overrides, size_t n_overrides,
                 struct xl_domain_cfg *out, struct xl_cfg_diag *diag)
{
    struct xl_ctx c = {
        .out = out,
        .diag = diag,
        .file = file_name ? file_name : "<config>",
    };
    char *err = diag ? diag->error : NULL;
    size_t err_size = diag ? sizeof(diag->error) : 0;
    int rc;

    if (diag)
        memset(diag, 0, sizeof(*diag));
    memset(out, 0, sizeof(*out));
    out->memory_mb = XL_CFG_DEFAULT_MEMORY_MB;
    out->vcpus = 1;
    out->cpumap = ~0ull;
    out->cpu_weight = XL_CFG_DEFAULT_WEIGHT;
    out->on_poweroff = XL_ACTION_DESTROY;
    out->on_reboot = XL_ACTION_RESTART;
    out->on_crash = XL_ACTION_DESTROY;

    c.src = c.file;
    rc = xl_syntax_parse(c.src, 1, text, len, on_statement, &c, err,
                         err_size);
    for (size_t k = 0; !rc && k < n_overrides; k++) {
        const char *o = overrides && overrides[k] ? overrides[k] : "";

        c.src = COMMAND_LINE;
        rc = xl_syntax_parse(c.src, k + 1, o, strlen(o), on_statement, &c,
                             err, err_size);
    }
    return rc ? rc : finish(&c);
}
