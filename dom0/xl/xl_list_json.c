/*
 * xl list -l: each domain's configuration as JSON, in the shape libxl's
 * libxl_domain_config takes (c_info, b_info, on_*), four-space indented
 * as xl prints it. A domU xl made is described from the config it keeps;
 * any other domain (dom0, one Keel started from a boot module) from what
 * the hypervisor and xenstore say.
 */
#include <stdarg.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/xl_cfg.h>
#include "xl_cmds.h"
#include "xl_text.h"

/* One line at depth d (four spaces each). */
static void line(int d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(int d, const char *fmt, ...)
{
    char buf[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("%*s%s\n", d * 4, "", buf);
}

/* s as a JSON string body: quotes, backslashes and controls escaped. */
static const char *quoted(const char *s, char *out, size_t len)
{
    size_t n = 0;

    for (; *s && n + 7 < len; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20) {
            n += (size_t)snprintf(out + n, len - n, "\\u%04x", c);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    return out;
}

static void str_field(int d, const char *key, const char *value, bool last)
{
    char q[600];

    line(d, "\"%s\": \"%s\"%s", key, quoted(value, q, sizeof(q)), last ? "" : ",");
}

/* The kept config, brought up to date as libxl_retrieve_domain_configuration
 * does: the name and memory limits as they are now (rename, mem-set,
 * mem-max change them). */
static void described_by_cfg(domid_t domid, const struct xl_domain_cfg *c, const char *uuid)
{
    uint64_t max_kb = c->maxmem_mb * 1024, target_kb = c->memory_mb * 1024;
    char name[sizeof(c->name)];

    if (xl_domain_name(domid, name, sizeof(name)))
        memcpy(name, c->name, sizeof(name));
    xl_store_memory(domid, "static-max", &max_kb);
    xl_store_memory(domid, "target", &target_kb);
    line(3, "\"c_info\": {");
    str_field(4, "type", "pv", false);
    str_field(4, "name", name, false);
    str_field(4, "uuid", uuid, true);
    line(3, "},");
    line(3, "\"b_info\": {");
    line(4, "\"max_vcpus\": %u,", c->maxvcpus);
    line(4, "\"max_memkb\": %lu,", (unsigned long)max_kb);
    line(4, "\"target_memkb\": %lu,", (unsigned long)target_kb);
    line(4, "\"sched_params\": {");
    line(5, "\"weight\": %u,", c->cpu_weight);
    line(5, "\"cap\": %u", c->cap);
    line(4, "},");
    line(4, "\"type.pv\": {");
    str_field(5, "kernel", c->kernel, !c->cmdline[0] && !c->ramdisk[0]);
    if (c->ramdisk[0])
        str_field(5, "ramdisk", c->ramdisk, !c->cmdline[0]);
    if (c->cmdline[0])
        str_field(5, "cmdline", c->cmdline, true);
    line(4, "}");
    line(3, "},");
    str_field(3, "on_poweroff", xl_action_name(c->on_poweroff), false);
    str_field(3, "on_reboot", xl_action_name(c->on_reboot), false);
    str_field(3, "on_crash", xl_action_name(c->on_crash), true);
}

static void described_by_info(const struct xen_domctl_getdomaininfo *d, const char *uuid)
{
    char name[64];

    if (xl_domain_name(d->domain, name, sizeof(name)))
        name[0] = '\0';
    line(3, "\"c_info\": {");
    str_field(4, "type", "pv", false);
    if (name[0])
        str_field(4, "name", name, false);
    str_field(4, "uuid", uuid, true);
    line(3, "},");
    line(3, "\"b_info\": {");
    line(4, "\"max_vcpus\": %u,", d->max_vcpu_id + 1);
    line(4, "\"max_memkb\": %lu,", (unsigned long)(d->max_pages * 4));
    line(4, "\"target_memkb\": %lu", (unsigned long)(d->tot_pages * 4));
    line(3, "}");
}

void xl_json_begin(void)
{
    printk("[\n");
}

void xl_json_domain(const struct xen_domctl_getdomaininfo *d, bool first)
{
    const struct xl_domain_cfg *cfg = xl_lifecycle_config(d->domain);
    char uuid[37];

    xl_format_uuid(d->handle, uuid);
    if (!first)
        printk("    },\n");
    line(1, "{");
    line(2, "\"domid\": %u,", d->domain);
    line(2, "\"config\": {");
    if (cfg)
        described_by_cfg(d->domain, cfg, uuid);
    else
        described_by_info(d, uuid);
    line(2, "}");
}

void xl_json_end(bool any)
{
    if (any)
        printk("    }\n");
    printk("]\n");
}
