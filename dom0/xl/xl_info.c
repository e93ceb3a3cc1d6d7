/*
 * xl info [FIELD]: the host, the hypervisor and dom0, one "field : value"
 * line each, in Xen 4.17's order and spelling. With FIELD, only the
 * values of the fields whose names start with it, as xl's maybe_printf.
 */
#include <stdarg.h>
#include <keel/string.h>
#include <public/version.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/hypercall.h>
#include <dom0/startup.h>
#include "xl_cmds.h"

#define MIB_PAGES 256   /* 4 KiB pages in a MiB */

static const char *only;   /* FIELD, or NULL for every field */

static void field(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void field(const char *name, const char *fmt, ...)
{
    char value[sizeof(xen_commandline_t) + 16];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    if (!only)
        printk("%-22s : %s\n", name, value);
    else if (!strncmp(name, only, strlen(only)))
        printk("%s\n", value);
}

static void node_info(void)
{
    field("host", "%s", dom0_hostname());
    field("release", "%s", DOM0_VERSION);
    field("version", "Keel dom0 %s", DOM0_VERSION);
    field("machine", "x86_64");
}

/* libxl's names for the capabilities, in its order, space-separated. */
static const char *virt_caps(uint32_t caps, char *buf, size_t len)
{
    static const struct { uint32_t need; const char *name; } names[] = {
        { XEN_SYSCTL_PHYSCAP_pv, "pv" },
        { XEN_SYSCTL_PHYSCAP_hvm, "hvm" },
        { XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_directio, "hvm_directio" },
        { XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_directio, "pv_directio" },
        { XEN_SYSCTL_PHYSCAP_hap, "hap" },
        { XEN_SYSCTL_PHYSCAP_shadow, "shadow" },
        { XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share, "iommu_hap_pt_share" },
        { XEN_SYSCTL_PHYSCAP_vmtrace, "vmtrace" },
        { XEN_SYSCTL_PHYSCAP_vpmu, "vpmu" },
        { XEN_SYSCTL_PHYSCAP_gnttab_v1, "gnttab-v1" },
        { XEN_SYSCTL_PHYSCAP_gnttab_v2, "gnttab-v2" },
    };
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if ((caps & names[i].need) == names[i].need && used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "",
                                     names[i].name);
    return buf;
}

static void phys_info(void)
{
    struct xen_sysctl_physinfo pi;
    const uint32_t *c = pi.hw_cap;
    char caps[160];

    if (host_physinfo(&pi)) {
        printk("libxl_physinfo failed.\n");
        return;
    }
    field("nr_cpus", "%u", pi.nr_cpus);
    field("max_cpu_id", "%u", pi.max_cpu_id);
    field("nr_nodes", "%u", pi.nr_nodes);
    field("cores_per_socket", "%u", pi.cores_per_socket);
    field("threads_per_core", "%u", pi.threads_per_core);
    field("cpu_mhz", "%u.%03u", pi.cpu_khz / 1000, pi.cpu_khz % 1000);
    field("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x",
          c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    field("virt_caps", "%s", virt_caps(pi.capabilities, caps, sizeof(caps)));
    field("total_memory", "%lu", pi.total_pages / MIB_PAGES);
    field("free_memory", "%lu", (pi.free_pages - pi.outstanding_pages) / MIB_PAGES);
    field("sharing_freed_memory", "0");
    field("sharing_used_memory", "0");
    field("outstanding_claims", "%lu", pi.outstanding_pages / MIB_PAGES);
    /* CPUs outside every CPU pool: all are in pool 0. */
    field("free_cpus", "0");
}

static const char *scheduler_name(int id)
{
    switch (id) {
    case XEN_SCHEDULER_CREDIT: return "credit";
    case XEN_SCHEDULER_CREDIT2: return "credit2";
    case XEN_SCHEDULER_ARINC653: return "arinc653";
    case XEN_SCHEDULER_RTDS: return "rtds";
    case XEN_SCHEDULER_NULL: return "null";
    default: return "(unknown)";
    }
}

/* A xen_version string; empty if the hypervisor refuses it. */
static const char *version_string(int cmd, char *buf, size_t len)
{
    if (hyp_xen_version(cmd, buf))
        buf[0] = '\0';
    buf[len - 1] = '\0';
    return buf;
}

static void xen_info(void)
{
    long v = hyp_xen_version(XENVER_version, NULL);
    xen_platform_parameters_t pp = { 0 };
    xen_compile_info_t ci;
    static xen_commandline_t cmdline;
    xen_extraversion_t extra;
    xen_capabilities_info_t caps;
    xen_changeset_info_t changeset;

    memset(&ci, 0, sizeof(ci));
    hyp_xen_version(XENVER_compile_info, &ci);
    hyp_xen_version(XENVER_platform_parameters, &pp);
    version_string(XENVER_extraversion, extra, sizeof(extra));
    field("xen_major", "%ld", v >> 16);
    field("xen_minor", "%ld", v & 0xffff);
    field("xen_extra", "%s", extra);
    field("xen_version", "%ld.%ld%s", v >> 16, v & 0xffff, extra);
    field("xen_caps", "%s", version_string(XENVER_capabilities, caps, sizeof(caps)));
    field("xen_scheduler", "%s", scheduler_name(host_sched_id()));
    field("xen_pagesize", "%ld", hyp_xen_version(XENVER_pagesize, NULL));
    field("platform_params", "virt_start=0x%lx", pp.virt_start);
    field("xen_changeset", "%s", version_string(XENVER_changeset, changeset, sizeof(changeset)));
    field("xen_commandline", "%s", version_string(XENVER_commandline, cmdline, sizeof(cmdline)));
    field("cc_compiler", "%.64s", ci.compiler);
    field("cc_compile_by", "%.16s", ci.compile_by);
    field("cc_compile_domain", "%.32s", ci.compile_domain);
    field("cc_compile_date", "%.32s", ci.compile_date);
    field("build_id", "%s", "");
}

int xl_info(int argc, char **argv)
{
    /* As xl: words after FIELD are ignored. */
    int i = xl_no_options(argc, argv, 0, argc);

    if (i < 0)
        return 1;
    only = i < argc ? argv[i] : NULL;
    node_info();
    phys_info();
    xen_info();
    field("xend_config_format", "4");
    return 0;
}
